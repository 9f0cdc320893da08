//! Opening and saving posts: the unsaved-changes question first, native file dialogs on a
//! thread (or a typed path where none can be shown), large files read in the background,
//! and saving that never writes over a file changed on disk without asking.

use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use super::jobs::{DialogOutcome, DialogPurpose, LOAD_INLINE_BYTES, PendingDialog, PendingLoad};
use super::modal::Modal;
use super::{OpenPost, PostwrightApp};
use crate::ui::dialogs::TextPrompt;
use crate::ui::menu::Action;
use postwright_core::metadata;
use postwright_io::files;

/// What to do once the unsaved-changes question is answered (and the post saved, if asked).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Then {
    /// Start a new post.
    New,
    /// Ask which post to open.
    Open,
    /// Open this post.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
}

impl Then {
    /// What the author is about to do, for the question.
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Then::New => "starting a new post",
            Then::Open | Then::OpenPath(_) => "opening another post",
            Then::Quit => "closing Postwright",
        }
    }
}

/// The file dialogs: native ones on a thread, one at a time, in front of the window.
pub(super) struct FileDialogs {
    /// Use the platform's dialogs; when false (tests) paths are always typed in.
    native: bool,
    /// The native dialog open now.
    pending: Option<PendingDialog>,
    /// What to do after a Save As started from the unsaved-changes question.
    after_save_as: Option<Then>,
    /// Native dialogs start from this, which knows the window to open in front of.
    template: rfd::FileDialog,
    parented: bool,
}

impl FileDialogs {
    pub(super) fn new(native: bool) -> Self {
        Self {
            native,
            pending: None,
            after_save_as: None,
            template: rfd::FileDialog::new(),
            parented: false,
        }
    }

    /// Native dialogs open in front of this window, like its own.
    pub(super) fn open_in_front_of(&mut self, frame: Option<&eframe::Frame>) {
        if let Some(frame) = frame
            && !self.parented
        {
            self.template = rfd::FileDialog::new().set_parent(frame);
            self.parented = true;
        }
    }

    /// Whether a native dialog is open.
    pub(super) fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Shows a native dialog for `purpose`, made from the window's template by `make`;
    /// `then` is what to do after a Save As. Returns false when no native dialog can be
    /// shown (the path is then typed in).
    pub(super) fn show(
        &mut self,
        purpose: DialogPurpose,
        ctx: &egui::Context,
        make: impl FnOnce(rfd::FileDialog) -> rfd::FileDialog,
        then: Option<Then>,
    ) -> bool {
        if !self.native {
            return false;
        }
        let dialog = make(self.template.clone());
        let pick = purpose == DialogPurpose::Open;
        self.pending = PendingDialog::spawn(purpose, ctx, move || {
            if pick {
                dialog.pick_file()
            } else {
                dialog.save_file()
            }
        });
        if self.pending.is_some() {
            self.after_save_as = then;
        }
        self.pending.is_some()
    }
}

/// Opening a post: the one asked for at startup (opened once the window exists, so that
/// watching can start), and a large one being read in the background.
#[derive(Default)]
pub(super) struct Opening {
    pub(super) initial_file: Option<PathBuf>,
    loading: Option<PendingLoad>,
}

impl Opening {
    pub(super) fn at_startup(file: Option<PathBuf>) -> Self {
        Self {
            initial_file: file,
            loading: None,
        }
    }

    /// The file being read in the background, if any.
    pub(super) fn loading(&self) -> Option<&Path> {
        self.loading.as_ref().map(|loading| loading.path.as_path())
    }

    /// Whether the post asked for is read (and nothing else is being read).
    pub(super) fn is_done(&self) -> bool {
        self.initial_file.is_none() && self.loading.is_none()
    }
}

