//! The page around the article: head (title, description, canonical, Open Graph, Twitter
//! card, JSON-LD), header (title, summary, byline, dates, tags), cover, table of contents,
//! body, footer (related links, permalink), with microformats2 `h-entry` classes.
//!
//! Every metadata value is escaped for where it lands: [`escape::text`] in element text,
//! [`escape::attr`] in attributes, [`escape::json_for_script`] in the JSON-LD block.

use serde_json::{Map, Value, json};

use super::escape::{attr, href, json_for_script, text};
use super::events::Rendered;
use super::images::ImageResolver;
use super::{ExportIssue, ExportOptions, Exported, ImageMode, IssueKind, themes};
use crate::destination::{self, Destination, Usage};
use crate::metadata::{self, Metadata, PostDate};
use crate::post::Post;
use crate::stats::Heading;

/// Longest description written, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// The title used when a post has none.
const UNTITLED: &str = "Untitled post";

/// Everything the page shows, checked and resolved.
struct Parts {
    title: String,
    title_id: Option<String>,
    language: String,
    description: String,
    summary: String,
    author: Author,
    published: Option<PostDate>,
    updated: Option<PostDate>,
    canonical: Option<String>,
    cover: Option<Cover>,
    tags: Vec<String>,
    categories: Vec<String>,
    related: Vec<(String, String, bool)>,
    reading_minutes: usize,
    words: usize,
    draft: bool,
}

#[derive(Default)]
struct Author {
    name: String,
    role: String,
    organisation: String,
    url: Option<String>,
}

struct Cover {
    /// `src` on the page.
    src: String,
    /// An absolute URL for Open Graph and JSON-LD, when there is one.
    public_url: Option<String>,
    alt: String,
    size: Option<(u32, u32)>,
}

