//! The link rules: what is checked about each link, and the messages authors read.

use std::collections::{BTreeSet, HashMap};

use url::Url;

use super::address::{self, Address};
use super::domain;
use super::fix::{FixKind, link_fixes};
use super::lookalike::{KnownDomains, Lookalike, Origin};
use super::redirect::{self, Hop};
use super::unmask;
use super::vocabulary::{Place, SpamMatch, Vocabulary};
use super::{AuditOptions, Finding, Link, LinkKind, PostFacts, Report, Rule, Severity, Usage};
use crate::destination::{self, Danger};
use crate::local_file::{LocalFile, local_file};

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

/// Rules whose warning about a link is a second sign that a spam word in it was injected.
const INJECTION_SIGNS: &[Rule] = &[
    Rule::HiddenLink,
    Rule::DangerousScheme,
    Rule::BareUrl,
    Rule::TextDomainMismatch,
    Rule::ConfusableHost,
    Rule::LookalikeDomain,
    Rule::UrlShortener,
    Rule::InvisibleCharacters,
    Rule::EmptyLinkText,
    Rule::PageRedirect,
    Rule::ExternalScript,
];

/// Spam words listed in one message at most.
const WORDS_NAMED: usize = 3;

/// Findings for every link.
pub(crate) fn link_findings(
    links: &[Link],
    post: &PostFacts<'_>,
    anchor_ids: &BTreeSet<String>,
    options: &AuditOptions<'_>,
) -> Vec<Finding> {
    let mut anchors: BTreeSet<&str> = anchor_ids.iter().map(String::as_str).collect();
    anchors.extend(post.outline.iter().map(|heading| heading.id.as_str()));
    let addresses: Vec<Address> = links.iter().map(Link::address).collect();
    let routes: Vec<Vec<Hop>> = addresses.iter().map(route_of).collect();
    let mut post_domains = KnownDomains::default();
    for (address, route) in addresses.iter().zip(&routes) {
        for host in hosts_of(address, route) {
            post_domains.add(&host, Origin::ThisPost);
        }
    }
    let mut checker = Checker {
        body: post.body,
        anchors,
        options,
        vocabulary: Vocabulary::builtin(),
        post_domains,
        first_use: HashMap::new(),
        suggestions: HashMap::new(),
        spam_hosts: HashMap::new(),
        lookalikes: HashMap::new(),
        findings: Vec::new(),
    };
    for (index, (link, (address, route))) in
        links.iter().zip(addresses.iter().zip(&routes)).enumerate()
    {
        checker.check(index, link, address, route);
    }
    checker.findings
}

/// The addresses a link passes readers on to through its query (see [`redirect::route`]).
fn route_of(address: &Address) -> Vec<Hop> {
    match address.url() {
        Some(url) if address.is_web() => redirect::route(url),
        _ => Vec::new(),
    }
}

/// The hosts (lower case, punycode, without `www.`) of a link and of the addresses it
/// passes readers on to: the web host, or the mail domain of a `mailto:` address.
fn hosts_of(address: &Address, route: &[Hop]) -> Vec<String> {
    let own = if address.scheme() == Some("mailto") {
        address
            .domain()
            .map(|domain| idna::domain_to_ascii(&domain).unwrap_or(domain))
    } else {
        address.host_ascii().map(without_www)
    };
    own.into_iter()
        .chain(
            route
                .iter()
                .filter_map(|hop| hop.url.host_str().map(str::to_ascii_lowercase)),
        )
        .map(without_www)
        .collect()
}

fn without_www(host: String) -> String {
    match host.strip_prefix("www.") {
        Some(rest) => rest.to_owned(),
        None => host,
    }
}

/// How a host imitates a domain the caller knows of or a well-known site, if it does. A
/// well-known site imitates nothing.
fn lookalike_of(host: &str, known: &KnownDomains) -> Option<Lookalike> {
    let well_known = KnownDomains::well_known();
    if well_known.contains(host) {
        return None;
    }
    known.lookalike(host).or_else(|| well_known.lookalike(host))
}

/// The start of a message about an address a link passes readers on to.
fn leads_on(hop: &Hop) -> String {
    match hop.redirector {
        Some(name) => format!("Through {name}, this link leads to {}. ", hop.url),
        None => format!(
            "This link carries another address in its query, where it may send readers: {}. ",
            hop.url
        ),
    }
}

