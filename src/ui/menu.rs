//! The menu bar, the actions it offers, and their keyboard shortcuts.
//!
//! Shortcuts are constants shared by the menu (which shows them) and the key handling
//! (which acts on them), so a menu never shows a key that does not work.

use std::path::PathBuf;
use std::sync::LazyLock;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use postwright_core::edit::blocks::ListKind;
use postwright_core::edit::commands::Inline;
use postwright_core::front_matter::Format;
use postwright_io::settings::ThemeChoice;

use crate::ui::find_bar::FindAction;

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
    /// Copy the selection to the clipboard and take it out of the post.
    Cut,
    /// Copy the selection to the clipboard.
    Copy,
    /// Paste the clipboard at the caret.
    Paste,
    /// Paste the clipboard's text as it is, whatever else the clipboard holds.
    PastePlain,
    /// Select the whole post.
    SelectAll,
    /// Ask for a line and go there.
    GoToLine,
    /// Toggle inline formatting around the selection.
    Format(Inline),
    /// Make the selection a link (asks for the URL).
    Link,
    /// Format the lines the selection touches as a block.
    Block(Block),
    /// Find and replace in the body, with the find bar.
    Find(FindAction),
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
    /// Show or hide the preview.
    TogglePreview,
    /// Show or hide the metadata panel.
    ToggleMetadata,
    /// Bring the Links panel to the front of the side dock, or close it when it is there.
    ToggleLinks,
    /// Close the outline.
    CloseOutline,
    /// Open the outline in front in the side dock and put the keyboard there.
    FocusOutline,
    /// List the keyboard shortcuts.
    ShowShortcuts,
    /// Say what Postwright is.
    ShowAbout,
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
}

/// Block formatting of the lines the selection touches (`postwright_core::edit::blocks`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading of level 1 to 6, or a paragraph with 0.
    Heading(u8),
    /// A list.
    List(ListKind),
    /// A quote.
    Quote,
    /// A fenced code block.
    CodeBlock,
    /// A horizontal rule after the caret's line.
    Rule,
    /// A table skeleton after the caret's line.
    Table,
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
/// Ctrl+X (the platform turns it into a cut for the focused widget).
pub const CUT: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::X);
/// Ctrl+C (the platform turns it into a copy for the focused widget).
pub const COPY: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::C);
/// Ctrl+V (the platform turns it into a paste for the focused widget).
pub const PASTE: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::V);
/// Ctrl+Shift+V
pub const PASTE_PLAIN: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::V);
/// Ctrl+A (the focused widget selects all of its text).
pub const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::A);
/// Ctrl+G
pub const GO_TO_LINE: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::G);
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
/// Ctrl+1 to Ctrl+6, as in Typora: headings of levels one to six.
pub const HEADINGS: [KeyboardShortcut; 6] = [
    KeyboardShortcut::new(COMMAND, Key::Num1),
    KeyboardShortcut::new(COMMAND, Key::Num2),
    KeyboardShortcut::new(COMMAND, Key::Num3),
    KeyboardShortcut::new(COMMAND, Key::Num4),
    KeyboardShortcut::new(COMMAND, Key::Num5),
    KeyboardShortcut::new(COMMAND, Key::Num6),
];
/// Ctrl+Shift+8, as in Google Docs.
pub const BULLETED_LIST: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Num8);
/// Ctrl+Shift+7, as in Google Docs.
pub const NUMBERED_LIST: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Num7);
/// Ctrl+Shift+9, as Google Docs makes a checklist.
pub const TASK_LIST: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Num9);
/// Ctrl+Shift+Q, as in Typora.
pub const QUOTE: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Q);
/// Ctrl+Shift+K, as in Typora.
pub const CODE_BLOCK: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::K);
/// Ctrl+T, as in Typora.
pub const INSERT_TABLE: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::T);
/// Ctrl+Shift+P
pub const TOGGLE_PREVIEW: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::P);
/// Ctrl+Shift+M
pub const TOGGLE_METADATA: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::M);
/// Ctrl+Shift+L
pub const TOGGLE_LINKS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::L);
/// Ctrl+Shift+O: shows the outline and puts the keyboard there.
pub const FOCUS_OUTLINE: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::O);
/// Ctrl+=
pub const TEXT_LARGER: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Equals);
/// Ctrl++, the same on keyboards with a plus key of its own.
pub const TEXT_LARGER_PLUS: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Plus);
/// Ctrl+-
pub const TEXT_SMALLER: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Minus);
/// Ctrl+0
pub const TEXT_RESET: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Num0);
/// Ctrl+/, as in Google Docs: the list of keyboard shortcuts.
pub const SHOW_SHORTCUTS: KeyboardShortcut = KeyboardShortcut::new(COMMAND, Key::Slash);

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

