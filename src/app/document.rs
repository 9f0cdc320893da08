//! The open post: its text, its file, its undo history and whether it is saved.
//!
//! "Unsaved" is derived, never a flag someone must remember to set: the body's history
//! version and the front matter's text are compared with what was last written.

use std::path::{Path, PathBuf};

use postwright_core::edit::history::EditHistory;
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_io::files::{DiskState, LoadedFile};

/// A post open in the window.
pub struct OpenPost {
    /// The post.
    pub post: Post,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    /// What the file looked like when last read or written.
    pub disk: Option<DiskState>,
    /// The file or its folder cannot be written.
    pub read_only: bool,
    /// Undo history of the body.
    pub history: EditHistory,
    /// Counts every change to the body or the metadata, for what is derived from them.
    pub body_revision: u64,
    /// Domains the post linked to when last read or saved, for the audit's
    /// "new since last save" rule; filled in by the first analysis of that version.
    pub saved_domains: Option<std::collections::BTreeSet<String>>,
    /// The revision whose analysis should fill in `saved_domains`.
    pub saved_domains_revision: Option<u64>,
    saved_version: u64,
    saved_front_matter: String,
    /// The front-matter revision last compared with `saved_front_matter`, and whether they
    /// differed: the comparison writes the front matter out, so it runs once per change,
    /// not every time the window asks whether the post is saved.
    front_matter_compared: std::cell::Cell<Option<(u64, bool)>>,
}

impl OpenPost {
    /// A new, never-saved post.
    pub fn untitled(format: Format) -> Self {
        let post = Post::new(format);
        let saved_front_matter = front_matter_text(&post);
        Self {
            post,
            path: None,
            disk: None,
            read_only: false,
            history: EditHistory::default(),
            body_revision: 0,
            saved_domains: None,
            saved_domains_revision: None,
            saved_version: 0,
            saved_front_matter,
            front_matter_compared: Default::default(),
        }
    }

    /// A post read from `path`.
    pub fn from_file(path: &Path, loaded: &LoadedFile, new_front_matter_format: Format) -> Self {
        let mut post = Post::parse(&loaded.text);
        post.set_new_front_matter_format(new_front_matter_format);
        let saved_front_matter = front_matter_text(&post);
        Self {
            post,
            path: Some(path.to_owned()),
            disk: Some(loaded.disk),
            read_only: loaded.read_only,
            history: EditHistory::default(),
            body_revision: 0,
            saved_domains: None,
            saved_domains_revision: Some(0),
            saved_version: 0,
            saved_front_matter,
            front_matter_compared: Default::default(),
        }
    }

    /// Numbers this post's revisions on from `previous`, the last revision of the post it
    /// replaces in the window, so that no revision number is ever used twice: a late
    /// analysis of the previous post can then never be taken for this one.
    pub fn continue_revisions_after(&mut self, previous: u64) {
        let first = previous.wrapping_add(1);
        if let Some(revision) = &mut self.saved_domains_revision {
            *revision = revision.wrapping_add(first);
        }
        self.body_revision = self.body_revision.wrapping_add(first);
    }

    /// Whether the post differs from its file (or, never saved, has any content).
    pub fn is_dirty(&self) -> bool {
        if self.history.version() != self.saved_version {
            return true;
        }
        let revision = self.post.front_matter_revision();
        if let Some((compared, differs)) = self.front_matter_compared.get()
            && compared == revision
        {
            return differs;
        }
        let differs = front_matter_text(&self.post) != self.saved_front_matter;
        self.front_matter_compared.set(Some((revision, differs)));
        differs
    }

    /// Records that the post was just written to `path`.
    pub fn mark_saved(&mut self, path: &Path, disk: DiskState) {
        self.path = Some(path.to_owned());
        self.disk = Some(disk);
        self.read_only = false;
        self.saved_version = self.history.version();
        self.saved_front_matter = front_matter_text(&self.post);
        self.front_matter_compared.set(None);
        self.saved_domains_revision = Some(self.body_revision);
    }

    /// Marks the post unsaved whatever its history says: its text came from somewhere
    /// other than its file (a recovered copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_version = u64::MAX;
        self.saved_front_matter = "\u{0}".to_owned();
        self.front_matter_compared.set(None);
    }

    /// The name shown in the title bar and prompts: the post's title, else its file name.
    pub fn display_name(&self) -> String {
        let title = self.post.metadata().title.trim();
        if !title.is_empty() {
            return title.to_owned();
        }
        self.file_name().unwrap_or_else(|| "Untitled".to_owned())
    }

    /// The file's name, if it has a file.
    pub fn file_name(&self) -> Option<String> {
        self.path
            .as_ref()
            .and_then(|path| path.file_name())
            .map(|name| name.to_string_lossy().into_owned())
    }

    /// The folder the post lives in, for relative images and links.
    pub fn folder(&self) -> Option<PathBuf> {
        self.path
            .as_ref()
            .and_then(|path| path.parent())
            .map(Path::to_path_buf)
    }
}

/// The front matter as written in the file (empty when there is none).
pub fn front_matter_text(post: &Post) -> String {
    let mut text = String::new();
    if let Some(front_matter) = post.front_matter() {
        front_matter.write_to(&mut text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsaved_follows_the_front_matter_there_and_back() {
        let mut doc = OpenPost::untitled(Format::Yaml);
        assert!(!doc.is_dirty());
        let mut metadata = doc.post.metadata().clone();
        metadata.title = "A first title".into();
        doc.post.set_metadata(&metadata).unwrap();
        assert!(doc.is_dirty(), "a new title is unsaved");
        assert!(doc.is_dirty(), "and stays so when asked again");
        let disk = DiskState {
            len: 0,
            modified: None,
            hash: 0,
        };
        doc.mark_saved(Path::new("post.md"), disk);
        assert!(!doc.is_dirty(), "saved");
        metadata.title = "A second title".into();
        doc.post.set_metadata(&metadata).unwrap();
        assert!(doc.is_dirty());
        metadata.title = "A first title".into();
        doc.post.set_metadata(&metadata).unwrap();
        assert!(!doc.is_dirty(), "back to what was saved");
        doc.post
            .set_front_matter_raw("title: typed by hand\n".into());
        assert!(doc.is_dirty(), "raw front matter edited");
    }
}
