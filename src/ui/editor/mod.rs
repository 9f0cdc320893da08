//! The Markdown editor: the body text with syntax highlighting, soft-wrapped in a centred
//! column, and fast at any length.
//!
//! [`editor_ui`] shows the text and applies what the author types; it reports each change
//! ([`EditorOutput::changes`]) so the app can keep the undo history and re-analyse the
//! post. Changes the app makes itself (undo, formatting, link fixes) come back through
//! [`EditorState::text_changed_externally`].
//!
//! Only the lines in view are laid out and painted. The editor keeps where each line
//! starts ([`postwright_core::edit::lines::LineIndex`]) and how many rows each takes (a
//! [`postwright_core::fenwick::FenwickTree`]), both updated from the changes rather than
//! by reading the whole text again; lines never laid out have their rows estimated from
//! their length (the font is monospace) until they come into view. Laid-out lines are
//! cached by content. The scroll position is a line and an offset into it, so refining the
//! estimates never moves what is on screen. A frame in which nothing happened does no work
//! that grows with the text.
//!
//! One job per file:
//! - `widget`: [`editor_ui`], the frame in order, and [`EditorStyle`];
//! - `state`: [`EditorState`], what lives between frames;
//! - `output`: [`EditorOutput`], what a frame returns;
//! - `document`: the lines, their highlighting states and rows;
//! - `view`: sizes, the lines in view, where text is on screen;
//! - `scroll`: the scroll position and the scroll bar's geometry;
//! - `input`: typed text, the clipboard and input methods as edits;
//! - `keyboard`, `pointer`, `accessibility`: the keys, the mouse and assistive technology;
//! - `context_menu`: the right-click menu, its entries added by the app
//!   ([`context_menu_ui`]);
//! - `marks`: highlights and underlines the app asks for ([`MarkLayer`]);
//! - `layout`: one line laid out and highlighted, cached by content;
//! - `paint`: drawing the frame.

mod accessibility;
mod context_menu;
mod document;
mod input;
mod keyboard;
mod layout;
mod marks;
mod output;
mod paint;
mod pointer;
mod scroll;
mod state;
mod view;
mod widget;

pub use context_menu::context_menu_ui;
pub use marks::{Mark, MarkLayer, MarkStyle};
pub use output::EditorOutput;
pub(crate) use paint::wavy_underline;
pub use state::EditorState;
pub use widget::{EditorStyle, editor_ui};

// What the tests reach through `use super::*`.
#[cfg(test)]
use {
    egui::{ImeEvent, Vec2, pos2},
    postwright_core::edit::Change,
    postwright_core::edit::lines::LineIndex,
    std::ops::Range,
    view::ccursor,
};

#[cfg(test)]
mod tests;
