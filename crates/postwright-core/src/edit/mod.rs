//! The editing model, with no window in it: the one edit type ([`Change`], [`Edit`]) and
//! how positions move through it ([`map_pos`]), the undo history, the text commands the
//! menus and keys run on Markdown, and the line index the editor lays out by.

pub mod blocks;
mod change;
pub mod commands;
pub mod find;
pub mod history;
pub mod keys;
pub mod lines;

pub use change::{Assoc, Change, Edit, Selection, StaleEdit, map_pos};
