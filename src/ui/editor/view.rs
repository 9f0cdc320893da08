//! How the text is shown this frame: the sizes of the column and rows ([`Metrics`]), the
//! lines in view and their layouts, and where text is on screen (the caret's line and row,
//! the text under the pointer, moving by rows).

use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CharIndex};
use egui::{FontFamily, FontId, Galley, Pos2, Rect, Ui, vec2};

use super::EditorStyle;
use super::document::Document;
use super::layout::LineCache;
use super::scroll::ScrollPosition;

/// Space above the first line, in points.
pub(super) const TOP_PADDING: f32 = 32.0;

/// The least space on each side of the text column, in points; a narrow editor gives
/// some of it to the text, down to [`NARROW_SIDE_MARGIN`].
const SIDE_MARGIN: f32 = 32.0;
/// The least space on each side of the text column in a narrow editor, in points.
const NARROW_SIDE_MARGIN: f32 = 14.0;

/// Width of the scroll bar's track, in points.
pub(super) const SCROLLBAR_WIDTH: f32 = 12.0;

/// Row height as a multiple of the font size.
const LINE_SPACING: f32 = 1.55;

/// Sizes and places of this frame.
#[derive(Clone, Copy, Debug)]
pub(super) struct Metrics {
    /// The editor's whole area.
    pub(super) rect: Rect,
    /// Left edge of the text column.
    pub(super) text_left: f32,
    pub(super) wrap_width: f32,
    pub(super) row_height: f32,
    pub(super) font_size: f32,
    pub(super) char_width: f32,
}

/// A line on screen this frame.
#[derive(Clone, Debug)]
pub(super) struct VisibleLine {
    pub(super) line: usize,
    /// Screen y of the line's top.
    pub(super) top: f32,
    pub(super) galley: Arc<Galley>,
}

impl VisibleLine {
    pub(super) fn height(&self) -> f32 {
        self.galley.rect.height()
    }
}

/// What the visible lines were laid out for; the same key means the same lines.
#[derive(Clone, Debug, PartialEq)]
struct VisibleKey {
    pub(super) revision: u64,
    pub(super) scroll: ScrollPosition,
    pub(super) rect: Rect,
    pub(super) preedit: Option<(usize, String)>,
}

/// The document and how it is shown.
pub(super) struct View {
    pub(super) doc: Document,
    pub(super) cache: LineCache,
    pub(super) scroll: ScrollPosition,
    pub(super) m: Metrics,
    pub(super) visible: Vec<VisibleLine>,
    visible_key: Option<VisibleKey>,
    /// Changes whenever the text or the layout changes.
    pub(super) revision: u64,
}

impl View {
    pub(super) fn new(text: &str, m: Metrics) -> Self {
        Self {
            doc: Document::new(text, columns(&m)),
            cache: LineCache::default(),
            scroll: ScrollPosition {
                line: 0,
                offset: -TOP_PADDING,
            },
            m,
            visible: Vec::new(),
            visible_key: None,
            revision: 0,
        }
    }

    pub(super) fn splice(&mut self, offset: usize, removed_len: usize, inserted: &str) {
        let splice = self.doc.splice(offset, removed_len, inserted);
        self.revision += 1;
        let line = self.scroll.line;
        if line > splice.first {
            if line >= splice.first + splice.removed {
                self.scroll.line = line + splice.inserted - splice.removed;
            } else {
                self.scroll.line = splice.first + splice.inserted - 1;
                self.scroll.offset = 0.0;
            }
        }
    }

    /// The layout of `line`; records its rows.
    pub(super) fn galley(&mut self, ctx: &egui::Context, text: &str, line: usize) -> Arc<Galley> {
        let galley = self
            .cache
            .galley(ctx, self.doc.line_text(text, line), self.doc.states[line]);
        let rows = u64::try_from(galley.rows.len().max(1)).unwrap_or(u64::MAX);
        self.doc.rows.set(line, rows);
        galley
    }

    pub(super) fn line_height(&mut self, ctx: &egui::Context, text: &str, line: usize) -> f32 {
        self.galley(ctx, text, line).rect.height()
    }

