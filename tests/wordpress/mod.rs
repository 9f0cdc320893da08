//! A real WordPress for the publishing tests: Debian's `wordpress` package with MariaDB
//! and PHP's built-in server on 127.0.0.1, started by `start.sh` beside this file, one
//! instance per test binary shared by its tests. The instance is stopped when the handle
//! is dropped, and a watchdog started with it stops it when the test binary ends however
//! it ends (a shared instance lives in a static, which is never dropped).
//!
//! Without the packages the tests fail and say how to install them (`bash .ci/deps`).

#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

/// An account of the test blog with its Application Password.
#[derive(Clone, Debug)]
pub struct Account {
    /// The user name.
    pub user: String,
    /// The Application Password.
    pub password: String,
}

/// A running WordPress.
pub struct WordPress {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The Administrator.
    pub admin: Account,
    /// An Author: WordPress filters its HTML (no `unfiltered_html`).
    pub author: Account,
    data: PathBuf,
    agent: ureq::Agent,
}

fn harness_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wordpress")
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port on 127.0.0.1")
}

impl WordPress {
    /// Starts a fresh instance (a few seconds).
    pub fn start() -> WordPress {
        let data = std::env::temp_dir().join(format!(
            "postwright-wordpress-{}-{}",
            std::process::id(),
            free_port()
        ));
        let port = free_port();
        let output = Command::new("bash")
            .arg(harness_folder().join("start.sh"))
            .arg(&data)
            .arg(port.to_string())
            .arg(std::process::id().to_string())
            .stdin(Stdio::null())
            .output()
            .expect("bash runs start.sh");
        assert!(
            output.status.success(),
            "the test WordPress did not start: {}\nIt needs Debian's wordpress, mariadb-server \
             and php packages: install them with `bash .ci/deps`.",
            String::from_utf8_lossy(&output.stderr)
        );
        let values: std::collections::HashMap<String, String> =
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| line.split_once('='))
                .map(|(key, value)| (key.to_owned(), value.to_owned()))
                .collect();
        let value = |key: &str| {
            values
                .get(key)
                .cloned()
                .unwrap_or_else(|| panic!("start.sh printed no {key}"))
        };
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(30)))
                .http_status_as_error(false)
                .proxy(None)
                .build(),
        );
        WordPress {
            url: value("WP_URL"),
            admin: Account {
                user: value("WP_ADMIN_USER"),
                password: value("WP_ADMIN_PASSWORD"),
            },
            author: Account {
                user: value("WP_AUTHOR_USER"),
                password: value("WP_AUTHOR_PASSWORD"),
            },
            data,
            agent,
        }
    }

    /// The instance shared by the tests of this binary, started on first use.
    pub fn shared() -> &'static WordPress {
        static SHARED: OnceLock<WordPress> = OnceLock::new();
        SHARED.get_or_init(WordPress::start)
    }

    /// A REST request as `account` (`route` such as `wp/v2/posts/3?context=edit`): the
    /// status and the JSON answer.
    pub fn rest(
        &self,
        account: &Account,
        method: &str,
        route: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let url = format!("{}/wp-json/{route}", self.url);
        let credentials = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{}:{}", account.user, account.password),
        );
        let authorization = format!("Basic {credentials}");
        let result = match method {
            "GET" => self
                .agent
                .get(&url)
                .header("Authorization", &authorization)
                .call(),
            "DELETE" => self
                .agent
                .delete(&url)
                .header("Authorization", &authorization)
                .call(),
            _ => self
                .agent
                .post(&url)
                .header("Authorization", &authorization)
                .header("Content-Type", "application/json")
                .send(
                    serde_json::to_vec(body.unwrap_or(&Value::Null))
                        .expect("JSON")
                        .as_slice(),
                ),
        };
        let mut response = result.unwrap_or_else(|error| panic!("{method} {url}: {error}"));
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A page or file of the blog, without signing in: the status and the bytes.
    pub fn fetch(&self, url: &str) -> (u16, Vec<u8>) {
        let mut response = self
            .agent
            .get(url)
            .call()
            .unwrap_or_else(|error| panic!("GET {url}: {error}"));
        let status = response.status().as_u16();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap_or_default();
        (status, bytes)
    }

    /// Stops the instance and removes its folder.
    pub fn stop(&self) {
        let _ = Command::new("bash")
            .arg(harness_folder().join("stop.sh"))
            .arg(&self.data)
            .arg("--remove")
            .stdin(Stdio::null())
            .output();
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A fresh, empty folder for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("wordpress-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The sample posts and their images copied into `dir`, so that publishing (which saves
/// the post) never touches the originals.
pub fn sample_posts_in(dir: &Path) -> Vec<PathBuf> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts");
    std::fs::create_dir_all(dir.join("images")).expect("images folder");
    for entry in std::fs::read_dir(samples.join("images"))
        .expect("sample images")
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join("images").join(entry.file_name()))
            .expect("copy image");
    }
    let mut posts = Vec::new();
    for entry in std::fs::read_dir(&samples).expect("sample posts").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "md") {
            let target = dir.join(entry.file_name());
            std::fs::copy(&path, &target).expect("copy post");
            posts.push(target);
        }
    }
    posts.sort();
    posts
}

