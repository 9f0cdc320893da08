//! The editor driven like an author drives it: typing, keys, the mouse, the clipboard and
//! assistive technology, through egui_kittest. Every frame checks that the reported
//! changes, replayed on the old text, give the new one.

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Theme, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::*;
use crate::ui::theme;

/// The editor alone, with what it reported.
struct Fixture {
    state: EditorState,
    text: String,
    /// Every change reported, in order.
    changes: Vec<Change>,
    /// The selection reported after the last frame.
    selection: Range<usize>,
    has_focus: bool,
    /// Marks drawn over the text.
    marks: Vec<MarkLayer>,
    /// The mark under the pointer in the last frame.
    hovered_mark: Option<(usize, usize)>,
}

fn style() -> EditorStyle {
    EditorStyle {
        font_size: 15.0,
        colours: theme::syntax_colours(Theme::Dark),
        background: theme::palette(Theme::Dark).editor,
        max_text_width: 640.0,
    }
}

fn harness(text: &str) -> Harness<'static, Fixture> {
    harness_sized(text, vec2(800.0, 600.0))
}

fn harness_sized(text: &str, size: Vec2) -> Harness<'static, Fixture> {
    let fixture = Fixture {
        state: EditorState::default(),
        text: text.to_owned(),
        changes: Vec::new(),
        selection: 0..0,
        has_focus: false,
        marks: Vec::new(),
        hovered_mark: None,
    };
    let style = style();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(|ctx| {
            theme::install_fonts(ctx);
            theme::install_style(ctx);
        })
        .build_ui_state(
            move |ui, fixture: &mut Fixture| {
                let before = fixture.text.clone();
                let layers: Vec<&MarkLayer> = fixture.marks.iter().collect();
                let output = editor_ui(ui, &mut fixture.state, &mut fixture.text, &style, &layers);
                let mut replayed = before;
                for change in &output.changes {
                    let removed = change.offset..change.offset + change.removed.len();
                    assert_eq!(replayed[removed.clone()], change.removed, "{change:?}");
                    replayed.replace_range(removed, &change.inserted);
                }
                assert_eq!(replayed, fixture.text, "the changes give the new text");
                assert_eq!(output.selection_before, fixture.selection);
                fixture.selection = output.selection_after.clone();
                fixture.has_focus = output.has_focus;
                fixture.hovered_mark = output.hovered_mark;
                fixture.changes.extend(output.changes);
            },
            fixture,
        );
    harness.run();
    harness
}

/// Focuses the editor and puts the caret at `offset`.
fn focus_at(harness: &mut Harness<'static, Fixture>, offset: usize) {
    harness.state_mut().state.request_focus();
    select(harness, offset..offset);
    assert!(harness.state().has_focus);
}

/// Selects `range` as the app does.
fn select(harness: &mut Harness<'static, Fixture>, range: Range<usize>) {
    let fixture = harness.state_mut();
    fixture.state.set_selection(range);
    fixture.selection = fixture.state.selection();
    harness.run();
}

fn type_text(harness: &mut Harness<'static, Fixture>, typed: &str) {
    for character in typed.chars() {
        harness.event(Event::Text(character.to_string()));
    }
    harness.run();
}

