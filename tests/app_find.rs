//! The find bar, driven headless through AccessKit as an author uses it: by its keys, its
//! fields and its buttons, found by role and label.

mod common;

use std::path::PathBuf;

use common::{editor_text, harness, run_until, scratch_dir, type_in_editor};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use postwright::app::PostwrightApp;

type Window = Harness<'static, PostwrightApp>;

/// A post holding `body` (no front matter), open in the window.
fn window_with(name: &str, body: &str) -> Window {
    let dir = scratch_dir(name);
    let path: PathBuf = dir.join("post.md");
    std::fs::write(&path, body).expect("write post");
    let mut harness = harness(Some(path));
    harness.run_steps(2);
    harness
}

const FOXES: &str = "The quick brown fox jumps over the lazy dog.\n\nA red fox and a grey fox.\n";

fn press(harness: &mut Window, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(2);
}

/// Types into the bar's field named `label` ("Find" or "Replace"), which has the focus.
fn type_into(harness: &mut Window, label: &str, text: &str) {
    let field = harness.get_by_role_and_label(Role::TextInput, label);
    assert!(field.is_focused(), "the {label} field has the focus");
    field.type_text(text);
    harness.run_steps(2);
}

fn shows(harness: &Window, status: &str) -> bool {
    harness.query_by_label(status).is_some()
}

fn selection(harness: &mut Window) -> std::ops::Range<usize> {
    harness.state_mut().editor_state_mut().selection()
}

#[test]
fn finding_a_word_shows_which_match_of_how_many_and_highlights_them_all() {
    let mut harness = window_with("find-fox", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find", "fox");
    assert!(shows(&harness, "1 of 3"), "the count");
    assert_eq!(harness.state().find_matches(), [16..19, 52..55, 67..70]);
    // The first match is selected in the editor.
    assert_eq!(selection(&mut harness), 16..19);

    // Enter and F3 go on, Shift+Enter and Shift+F3 go back, wrapping around.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(shows(&harness, "2 of 3"));
    assert_eq!(selection(&mut harness), 52..55);
    press(&mut harness, Modifiers::NONE, Key::F3);
    assert!(shows(&harness, "3 of 3"));
    press(&mut harness, Modifiers::NONE, Key::F3);
    assert!(shows(&harness, "1 of 3"), "wrapped to the first");
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert!(shows(&harness, "3 of 3"), "wrapped back to the last");
    press(&mut harness, Modifiers::SHIFT, Key::F3);
    assert!(shows(&harness, "2 of 3"));
    // The buttons do the same.
    harness
        .get_by_role_and_label(Role::Button, "Next match")
        .click();
    harness.run_steps(2);
    assert!(shows(&harness, "3 of 3"));
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Find")
            .is_focused(),
        "going from match to match leaves the focus in the find field"
    );

    type_into(&mut harness, "Find", "x");
    assert!(shows(&harness, "No results"));
    assert!(harness.state().find_matches().is_empty());
}

#[test]
fn replace_all_with_a_group_is_one_undo_step() {
    let mut harness = window_with("find-regex", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::H);
    type_into(&mut harness, "Find", r"(\w+) fox");
    assert!(shows(&harness, "No results"), "a literal search, so far");
    harness
        .get_by_role_and_label(Role::Button, "Regular expression")
        .click();
    harness.run_steps(2);
    assert!(shows(&harness, "1 of 3"));
    harness
        .get_by_role_and_label(Role::TextInput, "Replace")
        .focus();
    harness.run_steps(2);
    type_into(&mut harness, "Replace", "fox ($1)");
    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::ALT,
        Key::Enter,
    );
    assert_eq!(
        editor_text(&harness),
        "The quick fox (brown) jumps over the lazy dog.\n\nA fox (red) and a fox (grey).\n"
    );
    // The new text is searched again: "quick fox", "A fox" and "a fox" match now.
    assert!(shows(&harness, "3 results"));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        editor_text(&harness),
        FOXES,
        "one undo restores every match"
    );
    assert_eq!(
        harness.state().find_matches().len(),
        3,
        "the matches are back"
    );
}

