//! `postwright check`: statistics, link audit and publish readiness of posts, as text for
//! people or JSON for pipelines. The exit code is 0 when every post is clean, 1 when the
//! worst finding is a warning, 2 when there is an error (or a post cannot be read).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::spelling::{self, PostSpelling, SpellingCheck};
use super::{CheckArgs, CheckFormat, EXIT_ERRORS, EXIT_WARNINGS, load_post};
use postwright_core::audit::{
    self, AuditOptions, Counts, Finding, Link, Location, Report, Severity,
};
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_core::stats::Statistics;
use postwright_io::files;
use postwright_io::online::{self, OnlineOptions, Status};
use postwright_io::site;

/// The version of the JSON document's layout; it changes only when a field is removed or
/// changes meaning.
pub(super) const JSON_VERSION: u32 = 1;

/// Checks each post and prints the results; returns the worst outcome as the exit code.
pub(super) fn run(args: &CheckArgs) -> ExitCode {
    if let Some(blog) = &args.blog {
        return super::blog_check::run(blog, args.format);
    }
    if args.format == CheckFormat::Sarif || args.files.iter().any(|path| site::is_folder(path)) {
        return super::site::check(args);
    }
    let mut worst = 0u8;
    let mut documents = Vec::new();
    let mut totals = JsonCounts::default();
    let mut spelling_check = args
        .spelling
        .map(|severity| SpellingCheck::new(severity, args.lang.clone()));
    for path in &args.files {
        if args.format == CheckFormat::Text {
            println!("{}", path.display());
        }
        let post = match load_post(path) {
            Ok(post) => post,
            Err(error) => {
                eprintln!("error: {error}");
                worst = worst.max(EXIT_ERRORS);
                totals.errors += 1;
                documents.push(JsonFile::unreadable(path, error.to_string()));
                continue;
            }
        };
        let (statistics, report) = check_post(path, &post, args.online);
        let spelling = spelling_check
            .as_mut()
            .map(|check| check.post(&post))
            .unwrap_or_default();
        let mut counts = report.counts();
        spelling.count_into(&mut counts);
        worst = worst.max(exit_code(report.worst().max(spelling.worst())));
        totals.errors += counts.errors;
        totals.warnings += counts.warnings;
        totals.infos += counts.infos;
        match args.format {
            CheckFormat::Text => print_text(path, &shape(&post), &statistics, &report, &spelling),
            // SARIF never gets here: the site check writes it.
            CheckFormat::Json | CheckFormat::Sarif => {
                documents.push(JsonFile::new(
                    path,
                    &shape(&post),
                    &statistics,
                    &report,
                    &spelling,
                ));
            }
        }
    }
    match args.format {
        CheckFormat::Text => {
            if args.files.len() > 1 {
                println!("all posts: {}", counts_text(&totals.into()));
            }
        }
        CheckFormat::Json | CheckFormat::Sarif => {
            let document = JsonDocument {
                version: JSON_VERSION,
                files: documents,
                counts: totals,
            };
            match serde_json::to_string_pretty(&document) {
                Ok(json) => println!("{json}"),
                Err(error) => {
                    eprintln!("error: could not write the JSON report: {error}");
                    return ExitCode::from(EXIT_ERRORS);
                }
            }
        }
    }
    ExitCode::from(worst)
}

/// What the reports need of a post besides its audit: where its body starts in the file,
/// and its front matter's format.
#[derive(Clone, Copy, Debug)]
pub(super) struct PostShape {
    /// The file line on which the body starts.
    pub(super) body_first_line: usize,
    /// The front matter's format, if the post has front matter.
    pub(super) front_matter: Option<Format>,
}

pub(super) fn shape(post: &Post) -> PostShape {
    PostShape {
        body_first_line: post.body_first_line(),
        front_matter: post.front_matter().map(|block| block.format()),
    }
}

pub(super) fn exit_code(worst: Option<Severity>) -> u8 {
    match worst {
        Some(Severity::Error) => EXIT_ERRORS,
        Some(Severity::Warning) => EXIT_WARNINGS,
        Some(Severity::Info) | None => 0,
    }
}

/// Audits one post, with the online check if asked for (progress on standard error).
pub(super) fn check_post(path: &Path, post: &Post, online_check: bool) -> (Statistics, Report) {
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(files::post_files(Some(path))),
    };
    let (statistics, mut report) = audit::audit_post(post, &options);
    if online_check {
        let urls = online::urls_to_check(&report);
        let checks = check_online(&urls, &path.display().to_string());
        let found = online::findings(&report, &checks);
        report.add_findings(found);
    }
    (statistics, report)
}