/// Builds the whole page.
pub(crate) fn build(
    post: &Post,
    options: &ExportOptions,
    show_toc: bool,
    mut rendered: Rendered,
    mut resolver: ImageResolver<'_>,
) -> Exported {
    let mut issues = std::mem::take(&mut rendered.issues);
    let parts = parts(
        post.metadata(),
        options,
        &rendered,
        &mut resolver,
        &mut issues,
    );
    let theme = match themes::theme(&options.theme) {
        Some(theme) => theme,
        None => {
            let names: Vec<&str> = themes::themes().iter().map(|theme| theme.name).collect();
            issues.push(ExportIssue::new(
                IssueKind::Metadata,
                None,
                format!(
                    "there is no theme called {:?}; the page uses {:?}. Themes: {}",
                    options.theme,
                    themes::DEFAULT_THEME,
                    names.join(", ")
                ),
            ));
            &themes::themes()[0]
        }
    };
    // Everything before the body is written on its own, then put in front of the body
    // in the body's own buffer, which has room to spare: the body is moved once within
    // its buffer rather than copied into a new one.
    let mut html = String::with_capacity(24 * 1024);
    head(&mut html, &parts, &theme.stylesheet());
    html.push_str("<body>\n<main>\n<article class=\"h-entry\">\n");
    header(&mut html, &parts);
    if let Some(cover) = &parts.cover {
        html.push_str("<figure class=\"post-cover\"><img class=\"u-photo\" src=\"");
        html.push_str(&href(&cover.src));
        html.push_str("\" alt=\"");
        html.push_str(&attr(&cover.alt));
        html.push('"');
        if let Some((width, height)) = cover.size {
            html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        html.push_str("></figure>\n");
    }
    if show_toc {
        toc(&mut html, &rendered.headings, parts.title_id.as_deref());
    }
    html.push_str("<div class=\"e-content post-body\">\n");
    let prefix = html;
    let mut html = std::mem::take(&mut rendered.html);
    html.insert_str(0, &prefix);
    html.push_str("</div>\n");
    footer(&mut html, &parts);
    html.push_str("</article>\n</main>\n</body>\n</html>\n");
    Exported {
        html,
        files: resolver.into_files(),
        issues,
        title: parts.title,
    }
}

fn parts(
    metadata: &Metadata,
    options: &ExportOptions,
    rendered: &Rendered,
    resolver: &mut ImageResolver<'_>,
    issues: &mut Vec<ExportIssue>,
) -> Parts {
    let mut note = |kind: IssueKind, message: String| {
        issues.push(ExportIssue::new(kind, None, message));
    };
    let (title, title_id) = match (metadata.title.trim(), &rendered.lifted_title) {
        ("", Some((lifted, id))) => (lifted.clone(), Some(id.clone())),
        ("", None) => {
            note(
                IssueKind::Metadata,
                format!(
                    "the post has no title, so the page is called {UNTITLED:?}; give it a title \
                     in the metadata or start the post with a `# Heading`"
                ),
            );
            (UNTITLED.to_owned(), None)
        }
        (title, lifted) => (title.to_owned(), lifted.as_ref().map(|(_, id)| id.clone())),
    };
    let written_language = metadata.language.trim();
    let language = if written_language.is_empty() {
        options.default_language.clone()
    } else if let Some(tag) = metadata::language_tag(written_language) {
        tag
    } else {
        note(
            IssueKind::Metadata,
            format!(
                "the language {written_language:?} is not a language tag such as en or pt-BR; \
                 the page says {:?}",
                options.default_language
            ),
        );
        options.default_language.clone()
    };
    let summary = metadata.summary.trim().to_owned();
    let description = if summary.is_empty() {
        shorten(&rendered.excerpt, DESCRIPTION_CHARS)
    } else {
        summary.clone()
    };
    let mut date = |field: &str, value: &str| -> Option<PostDate> {
        if value.trim().is_empty() {
            return None;
        }
        match PostDate::parse(value) {
            Ok(date) => Some(date),
            Err(why) => {
                note(
                    IssueKind::Metadata,
                    format!("the {field} date was left out: {why}"),
                );
                None
            }
        }
    };
    let published = date("publication", &metadata.date);
    let updated = date("update", &metadata.updated);
    let canonical = match metadata.canonical_url.trim() {
        "" => None,
        canonical => match ::url::Url::parse(canonical) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Some(parsed.to_string()),
            _ => {
                note(
                    IssueKind::Metadata,
                    format!(
                        "the canonical URL {canonical:?} was left out: it must be a full \
                         address starting with https://"
                    ),
                );
                None
            }
        },
    };
    let mut checked_url = |what: &str, address: &str| -> Option<String> {
        let address = address.trim();
        if address.is_empty() {
            return None;
        }
        if let Some(danger) = destination::danger(address, Usage::Link) {
            note(
                IssueKind::DangerousUrl,
                format!(
                    "the {what} address uses {}: and was left out: {danger}",
                    danger.scheme()
                ),
            );
            return None;
        }
        Some(address.to_owned())
    };
    let author = Author {
        name: metadata.author.name.trim().to_owned(),
        role: metadata.author.role.trim().to_owned(),
        organisation: metadata.author.organisation.trim().to_owned(),
        url: checked_url("author's", &metadata.author.url),
    };
    let related: Vec<(String, String, bool)> = metadata
        .links
        .iter()
        .filter_map(|link| {
            let address = checked_url("related link's", &link.url)?;
            let label = match link.label.trim() {
                "" => address.clone(),
                label => label.to_owned(),
            };
            let external = destination::classify(&address).is_other_site();
            Some((label, address, external))
        })
        .collect();
    let cover = cover(metadata, options, canonical.as_deref(), resolver, issues);
    Parts {
        title,
        title_id,
        language,
        description,
        summary,
        author,
        published,
        updated,
        canonical,
        cover,
        tags: metadata.tags.clone(),
        categories: metadata.categories.clone(),
        related,
        reading_minutes: rendered.statistics.reading_minutes(),
        words: rendered.statistics.words,
        draft: metadata.draft,
    }
}

