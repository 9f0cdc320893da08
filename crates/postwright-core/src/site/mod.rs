//! Site folders: which generator a blog folder is written for, where its posts and images
//! go, and what is wrong across all of its posts at once.
//!
//! Everything here is pure. The I/O layer walks the folder into a [`Listing`], hands
//! [`Site::new`] a closure that reads small files (the generator's configuration, Hugo's
//! archetypes), reads and audits the posts ([`analyse_post`]) and asks
//! [`SiteReport::refresh_site_findings`] for the findings that need every post:
//!
//! - [`detect`]: Hugo, Jekyll, Zola, Eleventy, Astro or a plain folder of Markdown, from the
//!   folder's files, with what gave it away; the author may choose another.
//! - [`conventions`]: where a new post goes and what its front matter says
//!   ([`Site::new_post`]), the site's spelling of the draft flag, and where a dropped image
//!   is copied and the address the generator serves it at ([`Site::image_plan`]).
//! - [`links`]: the links between posts (`/posts/slug/`, `{{< ref >}}`,
//!   `{% post_url %}`, `@/…`) and the files posts use, gathered in the audit's pass.
//! - [`findings`]: the site-wide rules (`broken-internal-link`, `address-in-many-posts`,
//!   `single-post-domain`, `unused-image`).
//! - [`list`]: the rows of the post list, sorted and filtered cheaply for 10,000 posts.

pub mod conventions;
pub mod findings;
pub mod links;
pub mod list;
mod listing;
mod report;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

pub use conventions::{FrontMatterStyle, ImageCandidate, ImagePlan, NewPost, NewPostError};
pub use list::{PostFilter, PostList, PostRow, SortKey, StatusFilter};
pub use listing::{Listing, extension, file_name, join, parent, resolve, stem};
pub use report::{FileFinding, PostEntry, SiteReport, analyse_post};

use crate::front_matter::{self, FieldMap, Format};
use crate::metadata::Metadata;

/// The static-site generator a folder is written for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    /// Hugo: `hugo.toml` (or `config.*`) and `content/`.
    Hugo,
    /// Jekyll: `_config.yml`, `_posts/`, `_drafts/`.
    Jekyll,
    /// Zola: `config.toml` with `base_url`, and `content/`.
    Zola,
    /// Eleventy: `eleventy.config.*` or `.eleventy.js`.
    Eleventy,
    /// Astro: `astro.config.*` and `src/content/`.
    Astro,
    /// No generator: a folder of Markdown files.
    Plain,
}

impl Generator {
    /// Every generator, in the order the author is offered them.
    pub const ALL: [Generator; 6] = [
        Generator::Hugo,
        Generator::Jekyll,
        Generator::Zola,
        Generator::Eleventy,
        Generator::Astro,
        Generator::Plain,
    ];

    /// The name authors know it by: `Hugo`, `Jekyll`, … `Plain folder`.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::Zola => "Zola",
            Generator::Eleventy => "Eleventy",
            Generator::Astro => "Astro",
            Generator::Plain => "Plain folder",
        }
    }

    /// The lower-case id used on the command line and in files: `hugo`, … `plain`.
    pub fn id(self) -> &'static str {
        match self {
            Generator::Hugo => "hugo",
            Generator::Jekyll => "jekyll",
            Generator::Zola => "zola",
            Generator::Eleventy => "eleventy",
            Generator::Astro => "astro",
            Generator::Plain => "plain",
        }
    }

    /// The generator with this id.
    pub fn from_id(id: &str) -> Option<Generator> {
        Generator::ALL
            .into_iter()
            .find(|generator| generator.id().eq_ignore_ascii_case(id))
    }

    /// Whether a walk of the site skips this folder (a site path): hidden folders and
    /// `node_modules` anywhere, and at the root what the generator builds (`public/`,
    /// `_site/`, `resources/`, `dist/`) or takes from others (`themes/`, `vendor/`).
    pub fn skips_folder(self, path: &str) -> bool {
        let path = path.trim_matches('/');
        if path
            .split('/')
            .any(|part| part.starts_with('.') || part == "node_modules")
        {
            return true;
        }
        if path.contains('/') {
            return false;
        }
        let skipped: &[&str] = match self {
            Generator::Hugo => &["public", "resources", "themes"],
            Generator::Zola => &["public", "themes"],
            Generator::Jekyll => &["_site", "vendor"],
            Generator::Eleventy => &["_site"],
            Generator::Astro => &["dist"],
            Generator::Plain => &["_site", "public", "dist"],
        };
        skipped.contains(&path)
    }

    /// The folders under which the generator reads posts and pages (`""`: the whole site).
    fn content_roots(self) -> &'static [&'static str] {
        match self {
            Generator::Hugo | Generator::Zola => &["content"],
            Generator::Astro => &["src/content", "src/pages"],
            Generator::Jekyll | Generator::Eleventy | Generator::Plain => &[""],
        }
    }
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What detection found: the generator, and the files that gave it away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The generator the folder looks written for.
    pub generator: Generator,
    /// The evidence, for the author: `hugo.toml and content/`.
    pub evidence: String,
}

