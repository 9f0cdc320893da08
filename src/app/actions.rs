//! What the app does with the author's requests: the menu's actions (and their keyboard
//! shortcuts), and the one way the app itself changes the text, as one undo step.

use egui::ViewportCommand;

use super::PostwrightApp;
use super::modal::Modal;
use super::open_save::Then;
use crate::ui::dialogs::{ShortcutList, TextPrompt};
use crate::ui::menu::{Action, Block};
use postwright_core::edit::{Edit, Selection, StaleEdit, blocks, commands};
use postwright_io::settings::{DEFAULT_TEXT_SIZE, SidePanel};

impl PostwrightApp {
    /// Applies one action.
    pub(super) fn apply(&mut self, action: Action, ctx: &egui::Context) {
        let time = ctx.input(|input| input.time);
        let opens_a_file = matches!(
            action,
            Action::New
                | Action::Open
                | Action::OpenPath(_)
                | Action::Save
                | Action::SaveAs
                | Action::ExportHtml
                | Action::ExportAnyway
        );
        if opens_a_file && self.busy_with_a_file() {
            // One file dialog (or file being read) at a time.
            return;
        }
        match action {
            Action::New => self.guard_unsaved(Then::New, ctx),
            Action::Open => self.guard_unsaved(Then::Open, ctx),
            Action::OpenPath(path) => self.guard_unsaved(Then::OpenPath(path), ctx),
            Action::Save => {
                self.save(ctx, None);
            }
            Action::SaveAs => self.ask_save_path(ctx, None),
            Action::ExportHtml => self.begin_export(ctx),
            Action::ExportAnyway => self.ask_export_path(ctx),
            Action::CopyHtml => self.copy_html(ctx),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => {
                let undone = self.doc.undo();
                self.show_history_step(undone);
            }
            Action::Redo => {
                let redone = self.doc.redo();
                self.show_history_step(redone);
            }
            Action::Cut => self.cut(ctx, time),
            Action::Copy => self.copy_selection(ctx),
            // Paste keeps only the clipboard's text today, so both are the same.
            Action::Paste | Action::PastePlain => self.ask_for_the_clipboard(ctx, time),
            Action::SelectAll => {
                let len = self.doc.post().body().len();
                self.panels.editor.select_all(len);
                self.panels.editor.request_focus();
            }
            Action::GoToLine => self.ask_line(),
            Action::Block(block) => {
                let selection = self.panels.editor.selection();
                let body = self.doc.post().body();
                let edit = match block {
                    Block::Heading(level) => blocks::set_heading(body, selection, level),
                    Block::List(kind) => blocks::toggle_list(body, selection, kind),
                    Block::Quote => blocks::toggle_quote(body, selection),
                    Block::CodeBlock => blocks::toggle_code_block(body, selection),
                    Block::Rule => blocks::horizontal_rule(body, selection),
                    Block::Table => blocks::insert_table(body, selection),
                };
                self.apply_edit(edit, time);
            }
            Action::Format(style) => {
                let selection = self.panels.editor.selection();
                let edit = commands::toggle_inline(self.doc.post().body(), selection, style);
                self.apply_edit(edit, time);
            }
            Action::Link => {
                let selection = self.panels.editor.selection();
                let selected = self
                    .doc
                    .post()
                    .body()
                    .get(selection.clone())
                    .unwrap_or_default();
                let looks_like_url =
                    selected.starts_with("http://") || selected.starts_with("https://");
                let value = if looks_like_url { selected } else { "https://" };
                let prompt = TextPrompt::new(
                    "Insert link",
                    "The selected text becomes the link text.",
                    "URL",
                    value,
                    "Insert link",
                );
                self.modal = Some(Modal::Link { selection, prompt });
            }
            Action::Find(find) => self.apply_find(find, ctx),
            Action::TogglePreview => self.settings.show_preview = !self.settings.show_preview,
            Action::ToggleMetadata => self.settings.show_metadata = !self.settings.show_metadata,
            Action::ToggleLinks => self.toggle_side_panel(SidePanel::Links),
            Action::CloseOutline => self.close_side_panel(SidePanel::Outline),
            Action::FocusOutline => self.focus_outline(),
            Action::ShowShortcuts => self.modal = Some(Modal::Shortcuts(ShortcutList::default())),
            Action::ShowAbout => self.modal = Some(Modal::About),
            Action::SetTheme(choice) => self.settings.theme = choice,
            Action::TextLarger => self.settings.change_text_size(1.0),
            Action::TextSmaller => self.settings.change_text_size(-1.0),
            Action::TextReset => self.settings.text_size = DEFAULT_TEXT_SIZE,
            Action::SetRemoteImages(allowed) => self.settings.load_remote_images = allowed,
            Action::SetNewPostFormat(format) => {
                self.settings.new_post_format = format;
                self.doc.set_new_front_matter_format(format);
            }
            Action::SetOpenAfterExport(open) => self.settings.open_after_export = open,
            Action::NextFinding => self.go_to_finding(true),
            Action::PreviousFinding => self.go_to_finding(false),
            Action::NextMisspelling => self.go_to_next_misspelling(),
            Action::MarkMenu => self.panels.editor.open_context_menu_at_caret(),
            Action::SetCheckSpelling(on) => self.set_check_spelling(on),
            Action::SetSpellingLanguage(language) => self.set_spelling_language(language),
        }
    }

