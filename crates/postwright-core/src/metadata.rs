//! The post's metadata as the form edits it, read from and written back to the front-matter
//! map under whichever key spelling the file already uses.
//!
//! Static-site generators disagree on names (`summary` or `description`, `lastmod` or
//! `updated`, an `author` string or map or an `authors` list). Reading accepts all the
//! common spellings; writing changes only the fields that differ, under the key the file
//! already has, so a Hugo post stays a Hugo post.

use std::fmt;

use serde_json::{Map, Value};

use crate::front_matter::FieldMap;

/// Who wrote the post: the byline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    /// The author's name.
    pub name: String,
    /// Role or job title ("Staff engineer").
    pub role: String,
    /// Organisation the author writes for.
    pub organisation: String,
    /// The author's home page.
    pub url: String,
}

impl Author {
    /// True when no part of the byline is filled in.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
            && self.role.is_empty()
            && self.organisation.is_empty()
            && self.url.is_empty()
    }
}

/// A related link shown after the post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelatedLink {
    /// The text readers see.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// Everything the metadata form shows. Empty strings mean "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The post's title.
    pub title: String,
    /// The byline.
    pub author: Author,
    /// Publication date: `YYYY-MM-DD` or an RFC 3339 date-time.
    pub date: String,
    /// Date of the last update, in the same forms as `date`.
    pub updated: String,
    /// One or two sentences for listings and search results.
    pub summary: String,
    /// Tags, in order.
    pub tags: Vec<String>,
    /// Categories, in order.
    pub categories: Vec<String>,
    /// The URL slug.
    pub slug: String,
    /// The canonical URL, when the post is published elsewhere first.
    pub canonical_url: String,
    /// Cover image path or URL.
    pub cover_image: String,
    /// Alternative text for the cover image.
    pub cover_alt: String,
    /// Whether the post is still a draft.
    pub draft: bool,
    /// Language tag such as `en` or `pt-BR`.
    pub language: String,
    /// Related links shown after the post.
    pub links: Vec<RelatedLink>,
}

/// The accepted spellings of each field, preferred first. New keys use the first.
mod keys {
    pub const TITLE: &[&str] = &["title"];
    pub const AUTHOR: &[&str] = &["author", "authors"];
    pub const DATE: &[&str] = &["date", "pubDate", "publishDate"];
    pub const UPDATED: &[&str] = &[
        "updated",
        "lastmod",
        "updatedDate",
        "last_modified_at",
        "modified",
    ];
    pub const SUMMARY: &[&str] = &["summary", "description", "excerpt"];
    pub const TAGS: &[&str] = &["tags"];
    pub const CATEGORIES: &[&str] = &["categories", "category"];
    pub const SLUG: &[&str] = &["slug"];
    pub const CANONICAL: &[&str] = &["canonical_url", "canonicalURL", "canonicalUrl", "canonical"];
    pub const COVER: &[&str] = &[
        "cover_image",
        "cover",
        "image",
        "featured_image",
        "heroImage",
    ];
    pub const COVER_ALT: &[&str] = &["cover_alt", "cover_image_alt", "image_alt", "imageAlt"];
    pub const DRAFT: &[&str] = &["draft", "published"];
    pub const LANGUAGE: &[&str] = &["lang", "language", "locale"];
    pub const LINKS: &[&str] = &["links", "related", "related_links"];

    pub const AUTHOR_NAME: &[&str] = &["name", "display_name"];
    pub const AUTHOR_ROLE: &[&str] = &["role", "job_title", "jobTitle", "title"];
    pub const AUTHOR_ORGANISATION: &[&str] = &[
        "organisation",
        "organization",
        "org",
        "company",
        "affiliation",
    ];
    pub const AUTHOR_URL: &[&str] = &["url", "website", "homepage", "link"];
    pub const COVER_MAP_IMAGE: &[&str] = &["image", "src", "url"];
    pub const COVER_MAP_ALT: &[&str] = &["alt", "alt_text"];
    pub const LINK_LABEL: &[&str] = &["label", "title", "name", "text"];
    pub const LINK_URL: &[&str] = &["url", "href", "link"];

    pub const ALL: &[&[&str]] = &[
        TITLE, AUTHOR, DATE, UPDATED, SUMMARY, TAGS, CATEGORIES, SLUG, CANONICAL, COVER, COVER_ALT,
        DRAFT, LANGUAGE, LINKS,
    ];
}