/// Works out the generator from the site's files: Hugo (`hugo.toml|yaml|json`, or
/// `config.*` with `content/`), Jekyll (`_config.yml`, `_posts/`, `_drafts/`), Zola
/// (`config.toml` with `content/`, told from Hugo's by its `base_url` key, or by
/// `templates/`), Eleventy (`eleventy.config.*`, `.eleventy.js`), Astro (`astro.config.*`
/// with `src/content/`), else a plain folder of Markdown. `read` returns the text of a
/// small file of the site (`config.toml`), or `None`.
pub fn detect(listing: &Listing, read: &dyn Fn(&str) -> Option<String>) -> Detection {
    let found = |generator: Generator, evidence: String| Detection {
        generator,
        evidence,
    };
    let root: Vec<&str> = listing.names_in("").collect();
    let named = |prefix: &str, extensions: &[&str]| {
        root.iter().copied().find(|name| {
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|extension| extensions.contains(&extension))
        })
    };
    let content = listing.has_folder("content");
    if let Some(config) = named("hugo", &["toml", "yaml", "yml", "json"]) {
        return found(Generator::Hugo, config.to_owned());
    }
    if let Some(config) = named("_config", &["yml", "yaml", "toml"]) {
        return found(Generator::Jekyll, config.to_owned());
    }
    if let Some(config) = named("eleventy.config", &["js", "mjs", "cjs", "ts"])
        .or_else(|| named(".eleventy", &["js", "cjs", "mjs"]))
    {
        return found(Generator::Eleventy, config.to_owned());
    }
    if let Some(config) = named("astro.config", &["mjs", "js", "ts", "mts", "cjs"])
        && listing.has_folder("src/content")
    {
        return found(Generator::Astro, format!("{config} and src/content/"));
    }
    if content && root.contains(&"config.toml") {
        let text = read("config.toml").unwrap_or_default();
        let zola_key = front_matter::parse(Format::Toml, &text, 1)
            .is_ok_and(|config| config.contains_key("base_url"));
        let hugo_folders = ["archetypes", "layouts", "themes"]
            .iter()
            .any(|folder| listing.has_folder(folder));
        if zola_key || (listing.has_folder("templates") && !hugo_folders) {
            let why = if zola_key {
                "config.toml with base_url, and content/"
            } else {
                "config.toml, content/ and templates/"
            };
            return found(Generator::Zola, why.to_owned());
        }
        return found(Generator::Hugo, "config.toml and content/".to_owned());
    }
    if content
        && let Some(config) = named("config", &["yaml", "yml", "json"])
            .map(str::to_owned)
            .or_else(|| {
                listing
                    .has_folder("config/_default")
                    .then(|| "config/_default/".to_owned())
            })
    {
        return found(Generator::Hugo, format!("{config} and content/"));
    }
    for folder in ["_posts", "_drafts"] {
        if listing.has_folder(folder) {
            return found(Generator::Jekyll, format!("{folder}/"));
        }
    }
    found(
        Generator::Plain,
        "no generator's configuration; a folder of Markdown".to_owned(),
    )
}

