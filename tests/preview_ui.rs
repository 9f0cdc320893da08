//! The preview as a reader uses it, headless: text found through the accessibility tree,
//! links hovered and clicked, scrolling, jumping to a place in the source.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use postwright::ui::preview::{PreviewAction, PreviewSettings, PreviewState, preview_ui};
use postwright_core::metadata::Metadata;
use postwright_core::post::Post;
use postwright_core::preview::{PreviewModel, build};

struct App {
    model: PreviewModel,
    metadata: Metadata,
    state: PreviewState,
    settings: PreviewSettings,
    actions: Vec<PreviewAction>,
    body: String,
}

fn sample_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts")
}

fn app_for(text: &str) -> App {
    let post = Post::parse(text);
    App {
        model: build(post.body()),
        metadata: post.metadata().clone(),
        state: PreviewState::default(),
        settings: PreviewSettings {
            base_folder: Some(sample_folder()),
            ..PreviewSettings::default()
        },
        actions: Vec::new(),
        body: post.body().to_owned(),
    }
}

fn harness(app: App) -> Harness<'static, App> {
    harness_with(app, Harness::builder())
}

fn harness_with(app: App, builder: egui_kittest::HarnessBuilder<App>) -> Harness<'static, App> {
    let mut harness = builder
        .with_size(egui::vec2(820.0, 900.0))
        .with_max_steps(40)
        .build_ui_state(
            |ui, app: &mut App| {
                if let Some(action) =
                    preview_ui(ui, &app.model, &app.metadata, &mut app.state, &app.settings)
                {
                    app.actions.push(action);
                }
            },
            app,
        );
    harness.run();
    harness
}

fn kitchen_sink() -> Harness<'static, App> {
    let text =
        std::fs::read_to_string(sample_folder().join("kitchen-sink.md")).expect("sample post");
    harness(app_for(&text))
}

#[test]
fn header_and_body_text_are_there_for_screen_readers() {
    let harness = kitchen_sink();
    harness.get_by_role_and_label(Role::Heading, "A Field Guide to Markdown for Our Team Blog");
    harness.get_by_label_contains("Noor Haddad · Editor, engineering blog");
    harness.get_by_label_contains("2 November 2026");
    harness.get_by_label("Tag: style guide");
    harness.get_by_label(
        "Every piece of Markdown our blog supports, with examples, house rules, and the mistakes we keep making.",
    );
    harness.get_by_label_contains("Every few weeks someone on the team opens a draft");
    // The cover image, loaded through the post's folder, with its alt text.
    let cover = harness.get_by_role_and_label(
        Role::Image,
        "Title card reading A Field Guide to Markdown, over a deep green to teal gradient with faint contour lines.",
    );
    assert!(cover.rect().width() > 400.0, "{:?}", cover.rect());
    // Far-away blocks are not laid out at all.
    assert!(harness.query_by_label("Before you publish").is_none());
}

#[test]
fn a_link_opens_only_web_addresses() {
    let text = "See [the spec](https://spec.commonmark.org/0.31.2/ \"Spec\") and [a trap](javascript:alert(1)) and [a post](other.md).\n";
    let mut harness = harness(app_for(text));

    harness
        .get_by_role_and_label(Role::Link, "the spec")
        .click();
    harness.run();
    assert_eq!(
        harness.state().actions,
        [PreviewAction::OpenLink(
            "https://spec.commonmark.org/0.31.2/".to_owned()
        )]
    );

    harness.get_by_role_and_label(Role::Link, "a trap").click();
    harness.run();
    harness.get_by_role_and_label(Role::Link, "a post").click();
    harness.run();
    assert_eq!(
        harness.state().actions.len(),
        1,
        "{:?}",
        harness.state().actions
    );
}

#[test]
fn hovering_a_link_shows_where_it_goes() {
    let text = "See [the spec](https://spec.commonmark.org/) and [a trap](javascript:alert(1)).\n";
    let mut harness = harness(app_for(text));
    harness
        .get_by_role_and_label(Role::Link, "the spec")
        .hover();
    harness.run_steps(6);
    harness.get_by_label("https://spec.commonmark.org/");

    harness.get_by_role_and_label(Role::Link, "a trap").hover();
    harness.run_steps(6);
    harness.get_by_label_contains(
        "javascript:alert(1)\nNot opened: links with the javascript: scheme are never opened",
    );
    assert!(harness.state().actions.is_empty());
}

