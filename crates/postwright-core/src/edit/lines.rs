//! Where each line of the text starts, kept up to date change by change. Plain data with
//! no egui in it: the editor feeds it byte offsets (and keeps the rows of each line in a
//! [`crate::fenwick::FenwickTree`] beside it).
//!
//! [`LineIndex::line_and_column`] is the one place a byte offset becomes the line and
//! column people read, for the editor's status bar, the audit's findings and error
//! messages alike.

use std::ops::Range;

/// The byte offset where each line starts. Line 0 starts at 0; a text ending in `\n` has
/// an empty last line.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    text_len: usize,
    /// `char_counts[i]`: the characters in the first `i * CHAR_COUNT_BYTES` bytes of the
    /// text, when asked for ([`LineIndex::with_char_counts`]); empty otherwise, and once
    /// the text changed.
    char_counts: Vec<usize>,
}

/// Bytes between two character counts of [`LineIndex::with_char_counts`].
const CHAR_COUNT_BYTES: usize = 256;

/// Characters that start in `bytes` (every byte but UTF-8 continuation bytes), which is
/// the number of characters of any slice of a `str` between character boundaries.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
}

/// How a change replaced lines: `removed` lines from `first` on gave way to `inserted` lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSplice {
    /// The first line the change touched (its index is the same before and after).
    pub first: usize,
    /// How many lines the change replaced, `first` included.
    pub removed: usize,
    /// How many lines now stand in their place.
    pub inserted: usize,
}

