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
    /// The mark under the pointer, if any: its layer (index into the layers the frame was
    /// given) and its index in that layer.
    pub hovered_mark: Option<(usize, usize)>,
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
