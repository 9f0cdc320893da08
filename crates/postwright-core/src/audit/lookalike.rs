//! Host names that read as another domain in plain ASCII: `rn` for `m`, `1` for `l`, `0` for
//! `o`, `cl` for `d`, `vv` for `w`, two neighbouring letters swapped, a letter doubled or
//! left out, a hyphen added; and a known domain put in front of an unrelated one
//! (`paypal.com.account-check.example`). Domains are compared by their registrable part as
//! the Public Suffix List divides them, against well-known sites
//! (`assets/audit/well-known-domains.txt`) and the domains the post itself, or the rest of
//! its site, links to.
//!
//! Each host is looked up by a handful of variants of its name in hash maps built from the
//! known domains, so checking a link costs the same however many domains are known.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::address::list;
use super::domain;

/// Where a known domain comes from, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A well-known site that phishing imitates.
    WellKnown,
    /// Another link of the same post.
    ThisPost,
    /// Another post of the same site.
    ThisSite,
}

impl Origin {
    /// Words for messages: "a well-known site".
    pub fn describe(self) -> &'static str {
        match self {
            Origin::WellKnown => "a well-known site",
            Origin::ThisPost => "a site this post also links to",
            Origin::ThisSite => "a site other posts of this site link to",
        }
    }
}

/// How a host imitates a known domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookalike {
    /// The host that imitates.
    pub host: String,
    /// The known registrable domain it reads as (`paypal.com`).
    pub imitated: String,
    /// Where that domain is known from.
    pub origin: Origin,
    /// The trick, in words: "the digit 1 for the letter l", "two letters swapped", or, for
    /// a known domain in front of another, "it belongs to account-check.example".
    pub trick: String,
    /// Whether the known domain stands in front of an unrelated one, rather than the
    /// host's own name imitating it.
    pub prefix: bool,
}

/// Known names shorter than this are compared only for look-alike letters.
const MIN_EDIT_NAME: usize = 5;
/// Known names shorter than this are not compared for a left-out letter.
const MIN_OMISSION_NAME: usize = 6;

/// Letter sequences that read as others in most fonts: (imitation, original).
const GLYPHS: &[(&str, &str)] = &[
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("1", "l"),
    ("0", "o"),
];

/// A known registrable domain: where it is known from, and how many links go to it.
#[derive(Clone, Copy, Debug)]
struct Known {
    origin: Origin,
    links: usize,
}

impl Known {
    /// How established the domain is: well-known sites above all, then by links.
    fn weight(self) -> usize {
        match self.origin {
            Origin::WellKnown => usize::MAX,
            _ => self.links,
        }
    }
}

/// Domains to compare hosts against: registrable domains by the name before their
/// public suffix, and by the variants of that name a look-alike would have.
///
/// A host is reported as imitating a domain linked at least as often as itself, so of a
/// library linked five times and a look-alike linked once, only the look-alike is
/// reported; well-known sites imitate nothing.
#[derive(Clone, Debug, Default)]
pub struct KnownDomains {
    domains: HashMap<String, Known>,
    /// Names (`paypal` of `paypal.com`) to their domains.
    by_name: HashMap<String, Vec<String>>,
    /// Names with look-alike letters read as the letters they imitate, to the names.
    by_glyphs: HashMap<String, Vec<String>>,
    /// Names with one inner letter left out, to the names.
    by_omission: HashMap<String, Vec<String>>,
}

