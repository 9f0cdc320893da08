//! What the audits of many posts show together (a whole blog): a domain linked from one
//! post only, and the same suspicious address in several posts, the mark of links
//! injected into a hacked blog.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::{Report, Severity};

/// A domain that only one post links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoneDomain {
    /// The domain (without `www.`).
    pub domain: String,
    /// The index of the post, in the order the reports were given.
    pub post: usize,
}

/// An address the audit warned about that appears in more than one post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedAddress {
    /// The address.
    pub url: String,
    /// The posts it is in, by index, in order.
    pub posts: Vec<usize>,
    /// The rules that flagged it (`spam-vocabulary`, `hidden-link`…).
    pub rules: Vec<&'static str>,
}

/// The call-outs of a blog's audit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcrossPosts {
    /// Domains linked from one post only, in order of domain; the blog's own domain is
    /// left out.
    pub lone_domains: Vec<LoneDomain>,
    /// Flagged addresses found in several posts, the most widespread first.
    pub repeated: Vec<RepeatedAddress>,
}

/// Looks at every post's report together. `own_domain` is the blog's own domain, whose
/// links between posts are expected.
pub fn across_posts(reports: &[&Report], own_domain: Option<&str>) -> AcrossPosts {
    let mut posts_by_domain: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut flagged: BTreeMap<String, (BTreeSet<usize>, BTreeSet<&'static str>)> = BTreeMap::new();
    for (post, report) in reports.iter().enumerate() {
        for domain in report.domains() {
            posts_by_domain.entry(domain).or_default().insert(post);
        }
        for finding in &report.findings {
            if finding.severity >= Severity::Warning && finding.link.is_some() {
                let entry = flagged.entry(finding.url.clone()).or_default();
                entry.0.insert(post);
                entry.1.insert(finding.rule.id());
            }
        }
    }
    let lone_domains = posts_by_domain
        .into_iter()
        .filter(|(domain, _)| Some(domain.as_str()) != own_domain)
        .filter_map(|(domain, posts)| {
            let mut posts = posts.into_iter();
            match (posts.next(), posts.next()) {
                (Some(post), None) => Some(LoneDomain { domain, post }),
                _ => None,
            }
        })
        .collect();
    let mut repeated: Vec<RepeatedAddress> = flagged
        .into_iter()
        .filter(|(_, (posts, _))| posts.len() > 1)
        .map(|(url, (posts, rules))| RepeatedAddress {
            url,
            posts: posts.into_iter().collect(),
            rules: rules.into_iter().collect(),
        })
        .collect();
    repeated.sort_by(|a, b| b.posts.len().cmp(&a.posts.len()).then(a.url.cmp(&b.url)));
    AcrossPosts {
        lone_domains,
        repeated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::Post;

    fn report(body: &str) -> Report {
        crate::audit::audit_post(&Post::parse(body), &Default::default()).1
    }

    #[test]
    fn lone_domains_and_repeated_injections() {
        let injected = "[cheap pills](https://buy-viagra-pharmacy.example/)";
        let reports = [
            report(&format!(
                "See [docs](https://docs.example/a) and {injected}.\n"
            )),
            report(&format!(
                "Also [docs](https://docs.example/b), {injected}.\n"
            )),
            report("Only here: [x](https://lonely.example/) and [home](https://blog.example/).\n"),
        ];
        let refs: Vec<&Report> = reports.iter().collect();
        let found = across_posts(&refs, Some("blog.example"));
        let lone: Vec<(&str, usize)> = found
            .lone_domains
            .iter()
            .map(|lone| (lone.domain.as_str(), lone.post))
            .collect();
        assert_eq!(lone, [("lonely.example", 2)]);
        assert_eq!(found.repeated.len(), 1, "{found:?}");
        assert_eq!(
            found.repeated[0].url,
            "https://buy-viagra-pharmacy.example/"
        );
        assert_eq!(found.repeated[0].posts, [0, 1]);
        assert!(found.repeated[0].rules.contains(&"spam-vocabulary"));
    }
}
