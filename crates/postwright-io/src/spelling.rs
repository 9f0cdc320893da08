//! The spelling checker's part of the world: loading the dictionary a post needs without
//! making the caller wait ([`SpellingLoader`]), and the author's personal word list.
//!
//! The personal word list is a plain text file in the configuration folder
//! (`personal-words.txt`), one word a line, that "Add to dictionary" appends to; it is
//! written atomically, like posts. Neither it nor anything else here ever writes a post.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use postwright_core::spelling::{AcceptedWords, LanguageRequest};

use crate::dictionaries::{self, Dictionaries, DictionarySearch, SpellingLoad};
use crate::files::{self, StorageError, io_error};

/// The personal word list inside the configuration folder `folder`.
pub fn personal_words_file(folder: &Path) -> PathBuf {
    folder.join("personal-words.txt")
}

/// The words of the personal word list at `path`, in file order: one a line, surrounding
/// white space and blank lines passed over. A missing file is an empty list.
pub fn load_personal_words(path: &Path) -> Result<Vec<String>, StorageError> {
    let text = match std::fs::read(path) {
        Ok(bytes) => {
            files::decode(&bytes).map_err(|error| StorageError::NotText(path.to_owned(), error))?
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(path, "read")(error)),
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Adds `word` to the personal word list at `path` (creating the file and its folder if
/// needed), unless it is there already; returns whether it was added. The file is rewritten
/// atomically with its other lines as they were.
pub fn add_personal_word(path: &Path, word: &str) -> Result<bool, StorageError> {
    let word = word.trim();
    if word.is_empty() || word.contains(['\n', '\r']) {
        return Ok(false);
    }
    if load_personal_words(path)?.iter().any(|known| known == word) {
        return Ok(false);
    }
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(io_error(path, "read")(error)),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(word);
    text.push('\n');
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(io_error(folder, "create"))?;
    }
    files::save(path, text.as_bytes())?;
    Ok(true)
}

/// What a spelling load needs: the dictionaries, which language, and the personal list.
#[derive(Debug)]
pub struct SpellingSetup {
    /// The dictionaries (and those already compiled, from an earlier load).
    pub dictionaries: Dictionaries,
    /// The post's language, the setting and the locale.
    pub request: LanguageRequest,
    /// The personal word list to read, if any.
    pub personal_words: Option<PathBuf>,
}

impl SpellingSetup {
    /// The usual setup for a post written in `post_language` (its `lang`, possibly empty):
    /// the system's dictionaries, the author's setting, the system locale and the personal
    /// list in the configuration folder. Reads nothing yet.
    pub fn for_post(post_language: &str, setting: Option<&str>) -> Self {
        Self {
            dictionaries: Dictionaries::new(DictionarySearch::system()),
            request: LanguageRequest {
                post: Some(post_language.to_owned()),
                setting: setting.map(str::to_owned),
                locale: dictionaries::system_locale(),
            },
            personal_words: files::config_dir().map(|folder| personal_words_file(&folder)),
        }
    }
}

/// What a spelling load gives back.
#[derive(Debug)]
pub struct SpellingLoaded {
    /// The dictionary, or why there is none.
    pub load: SpellingLoad,
    /// The personal word list (add the words ignored for the session to it).
    pub accepted: AcceptedWords,
    /// Problems that did not stop checking (an unreadable personal list), for a notice.
    pub warnings: Vec<String>,
    /// The dictionaries, with what they have compiled: hand them to the next load, and
    /// ask them what is installed for the language menu.
    pub dictionaries: Dictionaries,
}

/// Chooses and compiles the dictionary for the setup's request and reads the personal
/// word list: the whole load, on the calling thread (the command line's way; the window
/// uses [`SpellingLoader`]).
pub fn load_spelling(setup: SpellingSetup) -> SpellingLoaded {
    let SpellingSetup {
        mut dictionaries,
        request,
        personal_words,
    } = setup;
    let load = dictionaries.speller_for(&request);
    let mut warnings = Vec::new();
    let words = match &personal_words {
        None => Vec::new(),
        Some(path) => load_personal_words(path).unwrap_or_else(|error| {
            warnings.push(format!("The personal word list was not read: {error}."));
            Vec::new()
        }),
    };
    SpellingLoaded {
        load,
        accepted: AcceptedWords::new(words),
        warnings,
        dictionaries,
    }
}

/// A spelling load running on a thread of its own; the window polls it each frame until
/// it answers, and never waits for it.
#[derive(Debug)]
pub struct SpellingLoader {
    receiver: Receiver<SpellingLoaded>,
}

impl SpellingLoader {
    /// Starts loading; `ready` is called on the loading thread when the result is there
    /// (the window asks for a repaint).
    pub fn start(setup: SpellingSetup, ready: impl FnOnce() + Send + 'static) -> io::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("dictionary".to_owned())
            .spawn(move || {
                let loaded = load_spelling(setup);
                if sender.send(loaded).is_ok() {
                    ready();
                }
            })?;
        Ok(Self { receiver })
    }

    /// The result, once it is there (given once; `None` before and after).
    pub fn poll(&self) -> Option<SpellingLoaded> {
        self.receiver.try_recv().ok()
    }

    /// Waits for the result (tests and the command line). `None` if the loading thread
    /// died.
    pub fn wait(self) -> Option<SpellingLoaded> {
        self.receiver.recv().ok()
    }
}