impl LineIndex {
    /// Indexes `text`, reading it once.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1));
        Self {
            starts,
            text_len: text.len(),
            char_counts: Vec::new(),
        }
    }

    /// Indexes `text` for many [`LineIndex::line_and_column`] lookups in a text that will
    /// not change: columns are then counted from the nearest of a character count kept
    /// every few hundred bytes rather than from the line's start, so a lookup costs the
    /// same on a line of a megabyte. The audit locates every link this way; a body of one
    /// long line with thousands of links (`![[]()` repeated, in `tests/pipeline_hostile.rs`)
    /// stays linear.
    pub fn with_char_counts(text: &str) -> Self {
        let mut index = Self::new(text);
        index.char_counts.reserve(text.len() / CHAR_COUNT_BYTES + 2);
        index.char_counts.push(0);
        let mut count = 0;
        for chunk in text.as_bytes().chunks(CHAR_COUNT_BYTES) {
            count += char_starts(chunk);
            index.char_counts.push(count);
        }
        index
    }

    /// How many lines there are (at least one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The length of the indexed text.
    pub fn text_len(&self) -> usize {
        self.text_len
    }

    /// Where `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text_len)
    }

    /// The bytes of `line`, without its `\n`.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let end = match self.starts.get(line + 1) {
            Some(next) => next - 1,
            None => self.text_len,
        };
        start..end.max(start)
    }

    /// The line that holds byte `offset` (the last line for offsets past the end).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1) - 1
    }

    /// The 1-based line and column (in characters) of byte `offset` of `text`, the text
    /// this index describes; an offset inside a character counts as that character's
    /// start, one past the end as the end.
    pub fn line_and_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = text.floor_char_boundary(offset);
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        (line + 1, self.chars_between(text, start, offset) + 1)
    }

    /// The characters of `text[start..end]`, both on character boundaries.
    fn chars_between(&self, text: &str, start: usize, end: usize) -> usize {
        if self.char_counts.is_empty() || self.text_len != text.len() {
            return char_starts(&text.as_bytes()[start..end]);
        }
        let chars_before = |offset: usize| {
            let block = offset / CHAR_COUNT_BYTES;
            let counted = self.char_counts.get(block).copied().unwrap_or_default();
            counted + char_starts(&text.as_bytes()[block * CHAR_COUNT_BYTES..offset])
        };
        chars_before(end) - chars_before(start)
    }

    /// Follows a change: at `offset`, `removed_len` bytes gave way to `inserted`. Reads
    /// only the inserted text; the starts of later lines move by the difference in length.
    pub fn apply(&mut self, offset: usize, removed_len: usize, inserted: &str) -> LineSplice {
        // Counts of characters no longer hold after a change.
        self.char_counts = Vec::new();
        let first = self.line_of(offset);
        let last = self.line_of(offset + removed_len);
        let grown = inserted.len();
        for start in &mut self.starts[last + 1..] {
            *start = *start + grown - removed_len;
        }
        let new_starts = inserted
            .match_indices('\n')
            .map(|(index, _)| offset + index + 1);
        let before = self.starts.len();
        self.starts.splice(first + 1..last + 1, new_starts);
        self.text_len = self.text_len + grown - removed_len;
        LineSplice {
            first,
            removed: last - first + 1,
            inserted: last - first + 1 + self.starts.len() - before,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(index: &LineIndex) -> Vec<usize> {
        (0..index.line_count())
            .map(|line| index.line_start(line))
            .collect()
    }

    #[test]
    fn lines_of_a_text() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(starts(&index), [0, 3, 6, 7]);
        assert_eq!(index.line_range(1), 3..5);
        assert_eq!(index.line_range(2), 6..6);
        assert_eq!(index.line_range(3), 7..9);
        assert_eq!(index.line_of(0), 0);
        assert_eq!(index.line_of(2), 0);
        assert_eq!(index.line_of(3), 1);
        assert_eq!(index.line_of(9), 3);
        let trailing = LineIndex::new("a\n");
        assert_eq!(trailing.line_count(), 2);
        assert_eq!(trailing.line_range(1), 2..2);
        assert_eq!(LineIndex::new("").line_count(), 1);
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\nçé x\n\nlast";
        for index in [LineIndex::new(text), LineIndex::with_char_counts(text)] {
            let at = |offset| index.line_and_column(text, offset);
            assert_eq!(at(0), (1, 1));
            assert_eq!(at(3), (2, 1));
            assert_eq!(at(8), (2, 4), "ç and é are one column each");
            assert_eq!(at(10), (3, 1));
            assert_eq!(at(11), (4, 1));
            assert_eq!(at(4), (2, 1), "inside a character");
            assert_eq!(at(6), (2, 2), "inside the second character");
            assert_eq!(at(99), (4, 5), "past the end");
        }
        assert_eq!(LineIndex::new("").line_and_column("", 0), (1, 1));
    }

    #[test]
    fn columns_across_the_character_counts() {
        // Lines and multi-byte characters straddling the counts, checked against counting
        // from the line's start.
        let text = "é".repeat(300) + "\nab" + &"ç x".repeat(200) + "\n\n" + &"z".repeat(600);
        let index = LineIndex::with_char_counts(&text);
        for offset in (0..=text.len()).filter(|&offset| text.is_char_boundary(offset)) {
            let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
            let line = text[..offset].matches('\n').count() + 1;
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                index.line_and_column(&text, offset),
                (line, column),
                "at {offset}"
            );
        }
    }

    #[test]
    fn a_changed_index_counts_columns_from_the_text() {
        let mut text = "é".repeat(600);
        let mut index = LineIndex::with_char_counts(&text);
        text.insert_str(0, "ab\n");
        index.apply(0, 0, "ab\n");
        assert_eq!(index.line_and_column(&text, text.len()), (2, 601));
    }

    #[test]
    fn changes_update_the_index_like_a_fresh_scan() {
        let mut text = String::from("one\ntwo\nthree\n\nfour");
        let mut index = LineIndex::new(&text);
        let edits: [(usize, usize, &str); 9] = [
            (0, 0, "zero\n"),
            (3, 6, ""),
            (5, 0, "x\ny\nz"),
            (0, 3, "A"),
            (2, 1, "\n\n"),
            (text.len() - 4, 0, "tail\n"),
            (1, 9, "-"),
            (0, 0, ""),
            (4, 2, "é\n"),
        ];
        for (offset, removed, inserted) in edits {
            let offset = offset.min(text.len());
            let removed = removed.min(text.len() - offset);
            if !text.is_char_boundary(offset) || !text.is_char_boundary(offset + removed) {
                continue;
            }
            let lines_before = index.line_count();
            text.replace_range(offset..offset + removed, inserted);
            let splice = index.apply(offset, removed, inserted);
            let fresh = LineIndex::new(&text);
            assert_eq!(
                starts(&index),
                starts(&fresh),
                "after {inserted:?} at {offset}"
            );
            assert_eq!(index.text_len(), text.len());
            assert_eq!(
                lines_before - splice.removed + splice.inserted,
                fresh.line_count()
            );
        }
    }

    #[test]
    fn a_change_names_the_lines_it_replaced() {
        let mut index = LineIndex::new("a\nb\nc\nd");
        // Join lines 1 and 2 ("b\nc" -> "bc").
        let splice = index.apply(3, 1, "");
        assert_eq!(
            splice,
            LineSplice {
                first: 1,
                removed: 2,
                inserted: 1
            }
        );
        // Split line 0 in three.
        let splice = index.apply(1, 0, "\n\n");
        assert_eq!(
            splice,
            LineSplice {
                first: 0,
                removed: 1,
                inserted: 3
            }
        );
    }
}
