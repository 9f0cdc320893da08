//! Links whose query carries the real destination: Google's `/url?q=`, Facebook's
//! `l.php?u=`, YouTube's `/redirect?q=`, Outlook Safe Links' `?url=`, and any query
//! parameter that holds a whole address. The destination is audited as well as the link,
//! through a few levels of nesting at most; the redirectors readers know by name are listed
//! in `assets/audit/redirectors.txt`.

use std::borrow::Cow;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use url::Url;

use super::address::{Address, list};
use super::domain;

/// How many redirects inside one another are followed: a link through Google's redirect to
/// Safe Links to Facebook's redirect to the destination has three.
pub(crate) const MAX_HOPS: usize = 4;

/// One step from an address to the one its query carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    /// Where readers are passed on to.
    pub url: Url,
    /// The host of the address that passes them on.
    pub via: String,
    /// That address's redirector by name ("Google's redirect"), when it is a known one.
    pub redirector: Option<&'static str>,
}

/// The addresses a web address passes readers on to, outermost first: empty for an
/// ordinary link.
pub(crate) fn route(url: &Url) -> Vec<Hop> {
    let mut hops: Vec<Hop> = Vec::new();
    let mut current = Cow::Borrowed(url);
    while hops.len() < MAX_HOPS {
        let Some(next) = carried_address(&current) else {
            break;
        };
        let via = current.host_str().unwrap_or_default().to_ascii_lowercase();
        let redirector = redirector_name(&current);
        hops.push(Hop {
            url: next.clone(),
            via,
            redirector,
        });
        current = Cow::Owned(next);
    }
    hops
}

/// The web address an address's query carries: the whole query (`href.li/?https://…`), or
/// the first parameter whose value is one, escaped once or twice.
fn carried_address(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let query = url.query()?;
    let whole = percent_decode_str(query).decode_utf8_lossy();
    if let Some(found) = web_address(&whole) {
        return Some(found);
    }
    url.query_pairs().find_map(|(_, value)| {
        web_address(&value).or_else(|| {
            let lower = value.get(..8).unwrap_or_default().to_ascii_lowercase();
            (lower.starts_with("http%3a") || lower.starts_with("https%3a"))
                .then(|| web_address(&percent_decode_str(&value).decode_utf8_lossy()))
                .flatten()
        })
    })
}

/// `text` when it is a whole `http:` or `https:` address with a host.
fn web_address(text: &str) -> Option<Url> {
    let lower = text.get(..8).unwrap_or_default().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let address = Address::parse(text);
    address.is_web().then(|| address.url().cloned()).flatten()
}