/// Asks every address in `urls` for its status, with progress on standard error; `of`
/// names what the addresses belong to.
pub(super) fn check_online(urls: &[String], of: &str) -> Vec<online::UrlCheck> {
    if !urls.is_empty() {
        eprintln!(
            "checking {} external address{} of {of} online…",
            urls.len(),
            if urls.len() == 1 { "" } else { "es" },
        );
    }
    online::check_urls(
        urls,
        &OnlineOptions::default(),
        &AtomicBool::new(false),
        &mut |progress| {
            let status = match &progress.latest.status {
                Status::Code(code) => code.to_string(),
                Status::HostNotFound => "no such host".to_owned(),
                Status::TimedOut => "timed out".to_owned(),
                Status::Failed(why) => format!("failed: {why}"),
                Status::Skipped(why) => format!("skipped: {why}"),
            };
            let redirected = if progress.latest.redirects.is_empty() {
                String::new()
            } else {
                format!(" after {} redirect(s)", progress.latest.redirects.len())
            };
            eprintln!(
                "  [{}/{}] {status}{redirected}  {}",
                progress.done, progress.total, progress.latest.url
            );
            let _ = std::io::stderr().flush();
        },
    )
}

pub(super) fn counts_text(counts: &Counts) -> String {
    let plural = |count: usize, word: &str| {
        if count == 1 {
            format!("{count} {word}")
        } else {
            format!("{count} {word}s")
        }
    };
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info")
    )
}

pub(super) fn print_text(
    path: &Path,
    shape: &PostShape,
    statistics: &Statistics,
    report: &Report,
    spelling: &PostSpelling,
) {
    println!(
        "  {} words, {} characters, {} min read, {} headings",
        statistics.words,
        statistics.characters,
        statistics.reading_minutes(),
        statistics.outline.len()
    );
    match shape.front_matter {
        Some(format) => println!("  front matter: {format}"),
        None => println!("  front matter: none"),
    }
    let domains = report.domains().len();
    println!(
        "  links: {} to {} domain{}",
        report.links.len(),
        domains,
        if domains == 1 { "" } else { "s" }
    );
    for finding in &report.findings {
        let place = place(path, &finding.location, shape.body_first_line);
        println!(
            "  {place}: {}[{}]: {}",
            finding.severity,
            finding.rule.id(),
            finding.message
        );
        if !finding.url.is_empty() {
            println!("      {}", finding.url);
        }
    }
    spelling.print_text(path, shape.body_first_line);
    let mut counts = report.counts();
    spelling.count_into(&mut counts);
    println!("  {}", counts_text(&counts));
}

/// Where a finding is, as the text output writes it: `file:line:column`, or the file and
/// the front-matter field.
pub(super) fn place(path: &Path, location: &Location, body_first_line: usize) -> String {
    match location {
        Location::Body { line, column, .. } => {
            format!("{}:{}:{column}", path.display(), line + body_first_line - 1)
        }
        Location::FrontMatter { field } => format!("{} (front matter, {field})", path.display()),
        Location::Post => path.display().to_string(),
    }
}

/// The JSON report: one entry per file and the totals.
#[derive(Serialize)]
pub(super) struct JsonDocument {
    pub(super) version: u32,
    pub(super) files: Vec<JsonFile>,
    pub(super) counts: JsonCounts,
}

#[derive(Clone, Copy, Default, Serialize)]
pub(super) struct JsonCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl From<Counts> for JsonCounts {
    fn from(counts: Counts) -> Self {
        Self {
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        }
    }
}

impl From<JsonCounts> for Counts {
    fn from(counts: JsonCounts) -> Self {
        Self {
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        }
    }
}

#[derive(Serialize)]
pub(super) struct JsonFile {
    path: String,
    error: Option<String>,
    statistics: Option<JsonStatistics>,
    front_matter: Option<String>,
    counts: JsonCounts,
    links: Vec<JsonLink>,
    findings: Vec<JsonFinding>,
    /// With `--spelling`: the dictionary used, or why there was none.
    #[serde(skip_serializing_if = "Option::is_none")]
    spelling: Option<JsonSpelling>,
}

#[derive(Serialize)]
struct JsonSpelling {
    dictionary: Option<String>,
    language: Option<String>,
    notice: Option<String>,
}

