//! Local images of an exported post: read through the caller's closure, then copied into
//! a folder beside the page or embedded as `data:` URLs.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::ops::Range;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::{ExportFile, ExportIssue, ImageMode, IssueKind};
use crate::local_file::{LocalFile, local_file};

/// Reads the bytes of a local image, or says why it cannot; the caller backs it with
/// the I/O layer's `files::read_asset`. The reason is only shown to the author (in the
/// export's report), so it is a sentence rather than a type to react to.
pub type ReadImage<'r> = dyn FnMut(&Path) -> Result<Vec<u8>, String> + 'r;

/// An image as the exported page refers to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedImage {
    /// The new `src`.
    pub src: String,
    /// Size in pixels, when the image format tells it.
    pub size: Option<(u32, u32)>,
}

/// Resolves, reads, and copies or embeds local images, each once.
pub(crate) struct ImageResolver<'r> {
    mode: ImageMode,
    post_dir: Option<&'r Path>,
    read: &'r mut ReadImage<'r>,
    cache: HashMap<String, Option<ResolvedImage>>,
    used_names: HashSet<String>,
    files: Vec<ExportFile>,
}

impl<'r> ImageResolver<'r> {
    pub(crate) fn new(
        mode: ImageMode,
        post_dir: Option<&'r Path>,
        read: &'r mut ReadImage<'r>,
    ) -> Self {
        Self {
            mode,
            post_dir,
            read,
            cache: HashMap::new(),
            used_names: HashSet::new(),
            files: Vec::new(),
        }
    }

    /// The files to write beside the page (copy mode).
    pub(crate) fn into_files(self) -> Vec<ExportFile> {
        self.files
    }

    /// What an image address becomes, or `None` to keep it as written: when images are
    /// kept, when the address names no file on this computer (see
    /// [`crate::local_file`]), or when the file cannot be read (which is reported).
    pub(crate) fn resolve(
        &mut self,
        address: &str,
        range: Option<Range<usize>>,
        issues: &mut Vec<ExportIssue>,
    ) -> Option<ResolvedImage> {
        if self.mode == ImageMode::Keep {
            return None;
        }
        if let ImageMode::Replace(addresses) = &self.mode {
            let replaced = addresses.get(address).map(|src| ResolvedImage {
                src: src.clone(),
                size: None,
            });
            if replaced.is_none() {
                issues.push(ExportIssue::new(
                    IssueKind::MissingImage,
                    range,
                    format!("the image {address:?} has no uploaded copy; it was kept as written"),
                ));
            }
            return replaced;
        }
        if let Some(cached) = self.cache.get(address) {
            return cached.clone();
        }
        let resolved = self.read_and_place(address, range, issues);
        self.cache.insert(address.to_owned(), resolved.clone());
        resolved
    }

    fn read_and_place(
        &mut self,
        address: &str,
        range: Option<Range<usize>>,
        issues: &mut Vec<ExportIssue>,
    ) -> Option<ResolvedImage> {
        let path = match local_file(address, self.post_dir) {
            LocalFile::Path(path) => path,
            LocalFile::Unsaved(relative) => {
                issues.push(ExportIssue::new(
                    IssueKind::MissingImage,
                    range,
                    format!(
                        "the image {relative:?} is relative to the post, which has not been \
                         saved yet; save the post next to its images and export again"
                    ),
                ));
                return None;
            }
            // A web address or a data: image, kept as written.
            LocalFile::NotLocal => return None,
        };
        let bytes = match (self.read)(&path) {
            Ok(bytes) => bytes,
            Err(why) => {
                issues.push(ExportIssue::new(
                    IssueKind::MissingImage,
                    range,
                    format!(
                        "the image {address:?} could not be read: {why}; the page links to \
                         it as written, so it will show as broken until the file is there"
                    ),
                ));
                return None;
            }
        };
        let size = dimensions(&bytes);
        match &self.mode {
            ImageMode::Keep | ImageMode::Replace(_) => None,
            ImageMode::Embed => {
                let Some(mime) = sniff_mime(&bytes) else {
                    issues.push(ExportIssue::new(
                        IssueKind::MissingImage,
                        range,
                        format!(
                            "{address:?} is not a PNG, JPEG, GIF, WebP, AVIF or SVG image, so it \
                             cannot be embedded; it was kept as written"
                        ),
                    ));
                    return None;
                };
                let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
                Some(ResolvedImage {
                    src: format!("data:{mime};base64,{encoded}"),
                    size,
                })
            }
            ImageMode::Copy { folder } => {
                let folder = safe_name(folder);
                let name = self.unique_name(&path);
                let src = format!("{folder}/{name}");
                self.files.push(ExportFile {
                    path: PathBuf::from(&folder).join(&name),
                    bytes,
                });
                Some(ResolvedImage { src, size })
            }
        }
    }

