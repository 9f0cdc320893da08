//! The Markdown dialect Postwright speaks, defined once, and the heading ids everything
//! agrees on.
//!
//! Preview, export, statistics and the link audit all read Markdown through [`parser`],
//! so a table that renders in the preview is a table in the exported page too. Front
//! matter is split off before the body reaches the parser, so it is never rendered.

use std::collections::HashMap;

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
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                slug.push(c.to_ascii_lowercase());
            } else if c.is_whitespace() {
                slug.push('-');
            }
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

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
}

/// Hands out heading ids that are unique within a post: the second "Notes" heading
/// becomes `notes-1`. Explicit `{#id}` attributes are kept as written.
#[derive(Debug, Default)]
pub struct HeadingIds {
    /// Every id handed out, with the lowest suffix not yet tried for it as a base, so that
    /// the hundredth "Notes" does not test `notes-1` to `notes-99` again.
    used: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for a heading with visible `text` and, if given, an explicit id.
    pub fn assign(&mut self, text: &str, explicit: Option<&str>) -> String {
        if let Some(explicit) = explicit.filter(|id| !id.is_empty()) {
            self.used.entry(explicit.to_owned()).or_insert(1);
            return explicit.to_owned();
        }
        let base = heading_slug(text);
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        // Every suffix below `counter` is taken already (ids are only ever added).
        let mut counter = match self.used.get_mut(&base) {
            None => {
                self.used.insert(base.clone(), 1);
                return base;
            }
            Some(next) => *next,
        };
        loop {
            let candidate = format!("{base}-{counter}");
            counter += 1;
            if !self.used.contains_key(&candidate) {
                self.used.insert(candidate.clone(), 1);
                if let Some(next) = self.used.get_mut(&base) {
                    *next = counter;
                }
                return candidate;
            }
        }
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
    }
}
