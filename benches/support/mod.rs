//! Benchmark inputs shared by the benchmarks: posts of any size, made deterministically
//! from the sample posts.
#![allow(dead_code)]

use std::path::Path;

/// The sample posts' bodies (front matter removed), in name order.
pub fn sample_bodies() -> Vec<String> {
    // The root package's benchmarks start from the workspace, the core's from its crate.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|folder| folder.join("sample_posts"))
        .find(|folder| folder.is_dir())
        .expect("sample_posts exists");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("sample_posts exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("sample post is UTF-8");
            postwright_core::post::Post::parse(&text).body().to_owned()
        })
        .collect()
}

/// A post body of about `bytes` bytes (never less): the sample posts' bodies one after
/// another, repeated, each copy's footnote labels made unique so the post stays valid.
/// The same size always gives the same text.
pub fn post_of_size(bytes: usize) -> String {
    repeated(&sample_bodies(), bytes)
}

/// Like [`post_of_size`], but prose only: `long-essay.md` (no code, no raw HTML).
pub fn prose_of_size(bytes: usize) -> String {
    let essay = sample_bodies()
        .into_iter()
        .find(|body| body.contains("My website is older than some of the people"))
        .expect("the long essay is a sample post");
    repeated(&[essay], bytes)
}

fn repeated(bodies: &[String], bytes: usize) -> String {
    let mut post = String::with_capacity(bytes + 32 * 1024);
    let mut copy = 0usize;
    while post.len() < bytes {
        for body in bodies {
            post.push_str(&body.replace("[^", &format!("[^c{copy}-")));
            post.push_str("\n\n");
            if post.len() >= bytes {
                break;
            }
        }
        copy += 1;
    }
    post
}
