//! The audit of a whole site: one entry per post (what the post list shows, its audit, and
//! what it says about the rest of the site) and the site-wide findings.
//!
//! An entry keeps no text of its post: a site of 10,000 posts costs its report, not its
//! posts' text.

use std::collections::BTreeMap;
use std::path::Path;

use super::findings::site_findings;
use super::links::{CodeRanges, SiteLinks, site_links};
use super::{PostRow, Site, parent, resolve};
use crate::audit::{self, AuditOptions, Counts, Finding, Report, Severity};
use crate::front_matter::Format;
use crate::local_file::PostFiles;
use crate::post::Post;
use crate::stats::Statistics;

/// One post of the site, audited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostEntry {
    /// Its path in the site (`content/posts/walk.md`).
    pub path: String,
    /// Its title, else its first heading, else its file name.
    pub title: String,
    /// Its date as written (Jekyll's from the file name when the front matter has none).
    pub date: String,
    /// Whether it is a draft, as the generator sees it.
    pub draft: bool,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its categories.
    pub categories: Vec<String>,
    /// Words, characters and headings.
    pub statistics: Statistics,
    /// The format of its front matter, if it has one.
    pub front_matter: Option<Format>,
    /// The file line on which its body starts (for line numbers in the file).
    pub body_first_line: usize,
    /// The audit: its findings (site-wide ones included, without one-click fixes, which
    /// need the text) and, when asked for, its links.
    pub report: Report,
    /// What it says about the rest of the site.
    pub links: SiteLinks,
    /// Why it could not be read, if it could not.
    pub error: Option<String>,
}

impl PostEntry {
    /// An entry for a post that could not be read.
    pub fn unreadable(path: &str, error: String) -> Self {
        Self {
            path: path.to_owned(),
            title: super::stem(path).to_owned(),
            body_first_line: 1,
            error: Some(error),
            ..Self::default()
        }
    }

    /// The row the post list shows.
    pub fn row(&self) -> PostRow {
        PostRow::of(self)
    }
}

/// Reads and audits one post of the site from its text: the audit (relative files checked
/// against the site's listing, and Jekyll's dates and drafts taken from the path) and what
/// the post says about the site, in one pass over the body. `keep_links` keeps the report's
/// list of links (for the command line's JSON); without it only the findings stay.
pub fn analyse_post(site: &Site, path: &str, text: &str, keep_links: bool) -> PostEntry {
    let post = Post::parse(text);
    let folder = parent(path);
    // Files are looked up in the site's listing (paths relative to its root), not on the
    // disk: a path from the site's root is a file the generator serves there.
    let readable = |file: &Path| {
        let Some(file) = file.to_str() else {
            return false;
        };
        if file.starts_with('/') {
            return site
                .files_for_address(file)
                .iter()
                .any(|served| site.listing.has_file(served));
        }
        resolve("", file).is_some_and(|file| site.listing.has_file(&file))
    };
    // The one place a site's post audit is configured: the site's domain set goes here
    // too once the audit takes one.
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(PostFiles {
            folder: Some(Path::new(folder)),
            readable: &readable,
        }),
    };
    let metadata = site.effective_metadata(path, post.metadata());
    let mut code = CodeRanges::default();
    let (statistics, mut report) =
        audit::audit_post_as(&post, &metadata, &options, &mut |event, range| {
            code.event(event, range);
        });
    let fields = post.front_matter().and_then(|block| block.fields().ok());
    let links = site_links(
        site,
        path,
        post.body(),
        &metadata,
        fields,
        &report,
        &code.finish(),
    );
    for finding in &mut report.findings {
        finding.fixes = Vec::new();
    }
    if !keep_links {
        report.links = Vec::new();
        for finding in &mut report.findings {
            finding.link = None;
        }
    }
    let title = [
        metadata.title.as_str(),
        statistics
            .outline
            .first()
            .map_or("", |heading| heading.text.as_str()),
    ]
    .into_iter()
    .find(|title| !title.trim().is_empty())
    .unwrap_or_else(|| super::stem(path))
    .trim()
    .to_owned();
    PostEntry {
        path: path.to_owned(),
        title,
        date: metadata.date.clone(),
        draft: metadata.draft,
        tags: metadata.tags.clone(),
        categories: metadata.categories.clone(),
        front_matter: post.front_matter().map(|block| block.format()),
        body_first_line: post.body_first_line(),
        statistics,
        report,
        links,
        error: None,
    }
}

/// A finding about a file of the site that is not a post (an unused image).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFinding {
    /// The file's path in the site.
    pub path: String,
    /// What was found.
    pub finding: Finding,
}

/// The audit of a whole site.
#[derive(Clone, Debug)]
pub struct SiteReport {
    /// The site.
    pub site: Site,
    /// Every post, in path order.
    pub posts: Vec<PostEntry>,
    /// Site-wide findings about files that are not posts.
    pub files: Vec<FileFinding>,
    /// The text of the site's templates, style sheets and configuration, where images may
    /// be named.
    pub templates: Vec<String>,
}

