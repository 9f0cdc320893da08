//! What one post says about the rest of its site, gathered in the audit's pass: links to
//! other posts and pages (`/posts/slug/`, Hugo's `{{< ref >}}` and `relref`, Jekyll's
//! `{% post_url %}` and `{% link %}`, Zola's `@/…`), the external addresses it links to,
//! the site's files it uses, and the addresses it is published at itself.

use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Tag, TagEnd};
use serde_json::Value;

use super::{Generator, Site, extension, file_name, is_bundle, join, parent, resolve, stem};
use crate::audit::{Address, LineIndex, LinkKind, Location, Report, Severity, Usage};
use crate::front_matter::FieldMap;
use crate::metadata::{Metadata, slugify};

/// How a link to another part of the site is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InternalKind {
    /// An address on the site: `/posts/slug/`, `/images/a.png`, or a full address on the
    /// site's own domain.
    Path,
    /// Hugo's `{{< ref "…" >}}` or `{{< relref "…" >}}`.
    HugoRef,
    /// Jekyll's `{% post_url 2026-03-14-slug %}`.
    PostUrl,
    /// Jekyll's `{% link path/to/file.md %}`.
    JekyllLink,
    /// Zola's internal link `@/blog/post.md`.
    ZolaLink,
}

/// A link to another part of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InternalLink {
    /// How it is written.
    pub kind: InternalKind,
    /// What it names: the address's path (`/posts/slug/`, without query or fragment), or
    /// the shortcode's argument (`posts/slug.md`).
    pub target: String,
    /// The link as written, for messages, when it differs from `target` (empty when the
    /// same: most links, whose copy a site of 10,000 posts need not keep); see
    /// [`InternalLink::shown`].
    pub written: String,
    /// Where it is in the post.
    pub location: Location,
}

impl InternalLink {
    /// The link as written.
    pub fn shown(&self) -> &str {
        if self.written.is_empty() {
            &self.target
        } else {
            &self.written
        }
    }
}

/// The first link of a post to one external address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalLink {
    /// The address, as the URL parser writes it (`https://example.org/a`).
    pub url: String,
    /// Its domain (`example.org`, no `www.`).
    pub domain: String,
    /// Where the post first links to it.
    pub location: Location,
    /// Whether the post's own audit found something wrong with a link to it (spam words,
    /// a hidden link, text naming another site…): a warning or an error.
    pub flagged: bool,
}

/// What a post says about its site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteLinks {
    /// Links to other posts, pages and files of the site.
    pub internal: Vec<InternalLink>,
    /// External web addresses, each once, in order of first use.
    pub external: Vec<ExternalLink>,
    /// The site's files the post uses (images beside it, `/images/a.png`, a
    /// `{{< figure src >}}`), as site paths; whether they exist is not checked here.
    pub files: Vec<String>,
    /// The addresses the post is published at, as paths without slashes at either end,
    /// lower case (`posts/harbour-walk`): its default address, its `url` or `permalink`,
    /// its `aliases`.
    pub pages: Vec<String>,
    /// The post's slug, which matches the last part of its address under any permalink
    /// pattern.
    pub slug: String,
}

/// Gathers the byte ranges of code (spans and blocks) from the pass, where shortcodes are
/// examples rather than links.
#[derive(Debug, Default)]
pub struct CodeRanges {
    ranges: Vec<Range<usize>>,
    block_start: Option<usize>,
}

impl CodeRanges {
    /// Takes one event of the pass.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Code(_) => self.ranges.push(range.clone()),
            Event::Start(Tag::CodeBlock(_)) => self.block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = self.block_start.take() {
                    self.ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }

    /// The ranges, in order.
    pub fn finish(self) -> Vec<Range<usize>> {
        self.ranges
    }
}

/// Extensions of files a link on the site may point at (checked against the site's
/// files); other extensions (`.xml`, `.json`, `.css`) may be made by the generator.
pub(crate) const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "tif", "tiff", "pdf", "zip", "mp3",
    "mp4", "webm", "ogg", "ogv", "wav", "m4a", "mov",
];

/// Extensions of images.
pub(crate) const IMAGE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "tif", "tiff",
];

/// Extensions of pages, which the generator makes.
const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "php"];