#[test]
fn replacing_one_match_goes_on_to_the_next() {
    let mut harness = window_with("find-replace-one", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::H);
    type_into(&mut harness, "Find", "fox");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_into(&mut harness, "Replace", "cat");
    // Enter in the replace field replaces the current match.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        editor_text(&harness),
        "The quick brown cat jumps over the lazy dog.\n\nA red fox and a grey fox.\n"
    );
    assert!(shows(&harness, "1 of 2"), "the next match is current");
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Replace")
            .is_focused(),
        "the focus stays in the replace field"
    );
    // Ctrl+Shift+1 and the button do the same.
    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::Num1,
    );
    assert!(shows(&harness, "1 of 1"));
    harness
        .get_by_role_and_label(Role::Button, "Replace")
        .click();
    harness.run_steps(2);
    assert_eq!(
        editor_text(&harness),
        "The quick brown cat jumps over the lazy dog.\n\nA red cat and a grey cat.\n"
    );
    assert!(shows(&harness, "No results"));
}

#[test]
fn an_invalid_regular_expression_is_shown_in_the_bar() {
    let mut harness = window_with("find-invalid", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    press(&mut harness, Modifiers::ALT, Key::R);
    let regex = harness.get_by_role_and_label(Role::Button, "Regular expression");
    assert_eq!(
        regex.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "Alt+R turned the option on"
    );
    type_into(&mut harness, "Find", "(fox");
    let error = harness.get_by_label_contains("Not a valid regular expression");
    assert!(
        error.value().is_some_and(|text| text.contains("unclosed")),
        "{:?}",
        error.value()
    );
    assert!(harness.state().find_matches().is_empty());
    // Closing the group clears the error.
    type_into(&mut harness, "Find", ")");
    assert!(
        harness
            .query_by_label_contains("Not a valid regular expression")
            .is_none()
    );
    assert!(shows(&harness, "1 of 3"));
}

#[test]
fn whole_word_and_match_case_change_the_count() {
    let mut harness = window_with("find-options", "Fox, fox, foxes and a fox.\n");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find", "fox");
    assert!(shows(&harness, "1 of 4"));
    press(&mut harness, Modifiers::ALT, Key::W);
    assert!(shows(&harness, "1 of 3"), "foxes is not the whole word");
    harness
        .get_by_role_and_label(Role::Button, "Match case")
        .click();
    harness.run_steps(2);
    assert!(shows(&harness, "1 of 2"), "Fox has a capital");
    assert_eq!(harness.state().find_matches(), [5..8, 22..25]);
    press(&mut harness, Modifiers::ALT, Key::C);
    press(&mut harness, Modifiers::ALT, Key::W);
    assert_eq!(
        harness.state().find_matches().len(),
        4,
        "both options off again"
    );
    assert_eq!(
        editor_text(&harness),
        "Fox, fox, foxes and a fox.\n",
        "no option key typed a letter into the post"
    );
}

#[test]
fn escape_gives_the_focus_back_to_the_editor_with_the_match_selected() {
    let mut harness = window_with("find-escape", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find", "fox");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(selection(&mut harness), 52..55);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Find")
            .is_none(),
        "the bar closed"
    );
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
            .is_focused()
    );
    assert_eq!(selection(&mut harness), 52..55, "the match stays selected");
    assert!(
        harness.state().find_matches().is_empty(),
        "no highlights once closed"
    );
    // Typing now replaces the match, as in any editor.
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .type_text("cat");
    harness.run_steps(2);
    assert!(editor_text(&harness).contains("A red cat and"));
}

