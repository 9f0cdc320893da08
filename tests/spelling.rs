//! Spelling on a post written for it (`tests/data/spelling/misspelt-post.md`): every
//! misspelt word of the prose is found and nothing in code, addresses, HTML or front-matter
//! keys; suggestions for common typos; en-GB beside en-US; the personal word list across a
//! restart; a language with no dictionary; a dictionary in ISO-8859-1; and
//! `postwright check --spelling` as pipelines read it.
//!
//! Everything runs with the built-in dictionary, and with the system's en_US as well when
//! it is installed (`.ci/deps` installs hunspell-en-us and hunspell-en-gb).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use postwright_core::post::Post;
use postwright_core::spelling::{
    self, AcceptedWords, LanguageRequest, LanguageSource, Prose, SpellCache, Speller, WordRules,
};
use postwright_io::dictionaries::{
    self, DictionarySearch, DictionarySource, InstalledDictionary, SpellingLoad,
};
use postwright_io::spelling::{
    SpellingLoader, SpellingSetup, add_personal_word, load_personal_words, personal_words_file,
};
use serde_json::Value;

const POST: &str = "tests/data/spelling/misspelt-post.md";

/// The misspelt words of the post's body, in order.
const BODY_MISSPELLINGS: [&str; 18] = [
    "hedding",
    "definately",
    "accomodate",
    "paragrph",
    "seperate",
    "well-knwon",
    "occured",
    "occured",
    "lsit",
    "wierd",
    "untill",
    "Thier",
    "beleive",
    "dogh",
    "tommorow",
    "lnik",
    "captoin",
    "footnoet",
];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn post() -> Post {
    let text = std::fs::read_to_string(workspace().join(POST)).expect("the spelling post");
    Post::parse(&text)
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("spelling-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn english_request(language: &str) -> LanguageRequest {
    LanguageRequest {
        post: Some(language.to_owned()),
        ..LanguageRequest::default()
    }
}

/// The American English dictionaries to test with: the built-in one, and the system's
/// when installed.
fn american_spellers() -> Vec<(String, Arc<Speller>)> {
    let mut spellers = Vec::new();
    for search in [DictionarySearch::bundled_only(), DictionarySearch::system()] {
        let mut dictionaries = dictionaries::Dictionaries::new(search);
        match dictionaries.speller_for(&english_request("en-US")) {
            SpellingLoad::Ready(ready) => {
                let location = ready.dictionary.location();
                if !spellers.iter().any(|(known, _)| *known == location) {
                    spellers.push((location, ready.speller));
                }
            }
            other => panic!("no American English dictionary: {other:?}"),
        }
    }
    spellers
}

fn words_at<'a>(text: &'a str, found: &[spelling::Misspelling]) -> Vec<&'a str> {
    found.iter().map(|miss| &text[miss.range.clone()]).collect()
}

#[test]
fn every_misspelt_word_of_the_prose_is_found_and_nothing_else() {
    let post = post();
    let body = post.body();
    for (location, speller) in american_spellers() {
        let found = spelling::check_body(
            &speller,
            &AcceptedWords::default(),
            body,
            WordRules::default(),
        );
        assert_eq!(words_at(body, &found), BODY_MISSPELLINGS, "with {location}");
        for miss in &found {
            assert_eq!(
                &body[miss.range.clone()],
                miss.word,
                "ranges are the word's"
            );
        }
        let metadata = post.metadata();
        let check = |text: &str| {
            let found = spelling::check_text(
                &speller,
                &AcceptedWords::default(),
                text,
                WordRules::default(),
            );
            words_at(text, &found).join(" ")
        };
        assert_eq!(check(&metadata.title), "teh", "with {location}");
        assert_eq!(check(&metadata.summary), "recieve", "with {location}");
    }
}

#[test]
fn nothing_in_code_addresses_html_or_front_matter_keys_is_flagged() {
    let post = post();
    let body = post.body();
    let (_, speller) = &american_spellers()[0];
    let found = spelling::check_body(
        speller,
        &AcceptedWords::default(),
        body,
        WordRules::default(),
    );
    let flagged: Vec<&str> = words_at(body, &found);
    // Misspelt words that stand only in places that are never prose.
    for never in [
        "custm",
        "anchr",
        "dogh_waight",
        "knaed",
        "Resullt",
        "bakke",
        "indentd",
        "blok",
        "exampel",
        "recipie",
        "sourdoe",
        "Recipie",
        "titel",
        "photgraph",
        "flouur",
        "autolnk",
        "jhon",
        "shar",
        "dictonary",
        "recipies",
        "noet",
        "ovenn",
        "chekced",
        "tooltipp",
        "snake_caes",
        "crummb",
        "publshed_nots",
        "custum_feild",
        "kepping",
        "bakng",
        "sourdogh",
    ] {
        assert!(!flagged.contains(&never), "{never} flagged");
        assert!(
            post.to_text().contains(never),
            "{never} is in the post, so the test means something"
        );
    }
}

