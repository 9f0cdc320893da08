//! The preview, the link audit and the export read a post the same way: every address
//! gets the same verdict from all three (`postwright_core::destination`), and every local
//! image is found by all three or by none (`postwright_core::local_file`).

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use postwright::ui::preview::{PreviewSettings, PreviewState, preview_ui};
use postwright_core::audit::{self, AuditOptions, Rule};
use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_core::metadata::Metadata;
use postwright_core::post::Post;
use postwright_core::preview::{self, BlockContent, LinkTarget, PreviewModel, classify_link};
use postwright_io::files;
use support::{elements, parse, scratch_dir};

/// What one reader of the post made of an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Refused: not opened, reported, removed.
    Dangerous,
    /// Let through.
    Harmless,
}

/// The links of a preview model, as the reader would click them.
fn preview_links(model: &PreviewModel) -> Vec<String> {
    model
        .blocks()
        .iter()
        .flat_map(|block| match &block.content {
            BlockContent::Paragraph(inline) => inline.links.clone(),
            _ => Vec::new(),
        })
        .map(|link| link.url)
        .collect()
}

/// The preview's verdict on the one link of `body`: dangerous when it refuses it for the
/// danger the audit and the export see. (It opens no relative link either, nor one with
/// control characters inside, but for reasons of its own.)
fn preview_verdict(body: &str) -> Verdict {
    let links = preview_links(&preview::build(body));
    assert_eq!(links.len(), 1, "{body:?}: {links:?}");
    match classify_link(&links[0]) {
        LinkTarget::Refused(reason) if reason.contains("never opened:") => Verdict::Dangerous,
        LinkTarget::Refused(_)
        | LinkTarget::External(_)
        | LinkTarget::Anchor(_)
        | LinkTarget::Relative(_) => Verdict::Harmless,
    }
}

fn audit_verdict(body: &str) -> Verdict {
    let (_, report) = audit::audit_post(&Post::parse(body), &AuditOptions::default());
    if report
        .findings
        .iter()
        .any(|finding| finding.rule == Rule::DangerousScheme)
    {
        Verdict::Dangerous
    } else {
        Verdict::Harmless
    }
}

/// The export's verdict: whether the page still holds an `<a href>` or `<img src>`
/// (read back by an HTML5 parser, which decodes what the browser decodes).
fn export_verdict(body: &str) -> Verdict {
    let html = export::body_html(&Post::parse(body), &ExportOptions::default());
    let dom = parse(&html);
    let kept = elements(&dom).iter().any(|element| {
        (element.name == "a" && element.attribute("href").is_some())
            || (element.name == "img" && element.attribute("src").is_some())
    });
    if kept {
        Verdict::Harmless
    } else {
        Verdict::Dangerous
    }
}

/// Addresses that browsers read as a script, written the ways that hide it, and their
/// harmless look-alikes.
const ADDRESSES: &[(&str, Verdict)] = &[
    ("javascript:alert(1)", Verdict::Dangerous),
    ("java\tscript:alert(1)", Verdict::Dangerous),
    ("JaVaScRiPt:alert(1)", Verdict::Dangerous),
    (" \u{1}\u{1f}javascript:alert(1)", Verdict::Dangerous),
    ("javascript:alert(1)\u{2}", Verdict::Dangerous),
    ("VBScript:msgbox(1)", Verdict::Dangerous),
    ("data:text/html;base64,PHNjcmlwdD4=", Verdict::Dangerous),
    ("file:///etc/passwd", Verdict::Dangerous),
    // Escapes are not decoded in a scheme: a relative link to a file named so.
    ("%6Aavascript:alert(1)", Verdict::Harmless),
    // U+007F is not a C0 control, so it is not stripped: relative again.
    ("\u{7f}javascript:alert(1)", Verdict::Harmless),
    ("https://example.org/javascript:alert(1)", Verdict::Harmless),
];

