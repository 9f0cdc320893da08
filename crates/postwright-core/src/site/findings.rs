//! The site-wide rules, which need every post at once: links between posts that lead
//! nowhere (`broken-internal-link`), one external address in many posts
//! (`address-in-many-posts`), a domain only one post links to (`single-post-domain`), and
//! images nothing uses (`unused-image`).

use std::collections::{HashMap, HashSet};

use super::links::{
    FILE_EXTENSIONS, IMAGE_EXTENSIONS, InternalKind, InternalLink, hugo_ref_candidates,
    normalised_page, ref_name,
};
use super::{FileFinding, Generator, PostEntry, Site, extension, file_name, is_bundle, stem};
use crate::audit::{Finding, Location, Rule, Severity, closest};
use crate::metadata::slugify;

/// An external address in at least this many posts is reported in each of them: as a
/// warning when a post's own audit found something wrong with it (spam words, hidden,
/// text naming another site), else as an info (a favourite reference is linked often too).
pub const MANY_POSTS: usize = 3;

/// Suggestions for a broken link ("Did you mean …?") are looked for among at most this many
/// pages, so that the site-wide pass stays linear in the size of the site.
const MAX_SUGGESTION_CANDIDATES: usize = 5_000;

/// A domain linked from one post only is reported when the site has at least this many
/// readable posts (in a smaller site every domain is in one post).
pub const SINGLE_DOMAIN_MIN_POSTS: usize = 3;

/// Taxonomy pages generators make from the posts' tags and categories (`/tags/rust/`).
const TAXONOMIES: &[&str] = &[
    "tags",
    "tag",
    "categories",
    "category",
    "series",
    "authors",
    "author",
];

/// Pages generators make by themselves (`/page/2/`, `/search/`).
const GENERATED_PAGES: &[&str] = &["page", "search", "archive", "archives", "feed", "rss"];

/// Folders whose images templates use (logos, icons), not posts.
const TEMPLATE_FOLDERS: &[&str] = &[
    "layouts",
    "_layouts",
    "_includes",
    "_sass",
    "templates",
    "sass",
    "archetypes",
    "assets/css",
    "src/components",
    "src/layouts",
    "src/assets",
];

/// Names browsers and themes look for without a link: icons, and a page bundle's cover.
const CONVENTIONAL_NAMES: &[&str] = &[
    "favicon",
    "apple-touch-icon",
    "android-chrome",
    "mstile",
    "safari-pinned-tab",
];

/// Words in a page bundle's image name that themes pick the image by.
const BUNDLE_COVER_WORDS: &[&str] = &["cover", "feature", "thumbnail", "banner", "hero"];

/// A map keyed by the site's addresses, pages and domains. aHash: these maps and sets take
/// every link of the site, and hashing them with the standard SipHash was most of the
/// site-wide pass (benches/site.rs, the site-wide findings run again).
type FastMap<K, V> = HashMap<K, V, ahash::RandomState>;

/// A set of the site's pages or names; see [`FastMap`].
type FastSet<T> = HashSet<T, ahash::RandomState>;

/// The site-wide findings: those about posts (the post's index in `posts`), and those about
/// other files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteFindings {
    /// Findings to add to a post's report, by the post's index.
    pub posts: Vec<(usize, Finding)>,
    /// Findings about files that are not posts (unused images).
    pub files: Vec<FileFinding>,
}

/// Runs the site-wide rules over every post. `templates` holds the text of the site's
/// templates, style sheets and configuration, where an image that no post uses may still
/// be named.
pub fn site_findings(site: &Site, posts: &[PostEntry], templates: &[String]) -> SiteFindings {
    let mut index = PageIndex::new(site, posts);
    let mut found = SiteFindings::default();
    for (number, post) in posts.iter().enumerate() {
        for link in &post.links.internal {
            if let Some((severity, message)) = index.broken(site, &post.path, link) {
                found.posts.push((
                    number,
                    finding(Rule::BrokenInternalLink, severity, message, link),
                ));
            }
        }
    }
    external_findings(posts, &mut found);
    unused_images(site, posts, templates, &mut found);
    found
}

