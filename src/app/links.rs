//! The Links panel and what the app does with what it returns: revealing a link, applying
//! a fix, changing an address, and starting or stopping the online check.

use std::ops::Range;

use egui::Ui;

use super::PostwrightApp;
use super::modal::Modal;
use crate::ui::dialogs::TextPrompt;
use crate::ui::links_panel::{self, LinksAction, LinksView};
use crate::ui::theme::Palette;
use postwright_core::audit;
use postwright_core::edit::Change;

/// Why a link's address was not changed, as the prompt tells the author.
#[derive(Debug)]
pub(super) enum UrlNotChanged {
    /// The audit lags behind the text.
    AnalysisPending,
    /// The link is no longer in the audit.
    LinkGone,
    /// The audit cannot write the new address there.
    Refused(audit::EditError),
}

impl std::fmt::Display for UrlNotChanged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlNotChanged::AnalysisPending => {
                f.write_str("The post changed since the links were checked; try again in a moment.")
            }
            UrlNotChanged::LinkGone => f.write_str("That link is gone."),
            UrlNotChanged::Refused(error) => {
                let why = error.to_string();
                let mut chars = why.chars();
                match chars.next() {
                    Some(first) => write!(f, "{}{}.", first.to_uppercase(), chars.as_str()),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for UrlNotChanged {}

impl PostwrightApp {
    pub(super) fn links_panel_host_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let view = LinksView {
            report: &self.derived.analysis.report,
            groups: &self.derived.groups,
            revision: self.derived.revision.unwrap_or(u64::MAX),
            body: self.doc.post().body(),
            current: !self.analysis_pending(),
            online: self.online_progress(),
            palette,
        };
        let Some(action) = links_panel::links_panel_ui(ui, &mut self.panels.links, &view) else {
            return;
        };
        let time = ui.input(|input| input.time);
        match action {
            LinksAction::Reveal(range) => self.reveal(range),
            LinksAction::ShowMetadata => self.settings.show_metadata = true,
            LinksAction::Fix(fix) => self.apply_audit_edits(&fix.edits, time),
            LinksAction::EditUrl(index) => {
                if let Some(link) = self.derived.analysis.report.links.get(index) {
                    let prompt = TextPrompt::new(
                        "Change the link's address",
                        &format!("Link text: “{}”", link.text.trim()),
                        "URL",
                        &link.url,
                        "Change",
                    );
                    self.modal = Some(Modal::EditUrl {
                        link: index,
                        prompt,
                    });
                }
            }
            LinksAction::CheckOnline => self.start_online_check(ui.ctx()),
            LinksAction::CancelOnline => self.cancel_online_check(),
        }
    }

    /// Selects `range` in the editor and brings it into view in both panes.
    pub(super) fn reveal(&mut self, range: Range<usize>) {
        self.panels.editor.set_selection(range.clone());
        self.panels.editor.request_focus();
        self.panels.preview.scroll_to_source(range.start);
    }

    /// Applies a fix's changes as one undoable step, if the audit still describes the text.
    pub(super) fn apply_audit_edits(&mut self, edits: &[Change], time: f64) {
        if self.analysis_pending() {
            self.notify_warning(
                "The post changed since the links were checked; try again in a moment.".to_owned(),
            );
            return;
        }
        match audit::fix_edit(edits) {
            Ok(edit) => self.apply_edit(edit, time),
            Err(error) => self.notify_error(format!("The fix was not applied: {error}.")),
        }
    }

    /// Changes the address of the audit's link number `index` to `url`.
    pub(super) fn edit_url(
        &mut self,
        index: usize,
        url: &str,
        time: f64,
    ) -> Result<(), UrlNotChanged> {
        if self.analysis_pending() {
            return Err(UrlNotChanged::AnalysisPending);
        }
        let Some(link) = self.derived.analysis.report.links.get(index) else {
            return Err(UrlNotChanged::LinkGone);
        };
        let edits =
            audit::edit_url(self.doc.post().body(), link, url).map_err(UrlNotChanged::Refused)?;
        self.apply_audit_edits(&edits, time);
        Ok(())
    }
}
