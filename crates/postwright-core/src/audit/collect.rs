//! Gathering links from the events of the pass that builds the preview: Markdown links,
//! images, autolinks, bare addresses in text, addresses in raw HTML, and the front
//! matter's addresses.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::bare::find_bare_urls;
use super::html::{Found, HtmlAddress, HtmlState, Piece};
use super::{Hiding, LineIndex, Link, LinkKind, Location, Usage};
use crate::metadata::Metadata;

/// What a [`LinkCollector`] found: the body's links in order, and the ids that `#anchor`
/// links may point to besides heading ids (raw HTML `id` and `<a name>` attributes,
/// footnote labels).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkScan {
    /// Every link and image in the body, in order of appearance.
    pub links: Vec<Link>,
    /// Ids defined by raw HTML and footnote definitions.
    pub anchor_ids: BTreeSet<String>,
}

/// A link being built: its [`Link`] without the position and hiding, which are worked out
/// at the end.
struct Draft {
    link: Link,
    range: Range<usize>,
    /// The raw HTML element containing the link, or the link's own element.
    element: Option<usize>,
}

/// A Markdown link or image whose end has not come yet.
struct OpenLink {
    draft: usize,
    range: Range<usize>,
    image: bool,
    /// Where the last event inside the brackets ended.
    inner_end: usize,
}

/// An `<a href>` whose `</a>` has not come yet.
struct OpenAnchor {
    draft: usize,
    tag_end: usize,
}

/// Text events waiting to be searched for bare addresses.
#[derive(Default)]
struct TextRun {
    text: String,
    /// (offset in `text`, body range, whether the range holds exactly that text).
    segments: Vec<(usize, Range<usize>, bool)>,
}

impl TextRun {
    fn body_offset(&self, offset: usize, end: bool) -> usize {
        let index = if end {
            self.segments
                .partition_point(|(start, _, _)| *start < offset)
                .saturating_sub(1)
        } else {
            self.segments
                .partition_point(|(start, _, _)| *start <= offset)
                .saturating_sub(1)
        };
        let Some((start, range, exact)) = self.segments.get(index) else {
            return 0;
        };
        if *exact {
            (range.start + offset - start).min(range.end)
        } else if end {
            range.end
        } else {
            range.start
        }
    }
}

/// Collects the links of a body from the events of a pass over it, as
/// [`crate::stats::StatsCollector`] collects statistics: feed every event with its range,
/// then call [`LinkCollector::finish`].
pub struct LinkCollector<'a> {
    body: &'a str,
    drafts: Vec<Draft>,
    open_links: Vec<OpenLink>,
    open_anchor: Option<OpenAnchor>,
    code_block_depth: usize,
    run: TextRun,
    html_block: Option<Piece>,
    html: HtmlState,
    /// Open-element depth at the start of each Markdown container still open.
    container_depths: Vec<usize>,
    footnote_ids: BTreeSet<String>,
    found: Vec<Found>,
}

impl<'a> LinkCollector<'a> {
    /// A collector for the events of `body` (the text the parser reads).
    pub fn new(body: &'a str) -> Self {
        Self {
            body,
            drafts: Vec::new(),
            open_links: Vec::new(),
            open_anchor: None,
            code_block_depth: 0,
            run: TextRun::default(),
            html_block: None,
            html: HtmlState::default(),
            container_depths: Vec::new(),
            footnote_ids: BTreeSet::new(),
            found: Vec::new(),
        }
    }

