//! Writing in the window: the outline, the side dock and its widths, the Edit, Format and
//! Help menus, the editor's right-click menu and Go to Line, driven by role and label.

mod common;

use common::{
    click_command, click_command_then, copied, editor_text, harness, harness_sized, harness_with,
    harness_with_post, menu_label, sample_copy, scratch_dir, settle,
};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use postwright::app::{AppOptions, PostwrightApp};
use postwright::ui::columns;
use postwright::ui::menu::{self, Action, Block};
use postwright_core::edit::blocks;
use postwright_core::edit::commands;

type Window = Harness<'static, PostwrightApp>;

fn press(harness: &mut Window, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(2);
}

fn ctrl_shift() -> Modifiers {
    Modifiers::COMMAND | Modifiers::SHIFT
}

fn select(harness: &mut Window, range: std::ops::Range<usize>) {
    harness.state_mut().editor_state_mut().set_selection(range);
    harness.run_steps(2);
}

fn selection(harness: &mut Window) -> std::ops::Range<usize> {
    harness.state_mut().editor_state_mut().selection()
}

fn outline_row<'h>(harness: &'h Window, text: &'h str) -> egui_kittest::Node<'h> {
    harness.get_by_role_and_label(Role::Button, text)
}

/// Whether the outline marks the heading as the one holding the caret.
fn is_current(harness: &Window, text: &str) -> bool {
    outline_row(harness, text).accesskit_node().aria_current()
        == Some(egui::accesskit::AriaCurrent::Location)
}

#[test]
fn the_outline_lists_the_kitchen_sinks_headings_and_a_click_goes_there() {
    let dir = scratch_dir("outline-list");
    let path = sample_copy(&dir, "kitchen-sink.md");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    click_command(&mut harness, "Outline");
    let headings = harness.state().analysis().stats.outline.clone();
    assert_eq!(headings.len(), 16);
    harness.get_by_label("16 headings");
    // The rows in view are the first headings, each named by its text and level.
    for heading in &headings[..8] {
        let row = outline_row(&harness, &heading.text);
        assert_eq!(
            row.accesskit_node().description().as_deref(),
            Some(format!("Heading level {}", heading.level).as_str())
        );
    }
    let tables = headings
        .iter()
        .find(|heading| heading.text == "Tables")
        .expect("the Tables heading");
    outline_row(&harness, "Tables").scroll_to_me();
    harness.run_steps(2);
    outline_row(&harness, "Tables").click();
    harness.run_steps(3);
    let body = editor_text(&harness);
    let caret = harness.state_mut().editor_state_mut().cursor();
    assert_eq!(caret, tables.range.start);
    assert!(body[caret..].starts_with("## Tables"));
    // The editor scrolled the heading's line to the top, and the outline marks it as the
    // heading holding the caret.
    assert_eq!(
        harness
            .state_mut()
            .editor_state_mut()
            .first_visible_offset(),
        caret
    );
    assert!(is_current(&harness, "Tables"));
    assert!(!is_current(&harness, "Lists"));
    // The outline follows the caret.
    let lists = headings.iter().find(|h| h.text == "Lists").expect("Lists");
    select(&mut harness, lists.range.start + 3..lists.range.start + 3);
    assert!(is_current(&harness, "Lists"));
}

#[test]
fn ctrl_shift_o_puts_the_keyboard_on_the_outline_and_enter_goes_to_a_heading() {
    let text = "Intro.\n\n## One\n\nText.\n\n## Two\n\nMore.\n\n### Three\n\nEnd.\n";
    let mut harness = harness_with_post("outline-keys", text);
    let one = text.find("## One").expect("one");
    select(&mut harness, one + 4..one + 4);
    press(&mut harness, ctrl_shift(), Key::O);
    assert!(
        harness.state().settings().show_outline,
        "the outline opened"
    );
    assert!(
        outline_row(&harness, "One").is_focused(),
        "the keyboard is on the heading holding the caret"
    );
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert!(outline_row(&harness, "Three").is_focused());
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    assert!(outline_row(&harness, "Two").is_focused());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        harness.state_mut().editor_state_mut().cursor(),
        text.find("## Two").expect("two")
    );
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
            .is_focused(),
        "the editor has the keyboard again"
    );
}