/// A site folder: its generator, files and configuration.
#[derive(Clone, Debug)]
pub struct Site {
    /// The generator its conventions follow: the author's choice, or what was detected.
    pub generator: Generator,
    /// What detection found, kept when the author chose another generator.
    pub detection: Detection,
    /// The site's files.
    pub listing: Listing,
    /// The address the site is published at, from its configuration (Hugo's `baseURL`,
    /// Zola's `base_url`, Jekyll's `url` and `baseurl`); links to it are internal.
    pub base_url: Option<url::Url>,
    /// Hugo's archetypes (`archetypes/posts.md` under `posts.md`), the templates of new
    /// posts.
    pub archetypes: BTreeMap<String, String>,
}

/// Root files that belong to the repository, not the site.
const REPOSITORY_FILES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "contributing",
    "code_of_conduct",
    "security",
];

impl Site {
    /// The site whose files are `listing`, for `choice` if the author chose a generator,
    /// else the detected one. `read` returns the text of a small file of the site (the
    /// configuration, the archetypes), or `None`.
    pub fn new(
        listing: Listing,
        choice: Option<Generator>,
        read: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        let detection = detect(&listing, read);
        let generator = choice.unwrap_or(detection.generator);
        let base_url = base_url(generator, &listing, read);
        let archetypes = if generator == Generator::Hugo {
            listing
                .names_in("archetypes")
                .filter(|name| name.ends_with(".md"))
                .filter_map(|name| {
                    read(&join("archetypes", name)).map(|text| (name.to_owned(), text))
                })
                .collect()
        } else {
            BTreeMap::new()
        };
        Self {
            generator,
            detection,
            listing,
            base_url,
            archetypes,
        }
    }

    /// Whether the author chose the generator rather than taking the detected one.
    pub fn overridden(&self) -> bool {
        self.generator != self.detection.generator
    }

    /// Whether the file at `path` is a post or page the generator publishes from Markdown:
    /// a `.md` or `.markdown` file under the generator's content folders, not in a folder
    /// the generator keeps for itself (Jekyll's and Eleventy's `_layouts/`, `_includes/`;
    /// Jekyll's `_posts/` and `_drafts/` are posts), and not a repository file at the root
    /// (`README.md`, `LICENSE.md`).
    pub fn is_post(&self, path: &str) -> bool {
        if !matches!(extension(path).as_str(), "md" | "markdown") {
            return false;
        }
        let under_root = self
            .generator
            .content_roots()
            .iter()
            .any(|root| root.is_empty() || path.starts_with(&format!("{root}/")));
        if !under_root {
            return false;
        }
        let folder = parent(path);
        if matches!(self.generator, Generator::Jekyll | Generator::Eleventy)
            && folder
                .split('/')
                .any(|part| part.starts_with('_') && !matches!(part, "_posts" | "_drafts"))
        {
            return false;
        }
        !(folder.is_empty() && REPOSITORY_FILES.contains(&stem(path).to_lowercase().as_str()))
    }

    /// The posts and pages of the site, in path order.
    pub fn post_paths(&self) -> Vec<&str> {
        self.listing
            .files()
            .filter(|path| self.is_post(path))
            .collect()
    }

    /// The metadata as the generator reads the post at `path`: Jekyll takes a missing date
    /// from the file name (`_posts/2026-03-14-title.md`) and treats `_drafts/` as drafts.
    pub fn effective_metadata<'a>(&self, path: &str, metadata: &'a Metadata) -> Cow<'a, Metadata> {
        if self.generator != Generator::Jekyll {
            return Cow::Borrowed(metadata);
        }
        let dated = metadata.date.is_empty() && jekyll_date(path).is_some();
        let drafted = !metadata.draft && in_folder(path, "_drafts");
        if !dated && !drafted {
            return Cow::Borrowed(metadata);
        }
        let mut metadata = metadata.clone();
        if dated && let Some(date) = jekyll_date(path) {
            metadata.date = date.to_owned();
        }
        metadata.draft |= drafted;
        Cow::Owned(metadata)
    }

    /// The slug of the post at `path`, which names its images and its address: the
    /// front matter's `slug`, else the file's name (the folder's for `index.md`, without
    /// Jekyll's date), else the title's.
    pub fn post_slug(&self, path: &str, metadata: &Metadata) -> String {
        let from_slug = crate::metadata::slugify(&metadata.slug);
        if !from_slug.is_empty() {
            return from_slug;
        }
        let name = if is_bundle(path) {
            file_name(parent(path))
        } else {
            stem(path)
        };
        let name = match self.generator {
            Generator::Jekyll => strip_date(name),
            _ => name,
        };
        let from_name = crate::metadata::slugify(name);
        if !from_name.is_empty() {
            return from_name;
        }
        crate::metadata::slugify(&metadata.title)
    }
}

