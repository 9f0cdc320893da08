//! The exported page of every sample post: golden articles, valid HTML, metadata for
//! search engines and social sites, heading ids that agree with the outline, images.
//!
//! Golden articles live in tests/data/export/: the `<article>` element of each sample
//! post's page, so that a change to a theme's CSS or to the page head rewrites none of
//! them (the head, the CSS and the JSON-LD have tests of their own below). After a
//! deliberate change to the article, run `UPDATE_GOLDEN=1 cargo test --test export` and
//! review the diff.

mod support;

use std::collections::HashSet;
use std::path::Path;

use postwright_core::export::{self, ExportOptions, ImageMode, IssueKind};
use postwright_core::post::Post;
use postwright_core::stats;
use support::{SAMPLES, elements, export_sample, json_ld, manifest_dir, parse};

fn golden_options(name: &str) -> ExportOptions {
    ExportOptions {
        images: ImageMode::copy_beside(Path::new(&format!("{name}.html"))),
        ..ExportOptions::default()
    }
}

const ARTICLE_START: &str = "<article class=\"h-entry\">";
const ARTICLE_END: &str = "</article>\n";

/// The page split around its `<article>` element: before, the article, after.
fn split_at_article(html: &str) -> (&str, &str, &str) {
    let start = html.find(ARTICLE_START).expect("the page has an <article>");
    let end = html.rfind(ARTICLE_END).expect("the <article> is closed") + ARTICLE_END.len();
    (&html[..start], &html[start..end], &html[end..])
}

#[test]
fn every_sample_post_matches_its_golden_article() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let folder = manifest_dir().join("tests/data/export");
    let mut stale = Vec::new();
    for name in SAMPLES {
        let exported = export_sample(name, &golden_options(name));
        let (_, article, _) = split_at_article(&exported.html);
        let golden = folder.join(format!("{name}.article.html"));
        if update {
            std::fs::create_dir_all(&folder).expect("golden folder");
            std::fs::write(&golden, article).expect("golden written");
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|error| {
            panic!("{golden:?}: {error}; run UPDATE_GOLDEN=1 cargo test --test export")
        });
        if expected != article {
            let line = expected
                .lines()
                .zip(article.lines())
                .position(|(a, b)| a != b)
                .map_or(0, |index| index + 1);
            stale.push(format!("{name} (first difference on line {line})"));
        }
    }
    assert!(
        stale.is_empty(),
        "exported articles differ from tests/data/export: {stale:?}; if the change is \
         deliberate, run UPDATE_GOLDEN=1 cargo test --test export and review the diff"
    );
}

#[test]
fn every_sample_page_wraps_its_article_in_a_head_with_the_theme_css() {
    let stylesheet = export::theme(export::DEFAULT_THEME)
        .expect("the default theme exists")
        .stylesheet();
    for name in SAMPLES {
        let exported = export_sample(name, &golden_options(name));
        let (before, article, after) = split_at_article(&exported.html);
        assert!(
            before.starts_with("<!DOCTYPE html>\n<html lang=\""),
            "{name}: {before}"
        );
        assert!(
            before.ends_with("</head>\n<body>\n<main>\n"),
            "{name}: {before}"
        );
        assert_eq!(after, "</main>\n</body>\n</html>\n", "{name}");
        // Everything the reader sees is in the article; the head only describes it.
        for tag in ["<body", "<main", "<head>", "<style", "<script"] {
            assert!(!article.contains(tag), "{name}: {tag} inside the article");
        }
        let head = &before[..before.find("</head>").expect("head closed")];
        assert_eq!(head.matches("<style>").count(), 1, "{name}");
        let css_start = head.find("<style>\n").expect("style") + "<style>\n".len();
        let css_end = head.find("</style>").expect("style closed");
        assert!(
            head[css_start..css_end] == stylesheet,
            "{name}: the page's CSS is not the {} theme's stylesheet",
            export::DEFAULT_THEME
        );
        // The JSON-LD describes this post: its title, summary and words.
        let ld = json_ld(head);
        let post = support::load(&manifest_dir().join(format!("sample_posts/{name}.md")));
        let words = stats::analyze(post.body()).words;
        assert_eq!(ld["wordCount"], words, "{name}");
        assert_eq!(ld["headline"], exported.title.as_str(), "{name}");
        let dom = parse(&exported.html);
        let description = elements(&dom)
            .into_iter()
            .find(|element| {
                element.name == "meta" && element.attribute("name") == Some("description")
            })
            .and_then(|meta| meta.attribute("content").map(str::to_owned))
            .expect("a description");
        assert_eq!(ld["description"], description.as_str(), "{name}");
    }
}