impl SiteReport {
    /// The report of `posts` (in any order) and the site-wide findings over them.
    pub fn new(site: Site, mut posts: Vec<PostEntry>, templates: Vec<String>) -> Self {
        posts.sort_by(|a, b| a.path.cmp(&b.path));
        let mut report = Self {
            site,
            posts,
            files: Vec::new(),
            templates,
        };
        report.refresh_site_findings();
        report
    }

    /// Works out the site-wide findings again (after posts or files changed): each post's
    /// earlier site-wide findings go, the new ones are added in order of position.
    pub fn refresh_site_findings(&mut self) {
        for post in &mut self.posts {
            post.report
                .findings
                .retain(|finding| !finding.rule.is_site_wide());
        }
        let found = site_findings(&self.site, &self.posts, &self.templates);
        let mut by_post: BTreeMap<usize, Vec<Finding>> = BTreeMap::new();
        for (number, finding) in found.posts {
            by_post.entry(number).or_default().push(finding);
        }
        for (number, findings) in by_post {
            self.posts[number].report.add_findings(findings);
        }
        self.files = found.files;
    }

    /// The rows of the post list, in path order.
    pub fn rows(&self) -> Vec<PostRow> {
        self.posts.iter().map(PostEntry::row).collect()
    }

    /// The post at `path`.
    pub fn post(&self, path: &str) -> Option<&PostEntry> {
        self.posts
            .binary_search_by(|post| post.path.as_str().cmp(path))
            .ok()
            .map(|index| &self.posts[index])
    }

    /// Adds or replaces a post (read again after it changed on disk), and its file in the
    /// listing. Call [`SiteReport::refresh_site_findings`] once the batch is in.
    pub fn upsert_post(&mut self, entry: PostEntry) {
        self.site.listing.add_file(&entry.path);
        match self
            .posts
            .binary_search_by(|post| post.path.as_str().cmp(&entry.path))
        {
            Ok(index) => self.posts[index] = entry,
            Err(index) => self.posts.insert(index, entry),
        }
    }

    /// Forgets a file or folder that is gone, and any post there. Call
    /// [`SiteReport::refresh_site_findings`] once the batch is in.
    pub fn remove_path(&mut self, path: &str) {
        self.site.listing.remove(path);
        let folder = format!("{}/", path.trim_end_matches('/'));
        self.posts
            .retain(|post| post.path != path && !post.path.starts_with(&folder));
    }

