//! The find bar: a slim bar at the top of the editor's area (never over the text) with the
//! find field, the search options, the match count and, for Replace, a second row with the
//! replace field.
//!
//! [`find_bar_ui`] edits the typed text in [`FindBarState`] and returns a [`FindAction`]
//! for everything else (going to a match, replacing, the options, closing); the app owns
//! the search and applies the action at the end of the frame. The keys are VS Code's: the
//! ones that work anywhere are constants in [`crate::ui::menu`]; Enter, Shift+Enter, Tab
//! and Escape belong to the fields and are handled here.

use egui::accesskit::Role;
use egui::{
    Align, EventFilter, FocusDirection, Id, Key, KeyboardShortcut, Layout, Modifiers, RichText,
    TextEdit, Ui, Vec2, vec2,
};

use crate::ui::menu;
use crate::ui::theme::Palette;
use postwright_core::edit::find::Query;

/// What the author asked of the find bar (or of the Edit menu's find items).
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindAction {
    /// Open the bar, the replace row too when `replace`, with the selection (or the word at
    /// the caret) to look for.
    Open {
        /// Show the replace row.
        replace: bool,
    },
    /// Go to the next match.
    Next,
    /// Go to the previous match.
    Previous,
    /// Replace the current match and go to the next.
    ReplaceOne,
    /// Replace every match, as one undo step.
    ReplaceAll,
    /// Close the bar; the editor takes the keyboard focus back.
    Close,
    /// Upper and lower case differ, or not.
    ToggleMatchCase,
    /// Whole words only, or not.
    ToggleWholeWord,
    /// The pattern is a regular expression, or plain text.
    ToggleRegex,
    /// Search only the text selected now, or the whole post.
    ToggleInSelection,
}

/// One of the bar's two text fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// What to look for.
    Find,
    /// What replaces it.
    Replace,
}

impl Field {
    /// The field's widget id, the same in every frame, so the app can ask about its focus.
    pub fn id(self) -> Id {
        match self {
            Field::Find => Id::unique("find-bar-find"),
            Field::Replace => Id::unique("find-bar-replace"),
        }
    }
}

/// The bar's state between frames: whether it is open, what is typed and ticked.
#[derive(Debug, Default)]
pub struct FindBarState {
    /// Whether the bar is shown.
    pub open: bool,
    /// Whether the replace row is shown.
    pub replace_shown: bool,
    /// What to look for, and how.
    pub query: Query,
    /// What replaces a match (`$1` and `${name}` name a regular expression's groups).
    pub replacement: String,
    /// Whether the search is limited to the text that was selected when this was turned on.
    pub in_selection: bool,
    /// The field to take the keyboard focus, with its text selected, on the next frame.
    focus: Option<Field>,
    /// The field that had the focus when a mouse button last went down: clicking one of
    /// the bar's buttons leaves the focus there.
    focus_at_press: Option<Field>,
    /// How wide the buttons after the find field were last drawn, to size the field.
    buttons_width: Option<f32>,
}

impl FindBarState {
    /// Opens the bar (with the replace row when `replace`), puts `seed` in the find field
    /// if given, and gives the find field the keyboard focus with its text selected.
    pub fn show(&mut self, replace: bool, seed: Option<String>) {
        self.open = true;
        self.replace_shown = replace;
        if let Some(seed) = seed {
            self.query.pattern = seed;
        }
        self.focus = Some(Field::Find);
    }

    /// Gives `field` the keyboard focus on the next frame, its text selected.
    pub fn focus(&mut self, field: Field) {
        self.focus = Some(field);
    }

    /// The field holding the keyboard focus, if either does.
    pub fn focused_field(&self, ctx: &egui::Context) -> Option<Field> {
        ctx.memory(|memory| {
            [Field::Find, Field::Replace]
                .into_iter()
                .find(|field| memory.has_focus(field.id()))
        })
    }
}

/// How many matches there are, as the bar says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindStatus {
    /// Nothing to look for yet (or the first search of a long post is under way).
    Idle,
    /// The pattern is found nowhere.
    NoResults,
    /// `total` matches; `current` is the index of the one selected in the editor.
    Results {
        /// The selected match, if the selection is one.
        current: Option<usize>,
        /// How many matches.
        total: usize,
        /// Whether the search stopped at its limit, so there are more.
        capped: bool,
    },
}

impl FindStatus {
    /// "3 of 17", "17 results", "No results", or nothing.
    pub fn text(&self) -> String {
        match *self {
            FindStatus::Idle => String::new(),
            FindStatus::NoResults => "No results".to_owned(),
            FindStatus::Results {
                current,
                total,
                capped,
            } => {
                let more = if capped { "+" } else { "" };
                match current {
                    Some(index) => format!("{} of {total}{more}", index + 1),
                    None if total == 1 && !capped => "1 result".to_owned(),
                    None => format!("{total}{more} results"),
                }
            }
        }
    }
}

