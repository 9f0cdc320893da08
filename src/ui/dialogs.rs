//! Modal questions: unsaved changes, a path typed by hand when no native file dialog can
//! be shown, the URL of a new link, exporting with link errors, recovering unsaved work,
//! a file changed on disk, a save that would overwrite another program's changes, the line
//! to go to (a text prompt), the list of keyboard shortcuts, and About.
//! Each draws itself in the same frame and returns the author's answer once given; the
//! app acts on it.

use egui::{Key, RichText, Ui};

use crate::ui::menu::{self, Command};
use crate::ui::theme;
use postwright_core::diff::{DiffSummary, LineChange};

/// The answer to "save your changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// Save, then go on.
    Save,
    /// Throw the changes away and go on.
    Discard,
    /// Stay where we are.
    Cancel,
}

/// The frame every question is drawn in: a modal `width` points wide.
fn modal_frame(ui: &Ui, id: &str, width: f32, add: impl FnOnce(&mut Ui)) {
    egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.spacing_mut().item_spacing.y = 10.0;
        add(ui);
    });
}

/// Asks whether to save changes to `name` before `doing` (e.g. "opening another post").
pub fn unsaved_changes_ui(ui: &Ui, name: &str, doing: &str) -> Option<UnsavedChoice> {
    let mut choice = None;
    modal_frame(ui, "unsaved-changes", 420.0, |ui| {
        ui.label(RichText::new(format!("Save changes to “{name}”?")).heading());
        ui.label(format!(
            "Your changes will be lost if you don't save them before {doing}."
        ));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(UnsavedChoice::Save);
            }
            if ui.button("Discard").clicked() {
                choice = Some(UnsavedChoice::Discard);
            }
            if ui.button("Cancel").clicked() || ui.input(|input| input.key_pressed(Key::Escape)) {
                choice = Some(UnsavedChoice::Cancel);
            }
        });
    });
    choice
}

/// What the author did with a question that takes some text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptAnswer {
    /// Confirmed with this text.
    Confirm(String),
    /// Cancelled.
    Cancel,
}

/// A question answered by typing a line of text: a path or a URL.
#[derive(Clone, Debug, Default)]
pub struct TextPrompt {
    /// The heading.
    pub title: String,
    /// One sentence of explanation.
    pub message: String,
    /// The field's label.
    pub label: String,
    /// The text being typed.
    pub value: String,
    /// The confirm button's caption.
    pub confirm: String,
    /// A problem with the last confirmed value, shown under the field.
    pub problem: Option<String>,
    focused: bool,
    /// The problem shown last frame: a new one gives the field the keyboard again.
    problem_shown: Option<String>,
    /// Select the starting value, so that typing replaces it.
    select_value: bool,
}

impl TextPrompt {
    /// A prompt with a starting value.
    pub fn new(title: &str, message: &str, label: &str, value: &str, confirm: &str) -> Self {
        Self {
            title: title.to_owned(),
            message: message.to_owned(),
            label: label.to_owned(),
            value: value.to_owned(),
            confirm: confirm.to_owned(),
            problem: None,
            focused: false,
            problem_shown: None,
            select_value: false,
        }
    }

    /// The same prompt with its starting value selected, so that typing replaces it.
    pub fn value_selected(mut self) -> Self {
        self.select_value = true;
        self
    }
}

/// Shows a text prompt; returns the answer once given.
pub fn text_prompt_ui(ui: &Ui, prompt: &mut TextPrompt) -> Option<PromptAnswer> {
    let mut answer = None;
    modal_frame(ui, "text-prompt", 420.0, |ui| {
        ui.label(RichText::new(&prompt.title).heading());
        if !prompt.message.is_empty() {
            ui.label(&prompt.message);
        }
        let label = ui.label(&prompt.label);
        let response = ui
            .add(egui::TextEdit::singleline(&mut prompt.value).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !prompt.focused || prompt.problem != prompt.problem_shown {
            response.request_focus();
            if prompt.select_value
                && let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), response.id)
            {
                let end = egui::text::CCursor::new(prompt.value.chars().count());
                let all = egui::text::CCursorRange::two(egui::text::CCursor::new(0), end);
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), response.id);
            }
            prompt.focused = true;
            prompt.problem_shown.clone_from(&prompt.problem);
        }
        if let Some(problem) = &prompt.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        let entered = response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter));
        ui.horizontal(|ui| {
            if ui.button(&prompt.confirm).clicked() || entered {
                answer = Some(PromptAnswer::Confirm(prompt.value.trim().to_owned()));
            }
            if ui.button("Cancel").clicked() || ui.input(|input| input.key_pressed(Key::Escape)) {
                answer = Some(PromptAnswer::Cancel);
            }
        });
    });
    answer
}