#[test]
fn markdown_links_get_one_verdict_from_preview_audit_and_export() {
    for &(address, expected) in ADDRESSES {
        // In angle brackets a destination may hold blanks and control characters.
        let body = format!("See [this](<{address}>).\n");
        let verdicts = (
            preview_verdict(&body),
            audit_verdict(&body),
            export_verdict(&body),
        );
        assert_eq!(
            verdicts,
            (expected, expected, expected),
            "{address:?} (preview, audit, export)"
        );
    }
}

#[test]
fn character_references_decoded_by_markdown_get_the_same_verdict() {
    for (body, expected) in [
        ("[x](&#106;avascript:alert(1))\n", Verdict::Dangerous),
        ("[x](&#x6A;ava&#x09;script:alert(1))\n", Verdict::Dangerous),
        ("[x](<&#32;javascript:alert(1)>)\n", Verdict::Dangerous),
        // Without its semicolon, Markdown leaves a reference as text: a relative link.
        ("[x](&#106avascript:alert(1))\n", Verdict::Harmless),
    ] {
        let verdicts = (
            preview_verdict(body),
            audit_verdict(body),
            export_verdict(body),
        );
        assert_eq!(verdicts, (expected, expected, expected), "{body:?}");
    }
}

#[test]
fn raw_html_addresses_get_the_verdict_of_their_decoded_value() {
    // The preview shows raw HTML as its source, with nothing to click; the audit and the
    // export read the attribute decoded, as a browser does.
    for (html, expected) in [
        (
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            Verdict::Dangerous,
        ),
        (
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            Verdict::Dangerous,
        ),
        (
            "<a href=\"java&Tab;script:alert(1)\">x</a>",
            Verdict::Dangerous,
        ),
        (
            "<a href=\"&#1; JAVASCRIPT:alert(1)\">x</a>",
            Verdict::Dangerous,
        ),
        (
            "<a href=\"&#37;6Aavascript:alert(1)\">x</a>",
            Verdict::Harmless,
        ),
        ("<a href=\"https://example.org/\">x</a>", Verdict::Harmless),
    ] {
        for body in [format!("{html}\n"), format!("Inline {html} here.\n")] {
            assert!(
                preview_links(&preview::build(&body)).is_empty(),
                "{body:?}: the preview has no link to follow"
            );
            let verdicts = (audit_verdict(&body), export_verdict(&body));
            assert_eq!(verdicts, (expected, expected), "{body:?} (audit, export)");
        }
    }
}

#[test]
fn images_get_one_verdict_from_audit_and_export() {
    for (address, expected) in [
        ("javascript:alert(1)", Verdict::Dangerous),
        (" Java\tScript:alert(1)", Verdict::Dangerous),
        ("data:image/svg+xml;base64,PHN2Zz4=", Verdict::Dangerous),
        ("data:text/html;base64,PHNjcmlwdD4=", Verdict::Dangerous),
        ("data:image/png;base64,iVBORw0KGgo=", Verdict::Harmless),
        ("https://example.org/a.png", Verdict::Harmless),
    ] {
        let body = format!("![An image](<{address}>)\n");
        let verdicts = (audit_verdict(&body), export_verdict(&body));
        assert_eq!(
            verdicts,
            (expected, expected),
            "{address:?} (audit, export)"
        );
    }
}

/// A post in `posts/` of a scratch folder, with images in every place a reference can
/// name one.
struct ImageFolder {
    root: PathBuf,
    posts: PathBuf,
}

const PIXEL: &[u8] = include_bytes!("data/links/images/build-times.png");

impl ImageFolder {
    fn new(name: &str) -> Self {
        let root = scratch_dir(name);
        let posts = root.join("posts");
        let write = |path: PathBuf| {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(&path, PIXEL).expect("image written");
        };
        write(posts.join("images/pixel.png"));
        write(root.join("shared/pixel.png"));
        write(root.join("elsewhere/pixel.png"));
        write(posts.join("images/café.png"));
        write(posts.join("images/two words.png"));
        std::fs::create_dir_all(posts.join("images/folder.png")).expect("folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("pixel.png", posts.join("images/link.png")).expect("symlink");
            symlink("nowhere.png", posts.join("images/dangling.png")).expect("symlink");
            symlink("folder.png", posts.join("images/folder-link.png")).expect("symlink");
        }
        ImageFolder { root, posts }
    }

