//! The one description of an edit, for everything that changes the body: the editor's
//! keystrokes, the formatting commands, the audit's fixes and the undo history.
//!
//! A [`Change`] is one replacement that remembers what it removed, so it can be checked
//! against the text before it is applied, applied, reverted, and used to move positions
//! along ([`map_pos`]). An [`Edit`] is what a command does: changes made together as one
//! undo step, and the selection afterwards.

use std::fmt;
use std::ops::Range;

/// One replacement in a text: at byte `offset`, `removed` gives way to `inserted`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Change {
    /// Byte offset of the change.
    pub offset: usize,
    /// The text that was there before.
    pub removed: String,
    /// The text that is there after.
    pub inserted: String,
}

/// The text no longer holds what an edit would replace: it changed since the edit was
/// made. Nothing was changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaleEdit;

impl fmt::Display for StaleEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text changed since this edit was made")
    }
}

impl std::error::Error for StaleEdit {}

impl Change {
    /// The change that replaces `range` of `text` with `inserted`.
    ///
    /// # Panics
    ///
    /// When `range` is not within `text` on character boundaries, as slicing does.
    pub fn replace(text: &str, range: Range<usize>, inserted: impl Into<String>) -> Self {
        Self {
            offset: range.start,
            removed: text[range].to_owned(),
            inserted: inserted.into(),
        }
    }

    /// The bytes it replaces, in the text before it.
    pub fn removed_range(&self) -> Range<usize> {
        self.offset..self.offset + self.removed.len()
    }

    /// The bytes it puts there, in the text after it.
    pub fn inserted_range(&self) -> Range<usize> {
        self.offset..self.offset + self.inserted.len()
    }

    /// Whether `text` holds what this change removes, where it removes it.
    pub fn fits(&self, text: &str) -> bool {
        text.get(self.removed_range()) == Some(self.removed.as_str())
    }

    /// Makes the change in `text`, unless `text` no longer holds what it removes.
    pub fn apply(&self, text: &mut String) -> Result<(), StaleEdit> {
        if !self.fits(text) {
            return Err(StaleEdit);
        }
        text.replace_range(self.removed_range(), &self.inserted);
        Ok(())
    }

    /// The change that undoes this one.
    pub fn inverted(&self) -> Self {
        Self {
            offset: self.offset,
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
        }
    }
}

/// Which way a position at the very place of an insertion goes: it stays before the
/// inserted text, or moves after it. Inside replaced text, `Before` goes to the start of
/// what replaced it and `After` to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assoc {
    /// Keep to the text before: an insertion at the position goes after it.
    Before,
    /// Keep to the text after: an insertion at the position goes before it.
    After,
}

/// Where byte position `pos` of the text before `changes` is in the text after them.
///
/// `changes` are applied one after another, each offset counting in the text the changes
/// before it left (as in [`Edit::changes`]). For each change: a position before it stays,
/// a position after what it removed moves by the difference in length, a position at its
/// start stays at its start, one at the end of what it removed goes to the end of what it
/// inserted, and one inside what it removed, or at an insertion point, goes by `assoc`.
///
/// This is the one place positions move through edits: the caret and the selection, the
/// indentation commands and the audit's fixes all go through it.
pub fn map_pos(changes: &[Change], pos: usize, assoc: Assoc) -> usize {
    changes.iter().fold(pos, |pos, change| {
        let start = change.offset;
        let end = start + change.removed.len();
        if pos < start || (pos == start && start < end) {
            pos
        } else if pos > end || (pos == end && start < end) {
            pos - change.removed.len() + change.inserted.len()
        } else {
            match assoc {
                Assoc::Before => start,
                Assoc::After => start + change.inserted.len(),
            }
        }
    })
}

/// A selection: the end that stays put (`anchor`) and the caret (`cursor`), as byte
/// offsets. The caret may come before the anchor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Selection {
    /// The fixed end.
    pub anchor: usize,
    /// The caret.
    pub cursor: usize,
}

impl Selection {
    /// A caret at `offset`, nothing selected.
    pub fn caret(offset: usize) -> Self {
        Self {
            anchor: offset,
            cursor: offset,
        }
    }

    /// The selected bytes, start first.
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.cursor)..self.anchor.max(self.cursor)
    }
}

impl From<Range<usize>> for Selection {
    /// `range` selected, the caret at its end.
    fn from(range: Range<usize>) -> Self {
        Self {
            anchor: range.start,
            cursor: range.end,
        }
    }
}

/// What a command does to the text, and one step of the undo history: changes made
/// together, one after another, and the selection afterwards.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edit {
    /// The changes, in the order they are made; each offset counts in the text the changes
    /// before it left.
    pub changes: Vec<Change>,
    /// The selection after them.
    pub selection: Selection,
}

impl Edit {
    /// One change, and the selection after it.
    pub fn new(change: Change, selection: impl Into<Selection>) -> Self {
        Self {
            changes: vec![change],
            selection: selection.into(),
        }
    }

