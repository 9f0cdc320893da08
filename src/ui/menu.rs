//! The menu bar, the actions it offers, and their keyboard shortcuts.
//!
//! Shortcuts are constants shared by the menu (which shows them) and the key handling
//! (which acts on them), so a menu never shows a key that does not work.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use crate::ui::find_bar::FindAction;
use postwright_core::edit::commands::Inline;
use postwright_core::front_matter::Format;
use postwright_io::settings::ThemeChoice;

/// Something the author asked for, applied by the app at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Start a new, empty post.
    New,
    /// Choose a post to open.
    Open,
    /// Open this post.
    OpenPath(PathBuf),
    /// Save the post (asks where, if it has no file yet).
    Save,
    /// Save the post under a new name.
    SaveAs,
    /// Export the finished page.
    ExportHtml,
    /// Export even though the link audit found errors.
    ExportAnyway,
    /// Copy the body as HTML, for pasting into a CMS.
    CopyHtml,
    /// Leave Postwright.
    Quit,
    /// Undo the last change to the body.
    Undo,
    /// Redo the change last undone.
    Redo,
    /// Toggle inline formatting around the selection.
    Format(Inline),
    /// Make the selection a link (asks for the URL).
    Link,
    /// Find and replace in the body, with the find bar.
    Find(FindAction),
    /// Show or hide the preview.
    TogglePreview,
    /// Show or hide the metadata panel.
    ToggleMetadata,
    /// Show or hide the Links panel.
    ToggleLinks,
    /// Choose the theme.
    SetTheme(ThemeChoice),
    /// Larger editor and preview text.
    TextLarger,
    /// Smaller editor and preview text.
    TextSmaller,
    /// Default text size.
    TextReset,
    /// Whether the preview may fetch remote images.
    SetRemoteImages(bool),
    /// The front-matter format new posts get.
    SetNewPostFormat(Format),
    /// Whether to open exported pages in the browser.
    SetOpenAfterExport(bool),
    /// Select the next finding in the text.
    NextFinding,
    /// Select the previous finding in the text.
    PreviousFinding,
    /// Select the next misspelt word.
    NextMisspelling,
    /// Open the right-click menu at the caret (suggestions for the word there).
    MarkMenu,
    /// Check spelling as the author types, or not.
    SetCheckSpelling(bool),
    /// The spelling language of posts that name none; `None` follows the system's.
    SetSpellingLanguage(Option<String>),
}

const COMMAND: Modifiers = Modifiers::COMMAND;
const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// Ctrl+N
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::N);
/// Ctrl+O
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::O);
/// Ctrl+S
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::S);
/// Ctrl+Shift+S
pub const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::S);
/// Ctrl+Shift+E
pub const EXPORT: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::E);
/// Ctrl+Shift+C
pub const COPY_HTML: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::C);
/// Ctrl+Q
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Q);
/// Ctrl+Z
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Z);
/// Ctrl+Shift+Z
pub const REDO: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Z);
/// Ctrl+Y, the other redo.
pub const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Y);
/// Ctrl+B
pub const BOLD: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::B);
/// Ctrl+I
pub const ITALIC: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::I);
/// Ctrl+K
pub const LINK: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::K);
/// Ctrl+E
pub const CODE: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::E);
/// Ctrl+Shift+X
pub const STRIKETHROUGH: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::X);
/// Ctrl+Shift+P
pub const TOGGLE_PREVIEW: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::P);
/// Ctrl+Shift+M
pub const TOGGLE_METADATA: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::M);
/// Ctrl+Shift+L
pub const TOGGLE_LINKS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::L);
/// Ctrl+=
pub const TEXT_LARGER: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Equals);
/// Ctrl+-
pub const TEXT_SMALLER: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Minus);
/// Ctrl+0
pub const TEXT_RESET: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Num0);
/// F8
pub const NEXT_FINDING: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F8);
/// Shift+F8
pub const PREVIOUS_FINDING: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F8);
/// F7
pub const NEXT_MISSPELLING: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F7);
/// Ctrl+.
pub const MARK_MENU: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Period);

