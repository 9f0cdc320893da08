//! Spam vocabulary: the words and phrases injected links use, read from
//! `assets/audit/spam-vocabulary.txt`, and how to find them on word boundaries in link
//! text, paths and host names whose words run together.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Where in a link a spam word was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The host name.
    Host,
    /// The path of the address.
    Path,
    /// The text readers see.
    Text,
}

impl Place {
    /// Words for messages: "the address's host".
    pub fn describe(self) -> &'static str {
        match self {
            Place::Host => "the site's name",
            Place::Path => "the address",
            Place::Text => "the link text",
        }
    }
}

/// A vocabulary entry found in a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpamMatch {
    /// The entry as listed ("payday loan").
    pub phrase: String,
    /// Its category ("payday loan spam").
    pub category: String,
    /// Where it was found.
    pub place: Place,
}

#[derive(Debug)]
struct Entry {
    words: Vec<String>,
    category: usize,
}

/// A spam vocabulary: entries by their first word, and the words host names may be made
/// of.
#[derive(Debug, Default)]
pub struct Vocabulary {
    categories: Vec<String>,
    by_first_word: HashMap<String, Vec<Entry>>,
    /// Every word of every entry plus the host filler words, with their plurals.
    host_dictionary: HashSet<String>,
    longest_word: usize,
}

const MAX_SPLIT_LABEL: usize = 63;

impl Vocabulary {
    /// The vocabulary shipped with Postwright (`assets/audit/`).
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabulary::parse(
                include_str!("../../../../assets/audit/spam-vocabulary.txt"),
                include_str!("../../../../assets/audit/host-words.txt"),
            )
        })
    }

    /// Reads a vocabulary file (entries one a line, `[category]` sections, `#` comments)
    /// and a file of host filler words (one a line).
    pub fn parse(vocabulary: &str, host_words: &str) -> Vocabulary {
        let mut result = Vocabulary::default();
        let mut category = None;
        for line in vocabulary.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                result.categories.push(name.trim().to_owned());
                category = Some(result.categories.len() - 1);
                continue;
            }
            let category = match category {
                Some(index) => index,
                None => {
                    result.categories.push("spam".to_owned());
                    let index = result.categories.len() - 1;
                    category = Some(index);
                    index
                }
            };
            let words = words(line);
            let Some(first) = words.first().cloned() else {
                continue;
            };
            for word in &words {
                result.add_host_word(word);
            }
            result
                .by_first_word
                .entry(first)
                .or_default()
                .push(Entry { words, category });
        }
        for word in host_words
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
        {
            result.add_host_word(&word.to_lowercase());
        }
        result
    }

    fn add_host_word(&mut self, word: &str) {
        for form in [word.to_owned(), format!("{word}s"), format!("{word}es")] {
            self.longest_word = self.longest_word.max(form.len());
            self.host_dictionary.insert(form);
        }
    }

    /// The first entry found in a sequence of lower-case words.
    fn find_in_words(&self, words: &[&str]) -> Option<&Entry> {
        for start in 0..words.len() {
            for stem in stems(words[start]) {
                let Some(entries) = self.by_first_word.get(stem) else {
                    continue;
                };
                for entry in entries {
                    let rest = &entry.words[1..];
                    let following = &words[start + 1..];
                    if following.len() >= rest.len()
                        && rest
                            .iter()
                            .zip(following)
                            .all(|(wanted, word)| stems(word).any(|stem| stem == wanted))
                    {
                        return Some(entry);
                    }
                }
            }
        }
        None
    }

    fn matched(&self, entry: &Entry, place: Place) -> SpamMatch {
        SpamMatch {
            phrase: entry.words.join(" "),
            category: self
                .categories
                .get(entry.category)
                .cloned()
                .unwrap_or_else(|| "spam".to_owned()),
            place,
        }
    }

    /// Spam vocabulary in text readers see, on word boundaries.
    pub fn find_in_text(&self, text: &str) -> Option<SpamMatch> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = word_slices(&lower).collect();
        self.find_in_words(&words)
            .map(|entry| self.matched(entry, Place::Text))
    }

    /// Spam vocabulary in a host name or a path: words separated by dots, hyphens,
    /// slashes and the like, and pieces whose words run together ("cheapviagraonline").
    pub fn find_in_address_part(&self, part: &str, place: Place) -> Option<SpamMatch> {
        let lower = part.to_lowercase();
        let mut split: Vec<&str> = Vec::new();
        for piece in word_slices(&lower) {
            match self.split_run_together(piece) {
                Some(words) if words.len() > 1 => split.extend(words),
                _ => split.push(piece),
            }
        }
        self.find_in_words(&split)
            .map(|entry| self.matched(entry, place))
    }

    /// Splits a run of letters into known words, preferring long words, if it can be
    /// split entirely ("paydayloansonline" into "payday", "loans", "online").
    fn split_run_together<'r>(&self, run: &'r str) -> Option<Vec<&'r str>> {
        if run.len() < 6 || run.len() > MAX_SPLIT_LABEL || !run.is_ascii() {
            return None;
        }
        let bytes = run.as_bytes();
        // start[end] = where the chosen last word of run[..end] begins.
        let mut start: Vec<Option<usize>> = vec![None; bytes.len() + 1];
        let mut reachable = vec![false; bytes.len() + 1];
        reachable[0] = true;
        for from in 0..bytes.len() {
            if !reachable[from] {
                continue;
            }
            if bytes[from].is_ascii_digit() {
                let to = from
                    + bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                if start[to].is_none_or(|s| s > from) {
                    start[to] = Some(from);
                }
                reachable[to] = true;
                continue;
            }
            let longest = self.longest_word.min(bytes.len() - from);
            for to in from + 3..=from + longest {
                if self.host_dictionary.contains(&run[from..to]) {
                    if start[to].is_none_or(|s| s > from) {
                        start[to] = Some(from);
                    }
                    reachable[to] = true;
                }
            }
        }
        if !reachable[bytes.len()] {
            return None;
        }
        let mut words = Vec::new();
        let mut end = bytes.len();
        while end > 0 {
            let from = start[end]?;
            words.push(&run[from..end]);
            end = from;
        }
        words.reverse();
        Some(words)
    }
}

