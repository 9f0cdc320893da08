//! Which text of a post is prose, found by riding the one pulldown-cmark pass over the
//! body ([`ProseCollector`], the same shape as the statistics and link collectors).
//!
//! Prose is the text of paragraphs, headings, list items, block quotes, table cells and
//! footnotes, link text and image alt text. Never prose: code spans and code blocks,
//! autolinks and e-mail autolinks, link and image destinations and titles, footnote labels,
//! heading attributes (`{#id}`), task-list markers, and raw HTML: inline tags with their
//! attributes, the text inside inline `<code>`, `<kbd>`, `<samp>`, `<var>`, `<tt>`,
//! `<script>` and `<style>`, and HTML blocks whole, text between their tags included (an
//! HTML block in a Markdown post holds embeds and widgets far more often than sentences;
//! Markdown paragraphs between its tags, set off by blank lines, are prose again).
//! Addresses and paths typed into prose are left out word by word (`words`).
//!
//! The prose is kept as pieces of the body (the byte ranges of text events), grouped into
//! blocks (a paragraph, a heading, a table cell, a tight list item's text), so that a
//! block's words can be found, and its result cached by content, without copying text.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::markdown;

/// The prose of a body (or of a single field such as the title): blocks of pieces of text,
/// each piece a byte range of the text it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prose {
    blocks: Vec<Range<usize>>,
    pieces: Vec<Piece>,
    /// The text of pieces that differ from their source (`&eacute;` reads `é`).
    replaced: String,
}

/// A stretch of prose text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    /// Where it is in the text.
    source: Range<usize>,
    /// What it reads, if not the source itself: a range of [`Prose::replaced`].
    replaced: Option<Range<usize>>,
    /// Whether something that separates words (a line break, a code span, an HTML tag)
    /// comes between it and the piece before.
    after_break: bool,
}

impl Prose {
    /// The prose of a Markdown body, in a pass of its own (the window rides along its
    /// analysis pass with [`ProseCollector`] instead).
    pub fn of_body(body: &str) -> Self {
        let mut collector = ProseCollector::new(body);
        for (event, range) in markdown::parser(body).into_offset_iter() {
            collector.event(&event, &range);
        }
        collector.finish()
    }

    /// A plain one-block text, such as the title or summary field: all of it is prose,
    /// none of it Markdown.
    pub fn of_text(text: &str) -> Self {
        let mut prose = Self::default();
        if !text.is_empty() {
            prose.pieces.push(Piece {
                source: 0..text.len(),
                replaced: None,
                after_break: false,
            });
            prose.blocks.push(0..1);
        }
        prose
    }

    /// How many blocks of prose there are.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// The blocks, each as its text read through `source` (the text the prose was found
    /// in); blocks whose pieces are out of `source`'s bounds are passed over.
    pub(super) fn blocks<'a>(&'a self, source: &'a str) -> impl Iterator<Item = Block<'a>> {
        self.blocks.iter().filter_map(move |pieces| {
            let pieces = self.pieces.get(pieces.clone())?;
            let mut texts = Vec::with_capacity(pieces.len());
            for piece in pieces {
                let text = match &piece.replaced {
                    Some(range) => self.replaced.get(range.clone())?,
                    None => source.get(piece.source.clone())?,
                };
                texts.push(text);
            }
            Some(Block { pieces, texts })
        })
    }
}

/// One block of prose, read: its pieces and the text of each.
pub(super) struct Block<'a> {
    pieces: &'a [Piece],
    texts: Vec<&'a str>,
}

