//! The findings where the words are: going from one to the next (F8, Shift+F8, the status
//! bar), the editor's right-click menu on a finding or a misspelt word, and showing a
//! finding in the Links panel.

use egui::Ui;

use super::PostwrightApp;
use super::marks;
use crate::ui::context_menu;
use crate::ui::editor;
use crate::ui::mark_menu::{self, FindingsUnder, MarkMenuAction, MarkMenuView, WordUnder};
use crate::ui::menu::Action;
use crate::ui::theme::Palette;

impl PostwrightApp {
    /// Selects the next finding in the body after the selection's start, or the previous
    /// one before it, going round (F8, Shift+F8, a click on the status bar's count).
    pub(super) fn go_to_finding(&mut self, forward: bool) {
        let selection = self.panels.editor.selection();
        if let Some(range) = marks::next_mark(&self.derived.marks.findings, selection, forward) {
            self.reveal(range);
        }
    }

    /// Whether any finding has a place in the body (else the status bar's count opens the
    /// Links panel).
    pub(super) fn findings_in_body(&self) -> bool {
        !self.derived.marks.findings.is_empty()
    }

    /// Opens the Links panel with finding number `index` selected and in view.
    pub(super) fn show_in_links_panel(&mut self, index: usize) {
        self.settings.show_links = true;
        self.panels.links.select_finding(
            index,
            &self.derived.analysis.report,
            &self.derived.groups,
        );
    }

    /// The right-click menu's entries for the marks at the offset it was opened on, drawn
    /// while it is open; what the author chose is applied at once.
    pub(super) fn editor_menu_ui(&mut self, ui: &Ui, palette: Palette, actions: &mut Vec<Action>) {
        if self.panels.editor.context_menu_offset().is_none() {
            return;
        }
        self.find_suggestions_for_menu(ui.ctx());
        let clipboard = self.clipboard_menu();
        let body = self.doc.post().body();
        let current = !self.analysis_pending();
        let layers = &self.derived.marks;
        let report = &self.derived.analysis.report;
        let spelling = &self.spelling;
        let chosen = editor::context_menu_ui(ui, &mut self.panels.editor, |ui, offset| {
            let findings = marks::mark_at(&layers.findings, offset).map(|index| {
                let mark = &layers.findings.marks()[index];
                FindingsUnder {
                    note: mark.note.as_deref().unwrap_or_default(),
                    current: if current {
                        report
                            .findings
                            .iter()
                            .enumerate()
                            .filter(|(_, finding)| {
                                finding.location.range().as_ref() == Some(&mark.range)
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            });
            let word = marks::mark_at(&layers.spelling, offset).and_then(|index| {
                let range = layers.spelling.marks()[index].range.clone();
                let word = body.get(range.clone())?;
                Some(WordUnder {
                    word,
                    range,
                    suggestions: spelling.suggestions_for(word),
                })
            });
            let view = MarkMenuView {
                findings,
                word,
                palette,
            };
            let mut choice = None;
            if !view.is_empty() {
                choice = mark_menu::mark_menu_ui(ui, &view).map(MenuChoice::Mark);
                ui.separator();
            }
            if let Some(action) = context_menu::context_menu_ui(ui, &clipboard) {
                choice = Some(MenuChoice::Command(action));
            }
            choice
        });
        let action = match chosen {
            Some(Some(MenuChoice::Mark(action))) => action,
            Some(Some(MenuChoice::Command(action))) => {
                actions.push(action);
                return;
            }
            _ => return,
        };
        let time = ui.input(|input| input.time);
        match action {
            MarkMenuAction::Fix(fix) => self.apply_audit_edits(&fix.edits, time),
            MarkMenuAction::ShowInLinks(index) => self.show_in_links_panel(index),
            MarkMenuAction::Replace { range, with } => self.replace_word(range, &with, time),
            MarkMenuAction::AddToDictionary(word) => self.add_word_to_dictionary(&word),
            MarkMenuAction::Ignore(word) => self.ignore_word(&word),
        }
    }
}

/// What was chosen in the editor's right-click menu: an entry about the place clicked, or
/// one of the menus' commands (the clipboard, Select All), applied with the frame's actions.
enum MenuChoice {
    Mark(MarkMenuAction),
    Command(Action),
}
