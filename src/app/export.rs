//! Exporting: the finished page written beside its images (after a warning when the audit
//! found errors), and the body's HTML copied for pasting into a CMS.

use std::path::{Path, PathBuf};

use super::PostwrightApp;
use super::jobs::DialogPurpose;
use super::modal::Modal;
use super::notices::{Notice, NoticeAction};
use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_io::files;

impl PostwrightApp {
    /// Export HTML…: warns first when the audit found errors.
    pub(super) fn begin_export(&mut self, ctx: &egui::Context) {
        let errors = self.derived.analysis.report.counts().errors;
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
        let make = |dialog: rfd::FileDialog| {
            let dialog = dialog
                .set_title("Export HTML")
                .add_filter("Web page", &["html", "htm"])
                .set_file_name(&name);
            match &folder {
                Some(folder) => dialog.set_directory(folder),
                None => dialog,
            }
        };
        if self.dialogs.show(DialogPurpose::Export, ctx, make, None) {
            return;
        }
        let start = folder.map_or(name.clone(), |folder| {
            folder.join(&name).display().to_string()
        });
        self.path_prompt(DialogPurpose::Export, None, &start);
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
        let exported = export::export_page(
            self.doc.post(),
            folder.as_deref(),
            &options,
            &mut read_image,
        );
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
        self.push_notice(Notice::info(text).with_action(
            "Open in browser",
            NoticeAction::OpenInBrowser(path.to_path_buf()),
        ));
        if self.settings.open_after_export {
            open_in_browser(self.window.ctx.as_ref(), path);
        }
        true
    }

    /// Copy HTML: the body as HTML, for pasting into a CMS.
    pub(super) fn copy_html(&mut self, ctx: &egui::Context) {
        let options = ExportOptions {
            theme: self.settings.export_theme.clone(),
            ..ExportOptions::default()
        };
        let html = export::body_html(self.doc.post(), &options);
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
