//! `postwright export`: a post to HTML.

use std::io::Write;
use std::process::ExitCode;

use super::{EXIT_ERRORS, ExportArgs, load_post};
use crate::storage;

/// Exports one post.
pub(super) fn run(args: &ExportArgs) -> ExitCode {
    let post = match load_post(&args.file) {
        Ok(post) => post,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    if let Some(error) = post.front_matter_error() {
        eprintln!("warning: {:?}: {error}", args.file);
    }
    let mut html = String::with_capacity(post.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, crate::markdown::parser(post.body()));
    match &args.output {
        Some(output) => match storage::save(output, html.as_bytes()) {
            Ok(_) => {
                eprintln!("exported {:?} to {:?}", args.file, output);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(EXIT_ERRORS)
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            if let Err(error) = stdout
                .write_all(html.as_bytes())
                .and_then(|()| stdout.flush())
            {
                eprintln!("error: could not write the HTML to standard output: {error}");
                return ExitCode::from(EXIT_ERRORS);
            }
            ExitCode::SUCCESS
        }
    }
}