fn finding(rule: Rule, severity: Severity, message: String, link: &InternalLink) -> Finding {
    Finding {
        rule,
        severity,
        message,
        url: link.shown().to_owned(),
        text: String::new(),
        location: link.location.clone(),
        link: None,
        fixes: Vec::new(),
    }
}

/// Everything a link on the site may lead to.
struct PageIndex<'a> {
    /// Page addresses (`posts/harbour-walk`), sections (`posts`) included.
    pages: FastSet<String>,
    /// The last part of every page address and every post's slug.
    slugs: FastSet<String>,
    /// Tags and categories, slugified.
    terms: FastSet<String>,
    /// Jekyll's posts by file name without extension (`2026-03-14-tart`).
    jekyll_posts: FastSet<&'a str>,
    /// Hugo's posts by the name a bare `ref` matches.
    ref_names: FastSet<String>,
    /// Suggestions already worked out, by broken target.
    suggestions: FastMap<String, String>,
}

impl<'a> PageIndex<'a> {
    fn new(site: &'a Site, posts: &[PostEntry]) -> Self {
        let mut index = Self {
            pages: FastSet::default(),
            slugs: FastSet::default(),
            terms: FastSet::default(),
            jekyll_posts: FastSet::default(),
            ref_names: FastSet::default(),
            suggestions: FastMap::default(),
        };
        for post in posts {
            for page in &post.links.pages {
                index.pages.insert(page.clone());
                index
                    .slugs
                    .insert(page.rsplit('/').next().unwrap_or(page).to_owned());
            }
            index.slugs.insert(post.links.slug.clone());
            for term in post.tags.iter().chain(&post.categories) {
                index.terms.insert(slugify(term));
            }
            index.ref_names.insert(ref_name(&post.path));
        }
        let roots: &[&str] = match site.generator {
            Generator::Hugo | Generator::Zola => &["content/"],
            Generator::Astro => &["src/content/", "src/pages/"],
            _ => &[""],
        };
        for folder in site.listing.folders() {
            for root in roots {
                if let Some(section) = folder.strip_prefix(root) {
                    index.pages.insert(normalised_page(section));
                }
            }
        }
        index.jekyll_posts = site.listing.files_under("_posts").map(stem).collect();
        index
    }

    /// Why a link leads nowhere, if it does.
    fn broken(
        &mut self,
        site: &Site,
        post: &str,
        link: &InternalLink,
    ) -> Option<(Severity, String)> {
        let target = link.target.as_str();
        match link.kind {
            InternalKind::Path => self.broken_path(site, target),
            InternalKind::HugoRef => {
                let bare = target.split('#').next().unwrap_or_default();
                if bare.is_empty() {
                    return None;
                }
                let found = hugo_ref_candidates(post, bare)
                    .iter()
                    .any(|candidate| site.listing.has_file(candidate))
                    || (!bare.contains('/')
                        && self.ref_names.contains(&slugify(
                            bare.trim_end_matches(".md").trim_end_matches(".markdown"),
                        )));
                (!found).then(|| {
                    (
                        Severity::Error,
                        format!(
                            "{} finds no page of the site, so Hugo stops building it. Check \
                             the path under content/.",
                            link.shown()
                        ),
                    )
                })
            }
            InternalKind::PostUrl => {
                if self.jekyll_posts.contains(target) {
                    return None;
                }
                let suggestion = Self::suggestion(
                    &mut self.suggestions,
                    target,
                    self.jekyll_posts.iter().copied(),
                    str::to_owned,
                );
                Some((
                    Severity::Error,
                    format!(
                        "{} names no post in _posts/, so Jekyll stops building the site.\
                         {suggestion}",
                        link.shown()
                    ),
                ))
            }
            InternalKind::JekyllLink => (!site.listing.has_file(target)).then(|| {
                (
                    Severity::Error,
                    format!(
                        "{}: the site has no file {target:?}, so Jekyll stops building it.",
                        link.shown()
                    ),
                )
            }),
            InternalKind::ZolaLink => {
                let file = format!("content/{target}");
                (!site.listing.has_file(&file)).then(|| {
                    (
                        Severity::Error,
                        format!(
                            "{}: the site has no file {file:?}, so Zola stops building it.",
                            link.shown()
                        ),
                    )
                })
            }
        }
    }

