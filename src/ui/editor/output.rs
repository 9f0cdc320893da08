//! What one frame of the editor returns to the app.

use std::ops::Range;

use postwright_core::edit::{Change, Edit, Selection};

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
    /// The editor's response, for the context menu the app shows over it.
    pub response: Option<egui::Response>,
    /// The byte offset under the pointer when the context menu was last opened: the app
    /// builds the menu from what is there.
    pub context_offset: usize,
}

impl EditorOutput {
    /// What the author typed this frame as one edit, and the selection before it; `None`
    /// when the text did not change.
    pub fn typed(self) -> Option<(Edit, Selection)> {
        let Self {
            changes,
            selection_before,
            selection_after,
            ..
        } = self;
        if changes.is_empty() {
            return None;
        }
        let edit = Edit {
            changes,
            selection: selection_after.into(),
        };
        Some((edit, selection_before.into()))
    }
}
