//! Site folders on disk: walking one into a listing, reading and auditing every post on all
//! cores, doing so in the background for the window, watching the folder, and copying
//! images and new posts into it without ever overwriting a file.
//!
//! Posts are streamed: each is read, audited and reduced to its entry (row, findings, what
//! it says about the site) on a worker, and its text dropped there, so memory follows the
//! report, not the posts' text.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use rayon::prelude::*;

use postwright_core::analysis::WORKER_STACK_BYTES;
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_core::site::conventions::{StyleLearner, image_markdown};
use postwright_core::site::{
    Generator, Listing, NewPostError, PostEntry, PostRow, Site, SiteReport, analyse_post, extension,
};

use crate::files::{self, AssetError, StorageError, io_error};

/// Configuration and template files are read up to this size.
const SMALL_FILE_BYTES: u64 = 1024 * 1024;

/// The templates, style sheets and configuration read for image names, at most this much
/// in all.
const TEMPLATE_BUDGET_BYTES: u64 = 16 * 1024 * 1024;

/// Extensions of the files whose text may name an image: templates, style sheets,
/// configuration and scripts.
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "html", "htm", "css", "scss", "sass", "toml", "yaml", "yml", "json", "js", "mjs", "cjs", "ts",
    "jsx", "tsx", "astro", "njk", "liquid", "tera", "hbs", "vue", "svelte", "xml",
];

/// Extensions Postwright copies as images.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "avif"];

/// Why a site could not be opened, scanned or written to. Each message names the file or
/// folder and says what to do.
#[derive(Debug)]
pub enum SiteError {
    /// The path is not a folder.
    NotAFolder(PathBuf),
    /// A post lies outside the site's folder.
    OutsideSite {
        /// The post.
        post: PathBuf,
        /// The site's folder.
        root: PathBuf,
    },
    /// What was dropped or pasted is not an image Postwright can place.
    NotAnImage(String),
    /// The new post cannot be made.
    NewPost {
        /// The site's folder.
        root: PathBuf,
        /// Why.
        error: NewPostError,
    },
    /// Reading or writing a file failed.
    Storage(StorageError),
    /// The image to place cannot be read.
    Image(AssetError),
    /// The scan was cancelled.
    Cancelled,
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::NotAFolder(path) => write!(
                f,
                "{path:?} is not a folder; choose the folder of your site (the one that holds \
                 hugo.toml, _config.yml or your Markdown posts)"
            ),
            SiteError::OutsideSite { post, root } => write!(
                f,
                "{post:?} is not inside the site {root:?}; save the post in the site's folder \
                 first"
            ),
            SiteError::NotAnImage(what) => write!(
                f,
                "{what} is not an image Postwright can place (PNG, JPEG, GIF, WebP, SVG or \
                 AVIF); nothing was copied"
            ),
            SiteError::NewPost { root, error } => write!(f, "in the site {root:?}: {error}"),
            SiteError::Storage(error) => write!(f, "{error}"),
            SiteError::Image(error) => write!(f, "{error}; nothing was copied"),
            SiteError::Cancelled => f.write_str("the scan of the site was cancelled"),
        }
    }
}

impl std::error::Error for SiteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SiteError::Storage(error) => Some(error),
            SiteError::Image(error) => Some(error),
            SiteError::NewPost { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<AssetError> for SiteError {
    fn from(error: AssetError) -> Self {
        SiteError::Image(error)
    }
}

impl From<StorageError> for SiteError {
    fn from(error: StorageError) -> Self {
        SiteError::Storage(error)
    }
}

/// Whether `path` is a folder (a site to check as a whole) rather than a post.
pub fn is_folder(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|metadata| metadata.is_dir())
}

/// A site path (`content/posts/a.md`) as a path under `root`.
pub fn full_path(root: &Path, site_path: &str) -> PathBuf {
    let mut path = root.to_owned();
    for part in site_path.split('/').filter(|part| !part.is_empty()) {
        path.push(part);
    }
    path
}

