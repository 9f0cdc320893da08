//! The site's conventions: where a new post goes and what its front matter says, and
//! where a dropped or pasted image is copied and the address the generator serves it at.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use super::{Generator, Listing, Site, extension, file_name, is_bundle, join, parent};
use crate::front_matter::{self, FieldMap, Format, FrontMatter, FrontMatterError};
use crate::metadata::{self, Metadata};

/// The front matter the site's posts share: their format and, in their usual order, the
/// keys most of them have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatterStyle {
    /// YAML, TOML or JSON.
    pub format: Format,
    /// The keys, in the order the posts write them.
    pub keys: Vec<StyleKey>,
}

/// A key of the site's front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct StyleKey {
    /// The key as the posts spell it (`description`, not `summary`).
    pub key: String,
    /// The value every sampled post gives it (`layout: post`), when they agree.
    pub constant: Option<Value>,
}

impl FrontMatterStyle {
    /// Whether the style has this key.
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|entry| entry.key == key)
    }
}

/// Learns a [`FrontMatterStyle`] from the front matter of existing posts.
#[derive(Debug, Default)]
pub struct StyleLearner {
    posts: usize,
    formats: HashMap<Format, usize>,
    keys: HashMap<String, KeyTally>,
}

#[derive(Debug)]
struct KeyTally {
    posts: usize,
    position_sum: usize,
    value: Value,
    same: bool,
}

impl StyleLearner {
    /// Counts one post's front matter.
    pub fn add(&mut self, format: Format, fields: &FieldMap) {
        self.posts += 1;
        *self.formats.entry(format).or_default() += 1;
        for (position, (key, value)) in fields.iter().enumerate() {
            match self.keys.get_mut(key) {
                Some(tally) => {
                    tally.posts += 1;
                    tally.position_sum += position;
                    tally.same &= tally.value == *value;
                }
                None => {
                    self.keys.insert(
                        key.clone(),
                        KeyTally {
                            posts: 1,
                            position_sum: position,
                            value: value.clone(),
                            same: true,
                        },
                    );
                }
            }
        }
    }

    /// The style: the most common format (`default` when no post had front matter) and
    /// the keys at least half the posts have, in their average order.
    pub fn finish(self, default: Format) -> FrontMatterStyle {
        let format = self
            .formats
            .iter()
            .max_by_key(|(format, count)| (**count, std::cmp::Reverse(format.name())))
            .map_or(default, |(format, _)| *format);
        let mut keys: Vec<(f64, StyleKey)> = self
            .keys
            .into_iter()
            .filter(|(_, tally)| tally.posts * 2 >= self.posts)
            .map(|(key, tally)| {
                let position = tally.position_sum as f64 / tally.posts as f64;
                let constant = tally.same.then_some(tally.value);
                (position, StyleKey { key, constant })
            })
            .collect();
        keys.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
        FrontMatterStyle {
            format,
            keys: keys.into_iter().map(|(_, key)| key).collect(),
        }
    }
}

/// The front matter of a Hugo archetype (`archetypes/default.md`), whose values are Go
/// templates: the format, each top-level key in order, and the values that hold no
/// template (`draft = true`), plus the body when it holds none either.
pub fn archetype_style(text: &str) -> Option<(FrontMatterStyle, String)> {
    let split = front_matter::split(text);
    let block = split.front_matter?;
    let format = block.format();
    if format == Format::Json {
        return None;
    }
    let separator = if format == Format::Toml { '=' } else { ':' };
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in block.raw().lines() {
        let top_level = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        if top_level && line.starts_with('[') {
            break;
        }
        let key = top_level
            .then(|| line.split_once(separator))
            .flatten()
            .map(|(key, _)| key.trim().trim_matches(['"', '\'']))
            .filter(|key| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            });
        match (key, entries.last_mut()) {
            (Some(key), _) => entries.push((key.to_owned(), format!("{line}\n"))),
            (None, Some((_, block))) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, None) => {}
        }
    }
    let keys = entries
        .into_iter()
        .map(|(key, block)| {
            let constant = (!block.contains("{{"))
                .then(|| front_matter::parse(format, &block, 1).ok())
                .flatten()
                .and_then(|mut fields| fields.shift_remove(&key));
            StyleKey { key, constant }
        })
        .collect();
    let body = if split.body.contains("{{") {
        String::new()
    } else {
        split.body.to_owned()
    };
    Some((FrontMatterStyle { format, keys }, body))
}