/// The answer to "export with link errors?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportChoice {
    /// Export anyway.
    Export,
    /// Show the Links panel instead.
    ShowLinks,
    /// Do nothing.
    Cancel,
}

/// Warns that the link audit found `errors` errors before exporting.
pub fn export_with_errors_ui(ui: &Ui, errors: usize) -> Option<ExportChoice> {
    let mut choice = None;
    modal_frame(ui, "export-with-errors", 420.0, |ui| {
        let noun = if errors == 1 { "error" } else { "errors" };
        ui.label(RichText::new(format!("This post has {errors} link {noun}")).heading());
        ui.label(
            "A link may be dangerous, hidden or broken. Readers would get it as it is. Look at \
             the Links panel first?",
        );
        ui.horizontal(|ui| {
            if ui.button("Show links").clicked() {
                choice = Some(ExportChoice::ShowLinks);
            }
            if ui.button("Export anyway").clicked() {
                choice = Some(ExportChoice::Export);
            }
            if ui.button("Cancel").clicked() || ui.input(|input| input.key_pressed(Key::Escape)) {
                choice = Some(ExportChoice::Cancel);
            }
        });
    });
    choice
}

/// A copy of unsaved work left by a window that did not close cleanly.
pub struct RecoveryPrompt<'a> {
    /// The post's file name, or "Untitled post".
    pub name: &'a str,
    /// When the copy was written, in words.
    pub when: &'a str,
    /// How the copy stands against the file on disk.
    pub note: &'a str,
    /// What restoring would change in the file, when the file could be read.
    pub summary: Option<&'a DiffSummary>,
    /// The copy's text, shown in part when there is no file to compare it with.
    pub text: &'a str,
}

/// What the author decided about a recovered copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Open it as an unsaved post.
    Restore,
    /// Delete it for good.
    Discard,
    /// Keep it and ask again next time.
    Later,
}

/// Offers a recovered copy: what it would change (or how it starts), and whether to
/// restore it, discard it or decide later.
pub fn recovery_ui(ui: &Ui, prompt: &RecoveryPrompt<'_>) -> Option<RecoveryChoice> {
    let palette = theme::palette(ui.ctx().theme());
    let mut choice = None;
    modal_frame(ui, "recovery", 560.0, |ui| {
        ui.spacing_mut().item_spacing.y = 8.0;
        ui.label(RichText::new("Recover unsaved work?").heading());
        ui.label(format!(
            "Postwright closed without saving “{}”. A copy of your text was kept on {}.",
            prompt.name, prompt.when
        ));
        ui.label(RichText::new(prompt.note).color(palette.muted));
        if let Some(summary) = prompt.summary {
            ui.label(RichText::new(summary.describe()).strong());
            egui::Frame::new()
                .fill(palette.editor)
                .corner_radius(6)
                .inner_margin(8)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(220.0)
                        .show(ui, |ui| {
                            for (kind, line) in &summary.preview {
                                let (sign, colour) = match kind {
                                    LineChange::Added => ("+ ", palette.success),
                                    LineChange::Removed => ("− ", palette.error),
                                    LineChange::Same => ("  ", palette.muted),
                                };
                                ui.label(
                                    RichText::new(format!("{sign}{line}"))
                                        .monospace()
                                        .color(colour),
                                );
                            }
                        });
                });
        } else {
            let words = prompt.text.split_whitespace().count();
            let start: String = prompt.text.chars().take(280).collect();
            ui.label(RichText::new(format!("{words} words")).strong());
            egui::Frame::new()
                .fill(palette.editor)
                .corner_radius(6)
                .inner_margin(8)
                .show(ui, |ui| {
                    ui.label(RichText::new(start).monospace().color(palette.text));
                });
        }
        ui.horizontal(|ui| {
            let restore = ui.button("Restore");
            if restore.clicked() || ui.input(|input| input.key_pressed(Key::Enter)) {
                choice = Some(RecoveryChoice::Restore);
            }
            if ui
                .button("Discard")
                .on_hover_text("Delete the copy for good")
                .clicked()
            {
                choice = Some(RecoveryChoice::Discard);
            }
            if ui
                .button("Decide later")
                .on_hover_text("Keep the copy and ask again next time")
                .clicked()
                || ui.input(|input| input.key_pressed(Key::Escape))
            {
                choice = Some(RecoveryChoice::Later);
            }
        });
    });
    choice
}

