//! The link audit: every link and image in a post, and what looks wrong with it.
//!
//! Hacked blogs get spam links injected into their posts (a pharmacy address pasted
//! mid-paragraph, a hidden `<div>` of casino links), and authors paste links they never
//! check again. The audit lists every address the post contains and reports findings, each
//! with a severity, a stable rule id ([`Rule`]), a message a writer understands, and where
//! it is.
//!
//! The audit rides along the pass that builds the preview: feed [`LinkCollector::event`]
//! with each event and range, then hand [`LinkCollector::finish`]'s scan to [`audit`]
//! together with the statistics of the same pass. [`audit_post`] does both in a pass of its
//! own, for the command line.
//!
//! Everything here is pure (text in, values out). The optional online check, which asks
//! each external address for its status, lives in the I/O layer, and so does the answer
//! to whether a file the post names can be read ([`AuditOptions::local_files`]).
//!
//! ```
//! use postwright_core::audit::{self, AuditOptions, FixKind, LinkCollector, PostFacts, Rule};
//! use postwright_core::{markdown, post::Post, stats::StatsCollector};
//!
//! let post = Post::parse("---\ntitle: Notes\n---\nBuy at http://pills.example/ now.\n");
//! let body = post.body();
//! let mut stats = StatsCollector::default();
//! let mut links = LinkCollector::new(body);
//! for (event, range) in markdown::parser(body).into_offset_iter() {
//!     // The preview is built from the same events.
//!     stats.event(&event, &range);
//!     links.event(&event, &range);
//! }
//! let statistics = stats.finish();
//! let facts = PostFacts {
//!     body,
//!     metadata: post.metadata(),
//!     outline: &statistics.outline,
//!     front_matter_error: None,
//! };
//! let report = audit::audit(links.finish(), &facts, &AuditOptions::default());
//! let bare = &report.findings[0];
//! assert_eq!(bare.rule, Rule::BareUrl);
//! let make_link = bare.fixes.iter().find(|fix| fix.kind == FixKind::MakeAutolink).unwrap();
//! let mut fixed = body.to_owned();
//! audit::apply_edits(&mut fixed, &make_link.edits).unwrap();
//! assert_eq!(fixed, "Buy at <http://pills.example/> now.\n");
//! ```

mod address;
mod bare;
mod collect;
mod domain;
mod fix;
mod group;
mod html;
mod lookalike;

mod readiness;
mod redirect;
mod rules;
mod unmask;
mod vocabulary;

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

pub use address::{Address, host_key, is_private};
pub use collect::{LinkCollector, LinkScan};
pub use fix::{EditError, Fix, FixKind, apply_edits, edit_url, fix_edit, link_fixes};
pub use group::{DomainGroup, LinkEntry, group_by_domain};
pub use lookalike::{KnownDomains, Lookalike, Origin};
pub use vocabulary::{SpamMatch, Vocabulary};

use crate::edit::lines;
use crate::local_file::PostFiles;
pub(crate) use rules::closest;

use crate::markdown;
use crate::metadata::Metadata;
use crate::post::Post;
use crate::stats::{Heading, Statistics, StatsCollector};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing to fix necessarily.
    Info,
    /// Probably wrong; look at it before publishing.
    Warning,
    /// Wrong: readers get a broken, hidden or dangerous link.
    Error,
}

impl Severity {
    /// The lower-case name used in reports: `info`, `warning`, `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! rules {
    ($($(#[doc = $doc:literal])* $variant:ident = $id:literal, $severity:literal;)*) => {
        /// What a finding is about. Each rule has a stable kebab-case id used in reports
        /// and in the JSON output.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order the README's table lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id, such as `hidden-link`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The severity or severities the rule reports, as documented ("error",
            /// "info or warning").
            pub fn severities(self) -> &'static str {
                match self {
                    $(Rule::$variant => $severity,)*
                }
            }

            /// What the rule finds, in a sentence (its documentation), for tools that list
            /// the rules (SARIF's rule descriptions).
            pub fn description(self) -> &'static str {
                match self {
                    $(Rule::$variant => concat!($($doc, "\n"),*),)*
                }
            }
        }
    };
}

