//! The window: Postwright's `eframe::App`.
//!
//! [`PostwrightApp::frame_ui`] reads like a table of contents: shortcuts, menu bar,
//! status bar, metadata panel, preview, editor, then whatever modal question is open, and
//! finally "apply what the author asked for". Panels only return actions; this module is
//! the one place that changes the post, the files and the settings.

mod document;
mod jobs;
mod panels;
mod safety;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Panel, Theme, Ui, ViewportCommand};

use crate::ui::dialogs::{self, PromptAnswer, TextPrompt, UnsavedChoice};
use crate::ui::editor::{self, EditorState, EditorStyle};
use crate::ui::menu::{self, Action, MenuState};
use crate::ui::metadata_form::{self, FormAction, FormContext, MetadataFormState};
use crate::ui::status_bar::{self, SaveState, StatusAction, StatusInfo};
use crate::ui::theme;
use postwright_core::analysis::Analysis;
use postwright_core::edit::commands;
use postwright_core::edit::{Edit, Selection, StaleEdit};
use postwright_core::metadata;
use postwright_io::files;
use postwright_io::settings::{DEFAULT_TEXT_SIZE, Settings, ThemeChoice};

pub use document::OpenPost;
use jobs::{
    ANALYSE_INLINE_BYTES, Analysed, AnalysisJob, AnalysisWorker, DialogOutcome, DialogPurpose,
    JournalWriter, LOAD_INLINE_BYTES, PendingDialog, PendingLoad,
};
pub use safety::default_journal_folder;
use safety::{JournalTracking, RecoveryOffer};

use postwright_io::files::DiskState;
use postwright_io::journal::{Journal, Orphan};
use postwright_io::watch::FileWatcher;

/// Settings are written once they have not changed for this long (seconds).
const SETTINGS_SETTLE_SECONDS: f64 = 0.8;

/// How the app is started.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// A post to open at once.
    pub file: Option<PathBuf>,
    /// Where settings are kept; `None` keeps them in memory only (tests).
    pub settings_file: Option<PathBuf>,
    /// Use the platform's file dialogs; when false (tests) paths are always typed in.
    pub native_dialogs: bool,
    /// Where recovery copies of unsaved posts are kept; `None` keeps none (tests).
    pub journal_folder: Option<PathBuf>,
}

/// What to do once the unsaved-changes question is answered (and the post saved, if asked).
#[derive(Clone, Debug, PartialEq)]
enum Then {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

impl Then {
    fn describe(&self) -> &'static str {
        match self {
            Then::New => "starting a new post",
            Then::Open | Then::OpenPath(_) => "opening another post",
            Then::Quit => "closing Postwright",
        }
    }
}

/// The question currently asked in a modal.
enum Modal {
    Unsaved(Then),
    Path {
        purpose: DialogPurpose,
        then: Option<Then>,
        prompt: TextPrompt,
        /// An existing file the author already agreed to replace.
        replace: Option<PathBuf>,
    },
    Link {
        selection: Range<usize>,
        prompt: TextPrompt,
    },
    EditUrl {
        link: usize,
        prompt: TextPrompt,
    },
    ExportWithErrors {
        errors: usize,
    },
    Recover(Box<RecoveryOffer>),
    ExternalChange(DiskState),
    SaveConflict {
        current: DiskState,
        then: Option<Then>,
    },
}

/// A message shown above the editor until dismissed.
#[derive(Clone, Debug, PartialEq)]
struct Notice {
    text: String,
    kind: NoticeKind,
    /// A button offered with the message.
    action: Option<(String, NoticeAction)>,
}

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoticeKind {
    Error,
    Warning,
    Info,
}

/// What a notice's button does.
#[derive(Clone, Debug, PartialEq)]
enum NoticeAction {
    OpenInBrowser(PathBuf),
}

/// Postwright's window.
pub struct PostwrightApp {
    settings: Settings,
    settings_file: Option<PathBuf>,
    written_settings: Settings,
    native_dialogs: bool,
    doc: OpenPost,
    editor: EditorState,
    form: MetadataFormState,
    analysis: Analysis,
    analysed_revision: Option<u64>,
    worker: Option<AnalysisWorker>,
    dialog: Option<PendingDialog>,
    /// What to do after a Save As started from the unsaved-changes question.
    after_save_as: Option<Then>,
    modal: Option<Modal>,
    notices: Vec<Notice>,
    allow_close: bool,
    window_title: String,
    applied_theme: Option<ThemeChoice>,
    styled: bool,
    ctx: Option<egui::Context>,
    journal_folder: Option<PathBuf>,
    journal: Option<JournalWriter>,
    journal_tracking: JournalTracking,
    orphans: Vec<Orphan>,
    watcher: Option<FileWatcher>,
    /// The file to open once the window exists (so that watching can start).
    initial_file: Option<PathBuf>,
    loading: Option<PendingLoad>,
    preview_state: crate::ui::preview::PreviewState,
    links_state: crate::ui::links_panel::LinksPanelState,
    groups: Vec<postwright_core::audit::DomainGroup>,
    online: Option<panels::OnlineCheck>,
    online_results: Vec<postwright_io::online::UrlCheck>,
    last_editor_top: Option<usize>,
    /// When the settings last started to differ from the file.
    settings_changed_at: Option<f64>,
    /// Native file dialogs start from this, which knows the window to open in front of.
    dialog_template: rfd::FileDialog,
    dialogs_parented: bool,
    /// Whether to say on standard output when the post is first on screen.
    ready_report: ReadyReport,
}

