//! `postwright check` as pipelines and people use it: the JSON document's fields, the text
//! lines, exit codes 0, 1 and 2, and `--online` without touching the network.

mod support;

use std::process::{Command, Output};

use serde_json::Value;

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
fn json_report_has_stable_fields() {
    let output = postwright(&[
        "check",
        "--format",
        "json",
        "tests/data/links/hacked-recipe.md",
        "sample_posts/json-front-matter.md",
        "no/such/post.md",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let document: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(document["version"], 1);
    let files = document["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);

    let hacked = &files[0];
    assert_eq!(hacked["path"], "tests/data/links/hacked-recipe.md");
    assert_eq!(hacked["error"], Value::Null);
    assert_eq!(hacked["front_matter"], "YAML");
    assert!(
        hacked["statistics"]["words"]
            .as_u64()
            .is_some_and(|words| words > 100)
    );
    let findings = hacked["findings"].as_array().expect("findings");
    let hidden = findings
        .iter()
        .find(|finding| finding["rule"] == "hidden-link")
        .expect("hidden link reported");
    assert_eq!(hidden["severity"], "error");
    assert_eq!(hidden["url"], "https://www.best-online-casino.example/");
    assert_eq!(hidden["text"], "best online casino");
    assert_eq!(hidden["line"], 34, "the file's line, front matter counted");
    assert_eq!(hidden["column"], 1);
    assert!(
        hidden["body_range"]
            .as_array()
            .is_some_and(|range| range.len() == 2)
    );
    assert_eq!(hidden["field"], Value::Null);
    assert!(
        hidden["message"]
            .as_str()
            .is_some_and(|m| m.contains("display:none"))
    );
    for finding in findings {
        for key in [
            "rule",
            "severity",
            "message",
            "url",
            "text",
            "line",
            "column",
            "body_range",
            "field",
        ] {
            assert!(finding.get(key).is_some(), "{key} in {finding}");
        }
    }
    let links = hacked["links"].as_array().expect("links");
    let casino = links
        .iter()
        .find(|link| link["url"] == "https://www.best-online-casino.example/")
        .expect("link listed");
    assert_eq!(casino["kind"], "html");
    assert_eq!(casino["usage"], "link");
    assert_eq!(casino["domain"], "best-online-casino.example");
    assert_eq!(casino["hidden"], "display:none on <div>");
    let cover = links
        .iter()
        .find(|link| link["field"] == "cover_image")
        .expect("front-matter cover listed");
    assert_eq!(cover["line"], Value::Null);
    assert_eq!(hacked["counts"]["errors"], 3);

    let clean = &files[1];
    assert_eq!(clean["counts"]["errors"], 0);
    assert_eq!(clean["counts"]["warnings"], 0);

    let missing = &files[2];
    assert!(
        missing["error"]
            .as_str()
            .is_some_and(|error| error.contains("does not exist"))
    );
    let total_errors = document["counts"]["errors"].as_u64().expect("total");
    assert_eq!(total_errors, 4);
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    let clean = postwright(&["check", "sample_posts/json-front-matter.md"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stdout));
    let warnings = postwright(&["check", "sample_posts/draft-note.md"]);
    assert_eq!(
        warnings.status.code(),
        Some(1),
        "{}",
        text(&warnings.stdout)
    );
    let errors = postwright(&["check", "tests/data/links/dangerous-embeds.md"]);
    assert_eq!(errors.status.code(), Some(2), "{}", text(&errors.stdout));
    let mixed = postwright(&[
        "check",
        "sample_posts/draft-note.md",
        "sample_posts/json-front-matter.md",
    ]);
    assert_eq!(mixed.status.code(), Some(1));
}

#[test]
fn text_lines_name_file_line_and_rule() {
    let output = postwright(&["check", "tests/data/links/hacked-recipe.md"]);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("tests/data/links/hacked-recipe.md:34:1: error[hidden-link]: Hidden from readers by display:none"),
        "{stdout}"
    );
    assert!(
        stdout.contains("      https://www.best-online-casino.example/"),
        "{stdout}"
    );
    assert!(stdout.contains("warning[bare-url]"), "{stdout}");
    assert!(stdout.contains("3 errors, 7 warnings, 2 infos"), "{stdout}");
    assert!(stdout.contains("links: 9 to 7 domains"), "{stdout}");
}

#[test]
fn missing_files_are_checked_beside_the_post() {
    let dir = scratch_dir("files");
    std::fs::create_dir_all(dir.join("images")).expect("images folder");
    std::fs::write(dir.join("images/there.png"), b"png").expect("image");
    let post = dir.join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: Files\n---\n\n![Present](images/there.png)\n\n![Absent](images/gone.png)\n",
    )
    .expect("post");
    let output = postwright(&["check", post.to_str().expect("utf-8 path")]);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("post.md:7:1: error[missing-file]"),
        "{stdout}"
    );
    assert!(stdout.contains("images/gone.png"), "{stdout}");
    assert!(!stdout.contains("there.png\" beside"), "{stdout}");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn online_check_skips_private_addresses_without_a_request() {
    let dir = scratch_dir("online");
    let post = dir.join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: Local only\n---\n\nSee [the preview](http://127.0.0.1:9/draft) and [the notes](notes.md).\n",
    )
    .expect("post");
    let output = postwright(&["check", "--online", post.to_str().expect("utf-8 path")]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("checking 1 external address"), "{stderr}");
    assert!(
        stderr.contains("[1/1] skipped: a private or local address"),
        "{stderr}"
    );
    let stdout = text(&output.stdout);
    assert!(stdout.contains("warning[private-address]"), "{stdout}");
    assert!(!stdout.contains("broken-link"), "{stdout}");
}
