//! A whole site audited as `postwright check DIR` audits it (`postwright_io::site::scan`:
//! walk, read, audit every post, site-wide rules) over 2,000 and 10,000 generated posts,
//! on one thread (`--jobs 1`) and on every core, and its peak memory beside the obvious way
//! (every post's text read first, then audited), plus the post list's sorting and
//! filtering at 10,000 rows. BENCHMARKS.md has the table. It lives in the I/O crate so that
//! measuring it builds no window.
//!
//! ```sh
//! cargo bench -p postwright-io --bench site             # generate the sites once, then measure
//! cargo bench -p postwright-io --bench site -- 5        # 5 interleaved rounds instead of 9
//! cargo bench -p postwright-io --bench site -- 9 speed  # only the speed (or: memory, list)
//! ```
//!
//! Where the kernel shares the processor between groups of processes (autogroups), not
//! threads, a second thread gains little while other builds keep the cores busy: measure
//! the speed when `uptime` shows the load low.
//!
//! Each measurement is a fresh process of this benchmark (`child` mode), so peak memory
//! (VmHWM) is that run's alone; the two sides of a comparison run interleaved, and the
//! figures are medians.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use std::sync::atomic::AtomicBool;

use postwright_core::site::{PostFilter, PostList, SortKey};
use postwright_io::site::{ScanOptions, scan};

const SIZES: [usize; 2] = [2_000, 10_000];

thread_local! {
    /// The bytes the last `check` child's report kept.
    static REPORT_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        child(&args[1..]);
        return;
    }
    let rounds: usize = args
        .first()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(9);
    let only = args.get(1).map(String::as_str);
    let wanted = |part: &str| only.is_none_or(|only| only == part);
    let sites: Vec<PathBuf> = SIZES.iter().map(|&posts| generated_site(posts)).collect();
    println!("load before: {}", load_average());
    if wanted("speed") {
        speed(&sites[1], rounds);
    }
    if wanted("memory") {
        memory(&sites);
    }
    if wanted("list") {
        list(&sites[1]);
    }
    println!("load after: {}", load_average());
}

/// Speed at 10,000 posts: one thread beside every core, interleaved, after a warm-up run
/// that brings the files into the page cache.
fn speed(big: &Path, rounds: usize) {
    run_child(&["check", path_text(big), "0"]);
    let (mut one, mut all) = (Vec::new(), Vec::new());
    let (mut one_cpu, mut all_cpu) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (wall, _, cpu) = run_child(&["check", path_text(big), "1"]);
        one.push(wall);
        one_cpu.push(cpu);
        let (wall, _, cpu) = run_child(&["check", path_text(big), "0"]);
        all.push(wall);
        all_cpu.push(cpu);
    }
    let (one_median, all_median) = (median(&mut one), median(&mut all));
    println!(
        "scan, 10,000 posts: --jobs 1 median {one_median:.0} ms, all cores median \
         {all_median:.0} ms ({rounds} rounds each): {:.2}x; processor time {:.0} ms and {:.0} ms",
        one_median / all_median,
        median(&mut one_cpu),
        median(&mut all_cpu)
    );
}

/// Peak memory at both sizes, streamed beside reading every text first.
fn memory(sites: &[PathBuf]) {
    for (site, posts) in sites.iter().zip(SIZES) {
        let text_bytes = folder_bytes(&site.join("content"));
        let mut streamed = Vec::new();
        let mut naive = Vec::new();
        for _ in 0..3 {
            streamed.push(run_child(&["check", path_text(site), "0"]).1);
            naive.push(run_child(&["read-all", path_text(site)]).1);
        }
        println!(
            "peak memory, {posts} posts ({:.1} MiB of posts): streamed {:.1} MiB (report {:.1} MiB), \
             read all first {:.1} MiB (3 runs each)",
            text_bytes as f64 / 1_048_576.0,
            median(&mut streamed) / 1024.0,
            REPORT_BYTES.with(std::cell::Cell::get) as f64 / 1_048_576.0,
            median(&mut naive) / 1024.0
        );
    }
}

