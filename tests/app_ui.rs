//! The window, driven headless through AccessKit the way a person uses it: typing,
//! clicking menu items, filling the form, answering questions.

mod common;

use std::path::PathBuf;

use common::{click_menu_item, editor_text, harness, has_notice, sample_copy, scratch_dir, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;

#[test]
fn typing_in_the_editor_changes_the_body_and_the_counts() {
    let mut harness = harness(None);
    let editor = harness.get_by_role_and_label(Role::MultilineTextInput, "Markdown editor");
    editor.focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .type_text("# Hello from the test\n\nThree more words.");
    settle(&mut harness);
    assert_eq!(
        editor_text(&harness),
        "# Hello from the test\n\nThree more words."
    );
    assert_eq!(harness.state().analysis().stats.words, 7);
    // The preview shows what was typed, as a reader will see it.
    harness.get_by_label("Hello from the test");
    harness.get_by_label("Three more words.");
    assert!(
        harness.state().window_title().contains("•"),
        "{}",
        harness.state().window_title()
    );
}

#[test]
fn filling_the_title_in_the_form_reaches_the_saved_file() {
    let dir = scratch_dir("title");
    let path = sample_copy(&dir, "no-front-matter.md");
    let original = std::fs::read_to_string(&path).expect("read");
    let mut harness = harness(Some(path.clone()));
    let title = harness.get_by_role_and_label(Role::TextInput, "Title");
    title.focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Drafting in Plain Text");
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(
        saved
            .starts_with("---\ntitle: Drafting in Plain Text\nslug: drafting-in-plain-text\n---\n"),
        "{saved}"
    );
    assert!(saved.ends_with(&original), "the body is unchanged");
    assert!(!harness.state().document().is_dirty());
}

/// The post reads its title back trimmed; that read-back of the form's own edit must not
/// take the space just typed out of the field before the next word arrives.
#[test]
fn a_title_typed_a_key_at_a_time_keeps_its_spaces() {
    let dir = scratch_dir("title-spaces");
    let path = sample_copy(&dir, "no-front-matter.md");
    let mut harness = harness(Some(path.clone()));
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .focus();
    harness.run_steps(2);
    for key in "Plain text, slowly".chars() {
        harness
            .get_by_role_and_label(Role::TextInput, "Title")
            .type_text(&key.to_string());
        harness.run_steps(2);
    }
    assert_eq!(
        harness.state().document().post().metadata().title,
        "Plain text, slowly"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        postwright_core::post::Post::parse(&saved).metadata().title,
        "Plain text, slowly",
        "{saved}"
    );
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_text() {
    let mut harness = harness(None);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .type_text("Words I must not lose.");
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run_steps(2);
    harness.get_by_label_contains("Save changes to");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label_contains("Save changes to").is_none(),
        "the question closed"
    );
    assert_eq!(editor_text(&harness), "Words I must not lose.");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run_steps(2);
    assert_eq!(editor_text(&harness), "");
}

#[test]
fn bold_wraps_the_selection() {
    let dir = scratch_dir("bold");
    let path = dir.join("post.md");
    std::fs::write(&path, "Make this word bold.\n").expect("write");
    let mut harness = harness(Some(path));
    harness.state_mut().editor_state_mut().set_selection(10..14);
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    harness.run_steps(2);
    assert_eq!(editor_text(&harness), "Make this **word** bold.\n");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(
        editor_text(&harness),
        "Make this word bold.\n",
        "undo takes it back"
    );
}

#[test]
fn format_menu_bold_works_by_role_and_label() {
    let dir = scratch_dir("menu");
    let path = dir.join("post.md");
    std::fs::write(&path, "Menu test.\n").expect("write");
    let mut harness = harness(Some(path));
    harness.state_mut().editor_state_mut().set_selection(0..4);
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Format")
        .click();
    harness.run_steps(2);
    click_menu_item(&mut harness, "Bold");
    assert_eq!(editor_text(&harness), "**Menu** test.\n");
}

#[test]
fn view_menu_hides_and_shows_the_metadata_panel() {
    let mut harness = harness(None);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Title")
            .is_some()
    );
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run_steps(2);
    click_menu_item(&mut harness, "Metadata panel");
    harness.run_steps(1);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Title")
            .is_none()
    );
    assert!(!harness.state().settings().show_metadata);
}

#[test]
fn a_malformed_front_matter_opens_with_its_error_and_the_body() {
    let dir = scratch_dir("malformed");
    let path = dir.join("broken.md");
    let text = "---\ntitle: [Broken\n---\nThe body survives.\n";
    std::fs::write(&path, text).expect("write");
    let mut harness = harness(Some(path.clone()));
    harness.run_steps(2);
    assert_eq!(editor_text(&harness), "The body survives.\n");
    assert!(
        has_notice(&harness, &["YAML front matter, line 2"]),
        "{:?}",
        harness.state().notices()
    );
    harness.get_by_label_contains("The front matter cannot be read");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        text,
        "nothing written"
    );
}

