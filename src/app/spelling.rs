//! Spelling in the window: the dictionary for the open post loaded off the interface thread
//! (the window never waits for it), the check riding along each analysis, the words the
//! author accepts (the personal word list beside the settings file, and the words ignored
//! for the session), suggestions looked for on a thread of their own, and what the menus
//! and keys do with them.
//!
//! Checking off costs nothing per frame: no dictionary is loaded, no prose gathered.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use super::PostwrightApp;
use super::marks;
use crate::ui::editor::MarkLayer;
use postwright_core::edit::Edit;
use postwright_core::metadata::Metadata;
use postwright_core::spelling::{
    self, AcceptedWords, LanguageRequest, MAX_SUGGESTIONS, Misspelling, Prose, SpellCache, Speller,
    WordRules,
};
use postwright_io::dictionaries::{
    self, Dictionaries, DictionarySearch, ReadySpelling, SpellingLoad,
};
use postwright_io::spelling::{
    SpellingLoader, SpellingSetup, add_personal_word, personal_words_file,
};

/// A spelling check to make with an analysis.
#[derive(Clone, Debug)]
pub struct SpellingJob {
    /// The dictionary.
    pub speller: Arc<Speller>,
    /// Its name (`en_GB`), for the marks' notes.
    pub dictionary: String,
    /// The words the author accepts.
    pub accepted: Arc<AcceptedWords>,
}

/// A plain field's text as it was checked, and its misspelt words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldCheck {
    /// The text checked.
    pub text: String,
    /// Its misspelt words, with ranges in `text`.
    pub misspelt: Vec<Misspelling>,
}

/// What one spelling check found.
#[derive(Clone, Debug, Default)]
pub struct CheckedSpelling {
    /// The dictionary's name.
    pub dictionary: String,
    /// The body's misspelt words, those the author accepts left out.
    pub body: Vec<Misspelling>,
    /// The title's.
    pub title: FieldCheck,
    /// The summary's.
    pub summary: FieldCheck,
}

impl SpellingJob {
    /// Checks the body's `prose` (gathered by the same pass as the analysis) with `cache`,
    /// so that only the blocks changed since the last check are looked up, and the title
    /// and summary of `metadata`.
    pub fn check(
        &self,
        cache: &mut SpellCache,
        body: &str,
        prose: &Prose,
        metadata: &Metadata,
    ) -> CheckedSpelling {
        let rules = WordRules::default();
        let field = |text: &str| FieldCheck {
            text: text.to_owned(),
            misspelt: spelling::check_text(&self.speller, &self.accepted, text, rules),
        };
        CheckedSpelling {
            dictionary: self.dictionary.clone(),
            body: cache
                .check(&self.speller, body, prose)
                .without_accepted(&self.accepted)
                .misspellings,
            title: field(&metadata.title),
            summary: field(&metadata.summary),
        }
    }
}

/// The language a dictionary is asked for with: the post's `lang` and the setting.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LanguageKey {
    post: String,
    setting: Option<String>,
}

/// A search for suggestions running on its own thread.
struct Search {
    word: String,
    answer: Receiver<Vec<String>>,
}

/// Spelling's state between frames.
#[derive(Default)]
pub(super) struct Spelling {
    /// The dictionaries found, with those compiled, while no load holds them.
    dictionaries: Option<Dictionaries>,
    /// A load running, and what it was asked for.
    loading: Option<(SpellingLoader, LanguageKey)>,
    /// What the dictionary in use (or the lack of one) was loaded for.
    loaded_for: Option<LanguageKey>,
    /// The dictionary in use, if there is one for the post's language.
    ready: Option<ReadySpelling>,
    /// The personal word list as last read, with the words accepted this session.
    accepted: Arc<AcceptedWords>,
    /// The words ignored this session (and those added while there is no settings folder).
    session_words: Vec<String>,
    /// Notices already given, each said once a session.
    said: HashSet<String>,
    /// The installed dictionaries' names, as the first load listed them.
    installed: Vec<String>,
    /// Counts every change to how the post is checked: the dictionary, the words accepted,
    /// checking turned on or off.
    generation: u64,
    /// Suggestions found this session, by word, for the dictionary in use.
    suggestions: HashMap<String, Vec<String>>,
    /// A search running.
    search: Option<Search>,
    /// The title's and the summary's misspelt words, as of the last check.
    pub(super) fields: Option<(FieldCheck, FieldCheck)>,
}

