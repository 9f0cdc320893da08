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
//!   [`stats`], [`preview`], [`audit`] and, when asked, [`spelling`]), [`highlight`] (code
//!   blocks), [`md_syntax`] (the editor's colouring), [`destination`] (what an address is
//!   and may do, the one reading the preview, the audit and the export share),
//!   [`local_file`] (which file on the author's computer an image or link names, for the
//!   same three).
//! - Writing it out: [`export`] (the finished page).
//! - Changing it: [`edit`] (edits, undo history, text commands, the line index).
//! - [`diff`] compares two texts line by line (recovery offers); [`fenwick`] keeps running
//!   sums (the editor's rows, the preview's heights).
//! - Blogs: [`wordpress`] (what a post becomes on a WordPress blog and back),
//!   [`html_to_markdown`] (HTML read as Markdown), [`across_posts`] (what many posts'
//!   audits show together).
//! - [`site`]: a blog folder as a whole: its generator, its conventions for new posts and
//!   images, the post list, and the findings that need every post.

pub mod across_posts;
pub mod analysis;
pub mod audit;
pub mod destination;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fenwick;
pub mod front_matter;
pub mod highlight;
pub mod html_to_markdown;
pub mod local_file;
pub mod markdown;
pub mod md_syntax;
pub mod metadata;
pub mod post;
pub mod preview;
pub mod site;
pub mod spelling;
pub mod stats;
pub mod wordpress;
