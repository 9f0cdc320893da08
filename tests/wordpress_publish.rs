//! Publishing to and pulling from a real WordPress started by the test (see
//! `tests/wordpress/`): every sample post goes up and reads back as it was meant, updates
//! keep the same post and media, a remote change is asked about, the Author role's limits
//! and each failure are worded, and a rich post pulled as Markdown exports to the same
//! text, links and images.

mod wordpress;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde_json::{Value, json};

use postwright_core::audit::{self, AuditOptions};
use postwright_core::export::{self, ExportOptions};
use postwright_core::front_matter::Format;
use postwright_core::post::Post;
use postwright_core::wordpress::{self as mapping, PostStatus, RemoteKind, RestDate};
use postwright_io::files;
use postwright_io::wordpress::{
    Blog, Client, ClientOptions, MediaMemory, Password, PublishFailure, PublishInput,
    PublishOutcome, Secrets, WordPressError, add_blog, discover,
};
use wordpress::{Account, WordPress, postwright, scratch_dir, seen};

fn blog_of(wp: &WordPress, account: &Account) -> Blog {
    Blog {
        name: "test".into(),
        url: wp.url.clone(),
        user: account.user.clone(),
        rest_root: discover(&wp.url, &ClientOptions::default()).expect("the REST root"),
    }
}

fn client_of(wp: &WordPress, account: &Account) -> Client {
    Client::new(
        &blog_of(wp, account),
        &Password::new(&account.password),
        &ClientOptions::default(),
    )
    .expect("a client")
}

/// Publishes the post file at `path` as a plain caller would: audit, plan, publish, and
/// on success the `wordpress` key saved into the file.
fn publish_file(
    client: &Client,
    path: &Path,
    status: Option<PostStatus>,
    memory: &mut MediaMemory,
    overwrite: bool,
) -> Result<PublishOutcome, PublishFailure> {
    let mut post = Post::parse(&std::fs::read_to_string(path).expect("the post"));
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(files::post_files(Some(path))),
    };
    let (_, report) = audit::audit_post(&post, &options);
    let plan = mapping::plan(&post, "test", status, jiff::Timestamp::now(), &report);
    let input = PublishInput {
        post: &post,
        post_folder: path.parent(),
        plan: &plan,
        errors_confirmed: true,
        overwrite_remote_changes: overwrite,
    };
    let mut steps = 0;
    let outcome = postwright_io::wordpress::publish(
        client,
        &input,
        memory,
        &AtomicBool::new(false),
        &mut |_| steps += 1,
    )?;
    if let PublishOutcome::Published(published) = &outcome {
        assert!(steps > 0, "progress was reported");
        mapping::set_remote_link(&mut post, &published.link).expect("the key is written");
        std::fs::write(path, post.to_text()).expect("saved");
    }
    Ok(outcome)
}

fn published(
    outcome: Result<PublishOutcome, PublishFailure>,
) -> postwright_io::wordpress::Published {
    match outcome {
        Ok(PublishOutcome::Published(published)) => published,
        other => panic!("not published: {other:?}"),
    }
}

