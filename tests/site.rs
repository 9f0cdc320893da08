//! Site folders: detection on a fixture of each generator, `postwright check DIR` as
//! pipelines use it (text, JSON, SARIF, exit codes, `--jobs`), and `postwright new --site`.

mod site_support;

use std::collections::BTreeSet;

use postwright_core::site::Generator;
use postwright_io::site::open_site;
use serde_json::Value;
use site_support::{fixture, fixture_copy, postwright, text};

#[test]
fn each_generator_is_detected_from_its_fixture() {
    let cases = [
        ("hugo", Generator::Hugo, "hugo.toml"),
        ("compromised", Generator::Hugo, "hugo.toml"),
        ("jekyll", Generator::Jekyll, "_config.yml"),
        ("zola", Generator::Zola, "base_url"),
        ("eleventy", Generator::Eleventy, ".eleventy.js"),
        ("astro", Generator::Astro, "astro.config.mjs"),
        ("plain", Generator::Plain, "no generator"),
    ];
    for (name, generator, evidence) in cases {
        let site = open_site(&fixture(name), None).expect(name);
        assert_eq!(site.generator, generator, "{name}");
        assert!(
            site.detection.evidence.contains(evidence),
            "{name}: {}",
            site.detection.evidence
        );
    }
    let posts = |name: &str| -> Vec<String> {
        open_site(&fixture(name), None)
            .expect(name)
            .post_paths()
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        posts("hugo"),
        [
            "content/_index.md",
            "content/posts/low-water/index.md",
            "content/posts/tide-pools/index.md"
        ]
    );
    assert_eq!(
        posts("jekyll"),
        [
            "_posts/2026-01-10-rye-bread.md",
            "_posts/2026-02-02-marmalade.md",
            "index.md"
        ]
    );
    assert_eq!(posts("astro"), ["src/content/blog/dovetails.md"]);
    assert_eq!(
        posts("plain"),
        ["notes/reading-list.md"],
        "README is not a post"
    );
    let chosen = open_site(&fixture("hugo"), Some(Generator::Plain)).expect("hugo as plain");
    assert!(chosen.overridden());
    assert_eq!(chosen.detection.generator, Generator::Hugo);
}

fn findings_by_rule<'a>(document: &'a Value, rule: &str) -> Vec<&'a Value> {
    document["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|file| file["findings"].as_array().expect("findings"))
        .filter(|finding| finding["rule"] == rule)
        .collect()
}

