//! Addresses typed into prose (`see https://example.org/page.`), which Markdown leaves as
//! text. They are found the way GitHub's autolink extension finds them: a web scheme or
//! `www.` at the start of a word, up to the next space or `<`, less trailing punctuation
//! and unbalanced closing brackets.

use std::ops::Range;

/// Byte ranges of the bare addresses in `text`.
pub(crate) fn find_bare_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"://").is_none() && !has_www(text) {
        return found;
    }
    let bytes = text.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        let Some(start) = next_candidate(text, position) else {
            break;
        };
        match url_at(text, start) {
            Some(end) => {
                found.push(start..end);
                position = end;
            }
            None => position = start + 1,
        }
    }
    found
}

/// Whether the text has `www.` in any case: a dot after three w's.
fn has_www(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'.', bytes)
        .any(|dot| dot >= 3 && bytes[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

const SCHEMES: &[&str] = &["https://", "http://", "ftp://", "ftps://"];

/// The start of the next scheme or `www.` at a word start, from `from` on.
fn next_candidate(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len()).find(|&index| {
        if !matches!(bytes[index], b'h' | b'H' | b'f' | b'F' | b'w' | b'W') {
            return false;
        }
        let at_word_start = index == 0 || {
            let before = bytes[index - 1];
            !(before.is_ascii_alphanumeric() || matches!(before, b'/' | b'.' | b'@' | b'-'))
        };
        at_word_start && matched_prefix(&bytes[index..]).is_some()
    })
}

/// The length of the scheme or `www.` prefix at the start of `bytes`.
fn matched_prefix(bytes: &[u8]) -> Option<usize> {
    SCHEMES
        .iter()
        .chain(&["www."])
        .find(|prefix| {
            bytes.len() > prefix.len()
                && bytes[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .map(|prefix| prefix.len())
}

/// The end of the address starting at `start`, if there is a valid one.
fn url_at(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let prefix = matched_prefix(&bytes[start..])?;
    let is_www = bytes[start..start + prefix].eq_ignore_ascii_case(b"www.");
    let mut end = start + prefix;
    while end < bytes.len() {
        let c = text[end..].chars().next()?;
        if c.is_whitespace() || c == '<' || c.is_control() {
            break;
        }
        end += c.len_utf8();
    }
    end = trim_trailing(text, start + prefix, end);
    // The host: letters, digits, hyphens, dots, and a port or user part.
    let host_end = text[start + prefix..end]
        .find(['/', '?', '#'])
        .map_or(end, |offset| start + prefix + offset);
    let host = &text[start + prefix..host_end];
    let host_name = host.rsplit('@').next().unwrap_or(host);
    let host_name = host_name.split(':').next().unwrap_or(host_name);
    let valid_host = !host_name.is_empty()
        && host_name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '[' | ']'))
        && !host_name.starts_with(['.', '-'])
        && (host_name.contains('.') || host_name.starts_with('[') || !is_www)
        && (!is_www || host_name.trim_end_matches('.').contains('.'));
    valid_host.then_some(end)
}

/// Drops trailing punctuation that belongs to the sentence, unbalanced closing brackets
/// and a trailing entity-like `&name;`. Brackets are counted once, then kept up to date as
/// characters are dropped.
fn trim_trailing(text: &str, minimum: usize, mut end: usize) -> usize {
    let slice = &text[minimum..end];
    let mut balance = [
        (')', slice.matches(')').count(), slice.matches('(').count()),
        (']', slice.matches(']').count(), slice.matches('[').count()),
        ('}', slice.matches('}').count(), slice.matches('{').count()),
    ];
    while let Some(last) = text[minimum..end].chars().next_back() {
        let trimmed = match last {
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';' => true,
            _ => match balance.iter_mut().find(|(close, _, _)| *close == last) {
                Some((_, closing, opening)) if *closing > *opening => {
                    *closing -= 1;
                    true
                }
                _ => false,
            },
        };
        if !trimmed {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_bare_urls(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn finds_addresses_in_prose() {
        assert_eq!(
            urls("See https://example.org/a_(b)?q=1. Then www.example.com/x, done."),
            ["https://example.org/a_(b)?q=1", "www.example.com/x"]
        );
        assert_eq!(
            urls("(https://example.org/page) and \"http://x.example/\"!"),
            ["https://example.org/page", "http://x.example/"]
        );
        assert_eq!(urls("HTTPS://EXAMPLE.ORG"), ["HTTPS://EXAMPLE.ORG"]);
        assert_eq!(
            urls("cheap pills at http://pills.example/buy?id=3;"),
            ["http://pills.example/buy?id=3"]
        );
    }

    #[test]
    fn ignores_what_is_not_an_address() {
        assert!(urls("no address here").is_empty());
        assert!(urls("a www. b").is_empty());
        assert!(urls("xhttps://example.org").is_empty());
        assert!(urls("the word www.").is_empty());
        assert!(urls("https:// nothing").is_empty());
        assert!(urls("git+ssh://example.org/repo").is_empty());
    }

    #[test]
    fn stops_at_spaces_and_angle_brackets() {
        assert_eq!(
            urls("https://a.example/x<b>https://b.example/y z"),
            ["https://a.example/x", "https://b.example/y"]
        );
        assert_eq!(
            urls("go to https://münchen.example/straße now"),
            ["https://münchen.example/straße"]
        );
    }
}
