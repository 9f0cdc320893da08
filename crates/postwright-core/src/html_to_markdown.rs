//! HTML to Markdown: a post pulled from a blog, or HTML pasted into the editor, as
//! Postwright's Markdown.
//!
//! The conversion is `htmd`'s in its faithful mode: what Markdown can say (paragraphs,
//! headings, emphasis, links, images, lists, tables, code, quotes, rules) becomes Markdown,
//! and anything it cannot (a heading with an id, an element with a class or a style, a
//! `<figure>` with its caption, a hidden `<div>`) stays as raw HTML, so nothing is lost and
//! the link audit still sees every address. The block editor's `<!-- wp:… -->` comments
//! carry no content and are left out.

use htmd::HtmlToMarkdown;
use htmd::options::{BulletListMarker, HrStyle, Options, TranslationMode};

/// Converts an HTML fragment into Markdown, ending with one line break (or empty).
pub fn convert(html: &str) -> String {
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            translation_mode: TranslationMode::Faithful,
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            hr_style: HrStyle::Dashes,
            ..Options::default()
        })
        .build();
    let cleaned = without_block_comments(html);
    // htmd reads from an in-memory buffer, which cannot fail; an error would mean a bug in
    // it, and then the HTML itself is the most faithful Markdown there is.
    let markdown = converter
        .convert(&cleaned)
        .unwrap_or_else(|_| cleaned.clone());
    let markdown = markdown.trim();
    if markdown.is_empty() {
        String::new()
    } else {
        format!("{markdown}\n")
    }
}

/// The HTML without the block editor's `<!-- wp:name {…} -->` and `<!-- /wp:name -->`
/// comments, which only tell the editor where its blocks begin and end.
fn without_block_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let after = &rest[start + 4..];
        let label = after.trim_start();
        let is_block = label.starts_with("wp:") || label.starts_with("/wp:");
        match after.find("-->") {
            Some(end) if is_block => {
                out.push_str(&rest[..start]);
                rest = &after[end + 3..];
                // The comment's own line goes with it.
                if let Some(stripped) = rest.strip_prefix('\n') {
                    rest = stripped;
                }
            }
            _ => {
                out.push_str(&rest[..start + 4]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_where_markdown_can_say_it() {
        let markdown = convert(
            "<!-- wp:heading -->\n<h2>Plan</h2>\n<!-- /wp:heading -->\n<p>Read <a href=\"https://example.org/a?b=1&amp;c=2\">the notes</a> &amp; <strong>act</strong>.</p>\n<ul><li>one</li><li>two</li></ul>\n<pre><code class=\"language-rust\">let x = 1 &lt; 2;</code></pre>",
        );
        assert_eq!(
            markdown,
            "## Plan\n\nRead [the notes](https://example.org/a?b=1&c=2) & **act**.\n\n- one\n- two\n\n```rust\nlet x = 1 < 2;\n```\n"
        );
    }

    #[test]
    fn html_where_markdown_cannot() {
        let markdown = convert(
            "<h3 id=\"custom\">Kept</h3><div style=\"display:none\"><a href=\"https://pills.example/\">cheap</a></div><figure><img src=\"a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>",
        );
        assert!(
            markdown.contains("<h3 id=\"custom\">Kept</h3>"),
            "{markdown}"
        );
        assert!(
            markdown.contains(
                "<div style=\"display:none\"><a href=\"https://pills.example/\">cheap</a></div>"
            ),
            "{markdown}"
        );
        assert!(
            markdown.contains("<figcaption>Cap</figcaption>"),
            "{markdown}"
        );
    }

    #[test]
    fn text_that_looks_like_markdown_is_escaped() {
        assert_eq!(
            convert("<p>* not a list, [nor] a _link_</p>"),
            "\\* not a list, \\[nor\\] a \\_link\\_\n"
        );
    }

    #[test]
    fn other_comments_stay() {
        assert_eq!(
            without_block_comments(
                "<!-- wp:paragraph -->\n<p>a</p>\n<!-- /wp:paragraph -->\n<!-- note -->"
            ),
            "<p>a</p>\n<!-- note -->"
        );
        assert_eq!(convert(""), "");
    }
}
