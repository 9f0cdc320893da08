//! Every read and write of the author's files: loading a post safely, saving it atomically,
//! and noticing whether the file on disk is still the one that was loaded.
//!
//! Loading refuses what is not a UTF-8 text file (a folder, a socket, binary data, UTF-16,
//! invalid UTF-8) rather than decode it lossily and later save the damage. Saving writes a
//! temporary file beside the target, syncs it, renames it over the target and syncs the
//! folder (via `atomic-write-file`), keeps the file's permissions, and writes through a
//! symlink to the file it points at. If anything fails, the old file is untouched.

use std::fmt;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use postwright_core::edit::lines::LineIndex;
use postwright_core::local_file::{self, PostFiles};

/// Files at least this large open with a warning.
pub const LARGE_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// What a file on disk looked like when Postwright last read or wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskState {
    /// Size in bytes.
    pub len: u64,
    /// Last modification time, where the platform reports one.
    pub modified: Option<SystemTime>,
    /// A hash of the content.
    pub hash: u64,
}

impl DiskState {
    /// Whether `other` has the same content (size and hash; the time alone may change when
    /// a program merely touches the file).
    pub fn same_content(&self, other: &DiskState) -> bool {
        self.len == other.len && self.hash == other.hash
    }

    fn of(bytes: &[u8], metadata: &fs::Metadata) -> Self {
        Self {
            len: bytes.len() as u64,
            modified: metadata.modified().ok(),
            hash: content_hash(bytes),
        }
    }
}

/// A hash of file content, to tell whether a file changed.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// A post read from disk.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file's text, byte-order mark included if it had one.
    pub text: String,
    /// What the file looked like when read.
    pub disk: DiskState,
    /// Neither the file nor its folder can be written, so Save needs another path.
    pub read_only: bool,
    /// Things the author should know that did not stop the file opening.
    pub warnings: Vec<String>,
}

/// Why a file could not be read or written. Each message names the file and says what
/// to do.
#[derive(Debug)]
pub enum StorageError {
    /// The path does not exist.
    NotFound(PathBuf),
    /// The path is a folder, socket, device or pipe.
    NotAFile(PathBuf, &'static str),
    /// The content is not text Postwright can edit without damaging it.
    NotText(PathBuf, DecodeError),
    /// The settings file is not JSON Postwright can read.
    UnreadableSettings(PathBuf, serde_json::Error),
    /// The operating system refused a read or write.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What Postwright was doing ("read", "save").
        action: &'static str,
        /// The cause.
        source: io::Error,
    },
}

impl StorageError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StorageError::NotFound(path)
            | StorageError::NotAFile(path, _)
            | StorageError::NotText(path, _)
            | StorageError::UnreadableSettings(path, _)
            | StorageError::Io { path, .. } => path,
        }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::NotFound(path) => {
                write!(
                    f,
                    "{path:?} does not exist; check the path, or create the post with New"
                )
            }
            StorageError::NotAFile(path, kind) => {
                write!(
                    f,
                    "{path:?} is {kind}, not a post file; choose a Markdown file instead"
                )
            }
            StorageError::NotText(path, why) => write!(f, "{path:?} {why}"),
            StorageError::UnreadableSettings(path, why) => write!(
                f,
                "{path:?} is not a settings file Postwright can read ({why}); the defaults \
                 are used and the file is left as it is"
            ),
            StorageError::Io {
                path,
                action,
                source,
            } => {
                let advice = match source.kind() {
                    io::ErrorKind::PermissionDenied => {
                        "you do not have permission; use Save As to write it somewhere else"
                    }
                    io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                        "the disk is full; free some space and try again, or save elsewhere"
                    }
                    io::ErrorKind::FileTooLarge => {
                        "the file is larger than this system allows; save elsewhere"
                    }
                    io::ErrorKind::ReadOnlyFilesystem => {
                        "the disk is read-only; use Save As to write it somewhere else"
                    }
                    _ => "the file was left as it was",
                };
                write!(f, "could not {action} {path:?}: {source}; {advice}")
            }
        }
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StorageError::Io { source, .. } => Some(source),
            StorageError::NotText(_, why) => Some(why),
            StorageError::UnreadableSettings(_, why) => Some(why),
            _ => None,
        }
    }
}

