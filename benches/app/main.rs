//! The whole window, measured headless: Postwright's real app state and UI code in an egui
//! context with no AccessKit and no GPU (frames are run and tessellated, as the window does
//! before handing them to the graphics card), beside a baseline built the obvious way (a
//! plain `TextEdit` and a preview that parses and lays out everything every frame), on
//! posts of 5 KB to 5 MB made deterministically from the sample posts.
//!
//! ```sh
//! cargo bench --bench app                 # every size, both windows, memory
//! cargo bench --bench app -- 50KB 1MB     # chosen sizes only
//! cargo bench --bench app -- profile idle 1MB        # ten seconds of idle frames, for a profiler
//! cargo bench --bench app -- profile keystrokes 1MB  # ten seconds of typing, as measured
//! ```
//!
//! `BENCH_SETTINGS='{"show_links": false}'` measures another layout of the window (the
//! default is every panel open, the Links panel included).
//!
//! Prints medians (and the run count) as Markdown tables, ready for BENCHMARKS.md.
//!
//! `cargo bench --bench app -- find 5MB` measures the find bar alone.

mod baseline;
#[path = "../support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, RawInput, Ui, pos2, vec2};
use postwright::app::{AppOptions, PostwrightApp};
use postwright_core::analysis::Analysis;
use postwright_core::audit::AuditOptions;
use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_core::post::Post;

use baseline::BaselineWindow;

/// The sizes measured, by name.
const SIZES: [(&str, usize); 5] = [
    ("5KB", 5 * 1024),
    ("50KB", 50 * 1024),
    ("250KB", 250 * 1024),
    ("1MB", 1024 * 1024),
    ("5MB", 5 * 1024 * 1024),
];

/// The window's size in points, as the app opens.
const WINDOW: egui::Vec2 = vec2(1360.0, 860.0);

/// Where the pointer rests to scroll the preview (the preview's half of the window).
const OVER_PREVIEW: egui::Pos2 = pos2(820.0, 420.0);

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [mode, which, size] = args.as_slice()
        && mode == "memory"
    {
        let bytes = size_named(size);
        let peak = memory_child(which, bytes);
        println!("{peak}");
        return;
    }
    if let [mode, what, size] = args.as_slice()
        && mode == "profile"
    {
        profile(what, size_named(size));
        return;
    }
    let find_only = args.first().is_some_and(|arg| arg == "find");
    let sizes: Vec<&String> = args.iter().filter(|arg| *arg != "find").collect();
    let chosen: Vec<(&str, usize)> = SIZES
        .iter()
        .copied()
        .filter(|(name, _)| sizes.is_empty() || sizes.iter().any(|arg| arg == name))
        .collect();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("app-bench");
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts/images"),
        &scratch.join("images"),
    );
    println!(
        "Medians; in brackets, how many samples. Frames and the pipeline: CPU time of the \
         thread (egui pass + tessellation for a frame); latencies and opening: wall clock."
    );
    println!();
    let mut rows = Vec::new();
    let mut find_rows = Vec::new();
    for (name, bytes) in &chosen {
        eprintln!("measuring {name}…");
        let files = PostFiles::write(&scratch, name, *bytes);
        if find_only {
            find_rows.push((*name, measure_find(&files), measure_baseline_find(&files)));
            continue;
        }
        let ours = measure_app(&files);
        let theirs = measure_baseline(&files);
        let throughput = measure_pipeline(&files.body);
        rows.push((*name, ours, theirs, throughput));
        find_rows.push((*name, measure_find(&files), measure_baseline_find(&files)));
    }
    if find_only {
        print_find_table(&find_rows);
        return;
    }
    print_tables(&rows);
    println!();
    print_find_table(&find_rows);
    if let Some((_, bytes)) = chosen.iter().find(|(name, _)| *name == "1MB") {
        eprintln!("measuring spelling at 1MB…");
        let files = PostFiles::write(&scratch, "spelling-1MB", *bytes);
        print_spelling(&measure_spelling(&files));
    }
    if chosen.iter().any(|(name, _)| *name == "1MB") {
        println!();
        println!("Peak memory (resident, VmHWM) of a fresh process with the 1 MB post open,");
        println!("typed into and scrolled through:");
        println!();
        println!("| window | peak memory |");
        println!("| --- | ---: |");
        for which in ["postwright", "baseline"] {
            println!("| {which} | {} |", memory_in_child(which, "1MB"));
        }
    }
}

fn size_named(name: &str) -> usize {
    SIZES
        .iter()
        .find(|(size_name, _)| *size_name == name)
        .map_or_else(|| panic!("unknown size {name}"), |(_, bytes)| *bytes)
}

