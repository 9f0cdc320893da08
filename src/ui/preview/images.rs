//! Images in the preview: where an image's source resolves to (through
//! [`postwright_core::local_file`], shared with the export and the audit), a bytes loader
//! that reads local images through [`postwright_io::files::read_asset`] on a background
//! thread, and the state of an image for drawing (ready, loading, failed, not fetched).
//!
//! Local images get a `postwright-image://` URI so that only this loader, never a generic
//! file loader, reads them. Remote images are handed to egui's loaders only when the
//! author allowed it in the settings; otherwise nothing is requested at all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::task::Poll;

use egui::load::{Bytes, BytesLoadResult, BytesLoader, BytesPoll, LoadError, SizeHint};
use egui::mutex::Mutex;
use egui::{Context, TextureOptions, load::SizedTexture, load::TexturePoll};

use super::PreviewSettings;
use postwright_core::destination::{self, Destination, Usage};
use postwright_core::local_file::{LocalFile, local_file};
use postwright_io::files;

/// The URI scheme of local images read through [`files::read_asset`].
pub const IMAGE_URI_SCHEME: &str = "postwright-image://";

/// Installs egui's image decoders and the local image loader on `ctx`. Safe to call every
/// frame: nothing is installed twice.
pub fn install_image_loaders(ctx: &Context) {
    egui_extras::install_image_loaders(ctx);
    if !ctx.is_loader_installed(AssetLoader::ID) {
        ctx.add_bytes_loader(Arc::new(AssetLoader::default()));
    }
}

/// Where an image's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ImageSource {
    /// A file on this machine, with the URI the loader knows it by.
    Local { path: PathBuf, uri: String },
    /// An `http:` or `https:` URL.
    Remote(String),
    /// Nothing the preview can show, and why.
    Unavailable(String),
}

/// Resolves an image source as written in the post. Files on this computer are found by
/// [`local_file`], as the export finds the images it copies and the audit the ones it
/// checks (relative paths against the post's folder, absolute paths and `file:` URLs as
/// they are); `http(s):` URLs are remote.
pub(super) fn image_source(url: &str, base_folder: Option<&Path>) -> ImageSource {
    let cleaned = destination::cleaned(url);
    if cleaned.is_empty() {
        return ImageSource::Unavailable("the image has no source".to_owned());
    }
    if let Some(danger) = destination::danger(url, Usage::Image) {
        return ImageSource::Unavailable(format!(
            "{}: images are not shown: {danger}",
            danger.scheme()
        ));
    }
    match local_file(url, base_folder) {
        LocalFile::Path(path) => {
            let uri = format!("{IMAGE_URI_SCHEME}{}", path.display());
            return ImageSource::Local { path, uri };
        }
        LocalFile::Unsaved(_) => {
            return ImageSource::Unavailable(
                "the post has not been saved yet, so there is no folder to find relative \
                 images in; save it first"
                    .to_owned(),
            );
        }
        LocalFile::NotLocal => {}
    }
    match destination::classify(url) {
        Destination::OtherSite => ImageSource::Remote(format!("https:{cleaned}")),
        kind if kind.is_other_site() => ImageSource::Remote(cleaned.into_owned()),
        Destination::Scheme(scheme) => ImageSource::Unavailable(format!(
            "{scheme}: images are not shown in the preview; use a file next to the post or \
             an https:// address"
        )),
        _ => ImageSource::Unavailable("the address names no image file".to_owned()),
    }
}

/// What can be drawn for an image this frame.
#[derive(Clone, Debug)]
pub(super) enum ImageState {
    /// Loaded: the texture and its size in texels.
    Ready(SizedTexture),
    /// Being read or decoded; egui repaints when it is done.
    Loading,
    /// Could not be shown, and why.
    Failed(String),
    /// A remote image while remote images are off.
    NotFetched,
}

/// The state of the image at `source`, starting its load if needed. Remote images are
/// requested only when `settings.remote_images` is on.
pub(super) fn image_state(
    ctx: &Context,
    source: &ImageSource,
    settings: &PreviewSettings,
) -> ImageState {
    let uri = match source {
        ImageSource::Local { uri, .. } => uri.as_str(),
        ImageSource::Remote(url) if settings.remote_images => url.as_str(),
        ImageSource::Remote(_) => return ImageState::NotFetched,
        ImageSource::Unavailable(reason) => return ImageState::Failed(reason.clone()),
    };
    match ctx.try_load_texture(uri, TextureOptions::LINEAR, SizeHint::default()) {
        Ok(TexturePoll::Ready { texture }) => ImageState::Ready(texture),
        Ok(TexturePoll::Pending { .. }) => ImageState::Loading,
        Err(LoadError::Loading(message)) => ImageState::Failed(message),
        Err(LoadError::NoMatchingBytesLoader) if matches!(source, ImageSource::Remote(_)) => {
            ImageState::Failed("this build cannot load remote images".to_owned())
        }
        Err(error) => ImageState::Failed(error.to_string()),
    }
}

