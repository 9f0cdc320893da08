//! Raw HTML in a post that is not trusted: what may stay, and how it is cleaned without a
//! second pass over the page.
//!
//! pulldown-cmark hands raw HTML over in two shapes. An HTML block arrives whole, and is
//! cleaned at once by [ammonia](https://docs.rs/ammonia) with the policy below. Inline
//! HTML arrives one tag at a time (`<span onclick=…>`, then the text, then `</span>`), so
//! each tag is read with html5ever's tokenizer (attribute values decoded as a browser
//! decodes them; a plain tag such as `<kbd>` by a small parser that reads it to the same
//! token), rebuilt from its allowed attributes, or shown as text when the element is not
//! allowed. Both paths share one policy.
//!
//! Raw elements are kept well nested with the Markdown around them: an element opened by
//! raw HTML and still open when the Markdown container holding it ends (a paragraph, a
//! list item, a block quote, the post) is closed there, and a closing tag that matches no
//! element opened at the same level is dropped, so raw HTML can never close the page's
//! own `<article>`. Only wrapper elements such as `<details>` and `<div>` stay open from
//! one HTML block to a later one, which keeps the common pattern of Markdown inside
//! `<details>…</details>` working.

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::escape;
use super::url;
use super::{ExportIssue, IssueKind};

/// Elements raw HTML may use in a sanitised post.
pub(crate) const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with everything inside them.
const CLEAN_CONTENT_TAGS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "template",
    "svg",
    "math",
    "noscript",
    "noembed",
    "noframes",
    "textarea",
    "select",
    "title",
    "xmp",
    "plaintext",
];

/// Attributes every allowed element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["title", "lang", "dir", "id", "class"];

/// Attributes particular elements may have.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    (
        "img",
        &["src", "alt", "width", "height", "loading", "decoding"],
    ),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("details", &["open"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
];

/// Attributes holding a URL, checked against [`url::RAW_HTML_SCHEMES`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Elements with no end tag.
const VOID_TAGS: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Deepest nesting of raw elements kept. Deeper raw HTML is shown as text: browsers stop
/// nesting at 512 anyway, and the HTML parser's work grows with the square of the depth.
const MAX_RAW_DEPTH: usize = 256;

/// Wrapper elements that may stay open from one HTML block to a later one.
const CARRIED_TAGS: &[&str] = &["details", "div", "figure", "blockquote"];

fn is_allowed_tag(name: &str) -> bool {
    ALLOWED_TAGS.contains(&name)
}

fn is_allowed_attribute(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(name, attributes)| *name == tag && attributes.contains(&attribute))
}

/// A tag or run of text as the HTML tokenizer read it.
#[derive(Debug, PartialEq)]
enum RawToken {
    Start {
        name: String,
        attributes: Vec<(String, String)>,
    },
    End {
        name: String,
    },
    Text,
    /// Comments, doctypes, processing instructions, CDATA.
    Other,
}

/// Collects tokens, and switches the tokenizer into raw-text states after `<script>`,
/// `<style>` and the like, as a browser's tree builder does, so their content is not
/// mistaken for tags.
#[derive(Default)]
struct Collector {
    tokens: RefCell<Vec<RawToken>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        let raw = match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let attributes = tag
                            .attrs
                            .iter()
                            .map(|attribute| {
                                (
                                    attribute.name.local.to_string(),
                                    attribute.value.to_string(),
                                )
                            })
                            .collect();
                        let switch = match name.as_str() {
                            "script" => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                                Some(TokenSinkResult::RawData(RawKind::Rawtext))
                            }
                            "textarea" | "title" => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
                            "plaintext" => Some(TokenSinkResult::Plaintext),
                            _ => None,
                        };
                        self.tokens
                            .borrow_mut()
                            .push(RawToken::Start { name, attributes });
                        if let Some(switch) = switch {
                            return switch;
                        }
                        return TokenSinkResult::Continue;
                    }
                    TagKind::EndTag => RawToken::End { name },
                }
            }
            Token::CharacterTokens(_) | Token::NullCharacterToken => RawToken::Text,
            Token::CommentToken(_) | Token::DoctypeToken(_) => RawToken::Other,
            Token::EOFToken | Token::ParseError(_) => return TokenSinkResult::Continue,
        };
        self.tokens.borrow_mut().push(raw);
        TokenSinkResult::Continue
    }
}

fn tokenise(html: &str) -> Vec<RawToken> {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while let html5ever::TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.tokens.take()
}

