//! A virtual X display for tests and benchmarks that start the real binary: Xvfb on a
//! free display number, child processes that are killed when dropped, and the real binary
//! started on the display and driven with xdotool.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Kills the child process when dropped, so a failing test leaves nothing running.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn require(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found,
        "{tool} is needed for this test; run `bash .ci/deps` to install it"
    );
}

/// Polls `done` until it holds; false after `timeout`.
pub fn poll(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

pub fn wait_for(what: &str, timeout: Duration, done: impl FnMut() -> bool) {
    assert!(poll(timeout, done), "timed out waiting for {what}");
}

/// A virtual display: stopped with SIGTERM when dropped, so Xvfb removes its lock file and
/// socket (a killed Xvfb leaves them behind, and later runs would have to step around them).
pub struct Display(Child);

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(pid) = rustix::process::Pid::from_raw(self.0.id() as i32) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
        let stopped = poll(Duration::from_secs(5), || {
            self.0.try_wait().is_ok_and(|status| status.is_some())
        });
        if !stopped {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a display number it picks itself, and returns once the display accepts
/// connections: `-displayfd` makes Xvfb write the number it took to our pipe only when it
/// is ready, so two runs never race for one number and no client connects too early.
pub fn start_display() -> (Display, String) {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
            // An X server resets itself whenever its last client leaves, and refuses
            // connections while it does: a probe such as `xdotool search` that leaves just
            // as the app connects would make the app fail to open its window.
            "-noreset",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let stdout = child.stdout.take().expect("Xvfb's standard output");
    let display = Display(child);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stdout);
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut reader, &mut line);
        let _ = sender.send(line);
        // Keep the pipe open for as long as Xvfb runs, so it never writes into a closed one.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let number = receiver
        .recv_timeout(Duration::from_secs(20))
        .expect("Xvfb reports its display number within 20 s");
    let number = number.trim();
    assert!(
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        "Xvfb did not start (it said {number:?})"
    );
    (display, format!(":{number}"))
}

/// Runs xdotool on `display` and gives what it printed.
pub fn xdotool(display: &str, args: &[&str]) -> String {
    let output = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The id of Postwright's window, once it is shown; says what the process printed if it
/// never is.
pub fn window(display: &str, app: &mut Running, stderr: &mpsc::Receiver<String>) -> String {
    let mut id = String::new();
    let shown = poll(Duration::from_secs(60), || {
        id = xdotool(
            display,
            &["search", "--onlyvisible", "--name", "Postwright"],
        );
        !id.is_empty() || app.0.try_wait().is_ok_and(|status| status.is_some())
    });
    if !shown || id.is_empty() {
        let said: Vec<String> = stderr.try_iter().collect();
        panic!(
            "the Postwright window did not appear; the process {:?} said {said:?}",
            app.0.try_wait()
        );
    }
    id.lines().next().unwrap_or_default().to_owned()
}

/// Starts the binary on `display`, opening `post` if given, with its settings and
/// recovery copies under `home`; its standard error comes line by line.
pub fn start_app(
    display: &str,
    home: &Path,
    post: Option<&Path>,
) -> (Running, mpsc::Receiver<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_postwright"));
    command.args(post);
    let mut child = command
        .env("DISPLAY", display)
        .env("POSTWRIGHT_CONFIG_DIR", home.join("config"))
        .env("POSTWRIGHT_DATA_DIR", home.join("data"))
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .current_dir(home)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postwright starts");
    let (lines, receiver) = mpsc::channel();
    if let Some(stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
    }
    (Running(child), receiver)
}

/// Types `text` into `window`, a key at a time.
pub fn type_text(display: &str, window: &str, text: &str) {
    xdotool(display, &["windowfocus", "--sync", window]);
    xdotool(display, &["type", "--delay", "40", text]);
}