fn press(harness: &mut Harness<'static, Fixture>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn press_with(harness: &mut Harness<'static, Fixture>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn text<'h>(harness: &'h Harness<'static, Fixture>) -> &'h str {
    &harness.state().text
}

fn selection(harness: &Harness<'static, Fixture>) -> Range<usize> {
    harness.state().state.selection()
}

/// Where on screen byte `offset` is (the middle of the caret there).
fn screen_pos(harness: &Harness<'static, Fixture>, offset: usize) -> Pos2 {
    let fixture = harness.state();
    let view = fixture
        .state
        .view
        .as_ref()
        .expect("the editor has been shown");
    let line = view.doc.lines.line_of(offset);
    let visible = view
        .visible
        .iter()
        .find(|v| v.line == line)
        .expect("the line is in view");
    let start = view.doc.lines.line_start(line);
    let chars = fixture.text[start..offset].chars().count();
    let at = visible.galley.pos_from_cursor(ccursor(chars, false));
    pos2(view.m.text_left + at.min.x, visible.top + at.center().y)
}

fn click(harness: &mut Harness<'static, Fixture>, pos: Pos2, modifiers: Modifiers) {
    harness.event(Event::ModifiersChanged(modifiers));
    harness.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
}

#[test]
fn typing_goes_in_at_the_caret() {
    let mut harness = harness("Hello world");
    focus_at(&mut harness, 5);
    type_text(&mut harness, ", dear");
    assert_eq!(text(&harness), "Hello, dear world");
    assert_eq!(selection(&harness), 11..11);
    assert_eq!(harness.state().changes.len(), 6);
    // Typing over a selection replaces it.
    select(&mut harness, 0..5);
    type_text(&mut harness, "Bye");
    assert_eq!(text(&harness), "Bye, dear world");
}

#[test]
fn enter_continues_a_list_and_ends_it() {
    let mut harness = harness("- one");
    focus_at(&mut harness, 5);
    press(&mut harness, Key::Enter);
    assert_eq!(text(&harness), "- one\n- ");
    type_text(&mut harness, "two");
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Enter);
    assert_eq!(text(&harness), "- one\n- two\n");
    assert_eq!(selection(&harness), 12..12);
    // Shift+Enter is a bare line break.
    let mut harness = self::harness("1. first");
    focus_at(&mut harness, 8);
    press(&mut harness, Key::Enter);
    assert_eq!(text(&harness), "1. first\n2. ");
    press_with(&mut harness, Modifiers::SHIFT, Key::Enter);
    assert_eq!(text(&harness), "1. first\n2. \n");
}

#[test]
fn backspace_and_delete_by_character_and_word() {
    let mut harness = harness("one two three");
    focus_at(&mut harness, 7);
    press(&mut harness, Key::Backspace);
    assert_eq!(text(&harness), "one tw three");
    press_with(&mut harness, Modifiers::CTRL, Key::Backspace);
    assert_eq!(text(&harness), "one  three");
    press(&mut harness, Key::Delete);
    assert_eq!(text(&harness), "one three");
    press_with(&mut harness, Modifiers::CTRL, Key::Delete);
    assert_eq!(text(&harness), "one ");
    assert_eq!(selection(&harness), 4..4);
}

