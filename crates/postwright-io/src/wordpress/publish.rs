//! Carrying out a [`PublishPlan`]: upload the local images (each file once per blog,
//! remembered by content hash), find or create the tags and categories, and create or
//! update the post, reporting each step and stopping between requests when cancelled.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::client::{Client, Media, Taxonomy, remote_post};
use super::error::WordPressError;
use postwright_core::post::Post;
use postwright_core::wordpress::{
    FeaturedSource, LocalImage, PublishPlan, RemoteKind, RemoteLink, RemotePost,
};

/// An uploaded copy, remembered by the file's content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedMedia {
    /// The media item's id.
    pub id: u64,
    /// Its address.
    pub url: String,
}

/// What was uploaded to which blog, kept in `blog-media.json` in the config folder, so
/// that publishing again (after an edit, or after a failure half way) reuses the uploads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MediaMemory {
    path: Option<PathBuf>,
    /// REST root → SHA-256 of the file (hex) → the copy.
    blogs: BTreeMap<String, BTreeMap<String, RememberedMedia>>,
}

/// The media memory's file in the config folder.
pub fn media_memory_file(config_folder: &Path) -> PathBuf {
    config_folder.join("blog-media.json")
}

impl MediaMemory {
    /// Reads the memory from `path`; a missing or unreadable file starts empty (the worst
    /// that can happen is an upload made twice).
    pub fn load(path: &Path) -> MediaMemory {
        let blogs = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        MediaMemory {
            path: Some(path.to_owned()),
            blogs,
        }
    }

    /// A memory kept in memory only.
    pub fn in_memory() -> MediaMemory {
        MediaMemory::default()
    }

    /// The copy of the file with `hash` on the blog at `root`.
    pub fn get(&self, root: &str, hash: &str) -> Option<&RememberedMedia> {
        self.blogs.get(root)?.get(hash)
    }

    fn remember(&mut self, root: &str, hash: &str, media: &Media) {
        self.blogs.entry(root.to_owned()).or_default().insert(
            hash.to_owned(),
            RememberedMedia {
                id: media.id,
                url: media.source_url.clone(),
            },
        );
        self.save();
    }

    fn forget(&mut self, root: &str, hash: &str) {
        if let Some(blog) = self.blogs.get_mut(root) {
            blog.remove(hash);
        }
        self.save();
    }

    /// Writes the file at once, so that a publish that fails later still remembers what
    /// it uploaded. A memory that cannot be written costs a second upload, nothing more.
    fn save(&self) {
        let Some(path) = &self.path else {
            return;
        };
        if let Some(folder) = path.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        if let Ok(json) = serde_json::to_string_pretty(&self.blogs) {
            let _ = crate::files::save(path, json.as_bytes());
        }
    }
}

/// The SHA-256 of a file's content, in hex: what identifies an upload.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What a publish is given besides the client.
#[derive(Clone, Copy, Debug)]
pub struct PublishInput<'a> {
    /// The post, as the plan was computed from it.
    pub post: &'a Post,
    /// The folder the post's relative image paths start from; `None` for a post never
    /// saved (which then cannot have local images uploaded).
    pub post_folder: Option<&'a Path>,
    /// The plan, as the author saw it.
    pub plan: &'a PublishPlan,
    /// The author confirmed the audit's errors.
    pub errors_confirmed: bool,
    /// Overwrite the blog's copy even though it changed since the last publish (the
    /// author chose "overwrite" after a [`PublishOutcome::RemoteChanged`]).
    pub overwrite_remote_changes: bool,
}

/// A step of a publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublishStep {
    /// Looking whether the blog's copy changed since the last publish.
    CheckingRemote,
    /// Uploading a local image.
    Uploading {
        /// The image's path.
        path: String,
    },
    /// Reusing an image uploaded before.
    Reusing {
        /// The image's path.
        path: String,
    },
    /// Finding or creating a tag or category.
    Term {
        /// Its name.
        name: String,
    },
    /// Sending the post itself.
    SendingPost,
}

impl fmt::Display for PublishStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishStep::CheckingRemote => f.write_str("checking the blog's copy"),
            PublishStep::Uploading { path } => write!(f, "uploading {path:?}"),
            PublishStep::Reusing { path } => write!(f, "reusing the upload of {path:?}"),
            PublishStep::Term { name } => write!(f, "tag or category {name:?}"),
            PublishStep::SendingPost => f.write_str("sending the post"),
        }
    }
}

