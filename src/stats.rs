//! Statistics of a post body: words, characters, reading time and the outline of headings.
//!
//! Counting follows what a reader reads: the text of paragraphs, headings, lists, tables
//! and inline code, not the Markdown markup, URLs, raw HTML or code blocks. Reading time
//! assumes [`WORDS_PER_MINUTE`].

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{self, HeadingIds, HeadingText};

/// Reading speed used for reading time: 230 words a minute, a common figure for adults
/// reading non-fiction on screen.
pub const WORDS_PER_MINUTE: usize = 230;

/// A heading in the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's visible text.
    pub text: String,
    /// Its id: the `{#id}` attribute, or one derived from the text, unique in the post.
    pub id: String,
    /// Byte range of the heading in the body.
    pub range: Range<usize>,
}

/// Counts for a post body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Words a reader reads.
    pub words: usize,
    /// Characters of that text, spaces included.
    pub characters: usize,
    /// Headings in order.
    pub outline: Vec<Heading>,
}

impl Statistics {
    /// Whole minutes to read the post at [`WORDS_PER_MINUTE`], rounded up; 0 for no words.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE)
    }
}

/// Gathers [`Statistics`] from a stream of events, so that the pass that builds the
/// preview or the export can count at the same time.
#[derive(Debug, Default)]
pub struct StatsCollector {
    stats: Statistics,
    ids: HeadingIds,
    in_word: bool,
    code_block_depth: usize,
    /// The heading being read: level, explicit id, start offset, text so far.
    heading: Option<(u8, Option<String>, usize, HeadingText)>,
    /// Count words and characters only, leaving the outline empty.
    counts_only: bool,
}

impl StatsCollector {
    /// A collector that counts words and characters but gathers no outline, for a pass
    /// that already knows its headings (the export).
    pub fn counts_only() -> Self {
        Self {
            counts_only: true,
            ..Self::default()
        }
    }

    /// Feeds one event and its byte range in the body.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if let Some((_, _, _, heading_text)) = &mut self.heading {
            heading_text.event(event);
        }
        match event {
            Event::Text(text) | Event::Code(text) if self.code_block_depth == 0 => {
                self.count_text(text);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.in_word = false;
                if self.code_block_depth == 0 {
                    self.stats.characters += 1;
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.code_block_depth += 1;
                self.in_word = false;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_block_depth = self.code_block_depth.saturating_sub(1);
            }
            Event::Start(Tag::Heading { .. }) if self.counts_only => self.in_word = false,
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.in_word = false;
                self.heading = Some((
                    *level as u8,
                    id.as_ref().map(|id| id.to_string()),
                    range.start,
                    HeadingText::default(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_word = false;
                if let Some((level, explicit, start, text)) = self.heading.take() {
                    let id = self.ids.assign(text.text(), explicit.as_deref());
                    self.stats.outline.push(Heading {
                        level,
                        text: text.text().to_owned(),
                        id,
                        range: start..range.end,
                    });
                }
            }
            // Block boundaries and table cells separate words; inline emphasis does not.
            Event::Start(_) | Event::End(_) if !is_inline_tag_event(event) => {
                self.in_word = false;
            }
            _ => {}
        }
    }

    fn count_text(&mut self, text: &str) {
        // This runs over every word of the post: ASCII text (the common case) takes a
        // tight loop through a class table, without branches on the text, since word
        // boundaries are unpredictable.
        let mut in_word = u8::from(self.in_word);
        let mut words = 0usize;
        if text.is_ascii() {
            self.stats.characters += text.len();
            for &byte in text.as_bytes() {
                let class = ASCII_CLASS[usize::from(byte & 0x7f)];
                let word_char = class & WORD;
                words += usize::from(word_char & !in_word & 1);
                // Apostrophes and hyphens inside a word keep it one word ("don't").
                in_word = word_char | (in_word & (class >> 1));
            }
        } else {
            for c in text.chars() {
                self.stats.characters += 1;
                let class = if c.is_ascii() {
                    ASCII_CLASS[c as usize]
                } else if c.is_alphanumeric() {
                    WORD
                } else if c == '’' {
                    JOINER
                } else {
                    0
                };
                let word_char = class & WORD;
                words += usize::from(word_char & !in_word & 1);
                in_word = word_char | (in_word & (class >> 1));
            }
        }
        self.stats.words += words;
        self.in_word = in_word == 1;
    }

    /// The statistics gathered so far.
    pub fn finish(self) -> Statistics {
        self.stats
    }
}

/// Character classes for [`StatsCollector::count_text`].
const WORD: u8 = 1;
const JOINER: u8 = 2;

/// The class of each ASCII byte: letters and digits are word characters; `'` and `-`
/// join a word's parts.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let c = byte as u8;
        table[byte] = if c.is_ascii_alphanumeric() {
            WORD
        } else if c == b'\'' || c == b'-' {
            JOINER
        } else {
            0
        };
        byte += 1;
    }
    table
};

fn is_inline_tag_event(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

/// Statistics of a Markdown body, in one pass of its own.
pub fn analyze(body: &str) -> Statistics {
    let mut collector = StatsCollector::default();
    for (event, range) in markdown::parser(body).into_offset_iter() {
        collector.event(&event, &range);
    }
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_prose_not_markup() {
        let body = "# Title {#top}\n\nOne **two** three's [four](https://example.org/a-b-c).\n\n```rust\nlet not = counted;\n```\n\n- five\n- six-seven\n";
        let stats = analyze(body);
        assert_eq!(stats.words, 7, "{stats:?}");
        assert_eq!(stats.outline.len(), 1);
        assert_eq!(stats.outline[0].id, "top");
        assert_eq!(stats.outline[0].text, "Title");
        assert_eq!(&body[stats.outline[0].range.clone()], "# Title {#top}\n");
        assert_eq!(stats.reading_minutes(), 1);
    }

    #[test]
    fn empty_body_reads_in_no_time() {
        let stats = analyze("");
        assert_eq!(
            (stats.words, stats.characters, stats.reading_minutes()),
            (0, 0, 0)
        );
    }

    #[test]
    fn counts_only_counts_the_same_without_an_outline() {
        let body =
            "# Title\n\nOne two, don't e-mail.\n\n- three\n- café ’s\n\n```\nnot counted\n```\n";
        let full = analyze(body);
        let mut collector = StatsCollector::counts_only();
        for (event, range) in markdown::parser(body).into_offset_iter() {
            collector.event(&event, &range);
        }
        let counts = collector.finish();
        assert_eq!(
            (counts.words, counts.characters),
            (full.words, full.characters)
        );
        assert!(counts.outline.is_empty());
        assert_eq!(full.words, 8, "{full:?}");
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let stats = analyze("## Notes\n\n## Notes\n");
        let ids: Vec<_> = stats.outline.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-1"]);
    }
}
