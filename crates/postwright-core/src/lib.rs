//! Postwright's pure core: text in, values out.
//!
//! Nothing here draws a window, touches a file, opens a connection or starts a thread; the
//! crate's manifest holds no such dependency, so the compiler keeps it that way. The I/O
//! layer (`postwright-io`) and the window and command line (`postwright`) sit on top.
//!
//! - A post and its parts: [`post`] (front matter and body, byte-exact round trips),
//!   [`front_matter`] (YAML, TOML and JSON, edited in their own format), [`metadata`] (the
//!   fields a blog post has).
//! - Reading the body: [`markdown`] (the one dialect), [`analysis`] (one pass feeding
//!   [`stats`], [`preview`] and [`audit`]), [`highlight`] (code blocks), [`md_syntax`] (the
//!   editor's colouring).
//! - Writing it out: [`export`] (the finished page).
//! - Changing it: [`edit`] (edits, undo history, text commands, the line index).
//! - [`diff`] compares two texts line by line (recovery offers).
//! - [`site`]: a blog folder as a whole: its generator, its conventions for new posts and
//!   images, the post list, and the findings that need every post.

pub mod analysis;
pub mod audit;
pub mod diff;
pub mod edit;
pub mod export;
pub mod front_matter;
pub mod highlight;
pub mod markdown;
pub mod md_syntax;
pub mod metadata;
pub mod post;
pub mod preview;
pub mod site;
pub mod stats;
