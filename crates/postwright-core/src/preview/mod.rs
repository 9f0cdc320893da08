//! What the preview shows, as plain data: a flat list of blocks built from the parser's
//! events, with no window code in sight.
//!
//! [`PreviewBuilder`] rides along the window's single pass over the body's events (like
//! [`crate::stats::StatsCollector`]) and [`PreviewBuilder::finish`] hands back a
//! [`PreviewModel`]. Each [`Block`] is one leaf of the document (a paragraph, a heading, a
//! code block, a table, an image, a rule) together with the containers it sits in (block
//! quotes, list items, footnote definitions), its byte range in the body, and a hash of
//! everything it shows. The hash ignores the range, so after an edit elsewhere an unchanged
//! block keeps its hash and the window can reuse its layout.
//!
//! Nothing here is a tree: 50,000 nested `>` give one block whose nesting is clamped to
//! [`MAX_VISUAL_DEPTH`] levels (its true depth is kept), so building, dropping and
//! printing a model never recurses.

mod builder;
mod link;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

pub use builder::PreviewBuilder;
pub use link::{LinkTarget, classify_link};

/// How many levels of quotes, list items and footnotes a block shows. Deeper content is
/// kept and shown at this depth.
pub const MAX_VISUAL_DEPTH: usize = 10;

/// The preview of a post body: blocks in reading order, footnote definitions last.
#[derive(Clone, Debug, Default)]
pub struct PreviewModel {
    blocks: Vec<Block>,
    /// Blocks before this index are in source order; the rest are footnote definitions,
    /// in the order of their numbers.
    flow_len: usize,
    /// Indices of the footnote blocks (those at `flow_len..`) sorted by source offset.
    footnotes_by_source: Vec<usize>,
    /// Heading ids, `fn:LABEL` for footnote definitions and `fnref:LABEL` for the first
    /// reference to a footnote, each with its block index.
    anchors: HashMap<String, usize>,
    fingerprint: u64,
}

impl PreviewModel {
    /// The blocks, in the order a reader reads them.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// True when the body shows nothing.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// A hash of every block's hash, in order: equal fingerprints mean the preview looks
    /// the same, even if source offsets moved.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The block showing the source at `offset`: the last block that starts at or before
    /// it, or the first block when `offset` comes before every block.
    pub fn block_at_source(&self, offset: usize) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        let flow = &self.blocks[..self.flow_len];
        let in_flow = flow
            .partition_point(|block| block.range.start <= offset)
            .checked_sub(1);
        let in_footnotes = self
            .footnotes_by_source
            .partition_point(|&index| self.blocks[index].range.start <= offset)
            .checked_sub(1)
            .map(|position| self.footnotes_by_source[position]);
        let start_of = |index: usize| self.blocks[index].range.start;
        match (in_flow, in_footnotes) {
            (Some(a), Some(b)) => Some(if start_of(b) > start_of(a) { b } else { a }),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b),
            (None, None) => Some(0),
        }
    }

    /// The block an in-page link `#id` goes to: a heading id, `fn:LABEL` for a footnote,
    /// `fnref:LABEL` for the first reference to it.
    pub fn anchor(&self, id: &str) -> Option<usize> {
        self.anchors.get(id).copied()
    }
}

/// One leaf of the document and where it sits.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Byte range in the body.
    pub range: Range<usize>,
    /// Hash of `nesting`, `spacing` and `content`, not of `range`.
    pub hash: u64,
    /// The quotes, list items and footnotes around the block, outermost first.
    pub nesting: Nesting,
    /// Space before the block.
    pub spacing: Spacing,
    /// What it shows.
    pub content: BlockContent,
}

/// The containers around a block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Nesting {
    /// Outermost first, at most [`MAX_VISUAL_DEPTH`].
    pub levels: Vec<Level>,
    /// The true number of containers, which may exceed `levels.len()`.
    pub depth: usize,
}

impl Nesting {
    /// True when the block is inside a block quote.
    pub fn in_quote(&self) -> bool {
        self.levels
            .iter()
            .any(|level| level.container == Container::Quote)
    }
}

/// One container level around a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Level {
    /// What kind of container.
    pub container: Container,
    /// The marker to show beside this block: only the first block of a list item or
    /// footnote has one.
    pub marker: Option<Marker>,
}

/// A kind of container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Container {
    /// A block quote (`>`).
    Quote,
    /// An item of a list.
    ListItem,
    /// A footnote definition.
    Footnote,
}

/// What stands before the first block of a list item or footnote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marker {
    /// An unordered item; the number is the depth among bullet lists, from 0.
    Bullet(u8),
    /// An ordered item with its number.
    Number(u64),
    /// A task list item, done or not.
    Task(bool),
    /// A footnote definition with its number.
    Footnote(u32),
}

/// Vertical space before a block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Spacing {
    /// A paragraph's worth.
    #[default]
    Normal,
    /// Little: the next item of a tight list.
    Tight,
}