/// What to do about a file that changed on disk while the post has unsaved changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternalChoice {
    /// Drop the changes here and read the file again.
    Reload,
    /// Keep this version; saving replaces the file.
    KeepMine,
}

/// Says that another program changed `name`'s file while it has unsaved changes here.
pub fn external_change_ui(ui: &Ui, name: &str) -> Option<ExternalChoice> {
    let mut choice = None;
    modal_frame(ui, "external-change", 460.0, |ui| {
        ui.label(RichText::new(format!("“{name}” changed on disk")).heading());
        ui.label("Another program changed the file while you have unsaved changes here.");
        ui.horizontal(|ui| {
            if ui
                .button("Keep my version")
                .on_hover_text("Saving will replace the file on disk")
                .clicked()
            {
                choice = Some(ExternalChoice::KeepMine);
            }
            if ui
                .button("Reload from disk")
                .on_hover_text("Your unsaved changes here are dropped")
                .clicked()
            {
                choice = Some(ExternalChoice::Reload);
            }
        });
    });
    choice
}

/// What to do when Save finds the file changed since it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Save over the other program's changes.
    Overwrite,
    /// Drop the changes here and open the file as it is now.
    Reload,
    /// Save this version somewhere else.
    SaveElsewhere,
    /// Do nothing.
    Cancel,
}

/// Warns that saving `name` now would replace another program's changes to its file.
pub fn save_conflict_ui(ui: &Ui, name: &str) -> Option<ConflictChoice> {
    let mut choice = None;
    modal_frame(ui, "save-conflict", 480.0, |ui| {
        ui.label(RichText::new(format!("“{name}” was changed by another program")).heading());
        ui.label(
            "The file on disk is not the one you opened. Saving now would replace those changes.",
        );
        ui.horizontal(|ui| {
            if ui.button("Overwrite").clicked() {
                choice = Some(ConflictChoice::Overwrite);
            }
            if ui
                .button("Reload")
                .on_hover_text("Drop your changes and open the file as it is now")
                .clicked()
            {
                choice = Some(ConflictChoice::Reload);
            }
            if ui.button("Save elsewhere…").clicked() {
                choice = Some(ConflictChoice::SaveElsewhere);
            }
            if ui.button("Cancel").clicked() || ui.input(|input| input.key_pressed(Key::Escape)) {
                choice = Some(ConflictChoice::Cancel);
            }
        });
    });
    choice
}

/// The list of keyboard shortcuts: what its search field holds.
#[derive(Clone, Debug, Default)]
pub struct ShortcutList {
    /// Text the list is filtered by: part of a command's name, its menu or its keys.
    pub query: String,
    focused: bool,
}