impl Spelling {
    /// Counts the changes to how the post is checked.
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// The installed dictionaries' names, once a load has listed them.
    pub(super) fn installed(&self) -> &[String] {
        &self.installed
    }

    /// The name of the dictionary in use, if any.
    pub(super) fn dictionary(&self) -> Option<&str> {
        self.ready
            .as_ref()
            .map(|ready| ready.dictionary.id.name.as_str())
    }

    /// The check to make with the next analysis, if checking is on and a dictionary ready.
    pub(super) fn job(&self, checking: bool) -> Option<SpellingJob> {
        let ready = self.ready.as_ref().filter(|_| checking)?;
        Some(SpellingJob {
            speller: Arc::clone(&ready.speller),
            dictionary: ready.dictionary.id.name.clone(),
            accepted: Arc::clone(&self.accepted),
        })
    }

    /// Suggestions for `word`: `None` while they are being looked for.
    pub(super) fn suggestions_for(&self, word: &str) -> Option<&[String]> {
        self.suggestions.get(word).map(Vec::as_slice)
    }

    /// Whether a dictionary is being loaded, or one is still to be loaded for a post in
    /// language `post` (its `lang`) with `setting` as the spelling language setting.
    pub(super) fn loading(&self, post: &str, setting: Option<&str>) -> bool {
        self.loading.is_some() || !self.loaded_for(post, setting)
    }

    /// Whether the dictionary in use (or the lack of one) was loaded for `post` and
    /// `setting`.
    fn loaded_for(&self, post: &str, setting: Option<&str>) -> bool {
        self.loaded_for
            .as_ref()
            .is_some_and(|loaded| loaded.post == post && loaded.setting.as_deref() == setting)
    }
}

impl PostwrightApp {
    /// Where the personal word list is kept: beside the settings file; `None` when the
    /// settings are kept in memory only (the words are then accepted for the session).
    fn personal_words_path(&self) -> Option<PathBuf> {
        self.settings_file.folder().map(personal_words_file)
    }

    /// Loads the dictionary the open post needs when it is not the one in use (its `lang`
    /// or the setting changed, or checking was turned on), takes a finished load, and picks
    /// up suggestions found. Does nothing while checking is off.
    pub(super) fn keep_spelling_current(&mut self, ctx: &egui::Context) {
        self.poll_suggestions();
        if !self.settings.check_spelling {
            return;
        }
        self.poll_spelling_load();
        if self.spelling.loading.is_some() {
            return;
        }
        if self.spelling.loaded_for(
            &self.doc.post().metadata().language,
            self.settings.spelling_language.as_deref(),
        ) {
            return;
        }
        let key = LanguageKey {
            post: self.doc.post().metadata().language.clone(),
            setting: self.settings.spelling_language.clone(),
        };
        let setup = SpellingSetup {
            dictionaries: self
                .spelling
                .dictionaries
                .take()
                .unwrap_or_else(|| Dictionaries::new(DictionarySearch::system())),
            request: LanguageRequest {
                post: Some(key.post.clone()),
                setting: key.setting.clone(),
                locale: dictionaries::system_locale(),
            },
            personal_words: self.personal_words_path(),
        };
        let repaint = ctx.clone();
        match SpellingLoader::start(setup, move || repaint.request_repaint()) {
            Ok(loader) => self.spelling.loading = Some((loader, key)),
            Err(error) => {
                // Not tried again for this language: say so once.
                self.spelling.loaded_for = Some(key);
                self.say_once(format!(
                    "Spelling is not checked: the dictionary could not be loaded ({error})."
                ));
            }
        }
    }

