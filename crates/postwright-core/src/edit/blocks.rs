//! Block formatting commands on Markdown text: headings, lists, quotes, code blocks, rules
//! and tables, for the Format menu.
//!
//! Each command works on the lines the selection touches (the caret's line when nothing is
//! selected), returns one [`Edit`] that the window applies as one undo step, and
//! toggles off: a heading made a heading of the same level again becomes a paragraph,
//! a list made the same list again becomes plain lines. The selection follows the text it
//! was on.

use std::ops::Range;

use super::commands::edit;
use super::keys::line_bounds;
use super::{Change, Edit};

/// The kinds of list the Format menu makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// `- item`
    Bulleted,
    /// `1. item`
    Numbered,
    /// `- [ ] item`
    Task,
}

/// The byte range of the whole lines that `selection` touches, without the last line's
/// line break. A selection that ends at the very start of a line does not take that line.
pub fn touched_lines(text: &str, selection: &Range<usize>) -> Range<usize> {
    let start = text.floor_char_boundary(selection.start.min(selection.end));
    let mut end = text.floor_char_boundary(selection.start.max(selection.end));
    if end > start && text[..end].ends_with('\n') {
        end -= 1;
    }
    line_bounds(text, start).start..line_bounds(text, end).end
}

/// Makes the touched lines headings of `level` (1 to 6), or paragraphs with level 0.
/// Lines that already are headings of that level become paragraphs.
pub fn set_heading(text: &str, selection: Range<usize>, level: u8) -> Edit {
    let level = level.min(6) as usize;
    let lines = touched_lines(text, &selection);
    let all_at_level = level > 0
        && text[lines.clone()]
            .split('\n')
            .all(|line| heading_marker(line).is_some_and(|(found, _)| found == level));
    let new_marker = if level == 0 || all_at_level {
        String::new()
    } else {
        format!("{} ", "#".repeat(level))
    };
    rewrite_prefixes(text, selection, |line| {
        let old = heading_marker(line).map_or(0, |(_, length)| length);
        (0..old, new_marker.clone())
    })
}

/// Turns the touched lines into a list of `kind`, or back into plain lines when they
/// already are one. Other list markers are replaced; indentation stays.
pub fn toggle_list(text: &str, selection: Range<usize>, kind: ListKind) -> Edit {
    let lines = touched_lines(text, &selection);
    let items: Vec<&str> = text[lines]
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .collect();
    let all_of_kind = !items.is_empty()
        && items
            .iter()
            .all(|line| list_marker(line).is_some_and(|(found, _)| found == kind));
    let mut number = 0;
    rewrite_prefixes(text, selection, |line| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let old = list_marker(line).map_or(0, |(_, length)| length);
        if line.trim().is_empty() {
            return (indent..indent, String::new());
        }
        let marker = if all_of_kind {
            String::new()
        } else {
            number += 1;
            match kind {
                ListKind::Bulleted => "- ".to_owned(),
                ListKind::Numbered => format!("{number}. "),
                ListKind::Task => "- [ ] ".to_owned(),
            }
        };
        (indent..indent + old, marker)
    })
}

/// Quotes the touched lines, or takes one level of quoting away when all of them are
/// quoted already.
pub fn toggle_quote(text: &str, selection: Range<usize>) -> Edit {
    let lines = touched_lines(text, &selection);
    let all_quoted = text[lines]
        .split('\n')
        .all(|line| line.trim_start_matches(' ').starts_with('>'));
    rewrite_prefixes(text, selection, |line| {
        if all_quoted {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent + 1..];
            let marker = 1 + usize::from(rest.starts_with(' '));
            (indent..indent + marker, String::new())
        } else if line.is_empty() {
            (0..0, ">".to_owned())
        } else {
            (0..0, "> ".to_owned())
        }
    })
}

/// Puts the touched lines in a fenced code block, or takes the fences away when the lines
/// are a fenced block already (first and last line a fence).
pub fn toggle_code_block(text: &str, selection: Range<usize>) -> Edit {
    let lines = touched_lines(text, &selection);
    let block = &text[lines.clone()];
    let rows: Vec<&str> = block.split('\n').collect();
    if rows.len() >= 2 {
        let first = rows[0].trim_start();
        let last = rows[rows.len() - 1].trim();
        let fence_length = first.len() - first.trim_start_matches('`').len();
        if fence_length >= 3 && last.len() >= fence_length && last.chars().all(|c| c == '`') {
            let inner_start = lines.start + rows[0].len() + 1;
            let inner_end = lines.end - rows[rows.len() - 1].len();
            let inner = text[inner_start..inner_end.max(inner_start)]
                .strip_suffix('\n')
                .unwrap_or(&text[inner_start..inner_end.max(inner_start)]);
            return edit(
                text,
                lines.clone(),
                inner.to_owned(),
                lines.start..lines.start + inner.len(),
            );
        }
    }
    let longest_run = block.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    let replacement = format!("{fence}\n{block}\n{fence}");
    let body_start = lines.start + fence.len() + 1;
    edit(
        text,
        lines,
        replacement,
        body_start..body_start + block.len(),
    )
}

