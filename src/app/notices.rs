//! Messages shown above the editor until dismissed: errors, warnings and news, some with
//! a button (open the exported page).

use std::path::PathBuf;

use egui::{Panel, Ui};

use super::PostwrightApp;
use super::export::open_in_browser;
use crate::ui::theme::Palette;

/// Notices kept at once; older ones go.
const MAX_NOTICES: usize = 4;

/// A message shown above the editor until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Notice {
    pub(super) text: String,
    kind: NoticeKind,
    /// A button offered with the message.
    action: Option<(String, NoticeAction)>,
}

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoticeKind {
    Error,
    Warning,
    Info,
}

/// What a notice's button does.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum NoticeAction {
    OpenInBrowser(PathBuf),
}

impl Notice {
    /// Something went wrong.
    pub(super) fn error(text: String) -> Self {
        Self {
            text,
            kind: NoticeKind::Error,
            action: None,
        }
    }

    /// Something to look at.
    pub(super) fn info(text: String) -> Self {
        Self {
            text,
            kind: NoticeKind::Info,
            action: None,
        }
    }

    /// The notice with a button labelled `label` that does `action`.
    pub(super) fn with_action(mut self, label: &str, action: NoticeAction) -> Self {
        self.action = Some((label.to_owned(), action));
        self
    }
}

impl PostwrightApp {
    pub(super) fn notify_error(&mut self, text: String) {
        self.push_notice(Notice::error(text));
    }

    pub(super) fn notify_warning(&mut self, text: String) {
        self.push_notice(Notice {
            text,
            kind: NoticeKind::Warning,
            action: None,
        });
    }

    pub(super) fn notify_info(&mut self, text: String) {
        self.push_notice(Notice::info(text));
    }

    /// Shows `notice`, once: the same message twice is shown once.
    pub(super) fn push_notice(&mut self, notice: Notice) {
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
        if self.notices.len() > MAX_NOTICES {
            self.notices.remove(0);
        }
    }

    /// The notices, in a bar above the editor, when there are any.
    pub(super) fn notices_bar_ui(&mut self, ui: &mut Ui, palette: Palette) {
        if self.notices.is_empty() {
            return;
        }
        Panel::top("notices")
            .frame(
                egui::Frame::new()
                    .fill(palette.chrome)
                    .inner_margin(egui::Margin::symmetric(10, 4)),
            )
            .show(ui, |ui| self.notices_ui(ui, palette));
    }

    fn notices_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let mut dismissed = None;
        let mut chosen = None;
        for (index, notice) in self.notices.iter().enumerate() {
            let colour = match notice.kind {
                NoticeKind::Error => palette.error,
                NoticeKind::Warning => palette.warning,
                NoticeKind::Info => palette.accent,
            };
            egui::Frame::new()
                .fill(colour.gamma_multiply(0.12))
                .stroke(egui::Stroke::new(1.0, colour.gamma_multiply(0.5)))
                .corner_radius(6)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui.small_button("Dismiss").clicked() {
                                dismissed = Some(index);
                            }
                            if let Some((label, action)) = &notice.action
                                && ui.small_button(label).clicked()
                            {
                                chosen = Some(action.clone());
                            }
                            ui.with_layout(
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(&notice.text).color(palette.text),
                                        )
                                        .wrap(),
                                    );
                                },
                            );
                        });
                    });
                });
        }
        if let Some(index) = dismissed {
            self.notices.remove(index);
        }
        match chosen {
            Some(NoticeAction::OpenInBrowser(path)) => open_in_browser(Some(ui.ctx()), &path),
            None => {}
        }
    }
}
