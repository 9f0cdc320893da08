//! CommonMark 0.31.2 conformance of the export's body pipeline: every example of the spec,
//! rendered with raw HTML trusted, must match the spec's HTML once both are normalised the
//! way the spec's own test runner normalises them.
//!
//! Normalising (see `normalise`) reads both sides with html5ever's tokenizer, then writes
//! tags with sorted attributes, character references decoded, and whitespace collapsed
//! outside `<pre>` and dropped next to block-level tags, as the spec's `normalize.py`
//! does. It also drops what the export adds on purpose, on both sides alike:
//!
//! - `id` on `h1`–`h6` (every heading gets an id for links and the table of contents),
//! - `rel` on `a` (`rel="noopener"` on links to other sites),
//! - `<span class="hl-…">` inside code (syntax highlighting).
//!
//! With pure CommonMark parsing, no example may differ. With Postwright's dialect (tables,
//! footnotes, strikethrough, task lists, heading attributes), the examples in
//! [`DIALECT_DIFFERENCES`] render differently on purpose; the test fails if that list is
//! wrong in either direction.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use postwright_core::export::{ExportOptions, render_fragment};
use postwright_core::markdown;
use pulldown_cmark::Options;
use serde_json::Value;

/// Examples the export renders differently from the spec on purpose, with the reason.
const DELIBERATE: &[(u64, &str)] = &[(
    484,
    "a relative link to a .md file points at the exported .html page \
     (ExportOptions::markdown_links_to_html, on by default)",
)];

/// Examples that Postwright's Markdown dialect renders differently from plain CommonMark,
/// beyond [`DELIBERATE`], each with the extension responsible. None: after normalising,
/// tables, footnotes, strikethrough, task lists and heading attributes change no example.
const DIALECT_DIFFERENCES: &[(u64, &str)] = &[];

fn listed(lists: &[&[(u64, &str)]]) -> Vec<u64> {
    let mut numbers: Vec<u64> = lists
        .iter()
        .flat_map(|list| list.iter().map(|(number, _)| *number))
        .collect();
    numbers.sort_unstable();
    numbers
}

fn examples() -> Vec<(u64, String, String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/commonmark/spec.json"
    ))
    .expect("spec.json is in tests/data/commonmark");
    let examples: Vec<Value> = serde_json::from_str(&text).expect("spec.json parses");
    examples
        .into_iter()
        .map(|example| {
            (
                example["example"].as_u64().expect("example number"),
                example["section"].as_str().expect("section").to_owned(),
                example["markdown"].as_str().expect("markdown").to_owned(),
                example["html"].as_str().expect("html").to_owned(),
            )
        })
        .collect()
}

fn trusted() -> ExportOptions {
    ExportOptions {
        trust_html: true,
        ..ExportOptions::default()
    }
}

/// The numbers of the examples whose export differs from the spec, with parser `options`.
fn differing(options: Options, show: bool) -> Vec<u64> {
    let mut failures = Vec::new();
    for (number, section, markdown, expected) in examples() {
        let (html, _) = render_fragment(&markdown, options, &trusted());
        let (ours, theirs) = (normalise(&html), normalise(&expected));
        if ours != theirs {
            if show {
                eprintln!(
                    "example {number} ({section}):\n  markdown: {markdown:?}\n  expected: {theirs:?}\n  exported: {ours:?}"
                );
            }
            failures.push(number);
        }
    }
    failures
}

#[test]
fn every_commonmark_example_passes_through_the_export() {
    assert_eq!(examples().len(), 652);
    let failures = differing(Options::empty(), true);
    assert_eq!(
        failures,
        listed(&[DELIBERATE]),
        "examples that differ from the spec, beyond the deliberate ones"
    );
}

#[test]
fn the_dialect_differs_only_where_listed() {
    let failures = differing(markdown::options(), false);
    let expected = listed(&[DELIBERATE, DIALECT_DIFFERENCES]);
    if failures != expected {
        differing(markdown::options(), true);
    }
    assert_eq!(
        failures, expected,
        "update DIALECT_DIFFERENCES and tests/data/README.md"
    );
}

