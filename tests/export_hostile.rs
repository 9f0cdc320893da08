//! Hostile Markdown (tests/data/hostile/) exports with nothing live: no script, no event
//! handler, no frame or plugin, no foreign SVG or MathML content, no form, no dangerous
//! address, whatever the spelling. The check reads each exported page with a real HTML5
//! parser, as a browser would, and inspects every element and attribute.

mod support;

use std::path::PathBuf;

use postwright_core::export::{ExportOptions, IssueKind};
use support::{Element, elements, export_file, json_ld, manifest_dir, parse};

fn hostile_posts() -> Vec<PathBuf> {
    let folder = manifest_dir().join("tests/data/hostile");
    let mut posts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/data/hostile exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    posts.sort();
    assert!(posts.len() >= 6, "the hostile corpus is there");
    posts
}

/// The scheme of a URL as a browser reads it.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

const FORBIDDEN: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form", "button",
    "textarea", "select", "base", "template", "noscript", "video", "audio", "source", "portal",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
];

/// Why `element` would be live, if it would.
fn live(element: &Element) -> Option<String> {
    let name = element.name.as_str();
    let in_head = element.ancestors.iter().any(|ancestor| ancestor == "head");
    match name {
        "script" if !(in_head && element.attribute("type") == Some("application/ld+json")) => {
            return Some("a script element".into());
        }
        "style" if !in_head => return Some("a style element in the body".into()),
        "meta" | "link" if !in_head => return Some(format!("<{name}> in the body")),
        "meta" if element.attribute("http-equiv").is_some() => {
            return Some("a meta refresh".into());
        }
        "input"
            if !(element.attribute("type") == Some("checkbox")
                && element.attribute("disabled").is_some()) =>
        {
            return Some("an input".into());
        }
        _ if FORBIDDEN.contains(&name) => return Some(format!("a <{name}> element")),
        _ => {}
    }
    for (attribute, value) in &element.attributes {
        if attribute.starts_with("on") {
            return Some(format!("the {attribute} handler on <{name}>"));
        }
        if attribute == "srcdoc" || attribute.contains("href") && attribute != "href" {
            return Some(format!("the {attribute} attribute on <{name}>"));
        }
        if attribute == "style"
            && !matches!(
                value.as_str(),
                "text-align: left" | "text-align: center" | "text-align: right"
            )
        {
            return Some(format!("a style attribute on <{name}>: {value:?}"));
        }
        if URL_ATTRIBUTES.contains(&attribute.as_str()) {
            let raster = name == "img"
                && attribute == "src"
                && ["png", "jpeg", "gif", "webp", "avif"]
                    .iter()
                    .any(|kind| value.starts_with(&format!("data:image/{kind};")));
            match scheme(value).as_deref() {
                Some("javascript" | "vbscript" | "livescript" | "mocha") => {
                    return Some(format!("{attribute}={value:?} on <{name}>"));
                }
                Some("data") if !raster => {
                    return Some(format!("{attribute}={value:?} on <{name}>"));
                }
                _ => {}
            }
        }
    }
    None
}

#[test]
fn nothing_hostile_is_live_in_the_default_export() {
    for post in hostile_posts() {
        let exported = export_file(&post, &ExportOptions::default());
        let dom = parse(&exported.html);
        let found: Vec<String> = elements(&dom).iter().filter_map(live).collect();
        assert!(found.is_empty(), "{post:?} exports live content: {found:?}");
        assert!(
            !exported.issues.is_empty(),
            "{post:?}: what was removed is reported"
        );
        // The page's own structure survives whatever the post closes or leaves open.
        let page = elements(&dom);
        for wrapper in ["main", "article"] {
            let element = page
                .iter()
                .find(|element| element.name == wrapper)
                .unwrap_or_else(|| panic!("{post:?}: no <{wrapper}>"));
            assert_eq!(
                element.ancestors.last().map(String::as_str),
                Some(if wrapper == "main" { "body" } else { "main" })
            );
        }
        let content = page
            .iter()
            .find(|element| element.attribute("class") == Some("e-content post-body"))
            .expect("the article body");
        assert_eq!(
            content.ancestors.last().map(String::as_str),
            Some("article"),
            "{post:?}"
        );
        json_ld(&exported.html);
    }
}

