//! The panels around the editor and what the app does with what they return: the menu bar,
//! the status bar, Post details, the preview and the editor itself. (The Links panel has
//! its own file, `links`.)

use egui::{Panel, Ui};

use super::PostwrightApp;
use super::find::FindSession;
use crate::ui::editor::{self, EditorState, EditorStyle};
use crate::ui::links_panel::LinksPanelState;
use crate::ui::menu::{self, Action, MenuState};
use crate::ui::metadata_form::{
    self, CheckedField, FieldSpelling, FormAction, FormContext, MetadataFormState,
};
use crate::ui::preview::{self, PreviewAction, PreviewFonts, PreviewSettings, PreviewState};
use crate::ui::status_bar::{self, SaveState, StatusAction, StatusInfo};
use crate::ui::theme::{self, Palette};
use postwright_core::metadata;

/// The panels' states between frames.
#[derive(Default)]
pub(super) struct PanelStates {
    /// The editor's selection, view and caches.
    pub(super) editor: EditorState,
    /// The Post details form's draft.
    pub(super) form: MetadataFormState,
    /// The preview's scroll position and caches.
    pub(super) preview: PreviewState,
    /// The Links panel's open groups and rows.
    pub(super) links: LinksPanelState,
    /// The editor's first offset in view when the preview last followed it.
    pub(super) last_editor_top: Option<usize>,
    /// The find bar, its search and its marks in the editor.
    pub(super) find: FindSession,
}

impl PanelStates {
    /// Fresh panels for a post just opened, the editor focused.
    pub(super) fn reset_for_new_post(&mut self) {
        self.preview = PreviewState::default();
        self.links = LinksPanelState::default();
        self.last_editor_top = None;
        self.editor = EditorState::default();
        self.editor.request_focus();
        self.form.reset();
        self.find.forget_matches();
    }
}

