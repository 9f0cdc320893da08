//! The stop-gap editor on egui's `TextEdit` that `postwright::ui::editor` replaced, kept here
//! only as the baseline the measurement compares against.

#![allow(dead_code, missing_docs)]

use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{
    ByteIndex, CCursor, CCursorRange, CharIndex, LayoutJob, LayoutSection, TextFormat,
};
use egui::{Color32, FontFamily, FontId, Galley, TextBuffer, Ui};

use postwright::history::Change;
use postwright::md_syntax::{Highlighter, Kind};
use postwright::ui::theme::{self, SyntaxColours};

/// How the editor looks.
#[derive(Clone, Debug)]
pub struct EditorStyle {
    /// Font size in points.
    pub font_size: f32,
    /// Colours of the Markdown syntax.
    pub colours: SyntaxColours,
    /// Background of the editing area.
    pub background: Color32,
    /// The widest the text column may grow, in points; the column is centred.
    pub max_text_width: f32,
}

/// What the editor did this frame.
#[must_use]
#[derive(Debug, Default)]
pub struct EditorOutput {
    /// Changes made to the text by the author this frame, in order.
    pub changes: Vec<Change>,
    /// The selection (bytes) before those changes.
    pub selection_before: Range<usize>,
    /// The selection (bytes) after them.
    pub selection_after: Range<usize>,
    /// Whether the editor has keyboard focus.
    pub has_focus: bool,
}

/// The editor's state between frames.
#[derive(Default)]
pub struct EditorState {
    revision: Cell<u64>,
    highlighter: Highlighter,
    cache: Option<LayoutCache>,
    /// Cursor and selection as byte offsets (anchor, cursor).
    selection: (usize, usize),
    pending_selection: Option<Range<usize>>,
    wants_focus: bool,
    line_column: Cell<Option<(usize, (usize, usize))>>,
}

struct LayoutCache {
    revision: u64,
    wrap_width: f32,
    style_key: (u32, Color32),
    galley: Arc<Galley>,
}

impl EditorState {
    /// The selection as an ordered byte range.
    pub fn selection(&self) -> Range<usize> {
        let (anchor, cursor) = self.selection;
        anchor.min(cursor)..anchor.max(cursor)
    }

    /// The byte offset of the cursor.
    pub fn cursor(&self) -> usize {
        self.selection.1
    }

    /// Selects `range` (bytes) and brings it into view on the next frame.
    pub fn set_selection(&mut self, range: Range<usize>) {
        self.selection = (range.start, range.end);
        self.pending_selection = Some(range);
    }

    /// Gives the editor keyboard focus on the next frame.
    pub fn request_focus(&mut self) {
        self.wants_focus = true;
    }

    /// The app changed the text itself (undo, formatting, a link fix).
    pub fn text_changed_externally(&mut self, _changes: &[Change]) {
        self.text_replaced();
    }

    /// The whole text was replaced (a file opened or reloaded).
    pub fn text_replaced(&mut self) {
        self.revision.set(self.revision.get() + 1);
        self.line_column.set(None);
    }

    /// The 1-based line and column of the cursor.
    pub fn cursor_line_column(&self, text: &str) -> (usize, usize) {
        let cursor = self.cursor().min(text.len());
        if let Some((at, result)) = self.line_column.get()
            && at == cursor
        {
            return result;
        }
        let result = postwright::text_ops::line_and_column(text, cursor);
        self.line_column.set(Some((cursor, result)));
        result
    }
}

/// Wraps the text so that every edit the text field makes is recorded.
struct TrackedText<'a> {
    text: &'a mut String,
    changes: &'a mut Vec<Change>,
    revision: &'a Cell<u64>,
}

impl TextBuffer for TrackedText<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        self.text
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        let offset = byte_of_char(self.text, char_index.0);
        self.text.insert_str(offset, text);
        self.changes.push(Change {
            offset,
            removed: String::new(),
            inserted: text.to_owned(),
        });
        self.revision.set(self.revision.get() + 1);
        text.chars().count()
    }

    fn delete_char_range(&mut self, char_range: Range<CharIndex>) {
        let start = byte_of_char(self.text, char_range.start.0);
        let end = byte_of_char(self.text, char_range.end.0);
        if start >= end {
            return;
        }
        let removed: String = self.text.drain(start..end).collect();
        self.changes.push(Change {
            offset: start,
            removed,
            inserted: String::new(),
        });
        self.revision.set(self.revision.get() + 1);
    }

    fn byte_index_from_char_index(&self, char_index: CharIndex) -> ByteIndex {
        ByteIndex(byte_of_char(self.text, char_index.0))
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<TrackedText<'static>>()
    }
}

/// The byte offset of the `char_index`-th character, counting whole blocks at a time.
pub fn byte_of_char(text: &str, char_index: usize) -> usize {
    const BLOCK: usize = 4096;
    let bytes = text.as_bytes();
    let mut offset = 0;
    let mut chars = 0;
    while offset + BLOCK <= bytes.len() {
        let in_block = bytes[offset..offset + BLOCK]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        if chars + in_block > char_index {
            break;
        }
        chars += in_block;
        offset += BLOCK;
    }
    text[offset..]
        .char_indices()
        .nth(char_index - chars)
        .map_or(text.len(), |(index, _)| offset + index)
}

/// The character index of byte `offset`.
pub fn char_of_byte(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
}

