//! `postwright check --blog NAME`: every post, page and draft of a WordPress blog fetched
//! and run through the link audit, as the window's Open from Blog would show each one;
//! one report grouped by finding and by post, with the same JSON layout and exit codes as
//! `check` on files, and what only the whole blog shows: a domain linked from one post
//! only, and the same flagged address in several posts.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::CheckFormat;
use super::blog::{connect, fetch_all, finish};
use super::check::{JSON_VERSION, JsonCounts, JsonDocument, JsonFile, counts_text, exit_code};
use super::spelling::PostSpelling;
use postwright_core::across_posts::{AcrossPosts, across_posts};
use postwright_core::audit::{self, Address, AuditOptions, Counts, Report};
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_core::stats::Statistics;
use postwright_core::wordpress::{self, RemotePost};

/// One post of the blog, audited.
struct Audited {
    remote: RemotePost,
    post: Post,
    statistics: Statistics,
    report: Report,
}

/// Runs `postwright check --blog NAME`.
pub(super) fn run(blog: &str, format: CheckFormat) -> ExitCode {
    finish(check_blog(blog, format), |code| code)
}

fn check_blog(name: &str, format: CheckFormat) -> Result<u8, String> {
    if format == CheckFormat::Sarif {
        return Err(
            "SARIF describes files of a folder; check a blog with --format text or json".to_owned(),
        );
    }
    let client = connect(name)?;
    eprintln!("fetching the posts, pages and drafts of {name:?}…");
    let remotes = fetch_all(&client)?;
    let audited: Vec<Audited> = remotes
        .into_iter()
        .map(|remote| audit_remote(name, remote))
        .collect();
    let own_domain = Address::parse(client.root()).domain();
    let reports: Vec<&Report> = audited.iter().map(|post| &post.report).collect();
    let across = across_posts(&reports, own_domain.as_deref());
    let mut totals = Counts::default();
    let mut worst = 0u8;
    for post in &audited {
        let counts = post.report.counts();
        totals.errors += counts.errors;
        totals.warnings += counts.warnings;
        totals.infos += counts.infos;
        worst = worst.max(exit_code(post.report.worst()));
    }
    match format {
        CheckFormat::Text => print_text(name, &audited, &across, &totals),
        CheckFormat::Json | CheckFormat::Sarif => {
            let document = BlogDocument {
                document: JsonDocument {
                    version: JSON_VERSION,
                    files: audited
                        .iter()
                        .map(|post| {
                            JsonFile::new(
                                Path::new(&post.remote.link),
                                &super::check::shape(&post.post),
                                &post.statistics,
                                &post.report,
                                &PostSpelling::default(),
                            )
                        })
                        .collect(),
                    counts: totals.into(),
                },
                blog: BlogSummary::new(name, &audited, &across),
            };
            let json = serde_json::to_string_pretty(&document)
                .map_err(|error| format!("the JSON report could not be written: {error}"))?;
            println!("{json}");
        }
    }
    Ok(worst)
}

/// A remote post as Open from Blog gives it, audited for its links. The readiness checks
/// (author, summary length…) are left out: they are about writing a post, not about what
/// is wrong on a blog.
fn audit_remote(blog: &str, remote: RemotePost) -> Audited {
    let post = wordpress::pulled_post(&remote, blog, Format::Yaml);
    let (statistics, mut report) = audit::audit_post(&post, &AuditOptions::default());
    report.findings.retain(|finding| finding.link.is_some());
    Audited {
        remote,
        post,
        statistics,
        report,
    }
}

fn describe(remote: &RemotePost) -> String {
    let title = if remote.title.trim().is_empty() {
        "(no title)"
    } else {
        remote.title.trim()
    };
    format!(
        "{title:?} ({} {}, {}) {}",
        if remote.page { "page" } else { "post" },
        remote.id,
        remote.status,
        remote.link
    )
}

