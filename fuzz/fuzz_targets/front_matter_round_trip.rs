//! Any text opens and saves back to the same bytes; editing metadata changes only the
//! front matter and reads back as set.

#![no_main]

use libfuzzer_sys::fuzz_target;
use postwright_core::post::Post;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let post = Post::parse(text);
    assert_eq!(post.to_text(), text, "round trip");
    if !post.metadata_editable() {
        return;
    }
    // An edit made of pieces of the input, to exercise quoting and escaping.
    let mut metadata = post.metadata().clone();
    let piece: String = text.chars().rev().take(48).collect();
    metadata.title = piece.trim().to_owned();
    let tag: String = text.chars().take(12).filter(|c| *c != ',').collect();
    if !tag.trim().is_empty() {
        metadata.tags.push(tag.trim().to_owned());
    }
    metadata.draft = !metadata.draft;
    metadata.author.role = piece.chars().take(10).collect::<String>().trim().to_owned();
    let mut edited = post.clone();
    if edited.set_metadata(&metadata).is_ok() {
        let saved = edited.to_text();
        let reopened = Post::parse(&saved);
        assert_eq!(reopened.body(), post.body(), "the body is untouched");
        assert_eq!(
            reopened.metadata(),
            edited.metadata(),
            "metadata reads back as set"
        );
        assert_eq!(reopened.to_text(), saved);
    }
});