impl KnownDomains {
    /// The well-known sites of `assets/audit/well-known-domains.txt`.
    pub fn well_known() -> &'static KnownDomains {
        static WELL_KNOWN: OnceLock<KnownDomains> = OnceLock::new();
        WELL_KNOWN.get_or_init(|| {
            let mut known = KnownDomains::default();
            for domain in list(include_str!(
                "../../../../assets/audit/well-known-domains.txt"
            )) {
                known.add(domain, Origin::WellKnown);
            }
            known
        })
    }

    /// Counts one link to a host's registrable domain (`docs.example.org` counts for
    /// `example.org`); the first origin given for a domain stays. Hosts in Unicode form
    /// are compared in punycode.
    pub fn add(&mut self, host: &str, origin: Origin) {
        let host = host.trim_end_matches('.').to_lowercase();
        let ascii = if host.is_ascii() {
            host
        } else {
            idna::domain_to_ascii(&host).unwrap_or(host)
        };
        let Some(registrable) = domain::registrable(&ascii) else {
            return;
        };
        if let Some(known) = self.domains.get_mut(registrable) {
            known.links += 1;
            return;
        }
        let registrable = registrable.to_owned();
        self.domains
            .insert(registrable.clone(), Known { origin, links: 1 });
        let name = name_of(&registrable).to_owned();
        if !comparable(&name) {
            return;
        }
        push_unique(self.by_glyphs.entry(read_glyphs(&name)).or_default(), &name);
        if name.len() >= MIN_OMISSION_NAME {
            for (index, _) in name.char_indices().skip(1) {
                let mut shorter = name.clone();
                shorter.remove(index);
                push_unique(self.by_omission.entry(shorter).or_default(), &name);
            }
        }
        push_unique(self.by_name.entry(name).or_default(), &registrable);
    }

    /// Whether a host's registrable domain is one of these.
    pub fn contains(&self, host: &str) -> bool {
        domain::registrable(host.trim_end_matches('.'))
            .is_some_and(|registrable| self.domains.contains_key(registrable))
    }

    /// Whether no domain is known.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// How `host` (lower case, punycode) imitates one of these domains, if it does.
    pub fn lookalike(&self, host: &str) -> Option<Lookalike> {
        let host = host.trim_end_matches('.');
        let registrable = domain::registrable(host)?;
        let own = self.domains.get(registrable).copied();
        if own.is_some_and(|known| known.origin == Origin::WellKnown) {
            return None;
        }
        if let Some(found) = self.known_in_front(host, registrable) {
            return Some(found);
        }
        let name = name_of(registrable);
        // The same name under another public suffix is most likely the same organisation.
        let same_name_elsewhere = self
            .by_name
            .get(name)
            .is_some_and(|domains| domains.iter().any(|domain| domain != registrable));
        if same_name_elsewhere || !comparable(name) {
            return None;
        }
        let own_weight = own.map_or(0, Known::weight);
        for (imitated_name, trick) in self.imitated_names(name) {
            let Some(domains) = self.by_name.get(&imitated_name) else {
                continue;
            };
            let found = domains.iter().find_map(|domain| {
                let known = self.domains.get(domain)?;
                (domain != registrable && known.weight() >= own_weight)
                    .then_some((domain, known.origin))
            });
            if let Some((imitated, origin)) = found {
                return Some(Lookalike {
                    host: host.to_owned(),
                    imitated: imitated.clone(),
                    origin,
                    trick: trick.describe(name, &imitated_name),
                    prefix: false,
                });
            }
        }
        None
    }

    /// A known domain written as the first labels of a host that belongs to another
    /// (`paypal.com.account-check.example`, `paypal.com-secure.example`).
    fn known_in_front(&self, host: &str, registrable: &str) -> Option<Lookalike> {
        let labels: Vec<&str> = host.split('.').collect();
        let own_labels = registrable.split('.').count();
        for start in 0..labels.len().saturating_sub(own_labels) {
            for count in 2..=3 {
                let Some(window) = labels.get(start..start + count) else {
                    break;
                };
                // A hyphen can join the known domain to the rest: "paypal.com-secure".
                let last = window[count - 1];
                let last = last.split('-').next().unwrap_or(last);
                let candidate = window[..count - 1]
                    .iter()
                    .copied()
                    .chain([last])
                    .collect::<Vec<_>>()
                    .join(".");
                if candidate == registrable {
                    continue;
                }
                if let Some(known) = self.domains.get(&candidate) {
                    return Some(Lookalike {
                        host: host.to_owned(),
                        imitated: candidate,
                        origin: known.origin,
                        trick: format!("it belongs to {registrable}"),
                        prefix: true,
                    });
                }
            }
        }
        None
    }

    /// The known names that `name` (ASCII, see [`comparable`]) could read as, each with
    /// how. Each variant is made in one buffer and looked up; only those found are kept.
    fn imitated_names(&self, name: &str) -> Vec<(String, Trick)> {
        let mut found = Vec::new();
        for original in self.by_glyphs.get(&read_glyphs(name)).into_iter().flatten() {
            if original != name {
                found.push((original.clone(), Trick::Glyphs));
            }
        }
        let known_edit = |candidate: &[u8]| {
            candidate.len() >= MIN_EDIT_NAME
                && std::str::from_utf8(candidate)
                    .is_ok_and(|candidate| self.by_name.contains_key(candidate))
        };
        let bytes = name.as_bytes();
        let mut edited = Vec::with_capacity(bytes.len());
        for index in 0..bytes.len().saturating_sub(1) {
            let (first, second) = (bytes[index], bytes[index + 1]);
            edited.clear();
            edited.extend_from_slice(bytes);
            let trick = if first == second {
                edited.remove(index);
                Trick::Doubled(char::from(first))
            } else {
                edited.swap(index, index + 1);
                Trick::Swapped(char::from(first), char::from(second))
            };
            if known_edit(&edited) {
                found.push((String::from_utf8_lossy(&edited).into_owned(), trick));
            }
        }
        for original in self.by_omission.get(name).into_iter().flatten() {
            found.push((original.clone(), Trick::LeftOut));
        }
        if name.contains('-') {
            let joined = name.replace('-', "");
            if known_edit(joined.as_bytes()) {
                found.push((joined, Trick::Hyphen));
            }
        }
        found
    }
}

