//! The editing model, with no window in it: the undo history, the text commands the menus
//! and keys run on Markdown, and the line index the editor lays out by.

pub mod commands;
pub mod history;
pub mod keys;
pub mod lines;