/// Progress, reported before each step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishProgress {
    /// The step about to run.
    pub step: PublishStep,
    /// Steps done so far.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// The post is on the blog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// Where: write it into the post's front matter with
    /// [`postwright_core::wordpress::set_remote_link`], for the author to save.
    pub link: RemoteLink,
    /// The status the blog gave it (`draft`, `publish`, `future`…).
    pub status: String,
    /// A new post was created (otherwise the existing one was updated).
    pub created: bool,
    /// Images uploaded this time.
    pub uploaded: Vec<String>,
    /// Images whose earlier upload was reused.
    pub reused: Vec<String>,
}

/// How a publish ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublishOutcome {
    /// Done.
    Published(Published),
    /// The blog's copy changed since the post was last published or pulled: ask the
    /// author whether to overwrite it (publish again with
    /// [`PublishInput::overwrite_remote_changes`]), open the blog's version
    /// ([`postwright_core::wordpress::pulled_post`] of `remote`), or cancel. Nothing was
    /// sent.
    RemoteChanged {
        /// The blog's copy as it is now.
        remote: Box<RemotePost>,
        /// The change time the post knew.
        known_modified: String,
    },
}

/// A publish that stopped: why, and what is already on the blog (publishing again reuses
/// it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishFailure {
    /// Why it stopped.
    pub error: WordPressError,
    /// What this publish already put on the blog, in sentences.
    pub on_blog: Vec<String>,
}

impl fmt::Display for PublishFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if self.on_blog.is_empty() {
            write!(f, ". Nothing was changed on the blog.")
        } else {
            write!(
                f,
                ". Already on the blog: {}; publishing again reuses them.",
                self.on_blog.join("; ")
            )
        }
    }
}

impl std::error::Error for PublishFailure {}

/// Carries out `input.plan` on the blog: the work of the publish dialog, run by the caller
/// on a thread of its own. `progress` hears of each step before it starts; setting
/// `cancel` stops the publish before the next request.
pub fn publish(
    client: &Client,
    input: &PublishInput<'_>,
    memory: &mut MediaMemory,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&PublishProgress),
) -> Result<PublishOutcome, PublishFailure> {
    let plan = input.plan;
    let mut on_blog = Vec::new();
    let fail = |error: WordPressError, on_blog: &[String]| PublishFailure {
        error,
        on_blog: on_blog.to_vec(),
    };
    if plan.has_errors() && !input.errors_confirmed {
        return Err(fail(
            WordPressError::UnconfirmedErrors {
                count: plan.errors.len(),
            },
            &[],
        ));
    }
    let uploads = plan.uploads();
    let terms: Vec<(Taxonomy, &String)> = plan
        .tags
        .iter()
        .map(|name| (Taxonomy::Tags, name))
        .chain(
            plan.categories
                .iter()
                .map(|name| (Taxonomy::Categories, name)),
        )
        .collect();
    let total = usize::from(plan.update.is_some()) + uploads.len() + terms.len() + 1;
    let mut done = 0;
    let mut step = |step: PublishStep, done: &mut usize| -> Result<(), WordPressError> {
        if cancel.load(Ordering::Relaxed) {
            return Err(WordPressError::Cancelled);
        }
        progress(&PublishProgress {
            step,
            done: *done,
            total,
        });
        *done += 1;
        Ok(())
    };

    if let Some(link) = &plan.update
        && !input.overwrite_remote_changes
    {
        step(PublishStep::CheckingRemote, &mut done).map_err(|error| fail(error, &on_blog))?;
        let json = client
            .fetch_json(RemoteKind::Post, link.id)
            .map_err(|error| fail(error, &on_blog))?;
        let modified = json
            .get("modified_gmt")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if modified != link.modified {
            let remote = client
                .complete(&json, RemoteKind::Post)
                .unwrap_or_else(|_| remote_post(&json, RemoteKind::Post));
            return Ok(PublishOutcome::RemoteChanged {
                remote: Box::new(remote),
                known_modified: link.modified.clone(),
            });
        }
    }

    let mut uploaded_urls: BTreeMap<String, String> = BTreeMap::new();
    let mut media_ids: BTreeMap<String, u64> = BTreeMap::new();
    let mut uploaded = Vec::new();
    let mut reused = Vec::new();
    for image in &uploads {
        let media = upload_once(client, input, image, memory, &mut |reusing| {
            let path = image.path.clone();
            step(
                if reusing {
                    PublishStep::Reusing { path }
                } else {
                    PublishStep::Uploading { path }
                },
                &mut done,
            )
        })
        .map_err(|error| fail(error, &on_blog))?;
        match media {
            Upload::New(media) => {
                on_blog.push(format!("the image {:?} ({})", image.path, media.source_url));
                uploaded.push(image.path.clone());
                uploaded_urls.insert(image.path.clone(), media.source_url.clone());
                media_ids.insert(image.path.clone(), media.id);
            }
            Upload::Reused(media) => {
                reused.push(image.path.clone());
                uploaded_urls.insert(image.path.clone(), media.url.clone());
                media_ids.insert(image.path.clone(), media.id);
            }
        }
    }

    let mut tag_ids = Vec::new();
    let mut category_ids = Vec::new();
    for (taxonomy, name) in terms {
        step(PublishStep::Term { name: name.clone() }, &mut done)
            .map_err(|error| fail(error, &on_blog))?;
        let id = client
            .term_id(taxonomy, name)
            .map_err(|error| fail(error, &on_blog))?;
        match taxonomy {
            Taxonomy::Tags => tag_ids.push(id),
            Taxonomy::Categories => category_ids.push(id),
        }
    }

    step(PublishStep::SendingPost, &mut done).map_err(|error| fail(error, &on_blog))?;
    let featured_media = match &plan.featured_image {
        Some((FeaturedSource::Local(image), _)) => media_ids.get(&image.path).copied(),
        _ => None,
    };
    let content = plan.content_html(input.post, &uploaded_urls);
    let fields = plan.rest_fields(&content, &tag_ids, &category_ids, featured_media);
    let json = match &plan.update {
        Some(link) => client.update_post(link.id, &fields),
        None => client.create_post(&fields),
    }
    .map_err(|error| fail(error, &on_blog))?;
    let remote = remote_post(&json, RemoteKind::Post);
    Ok(PublishOutcome::Published(Published {
        link: RemoteLink {
            blog: plan.blog.clone(),
            id: remote.id,
            url: remote.link,
            modified: remote.modified_gmt,
        },
        status: remote.status,
        created: plan.update.is_none(),
        uploaded,
        reused,
    }))
}

