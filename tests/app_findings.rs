//! The findings and misspelt words where the words are, driven as a person would: the
//! underline of a pasted spam link is there when the post opens, its right-click menu
//! removes it, F8 goes to it, the preview marks it; a misspelt word's menu offers
//! suggestions, Add to dictionary and Ignore; a post in a language with no dictionary says
//! so; View → Check spelling turns it all off.

mod common;

use std::path::{Path, PathBuf};

use common::{click_menu_item, editor_text, harness_with, has_notice, run_until, scratch_dir};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use postwright::app::{AppOptions, PostwrightApp};

/// The spam finding's message, as the audit words it.
const SPAM: &str = "\"viagra\" (pharmacy spam) in the address";

/// A copy of one of `tests/data/window/`'s posts in a scratch folder.
fn window_post(dir: &Path, name: &str) -> PathBuf {
    common::fixture_copy(dir, "tests/data/window", name)
}

/// The window with `post` open and its settings (and so the personal word list) in `dir`.
fn window(dir: &Path, post: Option<PathBuf>) -> Harness<'static, PostwrightApp> {
    harness_with(AppOptions {
        file: post,
        settings_file: Some(dir.join("settings.json")),
        native_dialogs: false,
        journal_folder: None,
    })
}

/// Runs frames until the dictionary is loaded and the post checked with it.
fn until_checked(harness: &mut Harness<'static, PostwrightApp>) {
    assert!(
        run_until(harness, |harness| !harness.state().spelling_pending()),
        "the spelling check did not finish"
    );
    harness.run_steps(2);
}

/// The misspelt words underlined in the editor, as the text reads.
fn misspelt(harness: &Harness<'static, PostwrightApp>) -> Vec<String> {
    let body = editor_text(harness);
    harness.state().editor_marks()[1]
        .marks()
        .iter()
        .map(|mark| body[mark.range.clone()].to_owned())
        .collect()
}

fn open_view_menu(harness: &mut Harness<'static, PostwrightApp>) {
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run_steps(2);
}

#[test]
fn a_pasted_spam_link_is_underlined_at_first_sight_and_its_menu_removes_it() {
    let dir = scratch_dir("findings-spam");
    let path = window_post(&dir, "pasted-pharmacy.md");
    let on_disk = std::fs::read(&path).expect("read");
    let mut harness = window(&dir, Some(path.clone()));
    // In the first frames after opening: the underline, named by the message, and the count.
    let mark = harness.get(By::new().role(Role::Mark).label_contains(SPAM));
    let centre = mark.rect().center();
    harness.get_by_label_contains("1 warning");
    // Hovering says what it is.
    harness.hover_at(centre);
    harness.run_steps(3);
    assert!(
        harness.query_all_by_label_contains("pharmacy spam").count() >= 2,
        "the note is shown on hover"
    );

    // Its right-click menu offers the fixes; removing the link leaves clean prose.
    harness
        .get(By::new().role(Role::Mark).label_contains(SPAM))
        .click_secondary();
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::Button, "Show in Links panel");
    harness
        .get_by_role_and_label(Role::Button, "Remove the link and its text")
        .click();
    harness.run_steps(3);
    let text = editor_text(&harness);
    assert!(!text.contains("pharmacy"), "{text}");
    assert!(
        text.contains("in the morning dew. We set beer traps"),
        "clean prose: {text}"
    );
    assert!(
        harness
            .query(By::new().role(Role::Mark).label_contains(SPAM))
            .is_none(),
        "the underline went with the link"
    );
    harness.get_by_label_contains("No problems");

    // One Ctrl+Z brings it back, underline and all.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(3);
    assert!(editor_text(&harness).contains("[Order cheap viagra online](http://pharmacy"));
    harness.get(By::new().role(Role::Mark).label_contains(SPAM));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        on_disk,
        "nothing was saved"
    );
}