/// What the bar shows besides what is typed.
#[derive(Clone, Debug)]
pub struct FindBarView<'a> {
    /// The match count.
    pub status: FindStatus,
    /// Why the pattern cannot be searched for, in one line.
    pub error: Option<&'a str>,
    /// Colours.
    pub palette: Palette,
}

/// The size of the bar's small square buttons.
const ICON_BUTTON: Vec2 = vec2(26.0, 24.0);
/// The widest the fields grow: a find field across a wide window reads badly.
const MAX_FIELD_WIDTH: f32 = 360.0;
/// The narrowest they shrink before the buttons go to a row of their own.
const MIN_FIELD_WIDTH: f32 = 140.0;
/// Room kept for the match count, so the buttons after it do not jump as it changes.
const STATUS_WIDTH: f32 = 76.0;

/// Draws the find bar (when open) and returns what the author asked for.
pub fn find_bar_ui(
    ui: &mut Ui,
    state: &mut FindBarState,
    view: &FindBarView<'_>,
) -> Option<FindAction> {
    if !state.open {
        return None;
    }
    let palette = view.palette;
    let mut action = field_keys(ui, state);
    let focus_before = state.focus;
    let frame = egui::Frame::new()
        .fill(palette.chrome)
        .inner_margin(egui::Margin::symmetric(8, 6));
    let shown = frame.show(ui, |ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.spacing_mut().button_padding = vec2(5.0, 2.0);
        let spacing = ui.spacing().item_spacing.x;
        let indent = ICON_BUTTON.x + spacing;
        // The options, the count, previous, next and close, as wide as they were drawn
        // last (or about that, the first time).
        let buttons = state
            .buttons_width
            .unwrap_or(7.0 * (ICON_BUTTON.x + 8.0) + STATUS_WIDTH)
            + spacing;
        let available = ui.available_width() - indent;
        let one_row = available - buttons >= MIN_FIELD_WIDTH;
        let field_width = if one_row {
            (available - buttons).min(MAX_FIELD_WIDTH)
        } else {
            available.clamp(60.0, MAX_FIELD_WIDTH)
        };
        let mut buttons_ui = |ui: &mut Ui, state: &mut FindBarState| {
            let drawn = ui.horizontal(|ui| search_buttons_ui(ui, state, view, &mut action));
            state.buttons_width = Some(drawn.response.rect.width());
        };
        ui.horizontal(|ui| {
            replace_toggle_ui(ui, state);
            text_field(ui, state, Field::Find, field_width);
            if one_row {
                buttons_ui(ui, state);
            }
        });
        if !one_row {
            ui.horizontal(|ui| {
                ui.add_space(indent);
                buttons_ui(ui, state);
            });
        }
        if let Some(error) = view.error {
            ui.horizontal(|ui| {
                ui.add_space(indent);
                ui.add(egui::Label::new(RichText::new(error).color(palette.error)).wrap());
            });
        }
        if state.replace_shown {
            ui.horizontal(|ui| {
                ui.add_space(indent);
                text_field(ui, state, Field::Replace, field_width);
                let replace = ui
                    .add(egui::Button::new("Replace"))
                    .on_hover_text(with_keys(ui, "Replace", &menu::REPLACE_ONE, Some("Enter")));
                if replace.clicked() {
                    action = Some(FindAction::ReplaceOne);
                }
                let all = ui
                    .add(egui::Button::new("Replace All"))
                    .on_hover_text(with_keys(ui, "Replace all", &menu::REPLACE_ALL, None));
                if all.clicked() {
                    action = Some(FindAction::ReplaceAll);
                }
            });
        }
    });
    // A click on a button takes the focus from the field it was in; give it back.
    let clicked = action.is_some() || state.focus != focus_before;
    if clicked
        && state.focus.is_none()
        && let Some(field) = state.focus_at_press
        && ui.input(|input| input.pointer.any_click())
    {
        ui.memory_mut(|memory| memory.request_focus(field.id()));
    }
    // A thin line between the bar and the text.
    let rect = shown.response.rect;
    ui.painter().hline(
        rect.x_range(),
        rect.bottom(),
        egui::Stroke::new(1.0, palette.line),
    );
    action
}

