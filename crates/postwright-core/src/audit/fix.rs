//! Fixes as plain changes of the body ([`Change`]s, which remember what they replace):
//! turn a bare address into a link, remove a link but keep its text, remove it entirely,
//! remove a hidden element, or change an address. [`fix_edit`] makes them one [`Edit`] for
//! the window's undo history, [`apply_edits`] applies them; a fix the body has moved on
//! from is refused, never half made. Nothing here knows about the editor.

use std::fmt;
use std::ops::Range;

use super::address::Address;
use super::{Link, LinkKind};
use crate::destination;
use crate::edit::{Change, Edit, Selection};
use crate::markdown;

/// What a fix does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixKind {
    /// A bare address becomes an autolink: `<https://…>`.
    MakeAutolink,
    /// A bare address becomes a link named after its site: `[example.org](https://…)`.
    MakeNamedLink,
    /// A bare address is deleted.
    RemoveBareUrl,
    /// The link goes, its text stays ("unlink").
    Unlink,
    /// The link and its text go.
    RemoveLink,
    /// The raw HTML element that hides the link goes, with everything in it.
    RemoveHiddenElement,
}

/// A one-click fix: a label for the button and the edits to apply together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does.
    pub kind: FixKind,
    /// The button's label, such as "Remove link, keep its text".
    pub label: String,
    /// The changes, each in the body the fix was computed from; they do not overlap.
    pub edits: Vec<Change>,
}

/// Why an edit could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The body changed since the audit: it no longer holds what a change replaces.
    OutOfDate,
    /// Two edits overlap.
    Overlapping,
    /// The address is in the front matter; change it in the metadata form.
    NotInBody,
    /// The address cannot be located exactly in the body (written with entities, or in a
    /// `srcset` list); edit it by hand.
    NotEditable,
    /// The new address cannot be written there, and why.
    InvalidUrl(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::OutOfDate => {
                f.write_str("the post changed since it was checked; check the links again")
            }
            EditError::Overlapping => f.write_str("the changes overlap; apply them one at a time"),
            EditError::NotInBody => {
                f.write_str("this address is in the front matter; change it in the metadata form")
            }
            EditError::NotEditable => f.write_str(
                "this address cannot be changed automatically; edit it in the text by hand",
            ),
            EditError::InvalidUrl(why) => write!(f, "the new address cannot be used: {why}"),
        }
    }
}

impl std::error::Error for EditError {}

/// The fixes that apply to a link (without "edit URL", which needs the new address: see
/// [`edit_url`]).
pub fn link_fixes(body: &str, link: &Link) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let Some(range) = link
        .range()
        .filter(|range| body.get(range.clone()).is_some())
    else {
        return fixes;
    };
    let mut add = |kind: FixKind, label: String, edits: Vec<Change>| {
        fixes.push(Fix { kind, label, edits });
    };
    if link.kind == LinkKind::BareUrl {
        let address = Address::parse(&link.url);
        let full = if destination::scheme(&link.url).is_some() {
            link.url.clone()
        } else {
            format!("https://{}", link.url)
        };
        let name = address
            .domain()
            .or_else(|| Address::parse(&full).domain())
            .unwrap_or_else(|| link.url.clone());
        add(
            FixKind::MakeAutolink,
            "Make it a link".to_owned(),
            vec![Change::replace(
                body,
                range.clone(),
                format!("<{}>", angle_safe(&full)),
            )],
        );
        add(
            FixKind::MakeNamedLink,
            format!("Make it a link named {name}"),
            vec![Change::replace(
                body,
                range.clone(),
                format!(
                    "[{}]({})",
                    escape_link_text(&name),
                    markdown_destination(&full)
                ),
            )],
        );
        add(
            FixKind::RemoveBareUrl,
            "Remove the address".to_owned(),
            vec![removal(body, range)],
        );
    } else {
        let anchor_or_markdown = match &link.html {
            Some((element, _)) => element == "a",
            None => link.kind != LinkKind::FrontMatter,
        };
        if anchor_or_markdown && let Some(text_range) = &link.text_range {
            let text = body.get(text_range.clone()).unwrap_or_default();
            if !text.trim().is_empty() {
                add(
                    FixKind::Unlink,
                    "Remove link, keep its text".to_owned(),
                    vec![Change::replace(body, range.clone(), text)],
                );
            }
        }
        let what = if link.usage == super::Usage::Image {
            "image"
        } else {
            "link"
        };
        add(
            FixKind::RemoveLink,
            format!("Remove the {what} and its text"),
            vec![removal(body, range)],
        );
    }
    if let Some(hiding) = &link.hidden
        && let Some(element_range) = &hiding.element_range
        && body.get(element_range.clone()).is_some()
    {
        add(
            FixKind::RemoveHiddenElement,
            format!(
                "Remove the hidden <{}> and everything in it",
                hiding.element
            ),
            vec![removal(body, element_range.clone())],
        );
    }
    fixes
}

