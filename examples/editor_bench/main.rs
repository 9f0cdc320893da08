//! Measures the Markdown editor against the stop-gap it replaced (egui's `TextEdit`), side by
//! side, on texts built by repeating the sample posts' bodies: one typed character (a full
//! frame: the editor, egui's pass and tessellation), an idle frame, and whether an idle
//! editor asks for a repaint. Headless, no AccessKit. Prints medians and ratios.
//!
//! ```sh
//! cargo run --release --example editor_bench            # both editors, 50 KB, 1 MB, 5 MB
//! cargo run --release --example editor_bench -- memory  # resident memory, 1 MB, scrolled through
//! ```

mod textedit_editor;

use std::ops::Range;
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, RawInput, Theme, Ui};
use postwright::post::Post;
use postwright::ui::{editor, theme};

/// One editor under measurement.
trait Subject {
    fn name(&self) -> &'static str;
    fn show(&mut self, ui: &mut Ui);
    fn select(&mut self, range: Range<usize>);
    fn focus(&mut self);
    fn text_len(&self) -> usize;
}

struct Virtual {
    state: editor::EditorState,
    text: String,
    style: editor::EditorStyle,
}

impl Subject for Virtual {
    fn name(&self) -> &'static str {
        "editor"
    }
    fn show(&mut self, ui: &mut Ui) {
        let _ = editor::editor_ui(ui, &mut self.state, &mut self.text, &self.style);
    }
    fn select(&mut self, range: Range<usize>) {
        self.state.set_selection(range);
    }
    fn focus(&mut self) {
        self.state.request_focus();
    }
    fn text_len(&self) -> usize {
        self.text.len()
    }
}

struct Baseline {
    state: textedit_editor::EditorState,
    text: String,
    style: textedit_editor::EditorStyle,
}

impl Subject for Baseline {
    fn name(&self) -> &'static str {
        "TextEdit"
    }
    fn show(&mut self, ui: &mut Ui) {
        let _ = textedit_editor::editor_ui(ui, &mut self.state, &mut self.text, &self.style);
    }
    fn select(&mut self, range: Range<usize>) {
        self.state.set_selection(range);
    }
    fn focus(&mut self) {
        self.state.request_focus();
    }
    fn text_len(&self) -> usize {
        self.text.len()
    }
}

/// A headless egui context of the window's size, with the app's fonts and style.
struct Window {
    ctx: egui::Context,
    time: f64,
}

/// What one frame cost and what it asked for.
struct Frame {
    elapsed: Duration,
    repaint_delay: Duration,
    /// Vertices tessellated: shows the frame painted a screenful of text.
    vertices: usize,
}

impl Window {
    fn new() -> Self {
        let ctx = egui::Context::default();
        theme::install_fonts(&ctx);
        theme::install_style(&ctx);
        ctx.set_theme(Theme::Dark);
        Self { ctx, time: 0.0 }
    }

    fn frame(&mut self, subject: &mut dyn Subject, events: Vec<Event>) -> Frame {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1400.0, 900.0),
            )),
            time: Some(self.time),
            focused: true,
            events,
            ..RawInput::default()
        };
        let start = Instant::now();
        let output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| subject.show(ui));
        });
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = start.elapsed();
        let vertices = primitives
            .iter()
            .map(|primitive| match &primitive.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        let repaint_delay = output
            .viewport_output
            .values()
            .next()
            .map_or(Duration::MAX, |viewport| viewport.repaint_delay);
        Frame {
            elapsed,
            repaint_delay,
            vertices,
        }
    }

    /// Runs frames until the editor stops asking for an immediate repaint.
    fn settle(&mut self, subject: &mut dyn Subject) {
        for _ in 0..10 {
            if self.frame(subject, Vec::new()).repaint_delay > Duration::ZERO {
                return;
            }
        }
    }
}

/// The sample posts' bodies, one after another.
fn sample_bodies() -> String {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_posts");
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    let mut bodies = String::new();
    for path in paths {
        if let Ok(text) = std::fs::read_to_string(&path) {
            bodies.push_str(Post::parse(&text).body());
            bodies.push('\n');
        }
    }
    bodies
}

/// A text of at least `size` bytes, cut at a line end.
fn text_of_size(bodies: &str, size: usize) -> String {
    let mut text = String::with_capacity(size + bodies.len());
    while text.len() < size {
        text.push_str(bodies);
    }
    let cut = text[..size].rfind('\n').map_or(size, |index| index + 1);
    text.truncate(cut);
    text
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Medians of one editor at one size.
struct Figures {
    type_end: Duration,
    type_start: Duration,
    idle: Duration,
    idle_repaint: String,
    /// Characters typed that reached the text, and vertices painted in an idle frame.
    typed: usize,
    vertices: usize,
}

fn typing(window: &mut Window, subject: &mut dyn Subject, at: usize, rounds: usize) -> Duration {
    subject.select(at..at);
    window.settle(subject);
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let frame = window.frame(subject, vec![Event::Text("x".to_owned())]);
        samples.push(frame.elapsed);
        window.settle(subject);
    }
    median(samples)
}

