//! `postwright export` as a user runs it: one post or many, pages and image folders on
//! disk, problems on standard error with their line.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postwright_core::export::ExportFile;
use postwright_io::files;

use support::scratch_dir;

fn postwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postwright"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn one_post_to_a_file_copies_its_images_beside_it() {
    let dir = scratch_dir("one");
    let out = dir.join("guide.html");
    let output = postwright(&["export", "sample_posts/kitchen-sink.md", "-o", path(&out)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(&out).expect("page written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("src=\"guide-images/post-anatomy.png\""));
    assert!(dir.join("guide-images/post-anatomy.png").is_file());
    assert!(
        text(&output.stderr).contains("and 4 images"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn one_post_to_stdout_embeds_its_images() {
    let output = postwright(&["export", "sample_posts/release-announcement.md"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = text(&output.stdout);
    assert!(html.contains("src=\"data:image/png;base64,"));
    let refused = postwright(&["export", "sample_posts/kitchen-sink.md", "--copy-images"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("needs -o FILE; or use --embed-images"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn a_folder_exports_every_post_with_progress() {
    let dir = scratch_dir("folder");
    let output = postwright(&[
        "export",
        "sample_posts",
        "-o",
        path(&dir),
        "--theme",
        "clean",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("[1/7] sample_posts/draft-note.md"),
        "{stderr}"
    );
    assert!(stderr.contains("[7/7]"), "{stderr}");
    assert!(stderr.contains("exported 7 of 7 posts"), "{stderr}");
    for name in [
        "draft-note",
        "kitchen-sink",
        "long-essay",
        "toml-front-matter",
    ] {
        assert!(dir.join(format!("{name}.html")).is_file(), "{name}");
    }
    assert!(
        dir.join("kitchen-sink-images/feature-usage-chart.png")
            .is_file()
    );
    let several = postwright(&[
        "export",
        "sample_posts/draft-note.md",
        "sample_posts/long-essay.md",
    ]);
    assert_eq!(several.status.code(), Some(2));
    assert!(
        text(&several.stderr).contains("-o FOLDER"),
        "{}",
        text(&several.stderr)
    );
}

#[test]
fn problems_are_listed_with_their_line() {
    let dir = scratch_dir("problems");
    let post = dir.join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: T\n---\n\nFine.\n\n[bad](javascript:alert(1)) and ![](missing.png)\n",
    )
    .expect("post written");
    let output = postwright(&["export", path(&post), "--body-only"]);
    assert!(output.status.success(), "issues are warnings, not failures");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("post.md:7: a link to a javascript: address was removed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("post.md:7: the image \"missing.png\" has no alt text"),
        "{stderr}"
    );
    assert!(!text(&output.stdout).contains("javascript:"));
}

#[test]
fn unknown_themes_are_refused_with_the_choices() {
    let output = postwright(&["export", "sample_posts/draft-note.md", "--theme", "neon"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("paper") && stderr.contains("clean"),
        "{stderr}"
    );
}

#[test]
fn trust_html_keeps_raw_html() {
    let dir = scratch_dir("trust");
    let post = dir.join("post.md");
    std::fs::write(&post, "<div onclick=\"go()\">x</div>\n").expect("post written");
    let sanitised = text(&postwright(&["export", path(&post), "--body-only"]).stdout);
    assert!(!sanitised.contains("onclick"), "{sanitised}");
    let trusted = text(&postwright(&["export", path(&post), "--body-only", "--trust-html"]).stdout);
    assert!(trusted.contains("onclick=\"go()\""), "{trusted}");
    std::fs::write(
        &post,
        "---\ntrust_html: true\n---\n<div onclick=\"go()\">x</div>\n",
    )
    .expect("post written");
    let by_front_matter = text(&postwright(&["export", path(&post), "--body-only"]).stdout);
    assert!(by_front_matter.contains("onclick"), "{by_front_matter}");
}

#[test]
fn write_export_refuses_paths_outside_the_page_folder() {
    let dir = scratch_dir("outside");
    let page = dir.join("page.html");
    for bad in ["../escape.png", "/tmp/absolute.png", ""] {
        let files = [ExportFile {
            path: PathBuf::from(bad),
            bytes: b"x".to_vec(),
        }];
        let error = files::write_export(&page, b"<p>", &files).expect_err(bad);
        assert!(
            error.to_string().contains("leaves the page's folder"),
            "{error}"
        );
    }
    assert!(!page.exists(), "nothing is written when a file is refused");
    let files = [ExportFile {
        path: PathBuf::from("page-images/a.png"),
        bytes: b"png".to_vec(),
    }];
    files::write_export(&page, b"<p>", &files).expect("written");
    assert_eq!(
        std::fs::read(dir.join("page-images/a.png")).expect("image"),
        b"png"
    );
}
