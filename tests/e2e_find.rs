//! End to end, with the real binary on a virtual X display and the keyboard alone: open a
//! post, replace every occurrence of a word with the find bar, save, and find the file on
//! disk changed in exactly those places.
//!
//! Needs `Xvfb` and `xdotool` (`.ci/deps` installs them).

mod xvfb;

use std::path::Path;
use std::time::Duration;

use postwright_core::post::Post;
use xvfb::{poll, require, start_app, start_display, type_text, window, xdotool};

#[test]
fn replace_all_from_the_keyboard_reaches_the_file_and_nothing_else_changes() {
    require("Xvfb");
    require("xdotool");
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-find");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    let post = home.join("long-essay.md");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts/long-essay.md"),
        &post,
    )
    .expect("a fresh copy of the post");
    let original = std::fs::read_to_string(&post).expect("read the copy");
    let (word, replacement) = ("domain", "address");
    // What the file must hold afterwards: the body with every occurrence replaced, the
    // front matter as it was. The search ignores case, so every occurrence must be in
    // lower case for the plain replacement below to say the same.
    let body = Post::parse(&original).body().to_owned();
    let front_matter = original
        .strip_suffix(&body)
        .expect("the body ends the file");
    assert_eq!(
        body.to_lowercase().matches(word).count(),
        body.matches(word).count(),
    );
    assert!(
        body.matches(word).count() >= 3,
        "the word occurs often enough"
    );
    let expected = format!("{front_matter}{}", body.replace(word, replacement));

    let (_display_process, display) = start_display();
    let (mut app, stderr) = start_app(&display, &home, Some(&post));
    let window = window(&display, &mut app, &stderr);
    // Let the first frames draw before typing.
    std::thread::sleep(Duration::from_millis(2000));
    let key = |keys: &str| {
        xdotool(&display, &["windowfocus", "--sync", &window]);
        xdotool(&display, &["key", keys]);
        std::thread::sleep(Duration::from_millis(400));
    };
    key("ctrl+h");
    type_text(&display, &window, word);
    std::thread::sleep(Duration::from_millis(400));
    key("Tab");
    type_text(&display, &window, replacement);
    std::thread::sleep(Duration::from_millis(400));
    key("ctrl+alt+Return");
    key("Escape");
    key("ctrl+s");
    let saved = poll(Duration::from_secs(30), || {
        std::fs::read_to_string(&post).is_ok_and(|text| text != original)
    });
    let said: Vec<String> = stderr.try_iter().collect();
    assert!(saved, "the post was saved; the window said {said:?}");
    let on_disk = std::fs::read(&post).expect("read the saved post");
    assert!(
        on_disk == expected.as_bytes(),
        "the file holds exactly the replacements; it differs from the expected text at byte \
         {:?}",
        on_disk
            .iter()
            .zip(expected.as_bytes())
            .position(|(a, b)| a != b)
    );
}
