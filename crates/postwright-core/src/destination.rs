//! What the address of a link or image is, read the way a browser reads it, and what it
//! may do: the one reading the preview, the link audit and the export share.
//!
//! A browser meets an address in an attribute. The HTML parser decodes character
//! references first (`&#106;avascript:` is `javascript:`): Markdown destinations arrive
//! here decoded by pulldown-cmark, raw HTML attributes by the HTML tokenizer of whoever
//! reads them. The URL parser (WHATWG URL, "basic URL parser") then strips leading and
//! trailing C0 control characters and spaces, removes every ASCII tab and line break, and
//! reads the scheme without regard to case, so ` \u{1}Java\tScript:` is `javascript:`.
//! Percent escapes are not decoded in a scheme: `%6Aavascript:x` is a relative path to a
//! file called `javascript:x`, harmless.
//!
//! [`classify`] says what an address is, [`danger`] whether it may be used at all, and
//! [`percent_decoded`] is the one percent decoding of fragments and paths.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode_str;

/// How the page uses an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Something the reader follows or the page loads as a document, script, frame or
    /// form target: every use but an image.
    Link,
    /// An image: `data:` URLs of raster images, and files on the author's computer (which
    /// the preview shows and the export copies), are allowed here.
    Image,
}

/// What an address is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Nothing, or only blanks and control characters.
    Empty,
    /// `#section`: a place in this page.
    Fragment,
    /// A path relative to the post (`images/a.png`, `../other.md#part`, `?page=2`).
    Relative,
    /// A path from the root of the site (`/images/a.png`).
    SiteRoot,
    /// `//host/path`: another site, under the page's own scheme.
    OtherSite,
    /// A Windows path to a file on the author's computer: `C:\Users\…` or a network share
    /// `\\server\share\…`. (A browser reads the first as an unknown `c:` scheme and the
    /// second as `//server/share/…` on the web; neither reaches the file the author meant.)
    WindowsPath,
    /// An absolute URL with this scheme, in lower case (`https`, `mailto`, `javascript`).
    Scheme(String),
}

impl Destination {
    /// Why `text`, which is this destination, must not be used as `usage`, or `None`
    /// when it may be: [`danger`] for a caller that has classified the address already.
    pub fn danger(&self, text: &str, usage: Usage) -> Option<Danger> {
        match self {
            Destination::Scheme(scheme) if SCRIPT_SCHEMES.contains(&scheme.as_str()) => {
                Some(Danger::Script(scheme.clone()))
            }
            Destination::Scheme(scheme) if scheme == "data" => {
                (usage != Usage::Image || !is_data_image(text)).then_some(Danger::Data)
            }
            Destination::Scheme(scheme) if scheme == "file" => {
                (usage == Usage::Link).then_some(Danger::LocalFile)
            }
            Destination::WindowsPath => (usage == Usage::Link).then_some(Danger::LocalFile),
            _ => None,
        }
    }

    /// Whether the address is on another site: `http:`, `https:` or `//host`.
    pub fn is_other_site(&self) -> bool {
        match self {
            Destination::OtherSite => true,
            Destination::Scheme(scheme) => matches!(scheme.as_str(), "http" | "https"),
            _ => false,
        }
    }
}

/// Why an address must not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Danger {
    /// A scheme that runs code when followed (`javascript:`, `vbscript:`); holds it.
    Script(String),
    /// A `data:` address outside an image, or an image of a type that is not a plain
    /// raster image: a whole document smuggled inside the address.
    Data,
    /// A `file:` address or Windows path used as a link: a file on the author's
    /// computer, which readers cannot open.
    LocalFile,
}

impl Danger {
    /// The address as the reports name it: `javascript:`, `data:`, `file:`.
    pub fn scheme(&self) -> &str {
        match self {
            Danger::Script(scheme) => scheme,
            Danger::Data => "data",
            Danger::LocalFile => "file",
        }
    }
}

/// Why the address is dangerous, as a clause that follows the address it is about:
/// "it runs code in the reader's browser".
impl fmt::Display for Danger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Danger::Script(_) => "it runs code in the reader's browser",
            Danger::Data => {
                "it carries a whole document or script inside the address (only PNG, JPEG, \
                 GIF, WebP and AVIF images may be written as data: addresses)"
            }
            Danger::LocalFile => {
                "it points at a file on the author's computer, which readers cannot open"
            }
        })
    }
}

/// Schemes that run code when followed. `livescript:` and `mocha:` ran only in old
/// Netscape browsers, and `vbscript:` only in Internet Explorer; where browsers differ,
/// the address is judged by the one that would run it.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript", "mocha"];

/// Image types that may be embedded as `data:` URLs: raster formats only. An SVG image
/// runs no script inside `<img>` in today's browsers, but it did in older ones and does
/// when opened on its own, so `data:image/svg+xml` is judged dangerous everywhere.
const DATA_IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/avif",
];

/// The address as a browser reads it: leading and trailing spaces and C0 control
/// characters removed, and ASCII tabs and line breaks removed everywhere (the trick
/// behind `java\tscript:`).
pub fn cleaned(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_matches(|c: char| c <= ' ');
    if memchr::memchr3(b'\t', b'\n', b'\r', trimmed.as_bytes()).is_none() {
        return Cow::Borrowed(trimmed);
    }
    Cow::Owned(
        trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect(),
    )
}

