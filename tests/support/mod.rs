//! Helpers shared by the tests: scratch folders, exporting a sample post as the command
//! line does, and reading the page back with a real HTML5 parser.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use postwright_core::export::{self, ExportOptions, Exported};
use postwright_core::post::Post;
use postwright_io::files;

/// The sample posts, by file stem.
pub const SAMPLES: &[&str] = &[
    "draft-note",
    "json-front-matter",
    "kitchen-sink",
    "long-essay",
    "no-front-matter",
    "release-announcement",
    "toml-front-matter",
];

/// A fresh, empty folder for one test, named after the test binary and `name`, so that
/// test binaries running at the same time never share one.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(env!("CARGO_CRATE_NAME"))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn load(path: &Path) -> Post {
    let loaded = files::load(path).expect("the post loads");
    Post::parse(&loaded.text)
}

/// Exports the post at `path` with images read from its folder.
pub fn export_file(path: &Path, options: &ExportOptions) -> Exported {
    let post = load(path);
    let mut read = |path: &Path| files::read_asset(path).map_err(|error| error.to_string());
    export::export_page(&post, path.parent(), options, &mut read)
}

/// Exports `sample_posts/{name}.md`.
pub fn export_sample(name: &str, options: &ExportOptions) -> Exported {
    export_file(
        &manifest_dir()
            .join("sample_posts")
            .join(format!("{name}.md")),
        options,
    )
}

/// The page parsed by html5ever, reporting every parse error.
pub fn parse(html: &str) -> RcDom {
    let options = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..TreeBuilderOpts::default()
        },
    };
    parse_document(RcDom::default(), options).one(html)
}

/// An element met while walking the page: its name, attributes, and the names of the
/// elements around it, outermost first.
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub ancestors: Vec<String>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Every element of the document in document order, walked without recursion.
pub fn elements(dom: &RcDom) -> Vec<Element> {
    let mut found = Vec::new();
    let mut stack: Vec<(Handle, Vec<String>)> = vec![(dom.document.clone(), Vec::new())];
    while let Some((node, ancestors)) = stack.pop() {
        let mut inner = ancestors.clone();
        if let NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } = &node.data
        {
            let element_name = name.local.to_string();
            found.push(Element {
                name: element_name.clone(),
                attributes: attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
                ancestors: ancestors.clone(),
            });
            inner.push(element_name);
            if let Some(contents) = template_contents.borrow().as_ref() {
                stack.push((contents.clone(), inner.clone()));
            }
        }
        for child in node.children.borrow().iter().rev() {
            stack.push((child.clone(), inner.clone()));
        }
    }
    found
}

/// The text of the page's JSON-LD block.
pub fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("the page has JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("the JSON-LD parses")
}