#[test]
fn f8_and_the_status_bar_go_to_the_findings_and_the_links_panel_shows_one() {
    let dir = scratch_dir("findings-keys");
    let path = window_post(&dir, "pasted-pharmacy.md");
    let mut harness = window(&dir, Some(path));
    harness.run_steps(2);
    let link = editor_text(&harness)
        .find("[Order cheap")
        .expect("the link is in the post");
    harness.key_press(egui::Key::F8);
    harness.run_steps(2);
    let selection = harness.state_mut().editor_state_mut().selection();
    assert_eq!(selection.start, link, "F8 selects the finding's text");
    assert!(editor_text(&harness)[selection].ends_with("ref=garden)"));
    // Round again from the last one with Shift+F8; the status bar's count does the same.
    harness.state_mut().editor_state_mut().set_selection(0..0);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F8);
    harness.run_steps(2);
    assert_eq!(
        harness.state_mut().editor_state_mut().selection().start,
        link
    );
    harness.state_mut().editor_state_mut().set_selection(0..0);
    harness.get_by_label_contains("1 warning").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state_mut().editor_state_mut().selection().start,
        link
    );

    // "Show in Links panel" opens the panel with the finding selected.
    assert!(!harness.state().settings().show_links);
    harness
        .get(By::new().role(Role::Mark).label_contains(SPAM))
        .click_secondary();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Show in Links panel")
        .click();
    harness.run_steps(4);
    assert!(harness.state().settings().show_links);
    let row = harness.get(By::new().role(Role::Button).label_contains(SPAM));
    assert_eq!(row.accesskit_node().is_selected(), Some(true));
}

#[test]
fn the_preview_marks_the_spam_link_with_its_message() {
    let dir = scratch_dir("findings-preview");
    let path = window_post(&dir, "pasted-pharmacy.md");
    let harness = window(&dir, Some(path));
    let badge = harness.get(By::new().role(Role::Note).label_contains(SPAM));
    assert!(
        badge
            .accesskit_node()
            .label()
            .is_some_and(|label| label.starts_with("Warning: ")),
        "the badge names the severity"
    );
    let link = harness.get_by_role_and_label(Role::Link, "Order cheap viagra online");
    assert!(
        link.accesskit_node()
            .description()
            .is_some_and(|description| description.contains(SPAM)),
        "the link says what is wrong with it"
    );
}

#[test]
fn a_misspelt_word_gets_suggestions_and_one_replaces_it_as_one_undo_step() {
    let dir = scratch_dir("spelling-suggest");
    let path = window_post(&dir, "spelling-mistakes.md");
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness), ["untill", "definately", "recieve"]);
    harness.get_by_label_contains("3 misspelt words");
    let before = editor_text(&harness);

    harness
        .get(By::new().role(Role::Mark).label_contains("“definately”"))
        .click_secondary();
    assert!(
        run_until(&mut harness, |harness| harness
            .query_by_role_and_label(Role::Button, "definitely")
            .is_some()),
        "suggestions appear"
    );
    harness.get_by_role_and_label(Role::Button, "Add to dictionary");
    harness.get_by_role_and_label(Role::Button, "Ignore");
    harness
        .get_by_role_and_label(Role::Button, "definitely")
        .click();
    harness.run_steps(3);
    let text = editor_text(&harness);
    assert!(text.contains("which it did, definitely."), "{text}");
    assert_eq!(text.len(), before.len());
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness), ["untill", "recieve"]);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(3);
    assert_eq!(editor_text(&harness), before, "one Ctrl+Z undoes it");
}

#[test]
fn f7_and_ctrl_period_open_the_same_menu_at_the_caret() {
    let dir = scratch_dir("spelling-keys");
    let path = window_post(&dir, "spelling-mistakes.md");
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    harness.state_mut().editor_state_mut().set_selection(0..0);
    harness.key_press(egui::Key::F7);
    harness.run_steps(2);
    let text = editor_text(&harness);
    let selection = harness.state_mut().editor_state_mut().selection();
    assert_eq!(&text[selection.clone()], "untill");
    harness.key_press(egui::Key::F7);
    harness.run_steps(2);
    let selection = harness.state_mut().editor_state_mut().selection();
    assert_eq!(&text[selection.clone()], "definately");
    // The caret just after the word, then Ctrl+.
    harness
        .state_mut()
        .editor_state_mut()
        .set_selection(selection.end..selection.end);
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Period);
    assert!(
        run_until(&mut harness, |harness| harness
            .query_by_role_and_label(Role::Button, "definitely")
            .is_some()),
        "the suggestions are offered at the caret"
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "definitely")
            .is_none()
    );
}