/// The chevron that shows or hides the replace row.
fn replace_toggle_ui(ui: &mut Ui, state: &mut FindBarState) {
    let (chevron, name) = if state.replace_shown {
        ("▼", "Hide replace")
    } else {
        ("▶", "Show replace")
    };
    let tooltip = format!("{name} ({})", ui.ctx().format_shortcut(&menu::REPLACE));
    let chevron = RichText::new(chevron).monospace().size(10.0);
    if icon_button(ui, chevron, name, tooltip, None).clicked() {
        state.replace_shown = !state.replace_shown;
        state.focus = Some(if state.replace_shown {
            Field::Replace
        } else {
            Field::Find
        });
    }
}

/// The options, the count, previous and next, and close.
fn search_buttons_ui(
    ui: &mut Ui,
    state: &FindBarState,
    view: &FindBarView<'_>,
    action: &mut Option<FindAction>,
) {
    option_buttons(ui, state, action);
    status_ui(ui, view);
    let buttons = [
        (
            "↑",
            "Previous match",
            with_keys(
                ui,
                "Previous match",
                &menu::FIND_PREVIOUS,
                Some("Shift+Enter"),
            ),
            FindAction::Previous,
        ),
        (
            "↓",
            "Next match",
            with_keys(ui, "Next match", &menu::FIND_NEXT, Some("Enter")),
            FindAction::Next,
        ),
        (
            "×",
            "Close find bar",
            "Close (Escape)".to_owned(),
            FindAction::Close,
        ),
    ];
    for (icon, name, tooltip, chosen) in buttons {
        let icon = RichText::new(icon).monospace();
        if icon_button(ui, icon, name, tooltip, None).clicked() {
            *action = Some(chosen);
        }
    }
}

/// Enter, Shift+Enter, Tab and Escape in the fields: taken before the fields see them.
fn field_keys(ui: &mut Ui, state: &mut FindBarState) -> Option<FindAction> {
    let ctx = ui.ctx().clone();
    // Escape has already taken the focus away by now (egui does that as a frame begins).
    let had_focus = ctx.memory(|memory| {
        [Field::Find, Field::Replace]
            .into_iter()
            .find(|field| memory.had_focus_last_frame(field.id()))
    });
    if had_focus.is_some() && ctx.input(|input| input.key_pressed(Key::Escape)) {
        return Some(FindAction::Close);
    }
    if ctx.input(|input| input.pointer.any_pressed()) {
        state.focus_at_press = had_focus;
    }
    let focused = state.focused_field(&ctx)?;
    let pressed = |modifiers: Modifiers, key: Key| {
        ctx.input_mut(|input| input.consume_shortcut(&KeyboardShortcut::new(modifiers, key)))
    };
    match focused {
        Field::Find => {
            if pressed(Modifiers::SHIFT, Key::Enter) {
                return Some(FindAction::Previous);
            }
            if pressed(Modifiers::NONE, Key::Enter) {
                return Some(FindAction::Next);
            }
            // With both fields shown, the find field keeps Tab (see `field_filter`).
            if state.replace_shown {
                if pressed(Modifiers::SHIFT, Key::Tab) {
                    ctx.memory_mut(|memory| memory.move_focus(FocusDirection::Previous));
                } else if pressed(Modifiers::NONE, Key::Tab) {
                    state.focus = Some(Field::Replace);
                }
            }
        }
        Field::Replace => {
            if pressed(Modifiers::NONE, Key::Enter) {
                return Some(FindAction::ReplaceOne);
            }
            if pressed(Modifiers::SHIFT, Key::Tab) {
                state.focus = Some(Field::Find);
            } else if pressed(Modifiers::NONE, Key::Tab) {
                ctx.memory_mut(|memory| memory.move_focus(FocusDirection::Next));
            }
        }
    }
    None
}

/// The fields keep Tab (it moves between them) when the replace row is shown, and the
/// arrows always.
fn field_filter(keeps_tab: bool) -> EventFilter {
    EventFilter {
        tab: keeps_tab,
        horizontal_arrows: true,
        vertical_arrows: true,
        escape: false,
    }
}

/// One of the two fields, named for assistive technology as its placeholder reads,
/// taking the focus when asked.
fn text_field(ui: &mut Ui, state: &mut FindBarState, field: Field, width: f32) {
    let id = field.id();
    let (name, tooltip) = match field {
        Field::Find => ("Find", "The text to find, or a pattern (with .*)"),
        Field::Replace => (
            "Replace",
            "What replaces each match; with a regular expression, $1 or ${name} puts back \
             what a group matched",
        ),
    };
    let wants_focus = state.focus == Some(field);
    // Tab moves between the two fields while both are shown.
    let filter = field_filter(state.replace_shown);
    let text = match field {
        Field::Find => &mut state.query.pattern,
        Field::Replace => &mut state.replacement,
    };
    if wants_focus {
        // Focused before it is drawn (a field without the focus drops its selection), and
        // what is there selected, so typing replaces it.
        ui.memory_mut(|memory| memory.request_focus(id));
        let mut edit_state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
        edit_state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
        edit_state.store(ui.ctx(), id);
        state.focus = None;
    }
    let response = ui.add(
        TextEdit::singleline(text)
            .id(id)
            .desired_width(width)
            .hint_text(name)
            .return_key(None)
            .event_filter(filter),
    );
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
    response.on_hover_text(tooltip);
}

