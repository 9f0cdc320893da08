//! The window: Postwright's `eframe::App`.
//!
//! [`PostwrightApp::frame_ui`] reads like a table of contents: shortcuts, menu bar,
//! notices, status bar, panels, editor, then whatever modal question is open, and finally
//! "apply what the author asked for". Panels only return actions; this module is the one
//! place that changes the post, the files and the settings.
//!
//! The app's state comes in parts, each in the file that looks after it:
//! - [`OpenPost`] (`document`): the post, its file, its history and its revision rules;
//! - `analysis`: what is derived from the post (the analysis, the Links panel's grouping,
//!   the online check's results);
//! - `marks`: the findings and misspelt words drawn over the editor's text and the
//!   preview, and `findings` and `spelling`: what the keys and the right-click menu do
//!   with them (spelling also loads the dictionary);
//! - `panels`: the panels' states, how the width is shared, and what the app does with
//!   what the panels return;
//! - `dock`: the side dock, its tabs and the outline;
//! - `actions`: the menu's actions and the one way the app edits the text;
//! - `find`: the find bar's search, its matches in the editor, and replacing;
//! - `modal` and `notices`: the question open and the messages shown;
//! - `open_save`: opening and saving posts, with file dialogs native or typed;
//! - `export` and `online`: exporting the page and checking links online;
//! - `safety`: recovery copies, watching the file, save conflicts;
//! - `window`: fonts, theme, the title, closing, and writing the settings;
//! - `jobs`: the threads that keep the window responsive.

mod actions;
mod analysis;
mod dock;
mod document;
mod export;
mod find;
mod findings;
mod jobs;
mod links;
mod marks;
mod modal;
mod notices;
mod online;
mod open_save;
mod panels;
mod safety;
mod spelling;
mod window;

use std::path::{Path, PathBuf};

use egui::Ui;

use crate::ui::editor::EditorState;
use crate::ui::menu;
use crate::ui::theme;
use postwright_core::analysis::Analysis;
use postwright_io::settings::Settings;

use analysis::Derived;
pub use document::OpenPost;
use modal::Modal;
use notices::Notice;
use open_save::{FileDialogs, Opening};
use panels::PanelStates;
use safety::Safety;
pub use safety::default_journal_folder;
use spelling::Spelling;
use window::{SettingsFile, WindowState};

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

/// Postwright's window.
pub struct PostwrightApp {
    /// The author's preferences in effect.
    settings: Settings,
    /// Where the preferences are kept, and what was last written there.
    settings_file: SettingsFile,
    /// The open post.
    doc: OpenPost,
    /// What is derived from the post.
    derived: Derived,
    /// The dictionary and the words accepted.
    spelling: Spelling,
    /// The panels' states between frames.
    panels: PanelStates,
    /// The question open in a modal, if any.
    modal: Option<Modal>,
    /// Messages shown above the editor until dismissed.
    notices: Vec<Notice>,
    /// File dialogs, native or typed.
    dialogs: FileDialogs,
    /// The post asked for at startup, and one being read in the background.
    opening: Opening,
    /// Recovery copies and watching the file.
    safety: Safety,
    /// The window itself: its context, style, title and closing.
    window: WindowState,
}

impl PostwrightApp {
    /// Creates the app, loading settings and the file to open.
    pub fn new(options: AppOptions) -> Self {
        let mut notices = Vec::new();
        let (settings_file, settings, error) = SettingsFile::load(options.settings_file);
        if let Some(error) = error {
            notices.push(Notice::error(error.to_string()));
        }
        let doc = OpenPost::untitled(settings.new_post_format);
        let mut app = Self {
            settings,
            settings_file,
            doc,
            derived: Derived::default(),
            spelling: Spelling::default(),
            panels: PanelStates::default(),
            modal: None,
            notices,
            dialogs: FileDialogs::new(options.native_dialogs),
            opening: Opening::at_startup(options.file),
            safety: Safety::new(options.journal_folder),
            window: WindowState::default(),
        };
        app.panels.editor.request_focus();
        app
    }

    /// Prints `postwright: ready` on standard output once the window has presented a frame
    /// showing the post, read and analysed (what the startup benchmark waits for).
    pub fn report_when_ready(&mut self) {
        self.window.report_when_ready();
    }

    /// The open post.
    pub fn document(&self) -> &OpenPost {
        &self.doc
    }

    /// The latest analysis of the body.
    pub fn analysis(&self) -> &Analysis {
        &self.derived.analysis
    }