/// Saying once, for startup measurements, when the window first shows the post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadyReport {
    /// Not asked for, or already said.
    Off,
    /// The post is not on screen yet.
    Waiting,
    /// A frame with the post was drawn; the next frame means it was presented.
    Drawn,
}

impl PostwrightApp {
    /// Creates the app, loading settings and the file to open.
    pub fn new(options: AppOptions) -> Self {
        let mut notices = Vec::new();
        let settings = match &options.settings_file {
            Some(path) => files::load_settings(path).unwrap_or_else(|error| {
                notices.push(Notice {
                    text: error.to_string(),
                    kind: NoticeKind::Error,
                    action: None,
                });
                Settings::default()
            }),
            None => Settings::default(),
        };
        let doc = OpenPost::untitled(settings.new_post_format);
        let mut app = Self {
            written_settings: settings.clone(),
            settings,
            settings_file: options.settings_file,
            native_dialogs: options.native_dialogs,
            doc,
            editor: EditorState::default(),
            form: MetadataFormState::default(),
            analysis: Analysis::default(),
            analysed_revision: None,
            worker: None,
            dialog: None,
            after_save_as: None,
            modal: None,
            notices,
            allow_close: false,
            window_title: String::new(),
            applied_theme: None,
            styled: false,
            ctx: None,
            journal_folder: options.journal_folder,
            journal: None,
            journal_tracking: JournalTracking::default(),
            orphans: Vec::new(),
            watcher: None,
            initial_file: None,
            loading: None,
            preview_state: Default::default(),
            links_state: Default::default(),
            groups: Vec::new(),
            online: None,
            online_results: Vec::new(),
            last_editor_top: None,
            settings_changed_at: None,
            dialog_template: rfd::FileDialog::new(),
            dialogs_parented: false,
            ready_report: ReadyReport::Off,
        };
        app.editor.request_focus();
        app.initial_file = options.file;
        app
    }

    /// Prints `postwright: ready` on standard output once the window has presented a frame
    /// showing the post, read and analysed (what the startup benchmark waits for).
    pub fn report_when_ready(&mut self) {
        self.ready_report = ReadyReport::Waiting;
    }

    /// Whether the post is read and analysed, so that a frame drawn now shows it.
    fn post_on_screen(&self) -> bool {
        self.initial_file.is_none() && self.loading.is_none() && !self.analysis_pending()
    }

    /// Moves the ready report on after a frame; `ready_before` is whether the post was
    /// ready when the frame began (so that the frame drew it).
    fn track_ready_report(&mut self, ctx: &egui::Context, ready_before: bool) {
        match self.ready_report {
            ReadyReport::Off => {}
            ReadyReport::Waiting => {
                if ready_before {
                    self.ready_report = ReadyReport::Drawn;
                }
                ctx.request_repaint();
            }
            ReadyReport::Drawn => {
                println!("postwright: ready");
                self.ready_report = ReadyReport::Off;
            }
        }
    }

    /// The open post.
    pub fn document(&self) -> &OpenPost {
        &self.doc
    }

    /// The latest analysis of the body.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// Whether the analysis lags behind the body (a long post being analysed).
    pub fn analysis_pending(&self) -> bool {
        self.analysed_revision != Some(self.doc.body_revision)
    }

    /// The settings in effect.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The messages currently shown above the editor.
    pub fn notices(&self) -> Vec<String> {
        self.notices
            .iter()
            .map(|notice| notice.text.clone())
            .collect()
    }

    /// The editor's state (selection, cursor).
    pub fn editor_state_mut(&mut self) -> &mut EditorState {
        &mut self.editor
    }