/// The field a top-level front-matter key is read into, named by its preferred spelling
/// (`"summary"` for `description`, `"draft"` for `published`), or `None` for a key the
/// form does not know.
pub fn field_of_key(key: &str) -> Option<&'static str> {
    keys::ALL
        .iter()
        .find(|aliases| aliases.contains(&key))
        .map(|aliases| aliases[0])
}

/// The first spelling in `aliases` that `map` has.
fn present<'a>(map: &Map<String, Value>, aliases: &[&'a str]) -> Option<&'a str> {
    aliases.iter().copied().find(|key| map.contains_key(*key))
}

fn lookup<'a>(map: &'a Map<String, Value>, aliases: &[&str]) -> Option<&'a Value> {
    present(map, aliases).and_then(|key| map.get(key))
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.trim().to_owned(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        _ => String::new(),
    }
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| text_of(Some(item)))
            .filter(|text| !text.is_empty())
            .collect(),
        Some(Value::String(text)) => text
            .split(',')
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn author_of(value: Option<&Value>) -> Author {
    match value {
        Some(Value::String(name)) => Author {
            name: name.trim().to_owned(),
            ..Author::default()
        },
        Some(Value::Array(items)) => author_of(items.first()),
        Some(Value::Object(map)) => Author {
            name: text_of(lookup(map, keys::AUTHOR_NAME)),
            role: text_of(lookup(map, keys::AUTHOR_ROLE)),
            organisation: text_of(lookup(map, keys::AUTHOR_ORGANISATION)),
            url: text_of(lookup(map, keys::AUTHOR_URL)),
        },
        _ => Author::default(),
    }
}

fn links_of(value: Option<&Value>) -> Vec<RelatedLink> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Object(map) => Some(RelatedLink {
                label: text_of(lookup(map, keys::LINK_LABEL)),
                url: text_of(lookup(map, keys::LINK_URL)),
            }),
            Value::String(url) => Some(RelatedLink {
                label: String::new(),
                url: url.trim().to_owned(),
            }),
            _ => None,
        })
        .collect()
}

impl Metadata {
    /// Reads the known fields from a front-matter map.
    pub fn from_fields(map: &FieldMap) -> Self {
        Self::read(map, None)
    }

    /// Reads the known fields: the text of each from `as_written` when given (YAML's
    /// scalars as the author wrote them, [`crate::front_matter::FrontMatter::fields_as_written`],
    /// so `lang: no` is Norwegian and an author called `N` keeps the name), and whether the
    /// post is a draft from `typed`, where `draft: yes` is true.
    pub fn read(typed: &FieldMap, as_written: Option<&FieldMap>) -> Self {
        let map = as_written.unwrap_or(typed);
        let (cover_image, cover_map_alt) = match lookup(map, keys::COVER) {
            Some(Value::Object(cover)) => (
                text_of(lookup(cover, keys::COVER_MAP_IMAGE)),
                text_of(lookup(cover, keys::COVER_MAP_ALT)),
            ),
            other => (text_of(other), String::new()),
        };
        let cover_alt = match lookup(map, keys::COVER_ALT) {
            Some(value) => text_of(Some(value)),
            None => cover_map_alt,
        };
        let draft = match present(typed, keys::DRAFT) {
            Some("published") => typed.get("published").and_then(Value::as_bool) == Some(false),
            Some(key) => typed.get(key).and_then(Value::as_bool) == Some(true),
            None => false,
        };
        Self {
            title: text_of(lookup(map, keys::TITLE)),
            author: author_of(lookup(map, keys::AUTHOR)),
            date: text_of(lookup(map, keys::DATE)),
            updated: text_of(lookup(map, keys::UPDATED)),
            summary: text_of(lookup(map, keys::SUMMARY)),
            tags: list_of(lookup(map, keys::TAGS)),
            categories: list_of(lookup(map, keys::CATEGORIES)),
            slug: text_of(lookup(map, keys::SLUG)),
            canonical_url: text_of(lookup(map, keys::CANONICAL)),
            cover_image,
            cover_alt,
            draft,
            language: text_of(lookup(map, keys::LANGUAGE)),
            links: links_of(lookup(map, keys::LINKS)),
        }
    }