#[test]
fn the_right_word_is_among_the_first_three_suggestions() {
    for (location, speller) in american_spellers() {
        for (typo, right) in [
            ("teh", "the"),
            ("recieve", "receive"),
            ("definately", "definitely"),
            ("accomodate", "accommodate"),
        ] {
            let suggestions = speller.suggest(typo, 3);
            assert!(
                suggestions.iter().any(|suggestion| suggestion == right),
                "{typo}: {suggestions:?} with {location}"
            );
        }
    }
}

#[test]
fn british_and_american_english_differ_where_they_should() {
    let mut dictionaries = dictionaries::Dictionaries::new(DictionarySearch::system());
    let check = |speller: &Speller, word: &str| speller.is_correct(word);
    let SpellingLoad::Ready(american) = dictionaries.speller_for(&english_request("en-US")) else {
        panic!("American English is always there (built in)");
    };
    assert!(check(&american.speller, "color") && !check(&american.speller, "colour"));
    let SpellingLoad::Ready(british) = dictionaries.speller_for(&english_request("en-GB")) else {
        panic!("en-GB finds an English dictionary");
    };
    if british.dictionary.id.name == "en_GB" {
        assert!(british.exact);
        assert!(check(&british.speller, "colour"), "en_GB knows colour");
        assert!(!check(&british.speller, "color"), "en_GB flags color");
        assert!(check(&british.speller, "behaviour") && !check(&american.speller, "behaviour"));
    } else {
        // Only American English on this machine (hunspell-en-gb not installed): it stands
        // in, and says so.
        eprintln!("no en_GB dictionary installed; checking the stand-in instead");
        assert!(!british.exact);
        let load = SpellingLoad::Ready(british);
        let notice = load.notice().expect("a notice");
        assert!(notice.contains("No en-GB dictionary"), "{notice}");
    }
}

#[test]
fn a_word_added_to_the_personal_list_is_not_flagged_after_a_restart() {
    let dir = scratch_dir("personal");
    let list = personal_words_file(&dir.join("config"));
    let body = "Our Sourdoughery bakes on Fridays.\n";
    let setup = || SpellingSetup {
        dictionaries: dictionaries::Dictionaries::new(DictionarySearch::bundled_only()),
        request: english_request("en-US"),
        personal_words: Some(list.clone()),
    };
    let misspelt = |loaded: &postwright_io::spelling::SpellingLoaded| {
        let SpellingLoad::Ready(ready) = &loaded.load else {
            panic!("{:?}", loaded.load);
        };
        let found =
            spelling::check_body(&ready.speller, &loaded.accepted, body, WordRules::default());
        words_at(body, &found).join(" ")
    };
    let first = SpellingLoader::start(setup(), || {})
        .expect("a thread")
        .wait()
        .expect("a result");
    assert_eq!(misspelt(&first), "Sourdoughery");
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);

    assert!(add_personal_word(&list, "sourdoughery").expect("written"));
    assert!(
        !add_personal_word(&list, "sourdoughery").expect("read"),
        "only once"
    );
    assert_eq!(load_personal_words(&list).expect("read"), ["sourdoughery"]);

    // A restart: a new loader reads the list again.
    let second = SpellingLoader::start(setup(), || {})
        .expect("a thread")
        .wait()
        .expect("a result");
    assert_eq!(
        misspelt(&second),
        "",
        "the capitalised form is accepted too"
    );
}