/// The site path of `path`, a file or folder under `root`; `None` when it is elsewhere
/// or its name is not UTF-8.
pub fn site_path(root: &Path, path: &Path) -> Option<String> {
    let relative = match path.strip_prefix(root) {
        Ok(relative) => relative.to_owned(),
        Err(_) => {
            // Another spelling of the same folder (a symlink, `./`): compare the real paths.
            let root = fs::canonicalize(root).ok()?;
            let real = match fs::canonicalize(path) {
                Ok(real) => real,
                Err(_) => fs::canonicalize(path.parent()?)
                    .ok()?
                    .join(path.file_name()?),
            };
            real.strip_prefix(&root).ok()?.to_owned()
        }
    };
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|component| match component {
            std::path::Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

/// Reads a small text file of the site (configuration, archetype, template), or `None`.
fn read_small(root: &Path, site_path: &str) -> Option<String> {
    let path = full_path(root, site_path);
    let metadata = fs::metadata(&path).ok()?;
    if !metadata.is_file() || metadata.len() > SMALL_FILE_BYTES {
        return None;
    }
    fs::read_to_string(path).ok()
}

/// The entries of one folder: (name, is a folder), names that are not UTF-8 left out,
/// symlinked folders not followed (a link back up would never end).
fn entries(folder: &Path) -> Result<Vec<(String, bool)>, StorageError> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder).map_err(io_error(folder, "list"))? {
        let entry = entry.map_err(io_error(folder, "list"))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let is_folder = kind.is_dir();
        let is_file = kind.is_file()
            || (kind.is_symlink() && fs::metadata(entry.path()).is_ok_and(|meta| meta.is_file()));
        if is_folder || is_file {
            found.push((name, is_folder));
        }
    }
    Ok(found)
}

/// Walks `folder` (a site path under `root`) into `listing`, skipping what `generator`
/// skips.
fn walk(
    root: &Path,
    folder: &str,
    generator: Generator,
    listing: &mut Listing,
) -> Result<(), StorageError> {
    let mut pending = vec![folder.to_owned()];
    while let Some(folder) = pending.pop() {
        for (name, is_folder) in entries(&full_path(root, &folder))? {
            let path = postwright_core::site::join(&folder, &name);
            if is_folder {
                if !generator.skips_folder(&path) {
                    listing.add_folder(&path);
                    pending.push(path);
                }
            } else {
                listing.add_file(&path);
            }
        }
    }
    Ok(())
}

/// Opens the site at `root`: walks its folder (skipping what the generator builds) and
/// detects its generator, or takes `choice`.
pub fn open_site(root: &Path, choice: Option<Generator>) -> Result<Site, SiteError> {
    let metadata = fs::metadata(root).map_err(io_error(root, "open"))?;
    if !metadata.is_dir() {
        return Err(SiteError::NotAFolder(root.to_owned()));
    }
    let read = |path: &str| read_small(root, path);
    // The top of the folder tells the generator, which says what the walk skips.
    let mut top = Listing::default();
    for (name, is_folder) in entries(root)? {
        if is_folder {
            top.add_folder(&name);
        } else {
            top.add_file(&name);
        }
    }
    if top.has_folder("src") {
        for (name, is_folder) in entries(&root.join("src"))? {
            if is_folder {
                top.add_folder(&format!("src/{name}"));
            }
        }
    }
    let generator = choice.unwrap_or(postwright_core::site::detect(&top, &read).generator);
    let mut listing = Listing::default();
    walk(root, "", generator, &mut listing)?;
    Ok(Site::new(listing, choice, &read))
}

/// Where a scan is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanProgress {
    /// Posts read and audited so far.
    pub done: usize,
    /// Posts to read (0 while the folder is being walked).
    pub total: usize,
}

/// How to scan a site.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanOptions {
    /// The generator, if the author chose one; else the detected one.
    pub generator: Option<Generator>,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// Keep each post's list of links (the command line's JSON lists them).
    pub keep_links: bool,
}

/// Reads and audits the post at `site_path`; a post that cannot be read gets an entry
/// that says why.
pub fn read_post(root: &Path, site: &Site, site_path: &str, keep_links: bool) -> PostEntry {
    match files::load(&full_path(root, site_path)) {
        Ok(loaded) => analyse_post(site, site_path, &loaded.text, keep_links),
        Err(error) => PostEntry::unreadable(site_path, error.to_string()),
    }
}

/// The texts of the site's templates, style sheets and configuration, for
/// `unused-image`: every small text file that is not a post, within a budget.
fn template_texts(root: &Path, site: &Site) -> Vec<String> {
    let mut budget = TEMPLATE_BUDGET_BYTES;
    let mut texts = Vec::new();
    for path in site.listing.files() {
        if !TEMPLATE_EXTENSIONS.contains(&extension(path).as_str()) {
            continue;
        }
        if let Some(text) = read_small(root, path) {
            let size = text.len() as u64;
            if size > budget {
                break;
            }
            budget -= size;
            texts.push(text);
        }
    }
    texts
}