    /// The key changes that turn `map` (which reads as `self`) into one that reads as
    /// `edited`. Only fields that differ produce a change; each goes to the key the map
    /// already uses for it, keeping that value's other sub-keys.
    pub fn changes_to(&self, edited: &Metadata, map: &FieldMap) -> Vec<(String, Option<Value>)> {
        let mut working = map.clone();
        let mut touched: Vec<String> = Vec::new();
        let mut set = |working: &mut FieldMap, key: &str, value: Option<Value>| {
            match value {
                Some(value) => {
                    working.insert(key.to_owned(), value);
                }
                None => {
                    working.shift_remove(key);
                }
            }
            if !touched.iter().any(|k| k == key) {
                touched.push(key.to_owned());
            }
        };
        let text_value = |text: &str| (!text.is_empty()).then(|| Value::String(text.to_owned()));
        let simple: [(&[&str], &String, &String); 8] = [
            (keys::TITLE, &self.title, &edited.title),
            (keys::DATE, &self.date, &edited.date),
            (keys::UPDATED, &self.updated, &edited.updated),
            (keys::SUMMARY, &self.summary, &edited.summary),
            (keys::SLUG, &self.slug, &edited.slug),
            (keys::CANONICAL, &self.canonical_url, &edited.canonical_url),
            (keys::LANGUAGE, &self.language, &edited.language),
            (keys::COVER_ALT, &self.cover_alt, &edited.cover_alt),
        ];
        for (aliases, old, new) in simple {
            if old == new {
                continue;
            }
            if std::ptr::eq(aliases, keys::COVER_ALT)
                && present(&working, keys::COVER_ALT).is_none()
                && let Some(cover_key) = present(&working, keys::COVER)
                && let Some(Value::Object(cover)) = working.get(cover_key)
            {
                let mut cover = cover.clone();
                set_sub(&mut cover, keys::COVER_MAP_ALT, new);
                set(&mut working, cover_key, Some(Value::Object(cover)));
                continue;
            }
            let key = present(&working, aliases).unwrap_or(aliases[0]);
            set(&mut working, key, text_value(new));
        }
        for (aliases, old, new) in [
            (keys::TAGS, &self.tags, &edited.tags),
            (keys::CATEGORIES, &self.categories, &edited.categories),
        ] {
            if old != new {
                let key = present(&working, aliases).unwrap_or(aliases[0]);
                let value = (!new.is_empty())
                    .then(|| Value::Array(new.iter().cloned().map(Value::String).collect()));
                set(&mut working, key, value);
            }
        }
        if self.cover_image != edited.cover_image {
            let key = present(&working, keys::COVER).unwrap_or(keys::COVER[0]);
            let value = match working.get(key) {
                Some(Value::Object(cover)) => {
                    let mut cover = cover.clone();
                    set_sub(&mut cover, keys::COVER_MAP_IMAGE, &edited.cover_image);
                    Some(Value::Object(cover))
                }
                _ => text_value(&edited.cover_image),
            };
            set(&mut working, key, value);
        }
        if self.draft != edited.draft {
            match present(&working, keys::DRAFT) {
                Some("published") => {
                    set(&mut working, "published", Some(Value::Bool(!edited.draft)))
                }
                Some(key) => set(&mut working, key, Some(Value::Bool(edited.draft))),
                None => set(
                    &mut working,
                    keys::DRAFT[0],
                    Some(Value::Bool(edited.draft)),
                ),
            }
        }
        if self.author != edited.author {
            let key = present(&working, keys::AUTHOR).unwrap_or(keys::AUTHOR[0]);
            let value = author_value(working.get(key), &edited.author);
            set(&mut working, key, value);
        }
        if self.links != edited.links {
            let key = present(&working, keys::LINKS).unwrap_or(keys::LINKS[0]);
            let value = links_value(working.get(key), &edited.links);
            set(&mut working, key, value);
        }
        touched
            .into_iter()
            .filter(|key| working.get(key) != map.get(key))
            .map(|key| {
                let value = working.get(&key).cloned();
                (key, value)
            })
            .collect()
    }
}

/// Sets a sub-key of a map under its existing spelling (or the first alias), removing it
/// when `text` is empty.
fn set_sub(map: &mut Map<String, Value>, aliases: &[&str], text: &str) {
    let key = present(map, aliases).unwrap_or(aliases[0]).to_owned();
    if text.is_empty() {
        map.shift_remove(&key);
    } else {
        map.insert(key, Value::String(text.to_owned()));
    }
}

