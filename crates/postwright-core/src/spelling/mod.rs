//! Spelling: which text of a post is prose, its words, and checking them against a
//! Hunspell dictionary with `spellbook`, incrementally.
//!
//! - [`ProseCollector`] rides along the one pass over the body (as [`crate::analysis`]
//!   does with [`crate::analysis::Analysis::with_prose`]) and gives the body's [`Prose`]:
//!   blocks of text pieces, with code, addresses, raw HTML and markup left out.
//! - [`Speller`] is a compiled dictionary (from the `.aff` and `.dic` text the I/O layer
//!   reads and decodes), shared between threads; [`AcceptedWords`] are the personal list
//!   and the words ignored for the session.
//! - [`SpellCache`] checks prose block by block and keeps each block's result by its
//!   content, so an edit re-checks only the blocks it touched. Misspellings are byte
//!   ranges with the word; suggestions are asked of [`Speller::suggest`] one word at a
//!   time, when wanted.
//! - [`language`] picks the dictionary for a post: its `lang`, else a setting, else the
//!   system locale.
//!
//! Turning checking off costs nothing: nothing here runs unless called.
//!
//! ```
//! use postwright_core::spelling::{self, AcceptedWords, DictionaryId, Speller, WordRules};
//!
//! let aff = "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n";
//! let dic = "3\nthe\nword/S\nis\n";
//! let id = DictionaryId::from_name("en_US").unwrap();
//! let speller = Speller::new(id, aff, dic).unwrap();
//! let body = "The wrod is `codde`, the words are [words](https://exampel.org).\n";
//! let found = spelling::check_body(&speller, &AcceptedWords::default(), body, WordRules::default());
//! let words: Vec<&str> = found.iter().map(|miss| &body[miss.range.clone()]).collect();
//! assert_eq!(words, ["wrod", "are"]);
//! assert_eq!(speller.suggest("wrod", 3), ["word"]);
//! ```

mod cache;
pub mod language;
mod prose;
mod speller;
mod words;

pub use cache::{Misspelling, SpellCache, SpellingReport};
pub use language::{Choice, DictionaryId, LanguageRequest, LanguageSource, LanguageTag, choose};
pub use prose::{Prose, ProseCollector};
pub use speller::{AcceptedWords, MAX_SUGGESTIONS, Speller, SpellerError};
pub use words::{MAX_WORD_BYTES, WordRules, words};

/// The misspellings of a whole body, in a pass of its own and with no cache: the command
/// line's way. The window keeps a [`SpellCache`] instead.
pub fn check_body(
    speller: &Speller,
    accepted: &AcceptedWords,
    body: &str,
    rules: WordRules,
) -> Vec<Misspelling> {
    SpellCache::new(rules)
        .check(speller, body, &Prose::of_body(body))
        .without_accepted(accepted)
        .misspellings
}

