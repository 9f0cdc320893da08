//! The export's one pass over a post body: pulldown-cmark events in, filtered events out,
//! written by pulldown-cmark's own HTML writer.
//!
//! Each concern is a small rule applied to the event stream, never a second pass over the
//! HTML: headings get their ids (buffered from start to end, since the id comes from the
//! text), links are checked and given `rel`, images are resolved and written with their
//! size, code blocks are highlighted, raw HTML is sanitised, footnotes move to the end with
//! links back to where they were cited. Statistics ride along the same pass.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, InlineStr, LinkType, OffsetIter, Options, Tag,
    TagEnd,
};

use super::escape;
use super::images::ImageResolver;
use super::raw_html::RawHtml;
use super::url;
use super::{ExportIssue, IssueKind};
use crate::destination::{self, Destination, Usage};
use crate::highlight;
use crate::markdown::{FootnoteNumbers, HeadingIds, HeadingText};
use crate::stats::{Heading, Statistics, StatsCollector};

/// Whether the body's opening level-one heading becomes the page title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LiftTitle {
    /// Leave every heading in the body.
    Never,
    /// The post has no title: an opening `# Heading` is the title.
    Any,
    /// The post has this title: an opening `# Heading` with the same text repeats it.
    Matching(String),
}

/// How the body is rendered.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// Raw HTML is written as it is.
    pub trust_html: bool,
    /// `rel` of links to other sites (and of raw HTML links when sanitising).
    pub rel: &'static str,
    /// Relative links to `.md` files point at the exported `.html` instead.
    pub markdown_links_to_html: bool,
    /// Whether an opening level-one heading is lifted out as the title.
    pub lift_title: LiftTitle,
    /// Gather word counts and the outline while rendering.
    pub statistics: bool,
}

/// What one pass over the body produced.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// Every heading with its id, in order (the lifted title included).
    pub headings: Vec<Heading>,
    /// Problems found.
    pub issues: Vec<ExportIssue>,
    /// The opening heading lifted out as the title: its text and id.
    pub lifted_title: Option<(String, String)>,
    /// The text of the first paragraph, for a description when the post has no summary.
    pub excerpt: String,
    /// Words and characters (no outline: see `headings`), when asked for.
    pub statistics: Statistics,
}

/// Renders `body` parsed with `markdown_options`.
pub(crate) fn render(
    body: &str,
    markdown_options: Options,
    settings: &Settings,
    images: &mut ImageResolver<'_>,
) -> Rendered {
    let parser = pulldown_cmark::Parser::new_ext(body, markdown_options).into_offset_iter();
    let mut filter = ExportFilter::new(parser, settings, images);
    // Highlighted code and attributes make the HTML larger than the Markdown; room for
    // twice the text avoids copying a large page while it grows.
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, &mut filter);
    filter.rendered.html = html;
    filter.rendered.statistics = filter
        .stats
        .take()
        .map(StatsCollector::finish)
        .unwrap_or_default();
    filter.rendered
}

/// How to end a link that was started.
enum LinkEnd {
    /// pulldown-cmark writes it.
    Native,
    /// We wrote `<a …>` ourselves.
    Html,
    /// The link was dropped; its text stays.
    Dropped,
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: HeadingText,
    events: Vec<Event<'a>>,
    start: usize,
    lift: bool,
}

struct PendingImage<'a> {
    dest: CowStr<'a>,
    title: CowStr<'a>,
    alt: String,
    nesting: usize,
    range: Range<usize>,
}

struct CodeBuffer<'a> {
    info: CowStr<'a>,
    /// The code: usually one piece of the body, copied only when it comes in several
    /// (each line of a block in a list item is a text of its own).
    code: Cow<'a, str>,
}

struct FootnoteCapture<'a> {
    name: CowStr<'a>,
    events: Vec<Event<'a>>,
    range: Range<usize>,
}

#[derive(Default)]
struct Footnotes<'a> {
    /// The number of each footnote, as the preview numbers them.
    numbers: FootnoteNumbers,
    /// How often each footnote has been cited so far.
    citations: HashMap<String, usize>,
    /// First citation of each footnote, for the report.
    first_citation: HashMap<String, Range<usize>>,
    definitions: Vec<FootnoteCapture<'a>>,
}

