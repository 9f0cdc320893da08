//! Statistics of a post body: words, characters, reading time and the outline of headings.
//!
//! Counting follows what a reader reads: the text of paragraphs, headings, lists, tables
//! and inline code, not the Markdown markup, URLs, raw HTML or code blocks. Reading time
//! assumes [`WORDS_PER_MINUTE`].

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown::{self, HeadingIds, HeadingText};

/// Reading speed used for reading time: 230 words a minute, a common figure for adults
/// reading non-fiction on screen.
pub const WORDS_PER_MINUTE: usize = 230;

/// A heading in the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's visible text.
    pub text: String,
    /// Its id: the `{#id}` attribute, or one derived from the text, unique in the post.
    pub id: String,
    /// Byte range of the heading in the body.
    pub range: Range<usize>,
}

/// Counts for a post body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Words a reader reads.
    pub words: usize,
    /// Characters of that text, spaces included.
    pub characters: usize,
    /// Headings in order.
    pub outline: Vec<Heading>,
}

impl Statistics {
    /// Whole minutes to read the post at [`WORDS_PER_MINUTE`], rounded up; 0 for no words.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE)
    }
}

/// Gathers [`Statistics`] from a stream of events, so that the pass that builds the
/// preview or the export can count at the same time.
#[derive(Debug, Default)]
pub struct StatsCollector {
    stats: Statistics,
    ids: HeadingIds,
    in_word: bool,
    code_block_depth: usize,
    /// The heading being read: level, explicit id, start offset, text so far.
    heading: Option<(u8, Option<String>, usize, HeadingText)>,
    /// Count words and characters only, leaving the outline empty.
    counts_only: bool,
}

impl StatsCollector {
    /// A collector that counts words and characters but gathers no outline, for a pass
    /// that already knows its headings (the export).
    pub fn counts_only() -> Self {
        Self {
            counts_only: true,
            ..Self::default()
        }
    }