/// The site-wide rules again, as after a change in the folder; then the post list at 10,000
/// rows: built, sorted by title, filtered by text.
fn list(big: &Path) {
    let mut report = scan(
        big,
        &ScanOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("the site scans");
    let mut refresh = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        report.refresh_site_findings();
        refresh.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "site-wide findings again (after a change), 10,000 posts: {:.1} ms (9 rounds)",
        median(&mut refresh)
    );
    let rows = report.rows();
    let mut build = Vec::new();
    let mut sort = Vec::new();
    let mut filter = Vec::new();
    for round in 0..31 {
        let start = Instant::now();
        let mut list = PostList::new(rows.clone());
        build.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        list.sort_by(SortKey::Title, round % 2 == 0);
        sort.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        list.set_filter(PostFilter {
            text: "harbour 7".to_owned(),
            ..PostFilter::default()
        });
        filter.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(!list.view().is_empty());
    }
    println!(
        "post list, 10,000 rows: built {:.2} ms, sorted by title {:.2} ms, filtered by text {:.2} ms (31 rounds)",
        median(&mut build),
        median(&mut sort),
        median(&mut filter)
    );
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Runs this benchmark as a child doing one measurement; returns its milliseconds, peak
/// resident memory in KiB and processor milliseconds (and, for `check`, keeps the bytes
/// its report keeps).
fn run_child(args: &[&str]) -> (f64, f64, f64) {
    let output = Command::new(std::env::current_exe().expect("this benchmark"))
        .arg("child")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("the child runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if let Some(kept) = stderr.lines().find_map(|line| line.strip_prefix("report ")) {
        REPORT_BYTES.with(|bytes| bytes.set(kept.parse().unwrap_or(0)));
    }
    let last = stderr.lines().last().unwrap_or_default();
    let mut figures = last
        .strip_prefix("measured ")
        .unwrap_or_else(|| panic!("no figures from the child: {stderr}"))
        .split(' ')
        .map(|figure| figure.parse::<f64>().expect("a number"));
    (
        figures.next().expect("milliseconds"),
        figures.next().expect("KiB"),
        figures.next().expect("processor milliseconds"),
    )
}

/// One measurement in this process: `check SITE JOBS` (the scan `check DIR` runs, on JOBS
/// threads, 0 for every core) or `read-all SITE` (the obvious way, on one thread: every
/// post's text read into memory, then each audited, then the site-wide rules, the texts
/// kept until the end).
fn child(args: &[String]) {
    let start = Instant::now();
    match args.first().map(String::as_str) {
        Some("check") => {
            let jobs: usize = args[2].parse().expect("jobs");
            let options = ScanOptions {
                jobs: (jobs > 0).then_some(jobs),
                ..ScanOptions::default()
            };
            let report = scan(
                Path::new(&args[1]),
                &options,
                &|_| {},
                &AtomicBool::new(false),
            )
            .expect("the site scans");
            assert!(report.posts.len() >= SIZES[0]);
            let kept: usize = report.posts.iter().map(entry_bytes).sum();
            eprintln!("report {kept}");
        }
        Some("read-all") => {
            let root = Path::new(&args[1]);
            let site = postwright_io::site::open_site(root, None).expect("the site opens");
            let texts: Vec<(String, String)> = site
                .post_paths()
                .into_iter()
                .map(|path| {
                    let file = postwright_io::site::full_path(root, path);
                    (
                        path.to_owned(),
                        std::fs::read_to_string(file).expect("a post"),
                    )
                })
                .collect();
            let entries: Vec<_> = texts
                .iter()
                .map(|(path, text)| postwright_core::site::analyse_post(&site, path, text, false))
                .collect();
            let report = postwright_core::site::SiteReport::new(site, entries, Vec::new());
            assert_eq!(report.posts.len(), texts.len());
        }
        other => panic!("unknown child mode {other:?}"),
    }
    let milliseconds = start.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "measured {milliseconds:.1} {} {:.0}",
        peak_resident_kib(),
        cpu_milliseconds()
    );
}

/// About how many bytes an entry keeps: its strings and the vectors that hold them (what
/// the report of a post costs; allocator overhead left out).
fn entry_bytes(entry: &postwright_core::site::PostEntry) -> usize {
    use std::mem::size_of;
    let strings = |texts: &[&String]| texts.iter().map(|text| text.capacity()).sum::<usize>();
    let findings: usize = entry
        .report
        .findings
        .iter()
        .map(|finding| {
            size_of::<postwright_core::audit::Finding>()
                + strings(&[&finding.message, &finding.url, &finding.text])
        })
        .sum();
    let links = &entry.links;
    let internal: usize = links
        .internal
        .iter()
        .map(|link| size_of_val(link) + strings(&[&link.target, &link.written]))
        .sum();
    let external: usize = links
        .external
        .iter()
        .map(|link| size_of_val(link) + strings(&[&link.url, &link.domain]))
        .sum();
    let outline: usize = entry
        .statistics
        .outline
        .iter()
        .map(|heading| size_of_val(heading) + strings(&[&heading.text, &heading.id]))
        .sum();
    let lists: usize = entry
        .tags
        .iter()
        .chain(&entry.categories)
        .chain(&links.pages)
        .chain(&links.files)
        .map(|text| text.capacity() + size_of::<String>())
        .sum();
    size_of::<postwright_core::site::PostEntry>()
        + strings(&[&entry.path, &entry.title, &entry.date, &links.slug])
        + lists
        + findings
        + internal
        + external
        + outline
}