struct ExportFilter<'a, 's, 'r> {
    source: OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    settings: &'s Settings,
    images: &'s mut ImageResolver<'r>,
    queue: VecDeque<Event<'a>>,
    finished: bool,
    rendered: Rendered,
    stats: Option<StatsCollector>,
    ids: HeadingIds,
    /// Open Markdown elements (HTML blocks excluded).
    depth: usize,
    seen_block: bool,
    heading: Option<PendingHeading<'a>>,
    image: Option<PendingImage<'a>>,
    code: Option<CodeBuffer<'a>>,
    html_block: Option<(String, Range<usize>)>,
    links: Vec<LinkEnd>,
    footnote: Option<FootnoteCapture<'a>>,
    footnotes: Footnotes<'a>,
    raw: RawHtml,
    /// Gathering the first top-level paragraph's text.
    excerpt: Option<String>,
    excerpt_done: bool,
    /// Room for escaping a value to see whether escaping changes it.
    scratch: String,
    /// A heading's buffers, emptied, for the next heading.
    spare_events: Vec<Event<'a>>,
    spare_text: HeadingText,
}

/// Longest excerpt gathered, in bytes.
const EXCERPT_BYTES: usize = 600;

impl<'a, 's, 'r> ExportFilter<'a, 's, 'r> {
    fn new(
        source: OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
        settings: &'s Settings,
        images: &'s mut ImageResolver<'r>,
    ) -> Self {
        Self {
            source,
            settings,
            images,
            queue: VecDeque::new(),
            finished: false,
            rendered: Rendered::default(),
            stats: settings.statistics.then(StatsCollector::counts_only),
            ids: HeadingIds::default(),
            depth: 0,
            seen_block: false,
            heading: None,
            image: None,
            code: None,
            html_block: None,
            links: Vec::new(),
            footnote: None,
            footnotes: Footnotes::default(),
            raw: RawHtml::new(settings.rel),
            excerpt: None,
            excerpt_done: false,
            scratch: String::new(),
            spare_events: Vec::new(),
            spare_text: HeadingText::default(),
        }
    }

    fn issue(&mut self, kind: IssueKind, range: &Range<usize>, message: String) {
        self.rendered
            .issues
            .push(ExportIssue::new(kind, Some(range.clone()), message));
    }

