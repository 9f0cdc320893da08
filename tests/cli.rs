//! The command line, run as a user would: the real binary, real files.

mod support;

use std::process::{Command, Output};

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

#[test]
fn help_and_version() {
    let help = postwright(&["--help"]);
    assert!(help.status.success());
    let help = text(&help.stdout);
    for word in ["export", "check", "Usage"] {
        assert!(help.contains(word), "{help}");
    }
    let version = postwright(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout).trim(),
        format!("postwright {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn export_writes_body_html_to_stdout() {
    let output = postwright(&["export", "sample_posts/kitchen-sink.md", "--body-only"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = text(&output.stdout);
    assert!(html.contains("<table>"), "tables render");
    assert!(html.contains("<del>"), "strikethrough renders");
    assert!(html.contains("type=\"checkbox\""), "task lists render");
    assert!(
        !html.contains("cover_alt"),
        "front matter is never rendered"
    );
}

#[test]
fn export_writes_to_a_file() {
    let dir = scratch_dir("export");
    let out = dir.join("post.html");
    let output = postwright(&[
        "export",
        "sample_posts/toml-front-matter.md",
        "--body-only",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("<h2"), "{html}");
    assert!(!html.contains("+++"));
}

#[test]
fn check_reports_statistics_and_front_matter() {
    let output = postwright(&[
        "check",
        "sample_posts/long-essay.md",
        "sample_posts/no-front-matter.md",
    ]);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("sample_posts/long-essay.md"), "{stdout}");
    assert!(stdout.contains("min read"), "{stdout}");
    assert!(stdout.contains("words"), "{stdout}");
}

#[test]
fn check_reports_malformed_front_matter_with_its_line() {
    let dir = scratch_dir("malformed");
    let post = dir.join("broken.md");
    std::fs::write(&post, "---\ntitle: A\ntags: [a, b\n---\nBody\n").expect("write");
    let output = postwright(&["check", post.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("YAML front matter, line 3"), "{stdout}");
}

#[test]
fn missing_file_is_an_error_on_stderr() {
    for args in [
        &["export", "no/such/post.md"][..],
        &["check", "no/such/post.md"][..],
    ] {
        let output = postwright(args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("\"no/such/post.md\" does not exist"),
            "{stderr}"
        );
    }
}

#[test]
fn a_folder_is_checked_as_a_site() {
    let output = postwright(&["check", "sample_posts"]);
    assert!(
        text(&output.stderr).contains("checking 7 posts of the Plain folder site"),
        "{}",
        text(&output.stderr)
    );
    let report = text(&output.stdout);
    assert!(report.contains("sample_posts/kitchen-sink.md"), "{report}");
    assert!(report.contains("all posts: "), "{report}");
}

#[test]
fn unknown_arguments_fail_with_usage() {
    let output = postwright(&["export"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("Usage"),
        "{}",
        text(&output.stderr)
    );
}
