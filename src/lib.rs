//! Postwright: a desktop authoring app for blog posts.
//!
//! The pure core (no window, no file system) reads and writes posts and analyses Markdown:
//! [`post`], [`front_matter`], [`metadata`], [`markdown`], [`stats`], [`preview`]. [`storage`]
//! is the only module that touches the author's files. [`audit`] checks a post's links and
//! its readiness to publish. [`cli`] is the command line, [`app`] the window and [`ui`] its
//! panels. See ARCHITECTURE.md for a page on each.

pub mod analysis;
pub mod app;
pub mod audit;
pub mod cli;
pub mod diff;
pub mod export;
pub mod front_matter;
pub mod highlight;
pub mod history;
pub mod markdown;
pub mod md_syntax;
pub mod metadata;
pub mod post;
pub mod preview;
pub mod settings;
pub mod stats;
pub mod storage;
pub mod text_ops;
pub mod ui;