/// The new value of the author key: a plain name stays a plain name while only the name is
/// set; a map keeps its other sub-keys; an `authors` list has its first entry replaced.
fn author_value(old: Option<&Value>, author: &Author) -> Option<Value> {
    match old {
        Some(Value::Array(items)) => {
            let mut items = items.clone();
            let first = author_value(items.first(), author);
            match (first, items.is_empty()) {
                (Some(first), true) => items.push(first),
                (Some(first), false) => items[0] = first,
                (None, false) => {
                    items.remove(0);
                }
                (None, true) => {}
            }
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Some(Value::Object(map)) => {
            let mut map = map.clone();
            set_sub(&mut map, keys::AUTHOR_NAME, &author.name);
            set_sub(&mut map, keys::AUTHOR_ROLE, &author.role);
            set_sub(&mut map, keys::AUTHOR_ORGANISATION, &author.organisation);
            set_sub(&mut map, keys::AUTHOR_URL, &author.url);
            (!map.is_empty()).then_some(Value::Object(map))
        }
        _ if author.is_empty() => None,
        _ if author.role.is_empty() && author.organisation.is_empty() && author.url.is_empty() => {
            Some(Value::String(author.name.clone()))
        }
        _ => author_value(Some(&Value::Object(Map::new())), author),
    }
}

/// The new value of the related-links key, keeping each entry's key spellings and any
/// sub-keys the form does not know.
fn links_value(old: Option<&Value>, links: &[RelatedLink]) -> Option<Value> {
    if links.is_empty() {
        return None;
    }
    let old_items: &[Value] = match old {
        Some(Value::Array(items)) => items,
        _ => &[],
    };
    let template = old_items.iter().find_map(Value::as_object);
    let items = links
        .iter()
        .enumerate()
        .map(|(index, link)| {
            let mut entry = match old_items.get(index) {
                Some(Value::Object(map)) => map.clone(),
                _ => Map::new(),
            };
            let label_key = present(&entry, keys::LINK_LABEL)
                .or_else(|| template.and_then(|t| present(t, keys::LINK_LABEL)))
                .unwrap_or(keys::LINK_LABEL[0]);
            let url_key = present(&entry, keys::LINK_URL)
                .or_else(|| template.and_then(|t| present(t, keys::LINK_URL)))
                .unwrap_or(keys::LINK_URL[0]);
            entry.insert(label_key.to_owned(), Value::String(link.label.clone()));
            entry.insert(url_key.to_owned(), Value::String(link.url.clone()));
            Value::Object(entry)
        })
        .collect();
    Some(Value::Array(items))
}

/// Keys of the map that no form field reads, in file order: shown so nothing is hidden.
pub fn other_keys(map: &FieldMap) -> Vec<(&str, &Value)> {
    let claimed: Vec<&str> = keys::ALL
        .iter()
        .filter_map(|aliases| present(map, aliases))
        .collect();
    map.iter()
        .filter(|(key, _)| !claimed.contains(&key.as_str()))
        .map(|(key, value)| (key.as_str(), value))
        .collect()
}

/// A date as Postwright understands it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostDate {
    /// A calendar day (`2026-03-14`).
    Day(jiff::civil::Date),
    /// A day and time with no zone (`2026-03-14T09:30:00`).
    Local(jiff::civil::DateTime),
    /// An exact instant with its offset (`2026-03-14T09:30:00+01:00`).
    Instant(jiff::Timestamp, jiff::tz::Offset),
}