    /// Feeds one event and its byte range in the body.
    #[inline]
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        // Text outside code blocks and headings, the common case, is counted at once.
        match event {
            Event::Text(text) | Event::Code(text)
                if self.code_block_depth == 0 && self.heading.is_none() =>
            {
                self.count_text(text);
            }
            _ => self.other_event(event, range),
        }
    }

    fn other_event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if let Some((_, _, _, heading_text)) = &mut self.heading {
            heading_text.event(event);
        }
        match event {
            Event::Text(text) | Event::Code(text) if self.code_block_depth == 0 => {
                self.count_text(text);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.in_word = false;
                if self.code_block_depth == 0 {
                    self.stats.characters += 1;
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.code_block_depth += 1;
                self.in_word = false;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_block_depth = self.code_block_depth.saturating_sub(1);
            }
            Event::Start(Tag::Heading { .. }) if self.counts_only => self.in_word = false,
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.in_word = false;
                self.heading = Some((
                    *level as u8,
                    id.as_ref().map(|id| id.to_string()),
                    range.start,
                    HeadingText::default(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                self.in_word = false;
                if let Some((level, explicit, start, text)) = self.heading.take() {
                    let id = self.ids.assign(text.text(), explicit.as_deref());
                    self.stats.outline.push(Heading {
                        level,
                        text: text.text().to_owned(),
                        id,
                        range: start..range.end,
                    });
                }
            }
            // Block boundaries and table cells separate words; inline emphasis does not.
            Event::Start(_) | Event::End(_) if !is_inline_tag_event(event) => {
                self.in_word = false;
            }
            _ => {}
        }
    }

    fn count_text(&mut self, text: &str) {
        let (words, characters, in_word) = count_words(text, self.in_word);
        self.stats.words += words;
        self.stats.characters += characters;
        self.in_word = in_word;
    }

    /// The statistics gathered so far.
    pub fn finish(self) -> Statistics {
        self.stats
    }
}

/// Counts the words and characters of `text`, which follows text that ended inside a
/// word when `in_word` is true: the words that start in `text`, its characters, and
/// whether it ends inside a word. [`StatsCollector`] counts every text event with it.
///
/// A word is a run of letters and digits; an apostrophe or hyphen (`'`, `-`, `’`) between
/// two parts keeps them one word ("don't", "e-mail"): [`count_words_plainly`] is the
/// plain definition, which the tests hold this to.
///
/// This runs over every word of every export and every analysis, so ASCII text (the
/// common case) is counted a block of bytes at a time, without a branch per byte (word
/// boundaries are unpredictable; see `ascii_words`). Text with other characters is
/// read one character at a time between its ASCII stretches. The win, measured by
/// `cargo bench -p postwright-core --bench fast_paths` beside the plain loop: the text of
/// 1 MB of sample posts is counted in a fifth of the time (0.28 ms against 1.35 ms), where
/// the whole statistics pass takes 2.1 ms and the whole export about 4.
pub fn count_words(text: &str, mut in_word: bool) -> (usize, usize, bool) {
    let bytes = text.as_bytes();
    if let Some((words, in_word)) = ascii_words(bytes, in_word) {
        return (words, bytes.len(), in_word);
    }
    let (mut words, mut characters) = (0, 0);
    let mut start = 0;
    while start < bytes.len() {
        let ascii_end = bytes[start..]
            .iter()
            .position(|byte| !byte.is_ascii())
            .map_or(bytes.len(), |offset| start + offset);
        let (ascii, after) = ascii_words(&bytes[start..ascii_end], in_word).unwrap_or((0, in_word));
        words += ascii;
        in_word = after;
        characters += ascii_end - start;
        let Some(c) = text[ascii_end..].chars().next() else {
            break;
        };
        let word_char = c.is_alphanumeric();
        words += usize::from(word_char && !in_word);
        in_word = word_char || (in_word && c == '’');
        characters += 1;
        start = ascii_end + c.len_utf8();
    }
    (words, characters, in_word)
}

/// ASCII letters and digits (any answer for other bytes).
///
/// Written with signed comparisons, which vector instructions have: adding `0x1f` to a
/// lower-cased letter gives `0x80..=0x99`, the signed bytes below -102, and adding `0x50`
/// to a digit gives `0x80..=0x89`, those below -118; every other ASCII byte lands higher.
fn is_word_byte(byte: u8) -> bool {
    let letter = ((byte | 0x20).wrapping_add(0x1f) as i8) < -102;
    let digit = (byte.wrapping_add(0x50) as i8) < -118;
    letter | digit
}

/// `'` and `-`, which join a word's parts.
fn is_joiner_byte(byte: u8) -> bool {
    (byte == b'\'') | (byte == b'-')
}

/// Bytes counted at a time by [`ascii_words`].
const BLOCK: usize = 32;

/// Texts shorter than this are counted byte by byte.
const SHORT: usize = 32;

/// [`count_words`] for `text` if it is ASCII: the words that start in it and whether it
/// ends inside a word. `None` if it is not ASCII.
///
/// Every run of letters and digits starts a word, except one that follows a joiner
/// which itself follows a word (the `t` of `don't`). So the runs are counted first,
/// [`BLOCK`] bytes at a time (the last block padded with zeros, which are no letters)
/// with a counter per byte of the block, in a fixed-size loop the compiler turns into
/// vector instructions; each byte is read twice, as itself and as the byte before the
/// next, which is cheaper than moving the marks across lanes. Then the joiners, found
/// with `memchr`, take back the runs that continue a word.
fn ascii_words(text: &[u8], in_word: bool) -> Option<(usize, bool)> {
    if text.len() < SHORT {
        return text.is_ascii().then(|| short_ascii_words(text, in_word));
    }
    let mut runs = 0usize;
    let (mut counts, mut bits) = ([0u8; BLOCK], [0u8; BLOCK]);
    let mut rounds = 0;
    for (index, block) in text.chunks(BLOCK).enumerate() {
        // The block and the byte before it: straight from the text, or copied with
        // zeros after the text and, before it, a letter when the text continues a word.
        let start = index * BLOCK;
        let mut padded = [0u8; BLOCK + 1];
        let window = match start
            .checked_sub(1)
            .and_then(|before| text[before..].first_chunk::<{ BLOCK + 1 }>())
        {
            Some(window) => window,
            None => {
                padded[0] = match start.checked_sub(1) {
                    Some(before) => text[before],
                    None if in_word => b'a',
                    None => b' ',
                };
                padded[1..=block.len()].copy_from_slice(block);
                &padded
            }
        };
        for lane in 0..BLOCK {
            let (previous, byte) = (window[lane], window[lane + 1]);
            counts[lane] += u8::from(is_word_byte(byte) & !is_word_byte(previous));
            bits[lane] |= byte;
        }
        // Empty the counters before any can overflow.
        rounds += 1;
        if rounds == 255 {
            runs += lane_sum(&counts);
            counts = [0; BLOCK];
            rounds = 0;
        }
    }
    runs += lane_sum(&counts);
    let high_bits = bits
        .chunks_exact(8)
        .fold(0, |all, lanes| all | u64_of(lanes))
        & 0x8080_8080_8080_8080;
    if high_bits != 0 {
        return None;
    }
    let mut words = runs;
    for joiner in memchr::memchr2_iter(b'\'', b'-', text) {
        // The last joiner before a run, after a word: the run continues that word.
        if text.get(joiner + 1).copied().is_some_and(is_word_byte)
            && state_before_joiners(text, joiner, in_word)
        {
            words -= 1;
        }
    }
    Some((words, state_before_joiners(text, text.len(), in_word)))
}

/// Eight bytes as one number, little-endian.
fn u64_of(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// The sum of the counters, eight at a time: the bytes are added pairwise into 16-bit
/// lanes, which a multiplication then gathers in the top lane without overflow.
fn lane_sum(counts: &[u8; BLOCK]) -> usize {
    const LOW_BYTES: u64 = 0x00ff_00ff_00ff_00ff;
    counts
        .chunks_exact(8)
        .map(|lanes| {
            let word = u64_of(lanes);
            let pairs = (word & LOW_BYTES) + ((word >> 8) & LOW_BYTES);
            (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
        })
        .sum()
}

/// Whether ASCII `text` is inside a word just before `index`: looking back past the
/// joiners there, a letter or digit, or `in_word` at the start of the text.
fn state_before_joiners(text: &[u8], mut index: usize, in_word: bool) -> bool {
    while index > 0 && is_joiner_byte(text[index - 1]) {
        index -= 1;
    }
    if index == 0 {
        in_word
    } else {
        is_word_byte(text[index - 1])
    }
}

/// [`ascii_words`] for a short ASCII text: the same counting, byte by byte.
fn short_ascii_words(text: &[u8], in_word: bool) -> (usize, bool) {
    // Runs of letters and digits, with no chain from byte to byte but the previous byte.
    let (mut runs, mut previous, mut joiners) = (0, in_word, false);
    for &byte in text {
        let word = is_word_byte(byte);
        runs += usize::from(word & !previous);
        previous = word;
        joiners |= is_joiner_byte(byte);
    }
    let mut words = runs;
    if joiners {
        for (index, &byte) in text.iter().enumerate() {
            if is_joiner_byte(byte)
                && text.get(index + 1).copied().is_some_and(is_word_byte)
                && state_before_joiners(text, index, in_word)
            {
                words -= 1;
            }
        }
    }
    (words, state_before_joiners(text, text.len(), in_word))
}

/// [`count_words`] one character at a time: the plain definition of a word, which the
/// tests check the fast version against and `benches/fast_paths.rs` times it beside.
pub fn count_words_plainly(text: &str, mut in_word: bool) -> (usize, usize, bool) {
    let (mut words, mut characters) = (0, 0);
    for c in text.chars() {
        characters += 1;
        let word_char = c.is_alphanumeric();
        words += usize::from(word_char && !in_word);
        in_word = word_char || (in_word && matches!(c, '\'' | '-' | '’'));
    }
    (words, characters, in_word)
}

fn is_inline_tag_event(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

/// Statistics of a Markdown body, in one pass of its own.
pub fn analyze(body: &str) -> Statistics {
    let mut collector = StatsCollector::default();
    for (event, range) in markdown::parser(body).into_offset_iter() {
        collector.event(&event, &range);
    }
    collector.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_prose_not_markup() {
        let body = "# Title {#top}\n\nOne **two** three's [four](https://example.org/a-b-c).\n\n```rust\nlet not = counted;\n```\n\n- five\n- six-seven\n";
        let stats = analyze(body);
        assert_eq!(stats.words, 7, "{stats:?}");
        assert_eq!(stats.outline.len(), 1);
        assert_eq!(stats.outline[0].id, "top");
        assert_eq!(stats.outline[0].text, "Title");
        assert_eq!(&body[stats.outline[0].range.clone()], "# Title {#top}\n");
        assert_eq!(stats.reading_minutes(), 1);
    }

    #[test]
    fn empty_body_reads_in_no_time() {
        let stats = analyze("");
        assert_eq!(
            (stats.words, stats.characters, stats.reading_minutes()),
            (0, 0, 0)
        );
    }

    #[test]
    fn counts_only_counts_the_same_without_an_outline() {
        let body =
            "# Title\n\nOne two, don't e-mail.\n\n- three\n- café ’s\n\n```\nnot counted\n```\n";
        let full = analyze(body);
        let mut collector = StatsCollector::counts_only();
        for (event, range) in markdown::parser(body).into_offset_iter() {
            collector.event(&event, &range);
        }
        let counts = collector.finish();
        assert_eq!(
            (counts.words, counts.characters),
            (full.words, full.characters)
        );
        assert!(counts.outline.is_empty());
        assert_eq!(full.words, 8, "{full:?}");
    }

    #[test]
    fn word_bytes_are_ascii_letters_and_digits() {
        for byte in 0..=0x7f_u8 {
            assert_eq!(
                is_word_byte(byte),
                byte.is_ascii_alphanumeric(),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn word_counts_match_the_plain_definition() {
        // Every mix of letters, digits, joiners, separators and non-ASCII characters,
        // split at every place, from either state.
        let alphabet = [
            'a', 'Z', '7', '\'', '-', '’', ' ', '.', '\n', 'é', '—', '_', '@', '[',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..4000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Mostly short texts, some long enough for the block loop.
            let len = (seed % if round % 4 == 0 { 400 } else { 40 }) as usize + round % 3;
            let text: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 58)) as usize + i * 7 + round) % alphabet.len()])
                .collect();
            for in_word in [false, true] {
                assert_eq!(
                    count_words(&text, in_word),
                    count_words_plainly(&text, in_word),
                    "{text:?} {in_word}"
                );
                let split = text
                    .char_indices()
                    .nth(len / 2)
                    .map_or(text.len(), |(index, _)| index);
                let (first, second) = text.split_at(split);
                let (words_a, characters_a, state) = count_words(first, in_word);
                let (words_b, characters_b, end) = count_words(second, state);
                assert_eq!(
                    (words_a + words_b, characters_a + characters_b, end),
                    count_words_plainly(&text, in_word),
                    "{first:?} | {second:?}"
                );
            }
        }
        let long = "don't e-mail the well--known '-x '' y's ".repeat(200);
        assert_eq!(count_words(&long, false), count_words_plainly(&long, false));
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let stats = analyze("## Notes\n\n## Notes\n");
        let ids: Vec<_> = stats.outline.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-1"]);
    }
}
