//! The preview and Links panels, the online link check, and export: what the app does
//! with what those panels return.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use egui::Ui;

use super::{Modal, Notice, NoticeAction, PostwrightApp};
use crate::ui::dialogs::TextPrompt;
use crate::ui::links_panel::{self, LinksAction, LinksView, OnlineProgress};
use crate::ui::preview::{self, PreviewAction, PreviewFonts, PreviewSettings};
use crate::ui::theme::{self, Palette};
use postwright_core::audit;
use postwright_core::edit::history::Change;
use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_io::files;
use postwright_io::online;

/// An online check of the post's addresses, running on its own thread.
pub(super) struct OnlineCheck {
    cancel: Arc<AtomicBool>,
    progress: Receiver<(usize, usize)>,
    result: Receiver<Vec<online::UrlCheck>>,
    done: usize,
    total: usize,
}

impl OnlineCheck {
    /// Asks the check to stop.
    pub(super) fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

impl PostwrightApp {
    pub(super) fn preview_panel_ui(&mut self, ui: &mut Ui) {
        let settings = PreviewSettings {
            base_folder: self.doc.folder(),
            remote_images: self.settings.load_remote_images,
            text_scale: self.settings.text_size / postwright_io::settings::DEFAULT_TEXT_SIZE,
            fonts: PreviewFonts {
                bold: Some(theme::bold()),
                ..PreviewFonts::default()
            },
        };
        let action = preview::preview_ui(
            ui,
            &self.analysis.preview,
            self.doc.post.metadata(),
            &mut self.preview_state,
            &settings,
        );
        match action {
            Some(PreviewAction::OpenLink(url)) => ui.ctx().open_url(egui::OpenUrl::new_tab(url)),
            Some(PreviewAction::RevealSource(range)) => {
                self.editor.set_selection(range.start..range.start);
                self.editor.request_focus();
            }
            None => {}
        }
    }

    /// Keeps the preview on the part of the post the editor shows, when the editor scrolls.
    pub(super) fn follow_editor_scroll(&mut self) {
        let top = self.editor.first_visible_offset();
        if self.last_editor_top != Some(top) {
            self.last_editor_top = Some(top);
            self.preview_state.scroll_to_source(top);
        }
    }