    /// " Did you mean …?" for a broken `target`, from the closest of `candidates`, worked
    /// out once per target and only among a bounded number of candidates.
    fn suggestion<'c>(
        suggestions: &mut FastMap<String, String>,
        target: &str,
        candidates: impl ExactSizeIterator<Item = &'c str>,
        shown: impl Fn(&str) -> String,
    ) -> String {
        if let Some(known) = suggestions.get(target) {
            return known.clone();
        }
        let suggestion = if candidates.len() <= MAX_SUGGESTION_CANDIDATES {
            closest(target, candidates)
                .map(|near| format!(" Did you mean {}?", shown(near)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        suggestions.insert(target.to_owned(), suggestion.clone());
        suggestion
    }

    fn broken_path(&mut self, site: &Site, target: &str) -> Option<(Severity, String)> {
        let extension = extension(target);
        let is_page = extension.is_empty() || matches!(extension.as_str(), "html" | "htm");
        if !is_page {
            if !FILE_EXTENSIONS.contains(&extension.as_str()) {
                return None;
            }
            let candidates = site.files_for_address(target);
            if candidates.iter().any(|file| site.listing.has_file(file)) {
                return None;
            }
            let looked = candidates
                .iter()
                .map(|file| format!("{file:?}"))
                .collect::<Vec<_>>()
                .join(" or ");
            return Some((
                Severity::Warning,
                format!(
                    "The site has no file for {target} (looked for {looked}), so this link \
                     leads nowhere. Check the name, or add the file."
                ),
            ));
        }
        let page = normalised_page(target);
        let last = page.rsplit('/').next().unwrap_or_default();
        let first = page.split('/').next().unwrap_or_default();
        let taxonomy = TAXONOMIES.contains(&first)
            && page
                .split_once('/')
                .is_none_or(|(_, term)| self.terms.contains(term.trim_matches('/')));
        let made = page.is_empty()
            || self.pages.contains(&page)
            || self.slugs.contains(last)
            || taxonomy
            || GENERATED_PAGES.contains(&first)
            || site
                .files_for_address(target)
                .iter()
                .any(|file| site.listing.exists(file));
        if made {
            return None;
        }
        let suggestion = Self::suggestion(
            &mut self.suggestions,
            &page,
            self.pages.iter().map(String::as_str),
            |near| format!("/{near}/"),
        );
        Some((
            Severity::Warning,
            format!(
                "No post or page of the site is published at {target}, so this link leads \
                 nowhere.{suggestion}"
            ),
        ))
    }
}

/// `address-in-many-posts` and `single-post-domain`.
fn external_findings(posts: &[PostEntry], found: &mut SiteFindings) {
    // Each post lists an address once; count the posts of each, and of each domain
    // remember the first post and place (and the last post counted, to count each once).
    let mut url_posts: FastMap<&str, usize> = FastMap::default();
    let mut flagged_urls: FastMap<&str, ()> = FastMap::default();
    let mut domains: FastMap<&str, (usize, usize, &Location, usize)> = FastMap::default();
    for (number, post) in posts.iter().enumerate() {
        for link in &post.links.external {
            *url_posts.entry(&link.url).or_default() += 1;
            if link.flagged {
                flagged_urls.insert(&link.url, ());
            }
            let entry =
                domains
                    .entry(&link.domain)
                    .or_insert((0, number, &link.location, usize::MAX));
            if entry.3 != number {
                entry.0 += 1;
                entry.3 = number;
            }
        }
    }
    let mut many: FastMap<&str, Vec<(usize, &Location)>> = FastMap::default();
    for (number, post) in posts.iter().enumerate() {
        for link in &post.links.external {
            if url_posts
                .get(link.url.as_str())
                .is_some_and(|&count| count >= MANY_POSTS)
            {
                many.entry(&link.url)
                    .or_default()
                    .push((number, &link.location));
            }
        }
    }
    let mut many: Vec<(&str, Vec<(usize, &Location)>)> = many.into_iter().collect();
    many.sort_by_key(|(url, _)| *url);
    for (url, uses) in many {
        let (severity, why) = if flagged_urls.contains_key(url) {
            (
                Severity::Warning,
                " and the audit of a post found something wrong with it",
            )
        } else {
            (Severity::Info, "")
        };
        for &(number, location) in &uses {
            let others: Vec<&str> = uses
                .iter()
                .filter(|(other, _)| *other != number)
                .take(3)
                .map(|(other, _)| posts[*other].path.as_str())
                .collect();
            let more = if uses.len() - 1 > others.len() {
                format!(" and {} more", uses.len() - 1 - others.len())
            } else {
                String::new()
            };
            let message = format!(
                "The same address is in {} posts of the site (also {}{more}){why}: one link \
                 pasted into many posts is how injected spam spreads through a compromised \
                 site. Check that you put it there.",
                uses.len(),
                others.join(", ")
            );
            found.posts.push((
                number,
                Finding {
                    rule: Rule::AddressInManyPosts,
                    severity,
                    message,
                    url: url.to_owned(),
                    text: String::new(),
                    location: location.clone(),
                    link: None,
                    fixes: Vec::new(),
                },
            ));
        }
    }
    let readable = posts.iter().filter(|post| post.error.is_none()).count();
    if readable < SINGLE_DOMAIN_MIN_POSTS {
        return;
    }
    let mut single: Vec<(&str, usize, &Location)> = domains
        .into_iter()
        .filter(|(_, (count, ..))| *count == 1)
        .map(|(domain, (_, number, location, _))| (domain, number, location))
        .collect();
    single.sort_by_key(|(domain, number, _)| (*number, *domain));
    for (domain, number, location) in single {
        let url = posts[number]
            .links
            .external
            .iter()
            .find(|link| link.domain == domain)
            .map(|link| link.url.clone())
            .unwrap_or_default();
        found.posts.push((
            number,
            Finding {
                rule: Rule::SinglePostDomain,
                severity: Severity::Info,
                message: format!(
                    "Only this post links to {domain}, of the {readable} posts of the site. \
                     Worth a look: injected links often sit in a single old post."
                ),
                url,
                text: String::new(),
                location: location.clone(),
                link: None,
                fixes: Vec::new(),
            },
        ));
    }
}

/// `unused-image`: images of the site that no post uses and no template names.
fn unused_images(site: &Site, posts: &[PostEntry], templates: &[String], found: &mut SiteFindings) {
    let used: FastSet<&str> = posts
        .iter()
        .flat_map(|post| post.links.files.iter().map(String::as_str))
        .collect();
    for file in site.listing.files() {
        if !IMAGE_EXTENSIONS.contains(&extension(file).as_str()) || used.contains(file) {
            continue;
        }
        if TEMPLATE_FOLDERS
            .iter()
            .any(|folder| file.starts_with(&format!("{folder}/")))
        {
            continue;
        }
        let name = file_name(file);
        let lower = name.to_lowercase();
        if CONVENTIONAL_NAMES
            .iter()
            .any(|word| lower.starts_with(word))
        {
            continue;
        }
        let in_bundle = site
            .listing
            .names_in(super::parent(file))
            .any(|sibling| is_bundle(&super::join(super::parent(file), sibling)));
        if in_bundle && BUNDLE_COVER_WORDS.iter().any(|word| lower.contains(word)) {
            continue;
        }
        if templates.iter().any(|text| text.contains(name)) {
            continue;
        }
        found.files.push(FileFinding {
            path: file.to_owned(),
            finding: Finding {
                rule: Rule::UnusedImage,
                severity: Severity::Info,
                message: "No post, page or template of the site uses this image. Remove it if \
                          nothing needs it, or link it from a post."
                    .to_owned(),
                url: String::new(),
                text: String::new(),
                location: Location::Post,
                link: None,
                fixes: Vec::new(),
            },
        });
    }
}