rules! {
    /// `javascript:`, `vbscript:`, `file:`, or `data:` that is not a raster image (see
    /// [`crate::destination::danger`]).
    DangerousScheme = "dangerous-scheme", "error";
    /// A link hidden from readers by raw HTML (display:none, off-screen, zero size...).
    HiddenLink = "hidden-link", "error";
    /// Spam vocabulary in the host, path, query or text, or in the address a redirect
    /// leads to: a warning, or an info when the word is ambiguous or on a reference site
    /// and nothing else agrees.
    SpamVocabulary = "spam-vocabulary", "info or warning";
    /// An address typed into prose, which readers see raw.
    BareUrl = "bare-url", "warning";
    /// Link text that names a site other than the one the link goes to.
    TextDomainMismatch = "text-domain-mismatch", "warning";
    /// A host that mixes scripts or imitates an ASCII name.
    ConfusableHost = "confusable-host", "warning";
    /// An ASCII host that reads as a well-known site or another domain of the post
    /// (`paypa1.com`, `rnicrosoft.com`), or puts a known domain in front of an unrelated
    /// one (`paypal.com.account-check.example`).
    LookalikeDomain = "lookalike-domain", "warning";
    /// Link text with invisible characters that have no honest use there.
    InvisibleCharacters = "invisible-characters", "warning";
    /// A link through a known redirector (Google, Facebook, YouTube, Outlook Safe Links),
    /// with its destination.
    WrappedLink = "wrapped-link", "info";
    /// An internationalised host name, shown in both forms.
    InternationalHost = "international-host", "info";
    /// An address that cannot be parsed.
    MalformedUrl = "malformed-url", "warning or error";
    /// A link with no address.
    EmptyUrl = "empty-url", "warning";
    /// A link with no text, invisible or meaningless to readers.
    EmptyLinkText = "empty-link-text", "warning";
    /// An image without alternative text.
    ImageMissingAlt = "image-missing-alt", "warning";
    /// A `#fragment` that names no heading, HTML id or footnote of the post.
    BrokenAnchor = "broken-anchor", "error";
    /// A link or image to a file that cannot be read: beside the post, or for an image
    /// anywhere on the author's computer (see [`crate::local_file`]).
    MissingFile = "missing-file", "error";
    /// A `<meta http-equiv="refresh">` or `<base href>` that sends readers or every
    /// relative link elsewhere.
    PageRedirect = "page-redirect", "error";
    /// A `<script>` loaded from another site.
    ExternalScript = "external-script", "warning";
    /// Plain `http://`.
    InsecureHttp = "insecure-http", "info or warning";
    /// A URL shortener hides the destination.
    UrlShortener = "url-shortener", "warning";
    /// localhost, a private network address or a name only a local network knows.
    PrivateAddress = "private-address", "warning";
    /// The same address linked more than once.
    DuplicateLink = "duplicate-link", "info";
    /// A domain that was not in the post when it was last saved.
    NewDomain = "new-domain", "info";
    /// The online check got an error status or no such host.
    BrokenLink = "broken-link", "warning or error";
    /// The online check was redirected.
    RedirectedLink = "redirected-link", "info or warning";
    /// The online check got no answer.
    UnreachableLink = "unreachable-link", "warning";
    /// The front matter cannot be read.
    FrontMatterError = "front-matter-error", "error";
    /// No title in the front matter.
    MissingTitle = "missing-title", "warning";
    /// No author in the front matter.
    MissingAuthor = "missing-author", "warning";
    /// No date, or one that is not a date.
    MissingDate = "missing-date", "warning";
    /// Summary missing, or outside 50 to 160 characters.
    SummaryLength = "summary-length", "warning";
    /// A `lang` that is not a language tag.
    InvalidLanguage = "invalid-language", "warning";
    /// A cover image without alternative text.
    CoverMissingAlt = "cover-missing-alt", "warning";
    /// A heading more than one level below the one before it.
    SkippedHeadingLevel = "skipped-heading-level", "warning";
    /// The post is still marked as a draft.
    Draft = "draft", "warning";
    /// A level-one heading in the body, when the title is already the page's H1.
    H1InBody = "h1-in-body", "warning";
    /// A link to another post, page or file of the site that leads nowhere (site mode).
    BrokenInternalLink = "broken-internal-link", "warning or error";
    /// The same external address in many posts of the site, the signature of injected
    /// links (site mode).
    AddressInManyPosts = "address-in-many-posts", "info or warning";
    /// A domain that only one post of the site links to (site mode).
    SinglePostDomain = "single-post-domain", "info";
    /// An image in the site folder that no post, page or template uses (site mode).
    UnusedImage = "unused-image", "info";
}