pub(crate) fn io_error(
    path: &Path,
    action: &'static str,
) -> impl FnOnce(io::Error) -> StorageError {
    let path = path.to_owned();
    move |source| {
        if source.kind() == io::ErrorKind::NotFound {
            StorageError::NotFound(path)
        } else {
            StorageError::Io {
                path,
                action,
                source,
            }
        }
    }
}

/// What kind of non-file a path is, if it is not a regular file.
fn not_a_file(metadata: &fs::Metadata) -> Option<&'static str> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_fifo() {
            return Some("a named pipe");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Reads a post file, refusing anything that is not UTF-8 text.
pub fn load(path: &Path) -> Result<LoadedFile, StorageError> {
    let metadata = fs::metadata(path).map_err(io_error(path, "read"))?;
    if let Some(kind) = not_a_file(&metadata) {
        return Err(StorageError::NotAFile(path.to_owned(), kind));
    }
    let bytes = fs::read(path).map_err(io_error(path, "read"))?;
    let text = decode(&bytes).map_err(|why| StorageError::NotText(path.to_owned(), why))?;
    let mut warnings = Vec::new();
    if bytes.len() as u64 >= LARGE_FILE_BYTES {
        warnings.push(format!(
            "{path:?} is large ({:.1} MB); editing and preview may be slower than usual",
            bytes.len() as f64 / (1024.0 * 1024.0)
        ));
    }
    let read_only = !writable(path);
    if read_only {
        warnings.push(format!(
            "{path:?} is read-only; Save will ask where to save a copy"
        ));
    }
    Ok(LoadedFile {
        disk: DiskState::of(&bytes, &metadata),
        text,
        read_only,
        warnings,
    })
}

/// The size of the file at `path`, if it can be known.
pub fn file_len(path: &Path) -> Option<u64> {
    fs::metadata(path).ok().map(|metadata| metadata.len())
}

/// Decodes file bytes as UTF-8, refusing binary data and other encodings with an error
/// that says what was found.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
            let (line, column) = LineIndex::new(valid).line_and_column(valid, valid.len());
            Err(DecodeError::NotUtf8 { line, column })
        }
    }
}

/// Why file bytes are not text Postwright edits. Its message follows the file's name:
/// "\"post.md\" is UTF-16 text; …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// UTF-16 text, with its byte-order mark.
    Utf16,
    /// A NUL byte: binary data, or UTF-16 without a byte-order mark.
    Binary {
        /// Where the first NUL byte is.
        offset: usize,
    },
    /// Bytes that are not UTF-8, from the 1-based line and column (in characters) where
    /// they start.
    NotUtf8 {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Utf16 => f.write_str(
                "is UTF-16 text; Postwright edits UTF-8 only. Convert it first, for example \
                 with `iconv -f UTF-16 -t UTF-8`.",
            ),
            DecodeError::Binary { offset } => write!(
                f,
                "looks like a binary file (it has a NUL byte at offset {offset}), or UTF-16 \
                 text without a byte-order mark; Postwright opens UTF-8 text only, so it was \
                 not opened"
            ),
            DecodeError::NotUtf8 { line, column } => write!(
                f,
                "is not valid UTF-8 (line {line}, column {column}); it may use another \
                 encoding such as Latin-1. Convert it to UTF-8 first; Postwright will not \
                 guess, so that saving cannot damage it"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Whether Postwright could save to `path`: the file (if it exists) and its folder are
/// writable, and neither is marked read-only (no write permission for anyone), which is
/// respected even where the system would allow the write (as for root).
pub fn writable(path: &Path) -> bool {
    use rustix::fs::{Access, access};
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let folder = target
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let allowed = |path: &Path| {
        let marked_read_only =
            fs::metadata(path).is_ok_and(|metadata| metadata.permissions().readonly());
        !marked_read_only && access(path, Access::WRITE_OK).is_ok()
    };
    let file_ok = !target.exists() || allowed(&target);
    file_ok && allowed(folder)
}

/// The file a save to `path` really writes: the target of a symlink (followed all the way),
/// or `path` itself.
fn save_target(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

/// Writes `bytes` to `path` atomically: the file holds either its old content or all of
/// the new, never a mixture. Returns the new disk state.
pub fn save(path: &Path, bytes: &[u8]) -> Result<DiskState, StorageError> {
    let target = save_target(path);
    if let Ok(metadata) = fs::metadata(&target)
        && let Some(kind) = not_a_file(&metadata)
    {
        return Err(StorageError::NotAFile(path.to_owned(), kind));
    }
    let error = io_error(path, "save");
    let result = (|| {
        let mut file = atomic_write_file::AtomicWriteFile::options().open(&target)?;
        file.write_all(bytes)?;
        file.flush()?;
        file.commit()?;
        fs::metadata(&target)
    })();
    match result {
        Ok(metadata) => Ok(DiskState::of(bytes, &metadata)),
        Err(source) if source.kind() == io::ErrorKind::NotFound => Err(StorageError::Io {
            path: path.to_owned(),
            action: "save",
            source: io::Error::new(io::ErrorKind::NotFound, "its folder does not exist"),
        }),
        Err(source) => Err(error(source)),
    }
}

/// The current state of the file at `path`, to compare with what was loaded.
pub fn disk_state(path: &Path) -> Result<DiskState, StorageError> {
    let metadata = fs::metadata(path).map_err(io_error(path, "read"))?;
    let bytes = fs::read(path).map_err(io_error(path, "read"))?;
    Ok(DiskState::of(&bytes, &metadata))
}

/// Where Postwright keeps its settings: `POSTWRIGHT_CONFIG_DIR` if set, otherwise the
/// platform's configuration folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os("POSTWRIGHT_CONFIG_DIR") {
        return Some(PathBuf::from(folder));
    }
    directories::ProjectDirs::from("", "", "Postwright").map(|dirs| dirs.config_dir().to_owned())
}

/// Where Postwright keeps its data (the recovery journal, the author's own dictionaries):
/// `POSTWRIGHT_DATA_DIR` if set, otherwise the platform's data folder.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os("POSTWRIGHT_DATA_DIR") {
        return Some(PathBuf::from(folder));
    }
    directories::ProjectDirs::from("", "", "Postwright").map(|dirs| dirs.data_dir().to_owned())
}

