//! [`PreviewBuilder`]: turns the parser's events into the flat [`PreviewModel`].
//!
//! The builder keeps explicit stacks (containers, lists, open links) instead of recursing,
//! so the depth of the input only costs memory. Images inside paragraphs are lifted out
//! into blocks of their own, splitting the paragraph around them; inside headings and
//! table cells, where a block cannot go, their alt text stays in the line.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{
    Block, BlockContent, Container, Image, Inline, Level, Link, MAX_VISUAL_DEPTH, Marker, Nesting,
    PreviewModel, Spacing, Style, Table,
};
use crate::markdown::{FootnoteNumbers, HeadingIds};

/// Gathers a [`PreviewModel`] from a stream of events, so that the window's single pass
/// over the body can build the preview while it counts words and audits links.
///
/// ```
/// use postwright_core::preview::PreviewBuilder;
/// let body = "# Hello\n\nSome *text*.\n";
/// let mut builder = PreviewBuilder::default();
/// for (event, range) in postwright_core::markdown::parser(body).into_offset_iter() {
///     builder.event(&event, &range);
/// }
/// let model = builder.finish();
/// assert_eq!(model.blocks().len(), 2);
/// ```
#[derive(Debug, Default)]
pub struct PreviewBuilder {
    blocks: Vec<Block>,
    /// Footnote definitions, in the order they are first defined.
    footnotes: Vec<FootnoteDefinition>,
    /// The index in `footnotes` of each label's definition.
    footnote_definitions: HashMap<String, usize>,
    footnote_numbers: FootnoteNumbers,
    /// Every open container, outermost first, however deep.
    containers: Vec<OpenContainer>,
    /// Containers before this index have no marker waiting for a block.
    first_pending_marker: usize,
    /// Index in `containers` of the outermost open footnote definition, and the index of
    /// that definition in `footnotes`.
    footnote_base: Option<(usize, usize)>,
    lists: Vec<OpenList>,
    leaf: Option<Leaf>,
    emphasis: u32,
    strong: u32,
    strikethrough: u32,
    links: Vec<OpenLink>,
    image: Option<OpenImage>,
    /// Bumped whenever a new [`Inline`] starts receiving text, so that open links know to
    /// register themselves again.
    inline_generation: u64,
    heading_ids: HeadingIds,
    anchors: HashMap<String, usize>,
    /// The next block starts a list and gets a full gap even if it is tight.
    list_starting: bool,
    last_block_tight: bool,
    /// Inside a metadata block, whose text is not shown.
    skipping: u32,
}

#[derive(Debug, Default)]
struct FootnoteDefinition {
    label: String,
    blocks: Vec<Block>,
}

#[derive(Debug)]
struct OpenContainer {
    container: Container,
    marker: Option<Marker>,
}

#[derive(Debug)]
struct OpenList {
    next_number: Option<u64>,
    bullet_depth: u8,
}

#[derive(Debug)]
struct OpenLink {
    link: Link,
    /// `(inline_generation, index in that inline's links)` once registered.
    registered: Option<(u64, usize)>,
}

#[derive(Debug)]
struct OpenImage {
    url: String,
    title: String,
    alt: String,
    start: usize,
    link: Option<Link>,
    /// Nested images inside the alt text.
    depth: u32,
    /// Becomes a block of its own (in a paragraph) rather than alt text in the line.
    lifted: bool,
}

#[derive(Debug)]
enum Leaf {
    Text {
        kind: TextKind,
        start: usize,
        end: usize,
        inline: Inline,
        /// The text of a heading as the outline reads it, for its id.
        plain: String,
        /// Opened by text in a tight list item rather than by a paragraph tag.
        implicit: bool,
        footnote_references: Vec<String>,
    },
    Code {
        language: Option<String>,
        start: usize,
        code: String,
    },
    Html {
        start: usize,
        html: String,
    },
    Table {
        start: usize,
        table: Table,
        row: Vec<Inline>,
        cell: Option<Inline>,
    },
}