impl PostDate {
    /// Reads a front-matter date: a day, an RFC 3339 date-time, a date-time without offset,
    /// or Jekyll's `2026-03-14 09:30:00 +0100`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        if text.len() == 10
            && let Ok(day) = text.parse::<jiff::civil::Date>()
        {
            return Ok(PostDate::Day(day));
        }
        if let Ok(pieces) = jiff::fmt::temporal::Pieces::parse(text)
            && let Some(time) = pieces.time()
        {
            let local = pieces.date().to_datetime(time);
            return Ok(match pieces.to_numeric_offset() {
                Some(offset) => match offset.to_timestamp(local) {
                    Ok(timestamp) => PostDate::Instant(timestamp, offset),
                    Err(_) => PostDate::Local(local),
                },
                None => PostDate::Local(local),
            });
        }
        if let Ok(parsed) = jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S %z", text)
            && let Ok(timestamp) = parsed.to_timestamp()
        {
            let offset = parsed.offset().unwrap_or(jiff::tz::Offset::UTC);
            return Ok(PostDate::Instant(timestamp, offset));
        }
        Err(DateError::Unreadable(text.to_owned()))
    }

    /// The calendar day.
    pub fn day(&self) -> jiff::civil::Date {
        match self {
            PostDate::Day(day) => *day,
            PostDate::Local(local) => local.date(),
            PostDate::Instant(timestamp, offset) => offset.to_datetime(*timestamp).date(),
        }
    }

    /// ISO 8601 text for machines (`2026-03-14` or `2026-03-14T09:30:00+01:00`).
    pub fn iso(&self) -> String {
        match self {
            PostDate::Day(day) => day.to_string(),
            PostDate::Local(local) => local.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            PostDate::Instant(timestamp, offset) => {
                offset
                    .to_datetime(*timestamp)
                    .strftime("%Y-%m-%dT%H:%M:%S")
                    .to_string()
                    + &format_offset(*offset)
            }
        }
    }

    /// The day as readers see it: "14 March 2026".
    pub fn human(&self) -> String {
        self.day().strftime("%-d %B %Y").to_string()
    }
}

/// Why a front-matter date could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// The value is empty or only spaces.
    Empty,
    /// The text is none of the forms [`PostDate::parse`] reads; holds it.
    Unreadable(String),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Empty => f.write_str("the date is empty"),
            DateError::Unreadable(text) => write!(
                f,
                "{text:?} is not a date Postwright understands; write it as 2026-03-14 or \
                 2026-03-14T09:30:00+01:00"
            ),
        }
    }
}

impl std::error::Error for DateError {}

fn format_offset(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "Z".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Summaries shorter than this many characters say too little in listings and search
/// results.
pub const SUMMARY_MIN_CHARS: usize = 50;
/// Summaries longer than this many characters are cut off in search results.
pub const SUMMARY_MAX_CHARS: usize = 160;

/// Checks an absolute web address (canonical URL, author page, related link): it must be
/// `http` or `https` with a host.
pub fn validate_web_url(text: &str) -> Result<(), WebUrlError> {
    let text = text.trim();
    let url = url::Url::parse(text).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => WebUrlError::NotAbsolute,
        other => WebUrlError::Unreadable(other),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(WebUrlError::NotWeb(url.scheme().to_owned()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(WebUrlError::NoHost);
    }
    Ok(())
}

/// Why an address is not a full web address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebUrlError {
    /// A relative address or a bare domain (`example.org/post`).
    NotAbsolute,
    /// The text is not an address at all; holds what the URL parser found.
    Unreadable(url::ParseError),
    /// Another scheme than `http` or `https`; holds it.
    NotWeb(String),
    /// An `http` or `https` address without a host.
    NoHost,
}

impl fmt::Display for WebUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebUrlError::NotAbsolute => {
                f.write_str("write the full address, starting with https://")
            }
            WebUrlError::Unreadable(error) => write!(f, "not a valid address: {error}"),
            WebUrlError::NotWeb(scheme) => write!(f, "use an http or https address, not {scheme}:"),
            WebUrlError::NoHost => f.write_str("the address has no host name"),
        }
    }
}

impl std::error::Error for WebUrlError {}

/// Checks a language tag such as `en`, `pt-BR`, `zh-Hant` or `de-CH-1996` against the
/// syntax of BCP 47 (RFC 5646): a language of two or three letters (with up to three
/// extended subtags), then optionally a script of four letters, a region of two letters or
/// three digits, variants, extensions and a private-use part, each subtag once and in that
/// order; or a private-use tag (`x-klingon`). Case does not matter.
pub fn validate_language(text: &str) -> Result<(), LanguageTagError> {
    if is_language_tag(text) {
        return Ok(());
    }
    let hyphenated = text.replace('_', "-");
    Err(LanguageTagError {
        hyphenated: (text.contains('_') && is_language_tag(&hyphenated)).then_some(hyphenated),
    })
}