/// Where the site's posts live: the folder new posts go into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostPlace {
    /// The folder (`content/posts`, `_posts`).
    pub folder: String,
    /// Whether each post has a folder of its own (`slug/index.md`: Hugo's page bundles,
    /// Zola's colocated pages), with its images beside it.
    pub bundles: bool,
    /// The extension the posts use (`md` or `markdown`).
    pub extension: String,
}

/// What a new post is: where it goes and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPost {
    /// The file to create, relative to the site.
    pub path: String,
    /// The post's text: front matter in the site's style, and the body.
    pub text: String,
}

/// Why a new post cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewPostError {
    /// The title has no letter or digit to name the file from.
    NoSlug(String),
    /// A file already has the post's path.
    Exists(String),
    /// The front matter could not be written.
    FrontMatter(FrontMatterError),
}

impl fmt::Display for NewPostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewPostError::NoSlug(title) => write!(
                f,
                "the title {title:?} has no letter or digit to name the post's file after; \
                 give it a title with words"
            ),
            NewPostError::Exists(path) => write!(
                f,
                "the site already has {path:?}; open that post, or give the new one another \
                 title"
            ),
            NewPostError::FrontMatter(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for NewPostError {}

/// Folder names that hold a blog's posts, preferred in this order when no folder has any.
const POST_FOLDERS: &[&str] = &["posts", "post", "blog", "articles"];

/// The front-matter fields whose value is the post's own; a value the sampled posts share
/// is never copied into a new one.
const OWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "tags",
    "categories",
    "slug",
    "canonical_url",
    "cover_image",
    "cover_alt",
    "links",
    "draft",
];

impl Site {
    /// The folder new posts go into: the one holding the most posts under the
    /// generator's content folder (a page bundle counts for the folder it sits in), or the
    /// generator's usual one (`content/posts`, `_posts`, `src/content/blog`, `posts`).
    pub fn post_place(&self) -> PostPlace {
        let posts = self.post_paths();
        let home = |path: &str| -> String {
            if is_bundle(path) {
                parent(parent(path)).to_owned()
            } else {
                parent(path).to_owned()
            }
        };
        let folder = match self.generator {
            Generator::Jekyll => "_posts".to_owned(),
            generator => {
                let root = match generator {
                    Generator::Hugo | Generator::Zola => "content",
                    Generator::Astro => "src/content",
                    _ => "",
                };
                let mut counts: HashMap<String, usize> = HashMap::new();
                for path in posts.iter().filter(|path| path.starts_with(root)) {
                    if file_name(path).starts_with('_') {
                        continue;
                    }
                    *counts.entry(home(path)).or_default() += 1;
                }
                let preference = |folder: &str| {
                    POST_FOLDERS
                        .iter()
                        .position(|name| file_name(folder) == *name)
                        .unwrap_or(POST_FOLDERS.len())
                };
                counts
                    .into_iter()
                    .max_by(|(a, a_count), (b, b_count)| {
                        a_count
                            .cmp(b_count)
                            .then_with(|| preference(b).cmp(&preference(a)))
                            .then_with(|| b.len().cmp(&a.len()))
                            .then_with(|| b.cmp(a))
                    })
                    .map(|(folder, _)| folder)
                    .unwrap_or_else(|| match generator {
                        Generator::Zola => "content/blog".to_owned(),
                        Generator::Plain => String::new(),
                        _ => join(root, "posts"),
                    })
            }
        };
        let in_folder: Vec<&str> = posts
            .iter()
            .copied()
            .filter(|path| home(path) == folder)
            .filter(|path| !file_name(path).starts_with('_'))
            .collect();
        let bundled = in_folder.iter().filter(|path| is_bundle(path)).count();
        let markdown = in_folder
            .iter()
            .filter(|path| extension(path) == "markdown")
            .count();
        PostPlace {
            bundles: self.generator != Generator::Jekyll && bundled * 2 > in_folder.len(),
            extension: if markdown * 2 > in_folder.len() {
                "markdown".to_owned()
            } else {
                "md".to_owned()
            },
            folder,
        }
    }

