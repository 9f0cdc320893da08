//! The export's own rules for addresses, on top of the reading [`crate::destination`]
//! shares with the preview and the audit: which schemes sanitised raw HTML may use, and
//! links to other Markdown posts rewritten to their pages.

pub(crate) use crate::destination::scheme;

/// Schemes that raw HTML in a sanitised post may use in `href`, `src` and `cite`.
pub(crate) const RAW_HTML_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sms"];

/// Whether raw HTML in a sanitised post may use `url` in a URL attribute: relative
/// addresses and [`RAW_HTML_SCHEMES`] only.
pub(crate) fn raw_html_url_allowed(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(scheme) => RAW_HTML_SCHEMES.contains(&scheme.as_str()),
    }
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
    fn raw_html_schemes() {
        assert!(raw_html_url_allowed("mailto:a@b"));
        assert!(raw_html_url_allowed("images/a.png"));
        assert!(!raw_html_url_allowed("irc://x"));
        assert!(!raw_html_url_allowed(" Java\tScript:x"));
    }

    #[test]
    fn markdown_links() {
        assert_eq!(
            markdown_link_as_html("../posts/a.md#part").as_deref(),
            Some("../posts/a.html#part")
        );
        assert_eq!(markdown_link_as_html("readme.txt"), None);
        assert_eq!(markdown_link_as_html(".md"), None);
    }
}
