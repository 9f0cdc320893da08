//! Spell checking a 1 MB post, on a worker thread as the window runs it: the pass after a
//! one-character edit with checking on (the analysis gathering the prose, and the check
//! with the cache warm) beside the same pass with checking off (`Analysis::of`, the
//! baseline), and the full first check (empty cache), in interleaved rounds. Run with `cargo bench -p postwright-core --bench spelling`; prints
//! medians and ratios to the baseline. Uses the built-in en_US dictionary, and the
//! system's en_US too when `/usr/share/hunspell` has it.

#[path = "../../../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use postwright_core::analysis::{Analysis, WORKER_STACK_BYTES};
use postwright_core::audit::AuditOptions;
use postwright_core::metadata::Metadata;
use postwright_core::spelling::{DictionaryId, SpellCache, Speller, WordRules};

const POST_BYTES: usize = 1024 * 1024;
const ROUNDS: usize = 21;

const BUILT_IN_AFF: &str = include_str!("../../../assets/dictionaries/en_US.aff");
const BUILT_IN_DIC: &str = include_str!("../../../assets/dictionaries/en_US.dic");

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn milliseconds(time: Duration) -> String {
    format!("{:>8.2} ms", time.as_secs_f64() * 1000.0)
}

fn main() {
    // Off the interface thread, on the analysis worker's stack.
    let worker = std::thread::Builder::new()
        .name("spelling-bench".to_owned())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(run)
        .expect("a worker thread");
    worker.join().expect("the benchmark finishes");
}

fn run() {
    let mut dictionaries = vec![(
        "built-in en_US".to_owned(),
        BUILT_IN_AFF.to_owned(),
        BUILT_IN_DIC.to_owned(),
    )];
    let system = (
        std::fs::read_to_string("/usr/share/hunspell/en_US.aff"),
        std::fs::read_to_string("/usr/share/hunspell/en_US.dic"),
    );
    if let (Ok(aff), Ok(dic)) = system {
        dictionaries.push(("system en_US".to_owned(), aff, dic));
    }
    println!("{ROUNDS} rounds, interleaved; ratio = time ÷ typed character with checking off");
    let posts = [
        (
            "1 MB of sample posts",
            unique_blocks(&support::post_of_size(POST_BYTES)),
        ),
        (
            "1 MB of prose (long-essay.md)",
            unique_blocks(&support::prose_of_size(POST_BYTES)),
        ),
    ];
    for (name, aff, dic) in &dictionaries {
        let id = DictionaryId::from_name("en_US").expect("a dictionary name");
        let mut compile_times = Vec::new();
        let mut speller = None;
        for _ in 0..5 {
            let start = Instant::now();
            speller = Some(Speller::new(id.clone(), aff, dic).expect("compiles"));
            compile_times.push(start.elapsed());
        }
        let speller = speller.expect("compiled");
        println!(
            "{name}: compiled in {} (median of 5)",
            milliseconds(median(&mut compile_times))
        );
        for (label, body) in &posts {
            measure(label, body, &speller);
        }
    }
}

/// `body` with a number after each line of paragraph, list or quote text: the support
/// posts repeat the sample posts, and a repeated paragraph is checked once (the cache keeps
/// a block's result by content), which would flatter the first check. Words with digits
/// are not checked, so the words checked stay the same.
fn unique_blocks(body: &str) -> String {
    let mut unique = String::with_capacity(body.len() + body.len() / 8);
    for (index, line) in body.lines().enumerate() {
        unique.push_str(line);
        let prose = line.starts_with(|c: char| c.is_alphabetic())
            || ["- ", "* ", "> "]
                .iter()
                .any(|marker| line.starts_with(marker));
        if prose {
            unique.push_str(&format!(" n{index}"));
        }
        unique.push('\n');
    }
    unique
}

/// The body with one character typed into a word near its middle.
fn one_character_edit(body: &str) -> String {
    let middle = body.len() / 2;
    let at = body[middle..]
        .find(" the ")
        .map(|offset| middle + offset + 2)
        .expect("a word to type into");
    let mut edited = body.to_owned();
    edited.insert(at, 'x');
    edited
}

fn measure(label: &str, body: &str, speller: &Speller) {
    let metadata = Metadata::default();
    let options = AuditOptions::default();
    let edited = one_character_edit(body);
    let analysis = |text: &str| Analysis::of(black_box(text), &metadata, None, &options);
    let with_prose = |text: &str| Analysis::with_prose(black_box(text), &metadata, None, &options);

    // Warm up, and see what a check finds.
    let first = with_prose(body);
    let prose = first.prose.as_ref().expect("prose asked for");
    let mut warm = SpellCache::new(WordRules::default());
    let report = warm.check(speller, body, prose);
    println!(
        "  {label}: {} bytes, {} blocks of prose, {} misspellings",
        body.len(),
        prose.block_count(),
        report.misspellings.len()
    );

    let mut checking_off = Vec::new();
    let mut checking_on = Vec::new();
    let mut warm_check = Vec::new();
    let mut first_check = Vec::new();
    let mut cold_check = Vec::new();
    let mut rechecked_blocks = Vec::new();
    let versions = [body, edited.as_str()];
    for round in 0..ROUNDS {
        // A typed character: the other version each round, so that every round is a real
        // one-character change and the cache is warm from the version before.
        let text = versions[(round + 1) % 2];
        let start = Instant::now();
        black_box(analysis(text));
        checking_off.push(start.elapsed());

        let start = Instant::now();
        let analysed = with_prose(text);
        let report = warm.check(speller, text, analysed.prose.as_ref().expect("prose"));
        checking_on.push(start.elapsed());
        rechecked_blocks.push(report.blocks_checked);
        black_box(report);

        // The cache's part of it alone, against the same version again.
        let start = Instant::now();
        black_box(warm.check(speller, text, analysed.prose.as_ref().expect("prose")));
        warm_check.push(start.elapsed());
        drop(analysed);

        // The full first check: the pass with prose and a check with an empty cache.
        let start = Instant::now();
        let analysed = with_prose(body);
        let report = SpellCache::new(WordRules::default()).check(
            speller,
            body,
            analysed.prose.as_ref().expect("prose"),
        );
        first_check.push(start.elapsed());
        black_box(report);

        // The dictionary's part of it alone.
        let start = Instant::now();
        black_box(SpellCache::new(WordRules::default()).check(speller, body, prose));
        cold_check.push(start.elapsed());
    }
    let baseline = median(&mut checking_off);
    let report = |name: &str, time: Duration| {
        println!(
            "    {name:<52} median {}  ratio {:.2}",
            milliseconds(time),
            time.as_secs_f64() / baseline.as_secs_f64()
        );
    };
    report("typed character, checking off (analysis alone)", baseline);
    report(
        "typed character, checking on (with prose, warm cache)",
        median(&mut checking_on),
    );
    report(
        "  of it: the check with a warm cache",
        median(&mut warm_check),
    );
    report(
        "full first check (with prose, empty cache)",
        median(&mut first_check),
    );
    report(
        "  of it: the check with an empty cache",
        median(&mut cold_check),
    );
    rechecked_blocks.sort_unstable();
    println!(
        "    blocks checked again after each edit: {:?}",
        rechecked_blocks.first()..=rechecked_blocks.last()
    );
}
