//! The command line: `postwright [FILE]` opens the window; `export`, `check` and `new`
//! work without one.

mod blog;
mod blog_check;
mod check;
mod export;
mod publish;
mod site;
mod spelling;

pub use blog::{BlogAction, BlogArgs};
pub use publish::{FormatArg, PublishArgs, PullArgs, StatusArg};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use postwright_core::post::Post;
use postwright_io::files::{self, StorageError};

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
    /// Export posts as finished HTML pages.
    Export(ExportArgs),
    /// Report statistics, link problems and publish readiness of posts, or of every post
    /// of a site folder.
    Check(CheckArgs),
    /// Add, list and remove the WordPress blogs Postwright publishes to.
    Blog(BlogArgs),
    /// Publish a post to a WordPress blog (saves the post's `wordpress` key).
    Publish(PublishArgs),
    /// Pull posts from a WordPress blog as Markdown files.
    Pull(PullArgs),
    /// Create a new post in a site folder, where its generator expects it.
    New(site::NewArgs),
}

/// Arguments of `postwright export`.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_AFTER_HELP)]
pub struct ExportArgs {
    /// The posts to export, or folders of posts (every `.md` and `.markdown` file inside).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write: a file for one post (standard output when omitted), a folder for
    /// several.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The page's theme.
    #[arg(long, value_name = "NAME", default_value = postwright_core::export::DEFAULT_THEME,
          value_parser = clap::builder::PossibleValuesParser::new(theme_names()))]
    pub theme: String,
    /// Embed local images in the page as data URLs: one self-contained file (the default
    /// when writing to standard output).
    #[arg(long, conflicts_with = "copy_images")]
    pub embed_images: bool,
    /// Copy local images into a folder beside the page, named after it (the default when
    /// writing to a file).
    #[arg(long)]
    pub copy_images: bool,
    /// Keep raw HTML as written instead of sanitising it (also `trust_html: true` in a
    /// post's front matter).
    #[arg(long)]
    pub trust_html: bool,
    /// Write only the body HTML, without the page around it.
    #[arg(long)]
    pub body_only: bool,
    /// Add a table of contents (also `toc: true` in a post's front matter).
    #[arg(long)]
    pub toc: bool,
    /// Add rel="nofollow" to links to other sites.
    #[arg(long)]
    pub nofollow: bool,
    /// Add rel="ugc" (user-generated content) to links to other sites.
    #[arg(long)]
    pub ugc: bool,
    /// The page's language when a post names none.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
}

const EXPORT_AFTER_HELP: &str = "Problems found (links with javascript: addresses removed, \
missing images, images without alt text, raw HTML that was cleaned) are listed on standard \
error with their line. The exit code is 2 when a post could not be exported.";

fn theme_names() -> Vec<&'static str> {
    postwright_core::export::themes()
        .iter()
        .map(|theme| theme.name)
        .collect()
}

/// Arguments of `postwright check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The posts to check, or site folders (every post of the site, and the site-wide
    /// findings).
    #[arg(required_unless_present = "blog")]
    pub files: Vec<PathBuf>,
    /// Check every post, page and draft of a WordPress blog instead (by the name given to
    /// `postwright blog add`): one report grouped by finding and by post.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["files", "online"])]
    pub blog: Option<String>,
    /// How to print the results: text for people, json for pipelines (see the README for
    /// the fields).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also ask every external address for its status, to find broken and redirected
    /// links. Uses the network; off by default.
    #[arg(long)]
    pub online: bool,
    /// Also check spelling: a `spelling` finding for each misspelt word of the prose, title
    /// and summary, with suggestions; info by default, `--spelling=warning` to count them.
    #[arg(long, value_enum, value_name = "SEVERITY", num_args = 0..=1, require_equals = true,
          default_missing_value = "info")]
    pub spelling: Option<SpellingSeverity>,
    /// The spelling language of every post, whatever its `lang` says (`en-GB`, `de`).
    #[arg(long, value_name = "LANG", requires = "spelling")]
    pub lang: Option<String>,
    /// Threads for auditing a site's posts (all cores when omitted).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The generator a site folder is written for, if not the one detected.
    #[arg(long, value_name = "NAME", value_parser = site::generator_parser())]
    pub generator: Option<String>,
}

/// How much a misspelt word counts in `postwright check --spelling`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SpellingSeverity {
    /// Listed, not counted toward the exit code.
    Info,
    /// Counted as a warning (exit code 1).
    Warning,
}

/// Output formats of `postwright check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Lines for people, one per finding, `file:line:column: severity[rule]: message`.
    #[default]
    Text,
    /// One JSON document with stable field names.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
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
        Command::Blog(args) => blog::run(&args),
        Command::Publish(args) => publish::run_publish(&args),
        Command::Pull(args) => publish::run_pull(&args),
        Command::New(args) => site::new_post(&args),
    }
}

/// Loads a post for a subcommand, printing load warnings to stderr.
fn load_post(path: &Path) -> Result<Post, StorageError> {
    let loaded = files::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(Post::parse(&loaded.text))
}
