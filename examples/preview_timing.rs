//! Times the preview against a naive viewer, side by side, at 50 KB and 1 MB.
//!
//! `cargo run --release --example preview_timing`
//!
//! Prints medians, no verdicts: per typed character (re-parse, rebuild the model, one
//! frame), an idle frame, a scrolling frame, and the same frames of a viewer that lays out
//! the whole document every frame, as Markdown viewers built on plain labels do.

use std::time::{Duration, Instant};

use egui::{Context, Event, RawInput, Rect, pos2, vec2};
use postwright::metadata::Metadata;
use postwright::post::Post;
use postwright::preview::{BlockContent, PreviewBuilder, PreviewModel};
use postwright::stats::StatsCollector;
use postwright::ui::preview::{PreviewSettings, PreviewState, preview_ui};

fn main() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts");
    let mut corpus = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("sample posts")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    for path in &names {
        let text = std::fs::read_to_string(path).expect("sample post");
        corpus.push_str(Post::parse(&text).body());
        corpus.push_str("\n\n");
    }
    let metadata =
        Post::parse(&std::fs::read_to_string(folder.join("kitchen-sink.md")).expect("sample post"))
            .metadata()
            .clone();
    for size in [50 * 1024, 1024 * 1024] {
        let mut body = String::new();
        while body.len() < size {
            body.push_str(&corpus);
        }
        report(&body, &metadata, &folder);
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn fastest(samples: &[Duration]) -> Duration {
    samples.iter().copied().min().unwrap_or_default()
}

fn ms(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1000.0)
}

fn single_pass(body: &str) -> PreviewModel {
    let mut stats = StatsCollector::default();
    let mut preview = PreviewBuilder::default();
    for (event, range) in postwright::markdown::parser(body).into_offset_iter() {
        stats.event(&event, &range);
        preview.event(&event, &range);
    }
    let _ = stats.finish();
    preview.finish()
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(900.0, 1000.0))),
        events,
        ..RawInput::default()
    }
}

/// Runs one frame and tessellates it, as the window would.
fn frame(ctx: &Context, events: Vec<Event>, ui_fn: &mut dyn FnMut(&mut egui::Ui)) -> Duration {
    let start = Instant::now();
    let mut output = ctx.run_ui(input(events), |ui| ui_fn(ui));
    let shapes = std::mem::take(&mut output.shapes);
    let _ = ctx.tessellate(shapes, output.pixels_per_point);
    let elapsed = start.elapsed();
    output.textures_delta.clear();
    elapsed
}