/// Inserts a horizontal rule (`---`) as a block of its own after the caret's line.
pub fn horizontal_rule(text: &str, selection: Range<usize>) -> Edit {
    insert_block(text, selection, "---", 3..3)
}

/// The skeleton of a table with three columns and two rows, its pipes aligned.
pub const TABLE_SKELETON: &str = "| Column 1 | Column 2 | Column 3 |\n\
                                  | -------- | -------- | -------- |\n\
                                  |          |          |          |\n\
                                  |          |          |          |";

/// Inserts a table skeleton as a block of its own after the caret's line, with its first
/// heading selected for typing over.
pub fn insert_table(text: &str, selection: Range<usize>) -> Edit {
    insert_block(text, selection, TABLE_SKELETON, 2..10)
}

/// Inserts `block` after the touched lines (or in place of an empty line), with one blank
/// line on each side; `select` is the range of `block` to select afterwards.
fn insert_block(text: &str, selection: Range<usize>, block: &str, select: Range<usize>) -> Edit {
    let lines = touched_lines(text, &selection);
    let line_is_empty = text[lines.clone()].trim().is_empty();
    let at = if line_is_empty {
        lines.start
    } else {
        lines.end
    };
    let before = &text[..at];
    let after = &text[if line_is_empty { lines.end } else { at }..];
    let lead = if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let trail = if after.starts_with("\n\n") || after == "\n" {
        ""
    } else if after.starts_with('\n') || after.is_empty() {
        "\n"
    } else {
        "\n\n"
    };
    let replacement = format!("{lead}{block}{trail}");
    let block_start = at + lead.len();
    let range = at..if line_is_empty { lines.end } else { at };
    edit(
        text,
        range,
        replacement,
        block_start + select.start..block_start + select.end,
    )
}

/// Rewrites the start of each touched line: `rewrite(line)` names the byte range of the
/// line to replace (its old marker) and what goes there. The selection keeps to the text
/// it was on; an end inside a replaced marker moves to the new marker's end.
fn rewrite_prefixes(
    text: &str,
    selection: Range<usize>,
    mut rewrite: impl FnMut(&str) -> (Range<usize>, String),
) -> Edit {
    let lines = touched_lines(text, &selection);
    let mut replacement = String::with_capacity(lines.len() + 16);
    // Per line: where it started before and after the edit, its old marker, the new
    // marker's length.
    let mut rewritten = Vec::new();
    let mut line_start = lines.start;
    for (index, line) in text[lines.clone()].split('\n').enumerate() {
        if index > 0 {
            replacement.push('\n');
        }
        let (marker, new_marker) = rewrite(line);
        rewritten.push((
            line_start,
            lines.start + replacement.len(),
            marker.clone(),
            new_marker.len(),
        ));
        replacement.push_str(&line[..marker.start]);
        replacement.push_str(&new_marker);
        replacement.push_str(&line[marker.end..]);
        line_start += line.len() + 1;
    }
    let delta = replacement.len() as isize - lines.len() as isize;
    // The start of a selection stays before a new marker, so that whole lines selected
    // stay selected with their markers; an end, or the caret, goes after it.
    let moved = |position: usize, before_marker: bool| {
        if position > lines.end {
            return (position as isize + delta) as usize;
        }
        let Some((old_start, new_start, marker, new_len)) = rewritten
            .iter()
            .rev()
            .find(|(old_start, ..)| *old_start <= position)
        else {
            return position;
        };
        let in_line = position - old_start;
        let new_in_line = if in_line < marker.start || before_marker && in_line == marker.start {
            in_line
        } else if in_line <= marker.end {
            marker.start + new_len
        } else {
            in_line - marker.len() + new_len
        };
        new_start + new_in_line
    };
    let (start, end) = (
        selection.start.min(selection.end),
        selection.start.max(selection.end),
    );
    let selection = if start == end {
        let caret = moved(end, false);
        caret..caret
    } else {
        moved(start, true)..moved(end, false)
    };
    Edit::new(Change::replace(text, lines, replacement), selection)
}

/// The level of an ATX heading marker at the start of `line` and the marker's length with
/// the blank after it.
fn heading_marker(line: &str) -> Option<(usize, usize)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if rest.is_empty() {
        return Some((hashes, hashes));
    }
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (blanks > 0).then_some((hashes, hashes + blanks))
}