/// Reads and audits every post of the site on `jobs` threads (all cores by default),
/// calling `progress` after each (from the worker threads), then runs the site-wide rules.
/// `cancel` stops it between posts.
pub fn scan(
    root: &Path,
    options: &ScanOptions,
    progress: &(dyn Fn(ScanProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<SiteReport, SiteError> {
    let site = open_site(root, options.generator)?;
    scan_opened(root, site, options, progress, cancel)
}

/// [`scan`] of a site already opened with [`open_site`].
pub fn scan_opened(
    root: &Path,
    site: Site,
    options: &ScanOptions,
    progress: &(dyn Fn(ScanProgress) + Sync),
    cancel: &AtomicBool,
) -> Result<SiteReport, SiteError> {
    scan_site(root, site, options, progress, None, cancel)
}

/// [`scan`] of a site already opened, with `each` (if given) handed every post's row as it
/// is read.
fn scan_site(
    root: &Path,
    site: Site,
    options: &ScanOptions,
    progress: &(dyn Fn(ScanProgress) + Sync),
    each: Option<&(dyn Fn(PostRow) + Sync)>,
    cancel: &AtomicBool,
) -> Result<SiteReport, SiteError> {
    let paths: Vec<String> = site.post_paths().into_iter().map(str::to_owned).collect();
    let total = paths.len();
    progress(ScanProgress { done: 0, total });
    let done = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|index| format!("postwright-site-{index}"))
        .build()
        .map_err(|error| {
            SiteError::Storage(StorageError::Io {
                path: root.to_owned(),
                action: "start the workers to scan",
                source: io::Error::other(error),
            })
        })?;
    let posts: Vec<PostEntry> = pool.install(|| {
        paths
            .par_iter()
            .filter_map(|path| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let entry = read_post(root, &site, path, options.keep_links);
                if let Some(each) = each {
                    each(entry.row());
                }
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(ScanProgress { done, total });
                Some(entry)
            })
            .collect()
    });
    if cancel.load(Ordering::Relaxed) {
        return Err(SiteError::Cancelled);
    }
    let templates = template_texts(root, &site);
    Ok(SiteReport::new(site, posts, templates))
}

/// A scan running in the background, for the window to poll each frame.
pub struct SiteScan {
    shared: Arc<ScanShared>,
}

struct ScanShared {
    done: AtomicUsize,
    total: AtomicUsize,
    rows: Mutex<Vec<PostRow>>,
    result: Mutex<Option<Result<SiteReport, SiteError>>>,
    cancel: AtomicBool,
}

impl fmt::Debug for SiteScan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteScan")
            .field("progress", &self.progress())
            .finish()
    }
}

impl SiteScan {
    /// Starts scanning the site at `root` on a thread of its own; `wake` is called (from
    /// other threads) whenever there is something new to poll.
    pub fn start(
        root: PathBuf,
        options: ScanOptions,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        let shared = Arc::new(ScanShared {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            rows: Mutex::new(Vec::new()),
            result: Mutex::new(None),
            cancel: AtomicBool::new(false),
        });
        let worker = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("postwright-site-scan".to_owned())
            .spawn(move || {
                let progress = |progress: ScanProgress| {
                    worker.done.store(progress.done, Ordering::Relaxed);
                    worker.total.store(progress.total, Ordering::Relaxed);
                };
                let each = |row: PostRow| {
                    if let Ok(mut rows) = worker.rows.lock() {
                        rows.push(row);
                    }
                    wake();
                };
                let result = open_site(&root, options.generator).and_then(|site| {
                    scan_site(
                        &root,
                        site,
                        &options,
                        &progress,
                        Some(&each),
                        &worker.cancel,
                    )
                });
                if let Ok(mut slot) = worker.result.lock() {
                    *slot = Some(result);
                }
                wake();
            });
        if let Err(error) = spawned
            && let Ok(mut slot) = shared.result.lock()
        {
            *slot = Some(Err(SiteError::Storage(StorageError::Io {
                path: PathBuf::new(),
                action: "start the site scan",
                source: error,
            })));
        }
        Self { shared }
    }

    /// Posts read so far, and how many there are (0 while the folder is walked).
    pub fn progress(&self) -> ScanProgress {
        ScanProgress {
            done: self.shared.done.load(Ordering::Relaxed),
            total: self.shared.total.load(Ordering::Relaxed),
        }
    }

    /// The rows of the posts read since the last call, for the list to show at once.
    pub fn take_rows(&self) -> Vec<PostRow> {
        self.shared
            .rows
            .lock()
            .map(|mut rows| std::mem::take(&mut *rows))
            .unwrap_or_default()
    }

