//! Keeping the author's words safe: the recovery journal, noticing changes other programs
//! make to the open file, and refusing to save silently over a file that changed.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::jobs::{DialogPurpose, JournalWriter};
use super::modal::Modal;
use super::open_save::Then;
use super::{OpenPost, PostwrightApp};
use crate::ui::dialogs::{self, ConflictChoice, ExternalChoice, RecoveryChoice, RecoveryPrompt};
use postwright_core::diff::{self, DiffSummary};
use postwright_io::files::{self, DiskState, StorageError};
use postwright_io::journal::{self, Journal, JournalRecord, Orphan};
use postwright_io::watch::FileWatcher;

/// A recovery copy is written once typing pauses this long (seconds)…
const JOURNAL_PAUSE: f64 = 1.0;
/// …and at the latest this long after the first unsaved change (seconds).
const JOURNAL_LATEST: f64 = 4.0;

/// Keeping the author's words safe: the recovery journal and the watch on the open file.
pub(super) struct Safety {
    /// Where recovery copies are kept; `None` keeps none (tests).
    journal_folder: Option<PathBuf>,
    /// Writes this window's recovery copy.
    journal: Option<JournalWriter>,
    tracking: JournalTracking,
    /// Copies left by windows that did not close cleanly, still to offer.
    orphans: Vec<Orphan>,
    /// Watches the open file's folder for other programs' changes.
    watcher: Option<FileWatcher>,
}

impl Safety {
    pub(super) fn new(journal_folder: Option<PathBuf>) -> Self {
        Self {
            journal_folder,
            journal: None,
            tracking: JournalTracking::default(),
            orphans: Vec::new(),
            watcher: None,
        }
    }

    /// Whether the open file is watched.
    pub(super) fn is_watching(&self) -> bool {
        self.watcher.is_some()
    }
}

/// Where the journal stands for the open post.
#[derive(Debug, Default)]
struct JournalTracking {
    /// The state (body revision, front matter) last copied into the journal.
    copied: Option<(u64, String)>,
    /// When the first change not yet copied happened.
    first_pending: Option<f64>,
    /// The state seen last frame, to tell when something changed.
    seen: Option<(u64, String)>,
    last_change: f64,
    /// Whether the journal holds a copy now.
    holds_copy: bool,
    was_focused: bool,
}

/// A recovery offer on screen.
pub(super) struct RecoveryOffer {
    orphan: Orphan,
    summary: Option<DiffSummary>,
    note: String,
}

impl PostwrightApp {
    /// Opens the journal (on the first frame) and offers what earlier windows left.
    pub(super) fn start_journal(&mut self, ctx: &egui::Context) {
        let Some(folder) = self.safety.journal_folder.clone() else {
            return;
        };
        match Journal::open(&folder) {
            Ok(journal) => self.safety.journal = JournalWriter::start(journal, ctx),
            Err(error) => self.notify_error(format!(
                "Recovery copies cannot be kept, so unsaved work would be lost in a crash: {error}"
            )),
        }
        self.look_for_orphans();
    }

    /// Finds copies left by windows that did not close cleanly, and offers the first.
    fn look_for_orphans(&mut self) {
        let Some(folder) = &self.safety.journal_folder else {
            return;
        };
        self.safety.orphans = journal::orphans(folder);
        if let Some(first) = self.safety.orphans.first() {
            let name = first
                .record
                .path
                .as_ref()
                .map_or_else(|| "an untitled post".to_owned(), |path| format!("{path:?}"));
            eprintln!(
                "postwright: found unsaved work from an earlier session ({name}); offering to restore it"
            );
        }
        self.offer_next_orphan();
    }

    fn offer_next_orphan(&mut self) {
        if self.modal.is_some() || self.safety.orphans.is_empty() {
            return;
        }
        let orphan = self.safety.orphans.remove(0);
        let (summary, note) = match &orphan.record.path {
            None => (None, "It was never saved to a file.".to_owned()),
            Some(path) => match files::load(path) {
                Ok(loaded) => {
                    let summary = diff::summarize(&loaded.text, &orphan.record.text);
                    let note = if orphan
                        .record
                        .disk_hash
                        .is_some_and(|hash| hash != loaded.disk.hash)
                    {
                        format!(
                            "{path:?} has changed on disk since this copy was made. Restoring \
                             changes nothing on disk until you save."
                        )
                    } else {
                        format!("Compared with {path:?} as it is on disk:")
                    };
                    (Some(summary), note)
                }
                Err(error) => (None, format!("The file cannot be read now: {error}")),
            },
        };
        if summary.as_ref().is_some_and(DiffSummary::is_empty) {
            // The file already holds exactly this text: nothing to recover.
            let _ = journal::forget(&orphan);
            self.offer_next_orphan();
            return;
        }
        self.modal = Some(Modal::Recover(Box::new(RecoveryOffer {
            orphan,
            summary,
            note,
        })));
    }