#[test]
fn an_in_page_link_scrolls_to_its_heading() {
    let mut text = String::from("Jump to [the end](#the-end).\n\n");
    for index in 0..80 {
        text.push_str(&format!(
            "Filler paragraph number {index} with some words in it.\n\n"
        ));
    }
    text.push_str("## The end\n\nLast words.\n");
    let mut harness = harness(app_for(&text));
    assert!(harness.query_by_label("The end").is_none());
    harness.get_by_role_and_label(Role::Link, "the end").click();
    harness.run();
    let heading = harness.get_by_role_and_label(Role::Heading, "The end");
    assert!(heading.rect().top() >= 0.0 && heading.rect().bottom() <= 900.0);
    assert!(harness.state().actions.is_empty());
}

#[test]
fn the_wheel_scrolls_the_preview() {
    let mut harness = kitchen_sink();
    harness.get_by_role_and_label(Role::Heading, "A Field Guide to Markdown for Our Team Blog");
    harness.hover_at(egui::pos2(400.0, 450.0));
    for _ in 0..8 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run();
    }
    assert!(harness.state().state.scroll_offset() > 1000.0);
    assert!(
        harness
            .query_by_label("A Field Guide to Markdown for Our Team Blog")
            .is_none()
    );
    let first = harness.state().state.first_visible_source().unwrap();
    assert!(first > 0, "the view reports where it is in the source");
}

#[test]
fn scroll_to_source_brings_a_late_block_into_view() {
    let mut harness = kitchen_sink();
    let offset = harness.state().body.find("## Tables").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    let heading = harness.get_by_role_and_label(Role::Heading, "Tables");
    assert!(
        heading.rect().top() >= 0.0 && heading.rect().top() < 100.0,
        "{:?}",
        heading.rect()
    );
    assert_eq!(harness.state().state.first_visible_source(), Some(offset));
    // Near the end the view stops at the bottom, with the block still in view.
    let offset = harness.state().body.find("## Before you publish").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    let heading = harness.get_by_role_and_label(Role::Heading, "Before you publish");
    assert!(
        heading.rect().top() >= 0.0 && heading.rect().bottom() < 900.0,
        "{:?}",
        heading.rect()
    );
    // The related links from the front matter follow the footnotes at the end.
    harness.state_mut().state.scroll_to_source(usize::MAX);
    harness.run();
    harness.get_by_role_and_label(Role::Link, "GitHub Flavored Markdown specification");
    // Back to the top.
    harness.state_mut().state.scroll_to_source(0);
    harness.run();
    harness.get_by_role_and_label(Role::Heading, "A Field Guide to Markdown for Our Team Blog");
}

