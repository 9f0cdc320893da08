//! Seeing through the disguises spam puts on its words before they are matched:
//! percent-escapes and HTML entities decoded, invisible characters removed, compatibility
//! forms folded (NFKC: full-width `ｖｉａｇｒａ` and mathematical `𝐯𝐢𝐚𝐠𝐫𝐚` read as
//! `viagra`), case folded, and look-alike letters of another alphabet inside a Latin word
//! read as the Latin letters they imitate (`vіagra` with a Cyrillic `і`). Also which
//! invisible characters in link text have no honest reason to be there.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

/// Decodings of percent-escapes and entities at most: a server may decode an address twice,
/// so `%2576` reaches it as `v`.
const DECODE_ROUNDS: usize = 2;

/// The text as the vocabulary should see it: decoded, without invisible characters,
/// normalised (NFKC), lower case, with imitation letters inside Latin words made Latin.
pub(crate) fn for_matching(text: &str) -> String {
    let mut decoded = Cow::Borrowed(text);
    for _ in 0..DECODE_ROUNDS {
        let before = decoded.len();
        if decoded.contains('%') {
            let once = percent_decode_str(&decoded)
                .decode_utf8_lossy()
                .into_owned();
            decoded = Cow::Owned(once);
        }
        if decoded.contains('&') {
            decoded = Cow::Owned(decode_entities(&decoded));
        }
        if decoded.len() == before {
            break;
        }
    }
    let visible: String = decoded.chars().filter(|&c| !is_invisible(c)).collect();
    let folded: String = visible.nfkc().flat_map(char::to_lowercase).collect();
    latin_look_alikes(&folded)
}

/// Whether a character shows nothing: zero-width spaces and joiners, the word joiner and
/// invisible operators, the byte-order mark, the soft hyphen, direction controls, Hangul
/// fillers, variation selectors and tag characters.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// The invisible characters in link text that have no honest use there, with how often
/// each occurs, in order of first appearance. Left alone: joiners between letters of
/// scripts that need them or inside emoji, direction marks in right-to-left text, soft
/// hyphens that break long words, variation selectors, and the tags of a flag emoji.
pub(crate) fn suspicious_invisibles(text: &str) -> Vec<(char, usize)> {
    let mut found: Vec<(char, usize)> = Vec::new();
    if !text.chars().any(is_invisible) {
        return found;
    }
    let right_to_left = text.chars().any(is_right_to_left);
    let flag = text.contains('\u{1F3F4}');
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if !is_invisible(c) {
            continue;
        }
        let suspicious = match c {
            '\u{200C}' | '\u{200D}' => {
                let before = chars[..index].iter().rev().find(|c| !is_invisible(**c));
                let after = chars[index + 1..].iter().find(|c| !is_invisible(**c));
                before.is_some_and(char::is_ascii_alphanumeric)
                    && after.is_some_and(char::is_ascii_alphanumeric)
            }
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202C}' => !right_to_left,
            '\u{2066}'..='\u{2069}' => !right_to_left,
            '\u{00AD}' => word_around(&chars, index) < LONG_WORD,
            '\u{FE00}'..='\u{FE0F}' => false,
            '\u{E0000}'..='\u{E007F}' => !flag,
            _ => true,
        };
        if !suspicious {
            continue;
        }
        match found.iter_mut().find(|(seen, _)| *seen == c) {
            Some((_, count)) => *count += 1,
            None => found.push((c, 1)),
        }
    }
    found
}

/// Words this long or longer may carry soft hyphens to break them at the end of a line.
const LONG_WORD: usize = 10;

/// The letters of the word around `index`, invisible characters left out.
fn word_around(chars: &[char], index: usize) -> usize {
    let in_word = |c: &&char| c.is_alphanumeric() || is_invisible(**c);
    let before = chars[..index].iter().rev().take_while(in_word);
    let after = chars[index + 1..].iter().take_while(in_word);
    before.chain(after).filter(|c| c.is_alphanumeric()).count()
}

