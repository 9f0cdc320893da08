//! Export: a post as a finished, self-contained HTML page, ready to publish.
//!
//! Pure: text and options in, HTML and a report out. The caller reads local images (the
//! `read_image` closure, backed by the I/O layer's `files::read_asset`, for the files
//! [`crate::local_file`] names) and writes the result (the I/O layer's `files::write_export`).
//!
//! # What the window and the command line call
//!
//! - [`export_page`]: the whole page (or only the body, with
//!   [`ExportOptions::body_only`]) plus the image files to write beside it and the
//!   [`ExportIssue`]s found (dangerous links removed, missing images, images without alt
//!   text, raw HTML that was cleaned…), each with its byte range in the body.
//! - [`body_html`]: the body alone with image paths as written, for "Copy HTML" into a
//!   CMS. Nothing is read.
//! - [`render_fragment`]: the body pipeline with explicit parser options, for tests.
//! - [`themes`] and [`theme`]: the page themes, by name.
//!
//! # Safety
//!
//! Unless the post's HTML is trusted ([`ExportOptions::trust_html`], or `trust_html: true`
//! in the post's front matter), raw HTML is sanitised (see `raw_html.rs`), heading
//! attributes are limited to harmless ones, and links and images whose address uses a
//! `javascript:`, `vbscript:` or `data:` scheme (other than `data:image/png`, `jpeg`,
//! `gif`, `webp` or `avif` in an image) are removed and reported, trusted or not. Every
//! metadata value is escaped for where it lands: element text, attribute, or JSON inside
//! `<script>`. Links to other sites get `rel="noopener"`, plus `nofollow` and `ugc` when
//! asked.
//!
//! All of this happens in one pass over pulldown-cmark's events (`events.rs`); the HTML
//! itself is written by pulldown-cmark's writer and never read again.

mod escape;
mod events;
mod images;
mod page;
mod raw_html;
mod themes;
mod url;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use images::{ReadImage, sniff_mime};
pub use themes::{DEFAULT_THEME, Theme, theme, themes};

use crate::markdown;
use crate::post::Post;
use events::{LiftTitle, Settings};
use images::ImageResolver;

/// What happens to images stored beside the post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageMode {
    /// Leave image addresses as written (for pasting into a CMS).
    Keep,
    /// Copy each image into `folder`, beside the page, and point the page at the copies.
    Copy {
        /// The folder's name, relative to the page (`my-post-images`).
        folder: String,
    },
    /// Embed each image in the page as a `data:` URL: one self-contained file.
    Embed,
    /// Point each local image at another address, found by the address as written in the
    /// post (the copy uploaded to a blog's media library). An image missing from the map
    /// is kept as written and reported.
    Replace(BTreeMap<String, String>),
}

impl ImageMode {
    /// Copying into the folder conventionally named after the page file: `post.html`
    /// gets `post-images/`.
    pub fn copy_beside(page: &Path) -> Self {
        let stem = page
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "post".to_owned());
        ImageMode::Copy {
            folder: images::safe_name(&format!("{stem}-images")),
        }
    }
}

/// How to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// The theme's name (see [`themes`]); an unknown name falls back to the default and is
    /// reported.
    pub theme: String,
    /// What happens to local images.
    pub images: ImageMode,
    /// Write raw HTML as it is, unsanitised. A post can also ask for this with
    /// `trust_html: true` in its front matter.
    pub trust_html: bool,
    /// Only the article's HTML, without the page around it.
    pub body_only: bool,
    /// Show a table of contents. A post can also ask with `toc: true` in its front
    /// matter (and refuse with `toc: false`).
    pub toc: bool,
    /// Add `nofollow` to links to other sites.
    pub nofollow: bool,
    /// Add `ugc` (user-generated content) to links to other sites.
    pub ugc: bool,
    /// The page's language when the post names none (`en`).
    pub default_language: String,
    /// Relative links to other `.md` posts point at their exported `.html` pages.
    pub markdown_links_to_html: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            theme: DEFAULT_THEME.to_owned(),
            images: ImageMode::Embed,
            trust_html: false,
            body_only: false,
            toc: false,
            nofollow: false,
            ugc: false,
            default_language: "en".to_owned(),
            markdown_links_to_html: true,
        }
    }
}

impl ExportOptions {
    /// The `rel` of links to other sites.
    fn rel(&self) -> &'static str {
        match (self.nofollow, self.ugc) {
            (false, false) => "noopener",
            (true, false) => "noopener nofollow",
            (false, true) => "noopener ugc",
            (true, true) => "noopener nofollow ugc",
        }
    }
}

/// A file to write beside the exported page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Where, relative to the page's folder (`post-images/chart.png`). Always a plain
    /// relative path: no `..`, no root.
    pub path: PathBuf,
    /// The content.
    pub bytes: Vec<u8>,
}

/// What kind of problem an export found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IssueKind {
    /// A link or image with a `javascript:`, `vbscript:` or `data:` address was removed.
    DangerousUrl,
    /// A local image could not be read, copied or embedded.
    MissingImage,
    /// An image has no alt text.
    MissingAltText,
    /// Sanitising removed or escaped part of the raw HTML.
    RawHtmlRemoved,
    /// A heading attribute was left out.
    UnsafeAttribute,
    /// A footnote is cited but not defined, or defined but not cited.
    BrokenFootnote,
    /// A metadata value could not be used (a malformed date, a relative canonical URL…).
    Metadata,
    /// Something worth knowing that changes nothing (an image only the live site shows).
    Note,
}

