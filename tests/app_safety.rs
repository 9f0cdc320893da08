//! The author's words are never lost: recovery copies, files changed or deleted by other
//! programs, read-only files, and saves the disk refuses.

mod common;

use std::path::Path;
use std::process::Command;

use common::{
    editor_text, harness, harness_with, has_notice, run_until, sample_copy, scratch_dir,
    type_in_editor,
};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use postwright::app::AppOptions;

fn ctrl_s(harness: &mut egui_kittest::Harness<'static, postwright::app::PostwrightApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
}

/// When the file at `path` was last written.
fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .expect("metadata")
        .modified()
        .expect("time")
}

#[test]
fn save_asks_before_replacing_a_file_changed_by_another_program() {
    let dir = scratch_dir("conflict");
    let path = sample_copy(&dir, "draft-note.md");
    let mut harness = harness(Some(path.clone()));
    type_in_editor(&mut harness, "My edit. ");
    let theirs = "---\ntitle: Changed elsewhere\n---\nSomeone else's text.\n";
    std::fs::write(&path, theirs).expect("write");
    // The watcher may notice first; either way, nothing is written without asking.
    ctrl_s(&mut harness);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    let asked_on_save = harness
        .query_by_label_contains("was changed by another program")
        .is_some();
    let asked_by_watcher = harness.query_by_label_contains("changed on disk").is_some();
    assert!(asked_on_save || asked_by_watcher, "a question is shown");
    if asked_by_watcher {
        harness
            .get_by_role_and_label(Role::Button, "Keep my version")
            .click();
        harness.run_steps(2);
        ctrl_s(&mut harness);
    } else {
        harness
            .get_by_role_and_label(Role::Button, "Overwrite")
            .click();
        harness.run_steps(2);
    }
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.contains("My edit. "), "{saved}");
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn cancel_on_a_save_conflict_writes_nothing() {
    let dir = scratch_dir("conflict-cancel");
    let path = sample_copy(&dir, "draft-note.md");
    let mut harness = harness(Some(path.clone()));
    type_in_editor(&mut harness, "Mine. ");
    // Change the file without the watcher being able to report it before Save: same
    // folder, but checked at save time regardless.
    let theirs = "Theirs.\n";
    std::fs::write(&path, theirs).expect("write");
    ctrl_s(&mut harness);
    if let Some(button) = harness.query_by_role_and_label(Role::Button, "Cancel") {
        button.click();
    } else {
        harness
            .get_by_role_and_label(Role::Button, "Keep my version")
            .click();
    }
    harness.run_steps(2);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    assert!(editor_text(&harness).contains("Mine. "));
    assert!(harness.state().document().is_dirty());
}

#[test]
fn a_clean_post_reloads_when_another_program_saves_it() {
    let dir = scratch_dir("reload");
    let path = sample_copy(&dir, "no-front-matter.md");
    let mut harness = harness(Some(path.clone()));
    postwright_io::files::save(&path, b"# Rewritten\n\nBy another editor.\n").expect("save");
    let reloaded = run_until(&mut harness, |h| {
        editor_text(h) == "# Rewritten\n\nBy another editor.\n"
    });
    assert!(
        reloaded,
        "the new text is shown: {:?}",
        editor_text(&harness)
    );
    assert!(!harness.state().document().is_dirty());
    // And again: the watch survives the atomic replacement.
    postwright_io::files::save(&path, b"Third version.\n").expect("save");
    assert!(run_until(&mut harness, |h| editor_text(h) == "Third version.\n"));
}

#[test]
fn a_dirty_post_asks_when_the_file_changes() {
    let dir = scratch_dir("dirty-change");
    let path = sample_copy(&dir, "no-front-matter.md");
    let mut harness = harness(Some(path.clone()));
    type_in_editor(&mut harness, "Unsaved thought. ");
    postwright_io::files::save(&path, b"Changed elsewhere.\n").expect("save");
    assert!(run_until(&mut harness, |h| h
        .query_by_label_contains("changed on disk")
        .is_some()));
    assert!(
        editor_text(&harness).contains("Unsaved thought. "),
        "nothing replaced silently"
    );
    harness
        .get_by_role_and_label(Role::Button, "Reload from disk")
        .click();
    harness.run_steps(2);
    assert_eq!(editor_text(&harness), "Changed elsewhere.\n");
}

#[test]
fn a_deleted_file_keeps_its_text_and_save_writes_it_back() {
    let dir = scratch_dir("deleted");
    let path = sample_copy(&dir, "no-front-matter.md");
    let original = std::fs::read_to_string(&path).expect("read");
    let mut harness = harness(Some(path.clone()));
    std::fs::remove_file(&path).expect("remove");
    assert!(run_until(&mut harness, |h| has_notice(
        h,
        &["deleted or moved"]
    )));
    assert_eq!(editor_text(&harness), original);
    ctrl_s(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&path).expect("written back"),
        original
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_opens_and_save_asks_for_another_place() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("read-only");
    let path = dir.join("post.md");
    std::fs::write(&path, "text\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut harness = harness(Some(path.clone()));
    assert!(harness.state().document().read_only());
    type_in_editor(&mut harness, "more ");
    ctrl_s(&mut harness);
    harness.get_by_label_contains("Save the post as");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "text\n");
}