    /// The posts to learn the front-matter style from: those in the folder new posts go
    /// into (all posts when it has none), at most `limit`, the last in path order first
    /// (Jekyll's dated names put the newest there).
    pub fn style_sample(&self, limit: usize) -> Vec<&str> {
        let place = self.post_place();
        let posts = self.post_paths();
        let prefix = join(&place.folder, "");
        let in_folder: Vec<&str> = posts
            .iter()
            .copied()
            .filter(|path| place.folder.is_empty() || path.starts_with(&prefix))
            .collect();
        let chosen = if in_folder.is_empty() {
            posts
        } else {
            in_folder
        };
        chosen.into_iter().rev().take(limit).collect()
    }

    /// The style new posts follow: Hugo's archetype for the posts' section (or
    /// `default.md`) when the site has one, else what the sampled posts share.
    fn new_post_style(
        &self,
        learned: &FrontMatterStyle,
        place: &PostPlace,
    ) -> (FrontMatterStyle, String) {
        let section = format!("{}.md", file_name(&place.folder));
        let archetype = self
            .archetypes
            .get(&section)
            .or_else(|| self.archetypes.get("default.md"))
            .and_then(|text| archetype_style(text));
        archetype.unwrap_or_else(|| (learned.clone(), String::new()))
    }

    /// A new post titled `title`, dated `today`, where the generator expects it and with
    /// front matter in the style of the site's posts (`learned`, from
    /// [`StyleLearner`] over [`Site::style_sample`]) or of Hugo's archetype: Jekyll
    /// `_posts/YYYY-MM-DD-slug.md` or, for a draft, `_drafts/slug.md` (or
    /// `published: false` when the site marks drafts that way); Hugo and Zola
    /// `content/posts/slug.md`, or `slug/index.md` where the posts are page bundles;
    /// Eleventy and Astro their posts' folder. Drafts carry the flag as the generator
    /// spells it (`draft: true`). Refused when a file already has that path.
    pub fn new_post(
        &self,
        title: &str,
        today: jiff::civil::Date,
        draft: bool,
        learned: &FrontMatterStyle,
    ) -> Result<NewPost, NewPostError> {
        let slug = metadata::slugify(title);
        if slug.is_empty() {
            return Err(NewPostError::NoSlug(title.to_owned()));
        }
        let place = self.post_place();
        let (style, body) = self.new_post_style(learned, &place);
        let jekyll = self.generator == Generator::Jekyll;
        let drafts_folder =
            jekyll && draft && (self.listing.has_folder("_drafts") || !style.has_key("published"));
        let name = format!("{slug}.{}", place.extension);
        let path = if drafts_folder {
            join("_drafts", &name)
        } else if jekyll {
            join("_posts", &format!("{today}-{name}"))
        } else if place.bundles {
            join(
                &join(&place.folder, &slug),
                &format!("index.{}", place.extension),
            )
        } else {
            join(&place.folder, &name)
        };
        if self.listing.exists(&path) {
            return Err(NewPostError::Exists(path));
        }
        // The style's keys first, in its order and spelling, with the new post's values;
        // then whatever of title, date and draft the style lacks, under the usual keys.
        let dated_by_name = jekyll && !drafts_folder && !style.has_key("date");
        let title = title.trim();
        let date = today.to_string();
        let flagged = draft && !drafts_folder;
        let mut initial: Vec<(String, Option<Value>)> = Vec::new();
        for entry in &style.keys {
            let value = match metadata::field_of_key(&entry.key) {
                Some("draft") if drafts_folder => None,
                Some("draft") if entry.key == "published" => Some(Value::Bool(!flagged)),
                Some("draft") => Some(Value::Bool(flagged)),
                Some("title") => Some(Value::String(title.to_owned())),
                Some("date") if dated_by_name => None,
                Some("date") => Some(Value::String(date.clone())),
                Some("summary") => Some(Value::String(String::new())),
                Some("tags" | "categories") => Some(Value::Array(Vec::new())),
                Some(own) if OWN_FIELDS.contains(&own) => None,
                _ => entry.constant.clone(),
            };
            if let Some(value) = value {
                initial.push((entry.key.clone(), Some(value)));
            }
        }
        let mut front_matter = FrontMatter::empty(style.format);
        front_matter
            .set_keys(&initial)
            .map_err(NewPostError::FrontMatter)?;
        let fields = front_matter
            .fields()
            .map_err(|error| NewPostError::FrontMatter(error.clone()))?
            .clone();
        let old = Metadata::from_fields(&fields);
        let mut edited = old.clone();
        edited.title = title.to_owned();
        if !dated_by_name {
            edited.date = date;
        }
        edited.draft = flagged;
        let changes = old.changes_to(&edited, &fields);
        front_matter
            .set_keys(&changes)
            .map_err(NewPostError::FrontMatter)?;
        let mut text = String::new();
        front_matter.write_to(&mut text);
        if body.trim().is_empty() {
            text.push('\n');
        } else {
            text.push_str(&body);
        }
        Ok(NewPost { path, text })
    }

