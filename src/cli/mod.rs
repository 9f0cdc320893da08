//! The command line: `postwright [FILE]` opens the window; `export` and `check` work
//! without one.

mod check;
mod export;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::post::Post;
use crate::storage;

/// Postwright: write blog posts in Markdown with front matter, preview them, check their
/// links and export finished HTML.
#[derive(Debug, Parser)]
#[command(
    name = "postwright",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A post to open in the window.
    pub file: Option<PathBuf>,

    /// What to do instead of opening the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Work done on the command line, without a window.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export a post's body as HTML.
    Export(ExportArgs),
    /// Report statistics, link problems and publish readiness of posts.
    Check(CheckArgs),
}

/// Arguments of `postwright export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The post to export.
    pub file: PathBuf,
    /// Write only the body HTML, without the page around it.
    #[arg(long)]
    pub body_only: bool,
    /// Where to write the HTML; standard output when omitted.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Arguments of `postwright check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The posts to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// How to print the results: text for people, json for pipelines (see the README for
    /// the fields).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also ask every external address for its status, to find broken and redirected
    /// links. Uses the network; off by default.
    #[arg(long)]
    pub online: bool,
}

/// Output formats of `postwright check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Lines for people, one per finding, `file:line:column: severity[rule]: message`.
    #[default]
    Text,
    /// One JSON document with stable field names.
    Json,
}

/// Exit code for a run that found warnings but no errors.
pub const EXIT_WARNINGS: u8 = 1;

/// Exit code for a run that found problems the author must fix.
pub const EXIT_ERRORS: u8 = 2;

/// Runs a subcommand, printing results to stdout and problems to stderr.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Export(args) => export::run(&args),
        Command::Check(args) => check::run(&args),
    }
}

/// Loads a post for a subcommand, printing load warnings to stderr.
fn load_post(path: &Path) -> Result<Post, String> {
    let loaded = storage::load(path).map_err(|error| error.to_string())?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(Post::parse(&loaded.text))
}