impl Site {
    /// Whether an address is on the site itself (its `base_url`'s host), and if so its
    /// path relative to the site's root address.
    fn own_path(&self, url: &url::Url) -> Option<String> {
        let base = self.base_url.as_ref()?;
        if url.host_str()?.trim_start_matches("www.") != base.host_str()?.trim_start_matches("www.")
        {
            return None;
        }
        let base_path = base.path().trim_end_matches('/');
        let path = url.path();
        let rest = path.strip_prefix(base_path).unwrap_or(path);
        Some(format!("/{}", rest.trim_start_matches('/')))
    }

    /// The path of an address on the site with the site's base path removed
    /// (`/blog/posts/a/` on a site published at `/blog/`), percent-decoded.
    pub(crate) fn site_path(&self, path: &str) -> String {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
        let base_path = self
            .base_url
            .as_ref()
            .map(|base| base.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        match decoded.strip_prefix(&base_path) {
            Some(rest) if !base_path.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
                rest.to_owned()
            }
            _ => decoded,
        }
    }

    /// The files an address on the site (`/images/a.png`) may be served from: Hugo's and
    /// Zola's `static/` (and `content/`, for page bundles' files), Astro's `public/`, the
    /// root for Jekyll and plain folders (and Eleventy's `src/`).
    pub(crate) fn files_for_address(&self, path: &str) -> Vec<String> {
        let path = self.site_path(path);
        let path = path.trim_start_matches('/');
        let roots: &[&str] = match self.generator {
            Generator::Hugo | Generator::Zola => &["static", "content"],
            Generator::Astro => &["public"],
            Generator::Eleventy => &["", "src"],
            Generator::Jekyll | Generator::Plain => &[""],
        };
        roots.iter().map(|root| join(root, path)).collect()
    }

