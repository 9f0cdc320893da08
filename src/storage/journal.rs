//! The recovery journal: a copy of every unsaved buffer, kept under the platform's data
//! folder so that a crash, a power cut or a killed process loses nothing.
//!
//! Each running window owns one entry (`<id>.json`) and holds an exclusive lock on
//! `<id>.lock` for as long as it runs. At start-up, entries whose lock nobody holds belong
//! to windows that ended without cleaning up, and are offered for recovery. Entries are
//! written atomically, like posts, so a crash while writing the journal cannot destroy
//! the previous copy either.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{StorageError, io_error, save};

/// What the journal keeps of one buffer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRecord {
    /// The post's file, if it has one.
    pub path: Option<PathBuf>,
    /// The whole text as Save would write it.
    pub text: String,
    /// Hash of the file's content when it was last read or written, to tell whether the
    /// file changed since.
    pub disk_hash: Option<u64>,
    /// When the copy was written, in seconds since 1970.
    pub written_at: u64,
}

impl JournalRecord {
    /// A record of `text` written now.
    pub fn now(path: Option<PathBuf>, text: String, disk_hash: Option<u64>) -> Self {
        let written_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Self {
            path,
            text,
            disk_hash,
            written_at,
        }
    }
}

/// A journal entry left behind by a window that did not close cleanly.
#[derive(Clone, Debug)]
pub struct Orphan {
    /// What it holds.
    pub record: JournalRecord,
    /// Its file, to delete once the author decided.
    pub file: PathBuf,
}

/// This window's journal entry.
#[derive(Debug)]
pub struct Journal {
    folder: PathBuf,
    id: String,
    /// Held (and locked) for as long as the window runs.
    _lock: File,
}

/// Where the journal lives: `POSTWRIGHT_DATA_DIR` if set, otherwise the platform's data
/// folder, then `recovery/`.
pub fn journal_folder() -> Option<PathBuf> {
    let base = match std::env::var_os("POSTWRIGHT_DATA_DIR") {
        Some(folder) => PathBuf::from(folder),
        None => directories::ProjectDirs::from("", "", "Postwright")?
            .data_dir()
            .to_owned(),
    };
    Some(base.join("recovery"))
}

fn try_lock(file: &File) -> bool {
    rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_ok()
}

impl Journal {
    /// Creates this window's entry in `folder` and locks it.
    pub fn open(folder: &Path) -> Result<Self, StorageError> {
        fs::create_dir_all(folder).map_err(io_error(folder, "create"))?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let id = format!("{}-{nanos}", std::process::id());
        let lock_path = folder.join(format!("{id}.lock"));
        let lock = File::create(&lock_path).map_err(io_error(&lock_path, "create"))?;
        if !try_lock(&lock) {
            return Err(StorageError::Io {
                path: lock_path,
                action: "lock",
                source: io::Error::other("another process holds the lock"),
            });
        }
        Ok(Self {
            folder: folder.to_owned(),
            id,
            _lock: lock,
        })
    }

    fn entry_path(&self) -> PathBuf {
        self.folder.join(format!("{}.json", self.id))
    }

    /// Writes (replaces) this window's copy, atomically.
    pub fn write(&self, record: &JournalRecord) -> Result<(), StorageError> {
        let path = self.entry_path();
        let json = serde_json::to_vec(record).map_err(|error| StorageError::Io {
            path: path.clone(),
            action: "write the recovery copy",
            source: io::Error::other(error),
        })?;
        save(&path, &json).map(|_| ())
    }

    /// Removes this window's copy: the buffer is saved or was discarded.
    pub fn clear(&self) -> Result<(), StorageError> {
        remove_if_present(&self.entry_path())
    }

    /// Removes the copy and the lock: the window is closing cleanly.
    pub fn close(self) -> Result<(), StorageError> {
        self.clear()?;
        remove_if_present(&self.folder.join(format!("{}.lock", self.id)))
    }
}

fn remove_if_present(path: &Path) -> Result<(), StorageError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(io_error(path, "remove")(error)),
    }
}

/// Entries in `folder` whose window is gone, newest first. Unreadable entries are skipped
/// (and left in place), never deleted.
pub fn orphans(folder: &Path) -> Vec<Orphan> {
    let Ok(listing) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in listing.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let lock_path = path.with_extension("lock");
        let owner_alive = match File::open(&lock_path) {
            Ok(lock) => !try_lock(&lock),
            Err(_) => false,
        };
        if owner_alive {
            continue;
        }
        let Ok(bytes) = fs::read(&path) else { continue };
        let Ok(record) = serde_json::from_slice::<JournalRecord>(&bytes) else {
            continue;
        };
        found.push(Orphan { record, file: path });
    }
    found.sort_by_key(|orphan| std::cmp::Reverse(orphan.record.written_at));
    found
}

/// Deletes an orphan's files once the author restored or discarded it.
pub fn forget(orphan: &Orphan) -> Result<(), StorageError> {
    remove_if_present(&orphan.file)?;
    remove_if_present(&orphan.file.with_extension("lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("postwright-journal-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn live_entries_are_not_orphans_and_closed_ones_vanish() {
        let dir = folder("live");
        let journal = Journal::open(&dir).unwrap();
        journal
            .write(&JournalRecord::now(None, "draft text".into(), None))
            .unwrap();
        assert!(orphans(&dir).is_empty(), "the owner still runs");
        journal.close().unwrap();
        assert!(orphans(&dir).is_empty());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_entry_without_a_live_owner_is_offered() {
        let dir = folder("orphan");
        let journal = Journal::open(&dir).unwrap();
        let record = JournalRecord::now(
            Some(PathBuf::from("post.md")),
            "unsaved words".into(),
            Some(7),
        );
        journal.write(&record).unwrap();
        // The window dies without cleaning up: its lock is released by the OS.
        drop(journal);
        let found = orphans(&dir);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, record);
        forget(&found[0]).unwrap();
        assert!(orphans(&dir).is_empty());
        let _ = fs::remove_dir_all(&dir);
    }
}
