//! Raw HTML in a post: the addresses in its attributes, the ids it defines, and which
//! elements hide their content from readers.
//!
//! HTML reaches the audit in pieces: an HTML block as several `Html` events (one a line,
//! gathered into one buffer before tokenizing, since a tag may span lines), inline HTML as
//! one `InlineHtml` event a tag. The pieces are tokenized with `html5gum`, and one stack of
//! open elements is kept across them, so that a `<div style="display:none">` opened in one
//! HTML block hides the Markdown links up to the `</div>` in another. Every element gets a
//! record with its parent; whether it is hidden is worked out once at the end, when the
//! post's `<style>` rules are known too.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// A piece of HTML and where its bytes came from in the body.
pub(crate) struct Piece {
    text: String,
    /// (offset in `text`, offset in the body) at the start of each contiguous segment.
    segments: Vec<(usize, usize)>,
    /// The segments are copies of the body (so offsets map exactly).
    exact: bool,
    /// Body range of the whole piece, for pieces that are not exact.
    range: Option<Range<usize>>,
}

impl Piece {
    pub(crate) fn new() -> Self {
        Self {
            text: String::new(),
            segments: Vec::new(),
            exact: true,
            range: None,
        }
    }

    /// Appends an event's text. `source` is the body slice of its range.
    pub(crate) fn push(&mut self, text: &str, source: Option<&str>, range: &Range<usize>) {
        if source != Some(text) {
            self.exact = false;
        }
        self.segments.push((self.text.len(), range.start));
        self.text.push_str(text);
        self.range = Some(match self.range.take() {
            Some(whole) => whole.start.min(range.start)..whole.end.max(range.end),
            None => range.clone(),
        });
    }

