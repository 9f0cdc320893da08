//! The side dock: which side panels are open and which is in front, its tabs, the outline
//! and what the app does with what it returns (the Links panel has its own file, `links`).

use egui::Ui;

use super::PostwrightApp;
use crate::ui::dock::{self, DockAction, SIDE_PANELS};
use crate::ui::outline::{self, OutlineAction, OutlineView};
use crate::ui::theme::Palette;
use postwright_io::settings::SidePanel;

impl PostwrightApp {
    /// Whether `panel` is open in the dock.
    pub(super) fn side_panel_open(&self, panel: SidePanel) -> bool {
        match panel {
            SidePanel::Outline => self.settings.show_outline,
            SidePanel::Links => self.settings.show_links,
        }
    }

    fn set_side_panel_open(&mut self, panel: SidePanel, open: bool) {
        match panel {
            SidePanel::Outline => self.settings.show_outline = open,
            SidePanel::Links => self.settings.show_links = open,
        }
    }

    /// The panel in front, if the dock is open: the one chosen last, or else the first
    /// open one.
    pub(super) fn side_panel_in_front(&self) -> Option<SidePanel> {
        if self.side_panel_open(self.settings.side_tab) {
            return Some(self.settings.side_tab);
        }
        SIDE_PANELS
            .into_iter()
            .find(|&panel| self.side_panel_open(panel))
    }

    /// Opens `panel` in the dock, in front.
    pub(super) fn show_side_panel(&mut self, panel: SidePanel) {
        self.set_side_panel_open(panel, true);
        self.settings.side_tab = panel;
    }

    /// Closes `panel`; the dock closes with its last panel.
    pub(super) fn close_side_panel(&mut self, panel: SidePanel) {
        self.set_side_panel_open(panel, false);
    }

    /// What a panel's menu item and keys do: bring it to the front, or close it when it is
    /// what the dock shows.
    pub(super) fn toggle_side_panel(&mut self, panel: SidePanel) {
        if self.side_panel_in_front() == Some(panel) {
            self.close_side_panel(panel);
        } else {
            self.show_side_panel(panel);
        }
    }

    /// Opens the outline in front and puts the keyboard on the heading holding the caret.
    pub(super) fn focus_outline(&mut self) {
        self.show_side_panel(SidePanel::Outline);
        let outline = &self.derived.analysis.stats.outline;
        let current = outline::heading_at(outline, self.panels.editor.cursor());
        self.panels.outline.focus(current);
    }

    /// The dock's tabs and the panel in front.
    pub(super) fn dock_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let Some(front) = self.side_panel_in_front() else {
            return;
        };
        let open: Vec<SidePanel> = SIDE_PANELS
            .into_iter()
            .filter(|&panel| self.side_panel_open(panel))
            .collect();
        match dock::dock_tabs_ui(ui, &open, front, &palette) {
            Some(DockAction::Show(panel)) => self.settings.side_tab = panel,
            Some(DockAction::Close(panel)) => self.close_side_panel(panel),
            None => {}
        }
        match front {
            SidePanel::Outline => self.outline_host_ui(ui, palette),
            SidePanel::Links => self.links_panel_host_ui(ui, palette),
        }
    }

    fn outline_host_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let analysis = &self.derived.analysis;
        let view = OutlineView {
            headings: &analysis.stats.outline,
            report: &analysis.report,
            revision: self.derived.revision.unwrap_or(u64::MAX),
            caret: self.panels.editor.cursor(),
            palette,
        };
        if let Some(OutlineAction::Go(index)) =
            outline::outline_ui(ui, &mut self.panels.outline, &view)
        {
            self.go_to_heading(index);
        }
    }

    /// Puts the caret on heading `index` of the outline, its line at the top of the editor
    /// and its block at the top of the preview.
    fn go_to_heading(&mut self, index: usize) {
        let Some(heading) = self.derived.analysis.stats.outline.get(index) else {
            return;
        };
        // A long post's outline can lag an edit behind; its place is then kept within the text.
        let body = self.doc.post().body();
        let start = body.floor_char_boundary(heading.range.start.min(body.len()));
        self.jump_to(start);
    }
}