#[derive(Debug, Clone)]
enum TextKind {
    Paragraph,
    Heading {
        level: u8,
        explicit_id: Option<String>,
    },
}

impl PreviewBuilder {
    /// Feeds one event and its byte range in the body.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if self.skipping > 0 {
            match event {
                Event::Start(Tag::MetadataBlock(_)) => self.skipping += 1,
                Event::End(TagEnd::MetadataBlock(_)) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(*tag, range),
            Event::Text(text) => self.text(text, range, self.style()),
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                let style = Style {
                    code: true,
                    ..self.style()
                };
                self.text(text, range, style);
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(Leaf::Html { html: block, .. }) = &mut self.leaf {
                    block.push_str(html);
                } else {
                    let style = Style {
                        html: true,
                        ..self.style()
                    };
                    self.text(html, range, style);
                }
            }
            Event::FootnoteReference(label) => self.footnote_reference(label, range),
            Event::SoftBreak => self.text(" ", range, self.style()),
            Event::HardBreak => self.text("\n", range, self.style()),
            Event::Rule => {
                self.close_implicit_paragraph();
                self.emit(range.clone(), BlockContent::Rule, false);
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = self
                    .containers
                    .last_mut()
                    .filter(|open| open.container == Container::ListItem)
                {
                    item.marker = Some(Marker::Task(*checked));
                }
            }
        }
    }

    /// The model of everything fed so far.
    pub fn finish(mut self) -> PreviewModel {
        self.close_implicit_paragraph();
        if let Some(leaf) = self.leaf.take() {
            // Only reachable with an unbalanced event stream; show what was read.
            self.emit_leaf(leaf, None);
        }
        self.number_footnotes();
        self.add_footnote_back_links();
        let flow_len = self.blocks.len();
        let mut footnotes_by_source = Vec::new();
        let first_footnote_start = self
            .footnotes
            .iter()
            .flat_map(|definition| definition.blocks.first())
            .map(|block| block.range.start)
            .min();
        if let Some(start) = first_footnote_start {
            let content = BlockContent::FootnotesHeading;
            let nesting = Nesting::default();
            let spacing = Spacing::Normal;
            self.blocks.push(Block {
                range: start..start,
                hash: block_hash(&nesting, spacing, &content),
                nesting,
                spacing,
                content,
            });
            for definition in std::mem::take(&mut self.footnotes) {
                if definition.blocks.is_empty() {
                    continue;
                }
                self.anchors
                    .entry(format!("fn:{}", definition.label))
                    .or_insert(self.blocks.len());
                self.blocks.extend(definition.blocks);
            }
            footnotes_by_source = (flow_len..self.blocks.len()).collect();
            footnotes_by_source.sort_by_key(|&index| self.blocks[index].range.start);
        }
        let mut hasher = super::content_hasher();
        for block in &self.blocks {
            hasher.write_u64(block.hash);
        }
        hasher.write_usize(self.blocks.len());
        PreviewModel {
            blocks: self.blocks,
            flow_len,
            footnotes_by_source,
            anchors: self.anchors,
            fingerprint: hasher.finish(),
        }
    }

    fn style(&self) -> Style {
        Style {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            strikethrough: self.strikethrough > 0,
            ..Style::default()
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: &Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.close_implicit_paragraph();
                self.open_text(TextKind::Paragraph, range.start, false);
            }
            Tag::Heading { level, id, .. } => {
                self.close_implicit_paragraph();
                let kind = TextKind::Heading {
                    level: *level as u8,
                    explicit_id: id.as_ref().map(|id| id.to_string()),
                };
                self.open_text(kind, range.start, false);
            }
            Tag::BlockQuote(_) => {
                self.close_implicit_paragraph();
                self.push_container(Container::Quote, None);
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit_paragraph();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', '\t', ',', '{'])
                        .next()
                        .filter(|word| !word.is_empty())
                        .map(str::to_owned),
                    CodeBlockKind::Indented => None,
                };
                self.leaf = Some(Leaf::Code {
                    language,
                    start: range.start,
                    code: String::new(),
                });
            }
            Tag::HtmlBlock => {
                self.close_implicit_paragraph();
                self.leaf = Some(Leaf::Html {
                    start: range.start,
                    html: String::new(),
                });
            }
            Tag::List(first_number) => {
                self.close_implicit_paragraph();
                let in_tight_item = self.last_block_tight
                    && self
                        .containers
                        .last()
                        .is_some_and(|open| open.container == Container::ListItem);
                if !in_tight_item {
                    self.list_starting = true;
                }
                let bullet_depth = self
                    .lists
                    .iter()
                    .filter(|list| list.next_number.is_none())
                    .count();
                self.lists.push(OpenList {
                    next_number: *first_number,
                    bullet_depth: u8::try_from(bullet_depth).unwrap_or(u8::MAX),
                });
            }
            Tag::Item => {
                self.close_implicit_paragraph();
                let marker = match self.lists.last_mut() {
                    Some(OpenList {
                        next_number: Some(number),
                        ..
                    }) => {
                        let marker = Marker::Number(*number);
                        *number = number.saturating_add(1);
                        marker
                    }
                    Some(list) => Marker::Bullet(list.bullet_depth),
                    None => Marker::Bullet(0),
                };
                self.push_container(Container::ListItem, Some(marker));
            }
            Tag::FootnoteDefinition(label) => {
                self.close_implicit_paragraph();
                let definition = self.footnote_definition(label);
                // A footnote defined before it is cited gets its number in `finish`.
                let number = self.footnote_numbers.get(label).unwrap_or(0);
                self.push_container(Container::Footnote, Some(Marker::Footnote(number)));
                if self.footnote_base.is_none() {
                    self.footnote_base = Some((self.containers.len() - 1, definition));
                }
            }
            Tag::Table(alignments) => {
                self.close_implicit_paragraph();
                self.leaf = Some(Leaf::Table {
                    start: range.start,
                    table: Table {
                        alignments: alignments.iter().map(|&a| a.into()).collect(),
                        rows: Vec::new(),
                        header_rows: 0,
                    },
                    row: Vec::new(),
                    cell: None,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(Leaf::Table { row, .. }) = &mut self.leaf {
                    row.clear();
                }
            }
            Tag::TableCell => {
                if let Some(Leaf::Table { cell, .. }) = &mut self.leaf {
                    *cell = Some(Inline::default());
                    self.inline_generation += 1;
                }
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strikethrough += 1,
            Tag::Superscript | Tag::Subscript => {}
            Tag::Link {
                dest_url, title, ..
            } => self.links.push(OpenLink {
                link: Link {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                },
                registered: None,
            }),
            Tag::Image {
                dest_url, title, ..
            } => self.start_image(dest_url, title, range),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.close_implicit_paragraph();
            }
            Tag::MetadataBlock(_) => {
                self.close_implicit_paragraph();
                self.skipping = 1;
            }
        }
    }

    fn end(&mut self, tag: TagEnd, range: &Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(leaf @ Leaf::Text { .. }) = self.leaf.take() {
                    self.emit_leaf(leaf, Some(range.end));
                }
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table => {
                if let Some(leaf) = self.leaf.take() {
                    self.emit_leaf(leaf, Some(range.end));
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_implicit_paragraph();
                self.pop_container(range);
            }
            TagEnd::List(_) => {
                self.close_implicit_paragraph();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.close_implicit_paragraph();
                self.pop_container(range);
            }
            TagEnd::FootnoteDefinition => {
                self.close_implicit_paragraph();
                self.pop_container(range);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Leaf::Table { table, row, .. }) = &mut self.leaf {
                    table.rows.push(std::mem::take(row));
                    if tag == TagEnd::TableHead {
                        table.header_rows = 1;
                    }
                }
            }
            TagEnd::TableCell => {
                if let Some(Leaf::Table { row, cell, .. }) = &mut self.leaf {
                    row.push(cell.take().unwrap_or_default());
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strikethrough = self.strikethrough.saturating_sub(1),
            TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.end_image(range),
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.close_implicit_paragraph(),
            TagEnd::MetadataBlock(_) => {}
        }
    }

    fn open_text(&mut self, kind: TextKind, start: usize, implicit: bool) {
        self.inline_generation += 1;
        self.leaf = Some(Leaf::Text {
            kind,
            start,
            end: start,
            inline: Inline::default(),
            plain: String::new(),
            implicit,
            footnote_references: Vec::new(),
        });
    }

    /// Ends the text of a tight list item when a block-level event arrives.
    fn close_implicit_paragraph(&mut self) {
        if let Some(Leaf::Text { implicit: true, .. }) = &self.leaf
            && let Some(leaf) = self.leaf.take()
        {
            self.emit_leaf(leaf, None);
        }
    }

    /// Appends text to whatever receives it now: an image's alt text, a code or HTML block,
    /// a paragraph or heading, a table cell, or a new paragraph in a tight list item.
    fn text(&mut self, text: &str, range: &Range<usize>, style: Style) {
        if let Some(Leaf::Text {
            kind: TextKind::Heading { .. },
            plain,
            ..
        }) = &mut self.leaf
            && !(style.html || style.footnote_reference || style.image_alt)
        {
            plain.push_str(if text == "\n" { " " } else { text });
        }
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        match &mut self.leaf {
            Some(Leaf::Code { code, .. }) => {
                code.push_str(text);
                return;
            }
            Some(Leaf::Html { html, .. }) => {
                html.push_str(text);
                return;
            }
            Some(Leaf::Table { cell: None, .. }) => return,
            Some(_) => {}
            None => self.open_text(TextKind::Paragraph, range.start, true),
        }
        let link = self.current_link();
        match &mut self.leaf {
            Some(Leaf::Text { inline, end, .. }) => {
                inline.push(text, style, link);
                *end = (*end).max(range.end);
            }
            Some(Leaf::Table {
                cell: Some(cell), ..
            }) => cell.push(text, style, link),
            _ => {}
        }
    }

    /// The index of the innermost open link in the inline now receiving text, registering
    /// it there first if needed.
    fn current_link(&mut self) -> Option<usize> {
        let generation = self.inline_generation;
        let open = self.links.last_mut()?;
        if let Some((registered_generation, index)) = open.registered
            && registered_generation == generation
        {
            return Some(index);
        }
        let inline = match &mut self.leaf {
            Some(Leaf::Text { inline, .. }) => inline,
            Some(Leaf::Table {
                cell: Some(cell), ..
            }) => cell,
            _ => return None,
        };
        inline.links.push(open.link.clone());
        let index = inline.links.len() - 1;
        open.registered = Some((generation, index));
        Some(index)
    }

    /// The index in `footnotes` of the definition of `label`, made on first sight.
    fn footnote_definition(&mut self, label: &str) -> usize {
        if let Some(&index) = self.footnote_definitions.get(label) {
            return index;
        }
        self.footnotes.push(FootnoteDefinition {
            label: label.to_owned(),
            blocks: Vec::new(),
        });
        self.footnote_definitions
            .insert(label.to_owned(), self.footnotes.len() - 1);
        self.footnotes.len() - 1
    }

    /// Numbers every definition (those never cited after the cited ones), puts them in
    /// the order of their numbers, and writes each number into the marker of the
    /// definition's first block.
    fn number_footnotes(&mut self) {
        for definition in &mut self.footnotes {
            let number = self.footnote_numbers.number(&definition.label);
            for block in &mut definition.blocks {
                let Some(level) = block.nesting.levels.first_mut() else {
                    continue;
                };
                if matches!(level.marker, Some(Marker::Footnote(old)) if old != number) {
                    level.marker = Some(Marker::Footnote(number));
                    block.hash = block_hash(&block.nesting, block.spacing, &block.content);
                }
            }
        }
        let numbers = &self.footnote_numbers;
        self.footnotes
            .sort_by_key(|definition| numbers.get(&definition.label));
    }

    fn footnote_reference(&mut self, label: &str, range: &Range<usize>) {
        let number = self.footnote_numbers.number(label);
        if self.image.is_some() {
            return;
        }
        let link = Link {
            url: format!("#fn:{label}"),
            title: format!("Footnote {number}"),
        };
        self.links.push(OpenLink {
            link,
            registered: None,
        });
        let style = Style {
            footnote_reference: true,
            ..Style::default()
        };
        self.text(&number.to_string(), range, style);
        self.links.pop();
        if let Some(Leaf::Text {
            footnote_references,
            ..
        }) = &mut self.leaf
        {
            footnote_references.push(label.to_owned());
        }
    }

    /// Ends each footnote definition whose last block is a paragraph with a link back to
    /// the first reference to it.
    fn add_footnote_back_links(&mut self) {
        for definition in &mut self.footnotes {
            let anchor = format!("fnref:{}", definition.label);
            if !self.anchors.contains_key(&anchor) {
                continue;
            }
            let Some(last) = definition.blocks.last_mut() else {
                continue;
            };
            let BlockContent::Paragraph(inline) = &mut last.content else {
                continue;
            };
            inline.links.push(Link {
                url: format!("#{anchor}"),
                title: "Back to the text".to_owned(),
            });
            let link = inline.links.len() - 1;
            inline.push(" ", Style::default(), None);
            let style = Style {
                back_reference: true,
                ..Style::default()
            };
            inline.push("↩", style, Some(link));
            last.hash = block_hash(&last.nesting, last.spacing, &last.content);
        }
    }

    fn start_image(&mut self, url: &str, title: &str, range: &Range<usize>) {
        if let Some(image) = &mut self.image {
            image.depth += 1;
            return;
        }
        if self.leaf.is_none() {
            self.open_text(TextKind::Paragraph, range.start, true);
        }
        let lifted = matches!(
            self.leaf,
            Some(Leaf::Text {
                kind: TextKind::Paragraph,
                ..
            })
        );
        self.image = Some(OpenImage {
            url: url.to_owned(),
            title: title.to_owned(),
            alt: String::new(),
            start: range.start,
            link: self.links.last().map(|open| open.link.clone()),
            depth: 0,
            lifted,
        });
    }

    fn end_image(&mut self, range: &Range<usize>) {
        let Some(image) = &mut self.image else {
            return;
        };
        if image.depth > 0 {
            image.depth -= 1;
            return;
        }
        let Some(image) = self.image.take() else {
            return;
        };
        if !image.lifted {
            let style = Style {
                image_alt: true,
                ..self.style()
            };
            let alt = if image.alt.trim().is_empty() {
                "image".to_owned()
            } else {
                image.alt
            };
            self.text(&alt, range, style);
            return;
        }
        // Split the paragraph: the text so far, the image, then a fresh paragraph for
        // whatever follows.
        let Some(Leaf::Text {
            kind,
            start,
            inline,
            plain,
            implicit,
            footnote_references,
            ..
        }) = self.leaf.take()
        else {
            return;
        };
        if !inline.is_blank() {
            let before = Leaf::Text {
                kind: kind.clone(),
                start,
                end: image.start,
                inline,
                plain,
                implicit,
                footnote_references,
            };
            self.emit_leaf(before, Some(image.start));
        }
        let content = BlockContent::Image(Image {
            url: image.url,
            title: image.title,
            alt: image.alt,
            link: image.link,
        });
        self.emit(image.start..range.end, content, implicit);
        self.open_text(kind, range.end, implicit);
    }

    fn push_container(&mut self, container: Container, marker: Option<Marker>) {
        if marker.is_some() {
            self.first_pending_marker = self.first_pending_marker.min(self.containers.len());
        }
        self.containers.push(OpenContainer { container, marker });
    }

    /// Closes the innermost container; a list item or footnote that showed no block still
    /// shows its marker.
    fn pop_container(&mut self, range: &Range<usize>) {
        if self
            .containers
            .last()
            .is_some_and(|open| open.marker.is_some())
        {
            self.emit(
                range.end..range.end,
                BlockContent::Paragraph(Inline::default()),
                true,
            );
        }
        self.containers.pop();
        let depth = self.containers.len();
        self.first_pending_marker = self.first_pending_marker.min(depth);
        if self.footnote_base.is_some_and(|(base, _)| base >= depth) {
            self.footnote_base = None;
        }
    }

    fn emit_leaf(&mut self, leaf: Leaf, end: Option<usize>) {
        match leaf {
            Leaf::Text {
                kind,
                start,
                end: text_end,
                inline,
                plain,
                implicit,
                footnote_references,
            } => {
                let range = start..end.unwrap_or(text_end).max(start);
                let content = match kind {
                    TextKind::Paragraph => {
                        if inline.is_blank() {
                            return;
                        }
                        BlockContent::Paragraph(inline)
                    }
                    TextKind::Heading { level, explicit_id } => {
                        let id = self.heading_ids.assign(&plain, explicit_id.as_deref());
                        BlockContent::Heading {
                            level,
                            id,
                            text: inline,
                        }
                    }
                };
                let anchor = match &content {
                    BlockContent::Heading { id, .. } => Some(id.clone()),
                    _ => None,
                };
                if let Some(index) = self.emit(range, content, implicit) {
                    if let Some(id) = anchor {
                        self.anchors.entry(id).or_insert(index);
                    }
                    for label in footnote_references {
                        self.anchors
                            .entry(format!("fnref:{label}"))
                            .or_insert(index);
                    }
                }
            }
            Leaf::Code {
                language,
                start,
                mut code,
            } => {
                if code.ends_with('\n') {
                    code.pop();
                }
                let range = start..end.unwrap_or(start + code.len());
                self.emit(range, BlockContent::Code { language, code }, false);
            }
            Leaf::Html { start, mut html } => {
                while html.ends_with('\n') {
                    html.pop();
                }
                let range = start..end.unwrap_or(start + html.len());
                self.emit(range, BlockContent::Html(html), false);
            }
            Leaf::Table {
                start,
                mut table,
                row,
                cell,
            } => {
                let mut row = row;
                if let Some(cell) = cell {
                    row.push(cell);
                }
                if !row.is_empty() {
                    table.rows.push(row);
                }
                self.emit(
                    start..end.unwrap_or(start),
                    BlockContent::Table(table),
                    false,
                );
            }
        }
    }

    /// Adds a block in the current containers. Returns its index when it went into the
    /// main flow (not a footnote definition).
    fn emit(&mut self, range: Range<usize>, content: BlockContent, tight: bool) -> Option<usize> {
        let base = self.footnote_base.map_or(0, |(base, _)| base);
        let levels: Vec<Level> = self.containers[base..]
            .iter()
            .take(MAX_VISUAL_DEPTH)
            .map(|open| Level {
                container: open.container,
                marker: open.marker,
            })
            .collect();
        let from = self.first_pending_marker.max(base);
        for open in &mut self.containers[from..] {
            open.marker = None;
        }
        if self.first_pending_marker >= base {
            self.first_pending_marker = self.containers.len();
        }
        let nesting = Nesting {
            levels,
            depth: self.containers.len() - base,
        };
        let spacing = if tight && !self.list_starting {
            Spacing::Tight
        } else {
            Spacing::Normal
        };
        self.list_starting = false;
        self.last_block_tight = tight;
        let block = Block {
            range,
            hash: block_hash(&nesting, spacing, &content),
            nesting,
            spacing,
            content,
        };
        match self.footnote_base {
            Some((_, definition)) => {
                if let Some(definition) = self.footnotes.get_mut(definition) {
                    definition.blocks.push(block);
                }
                None
            }
            None => {
                self.blocks.push(block);
                Some(self.blocks.len() - 1)
            }
        }
    }
}

/// The hash of what a block shows, leaving out where it is in the source.
fn block_hash(nesting: &Nesting, spacing: Spacing, content: &BlockContent) -> u64 {
    let mut hasher = super::content_hasher();
    nesting.hash(&mut hasher);
    spacing.hash(&mut hasher);
    content.hash(&mut hasher);
    hasher.finish()
}