/// How a name imitates another.
enum Trick {
    /// Look-alike letters (`rn` for `m`).
    Glyphs,
    /// This letter written twice.
    Doubled(char),
    /// These two neighbours, in this order, where the original has them the other way.
    Swapped(char, char),
    /// A letter of the original missing.
    LeftOut,
    /// A hyphen the original does not have.
    Hyphen,
}

impl Trick {
    /// The trick in words, for `name` imitating `original`.
    fn describe(&self, name: &str, original: &str) -> String {
        match self {
            Trick::Glyphs => glyph_trick(name, original),
            Trick::Doubled(letter) => format!("the letter {letter} doubled"),
            Trick::Swapped(first, second) => {
                format!("\"{second}{first}\" written \"{first}{second}\"")
            }
            Trick::LeftOut => "a letter left out".to_owned(),
            Trick::Hyphen => "a hyphen added".to_owned(),
        }
    }
}

/// Whether a name is compared at all: ASCII, not punycode (international names have their
/// own rule), not only digits.
fn comparable(name: &str) -> bool {
    name.is_ascii() && !name.starts_with("xn--") && !name.chars().all(|c| c.is_ascii_digit())
}

/// The name of a registrable domain before its public suffix: `paypal` of `paypal.com`.
fn name_of(registrable: &str) -> &str {
    registrable.split('.').next().unwrap_or(registrable)
}

fn push_unique(items: &mut Vec<String>, item: &str) {
    if !items.iter().any(|existing| existing == item) {
        items.push(item.to_owned());
    }
}

/// A name with each look-alike sequence read as what it imitates (`rnicrosoft` →
/// `microsoft`, `paypa1` → `paypal`).
fn read_glyphs(name: &str) -> String {
    let mut read = String::with_capacity(name.len());
    let mut rest = name;
    'outer: while !rest.is_empty() {
        for (imitation, original) in GLYPHS {
            if let Some(after) = rest.strip_prefix(imitation) {
                read.push_str(original);
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            read.push(c);
        }
        rest = chars.as_str();
    }
    read
}

/// The look-alike letters `name` uses where `original` has others, in words.
fn glyph_trick(name: &str, original: &str) -> String {
    let described: Vec<String> = GLYPHS
        .iter()
        .filter_map(|(imitation, real)| {
            let (fake, genuine) =
                if name.matches(imitation).count() > original.matches(imitation).count() {
                    (imitation, real)
                } else if original.matches(imitation).count() > name.matches(imitation).count() {
                    (real, imitation)
                } else {
                    return None;
                };
            Some(format!(
                "{} for {}",
                glyph_words(fake),
                glyph_words(genuine)
            ))
        })
        .collect();
    if described.is_empty() {
        "look-alike letters".to_owned()
    } else {
        described.join(", ")
    }
}

