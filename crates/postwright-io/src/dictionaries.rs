//! Hunspell dictionaries on this machine: where they are, which are installed, and their
//! text read and decoded for the core's [`Speller`].
//!
//! Looked for, in order of preference: the author's own folder (`dictionaries/` in the data
//! folder), the folders in `DICPATH` (as Hunspell itself reads it), the platform's usual
//! folders (`/usr/share/hunspell`, `/usr/share/myspell/dicts`, Homebrew's,
//! `~/Library/Spelling` on macOS…), and last the small American English dictionary built
//! into Postwright, so that a machine with none still gets checking. A dictionary is an
//! `.aff` file with a `.dic` file of the same name; the first folder to have a name wins.
//!
//! Dictionaries are written in the encoding their `.aff` file names with `SET` (UTF-8,
//! ISO8859-1, KOI8-R, microsoft-cp1251…); both files are decoded to UTF-8 here, since the
//! checker reads UTF-8 only.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use encoding_rs::Encoding;
use postwright_core::spelling::language::Requested;
use postwright_core::spelling::{
    self, Choice, DictionaryId, LanguageRequest, LanguageTag, Speller, SpellerError,
};

use crate::files::{StorageError, io_error};

/// The name of the dictionary built into Postwright.
pub const BUNDLED_NAME: &str = "en_US";

/// The built-in dictionary's affix file (see `assets/dictionaries/README.md`).
const BUNDLED_AFF: &str = include_str!("../../../assets/dictionaries/en_US.aff");

/// The built-in dictionary's word list.
const BUNDLED_DIC: &str = include_str!("../../../assets/dictionaries/en_US.dic");

/// Dictionary files larger than this are refused (the largest Hunspell dictionaries are a
/// few tens of megabytes).
pub const MAX_DICTIONARY_BYTES: u64 = 256 * 1024 * 1024;

/// Where dictionaries are looked for, most preferred first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionarySearch {
    /// Folders holding `.aff` and `.dic` files.
    pub folders: Vec<PathBuf>,
    /// Whether the built-in dictionary comes last.
    pub bundled: bool,
}

impl DictionarySearch {
    /// The usual places: the author's folder, `DICPATH`, the platform's folders, then the
    /// built-in dictionary.
    pub fn system() -> Self {
        let mut folders = Vec::new();
        folders.extend(user_dictionary_folder());
        if let Some(paths) = std::env::var_os("DICPATH") {
            folders
                .extend(std::env::split_paths(&paths).filter(|path| !path.as_os_str().is_empty()));
        }
        folders.extend(platform_folders());
        Self {
            folders,
            bundled: true,
        }
    }

    /// The built-in dictionary and nothing else.
    pub fn bundled_only() -> Self {
        Self {
            folders: Vec::new(),
            bundled: true,
        }
    }
}

/// The author's own dictionary folder: `dictionaries/` in Postwright's data folder. A
/// dictionary put there (its `.aff` and `.dic` files) is preferred to the system's.
pub fn user_dictionary_folder() -> Option<PathBuf> {
    Some(crate::files::data_dir()?.join("dictionaries"))
}

/// The folders where this platform's programs install Hunspell dictionaries.
fn platform_folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "macos") {
        folders.extend(home.iter().map(|home| home.join("Library/Spelling")));
        folders.push("/Library/Spelling".into());
        folders.push("/opt/homebrew/share/hunspell".into());
        folders.push("/usr/local/share/hunspell".into());
    } else if cfg!(windows) {
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            folders.push(PathBuf::from(local).join("hunspell"));
        }
    } else {
        folders.extend(home.iter().map(|home| home.join(".local/share/hunspell")));
        for folder in [
            "/usr/share/hunspell",
            "/usr/share/myspell",
            "/usr/share/myspell/dicts",
            "/usr/local/share/hunspell",
            "/usr/local/share/myspell",
            "/app/share/hunspell",
        ] {
            folders.push(folder.into());
        }
    }
    folders
}

/// Where a dictionary's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictionarySource {
    /// An `.aff` file and its `.dic` file.
    Files {
        /// The affix file.
        aff: PathBuf,
        /// The word list.
        dic: PathBuf,
    },
    /// The dictionary built into Postwright.
    Bundled,
}

/// A dictionary found on this machine (or built in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalledDictionary {
    /// Its name and language.
    pub id: DictionaryId,
    /// Where its text is.
    pub source: DictionarySource,
}