    /// Feeds one event and its byte range in the body.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if let Some(open) = self.open_links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            open.inner_end = open.inner_end.max(range.end.min(open.range.end));
        }
        match event {
            Event::Text(text) => {
                if self.code_block_depth > 0 {
                    return;
                }
                self.add_link_text(text);
                if self.open_links.is_empty() && self.open_anchor.is_none() && !self.html.in_code()
                {
                    let source = self.body.get(range.clone());
                    self.push_run(text, range.clone(), source == Some(text.as_ref()));
                } else {
                    self.flush_run();
                }
                return;
            }
            Event::Code(code) => self.add_link_text(code),
            _ => {}
        }
        self.flush_run();
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => self.open_link(*link_type, dest_url, id, range, false),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            }) => self.open_link(*link_type, dest_url, id, range, true),
            Event::End(TagEnd::Link | TagEnd::Image) => self.close_link(),
            Event::Start(Tag::CodeBlock(_)) => self.code_block_depth += 1,
            Event::End(TagEnd::CodeBlock) => {
                self.code_block_depth = self.code_block_depth.saturating_sub(1);
            }
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(Piece::new()),
            Event::Html(html) => {
                let source = self.body.get(range.clone());
                match &mut self.html_block {
                    Some(piece) => piece.push(html, source, range),
                    None => {
                        let mut piece = Piece::new();
                        piece.push(html, source, range);
                        self.feed_html(&piece);
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(piece) = self.html_block.take()
                    && !piece.is_empty()
                {
                    self.feed_html(&piece);
                }
            }
            Event::InlineHtml(html) => {
                let mut piece = Piece::new();
                piece.push(html, self.body.get(range.clone()), range);
                self.feed_html(&piece);
            }
            Event::Start(tag) => {
                if let Tag::FootnoteDefinition(label) = tag {
                    self.footnote_ids.insert(label.to_string());
                }
                if closes_html(tag_end_of(tag)) {
                    self.container_depths.push(self.html.depth());
                }
            }
            Event::End(end) => {
                if closes_html(Some(*end))
                    && let Some(depth) = self.container_depths.pop()
                {
                    self.html.truncate(depth);
                }
            }
            _ => {}
        }
    }

    fn add_link_text(&mut self, text: &str) {
        for open in &self.open_links {
            if let Some(draft) = self.drafts.get_mut(open.draft) {
                draft.link.text.push_str(text);
            }
        }
        if let Some(anchor) = &self.open_anchor
            && let Some(draft) = self.drafts.get_mut(anchor.draft)
        {
            draft.link.text.push_str(text);
        }
    }

    fn push_run(&mut self, text: &str, range: Range<usize>, exact: bool) {
        self.run.segments.push((self.run.text.len(), range, exact));
        self.run.text.push_str(text);
    }

    /// Looks for bare addresses in the text gathered since the last non-text event.
    fn flush_run(&mut self) {
        self.flush_run_in(self.html.current());
    }

    /// Looks for bare addresses in the gathered text, which sits in the raw HTML element
    /// `element`.
    fn flush_run_in(&mut self, element: Option<usize>) {
        if self.run.text.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        for found in find_bare_urls(&run.text) {
            let start = run.body_offset(found.start, false);
            let end = run.body_offset(found.end, true).max(start);
            let url = run.text[found.clone()].to_owned();
            self.push_bare(url, start..end, element);
        }
        self.run.text = run.text;
        self.run.text.clear();
        self.run.segments = run.segments;
        self.run.segments.clear();
    }

    fn push_bare(&mut self, url: String, range: Range<usize>, element: Option<usize>) {
        let exact = self.body.get(range.clone()) == Some(url.as_str());
        self.drafts.push(Draft {
            link: Link {
                kind: LinkKind::BareUrl,
                usage: Usage::Link,
                text: url.clone(),
                url,
                html: None,
                location: Location::Post,
                url_range: exact.then(|| range.clone()),
                text_range: exact.then(|| range.clone()),
                reference: None,
                decorative: false,
                hidden: None,
            },
            range,
            element,
        });
    }

    fn open_link(
        &mut self,
        link_type: LinkType,
        dest_url: &str,
        id: &str,
        range: &Range<usize>,
        image: bool,
    ) {
        let (kind, url, reference) = match link_type {
            LinkType::Autolink => (LinkKind::Autolink, dest_url.to_owned(), None),
            LinkType::Email => (LinkKind::Autolink, format!("mailto:{dest_url}"), None),
            LinkType::Reference
            | LinkType::Collapsed
            | LinkType::Shortcut
            | LinkType::ReferenceUnknown
            | LinkType::CollapsedUnknown
            | LinkType::ShortcutUnknown => (
                LinkKind::Reference,
                dest_url.to_owned(),
                Some(id.to_owned()),
            ),
            _ => (LinkKind::Inline, dest_url.to_owned(), None),
        };
        self.drafts.push(Draft {
            link: Link {
                kind,
                usage: if image { Usage::Image } else { Usage::Link },
                url,
                text: String::new(),
                html: None,
                location: Location::Post,
                url_range: None,
                text_range: None,
                reference,
                decorative: false,
                hidden: None,
            },
            range: range.clone(),
            element: self.html.current(),
        });
        let opening = if image { 2 } else { 1 };
        self.open_links.push(OpenLink {
            draft: self.drafts.len() - 1,
            range: range.clone(),
            image,
            inner_end: (range.start + opening).min(range.end),
        });
    }

    fn close_link(&mut self) {
        let Some(open) = self.open_links.pop() else {
            return;
        };
        if let Some(parent) = self.open_links.last_mut() {
            parent.inner_end = parent.inner_end.max(open.range.end);
        }
        let body = self.body;
        let Some(draft) = self.drafts.get_mut(open.draft) else {
            return;
        };
        let range = open.range.clone();
        let opening = if open.image { 2 } else { 1 };
        match draft.link.kind {
            LinkKind::Autolink => {
                let inner = (range.start + 1).min(range.end)..range.end.saturating_sub(1);
                draft.link.text_range = Some(inner.clone());
                draft.link.url_range = Some(inner);
            }
            _ => {
                let Some(close) = body
                    .get(open.inner_end..range.end)
                    .and_then(|rest| rest.find(']'))
                    .map(|offset| open.inner_end + offset)
                else {
                    return;
                };
                draft.link.text_range = Some((range.start + opening).min(close)..close);
                if draft.link.kind == LinkKind::Inline {
                    draft.link.url_range = inline_destination(body, close, range.end);
                }
            }
        }
        // Keep the text readers see on one line, as a screen reader would read it.
        normalise_spaces(&mut draft.link.text);
    }

    fn feed_html(&mut self, piece: &Piece) {
        let mut found = std::mem::take(&mut self.found);
        self.html.feed(piece, &mut found);
        for item in found.drain(..) {
            match item {
                Found::Address(address) => {
                    self.push_html(address);
                }
                Found::AnchorStart(address) => {
                    self.close_anchor(None);
                    let tag_end = address.tag_range.end;
                    let draft = self.push_html(address);
                    self.open_anchor = Some(OpenAnchor { draft, tag_end });
                }
                Found::AnchorEnd(end_tag) => self.close_anchor(Some(end_tag)),
                Found::ImageAlt(alt) => self.add_link_text(&alt),
                Found::Text {
                    text,
                    range,
                    exact,
                    element,
                    code,
                } => {
                    if self.open_anchor.is_some() {
                        self.add_link_text(&text);
                    } else if self.code_block_depth == 0 && !code {
                        self.push_run(&text, range, exact);
                        self.flush_run_in(element);
                    }
                }
            }
        }
        self.found = found;
    }

    fn push_html(&mut self, address: HtmlAddress) -> usize {
        let text = if address.element == "a" {
            String::new()
        } else {
            address.text
        };
        self.drafts.push(Draft {
            link: Link {
                kind: LinkKind::Html,
                usage: address.usage,
                url: address.url,
                text,
                html: Some((address.element, address.attribute)),
                location: Location::Post,
                url_range: address.value_range,
                text_range: None,
                reference: None,
                decorative: address.decorative,
                hidden: None,
            },
            range: address.tag_range,
            element: Some(address.element_index),
        });
        self.drafts.len() - 1
    }

    /// Ends the open `<a>`: at its end tag, or (with `None`) where it stopped.
    fn close_anchor(&mut self, end_tag: Option<Range<usize>>) {
        let Some(anchor) = self.open_anchor.take() else {
            return;
        };
        let Some(draft) = self.drafts.get_mut(anchor.draft) else {
            return;
        };
        if let Some(end_tag) = end_tag
            && end_tag.start >= anchor.tag_end
        {
            draft.link.text_range = Some(anchor.tag_end..end_tag.start);
            draft.range = draft.range.start..end_tag.end;
        }
        normalise_spaces(&mut draft.link.text);
    }

    /// The links found, with their positions and hiding worked out.
    pub fn finish(mut self) -> LinkScan {
        self.flush_run();
        if let Some(piece) = self.html_block.take() {
            self.feed_html(&piece);
        }
        self.close_anchor(None);
        while !self.open_links.is_empty() {
            self.close_link();
        }
        let hidden = self.html.resolve_hidden();
        let lines = LineIndex::new(self.body);
        let mut links = Vec::with_capacity(self.drafts.len());
        for draft in self.drafts {
            let mut link = draft.link;
            let mut range = draft.range;
            // An element with content (`<iframe>`, `<video>`) is removed with its end tag.
            if let (Some((element, _)), Some(index)) = (&link.html, draft.element)
                && element != "a"
                && let Some(whole) = self.html.element_range(index)
                && whole.start == range.start
            {
                range = whole;
            }
            link.location = lines.location(range);
            link.hidden = draft
                .element
                .and_then(|element| hidden.get(element).copied().flatten())
                .and_then(|hider| self.html.hidden_by(hider))
                .map(|hidden| Hiding {
                    reason: hidden.reason,
                    element: hidden.element,
                    element_range: hidden.range,
                });
            links.push(link);
        }
        let mut anchor_ids = std::mem::take(&mut self.html.ids);
        anchor_ids.extend(self.footnote_ids);
        LinkScan { links, anchor_ids }
    }
}

