//! What the editing keys do to Markdown text, as plain functions of the text and the
//! selection (byte offsets): Enter continuing lists and quotes, Tab indenting, word and
//! line boundaries. No egui here.

use std::ops::Range;

use super::{Assoc, Change, Edit, Selection, map_pos};

/// Spaces one Tab indents by. Four spaces nest any list item under any list item in
/// CommonMark (a child needs at least the parent's marker width, at most that plus three).
pub const INDENT: usize = 4;

/// The Markdown container prefix at the start of a line: indentation, block quote markers,
/// and a list item's marker and task box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinePrefix {
    /// Leading spaces and tabs.
    pub indent: String,
    /// Block quote markers with their spaces, like `"> "` or `"> > "`.
    pub quote: String,
    /// The list marker (`-`, `*`, `+`, `1.`, `3)`), if the line is a list item.
    pub marker: Option<String>,
    /// Spaces after the list marker.
    pub marker_space: String,
    /// The task box (`[ ]`, `[x]`) and the space after it, if any.
    pub task: Option<String>,
    /// Where the line's own content starts, in bytes from the line start.
    pub content_start: usize,
}

/// Reads the container prefix of `line` (no line ending).
pub fn line_prefix(line: &str) -> LinePrefix {
    let bytes = line.as_bytes();
    let indent_len = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let mut position = indent_len;
    while bytes.get(position) == Some(&b'>') {
        position += 1;
        while bytes.get(position) == Some(&b' ') {
            position += 1;
        }
    }
    let quote = line[indent_len..position].to_owned();
    let item_start = position;
    let marker_len = match bytes.get(position) {
        Some(b'-' | b'*' | b'+') => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes[position..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            match bytes.get(position + digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => 0,
            }
        }
        _ => 0,
    };
    let mut prefix = LinePrefix {
        indent: line[..indent_len].to_owned(),
        quote,
        marker: None,
        marker_space: String::new(),
        task: None,
        content_start: position,
    };
    let after = item_start + marker_len;
    let is_item = marker_len > 0 && matches!(bytes.get(after), None | Some(b' ' | b'\t'));
    // `---` and `***` are rules, not items.
    let is_rule = marker_len == 1 && {
        let rest = line[item_start..].trim_end();
        let first = bytes[item_start];
        rest.len() >= 3 && rest.bytes().all(|b| b == first || b == b' ')
    };
    if !is_item || is_rule {
        return prefix;
    }
    let spaces = bytes[after..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    prefix.marker = Some(line[item_start..after].to_owned());
    prefix.marker_space = line[after..after + spaces].to_owned();
    position = after + spaces;
    for task in ["[ ]", "[x]", "[X]"] {
        let end = position + task.len();
        if line[position..].starts_with(task) && matches!(bytes.get(end), None | Some(b' ')) {
            let with_space = if bytes.get(end) == Some(&b' ') {
                end + 1
            } else {
                end
            };
            prefix.task = Some(line[position..with_space].to_owned());
            position = with_space;
            break;
        }
    }
    prefix.content_start = position;
    prefix
}

/// The next item's marker: bullets repeat, numbers count up.
fn next_marker(marker: &str) -> String {
    let digits = marker.trim_end_matches(['.', ')']);
    match digits.parse::<u64>() {
        Ok(number) => format!("{}{}", number + 1, &marker[digits.len()..]),
        Err(_) => marker.to_owned(),
    }
}

/// The line around `offset`: its start and its end (before the `\n`).
pub fn line_bounds(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let end = text[offset..]
        .find('\n')
        .map_or(text.len(), |index| offset + index);
    start..end
}

/// Enter: a new line that continues the list item or quote the caret is in.
///
/// In `- item`, the new line starts with `- `; in `3. item`, with `4. `; in `- [x] task`,
/// with `- [ ] `; in `> quote`, with `> `. Enter on an item (or quote line) with nothing
/// in it removes its marker instead (or, for a nested item, moves it out one level), so
/// pressing Enter twice ends a list. Other lines keep their indentation. `in_code` turns
/// the list handling off (inside fenced code only the indentation carries on). Shift+Enter
/// is `plain`: a bare line break.
pub fn newline(text: &str, selection: Range<usize>, in_code: bool, plain: bool) -> Edit {
    let line = line_bounds(text, selection.start);
    let before_caret = &text[line.start..selection.start];
    if plain {
        return Edit::replace(text, selection, "\n".to_owned());
    }
    let prefix = line_prefix(&text[line.clone()]);
    let whole_line = &text[line.clone()];
    let caret_in_prefix = before_caret.len() < prefix.content_start;
    let has_container = !in_code && (prefix.marker.is_some() || !prefix.quote.is_empty());
    if !has_container || caret_in_prefix {
        // Keep the indentation of a line with text in it, when the caret is past it.
        let indent_len = whole_line.len() - whole_line.trim_start_matches([' ', '\t']).len();
        let keep = if whole_line.trim().is_empty() || before_caret.len() < indent_len {
            ""
        } else {
            &whole_line[..indent_len]
        };
        return Edit::replace(text, selection, format!("\n{keep}"));
    }
    let content_empty = whole_line[prefix.content_start..].trim().is_empty();
    if content_empty && selection.end >= line.end {
        // An empty item ends the list (or steps out of a nested one); an empty quote line
        // ends the quote.
        let replacement = match &prefix.marker {
            Some(marker) if !prefix.indent.is_empty() => {
                let cut = outdent_len(&prefix.indent);
                let space = if prefix.marker_space.is_empty() {
                    " "
                } else {
                    &prefix.marker_space
                };
                format!(
                    "{}{}{marker}{space}{}",
                    &prefix.indent[cut..],
                    prefix.quote,
                    prefix.task.as_deref().unwrap_or("")
                )
            }
            Some(_) => prefix.quote.clone(),
            None => {
                let quote = prefix.quote.trim_end();
                let fewer = quote[..quote.len().saturating_sub(1)].trim_end();
                if fewer.is_empty() {
                    String::new()
                } else {
                    format!("{}{fewer} ", prefix.indent)
                }
            }
        };
        return Edit::replace(text, line.start..selection.end.max(line.end), replacement);
    }
    let mut continuation = format!("\n{}{}", prefix.indent, prefix.quote);
    if let Some(marker) = &prefix.marker {
        continuation.push_str(&next_marker(marker));
        continuation.push_str(if prefix.marker_space.is_empty() {
            " "
        } else {
            &prefix.marker_space
        });
        if prefix.task.is_some() {
            continuation.push_str("[ ] ");
        }
    } else if !continuation.ends_with(' ') {
        continuation.push(' ');
    }
    Edit::replace(text, selection, continuation)
}

/// Tab and Shift+Tab.
///
/// With a selection, or with the caret in a list item, every line touched moves in (or
/// out) by [`INDENT`] spaces; outdenting takes off up to that many spaces or one tab.
/// Otherwise Tab inserts spaces up to the next multiple of [`INDENT`] columns (spaces, not
/// a tab character, since tabs mean different things to different Markdown tools), and
/// Shift+Tab outdents the line. Blank lines are left alone. Returns `None` when nothing
/// changes.
pub fn tab(text: &str, anchor: usize, cursor: usize, outdent: bool) -> Option<Edit> {
    let (start, end) = (anchor.min(cursor), anchor.max(cursor));
    let first_line = line_bounds(text, start);
    let is_item = line_prefix(&text[first_line.clone()]).marker.is_some();
    if start == end && !outdent && !is_item {
        let column = text[first_line.start..start].chars().count();
        let spaces = INDENT - column % INDENT;
        return Some(Edit::replace(text, start..end, " ".repeat(spaces)));
    }
    // The lines touched; a selection ending at a line start does not touch that line.
    let block = super::blocks::touched_lines(text, &(start..end));
    let mut rebuilt = String::with_capacity(block.len() + 16);
    // What happens to each line, last line first, so that each change's offset still
    // counts in the text the later lines' changes left: the selection moves through them.
    let mut line_changes: Vec<Change> = Vec::new();
    let mut line_start = block.start;
    for line in text[block.clone()].split('\n') {
        if !rebuilt.is_empty() || line_start > block.start {
            rebuilt.push('\n');
        }
        if line.trim().is_empty() {
            rebuilt.push_str(line);
        } else if outdent {
            let removed = outdent_len(line);
            rebuilt.push_str(&line[removed..]);
            if removed > 0 {
                line_changes.push(Change::replace(text, line_start..line_start + removed, ""));
            }
        } else {
            rebuilt.push_str(&" ".repeat(INDENT));
            rebuilt.push_str(line);
            line_changes.push(Change::replace(
                text,
                line_start..line_start,
                " ".repeat(INDENT),
            ));
        }
        line_start += line.len() + 1;
    }
    if line_changes.is_empty() {
        return None;
    }
    line_changes.reverse();
    // A caret at the start of a line goes in with it; a selection starting there keeps
    // the new indentation out.
    let assoc = if start == end {
        Assoc::After
    } else {
        Assoc::Before
    };
    let selection = Selection {
        anchor: map_pos(&line_changes, anchor, assoc),
        cursor: map_pos(&line_changes, cursor, assoc),
    };
    Some(Edit::new(Change::replace(text, block, rebuilt), selection))
}

/// How many bytes one step of outdenting takes off the start of `line`: a tab, or up to
/// [`INDENT`] spaces.
fn outdent_len(line: &str) -> usize {
    if line.starts_with('\t') {
        1
    } else {
        line.bytes().take(INDENT).take_while(|&b| b == b' ').count()
    }
}

/// Whether `c` is part of a word (for word moves, word deletion, double-click).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// The start of the word before `offset`: skips spaces and punctuation, then the word.
pub fn word_start_before(text: &str, offset: usize) -> usize {
    let mut position = offset;
    let mut chars = text[..offset].char_indices().rev().peekable();
    while let Some(&(index, c)) = chars.peek() {
        if is_word_char(c) {
            break;
        }
        position = index;
        chars.next();
        if c == '\n' {
            return position;
        }
    }
    for (index, c) in chars {
        if !is_word_char(c) {
            break;
        }
        position = index;
    }
    position
}

/// The end of the word after `offset`: skips spaces and punctuation, then the word.
pub fn word_end_after(text: &str, offset: usize) -> usize {
    let mut position = offset;
    let mut chars = text[offset..].char_indices().peekable();
    while let Some(&(index, c)) = chars.peek() {
        if is_word_char(c) {
            break;
        }
        position = offset + index + c.len_utf8();
        chars.next();
        if c == '\n' {
            return position;
        }
    }
    for (index, c) in chars {
        if !is_word_char(c) {
            break;
        }
        position = offset + index + c.len_utf8();
    }
    position
}

/// What a double-click at `offset` selects: the word there, or the run of spaces, or the
/// one punctuation character.
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let after = text[offset..].chars().next();
    let before = text[..offset].chars().next_back();
    let Some(probe) = after
        .filter(|&c| c != '\n')
        .or(before.filter(|&c| c != '\n'))
    else {
        return offset..offset;
    };
    let class = |c: char| {
        if is_word_char(c) {
            0
        } else if c == ' ' || c == '\t' {
            1
        } else {
            2
        }
    };
    let wanted = class(probe);
    if wanted == 2 {
        return if after == Some(probe) {
            offset..offset + probe.len_utf8()
        } else {
            offset - probe.len_utf8()..offset
        };
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c != '\n' && class(c) == wanted)
        .last()
        .map_or(offset, |(index, _)| index);
    let end = text[offset..]
        .char_indices()
        .take_while(|&(_, c)| c != '\n' && class(c) == wanted)
        .last()
        .map_or(offset, |(index, c)| offset + index + c.len_utf8());
    start..end
}