impl Rule {
    /// Whether the rule looks at a whole site rather than one post: its findings come from
    /// `site::site_findings`, never from [`audit`].
    pub fn is_site_wide(self) -> bool {
        matches!(
            self,
            Rule::BrokenInternalLink
                | Rule::AddressInManyPosts
                | Rule::SinglePostDomain
                | Rule::UnusedImage
        )
    }

    /// The rule's description as one line: the documentation's lines joined, trimmed.
    pub fn summary(self) -> String {
        self.description()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where something is in the post.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// In the Markdown body.
    Body {
        /// Byte range in the body.
        range: Range<usize>,
        /// 1-based line in the body (add `Post::body_first_line() - 1` for the file line).
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
    /// In a front-matter field, named as a path: `canonical_url`, `author.url`,
    /// `links[2].url`, `cover_image`.
    FrontMatter {
        /// The field.
        field: String,
    },
    /// The post as a whole (a missing title).
    Post,
}

impl Location {
    /// The body range, if the location is in the body.
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Location::Body { range, .. } => Some(range.clone()),
            _ => None,
        }
    }

    /// The 1-based line in the file, given the line on which the body starts.
    pub fn file_line(&self, body_first_line: usize) -> Option<usize> {
        match self {
            Location::Body { line, .. } => Some(line + body_first_line - 1),
            _ => None,
        }
    }
}

/// How a link is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](url)` or `![alt](url)`.
    Inline,
    /// `[text][label]`, `[text][]` or `[text]`, with a definition elsewhere.
    Reference,
    /// `<https://…>` or `<name@example.org>`.
    Autolink,
    /// An address typed into prose; Markdown does not make it a link.
    BareUrl,
    /// An attribute of a raw HTML element (`<a href>`, `<img src>`...).
    Html,
    /// A front-matter field.
    FrontMatter,
}

impl LinkKind {
    /// A short name for reports: `inline`, `reference`, `autolink`, `bare`, `html`,
    /// `front-matter`.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Inline => "inline",
            LinkKind::Reference => "reference",
            LinkKind::Autolink => "autolink",
            LinkKind::BareUrl => "bare",
            LinkKind::Html => "html",
            LinkKind::FrontMatter => "front-matter",
        }
    }
}

/// What the address is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    /// Something readers follow: a link.
    Link,
    /// An image shown in the page.
    Image,
    /// Other content loaded into the page: a frame, video, audio, object or embed.
    Embed,
    /// A script or style sheet loaded into the page.
    Script,
    /// Where a form sends what readers type.
    Form,
    /// A `<meta http-equiv="refresh">` redirect of the whole page.
    Redirect,
    /// A front-matter address (canonical URL, author page) not shown as a link.
    Metadata,
}

impl Usage {
    /// A short name for reports: `link`, `image`, `embed`, `script`, `form`, `redirect`,
    /// `metadata`.
    pub fn name(self) -> &'static str {
        match self {
            Usage::Link => "link",
            Usage::Image => "image",
            Usage::Embed => "embed",
            Usage::Script => "script",
            Usage::Form => "form",
            Usage::Redirect => "redirect",
            Usage::Metadata => "metadata",
        }
    }

    /// Whether the browser loads the address by itself, without a click.
    pub fn loads_into_page(self) -> bool {
        matches!(
            self,
            Usage::Image | Usage::Embed | Usage::Script | Usage::Redirect
        )
    }
}

/// Why a link is hidden from readers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hiding {
    /// The CSS or attribute that hides it: `display:none`, `left:-9999px`, `hidden`.
    pub reason: String,
    /// The element that carries it, such as `div`.
    pub element: String,
    /// The hiding element from its start tag to its end tag, when both are in the body; the
    /// "remove hidden element" fix deletes this.
    pub element_range: Option<Range<usize>>,
}

