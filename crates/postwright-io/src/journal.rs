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

use crate::files::{StorageError, io_error, save};

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
    /// The file the record was read from, to delete once the author decided.
    pub file: PathBuf,
    /// The window's other files (its lock, an older copy, a write it did not finish), to
    /// delete with it.
    pub leftovers: Vec<PathBuf>,
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
    Some(crate::files::data_dir()?.join("recovery"))
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

/// The window id a journal file belongs to: `<id>.json`, `<id>.lock`, or the temporary
/// file of a write that was cut short (`.<id>.json.<random>`).
fn owner_id(name: &str) -> Option<&str> {
    if let Some(id) = name.strip_suffix(".json") {
        return Some(id);
    }
    let rest = name.strip_prefix('.')?;
    rest.find(".json.").map(|end| &rest[..end])
}

/// Entries in `folder` whose window is gone, newest first. Unreadable entries are skipped
/// (and left in place), never deleted. A window killed while writing its copy leaves the
/// write's temporary file: if it holds a whole record (the process died, the machine did
/// not), it counts too, and the newest record of each window is offered.
pub fn orphans(folder: &Path) -> Vec<Orphan> {
    let Ok(listing) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut by_owner: std::collections::BTreeMap<String, Orphan> = Default::default();
    let mut cut_short: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
    for entry in listing.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(owner_id) else {
            continue;
        };
        let lock_path = folder.join(format!("{id}.lock"));
        let owner_alive = match File::open(&lock_path) {
            Ok(lock) => !try_lock(&lock),
            Err(_) => false,
        };
        if owner_alive {
            continue;
        }
        let record = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<JournalRecord>(&bytes).ok());
        let Some(record) = record else {
            if !name.to_string_lossy().ends_with(".json") {
                // Half a temporary file: worth nothing, gone with the window's entry.
                cut_short.entry(id.to_owned()).or_default().push(path);
            }
            continue;
        };
        match by_owner.get_mut(id) {
            Some(known) if known.record.written_at >= record.written_at => {
                known.leftovers.push(path);
            }
            Some(known) => {
                let older = std::mem::replace(&mut known.file, path);
                known.leftovers.push(older);
                known.record = record;
            }
            None => {
                by_owner.insert(
                    id.to_owned(),
                    Orphan {
                        record,
                        file: path,
                        leftovers: vec![lock_path],
                    },
                );
            }
        }
    }
    for (id, paths) in cut_short {
        if let Some(orphan) = by_owner.get_mut(&id) {
            orphan.leftovers.extend(paths);
        }
    }
    let mut found: Vec<Orphan> = by_owner.into_values().collect();
    found.sort_by_key(|orphan| std::cmp::Reverse(orphan.record.written_at));
    found
}

/// Deletes an orphan's files once the author restored or discarded it.
pub fn forget(orphan: &Orphan) -> Result<(), StorageError> {
    remove_if_present(&orphan.file)?;
    for leftover in &orphan.leftovers {
        remove_if_present(leftover)?;
    }
    Ok(())
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

    /// `record` is the one thing offered from `dir`, and forgetting it leaves nothing behind.
    fn offered_once_then_forgotten(dir: &Path, record: &JournalRecord) {
        let found = orphans(dir);
        assert_eq!(found.len(), 1);
        assert_eq!(&found[0].record, record);
        forget(&found[0]).unwrap();
        assert_eq!(fs::read_dir(dir).unwrap().count(), 0, "nothing is left");
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_write_cut_short_by_a_kill_is_still_offered() {
        let dir = folder("cut-short");
        let journal = Journal::open(&dir).unwrap();
        let record = JournalRecord::now(None, "words typed once".into(), None);
        // The process died after writing the temporary file and before renaming it.
        let temporary = dir.join(format!(".{}.json.Xy12Ab", journal.id));
        fs::write(&temporary, serde_json::to_vec(&record).unwrap()).unwrap();
        drop(journal);
        offered_once_then_forgotten(&dir, &record);
    }

    #[test]
    fn a_half_written_temporary_file_is_left_alone() {
        let dir = folder("half-written");
        let journal = Journal::open(&dir).unwrap();
        let record = JournalRecord::now(None, "the saved copy".into(), None);
        journal.write(&record).unwrap();
        fs::write(
            dir.join(format!(".{}.json.Zz99Qq", journal.id)),
            b"{\"path\":nu",
        )
        .unwrap();
        drop(journal);
        offered_once_then_forgotten(&dir, &record);
    }
}