fn cover(
    metadata: &Metadata,
    options: &ExportOptions,
    canonical: Option<&str>,
    resolver: &mut ImageResolver<'_>,
    issues: &mut Vec<ExportIssue>,
) -> Option<Cover> {
    let address = metadata.cover_image.trim();
    if address.is_empty() {
        return None;
    }
    let alt = metadata.cover_alt.trim().to_owned();
    if alt.is_empty() {
        issues.push(ExportIssue::new(
            IssueKind::MissingAltText,
            None,
            "the cover image has no alt text; describe it in the metadata (cover_alt)".to_owned(),
        ));
    }
    let joined = |path: &str| {
        canonical
            .and_then(|base| ::url::Url::parse(base).ok())
            .and_then(|base| base.join(path).ok())
            .map(|joined| joined.to_string())
    };
    if let Some(danger) = destination::danger(address, Usage::Image) {
        issues.push(ExportIssue::new(
            IssueKind::DangerousUrl,
            None,
            format!(
                "the cover image address uses {}: and was left out: {danger}",
                danger.scheme()
            ),
        ));
        return None;
    }
    match destination::classify(address) {
        kind if kind.is_other_site() => Some(Cover {
            src: address.to_owned(),
            public_url: Some(address.to_owned()),
            alt,
            size: None,
        }),
        kind => {
            // A file on this computer is copied or embedded like the body's images.
            let resolved = resolver.resolve(address, None, issues);
            if resolved.is_none() && kind != Destination::Relative {
                return Some(Cover {
                    src: address.to_owned(),
                    public_url: joined(address),
                    alt,
                    size: None,
                });
            }
            let (src, size) = match resolved {
                Some(resolved) => (resolved.src, resolved.size),
                None => (address.to_owned(), None),
            };
            let public_url = match options.images {
                ImageMode::Embed => None,
                _ => joined(&src),
            };
            if public_url.is_none() {
                issues.push(ExportIssue::new(
                    IssueKind::Note,
                    None,
                    "the cover image is not in the Open Graph and Twitter tags: they need a full \
                     address, so set the canonical URL (and copy images rather than embed them)"
                        .to_owned(),
                ));
            }
            Some(Cover {
                src,
                public_url,
                alt,
                size,
            })
        }
    }
}