    /// Lays out the lines in view, top to bottom, and keeps the end of the text from
    /// rising above the middle of the view.
    pub(super) fn layout_visible(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        preedit: Option<&Composing>,
    ) {
        for _ in 0..2 {
            let key = VisibleKey {
                revision: self.revision,
                scroll: self.scroll,
                rect: self.m.rect,
                preedit: preedit.map(|p| (p.line, p.galley.job.text.clone())),
            };
            if self.visible_key.as_ref() == Some(&key) {
                return;
            }
            self.visible.clear();
            let count = self.doc.lines.line_count();
            let mut top = self.m.rect.top() - self.scroll.offset;
            let mut line = self.scroll.line;
            while top < self.m.rect.bottom() && line < count {
                let galley = match preedit {
                    Some(composing) if composing.line == line => Arc::clone(&composing.galley),
                    _ => self.galley(ctx, text, line),
                };
                let height = galley.rect.height();
                self.visible.push(VisibleLine { line, top, galley });
                top += height;
                line += 1;
            }
            self.visible_key = Some(key);
            let limit = self.m.rect.top() + self.viewport_height() * 0.5;
            let at_top = self.scroll.line == 0 && self.scroll.offset <= -TOP_PADDING;
            if line == count && top < limit && !at_top {
                self.scroll_by(ctx, text, top - limit);
                continue;
            }
            return;
        }
    }

    pub(super) fn first_visible_offset(&self) -> usize {
        let Some(first) = self.visible.first() else {
            return self.doc.lines.line_start(self.scroll.line);
        };
        let y = self.m.rect.top() - first.top;
        let mut chars = 0;
        for row in &first.galley.rows {
            if row.max_y() > y {
                break;
            }
            chars += row.glyphs.len();
        }
        let start = self.doc.lines.line_start(first.line);
        start
            + first
                .galley
                .job
                .text
                .char_indices()
                .nth(chars)
                .map_or(first.galley.job.text.len(), |(index, _)| index)
    }

    /// The caret's line, its character index within the line, and the line's layout.
    pub(super) fn locate(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        offset: usize,
    ) -> (usize, usize, Arc<Galley>) {
        let line = self.doc.lines.line_of(offset);
        let range = self.doc.lines.line_range(line);
        let chars = text[range.start..offset.clamp(range.start, range.end)]
            .chars()
            .count();
        (line, chars, self.galley(ctx, text, line))
    }

    /// The byte offset of character `chars` of `line`.
    pub(super) fn offset_of(&self, text: &str, line: usize, chars: usize) -> usize {
        let range = self.doc.lines.line_range(line);
        let line_text = self.doc.line_text(text, line);
        range.start
            + line_text
                .char_indices()
                .nth(chars)
                .map_or(line_text.len(), |(index, _)| index)
    }

    /// Moves `rows` visual rows down (up when negative) from `offset`, aiming at `x`.
    /// Returns the new offset, whether it sits at the end of a wrapped row, and the x aimed
    /// at.
    pub(super) fn move_rows(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        offset: usize,
        upstream: bool,
        x: Option<f32>,
        rows: isize,
    ) -> (usize, bool, f32) {
        let (mut line, chars, mut galley) = self.locate(ctx, text, offset);
        let cursor = ccursor(chars, upstream);
        let x = x.unwrap_or_else(|| galley.pos_from_cursor(cursor).min.x);
        let mut row = galley.layout_from_cursor(cursor).row;
        let count = self.doc.lines.line_count();
        let mut remaining = rows;
        while remaining != 0 {
            if remaining > 0 {
                if row + 1 < galley.rows.len() {
                    row += 1;
                } else if line + 1 < count {
                    line += 1;
                    galley = self.galley(ctx, text, line);
                    row = 0;
                } else {
                    return (text.len(), false, x);
                }
                remaining -= 1;
            } else {
                if row > 0 {
                    row -= 1;
                } else if line > 0 {
                    line -= 1;
                    galley = self.galley(ctx, text, line);
                    row = galley.rows.len().saturating_sub(1);
                } else {
                    return (0, false, x);
                }
                remaining += 1;
            }
        }
        let (chars, upstream) = char_in_row(&galley, row, x);
        (self.offset_of(text, line, chars), upstream, x)
    }

