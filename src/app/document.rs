//! The open post: its text, its file, its undo history, whether it is saved, and the
//! revision rules of what is derived from it.
//!
//! "Unsaved" is derived, never a flag someone must remember to set: the body's history
//! version and the front matter's text are compared with what was last written. Every
//! change to the body or the metadata goes through a method here that counts it in
//! [`OpenPost::revision`], so the analysis of an older text is never taken for this one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ui::editor::EditorOutput;
use postwright_core::edit::history::EditHistory;
use postwright_core::edit::{Edit, Selection, StaleEdit};
use postwright_core::front_matter::Format;
use postwright_core::front_matter::FrontMatterError;
use postwright_core::metadata::Metadata;
use postwright_core::post::Post;
use postwright_io::files::{DiskState, LoadedFile};

/// A post open in the window.
pub struct OpenPost {
    post: Post,
    /// Its file, once it has one.
    path: Option<PathBuf>,
    /// What the file looked like when last read or written.
    disk: Option<DiskState>,
    /// The file or its folder cannot be written.
    read_only: bool,
    /// Undo history of the body.
    history: EditHistory,
    /// Counts every change to the body or the metadata, for what is derived from them.
    revision: u64,
    /// Domains the post linked to when last read or saved, for the audit's
    /// "new since last save" rule; filled in by the first analysis of that version.
    saved_domains: Option<BTreeSet<String>>,
    /// The revision whose analysis should fill in `saved_domains`.
    saved_domains_revision: Option<u64>,
    saved_version: u64,
    saved_front_matter: String,
    /// The front-matter revision last compared with `saved_front_matter`, and whether they
    /// differed: the comparison writes the front matter out, so it runs once per change,
    /// not every time the window asks whether the post is saved.
    front_matter_compared: std::cell::Cell<Option<(u64, bool)>>,
    /// The body of one revision as the worker threads read it, so that the analysis and
    /// the find bar's search of a long post share one copy.
    shared_body: Option<(u64, Arc<str>)>,
}

impl OpenPost {
    /// A new, never-saved post.
    pub fn untitled(format: Format) -> Self {
        Self::with_post(Post::new(format), None, None, false, None)
    }

    /// A post read from `path`.
    pub fn from_file(path: &Path, loaded: &LoadedFile, new_front_matter_format: Format) -> Self {
        let mut post = Post::parse(&loaded.text);
        post.set_new_front_matter_format(new_front_matter_format);
        let path = Some(path.to_owned());
        Self::with_post(post, path, Some(loaded.disk), loaded.read_only, Some(0))
    }

    /// A recovered copy of unsaved work: `text` belongs at `path` (whose file, if it could be
    /// read, looks like `disk` and may be read-only), and is unsaved whatever the file holds.
    pub fn recovered(
        text: &str,
        path: Option<PathBuf>,
        disk: Option<DiskState>,
        read_only: bool,
        new_front_matter_format: Format,
    ) -> Self {
        let mut post = Post::parse(text);
        post.set_new_front_matter_format(new_front_matter_format);
        let mut doc = Self::with_post(post, path, disk, read_only, None);
        doc.saved_version = u64::MAX;
        doc.saved_front_matter = "\u{0}".to_owned();
        doc
    }

    fn with_post(
        post: Post,
        path: Option<PathBuf>,
        disk: Option<DiskState>,
        read_only: bool,
        saved_domains_revision: Option<u64>,
    ) -> Self {
        let saved_front_matter = front_matter_text(&post);
        Self {
            post,
            path,
            disk,
            read_only,
            history: EditHistory::default(),
            revision: 0,
            saved_domains: None,
            saved_domains_revision,
            saved_version: 0,
            saved_front_matter,
            front_matter_compared: Default::default(),
            shared_body: None,
        }
    }

    /// The post.
    pub fn post(&self) -> &Post {
        &self.post
    }

    /// Its file, once it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What the file looked like when last read or written, if that is known.
    pub fn disk(&self) -> Option<DiskState> {
        self.disk
    }