#[test]
fn arrows_home_end_and_shift_selection() {
    let mut harness = harness("first line\nsecond line\nthird");
    focus_at(&mut harness, 3);
    press(&mut harness, Key::ArrowRight);
    assert_eq!(selection(&harness), 4..4);
    press(&mut harness, Key::ArrowDown);
    assert_eq!(selection(&harness), 15..15, "same column on the next line");
    press(&mut harness, Key::ArrowDown);
    assert_eq!(selection(&harness), 27..27);
    press(&mut harness, Key::ArrowUp);
    press(&mut harness, Key::ArrowLeft);
    assert_eq!(selection(&harness), 14..14);
    press_with(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    press_with(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(selection(&harness), 14..16);
    assert_eq!(harness.state().state.cursor(), 16);
    press_with(&mut harness, Modifiers::SHIFT, Key::End);
    assert_eq!(selection(&harness), 14..22);
    press(&mut harness, Key::Home);
    assert_eq!(selection(&harness), 11..11);
    press_with(&mut harness, Modifiers::CTRL, Key::ArrowRight);
    assert_eq!(selection(&harness), 17..17);
    press_with(&mut harness, Modifiers::CTRL | Modifiers::SHIFT, Key::End);
    assert_eq!(selection(&harness), 17..28);
    press_with(&mut harness, Modifiers::CTRL, Key::Home);
    assert_eq!(selection(&harness), 0..0);
    press_with(&mut harness, Modifiers::CTRL, Key::A);
    assert_eq!(selection(&harness), 0..28);
    assert!(harness.state().changes.is_empty());
}

#[test]
fn up_and_down_go_through_wrapped_rows_keeping_x() {
    let long = "word ".repeat(60);
    let mut harness = harness_sized(&format!("{long}\nshort"), vec2(500.0, 400.0));
    focus_at(&mut harness, 7);
    let rows = {
        let view = harness.state().state.view.as_ref().unwrap();
        view.visible[0].galley.rows.len()
    };
    assert!(rows >= 3, "the long line wraps ({rows} rows)");
    press(&mut harness, Key::ArrowDown);
    let after_one = selection(&harness).start;
    assert!(
        after_one > 7 && after_one < long.len(),
        "one row down, same line"
    );
    let x0 = screen_pos(&harness, 7).x;
    let x1 = screen_pos(&harness, after_one).x;
    assert!((x0 - x1).abs() < 10.0, "kept x: {x0} vs {x1}");
    for _ in 0..rows {
        press(&mut harness, Key::ArrowDown);
    }
    assert!(
        selection(&harness).start > long.len(),
        "reached the last line"
    );
    press(&mut harness, Key::ArrowUp);
    assert!(selection(&harness).start < long.len());
}

#[test]
fn home_and_end_go_to_the_row_then_the_line() {
    let long = "word ".repeat(60);
    let mut harness = harness_sized(&long, vec2(500.0, 400.0));
    focus_at(&mut harness, 0);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowRight);
    let on_second_row = selection(&harness).start;
    press(&mut harness, Key::Home);
    let row_start = selection(&harness).start;
    assert!(row_start > 0 && row_start < on_second_row);
    press(&mut harness, Key::Home);
    assert_eq!(selection(&harness).start, 0);
    press(&mut harness, Key::End);
    let row_end = selection(&harness).start;
    assert!(row_end > 0 && row_end < long.len());
    press(&mut harness, Key::End);
    assert_eq!(selection(&harness).start, long.len());
}

#[test]
fn paste_cut_and_copy() {
    let mut harness = harness("abc");
    focus_at(&mut harness, 1);
    harness.event(Event::Paste("x\r\ny".to_owned()));
    harness.run();
    assert_eq!(text(&harness), "ax\nybc");
    select(&mut harness, 0..2);
    harness.event(Event::Cut);
    harness.step();
    assert_eq!(text(&harness), "\nybc");
    let copied =
        harness.output().platform_output.commands.iter().any(
            |command| matches!(command, egui::OutputCommand::CopyText(copied) if copied == "ax"),
        );
    assert!(copied, "cut puts the text on the clipboard");
}

#[test]
fn tab_indents_a_list_item_and_shift_tab_outdents() {
    let mut harness = harness("- a\n- b");
    focus_at(&mut harness, 7);
    press(&mut harness, Key::Tab);
    assert_eq!(text(&harness), "- a\n    - b");
    assert!(harness.state().has_focus, "Tab stays in the editor");
    press_with(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(text(&harness), "- a\n- b");
    assert_eq!(selection(&harness), 7..7);
}

#[test]
fn app_shortcuts_are_left_alone() {
    let mut harness = harness("text");
    focus_at(&mut harness, 4);
    for key in [Key::Z, Key::Y, Key::B, Key::I, Key::K, Key::S] {
        press_with(&mut harness, Modifiers::CTRL, key);
    }
    press_with(&mut harness, Modifiers::CTRL | Modifiers::SHIFT, Key::Z);
    assert_eq!(text(&harness), "text");
    assert_eq!(selection(&harness), 4..4);
}

#[test]
fn clicking_places_the_caret_and_double_click_selects_a_word() {
    let mut harness = harness("alpha beta gamma\nsecond line");
    harness.run();
    let pos = screen_pos(&harness, 8);
    click(&mut harness, pos, Modifiers::NONE);
    harness.run();
    assert!(harness.state().has_focus, "a click focuses the editor");
    assert_eq!(selection(&harness), 8..8);
    // Shift+click extends the selection.
    let further = screen_pos(&harness, 20);
    click(&mut harness, further, Modifiers::SHIFT);
    harness.run();
    assert_eq!(selection(&harness), 8..20);
    // A double click selects the word.
    let word = screen_pos(&harness, 12);
    click(&mut harness, word, Modifiers::NONE);
    click(&mut harness, word, Modifiers::NONE);
    harness.run();
    assert_eq!(selection(&harness), 11..16);
    // A third click selects the line.
    click(&mut harness, word, Modifiers::NONE);
    harness.run();
    assert_eq!(selection(&harness), 0..17);
}

#[test]
fn dragging_selects() {
    let mut harness = harness("alpha beta gamma");
    harness.run();
    let from = screen_pos(&harness, 2);
    let to = screen_pos(&harness, 13);
    harness.event(Event::PointerMoved(from));
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(Event::PointerMoved(pos2(from.x + 20.0, from.y)));
    harness.event(Event::PointerMoved(to));
    harness.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_eq!(selection(&harness), 2..13);
    assert_eq!(harness.state().state.cursor(), 13);
}

#[test]
fn accessible_as_a_named_text_input() {
    let mut harness = harness("Some text");
    let node = harness.get_by_role_and_label(Role::MultilineTextInput, "Markdown editor");
    assert_eq!(node.value().as_deref(), Some("Some text"));
    node.focus();
    harness.run();
    assert!(harness.state().has_focus, "the Focus action focuses it");
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .type_text("New! ");
    harness.run();
    assert_eq!(text(&harness), "New! Some text");
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .replace_selected_text_accesskit("More. ");
    harness.run();
    assert_eq!(text(&harness), "New! More. Some text");
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Markdown editor")
        .set_text_value_accesskit("New! Other text");
    harness.run();
    assert_eq!(text(&harness), "New! Other text");
    let last = harness.state().changes.last().unwrap().clone();
    assert_eq!(
        (last.removed.as_str(), last.inserted.as_str()),
        ("More. Some", "Other")
    );
    let node = harness.get_by_role_and_label(Role::MultilineTextInput, "Markdown editor");
    assert_eq!(node.value().as_deref(), Some("New! Other text"));
}

#[test]
fn input_method_composition_commits_only_the_result() {
    let mut harness = harness("ab");
    focus_at(&mut harness, 1);
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "ni".to_owned(),
        active_range_chars: None,
    }));
    harness.run();
    assert_eq!(text(&harness), "ab", "composition is not in the text");
    assert!(harness.output().platform_output.ime.is_some());
    harness.event(Event::Ime(ImeEvent::Commit("ñí".to_owned())));
    harness.run();
    assert_eq!(text(&harness), "añíb");
    assert_eq!(selection(&harness), 5..5);
}