/// `text` cut at a word boundary to at most `limit` characters, with an ellipsis.
fn shorten(text: &str, limit: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > limit / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

fn meta_name(html: &mut String, name: &str, content: &str) {
    html.push_str(&format!(
        "<meta name=\"{name}\" content=\"{}\">\n",
        attr(content)
    ));
}

fn meta_property(html: &mut String, property: &str, content: &str) {
    html.push_str(&format!(
        "<meta property=\"{property}\" content=\"{}\">\n",
        attr(content)
    ));
}

fn head(html: &mut String, parts: &Parts, css: &str) {
    html.push_str("<!DOCTYPE html>\n<html lang=\"");
    html.push_str(&attr(&parts.language));
    html.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<title>");
    html.push_str(&text(&parts.title));
    html.push_str("</title>\n");
    if !parts.description.is_empty() {
        meta_name(html, "description", &parts.description);
    }
    if !parts.author.name.is_empty() {
        meta_name(html, "author", &parts.author.name);
    }
    if !parts.tags.is_empty() {
        meta_name(html, "keywords", &parts.tags.join(", "));
    }
    meta_name(
        html,
        "generator",
        concat!("Postwright ", env!("CARGO_PKG_VERSION")),
    );
    if parts.draft {
        meta_name(html, "robots", "noindex");
    }
    if let Some(canonical) = &parts.canonical {
        html.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            href(canonical)
        ));
    }
    // Open Graph and article:* (https://ogp.me).
    meta_property(html, "og:type", "article");
    meta_property(html, "og:title", &parts.title);
    if !parts.description.is_empty() {
        meta_property(html, "og:description", &parts.description);
    }
    if let Some(canonical) = &parts.canonical {
        meta_property(html, "og:url", canonical);
    }
    if let Some(locale) = og_locale(&parts.language) {
        meta_property(html, "og:locale", &locale);
    }
    let image = parts
        .cover
        .as_ref()
        .and_then(|cover| Some((cover.public_url.as_ref()?, cover)));
    if let Some((image_url, cover)) = image {
        meta_property(html, "og:image", image_url);
        if !cover.alt.is_empty() {
            meta_property(html, "og:image:alt", &cover.alt);
        }
        if let Some((width, height)) = cover.size {
            meta_property(html, "og:image:width", &width.to_string());
            meta_property(html, "og:image:height", &height.to_string());
        }
    }
    if let Some(published) = &parts.published {
        meta_property(html, "article:published_time", &published.iso());
    }
    if let Some(updated) = &parts.updated {
        meta_property(html, "article:modified_time", &updated.iso());
    }
    if let Some(author) = parts.author.url.as_ref().or(Some(&parts.author.name))
        && !author.is_empty()
    {
        meta_property(html, "article:author", author);
    }
    if let Some(section) = parts.categories.first() {
        meta_property(html, "article:section", section);
    }
    for tag in &parts.tags {
        meta_property(html, "article:tag", tag);
    }
    // Twitter (X) card.
    meta_name(
        html,
        "twitter:card",
        if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    );
    meta_name(html, "twitter:title", &parts.title);
    if !parts.description.is_empty() {
        meta_name(html, "twitter:description", &parts.description);
    }
    if let Some((image_url, cover)) = image {
        meta_name(html, "twitter:image", image_url);
        if !cover.alt.is_empty() {
            meta_name(html, "twitter:image:alt", &cover.alt);
        }
    }
    html.push_str("<script type=\"application/ld+json\">\n");
    html.push_str(&json_for_script(&json_ld(parts)));
    html.push_str("\n</script>\n<style>\n");
    html.push_str(css);
    html.push_str("</style>\n</head>\n");
}

/// `pt-BR` as Open Graph writes it, `pt_BR`; nothing for a bare language.
fn og_locale(language: &str) -> Option<String> {
    let (language, region) = language.split_once('-')?;
    (region.len() == 2).then(|| {
        format!(
            "{}_{}",
            language.to_ascii_lowercase(),
            region.to_ascii_uppercase()
        )
    })
}

/// The schema.org `BlogPosting` describing the post.
fn json_ld(parts: &Parts) -> Value {
    let mut posting = Map::new();
    posting.insert("@context".into(), json!("https://schema.org"));
    posting.insert("@type".into(), json!("BlogPosting"));
    posting.insert("headline".into(), json!(parts.title));
    if !parts.description.is_empty() {
        posting.insert("description".into(), json!(parts.description));
    }
    posting.insert("inLanguage".into(), json!(parts.language));
    if !parts.author.name.is_empty() {
        let mut person = Map::new();
        person.insert("@type".into(), json!("Person"));
        person.insert("name".into(), json!(parts.author.name));
        if !parts.author.role.is_empty() {
            person.insert("jobTitle".into(), json!(parts.author.role));
        }
        if !parts.author.organisation.is_empty() {
            person.insert(
                "worksFor".into(),
                json!({"@type": "Organization", "name": parts.author.organisation}),
            );
        }
        if let Some(url) = &parts.author.url {
            person.insert("url".into(), json!(url));
        }
        posting.insert("author".into(), Value::Object(person));
    }
    if let Some(published) = &parts.published {
        posting.insert("datePublished".into(), json!(published.iso()));
    }
    if let Some(modified) = parts.updated.as_ref().or(parts.published.as_ref()) {
        posting.insert("dateModified".into(), json!(modified.iso()));
    }
    if let Some(image) = parts
        .cover
        .as_ref()
        .and_then(|cover| cover.public_url.as_ref())
    {
        posting.insert("image".into(), json!([image]));
    }
    if !parts.tags.is_empty() {
        posting.insert("keywords".into(), json!(parts.tags));
    }
    if let Some(section) = parts.categories.first() {
        posting.insert("articleSection".into(), json!(section));
    }
    if parts.words > 0 {
        posting.insert("wordCount".into(), json!(parts.words));
    }
    if let Some(canonical) = &parts.canonical {
        posting.insert("url".into(), json!(canonical));
        posting.insert(
            "mainEntityOfPage".into(),
            json!({"@type": "WebPage", "@id": canonical}),
        );
    }
    Value::Object(posting)
}

