//! Fixes as plain text edits of the body: turn a bare address into a link, remove a link
//! but keep its text, remove it entirely, remove a hidden element, or change an address.
//! The window applies them with [`apply_edits`]; nothing here knows about the editor.

use std::fmt;
use std::ops::Range;

use super::address::Address;
use super::{Link, LinkKind};
use crate::destination;
use crate::markdown;

/// Replace the text in `range` of the body with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TextEdit {
    /// Byte range in the body the fix was computed from.
    pub range: Range<usize>,
    /// The new text.
    pub replacement: String,
}

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
    /// The edits, which do not overlap.
    pub edits: Vec<TextEdit>,
}

/// Why an edit could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The body changed since the audit: a range is out of bounds or splits a character.
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
    let mut add = |kind: FixKind, label: String, edits: Vec<TextEdit>| {
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
            vec![TextEdit {
                range: range.clone(),
                replacement: format!("<{}>", angle_safe(&full)),
            }],
        );
        add(
            FixKind::MakeNamedLink,
            format!("Make it a link named {name}"),
            vec![TextEdit {
                range: range.clone(),
                replacement: format!(
                    "[{}]({})",
                    escape_link_text(&name),
                    markdown_destination(&full)
                ),
            }],
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
                    vec![TextEdit {
                        range: range.clone(),
                        replacement: text.to_owned(),
                    }],
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
pub fn edit_url(body: &str, link: &Link, new_url: &str) -> Result<Vec<TextEdit>, EditError> {
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
    let edit = |range: Range<usize>, replacement: String| Ok(vec![TextEdit { range, replacement }]);
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
        LinkKind::Inline => {
            let range = located(&link.url_range)?;
            let in_angles = range.start > 0 && body.as_bytes()[range.start - 1] == b'<';
            if in_angles {
                edit(range, angle_safe(new_url))
            } else {
                edit(range, markdown_destination(new_url))
            }
        }
        LinkKind::Reference => {
            let label = link.reference.as_deref().ok_or(EditError::NotEditable)?;
            let parser = markdown::parser(body);
            let definition = parser
                .reference_definitions()
                .get(label)
                .ok_or(EditError::NotEditable)?;
            let range = definition_destination(body, definition.span.clone())
                .ok_or(EditError::NotEditable)?;
            let in_angles = range.start > 0 && body.as_bytes()[range.start - 1] == b'<';
            if in_angles {
                edit(range, angle_safe(new_url))
            } else {
                edit(range, markdown_destination(new_url))
            }
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

/// Applies edits to the body, last first so earlier ranges stay valid. Nothing changes if
/// any edit does not fit the body.
pub fn apply_edits(body: &mut String, edits: &[TextEdit]) -> Result<(), EditError> {
    let mut ordered: Vec<&TextEdit> = edits.iter().collect();
    ordered.sort_by_key(|edit| (edit.range.start, edit.range.end));
    for pair in ordered.windows(2) {
        if pair[0].range.end > pair[1].range.start {
            return Err(EditError::Overlapping);
        }
    }
    for edit in &ordered {
        if edit.range.start > edit.range.end || body.get(edit.range.clone()).is_none() {
            return Err(EditError::OutOfDate);
        }
    }
    for edit in ordered.iter().rev() {
        body.replace_range(edit.range.clone(), &edit.replacement);
    }
    Ok(())
}

/// The edit that deletes `range`, taking a now-empty line or a doubled space with it.
fn removal(body: &str, range: Range<usize>) -> TextEdit {
    // Only white space may stand between the link and its line's ends: look no further
    // than the first other character, so that each of many links on one long line costs
    // little, not the whole line.
    let blank = |c: &(usize, char)| c.1 != '\n' && c.1.is_whitespace();
    let line_start = match body[..range.start].char_indices().rev().find(|c| !blank(c)) {
        Some((index, '\n')) => Some(index + 1),
        Some(_) => None,
        None => Some(0),
    };
    let line_end = match body[range.end..].char_indices().find(|c| !blank(c)) {
        Some((index, '\n')) => Some(range.end + index),
        Some(_) => None,
        None => Some(body.len()),
    };
    let range = if let (Some(line_start), Some(line_end)) = (line_start, line_end) {
        line_start..(line_end + 1).min(body.len())
    } else {
        let before = body[..range.start].chars().next_back();
        let after = body[range.end..].chars().next();
        match (before, after) {
            (Some(' '), Some(' ' | '.' | ',' | ';' | ':' | '!' | '?' | ')') | None) => {
                range.start - 1..range.end
            }
            (Some('\n') | None, Some(' ')) => range.start..range.end + 1,
            _ => range,
        }
    };
    TextEdit {
        range,
        replacement: String::new(),
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
        assert_eq!(fixed(body, 0, FixKind::RemoveLink), "Intro.\n\n\nNext.\n");
    }

    #[test]
    fn removal_takes_the_line_only_when_the_link_is_alone_on_it() {
        let cut = |body: &str, what: &str| {
            let start = body.find(what).expect("in the body");
            let edit = removal(body, start..start + what.len());
            let mut text = body.to_owned();
            text.replace_range(edit.range, &edit.replacement);
            text
        };
        assert_eq!(cut("a\n \tLINK\t \nb", "LINK"), "a\nb");
        assert_eq!(cut("LINK", "LINK"), "");
        assert_eq!(cut("  LINK\u{a0}", "LINK"), "");
        assert_eq!(cut("a\nLINK\r\nb", "LINK"), "a\nb");
        assert_eq!(cut("a\nx LINK\nb", "LINK"), "a\nx \nb");
        assert_eq!(cut("a\nLINK x\nb", "LINK"), "a\nx\nb");
        assert_eq!(cut("é LINK é", "LINK"), "é é");
    }

    #[test]
    fn hidden_elements_go_whole() {
        let body = "Intro.\n\n<div style=\"display:none\">\n<a href=\"https://casino.example/\">casino</a>\n</div>\n\nAfter.\n";
        assert_eq!(
            fixed(body, 0, FixKind::RemoveHiddenElement),
            "Intro.\n\n\nAfter.\n"
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
        let edit = TextEdit {
            range: 3..10,
            replacement: String::new(),
        };
        assert_eq!(apply_edits(&mut body, &[edit]), Err(EditError::OutOfDate));
        let overlapping = [
            TextEdit {
                range: 0..3,
                replacement: String::new(),
            },
            TextEdit {
                range: 2..4,
                replacement: String::new(),
            },
        ];
        assert_eq!(
            apply_edits(&mut body, &overlapping),
            Err(EditError::Overlapping)
        );
        assert_eq!(body, "short");
    }
}
