//! Noticing when another program changes, replaces or deletes the open post.
//!
//! The folder is watched, not the file: saving atomically (as Postwright and most editors
//! do) replaces the file with a new one, and a watch on the old file would go quiet after
//! the first such save.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::files::StorageError;

/// Watches one file through its folder.
pub struct FileWatcher {
    _watcher: RecommendedWatcher,
    changed: Arc<AtomicBool>,
    path: PathBuf,
}

impl std::fmt::Debug for FileWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatcher")
            .field("path", &self.path)
            .finish()
    }
}

impl FileWatcher {
    /// Starts watching `path`; `notify` is called (from another thread) whenever something
    /// happens to it.
    pub fn watch(path: &Path, notify: impl Fn() + Send + 'static) -> Result<Self, StorageError> {
        // Follow a symlink to the file that really changes.
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let folder = target
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let names: Vec<OsString> = [path.file_name(), target.file_name()]
            .into_iter()
            .flatten()
            .map(OsString::from)
            .collect();
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let relevant = match &event {
                    Ok(event) => event.paths.iter().any(|changed| {
                        changed
                            .file_name()
                            .is_some_and(|name| names.iter().any(|n| n == name))
                    }),
                    // When in doubt, look at the file again.
                    Err(_) => true,
                };
                if relevant {
                    flag.store(true, Ordering::SeqCst);
                    notify();
                }
            })
            .map_err(|error| watch_error(&folder, error))?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|error| watch_error(&folder, error))?;
        Ok(Self {
            _watcher: watcher,
            changed,
            path: path.to_owned(),
        })
    }

    /// Whether something happened to the file since the last call.
    pub fn take_change(&self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }

    /// The watched file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub(crate) fn watch_error(folder: &Path, error: notify::Error) -> StorageError {
    StorageError::Io {
        path: folder.to_owned(),
        action: "watch",
        source: std::io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for(watcher: &FileWatcher) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if watcher.take_change() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn sees_atomic_replacements_again_and_again() {
        let dir = std::env::temp_dir().join(format!("postwright-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("post.md");
        std::fs::write(&path, "one").unwrap();
        let watcher = FileWatcher::watch(&path, || {}).unwrap();
        for round in 0..3 {
            crate::files::save(&path, format!("round {round}").as_bytes()).unwrap();
            assert!(wait_for(&watcher), "round {round} was noticed");
            while watcher.take_change() {}
            std::thread::sleep(Duration::from_millis(50));
            let _ = watcher.take_change();
        }
        std::fs::write(dir.join("other.md"), "unrelated").unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(!watcher.take_change(), "other files do not count");
        std::fs::remove_file(&path).unwrap();
        assert!(wait_for(&watcher), "deletion noticed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
