//! What a link in the preview may do: open in the browser (http, https, mailto only), jump
//! within the post, or nothing, with the reason.

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

/// Classifies a link destination.
pub fn classify_link(url: &str) -> LinkTarget {
    let trimmed = url.trim_matches(|c: char| c.is_ascii_whitespace());
    if trimmed.chars().any(char::is_control) {
        return LinkTarget::Refused(
            "the address contains control characters, which browsers would silently drop"
                .to_owned(),
        );
    }
    if let Some(fragment) = trimmed.strip_prefix('#') {
        return LinkTarget::Anchor(percent_decode(fragment));
    }
    let Some(scheme) = scheme_of(trimmed) else {
        return if trimmed.is_empty() {
            LinkTarget::Refused("the link has no address".to_owned())
        } else {
            LinkTarget::Relative(trimmed.to_owned())
        };
    };
    let rest = &trimmed[scheme.len() + 1..];
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|after| after.split(['/', '?', '#']).next().unwrap_or(""));
            match host {
                Some(host) if !host.is_empty() => LinkTarget::External(trimmed.to_owned()),
                _ => LinkTarget::Refused(format!(
                    "an {scheme}: address needs a host, as in {scheme}://example.org/"
                )),
            }
        }
        "mailto" if !rest.is_empty() => LinkTarget::External(trimmed.to_owned()),
        "mailto" => LinkTarget::Refused("the mailto: link has no address".to_owned()),
        _ => LinkTarget::Refused(format!(
            "links with the {scheme}: scheme are never opened from the preview; only http, \
             https and mailto links open"
        )),
    }
}

/// The scheme of an absolute URL (`https` in `https://…`), if the text has one.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

/// Decodes `%XX` escapes, keeping invalid ones and invalid UTF-8 as they were.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = bytes.get(index + 1..index + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            decoded.push(byte);
            index += 3;
            continue;
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
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

    #[test]
    fn percent_decoding_keeps_what_it_cannot_decode() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%FF"), "%FF");
    }
}
