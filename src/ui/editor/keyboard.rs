//! What the editing keys do: arrows by character, word, row and line, Home and End by row
//! then line, Page Up and Down, Backspace and Delete, Enter and Tab through the Markdown
//! rules in `postwright_core::edit::keys`, and select all.

use egui::{Key, Modifiers};

use super::input::Editing;
use postwright_core::edit::keys;
use postwright_core::md_syntax::LineState;

impl Editing<'_> {
    pub(super) fn key(&mut self, key: Key, modifiers: Modifiers) {
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
}
