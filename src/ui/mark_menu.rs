//! The entries the editor's right-click menu gets for a mark under the pointer (or the
//! caret): a finding's messages, its fixes and "Show in Links panel"; a misspelt word's
//! suggestions, "Add to dictionary" and "Ignore".

use std::ops::Range;

use egui::{RichText, Ui};

use crate::ui::theme::Palette;
use postwright_core::audit::{Finding, Fix};

/// The note of a misspelt word's mark (in the editor and in Post details): what hovering
/// it says and what assistive technology reads out.
pub fn misspelling_note(word: &str, dictionary: &str) -> String {
    format!("“{word}” is not in the {dictionary} dictionary")
}

/// What the author chose from the entries.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum MarkMenuAction {
    /// Apply a finding's fix.
    Fix(Fix),
    /// Open the Links panel with this finding (an index into the report's) selected.
    ShowInLinks(usize),
    /// Put `with` in place of the misspelt word at `range`.
    Replace {
        /// The word's bytes in the body.
        range: Range<usize>,
        /// The suggestion chosen.
        with: String,
    },
    /// Add the word to the personal word list.
    AddToDictionary(String),
    /// Accept the word for the rest of the session.
    Ignore(String),
}

/// The findings under the pointer.
pub struct FindingsUnder<'a> {
    /// Their messages, one per line (the mark's note).
    pub note: &'a str,
    /// The findings with their index in the report, when the audit describes the text as
    /// it is (fixes are offered only then).
    pub current: Vec<(usize, &'a Finding)>,
}

/// The misspelt word under the pointer.
pub struct WordUnder<'a> {
    /// The word as written.
    pub word: &'a str,
    /// Its bytes in the body.
    pub range: Range<usize>,
    /// Corrections, best first; `None` while they are being looked for.
    pub suggestions: Option<&'a [String]>,
}

/// What the entries are about.
pub struct MarkMenuView<'a> {
    /// A finding's mark, if the menu was opened on one.
    pub findings: Option<FindingsUnder<'a>>,
    /// A misspelt word, if the menu was opened on one.
    pub word: Option<WordUnder<'a>>,
    /// Colours.
    pub palette: Palette,
}

impl MarkMenuView<'_> {
    /// Whether there is anything to offer.
    pub fn is_empty(&self) -> bool {
        self.findings.is_none() && self.word.is_none()
    }
}

/// The entries: a misspelt word's first (what a writer reaches for most), then the
/// finding's. Returns what was chosen, and closes the menu then.
pub fn mark_menu_ui(ui: &mut Ui, view: &MarkMenuView<'_>) -> Option<MarkMenuAction> {
    let mut chosen = None;
    let palette = view.palette;
    if let Some(word) = &view.word {
        match word.suggestions {
            None => {
                ui.add_enabled(false, egui::Button::new("Looking for suggestions…"));
            }
            Some([]) => {
                ui.add_enabled(false, egui::Button::new("No suggestions"));
            }
            Some(suggestions) => {
                for suggestion in suggestions {
                    let label = RichText::new(suggestion).strong();
                    if ui.button(label).clicked() {
                        chosen = Some(MarkMenuAction::Replace {
                            range: word.range.clone(),
                            with: suggestion.clone(),
                        });
                    }
                }
            }
        }
        ui.separator();
        if ui
            .button("Add to dictionary")
            .on_hover_text(format!(
                "Never mark “{}” again: it goes into your personal word list",
                word.word
            ))
            .clicked()
        {
            chosen = Some(MarkMenuAction::AddToDictionary(word.word.to_owned()));
        }
        if ui
            .button("Ignore")
            .on_hover_text(format!("Accept “{}” until Postwright closes", word.word))
            .clicked()
        {
            chosen = Some(MarkMenuAction::Ignore(word.word.to_owned()));
        }
    }
    if let Some(findings) = &view.findings {
        if view.word.is_some() {
            ui.separator();
        }
        ui.set_max_width(360.0);
        // Left-aligned: the menu's justified layout would stretch the words apart.
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            for line in findings.note.lines() {
                ui.label(RichText::new(line).size(12.5).color(palette.muted));
            }
        });
        if findings.current.is_empty() {
            ui.add_enabled(false, egui::Button::new("Checking the post again…"));
        }
        // Findings about the same link often offer the same fix.
        let mut offered: Vec<&str> = Vec::new();
        for (_, finding) in &findings.current {
            for fix in finding.fixes.iter().filter(|fix| !fix.edits.is_empty()) {
                if offered.contains(&fix.label.as_str()) {
                    continue;
                }
                offered.push(&fix.label);
                if ui.button(&fix.label).clicked() {
                    chosen = Some(MarkMenuAction::Fix(fix.clone()));
                }
            }
        }
        if let Some((index, _)) = findings.current.first()
            && ui.button("Show in Links panel").clicked()
        {
            chosen = Some(MarkMenuAction::ShowInLinks(*index));
        }
    }
    if chosen.is_some() {
        ui.close();
    }
    chosen
}