/// The commands with keys that `query` matches (by name, menu or keys, case aside), in
/// menu order; `keys_text` spells a command's keys.
pub fn matching_commands<'c>(
    commands: &'c [Command],
    query: &str,
    keys_text: impl Fn(&Command) -> String,
) -> Vec<(&'c Command, String)> {
    let query = query.trim().to_lowercase();
    commands
        .iter()
        .filter(|command| !command.keys.is_empty())
        .map(|command| (command, keys_text(command)))
        .filter(|(command, keys)| {
            query.is_empty()
                || command.name.to_lowercase().contains(&query)
                || command.menu.to_lowercase().contains(&query)
                || keys.to_lowercase().contains(&query)
        })
        .collect()
}

/// Lists the keyboard shortcuts, from the same table the menus read, with a field that
/// filters them. Returns true once the author closes it.
pub fn shortcuts_ui(ui: &Ui, list: &mut ShortcutList) -> bool {
    let palette = theme::palette(ui.ctx().theme());
    let mut closed = false;
    modal_frame(ui, "keyboard-shortcuts", 480.0, |ui| {
        ui.label(RichText::new("Keyboard shortcuts").heading());
        let label = ui.label("Search shortcuts");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut list.query)
                    .hint_text("A command, a menu or keys: bold, format, ctrl+shift")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if !list.focused {
            field.request_focus();
            list.focused = true;
        }
        let ctx = ui.ctx().clone();
        let keys_text = |command: &Command| {
            command
                .keys
                .iter()
                .map(|keys| menu::keys_text(&ctx, keys))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let found = matching_commands(menu::commands(), &list.query, keys_text);
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing.y = 4.0;
                if found.is_empty() {
                    ui.label(
                        RichText::new(format!("No shortcut matches “{}”.", list.query.trim()))
                            .color(palette.muted),
                    );
                }
                let mut menu_shown = "";
                for (command, keys) in &found {
                    if command.menu != menu_shown {
                        if !menu_shown.is_empty() {
                            ui.add_space(4.0);
                        }
                        menu_shown = command.menu;
                        ui.label(RichText::new(command.menu).strong().color(palette.muted));
                    }
                    ui.horizontal(|ui| {
                        ui.label(command.name);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(keys).monospace());
                        });
                    });
                }
            });
        ui.horizontal(|ui| {
            if ui.button("Close").clicked() || ui.input(|input| input.key_pressed(Key::Escape)) {
                closed = true;
            }
        });
    });
    closed
}

/// Says what Postwright is: its name, version and licence. Returns true once closed.
pub fn about_ui(ui: &Ui) -> bool {
    let palette = theme::palette(ui.ctx().theme());
    let mut closed = false;
    modal_frame(ui, "about", 420.0, |ui| {
        ui.label(RichText::new("Postwright").heading());
        ui.label(
            RichText::new(format!("Version {}", env!("CARGO_PKG_VERSION"))).color(palette.muted),
        );
        ui.label(
            "A desktop editor for blog posts: Markdown beside the finished page, the post's \
             details in a form, its links audited before it goes out, and a self-contained \
             page to publish.",
        );
        ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
        ui.horizontal(|ui| {
            if ui.button("Close").clicked()
                || ui.input(|input| input.key_pressed(Key::Escape) || input.key_pressed(Key::Enter))
            {
                closed = true;
            }
        });
    });
    closed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(command: &Command) -> String {
        command
            .keys
            .iter()
            .map(|keys| menu::keys_text(&egui::Context::default(), keys))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    #[test]
    fn the_shortcut_search_matches_names_menus_and_keys() {
        let names = |query: &str| -> Vec<&str> {
            matching_commands(menu::commands(), query, keys)
                .into_iter()
                .map(|(command, _)| command.name)
                .collect()
        };
        assert_eq!(names("bold"), ["Bold"]);
        assert_eq!(names("  BOLD "), ["Bold"], "case and blanks aside");
        let format = names("format");
        assert!(
            format.contains(&"Heading 1") && format.contains(&"Quote"),
            "{format:?}"
        );
        assert!(
            !format.contains(&"Paragraph"),
            "commands without keys are not listed"
        );
        assert_eq!(names("ctrl+g"), ["Go to Line…"]);
        assert!(names("no such command").is_empty());
        assert!(names("").len() > 30, "everything, unfiltered");
    }
}
