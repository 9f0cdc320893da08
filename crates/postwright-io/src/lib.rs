//! Postwright's I/O layer: the only code that touches the world.
//!
//! - [`files`]: reading and atomically saving posts, their assets and exported pages.
//! - [`journal`]: recovery copies of unsaved posts.
//! - [`watch`]: noticing when another program changes the open post's file.
//! - [`site`]: a blog folder: scanning and auditing every post on all cores, watching
//!   it, and copying new posts and images into it.
//! - [`settings`]: the settings the window keeps between runs.
//! - [`online`]: the optional online check of a post's links.
//! - [`wordpress`]: publishing to a WordPress blog and reading it back.
//! - [`dictionaries`]: the Hunspell dictionaries installed, read and decoded.
//! - [`spelling`]: loading the dictionary for a post off the caller's thread, and the
//!   author's personal word list.

pub mod dictionaries;
pub mod files;
pub mod journal;
pub mod online;
pub mod settings;
pub mod site;
pub mod spelling;
pub mod watch;
pub mod wordpress;
