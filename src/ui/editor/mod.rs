//! The Markdown editor: the body text with syntax highlighting, soft-wrapped in a centred
//! column, and fast at any length.
//!
//! [`editor_ui`] shows the text and applies what the author types; it reports each change
//! ([`EditorOutput::changes`]) so the app can keep the undo history and re-analyse the
//! post. Changes the app makes itself (undo, formatting, link fixes) come back through
//! [`EditorState::text_changed_externally`].
//!
//! Only the lines in view are laid out and painted. The editor keeps where each line
//! starts ([`LineIndex`]) and how many rows each takes (a [`FenwickTree`]), both
//! updated from the changes rather than by reading the whole text again; lines never laid
//! out have their rows estimated from their length (the font is monospace) until they come
//! into view. Laid-out lines are cached by content ([`layout::LineCache`]). The scroll
//! position is a line and an offset into it, so refining the estimates never moves what is
//! on screen. A frame in which nothing happened does no work that grows with the text.

mod layout;

use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

use egui::accesskit::{self, Role};
use egui::text::{CCursor, CharIndex};
use egui::{
    Color32, CornerRadius, CursorIcon, Event, EventFilter, FontFamily, FontId, Galley, ImeEvent,
    Key, Modifiers, Pos2, Rect, Sense, Ui, Vec2, WidgetInfo, pos2, vec2,
};

use crate::ui::theme::SyntaxColours;
use layout::{LayoutKey, LineCache};
use postwright_core::edit::keys;
use postwright_core::edit::lines::{LineIndex, LineSplice};
use postwright_core::edit::{Assoc, Change, Edit, map_pos};
use postwright_core::fenwick::FenwickTree;
use postwright_core::md_syntax::{LineState, line_end_state};

/// Space above the first line, in points.
const TOP_PADDING: f32 = 32.0;
/// The least space on each side of the text column, in points.
const SIDE_MARGIN: f32 = 32.0;
/// Width of the scroll bar's track, in points.
const SCROLLBAR_WIDTH: f32 = 12.0;
/// Row height as a multiple of the font size.
const LINE_SPACING: f32 = 1.55;
/// The caret stops blinking (and the editor stops asking for repaints) after this many
/// seconds without input.
const BLINK_SECONDS: f64 = 10.0;
/// Clicks closer together than this (seconds) count as a double or triple click.
const MULTI_CLICK_SECONDS: f64 = 0.4;

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
    /// Line index, layout cache and scroll position; built on the first frame.
    view: Option<View>,
    /// Byte offset of the fixed end of the selection.
    anchor: usize,
    /// Byte offset of the caret.
    cursor: usize,
    /// The caret sits at the end of a wrapped row rather than the start of the next.
    upstream: bool,
    /// Where Up and Down aim, in points from the column's left edge.
    preferred_x: Option<f32>,
    /// Bring the caret into view once the frame's input is handled.
    follow_caret: bool,
    wants_focus: bool,
    /// Text being composed with an input method, shown at the caret, not yet in the text.
    preedit: Option<Preedit>,
    /// When the author last typed, clicked or moved the caret (egui time, seconds).
    last_interaction: f64,
    clicks: Clicks,
    drag: Option<DragSelect>,
    /// Where on the scroll bar's thumb the pointer grabbed it.
    scrollbar_grab: Option<f32>,
    line_column: Cell<Option<(usize, (usize, usize))>>,
}

#[derive(Clone, Debug)]
struct Preedit {
    text: String,
    /// The part the input method is working on, in characters of `text`.
    active: Option<Range<usize>>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Clicks {
    count: u32,
    time: f64,
    pos: Pos2,
}

/// A drag that selects by characters (1), words (2) or lines (3), from `origin`.
#[derive(Clone, Debug)]
struct DragSelect {
    granularity: u32,
    origin: Range<usize>,
}

impl EditorState {
    /// The selection as an ordered byte range.
    pub fn selection(&self) -> Range<usize> {
        self.anchor.min(self.cursor)..self.anchor.max(self.cursor)
    }

    /// The byte offset of the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Selects `range` (bytes; the caret goes to its end) and brings it into view on the
    /// next frame.
    pub fn set_selection(&mut self, range: Range<usize>) {
        self.anchor = range.start;
        self.cursor = range.end;
        self.upstream = false;
        self.preferred_x = None;
        self.preedit = None;
        self.follow_caret = true;
    }

    /// The byte offset of the first text in view: the start of the top row (for keeping a
    /// preview in step with the editor).
    pub fn first_visible_offset(&self) -> usize {
        self.view.as_ref().map_or(0, View::first_visible_offset)
    }

    /// Gives the editor keyboard focus on the next frame.
    pub fn request_focus(&mut self) {
        self.wants_focus = true;
    }

    /// The app changed the text itself (undo, formatting, a link fix): `changes` were
    /// applied to the text, in order. The editor updates its line index from them, and
    /// moves the selection along (set it afterwards to put it somewhere else).
    pub fn text_changed_externally(&mut self, changes: &[Change]) {
        self.anchor = map_pos(changes, self.anchor, Assoc::Before);
        self.cursor = map_pos(changes, self.cursor, Assoc::Before);
        if let Some(view) = &mut self.view {
            for change in changes {
                view.splice(change.offset, change.removed.len(), &change.inserted);
            }
        }
        self.preedit = None;
        self.line_column.set(None);
    }

    /// The 1-based line and column of the cursor.
    pub fn cursor_line_column(&self, text: &str) -> (usize, usize) {
        let cursor = text.floor_char_boundary(self.cursor);
        if let Some((at, result)) = self.line_column.get()
            && at == cursor
        {
            return result;
        }
        let result = match &self.view {
            Some(view) if view.doc.lines.text_len() == text.len() => {
                view.doc.lines.line_and_column(text, cursor)
            }
            _ => LineIndex::new(text).line_and_column(text, cursor),
        };
        self.line_column.set(Some((cursor, result)));
        result
    }