/// Whether the post at `path` is a page bundle (Hugo) or colocated page (Zola): an
/// `index.md` in a folder of its own, with its images beside it.
pub fn is_bundle(path: &str) -> bool {
    stem(path) == "index" && !parent(path).is_empty()
}

/// Whether `path` lies under a folder of that name at the site's root.
fn in_folder(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The `YYYY-MM-DD` a Jekyll post's file name begins with, if it does.
fn jekyll_date(path: &str) -> Option<&str> {
    let name = file_name(path);
    let date = name.get(..10)?;
    let bytes = date.as_bytes();
    let shaped = bytes.iter().enumerate().all(|(index, byte)| match index {
        4 | 7 => *byte == b'-',
        _ => byte.is_ascii_digit(),
    });
    (shaped && name[10..].starts_with('-')).then_some(date)
}

/// A file name without Jekyll's `YYYY-MM-DD-` prefix.
fn strip_date(name: &str) -> &str {
    match jekyll_date(name) {
        Some(_) => &name[11..],
        None => name,
    }
}

/// The configuration files each generator reads, in the order it looks for them.
fn config_files(generator: Generator) -> &'static [&'static str] {
    match generator {
        Generator::Hugo => &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
            "config/_default/hugo.toml",
            "config/_default/config.toml",
        ],
        Generator::Zola => &["config.toml"],
        Generator::Jekyll => &["_config.yml", "_config.yaml", "_config.toml"],
        Generator::Eleventy | Generator::Astro | Generator::Plain => &[],
    }
}

