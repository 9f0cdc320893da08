//! The text's lines as the editor needs them: where each starts, the highlighting state it
//! starts in (inside a fenced code block or not), and its rows on screen, all following
//! each change instead of reading the whole text again.

use std::ops::Range;

use postwright_core::edit::lines::{LineIndex, LineSplice};
use postwright_core::fenwick::FenwickTree;
use postwright_core::md_syntax::{LineState, line_end_state};

/// The lines of the text: where they start, the state each starts in (inside a fenced
/// code block or not), and their rows on screen.
pub(super) struct Document {
    pub(super) lines: LineIndex,
    /// The state each line starts in.
    pub(super) states: Vec<LineState>,
    /// Rows of each line on screen, with their running sums.
    pub(super) rows: FenwickTree<u64>,
    /// Characters per row, for estimating the rows of lines not laid out yet.
    columns: usize,
    /// Lines changed since the states were last brought up to date.
    stale: Option<Range<usize>>,
}

impl Document {
    pub(super) fn new(text: &str, columns: usize) -> Self {
        let lines = LineIndex::new(text);
        let mut states = Vec::with_capacity(lines.line_count());
        let mut state = LineState::Normal;
        for line in 0..lines.line_count() {
            states.push(state);
            state = line_end_state(&text[lines.line_range(line)], state);
        }
        let mut document = Self {
            lines,
            states,
            rows: FenwickTree::default(),
            columns: columns.max(1),
            stale: None,
        };
        document.estimate_all();
        document
    }

    fn estimate(&self, line: usize) -> u64 {
        let len = self.lines.line_range(line).len();
        u64::try_from(len.div_ceil(self.columns).max(1)).unwrap_or(u64::MAX)
    }

    fn estimate_all(&mut self) {
        let rows = (0..self.lines.line_count())
            .map(|line| self.estimate(line))
            .collect();
        self.rows = FenwickTree::new(rows);
    }

    pub(super) fn set_columns(&mut self, columns: usize) {
        if self.columns != columns.max(1) {
            self.columns = columns.max(1);
            self.estimate_all();
        }
    }

    /// Follows a change in the structure: line starts, placeholder states, estimated
    /// rows. [`Document::refresh`] brings the states up to date once the text is at hand.
    pub(super) fn splice(
        &mut self,
        offset: usize,
        removed_len: usize,
        inserted: &str,
    ) -> LineSplice {
        let splice = self.lines.apply(offset, removed_len, inserted);
        let LineSplice {
            first,
            removed,
            inserted,
        } = splice;
        self.states.splice(
            first + 1..first + removed,
            std::iter::repeat_n(LineState::Normal, inserted - 1),
        );
        let estimates: Vec<u64> = (first..first + inserted)
            .map(|line| self.estimate(line))
            .collect();
        self.rows.splice(first, removed, estimates);
        let map = |line: usize| {
            if line <= first {
                line
            } else if line >= first + removed {
                line + inserted - removed
            } else {
                first + inserted
            }
        };
        self.stale = Some(match self.stale.take() {
            Some(stale) => map(stale.start).min(first)..map(stale.end).max(first + inserted),
            None => first..first + inserted,
        });
        splice
    }

    /// Recomputes the states of the lines after changed ones, until they agree with what
    /// was there.
    pub(super) fn refresh(&mut self, text: &str) {
        let Some(stale) = self.stale.take() else {
            return;
        };
        let count = self.lines.line_count();
        let mut line = stale.start.min(count - 1);
        while line + 1 < count {
            let next = line_end_state(self.line_text(text, line), self.states[line]);
            line += 1;
            if line >= stale.end && self.states[line] == next {
                break;
            }
            self.states[line] = next;
        }
    }

    pub(super) fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        text.get(self.lines.line_range(line)).unwrap_or_default()
    }

    /// Whether the index still describes `text`: the same length, and line breaks where it
    /// says the lines around `offsets` end. Catches a text changed without telling the
    /// editor, in O(1).
    pub(super) fn agrees_with(&self, text: &str, offsets: &[usize]) -> bool {
        let bytes = text.as_bytes();
        self.lines.text_len() == text.len()
            && offsets.iter().all(|&offset| {
                let range = self
                    .lines
                    .line_range(self.lines.line_of(offset.min(text.len())));
                (range.start == 0 || bytes.get(range.start - 1) == Some(&b'\n'))
                    && (range.end == text.len() || bytes.get(range.end) == Some(&b'\n'))
            })
    }

    /// Whether `line` belongs to a fenced code block: (inside, opens it, closes it).
    pub(super) fn code_block(&self, line: usize) -> (bool, bool, bool) {
        let state = self.states[line];
        let next = self.states.get(line + 1).copied();
        let opens = state == LineState::Normal && matches!(next, Some(LineState::Fence { .. }));
        let inside = state != LineState::Normal || opens;
        let closes = state != LineState::Normal && next.is_none_or(|n| n == LineState::Normal);
        (inside, opens, closes)
    }
}