/// A link, image or other address in the post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// How it is written.
    pub kind: LinkKind,
    /// What it is used for.
    pub usage: Usage,
    /// The address as the browser receives it (entities and escapes decoded).
    pub url: String,
    /// The text readers see: link text, an image's alt text, a related link's label.
    pub text: String,
    /// For raw HTML: the element and attribute, such as `a` and `href`.
    pub html: Option<(String, String)>,
    /// Where the link is.
    pub location: Location,
    /// Where the address itself is written in the body, for "edit URL". For reference
    /// links this is `None`: the address is in the definition (see [`edit_url`]).
    pub url_range: Option<Range<usize>>,
    /// Where the visible text is written in the body, for "unlink".
    pub text_range: Option<Range<usize>>,
    /// The label of a reference link.
    pub reference: Option<String>,
    /// An image whose empty alt text was chosen on purpose (`alt=""` in raw HTML).
    pub decorative: bool,
    /// Why the link is hidden from readers, if it is.
    pub hidden: Option<Hiding>,
}

impl Link {
    /// The byte range in the body, if the link is in the body.
    pub fn range(&self) -> Option<Range<usize>> {
        self.location.range()
    }

    /// The parsed address.
    pub fn address(&self) -> Address {
        Address::parse(&self.url)
    }
}

/// One thing the audit found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which rule found it.
    pub rule: Rule,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong and what to do, for the author.
    pub message: String,
    /// The address concerned (empty for findings about the post as a whole).
    pub url: String,
    /// The link text concerned.
    pub text: String,
    /// Where it is.
    pub location: Location,
    /// The index of the link in [`Report::links`], if the finding is about a link.
    pub link: Option<usize>,
    /// One-click fixes, computed from the body that was audited.
    pub fixes: Vec<Fix>,
}

/// What the caller knows beyond the post's text.
#[derive(Default)]
pub struct AuditOptions<'a> {
    /// The domains the post linked to when it was last saved ([`domains`] of that
    /// version's links). `None` (a new post) reports no "new since last save" findings.
    pub saved_domains: Option<&'a BTreeSet<String>>,
    /// The post's folder and which files in it can be read, for the missing-file rule;
    /// `None` skips the rule. Images are found as the preview and the export find them
    /// ([`crate::local_file`]), so the audit calls an image missing exactly when neither
    /// can show it.
    pub local_files: Option<PostFiles<'a>>,
}

/// The post as the audit sees it: its body, metadata and outline.
#[derive(Clone, Copy, Debug)]
pub struct PostFacts<'a> {
    /// The Markdown body the links were collected from.
    pub body: &'a str,
    /// The front matter's metadata.
    pub metadata: &'a Metadata,
    /// The headings of the body, with their ids, from the same pass.
    pub outline: &'a [Heading],
    /// The front matter cannot be read, and why.
    pub front_matter_error: Option<&'a str>,
}

/// The result of an audit: every link, and the findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every address in the post, body first in order of appearance, then front matter.
    pub links: Vec<Link>,
    /// The findings, in order of position (front matter and whole-post findings last).
    pub findings: Vec<Finding>,
}

/// How many findings of each severity a report has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Report {
    /// How many errors, warnings and infos.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for finding in &self.findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    /// Adds findings (those of the online check) and keeps all in order of position.
    pub fn add_findings(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.findings.extend(findings);
        sort_findings(&mut self.findings);
    }

    /// The most serious severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|finding| finding.severity).max()
    }

    /// The findings about one link.
    pub fn findings_for(&self, link: usize) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |finding| finding.link == Some(link))
    }

    /// The domains linked to, for [`AuditOptions::saved_domains`] at the next audit.
    pub fn domains(&self) -> BTreeSet<String> {
        domains(&self.links)
    }
}

/// The set of domains (host names without `www.`, in Unicode form) that links point to.
/// Keep this at each save and pass it as [`AuditOptions::saved_domains`].
pub fn domains(links: &[Link]) -> BTreeSet<String> {
    links
        .iter()
        .filter_map(|link| link.address().domain())
        .collect()
}