/// The edits that change a link's address to `new_url`, written the way the link is
/// written (Markdown destination, reference definition, HTML attribute value).
pub fn edit_url(body: &str, link: &Link, new_url: &str) -> Result<Vec<Change>, EditError> {
    let new_url = new_url.trim();
    if new_url.is_empty() {
        return Err(EditError::InvalidUrl("it is empty".to_owned()));
    }
    if new_url.contains(['\n', '\r']) {
        return Err(EditError::InvalidUrl("it contains a line break".to_owned()));
    }
    let located = |range: &Option<Range<usize>>| {
        range
            .clone()
            .filter(|range| body.get(range.clone()).is_some())
            .ok_or(EditError::NotEditable)
    };
    let edit = |range: Range<usize>, replacement: String| -> Result<Vec<Change>, EditError> {
        let removed = body.get(range.clone()).ok_or(EditError::NotEditable)?;
        Ok(vec![Change {
            offset: range.start,
            removed: removed.to_owned(),
            inserted: replacement,
        }])
    };
    // A Markdown destination, written as it is already written: in angle brackets or not.
    let destination = |range: Range<usize>| {
        let in_angles = range.start > 0 && body.as_bytes()[range.start - 1] == b'<';
        if in_angles {
            edit(range, angle_safe(new_url))
        } else {
            edit(range, markdown_destination(new_url))
        }
    };
    match link.kind {
        LinkKind::FrontMatter => Err(EditError::NotInBody),
        LinkKind::BareUrl => {
            if new_url.contains(char::is_whitespace) {
                return Err(EditError::InvalidUrl("it contains spaces".to_owned()));
            }
            edit(
                link.range().ok_or(EditError::NotEditable)?,
                new_url.to_owned(),
            )
        }
        LinkKind::Autolink => {
            if destination::scheme(new_url).is_none() || new_url.contains(char::is_whitespace) {
                return Err(EditError::InvalidUrl(
                    "an address in angle brackets needs a scheme such as https:// and no spaces"
                        .to_owned(),
                ));
            }
            edit(located(&link.url_range)?, angle_safe(new_url))
        }
        LinkKind::Inline => destination(located(&link.url_range)?),
        LinkKind::Reference => {
            let label = link.reference.as_deref().ok_or(EditError::NotEditable)?;
            let parser = markdown::parser(body);
            let definition = parser
                .reference_definitions()
                .get(label)
                .ok_or(EditError::NotEditable)?;
            let range = definition_destination(body, definition.span.clone())
                .ok_or(EditError::NotEditable)?;
            destination(range)
        }
        LinkKind::Html => {
            let range = located(&link.url_range)?;
            let quote = range
                .start
                .checked_sub(1)
                .map(|before| body.as_bytes()[before])
                .filter(|byte| matches!(byte, b'"' | b'\''));
            let escaped = new_url.replace('&', "&amp;");
            match quote {
                Some(b'\'') => edit(range, escaped.replace('\'', "&#39;")),
                Some(_) => edit(range, escaped.replace('"', "&quot;")),
                None => edit(range, format!("\"{}\"", escaped.replace('"', "&quot;"))),
            }
        }
    }
}