/// Where the find bar's own commands are listed (Help → Keyboard shortcuts): no menu of
/// the menu bar shows them; their keys work while the bar is open.
pub const FIND_BAR: &str = "Find bar";

/// One command of the menus: its name as the menus show it, the menu it is in, what it
/// does, and its keys. The menus, the key handling and Help → Keyboard shortcuts all read
/// [`commands`], so they cannot disagree.
#[derive(Clone, Debug)]
pub struct Command {
    /// The name the menu shows.
    pub name: &'static str,
    /// The menu it is in.
    pub menu: &'static str,
    /// What it does.
    pub action: Action,
    /// Its keys; the menu shows the first, all of them work.
    pub keys: &'static [KeyboardShortcut],
    /// Whether the keys go to the focused widget rather than to the app: Cut, Copy and
    /// Paste (the platform turns them into clipboard events) and Select All (which selects
    /// in whatever text field has the keyboard).
    pub keys_go_to_widget: bool,
}

impl Command {
    fn new(menu: &'static str, name: &'static str, action: Action) -> Self {
        Self {
            name,
            menu,
            action,
            keys: &[],
            keys_go_to_widget: false,
        }
    }

    fn keys(mut self, keys: &'static [KeyboardShortcut]) -> Self {
        self.keys = keys;
        self
    }

    fn for_the_widget(mut self) -> Self {
        self.keys_go_to_widget = true;
        self
    }
}

/// Every command with a name of its own, in menu order.
pub fn commands() -> &'static [Command] {
    static COMMANDS: LazyLock<Vec<Command>> = LazyLock::new(command_table);
    &COMMANDS
}