/// Collapses runs of white space to one space and trims the ends, without allocating when
/// there is nothing to change.
fn normalise_spaces(text: &mut String) {
    let tidy = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains(|c: char| c.is_whitespace() && c != ' ')
        && !text.contains("  ");
    if !tidy {
        *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
}

/// Markdown containers whose end closes raw HTML elements left open inside them.
fn closes_html(end: Option<TagEnd>) -> bool {
    matches!(
        end,
        Some(
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::TableCell
                | TagEnd::DefinitionListDefinition
        )
    )
}

fn tag_end_of(tag: &Tag<'_>) -> Option<TagEnd> {
    Some(match tag {
        Tag::Paragraph => TagEnd::Paragraph,
        Tag::Heading { level, .. } => TagEnd::Heading(*level),
        Tag::BlockQuote(kind) => TagEnd::BlockQuote(*kind),
        Tag::Item => TagEnd::Item,
        Tag::FootnoteDefinition(_) => TagEnd::FootnoteDefinition,
        Tag::TableCell => TagEnd::TableCell,
        Tag::DefinitionListDefinition => TagEnd::DefinitionListDefinition,
        _ => return None,
    })
}

/// The range of an inline link's destination: after `](`, spaces and at most one line
/// break, either `<...>` (the range excludes the brackets) or up to a space or the
/// unbalanced `)`.
fn inline_destination(body: &str, close: usize, end: usize) -> Option<Range<usize>> {
    let after = body.get(close..end)?.strip_prefix("](")?;
    let start = close + 2 + (after.len() - after.trim_start().len());
    let rest = body.get(start..end)?;
    if let Some(inner) = rest.strip_prefix('<') {
        let length = inner.find('>')?;
        return Some(start + 1..start + 1 + length);
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (offset, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(start..start + offset),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some(start..start + offset),
            _ => {}
        }
    }
    None
}

/// The addresses in the front matter: canonical URL, cover image, author's page and
/// related links.
pub(crate) fn front_matter_links(metadata: &Metadata) -> Vec<Link> {
    let mut links = Vec::new();
    let mut push = |field: String, url: &str, text: &str, usage: Usage| {
        if url.trim().is_empty() {
            return;
        }
        links.push(Link {
            kind: LinkKind::FrontMatter,
            usage,
            url: url.trim().to_owned(),
            text: text.trim().to_owned(),
            html: None,
            location: Location::FrontMatter { field },
            url_range: None,
            text_range: None,
            reference: None,
            // The cover's alt text has a rule of its own.
            decorative: usage == Usage::Image,
            hidden: None,
        });
    };
    push(
        "canonical_url".to_owned(),
        &metadata.canonical_url,
        "",
        Usage::Metadata,
    );
    push(
        "cover_image".to_owned(),
        &metadata.cover_image,
        &metadata.cover_alt,
        Usage::Image,
    );
    push(
        "author.url".to_owned(),
        &metadata.author.url,
        &metadata.author.name,
        Usage::Link,
    );
    for (index, related) in metadata.links.iter().enumerate() {
        push(
            format!("links[{index}].url"),
            &related.url,
            &related.label,
            Usage::Link,
        );
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn scan(body: &str) -> LinkScan {
        let mut collector = LinkCollector::new(body);
        for (event, range) in markdown::parser(body).into_offset_iter() {
            collector.event(&event, &range);
        }
        collector.finish()
    }

    fn slice<'b>(body: &'b str, range: &Option<Range<usize>>) -> &'b str {
        range
            .as_ref()
            .map_or("<none>", |range| &body[range.clone()])
    }

    #[test]
    fn markdown_links_with_their_ranges() {
        let body = "Read [the *guide*](https://example.org/guide \"Guide\") and [ref][Spec].\n\n[spec]: https://spec.example/\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 2);
        let inline = &links[0];
        assert_eq!(inline.kind, LinkKind::Inline);
        assert_eq!(inline.text, "the guide");
        assert_eq!(slice(body, &inline.url_range), "https://example.org/guide");
        assert_eq!(slice(body, &inline.text_range), "the *guide*");
        assert_eq!(
            &body[inline.range().expect("in body")],
            "[the *guide*](https://example.org/guide \"Guide\")"
        );
        let reference = &links[1];
        assert_eq!(reference.kind, LinkKind::Reference);
        assert_eq!(reference.url, "https://spec.example/");
        assert_eq!(reference.reference.as_deref(), Some("Spec"));
        assert_eq!(slice(body, &reference.text_range), "ref");
        assert_eq!(reference.url_range, None);
    }

    #[test]
    fn images_autolinks_and_angle_destinations() {
        let body = "![A *chart*](<my chart.png>) <https://auto.example/x> <ed@example.org>\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 3);
        assert_eq!(links[0].usage, Usage::Image);
        assert_eq!(links[0].text, "A chart");
        assert_eq!(links[0].url, "my chart.png");
        assert_eq!(slice(body, &links[0].url_range), "my chart.png");
        assert_eq!(links[1].kind, LinkKind::Autolink);
        assert_eq!(slice(body, &links[1].url_range), "https://auto.example/x");
        assert_eq!(links[2].url, "mailto:ed@example.org");
    }

    #[test]
    fn bare_urls_map_to_source_through_escapes_and_entities() {
        let body = "Buy at http://pills.example/a\\_b&amp;c now. `http://code.example/` is code.\n\n```\nhttp://block.example/\n```\n\n[http://inside.example/](http://inside.example/)\n";
        let links = scan(body).links;
        let bare: Vec<&Link> = links
            .iter()
            .filter(|link| link.kind == LinkKind::BareUrl)
            .collect();
        assert_eq!(bare.len(), 1, "{links:#?}");
        assert_eq!(bare[0].url, "http://pills.example/a_b&c");
        assert_eq!(
            &body[bare[0].range().expect("in body")],
            "http://pills.example/a\\_b&amp;c"
        );
        assert_eq!(bare[0].url_range, None, "the source differs from the text");
        assert!(matches!(
            bare[0].location,
            Location::Body {
                line: 1,
                column: 8,
                ..
            }
        ));
    }

    #[test]
    fn bare_addresses_in_hidden_html_blocks_are_hidden() {
        let body = "<div style=\"display:none\">Visit http://pills.example/ today</div>\n\nhttp://shown.example/\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 2, "{links:#?}");
        assert_eq!(links[0].url, "http://pills.example/");
        assert!(links[0].hidden.is_some());
        assert_eq!(
            &body[links[0].range().expect("in body")],
            "http://pills.example/"
        );
        assert_eq!(links[1].hidden, None);
    }

    #[test]
    fn addresses_in_raw_code_are_not_bare() {
        let body = "Run <code>curl https://api.example/v1</code> now.\n\n<pre>\nGET http://localhost:8080/\n</pre>\n\nBut https://bare.example/ is.\n";
        let urls: Vec<String> = scan(body).links.into_iter().map(|link| link.url).collect();
        assert_eq!(urls, ["https://bare.example/"]);
    }

    #[test]
    fn raw_html_addresses_and_hidden_containers() {
        let body = "<div style=\"position:absolute; left:-9999px\">\n<a href=\"https://casino.example/\">best casino</a>\n</div>\n\nVisible <a href='https://ok.example/'>fine</a>.\n\n<img src=\"chart.png\" alt=\"\">\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 3, "{links:#?}");
        let hidden = &links[0];
        assert_eq!(hidden.html, Some(("a".into(), "href".into())));
        assert_eq!(hidden.text, "best casino");
        let hiding = hidden.hidden.as_ref().expect("hidden");
        assert_eq!(hiding.reason, "left:-9999px");
        assert_eq!(hiding.element, "div");
        assert_eq!(
            &body[hiding.element_range.clone().expect("closed")],
            "<div style=\"position:absolute; left:-9999px\">\n<a href=\"https://casino.example/\">best casino</a>\n</div>"
        );
        assert_eq!(slice(body, &hidden.url_range), "https://casino.example/");
        let visible = &links[1];
        assert_eq!(visible.hidden, None);
        assert_eq!(visible.text, "fine");
        assert_eq!(slice(body, &visible.text_range), "fine");
        assert_eq!(
            &body[visible.range().expect("in body")],
            "<a href='https://ok.example/'>fine</a>"
        );
        assert!(links[2].decorative);
    }

    #[test]
    fn markdown_inside_a_hidden_html_block_is_hidden() {
        let body = "<div style=\"display:none\">\n\n[cheap pills](https://pills.example/) and http://bare.example/\n\n</div>\n\n[after](https://after.example/)\n";
        let links = scan(body).links;
        assert_eq!(links.len(), 3, "{links:#?}");
        assert!(links[0].hidden.is_some());
        assert!(links[1].hidden.is_some());
        assert_eq!(links[1].kind, LinkKind::BareUrl);
        assert_eq!(links[2].hidden, None);
    }

    #[test]
    fn unclosed_inline_elements_end_with_their_paragraph() {
        let body =
            "Text <span style=\"font-size:0\">[x](https://x.example/)\n\n[y](https://y.example/)\n";
        let links = scan(body).links;
        assert!(links[0].hidden.is_some());
        assert_eq!(links[1].hidden, None);
    }

    #[test]
    fn style_sheet_classes_hide_elements_defined_before_them() {
        let body = "<p class=\"seo-box\"><a href=\"https://loans.example/\">loans</a></p>\n\n<style>\n.seo-box { display: none }\n</style>\n";
        let links = scan(body).links;
        let hiding = links[0].hidden.as_ref().expect("hidden");
        assert!(hiding.reason.contains("display:none"), "{hiding:?}");
    }

    #[test]
    fn anchor_ids_from_html_and_footnotes() {
        let body =
            "<a name=\"old\"></a><span id=\"here\">x</span>\n\nText[^note].\n\n[^note]: A note.\n";
        let ids = scan(body).anchor_ids;
        for id in ["old", "here", "note"] {
            assert!(ids.contains(id), "{id}: {ids:?}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let body = "> ".repeat(50_000) + "[a](https://example.org/)\n";
        assert_eq!(scan(&body).links.len(), 1);
        let body = "<div>".repeat(20_000) + "\n\n[a](https://example.org/)\n";
        assert_eq!(scan(&body).links.len(), 1);
        let mut list = String::new();
        for depth in 0..1000 {
            list.push_str(&"  ".repeat(depth));
            list.push_str("- [x](https://example.org/)\n");
        }
        assert_eq!(scan(&list).links.len(), 1000);
    }

    #[test]
    fn pathological_inputs_finish() {
        let inputs = [
            "a]".repeat(50_000),
            "[a".repeat(50_000),
            format!("http://a.example/{}", ")".repeat(50_000)),
            "<div>".repeat(30_000) + &"</p>".repeat(30_000),
            "<a href=\"https://x.example/\">".repeat(20_000),
            "<span style=\"display:none\">".repeat(20_000) + "[x](https://x.example/)",
            "<noscript>".repeat(20_000),
            "http://x.example/ ".repeat(20_000),
            "www.".repeat(50_000),
        ];
        // Each finishes (quadratic work here would hang the test), and the results hold.
        for input in &inputs {
            let found = scan(input);
            assert!(found.links.len() <= input.len());
        }
        let hidden = scan(&inputs[5]);
        assert!(hidden.links[0].hidden.is_some());
        let trailing = scan(&inputs[2]);
        assert_eq!(trailing.links[0].url, "http://a.example/");
    }

    #[test]
    fn front_matter_addresses_name_their_field() {
        let metadata = Metadata {
            canonical_url: "https://example.org/post/".into(),
            links: vec![crate::metadata::RelatedLink {
                label: "More".into(),
                url: "https://more.example/".into(),
            }],
            ..Metadata::default()
        };
        let links = front_matter_links(&metadata);
        assert_eq!(links.len(), 2);
        assert_eq!(
            links[1].location,
            Location::FrontMatter {
                field: "links[0].url".into()
            }
        );
        assert_eq!(links[1].text, "More");
    }
}