fn measure(subject: &mut dyn Subject, rounds: usize) -> Figures {
    let mut window = Window::new();
    subject.focus();
    window.frame(subject, Vec::new());
    window.settle(subject);
    let end = subject.text_len();
    let original = end;
    let type_end = typing(&mut window, subject, end, rounds);
    let type_start = typing(&mut window, subject, 0, rounds);
    // Idle: nothing changes; the caret has stopped blinking only in editors that stop it.
    window.time += 30.0;
    window.settle(subject);
    let typed = subject.text_len() - original;
    let mut samples = Vec::new();
    let mut delays = Vec::new();
    let mut vertices = 0;
    for _ in 0..rounds.max(20) {
        let frame = window.frame(subject, Vec::new());
        samples.push(frame.elapsed);
        delays.push(frame.repaint_delay);
        vertices = frame.vertices;
    }
    let delay = delays.last().copied().unwrap_or(Duration::MAX);
    let idle_repaint = if delay == Duration::MAX {
        "none".to_owned()
    } else if delay.is_zero() {
        "immediately".to_owned()
    } else {
        format!("after {:.2} s", delay.as_secs_f64())
    };
    Figures {
        type_end,
        type_start,
        idle: median(samples),
        idle_repaint,
        typed,
        vertices,
    }
}

fn style(text_colour_theme: Theme) -> (editor::EditorStyle, textedit_editor::EditorStyle) {
    let colours = theme::syntax_colours(text_colour_theme);
    let background = theme::palette(text_colour_theme).editor;
    (
        editor::EditorStyle {
            font_size: 15.0,
            colours,
            background,
            max_text_width: 760.0,
        },
        textedit_editor::EditorStyle {
            font_size: 15.0,
            colours,
            background,
            max_text_width: 760.0,
        },
    )
}

fn ms(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64() * 1000.0)
}

fn ratio(baseline: Duration, new: Duration) -> String {
    format!(
        "{:.0}x",
        baseline.as_secs_f64() / new.as_secs_f64().max(1e-9)
    )
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|value| value.parse().ok())
        })
        .unwrap_or(0)
}

/// Resident memory with a 1 MB post in the editor, before and after paging through all of it.
fn memory(which: &str) {
    let bodies = sample_bodies();
    let text = text_of_size(&bodies, 1_000_000);
    let (new_style, old_style) = style(Theme::Dark);
    let before = resident_kib();
    let mut subject: Box<dyn Subject> = if which == "textedit" {
        Box::new(Baseline {
            state: textedit_editor::EditorState::default(),
            text,
            style: old_style,
        })
    } else {
        Box::new(Virtual {
            state: editor::EditorState::default(),
            text,
            style: new_style,
        })
    };
    let mut window = Window::new();
    subject.focus();
    window.frame(subject.as_mut(), Vec::new());
    window.settle(subject.as_mut());
    let opened = resident_kib();
    for _ in 0..800 {
        let key = Event::Key {
            key: Key::PageDown,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        };
        window.frame(subject.as_mut(), vec![key]);
    }
    window.frame(subject.as_mut(), vec![Event::Text("x".to_owned())]);
    window.settle(subject.as_mut());
    let paged = resident_kib();
    println!(
        "{}: resident {} MiB before, {} MiB with the 1 MB post open, {} MiB after paging through it and typing",
        subject.name(),
        before / 1024,
        opened / 1024,
        paged / 1024
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|arg| arg == "memory") {
        memory(args.get(1).map_or("editor", String::as_str));
        return;
    }
    let bodies = sample_bodies();
    println!("medians in ms; typed character = full frame with one Event::Text; idle = no events");
    println!(
        "{:>8} | {:>9} | {:>10} | {:>12} | {:>9} | {:>14} | {:>6} | {:>8}",
        "size", "editor", "type@end", "type@start", "idle", "idle repaint", "typed", "vertices"
    );
    for size in [50_000, 1_000_000, 5_000_000] {
        let text = text_of_size(&bodies, size);
        let (new_style, old_style) = style(Theme::Dark);
        let rounds = if size > 1_000_000 { 9 } else { 21 };
        let mut baseline = Baseline {
            state: textedit_editor::EditorState::default(),
            text: text.clone(),
            style: old_style,
        };
        let old = measure(&mut baseline, rounds);
        let mut new = Virtual {
            state: editor::EditorState::default(),
            text,
            style: new_style,
        };
        let figures = measure(&mut new, 41);
        for (name, f) in [("TextEdit", &old), ("editor", &figures)] {
            println!(
                "{:>8} | {:>9} | {:>10} | {:>12} | {:>9} | {:>14} | {:>6} | {:>8}",
                size,
                name,
                ms(f.type_end),
                ms(f.type_start),
                ms(f.idle),
                f.idle_repaint,
                f.typed,
                f.vertices
            );
        }
        println!(
            "{:>8} | {:>9} | {:>10} | {:>12} | {:>9} |",
            size,
            "ratio",
            ratio(old.type_end, figures.type_end),
            ratio(old.type_start, figures.type_start),
            ratio(old.idle, figures.idle)
        );
    }
}
