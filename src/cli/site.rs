//! Site folders on the command line: `postwright check DIR` audits every post of a site on
//! all cores and adds the site-wide findings (as text, JSON or SARIF 2.1.0), and
//! `postwright new --site DIR "Title"` creates a post where the site's generator expects
//! it.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::Args;
use serde::Serialize;
use serde::ser::SerializeSeq;

use super::check::{
    self, JSON_VERSION, JsonCounts, JsonFile, JsonFinding, PostShape, counts_text, exit_code,
    json_finding, print_text,
};
use super::spelling::PostSpelling;
use super::{CheckArgs, CheckFormat, EXIT_ERRORS, load_post};
use postwright_core::audit::{Counts, Finding, Location, Rule, Severity};
use postwright_core::site::{Generator, PostEntry, SiteReport};
use postwright_io::online;
use postwright_io::site::{self as site_io, ScanOptions};

/// Arguments of `postwright new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new post's title.
    pub title: String,
    /// The site folder the post goes into.
    #[arg(long, value_name = "DIR")]
    pub site: PathBuf,
    /// Make it a draft, marked the way the site's generator marks drafts.
    #[arg(long)]
    pub draft: bool,
    /// The generator whose conventions to follow, if not the one detected.
    #[arg(long, value_name = "NAME", value_parser = generator_parser())]
    pub generator: Option<String>,
}

/// The `--generator` values: `hugo`, `jekyll`, `zola`, `eleventy`, `astro`, `plain`.
pub(super) fn generator_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(Generator::ALL.map(Generator::id))
}

fn generator_of(id: Option<&String>) -> Option<Generator> {
    id.and_then(|id| Generator::from_id(id))
}

