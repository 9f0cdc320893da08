//! Postwright: a desktop authoring app for blog posts.
//!
//! The pure core (no window, no file system) reads and writes posts and analyses Markdown:
//! [`post`], [`front_matter`], [`metadata`], [`markdown`], [`stats`]. [`storage`] is the only
//! module that touches the author's files. [`cli`] is the command line. See ARCHITECTURE.md
//! for a page on each.

pub mod cli;
pub mod export;
pub mod front_matter;
pub mod highlight;
pub mod markdown;
pub mod metadata;
pub mod post;
pub mod stats;
pub mod storage;
