//! Editing from input: one frame's [`Editing`] applies typed text, the clipboard and input
//! method composition to the text, recording each [`Change`]; the keys, the pointer and
//! assistive technology add their parts in `keyboard`, `pointer` and `accessibility`.

use std::ops::Range;

use egui::{Event, ImeEvent, Ui, Vec2};

use super::paint::caret_rect;
use super::state::{EditorState, Preedit};
use super::view::{Composing, View};
use postwright_core::edit::{Change, Edit, keys};

/// One frame's editing: the state, the text, and the changes made so far.
pub(super) struct Editing<'a> {
    pub(super) state: &'a mut EditorState,
    pub(super) view: &'a mut View,
    pub(super) text: &'a mut String,
    pub(super) changes: &'a mut Vec<Change>,
    pub(super) ctx: &'a egui::Context,
    pub(super) now: f64,
}

impl Editing<'_> {
    pub(super) fn selection(&self) -> Range<usize> {
        self.state.selection()
    }

    /// Replaces `range` with `inserted`, recording the change.
    pub(super) fn replace(&mut self, range: Range<usize>, inserted: &str) {
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

    pub(super) fn apply(&mut self, edit: Edit) {
        for change in edit.changes {
            self.make(change);
        }
        self.state.anchor = edit.selection.anchor;
        self.state.cursor = edit.selection.cursor;
        self.moved_caret();
    }

    /// Types `inserted` over the selection.
    pub(super) fn insert(&mut self, inserted: &str) {
        let selection = self.selection();
        self.apply(Edit::replace(self.text, selection, inserted.to_owned()));
    }

    /// Deletes the selection, or else `range`.
    pub(super) fn delete(&mut self, range: Range<usize>) {
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

    pub(super) fn moved_caret(&mut self) {
        self.state.upstream = false;
        self.state.preferred_x = None;
        self.state.after_move(self.now);
    }

    /// Moves the caret to `offset`, extending the selection when `extend`.
    pub(super) fn move_to(&mut self, offset: usize, extend: bool) {
        self.state.cursor = offset;
        if !extend {
            self.state.anchor = offset;
        }
        self.state.after_move(self.now);
    }

    pub(super) fn event(&mut self, event: Event) {
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

    pub(super) fn ime(&mut self, ime: ImeEvent) {
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

    /// The line being composed with an input method, laid out with the composition.
    pub(super) fn composing(&mut self) -> Option<Composing> {
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

pub(super) fn ime_output(
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