    /// The part of the piece in `range` (offsets in its text), as a piece of its own.
    fn slice(&self, range: Range<usize>) -> Piece {
        let text = self.text.get(range.clone()).unwrap_or_default().to_owned();
        let mut segments = vec![(0, self.body_offset(range.start))];
        segments.extend(
            self.segments
                .iter()
                .filter(|(offset, _)| *offset > range.start && *offset < range.end)
                .map(|(offset, body)| (offset - range.start, *body)),
        );
        Piece {
            text,
            segments,
            exact: self.exact,
            range: Some(self.body_range(range)),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The body offset of an offset in the piece's text.
    fn body_offset(&self, offset: usize) -> usize {
        let whole = self.range.clone().unwrap_or_default();
        if !self.exact {
            return if offset >= self.text.len() {
                whole.end
            } else {
                whole.start
            };
        }
        let index = self
            .segments
            .partition_point(|&(text_offset, _)| text_offset <= offset)
            .saturating_sub(1);
        match self.segments.get(index) {
            Some(&(text_offset, body_offset)) => body_offset + (offset - text_offset),
            None => whole.start,
        }
    }

    fn body_range(&self, range: Range<usize>) -> Range<usize> {
        if !self.exact {
            return self.range.clone().unwrap_or_default();
        }
        let start = self.body_offset(range.start);
        // The end maps from the last byte inside, so a range ending at a segment boundary
        // does not jump to the next segment.
        let end = if range.end > range.start {
            self.body_offset(range.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// Something found in raw HTML that the collector turns into links or link text.
pub(crate) enum Found {
    /// An address in an attribute.
    Address(HtmlAddress),
    /// An `<a href>` opened; its text follows until [`Found::AnchorEnd`].
    AnchorStart(HtmlAddress),
    /// `</a>`, with the body range of the end tag.
    AnchorEnd(Range<usize>),
    /// Text between tags.
    Text {
        /// The text, entities decoded.
        text: String,
        /// Its body range.
        range: Range<usize>,
        /// Whether the range holds exactly that text.
        exact: bool,
        /// The innermost element open around it.
        element: Option<usize>,
        /// Inside `<code>`, `<pre>` and the like.
        code: bool,
    },
    /// An image's alt text inside an open anchor gives the anchor its name.
    ImageAlt(String),
}

/// An address in a raw HTML attribute.
pub(crate) struct HtmlAddress {
    pub element: String,
    pub attribute: String,
    pub url: String,
    /// The whole tag in the body.
    pub tag_range: Range<usize>,
    /// The attribute's value in the body, when it can be located exactly.
    pub value_range: Option<Range<usize>>,
    /// The element's alt, title or aria-label, the text it offers readers.
    pub text: String,
    /// `alt=""` given on purpose.
    pub decorative: bool,
    pub usage: super::Usage,
    /// The element record the address belongs to.
    pub element_index: usize,
}

#[derive(Debug)]
struct Element {
    name: String,
    parent: Option<usize>,
    /// Hidden by its own attributes or inline style, and how.
    own_hiding: Option<String>,
    classes: Vec<String>,
    id: Option<String>,
    start: usize,
    end: Option<usize>,
}

/// The state of raw HTML across a post.
#[derive(Debug, Default)]
pub(crate) struct HtmlState {
    elements: Vec<Element>,
    open: Vec<usize>,
    /// How many open elements have each name, so that a stray end tag is dismissed
    /// without searching the stack.
    open_names: HashMap<String, usize>,
    hidden_classes: HashMap<String, String>,
    hidden_ids: HashMap<String, String>,
    /// Ids defined by `id` attributes and `<a name>`.
    pub ids: BTreeSet<String>,
    /// Inside `<style>`, `<script>`, `<textarea>` or `<title>`: text is not prose.
    raw_text: Option<String>,
}

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The hiding element and why, for an element that is hidden.
pub(crate) struct Hidden {
    pub reason: String,
    pub element: String,
    pub range: Option<Range<usize>>,
}

impl HtmlState {
    /// The innermost open element, which contains what comes next.
    pub(crate) fn current(&self) -> Option<usize> {
        self.open.last().copied()
    }

    /// Whether text here is inside raw `<code>`, `<pre>`, `<kbd>` or `<samp>`, where an
    /// address is shown as code, not typed into prose.
    pub(crate) fn in_code(&self) -> bool {
        ["code", "pre", "kbd", "samp"]
            .iter()
            .any(|name| self.open_names.get(*name).is_some_and(|&count| count > 0))
    }

    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Closes elements left open inside a Markdown container that has ended, as the
    /// browser does when the container's end tag comes.
    pub(crate) fn truncate(&mut self, depth: usize) {
        while self.open.len() > depth {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(index) = self.open.pop() else {
            return;
        };
        if let Some(count) = self.open_names.get_mut(&self.elements[index].name) {
            *count = count.saturating_sub(1);
        }
    }

    /// Tokenizes a piece of HTML and reports what it contains.
    pub(crate) fn feed(&mut self, piece: &Piece, found: &mut Vec<Found>) {
        self.feed_at(piece, found, false);
    }

    /// Tokenizes a piece; `nested` is set when the piece is the content of a `<noscript>`,
    /// which the tokenizer reads as raw text but crawlers and readers without scripts read
    /// as HTML. It is read once more as HTML, never deeper.
    fn feed_at(&mut self, piece: &Piece, found: &mut Vec<Found>, nested: bool) {
        // Most inline HTML is a bare tag such as `<kbd>` or `</sup>`: no attributes, so
        // no address and no hiding; it only opens or closes an element.
        if piece.exact
            && self.raw_text.is_none()
            && let Some((closing, name)) = bare_tag(&piece.text)
            && !matches!(
                name.as_str(),
                "style" | "script" | "textarea" | "title" | "noscript" | "template"
            )
        {
            let range = piece.body_range(0..piece.text.len());
            if closing {
                self.end_tag(&name, range, found);
            } else {
                let tag_text = piece.text.as_str();
                self.start_tag(
                    &name,
                    &[],
                    tag_text.ends_with("/>"),
                    range,
                    piece,
                    0,
                    tag_text,
                    found,
                );
            }
            return;
        }
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(piece.text.as_str(), emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let tag_range = piece.body_range(tag.span.start..tag.span.end);
                    let tag_text = piece.text.get(tag.span.start..tag.span.end).unwrap_or("");
                    let attributes: Vec<(String, String, Range<usize>)> = tag
                        .attributes
                        .iter()
                        .map(|(key, value)| {
                            (
                                String::from_utf8_lossy(key).to_ascii_lowercase(),
                                String::from_utf8_lossy(&value.value).into_owned(),
                                value.span.start..value.span.end,
                            )
                        })
                        .collect();
                    self.start_tag(
                        &name,
                        &attributes,
                        tag.self_closing,
                        tag_range,
                        piece,
                        tag.span.start,
                        tag_text,
                        found,
                    );
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let range = piece.body_range(tag.span.start..tag.span.end);
                    self.end_tag(&name, range, found);
                }
                Token::String(text) => {
                    let decoded = String::from_utf8_lossy(&text.value).into_owned();
                    match &self.raw_text {
                        Some(element) if element == "style" => self.read_style_sheet(&decoded),
                        Some(_) => {}
                        None if !nested
                            && self
                                .current()
                                .is_some_and(|index| self.elements[index].name == "noscript") =>
                        {
                            let inner = piece.slice(text.span.start..text.span.end);
                            self.feed_at(&inner, found, true);
                        }
                        None => {
                            let source = piece.text.get(text.span.start..text.span.end);
                            let exact = piece.exact && source == Some(decoded.as_str());
                            let range = piece.body_range(text.span.start..text.span.end);
                            found.push(Found::Text {
                                text: decoded,
                                range,
                                exact,
                                element: self.current(),
                                code: self.in_code(),
                            });
                        }
                    }
                }
                // Comments, doctypes and parse errors show nothing to readers.
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn start_tag(
        &mut self,
        name: &str,
        attributes: &[(String, String, Range<usize>)],
        self_closing: bool,
        tag_range: Range<usize>,
        piece: &Piece,
        tag_start_in_piece: usize,
        tag_text: &str,
        found: &mut Vec<Found>,
    ) {
        let attribute = |wanted: &str| {
            attributes
                .iter()
                .find(|(key, _, _)| key == wanted)
                .map(|(_, value, _)| value.as_str())
        };
        let id = attribute("id").map(str::to_owned);
        if let Some(id) = &id {
            self.ids.insert(id.clone());
        }
        if name == "a"
            && let Some(anchor_name) = attribute("name")
        {
            self.ids.insert(anchor_name.to_owned());
        }
        let classes: Vec<String> = attribute("class")
            .map(|classes| classes.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        let own_hiding = element_hiding(name, &attribute);
        let index = self.elements.len();
        self.elements.push(Element {
            name: name.to_owned(),
            parent: self.current(),
            own_hiding,
            classes,
            id,
            start: tag_range.start,
            end: None,
        });

        let text = attribute("alt")
            .or_else(|| attribute("aria-label"))
            .or_else(|| attribute("title"))
            .unwrap_or("")
            .trim()
            .to_owned();
        let decorative = name == "img"
            && (attribute("alt") == Some("")
                || attribute("role").is_some_and(|role| role == "presentation" || role == "none")
                || attribute("aria-hidden") == Some("true"));
        for (key, value, span) in attributes {
            let Some(usage) = address_usage(name, key, &attribute) else {
                continue;
            };
            let value_range = value_range(tag_text, span, tag_start_in_piece)
                .filter(|_| piece.exact)
                .map(|range| piece.body_range(range));
            let urls: Vec<(String, Option<Range<usize>>)> = match key.as_str() {
                "srcset" => srcset_urls(value)
                    .into_iter()
                    .map(|url| (url, None))
                    .collect(),
                "content" => refresh_url(value)
                    .map(|url| vec![(url, None)])
                    .unwrap_or_default(),
                _ => vec![(value.clone(), value_range)],
            };
            for (url, value_range) in urls {
                let address = HtmlAddress {
                    element: name.to_owned(),
                    attribute: key.clone(),
                    url,
                    tag_range: tag_range.clone(),
                    value_range,
                    text: text.clone(),
                    decorative,
                    usage,
                    element_index: index,
                };
                if name == "a" && key == "href" {
                    found.push(Found::AnchorStart(address));
                } else {
                    found.push(Found::Address(address));
                }
            }
        }
        if name == "img" && !text.is_empty() {
            found.push(Found::ImageAlt(text));
        }
        if !VOID.contains(&name) && !self_closing {
            self.open.push(index);
            *self.open_names.entry(name.to_owned()).or_default() += 1;
            if matches!(name, "style" | "script" | "textarea" | "title") {
                self.raw_text = Some(name.to_owned());
            }
        }
    }

    fn end_tag(&mut self, name: &str, range: Range<usize>, found: &mut Vec<Found>) {
        if self.raw_text.as_deref() == Some(name) {
            self.raw_text = None;
        }
        if name == "a" {
            found.push(Found::AnchorEnd(range.clone()));
        }
        if self.open_names.get(name).is_none_or(|&count| count == 0) {
            return;
        }
        // The elements above the match are closed with it, so this search costs no more
        // than the pushes that put them there.
        let Some(position) = self
            .open
            .iter()
            .rposition(|&index| self.elements[index].name == name)
        else {
            return;
        };
        let index = self.open[position];
        self.elements[index].end = Some(range.end);
        self.truncate(position);
    }

    /// Reads `<style>` rules that hide elements of a class or id.
    fn read_style_sheet(&mut self, css: &str) {
        let css = strip_css_comments(css);
        for rule in css.split('}') {
            let Some((selectors, declarations)) = rule.split_once('{') else {
                continue;
            };
            // At-rules such as @media wrap rules in another block; the inner selector
            // follows the last `{`.
            let (selectors, declarations) = match declarations.rsplit_once('{') {
                Some((inner_selectors, inner)) => (inner_selectors, inner),
                None => (selectors, declarations),
            };
            let Some(reason) = style_hiding(declarations) else {
                continue;
            };
            for selector in selectors.split(',') {
                // :hover and the like hide only sometimes.
                if selector.contains(':') {
                    continue;
                }
                for token in
                    selector.split(|c: char| c.is_whitespace() || matches!(c, '>' | '+' | '~'))
                {
                    let mut rest = token;
                    while let Some(position) = rest.find(['.', '#']) {
                        let marker = rest.as_bytes()[position];
                        let tail = &rest[position + 1..];
                        let end = tail.find(['.', '#', '[']).unwrap_or(tail.len());
                        let name = &tail[..end];
                        if !name.is_empty() {
                            let target = if marker == b'.' {
                                &mut self.hidden_classes
                            } else {
                                &mut self.hidden_ids
                            };
                            target
                                .entry(name.to_owned())
                                .or_insert_with(|| format!("{reason} (from a <style> rule)"));
                        }
                        rest = &tail[end..];
                    }
                }
            }
        }
    }

    /// For every element, whether it or an ancestor hides it: the outermost hiding
    /// element. Worked out in one pass, parents before children.
    pub(crate) fn resolve_hidden(&self) -> Vec<Option<usize>> {
        let mut hidden: Vec<Option<usize>> = Vec::with_capacity(self.elements.len());
        for (index, element) in self.elements.iter().enumerate() {
            let inherited = element.parent.and_then(|parent| hidden[parent]);
            let own = self.hiding_reason(index).map(|_| index);
            hidden.push(inherited.or(own));
        }
        hidden
    }

    fn hiding_reason(&self, index: usize) -> Option<String> {
        let element = &self.elements[index];
        if let Some(reason) = &element.own_hiding {
            return Some(reason.clone());
        }
        if let Some(reason) = element
            .classes
            .iter()
            .find_map(|class| self.hidden_classes.get(class))
        {
            return Some(reason.clone());
        }
        element
            .id
            .as_ref()
            .and_then(|id| self.hidden_ids.get(id))
            .cloned()
    }

    /// An element's body range from its start tag to its end tag, when it was closed.
    pub(crate) fn element_range(&self, index: usize) -> Option<Range<usize>> {
        let element = self.elements.get(index)?;
        element.end.map(|end| element.start..end)
    }

    /// How an element hides its content: reason, element name and its body range.
    pub(crate) fn hidden_by(&self, index: usize) -> Option<Hidden> {
        let element = self.elements.get(index)?;
        Some(Hidden {
            reason: self.hiding_reason(index)?,
            element: element.name.clone(),
            range: element.end.map(|end| element.start..end),
        })
    }
}

/// `<name>`, `<name/>` or `</name>` with nothing else: whether it closes, and the name in
/// lower case.
fn bare_tag(text: &str) -> Option<(bool, String)> {
    let inner = text.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner.strip_suffix('/').unwrap_or(inner)),
    };
    let name = inner.trim_end();
    let mut chars = name.chars();
    let simple = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-');
    simple.then(|| (closing, name.to_ascii_lowercase()))
}

/// What an attribute's address is used for, if the attribute holds an address.
fn address_usage<'a>(
    element: &str,
    attribute: &str,
    value_of: &impl Fn(&str) -> Option<&'a str>,
) -> Option<super::Usage> {
    use super::Usage;
    Some(match (element, attribute) {
        ("a" | "area", "href") => Usage::Link,
        ("img", "src" | "srcset") => Usage::Image,
        ("input", "src") => Usage::Image,
        ("source", "src" | "srcset") => Usage::Embed,
        ("video", "poster") => Usage::Embed,
        ("iframe" | "frame" | "embed" | "video" | "audio" | "track", "src") => Usage::Embed,
        ("object", "data") => Usage::Embed,
        ("script", "src") => Usage::Script,
        ("link", "href") => match value_of("rel") {
            Some(rel) if rel.to_ascii_lowercase().contains("stylesheet") => Usage::Script,
            Some(rel) if rel.to_ascii_lowercase().contains("icon") => Usage::Image,
            _ => Usage::Link,
        },
        ("form", "action") | ("button" | "input", "formaction") => Usage::Form,
        ("base", "href") => Usage::Redirect,
        ("meta", "content")
            if value_of("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) =>
        {
            Usage::Redirect
        }
        (_, "href") if element != "base" => Usage::Link,
        _ => return None,
    })
}

/// The addresses in a `srcset` list (`a.png 1x, b.png 2x`).
fn srcset_urls(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The address in a refresh `content` (`0; url=https://...`).
fn refresh_url(value: &str) -> Option<String> {
    let (_, rest) = value.split_once([';', ','])?;
    let rest = rest.trim();
    let lower = rest.to_ascii_lowercase();
    let url = if lower.starts_with("url") {
        rest[3..].trim_start().strip_prefix('=')?.trim()
    } else {
        rest
    };
    Some(url.trim_matches(['\'', '"']).to_owned())
}

/// The range of an attribute's value inside the piece, found from html5gum's span of the
/// attribute (which starts at its name).
fn value_range(tag_text: &str, span: &Range<usize>, tag_start: usize) -> Option<Range<usize>> {
    let relative = span.start.checked_sub(tag_start)?;
    let rest = tag_text.get(relative..)?;
    let equals = rest.find('=')?;
    let after = &rest[equals + 1..];
    let skipped = after.len() - after.trim_start().len();
    let value_start = relative + equals + 1 + skipped;
    let value_text = &tag_text[value_start..];
    let (start, length) = match value_text.chars().next()? {
        quote @ ('"' | '\'') => {
            let length = value_text[1..].find(quote)?;
            (value_start + 1, length)
        }
        _ => {
            let length = value_text
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(value_text.len());
            (value_start, length)
        }
    };
    Some(tag_start + start..tag_start + start + length)
}

/// How an element hides itself and its content, from its name, attributes and inline
/// style.
fn element_hiding<'a>(name: &str, value_of: &impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    if name == "template" {
        return Some("a <template> element, which is never shown".to_owned());
    }
    if name == "noscript" {
        return Some("a <noscript> element, which readers with scripts on never see".to_owned());
    }
    if value_of("hidden").is_some() {
        return Some("the hidden attribute".to_owned());
    }
    let tiny = |attribute: &str| {
        value_of(attribute)
            .and_then(|value| value.trim().trim_end_matches("px").parse::<f32>().ok())
            .is_some_and(|size| size <= 1.0)
    };
    if matches!(name, "iframe" | "img" | "embed" | "object" | "video")
        && tiny("width")
        && tiny("height")
    {
        return Some("a width and height of 0 or 1 pixel".to_owned());
    }
    value_of("style").and_then(style_hiding)
}

fn strip_css_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Whether CSS declarations hide what they apply to, and which declaration does:
/// `display:none`, `visibility:hidden`, `opacity:0`, a zero font size, a far negative
/// position or indent, a zero size with overflow hidden, clipping, transparent text.
pub(crate) fn style_hiding(declarations: &str) -> Option<String> {
    let declarations = strip_css_comments(declarations);
    let mut properties: Vec<(String, String)> = Vec::new();
    for declaration in declarations.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let value = value
            .strip_suffix("!important")
            .map_or(value.as_str(), str::trim_end)
            .to_owned();
        properties.push((property, value));
    }
    let get = |wanted: &str| {
        properties
            .iter()
            .rev()
            .find(|(property, _)| property == wanted)
            .map(|(_, value)| value.as_str())
    };
    let shown = |property: &str, value: &str| format!("{property}:{value}");

    if let Some(value @ "none") = get("display") {
        return Some(shown("display", value));
    }
    if let Some(value @ ("hidden" | "collapse")) = get("visibility") {
        return Some(shown("visibility", value));
    }
    if let Some(value) = get("opacity")
        && value
            .trim_end_matches('%')
            .parse::<f32>()
            .is_ok_and(|opacity| opacity <= 0.01)
    {
        return Some(shown("opacity", value));
    }
    if let Some(value) = get("font-size")
        && length_px(value).is_some_and(|size| size <= 0.5)
    {
        return Some(shown("font-size", value));
    }
    if let Some(value) = get("font")
        && value.split_whitespace().any(|token| {
            let size = token.split('/').next().unwrap_or(token);
            size.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                && length_px(size).is_some_and(|px| px <= 0.5)
        })
    {
        return Some(shown("font", value));
    }
    if let Some(value @ "transparent") = get("color") {
        return Some(shown("color", value));
    }
    for property in [
        "left",
        "top",
        "right",
        "bottom",
        "margin-left",
        "margin-top",
        "text-indent",
        "inset",
    ] {
        if let Some(value) = get(property)
            && value
                .split_whitespace()
                .filter_map(length_px)
                .any(|px| px <= -500.0)
        {
            return Some(shown(property, value));
        }
    }
    if let Some(value) = get("transform") {
        let far = value
            .split(['(', ')', ',', ' '])
            .filter_map(length_px)
            .any(|px| px <= -500.0);
        let scaled_away = value.contains("scale(0)") || value.contains("scale(0,");
        if far || scaled_away {
            return Some(shown("transform", value));
        }
    }
    let overflow_hidden = ["overflow", "overflow-x", "overflow-y"]
        .iter()
        .any(|property| matches!(get(property), Some("hidden" | "clip")));
    if overflow_hidden {
        for property in ["width", "height", "max-width", "max-height"] {
            if let Some(value) = get(property)
                && length_px(value).is_some_and(|px| px <= 1.0)
            {
                return Some(format!("{property}:{value} with overflow hidden"));
            }
        }
    }
    let positioned = matches!(get("position"), Some("absolute" | "fixed"));
    if positioned
        && let Some(value) = get("clip")
        && value.starts_with("rect(")
        && value
            .trim_start_matches("rect(")
            .trim_end_matches(')')
            .split([',', ' '])
            .filter(|part| !part.is_empty())
            .all(|part| length_px(part).is_some_and(|px| px <= 1.0))
    {
        return Some(shown("clip", value));
    }
    if let Some(value) = get("clip-path")
        && (value.starts_with("inset(50%")
            || value.starts_with("inset(100%")
            || value == "circle(0)")
    {
        return Some(shown("clip-path", value));
    }
    None
}

/// A CSS length in pixels (`0`, `-9999px`, `-50em`, `0.0rem`, `-100%`). Percentages and
/// viewport units count as a large negative distance only when they take content fully
/// off the page.
fn length_px(value: &str) -> Option<f32> {
    let value = value.trim();
    let number_end = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(value.len());
    let number: f32 = value[..number_end].parse().ok()?;
    let factor = match &value[number_end..] {
        "" if number == 0.0 => 1.0,
        "" => return None,
        "px" => 1.0,
        "em" | "rem" => 16.0,
        "pt" => 4.0 / 3.0,
        "pc" => 16.0,
        "cm" => 37.8,
        "mm" => 3.78,
        "in" => 96.0,
        "%" | "vw" | "vh" | "vmin" | "vmax" => 5.0,
        _ => return None,
    };
    Some(number * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hiding_styles() {
        for (style, expected) in [
            ("display:none", Some("display:none")),
            ("DISPLAY: NONE !important", Some("display:none")),
            ("color: red; visibility:hidden", Some("visibility:hidden")),
            ("position:absolute;left:-9999px", Some("left:-9999px")),
            ("text-indent:-10000px", Some("text-indent:-10000px")),
            ("font-size:0", Some("font-size:0")),
            ("font-size:0px", Some("font-size:0px")),
            ("font: 0/0 a", Some("font:0/0 a")),
            ("opacity:0", Some("opacity:0")),
            ("opacity:0.0", Some("opacity:0.0")),
            (
                "height:0;overflow:hidden",
                Some("height:0 with overflow hidden"),
            ),
            ("position:absolute;top:-200vh", Some("top:-200vh")),
            (
                "transform: translateX(-9999px)",
                Some("transform:translatex(-9999px)"),
            ),
            ("color: transparent", Some("color:transparent")),
            (
                "position:absolute; clip: rect(0 0 0 0)",
                Some("clip:rect(0 0 0 0)"),
            ),
        ] {
            assert_eq!(style_hiding(style).as_deref(), expected, "{style}");
        }
        for style in [
            "color: #333; font-size: 1.1em",
            "margin-left: -1em",
            "display: block",
            "opacity: 0.8",
            "height: 0",
            "position: relative; left: -4px",
            "font: italic 12px/1.4 serif",
            "width: 100%; overflow: hidden",
        ] {
            assert_eq!(style_hiding(style), None, "{style}");
        }
    }

    #[test]
    fn bare_tags() {
        assert_eq!(bare_tag("<kbd>"), Some((false, "kbd".to_owned())));
        assert_eq!(bare_tag("</SUP>"), Some((true, "sup".to_owned())));
        assert_eq!(bare_tag("<br/>"), Some((false, "br".to_owned())));
        assert_eq!(bare_tag("<a href=x>"), None);
        assert_eq!(bare_tag("<span hidden>"), None);
        assert_eq!(bare_tag("<!-- c -->"), None);
    }

    #[test]
    fn refresh_and_srcset() {
        assert_eq!(
            refresh_url("0; url=https://spam.example/").as_deref(),
            Some("https://spam.example/")
        );
        assert_eq!(
            refresh_url("5;URL='https://x.example/'").as_deref(),
            Some("https://x.example/")
        );
        assert_eq!(refresh_url("30"), None);
        assert_eq!(
            srcset_urls("small.png 480w, large.png 1200w"),
            ["small.png", "large.png"]
        );
    }

    #[test]
    fn value_ranges_inside_tags() {
        let tag = r#"<a class=x href = "https://e.example/" title=t>"#;
        let span = tag.find("href").expect("href")..tag.len();
        let range = value_range(tag, &span, 0).expect("range");
        assert_eq!(&tag[range], "https://e.example/");
        let tag = "<img src=a.png alt>";
        let span = 5..tag.len();
        let range = value_range(tag, &span, 0).expect("range");
        assert_eq!(&tag[range], "a.png");
    }
}