    /// Whether the file or its folder cannot be written.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Counts every change to the body or the metadata: what was derived from an older
    /// revision is out of date.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Domains the post linked to when last read or saved, once known.
    pub fn saved_domains(&self) -> Option<&BTreeSet<String>> {
        self.saved_domains.as_ref()
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Numbers this post's revisions on from `previous`, the last revision of the post it
    /// replaces in the window, so that no revision number is ever used twice: a late
    /// analysis of the previous post can then never be taken for this one.
    pub fn continue_revisions_after(&mut self, previous: u64) {
        let first = previous.wrapping_add(1);
        if let Some(revision) = &mut self.saved_domains_revision {
            *revision = revision.wrapping_add(first);
        }
        self.revision = self.revision.wrapping_add(first);
        self.shared_body = None;
    }

    /// The body as of this revision, for a worker thread to read: copied once per
    /// revision however many ask (the analysis and the find bar's search of a long post).
    pub fn shared_body(&mut self) -> Arc<str> {
        match &self.shared_body {
            Some((revision, body)) if *revision == self.revision => Arc::clone(body),
            _ => {
                let body: Arc<str> = Arc::from(self.post.body());
                self.shared_body = Some((self.revision, Arc::clone(&body)));
                body
            }
        }
    }

    /// Applies `edit` to the body as one undo step, `selection_before` being where the
    /// selection was. An edit the body has moved on from is refused whole.
    pub fn apply_edit(
        &mut self,
        edit: Edit,
        selection_before: Selection,
        time: f64,
    ) -> Result<(), StaleEdit> {
        edit.apply(self.post.body_mut())?;
        self.history.record(edit, selection_before, time);
        self.revision += 1;
        Ok(())
    }

    /// Lends the body to the editor for one frame: it changes the text in place, and what
    /// it reports is recorded as one undo step (or joins the step being typed). Returns
    /// whether the author changed anything.
    pub fn type_into_body(
        &mut self,
        time: f64,
        editor: impl FnOnce(&mut String) -> EditorOutput,
    ) -> bool {
        let output = editor(self.post.body_mut());
        let Some((typed, selection_before)) = output.typed() else {
            return false;
        };
        self.history.record(typed, selection_before, time);
        self.revision += 1;
        true
    }

    /// Undoes the last step; returns what it did to the body.
    pub fn undo(&mut self) -> Result<Option<Edit>, StaleEdit> {
        let undone = self.history.undo(self.post.body_mut())?;
        if undone.is_some() {
            self.revision += 1;
        }
        Ok(undone)
    }

    /// Redoes the step last undone; returns what it did to the body.
    pub fn redo(&mut self) -> Result<Option<Edit>, StaleEdit> {
        let redone = self.history.redo(self.post.body_mut())?;
        if redone.is_some() {
            self.revision += 1;
        }
        Ok(redone)
    }

    /// Changes the metadata (the front matter is rewritten in its own format), or explains
    /// why it cannot be and changes nothing.
    pub fn set_metadata(&mut self, metadata: &Metadata) -> Result<(), FrontMatterError> {
        self.post.set_metadata(metadata)?;
        self.revision += 1;
        Ok(())
    }

    /// Replaces the front matter's text (typed by hand) and reads it again.
    pub fn set_front_matter_raw(&mut self, raw: String) {
        self.post.set_front_matter_raw(raw);
        self.revision += 1;
    }

    /// The format front matter is written in when the post gets some; the text is
    /// unchanged.
    pub fn set_new_front_matter_format(&mut self, format: Format) {
        self.post.set_new_front_matter_format(format);
    }

    /// The analysis of `revision` arrived: the first one of a freshly opened or saved post
    /// records which domains it links to, for the "new since last save" rule.
    pub fn analysed(&mut self, revision: u64, domains: impl FnOnce() -> BTreeSet<String>) {
        if self.saved_domains_revision == Some(revision) {
            self.saved_domains = Some(domains());
            self.saved_domains_revision = None;
        }
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

    /// Records that the post was just written to `path`. `domains` are the domains it links
    /// to, when the analysis describes the text just written: the "new since last save"
    /// findings then start afresh at once; otherwise the next analysis records them.
    pub fn mark_saved(&mut self, path: &Path, disk: DiskState, domains: Option<BTreeSet<String>>) {
        self.path = Some(path.to_owned());
        self.disk = Some(disk);
        self.read_only = false;
        self.saved_version = self.history.version();
        self.saved_front_matter = front_matter_text(&self.post);
        self.front_matter_compared.set(None);
        match domains {
            Some(domains) => {
                self.saved_domains = Some(domains);
                self.saved_domains_revision = None;
                // What was derived from the unsaved post (the findings new since the last
                // save) is out of date.
                self.revision += 1;
            }
            None => self.saved_domains_revision = Some(self.revision),
        }
    }

    /// The file on disk now looks like `disk` (the author chose to keep this version over
    /// one another program wrote), or is gone (`None`).
    pub fn set_disk(&mut self, disk: Option<DiskState>) {
        self.disk = disk;
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

    fn disk() -> DiskState {
        DiskState {
            len: 0,
            modified: None,
            hash: 0,
        }
    }

    #[test]
    fn unsaved_follows_the_front_matter_there_and_back() {
        let mut doc = OpenPost::untitled(Format::Yaml);
        assert!(!doc.is_dirty());
        let mut metadata = doc.post().metadata().clone();
        metadata.title = "A first title".into();
        doc.set_metadata(&metadata).unwrap();
        assert!(doc.is_dirty(), "a new title is unsaved");
        assert!(doc.is_dirty(), "and stays so when asked again");
        doc.mark_saved(Path::new("post.md"), disk(), None);
        assert!(!doc.is_dirty(), "saved");
        metadata.title = "A second title".into();
        doc.set_metadata(&metadata).unwrap();
        assert!(doc.is_dirty());
        metadata.title = "A first title".into();
        doc.set_metadata(&metadata).unwrap();
        assert!(!doc.is_dirty(), "back to what was saved");
        doc.set_front_matter_raw("title: typed by hand\n".into());
        assert!(doc.is_dirty(), "raw front matter edited");
    }

    #[test]
    fn every_change_counts_a_revision() {
        let mut doc = OpenPost::untitled(Format::Yaml);
        let mut last = doc.revision();
        let mut changed = |doc: &OpenPost, what: &str| {
            assert_ne!(doc.revision(), last, "{what}");
            last = doc.revision();
        };
        let edit = Edit::replace("", 0..0, "Hello".to_owned());
        doc.apply_edit(edit, Selection::default(), 0.0).unwrap();
        changed(&doc, "an edit");
        doc.undo().unwrap();
        changed(&doc, "undo");
        doc.redo().unwrap();
        changed(&doc, "redo");
        let mut metadata = doc.post().metadata().clone();
        metadata.title = "Title".into();
        doc.set_metadata(&metadata).unwrap();
        changed(&doc, "metadata");
        doc.set_front_matter_raw("title: Other\n".into());
        changed(&doc, "raw front matter");
        let stale = Edit::new(
            postwright_core::edit::Change {
                offset: 0,
                removed: "Goodbye".into(),
                inserted: String::new(),
            },
            0..0,
        );
        assert_eq!(
            doc.apply_edit(stale, Selection::default(), 1.0),
            Err(StaleEdit)
        );
        assert_eq!(doc.revision(), last, "a refused edit changes nothing");
        assert_eq!(doc.post().body(), "Hello");
    }

    #[test]
    fn saved_domains_come_from_the_analysis_of_the_saved_text() {
        let mut doc = OpenPost::untitled(Format::Yaml);
        let domains = || BTreeSet::from(["example.org".to_owned()]);
        // Saved while the analysis lags: the next analysis of this revision records them.
        doc.mark_saved(Path::new("post.md"), disk(), None);
        doc.analysed(doc.revision() + 1, domains);
        assert_eq!(doc.saved_domains(), None, "an analysis of another revision");
        doc.analysed(doc.revision(), domains);
        assert_eq!(doc.saved_domains(), Some(&domains()));
        // Saved with the analysis current: recorded at once, and what was derived from
        // the unsaved post is out of date.
        let before = doc.revision();
        doc.mark_saved(Path::new("post.md"), disk(), Some(BTreeSet::new()));
        assert_eq!(doc.saved_domains(), Some(&BTreeSet::new()));
        assert_ne!(doc.revision(), before);
    }
}
