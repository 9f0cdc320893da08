//! `postwright check --blog` against a real WordPress started by the test (see
//! `tests/wordpress/`): a blog of twenty posts, pages and drafts, one carrying a pharmacy
//! link injected into its second paragraph, and the report flags exactly that link.

mod wordpress;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use serde_json::{Value, json};

use postwright_io::wordpress::{Blog, Client, ClientOptions, Password, discover, fetch_everything};
use wordpress::{WordPress, postwright, scratch_dir};

const INJECTED: &str = "https://cheap-viagra-pharmacy.example/order?ref=blog";

/// The shared blog, filled once for the tests of this binary; the injected post's id.
fn filled_blog() -> (&'static WordPress, u64) {
    static INJECTED_ID: OnceLock<u64> = OnceLock::new();
    let wp = WordPress::shared();
    (wp, *INJECTED_ID.get_or_init(|| fill_the_blog(wp)))
}

/// Twenty posts, pages and drafts on the blog's usual topics, linking to the same few
/// sites; the seventh has a pharmacy link pasted into its second paragraph.
fn fill_the_blog(wp: &WordPress) -> u64 {
    // The blog starts empty: no sample post or page of a fresh install.
    for collection in ["posts", "pages"] {
        let (_, existing) = wp.rest(
            &wp.admin,
            "GET",
            &format!("wp/v2/{collection}?status=any&per_page=100&context=edit"),
            None,
        );
        for item in existing.as_array().expect("a list") {
            let id = item["id"].as_u64().expect("an id");
            let (status, _) = wp.rest(
                &wp.admin,
                "DELETE",
                &format!("wp/v2/{collection}/{id}?force=true"),
                None,
            );
            assert_eq!(status, 200);
        }
    }
    let topics = ["gardening", "bread", "cycling", "birds", "tea"];
    let mut injected_id = 0;
    for index in 0..20 {
        let topic = topics[index % topics.len()];
        let second = if index == 6 {
            format!(
                "<p>Most of all, keep notes. <a href=\"{INJECTED}\">Buy cheap viagra online</a> Every season teaches something.</p>"
            )
        } else {
            format!(
                "<p>Most of all, keep notes. The <a href=\"https://{topic}.example.org/guide\">{topic} guide</a> helps.</p>"
            )
        };
        let content = format!(
            "<p>Notes on {topic}, part {index}. See <a href=\"https://wiki.example.org/{topic}\">the wiki</a>.</p>\n{second}\n<p>More next week.</p>"
        );
        let (collection, status) = match index {
            3 => ("pages", "publish"),
            11 | 15 => ("posts", "draft"),
            _ => ("posts", "publish"),
        };
        let (code, created) = wp.rest(
            &wp.admin,
            "POST",
            &format!("wp/v2/{collection}"),
            Some(&json!({"title": format!("On {topic}, part {index}"), "content": content, "status": status})),
        );
        assert_eq!(code, 201, "{created}");
        if index == 6 {
            injected_id = created["id"].as_u64().expect("an id");
        }
    }
    injected_id
}