#[test]
fn double_clicking_a_block_reveals_its_source() {
    let text = "# Title\n\nFirst paragraph.\n\nSecond paragraph, the one to find.\n";
    // Short steps, so that the two clicks come within the double-click time.
    let mut harness = harness_with(app_for(text), Harness::builder().with_step_dt(0.05));
    let node = harness.get_by_label("Second paragraph, the one to find.");
    let center = node.rect().center();
    harness.hover_at(center);
    for _ in 0..2 {
        harness.event(egui::Event::PointerButton {
            pos: center,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
        harness.event(egui::Event::PointerButton {
            pos: center,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    let body = harness.state().body.clone();
    let Some(PreviewAction::RevealSource(range)) = harness.state().actions.last().cloned() else {
        panic!("no reveal: {:?}", harness.state().actions);
    };
    assert_eq!(&body[range], "Second paragraph, the one to find.\n");
}

#[test]
fn every_kind_of_block_is_drawn() {
    let mut harness = kitchen_sink();
    for (heading, check) in [
        ("## Lists", "Keep list items parallel in grammar."),
        ("### Task lists", "Task lists are handy"),
        ("## Block quotes", "Fair enough."),
        (
            "### Fenced code blocks",
            "pub fn heading_anchor(text: &str) -> String {",
        ),
        ("## Tables", "Posts using it"),
        ("## Raw HTML", "Full build log from the failed deploy"),
    ] {
        let offset = harness.state().body.find(heading).unwrap();
        harness.state_mut().state.scroll_to_source(offset);
        harness.run();
        harness.get_by_label_contains(check);
    }
    // The task list's boxes are read-only checkboxes named after their items.
    let offset = harness.state().body.find("### Task lists").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    harness.get_by_role_and_label(Role::CheckBox, "Describe the incident timeline");
    // Code is exposed as code, raw HTML too (never interpreted).
    let offset = harness.state().body.find("## Raw HTML").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    let html = harness.get_by_role_and_label(
        Role::Code,
        "<details>\n<summary>Full build log from the failed deploy</summary>",
    );
    assert!(html.rect().height() > 20.0);
    // Images load from the post's folder and keep their alt text.
    let offset = harness.state().body.find("![Bar chart").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    let chart = harness.get_by_role_and_label(
        Role::Image,
        "Bar chart of how many of our 120 posts use each Markdown feature: fenced code 118, tables 64, footnotes 41, task lists 17, strikethrough 9.",
    );
    assert!(chart.rect().width() > 300.0 && chart.rect().height() > 100.0);
}

#[test]
fn missing_and_remote_images_say_why_they_are_not_shown() {
    let text = "![A missing diagram](images/nowhere.png)\n\n![A remote photo](https://example.org/photo.jpg)\n";
    let harness = harness(app_for(text));
    harness.get_by_label_contains("Image not shown: images/nowhere.png");
    harness.get_by_label_contains("Remote image not loaded: https://example.org/photo.jpg");
    // The alt text stays readable as a caption.
    harness.get_by_role_and_label(Role::Caption, "A missing diagram");
}

#[test]
fn an_idle_preview_asks_for_no_repaint_and_survives_deep_nesting() {
    let deep = format!("{}deep\n\n{}", "> ".repeat(50_000), {
        let mut list = String::new();
        for depth in 0..1_000 {
            list.push_str(&"  ".repeat(depth));
            list.push_str(&format!("- level {depth}\n"));
        }
        list
    });
    let mut harness = harness(app_for(&deep));
    harness.get_by_label("deep");
    harness.get_by_label("level 0");
    // Settled: one more frame needs no further repaint.
    assert_eq!(harness.run(), 1);
    let offset = harness.state().body.find("- level 999").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    harness.get_by_label("level 999");
}

#[test]
fn an_edit_shows_up_and_keeps_the_place() {
    let mut harness = kitchen_sink();
    let offset = harness.state().body.find("## Tables").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    let before = harness
        .get_by_role_and_label(Role::Heading, "Tables")
        .rect();
    // Edit a paragraph well above the view: what the reader looks at stays put.
    let body = harness.state().body.replace(
        "A paragraph is just lines of text",
        "A paragraph, edited, is just lines of text",
    );
    harness.state_mut().model = build(&body);
    harness.state_mut().body = body;
    harness.run();
    let after = harness
        .get_by_role_and_label(Role::Heading, "Tables")
        .rect();
    assert!(
        (before.top() - after.top()).abs() < 1.0,
        "{before:?} {after:?}"
    );
    let offset = harness.state().body.find("A paragraph, edited").unwrap();
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    harness.get_by_label_contains("A paragraph, edited, is just lines of text");
}

#[test]
fn the_first_block_scrolls_to_the_top_of_the_page() {
    let mut text = String::from("# A post without front matter\n\n");
    for index in 0..80 {
        text.push_str(&format!("Paragraph {index} of a long post.\n\n"));
    }
    let mut harness = harness(app_for(&text));
    harness.state_mut().state.scroll_to_source(text.len() - 5);
    harness.run();
    assert!(
        harness
            .query_by_label("A post without front matter")
            .is_none()
    );
    harness.state_mut().state.scroll_to_source(0);
    harness.run();
    harness.get_by_role_and_label(Role::Heading, "A post without front matter");
    assert_eq!(harness.state().state.scroll_offset(), 0.0);
    assert_eq!(harness.state().state.first_visible_source(), Some(0));
}

/// A table much wider than the page shows its first 64 columns and says how many more the
/// page has; a long one lays out only the rows in view, and scrolling brings the rest.
/// (pulldown-cmark fills every short row up to the header's width, so a few kilobytes of
/// text can make a table of 250,000 cells.)
#[test]
fn huge_tables_show_what_fits_and_say_what_does_not() {
    let header: String = (0..500).map(|column| format!("| c{column} ")).collect();
    let text = format!(
        "{header}|\n{}|\n{}",
        "|-".repeat(500),
        "| b |\n".repeat(500)
    );
    let wide = harness(app_for(&text));
    wide.get_by_label("c0");
    wide.get_by_label("c63");
    assert!(
        wide.query_by_label("c64").is_none(),
        "columns past the 64th"
    );
    wide.get_by_label(
        "The preview shows the first 64 of 500 columns; 436 more are on the exported page.",
    );

    let rows: String = (0..2_000)
        .map(|row| format!("| row {row} | x |\n"))
        .collect();
    let text = format!("| name | value |\n|-|-|\n{rows}\nAfter the table.\n");
    let mut harness = harness(app_for(&text));
    harness.get_by_label("row 0");
    assert!(
        harness.query_by_label("row 1999").is_none(),
        "rows far below"
    );
    let offset = harness
        .state()
        .body
        .find("After the table")
        .expect("in the body");
    harness.state_mut().state.scroll_to_source(offset);
    harness.run();
    harness.get_by_label("After the table.");
    harness.get_by_label("row 1999");
    assert!(harness.query_by_label("row 0").is_none(), "rows far above");
}
