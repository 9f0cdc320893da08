//! Modal questions: unsaved changes, a path typed by hand when no native file dialog can
//! be shown, and the URL of a new link. Each returns the author's answer once given.

use egui::{Key, RichText, Ui};

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

fn modal_frame(ui: &Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Modal::new(egui::Id::unique(id)).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.spacing_mut().item_spacing.y = 10.0;
        add(ui);
    });
}

/// Asks whether to save changes to `name` before `doing` (e.g. "opening another post").
pub fn unsaved_changes_ui(ui: &Ui, name: &str, doing: &str) -> Option<UnsavedChoice> {
    let mut choice = None;
    modal_frame(ui, "unsaved-changes", |ui| {
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
        }
    }
}

/// Shows a text prompt; returns the answer once given.
pub fn text_prompt_ui(ui: &Ui, prompt: &mut TextPrompt) -> Option<PromptAnswer> {
    let mut answer = None;
    modal_frame(ui, "text-prompt", |ui| {
        ui.label(RichText::new(&prompt.title).heading());
        if !prompt.message.is_empty() {
            ui.label(&prompt.message);
        }
        let label = ui.label(&prompt.label);
        let response = ui
            .add(egui::TextEdit::singleline(&mut prompt.value).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !prompt.focused {
            response.request_focus();
            prompt.focused = true;
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
    modal_frame(ui, "export-with-errors", |ui| {
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
