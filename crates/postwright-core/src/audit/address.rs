//! What an address is: a fragment, a relative path, an absolute URL, or something a
//! browser cannot use; its domain in Unicode and punycode form; private addresses; URL
//! shorteners; and whether a host name imitates another.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use unicode_security::MixedScript;
use url::{Host, Url};

use crate::destination::{self, Destination};

/// An address from a link, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// Nothing: `[text]()`.
    Empty,
    /// `#id`, a place in this post. Holds the percent-decoded id (empty for `#`).
    Fragment(String),
    /// A path relative to the post (`images/a.png`, `../other.md#part`). Holds the
    /// percent-decoded path without query or fragment.
    Relative(String),
    /// A path from the root of the site (`/about/`), which only the live site can resolve.
    RootRelative,
    /// Template syntax the site generator fills in (`{{ .Site.BaseURL }}`, `{% link %}`),
    /// or a Zola internal link (`@/blog/post.md`).
    Template,
    /// A URL with a scheme (`https:`, `mailto:`, `javascript:`...), or protocol-relative
    /// (`//host/path`, read as `https:`).
    Absolute(Box<Url>),
    /// A Windows or UNC path to a file on the author's computer (`C:\Users\...`).
    LocalPath,
    /// An address with a scheme that cannot be parsed. Holds the reason.
    Malformed(String),
}

impl Address {
    /// Classifies an address as written in a link, read as [`destination::classify`]
    /// reads it for the preview and the export too.
    pub fn parse(text: &str) -> Address {
        let cleaned = destination::cleaned(text);
        let text = cleaned.as_ref();
        if text.is_empty() {
            return Address::Empty;
        }
        if text.contains("{{") || text.contains("{%") || text.starts_with("@/") {
            return Address::Template;
        }
        let absolute = |text: &str| match Url::parse(text) {
            Ok(url) => Address::Absolute(Box::new(url)),
            Err(error) => Address::Malformed(error.to_string()),
        };
        match destination::classify(text) {
            Destination::Empty => Address::Empty,
            Destination::Fragment => {
                let id = text.strip_prefix('#').unwrap_or_default();
                Address::Fragment(destination::percent_decoded(id).into_owned())
            }
            Destination::WindowsPath => Address::LocalPath,
            Destination::OtherSite => absolute(&format!("https:{text}")),
            Destination::SiteRoot => Address::RootRelative,
            Destination::Scheme(_) => absolute(text),
            Destination::Relative => {
                let path = text.split(['?', '#']).next().unwrap_or_default();
                Address::Relative(destination::percent_decoded(path).into_owned())
            }
        }
    }

    /// The URL, for absolute addresses.
    pub fn url(&self) -> Option<&Url> {
        match self {
            Address::Absolute(url) => Some(url),
            _ => None,
        }
    }

    /// The lower-case scheme of an absolute address.
    pub fn scheme(&self) -> Option<&str> {
        self.url().map(Url::scheme)
    }

    /// The host name as the network sees it (punycode for international names), lower
    /// case; IP addresses as text.
    pub fn host_ascii(&self) -> Option<String> {
        match self.url()?.host()? {
            Host::Domain(domain) => Some(domain.trim_end_matches('.').to_ascii_lowercase()),
            Host::Ipv4(ip) => Some(ip.to_string()),
            Host::Ipv6(ip) => Some(format!("[{ip}]")),
        }
    }

    /// The domain links are grouped by: the host in Unicode form, without a leading
    /// `www.`. For `mailto:` addresses, the mail domain.
    pub fn domain(&self) -> Option<String> {
        let url = self.url()?;
        let ascii = if url.scheme() == "mailto" {
            let address = url.path();
            let domain = address.rsplit_once('@')?.1;
            let domain = domain.split('?').next().unwrap_or_default();
            idna::domain_to_ascii(&destination::percent_decoded(domain)).ok()?
        } else {
            self.host_ascii()?
        };
        if ascii.is_empty() {
            return None;
        }
        let (unicode, _) = idna::domain_to_unicode(&ascii);
        let unicode = unicode.strip_prefix("www.").unwrap_or(&unicode).to_owned();
        Some(unicode)
    }