#[test]
fn unsaved_work_is_offered_again_after_a_crash() {
    let dir = scratch_dir("recovery");
    let journal = dir.join("journal");
    let options = AppOptions {
        file: None,
        settings_file: None,
        native_dialogs: false,
        journal_folder: Some(journal.clone()),
    };
    let mut first = harness_with(options.clone());
    type_in_editor(&mut first, "A week of writing that was never saved.");
    let copied = run_until(&mut first, |_| {
        std::fs::read_dir(&journal)
            .map(|entries| {
                entries.flatten().any(|entry| {
                    std::fs::read_to_string(entry.path())
                        .is_ok_and(|text| text.contains("never saved"))
                })
            })
            .unwrap_or(false)
    });
    assert!(
        copied,
        "a recovery copy is written within seconds of the last edit"
    );
    // A crash: the window goes away without closing cleanly. (Its journal thread lets go
    // of the lock a moment later; a killed process lets go at once.)
    drop(first);
    let start = std::time::Instant::now();
    while postwright_io::journal::orphans(&journal).is_empty() && start.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    let mut second = harness_with(options);
    second.run_steps(3);
    second.get_by_label_contains("Recover unsaved work?");
    second
        .get_by_role_and_label(Role::Button, "Restore")
        .click();
    second.run_steps(3);
    assert_eq!(
        editor_text(&second),
        "A week of writing that was never saved."
    );
    assert!(
        second.state().document().is_dirty(),
        "restored text is unsaved until saved"
    );
    assert!(
        postwright_io::journal::orphans(&journal).is_empty(),
        "the old copy is gone"
    );
}

#[test]
fn a_clean_save_removes_the_recovery_copy() {
    let dir = scratch_dir("recovery-clean");
    let journal = dir.join("journal");
    let path = sample_copy(&dir, "draft-note.md");
    let mut harness = harness_with(AppOptions {
        file: Some(path.clone()),
        settings_file: None,
        native_dialogs: false,
        journal_folder: Some(journal.clone()),
    });
    type_in_editor(&mut harness, "Edit. ");
    let has_copy = |journal: &Path| {
        std::fs::read_dir(journal)
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .unwrap_or(false)
    };
    assert!(run_until(&mut harness, |_| has_copy(&journal)));
    ctrl_s(&mut harness);
    assert!(
        run_until(&mut harness, |_| !has_copy(&journal)),
        "saved: no copy left"
    );
}

/// Runs in a child process whose file-size limit makes any save larger than 8 KiB fail.
fn refused_save_child(dir: &Path) {
    let path = dir.join("post.md");
    let mut harness = harness(Some(path.clone()));
    let original = std::fs::read(&path).expect("read");
    type_in_editor(
        &mut harness,
        &"Many more words to push the file past its limit. ".repeat(80),
    );
    ctrl_s(&mut harness);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        original,
        "the original is byte-identical"
    );
    assert!(
        harness.state().document().is_dirty(),
        "the buffer is still unsaved"
    );
    assert!(
        has_notice(&harness, &["post.md", "still here"]),
        "{:?}",
        harness.state().notices()
    );
    let leftovers = std::fs::read_dir(dir).expect("dir").count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[cfg(unix)]
#[test]
fn a_save_the_disk_refuses_keeps_the_file_and_the_text() {
    const CHILD: &str = "POSTWRIGHT_REFUSED_SAVE_DIR";
    if let Some(dir) = std::env::var_os(CHILD) {
        refused_save_child(Path::new(&dir));
        return;
    }
    let dir = scratch_dir("refused-save");
    std::fs::write(
        dir.join("post.md"),
        "# A post\n\n".to_owned() + &"Original words. ".repeat(300),
    )
    .expect("write");
    let test_binary = std::env::current_exe().expect("test binary");
    // Ignore SIGXFSZ (so the write fails with EFBIG instead of killing the process) and
    // limit files to 8 KiB, then run this same test in the child.
    let output = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"")
        .arg(test_binary)
        .args([
            "--exact",
            "a_save_the_disk_refuses_keeps_the_file_and_the_text",
            "--test-threads=1",
        ])
        .env(CHILD, &dir)
        .output()
        .expect("child runs");
    assert!(
        output.status.success(),
        "the child scenario failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A 50 MB post is read on a background thread: the window keeps drawing frames while it
/// loads, then shows the post with a warning that it is large, and writes nothing.
#[test]
fn a_fifty_megabyte_post_opens_without_freezing_the_window() {
    let dir = scratch_dir("fifty-megabytes");
    let path = dir.join("huge.md");
    let paragraph = "A paragraph of an enormous post, repeated until the file is fifty \
                     megabytes long, with *some emphasis* and a [link](https://example.org/).\n\n";
    let text = format!(
        "---\ntitle: A huge post\n---\n{}",
        paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1)
    );
    std::fs::write(&path, &text).expect("write");
    let before = modified(&path);

    let mut harness = harness(Some(path.clone()));
    let mut frames_while_loading = 0;
    let start = std::time::Instant::now();
    while harness.state().document().post().body().len() + 64 < text.len() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the post opened"
        );
        if harness.state().loading().is_some() {
            frames_while_loading += 1;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        frames_while_loading > 0,
        "the window drew frames while the file was read"
    );
    assert!(
        has_notice(&harness, &["huge.md", "large"]),
        "{:?}",
        harness.state().notices()
    );
    assert_eq!(
        harness.state().document().post().metadata().title,
        "A huge post"
    );
    assert!(!harness.state().document().is_dirty());
    assert_eq!(before, modified(&path), "nothing was written");
}
