//! The Markdown dialect Postwright speaks, defined once, and the heading ids and footnote
//! numbers everything agrees on.
//!
//! Preview, export, statistics and the link audit all read Markdown through [`parser`],
//! so a table that renders in the preview is a table in the exported page too. Front
//! matter is split off before the body reaches the parser, so it is never rendered.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser};

/// The pulldown-cmark options of Postwright's dialect: CommonMark plus tables, footnotes,
/// strikethrough, task lists and `{#id .class}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A parser for `body` in Postwright's dialect.
pub fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}

/// The id a heading's text gives, as GitHub writes them: lower case, letters, digits,
/// `-` and `_` kept, spaces turned into `-`, everything else dropped.
///
/// The plain version is a loop over characters (in `benches/fast_paths.rs`); this one
/// reads ASCII a byte at a time through a table (`ASCII_SLUG`). Every heading gets its id twice
/// on every edit (the outline and the preview) and once in an export, and the table
/// shows: `cargo bench -p postwright-core --bench fast_paths` has it at a quarter of the
/// plain loop's time on the headings of 1 MB of sample posts (0.03 ms against 0.14 ms),
/// and `cargo bench --bench export` exports 1 MB of prose (630 headings) about 6 % faster
/// with it (body_html 1.76 ms against 1.88 ms, medians of eight alternating runs).
pub fn heading_slug(text: &str) -> String {
    // Built as bytes: ASCII a byte at a time, other characters one by one.
    let text = text.trim();
    let mut slug = Vec::with_capacity(text.len());
    let mut index = 0;
    while let Some(&byte) = text.as_bytes().get(index) {
        if byte.is_ascii() {
            let slugged = ASCII_SLUG[usize::from(byte)];
            if slugged != 0 {
                slug.push(slugged);
            }
            index += 1;
            continue;
        }
        let Some(c) = text[index..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                slug.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        } else if c.is_whitespace() {
            slug.push(b'-');
        }
        index += c.len_utf8();
    }
    // Only whole characters were added.
    String::from_utf8(slug).unwrap_or_default()
}

/// What each ASCII byte becomes in a slug: letters and digits in lower case, `-` and `_`
/// as they are, white space (the ASCII characters `char::is_whitespace` accepts) as `-`,
/// and 0 for the rest, which is dropped.
const ASCII_SLUG: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let c = byte as u8;
        table[byte] = if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            c.to_ascii_lowercase()
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            b'-'
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// Gathers a heading's visible text from the events between its start and end: the text
/// of `Text` and inline `Code` events, with soft and hard line breaks read as a space.
/// Statistics (the outline) and the export both use it, so a heading's id is the same
/// everywhere.
#[derive(Debug, Default)]
pub struct HeadingText {
    text: String,
}

impl HeadingText {
    /// Feeds one event from inside the heading.
    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => self.text.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            _ => {}
        }
    }

    /// The text gathered, trimmed.
    pub fn text(&self) -> &str {
        self.text.trim()
    }

    /// Forgets the text, keeping the room it took, for the next heading.
    pub fn clear(&mut self) {
        self.text.clear();
    }
}

/// Hands out heading ids that are unique within a post: the second "Notes" heading
/// becomes `notes-1`. Explicit `{#id}` attributes are kept as written.
#[derive(Debug, Default)]
pub struct HeadingIds {
    /// Every id handed out, with the lowest suffix not yet tried for it as a base, so that
    /// the hundredth "Notes" does not test `notes-1` to `notes-99` again. (aHash rather
    /// than SipHash: this runs for every heading of every export.)
    used: HashMap<String, usize, ahash::RandomState>,
}