impl PostwrightApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui, palette: Palette, actions: &mut Vec<Action>) {
        Panel::top("menu-bar")
            .frame(
                egui::Frame::new()
                    .fill(palette.chrome)
                    .inner_margin(egui::Margin::symmetric(8, 2)),
            )
            .show(ui, |ui| {
                let state = MenuState {
                    recent_files: &self.settings.recent_files,
                    dialog_open: self.dialogs.is_open(),
                    can_undo: self.doc.can_undo(),
                    can_redo: self.doc.can_redo(),
                    show_preview: self.settings.show_preview,
                    show_metadata: self.settings.show_metadata,
                    show_links: self.settings.show_links,
                    theme: self.settings.theme,
                    remote_images: self.settings.load_remote_images,
                    new_post_format: self.settings.new_post_format,
                    open_after_export: self.settings.open_after_export,
                    check_spelling: self.settings.check_spelling,
                    spelling_language: self.settings.spelling_language.as_deref(),
                    dictionaries: self.spelling.installed(),
                };
                if let Some(action) = menu::menu_bar_ui(ui, &state) {
                    actions.push(action);
                }
            });
    }

    pub(super) fn status_bar_ui(
        &mut self,
        ui: &mut Ui,
        palette: Palette,
        actions: &mut Vec<Action>,
    ) {
        Panel::bottom("status-bar")
            .frame(
                egui::Frame::new()
                    .fill(palette.chrome)
                    .inner_margin(egui::Margin::symmetric(10, 3)),
            )
            .show(ui, |ui| {
                let analysis = &self.derived.analysis;
                let info = StatusInfo {
                    path: self.doc.path(),
                    save_state: self.save_state(),
                    words: analysis.stats.words,
                    reading_minutes: analysis.stats.reading_minutes(),
                    line_column: self
                        .panels
                        .editor
                        .cursor_line_column(self.doc.post().body()),
                    audit_errors: Some(analysis.report.counts().errors),
                    audit_warnings: analysis.report.counts().warnings,
                    findings_in_body: self.findings_in_body(),
                    misspellings: self
                        .settings
                        .check_spelling
                        .then(|| self.derived.marks.spelling.marks().len()),
                    palette,
                };
                match status_bar::status_bar_ui(ui, &info) {
                    Some(StatusAction::ShowLinks) => actions.push(Action::ToggleLinks),
                    Some(StatusAction::NextFinding) => actions.push(Action::NextFinding),
                    Some(StatusAction::NextMisspelling) => actions.push(Action::NextMisspelling),
                    None => {}
                }
            });
    }

    fn save_state(&self) -> SaveState {
        if self.doc.read_only() {
            SaveState::ReadOnly
        } else if self.doc.path().is_none() {
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

    /// Post details on the right, the Links panel on the left and the preview beside the
    /// editor, each as the settings show it and as wide as the author left it.
    pub(super) fn side_panels_ui(&mut self, ui: &mut Ui, palette: Palette) {
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
    }

    /// The editor in the space left, under the find bar when it is open, and the preview
    /// following where it is scrolled.
    pub(super) fn editor_panel_ui(
        &mut self,
        ui: &mut Ui,
        palette: Palette,
        actions: &mut Vec<Action>,
    ) {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(palette.editor))
            .show(ui, |ui| {
                self.find_bar_host_ui(ui, palette, actions);
                self.editor_ui(ui, palette);
                self.search_if_stale(ui.ctx());
            });
        if self.settings.show_preview {
            self.follow_editor_scroll();
        }
    }

    fn editor_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let style = EditorStyle {
            font_size: self.settings.text_size,
            colours: theme::syntax_colours(ui.ctx().theme()),
            background: palette.editor,
            max_text_width: 860.0,
        };
        let time = ui.input(|input| input.time);
        let editor = &mut self.panels.editor;
        let find = &self.panels.find;
        let mut layers = find.marks.layers().to_vec();
        layers.extend(self.derived.marks.layers());
        let mut typed_changes = Vec::new();
        let typed = self.doc.type_into_body(time, |body| {
            let output = editor::editor_ui(ui, editor, body, &style, &layers);
            typed_changes.clone_from(&output.changes);
            output
        });
        if typed {
            self.panels.find.text_changed(&typed_changes);
            // The marks follow the words until the next analysis brings new ones.
            self.derived.marks.map_through(&typed_changes);
            self.body_changed();
        }
        self.editor_menu_ui(ui, palette);
    }

    fn metadata_panel_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let post = self.doc.post();
        let source = post
            .front_matter()
            .map(|front_matter| front_matter.raw().to_owned())
            .unwrap_or_default();
        self.panels.form.sync(post.metadata(), &source);
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
            spelling: match &self.spelling.fields {
                Some((title, summary)) => FieldSpelling {
                    title: Some(CheckedField {
                        text: &title.text,
                        misspelt: &title.misspelt,
                    }),
                    summary: Some(CheckedField {
                        text: &summary.text,
                        misspelt: &summary.misspelt,
                    }),
                    dictionary: self.spelling.dictionary().unwrap_or_default(),
                },
                None => FieldSpelling::default(),
            },
        };
        ui.add_space(2.0);
        let action = metadata_form::metadata_form_ui(ui, &mut self.panels.form, &context);
        match action {
            Some(FormAction::Changed(metadata)) => {
                match self.doc.set_metadata(&metadata) {
                    Ok(()) => self.panels.form.applied(self.doc.post().metadata()),
                    Err(error) => {
                        self.notify_error(error.to_string());
                        // The form shows the post's metadata again.
                        self.panels.form.reset();
                    }
                }
                self.body_changed();
            }
            Some(FormAction::SourceChanged(source)) => {
                self.doc.set_front_matter_raw(source);
                self.body_changed();
            }
            None => {}
        }
    }

    fn preview_panel_ui(&mut self, ui: &mut Ui) {
        let settings = PreviewSettings {
            base_folder: self.doc.folder(),
            remote_images: self.settings.load_remote_images,
            text_scale: self.settings.text_size / postwright_io::settings::DEFAULT_TEXT_SIZE,
            fonts: PreviewFonts {
                bold: Some(theme::bold()),
                ..PreviewFonts::default()
            },
        };
        let action = preview::preview_ui(
            ui,
            &self.derived.analysis.preview,
            self.doc.post().metadata(),
            &mut self.panels.preview,
            &settings,
        );
        match action {
            Some(PreviewAction::OpenLink(url)) => ui.ctx().open_url(egui::OpenUrl::new_tab(url)),
            Some(PreviewAction::RevealSource(range)) => {
                self.panels.editor.set_selection(range.start..range.start);
                self.panels.editor.request_focus();
            }
            None => {}
        }
    }

    /// Keeps the preview on the part of the post the editor shows, when the editor scrolls.
    fn follow_editor_scroll(&mut self) {
        let top = self.panels.editor.first_visible_offset();
        if self.panels.last_editor_top != Some(top) {
            self.panels.last_editor_top = Some(top);
            self.panels.preview.scroll_to_source(top);
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
