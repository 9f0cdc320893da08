//! Starts Postwright: a subcommand on the command line, or the window.

use std::process::ExitCode;

use clap::Parser;
use postwright::app::{AppOptions, PostwrightApp};
use postwright::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => run_window(cli.file),
    }
}

/// glow starts faster and builds in less time than wgpu (BENCHMARKS.md); the `wgpu`
/// feature switches, for comparison.
#[cfg(feature = "wgpu")]
const RENDERER: eframe::Renderer = eframe::Renderer::Wgpu;
#[cfg(not(feature = "wgpu"))]
const RENDERER: eframe::Renderer = eframe::Renderer::Glow;

/// Opens the window, with `file` if given.
fn run_window(file: Option<std::path::PathBuf>) -> ExitCode {
    let options = AppOptions {
        file,
        settings_file: postwright_io::files::config_dir()
            .map(|dir| postwright_io::files::settings_file(&dir)),
        native_dialogs: true,
        journal_folder: postwright::app::default_journal_folder(),
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Postwright")
        .with_app_id("postwright")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    match eframe::icon_data::from_png_bytes(include_bytes!("../assets/icon.png")) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => eprintln!("postwright: the window icon could not be read: {error}"),
    }
    let native_options = eframe::NativeOptions {
        viewport,
        renderer: RENDERER,
        ..Default::default()
    };
    let result = eframe::run_native(
        "Postwright",
        native_options,
        Box::new(move |_creation| {
            let mut app = PostwrightApp::new(options);
            if std::env::var_os("POSTWRIGHT_REPORT_READY").is_some() {
                app.report_when_ready();
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "postwright: the window could not be opened: {error}. Postwright needs a graphical \
                 session with OpenGL (on a server, run it under Xvfb); `postwright export` and \
                 `postwright check` work without one."
            );
            ExitCode::from(cli::EXIT_ERRORS)
        }
    }
}