#[test]
fn every_sample_page_is_valid_html_with_working_anchors() {
    for name in SAMPLES {
        let exported = export_sample(name, &golden_options(name));
        let dom = parse(&exported.html);
        let errors = dom.errors.borrow();
        assert!(errors.is_empty(), "{name}: HTML parse errors: {errors:?}");
        let elements = elements(&dom);
        let mut ids = HashSet::new();
        for element in &elements {
            if let Some(id) = element.attribute("id") {
                assert!(ids.insert(id.to_owned()), "{name}: duplicate id {id:?}");
            }
        }
        for element in &elements {
            if element.name == "a"
                && let Some(target) = element.attribute("href").and_then(|h| h.strip_prefix('#'))
            {
                assert!(ids.contains(target), "{name}: #{target} leads nowhere");
            }
        }
        let title = elements.iter().find(|e| e.name == "title").map(|_| ());
        assert!(title.is_some(), "{name}: no <title>");
        assert!(
            exported.html.contains("<html lang=\"en\">"),
            "{name}: no language"
        );
        assert!(exported.html.contains("<meta charset=\"utf-8\">"));
        assert!(exported.html.contains("name=\"viewport\""));
    }
}

#[test]
fn every_sample_page_describes_itself_to_search_engines() {
    for name in SAMPLES {
        let exported = export_sample(name, &golden_options(name));
        let html = &exported.html;
        assert!(!exported.title.trim().is_empty(), "{name}: empty title");
        assert!(
            html.contains(&format!("<title>{}</title>", escape(&exported.title))),
            "{name}: <title>"
        );
        for tag in [
            "property=\"og:type\" content=\"article\"",
            "property=\"og:title\"",
            "property=\"og:description\"",
            "name=\"description\"",
            "name=\"twitter:card\"",
            "name=\"twitter:title\"",
        ] {
            assert!(html.contains(tag), "{name}: no {tag}");
        }
        let ld = json_ld(html);
        assert_eq!(ld["@context"], "https://schema.org", "{name}");
        assert_eq!(ld["@type"], "BlogPosting", "{name}");
        assert_eq!(ld["headline"], exported.title.as_str(), "{name}");
        for class in ["h-entry", "p-name", "e-content"] {
            assert!(html.contains(class), "{name}: no {class}");
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn the_release_post_has_full_social_metadata() {
    let exported = export_sample(
        "release-announcement",
        &golden_options("release-announcement"),
    );
    let html = &exported.html;
    let canonical = "https://skerry.example.org/blog/skerry-1-4-released/";
    let image = format!("{canonical}release-announcement-images/skerry-1-4-cover.png");
    for tag in [
        format!("<link rel=\"canonical\" href=\"{canonical}\">"),
        format!("<meta property=\"og:url\" content=\"{canonical}\">"),
        format!("<meta property=\"og:image\" content=\"{image}\">"),
        "<meta property=\"og:image:alt\" content=\"A pale sky".to_owned(),
        "<meta property=\"article:published_time\" content=\"2026-10-14T10:00:00+02:00\">"
            .to_owned(),
        "<meta property=\"article:modified_time\" content=\"2026-10-20\">".to_owned(),
        "<meta property=\"article:tag\" content=\"static sites\">".to_owned(),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_owned(),
        "<a class=\"u-url\" href=\"https://skerry.example.org/blog/skerry-1-4-released/\">"
            .to_owned(),
        "<time class=\"dt-published\" datetime=\"2026-10-14T10:00:00+02:00\">14 October 2026</time>"
            .to_owned(),
        "<span class=\"p-job-title\">Release manager</span>".to_owned(),
        "<span class=\"p-org\">The Skerry Project</span>".to_owned(),
    ] {
        assert!(html.contains(&tag), "no {tag}");
    }
    let ld = json_ld(html);
    assert_eq!(ld["author"]["@type"], "Person");
    assert_eq!(ld["author"]["name"], "Ingrid Valtonen");
    assert_eq!(ld["author"]["jobTitle"], "Release manager");
    assert_eq!(ld["author"]["worksFor"]["@type"], "Organization");
    assert_eq!(ld["author"]["worksFor"]["name"], "The Skerry Project");
    assert_eq!(ld["datePublished"], "2026-10-14T10:00:00+02:00");
    assert_eq!(ld["dateModified"], "2026-10-20");
    assert_eq!(ld["mainEntityOfPage"]["@id"], canonical);
    assert_eq!(ld["image"][0], image.as_str());
    assert_eq!(ld["keywords"][1], "static sites");
    assert_eq!(exported.files.len(), 1);
}

#[test]
fn heading_ids_match_the_outline_of_every_sample_post() {
    for name in SAMPLES {
        let post = support::load(&manifest_dir().join(format!("sample_posts/{name}.md")));
        let outline: Vec<String> = stats::analyze(post.body())
            .outline
            .into_iter()
            .map(|heading| heading.id)
            .collect();
        let body = export::body_html(&post, &ExportOptions::default());
        let exported = heading_ids(&body);
        assert_eq!(exported, outline, "{name}");
    }
}

/// The ids of `<h1>`…`<h6>` in order.
fn heading_ids(html: &str) -> Vec<String> {
    let dom = parse(html);
    elements(&dom)
        .into_iter()
        .filter(|element| {
            element.name.len() == 2
                && element.name.starts_with('h')
                && element.name.as_bytes()[1].is_ascii_digit()
        })
        .map(|element| element.attribute("id").unwrap_or("").to_owned())
        .collect()
}

#[test]
fn heading_ids_match_the_outline_on_tricky_headings() {
    let body = "# Notes\n\n## Notes\n\n## `code` and *emphasis*\n\n## Explicit {#mine}\n\n\
                Setext with  \nbreak\n---\n\n## ![alt text](a.png) image\n\n## <kbd>K</kbd> key\n\n\
                > ## Quoted\n\n- ## In a list\n\n## Ünïcödé & more!\n\n##\n\n## mine\n";
    let post = Post::parse(body);
    let outline: Vec<String> = stats::analyze(body)
        .outline
        .into_iter()
        .map(|heading| heading.id)
        .collect();
    assert_eq!(
        heading_ids(&export::body_html(&post, &ExportOptions::default())),
        outline
    );
    assert!(outline.contains(&"mine-1".to_owned()), "{outline:?}");
}

#[test]
fn copied_images_are_rewritten_and_written_beside_the_page() {
    let exported = export_sample("kitchen-sink", &golden_options("kitchen-sink"));
    let names: Vec<String> = exported
        .files
        .iter()
        .map(|file| file.path.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "kitchen-sink-images/feature-usage-chart.png",
            "kitchen-sink-images/publishing-pipeline.png",
            "kitchen-sink-images/post-anatomy.png",
            "kitchen-sink-images/field-guide-cover.png",
        ]
    );
    let original = std::fs::read(manifest_dir().join("sample_posts/images/post-anatomy.png"))
        .expect("sample image");
    assert_eq!(exported.files[2].bytes, original);
    assert!(exported.html.contains(
        "<img src=\"kitchen-sink-images/feature-usage-chart.png\" alt=\"Bar chart of how many"
    ));
    assert!(
        exported
            .html
            .contains("width=\"1000\" height=\"600\" loading=\"lazy\"")
    );
    assert!(
        !exported.html.contains("src=\"images/"),
        "no image left unrewritten"
    );
}

#[test]
fn embedded_images_make_one_self_contained_file() {
    let options = ExportOptions {
        images: ImageMode::Embed,
        ..ExportOptions::default()
    };
    let exported = export_sample("kitchen-sink", &options);
    assert!(exported.files.is_empty());
    assert_eq!(
        exported
            .html
            .matches("src=\"data:image/png;base64,")
            .count(),
        4
    );
    assert!(!exported.html.contains("src=\"images/"));
}

#[test]
fn missing_images_and_missing_alt_text_are_reported() {
    let body = "![](images/nowhere.png)\n\n![A chart](images/feature-usage-chart.png)\n";
    let post = Post::parse(body);
    let folder = manifest_dir().join("sample_posts");
    let mut read =
        |path: &Path| postwright_io::files::read_asset(path).map_err(|error| error.to_string());
    let exported = export::export_page(&post, Some(&folder), &ExportOptions::default(), &mut read);
    let kinds: Vec<IssueKind> = exported.issues.iter().map(|issue| issue.kind).collect();
    assert!(
        kinds.contains(&IssueKind::MissingAltText),
        "{:?}",
        exported.issues
    );
    let missing = exported
        .issues
        .iter()
        .find(|issue| issue.kind == IssueKind::MissingImage)
        .expect("the missing image is reported");
    assert_eq!(missing.range, Some(0..23));
    assert!(
        missing.message.contains("images/nowhere.png"),
        "{}",
        missing.message
    );
    // The missing image keeps its address, so the author sees it broken, not gone.
    assert!(
        exported
            .html
            .contains("<img src=\"images/nowhere.png\" alt=\"\" />")
    );
    assert!(exported.html.contains("src=\"data:image/png;base64,"));
}

#[test]
fn body_only_and_copy_html_leave_the_page_out() {
    let post = support::load(&manifest_dir().join("sample_posts/kitchen-sink.md"));
    let body = export::body_html(&post, &ExportOptions::default());
    assert!(!body.contains("<html") && !body.contains("<head"));
    assert!(
        body.contains("<img src=\"images/feature-usage-chart.png\""),
        "paths as written"
    );
    assert!(body.contains("<section class=\"footnotes\""));
    assert!(body.contains("<span class=\"hl-kw\">pub</span>"));
}

#[test]
fn a_post_without_a_title_takes_its_opening_heading() {
    let exported = export_sample("no-front-matter", &ExportOptions::default());
    assert_eq!(
        exported.title,
        "Why I Still Start Every Draft in a Plain Text File"
    );
    // The heading became the page's title: it is not repeated in the body.
    assert_eq!(exported.html.matches("<h1").count(), 1);
    assert!(exported.html.contains(
        "<h1 class=\"p-name post-title\" id=\"why-i-still-start-every-draft-in-a-plain-text-file\">"
    ));
}

#[test]
fn toc_follows_options_and_front_matter() {
    // kitchen-sink.md says `toc: true`; release-announcement.md says nothing.
    let with = export_sample("kitchen-sink", &ExportOptions::default());
    assert!(with.html.contains("<nav class=\"toc\""));
    let without = export_sample("release-announcement", &ExportOptions::default());
    assert!(!without.html.contains("<nav class=\"toc\""));
    let asked = export_sample(
        "release-announcement",
        &ExportOptions {
            toc: true,
            ..ExportOptions::default()
        },
    );
    assert!(asked.html.contains("<nav class=\"toc\""));
}

#[test]
fn external_links_get_rel_and_options_add_nofollow_ugc() {
    let post = Post::parse("[a](https://example.org/) [b](/local) [c](#x) [d](other.md#y)\n");
    let plain = export::body_html(&post, &ExportOptions::default());
    assert!(plain.contains("<a href=\"https://example.org/\" rel=\"noopener\">a</a>"));
    assert!(plain.contains("<a href=\"/local\">b</a>"));
    assert!(plain.contains("<a href=\"#x\">c</a>"));
    assert!(plain.contains("<a href=\"other.html#y\">d</a>"));
    let options = ExportOptions {
        nofollow: true,
        ugc: true,
        ..ExportOptions::default()
    };
    let marked = export::body_html(&post, &options);
    assert!(marked.contains("rel=\"noopener nofollow ugc\""));
}

#[test]
fn themes_change_the_style_only() {
    let paper = export_sample("toml-front-matter", &ExportOptions::default());
    let clean = export_sample(
        "toml-front-matter",
        &ExportOptions {
            theme: "clean".into(),
            ..ExportOptions::default()
        },
    );
    assert_ne!(paper.html, clean.html);
    let body = |html: &str| html[html.find("</style>").expect("style")..].to_owned();
    assert_eq!(body(&paper.html), body(&clean.html));
    let unknown = export_sample(
        "toml-front-matter",
        &ExportOptions {
            theme: "neon".into(),
            ..ExportOptions::default()
        },
    );
    assert!(
        unknown
            .issues
            .iter()
            .any(|issue| issue.message.contains("\"neon\""))
    );
}

#[test]
fn deep_nesting_and_pathological_input_export_without_overflow() {
    let inputs = [
        format!("{}a\n", "> ".repeat(50_000)),
        (0..1_000)
            .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
            .collect(),
        format!("{}b{}", "*a **a ".repeat(20_000), " a** a*".repeat(20_000)),
        format!("{}a{}", "[".repeat(50_000), "]".repeat(50_000)),
        format!("{}\n", "<div>".repeat(50_000)),
        format!("para {}\n", "<b>".repeat(50_000)),
        "a\u{0}b [^x] [^x]\n\n[^x]: note\n".to_owned(),
    ];
    for input in inputs {
        let post = Post::parse(&input);
        let mut read = |_: &Path| -> Result<Vec<u8>, String> { Err("none".into()) };
        let exported = export::export_page(&post, None, &ExportOptions::default(), &mut read);
        assert!(exported.html.ends_with("</html>\n"));
    }
}
