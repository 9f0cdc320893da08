//! How long the link audit takes on a 1 MB post, against the pass the window makes anyway.
//!
//! Run with `cargo run --release --example audit_timing`. The post is the link-audit corpus
//! and the sample posts, bodies only, repeated to 1 MiB: ordinary prose with links,
//! images, raw HTML, hidden blocks and bare addresses. Three measurements are taken side
//! by side, interleaved, and their medians printed:
//!
//! - baseline: one pass over the events with the statistics collector (what the window's
//!   preview pass costs without the audit);
//! - the same pass also feeding a `LinkCollector` (the cost of collecting);
//! - with audit: that pass, then `LinkCollector::finish` and `audit::audit`;
//! - the audit's own share: the difference, and the ratio of the two.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use postwright_core::audit::{self, AuditOptions, LinkCollector, PostFacts};
use postwright_core::local_file::PostFiles;
use postwright_core::markdown;
use postwright_core::metadata::Metadata;
use postwright_core::post::Post;
use postwright_core::stats::StatsCollector;

const TARGET_BYTES: usize = 1024 * 1024;
const ROUNDS: usize = 31;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies = Vec::new();
    for folder in ["tests/data/links", "sample_posts"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|extension| extension == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                bodies.push(Post::parse(&text).body().to_owned());
            }
        }
    }
    let mut body = String::with_capacity(TARGET_BYTES + 64 * 1024);
    while body.len() < TARGET_BYTES {
        for part in &bodies {
            body.push_str(part);
            body.push_str("\n\n");
        }
    }
    let metadata = Metadata::default();
    let readable = |_: &Path| true;
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(PostFiles {
            folder: Some(Path::new(".")),
            readable: &readable,
        }),
    };

    let baseline = || {
        let mut stats = StatsCollector::default();
        for (event, range) in markdown::parser(&body).into_offset_iter() {
            stats.event(&event, &range);
        }
        black_box(stats.finish());
    };
    let collect_only = || {
        let mut stats = StatsCollector::default();
        let mut links = LinkCollector::new(&body);
        for (event, range) in markdown::parser(&body).into_offset_iter() {
            stats.event(&event, &range);
            links.event(&event, &range);
        }
        black_box((stats.finish(), links));
    };
    let mut links_found = 0;
    let mut findings_found = 0;
    let mut with_audit = || {
        let mut stats = StatsCollector::default();
        let mut links = LinkCollector::new(&body);
        for (event, range) in markdown::parser(&body).into_offset_iter() {
            stats.event(&event, &range);
            links.event(&event, &range);
        }
        let statistics = stats.finish();
        let facts = PostFacts {
            body: &body,
            metadata: &metadata,
            outline: &statistics.outline,
            front_matter_error: None,
        };
        let report = audit::audit(links.finish(), &facts, &options);
        links_found = report.links.len();
        findings_found = report.findings.len();
        black_box(report);
    };

    let mut base_times = Vec::with_capacity(ROUNDS);
    let mut collect_times = Vec::with_capacity(ROUNDS);
    let mut audit_times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        baseline();
        base_times.push(start.elapsed());
        let start = Instant::now();
        collect_only();
        collect_times.push(start.elapsed());
        let start = Instant::now();
        with_audit();
        audit_times.push(start.elapsed());
    }
    let base = median(&mut base_times);
    let collect = median(&mut collect_times);
    let full = median(&mut audit_times);
    let own = full.saturating_sub(base);
    println!(
        "post: {} bytes, {} links, {} findings; {ROUNDS} rounds, medians:",
        body.len(),
        links_found,
        findings_found
    );
    println!("  baseline pass (parse + statistics): {:>8.2} ms", ms(base));
    println!(
        "  pass feeding the link collector:    {:>8.2} ms (collecting: {:.2} ms)",
        ms(collect),
        ms(collect.saturating_sub(base))
    );
    println!(
        "  same pass with the link audit:      {:>8.2} ms (finish and rules: {:.2} ms)",
        ms(full),
        ms(full.saturating_sub(collect))
    );
    println!(
        "  the audit's own share:              {:>8.2} ms ({:.2}x the baseline pass)",
        ms(own),
        ms(full) / ms(base)
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