fn is_right_to_left(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// A short name for an invisible character, for messages.
pub(crate) fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{00AD}' => "soft hyphen",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "direction mark",
        '\u{202A}'..='\u{202C}' | '\u{2066}'..='\u{2069}' => "direction control",
        '\u{202D}' | '\u{202E}' => "direction override",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{E0000}'..='\u{E007F}' => "tag character",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "Hangul filler",
        _ => "invisible character",
    }
}

/// Decodes numeric character references and the named entities disguises use; anything
/// else stays as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[1..]
            .find(';')
            .map(|end| end + 1)
            .filter(|&end| end <= 33)
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(number) => {
                let value = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse::<u32>().ok(),
                };
                value.and_then(char::from_u32)
            }
            None => named_entity(name),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ZeroWidthSpace" => '\u{200B}',
        "NoBreak" => '\u{2060}',
        _ => return None,
    })
}

/// Inside words that mix Latin letters with another alphabet, each letter that imitates a
/// Latin one is read as that letter; words in one alphabet stay as they are.
fn latin_look_alikes(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphanumeric() && index < text.len() {
            word_start.get_or_insert(index);
            continue;
        }
        if let Some(start) = word_start.take() {
            push_word(&mut out, &text[start..index]);
        }
        if index < text.len() {
            out.push(c);
        }
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    let has_latin = word.chars().any(|c| c.is_ascii_alphabetic());
    if word.is_ascii() || !has_latin || word.is_single_script() {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let mut buffer = [0; 4];
        let skeleton: String = unicode_security::skeleton(c.encode_utf8(&mut buffer)).collect();
        match skeleton.as_bytes() {
            [letter] if letter.is_ascii_alphabetic() => {
                out.push(char::from(letter.to_ascii_lowercase()));
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_through_encodings() {
        assert_eq!(for_matching("Buy%20Cheap%20VIAGRA"), "buy cheap viagra");
        assert_eq!(for_matching("%2576iagra"), "viagra");
        assert_eq!(for_matching("&#118;i&#x61;gra"), "viagra");
        assert_eq!(for_matching("vi\u{200B}ag\u{00AD}ra"), "viagra");
        assert_eq!(for_matching("ci&shy;alis"), "cialis");
        assert_eq!(for_matching("ｖｉａｇｒａ"), "viagra");
        assert_eq!(for_matching("𝐯𝐢𝐚𝐠𝐫𝐚"), "viagra");
        assert_eq!(for_matching("v\u{0456}agra"), "viagra", "Cyrillic і");
        assert_eq!(for_matching("\u{202E}argaiv"), "argaiv");
        assert_eq!(for_matching("Ton & Tea; 100%"), "ton & tea; 100%");
        assert_eq!(
            for_matching("Café Москва"),
            "café москва",
            "one alphabet each"
        );
        assert_eq!(for_matching("ＳＬＯＴ ＧＡＣＯＲ"), "slot gacor");
    }

    #[test]
    fn invisible_characters_with_no_honest_use() {
        assert_eq!(
            suspicious_invisibles("vi\u{200B}ag\u{200B}ra"),
            [('\u{200B}', 2)]
        );
        assert_eq!(suspicious_invisibles("ca\u{200D}sino"), [('\u{200D}', 1)]);
        assert_eq!(suspicious_invisibles("cia\u{00AD}lis"), [('\u{00AD}', 1)]);
        assert_eq!(
            suspicious_invisibles("\u{202E}moc.elpmaxe"),
            [('\u{202E}', 1)]
        );
        assert_eq!(suspicious_invisibles("\u{200F}news"), [('\u{200F}', 1)]);
        // Honest uses.
        assert!(suspicious_invisibles("plain text").is_empty());
        assert!(
            suspicious_invisibles("می\u{200C}خواهم").is_empty(),
            "Persian"
        );
        assert!(suspicious_invisibles("क्\u{200D}ष").is_empty(), "Devanagari");
        assert!(
            suspicious_invisibles("👩\u{200D}💻 at work").is_empty(),
            "emoji"
        );
        assert!(
            suspicious_invisibles("שלום\u{200F} world").is_empty(),
            "Hebrew"
        );
        assert!(suspicious_invisibles("Donau\u{00AD}dampf\u{00AD}schiff").is_empty());
        assert!(suspicious_invisibles("❤\u{FE0F} it").is_empty());
    }
}
