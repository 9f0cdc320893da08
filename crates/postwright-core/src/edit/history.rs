//! Undo and redo for the body text, as a list of small changes rather than copies of the
//! whole text, so that a book-length post costs no more to edit than a note.
//!
//! Typing is grouped: a run of characters typed in one place within a short time undoes in
//! one step, as in every editor. Each applied step has a version number; the post is saved
//! when its current version equals the saved one, so undoing back to the saved text makes
//! the post clean again.

use super::{Change, Edit, Selection, StaleEdit};

/// Typing pauses longer than this (seconds) start a new undo step.
const GROUP_SECONDS: f64 = 1.5;

/// Steps kept; older ones are forgotten.
const MAX_STEPS: usize = 2_000;

/// Whether a change is a keystroke of typing: characters typed, or deleted one by one,
/// without a line break.
fn is_typing(change: &Change) -> bool {
    change.removed.is_empty() && !change.inserted.is_empty() && !change.inserted.contains('\n')
        || change.inserted.is_empty()
            && !change.removed.is_empty()
            && !change.removed.contains('\n')
}

#[derive(Clone, Debug)]
struct Step {
    /// The changes and the selection after them.
    edit: Edit,
    selection_before: Selection,
    version: u64,
    time: f64,
    typing: bool,
}

/// The undo history of one body text.
#[derive(Clone, Debug, Default)]
pub struct EditHistory {
    steps: Vec<Step>,
    /// How many steps are applied; steps after it can be redone.
    applied: usize,
    next_version: u64,
}

impl EditHistory {
    /// Records an edit already made to the text as one step (or adds it to the step being
    /// typed). `time` is in seconds.
    pub fn record(&mut self, edit: Edit, selection_before: Selection, time: f64) {
        if edit.is_empty() {
            return;
        }
        self.steps.truncate(self.applied);
        self.next_version += 1;
        let version = self.next_version;
        let typing = edit.changes.len() == 1 && is_typing(&edit.changes[0]);
        if typing
            && let Some(last) = self.steps.last_mut()
            && last.typing
            && time - last.time < GROUP_SECONDS
            && let (Some(previous), Some(change)) =
                (last.edit.changes.last_mut(), edit.changes.first())
            && extend_typing(previous, change)
        {
            last.edit.selection = edit.selection;
            last.time = time;
            last.version = version;
            return;
        }
        self.steps.push(Step {
            edit,
            selection_before,
            version,
            time,
            typing,
        });
        if self.steps.len() > MAX_STEPS {
            self.steps.remove(0);
        }
        self.applied = self.steps.len();
    }

    /// Undoes the last step on `text`; returns what it did to the text (`None` when there
    /// is nothing to undo). A text that no longer holds what the step made is left alone.
    pub fn undo(&mut self, text: &mut String) -> Result<Option<Edit>, StaleEdit> {
        let Some(step) = self
            .applied
            .checked_sub(1)
            .and_then(|index| self.steps.get(index))
        else {
            return Ok(None);
        };
        let undo = step.edit.inverted(step.selection_before);
        undo.apply(text)?;
        self.applied -= 1;
        Ok(Some(undo))
    }

    /// Redoes the step last undone; returns what it did to the text (`None` when there is
    /// nothing to redo).
    pub fn redo(&mut self, text: &mut String) -> Result<Option<Edit>, StaleEdit> {
        let Some(step) = self.steps.get(self.applied) else {
            return Ok(None);
        };
        step.edit.apply(text)?;
        self.applied += 1;
        Ok(Some(step.edit.clone()))
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.applied > 0
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.applied < self.steps.len()
    }

    /// Identifies the text as it is now: equal versions mean equal texts.
    pub fn version(&self) -> u64 {
        self.applied
            .checked_sub(1)
            .and_then(|index| self.steps.get(index))
            .map_or(0, |step| step.version)
    }

    /// Forgets everything (for example after the text was replaced by a reload).
    pub fn clear(&mut self) {
        self.steps.clear();
        self.applied = 0;
        // Versions keep increasing, so an old saved version never matches again.
        self.next_version += 1;
    }
}

