//! Links grouped by domain, each with its findings, as the Links panel lists them.

use std::collections::BTreeMap;

use super::{Address, Report, Severity};

/// What a group gathers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    /// Links to one domain (`example.org`; `www.` dropped).
    Domain,
    /// Links within the post or the site: anchors, relative and root-relative paths,
    /// template addresses.
    Local,
    /// Addresses without a domain, by scheme (`javascript:`, `data:`, `tel:`), and ones
    /// that cannot be read.
    Other,
}

/// One link in a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkEntry {
    /// Index into [`Report::links`].
    pub link: usize,
    /// Indices into [`Report::findings`] of the findings about this link.
    pub findings: Vec<usize>,
    /// The most serious of those findings.
    pub worst: Option<Severity>,
}

/// The links to one domain (or of one other kind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainGroup {
    /// What the group gathers.
    pub kind: GroupKind,
    /// The heading to show: the domain, "This post and site", or the scheme.
    pub name: String,
    /// The links, in order of appearance (body first, then front matter).
    pub links: Vec<LinkEntry>,
    /// The most serious finding among the group's links.
    pub worst: Option<Severity>,
}

/// Every link of a report grouped by domain, each with its findings. Groups with errors
/// come first, then warnings, infos and clean groups; alphabetically within each.
pub fn group_by_domain(report: &Report) -> Vec<DomainGroup> {
    let mut findings_by_link: Vec<Vec<usize>> = vec![Vec::new(); report.links.len()];
    for (index, finding) in report.findings.iter().enumerate() {
        if let Some(list) = finding.link.and_then(|link| findings_by_link.get_mut(link)) {
            list.push(index);
        }
    }
    let mut groups: BTreeMap<(GroupKind, String), Vec<LinkEntry>> = BTreeMap::new();
    for (index, link) in report.links.iter().enumerate() {
        let address = Address::parse(&link.url);
        let key = match (&address, address.domain()) {
            (_, Some(domain)) => (GroupKind::Domain, domain),
            (
                Address::Fragment(_)
                | Address::Relative(_)
                | Address::RootRelative
                | Address::Template
                | Address::Empty,
                None,
            ) => (GroupKind::Local, "This post and site".to_owned()),
            (Address::Absolute(url), None) => (GroupKind::Other, format!("{}:", url.scheme())),
            (Address::LocalPath, None) => (GroupKind::Other, "file:".to_owned()),
            (Address::Malformed(_), None) => (GroupKind::Other, "Unreadable addresses".to_owned()),
        };
        let findings = std::mem::take(&mut findings_by_link[index]);
        let worst = findings
            .iter()
            .filter_map(|&finding| report.findings.get(finding))
            .map(|finding| finding.severity)
            .max();
        groups.entry(key).or_default().push(LinkEntry {
            link: index,
            findings,
            worst,
        });
    }
    let mut groups: Vec<DomainGroup> = groups
        .into_iter()
        .map(|((kind, name), links)| DomainGroup {
            kind,
            worst: links.iter().filter_map(|entry| entry.worst).max(),
            name,
            links,
        })
        .collect();
    groups.sort_by(|a, b| {
        b.worst
            .cmp(&a.worst)
            .then(a.kind.cmp(&b.kind))
            .then(a.name.cmp(&b.name))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditOptions, audit_post};
    use crate::post::Post;

    #[test]
    fn groups_by_domain_worst_first() {
        let post = Post::parse(
            "Read [a](https://www.example.org/a), [b](https://example.org/b), [c](#nowhere) and \
             [d](javascript:alert(1)) and [e](https://other.example/).\n",
        );
        let (_, report) = audit_post(&post, &AuditOptions::default());
        let groups = group_by_domain(&report);
        let names: Vec<&str> = groups.iter().map(|group| group.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "This post and site",
                "javascript:",
                "example.org",
                "other.example"
            ]
        );
        assert_eq!(groups[0].worst, Some(Severity::Error));
        let example = &groups[2];
        assert_eq!(example.links.len(), 2);
        assert_eq!(example.kind, GroupKind::Domain);
        let listed: usize = groups.iter().map(|group| group.links.len()).sum();
        assert_eq!(listed, report.links.len(), "every link is listed once");
        let javascript = &groups[1].links[0];
        assert!(
            javascript
                .findings
                .iter()
                .any(|&index| report.findings[index].rule == crate::audit::Rule::DangerousScheme)
        );
    }
}