    /// Applies `edit` to the body as one undoable step: the one way the app itself changes
    /// the text (formatting, links, the audit's fixes, a link's new address). An edit the
    /// text has moved on from is refused whole, and the author told.
    pub(super) fn apply_edit(&mut self, edit: Edit, time: f64) {
        let selection_before = Selection::from(self.panels.editor.selection());
        let shown = edit.clone();
        if self.doc.apply_edit(edit, selection_before, time).is_err() {
            self.notify_error("That change no longer fits the text; nothing was changed.".into());
            return;
        }
        self.show_edit(&shown);
    }

    /// Copies the editor's selection to the clipboard.
    fn copy_selection(&mut self, ctx: &egui::Context) {
        let selection = self.panels.editor.selection();
        if let Some(selected) = self.doc.post().body().get(selection)
            && !selected.is_empty()
        {
            ctx.copy_text(selected.to_owned());
        }
        self.panels.editor.request_focus();
    }

    /// Copies the editor's selection to the clipboard and takes it out, as one undo step.
    fn cut(&mut self, ctx: &egui::Context, time: f64) {
        let selection = self.panels.editor.selection();
        if selection.is_empty() {
            return;
        }
        self.copy_selection(ctx);
        let edit = Edit::replace(self.doc.post().body(), selection, String::new());
        self.apply_edit(edit, time);
    }

    /// Asks the platform for the clipboard's text, for the post. It comes back a frame or
    /// two later as a paste event, which [`Self::take_asked_paste`] takes, wherever the
    /// keyboard is by then (closing a menu hands the keyboard back to the menu's button).
    fn ask_for_the_clipboard(&mut self, ctx: &egui::Context, time: f64) {
        self.panels.paste_asked_at = Some(time);
        ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
    }

    /// Takes the clipboard's text asked for from a menu out of this frame's input, before
    /// any widget sees it, and pastes it over the editor's selection as one undo step. An
    /// answer that has not come within a second is no longer waited for (the clipboard was
    /// empty, or held no text).
    pub(super) fn take_asked_paste(&mut self, ctx: &egui::Context) {
        let Some(asked_at) = self.panels.paste_asked_at else {
            return;
        };
        let (time, pasted) = ctx.input_mut(|input| {
            let at = input
                .events
                .iter()
                .position(|event| matches!(event, egui::Event::Paste(_)));
            let pasted = at.and_then(|at| match input.events.remove(at) {
                egui::Event::Paste(text) => Some(text),
                _ => None,
            });
            (input.time, pasted)
        });
        if let Some(pasted) = pasted {
            self.panels.paste_asked_at = None;
            let pasted = pasted.replace("\r\n", "\n").replace('\r', "\n");
            let selection = self.panels.editor.selection();
            let edit = Edit::replace(self.doc.post().body(), selection, pasted);
            self.apply_edit(edit, time);
        } else if time - asked_at > 1.0 {
            self.panels.paste_asked_at = None;
        } else {
            ctx.request_repaint();
        }
    }

    /// Puts the caret at `offset`, its line at the top of the editor and its block at the
    /// top of the preview, and gives the editor the keyboard (going to a heading or a line).
    pub(super) fn jump_to(&mut self, offset: usize) {
        self.panels.editor.jump_to(offset);
        self.panels.editor.request_focus();
        self.panels.preview.scroll_to_source(offset);
        // The preview is already on its way there; the editor's new top must not send it
        // back to the block above.
        self.panels.last_editor_top = Some(offset);
    }

    /// Shows an undo or redo in the editor, or says why it could not be made.
    fn show_history_step(&mut self, step: Result<Option<Edit>, StaleEdit>) {
        match step {
            Ok(Some(edit)) => self.show_edit(&edit),
            Ok(None) => {}
            Err(_) => self.notify_error(
                "The text no longer matches the undo history, so nothing was undone or \
                 redone. Save your work under a new name to be safe."
                    .into(),
            ),
        }
    }

    /// Tells the editor about an edit the app made to the body, and puts the selection
    /// where the edit leaves it.
    fn show_edit(&mut self, edit: &Edit) {
        self.panels.editor.text_changed_externally(&edit.changes);
        self.panels.find.text_changed(&edit.changes);
        self.derived.marks.map_through(&edit.changes);
        self.panels.editor.set_selection(edit.selection.range());
        self.panels.editor.request_focus();
        self.body_changed();
    }
}