    /// Whether this is an `http:` or `https:` address on the network.
    pub fn is_web(&self) -> bool {
        matches!(self.scheme(), Some("http" | "https")) && self.host_ascii().is_some()
    }
}

/// The domain a link is grouped under (see [`Address::domain`]), or `None` for links within
/// the post or site and for addresses without a host.
pub fn host_key(url: &str) -> Option<String> {
    Address::parse(url).domain()
}

/// Why an address cannot be reached by readers, if it points at this computer or a
/// private network: "localhost", "a private network address (192.168.1.4)".
pub fn private_reason(address: &Address) -> Option<String> {
    let url = address.url()?;
    match url.host()? {
        Host::Ipv4(ip) => private_ipv4(ip).then(|| format!("a private network address ({ip})")),
        Host::Ipv6(ip) => private_ipv6(ip).then(|| format!("a private network address ({ip})")),
        Host::Domain(domain) => {
            let domain = domain.trim_end_matches('.').to_ascii_lowercase();
            if domain == "localhost" || domain.ends_with(".localhost") {
                return Some("this computer (localhost)".to_owned());
            }
            const LOCAL_SUFFIXES: &[&str] = &[".local", ".internal", ".lan", ".home.arpa", ".corp"];
            if let Some(suffix) = LOCAL_SUFFIXES.iter().find(|s| domain.ends_with(*s)) {
                return Some(format!("a name only a local network knows ({suffix})"));
            }
            if !domain.contains('.') && matches!(url.scheme(), "http" | "https") {
                return Some(format!(
                    "a name without a domain ({domain}), which only a local network knows"
                ));
            }
            None
        }
    }
}

fn private_ipv4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
}

fn private_ipv6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return private_ipv4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

/// Whether an address is a loopback or private network address, which the online check
/// leaves alone unless told otherwise.
pub fn is_private(address: &Address) -> bool {
    private_reason(address).is_some()
        || address
            .host_ascii()
            .and_then(|host| host.trim_matches(['[', ']']).parse::<IpAddr>().ok())
            .is_some_and(|ip| ip.is_loopback())
}

/// The entries of a built-in list file: one a line, `#` starting a comment.
pub(crate) fn list(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
}

/// The URL shortener a host belongs to, if it is one.
pub(crate) fn shortener(host: &str) -> Option<&'static str> {
    static SHORTENERS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let shorteners = SHORTENERS.get_or_init(|| {
        list(include_str!("../../../../assets/audit/url-shorteners.txt")).collect()
    });
    let mut rest = host;
    loop {
        if let Some(found) = shorteners.get(rest) {
            return Some(found);
        }
        rest = rest.split_once('.')?.1;
    }
}

/// What is unusual about an international host name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InternationalHost {
    /// The host as readers see it.
    pub unicode: String,
    /// The host as the network sees it (`xn--...`).
    pub ascii: String,
    /// Why it could imitate another name, if it could.
    pub imitation: Option<String>,
}