/// The scheme of an address, in lower case, read as a browser reads it (see
/// [`cleaned`]), or `None` for an address without one: an ASCII letter, then letters,
/// digits, `+`, `-` and `.`, then `:`. Only the start of the address is read.
pub fn scheme(text: &str) -> Option<String> {
    let start = text.trim_start_matches(|c: char| c <= ' ');
    let end = start.find(|c: char| {
        !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '\t' | '\n' | '\r'))
    })?;
    if !start[end..].starts_with(':') {
        return None;
    }
    let scheme: String = start[..end]
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    scheme
        .starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(scheme)
}

/// What an address is (see [`Destination`]).
pub fn classify(text: &str) -> Destination {
    let text = cleaned(text);
    if text.is_empty() {
        return Destination::Empty;
    }
    if is_windows_path(&text) {
        return Destination::WindowsPath;
    }
    if let Some(scheme) = scheme(&text) {
        return Destination::Scheme(scheme);
    }
    if text.starts_with("//") {
        Destination::OtherSite
    } else if text.starts_with('/') || text.starts_with('\\') {
        Destination::SiteRoot
    } else if text.starts_with('#') {
        Destination::Fragment
    } else {
        Destination::Relative
    }
}

/// Why `text`, used as `usage`, must not be used, or `None` when it may be.
pub fn danger(text: &str, usage: Usage) -> Option<Danger> {
    classify(text).danger(text, usage)
}

/// `C:\…`, `C:/…` or `\\server\…`.
fn is_windows_path(text: &str) -> bool {
    let bytes = text.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    drive || text.starts_with("\\\\")
}

/// Whether a `data:` address holds a raster image (`data:image/png;base64,…`).
fn is_data_image(text: &str) -> bool {
    let compact: String = cleaned(text)
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

/// `%XX` escapes decoded, as a browser decodes a fragment or a file path: escapes that
/// are not two hex digits are kept as written, and bytes that do not form UTF-8 become
/// U+FFFD, the replacement character.
pub fn percent_decoded(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_like_a_browser() {
        assert_eq!(scheme("https://a").as_deref(), Some("https"));
        assert_eq!(
            scheme("  Java\tScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("\u{1} javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\nscript:x").as_deref(), Some("javascript"));
        // U+007F is not a C0 control: the address is relative.
        assert_eq!(scheme("\u{1}\u{7f}javascript:x"), None);
        assert_eq!(scheme("%6Aavascript:x"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("./javascript:x"), None);
        assert_eq!(scheme("1http:x"), None);
        assert_eq!(scheme("#x:y"), None);
        assert_eq!(scheme("c:x").as_deref(), Some("c"));
    }

    #[test]
    fn destinations() {
        assert_eq!(classify(""), Destination::Empty);
        assert_eq!(classify(" \u{1}\t"), Destination::Empty);
        assert_eq!(classify("#a"), Destination::Fragment);
        assert_eq!(classify("a.png"), Destination::Relative);
        assert_eq!(classify("../a.md#x"), Destination::Relative);
        assert_eq!(classify("./a:b.md"), Destination::Relative);
        assert_eq!(classify("?page=2"), Destination::Relative);
        assert_eq!(classify("/a"), Destination::SiteRoot);
        assert_eq!(classify("//cdn.example/x"), Destination::OtherSite);
        assert_eq!(classify(r"C:\Users\me\a.png"), Destination::WindowsPath);
        assert_eq!(classify("d:/photos/a.png"), Destination::WindowsPath);
        assert_eq!(classify(r"\\server\share\a.png"), Destination::WindowsPath);
        assert_eq!(
            classify("MailTo:a@example.org"),
            Destination::Scheme("mailto".into())
        );
        assert!(classify("HTTPS://example.org").is_other_site());
        assert!(classify("//example.org").is_other_site());
        assert!(!classify("mailto:a@example.org").is_other_site());
    }

    #[test]
    fn dangerous_addresses() {
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " vbscript:msgbox",
            "livescript:x",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            for usage in [Usage::Link, Usage::Image] {
                assert!(danger(url, usage).is_some(), "{url} as {usage:?}");
            }
        }
        assert_eq!(
            danger("java\tscript:x", Usage::Link),
            Some(Danger::Script("javascript".into()))
        );
        assert_eq!(
            danger("data:image/png;base64,AAAA", Usage::Link),
            Some(Danger::Data)
        );
        assert_eq!(danger("data:image/png;base64,AAAA", Usage::Image), None);
        assert_eq!(danger(" DATA:Image/JPEG,x", Usage::Image), None);
        assert_eq!(
            danger("file:///etc/passwd", Usage::Link),
            Some(Danger::LocalFile)
        );
        assert_eq!(danger("file:///home/me/a.png", Usage::Image), None);
        assert_eq!(danger(r"C:\a.png", Usage::Link), Some(Danger::LocalFile));
        for url in [
            "https://a.example",
            "mailto:a@b",
            "a.png",
            "#x",
            "%6Aavascript:x",
        ] {
            assert_eq!(danger(url, Usage::Link), None, "{url}");
        }
        assert_eq!(Danger::Data.scheme(), "data");
        assert!(
            Danger::Script("vbscript".into())
                .to_string()
                .contains("runs code")
        );
    }

    #[test]
    fn percent_decoding_keeps_what_it_cannot_decode() {
        assert_eq!(percent_decoded("a%20b"), "a b");
        assert_eq!(percent_decoded("caf%C3%A9"), "café");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz"), "%zz");
        assert_eq!(percent_decoded("a%2"), "a%2");
        assert_eq!(percent_decoded("%FF"), "\u{fffd}");
    }
}
