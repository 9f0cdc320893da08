//! Checking prose against a dictionary incrementally: [`SpellCache`] keeps each block's
//! misspellings by the block's content, so after an edit only the blocks whose text
//! changed are checked again; an unchanged paragraph costs a hash of its text.

use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::Range;

use super::prose::Prose;
use super::speller::{AcceptedWords, Speller};
use super::words::{self, WordRules};

/// A word the dictionary does not know.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Misspelling {
    /// Where it is in the text that was checked (the body, or the field's text).
    pub range: Range<usize>,
    /// The word as it reads (`don’t` for `don&rsquo;t`).
    pub word: String,
}

/// What one check found, and how much of it was checked anew.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpellingReport {
    /// The misspelt words, in order.
    pub misspellings: Vec<Misspelling>,
    /// Blocks whose words were looked up in the dictionary.
    pub blocks_checked: usize,
    /// Blocks whose result was taken from the cache.
    pub blocks_reused: usize,
}

impl SpellingReport {
    /// Drops the misspellings of words the author accepts (a cheap pass over the few
    /// misspellings, so adding or ignoring a word needs no new check).
    pub fn without_accepted(mut self, accepted: &AcceptedWords) -> Self {
        if !accepted.is_empty() {
            self.misspellings
                .retain(|misspelling| !accepted.accepts(&misspelling.word));
        }
        self
    }
}

/// A misspelling relative to the start of its block.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CachedMiss {
    range: Range<usize>,
    word: Box<str>,
}

/// The results of earlier checks, per block, by content: what the window keeps between
/// edits (`Send`, so the check can run on a worker thread; move it there and back, or keep
/// one per thread). Holds only the blocks of the latest check, so it never outgrows the
/// post. Results are the dictionary's, before [`AcceptedWords`]: accepting a word changes
/// nothing here.
#[derive(Debug, Default)]
pub struct SpellCache {
    rules: WordRules,
    /// The [`Speller`] the entries came from.
    speller: Option<u64>,
    blocks: HashMap<u64, Vec<CachedMiss>, ahash::RandomState>,
}

impl SpellCache {
    /// An empty cache whose checks follow `rules`.
    pub fn new(rules: WordRules) -> Self {
        Self {
            rules,
            ..Self::default()
        }
    }

    /// Checks `prose`, found in `text` (the body, or a field for [`Prose::of_text`]),
    /// against `speller`: blocks seen before with the same content are taken from the
    /// cache, the others are checked and remembered. A different speller empties the
    /// cache first.
    pub fn check(&mut self, speller: &Speller, text: &str, prose: &Prose) -> SpellingReport {
        if self.speller != Some(speller.fingerprint()) {
            self.blocks.clear();
            self.speller = Some(speller.fingerprint());
        }
        let mut previous = std::mem::take(&mut self.blocks);
        self.blocks.reserve(prose.block_count());
        let mut report = SpellingReport::default();
        let mut word_ranges = Vec::new();
        for block in prose.blocks(text) {
            let mut hasher = crate::preview::content_hasher();
            block.hash_into(&mut hasher);
            let key = hasher.finish();
            if self.blocks.contains_key(&key) {
                // The same text twice in one post.
                report.blocks_reused += 1;
            } else if let Some(misses) = previous.remove(&key) {
                report.blocks_reused += 1;
                self.blocks.insert(key, misses);
            } else {
                report.blocks_checked += 1;
                let (joined, starts) = block.joined();
                word_ranges.clear();
                words::words(&joined, &self.rules, &mut word_ranges);
                let misses = word_ranges
                    .iter()
                    .filter(|range| !speller.is_correct(&joined[(*range).clone()]))
                    .map(|range| CachedMiss {
                        range: block.source_of(&starts, range),
                        word: joined[range.clone()].into(),
                    })
                    .collect();
                self.blocks.insert(key, misses);
            }
            let misses = self.blocks.get(&key).map_or(&[][..], Vec::as_slice);
            let start = block.start();
            report
                .misspellings
                .extend(misses.iter().map(|miss| Misspelling {
                    range: start + miss.range.start..start + miss.range.end,
                    word: miss.word.to_string(),
                }));
        }
        report
    }
}
