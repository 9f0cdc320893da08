//! The core's clever fast paths beside the plain versions they replace, run side by side
//! on the same text, so that each keeps its place only while it shows a win. Run with
//! `cargo bench -p postwright-core --bench fast_paths`; prints medians of interleaved
//! rounds and each version's time as a multiple of the first.
//!
//! - The word count (`stats::count_words`, blocks of 32 bytes) beside the loop over
//!   characters that defines it (`stats::count_words_plainly`), over every text event of
//!   1 MB of sample posts and of prose; the whole statistics pass (`stats::analyze`) is
//!   printed for scale.
//! - Heading ids (`markdown::heading_slug`, a table of ASCII bytes) beside a loop over
//!   characters, over every heading of the same posts.

#[path = "../../../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use postwright_core::markdown;
use postwright_core::stats;
use pulldown_cmark::{Event, Tag, TagEnd};

const POST_BYTES: usize = 1024 * 1024;
const ROUNDS: usize = 31;

/// The slug of a heading's text one character at a time: the plain definition of
/// `markdown::heading_slug`.
fn heading_slug_plainly(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// The texts the statistics count (text and inline code outside code blocks), and the
/// text of every heading.
fn counted_texts(body: &str) -> (Vec<String>, Vec<String>) {
    let (mut texts, mut headings) = (Vec::new(), Vec::new());
    let mut code_blocks = 0usize;
    let mut heading: Option<markdown::HeadingText> = None;
    for event in markdown::parser(body) {
        if let Some(text) = &mut heading {
            text.event(&event);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_blocks += 1,
            Event::End(TagEnd::CodeBlock) => code_blocks -= 1,
            Event::Start(Tag::Heading { .. }) => heading = Some(markdown::HeadingText::default()),
            Event::End(TagEnd::Heading(_)) => {
                headings.extend(heading.take().map(|text| text.text().to_owned()));
            }
            Event::Text(text) | Event::Code(text) if code_blocks == 0 => {
                texts.push(text.into_string());
            }
            _ => {}
        }
    }
    (texts, headings)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Runs each of `runs` once to warm up, then `ROUNDS` times in turn, and prints medians.
fn compare(label: &str, runs: &mut [(&str, &mut dyn FnMut())]) {
    for (_, run) in runs.iter_mut() {
        run();
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); runs.len()];
    for _ in 0..ROUNDS {
        for (index, (_, run)) in runs.iter_mut().enumerate() {
            let start = Instant::now();
            run();
            times[index].push(start.elapsed());
        }
    }
    println!("{label}");
    let medians: Vec<Duration> = times.iter_mut().map(|times| median(times)).collect();
    for ((name, _), time) in runs.iter().zip(&medians) {
        println!(
            "  {name:<40} median {:>8.3} ms  {:>5.2} x the first",
            time.as_secs_f64() * 1000.0,
            time.as_secs_f64() / medians[0].as_secs_f64()
        );
    }
}

fn main() {
    println!("{ROUNDS} rounds, interleaved");
    for (label, body) in [
        ("1 MB of sample posts", support::post_of_size(POST_BYTES)),
        (
            "1 MB of prose (long-essay.md)",
            support::prose_of_size(POST_BYTES),
        ),
    ] {
        let (texts, headings) = counted_texts(&body);
        for heading in &headings {
            assert_eq!(
                markdown::heading_slug(heading),
                heading_slug_plainly(heading),
                "the two slugs differ on {heading:?}"
            );
        }
        for text in &texts {
            for in_word in [false, true] {
                assert_eq!(
                    stats::count_words(text, in_word),
                    stats::count_words_plainly(text, in_word),
                    "the two counts differ on {text:?}"
                );
            }
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        println!(
            "{label}: {} text events, {bytes} bytes counted, {} headings",
            texts.len(),
            headings.len()
        );
        let count = |count: fn(&str, bool) -> (usize, usize, bool)| {
            let mut in_word = false;
            let mut words = 0;
            for text in &texts {
                let (found, _, after) = count(black_box(text), in_word);
                words += found;
                in_word = after;
            }
            words
        };
        compare(
            "word count of the text",
            &mut [
                ("stats::count_words (blocks of 32 bytes)", &mut || {
                    black_box(count(stats::count_words));
                }),
                ("a loop over characters (plain)", &mut || {
                    black_box(count(stats::count_words_plainly));
                }),
                ("stats::analyze (the whole pass)", &mut || {
                    black_box(stats::analyze(black_box(&body)));
                }),
            ],
        );
        compare(
            "heading ids of every heading",
            &mut [
                ("markdown::heading_slug (ASCII table)", &mut || {
                    for heading in &headings {
                        black_box(markdown::heading_slug(black_box(heading)));
                    }
                }),
                ("a loop over characters (plain)", &mut || {
                    for heading in &headings {
                        black_box(heading_slug_plainly(black_box(heading)));
                    }
                }),
            ],
        );
    }
}
