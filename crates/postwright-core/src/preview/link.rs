//! What a link in the preview may do: open in the browser (http, https, mailto only), jump
//! within the post, or nothing, with the reason.

use crate::destination::{self, Destination, Usage};

/// Where a link goes, as far as the preview is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An `http:`, `https:` or `mailto:` URL, trimmed: the only links the preview opens.
    External(String),
    /// `#id`, percent-decoded: a heading or footnote in this post.
    Anchor(String),
    /// A relative URL or path (another post, a file on the site): it works on the
    /// published site, not from the preview.
    Relative(String),
    /// Any other scheme (`javascript:`, `data:`, `file:` …) or a malformed URL: never
    /// opened. The text says why, for the hover.
    Refused(String),
}

impl LinkTarget {
    /// What the reader sees on hover: the target, and why it does not open if it does not.
    pub fn hover_text(&self, url: &str) -> String {
        match self {
            LinkTarget::External(url) => url.clone(),
            LinkTarget::Anchor(id) => format!("#{id} — jumps to that place in this post"),
            LinkTarget::Relative(path) => format!(
                "{path} — a relative link: it works on the published site and is not opened \
                 from the preview"
            ),
            LinkTarget::Refused(reason) => format!("{url}\nNot opened: {reason}"),
        }
    }
}

/// Classifies a link destination, read as [`crate::destination`] reads it for the audit
/// and the export too: a link those two judge dangerous is never opened here either.
pub fn classify_link(url: &str) -> LinkTarget {
    let cleaned = destination::cleaned(url);
    let kind = destination::classify(&cleaned);
    if let Some(danger) = kind.danger(&cleaned, Usage::Link) {
        let scheme = danger.scheme();
        return LinkTarget::Refused(format!(
            "links with the {scheme}: scheme are never opened: {danger}"
        ));
    }
    // Browsers drop control characters inside an address silently, so what opened would
    // not be what the author sees.
    if url
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .contains(char::is_control)
    {
        return LinkTarget::Refused(
            "the address contains control characters, which browsers would silently drop"
                .to_owned(),
        );
    }
    let scheme = match kind {
        Destination::Empty => return LinkTarget::Refused("the link has no address".to_owned()),
        Destination::Fragment => {
            let fragment = cleaned.strip_prefix('#').unwrap_or_default();
            return LinkTarget::Anchor(destination::percent_decoded(fragment).into_owned());
        }
        Destination::Relative | Destination::SiteRoot | Destination::OtherSite => {
            return LinkTarget::Relative(cleaned.into_owned());
        }
        Destination::WindowsPath => {
            return LinkTarget::Refused(
                "a path on the author's computer, which readers cannot open".to_owned(),
            );
        }
        Destination::Scheme(scheme) => scheme,
    };
    let rest = &cleaned[scheme.len() + 1..];
    match scheme.as_str() {
        "http" | "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|after| after.split(['/', '?', '#']).next().unwrap_or(""));
            match host {
                Some(host) if !host.is_empty() => LinkTarget::External(cleaned.into_owned()),
                _ => LinkTarget::Refused(format!(
                    "an {scheme}: address needs a host, as in {scheme}://example.org/"
                )),
            }
        }
        "mailto" if !rest.is_empty() => LinkTarget::External(cleaned.into_owned()),
        "mailto" => LinkTarget::Refused("the mailto: link has no address".to_owned()),
        _ => LinkTarget::Refused(format!(
            "links with the {scheme}: scheme are never opened from the preview; only http, \
             https and mailto links open"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_open() {
        for url in [
            "https://example.org/a?b#c",
            "HTTP://EXAMPLE.ORG",
            "  https://example.org  ",
            "mailto:editor@example.org",
        ] {
            assert!(
                matches!(classify_link(url), LinkTarget::External(_)),
                "{url}"
            );
        }
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "vbscript:msgbox",
            "https:/no-host",
            "https://",
            "mailto:",
            "",
        ] {
            assert!(
                matches!(classify_link(url), LinkTarget::Refused(_)),
                "{url:?} gave {:?}",
                classify_link(url)
            );
        }
    }

    #[test]
    fn anchors_and_relative_links() {
        assert_eq!(
            classify_link("#caf%C3%A9"),
            LinkTarget::Anchor("café".to_owned())
        );
        assert_eq!(
            classify_link("long-essay.md"),
            LinkTarget::Relative("long-essay.md".to_owned())
        );
        assert_eq!(
            classify_link("../posts/a.md#x"),
            LinkTarget::Relative("../posts/a.md#x".to_owned())
        );
        assert!(matches!(
            classify_link("//cdn.example.org/x"),
            LinkTarget::Relative(_)
        ));
        // A colon after a slash is not a scheme.
        assert!(matches!(classify_link("./a:b.md"), LinkTarget::Relative(_)));
        assert!(
            classify_link("javascript:x")
                .hover_text("javascript:x")
                .contains("never opened")
        );
    }
}
