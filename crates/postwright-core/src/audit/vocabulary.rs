//! Spam vocabulary: the words and phrases injected links use, read from the
//! `assets/audit/spam-vocabulary*.txt` files, and how to find them in link text, paths,
//! queries and host names whose words run together. Text is unmasked first
//! ([`super::unmask`]): escapes decoded, invisible characters dropped, NFKC and lower case.
//! Words are matched on word boundaries; in scripts written without spaces (Chinese,
//! Japanese, Thai) a phrase is found anywhere inside the run of letters.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::unmask;

/// Where in a link a spam word was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The host name.
    Host,
    /// The path of the address.
    Path,
    /// The query of the address (`?q=…`).
    Query,
    /// The text readers see.
    Text,
}

impl Place {
    /// Words for messages: "the site's name".
    pub fn describe(self) -> &'static str {
        match self {
            Place::Host => "the site's name",
            Place::Path => "the address",
            Place::Query => "the address's query",
            Place::Text => "the link text",
        }
    }

    /// The same for the address a link leads to through a redirect: "the name of the site
    /// it leads to".
    pub fn describe_destination(self) -> String {
        match self {
            Place::Host => "the name of the site it leads to".to_owned(),
            Place::Path => "the address it leads to".to_owned(),
            Place::Query => "the query of the address it leads to".to_owned(),
            Place::Text => self.describe().to_owned(),
        }
    }
}

/// A vocabulary entry found in a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpamMatch {
    /// The entry as listed ("payday loan", "купить диплом*", "スーパーコピー").
    pub phrase: String,
    /// Its category ("payday loan spam").
    pub category: String,
    /// Where it was found.
    pub place: Place,
    /// Whether honest posts use it too (a town called Casino, a library's loans): marked
    /// `?` in the list. Alone, such a word is worth an info, not a warning.
    pub ambiguous: bool,
}

/// One word of an entry.
#[derive(Debug, PartialEq, Eq)]
enum Word {
    /// The word itself, or its plural in `s` or `es`.
    Whole(String),
    /// Any word that starts with this stem (written `диплом*`), for languages whose words
    /// change their endings.
    Stem(String),
}

impl Word {
    fn matches(&self, word: &str) -> bool {
        match self {
            Word::Whole(wanted) => stems(word).any(|stem| stem == wanted),
            Word::Stem(stem) => word.starts_with(stem.as_str()),
        }
    }
}

#[derive(Debug)]
struct Entry {
    /// The entry as written in the list, without its markers.
    phrase: String,
    words: Vec<Word>,
    category: usize,
    ambiguous: bool,
}

/// A spam vocabulary: entries by their first word, and the words host names may be made
/// of.
#[derive(Debug, Default)]
pub struct Vocabulary {
    categories: Vec<String>,
    entries: Vec<Entry>,
    /// Entries by their first word, when it is a whole word.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Entries whose first word is a stem, with the stem, by the stem's first letter.
    by_first_stem: HashMap<char, Vec<(String, usize)>>,
    /// Entries in scripts written without spaces: their letters run together, and the
    /// entry.
    unspaced: Vec<(String, usize)>,
    /// Every word of every entry plus the host filler words, with their plurals.
    host_dictionary: HashSet<String>,
    longest_word: usize,
}

const MAX_SPLIT_LABEL: usize = 63;

/// Stems shorter than this would match too many words.
const MIN_STEM_CHARS: usize = 4;

