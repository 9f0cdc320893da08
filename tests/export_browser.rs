//! The exported kitchen-sink post in a real browser: Debian's `chromium`, headless, driven
//! over the DevTools protocol on a pipe (no network, no extra crates). At a phone width
//! (390 px) and a desktop width (1280 px) the page must load with no console error, no
//! failed image and no horizontal scrolling. Screenshots land in the test's scratch folder;
//! `UPDATE_SCREENSHOTS=1 cargo test --test export_browser` also writes them to
//! docs/screenshots/ for the README.
//!
//! Without chromium this test fails and says how to install it (`bash .ci/deps`): a
//! browser check that silently passes would prove nothing.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use base64::Engine as _;
use postwright_core::export::{ExportOptions, ImageMode};
use postwright_io::files;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::var_os("PATH")
            .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "chromium is not installed, so the exported page cannot be checked in a browser; \
         install it with `bash .ci/deps` (Debian's chromium package)"
    );
}

/// A headless chromium and one page in it, spoken to over `--remote-debugging-pipe`.
struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Console errors, exceptions and failed loads seen so far.
    errors: Vec<String>,
}

impl Browser {
    fn start(profile: &Path) -> Self {
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile).expect("profile folder");
        // The protocol pipe is fds 3 (commands in) and 4 (replies out); bash maps them to
        // our stdin and stdout before starting chromium with its own output silenced.
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null 2>/dev/null"#)
            .arg(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--mute-audio",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let input = child.stdin.take().expect("pipe in");
        let output = child.stdout.take().expect("pipe out");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            let mut buffer = Vec::new();
            while let Ok(read) = reader.read_until(0, &mut buffer) {
                if read == 0 {
                    break;
                }
                if buffer.last() == Some(&0) {
                    buffer.pop();
                }
                if let Ok(message) = serde_json::from_slice::<Value>(&buffer)
                    && sender.send(message).is_err()
                {
                    break;
                }
                buffer.clear();
            }
        });
        let mut browser = Self {
            child,
            input,
            messages,
            next_id: 0,
            session: String::new(),
            errors: Vec::new(),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("target id").to_owned();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().expect("session").to_owned();
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            browser.call(domain, json!({}));
        }
        browser
    }

    /// Sends a command (to the page once attached) and waits for its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.input
            .write_all(&bytes)
            .expect("chromium reads commands");
        self.input.flush().expect("flush");
        let reply = self.wait_for(|message| message["id"] == id, method);
        if let Some(error) = reply.get("error") {
            panic!("{method} failed: {error}");
        }
        reply["result"].clone()
    }

    /// Waits for a message, noting errors reported on the way.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool, what: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium did not answer {what} in {TIMEOUT:?}"));
            self.note_errors(&message);
            if wanted(&message) {
                return message;
            }
        }
    }

    fn note_errors(&mut self, message: &Value) {
        let params = &message["params"];
        match message["method"].as_str() {
            Some("Runtime.exceptionThrown") => self
                .errors
                .push(format!("exception: {}", params["exceptionDetails"])),
            Some("Runtime.consoleAPICalled")
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                self.errors.push(format!("console: {}", params["args"]));
            }
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => self
                .errors
                .push(format!("log: {}", params["entry"]["text"])),
            _ => {}
        }
    }

    fn open(&mut self, url: &str, width: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": if mobile { 844 } else { 900 },
                   "deviceScaleFactor": if mobile { 2 } else { 1 }, "mobile": mobile}),
        );
        self.call("Page.navigate", json!({"url": url}));
        let session = self.session.clone();
        self.wait_for(
            |message| message["method"] == "Page.loadEventFired" && message["sessionId"] == session,
            "the page load",
        );
    }

    fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        result["result"]["value"].clone()
    }

    fn screenshot(&mut self, top: f64, width: u32, height: u32, path: &Path) {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true,
                   "clip": {"x": 0, "y": top, "width": width, "height": height, "scale": 1}}),
        );
        let data = shot["data"].as_str().expect("screenshot data");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64 PNG");
        std::fs::write(path, bytes).expect("screenshot written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .input
            .write_all(b"{\"id\":999999,\"method\":\"Browser.close\"}\0");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn kitchen_sink_page_reads_well_on_phone_and_desktop() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let page = scratch.join("kitchen-sink.html");
    let options = ExportOptions {
        images: ImageMode::copy_beside(&page),
        ..ExportOptions::default()
    };
    let exported = support::export_sample("kitchen-sink", &options);
    files::write_export(&page, exported.html.as_bytes(), &exported.files).expect("written");
    let url = format!("file://{}", page.display());

    let mut browser = Browser::start(&scratch.join("profile"));
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    let screenshots = support::manifest_dir().join("docs/screenshots");
    for (name, width, mobile, shot_height) in
        [("phone", 390, true, 1500), ("desktop", 1280, false, 1250)]
    {
        browser.open(&url, width, mobile);
        let layout = browser.evaluate(
            "new Promise(done => requestAnimationFrame(() => done({\
               scrollWidth: document.documentElement.scrollWidth,\
               innerWidth: window.innerWidth,\
               brokenImages: [...document.images]\
                 .filter(image => { image.loading = 'eager'; return image.complete && image.naturalWidth === 0; })\
                 .map(image => image.getAttribute('src')),\
               images: document.images.length,\
               title: document.title })))",
        );
        assert_eq!(
            layout["title"],
            "A Field Guide to Markdown for Our Team Blog"
        );
        assert_eq!(layout["images"], 4, "{name}: {layout}");
        assert!(
            layout["scrollWidth"].as_u64() <= layout["innerWidth"].as_u64(),
            "{name}: the page scrolls sideways: {layout}"
        );
        assert_eq!(layout["brokenImages"], json!([]), "{name}: {layout}");
        // The top of the page, and the code and table sections further down.
        let code_top = browser
            .evaluate(
                "document.getElementById('fenced-code-blocks').getBoundingClientRect().top + scrollY",
            )
            .as_f64()
            .expect("the code section is there");
        for (part, top) in [("", 0.0), ("-code", code_top - 24.0)] {
            let shot = scratch.join(format!("kitchen-sink-{name}{part}.png"));
            browser.screenshot(top, width, shot_height, &shot);
            if update {
                std::fs::create_dir_all(&screenshots).expect("docs/screenshots");
                std::fs::copy(&shot, screenshots.join(format!("export-{name}{part}.png")))
                    .expect("copied");
            }
        }
    }
    assert!(
        browser.errors.is_empty(),
        "the page logged errors: {:#?}",
        browser.errors
    );
}
