//! Loading and saving through the storage module: atomic, permission-keeping, symlink-
//! following, and refusing what it cannot edit without damage.

mod support;

use postwright_io::files::{self, StorageError};

use support::scratch_dir;

#[test]
fn save_replaces_content_and_reports_the_new_state() {
    let dir = scratch_dir("save");
    let path = dir.join("post.md");
    std::fs::write(&path, "old\n").expect("write");
    let state = files::save(&path, b"new text\n").expect("save");
    assert_eq!(std::fs::read(&path).expect("read"), b"new text\n");
    assert_eq!(state.len, 9);
    assert_eq!(files::disk_state(&path).expect("state").hash, state.hash);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left beside the post"
    );
}

#[cfg(unix)]
#[test]
fn save_keeps_permissions_and_writes_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("symlink");
    let target = dir.join("real.md");
    std::fs::write(&target, "old\n").expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.join("link.md");
    std::os::unix::fs::symlink("real.md", &link).expect("symlink");
    files::save(&link, b"through the link\n").expect("save");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(std::fs::read(&target).expect("read"), b"through the link\n");
    let mode = std::fs::metadata(&target)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn save_into_a_missing_folder_fails_and_names_the_file() {
    let dir = scratch_dir("missing");
    let path = dir.join("nowhere").join("post.md");
    let error = files::save(&path, b"text").expect_err("no folder");
    assert!(error.to_string().contains("post.md"), "{error}");
    assert!(!path.exists());
}

#[test]
fn load_refuses_non_text_and_names_the_file() {
    let dir = scratch_dir("refuse");
    let cases: [(&str, &[u8], &str); 3] = [
        ("binary.md", b"abc\x00def", "NUL byte"),
        ("utf16.md", b"\xFF\xFEh\x00i\x00", "UTF-16"),
        ("latin1.md", b"caf\xE9\n", "not valid UTF-8"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let error = files::load(&path).expect_err(name);
        let message = error.to_string();
        assert!(
            message.contains(name) && message.contains(expected),
            "{message}"
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{name} untouched"
        );
    }
    assert!(matches!(
        files::load(&dir.join("absent.md")),
        Err(StorageError::NotFound(_))
    ));
    assert!(matches!(
        files::load(&dir),
        Err(StorageError::NotAFile(_, "a folder"))
    ));
}

#[test]
fn load_keeps_a_byte_order_mark_for_the_post_to_remember() {
    let dir = scratch_dir("bom");
    let path = dir.join("bom.md");
    std::fs::write(&path, "\u{feff}# Title\r\n").expect("write");
    let loaded = files::load(&path).expect("load");
    let post = postwright_core::post::Post::parse(&loaded.text);
    assert_eq!(
        post.to_text().as_bytes(),
        std::fs::read(&path).expect("read")
    );
}

#[cfg(unix)]
#[test]
fn a_socket_is_not_a_post() {
    let dir = scratch_dir("socket");
    let path = dir.join("post.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&path).expect("socket");
    let error = files::load(&path).expect_err("a socket");
    assert!(
        matches!(error, StorageError::NotAFile(_, "a socket")),
        "{error}"
    );
    assert!(error.to_string().contains("post.sock"));
    let error = files::save(&path, b"text").expect_err("never written");
    assert!(error.to_string().contains("a socket"), "{error}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_blocking() {
    let dir = scratch_dir("fifo");
    let path = dir.join("post.fifo");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &path,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("fifo");
    let error = files::load(&path).expect_err("a pipe");
    assert!(error.to_string().contains("a named pipe"), "{error}");
}