/// Adds a typed character (or a backspace) to the change before it when they touch.
fn extend_typing(previous: &mut Change, next: &Change) -> bool {
    let previous_is_insert = previous.removed.is_empty();
    let next_is_insert = next.removed.is_empty();
    if previous_is_insert
        && next_is_insert
        && next.offset == previous.offset + previous.inserted.len()
    {
        previous.inserted.push_str(&next.inserted);
        return true;
    }
    if !previous_is_insert && !next_is_insert && previous.inserted.is_empty() {
        // Backspace: the next deletion ends where the previous one started.
        if next.offset + next.removed.len() == previous.offset {
            previous.removed.insert_str(0, &next.removed);
            previous.offset = next.offset;
            return true;
        }
        // Delete key: the next deletion starts at the same place.
        if next.offset == previous.offset {
            previous.removed.push_str(&next.removed);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    fn insert(text: &mut String, history: &mut EditHistory, offset: usize, what: &str, time: f64) {
        text.insert_str(offset, what);
        let change = Change {
            offset,
            removed: String::new(),
            inserted: what.to_owned(),
        };
        let after = Selection::caret(offset + what.len());
        history.record(Edit::new(change, after), Selection::caret(offset), time);
    }

    fn undo(history: &mut EditHistory, text: &mut String) -> Option<Range<usize>> {
        history
            .undo(text)
            .unwrap()
            .map(|edit| edit.selection.range())
    }

    fn redo(history: &mut EditHistory, text: &mut String) -> Option<Range<usize>> {
        history
            .redo(text)
            .unwrap()
            .map(|edit| edit.selection.range())
    }

    #[test]
    fn typing_groups_and_undoes_in_one_step() {
        let mut text = String::from("ab");
        let mut history = EditHistory::default();
        for (i, c) in ["x", "y", "z"].into_iter().enumerate() {
            insert(&mut text, &mut history, 1 + i, c, i as f64 * 0.2);
        }
        assert_eq!(text, "axyzb");
        assert_eq!(undo(&mut history, &mut text), Some(1..1));
        assert_eq!(text, "ab");
        assert_eq!(redo(&mut history, &mut text), Some(4..4));
        assert_eq!(text, "axyzb");
    }

    #[test]
    fn pauses_and_newlines_split_steps() {
        let mut text = String::new();
        let mut history = EditHistory::default();
        insert(&mut text, &mut history, 0, "a", 0.0);
        insert(&mut text, &mut history, 1, "b", 5.0);
        insert(&mut text, &mut history, 2, "\n", 5.1);
        undo(&mut history, &mut text);
        assert_eq!(text, "ab");
        undo(&mut history, &mut text);
        assert_eq!(text, "a");
    }

    #[test]
    fn versions_return_to_the_saved_text() {
        let mut text = String::from("hello");
        let mut history = EditHistory::default();
        let saved = history.version();
        insert(&mut text, &mut history, 5, "!", 0.0);
        assert_ne!(history.version(), saved);
        undo(&mut history, &mut text);
        assert_eq!(history.version(), saved);
        redo(&mut history, &mut text);
        let after_redo = history.version();
        insert(&mut text, &mut history, 6, "?", 0.5);
        assert_ne!(
            history.version(),
            after_redo,
            "a merged keystroke still changes the version"
        );
    }

    #[test]
    fn backspaces_group() {
        let mut text = String::from("abcd");
        let mut history = EditHistory::default();
        for (i, offset) in [3usize, 2, 1].into_iter().enumerate() {
            let removed = text[offset..offset + 1].to_owned();
            text.replace_range(offset..offset + 1, "");
            let change = Change {
                offset,
                removed,
                inserted: String::new(),
            };
            history.record(
                Edit::new(change, Selection::caret(offset)),
                Selection::caret(offset + 1),
                i as f64 * 0.1,
            );
        }
        assert_eq!(text, "a");
        undo(&mut history, &mut text);
        assert_eq!(text, "abcd");
    }

    #[test]
    fn a_new_edit_drops_the_redo_branch() {
        let mut text = String::new();
        let mut history = EditHistory::default();
        insert(&mut text, &mut history, 0, "a", 0.0);
        undo(&mut history, &mut text);
        insert(&mut text, &mut history, 0, "b", 1.0);
        assert!(!history.can_redo());
        assert_eq!(redo(&mut history, &mut text), None);
        assert_eq!(text, "b");
    }

    #[test]
    fn a_text_changed_behind_the_historys_back_is_left_alone() {
        let mut text = String::from("ab");
        let mut history = EditHistory::default();
        insert(&mut text, &mut history, 1, "x", 0.0);
        text.replace_range(1..2, "y");
        assert_eq!(history.undo(&mut text), Err(StaleEdit));
        assert_eq!(text, "ayb");
        assert!(history.can_undo());
    }
}
