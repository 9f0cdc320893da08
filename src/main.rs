//! Starts Postwright: a subcommand on the command line, or the window.

use std::process::ExitCode;

use clap::Parser;
use postwright::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => {
            eprintln!(
                "postwright: the window is not built yet; use `postwright export` or `postwright check`"
            );
            ExitCode::from(cli::EXIT_ERRORS)
        }
    }
}