    /// A file name for the copy, safe in a URL and unique in the folder.
    fn unique_name(&mut self, path: &Path) -> String {
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "image".to_owned());
        let name = safe_name(&file_name);
        let (stem, extension) = match name.rfind('.') {
            Some(dot) if dot > 0 => (name[..dot].to_owned(), name[dot..].to_owned()),
            _ => (name.clone(), String::new()),
        };
        let mut candidate = name;
        let mut counter = 2;
        while !self.used_names.insert(candidate.clone()) {
            candidate = format!("{stem}-{counter}{extension}");
            counter += 1;
        }
        candidate
    }
}

/// Letters, digits, `.`, `_` and `-` kept; anything else becomes `-`.
pub(crate) fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "images".to_owned()
    } else {
        cleaned
    }
}

/// The MIME type of image bytes, read from their signature.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some("image/avif")
    } else if is_svg(bytes) {
        Some("image/svg+xml")
    } else {
        None
    }
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let Ok(text) = std::str::from_utf8(head) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<svg") || text.starts_with("<?xml") || text.starts_with("<!--"))
        && text.contains("<svg")
}

/// Width and height in pixels, for raster formats that say so in their header.
fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART_PNG: &[u8] =
        include_bytes!("../../../../sample_posts/images/feature-usage-chart.png");

    #[test]
    fn copies_once_under_unique_safe_names() {
        let mut read = |path: &Path| -> Result<Vec<u8>, String> {
            if path.ends_with("missing.png") {
                Err("not found".into())
            } else {
                Ok(CHART_PNG.to_vec())
            }
        };
        let mut resolver = ImageResolver::new(
            ImageMode::Copy {
                folder: "post images".into(),
            },
            Some(Path::new("/posts")),
            &mut read,
        );
        let mut issues = Vec::new();
        let first = resolver.resolve("a/cat%20one.png", None, &mut issues);
        assert_eq!(
            first,
            Some(ResolvedImage {
                src: "post-images/cat-one.png".into(),
                size: Some((1000, 600))
            })
        );
        assert_eq!(
            resolver.resolve("a/cat%20one.png", None, &mut issues),
            first
        );
        let other = resolver.resolve("b/cat one.png", None, &mut issues);
        assert_eq!(
            other.map(|image| image.src).as_deref(),
            Some("post-images/cat-one-2.png")
        );
        assert_eq!(
            resolver.resolve("missing.png", Some(3..9), &mut issues),
            None
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].range, Some(3..9));
        assert_eq!(resolver.into_files().len(), 2);
    }

    #[test]
    fn embeds_known_types_only() {
        let mut read = |path: &Path| -> Result<Vec<u8>, String> {
            Ok(if path.ends_with("a.png") {
                CHART_PNG.to_vec()
            } else {
                b"%PDF-1.7".to_vec()
            })
        };
        let mut resolver = ImageResolver::new(ImageMode::Embed, Some(Path::new(".")), &mut read);
        let mut issues = Vec::new();
        let png = resolver
            .resolve("a.png", None, &mut issues)
            .expect("embedded");
        assert!(
            png.src.starts_with("data:image/png;base64,iVBOR"),
            "{}",
            png.src
        );
        assert_eq!(resolver.resolve("b.pdf", None, &mut issues), None);
        assert_eq!(issues.len(), 1);
        assert_eq!(sniff_mime(b"  <svg xmlns='x'/>"), Some("image/svg+xml"));
    }
}