    /// Every reference, and whether a readable image file is what it names.
    fn cases(&self) -> Vec<(String, bool)> {
        let elsewhere = self.root.join("elsewhere/pixel.png");
        let file_url = url::Url::from_file_path(&elsewhere).expect("an absolute path");
        let mut cases = vec![
            ("images/pixel.png".to_owned(), true),
            ("./images/pixel.png?v=2#top".to_owned(), true),
            ("../shared/pixel.png".to_owned(), true),
            (elsewhere.display().to_string(), true),
            (file_url.to_string(), true),
            ("images/caf%C3%A9.png".to_owned(), true),
            ("images/two%20words.png".to_owned(), true),
            ("<images/two words.png>".to_owned(), true),
            ("images/missing.png".to_owned(), false),
            ("../shared/missing.png".to_owned(), false),
            (
                self.root
                    .join("elsewhere/missing.png")
                    .display()
                    .to_string(),
                false,
            ),
            ("images/folder.png".to_owned(), false),
            ("images/".to_owned(), false),
        ];
        if cfg!(unix) {
            cases.extend([
                ("images/link.png".to_owned(), true),
                ("images/dangling.png".to_owned(), false),
                ("images/folder-link.png".to_owned(), false),
            ]);
        }
        cases
    }
}

/// Whether the preview window shows the image of `body`, whose alt text is `alt`, with
/// the post in `folder`: it draws it, or says why not.
fn preview_shows(body: &str, alt: &str, folder: &Path) -> bool {
    struct Preview {
        model: PreviewModel,
        metadata: Metadata,
        state: PreviewState,
        settings: PreviewSettings,
    }
    let preview = Preview {
        model: preview::build(body),
        metadata: Metadata::default(),
        state: PreviewState::default(),
        settings: PreviewSettings {
            base_folder: Some(folder.to_owned()),
            ..PreviewSettings::default()
        },
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(600.0, 400.0))
        .with_max_steps(40)
        .build_ui_state(
            |ui, preview: &mut Preview| {
                let _ = preview_ui(
                    ui,
                    &preview.model,
                    &preview.metadata,
                    &mut preview.state,
                    &preview.settings,
                );
            },
            preview,
        );
    // Local images are read on a thread of their own; wait until each is drawn or has
    // failed.
    for _ in 0..200 {
        harness.run();
        if harness.query_by_label_contains("Loading").is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let shown = harness.query_by_role_and_label(Role::Image, alt).is_some();
    let refused = harness
        .query_by_label_contains("Image not shown:")
        .is_some();
    assert_ne!(
        shown, refused,
        "{body:?}: the preview says one or the other"
    );
    shown
}

/// Whether the export copies the image of `body` beside the page, and whether it embeds
/// it in the page.
fn export_includes(body: &str, folder: &Path) -> (bool, bool) {
    let post = Post::parse(body);
    let mut read = |path: &Path| files::read_asset(path).map_err(|error| error.to_string());
    let copied = export::export_page(
        &post,
        Some(folder),
        &ExportOptions {
            images: ImageMode::copy_beside(Path::new("page.html")),
            ..ExportOptions::default()
        },
        &mut read,
    );
    let embedded = export::export_page(
        &post,
        Some(folder),
        &ExportOptions {
            images: ImageMode::Embed,
            ..ExportOptions::default()
        },
        &mut read,
    );
    (
        !copied.files.is_empty() && copied.html.contains("src=\"page-images/"),
        embedded.html.contains("src=\"data:image/png;base64,"),
    )
}

fn audit_calls_missing(body: &str, post_path: &Path) -> bool {
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(files::post_files(Some(post_path))),
    };
    let (_, report) = audit::audit_post(&Post::parse(body), &options);
    report
        .findings
        .iter()
        .any(|finding| finding.rule == Rule::MissingFile)
}