/// For a profiler: ten seconds of idle frames, of keystrokes as the benchmark types them
/// (each waits for its analysis), or of `typing` (a character every frame, rubbed out every
/// forty).
fn profile(what: &str, bytes: usize) {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("app-bench-profile");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut files = PostFiles::write(&scratch, "profile", bytes);
    if let Some(post) = std::env::var_os("BENCH_POST") {
        // Any post instead, copied in: `BENCH_POST=long-line.md … -- profile idle 5KB`.
        std::fs::copy(&post, &files.paths[0]).expect("copy BENCH_POST");
        let text = std::fs::read_to_string(&files.paths[0]).expect("BENCH_POST is text");
        files.body = Post::parse(&text).body().to_owned();
    }
    let mut window = Headless::new();
    let mut app = PostwrightApp::new(app_options(&scratch, Some(files.paths[0].clone())));
    let (_, _) = until_analysed(&mut window, &mut app, RawInput::default(), Instant::now());
    let middle = files.body.len() / 2;
    app.editor_state_mut().set_selection(middle..middle);
    window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    let start = Instant::now();
    let mut frames = 0;
    if what == "keystrokes" {
        // As the benchmark types: a character, then frames until the preview shows it.
        while start.elapsed() < Duration::from_secs(10) {
            let started = Instant::now();
            window.events(vec![Event::Text("x".to_owned())], &mut |ui| {
                app.frame_ui(ui, None)
            });
            if app.analysis_pending() {
                let _ = until_analysed(&mut window, &mut app, RawInput::default(), started);
            }
            window.settle(&mut |ui| app.frame_ui(ui, None), 20);
            frames += 1;
        }
        eprintln!("{frames} keystrokes");
        return;
    }
    while start.elapsed() < Duration::from_secs(10) {
        // Forty characters typed, then rubbed out at once, keeps the line about as long
        // as it was while each character still makes a line not seen before.
        let backspace = Event::Key {
            key: egui::Key::Backspace,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        };
        let events = match what {
            "typing" if frames % 41 == 40 => vec![backspace; 40],
            "typing" => vec![Event::Text("x".to_owned())],
            _ => Vec::new(),
        };
        window.events(events, &mut |ui| app.frame_ui(ui, None));
        frames += 1;
    }
    eprintln!("{frames} frames, {:.3} ms each", 10_000.0 / frames as f64);
}

/// Two copies of a post of one size (opening alternates between them) and its body.
struct PostFiles {
    paths: [PathBuf; 2],
    body: String,
}

impl PostFiles {
    /// A post of about `bytes`: the kitchen-sink post's front matter (so the form and the
    /// page header are full) over the sample bodies repeated.
    fn write(folder: &Path, name: &str, bytes: usize) -> Self {
        let sample = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts/kitchen-sink.md"),
        )
        .expect("kitchen-sink post");
        let parsed = Post::parse(&sample);
        let front_matter = sample
            .strip_suffix(parsed.body())
            .expect("the body ends the file");
        let body = support::post_of_size(bytes);
        let text = format!("{front_matter}{body}");
        let paths = [0, 1].map(|copy| folder.join(format!("post-{name}-{copy}.md")));
        for path in &paths {
            std::fs::write(path, &text).expect("write post");
        }
        Self { paths, body }
    }
}

/// A headless egui context the size of the window, with a clock that moves 1/60 s a frame.
struct Headless {
    ctx: egui::Context,
    time: f64,
    /// Set when anyone (a background thread included) asks for a repaint at once.
    woken: Arc<AtomicBool>,
}

/// The time this thread has spent running. Frames and the pipeline are timed with it, so
/// that other programs on the machine (or the app's own worker thread on the other core)
/// do not count against the frame; latencies, which span threads, use the wall clock.
#[derive(Clone, Copy)]
struct ThreadClock(Duration);

impl ThreadClock {
    fn now() -> Self {
        let time = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Self(Duration::new(
            u64::try_from(time.tv_sec).unwrap_or(0),
            u32::try_from(time.tv_nsec).unwrap_or(0),
        ))
    }

    fn elapsed(self) -> Duration {
        Self::now().0.saturating_sub(self.0)
    }
}

/// What one frame cost and whether it asked to be followed by another at once.
struct Frame {
    elapsed: Duration,
    repaint_delay: Duration,
}

impl Headless {
    fn new() -> Self {
        let ctx = egui::Context::default();
        let woken = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&woken);
        ctx.set_repaint_observer(move |info| {
            if info.delay.is_zero() {
                flag.store(true, Ordering::SeqCst);
            }
        });
        Self {
            ctx,
            time: 0.0,
            woken,
        }
    }

    /// Sleeps until someone asks for a repaint at once, as the real window does.
    fn wait_for_wake(&self, deadline: Instant) {
        while !self.woken.load(Ordering::SeqCst) {
            assert!(Instant::now() < deadline, "nothing asked for a repaint");
            std::thread::sleep(Duration::from_micros(100));
        }
    }

    fn frame(&mut self, input: RawInput, ui_fn: &mut dyn FnMut(&mut Ui)) -> Frame {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW)),
            time: Some(self.time),
            focused: true,
            ..input
        };
        self.woken.store(false, Ordering::SeqCst);
        let start = ThreadClock::now();
        let mut output = self.ctx.run_ui(input, |ui| ui_fn(ui));
        let shapes = std::mem::take(&mut output.shapes);
        black_box(self.ctx.tessellate(shapes, output.pixels_per_point));
        let elapsed = start.elapsed();
        let repaint_delay = output
            .viewport_output
            .values()
            .map(|viewport| viewport.repaint_delay)
            .min()
            .unwrap_or(Duration::MAX);
        Frame {
            elapsed,
            repaint_delay,
        }
    }

    fn events(&mut self, events: Vec<Event>, ui_fn: &mut dyn FnMut(&mut Ui)) -> Frame {
        self.frame(
            RawInput {
                events,
                ..RawInput::default()
            },
            ui_fn,
        )
    }

    /// Runs frames for as long as they ask for an immediate repaint (at most `limit`).
    fn settle(&mut self, ui_fn: &mut dyn FnMut(&mut Ui), limit: usize) {
        for _ in 0..limit {
            if !self.events(Vec::new(), ui_fn).repaint_delay.is_zero() {
                return;
            }
        }
    }
}

