//! What one frame of the editor returns to the app.

use std::ops::Range;

use postwright_core::edit::Change;

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