    /// The report, once the scan has finished (then `None` again).
    pub fn take_result(&self) -> Option<Result<SiteReport, SiteError>> {
        self.shared
            .result
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
    }

    /// Asks the scan to stop; it ends with [`SiteError::Cancelled`].
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }
}

impl Drop for SiteScan {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Writes `bytes` to `path`, which must not exist: the bytes go to a temporary file beside
/// it, synced, which is then linked to `path`, an operation that fails rather than replace
/// a file (where the file system cannot link, the file is created exclusively instead).
/// Never overwrites; a file of that name appearing meanwhile is an `AlreadyExists` error.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(io_error(folder, "create the folder"))?;
    if path.exists() {
        return Err(StorageError::Io {
            path: path.to_owned(),
            action: "create",
            source: io::Error::new(io::ErrorKind::AlreadyExists, "a file of that name exists"),
        });
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.postwright-{}", std::process::id()));
    let error = |source: io::Error| StorageError::Io {
        path: path.to_owned(),
        action: "create",
        source,
    };
    let written = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(source) = written {
        let _ = fs::remove_file(&temporary);
        return Err(error(source));
    }
    let linked = fs::hard_link(&temporary, path);
    let _ = fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(source) if source.kind() == io::ErrorKind::AlreadyExists => return Err(error(source)),
        Err(_) => {
            // No hard links here (some network and FAT file systems): create exclusively.
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(error)?;
            file.write_all(bytes).map_err(error)?;
            file.sync_all().map_err(error)?;
        }
    }
    if let Ok(folder) = fs::File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// How many sampled posts the front-matter style of a new post is learned from.
const STYLE_SAMPLE: usize = 200;

/// Creates a new post titled `title` in the site, dated `today`, where the generator
/// expects it and with front matter in the site's style (see `Site::new_post`). Returns
/// the file created; never overwrites one.
pub fn create_post(
    root: &Path,
    site: &Site,
    title: &str,
    today: jiff::civil::Date,
    draft: bool,
) -> Result<PathBuf, SiteError> {
    let mut learner = StyleLearner::default();
    for path in site.style_sample(STYLE_SAMPLE) {
        let Ok(loaded) = files::load(&full_path(root, path)) else {
            continue;
        };
        let post = Post::parse(&loaded.text);
        if let Some(block) = post.front_matter()
            && let Ok(fields) = block.fields()
        {
            learner.add(block.format(), fields);
        }
    }
    let default = match site.generator {
        Generator::Zola => Format::Toml,
        _ => Format::Yaml,
    };
    let style = learner.finish(default);
    let new_post = site
        .new_post(title, today, draft, &style)
        .map_err(|error| SiteError::NewPost {
            root: root.to_owned(),
            error,
        })?;
    let path = full_path(root, &new_post.path);
    match write_new_file(&path, new_post.text.as_bytes()) {
        Err(StorageError::Io { source, .. }) if source.kind() == io::ErrorKind::AlreadyExists => {
            Err(SiteError::NewPost {
                root: root.to_owned(),
                error: NewPostError::Exists(new_post.path),
            })
        }
        Err(error) => Err(error.into()),
        Ok(()) => Ok(path),
    }
}

/// An image to place in the site.
#[derive(Clone, Copy, Debug)]
pub enum ImageSource<'a> {
    /// A file dropped on the editor.
    File(&'a Path),
    /// An encoded image (PNG, JPEG, …) from the clipboard.
    Bytes(&'a [u8]),
    /// Pixels from the clipboard, four bytes (red, green, blue, alpha) each, row by row;
    /// saved as PNG.
    Pixels {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
        /// The pixels.
        rgba: &'a [u8],
    },
}

/// Where an image was copied and what to insert in the post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedImage {
    /// The file written.
    pub path: PathBuf,
    /// The address the generator serves it at, as the post links it.
    pub url: String,
    /// The Markdown to insert at the caret: `![](url)`, alt text still to write.
    pub markdown: String,
    /// The byte offset in `markdown` where the alt text goes.
    pub alt_at: usize,
}

/// The extension of an encoded image, from its first bytes.
fn sniffed_extension(bytes: &[u8]) -> Option<&'static str> {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .map_or(&[][..], |at| &bytes[at..]);
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    let head = String::from_utf8_lossy(&start[..start.len().min(512)]).to_lowercase();
    if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        return Some("svg");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && matches!(&bytes[8..12], b"avif" | b"avis") {
        return Some("avif");
    }
    match image::guess_format(bytes).ok()? {
        image::ImageFormat::Png => Some("png"),
        image::ImageFormat::Jpeg => Some("jpg"),
        image::ImageFormat::Gif => Some("gif"),
        image::ImageFormat::WebP => Some("webp"),
        _ => None,
    }
}

