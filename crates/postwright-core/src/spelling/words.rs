//! The words of a stretch of prose worth checking, found the way Hunspell's own tokenizer
//! finds them: letters, digits and combining marks, with an apostrophe (`'` or `’`), a
//! hyphen or an underscore between two of them kept inside the word ("don't", "well-known"
//! go to the dictionary whole; its `BREAK` rules split hyphenated words).
//!
//! Left out: whatever is separated by white space and looks like an address or a path
//! (`https://…`, `www.…`, `name@example.org`, `/usr/share`, `~/notes`, `C:\Users`,
//! `docs/notes.md`), anything with a dot between two letters (file names such as
//! `main.rs`, host names, `e.g.`), and by default ([`WordRules`]) words with digits,
//! ALL-CAPS acronyms (also with a plural `s`: `URLs`) and words joined by `_`.

use std::ops::Range;

/// Words longer than this many bytes are not words a dictionary knows (Hunspell's own
/// limit is 100); they are left unchecked.
pub const MAX_WORD_BYTES: usize = 100;

/// Which words are left unchecked. All on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WordRules {
    /// Skip words with a digit: `mp3`, `2nd`, `x86`.
    pub skip_with_digits: bool,
    /// Skip words in capitals: `NASA`, `HTML`, `URLs`.
    pub skip_all_caps: bool,
    /// Skip words joined by `_`: `snake_case`, `__init__`.
    pub skip_joined_by_underscore: bool,
}

impl Default for WordRules {
    fn default() -> Self {
        Self {
            skip_with_digits: true,
            skip_all_caps: true,
            skip_joined_by_underscore: true,
        }
    }
}

/// Appends to `out` the byte ranges in `text` of the words to check, in order.
pub fn words(text: &str, rules: &WordRules, out: &mut Vec<Range<usize>>) {
    let mut chunk_start = None;
    for (index, c) in text.char_indices() {
        match (c.is_whitespace(), chunk_start) {
            (true, Some(start)) => {
                chunk_words(text, start..index, rules, out);
                chunk_start = None;
            }
            (false, None) => chunk_start = Some(index),
            _ => {}
        }
    }
    if let Some(start) = chunk_start {
        chunk_words(text, start..text.len(), rules, out);
    }
}

/// The words of one run of text without white space, unless the run is an address or a
/// path.
fn chunk_words(text: &str, chunk: Range<usize>, rules: &WordRules, out: &mut Vec<Range<usize>>) {
    let run = &text[chunk.clone()];
    if is_address_or_path(run) {
        return;
    }
    let mut chars = run.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut shape = Shape::default();
        shape.add(c);
        let mut end = start + c.len_utf8();
        while let Some(&(index, next)) = chars.peek() {
            if is_word_char(next) {
                shape.add(next);
                end = index + next.len_utf8();
                chars.next();
                continue;
            }
            // A joiner stays inside the word only with a word character after it.
            let joined = is_joiner(next)
                && run[index + next.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char);
            if !joined {
                break;
            }
            shape.underscore |= next == '_';
            chars.next();
        }
        // `__init__`: underscores around a word join it to them as much as inside it.
        shape.underscore |= run[..start].ends_with('_') || run[end..].starts_with('_');
        if end - start <= MAX_WORD_BYTES && !shape.skipped(rules) {
            out.push(chunk.start + start..chunk.start + end);
        }
    }
}

/// What a word is made of, for [`WordRules`].
#[derive(Default)]
struct Shape {
    digits: bool,
    underscore: bool,
    upper: usize,
    lower: usize,
    /// Whether the last letter was a lower-case `s` (`URLs`).
    plural_s: bool,
}

impl Shape {
    fn add(&mut self, c: char) {
        self.digits |= c.is_numeric();
        if c.is_uppercase() {
            self.upper += 1;
            self.plural_s = false;
        } else if c.is_lowercase() {
            self.lower += 1;
            self.plural_s = c == 's';
        }
    }