    /// Sends an event on: into the heading or footnote being gathered, or out.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(heading) = &mut self.heading {
            heading.events.push(event);
        } else if let Some(footnote) = &mut self.footnote {
            footnote.events.push(event);
        } else {
            self.queue.push_back(event);
        }
    }

    /// Whether nothing is being gathered, so simple events can go straight out.
    fn passing_through(&self) -> bool {
        self.heading.is_none()
            && self.image.is_none()
            && self.code.is_none()
            && self.footnote.is_none()
            && self.excerpt.is_none()
            && self.html_block.is_none()
    }

    #[inline(never)]
    fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some(heading) = &mut self.heading {
            heading.text.event(&event);
        }
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        if let Some(excerpt) = &mut self.excerpt {
            match &event {
                Event::Text(text) | Event::Code(text) if excerpt.len() < EXCERPT_BYTES => {
                    excerpt.push_str(text);
                }
                Event::SoftBreak | Event::HardBreak => excerpt.push(' '),
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    match text {
                        CowStr::Borrowed(text) if code.code.is_empty() => {
                            code.code = Cow::Borrowed(text);
                        }
                        text => code.code.to_mut().push_str(&text),
                    }
                } else {
                    self.emit(Event::Text(text));
                }
            }
            Event::Html(html) if !self.settings.trust_html => {
                match &mut self.html_block {
                    Some((block, _)) => block.push_str(&html),
                    // Not expected outside an HTML block; clean it as a block of its own.
                    None => {
                        let cleaned =
                            self.raw
                                .block(&html, self.depth, &range, &mut self.rendered.issues);
                        self.emit(Event::Html(cleaned.into()));
                    }
                }
            }
            Event::InlineHtml(html) if !self.settings.trust_html => {
                if let Some(tag) =
                    self.raw
                        .inline(&html, self.depth, &range, &mut self.rendered.issues)
                {
                    self.emit(Event::InlineHtml(tag.into()));
                }
            }
            Event::FootnoteReference(name) => self.footnote_reference(name, range),
            other => self.emit(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let first_block = !self.seen_block;
        self.seen_block = true;
        match tag {
            Tag::HtmlBlock => {
                if !self.settings.trust_html {
                    self.html_block = Some((String::new(), range));
                }
                self.emit(Event::Start(Tag::HtmlBlock));
                return;
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(PendingImage {
                    dest: dest_url,
                    title,
                    alt: String::new(),
                    nesting: 0,
                    range,
                });
                return;
            }
            _ => {}
        }
        self.depth += 1;
        match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                let attrs = self.heading_attributes(attrs, &range);
                let lift = first_block
                    && level == HeadingLevel::H1
                    && self.settings.lift_title != LiftTitle::Never;
                self.heading = Some(PendingHeading {
                    level,
                    explicit_id: id,
                    classes,
                    attrs,
                    text: std::mem::take(&mut self.spare_text),
                    events: std::mem::take(&mut self.spare_events),
                    start: range.start,
                    lift,
                });
            }
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                let language = info.split([' ', ',', '{']).next().unwrap_or("").trim();
                if highlight::is_supported(language) {
                    self.code = Some(CodeBuffer {
                        info: info.clone(),
                        code: Cow::Borrowed(""),
                    });
                }
                self.emit(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => self.start_link(link_type, dest_url, title, id, range),
            Tag::FootnoteDefinition(name) => {
                self.footnote = Some(FootnoteCapture {
                    name,
                    events: Vec::new(),
                    range,
                });
            }
            Tag::Paragraph => {
                if self.depth == 1 && !self.excerpt_done {
                    self.excerpt = Some(String::new());
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            other => self.emit(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        if tag == TagEnd::HtmlBlock {
            if let Some((html, block_range)) = self.html_block.take() {
                let cleaned =
                    self.raw
                        .block(&html, self.depth, &block_range, &mut self.rendered.issues);
                self.emit(Event::Html(cleaned.into()));
            }
            self.emit(Event::End(TagEnd::HtmlBlock));
            return;
        }
        if let Some(closing) = self.raw.close_at(self.depth) {
            self.emit(Event::InlineHtml(closing.into()));
        }
        self.depth = self.depth.saturating_sub(1);
        match tag {
            TagEnd::Heading(_) => self.end_heading(range),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    let html = highlighted(&code.info, &code.code);
                    self.emit(Event::Html(html.into()));
                }
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            TagEnd::Link => match self.links.pop() {
                Some(LinkEnd::Native) | None => self.emit(Event::End(TagEnd::Link)),
                Some(LinkEnd::Html) => self.emit(Event::InlineHtml("</a>".into())),
                Some(LinkEnd::Dropped) => {}
            },
            TagEnd::FootnoteDefinition => {
                if let Some(footnote) = self.footnote.take() {
                    self.footnotes.definitions.push(footnote);
                }
            }
            TagEnd::Paragraph => {
                if let Some(excerpt) = self.excerpt.take() {
                    self.excerpt_done = true;
                    self.rendered.excerpt = excerpt;
                }
                self.emit(Event::End(TagEnd::Paragraph));
            }
            other => self.emit(Event::End(other)),
        }
    }

    /// Heading attributes from `{key=value}`: all of them when HTML is trusted, otherwise
    /// only `title`, `lang`, `dir` and `data-*`, since `{onclick=…}` would otherwise be
    /// a live event handler.
    fn heading_attributes(
        &mut self,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        range: &Range<usize>,
    ) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
        if self.settings.trust_html || attrs.is_empty() {
            return attrs;
        }
        let mut kept = Vec::with_capacity(attrs.len());
        for (name, value) in attrs {
            let lower = name.to_ascii_lowercase();
            let safe = matches!(lower.as_str(), "title" | "lang" | "dir")
                || (lower.starts_with("data-")
                    && lower[5..]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            if safe {
                kept.push((name, value));
            } else {
                self.issue(
                    IssueKind::UnsafeAttribute,
                    range,
                    format!(
                        "the heading attribute {:?} was left out; only title, lang, dir and \
                         data-* attributes are exported unless the post's HTML is trusted",
                        name.as_ref()
                    ),
                );
            }
        }
        kept
    }

    fn end_heading(&mut self, range: Range<usize>) {
        let Some(heading) = self.heading.take() else {
            self.emit(Event::End(TagEnd::Heading(HeadingLevel::H1)));
            return;
        };
        let text = heading.text.text();
        let id = self.ids.assign(text, heading.explicit_id.as_deref());
        let lift = heading.lift
            && match &self.settings.lift_title {
                LiftTitle::Never => false,
                LiftTitle::Any => !text.is_empty(),
                LiftTitle::Matching(title) => title.trim().eq_ignore_ascii_case(text),
            };
        // The event's copy of the id: inline when short (no allocation), otherwise made
        // to measure, so it needs no shrinking into the event's boxed string.
        let event_id = (!lift).then(|| match InlineStr::try_from(id.as_str()) {
            Ok(inline) => CowStr::Inlined(inline),
            Err(_) => CowStr::from(id.as_str().to_owned()),
        });
        self.rendered.headings.push(Heading {
            level: heading.level as u8,
            text: text.to_owned(),
            id,
            range: heading.start..range.end,
        });
        let Some(event_id) = event_id else {
            if let Some(heading) = self.rendered.headings.last() {
                self.rendered.lifted_title = Some((heading.text.clone(), heading.id.clone()));
            }
            return;
        };
        self.emit(Event::Start(Tag::Heading {
            level: heading.level,
            id: Some(event_id),
            classes: heading.classes,
            attrs: heading.attrs,
        }));
        let mut events = heading.events;
        for event in events.drain(..) {
            self.emit(event);
        }
        self.emit(Event::End(TagEnd::Heading(heading.level)));
        // The buffers serve the next heading.
        self.spare_events = events;
        let mut text = heading.text;
        text.clear();
        self.spare_text = text;
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        // An email autolink (`<a@example.org>`) becomes a mailto: link.
        let destination = match link_type {
            LinkType::Email => Destination::Scheme("mailto".to_owned()),
            _ => destination::classify(&dest_url),
        };
        if let Some(danger) = destination.danger(&dest_url, Usage::Link) {
            self.issue(
                IssueKind::DangerousUrl,
                &range,
                format!(
                    "a link to a {}: address was removed (its text is kept): {danger}",
                    danger.scheme()
                ),
            );
            self.links.push(LinkEnd::Dropped);
            return;
        }
        let dest_url = match (&destination, self.settings.markdown_links_to_html) {
            (Destination::Relative, true) => match url::markdown_link_as_html(&dest_url) {
                Some(rewritten) => rewritten.into(),
                None => dest_url,
            },
            _ => dest_url,
        };
        if destination.is_other_site() && !self.settings.rel.is_empty() {
            // Written in pieces, so that the address and title go out as they are, with
            // no copy, whenever escaping leaves them unchanged (almost always).
            self.emit(Event::InlineHtml("<a href=\"".into()));
            let href = self.escaped(dest_url, escape::push_href);
            self.emit(Event::InlineHtml(href));
            if !title.is_empty() {
                self.emit(Event::InlineHtml("\" title=\"".into()));
                let title = self.escaped(title, escape::push_attr);
                self.emit(Event::InlineHtml(title));
            }
            self.emit(Event::InlineHtml("\" rel=\"".into()));
            self.emit(Event::InlineHtml(self.settings.rel.into()));
            self.emit(Event::InlineHtml("\">".into()));
            self.links.push(LinkEnd::Html);
        } else {
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
            self.links.push(LinkEnd::Native);
        }
    }

    /// `value` escaped by `escape`: `value` itself when escaping changes nothing, a new
    /// string otherwise.
    fn escaped(&mut self, value: CowStr<'a>, escape: fn(&mut String, &str)) -> CowStr<'a> {
        self.scratch.clear();
        escape(&mut self.scratch, &value);
        if self.scratch == *value {
            value
        } else {
            self.scratch.as_str().to_owned().into()
        }
    }

    /// An event inside an image: gathered as its alt text, the way pulldown-cmark's
    /// writer reads it.
    fn image_event(&mut self, event: Event<'a>) {
        let footnote_number = match &event {
            Event::FootnoteReference(name) => Some(self.footnotes.numbers.number(name)),
            _ => None,
        };
        let Some(image) = &mut self.image else {
            return;
        };
        match event {
            Event::Start(_) => image.nesting += 1,
            Event::End(_) if image.nesting > 0 => image.nesting -= 1,
            Event::End(_) => self.end_image(),
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => {
                image.alt.push_str(&text);
            }
            Event::InlineMath(text) => {
                image.alt.push('$');
                image.alt.push_str(&text);
                image.alt.push('$');
            }
            Event::DisplayMath(text) => {
                image.alt.push_str("$$");
                image.alt.push_str(&text);
                image.alt.push_str("$$");
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => image.alt.push(' '),
            Event::FootnoteReference(_) => {
                image
                    .alt
                    .push_str(&format!("[{}]", footnote_number.unwrap_or(0)));
            }
            Event::TaskListMarker(checked) => {
                image.alt.push_str(if checked { "[x]" } else { "[ ]" });
            }
            Event::Html(_) => {}
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        if let Some(danger) = destination::danger(&image.dest, Usage::Image) {
            self.issue(
                IssueKind::DangerousUrl,
                &image.range,
                format!(
                    "an image with a {}: address was removed (its alt text is kept as text): \
                     {danger}",
                    danger.scheme()
                ),
            );
            if !image.alt.is_empty() {
                self.emit(Event::Text(image.alt.into()));
            }
            return;
        }
        if image.alt.trim().is_empty() {
            self.issue(
                IssueKind::MissingAltText,
                &image.range,
                format!(
                    "the image {:?} has no alt text, so screen readers skip it; describe what \
                     it shows between the brackets: ![description]({})",
                    image.dest.as_ref(),
                    image.dest.as_ref()
                ),
            );
        }
        let resolved = self.images.resolve(
            &image.dest,
            Some(image.range.clone()),
            &mut self.rendered.issues,
        );
        let mut tag = String::with_capacity(image.dest.len() + image.alt.len() + 64);
        tag.push_str("<img src=\"");
        match &resolved {
            Some(resolved) => escape::push_href(&mut tag, &resolved.src),
            None => escape::push_href(&mut tag, &image.dest),
        }
        tag.push_str("\" alt=\"");
        escape::push_attr(&mut tag, &image.alt);
        if !image.title.is_empty() {
            tag.push_str("\" title=\"");
            escape::push_attr(&mut tag, &image.title);
        }
        tag.push('"');
        if let Some(resolved) = &resolved {
            if let Some((width, height)) = resolved.size {
                tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
            }
            tag.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        tag.push_str(" />");
        self.emit(Event::InlineHtml(tag.into()));
    }

    fn footnote_reference(&mut self, name: CowStr<'a>, range: Range<usize>) {
        let number = self.footnotes.numbers.number(&name);
        let count = self
            .footnotes
            .citations
            .entry(name.to_string())
            .or_insert(0);
        *count += 1;
        let reference_id = if *count == 1 {
            format!("fnref-{name}")
        } else {
            format!("fnref-{name}-{count}")
        };
        self.footnotes
            .first_citation
            .entry(name.to_string())
            .or_insert(range);
        let html = format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{}\" id=\"{}\" role=\"doc-noteref\">{number}</a></sup>",
            escape::attr(&name),
            escape::attr(&reference_id),
        );
        self.emit(Event::InlineHtml(html.into()));
    }

    /// After the last event: close raw elements left open, then write the footnotes.
    fn finish(&mut self) {
        if let Some(closing) = self.raw.close_at(0) {
            self.emit(Event::Html(closing.into()));
        }
        let mut definitions = std::mem::take(&mut self.footnotes.definitions);
        if definitions.is_empty() {
            for (name, range) in std::mem::take(&mut self.footnotes.first_citation) {
                self.issue(
                    IssueKind::BrokenFootnote,
                    &range,
                    format!(
                        "the footnote [^{name}] is cited but never defined; add `[^{name}]: …`"
                    ),
                );
            }
            return;
        }
        // Cited footnotes in the order of first citation, then the others as written.
        for definition in &definitions {
            self.footnotes.numbers.number(&definition.name);
        }
        definitions.sort_by_key(|definition| self.footnotes.numbers.get(&definition.name));
        let defined: Vec<String> = definitions.iter().map(|d| d.name.to_string()).collect();
        let mut undefined: Vec<(String, Range<usize>)> = self
            .footnotes
            .first_citation
            .iter()
            .filter(|(name, _)| !defined.contains(name))
            .map(|(name, range)| (name.clone(), range.clone()))
            .collect();
        undefined.sort_by_key(|(_, range)| range.start);
        for (name, range) in undefined {
            self.issue(
                IssueKind::BrokenFootnote,
                &range,
                format!("the footnote [^{name}] is cited but never defined; add `[^{name}]: …`"),
            );
        }
        self.emit(Event::Html(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n"
                .into(),
        ));
        for definition in definitions {
            let number = self.footnotes.numbers.get(&definition.name).unwrap_or(0);
            let cited = self
                .footnotes
                .citations
                .contains_key(definition.name.as_ref());
            if !cited {
                self.issue(
                    IssueKind::BrokenFootnote,
                    &definition.range,
                    format!(
                        "the footnote [^{}] is defined but never cited; it is listed at the end \
                         without a link back",
                        definition.name
                    ),
                );
            }
            self.emit(Event::Html(
                format!("<li id=\"fn-{}\">\n", escape::attr(&definition.name)).into(),
            ));
            let mut events = definition.events;
            if cited {
                let back = Event::InlineHtml(
                    format!(
                        " <a href=\"#fnref-{}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to citation {number}\">↩\u{fe0e}</a>",
                        escape::attr(&definition.name)
                    )
                    .into(),
                );
                match events
                    .iter()
                    .rposition(|event| matches!(event, Event::End(TagEnd::Paragraph)))
                {
                    Some(position) => events.insert(position, back),
                    None => events.push(back),
                }
            }
            for event in events {
                self.emit(event);
            }
            self.emit(Event::Html("</li>\n".into()));
        }
        self.emit(Event::Html("</ol>\n</section>\n".into()));
    }
}

impl<'a> Iterator for ExportFilter<'a, '_, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            let Some((event, range)) = self.source.next() else {
                return self.end_of_body();
            };
            if let Some(stats) = &mut self.stats {
                stats.event(&event, &range);
            }
            // The common cases go straight through: text, and the start and end of
            // elements no rule touches, while nothing is being gathered.
            if self.passing_through() {
                match &event {
                    Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::Code(_) => {
                        return Some(event);
                    }
                    Event::Start(tag)
                        if is_plain_start(tag)
                            && (self.excerpt_done || !matches!(tag, Tag::Paragraph)) =>
                    {
                        self.seen_block = true;
                        self.depth += 1;
                        return Some(event);
                    }
                    Event::End(tag) if is_plain_end(*tag) && !self.raw.has_open() => {
                        self.depth = self.depth.saturating_sub(1);
                        return Some(event);
                    }
                    _ => {}
                }
            }
            self.handle(event, range);
        }
    }
}

