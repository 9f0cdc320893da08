//! The preview model, without any window: every element of the dialect, source ranges,
//! hashes that survive edits elsewhere, and inputs deep or odd enough to break a recursive
//! builder.

use std::path::Path;

use postwright_core::post::Post;
use postwright_core::preview::{
    Alignment, Block, BlockContent, Container, MAX_VISUAL_DEPTH, Marker, PreviewModel, Spacing,
    build,
};

fn sample(name: &str) -> Post {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_posts")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("sample post");
    Post::parse(&text)
}

fn source<'a>(body: &'a str, block: &Block) -> &'a str {
    &body[block.range.clone()]
}

fn headings(model: &PreviewModel) -> Vec<(u8, &str, &str)> {
    model
        .blocks()
        .iter()
        .filter_map(|block| match &block.content {
            BlockContent::Heading { level, id, text } => {
                Some((*level, id.as_str(), text.text.as_str()))
            }
            _ => None,
        })
        .collect()
}

fn paragraph_containing<'a>(model: &'a PreviewModel, needle: &str) -> &'a Block {
    model
        .blocks()
        .iter()
        .find(|block| matches!(&block.content, BlockContent::Paragraph(inline) if inline.text.contains(needle)))
        .unwrap_or_else(|| panic!("no paragraph with {needle:?}"))
}

#[test]
fn every_sample_post_gives_blocks_whose_ranges_hold_their_text() {
    let names = [
        "draft-note.md",
        "json-front-matter.md",
        "kitchen-sink.md",
        "long-essay.md",
        "no-front-matter.md",
        "release-announcement.md",
        "toml-front-matter.md",
    ];
    for name in names {
        let post = sample(name);
        let body = post.body();
        let model = build(body);
        assert!(model.blocks().len() > 3, "{name}");
        for block in model.blocks() {
            assert!(block.range.end <= body.len(), "{name}: {block:?}");
            assert!(
                body.is_char_boundary(block.range.start) && body.is_char_boundary(block.range.end)
            );
            let text = source(body, block);
            match &block.content {
                BlockContent::Paragraph(inline) => {
                    // The first word a reader sees is written in the block's source.
                    let word: String = inline
                        .text
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .take(4)
                        .collect();
                    assert!(text.contains(&word), "{name}: {word:?} not in {text:?}");
                }
                BlockContent::Heading { .. } => {
                    assert!(
                        text.starts_with('#') || text.contains("\n="),
                        "{name}: {text:?}"
                    )
                }
                BlockContent::Code { code, .. } => {
                    let first = code.lines().next().unwrap_or("").trim();
                    assert!(text.contains(first), "{name}: {first:?} not in {text:?}");
                }
                BlockContent::Image(image) => {
                    assert!(text.starts_with("!["), "{name}: {text:?}");
                    assert!(text.contains(&image.url));
                }
                BlockContent::Table(_) => assert!(text.starts_with('|'), "{name}: {text:?}"),
                BlockContent::Html(html) => {
                    assert!(text.starts_with(html.lines().next().unwrap_or("")))
                }
                BlockContent::Rule => assert!(text.trim().chars().all(|c| "-*_ ".contains(c))),
                BlockContent::FootnotesHeading => assert!(block.range.is_empty()),
            }
        }
    }
}

