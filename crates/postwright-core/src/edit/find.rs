//! Find and replace in the body: literal text or a regular expression, with match case,
//! whole word and "in selection", and replacements that may name the pattern's groups
//! (`$1`, `${name}`).
//!
//! A [`Query`] is what the author typed and ticked; [`Finder::new`] compiles it once (an
//! invalid pattern is a [`FindError`] the find bar shows, never a panic), and
//! [`Finder::find`] lists the matches in a range of the text. Searching a long post can
//! take a while, so [`Finder::find`] asks its caller now and then whether to go on: the
//! window runs it off the interface thread and drops a search once a newer query exists.
//! Replacing is two plain functions that return the replacements to make, which the
//! window applies as one undo step.

use std::fmt;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::keys::is_word_char;

/// What the author is looking for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The text or pattern typed in the find field.
    pub pattern: String,
    /// Upper and lower case differ.
    pub match_case: bool,
    /// Only matches that are whole words: no word character touches either end.
    pub whole_word: bool,
    /// The pattern is a regular expression (the `regex` crate's syntax).
    pub regex: bool,
}

/// Why a query cannot be searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindError {
    /// The regular expression does not parse; the text says where and why.
    InvalidPattern(String),
    /// The regular expression would need more memory than a search may use.
    PatternTooLarge,
}

impl fmt::Display for FindError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindError::InvalidPattern(reason) => {
                write!(formatter, "Not a valid regular expression: {reason}")
            }
            FindError::PatternTooLarge => write!(
                formatter,
                "This regular expression is too large to search with; simplify it"
            ),
        }
    }
}

impl std::error::Error for FindError {}

/// How many bytes a compiled pattern may take; far more than any pattern typed by hand.
const PATTERN_SIZE_LIMIT: usize = 1 << 22;

/// How many matches are listed at most: enough for any real post, and a bound on memory
/// for a pattern such as `.` over a 5 MB post.
pub const MAX_MATCHES: usize = 100_000;

/// A compiled query.
#[derive(Clone, Debug)]
pub struct Finder {
    regex: Regex,
    whole_word: bool,
    /// Whether replacements expand `$1` and `${name}` (regular expressions only).
    expand: bool,
}

impl Finder {
    /// Compiles `query`; `None` when its pattern is empty (nothing to look for).
    pub fn new(query: &Query) -> Result<Option<Self>, FindError> {
        if query.pattern.is_empty() {
            return Ok(None);
        }
        let source = if query.regex {
            query.pattern.clone()
        } else {
            regex::escape(&query.pattern)
        };
        let regex = RegexBuilder::new(&source)
            .case_insensitive(!query.match_case)
            .multi_line(true)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map_err(|error| match error {
                regex::Error::CompiledTooBig(_) => FindError::PatternTooLarge,
                regex::Error::Syntax(reason) => FindError::InvalidPattern(last_line(&reason)),
                _ => FindError::InvalidPattern(error.to_string()),
            })?;
        Ok(Some(Self {
            regex,
            whole_word: query.whole_word,
            expand: query.regex,
        }))
    }

