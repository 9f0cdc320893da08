//! Formatting commands on Markdown text: bold, italic, code and links around a selection.
//!
//! Each command takes the text and a selection (byte offsets) and returns an [`Edit`]: the
//! replacement to make and where the selection goes afterwards. The app applies it as one
//! undoable step. Applying the same marker to a selection that already has it removes it,
//! as in every word processor.

use std::ops::Range;

use super::{Change, Edit};

/// Inline formatting applied by a marker on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    /// `**bold**`
    Bold,
    /// `*italic*`
    Italic,
    /// `` `code` ``
    Code,
    /// `~~struck~~`
    Strikethrough,
}

impl Inline {
    fn marker(self) -> &'static str {
        match self {
            Inline::Bold => "**",
            Inline::Italic => "*",
            Inline::Code => "`",
            Inline::Strikethrough => "~~",
        }
    }
}

fn clamp(text: &str, selection: &Range<usize>) -> Range<usize> {
    let (start, end) = (
        text.floor_char_boundary(selection.start),
        text.floor_char_boundary(selection.end),
    );
    start.min(end)..start.max(end)
}

/// Replaces `range` of `text` with `replacement`, leaving `selection` selected.
pub(super) fn edit(
    text: &str,
    range: Range<usize>,
    replacement: String,
    selection: Range<usize>,
) -> Edit {
    Edit::new(Change::replace(text, range, replacement), selection)
}

/// Wraps the selection in `style`'s marker, or removes the marker if the selection is
/// already wrapped. With nothing selected, inserts a pair of markers with the cursor
/// between them. Whitespace at the edges of the selection stays outside the markers, since
/// `** bold**` is not bold in Markdown.
///
/// Code on a selection that spans lines makes a fenced code block instead.
pub fn toggle_inline(text: &str, selection: Range<usize>, style: Inline) -> Edit {
    let selection = clamp(text, &selection);
    let marker = style.marker();
    let selected = &text[selection.clone()];
    if style == Inline::Code && selected.contains('\n') {
        return super::blocks::toggle_code_block(text, selection);
    }
    // Already wrapped, markers inside the selection: `**word**` selected.
    if selected.len() >= 2 * marker.len()
        && selected.starts_with(marker)
        && selected.ends_with(marker)
        && !is_longer_run(selected, marker, style)
    {
        let inner = &selected[marker.len()..selected.len() - marker.len()];
        let unwrapped = selection.start..selection.start + inner.len();
        return edit(text, selection, inner.to_owned(), unwrapped);
    }
    // Already wrapped, markers just outside the selection: `word` selected in `**word**`.
    let before = &text[..selection.start];
    let after = &text[selection.end..];
    if before.ends_with(marker)
        && after.starts_with(marker)
        && !outer_run_is_longer(before, after, marker, style)
    {
        let range = selection.start - marker.len()..selection.end + marker.len();
        let unwrapped = selection.start - marker.len()..selection.end - marker.len();
        return edit(text, range, selected.to_owned(), unwrapped);
    }
    let trimmed_start = selected.len() - selected.trim_start().len();
    let trimmed_end = selected.len() - selected.trim_end().len();
    let inner = selected.trim();
    let inner_start = selection.start + trimmed_start;
    if inner.is_empty() {
        let at = selection.end;
        let between = at + marker.len()..at + marker.len();
        return edit(text, at..at, format!("{marker}{marker}"), between);
    }
    let replacement = format!(
        "{}{marker}{inner}{marker}{}",
        &selected[..trimmed_start],
        &selected[selected.len() - trimmed_end..]
    );
    let new_start = inner_start + marker.len();
    edit(
        text,
        selection,
        replacement,
        new_start..new_start + inner.len(),
    )
}

/// `*` inside `**bold**` is not an italic marker: a run of the marker character longer than
/// the marker means a different style.
fn is_longer_run(selected: &str, marker: &str, style: Inline) -> bool {
    if style != Inline::Italic {
        return false;
    }
    let Some(first) = marker.chars().next() else {
        return false;
    };
    let leading = selected.chars().take_while(|&c| c == first).count();
    leading == 2
}

fn outer_run_is_longer(before: &str, after: &str, marker: &str, style: Inline) -> bool {
    if style != Inline::Italic {
        return false;
    }
    let Some(first) = marker.chars().next() else {
        return false;
    };
    let leading = before.chars().rev().take_while(|&c| c == first).count();
    let trailing = after.chars().take_while(|&c| c == first).count();
    leading == 2 && trailing == 2
}