impl Block<'_> {
    /// Where the block starts in the source.
    pub(super) fn start(&self) -> usize {
        self.pieces.first().map_or(0, |piece| piece.source.start)
    }

    /// Feeds what the block's words depend on into `hasher`: each piece's text, where it
    /// starts relative to the block, and whether a break precedes it. Two blocks that
    /// hash alike have the same words at the same relative places.
    pub(super) fn hash_into(&self, hasher: &mut impl Hasher) {
        let start = self.start();
        for (piece, text) in self.pieces.iter().zip(&self.texts) {
            (piece.source.start - start).hash(hasher);
            (piece.source.len(), piece.after_break).hash(hasher);
            text.hash(hasher);
        }
    }

    /// The block's text as one string (pieces after a break are set off by a line break)
    /// and, for each piece, where its text starts in that string.
    pub(super) fn joined(&self) -> (String, Vec<usize>) {
        let mut text = String::with_capacity(self.texts.iter().map(|text| text.len() + 1).sum());
        let mut starts = Vec::with_capacity(self.texts.len());
        for (piece, piece_text) in self.pieces.iter().zip(&self.texts) {
            if piece.after_break && !text.is_empty() {
                text.push('\n');
            }
            starts.push(text.len());
            text.push_str(piece_text);
        }
        (text, starts)
    }

    /// The source range, relative to the block's start, of `range` of the joined text
    /// ([`Block::joined`], whose piece starts are `starts`). A piece whose text is not its
    /// source (an entity) maps whole.
    pub(super) fn source_of(&self, starts: &[usize], range: &Range<usize>) -> Range<usize> {
        let block_start = self.start();
        let at = |offset: usize, end: bool| {
            // The piece holding the offset: the last starting at or before it (for an
            // end, strictly before it, so a word ending a piece maps into that piece).
            let index = starts
                .partition_point(|&start| if end { start < offset } else { start <= offset })
                .saturating_sub(1);
            let piece = &self.pieces[index];
            let within = offset - starts[index];
            let source = match piece.replaced {
                None => piece.source.start + within.min(piece.source.len()),
                Some(_) if end => piece.source.end,
                Some(_) => piece.source.start,
            };
            source - block_start
        };
        at(range.start, false)..at(range.end, true)
    }
}

/// Gathers a body's [`Prose`] from the events of a pass over it.
#[derive(Debug)]
pub struct ProseCollector<'a> {
    body: &'a str,
    prose: Prose,
    /// Where the open block's pieces start in `prose.pieces`.
    block_start: usize,
    /// Whether a word break comes before the next piece.
    pending_break: bool,
    /// Code blocks open (their text is code).
    code_blocks: usize,
    /// The links open, innermost last: whether each is an autolink or e-mail autolink.
    links: Vec<bool>,
    /// How many of them are (their text is an address).
    autolinks: usize,
    /// The inline HTML element whose text is code (`<code>`, `<kbd>`…) open, if any.
    code_element: Option<&'static str>,
}

impl<'a> ProseCollector<'a> {
    /// A collector for the events of `body`.
    pub fn new(body: &'a str) -> Self {
        Self {
            body,
            prose: Prose::default(),
            block_start: 0,
            pending_break: false,
            code_blocks: 0,
            links: Vec::new(),
            autolinks: 0,
            code_element: None,
        }
    }

    /// Feeds one event and its byte range in the body.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Text(text) => {
                if self.code_blocks == 0 && self.autolinks == 0 && self.code_element.is_none() {
                    self.piece(text, range);
                }
            }
            Event::InlineHtml(html) => {
                self.pending_break = true;
                self.code_element = code_element_after(html, self.code_element);
            }
            Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Rule => self.pending_break = true,
            Event::Html(_) => {}
            Event::Start(Tag::CodeBlock(_)) => {
                self.code_blocks += 1;
                self.end_block();
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_blocks = self.code_blocks.saturating_sub(1);
                self.end_block();
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(autolink);
                self.autolinks += usize::from(autolink);
                self.pending_break |= autolink;
            }
            Event::End(TagEnd::Link) => {
                if self.links.pop() == Some(true) {
                    self.autolinks -= 1;
                    self.pending_break = true;
                }
            }
            // Alt text is a caption of its own, not part of the words around it.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {
                self.pending_break = true;
            }
            // Emphasis and the like join the text around them into the same words.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            // Every other tag begins or ends a block.
            Event::Start(_) | Event::End(_) => self.end_block(),
        }
    }

    fn piece(&mut self, text: &str, range: &Range<usize>) {
        if text.is_empty() {
            return;
        }
        let replaced = if self.body.get(range.clone()) == Some(text) {
            None
        } else {
            let start = self.prose.replaced.len();
            self.prose.replaced.push_str(text);
            Some(start..self.prose.replaced.len())
        };
        self.prose.pieces.push(Piece {
            source: range.clone(),
            replaced,
            after_break: std::mem::take(&mut self.pending_break),
        });
    }

    fn end_block(&mut self) {
        let end = self.prose.pieces.len();
        if end > self.block_start {
            self.prose.blocks.push(self.block_start..end);
        }
        self.block_start = end;
        self.pending_break = false;
        self.code_element = None;
    }

    /// The prose gathered.
    pub fn finish(mut self) -> Prose {
        self.end_block();
        self.prose
    }
}