/// Looks at a host name for international labels: mixed scripts in one label, or labels
/// that read like ASCII ones ("аррӏе" in Cyrillic looks like "apple").
pub(crate) fn international_host(ascii_host: &str) -> Option<InternationalHost> {
    let labels_international = ascii_host.split('.').any(|label| label.starts_with("xn--"));
    if !labels_international {
        return None;
    }
    let (unicode, result) = idna::domain_to_unicode(ascii_host);
    let mut imitation = None;
    if result.is_err() {
        imitation = Some("its punycode does not decode to a valid name".to_owned());
    }
    for label in unicode.split('.') {
        if label.is_ascii() || imitation.is_some() {
            continue;
        }
        if !label.is_single_script() {
            imitation = Some(format!("the label \"{label}\" mixes writing systems"));
            continue;
        }
        let skeleton: String = unicode_security::skeleton(label).collect();
        if skeleton.is_ascii() && skeleton != label {
            imitation = Some(format!(
                "the label \"{label}\" is written with look-alike letters of another alphabet and reads as \"{skeleton}\""
            ));
        }
    }
    Some(InternationalHost {
        unicode,
        ascii: ascii_host.to_owned(),
        imitation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        assert_eq!(Address::parse(""), Address::Empty);
        assert_eq!(Address::parse("  "), Address::Empty);
        assert_eq!(
            Address::parse("#caf%C3%A9"),
            Address::Fragment("café".into())
        );
        assert_eq!(
            Address::parse("images/my%20chart.png?v=2#x"),
            Address::Relative("images/my chart.png".into())
        );
        assert_eq!(Address::parse("/about/"), Address::RootRelative);
        assert_eq!(Address::parse("{{ site.url }}/a.png"), Address::Template);
        assert_eq!(Address::parse("@/blog/post.md"), Address::Template);
        assert_eq!(Address::parse(r"C:\Users\me\draft.png"), Address::LocalPath);
        assert_eq!(
            Address::parse("java\tscript:alert(1)").scheme(),
            Some("javascript")
        );
        assert_eq!(Address::parse(" JAVASCRIPT:x").scheme(), Some("javascript"));
        assert!(matches!(
            Address::parse("http://exa mple.com/"),
            Address::Malformed(_)
        ));
        assert!(matches!(Address::parse("https://"), Address::Malformed(_)));
        assert_eq!(
            Address::parse("//cdn.example.net/x.js")
                .host_ascii()
                .as_deref(),
            Some("cdn.example.net")
        );
    }

    #[test]
    fn domains_are_unicode_without_www() {
        assert_eq!(
            host_key("https://www.Example.ORG/path").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            host_key("https://xn--bcher-kva.de/").as_deref(),
            Some("bücher.de")
        );
        assert_eq!(
            host_key("mailto:editor@fernhill.example.com").as_deref(),
            Some("fernhill.example.com")
        );
        assert_eq!(host_key("images/a.png"), None);
        assert_eq!(host_key("#top"), None);
    }

    #[test]
    fn private_addresses() {
        let reason = |url: &str| private_reason(&Address::parse(url));
        assert!(reason("http://localhost:8080/").is_some());
        assert!(reason("http://127.0.0.1/").is_some());
        assert!(reason("http://192.168.1.10/admin").is_some());
        assert!(reason("http://10.0.0.1/").is_some());
        assert!(reason("http://[::1]/").is_some());
        assert!(reason("http://printer.local/").is_some());
        assert!(reason("http://intranet/wiki").is_some());
        assert!(reason("https://example.org/").is_none());
        assert!(reason("http://8.8.8.8/").is_none());
        assert!(reason("mailto:someone@example.org").is_none());
    }

    #[test]
    fn shorteners_match_hosts_and_subdomains() {
        assert_eq!(shortener("bit.ly"), Some("bit.ly"));
        assert_eq!(shortener("j.mp.bit.ly"), Some("bit.ly"));
        assert_eq!(shortener("example.org"), None);
        assert_eq!(shortener("notbit.ly"), None);
    }

    #[test]
    fn homographs() {
        let cyrillic = international_host(&idna::domain_to_ascii("аррӏе.com").expect("idna"))
            .expect("international");
        assert_eq!(cyrillic.unicode, "аррӏе.com");
        assert!(cyrillic.ascii.starts_with("xn--"));
        assert!(
            cyrillic
                .imitation
                .as_deref()
                .is_some_and(|why| why.contains("apple")),
            "{cyrillic:?}"
        );
        let mixed = international_host(&idna::domain_to_ascii("раypal.com").expect("idna"))
            .expect("international");
        assert!(
            mixed
                .imitation
                .as_deref()
                .is_some_and(|why| why.contains("mixes")),
            "{mixed:?}"
        );
        let honest = international_host("xn--bcher-kva.de").expect("international");
        assert_eq!(honest.unicode, "bücher.de");
        assert_eq!(honest.imitation, None);
        assert_eq!(international_host("example.org"), None);
    }
}