    /// Where an image dropped on or pasted into the post at `path` (slug `slug`) is
    /// copied, and the address the generator serves it at: beside the post in a page
    /// bundle (Hugo, Zola) or a post folder of its own, Hugo's and Zola's
    /// `static/images/` (served at `/images/…`), Jekyll's `assets/images/`
    /// (`/assets/images/…`), else an `images/` folder beside the post (linked relatively,
    /// except for Eleventy, which publishes posts as folders of their own and copies the
    /// images folder through at its own path). Addresses from the site's root carry the
    /// path the site is published under (`/blog/images/…`). `extension` is the image's
    /// (`png`).
    pub fn image_plan(&self, path: &str, slug: &str, extension: &str) -> ImagePlan {
        let stem = if slug.is_empty() { "image" } else { slug };
        let base_path = self
            .base_url
            .as_ref()
            .map(|base| base.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        let beside = |folder: &str, prefix: String| ImagePlan {
            folder: folder.to_owned(),
            url_prefix: prefix,
            stem: stem.to_owned(),
            extension: extension.to_ascii_lowercase(),
        };
        let from_root = |address: &str| format!("{base_path}/{address}");
        if is_bundle(path) && self.generator != Generator::Jekyll {
            return beside(parent(path), String::new());
        }
        let images_beside = join(parent(path), "images");
        match self.generator {
            Generator::Hugo | Generator::Zola => beside("static/images", from_root("images/")),
            Generator::Jekyll => beside("assets/images", from_root("assets/images/")),
            Generator::Eleventy => {
                let published = images_beside.strip_prefix("src/").unwrap_or(&images_beside);
                let prefix = from_root(&format!("{published}/"));
                beside(&images_beside, prefix)
            }
            Generator::Astro | Generator::Plain => beside(&images_beside, "images/".to_owned()),
        }
    }
}

/// Where one image goes: a folder, the address prefix the generator serves it under, and
/// the name it is given (`slug-1.png`, `slug-2.png`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImagePlan {
    /// The folder the image is copied into, relative to the site.
    pub folder: String,
    /// What goes before the file name in the address (`/images/`, or `""` beside the post).
    pub url_prefix: String,
    /// The name before the counter: the post's slug.
    pub stem: String,
    /// The extension, lower case, without the dot.
    pub extension: String,
}

/// One name an image could take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageCandidate {
    /// The file, relative to the site.
    pub path: String,
    /// The address a post links it by.
    pub url: String,
}

impl ImagePlan {
    /// The `number`th name (from 1): `slug-1.png`.
    pub fn candidate(&self, number: usize) -> ImageCandidate {
        let name = format!("{}-{number}.{}", self.stem, self.extension);
        ImageCandidate {
            path: join(&self.folder, &name),
            url: format!("{}{name}", self.url_prefix),
        }
    }

    /// The first name the listing does not hold yet.
    pub fn first_free(&self, listing: &Listing) -> (usize, ImageCandidate) {
        (1..)
            .map(|number| (number, self.candidate(number)))
            .find(|(_, candidate)| !listing.exists(&candidate.path))
            .unwrap_or_else(|| (1, self.candidate(1)))
    }
}

