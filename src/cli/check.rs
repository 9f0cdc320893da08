//! `postwright check`: statistics and problems of posts.

use std::process::ExitCode;

use super::{CheckArgs, EXIT_ERRORS, load_post};
use crate::stats;

/// Checks each post, returning the worst outcome as the exit code.
pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let mut worst = 0u8;
    for path in &args.files {
        println!("{}", path.display());
        let post = match load_post(path) {
            Ok(post) => post,
            Err(message) => {
                eprintln!("error: {message}");
                worst = worst.max(EXIT_ERRORS);
                continue;
            }
        };
        let statistics = stats::analyze(post.body());
        println!(
            "  {} words, {} characters, {} min read, {} headings",
            statistics.words,
            statistics.characters,
            statistics.reading_minutes(),
            statistics.outline.len()
        );
        match (post.front_matter(), post.front_matter_error()) {
            (_, Some(error)) => {
                println!("  error: {error}");
                worst = worst.max(EXIT_ERRORS);
            }
            (Some(front_matter), None) => println!("  front matter: {}", front_matter.format()),
            (None, None) => println!("  front matter: none"),
        }
    }
    ExitCode::from(worst)
}
