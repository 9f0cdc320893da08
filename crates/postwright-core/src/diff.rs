//! What differs between two versions of a post, in lines, for showing an author what a
//! recovered copy or a file changed on disk would bring.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// How a line of a difference preview relates to the two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineChange {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, shown for context.
    Same,
}

/// A short account of the differences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffSummary {
    /// Lines only in the new version.
    pub added: usize,
    /// Lines only in the old version.
    pub removed: usize,
    /// The first changed lines with a little context, at most [`PREVIEW_LINES`].
    pub preview: Vec<(LineChange, String)>,
}

/// Lines of preview at most.
pub const PREVIEW_LINES: usize = 14;

impl DiffSummary {
    /// Whether the two versions are the same.
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.removed == 0
    }

    /// "+3 lines, −1 line".
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "no differences".to_owned();
        }
        let lines = |count: usize| if count == 1 { "line" } else { "lines" };
        format!(
            "+{} {}, −{} {}",
            self.added,
            lines(self.added),
            self.removed,
            lines(self.removed)
        )
    }
}

/// Compares `old` with `new` line by line (giving up on fine detail after a moment for
/// very large, very different texts).
pub fn summarize(old: &str, new: &str) -> DiffSummary {
    let diff = TextDiff::configure()
        .timeout(Duration::from_millis(300))
        .diff_lines(old, new);
    let mut summary = DiffSummary::default();
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => summary.added += 1,
            ChangeTag::Delete => summary.removed += 1,
            ChangeTag::Equal => {}
        }
    }
    'groups: for group in diff.grouped_ops(1) {
        for op in group {
            for change in diff.iter_changes(&op) {
                if summary.preview.len() >= PREVIEW_LINES {
                    break 'groups;
                }
                let kind = match change.tag() {
                    ChangeTag::Insert => LineChange::Added,
                    ChangeTag::Delete => LineChange::Removed,
                    ChangeTag::Equal => LineChange::Same,
                };
                let text = change.value().trim_end_matches(['\n', '\r']).to_owned();
                summary.preview.push((kind, text));
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_previews() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nB\nc\nd\ne\n";
        let summary = summarize(old, new);
        assert_eq!((summary.added, summary.removed), (2, 1));
        assert_eq!(summary.describe(), "+2 lines, −1 line");
        assert!(
            summary
                .preview
                .contains(&(LineChange::Removed, "b".to_owned()))
        );
        assert!(
            summary
                .preview
                .contains(&(LineChange::Added, "e".to_owned()))
        );
        assert!(summarize(old, old).is_empty());
    }
}