    /// The matches inside `within` (byte offsets into `text`), in order, at most
    /// [`MAX_MATCHES`]. Empty matches (a pattern such as `^` or `a*`) are skipped: there is
    /// nothing to show or replace. `keep_going` is asked between matches and every so many
    /// bytes; when it answers false the search stops and `None` is returned.
    pub fn find(
        &self,
        text: &str,
        within: Range<usize>,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<Range<usize>>> {
        let end = text.floor_char_boundary(within.end);
        let start = text.floor_char_boundary(within.start.min(end));
        let haystack = &text[..end];
        let mut found = Vec::new();
        let mut position = start;
        while position <= end && found.len() < MAX_MATCHES {
            if !keep_going() {
                return None;
            }
            let Some(hit) = self.regex.find_at(haystack, position) else {
                break;
            };
            let range = hit.range();
            position = if range.is_empty() {
                next_boundary(text, range.end)
            } else {
                range.end
            };
            if !range.is_empty() && (!self.whole_word || is_whole_word(text, &range)) {
                found.push(range);
            }
        }
        Some(found)
    }

    /// The text that replaces the match at `range`: `replacement` as typed, or with `$1`,
    /// `${name}` and `$$` expanded for a regular expression. `None` when `range` is no
    /// longer a match of this query (the text changed since it was found).
    pub fn replacement_for(
        &self,
        text: &str,
        range: &Range<usize>,
        replacement: &str,
    ) -> Option<String> {
        let haystack = text.get(..range.end)?;
        let captures = self.regex.captures_at(haystack, range.start)?;
        let whole = captures.get(0)?;
        if whole.range() != *range {
            return None;
        }
        if !self.expand {
            return Some(replacement.to_owned());
        }
        let mut expanded = String::new();
        captures.expand(replacement, &mut expanded);
        Some(expanded)
    }

    /// The replacements that Replace All makes for `matches` (as [`Finder::find`] listed
    /// them for the same text), in order: each match's range and its new text. Matches
    /// that no longer match are left out.
    pub fn replace_all(
        &self,
        text: &str,
        matches: &[Range<usize>],
        replacement: &str,
    ) -> Vec<(Range<usize>, String)> {
        matches
            .iter()
            .filter_map(|range| {
                self.replacement_for(text, range, replacement)
                    .map(|new_text| (range.clone(), new_text))
            })
            .collect()
    }
}

/// `text` as a regular expression that matches it literally (for putting selected text in
/// the find field while the regular-expression option is on).
pub fn escape(text: &str) -> String {
    regex::escape(text)
}

/// The index of the match at or after `offset`, wrapping to the first; `None` when there
/// are no matches.
pub fn next_match(matches: &[Range<usize>], offset: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    let index = matches.partition_point(|range| range.start < offset);
    Some(if index == matches.len() { 0 } else { index })
}

/// The index of the last match that starts before `offset`, wrapping to the last; `None`
/// when there are no matches.
pub fn previous_match(matches: &[Range<usize>], offset: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    let index = matches.partition_point(|range| range.start < offset);
    Some(if index == 0 {
        matches.len() - 1
    } else {
        index - 1
    })
}

/// Whether no word character touches either end of `range`.
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let first = text[range.clone()].chars().next();
    let last = text[range.clone()].chars().next_back();
    let touches = |outside: Option<char>, inside: Option<char>| {
        outside.is_some_and(is_word_char) && inside.is_some_and(is_word_char)
    };
    !touches(before, first) && !touches(after, last)
}

/// The first character boundary after `offset`, or one past the end.
fn next_boundary(text: &str, offset: usize) -> usize {
    text[offset..]
        .chars()
        .next()
        .map_or(offset + 1, |c| offset + c.len_utf8())
}

