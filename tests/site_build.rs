//! Real sites built by real generators: a post made by `postwright new`, its metadata
//! edited through `Post::set_metadata` (what the window's form calls), with an image placed
//! by `postwright_io::site::place_image`, builds with Debian's `hugo` and `jekyll`, offline
//! (the fixtures bring their own minimal layouts), and the built page shows its title, date,
//! tags and the image. Drafts stay out of a normal build and come in with the generator's
//! drafts switch, so the flag is written the way each generator reads it.
//!
//! Without `hugo` or `jekyll` these tests fail and say how to install them
//! (`bash .ci/deps`).

mod site_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use postwright_core::post::Post;
use postwright_core::site::conventions::image_markdown;
use postwright_io::files;
use postwright_io::site::{ImageSource, open_site, place_image};
use site_support::{fixture_copy, postwright, text};

/// A generator's program, or a failure that says how to install it.
fn program(name: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(name))
            .find(|path| path.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "{name} is not installed, so the site cannot be built; install it with \
             `bash .ci/deps` (Debian's {name} package)"
        )
    })
}

/// Runs a generator in `root`, failing with its output if it fails.
fn build(root: &Path, program_name: &str, args: &[&str]) {
    let output = Command::new(program(program_name))
        .args(args)
        .current_dir(root)
        .env("JEKYLL_ENV", "production")
        .output()
        .expect("the generator runs");
    assert!(
        output.status.success(),
        "{program_name} {args:?} failed:\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// `postwright new --site ROOT TITLE [extra]`, returning the file it made.
fn new_post(root: &Path, title: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["new", "--site", root.to_str().expect("UTF-8 path"), title];
    args.extend(extra);
    let output = postwright(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    PathBuf::from(text(&output.stdout).trim())
}

/// Gives the post tags and a summary through the metadata API, places an image for it
/// with alt text, and saves it; returns the post's date and the placed image's file.
fn edit_post(root: &Path, path: &Path) -> (String, PathBuf) {
    let loaded = files::load(path).expect("the new post loads");
    let mut post = Post::parse(&loaded.text);
    let mut metadata = post.metadata().clone();
    metadata.tags = vec!["lighthouses".to_owned(), "walks".to_owned()];
    metadata.summary = "Out along the breakwater at dusk, to where the light turns.".to_owned();
    post.set_metadata(&metadata)
        .expect("the form's edit applies");

    let site = open_site(root, None).expect("the site opens");
    let image =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/links/images/depot-door.png");
    let placed = place_image(root, &site, path, &post, ImageSource::File(&image)).expect("placed");
    // The window inserts the Markdown at the caret and asks for the alt text.
    let (markdown, _) = image_markdown("The light at dusk", &placed.url);
    assert_eq!(
        format!(
            "{}The light at dusk{}",
            &placed.markdown[..placed.alt_at],
            &placed.markdown[placed.alt_at..]
        ),
        markdown
    );
    let body = format!(
        "{}\nThe lamp room is open on Sundays.\n\n{markdown}\n",
        post.body()
    );
    post.set_body(body);
    files::save(path, post.to_text().as_bytes()).expect("saved");
    (post.metadata().date.clone(), placed.path)
}

/// The built page shows the title, the date, each tag and the image, whose file was
/// published.
fn assert_page_shows_the_post(page: &Path, date: &str, image_src: &str, published_image: &Path) {
    let html = std::fs::read_to_string(page)
        .unwrap_or_else(|error| panic!("the built page {page:?}: {error}"));
    for expected in [
        "<h1 class=\"post-title\">A walk to the lighthouse</h1>".to_owned(),
        format!("datetime=\"{date}\""),
        "<li class=\"post-tag\">lighthouses</li>".to_owned(),
        "<li class=\"post-tag\">walks</li>".to_owned(),
        format!("src=\"{image_src}\""),
        "alt=\"The light at dusk\"".to_owned(),
    ] {
        assert!(
            html.contains(&expected),
            "{expected:?} in {page:?}:\n{html}"
        );
    }
    let original = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/links/images/depot-door.png"),
    )
    .expect("the image");
    assert_eq!(
        std::fs::read(published_image).expect("the image was published"),
        original
    );
}

#[test]
fn hugo_builds_a_post_made_edited_and_illustrated_by_postwright() {
    let root = fixture_copy("hugo", "build-hugo");
    let path = new_post(&root, "A walk to the lighthouse", &[]);
    assert_eq!(
        path,
        root.join("content/posts/a-walk-to-the-lighthouse/index.md"),
        "the site's posts are page bundles"
    );
    let (date, image) = edit_post(&root, &path);
    assert_eq!(
        image,
        root.join("content/posts/a-walk-to-the-lighthouse/a-walk-to-the-lighthouse-1.png"),
        "the image goes into the bundle"
    );
    let draft = new_post(&root, "Still writing", &["--draft"]);
    build(&root, "hugo", &["--buildFuture", "--quiet"]);
    let public = root.join("public/posts/a-walk-to-the-lighthouse");
    assert_page_shows_the_post(
        &public.join("index.html"),
        &date,
        "a-walk-to-the-lighthouse-1.png",
        &public.join("a-walk-to-the-lighthouse-1.png"),
    );
    assert!(draft.ends_with("content/posts/still-writing/index.md"));
    assert!(
        !root.join("public/posts/still-writing").exists(),
        "a draft is left out of the build"
    );
    build(
        &root,
        "hugo",
        &["--buildFuture", "--buildDrafts", "--quiet"],
    );
    assert!(root.join("public/posts/still-writing/index.html").exists());
}

#[test]
fn jekyll_builds_a_post_made_edited_and_illustrated_by_postwright() {
    let root = fixture_copy("jekyll", "build-jekyll");
    let path = new_post(&root, "A walk to the lighthouse", &[]);
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .expect("a file name")
        .to_owned();
    assert!(name.ends_with("-a-walk-to-the-lighthouse.md"), "{name}");
    assert_eq!(path.parent(), Some(root.join("_posts").as_path()));
    let (date_in_front_matter, image) = edit_post(&root, &path);
    assert!(
        date_in_front_matter.is_empty(),
        "the site's posts take their date from the file name"
    );
    assert_eq!(
        image,
        root.join("assets/images/a-walk-to-the-lighthouse-1.png")
    );
    let date = &name[..10];
    let draft = new_post(&root, "Still writing", &["--draft"]);
    assert_eq!(draft, root.join("_drafts/still-writing.md"));
    build(&root, "jekyll", &["build", "--future", "--quiet"]);
    let page = root
        .join("_site")
        .join(date.replace('-', "/"))
        .join("a-walk-to-the-lighthouse.html");
    assert_page_shows_the_post(
        &page,
        date,
        "/assets/images/a-walk-to-the-lighthouse-1.png",
        &root.join("_site/assets/images/a-walk-to-the-lighthouse-1.png"),
    );
    let built_drafts = |root: &Path| {
        walk_names(&root.join("_site"))
            .iter()
            .any(|name| name == "still-writing.html")
    };
    assert!(!built_drafts(&root), "a draft is left out of the build");
    build(
        &root,
        "jekyll",
        &["build", "--future", "--drafts", "--quiet"],
    );
    assert!(built_drafts(&root));
}

fn walk_names(folder: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            names.extend(walk_names(&path));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}