/// The token of a plain inline tag, read without starting the HTML tokenizer: `<kbd>`,
/// `</kbd>`, `<br/>`, `<abbr title="Request for Comments">`. Names are ASCII letters and
/// digits, attribute values double-quoted without `&`, and nothing that the tokenizer
/// would decode, replace or report (character references, NUL, carriage returns,
/// repeated attributes) is accepted: anything else is `None`, for the tokenizer to
/// read. What comes back is exactly what [`tokenise`] gives for the same tag.
fn simple_tag(html: &str) -> Option<RawToken> {
    let inner = html.strip_prefix('<')?.strip_suffix('>')?;
    /// A tag name at the start of `text`, lower-cased, and what follows it.
    fn name_of(text: &str) -> Option<(String, &str)> {
        let end = text
            .bytes()
            .position(|byte| !byte.is_ascii_alphanumeric())
            .unwrap_or(text.len());
        let name = &text[..end];
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            .then(|| (name.to_ascii_lowercase(), &text[end..]))
    }
    if let Some(closing) = inner.strip_prefix('/') {
        let (name, rest) = name_of(closing)?;
        return rest.is_empty().then_some(RawToken::End { name });
    }
    let (name, mut rest) = name_of(inner)?;
    let mut attributes: Vec<(String, String)> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\x0c']);
        if trimmed.is_empty() || trimmed == "/" {
            return Some(RawToken::Start { name, attributes });
        }
        if trimmed.len() == rest.len() {
            // An attribute must follow white space.
            return None;
        }
        let end = trimmed
            .bytes()
            .position(|byte| !(byte.is_ascii_alphanumeric() || byte == b'-'))
            .unwrap_or(trimmed.len());
        let attribute = trimmed[..end].to_ascii_lowercase();
        let value = trimmed[end..].strip_prefix("=\"")?;
        let close = value.find('"')?;
        let (value, after) = (&value[..close], &value[close + 1..]);
        if !attribute.starts_with(|c: char| c.is_ascii_alphabetic())
            || value.contains(['&', '\0', '\r'])
            || attributes.iter().any(|(seen, _)| *seen == attribute)
        {
            return None;
        }
        attributes.push((attribute, value.to_owned()));
        rest = after;
    }
}

/// An element opened by raw HTML and not yet closed, with the Markdown nesting depth at
/// which it was opened.
#[derive(Debug)]
struct OpenElement {
    name: String,
    depth: usize,
}

/// The raw-HTML policy for one export, and the raw elements currently open.
pub(crate) struct RawHtml {
    rel: &'static str,
    cleaner: OnceCell<ammonia::Builder<'static>>,
    open: Vec<OpenElement>,
    /// Whether raw HTML nested too deep has been reported (once is enough).
    deep_reported: bool,
}

impl RawHtml {
    /// A sanitiser that gives raw links `rel` (empty for none).
    pub(crate) fn new(rel: &'static str) -> Self {
        Self {
            rel,
            cleaner: OnceCell::new(),
            open: Vec::new(),
            deep_reported: false,
        }
    }

