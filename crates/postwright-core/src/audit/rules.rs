//! The link rules: what is checked about each link, and the messages authors read.

use std::collections::{BTreeSet, HashMap};

use super::address::{self, Address};
use super::fix::{FixKind, link_fixes};
use super::vocabulary::{Place, SpamMatch, Vocabulary};
use super::{AuditOptions, Finding, Link, LinkKind, PostFacts, Rule, Severity, Usage};

/// Hosts that show copies of other sites, whose links rightly name the original site.
const ARCHIVES: &[&str] = &[
    "web.archive.org",
    "archive.org",
    "archive.ph",
    "archive.today",
    "archive.is",
];

/// Extensions of pages a site generator makes, which need not exist beside the post.
const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "php", "asp", "aspx", "jsp", "cgi", "xml"];

/// Fixes that take a suspicious link out of the post.
const REMOVAL_FIXES: &[FixKind] = &[
    FixKind::RemoveHiddenElement,
    FixKind::RemoveLink,
    FixKind::Unlink,
    FixKind::RemoveBareUrl,
];

/// Findings for every link.
pub(crate) fn link_findings(
    links: &[Link],
    post: &PostFacts<'_>,
    anchor_ids: &BTreeSet<String>,
    options: &AuditOptions<'_>,
) -> Vec<Finding> {
    let mut anchors: BTreeSet<&str> = anchor_ids.iter().map(String::as_str).collect();
    anchors.extend(post.outline.iter().map(|heading| heading.id.as_str()));
    let mut checker = Checker {
        body: post.body,
        anchors,
        options,
        vocabulary: Vocabulary::builtin(),
        first_use: HashMap::new(),
        suggestions: HashMap::new(),
        spam_hosts: HashMap::new(),
        findings: Vec::new(),
    };
    for (index, link) in links.iter().enumerate() {
        checker.check(index, link);
    }
    checker.findings
}