/// Ctrl+F
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::F);
/// Ctrl+H (Cmd+Alt+F on macOS, where Cmd+H hides the window)
pub const REPLACE: KeyboardShortcut = if cfg!(target_os = "macos") {
    KeyboardShortcut::new(COMMAND_ALT, Key::F)
} else {
    KeyboardShortcut::new(COMMAND, Key::H)
};
/// F3
pub const FIND_NEXT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F3);
/// Shift+F3
pub const FIND_PREVIOUS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F3);
/// Ctrl+Shift+1: replace the current match.
pub const REPLACE_ONE: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Num1);
/// Ctrl+Alt+Enter: replace every match.
pub const REPLACE_ALL: KeyboardShortcut = KeyboardShortcut::new(COMMAND_ALT, Key::Enter);
/// Alt+C (Cmd+Alt+C on macOS): the find bar's "match case".
pub const MATCH_CASE: KeyboardShortcut = KeyboardShortcut::new(FIND_OPTION, Key::C);
/// Alt+W: the find bar's "whole word".
pub const WHOLE_WORD: KeyboardShortcut = KeyboardShortcut::new(FIND_OPTION, Key::W);
/// Alt+R: the find bar's "regular expression".
pub const REGEX: KeyboardShortcut = KeyboardShortcut::new(FIND_OPTION, Key::R);
/// Alt+L: the find bar's "in selection".
pub const IN_SELECTION: KeyboardShortcut = KeyboardShortcut::new(FIND_OPTION, Key::L);

const COMMAND_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);
/// The find bar's options are Alt and a letter, as in VS Code (with Cmd on macOS, where
/// Option and a letter types a character).
const FIND_OPTION: Modifiers = if cfg!(target_os = "macos") {
    COMMAND_ALT
} else {
    Modifiers::ALT
};

/// Every shortcut and its action, longest modifier sets first so that Ctrl+Shift+S is not
/// taken for Ctrl+S.
pub fn shortcuts() -> [(KeyboardShortcut, Action); 36] {
    [
        (REPLACE_ALL, Action::Find(FindAction::ReplaceAll)),
        (MATCH_CASE, Action::Find(FindAction::ToggleMatchCase)),
        (WHOLE_WORD, Action::Find(FindAction::ToggleWholeWord)),
        (REGEX, Action::Find(FindAction::ToggleRegex)),
        (IN_SELECTION, Action::Find(FindAction::ToggleInSelection)),
        (REPLACE_ONE, Action::Find(FindAction::ReplaceOne)),
        (FIND_PREVIOUS, Action::Find(FindAction::Previous)),
        (PREVIOUS_FINDING, Action::PreviousFinding),
        (SAVE_AS, Action::SaveAs),
        (EXPORT, Action::ExportHtml),
        (COPY_HTML, Action::CopyHtml),
        (REDO, Action::Redo),
        (STRIKETHROUGH, Action::Format(Inline::Strikethrough)),
        (TOGGLE_PREVIEW, Action::TogglePreview),
        (TOGGLE_METADATA, Action::ToggleMetadata),
        (TOGGLE_LINKS, Action::ToggleLinks),
        (NEW, Action::New),
        (OPEN, Action::Open),
        (SAVE, Action::Save),
        (QUIT, Action::Quit),
        (UNDO, Action::Undo),
        (REDO_ALT, Action::Redo),
        (BOLD, Action::Format(Inline::Bold)),
        (ITALIC, Action::Format(Inline::Italic)),
        (LINK, Action::Link),
        (CODE, Action::Format(Inline::Code)),
        (TEXT_LARGER, Action::TextLarger),
        (
            KeyboardShortcut::new(COMMAND, Key::Plus),
            Action::TextLarger,
        ),
        (TEXT_SMALLER, Action::TextSmaller),
        (TEXT_RESET, Action::TextReset),
        (FIND, Action::Find(FindAction::Open { replace: false })),
        (REPLACE, Action::Find(FindAction::Open { replace: true })),
        (FIND_NEXT, Action::Find(FindAction::Next)),
        (NEXT_FINDING, Action::NextFinding),
        (NEXT_MISSPELLING, Action::NextMisspelling),
        (MARK_MENU, Action::MarkMenu),
    ]
}

/// Takes the shortcuts pressed this frame out of the input, so that no widget also reacts
/// to them, and returns their actions.
pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<Action> {
    ctx.input_mut(|input| {
        shortcuts()
            .into_iter()
            .filter(|(shortcut, _)| consume(input, shortcut))
            .map(|(_, action)| action)
            .collect()
    })
}

