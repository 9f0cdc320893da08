//! What the editor keeps between frames: the selection, the caret's habits, clicks and
//! drags in progress, and the view (built on the first frame).

use std::cell::{Cell, RefCell};
use std::ops::Range;

use egui::Pos2;

use super::context_menu::{ContextMenuAt, MenuPlace};
use super::paint::TicksKey;
use super::view::View;
use postwright_core::edit::lines::LineIndex;
use postwright_core::edit::{Assoc, Change, map_pos};

/// The editor's state between frames.
#[derive(Default)]
pub struct EditorState {
    /// Line index, layout cache and scroll position; built on the first frame.
    pub(super) view: Option<View>,
    /// Byte offset of the fixed end of the selection.
    pub(super) anchor: usize,
    /// Byte offset of the caret.
    pub(super) cursor: usize,
    /// The caret sits at the end of a wrapped row rather than the start of the next.
    pub(super) upstream: bool,
    /// Where Up and Down aim, in points from the column's left edge.
    pub(super) preferred_x: Option<f32>,
    /// Bring the caret into view once the frame's input is handled.
    pub(super) follow_caret: bool,
    /// Put the caret's line at the top of the view, rather than just in view.
    pub(super) caret_to_top: bool,
    /// Take the keyboard focus on the next frame.
    pub(super) wants_focus: bool,
    /// Text being composed with an input method, shown at the caret, not yet in the text.
    pub(super) preedit: Option<Preedit>,
    /// When the author last typed, clicked or moved the caret (egui time, seconds).
    pub(super) last_interaction: f64,
    /// The last click, to count double and triple clicks.
    pub(super) clicks: Clicks,
    /// A drag that selects, while the button is down.
    pub(super) drag: Option<DragSelect>,
    /// Where on the scroll bar's thumb the pointer grabbed it.
    pub(super) scrollbar_grab: Option<f32>,
    /// The caret's offset and its line and column, kept until the caret moves (the status
    /// bar asks every frame).
    pub(super) line_column: Cell<Option<(usize, (usize, usize))>>,
    /// The scroll bar's ticks for the last few mark layers, by what they were computed for.
    pub(super) ticks: RefCell<Vec<(TicksKey, Vec<u16>)>>,
    /// The right-click menu, while it is open.
    pub(super) menu: Option<ContextMenuAt>,
    /// Where the right-click menu's popup lives, as of the last frame.
    pub(super) menu_place: Option<MenuPlace>,
    /// Open the right-click menu at the caret on the next frame.
    pub(super) menu_at_caret: bool,
}

/// Text an input method is composing at the caret.
#[derive(Clone, Debug)]
pub(super) struct Preedit {
    pub(super) text: String,
    /// The part the input method is working on, in characters of `text`.
    pub(super) active: Option<Range<usize>>,
}

/// Where and when the last click was, and how many came in a row.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Clicks {
    pub(super) count: u32,
    pub(super) time: f64,
    pub(super) pos: Pos2,
}

/// A drag that selects by characters (1), words (2) or lines (3), from `origin`.
#[derive(Clone, Debug)]
pub(super) struct DragSelect {
    pub(super) granularity: u32,
    pub(super) origin: Range<usize>,
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
        self.caret_to_top = false;
    }

    /// Puts the caret at `offset` and scrolls so that its line is at the top of the view,
    /// on the next frame (going to a heading or a line).
    pub fn jump_to(&mut self, offset: usize) {
        self.set_selection(offset..offset);
        self.caret_to_top = true;
    }

    /// Selects the whole of a text `len` bytes long, leaving the view where it is.
    pub fn select_all(&mut self, len: usize) {
        self.anchor = 0;
        self.cursor = len;
        self.upstream = false;
        self.preferred_x = None;
        self.preedit = None;
        self.line_column.set(None);
    }

    /// The number of lines of `text`.
    pub fn line_count(&self, text: &str) -> usize {
        match self.lines_of(text) {
            Some(lines) => lines.line_count(),
            None => LineIndex::new(text).line_count(),
        }
    }

    /// The byte offset of 1-based `line` and `column` (in characters) of `text`, each
    /// kept within the text: past the last line is the last line, past the end of a line
    /// is its end.
    pub fn offset_of_line(&self, text: &str, line: usize, column: usize) -> usize {
        let fresh;
        let lines = match self.lines_of(text) {
            Some(lines) => lines,
            None => {
                fresh = LineIndex::new(text);
                &fresh
            }
        };
        let line = line.clamp(1, lines.line_count()) - 1;
        let range = lines.line_range(line);
        let line_text = &text[range.clone()];
        range.start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(index, _)| index)
    }

    /// The editor's line index, when it describes `text`.
    fn lines_of(&self, text: &str) -> Option<&LineIndex> {
        self.view
            .as_ref()
            .map(|view| &view.doc.lines)
            .filter(|lines| lines.text_len() == text.len())
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

    /// Takes back [`Self::request_focus`]: the focus stays where it is (a replacement made
    /// from the find bar leaves the focus in the bar).
    pub fn cancel_focus_request(&mut self) {
        self.wants_focus = false;
    }

    /// Opens the right-click menu at the caret on the next frame (bringing the caret into
    /// view first), as a secondary click opens it at the pointer.
    pub fn open_context_menu_at_caret(&mut self) {
        self.menu_at_caret = true;
        self.follow_caret = true;
    }

    /// The byte offset the right-click menu was opened on, while it is open.
    pub fn context_menu_offset(&self) -> Option<usize> {
        self.menu.map(|menu| menu.offset())
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
        let result = match self.lines_of(text) {
            Some(lines) => lines.line_and_column(text, cursor),
            None => LineIndex::new(text).line_and_column(text, cursor),
        };
        self.line_column.set(Some((cursor, result)));
        result
    }

    pub(super) fn after_move(&mut self, now: f64) {
        self.follow_caret = true;
        self.last_interaction = now;
        self.line_column.set(None);
    }
}