enum Upload {
    New(Media),
    Reused(RememberedMedia),
}

/// Uploads one image unless the same content is already on the blog, and sets its alt text.
fn upload_once(
    client: &Client,
    input: &PublishInput<'_>,
    image: &LocalImage,
    memory: &mut MediaMemory,
    step: &mut dyn FnMut(bool) -> Result<(), WordPressError>,
) -> Result<Upload, WordPressError> {
    let unreadable = |detail: String| WordPressError::ImageUnreadable {
        path: image.path.clone(),
        detail,
    };
    let Some(folder) = input.post_folder else {
        return Err(unreadable(
            "the post has not been saved, so its folder is not known".to_owned(),
        ));
    };
    let bytes = crate::files::read_asset(&folder.join(&image.path))
        .map_err(|error| unreadable(error.to_string()))?;
    let hash = content_hash(&bytes);
    if let Some(known) = memory.get(client.root(), &hash).cloned() {
        step(true)?;
        match client.media(known.id)? {
            Some(media) => {
                if media.alt_text != image.alt {
                    client.set_alt_text(media.id, &image.alt)?;
                }
                return Ok(Upload::Reused(RememberedMedia {
                    id: media.id,
                    url: media.source_url,
                }));
            }
            // Deleted on the blog since: upload it again.
            None => memory.forget(client.root(), &hash),
        }
    } else {
        step(false)?;
    }
    let mime = postwright_core::export::sniff_mime(&bytes).ok_or_else(|| {
        unreadable("it is not a PNG, JPEG, GIF, WebP, AVIF or SVG image".to_owned())
    })?;
    let file_name = Path::new(&image.path)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".to_owned());
    let media = client.upload_media(&file_name, bytes, mime)?;
    memory.remember(client.root(), &hash, &media);
    if !image.alt.is_empty() {
        client.set_alt_text(media.id, &image.alt)?;
    }
    Ok(Upload::New(media))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_failure_says_what_is_on_the_blog() {
        let failure = PublishFailure {
            error: WordPressError::Timeout {
                url: "https://b.example/wp-json/wp/v2/posts".into(),
            },
            on_blog: vec!["the image \"a.png\" (https://b.example/a.png)".into()],
        };
        let message = failure.to_string();
        assert!(message.contains("did not answer in time"), "{message}");
        assert!(
            message.contains("Already on the blog: the image \"a.png\""),
            "{message}"
        );
        assert!(message.contains("reuses"), "{message}");
    }
}