fn term_names(wp: &WordPress, taxonomy: &str, ids: &Value) -> Vec<String> {
    let ids: Vec<String> = ids
        .as_array()
        .expect("ids")
        .iter()
        .map(|id| id.to_string())
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    let (_, terms) = wp.rest(
        &wp.admin,
        "GET",
        &format!("wp/v2/{taxonomy}?include={}&per_page=100", ids.join(",")),
        None,
    );
    let mut names: Vec<String> = terms
        .as_array()
        .expect("terms")
        .iter()
        .map(|term| term["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// How many media items the blog has whose name contains `name`.
fn media_named(wp: &WordPress, name: &str) -> usize {
    let (_, media) = wp.rest(
        &wp.admin,
        "GET",
        &format!("wp/v2/media?per_page=100&search={name}"),
        None,
    );
    media.as_array().map_or(0, Vec::len)
}

#[test]
fn every_sample_post_goes_up_as_a_draft_and_reads_back() {
    let wp = WordPress::shared();
    let client = client_of(wp, &wp.admin);
    let dir = scratch_dir("samples");
    let mut memory = MediaMemory::in_memory();
    let uploads = format!("{}/wp-content/uploads/", wp.url);
    for path in wordpress::sample_posts_in(&dir) {
        let name = path.display().to_string();
        let before = Post::parse(&std::fs::read_to_string(&path).expect("the post"));
        let (_, report) = audit::audit_post(&before, &AuditOptions::default());
        let plan = mapping::plan(
            &before,
            "test",
            Some(PostStatus::Draft),
            jiff::Timestamp::now(),
            &report,
        );
        let done = published(publish_file(
            &client,
            &path,
            Some(PostStatus::Draft),
            &mut memory,
            false,
        ));
        assert!(done.created, "{name}");
        let (status, remote) = wp.rest(
            &wp.admin,
            "GET",
            &format!("wp/v2/posts/{}?context=edit", done.link.id),
            None,
        );
        assert_eq!(status, 200, "{name}: {remote}");
        assert_eq!(remote["status"], "draft", "{name}");
        assert_eq!(remote["title"]["raw"], plan.title.as_str(), "{name}");
        assert!(!plan.title.is_empty(), "{name}");
        if !plan.slug.is_empty() {
            assert_eq!(remote["slug"], plan.slug.as_str(), "{name}");
        }
        assert_eq!(
            remote["excerpt"]["raw"],
            before.metadata().summary.as_str(),
            "{name}"
        );
        match &plan.date {
            Some(RestDate::Utc(date)) => assert_eq!(remote["date_gmt"], date.as_str(), "{name}"),
            Some(RestDate::SiteTime(date)) => assert_eq!(remote["date"], date.as_str(), "{name}"),
            None => assert!(before.metadata().date.is_empty(), "{name}"),
        }
        assert_eq!(
            term_names(wp, "tags", &remote["tags"]),
            sorted(before.metadata().tags.clone()),
            "{name}"
        );
        let categories = term_names(wp, "categories", &remote["categories"]);
        if before.metadata().categories.is_empty() {
            assert_eq!(categories, ["Uncategorized"], "{name}: the blog's default");
        } else {
            assert_eq!(
                categories,
                sorted(before.metadata().categories.clone()),
                "{name}"
            );
        }
        let featured = remote["featured_media"].as_u64().unwrap_or(0);
        if before.metadata().cover_image.is_empty() {
            assert_eq!(featured, 0, "{name}");
        } else {
            let (_, media) = wp.rest(
                &wp.admin,
                "GET",
                &format!("wp/v2/media/{featured}?context=edit"),
                None,
            );
            assert_eq!(
                media["alt_text"],
                before.metadata().cover_alt.as_str(),
                "{name}"
            );
            assert!(
                media["source_url"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with(&uploads),
                "{name}: {media}"
            );
        }
        let content = remote["content"]["raw"].as_str().expect("raw content");
        let images = seen(content).images;
        assert_eq!(images.len(), plan.images.len(), "{name}: {images:?}");
        for ((src, alt), image) in images.iter().zip(&plan.images) {
            assert!(src.starts_with(&uploads), "{name}: {src}");
            assert_eq!(alt, &image.alt, "{name}");
            assert_eq!(wp.fetch(src).0, 200, "{name}: {src} is served");
        }
        // What goes out is the post's own export body.
        let expected = seen(&export::body_html(&before, &ExportOptions::default()));
        let sent = seen(content);
        if plan.title != before.metadata().title {
            assert!(
                expected.text.contains(&sent.text),
                "{name}: the title heading is lifted"
            );
        } else {
            assert_eq!(sent.text, expected.text, "{name}");
            assert_eq!(sent.links, expected.links, "{name}");
        }
        let after = Post::parse(&std::fs::read_to_string(&path).expect("saved"));
        assert_eq!(after.body(), before.body(), "{name}: the body is untouched");
        let link = mapping::RemoteLink::of(&after).expect("the wordpress key");
        assert_eq!(
            (link.blog.as_str(), link.id),
            ("test", done.link.id),
            "{name}"
        );
    }
}

#[test]
fn a_second_publish_updates_the_same_post_and_reuses_the_media() {
    let wp = WordPress::shared();
    let client = client_of(wp, &wp.admin);
    let dir = scratch_dir("update");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts/images");
    std::fs::create_dir_all(dir.join("pictures")).expect("folder");
    for (from, to) in [
        ("post-anatomy.png", "second-publish-cover.png"),
        ("feature-usage-chart.png", "second-publish-chart.png"),
    ] {
        std::fs::copy(samples.join(from), dir.join("pictures").join(to)).expect("image");
    }
    let path = dir.join("twice.md");
    std::fs::write(
        &path,
        "---\ntitle: Published twice\nslug: published-twice\ncover_image: pictures/second-publish-cover.png\ncover_alt: Parts of a post\ntags: [twice]\n---\nA chart: ![Usage by feature](pictures/second-publish-chart.png)\n",
    )
    .expect("post");
    let mut memory = MediaMemory::load(&dir.join("media.json"));
    let first = published(publish_file(&client, &path, None, &mut memory, false));
    assert_eq!(first.uploaded.len(), 2, "{first:?}");
    assert_eq!(media_named(wp, "second-publish"), 2);
    // An edit, then a new process, as the next run would be: the memory comes from the
    // file.
    let text = std::fs::read_to_string(&path)
        .expect("saved")
        .replace("A chart:", "The chart:");
    std::fs::write(&path, text).expect("edited");
    let mut memory = MediaMemory::load(&dir.join("media.json"));
    let second = published(publish_file(&client, &path, None, &mut memory, false));
    assert!(!second.created);
    assert_eq!(second.link.id, first.link.id);
    assert!(second.uploaded.is_empty(), "{second:?}");
    assert_eq!(second.reused.len(), 2);
    assert_eq!(media_named(wp, "second-publish"), 2, "no duplicate media");
    let (_, posts) = wp.rest(
        &wp.admin,
        "GET",
        "wp/v2/posts?search=Published%20twice&status=any&context=edit",
        None,
    );
    let posts = posts.as_array().expect("posts");
    assert_eq!(posts.len(), 1, "no duplicate post");
    assert!(
        posts[0]["content"]["raw"]
            .as_str()
            .unwrap_or_default()
            .contains("The chart:")
    );
}

#[test]
fn a_remote_edit_between_two_publishes_asks_first() {
    let wp = WordPress::shared();
    let client = client_of(wp, &wp.admin);
    let dir = scratch_dir("conflict");
    let path = dir.join("note.md");
    std::fs::write(
        &path,
        "---\ntitle: Conflict check\nslug: conflict-check\n---\nOur text.\n",
    )
    .expect("post");
    let mut memory = MediaMemory::in_memory();
    let first = published(publish_file(&client, &path, None, &mut memory, false));
    // WordPress keeps change times to the second: let the clock move on.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (status, _) = wp.rest(
        &wp.admin,
        "POST",
        &format!("wp/v2/posts/{}", first.link.id),
        Some(&json!({"content": "<p>Someone else's text.</p>"})),
    );
    assert_eq!(status, 200);
    match publish_file(&client, &path, None, &mut memory, false) {
        Ok(PublishOutcome::RemoteChanged {
            remote,
            known_modified,
        }) => {
            assert_eq!(remote.id, first.link.id);
            assert_eq!(known_modified, first.link.modified);
            assert!(remote.content.contains("Someone else"), "{remote:?}");
            // "Open the remote version" is a pulled post.
            let theirs = mapping::pulled_post(&remote, "test", Format::Yaml);
            assert!(theirs.body().contains("Someone else's text."));
        }
        other => panic!("no question asked: {other:?}"),
    }
    let (_, unchanged) = wp.rest(
        &wp.admin,
        "GET",
        &format!("wp/v2/posts/{}?context=edit", first.link.id),
        None,
    );
    assert!(
        unchanged["content"]["raw"]
            .as_str()
            .unwrap_or_default()
            .contains("Someone else")
    );
    let overwritten = published(publish_file(&client, &path, None, &mut memory, true));
    assert_eq!(overwritten.link.id, first.link.id);
    let (_, ours) = wp.rest(
        &wp.admin,
        "GET",
        &format!("wp/v2/posts/{}?context=edit", first.link.id),
        None,
    );
    assert!(
        ours["content"]["raw"]
            .as_str()
            .unwrap_or_default()
            .contains("Our text."),
        "{ours}"
    );
}

#[test]
fn an_author_may_submit_for_review_but_not_publish() {
    let wp = WordPress::shared();
    let author = client_of(wp, &wp.author);
    let account = author.account().expect("the author's account");
    assert!(account.roles.contains(&"author".to_owned()), "{account:?}");
    let dir = scratch_dir("author");
    let path = dir.join("review.md");
    std::fs::write(
        &path,
        "---\ntitle: For review\ntags: [review]\n---\nPlease look.\n",
    )
    .expect("post");
    let mut memory = MediaMemory::in_memory();
    // An Author may use tags but not create them: the tag is there already.
    let (status, _) = wp.rest(
        &wp.admin,
        "POST",
        "wp/v2/tags",
        Some(&json!({"name": "review"})),
    );
    assert!(status == 201 || status == 400, "{status}");
    let pending = published(publish_file(
        &author,
        &path,
        Some(PostStatus::Pending),
        &mut memory,
        false,
    ));
    assert_eq!(pending.status, "pending");
    let other = dir.join("publish.md");
    std::fs::write(&other, "---\ntitle: Straight out\n---\nNow.\n").expect("post");
    // Authors may publish their own posts in WordPress; an account whose role may not is a
    // Contributor: made here from the Author by taking the capability away.
    let (status, _) = wp.rest(
        &wp.admin,
        "POST",
        &format!("wp/v2/users/{}", author_id(wp)),
        Some(&json!({"roles": ["contributor"]})),
    );
    assert_eq!(status, 200);
    let refused = publish_file(
        &author,
        &other,
        Some(PostStatus::Publish),
        &mut memory,
        false,
    );
    let (status, _) = wp.rest(
        &wp.admin,
        "POST",
        &format!("wp/v2/users/{}", author_id(wp)),
        Some(&json!({"roles": ["author"]})),
    );
    assert_eq!(status, 200);
    let failure = refused.expect_err("a contributor may not publish");
    assert!(
        matches!(failure.error, WordPressError::CannotPublish { .. }),
        "{failure:?}"
    );
    let message = failure.to_string();
    assert!(message.contains("may not publish"), "{message}");
    assert!(message.contains("submit it for review"), "{message}");
}

fn author_id(wp: &WordPress) -> u64 {
    let (_, users) = wp.rest(
        &wp.admin,
        "GET",
        "wp/v2/users?search=author&context=edit",
        None,
    );
    users
        .as_array()
        .and_then(|users| users.iter().find(|user| user["username"] == "author"))
        .and_then(|user| user["id"].as_u64())
        .expect("the author account")
}

#[test]
fn a_wrong_password_a_stopped_server_and_another_site_each_say_so() {
    let wp = WordPress::shared();
    let dir = scratch_dir("failures");
    let secrets = Secrets::file_only(&dir);
    let options = ClientOptions::default();
    let wrong = Password::new("abcd efgh ijkl mnop qrst uvwx");
    let error =
        add_blog(&dir, &secrets, "b", &wp.url, "admin", &wrong, &options).expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains("did not accept the user \"admin\""),
        "{message}"
    );
    assert!(message.contains("Application Password"), "{message}");
    assert!(!message.contains("abcd"), "{message}");
    assert!(
        !dir.join("blogs.json").exists(),
        "nothing stored after a failed check"
    );

    let stopped = format!("http://127.0.0.1:{}", wordpress::free_port());
    let error =
        add_blog(&dir, &secrets, "b", &stopped, "admin", &wrong, &options).expect_err("refused");
    assert!(
        matches!(
            error,
            postwright_io::wordpress::BlogError::WordPress(
                WordPressError::ConnectionRefused { .. }
            )
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("nothing answers at"), "{error}");

    let plain = wordpress::plain_web_server(4);
    let error =
        add_blog(&dir, &secrets, "b", &plain, "admin", &wrong, &options).expect_err("refused");
    assert!(
        error.to_string().contains("answers like a WordPress blog"),
        "{error}"
    );

    let insecure = add_blog(
        &dir,
        &secrets,
        "b",
        "http://blog.example.org",
        "admin",
        &wrong,
        &options,
    )
    .expect_err("refused");
    assert!(insecure.to_string().contains("unencrypted"), "{insecure}");

    // A blog whose REST API a plugin turned off (the test instance does so for this
    // User-Agent).
    let turned_off = ClientOptions {
        user_agent: "Postwright test rest-turned-off".into(),
        ..ClientOptions::default()
    };
    let error =
        add_blog(&dir, &secrets, "b", &wp.url, "admin", &wrong, &turned_off).expect_err("refused");
    assert!(
        error.to_string().contains("REST API is turned off"),
        "{error}"
    );

    // The command line says the same, and never echoes the password.
    let config = dir.join("config");
    let output = postwright(
        &config,
        &[
            "blog",
            "add",
            "b",
            "--url",
            &wp.url,
            "--user",
            "admin",
            "--password-stdin",
        ],
        "abcd efgh ijkl mnop qrst uvwx\n",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did not accept"), "{stderr}");
    assert!(!stderr.contains("abcd") && !String::from_utf8_lossy(&output.stdout).contains("abcd"));
}

/// A post as an author would write it in WordPress: headings, lists, a table, code, a
/// quote, images and links.
fn rich_html(image_url: &str) -> String {
    format!(
        "<h2>Getting started</h2>\n<p>Read <a href=\"https://example.org/guide\">the guide</a>, then <em>try</em> it &amp; <strong>report</strong> back.</p>\n<h3>Steps</h3>\n<ol><li>Install it</li><li>Edit <code>config.toml</code></li></ol>\n<ul><li>Fast</li><li>Small, see <a href=\"https://example.org/size\">sizes</a></li></ul>\n<table><thead><tr><th>Name</th><th>Size</th></tr></thead><tbody><tr><td>core</td><td>12 kB</td></tr><tr><td>io</td><td>30 kB</td></tr></tbody></table>\n<pre><code class=\"language-rust\">fn main() {{\n    println!(\"hi &lt;3\");\n}}</code></pre>\n<blockquote><p>Quoted wisdom, <a href=\"https://example.org/source\">with a source</a>.</p></blockquote>\n<figure class=\"wp-block-image\"><img src=\"{image_url}\" alt=\"A bar chart\"/><figcaption>Usage by feature</figcaption></figure>\n<p>And a remote one: <img src=\"https://images.example.org/photo.jpg\" alt=\"A photo\"></p>\n"
    )
}

#[test]
fn a_rich_post_pulled_as_markdown_exports_equivalent_and_publishes_back_unchanged() {
    let wp = WordPress::shared();
    let client = client_of(wp, &wp.admin);
    let chart = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts/images/feature-usage-chart.png"),
    )
    .expect("an image");
    let media = client
        .upload_media("rich-chart.png", chart, "image/png")
        .expect("uploaded");
    let html = rich_html(&media.source_url);
    let (status, created) = wp.rest(
        &wp.admin,
        "POST",
        "wp/v2/posts",
        Some(&json!({"title": "Rich post", "content": html, "excerpt": "Everything at once.", "status": "publish", "slug": "rich-post"})),
    );
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_u64().expect("an id");
    let remote = client.fetch(RemoteKind::Post, id).expect("fetched");
    let pulled = mapping::pulled_post(&remote, "test", Format::Yaml);
    let markdown = pulled.body();
    for expected in [
        "## Getting started",
        "### Steps",
        "1. Install it",
        "- Fast",
        "| core | 12 kB |",
        "```rust",
        "> Quoted wisdom",
        "[the guide](https://example.org/guide)",
        "![A photo](https://images.example.org/photo.jpg)",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} missing from:\n{markdown}"
        );
    }
    let original = seen(&html);
    assert_eq!(original.images.len(), 2);
    assert_eq!(original.links.len(), 3);
    let exported = seen(&export::body_html(&pulled, &ExportOptions::default()));
    assert_eq!(exported, original, "the Markdown:\n{markdown}");
    assert_eq!(pulled.metadata().title, "Rich post");
    assert_eq!(pulled.metadata().summary, "Everything at once.");
    assert!(!pulled.metadata().draft);

    // Pull, then publish with no edit: the blog's content is still equivalent.
    let dir = scratch_dir("rich");
    let path = dir.join("rich-post.md");
    std::fs::write(&path, pulled.to_text()).expect("saved");
    let mut memory = MediaMemory::in_memory();
    let again = published(publish_file(&client, &path, None, &mut memory, false));
    assert_eq!(again.link.id, id);
    assert_eq!(again.status, "publish", "an update keeps the status");
    let (_, after) = wp.rest(
        &wp.admin,
        "GET",
        &format!("wp/v2/posts/{id}?context=edit"),
        None,
    );
    let republished = seen(after["content"]["raw"].as_str().expect("content"));
    assert_eq!(republished, original);
    assert_eq!(after["title"]["raw"], "Rich post");
    assert_eq!(after["excerpt"]["raw"], "Everything at once.");
    assert_eq!(after["slug"], "rich-post");
}

#[test]
fn the_command_line_adds_a_blog_publishes_and_pulls() {
    let wp = WordPress::shared();
    let dir = scratch_dir("cli");
    let config = dir.join("config");
    let output = wp.add_with_cli(&config, "main", &wp.admin);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("administrator"), "{stdout}");
    assert!(stdout.contains("may publish posts"), "{stdout}");
    assert!(stdout.contains("readable by you alone"), "{stdout}");
    // Only the owner-only password file holds the password.
    for entry in std::fs::read_dir(&config)
        .expect("the config folder")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "blog-passwords.json" {
            let text = std::fs::read_to_string(entry.path()).expect("readable");
            assert!(
                !text.contains(&wp.admin.password),
                "{name} holds the password"
            );
        }
    }
    assert!(config.join("blogs.json").exists());
    let listed = postwright(&config, &["blog", "list"], "");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("main"));

    let post = dir.join("hello.md");
    std::fs::write(&post, "+++\ntitle = \"Hello from the command line\" # kept\ntags = [\"cli\"]\n+++\nSee [the docs](https://example.org/docs).\n").expect("post");
    let output = postwright(
        &config,
        &[
            "publish",
            post.to_str().expect("path"),
            "--blog",
            "main",
            "--status",
            "publish",
        ],
        "",
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("(id "), "{stdout}");
    let saved = std::fs::read_to_string(&post).expect("saved");
    assert!(saved.contains("# kept"), "{saved}");
    let link = mapping::RemoteLink::of(&Post::parse(&saved)).expect("the wordpress key");
    assert_eq!(link.blog, "main");

    let pulled_dir = dir.join("pulled");
    let id = link.id.to_string();
    let pulled_folder = pulled_dir.to_str().expect("path");
    let pull = || {
        postwright(
            &config,
            &["pull", "--blog", "main", "--id", &id, "-o", pulled_folder],
            "",
        )
    };
    let output = pull();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pulled =
        std::fs::read_to_string(pulled_dir.join("hello-from-the-command-line.md")).expect("pulled");
    assert!(
        pulled.contains("title: Hello from the command line"),
        "{pulled}"
    );
    assert!(
        pulled.contains("See [the docs](https://example.org/docs)."),
        "{pulled}"
    );
    assert!(pulled.contains("- cli"), "{pulled}");
    // Pulling again never replaces the file.
    let again = pull();
    assert_eq!(again.status.code(), Some(2));

    // Audit errors stop a publish unless confirmed.
    let risky = dir.join("risky.md");
    std::fs::write(
        &risky,
        "---\ntitle: Risky\n---\n[click](javascript:alert(1))\n",
    )
    .expect("post");
    let output = postwright(
        &config,
        &["publish", risky.to_str().expect("path"), "--blog", "main"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--confirm-errors"));
    assert!(
        !std::fs::read_to_string(&risky)
            .expect("post")
            .contains("wordpress"),
        "nothing saved"
    );

    let removed = postwright(&config, &["blog", "remove", "main"], "");
    assert!(removed.status.success());
    assert!(
        !std::fs::read_to_string(config.join("blog-passwords.json"))
            .expect("file")
            .contains(&wp.admin.password)
    );
}