    /// How many errors, warnings and infos, over every post (an unreadable post is an
    /// error) and file.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        let findings = self
            .posts
            .iter()
            .flat_map(|post| &post.report.findings)
            .chain(self.files.iter().map(|file| &file.finding));
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts.errors += self
            .posts
            .iter()
            .filter(|post| post.error.is_some())
            .count();
        counts
    }

    /// The most serious severity found anywhere in the site.
    pub fn worst(&self) -> Option<Severity> {
        let unreadable = self
            .posts
            .iter()
            .any(|post| post.error.is_some())
            .then_some(Severity::Error);
        self.posts
            .iter()
            .filter_map(|post| post.report.worst())
            .chain(self.files.iter().map(|file| file.finding.severity))
            .chain(unreadable)
            .max()
    }

    /// Every external domain the site links to, with how many posts link to it: the
    /// site's known domains.
    pub fn domains(&self) -> BTreeMap<String, usize> {
        let mut domains: BTreeMap<String, usize> = BTreeMap::new();
        for post in &self.posts {
            let mut here: Vec<&str> = post
                .links
                .external
                .iter()
                .map(|link| link.domain.as_str())
                .collect();
            here.sort_unstable();
            here.dedup();
            for domain in here {
                *domains.entry(domain.to_owned()).or_default() += 1;
            }
        }
        domains
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Rule;
    use crate::site::Listing;

    fn hugo_site(paths: &[&str]) -> Site {
        Site::new(
            Listing::from_paths(paths.iter().copied()),
            None,
            &|_: &str| None,
        )
    }

    fn rules_of(entry: &PostEntry) -> Vec<&'static str> {
        entry
            .report
            .findings
            .iter()
            .map(|finding| finding.rule.id())
            .collect()
    }

    #[test]
    fn the_site_wide_rules_see_every_post() {
        let paths = [
            "hugo.toml",
            "content/posts/a.md",
            "content/posts/b.md",
            "content/posts/c/index.md",
            "content/posts/c/c-1.png",
            "content/posts/c/cover.jpg",
            "static/images/orphan.png",
            "static/images/used.png",
            "static/images/logo.svg",
        ];
        let site = hugo_site(&paths);
        let spam = "[deal](https://cheap-pills.example/buy) [guide](https://docs.example/guide)";
        let texts = [
            (
                "content/posts/a.md",
                format!(
                    "---\ntitle: A\ntags: [boats]\n---\n{spam} [b](/posts/b/) [gone](/posts/nothing-here/) \
                     [tag](/tags/boats/) ![u](/images/used.png) {{{{< ref \"c\" >}}}} {{{{< ref \"zzz\" >}}}}\n"
                ),
            ),
            (
                "content/posts/b.md",
                format!("---\ntitle: B\n---\n{spam} [only](https://lonely.example/)\n"),
            ),
            (
                "content/posts/c/index.md",
                format!("---\ntitle: C\n---\n{spam} ![c](c-1.png) [a](../a/)\n"),
            ),
        ];
        let posts = texts
            .iter()
            .map(|(path, text)| analyse_post(&site, path, text, false))
            .collect();
        let report = SiteReport::new(
            site,
            posts,
            vec!["<img src=\"{{ \"images/logo.svg\" | relURL }}\">".to_owned()],
        );
        let a = report.post("content/posts/a.md").unwrap();
        let broken: Vec<&str> = a
            .report
            .findings
            .iter()
            .filter(|finding| finding.rule == Rule::BrokenInternalLink)
            .map(|finding| finding.url.as_str())
            .collect();
        assert_eq!(broken, ["/posts/nothing-here/", "{{< ref \"zzz\" >}}"]);
        for post in &report.posts {
            assert!(
                rules_of(post).contains(&"address-in-many-posts"),
                "{}: {:?}",
                post.path,
                rules_of(post)
            );
        }
        let severities: Vec<(&str, Severity)> = a
            .report
            .findings
            .iter()
            .filter(|finding| finding.rule == Rule::AddressInManyPosts)
            .map(|finding| (finding.url.as_str(), finding.severity))
            .collect();
        assert_eq!(
            severities,
            [
                ("https://cheap-pills.example/buy", Severity::Warning),
                ("https://docs.example/guide", Severity::Info)
            ],
            "a warning only where a post's audit found the address suspicious"
        );
        let b = report.post("content/posts/b.md").unwrap();
        assert!(rules_of(b).contains(&"single-post-domain"));
        let unused: Vec<&str> = report.files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(unused, ["static/images/orphan.png"]);
        assert_eq!(report.domains().get("cheap-pills.example"), Some(&3));
        assert_eq!(report.worst(), Some(Severity::Error));
    }

    #[test]
    fn refreshing_replaces_the_site_wide_findings() {
        let site = hugo_site(&["hugo.toml", "content/a.md", "content/b.md"]);
        let posts = vec![analyse_post(
            &site,
            "content/a.md",
            "---\ntitle: A\n---\n[b](/b/)\n",
            false,
        )];
        let mut report = SiteReport::new(site, posts, Vec::new());
        let broken = |report: &SiteReport| {
            report.posts[0]
                .report
                .findings
                .iter()
                .filter(|finding| finding.rule == Rule::BrokenInternalLink)
                .count()
        };
        assert_eq!(broken(&report), 1, "b.md is not read yet");
        let b = analyse_post(&report.site, "content/b.md", "---\ntitle: B\n---\n", false);
        report.upsert_post(b);
        report.refresh_site_findings();
        assert_eq!(broken(&report), 0);
        report.remove_path("content/b.md");
        report.refresh_site_findings();
        assert_eq!(broken(&report), 1);
        assert_eq!(report.posts.len(), 1);
    }

    #[test]
    fn jekyll_post_url_and_missing_files_against_the_listing() {
        let site = Site::new(
            Listing::from_paths([
                "_config.yml",
                "_posts/2026-03-01-soup.md",
                "_posts/2026-03-14-tart.md",
                "assets/images/tart-1.png",
            ]),
            None,
            &|_: &str| None,
        );
        let text = "---\ntitle: Tart\n---\n{% post_url 2026-03-01-soup %} {% post_url 2026-03-01-soop %} \
                    ![t](../assets/images/tart-1.png) ![m](../assets/images/missing.png)\n";
        let entry = analyse_post(&site, "_posts/2026-03-14-tart.md", text, true);
        assert_eq!(entry.date, "2026-03-14");
        assert!(!entry.report.links.is_empty(), "links kept when asked");
        let missing: Vec<&str> = entry
            .report
            .findings
            .iter()
            .filter(|finding| finding.rule == Rule::MissingFile)
            .map(|finding| finding.url.as_str())
            .collect();
        assert_eq!(missing, ["../assets/images/missing.png"]);
        assert!(
            !rules_of(&entry).contains(&"missing-date"),
            "the date is in the file name"
        );
        let report = SiteReport::new(site, vec![entry], Vec::new());
        let broken: Vec<&Finding> = report.posts[0]
            .report
            .findings
            .iter()
            .filter(|finding| finding.rule == Rule::BrokenInternalLink)
            .collect();
        assert_eq!(broken.len(), 1);
        assert!(
            broken[0].message.contains("Did you mean 2026-03-01-soup?"),
            "{}",
            broken[0].message
        );
        assert_eq!(broken[0].severity, Severity::Error);
    }
}
