//! HTML to Markdown: a post pulled from a blog, or HTML pasted into the editor, as
//! Postwright's Markdown.
//!
//! The conversion is `htmd`'s in its faithful mode: what Markdown can say (paragraphs,
//! headings, emphasis, links, images, lists, tables, code, quotes, rules) becomes Markdown,
//! and anything it cannot (a heading with an id, an element with a class or a style, a
//! `<figure>` with its caption, a hidden `<div>`) stays as raw HTML, so nothing is lost and
//! the link audit still sees every address. The block editor's `<!-- wp:… -->` comments
//! carry no content and are left out, and so are the attributes Postwright's own export
//! adds and would add again (`rel="noopener"` on links, `loading` and `decoding` on
//! images, a heading's id when it is the one its text gives), so a post published from
//! Postwright comes back as the Markdown it was.

use htmd::options::{BulletListMarker, HrStyle, Options, TranslationMode};
use htmd::{Element, HtmlToMarkdown};

use crate::markdown;

/// Link relations the export adds to links to other sites.
const EXPORT_RELS: &[&str] = &["noopener", "noreferrer", "nofollow", "ugc"];

/// Whether an attribute of `element` is one the export regenerates.
fn regenerated(
    handlers: &dyn htmd::element_handler::Handlers,
    element: &Element,
    name: &str,
    value: &str,
) -> bool {
    match (element.tag, name) {
        ("a", "rel") => value
            .split_ascii_whitespace()
            .all(|token| EXPORT_RELS.contains(&token.to_ascii_lowercase().as_str())),
        ("img", "loading" | "decoding") => true,
        ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", "id") => {
            let text = handlers.walk_children(element.node).content;
            markdown::heading_slug(text.trim()) == value
        }
        _ => false,
    }
}

/// Strikethrough (`<del>`, `<s>`) without attributes as `~~text~~`.
fn strikethrough(
    handlers: &dyn htmd::element_handler::Handlers,
    element: Element,
) -> Option<htmd::element_handler::HandlerResult> {
    if !element.attrs.is_empty() {
        return handlers.fallback(element);
    }
    let inner = handlers.walk_children(element.node);
    if !inner.markdown_translated || inner.content.trim().is_empty() {
        return handlers.fallback(element);
    }
    Some(format!("~~{}~~", inner.content).into())
}

/// Converts `element` with the attributes the export regenerates left out.
fn without_regenerated(
    handlers: &dyn htmd::element_handler::Handlers,
    element: Element,
) -> Option<htmd::element_handler::HandlerResult> {
    let kept: Vec<_> = element
        .attrs
        .iter()
        .filter(|attribute| {
            !regenerated(handlers, &element, &attribute.name.local, &attribute.value)
        })
        .cloned()
        .collect();
    // The element, borrowing for no longer than the attributes kept.
    let mut shorter: Element<'_> = element;
    shorter.attrs = &kept;
    handlers.fallback(shorter)
}

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
        .add_handler(
            vec!["a", "img", "h1", "h2", "h3", "h4", "h5", "h6"],
            without_regenerated,
        )
        .add_handler(vec!["del", "s"], strikethrough)
        .build();
    let cleaned = without_highlighting(&without_block_comments(html));
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

/// The HTML with the highlighting the export puts in code blocks taken out
/// (`<span class="hl-kw">fn</span>` is `fn` again), since Postwright highlights the code
/// anew. A code block holding any other element is left as it is.
fn without_highlighting(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<pre><code") {
        let Some(length) = rest[start..].find("</code></pre>") else {
            break;
        };
        let block = &rest[start..start + length];
        // The end of the `<code …>` tag, after the `<pre>` one.
        let Some(open_end) = block[5..].find('>').map(|end| end + 5) else {
            break;
        };
        let (open, code) = block.split_at(open_end + 1);
        out.push_str(&rest[..start]);
        out.push_str(open);
        out.push_str(&plain_code(code).unwrap_or_else(|| code.to_owned()));
        rest = &rest[start + length..];
    }
    out.push_str(rest);
    out
}

/// The code without its `<span class="hl-…">` and `</span>` tags, or `None` if it holds
/// any other tag.
fn plain_code(code: &str) -> Option<String> {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag_end = open + rest[open..].find('>')? + 1;
        let tag = &rest[open..tag_end];
        let highlighting =
            tag == "</span>" || (tag.starts_with("<span class=\"hl-") && !tag[6..].contains(' '));
        if !highlighting {
            return None;
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    Some(out)
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
    fn what_the_export_adds_is_left_out() {
        assert_eq!(
            convert(
                "<h2 id=\"why-we-bother\">Why we bother</h2><p><a href=\"https://example.org/\" rel=\"noopener\">x</a> <img src=\"https://b.example/a.png\" alt=\"A\" loading=\"lazy\" decoding=\"async\" /></p>"
            ),
            "## Why we bother\n\n[x](https://example.org/) ![A](https://b.example/a.png)\n"
        );
        assert!(convert("<h2 id=\"other\">Why</h2>").contains("id=\"other\""));
        assert_eq!(
            convert(
                "<pre><code class=\"language-rust\"><span class=\"hl-kw\">fn</span> main() {}</code></pre><p>It took <del>ten</del> four.</p>"
            ),
            "```rust\nfn main() {}\n```\n\nIt took ~~ten~~ four.\n"
        );
        assert!(convert("<a href=\"https://e.org/\" rel=\"me\">x</a>").contains("rel=\"me\""));
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