fn command_table() -> Vec<Command> {
    use Action as A;
    let heading = |level: usize, name| {
        Command::new("Format", name, A::Block(Block::Heading(level as u8)))
            .keys(std::slice::from_ref(&HEADINGS[level - 1]))
    };
    vec![
        Command::new("File", "New", A::New).keys(&[NEW]),
        Command::new("File", "Open…", A::Open).keys(&[OPEN]),
        Command::new("File", "Save", A::Save).keys(&[SAVE]),
        Command::new("File", "Save As…", A::SaveAs).keys(&[SAVE_AS]),
        Command::new("File", "Export HTML…", A::ExportHtml).keys(&[EXPORT]),
        Command::new("File", "Copy HTML", A::CopyHtml).keys(&[COPY_HTML]),
        Command::new("File", "Quit", A::Quit).keys(&[QUIT]),
        Command::new("Edit", "Undo", A::Undo).keys(&[UNDO]),
        Command::new("Edit", "Redo", A::Redo).keys(&[REDO, REDO_ALT]),
        Command::new("Edit", "Cut", A::Cut)
            .keys(&[CUT])
            .for_the_widget(),
        Command::new("Edit", "Copy", A::Copy)
            .keys(&[COPY])
            .for_the_widget(),
        Command::new("Edit", "Paste", A::Paste)
            .keys(&[PASTE])
            .for_the_widget(),
        Command::new("Edit", "Paste as plain text", A::PastePlain).keys(&[PASTE_PLAIN]),
        Command::new("Edit", "Select All", A::SelectAll)
            .keys(&[SELECT_ALL])
            .for_the_widget(),
        Command::new(
            "Edit",
            "Find…",
            A::Find(FindAction::Open { replace: false }),
        )
        .keys(&[FIND]),
        Command::new(
            "Edit",
            "Replace…",
            A::Find(FindAction::Open { replace: true }),
        )
        .keys(&[REPLACE]),
        Command::new("Edit", "Find Next", A::Find(FindAction::Next)).keys(&[FIND_NEXT]),
        Command::new("Edit", "Find Previous", A::Find(FindAction::Previous)).keys(&[FIND_PREVIOUS]),
        Command::new("Edit", "Go to Line…", A::GoToLine).keys(&[GO_TO_LINE]),
        // The find bar's own keys: no menu shows them, Help lists them.
        Command::new(FIND_BAR, "Replace", A::Find(FindAction::ReplaceOne)).keys(&[REPLACE_ONE]),
        Command::new(FIND_BAR, "Replace All", A::Find(FindAction::ReplaceAll)).keys(&[REPLACE_ALL]),
        Command::new(
            "Find bar",
            "Match case",
            A::Find(FindAction::ToggleMatchCase),
        )
        .keys(&[MATCH_CASE]),
        Command::new(
            "Find bar",
            "Whole word",
            A::Find(FindAction::ToggleWholeWord),
        )
        .keys(&[WHOLE_WORD]),
        Command::new(
            "Find bar",
            "Regular expression",
            A::Find(FindAction::ToggleRegex),
        )
        .keys(&[REGEX]),
        Command::new(
            "Find bar",
            "In selection",
            A::Find(FindAction::ToggleInSelection),
        )
        .keys(&[IN_SELECTION]),
        heading(1, "Heading 1"),
        heading(2, "Heading 2"),
        heading(3, "Heading 3"),
        heading(4, "Heading 4"),
        heading(5, "Heading 5"),
        heading(6, "Heading 6"),
        Command::new("Format", "Paragraph", A::Block(Block::Heading(0))),
        Command::new("Format", "Bold", A::Format(Inline::Bold)).keys(&[BOLD]),
        Command::new("Format", "Italic", A::Format(Inline::Italic)).keys(&[ITALIC]),
        Command::new("Format", "Code", A::Format(Inline::Code)).keys(&[CODE]),
        Command::new("Format", "Strikethrough", A::Format(Inline::Strikethrough))
            .keys(&[STRIKETHROUGH]),
        Command::new("Format", "Link…", A::Link).keys(&[LINK]),
        Command::new(
            "Format",
            "Bulleted list",
            A::Block(Block::List(ListKind::Bulleted)),
        )
        .keys(&[BULLETED_LIST]),
        Command::new(
            "Format",
            "Numbered list",
            A::Block(Block::List(ListKind::Numbered)),
        )
        .keys(&[NUMBERED_LIST]),
        Command::new("Format", "Task list", A::Block(Block::List(ListKind::Task)))
            .keys(&[TASK_LIST]),
        Command::new("Format", "Quote", A::Block(Block::Quote)).keys(&[QUOTE]),
        Command::new("Format", "Code block", A::Block(Block::CodeBlock)).keys(&[CODE_BLOCK]),
        Command::new("Format", "Horizontal rule", A::Block(Block::Rule)),
        Command::new("Format", "Insert table", A::Block(Block::Table)).keys(&[INSERT_TABLE]),
        Command::new("View", "Preview", A::TogglePreview).keys(&[TOGGLE_PREVIEW]),
        Command::new("View", "Metadata panel", A::ToggleMetadata).keys(&[TOGGLE_METADATA]),
        Command::new("View", "Links panel", A::ToggleLinks).keys(&[TOGGLE_LINKS]),
        Command::new("View", "Outline", A::FocusOutline).keys(&[FOCUS_OUTLINE]),
        Command::new("View", "Next finding", A::NextFinding).keys(&[NEXT_FINDING]),
        Command::new("View", "Previous finding", A::PreviousFinding).keys(&[PREVIOUS_FINDING]),
        Command::new("View", "Next misspelling", A::NextMisspelling).keys(&[NEXT_MISSPELLING]),
        Command::new("View", "Suggestions and fixes at the caret", A::MarkMenu).keys(&[MARK_MENU]),
        Command::new("View", "Larger text", A::TextLarger).keys(&[TEXT_LARGER, TEXT_LARGER_PLUS]),
        Command::new("View", "Smaller text", A::TextSmaller).keys(&[TEXT_SMALLER]),
        Command::new("View", "Default text size", A::TextReset).keys(&[TEXT_RESET]),
        Command::new("Help", "Keyboard shortcuts", A::ShowShortcuts).keys(&[SHOW_SHORTCUTS]),
        Command::new("Help", "About Postwright", A::ShowAbout),
    ]
}

