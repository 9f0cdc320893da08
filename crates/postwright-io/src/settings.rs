//! The author's preferences, kept across runs: theme, text size, panel layout, the format
//! of new posts' front matter, recent files, spelling.
//!
//! Every field has a default (`#[serde(default)]`), so a settings file written by an older
//! or newer version still loads. Reading and writing the file is `storage`'s job.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use postwright_core::front_matter::Format;

/// How many recent files the File menu lists.
pub const RECENT_FILES: usize = 10;

/// Light, dark, or whatever the system uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on light paper.
    Light,
    /// Light text on a dark background.
    Dark,
    /// Follow the operating system.
    #[default]
    System,
}

/// The author's preferences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Window theme.
    pub theme: ThemeChoice,
    /// Size of the editor and preview text, in points.
    pub text_size: f32,
    /// Whether the preview is shown beside the editor.
    pub show_preview: bool,
    /// Whether the metadata panel is shown.
    pub show_metadata: bool,
    /// Whether the Links panel is open in the side dock.
    pub show_links: bool,
    /// Whether the outline is open in the side dock.
    pub show_outline: bool,
    /// The side panel in front when the dock holds several.
    pub side_tab: SidePanel,
    /// Front-matter format for new posts.
    pub new_post_format: Format,
    /// Recently opened or saved posts, most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Folder of the last export.
    pub last_export_folder: Option<PathBuf>,
    /// Whether the preview may fetch images from the web.
    pub load_remote_images: bool,
    /// Name of the export theme.
    pub export_theme: String,
    /// Whether to open the exported page in the browser after exporting.
    pub open_after_export: bool,
    /// Widths the author gave the panels.
    pub panel_widths: PanelWidths,
    /// Whether spelling is checked as the author types.
    pub check_spelling: bool,
    /// The spelling language of posts that name none (`en-GB`); `None` follows the
    /// system's locale.
    pub spelling_language: Option<String>,
    /// The site folder open when the window last closed, reopened at start.
    pub last_site: Option<LastSite>,
}

/// A site folder the window had open, and the generator the author chose for it (`None`:
/// the detected one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSite {
    /// The site's folder.
    pub folder: PathBuf,
    /// The generator the author chose, if not the detected one.
    #[serde(default)]
    pub generator: Option<postwright_core::site::Generator>,
}

/// The panels that share the side dock, each a tab there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SidePanel {
    /// The post's headings.
    #[default]
    Outline,
    /// The post's links and what the audit found.
    Links,
}

/// The layout the author gave the panels by dragging their edges; `None` until then.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelWidths {
    /// The side dock, in points (the Links panel's width before the dock held it).
    #[serde(alias = "links")]
    pub side: Option<f32>,
    /// Post details, in points.
    pub metadata: Option<f32>,
    /// The preview's share of the width the editor and the preview have together, 0 to 1.
    pub preview_share: Option<f32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            text_size: DEFAULT_TEXT_SIZE,
            show_preview: true,
            show_metadata: true,
            show_links: false,
            show_outline: false,
            side_tab: SidePanel::default(),
            new_post_format: Format::Yaml,
            recent_files: Vec::new(),
            last_export_folder: None,
            load_remote_images: false,
            export_theme: String::new(),
            open_after_export: false,
            panel_widths: PanelWidths::default(),
            check_spelling: true,
            spelling_language: None,
            last_site: None,
        }
    }
}

/// Default editor and preview text size, in points.
pub const DEFAULT_TEXT_SIZE: f32 = 15.0;
/// Smallest text size the View menu allows.
pub const MIN_TEXT_SIZE: f32 = 10.0;
/// Largest text size the View menu allows.
pub const MAX_TEXT_SIZE: f32 = 28.0;

impl Settings {
    /// Puts `path` at the top of the recent files, without duplicates.
    pub fn remember_recent(&mut self, path: &Path) {
        self.recent_files.retain(|known| known != path);
        self.recent_files.insert(0, path.to_owned());
        self.recent_files.truncate(RECENT_FILES);
    }

    /// Removes `path` from the recent files (it could not be opened).
    pub fn forget_recent(&mut self, path: &Path) {
        self.recent_files.retain(|known| known != path);
    }

    /// Changes the text size by `step` points, within limits.
    pub fn change_text_size(&mut self, step: f32) {
        self.text_size = (self.text_size + step).clamp(MIN_TEXT_SIZE, MAX_TEXT_SIZE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_files_load_with_defaults() {
        let settings: Settings =
            serde_json::from_str(r#"{"theme": "Dark", "unknown": 1}"#).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Dark);
        assert_eq!(settings.text_size, DEFAULT_TEXT_SIZE);
        assert!(settings.show_preview);
        assert!(settings.check_spelling);
        assert_eq!(settings.spelling_language, None);
        assert_eq!(settings.last_site, None);
    }

    #[test]
    fn the_last_site_round_trips() {
        let settings: Settings =
            serde_json::from_str(r#"{"last_site": {"folder": "/blog", "generator": "jekyll"}}"#)
                .unwrap();
        let site = settings.last_site.as_ref().unwrap();
        assert_eq!(
            site.generator,
            Some(postwright_core::site::Generator::Jekyll)
        );
        let again: Settings =
            serde_json::from_str(&serde_json::to_string(&settings).unwrap()).unwrap();
        assert_eq!(again, settings);
    }

    #[test]
    fn the_links_panels_width_becomes_the_docks() {
        let settings: Settings =
            serde_json::from_str(r#"{"panel_widths": {"links": 310, "preview": 640}}"#).unwrap();
        assert_eq!(settings.panel_widths.side, Some(310.0));
        assert_eq!(settings.panel_widths.preview_share, None);
        assert_eq!(settings.side_tab, SidePanel::Outline);
    }

    #[test]
    fn recent_files_are_unique_and_bounded() {
        let mut settings = Settings::default();
        for index in 0..15 {
            settings.remember_recent(Path::new(&format!("post-{index}.md")));
        }
        settings.remember_recent(Path::new("post-3.md"));
        assert_eq!(settings.recent_files.len(), RECENT_FILES);
        assert_eq!(settings.recent_files[0], Path::new("post-3.md"));
        assert_eq!(
            settings
                .recent_files
                .iter()
                .filter(|p| p.ends_with("post-3.md"))
                .count(),
            1
        );
    }
}