/// Makes the selection a link to `url`: `[selection](url)`. With nothing selected, the URL
/// itself becomes the text, selected so the author can type over it.
pub fn link(text: &str, selection: Range<usize>, url: &str) -> Edit {
    let selection = clamp(text, &selection);
    let selected = &text[selection.clone()];
    let url = url.trim();
    let destination = if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_owned()
    };
    let label = if selected.trim().is_empty() {
        url
    } else {
        selected
    };
    let label = escape_link_text(label);
    let replacement = format!("[{label}]({destination})");
    let label_start = selection.start + 1;
    let label = label_start..label_start + label.len();
    edit(text, selection, replacement, label)
}

/// Brackets in link text must be escaped or balanced; escaping is always safe.
fn escape_link_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut previous_backslash = false;
    for c in text.chars() {
        if (c == '[' || c == ']') && !previous_backslash {
            escaped.push('\\');
        }
        previous_backslash = c == '\\' && !previous_backslash;
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, selection: Range<usize>, style: Inline) -> (String, String) {
        let edit = toggle_inline(text, selection, style);
        let mut out = text.to_owned();
        edit.apply(&mut out).unwrap();
        let selected = out[edit.selection.range()].to_owned();
        (out, selected)
    }

    #[test]
    fn bold_wraps_and_unwraps() {
        assert_eq!(
            run("make this bold", 5..9, Inline::Bold),
            ("make **this** bold".into(), "this".into())
        );
        assert_eq!(
            run("make **this** bold", 7..11, Inline::Bold),
            ("make this bold".into(), "this".into())
        );
        assert_eq!(
            run("make **this** bold", 5..13, Inline::Bold),
            ("make this bold".into(), "this".into())
        );
    }

    #[test]
    fn whitespace_stays_outside_the_markers() {
        assert_eq!(
            run("a word here", 1..7, Inline::Italic),
            ("a *word* here".into(), "word".into())
        );
    }

    #[test]
    fn empty_selection_inserts_a_pair() {
        let edit = toggle_inline("ab", 1..1, Inline::Bold);
        let mut out = "ab".to_owned();
        edit.apply(&mut out).unwrap();
        assert_eq!(out, "a****b");
        assert_eq!(edit.selection.range(), 3..3);
    }

    #[test]
    fn italic_is_not_confused_with_bold() {
        assert_eq!(
            run("**bold**", 2..6, Inline::Italic),
            ("***bold***".into(), "bold".into())
        );
        assert_eq!(
            run("*it*", 1..3, Inline::Italic),
            ("it".into(), "it".into())
        );
    }

    #[test]
    fn code_spanning_lines_becomes_a_fence() {
        let (out, selected) = run("intro\nlet a = 1;\nlet b = 2;\nend", 8..20, Inline::Code);
        assert_eq!(out, "intro\n```\nlet a = 1;\nlet b = 2;\n```\nend");
        assert_eq!(selected, "let a = 1;\nlet b = 2;");
        // Again on the block takes the fences away, as the other styles toggle off.
        let (out, _) = run("```\nx\n```", 0..9, Inline::Code);
        assert_eq!(out, "x");
    }

    #[test]
    fn links() {
        let edit = link("see the docs now", 4..12, "https://example.org/docs");
        let mut out = "see the docs now".to_owned();
        edit.apply(&mut out).unwrap();
        assert_eq!(out, "see [the docs](https://example.org/docs) now");
        assert_eq!(&out[edit.selection.range()], "the docs");
        let edit = link("", 0..0, "https://example.org/a b");
        let mut out = String::new();
        edit.apply(&mut out).unwrap();
        assert_eq!(out, "[https://example.org/a b](<https://example.org/a b>)");
        let edit = link("a [b] c", 0..7, "x");
        let mut out = "a [b] c".to_owned();
        edit.apply(&mut out).unwrap();
        assert_eq!(out, "[a \\[b\\] c](x)");
    }

    #[test]
    fn selection_is_clamped_to_char_boundaries() {
        let (out, _) = run("héllo", 1..2, Inline::Bold);
        assert!(out.contains("**"), "{out}");
    }
}