impl InstalledDictionary {
    /// The built-in American English dictionary.
    pub fn bundled() -> Self {
        Self {
            id: DictionaryId {
                name: BUNDLED_NAME.to_owned(),
                language: LanguageTag {
                    language: "en".to_owned(),
                    region: Some("US".to_owned()),
                },
            },
            source: DictionarySource::Bundled,
        }
    }

    /// Where it is, for messages and the language menu: its `.aff` file, or "built in".
    pub fn location(&self) -> String {
        match &self.source {
            DictionarySource::Files { aff, .. } => format!("{aff:?}"),
            DictionarySource::Bundled => "built into Postwright".to_owned(),
        }
    }
}

/// Every dictionary `search` finds, most preferred first, one per name (the first folder
/// to hold a name wins). Folders that do not exist or cannot be read are passed over.
pub fn installed(search: &DictionarySearch) -> Vec<InstalledDictionary> {
    let mut found: Vec<InstalledDictionary> = Vec::new();
    for folder in &search.folders {
        let Ok(entries) = fs::read_dir(folder) else {
            continue;
        };
        let mut in_folder: Vec<InstalledDictionary> = entries
            .flatten()
            .filter_map(|entry| {
                let aff = entry.path();
                if aff.extension().is_none_or(|extension| extension != "aff") {
                    return None;
                }
                let dic = aff.with_extension("dic");
                let id = DictionaryId::from_name(aff.file_stem()?.to_str()?)?;
                dic.is_file().then_some(InstalledDictionary {
                    id,
                    source: DictionarySource::Files { aff, dic },
                })
            })
            .collect();
        in_folder.sort_by(|a, b| a.id.name.cmp(&b.id.name));
        for dictionary in in_folder {
            if !found
                .iter()
                .any(|known| known.id.name == dictionary.id.name)
            {
                found.push(dictionary);
            }
        }
    }
    if search.bundled && !found.iter().any(|known| known.id.name == BUNDLED_NAME) {
        found.push(InstalledDictionary::bundled());
    }
    found
}

/// Why a dictionary could not be loaded. Each message names the file and says what to do.
#[derive(Debug)]
pub enum DictionaryError {
    /// A file could not be read.
    Read(StorageError),
    /// The `.aff` file names an encoding Postwright cannot decode.
    UnknownEncoding {
        /// The affix file.
        aff: PathBuf,
        /// The encoding as written after `SET`.
        encoding: String,
    },
    /// The text is not a dictionary the checker can compile.
    Compile {
        /// Where the dictionary is ("built into Postwright" or its `.aff` file).
        location: String,
        /// What the checker said.
        error: SpellerError,
    },
}

impl fmt::Display for DictionaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DictionaryError::Read(error) => write!(f, "{error}"),
            DictionaryError::UnknownEncoding { aff, encoding } => write!(
                f,
                "{aff:?} is written in the encoding {encoding:?}, which Postwright cannot read; \
                 install the dictionary in UTF-8, or choose another spelling language"
            ),
            DictionaryError::Compile { location, error } => {
                write!(f, "{error} (dictionary {location})")
            }
        }
    }
}

impl std::error::Error for DictionaryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DictionaryError::Read(error) => Some(error),
            DictionaryError::Compile { error, .. } => Some(error),
            DictionaryError::UnknownEncoding { .. } => None,
        }
    }
}

/// A dictionary's two files as UTF-8 text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionaryText {
    /// The affix file.
    pub aff: String,
    /// The word list.
    pub dic: String,
}

/// Reads a dictionary's files and decodes them from the encoding its `.aff` file names
/// (UTF-8 when it names none). Never writes.
pub fn read(dictionary: &InstalledDictionary) -> Result<DictionaryText, DictionaryError> {
    let (aff_path, dic_path) = match &dictionary.source {
        DictionarySource::Bundled => {
            return Ok(DictionaryText {
                aff: BUNDLED_AFF.to_owned(),
                dic: BUNDLED_DIC.to_owned(),
            });
        }
        DictionarySource::Files { aff, dic } => (aff, dic),
    };
    let aff_bytes = read_file(aff_path)?;
    let dic_bytes = read_file(dic_path)?;
    let encoding = match declared_encoding(&aff_bytes) {
        None => encoding_rs::UTF_8,
        Some(label) => encoding_for(&label).ok_or_else(|| DictionaryError::UnknownEncoding {
            aff: aff_path.clone(),
            encoding: label,
        })?,
    };
    // `decode` also drops a byte-order mark, which some dictionaries start with.
    Ok(DictionaryText {
        aff: encoding.decode(&aff_bytes).0.into_owned(),
        dic: encoding.decode(&dic_bytes).0.into_owned(),
    })
}