/// A fix's changes (each in the body the audit read, none overlapping) as one edit: made
/// last first, so that each offset still counts in the text the others left, with the
/// caret after the first change's new text.
pub fn fix_edit(edits: &[Change]) -> Result<Edit, EditError> {
    let mut ordered = edits.to_vec();
    ordered.sort_by_key(|change| (change.offset, change.offset + change.removed.len()));
    for pair in ordered.windows(2) {
        if pair[0].removed_range().end > pair[1].offset {
            return Err(EditError::Overlapping);
        }
    }
    let caret = ordered
        .first()
        .map_or(0, |first| first.inserted_range().end);
    ordered.reverse();
    Ok(Edit {
        changes: ordered,
        selection: Selection::caret(caret),
    })
}

/// Applies a fix's changes to the body. Nothing changes if they overlap or the body no
/// longer holds what one of them replaces.
pub fn apply_edits(body: &mut String, edits: &[Change]) -> Result<(), EditError> {
    fix_edit(edits)?
        .apply(body)
        .map_err(|_| EditError::OutOfDate)
}

/// The edit that deletes `range` (a link, an address, a hidden element) so that the prose
/// reads as if it had never been there.
fn removal(body: &str, range: Range<usize>) -> Change {
    Change::replace(body, removal_range(body, range), "")
}

/// Sentence punctuation that an address pasted into prose brings along.
const STRAY_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?'];