    /// Takes a finished dictionary load: the dictionary (or the notice that there is none),
    /// the personal word list, the list of installed dictionaries.
    fn poll_spelling_load(&mut self) {
        let Some(loaded) = self
            .spelling
            .loading
            .as_ref()
            .and_then(|(loader, _)| loader.poll())
        else {
            return;
        };
        let Some((_, key)) = self.spelling.loading.take() else {
            return;
        };
        let mut dictionaries = loaded.dictionaries;
        self.spelling.installed = dictionaries
            .installed()
            .iter()
            .map(|dictionary| dictionary.id.name.clone())
            .collect();
        self.spelling.dictionaries = Some(dictionaries);
        let still_wanted = key.post == self.doc.post().metadata().language
            && key.setting == self.settings.spelling_language;
        if !still_wanted {
            // The post or the setting changed meanwhile: load again for what is wanted now.
            return;
        }
        for warning in loaded.warnings {
            self.notify_warning(warning);
        }
        if let Some(notice) = loaded.load.notice() {
            self.say_once(notice);
        }
        let mut accepted = loaded.accepted;
        for word in &self.spelling.session_words {
            accepted.insert(word);
        }
        self.spelling.accepted = Arc::new(accepted);
        self.spelling.ready = match loaded.load {
            SpellingLoad::Ready(ready) => Some(ready),
            SpellingLoad::NoDictionary { .. } | SpellingLoad::Failed(_) => None,
        };
        self.spelling.suggestions.clear();
        self.spelling.search = None;
        self.spelling.loaded_for = Some(key);
        self.spelling.generation += 1;
    }

    /// Shows `notice` unless it was shown before this session.
    fn say_once(&mut self, notice: String) {
        if self.spelling.said.insert(notice.clone()) {
            self.notify_warning(notice);
        }
    }

    /// Checking turned on or off (View → Check spelling).
    pub(super) fn set_check_spelling(&mut self, on: bool) {
        self.settings.check_spelling = on;
        self.spelling.generation += 1;
        if !on {
            self.derived.marks.spelling = MarkLayer::default();
            self.spelling.fields = None;
        }
        self.body_changed();
    }

    /// The spelling language of posts that name none (View → Spelling language); `None`
    /// follows the system's.
    pub(super) fn set_spelling_language(&mut self, language: Option<String>) {
        self.settings.spelling_language = language;
    }

    /// Accepts `word` for the rest of the session (Ignore).
    pub(super) fn ignore_word(&mut self, word: &str) {
        self.spelling.session_words.push(word.to_owned());
        self.accept_word(word);
    }

    /// Adds `word` to the personal word list (beside the settings file) and accepts it.
    pub(super) fn add_word_to_dictionary(&mut self, word: &str) {
        match self.personal_words_path() {
            Some(path) => {
                if let Err(error) = add_personal_word(&path, word) {
                    self.notify_error(format!(
                        "“{word}” was not added to the personal word list: {error}."
                    ));
                    return;
                }
            }
            None => self.spelling.session_words.push(word.to_owned()),
        }
        self.accept_word(word);
    }

    /// Accepts `word`: its underlines go at once, and the post is checked again with it.
    fn accept_word(&mut self, word: &str) {
        let mut accepted = AcceptedWords::clone(&self.spelling.accepted);
        accepted.insert(word);
        self.derived.marks.spelling = without_accepted(
            &self.derived.marks.spelling,
            self.doc.post().body(),
            &accepted,
        );
        if let Some((title, summary)) = &mut self.spelling.fields {
            for field in [title, summary] {
                field.misspelt.retain(|miss| !accepted.accepts(&miss.word));
            }
        }
        self.spelling.accepted = Arc::new(accepted);
        self.spelling.generation += 1;
        self.body_changed();
    }

