//! The architecture, checked: the core crate depends on no window, file-system or network
//! crate and touches nothing outside itself; only the I/O crate touches the world; the
//! fuzzers build on the core alone; every module says what it is in a `//!` line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

fn sources_of(folder: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&workspace().join(folder), &mut files);
    assert!(!files.is_empty(), "no sources under {folder}");
    files
}

/// The code of a source file without its test module, which may read fixtures.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("readable");
    if file.file_name().is_some_and(|name| name == "tests.rs") {
        return String::new();
    }
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or(&text)
        .to_owned()
}

fn offences(files: &[PathBuf], forbidden: &[&str]) -> Vec<String> {
    let mut offences = Vec::new();
    for file in files {
        let code = code_of(file);
        for word in forbidden {
            if code.contains(word) {
                let relative = file.strip_prefix(workspace()).unwrap_or(file);
                offences.push(format!("{} uses {word}", relative.display()));
            }
        }
    }
    offences
}

/// Crates that draw windows, touch files, talk to the network or start threads: none of
/// them may be anywhere in the core's dependency tree.
const WORLDLY_CRATES: [&str; 18] = [
    "egui",
    "eframe",
    "epaint",
    "winit",
    "rfd",
    "notify",
    "ureq",
    "rustls",
    "atomic-write-file",
    "directories",
    "rustix",
    "keyring",
    "rayon",
    "tokio",
    "mio",
    "socket2",
    "walkdir",
    "arboard",
];

#[test]
fn the_core_crate_depends_on_no_window_file_or_network_crate() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "postwright-core",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(workspace())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(names.contains(&"pulldown-cmark"), "{tree}");
    let worldly: Vec<&&str> = WORLDLY_CRATES
        .iter()
        .filter(|name| names.contains(name))
        .collect();
    assert!(worldly.is_empty(), "postwright-core depends on {worldly:?}");
}

#[test]
fn the_core_crate_touches_nothing_outside_itself() {
    let files = sources_of("crates/postwright-core/src");
    let found = offences(
        &files,
        &[
            "std::fs",
            "File::open",
            "File::create",
            "std::net::Tcp",
            "std::net::Udp",
            "ToSocketAddrs",
            "std::thread",
            "thread::spawn",
            "std::process",
            "std::env::var",
            "SystemTime::now",
            "postwright_io",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_the_io_crate_touches_files_and_the_network() {
    let files = sources_of("src");
    let found = offences(
        &files,
        &[
            "std::fs::",
            "fs::read",
            "fs::write",
            "File::create",
            "File::open",
            "OpenOptions::new",
            "ureq::",
            "std::net::Tcp",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_fuzzers_build_on_the_core_alone() {
    let manifest =
        std::fs::read_to_string(workspace().join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [dependencies] table");
    let ours: Vec<&str> = dependencies
        .lines()
        .filter(|line| line.starts_with("postwright"))
        .collect();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert!(ours[0].starts_with("postwright-core "), "{ours:?}");
    for file in sources_of("fuzz/fuzz_targets") {
        let code = code_of(&file);
        assert!(
            !code.contains("postwright::") && !code.contains("postwright_io"),
            "{} reaches past the core",
            file.display()
        );
    }
}

#[test]
fn every_module_starts_with_a_line_saying_what_it_is() {
    let mut files = sources_of("src");
    for folder in ["crates/postwright-core/src", "crates/postwright-io/src"] {
        files.extend(sources_of(folder));
    }
    let missing: Vec<String> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).expect("readable");
            !text.trim_start().starts_with("//!")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! line: {missing:#?}"
    );
}