#[test]
fn a_skipped_heading_level_is_marked_with_the_audits_words() {
    let text = "---\ntitle: Levels\n---\n## Start\n\n#### Too deep\n\n## Back\n";
    let mut harness = harness_with_post("outline-skip", text);
    click_command(&mut harness, "Outline");
    harness.get_by_label("1 level to check");
    let row = outline_row(&harness, "Too deep");
    let description = row.accesskit_node().description().unwrap_or_default();
    assert!(
        description.starts_with("Heading level 4.") && description.contains("right after level 2"),
        "{description}"
    );
    assert_eq!(
        outline_row(&harness, "Back")
            .accesskit_node()
            .description()
            .as_deref(),
        Some("Heading level 2")
    );
}

#[test]
fn the_outline_of_a_post_without_headings_says_how_to_make_one() {
    let mut harness = harness_with_post("outline-empty", "Just a paragraph.\n");
    click_command(&mut harness, "Outline");
    harness.get_by_label_contains("Lines that start with # become headings");
}

/// What each Format command should make of `text` with `selection`, by the core's own
/// commands, and the menu item that asks for it.
fn format_cases() -> Vec<(&'static str, Action)> {
    menu::commands()
        .iter()
        .filter(|command| {
            command.menu == "Format"
                && command.action != Action::Link
                && command.action != Action::Block(Block::Heading(0))
        })
        .map(|command| (command.name, command.action.clone()))
        .collect()
}

fn expected(text: &str, selection: std::ops::Range<usize>, action: &Action) -> String {
    let edit = match action {
        Action::Format(style) => commands::toggle_inline(text, selection, *style),
        Action::Block(Block::Heading(level)) => blocks::set_heading(text, selection, *level),
        Action::Block(Block::List(kind)) => blocks::toggle_list(text, selection, *kind),
        Action::Block(Block::Quote) => blocks::toggle_quote(text, selection),
        Action::Block(Block::CodeBlock) => blocks::toggle_code_block(text, selection),
        Action::Block(Block::Rule) => blocks::horizontal_rule(text, selection),
        Action::Block(Block::Table) => blocks::insert_table(text, selection),
        other => panic!("{other:?} is not a Format command"),
    };
    let mut text = text.to_owned();
    edit.apply(&mut text).expect("the edit fits");
    text
}