    /// One frame of the whole window.
    pub fn frame_ui(&mut self, ui: &mut Ui, frame: Option<&eframe::Frame>) {
        let ctx = ui.ctx().clone();
        if let Some(frame) = frame
            && !self.dialogs_parented
        {
            // Native dialogs open in front of this window, like its own.
            self.dialog_template = rfd::FileDialog::new().set_parent(frame);
            self.dialogs_parented = true;
        }
        self.prepare(&ctx);
        let palette = theme::palette(ctx.theme());
        let mut actions = menu::consume_shortcuts(&ctx);
        if self.modal.is_some() {
            // A modal question is open: only its own keys count.
            actions.retain(|action| matches!(action, Action::Quit));
        }
        self.take_dropped_files(&ctx, &mut actions);
        self.handle_close_request(&ctx);

        Panel::top("menu-bar")
            .frame(
                egui::Frame::new()
                    .fill(palette.chrome)
                    .inner_margin(egui::Margin::symmetric(8, 2)),
            )
            .show(ui, |ui| {
                let state = MenuState {
                    recent_files: &self.settings.recent_files,
                    dialog_open: self.dialog.is_some(),
                    can_undo: self.doc.history.can_undo(),
                    can_redo: self.doc.history.can_redo(),
                    show_preview: self.settings.show_preview,
                    show_metadata: self.settings.show_metadata,
                    show_links: self.settings.show_links,
                    theme: self.settings.theme,
                    remote_images: self.settings.load_remote_images,
                    new_post_format: self.settings.new_post_format,
                    open_after_export: self.settings.open_after_export,
                };
                if let Some(action) = menu::menu_bar_ui(ui, &state) {
                    actions.push(action);
                }
            });

        if !self.notices.is_empty() {
            Panel::top("notices")
                .frame(
                    egui::Frame::new()
                        .fill(palette.chrome)
                        .inner_margin(egui::Margin::symmetric(10, 4)),
                )
                .show(ui, |ui| self.notices_ui(ui, palette));
        }

        Panel::bottom("status-bar")
            .frame(
                egui::Frame::new()
                    .fill(palette.chrome)
                    .inner_margin(egui::Margin::symmetric(10, 3)),
            )
            .show(ui, |ui| {
                let info = StatusInfo {
                    path: self.doc.path.as_deref(),
                    save_state: self.save_state(),
                    words: self.analysis.stats.words,
                    reading_minutes: self.analysis.stats.reading_minutes(),
                    line_column: self.editor.cursor_line_column(self.doc.post.body()),
                    audit_errors: Some(self.analysis.report.counts().errors),
                    audit_warnings: self.analysis.report.counts().warnings,
                    palette,
                };
                if let Some(StatusAction::ShowLinks) = status_bar::status_bar_ui(ui, &info) {
                    actions.push(Action::ToggleLinks);
                }
            });

        if self.settings.show_metadata {
            let shown = Panel::right("metadata")
                .resizable(true)
                .default_size(self.settings.panel_widths.metadata.unwrap_or(330.0))
                .size_range(260.0..=520.0)
                .frame(
                    egui::Frame::new()
                        .fill(palette.chrome)
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| self.metadata_panel_ui(ui, palette));
            remember_width(&mut self.settings.panel_widths.metadata, &shown.response);
        }

        if self.settings.show_links {
            let shown = Panel::left("links")
                .resizable(true)
                .default_size(self.settings.panel_widths.links.unwrap_or(300.0))
                .size_range(220.0..=520.0)
                .frame(
                    egui::Frame::new()
                        .fill(palette.chrome)
                        .inner_margin(egui::Margin::symmetric(10, 8)),
                )
                .show(ui, |ui| self.links_panel_host_ui(ui, palette));
            remember_width(&mut self.settings.panel_widths.links, &shown.response);
        }

        if self.settings.show_preview {
            let width = ui.available_width();
            let shown = Panel::right("preview")
                .resizable(true)
                .default_size(
                    self.settings
                        .panel_widths
                        .preview
                        .unwrap_or((width / 2.0).max(300.0)),
                )
                .size_range(240.0..=(width - 240.0).max(260.0))
                .frame(egui::Frame::NONE)
                .show(ui, |ui| self.preview_panel_ui(ui));
            remember_width(&mut self.settings.panel_widths.preview, &shown.response);
        }

        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(palette.editor))
            .show(ui, |ui| self.editor_ui(ui, palette));
        if self.settings.show_preview {
            self.follow_editor_scroll();
        }

        if let Some(action) = self.modal_ui(ui) {
            actions.push(action);
        }
        self.poll_dialog(&ctx);
        self.poll_loading();
        self.poll_online_check();
        self.check_disk();
        self.journal_tick(&ctx);