    /// Replaces `range` of `text` with `inserted`, the caret after it.
    ///
    /// # Panics
    ///
    /// When `range` is not within `text` on character boundaries, as slicing does.
    pub fn replace(text: &str, range: Range<usize>, inserted: String) -> Self {
        let end = range.start + inserted.len();
        Self::new(
            Change::replace(text, range, inserted),
            Selection::caret(end),
        )
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Makes every change in `text`, or none: if one of them no longer fits, the changes
    /// already made are taken back and `text` is as it was.
    pub fn apply(&self, text: &mut String) -> Result<(), StaleEdit> {
        for (made, change) in self.changes.iter().enumerate() {
            if let Err(stale) = change.apply(text) {
                for done in self.changes[..made].iter().rev() {
                    // Each was just made, so its inverse fits.
                    let _ = done.inverted().apply(text);
                }
                return Err(stale);
            }
        }
        Ok(())
    }

    /// The edit that undoes this one, leaving `selection`.
    pub fn inverted(&self, selection: Selection) -> Self {
        Self {
            changes: self.changes.iter().rev().map(Change::inverted).collect(),
            selection,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(offset: usize, text: &str) -> Change {
        Change {
            offset,
            removed: String::new(),
            inserted: text.to_owned(),
        }
    }

    fn replace(offset: usize, removed: &str, inserted: &str) -> Change {
        Change {
            offset,
            removed: removed.to_owned(),
            inserted: inserted.to_owned(),
        }
    }

    #[test]
    fn an_insertion_moves_what_follows_and_assoc_decides_at_its_place() {
        let changes = [insert(4, "abc")];
        for assoc in [Assoc::Before, Assoc::After] {
            assert_eq!(map_pos(&changes, 3, assoc), 3, "before, {assoc:?}");
            assert_eq!(map_pos(&changes, 5, assoc), 8, "after, {assoc:?}");
        }
        assert_eq!(map_pos(&changes, 4, Assoc::Before), 4);
        assert_eq!(map_pos(&changes, 4, Assoc::After), 7);
    }

    #[test]
    fn a_deletion_spanning_a_position_takes_it_to_its_start() {
        // "0123456789" without "3456".
        let changes = [replace(3, "3456", "")];
        for assoc in [Assoc::Before, Assoc::After] {
            assert_eq!(map_pos(&changes, 2, assoc), 2);
            assert_eq!(map_pos(&changes, 3, assoc), 3);
            assert_eq!(map_pos(&changes, 5, assoc), 3, "inside, {assoc:?}");
            assert_eq!(map_pos(&changes, 7, assoc), 3, "at its end, {assoc:?}");
            assert_eq!(map_pos(&changes, 9, assoc), 5);
        }
    }

    #[test]
    fn a_replacement_sends_positions_inside_it_by_assoc() {
        // "0123456789" with "345" replaced by "ab".
        let changes = [replace(3, "345", "ab")];
        assert_eq!(map_pos(&changes, 3, Assoc::After), 3, "its start stays");
        assert_eq!(map_pos(&changes, 4, Assoc::Before), 3);
        assert_eq!(map_pos(&changes, 4, Assoc::After), 5);
        assert_eq!(
            map_pos(&changes, 6, Assoc::Before),
            5,
            "its end goes to the end"
        );
        assert_eq!(map_pos(&changes, 8, Assoc::Before), 7);
    }

    #[test]
    fn several_changes_in_one_step_move_a_position_in_turn() {
        let mut text = String::from("one two three");
        let edit = Edit {
            changes: vec![insert(0, "> "), replace(6, "two", "2"), insert(8, "!")],
            selection: Selection::caret(0),
        };
        edit.apply(&mut text).unwrap();
        assert_eq!(text, "> one 2 !three");
        // Each position of the old text, and where it went.
        for (before, after) in [(0, 0), (4, 6), (5, 6), (7, 7), (8, 8), (9, 10), (13, 14)] {
            assert_eq!(
                map_pos(&edit.changes, before, Assoc::Before),
                after,
                "{before}"
            );
        }
        assert_eq!(map_pos(&edit.changes, 0, Assoc::After), 2);
        assert_eq!(map_pos(&edit.changes, 5, Assoc::After), 7);
        assert_eq!(map_pos(&edit.changes, 8, Assoc::After), 9);
    }

    #[test]
    fn an_edit_applies_whole_or_not_at_all_and_reverts() {
        let original = String::from("alpha beta");
        let mut text = original.clone();
        let edit = Edit {
            changes: vec![replace(0, "alpha", "A"), replace(2, "beta", "B")],
            selection: Selection::caret(3),
        };
        edit.apply(&mut text).unwrap();
        assert_eq!(text, "A B");
        edit.inverted(Selection::caret(0)).apply(&mut text).unwrap();
        assert_eq!(text, original);
        // The second change no longer fits once the first is made in another text.
        let mut other = String::from("alpha gamma");
        assert_eq!(edit.apply(&mut other), Err(StaleEdit));
        assert_eq!(other, "alpha gamma", "the first change was taken back");
    }

    #[test]
    fn a_change_is_checked_against_the_text() {
        let change = Change::replace("héllo", 1..3, "e");
        assert_eq!(change.removed, "é");
        assert!(change.fits("héllo"));
        assert!(!change.fits("hello"));
        assert!(!change.fits("h"));
        let mut text = String::from("hello");
        assert_eq!(change.apply(&mut text), Err(StaleEdit));
        assert_eq!(text, "hello");
        assert_eq!(change.inserted_range(), 1..2);
        assert_eq!(change.removed_range(), 1..3);
    }

    #[test]
    fn a_selection_keeps_its_direction() {
        let backwards = Selection {
            anchor: 9,
            cursor: 2,
        };
        assert_eq!(backwards.range(), 2..9);
        assert_eq!(Selection::from(2..9).cursor, 9);
        assert_eq!(Selection::caret(4).range(), 4..4);
    }
}