#[test]
fn every_format_command_works_from_the_menu_and_one_undo_takes_it_back() {
    let text = "First line.\nSecond line here.\n\nLast.\n";
    let mut harness = harness_with_post("format-menu", text);
    let cases = format_cases();
    assert_eq!(cases.len(), 17, "{cases:?}");
    let word = text.find("line here").expect("word")..text.find(" here").expect("end");
    for (name, action) in cases {
        select(&mut harness, word.clone());
        click_command(&mut harness, name);
        let want = expected(text, word.clone(), &action);
        assert_ne!(want, text, "{name} changes the text");
        assert_eq!(editor_text(&harness), want, "{name}");
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(editor_text(&harness), text, "one undo takes {name} back");
    }
    // A few by what they write, not only by what the core says.
    select(&mut harness, word.clone());
    click_command(&mut harness, "Heading 2");
    assert!(editor_text(&harness).contains("\n## Second line here.\n"));
    click_command(&mut harness, "Heading 2");
    assert_eq!(
        editor_text(&harness),
        text,
        "the same heading again toggles it off"
    );
    click_command(&mut harness, "Heading 4");
    click_command(&mut harness, "Paragraph");
    assert_eq!(
        editor_text(&harness),
        text,
        "Paragraph takes the heading away"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(editor_text(&harness).contains("\n#### Second line here.\n"));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(editor_text(&harness), text);
    click_command(&mut harness, "Numbered list");
    assert!(editor_text(&harness).contains("\n1. Second line here.\n"));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(editor_text(&harness), text);
}

#[test]
fn format_keys_work_as_the_menu_shows_them() {
    let text = "A line.\n";
    let mut harness = harness_with_post("format-keys", text);
    for (modifiers, key, want) in [
        (Modifiers::COMMAND, Key::Num3, "### A line.\n"),
        (ctrl_shift(), Key::Num8, "- A line.\n"),
        (ctrl_shift(), Key::Num7, "1. A line.\n"),
        (ctrl_shift(), Key::Num9, "- [ ] A line.\n"),
        (ctrl_shift(), Key::Q, "> A line.\n"),
        (ctrl_shift(), Key::K, "```\nA line.\n```\n"),
    ] {
        select(&mut harness, 2..2);
        press(&mut harness, modifiers, key);
        assert_eq!(editor_text(&harness), want, "{modifiers:?} {key:?}");
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(editor_text(&harness), text);
    }
    select(&mut harness, 0..0);
    press(&mut harness, Modifiers::COMMAND, Key::T);
    assert!(
        editor_text(&harness).contains(blocks::TABLE_SKELETON),
        "{}",
        editor_text(&harness)
    );
    assert!(
        !harness.state().settings().show_outline,
        "no key was taken for another"
    );
}

#[test]
fn link_from_the_format_menu_asks_for_the_address() {
    let text = "Read the guide.\n";
    let mut harness = harness_with_post("format-link", text);
    select(&mut harness, 9..14);
    click_command(&mut harness, "Link…");
    let url = harness.get_by_role_and_label(Role::TextInput, "URL");
    url.focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "URL")
        .type_text("example.org/guide");
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::Button, "Insert link")
        .click();
    harness.run_steps(2);
    assert_eq!(
        editor_text(&harness),
        "Read the [guide](https://example.org/guide).\n"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(editor_text(&harness), text);
}

#[test]
fn the_edit_menus_clipboard_and_selection_items_work() {
    let text = "Copy these words, then paste.\n";
    let mut harness = harness_with_post("edit-menu", text);
    let words = 5..16;
    select(&mut harness, words.clone());
    click_command_then(&mut harness, "Copy", 1);
    assert_eq!(copied(&harness), ["these words"]);
    assert_eq!(editor_text(&harness), text, "copying changes nothing");

    click_command_then(&mut harness, "Cut", 1);
    assert_eq!(copied(&harness), ["these words"]);
    harness.run_steps(2);
    assert_eq!(editor_text(&harness), "Copy , then paste.\n");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(editor_text(&harness), text, "cutting is one undo step");

    // Paste asks the platform for the clipboard, which comes back as a paste event for the
    // editor, focused to take it.
    let end = text.len() - 1;
    select(&mut harness, end..end);
    for name in ["Paste", "Paste as plain text"] {
        click_command_then(&mut harness, name, 1);
        let asked = harness.output().viewport_output.values().any(|viewport| {
            viewport
                .commands
                .contains(&egui::ViewportCommand::RequestPaste)
        });
        assert!(asked, "{name} reads the clipboard");
        harness.event(Event::Paste(" Pasted.".to_owned()));
        harness.run_steps(2);
        assert!(
            editor_text(&harness).ends_with("paste. Pasted.\n"),
            "{name}"
        );
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(editor_text(&harness), text);
    }

    select(&mut harness, 3..3);
    click_command(&mut harness, "Select All");
    assert_eq!(selection(&mut harness), 0..text.len());

    // Undo and Redo from the menu.
    select(&mut harness, 0..4);
    click_command(&mut harness, "Bold");
    assert!(editor_text(&harness).starts_with("**Copy**"));
    click_command(&mut harness, "Undo");
    assert_eq!(editor_text(&harness), text);
    click_command(&mut harness, "Redo");
    assert!(editor_text(&harness).starts_with("**Copy**"));
}