#[test]
fn kitchen_sink_has_every_element_of_the_dialect() {
    let post = sample("kitchen-sink.md");
    let body = post.body();
    let model = build(body);
    let blocks = model.blocks();

    // Headings by level, with GitHub-style and explicit ids.
    let headings = headings(&model);
    assert!(headings.contains(&(
        2,
        "why-we-bother-with-a-guide",
        "Why we bother with a guide"
    )));
    assert!(headings.contains(&(3, "linking-to-a-heading", "Linking to a heading")));
    assert!(headings.contains(&(4, "a-note-on-level-four", "A note on level four")));
    assert!(headings.contains(&(2, "asides", "Footnotes and asides")));
    assert!(headings.contains(&(
        2,
        "code-fenced-indented-and-inline",
        "Code: fenced, indented and inline"
    )));

    // Inline styles.
    let emphasis = paragraph_containing(&model, "Use emphasis");
    let BlockContent::Paragraph(inline) = &emphasis.content else {
        unreachable!()
    };
    let styled = |predicate: &dyn Fn(&postwright_core::preview::Style) -> bool| -> Vec<&str> {
        inline
            .spans()
            .filter(|(_, run)| predicate(&run.style))
            .map(|(range, _)| &inline.text[range])
            .collect()
    };
    assert!(styled(&|s| s.emphasis && !s.strong).contains(&"emphasis"));
    assert!(styled(&|s| s.strong && !s.emphasis).contains(&"strong emphasis"));
    assert!(styled(&|s| s.strong && s.emphasis).contains(&"like this"));
    assert!(styled(&|s| s.strikethrough).contains(&"ten minutes"));
    let code = paragraph_containing(&model, "Inline code uses backticks");
    let BlockContent::Paragraph(inline) = &code.content else {
        unreachable!()
    };
    assert!(
        inline
            .spans()
            .any(|(range, run)| run.style.code && &inline.text[range] == "cargo test")
    );
    // Inline raw HTML is kept as text, marked as HTML.
    let kbd = paragraph_containing(&model, "For keyboard shortcuts");
    let BlockContent::Paragraph(inline) = &kbd.content else {
        unreachable!()
    };
    assert!(
        inline
            .spans()
            .any(|(range, run)| run.style.html && &inline.text[range] == "<kbd>")
    );

    // Links: inline, reference-style (resolved), autolinks, anchors, relative.
    let urls: Vec<&str> = blocks
        .iter()
        .filter_map(|block| match &block.content {
            BlockContent::Paragraph(inline) => Some(inline),
            _ => None,
        })
        .flat_map(|inline| inline.links.iter().map(|link| link.url.as_str()))
        .collect();
    for url in [
        "https://spec.commonmark.org/0.31.2/",
        "https://www.rust-lang.org/",
        "#tables",
        "#before-you-publish",
        "long-essay.md",
        "https://developer.mozilla.org/en-US/docs/Web/HTML/Reference/Elements/kbd",
    ] {
        assert!(urls.contains(&url), "missing link {url}");
    }
    assert_eq!(
        model.anchor("tables").map(|i| &blocks[i].content),
        Some(&blocks[model.anchor("tables").unwrap()].content)
    );
    assert!(matches!(
        &blocks[model.anchor("before-you-publish").unwrap()].content,
        BlockContent::Heading { text, .. } if text.text == "Before you publish"
    ));

    // Lists: bullets at three depths, numbers, tasks done and not done.
    let markers: Vec<Marker> = blocks
        .iter()
        .flat_map(|block| block.nesting.levels.iter().filter_map(|level| level.marker))
        .collect();
    for marker in [
        Marker::Bullet(0),
        Marker::Bullet(1),
        Marker::Bullet(2),
        Marker::Number(1),
        Marker::Number(3),
        Marker::Task(true),
        Marker::Task(false),
        Marker::Footnote(1),
        Marker::Footnote(3),
    ] {
        assert!(markers.contains(&marker), "missing {marker:?}");
    }
    let migrations = paragraph_containing(&model, "Migrations without downtime");
    assert_eq!(migrations.nesting.depth, 3);
    assert_eq!(migrations.spacing, Spacing::Tight);
    assert_eq!(source(body, migrations), "Migrations without downtime");

    // Block quotes, nested, and a list inside a quote.
    let nested = paragraph_containing(&model, "It already does");
    assert_eq!(
        nested
            .nesting
            .levels
            .iter()
            .map(|level| level.container)
            .collect::<Vec<_>>(),
        [Container::Quote, Container::Quote]
    );
    let in_quote = paragraph_containing(&model, "read the post aloud once");
    assert_eq!(in_quote.nesting.levels[0].container, Container::Quote);
    assert_eq!(in_quote.nesting.levels[1].marker, Some(Marker::Number(1)));

    // Code blocks with their languages, and the indented one without.
    let languages: Vec<Option<&str>> = blocks
        .iter()
        .filter_map(|block| match &block.content {
            BlockContent::Code { language, .. } => Some(language.as_deref()),
            _ => None,
        })
        .collect();
    for language in [
        Some("rust"),
        Some("python"),
        Some("javascript"),
        Some("bash"),
        Some("json"),
        Some("toml"),
        Some("yaml"),
        Some("html"),
        Some("css"),
        None,
    ] {
        assert!(languages.contains(&language), "missing {language:?}");
    }
    let rust = blocks
        .iter()
        .find(|block| matches!(&block.content, BlockContent::Code { language: Some(l), .. } if l == "rust"))
        .unwrap();
    assert!(source(body, rust).starts_with("```rust\n"));
    assert!(source(body, rust).trim_end().ends_with("```"));

    // The table, with alignment and a header row.
    let table = blocks
        .iter()
        .find_map(|block| match &block.content {
            BlockContent::Table(table) => Some((block, table)),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        table.1.alignments,
        [Alignment::Left, Alignment::Center, Alignment::Right]
    );
    assert_eq!(table.1.header_rows, 1);
    assert_eq!(table.1.rows.len(), 6);
    assert_eq!(table.1.rows[0][2].text, "Posts using it");
    assert_eq!(table.1.rows[1][1].text, "```");
    assert_eq!(table.1.rows[1][2].text, "118");
    assert!(source(body, table.0).starts_with("| Feature"));

    // Images with alt text, lifted out as blocks.
    let images: Vec<_> = blocks
        .iter()
        .filter_map(|block| match &block.content {
            BlockContent::Image(image) => Some(image),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 3);
    assert_eq!(images[0].url, "images/feature-usage-chart.png");
    assert!(images[0].alt.starts_with("Bar chart of how many"));

    // Raw HTML blocks, shown as written; the rule.
    assert!(blocks.iter().any(
        |block| matches!(&block.content, BlockContent::Html(html) if html.starts_with("<details>"))
    ));
    assert!(
        blocks
            .iter()
            .any(|block| block.content == BlockContent::Rule)
    );

    // Footnotes: numbered in order of reference, collected at the end, linked both ways.
    let heading_index = blocks
        .iter()
        .position(|block| block.content == BlockContent::FootnotesHeading)
        .unwrap();
    let footnotes = &blocks[heading_index + 1..];
    assert_eq!(footnotes.len(), 3);
    let numbers: Vec<_> = footnotes
        .iter()
        .map(|block| block.nesting.levels[0].marker)
        .collect();
    assert_eq!(
        numbers,
        [
            Some(Marker::Footnote(1)),
            Some(Marker::Footnote(2)),
            Some(Marker::Footnote(3))
        ]
    );
    let BlockContent::Paragraph(second) = &footnotes[1].content else {
        panic!("footnote is a paragraph")
    };
    // [^house-style] is referenced second, so it is number 2.
    assert!(
        second
            .text
            .starts_with("Named footnotes are still numbered")
    );
    assert!(
        second
            .links
            .iter()
            .any(|link| link.url == "#fnref:house-style")
    );
    assert_eq!(model.anchor("fn:house-style"), Some(heading_index + 2));
    let reference = paragraph_containing(&model, "Footnotes are for asides");
    assert_eq!(model.anchor("fnref:1").map(|i| &blocks[i]), Some(reference));
    let BlockContent::Paragraph(inline) = &reference.content else {
        unreachable!()
    };
    let numbers: Vec<&str> = inline
        .spans()
        .filter(|(_, run)| run.style.footnote_reference)
        .map(|(range, _)| &inline.text[range])
        .collect();
    assert_eq!(numbers, ["1", "2", "3"]);
    // Source lookup finds footnote definitions by their own offsets.
    let definition_start = footnotes[2].range.start;
    assert_eq!(
        model.block_at_source(definition_start + 1),
        Some(heading_index + 3)
    );
}

#[test]
fn hashes_ignore_where_a_block_is() {
    let body = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n- item\n";
    let edited = "# Title\n\nFirst paragraph, edited at length.\n\nSecond paragraph.\n\n- item\n";
    let before = build(body);
    let after = build(edited);
    let hashes = |model: &PreviewModel| model.blocks().iter().map(|b| b.hash).collect::<Vec<_>>();
    let (a, b) = (hashes(&before), hashes(&after));
    assert_eq!(a.len(), b.len());
    assert_eq!(a[0], b[0]);
    assert_ne!(a[1], b[1]);
    assert_eq!(a[2], b[2]);
    assert_eq!(a[3], b[3]);
    assert_ne!(before.blocks()[2].range, after.blocks()[2].range);
    assert_ne!(before.fingerprint(), after.fingerprint());
    assert_eq!(build(body).fingerprint(), before.fingerprint());
}

#[test]
fn images_in_paragraphs_are_lifted_and_stay_text_elsewhere() {
    let body = "Before ![a cat](cat.png \"Tom\") after.\n\n# Heading ![icon](i.png)\n\n| x |\n|---|\n| ![dot](d.png) |\n\n[![badge](b.svg)](https://example.org)\n";
    let model = build(body);
    let kinds: Vec<String> = model
        .blocks()
        .iter()
        .map(|block| match &block.content {
            BlockContent::Paragraph(inline) => format!("P:{}", inline.text),
            BlockContent::Image(image) => format!("I:{}:{}", image.url, image.alt),
            BlockContent::Heading { text, .. } => format!("H:{}", text.text),
            BlockContent::Table(table) => format!("T:{}", table.rows[1][0].text),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "P:Before ",
            "I:cat.png:a cat",
            "P: after.",
            "H:Heading icon",
            "T:dot",
            "I:b.svg:badge"
        ]
    );
    let BlockContent::Image(image) = &model.blocks()[1].content else {
        unreachable!()
    };
    assert_eq!(image.title, "Tom");
    assert_eq!(
        &body[model.blocks()[1].range.clone()],
        "![a cat](cat.png \"Tom\")"
    );
    let BlockContent::Image(badge) = &model.blocks()[5].content else {
        unreachable!()
    };
    assert_eq!(
        badge.link.as_ref().map(|l| l.url.as_str()),
        Some("https://example.org")
    );
    // The heading's id is made from its text, alt text included, as the outline makes it.
    assert_eq!(headings(&model)[0].1, "heading-icon");
}

#[test]
fn tight_and_loose_lists_and_empty_items() {
    let model = build("- one\n- two\n-\n\n1. a\n\n2. b\n");
    let blocks = model.blocks();
    assert_eq!(blocks[0].spacing, Spacing::Normal);
    assert_eq!(blocks[1].spacing, Spacing::Tight);
    // An empty item still shows its marker.
    assert_eq!(blocks[2].nesting.levels[0].marker, Some(Marker::Bullet(0)));
    assert!(
        matches!(&blocks[2].content, BlockContent::Paragraph(inline) if inline.text.is_empty())
    );
    assert_eq!(blocks[3].nesting.levels[0].marker, Some(Marker::Number(1)));
    assert_eq!(blocks[4].spacing, Spacing::Normal);
    assert_eq!(blocks[4].nesting.levels[0].marker, Some(Marker::Number(2)));
    // A list that starts with a nested list shows both markers on one block.
    let model = build("- - inner\n");
    let markers: Vec<_> = model.blocks()[0]
        .nesting
        .levels
        .iter()
        .map(|level| level.marker)
        .collect();
    assert_eq!(markers, [Some(Marker::Bullet(0)), Some(Marker::Bullet(1))]);
}

#[test]
fn fifty_thousand_nested_quotes_clamp_their_depth() {
    let body = format!("{}deep\n", "> ".repeat(50_000));
    let model = build(&body);
    assert_eq!(model.blocks().len(), 1);
    let block = &model.blocks()[0];
    assert_eq!(block.nesting.depth, 50_000);
    assert_eq!(block.nesting.levels.len(), MAX_VISUAL_DEPTH);
    assert!(matches!(&block.content, BlockContent::Paragraph(inline) if inline.text == "deep"));
    assert!(format!("{model:?}").contains("deep"));
    drop(model);
}

#[test]
fn a_thousand_deep_list_keeps_every_item() {
    let mut body = String::new();
    for depth in 0..1000 {
        body.push_str(&"  ".repeat(depth));
        body.push_str(&format!("- item {depth}\n"));
    }
    let model = build(&body);
    assert_eq!(model.blocks().len(), 1000);
    let last = model.blocks().last().unwrap();
    assert!(last.nesting.depth >= 100, "{}", last.nesting.depth);
    assert!(last.nesting.levels.len() <= MAX_VISUAL_DEPTH);
    assert!(matches!(&last.content, BlockContent::Paragraph(inline) if inline.text == "item 999"));
    // Every item's text is kept, in order.
    for (depth, block) in model.blocks().iter().enumerate() {
        assert!(
            matches!(&block.content, BlockContent::Paragraph(inline) if inline.text == format!("item {depth}")),
            "{depth}"
        );
    }
}

/// cmark's pathological inputs: each must finish, without overflowing the stack, and keep
/// its text.
#[test]
fn pathological_inputs_finish() {
    let mut inputs: Vec<(&str, String)> = vec![
        (
            "nested strong emphasis",
            format!("{}b{}", "*a **a ".repeat(65_000), " a** a*".repeat(65_000)),
        ),
        ("emphasis closers", "a**".repeat(65_000)),
        ("emphasis openers", "_a".repeat(65_000)),
        ("link closers", "a]".repeat(65_000)),
        ("link openers", "[a".repeat(65_000)),
        ("mismatched", "*a_ ".repeat(50_000)),
        ("multiples of three", "a***b".repeat(30_000)),
        ("link openers and emphasis closers", "[ a_".repeat(50_000)),
        (
            "nested brackets",
            format!("{}a{}", "[".repeat(50_000), "]".repeat(50_000)),
        ),
        ("nested quotes", format!("{}a", "> ".repeat(50_000))),
        ("NUL", "a\0b\n\n\0".to_owned()),
        ("unclosed angle links", "[a](<b".repeat(50_000)),
        ("unclosed links", "[a](b".repeat(50_000)),
        (
            "reference definitions",
            (0..50_000)
                .map(|i| format!("[r{i}]: /u{i}\n"))
                .chain(["\n[last][r49999]\n".to_owned()])
                .collect(),
        ),
        (
            "nested images",
            format!("{}x{}", "![".repeat(20_000), "](i)".repeat(20_000)),
        ),
        (
            "nested footnotes in quotes",
            format!(
                "{}[^a]\n\n{}[^a]: note\n",
                "> ".repeat(5_000),
                "> ".repeat(5_000)
            ),
        ),
    ];
    let mut backticks = String::new();
    for length in 1..=2_000 {
        backticks.push_str(&"`".repeat(length));
        backticks.push_str("x ");
    }
    inputs.push(("backtick runs", backticks));
    let mut list = String::new();
    for depth in 0..1_000 {
        list.push_str(&" ".repeat(depth * 2));
        list.push_str("1. ");
        list.push_str(&"> ".repeat(depth % 3));
        list.push_str("x\n");
    }
    inputs.push(("mixed deep containers", list));
    for (name, body) in inputs {
        let model = build(&body);
        let text_len: usize = model
            .blocks()
            .iter()
            .map(|block| match &block.content {
                BlockContent::Paragraph(inline) | BlockContent::Heading { text: inline, .. } => {
                    inline.text.len()
                }
                _ => 1,
            })
            .sum();
        assert!(text_len > 0, "{name}: nothing shown");
        for block in model.blocks() {
            assert!(block.range.end <= body.len(), "{name}");
            assert!(block.nesting.levels.len() <= MAX_VISUAL_DEPTH, "{name}");
        }
    }
}

#[test]
fn source_offsets_find_their_block() {
    let body = "Intro.\n\n## Part\n\nText here.\n";
    let model = build(body);
    assert_eq!(model.block_at_source(0), Some(0));
    assert_eq!(model.block_at_source(body.find("Part").unwrap()), Some(1));
    assert_eq!(model.block_at_source(body.find("here").unwrap()), Some(2));
    assert_eq!(model.block_at_source(body.len() + 10), Some(2));
    assert_eq!(build("").block_at_source(3), None);
}

#[test]
fn assets_are_read_through_storage_with_errors_that_name_the_file() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("preview-assets");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("pixel.png");
    std::fs::write(&file, b"\x89PNG bytes").unwrap();
    assert_eq!(
        postwright_io::files::read_asset(&file).unwrap(),
        b"\x89PNG bytes"
    );
    let missing = folder.join("missing.png");
    let error = postwright_io::files::read_asset(&missing).unwrap_err();
    assert!(error.to_string().contains("missing.png"), "{error}");
    let error = postwright_io::files::read_asset(&folder).unwrap_err();
    assert!(error.to_string().contains("a folder"), "{error}");
    std::fs::remove_dir_all(&folder).unwrap();
}