/// Reads and compiles a dictionary. Takes tens of milliseconds for a large one (more in a
/// debug build): call it off the interface thread ([`Dictionaries::speller_for`] keeps
/// what it compiled).
pub fn load(dictionary: &InstalledDictionary) -> Result<Speller, DictionaryError> {
    let text = read(dictionary)?;
    Speller::new(dictionary.id.clone(), &text.aff, &text.dic).map_err(|error| {
        DictionaryError::Compile {
            location: dictionary.location(),
            error,
        }
    })
}

/// The dictionaries a search finds, and those compiled so far, so that a language asked
/// for again (the next post, the next file on the command line) is not compiled again.
/// `Send`: the window hands it to the loading thread and gets it back with the result.
#[derive(Debug)]
pub struct Dictionaries {
    search: DictionarySearch,
    /// Listed on first use, so that making this costs no I/O.
    installed: Option<Vec<InstalledDictionary>>,
    compiled: HashMap<String, Arc<Speller>>,
}

/// A dictionary ready to check with.
#[derive(Clone, Debug)]
pub struct ReadySpelling {
    /// The compiled dictionary, to share with the worker thread.
    pub speller: Arc<Speller>,
    /// Which dictionary it is and where it came from.
    pub dictionary: InstalledDictionary,
    /// The language asked for.
    pub requested: Requested,
    /// Whether the dictionary is of that language's region (see [`Choice::Use`]).
    pub exact: bool,
}

/// How asking for a language's dictionary ended.
#[derive(Debug)]
pub enum SpellingLoad {
    /// Ready to check.
    Ready(ReadySpelling),
    /// No dictionary of the language asked for is installed: say so once, check nothing.
    NoDictionary {
        /// The language asked for.
        requested: Requested,
    },
    /// The chosen dictionary could not be read or compiled.
    Failed(DictionaryError),
}

impl SpellingLoad {
    /// What to tell the author, if anything: a dictionary of another region standing in,
    /// the missing dictionary, or the failure.
    pub fn notice(&self) -> Option<String> {
        match self {
            SpellingLoad::Ready(ready) if !ready.exact => Some(format!(
                "No {} dictionary is installed; spelling is checked with {}.",
                ready.requested.written, ready.dictionary.id.name
            )),
            SpellingLoad::Ready(_) => None,
            SpellingLoad::NoDictionary { requested } => {
                let folder = user_dictionary_folder()
                    .map(|folder| format!(", or put its .aff and .dic files into {folder:?}"))
                    .unwrap_or_default();
                Some(format!(
                    "No dictionary for {:?} is installed, so spelling is not checked; install \
                     a Hunspell dictionary for it with the system's packages{folder}.",
                    requested.written
                ))
            }
            SpellingLoad::Failed(error) => Some(format!("Spelling is not checked: {error}.")),
        }
    }
}

impl Dictionaries {
    /// The dictionaries `search` will find; nothing is read until they are asked for.
    pub fn new(search: DictionarySearch) -> Self {
        Self {
            search,
            installed: None,
            compiled: HashMap::new(),
        }
    }

    /// Every dictionary found, most preferred first (listed on the first call).
    pub fn installed(&mut self) -> &[InstalledDictionary] {
        self.installed
            .get_or_insert_with(|| installed(&self.search))
    }

    /// Lists the folders again on the next call (a dictionary was installed); compiled
    /// dictionaries are kept.
    pub fn refresh(&mut self) {
        self.installed = None;
    }