fn header(html: &mut String, parts: &Parts) {
    html.push_str("<header class=\"post-header\">\n");
    if !parts.categories.is_empty() || parts.draft {
        html.push_str("<p class=\"post-kicker\">");
        for category in &parts.categories {
            html.push_str("<span class=\"p-category\">");
            html.push_str(&text(category));
            html.push_str("</span>");
        }
        if parts.draft {
            html.push_str("<span class=\"draft-badge\">Draft</span>");
        }
        html.push_str("</p>\n");
    }
    html.push_str("<h1 class=\"p-name post-title\"");
    if let Some(id) = &parts.title_id {
        html.push_str(&format!(" id=\"{}\"", attr(id)));
    }
    html.push('>');
    html.push_str(&text(&parts.title));
    html.push_str("</h1>\n");
    if !parts.summary.is_empty() {
        html.push_str("<p class=\"p-summary post-summary\">");
        html.push_str(&text(&parts.summary));
        html.push_str("</p>\n");
    }
    let author = &parts.author;
    let mut meta: Vec<String> = Vec::new();
    if let Some(published) = &parts.published {
        meta.push(format!(
            "<time class=\"dt-published\" datetime=\"{}\">{}</time>",
            attr(&published.iso()),
            text(&published.human())
        ));
    }
    if let Some(updated) = &parts.updated
        && parts
            .published
            .as_ref()
            .is_none_or(|published| published.day() != updated.day())
    {
        meta.push(format!(
            "Updated <time class=\"dt-updated\" datetime=\"{}\">{}</time>",
            attr(&updated.iso()),
            text(&updated.human())
        ));
    }
    if parts.reading_minutes > 0 {
        meta.push(format!("{} min read", parts.reading_minutes));
    }
    if !author.name.is_empty() || !meta.is_empty() {
        html.push_str("<div class=\"byline\">\n");
        if !author.name.is_empty() {
            html.push_str("<p>By <span class=\"p-author h-card\">");
            match &author.url {
                Some(url) => html.push_str(&format!(
                    "<a class=\"p-name u-url\" rel=\"author\" href=\"{}\">{}</a>",
                    href(url),
                    text(&author.name)
                )),
                None => html.push_str(&format!(
                    "<span class=\"p-name\">{}</span>",
                    text(&author.name)
                )),
            }
            if !author.role.is_empty() {
                html.push_str(&format!(
                    ", <span class=\"p-job-title\">{}</span>",
                    text(&author.role)
                ));
            }
            if !author.organisation.is_empty() {
                html.push_str(&format!(
                    ", <span class=\"p-org\">{}</span>",
                    text(&author.organisation)
                ));
            }
            html.push_str("</span></p>\n");
        }
        if !meta.is_empty() {
            html.push_str("<p>");
            html.push_str(&meta.join("<span class=\"sep\" aria-hidden=\"true\">·</span>"));
            html.push_str("</p>\n");
        }
        html.push_str("</div>\n");
    }
    if !parts.tags.is_empty() {
        html.push_str("<ul class=\"post-tags\" aria-label=\"Tags\">");
        for tag in &parts.tags {
            html.push_str("<li class=\"p-category\">");
            html.push_str(&text(tag));
            html.push_str("</li>");
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</header>\n");
}

/// The table of contents: the two highest heading levels used in the body, nested.
fn toc(html: &mut String, headings: &[Heading], title_id: Option<&str>) {
    let entries: Vec<&Heading> = headings
        .iter()
        .filter(|heading| Some(heading.id.as_str()) != title_id)
        .collect();
    let Some(top) = entries.iter().map(|heading| heading.level).min() else {
        return;
    };
    let entries: Vec<&Heading> = entries
        .into_iter()
        .filter(|heading| heading.level <= top + 1)
        .collect();
    if entries.len() < 2 {
        return;
    }
    html.push_str("<nav class=\"toc\" aria-label=\"Contents\">\n<details open>\n<summary>Contents</summary>\n<ol>");
    // `depth` is how many nested lists are open inside the outer one; no recursion.
    let mut depth = 0usize;
    let mut first = true;
    for heading in entries {
        let want = usize::from(heading.level > top);
        if first {
            first = false;
            while depth < want {
                html.push_str("<li><ol>");
                depth += 1;
            }
        } else if want > depth {
            html.push_str("<ol>");
            depth += 1;
        } else {
            html.push_str("</li>");
            while depth > want {
                html.push_str("</ol></li>");
                depth -= 1;
            }
        }
        html.push_str(&format!(
            "\n<li><a href=\"#{}\">{}</a>",
            attr(&heading.id),
            text(&heading.text)
        ));
    }
    html.push_str("</li>");
    while depth > 0 {
        html.push_str("</ol></li>");
        depth -= 1;
    }
    html.push_str("\n</ol>\n</details>\n</nav>\n");
}

fn footer(html: &mut String, parts: &Parts) {
    if parts.related.is_empty() && parts.canonical.is_none() {
        return;
    }
    html.push_str("<footer class=\"post-footer\">\n");
    if !parts.related.is_empty() {
        html.push_str(
            "<nav class=\"related\" aria-label=\"Related links\">\n<h2>Related links</h2>\n<ul>\n",
        );
        for (label, address, external) in &parts.related {
            html.push_str(&format!(
                "<li><a href=\"{}\"{}>{}</a></li>\n",
                href(address),
                if *external { " rel=\"noopener\"" } else { "" },
                text(label)
            ));
        }
        html.push_str("</ul>\n</nav>\n");
    }
    if let Some(canonical) = &parts.canonical {
        html.push_str(&format!(
            "<p class=\"permalink\">Permanent address: <a class=\"u-url\" href=\"{}\">{}</a></p>\n",
            href(canonical),
            text(canonical)
        ));
    }
    html.push_str("</footer>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_words() {
        assert_eq!(shorten("short  text", 160), "short text");
        let long = "word ".repeat(60);
        let cut = shorten(&long, 40);
        assert!(cut.chars().count() <= 40 && cut.ends_with("word…"), "{cut}");
    }

    #[test]
    fn language_tags() {
        assert_eq!(og_locale("pt-br").as_deref(), Some("pt_BR"));
        assert_eq!(og_locale("en"), None);
    }

    #[test]
    fn toc_nests_without_recursion() {
        let heading = |level: u8, id: &str| Heading {
            level,
            text: id.to_owned(),
            id: id.to_owned(),
            range: 0..0,
        };
        let mut html = String::new();
        toc(
            &mut html,
            &[
                heading(3, "a"),
                heading(2, "b"),
                heading(3, "c"),
                heading(4, "x"),
                heading(2, "d"),
            ],
            None,
        );
        let compact: String = html.lines().collect();
        assert!(
            compact.contains("<ol><li><ol><li><a href=\"#a\">a</a></li></ol></li><li><a href=\"#b\">b</a><ol><li><a href=\"#c\">c</a></li></ol></li><li><a href=\"#d\">d</a></li></ol>"),
            "{compact}"
        );
    }
}