/// What to delete to take `range` out of the prose cleanly:
/// - alone on its line, the whole line, and a blank line beside it when it stood alone
///   between paragraphs, so that one blank line still separates them;
/// - in parentheses, the parentheses too (`see (https://x.example) for` → `see for`);
/// - pasted after a sentence or at the start of a line, the punctuation it brought along
///   (`(CHIP). https://x.example/. This` → `(CHIP). This`);
/// - between words, one of the blanks around it, so that no double blank stays behind
///   (`at https://x.example/ now.` → `at now.`, `with [a link](x).` → `with.`).
///
/// Only the blanks and punctuation next to `range` are looked at, never the whole line,
/// so each of many links on one long line costs little.
fn removal_range(body: &str, range: Range<usize>) -> Range<usize> {
    let blank = |c: char| c != '\n' && c.is_whitespace();
    let mut range = range;
    if body[..range.start].ends_with('(') && body[range.end..].starts_with(')') {
        range = range.start - 1..range.end + 1;
    }
    let blanks_start = range.start
        - body[..range.start]
            .chars()
            .rev()
            .take_while(|&c| blank(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let blanks_end = range.end
        + body[range.end..]
            .chars()
            .take_while(|&c| blank(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let before = body[..blanks_start].chars().next_back();
    let after = body[blanks_end..].chars().next();
    let line_starts_before = matches!(before, None | Some('\n'));
    let line_ends_after = matches!(after, None | Some('\n'));

    if line_starts_before && line_ends_after {
        return removed_line(body, blanks_start, blanks_end);
    }
    let punctuation_end = range.end
        + body[range.end..]
            .chars()
            .take_while(|c| STRAY_PUNCTUATION.contains(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let punctuation_ends_phrase = body[punctuation_end..]
        .chars()
        .next()
        .is_none_or(char::is_whitespace);
    let after_sentence = line_starts_before || before.is_some_and(|c| ".!?".contains(c));
    if after_sentence && punctuation_end > range.end && punctuation_ends_phrase {
        // The address stood as a sentence of its own: its full stop goes with it.
        let following_blanks = body[punctuation_end..]
            .chars()
            .take_while(|&c| blank(c))
            .map(char::len_utf8)
            .sum::<usize>();
        return if line_starts_before {
            blanks_start..punctuation_end + following_blanks
        } else {
            blanks_start..punctuation_end
        };
    }
    let next = body[range.end..].chars().next();
    let ends_word =
        next.is_none_or(|c| c.is_whitespace() || ")".contains(c) || STRAY_PUNCTUATION.contains(&c));
    if blanks_start < range.start && ends_word {
        // Between words, or before a full stop: the blanks before it go.
        blanks_start..range.end
    } else if line_starts_before && blanks_end > range.end {
        // At the start of a line: the blanks after it go.
        blanks_start..blanks_end
    } else {
        range
    }
}

/// The whole line from `start` (its first character) to `end` (its last blank), with its
/// line break, and a blank line beside it when the line stood alone between paragraphs.
fn removed_line(body: &str, start: usize, end: usize) -> Range<usize> {
    let end = if body[end..].starts_with('\n') {
        end + 1
    } else {
        end
    };
    let before = &body[..start];
    let after = &body[end..];
    let blank_line_before = start == 0 || before.ends_with("\n\n") || before.ends_with("\n\r\n");
    let blank_line_after = after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n");
    if !(blank_line_before && blank_line_after) {
        return start..end;
    }
    if after.starts_with("\r\n") {
        start..end + 2
    } else if after.starts_with('\n') {
        start..end + 1
    } else if before.ends_with("\r\n") {
        start - 2..end
    } else if before.ends_with('\n') {
        start - 1..end
    } else {
        start..end
    }
}

/// An address as a Markdown link destination: as it is, or in angle brackets when it has
/// spaces or unbalanced parentheses.
fn markdown_destination(url: &str) -> String {
    let mut depth = 0i32;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                balanced &= depth >= 0;
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    if balanced && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
        url.to_owned()
    } else {
        format!("<{}>", angle_safe(url))
    }
}

/// An address that can sit between `<` and `>`.
fn angle_safe(url: &str) -> String {
    url.replace('<', "%3C").replace('>', "%3E")
}

fn escape_link_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The destination inside a reference definition `[label]: destination "title"`.
fn definition_destination(body: &str, span: Range<usize>) -> Option<Range<usize>> {
    let text = body.get(span.clone())?;
    // The label ends at the first `]` not escaped.
    let mut escaped = false;
    let mut label_end = None;
    for (offset, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ']' => {
                label_end = Some(offset);
                break;
            }
            _ => {}
        }
    }
    let after_label = label_end? + 1;
    let rest = text.get(after_label..)?.strip_prefix(':')?;
    let start = after_label + 1 + (rest.len() - rest.trim_start().len());
    let destination = &text[start..];
    if let Some(inner) = destination.strip_prefix('<') {
        let length = inner.find('>')?;
        return Some(span.start + start + 1..span.start + start + 1 + length);
    }
    let length = destination
        .find(char::is_whitespace)
        .unwrap_or(destination.len());
    Some(span.start + start..span.start + start + length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{LinkCollector, LinkScan};

    fn scan(body: &str) -> LinkScan {
        let mut collector = LinkCollector::new(body);
        for (event, range) in markdown::parser(body).into_offset_iter() {
            collector.event(&event, &range);
        }
        collector.finish()
    }

    fn fixed(body: &str, link: usize, kind: FixKind) -> String {
        let links = scan(body).links;
        let fixes = link_fixes(body, &links[link]);
        let fix = fixes
            .iter()
            .find(|fix| fix.kind == kind)
            .unwrap_or_else(|| panic!("no {kind:?} in {fixes:#?}"));
        let mut text = body.to_owned();
        apply_edits(&mut text, &fix.edits).expect("applies");
        text
    }

    fn url_edited(body: &str, link: usize, new_url: &str) -> String {
        let links = scan(body).links;
        let edits = edit_url(body, &links[link], new_url).expect("editable");
        let mut text = body.to_owned();
        apply_edits(&mut text, &edits).expect("applies");
        text
    }

    #[test]
    fn bare_addresses_become_links_or_go() {
        let body = "Pills at http://pills.example/buy now.\n";
        assert_eq!(
            fixed(body, 0, FixKind::MakeAutolink),
            "Pills at <http://pills.example/buy> now.\n"
        );
        assert_eq!(
            fixed(body, 0, FixKind::MakeNamedLink),
            "Pills at [pills.example](http://pills.example/buy) now.\n"
        );
        assert_eq!(fixed(body, 0, FixKind::RemoveBareUrl), "Pills at now.\n");
        assert_eq!(
            fixed("See www.example.org.\n", 0, FixKind::MakeAutolink),
            "See <https://www.example.org>.\n"
        );
        assert_eq!(
            fixed(
                "Escaped http://a.example/x\\_y here\n",
                0,
                FixKind::MakeAutolink
            ),
            "Escaped <http://a.example/x_y> here\n"
        );
    }

    #[test]
    fn unlink_keeps_text_and_remove_takes_it() {
        let body = "Read [the **guide**](https://example.org/) today.\n";
        assert_eq!(
            fixed(body, 0, FixKind::Unlink),
            "Read the **guide** today.\n"
        );
        assert_eq!(fixed(body, 0, FixKind::RemoveLink), "Read today.\n");
        let body = "End with [a link](https://example.org/).\n";
        assert_eq!(fixed(body, 0, FixKind::RemoveLink), "End with.\n");
        let body = "Raw <a href=\"https://x.example/\">cheap <b>pills</b></a> here.\n";
        assert_eq!(
            fixed(body, 0, FixKind::Unlink),
            "Raw cheap <b>pills</b> here.\n"
        );
        let body = "Intro.\n\n[alone](https://x.example/)\n\nNext.\n";
        assert_eq!(fixed(body, 0, FixKind::RemoveLink), "Intro.\n\nNext.\n");
    }

    /// `body` with the removal of the first `what` in it made.
    fn cut(body: &str, what: &str) -> String {
        let start = body.find(what).expect("in the body");
        let change = removal(body, start..start + what.len());
        let mut text = body.to_owned();
        change.apply(&mut text).unwrap();
        text
    }

    #[test]
    fn removal_takes_the_line_only_when_the_link_is_alone_on_it() {
        assert_eq!(cut("a\n \tLINK\t \nb", "LINK"), "a\nb");
        assert_eq!(cut("LINK", "LINK"), "");
        assert_eq!(cut("  LINK\u{a0}", "LINK"), "");
        assert_eq!(cut("a\nLINK\r\nb", "LINK"), "a\nb");
        assert_eq!(cut("a\nx LINK\nb", "LINK"), "a\nx\nb");
        assert_eq!(cut("a\nLINK x\nb", "LINK"), "a\nx\nb");
        assert_eq!(cut("é LINK é", "LINK"), "é é");
    }

    #[test]
    fn removal_takes_the_punctuation_and_blanks_an_address_brought_along() {
        let pasted = "the Health Insurance Programme (CHIP). https://pills.example/buy. This started in 1997.\n";
        assert_eq!(
            cut(pasted, "https://pills.example/buy"),
            "the Health Insurance Programme (CHIP). This started in 1997.\n"
        );
        assert_eq!(cut("Done. LINK!\n", "LINK"), "Done.\n");
        assert_eq!(cut("LINK. Next sentence.\n", "LINK"), "Next sentence.\n");
        assert_eq!(cut("Done.  LINK  Next.\n", "LINK"), "Done.  Next.\n");
        assert_eq!(cut("see (LINK) for more\n", "LINK"), "see for more\n");
        assert_eq!(cut("see the list (LINK).\n", "LINK"), "see the list.\n");
        assert_eq!(cut("buy LINK, then\n", "LINK"), "buy, then\n");
        assert_eq!(cut("version 1.LINK here\n", "LINK"), "version 1. here\n");
        assert_eq!(cut("a\n\nLINK\n", "LINK"), "a\n");
        assert_eq!(cut("LINK\n\nNext.\n", "LINK"), "Next.\n");
        assert_eq!(cut("a\r\n\r\nLINK\r\n\r\nb\r\n", "LINK"), "a\r\n\r\nb\r\n");
        assert_eq!(cut("one\nLINK\ntwo\n", "LINK"), "one\ntwo\n");
    }

    #[test]
    fn hidden_elements_go_whole() {
        let body = "Intro.\n\n<div style=\"display:none\">\n<a href=\"https://casino.example/\">casino</a>\n</div>\n\nAfter.\n";
        assert_eq!(
            fixed(body, 0, FixKind::RemoveHiddenElement),
            "Intro.\n\nAfter.\n"
        );
    }

    #[test]
    fn edit_url_in_every_form() {
        assert_eq!(
            url_edited(
                "[a](https://old.example/ \"T\")\n",
                0,
                "https://new.example/x y"
            ),
            "[a](<https://new.example/x y> \"T\")\n"
        );
        assert_eq!(
            url_edited("![a](<old one.png>)\n", 0, "new.png"),
            "![a](<new.png>)\n"
        );
        assert_eq!(
            url_edited(
                "[a][r] and [b][r]\n\n[r]: https://old.example/ \"T\"\n",
                1,
                "https://new.example/"
            ),
            "[a][r] and [b][r]\n\n[r]: https://new.example/ \"T\"\n"
        );
        assert_eq!(
            url_edited("<https://old.example/>\n", 0, "https://new.example/"),
            "<https://new.example/>\n"
        );
        assert_eq!(
            url_edited(
                "<a href=\"https://old.example/\">x</a>\n",
                0,
                "https://n.example/?a=1&b=\"2\""
            ),
            "<a href=\"https://n.example/?a=1&amp;b=&quot;2&quot;\">x</a>\n"
        );
        assert_eq!(
            url_edited("<img src=old.png alt=x>\n", 0, "new image.png"),
            "<img src=\"new image.png\" alt=x>\n"
        );
        assert_eq!(
            url_edited("See http://old.example/ now\n", 0, "https://new.example/"),
            "See https://new.example/ now\n"
        );
        let links = scan("<https://old.example/>\n").links;
        assert!(matches!(
            edit_url("<https://old.example/>\n", &links[0], "no scheme"),
            Err(EditError::InvalidUrl(_))
        ));
    }

    #[test]
    fn edits_refuse_a_changed_body() {
        let mut body = "short".to_owned();
        let past_the_end = Change {
            offset: 3,
            removed: "rt and long".to_owned(),
            inserted: String::new(),
        };
        assert_eq!(
            apply_edits(&mut body, &[past_the_end]),
            Err(EditError::OutOfDate)
        );
        let moved_on = Change {
            offset: 0,
            removed: "sport".to_owned(),
            inserted: "game".to_owned(),
        };
        assert_eq!(
            apply_edits(&mut body, &[moved_on]),
            Err(EditError::OutOfDate)
        );
        let overlapping = [
            Change::replace("short", 0..3, ""),
            Change::replace("short", 2..4, ""),
        ];
        assert_eq!(
            apply_edits(&mut body, &overlapping),
            Err(EditError::Overlapping)
        );
        // The last change is made first and fits; the first no longer does.
        let first_stale = [
            Change {
                offset: 0,
                removed: "x".to_owned(),
                inserted: String::new(),
            },
            Change::replace("short", 4..5, "T"),
        ];
        assert_eq!(
            apply_edits(&mut body, &first_stale),
            Err(EditError::OutOfDate)
        );
        assert_eq!(body, "short", "nothing was changed");
    }

    #[test]
    fn a_fix_is_one_edit_with_the_caret_after_its_first_change() {
        let body = "aa bb cc";
        let changes = [
            Change::replace(body, 6..8, "CCC"),
            Change::replace(body, 0..2, "A"),
        ];
        let edit = fix_edit(&changes).unwrap();
        let mut text = body.to_owned();
        edit.apply(&mut text).unwrap();
        assert_eq!(text, "A bb CCC");
        assert_eq!(edit.selection.range(), 1..1);
    }
}