    /// Whether the analysis lags behind the body (a long post being analysed).
    pub fn analysis_pending(&self) -> bool {
        self.derived.revision != Some(self.doc.revision())
    }

    /// The editor's marks: the findings under their text, then the misspelt words (for
    /// tests and benchmarks; the editor draws them).
    pub fn editor_marks(&self) -> [&crate::ui::editor::MarkLayer; 2] {
        self.derived.marks.layers()
    }

    /// Whether the spelling check has not caught up with the post: a dictionary is being
    /// loaded, or the analysis shown was made before the dictionary or the words accepted
    /// last changed.
    pub fn spelling_pending(&self) -> bool {
        self.settings.check_spelling
            && (self.spelling.loading(
                &self.doc.post().metadata().language,
                self.settings.spelling_language.as_deref(),
            ) || self.derived.checks != Some(self.spelling.generation())
                || self.analysis_pending())
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
        &mut self.panels.editor
    }

    /// The file being read in the background, if any.
    pub fn loading(&self) -> Option<&Path> {
        self.opening.loading()
    }

    /// The window title as last set.
    pub fn window_title(&self) -> &str {
        &self.window.title
    }

    /// One frame of the whole window.
    pub fn frame_ui(&mut self, ui: &mut Ui, frame: Option<&eframe::Frame>) {
        let ctx = ui.ctx().clone();
        self.dialogs.open_in_front_of(frame);
        self.prepare(&ctx);
        let palette = theme::palette(ctx.theme());

        let mut actions = self.shortcuts(&ctx);
        self.menu_bar_ui(ui, palette, &mut actions);
        self.notices_bar_ui(ui, palette);
        self.status_bar_ui(ui, palette, &mut actions);
        self.side_panels_ui(ui, palette);
        self.editor_panel_ui(ui, palette, &mut actions);
        self.splitters_ui(ui);
        if let Some(action) = self.modal_ui(ui) {
            actions.push(action);
        }

        self.poll_background_work(&ctx);
        for action in actions {
            self.apply(action, &ctx);
        }
        self.update_window_title(&ctx);
        self.write_settings_if_changed(&ctx, false);
    }

    /// The keyboard shortcuts pressed this frame, and files dropped on the window; while a
    /// modal question is open, only its own keys (and Quit) count.
    fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<menu::Action> {
        self.take_asked_paste(ctx);
        let mut actions = menu::consume_shortcuts(ctx);
        if self.modal.is_some() {
            actions.retain(|action| matches!(action, menu::Action::Quit));
        }
        self.take_dropped_files(ctx, &mut actions);
        self.handle_close_request(ctx);
        actions
    }

    /// Picks up what background work finished or noticed: file dialogs, posts read,
    /// the online check, changes on disk, and the recovery copy's schedule.
    fn poll_background_work(&mut self, ctx: &egui::Context) {
        self.poll_dialog(ctx);
        self.poll_loading();
        self.poll_online_check();
        self.check_disk();
        self.journal_tick(ctx);
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
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        theme::palette(theme).chrome.to_normalized_gamma_f32()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobs::Analysed;
    use postwright_core::edit::{Edit, Selection};
    use postwright_core::front_matter::Format;

    fn post_with_link(url: &str) -> OpenPost {
        let mut doc = OpenPost::untitled(Format::Yaml);
        let edit = Edit::replace("", 0..0, format!("[a link]({url})\n"));
        doc.apply_edit(edit, Selection::default(), 0.0).unwrap();
        doc
    }

    #[test]
    fn a_late_analysis_of_the_previous_post_is_not_taken_for_the_next() {
        let mut app = PostwrightApp::new(AppOptions::default());
        app.replace_document(post_with_link("https://first.example/"));
        let first = app.doc.revision();
        let late = Analysis::of(
            app.doc.post().body(),
            app.doc.post().metadata(),
            None,
            &postwright_core::audit::AuditOptions::default(),
        );
        app.replace_document(post_with_link("https://second.example/"));
        assert_ne!(app.doc.revision(), first, "revisions are never reused");
        app.take_worker_analysis(
            first,
            Analysed {
                analysis: late,
                ..Analysed::default()
            },
        );
        let urls: Vec<&str> = app
            .derived
            .analysis
            .report
            .links
            .iter()
            .map(|link| link.url.as_str())
            .collect();
        assert_eq!(urls, ["https://second.example/"]);
    }
}
