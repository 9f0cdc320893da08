//! Startup of the real release binary on a virtual X display (Xvfb): from launching the
//! process to the window having presented a frame that shows the post, read and analysed
//! (the binary says `postwright: ready` on standard output when `POSTWRIGHT_REPORT_READY`
//! is set). Ten launches a post; prints the median, fastest and slowest.
//!
//! ```sh
//! cargo bench --bench startup                       # glow, the renderer Postwright ships
//! cargo bench --bench startup --features wgpu       # the same with eframe's wgpu renderer
//! ```
//!
//! Needs Xvfb (`.ci/deps` installs it).

mod support;
#[path = "../tests/xvfb/mod.rs"]
mod xvfb;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use xvfb::{Running, require, start_display};

const LAUNCHES: usize = 10;

fn main() {
    require("Xvfb");
    let (_display_process, display) = start_display();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("startup-bench");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts");
    let big = scratch.join("one-megabyte.md");
    std::fs::write(&big, support::post_of_size(1024 * 1024)).expect("write the 1 MB post");
    let renderer = if cfg!(feature = "wgpu") {
        "wgpu"
    } else {
        "glow"
    };
    println!("renderer: {renderer}; {LAUNCHES} launches each, launch to post on screen");
    println!();
    println!("| post | median | fastest | slowest |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, post) in [
        ("kitchen-sink.md (20 KB)", samples.join("kitchen-sink.md")),
        ("a 1 MB post", big),
    ] {
        // One launch to warm the disk cache, as a second start of the day would be.
        let _ = launch(&display, &scratch, &post);
        let mut times: Vec<Duration> = (0..LAUNCHES)
            .map(|_| launch(&display, &scratch, &post))
            .collect();
        times.sort_unstable();
        println!(
            "| {name} | {} | {} | {} |",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// Launches the binary on `post` and waits for it to say the post is on screen.
fn launch(display: &str, scratch: &Path, post: &PathBuf) -> Duration {
    let home = scratch.join("home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home folder");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_postwright"))
        .arg(post)
        .env("DISPLAY", display)
        .env("POSTWRIGHT_REPORT_READY", "1")
        .env("POSTWRIGHT_CONFIG_DIR", home.join("config"))
        .env("POSTWRIGHT_DATA_DIR", home.join("data"))
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("postwright starts");
    let stdout = child.stdout.take().expect("standard output");
    let running = Running(child);
    let (ready, said) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line == "postwright: ready" {
                let _ = ready.send(Instant::now());
                return;
            }
        }
    });
    let at = said
        .recv_timeout(Duration::from_secs(60))
        .expect("the window showed the post");
    drop(running);
    at - start
}