type Entry = Poll<Result<Arc<[u8]>, String>>;

/// Reads `postwright-image://` URIs with [`files::read_asset`] on a background thread.
#[derive(Default)]
pub struct AssetLoader {
    cache: Arc<Mutex<HashMap<String, Entry>>>,
}

impl AssetLoader {
    /// The loader's id in egui's loader list.
    pub const ID: &'static str = egui::generate_loader_id!(AssetLoader);
}

impl BytesLoader for AssetLoader {
    fn id(&self) -> &str {
        Self::ID
    }

    fn load(&self, ctx: &Context, uri: &str) -> BytesLoadResult {
        let Some(path) = uri.strip_prefix(IMAGE_URI_SCHEME) else {
            return Err(LoadError::NotSupported);
        };
        let mut cache = self.cache.lock();
        if let Some(entry) = cache.get(uri) {
            return match entry {
                Poll::Ready(Ok(bytes)) => Ok(BytesPoll::Ready {
                    size: None,
                    bytes: Bytes::Shared(Arc::clone(bytes)),
                    mime: mime_of(Path::new(path)),
                }),
                Poll::Ready(Err(message)) => Err(LoadError::Loading(message.clone())),
                Poll::Pending => Ok(BytesPoll::Pending { size: None }),
            };
        }
        cache.insert(uri.to_owned(), Poll::Pending);
        drop(cache);
        let cache = Arc::clone(&self.cache);
        let uri = uri.to_owned();
        let path = PathBuf::from(path);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("preview image".to_owned())
            .spawn({
                let cache = Arc::clone(&cache);
                let uri = uri.clone();
                move || {
                    let result = files::read_asset(&path)
                        .map(Arc::from)
                        .map_err(|error| error.to_string());
                    let still_wanted = match cache.lock().get_mut(&uri) {
                        Some(entry) => {
                            *entry = Poll::Ready(result);
                            true
                        }
                        None => false,
                    };
                    if still_wanted {
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(error) = spawned {
            let message = format!("could not start reading the image: {error}");
            cache.lock().insert(uri, Poll::Ready(Err(message.clone())));
            return Err(LoadError::Loading(message));
        }
        Ok(BytesPoll::Pending { size: None })
    }

    fn forget(&self, uri: &str) {
        self.cache.lock().remove(uri);
    }

    fn forget_all(&self) {
        self.cache.lock().clear();
    }

    fn byte_size(&self) -> usize {
        self.cache
            .lock()
            .values()
            .map(|entry| match entry {
                Poll::Ready(Ok(bytes)) => bytes.len(),
                Poll::Ready(Err(message)) => message.len(),
                Poll::Pending => 0,
            })
            .sum()
    }

    fn has_pending(&self) -> bool {
        self.cache.lock().values().any(Poll::is_pending)
    }
}

fn mime_of(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    };
    Some(mime.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_images_are_requested_only_when_allowed() {
        // A context with no loaders: any request comes back as a failure, so "not fetched"
        // proves nothing was asked for.
        let ctx = Context::default();
        let source = ImageSource::Remote("https://example.org/x.png".to_owned());
        let off = PreviewSettings::default();
        assert!(matches!(
            image_state(&ctx, &source, &off),
            ImageState::NotFetched
        ));
        let on = PreviewSettings {
            remote_images: true,
            ..PreviewSettings::default()
        };
        assert!(matches!(
            image_state(&ctx, &source, &on),
            ImageState::Failed(_)
        ));
    }

    #[test]
    fn sources_resolve_against_the_post_folder() {
        let folder = Path::new("/posts");
        assert_eq!(
            image_source("images/a%20b.png?v=2", Some(folder)),
            ImageSource::Local {
                path: PathBuf::from("/posts/images/a b.png"),
                uri: format!("{IMAGE_URI_SCHEME}/posts/images/a b.png"),
            }
        );
        assert!(matches!(
            image_source("https://example.org/x.png", Some(folder)),
            ImageSource::Remote(_)
        ));
        assert!(matches!(
            image_source("file:///srv/x.png", None),
            ImageSource::Local { path, .. } if path == Path::new("/srv/x.png")
        ));
        assert!(matches!(
            image_source("images/x.png", None),
            ImageSource::Unavailable(reason) if reason.contains("save it first")
        ));
        assert!(matches!(
            image_source("data:image/png;base64,AAAA", Some(folder)),
            ImageSource::Unavailable(reason) if reason.starts_with("data:")
        ));
    }
}