#[test]
fn the_find_field_starts_with_the_selection_or_the_word_at_the_caret() {
    let mut harness = window_with("find-seed", FOXES);
    harness.state_mut().editor_state_mut().set_selection(35..39);
    harness.run_steps(2);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    let field = harness.get_by_role_and_label(Role::TextInput, "Find");
    assert_eq!(field.value().as_deref(), Some("lazy"));
    assert!(shows(&harness, "1 of 1"));
    // Typing replaces the seed, which starts selected.
    type_into(&mut harness, "Find", "dog");
    assert!(shows(&harness, "1 of 1"));
    assert_eq!(selection(&mut harness), 40..43);

    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.state_mut().editor_state_mut().set_selection(6..6);
    harness.run_steps(2);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    let field = harness.get_by_role_and_label(Role::TextInput, "Find");
    assert_eq!(
        field.value().as_deref(),
        Some("quick"),
        "the word at the caret"
    );
}

#[test]
fn the_count_and_the_highlights_follow_edits_while_the_bar_is_open() {
    let mut harness = window_with("find-follow", FOXES);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find", "fox");
    assert!(shows(&harness, "1 of 3"));
    harness.state_mut().editor_state_mut().set_selection(0..0);
    harness.run_steps(2);
    type_in_editor(&mut harness, "One fox. ");
    assert_eq!(
        harness.state().find_matches(),
        [4..7, 25..28, 61..64, 76..79]
    );
    assert!(shows(&harness, "4 results"), "the caret is not on a match");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().find_matches(), [16..19, 52..55, 67..70]);
}

#[test]
fn in_selection_searches_only_the_selected_text() {
    let mut harness = window_with("find-in-selection", FOXES);
    // The second paragraph.
    harness.state_mut().editor_state_mut().set_selection(46..71);
    harness.run_steps(2);
    press(&mut harness, Modifiers::ALT, Key::L);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_into(&mut harness, "Find", "fox");
    assert_eq!(harness.state().find_matches(), [52..55, 67..70]);
    harness
        .get_by_role_and_label(Role::Button, "In selection")
        .click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().find_matches().len(),
        3,
        "the whole post again"
    );
}

#[test]
fn the_edit_menu_opens_find_and_replace() {
    let mut harness = window_with("find-menu", FOXES);
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    common::click_menu_item(&mut harness, "Replace…");
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Find")
            .is_focused()
    );
    harness.get_by_role_and_label(Role::TextInput, "Replace");
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    common::click_menu_item(&mut harness, "Find Next");
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Find Previous");
    common::click_menu_item(&mut harness, "Find…");
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Replace")
            .is_none(),
        "Find… shows the find field alone"
    );
}

#[test]
fn a_long_post_is_searched_in_the_background_and_replaced_whole() {
    // Longer than what is searched in the frame.
    let filler = "Plain words of a long post, and nothing to find in them.\n\n".repeat(6_000);
    let body = format!("A needle.\n\n{filler}Another needle.\n\n{filler}The last needle.\n");
    let mut harness = window_with("find-long", &body);
    press(&mut harness, Modifiers::COMMAND, Key::H);
    type_into(&mut harness, "Find", "needle");
    assert!(
        run_until(&mut harness, |harness| !harness.state().search_pending()),
        "the search finished"
    );
    harness.run_steps(2);
    assert!(shows(&harness, "1 of 3"));
    // A newer query wins over one still being searched for.
    type_into(&mut harness, "Find", "s");
    assert!(run_until(&mut harness, |harness| {
        !harness.state().search_pending()
    }));
    harness.run_steps(2);
    assert!(shows(&harness, "No results"), "needles, not needle");
    harness
        .get_by_role_and_label(Role::TextInput, "Find")
        .focus();
    harness.run_steps(2);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    type_into(&mut harness, "Replace", "pin");
    // Replace All does not wait for the worker: it searches the current text itself.
    press(
        &mut harness,
        Modifiers::COMMAND | Modifiers::ALT,
        Key::Enter,
    );
    assert_eq!(editor_text(&harness), body.replace("needle", "pin"));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(editor_text(&harness), body);
}
