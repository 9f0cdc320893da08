//! A compiled Hunspell dictionary ([`Speller`], checked with `spellbook`) and the words the
//! author accepts beyond it ([`AcceptedWords`]: the personal list and the words ignored
//! for the session).

use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

use super::language::DictionaryId;

/// How many suggestions the window's menu and the command line offer at most.
pub const MAX_SUGGESTIONS: usize = 5;

/// A dictionary ready to check words: immutable, and shared between threads (`Send` and
/// `Sync`; the window keeps it in an `Arc`).
pub struct Speller {
    dictionary: spellbook::Dictionary,
    id: DictionaryId,
    /// Tells this dictionary's results from another's in a [`super::SpellCache`].
    fingerprint: u64,
}

impl fmt::Debug for Speller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Speller")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Why a dictionary's text could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpellerError {
    /// The dictionary's name (`en_GB`).
    pub name: String,
    /// What the parser said, with the file (`.aff` or `.dic`) and line.
    pub reason: String,
}

impl fmt::Display for SpellerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {:?} dictionary cannot be read ({}); reinstall it, or choose another spelling language",
            self.name, self.reason
        )
    }
}

impl std::error::Error for SpellerError {}

impl Speller {
    /// Compiles the dictionary `id` from the text of its `.aff` and `.dic` files, already
    /// decoded to UTF-8 (a byte-order mark at the start is passed over).
    pub fn new(id: DictionaryId, aff: &str, dic: &str) -> Result<Self, SpellerError> {
        let (aff, dic) = (
            aff.trim_start_matches('\u{feff}'),
            dic.trim_start_matches('\u{feff}'),
        );
        // A malformed dictionary may trip the checker up rather than be refused by it; that
        // is a dictionary that cannot be read, not a reason to stop.
        let compiled = std::panic::catch_unwind(|| spellbook::Dictionary::new(aff, dic));
        let failed = |reason: String| SpellerError {
            name: id.name.clone(),
            reason,
        };
        let dictionary = match compiled {
            Ok(Ok(dictionary)) => dictionary,
            Ok(Err(error)) => return Err(failed(error.to_string())),
            Err(_) => return Err(failed("the checker cannot make sense of it".to_owned())),
        };
        let mut hasher = crate::preview::content_hasher();
        (&id.name, aff, dic).hash(&mut hasher);
        Ok(Self {
            dictionary,
            id,
            fingerprint: hasher.finish(),
        })
    }

    /// Which dictionary this is.
    pub fn id(&self) -> &DictionaryId {
        &self.id
    }

    pub(super) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Whether the dictionary knows `word`, in any of the forms Hunspell accepts (a
    /// sentence's capital, all capitals, hyphenated parts by its `BREAK` rules). A
    /// typographic apostrophe (’) is read as `'` when the dictionary does not convert it
    /// itself.
    pub fn is_correct(&self, word: &str) -> bool {
        self.dictionary.check(word)
            || (word.contains('’') && self.dictionary.check(&word.replace('’', "'")))
    }

    /// Up to `limit` corrections for `word`, best first. Slow (tens of milliseconds for
    /// a long word): ask for one word when the author asks, never for every word up front.
    /// A word written with ’ gets suggestions written with ’.
    pub fn suggest(&self, word: &str, limit: usize) -> Vec<String> {
        let typographic = word.contains('’');
        let asked = if typographic {
            word.replace('’', "'")
        } else {
            word.to_owned()
        };
        let mut found = Vec::new();
        self.dictionary.suggest(&asked, &mut found);
        let mut suggestions: Vec<String> = Vec::with_capacity(limit.min(found.len()));
        for suggestion in found {
            let suggestion = if typographic {
                suggestion.replace('\'', "’")
            } else {
                suggestion
            };
            if suggestions.len() == limit {
                break;
            }
            if !suggestions.contains(&suggestion) {
                suggestions.push(suggestion);
            }
        }
        suggestions
    }
}

/// Words the author accepts that the dictionary does not know: the personal word list and
/// the words ignored for the session. Like Hunspell's personal dictionaries, a word in
/// lower case is also accepted with a capital and in capitals ("postwright" accepts
/// "Postwright" and "POSTWRIGHT"), a word with a capital in capitals too, and `'` and
/// `’` are the same. A possessive `'s` after an accepted word is accepted too
/// ("Postwright's").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptedWords {
    /// Each word as written, apostrophes made `'`.
    words: HashSet<String>,
    /// Each word in capitals.
    capitals: HashSet<String>,
}

impl AcceptedWords {
    /// Accepts `words` (blank entries are passed over).
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        let mut accepted = Self::default();
        for word in words {
            accepted.insert(word.as_ref());
        }
        accepted
    }

    /// Accepts one more word.
    pub fn insert(&mut self, word: &str) {
        let word = word.trim();
        if word.is_empty() {
            return;
        }
        let word = word.replace('’', "'");
        self.capitals.insert(word.to_uppercase());
        self.words.insert(word);
    }

    /// How many words are accepted.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is accepted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `word` is accepted.
    pub fn accepts(&self, word: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let word = word.replace('’', "'");
        if let Some(owner) = word.strip_suffix("'s").or_else(|| word.strip_suffix("'S"))
            && self.accepts_as_written(owner)
        {
            return true;
        }
        self.accepts_as_written(&word)
    }

    /// [`AcceptedWords::accepts`] for a word with straight apostrophes, without the
    /// possessive.
    fn accepts_as_written(&self, word: &str) -> bool {
        if self.words.contains(word) {
            return true;
        }
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let rest = chars.as_str();
        // "Word" for "word", "WORD" for "word" or "Word".
        let lowered_first: String = first.to_lowercase().chain(rest.chars()).collect();
        (first.is_uppercase() && self.words.contains(&lowered_first))
            || (word.chars().all(|c| !c.is_lowercase()) && self.capitals.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_words_follow_hunspell_casing() {
        let accepted = AcceptedWords::new(["postwright", "McWord", "it’s", "  "]);
        assert_eq!(accepted.len(), 3);
        for yes in [
            "postwright",
            "Postwright",
            "POSTWRIGHT",
            "McWord",
            "MCWORD",
            "it's",
            "It’s",
        ] {
            assert!(accepted.accepts(yes), "{yes}");
        }
        for no in [
            "pOSTWRIGHT",
            "mcword",
            "Mcword",
            "other",
            "",
            "'s",
            "postwrights",
        ] {
            assert!(!accepted.accepts(no), "{no}");
        }
    }

    #[test]
    fn spellers_are_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Speller>();
        shared::<AcceptedWords>();
    }
}