/// Findings by severity (worst first) and rule: the posts (by index) and addresses.
type ByFinding<'a> = BTreeMap<(std::cmp::Reverse<audit::Severity>, &'a str), Vec<(usize, &'a str)>>;

fn print_text(name: &str, audited: &[Audited], across: &AcrossPosts, totals: &Counts) {
    println!("blog {name:?}: {} posts, pages and drafts", audited.len());
    // By finding: each rule and severity, with the posts it was found in.
    let mut by_finding: ByFinding<'_> = BTreeMap::new();
    for (index, post) in audited.iter().enumerate() {
        for finding in &post.report.findings {
            by_finding
                .entry((std::cmp::Reverse(finding.severity), finding.rule.id()))
                .or_default()
                .push((index, finding.url.as_str()));
        }
    }
    if !by_finding.is_empty() {
        println!("by finding:");
    }
    for ((severity, rule), places) in &by_finding {
        println!(
            "  {}[{rule}]: {} time{}",
            severity.0,
            places.len(),
            if places.len() == 1 { "" } else { "s" }
        );
        for (index, url) in places {
            println!("    {}  {url}", describe(&audited[*index].remote));
        }
    }
    let flagged: Vec<&Audited> = audited
        .iter()
        .filter(|post| !post.report.findings.is_empty())
        .collect();
    if !flagged.is_empty() {
        println!("by post:");
    }
    for post in flagged {
        println!("  {}", describe(&post.remote));
        for finding in &post.report.findings {
            println!(
                "    {}[{}]: {}",
                finding.severity,
                finding.rule.id(),
                finding.message
            );
            if !finding.url.is_empty() {
                println!("        {}", finding.url);
            }
        }
    }
    if !across.repeated.is_empty() {
        println!(
            "the same flagged address in several posts (often links injected into a hacked blog):"
        );
        for repeated in &across.repeated {
            println!(
                "  {} [{}] in {} posts:",
                repeated.url,
                repeated.rules.join(", "),
                repeated.posts.len()
            );
            for index in &repeated.posts {
                println!("    {}", describe(&audited[*index].remote));
            }
        }
    }
    if !across.lone_domains.is_empty() {
        println!("domains linked from one post only (look at any you do not know):");
        for lone in &across.lone_domains {
            println!(
                "  {}  in {}",
                lone.domain,
                describe(&audited[lone.post].remote)
            );
        }
    }
    println!("all posts: {}", counts_text(totals));
}

/// The JSON report: `check`'s layout (one entry per post, its address as the path), plus
/// what the whole blog shows.
#[derive(Serialize)]
struct BlogDocument {
    #[serde(flatten)]
    document: JsonDocument,
    blog: BlogSummary,
}

#[derive(Serialize)]
struct BlogSummary {
    name: String,
    posts: Vec<JsonRemotePost>,
    repeated_addresses: Vec<JsonRepeated>,
    lone_domains: Vec<JsonLoneDomain>,
}

#[derive(Serialize)]
struct JsonRemotePost {
    path: String,
    id: u64,
    kind: &'static str,
    status: String,
    title: String,
    counts: JsonCounts,
}

#[derive(Serialize)]
struct JsonRepeated {
    url: String,
    rules: Vec<&'static str>,
    posts: Vec<String>,
}

#[derive(Serialize)]
struct JsonLoneDomain {
    domain: String,
    post: String,
}

impl BlogSummary {
    fn new(name: &str, audited: &[Audited], across: &AcrossPosts) -> Self {
        let path = |index: usize| audited[index].remote.link.clone();
        Self {
            name: name.to_owned(),
            posts: audited
                .iter()
                .map(|post| JsonRemotePost {
                    path: post.remote.link.clone(),
                    id: post.remote.id,
                    kind: if post.remote.page { "page" } else { "post" },
                    status: post.remote.status.clone(),
                    title: post.remote.title.clone(),
                    counts: post.report.counts().into(),
                })
                .collect(),
            repeated_addresses: across
                .repeated
                .iter()
                .map(|repeated| JsonRepeated {
                    url: repeated.url.clone(),
                    rules: repeated.rules.clone(),
                    posts: repeated.posts.iter().map(|&index| path(index)).collect(),
                })
                .collect(),
            lone_domains: across
                .lone_domains
                .iter()
                .map(|lone| JsonLoneDomain {
                    domain: lone.domain.clone(),
                    post: path(lone.post),
                })
                .collect(),
        }
    }
}