/// The message about a look-alike host.
fn lookalike_message(found: &Lookalike, hop: Option<&Hop>) -> String {
    let before = hop.map(leads_on).unwrap_or_default();
    if found.prefix {
        format!(
            "{before}{} starts with {}, {}, but {}: phishing links put a real name in front \
             of their own to look genuine. Check that the link goes where you meant.",
            found.host,
            found.imitated,
            found.origin.describe(),
            found.trick
        )
    } else {
        format!(
            "{before}{} reads like {}, {} ({}): phishing and spam imitate names this way. \
             Check that the link goes where you meant.",
            found.host,
            found.imitated,
            found.origin.describe(),
            found.trick
        )
    }
}

/// A finding about a link, with those of its fixes whose kinds are given.
fn link_finding(
    body: &str,
    index: usize,
    link: &Link,
    rule: Rule,
    severity: Severity,
    message: String,
    fixes: &[FixKind],
) -> Finding {
    let fixes = if fixes.is_empty() {
        Vec::new()
    } else {
        link_fixes(body, link)
            .into_iter()
            .filter(|fix| fixes.contains(&fix.kind))
            .collect()
    };
    Finding {
        rule,
        severity,
        message,
        url: link.url.clone(),
        text: link.text.clone(),
        location: link.location.clone(),
        link: Some(index),
        fixes,
    }
}

/// Look-alike findings for the links of an audited post against domains known from
/// elsewhere (the rest of its site), for links without a look-alike finding yet.
pub(crate) fn lookalike_findings(
    report: &Report,
    body: &str,
    known: &KnownDomains,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, link) in report.links.iter().enumerate() {
        if report
            .findings_for(index)
            .any(|finding| finding.rule == Rule::LookalikeDomain)
        {
            continue;
        }
        let address = link.address();
        let route = route_of(&address);
        let own = usize::from(address.domain().is_some());
        let found = hosts_of(&address, &route)
            .iter()
            .enumerate()
            .filter(|(_, host)| !KnownDomains::well_known().contains(host))
            .find_map(|(position, host)| {
                let hop = position.checked_sub(own).and_then(|hop| route.get(hop));
                known.lookalike(host).map(|found| (found, hop))
            });
        if let Some((found, hop)) = found {
            findings.push(link_finding(
                body,
                index,
                link,
                Rule::LookalikeDomain,
                Severity::Warning,
                lookalike_message(&found, hop),
                REMOVAL_FIXES,
            ));
        }
    }
    findings
}

