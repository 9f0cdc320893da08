//! The link audit against a labelled corpus (`tests/data/links/`): hacked posts with
//! injected and hidden links, look-alike hosts, redirects, disguised words, spam in other
//! languages, dangerous addresses, broken links, and posts full of ordinary legitimate
//! links, some of them traps (a drug on Wikipedia, a town called Casino). Prints precision
//! and recall per rule and per class of post; every injected link must be flagged, at most
//! one legitimate link in fifty warned about (in each class, rounding up), and legitimate
//! posts must get no error. The sample posts must get no error either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use postwright_core::audit::{self, AuditOptions, Report, Severity};
use postwright_core::post::Post;
use postwright_io::files;
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    post: Vec<LabelledPost>,
}

#[derive(Deserialize)]
struct LabelledPost {
    file: String,
    kind: String,
    /// What the post tests (`redirect`, `lookalike`, `hidden`...); its kind when not given.
    class: Option<String>,
    #[serde(default)]
    link: Vec<LabelledLink>,
}

impl LabelledPost {
    fn class(&self) -> &str {
        self.class.as_deref().unwrap_or(&self.kind)
    }
}

#[derive(Deserialize)]
struct LabelledLink {
    url: String,
    rules: Vec<String>,
    #[serde(default)]
    injected: bool,
    /// The class the link counts under, when not its post's.
    class: Option<String>,
}

/// Links of one class of post: injected ones found, and legitimate ones warned about.
#[derive(Default)]
struct ClassTally {
    posts: usize,
    injected: usize,
    injected_found: usize,
    /// Links with no label: they are there in good faith and expect no warning.
    legitimate: usize,
    legitimate_warned: usize,
    /// Links with a warning or an error.
    flagged: usize,
    /// Of those, links whose label expects it.
    flagged_labelled: usize,
}

impl ClassTally {
    fn recall(&self) -> f64 {
        ratio(self.injected_found, self.injected)
    }

    fn precision(&self) -> f64 {
        ratio(self.flagged_labelled, self.flagged)
    }

    fn add(&mut self, other: &ClassTally) {
        self.posts += other.posts;
        self.injected += other.injected;
        self.injected_found += other.injected_found;
        self.legitimate += other.legitimate;
        self.legitimate_warned += other.legitimate_warned;
        self.flagged += other.flagged;
        self.flagged_labelled += other.flagged_labelled;
    }

    fn print_row(&self, class: &str) {
        println!(
            "{class:<12} {:>5} {:>8} {:>7} {:>6.1}% {:>10} {:>7} {:>8.1}%",
            self.posts,
            self.injected,
            self.injected_found,
            100.0 * self.recall(),
            self.legitimate,
            self.legitimate_warned,
            100.0 * self.precision()
        );
    }

    /// At most one legitimate link in fifty warned about, rounding up.
    fn warned_allowed(&self) -> usize {
        self.legitimate.div_ceil(50)
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/links")
}

fn audit_file(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).expect("corpus post reads");
    let post = Post::parse(&text);
    let options = AuditOptions {
        saved_domains: None,
        local_files: Some(files::post_files(Some(path))),
    };
    audit::audit_post(&post, &options).1
}