struct Checker<'a> {
    body: &'a str,
    anchors: BTreeSet<&'a str>,
    options: &'a AuditOptions<'a>,
    vocabulary: &'static Vocabulary,
    /// The first link to each address, for duplicates.
    first_use: HashMap<&'a str, &'a Link>,
    /// Suggestions already worked out for broken anchors.
    suggestions: HashMap<String, String>,
    /// Spam vocabulary already looked for in each host.
    spam_hosts: HashMap<String, Option<SpamMatch>>,
    findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    fn report(
        &mut self,
        index: usize,
        link: &Link,
        rule: Rule,
        severity: Severity,
        message: String,
        fixes: &[FixKind],
    ) {
        let fixes = if fixes.is_empty() {
            Vec::new()
        } else {
            link_fixes(self.body, link)
                .into_iter()
                .filter(|fix| fixes.contains(&fix.kind))
                .collect()
        };
        self.findings.push(Finding {
            rule,
            severity,
            message,
            url: link.url.clone(),
            text: link.text.clone(),
            location: link.location.clone(),
            link: Some(index),
            fixes,
        });
    }

    fn check(&mut self, index: usize, link: &'a Link) {
        let address = link.address();
        let domain = address.domain();
        let domain = domain.as_deref();
        self.hidden(index, link);
        self.dangerous(index, link, &address);
        self.spam(index, link, &address, domain);
        if link.kind == LinkKind::BareUrl {
            self.report(
                index,
                link,
                Rule::BareUrl,
                Severity::Warning,
                "A bare address in the text: readers see the raw address, and injected links \
                 often look like this. Make it a link whose words say where it goes, or remove \
                 it if you did not put it there."
                    .to_owned(),
                &[
                    FixKind::MakeAutolink,
                    FixKind::MakeNamedLink,
                    FixKind::RemoveBareUrl,
                ],
            );
        }
        self.text_mismatch(index, link, domain);
        self.host_name(index, link, &address);
        self.form(index, link, &address);
        self.local_target(index, link, &address);
        self.script(index, link, domain);
        self.redirect(index, link);
        self.transport(index, link, &address);
        self.duplicate(index, link, &address);
        self.new_domain(index, link, domain);
    }

    fn hidden(&mut self, index: usize, link: &Link) {
        let Some(hiding) = &link.hidden else {
            return;
        };
        let message = format!(
            "Hidden from readers by {} on a <{}>: hidden links are how injected spam escapes \
             the blog owner's eye. Remove it unless you hid it on purpose.",
            hiding.reason, hiding.element
        );
        self.report(
            index,
            link,
            Rule::HiddenLink,
            Severity::Error,
            message,
            REMOVAL_FIXES,
        );
    }

    fn dangerous(&mut self, index: usize, link: &Link, address: &Address) {
        let message = match (address, address.scheme()) {
            (_, Some(scheme @ ("javascript" | "vbscript"))) => format!(
                "A {scheme}: address runs code in the reader's browser when it is followed. \
                 Blogs never need this; remove the link."
            ),
            (_, Some("data")) if link.usage != Usage::Image => {
                "A data: address carries a whole document or script inside the link, a way to \
                 smuggle in content. Link to a real page instead."
                    .to_owned()
            }
            (_, Some("file")) | (Address::LocalPath, _) => {
                "This points at a file on your own computer, which readers cannot open. Put \
                 the file beside the post and link to it with a relative path."
                    .to_owned()
            }
            _ => return,
        };
        self.report(
            index,
            link,
            Rule::DangerousScheme,
            Severity::Error,
            message,
            REMOVAL_FIXES,
        );
    }

    fn spam(&mut self, index: usize, link: &Link, address: &Address, domain: Option<&str>) {
        let mut found = None;
        if let Some(url) = address.url() {
            if let Some(host) = domain {
                let vocabulary = self.vocabulary;
                found = self
                    .spam_hosts
                    .entry(host.to_owned())
                    .or_insert_with(|| vocabulary.find_in_address_part(host, Place::Host))
                    .clone();
            }
            if found.is_none() && url.scheme() != "data" {
                let path = address::percent_decoded(url.path());
                found = self.vocabulary.find_in_address_part(&path, Place::Path);
            }
        }
        if found.is_none() && link.text != link.url {
            found = self.vocabulary.find_in_text(&link.text);
        }
        let Some(found) = found else {
            return;
        };
        let message = format!(
            "\"{}\" ({}) in {}: injected spam links look like this. Check that you added \
             this link, and remove it if you did not.",
            found.phrase,
            found.category,
            found.place.describe()
        );
        self.report(
            index,
            link,
            Rule::SpamVocabulary,
            Severity::Warning,
            message,
            REMOVAL_FIXES,
        );
    }

    fn text_mismatch(&mut self, index: usize, link: &Link, domain: Option<&str>) {
        if link.usage != Usage::Link
            || matches!(
                link.kind,
                LinkKind::BareUrl | LinkKind::Autolink | LinkKind::FrontMatter
            )
        {
            return;
        }
        let Some(target) = domain else {
            return;
        };
        if ARCHIVES.contains(&target) {
            return;
        }
        let Some(named) = domains_named_in(&link.text)
            .into_iter()
            .find(|named| !same_site(named, target))
        else {
            return;
        };
        let message = format!(
            "The text names {named}, but the link goes to {target}. Spam and phishing links \
             dress up like this; make the text match where the link goes."
        );
        self.report(
            index,
            link,
            Rule::TextDomainMismatch,
            Severity::Warning,
            message,
            REMOVAL_FIXES,
        );
    }

    fn host_name(&mut self, index: usize, link: &Link, address: &Address) {
        let Some(host) = address.host_ascii() else {
            return;
        };
        if let Some(international) = address::international_host(&host) {
            match international.imitation {
                Some(why) => {
                    let message = format!(
                        "The site name {} (written {} on the network) could imitate another: \
                         {why}. Check that the link goes where you meant.",
                        international.unicode, international.ascii
                    );
                    self.report(
                        index,
                        link,
                        Rule::ConfusableHost,
                        Severity::Warning,
                        message,
                        REMOVAL_FIXES,
                    );
                }
                None => {
                    let message = format!(
                        "An international site name: {} (written {} on the network; some \
                         browsers show that form).",
                        international.unicode, international.ascii
                    );
                    self.report(
                        index,
                        link,
                        Rule::InternationalHost,
                        Severity::Info,
                        message,
                        &[],
                    );
                }
            }
        }
        if let Some(shortener) = address::shortener(&host) {
            let message = format!(
                "{shortener} is a URL shortener: readers cannot see where the link goes, and \
                 it can be pointed somewhere else later. Link to the destination itself."
            );
            self.report(
                index,
                link,
                Rule::UrlShortener,
                Severity::Warning,
                message,
                REMOVAL_FIXES,
            );
        }
        if let Some(reason) = address::private_reason(address) {
            let message = format!(
                "This points at {reason}, which readers cannot reach. Use the public address."
            );
            self.report(
                index,
                link,
                Rule::PrivateAddress,
                Severity::Warning,
                message,
                &[],
            );
        }
    }

    /// Malformed and empty addresses, and links without text.
    fn form(&mut self, index: usize, link: &Link, address: &Address) {
        match address {
            Address::Malformed(reason) => {
                let message = format!(
                    "This address cannot be read ({reason}), so the link is broken. Check it \
                     for typing mistakes."
                );
                self.report(
                    index,
                    link,
                    Rule::MalformedUrl,
                    Severity::Error,
                    message,
                    &[],
                );
            }
            Address::Absolute(url) if is_http_typo(url.scheme()) => {
                let message = format!(
                    "\"{}:\" looks like a mistyped http or https, so the link goes nowhere.",
                    url.scheme()
                );
                self.report(
                    index,
                    link,
                    Rule::MalformedUrl,
                    Severity::Error,
                    message,
                    &[],
                );
            }
            Address::Relative(path) if path.contains(char::is_whitespace) => {
                self.report(
                    index,
                    link,
                    Rule::MalformedUrl,
                    Severity::Warning,
                    "The path contains spaces, which some sites and feed readers break on. \
                     Rename the file or write each space as %20."
                        .to_owned(),
                    &[],
                );
            }
            Address::Empty if link.html.as_ref().is_none_or(|(element, _)| element == "a") => {
                let what = if link.usage == Usage::Image {
                    "This image has no address, so nothing is shown."
                } else {
                    "This link has no address, so it leads nowhere."
                };
                self.report(
                    index,
                    link,
                    Rule::EmptyUrl,
                    Severity::Warning,
                    what.to_owned(),
                    &[FixKind::Unlink],
                );
            }
            _ => {}
        }
        let visible_link = match &link.html {
            Some((element, _)) => matches!(element.as_str(), "a" | "area"),
            None => link.usage == Usage::Link && link.kind != LinkKind::BareUrl,
        };
        if visible_link && link.text.trim().is_empty() {
            let message = if link.kind == LinkKind::FrontMatter {
                "This related link has no label, so readers see a bare address or nothing. Give \
                 it a label."
            } else {
                "This link has no text, so readers cannot see it and screen readers read out \
                 the address. Give it words that say where it goes."
            };
            self.report(
                index,
                link,
                Rule::EmptyLinkText,
                Severity::Warning,
                message.to_owned(),
                &[FixKind::RemoveLink],
            );
        }
        let srcset = link
            .html
            .as_ref()
            .is_some_and(|(_, attribute)| attribute == "srcset");
        if link.usage == Usage::Image && !link.decorative && !srcset && link.text.trim().is_empty()
        {
            self.report(
                index,
                link,
                Rule::ImageMissingAlt,
                Severity::Warning,
                "This image has no alt text: screen readers skip it or read the file name. \
                 Describe what it shows and why it is there (in raw HTML, alt=\"\" marks a \
                 purely decorative image)."
                    .to_owned(),
                &[],
            );
        }
    }

    /// Anchors and files beside the post.
    fn local_target(&mut self, index: usize, link: &Link, address: &Address) {
        match address {
            Address::Fragment(id) if !id.is_empty() && !id.eq_ignore_ascii_case("top") => {
                if self.anchors.contains(id.as_str()) {
                    return;
                }
                let anchors = &self.anchors;
                let suggestion = self
                    .suggestions
                    .entry(id.clone())
                    .or_insert_with(|| {
                        closest(id, anchors.iter().copied())
                            .map(|near| format!(" Did you mean #{near}?"))
                            .unwrap_or_default()
                    })
                    .clone();
                let message = format!(
                    "#{id} matches no heading or anchor in this post, so the link goes \
                     nowhere.{suggestion}"
                );
                self.report(
                    index,
                    link,
                    Rule::BrokenAnchor,
                    Severity::Error,
                    message,
                    &[],
                );
            }
            Address::Relative(path) => {
                let Some(file_exists) = self.options.file_exists else {
                    return;
                };
                if !is_checked_file(path, link.usage) || file_exists(path) {
                    return;
                }
                let what = match link.usage {
                    Usage::Image => "image",
                    Usage::Link => "link",
                    _ => "address",
                };
                let message = format!(
                    "There is no file {path:?} beside the post, so this {what} is broken. \
                     Check the spelling, or add the file."
                );
                self.report(
                    index,
                    link,
                    Rule::MissingFile,
                    Severity::Error,
                    message,
                    &[],
                );
            }
            _ => {}
        }
    }

    fn script(&mut self, index: usize, link: &Link, domain: Option<&str>) {
        let is_script = link
            .html
            .as_ref()
            .is_some_and(|(element, _)| element == "script");
        let Some(domain) = domain.filter(|_| is_script) else {
            return;
        };
        let message = format!(
            "A script from {domain} runs with full access to the page and its readers; \
             injected scripts are how hacked blogs send readers elsewhere. Keep it only if \
             you added this embed yourself."
        );
        self.report(
            index,
            link,
            Rule::ExternalScript,
            Severity::Warning,
            message,
            &[FixKind::RemoveLink],
        );
    }

    fn redirect(&mut self, index: usize, link: &Link) {
        let Some((element, _)) = link.html.as_ref().filter(|_| link.usage == Usage::Redirect)
        else {
            return;
        };
        let message = if element == "base" {
            "A <base href> makes every relative link and image of the page resolve against \
             another address. Posts never need one; remove it."
        } else {
            "A refresh <meta> sends every reader of the page to this address as soon as it \
             loads: the favourite trick of hacked blogs. Remove it."
        };
        self.report(
            index,
            link,
            Rule::PageRedirect,
            Severity::Error,
            message.to_owned(),
            &[FixKind::RemoveLink],
        );
    }

    fn transport(&mut self, index: usize, link: &Link, address: &Address) {
        if address.scheme() != Some("http") || address::private_reason(address).is_some() {
            return;
        }
        let (severity, message) = if link.usage.loads_into_page() {
            (
                Severity::Warning,
                "Loaded over plain http: browsers block or warn about insecure content on an \
                 https page. Use https:// if the site offers it.",
            )
        } else if link.usage == Usage::Form {
            (
                Severity::Warning,
                "This form sends what readers type over plain http, where others can read \
                 it. Use https://.",
            )
        } else {
            (
                Severity::Info,
                "Plain http: the page travels unencrypted and some browsers warn. Use \
                 https:// if the site offers it.",
            )
        };
        self.report(
            index,
            link,
            Rule::InsecureHttp,
            severity,
            message.to_owned(),
            &[],
        );
    }

    fn duplicate(&mut self, index: usize, link: &'a Link, address: &Address) {
        if link.usage != Usage::Link || link.kind == LinkKind::FrontMatter || !address.is_web() {
            return;
        }
        let Some(first) = self.first_use.get(link.url.as_str()).copied() else {
            self.first_use.insert(link.url.as_str(), link);
            return;
        };
        let earlier = if first.text.is_empty() || first.text == first.url {
            String::new()
        } else {
            format!(" (as \"{}\")", first.text)
        };
        let message = format!(
            "The same address is linked earlier in the post{earlier}. One link is usually \
             enough; a repeated link can also be a sign of injected spam."
        );
        self.report(
            index,
            link,
            Rule::DuplicateLink,
            Severity::Info,
            message,
            &[],
        );
    }

    fn new_domain(&mut self, index: usize, link: &Link, domain: Option<&str>) {
        let Some(saved) = self.options.saved_domains else {
            return;
        };
        let Some(domain) = domain else {
            return;
        };
        if saved.contains(domain) {
            return;
        }
        let message = format!(
            "New since the last save: the post did not link to {domain} before. Check that \
             you added this link."
        );
        self.report(
            index,
            link,
            Rule::NewDomain,
            Severity::Info,
            message,
            REMOVAL_FIXES,
        );
    }
}

