//! End to end, with the real binary on a virtual X display: type into a new post that was
//! never saved, kill the process outright, start it again, and get the words back.
//!
//! Needs `Xvfb` and `xdotool` (`.ci/deps` installs them).

mod xvfb;

use std::path::Path;
use std::time::Duration;

use xvfb::{poll, require, start_app, start_display, type_text, wait_for, window, xdotool};

#[test]
fn words_typed_into_a_new_post_survive_sigkill() {
    require("Xvfb");
    require("xdotool");
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-recovery");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    let (_display_process, display) = start_display();
    let words = "Sentences I typed and never saved";

    let (mut first, first_stderr) = start_app(&display, &home, None);
    let first_window = window(&display, &mut first, &first_stderr);
    let journal = home.join("data").join("recovery");
    // A copy counts once it is in place (`<id>.json`), not while its write is under way.
    let copied = || {
        std::fs::read_dir(&journal)
            .map(|entries| {
                entries.flatten().any(|entry| {
                    let path = entry.path();
                    path.extension()
                        .is_some_and(|extension| extension == "json")
                        && !entry.file_name().to_string_lossy().starts_with('.')
                        && std::fs::read_to_string(&path).is_ok_and(|text| text.contains(words))
                })
            })
            .unwrap_or(false)
    };
    // A busy machine may still be drawing the first frames when typing starts; type again
    // if the words did not arrive.
    let mut arrived = false;
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1500));
        type_text(&display, &first_window, words);
        if poll(Duration::from_secs(20), copied) {
            arrived = true;
            break;
        }
    }
    assert!(arrived, "the typed words reached the recovery copy");
    // Kill it outright: no chance to clean up or save.
    first.0.kill().expect("SIGKILL");
    let _ = first.0.wait();

    let (mut second, stderr) = start_app(&display, &home, None);
    let second_window = window(&display, &mut second, &stderr);
    let mut said = Vec::new();
    let offered = poll(Duration::from_secs(60), || {
        said.extend(stderr.try_iter());
        said.iter()
            .any(|line| line.contains("found unsaved work from an earlier session"))
    });
    let entries: Vec<_> = std::fs::read_dir(&journal)
        .map(|entries| entries.flatten().map(|entry| entry.file_name()).collect())
        .unwrap_or_default();
    assert!(
        offered,
        "the recovery offer; the second window said {said:?}; the journal holds {entries:?}"
    );
    std::thread::sleep(Duration::from_millis(800));
    // Restore (the default answer), then save the restored text to a file.
    xdotool(&display, &["windowfocus", "--sync", &second_window]);
    xdotool(&display, &["key", "Return"]);
    std::thread::sleep(Duration::from_millis(500));
    xdotool(&display, &["key", "ctrl+shift+s"]);
    // No native file dialog exists on this display, so Postwright asks for a path itself.
    std::thread::sleep(Duration::from_millis(1500));
    let target = home.join("recovered.md");
    xdotool(&display, &["key", "ctrl+a"]);
    type_text(&display, &second_window, &target.display().to_string());
    xdotool(&display, &["key", "Return"]);
    wait_for("the restored post on disk", Duration::from_secs(30), || {
        std::fs::read_to_string(&target).is_ok_and(|text| text.contains(words))
    });
}