/// The kind of a list marker after the indentation of `line` and the marker's length with
/// the blank after it (`- `, `* `, `+ `, `1. `, `1) `, `- [ ] `, `- [x] `).
fn list_marker(line: &str) -> Option<(ListKind, usize)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let bullet = rest.starts_with(['-', '*', '+']);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (kind, length) = if bullet && rest[1..].starts_with(' ') {
        let after = &rest[2..];
        if after.starts_with("[ ] ") || after.starts_with("[x] ") || after.starts_with("[X] ") {
            (ListKind::Task, 6)
        } else {
            (ListKind::Bulleted, 2)
        }
    } else if (1..=9).contains(&digits)
        && rest[digits..].starts_with([')', '.'])
        && rest[digits + 1..].starts_with(' ')
    {
        (ListKind::Numbered, digits + 2)
    } else {
        return None;
    };
    Some((kind, length))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `command` to `text` with the selection marked by `[` and `]` (or the caret
    /// by `|`), and returns the result marked the same way.
    fn run(marked: &str, command: impl Fn(&str, Range<usize>) -> Edit) -> String {
        let (text, selection) = unmark(marked);
        let edit = command(&text, selection);
        let mut out = text.clone();
        edit.apply(&mut out).expect("the edit fits the text");
        mark(&out, &edit.selection.range())
    }

    fn unmark(marked: &str) -> (String, Range<usize>) {
        if let Some(caret) = marked.find('|') {
            let text = marked.replacen('|', "", 1);
            return (text, caret..caret);
        }
        let start = marked.find('[').expect("a [ mark");
        let text = marked.replacen('[', "", 1);
        let end = text.rfind(']').expect("a ] mark");
        (text[..end].to_owned() + &text[end + 1..], start..end)
    }

    fn mark(text: &str, selection: &Range<usize>) -> String {
        if selection.is_empty() {
            format!("{}|{}", &text[..selection.start], &text[selection.start..])
        } else {
            format!(
                "{}[{}]{}",
                &text[..selection.start],
                &text[selection.clone()],
                &text[selection.end..]
            )
        }
    }

    #[test]
    fn headings_set_change_and_toggle_off() {
        let h2 = |text: &str, selection| set_heading(text, selection, 2);
        assert_eq!(run("Intro\n\nTi|tle\n", h2), "Intro\n\n## Ti|tle\n");
        assert_eq!(run("# Ti|tle\n", h2), "## Ti|tle\n");
        assert_eq!(run("## Ti|tle\n", h2), "Ti|tle\n");
        assert_eq!(run("|## Title\n", |t, s| set_heading(t, s, 0)), "|Title\n");
        assert_eq!(run("#hashtag|\n", h2), "## #hashtag|\n");
        assert_eq!(
            run("[one\ntwo]\n", |t, s| set_heading(t, s, 3)),
            "[### one\n### two]\n"
        );
    }

    #[test]
    fn lists_of_each_kind_and_back() {
        let bulleted = |t: &str, s| toggle_list(t, s, ListKind::Bulleted);
        let numbered = |t: &str, s| toggle_list(t, s, ListKind::Numbered);
        let task = |t: &str, s| toggle_list(t, s, ListKind::Task);
        assert_eq!(run("[eggs\nmilk]\n", bulleted), "[- eggs\n- milk]\n");
        assert_eq!(run("[- eggs\n- milk]\n", bulleted), "[eggs\nmilk]\n");
        assert_eq!(
            run("[- eggs\n\n- milk]\n", numbered),
            "[1. eggs\n\n2. milk]\n"
        );
        assert_eq!(run("  - eg|gs\n", task), "  - [ ] eg|gs\n");
        assert_eq!(run("- [x] do|ne\n", task), "do|ne\n");
        assert_eq!(run("1. fi|rst\n", bulleted), "- fi|rst\n");
    }

    #[test]
    fn quotes_add_a_level_and_take_one_away() {
        assert_eq!(run("[one\n\ntwo]\n", toggle_quote), "[> one\n>\n> two]\n");
        assert_eq!(run("[> one\n>\n> two]\n", toggle_quote), "[one\n\ntwo]\n");
        assert_eq!(run("> > dee|p\n", toggle_quote), "> dee|p\n");
    }

    #[test]
    fn code_blocks_fence_and_unfence() {
        assert_eq!(
            run("[let a = 1;\nlet b = 2;]\n", toggle_code_block),
            "```\n[let a = 1;\nlet b = 2;]\n```\n"
        );
        assert_eq!(
            run("[```\nlet a = 1;\n```]\n", toggle_code_block),
            "[let a = 1;]\n"
        );
        assert_eq!(
            run("uses ``` in |it\n", toggle_code_block),
            "````\n[uses ``` in it]\n````\n"
        );
    }

    #[test]
    fn rules_and_tables_are_blocks_of_their_own() {
        assert_eq!(
            run("One.|\nTwo.\n", horizontal_rule),
            "One.\n\n---|\n\nTwo.\n"
        );
        assert_eq!(
            run("One.\n\n|\n\nTwo.\n", horizontal_rule),
            "One.\n\n---|\n\nTwo.\n"
        );
        let table = run("Intro.|\n", insert_table);
        assert!(
            table.starts_with("Intro.\n\n| [Column 1] | Column 2 |"),
            "{table}"
        );
        assert!(
            table.ends_with("|          |          |          |\n"),
            "{table}"
        );
        let rows: Vec<&str> = TABLE_SKELETON.lines().collect();
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|row| row.len() == rows[0].len()));
    }

    #[test]
    fn a_selection_ending_at_a_line_start_leaves_that_line_alone() {
        let bulleted = |t: &str, s| toggle_list(t, s, ListKind::Bulleted);
        assert_eq!(run("[one\n]two\n", bulleted), "[- one\n]two\n");
    }
}
