//! `postwright publish` and `postwright pull`: a post to a WordPress blog, and posts from
//! one as Markdown files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Args, ValueEnum};

use super::blog::{config_folder, connect, fetch_all, finish};
use super::load_post;
use postwright_core::audit::{self, AuditOptions, Finding};
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_core::wordpress::{self, FeaturedSource, PostStatus, RemoteKind, RestDate};
use postwright_io::files;
use postwright_io::wordpress::{self as blogs, MediaMemory, PublishInput, PublishOutcome};

/// Statuses `publish --status` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Saved on the blog, seen by no reader.
    Draft,
    /// Submitted for review: an editor publishes it.
    Pending,
    /// Published for the blog's editors only.
    Private,
    /// Published (scheduled when the post's date is in the future).
    Publish,
    /// Scheduled for the post's date.
    Future,
}

impl StatusArg {
    fn status(self) -> PostStatus {
        match self {
            StatusArg::Draft => PostStatus::Draft,
            StatusArg::Pending => PostStatus::Pending,
            StatusArg::Private => PostStatus::Private,
            StatusArg::Publish => PostStatus::Publish,
            StatusArg::Future => PostStatus::Future,
        }
    }
}

/// Arguments of `postwright publish`.
#[derive(Debug, Args)]
#[command(after_help = PUBLISH_AFTER_HELP)]
pub struct PublishArgs {
    /// The post to publish.
    pub file: PathBuf,
    /// The blog, by the name given to `postwright blog add`.
    #[arg(long, value_name = "NAME")]
    pub blog: String,
    /// The status to give the post. Without it a new post goes up as a draft, and an
    /// updated post keeps its status on the blog.
    #[arg(long, value_enum, value_name = "S")]
    pub status: Option<StatusArg>,
    /// Publish even though the link audit found errors (they are listed first).
    #[arg(long)]
    pub confirm_errors: bool,
    /// Replace the blog's copy even if someone changed it there since the last publish.
    #[arg(long)]
    pub overwrite: bool,
}

const PUBLISH_AFTER_HELP: &str = "Publishing saves the post: after the first publish the \
command writes a `wordpress: {blog, id, url, modified}` key into the file's front matter \
(touching nothing else), so the next publish updates the same post. The content is \
Postwright's own sanitised export of the body; local images are uploaded to the media \
library once and the cover becomes the featured image. The link audit runs first: errors \
stop the publish unless --confirm-errors is given. If the post changed on the blog since, \
nothing is sent; publish again with --overwrite, or pull the blog's version. Exit codes: \
0 published, 2 not published.";

/// Front-matter formats `pull --format` takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// YAML between `---` lines.
    #[default]
    Yaml,
    /// TOML between `+++` lines.
    Toml,
    /// A JSON object.
    Json,
}

/// Arguments of `postwright pull`.
#[derive(Debug, Args)]
#[command(after_help = PULL_AFTER_HELP)]
pub struct PullArgs {
    /// The blog, by the name given to `postwright blog add`.
    #[arg(long, value_name = "NAME")]
    pub blog: String,
    /// The id of the post to pull.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub id: Option<u64>,
    /// Pull every post and page (drafts and scheduled posts included).
    #[arg(long)]
    pub all: bool,
    /// The folder to write the Markdown files into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// The front matter's format.
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    pub format: FormatArg,
}

const PULL_AFTER_HELP: &str = "Each post becomes SLUG.md (or ID.md) with its title, date, \
slug, excerpt, tags, categories, status and featured image in the front matter, and a \
`wordpress` key so that `postwright publish` updates the same post. Whatever Markdown \
cannot say is kept as HTML. An existing file is never overwritten.";

/// Runs `postwright publish`.
pub(super) fn run_publish(args: &PublishArgs) -> ExitCode {
    finish(publish(args), |()| 0)
}