/// Lower-case words of a text: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    word_slices(&text.to_lowercase())
        .map(str::to_owned)
        .collect()
}

/// The runs of letters and digits in a text.
fn word_slices(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// A word and its singular forms ("loans" → "loans", "loan").
fn stems(word: &str) -> impl Iterator<Item = &str> {
    let without_s = word.strip_suffix('s');
    let without_es = word.strip_suffix("es");
    std::iter::once(word).chain(without_s).chain(without_es)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> &'static Vocabulary {
        Vocabulary::builtin()
    }

    #[test]
    fn words_match_on_boundaries_only() {
        let found = vocabulary()
            .find_in_text("Cheap CIALIS here")
            .expect("found");
        assert_eq!(found.phrase, "cialis");
        assert_eq!(found.category, "pharmacy spam");
        assert_eq!(vocabulary().find_in_text("ask a specialist"), None);
        assert_eq!(vocabulary().find_in_text("a Monte Carlo simulation"), None);
    }

    #[test]
    fn phrases_and_plurals() {
        let found = vocabulary()
            .find_in_text("Payday Loans with no credit check")
            .expect("found");
        assert_eq!(found.phrase, "payday loan");
        assert_eq!(vocabulary().find_in_text("a loan from the bank"), None);
        assert_eq!(
            vocabulary()
                .find_in_text("replica watches for sale")
                .map(|m| m.phrase),
            Some("replica watch".to_owned())
        );
    }

    #[test]
    fn run_together_host_names() {
        let found = vocabulary()
            .find_in_address_part("buycheapviagraonline.example", Place::Host)
            .expect("found");
        assert_eq!(found.phrase, "viagra");
        assert_eq!(found.place, Place::Host);
        let found = vocabulary()
            .find_in_address_part("paydayloansonline.example", Place::Host)
            .expect("found");
        assert_eq!(found.phrase, "payday loan");
        assert!(
            vocabulary()
                .find_in_address_part("slotgacor88.example", Place::Host)
                .is_some()
        );
        assert_eq!(
            vocabulary().find_in_address_part("specialistclinic.example", Place::Host),
            None
        );
        assert_eq!(
            vocabulary().find_in_address_part("bestbuy.com", Place::Host),
            None
        );
        assert_eq!(
            vocabulary().find_in_address_part("middlesex.ac.uk", Place::Host),
            None
        );
    }

    #[test]
    fn vocabulary_files_parse() {
        let vocabulary = Vocabulary::parse(
            "# comment\nloose entry\n[greetings]\nhello there # trailing comment\n",
            "big\n",
        );
        assert_eq!(
            vocabulary.find_in_text("Hello there!").map(|m| m.category),
            Some("greetings".to_owned())
        );
        assert_eq!(
            vocabulary.find_in_text("a loose entry").map(|m| m.category),
            Some("spam".to_owned())
        );
        assert!(
            vocabulary
                .find_in_address_part("bighellothere.example", Place::Host)
                .is_some()
        );
    }
}
