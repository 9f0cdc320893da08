//! Front matter through the post model: byte-identical round trips, metadata edits that
//! touch only what changed, and malformed input that still opens.

use std::path::Path;

use postwright_core::audit::{self, AuditOptions, Rule};
use postwright_core::export::{self, ExportOptions};
use postwright_core::front_matter::Format;
use postwright_core::metadata::{Author, Metadata, RelatedLink};
use postwright_core::post::{LineEnding, Post};

fn sample(name: &str) -> String {
    let path = format!("{}/sample_posts/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sample_names() -> Vec<String> {
    let folder = format!("{}/sample_posts", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("sample_posts")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    names
}

/// The text as a file of another layout would hold it.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let crlf = text.replace('\n', "\r\n");
    vec![
        ("lf", text.to_owned()),
        ("crlf", crlf.clone()),
        ("bom", format!("\u{feff}{text}")),
        ("bom+crlf", format!("\u{feff}{crlf}")),
        ("no final newline", text.trim_end_matches('\n').to_owned()),
        (
            "crlf, no final newline",
            crlf.trim_end_matches(['\r', '\n']).to_owned(),
        ),
    ]
}

#[test]
fn every_sample_post_round_trips_in_every_layout() {
    for name in sample_names() {
        for (layout, text) in variants(&sample(&name)) {
            let post = Post::parse(&text);
            assert_eq!(post.to_text(), text, "{name} ({layout})");
            assert!(
                post.front_matter_error().is_none(),
                "{name} ({layout}): {:?}",
                post.front_matter_error()
            );
        }
    }
}

#[test]
fn crlf_is_remembered_and_hidden_from_the_editor() {
    let post = Post::parse("---\r\ntitle: A\r\n---\r\nLine one\r\nLine two\r\n");
    assert_eq!(post.layout().line_ending, LineEnding::CrLf);
    assert_eq!(post.body(), "Line one\nLine two\n");
    assert_eq!(post.metadata().title, "A");
}

#[test]
fn mixed_line_endings_are_kept_as_they_are() {
    let text = "---\ntitle: A\r\n---\nOne\r\nTwo\n";
    assert_eq!(Post::parse(text).to_text(), text);
}

/// Every key of the front matter, in order.
fn keys(post: &Post) -> Vec<String> {
    post.front_matter()
        .and_then(|front_matter| front_matter.fields().ok())
        .map(|fields| fields.keys().cloned().collect())
        .unwrap_or_default()
}

/// Applies `edit` and checks that the body's bytes, the unknown keys and the key order
/// survive, returning the new file text.
fn edit_and_check(name: &str, edit: impl Fn(&mut Metadata)) -> (Post, String) {
    let original = sample(name);
    for (layout, text) in variants(&original) {
        let mut post = Post::parse(&text);
        let body_before = post.body().to_owned();
        let keys_before = keys(&post);
        let mut metadata = post.metadata().clone();
        edit(&mut metadata);
        post.set_metadata(&metadata)
            .unwrap_or_else(|e| panic!("{name} ({layout}): {e}"));
        assert_eq!(
            post.metadata(),
            &metadata,
            "{name} ({layout}) reads back what was set"
        );
        assert_eq!(post.body(), body_before, "{name} ({layout}) body untouched");
        let saved = post.to_text();
        assert!(
            saved.ends_with(&text[text.len() - 40..]),
            "{name} ({layout}): body bytes kept"
        );
        let reopened = Post::parse(&saved);
        assert_eq!(
            reopened.metadata(),
            &metadata,
            "{name} ({layout}) survives a save"
        );
        assert_eq!(
            reopened.layout(),
            post.layout(),
            "{name} ({layout}) layout kept"
        );
        let keys_after = keys(&reopened);
        let kept: Vec<&String> = keys_after
            .iter()
            .filter(|k| keys_before.contains(k))
            .collect();
        let expected: Vec<&String> = keys_before
            .iter()
            .filter(|k| keys_after.contains(k))
            .collect();
        assert_eq!(kept, expected, "{name} ({layout}) key order");
    }
    let mut post = Post::parse(&original);
    let mut metadata = post.metadata().clone();
    edit(&mut metadata);
    post.set_metadata(&metadata).expect("edit");
    let saved = post.to_text();
    (post, saved)
}

#[test]
fn yaml_edit_keeps_comments_quoting_and_unknown_keys() {
    let (_, saved) = edit_and_check("release-announcement.md", |metadata| {
        metadata.title = "Skerry 1.4: faster builds".into();
        metadata.tags.push("new tag".into());
        metadata.author.role = "Release lead".into();
        metadata.links.swap(0, 1);
    });
    let original = sample("release-announcement.md");
    assert!(
        saved.contains("# Release post for Skerry 1.4. Reviewed by the core team on 2026-10-12.\n")
    );
    assert!(
        saved.contains("# Keys below are read by our theme only, not by the site generator.\n")
    );
    assert!(
        saved.contains("title: \"Skerry 1.4: faster builds\"\n"),
        "{saved}"
    );
    assert!(
        saved.contains("  role: \"Release lead\"\n") || saved.contains("  role: Release lead\n"),
        "{saved}"
    );
    // Untouched entries keep their bytes, quoting included.
    for line in [
        "updated: '2026-10-20'",
        "categories: [announcements, releases]",
        "series: release-notes",
        "weight: 10",
        "comments: true",
    ] {
        assert!(original.contains(line) && saved.contains(line), "{line}");
    }
}

#[test]
fn toml_edit_keeps_tables_comments_and_datetimes() {
    let (post, saved) = edit_and_check("toml-front-matter.md", |metadata| {
        metadata.summary = "A shorter summary, still long enough to be useful in a listing.".into();
        metadata.draft = true;
        metadata.links.push(RelatedLink {
            label: "Changelog".into(),
            url: "https://example.org/changes".into(),
        });
    });
    assert_eq!(post.front_matter().map(|f| f.format()), Some(Format::Toml));
    assert!(
        saved.starts_with("+++\n# Front matter in TOML, as used by Hugo and Zola.\n"),
        "{saved}"
    );
    assert!(saved.contains("date = 2026-05-02T08:00:00Z\n"));
    assert!(saved.contains("draft = true\n"));
    assert!(saved.contains("[extra]\nshow_related = true\nnewsletter_issue = 42\n"));
    assert_eq!(saved.matches("[[links]]").count(), 3, "{saved}");
}

#[test]
fn json_edit_keeps_layout_and_unknown_keys() {
    let (_, saved) = edit_and_check("json-front-matter.md", |metadata| {
        metadata.title = "Alt Text Is Writing \"Too\"".into();
        metadata.author = Author {
            name: "Dagny Holm".into(),
            role: String::new(),
            organisation: "Fernhill".into(),
            url: String::new(),
        };
        metadata.cover_image = "images/post-anatomy.png".into();
    });
    assert!(
        saved.starts_with("{\n  \"title\": \"Alt Text Is Writing \\\"Too\\\"\",\n"),
        "{saved}"
    );
    assert!(saved.contains("\"aliases\": [\"/2026/07/alt-text/\"],\n"));
    assert!(
        saved.contains("\"cover_image\": \"images/post-anatomy.png\"\n}\n"),
        "{saved}"
    );
}

#[test]
fn post_without_front_matter_gains_one_in_the_chosen_format() {
    for format in [Format::Yaml, Format::Toml, Format::Json] {
        let text = sample("no-front-matter.md");
        let mut post = Post::parse(&text);
        post.set_new_front_matter_format(format);
        let mut metadata = post.metadata().clone();
        metadata.title = "Drafting in plain text".into();
        metadata.tags = vec!["writing".into()];
        post.set_metadata(&metadata).expect("edit");
        let saved = post.to_text();
        assert!(saved.ends_with(&text), "{format}: the body is unchanged");
        let reopened = Post::parse(&saved);
        assert_eq!(reopened.front_matter().map(|f| f.format()), Some(format));
        assert_eq!(reopened.metadata().title, "Drafting in plain text");
        assert_eq!(reopened.body(), text);
    }
}

#[test]
fn body_edit_leaves_front_matter_bytes_alone() {
    for name in sample_names() {
        let text = sample(&name);
        let mut post = Post::parse(&text);
        let prefix_len = text.len() - post.body().len();
        post.body_mut().push_str("\nA new closing line.\n");
        let saved = post.to_text();
        assert_eq!(&saved[..prefix_len], &text[..prefix_len], "{name}");
    }
}

#[test]
fn malformed_front_matter_opens_the_body_and_keeps_the_raw_text() {
    let cases = [
        (
            Format::Yaml,
            "---\ntitle: A\ntags: [one, two\nsummary: x\n---\nThe body.\n",
            3,
        ),
        (
            Format::Toml,
            "+++\ntitle = \"A\"\ndate = 2026-13-45\n+++\nThe body.\n",
            3,
        ),
        (
            Format::Json,
            "{\n  \"title\": \"A\",\n  \"tags\": [\"a\",, \"b\"]\n}\nThe body.\n",
            3,
        ),
    ];
    for (format, text, line) in cases {
        let mut post = Post::parse(text);
        let error = post
            .front_matter_error()
            .unwrap_or_else(|| panic!("{format}: expected an error"))
            .clone();
        assert_eq!(error.format, format);
        assert!(error.line.is_some_and(|l| l >= line), "{format}: {error}");
        assert!(
            error
                .to_string()
                .contains(&format!("{format} front matter, line ")),
            "{error}"
        );
        assert_eq!(post.body(), "The body.\n", "{format}");
        assert_eq!(post.to_text(), text, "{format}: raw kept verbatim");
        assert!(!post.metadata_editable());
        let mut metadata = post.metadata().clone();
        metadata.title = "B".into();
        assert!(
            post.set_metadata(&metadata).is_err(),
            "{format}: no edit on a broken block"
        );
        assert_eq!(
            post.to_text(),
            text,
            "{format}: a refused edit changes nothing"
        );
    }
}

#[test]
fn fixing_the_raw_front_matter_makes_it_editable_again() {
    let mut post = Post::parse("---\ntitle: [A\n---\nBody\n");
    assert!(post.front_matter_error().is_some());
    post.set_front_matter_raw("title: A\n".into());
    assert!(post.front_matter_error().is_none());
    assert_eq!(post.metadata().title, "A");
    assert_eq!(post.to_text(), "---\ntitle: A\n---\nBody\n");
}

#[test]
fn unclosed_front_matter_keeps_everything_as_body() {
    let text = "---\ntitle: A\n\nThe body, with no closing line.\n";
    let post = Post::parse(text);
    let error = post.front_matter_error().expect("error");
    assert_eq!(error.line, Some(1));
    assert_eq!(post.body(), text);
    assert_eq!(post.to_text(), text);
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (previous, name) = (pair[0], pair[1]);
        let aliases = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    yaml.push_str("---\nBody\n");
    let post = Post::parse(&yaml);
    let error = post
        .front_matter_error()
        .expect("the budget refuses the bomb");
    assert_eq!(error.format, Format::Yaml);
    assert_eq!(post.body(), "Body\n");
    assert_eq!(post.to_text(), yaml);
}

#[test]
fn json_nested_past_the_limit_is_an_error_not_a_crash() {
    let depth = 10_000;
    let text = format!(
        "{{\"a\": {}{}}}\nBody\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let post = Post::parse(&text);
    assert!(
        post.front_matter_error()
            .is_some_and(|e| e.format == Format::Json)
    );
    assert_eq!(post.to_text(), text);
}

/// Found by the `front_matter_round_trip` fuzzer on the TOML sample post: a tag made of
/// the file's first characters, `+++` and a line break, was written as a multi-line TOML
/// string, whose `+++` line then ended the front matter early when the file was read
/// again, turning half of it into body text. Values with line breaks are now written on
/// one line with `\n` escapes, and any edit whose block would no longer end at its own
/// closing line is refused.
#[test]
fn a_value_with_a_fence_line_cannot_end_the_front_matter_early() {
    for (text, fence) in [
        ("+++\ntitle = \"T\"\n+++\nBody\n", "+++"),
        ("---\ntitle: T\n---\nBody\n", "---"),
        ("{\n  \"title\": \"T\"\n}\nBody\n", "+++"),
    ] {
        for value in [
            format!("{fence}\n# Front"),
            format!("a\n{fence}\nb"),
            format!("a\n{fence}   \nb\r\nc"),
            "a\n---\n+++\n}\nz".to_owned(),
        ] {
            let mut post = Post::parse(text);
            let mut metadata = post.metadata().clone();
            metadata.tags.push(value.clone());
            metadata.summary = value.clone();
            match post.set_metadata(&metadata) {
                Ok(()) => {
                    let saved = post.to_text();
                    let reopened = Post::parse(&saved);
                    assert_eq!(reopened.body(), "Body\n", "{value:?} in {saved}");
                    assert_eq!(reopened.metadata(), &metadata, "{saved}");
                }
                Err(error) => panic!("{value:?} refused in {text:?}: {error}"),
            }
        }
    }
}

/// YAML 1.1 reads `no`, `Yes` and `N` as booleans; a field that holds text keeps the
/// scalar as written, from the form to the exported page.
#[test]
fn yaml_1_1_scalars_keep_their_text() {
    let text = "---\ntitle: Yes\nauthor: N\nlang: no\ntags: [on, Off, 2024]\nsummary: 1.50\n\
                draft: no\nextra: yes # a key the form does not show\n---\nHei!\n";
    let mut post = Post::parse(text);
    assert_eq!(post.to_text(), text, "opened and saved unchanged");
    let metadata = post.metadata().clone();
    assert_eq!(metadata.title, "Yes");
    assert_eq!(metadata.author.name, "N");
    assert_eq!(metadata.language, "no");
    assert_eq!(metadata.tags, ["on", "Off", "2024"]);
    assert_eq!(metadata.summary, "1.50");
    assert!(!metadata.draft, "draft: no is still false");
    let typed = post
        .front_matter()
        .and_then(|front_matter| front_matter.fields().ok())
        .expect("fields");
    assert_eq!(
        typed["extra"],
        serde_json::Value::Bool(true),
        "other keys keep their type"
    );

    let (_, report) = audit::audit_post(&post, &AuditOptions::default());
    assert!(
        !report
            .findings
            .iter()
            .any(|finding| finding.rule == Rule::InvalidLanguage),
        "no is Norwegian"
    );
    let mut read = |_: &Path| -> Result<Vec<u8>, String> { Err("none".into()) };
    let page = export::export_page(&post, None, &ExportOptions::default(), &mut read).html;
    assert!(page.contains("<html lang=\"no\""), "{page}");
    assert!(page.contains("<title>Yes</title>"), "{page}");
    assert!(!page.contains("false"), "{page}");

    // Editing one field rewrites only that one; the others keep their bytes.
    let mut edited = metadata.clone();
    edited.summary = "A short summary of the post, long enough for a listing page.".into();
    post.set_metadata(&edited).expect("edit");
    let saved = post.to_text();
    for line in [
        "title: Yes\n",
        "author: N\n",
        "lang: no\n",
        "tags: [on, Off, 2024]\n",
        "draft: no\n",
    ] {
        assert!(saved.contains(line), "{line:?} kept in {saved}");
    }
    assert_eq!(post.metadata(), &edited);

    // Editing a field that held such a scalar writes text that every reader reads as text.
    let mut renamed = edited.clone();
    renamed.title = "No".into();
    renamed.language = "nb".into();
    post.set_metadata(&renamed).expect("edit");
    let saved = post.to_text();
    assert!(
        saved.contains("title: \"No\"\n") || saved.contains("title: 'No'\n"),
        "{saved}"
    );
    assert!(saved.contains("lang: nb\n"), "{saved}");
    assert_eq!(Post::parse(&saved).metadata(), &renamed);
}

#[test]
fn a_language_that_is_no_tag_is_reported() {
    let post = Post::parse("---\ntitle: Notes\nlang: English\n---\nText.\n");
    let (_, report) = audit::audit_post(&post, &AuditOptions::default());
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.rule == Rule::InvalidLanguage)
        .expect("reported");
    assert!(
        finding.message.contains("\"English\""),
        "{}",
        finding.message
    );
    let mut read = |_: &Path| -> Result<Vec<u8>, String> { Err("none".into()) };
    let exported = export::export_page(&post, None, &ExportOptions::default(), &mut read);
    assert!(!exported.html.contains("lang=\"English\""));
}