/// The processor time this process has used, user and system, in milliseconds (from
/// `/proc/self/stat`, in clock ticks of 10 ms).
fn cpu_milliseconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the 14th and 15th fields, the 12th and 13th after the name.
    (ticks(11) + ticks(12)) * 10.0
}

fn peak_resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn folder_bytes(folder: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += folder_bytes(&path);
        } else {
            total += entry.metadata().map_or(0, |metadata| metadata.len());
        }
    }
    total
}

/// A small deterministic generator (xorshift), so every run makes the same site.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, limit: u64) -> u64 {
        self.next() % limit
    }
}

const WORDS: &[&str] = &[
    "harbour",
    "tide",
    "rope",
    "breakwater",
    "gull",
    "ferry",
    "slipway",
    "lantern",
    "mooring",
    "keel",
    "sail",
    "chandler",
    "weather",
    "morning",
    "the",
    "and",
    "a",
    "of",
    "to",
    "in",
    "was",
    "with",
    "boat",
    "north",
    "pier",
    "shingle",
    "crab",
    "net",
    "light",
    "water",
];

/// A Hugo site of `posts` generated posts under the target folder, made once: each post has
/// front matter, a few paragraphs of prose with links to other posts, to articles on a few
/// hundred sites and now and then to one of five favourite references, sometimes an image,
/// a heading or a code block; forty posts carry one injected address, some link to a post
/// that does not exist, and a few images are used by none.
fn generated_site(posts: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-site-{posts}"));
    let marker = root.join(".generated-2");
    if marker.exists() {
        return root;
    }
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("content/posts")).expect("site folder");
    std::fs::create_dir_all(root.join("static/images")).expect("images folder");
    std::fs::write(
        root.join("hugo.toml"),
        "baseURL = \"https://harbour-log.example/\"\ntitle = \"Harbour Log\"\n",
    )
    .expect("config");
    for image in 0..55 {
        std::fs::write(
            root.join(format!("static/images/figure-{image}.png")),
            b"\x89PNG",
        )
        .expect("image");
    }
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    for number in 0..posts {
        let mut post = String::with_capacity(4096);
        let day = jiff::civil::date(2015, 1, 1)
            .checked_add(jiff::Span::new().days(number as i64 % 3650))
            .expect("a date");
        let _ = write!(
            post,
            "---\ntitle: \"Harbour {number}: {} {}\"\ndate: {day}\nauthor: Morwenna\n\
             summary: \"Notes from the harbour wall on day {number}, with the tide, the boats and the weather.\"\n\
             tags: [tag-{}, tag-{}]\n---\n\n",
            WORDS[random.below(WORDS.len() as u64) as usize],
            WORDS[random.below(WORDS.len() as u64) as usize],
            number % 20,
            number % 7
        );
        let paragraphs = 3 + random.below(8);
        for paragraph in 0..paragraphs {
            if paragraph == 2 && number % 3 == 0 {
                let _ = writeln!(post, "## The {}\n", WORDS[random.below(10) as usize]);
            }
            let words = 40 + random.below(60);
            for word in 0..words {
                post.push_str(WORDS[random.below(WORDS.len() as u64) as usize]);
                match random.below(40) {
                    0 => {
                        let _ = write!(
                            post,
                            " [earlier](/posts/post-{}/)",
                            random.below(posts as u64 + 20)
                        );
                    }
                    1 => {
                        // Most external links are the post's own: an article on one of a
                        // few hundred sites.
                        let _ = write!(
                            post,
                            " [notes](https://site-{}.example/articles/{number}-{word})",
                            random.below(300)
                        );
                    }
                    2 if random.below(8) == 0 => {
                        // A few references the author links to again and again.
                        let _ = write!(
                            post,
                            " [the tide tables](https://reference-{}.example/tides)",
                            random.below(5)
                        );
                    }
                    _ => {}
                }
                post.push(if word + 1 == words { '.' } else { ' ' });
            }
            post.push_str("\n\n");
        }
        if number % 10 == 0 {
            let _ = writeln!(
                post,
                "![The harbour at low water](/images/figure-{}.png)\n",
                number % 50
            );
        }
        if number % 5 == 0 {
            post.push_str("```sh\nhugo server --buildDrafts\n```\n\n");
        }
        if number % (posts / 40).max(1) == 0 {
            post.push_str("[Cheap meds](https://pharmacy-deals.example/buy)\n");
        }
        std::fs::write(root.join(format!("content/posts/post-{number}.md")), post).expect("post");
    }
    std::fs::write(marker, "").expect("marker");
    root
}