/// Copies an image into the site for the post at `post_path`, where the generator serves
/// images from (see `Site::image_plan`), named from the post's slug and a counter
/// (`slug-1.png`, then `slug-2.png`: an existing file is never overwritten), and returns
/// where it went and the Markdown that shows it.
pub fn place_image(
    root: &Path,
    site: &Site,
    post_path: &Path,
    post: &Post,
    image: ImageSource<'_>,
) -> Result<PlacedImage, SiteError> {
    let outside = || SiteError::OutsideSite {
        post: post_path.to_owned(),
        root: root.to_owned(),
    };
    let relative = site_path(root, post_path).ok_or_else(outside)?;
    let (bytes, extension) = match image {
        ImageSource::File(path) => {
            let bytes = files::read_asset(path)?;
            let written = extension(&path.to_string_lossy());
            let extension = if IMAGE_EXTENSIONS.contains(&written.as_str()) {
                written
            } else {
                sniffed_extension(&bytes)
                    .ok_or_else(|| SiteError::NotAnImage(format!("{path:?}")))?
                    .to_owned()
            };
            (bytes, extension)
        }
        ImageSource::Bytes(bytes) => {
            let extension = sniffed_extension(bytes)
                .ok_or_else(|| SiteError::NotAnImage("the pasted data".to_owned()))?;
            (bytes.to_vec(), extension.to_owned())
        }
        ImageSource::Pixels {
            width,
            height,
            rgba,
        } => (png_of_pixels(width, height, rgba)?, "png".to_owned()),
    };
    let metadata = site.effective_metadata(&relative, post.metadata());
    let slug = site.post_slug(&relative, &metadata);
    let plan = site.image_plan(&relative, &slug, &extension);
    let (first, _) = plan.first_free(&site.listing);
    for number in first..first + 10_000 {
        let candidate = plan.candidate(number);
        let path = full_path(root, &candidate.path);
        match write_new_file(&path, &bytes) {
            Ok(()) => {
                let (markdown, alt_at) = image_markdown("", &candidate.url);
                return Ok(PlacedImage {
                    path,
                    url: candidate.url,
                    markdown,
                    alt_at,
                });
            }
            Err(StorageError::Io { source, .. })
                if source.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error.into()),
        }
    }
    Err(SiteError::Storage(StorageError::Io {
        path: full_path(root, &plan.folder),
        action: "name a new image in",
        source: io::Error::new(io::ErrorKind::AlreadyExists, "every name is taken"),
    }))
}

/// Pixels encoded as a PNG file.
fn png_of_pixels(width: usize, height: usize, rgba: &[u8]) -> Result<Vec<u8>, SiteError> {
    let not_an_image = || SiteError::NotAnImage("the pasted picture".to_owned());
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(not_an_image());
    };
    let pixels =
        image::RgbaImage::from_raw(width, height, rgba.to_vec()).ok_or_else(not_an_image)?;
    let mut png = Vec::new();
    pixels
        .write_to(&mut io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|_| not_an_image())?;
    Ok(png)
}

/// A change another program made in the site's folder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SiteChange {
    /// The file or folder at this site path was added or changed.
    Updated(String),
    /// The file or folder at this site path is gone.
    Removed(String),
    /// A file or folder was renamed.
    Renamed {
        /// Its old site path.
        from: String,
        /// Its new site path.
        to: String,
    },
}

/// Watches a site folder (recursively) for posts and images added, changed, renamed or
/// removed by other programs, ignoring what the generator skips (`public/`, `.git/`).
pub struct SiteWatcher {
    _watcher: RecommendedWatcher,
    changes: Arc<Mutex<Vec<SiteChange>>>,
    root: PathBuf,
}

impl fmt::Debug for SiteWatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteWatcher")
            .field("root", &self.root)
            .finish()
    }
}

/// Whether a change at this site path matters: not in a folder the generator skips, not
/// a hidden or backup file (editors' and Postwright's own temporary files).
fn watched(generator: Generator, path: &str) -> bool {
    let name = postwright_core::site::file_name(path);
    if path.is_empty() || name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    let mut folder = postwright_core::site::parent(path);
    while !folder.is_empty() {
        if generator.skips_folder(folder) {
            return false;
        }
        folder = postwright_core::site::parent(folder);
    }
    !generator.skips_folder(path)
}

