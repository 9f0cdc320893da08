//! Helpers shared by the window tests: a headless window, scratch folders, sample posts.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use postwright::app::{AppOptions, PostwrightApp};

#[path = "../support/mod.rs"]
mod support;

pub use support::scratch_dir;

/// A copy of a sample post in a scratch folder, so saving never touches the original.
pub fn sample_copy(dir: &Path, name: &str) -> PathBuf {
    fixture_copy(dir, "sample_posts", name)
}

/// A copy of the post `name` of `folder` (relative to the package) in a scratch folder.
pub fn fixture_copy(dir: &Path, folder: &str, name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join(name);
    let target = dir.join(name);
    std::fs::copy(source, &target).expect("copy post");
    target
}

/// The window, headless, with `options`.
pub fn harness_with(options: AppOptions) -> Harness<'static, PostwrightApp> {
    harness_sized(options, egui::vec2(1360.0, 860.0))
}

/// The window, headless, at a given size (a tall one shows the whole metadata form).
pub fn harness_sized(options: AppOptions, size: egui::Vec2) -> Harness<'static, PostwrightApp> {
    let app = PostwrightApp::new(options);
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut PostwrightApp| app.frame_ui(ui, None), app);
    harness.run_steps(3);
    harness
}

/// The window, headless, optionally with a post open; no settings file, no journal.
pub fn harness(file: Option<PathBuf>) -> Harness<'static, PostwrightApp> {
    harness_with(AppOptions {
        file,
        settings_file: None,
        native_dialogs: false,
        journal_folder: None,
    })
}

/// Runs frames until background analysis has caught up with the text.
pub fn settle(harness: &mut Harness<'static, PostwrightApp>) {
    for _ in 0..500 {
        harness.step();
        if !harness.state().analysis_pending() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run_steps(2);
}

/// Whether one of the window's notices holds every one of `parts`.
pub fn has_notice(harness: &Harness<'static, PostwrightApp>, parts: &[&str]) -> bool {
    harness
        .state()
        .notices()
        .iter()
        .any(|notice| parts.iter().all(|part| notice.contains(part)))
}

/// Runs frames (in real time) until `done` holds, for at most a few seconds.
pub fn run_until(
    harness: &mut Harness<'static, PostwrightApp>,
    mut done: impl FnMut(&Harness<'static, PostwrightApp>) -> bool,
) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(8) {
        harness.step();
        if done(harness) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Clicks a menu item: a button whose label starts with `label` (the shortcut follows it).
pub fn click_menu_item(harness: &mut Harness<'static, PostwrightApp>, label: &str) {
    harness
        .get(By::new().role(Role::Button).label_contains(label))
        .click();
    harness.run_steps(2);
}

/// Focuses the editor and types `text` into it.
pub fn type_in_editor(harness: &mut Harness<'static, PostwrightApp>, text: &str) {
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .type_text(text);
    harness.run_steps(2);
}

/// The body in the editor.
pub fn editor_text(harness: &Harness<'static, PostwrightApp>) -> String {
    harness.state().document().post().body().to_owned()
}

/// A file dropped on the window.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

/// Drops `path` on the window, as an author dragging a file from the file manager.
pub fn drop_file(harness: &mut Harness<'static, PostwrightApp>, path: &Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.to_owned())));
    harness.step();
}

/// The label a menu gives `command`: its name, and its first keys when it has some.
pub fn menu_label(
    harness: &Harness<'static, PostwrightApp>,
    command: &postwright::ui::menu::Command,
) -> String {
    match command.keys.first() {
        Some(keys) => format!(
            "{} {}",
            command.name,
            postwright::ui::menu::keys_text(&harness.ctx, keys)
        ),
        None => command.name.to_owned(),
    }
}

/// Opens the menu that holds the command named `name` and clicks it, by its exact label.
pub fn click_command(harness: &mut Harness<'static, PostwrightApp>, name: &str) {
    click_command_then(harness, name, 3);
}

/// Clicks the command named `name` in its menu, then runs `frames` frames: one leaves the
/// last frame's output holding what the command asked of the platform; a question the
/// command asks takes three to appear.
pub fn click_command_then(
    harness: &mut Harness<'static, PostwrightApp>,
    name: &str,
    frames: usize,
) {
    let command = postwright::ui::menu::commands()
        .iter()
        .find(|command| command.name == name)
        .unwrap_or_else(|| panic!("no command named {name:?}"));
    harness
        .get_by_role_and_label(Role::Button, command.menu)
        .click();
    harness.run_steps(2);
    let label = menu_label(harness, command);
    harness.get_by_role_and_label(Role::Button, &label).click();
    harness.run_steps(frames);
}

/// What the window put on the clipboard in its last frame.
pub fn copied(harness: &Harness<'static, PostwrightApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A post with `text` in a scratch folder, opened in a window.
pub fn harness_with_post(name: &str, text: &str) -> Harness<'static, PostwrightApp> {
    let dir = scratch_dir(name);
    let path = dir.join("post.md");
    std::fs::write(&path, text).expect("write the post");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    harness
}