    fn cleaner(&self) -> &ammonia::Builder<'static> {
        self.cleaner.get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            let tag_attributes: HashMap<&'static str, HashSet<&'static str>> = TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect();
            builder
                .tags(ALLOWED_TAGS.iter().copied().collect())
                .clean_content_tags(CLEAN_CONTENT_TAGS.iter().copied().collect())
                .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
                .tag_attributes(tag_attributes)
                .tag_attribute_values(HashMap::new())
                .set_tag_attribute_values(HashMap::new())
                .url_schemes(url::RAW_HTML_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel((!self.rel.is_empty()).then_some(self.rel))
                .strip_comments(true)
                .attribute_filter(|_element, attribute, value| {
                    if URL_ATTRIBUTES.contains(&attribute) && !url::raw_html_url_allowed(value) {
                        None
                    } else {
                        Some(value.into())
                    }
                });
            builder
        })
    }

    /// Cleans a whole HTML block found at `range` in the body, at Markdown nesting
    /// `depth`. What was removed is reported.
    pub(crate) fn block(
        &mut self,
        html: &str,
        depth: usize,
        range: &Range<usize>,
        issues: &mut Vec<ExportIssue>,
    ) -> String {
        let mut removed = Removed::default();
        let mut block_open: Vec<String> = Vec::new();
        let mut closers = String::new();
        for token in tokenise(html) {
            match token {
                RawToken::Start { name, attributes } => {
                    removed.check(&name, &attributes);
                    if is_allowed_tag(&name) && !VOID_TAGS.contains(&name.as_str()) {
                        block_open.push(name);
                        if block_open.len() + self.open.len() > MAX_RAW_DEPTH {
                            issues.push(ExportIssue::new(
                                IssueKind::RawHtmlRemoved,
                                Some(range.clone()),
                                format!(
                                    "this raw HTML nests more than {MAX_RAW_DEPTH} elements deep, \
                                     so it is shown as text"
                                ),
                            ));
                            return escape::text(html);
                        }
                    }
                }
                RawToken::End { name } => {
                    if let Some(position) = block_open.iter().rposition(|open| *open == name) {
                        block_open.truncate(position);
                    } else if let Some(closing) = self.close_matching(&name, depth) {
                        closers.push_str(&closing);
                    }
                }
                RawToken::Text | RawToken::Other => {}
            }
        }
        removed.report(range, issues);
        let mut cleaned = self.cleaner().clean(html).to_string();
        let carried: Vec<&String> = block_open
            .iter()
            .take_while(|name| CARRIED_TAGS.contains(&name.as_str()))
            .collect();
        let suffix: String = carried
            .iter()
            .rev()
            .map(|name| format!("</{name}>"))
            .collect();
        if !carried.is_empty() && cleaned.ends_with(&suffix) {
            cleaned.truncate(cleaned.len() - suffix.len());
            self.open
                .extend(carried.into_iter().map(|name| OpenElement {
                    name: name.clone(),
                    depth,
                }));
        }
        closers + &cleaned
    }

    /// One inline tag (or comment) at Markdown nesting `depth`: the rebuilt tag, the tag
    /// escaped as text when its element is not allowed, or `None` to drop it.
    pub(crate) fn inline(
        &mut self,
        html: &str,
        depth: usize,
        range: &Range<usize>,
        issues: &mut Vec<ExportIssue>,
    ) -> Option<String> {
        let token = match simple_tag(html) {
            Some(token) => token,
            None => {
                let mut tokens = tokenise(html).into_iter();
                let (Some(token), None) = (tokens.next(), tokens.next()) else {
                    return Some(escape::text(html));
                };
                token
            }
        };
        match token {
            RawToken::Start { name, attributes } => {
                if !is_allowed_tag(&name) {
                    issues.push(ExportIssue::new(
                        IssueKind::RawHtmlRemoved,
                        Some(range.clone()),
                        format!(
                            "the raw <{name}> tag is not allowed and is shown as text; {}",
                            TRUST_ADVICE
                        ),
                    ));
                    return Some(escape::text(html));
                }
                if self.open.len() >= MAX_RAW_DEPTH && !VOID_TAGS.contains(&name.as_str()) {
                    if std::mem::replace(&mut self.deep_reported, true) {
                        return Some(escape::text(html));
                    }
                    issues.push(ExportIssue::new(
                        IssueKind::RawHtmlRemoved,
                        Some(range.clone()),
                        format!(
                            "raw HTML nests more than {MAX_RAW_DEPTH} elements deep here, so \
                             this tag is shown as text"
                        ),
                    ));
                    return Some(escape::text(html));
                }
                let mut removed = Removed::default();
                removed.check(&name, &attributes);
                removed.report(range, issues);
                let tag = self.rebuild(&name, &attributes);
                if !VOID_TAGS.contains(&name.as_str()) {
                    self.open.push(OpenElement { name, depth });
                }
                Some(tag)
            }
            RawToken::End { name } => {
                if !is_allowed_tag(&name) {
                    return Some(escape::text(html));
                }
                self.close_matching(&name, depth)
            }
            RawToken::Text => Some(escape::text(html)),
            RawToken::Other => None,
        }
    }

    /// An allowed start tag rebuilt from its allowed attributes.
    fn rebuild(&self, name: &str, attributes: &[(String, String)]) -> String {
        let mut tag = format!("<{name}");
        for (attribute, value) in attributes {
            if !is_allowed_attribute(name, attribute)
                || (URL_ATTRIBUTES.contains(&attribute.as_str())
                    && !url::raw_html_url_allowed(value))
            {
                continue;
            }
            tag.push(' ');
            tag.push_str(attribute);
            tag.push_str("=\"");
            escape::push_attr(&mut tag, value);
            tag.push('"');
        }
        if name == "a" && !self.rel.is_empty() {
            tag.push_str(" rel=\"");
            tag.push_str(self.rel);
            tag.push('"');
        }
        tag.push('>');
        tag
    }

    /// Closing tags for the raw element `name` opened at `depth` and everything opened
    /// after it at that depth, or `None` when no such element is open.
    fn close_matching(&mut self, name: &str, depth: usize) -> Option<String> {
        let position = self
            .open
            .iter()
            .rposition(|open| open.name == name && open.depth == depth)?;
        if self.open[position..].iter().any(|open| open.depth != depth) {
            return None;
        }
        Some(self.close_from(position))
    }

    /// Whether any raw element is open.
    pub(crate) fn has_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// Closing tags for every raw element opened at `depth` or deeper: called when the
    /// Markdown container at that depth ends.
    pub(crate) fn close_at(&mut self, depth: usize) -> Option<String> {
        let position = self.open.iter().position(|open| open.depth >= depth)?;
        Some(self.close_from(position))
    }

    fn close_from(&mut self, position: usize) -> String {
        let mut closing = String::new();
        for open in self.open.drain(position..).rev() {
            closing.push_str("</");
            closing.push_str(&open.name);
            closing.push('>');
        }
        closing
    }
}