    pub(super) fn links_panel_host_ui(&mut self, ui: &mut Ui, palette: Palette) {
        let online = match &self.online {
            Some(check) => OnlineProgress {
                running: true,
                done: check.done,
                total: check.total,
                finished: false,
            },
            None => OnlineProgress {
                finished: !self.online_results.is_empty(),
                ..OnlineProgress::default()
            },
        };
        let view = LinksView {
            report: &self.analysis.report,
            groups: &self.groups,
            revision: self.analysed_revision.unwrap_or(u64::MAX),
            body: self.doc.post.body(),
            current: !self.analysis_pending(),
            online,
            palette,
        };
        let Some(action) = links_panel::links_panel_ui(ui, &mut self.links_state, &view) else {
            return;
        };
        let time = ui.input(|input| input.time);
        match action {
            LinksAction::Reveal(range) => self.reveal(range),
            LinksAction::ShowMetadata => self.settings.show_metadata = true,
            LinksAction::Fix(fix) => self.apply_audit_edits(&fix.edits, time),
            LinksAction::EditUrl(index) => {
                if let Some(link) = self.analysis.report.links.get(index) {
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
            LinksAction::CancelOnline => {
                if let Some(check) = &self.online {
                    check.cancel();
                }
            }
        }
    }

    /// Selects `range` in the editor and brings it into view in both panes.
    pub(super) fn reveal(&mut self, range: Range<usize>) {
        self.editor.set_selection(range.clone());
        self.editor.request_focus();
        self.preview_state.scroll_to_source(range.start);
    }

    /// Applies edits computed by the audit as one undoable step, if the audit still
    /// describes the text.
    pub(super) fn apply_audit_edits(&mut self, edits: &[audit::TextEdit], time: f64) {
        if self.analysis_pending() {
            self.notify_warning(
                "The post changed since the links were checked; try again in a moment.".to_owned(),
            );
            return;
        }
        let selection_before = self.editor.selection();
        let body = self.doc.post.body_mut();
        let mut ordered: Vec<&audit::TextEdit> = edits.iter().collect();
        ordered.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
        let mut changes = Vec::with_capacity(ordered.len());
        for edit in &ordered {
            let Some(removed) = body.get(edit.range.clone()).map(str::to_owned) else {
                self.notify_error(
                    "That fix no longer fits the text; nothing was changed.".to_owned(),
                );
                return;
            };
            changes.push(Change {
                offset: edit.range.start,
                removed,
                inserted: edit.replacement.clone(),
            });
        }
        let owned: Vec<audit::TextEdit> = edits.to_vec();
        if let Err(error) = audit::apply_edits(body, &owned) {
            self.notify_error(format!("The fix could not be applied: {error}"));
            return;
        }
        let cursor = ordered.last().map_or(selection_before.start, |edit| {
            edit.range.start + edit.replacement.len()
        });
        self.doc
            .history
            .record(changes.clone(), selection_before, cursor..cursor, time);
        self.editor.text_changed_externally(&changes);
        self.editor.set_selection(cursor..cursor);
        self.body_changed();
    }

    pub(super) fn edit_url(&mut self, index: usize, url: &str, time: f64) -> Result<(), String> {
        if self.analysis_pending() {
            return Err(
                "The post changed since the links were checked; try again in a moment.".to_owned(),
            );
        }
        let Some(link) = self.analysis.report.links.get(index).cloned() else {
            return Err("That link is gone.".to_owned());
        };
        let edits =
            audit::edit_url(self.doc.post.body(), &link, url).map_err(|error| error.to_string())?;
        self.apply_audit_edits(&edits, time);
        Ok(())
    }

    fn start_online_check(&mut self, ctx: &egui::Context) {
        let urls = online::urls_to_check(&self.analysis.report);
        if urls.is_empty() {
            self.notify_warning("This post has no web addresses to check.".to_owned());
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let (progress_sender, progress) = mpsc::channel();
        let (result_sender, result) = mpsc::channel();
        let total = urls.len();
        let thread_cancel = Arc::clone(&cancel);
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("online-check".to_owned())
            .spawn(move || {
                let options = online::OnlineOptions::default();
                let checks = online::check_urls(&urls, &options, &thread_cancel, &mut |step| {
                    let _ = progress_sender.send((step.done, step.total));
                    repaint.request_repaint();
                });
                let _ = result_sender.send(checks);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.online = Some(OnlineCheck {
                    cancel,
                    progress,
                    result,
                    done: 0,
                    total,
                })
            }
            Err(error) => self.notify_error(format!("The online check could not start: {error}")),
        }
    }

    /// Picks up the online check's progress and results.
    pub(super) fn poll_online_check(&mut self) {
        let Some(check) = &mut self.online else {
            return;
        };
        while let Ok((done, total)) = check.progress.try_recv() {
            check.done = done;
            check.total = total;
        }
        if let Ok(results) = check.result.try_recv() {
            let cancelled = check.cancel.load(Ordering::SeqCst);
            self.online = None;
            if !cancelled {
                self.online_results = results;
                self.merge_online_results();
            }
        }
    }

    /// Adds the online check's findings to the current audit (they are keyed by address,
    /// so they survive re-analysis).
    pub(super) fn merge_online_results(&mut self) {
        if self.online_results.is_empty() {
            return;
        }
        let findings = online::findings(&self.analysis.report, &self.online_results);
        self.analysis.report.add_findings(findings);
        self.groups = audit::group_by_domain(&self.analysis.report);
        self.links_state = links_panel::LinksPanelState::default();
    }

    /// Export HTML…: warns first when the audit found errors.
    pub(super) fn begin_export(&mut self, ctx: &egui::Context) {
        let errors = self.analysis.report.counts().errors;
        if errors > 0 {
            self.modal = Some(Modal::ExportWithErrors { errors });
        } else {
            self.ask_export_path(ctx);
        }
    }

    pub(super) fn ask_export_path(&mut self, ctx: &egui::Context) {
        let name = format!("{}.html", self.suggested_stem());
        let folder = self
            .settings
            .last_export_folder
            .clone()
            .or_else(|| self.doc.folder());
        if self.native_dialogs {
            let mut dialog = self
                .dialog_template
                .clone()
                .set_title("Export HTML")
                .add_filter("Web page", &["html", "htm"])
                .set_file_name(&name);
            if let Some(folder) = &folder {
                dialog = dialog.set_directory(folder);
            }
            self.dialog =
                super::jobs::PendingDialog::spawn(super::DialogPurpose::Export, ctx, move || {
                    dialog.save_file()
                });
            if self.dialog.is_some() {
                return;
            }
        }
        let start = folder.map_or(name.clone(), |folder| {
            folder.join(&name).display().to_string()
        });
        self.path_prompt(super::DialogPurpose::Export, None, &start);
    }

    /// Writes the finished page to `path`, with its images copied beside it.
    pub(super) fn export_to(&mut self, path: &Path) -> bool {
        let options = ExportOptions {
            theme: self.settings.export_theme.clone(),
            images: ImageMode::copy_beside(path),
            ..ExportOptions::default()
        };
        let folder = self.doc.folder();
        let mut read_image =
            |image: &Path| files::read_asset(image).map_err(|error| error.to_string());
        let exported =
            export::export_page(&self.doc.post, folder.as_deref(), &options, &mut read_image);
        if let Err(error) = files::write_export(path, exported.html.as_bytes(), &exported.files) {
            self.notify_error(error.to_string());
            return false;
        }
        self.settings.last_export_folder = path.parent().map(Path::to_path_buf);
        let mut text = format!("Exported to {path:?}");
        if !exported.issues.is_empty() {
            let first: Vec<&str> = exported
                .issues
                .iter()
                .take(3)
                .map(|issue| issue.message.as_str())
                .collect();
            text.push_str(&format!(
                ". {} note{} on the export: {}",
                exported.issues.len(),
                if exported.issues.len() == 1 { "" } else { "s" },
                first.join("; ")
            ));
        }
        self.push_notice(Notice {
            text,
            kind: super::NoticeKind::Info,
            action: Some((
                "Open in browser".to_owned(),
                NoticeAction::OpenInBrowser(path.to_path_buf()),
            )),
        });
        if self.settings.open_after_export {
            open_in_browser(self.ctx.as_ref(), path);
        }
        true
    }

    /// Copy HTML: the body as HTML, for pasting into a CMS.
    pub(super) fn copy_html(&mut self, ctx: &egui::Context) {
        let options = ExportOptions {
            theme: self.settings.export_theme.clone(),
            ..ExportOptions::default()
        };
        let html = export::body_html(&self.doc.post, &options);
        let size = html.len();
        ctx.copy_text(html);
        self.notify_info(format!(
            "Copied the post's HTML ({:.1} KB) to the clipboard.",
            size as f64 / 1024.0
        ));
    }

    fn suggested_stem(&self) -> String {
        let name = self.suggested_file_name();
        name.strip_suffix(".md").unwrap_or(&name).to_owned()
    }
}

/// Opens a local page in the system browser.
pub(super) fn open_in_browser(ctx: Option<&egui::Context>, path: &Path) {
    let absolute: PathBuf = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let (Some(ctx), Ok(url)) = (ctx, url::Url::from_file_path(&absolute)) {
        ctx.open_url(egui::OpenUrl::new_tab(url.as_str()));
    }
}