/// Takes `shortcut`'s key presses out of the input, and the character each typed: with Alt
/// (and no Ctrl), the platform also sends the letter as text, which must not reach a field.
/// Otherwise as `InputState::consume_shortcut`.
/// A digit is matched by its key's place too, since Shift turns it into a symbol on most
/// layouts (Ctrl+Shift+1 arrives as Ctrl+Shift+!).
fn consume(input: &mut egui::InputState, shortcut: &KeyboardShortcut) -> bool {
    let digit = matches!(
        shortcut.logical_key,
        Key::Num0
            | Key::Num1
            | Key::Num2
            | Key::Num3
            | Key::Num4
            | Key::Num5
            | Key::Num6
            | Key::Num7
            | Key::Num8
            | Key::Num9
    );
    let types_text = shortcut.modifiers.alt && !shortcut.modifiers.command;
    let mut found = false;
    let mut typed_by_it = false;
    input.events.retain(|event| {
        if let egui::Event::Key {
            key,
            physical_key,
            pressed: true,
            modifiers,
            ..
        } = event
            && (*key == shortcut.logical_key
                || (digit && *physical_key == Some(shortcut.logical_key)))
            && modifiers.matches_logically(shortcut.modifiers)
        {
            found = true;
            typed_by_it = types_text;
            return false;
        }
        let drop_text = typed_by_it
            && matches!(event, egui::Event::Text(text)
                if text.eq_ignore_ascii_case(shortcut.logical_key.name()));
        typed_by_it = false;
        !drop_text
    });
    found
}

/// What the menus need to know to show enabled states and check marks.
#[derive(Clone, Debug)]
pub struct MenuState<'a> {
    /// Recent files to list.
    pub recent_files: &'a [PathBuf],
    /// Whether a file dialog is open (file actions are disabled meanwhile).
    pub dialog_open: bool,
    /// Whether there is something to undo.
    pub can_undo: bool,
    /// Whether there is something to redo.
    pub can_redo: bool,
    /// Whether the preview is shown.
    pub show_preview: bool,
    /// Whether the metadata panel is shown.
    pub show_metadata: bool,
    /// Whether the Links panel is shown.
    pub show_links: bool,
    /// The current theme choice.
    pub theme: ThemeChoice,
    /// Whether remote images may load.
    pub remote_images: bool,
    /// The front-matter format of new posts.
    pub new_post_format: Format,
    /// Whether exported pages open in the browser.
    pub open_after_export: bool,
    /// Whether spelling is checked.
    pub check_spelling: bool,
    /// The spelling language of posts that name none, if chosen.
    pub spelling_language: Option<&'a str>,
    /// The installed dictionaries' names.
    pub dictionaries: &'a [String],
}