    fn skipped(&self, rules: &WordRules) -> bool {
        let all_caps = self.upper >= 2 && (self.lower == 0 || (self.lower == 1 && self.plural_s));
        (rules.skip_with_digits && self.digits)
            || (rules.skip_joined_by_underscore && self.underscore)
            || (rules.skip_all_caps && all_caps)
    }
}

/// Letters, digits and combining marks (which `char::is_alphanumeric` leaves out when
/// they are not also alphabetic, such as U+0301 COMBINING ACUTE ACCENT).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Characters that join two parts into one word: apostrophes, the hyphen, the underscore.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '_')
}

/// Whether a run of text without white space is an address, an e-mail address, a path or
/// a file or host name, none of which a dictionary knows.
fn is_address_or_path(run: &str) -> bool {
    // Quotes and brackets around it, and the punctuation after it, are not part of it.
    let run = run
        .trim_start_matches(['(', '[', '{', '<', '"', '\'', '“', '‘', '*', '_'])
        .trim_end_matches([
            ')', ']', '}', '>', '"', '\'', '”', '’', '*', '_', '.', ',', ';', ':', '!', '?',
        ]);
    if run.contains("://") || run.starts_with("www.") || run.contains('\\') {
        return true;
    }
    if run.starts_with('/')
        || run.starts_with("~/")
        || run.starts_with("./")
        || run.starts_with("../")
    {
        return true;
    }
    let bytes = run.as_bytes();
    let between_letters = |separator: u8| {
        bytes.windows(3).any(|window| {
            window[1] == separator
                && window[0].is_ascii_alphanumeric()
                && window[2].is_ascii_alphanumeric()
        })
    };
    // name@host, a file or host name, a path of two or more parts (but not "and/or").
    if between_letters(b'@') || between_letters(b'.') {
        return true;
    }
    run.matches('/').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        found_with(text, &WordRules::default())
    }

    fn found_with<'a>(text: &'a str, rules: &WordRules) -> Vec<&'a str> {
        let mut ranges = Vec::new();
        words(text, rules, &mut ranges);
        ranges.into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn apostrophes_and_hyphens_stay_inside_words() {
        assert_eq!(
            found("Don't say 'quoted' or the dogs' well-known e-mail — rock’n’roll -x- y-"),
            [
                "Don't",
                "say",
                "quoted",
                "or",
                "the",
                "dogs",
                "well-known",
                "e-mail",
                "rock’n’roll",
                "x",
                "y"
            ]
        );
    }

    #[test]
    fn addresses_paths_and_file_names_are_skipped() {
        let text = "See https://example.org/a, (www.example.org) or mail me@example.org; \
                    open /usr/share/hunspell, ~/notes, ./run, C:\\Users, docs/notes/today \
                    and main.rs, e.g. this and/or that.";
        assert_eq!(
            found(text),
            [
                "See", "or", "mail", "open", "and", "this", "and", "or", "that"
            ]
        );
    }

    #[test]
    fn digits_capitals_and_underscores_are_skipped_by_default() {
        let text = "NASA and URLs and APIs, mp3 2nd x86 snake_case __init__ I A Ok Paris";
        assert_eq!(found(text), ["and", "and", "I", "A", "Ok", "Paris"]);
        let none = WordRules {
            skip_with_digits: false,
            skip_all_caps: false,
            skip_joined_by_underscore: false,
        };
        assert_eq!(
            found_with(text, &none),
            [
                "NASA",
                "and",
                "URLs",
                "and",
                "APIs",
                "mp3",
                "2nd",
                "x86",
                "snake_case",
                "init",
                "I",
                "A",
                "Ok",
                "Paris"
            ]
        );
    }

    #[test]
    fn letters_of_any_script_and_combining_marks_count() {
        assert_eq!(
            found("Straße, naïve cafe\u{301} Ελλάδα日本"),
            ["Straße", "naïve", "cafe\u{301}", "Ελλάδα日本"]
        );
    }

    #[test]
    fn overlong_words_are_left_alone() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(found(&format!("{long} word")), ["word"]);
    }
}