/// The settings file inside `folder`.
pub fn settings_file(folder: &Path) -> PathBuf {
    folder.join("settings.json")
}

/// Reads the settings; a missing file gives the defaults, an unreadable one an error (and
/// the caller goes on with the defaults without overwriting it).
pub fn load_settings(path: &Path) -> Result<crate::settings::Settings, StorageError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(crate::settings::Settings::default());
        }
        Err(error) => return Err(io_error(path, "read")(error)),
    };
    serde_json::from_str(&text)
        .map_err(|error| StorageError::UnreadableSettings(path.to_owned(), error))
}

/// Writes the settings atomically, creating the folder if needed.
pub fn save_settings(
    path: &Path,
    settings: &crate::settings::Settings,
) -> Result<(), StorageError> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(io_error(folder, "create"))?;
    }
    let text = serde_json::to_string_pretty(settings).map_err(|error| StorageError::Io {
        path: path.to_owned(),
        action: "save",
        source: io::Error::other(error),
    })?;
    save(path, text.as_bytes()).map(|_| ())
}

/// Images and other files a post refers to (for the preview and the export) are read
/// up to this size.
pub const MAX_ASSET_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file a post refers to (an image, a linked file) cannot be read, in words about
/// that reference rather than about opening a post.
#[derive(Debug)]
pub enum AssetError {
    /// Nothing is at the path.
    Missing(PathBuf),
    /// The path is a folder, socket, device or pipe.
    NotAFile(PathBuf, &'static str),
    /// The file is larger than [`MAX_ASSET_BYTES`]; holds its size in bytes.
    TooLarge(PathBuf, u64),
    /// The operating system refused to read it.
    Io(PathBuf, io::Error),
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssetError::Missing(path) => write!(f, "there is no file at {path:?}"),
            AssetError::NotAFile(path, kind) => write!(f, "{path:?} is {kind}, not a file"),
            AssetError::TooLarge(path, len) => write!(
                f,
                "{path:?} is {:.0} MB, more than the {} MB Postwright reads for a post; make \
                 it smaller",
                *len as f64 / (1024.0 * 1024.0),
                MAX_ASSET_BYTES / (1024 * 1024)
            ),
            AssetError::Io(path, source) => write!(f, "could not read {path:?}: {source}"),
        }
    }
}

impl std::error::Error for AssetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AssetError::Io(_, source) => Some(source),
            _ => None,
        }
    }
}