struct Checker<'a> {
    body: &'a str,
    anchors: BTreeSet<&'a str>,
    options: &'a AuditOptions<'a>,
    vocabulary: &'static Vocabulary,
    /// The registrable domains the post links to, for look-alikes among them.
    post_domains: KnownDomains,
    /// The first link to each address, for duplicates.
    first_use: HashMap<&'a str, &'a Link>,
    /// Suggestions already worked out for broken anchors.
    suggestions: HashMap<String, String>,
    /// Spam vocabulary already looked for in each host.
    spam_hosts: HashMap<String, Vec<SpamMatch>>,
    /// Hosts already compared with the post's domains and the well-known sites.
    lookalikes: HashMap<String, Option<Lookalike>>,
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
        let finding = link_finding(self.body, index, link, rule, severity, message, fixes);
        self.findings.push(finding);
    }

    fn check(&mut self, index: usize, link: &'a Link, address: &Address, route: &[Hop]) {
        let first_finding = self.findings.len();
        let domain = address.domain();
        let domain = domain.as_deref();
        self.hidden(index, link);
        self.dangerous(index, link, address);
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
        self.text_mismatch(index, link, domain, route);
        if let Some(host) = address.host_ascii() {
            self.host_name(index, link, &host, None);
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
        for hop in route {
            if let Some(host) = hop.url.host_str() {
                self.host_name(index, link, &host.to_ascii_lowercase(), Some(hop));
            }
        }
        self.lookalike(index, link, address, route);
        self.invisible(index, link);
        self.wrapped(index, link, route);
        self.form(index, link, address);
        self.local_target(index, link, address);
        self.missing_file(index, link, address);
        self.script(index, link, domain);
        self.redirect(index, link);
        self.spam(index, link, address, domain, route, first_finding);
        self.transport(index, link, address);
        self.duplicate(index, link, address);
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

    /// Addresses [`destination::danger`] refuses, judged as the preview and the export
    /// judge them, and images on the author's computer, which the preview and the export
    /// can read but the published post cannot.
    fn dangerous(&mut self, index: usize, link: &Link, address: &Address) {
        let usage = match link.usage {
            Usage::Image => destination::Usage::Image,
            _ => destination::Usage::Link,
        };
        let local_file = "This points at a file on your own computer, which readers cannot \
                          open. Put the file beside the post and link to it with a relative \
                          path.";
        let message = match destination::danger(&link.url, usage) {
            Some(Danger::Script(scheme)) => format!(
                "A {scheme}: address runs code in the reader's browser when it is followed. \
                 Blogs never need this; remove the link."
            ),
            Some(Danger::Data) if link.usage == Usage::Image => {
                "A data: image that is not a PNG, JPEG, GIF, WebP or AVIF picture can carry \
                 a script; the export leaves it out. Put the image in a file beside the post."
                    .to_owned()
            }
            Some(Danger::Data) => {
                "A data: address carries a whole document or script inside the link, a way to \
                 smuggle in content. Link to a real page instead."
                    .to_owned()
            }
            Some(Danger::LocalFile) => local_file.to_owned(),
            None if address.scheme() == Some("file") || *address == Address::LocalPath => {
                local_file.to_owned()
            }
            None => return,
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

    /// Spam vocabulary in the link's host, path, query and text, and in the addresses it
    /// passes readers on to, weighed: a warning when another sign of injection agrees, or
    /// for an unambiguous entry off a reference site, or on one with a second, different
    /// entry beside it; an info otherwise.
    fn spam(
        &mut self,
        index: usize,
        link: &Link,
        address: &Address,
        domain: Option<&str>,
        route: &[Hop],
        first_finding: usize,
    ) {
        let mut found: Vec<(SpamMatch, Option<&Hop>)> = Vec::new();
        if let Some(url) = address.url() {
            self.spam_in_address(url, domain.map(str::to_owned), None, &mut found);
        }
        for hop in route {
            let domain = Address::Absolute(Box::new(hop.url.clone())).domain();
            self.spam_in_address(&hop.url, domain, Some(hop), &mut found);
        }
        if link.text != link.url {
            found.extend(
                self.vocabulary
                    .find_in_text(&link.text)
                    .into_iter()
                    .map(|found| (found, None)),
            );
        }
        if found.is_empty() {
            return;
        }
        let mut phrases: Vec<&str> = Vec::new();
        for (found, _) in &found {
            if !phrases.contains(&found.phrase.as_str()) {
                phrases.push(&found.phrase);
            }
        }
        let signs: Vec<Rule> = self.findings[first_finding..]
            .iter()
            .filter(|finding| {
                finding.severity >= Severity::Warning && INJECTION_SIGNS.contains(&finding.rule)
            })
            .map(|finding| finding.rule)
            .collect();
        let destination = route
            .last()
            .and_then(|hop| hop.url.host_str().map(str::to_ascii_lowercase))
            .or_else(|| address.host_ascii());
        let reference = destination.as_deref().and_then(domain::reference_site);
        let unambiguous = found.iter().any(|(found, _)| !found.ambiguous);
        let severity =
            if !signs.is_empty() || (unambiguous && (reference.is_none() || phrases.len() > 1)) {
                Severity::Warning
            } else {
                Severity::Info
            };
        // The first address behind a redirect that has a word is named once, up front.
        let named_hop = found.iter().find_map(|(_, hop)| *hop);
        let mut named: Vec<String> = Vec::new();
        for (found, hop) in &found {
            if named.len() == WORDS_NAMED {
                break;
            }
            let entry = format!("\"{}\" ({})", found.phrase, found.category);
            if named.iter().any(|existing| existing.starts_with(&entry)) {
                continue;
            }
            let place = match hop {
                Some(hop) if Some(*hop) == named_hop => found.place.describe_destination(),
                Some(hop) => format!("{} of {}", found.place.describe(), hop.url),
                None => found.place.describe().to_owned(),
            };
            named.push(format!("{entry} in {place}"));
        }
        let words = named.join("; ");
        let through = named_hop.map(leads_on).unwrap_or_default();
        let message = match (severity, &reference) {
            (Severity::Info, Some(site)) => format!(
                "{through}{words}, on a reference site ({site}): an article or a record \
                 about the subject, most likely, and nothing else about the link looks \
                 injected."
            ),
            (Severity::Info, None) => format!(
                "{through}{words}: honest posts use this too, and nothing else about the \
                 link looks injected. Check it if you do not know the link."
            ),
            _ => {
                let agreeing = if signs.is_empty() {
                    String::new()
                } else {
                    let ids: Vec<&str> = signs.iter().map(|rule| rule.id()).collect();
                    format!(" (also flagged: {})", ids.join(", "))
                };
                format!(
                    "{through}{words}{agreeing}: injected spam links look like this. Check \
                     that you added this link, and remove it if you did not."
                )
            }
        };
        self.report(
            index,
            link,
            Rule::SpamVocabulary,
            severity,
            message,
            REMOVAL_FIXES,
        );
    }

    /// Spam vocabulary in an address's host, path and query (leaving out the parameter that
    /// carries the next address, which is looked at on its own).
    fn spam_in_address<'h>(
        &mut self,
        url: &Url,
        domain: Option<String>,
        hop: Option<&'h Hop>,
        found: &mut Vec<(SpamMatch, Option<&'h Hop>)>,
    ) {
        let at = |matches: Vec<SpamMatch>| matches.into_iter().map(move |found| (found, hop));
        if let Some(host) = domain {
            let vocabulary = self.vocabulary;
            let host_matches = self
                .spam_hosts
                .entry(host)
                .or_insert_with_key(|host| vocabulary.find_in_address_part(host, Place::Host))
                .clone();
            found.extend(at(host_matches));
        }
        if url.scheme() == "data" {
            return;
        }
        let path = destination::percent_decoded(url.path());
        found.extend(at(self.vocabulary.find_in_address_part(&path, Place::Path)));
        if url.query().is_some() {
            let query: Vec<String> = url
                .query_pairs()
                .filter(|(_, value)| !carries_address(value))
                .map(|(key, value)| format!("{key} {value}"))
                .collect();
            found.extend(at(self
                .vocabulary
                .find_in_address_part(&query.join(" "), Place::Query)));
        }
    }

    fn text_mismatch(&mut self, index: usize, link: &Link, domain: Option<&str>, route: &[Hop]) {
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
        let destinations: Vec<String> = route
            .iter()
            .filter_map(|hop| hop.url.host_str().map(str::to_ascii_lowercase))
            .collect();
        let Some(named) = domains_named_in(&link.text).into_iter().find(|named| {
            !same_site(named, target)
                && !destinations
                    .iter()
                    .any(|destination| same_site(named, destination))
        }) else {
            return;
        };
        let message = match (route.first(), destinations.last()) {
            (Some(first), Some(last)) => format!(
                "The text names {named}, but the link goes through {} to {last}. Spam and \
                 phishing links dress up like this; make the text match where the link goes.",
                first.via
            ),
            _ => format!(
                "The text names {named}, but the link goes to {target}. Spam and phishing \
                 links dress up like this; make the text match where the link goes."
            ),
        };
        self.report(
            index,
            link,
            Rule::TextDomainMismatch,
            Severity::Warning,
            message,
            REMOVAL_FIXES,
        );
    }

    /// International and imitating host names and URL shorteners, of the link itself or
    /// (with `hop`) of an address it passes readers on to.
    fn host_name(&mut self, index: usize, link: &Link, host: &str, hop: Option<&Hop>) {
        let before = hop.map(leads_on).unwrap_or_default();
        if let Some(international) = address::international_host(host) {
            match international.imitation {
                Some(why) => {
                    let message = format!(
                        "{before}The site name {} (written {} on the network) could imitate \
                         another: {why}. Check that the link goes where you meant.",
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
                        "{before}An international site name: {} (written {} on the network; \
                         some browsers show that form).",
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
        if let Some(shortener) = address::shortener(host) {
            let message = format!(
                "{before}{shortener} is a URL shortener: readers cannot see where the link \
                 goes, and it can be pointed somewhere else later. Link to the destination \
                 itself."
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
    }

    /// A host of the link, or of an address it passes readers on to, that reads as another
    /// domain of the post or a well-known site.
    fn lookalike(&mut self, index: usize, link: &Link, address: &Address, route: &[Hop]) {
        let hosts = hosts_of(address, route);
        let own = usize::from(address.domain().is_some());
        for (position, host) in hosts.iter().enumerate() {
            let post_domains = &self.post_domains;
            let Some(found) = self
                .lookalikes
                .entry(host.clone())
                .or_insert_with_key(|host| lookalike_of(host, post_domains))
                .clone()
            else {
                continue;
            };
            let hop = position.checked_sub(own).and_then(|hop| route.get(hop));
            let message = lookalike_message(&found, hop);
            self.report(
                index,
                link,
                Rule::LookalikeDomain,
                Severity::Warning,
                message,
                REMOVAL_FIXES,
            );
            return;
        }
    }

    /// Invisible characters in the link's text that have no honest use there.
    fn invisible(&mut self, index: usize, link: &Link) {
        let found = unmask::suspicious_invisibles(&link.text);
        if found.is_empty() {
            return;
        }
        let listed: Vec<String> = found
            .iter()
            .map(|&(c, count)| {
                let times = if count == 1 {
                    String::new()
                } else {
                    format!("{count} × ")
                };
                format!(
                    "{times}{} (U+{:04X})",
                    unmask::invisible_name(c),
                    u32::from(c)
                )
            })
            .collect();
        let message = format!(
            "The link text hides invisible characters: {}. Readers see nothing, but word \
             filters see broken words, which is how spam slips past them. Retype the text, or \
             remove the link if you did not add it.",
            listed.join(", ")
        );
        self.report(
            index,
            link,
            Rule::InvisibleCharacters,
            Severity::Warning,
            message,
            REMOVAL_FIXES,
        );
    }

    /// A link that goes through a known redirector, with where it ends.
    fn wrapped(&mut self, index: usize, link: &Link, route: &[Hop]) {
        let (Some(first), Some(last)) = (route.first(), route.last()) else {
            return;
        };
        let Some(name) = first.redirector else {
            return;
        };
        let message = format!(
            "This link goes through {name} ({}) before it reaches {}. Link to the \
             destination directly: readers then see where they are going, and nobody in \
             between records the click.",
            first.via, last.url
        );
        self.report(index, link, Rule::WrappedLink, Severity::Info, message, &[]);
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

    /// Anchors in this post.
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
            _ => {}
        }
    }

    /// Files the post refers to that cannot be read. Images of the Markdown and the
    /// front matter are found the way the preview shows them and the export copies them
    /// ([`local_file`]: relative, absolute, `file:`), so one is missing here exactly when
    /// neither can show it; other links are checked when they are relative paths to files.
    fn missing_file(&mut self, index: usize, link: &Link, address: &Address) {
        let Some(files) = self.options.local_files else {
            return;
        };
        let shown_image = link.usage == Usage::Image && link.kind != LinkKind::Html;
        if !shown_image
            && !matches!(address, Address::Relative(path) if is_checked_file(path, link.usage))
        {
            return;
        }
        let LocalFile::Path(path) = local_file(&link.url, files.folder) else {
            return;
        };
        if (files.readable)(&path) {
            return;
        }
        let what = match link.usage {
            Usage::Image => "image",
            Usage::Link => "link",
            _ => "address",
        };
        let (severity, message) = match address {
            Address::Relative(relative) => (
                Severity::Error,
                format!(
                    "There is no file {relative:?} beside the post, so this {what} is broken. \
                     Check the spelling, or add the file."
                ),
            ),
            Address::RootRelative => (
                Severity::Warning,
                format!(
                    "There is no file {path:?} on this computer, so the preview cannot show \
                     this {what} and the export cannot include it. If the path is from your \
                     site's root, the published site may still have it; otherwise check the \
                     spelling."
                ),
            ),
            _ => (
                Severity::Error,
                format!(
                    "There is no file {path:?} on this computer, so this {what} is broken. \
                     Check the path, or put the file beside the post and use a relative path."
                ),
            ),
        };
        self.report(index, link, Rule::MissingFile, severity, message, &[]);
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

/// Whether a query value is an address of its own (escaped once or not at all), which
/// [`redirect::route`] follows.
fn carries_address(value: &str) -> bool {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    ["http://", "https://", "http%3a", "https%3a"]
        .iter()
        .any(|start| lower.starts_with(start))
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
        let host = host.to_lowercase();
        if !suffix.chars().all(|c| c.is_ascii_lowercase()) || !domain::names_a_site(&host) {
            continue;
        }
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        named.push(host);
    }
    named
}

/// Whether two domains belong to one site: the same registrable domain by the Public
/// Suffix List (`blog.example.com` and `shop.example.com`, but not `alice.github.io` and
/// `bob.github.io`), compared in punycode form.
fn same_site(named: &str, target: &str) -> bool {
    let named = idna::domain_to_ascii(named).unwrap_or_else(|_| named.to_owned());
    let target = idna::domain_to_ascii(target).unwrap_or_else(|_| target.to_owned());
    match (domain::registrable(&named), domain::registrable(&target)) {
        (Some(named), Some(target)) => named == target,
        _ => named == target,
    }
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
        assert!(same_site("blog.example.com", "shop.example.com"));
        assert!(!same_site("alice.github.io", "bob.github.io"));
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