/// `postwright new --site DIR "Title"`: creates the post and prints its path.
pub(super) fn new_post(args: &NewArgs) -> ExitCode {
    let site = match site_io::open_site(&args.site, generator_of(args.generator.as_ref())) {
        Ok(site) => site,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let today = jiff::ZonedDateTime::now().date();
    match site_io::create_post(&args.site, &site, &args.title, today, args.draft) {
        Ok(path) => {
            eprintln!(
                "a new {} post{} ({})",
                site.generator,
                if args.draft { ", a draft" } else { "" },
                describe(&site)
            );
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

/// How the generator was chosen, for the author.
fn describe(site: &postwright_core::site::Site) -> String {
    if site.overridden() {
        format!(
            "chosen; the folder looks like {}: {}",
            site.detection.generator, site.detection.evidence
        )
    } else {
        format!("found {}", site.detection.evidence)
    }
}

/// What one argument of `check` gave.
enum Checked {
    /// A site folder and its report.
    Site { root: PathBuf, report: SiteReport },
    /// A single post.
    Post { path: PathBuf, entry: PostEntry },
}

/// `check` with site folders among its arguments, or with `--format sarif`.
pub(super) fn check(args: &CheckArgs) -> ExitCode {
    if args.spelling.is_some() {
        eprintln!(
            "error: --spelling checks posts named one by one, not site folders or SARIF \
             reports; name the posts to check their spelling"
        );
        return ExitCode::from(EXIT_ERRORS);
    }
    let mut checked = Vec::new();
    for path in &args.files {
        if site_io::is_folder(path) {
            match check_site(path, args) {
                Ok(report) => checked.push(Checked::Site {
                    root: path.clone(),
                    report,
                }),
                Err(error) => {
                    eprintln!("error: {error}");
                    checked.push(Checked::Post {
                        path: path.clone(),
                        entry: PostEntry::unreadable(
                            &path.display().to_string(),
                            error.to_string(),
                        ),
                    });
                }
            }
        } else {
            checked.push(Checked::Post {
                path: path.clone(),
                entry: check_file(path, args.online),
            });
        }
    }
    let worst = checked
        .iter()
        .map(|checked| match checked {
            Checked::Site { report, .. } => exit_code(report.worst()),
            Checked::Post { entry, .. } if entry.error.is_some() => EXIT_ERRORS,
            Checked::Post { entry, .. } => exit_code(entry.report.worst()),
        })
        .max()
        .unwrap_or(0);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = match args.format {
        CheckFormat::Text => {
            drop(out);
            print_all_text(&checked);
            Ok(())
        }
        CheckFormat::Json => serde_json::to_writer_pretty(&mut out, &JsonDocument(&checked))
            .map_err(|error| error.to_string())
            .and_then(|()| writeln!(out).map_err(|error| error.to_string())),
        CheckFormat::Sarif => serde_json::to_writer_pretty(&mut out, &sarif(&checked))
            .map_err(|error| error.to_string())
            .and_then(|()| writeln!(out).map_err(|error| error.to_string())),
    };
    if let Err(error) = written {
        eprintln!("error: could not write the report: {error}");
        return ExitCode::from(EXIT_ERRORS);
    }
    ExitCode::from(worst)
}

/// Scans a site (progress on standard error) and, with `--online`, checks every external
/// address of the site once.
fn check_site(root: &Path, args: &CheckArgs) -> Result<SiteReport, site_io::SiteError> {
    let options = ScanOptions {
        generator: generator_of(args.generator.as_ref()),
        jobs: args.jobs.map(usize::from),
        // The text lists each post's links and domains, the JSON each link; SARIF only
        // the findings.
        keep_links: args.format != CheckFormat::Sarif || args.online,
    };
    let site = site_io::open_site(root, options.generator)?;
    eprintln!(
        "checking {} posts of the {} site {root:?} ({})",
        site.post_paths().len(),
        site.generator,
        describe(&site)
    );
    let mut report = site_io::scan_opened(root, site, &options, &|_| {}, &AtomicBool::new(false))?;
    if args.online {
        let mut urls: Vec<String> = report
            .posts
            .iter()
            .flat_map(|post| online::urls_to_check(&post.report))
            .collect();
        urls.sort();
        urls.dedup();
        let checks = check::check_online(&urls, &format!("{root:?}"));
        for post in &mut report.posts {
            let found = online::findings(&post.report, &checks);
            post.report.add_findings(found);
        }
    }
    Ok(report)
}

/// One post named on the command line, as an entry like a site's.
fn check_file(path: &Path, online_check: bool) -> PostEntry {
    let display = path.display().to_string();
    let post = match load_post(path) {
        Ok(post) => post,
        Err(message) => {
            eprintln!("error: {message}");
            return PostEntry::unreadable(&display, message.to_string());
        }
    };
    let (statistics, report) = check::check_post(path, &post, online_check);
    PostEntry {
        path: display,
        title: post.metadata().title.clone(),
        date: post.metadata().date.clone(),
        draft: post.metadata().draft,
        tags: post.metadata().tags.clone(),
        categories: post.metadata().categories.clone(),
        statistics,
        front_matter: post.front_matter().map(|block| block.format()),
        body_first_line: post.body_first_line(),
        report,
        ..PostEntry::default()
    }
}

/// The file of a post, as shown: under the site's folder, or as named.
fn post_file(root: Option<&Path>, entry: &PostEntry) -> PathBuf {
    match root {
        Some(root) => site_io::full_path(root, &entry.path),
        None => PathBuf::from(&entry.path),
    }
}

fn shape(entry: &PostEntry) -> PostShape {
    PostShape {
        body_first_line: entry.body_first_line,
        front_matter: entry.front_matter,
    }
}

/// Every post and site as `check` prints them for people.
fn print_all_text(checked: &[Checked]) {
    let mut totals = Counts::default();
    let mut add = |counts: Counts| {
        totals.errors += counts.errors;
        totals.warnings += counts.warnings;
        totals.infos += counts.infos;
    };
    let print_post = |root: Option<&Path>, entry: &PostEntry| {
        let file = post_file(root, entry);
        println!("{}", file.display());
        match &entry.error {
            Some(error) => println!("  error: {error}"),
            None => print_text(
                &file,
                &shape(entry),
                &entry.statistics,
                &entry.report,
                &PostSpelling::default(),
            ),
        }
    };
    for item in checked {
        match item {
            Checked::Post { entry, .. } => {
                print_post(None, entry);
                let mut counts = entry.report.counts();
                counts.errors += usize::from(entry.error.is_some());
                add(counts);
            }
            Checked::Site { root, report } => {
                println!(
                    "site {}: {} ({}), {} posts",
                    root.display(),
                    report.site.generator,
                    describe(&report.site),
                    report.posts.len()
                );
                for entry in &report.posts {
                    print_post(Some(root), entry);
                }
                for file in &report.files {
                    println!(
                        "{}: {}[{}]: {}",
                        site_io::full_path(root, &file.path).display(),
                        file.finding.severity,
                        file.finding.rule.id(),
                        file.finding.message
                    );
                }
                println!("site {}: {}", root.display(), counts_text(&report.counts()));
                add(report.counts());
            }
        }
    }
    if checked.len() > 1
        || checked
            .iter()
            .any(|item| matches!(item, Checked::Site { .. }))
    {
        println!("all posts: {}", counts_text(&totals));
    }
}

/// The JSON document of `check`, written as it is serialised (each post's part made when
/// its turn comes), with a `sites` list for what concerns a site as a whole.
struct JsonDocument<'a>(&'a [Checked]);

/// A site in the JSON document.
#[derive(Serialize)]
struct JsonSite {
    path: String,
    generator: &'static str,
    detected: &'static str,
    evidence: String,
    posts: usize,
    counts: JsonCounts,
    /// Findings about files that are not posts (unused images).
    files: Vec<JsonFileFinding>,
}

#[derive(Serialize)]
struct JsonFileFinding {
    path: String,
    #[serde(flatten)]
    finding: JsonFinding,
}

impl Serialize for JsonDocument<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut totals = Counts::default();
        for item in self.0 {
            let counts = match item {
                Checked::Site { report, .. } => report.counts(),
                Checked::Post { entry, .. } => {
                    let mut counts = entry.report.counts();
                    counts.errors += usize::from(entry.error.is_some());
                    counts
                }
            };
            totals.errors += counts.errors;
            totals.warnings += counts.warnings;
            totals.infos += counts.infos;
        }
        let sites: Vec<JsonSite> = self
            .0
            .iter()
            .filter_map(|item| match item {
                Checked::Site { root, report } => Some(JsonSite {
                    path: root.display().to_string(),
                    generator: report.site.generator.id(),
                    detected: report.site.detection.generator.id(),
                    evidence: report.site.detection.evidence.clone(),
                    posts: report.posts.len(),
                    counts: report.counts().into(),
                    files: report
                        .files
                        .iter()
                        .map(|file| JsonFileFinding {
                            path: site_io::full_path(root, &file.path).display().to_string(),
                            finding: json_finding(&file.finding, 1),
                        })
                        .collect(),
                }),
                Checked::Post { .. } => None,
            })
            .collect();
        let mut document = serializer.serialize_struct("JsonDocument", 4)?;
        document.serialize_field("version", &JSON_VERSION)?;
        document.serialize_field("files", &JsonFiles(self.0))?;
        document.serialize_field("sites", &sites)?;
        document.serialize_field("counts", &JsonCounts::from(totals))?;
        document.end()
    }
}

/// Every post of every argument, one JSON object each, made as it is written.
struct JsonFiles<'a>(&'a [Checked]);

