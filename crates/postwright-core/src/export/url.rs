//! What a link or image address is: safe or dangerous, in this document or elsewhere.
//!
//! Schemes are read the way a browser reads them: leading and trailing spaces and control
//! characters are ignored, tabs and line breaks anywhere are removed, and case does not
//! matter, so `  Java\tScript:` is `javascript:`. Markdown destinations arrive with their
//! entities already decoded by the parser (`&#106;avascript:` is `javascript:`), and raw
//! HTML attributes are decoded by the HTML tokenizer before they get here.

/// Schemes that run code when followed.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript", "mocha"];

/// Image types that may be embedded as `data:` URLs in `<img>`: raster formats only.
const DATA_IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// Schemes that raw HTML in a sanitised post may use in `href`, `src` and `cite`.
pub(crate) const RAW_HTML_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sms"];

/// Where an address points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Destination {
    /// `#section`: a place in this page.
    Fragment,
    /// A path relative to the post (`images/a.png`, `other-post.md`, `?q`).
    Relative,
    /// A path from the root of the site (`/images/a.png`).
    SiteAbsolute,
    /// `http:`, `https:` or protocol-relative `//host`.
    Web,
    /// Another scheme that is not dangerous (`mailto:`, `tel:`, `irc:`…).
    OtherScheme(String),
    /// A scheme that can run code or smuggle a document: the address must not be used.
    Dangerous(String),
}

impl Destination {
    /// True for addresses on another site.
    pub(crate) fn is_web(&self) -> bool {
        matches!(self, Destination::Web)
    }
}

/// Whether an address is used by a link or by an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UrlUse {
    /// `<a href>` and other navigations.
    Link,
    /// `<img src>`: `data:` URLs of raster images are allowed here.
    Image,
}

/// The scheme of `url` in lower case, read as a browser reads it, or `None` for a
/// relative address.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars() {
        match c {
            '\t' | '\n' | '\r' => continue,
            ':' => {
                return (!scheme.is_empty()).then_some(scheme);
            }
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c);
            }
            _ => return None,
        }
    }
    None
}

/// What `url` is, used as `usage`.
pub(crate) fn classify(url: &str, usage: UrlUse) -> Destination {
    match scheme(url) {
        Some(scheme) if SCRIPT_SCHEMES.contains(&scheme.as_str()) => Destination::Dangerous(scheme),
        Some(scheme) if scheme == "data" => {
            if usage == UrlUse::Image && is_data_image(url) {
                Destination::OtherScheme(scheme)
            } else {
                Destination::Dangerous(scheme)
            }
        }
        Some(scheme) if scheme == "http" || scheme == "https" => Destination::Web,
        Some(scheme) => Destination::OtherScheme(scheme),
        None => {
            let trimmed = url.trim_start_matches(|c: char| c <= ' ');
            if trimmed.starts_with("//") || trimmed.starts_with("\\\\") {
                Destination::Web
            } else if trimmed.starts_with('/') || trimmed.starts_with('\\') {
                Destination::SiteAbsolute
            } else if trimmed.starts_with('#') {
                Destination::Fragment
            } else {
                Destination::Relative
            }
        }
    }
}

/// Whether raw HTML in a sanitised post may use `url` in a URL attribute: relative
/// addresses and [`RAW_HTML_SCHEMES`] only.
pub(crate) fn raw_html_url_allowed(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(scheme) => RAW_HTML_SCHEMES.contains(&scheme.as_str()),
    }
}

fn is_data_image(url: &str) -> bool {
    let compact: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(rest) = compact.strip_prefix("data:") else {
        return false;
    };
    DATA_IMAGE_TYPES.iter().any(|kind| {
        rest.strip_prefix(kind)
            .is_some_and(|after| after.starts_with(';') || after.starts_with(','))
    })
}

/// The path part of a relative address, percent-decoded: `images/my%20cat.png#x` gives
/// `images/my cat.png`. `None` when the decoded path is not UTF-8.
pub(crate) fn relative_path(url: &str) -> Option<String> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[index + 1]), hex(bytes[index + 2]))
        {
            decoded.push(high * 16 + low);
            index += 3;
            continue;
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(decoded).ok()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

/// A relative link to another Markdown post (`other.md`, `../a/b.markdown#part`) with its
/// extension changed to `.html`, or `None` for any other address.
pub(crate) fn markdown_link_as_html(url: &str) -> Option<String> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    let stem = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))?;
    if stem.is_empty() || stem.ends_with('/') {
        return None;
    }
    Some(format!("{stem}.html{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_like_a_browser() {
        assert_eq!(scheme("https://a"), Some("https".into()));
        assert_eq!(scheme("  Java\tScript:alert(1)"), Some("javascript".into()));
        assert_eq!(scheme("\u{1}\u{7f}javascript:x").as_deref(), None);
        assert_eq!(scheme("\u{1} javascript:x"), Some("javascript".into()));
        assert_eq!(scheme("java\nscript:x"), Some("javascript".into()));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("./javascript:x"), None);
        assert_eq!(scheme("1http:x"), None);
        assert_eq!(scheme("#x:y"), None);
    }

    #[test]
    fn dangerous_schemes_are_found() {
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " vbscript:msgbox",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert!(
                matches!(classify(url, UrlUse::Image), Destination::Dangerous(_)),
                "{url}"
            );
        }
        assert!(matches!(
            classify("data:image/png;base64,AAAA", UrlUse::Link),
            Destination::Dangerous(_)
        ));
        assert_eq!(
            classify("data:image/png;base64,AAAA", UrlUse::Image),
            Destination::OtherScheme("data".into())
        );
        assert_eq!(classify("//cdn.example/x", UrlUse::Image), Destination::Web);
        assert_eq!(classify("/a", UrlUse::Link), Destination::SiteAbsolute);
        assert_eq!(classify("#a", UrlUse::Link), Destination::Fragment);
        assert_eq!(classify("a.png", UrlUse::Image), Destination::Relative);
        assert!(raw_html_url_allowed("mailto:a@b"));
        assert!(!raw_html_url_allowed("irc://x"));
    }

    #[test]
    fn relative_paths_and_markdown_links() {
        assert_eq!(
            relative_path("images/my%20cat.png?x#y").as_deref(),
            Some("images/my cat.png")
        );
        assert_eq!(relative_path("a%2").as_deref(), Some("a%2"));
        assert_eq!(
            markdown_link_as_html("../posts/a.md#part").as_deref(),
            Some("../posts/a.html#part")
        );
        assert_eq!(markdown_link_as_html("readme.txt"), None);
        assert_eq!(markdown_link_as_html(".md"), None);
    }
}
