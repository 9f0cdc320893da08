//! The architecture, checked: the pure core imports no window and touches no files, and
//! every module says what it is in a `//!` line.

use std::path::{Path, PathBuf};

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

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Modules of the pure core: text in, values out.
const PURE: [&str; 15] = [
    "analysis",
    "audit",
    "diff",
    "export",
    "front_matter",
    "highlight",
    "history",
    "markdown",
    "md_syntax",
    "metadata",
    "post",
    "preview",
    "settings",
    "stats",
    "text_ops",
];

#[test]
fn the_pure_core_knows_no_window_and_no_files() {
    let mut files = Vec::new();
    for module in PURE {
        let folder = source().join(module);
        if folder.is_dir() {
            rust_files(&folder, &mut files);
        }
        let file = source().join(format!("{module}.rs"));
        if file.is_file() {
            files.push(file);
        }
    }
    assert!(files.len() >= PURE.len(), "{files:?}");
    let forbidden = [
        "egui",
        "eframe",
        "rfd::",
        "std::fs",
        "fs::read",
        "fs::write",
        "File::open",
        "File::create",
    ];
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        // Test modules may read fixtures.
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for word in forbidden {
            if code.contains(word) {
                offences.push(format!("{} uses {word}", file.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn only_storage_and_the_front_ends_touch_files() {
    let mut files = Vec::new();
    rust_files(&source(), &mut files);
    let mut offences = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(source()).expect("under src");
        let test_module = relative.file_name().is_some_and(|name| name == "tests.rs");
        let allowed = relative.starts_with("storage")
            || relative == Path::new("storage.rs")
            || relative.starts_with("cli")
            || test_module;
        if allowed {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable");
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for word in [
            "std::fs::",
            "fs::read",
            "fs::write",
            "File::create",
            "OpenOptions::new",
        ] {
            if code.contains(word) {
                offences.push(format!("{} uses {word}", relative.display()));
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn every_module_starts_with_a_line_saying_what_it_is() {
    let mut files = Vec::new();
    rust_files(&source(), &mut files);
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