/// Opens a file a post refers to for reading: a regular file (a symlink is followed to
/// one) that this process may read. Returns it with its size.
fn open_asset(path: &Path) -> Result<(fs::File, u64), AssetError> {
    let error = |source: io::Error| {
        if source.kind() == io::ErrorKind::NotFound {
            AssetError::Missing(path.to_owned())
        } else {
            AssetError::Io(path.to_owned(), source)
        }
    };
    let metadata = fs::metadata(path).map_err(error)?;
    if let Some(kind) = not_a_file(&metadata) {
        return Err(AssetError::NotAFile(path.to_owned(), kind));
    }
    let file = fs::File::open(path).map_err(error)?;
    Ok((file, metadata.len()))
}

/// Whether the file at `path` is there to be read, without reading it: a regular file,
/// or a symlink to one, that this process may open (a folder is not). The link audit's
/// question for the files a post refers to; [`read_asset`] asks the same before it
/// reads, and refuses files over [`MAX_ASSET_BYTES`] on top.
pub fn check_asset(path: &Path) -> Result<(), AssetError> {
    open_asset(path).map(|_| ())
}

/// The files of the post at `post_path` (`None` for a post not saved yet) as the link
/// audit asks about them: its folder, and [`check_asset`] to say which can be read.
pub fn post_files(post_path: Option<&Path>) -> PostFiles<'_> {
    fn readable(path: &Path) -> bool {
        check_asset(path).is_ok()
    }
    PostFiles {
        folder: post_path.map(local_file::folder_of),
        readable: &readable,
    }
}

/// Reads a file a post refers to, such as an image, for the preview or an export: what
/// [`check_asset`] accepts, up to [`MAX_ASSET_BYTES`]. Never writes.
pub fn read_asset(path: &Path) -> Result<Vec<u8>, AssetError> {
    let (mut file, len) = open_asset(path)?;
    if len > MAX_ASSET_BYTES {
        return Err(AssetError::TooLarge(path.to_owned(), len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|source| AssetError::Io(path.to_owned(), source))?;
    Ok(bytes)
}

/// Writes an exported page to `page` and its files (copied images) beside it, each file
/// atomically, creating folders as needed. The files are written first, so the page
/// never points at images that are not there yet. A file path that would leave the
/// page's folder (`..`, an absolute path) is refused.
pub fn write_export(
    page: &Path,
    html: &[u8],
    files: &[postwright_core::export::ExportFile],
) -> Result<(), StorageError> {
    let folder = local_file::folder_of(page);
    // Check every path before writing anything.
    for file in files {
        let inside = file
            .path
            .components()
            .all(|component| matches!(component, std::path::Component::Normal(_)));
        if !inside || file.path.as_os_str().is_empty() {
            return Err(StorageError::Io {
                path: folder.join(&file.path),
                action: "write",
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the path leaves the page's folder",
                ),
            });
        }
    }
    for file in files {
        let target = folder.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent, "create the folder"))?;
        }
        save(&target, &file.bytes)?;
    }
    if !folder.exists() {
        fs::create_dir_all(folder).map_err(io_error(folder, "create the folder"))?;
    }
    save(page, html).map(|_| ())
}

/// The posts in `folder` and its subfolders: files ending in `.md` or `.markdown`, in
/// name order, skipping hidden files and folders. Walks without recursion.
pub fn list_posts(folder: &Path) -> Result<Vec<PathBuf>, StorageError> {
    let mut posts = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(io_error(&dir, "list"))?;
        let mut children: Vec<(PathBuf, bool)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_error(&dir, "list"))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let is_dir = fs::metadata(&path).is_ok_and(|metadata| metadata.is_dir());
            children.push((path, is_dir));
        }
        children.sort();
        for (path, is_dir) in children.into_iter().rev() {
            if is_dir {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "md" || extension == "markdown")
            {
                posts.push(path);
            }
        }
    }
    posts.sort();
    Ok(posts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_refuses_what_it_cannot_keep() {
        assert!(decode(b"plain\n").is_ok());
        assert!(decode(b"\xEF\xBB\xBFwith bom").is_ok());
        assert_eq!(decode(b"a\x00b"), Err(DecodeError::Binary { offset: 1 }));
        assert!(
            decode(b"a\x00b")
                .unwrap_err()
                .to_string()
                .contains("NUL byte at offset 1")
        );
        assert_eq!(decode(b"\xFF\xFEa\x00"), Err(DecodeError::Utf16));
        let error = decode(b"line one\ncaf\xE9\n").unwrap_err();
        assert_eq!(error, DecodeError::NotUtf8 { line: 2, column: 4 });
        assert!(error.to_string().contains("line 2, column 4"), "{error}");
    }
}
