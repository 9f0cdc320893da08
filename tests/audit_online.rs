//! The online check against a small HTTP server this test starts on 127.0.0.1: status
//! codes, redirects (reported, with where they lead), a refused `HEAD`, a timeout, a
//! refused connection, progress reports and findings. No other address is contacted.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use postwright_core::audit::{self, AuditOptions, Rule, Severity};
use postwright_core::post::Post;
use postwright_io::online::{self, OnlineOptions, Status};

/// The longest the server runs, whatever the test does.
const SERVER_LIFETIME: Duration = Duration::from_secs(30);
/// The most connections it answers.
const MAX_CONNECTIONS: usize = 64;

struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut handlers = Vec::new();
                while !stop.load(Ordering::Relaxed)
                    && started.elapsed() < SERVER_LIFETIME
                    && handlers.len() < MAX_CONNECTIONS
                {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let requests = Arc::clone(&requests);
                            handlers.push(std::thread::spawn(move || {
                                answer(stream, port, &requests);
                            }));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
                for handler in handlers {
                    let _ = handler.join();
                }
            })
        };
        Server {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(stream: TcpStream, port: u16, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_owned();
    requests
        .lock()
        .expect("log")
        .push(format!("{method} {path}"));
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", None),
        (_, "/gone") => ("404 Not Found", None),
        (_, "/error") => ("500 Internal Server Error", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok".to_owned())),
        (_, "/away") => ("302 Found", Some(format!("http://localhost:{port}/ok"))),
        (_, "/loop") => ("302 Found", Some("/loop".to_owned())),
        ("HEAD", "/head-refused") => ("405 Method Not Allowed", None),
        (_, "/head-refused") => ("200 OK", None),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_millis(2500));
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n");
    if let Some(location) = location {
        response.push_str(&format!("Location: {location}\r\n"));
    }
    response.push_str("\r\n");
    if method != "HEAD" {
        response.push_str("ok");
    }
    let mut stream = stream;
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    port
}

fn options() -> OnlineOptions {
    OnlineOptions {
        timeout: Duration::from_secs(1),
        concurrency: 3,
        allow_private: true,
        ..OnlineOptions::default()
    }
}

#[test]
fn checks_statuses_redirects_and_failures() {
    let server = Server::start();
    let refused = format!("http://127.0.0.1:{}/", closed_port());
    let body = format!(
        "[fine]({ok}) and [fine again]({ok}#part), [gone]({gone}), [error]({error}), \
         [moved]({moved}), [away]({away}), [loop]({looping}), [head]({head}), [slow]({slow}) \
         and [refused]({refused}).\n",
        ok = server.url("/ok"),
        gone = server.url("/gone"),
        error = server.url("/error"),
        moved = server.url("/moved"),
        away = server.url("/away"),
        looping = server.url("/loop"),
        head = server.url("/head-refused"),
        slow = server.url("/slow"),
    );
    let post = Post::parse(&body);
    let (_, mut report) = audit::audit_post(&post, &AuditOptions::default());
    let urls = online::urls_to_check(&report);
    assert_eq!(
        urls.len(),
        9,
        "the fragment link shares its address: {urls:#?}"
    );

    let mut seen = Vec::new();
    let checks = online::check_urls(
        &urls,
        &options(),
        &AtomicBool::new(false),
        &mut |progress| {
            assert_eq!(progress.total, 9);
            seen.push(progress.done);
        },
    );
    assert_eq!(
        seen,
        (1..=9).collect::<Vec<_>>(),
        "progress after each address"
    );
    let status_of = |path: &str| {
        let url = server.url(path);
        checks
            .iter()
            .find(|check| check.url == url)
            .unwrap_or_else(|| panic!("{url} checked"))
            .clone()
    };
    assert_eq!(status_of("/ok").status, Status::Code(200));
    assert_eq!(status_of("/gone").status, Status::Code(404));
    assert_eq!(status_of("/error").status, Status::Code(500));
    let moved = status_of("/moved");
    assert_eq!(moved.status, Status::Code(200));
    assert_eq!(moved.redirects.len(), 1);
    assert_eq!(moved.redirects[0].status, 301);
    assert_eq!(moved.redirects[0].location, server.url("/ok"));
    assert!(matches!(status_of("/loop").status, Status::Failed(_)));
    assert_eq!(status_of("/head-refused").status, Status::Code(200));
    assert_eq!(status_of("/slow").status, Status::TimedOut);
    let refused_check = checks
        .iter()
        .find(|check| check.url == refused)
        .expect("refused checked");
    assert!(
        matches!(refused_check.status, Status::Failed(_)),
        "{refused_check:?}"
    );

    let log = server.requests.lock().expect("log").clone();
    assert!(log.contains(&"HEAD /head-refused".to_owned()), "{log:?}");
    assert!(log.contains(&"GET /head-refused".to_owned()), "{log:?}");

    let findings = online::findings(&report, &checks);
    let verdict = |path: &str| -> Vec<(Rule, Severity)> {
        let url = server.url(path);
        findings
            .iter()
            .filter(|finding| finding.url == url)
            .map(|finding| (finding.rule, finding.severity))
            .collect()
    };
    assert_eq!(verdict("/ok"), []);
    assert_eq!(verdict("/gone"), [(Rule::BrokenLink, Severity::Error)]);
    assert_eq!(verdict("/error"), [(Rule::BrokenLink, Severity::Warning)]);
    assert_eq!(verdict("/moved"), [(Rule::RedirectedLink, Severity::Info)]);
    assert_eq!(
        verdict("/away"),
        [(Rule::RedirectedLink, Severity::Warning)],
        "a redirect to another host is worth a look"
    );
    assert_eq!(
        verdict("/slow"),
        [(Rule::UnreachableLink, Severity::Warning)]
    );
    let with_fragment = findings
        .iter()
        .filter(|finding| finding.url.starts_with(&server.url("/ok")))
        .count();
    assert_eq!(with_fragment, 0);

    report.add_findings(findings);
    assert!(report.findings.iter().any(|f| f.rule == Rule::BrokenLink));
}

#[test]
fn a_cancelled_check_skips_what_is_left() {
    let server = Server::start();
    let urls: Vec<String> = (0..5).map(|n| server.url(&format!("/ok?n={n}"))).collect();
    let cancel = AtomicBool::new(false);
    let single = OnlineOptions {
        concurrency: 1,
        ..options()
    };
    let checks = online::check_urls(&urls, &single, &cancel, &mut |progress| {
        if progress.done == 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    });
    assert_eq!(checks.len(), 5);
    let skipped = checks
        .iter()
        .filter(|check| matches!(check.status, Status::Skipped(_)))
        .count();
    assert!(skipped >= 2, "{checks:#?}");
    assert_eq!(checks[0].status, Status::Code(200));
}

#[test]
fn private_addresses_are_not_asked_by_default() {
    let server = Server::start();
    let urls = vec![server.url("/ok")];
    let checks = online::check_urls(
        &urls,
        &OnlineOptions::default(),
        &AtomicBool::new(false),
        &mut |_| {},
    );
    assert!(matches!(checks[0].status, Status::Skipped(_)));
    assert!(server.requests.lock().expect("log").is_empty());
}