        for action in actions {
            self.apply(action, &ctx);
        }
        self.update_window_title(&ctx);
        self.write_settings_if_changed(&ctx, false);
    }

    /// Fonts, style, theme, and results from background work.
    fn prepare(&mut self, ctx: &egui::Context) {
        if !self.styled {
            theme::install_fonts(ctx);
            theme::install_style(ctx);
            self.styled = true;
            self.ctx = Some(ctx.clone());
            self.start_journal(ctx);
            if let Some(path) = self.initial_file.take() {
                self.open_path(&path);
            }
        }
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                ThemeChoice::Light => egui::ThemePreference::Light,
                ThemeChoice::Dark => egui::ThemePreference::Dark,
                ThemeChoice::System => egui::ThemePreference::System,
            });
            self.applied_theme = Some(self.settings.theme);
        }
        if self.worker.is_none() {
            self.worker = Some(AnalysisWorker::start(ctx));
        }
        if let Some((revision, analysis)) = self.worker.as_mut().and_then(AnalysisWorker::poll) {
            self.take_worker_analysis(revision, analysis);
        }
        if self.analysed_revision != Some(self.doc.body_revision)
            && !self.worker.as_ref().is_some_and(AnalysisWorker::is_busy)
        {
            self.request_analysis();
        }
    }

    fn start_journal(&mut self, ctx: &egui::Context) {
        let Some(folder) = self.journal_folder.clone() else {
            return;
        };
        match Journal::open(&folder) {
            Ok(journal) => self.journal = JournalWriter::start(journal, ctx),
            Err(error) => self.notify_error(format!(
                "Recovery copies cannot be kept, so unsaved work would be lost in a crash: {error}"
            )),
        }
        self.look_for_orphans();
    }

    fn request_analysis(&mut self) {
        let post = &self.doc.post;
        let job = AnalysisJob {
            revision: self.doc.body_revision,
            body: Arc::from(post.body()),
            metadata: post.metadata().clone(),
            front_matter_error: post.front_matter_error().map(ToString::to_string),
            post_path: self.doc.path.clone(),
            saved_domains: self.doc.saved_domains.clone(),
        };
        if job.body.len() <= ANALYSE_INLINE_BYTES {
            let analysis = job.run();
            self.analysis_arrived(job.revision, analysis);
        } else if let Some(worker) = &mut self.worker {
            worker.request(job);
        }
    }

    /// Takes an analysis the worker finished, unless the body has changed since (or another
    /// post has been opened: revisions are never reused).
    fn take_worker_analysis(&mut self, revision: u64, analysed: Analysed) {
        if revision == self.doc.body_revision {
            self.analysis_arrived(revision, analysed);
        }
    }

    /// Takes a finished analysis; the first one of a freshly opened or saved post also
    /// records which domains it links to, for the "new since last save" rule.
    fn analysis_arrived(&mut self, revision: u64, analysed: Analysed) {
        let Analysed { analysis, groups } = analysed;
        if self.doc.saved_domains_revision == Some(revision) {
            self.doc.saved_domains = Some(analysis.report.domains());
            self.doc.saved_domains_revision = None;
        }
        self.retire_analysis(analysis);
        self.analysed_revision = Some(revision);
        self.groups = groups;
        self.merge_online_results();
    }

    /// Shows `analysis` from now on; a long post's previous one is freed in the background.
    fn retire_analysis(&mut self, analysis: Analysis) {
        let previous = std::mem::replace(&mut self.analysis, analysis);
        let large = previous.preview.blocks().len() > 2_000;
        jobs::drop_in_background(previous, large);
    }

    fn save_state(&self) -> SaveState {
        if self.doc.read_only {
            SaveState::ReadOnly
        } else if self.doc.path.is_none() {
            if self.doc.is_dirty() {
                SaveState::Unsaved
            } else {
                SaveState::New
            }
        } else if self.doc.is_dirty() {
            SaveState::Unsaved
        } else {
            SaveState::Saved
        }
    }

    fn notices_ui(&mut self, ui: &mut Ui, palette: theme::Palette) {
        let mut dismissed = None;
        let mut chosen = None;
        for (index, notice) in self.notices.iter().enumerate() {
            let colour = match notice.kind {
                NoticeKind::Error => palette.error,
                NoticeKind::Warning => palette.warning,
                NoticeKind::Info => palette.accent,
            };
            egui::Frame::new()
                .fill(colour.gamma_multiply(0.12))
                .stroke(egui::Stroke::new(1.0, colour.gamma_multiply(0.5)))
                .corner_radius(6)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui.small_button("Dismiss").clicked() {
                                dismissed = Some(index);
                            }
                            if let Some((label, action)) = &notice.action
                                && ui.small_button(label).clicked()
                            {
                                chosen = Some(action.clone());
                            }
                            ui.with_layout(
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(&notice.text).color(palette.text),
                                        )
                                        .wrap(),
                                    );
                                },
                            );
                        });
                    });
                });
        }
        if let Some(index) = dismissed {
            self.notices.remove(index);
        }
        match chosen {
            Some(NoticeAction::OpenInBrowser(path)) => {
                panels::open_in_browser(Some(ui.ctx()), &path)
            }
            None => {}
        }
    }

    fn metadata_panel_ui(&mut self, ui: &mut Ui, palette: theme::Palette) {
        let post = &self.doc.post;
        let source = post
            .front_matter()
            .map(|front_matter| front_matter.raw().to_owned())
            .unwrap_or_default();
        self.form.sync(post.metadata(), &source);
        let other_keys = match post
            .front_matter()
            .map(|front_matter| front_matter.fields())
        {
            Some(Ok(fields)) => metadata::other_keys(fields),
            _ => Vec::new(),
        };
        let heading = ui
            .horizontal(|ui| ui.label(egui::RichText::new("Post details").heading()))
            .inner;
        let context = FormContext {
            format: post
                .front_matter()
                .map(|front_matter| front_matter.format()),
            error: post.front_matter_error().map(ToString::to_string),
            other_keys,
            palette,
            today: jiff::ZonedDateTime::now().date().to_string(),
            // The heading has a node in the accessibility tree only when assistive
            // technology is reading the window.
            accessible: ui.ctx().has_accesskit_node(heading.id),
        };
        ui.add_space(2.0);
        let action = metadata_form::metadata_form_ui(ui, &mut self.form, &context);
        match action {
            Some(FormAction::Changed(metadata)) => {
                match self.doc.post.set_metadata(&metadata) {
                    Ok(()) => self.form.applied(self.doc.post.metadata()),
                    Err(error) => {
                        self.notify_error(error.to_string());
                        // The form shows the post's metadata again.
                        self.form.reset();
                    }
                }
                self.body_changed();
            }
            Some(FormAction::SourceChanged(source)) => {
                self.doc.post.set_front_matter_raw(source);
                self.body_changed();
            }
            None => {}
        }
    }

    fn editor_ui(&mut self, ui: &mut Ui, palette: theme::Palette) {
        let style = EditorStyle {
            font_size: self.settings.text_size,
            colours: theme::syntax_colours(ui.ctx().theme()),
            background: palette.editor,
            max_text_width: 860.0,
        };
        let output = editor::editor_ui(ui, &mut self.editor, self.doc.post.body_mut(), &style);
        if !output.changes.is_empty() {
            let time = ui.input(|input| input.time);
            let typed = Edit {
                changes: output.changes,
                selection: output.selection_after.into(),
            };
            self.doc
                .history
                .record(typed, output.selection_before.into(), time);
            self.body_changed();
        }
    }

    fn body_changed(&mut self) {
        self.doc.body_revision += 1;
        if !self.worker.as_ref().is_some_and(AnalysisWorker::is_busy) {
            self.request_analysis();
        }
    }

    fn modal_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let modal = self.modal.take()?;
        match modal {
            Modal::Recover(offer) => {
                self.recovery_ui(ui, offer);
                None
            }
            Modal::EditUrl { link, mut prompt } => {
                match dialogs::text_prompt_ui(ui, &mut prompt) {
                    Some(PromptAnswer::Confirm(url)) => {
                        let time = ui.input(|input| input.time);
                        if let Err(problem) = self.edit_url(link, &url, time) {
                            prompt.problem = Some(problem.to_string());
                            self.modal = Some(Modal::EditUrl { link, prompt });
                        }
                    }
                    Some(PromptAnswer::Cancel) => {}
                    None => self.modal = Some(Modal::EditUrl { link, prompt }),
                }
                None
            }
            Modal::ExportWithErrors { errors } => {
                match dialogs::export_with_errors_ui(ui, errors) {
                    Some(dialogs::ExportChoice::Export) => return Some(Action::ExportAnyway),
                    Some(dialogs::ExportChoice::ShowLinks) => self.settings.show_links = true,
                    Some(dialogs::ExportChoice::Cancel) => {}
                    None => self.modal = Some(Modal::ExportWithErrors { errors }),
                }
                None
            }
            Modal::ExternalChange(current) => {
                self.external_change_ui(ui, current);
                None
            }
            Modal::SaveConflict { current, then } => {
                self.save_conflict_ui(ui, current, then);
                None
            }
            Modal::Unsaved(then) => {
                let name = self.doc.display_name();
                match dialogs::unsaved_changes_ui(ui, &name, then.describe()) {
                    Some(UnsavedChoice::Save) => {
                        if self.save(ui.ctx(), Some(then.clone())) {
                            self.continue_with(then, ui.ctx());
                        }
                    }
                    Some(UnsavedChoice::Discard) => self.continue_with(then, ui.ctx()),
                    Some(UnsavedChoice::Cancel) => {}
                    None => self.modal = Some(Modal::Unsaved(then)),
                }
                None
            }
            Modal::Path {
                purpose,
                then,
                mut prompt,
                replace,
            } => {
                let answer = dialogs::text_prompt_ui(ui, &mut prompt);
                let keep_open =
                    |prompt: TextPrompt, replace: Option<PathBuf>, then: Option<Then>| {
                        Some(Modal::Path {
                            purpose: purpose.clone(),
                            then,
                            prompt,
                            replace,
                        })
                    };
                match answer {
                    Some(PromptAnswer::Confirm(text)) if !text.is_empty() => {
                        let path = PathBuf::from(text);
                        match purpose {
                            DialogPurpose::Open => {
                                if path.is_file() {
                                    return Some(Action::OpenPath(path));
                                }
                                prompt.problem =
                                    Some(format!("{path:?} is not a file; check the path"));
                                self.modal = keep_open(prompt, replace, then);
                            }
                            DialogPurpose::Export => {
                                let other_file = path.exists();
                                if other_file && replace.as_deref() != Some(path.as_path()) {
                                    prompt.problem = Some(format!(
                                        "{path:?} already exists. Press Export again to replace it."
                                    ));
                                    self.modal = keep_open(prompt, Some(path), then);
                                } else {
                                    self.export_to(&path);
                                }
                            }
                            DialogPurpose::SaveAs => {
                                let other_file = path.exists()
                                    && self.doc.path.as_deref() != Some(path.as_path());
                                if other_file && replace.as_deref() != Some(path.as_path()) {
                                    prompt.problem = Some(format!(
                                        "{path:?} already exists. Press Save again to replace it."
                                    ));
                                    self.modal = keep_open(prompt, Some(path), then);
                                } else if self.save_to_checked(&path, then.clone())
                                    && let Some(then) = then
                                {
                                    self.continue_with(then, ui.ctx());
                                }
                            }
                        }
                    }
                    Some(PromptAnswer::Confirm(_)) => {
                        prompt.problem = Some("Type a path first.".to_owned());
                        self.modal = keep_open(prompt, replace, then);
                    }
                    Some(PromptAnswer::Cancel) => {}
                    None => self.modal = keep_open(prompt, replace, then),
                }
                None
            }
            Modal::Link {
                selection,
                mut prompt,
            } => {
                match dialogs::text_prompt_ui(ui, &mut prompt) {
                    Some(PromptAnswer::Confirm(url)) if !url.is_empty() => {
                        let edit = commands::link(self.doc.post.body(), selection, &url);
                        self.apply_edit(edit, ui.input(|input| input.time));
                    }
                    Some(PromptAnswer::Confirm(_)) => {
                        prompt.problem = Some("Type the address the link goes to.".to_owned());
                        self.modal = Some(Modal::Link { selection, prompt });
                    }
                    Some(PromptAnswer::Cancel) => self.editor.request_focus(),
                    None => self.modal = Some(Modal::Link { selection, prompt }),
                }
                None
            }
        }
    }

    /// Applies one action.
    fn apply(&mut self, action: Action, ctx: &egui::Context) {
        let time = ctx.input(|input| input.time);
        let opens_a_file = matches!(
            action,
            Action::New
                | Action::Open
                | Action::OpenPath(_)
                | Action::Save
                | Action::SaveAs
                | Action::ExportHtml
                | Action::ExportAnyway
        );
        if opens_a_file && (self.dialog.is_some() || self.loading.is_some()) {
            // One file dialog (or file being read) at a time.
            return;
        }
        match action {
            Action::New => self.guard_unsaved(Then::New, ctx),
            Action::Open => self.guard_unsaved(Then::Open, ctx),
            Action::OpenPath(path) => self.guard_unsaved(Then::OpenPath(path), ctx),
            Action::Save => {
                self.save(ctx, None);
            }
            Action::SaveAs => self.ask_save_path(ctx, None),
            Action::ExportHtml => self.begin_export(ctx),
            Action::ExportAnyway => self.ask_export_path(ctx),
            Action::CopyHtml => self.copy_html(ctx),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => {
                let undone = self.doc.history.undo(self.doc.post.body_mut());
                self.show_history_step(undone);
            }
            Action::Redo => {
                let redone = self.doc.history.redo(self.doc.post.body_mut());
                self.show_history_step(redone);
            }
            Action::Format(style) => {
                let edit =
                    commands::toggle_inline(self.doc.post.body(), self.editor.selection(), style);
                self.apply_edit(edit, time);
            }
            Action::Link => {
                let selection = self.editor.selection();
                let selected = self
                    .doc
                    .post
                    .body()
                    .get(selection.clone())
                    .unwrap_or_default();
                let looks_like_url =
                    selected.starts_with("http://") || selected.starts_with("https://");
                let value = if looks_like_url { selected } else { "https://" };
                let prompt = TextPrompt::new(
                    "Insert link",
                    "The selected text becomes the link text.",
                    "URL",
                    value,
                    "Insert link",
                );
                self.modal = Some(Modal::Link { selection, prompt });
            }
            Action::TogglePreview => self.settings.show_preview = !self.settings.show_preview,
            Action::ToggleMetadata => self.settings.show_metadata = !self.settings.show_metadata,
            Action::ToggleLinks => self.settings.show_links = !self.settings.show_links,
            Action::SetTheme(choice) => self.settings.theme = choice,
            Action::TextLarger => self.settings.change_text_size(1.0),
            Action::TextSmaller => self.settings.change_text_size(-1.0),
            Action::TextReset => self.settings.text_size = DEFAULT_TEXT_SIZE,
            Action::SetRemoteImages(allowed) => self.settings.load_remote_images = allowed,
            Action::SetNewPostFormat(format) => {
                self.settings.new_post_format = format;
                self.doc.post.set_new_front_matter_format(format);
            }
            Action::SetOpenAfterExport(open) => self.settings.open_after_export = open,
        }
    }

    /// Applies `edit` to the body as one undoable step: the one way the app itself changes
    /// the text (formatting, links, the audit's fixes). An edit the text has moved on from
    /// is refused whole, and the author told.
    fn apply_edit(&mut self, edit: Edit, time: f64) {
        let selection_before = Selection::from(self.editor.selection());
        if edit.apply(self.doc.post.body_mut()).is_err() {
            self.notify_error("That change no longer fits the text; nothing was changed.".into());
            return;
        }
        self.doc
            .history
            .record(edit.clone(), selection_before, time);
        self.show_edit(&edit);
    }

    /// Shows an undo or redo in the editor, or says why it could not be made.
    fn show_history_step(&mut self, step: Result<Option<Edit>, StaleEdit>) {
        match step {
            Ok(Some(edit)) => self.show_edit(&edit),
            Ok(None) => {}
            Err(_) => self.notify_error(
                "The text no longer matches the undo history, so nothing was undone or \
                 redone. Save your work under a new name to be safe."
                    .into(),
            ),
        }
    }

    /// Tells the editor about an edit the app made to the body, and puts the selection
    /// where the edit leaves it.
    fn show_edit(&mut self, edit: &Edit) {
        self.editor.text_changed_externally(&edit.changes);
        self.editor.set_selection(edit.selection.range());
        self.editor.request_focus();
        self.body_changed();
    }

    /// Runs `then` now if the post is saved, or asks first.
    fn guard_unsaved(&mut self, then: Then, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.continue_with(then, ctx);
        }
    }

    fn continue_with(&mut self, then: Then, ctx: &egui::Context) {
        match then {
            Then::New => self.replace_document(OpenPost::untitled(self.settings.new_post_format)),
            Then::Open => self.ask_open_path(ctx),
            Then::OpenPath(path) => self.open_path(&path),
            Then::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    fn replace_document(&mut self, mut doc: OpenPost) {
        doc.continue_revisions_after(self.doc.body_revision);
        self.doc = doc;
        self.preview_state = Default::default();
        self.links_state = Default::default();
        self.groups.clear();
        self.online_results.clear();
        if let Some(check) = self.online.take() {
            check.cancel();
        }
        self.last_editor_top = None;
        if let Some(ctx) = &self.ctx {
            // Images of the previous post, or edited since, are read afresh.
            ctx.forget_all_images();
        }
        self.editor = EditorState::default();
        self.editor.request_focus();
        self.form.reset();
        self.analysed_revision = None;
        self.retire_analysis(Analysis::default());
        self.request_analysis();
    }

    /// Opens the post at `path`, reporting (not hiding) any problem.
    fn open_path(&mut self, path: &Path) {
        if files::file_len(path).is_some_and(|len| len > LOAD_INLINE_BYTES)
            && let Some(ctx) = &self.ctx
        {
            self.loading = PendingLoad::spawn(path, self.settings.new_post_format, ctx);
            if self.loading.is_some() {
                return;
            }
        }
        // A post still being read in the background was asked for before this one: this
        // one wins, and the other must not replace it when it arrives.
        self.loading = None;
        let format = self.settings.new_post_format;
        let result = files::load(path).map(|loaded| {
            for warning in &loaded.warnings {
                self.notify_warning(warning.clone());
            }
            OpenPost::from_file(path, &loaded, format)
        });
        self.finish_open(path, result);
    }

    fn poll_loading(&mut self) {
        let Some((result, warnings)) = self.loading.as_ref().and_then(PendingLoad::poll) else {
            return;
        };
        let Some(loading) = self.loading.take() else {
            return;
        };
        for warning in warnings {
            self.notify_warning(warning);
        }
        self.finish_open(&loading.path, result);
    }

    /// The file being read in the background, if any.
    pub fn loading(&self) -> Option<&Path> {
        self.loading.as_ref().map(|loading| loading.path.as_path())
    }

    fn finish_open(&mut self, path: &Path, result: Result<OpenPost, files::StorageError>) {
        match result {
            Ok(doc) => {
                if let Some(error) = doc.post.front_matter_error() {
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
        if self.native_dialogs {
            let template = self.dialog_template.clone();
            self.dialog = PendingDialog::spawn(DialogPurpose::Open, ctx, move || {
                let mut dialog = template
                    .set_title("Open a post")
                    .add_filter("Markdown", &["md", "markdown", "mdown", "txt"]);
                if let Some(folder) = folder {
                    dialog = dialog.set_directory(folder);
                }
                dialog.pick_file()
            });
            if self.dialog.is_some() {
                return;
            }
        }
        self.open_path_prompt(DialogPurpose::Open, None);
    }

    fn open_path_prompt_for_save(&mut self, then: Option<Then>) {
        self.open_path_prompt(DialogPurpose::SaveAs, then);
    }

    fn open_path_prompt(&mut self, purpose: DialogPurpose, then: Option<Then>) {
        let start = self
            .doc
            .path
            .as_ref()
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
    fn path_prompt(&mut self, purpose: DialogPurpose, then: Option<Then>, start: &str) {
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
    fn save(&mut self, ctx: &egui::Context, then: Option<Then>) -> bool {
        match self.doc.path.clone() {
            Some(path) if !self.doc.read_only => self.save_to_checked(&path, then),
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

    fn ask_save_path(&mut self, ctx: &egui::Context, then: Option<Then>) {
        if self.native_dialogs {
            let mut dialog = self
                .dialog_template
                .clone()
                .set_title("Save the post")
                .add_filter("Markdown", &["md", "markdown"])
                .set_file_name(self.suggested_file_name());
            if let Some(folder) = self.doc.folder() {
                dialog = dialog.set_directory(folder);
            }
            self.dialog =
                PendingDialog::spawn(DialogPurpose::SaveAs, ctx, move || dialog.save_file());
            if self.dialog.is_some() {
                self.after_save_as = then;
                return;
            }
        }
        self.open_path_prompt(DialogPurpose::SaveAs, then);
    }

    fn suggested_file_name(&self) -> String {
        if let Some(name) = self.doc.file_name() {
            return name;
        }
        let metadata = self.doc.post.metadata();
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
    fn save_to_checked(&mut self, path: &Path, then: Option<Then>) -> bool {
        self.may_overwrite(path, then) && self.save_to(path)
    }

    /// Writes the post to `path`; on failure the file is untouched, the post stays
    /// unsaved and the error is shown.
    fn save_to(&mut self, path: &Path) -> bool {
        let text = self.doc.post.to_text();
        match files::save(path, text.as_bytes()) {
            Ok(disk) => {
                let moved = self.doc.path.as_deref() != Some(path);
                self.doc.mark_saved(path, disk);
                if self.analysed_revision == Some(self.doc.body_revision) {
                    self.doc.saved_domains = Some(self.analysis.report.domains());
                    self.doc.saved_domains_revision = None;
                    // The "new since last save" findings start afresh.
                    self.doc.body_revision += 1;
                }
                self.settings.remember_recent(path);
                if moved || self.watcher.is_none() {
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

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.dialog.as_ref().and_then(PendingDialog::poll) else {
            return;
        };
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        let then = self.after_save_as.take();
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

    fn take_dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        let close_requested = ctx.input(|input| input.viewport().close_requested());
        if close_requested && !self.allow_close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Then::Quit));
        }
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let mark = if self.doc.is_dirty() { " •" } else { "" };
        let title = format!("{}{mark} — Postwright", self.doc.display_name());
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The window title as last set.
    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    /// Writes the settings once they have stopped changing for a moment (dragging a panel
    /// edge changes them every frame), and when the window closes.
    fn write_settings_if_changed(&mut self, ctx: &egui::Context, closing: bool) {
        if self.settings == self.written_settings {
            self.settings_changed_at = None;
            return;
        }
        let now = ctx.input(|input| input.time);
        let since = *self.settings_changed_at.get_or_insert(now);
        let dragging = ctx.input(|input| input.pointer.any_down());
        if !closing && (dragging || now - since < SETTINGS_SETTLE_SECONDS) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SETTINGS_SETTLE_SECONDS));
            return;
        }
        self.settings_changed_at = None;
        self.written_settings = self.settings.clone();
        if let Some(path) = &self.settings_file
            && let Err(error) = files::save_settings(path, &self.settings)
        {
            let text = format!("Settings were not saved: {error}");
            self.notify_error(text);
        }
    }

    fn notify_error(&mut self, text: String) {
        self.push_notice(Notice {
            text,
            kind: NoticeKind::Error,
            action: None,
        });
    }

    fn notify_warning(&mut self, text: String) {
        self.push_notice(Notice {
            text,
            kind: NoticeKind::Warning,
            action: None,
        });
    }

    fn notify_info(&mut self, text: String) {
        self.push_notice(Notice {
            text,
            kind: NoticeKind::Info,
            action: None,
        });
    }

    fn push_notice(&mut self, notice: Notice) {
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
        if self.notices.len() > 4 {
            self.notices.remove(0);
        }
    }
}

/// Keeps a panel's width in the settings, so the layout comes back next time.
fn remember_width(setting: &mut Option<f32>, response: &egui::Response) {
    let width = response.rect.width().round();
    if width > 0.0 && *setting != Some(width) {
        *setting = Some(width);
    }
}

impl PostwrightApp {
    /// The window is closing: the settings are written and the recovery copy let go.
    fn exiting(&mut self) {
        if let Some(ctx) = self.ctx.clone() {
            self.write_settings_if_changed(&ctx, true);
        }
        self.close_journal();
    }
}

impl eframe::App for PostwrightApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let ready_before = self.post_on_screen();
        self.frame_ui(ui, Some(frame));
        self.track_ready_report(ui.ctx(), ready_before);
    }

    #[cfg(feature = "glow")]
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.exiting();
    }

    #[cfg(not(feature = "glow"))]
    fn on_exit(&mut self) {
        self.exiting();
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        let theme = if visuals.dark_mode {
            Theme::Dark
        } else {
            Theme::Light
        };
        theme::palette(theme).chrome.to_normalized_gamma_f32()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postwright_core::front_matter::Format;

    fn post_with_link(url: &str) -> OpenPost {
        let mut doc = OpenPost::untitled(Format::Yaml);
        doc.post.body_mut().push_str(&format!("[a link]({url})\n"));
        doc
    }

    #[test]
    fn a_late_analysis_of_the_previous_post_is_not_taken_for_the_next() {
        let mut app = PostwrightApp::new(AppOptions::default());
        app.replace_document(post_with_link("https://first.example/"));
        let first = app.doc.body_revision;
        let late = Analysis::of(
            app.doc.post.body(),
            app.doc.post.metadata(),
            None,
            &postwright_core::audit::AuditOptions::default(),
        );
        app.replace_document(post_with_link("https://second.example/"));
        assert_ne!(app.doc.body_revision, first, "revisions are never reused");
        app.take_worker_analysis(
            first,
            Analysed {
                analysis: late,
                groups: Vec::new(),
            },
        );
        let urls: Vec<&str> = app
            .analysis
            .report
            .links
            .iter()
            .map(|link| link.url.as_str())
            .collect();
        assert_eq!(urls, ["https://second.example/"]);
    }
}