impl Vocabulary {
    /// The vocabulary shipped with Postwright (`assets/audit/`).
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabulary::parse(
                &[
                    include_str!("../../../../assets/audit/spam-vocabulary.txt"),
                    include_str!("../../../../assets/audit/spam-vocabulary-indonesian-malay.txt"),
                    include_str!("../../../../assets/audit/spam-vocabulary-russian.txt"),
                    include_str!("../../../../assets/audit/spam-vocabulary-japanese.txt"),
                    include_str!("../../../../assets/audit/spam-vocabulary-chinese.txt"),
                ],
                include_str!("../../../../assets/audit/host-words.txt"),
            )
        })
    }

    /// Reads vocabulary files (entries one a line, `[category]` sections, `?` before an
    /// ambiguous entry, `*` after a stem, `#` comments) and a file of host filler words
    /// (one a line).
    pub fn parse(vocabularies: &[&str], host_words: &str) -> Vocabulary {
        let mut result = Vocabulary::default();
        for vocabulary in vocabularies {
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
                let category = *category.get_or_insert_with(|| {
                    result.categories.push("spam".to_owned());
                    result.categories.len() - 1
                });
                result.add_entry(line, category);
            }
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

    fn add_entry(&mut self, line: &str, category: usize) {
        let (ambiguous, phrase) = match line.strip_prefix('?') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let index = self.entries.len();
        if phrase.chars().any(is_unspaced_script) {
            let letters = letters_only(&unmask::for_matching(phrase));
            if letters.chars().count() < 2 {
                return;
            }
            self.unspaced.push((letters, index));
            self.entries.push(Entry {
                phrase: phrase.to_owned(),
                words: Vec::new(),
                category,
                ambiguous,
            });
            return;
        }
        let mut words = Vec::new();
        for raw in phrase.split_whitespace() {
            let (text, stem) = match raw.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (raw, false),
            };
            let mut pieces: Vec<String> = word_slices(&unmask::for_matching(text))
                .map(str::to_owned)
                .collect();
            let last = pieces.pop();
            words.extend(pieces.into_iter().map(Word::Whole));
            match last {
                Some(last) if stem && last.chars().count() >= MIN_STEM_CHARS => {
                    words.push(Word::Stem(last));
                }
                Some(last) => words.push(Word::Whole(last)),
                None => {}
            }
        }
        let Some(first) = words.first() else {
            return;
        };
        match first {
            Word::Whole(word) => self
                .by_first_word
                .entry(word.clone())
                .or_default()
                .push(index),
            Word::Stem(stem) => {
                let first = stem.chars().next().unwrap_or_default();
                self.by_first_stem
                    .entry(first)
                    .or_default()
                    .push((stem.clone(), index));
            }
        }
        for word in &words {
            let (Word::Whole(word) | Word::Stem(word)) = word;
            self.add_host_word(word);
        }
        self.entries.push(Entry {
            phrase: phrase.to_owned(),
            words,
            category,
            ambiguous,
        });
    }

    fn add_host_word(&mut self, word: &str) {
        for form in [word.to_owned(), format!("{word}s"), format!("{word}es")] {
            self.longest_word = self.longest_word.max(form.len());
            self.host_dictionary.insert(form);
        }
    }

    /// The longest entry that starts at `words[start]`, and how many words it takes.
    fn entry_at(&self, words: &[&str], start: usize) -> Option<(usize, usize)> {
        let word = words[start];
        let whole = stems(word)
            .filter_map(|stem| self.by_first_word.get(stem))
            .flatten()
            .copied();
        let stemmed = word
            .chars()
            .next()
            .and_then(|first| self.by_first_stem.get(&first))
            .into_iter()
            .flatten()
            .filter(|(stem, _)| word.starts_with(stem.as_str()))
            .map(|(_, index)| *index);
        whole
            .chain(stemmed)
            .filter_map(|index| {
                let entry = &self.entries[index];
                let following = &words[start..];
                (following.len() >= entry.words.len()
                    && entry
                        .words
                        .iter()
                        .zip(following)
                        .all(|(wanted, word)| wanted.matches(word)))
                .then_some((index, entry.words.len()))
            })
            .max_by_key(|&(index, length)| (length, std::cmp::Reverse(index)))
    }

    /// The entries found in a sequence of lower-case words, leftmost and longest first,
    /// none overlapping another.
    fn entries_in_words(&self, words: &[&str]) -> Vec<usize> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            match self.entry_at(words, start) {
                Some((index, length)) => {
                    found.push(index);
                    start += length;
                }
                None => start += 1,
            }
        }
        found
    }

    /// The entries of scripts without spaces found in unmasked text.
    fn unspaced_entries_in(&self, unmasked: &str) -> Vec<usize> {
        if self.unspaced.is_empty() || !unmasked.chars().any(is_unspaced_script) {
            return Vec::new();
        }
        let letters = letters_only(unmasked);
        let mut occurrences: Vec<(usize, usize, usize)> = self
            .unspaced
            .iter()
            .filter_map(|(entry_letters, index)| {
                letters
                    .find(entry_letters.as_str())
                    .map(|at| (at, at + entry_letters.len(), *index))
            })
            .collect();
        occurrences.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut found = Vec::new();
        let mut covered = 0;
        for (start, end, index) in occurrences {
            if start >= covered {
                found.push(index);
                covered = end;
            }
        }
        found
    }

    fn matched(&self, index: usize, place: Place) -> SpamMatch {
        let entry = &self.entries[index];
        SpamMatch {
            phrase: entry.phrase.clone(),
            category: self
                .categories
                .get(entry.category)
                .cloned()
                .unwrap_or_else(|| "spam".to_owned()),
            place,
            ambiguous: entry.ambiguous,
        }
    }

    /// Spam vocabulary in text readers see, on word boundaries, in order.
    pub fn find_in_text(&self, text: &str) -> Vec<SpamMatch> {
        let unmasked = unmask::for_matching(text);
        let words: Vec<&str> = word_slices(&unmasked).collect();
        self.entries_in_words(&words)
            .into_iter()
            .chain(self.unspaced_entries_in(&unmasked))
            .map(|index| self.matched(index, Place::Text))
            .collect()
    }

    /// Spam vocabulary in a host name, path or query: words separated by dots, hyphens,
    /// slashes and the like, and pieces whose words run together ("cheapviagraonline").
    pub fn find_in_address_part(&self, part: &str, place: Place) -> Vec<SpamMatch> {
        let unmasked = unmask::for_matching(part);
        let mut split: Vec<&str> = Vec::new();
        for piece in word_slices(&unmasked) {
            match self.split_run_together(piece) {
                Some(words) if words.len() > 1 => split.extend(words),
                _ => split.push(piece),
            }
        }
        self.entries_in_words(&split)
            .into_iter()
            .chain(self.unspaced_entries_in(&unmasked))
            .map(|index| self.matched(index, place))
            .collect()
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

/// The runs of letters and digits in a text.
fn word_slices(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// The letters and digits of a text, run together.
fn letters_only(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a character belongs to a script written without spaces between words: Han,
/// Hiragana, Katakana (with the prolonged sound mark), Thai, Lao, Khmer and Myanmar.
fn is_unspaced_script(c: char) -> bool {
    matches!(
        c,
        '\u{0E00}'..='\u{0EFF}'
            | '\u{1000}'..='\u{109F}'
            | '\u{1780}'..='\u{17FF}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}'
            | '\u{20000}'..='\u{2FA1F}'
    )
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

    fn phrases(found: Vec<SpamMatch>) -> Vec<String> {
        found.into_iter().map(|found| found.phrase).collect()
    }

    #[test]
    fn words_match_on_boundaries_only() {
        let found = vocabulary().find_in_text("Cheap CIALIS here");
        assert_eq!(phrases(found.clone()), ["cialis"]);
        assert_eq!(found[0].category, "pharmacy spam");
        assert!(!found[0].ambiguous);
        assert!(vocabulary().find_in_text("ask a specialist").is_empty());
        assert!(
            vocabulary()
                .find_in_text("a Monte Carlo simulation")
                .is_empty()
        );
    }

    #[test]
    fn phrases_and_plurals() {
        assert_eq!(
            phrases(vocabulary().find_in_text("Payday Loans with no credit check")),
            ["payday loan", "no credit check"]
        );
        assert!(vocabulary().find_in_text("a loan from the bank").is_empty());
        assert_eq!(
            phrases(vocabulary().find_in_text("replica watches for sale")),
            ["replica watch"]
        );
    }

    #[test]
    fn the_longest_entry_wins_and_none_overlap() {
        assert_eq!(
            phrases(vocabulary().find_in_text("Situs Slot Gacor Maxwin")),
            ["situs slot", "gacor", "maxwin"]
        );
        assert_eq!(
            phrases(vocabulary().find_in_text("slot gacor hari ini")),
            ["slot gacor"]
        );
    }

    #[test]
    fn ambiguous_words_are_marked() {
        let found = vocabulary().find_in_text("Casino, New South Wales");
        assert_eq!(phrases(found.clone()), ["casino"]);
        assert!(found[0].ambiguous);
    }

    #[test]
    fn disguised_words_are_found() {
        for disguised in [
            "vi\u{200B}agra",
            "VI&shy;AGRA",
            "ｖｉａｇｒａ",
            "𝐯𝐢𝐚𝐠𝐫𝐚",
            "v\u{0456}agra",
        ] {
            assert_eq!(
                phrases(vocabulary().find_in_text(disguised)),
                ["viagra"],
                "{disguised}"
            );
        }
        assert_eq!(
            phrases(vocabulary().find_in_address_part("/%76%69%61%67%72%61-100mg", Place::Path)),
            ["viagra"]
        );
    }

    #[test]
    fn stems_match_inflected_words() {
        assert_eq!(
            phrases(vocabulary().find_in_text("Купить дипломы недорого")),
            ["купить диплом*"]
        );
        assert!(
            vocabulary()
                .find_in_text("Дипломная работа в библиотеке")
                .is_empty()
        );
    }

    #[test]
    fn scripts_without_spaces_match_inside_runs() {
        let found = vocabulary().find_in_text("ルイヴィトン財布スーパーコピー激安通販");
        assert!(
            phrases(found).contains(&"スーパーコピー".to_owned()),
            "a phrase inside a run of Japanese"
        );
        assert_eq!(
            phrases(vocabulary().find_in_text("高仿 手表")),
            ["高仿手表"],
            "spaces inside the phrase"
        );
        assert!(
            vocabulary()
                .find_in_text("コピー機の使い方と図書館の案内")
                .is_empty(),
            "a photocopier is not counterfeit"
        );
    }

    #[test]
    fn run_together_host_names() {
        let found = vocabulary().find_in_address_part("buycheapviagraonline.example", Place::Host);
        assert_eq!(phrases(found.clone()), ["viagra"]);
        assert_eq!(found[0].place, Place::Host);
        assert_eq!(
            phrases(vocabulary().find_in_address_part("paydayloansonline.example", Place::Host)),
            ["payday loan"]
        );
        assert!(
            !vocabulary()
                .find_in_address_part("slotgacor88.example", Place::Host)
                .is_empty()
        );
        for honest in ["specialistclinic.example", "bestbuy.com", "middlesex.ac.uk"] {
            assert!(
                vocabulary()
                    .find_in_address_part(honest, Place::Host)
                    .is_empty(),
                "{honest}"
            );
        }
    }

    #[test]
    fn vocabulary_files_parse() {
        let vocabulary = Vocabulary::parse(
            &[
                "# comment\nloose entry\n[greetings]\nhello there # trailing comment\n",
                "? perhaps\nsecond* file\n",
            ],
            "big\n",
        );
        assert_eq!(
            vocabulary
                .find_in_text("Hello there!")
                .first()
                .map(|m| m.category.clone()),
            Some("greetings".to_owned())
        );
        assert_eq!(
            vocabulary
                .find_in_text("a loose entry")
                .first()
                .map(|m| m.category.clone()),
            Some("spam".to_owned())
        );
        let perhaps = vocabulary.find_in_text("perhaps");
        assert!(perhaps[0].ambiguous, "{perhaps:?}");
        assert_eq!(perhaps[0].phrase, "perhaps");
        assert_eq!(
            phrases(vocabulary.find_in_text("seconds file")),
            ["second* file"]
        );
        assert!(
            !vocabulary
                .find_in_address_part("bighellothere.example", Place::Host)
                .is_empty()
        );
    }
}