/// The command that does `action`, if it has a name of its own.
pub fn command(action: &Action) -> Option<&'static Command> {
    commands().iter().find(|command| command.action == *action)
}

/// Every shortcut the app acts on and its action, the most modifiers first, so that
/// Ctrl+Shift+S is not taken for Ctrl+S (a shortcut matches with extra Shift or Alt held).
pub fn shortcuts() -> &'static [(KeyboardShortcut, Action)] {
    static SHORTCUTS: LazyLock<Vec<(KeyboardShortcut, Action)>> = LazyLock::new(|| {
        let mut shortcuts: Vec<(KeyboardShortcut, Action)> = commands()
            .iter()
            .filter(|command| !command.keys_go_to_widget)
            .flat_map(|command| {
                command
                    .keys
                    .iter()
                    .map(|keys| (*keys, command.action.clone()))
            })
            .collect();
        shortcuts.sort_by_key(|(keys, _)| {
            let held = keys.modifiers;
            std::cmp::Reverse(u8::from(held.alt) + u8::from(held.shift))
        });
        shortcuts
    });
    &SHORTCUTS
}

/// Takes the shortcuts pressed this frame out of the input, so that no widget also reacts
/// to them, and returns their actions.
pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<Action> {
    ctx.input_mut(|input| {
        shortcuts()
            .iter()
            .filter(|(shortcut, _)| consume(input, shortcut))
            .map(|(_, action)| action.clone())
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
    /// Whether the editor has text selected (to cut or copy).
    pub has_selection: bool,
    /// Whether the preview is shown.
    pub show_preview: bool,
    /// Whether the metadata panel is shown.
    pub show_metadata: bool,
    /// Whether the Links panel is open.
    pub show_links: bool,
    /// Whether the outline is open.
    pub show_outline: bool,
    /// Whether the outline is the side panel in front.
    pub outline_in_front: bool,
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
        ui.menu_button("File", |ui| file_menu_ui(ui, state, &mut chosen));
        ui.menu_button("Edit", |ui| edit_menu_ui(ui, state, &mut chosen));
        ui.menu_button("Format", |ui| format_menu_ui(ui, &mut chosen));
        ui.menu_button("View", |ui| view_menu_ui(ui, state, &mut chosen));
        ui.menu_button("Help", |ui| {
            item(ui, Action::ShowShortcuts, &mut chosen);
            item(ui, Action::ShowAbout, &mut chosen);
        });
    });
    chosen
}

