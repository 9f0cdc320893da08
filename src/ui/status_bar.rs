//! The status bar: which file, whether it is saved, how long the post is, where the cursor
//! is, how many link problems the audit found and how many words are misspelt.

use std::path::Path;

use egui::{RichText, Ui};

use crate::ui::theme::Palette;

/// Whether the post on screen matches its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Never saved.
    New,
    /// Matches the file.
    Saved,
    /// Has changes the file does not.
    Unsaved,
    /// The file cannot be written; Save will ask for another place.
    ReadOnly,
}

/// Everything the status bar shows.
pub struct StatusInfo<'a> {
    /// The post's file, if it has one.
    pub path: Option<&'a Path>,
    /// Saved or not.
    pub save_state: SaveState,
    /// Words in the body.
    pub words: usize,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Cursor line and column, 1-based.
    pub line_column: (usize, usize),
    /// Link audit errors, when the audit ran.
    pub audit_errors: Option<usize>,
    /// Link audit warnings.
    pub audit_warnings: usize,
    /// Whether some findings have a place in the body (a click on the count goes to the
    /// next; otherwise it shows the Links panel).
    pub findings_in_body: bool,
    /// Misspelt words in the body; `None` when spelling is not checked.
    pub misspellings: Option<usize>,
    /// Colours.
    pub palette: Palette,
}

/// What the author clicked in the status bar.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusAction {
    /// Show the Links panel.
    ShowLinks,
    /// Go to the next finding in the text.
    NextFinding,
    /// Go to the next misspelt word.
    NextMisspelling,
}

/// Draws the status bar.
pub fn status_bar_ui(ui: &mut Ui, info: &StatusInfo<'_>) -> Option<StatusAction> {
    let palette = info.palette;
    let mut action = None;
    ui.horizontal_centered(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        let small = |text: String| RichText::new(text).size(12.5).color(palette.muted);
        match info.path {
            Some(path) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |name| name.to_string_lossy().into_owned(),
                );
                ui.label(RichText::new(name).size(12.5).color(palette.text))
                    .on_hover_text(path.display().to_string());
                if let Some(folder) = path
                    .parent()
                    .filter(|folder| !folder.as_os_str().is_empty())
                {
                    let home =
                        directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
                    let shown = short_folder(folder, home.as_deref());
                    ui.add(egui::Label::new(small(shown)).truncate());
                }
            }
            None => {
                ui.label(RichText::new("Untitled").size(12.5).color(palette.text));
            }
        }
        let (state_text, state_colour) = match info.save_state {
            SaveState::New => ("Not saved yet", palette.muted),
            SaveState::Saved => ("Saved", palette.success),
            SaveState::Unsaved => ("Unsaved changes", palette.warning),
            SaveState::ReadOnly => ("Read-only", palette.warning),
        };
        ui.label(
            RichText::new(format!("● {state_text}"))
                .size(12.5)
                .color(state_colour),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let (line, column) = info.line_column;
            ui.label(small(format!("Ln {line}, Col {column}")));
            let minutes = match info.reading_minutes {
                0 => "no reading time".to_owned(),
                1 => "1 min read".to_owned(),
                minutes => format!("{minutes} min read"),
            };
            ui.label(small(minutes));
            let words = match info.words {
                1 => "1 word".to_owned(),
                words => format!("{} words", group_thousands(words)),
            };
            ui.label(small(words));
            if let Some(errors) = info.audit_errors {
                let warnings = info.audit_warnings;
                let (text, colour) = match (errors, warnings) {
                    (0, 0) => ("No problems".to_owned(), palette.success),
                    (0, warnings) => (
                        format!("{warnings} warning{}", plural(warnings)),
                        palette.warning,
                    ),
                    (errors, 0) => (format!("{errors} error{}", plural(errors)), palette.error),
                    (errors, warnings) => (
                        format!(
                            "{errors} error{}, {warnings} warning{}",
                            plural(errors),
                            plural(warnings)
                        ),
                        palette.error,
                    ),
                };
                let button =
                    egui::Button::new(RichText::new(text).size(12.5).color(colour)).frame(false);
                let (hover, clicked) = if info.findings_in_body {
                    (
                        "Link audit and publish readiness: go to the next finding (F8)",
                        StatusAction::NextFinding,
                    )
                } else {
                    (
                        "Link audit and publish readiness: show the Links panel",
                        StatusAction::ShowLinks,
                    )
                };
                if ui.add(button).on_hover_text(hover).clicked() {
                    action = Some(clicked);
                }
            }
            if let Some(misspellings) = info.misspellings {
                let (text, colour) = match misspellings {
                    0 => ("Spelling: no mistakes".to_owned(), palette.muted),
                    1 => ("1 misspelt word".to_owned(), palette.misspelling),
                    count => (
                        format!("{} misspelt words", group_thousands(count)),
                        palette.misspelling,
                    ),
                };
                let button =
                    egui::Button::new(RichText::new(text).size(12.5).color(colour)).frame(false);
                if ui
                    .add(button)
                    .on_hover_text("Go to the next misspelt word (F7)")
                    .clicked()
                    && misspellings > 0
                {
                    action = Some(StatusAction::NextMisspelling);
                }
            }
        });
    });
    action
}

/// A folder as shown to the author: the home folder written as `~`.
pub fn short_folder(folder: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| folder.strip_prefix(home).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Some(rest) => format!("~/{}", rest.display()),
        None => folder.display().to_string(),
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// 12345 → "12,345".
pub fn group_thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_shortened() {
        let home = Path::new("/home/ada");
        assert_eq!(
            short_folder(Path::new("/home/ada/blog/posts"), Some(home)),
            "~/blog/posts"
        );
        assert_eq!(short_folder(home, Some(home)), "~");
        assert_eq!(
            short_folder(Path::new("/srv/blog"), Some(home)),
            "/srv/blog"
        );
        assert_eq!(
            short_folder(Path::new("/home/adam"), Some(home)),
            "/home/adam"
        );
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