/// The language tag a `lang` value means: the value when it is one, or a locale written
/// the POSIX way with an underscore (`en_US`, as Jekyll's `locale` key has it) with a
/// hyphen instead; `None` when it means no tag (`English`).
pub fn language_tag(text: &str) -> Option<String> {
    let text = text.trim();
    if is_language_tag(text) {
        return Some(text.to_owned());
    }
    let hyphenated = text.replace('_', "-");
    (text.contains('_') && is_language_tag(&hyphenated)).then_some(hyphenated)
}

fn is_language_tag(text: &str) -> bool {
    let letters = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphabetic())
    };
    let alphanumeric = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let mut parts = text.split('-').peekable();
    let Some(language) = parts.next() else {
        return false;
    };
    if language.eq_ignore_ascii_case("x") {
        return parts.peek().is_some() && parts.all(|part| alphanumeric(part, 1..=8));
    }
    if !letters(language, 2..=3) {
        return false;
    }
    let mut extended = 0;
    while extended < 3 && parts.peek().is_some_and(|part| letters(part, 3..=3)) {
        parts.next();
        extended += 1;
    }
    if parts.peek().is_some_and(|part| letters(part, 4..=4)) {
        parts.next();
    }
    if parts.peek().is_some_and(|part| {
        letters(part, 2..=2) || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
    }) {
        parts.next();
    }
    let is_variant = |part: &str| {
        alphanumeric(part, 5..=8)
            || (part.len() == 4
                && part.starts_with(|c: char| c.is_ascii_digit())
                && alphanumeric(part, 4..=4))
    };
    while parts.peek().is_some_and(|part| is_variant(part)) {
        parts.next();
    }
    while let Some(singleton) = parts.next() {
        if !alphanumeric(singleton, 1..=1) {
            return false;
        }
        let private_use = singleton.eq_ignore_ascii_case("x");
        let lengths = if private_use { 1..=8 } else { 2..=8 };
        let mut subtags = 0;
        while parts.peek().is_some_and(|part| {
            (private_use || part.len() > 1) && alphanumeric(part, lengths.clone())
        }) {
            parts.next();
            subtags += 1;
        }
        if subtags == 0 {
            return false;
        }
        if private_use {
            return parts.next().is_none();
        }
    }
    true
}

/// A language that is not written as a language tag (`english`, `en_US`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageTagError {
    /// The tag meant, when the text is one written with an underscore (`en_US`).
    pub hyphenated: Option<String>,
}

impl fmt::Display for LanguageTagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("use a language tag such as en, fr or pt-BR")?;
        if let Some(tag) = &self.hyphenated {
            write!(f, "; write {tag} with a hyphen")?;
        }
        Ok(())
    }
}

impl std::error::Error for LanguageTagError {}

