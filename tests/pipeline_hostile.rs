//! Hostile Markdown through the whole pipeline: every CommonMark spec example and every
//! cmark pathological input (see TESTDATA.md) is opened as a post, analysed (statistics,
//! preview model, link audit), exported as a full page and drawn by the preview (a frame
//! at the top, one scrolled to the end), on a thread with the analysis worker's stack.
//!
//! Pathological inputs are run at two sizes, the second about twice the first, and each
//! stage must take at most about three times as long (see [`check_linear`]): a quadratic
//! stage would take four times as long. Stages are timed in the thread's CPU time, which
//! waiting for a core on a busy machine does not inflate, and compared as ratios, best of
//! a few runs, with a floor under which times are noise; it is no speed target. Debug
//! builds run smaller sizes than TESTDATA.md lists; `cargo test --release --test
//! pipeline_hostile` runs the listed ones.

use std::path::Path;
use std::time::{Duration, Instant};

use egui::{Context, RawInput, Rect, pos2, vec2};
use postwright::ui::preview::{PreviewSettings, PreviewState, preview_ui};
use postwright_core::analysis::{Analysis, WORKER_STACK_BYTES};
use postwright_core::audit::{AuditOptions, Location};
use postwright_core::export::{ExportIssue, ExportOptions, IssueKind, export_page};
use postwright_core::post::Post;
use postwright_core::preview::MAX_VISUAL_DEPTH;
use serde_json::Value;

/// The stages of the pipeline, in the order they run.
const STAGES: [&str; 4] = ["parse", "analysis", "export", "preview"];

/// Time per stage of one run.
type Times = [Duration; 4];

/// The CPU time the calling thread has used.
fn cpu_time() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or_default(),
        u32::try_from(now.tv_nsec).unwrap_or_default(),
    )
}

/// Measures thread CPU time from its creation.
struct Stopwatch(Duration);

impl Stopwatch {
    fn start() -> Self {
        Self(cpu_time())
    }

    fn elapsed(&self) -> Duration {
        cpu_time().saturating_sub(self.0)
    }
}

/// Runs `work` on a thread with the stack the window's analysis worker has, and waits.
fn on_worker_stack<T: Send + 'static>(name: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name(name.to_owned())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(work)
        .expect("spawn a test thread")
        .join()
        .unwrap_or_else(|_| panic!("{name}: the pipeline panicked"))
}

fn frame_input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 900.0))),
        ..RawInput::default()
    }
}

/// Runs one frame of `ui_fn` and tessellates it, as the window would; returns whether it
/// painted anything.
fn frame(ctx: &Context, ui_fn: &mut dyn FnMut(&mut egui::Ui)) -> bool {
    let mut output = ctx.run_ui(frame_input(), |ui| ui_fn(ui));
    let shapes = std::mem::take(&mut output.shapes);
    let primitives = ctx.tessellate(shapes, output.pixels_per_point);
    output.textures_delta.clear();
    !primitives.is_empty()
}

/// A context whose fonts are already loaded, so a timed frame measures the preview only.
fn warm_context() -> Context {
    let ctx = Context::default();
    let empty = Analysis::default();
    let metadata = postwright_core::metadata::Metadata::default();
    let mut state = PreviewState::default();
    for _ in 0..2 {
        frame(&ctx, &mut |ui| {
            let _ = preview_ui(
                ui,
                &empty.preview,
                &metadata,
                &mut state,
                &PreviewSettings::default(),
            );
        });
    }
    ctx
}

/// Draws the preview of `analysis`: a frame at the top of the page, then one scrolled to
/// the last block. Returns whether both painted.
fn draw_preview(ctx: &Context, analysis: &Analysis, post: &Post) -> bool {
    let mut state = PreviewState::default();
    let settings = PreviewSettings::default();
    let mut painted = true;
    for target in [None, Some(post.body().len())] {
        if let Some(offset) = target {
            state.scroll_to_source(offset);
        }
        painted &= frame(ctx, &mut |ui| {
            let _ = preview_ui(
                ui,
                &analysis.preview,
                post.metadata(),
                &mut state,
                &settings,
            );
        });
    }
    painted
}