/// Inline HTML elements whose text is code or keys, not prose.
const CODE_ELEMENTS: [&str; 7] = ["code", "kbd", "samp", "var", "tt", "script", "style"];

/// The code element open after the inline tag `html`, when `open` was open before it.
fn code_element_after(html: &str, open: Option<&'static str>) -> Option<&'static str> {
    let Some(tag) = html.strip_prefix('<') else {
        return open;
    };
    let (closing, tag) = match tag.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let element = CODE_ELEMENTS
        .iter()
        .find(|element| element.eq_ignore_ascii_case(name))
        .copied();
    match (open, element) {
        (Some(open), Some(element)) if closing && open == element => None,
        (None, Some(element)) if !closing && !tag.trim_end().ends_with("/>") => Some(element),
        _ => open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each block of `body`'s prose.
    fn blocks(body: &str) -> Vec<String> {
        let prose = Prose::of_body(body);
        prose.blocks(body).map(|block| block.joined().0).collect()
    }

    #[test]
    fn prose_is_the_text_a_reader_reads() {
        let body = "# A heading {#an-id}\n\nA *para*graph with [link text](https://example.org/x \"title\") \
                    and ![alt words](img.png \"t\") and `code` and <https://example.org> and <me@example.org>.[^note]\n\n\
                    - tight item\n- [ ] task item\n\n> quoted\n\n| cell one | cell two |\n|---|---|\n| three | four |\n\n\
                    ```rust\nlet code = 1;\n```\n\n    indented code\n\n<div class=\"widget\">\nraw words\n</div>\n\n\
                    Some <kbd>Ctrl</kbd> keys and <b>bold</b> words.\n\n[^note]: Footnote words.\n";
        assert_eq!(
            blocks(body),
            [
                "A heading",
                "A paragraph with link text and \nalt words\n and \n and \n and \n.",
                "tight item",
                "task item",
                "quoted",
                "cell one",
                "cell two",
                "three",
                "four",
                "Some \n keys and \nbold\n words.",
                "Footnote words.",
            ]
        );
    }

    #[test]
    fn entities_and_escapes_map_back_to_their_source() {
        let body = "A caf&eacute; and don&rsquo;t and 5\\*3.\n";
        let prose = Prose::of_body(body);
        let block = prose.blocks(body).next().expect("one block");
        let (text, starts) = block.joined();
        assert_eq!(text, "A café and don’t and 5*3.");
        let cafe = text.find("café").expect("café");
        let source = block.source_of(&starts, &(cafe..cafe + "café".len()));
        assert_eq!(&body[source], "caf&eacute;");
        let dont = text.find("don’t").expect("don’t");
        let source = block.source_of(&starts, &(dont..dont + "don’t".len()));
        assert_eq!(&body[source], "don&rsquo;t");
    }

    #[test]
    fn a_block_hashes_alike_wherever_it_stands() {
        let hash = |body: &str, index: usize| {
            let prose = Prose::of_body(body);
            let block = prose.blocks(body).nth(index).expect("the block");
            let mut hasher = crate::preview::content_hasher();
            block.hash_into(&mut hasher);
            hasher.finish()
        };
        let body = "First *one*.\n\nSecond one.\n";
        let edited = "First *one* changed.\n\nSecond one.\n";
        assert_eq!(hash(body, 1), hash(edited, 1));
        assert_ne!(hash(body, 0), hash(edited, 0));
        assert_ne!(hash("First one.\n", 0), hash("First *one*.\n", 0));
    }

    #[test]
    fn inline_code_elements_open_and_close() {
        assert_eq!(code_element_after("<code>", None), Some("code"));
        assert_eq!(code_element_after("<KBD class=\"k\">", None), Some("kbd"));
        assert_eq!(code_element_after("</code>", Some("code")), None);
        assert_eq!(code_element_after("</kbd>", Some("code")), Some("code"));
        assert_eq!(code_element_after("<b>", None), None);
        assert_eq!(code_element_after("<br/>", None), None);
        assert_eq!(code_element_after("<code/>", None), None);
    }
}