/// What a triple-click at `offset` selects: the whole line, its `\n` included.
pub fn line_at(text: &str, offset: usize) -> Range<usize> {
    let line = line_bounds(text, offset);
    line.start..(line.end + 1).min(text.len())
}

/// The character boundary before `offset`.
pub fn previous_char(text: &str, offset: usize) -> usize {
    text[..offset]
        .char_indices()
        .next_back()
        .map_or(0, |(index, _)| index)
}

/// The character boundary after `offset`.
pub fn next_char(text: &str, offset: usize) -> usize {
    text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies Enter at the `|` in `before` and shows the result with the caret as `|`.
    fn enter(before: &str) -> String {
        let caret = before.find('|').unwrap();
        let text = before.replace('|', "");
        let edit = newline(&text, caret..caret, false, false);
        let mut after = text.clone();
        edit.apply(&mut after).unwrap();
        assert_eq!(edit.selection.anchor, edit.selection.cursor);
        after.insert(edit.selection.cursor, '|');
        after
    }

    #[test]
    fn enter_continues_lists_and_quotes() {
        let cases = [
            ("- item|", "- item\n- |"),
            ("* item|", "* item\n* |"),
            ("1. one|", "1. one\n2. |"),
            ("9) nine|", "9) nine\n10) |"),
            ("- [x] done|", "- [x] done\n- [ ] |"),
            ("- [ ] todo|", "- [ ] todo\n- [ ] |"),
            ("  - nested|", "  - nested\n  - |"),
            ("> quote|", "> quote\n> |"),
            ("> - quoted item|", "> - quoted item\n> - |"),
            ("- split|here", "- split\n- |here"),
            ("plain|", "plain\n|"),
            ("    indented code|", "    indented code\n    |"),
            ("|- item", "\n|- item"),
            ("---|", "---\n|"),
            ("-not a list|", "-not a list\n|"),
        ];
        for (before, after) in cases {
            assert_eq!(enter(before), after, "{before:?}");
        }
    }

    #[test]
    fn enter_on_an_empty_item_ends_the_list() {
        let cases = [
            ("- one\n- |", "- one\n|"),
            ("1. one\n2. |", "1. one\n|"),
            ("- [ ] |", "|"),
            ("- one\n    - |", "- one\n- |"),
            ("> one\n> |", "> one\n|"),
            ("> > deep\n> > |", "> > deep\n> |"),
        ];
        for (before, after) in cases {
            assert_eq!(enter(before), after, "{before:?}");
        }
    }

    #[test]
    fn enter_in_code_keeps_only_indentation() {
        let text = "  - not an item in code";
        let edit = newline(text, text.len()..text.len(), true, false);
        assert_eq!(edit.changes[0].inserted, "\n  ");
        let edit = newline("- item", 6..6, false, true);
        assert_eq!(edit.changes[0].inserted, "\n");
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let mut after = text.to_owned();
        edit.apply(&mut after).unwrap();
        after
    }

    #[test]
    fn tab_indents_items_and_selections() {
        // A plain Tab pads to the next stop.
        let edit = tab("ab", 2, 2, false).unwrap();
        assert_eq!(apply("ab", &edit), "ab  ");
        assert_eq!(edit.selection.cursor, 4);
        // In a list item the whole item moves, the caret with it.
        let text = "- a\n- b";
        let edit = tab(text, 7, 7, false).unwrap();
        assert_eq!(apply(text, &edit), "- a\n    - b");
        assert_eq!(edit.selection.cursor, 11);
        let back = tab(&apply(text, &edit), 11, 11, true).unwrap();
        assert_eq!(apply(&apply(text, &edit), &back), text);
        assert_eq!(back.selection.cursor, 7);
        // A selection over lines indents each, skipping blank lines and the line where the
        // selection ends at its start.
        let text = "one\n\ntwo\nthree";
        let edit = tab(text, 0, 9, false).unwrap();
        assert_eq!(apply(text, &edit), "    one\n\n    two\nthree");
        assert_eq!((edit.selection.anchor, edit.selection.cursor), (0, 17));
        let out = tab("    one\n  two", 0, 13, true).unwrap();
        assert_eq!(apply("    one\n  two", &out), "one\ntwo");
        assert_eq!(tab("one", 0, 3, true), None);
    }

    #[test]
    fn word_boundaries() {
        let text = "Hello, wide_world! it's 42\nnext";
        assert_eq!(word_start_before(text, 12), 7);
        assert_eq!(word_start_before(text, 7), 0);
        assert_eq!(word_start_before(text, 0), 0);
        assert_eq!(word_end_after(text, 0), 5);
        assert_eq!(word_end_after(text, 5), 17);
        assert_eq!(word_end_after(text, 17), 23);
        // Word moves stop at line ends.
        assert_eq!(word_end_after(text, 26), 27);
        assert_eq!(word_start_before(text, 27), 26);
        assert_eq!(word_at(text, 9), 7..17);
        assert_eq!(word_at(text, 17), 17..18);
        assert_eq!(word_at(text, 5), 5..6);
        assert_eq!(word_at(text, 6), 6..7);
        assert_eq!(word_at(text, 26), 24..26);
        assert_eq!(word_at("héllo wörld", 10), 7..13);
        assert_eq!(line_at(text, 3), 0..27);
        assert_eq!(line_at(text, 28), 27..31);
        assert_eq!(previous_char("aé", 3), 1);
        assert_eq!(next_char("éa", 0), 2);
    }
}
