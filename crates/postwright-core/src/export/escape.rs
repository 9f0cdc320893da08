//! Escaping for each place a value lands in the page: element text, attribute values, and
//! JSON inside a `<script>` element.

use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// Appends `text` escaped for element content (`&`, `<`, `>`).
pub(crate) fn push_text(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html_body_text(&mut *out, text);
}

/// Appends `value` escaped for a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, value: &str) {
    let _ = escape_html(&mut *out, value);
}

/// Appends a URL for an `href` or `src` attribute, percent-encoding what a URL may not
/// contain, exactly as pulldown-cmark's own writer does.
pub(crate) fn push_href(out: &mut String, url: &str) {
    let _ = escape_href(&mut *out, url);
}

/// `text` escaped for element content.
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text(&mut out, text);
    out
}

/// `value` escaped for a double-quoted attribute value.
pub(crate) fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_attr(&mut out, value);
    out
}

/// `url` escaped for an `href` or `src` attribute.
pub(crate) fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    push_href(&mut out, url);
    out
}

/// A JSON value as text that is safe inside `<script type="application/ld+json">`: `<`,
/// `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`, so `</script>` and `<!--`
/// cannot appear, and U+2028 and U+2029 as escapes too. The result is still valid JSON
/// with the same value.
pub(crate) fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned());
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_context_is_escaped() {
        assert_eq!(text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(attr("\"><script>'"), "&quot;&gt;&lt;script&gt;&#39;");
        assert_eq!(href("a b\"<"), "a%20b%22%3C");
    }

    #[test]
    fn json_cannot_close_the_script() {
        let value = serde_json::json!({"headline": "</script><!-- \u{2028} & end"});
        let json = json_for_script(&value);
        assert!(!json.contains('<') && !json.contains('\u{2028}'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back, value);
    }
}