/// A problem found while exporting: what, where, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportIssue {
    /// What kind of problem.
    pub kind: IssueKind,
    /// Byte range in the post body, or `None` for metadata and page-wide problems.
    pub range: Option<Range<usize>>,
    /// A sentence for the author.
    pub message: String,
}

impl ExportIssue {
    pub(crate) fn new(kind: IssueKind, range: Option<Range<usize>>, message: String) -> Self {
        Self {
            kind,
            range,
            message,
        }
    }
}

/// An exported post.
#[derive(Clone, Debug, Default)]
pub struct Exported {
    /// The page (or body) HTML.
    pub html: String,
    /// Files to write beside it (copied images).
    pub files: Vec<ExportFile>,
    /// Problems found, in the order met.
    pub issues: Vec<ExportIssue>,
    /// The page's title, for a window title or a file name.
    pub title: String,
}

/// Front-matter keys the export reads that the metadata form does not show.
struct ExportKeys {
    trust_html: Option<bool>,
    toc: Option<bool>,
}

fn export_keys(post: &Post) -> ExportKeys {
    let fields = post
        .front_matter()
        .and_then(|front_matter| front_matter.fields().ok());
    let flag = |key: &str| {
        fields
            .and_then(|fields| fields.get(key))
            .and_then(Value::as_bool)
    };
    ExportKeys {
        trust_html: flag("trust_html"),
        toc: flag("toc"),
    }
}

/// Exports `post` as a page (or only its body, with [`ExportOptions::body_only`]).
///
/// `post_dir` is the folder of the post's file, against which relative image paths are
/// read; `None` for a post never saved (its local images are then reported, not read).
/// `read_image` returns a file's bytes or a sentence saying why it cannot.
pub fn export_page(
    post: &Post,
    post_dir: Option<&Path>,
    options: &ExportOptions,
    read_image: &mut ReadImage<'_>,
) -> Exported {
    let keys = export_keys(post);
    let metadata = post.metadata();
    let settings = Settings {
        trust_html: options.trust_html || keys.trust_html == Some(true),
        rel: options.rel(),
        markdown_links_to_html: options.markdown_links_to_html,
        lift_title: if options.body_only {
            LiftTitle::Never
        } else if metadata.title.trim().is_empty() {
            LiftTitle::Any
        } else {
            LiftTitle::Matching(metadata.title.clone())
        },
        statistics: !options.body_only,
    };
    let mut resolver = ImageResolver::new(options.images.clone(), post_dir, read_image);
    let rendered = events::render(post.body(), markdown::options(), &settings, &mut resolver);
    if options.body_only {
        let title = match metadata.title.trim() {
            "" => rendered
                .headings
                .first()
                .map(|heading| heading.text.clone())
                .unwrap_or_default(),
            title => title.to_owned(),
        };
        return without_nul(Exported {
            html: rendered.html,
            files: resolver.into_files(),
            issues: rendered.issues,
            title,
        });
    }
    let show_toc = keys.toc.unwrap_or(options.toc);
    without_nul(page::build(post, options, show_toc, rendered, resolver))
}

/// U+0000 replaced by U+FFFD in the page and its title, as CommonMark asks for security
/// reasons: pulldown-cmark passes the character through, and HTML parsers drop it or
/// treat it as an error. One scan of the finished page covers the body, the metadata and
/// the description taken from the body alike.
fn without_nul(mut exported: Exported) -> Exported {
    replace_nul(&mut exported.html);
    replace_nul(&mut exported.title);
    exported
}

fn replace_nul(text: &mut String) {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        *text = text.replace('\0', "\u{FFFD}");
    }
}

/// The body's HTML alone, with image addresses as written: what "Copy HTML" puts on the
/// clipboard for pasting into a CMS. Sanitised unless the post or `options` trust it.
pub fn body_html(post: &Post, options: &ExportOptions) -> String {
    let options = ExportOptions {
        images: ImageMode::Keep,
        body_only: true,
        ..options.clone()
    };
    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    export_page(post, None, &options, &mut read_nothing).html
}

/// The export's body pipeline on `body` parsed with `markdown_options` (rather than
/// Postwright's dialect), images kept as written: the HTML and the issues. The
/// CommonMark conformance test runs the spec through this.
pub fn render_fragment(
    body: &str,
    markdown_options: pulldown_cmark::Options,
    options: &ExportOptions,
) -> (String, Vec<ExportIssue>) {
    let settings = Settings {
        trust_html: options.trust_html,
        rel: options.rel(),
        markdown_links_to_html: options.markdown_links_to_html,
        lift_title: LiftTitle::Never,
        statistics: false,
    };
    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    let mut resolver = ImageResolver::new(ImageMode::Keep, None, &mut read_nothing);
    let mut rendered = events::render(body, markdown_options, &settings, &mut resolver);
    replace_nul(&mut rendered.html);
    (rendered.html, rendered.issues)
}