/// One run of the whole pipeline over `text`, checking what must hold of any input.
fn pipeline(name: &str, text: &str, ctx: &Context) -> Times {
    let start = Stopwatch::start();
    let post = Post::parse(text);
    assert_eq!(
        post.to_text(),
        text,
        "{name}: the post saves back to its bytes"
    );
    let parse = start.elapsed();

    let start = Stopwatch::start();
    let front_matter_error = post.front_matter_error().map(ToString::to_string);
    let analysis = Analysis::of(
        post.body(),
        post.metadata(),
        front_matter_error.as_deref(),
        &AuditOptions::default(),
    );
    let analysis_time = start.elapsed();
    check_analysis(name, &post, &analysis);

    let start = Stopwatch::start();
    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    let exported = export_page(&post, None, &ExportOptions::default(), &mut read_nothing);
    let export = start.elapsed();
    assert!(
        exported.html.trim_end().ends_with("</html>"),
        "{name}: the page is complete"
    );
    assert!(!exported.html.contains('\0'), "{name}: no NUL in the page");
    for issue in &exported.issues {
        if let Some(range) = &issue.range {
            assert!(
                range.end <= post.body().len(),
                "{name}: issue range in the body"
            );
        }
    }
    drop(exported);

    let start = Stopwatch::start();
    assert!(
        draw_preview(ctx, &analysis, &post),
        "{name}: the preview painted"
    );
    drop(analysis);
    let preview = start.elapsed();
    [parse, analysis_time, export, preview]
}

/// What must hold of the analysis of any body.
fn check_analysis(name: &str, post: &Post, analysis: &Analysis) {
    let body = post.body();
    for block in analysis.preview.blocks() {
        assert!(
            block.range.start <= block.range.end && block.range.end <= body.len(),
            "{name}: block range {:?} in the body",
            block.range
        );
        assert!(
            body.is_char_boundary(block.range.start) && body.is_char_boundary(block.range.end),
            "{name}: block range on character boundaries"
        );
        assert!(
            block.nesting.levels.len() <= MAX_VISUAL_DEPTH,
            "{name}: drawn nesting is clamped"
        );
        assert!(
            block.nesting.levels.len() <= block.nesting.depth,
            "{name}: depth is kept"
        );
    }
    for link in &analysis.report.links {
        for range in [&link.url_range, &link.text_range].into_iter().flatten() {
            assert!(
                range.end <= body.len(),
                "{name}: link range {range:?} in the body"
            );
        }
    }
    for finding in &analysis.report.findings {
        if let Location::Body { range, .. } = &finding.location {
            assert!(range.end <= body.len(), "{name}: finding range in the body");
        }
    }
    assert!(
        analysis.stats.words <= body.len(),
        "{name}: no more words than bytes"
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// All 652 examples of the CommonMark spec, alone and below a front matter, through the
/// whole pipeline.
#[test]
fn commonmark_spec_examples() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/commonmark/spec.json"
    ))
    .expect("spec.json is in tests/data/commonmark");
    let examples: Vec<Value> = serde_json::from_str(&text).expect("spec.json parses");
    assert_eq!(examples.len(), 652, "the whole spec");
    let count = on_worker_stack("spec examples", move || {
        let ctx = warm_context();
        let mut count = 0;
        for example in &examples {
            let number = example["example"].as_u64().expect("example number");
            let markdown = example["markdown"].as_str().expect("example markdown");
            pipeline(&format!("example {number}"), markdown, &ctx);
            // The same Markdown as the body of a post with front matter.
            let text = format!("---\ntitle: Example {number}\n---\n{markdown}");
            assert_eq!(
                Post::parse(&text).body(),
                markdown,
                "example {number}: body"
            );
            pipeline(&format!("example {number} with front matter"), &text, &ctx);
            count += 1;
        }
        count
    });
    assert_eq!(count, 652);
}

/// How an input's length grows with its size parameter.
#[derive(Clone, Copy)]
enum Growth {
    /// In proportion: the smaller run is at half the size.
    Linear,
    /// With its square (depth × indentation, runs of every length up to the size): the
    /// smaller run is at the size over √2.
    Square,
}

/// A pathological input, generated at any size.
struct Case {
    name: &'static str,
    /// The input for a size parameter (repetitions, depth or longest run).
    make: fn(usize) -> String,
    growth: Growth,
    /// The size TESTDATA.md lists, run in release builds.
    size: usize,
    /// The size run in debug builds, where the pipeline is many times slower.
    debug_size: usize,
}

impl Case {
    /// The two sizes compared: the second gives about twice the bytes of the first.
    fn sizes(&self) -> [usize; 2] {
        let large = if cfg!(debug_assertions) {
            self.debug_size
        } else {
            self.size
        };
        let small = match self.growth {
            Growth::Linear => large / 2,
            Growth::Square => (large as f64 / std::f64::consts::SQRT_2).round() as usize,
        };
        [small, large]
    }
}

fn deep_list(depth: usize) -> String {
    (0..depth)
        .map(|level| format!("{}* a\n", "  ".repeat(level)))
        .collect()
}