#[test]
fn ignore_and_add_to_dictionary_take_the_underline_and_add_writes_only_the_word_list() {
    let dir = scratch_dir("spelling-accept");
    let path = window_post(&dir, "spelling-mistakes.md");
    let on_disk = std::fs::read(&path).expect("read");
    let mut harness = window(&dir, Some(path.clone()));
    until_checked(&mut harness);

    harness
        .get(By::new().role(Role::Mark).label_contains("“untill”"))
        .click_secondary();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Ignore")
        .click();
    harness.run_steps(2);
    assert_eq!(misspelt(&harness), ["definately", "recieve"], "at once");
    until_checked(&mut harness);
    assert_eq!(
        misspelt(&harness),
        ["definately", "recieve"],
        "and after a check"
    );

    harness
        .get(By::new().role(Role::Mark).label_contains("“recieve”"))
        .click_secondary();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Add to dictionary")
        .click();
    harness.run_steps(2);
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness), ["definately"]);
    let words = std::fs::read_to_string(dir.join("personal-words.txt"))
        .expect("the personal word list beside the settings");
    assert_eq!(words, "recieve\n", "Ignore writes nothing");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        on_disk,
        "the post is untouched"
    );
    assert!(!harness.state().document().is_dirty());

    // The added word stays accepted in the next window; the ignored one does not.
    drop(harness);
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness), ["untill", "definately"]);
}

#[test]
fn the_title_is_checked_in_post_details() {
    let dir = scratch_dir("spelling-title");
    let path = window_post(&dir, "spelling-mistakes.md");
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    harness.get(By::new().role(Role::Mark).label_contains("“bakeing”"));
}

#[test]
fn a_post_in_a_language_with_no_dictionary_says_so_once_and_checks_nothing() {
    let dir = scratch_dir("spelling-xx");
    let path = dir.join("post.md");
    std::fs::write(
        &path,
        "---\ntitle: Ein Tset\nlang: xx\n---\nWrods taht no dictionary knows.\n",
    )
    .expect("write");
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    assert!(
        has_notice(&harness, &["No dictionary for \"xx\"", "not checked"]),
        "{:?}",
        harness.state().notices()
    );
    assert!(misspelt(&harness).is_empty());
    assert!(harness.query_all_by_role(Role::Mark).next().is_none());
    // Said once: an edit does not say it again.
    common::type_in_editor(&mut harness, "x");
    until_checked(&mut harness);
    let said = harness
        .state()
        .notices()
        .iter()
        .filter(|notice| notice.contains("\"xx\""))
        .count();
    assert_eq!(said, 1);
}

#[test]
fn turning_checking_off_takes_the_underlines_away() {
    let dir = scratch_dir("spelling-off");
    let path = window_post(&dir, "spelling-mistakes.md");
    let mut harness = window(&dir, Some(path));
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness).len(), 3);
    open_view_menu(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "Check spelling")
        .click();
    harness.run_steps(3);
    assert!(!harness.state().settings().check_spelling);
    assert!(misspelt(&harness).is_empty());
    assert!(
        harness
            .query(By::new().role(Role::Mark).label_contains("dictionary"))
            .is_none(),
        "no misspelt word is marked, in the editor or the form"
    );
    assert!(harness.query_by_label_contains("misspelt").is_none());
    // And back on; the language menu lists what is installed.
    open_view_menu(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "Check spelling")
        .click();
    harness.run_steps(2);
    until_checked(&mut harness);
    assert_eq!(misspelt(&harness).len(), 3);
    open_view_menu(&mut harness);
    click_menu_item(&mut harness, "Spelling language");
    harness.get_by_role_and_label(Role::RadioButton, "From the post / automatic");
    harness.get_by_role_and_label(Role::RadioButton, "en_US");
}