    fn after_move(&mut self, now: f64) {
        self.follow_caret = true;
        self.last_interaction = now;
        self.line_column.set(None);
    }
}

/// The lines of the text: where they start, the state each starts in (inside a fenced
/// code block or not), and their rows on screen.
struct Document {
    lines: LineIndex,
    /// The state each line starts in.
    states: Vec<LineState>,
    /// Rows of each line on screen, with their running sums.
    rows: FenwickTree<u64>,
    /// Characters per row, for estimating the rows of lines not laid out yet.
    columns: usize,
    /// Lines changed since the states were last brought up to date.
    stale: Option<Range<usize>>,
}

impl Document {
    fn new(text: &str, columns: usize) -> Self {
        let lines = LineIndex::new(text);
        let mut states = Vec::with_capacity(lines.line_count());
        let mut state = LineState::Normal;
        for line in 0..lines.line_count() {
            states.push(state);
            state = line_end_state(&text[lines.line_range(line)], state);
        }
        let mut document = Self {
            lines,
            states,
            rows: FenwickTree::default(),
            columns: columns.max(1),
            stale: None,
        };
        document.estimate_all();
        document
    }

    fn estimate(&self, line: usize) -> u64 {
        let len = self.lines.line_range(line).len();
        u64::try_from(len.div_ceil(self.columns).max(1)).unwrap_or(u64::MAX)
    }

    fn estimate_all(&mut self) {
        let rows = (0..self.lines.line_count())
            .map(|line| self.estimate(line))
            .collect();
        self.rows = FenwickTree::new(rows);
    }

    fn set_columns(&mut self, columns: usize) {
        if self.columns != columns.max(1) {
            self.columns = columns.max(1);
            self.estimate_all();
        }
    }

    /// Follows a change in the structure: line starts, placeholder states, estimated
    /// rows. [`Document::refresh`] brings the states up to date once the text is at hand.
    fn splice(&mut self, offset: usize, removed_len: usize, inserted: &str) -> LineSplice {
        let splice = self.lines.apply(offset, removed_len, inserted);
        let LineSplice {
            first,
            removed,
            inserted,
        } = splice;
        self.states.splice(
            first + 1..first + removed,
            std::iter::repeat_n(LineState::Normal, inserted - 1),
        );
        let estimates: Vec<u64> = (first..first + inserted)
            .map(|line| self.estimate(line))
            .collect();
        self.rows.splice(first, removed, estimates);
        let map = |line: usize| {
            if line <= first {
                line
            } else if line >= first + removed {
                line + inserted - removed
            } else {
                first + inserted
            }
        };
        self.stale = Some(match self.stale.take() {
            Some(stale) => map(stale.start).min(first)..map(stale.end).max(first + inserted),
            None => first..first + inserted,
        });
        splice
    }

    /// Recomputes the states of the lines after changed ones, until they agree with what
    /// was there.
    fn refresh(&mut self, text: &str) {
        let Some(stale) = self.stale.take() else {
            return;
        };
        let count = self.lines.line_count();
        let mut line = stale.start.min(count - 1);
        while line + 1 < count {
            let next = line_end_state(self.line_text(text, line), self.states[line]);
            line += 1;
            if line >= stale.end && self.states[line] == next {
                break;
            }
            self.states[line] = next;
        }
    }

    fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        text.get(self.lines.line_range(line)).unwrap_or_default()
    }

    /// Whether the index still describes `text`: the same length, and line breaks where it
    /// says the lines around `offsets` end. Catches a text changed without telling the
    /// editor, in O(1).
    fn agrees_with(&self, text: &str, offsets: &[usize]) -> bool {
        let bytes = text.as_bytes();
        self.lines.text_len() == text.len()
            && offsets.iter().all(|&offset| {
                let range = self
                    .lines
                    .line_range(self.lines.line_of(offset.min(text.len())));
                (range.start == 0 || bytes.get(range.start - 1) == Some(&b'\n'))
                    && (range.end == text.len() || bytes.get(range.end) == Some(&b'\n'))
            })
    }

    /// Whether `line` belongs to a fenced code block: (inside, opens it, closes it).
    fn code_block(&self, line: usize) -> (bool, bool, bool) {
        let state = self.states[line];
        let next = self.states.get(line + 1).copied();
        let opens = state == LineState::Normal && matches!(next, Some(LineState::Fence { .. }));
        let inside = state != LineState::Normal || opens;
        let closes = state != LineState::Normal && next.is_none_or(|n| n == LineState::Normal);
        (inside, opens, closes)
    }
}

/// Where the view is: the top line and how far into it (points) the view's top edge is.
/// On the first line the offset can be negative, down to the top padding.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ScrollPosition {
    line: usize,
    offset: f32,
}

/// Sizes and places of this frame.
#[derive(Clone, Copy, Debug)]
struct Metrics {
    /// The editor's whole area.
    rect: Rect,
    /// Left edge of the text column.
    text_left: f32,
    wrap_width: f32,
    row_height: f32,
    font_size: f32,
    char_width: f32,
}

/// A line on screen this frame.
#[derive(Clone, Debug)]
struct VisibleLine {
    line: usize,
    /// Screen y of the line's top.
    top: f32,
    galley: Arc<Galley>,
}

impl VisibleLine {
    fn height(&self) -> f32 {
        self.galley.rect.height()
    }
}

/// What the visible lines were laid out for; the same key means the same lines.
#[derive(Clone, Debug, PartialEq)]
struct VisibleKey {
    revision: u64,
    scroll: ScrollPosition,
    rect: Rect,
    preedit: Option<(usize, String)>,
}

/// The document and how it is shown.
struct View {
    doc: Document,
    cache: LineCache,
    scroll: ScrollPosition,
    m: Metrics,
    visible: Vec<VisibleLine>,
    visible_key: Option<VisibleKey>,
    /// Changes whenever the text or the layout changes.
    revision: u64,
}

