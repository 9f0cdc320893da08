//! The question open in a modal, and what the app does with the answer. The questions are
//! drawn in `crate::ui::dialogs`; each returns the author's choice once given.

use std::ops::Range;
use std::path::PathBuf;

use egui::Ui;

use super::PostwrightApp;
use super::jobs::DialogPurpose;
use super::open_save::Then;
use super::safety::RecoveryOffer;
use crate::ui::dialogs::{self, PromptAnswer, TextPrompt, UnsavedChoice};
use crate::ui::menu::Action;
use postwright_core::edit::commands;
use postwright_io::files::DiskState;

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
}

impl PostwrightApp {
    /// Shows the question open, if any, and acts on the answer; an answer that asks for
    /// an action (open this path, export anyway) returns it.
    pub(super) fn modal_ui(&mut self, ui: &mut Ui) -> Option<Action> {
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
