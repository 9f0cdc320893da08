//! Helpers for the site tests: the fixture sites of `tests/data/sites/`, copied into a
//! scratch folder before anything writes to them, and the binary run on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture site, read in place (never written to).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/sites")
        .join(name)
}

/// A fresh copy of a fixture site in a scratch folder named `label`.
pub fn fixture_copy(name: &str, label: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("site-{label}"));
    let _ = std::fs::remove_dir_all(&target);
    copy_folder(&fixture(name), &target);
    target
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("scratch folder");
    for entry in std::fs::read_dir(from).expect("fixture folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy fixture file");
        }
    }
}

/// The binary, run in the workspace's folder.
pub fn postwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postwright"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// Output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