impl View {
    fn new(text: &str, m: Metrics) -> Self {
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

    fn splice(&mut self, offset: usize, removed_len: usize, inserted: &str) {
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
    fn galley(&mut self, ctx: &egui::Context, text: &str, line: usize) -> Arc<Galley> {
        let galley = self
            .cache
            .galley(ctx, self.doc.line_text(text, line), self.doc.states[line]);
        let rows = u64::try_from(galley.rows.len().max(1)).unwrap_or(u64::MAX);
        self.doc.rows.set(line, rows);
        galley
    }

    fn line_height(&mut self, ctx: &egui::Context, text: &str, line: usize) -> f32 {
        self.galley(ctx, text, line).rect.height()
    }

    fn viewport_height(&self) -> f32 {
        self.m.rect.height()
    }

    /// The view's top edge in document coordinates (0 is the top of the padding).
    fn view_top(&self) -> f64 {
        f64::from(TOP_PADDING)
            + self.doc.rows.prefix(self.scroll.line) as f64 * f64::from(self.m.row_height)
            + f64::from(self.scroll.offset)
    }

    /// Height of everything that can be scrolled through: the text, the top padding, and
    /// half a view below the last line.
    fn content_height(&self) -> f64 {
        f64::from(TOP_PADDING)
            + self.doc.rows.total() as f64 * f64::from(self.m.row_height)
            + f64::from(self.viewport_height() * 0.5)
    }

    /// Moves the view down by `delta` points (up when negative), measuring the lines it
    /// passes. Long jumps go by the estimated heights instead.
    fn scroll_by(&mut self, ctx: &egui::Context, text: &str, delta: f32) {
        if delta.abs() > 4.0 * self.viewport_height() {
            self.jump_to(self.view_top() + f64::from(delta));
            return;
        }
        self.scroll.offset += delta;
        self.normalise(ctx, text);
    }

    /// Keeps the scroll offset within the top line, moving to neighbouring lines.
    fn normalise(&mut self, ctx: &egui::Context, text: &str) {
        let count = self.doc.lines.line_count();
        self.scroll.line = self.scroll.line.min(count - 1);
        loop {
            if self.scroll.offset < 0.0 && self.scroll.line > 0 {
                self.scroll.line -= 1;
                self.scroll.offset += self.line_height(ctx, text, self.scroll.line);
                continue;
            }
            let height = self.line_height(ctx, text, self.scroll.line);
            if self.scroll.offset >= height && self.scroll.line + 1 < count {
                self.scroll.offset -= height;
                self.scroll.line += 1;
                continue;
            }
            break;
        }
        if self.scroll.line == 0 {
            self.scroll.offset = self.scroll.offset.max(-TOP_PADDING);
        }
    }

    /// Puts the view's top edge at `y` in document coordinates, by the row tree.
    fn jump_to(&mut self, y: f64) {
        let max = (self.content_height() - f64::from(self.viewport_height())).max(0.0);
        let y = y.clamp(0.0, max) - f64::from(TOP_PADDING);
        if y < 0.0 {
            self.scroll = ScrollPosition {
                line: 0,
                offset: y as f32,
            };
            return;
        }
        let row_height = f64::from(self.m.row_height);
        let line = self.doc.rows.index_at((y / row_height) as u64);
        let line_top = self.doc.rows.prefix(line) as f64 * row_height;
        self.scroll = ScrollPosition {
            line,
            offset: (y - line_top) as f32,
        };
    }

    /// How far below the view's top edge `line` starts, walking at most `limit` points;
    /// `None` when it is farther.
    fn distance_to(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        line: usize,
        limit: f32,
    ) -> Option<f32> {
        let mut distance = -self.scroll.offset;
        if line >= self.scroll.line {
            for between in self.scroll.line..line {
                distance += self.line_height(ctx, text, between);
                if distance > limit {
                    return None;
                }
            }
        } else {
            for between in (line..self.scroll.line).rev() {
                distance -= self.line_height(ctx, text, between);
                if distance < -limit {
                    return None;
                }
            }
        }
        Some(distance)
    }

    /// Scrolls as little as needed to show rows `y0..y1` of `line` (points from the line's
    /// top) with a margin; a far-away target is put a third of the way down the view.
    fn reveal(&mut self, ctx: &egui::Context, text: &str, line: usize, y0: f32, y1: f32) {
        let height = self.viewport_height();
        let margin = (2.0 * self.m.row_height).min(height / 4.0);
        match self.distance_to(ctx, text, line, 3.0 * height) {
            Some(distance) => {
                let (top, bottom) = (distance + y0, distance + y1);
                if top < margin {
                    self.scroll_by(ctx, text, top - margin);
                } else if bottom > height - margin {
                    self.scroll_by(ctx, text, bottom - (height - margin));
                }
            }
            None => {
                self.scroll = ScrollPosition { line, offset: y0 };
                self.scroll_by(ctx, text, -height / 3.0);
            }
        }
    }

    /// Lays out the lines in view, top to bottom, and keeps the end of the text from
    /// rising above the middle of the view.
    fn layout_visible(&mut self, ctx: &egui::Context, text: &str, preedit: Option<&Composing>) {
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

    fn first_visible_offset(&self) -> usize {
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
    fn locate(
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
    fn offset_of(&self, text: &str, line: usize, chars: usize) -> usize {
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
    fn move_rows(
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
    fn row_of(
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
    fn hit(&self, text: &str, pos: Pos2) -> Option<(usize, bool)> {
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
struct Composing {
    line: usize,
    galley: Arc<Galley>,
    /// The composition, in characters of the composed line.
    chars: Range<usize>,
}

fn ccursor(chars: usize, upstream: bool) -> CCursor {
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

fn columns(m: &Metrics) -> usize {
    (m.wrap_width / m.char_width.max(1.0)).floor().max(1.0) as usize
}

fn colours_hash(colours: &SyntaxColours) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for colour in [
        colours.text,
        colours.heading,
        colours.marker,
        colours.emphasis,
        colours.code,
        colours.code_background,
        colours.link_text,
        colours.url,
        colours.list,
        colours.quote,
        colours.html,
    ] {
        colour.hash(&mut hasher);
    }
    hasher.finish()
}

/// Shows the editor for `text`.
pub fn editor_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    text: &mut String,
    style: &EditorStyle,
) -> EditorOutput {
    let ctx = ui.ctx().clone();
    let id = ui.make_persistent_id("markdown-editor");
    let rect = ui.available_rect_before_wrap();
    ui.advance_cursor_after_rect(rect);
    let response = ui.interact(rect, id, Sense::click_and_drag());

    let metrics = frame_metrics(ui, rect, style);
    let mut view = match state.view.take() {
        Some(view) if view.doc.agrees_with(text, &[state.cursor, state.anchor]) => view,
        // A text the editor has not seen, or one changed behind its back.
        _ => View::new(text, metrics),
    };
    view.doc.refresh(text);
    view.m = metrics;
    view.doc.set_columns(columns(&metrics));
    let key = LayoutKey {
        wrap_width: metrics.wrap_width,
        font_size: style.font_size,
        colours: colours_hash(&style.colours),
        pixels_per_point: ctx.pixels_per_point(),
    };
    if view.cache.begin_frame(&ctx, key, style, metrics.row_height) {
        view.revision += 1;
    }
    // Keep the selection on character boundaries of this text.
    state.anchor = text.floor_char_boundary(state.anchor);
    state.cursor = text.floor_char_boundary(state.cursor);
    let selection_before = state.selection();
    let now = ui.input(|i| i.time);
    let mut changes = Vec::new();

    if state.wants_focus {
        response.request_focus();
        state.wants_focus = false;
        state.last_interaction = now;
    }
    let has_focus = response.has_focus();
    let composing = {
        let mut editing = Editing {
            state: &mut *state,
            view: &mut view,
            text: &mut *text,
            changes: &mut changes,
            ctx: &ctx,
            now,
        };
        editing.accesskit_requests(id);
        if has_focus {
            // Tab and the arrows stay with the editor from the frame after it gains focus.
            if !ui.memory(|memory| memory.had_focus_last_frame(id)) {
                ui.ctx().request_repaint();
            }
            ui.memory_mut(|memory| {
                memory.set_focus_lock_filter(
                    id,
                    EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                    },
                );
            });
            let events = ui.input(|i| i.events.clone());
            for event in events {
                editing.event(event);
            }
        }
        editing.pointer(ui, &response, id);
        editing.composing()
    };
    scroll_to_caret(state, &mut view, &ctx, text);
    view.layout_visible(&ctx, text, composing.as_ref());

    paint(
        ui,
        state,
        &view,
        text,
        style,
        has_focus,
        composing.as_ref(),
        now,
    );
    accessibility(ui, &response, id, text);
    if has_focus {
        ime_output(ui, state, &view, text, composing.as_ref());
    }
    state.view = Some(view);
    EditorOutput {
        changes,
        selection_before,
        selection_after: state.selection(),
        has_focus,
    }
}

fn frame_metrics(ui: &Ui, rect: Rect, style: &EditorStyle) -> Metrics {
    let font_id = FontId::new(style.font_size, FontFamily::Monospace);
    let char_width = ui.fonts_mut(|fonts| fonts.glyph_width(&font_id, 'M'));
    let pixels = ui.ctx().pixels_per_point();
    // An even number of pixels keeps the text crisp.
    let row_height = ((style.font_size * LINE_SPACING * pixels / 2.0).round() * 2.0) / pixels;
    let usable = (rect.width() - 2.0 * SIDE_MARGIN - SCROLLBAR_WIDTH).max(char_width * 8.0);
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

/// Brings the caret into view when it moved or the app selected something.
fn scroll_to_caret(state: &mut EditorState, view: &mut View, ctx: &egui::Context, text: &str) {
    if std::mem::take(&mut state.follow_caret) {
        let (line, chars, galley) = view.locate(ctx, text, state.cursor);
        let caret = galley.pos_from_cursor(ccursor(chars, state.upstream));
        view.reveal(ctx, text, line, caret.min.y, caret.max.y);
    }
}

/// One frame's editing: the state, the text, and the changes made so far.
struct Editing<'a> {
    state: &'a mut EditorState,
    view: &'a mut View,
    text: &'a mut String,
    changes: &'a mut Vec<Change>,
    ctx: &'a egui::Context,
    now: f64,
}

impl Editing<'_> {
    fn selection(&self) -> Range<usize> {
        self.state.selection()
    }

    /// Replaces `range` with `inserted`, recording the change.
    fn replace(&mut self, range: Range<usize>, inserted: &str) {
        let change = Change::replace(self.text, range, inserted);
        self.make(change);
    }

    /// Makes `change` in the text and the line index, recording it.
    fn make(&mut self, change: Change) {
        if change.removed.is_empty() && change.inserted.is_empty() {
            return;
        }
        if change.apply(self.text).is_err() {
            // Made from this very text, so it fits; a change that did not is dropped
            // whole rather than recorded.
            return;
        }
        self.view
            .splice(change.offset, change.removed.len(), &change.inserted);
        self.view.doc.refresh(self.text);
        self.changes.push(change);
    }

    fn apply(&mut self, edit: Edit) {
        for change in edit.changes {
            self.make(change);
        }
        self.state.anchor = edit.selection.anchor;
        self.state.cursor = edit.selection.cursor;
        self.moved_caret();
    }

    /// Types `inserted` over the selection.
    fn insert(&mut self, inserted: &str) {
        let selection = self.selection();
        self.apply(Edit::replace(self.text, selection, inserted.to_owned()));
    }

    /// Deletes the selection, or else `range`.
    fn delete(&mut self, range: Range<usize>) {
        let selection = self.selection();
        let range = if selection.is_empty() {
            range
        } else {
            selection
        };
        let start = range.start;
        self.replace(range, "");
        self.state.anchor = start;
        self.state.cursor = start;
        self.moved_caret();
    }

    fn moved_caret(&mut self) {
        self.state.upstream = false;
        self.state.preferred_x = None;
        self.state.after_move(self.now);
    }

    /// Moves the caret to `offset`, extending the selection when `extend`.
    fn move_to(&mut self, offset: usize, extend: bool) {
        self.state.cursor = offset;
        if !extend {
            self.state.anchor = offset;
        }
        self.state.after_move(self.now);
    }

    fn accesskit_requests(&mut self, id: egui::Id) {
        let requests: Vec<(accesskit::Action, String)> = self.ctx.input(|input| {
            [
                accesskit::Action::SetValue,
                accesskit::Action::ReplaceSelectedText,
            ]
            .into_iter()
            .flat_map(|action| {
                input.accesskit_action_requests(id, action).filter_map(
                    move |request| match &request.data {
                        Some(accesskit::ActionData::Value(value)) => {
                            Some((action, value.to_string()))
                        }
                        _ => None,
                    },
                )
            })
            .collect()
        });
        for (action, value) in requests {
            let value = value.replace("\r\n", "\n");
            if action == accesskit::Action::SetValue {
                // Report only what differs, so undo has a small step.
                let old = self.text.as_bytes();
                let new = value.as_bytes();
                let mut prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
                let mut suffix = old[prefix..]
                    .iter()
                    .rev()
                    .zip(new[prefix..].iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                while !self.text.is_char_boundary(prefix) || !value.is_char_boundary(prefix) {
                    prefix -= 1;
                }
                while !self.text.is_char_boundary(old.len() - suffix)
                    || !value.is_char_boundary(new.len() - suffix)
                {
                    suffix -= 1;
                }
                let inserted = &value[prefix..new.len() - suffix];
                self.replace(prefix..old.len() - suffix, inserted);
                let end = prefix + inserted.len();
                self.state.anchor = end;
                self.state.cursor = end;
                self.moved_caret();
            } else {
                self.state.preedit = None;
                self.insert(&value);
            }
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Copy => {
                let selection = self.selection();
                if !selection.is_empty() {
                    self.ctx.copy_text(self.text[selection].to_owned());
                }
            }
            Event::Cut => {
                let selection = self.selection();
                if !selection.is_empty() {
                    self.ctx.copy_text(self.text[selection.clone()].to_owned());
                    self.delete(selection);
                }
            }
            Event::Paste(pasted) => {
                let pasted = pasted.replace("\r\n", "\n").replace('\r', "\n");
                if !pasted.is_empty() {
                    self.state.preedit = None;
                    self.insert(&pasted);
                }
            }
            Event::Text(typed) if !typed.is_empty() && typed != "\n" && typed != "\r" => {
                self.state.preedit = None;
                self.insert(&typed);
            }
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => self.key(key, modifiers),
            Event::Ime(ime) => self.ime(ime),
            _ => {}
        }
    }

    fn ime(&mut self, ime: ImeEvent) {
        match ime {
            ImeEvent::Preedit {
                text,
                active_range_chars,
            } => {
                if text.is_empty() || text == "\n" || text == "\r" {
                    self.state.preedit = None;
                    return;
                }
                if self.state.preedit.is_none() && !self.selection().is_empty() {
                    let selection = self.selection();
                    self.delete(selection);
                }
                self.state.preedit = Some(Preedit {
                    text,
                    active: active_range_chars,
                });
                self.state.after_move(self.now);
            }
            ImeEvent::Commit(committed) => {
                self.state.preedit = None;
                if !committed.is_empty() && committed != "\n" && committed != "\r" {
                    self.insert(&committed);
                }
            }
            ImeEvent::DeleteSurrounding {
                before_chars,
                after_chars,
            } => {
                let cursor = self.state.cursor;
                let mut start = cursor;
                for _ in 0..before_chars {
                    start = keys::previous_char(self.text, start);
                }
                let mut end = cursor;
                for _ in 0..after_chars {
                    end = keys::next_char(self.text, end);
                }
                self.state.anchor = cursor;
                self.replace(start..end, "");
                self.state.anchor = start;
                self.state.cursor = start;
                self.moved_caret();
            }
            #[expect(deprecated)]
            ImeEvent::Enabled | ImeEvent::Disabled => {}
        }
    }

    fn key(&mut self, key: Key, modifiers: Modifiers) {
        let extend = modifiers.shift;
        let word = modifiers.alt || modifiers.ctrl;
        let command = modifiers.command || modifiers.ctrl;
        let cursor = self.state.cursor;
        let selection = self.selection();
        let text_len = self.text.len();
        match key {
            Key::ArrowLeft | Key::ArrowRight => {
                let left = key == Key::ArrowLeft;
                let target = if modifiers.mac_cmd {
                    self.row_edge(left)
                } else if !extend && !selection.is_empty() && !word {
                    if left { selection.start } else { selection.end }
                } else if word {
                    if left {
                        keys::word_start_before(self.text, cursor)
                    } else {
                        keys::word_end_after(self.text, cursor)
                    }
                } else if left {
                    keys::previous_char(self.text, cursor)
                } else {
                    keys::next_char(self.text, cursor)
                };
                self.state.upstream = false;
                self.state.preferred_x = None;
                self.move_to(target, extend);
            }
            Key::ArrowUp | Key::ArrowDown => {
                let up = key == Key::ArrowUp;
                if modifiers.mac_cmd {
                    self.state.upstream = false;
                    self.move_to(if up { 0 } else { text_len }, extend);
                } else if word {
                    let line = keys::line_bounds(self.text, cursor);
                    let target = if up {
                        if cursor > line.start {
                            line.start
                        } else {
                            keys::line_bounds(self.text, line.start.saturating_sub(1)).start
                        }
                    } else if cursor < line.end {
                        line.end
                    } else {
                        keys::line_bounds(self.text, (line.end + 1).min(text_len)).end
                    };
                    self.state.upstream = false;
                    self.state.preferred_x = None;
                    self.move_to(target, extend);
                } else {
                    self.vertical(if up { -1 } else { 1 }, extend);
                }
            }
            Key::PageUp | Key::PageDown => {
                let rows =
                    ((self.view.viewport_height() / self.view.m.row_height) as isize - 2).max(1);
                let rows = if key == Key::PageUp { -rows } else { rows };
                self.view
                    .scroll_by(self.ctx, self.text, rows as f32 * self.view.m.row_height);
                self.vertical(rows, extend);
            }
            Key::Home | Key::End => {
                let home = key == Key::Home;
                if command {
                    self.state.upstream = false;
                    self.move_to(if home { 0 } else { text_len }, extend);
                } else {
                    let (line, start, end, last_row) =
                        self.view
                            .row_of(self.ctx, self.text, cursor, self.state.upstream);
                    let (_, chars, _) = self.view.locate(self.ctx, self.text, cursor);
                    let (target, upstream) = if home {
                        (if chars != start { start } else { 0 }, false)
                    } else if chars != end || (!self.state.upstream && !last_row) {
                        (end, !last_row)
                    } else {
                        (
                            self.view.doc.line_text(self.text, line).chars().count(),
                            false,
                        )
                    };
                    let offset = self.view.offset_of(self.text, line, target);
                    self.state.preferred_x = None;
                    self.move_to(offset, extend);
                    self.state.upstream = upstream;
                }
            }
            Key::Backspace => {
                let start = if !selection.is_empty() {
                    selection.start
                } else if modifiers.mac_cmd {
                    keys::line_bounds(self.text, cursor).start
                } else if word {
                    keys::word_start_before(self.text, cursor)
                } else {
                    keys::previous_char(self.text, cursor)
                };
                self.delete(start..cursor);
            }
            Key::Delete => {
                let end = if !selection.is_empty() {
                    selection.end
                } else if modifiers.mac_cmd {
                    keys::line_bounds(self.text, cursor).end
                } else if word {
                    keys::word_end_after(self.text, cursor)
                } else {
                    keys::next_char(self.text, cursor)
                };
                self.delete(cursor..end);
            }
            Key::Enter if !command && !modifiers.alt => {
                self.state.preedit = None;
                let line = self.view.doc.lines.line_of(selection.start);
                let in_code = self.view.doc.states[line] != LineState::Normal;
                let edit = keys::newline(self.text, selection, in_code, modifiers.shift);
                self.apply(edit);
            }
            Key::Tab if !command && !modifiers.alt => {
                if let Some(edit) = keys::tab(self.text, self.state.anchor, cursor, modifiers.shift)
                {
                    self.apply(edit);
                }
            }
            Key::A if command && !modifiers.shift => {
                self.state.anchor = 0;
                self.state.cursor = text_len;
                self.state.upstream = false;
                self.state.last_interaction = self.now;
            }
            _ => {}
        }
    }

    /// The start or end of the caret's visual row.
    fn row_edge(&mut self, start: bool) -> usize {
        let cursor = self.state.cursor;
        let (line, row_start, row_end, _) =
            self.view
                .row_of(self.ctx, self.text, cursor, self.state.upstream);
        self.view
            .offset_of(self.text, line, if start { row_start } else { row_end })
    }

    fn vertical(&mut self, rows: isize, extend: bool) {
        let selection = self.selection();
        let from = if !extend && !selection.is_empty() {
            if rows < 0 {
                selection.start
            } else {
                selection.end
            }
        } else {
            self.state.cursor
        };
        let (offset, upstream, x) = self.view.move_rows(
            self.ctx,
            self.text,
            from,
            self.state.upstream,
            self.state.preferred_x,
            rows,
        );
        self.move_to(offset, extend);
        self.state.upstream = upstream;
        self.state.preferred_x = Some(x);
    }

    /// Clicks, drags, the wheel, the scroll bar.
    fn pointer(&mut self, ui: &Ui, response: &egui::Response, id: egui::Id) {
        let m = self.view.m;
        // Lay out what is in view before hit-testing, in case typing changed it.
        self.view.layout_visible(self.ctx, self.text, None);
        let scrollbar = self.scrollbar(ui, id);
        let (pointer, pressed, down, modifiers, dt) = ui.input(|i| {
            (
                i.pointer.interact_pos(),
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.modifiers,
                i.stable_dt,
            )
        });
        if response.hovered() && !scrollbar {
            ui.set_cursor_icon(CursorIcon::Text);
            let wheel = ui.input(|i| i.smooth_scroll_delta.y);
            if wheel != 0.0 {
                self.view.scroll_by(self.ctx, self.text, -wheel);
                ui.input_mut(|i| i.smooth_scroll_delta.y = 0.0);
                self.view.layout_visible(self.ctx, self.text, None);
            }
        }
        // Middle-click pastes the primary selection where it is clicked.
        let middle = ui.input(|i| {
            i.events.iter().find_map(|event| match event {
                Event::MiddleClickPaste { pos, text } => Some((*pos, text.clone())),
                _ => None,
            })
        });
        if let Some((pos, pasted)) = middle
            && m.rect.contains(pos)
            && let Some((offset, _)) = self.view.hit(self.text, pos)
        {
            response.request_focus();
            self.move_to(offset, false);
            self.insert(&pasted.replace("\r\n", "\n"));
            self.view.layout_visible(self.ctx, self.text, None);
        }
        let Some(pos) = pointer else {
            return;
        };
        if pressed && response.hovered() && !scrollbar {
            response.request_focus();
            let clicks = &mut self.state.clicks;
            clicks.count =
                if self.now - clicks.time < MULTI_CLICK_SECONDS && clicks.pos.distance(pos) < 6.0 {
                    clicks.count % 3 + 1
                } else {
                    1
                };
            clicks.time = self.now;
            clicks.pos = pos;
            let count = clicks.count;
            self.state.preedit = None;
            if let Some((offset, upstream)) = self.view.hit(self.text, pos) {
                let origin = match count {
                    2 => keys::word_at(self.text, offset),
                    3 => keys::line_at(self.text, offset),
                    _ => offset..offset,
                };
                if modifiers.shift {
                    let anchor = self.state.anchor;
                    self.state.drag = Some(DragSelect {
                        granularity: 1,
                        origin: anchor..anchor,
                    });
                    self.state.cursor = offset;
                } else {
                    self.state.anchor = origin.start;
                    self.state.cursor = origin.end;
                    self.state.drag = Some(DragSelect {
                        granularity: count,
                        origin,
                    });
                }
                self.state.upstream = upstream && count == 1;
                self.state.preferred_x = None;
                self.state.last_interaction = self.now;
                self.state.line_column.set(None);
            }
            return;
        }
        if !down {
            self.state.drag = None;
            return;
        }
        let Some(drag) = self.state.drag.clone() else {
            return;
        };
        // Past the top or bottom edge, the view scrolls, faster the farther out.
        let beyond = if pos.y < m.rect.top() {
            pos.y - m.rect.top()
        } else if pos.y > m.rect.bottom() {
            pos.y - m.rect.bottom()
        } else {
            0.0
        };
        if beyond != 0.0 {
            let speed = beyond.clamp(-300.0, 300.0) * 12.0;
            self.view
                .scroll_by(self.ctx, self.text, speed * dt.min(0.1));
            self.view.layout_visible(self.ctx, self.text, None);
            ui.ctx().request_repaint();
        }
        let Some((offset, upstream)) = self.view.hit(self.text, pos) else {
            return;
        };
        let unit = match drag.granularity {
            2 => keys::word_at(self.text, offset),
            3 => keys::line_at(self.text, offset),
            _ => offset..offset,
        };
        let (anchor, cursor) = if unit.start < drag.origin.start {
            (drag.origin.end, unit.start)
        } else {
            (drag.origin.start, unit.end.max(drag.origin.end))
        };
        if (anchor, cursor) != (self.state.anchor, self.state.cursor) {
            self.state.anchor = anchor;
            self.state.cursor = cursor;
            self.state.upstream = upstream && drag.granularity == 1;
            self.state.last_interaction = self.now;
            self.state.line_column.set(None);
        }
    }

    /// The scroll bar's interaction. Returns whether the pointer is on it.
    fn scrollbar(&mut self, ui: &Ui, id: egui::Id) -> bool {
        let m = self.view.m;
        let content = self.view.content_height();
        let height = f64::from(self.view.viewport_height());
        if content <= height + 1.0 {
            self.state.scrollbar_grab = None;
            return false;
        }
        let track = Rect::from_min_max(
            pos2(m.rect.right() - SCROLLBAR_WIDTH, m.rect.top()),
            m.rect.right_bottom(),
        );
        let bar = ui.interact(track, id.with("scrollbar"), Sense::click_and_drag());
        let (thumb_top, thumb_height) = thumb(self.view.view_top(), content, track);
        if let Some(pos) = bar.interact_pointer_pos() {
            let grab = *self.state.scrollbar_grab.get_or_insert_with(|| {
                if (thumb_top..thumb_top + thumb_height).contains(&pos.y) {
                    pos.y - thumb_top
                } else {
                    thumb_height / 2.0
                }
            });
            let fraction = f64::from(pos.y - grab - track.top())
                / f64::from((track.height() - thumb_height).max(1.0));
            let target = fraction.clamp(0.0, 1.0) * (content - height);
            self.view.jump_to(target);
            self.view.normalise(self.ctx, self.text);
            self.view.layout_visible(self.ctx, self.text, None);
        } else {
            self.state.scrollbar_grab = None;
        }
        bar.hovered() || bar.dragged()
    }

    /// The line being composed with an input method, laid out with the composition.
    fn composing(&mut self) -> Option<Composing> {
        let preedit = self.state.preedit.as_ref()?;
        let cursor = self.state.cursor;
        let line = self.view.doc.lines.line_of(cursor);
        let range = self.view.doc.lines.line_range(line);
        let mut composed = self.text[range.start..cursor].to_owned();
        let start = composed.len();
        composed.push_str(&preedit.text);
        let end = composed.len();
        composed.push_str(&self.text[cursor..range.end]);
        let galley = self.view.cache.layout(
            self.ctx,
            &composed,
            self.view.doc.states[line],
            Some(start..end),
        );
        let start_chars = composed[..start].chars().count();
        let chars = start_chars..start_chars + preedit.text.chars().count();
        Some(Composing {
            line,
            galley,
            chars,
        })
    }
}

/// The scroll bar thumb's top and height.
fn thumb(view_top: f64, content: f64, track: Rect) -> (f32, f32) {
    let track_height = f64::from(track.height());
    let height = (track_height * track_height / content)
        .max(28.0)
        .min(track_height);
    let top = view_top / (content - track_height).max(1.0) * (track_height - height);
    (track.top() + top as f32, height as f32)
}

#[expect(clippy::too_many_arguments)]
fn paint(
    ui: &Ui,
    state: &EditorState,
    view: &View,
    text: &str,
    style: &EditorStyle,
    has_focus: bool,
    composing: Option<&Composing>,
    now: f64,
) {
    let m = view.m;
    let painter = ui.painter_at(m.rect);
    painter.rect_filled(m.rect, 0.0, style.background);
    let selection = state.selection();
    let selection_fill = if has_focus {
        ui.visuals().selection.bg_fill
    } else {
        ui.visuals().selection.bg_fill.gamma_multiply(0.6)
    };
    let newline_width = m.char_width * 0.6;
    for visible in &view.visible {
        let line = visible.line;
        // Fenced code sits on a band the width of the column.
        let (inside, opens, closes) = view.doc.code_block(line);
        if inside {
            let band = Rect::from_min_max(
                pos2(m.text_left - 10.0, visible.top),
                pos2(
                    m.text_left + m.wrap_width + 10.0,
                    visible.top + visible.height(),
                ),
            );
            let radius = |round: bool| if round { 6 } else { 0 };
            painter.rect_filled(
                band,
                CornerRadius {
                    nw: radius(opens),
                    ne: radius(opens),
                    sw: radius(closes),
                    se: radius(closes),
                },
                style.colours.code_background,
            );
        }
        // The selection, with a sliver past the end of each line whose `\n` it takes.
        let range = view.doc.lines.line_range(line);
        let is_composing = composing.is_some_and(|c| c.line == line);
        if !selection.is_empty()
            && !is_composing
            && selection.start <= range.end
            && selection.end >= range.start
        {
            let start = selection.start.max(range.start);
            let end = selection.end.min(range.end);
            let takes_newline = selection.end > range.end && line + 1 < view.doc.lines.line_count();
            let first_char = text[range.start..start].chars().count();
            let last_char = first_char + text[start..end].chars().count();
            let mut row_start = 0;
            let rows = visible.galley.rows.len();
            for (index, row) in visible.galley.rows.iter().enumerate() {
                let row_end = row_start + row.glyphs.len();
                let last_row = index + 1 == rows;
                let from = first_char.max(row_start);
                let to = last_char.min(row_end);
                let covers = from < to || (last_row && takes_newline && from <= to);
                if covers && (from < row_end || last_row) {
                    let left = row.pos.x + row.x_offset(CharIndex(from - row_start));
                    let mut right = if to < row_end {
                        row.pos.x + row.x_offset(CharIndex(to - row_start))
                    } else {
                        row.pos.x + row.size.x
                    };
                    if last_row && takes_newline {
                        right += newline_width;
                    }
                    let rect = Rect::from_min_max(
                        pos2(m.text_left + left, visible.top + row.min_y()),
                        pos2(m.text_left + right, visible.top + row.max_y()),
                    );
                    painter.rect_filled(rect, 2.0, selection_fill);
                }
                row_start = row_end;
            }
        }
        painter.galley(
            pos2(m.text_left, visible.top),
            Arc::clone(&visible.galley),
            style.colours.text,
        );
    }
    if has_focus && ui.input(|i| i.focused) {
        paint_caret(ui, &painter, state, view, text, composing, now);
    }
    // The scroll bar: a thin thumb, wider when the pointer is near.
    let content = view.content_height();
    if content > f64::from(view.viewport_height()) + 1.0 {
        let track = Rect::from_min_max(
            pos2(m.rect.right() - SCROLLBAR_WIDTH, m.rect.top()),
            m.rect.right_bottom(),
        );
        let (top, height) = thumb(view.view_top(), content, track);
        let near = ui
            .input(|i| i.pointer.hover_pos())
            .is_some_and(|pos| track.expand(4.0).contains(pos))
            || state.scrollbar_grab.is_some();
        let width = if near { 8.0 } else { 4.0 };
        let thumb = Rect::from_min_max(
            pos2(track.right() - width - 2.0, top + 2.0),
            pos2(track.right() - 2.0, top + height - 2.0),
        );
        let colour = style
            .colours
            .marker
            .gamma_multiply(if near { 0.9 } else { 0.5 });
        painter.rect_filled(thumb, width / 2.0, colour);
    }
}

/// The caret's rectangle on screen, if its line is in view.
fn caret_rect(
    state: &EditorState,
    view: &View,
    text: &str,
    composing: Option<&Composing>,
) -> Option<Rect> {
    let m = view.m;
    let line = view.doc.lines.line_of(state.cursor);
    let visible = view.visible.iter().find(|v| v.line == line)?;
    let cursor = match (composing, &state.preedit) {
        (Some(composing), Some(preedit)) if composing.line == line => {
            let within = preedit
                .active
                .as_ref()
                .map_or(composing.chars.len(), |active| active.end);
            ccursor(composing.chars.start + within, false)
        }
        _ => {
            let start = view.doc.lines.line_start(line);
            let chars = text[start..state.cursor].chars().count();
            ccursor(chars, state.upstream)
        }
    };
    let at = visible.galley.pos_from_cursor(cursor);
    let caret_height = (m.font_size * 1.35).min(m.row_height);
    let middle = visible.top + (at.min.y + at.max.y) / 2.0;
    Some(Rect::from_min_max(
        pos2(m.text_left + at.min.x, middle - caret_height / 2.0),
        pos2(m.text_left + at.min.x, middle + caret_height / 2.0),
    ))
}

fn paint_caret(
    ui: &Ui,
    painter: &egui::Painter,
    state: &EditorState,
    view: &View,
    text: &str,
    composing: Option<&Composing>,
    now: f64,
) {
    let Some(rect) = caret_rect(state, view, text, composing) else {
        return;
    };
    let cursor_style = &ui.visuals().text_cursor;
    let since = now - state.last_interaction;
    let shown = if cursor_style.blink && since < BLINK_SECONDS {
        let on = f64::from(cursor_style.on_duration);
        let period = on + f64::from(cursor_style.off_duration);
        let phase = since % period;
        let (shown, wake) = if phase < on {
            (true, on - phase)
        } else {
            (false, period - phase)
        };
        ui.ctx()
            .request_repaint_after_secs(wake.min(BLINK_SECONDS - since).max(0.01) as f32);
        shown
    } else {
        true
    };
    if shown {
        let width = cursor_style.stroke.width.max(1.5);
        painter.rect_filled(
            Rect::from_center_size(rect.center(), vec2(width, rect.height())),
            width / 2.0,
            cursor_style.stroke.color,
        );
    }
}

fn ime_output(
    ui: &Ui,
    state: &EditorState,
    view: &View,
    text: &str,
    composing: Option<&Composing>,
) {
    let Some(caret) = caret_rect(state, view, text, composing) else {
        return;
    };
    let to_global = ui
        .ctx()
        .layer_transform_to_global(ui.layer_id())
        .unwrap_or_default();
    ui.output_mut(|output| {
        output.ime = Some(egui::output::IMEOutput {
            purpose: egui::IMEPurpose::Normal,
            rect: to_global * view.m.rect,
            cursor_rect: to_global * caret.expand2(Vec2::new(1.0, 0.0)),
            should_interrupt_composition: false,
        });
    });
}

/// One focusable node: a multi-line text input named "Markdown editor" whose value is the
/// text. The value is built only when assistive technology is listening.
fn accessibility(ui: &Ui, response: &egui::Response, id: egui::Id, text: &str) {
    response.widget_info(|| WidgetInfo::labeled(Role::MultilineTextInput, true, "Markdown editor"));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(Role::MultilineTextInput);
        node.set_label("Markdown editor");
        node.set_value(text);
        node.add_action(accesskit::Action::Focus);
        node.add_action(accesskit::Action::SetValue);
        node.add_action(accesskit::Action::ReplaceSelectedText);
    });
}

#[cfg(test)]
mod tests;