fn backtick_runs(longest: usize) -> String {
    (1..=longest)
        .map(|length| format!("e{}", "`".repeat(length)))
        .collect()
}

fn reference_definitions(count: usize) -> String {
    let mut text: String = (1..=count).map(|i| format!("[{i}]: u{i}\n")).collect();
    text.push('\n');
    text.push_str(&"[0] [1] ".repeat(count / 64));
    text
}

fn wide_table(columns: usize) -> String {
    format!(
        "{}|\n{}|\n{}",
        "|a".repeat(columns),
        "|-".repeat(columns),
        "|b\n".repeat(columns)
    )
}

/// cmark's pathological inputs (the list in TESTDATA.md, with the patterns of cmark's own
/// `pathological_tests.py` where TESTDATA.md names none) and a few of our own.
fn cases() -> Vec<Case> {
    use Growth::{Linear, Square};
    let case = |name, make, growth, size, debug_size| Case {
        name,
        make,
        growth,
        size,
        debug_size,
    };
    vec![
        case(
            "nested strong emphasis",
            |n| format!("{}b{}", "*a **a ".repeat(n), " a** a*".repeat(n)),
            Linear,
            65_000,
            12_000,
        ),
        case(
            "emphasis closers without openers",
            |n| "a**".repeat(n),
            Linear,
            65_000,
            6_000,
        ),
        case(
            "emphasis openers without closers",
            |n| "_a".repeat(n),
            Linear,
            65_000,
            32_000,
        ),
        case(
            "link closers without openers",
            |n| "a]".repeat(n),
            Linear,
            65_000,
            32_000,
        ),
        case(
            "link openers without closers",
            |n| "[a".repeat(n),
            Linear,
            65_000,
            32_000,
        ),
        case(
            "mismatched openers and closers",
            |n| "*a_ ".repeat(n),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "openers and closers multiple of 3",
            |n| format!("a**b{}", "c* ".repeat(n)),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "link openers and emphasis closers",
            |n| "[ a_".repeat(n),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "pattern [ (]( repeated",
            |n| "[ (](".repeat(n),
            Linear,
            80_000,
            25_000,
        ),
        case(
            "pattern ![[]() repeated",
            |n| "![[]()".repeat(n),
            Linear,
            160_000,
            40_000,
        ),
        case(
            "nested brackets",
            |n| format!("{}a{}", "[".repeat(n), "]".repeat(n)),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "nested block quotes",
            |n| format!("{}a", "> ".repeat(n)),
            Linear,
            50_000,
            50_000,
        ),
        case("deeply nested lists", deep_list, Square, 1_000, 1_000),
        case(
            "U+0000 in the input",
            |n| "abc\0de\0\n\n".repeat(n),
            Linear,
            20_000,
            20_000,
        ),
        // Runs of every length to 10,000 make 50 MB of one paragraph, which the preview
        // lays out whole (40 s in a release build): that size goes through every stage but
        // the drawing in `backtick_runs_of_every_length_to_ten_thousand`.
        case("backtick runs", backtick_runs, Square, 2_000, 1_000),
        case(
            "unclosed links A",
            |n| "[a](<b".repeat(n),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "unclosed links B",
            |n| "[a](b".repeat(n),
            Linear,
            50_000,
            25_000,
        ),
        case(
            "many reference definitions",
            reference_definitions,
            Linear,
            80_000,
            40_000,
        ),
        case(
            "nested images",
            |n| format!("{}x{}", "![".repeat(n), "](i)".repeat(n)),
            Linear,
            20_000,
            20_000,
        ),
        case(
            "nested raw HTML blocks",
            |n| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n)),
            Linear,
            20_000,
            20_000,
        ),
        case(
            "nested inline HTML",
            |n| format!("a {}x{}", "<span>".repeat(n), "</span>".repeat(n)),
            Linear,
            20_000,
            20_000,
        ),
        case("wide table, short rows", wide_table, Linear, 2_000, 2_000),
    ]
}

/// A doubled input may take at most this many times as long: 2 for linear work, 4 for
/// quadratic; the slack is for a busy machine.
const MAX_RATIO: f64 = 3.0;

/// Times under this are noise: a stage faster than this at the larger size passes, and a
/// faster smaller run counts as this long.
const FLOOR: Duration = Duration::from_millis(5);

/// Runs per size at most; the best time of each stage counts. Later runs are made only
/// while some ratio is over the bound, after a pause, so that a burst of work elsewhere
/// on the machine does not spoil all of them.
const RUNS: usize = 5;