    /// Replaces the misspelt word at `range` with `suggestion`, as one undo step.
    pub(super) fn replace_word(&mut self, range: Range<usize>, suggestion: &str, time: f64) {
        let body = self.doc.post().body();
        if body.get(range.clone()).is_none() {
            return;
        }
        let edit = Edit::replace(body, range, suggestion.to_owned());
        self.apply_edit(edit, time);
    }

    /// Looks for suggestions for the misspelt word the right-click menu is open on, on a
    /// thread of its own (a long word takes tens of milliseconds), unless they are known.
    pub(super) fn find_suggestions_for_menu(&mut self, ctx: &egui::Context) {
        let Some(offset) = self.panels.editor.context_menu_offset() else {
            return;
        };
        let Some(range) = marks::mark_at(&self.derived.marks.spelling, offset)
            .map(|index| self.derived.marks.spelling.marks()[index].range.clone())
        else {
            return;
        };
        let Some(word) = self.doc.post().body().get(range) else {
            return;
        };
        if self.spelling.suggestions.contains_key(word)
            || self
                .spelling
                .search
                .as_ref()
                .is_some_and(|search| search.word == word)
        {
            return;
        }
        let Some(ready) = &self.spelling.ready else {
            return;
        };
        let speller = Arc::clone(&ready.speller);
        let (sender, answer) = mpsc::channel();
        let asked = word.to_owned();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("suggestions".to_owned())
            .spawn(move || {
                let _ = sender.send(speller.suggest(&asked, MAX_SUGGESTIONS));
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.spelling.search = Some(Search {
                    word: word.to_owned(),
                    answer,
                })
            }
            Err(error) => {
                super::jobs::log_thread_error(&error);
                self.spelling
                    .suggestions
                    .insert(word.to_owned(), Vec::new());
            }
        }
    }

    fn poll_suggestions(&mut self) {
        let Some(search) = &self.spelling.search else {
            return;
        };
        let found = match search.answer.try_recv() {
            Ok(found) => found,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Vec::new(),
        };
        if let Some(search) = self.spelling.search.take() {
            self.spelling.suggestions.insert(search.word, found);
        }
    }

    /// Selects the next misspelt word after the selection's start (F7), from the top again
    /// after the last.
    pub(super) fn go_to_next_misspelling(&mut self) {
        let selection = self.panels.editor.selection();
        if let Some(range) = marks::next_mark(&self.derived.marks.spelling, selection, true) {
            self.reveal(range);
        }
    }

    /// Takes a finished analysis's spelling check: the marks came with it; the title's and
    /// summary's words are kept for Post details. A check made before the words accepted
    /// last has those words' marks taken out.
    pub(super) fn spelling_arrived(&mut self, checked: Option<CheckedSpelling>, checks: u64) {
        if checks != self.spelling.generation {
            if !self.settings.check_spelling {
                self.derived.marks.spelling = MarkLayer::default();
                self.spelling.fields = None;
                return;
            }
            self.derived.marks.spelling = without_accepted(
                &self.derived.marks.spelling,
                self.doc.post().body(),
                &self.spelling.accepted,
            );
        }
        self.spelling.fields = checked.map(|checked| (checked.title, checked.summary));
    }
}

/// `layer` without the marks of words `accepted` accepts, read from `body` (which the
/// marks describe).
fn without_accepted(layer: &MarkLayer, body: &str, accepted: &AcceptedWords) -> MarkLayer {
    let kept = layer
        .marks()
        .iter()
        .filter(|mark| {
            body.get(mark.range.clone())
                .is_none_or(|written| !accepted.accepts(written))
        })
        .cloned()
        .collect();
    MarkLayer::new(kept, layer.on_scroll_bar())
}