/// Medians of one window at one size.
#[derive(Default)]
struct WindowFigures {
    /// Open the file: read, parse, analyse, first frame showing it.
    open: Sample,
    /// The frame that takes one typed character.
    typed: Sample,
    /// From the typed character to the frame whose preview shows it.
    preview_latency: Option<Sample>,
    /// The frame that takes a finished background analysis.
    result_frame: Option<Sample>,
    /// A frame with nothing happening.
    idle: Sample,
    /// Whether an idle window asks to be repainted, and when.
    idle_repaint: String,
    /// Each frame of scrolling the preview down or up by a page.
    scroll: Sample,
}

/// A median of several samples.
#[derive(Clone, Copy, Default)]
struct Sample {
    median: Duration,
    count: usize,
}

impl Sample {
    fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        Self {
            median: samples.get(samples.len() / 2).copied().unwrap_or_default(),
            count: samples.len(),
        }
    }

    fn ms(self) -> String {
        format!("{} ({})", ms(self.median), self.count)
    }
}

fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// How many samples to take of something that costs about one frame at this size.
fn rounds(body: &str) -> usize {
    match body.len() {
        0..=300_000 => 41,
        300_001..=2_000_000 => 21,
        _ => 9,
    }
}

fn app_options(folder: &Path, file: Option<PathBuf>) -> AppOptions {
    let settings =
        std::env::var("BENCH_SETTINGS").unwrap_or_else(|_| r#"{ "show_links": true }"#.to_owned());
    app_options_with(folder, file, &settings)
}

/// Options for a window whose settings file (in a folder of its own under `folder`, named
/// by the settings) holds `settings`.
fn app_options_with(folder: &Path, file: Option<PathBuf>, settings: &str) -> AppOptions {
    let config = folder.join(format!(
        "config-{:x}",
        settings.bytes().fold(0u64, |hash, byte| hash
            .wrapping_mul(31)
            .wrapping_add(u64::from(byte)))
    ));
    std::fs::create_dir_all(&config).expect("config folder");
    let settings_file = config.join("settings.json");
    std::fs::write(&settings_file, settings).expect("settings");
    AppOptions {
        file,
        settings_file: Some(settings_file),
        native_dialogs: false,
        journal_folder: None,
    }
}

fn wheel_page(down: bool) -> Vec<Event> {
    vec![
        Event::PointerMoved(OVER_PREVIEW),
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: vec2(0.0, if down { -1.0 } else { 1.0 }),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

/// Scrolls a page down and back, `rounds` times, and gives every frame the scrolling took.
fn scroll_pages(
    window: &mut Headless,
    ui_fn: &mut dyn FnMut(&mut Ui),
    rounds: usize,
) -> Vec<Duration> {
    let mut frames = Vec::new();
    for round in 0..rounds {
        let first = window.events(wheel_page(round % 2 == 0), ui_fn);
        frames.push(first.elapsed);
        // egui animates the scroll over a few frames.
        for _ in 0..60 {
            let frame = window.events(vec![Event::PointerMoved(OVER_PREVIEW)], ui_fn);
            frames.push(frame.elapsed);
            if !frame.repaint_delay.is_zero() {
                break;
            }
        }
    }
    frames
}

/// Idle frames after the caret has stopped blinking; their median and the repaint asked.
fn idle(window: &mut Headless, ui_fn: &mut dyn FnMut(&mut Ui)) -> (Sample, String) {
    window.time += 60.0;
    window.settle(ui_fn, 20);
    // Let background work (images being decoded) finish and be shown.
    loop {
        std::thread::sleep(Duration::from_millis(300));
        if !window.woken.load(Ordering::SeqCst) {
            break;
        }
        window.settle(ui_fn, 20);
    }
    let frames: Vec<Frame> = (0..61).map(|_| window.events(Vec::new(), ui_fn)).collect();
    let delay = frames
        .iter()
        .map(|frame| frame.repaint_delay)
        .min()
        .unwrap_or(Duration::MAX);
    let repaint = if delay == Duration::MAX {
        "no".to_owned()
    } else if delay.is_zero() {
        "yes, at once".to_owned()
    } else {
        format!("yes, after {:.2} s", delay.as_secs_f64())
    };
    (
        Sample::of(frames.iter().map(|frame| frame.elapsed).collect()),
        repaint,
    )
}

/// Runs frames of `app` until its post is read and analysed: the time that took, and what
/// the last frame (the one that took the analysis) cost.
fn until_analysed(
    window: &mut Headless,
    app: &mut PostwrightApp,
    first: RawInput,
    start: Instant,
) -> (Duration, Duration) {
    until(window, app, first, start, |app| {
        app.loading().is_none() && !app.analysis_pending()
    })
}

/// Runs frames of `app` until `done` holds: the time that took, and what the last frame
/// cost.
fn until(
    window: &mut Headless,
    app: &mut PostwrightApp,
    first: RawInput,
    start: Instant,
    done: impl Fn(&PostwrightApp) -> bool,
) -> (Duration, Duration) {
    let mut input = Some(first);
    loop {
        let frame = window.frame(input.take().unwrap_or_default(), &mut |ui| {
            app.frame_ui(ui, None)
        });
        if done(app) {
            return (start.elapsed(), frame.elapsed);
        }
        // Background work asks for a repaint when it is done; wait for that, as the window
        // does, instead of spinning frames beside the worker.
        if !frame.repaint_delay.is_zero() {
            window.wait_for_wake(start + Duration::from_secs(120));
        }
    }
}

fn measure_app(files: &PostFiles) -> WindowFigures {
    let folder = files.paths[0].parent().expect("folder");
    let mut app = PostwrightApp::new(app_options(folder, None));
    let mut window = Headless::new();
    window.settle(&mut |ui| app.frame_ui(ui, None), 10);
    let body_rounds = rounds(&files.body);

    // Open: drop the file on the window (as an author would), alternating between two
    // copies so that each open reads and parses a file anew.
    let mut opens = Vec::new();
    for round in 0..body_rounds.min(11) {
        let path = files.paths[round % 2].clone();
        let input = RawInput {
            dropped_files: vec![Arc::new(Dropped(path))],
            ..RawInput::default()
        };
        let (elapsed, _) = until_analysed(&mut window, &mut app, input, Instant::now());
        opens.push(elapsed);
        window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    }
    assert_eq!(
        app.document().post().body(),
        files.body,
        "the post did not open"
    );

    let (idle, idle_repaint) = idle(&mut window, &mut |ui| app.frame_ui(ui, None));

    // Scroll the preview a page at a time.
    let scroll = Sample::of(scroll_pages(
        &mut window,
        &mut |ui| app.frame_ui(ui, None),
        body_rounds.min(21),
    ));

    // Type in the middle of the post: the frame with the key, then until the preview
    // shows it (on a worker thread for long posts).
    caret_to_the_middle(&mut window, &mut app, files);
    let before = app.document().post().body().len();
    let (mut typed, mut latency, mut result_frames) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..body_rounds {
        let start = Instant::now();
        let frame = window.events(vec![Event::Text("x".to_owned())], &mut |ui| {
            app.frame_ui(ui, None)
        });
        typed.push(frame.elapsed);
        if app.analysis_pending() {
            let (elapsed, result) =
                until_analysed(&mut window, &mut app, RawInput::default(), start);
            latency.push(elapsed);
            result_frames.push(result);
        }
        window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    }
    assert_eq!(
        app.document().post().body().len(),
        before + body_rounds,
        "every typed character reached the post"
    );
    WindowFigures {
        open: Sample::of(opens),
        typed: Sample::of(typed),
        preview_latency: (!latency.is_empty()).then(|| Sample::of(latency)),
        result_frame: (!result_frames.is_empty()).then(|| Sample::of(result_frames)),
        idle,
        idle_repaint,
        scroll,
    }
}

fn measure_baseline(files: &PostFiles) -> WindowFigures {
    let body_rounds = rounds(&files.body).min(9);
    let mut window = Headless::new();
    postwright::ui::theme::install_fonts(&window.ctx);
    // Open: read the file, split the front matter, first frame.
    let mut opens = Vec::new();
    let mut baseline = BaselineWindow::new(String::new());
    for round in 0..body_rounds {
        let start = Instant::now();
        let text = std::fs::read_to_string(&files.paths[round % 2]).expect("read post");
        baseline = BaselineWindow::new(Post::parse(&text).body().to_owned());
        window.events(Vec::new(), &mut |ui| baseline.frame_ui(ui));
        opens.push(start.elapsed());
    }
    window.settle(&mut |ui| baseline.frame_ui(ui), 10);
    let (idle, idle_repaint) = idle(&mut window, &mut |ui| baseline.frame_ui(ui));
    let scroll = Sample::of(scroll_pages(
        &mut window,
        &mut |ui| baseline.frame_ui(ui),
        body_rounds.min(5),
    ));
    let before = baseline.text.len();
    let typed: Vec<Duration> = (0..body_rounds)
        .map(|_| {
            let frame = window.events(vec![Event::Text("x".to_owned())], &mut |ui| {
                baseline.frame_ui(ui)
            });
            frame.elapsed
        })
        .collect();
    assert_eq!(
        baseline.text.len(),
        before + body_rounds,
        "every typed character reached the baseline's text"
    );
    WindowFigures {
        open: Sample::of(opens),
        typed: Sample::of(typed),
        preview_latency: None,
        result_frame: None,
        idle,
        idle_repaint,
        scroll,
    }
}

/// The word typed into the find field and rubbed out again, a key at a time: a word the
/// first sample posts hold, so that every size has it.
const FIND_WORD: &str = "readers";

/// The find bar at one size.
struct FindFigures {
    /// The frames that take a key typed (or rubbed out) in the find field.
    typed: Sample,
    /// The slowest of them.
    slowest: Duration,
    /// From the key to the frame whose count shows the new query's matches.
    count_after: Option<Sample>,
    /// The frame that takes the worker's matches.
    result_frame: Option<Sample>,
    /// The frame that takes a character typed in the editor while the bar is open.
    editor_typed: Option<Sample>,
    /// From that character to the frame whose count follows it.
    editor_count_after: Option<Sample>,
    /// The frame that takes a character typed in the editor while the bar is closed.
    editor_typed_closed: Option<Sample>,
}

fn key_event(key: egui::Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// The keys of one round: [`FIND_WORD`] typed, then rubbed out.
fn find_keys() -> Vec<Event> {
    FIND_WORD
        .chars()
        .map(|c| Event::Text(c.to_string()))
        .chain(
            FIND_WORD
                .chars()
                .map(|_| key_event(egui::Key::Backspace, Modifiers::NONE)),
        )
        .collect()
}

/// How many times to type the word: each is fourteen keys.
fn find_rounds(body: &str) -> usize {
    (rounds(body) / 4).max(2)
}

fn measure_find(files: &PostFiles) -> FindFigures {
    let folder = files.paths[0].parent().expect("folder");
    let mut app = PostwrightApp::new(app_options(folder, Some(files.paths[0].clone())));
    let mut window = Headless::new();
    let _ = until_analysed(&mut window, &mut app, RawInput::default(), Instant::now());
    window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    // Typing in the editor with the bar closed, to set the bar's cost against.
    let (editor_typed_closed, _) = type_in_the_middle(&mut window, &mut app, files);
    // Ctrl+F at the top of the post: the bar opens with the word at the caret, selected,
    // so the first key typed replaces it.
    app.editor_state_mut().set_selection(0..0);
    window.events(
        vec![key_event(egui::Key::F, Modifiers::COMMAND)],
        &mut |ui| app.frame_ui(ui, None),
    );
    let _ = until(
        &mut window,
        &mut app,
        RawInput::default(),
        Instant::now(),
        |app| !app.search_pending(),
    );
    window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    let (mut typed, mut latency, mut result_frames) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..find_rounds(&files.body) {
        for (index, key) in find_keys().into_iter().enumerate() {
            let start = Instant::now();
            let frame = window.events(vec![key], &mut |ui| app.frame_ui(ui, None));
            typed.push(frame.elapsed);
            if app.search_pending() {
                let (elapsed, result) =
                    until(&mut window, &mut app, RawInput::default(), start, |app| {
                        !app.search_pending()
                    });
                latency.push(elapsed);
                result_frames.push(result);
            }
            window.settle(&mut |ui| app.frame_ui(ui, None), 20);
            if index + 1 == FIND_WORD.len() {
                assert!(
                    !app.find_matches().is_empty(),
                    "the word typed in the find field was found"
                );
            }
        }
    }
    let slowest = typed.iter().copied().max().unwrap_or_default();

    // Typing in the editor while the bar shows the matches of the word.
    for c in FIND_WORD.chars() {
        window.events(vec![Event::Text(c.to_string())], &mut |ui| {
            app.frame_ui(ui, None)
        });
    }
    let _ = until(
        &mut window,
        &mut app,
        RawInput::default(),
        Instant::now(),
        |app| !app.search_pending(),
    );
    let found = app.find_matches().len();
    let (editor_typed, editor_latency) = type_in_the_middle(&mut window, &mut app, files);
    assert_eq!(
        app.find_matches().len(),
        found,
        "typing elsewhere kept every match"
    );
    FindFigures {
        typed: Sample::of(typed),
        slowest,
        count_after: (!latency.is_empty()).then(|| Sample::of(latency)),
        result_frame: (!result_frames.is_empty()).then(|| Sample::of(result_frames)),
        editor_typed: Some(Sample::of(editor_typed)),
        editor_count_after: (!editor_latency.is_empty()).then(|| Sample::of(editor_latency)),
        editor_typed_closed: Some(Sample::of(editor_typed_closed)),
    }
}

/// Puts the caret at a word's end in the middle of the post, the editor focused.
fn caret_to_the_middle(window: &mut Headless, app: &mut PostwrightApp, files: &PostFiles) {
    let middle = files.body.len() / 2;
    let middle = files.body[middle..]
        .find(' ')
        .map_or(middle, |space| middle + space);
    app.editor_state_mut().set_selection(middle..middle);
    app.editor_state_mut().request_focus();
    window.settle(&mut |ui| app.frame_ui(ui, None), 20);
}

/// Types characters in the middle of the post, each followed by frames until the find
/// bar's count (if it is open) and the analysis follow it: the frames that took the
/// characters, and how long the count took to follow.
fn type_in_the_middle(
    window: &mut Headless,
    app: &mut PostwrightApp,
    files: &PostFiles,
) -> (Vec<Duration>, Vec<Duration>) {
    caret_to_the_middle(window, app, files);
    let (mut typed, mut latency) = (Vec::new(), Vec::new());
    for _ in 0..21 {
        let start = Instant::now();
        let frame = window.events(vec![Event::Text("x".to_owned())], &mut |ui| {
            app.frame_ui(ui, None)
        });
        typed.push(frame.elapsed);
        if app.search_pending() {
            let (elapsed, _) = until(window, app, RawInput::default(), start, |app| {
                !app.search_pending()
            });
            latency.push(elapsed);
        }
        let _ = until_analysed(window, app, RawInput::default(), Instant::now());
        window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    }
    (typed, latency)
}

/// The baseline's find field: the same keys, each searched for in its frame.
fn measure_baseline_find(files: &PostFiles) -> FindFigures {
    let mut window = Headless::new();
    postwright::ui::theme::install_fonts(&window.ctx);
    let text = std::fs::read_to_string(&files.paths[0]).expect("read post");
    let mut baseline = BaselineWindow::new(Post::parse(&text).body().to_owned());
    baseline.open_find();
    window.settle(&mut |ui| baseline.frame_ui(ui), 10);
    let mut typed = Vec::new();
    for _ in 0..find_rounds(&files.body).min(2) {
        for (index, key) in find_keys().into_iter().enumerate() {
            let frame = window.events(vec![key], &mut |ui| baseline.frame_ui(ui));
            typed.push(frame.elapsed);
            if index + 1 == FIND_WORD.len() {
                let count = baseline.find.as_ref().map_or(0, |find| find.count);
                assert!(count > 0, "the baseline found the word");
            }
        }
    }
    let slowest = typed.iter().copied().max().unwrap_or_default();
    FindFigures {
        typed: Sample::of(typed),
        slowest,
        count_after: None,
        result_frame: None,
        editor_typed: None,
        editor_count_after: None,
        editor_typed_closed: None,
    }
}

fn print_find_table(rows: &[(&str, FindFigures, FindFigures)]) {
    println!("### Find");
    println!();
    println!(
        "| size | key in the find field: Postwright | slowest | baseline | slowest | \
         Postwright ÷ baseline | count shows after | frame taking the matches |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, ours, theirs) in rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            ours.typed.ms(),
            ms(ours.slowest),
            theirs.typed.ms(),
            ms(theirs.slowest),
            ratio(ours.typed.median, theirs.typed.median),
            optional(ours.count_after),
            optional(ours.result_frame),
        );
    }
    println!();
    println!(
        "| size | typed character, bar closed | bar open | open ÷ closed | \
         count follows after |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    let shown = |sample: Option<Sample>| sample.map_or_else(String::new, Sample::ms);
    for (name, ours, _) in rows {
        let (Some(closed), Some(open)) = (ours.editor_typed_closed, ours.editor_typed) else {
            continue;
        };
        println!(
            "| {name} | {} | {} | {} | {} |",
            shown(Some(closed)),
            shown(Some(open)),
            ratio(open.median, closed.median),
            optional(ours.editor_count_after),
        );
    }
}

/// Typing with spelling checked beside not, and the first check of a post.
struct SpellingFigures {
    /// The frame that takes a typed character, checking off and on.
    typed: [Sample; 2],
    /// From the typed character to the frame showing its analysis (and, checking on, the
    /// misspelt words).
    latency: [Sample; 2],
    /// The frame that takes that analysis.
    result_frame: [Sample; 2],
    /// A frame with nothing happening, the caret no longer blinking.
    idle: [Sample; 2],
    /// From opening the post to its misspelt words on screen, the dictionary loaded on the
    /// way (wall clock).
    first_check: Sample,
    /// The longest frame between the post on screen and its misspelt words (CPU time of
    /// the interface thread).
    first_check_longest_frame: Sample,
    /// How many misspelt words the post has.
    misspellings: usize,
}

/// Settings of the spelling comparison: every panel open, checking off or on.
fn spelling_settings(on: bool) -> String {
    format!(r#"{{ "show_links": true, "check_spelling": {on} }}"#)
}

/// Runs frames until the post's misspelt words are on screen.
fn until_spelling_checked(
    window: &mut Headless,
    app: &mut PostwrightApp,
    start: Instant,
) -> Vec<Duration> {
    let mut frames = Vec::new();
    loop {
        let frame = window.events(Vec::new(), &mut |ui| app.frame_ui(ui, None));
        frames.push(frame.elapsed);
        if app.loading().is_none() && !app.spelling_pending() {
            return frames;
        }
        if !frame.repaint_delay.is_zero() {
            window.wait_for_wake(start + Duration::from_secs(120));
        }
    }
}

/// One window with checking off and one with it on, typed into by turns (so both see the
/// same machine), and the first check of the post opened afresh.
fn measure_spelling(files: &PostFiles) -> SpellingFigures {
    let folder = files.paths[0].parent().expect("folder");
    let mut windows: Vec<(Headless, PostwrightApp)> = [false, true]
        .into_iter()
        .map(|on| {
            let options =
                app_options_with(folder, Some(files.paths[0].clone()), &spelling_settings(on));
            let mut window = Headless::new();
            let mut app = PostwrightApp::new(options);
            let (_, _) = until_analysed(&mut window, &mut app, RawInput::default(), Instant::now());
            until_spelling_checked(&mut window, &mut app, Instant::now());
            (window, app)
        })
        .collect();
    let misspellings = windows[1].1.editor_marks()[1].marks().len();
    assert!(misspellings > 0, "the benchmark post has misspelt words");
    let middle = files.body.len() / 2;
    let middle = files.body[middle..]
        .find(' ')
        .map_or(middle, |space| middle + space);
    for (window, app) in &mut windows {
        app.editor_state_mut().set_selection(middle..middle);
        app.editor_state_mut().request_focus();
        window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    }
    let mut typed = [Vec::new(), Vec::new()];
    let mut latency = [Vec::new(), Vec::new()];
    let mut result_frames = [Vec::new(), Vec::new()];
    for _ in 0..2 * rounds(&files.body) {
        for (which, (window, app)) in windows.iter_mut().enumerate() {
            let start = Instant::now();
            let frame = window.events(vec![Event::Text("x".to_owned())], &mut |ui| {
                app.frame_ui(ui, None)
            });
            typed[which].push(frame.elapsed);
            let (elapsed, result) = until_analysed(window, app, RawInput::default(), start);
            latency[which].push(elapsed);
            result_frames[which].push(result);
            assert!(
                !app.spelling_pending(),
                "the check rides along the analysis"
            );
            window.settle(&mut |ui| app.frame_ui(ui, None), 20);
        }
    }
    // Idle frames, by turns.
    let mut idle = [Vec::new(), Vec::new()];
    for (window, app) in &mut windows {
        window.time += 60.0;
        window.settle(&mut |ui| app.frame_ui(ui, None), 20);
    }
    for _ in 0..61 {
        for (which, (window, app)) in windows.iter_mut().enumerate() {
            let frame = window.events(Vec::new(), &mut |ui| app.frame_ui(ui, None));
            idle[which].push(frame.elapsed);
        }
    }
    // The first check: a fresh window (so the dictionary is loaded too) opening the post.
    let (mut first_check, mut longest) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let options = app_options_with(
            folder,
            Some(files.paths[1].clone()),
            &spelling_settings(true),
        );
        let mut window = Headless::new();
        let mut app = PostwrightApp::new(options);
        let start = Instant::now();
        // The post on screen, then its misspelt words: the frames in between are what
        // the interface thread does while the dictionary loads and the post is checked.
        let (_, _) = until_analysed(&mut window, &mut app, RawInput::default(), start);
        let frames = until_spelling_checked(&mut window, &mut app, start);
        first_check.push(start.elapsed());
        longest.push(frames.into_iter().max().unwrap_or_default());
    }
    let [typed_off, typed_on] = typed;
    let [latency_off, latency_on] = latency;
    let [result_off, result_on] = result_frames;
    let [idle_off, idle_on] = idle;
    SpellingFigures {
        typed: [Sample::of(typed_off), Sample::of(typed_on)],
        latency: [Sample::of(latency_off), Sample::of(latency_on)],
        result_frame: [Sample::of(result_off), Sample::of(result_on)],
        idle: [Sample::of(idle_off), Sample::of(idle_on)],
        first_check: Sample::of(first_check),
        first_check_longest_frame: Sample::of(longest),
        misspellings,
    }
}

fn print_spelling(figures: &SpellingFigures) {
    println!();
    println!("### Spelling in the window, 1 MB, checking off beside on");
    println!();
    println!(
        "| | typed character: off | on | on ÷ off | preview and marks show it after: off | \
         on | frame taking the analysis: off | on | idle frame: off | on |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| {} misspelt words | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        figures.misspellings,
        figures.typed[0].ms(),
        figures.typed[1].ms(),
        ratio(figures.typed[1].median, figures.typed[0].median),
        figures.latency[0].ms(),
        figures.latency[1].ms(),
        figures.result_frame[0].ms(),
        figures.result_frame[1].ms(),
        figures.idle[0].ms(),
        figures.idle[1].ms(),
    );
    println!();
    println!(
        "First check of the post opened in a fresh window (dictionary loaded, post read, \
         analysed and checked off the interface thread): {} to the misspelt words on screen; \
         the longest frame between the post on screen and its misspelt words {}.",
        figures.first_check.ms(),
        figures.first_check_longest_frame.ms()
    );
}

/// The pipeline without the window: bare pulldown-cmark, the export, the audit.
struct PipelineFigures {
    push_html: Sample,
    export_page: Sample,
    analysis: Sample,
    audit: Sample,
}

fn measure_pipeline(body: &str) -> PipelineFigures {
    let post = Post::parse(body);
    let options = ExportOptions {
        images: ImageMode::Keep,
        ..ExportOptions::default()
    };
    let mut no_images = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".into()) };
    let runs = rounds(body);
    let (mut bare, mut page, mut analysis, mut audit) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        // Interleaved, so that each sees the same machine load.
        let start = ThreadClock::now();
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, postwright_core::markdown::parser(body));
        black_box(html);
        bare.push(start.elapsed());
        let start = ThreadClock::now();
        black_box(export::export_page(&post, None, &options, &mut no_images));
        page.push(start.elapsed());
        let start = ThreadClock::now();
        black_box(Analysis::of(
            body,
            post.metadata(),
            None,
            &AuditOptions::default(),
        ));
        analysis.push(start.elapsed());
        let start = ThreadClock::now();
        black_box(postwright_core::audit::audit_post(
            &post,
            &AuditOptions::default(),
        ));
        audit.push(start.elapsed());
    }
    PipelineFigures {
        push_html: Sample::of(bare),
        export_page: Sample::of(page),
        analysis: Sample::of(analysis),
        audit: Sample::of(audit),
    }
}

fn ratio(ours: Duration, theirs: Duration) -> String {
    format!(
        "{:.1} %",
        100.0 * ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9)
    )
}

fn optional(sample: Option<Sample>) -> String {
    sample.map_or_else(|| "in the frame".to_owned(), Sample::ms)
}

fn print_tables(rows: &[(&str, WindowFigures, WindowFigures, PipelineFigures)]) {
    println!("### The window, Postwright beside the baseline");
    println!();
    println!(
        "| size | typed character: Postwright | baseline | Postwright ÷ baseline | \
         preview shows it after | frame taking the analysis |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (name, ours, theirs, _) in rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} |",
            ours.typed.ms(),
            theirs.typed.ms(),
            ratio(ours.typed.median, theirs.typed.median),
            optional(ours.preview_latency),
            optional(ours.result_frame),
        );
    }
    println!();
    println!(
        "| size | idle frame: Postwright | baseline | idle repaint: Postwright | baseline | \
         scrolling frame: Postwright | baseline | open: Postwright | baseline |"
    );
    println!("| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |");
    for (name, ours, theirs, _) in rows {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
            ours.idle.ms(),
            theirs.idle.ms(),
            ours.idle_repaint,
            theirs.idle_repaint,
            ours.scroll.ms(),
            theirs.scroll.ms(),
            ours.open.ms(),
            theirs.open.ms(),
        );
    }
    println!();
    println!("### The pipeline");
    println!();
    println!(
        "| size | bare push_html | export page | export ÷ push_html throughput | \
         analysis (preview, statistics, audit) | link audit (parse, collect, rules) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (name, _, _, pipeline) in rows {
        println!(
            "| {name} | {} | {} | {:.2} | {} | {} |",
            pipeline.push_html.ms(),
            pipeline.export_page.ms(),
            pipeline.push_html.median.as_secs_f64()
                / pipeline.export_page.median.as_secs_f64().max(1e-9),
            pipeline.analysis.ms(),
            pipeline.audit.ms(),
        );
    }
}