#[test]
fn every_dangerous_address_is_reported_with_its_place() {
    let post = manifest_dir().join("tests/data/hostile/urls.md");
    let exported = export_file(&post, &ExportOptions::default());
    let dangerous: Vec<_> = exported
        .issues
        .iter()
        .filter(|issue| issue.kind == IssueKind::DangerousUrl)
        .collect();
    // Twelve Markdown links and images (the reference link counts once per use).
    assert!(dangerous.len() >= 11, "{dangerous:#?}");
    assert!(dangerous.iter().all(|issue| issue.range.is_some()));
    let raw = exported
        .issues
        .iter()
        .filter(|issue| issue.kind == IssueKind::RawHtmlRemoved)
        .count();
    assert!(raw >= 4, "{:#?}", exported.issues);
    // The words of removed links stay readable.
    for text in [
        "plain",
        "mixed case",
        "decimal entity",
        "hex entities",
        "reference",
    ] {
        assert!(exported.html.contains(text), "{text}");
    }
}

#[test]
fn metadata_is_escaped_for_every_context() {
    let post = manifest_dir().join("tests/data/hostile/metadata.md");
    let exported = export_file(&post, &ExportOptions::default());
    let html = &exported.html;
    assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(
        html.contains("<html lang=\"en\">"),
        "an invalid language is replaced"
    );
    let script_start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD");
    let script_end = script_start + html[script_start..].find("</script>").expect("closed");
    let script = &html[script_start..script_end];
    assert!(!script[8..].contains('<'), "{script}");
    assert!(!script.contains('\u{2028}'), "U+2028 is escaped");
    let ld = json_ld(html);
    assert_eq!(ld["author"]["name"], "</script><script>alert(4)</script>");
    assert_eq!(ld["author"]["worksFor"]["name"], "Acme\u{2028}</script>");
    assert!(
        ld.get("url").is_none(),
        "a javascript: canonical URL is left out"
    );
    assert!(ld["author"].get("url").is_none());
    let kinds: Vec<IssueKind> = exported.issues.iter().map(|issue| issue.kind).collect();
    assert!(
        kinds.contains(&IssueKind::Metadata),
        "{:#?}",
        exported.issues
    );
    assert!(kinds.contains(&IssueKind::DangerousUrl));
}

#[test]
fn trusted_html_is_kept_but_dangerous_markdown_addresses_are_not() {
    let options = ExportOptions {
        trust_html: true,
        ..ExportOptions::default()
    };
    let scripts = export_file(
        &manifest_dir().join("tests/data/hostile/scripts.md"),
        &options,
    );
    assert!(
        scripts.html.contains("<script>alert(1)</script>"),
        "trust means trust"
    );
    let urls = export_file(&manifest_dir().join("tests/data/hostile/urls.md"), &options);
    assert!(!urls.html.contains("href=\"javascript:alert(1)\""));
    assert!(!urls.html.contains("href=\"javascript:alert(9)"));
}

/// CommonMark asks for U+0000 to become U+FFFD "for security reasons"; pulldown-cmark
/// passes it through, so the export replaces it everywhere: body text, code, headings, the
/// description taken from the first paragraph, and metadata.
#[test]
fn nul_characters_become_replacement_characters() {
    use std::path::Path;

    use postwright_core::export::{body_html, export_page};
    use postwright_core::post::Post;

    let text = "{\n  \"title\": \"T\\u0000itle\"\n}\nabc\0de\0\n\n# He\0ad\n\n```\nco\0de\n```\n";
    let post = Post::parse(text);
    assert_eq!(post.metadata().title, "T\0itle");
    let mut read_nothing = |_: &Path| -> Result<Vec<u8>, String> { Err("not read".to_owned()) };
    let exported = export_page(&post, None, &ExportOptions::default(), &mut read_nothing);
    assert!(!exported.html.contains('\0'));
    assert!(!exported.title.contains('\0'));
    assert!(exported.html.contains("<p>abc\u{FFFD}de\u{FFFD}</p>"));
    assert!(exported.html.contains("content=\"abc\u{FFFD}de\u{FFFD}\""));
    assert!(exported.html.contains("co\u{FFFD}de"));
    assert!(exported.html.contains("<title>T\u{FFFD}itle</title>"));
    let body = body_html(&post, &ExportOptions::default());
    assert!(
        !body.contains('\0') && body.contains("He\u{FFFD}ad"),
        "{body}"
    );
    parse(&exported.html);
}