/// The misspellings of a plain field such as the title or summary, with ranges in `text`.
pub fn check_text(
    speller: &Speller,
    accepted: &AcceptedWords,
    text: &str,
    rules: WordRules,
) -> Vec<Misspelling> {
    SpellCache::new(rules)
        .check(speller, text, &Prose::of_text(text))
        .without_accepted(accepted)
        .misspellings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small English dictionary written for these tests.
    const AFF: &str = "SET UTF-8\nTRY esianrtolcdugmphbyfvkwz'\nICONV 1\nICONV ’ '\n\
                       SFX S Y 1\nSFX S 0 s .\n";
    const DIC: &str = "18\na\nthe\nparagraph/S\nword/S\nis\nhere\nwell\nknown\nand\n\
                       don't\nheading\nsecond\nthird\nfine\ncafé\ncode\nwith\ntext\n";

    fn speller() -> Speller {
        Speller::new(DictionaryId::from_name("en_US").expect("a name"), AFF, DIC)
            .expect("the test dictionary compiles")
    }

    fn misspelt(body: &str) -> Vec<&str> {
        check_body(
            &speller(),
            &AcceptedWords::default(),
            body,
            WordRules::default(),
        )
        .iter()
        .map(|miss| &body[miss.range.clone()])
        .collect()
    }

    #[test]
    fn only_prose_is_checked() {
        let body = "# The hedding {#not-checked}\n\nA paragrph with `badcode` and \
                    [lnk text](https://exampel.org/pth) and <https://autolnk.org>.\n\n\
                    ```\nnotchecked\n```\n\n<div title=\"attrbute\">\nhtmlblock\n</div>\n\n\
                    A well-known and don’t and caf&eacute; and wel-known.\n";
        assert_eq!(misspelt(body), ["hedding", "paragrph", "lnk", "wel-known"]);
    }

    #[test]
    fn suggestions_are_asked_for_one_word() {
        let speller = speller();
        assert_eq!(speller.suggest("paragrph", MAX_SUGGESTIONS)[0], "paragraph");
        assert_eq!(speller.suggest("dont’", 1), ["don’t"]);
        assert!(speller.suggest("paragrph", 0).is_empty());
    }

    #[test]
    fn an_edit_rechecks_only_the_blocks_it_touched() {
        let speller = speller();
        let mut cache = SpellCache::default();
        let body = "A paragrph here.\n\nA secnd paragraph.\n\nA third paragraph.\n";
        let first = cache.check(&speller, body, &Prose::of_body(body));
        assert_eq!((first.blocks_checked, first.blocks_reused), (3, 0));
        let edited = "A new first paragrph here.\n\nA secnd paragraph.\n\nA third paragraph.\n";
        let second = cache.check(&speller, edited, &Prose::of_body(edited));
        assert_eq!((second.blocks_checked, second.blocks_reused), (1, 2));
        let words: Vec<&str> = second
            .misspellings
            .iter()
            .map(|miss| &edited[miss.range.clone()])
            .collect();
        assert_eq!(words, ["new", "first", "paragrph", "secnd"]);
        assert_eq!(
            second.misspellings,
            SpellCache::default()
                .check(&speller, edited, &Prose::of_body(edited))
                .misspellings,
            "a cached check finds what a fresh one finds"
        );
    }

    #[test]
    fn a_different_dictionary_empties_the_cache() {
        let mut cache = SpellCache::default();
        let body = "A fine word.\n";
        assert!(
            cache
                .check(&speller(), body, &Prose::of_body(body))
                .misspellings
                .is_empty()
        );
        let smaller = Speller::new(
            DictionaryId::from_name("en_GB").expect("a name"),
            AFF,
            "2\na\nword\n",
        )
        .expect("compiles");
        let report = cache.check(&smaller, body, &Prose::of_body(body));
        assert_eq!(report.blocks_checked, 1);
        assert_eq!(report.misspellings.len(), 1);
    }

    #[test]
    fn accepted_words_are_dropped_without_a_new_check() {
        let speller = speller();
        let body = "The Postwright paragrph.\n";
        let mut cache = SpellCache::default();
        let report = cache.check(&speller, body, &Prose::of_body(body));
        assert_eq!(report.misspellings.len(), 2);
        let accepted = AcceptedWords::new(["postwright"]);
        let kept = report.without_accepted(&accepted);
        assert_eq!(kept.misspellings.len(), 1);
        assert_eq!(kept.misspellings[0].word, "paragrph");
    }

    #[test]
    fn fields_are_checked_as_plain_text() {
        let text = "The `hedding` of a wrd";
        let found = check_text(
            &speller(),
            &AcceptedWords::default(),
            text,
            WordRules::default(),
        );
        let words: Vec<&str> = found.iter().map(|miss| &text[miss.range.clone()]).collect();
        assert_eq!(words, ["hedding", "of", "wrd"]);
    }

    #[test]
    fn checking_state_can_be_sent_to_a_worker() {
        fn sendable<T: Send + 'static>() {}
        sendable::<SpellCache>();
        sendable::<Prose>();
        sendable::<SpellingReport>();
        sendable::<std::sync::Arc<Speller>>();
    }
}