#[test]
fn external_changes_keep_the_line_index() {
    let mut harness = harness("one\ntwo\nthree");
    focus_at(&mut harness, 9);
    let change = Change {
        offset: 0,
        removed: "one\n".to_owned(),
        inserted: "zero\nhalf\n".to_owned(),
    };
    let fixture = harness.state_mut();
    fixture.text.replace_range(0..4, "zero\nhalf\n");
    fixture
        .state
        .text_changed_externally(std::slice::from_ref(&change));
    fixture.selection = fixture.state.selection();
    harness.run();
    assert_eq!(selection(&harness), 15..15, "the caret moved with its text");
    let fixture = harness.state();
    assert_eq!(fixture.state.cursor_line_column(&fixture.text), (4, 2));
    type_text(&mut harness, "!");
    assert_eq!(text(&harness), "zero\nhalf\ntwo\nt!hree");
}

#[test]
fn a_text_changed_behind_its_back_is_read_again() {
    let mut harness = harness("one\ntwo\nthree");
    focus_at(&mut harness, 5);
    // Same length, different lines, and the editor is not told.
    let fixture = harness.state_mut();
    fixture.text = "on\netwo\nthree".to_owned();
    harness.run();
    type_text(&mut harness, "!");
    assert_eq!(text(&harness), "on\net!wo\nthree");
    let fixture = harness.state();
    assert_eq!(fixture.state.cursor_line_column(&fixture.text), (2, 4));
}