/// Whether a relative path is a file that should exist beside the post: anything loaded
/// into the page, and links to files other than generated pages. Paths ending in `/` or
/// without an extension are pages the site generator makes.
fn is_checked_file(path: &str, usage: Usage) -> bool {
    if path.is_empty() || path.ends_with('/') {
        return false;
    }
    if usage != Usage::Link {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => {
            !PAGE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        }
        _ => false,
    }
}

/// Domain names written in link text ("Read it on Example.com", "www.bbc.co.uk/news").
pub(crate) fn domains_named_in(text: &str) -> Vec<String> {
    let mut named = Vec::new();
    for token in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"' | ',' | '[' | ']')
    }) {
        let token = token.split_once("://").map_or(token, |(_, rest)| rest);
        let token = token.rsplit('@').next().unwrap_or(token);
        let host = token.split(['/', '?', '#']).next().unwrap_or(token);
        let host = host
            .strip_suffix("'s")
            .or_else(|| host.strip_suffix("\u{2019}s"))
            .unwrap_or(host);
        let host = host.trim_end_matches(['.', ':', ';', '!', '?', '\'', '\u{2019}']);
        let host = host.split(':').next().unwrap_or(host);
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() < 2
            || labels.iter().any(|label| {
                label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
        {
            continue;
        }
        let Some(suffix) = labels.last() else {
            continue;
        };
        // "ASP.NET" is a product name; a site's name is written in lower case at the end.
        if !suffix.chars().all(|c| c.is_ascii_lowercase()) || !address::is_domain_suffix(suffix) {
            continue;
        }
        let host = host.to_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        named.push(host);
    }
    named
}

/// Whether two domains belong to one site: equal, or one a subdomain of the other.
fn same_site(named: &str, target: &str) -> bool {
    let named_ascii = idna::domain_to_ascii(named).unwrap_or_else(|_| named.to_owned());
    let target_ascii = idna::domain_to_ascii(target).unwrap_or_else(|_| target.to_owned());
    let related =
        |a: &str, b: &str| a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"));
    related(named, target) || related(&named_ascii, &target_ascii)
}

/// Whether a scheme is a near miss of `http` or `https` ("htp", "htps", "hhtps").
fn is_http_typo(scheme: &str) -> bool {
    if matches!(scheme, "http" | "https") || scheme.len() > 7 {
        return false;
    }
    edit_distance(scheme, "http") <= 1 || edit_distance(scheme, "https") <= 1
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The anchor most like `id`, if one is close (a typo or a renamed heading).
pub(crate) fn closest<'b>(id: &str, anchors: impl Iterator<Item = &'b str>) -> Option<&'b str> {
    let length = id.chars().count();
    if length > 100 {
        return None;
    }
    let limit = (length / 3).max(2);
    anchors
        .filter(|anchor| anchor.len().abs_diff(id.len()) <= limit)
        .filter(|anchor| anchor.chars().count().abs_diff(length) <= limit)
        .map(|anchor| (edit_distance(id, anchor), anchor))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, anchor)| anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_in_link_text() {
        assert_eq!(
            domains_named_in("Read it on Example.com today"),
            ["example.com"]
        );
        assert_eq!(
            domains_named_in("https://www.bbc.co.uk/news and crates.io/crates/serde"),
            ["bbc.co.uk", "crates.io"]
        );
        assert!(domains_named_in("ASP.NET Core and Node.js").is_empty());
        assert!(domains_named_in("config.toml, main.rs, setup.py").is_empty());
        assert!(domains_named_in("e.g. this").is_empty());
        assert_eq!(
            domains_named_in("bbcgoodfood.com's guide"),
            ["bbcgoodfood.com"]
        );
        assert_eq!(
            domains_named_in("mail ed@fernhill.example.com"),
            ["fernhill.example.com"]
        );
    }

    #[test]
    fn sites_match_through_subdomains_and_punycode() {
        assert!(same_site("github.com", "gist.github.com"));
        assert!(same_site("blog.rust-lang.org", "rust-lang.org"));
        assert!(same_site("bücher.de", "bücher.de"));
        assert!(!same_site("paypal.com", "paypal.com.login.example"));
        assert!(!same_site("bbc.co.uk", "evil.co.uk"));
    }

    #[test]
    fn checked_files() {
        assert!(is_checked_file("images/chart.png", Usage::Image));
        assert!(is_checked_file("other-post.md", Usage::Link));
        assert!(is_checked_file("report.pdf", Usage::Link));
        assert!(!is_checked_file("other-post/", Usage::Link));
        assert!(!is_checked_file("about", Usage::Link));
        assert!(!is_checked_file("archive.html", Usage::Link));
        assert!(!is_checked_file(".hidden", Usage::Link));
    }

    #[test]
    fn typos_and_suggestions() {
        assert!(is_http_typo("htp"));
        assert!(is_http_typo("htps"));
        assert!(is_http_typo("hhttps"));
        assert!(!is_http_typo("https"));
        assert!(!is_http_typo("ftp"));
        assert!(!is_http_typo("mailto"));
        assert_eq!(
            closest(
                "breaking-change",
                ["breaking-changes", "thanks"].into_iter()
            ),
            Some("breaking-changes")
        );
        assert_eq!(closest("zzz", ["breaking-changes"].into_iter()), None);
    }
}