#[test]
fn check_dir_finds_the_broken_links_the_injected_address_and_the_unused_image() {
    let output = postwright(&["check", "--format", "json", "tests/data/sites/compromised"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("checking 3 posts of the Hugo site"),
        "{}",
        text(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(document["version"], 1);
    let paths: Vec<&str> = document["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|file| file["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "tests/data/sites/compromised/content/posts/boat-repairs.md",
            "tests/data/sites/compromised/content/posts/mooring.md",
            "tests/data/sites/compromised/content/posts/sail-care.md"
        ]
    );

    let broken = findings_by_rule(&document, "broken-internal-link");
    let broken: Vec<(&str, &str, u64)> = broken
        .iter()
        .map(|finding| {
            (
                finding["url"].as_str().expect("url"),
                finding["severity"].as_str().expect("severity"),
                finding["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        broken,
        [
            ("/posts/engine-winter/", "warning", 10),
            ("{{< ref \"no-such-post.md\" >}}", "error", 10)
        ]
    );

    let injected = findings_by_rule(&document, "address-in-many-posts");
    assert_eq!(injected.len(), 3, "once in each post");
    for finding in &injected {
        assert_eq!(finding["url"], "https://cheap-pills-online.example/buy");
        assert_eq!(finding["severity"], "warning");
        assert!(
            finding["message"]
                .as_str()
                .is_some_and(|message| message.contains("3 posts")),
            "{finding}"
        );
    }
    let lonely = findings_by_rule(&document, "single-post-domain");
    assert_eq!(lonely.len(), 1);
    assert_eq!(lonely[0]["url"], "https://ropework-daily.example/knots/");

    let sites = document["sites"].as_array().expect("sites");
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["generator"], "hugo");
    assert_eq!(sites[0]["posts"], 3);
    let unused: Vec<&str> = sites[0]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|finding| finding["rule"] == "unused-image")
        .map(|finding| finding["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        unused,
        ["tests/data/sites/compromised/static/images/unused-chart.png"],
        "hull.png is in a post, logo.png in a template"
    );
    assert_eq!(document["counts"], sites[0]["counts"]);
}

#[test]
fn check_dir_as_text_and_on_any_number_of_threads() {
    let output = postwright(&["check", "tests/data/sites/compromised", "--jobs", "1"]);
    assert_eq!(output.status.code(), Some(2));
    let report = text(&output.stdout);
    for expected in [
        "site tests/data/sites/compromised: Hugo (found hugo.toml), 3 posts",
        "tests/data/sites/compromised/content/posts/boat-repairs.md:10:",
        "warning[broken-internal-link]: No post or page of the site is published at /posts/engine-winter/",
        "error[broken-internal-link]",
        "static/images/unused-chart.png: info[unused-image]",
        "all posts: 1 error, 7 warnings, 2 infos",
    ] {
        assert!(report.contains(expected), "{expected:?} in\n{report}");
    }
    let json = |jobs: &str| {
        let mut args = vec!["check", "--format", "json", "tests/data/sites/compromised"];
        if !jobs.is_empty() {
            args.extend(["--jobs", jobs]);
        }
        text(&postwright(&args).stdout)
    };
    assert_eq!(json("1"), json(""), "one thread and all cores agree");
    let refused = postwright(&["check", "tests/data/sites/compromised", "--jobs", "0"]);
    assert_eq!(refused.status.code(), Some(2), "clap refuses --jobs 0");

    // A clean site exits 0 as single posts do, with infos allowed.
    let clean = postwright(&["check", "tests/data/sites/plain"]);
    let report = text(&clean.stdout);
    assert!(report.contains("Plain folder"), "{report}");
    assert!(!report.contains("README"), "{report}");
}

#[test]
fn sarif_has_the_shape_code_scanning_tools_read() {
    let output = postwright(&[
        "check",
        "--format",
        "sarif",
        "tests/data/sites/compromised",
        "tests/data/links/hacked-recipe.md",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let log: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|schema| schema.ends_with("sarif-schema-2.1.0.json"))
    );
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "Postwright");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().expect("rule id"))
        .collect();
    assert_eq!(ids.len(), postwright_core::audit::Rule::ALL.len());
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "unique ids"
    );
    for rule in rules {
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
        assert!(matches!(
            rule["defaultConfiguration"]["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
    }
    let bases = run["originalUriBaseIds"].as_object().expect("base ids");
    for base in bases.values() {
        let uri = base["uri"].as_str().expect("base uri");
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 10);
    let mut seen_rules = BTreeSet::new();
    let mut seen_files = BTreeSet::new();
    for result in results {
        let rule = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], rule, "ruleIndex points at the rule");
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
        let location = &result["locations"][0]["physicalLocation"];
        let artifact = &location["artifactLocation"];
        let uri = artifact["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && !uri.contains("://"),
            "relative: {uri}"
        );
        let base = artifact["uriBaseId"].as_str().expect("uriBaseId");
        assert!(bases.contains_key(base), "{base} declared");
        let region = &location["region"];
        assert!(region["startLine"].as_u64().is_some_and(|line| line >= 1));
        if let Some(column) = region.get("startColumn") {
            assert!(column.as_u64().is_some_and(|column| column >= 1));
        }
        seen_rules.insert(rule);
        seen_files.insert((base, uri));
    }
    for rule in [
        "broken-internal-link",
        "address-in-many-posts",
        "unused-image",
        "hidden-link",
    ] {
        assert!(seen_rules.contains(rule), "{rule} in {seen_rules:?}");
    }
    assert!(seen_files.contains(&("SITEROOT", "content/posts/sail-care.md")));
    assert!(seen_files.contains(&("SITEROOT", "static/images/unused-chart.png")));
    assert!(seen_files.contains(&("CURRENT", "tests/data/links/hacked-recipe.md")));
    let broken_ref = results
        .iter()
        .find(|result| result["ruleId"] == "broken-internal-link" && result["level"] == "error")
        .expect("the broken ref");
    let region = &broken_ref["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["startLine"], 10,
        "the file's line, front matter counted"
    );
    assert_eq!(region["startColumn"], 21);
}

#[test]
fn new_posts_go_where_each_generator_expects_them() {
    let today = jiff::ZonedDateTime::now().date();
    let cases = [
        (
            "hugo",
            vec![],
            "content/posts/a-walk-to-the-lighthouse/index.md".to_owned(),
        ),
        (
            "jekyll",
            vec![],
            format!("_posts/{today}-a-walk-to-the-lighthouse.md"),
        ),
        (
            "jekyll",
            vec!["--draft"],
            "_drafts/a-walk-to-the-lighthouse.md".to_owned(),
        ),
        (
            "zola",
            vec![],
            "content/blog/a-walk-to-the-lighthouse.md".to_owned(),
        ),
        (
            "eleventy",
            vec![],
            "posts/a-walk-to-the-lighthouse.md".to_owned(),
        ),
        (
            "astro",
            vec![],
            "src/content/blog/a-walk-to-the-lighthouse.md".to_owned(),
        ),
        (
            "plain",
            vec![],
            "notes/a-walk-to-the-lighthouse.md".to_owned(),
        ),
    ];
    for (number, (name, extra, expected)) in cases.into_iter().enumerate() {
        let root = fixture_copy(name, &format!("new-{number}"));
        let root_text = root.to_str().expect("UTF-8 scratch path");
        let mut args = vec!["new", "--site", root_text, "A walk to the lighthouse"];
        args.extend(extra.iter().copied());
        let output = postwright(&args);
        assert!(output.status.success(), "{name}: {}", text(&output.stderr));
        if jiff::ZonedDateTime::now().date() != today {
            // Midnight passed while the post was made: its date is tomorrow's.
            continue;
        }
        let printed = text(&output.stdout);
        let path = root.join(&expected);
        assert_eq!(printed.trim(), path.display().to_string(), "{name}");
        let written = std::fs::read_to_string(&path).expect("the new post");
        let post = postwright_core::post::Post::parse(&written);
        assert_eq!(post.metadata().title, "A walk to the lighthouse", "{name}");
        match name {
            "zola" => {
                assert!(written.starts_with("+++\n"), "{written}");
                assert!(written.contains(&format!("date = {today}")), "{written}");
            }
            "astro" => {
                assert!(written.contains(&format!("pubDate: {today}")), "{written}");
                assert!(written.contains("description: \"\""), "{written}");
            }
            "eleventy" => assert!(written.contains("layout: post.njk"), "{written}"),
            _ => {}
        }
        let again = postwright(&args);
        assert_eq!(again.status.code(), Some(2), "{name}: never twice");
        assert!(
            text(&again.stderr).contains("already has"),
            "{}",
            text(&again.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("still there"),
            written
        );
    }
    let chosen = fixture_copy("hugo", "new-chosen");
    let output = postwright(&[
        "new",
        "--site",
        chosen.to_str().expect("UTF-8"),
        "Notes",
        "--generator",
        "plain",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("chosen; the folder looks like Hugo"));
    let nameless = postwright(&["new", "--site", "tests/data/sites/plain", "???"]);
    assert_eq!(nameless.status.code(), Some(2));
    assert!(text(&nameless.stderr).contains("no letter or digit"));
}

#[test]
fn online_check_of_a_site_asks_each_address_once() {
    // Loopback addresses are never asked, so this touches no network: it shows the site's
    // addresses gathered once across its posts and the answers given back to each post.
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("site-online");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("notes")).expect("scratch site");
    for name in ["one", "two"] {
        std::fs::write(
            root.join(format!("notes/{name}.md")),
            "# Notes\n\n[the dev server](http://127.0.0.1:9/status)\n",
        )
        .expect("a post");
    }
    let output = postwright(&[
        "check",
        "--online",
        "--format",
        "json",
        root.to_str().expect("UTF-8"),
    ]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("checking 1 external address of"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("[1/1] skipped").count(), 1, "{stderr}");
    let document: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(document["files"].as_array().map(Vec::len), Some(2));
}