/// Match case, whole word, regular expression and in selection, as toggle buttons.
fn option_buttons(ui: &mut Ui, state: &FindBarState, action: &mut Option<FindAction>) {
    let options = [
        (
            "Aa",
            "Match case",
            state.query.match_case,
            &menu::MATCH_CASE,
            FindAction::ToggleMatchCase,
        ),
        (
            "ab|",
            "Whole word",
            state.query.whole_word,
            &menu::WHOLE_WORD,
            FindAction::ToggleWholeWord,
        ),
        (
            ".*",
            "Regular expression",
            state.query.regex,
            &menu::REGEX,
            FindAction::ToggleRegex,
        ),
        (
            "[≡]",
            "In selection",
            state.in_selection,
            &menu::IN_SELECTION,
            FindAction::ToggleInSelection,
        ),
    ];
    for (icon, name, on, shortcut, toggled) in options {
        let tooltip = with_keys(ui, name, shortcut, None);
        let icon = RichText::new(icon).monospace();
        if icon_button(ui, icon, name, tooltip, Some(on)).clicked() {
            *action = Some(toggled);
        }
    }
}

/// The match count, or "No results", in a slot of its own width.
fn status_ui(ui: &mut Ui, view: &FindBarView<'_>) {
    let palette = view.palette;
    let colour = match view.status {
        FindStatus::NoResults => palette.error,
        _ => palette.muted,
    };
    let text = if view.error.is_some() {
        String::new()
    } else {
        view.status.text()
    };
    ui.allocate_ui_with_layout(
        vec2(STATUS_WIDTH, ICON_BUTTON.y),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_min_width(STATUS_WIDTH);
            ui.add_space(4.0);
            ui.label(RichText::new(text).color(colour));
        },
    );
}

/// A small square button showing `icon`, named `name` for assistive technology, with
/// `tooltip` on hover; a toggle when `selected` is given.
fn icon_button(
    ui: &mut Ui,
    icon: RichText,
    name: &str,
    tooltip: String,
    selected: Option<bool>,
) -> egui::Response {
    let button = match selected {
        Some(on) => egui::Button::selectable(on, icon),
        None => egui::Button::new(icon).frame(false),
    };
    let response = ui.add(button.min_size(ICON_BUTTON));
    let enabled = ui.is_enabled();
    response.widget_info(|| match selected {
        Some(on) => egui::WidgetInfo::selected(Role::Button, enabled, on, name),
        None => egui::WidgetInfo::labeled(Role::Button, enabled, name),
    });
    response.on_hover_text(tooltip)
}

/// "Match case (Alt+C)", or with the field's own key too: "Next match (Enter, F3)".
fn with_keys(ui: &Ui, what: &str, shortcut: &KeyboardShortcut, in_field: Option<&str>) -> String {
    let keys = ui.ctx().format_shortcut(shortcut);
    match in_field {
        Some(field_key) => format!("{what} ({field_key}, {keys})"),
        None => format!("{what} ({keys})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_reads_as_words() {
        let results = |current, total, capped| FindStatus::Results {
            current,
            total,
            capped,
        };
        assert_eq!(results(Some(2), 17, false).text(), "3 of 17");
        assert_eq!(results(None, 17, false).text(), "17 results");
        assert_eq!(results(None, 1, false).text(), "1 result");
        assert_eq!(results(Some(0), 100_000, true).text(), "1 of 100000+");
        assert_eq!(FindStatus::NoResults.text(), "No results");
        assert_eq!(FindStatus::Idle.text(), "");
    }

    #[test]
    fn showing_the_bar_seeds_the_field_and_asks_for_focus() {
        let mut state = FindBarState::default();
        state.show(true, Some("fox".to_owned()));
        assert!(state.open && state.replace_shown);
        assert_eq!(state.query.pattern, "fox");
        assert_eq!(state.focus, Some(Field::Find));
        // Without a seed, what was typed before stays.
        state.show(false, None);
        assert_eq!(state.query.pattern, "fox");
        assert!(!state.replace_shown);
    }
}