/// Peak resident memory of a fresh process of this benchmark that opens the post.
fn memory_in_child(which: &str, size: &str) -> String {
    let output = Command::new(std::env::current_exe().expect("this benchmark"))
        .args(["memory", which, size])
        .output()
        .expect("the benchmark runs again");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let kib: u64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("a number of KiB");
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// In the child: opens the post in one window, types, scrolls through the preview, and
/// gives the peak resident memory in KiB.
fn memory_child(which: &str, bytes: usize) -> u64 {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("app-bench-memory-{which}"));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let files = PostFiles::write(&scratch, "memory", bytes);
    let mut window = Headless::new();
    let mut typing = vec![Event::Text("x".to_owned())];
    match which {
        "postwright" => {
            let mut app = PostwrightApp::new(app_options(&scratch, Some(files.paths[0].clone())));
            let (_, _) = until_analysed(&mut window, &mut app, RawInput::default(), Instant::now());
            {
                let mut ui_fn = |ui: &mut Ui| app.frame_ui(ui, None);
                for _ in 0..400 {
                    window.events(wheel_page(true), &mut ui_fn);
                }
                window.events(std::mem::take(&mut typing), &mut ui_fn);
                window.settle(&mut ui_fn, 20);
            }
            let (_, _) = until_analysed(&mut window, &mut app, RawInput::default(), Instant::now());
        }
        _ => {
            postwright::ui::theme::install_fonts(&window.ctx);
            let text = std::fs::read_to_string(&files.paths[0]).expect("read post");
            let mut baseline = BaselineWindow::new(Post::parse(&text).body().to_owned());
            let mut ui_fn = |ui: &mut Ui| baseline.frame_ui(ui);
            window.settle(&mut ui_fn, 10);
            for _ in 0..40 {
                window.events(wheel_page(true), &mut ui_fn);
            }
            window.events(typing, &mut ui_fn);
        }
    }
    peak_resident_kib()
}

fn peak_resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .expect("VmHWM in /proc/self/status")
}

/// A file dropped on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy image");
    }
}
