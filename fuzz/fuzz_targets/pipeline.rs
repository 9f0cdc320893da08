//! Any text through the whole pipeline: opened as a post, coloured line by line as the
//! editor does, analysed (statistics, preview model, link audit) and exported as a page, on a thread with the analysis worker's
//! stack; ranges stay inside the body, the page is complete, and the front matter
//! survives being written back and being written afresh.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use postwright_core::analysis::{Analysis, WORKER_STACK_BYTES};
use postwright_core::audit::{AuditOptions, Location};
use postwright_core::export::{ExportOptions, ImageMode, body_html, export_page};
use postwright_core::md_syntax::{LineState, highlight_line};
use postwright_core::post::Post;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.to_owned();
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || run(&text))
        .expect("spawn the worker thread");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
});

fn run(text: &str) {
    let post = Post::parse(text);
    assert_eq!(post.to_text(), text, "round trip");
    let body = post.body();

    // The editor's colouring covers every line in order, without gaps.
    let mut state = LineState::Normal;
    for line in body.split('\n') {
        let highlight = highlight_line(line, state);
        let mut end = 0;
        for (range, _) in &highlight.spans {
            assert_eq!(range.start, end, "spans follow each other");
            assert!(
                line.is_char_boundary(range.end),
                "spans end between characters"
            );
            end = range.end;
        }
        assert_eq!(end, line.len(), "spans cover the line");
        state = highlight.end_state;
    }

    let error = post.front_matter_error().map(ToString::to_string);
    let analysis = Analysis::of(
        body,
        post.metadata(),
        error.as_deref(),
        &AuditOptions::default(),
    );
    for block in analysis.preview.blocks() {
        assert!(block.range.start <= block.range.end, "block range");
        assert!(
            body.get(block.range.clone()).is_some(),
            "block range in the body"
        );
    }
    for link in &analysis.report.links {
        for range in [&link.url_range, &link.text_range].into_iter().flatten() {
            assert!(body.get(range.clone()).is_some(), "link range in the body");
        }
    }
    for finding in &analysis.report.findings {
        if let Location::Body { range, .. } = &finding.location {
            assert!(range.end <= body.len(), "finding range in the body");
        }
    }
    drop(format!("{analysis:?}"));

    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    let page = export_page(&post, None, &ExportOptions::default(), &mut read_nothing);
    assert!(page.html.trim_end().ends_with("</html>"), "a complete page");
    assert!(!page.html.contains('\0'), "no NUL in the page");
    for issue in &page.issues {
        if let Some(range) = &issue.range {
            assert!(range.end <= body.len(), "issue range in the body");
        }
    }
    let trusted = ExportOptions {
        trust_html: true,
        toc: true,
        images: ImageMode::Keep,
        ..ExportOptions::default()
    };
    let _ = export_page(&post, None, &trusted, &mut read_nothing);
    assert!(!body_html(&post, &ExportOptions::default()).contains('\0'));

    // The front matter written back as it is changes nothing.
    if let Some(front_matter) = post.front_matter() {
        let mut rewritten = post.clone();
        rewritten.set_front_matter_raw(front_matter.raw().to_owned());
        assert_eq!(rewritten.to_text(), text, "raw front matter set as it was");
        assert_eq!(rewritten.metadata(), post.metadata());
    }
    // The metadata written into a fresh front matter of the same format reads back the
    // same, above the same body.
    if post.metadata_editable() && *post.metadata() != Default::default() {
        let format = post
            .front_matter()
            .map(|front_matter| front_matter.format())
            .unwrap_or_default();
        let mut fresh = Post::new(format);
        fresh.set_body(body.to_owned());
        if fresh.set_metadata(post.metadata()).is_ok() {
            let reopened = Post::parse(&fresh.to_text());
            assert_eq!(reopened.body(), body, "the body is untouched");
            assert_eq!(reopened.metadata(), post.metadata(), "metadata reads back");
        }
    }
}
