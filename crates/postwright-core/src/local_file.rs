//! Which file on the author's computer a reference in a post names, worked out once for
//! the preview, the export and the link audit.
//!
//! This is path arithmetic only: [`local_file`] turns an address as written (a path
//! relative to the post, `../` included, an absolute path, a `file:` URL, a Windows path,
//! percent-encoded or not) into the path to read. Whether a readable file is there, and
//! its bytes, are the I/O layer's to answer (`files::check_asset` and
//! `read_asset`), so all three ask the same question of the same path: an image the
//! preview shows is one the export copies, and one the audit does not call missing.

use std::path::{Component, Path, PathBuf};

use crate::destination::{self, Destination};

/// What a reference names on the author's computer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalFile {
    /// This path: relative references joined onto the post's folder, the others as they
    /// are.
    Path(PathBuf),
    /// A path relative to a post that has not been saved, so there is no folder to find
    /// it in yet. Holds the percent-decoded path as written.
    Unsaved(String),
    /// Not a file on this computer: a web address, a `data:` URL, a place in the page, a
    /// path from a site's root written with `\`, or nothing at all.
    NotLocal,
}

/// The file `address` names when the post lives in `post_folder` (`None` for a post not
/// saved yet).
///
/// - `images/a%20b.png?v=2#x` and `../shared/a.png`: the path before any query or
///   fragment, percent-decoded, joined onto the post's folder piece by piece between
///   the `/`s (`.` and empty pieces skipped, `..` kept), so that an escaped `/` cannot
///   turn it into an absolute path.
/// - `/srv/images/a.png`: that absolute path, percent-decoded. (On a site the same text
///   means a path from the site's root; the author's computer is all the preview and the
///   export can read.)
/// - `file:///srv/a%20b.png` and `file://localhost/srv/a.png`: the path of the URL.
/// - `C:\Users\…`, `\\server\share\…`: that path, where the system reads it as absolute
///   (Windows), otherwise not local.
pub fn local_file(address: &str, post_folder: Option<&Path>) -> LocalFile {
    let address = destination::cleaned(address);
    let without_suffix = |text: &str| text.split(['?', '#']).next().unwrap_or_default().to_owned();
    match destination::classify(&address) {
        Destination::Relative => {
            let decoded = destination::percent_decoded(&without_suffix(&address)).into_owned();
            if decoded.is_empty() {
                return LocalFile::NotLocal;
            }
            let Some(folder) = post_folder else {
                return LocalFile::Unsaved(decoded);
            };
            let mut path = folder.to_owned();
            for piece in decoded.split('/') {
                match piece {
                    "" | "." => {}
                    ".." => path.push(Component::ParentDir),
                    piece => path.push(piece),
                }
            }
            LocalFile::Path(path)
        }
        Destination::SiteRoot if address.starts_with('/') => {
            let decoded = destination::percent_decoded(&without_suffix(&address)).into_owned();
            LocalFile::Path(PathBuf::from(decoded))
        }
        Destination::Scheme(scheme) if scheme == "file" => url::Url::parse(&address)
            .ok()
            .and_then(|url| url.to_file_path().ok())
            .map_or(LocalFile::NotLocal, LocalFile::Path),
        Destination::WindowsPath => {
            let path = PathBuf::from(without_suffix(&address));
            if path.is_absolute() {
                LocalFile::Path(path)
            } else {
                LocalFile::NotLocal
            }
        }
        _ => LocalFile::NotLocal,
    }
}

/// The folder a post's file is in, against which its relative references resolve: the
/// file's parent, or `.` for a bare file name.
pub fn folder_of(post_path: &Path) -> &Path {
    post_path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The author's files as the link audit sees them: the post's folder and the I/O
/// layer's answer to whether a path is a file the preview and the export can read.
#[derive(Clone, Copy)]
pub struct PostFiles<'a> {
    /// The folder of the post's file; `None` for a post not saved yet, whose relative
    /// references are not checked.
    pub folder: Option<&'a Path>,
    /// Whether a path is a readable file (a symlink to one counts, a folder does not);
    /// the I/O layer's `files::post_files` backs it with `files::check_asset`.
    pub readable: &'a dyn Fn(&Path) -> bool,
}

impl std::fmt::Debug for PostFiles<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostFiles")
            .field("folder", &self.folder)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(address: &str) -> LocalFile {
        local_file(address, Some(Path::new("/posts/blog")))
    }

    #[test]
    fn relative_references_join_the_post_folder() {
        assert_eq!(
            path("images/a%20b.png?v=2#x"),
            LocalFile::Path("/posts/blog/images/a b.png".into())
        );
        assert_eq!(
            path("./images//a.png"),
            LocalFile::Path("/posts/blog/images/a.png".into())
        );
        assert_eq!(
            path("../shared/a.png"),
            LocalFile::Path("/posts/blog/../shared/a.png".into())
        );
        // An escaped slash is a character of a name, not the root.
        assert_eq!(
            path("%2Fetc%2Fpasswd"),
            LocalFile::Path("/posts/blog/etc/passwd".into())
        );
        assert_eq!(
            local_file("images/a.png", None),
            LocalFile::Unsaved("images/a.png".into())
        );
        assert_eq!(path("?v=2"), LocalFile::NotLocal);
    }

    #[test]
    fn absolute_paths_and_file_urls() {
        assert_eq!(
            path("/srv/my%20images/a.png"),
            LocalFile::Path("/srv/my images/a.png".into())
        );
        assert_eq!(
            local_file("/srv/a.png", None),
            LocalFile::Path("/srv/a.png".into())
        );
        if cfg!(unix) {
            assert_eq!(
                path(" FILE:///srv/a%20b.png"),
                LocalFile::Path("/srv/a b.png".into())
            );
            assert_eq!(
                path("file://localhost/srv/a.png"),
                LocalFile::Path("/srv/a.png".into())
            );
            assert_eq!(path("file://server/share/a.png"), LocalFile::NotLocal);
            assert_eq!(path(r"C:\Users\me\a.png"), LocalFile::NotLocal);
        }
    }

    #[test]
    fn posts_live_in_their_folder() {
        assert_eq!(folder_of(Path::new("/posts/a.md")), Path::new("/posts"));
        assert_eq!(folder_of(Path::new("a.md")), Path::new("."));
    }

    #[test]
    fn other_addresses_are_not_local() {
        for address in [
            "",
            "#top",
            "https://example.org/a.png",
            "//cdn.example.org/a.png",
            "data:image/png;base64,AAAA",
            "mailto:a@example.org",
            r"\images\a.png",
        ] {
            assert_eq!(path(address), LocalFile::NotLocal, "{address:?}");
        }
    }
}
