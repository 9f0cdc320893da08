//! The files of a site folder as paths relative to its root, `/`-separated: what detection,
//! the conventions and the site-wide audit read instead of the disk.

use std::collections::BTreeSet;
use std::ops::Bound;

/// The files and folders of a site, relative to its root (`content/posts/a.md`), without
/// leading or trailing `/`. The I/O layer fills it by walking the folder; tests write it
/// by hand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    files: BTreeSet<String>,
    folders: BTreeSet<String>,
}

impl Listing {
    /// A listing of the given paths: those ending in `/` are folders, the others files.
    /// Every file's folders are added too.
    pub fn from_paths<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut listing = Self::default();
        for path in paths {
            match path.strip_suffix('/') {
                Some(folder) => listing.add_folder(folder),
                None => listing.add_file(path),
            }
        }
        listing
    }

    /// Adds a file, and the folders it sits in.
    pub fn add_file(&mut self, path: &str) {
        let path = path.trim_matches('/');
        if path.is_empty() {
            return;
        }
        self.add_folder(parent(path));
        self.files.insert(path.to_owned());
    }

    /// Adds a folder, and the folders it sits in.
    pub fn add_folder(&mut self, path: &str) {
        let mut path = path.trim_matches('/');
        while !path.is_empty() && self.folders.insert(path.to_owned()) {
            path = parent(path);
        }
    }

    /// Removes a file, or a folder and everything in it.
    pub fn remove(&mut self, path: &str) {
        let path = path.trim_matches('/');
        self.files.remove(path);
        if self.folders.remove(path) {
            let inside: Vec<String> = self.files_under(path).map(str::to_owned).collect();
            for file in inside {
                self.files.remove(&file);
            }
            let prefix = format!("{path}/");
            let folders: Vec<String> = self
                .folders
                .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
                .take_while(|folder| folder.starts_with(&prefix))
                .cloned()
                .collect();
            for folder in folders {
                self.folders.remove(&folder);
            }
        }
    }

    /// Whether `path` is a file of the site.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains(path.trim_matches('/'))
    }

    /// Whether `path` is a folder of the site (the root `""` always is).
    pub fn has_folder(&self, path: &str) -> bool {
        let path = path.trim_matches('/');
        path.is_empty() || self.folders.contains(path)
    }

    /// Whether `path` is a file or a folder of the site.
    pub fn exists(&self, path: &str) -> bool {
        self.has_file(path) || self.has_folder(path)
    }

    /// Every file, in path order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// Every folder, in path order.
    pub fn folders(&self) -> impl Iterator<Item = &str> {
        self.folders.iter().map(String::as_str)
    }

    /// The files inside `folder` and its subfolders, in path order (every file for `""`).
    pub fn files_under<'a>(&'a self, folder: &str) -> impl Iterator<Item = &'a str> + 'a {
        let folder = folder.trim_matches('/');
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        self.files
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .take_while(move |file| file.starts_with(&prefix))
            .map(String::as_str)
    }

    /// The names of the files directly in `folder` (the root for `""`).
    pub fn names_in<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let folder = folder.trim_matches('/');
        self.files_under(folder)
            .filter(move |file| parent(file) == folder)
            .map(file_name)
    }

    /// How many files the listing holds.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

/// The folder of a site path (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |slash| &path[..slash])
}

/// The last part of a site path.
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |slash| &path[slash + 1..])
}

/// The file name without its last extension (`post` for `a/post.md`).
pub fn stem(path: &str) -> &str {
    let name = file_name(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// The last extension, lower-cased, without the dot (`"md"`), or `""`.
pub fn extension(path: &str) -> String {
    let name = file_name(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[dot + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// `folder` and `name` joined with `/` (just `name` at the root).
pub fn join(folder: &str, name: &str) -> String {
    let folder = folder.trim_matches('/');
    if folder.is_empty() {
        name.trim_start_matches('/').to_owned()
    } else {
        format!("{folder}/{}", name.trim_start_matches('/'))
    }
}

/// A path written relative to `folder` (`../images/a.png`) as a site path, with `.` and
/// `..` worked out; `None` when it climbs out of the site.
pub fn resolve(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_imply_their_folders() {
        let listing = Listing::from_paths(["content/posts/a.md", "static/", "hugo.toml"]);
        assert!(listing.has_folder("content"));
        assert!(listing.has_folder("content/posts"));
        assert!(listing.has_folder("static"));
        assert!(listing.has_file("hugo.toml"));
        assert!(!listing.has_file("content"));
        assert_eq!(
            listing.files_under("content").collect::<Vec<_>>(),
            ["content/posts/a.md"]
        );
        assert_eq!(listing.names_in("").collect::<Vec<_>>(), ["hugo.toml"]);
    }

    #[test]
    fn removing_a_folder_removes_what_is_inside() {
        let mut listing = Listing::from_paths(["a/b/c.md", "a/b/d/e.png", "a/bb.md", "a/b.md"]);
        listing.remove("a/b");
        assert_eq!(listing.files().collect::<Vec<_>>(), ["a/b.md", "a/bb.md"]);
        assert!(!listing.has_folder("a/b/d"));
        assert!(listing.has_folder("a"));
    }

    #[test]
    fn paths() {
        assert_eq!(parent("a/b/c.md"), "a/b");
        assert_eq!(parent("c.md"), "");
        assert_eq!(stem("a/2026-01-02-post.md"), "2026-01-02-post");
        assert_eq!(stem("a/.hidden"), ".hidden");
        assert_eq!(extension("a/B.PNG"), "png");
        assert_eq!(join("", "x.md"), "x.md");
        assert_eq!(join("a/", "x.md"), "a/x.md");
        assert_eq!(
            resolve("content/posts", "../images/a.png").as_deref(),
            Some("content/images/a.png")
        );
        assert_eq!(resolve("a", "./b/../c").as_deref(), Some("a/c"));
        assert_eq!(resolve("a", "../../x"), None);
    }
}