impl PostwrightApp {
    /// Runs `then` now if the post is saved, or asks first.
    pub(super) fn guard_unsaved(&mut self, then: Then, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.continue_with(then, ctx);
        }
    }

    pub(super) fn continue_with(&mut self, then: Then, ctx: &egui::Context) {
        match then {
            Then::New => self.replace_document(OpenPost::untitled(self.settings.new_post_format)),
            Then::Open => self.ask_open_path(ctx),
            Then::OpenPath(path) => self.open_path(&path),
            Then::Quit => {
                self.window.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Shows `doc` in the window from now on, with fresh panels and a new analysis.
    pub(super) fn replace_document(&mut self, mut doc: OpenPost) {
        doc.continue_revisions_after(self.doc.revision());
        self.doc = doc;
        self.panels.reset_for_new_post();
        if let Some(ctx) = &self.window.ctx {
            // Images of the previous post, or edited since, are read afresh.
            ctx.forget_all_images();
        }
        self.forget_derived();
    }

    /// Opens the post at `path`, reporting (not hiding) any problem.
    pub(super) fn open_path(&mut self, path: &Path) {
        if files::file_len(path).is_some_and(|len| len > LOAD_INLINE_BYTES)
            && let Some(ctx) = &self.window.ctx
        {
            self.opening.loading = PendingLoad::spawn(path, self.settings.new_post_format, ctx);
            if self.opening.loading.is_some() {
                return;
            }
        }
        // A post still being read in the background was asked for before this one: this
        // one wins, and the other must not replace it when it arrives.
        self.opening.loading = None;
        let format = self.settings.new_post_format;
        let result = files::load(path).map(|loaded| {
            for warning in &loaded.warnings {
                self.notify_warning(warning.clone());
            }
            OpenPost::from_file(path, &loaded, format)
        });
        self.finish_open(path, result);
    }

    pub(super) fn poll_loading(&mut self) {
        let Some((result, warnings)) = self.opening.loading.as_ref().and_then(PendingLoad::poll)
        else {
            return;
        };
        let Some(loading) = self.opening.loading.take() else {
            return;
        };
        for warning in warnings {
            self.notify_warning(warning);
        }
        self.finish_open(&loading.path, result);
    }

    fn finish_open(&mut self, path: &Path, result: Result<OpenPost, files::StorageError>) {
        match result {
            Ok(doc) => {
                if let Some(error) = doc.post().front_matter_error() {
                    self.notify_error(format!(
                        "{path:?}: {error}. The body is open; fix the front matter in the Post details panel."
                    ));
                }
                self.replace_document(doc);
                self.settings.remember_recent(path);
                self.watch_current_file();
            }
            Err(error) => {
                if matches!(error, files::StorageError::NotFound(_)) {
                    self.settings.forget_recent(path);
                }
                self.notify_error(error.to_string());
            }
        }
    }

    fn ask_open_path(&mut self, ctx: &egui::Context) {
        let folder = self.doc.folder();
        let make = |dialog: rfd::FileDialog| {
            let dialog = dialog
                .set_title("Open a post")
                .add_filter("Markdown", &["md", "markdown", "mdown", "txt"]);
            match folder {
                Some(folder) => dialog.set_directory(folder),
                None => dialog,
            }
        };
        if !self.dialogs.show(DialogPurpose::Open, ctx, make, None) {
            self.open_path_prompt(DialogPurpose::Open, None);
        }
    }

    pub(super) fn open_path_prompt(&mut self, purpose: DialogPurpose, then: Option<Then>) {
        let start = self
            .doc
            .path()
            .map(|path| path.display().to_string())
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .map(|dir| format!("{}/", dir.display()))
            })
            .unwrap_or_default();
        self.path_prompt(purpose, then, &start);
    }

    /// Asks for a path by hand, starting from `start`.
    pub(super) fn path_prompt(&mut self, purpose: DialogPurpose, then: Option<Then>, start: &str) {
        let prompt = match purpose {
            DialogPurpose::Open => TextPrompt::new(
                "Open a post",
                "Type the path of the Markdown file to open.",
                "Path",
                start,
                "Open",
            ),
            DialogPurpose::SaveAs => TextPrompt::new(
                "Save the post as",
                "Type the path to save the post to.",
                "Path",
                start,
                "Save",
            ),
            DialogPurpose::Export => TextPrompt::new(
                "Export HTML",
                "Type the path of the page to write.",
                "Path",
                start,
                "Export",
            ),
        };
        self.modal = Some(Modal::Path {
            purpose,
            then,
            prompt,
            replace: None,
        });
    }

    /// Saves to the post's file, or asks where. Returns true when the post is saved now.
    pub(super) fn save(&mut self, ctx: &egui::Context, then: Option<Then>) -> bool {
        match self.doc.path().map(Path::to_path_buf) {
            Some(path) if !self.doc.read_only() => self.save_to_checked(&path, then),
            Some(path) => {
                self.notify_warning(format!(
                    "{path:?} is read-only; choose where to save a copy."
                ));
                self.ask_save_path(ctx, then);
                false
            }
            None => {
                self.ask_save_path(ctx, then);
                false
            }
        }
    }

    pub(super) fn ask_save_path(&mut self, ctx: &egui::Context, then: Option<Then>) {
        let name = self.suggested_file_name();
        let folder = self.doc.folder();
        let make = |dialog: rfd::FileDialog| {
            let dialog = dialog
                .set_title("Save the post")
                .add_filter("Markdown", &["md", "markdown"])
                .set_file_name(name);
            match folder {
                Some(folder) => dialog.set_directory(folder),
                None => dialog,
            }
        };
        if !self
            .dialogs
            .show(DialogPurpose::SaveAs, ctx, make, then.clone())
        {
            self.open_path_prompt(DialogPurpose::SaveAs, then);
        }
    }

    /// The file name Save offers: the post's own, else one made from its slug or title.
    pub(super) fn suggested_file_name(&self) -> String {
        if let Some(name) = self.doc.file_name() {
            return name;
        }
        let metadata = self.doc.post().metadata();
        let slug = if metadata.slug.is_empty() {
            metadata::slugify(&metadata.title)
        } else {
            metadata.slug.clone()
        };
        if slug.is_empty() {
            "untitled.md".to_owned()
        } else {
            format!("{slug}.md")
        }
    }

    /// Saves to `path` unless the file changed on disk since it was read, in which case
    /// the author is asked first. Returns true when the post is saved now.
    pub(super) fn save_to_checked(&mut self, path: &Path, then: Option<Then>) -> bool {
        self.may_overwrite(path, then) && self.save_to(path)
    }

    /// Writes the post to `path`; on failure the file is untouched, the post stays
    /// unsaved and the error is shown.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        let text = self.doc.post().to_text();
        match files::save(path, text.as_bytes()) {
            Ok(disk) => {
                let moved = self.doc.path() != Some(path);
                // The domains linked now, when the analysis describes the text written.
                let domains =
                    (!self.analysis_pending()).then(|| self.derived.analysis.report.domains());
                self.doc.mark_saved(path, disk, domains);
                self.settings.remember_recent(path);
                if moved || !self.safety.is_watching() {
                    self.watch_current_file();
                }
                true
            }
            Err(error) => {
                self.notify_error(format!("{error}. Your text is still here, unsaved."));
                false
            }
        }
    }

    /// Picks up a native dialog's answer and does what it was opened for.
    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.dialogs.pending.as_ref().and_then(PendingDialog::poll) else {
            return;
        };
        let Some(dialog) = self.dialogs.pending.take() else {
            return;
        };
        let then = self.dialogs.after_save_as.take();
        match (dialog.purpose, outcome) {
            (DialogPurpose::Open, DialogOutcome::Chosen(path)) => self.open_path(&path),
            (DialogPurpose::SaveAs, DialogOutcome::Chosen(path)) => {
                if self.save_to_checked(&path, then.clone())
                    && let Some(then) = then
                {
                    self.continue_with(then, ctx);
                }
            }
            (DialogPurpose::Export, DialogOutcome::Chosen(path)) => {
                self.export_to(&path);
            }
            (purpose, DialogOutcome::Unavailable) => self.open_path_prompt(purpose, then),
            (_, DialogOutcome::Cancelled) => {}
        }
    }

    /// A file dropped on the window opens (after the unsaved-changes question).
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let dropped = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .collect::<Vec<_>>()
        });
        if let Some(path) = dropped.into_iter().next() {
            actions.push(Action::OpenPath(path));
        }
    }

    /// Whether a file is being chosen or read, so that another cannot start.
    pub(super) fn busy_with_a_file(&self) -> bool {
        self.dialogs.is_open() || self.opening.loading.is_some()
    }
}