    /// The addresses a post is published at, by the generator's defaults and its front
    /// matter (`url`, `permalink`, `path`, `aliases`, `redirect_from`).
    fn post_pages(&self, path: &str, slug: &str, fields: Option<&FieldMap>) -> Vec<String> {
        let mut pages = Vec::new();
        let content_relative = match self.generator {
            Generator::Hugo | Generator::Zola => path.strip_prefix("content/"),
            Generator::Astro => path
                .strip_prefix("src/content/")
                .or_else(|| path.strip_prefix("src/pages/")),
            Generator::Eleventy => path.strip_prefix("src/").or(Some(path)),
            Generator::Jekyll | Generator::Plain => Some(path),
        };
        if let Some(relative) = content_relative {
            let name = stem(relative);
            let folder = parent(relative);
            let page = if matches!(name, "index" | "_index") {
                folder.to_owned()
            } else if self.generator == Generator::Jekyll && relative.starts_with('_') {
                slug.to_owned()
            } else {
                join(folder, if slug.is_empty() { name } else { slug })
            };
            pages.push(page);
        }
        if let Some(fields) = fields {
            for key in ["url", "permalink", "path"] {
                if let Some(Value::String(address)) = fields.get(key) {
                    pages.push(address.clone());
                }
            }
            for key in ["aliases", "redirect_from"] {
                match fields.get(key) {
                    Some(Value::Array(items)) => {
                        pages.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                    Some(Value::String(address)) => pages.push(address.clone()),
                    _ => {}
                }
            }
        }
        pages.iter().map(|page| normalised_page(page)).collect()
    }
}

/// A page address as the index keeps it: no query, fragment, `index.html` or slashes at
/// the ends, `.html` dropped, lower case (generators lower-case their addresses).
pub(crate) fn normalised_page(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut path = path.trim_matches('/').to_lowercase();
    for suffix in ["/index.html", "/index.htm", "index.html", "index.htm"] {
        if let Some(rest) = path.strip_suffix(suffix) {
            path = rest.to_owned();
            break;
        }
    }
    if let Some((rest, extension)) = path.rsplit_once('.')
        && PAGE_EXTENSIONS.contains(&extension)
        && !rest.ends_with('/')
    {
        path = rest.to_owned();
    }
    path.trim_matches('/').to_owned()
}

/// Gathers what a post says about its site. `path` is the post's site path, `report` its
/// audit (links in order), `code` the code ranges of its body from the same pass.
pub fn site_links(
    site: &Site,
    path: &str,
    body: &str,
    metadata: &Metadata,
    fields: Option<&FieldMap>,
    report: &Report,
    code: &[Range<usize>],
) -> SiteLinks {
    let slug = site.post_slug(path, metadata);
    let folder = parent(path);
    let mut links = SiteLinks {
        pages: site.post_pages(path, &slug, fields),
        slug,
        ..SiteLinks::default()
    };
    let mut seen_external = std::collections::HashSet::new();
    let flagged: std::collections::HashSet<&str> = report
        .findings
        .iter()
        .filter(|finding| finding.severity >= Severity::Warning)
        .map(|finding| finding.url.as_str())
        .collect();
    for link in &report.links {
        let address = link.address();
        match &address {
            Address::Absolute(url) if address.is_web() => {
                if let Some(own) = site.own_path(url) {
                    links.add_path(site, &own, &link.url, link.location.clone());
                    continue;
                }
                if link.kind == LinkKind::FrontMatter || link.usage == Usage::Metadata {
                    continue;
                }
                if seen_external.insert(url.as_str().to_owned())
                    && let Some(domain) = address.domain()
                {
                    links.external.push(ExternalLink {
                        url: url.as_str().to_owned(),
                        domain,
                        location: link.location.clone(),
                        flagged: flagged.contains(link.url.as_str()),
                    });
                }
            }
            Address::RootRelative => {
                links.add_path(site, &link.url, &link.url, link.location.clone());
            }
            Address::Relative(relative) => {
                if let Some(file) = resolve(folder, relative) {
                    links.files.push(file);
                }
            }
            Address::Template => {
                if let Some(target) = link.url.strip_prefix("@/") {
                    links.internal.push(InternalLink {
                        kind: InternalKind::ZolaLink,
                        target: target.split('#').next().unwrap_or_default().to_owned(),
                        written: link.url.clone(),
                        location: link.location.clone(),
                    });
                } else if let Some(after) = template_path(&link.url) {
                    links.add_path(site, &after, &link.url, link.location.clone());
                }
            }
            _ => {}
        }
    }
    scan_templates(site, folder, body, code, &mut links);
    if let Some(fields) = fields {
        let mut values = Vec::new();
        file_values(&Value::Object(fields.clone()), &mut values);
        for value in values {
            if value.starts_with('/') {
                links.files.extend(site.files_for_address(&value));
            } else if let Some(file) = resolve(folder, &value) {
                links.files.push(file);
            }
        }
    }
    links.files.sort();
    links.files.dedup();
    links
}

impl SiteLinks {
    /// Records an address on the site: a file it uses, and a link that must lead
    /// somewhere.
    fn add_path(&mut self, site: &Site, address: &str, written: &str, location: Location) {
        let path = site.site_path(address);
        if FILE_EXTENSIONS.contains(&extension(&path).as_str()) {
            self.files.extend(site.files_for_address(&path));
        }
        let written = if written == path {
            String::new()
        } else {
            written.to_owned()
        };
        self.internal.push(InternalLink {
            kind: InternalKind::Path,
            target: path,
            written,
            location,
        });
    }
}

/// The site path in a template address: `{{ site.baseurl }}/assets/a.png` or
/// `{{ "/assets/a.png" | relative_url }}`.
fn template_path(address: &str) -> Option<String> {
    if let Some(end) = address.rfind("}}") {
        let after = address[end + 2..].trim();
        if after.starts_with('/') {
            return Some(after.to_owned());
        }
    }
    let inner = address.strip_prefix("{{")?.trim_start();
    let quote = inner.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &inner[1..];
    let value = &rest[..rest.find(quote)?];
    let filters = &rest[value.len() + 1..];
    (value.starts_with('/')
        && (filters.contains("relative_url") || filters.contains("absolute_url")))
    .then(|| value.to_owned())
}

/// Strings of the front matter that name files (`images: [cover.png]`, `thumbnail:
/// /images/a.jpg`).
fn file_values(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            let text = text.trim();
            if !text.contains("://")
                && !text.contains(char::is_whitespace)
                && FILE_EXTENSIONS.contains(&extension(text).as_str())
            {
                found.push(text.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|item| file_values(item, found)),
        Value::Object(map) => map.values().for_each(|item| file_values(item, found)),
        _ => {}
    }
}

/// Hugo shortcodes and Liquid tags in the body (outside code): `ref` and `relref`,
/// `post_url` and `link`, output tags followed by a path, and any quoted argument that
/// names a file (`{{< figure src="walk.jpg" >}}`).
fn scan_templates(
    site: &Site,
    folder: &str,
    body: &str,
    code: &[Range<usize>],
    links: &mut SiteLinks,
) {
    let mut lines: Option<LineIndex<'_>> = None;
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'{', &body.as_bytes()[from..]) {
        let start = from + found;
        from = start + 1;
        let rest = &body[start..];
        let (close, inner_start) = if rest.starts_with("{{<") {
            (">}}", 3)
        } else if rest.starts_with("{{%") {
            ("%}}", 3)
        } else if rest.starts_with("{%") {
            ("%}", 2)
        } else if rest.starts_with("{{") {
            ("}}", 2)
        } else {
            continue;
        };
        let Some(length) = rest[inner_start..].find(close) else {
            continue;
        };
        let end = start + inner_start + length + close.len();
        if code
            .iter()
            .any(|range| range.start <= start && start < range.end)
        {
            from = end;
            continue;
        }
        let inner = body[start + inner_start..end - close.len()].trim();
        let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
        let location = lines
            .get_or_insert_with(|| LineIndex::new(body))
            .location(start..end);
        let written = &body[start..end];
        let mut words = inner.split_whitespace();
        let name = words.next().unwrap_or_default();
        let first_argument = || {
            let argument = inner[name.len()..].trim();
            argument
                .trim_matches(|c| c == '"' || c == '\'')
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let internal = match (close, name) {
            (">}}" | "%}}", "ref" | "relref") => Some(InternalKind::HugoRef),
            ("%}", "post_url") => Some(InternalKind::PostUrl),
            ("%}", "link") => Some(InternalKind::JekyllLink),
            _ => None,
        };
        if let Some(kind) = internal {
            links.internal.push(InternalLink {
                kind,
                target: first_argument(),
                written: written.to_owned(),
                location,
            });
        } else if close == "}}" {
            if let Some(path) = template_path(written) {
                links.add_path(site, &path, written, location);
            } else {
                let after = &body[end..];
                let path: String = after
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '"' | '\'' | '>'))
                    .collect();
                if path.starts_with('/') {
                    links.add_path(site, &path, &format!("{written}{path}"), location);
                }
            }
        } else {
            for value in quoted_arguments(inner) {
                if !FILE_EXTENSIONS.contains(&extension(value).as_str()) || value.contains("://") {
                    continue;
                }
                if value.starts_with('/') {
                    links.files.extend(site.files_for_address(value));
                } else if let Some(file) = resolve(folder, value) {
                    links.files.push(file);
                }
            }
        }
        from = end;
    }
}