/// What a block shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BlockContent {
    /// A heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its id, as [`crate::markdown::HeadingIds`] gives it.
        id: String,
        /// Its text.
        text: Inline,
    },
    /// A paragraph (or the text of a tight list item).
    Paragraph(Inline),
    /// A code block.
    Code {
        /// The first word of the info string, if any.
        language: Option<String>,
        /// The code, without its final line break.
        code: String,
    },
    /// Raw HTML, shown as code and never interpreted.
    Html(String),
    /// A thematic break.
    Rule,
    /// An image standing as a block (images inside paragraphs are lifted out).
    Image(Image),
    /// A table.
    Table(Table),
    /// The start of the footnote definitions, collected at the end.
    FootnotesHeading,
}

/// Styled text with links.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Inline {
    /// The text. Hard breaks are `\n`; soft breaks are spaces.
    pub text: String,
    /// Consecutive runs covering `text`, each ending at a byte offset.
    pub runs: Vec<Run>,
    /// Link targets, referred to by [`Run::link`].
    pub links: Vec<Link>,
}

impl Inline {
    /// The runs with their byte ranges in `text`.
    pub fn spans(&self) -> impl Iterator<Item = (Range<usize>, &Run)> {
        let mut start = 0;
        self.runs.iter().map(move |run| {
            let range = start..run.end;
            start = run.end;
            (range, run)
        })
    }

    /// True when there is nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn push(&mut self, text: &str, style: Style, link: Option<usize>) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        let end = self.text.len();
        match self.runs.last_mut() {
            Some(last) if last.style == style && last.link == link => last.end = end,
            _ => self.runs.push(Run { end, style, link }),
        }
    }
}

/// A run of text in one style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Byte offset in [`Inline::text`] where the run ends.
    pub end: usize,
    /// How it looks.
    pub style: Style,
    /// Index into [`Inline::links`] if the run is (part of) a link.
    pub link: Option<usize>,
}

impl Hash for Run {
    // Packed into one word: runs are hashed for every block on every edit.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let link = self.link.map_or(0, |index| index as u64 + 1);
        state.write_u64(self.end as u64);
        state.write_u64(u64::from(self.style.bits()) | link << 8);
    }
}

/// How a run of text looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// `*emphasis*`.
    pub emphasis: bool,
    /// `**strong**`.
    pub strong: bool,
    /// `~~strikethrough~~`.
    pub strikethrough: bool,
    /// `` `code` ``.
    pub code: bool,
    /// Inline raw HTML, shown as code.
    pub html: bool,
    /// The number of a footnote reference.
    pub footnote_reference: bool,
    /// The alt text of an image that could not be lifted out (in a heading or table).
    pub image_alt: bool,
    /// The link at the end of a footnote back to where it is referenced.
    pub back_reference: bool,
}

impl Style {
    /// The flags as bits, for hashing.
    fn bits(self) -> u8 {
        [
            self.emphasis,
            self.strong,
            self.strikethrough,
            self.code,
            self.html,
            self.footnote_reference,
            self.image_alt,
            self.back_reference,
        ]
        .iter()
        .enumerate()
        .fold(0, |bits, (index, &flag)| bits | (u8::from(flag) << index))
    }
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Link {
    /// The destination as written (reference links resolved).
    pub url: String,
    /// The optional title.
    pub title: String,
}

/// An image.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Image {
    /// The source as written: a path relative to the post, or a URL.
    pub url: String,
    /// The optional title.
    pub title: String,
    /// The alternative text.
    pub alt: String,
    /// The link the image sits in, if any.
    pub link: Option<Link>,
}

/// A table.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    /// Alignment of each column.
    pub alignments: Vec<Alignment>,
    /// Rows of cells; the first `header_rows` are the header.
    pub rows: Vec<Vec<Inline>>,
    /// How many rows form the header (0 or 1).
    pub header_rows: usize,
}

impl Table {
    /// The number of columns: the widest row or the alignment row.
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.alignments.len())
    }
}

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Alignment {
    /// Not specified (reads as left).
    #[default]
    None,
    /// `:--`.
    Left,
    /// `:-:`.
    Center,
    /// `--:`.
    Right,
}

impl From<pulldown_cmark::Alignment> for Alignment {
    fn from(alignment: pulldown_cmark::Alignment) -> Self {
        match alignment {
            pulldown_cmark::Alignment::None => Alignment::None,
            pulldown_cmark::Alignment::Left => Alignment::Left,
            pulldown_cmark::Alignment::Center => Alignment::Center,
            pulldown_cmark::Alignment::Right => Alignment::Right,
        }
    }
}

/// A hasher for block content: fast, and the same in every run so that hashes can be
/// compared across models (the preview's blocks, spelling's cache).
pub(crate) fn content_hasher() -> ahash::AHasher {
    use std::hash::BuildHasher;
    const SEEDS: [u64; 4] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    ahash::RandomState::with_seeds(SEEDS[0], SEEDS[1], SEEDS[2], SEEDS[3]).build_hasher()
}

/// The preview model of a body, in a pass of its own (the window rides along its own pass
/// with [`PreviewBuilder`] instead).
pub fn build(body: &str) -> PreviewModel {
    let mut builder = PreviewBuilder::default();
    for (event, range) in crate::markdown::parser(body).into_offset_iter() {
        builder.event(&event, &range);
    }
    builder.finish()
}