#[test]
fn opening_a_missing_file_says_so() {
    let harness = harness(Some(PathBuf::from("no/such/post.md")));
    assert!(
        has_notice(&harness, &["does not exist"]),
        "{:?}",
        harness.state().notices()
    );
}

#[test]
fn tags_and_related_links_are_edited_in_the_form() {
    let dir = scratch_dir("form");
    let path = dir.join("post.md");
    std::fs::write(&path, "---\ntitle: Form\ntags: [one]\n---\nBody.\n").expect("write");
    let options = postwright::app::AppOptions {
        file: Some(path.clone()),
        settings_file: None,
        native_dialogs: false,
        journal_folder: None,
    };
    let mut harness = common::harness_sized(options, egui::vec2(1360.0, 2400.0));
    // Add a tag with Enter, remove the first one.
    harness
        .get_by_role_and_label(Role::TextInput, "Tags")
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Tags")
        .type_text("two");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Remove tag one")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().document().post().metadata().tags, ["two"]);
    // Two related links, then swap them.
    for (count, (label, url)) in [
        ("First", "https://example.org/1"),
        ("Second", "https://example.org/2"),
    ]
    .into_iter()
    .enumerate()
    .map(|(index, pair)| (index + 1, pair))
    {
        harness
            .get_by_role_and_label(Role::Button, "Add link")
            .click();
        harness.run_steps(2);
        for (field, text) in [
            (format!("Label {count}"), label),
            (format!("URL {count}"), url),
        ] {
            harness
                .get_by_role_and_label(Role::TextInput, &field)
                .focus();
            harness.run_steps(1);
            harness
                .get_by_role_and_label(Role::TextInput, &field)
                .type_text(text);
            harness.run_steps(2);
        }
    }
    harness
        .get_by_role_and_label(Role::Button, "Move link 2 up")
        .click();
    harness.run_steps(3);
    let links = &harness.state().document().post().metadata().links;
    assert_eq!(
        links.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        ["Second", "First"]
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.contains("tags: [two]"), "{saved}");
    assert!(
        saved.contains("  - label: Second\n    url: https://example.org/2\n  - label: First\n"),
        "{saved}"
    );
}

#[test]
fn new_posts_use_the_chosen_front_matter_format() {
    let mut harness = harness(None);
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run_steps(2);
    click_menu_item(&mut harness, "Front matter of new posts");
    harness
        .get_by_role_and_label(Role::RadioButton, "TOML")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Fresh");
    harness.run_steps(2);
    let text = harness.state().document().post().to_text();
    assert!(text.starts_with("+++\ntitle = \"Fresh\"\n"), "{text}");
}

#[test]
fn copy_html_puts_the_body_on_the_clipboard() {
    let dir = scratch_dir("copy");
    let path = dir.join("post.md");
    std::fs::write(&path, "---\ntitle: T\n---\n# Heading\n\nSome *text*.\n").expect("write");
    let mut harness = harness(Some(path));
    // One frame with the keys down: that frame's output carries the clipboard command.
    harness.event(egui::Event::Key {
        key: egui::Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
    });
    harness.step();
    assert!(
        has_notice(&harness, &["Copied"]),
        "{:?}",
        harness.state().notices()
    );
    let copied = common::copied(&harness);
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(
        copied[0].contains("<h1 id=\"heading\">Heading</h1>"),
        "{}",
        copied[0]
    );
    assert!(copied[0].contains("<em>text</em>"));
    assert!(!copied[0].contains("<html"), "the body only");
}

/// A window at rest draws nothing new: no panel creeps wider frame after frame (which would
/// also rewrite the settings file for ever), and nothing keeps asking for another frame.
#[test]
fn the_window_comes_to_rest() {
    let dir = scratch_dir("at-rest");
    let path = sample_copy(&dir, "kitchen-sink.md");
    let settings = dir.join("settings.json");
    std::fs::write(&settings, r#"{ "show_links": true }"#).expect("settings");
    let mut harness = common::harness_with(postwright::app::AppOptions {
        file: Some(path),
        settings_file: Some(settings),
        native_dialogs: false,
        journal_folder: None,
    });
    settle(&mut harness);
    let widths = harness.state().settings().panel_widths;
    harness.run_steps(40);
    assert_eq!(harness.state().settings().panel_widths, widths);
    harness
        .try_run()
        .expect("the window stops asking for frames once nothing happens");
}