const TRUST_ADVICE: &str = "if you wrote it on purpose, trust this post's HTML (trust_html: true in its front matter, or --trust-html)";

/// What sanitising removed from one piece of raw HTML, for the report.
#[derive(Default)]
struct Removed {
    items: Vec<String>,
}

impl Removed {
    fn check(&mut self, name: &str, attributes: &[(String, String)]) {
        if !is_allowed_tag(name) {
            let what = if CLEAN_CONTENT_TAGS.contains(&name) {
                format!("<{name}> element")
            } else {
                format!("<{name}> tag")
            };
            self.add(what);
            return;
        }
        for (attribute, value) in attributes {
            if !is_allowed_attribute(name, attribute) {
                self.add(format!("{attribute} attribute of <{name}>"));
            } else if URL_ATTRIBUTES.contains(&attribute.as_str())
                && !url::raw_html_url_allowed(value)
            {
                let scheme = url::scheme(value).unwrap_or_default();
                self.add(format!("{scheme}: address in <{name} {attribute}>"));
            }
        }
    }

    fn add(&mut self, item: String) {
        if !self.items.contains(&item) {
            self.items.push(item);
        }
    }

    fn report(self, range: &Range<usize>, issues: &mut Vec<ExportIssue>) {
        if self.items.is_empty() {
            return;
        }
        issues.push(ExportIssue::new(
            IssueKind::RawHtmlRemoved,
            Some(range.clone()),
            format!(
                "raw HTML was sanitised: removed {}; {}",
                self.items.join(", "),
                TRUST_ADVICE
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(html: &str) -> (String, Vec<ExportIssue>) {
        let mut raw = RawHtml::new("noopener");
        let mut issues = Vec::new();
        let cleaned = raw.block(html, 0, &(0..html.len()), &mut issues);
        (cleaned, issues)
    }

    #[test]
    fn simple_tags_read_as_the_tokenizer_reads_them() {
        let simple = [
            "<kbd>",
            "</KBD>",
            "<br/>",
            "<br />",
            "<abbr title=\"Request for Comments\">",
            "<A HREF=\"x\" data-x=\"1 < 2\"\n>",
            "<img src=\"a.png\" alt=\"\">",
            "<span\tclass=\"a\"\x0cid=\"b\">",
            "<h2>",
        ];
        for html in simple {
            assert_eq!(simple_tag(html).as_ref(), tokenise(html).first(), "{html}");
            assert_eq!(tokenise(html).len(), 1, "{html}");
        }
        // Left to the tokenizer.
        for html in [
            "<a href=\"&#106;avascript:x\">",
            "<a href='x'>",
            "<a href=x>",
            "<a b=\"1\" b=\"2\">",
            "<a\"b\">",
            "</a >",
            "<a/ b=\"c\">",
            "<my-element>",
            "<a href=\"x\"title=\"y\">",
            "<a b=\"\r\">",
            "<a b>",
            "<!-- c -->",
            "<1a>",
            "< a>",
        ] {
            assert_eq!(simple_tag(html), None, "{html}");
        }
    }

    #[test]
    fn generated_simple_tags_agree_with_the_tokenizer() {
        let pieces = [
            "a", "B", "1", "-", " ", "\t", "\n", "\r", "\x0c", "/", "=", "\"", "'", "&", "<", ">",
            "é", "\0", "x=\"", "title", "=\"v\"",
        ];
        let mut seed = 0x853c_49e6_748f_ea9b_u64;
        let mut simple = 0;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut html = String::from(if seed & 1 == 0 { "<" } else { "</" });
            let mut state = seed;
            for _ in 0..(seed >> 60) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                html.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            html.push('>');
            if let Some(token) = simple_tag(&html) {
                simple += 1;
                assert_eq!(tokenise(&html), [token], "{html:?}");
            }
        }
        assert!(simple > 100, "{simple}");
    }

    #[test]
    fn blocks_lose_scripts_handlers_and_bad_urls() {
        let (cleaned, issues) = block(
            "<div onclick=\"x()\"><script>alert(1)</script><a href=\"jav&#x61;script:x\">a</a><img src=x onerror=alert(1)></div>\n",
        );
        for bad in ["script", "onclick", "onerror", "javascript", "alert"] {
            assert!(!cleaned.contains(bad), "{bad} in {cleaned}");
        }
        assert!(cleaned.contains("<a rel=\"noopener\">a</a>"), "{cleaned}");
        let message = &issues[0].message;
        assert!(message.contains("<script> element"), "{message}");
        assert!(message.contains("onerror attribute of <img>"), "{message}");
        assert!(message.contains("javascript: address"), "{message}");
    }

    #[test]
    fn details_stay_open_across_blocks() {
        let mut raw = RawHtml::new("");
        let mut issues = Vec::new();
        let first = raw.block(
            "<details>\n<summary>Log</summary>\n",
            0,
            &(0..1),
            &mut issues,
        );
        assert_eq!(first, "<details>\n<summary>Log</summary>\n");
        let second = raw.block("</details>\n", 0, &(0..1), &mut issues);
        assert_eq!(second, "</details>\n");
        assert!(issues.is_empty());
    }

    #[test]
    fn stray_closers_are_dropped_and_open_elements_closed() {
        let mut raw = RawHtml::new("");
        let mut issues = Vec::new();
        assert_eq!(
            raw.block("</article></div>\n", 0, &(0..1), &mut issues),
            "\n"
        );
        assert_eq!(raw.inline("</div>", 1, &(0..1), &mut issues), None);
        assert_eq!(
            raw.inline("<b class=x onclick=y>", 1, &(0..1), &mut issues)
                .as_deref(),
            Some("<b class=\"x\">")
        );
        assert_eq!(raw.close_at(1).as_deref(), Some("</b>"));
        assert_eq!(raw.close_at(1), None);
    }

    #[test]
    fn deep_raw_html_is_shown_as_text() {
        let deep = "<div>".repeat(MAX_RAW_DEPTH + 1);
        let (cleaned, issues) = block(&deep);
        assert!(cleaned.starts_with("&lt;div&gt;"), "{}", &cleaned[..40]);
        assert!(issues[0].message.contains("nests more than"));
        let mut raw = RawHtml::new("");
        let mut issues = Vec::new();
        for _ in 0..MAX_RAW_DEPTH {
            assert_eq!(
                raw.inline("<b>", 1, &(0..1), &mut issues).as_deref(),
                Some("<b>")
            );
        }
        for _ in 0..3 {
            assert_eq!(
                raw.inline("<b>", 1, &(0..1), &mut issues).as_deref(),
                Some("&lt;b&gt;")
            );
        }
        assert_eq!(issues.len(), 1, "reported once");
    }

    #[test]
    fn inline_tags_are_rebuilt_or_shown_as_text() {
        let mut raw = RawHtml::new("noopener");
        let mut issues = Vec::new();
        assert_eq!(
            raw.inline(
                "<a href='&#106;avascript:x' title=t>",
                1,
                &(0..1),
                &mut issues
            )
            .as_deref(),
            Some("<a title=\"t\" rel=\"noopener\">")
        );
        assert_eq!(
            raw.inline("<script>", 1, &(0..1), &mut issues).as_deref(),
            Some("&lt;script&gt;")
        );
        assert_eq!(raw.inline("<!-- note -->", 1, &(0..1), &mut issues), None);
        assert_eq!(
            raw.inline("<img src=\"a.png\" onerror=\"x\">", 1, &(0..1), &mut issues)
                .as_deref(),
            Some("<img src=\"a.png\">")
        );
    }
}