#[test]
fn check_blog_flags_exactly_the_injected_link() {
    let (wp, injected_id) = filled_blog();
    let dir = scratch_dir("audit");
    let config = dir.join("config");
    let added = wp.add_with_cli(&config, "main", &wp.admin);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let output = postwright(
        &config,
        &["check", "--blog", "main", "--format", "json"],
        "",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the worst finding is a warning: {stderr}"
    );
    assert!(
        stderr.contains("fetched 20 of 20"),
        "progress on standard error: {stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 20);
    let flagged: Vec<(String, String, String)> = files
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap_or_default().to_owned();
            file["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|finding| finding["severity"] != "info")
                .map(move |finding| {
                    (
                        path.clone(),
                        finding["rule"].as_str().unwrap_or_default().to_owned(),
                        finding["url"].as_str().unwrap_or_default().to_owned(),
                    )
                })
        })
        .collect();
    let urls: BTreeSet<&str> = flagged.iter().map(|(_, _, url)| url.as_str()).collect();
    assert_eq!(urls, BTreeSet::from([INJECTED]), "{flagged:#?}");
    let paths: BTreeSet<&str> = flagged.iter().map(|(path, _, _)| path.as_str()).collect();
    assert_eq!(paths.len(), 1, "{flagged:#?}");
    assert!(
        flagged.iter().any(|(_, rule, _)| rule == "spam-vocabulary"),
        "{flagged:#?}"
    );
    let posts = report["blog"]["posts"]
        .as_array()
        .expect("the blog's posts");
    let injected = posts
        .iter()
        .find(|post| post["id"] == injected_id)
        .expect("the injected post is listed");
    assert!(paths.contains(injected["path"].as_str().unwrap_or_default()));
    assert!(posts.iter().any(|post| post["kind"] == "page"));
    assert_eq!(
        posts
            .iter()
            .filter(|post| post["status"] == "draft")
            .count(),
        2
    );
    // The pharmacy's domain is linked from that one post only.
    let lone = report["blog"]["lone_domains"]
        .as_array()
        .expect("lone domains");
    assert!(
        lone.iter()
            .any(|entry| entry["domain"] == "cheap-viagra-pharmacy.example"),
        "{lone:?}"
    );

    // The text report groups by finding and by post.
    let text = postwright(&config, &["check", "--blog", "main"], "");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.status.code(), Some(1));
    assert!(stdout.contains("by finding:"), "{stdout}");
    assert!(stdout.contains("warning[spam-vocabulary]"), "{stdout}");
    assert!(stdout.contains("by post:"), "{stdout}");
    assert!(stdout.contains("\"On bread, part 6\""), "{stdout}");
    assert!(stdout.contains("all posts: 0 errors, "), "{stdout}");

    // The whole blog pulled as Markdown, one file per post, page and draft.
    let pulled = dir.join("pulled");
    let output = postwright(
        &config,
        &[
            "pull",
            "--blog",
            "main",
            "--all",
            "-o",
            pulled.to_str().expect("path"),
        ],
        "",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = std::fs::read_dir(&pulled).expect("the folder").count();
    assert_eq!(files, 20);
    let injected =
        std::fs::read_to_string(pulled.join("on-bread-part-6.md")).expect("the injected post");
    assert!(
        injected.contains(&format!("[Buy cheap viagra online]({INJECTED})")),
        "{injected}"
    );
}

#[test]
fn the_listing_is_read_a_few_pages_at_a_time() {
    let (wp, _) = filled_blog();
    let blog = Blog {
        name: "main".into(),
        url: wp.url.clone(),
        user: wp.admin.user.clone(),
        rest_root: discover(&wp.url, &ClientOptions::default()).expect("the REST root"),
    };
    let client = Client::new(
        &blog,
        &Password::new(&wp.admin.password),
        &ClientOptions::default(),
    )
    .expect("a client");
    let whole =
        fetch_everything(&client, 100, &AtomicBool::new(false), &mut |_| {}).expect("listed");
    let mut reports = Vec::new();
    let paged = fetch_everything(&client, 2, &AtomicBool::new(false), &mut |progress| {
        reports.push(progress)
    })
    .expect("listed in pages of two");
    let ids = |posts: &[postwright_core::wordpress::RemotePost]| -> Vec<(bool, u64)> {
        let mut ids: Vec<(bool, u64)> = posts.iter().map(|post| (post.page, post.id)).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&paged), ids(&whole));
    assert!(reports.len() >= paged.len() / 2, "{reports:?}");
    assert_eq!(
        reports.last().map(|progress| progress.fetched),
        Some(paged.len())
    );
    let cancelled = fetch_everything(&client, 2, &AtomicBool::new(true), &mut |_| {});
    assert!(cancelled.is_err());
}
