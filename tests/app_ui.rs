//! The window, driven headless through AccessKit the way a person uses it: typing,
//! clicking menu items, filling the form, answering questions.

mod common;

use std::path::PathBuf;

use common::{click_menu_item, editor_text, harness, sample_copy, scratch_dir, settle};
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
fn edit_menu_bold_works_by_role_and_label() {
    let dir = scratch_dir("menu");
    let path = dir.join("post.md");
    std::fs::write(&path, "Menu test.\n").expect("write");
    let mut harness = harness(Some(path));
    harness.state_mut().editor_state_mut().set_selection(0..4);
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::Button, "Edit").click();
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
        harness
            .state()
            .notices()
            .iter()
            .any(|n| n.contains("YAML front matter, line 2")),
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
        harness
            .state()
            .notices()
            .iter()
            .any(|n| n.contains("does not exist")),
        "{:?}",
        harness.state().notices()
    );
}
