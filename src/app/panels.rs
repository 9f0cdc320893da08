//! The panels around the editor and what the app does with what they return: the menu bar,
//! the status bar, how the width is shared (and the edges dragged to share it otherwise),
//! Post details, the preview, the editor itself and its context menu. (The side dock has
//! its own file, `dock`, and the Links panel `links`.)

use egui::{Panel, Ui};

use super::PostwrightApp;
use super::find::FindSession;
use crate::ui::columns::{self, Columns, Wanted, splitter_ui};
use crate::ui::context_menu::{ContextEntry, ContextMenu};
use crate::ui::editor::{self, EditorState, EditorStyle};
use crate::ui::links_panel::LinksPanelState;
use crate::ui::menu::{self, Action, MenuState};
use crate::ui::metadata_form::{
    self, CheckedField, FieldSpelling, FormAction, FormContext, MetadataFormState,
};
use crate::ui::outline::OutlineState;
use crate::ui::preview::{self, PreviewAction, PreviewFonts, PreviewSettings, PreviewState};
use crate::ui::status_bar::{self, SaveState, StatusAction, StatusInfo};
use crate::ui::theme::{self, Palette};
use postwright_core::metadata;
use postwright_io::settings::SidePanel;

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
    /// The outline's keyboard row and scroll position.
    pub(super) outline: OutlineState,
    /// The editor's first offset in view when the preview last followed it.
    pub(super) last_editor_top: Option<usize>,
    /// The find bar, its search and its marks in the editor.
    pub(super) find: FindSession,
    /// This frame's columns and the area they share, for the edges between them.
    pub(super) layout: Option<(Columns, egui::Rect)>,
    /// When a menu asked for the clipboard's text, until it comes.
    pub(super) paste_asked_at: Option<f64>,
}

impl PanelStates {
    /// Fresh panels for a post just opened, the editor focused.
    pub(super) fn reset_for_new_post(&mut self) {
        self.preview = PreviewState::default();
        self.links = LinksPanelState::default();
        self.outline = OutlineState::default();
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
                    has_selection: !self.panels.editor.selection().is_empty(),
                    show_preview: self.settings.show_preview,
                    show_metadata: self.settings.show_metadata,
                    show_links: self.settings.show_links,
                    show_outline: self.settings.show_outline,
                    outline_in_front: self.side_panel_in_front() == Some(SidePanel::Outline),
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

    /// The side dock on the left, Post details on the right and the preview beside the
    /// editor, each as the settings show it, as wide as `columns` shares the width out.
    pub(super) fn side_panels_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let area = ui.available_rect_before_wrap();
        let widths = self.settings.panel_widths;
        let dock_open = self.side_panel_in_front().is_some();
        let columns = Columns::share(&Wanted {
            window: area.width(),
            text_size: self.settings.text_size,
            dock: dock_open.then(|| widths.side.unwrap_or(columns::DOCK_DEFAULT)),
            details: self
                .settings
                .show_metadata
                .then(|| widths.metadata.unwrap_or(columns::DETAILS_DEFAULT)),
            preview_share: self.settings.show_preview.then(|| {
                widths
                    .preview_share
                    .unwrap_or(columns::PREVIEW_SHARE_DEFAULT)
            }),
        });
        self.panels.layout = Some((columns, area));

        if self.settings.show_metadata {
            Panel::right("metadata")
                .resizable(false)
                .exact_size(columns.details)
                .frame(
                    egui::Frame::new()
                        .fill(palette.chrome)
                        .inner_margin(egui::Margin::symmetric(12, 8)),
                )
                .show(ui, |ui| self.metadata_panel_ui(ui, palette));
        }

        if dock_open {
            Panel::left("side-dock")
                .resizable(false)
                .exact_size(columns.dock)
                .frame(
                    egui::Frame::new()
                        .fill(palette.chrome)
                        .inner_margin(egui::Margin {
                            left: 10,
                            right: 10,
                            top: 4,
                            bottom: 8,
                        }),
                )
                .show(ui, |ui| self.dock_ui(ui, palette));
        }

        if self.settings.show_preview {
            Panel::right("preview")
                .resizable(false)
                .exact_size(columns.preview)
                .frame(egui::Frame::NONE)
                .show(ui, |ui| self.preview_panel_ui(ui));
        }
    }

    /// The edges between the columns, drawn over them once the panels are in place: dragging
    /// one (or stepping it with the arrow keys or assistive technology) changes the width the
    /// settings keep, from the next frame.
    pub(super) fn splitters_ui(&mut self, ui: &Ui) {
        let Some((columns, area)) = self.panels.layout else {
            return;
        };
        let y = area.y_range();
        let widths = &mut self.settings.panel_widths;
        if columns.dock > 0.0 {
            let edge = area.left() + columns.dock;
            let id = ui.scope_id().with("side-dock-edge");
            if let Some(x) = splitter_ui(ui, id, edge, y, "Side panel width", true) {
                widths.side = Some(columns.drag_dock(x - area.left()));
            }
        }
        if columns.preview > 0.0 {
            let right = area.right() - columns.details;
            let edge = right - columns.preview;
            let id = ui.scope_id().with("preview-edge");
            if let Some(x) = splitter_ui(ui, id, edge, y, "Preview width", false) {
                widths.preview_share = Some(columns.drag_preview(right - x));
            }
        }
        if columns.details > 0.0 {
            let edge = area.right() - columns.details;
            let id = ui.scope_id().with("metadata-edge");
            if let Some(x) = splitter_ui(ui, id, edge, y, "Post details width", false) {
                widths.metadata = Some(columns.drag_details(area.right() - x));
            }
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
                self.editor_ui(ui, palette, actions);
                self.search_if_stale(ui.ctx());
            });
        if self.settings.show_preview {
            self.follow_editor_scroll();
        }
    }

    fn editor_ui(&mut self, ui: &mut Ui, palette: Palette, actions: &mut Vec<Action>) {
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
        self.editor_menu_ui(ui, palette, actions);
    }

    /// The editor's right-click menu's clipboard part, after what is about the place
    /// clicked (a finding's fixes, spelling suggestions).
    pub(super) fn clipboard_menu(&self) -> ContextMenu {
        let selected = !self.panels.editor.selection().is_empty();
        ContextMenu {
            sections: vec![
                vec![
                    ContextEntry::command(Action::Cut, selected),
                    ContextEntry::command(Action::Copy, selected),
                    ContextEntry::command(Action::Paste, true),
                    ContextEntry::command(Action::PastePlain, true),
                ],
                vec![ContextEntry::command(Action::SelectAll, true)],
            ],
        }
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