/// The quoted values in a shortcode's or tag's arguments.
fn quoted_arguments(inner: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let mut rest = inner;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = &rest[open..=open];
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        values.push(&after[..close]);
        rest = &after[close + 1..];
    }
    values
}

/// Where Hugo's `ref` may find `target` from the post at `path`: under `content/`, beside
/// the post, with or without `.md`, as a bundle's `index.md` or a section's `_index.md`.
pub(crate) fn hugo_ref_candidates(path: &str, target: &str) -> Vec<String> {
    let target = target.split('#').next().unwrap_or_default();
    let bases = if let Some(absolute) = target.strip_prefix('/') {
        vec![join("content", absolute)]
    } else {
        let own_folder = if is_bundle(path) {
            parent(parent(path))
        } else {
            parent(path)
        };
        let mut bases = vec![join("content", target)];
        if let Some(beside) = resolve(own_folder, target) {
            bases.push(beside);
        }
        bases
    };
    let mut candidates = Vec::new();
    for base in bases {
        let base = base.trim_end_matches('/').to_owned();
        candidates.push(base.clone());
        for suffix in [".md", ".markdown", "/index.md", "/_index.md"] {
            candidates.push(format!("{base}{suffix}"));
        }
    }
    candidates
}

/// The name Hugo's `ref` matches a bare target against: `slug` for `slug.md`,
/// `posts/slug/index.md` and `slug`.
pub(crate) fn ref_name(path: &str) -> String {
    let name = if is_bundle(path) {
        file_name(parent(path))
    } else {
        stem(path)
    };
    slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, AuditOptions};
    use crate::post::Post;
    use crate::site::Listing;

    fn gathered(site: &Site, path: &str, text: &str) -> SiteLinks {
        let post = Post::parse(text);
        let mut code = CodeRanges::default();
        let (_, report) = audit::audit_post_as(
            &post,
            post.metadata(),
            &AuditOptions::default(),
            &mut |event, range| code.event(event, range),
        );
        let fields = post.front_matter().and_then(|block| block.fields().ok());
        site_links(
            site,
            path,
            post.body(),
            post.metadata(),
            fields,
            &report,
            &code.finish(),
        )
    }

    fn hugo() -> Site {
        Site::new(
            Listing::from_paths(["hugo.toml", "content/posts/a.md"]),
            None,
            &|_: &str| Some("baseURL = \"https://harbour.example/\"\n".to_owned()),
        )
    }

    #[test]
    fn links_between_posts_in_every_spelling() {
        let text = "---\ntitle: A\nslug: harbour\naliases: [/old/harbour/]\n---\n\
            [b](/posts/b/) and [c](https://harbour.example/posts/c/), \
            [ref]({{< ref \"posts/d.md\" >}}), {{< relref \"e\" >}}, \
            [zola](@/blog/f.md#part), `{{< ref \"in-code\" >}}`\n\n\
            ```\n{{< ref \"in-block\" >}}\n```\n\
            {% post_url 2026-03-14-g %} and [h]({% link about.md %})\n";
        let links = gathered(&hugo(), "content/posts/a.md", text);
        let found: Vec<(InternalKind, &str)> = links
            .internal
            .iter()
            .map(|link| (link.kind, link.target.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (InternalKind::Path, "/posts/b/"),
                (InternalKind::Path, "/posts/c/"),
                (InternalKind::ZolaLink, "blog/f.md"),
                (InternalKind::HugoRef, "posts/d.md"),
                (InternalKind::HugoRef, "e"),
                (InternalKind::PostUrl, "2026-03-14-g"),
                (InternalKind::JekyllLink, "about.md"),
            ]
        );
        assert_eq!(links.slug, "harbour");
        assert_eq!(links.pages, ["posts/harbour", "old/harbour"]);
        assert!(
            links.external.is_empty(),
            "the site's own address is internal"
        );
        let Location::Body { line, .. } = &links.internal[3].location else {
            panic!("a body location");
        };
        assert_eq!(*line, 1);
    }

    #[test]
    fn external_addresses_once_each_and_files_used() {
        let text = "---\ntitle: A\nimages: [/images/cover.png]\nauthor:\n  name: Ada\n  url: https://ada.example/\n---\n\
            [x](https://shop.example/a) [y](https://shop.example/a) [z](https://www.other.example/)\n\
            ![walk](walk-1.png) ![map](/images/map.png)\n\
            {{< figure src=\"photos/boat.jpg\" >}} {{ site.baseurl }}/assets/tide.pdf\n";
        let links = gathered(&hugo(), "content/posts/a.md", text);
        let external: Vec<(&str, &str)> = links
            .external
            .iter()
            .map(|link| (link.url.as_str(), link.domain.as_str()))
            .collect();
        assert_eq!(
            external,
            [
                ("https://shop.example/a", "shop.example"),
                ("https://www.other.example/", "other.example")
            ]
        );
        for file in [
            "content/posts/walk-1.png",
            "static/images/map.png",
            "content/images/map.png",
            "content/posts/photos/boat.jpg",
            "static/images/cover.png",
            "static/assets/tide.pdf",
        ] {
            assert!(
                links.files.iter().any(|used| used == file),
                "{file} in {:?}",
                links.files
            );
        }
    }

    #[test]
    fn page_addresses_are_normalised() {
        assert_eq!(normalised_page("/Posts/A/"), "posts/a");
        assert_eq!(normalised_page("/2026/03/14/tart.html"), "2026/03/14/tart");
        assert_eq!(normalised_page("/about/index.html#team"), "about");
        assert_eq!(normalised_page("/"), "");
    }

    #[test]
    fn hugo_refs_are_looked_for_where_hugo_looks() {
        let candidates = hugo_ref_candidates("content/posts/a.md", "b.md#top");
        assert!(candidates.contains(&"content/b.md".to_owned()));
        assert!(candidates.contains(&"content/posts/b.md".to_owned()));
        let bundle = hugo_ref_candidates("content/posts/a/index.md", "/posts/b");
        assert!(bundle.contains(&"content/posts/b/index.md".to_owned()));
        assert_eq!(ref_name("content/posts/walk/index.md"), "walk");
    }
}