/// (file, url, rule) of every warning and error about a link.
fn flagged(file: &str, report: &Report) -> BTreeSet<(String, String, String)> {
    report
        .findings
        .iter()
        .filter(|finding| finding.link.is_some() && finding.severity >= Severity::Warning)
        .map(|finding| {
            (
                file.to_owned(),
                finding.url.clone(),
                finding.rule.id().to_owned(),
            )
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[test]
fn labelled_corpus_precision_and_recall() {
    let labels: Labels = toml::from_str(
        &std::fs::read_to_string(corpus_dir().join("labels.toml")).expect("labels read"),
    )
    .expect("labels parse");
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    let labelled: BTreeSet<String> = labels.post.iter().map(|post| post.file.clone()).collect();
    assert_eq!(on_disk, labelled, "every corpus post is labelled");

    let mut expected = BTreeSet::new();
    let mut found = BTreeSet::new();
    let mut injected_links = 0;
    let mut injected_missed = Vec::new();
    let mut legitimate_errors = Vec::new();
    let mut legitimate_links = 0;
    let mut links_total = 0;
    let mut by_class: BTreeMap<String, ClassTally> = BTreeMap::new();
    let mut warned_in_good_faith = Vec::new();
    for post in &labels.post {
        let report = audit_file(&corpus_dir().join(&post.file));
        links_total += report.links.len();
        let flags = flagged(&post.file, &report);
        by_class.entry(post.class().to_owned()).or_default().posts += 1;
        let urls: BTreeSet<&str> = report.links.iter().map(|link| link.url.as_str()).collect();
        for url in urls {
            let label = post.link.iter().find(|label| label.url == url);
            let class = label
                .and_then(|label| label.class.as_deref())
                .unwrap_or(post.class());
            let tally = by_class.entry(class.to_owned()).or_default();
            let warned = flags.iter().any(|(_, flagged, _)| flagged == url);
            if warned {
                tally.flagged += 1;
                tally.flagged_labelled += usize::from(label.is_some());
            }
            match label {
                Some(label) if label.injected => {
                    tally.injected += 1;
                    tally.injected_found += usize::from(warned);
                }
                Some(_) => {}
                None => {
                    tally.legitimate += 1;
                    if warned {
                        tally.legitimate_warned += 1;
                        warned_in_good_faith.push(format!("{} ({class}): {url}", post.file));
                    }
                }
            }
        }
        for label in &post.link {
            assert!(
                report.links.iter().any(|link| link.url == label.url),
                "{}: no link {:?} in the post; the label is stale",
                post.file,
                label.url
            );
            for rule in &label.rules {
                assert!(
                    audit::Rule::ALL.iter().any(|known| known.id() == rule),
                    "unknown rule {rule}"
                );
                expected.insert((post.file.clone(), label.url.clone(), rule.clone()));
            }
            if label.injected {
                injected_links += 1;
                if !flags.iter().any(|(_, url, _)| *url == label.url) {
                    injected_missed.push(format!("{}: {}", post.file, label.url));
                }
            }
        }
        if post.kind == "legitimate" {
            legitimate_links += report.links.len();
            legitimate_errors.extend(
                report
                    .findings
                    .iter()
                    .filter(|finding| finding.severity == Severity::Error)
                    .map(|finding| format!("{}: {} {}", post.file, finding.rule, finding.url)),
            );
        }
        found.extend(flags);
    }

    let mut by_rule: BTreeMap<String, Tally> = BTreeMap::new();
    for pair in expected.union(&found) {
        let tally = by_rule.entry(pair.2.clone()).or_default();
        match (expected.contains(pair), found.contains(pair)) {
            (true, true) => tally.true_positives += 1,
            (false, true) => tally.false_positives += 1,
            (true, false) => tally.false_negatives += 1,
            (false, false) => {}
        }
    }
    let mut overall = Tally::default();
    println!(
        "link audit corpus: {} posts, {links_total} links ({legitimate_links} in legitimate posts)",
        labels.post.len()
    );
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "rule", "tp", "fp", "fn", "precision", "recall"
    );
    for (rule, tally) in &by_rule {
        println!(
            "{rule:<22} {:>4} {:>4} {:>4} {:>8.1}% {:>6.1}%",
            tally.true_positives,
            tally.false_positives,
            tally.false_negatives,
            100.0 * tally.precision(),
            100.0 * tally.recall()
        );
        overall.true_positives += tally.true_positives;
        overall.false_positives += tally.false_positives;
        overall.false_negatives += tally.false_negatives;
    }
    println!(
        "{:<22} {:>4} {:>4} {:>4} {:>8.1}% {:>6.1}%",
        "all rules",
        overall.true_positives,
        overall.false_positives,
        overall.false_negatives,
        100.0 * overall.precision(),
        100.0 * overall.recall()
    );
    let false_positives: Vec<_> = found.difference(&expected).collect();
    for (file, url, rule) in &false_positives {
        println!("false positive: {file}: {rule} {url}");
    }
    println!(
        "injected links: {} of {injected_links} flagged (recall {:.1}%)",
        injected_links - injected_missed.len(),
        100.0 * ratio(injected_links - injected_missed.len(), injected_links)
    );

    println!();
    println!(
        "{:<12} {:>5} {:>8} {:>7} {:>7} {:>10} {:>7} {:>9}",
        "class", "posts", "injected", "found", "recall", "legitimate", "warned", "precision"
    );
    let mut all = ClassTally::default();
    for (class, tally) in &by_class {
        tally.print_row(class);
        all.add(tally);
    }
    all.print_row("all classes");
    for warned in &warned_in_good_faith {
        println!("legitimate link warned about: {warned}");
    }

    assert!(injected_missed.is_empty(), "missed: {injected_missed:#?}");
    for (class, tally) in &by_class {
        assert_eq!(
            tally.injected_found, tally.injected,
            "{class}: every injected link is found"
        );
        assert!(
            tally.legitimate_warned <= tally.warned_allowed(),
            "{class}: {} of {} legitimate links warned about: {warned_in_good_faith:#?}",
            tally.legitimate_warned,
            tally.legitimate
        );
    }
    assert!(
        all.legitimate_warned * 50 <= all.legitimate,
        "{} of {} legitimate links warned about: {warned_in_good_faith:#?}",
        all.legitimate_warned,
        all.legitimate
    );
    assert!(
        legitimate_errors.is_empty(),
        "errors on legitimate posts: {legitimate_errors:#?}"
    );
    let missed: Vec<_> = expected.difference(&found).collect();
    assert!(
        missed.is_empty(),
        "labelled findings not reported: {missed:#?}"
    );
    assert!(
        overall.precision() >= 0.95,
        "precision {:.3} below 0.95; false positives: {false_positives:#?}",
        overall.precision()
    );
}

#[test]
fn sample_posts_get_no_error() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_posts");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).expect("sample_posts") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|extension| extension != "md") {
            continue;
        }
        let report = audit_file(&path);
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| format!("{} {} {}", finding.rule, finding.url, finding.message))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} sample posts");
}
