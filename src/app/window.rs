//! The window itself: fonts, style and theme on the first frame, the title, closing with
//! unsaved changes, the startup report, and writing the settings once they settle.

use std::path::PathBuf;

use egui::ViewportCommand;

use super::PostwrightApp;
use super::modal::Modal;
use super::open_save::Then;
use crate::ui::theme;
use postwright_io::files::{self, StorageError};
use postwright_io::settings::{Settings, ThemeChoice};

/// Settings are written once they have not changed for this long (seconds).
const SETTINGS_SETTLE_SECONDS: f64 = 0.8;

/// The window's own state.
#[derive(Default)]
pub(super) struct WindowState {
    /// The context, once the first frame ran.
    pub(super) ctx: Option<egui::Context>,
    /// Fonts and style are installed.
    styled: bool,
    /// The theme last given to egui.
    applied_theme: Option<ThemeChoice>,
    /// The window title as last set.
    pub(super) title: String,
    /// The author agreed to close with unsaved changes.
    pub(super) allow_close: bool,
    /// Whether to say on standard output when the post is first on screen.
    ready_report: ReadyReport,
}

impl WindowState {
    pub(super) fn report_when_ready(&mut self) {
        self.ready_report = ReadyReport::Waiting;
    }
}

/// Saying once, for startup measurements, when the window first shows the post.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum ReadyReport {
    /// Not asked for, or already said.
    #[default]
    Off,
    /// The post is not on screen yet.
    Waiting,
    /// A frame with the post was drawn; the next frame means it was presented.
    Drawn,
}

/// Where the settings are kept, and what was last written there.
pub(super) struct SettingsFile {
    /// `None` keeps the settings in memory only (tests).
    path: Option<PathBuf>,
    written: Settings,
    /// When the settings last started to differ from the file.
    changed_at: Option<f64>,
}

impl SettingsFile {
    /// The folder the settings file is in (the personal word list sits beside it); `None`
    /// when the settings are kept in memory only.
    pub(super) fn folder(&self) -> Option<&std::path::Path> {
        self.path
            .as_deref()
            .and_then(std::path::Path::parent)
            .filter(|folder| !folder.as_os_str().is_empty())
    }

    /// Reads the settings at `path`: defaults when there is none, and when it cannot be
    /// read, with the reason.
    pub(super) fn load(path: Option<PathBuf>) -> (Self, Settings, Option<StorageError>) {
        let (settings, error) = match &path {
            Some(path) => match files::load_settings(path) {
                Ok(settings) => (settings, None),
                Err(error) => (Settings::default(), Some(error)),
            },
            None => (Settings::default(), None),
        };
        let file = Self {
            path,
            written: settings.clone(),
            changed_at: None,
        };
        (file, settings, error)
    }
}

impl PostwrightApp {
    /// Fonts, style, theme, and results from background work.
    pub(super) fn prepare(&mut self, ctx: &egui::Context) {
        if !self.window.styled {
            theme::install_fonts(ctx);
            theme::install_style(ctx);
            self.window.styled = true;
            self.window.ctx = Some(ctx.clone());
            self.start_journal(ctx);
            if let Some(path) = self.opening.initial_file.take() {
                self.open_path(&path);
            }
        }
        if self.window.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                ThemeChoice::Light => egui::ThemePreference::Light,
                ThemeChoice::Dark => egui::ThemePreference::Dark,
                ThemeChoice::System => egui::ThemePreference::System,
            });
            self.window.applied_theme = Some(self.settings.theme);
        }
        self.keep_spelling_current(ctx);
        self.keep_analysis_current(ctx);
    }

    /// Whether the post is read and analysed, so that a frame drawn now shows it.
    pub(super) fn post_on_screen(&self) -> bool {
        self.opening.is_done() && !self.analysis_pending()
    }

    /// Moves the ready report on after a frame; `ready_before` is whether the post was
    /// ready when the frame began (so that the frame drew it).
    pub(super) fn track_ready_report(&mut self, ctx: &egui::Context, ready_before: bool) {
        match self.window.ready_report {
            ReadyReport::Off => {}
            ReadyReport::Waiting => {
                if ready_before {
                    self.window.ready_report = ReadyReport::Drawn;
                }
                ctx.request_repaint();
            }
            ReadyReport::Drawn => {
                println!("postwright: ready");
                self.window.ready_report = ReadyReport::Off;
            }
        }
    }

    /// Closing with unsaved changes asks first.
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        let close_requested = ctx.input(|input| input.viewport().close_requested());
        if close_requested && !self.window.allow_close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Then::Quit));
        }
    }

    pub(super) fn update_window_title(&mut self, ctx: &egui::Context) {
        let mark = if self.doc.is_dirty() { " •" } else { "" };
        let title = format!("{}{mark} — Postwright", self.doc.display_name());
        if title != self.window.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window.title = title;
        }
    }

    /// Writes the settings once they have stopped changing for a moment (dragging a panel
    /// edge changes them every frame), and when the window closes.
    pub(super) fn write_settings_if_changed(&mut self, ctx: &egui::Context, closing: bool) {
        let file = &mut self.settings_file;
        if self.settings == file.written {
            file.changed_at = None;
            return;
        }
        let now = ctx.input(|input| input.time);
        let since = *file.changed_at.get_or_insert(now);
        let dragging = ctx.input(|input| input.pointer.any_down());
        if !closing && (dragging || now - since < SETTINGS_SETTLE_SECONDS) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SETTINGS_SETTLE_SECONDS));
            return;
        }
        file.changed_at = None;
        file.written = self.settings.clone();
        if let Some(path) = &file.path
            && let Err(error) = files::save_settings(path, &self.settings)
        {
            let text = format!("Settings were not saved: {error}");
            self.notify_error(text);
        }
    }

    /// The window is closing: the settings are written and the recovery copy let go.
    pub(super) fn exiting(&mut self) {
        if let Some(ctx) = self.window.ctx.clone() {
            self.write_settings_if_changed(&ctx, true);
        }
        self.close_journal();
    }
}