#[test]
fn go_to_line_puts_the_caret_there_and_refuses_what_is_not_a_line() {
    let text = "one\ntwo\nthree\n";
    let mut harness = harness_with_post("go-to-line", text);
    press(&mut harness, Modifiers::COMMAND, Key::G);
    harness.run_steps(1);
    harness.get_by_label("Go to line");
    harness.get_by_label_contains("Lines 1 to 4");
    let field = harness.get_by_role_and_label(Role::TextInput, "Line");
    assert_eq!(
        field.value().as_deref(),
        Some("1"),
        "it starts at the caret's line"
    );
    // Selected, so that typing replaces it.
    harness
        .get_by_role_and_label(Role::TextInput, "Line")
        .type_text("twelve");
    harness.run_steps(1);
    let typed = harness
        .get_by_role_and_label(Role::TextInput, "Line")
        .value();
    assert_eq!(typed.as_deref(), Some("twelve"));
    harness.get_by_role_and_label(Role::Button, "Go").click();
    harness.run_steps(2);
    harness.get_by_label("Type a line number from 1 to 4.");

    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Line")
        .type_text("3:2");
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state_mut().editor_state_mut().cursor(), 9);
    harness.run_steps(2);
    assert!(
        harness.query_by_label("Go to line").is_none(),
        "the prompt closed"
    );

    // From the menu too, and past the last line is the last line.
    click_command(&mut harness, "Go to Line…");
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Line")
        .type_text("99");
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state_mut().editor_state_mut().cursor(), text.len());
}

#[test]
fn the_right_click_menu_offers_the_clipboard_where_the_pointer_is() {
    let text = "Right click somewhere in this line.\n";
    let mut harness = harness_with_post("context-menu", text);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .focus();
    harness.run_steps(2);
    // Right-click on the first word: the caret goes there and the menu opens.
    let word = {
        let editor = harness.get_by_role_and_label(Role::MultilineTextInput, "Markdown editor");
        let rect = editor.rect();
        egui::pos2(rect.center().x - 150.0, rect.top() + 40.0)
    };
    harness.event(Event::PointerMoved(word));
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: word,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run_steps(2);
    let offset = harness
        .state_mut()
        .editor_state_mut()
        .context_menu_offset()
        .expect("the menu is open");
    assert_eq!(harness.state_mut().editor_state_mut().cursor(), offset);
    assert!(offset < text.len());
    let entry = |name: &str| {
        let command = menu::commands()
            .iter()
            .find(|command| command.name == name)
            .expect("a command");
        menu_label(&harness, command)
    };
    let (cut, copy, paste, all) = (
        entry("Cut"),
        entry("Copy"),
        entry("Paste"),
        entry("Select All"),
    );
    for label in [&cut, &copy, &paste, &all] {
        harness.get_by_role_and_label(Role::Button, label);
    }
    assert!(
        harness
            .get_by_role_and_label(Role::Button, &cut)
            .accesskit_node()
            .is_disabled(),
        "nothing is selected to cut"
    );
    harness.get_by_role_and_label(Role::Button, &all).click();
    harness.run_steps(2);
    assert_eq!(selection(&mut harness), 0..text.len());
    assert!(harness.query_by_label(&all).is_none(), "the menu closed");
}