/// Shows the editor for `text`.
pub fn editor_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    text: &mut String,
    style: &EditorStyle,
) -> EditorOutput {
    let mut changes = Vec::new();
    let selection_before = state.selection();
    let id = ui.make_persistent_id("markdown-editor");
    if let Some(range) = state.pending_selection.take()
        && let Some(mut edit_state) = egui::TextEdit::load_state(ui.ctx(), id)
    {
        let start = CCursor::new(char_of_byte(text, range.start));
        let end = CCursor::new(char_of_byte(text, range.end));
        edit_state
            .cursor
            .set_char_range(Some(CCursorRange::two(start, end)));
        edit_state.store(ui.ctx(), id);
    }
    let font_id = FontId::new(style.font_size, FontFamily::Monospace);
    let formats = Formats::new(style);
    let EditorState {
        revision,
        highlighter,
        cache,
        ..
    } = state;
    let revision_cell: &Cell<u64> = revision;
    let mut layouter = |ui: &Ui, buffer: &dyn TextBuffer, wrap_width: f32| {
        let key = (style.font_size.to_bits(), style.colours.text);
        if let Some(cached) = cache.as_ref()
            && cached.revision == revision_cell.get()
            && cached.wrap_width == wrap_width
            && cached.style_key == key
        {
            return Arc::clone(&cached.galley);
        }
        let job = layout_job(highlighter, buffer.as_str(), wrap_width, &formats);
        let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
        *cache = Some(LayoutCache {
            revision: revision_cell.get(),
            wrap_width,
            style_key: key,
            galley: Arc::clone(&galley),
        });
        galley
    };
    let mut tracked = TrackedText {
        text,
        changes: &mut changes,
        revision: revision_cell,
    };
    let available = ui.available_width();
    let column = available.min(style.max_text_width);
    let side = ((available - column) / 2.0).max(0.0);
    let output = egui::ScrollArea::vertical()
        .id_salt("editor-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Frame::NONE
                .inner_margin(egui::Margin {
                    left: side as i8,
                    right: side as i8,
                    top: 0,
                    bottom: 0,
                })
                .show(ui, |ui| {
                    egui::TextEdit::multiline(&mut tracked)
                        .id(id)
                        .font(font_id)
                        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(24, 18)))
                        .desired_width(f32::INFINITY)
                        .desired_rows(30)
                        .lock_focus(true)
                        .layouter(&mut layouter)
                        .show(ui)
                })
                .inner
        })
        .inner;
    let response = output.response.response.accessible_name("Markdown editor");
    if state.wants_focus {
        response.request_focus();
        state.wants_focus = false;
    }
    if let Some(range) = output.cursor_range {
        let [start, end] = [range.secondary.index, range.primary.index];
        state.selection = (byte_of_char(text, start.0), byte_of_char(text, end.0));
    }
    let selection_after = state.selection();
    EditorOutput {
        changes,
        selection_before,
        selection_after,
        has_focus: response.has_focus(),
    }
}

/// Text formats for each kind of Markdown source, made once per frame.
struct Formats {
    by_kind: [TextFormat; 15],
    heading: TextFormat,
}

impl Formats {
    fn new(style: &EditorStyle) -> Self {
        let size = style.font_size;
        let line_height = Some((size * 1.55).round());
        let base = TextFormat {
            font_id: FontId::new(size, FontFamily::Monospace),
            color: style.colours.text,
            line_height,
            ..TextFormat::default()
        };
        let with = |kind: Kind| {
            let mut format = base.clone();
            format.color = style.colours.colour(kind);
            match kind {
                Kind::Strong | Kind::StrongEmphasis => format.font_id.family = theme::mono_bold(),
                Kind::Emphasis => format.font_id.family = theme::mono_italic(),
                Kind::Strikethrough => {
                    format.strikethrough = egui::Stroke::new(1.0, style.colours.marker);
                }
                Kind::Code => format.background = style.colours.code_background,
                Kind::Quote => format.font_id.family = theme::mono_italic(),
                _ => {}
            }
            format
        };
        let kinds = [
            Kind::Text,
            Kind::Heading,
            Kind::Marker,
            Kind::Emphasis,
            Kind::Strong,
            Kind::StrongEmphasis,
            Kind::Strikethrough,
            Kind::Code,
            Kind::FenceInfo,
            Kind::LinkText,
            Kind::Url,
            Kind::ListMarker,
            Kind::Quote,
            Kind::Html,
            Kind::Rule,
        ];
        let mut heading = with(Kind::Heading);
        heading.font_id.family = theme::mono_bold();
        Self {
            by_kind: kinds.map(with),
            heading,
        }
    }

    fn get(&self, kind: Kind, in_heading: bool) -> &TextFormat {
        if in_heading && kind == Kind::Heading {
            return &self.heading;
        }
        &self.by_kind[kind as usize]
    }
}

fn layout_job(
    highlighter: &mut Highlighter,
    text: &str,
    wrap_width: f32,
    formats: &Formats,
) -> LayoutJob {
    highlighter.update(text);
    let mut job = LayoutJob {
        text: text.to_owned(),
        ..LayoutJob::default()
    };
    job.wrap.max_width = wrap_width;
    job.keep_trailing_whitespace = true;
    let mut covered = 0;
    for (offset, line) in highlighter.lines() {
        let in_heading = line.heading.is_some();
        for (range, kind) in &line.spans {
            let start = offset + range.start;
            let end = offset + range.end;
            if start > covered {
                push_section(&mut job, covered..start, formats.get(Kind::Text, false));
            }
            push_section(&mut job, start..end, formats.get(*kind, in_heading));
            covered = end;
        }
    }
    if covered < text.len() || text.is_empty() {
        push_section(
            &mut job,
            covered..text.len(),
            formats.get(Kind::Text, false),
        );
    }
    job
}

fn push_section(job: &mut LayoutJob, byte_range: Range<usize>, format: &TextFormat) {
    job.sections.push(LayoutSection {
        leading_space: 0.0,
        byte_range: ByteIndex(byte_range.start)..ByteIndex(byte_range.end),
        format: format.clone(),
    });
}
