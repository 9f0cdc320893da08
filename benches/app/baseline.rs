//! The baseline every figure is read against: what a Markdown editor built the obvious way
//! on egui does. A plain `TextEdit` holds the whole text, and the preview parses the whole
//! text again and lays out every block, every frame, as Markdown viewers built on egui's
//! labels do. It draws less than the real preview (one label per block, no styled runs, no
//! images), so the comparison flatters the baseline, never Postwright. Its find field
//! searches the whole text in the frame the pattern changes, with the same search as
//! Postwright's.

use egui::{CentralPanel, Panel, RichText, ScrollArea, TextEdit, Ui};
use postwright_core::edit::find::{Finder, Query};
use pulldown_cmark::{Event, Tag, TagEnd};

/// The baseline window: a `TextEdit` editor and a re-parse-everything preview.
pub struct BaselineWindow {
    /// The Markdown body being edited.
    pub text: String,
    focus_requested: bool,
    /// A find field over the editor, once opened: the obvious one searches the whole text
    /// in the frame its pattern changes.
    pub find: Option<BaselineFind>,
}

/// The baseline's find field and what it last found.
#[derive(Default)]
pub struct BaselineFind {
    /// What is typed in the field.
    pub pattern: String,
    /// How many matches the text holds.
    pub count: usize,
    focus_requested: bool,
}

impl BaselineWindow {
    /// A window holding `text`, with the editor about to take the keyboard focus.
    pub fn new(text: String) -> Self {
        Self {
            text,
            focus_requested: true,
            find: None,
        }
    }

    /// Opens the find field, with the keyboard focus in it.
    pub fn open_find(&mut self) {
        self.focus_requested = false;
        self.find = Some(BaselineFind {
            focus_requested: true,
            ..BaselineFind::default()
        });
    }

    /// One frame: the preview on the right, the editor in the middle.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        if let Some(find) = &mut self.find {
            Panel::top("baseline-find").show(ui, |ui| {
                let response = ui.text_edit_singleline(&mut find.pattern);
                if find.focus_requested {
                    response.request_focus();
                    find.focus_requested = false;
                }
                if response.changed() {
                    let query = Query {
                        pattern: find.pattern.clone(),
                        ..Query::default()
                    };
                    find.count = match Finder::new(&query) {
                        Ok(Some(finder)) => finder
                            .find(&self.text, 0..self.text.len(), &mut || true)
                            .map_or(0, |matches| matches.len()),
                        _ => 0,
                    };
                }
                ui.label(format!("{} matches", find.count));
            });
        }
        let half = ui.available_width() / 2.0;
        Panel::right("baseline-preview")
            .default_size(half)
            .show(ui, |ui| {
                ScrollArea::vertical()
                    .id_salt("baseline-preview-scroll")
                    .auto_shrink(false)
                    .show(ui, |ui| preview_everything_ui(ui, &self.text));
            });
        CentralPanel::default().show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("baseline-editor-scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    let response = ui.add(
                        TextEdit::multiline(&mut self.text)
                            .code_editor()
                            .desired_width(f32::INFINITY),
                    );
                    if self.focus_requested {
                        response.request_focus();
                        self.focus_requested = false;
                    }
                });
        });
    }
}

/// Parses all of `text` and shows every block as a label.
fn preview_everything_ui(ui: &mut Ui, text: &str) {
    let mut block = String::new();
    let mut heading = false;
    let mut code = false;
    for event in postwright_core::markdown::parser(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = true,
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                block.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                let shown = std::mem::take(&mut block);
                if heading {
                    ui.label(RichText::new(shown).heading());
                } else if code {
                    ui.label(RichText::new(shown).code());
                } else {
                    ui.label(shown);
                }
                heading = false;
                code = false;
            }
            Event::Rule => {
                ui.separator();
            }
            _ => {}
        }
    }
}