#[test]
fn side_panels_share_one_dock_with_tabs() {
    let dir = scratch_dir("dock-tabs");
    let path = sample_copy(&dir, "kitchen-sink.md");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    press(&mut harness, ctrl_shift(), Key::L);
    press(&mut harness, ctrl_shift(), Key::O);
    let tab = |harness: &Window, name: &str| {
        harness
            .get_by_role_and_label(Role::Tab, name)
            .accesskit_node()
            .is_selected()
            .unwrap_or(false)
    };
    assert!(tab(&harness, "Outline") && !tab(&harness, "Links"));
    harness.get_by_label("16 headings");
    harness.get_by_role_and_label(Role::Tab, "Links").click();
    harness.run_steps(2);
    assert!(tab(&harness, "Links"));
    harness.get_by_label("18 links");
    assert!(
        harness.query_by_label("16 headings").is_none(),
        "one panel at a time"
    );
    // Ctrl+Shift+L with the Links panel in front closes it; the outline comes forward.
    press(&mut harness, ctrl_shift(), Key::L);
    assert!(!harness.state().settings().show_links);
    assert!(
        harness
            .query_by_role_and_label(Role::Tab, "Links")
            .is_none()
    );
    harness.get_by_label("16 headings");
    harness
        .get_by_role_and_label(Role::Button, "Close Outline")
        .click();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_role_and_label(Role::Tab, "Outline")
            .is_none()
    );
    assert!(!harness.state().settings().show_outline);
    // The View menu's item with the outline closed opens it and focuses it.
    click_command(&mut harness, "Outline");
    assert!(tab(&harness, "Outline"));
}

fn options_with_settings(dir: &std::path::Path, settings: &str) -> AppOptions {
    let settings_file = dir.join("settings.json");
    std::fs::write(&settings_file, settings).expect("settings");
    AppOptions {
        file: Some(sample_copy(dir, "kitchen-sink.md")),
        settings_file: Some(settings_file),
        native_dialogs: false,
        journal_folder: None,
    }
}

fn splitter_x(harness: &Window, label: &str) -> f32 {
    harness
        .get_by_role_and_label(Role::Splitter, label)
        .rect()
        .center()
        .x
}