#[test]
fn sanitising_keeps_every_example_without_raw_html() {
    // With HTML sanitised (the default), examples that contain no raw HTML still match.
    let sanitised = ExportOptions::default();
    let mut failures = Vec::new();
    for (number, _, markdown, expected) in examples() {
        if markdown.contains('<') || DELIBERATE.iter().any(|(listed, _)| *listed == number) {
            continue;
        }
        let (html, _) = render_fragment(&markdown, Options::empty(), &sanitised);
        if normalise(&html) != normalise(&expected) {
            eprintln!("example {number}: {markdown:?}\n  {html:?}\n  {expected:?}");
            failures.push(number);
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}

// --- Normalising, after the spec's test/normalize.py -------------------------------------

const BLOCK_TAGS: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

#[derive(Debug)]
enum Piece {
    Start(String, Vec<(String, String)>, bool),
    End(String),
    Text(String),
    Comment(String),
}

#[derive(Default)]
struct Pieces {
    pieces: RefCell<Vec<Piece>>,
}

impl TokenSink for Pieces {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut pieces = self.pieces.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let attributes = tag
                            .attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect();
                        pieces.push(Piece::Start(name.clone(), attributes, tag.self_closing));
                        match name.as_str() {
                            "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                                return TokenSinkResult::RawData(RawKind::Rawtext);
                            }
                            "textarea" | "title" => {
                                return TokenSinkResult::RawData(RawKind::Rcdata);
                            }
                            _ => {}
                        }
                    }
                    TagKind::EndTag => pieces.push(Piece::End(name)),
                }
            }
            Token::CharacterTokens(text) => match pieces.last_mut() {
                Some(Piece::Text(previous)) => previous.push_str(&text),
                _ => pieces.push(Piece::Text(text.to_string())),
            },
            Token::NullCharacterToken => pieces.push(Piece::Text("\u{fffd}".to_owned())),
            Token::CommentToken(text) => pieces.push(Piece::Comment(text.to_string())),
            Token::DoctypeToken(doctype) => {
                pieces.push(Piece::Comment(format!("doctype {:?}", doctype.name)));
            }
            Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

/// Each run of whitespace as one space, as `re.sub(r"\s+", " ", data)` does.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// HTML normalised as the spec's runner does, minus the export's deliberate additions.
fn normalise(html: &str) -> String {
    let tokenizer = Tokenizer::new(Pieces::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while let html5ever::TokenizerResult::Script(()) = tokenizer.feed(&input) {}
    tokenizer.end();
    let pieces = tokenizer.sink.pieces.take();

    let mut output = String::new();
    let mut last = "starttag";
    let mut last_tag = String::new();
    let mut in_pre = false;
    // Spans added by the highlighter are skipped, with their end tags.
    let mut skipped_spans: Vec<bool> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Start(name, mut attributes, self_closing) => {
                if name == "span" {
                    let highlight = attributes
                        .iter()
                        .any(|(key, value)| key == "class" && value.starts_with("hl-"));
                    skipped_spans.push(highlight);
                    if highlight {
                        continue;
                    }
                }
                if name == "a" {
                    attributes.retain(|(key, _)| key != "rel");
                }
                if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    attributes.retain(|(key, _)| key != "id");
                }
                if name == "pre" {
                    in_pre = true;
                }
                if BLOCK_TAGS.contains(&name.as_str()) {
                    output.truncate(output.trim_end().len());
                }
                output.push('<');
                output.push_str(&name);
                attributes.sort();
                for (key, value) in attributes {
                    output.push(' ');
                    output.push_str(&key);
                    output.push_str("=\"");
                    output.push_str(&escape(&value));
                    output.push('"');
                }
                output.push('>');
                last = if self_closing { "endtag" } else { "starttag" };
                last_tag = name;
            }
            Piece::End(name) => {
                if name == "span" && skipped_spans.pop() == Some(true) {
                    continue;
                }
                if name == "pre" {
                    in_pre = false;
                } else if BLOCK_TAGS.contains(&name.as_str()) {
                    output.truncate(output.trim_end().len());
                }
                output.push_str("</");
                output.push_str(&name);
                output.push('>');
                last = "endtag";
                last_tag = name;
            }
            Piece::Text(text) => {
                let after_tag = last == "endtag" || last == "starttag";
                let after_block_tag = after_tag && BLOCK_TAGS.contains(&last_tag.as_str());
                let mut data = text;
                if after_tag && last_tag == "br" {
                    data = data.trim_start_matches('\n').to_owned();
                }
                if !in_pre {
                    data = collapse_whitespace(&data);
                }
                if after_block_tag && !in_pre {
                    if last == "starttag" {
                        data = data.trim_start().to_owned();
                    } else {
                        data = data.trim().to_owned();
                    }
                }
                output.push_str(&escape(&data));
                last = "data";
            }
            Piece::Comment(text) => {
                output.push_str("<!--");
                output.push_str(&text);
                output.push_str("-->");
                last = "comment";
            }
        }
    }
    output
}