impl HeadingIds {
    /// The id for a heading with visible `text` and, if given, an explicit id.
    pub fn assign(&mut self, text: &str, explicit: Option<&str>) -> String {
        if let Some(explicit) = explicit.filter(|id| !id.is_empty()) {
            if !self.used.contains_key(explicit) {
                self.used.insert(explicit.to_owned(), 1);
            }
            return explicit.to_owned();
        }
        let mut id = heading_slug(text);
        if id.is_empty() {
            id.push_str("section");
        }
        // Every suffix below `counter` is taken already (ids are only ever added).
        let counter = match self.used.get(&id) {
            None => {
                self.used.insert(id.clone(), 1);
                return id;
            }
            Some(&next) => next,
        };
        let base_len = id.len();
        let mut suffix = counter;
        loop {
            id.truncate(base_len);
            // Writing a number into a String cannot fail.
            let _ = write!(id, "-{suffix}");
            suffix += 1;
            match self.used.entry(id) {
                Entry::Vacant(vacant) => {
                    id = vacant.key().clone();
                    vacant.insert(1);
                    break;
                }
                // Taken by an explicit id: try the next suffix.
                Entry::Occupied(occupied) => id = occupied.key()[..base_len].to_owned(),
            }
        }
        if let Some(next) = self.used.get_mut(&id[..base_len]) {
            *next = suffix;
        }
        id
    }
}

/// Footnote numbers as readers see them, the same in the preview and the exported page:
/// in the order of first citation, so that the numbers in the text count up from 1, then
/// the footnotes never cited, in the order they are defined (ask for those once every
/// event has been read).
#[derive(Debug, Default)]
pub struct FootnoteNumbers {
    numbers: HashMap<String, u32>,
}

impl FootnoteNumbers {
    /// The number of the footnote `label`: the one it already has, or the next.
    pub fn number(&mut self, label: &str) -> u32 {
        if let Some(&number) = self.numbers.get(label) {
            return number;
        }
        let next = u32::try_from(self.numbers.len() + 1).unwrap_or(u32::MAX);
        self.numbers.insert(label.to_owned(), next);
        next
    }

    /// The number the footnote `label` has, if it has one yet.
    pub fn get(&self, label: &str) -> Option<u32> {
        self.numbers.get(label).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(heading_slug("Hello, World!"), "hello-world");
        assert_eq!(heading_slug("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(heading_slug("snake_case and-dash"), "snake_case-and-dash");
        assert_eq!(heading_slug("Ünïcödé"), "ünïcödé");
        assert_eq!(heading_slug(" a\u{b}b\u{a0}c–d ÄB_1 "), "a-b-cd-äb_1");
        assert_eq!(heading_slug("İx"), "i\u{307}x");
    }

    #[test]
    fn heading_text_reads_text_code_and_breaks() {
        let mut text = HeadingText::default();
        for (event, _) in parser("A *b* `c`  \nd\n---\n").into_offset_iter() {
            text.event(&event);
        }
        assert_eq!(text.text(), "A b c d");
    }

    #[test]
    fn footnotes_number_in_order_of_first_citation() {
        let mut numbers = FootnoteNumbers::default();
        assert_eq!(numbers.number("b"), 1);
        assert_eq!(numbers.number("a"), 2);
        assert_eq!(numbers.number("b"), 1);
        assert_eq!(numbers.get("a"), Some(2));
        assert_eq!(numbers.get("never-cited"), None);
        assert_eq!(numbers.number("never-cited"), 3);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.assign("Notes", None), "notes");
        assert_eq!(ids.assign("Notes", None), "notes-1");
        assert_eq!(ids.assign("Other", Some("notes-2")), "notes-2");
        assert_eq!(ids.assign("Notes", None), "notes-3");
        assert_eq!(ids.assign("!!!", None), "section");
        assert_eq!(ids.assign("Notes", None), "notes-4");
        assert_eq!(ids.assign("Other", Some("notes-6")), "notes-6");
        assert_eq!(ids.assign("Notes", None), "notes-5");
        assert_eq!(ids.assign("Notes", None), "notes-7");
        assert_eq!(ids.assign("Notes 10", None), "notes-10");
        for expected in ["notes-8", "notes-9", "notes-11"] {
            assert_eq!(ids.assign("Notes", None), expected);
        }
    }
}