impl Serialize for JsonFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut files = serializer.serialize_seq(None)?;
        for item in self.0 {
            let (root, entries) = match item {
                Checked::Site { root, report } => (Some(root.as_path()), report.posts.as_slice()),
                Checked::Post { entry, .. } => (None, std::slice::from_ref(entry)),
            };
            for entry in entries {
                let file = post_file(root, entry);
                let json = match &entry.error {
                    Some(error) => JsonFile::unreadable(&file, error.clone()),
                    None => JsonFile::new(
                        &file,
                        &shape(entry),
                        &entry.statistics,
                        &entry.report,
                        &PostSpelling::default(),
                    ),
                };
                files.serialize_element(&json)?;
            }
        }
        files.end()
    }
}

/// The SARIF log: one run of Postwright, its rules, and a result per finding, each file
/// named relative to its site (`SITEROOT`, `SITEROOT2`…) or to the current folder
/// (`CURRENT`), positions in lines and columns of Unicode characters.
fn sarif(checked: &[Checked]) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "name": pascal_case(rule.id()),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": format!("{} Severity: {}.", rule.summary(), rule.severities()) },
                "defaultConfiguration": { "level": sarif_level(default_severity(*rule)) },
                "properties": { "severities": rule.severities() },
            })
        })
        .collect();
    let mut bases = Map::new();
    let mut results = Vec::new();
    let mut site_number = 0;
    let rule_index = |rule: Rule| Rule::ALL.iter().position(|known| *known == rule);
    let mut result = |finding: &Finding, base: &str, uri: String, first_line: usize| {
        let region = match &finding.location {
            Location::Body { line, column, .. } => json!({
                "startLine": line + first_line - 1,
                "startColumn": column,
            }),
            Location::FrontMatter { .. } | Location::Post => json!({ "startLine": 1 }),
        };
        let mut properties = Map::new();
        if !finding.url.is_empty() {
            properties.insert("url".to_owned(), Value::from(finding.url.clone()));
        }
        if let Location::FrontMatter { field } = &finding.location {
            properties.insert("field".to_owned(), Value::from(field.clone()));
        }
        let mut artifact = Map::new();
        artifact.insert("uri".to_owned(), Value::from(uri));
        if !base.is_empty() {
            artifact.insert("uriBaseId".to_owned(), Value::from(base));
        }
        results.push(json!({
            "ruleId": finding.rule.id(),
            "ruleIndex": rule_index(finding.rule),
            "level": sarif_level(finding.severity),
            "message": { "text": finding.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": Value::Object(artifact),
                    "region": region,
                }
            }],
            "properties": Value::Object(properties),
        }));
    };
    let unreadable = |error: &str| Finding {
        rule: Rule::FrontMatterError,
        severity: Severity::Error,
        message: format!("The post could not be read: {error}"),
        url: String::new(),
        text: String::new(),
        location: Location::Post,
        link: None,
        fixes: Vec::new(),
    };
    for item in checked {
        match item {
            Checked::Site { root, report } => {
                site_number += 1;
                let base = if site_number == 1 {
                    "SITEROOT".to_owned()
                } else {
                    format!("SITEROOT{site_number}")
                };
                if let Some(uri) = folder_uri(root) {
                    bases.insert(base.clone(), json!({ "uri": uri }));
                }
                for entry in &report.posts {
                    if let Some(error) = &entry.error {
                        result(&unreadable(error), &base, relative_uri(&entry.path), 1);
                    }
                    for finding in &entry.report.findings {
                        result(
                            finding,
                            &base,
                            relative_uri(&entry.path),
                            entry.body_first_line,
                        );
                    }
                }
                for file in &report.files {
                    result(&file.finding, &base, relative_uri(&file.path), 1);
                }
            }
            Checked::Post { path, entry } => {
                let (base, uri) = match path.to_str() {
                    Some(text) if path.is_relative() => {
                        ("CURRENT", relative_uri(&text.replace('\\', "/")))
                    }
                    _ => (
                        "",
                        url::Url::from_file_path(path)
                            .map(|url| url.to_string())
                            .unwrap_or_else(|()| relative_uri(&path.to_string_lossy())),
                    ),
                };
                if base == "CURRENT"
                    && !bases.contains_key(base)
                    && let Some(uri) = std::env::current_dir().ok().as_deref().and_then(folder_uri)
                {
                    bases.insert(base.to_owned(), json!({ "uri": uri }));
                }
                if let Some(error) = &entry.error {
                    result(&unreadable(error), base, uri.clone(), 1);
                }
                for finding in &entry.report.findings {
                    result(finding, base, uri.clone(), entry.body_first_line);
                }
            }
        }
    }
    json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "Postwright",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "originalUriBaseIds": Value::Object(bases),
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// The severity a rule reports most plainly: the first of its documented ones.
fn default_severity(rule: Rule) -> Severity {
    match rule.severities().split(' ').next() {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        _ => Severity::Info,
    }
}

/// SARIF's level for a severity: `error`, `warning`, `note`.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `hidden-link` as `HiddenLink`, SARIF's rule name.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A folder's `file:` URI, ending in `/` as SARIF's base URIs must.
fn folder_uri(folder: &Path) -> Option<String> {
    let absolute = std::path::absolute(folder).ok()?;
    url::Url::from_directory_path(absolute)
        .ok()
        .map(|url| url.to_string())
}

/// A site path as a relative URI reference: each part percent-encoded where URIs need it.
fn relative_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let plain = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'/' | b'-'
                    | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if plain {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(
            relative_uri("content/posts/a b#1.md"),
            "content/posts/a%20b%231.md"
        );
        assert_eq!(relative_uri("café.md"), "caf%C3%A9.md");
        assert_eq!(pascal_case("broken-internal-link"), "BrokenInternalLink");
        assert_eq!(default_severity(Rule::InsecureHttp), Severity::Info);
        assert_eq!(
            default_severity(Rule::BrokenInternalLink),
            Severity::Warning
        );
    }
}