/// Draws the menu bar and returns the action chosen, if any.
pub fn menu_bar_ui(ui: &mut Ui, state: &MenuState<'_>) -> Option<Action> {
    let mut chosen = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            ui.add_enabled_ui(!state.dialog_open, |ui| {
                item(ui, "New", Some(&NEW), Action::New, &mut chosen);
                item(ui, "Open…", Some(&OPEN), Action::Open, &mut chosen);
                ui.add_enabled_ui(!state.recent_files.is_empty(), |ui| {
                    ui.menu_button("Open Recent", |ui| {
                        for path in state.recent_files {
                            let name = path.file_name().map_or_else(
                                || path.display().to_string(),
                                |name| name.to_string_lossy().into_owned(),
                            );
                            let response =
                                ui.button(name).on_hover_text(path.display().to_string());
                            if response.clicked() {
                                chosen = Some(Action::OpenPath(path.clone()));
                                ui.close();
                            }
                        }
                    });
                });
                ui.separator();
                item(ui, "Save", Some(&SAVE), Action::Save, &mut chosen);
                item(ui, "Save As…", Some(&SAVE_AS), Action::SaveAs, &mut chosen);
                ui.separator();
                item(
                    ui,
                    "Export HTML…",
                    Some(&EXPORT),
                    Action::ExportHtml,
                    &mut chosen,
                );
                item(
                    ui,
                    "Copy HTML",
                    Some(&COPY_HTML),
                    Action::CopyHtml,
                    &mut chosen,
                );
                let mut open_after = state.open_after_export;
                if ui
                    .checkbox(&mut open_after, "Open in browser after export")
                    .clicked()
                {
                    chosen = Some(Action::SetOpenAfterExport(open_after));
                    ui.close();
                }
                ui.separator();
                ui.menu_button("Front matter of new posts", |ui| {
                    for format in [Format::Yaml, Format::Toml, Format::Json] {
                        if ui
                            .radio(state.new_post_format == format, format.name())
                            .clicked()
                        {
                            chosen = Some(Action::SetNewPostFormat(format));
                            ui.close();
                        }
                    }
                });
            });
            ui.separator();
            item(ui, "Quit", Some(&QUIT), Action::Quit, &mut chosen);
        });
        ui.menu_button("Edit", |ui| {
            ui.add_enabled_ui(state.can_undo, |ui| {
                item(ui, "Undo", Some(&UNDO), Action::Undo, &mut chosen);
            });
            ui.add_enabled_ui(state.can_redo, |ui| {
                item(ui, "Redo", Some(&REDO), Action::Redo, &mut chosen);
            });
            ui.separator();
            item(
                ui,
                "Bold",
                Some(&BOLD),
                Action::Format(Inline::Bold),
                &mut chosen,
            );
            item(
                ui,
                "Italic",
                Some(&ITALIC),
                Action::Format(Inline::Italic),
                &mut chosen,
            );
            item(
                ui,
                "Strikethrough",
                Some(&STRIKETHROUGH),
                Action::Format(Inline::Strikethrough),
                &mut chosen,
            );
            item(
                ui,
                "Code",
                Some(&CODE),
                Action::Format(Inline::Code),
                &mut chosen,
            );
            item(ui, "Link…", Some(&LINK), Action::Link, &mut chosen);
            ui.separator();
            find_items(ui, &mut chosen);
        });
        ui.menu_button("View", |ui| {
            toggle(
                ui,
                "Preview",
                state.show_preview,
                &TOGGLE_PREVIEW,
                Action::TogglePreview,
                &mut chosen,
            );
            toggle(
                ui,
                "Metadata panel",
                state.show_metadata,
                &TOGGLE_METADATA,
                Action::ToggleMetadata,
                &mut chosen,
            );
            toggle(
                ui,
                "Links panel",
                state.show_links,
                &TOGGLE_LINKS,
                Action::ToggleLinks,
                &mut chosen,
            );
            ui.separator();
            ui.menu_button("Theme", |ui| {
                for (label, choice) in [
                    ("Light", ThemeChoice::Light),
                    ("Dark", ThemeChoice::Dark),
                    ("Follow system", ThemeChoice::System),
                ] {
                    if ui.radio(state.theme == choice, label).clicked() {
                        chosen = Some(Action::SetTheme(choice));
                        ui.close();
                    }
                }
            });
            ui.menu_button("Text size", |ui| {
                item(
                    ui,
                    "Larger",
                    Some(&TEXT_LARGER),
                    Action::TextLarger,
                    &mut chosen,
                );
                item(
                    ui,
                    "Smaller",
                    Some(&TEXT_SMALLER),
                    Action::TextSmaller,
                    &mut chosen,
                );
                item(
                    ui,
                    "Default size",
                    Some(&TEXT_RESET),
                    Action::TextReset,
                    &mut chosen,
                );
            });
            ui.separator();
            spelling_menu_ui(ui, state, &mut chosen);
            ui.separator();
            item(
                ui,
                "Next finding",
                Some(&NEXT_FINDING),
                Action::NextFinding,
                &mut chosen,
            );
            item(
                ui,
                "Previous finding",
                Some(&PREVIOUS_FINDING),
                Action::PreviousFinding,
                &mut chosen,
            );
            item(
                ui,
                "Next misspelling",
                Some(&NEXT_MISSPELLING),
                Action::NextMisspelling,
                &mut chosen,
            );
            item(
                ui,
                "Suggestions and fixes at the caret",
                Some(&MARK_MENU),
                Action::MarkMenu,
                &mut chosen,
            );
            ui.separator();
            let mut remote = state.remote_images;
            if ui.checkbox(&mut remote, "Load remote images").clicked() {
                chosen = Some(Action::SetRemoteImages(remote));
                ui.close();
            }
        });
    });
    chosen
}