/// How a redirector's host is written in `redirectors.txt`.
enum HostPattern {
    /// `google.*`: a registrable domain with this first label, under any public suffix.
    AnySuffix(&'static str),
    /// `*.protection.outlook.com`: any host under this domain.
    Under(&'static str),
    /// `l.facebook.com`: this host, with or without `www.`.
    Exact(&'static str),
}

struct Redirector {
    host: HostPattern,
    /// `None` for any path.
    path: Option<&'static str>,
    name: &'static str,
}

impl Redirector {
    fn matches(&self, host: &str, path: &str) -> bool {
        let host_matches = match self.host {
            HostPattern::AnySuffix(label) => {
                domain::known_suffix(host).is_some()
                    && domain::registrable(host)
                        .and_then(|domain| domain.split('.').next())
                        .is_some_and(|first| first == label)
            }
            HostPattern::Under(parent) => host
                .strip_suffix(parent)
                .is_some_and(|rest| rest.ends_with('.')),
            HostPattern::Exact(exact) => host.strip_prefix("www.").unwrap_or(host) == exact,
        };
        host_matches && self.path.is_none_or(|wanted| wanted == path)
    }
}

fn redirectors() -> &'static [Redirector] {
    static REDIRECTORS: OnceLock<Vec<Redirector>> = OnceLock::new();
    REDIRECTORS.get_or_init(|| {
        list(include_str!("../../../../assets/audit/redirectors.txt"))
            .filter_map(|line| {
                let host = line.split_whitespace().next()?;
                let rest = line[host.len()..].trim_start();
                let path = rest.split_whitespace().next()?;
                let name = rest[path.len()..].trim();
                let host = if let Some(label) = host.strip_suffix(".*") {
                    HostPattern::AnySuffix(label)
                } else if let Some(parent) = host.strip_prefix("*.") {
                    HostPattern::Under(parent)
                } else {
                    HostPattern::Exact(host)
                };
                Some(Redirector {
                    host,
                    path: (path != "*").then_some(path),
                    name,
                })
            })
            .collect()
    })
}

/// The name of the known redirector an address belongs to, if any.
fn redirector_name(url: &Url) -> Option<&'static str> {
    let host = url.host_str()?.to_ascii_lowercase();
    redirectors()
        .iter()
        .find(|redirector| redirector.matches(&host, url.path()))
        .map(|redirector| redirector.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route_of(address: &str) -> Vec<(String, Option<&'static str>)> {
        let url = Url::parse(address).expect("address");
        route(&url)
            .into_iter()
            .map(|hop| (hop.url.to_string(), hop.redirector))
            .collect()
    }

    #[test]
    fn known_redirectors_are_unwrapped_and_named() {
        assert_eq!(
            route_of(
                "https://www.google.com/url?sa=t&q=&url=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FSildenafil&usg=x"
            ),
            [(
                "https://en.wikipedia.org/wiki/Sildenafil".to_owned(),
                Some("Google's redirect")
            )]
        );
        assert_eq!(
            route_of("https://www.google.co.uk/url?q=https://pills.example/&sa=U"),
            [(
                "https://pills.example/".to_owned(),
                Some("Google's redirect")
            )]
        );
        assert_eq!(
            route_of("https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2Fa&h=AT0"),
            [(
                "https://shop.example/a".to_owned(),
                Some("Facebook's link redirect")
            )]
        );
        assert_eq!(
            route_of("https://www.youtube.com/redirect?event=video&q=http%3A%2F%2Fbet.example%2F"),
            [("http://bet.example/".to_owned(), Some("YouTube's redirect"))]
        );
        assert_eq!(
            route_of(
                "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Flogin.example%2F&data=05&reserved=0"
            ),
            [(
                "https://login.example/".to_owned(),
                Some("Outlook Safe Links")
            )]
        );
        assert_eq!(
            route_of("https://href.li/?https://example.org/page"),
            [("https://example.org/page".to_owned(), Some("href.li"))]
        );
    }

    #[test]
    fn any_parameter_holding_an_address_is_followed() {
        assert_eq!(
            route_of(
                "https://tracker.example/click?id=7&goto=https%253A%252F%252Fspam.example%252F"
            ),
            [("https://spam.example/".to_owned(), None)]
        );
        assert!(route_of("https://example.org/search?q=rust+https").is_empty());
        assert!(route_of("https://example.org/?next=/account").is_empty());
        assert!(route_of("https://google.example/url?q=https://a.example/").len() == 1);
        assert_eq!(
            route_of("https://google.example/url?q=https://a.example/")[0].1,
            None,
            "google.example is not Google"
        );
    }

    #[test]
    fn nested_redirects_are_followed_a_few_levels() {
        let inner = "https://l.facebook.com/l.php?u=https%3A%2F%2Fend.example%2F";
        let middle = format!(
            "https://nam1.safelinks.protection.outlook.com/?url={}",
            percent_encoding::utf8_percent_encode(inner, percent_encoding::NON_ALPHANUMERIC)
        );
        let outer = format!(
            "https://www.google.com/url?q={}",
            percent_encoding::utf8_percent_encode(&middle, percent_encoding::NON_ALPHANUMERIC)
        );
        let hops = route_of(&outer);
        assert_eq!(hops.len(), 3, "{hops:?}");
        assert_eq!(hops[2].0, "https://end.example/");
        let mut deep = "https://end.example/".to_owned();
        for _ in 0..10 {
            deep = format!(
                "https://hop.example/?to={}",
                percent_encoding::utf8_percent_encode(&deep, percent_encoding::NON_ALPHANUMERIC)
            );
        }
        assert_eq!(route_of(&deep).len(), MAX_HOPS);
    }
}
