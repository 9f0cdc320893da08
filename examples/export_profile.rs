//! One side of the export benchmark, alone, for counting instructions with a profiler:
//!
//! ```sh
//! cargo build --release --example export_profile
//! valgrind --tool=callgrind target/release/examples/export_profile page posts
//! ```
//!
//! The first argument is what to run (`bare` for pulldown-cmark's `push_html`, `page` for
//! the full page, `body` for "Copy HTML"), the second the input (`posts`, the sample posts
//! repeated to 1 MB, or `prose`, the long essay repeated), the third how many rounds (1).
//! The benchmark itself is `cargo bench --bench export`.

#[path = "../benches/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::Path;

use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_core::markdown;
use postwright_core::post::Post;

const POST_BYTES: usize = 1024 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("page", String::as_str);
    let body = match args.get(1).map_or("posts", String::as_str) {
        "prose" => support::prose_of_size(POST_BYTES),
        _ => support::post_of_size(POST_BYTES),
    };
    let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
    let post = Post::parse(&body);
    let options = ExportOptions {
        images: ImageMode::Keep,
        ..ExportOptions::default()
    };
    let mut no_images = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".into()) };
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes += run(what, &body, &post, &options, &mut no_images);
    }
    println!("{what}: {bytes} bytes of HTML");
}

/// One round; a function of its own so that a profiler can count just this
/// (`--toggle-collect='export_profile::run'`).
#[inline(never)]
fn run(
    what: &str,
    body: &str,
    post: &Post,
    options: &ExportOptions,
    no_images: &mut export::ReadImage<'_>,
) -> usize {
    match what {
        "bare" => {
            let mut html = String::with_capacity(body.len() * 2);
            pulldown_cmark::html::push_html(&mut html, markdown::parser(black_box(body)));
            html.len()
        }
        "body" => export::body_html(black_box(post), options).len(),
        _ => export::export_page(black_box(post), None, options, no_images)
            .html
            .len(),
    }
}