#[test]
fn preview_export_and_audit_agree_on_every_local_image() {
    let folder = ImageFolder::new("body-images");
    let post_path = folder.posts.join("post.md");
    for (reference, readable) in folder.cases() {
        let body = format!("![The picture]({reference})\n");
        let shown = preview_shows(&body, "The picture", &folder.posts);
        let (copied, embedded) = export_includes(&body, &folder.posts);
        let missing = audit_calls_missing(&body, &post_path);
        assert_eq!(
            (shown, copied, embedded, missing),
            (readable, readable, readable, !readable),
            "{reference:?}: (preview shows, export copies, export embeds, audit calls missing)"
        );
    }
}

#[test]
fn the_cover_image_is_found_like_the_body_images() {
    let folder = ImageFolder::new("cover-images");
    let post_path = folder.posts.join("post.md");
    for (reference, readable) in folder.cases() {
        let reference = reference.trim_start_matches('<').trim_end_matches('>');
        let text = format!(
            "---\ntitle: Covered\ncover_image: \"{reference}\"\ncover_alt: A cover\n---\nText.\n"
        );
        let post = Post::parse(&text);
        let mut read = |path: &Path| files::read_asset(path).map_err(|error| error.to_string());
        let exported = export::export_page(
            &post,
            Some(&folder.posts),
            &ExportOptions {
                images: ImageMode::copy_beside(Path::new("page.html")),
                ..ExportOptions::default()
            },
            &mut read,
        );
        let options = AuditOptions {
            saved_domains: None,
            local_files: Some(files::post_files(Some(&post_path))),
        };
        let (_, report) = audit::audit_post(&post, &options);
        let missing = report
            .findings
            .iter()
            .any(|finding| finding.rule == Rule::MissingFile);
        assert_eq!(
            (!exported.files.is_empty(), missing),
            (readable, !readable),
            "{reference:?}: (export copies the cover, audit calls it missing)"
        );
    }
}

/// A post whose footnotes are defined before, between and after their citations, and
/// one never cited.
const FOOTNOTES: &str = "[^early]: Defined before it is cited.\n\n\
    First [^b], then [^early], then [^b] again.\n\n\
    [^b]: The second note.\n\n\
    [^unused]: Never cited.\n";

#[test]
fn preview_and_export_number_footnotes_alike() {
    // Numbers follow the first citations (b, then early), the uncited note comes last.
    let expected_citations = ["1", "2", "1"];
    let expected_notes = [("b", 1), ("early", 2), ("unused", 3)];

    let model = preview::build(FOOTNOTES);
    let mut citations = Vec::new();
    for block in model.blocks() {
        if let BlockContent::Paragraph(inline) = &block.content {
            for (range, run) in inline.spans() {
                if run.style.footnote_reference {
                    citations.push(inline.text[range].to_owned());
                }
            }
        }
    }
    assert_eq!(citations, expected_citations, "the preview's citations");
    let mut notes: Vec<(usize, &str, u32)> = expected_notes
        .iter()
        .map(|&(label, _)| {
            let index = model
                .anchor(&format!("fn:{label}"))
                .expect("a footnote block");
            let number = match model.blocks()[index].nesting.levels[0].marker {
                Some(preview::Marker::Footnote(number)) => number,
                other => panic!("{label}: marker {other:?}"),
            };
            (index, label, number)
        })
        .collect();
    notes.sort();
    let shown: Vec<(&str, u32)> = notes
        .iter()
        .map(|&(_, label, number)| (label, number))
        .collect();
    assert_eq!(
        shown, expected_notes,
        "the preview's notes, in reading order"
    );

    let html = export::body_html(&Post::parse(FOOTNOTES), &ExportOptions::default());
    let dom = parse(&html);
    let elements = elements(&dom);
    let citations: Vec<&str> = html
        .split("role=\"doc-noteref\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(citations, expected_citations, "the export's citations");
    let notes: Vec<&str> = elements
        .iter()
        .filter(|element| element.name == "li")
        .filter_map(|element| element.attribute("id")?.strip_prefix("fn-"))
        .collect();
    let expected_order: Vec<&str> = expected_notes.iter().map(|&(label, _)| label).collect();
    assert_eq!(
        notes, expected_order,
        "the export's notes, in reading order"
    );
}