/// The regex crate's syntax errors draw the pattern with a caret over several lines; the
/// last line says what is wrong.
fn last_line(reason: &str) -> String {
    reason
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .map_or_else(
            || reason.to_owned(),
            |line| line.trim().trim_start_matches("error: ").to_owned(),
        )
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn query(pattern: &str) -> Query {
        Query {
            pattern: pattern.to_owned(),
            ..Query::default()
        }
    }

    fn find_all(query: &Query, text: &str) -> Vec<Range<usize>> {
        let finder = Finder::new(query).expect("valid").expect("not empty");
        finder
            .find(text, 0..text.len(), &mut || true)
            .expect("not cancelled")
    }

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|range| &text[range.clone()]).collect()
    }

    #[test]
    fn literal_text_ignores_case_unless_asked() {
        let text = "The fox, the Fox and the FOX.";
        assert_eq!(
            texts(text, &find_all(&query("fox"), text)),
            ["fox", "Fox", "FOX"]
        );
        let exact = Query {
            match_case: true,
            ..query("Fox")
        };
        assert_eq!(find_all(&exact, text), [13..16]);
    }

    #[test]
    fn literal_text_is_not_a_pattern() {
        let text = "a.b axb (a.b)";
        assert_eq!(find_all(&query("a.b"), text), [0..3, 9..12]);
        assert_eq!(find_all(&query("(a"), text), [8..10]);
    }

    #[test]
    fn whole_words_only_when_asked() {
        let text = "fox foxes outfox fox_trot fox. fox's";
        let whole = Query {
            whole_word: true,
            ..query("fox")
        };
        // An apostrophe joins words, as in double-click selection.
        assert_eq!(texts(text, &find_all(&whole, text)), ["fox", "fox"]);
        assert_eq!(find_all(&query("fox"), text).len(), 6);
        // A pattern that starts or ends with punctuation still matches at word edges.
        let punctuated = Query {
            whole_word: true,
            ..query(".")
        };
        assert_eq!(find_all(&punctuated, text), [29..30]);
    }

    #[test]
    fn regular_expressions_and_group_replacements() {
        let text = "brown fox, red fox, grey fox";
        let pattern = Query {
            regex: true,
            ..query(r"(\w+) fox")
        };
        let finder = Finder::new(&pattern).unwrap().unwrap();
        let matches = finder.find(text, 0..text.len(), &mut || true).unwrap();
        assert_eq!(matches.len(), 3);
        let replacements = finder.replace_all(text, &matches, "fox ($1)");
        let mut replaced = text.to_owned();
        for (range, new_text) in replacements.iter().rev() {
            replaced.replace_range(range.clone(), new_text);
        }
        assert_eq!(replaced, "fox (brown), fox (red), fox (grey)");
    }

    #[test]
    fn escaped_text_matches_itself_as_a_pattern() {
        let text = "costs $5.00 (or (a+b)*c)";
        let pattern = Query {
            regex: true,
            ..query(&escape("(a+b)*c"))
        };
        assert_eq!(texts(text, &find_all(&pattern, text)), ["(a+b)*c"]);
    }

    #[test]
    fn literal_replacements_keep_dollar_signs() {
        let text = "price: five";
        let finder = Finder::new(&query("five")).unwrap().unwrap();
        let matches = finder.find(text, 0..text.len(), &mut || true).unwrap();
        assert_eq!(
            finder.replace_all(text, &matches, "$5"),
            [(7..11, "$5".to_owned())]
        );
    }

    #[test]
    fn an_invalid_pattern_is_an_error_in_words() {
        let pattern = Query {
            regex: true,
            ..query("(unclosed")
        };
        let error = Finder::new(&pattern).unwrap_err();
        let FindError::InvalidPattern(reason) = &error else {
            panic!("{error:?}");
        };
        assert!(reason.contains("unclosed"), "{reason}");
        assert!(!error.to_string().contains('\n'), "{error}");
        assert!(Finder::new(&query("")).unwrap().is_none());
    }

    #[test]
    fn searching_within_a_selection() {
        let text = "fox fox fox fox";
        let finder = Finder::new(&query("fox")).unwrap().unwrap();
        assert_eq!(
            finder.find(text, 4..11, &mut || true).unwrap(),
            [4..7, 8..11]
        );
        // A match that runs past the end of the range is not in it.
        assert_eq!(finder.find(text, 4..10, &mut || true).unwrap(), [4..7]);
        // A range that cuts a character is rounded down to its edge.
        let accented = "é fox";
        assert_eq!(
            finder
                .find(accented, 1..accented.len(), &mut || true)
                .unwrap(),
            [3..6]
        );
    }

    #[test]
    fn empty_matches_are_skipped_and_do_not_loop() {
        let text = "aaa b aa";
        let pattern = Query {
            regex: true,
            ..query("a*")
        };
        assert_eq!(find_all(&pattern, text), [0..3, 6..8]);
        let anchors = Query {
            regex: true,
            ..query("^")
        };
        assert_eq!(find_all(&anchors, "é\nü"), Vec::<Range<usize>>::new());
    }

    #[test]
    fn multi_line_anchors_match_at_each_line() {
        let text = "fox one\nfox two\nthree fox";
        let pattern = Query {
            regex: true,
            ..query("^fox")
        };
        assert_eq!(find_all(&pattern, text), [0..3, 8..11]);
    }

    #[test]
    fn a_search_stops_when_told() {
        let text = "fox ".repeat(1_000);
        let finder = Finder::new(&query("fox")).unwrap().unwrap();
        let mut asked = 0;
        let result = finder.find(&text, 0..text.len(), &mut || {
            asked += 1;
            asked < 10
        });
        assert_eq!(result, None);
    }

    #[test]
    fn matches_are_bounded() {
        let text = "x".repeat(MAX_MATCHES + 10);
        let finder = Finder::new(&query("x")).unwrap().unwrap();
        assert_eq!(
            finder
                .find(&text, 0..text.len(), &mut || true)
                .unwrap()
                .len(),
            MAX_MATCHES
        );
    }

    #[test]
    fn a_stale_match_is_not_replaced() {
        let finder = Finder::new(&query("fox")).unwrap().unwrap();
        assert_eq!(
            finder.replacement_for("the fox", &(4..7), "cat"),
            Some("cat".to_owned())
        );
        assert_eq!(finder.replacement_for("the dog", &(4..7), "cat"), None);
        assert_eq!(finder.replacement_for("fox", &(4..7), "cat"), None);
    }

    #[test]
    fn next_and_previous_wrap_around() {
        let matches = [2..5, 10..13, 20..23];
        assert_eq!(next_match(&matches, 0), Some(0));
        assert_eq!(next_match(&matches, 2), Some(0));
        assert_eq!(next_match(&matches, 3), Some(1));
        assert_eq!(next_match(&matches, 21), Some(0));
        assert_eq!(previous_match(&matches, 10), Some(0));
        assert_eq!(previous_match(&matches, 2), Some(2));
        assert_eq!(previous_match(&matches, 25), Some(2));
        assert_eq!(next_match(&[], 0), None);
        assert_eq!(previous_match(&[], 0), None);
    }
}