#[test]
fn the_widths_the_author_drags_are_remembered_across_a_restart() {
    let dir = scratch_dir("dock-widths");
    let options = options_with_settings(&dir, r#"{ "show_outline": true }"#);
    let settings_file = options.settings_file.clone().expect("a settings file");
    let mut harness = harness_with(options.clone());
    settle(&mut harness);
    let dock_edge = splitter_x(&harness, "Side panel width");
    // Three steps wider with assistive technology, and the preview's edge dragged right.
    for _ in 0..3 {
        harness
            .get_by_role_and_label(Role::Splitter, "Side panel width")
            .increment_accesskit();
        harness.run_steps(1);
    }
    // The edges move on the frame after the widths change.
    harness.run_steps(2);
    let edge = splitter_x(&harness, "Preview width");
    let y = harness
        .get_by_role_and_label(Role::Splitter, "Preview width")
        .rect()
        .center()
        .y;
    harness.event(Event::PointerMoved(egui::pos2(edge, y)));
    harness.run_steps(1);
    harness.event(Event::PointerButton {
        pos: egui::pos2(edge, y),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    for step in 1..=5 {
        harness.event(Event::PointerMoved(egui::pos2(
            edge + 12.0 * step as f32,
            y,
        )));
        harness.run_steps(1);
    }
    harness.event(Event::PointerButton {
        pos: egui::pos2(edge + 60.0, y),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(2);
    let widths = harness.state().settings().panel_widths;
    assert_eq!(widths.side, Some(columns::DOCK_DEFAULT + 48.0));
    let wider = splitter_x(&harness, "Side panel width");
    assert!(
        (wider - (dock_edge + 48.0)).abs() <= 1.0,
        "{dock_edge} {wider}"
    );
    let share = widths
        .preview_share
        .expect("the preview's share was dragged");
    assert!(share < columns::PREVIEW_SHARE_DEFAULT, "{share}");
    let preview_edge = splitter_x(&harness, "Preview width");
    assert!(
        (preview_edge - (edge + 60.0)).abs() <= 2.0,
        "{preview_edge} {edge}"
    );
    // And Post details two steps wider from the keyboard.
    harness
        .get_by_role_and_label(Role::Splitter, "Post details width")
        .focus();
    harness.run_steps(1);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    harness.run_steps(2);
    let widths = harness.state().settings().panel_widths;
    assert_eq!(widths.metadata, Some(columns::DETAILS_DEFAULT + 32.0));
    let preview_edge = splitter_x(&harness, "Preview width");
    // Once they settle, the settings are written; a new window starts with them.
    harness.run_steps(80);
    let written = std::fs::read_to_string(&settings_file).expect("settings written");
    assert!(written.contains("\"side\""), "{written}");
    drop(harness);
    let mut again = harness_with(options);
    settle(&mut again);
    assert_eq!(again.state().settings().panel_widths, widths);
    assert!((splitter_x(&again, "Side panel width") - wider).abs() <= 1.0);
    assert!((splitter_x(&again, "Preview width") - preview_edge).abs() <= 2.0);
}

#[test]
fn with_every_panel_open_at_1024_points_the_editor_keeps_a_readable_width() {
    for (size, name) in [
        (egui::vec2(1024.0, 768.0), "dock-1024"),
        (egui::vec2(1400.0, 900.0), "dock-1400"),
    ] {
        let dir = scratch_dir(name);
        let options = options_with_settings(
            &dir,
            r#"{ "show_outline": true, "show_links": true, "panel_widths": { "side": 520, "metadata": 520 } }"#,
        );
        let mut harness = harness_sized(options, size);
        settle(&mut harness);
        let editor = harness
            .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
            .rect();
        assert!(
            editor.width() >= columns::editor_min(15.0) - 1.0,
            "{editor:?} at {size:?}"
        );
        let preview =
            splitter_x(&harness, "Post details width") - splitter_x(&harness, "Preview width");
        assert!(
            editor.width() + preview >= 0.4 * size.x,
            "{} + {preview} at {size:?}",
            editor.width()
        );
    }
}

#[test]
fn the_shortcut_list_is_searchable_and_shows_the_menus_keys() {
    let mut harness = harness(None);
    let open = |harness: &Window| {
        harness
            .query_by_role_and_label(Role::TextInput, "Search shortcuts")
            .is_some()
    };
    click_command(&mut harness, "Keyboard shortcuts");
    assert!(open(&harness));
    harness.get_by_label("Bold");
    harness.get_by_label("Go to Line…");
    harness
        .get_by_role_and_label(Role::TextInput, "Search shortcuts")
        .type_text("ital");
    harness.run_steps(2);
    harness.get_by_label("Italic");
    assert!(harness.query_by_label("Bold").is_none(), "filtered out");
    let keys = menu::keys_text(&harness.ctx, &menu::ITALIC);
    harness.get_by_label(&keys);
    // Keys can be searched for too.
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Search shortcuts")
        .type_text("ctrl+shift+o");
    harness.run_steps(2);
    harness.get_by_label("Outline");
    press(&mut harness, Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Search shortcuts")
        .type_text("zzz");
    harness.run_steps(2);
    harness.get_by_label("No shortcut matches “zzz”.");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!open(&harness));
    // Ctrl+/ opens it as well.
    press(&mut harness, Modifiers::COMMAND, Key::Slash);
    harness.run_steps(1);
    assert!(open(&harness));
}

#[test]
fn about_names_the_version_and_the_licence() {
    let mut harness = harness(None);
    click_command(&mut harness, "About Postwright");
    harness.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label_contains("Licence: MIT OR Apache-2.0");
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("Licence").is_none());
}

#[test]
fn every_command_is_in_its_menu_with_the_keys_the_table_gives() {
    let mut harness = harness(None);
    for command in menu::commands()
        .iter()
        .filter(|command| command.menu != menu::FIND_BAR)
    {
        harness
            .get_by_role_and_label(Role::Button, command.menu)
            .click();
        harness.run_steps(2);
        let label = menu_label(&harness, command);
        let found = harness
            .query_all(By::new().role(Role::Button).label(&label))
            .count();
        assert_eq!(found, 1, "{label:?} in {}", command.menu);
        press(&mut harness, Modifiers::NONE, Key::Escape);
    }
}