/// Any single run of the pipeline must finish within this, however loaded the machine.
const CEILING: Duration = Duration::from_secs(30);

/// Whether each stage's time grew at most [`MAX_RATIO`] times from `small` to `large`.
fn ratios(small: &Times, large: &Times) -> [Option<f64>; 4] {
    std::array::from_fn(|stage| {
        (large[stage] >= FLOOR)
            .then(|| large[stage].as_secs_f64() / small[stage].max(FLOOR).as_secs_f64())
    })
}

/// Runs `case` at its two sizes until every stage is within the bound (at most [`RUNS`]
/// times), and returns a line for the report. Panics if a stage stays superlinear or a run
/// takes longer than [`CEILING`].
fn check_linear(case: &Case) -> String {
    let name = case.name;
    let texts = case.sizes().map(case.make);
    let byte_ratio = texts[1].len() as f64 / texts[0].len() as f64;
    assert!(
        (1.8..=2.2).contains(&byte_ratio),
        "{name}: the larger input has {byte_ratio:.2} times the bytes"
    );
    let ctx = warm_context();
    let mut best = [[Duration::MAX; 4]; 2];
    let mut runs = 0;
    loop {
        runs += 1;
        for (best, text) in best.iter_mut().zip(&texts) {
            let start = Instant::now();
            let times = pipeline(name, text, &ctx);
            let total = start.elapsed();
            assert!(
                total < CEILING,
                "{name}: {} bytes took {total:?}",
                text.len()
            );
            for (best, time) in best.iter_mut().zip(times) {
                *best = (*best).min(time);
            }
        }
        let within = ratios(&best[0], &best[1])
            .iter()
            .all(|ratio| ratio.is_none_or(|ratio| ratio <= MAX_RATIO));
        if within || runs == RUNS {
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let ratios = ratios(&best[0], &best[1]);
    let mut line = format!(
        "{name:<36} {:>9} → {:>9} B, {runs} run(s):",
        texts[0].len(),
        texts[1].len()
    );
    for (stage, label) in STAGES.iter().enumerate() {
        let ratio = ratios[stage].map_or("—".to_owned(), |ratio| format!("{ratio:.2}×"));
        line.push_str(&format!(
            "  {label} {:.1} → {:.1} ms ({ratio})",
            ms(best[0][stage]),
            ms(best[1][stage])
        ));
    }
    for (stage, ratio) in ratios.iter().enumerate() {
        if let Some(ratio) = ratio {
            assert!(
                *ratio <= MAX_RATIO,
                "{name}: the {} stage is superlinear: {line}",
                STAGES[stage]
            );
        }
    }
    line
}

/// Every pathological input goes through the whole pipeline at two sizes, on the analysis
/// worker's stack, and no stage takes more than about twice as long on twice the input.
#[test]
fn pathological_inputs_stay_linear() {
    let lines = on_worker_stack("pathological inputs", || {
        // PIPELINE_CASE=name runs only the cases whose name contains it.
        let only = std::env::var("PIPELINE_CASE").unwrap_or_default();
        cases()
            .iter()
            .filter(|case| case.name.contains(only.as_str()))
            .map(check_linear)
            .collect::<Vec<_>>()
    });
    println!(
        "stage times, best of the runs, smaller → larger input (ratio; — when under {} ms):",
        FLOOR.as_millis()
    );
    for line in &lines {
        println!("{line}");
    }
    assert!(!lines.is_empty());
}

/// Everything the pipeline made from one deep post, walked by every generic walk: Debug,
/// Clone, and Drop at the end.
struct Deep {
    analysis: Analysis,
    html: String,
    issues: Vec<ExportIssue>,
}

fn deep(name: &str, text: &str, ctx: &Context) -> Deep {
    pipeline(name, text, ctx);
    let post = Post::parse(text);
    let analysis = Analysis::of(post.body(), post.metadata(), None, &AuditOptions::default());
    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    let exported = export_page(&post, None, &ExportOptions::default(), &mut read_nothing);
    for debug in [
        format!("{post:?}"),
        format!("{analysis:?}"),
        format!("{exported:?}"),
    ] {
        assert!(!debug.is_empty(), "{name}");
    }
    let copy = (post.clone(), analysis.clone(), exported.clone());
    drop(copy);
    Deep {
        analysis,
        html: exported.html,
        issues: exported.issues,
    }
}

/// The deepest block of a model, by true depth.
fn deepest(analysis: &Analysis) -> usize {
    analysis
        .preview
        .blocks()
        .iter()
        .map(|block| block.nesting.depth)
        .max()
        .unwrap_or(0)
}

/// 50,000 nested block quotes and 1,000-deep lists, alone, mixed and with raw HTML, links
/// and footnotes inside, go through the parse, the analysis (preview model, statistics,
/// audit), the export and the preview's drawing on the analysis worker's stack, and
/// through Debug, Clone and Drop of all they produce: nothing may recurse per level.
#[test]
fn deep_nesting_everywhere() {
    on_worker_stack("deep nesting", || {
        let ctx = warm_context();

        let quotes = format!("{}a", "> ".repeat(50_000));
        let result = deep("50,000 quotes", &quotes, &ctx);
        assert_eq!(result.html.matches("<blockquote>").count(), 50_000);
        assert_eq!(result.html.matches("</blockquote>").count(), 50_000);
        assert_eq!(deepest(&result.analysis), 50_000);
        assert_eq!(result.analysis.stats.words, 1);

        let list = deep_list(1_000);
        let result = deep("1,000-deep list", &list, &ctx);
        assert_eq!(result.html.matches("<ul>").count(), 1_000);
        assert_eq!(result.html.matches("<li>").count(), 1_000);
        assert_eq!(result.analysis.preview.blocks().len(), 1_000);
        assert_eq!(deepest(&result.analysis), 1_000);
        assert_eq!(result.analysis.stats.words, 1_000);

        let ordered = format!("{}x\n", "1. ".repeat(1_000));
        let result = deep("1,000 ordered lists on one line", &ordered, &ctx);
        assert_eq!(result.html.matches("<ol>").count(), 1_000);
        assert_eq!(deepest(&result.analysis), 1_000);

        let mixed = format!("{}x\n", "- > ".repeat(1_000));
        let result = deep("list items and quotes in turn", &mixed, &ctx);
        assert_eq!(result.html.matches("<blockquote>").count(), 1_000);
        assert_eq!(result.html.matches("<li>").count(), 1_000);
        assert_eq!(deepest(&result.analysis), 2_000);

        // Raw HTML and a link at the bottom of 50,000 quotes: the audit's element stack is
        // cut back as each quote ends, and the link is found.
        let html = format!(
            "{}<div><a href=\"https://example.org/deep\">deep</a></div>\n\nafter\n",
            "> ".repeat(50_000)
        );
        let result = deep("raw HTML in 50,000 quotes", &html, &ctx);
        let links: Vec<&str> = result
            .analysis
            .report
            .links
            .iter()
            .map(|link| link.url.as_str())
            .collect();
        assert_eq!(links, ["https://example.org/deep"]);
        assert!(result.html.contains("href=\"https://example.org/deep\""));

        // A footnote cited and defined 5,000 quotes deep: numbered and moved to the end.
        let footnotes = format!(
            "{q}Cited[^deep].\n{q}\n{q}[^deep]: The note.\n",
            q = "> ".repeat(5_000)
        );
        let result = deep("footnote in 5,000 quotes", &footnotes, &ctx);
        assert!(result.html.contains("The note."));
        assert!(
            result
                .issues
                .iter()
                .all(|issue| issue.kind != IssueKind::BrokenFootnote),
            "{:?}",
            result.issues
        );

        // 50,000 raw `<div>`s, opened and never closed, inside a list 1,000 deep.
        let divs = format!("{}{}x\n", "- ".repeat(1_000), "<div>".repeat(50_000));
        let result = deep("50,000 divs in 1,000 lists", &divs, &ctx);
        assert_eq!(deepest(&result.analysis), 1_000);
    });
}

/// TESTDATA.md's backtick runs at their full length, every run from 1 to 10,000 backticks
/// (50 MB, one paragraph, since no two runs match), through the parse, the analysis and
/// the export. The preview's drawing is left out: it lays a paragraph out whole, and one of
/// 50 million characters would take gigabytes; the linearity test draws the same input at
/// smaller sizes.
#[test]
fn backtick_runs_of_every_length_to_ten_thousand() {
    on_worker_stack("backtick runs", || {
        let text = backtick_runs(10_000);
        assert_eq!(text.len(), 10_000 + 10_000 * 10_001 / 2);
        let post = Post::parse(&text);
        assert_eq!(post.body().len(), text.len());
        let analysis = Analysis::of(post.body(), post.metadata(), None, &AuditOptions::default());
        assert_eq!(analysis.preview.blocks().len(), 1, "one paragraph");
        assert!(analysis.report.links.is_empty());
        let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
        let exported = export_page(&post, None, &ExportOptions::default(), &mut read_nothing);
        assert!(!exported.html.contains("<code>"), "no two runs match");
        assert!(exported.html.contains(&"`".repeat(10_000)));
    });
}