/// The Markdown that shows an image at `url` with `alt` text: `![alt](url)`, the address
/// in `<…>` when it holds spaces or parentheses, the alt text's brackets escaped. Returns
/// the text and the byte offset where the alt text ends (where typing it goes, when it
/// is empty).
pub fn image_markdown(alt: &str, url: &str) -> (String, usize) {
    let mut escaped = String::with_capacity(alt.len());
    for c in alt.chars() {
        if matches!(c, '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let address = if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_owned()
    };
    let alt_end = 2 + escaped.len();
    (format!("![{escaped}]({address})"), alt_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::Post;

    fn site(paths: &[&str], files: &[(&str, &str)]) -> Site {
        let files: HashMap<String, String> = files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect();
        Site::new(
            Listing::from_paths(paths.iter().copied()),
            None,
            &|path: &str| files.get(path).cloned(),
        )
    }

    fn today() -> jiff::civil::Date {
        jiff::civil::date(2026, 3, 14)
    }

    fn learned(posts: &[&str]) -> FrontMatterStyle {
        let mut learner = StyleLearner::default();
        for text in posts {
            let post = Post::parse(text);
            let block = post.front_matter().expect("front matter");
            learner.add(block.format(), block.fields().expect("fields"));
        }
        learner.finish(Format::Yaml)
    }

    #[test]
    fn learns_the_format_and_the_common_keys_in_order() {
        let style = learned(&[
            "---\nlayout: post\ntitle: A\ndescription: x\ntags: [a]\n---\n",
            "---\nlayout: post\ntitle: B\ndescription: y\n---\n",
            "---\nlayout: post\ntitle: C\nrare: 1\n---\n",
        ]);
        assert_eq!(style.format, Format::Yaml);
        let keys: Vec<&str> = style.keys.iter().map(|key| key.key.as_str()).collect();
        assert_eq!(keys, ["layout", "title", "description"]);
        assert_eq!(style.keys[0].constant, Some(Value::from("post")));
        assert_eq!(style.keys[1].constant, None);
    }

    #[test]
    fn jekyll_posts_and_drafts() {
        let jekyll = site(&["_config.yml", "_posts/2026-01-02-old.md"], &[]);
        let style = learned(&[
            "---\nlayout: post\ntitle: Old\ntags: [x]\n---\n",
            "---\nlayout: post\ntitle: Older\ntags: [y]\n---\n",
        ]);
        let post = jekyll
            .new_post("Lemon Tart!", today(), false, &style)
            .unwrap();
        assert_eq!(post.path, "_posts/2026-03-14-lemon-tart.md");
        assert_eq!(
            post.text,
            "---\nlayout: post\ntitle: Lemon Tart!\ntags: []\n---\n\n"
        );
        let draft = jekyll
            .new_post("Lemon Tart", today(), true, &style)
            .unwrap();
        assert_eq!(draft.path, "_drafts/lemon-tart.md");
        assert!(!draft.text.contains("draft"), "{}", draft.text);
        let published = learned(&[
            "---\ntitle: Old\npublished: true\n---\n",
            "---\ntitle: Older\npublished: true\n---\n",
        ]);
        let marked = jekyll.new_post("Soup", today(), true, &published).unwrap();
        assert_eq!(marked.path, "_posts/2026-03-14-soup.md");
        assert!(marked.text.contains("published: false"), "{}", marked.text);
        let parsed = Post::parse(&marked.text);
        assert!(parsed.metadata().draft);
    }

    #[test]
    fn hugo_bundles_archetypes_and_the_draft_flag() {
        let archetype = "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\n\
                         date = {{ .Date }}\ndraft = true\nshowToc = false\n+++\n";
        let hugo = site(
            &[
                "hugo.toml",
                "archetypes/default.md",
                "content/posts/one/index.md",
                "content/posts/two/index.md",
                "content/about.md",
            ],
            &[("archetypes/default.md", archetype)],
        );
        let place = hugo.post_place();
        assert_eq!(place.folder, "content/posts");
        assert!(place.bundles);
        let post = hugo
            .new_post("Harbour Walk", today(), true, &FrontMatterStyle::default())
            .unwrap();
        assert_eq!(post.path, "content/posts/harbour-walk/index.md");
        assert_eq!(
            post.text,
            "+++\ntitle = \"Harbour Walk\"\ndate = 2026-03-14\ndraft = true\nshowToc = false\n+++\n\n"
        );
        let published = hugo
            .new_post("Harbour Walk", today(), false, &FrontMatterStyle::default())
            .unwrap();
        assert!(
            published.text.contains("draft = false"),
            "{}",
            published.text
        );
    }

    #[test]
    fn hugo_without_archetype_or_posts_uses_content_posts() {
        let hugo = site(&["hugo.toml", "content/"], &[]);
        let post = hugo
            .new_post("First", today(), true, &FrontMatterStyle::default())
            .unwrap();
        assert_eq!(post.path, "content/posts/first.md");
        assert_eq!(
            post.text,
            "---\ntitle: First\ndate: 2026-03-14\ndraft: true\n---\n\n"
        );
    }

    #[test]
    fn other_generators_use_their_posts_folder() {
        let astro = site(
            &[
                "astro.config.mjs",
                "src/content/blog/a.md",
                "src/content/notes/",
            ],
            &[],
        );
        assert_eq!(astro.post_place().folder, "src/content/blog");
        let eleventy = site(
            &[
                ".eleventy.js",
                "src/posts/a.md",
                "src/posts/b.md",
                "index.md",
            ],
            &[],
        );
        assert_eq!(eleventy.post_place().folder, "src/posts");
        let zola = site(
            &[
                "config.toml",
                "templates/",
                "content/blog/_index.md",
                "content/blog/a.md",
            ],
            &[],
        );
        assert_eq!(zola.generator, Generator::Zola);
        let post = zola
            .new_post("Tide Tables", today(), false, &FrontMatterStyle::default())
            .unwrap();
        assert_eq!(post.path, "content/blog/tide-tables.md");
        let plain = site(&["notes.md"], &[]);
        assert_eq!(
            plain
                .new_post("Idea", today(), false, &FrontMatterStyle::default())
                .unwrap()
                .path,
            "idea.md"
        );
    }

    #[test]
    fn never_over_an_existing_file_nor_without_a_name() {
        let hugo = site(&["hugo.toml", "content/posts/first.md"], &[]);
        let style = FrontMatterStyle::default();
        assert_eq!(
            hugo.new_post("First", today(), false, &style),
            Err(NewPostError::Exists("content/posts/first.md".to_owned()))
        );
        assert!(matches!(
            hugo.new_post("!!!", today(), false, &style),
            Err(NewPostError::NoSlug(_))
        ));
    }

    #[test]
    fn images_go_where_the_generator_serves_them() {
        let hugo = site(&["hugo.toml", "static/images/walk-1.png"], &[]);
        let plan = hugo.image_plan("content/posts/walk.md", "walk", "PNG");
        assert_eq!(
            plan.first_free(&hugo.listing),
            (
                2,
                ImageCandidate {
                    path: "static/images/walk-2.png".to_owned(),
                    url: "/images/walk-2.png".to_owned()
                }
            )
        );
        let bundle = hugo.image_plan("content/posts/walk/index.md", "walk", "jpg");
        assert_eq!(bundle.candidate(1).path, "content/posts/walk/walk-1.jpg");
        assert_eq!(bundle.candidate(1).url, "walk-1.jpg");
        let jekyll = site(&["_config.yml"], &[]);
        assert_eq!(
            jekyll
                .image_plan("_posts/2026-03-14-tart.md", "tart", "png")
                .candidate(3)
                .url,
            "/assets/images/tart-3.png"
        );
        let eleventy = site(&[".eleventy.js", "posts/night.md"], &[]);
        assert_eq!(
            eleventy
                .image_plan("posts/night.md", "night", "png")
                .candidate(1),
            ImageCandidate {
                path: "posts/images/night-1.png".to_owned(),
                url: "/posts/images/night-1.png".to_owned()
            }
        );
        let under_a_path = site(
            &["_config.yml"],
            &[(
                "_config.yml",
                "url: https://example.org\nbaseurl: /kitchen\n",
            )],
        );
        assert_eq!(
            under_a_path
                .image_plan("_posts/2026-03-14-tart.md", "tart", "png")
                .candidate(1)
                .url,
            "/kitchen/assets/images/tart-1.png"
        );
        let plain = site(&["notes/a.md"], &[]);
        let lone = plain.image_plan("notes/a.md", "a", "gif").candidate(1);
        assert_eq!(
            (lone.path.as_str(), lone.url.as_str()),
            ("notes/images/a-1.gif", "images/a-1.gif")
        );
    }

    #[test]
    fn image_markdown_escapes_what_would_break_it() {
        assert_eq!(
            image_markdown("", "/images/a-1.png"),
            ("![](/images/a-1.png)".to_owned(), 2)
        );
        let (text, alt_end) = image_markdown("a [b]", "my image.png");
        assert_eq!(text, "![a \\[b\\]](<my image.png>)");
        assert_eq!(&text[2..alt_end], "a \\[b\\]");
    }
}
