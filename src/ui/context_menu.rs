//! The editor's right-click menu. The app builds its content from what is under the
//! pointer (the editor reports the byte offset there when the menu opens): entries about
//! that place first (a finding's fixes, spelling suggestions), then the clipboard. This
//! module only draws what it is given and returns the action chosen.

use egui::Ui;

use crate::ui::menu::{self, Action};

/// One entry of the menu.
#[derive(Clone, Debug, PartialEq)]
pub struct ContextEntry {
    /// What the entry says.
    pub label: String,
    /// What choosing it does.
    pub action: Action,
    /// Whether it can be chosen now.
    pub enabled: bool,
    /// Its keys, as the menu shows them, if it has any.
    pub keys: Option<egui::KeyboardShortcut>,
}

impl ContextEntry {
    /// An entry of its own, such as a fix or a suggested spelling.
    pub fn new(label: impl Into<String>, action: Action) -> Self {
        Self {
            label: label.into(),
            action,
            enabled: true,
            keys: None,
        }
    }

    /// The entry for one of the menus' commands, named and with keys as the menus have
    /// it.
    pub fn command(action: Action, enabled: bool) -> Self {
        let (label, keys) = menu::command(&action).map_or(("", None), |command| {
            (command.name, command.keys.first().copied())
        });
        Self {
            label: label.to_owned(),
            action,
            enabled,
            keys,
        }
    }
}

/// The menu: groups of entries, drawn with separators between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContextMenu {
    /// The groups, in order; empty groups are left out.
    pub sections: Vec<Vec<ContextEntry>>,
}

/// Draws the menu's entries; returns the action chosen, if any (and closes the menu).
pub fn context_menu_ui(ui: &mut Ui, menu: &ContextMenu) -> Option<Action> {
    let mut chosen = None;
    let mut first = true;
    for section in menu.sections.iter().filter(|section| !section.is_empty()) {
        if !first {
            ui.separator();
        }
        first = false;
        for entry in section {
            let mut button = egui::Button::new(&entry.label);
            if let Some(keys) = &entry.keys {
                button = button.shortcut_text(menu::keys_text(ui.ctx(), keys));
            }
            if ui.add_enabled(entry.enabled, button).clicked() {
                chosen = Some(entry.action.clone());
                ui.close();
            }
        }
    }
    chosen
}