impl<'a> ExportFilter<'a, '_, '_> {
    /// After the body's last event: what [`ExportFilter::finish`] adds, then nothing.
    /// Kept out of `next`, which runs for every event.
    #[cold]
    #[inline(never)]
    fn end_of_body(&mut self) -> Option<Event<'a>> {
        if !self.finished {
            self.finished = true;
            self.heading = None;
            self.footnote = None;
            self.finish();
        }
        self.queue.pop_front()
    }
}

/// Elements whose start no rule changes (see [`ExportFilter::start`]).
fn is_plain_start(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

/// Elements whose end no rule changes while no raw element is open (see
/// [`ExportFilter::end`]).
fn is_plain_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// A code block's text with highlighted tokens wrapped in `<span class="hl-…">`.
fn highlighted(info: &str, code: &str) -> String {
    let tokens = highlight::highlight(info, code);
    let mut html = String::with_capacity(code.len() + code.len() / 2 + tokens.len() * 24);
    let mut position = 0;
    for token in tokens {
        if token.range.start < position || token.range.end > code.len() {
            continue;
        }
        escape::push_text(&mut html, &code[position..token.range.start]);
        html.push_str("<span class=\"");
        html.push_str(token.kind.css_class());
        html.push_str("\">");
        escape::push_text(&mut html, &code[token.range.clone()]);
        html.push_str("</span>");
        position = token.range.end;
    }
    escape::push_text(&mut html, &code[position..]);
    html
}