fn wheel(delta: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(pos2(450.0, 500.0)),
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

fn report(body: &str, metadata: &Metadata, folder: &std::path::Path) {
    println!("== body of {} KB", body.len() / 1024);
    let runs = if body.len() > 500_000 { 15 } else { 60 };

    // Parsing alone, then the single pass with statistics and the preview model.
    let parse: Vec<_> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let count = postwright::markdown::parser(body)
                .into_offset_iter()
                .count();
            std::hint::black_box(count);
            start.elapsed()
        })
        .collect();
    let pass: Vec<_> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(single_pass(body));
            start.elapsed()
        })
        .collect();
    let builder_only: Vec<_> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let mut preview = PreviewBuilder::default();
            for (event, range) in postwright::markdown::parser(body).into_offset_iter() {
                preview.event(&event, &range);
            }
            std::hint::black_box(preview.finish());
            start.elapsed()
        })
        .collect();
    let model = single_pass(body);
    println!(
        "median (fastest): parse only {} ({}); parse + preview model {} ({}); parse + stats \
         + preview model {} ({}); {} blocks",
        ms(median(parse.clone())),
        ms(fastest(&parse)),
        ms(median(builder_only.clone())),
        ms(fastest(&builder_only)),
        ms(median(pass.clone())),
        ms(fastest(&pass)),
        model.blocks().len()
    );

    // The preview: warm up, then idle frames, scrolling frames, typed characters.
    let ctx = Context::default();
    let settings = PreviewSettings {
        base_folder: Some(folder.to_owned()),
        ..PreviewSettings::default()
    };
    let mut state = PreviewState::default();
    let mut current = model;
    let mut text = body.to_owned();
    for _ in 0..5 {
        frame(&ctx, Vec::new(), &mut |ui| {
            let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
        });
    }
    // Start in the middle of the post.
    state.scroll_to_source(text.len() / 2);
    for _ in 0..5 {
        frame(&ctx, Vec::new(), &mut |ui| {
            let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
        });
    }
    let idle: Vec<_> = (0..200)
        .map(|_| {
            frame(&ctx, Vec::new(), &mut |ui| {
                let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
            })
        })
        .collect();
    let scroll: Vec<_> = (0..200)
        .map(|i| {
            let delta = if (i / 50) % 2 == 0 { -120.0 } else { 120.0 };
            frame(&ctx, wheel(delta), &mut |ui| {
                let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
            })
        })
        .collect();
    // Typing into the paragraph at the top of the view: parse, build, one frame.
    let at = state.first_visible_source().unwrap_or(0);
    let insert_at = text[at..].find(' ').map_or(at, |i| at + i);
    let mut typing_frames = Vec::new();
    let typing: Vec<_> = (0..runs.max(30))
        .map(|_| {
            let start = Instant::now();
            text.insert(insert_at, 'x');
            current = single_pass(&text);
            typing_frames.push(frame(&ctx, Vec::new(), &mut |ui| {
                let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
            }));
            start.elapsed()
        })
        .collect();
    println!(
        "preview: typed character (pass + frame) {} (fastest {}) of which the frame {}, idle \
         frame {}, scrolling frame {}",
        ms(median(typing.clone())),
        ms(fastest(&typing)),
        ms(median(typing_frames)),
        ms(median(idle)),
        ms(median(scroll))
    );
    let repaint = ctx.run_ui(input(Vec::new()), |ui| {
        let _ = preview_ui(ui, &current, metadata, &mut state, &settings);
    });
    let delay = repaint
        .viewport_output
        .values()
        .map(|viewport| viewport.repaint_delay)
        .min()
        .unwrap_or(Duration::MAX);
    println!(
        "preview: repaint requested when idle: {}",
        delay < Duration::from_secs(1)
    );

    // The naive viewer: every block as a label, every frame.
    let naive_ctx = Context::default();
    let naive_frame = |events: Vec<Event>, model: &PreviewModel| {
        frame(&naive_ctx, events, &mut |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| naive_ui(ui, model));
        })
    };
    for _ in 0..3 {
        naive_frame(Vec::new(), &current);
    }
    let naive_idle: Vec<_> = (0..runs)
        .map(|_| naive_frame(Vec::new(), &current))
        .collect();
    let naive_typing: Vec<_> = (0..runs.min(15))
        .map(|_| {
            let start = Instant::now();
            text.insert(insert_at, 'x');
            let model = single_pass(&text);
            naive_frame(Vec::new(), &model);
            start.elapsed()
        })
        .collect();
    println!(
        "naive viewer: typed character (pass + frame) {}, idle frame {}",
        ms(median(naive_typing)),
        ms(median(naive_idle))
    );
}

fn naive_ui(ui: &mut egui::Ui, model: &PreviewModel) {
    for block in model.blocks() {
        match &block.content {
            BlockContent::Paragraph(inline) => {
                ui.label(inline.text.as_str());
            }
            BlockContent::Heading { text, .. } => {
                ui.heading(text.text.as_str());
            }
            BlockContent::Code { code, .. } => {
                ui.code(code.as_str());
            }
            BlockContent::Html(html) => {
                ui.code(html.as_str());
            }
            BlockContent::Table(table) => {
                for row in &table.rows {
                    ui.horizontal(|ui| {
                        for cell in row {
                            ui.label(cell.text.as_str());
                        }
                    });
                }
            }
            _ => {
                ui.separator();
            }
        }
    }
}