    /// The caret's row within its line: (first character, end character, is last row).
    pub(super) fn row_of(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        offset: usize,
        upstream: bool,
    ) -> (usize, usize, usize, bool) {
        let (line, chars, galley) = self.locate(ctx, text, offset);
        let row = galley.layout_from_cursor(ccursor(chars, upstream)).row;
        let start: usize = galley.rows[..row].iter().map(|r| r.glyphs.len()).sum();
        let end = start + galley.rows.get(row).map_or(0, |r| r.glyphs.len());
        (line, start, end, row + 1 >= galley.rows.len())
    }

    /// The text position under the screen point `pos`, on the lines in view.
    pub(super) fn hit(&self, text: &str, pos: Pos2) -> Option<(usize, bool)> {
        let first = self.visible.first()?;
        let last = self.visible.last()?;
        let visible = self
            .visible
            .iter()
            .find(|v| pos.y < v.top + v.height())
            .unwrap_or(last);
        let visible = if pos.y < first.top { first } else { visible };
        let y = (pos.y - visible.top).clamp(0.0, (visible.height() - 1.0).max(0.0));
        let cursor = visible
            .galley
            .cursor_from_pos(vec2(pos.x - self.m.text_left, y));
        let last_row =
            visible.galley.layout_from_cursor(cursor).row + 1 >= visible.galley.rows.len();
        Some((
            self.offset_of(text, visible.line, cursor.index.0),
            !cursor.prefer_next_row && !last_row,
        ))
    }
}

/// A line being composed with an input method: its layout with the composition in it.
pub(super) struct Composing {
    pub(super) line: usize,
    pub(super) galley: Arc<Galley>,
    /// The composition, in characters of the composed line.
    pub(super) chars: Range<usize>,
}

pub(super) fn ccursor(chars: usize, upstream: bool) -> CCursor {
    CCursor {
        index: CharIndex(chars),
        prefer_next_row: !upstream,
    }
}

/// The character at `x` on `row` of a line's layout, and whether it is the end of a
/// wrapped row.
fn char_in_row(galley: &Galley, row: usize, x: f32) -> (usize, bool) {
    let start: usize = galley.rows[..row].iter().map(|r| r.glyphs.len()).sum();
    let Some(placed) = galley.rows.get(row) else {
        return (start, false);
    };
    let column = placed.char_at(x - placed.pos.x).0;
    let at_end = column >= placed.glyphs.len();
    (start + column, at_end && row + 1 < galley.rows.len())
}

pub(super) fn columns(m: &Metrics) -> usize {
    (m.wrap_width / m.char_width.max(1.0)).floor().max(1.0) as usize
}

pub(super) fn frame_metrics(ui: &Ui, rect: Rect, style: &EditorStyle) -> Metrics {
    let font_id = FontId::new(style.font_size, FontFamily::Monospace);
    let char_width = ui.fonts_mut(|fonts| fonts.glyph_width(&font_id, 'M'));
    let pixels = ui.ctx().pixels_per_point();
    // An even number of pixels keeps the text crisp.
    let row_height = ((style.font_size * LINE_SPACING * pixels / 2.0).round() * 2.0) / pixels;
    let margin = (rect.width() * 0.05).clamp(NARROW_SIDE_MARGIN, SIDE_MARGIN);
    let usable = (rect.width() - 2.0 * margin - SCROLLBAR_WIDTH).max(char_width * 8.0);
    let column = usable.min(style.max_text_width);
    let text_left = (rect.center().x - column / 2.0).max(rect.left() + 8.0);
    Metrics {
        rect,
        text_left: (text_left * pixels).round() / pixels,
        wrap_width: column,
        row_height,
        font_size: style.font_size,
        char_width,
    }
}