    /// Offers a recovered copy and does what the author chose.
    pub(super) fn recovery_ui(&mut self, ui: &Ui, offer: Box<RecoveryOffer>) {
        let record = &offer.orphan.record;
        let name = record
            .path
            .as_ref()
            .and_then(|path| path.file_name())
            .map_or_else(
                || "Untitled post".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        let when = jiff::Timestamp::from_second(i64::try_from(record.written_at).unwrap_or(0))
            .map(|time| {
                time.to_zoned_datetime(jiff::tz::TimeZone::system())
                    .strftime("%-d %B %Y at %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let prompt = RecoveryPrompt {
            name: &name,
            when: &when,
            note: &offer.note,
            summary: offer.summary.as_ref(),
            text: &record.text,
        };
        let choice = dialogs::recovery_ui(ui, &prompt);
        match choice {
            None => self.modal = Some(Modal::Recover(offer)),
            Some(RecoveryChoice::Restore) => {
                self.restore(&offer.orphan);
                let _ = journal::forget(&offer.orphan);
            }
            Some(RecoveryChoice::Discard) => {
                if let Err(error) = journal::forget(&offer.orphan) {
                    self.notify_error(error.to_string());
                }
                self.offer_next_orphan();
            }
            Some(RecoveryChoice::Later) => self.offer_next_orphan(),
        }
    }

    /// Opens a recovered copy as an unsaved post; nothing is written until the author
    /// saves.
    fn restore(&mut self, orphan: &Orphan) {
        let record = &orphan.record;
        let (mut disk, mut read_only) = (None, false);
        if let Some(path) = &record.path {
            match files::load(path) {
                Ok(loaded) => {
                    disk = Some(loaded.disk);
                    read_only = loaded.read_only;
                }
                Err(StorageError::NotFound(_)) => {
                    self.notify_warning(format!(
                        "{path:?} no longer exists; Save writes your text back to it."
                    ));
                }
                Err(error) => self.notify_error(error.to_string()),
            }
        }
        let doc = OpenPost::recovered(
            &record.text,
            record.path.clone(),
            disk,
            read_only,
            self.settings.new_post_format,
        );
        self.replace_document(doc);
        self.watch_current_file();
    }

    /// Copies the post into the journal when it has unsaved changes (after a pause in
    /// typing, at the latest a few seconds after the first change, and at once when the
    /// window loses focus); removes the copy once the post is saved.
    pub(super) fn journal_tick(&mut self, ctx: &egui::Context) {
        let Some(writer) = &self.safety.journal else {
            return;
        };
        if let Some(error) = writer.error() {
            self.notify_error(format!("The recovery copy could not be written: {error}"));
            return;
        }
        let now = ctx.input(|input| input.time);
        let focused = ctx.input(|input| input.viewport().focused.unwrap_or(true));
        let tracking = &mut self.safety.tracking;
        let lost_focus = tracking.was_focused && !focused;
        tracking.was_focused = focused;
        let state = (
            self.doc.revision(),
            super::document::front_matter_text(self.doc.post()),
        );
        if tracking.seen.as_ref() != Some(&state) {
            tracking.seen = Some(state.clone());
            tracking.last_change = now;
        }
        if !self.doc.is_dirty() {
            if tracking.holds_copy {
                writer.clear();
                tracking.holds_copy = false;
            }
            tracking.copied = Some(state);
            tracking.first_pending = None;
            return;
        }
        if tracking.copied.as_ref() == Some(&state) {
            tracking.first_pending = None;
            return;
        }
        let first = *tracking.first_pending.get_or_insert(now);
        let due = lost_focus
            || now - tracking.last_change >= JOURNAL_PAUSE
            || now - first >= JOURNAL_LATEST;
        if due {
            let record = JournalRecord::now(
                self.doc.path().map(Path::to_path_buf),
                self.doc.post().to_text(),
                self.doc.disk().map(|disk| disk.hash),
            );
            writer.write(record);
            tracking.copied = Some(state);
            tracking.first_pending = None;
            tracking.holds_copy = true;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(JOURNAL_PAUSE));
        }
    }

    /// Removes the recovery copy and the journal's lock: the window closes cleanly.
    pub(super) fn close_journal(&mut self) {
        if let Some(writer) = self.safety.journal.take() {
            writer.close();
        }
    }

    /// Starts watching the open file (again), or stops when there is none.
    pub(super) fn watch_current_file(&mut self) {
        self.safety.watcher = None;
        let (Some(path), Some(ctx)) = (
            self.doc.path().map(Path::to_path_buf),
            self.window.ctx.clone(),
        ) else {
            return;
        };
        match FileWatcher::watch(&path, move || ctx.request_repaint()) {
            Ok(watcher) => self.safety.watcher = Some(watcher),
            Err(error) => self.notify_warning(format!(
                "Changes other programs make to {path:?} will not be noticed: {error}"
            )),
        }
    }

    /// Looks at the file again when the watcher saw something happen to it.
    pub(super) fn check_disk(&mut self) {
        if !self
            .safety
            .watcher
            .as_ref()
            .is_some_and(FileWatcher::take_change)
        {
            return;
        }
        let Some(path) = self.doc.path().map(Path::to_path_buf) else {
            return;
        };
        match files::disk_state(&path) {
            Err(StorageError::NotFound(_)) => {
                if self.doc.disk().is_some() {
                    self.doc.set_disk(None);
                    self.notify_warning(format!(
                        "{path:?} was deleted or moved by another program. Your text is still \
                         here; Save writes it back."
                    ));
                }
            }
            Err(error) => self.notify_error(error.to_string()),
            Ok(current) => {
                if self
                    .doc
                    .disk()
                    .is_some_and(|known| known.same_content(&current))
                {
                    return;
                }
                if self.doc.is_dirty() {
                    if !matches!(self.modal, Some(Modal::ExternalChange(_))) && self.modal.is_none()
                    {
                        self.modal = Some(Modal::ExternalChange(current));
                    }
                } else {
                    self.reload(&path);
                }
            }
        }
    }

    /// Reads the file again, replacing the buffer (which is saved, or the author chose to
    /// drop its changes). The cursor stays where it was, as far as the text allows.
    pub(super) fn reload(&mut self, path: &Path) {
        match files::load(path) {
            Ok(loaded) => {
                let selection = self.panels.editor.selection();
                let doc = OpenPost::from_file(path, &loaded, self.settings.new_post_format);
                let len = doc.post().body().len();
                self.replace_document(doc);
                self.panels
                    .editor
                    .set_selection(selection.start.min(len)..selection.end.min(len));
                self.notify_warning(format!(
                    "{path:?} was changed by another program and has been reloaded."
                ));
            }
            Err(error) => self.notify_error(error.to_string()),
        }
    }

    /// Asks what to do about the file another program changed, and does it.
    pub(super) fn external_change_ui(&mut self, ui: &Ui, current: DiskState) {
        let choice = dialogs::external_change_ui(ui, &self.doc.display_name());
        match choice {
            None => self.modal = Some(Modal::ExternalChange(current)),
            Some(ExternalChoice::KeepMine) => self.doc.set_disk(Some(current)),
            Some(ExternalChoice::Reload) => {
                if let Some(path) = self.doc.path().map(Path::to_path_buf) {
                    self.reload(&path);
                }
            }
        }
    }

    /// Whether the file at the post's path is still what was read or last written; asks
    /// what to do if not. Returns true when saving may go ahead.
    pub(super) fn may_overwrite(&mut self, path: &Path, then: Option<Then>) -> bool {
        if self.doc.path() != Some(path) {
            return true;
        }
        let current = match files::disk_state(path) {
            Ok(current) => current,
            Err(StorageError::NotFound(_)) => return true,
            Err(error) => {
                self.notify_error(error.to_string());
                return false;
            }
        };
        match self.doc.disk() {
            Some(known) if known.same_content(&current) => true,
            _ => {
                self.modal = Some(Modal::SaveConflict { current, then });
                false
            }
        }
    }

    /// Asks whether to save over another program's changes, and does what the author chose.
    pub(super) fn save_conflict_ui(&mut self, ui: &Ui, current: DiskState, then: Option<Then>) {
        let choice = dialogs::save_conflict_ui(ui, &self.doc.display_name());
        match choice {
            None => self.modal = Some(Modal::SaveConflict { current, then }),
            Some(ConflictChoice::Overwrite) => {
                self.doc.set_disk(Some(current));
                if let Some(path) = self.doc.path().map(Path::to_path_buf)
                    && self.save_to(&path)
                    && let Some(then) = then
                {
                    self.continue_with(then, ui.ctx());
                }
            }
            Some(ConflictChoice::Reload) => {
                if let Some(path) = self.doc.path().map(Path::to_path_buf) {
                    self.reload(&path);
                }
            }
            Some(ConflictChoice::SaveElsewhere) => {
                self.open_path_prompt(DialogPurpose::SaveAs, then)
            }
            Some(ConflictChoice::Cancel) => {}
        }
    }
}

/// The journal folder configured by the environment, for the real window.
pub fn default_journal_folder() -> Option<PathBuf> {
    journal::journal_folder()
}