/// The configuration's published address, when it names one.
fn base_url(
    generator: Generator,
    listing: &Listing,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<url::Url> {
    let file = config_files(generator)
        .iter()
        .find(|file| listing.has_file(file))?;
    let format = match extension(file).as_str() {
        "toml" => Format::Toml,
        "json" => Format::Json,
        _ => Format::Yaml,
    };
    let config: FieldMap = front_matter::parse(format, &read(file)?, 1).ok()?;
    let text = |key: &str| {
        config
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .and_then(|(_, value)| value.as_str())
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let address = match generator {
        Generator::Hugo => text("baseURL")?.to_owned(),
        Generator::Zola => text("base_url")?.to_owned(),
        Generator::Jekyll => {
            let host = text("url")?.trim_end_matches('/');
            let path = text("baseurl").unwrap_or_default().trim_matches('/');
            format!("{host}/{path}")
        }
        _ => return None,
    };
    let parsed = url::Url::parse(&address).ok()?;
    matches!(parsed.scheme(), "http" | "https").then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    fn detected(paths: &[&str]) -> Generator {
        detect(&Listing::from_paths(paths.iter().copied()), &no_files).generator
    }

    #[test]
    fn detects_each_generator_by_its_files() {
        assert_eq!(
            detected(&["hugo.toml", "content/posts/a.md"]),
            Generator::Hugo
        );
        assert_eq!(detected(&["hugo.yaml"]), Generator::Hugo);
        assert_eq!(detected(&["config.yaml", "content/a.md"]), Generator::Hugo);
        assert_eq!(
            detected(&["config/_default/hugo.toml", "content/a.md"]),
            Generator::Hugo
        );
        assert_eq!(
            detected(&["config.toml", "content/a.md", "archetypes/default.md"]),
            Generator::Hugo
        );
        assert_eq!(
            detected(&["config.toml", "content/a.md", "templates/page.html"]),
            Generator::Zola
        );
        assert_eq!(detected(&["_config.yml", "index.md"]), Generator::Jekyll);
        assert_eq!(detected(&["_posts/2026-01-01-a.md"]), Generator::Jekyll);
        assert_eq!(detected(&["_drafts/"]), Generator::Jekyll);
        assert_eq!(detected(&["eleventy.config.js"]), Generator::Eleventy);
        assert_eq!(
            detected(&[".eleventy.js", "posts/a.md"]),
            Generator::Eleventy
        );
        assert_eq!(
            detected(&["astro.config.mjs", "src/content/blog/a.md"]),
            Generator::Astro
        );
        assert_eq!(
            detected(&["astro.config.mjs", "src/pages/index.astro"]),
            Generator::Plain
        );
        assert_eq!(detected(&["notes/a.md", "b.md"]), Generator::Plain);
        assert_eq!(detected(&["config.toml", "notes.md"]), Generator::Plain);
    }

    #[test]
    fn zola_is_told_from_hugo_by_its_configuration() {
        let listing = Listing::from_paths(["config.toml", "content/a.md"]);
        let zola = |_: &str| Some("base_url = \"https://example.org\"\n".to_owned());
        let hugo = |_: &str| Some("baseURL = \"https://example.org/\"\n".to_owned());
        assert_eq!(detect(&listing, &zola).generator, Generator::Zola);
        assert_eq!(detect(&listing, &hugo).generator, Generator::Hugo);
        assert!(detect(&listing, &zola).evidence.contains("base_url"));
    }

    #[test]
    fn the_author_can_choose_another_generator() {
        let listing = Listing::from_paths(["hugo.toml", "content/a.md"]);
        let site = Site::new(listing, Some(Generator::Plain), &no_files);
        assert_eq!(site.generator, Generator::Plain);
        assert_eq!(site.detection.generator, Generator::Hugo);
        assert!(site.overridden());
    }

    #[test]
    fn posts_are_the_markdown_the_generator_publishes() {
        let listing = Listing::from_paths([
            "_config.yml",
            "README.md",
            "about.md",
            "_posts/2026-03-14-tart.md",
            "_drafts/soup.markdown",
            "_includes/note.md",
            "assets/images/a.png",
        ]);
        let site = Site::new(listing, None, &no_files);
        assert_eq!(
            site.post_paths(),
            [
                "_drafts/soup.markdown",
                "_posts/2026-03-14-tart.md",
                "about.md"
            ]
        );
        let hugo = Site::new(
            Listing::from_paths(["hugo.toml", "content/a.md", "notes/b.md", "README.md"]),
            None,
            &no_files,
        );
        assert_eq!(hugo.post_paths(), ["content/a.md"]);
    }

    #[test]
    fn jekyll_dates_and_drafts_come_from_the_path() {
        let site = Site::new(Listing::from_paths(["_config.yml"]), None, &no_files);
        let metadata = Metadata::default();
        let post = site.effective_metadata("_posts/2026-03-14-tart.md", &metadata);
        assert_eq!(post.date, "2026-03-14");
        assert!(!post.draft);
        assert!(site.effective_metadata("_drafts/soup.md", &metadata).draft);
        assert_eq!(
            site.post_slug("_posts/2026-03-14-lemon-tart.md", &metadata),
            "lemon-tart"
        );
        let hugo = Site::new(Listing::from_paths(["hugo.toml"]), None, &no_files);
        assert_eq!(
            hugo.post_slug("content/posts/harbour-walk/index.md", &metadata),
            "harbour-walk"
        );
        assert!(
            hugo.effective_metadata("content/_drafts/a.md", &metadata)
                .date
                .is_empty()
        );
    }

    #[test]
    fn the_published_address_comes_from_the_configuration() {
        let listing = Listing::from_paths(["_config.yml", "_posts/"]);
        let read = |_: &str| Some("url: https://example.org\nbaseurl: /blog\n".to_owned());
        let site = Site::new(listing, None, &read);
        assert_eq!(
            site.base_url.map(|url| url.to_string()).as_deref(),
            Some("https://example.org/blog")
        );
    }

    #[test]
    fn walks_skip_what_generators_build() {
        assert!(Generator::Hugo.skips_folder("public"));
        assert!(Generator::Hugo.skips_folder("themes"));
        assert!(!Generator::Hugo.skips_folder("content/public"));
        assert!(Generator::Jekyll.skips_folder("_site"));
        assert!(Generator::Plain.skips_folder("notes/.git"));
        assert!(Generator::Astro.skips_folder("node_modules"));
        assert!(!Generator::Astro.skips_folder("public"));
    }
}