fn file_menu_ui(ui: &mut Ui, state: &MenuState<'_>, chosen: &mut Option<Action>) {
    ui.add_enabled_ui(!state.dialog_open, |ui| {
        item(ui, Action::New, chosen);
        item(ui, Action::Open, chosen);
        ui.add_enabled_ui(!state.recent_files.is_empty(), |ui| {
            ui.menu_button("Open Recent", |ui| {
                for path in state.recent_files {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |name| name.to_string_lossy().into_owned(),
                    );
                    let response = ui.button(name).on_hover_text(path.display().to_string());
                    if response.clicked() {
                        *chosen = Some(Action::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
        });
        ui.separator();
        item(ui, Action::Save, chosen);
        item(ui, Action::SaveAs, chosen);
        ui.separator();
        item(ui, Action::ExportHtml, chosen);
        item(ui, Action::CopyHtml, chosen);
        let mut open_after = state.open_after_export;
        if ui
            .checkbox(&mut open_after, "Open in browser after export")
            .clicked()
        {
            *chosen = Some(Action::SetOpenAfterExport(open_after));
            ui.close();
        }
        ui.separator();
        ui.menu_button("Front matter of new posts", |ui| {
            for format in [Format::Yaml, Format::Toml, Format::Json] {
                if ui
                    .radio(state.new_post_format == format, format.name())
                    .clicked()
                {
                    *chosen = Some(Action::SetNewPostFormat(format));
                    ui.close();
                }
            }
        });
    });
    ui.separator();
    item(ui, Action::Quit, chosen);
}

fn edit_menu_ui(ui: &mut Ui, state: &MenuState<'_>, chosen: &mut Option<Action>) {
    ui.add_enabled_ui(state.can_undo, |ui| item(ui, Action::Undo, chosen));
    ui.add_enabled_ui(state.can_redo, |ui| item(ui, Action::Redo, chosen));
    ui.separator();
    ui.add_enabled_ui(state.has_selection, |ui| {
        item(ui, Action::Cut, chosen);
        item(ui, Action::Copy, chosen);
    });
    item(ui, Action::Paste, chosen);
    item(ui, Action::PastePlain, chosen);
    item(ui, Action::SelectAll, chosen);
    ui.separator();
    for action in [
        FindAction::Open { replace: false },
        FindAction::Open { replace: true },
        FindAction::Next,
        FindAction::Previous,
    ] {
        item(ui, Action::Find(action), chosen);
    }
    ui.separator();
    item(ui, Action::GoToLine, chosen);
}

fn format_menu_ui(ui: &mut Ui, chosen: &mut Option<Action>) {
    for level in 1..=6 {
        item(ui, Action::Block(Block::Heading(level)), chosen);
    }
    item(ui, Action::Block(Block::Heading(0)), chosen);
    ui.separator();
    for style in [
        Inline::Bold,
        Inline::Italic,
        Inline::Code,
        Inline::Strikethrough,
    ] {
        item(ui, Action::Format(style), chosen);
    }
    item(ui, Action::Link, chosen);
    ui.separator();
    for kind in [ListKind::Bulleted, ListKind::Numbered, ListKind::Task] {
        item(ui, Action::Block(Block::List(kind)), chosen);
    }
    item(ui, Action::Block(Block::Quote), chosen);
    item(ui, Action::Block(Block::CodeBlock), chosen);
    ui.separator();
    item(ui, Action::Block(Block::Rule), chosen);
    item(ui, Action::Block(Block::Table), chosen);
}

fn view_menu_ui(ui: &mut Ui, state: &MenuState<'_>, chosen: &mut Option<Action>) {
    toggle(ui, state.show_preview, Action::TogglePreview, None, chosen);
    toggle(
        ui,
        state.show_metadata,
        Action::ToggleMetadata,
        None,
        chosen,
    );
    toggle(ui, state.show_links, Action::ToggleLinks, None, chosen);
    // The key focuses the outline; the menu item closes it when it is what the dock shows.
    let close_outline = state.outline_in_front.then_some(Action::CloseOutline);
    toggle(
        ui,
        state.show_outline,
        Action::FocusOutline,
        close_outline,
        chosen,
    );
    ui.separator();
    ui.menu_button("Theme", |ui| {
        for (label, choice) in [
            ("Light", ThemeChoice::Light),
            ("Dark", ThemeChoice::Dark),
            ("Follow system", ThemeChoice::System),
        ] {
            if ui.radio(state.theme == choice, label).clicked() {
                *chosen = Some(Action::SetTheme(choice));
                ui.close();
            }
        }
    });
    ui.separator();
    spelling_menu_ui(ui, state, chosen);
    ui.separator();
    item(ui, Action::NextFinding, chosen);
    item(ui, Action::PreviousFinding, chosen);
    item(ui, Action::NextMisspelling, chosen);
    item(ui, Action::MarkMenu, chosen);
    ui.separator();
    item(ui, Action::TextLarger, chosen);
    item(ui, Action::TextSmaller, chosen);
    item(ui, Action::TextReset, chosen);
    ui.separator();
    let mut remote = state.remote_images;
    if ui.checkbox(&mut remote, "Load remote images").clicked() {
        *chosen = Some(Action::SetRemoteImages(remote));
        ui.close();
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

/// How the window writes `shortcut`: "Ctrl+/" rather than egui's "Ctrl+Slash" (the key's
/// symbol where it has one), and the platform's symbols on macOS.
pub fn keys_text(ctx: &egui::Context, shortcut: &KeyboardShortcut) -> String {
    if ctx.os().is_mac() {
        return ctx.format_shortcut(shortcut);
    }
    let names = egui::ModifierNames {
        is_short: true,
        ..egui::ModifierNames::NAMES
    };
    shortcut.format(&names, false)
}

/// The text a menu shows for a command's keys, if it has any.
pub fn shortcut_text(ctx: &egui::Context, command: &Command) -> Option<String> {
    command
        .keys
        .first()
        .map(|shortcut| keys_text(ctx, shortcut))
}

/// A menu item for `action`, named and with keys as [`commands`] has it.
fn item(ui: &mut Ui, action: Action, chosen: &mut Option<Action>) {
    let Some(command) = command(&action) else {
        return;
    };
    let mut button = egui::Button::new(command.name);
    if let Some(keys) = shortcut_text(ui.ctx(), command) {
        button = button.shortcut_text(keys);
    }
    if ui.add(button).clicked() {
        *chosen = Some(action);
        ui.close();
    }
}

/// A menu item with a check mark for `action`'s command; `when_on` is what a click does
/// while it is checked, when that is not `action` itself.
fn toggle(
    ui: &mut Ui,
    on: bool,
    action: Action,
    when_on: Option<Action>,
    chosen: &mut Option<Action>,
) {
    let Some(command) = command(&action) else {
        return;
    };
    let mut button = egui::Button::selectable(on, command.name);
    if let Some(keys) = shortcut_text(ui.ctx(), command) {
        button = button.shortcut_text(keys);
    }
    if ui.add(button).clicked() {
        *chosen = Some(when_on.unwrap_or(action));
        ui.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_keys_or_actions() {
        let mut keys = Vec::new();
        for command in commands() {
            assert_eq!(
                commands()
                    .iter()
                    .filter(|other| other.action == command.action)
                    .count(),
                1,
                "{:?}",
                command.action
            );
            for shortcut in command.keys {
                assert!(!keys.contains(shortcut), "{shortcut:?} twice");
                keys.push(*shortcut);
            }
        }
    }

    #[test]
    fn shortcuts_with_more_modifiers_are_matched_first() {
        let held = |shortcut: &KeyboardShortcut| {
            u8::from(shortcut.modifiers.shift) + u8::from(shortcut.modifiers.alt)
        };
        let order: Vec<u8> = shortcuts().iter().map(|(keys, _)| held(keys)).collect();
        assert!(order.windows(2).all(|pair| pair[0] >= pair[1]), "{order:?}");
        // Every key the app acts on is a command's, and the widget's keys are left alone.
        assert!(shortcuts().iter().any(|(keys, _)| *keys == FOCUS_OUTLINE));
        assert!(!shortcuts().iter().any(|(keys, _)| *keys == COPY));
    }

    #[test]
    fn ctrl_shift_o_focuses_the_outline_rather_than_opening_a_file() {
        let ctx = egui::Context::default();
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key {
            key: Key::O,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: COMMAND_SHIFT,
        });
        let mut actions = Vec::new();
        let mut output = ctx.run_ui(input, |ui| actions = consume_shortcuts(ui.ctx()));
        output.textures_delta.clear();
        assert_eq!(actions, [Action::FocusOutline]);
    }

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
