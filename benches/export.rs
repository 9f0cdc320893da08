//! Exporting a 1 MB post against bare pulldown-cmark `push_html` on the same text, side by
//! side. Run with `cargo bench --bench export`; prints medians and the throughput ratio
//! (export ÷ push_html: 1.0 means as fast as pulldown-cmark alone).

mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use postwright_core::export::{self, ExportOptions, ImageMode};
use postwright_core::markdown;
use postwright_core::post::Post;

const POST_BYTES: usize = 1024 * 1024;
const ROUNDS: usize = 31;

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    println!("{ROUNDS} rounds, interleaved; ratio = push_html time / export time");
    measure("1 MB of sample posts", &support::post_of_size(POST_BYTES));
    measure(
        "1 MB of prose (long-essay.md)",
        &support::prose_of_size(POST_BYTES),
    );
}

fn measure(label: &str, body: &str) {
    let post = Post::parse(body);
    let options = ExportOptions {
        // Image files are not read: this measures the pipeline, not the disk.
        images: ImageMode::Keep,
        ..ExportOptions::default()
    };
    let mut no_images = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".into()) };

    let bare = || {
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, markdown::parser(black_box(body)));
        html
    };
    let mut page = || export::export_page(black_box(&post), None, &options, &mut no_images).html;
    let body_only = || export::body_html(black_box(&post), &options);

    // Warm up, and check both produce something comparable.
    let (bare_len, page_len) = (bare().len(), page().len());
    assert!(page_len > bare_len / 2);

    let (mut bare_times, mut page_times, mut body_times) = (vec![], vec![], vec![]);
    for _ in 0..ROUNDS {
        // Interleaved, so that all three see the same machine load.
        let start = Instant::now();
        black_box(bare());
        bare_times.push(start.elapsed());
        let start = Instant::now();
        black_box(page());
        page_times.push(start.elapsed());
        let start = Instant::now();
        black_box(body_only());
        body_times.push(start.elapsed());
    }
    let bare = median(&mut bare_times);
    let page = median(&mut page_times);
    let body_only = median(&mut body_times);
    let megabytes = body.len() as f64 / (1024.0 * 1024.0);
    println!("{label}: {} bytes", body.len());
    let report = |name: &str, time: Duration| {
        println!(
            "  {name:<26} median {:>7.2} ms  {:>6.1} MB/s  ratio {:.2}",
            time.as_secs_f64() * 1000.0,
            megabytes / time.as_secs_f64(),
            bare.as_secs_f64() / time.as_secs_f64()
        );
    };
    report("pulldown-cmark push_html", bare);
    report("export_page (full page)", page);
    report("body_html (Copy HTML)", body_only);
}