impl SiteWatcher {
    /// Starts watching the site at `root`; `notify` is called (from another thread) when
    /// there are changes to take.
    pub fn watch(
        root: &Path,
        generator: Generator,
        notify: impl Fn() + Send + 'static,
    ) -> Result<Self, SiteError> {
        let root = fs::canonicalize(root).map_err(io_error(root, "watch"))?;
        let changes: Arc<Mutex<Vec<SiteChange>>> = Arc::default();
        let sink = Arc::clone(&changes);
        let base = root.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else {
                    return;
                };
                let paths: Vec<String> = event
                    .paths
                    .iter()
                    .filter_map(|path| path.strip_prefix(&base).ok())
                    .filter_map(|relative| site_path(Path::new(""), relative))
                    .collect();
                use notify::event::{EventKind, ModifyKind, RenameMode};
                let mut found = Vec::new();
                match (event.kind, paths.as_slice()) {
                    (EventKind::Access(_), _) => {}
                    (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) => {
                        match (watched(generator, from), watched(generator, to)) {
                            (true, true) => found.push(SiteChange::Renamed {
                                from: from.clone(),
                                to: to.clone(),
                            }),
                            (true, false) => found.push(SiteChange::Removed(from.clone())),
                            (false, true) => found.push(SiteChange::Updated(to.clone())),
                            (false, false) => {}
                        }
                    }
                    (_, paths) => {
                        for path in paths.iter().filter(|path| watched(generator, path)) {
                            let exists = base.join(path).exists();
                            found.push(if exists {
                                SiteChange::Updated(path.clone())
                            } else {
                                SiteChange::Removed(path.clone())
                            });
                        }
                    }
                }
                if found.is_empty() {
                    return;
                }
                if let Ok(mut changes) = sink.lock() {
                    changes.extend(found);
                }
                notify();
            })
            .map_err(|error| watch_error(&root, error))?;
        watcher
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|error| watch_error(&root, error))?;
        Ok(Self {
            _watcher: watcher,
            changes,
            root,
        })
    }

    /// The changes since the last call, each path once, in the order they happened
    /// (later news of a path replaces earlier).
    pub fn take_changes(&self) -> Vec<SiteChange> {
        let taken = self
            .changes
            .lock()
            .map(|mut changes| std::mem::take(&mut *changes))
            .unwrap_or_default();
        let mut seen = BTreeSet::new();
        let mut unique: Vec<SiteChange> = Vec::new();
        for change in taken.into_iter().rev() {
            let key = match &change {
                SiteChange::Updated(path) | SiteChange::Removed(path) => path.clone(),
                SiteChange::Renamed { from, to } => format!("{from}\n{to}"),
            };
            if seen.insert(key) {
                unique.push(change);
            }
        }
        unique.reverse();
        unique
    }
}

fn watch_error(root: &Path, error: notify::Error) -> SiteError {
    SiteError::Storage(crate::watch::watch_error(root, error))
}

