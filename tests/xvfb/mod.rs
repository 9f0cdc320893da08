//! A virtual X display for tests and benchmarks that start the real binary: Xvfb on a
//! free display number, and child processes that are killed when dropped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

/// Starts Xvfb on a free display number.
pub fn start_display() -> (Running, String) {
    for number in 140..240 {
        if Path::new(&format!("/tmp/.X{number}-lock")).exists()
            || Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
        {
            continue;
        }
        let child = Command::new("Xvfb")
            .args([
                &format!(":{number}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let running = Running(child);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        wait_for("the X display", Duration::from_secs(10), || socket.exists());
        return (running, format!(":{number}"));
    }
    panic!("no free X display number");
}
