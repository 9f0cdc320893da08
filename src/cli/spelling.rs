//! `postwright check --spelling`: a `spelling` finding for each misspelt word of a post's
//! prose, title and summary, with the dictionary's suggestions, best first. The language is
//! `--lang`, else the post's `lang`, else the system locale; each dictionary is compiled
//! once for all the posts that use it, and the personal word list is read once.

use std::path::Path;

use postwright_core::audit::{Counts, LineIndex, Location, Severity};
use postwright_core::post::Post;
use postwright_core::spelling::{
    self, AcceptedWords, LanguageRequest, MAX_SUGGESTIONS, Misspelling, WordRules,
};
use postwright_io::dictionaries::{self, Dictionaries, DictionarySearch, SpellingLoad};
use postwright_io::files;
use postwright_io::spelling::{load_personal_words, personal_words_file};

use super::SpellingSeverity;

/// The rule id of spelling findings in the text and JSON output.
pub(super) const RULE: &str = "spelling";

/// Spelling for a run of `check`: the dictionaries and the personal word list.
pub(super) struct SpellingCheck {
    severity: Severity,
    forced_language: Option<String>,
    locale: Option<String>,
    dictionaries: Dictionaries,
    accepted: AcceptedWords,
}

/// What spelling found in one post.
#[derive(Default)]
pub(super) struct PostSpelling {
    /// The dictionary used (`en_GB`), if any.
    pub dictionary: Option<String>,
    /// The language asked for (`en-GB`).
    pub language: Option<String>,
    /// Why spelling was not checked, or was checked with another region's dictionary.
    pub notice: Option<String>,
    /// The misspelt words, body first, then title and summary.
    pub findings: Vec<SpellingFinding>,
}

/// One misspelt word.
pub(super) struct SpellingFinding {
    /// Info, or warning with `--spelling=warning`.
    pub severity: Severity,
    /// The word.
    pub word: String,
    /// Corrections, best first.
    pub suggestions: Vec<String>,
    /// Where it is: in the body, or the front matter's `title` or `summary`.
    pub location: Location,
}

impl SpellingFinding {
    /// The message for the author.
    pub fn message(&self, dictionary: &str) -> String {
        format!(
            "{:?} is not in the {dictionary} dictionary; correct it, or add it to the personal word list",
            self.word
        )
    }
}

impl SpellingCheck {
    /// Spelling at `severity`, in `forced_language` if given; the personal word list is
    /// read now (a problem with it goes to standard error and checking goes on without).
    pub(super) fn new(severity: SpellingSeverity, forced_language: Option<String>) -> Self {
        let mut accepted = AcceptedWords::default();
        if let Some(path) = files::config_dir().map(|folder| personal_words_file(&folder)) {
            match load_personal_words(&path) {
                Ok(words) => accepted = AcceptedWords::new(words),
                Err(error) => eprintln!("warning: the personal word list was not read: {error}"),
            }
        }
        Self {
            severity: match severity {
                SpellingSeverity::Info => Severity::Info,
                SpellingSeverity::Warning => Severity::Warning,
            },
            forced_language,
            locale: dictionaries::system_locale(),
            dictionaries: Dictionaries::new(DictionarySearch::system()),
            accepted,
        }
    }

    /// Checks one post's body, title and summary.
    pub(super) fn post(&mut self, post: &Post) -> PostSpelling {
        let metadata = post.metadata();
        let request = LanguageRequest {
            post: Some(
                self.forced_language
                    .clone()
                    .unwrap_or_else(|| metadata.language.clone()),
            ),
            setting: None,
            locale: self.locale.clone(),
        };
        let load = self.dictionaries.speller_for(&request);
        let mut found = PostSpelling {
            notice: load.notice(),
            ..PostSpelling::default()
        };
        let SpellingLoad::Ready(ready) = load else {
            return found;
        };
        found.dictionary = Some(ready.dictionary.id.name.clone());
        found.language = Some(ready.requested.written.clone());
        let speller = &ready.speller;
        let rules = WordRules::default();
        let finding = |misspelling: Misspelling, location: Location| SpellingFinding {
            severity: self.severity,
            suggestions: speller.suggest(&misspelling.word, MAX_SUGGESTIONS),
            word: misspelling.word,
            location,
        };
        let body = post.body();
        let lines = LineIndex::new(body);
        for misspelling in spelling::check_body(speller, &self.accepted, body, rules) {
            let location = lines.location(misspelling.range.clone());
            found.findings.push(finding(misspelling, location));
        }
        for (field, text) in [("title", &metadata.title), ("summary", &metadata.summary)] {
            for misspelling in spelling::check_text(speller, &self.accepted, text, rules) {
                let location = Location::FrontMatter {
                    field: field.to_owned(),
                };
                found.findings.push(finding(misspelling, location));
            }
        }
        found
    }
}

impl PostSpelling {
    /// Adds this post's findings to `counts`.
    pub(super) fn count_into(&self, counts: &mut Counts) {
        for finding in &self.findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
    }

    /// The worst severity found.
    pub(super) fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|finding| finding.severity).max()
    }

    /// The lines of the text output, in the audit's format, with the suggestions beneath.
    pub(super) fn print_text(&self, path: &Path, body_first_line: usize) {
        if let Some(notice) = &self.notice {
            println!("  spelling: {notice}");
        }
        let dictionary = self.dictionary.as_deref().unwrap_or_default();
        for finding in &self.findings {
            let place = super::check::place(path, &finding.location, body_first_line);
            println!(
                "  {place}: {}[{RULE}]: {}",
                finding.severity,
                finding.message(dictionary)
            );
            if !finding.suggestions.is_empty() {
                println!("      suggestions: {}", finding.suggestions.join(", "));
            }
        }
    }
}