/// Brings a report up to date with changes in its folder: posts read again or forgotten,
/// files added to or removed from the listing, folders walked, then the site-wide
/// findings worked out again. Returns the site paths of the posts that changed, were
/// added or are gone.
pub fn apply_changes(
    root: &Path,
    report: &mut SiteReport,
    changes: &[SiteChange],
    keep_links: bool,
) -> Vec<String> {
    let mut touched = Vec::new();
    let update = |report: &mut SiteReport, path: &str, touched: &mut Vec<String>| {
        let full = full_path(root, path);
        if full.is_dir() {
            let mut listing = Listing::default();
            if walk(root, path, report.site.generator, &mut listing).is_ok() {
                report.site.listing.add_folder(path);
                for file in listing.files().map(str::to_owned).collect::<Vec<_>>() {
                    report.site.listing.add_file(&file);
                    if report.site.is_post(&file) {
                        let entry = read_post(root, &report.site, &file, keep_links);
                        report.upsert_post(entry);
                        touched.push(file);
                    }
                }
            }
        } else if full.is_file() {
            report.site.listing.add_file(path);
            if report.site.is_post(path) {
                let entry = read_post(root, &report.site, path, keep_links);
                report.upsert_post(entry);
                touched.push(path.to_owned());
            }
        } else {
            remove(report, path, touched);
        }
    };
    fn remove(report: &mut SiteReport, path: &str, touched: &mut Vec<String>) {
        let folder = format!("{path}/");
        touched.extend(
            report
                .posts
                .iter()
                .filter(|post| post.path == path || post.path.starts_with(&folder))
                .map(|post| post.path.clone()),
        );
        report.remove_path(path);
    }
    for change in changes {
        match change {
            SiteChange::Updated(path) => update(report, path, &mut touched),
            SiteChange::Removed(path) => remove(report, path, &mut touched),
            SiteChange::Renamed { from, to } => {
                remove(report, from, &mut touched);
                update(report, to, &mut touched);
            }
        }
    }
    report.refresh_site_findings();
    touched.sort();
    touched.dedup();
    touched
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("postwright-site-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(root: &Path, path: &str, text: &str) {
        let full = full_path(root, path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }

    fn hugo_site(name: &str) -> PathBuf {
        let root = scratch(name);
        write(
            &root,
            "hugo.toml",
            "baseURL = \"https://harbour.example/\"\n",
        );
        write(
            &root,
            "public/posts/old/index.html",
            "<a href=\"https://built.example/\">x</a>",
        );
        write(&root, "themes/t/content/x.md", "theme content");
        for number in 0..12 {
            write(
                &root,
                &format!("content/posts/post-{number}.md"),
                &format!(
                    "---\ntitle: Post {number}\ndate: 2026-01-{:02}\ntags: [sea]\n---\n\
                     [ad](https://pills.example/) [next](/posts/post-{}/)\n",
                    number + 1,
                    number + 1
                ),
            );
        }
        root
    }

    #[test]
    fn a_scan_skips_what_the_generator_builds_and_agrees_on_any_number_of_threads() {
        let root = hugo_site("scan");
        let one = scan(
            &root,
            &ScanOptions {
                jobs: Some(1),
                ..ScanOptions::default()
            },
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        let seen = AtomicUsize::new(0);
        let two = scan(
            &root,
            &ScanOptions {
                jobs: Some(2),
                ..ScanOptions::default()
            },
            &|progress| {
                seen.fetch_max(progress.done, Ordering::Relaxed);
                assert_eq!(progress.total, 12);
            },
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(seen.load(Ordering::Relaxed), 12);
        assert_eq!(one.site.generator, Generator::Hugo);
        assert!(
            !one.site.listing.has_folder("public"),
            "built pages are skipped"
        );
        assert!(!one.site.listing.has_folder("themes"));
        assert_eq!(one.posts, two.posts);
        let last = one.post("content/posts/post-11.md").unwrap();
        assert!(
            last.report
                .findings
                .iter()
                .any(|finding| finding.rule.id() == "broken-internal-link"),
            "post-12 does not exist: {:?}",
            last.report.findings
        );
        assert!(last.report.links.is_empty(), "links not kept unless asked");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_background_scan_hands_over_rows_then_the_report() {
        let root = hugo_site("background");
        let scan = SiteScan::start(root.clone(), ScanOptions::default(), || {});
        let start = Instant::now();
        let mut rows = Vec::new();
        let report = loop {
            rows.extend(scan.take_rows());
            if let Some(result) = scan.take_result() {
                break result.unwrap();
            }
            assert!(start.elapsed() < Duration::from_secs(30), "the scan ends");
            std::thread::sleep(Duration::from_millis(5));
        };
        rows.extend(scan.take_rows());
        assert_eq!(rows.len(), 12);
        assert_eq!(scan.progress().done, 12);
        assert_eq!(report.posts.len(), 12);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn new_files_never_replace_old_ones() {
        let root = scratch("new-file");
        let path = root.join("a/b.md");
        write_new_file(&path, b"first").unwrap();
        let error = write_new_file(&path, b"second").unwrap_err();
        assert!(
            matches!(&error, StorageError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
        );
        assert_eq!(fs::read(&path).unwrap(), b"first");
        let leftovers: Vec<_> = fs::read_dir(root.join("a")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn images_are_numbered_from_the_slug_and_never_overwrite() {
        let root = scratch("images");
        write(&root, "_config.yml", "title: Tarts\n");
        write(
            &root,
            "_posts/2026-03-14-lemon-tart.md",
            "---\ntitle: Lemon tart\n---\n",
        );
        write(&root, "assets/images/lemon-tart-1.png", "taken");
        let site = open_site(&root, None).unwrap();
        let post_path = root.join("_posts/2026-03-14-lemon-tart.md");
        let post = Post::parse("---\ntitle: Lemon tart\n---\n");
        let png = png_of_pixels(1, 1, &[255, 0, 0, 255]).unwrap();
        let placed =
            place_image(&root, &site, &post_path, &post, ImageSource::Bytes(&png)).unwrap();
        assert_eq!(placed.path, root.join("assets/images/lemon-tart-2.png"));
        assert_eq!(placed.url, "/assets/images/lemon-tart-2.png");
        assert_eq!(placed.markdown, "![](/assets/images/lemon-tart-2.png)");
        assert_eq!(placed.alt_at, 2);
        assert_eq!(
            fs::read(root.join("assets/images/lemon-tart-1.png")).unwrap(),
            b"taken"
        );
        // The listing still thinks -2 is free: the disk says otherwise.
        let again = place_image(
            &root,
            &site,
            &post_path,
            &post,
            ImageSource::Pixels {
                width: 1,
                height: 1,
                rgba: &[0, 0, 255, 255],
            },
        )
        .unwrap();
        assert_eq!(again.url, "/assets/images/lemon-tart-3.png");
        assert!(matches!(
            place_image(
                &root,
                &site,
                &post_path,
                &post,
                ImageSource::Bytes(b"plain text")
            ),
            Err(SiteError::NotAnImage(_))
        ));
        let elsewhere = place_image(
            &root,
            &site,
            Path::new("/somewhere/else.md"),
            &post,
            ImageSource::Bytes(&png),
        );
        assert!(matches!(elsewhere, Err(SiteError::OutsideSite { .. })));
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_new_post_follows_the_site_and_is_never_written_twice() {
        let root = scratch("new-post");
        write(&root, "_config.yml", "title: Tarts\n");
        for day in 1..=3 {
            write(
                &root,
                &format!("_posts/2026-03-0{day}-tart-{day}.md"),
                &format!("---\nlayout: post\ntitle: Tart {day}\ncategories: [baking]\n---\nText\n"),
            );
        }
        let site = open_site(&root, None).unwrap();
        let today = jiff::civil::date(2026, 3, 14);
        let path = create_post(&root, &site, "Lemon Tart", today, false).unwrap();
        assert_eq!(path, root.join("_posts/2026-03-14-lemon-tart.md"));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "---\nlayout: post\ntitle: Lemon Tart\ncategories: []\n---\n\n"
        );
        let again = create_post(&root, &site, "Lemon Tart", today, false).unwrap_err();
        assert!(again.to_string().contains("already has"), "{again}");
        let _ = fs::remove_dir_all(&root);
    }

    fn wait_for(watcher: &SiteWatcher, done: impl Fn(&[SiteChange]) -> bool) -> Vec<SiteChange> {
        let start = Instant::now();
        let mut all = Vec::new();
        while start.elapsed() < Duration::from_secs(5) {
            all.extend(watcher.take_changes());
            if done(&all) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        all
    }

    #[test]
    fn the_watcher_reports_posts_added_renamed_and_removed() {
        let root = hugo_site("watch");
        let mut report = scan(
            &root,
            &ScanOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        let watcher = SiteWatcher::watch(&root, Generator::Hugo, || {}).unwrap();
        write(
            &root,
            "content/posts/post-12.md",
            "---\ntitle: Post 12\n---\nNew.\n",
        );
        write(&root, "public/index.html", "rebuilt");
        let added = wait_for(&watcher, |changes| {
            changes.contains(&SiteChange::Updated("content/posts/post-12.md".to_owned()))
        });
        assert!(
            added
                .iter()
                .all(|change| !format!("{change:?}").contains("public")),
            "{added:?}"
        );
        let touched = apply_changes(&root, &mut report, &added, false);
        assert_eq!(touched, ["content/posts/post-12.md"]);
        let last = report.post("content/posts/post-11.md").unwrap();
        assert!(
            !last
                .report
                .findings
                .iter()
                .any(|finding| finding.rule.id() == "broken-internal-link"),
            "post-12 exists now"
        );
        fs::rename(
            root.join("content/posts/post-0.md"),
            root.join("content/posts/renamed.md"),
        )
        .unwrap();
        let renamed = wait_for(&watcher, |changes| {
            changes
                .iter()
                .any(|change| matches!(change, SiteChange::Renamed { .. }))
                || changes.contains(&SiteChange::Updated("content/posts/renamed.md".to_owned()))
        });
        apply_changes(&root, &mut report, &renamed, false);
        assert!(
            report.post("content/posts/renamed.md").is_some(),
            "{renamed:?}"
        );
        assert!(
            report.post("content/posts/post-0.md").is_none(),
            "{renamed:?}"
        );
        fs::remove_file(root.join("content/posts/post-1.md")).unwrap();
        let removed = wait_for(&watcher, |changes| {
            changes.contains(&SiteChange::Removed("content/posts/post-1.md".to_owned()))
        });
        apply_changes(&root, &mut report, &removed, false);
        assert!(report.post("content/posts/post-1.md").is_none());
        assert_eq!(report.posts.len(), 12);
        let _ = fs::remove_dir_all(&root);
    }
}
