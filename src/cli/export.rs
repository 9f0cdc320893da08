//! `postwright export`: posts to finished HTML pages.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_ERRORS, ExportArgs, load_post};
use postwright_core::edit::lines::LineIndex;
use postwright_core::export::{self, ExportIssue, ExportOptions, ImageMode};
use postwright_core::local_file;
use postwright_core::post::Post;
use postwright_io::files::{self, StorageError};

/// One post to export and where its page goes (`None`: standard output).
struct Job {
    source: PathBuf,
    target: Option<PathBuf>,
}

/// Why the posts named on the command line cannot be exported as asked.
#[derive(Debug)]
enum PlanError {
    /// A folder of posts could not be listed.
    Unlisted(StorageError),
    /// A folder holds no posts.
    NoPosts(PathBuf),
    /// `--copy-images` to standard output, where there is no folder to copy to.
    CopyWithoutFile,
    /// Several posts and no `-o FOLDER`; holds how many.
    NoFolder(usize),
    /// Several posts and `-o` names a file.
    OutputIsFile(PathBuf),
    /// Two posts would be written to the same page.
    SameTarget {
        /// The second post.
        source: PathBuf,
        /// The page both would be written to.
        target: PathBuf,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Unlisted(error) => write!(f, "{error}"),
            PlanError::NoPosts(path) => write!(
                f,
                "{path:?} has no .md or .markdown files; name the posts to export"
            ),
            PlanError::CopyWithoutFile => f.write_str(
                "--copy-images writes the images beside the page, so it needs -o FILE; or use \
                 --embed-images",
            ),
            PlanError::NoFolder(count) => write!(
                f,
                "exporting {count} posts needs a folder to write them to: add -o FOLDER"
            ),
            PlanError::OutputIsFile(output) => write!(
                f,
                "{output:?} is a file; to export several posts, -o must name a folder"
            ),
            PlanError::SameTarget { source, target } => write!(
                f,
                "{source:?} would be written to {target:?}, like another post; export them \
                 separately"
            ),
        }
    }
}

/// Why one post could not be exported.
#[derive(Debug)]
enum ExportError {
    /// The post could not be read, or its page or images could not be written.
    Storage(StorageError),
    /// Standard output refused the page.
    Stdout(io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Storage(error) => write!(f, "{error}"),
            ExportError::Stdout(error) => {
                write!(f, "could not write the HTML to standard output: {error}")
            }
        }
    }
}

impl From<StorageError> for ExportError {
    fn from(error: StorageError) -> Self {
        ExportError::Storage(error)
    }
}

/// Exports each post, showing progress on standard error when there are several.
pub(super) fn run(args: &ExportArgs) -> ExitCode {
    let jobs = match plan(args) {
        Ok(jobs) => jobs,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let several = jobs.len() > 1;
    let mut failed = 0usize;
    for (index, job) in jobs.iter().enumerate() {
        if several {
            eprintln!("[{}/{}] {}", index + 1, jobs.len(), job.source.display());
        }
        if let Err(error) = export_one(args, job) {
            eprintln!("error: {error}");
            failed += 1;
        }
    }
    if several {
        eprintln!(
            "exported {} of {} posts{}",
            jobs.len() - failed,
            jobs.len(),
            match &args.output {
                Some(output) => format!(" to {output:?}"),
                None => String::new(),
            }
        );
    }
    if failed > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Expands folders into their posts and decides where each page goes.
fn plan(args: &ExportArgs) -> Result<Vec<Job>, PlanError> {
    // (post, the folder it was found in, if it came from one)
    let mut sources: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for path in &args.files {
        if path.is_dir() {
            let posts = files::list_posts(path).map_err(PlanError::Unlisted)?;
            if posts.is_empty() {
                return Err(PlanError::NoPosts(path.clone()));
            }
            sources.extend(posts.into_iter().map(|post| (post, Some(path.clone()))));
        } else {
            sources.push((path.clone(), None));
        }
    }
    let single = sources.len() == 1 && sources[0].1.is_none();
    if single {
        let (source, _) = sources.remove(0);
        let target = args.output.as_ref().map(|output| {
            if output.is_dir() {
                output.join(page_name(&source))
            } else {
                output.clone()
            }
        });
        if target.is_none() && args.copy_images {
            return Err(PlanError::CopyWithoutFile);
        }
        return Ok(vec![Job { source, target }]);
    }
    let Some(output) = &args.output else {
        return Err(PlanError::NoFolder(sources.len()));
    };
    if output.is_file() {
        return Err(PlanError::OutputIsFile(output.clone()));
    }
    let mut jobs: Vec<Job> = Vec::with_capacity(sources.len());
    for (source, folder) in sources {
        let relative = match &folder {
            Some(folder) => source
                .strip_prefix(folder)
                .map(|relative| relative.with_extension("html"))
                .unwrap_or_else(|_| PathBuf::from(page_name(&source))),
            None => PathBuf::from(page_name(&source)),
        };
        let target = output.join(relative);
        if jobs.iter().any(|job| job.target.as_ref() == Some(&target)) {
            return Err(PlanError::SameTarget { source, target });
        }
        jobs.push(Job {
            source,
            target: Some(target),
        });
    }
    Ok(jobs)
}

/// `post.md` → `post.html`.
fn page_name(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "post".to_owned());
    format!("{stem}.html")
}

fn options_for(args: &ExportArgs, target: Option<&Path>) -> ExportOptions {
    let images = if args.embed_images {
        ImageMode::Embed
    } else if args.copy_images {
        target.map_or(ImageMode::Embed, ImageMode::copy_beside)
    } else if args.body_only {
        ImageMode::Keep
    } else {
        match target {
            Some(target) => ImageMode::copy_beside(target),
            None => ImageMode::Embed,
        }
    };
    ExportOptions {
        theme: args.theme.clone(),
        images,
        trust_html: args.trust_html,
        body_only: args.body_only,
        toc: args.toc,
        nofollow: args.nofollow,
        ugc: args.ugc,
        default_language: args.lang.clone(),
        ..ExportOptions::default()
    }
}

fn export_one(args: &ExportArgs, job: &Job) -> Result<(), ExportError> {
    let post = load_post(&job.source)?;
    if let Some(error) = post.front_matter_error() {
        eprintln!("warning: {:?}: {error}", job.source);
    }
    let options = options_for(args, job.target.as_deref());
    let post_dir = local_file::folder_of(&job.source);
    let mut read_image = |path: &Path| files::read_asset(path).map_err(|error| error.to_string());
    let exported = export::export_page(&post, Some(post_dir), &options, &mut read_image);
    for issue in &exported.issues {
        eprintln!("{}", describe(&job.source, &post, issue));
    }
    match &job.target {
        Some(target) => {
            files::write_export(target, exported.html.as_bytes(), &exported.files)?;
            let images = match exported.files.len() {
                0 => String::new(),
                1 => " and 1 image".to_owned(),
                count => format!(" and {count} images"),
            };
            eprintln!("exported {:?} to {target:?}{images}", job.source);
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(exported.html.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(ExportError::Stdout)?;
        }
    }
    Ok(())
}

/// `warning: post.md:12: message`, with the line in the file.
fn describe(source: &Path, post: &Post, issue: &ExportIssue) -> String {
    match &issue.range {
        Some(range) => {
            let body = post.body();
            let (line, _) = LineIndex::new(body).line_and_column(body, range.start);
            let line = post.body_first_line() + line - 1;
            format!("warning: {}:{line}: {}", source.display(), issue.message)
        }
        None => format!("warning: {}: {}", source.display(), issue.message),
    }
}