/// Audits a post: link rules over every link in `scan` plus the front matter's addresses,
/// and the publish-readiness rules. `scan` comes from a [`LinkCollector`] fed the same pass
/// as the statistics whose outline is in `post`.
pub fn audit(scan: LinkScan, post: &PostFacts<'_>, options: &AuditOptions<'_>) -> Report {
    let LinkScan {
        mut links,
        anchor_ids,
    } = scan;
    links.extend(collect::front_matter_links(post.metadata));
    let mut findings = rules::link_findings(&links, post, &anchor_ids, options);
    findings.extend(readiness::findings(post));
    sort_findings(&mut findings);
    Report { links, findings }
}

/// Look-alike findings for a post's links against domains known from elsewhere: the rest
/// of its site, when a whole site is audited. Build `known` with [`KnownDomains::add`]
/// (one call per link, [`Origin::ThisSite`]) over the site's posts, audit each post, and add
/// what this returns with [`Report::add_findings`]; links the post's own audit already
/// reported as look-alikes are left out. `body` is the post's audited body, for the fixes.
pub fn lookalike_findings(report: &Report, body: &str, known: &KnownDomains) -> Vec<Finding> {
    rules::lookalike_findings(report, body, known)
}

/// Orders findings by position: body first, then front matter, then the whole post.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|finding| match &finding.location {
        Location::Body { range, .. } => (0, range.start, finding.rule),
        Location::FrontMatter { .. } => (1, 0, finding.rule),
        Location::Post => (2, 0, finding.rule),
    });
}

/// Reads a post's body in one pass of its own, gathering statistics and links, and audits
/// it. For the command line; the window feeds the collectors from its own pass instead.
pub fn audit_post(post: &Post, options: &AuditOptions<'_>) -> (Statistics, Report) {
    audit_post_as(post, post.metadata(), options, &mut |_, _| {})
}

/// Like [`audit_post`], with the metadata the readiness rules see given by the caller (a
/// site fills in what the generator takes from elsewhere, such as Jekyll's date in the
/// file name), and `also` fed every event of the same pass (a site's own collectors).
pub fn audit_post_as(
    post: &Post,
    metadata: &Metadata,
    options: &AuditOptions<'_>,
    also: &mut dyn FnMut(&pulldown_cmark::Event<'_>, &Range<usize>),
) -> (Statistics, Report) {
    let body = post.body();
    let mut stats = StatsCollector::default();
    let mut links = LinkCollector::new(body);
    for (event, range) in markdown::parser(body).into_offset_iter() {
        stats.event(&event, &range);
        links.event(&event, &range);
        also(&event, &range);
    }
    let statistics = stats.finish();
    let error = post.front_matter_error().map(ToString::to_string);
    let facts = PostFacts {
        body,
        metadata,
        outline: &statistics.outline,
        front_matter_error: error.as_deref(),
    };
    let report = audit(links.finish(), &facts, options);
    (statistics, report)
}

/// Where in the body the audit's findings are: byte ranges as [`Location`]s, by the one
/// line index ([`lines::LineIndex`], with its character counts, so that a body of one long
/// line with thousands of links stays linear). The command line locates spelling findings
/// with it too.
pub struct LineIndex<'a> {
    text: &'a str,
    lines: lines::LineIndex,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            lines: lines::LineIndex::with_char_counts(text),
        }
    }

    /// Where `range` of the text is: a [`Location::Body`] with the line and column of its
    /// start.
    pub fn location(&self, range: Range<usize>) -> Location {
        let (line, column) = self.lines.line_and_column(self.text, range.start);
        Location::Body {
            range,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for rule in Rule::ALL {
            let id = rule.id();
            assert!(seen.insert(id), "{id} twice");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{id}"
            );
        }
    }

    #[test]
    fn findings_are_located_by_line_and_character() {
        let text = "ab\nçé x\n\nlast";
        let index = LineIndex::new(text);
        let at = |offset: usize| match index.location(offset..offset) {
            Location::Body { line, column, .. } => (line, column),
            other => panic!("{other:?}"),
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(8), (2, 4), "ç and é are one column each");
        assert_eq!(at(11), (4, 1));
    }
}