#[test]
fn the_loader_is_polled_and_answers_once() {
    let (sender, ready) = std::sync::mpsc::channel();
    let setup = SpellingSetup {
        dictionaries: dictionaries::Dictionaries::new(DictionarySearch::bundled_only()),
        request: english_request(""),
        personal_words: None,
    };
    let loader = SpellingLoader::start(setup, move || {
        let _ = sender.send(());
    })
    .expect("a thread");
    ready
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the loader says when it is done");
    let loaded = loader.poll().expect("the result, once");
    assert!(loader.poll().is_none(), "and only once");
    let SpellingLoad::Ready(ready) = loaded.load else {
        panic!("{:?}", loaded.load);
    };
    assert_eq!(ready.requested.source, LanguageSource::Default);
    assert_eq!(ready.dictionary, InstalledDictionary::bundled());
    let mut dictionaries = loaded.dictionaries;
    assert!(
        dictionaries
            .installed()
            .contains(&InstalledDictionary::bundled()),
        "the language menu lists the built-in dictionary"
    );
}

#[test]
fn a_language_without_a_dictionary_says_so_and_checks_nothing() {
    let text = std::fs::read_to_string(workspace().join(POST))
        .expect("the post")
        .replace("lang: en-US", "lang: xx");
    let post = Post::parse(&text);
    assert_eq!(post.metadata().language, "xx");
    let mut dictionaries = dictionaries::Dictionaries::new(DictionarySearch::system());
    let load = dictionaries.speller_for(&LanguageRequest {
        post: Some(post.metadata().language.clone()),
        setting: Some("en-US".to_owned()),
        locale: Some("en_US.UTF-8".to_owned()),
    });
    let SpellingLoad::NoDictionary { requested } = &load else {
        panic!("{load:?}");
    };
    assert_eq!(requested.written, "xx");
    let notice = load.notice().expect("a notice");
    assert!(notice.contains("No dictionary for \"xx\""), "{notice}");

    let dir = scratch_dir("no-dictionary");
    let path = dir.join("xx.md");
    std::fs::write(&path, &text).expect("written");
    let output = postwright_in(&dir, &["check", "--spelling", "--format", "json", "xx.md"]);
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let file = &document["files"][0];
    assert!(
        file["spelling"]["notice"]
            .as_str()
            .is_some_and(|notice| notice.contains("\"xx\"")),
        "{file}"
    );
    assert_eq!(file["spelling"]["dictionary"], Value::Null);
    assert_eq!(spelling_findings(file).len(), 0);
}

#[test]
fn apostrophes_and_hyphens_are_read_as_hunspell_reads_them() {
    for (location, speller) in american_spellers() {
        let body = "It’s a well-known fact: you can't e-mail the dogs’ owners at five o’clock, \
                    and ‘quoted’ words or rock-and-roll are fine.\n\n\
                    But a well-knwon word, dont’ and do’nt are not.\n";
        let found = spelling::check_body(
            &speller,
            &AcceptedWords::default(),
            body,
            WordRules::default(),
        );
        assert_eq!(
            words_at(body, &found),
            ["well-knwon", "dont", "do’nt"],
            "with {location}"
        );
        let suggestions = speller.suggest("do’nt", 3);
        assert!(
            suggestions.iter().any(|suggestion| suggestion == "don’t"),
            "typographic apostrophes in, typographic out: {suggestions:?}"
        );
    }
}

#[test]
fn an_iso_8859_1_dictionary_is_decoded_by_its_set_line() {
    let dir = scratch_dir("latin1");
    let aff = "SET ISO8859-1\nTRY esianrtolcdugmphbyfvkwzäöüß\n\nSFX N Y 1\nSFX N 0 n .\n";
    let dic = "4\nKäse\ngrün/N\nStraße\nMöhre/N\n";
    let latin1 = |text: &str| -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect()
    };
    std::fs::write(dir.join("de_DE.aff"), latin1(aff)).expect("aff");
    std::fs::write(dir.join("de_DE.dic"), latin1(dic)).expect("dic");
    assert!(
        std::str::from_utf8(&latin1(dic)).is_err(),
        "the word list is not UTF-8"
    );
    let search = DictionarySearch {
        folders: vec![dir.clone()],
        bundled: false,
    };
    let installed = dictionaries::installed(&search);
    assert_eq!(installed.len(), 1);
    assert_eq!(
        installed[0].source,
        DictionarySource::Files {
            aff: dir.join("de_DE.aff"),
            dic: dir.join("de_DE.dic"),
        }
    );
    let mut dictionaries = dictionaries::Dictionaries::new(search);
    let SpellingLoad::Ready(ready) = dictionaries.speller_for(&english_request("de")) else {
        panic!("de finds de_DE");
    };
    let body = "Käse, grünen Möhren und Strasse.\n";
    let found = SpellCache::default().check(&ready.speller, body, &Prose::of_body(body));
    let words: Vec<&str> = words_at(body, &found.misspellings);
    assert_eq!(words, ["grünen", "und", "Strasse"]);
    assert!(
        ready.speller.is_correct("Möhren"),
        "the suffix rule applies"
    );
    assert!(
        ready
            .speller
            .suggest("Strasse", 3)
            .contains(&"Straße".to_owned())
    );
}