fn publish(args: &PublishArgs) -> Result<(), String> {
    let path = &args.file;
    let mut post = load_post(path).map_err(|message| message.to_string())?;
    let config = config_folder()?;
    let client = connect(&args.blog)?;
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(files::post_files(Some(path))),
    };
    let (_, report) = audit::audit_post(&post, &options);
    let plan = wordpress::plan(
        &post,
        &args.blog,
        args.status.map(StatusArg::status),
        jiff::Timestamp::now(),
        &report,
    );
    print_plan(path, &post, &plan);
    if plan.has_errors() && !args.confirm_errors {
        return Err(format!(
            "{}: not published; the link audit found {} error{} (listed above); fix {}, or \
             publish anyway with --confirm-errors",
            path.display(),
            plan.errors.len(),
            if plan.errors.len() == 1 { "" } else { "s" },
            if plan.errors.len() == 1 { "it" } else { "them" },
        ));
    }
    let mut memory = MediaMemory::load(&blogs::media_memory_file(&config));
    let input = PublishInput {
        post: &post,
        post_folder: path.parent().or(Some(Path::new("."))),
        plan: &plan,
        errors_confirmed: args.confirm_errors,
        overwrite_remote_changes: args.overwrite,
    };
    let outcome = blogs::publish(
        &client,
        &input,
        &mut memory,
        &AtomicBool::new(false),
        &mut |progress| {
            eprintln!(
                "  [{}/{}] {}",
                progress.done + 1,
                progress.total,
                progress.step
            );
        },
    )
    .map_err(|failure| format!("{}: not published: {failure}", path.display()))?;
    match outcome {
        PublishOutcome::Published(published) => {
            wordpress::set_remote_link(&mut post, &published.link).map_err(|error| {
                format!(
                    "{}: published as {}, but the wordpress key could not be written into \
                     the front matter ({error}); add it by hand: id {}",
                    path.display(),
                    published.link.url,
                    published.link.id
                )
            })?;
            files::save(path, post.to_text().as_bytes()).map_err(|error| {
                format!(
                    "published as {} (id {}), but {error}",
                    published.link.url, published.link.id
                )
            })?;
            println!(
                "{} {} as {} (id {}, {}); {} image{} uploaded, {} reused",
                if published.created {
                    "published"
                } else {
                    "updated"
                },
                path.display(),
                published.link.url,
                published.link.id,
                published.status,
                published.uploaded.len(),
                if published.uploaded.len() == 1 {
                    ""
                } else {
                    "s"
                },
                published.reused.len(),
            );
            Ok(())
        }
        PublishOutcome::RemoteChanged {
            remote,
            known_modified,
        } => Err(format!(
            "{}: not published; the post changed on the blog since it was last published or \
             pulled (there {}, here {known_modified}). Publish again with --overwrite to \
             replace the blog's version, or pull it with `postwright pull --blog {} --id {} -o \
             DIR` to compare",
            path.display(),
            remote.modified_gmt,
            args.blog,
            remote.id
        )),
    }
}

/// What goes out, on standard error: the publish dialog's content.
fn print_plan(path: &Path, post: &Post, plan: &wordpress::PublishPlan) {
    eprintln!("publishing {} to {:?}:", path.display(), plan.blog);
    match &plan.update {
        Some(link) => eprintln!("  updates post {} ({})", link.id, link.url),
        None => eprintln!("  a new post"),
    }
    eprintln!(
        "  status: {}",
        plan.status
            .map_or("as it is on the blog", PostStatus::label)
    );
    eprintln!("  title: {}", plan.title);
    if !plan.slug.is_empty() {
        eprintln!("  slug: {}", plan.slug);
    }
    if !plan.excerpt.is_empty() {
        eprintln!("  excerpt: {}", plan.excerpt);
    }
    match &plan.date {
        Some(RestDate::SiteTime(date)) => eprintln!("  date: {date} (blog time)"),
        Some(RestDate::Utc(date)) => eprintln!("  date: {date} UTC"),
        None => {}
    }
    if !plan.tags.is_empty() {
        eprintln!("  tags: {}", plan.tags.join(", "));
    }
    if !plan.categories.is_empty() {
        eprintln!("  categories: {}", plan.categories.join(", "));
    }
    match &plan.featured_image {
        Some((FeaturedSource::Local(image), alt)) => {
            eprintln!("  featured image: {} (alt: {alt:?})", image.path);
        }
        Some((FeaturedSource::Web(url), _)) => {
            eprintln!("  featured image: left as it is on the blog ({url})");
        }
        None => {}
    }
    for image in &plan.images {
        eprintln!("  image to upload: {}", image.path);
    }
    for note in &plan.notes {
        eprintln!("  note: {note}");
    }
    for finding in plan.errors.iter().chain(&plan.warnings) {
        eprintln!("  {}", finding_line(path, post, finding));
    }
}

fn finding_line(path: &Path, post: &Post, finding: &Finding) -> String {
    format!(
        "{}: {}[{}]: {}",
        super::check::place(path, &finding.location, post.body_first_line()),
        finding.severity,
        finding.rule.id(),
        finding.message
    )
}

/// Runs `postwright pull`.
pub(super) fn run_pull(args: &PullArgs) -> ExitCode {
    finish(pull(args), |()| 0)
}

fn pull(args: &PullArgs) -> Result<(), String> {
    let client = connect(&args.blog)?;
    let format = match args.format {
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Toml => Format::Toml,
        FormatArg::Json => Format::Json,
    };
    let remotes = match args.id {
        Some(id) => vec![
            client
                .fetch(RemoteKind::Post, id)
                .map_err(|error| error.to_string())?,
        ],
        None => {
            let listed = fetch_all(&client)?;
            let mut complete = Vec::with_capacity(listed.len());
            for remote in listed {
                let kind = if remote.page {
                    RemoteKind::Page
                } else {
                    RemoteKind::Post
                };
                complete.push(
                    client
                        .fetch(kind, remote.id)
                        .map_err(|error| error.to_string())?,
                );
            }
            complete
        }
    };
    let mut failed = false;
    for remote in &remotes {
        let name = if remote.slug.is_empty() {
            format!("{}.md", remote.id)
        } else {
            format!("{}.md", remote.slug)
        };
        let post = wordpress::pulled_post(remote, &args.blog, format);
        match blogs::save_pulled(&args.output, &name, &post.to_text()) {
            Ok(target) => println!("{}\t{}\t{}", target.display(), remote.id, remote.title),
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    if failed {
        Err("some posts were not written".to_owned())
    } else {
        Ok(())
    }
}