/// Runs the real binary with `config` as its config folder (no keyring), `stdin` fed in.
pub fn postwright(config: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postwright"))
        .args(args)
        .env("POSTWRIGHT_CONFIG_DIR", config)
        .env("POSTWRIGHT_NO_KEYRING", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("stdin written");
    }
    child.wait_with_output().expect("the binary runs")
}

impl WordPress {
    /// `postwright blog add NAME` of this blog as `account`, with `config` as the config
    /// folder: the command's output.
    pub fn add_with_cli(&self, config: &Path, name: &str, account: &Account) -> Output {
        postwright(
            config,
            &[
                "blog",
                "add",
                name,
                "--url",
                &self.url,
                "--user",
                &account.user,
                "--password-stdin",
            ],
            &format!("{}\n", account.password),
        )
    }
}

/// A tiny web server on 127.0.0.1 that answers every request with the same HTML page, as
/// a site that is not WordPress would; it serves `requests` requests and stops.
pub fn plain_web_server(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let page = "<!doctype html><title>Just a site</title><p>Hello.</p>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    format!("http://{address}")
}

/// What readers get from some HTML: its text (white space left out, since where it falls
/// between tags differs between two equivalent writings), the links' targets
/// and the images' addresses and alt texts, in order, read with a real HTML parser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// The text.
    pub text: String,
    /// `href`s.
    pub links: Vec<String>,
    /// `(src, alt)`s.
    pub images: Vec<(String, String)>,
}

/// What readers get from `html`.
pub fn seen(html: &str) -> Seen {
    use html5ever::tendril::TendrilSink as _;
    use markup5ever_rcdom::{Handle, NodeData, RcDom};
    let dom = html5ever::parse_fragment(
        RcDom::default(),
        Default::default(),
        html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("body")),
        Vec::new(),
        false,
    )
    .one(html);
    fn walk(node: &Handle, seen: &mut Seen, text: &mut String) {
        match &node.data {
            NodeData::Text { contents } => text.push_str(&contents.borrow()),
            NodeData::Element { name, attrs, .. } => {
                let attribute = |wanted: &str| {
                    attrs
                        .borrow()
                        .iter()
                        .find(|attribute| &*attribute.name.local == wanted)
                        .map(|attribute| attribute.value.to_string())
                };
                match &*name.local {
                    "a" => seen.links.extend(attribute("href")),
                    "img" => seen.images.push((
                        attribute("src").unwrap_or_default(),
                        attribute("alt").unwrap_or_default(),
                    )),
                    _ => {}
                }
            }
            _ => {}
        }
        for child in node.children.borrow().iter() {
            walk(child, seen, text);
        }
    }
    let mut result = Seen::default();
    let mut text = String::new();
    walk(&dom.document, &mut result, &mut text);
    result.text = text.split_whitespace().collect();
    result
}