/// The slug a title gives: lower case, letters and digits kept, everything else a single
/// hyphen ("Hello, World!" → "hello-world").
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_hyphen = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else if c != '\'' && c != '’' {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> FieldMap {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn reads_common_spellings() {
        let fields = map(json!({
            "title": "T", "description": "D", "lastmod": "2026-01-02",
            "authors": [{"name": "Ada", "jobTitle": "Editor", "organization": "Acme"}],
            "cover": {"image": "c.png", "alt": "A cover"}, "published": false,
            "category": "news", "related": [{"title": "Docs", "href": "https://example.org"}]
        }));
        let metadata = Metadata::from_fields(&fields);
        assert_eq!(metadata.summary, "D");
        assert_eq!(metadata.updated, "2026-01-02");
        assert_eq!(metadata.author.role, "Editor");
        assert_eq!(metadata.author.organisation, "Acme");
        assert_eq!(
            (metadata.cover_image.as_str(), metadata.cover_alt.as_str()),
            ("c.png", "A cover")
        );
        assert!(metadata.draft);
        assert_eq!(metadata.categories, ["news"]);
        assert_eq!(metadata.links[0].url, "https://example.org");
        assert!(other_keys(&fields).is_empty());
    }

    #[test]
    fn writes_back_under_the_same_spellings() {
        let fields = map(json!({
            "authors": [{"name": "Ada", "jobTitle": "Editor", "x": 1}, "Bob"],
            "cover": {"image": "c.png", "alt": "A cover"},
            "published": true, "related": [{"title": "Docs", "href": "https://example.org", "rel": "me"}]
        }));
        let old = Metadata::from_fields(&fields);
        let mut new = old.clone();
        new.author.role = "Chief editor".into();
        new.cover_alt = "New alt".into();
        new.draft = true;
        new.links[0].label = "Manual".into();
        let changes = old.changes_to(&new, &fields);
        let get = |key: &str| {
            changes
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.clone())
        };
        assert_eq!(
            get("authors"),
            Some(json!([{"name": "Ada", "jobTitle": "Chief editor", "x": 1}, "Bob"]))
        );
        assert_eq!(
            get("cover"),
            Some(json!({"image": "c.png", "alt": "New alt"}))
        );
        assert_eq!(get("published"), Some(json!(false)));
        assert_eq!(
            get("related"),
            Some(json!([{"title": "Manual", "href": "https://example.org", "rel": "me"}]))
        );
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn plain_author_grows_into_a_map_only_when_needed() {
        let fields = map(json!({"author": "Ada"}));
        let old = Metadata::from_fields(&fields);
        let mut new = old.clone();
        new.author.name = "Ada L.".into();
        assert_eq!(
            old.changes_to(&new, &fields),
            vec![("author".to_owned(), Some(json!("Ada L.")))]
        );
        new.author.organisation = "Acme".into();
        assert_eq!(
            old.changes_to(&new, &fields),
            vec![(
                "author".to_owned(),
                Some(json!({"name": "Ada L.", "organisation": "Acme"}))
            )]
        );
    }

    #[test]
    fn dates() {
        assert_eq!(PostDate::parse("2026-03-14").unwrap().iso(), "2026-03-14");
        let instant = PostDate::parse("2026-03-14T09:30:00+01:00").unwrap();
        assert_eq!(instant.iso(), "2026-03-14T09:30:00+01:00");
        assert_eq!(instant.human(), "14 March 2026");
        assert_eq!(
            PostDate::parse("2026-03-14T09:30:00Z").unwrap().iso(),
            "2026-03-14T09:30:00Z"
        );
        assert_eq!(
            PostDate::parse("2026-03-14 09:30:00 +0100").unwrap().iso(),
            "2026-03-14T09:30:00+01:00"
        );
        assert!(matches!(
            PostDate::parse("2026-03-14T09:30:00"),
            Ok(PostDate::Local(_))
        ));
        assert_eq!(
            PostDate::parse("14/03/2026"),
            Err(DateError::Unreadable("14/03/2026".into()))
        );
        assert!(PostDate::parse("2026-02-30").is_err());
        assert_eq!(PostDate::parse("  "), Err(DateError::Empty));
        assert!(
            PostDate::parse("soon")
                .unwrap_err()
                .to_string()
                .contains("write it as 2026-03-14")
        );
    }

    #[test]
    fn urls_and_languages() {
        assert!(validate_web_url("https://example.org/post").is_ok());
        assert_eq!(
            validate_web_url("example.org/post"),
            Err(WebUrlError::NotAbsolute)
        );
        assert!(
            validate_web_url("example.org/post")
                .unwrap_err()
                .to_string()
                .contains("https://")
        );
        assert_eq!(
            validate_web_url("javascript:alert(1)"),
            Err(WebUrlError::NotWeb("javascript".into()))
        );
        assert!(validate_web_url("ftp://example.org").is_err());
        for ok in [
            "en",
            "no",
            "pt-BR",
            "zh-Hant",
            "zh-Hant-TW",
            "de-CH-1996",
            "es-419",
            "sr-Latn-RS",
            "sl-rozaj-biske",
            "zh-yue-HK",
            "en-US-u-ca-gregory",
            "en-x-twain",
            "x-klingon",
            "EN-gb",
        ] {
            assert!(validate_language(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "english",
            "English",
            "e",
            "en_US",
            "en-",
            "false",
            "true",
            "fr-FRA1",
            "en-u",
            "en-x",
            "x",
            "de-1",
            "en--US",
            "zh-Hant-Hans-TW",
            "en-US-a",
            "en\" onload=\"x",
            "-x",
        ] {
            assert!(validate_language(bad).is_err(), "{bad}");
        }
        assert!(
            validate_language("en_US")
                .unwrap_err()
                .to_string()
                .contains("write en-US with a hyphen")
        );
        assert_eq!(language_tag("pt-BR").as_deref(), Some("pt-BR"));
        assert_eq!(language_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(language_tag("English"), None);
        assert_eq!(language_tag("en_"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Don't panic: Rust 2026 "), "dont-panic-rust-2026");
        assert_eq!(slugify("Café au lait"), "café-au-lait");
    }
}