#[test]
fn idle_frames_ask_for_no_repaint() {
    let mut harness = harness("Some text\nand more");
    harness.run();
    let delay = harness
        .output()
        .viewport_output
        .values()
        .next()
        .unwrap()
        .repaint_delay;
    assert!(
        delay > std::time::Duration::from_secs(1),
        "unfocused: {delay:?}"
    );
    focus_at(&mut harness, 3);
    let delay = harness
        .output()
        .viewport_output
        .values()
        .next()
        .unwrap()
        .repaint_delay;
    assert!(
        !delay.is_zero(),
        "focused: the caret blinks, not every frame"
    );
}

/// A text of about 1 MB: the sample posts, over and over.
fn megabyte() -> String {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_posts/kitchen-sink.md"
    ))
    .unwrap();
    sample.repeat(1_000_000 / sample.len() + 1)
}

#[test]
fn a_megabyte_text_edits_at_both_ends() {
    let big = megabyte();
    let len = big.len();
    let mut harness = harness(&big);
    focus_at(&mut harness, len);
    type_text(&mut harness, "END");
    assert!(text(&harness).ends_with("END"));
    assert_eq!(harness.state().changes[0].offset, len);
    press_with(&mut harness, Modifiers::CTRL, Key::Home);
    type_text(&mut harness, "START");
    assert!(text(&harness).starts_with("START"));
    assert_eq!(text(&harness).len(), len + 8);
    let fixture = harness.state();
    let view = fixture.state.view.as_ref().unwrap();
    assert!(view.visible.len() < 60, "only lines in view are laid out");
    assert_eq!(
        view.doc.lines.line_count(),
        LineIndex::new(&fixture.text).line_count()
    );
    // The caret is in view at the top; the view went there with it.
    assert_eq!(fixture.state.first_visible_offset(), 0);
    assert_eq!(view.visible[0].line, 0);
}

#[test]
fn page_down_and_the_wheel_scroll() {
    let big = megabyte();
    let mut harness = harness(&big);
    focus_at(&mut harness, 0);
    press(&mut harness, Key::PageDown);
    let after_page = harness.state().state.first_visible_offset();
    assert!(after_page > 0, "the view moved down a page");
    assert!(selection(&harness).start > 0, "and the caret with it");
    let caret = selection(&harness);
    harness.event(Event::PointerMoved(pos2(400.0, 300.0)));
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -400.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    // The wheel scrolls smoothly, over several frames.
    harness.run_steps(40);
    assert!(harness.state().state.first_visible_offset() > after_page);
    assert_eq!(
        selection(&harness),
        caret,
        "the wheel leaves the caret alone"
    );
    // Ctrl+End goes to the end, and the view follows.
    press_with(&mut harness, Modifiers::CTRL, Key::End);
    let fixture = harness.state();
    let view = fixture.state.view.as_ref().unwrap();
    let last = view.doc.lines.line_count() - 1;
    assert!(view.visible.iter().any(|v| v.line == last));
}

#[test]
fn a_mark_with_a_note_is_named_for_assistive_technology_and_hovered() {
    let text = "Buy pills at teh shop.\n";
    let mut harness = harness(text);
    let word = text.find("teh").unwrap();
    harness.state_mut().marks = vec![MarkLayer::new(
        vec![
            Mark {
                range: word..word + 3,
                style: MarkStyle::Wavy(egui::Color32::RED),
                note: Some("Misspelt: teh".into()),
            },
            Mark {
                range: 0..3,
                style: MarkStyle::Highlight(egui::Color32::YELLOW),
                note: None,
            },
        ],
        true,
    )];
    harness.run();
    let mark = harness.get_by_role_and_label(Role::Mark, "Misspelt: teh");
    let centre = mark.rect().center();
    // Marks without a note have no node of their own.
    assert_eq!(harness.query_all_by_role(Role::Mark).count(), 1);
    harness.hover_at(centre);
    harness.run();
    assert_eq!(harness.state().hovered_mark, Some((0, 1)));
}
