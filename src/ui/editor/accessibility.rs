//! Assistive technology: the editor is one focusable AccessKit node, a multi-line text input
//! named "Markdown editor", and the values and text it is sent come in as edits.

use egui::Ui;
use egui::WidgetInfo;
use egui::accesskit::{self, Role};

use super::input::Editing;

impl Editing<'_> {
    pub(super) fn accesskit_requests(&mut self, id: egui::Id) {
        let requests: Vec<(accesskit::Action, String)> = self.ctx.input(|input| {
            [
                accesskit::Action::SetValue,
                accesskit::Action::ReplaceSelectedText,
            ]
            .into_iter()
            .flat_map(|action| {
                input.accesskit_action_requests(id, action).filter_map(
                    move |request| match &request.data {
                        Some(accesskit::ActionData::Value(value)) => {
                            Some((action, value.to_string()))
                        }
                        _ => None,
                    },
                )
            })
            .collect()
        });
        for (action, value) in requests {
            let value = value.replace("\r\n", "\n");
            if action == accesskit::Action::SetValue {
                // Report only what differs, so undo has a small step.
                let old = self.text.as_bytes();
                let new = value.as_bytes();
                let mut prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
                let mut suffix = old[prefix..]
                    .iter()
                    .rev()
                    .zip(new[prefix..].iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                while !self.text.is_char_boundary(prefix) || !value.is_char_boundary(prefix) {
                    prefix -= 1;
                }
                while !self.text.is_char_boundary(old.len() - suffix)
                    || !value.is_char_boundary(new.len() - suffix)
                {
                    suffix -= 1;
                }
                let inserted = &value[prefix..new.len() - suffix];
                self.replace(prefix..old.len() - suffix, inserted);
                let end = prefix + inserted.len();
                self.state.anchor = end;
                self.state.cursor = end;
                self.moved_caret();
            } else {
                self.state.preedit = None;
                self.insert(&value);
            }
        }
    }
}

/// One focusable node: a multi-line text input named "Markdown editor" whose value is the
/// text. The value is built only when assistive technology is listening.
pub(super) fn accessibility(ui: &Ui, response: &egui::Response, id: egui::Id, text: &str) {
    response.widget_info(|| WidgetInfo::labeled(Role::MultilineTextInput, true, "Markdown editor"));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_role(Role::MultilineTextInput);
        node.set_label("Markdown editor");
        node.set_value(text);
        node.add_action(accesskit::Action::Focus);
        node.add_action(accesskit::Action::SetValue);
        node.add_action(accesskit::Action::ReplaceSelectedText);
    });
}