    /// The dictionary for `request`, compiled on first use. Takes tens of milliseconds the
    /// first time for a large dictionary (more in a debug build): call it off the interface
    /// thread, as [`crate::spelling::SpellingLoader`] does.
    pub fn speller_for(&mut self, request: &LanguageRequest) -> SpellingLoad {
        let installed = self.installed();
        let ids: Vec<DictionaryId> = installed
            .iter()
            .map(|dictionary| dictionary.id.clone())
            .collect();
        let (index, requested, exact) = match spelling::choose(&ids, request) {
            Choice::NoDictionary { requested } => return SpellingLoad::NoDictionary { requested },
            Choice::Use {
                index,
                requested,
                exact,
            } => (index, requested, exact),
        };
        let dictionary = installed[index].clone();
        let speller = match self.compiled.get(&dictionary.id.name) {
            Some(speller) => Arc::clone(speller),
            None => match load(&dictionary) {
                Ok(speller) => {
                    let speller = Arc::new(speller);
                    self.compiled
                        .insert(dictionary.id.name.clone(), Arc::clone(&speller));
                    speller
                }
                Err(error) => return SpellingLoad::Failed(error),
            },
        };
        SpellingLoad::Ready(ReadySpelling {
            speller,
            dictionary,
            requested,
            exact,
        })
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, DictionaryError> {
    let metadata =
        fs::metadata(path).map_err(|error| DictionaryError::Read(io_error(path, "read")(error)))?;
    if metadata.len() > MAX_DICTIONARY_BYTES {
        return Err(DictionaryError::Read(StorageError::Io {
            path: path.to_owned(),
            action: "read",
            source: io::Error::other(format!(
                "it is larger than the {} MB a dictionary may be; install another",
                MAX_DICTIONARY_BYTES / (1024 * 1024)
            )),
        }));
    }
    fs::read(path).map_err(|error| DictionaryError::Read(io_error(path, "read")(error)))
}

/// The encoding an affix file names in its `SET` line, if it has one. The line is ASCII
/// in every encoding a dictionary uses, so it is found in the raw bytes.
fn declared_encoding(aff: &[u8]) -> Option<String> {
    aff.split(|&byte| byte == b'\n').find_map(|line| {
        let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        let rest = line.strip_prefix(b"SET")?;
        if !rest.first().is_some_and(u8::is_ascii_whitespace) {
            return None;
        }
        let label = std::str::from_utf8(rest).ok()?.split_whitespace().next()?;
        Some(label.to_owned())
    })
}

/// The decoder for a Hunspell encoding name. Hunspell writes a few names the WHATWG
/// encoding labels do not have; `ISO8859-1` is decoded as windows-1252, which agrees with
/// it on every printable character.
fn encoding_for(label: &str) -> Option<&'static Encoding> {
    let label = label.to_ascii_lowercase();
    let label = match label.as_str() {
        "microsoft-cp1251" => "windows-1251",
        "tis620-2533" | "tis620" => "tis-620",
        "iso8859-15" => "iso-8859-15",
        other => other,
    };
    Encoding::for_label(label.as_bytes())
}

/// The system's locale for messages, as the environment gives it (`LC_ALL`, then
/// `LC_MESSAGES`, then `LANG`; the first one set and not empty), such as `en_GB.UTF-8`.
/// `None` when none is set (as on most Windows and macOS desktops).
pub fn system_locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|name| {
        std::env::var(name)
            .ok()
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_lines_name_the_encoding() {
        assert_eq!(
            declared_encoding(b"# c\nSET ISO8859-1\nTRY abc\n").as_deref(),
            Some("ISO8859-1")
        );
        assert_eq!(
            declared_encoding(b"\xef\xbb\xbfSET UTF-8\r\n").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(declared_encoding(b"SETTLE x\nTRY a\n"), None);
        assert_eq!(declared_encoding(b"TRY a\n"), None);
    }

    #[test]
    fn hunspell_encodings_are_known() {
        for (label, name) in [
            ("UTF-8", "UTF-8"),
            ("ISO8859-1", "windows-1252"),
            ("ISO8859-2", "ISO-8859-2"),
            ("ISO8859-15", "ISO-8859-15"),
            ("KOI8-R", "KOI8-R"),
            ("KOI8-U", "KOI8-U"),
            ("microsoft-cp1251", "windows-1251"),
            ("TIS620-2533", "windows-874"),
        ] {
            assert_eq!(
                encoding_for(label).map(Encoding::name),
                Some(name),
                "{label}"
            );
        }
        assert_eq!(encoding_for("ISCII-DEVANAGARI"), None);
    }

    #[test]
    fn the_bundled_dictionary_compiles() {
        let speller = load(&InstalledDictionary::bundled()).expect("the built-in dictionary");
        assert_eq!(speller.id().name, "en_US");
        assert!(speller.is_correct("website"));
        assert!(!speller.is_correct("wbesite"));
    }
}
