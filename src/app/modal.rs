//! The question open in a modal, and what the app does with the answer. The questions are
//! drawn in `crate::ui::dialogs`; each returns the author's choice once given.

use std::ops::Range;
use std::path::PathBuf;

use egui::Ui;

use super::PostwrightApp;
use super::jobs::DialogPurpose;
use super::open_save::Then;
use super::safety::RecoveryOffer;
use crate::ui::dialogs::{self, PromptAnswer, ShortcutList, TextPrompt, UnsavedChoice};
use crate::ui::menu::Action;
use postwright_core::edit::commands;
use postwright_io::files::DiskState;
use postwright_io::settings::SidePanel;

/// The question currently asked in a modal.
pub(super) enum Modal {
    /// Save the changes before going on to do this?
    Unsaved(Then),
    /// A path typed by hand, where no native file dialog could be shown.
    Path {
        purpose: DialogPurpose,
        then: Option<Then>,
        prompt: TextPrompt,
        /// An existing file the author already agreed to replace.
        replace: Option<PathBuf>,
    },
    /// The address of a new link around `selection`.
    Link {
        selection: Range<usize>,
        prompt: TextPrompt,
    },
    /// A new address for the audit's link number `link`.
    EditUrl { link: usize, prompt: TextPrompt },
    /// Export although the audit found this many errors?
    ExportWithErrors { errors: usize },
    /// Restore, discard or keep for later a copy of unsaved work.
    Recover(Box<RecoveryOffer>),
    /// The file changed on disk (now `DiskState`) while the post has unsaved changes.
    ExternalChange(DiskState),
    /// Save found the file changed on disk since it was read.
    SaveConflict {
        current: DiskState,
        then: Option<Then>,
    },
    /// The line to go to.
    GoToLine(TextPrompt),
    /// The list of keyboard shortcuts.
    Shortcuts(ShortcutList),
    /// What Postwright is.
    About,
}

impl PostwrightApp {
    /// Shows the question open, if any, and acts on the answer; an answer that asks for
    /// an action (open this path, export anyway) returns it.
    pub(super) fn modal_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let modal = self.modal.take()?;
        match modal {
            Modal::GoToLine(mut prompt) => {
                match dialogs::text_prompt_ui(ui, &mut prompt) {
                    Some(PromptAnswer::Confirm(typed)) => {
                        if let Err(problem) = self.go_to_line(&typed) {
                            prompt.problem = Some(problem);
                            self.modal = Some(Modal::GoToLine(prompt));
                        }
                    }
                    Some(PromptAnswer::Cancel) => self.panels.editor.request_focus(),
                    None => self.modal = Some(Modal::GoToLine(prompt)),
                }
                None
            }
            Modal::Shortcuts(mut list) => {
                if dialogs::shortcuts_ui(ui, &mut list) {
                    self.panels.editor.request_focus();
                } else {
                    self.modal = Some(Modal::Shortcuts(list));
                }
                None
            }
            Modal::About => {
                if !dialogs::about_ui(ui) {
                    self.modal = Some(Modal::About);
                }
                None
            }
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
                    Some(dialogs::ExportChoice::ShowLinks) => {
                        self.show_side_panel(SidePanel::Links);
                    }
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
                                let other_file =
                                    path.exists() && self.doc.path() != Some(path.as_path());
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
                        let edit = commands::link(self.doc.post().body(), selection, &url);
                        self.apply_edit(edit, ui.input(|input| input.time));
                    }
                    Some(PromptAnswer::Confirm(_)) => {
                        prompt.problem = Some("Type the address the link goes to.".to_owned());
                        self.modal = Some(Modal::Link { selection, prompt });
                    }
                    Some(PromptAnswer::Cancel) => self.panels.editor.request_focus(),
                    None => self.modal = Some(Modal::Link { selection, prompt }),
                }
                None
            }
        }
    }
}

/// The line and column typed into Go to Line: `12`, or `12:5` for a column too (both
/// 1-based). `None` when it is not that.
pub(super) fn typed_line(typed: &str) -> Option<(usize, usize)> {
    let (line, column) = match typed.trim().split_once([':', ',']) {
        Some((line, column)) => (line, Some(column)),
        None => (typed.trim(), None),
    };
    let line = line.trim().parse::<usize>().ok().filter(|&line| line > 0)?;
    let column = match column {
        Some(column) => column.trim().parse::<usize>().ok().filter(|&c| c > 0)?,
        None => 1,
    };
    Some((line, column))
}

impl PostwrightApp {
    /// Asks for the line to go to, starting from the caret's.
    pub(super) fn ask_line(&mut self) {
        let body = self.doc.post().body();
        let (line, _) = self.panels.editor.cursor_line_column(body);
        let lines = self.panels.editor.line_count(body);
        let prompt = TextPrompt::new(
            "Go to line",
            &format!("Lines 1 to {lines}; add a column after a colon, as in 12:5."),
            "Line",
            &line.to_string(),
            "Go",
        )
        .value_selected();
        self.modal = Some(Modal::GoToLine(prompt));
    }

    /// Puts the caret on the line typed and brings it to the top of the editor and into the
    /// preview; says what is wrong with what was typed otherwise.
    fn go_to_line(&mut self, typed: &str) -> Result<(), String> {
        let body = self.doc.post().body();
        let lines = self.panels.editor.line_count(body);
        let Some((line, column)) = typed_line(typed) else {
            return Err(format!("Type a line number from 1 to {lines}."));
        };
        let offset = self.panels.editor.offset_of_line(body, line, column);
        self.jump_to(offset);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::typed_line;

    #[test]
    fn a_line_to_go_to_is_a_number_and_perhaps_a_column() {
        assert_eq!(typed_line("12"), Some((12, 1)));
        assert_eq!(typed_line(" 7 "), Some((7, 1)));
        assert_eq!(typed_line("12:5"), Some((12, 5)));
        assert_eq!(typed_line("12, 5"), Some((12, 5)));
        for wrong in ["", "0", "twelve", "-3", "12:", "12:0", "1.5"] {
            assert_eq!(typed_line(wrong), None, "{wrong:?}");
        }
    }
}