fn postwright_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postwright"))
        .args(args)
        .current_dir(dir)
        .env("POSTWRIGHT_CONFIG_DIR", dir.join("config"))
        .env("POSTWRIGHT_DATA_DIR", dir.join("data"))
        .env_remove("DICPATH")
        .output()
        .expect("the binary runs")
}

fn spelling_findings(file: &Value) -> Vec<&Value> {
    file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["rule"] == "spelling")
        .collect()
}

#[test]
fn check_lists_spelling_findings_in_text_and_json() {
    let dir = scratch_dir("cli");
    std::fs::copy(workspace().join(POST), dir.join("post.md")).expect("copied");
    let output = postwright_in(
        &dir,
        &["check", "--spelling", "--format", "json", "post.md"],
    );
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let file = &document["files"][0];
    assert_eq!(file["spelling"]["language"], "en-US");
    assert_eq!(file["spelling"]["dictionary"], "en_US");
    let found = spelling_findings(file);
    let words: Vec<&str> = found
        .iter()
        .map(|finding| finding["text"].as_str().expect("text"))
        .collect();
    let mut expected = BODY_MISSPELLINGS.to_vec();
    expected.extend(["teh", "recieve"]);
    assert_eq!(words, expected);
    let first = found[0];
    assert_eq!(first["severity"], "info");
    assert_eq!(first["line"], 9, "in the file, after the front matter");
    assert_eq!(first["column"], 14);
    let body_range = first["body_range"].as_array().expect("a range");
    let body = post().body().to_owned();
    let range = body_range[0].as_u64().expect("start") as usize
        ..body_range[1].as_u64().expect("end") as usize;
    assert_eq!(&body[range], "hedding");
    let title = found[found.len() - 2];
    assert_eq!(title["field"], "title");
    assert_eq!(title["line"], Value::Null);
    assert_eq!(title["suggestions"][0], "the", "best first");
    assert!(
        document["files"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|finding| finding["rule"] != "spelling")
            .all(|finding| finding.get("suggestions").is_none()),
        "other findings keep their fields"
    );

    let text = postwright_in(&dir, &["check", "--spelling", "post.md"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("post.md:9:14: info[spelling]: \"hedding\" is not in the en_US dictionary"),
        "{stdout}"
    );
    let suggestions = stdout
        .lines()
        .skip_while(|line| !line.contains("\"hedding\""))
        .nth(1)
        .and_then(|line| line.strip_prefix("      suggestions: "))
        .expect("suggestions beneath the finding");
    assert!(
        suggestions
            .split(", ")
            .take(3)
            .any(|word| word == "heading"),
        "{suggestions}"
    );
    assert!(stdout.contains("post.md (front matter, title): info[spelling]: \"teh\""));
}

#[test]
fn spelling_counts_toward_the_exit_code_only_as_warnings() {
    let dir = scratch_dir("exit");
    std::fs::write(
        dir.join("clean.md"),
        "---\ntitle: Notes on bread\nauthor: A. Baker\ndate: 2024-05-01\n\
         summary: What a week of baking bread at home taught me about flour, water and time.\n---\n\
         Bread wants tiem and patience.\n",
    )
    .expect("written");
    let plain = postwright_in(&dir, &["check", "clean.md"]);
    assert_eq!(
        plain.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    let info = postwright_in(&dir, &["check", "--spelling", "clean.md"]);
    assert_eq!(info.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&info.stdout).contains("0 errors, 0 warnings, 1 info"));
    let warning = postwright_in(&dir, &["check", "--spelling=warning", "clean.md"]);
    assert_eq!(warning.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&warning.stdout).contains("warning[spelling]: \"tiem\""));
    // --lang forces a language whatever the post says.
    let forced = postwright_in(
        &dir,
        &["check", "--spelling=warning", "--lang", "xx", "clean.md"],
    );
    assert_eq!(forced.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&forced.stdout).contains("No dictionary for \"xx\""));
    // And it needs --spelling.
    let alone = postwright_in(&dir, &["check", "--lang", "de", "clean.md"]);
    assert_eq!(alone.status.code(), Some(2));
}