fn glyph_words(glyph: &str) -> String {
    match glyph {
        "1" => "the digit 1".to_owned(),
        "0" => "the digit 0".to_owned(),
        "l" | "o" | "m" | "d" | "w" => format!("the letter {glyph}"),
        other => format!("\"{other}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imitation(host: &str) -> Option<(String, String)> {
        KnownDomains::well_known()
            .lookalike(host)
            .map(|found| (found.imitated, found.trick))
    }

    #[test]
    fn look_alike_letters() {
        assert_eq!(
            imitation("paypa1.com"),
            Some(("paypal.com".into(), "the digit 1 for the letter l".into()))
        );
        assert_eq!(
            imitation("www.rnicrosoft.com"),
            Some(("microsoft.com".into(), "\"rn\" for the letter m".into()))
        );
        assert_eq!(
            imitation("g00gle.net"),
            Some(("google.com".into(), "the digit 0 for the letter o".into()))
        );
        assert_eq!(
            imitation("login.cliscord.example").map(|found| found.0),
            Some("discord.com".into())
        );
        assert_eq!(
            imitation("dh1.com").map(|found| found.0),
            Some("dhl.com".into())
        );
    }

    #[test]
    fn swapped_doubled_and_missing_letters() {
        assert_eq!(
            imitation("gooogle.com").map(|found| found.1),
            Some("the letter o doubled".into())
        );
        assert_eq!(
            imitation("netfilx.com").map(|found| found.1),
            Some("\"li\" written \"il\"".into())
        );
        assert_eq!(
            imitation("microsft-support.example").map(|found| found.0),
            None,
            "an extra word is not a look-alike"
        );
        assert_eq!(
            imitation("microsft.com").map(|found| found.1),
            Some("a letter left out".into())
        );
        assert_eq!(
            imitation("face-book.example").map(|found| found.0),
            Some("facebook.com".into())
        );
    }

    #[test]
    fn known_domains_in_front_of_others() {
        let found = KnownDomains::well_known()
            .lookalike("paypal.com.account-check.example")
            .expect("found");
        assert_eq!(found.imitated, "paypal.com");
        assert!(found.prefix);
        assert_eq!(found.trick, "it belongs to account-check.example");
        assert!(
            KnownDomains::well_known()
                .lookalike("paypal.com-secure.example")
                .is_some()
        );
        assert!(
            KnownDomains::well_known()
                .lookalike("appleid.apple.com.verify-session.example")
                .is_some_and(|found| found.imitated == "apple.com")
        );
    }

    #[test]
    fn honest_hosts_imitate_nothing() {
        for host in [
            "paypal.com",
            "www.paypal.com",
            "amazon.co.uk",
            "google.de",
            "rnli.org",
            "clarks.co.uk",
            "1password.com",
            "gitlab.com",
            "docs.github.com",
            "githubusercontent.com",
            "googleblog.com",
            "ups.example",
            "upss.example",
            "visa.gov.uk",
            "example.org",
            "192.168.1.1",
            "xn--bcher-kva.de",
        ] {
            assert_eq!(imitation(host), None, "{host}");
        }
    }

    #[test]
    fn domains_of_the_post_count_too() {
        let mut known = KnownDomains::default();
        known.add("www.fernhill-library.org", Origin::ThisPost);
        known.add("catalogue.fernhill-library.org", Origin::ThisPost);
        known.add("fernhi1l-library.org", Origin::ThisPost);
        assert_eq!(
            known.lookalike("fernhill-library.org"),
            None,
            "the domain linked more often is the original"
        );
        let found = known.lookalike("fernhi1l-library.org").expect("found");
        assert_eq!(found.imitated, "fernhill-library.org");
        assert_eq!(found.origin, Origin::ThisPost);
        assert_eq!(known.lookalike("events.fernhill-library.org"), None);
        assert_eq!(
            known
                .lookalike("fernhill-library.org.renew-card.example")
                .map(|found| found.origin),
            Some(Origin::ThisPost)
        );
    }
}
