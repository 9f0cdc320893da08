//! The Links panel, driven as a person would: the post's links are listed, clicking a
//! finding selects its source, and a link can be removed keeping its text.

mod common;

use common::{click_menu_item, drop_file, editor_text, harness, sample_copy, scratch_dir, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::{By, Queryable as _};

fn open_links_panel(harness: &mut egui_kittest::Harness<'static, postwright::app::PostwrightApp>) {
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run_steps(2);
    click_menu_item(harness, "Links panel");
    harness.run_steps(2);
}

#[test]
fn the_panel_lists_a_sample_posts_links_by_domain() {
    let dir = scratch_dir("links-list");
    let path = sample_copy(&dir, "release-announcement.md");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    open_links_panel(&mut harness);
    harness.get_by_label("skerry.example.org");
    harness.get_by_label("download page");
    harness.get_by_label("Links");
    let links = harness.state().analysis().report.links.len();
    assert!(links >= 8, "{links} links");
}

#[test]
fn clicking_a_finding_selects_its_source_and_fixes_apply() {
    let dir = scratch_dir("links-finding");
    let path = dir.join("post.md");
    let body = "---\ntitle: A post\n---\nRead more at https://example.org/guide today.\n\nAnd [the manual](https://example.org/manual) too.\n";
    std::fs::write(&path, body).expect("write");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    open_links_panel(&mut harness);

    // The panel's row (the editor's underline and the preview's badge say it too).
    harness
        .get(
            By::new()
                .role(Role::Button)
                .label_contains("A bare address in the text"),
        )
        .click();
    harness.run_steps(2);
    let selection = harness.state_mut().editor_state_mut().selection();
    let text = editor_text(&harness);
    assert_eq!(&text[selection], "https://example.org/guide");

    // Remove the manual's link, keeping its text, from the link's menu.
    let menus = harness.get_all_by_role_and_label(Role::Button, "…").count();
    assert!(menus >= 2, "each link has a menu");
    harness
        .get_all_by_role_and_label(Role::Button, "…")
        .last()
        .expect("a menu")
        .click();
    harness.run_steps(2);
    harness
        .get(
            By::new()
                .role(Role::Button)
                .label("Remove link, keep its text"),
        )
        .click();
    harness.run_steps(2);
    let text = editor_text(&harness);
    assert!(text.contains("And the manual too."), "{text}");
    assert!(
        text.contains("https://example.org/guide"),
        "the other link stays"
    );
    // And it is one undoable step.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert!(editor_text(&harness).contains("[the manual](https://example.org/manual)"));
}

#[test]
fn the_status_bar_counts_link_problems_and_export_warns() {
    let dir = scratch_dir("links-status");
    let path = dir.join("post.md");
    std::fs::write(&path, "---\ntitle: T\n---\n[click](javascript:alert(1))\n").expect("write");
    let mut harness = harness(Some(path));
    settle(&mut harness);
    harness.get_by_label_contains("1 error");
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::E,
    );
    harness.run_steps(2);
    harness.get_by_label_contains("This post has 1 link error");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("This post has 1 link error")
            .is_none()
    );
}

/// A long post (analysed on the worker thread) with `links` links to `site`.
fn long_post(path: &std::path::Path, site: &str, links: usize) {
    let mut text = format!("---\ntitle: Links to {site}\n---\n");
    for index in 0..links {
        text.push_str(&format!(
            "Paragraph {index} has enough words to make the post long, and then some more \
             words, and [a link](https://{site}/page-{index}) to the site.\n\n"
        ));
    }
    std::fs::write(path, text).expect("write");
}

#[test]
fn opening_long_posts_one_after_another_shows_each_ones_own_links() {
    let dir = scratch_dir("links-reopen");
    let first = dir.join("first.md");
    let second = dir.join("second.md");
    long_post(&first, "first.example", 400);
    long_post(&second, "second.example", 3000);
    let mut harness = harness(Some(first));
    open_links_panel(&mut harness);
    settle(&mut harness);
    harness.get_by_label("first.example");
    // The second post arrives while the panel still lists the first one's links, and
    // before the first one's analysis could be mistaken for it.
    drop_file(&mut harness, &second);
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(harness.state().analysis().report.links.len(), 3000);
    harness.get_by_label("second.example");
    assert!(harness.query_by_label("first.example").is_none());
}
