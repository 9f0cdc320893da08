//! Which site a host belongs to, judged with the Public Suffix List (compiled into the
//! `psl` crate, so nothing is read or fetched at run time): registrable domains, whether
//! link text names a site, and reference sites (encyclopedias, governments, universities).
//! Hosts are compared by their labels as the list divides them, never by how the text
//! ends: `paypal.com.account-check.example` belongs to `account-check.example`.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::OnceLock;

use super::address::list;

/// The registrable domain of a host name (`en.wikipedia.org` → `wikipedia.org`,
/// `news.bbc.co.uk` → `bbc.co.uk`, `a.b.example` → `b.example`): one label more than its
/// public suffix. `None` for IP addresses and names of a single label. The host is lower
/// case, in punycode or Unicode form, without a trailing dot.
pub(crate) fn registrable(host: &str) -> Option<&str> {
    if is_ip(host) {
        return None;
    }
    psl::domain_str(host.trim_end_matches('.'))
}

/// The public suffix of a host name when the Public Suffix List knows it (`co.uk`,
/// `github.io`, `go.id`); `None` for endings it does not list (`example`, `toml`).
pub(crate) fn known_suffix(host: &str) -> Option<&str> {
    if is_ip(host) {
        return None;
    }
    let host = host.trim_end_matches('.');
    let suffix = psl::suffix(host.as_bytes())?;
    if !suffix.is_known() {
        return None;
    }
    std::str::from_utf8(suffix.as_bytes()).ok()
}

fn is_ip(host: &str) -> bool {
    host.starts_with('[') || host.parse::<IpAddr>().is_ok()
}

/// Whether a host written in link text names a site: its ending is a public suffix, and
/// not one that is also a common file name ending (`main.rs`, `README.md`), listed in
/// `assets/audit/file-name-endings.txt`.
pub(crate) fn names_a_site(host: &str) -> bool {
    static FILE_ENDINGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let file_endings = FILE_ENDINGS.get_or_init(|| {
        list(include_str!(
            "../../../../assets/audit/file-name-endings.txt"
        ))
        .collect()
    });
    let last_label = host.rsplit('.').next().unwrap_or(host);
    known_suffix(host).is_some_and(|suffix| suffix != host) && !file_endings.contains(last_label)
}

/// The reference sites of `assets/audit/reference-sites.txt`.
struct ReferenceSites {
    /// Registrable domains (`wikipedia.org`).
    domains: HashSet<&'static str>,
    /// Public suffixes, without the leading dot (`ac.uk`).
    suffixes: HashSet<&'static str>,
}

fn reference_sites() -> &'static ReferenceSites {
    static SITES: OnceLock<ReferenceSites> = OnceLock::new();
    SITES.get_or_init(|| {
        let mut sites = ReferenceSites {
            domains: HashSet::new(),
            suffixes: HashSet::new(),
        };
        for line in list(include_str!("../../../../assets/audit/reference-sites.txt")) {
            match line.strip_prefix('.') {
                Some(suffix) => sites.suffixes.insert(suffix),
                None => sites.domains.insert(line),
            };
        }
        sites
    })
}

/// Why a host is a reference site, if it is one: its registrable domain
/// (`wikipedia.org`) or the public suffix that makes it one (`.ac.id`).
pub(crate) fn reference_site(host: &str) -> Option<String> {
    let sites = reference_sites();
    let domain = registrable(host)?;
    if sites.domains.contains(domain) {
        return Some(domain.to_owned());
    }
    let suffix = known_suffix(host)?;
    let mut tail = suffix;
    loop {
        if sites.suffixes.contains(tail) {
            return Some(format!(".{tail}"));
        }
        tail = tail.split_once('.')?.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_list() {
        assert_eq!(registrable("en.wikipedia.org"), Some("wikipedia.org"));
        assert_eq!(registrable("news.bbc.co.uk"), Some("bbc.co.uk"));
        assert_eq!(registrable("bbc.co.uk"), Some("bbc.co.uk"));
        assert_eq!(
            registrable("paypal.com.account-check.example"),
            Some("account-check.example")
        );
        assert_eq!(registrable("someone.github.io"), Some("someone.github.io"));
        assert_eq!(registrable("co.uk"), None);
        assert_eq!(registrable("localhost"), None);
        assert_eq!(registrable("192.168.1.4"), None);
        assert_eq!(registrable("[::1]"), None);
        assert_eq!(registrable("bücher.de"), Some("bücher.de"));
    }

    #[test]
    fn link_text_names_sites_not_files() {
        for site in [
            "example.com",
            "bbc.co.uk",
            "crates.io",
            "bücher.de",
            "kominfo.go.id",
        ] {
            assert!(names_a_site(site), "{site}");
        }
        for file in [
            "main.rs",
            "setup.py",
            "README.md",
            "config.toml",
            "notes.zip",
            "com",
        ] {
            assert!(!names_a_site(file), "{file}");
        }
    }

    #[test]
    fn reference_sites_by_domain_and_suffix() {
        assert_eq!(
            reference_site("en.wikipedia.org").as_deref(),
            Some("wikipedia.org")
        );
        assert_eq!(reference_site("doi.org").as_deref(), Some("doi.org"));
        assert_eq!(reference_site("www.ox.ac.uk").as_deref(), Some(".ac.uk"));
        assert_eq!(reference_site("lib.ui.ac.id").as_deref(), Some(".ac.id"));
        assert_eq!(reference_site("kominfo.go.id").as_deref(), Some(".go.id"));
        assert_eq!(reference_site("www.nih.gov").as_deref(), Some(".gov"));
        assert_eq!(reference_site("www.nhs.uk").as_deref(), Some(".nhs.uk"));
        assert_eq!(
            reference_site("www.ema.europa.eu").as_deref(),
            Some("europa.eu")
        );
        assert!(reference_site("richmondvalley.nsw.gov.au").is_some());
        assert_eq!(reference_site("wikipedia.org.casino.example"), None);
        assert_eq!(reference_site("gov.example"), None);
        assert_eq!(reference_site("edu-loans.example"), None);
        assert_eq!(reference_site("example.com"), None);
    }
}
