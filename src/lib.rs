//! Postwright: a desktop authoring app for blog posts.
//!
//! This crate is the front end, thin over two others: `postwright-core` (text in, values
//! out) and `postwright-io` (files, settings, network). [`app`] is the window, [`ui`] its
//! panels and [`cli`] the command line. ARCHITECTURE.md maps the whole layout.

pub mod app;
pub mod cli;
pub mod ui;