#[derive(Serialize)]
struct JsonStatistics {
    words: usize,
    characters: usize,
    reading_minutes: usize,
    headings: usize,
}

/// Where something is, in file terms: line and column in the file, byte range in the
/// body, or the front-matter field.
#[derive(Serialize)]
struct JsonPlace {
    line: Option<usize>,
    column: Option<usize>,
    body_range: Option<[usize; 2]>,
    field: Option<String>,
}

impl JsonPlace {
    fn of(location: &Location, body_first_line: usize) -> Self {
        match location {
            Location::Body {
                range,
                line,
                column,
            } => Self {
                line: Some(line + body_first_line - 1),
                column: Some(*column),
                body_range: Some([range.start, range.end]),
                field: None,
            },
            Location::FrontMatter { field } => Self {
                line: None,
                column: None,
                body_range: None,
                field: Some(field.clone()),
            },
            Location::Post => Self {
                line: None,
                column: None,
                body_range: None,
                field: None,
            },
        }
    }
}

#[derive(Serialize)]
struct JsonLink {
    url: String,
    text: String,
    kind: &'static str,
    usage: &'static str,
    domain: Option<String>,
    hidden: Option<String>,
    #[serde(flatten)]
    place: JsonPlace,
}

#[derive(Serialize)]
pub(super) struct JsonFinding {
    rule: &'static str,
    severity: &'static str,
    message: String,
    url: String,
    text: String,
    /// Spelling findings only: corrections, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestions: Option<Vec<String>>,
    #[serde(flatten)]
    place: JsonPlace,
}

impl JsonFile {
    pub(super) fn unreadable(path: &Path, message: String) -> Self {
        Self {
            path: path.display().to_string(),
            error: Some(message),
            statistics: None,
            front_matter: None,
            counts: JsonCounts {
                errors: 1,
                ..JsonCounts::default()
            },
            links: Vec::new(),
            findings: Vec::new(),
            spelling: None,
        }
    }

    pub(super) fn new(
        path: &Path,
        shape: &PostShape,
        statistics: &Statistics,
        report: &Report,
        spelling: &PostSpelling,
    ) -> Self {
        let first_line = shape.body_first_line;
        let mut counts = report.counts();
        spelling.count_into(&mut counts);
        Self {
            path: path.display().to_string(),
            error: None,
            statistics: Some(JsonStatistics {
                words: statistics.words,
                characters: statistics.characters,
                reading_minutes: statistics.reading_minutes(),
                headings: statistics.outline.len(),
            }),
            front_matter: shape.front_matter.map(|format| format.to_string()),
            counts: counts.into(),
            links: report
                .links
                .iter()
                .map(|link| json_link(link, first_line))
                .collect(),
            findings: report
                .findings
                .iter()
                .map(|finding| json_finding(finding, first_line))
                .chain(spelling.findings.iter().map(|finding| JsonFinding {
                    rule: spelling::RULE,
                    severity: finding.severity.name(),
                    message: finding.message(spelling.dictionary.as_deref().unwrap_or_default()),
                    url: String::new(),
                    text: finding.word.clone(),
                    suggestions: Some(finding.suggestions.clone()),
                    place: JsonPlace::of(&finding.location, first_line),
                }))
                .collect(),
            spelling: (spelling.dictionary.is_some() || spelling.notice.is_some()).then(|| {
                JsonSpelling {
                    dictionary: spelling.dictionary.clone(),
                    language: spelling.language.clone(),
                    notice: spelling.notice.clone(),
                }
            }),
        }
    }
}

fn json_link(link: &Link, first_line: usize) -> JsonLink {
    JsonLink {
        url: link.url.clone(),
        text: link.text.clone(),
        kind: link.kind.name(),
        usage: link.usage.name(),
        domain: link.address().domain(),
        hidden: link
            .hidden
            .as_ref()
            .map(|hiding| format!("{} on <{}>", hiding.reason, hiding.element)),
        place: JsonPlace::of(&link.location, first_line),
    }
}

pub(super) fn json_finding(finding: &Finding, first_line: usize) -> JsonFinding {
    JsonFinding {
        rule: finding.rule.id(),
        severity: finding.severity.name(),
        message: finding.message.clone(),
        url: finding.url.clone(),
        text: finding.text.clone(),
        suggestions: None,
        place: JsonPlace::of(&finding.location, first_line),
    }
}