/// The Edit menu's find items.
fn find_items(ui: &mut Ui, chosen: &mut Option<Action>) {
    for (label, shortcut, action) in [
        ("Find…", &FIND, FindAction::Open { replace: false }),
        ("Replace…", &REPLACE, FindAction::Open { replace: true }),
        ("Find Next", &FIND_NEXT, FindAction::Next),
        ("Find Previous", &FIND_PREVIOUS, FindAction::Previous),
    ] {
        item(ui, label, Some(shortcut), Action::Find(action), chosen);
    }
}

/// View → Check spelling, and the Spelling language submenu: "From the post / automatic"
/// and each dictionary installed.
fn spelling_menu_ui(ui: &mut Ui, state: &MenuState<'_>, chosen: &mut Option<Action>) {
    let mut check = state.check_spelling;
    if ui.checkbox(&mut check, "Check spelling").clicked() {
        *chosen = Some(Action::SetCheckSpelling(check));
        ui.close();
    }
    ui.add_enabled_ui(state.check_spelling, |ui| {
        ui.menu_button("Spelling language", |ui| {
            let automatic = ui
                .radio(
                    state.spelling_language.is_none(),
                    "From the post / automatic",
                )
                .on_hover_text("The post's own language (its lang field), else the system's");
            if automatic.clicked() {
                *chosen = Some(Action::SetSpellingLanguage(None));
                ui.close();
            }
            if !state.dictionaries.is_empty() {
                ui.separator();
                ui.label(
                    egui::RichText::new("For posts that name no language:")
                        .small()
                        .weak(),
                );
            }
            for name in state.dictionaries {
                if ui
                    .radio(state.spelling_language == Some(name.as_str()), name)
                    .clicked()
                {
                    *chosen = Some(Action::SetSpellingLanguage(Some(name.clone())));
                    ui.close();
                }
            }
        });
    });
}

fn item(
    ui: &mut Ui,
    label: &str,
    shortcut: Option<&KeyboardShortcut>,
    action: Action,
    chosen: &mut Option<Action>,
) {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add(button).clicked() {
        *chosen = Some(action);
        ui.close();
    }
}

fn toggle(
    ui: &mut Ui,
    label: &str,
    on: bool,
    shortcut: &KeyboardShortcut,
    action: Action,
    chosen: &mut Option<Action>,
) {
    let button =
        egui::Button::selectable(on, label).shortcut_text(ui.ctx().format_shortcut(shortcut));
    if ui.add(button).clicked() {
        *chosen = Some(action);
        ui.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: Key, physical_key: Option<Key>, modifiers: Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn actions_for(events: Vec<egui::Event>) -> (Vec<Action>, Vec<egui::Event>) {
        let ctx = egui::Context::default();
        let mut actions = Vec::new();
        let mut left = Vec::new();
        let mut output = ctx.run_ui(
            egui::RawInput {
                events,
                ..Default::default()
            },
            |ui| {
                actions = consume_shortcuts(ui.ctx());
                left = ui.input(|input| input.events.clone());
            },
        );
        output.textures_delta.clear();
        (actions, left)
    }

    #[test]
    fn an_alt_shortcut_does_not_also_type_its_letter() {
        let (actions, left) = actions_for(vec![
            key(Key::R, Some(Key::R), FIND_OPTION),
            egui::Event::Text("r".to_owned()),
            egui::Event::Text("x".to_owned()),
        ]);
        assert_eq!(actions, [Action::Find(FindAction::ToggleRegex)]);
        assert_eq!(left, [egui::Event::Text("x".to_owned())]);
    }

    #[test]
    fn a_digit_shortcut_is_matched_by_its_key_when_shift_makes_it_a_symbol() {
        // Ctrl+Shift+1 on a US layout: the key says "!", its place says 1.
        let (actions, _) = actions_for(vec![key(
            Key::Exclamationmark,
            Some(Key::Num1),
            COMMAND_SHIFT,
        )]);
        assert_eq!(actions, [Action::Find(FindAction::ReplaceOne)]);
        // A letter is matched by what it types, not where it is (Dvorak's O is on S).
        let (actions, _) = actions_for(vec![key(Key::O, Some(Key::S), COMMAND)]);
        assert_eq!(actions, [Action::Open]);
    }

    #[test]
    fn shift_f3_is_not_taken_for_f3() {
        let (actions, _) = actions_for(vec![key(Key::F3, None, Modifiers::SHIFT)]);
        assert_eq!(actions, [Action::Find(FindAction::Previous)]);
    }
}
