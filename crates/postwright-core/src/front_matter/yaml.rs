//! YAML front matter: parsing with `serde-saphyr` (its resource budget on, so alias bombs
//! fail fast) and rewriting single top-level entries in place.

use serde_json::Value;
use serde_saphyr::Spanned;

use super::{Format, FrontMatterError, KeyEditError};

/// Parses YAML front matter into a value. `first_line` is the file line `raw` starts on.
pub(super) fn parse(raw: &str, first_line: usize) -> Result<Value, FrontMatterError> {
    if raw.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    }) {
        return Ok(Value::Null);
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<Value>(raw, options).map_err(|error| {
        let message = first_sentence(&error.to_string());
        let mut result = FrontMatterError::new(Format::Yaml, message);
        if let Some(location) = error.location() {
            let line = usize::try_from(location.line()).unwrap_or(usize::MAX);
            let column = usize::try_from(location.column()).unwrap_or(usize::MAX);
            if line > 0 {
                result = result.at(first_line + line - 1, column.max(1));
            }
        }
        result
    })
}

/// The front matter with each scalar as written: a plain scalar that YAML reads as a
/// boolean or a number (`no`, `Yes`, `N`, `1.50`, `0x1F`) becomes its text, exactly as in
/// the file, so a field that holds text shows what the author typed rather than `false` or
/// `1.5`. Strings, nulls and the shape of the map stay as [`parse`] reads them. `None` when
/// the block does not parse (then [`parse`] reports why) or is empty.
pub(super) fn parse_as_written(raw: &str) -> Option<Value> {
    if raw.trim().is_empty() {
        return None;
    }
    let options = serde_saphyr::options! { with_snippet: false };
    let node: Spanned<Node> = serde_saphyr::from_str_with_options(raw, options).ok()?;
    Some(written(node, raw))
}

/// A YAML node as [`parse_as_written`] reads it, each child with the span it came from.
enum Node {
    Null,
    Text(String),
    /// A boolean or number: replaced by its text as written.
    Typed(Value),
    List(Vec<Spanned<Node>>),
    Map(Vec<(String, Spanned<Node>)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Typed(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Typed(Value::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Typed(Value::from(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Typed(Value::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Text(value))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// The value of a node, booleans and numbers as the text they were written with.
fn written(node: Spanned<Node>, raw: &str) -> Value {
    let span = node.defined.span();
    match node.value {
        Node::Null => Value::Null,
        Node::Text(text) => Value::String(text),
        Node::Typed(value) => {
            let text = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(start, len)| {
                    let start = usize::try_from(start).ok()?;
                    let end = start.checked_add(usize::try_from(len).ok()?)?;
                    raw.get(start..end)
                })
                .map(str::trim)
                .filter(|text| !text.is_empty() && !text.starts_with(['"', '\'', '!']));
            text.map_or(value, |text| Value::String(text.to_owned()))
        }
        Node::List(items) => {
            Value::Array(items.into_iter().map(|item| written(item, raw)).collect())
        }
        Node::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key, written(value, raw)))
                .collect(),
        ),
    }
}

/// The parser's message without its trailing location, which we report ourselves.
fn first_sentence(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = match first.find(" at line ") {
        Some(index) => &first[..index],
        None => first,
    };
    let first = first.trim_start_matches("error: ").trim_end_matches(':');
    if first.is_empty() {
        "the YAML could not be read".to_owned()
    } else {
        first.to_owned()
    }
}

/// One top-level `key: value` entry of a YAML block mapping, as byte ranges of the text.
struct Entry {
    key: String,
    /// From the start of the key line to the end of its last continuation line.
    span: std::ops::Range<usize>,
    /// The first non-blank character after the colon on the key line, if any.
    inline_value_start: Option<char>,
    /// The indentation used by the first indented continuation line.
    child_indent: Option<String>,
}

/// Finds the top-level entries of a block mapping. Lines at column 0 that are not keys
/// (comments, or continuations of a flow value) stay with the entry above them, except
/// comments and blank lines directly before the next key, which belong to that key.
fn entries(raw: &str) -> Vec<Entry> {
    let mut result: Vec<Entry> = Vec::new();
    let mut offset = 0;
    // End of the last line that belongs to the current entry's content.
    let mut content_end = 0;
    for line in raw.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim();
        let starts_indented = text.starts_with([' ', '\t']);
        if trimmed.is_empty() || (!starts_indented && trimmed.starts_with('#')) {
            continue;
        }
        if !starts_indented && let Some((key, after_colon)) = key_of_line(text) {
            if let Some(last) = result.last_mut() {
                last.span.end = content_end;
            }
            let inline_value_start = text[after_colon..].trim_start().chars().next();
            let inline_value_start = inline_value_start.filter(|&c| c != '#');
            result.push(Entry {
                key,
                span: start..offset,
                inline_value_start,
                child_indent: None,
            });
            content_end = offset;
            continue;
        }
        if let Some(last) = result.last_mut()
            && last.child_indent.is_none()
        {
            let indent_len = text.len() - text.trim_start_matches([' ', '\t']).len();
            last.child_indent = Some(text[..indent_len].to_owned());
        }
        content_end = offset;
    }
    if let Some(last) = result.last_mut() {
        last.span.end = content_end;
    }
    result
}

/// The key of a top-level `key: value` line, and the byte offset just after its colon.
fn key_of_line(line: &str) -> Option<(String, usize)> {
    if line.starts_with("- ") || line == "-" || line.starts_with("---") || line.starts_with("...") {
        return None;
    }
    let first = line.chars().next()?;
    if first == '"' || first == '\'' {
        let (key, rest_start) = quoted_key(line, first)?;
        let rest = &line[rest_start..];
        let after = rest.trim_start();
        let colon = rest_start + (rest.len() - after.len());
        if !after.starts_with(':') {
            return None;
        }
        return Some((key, colon + 1));
    }
    if matches!(
        first,
        '[' | '{' | '?' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`'
    ) {
        return None;
    }
    let bytes = line.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b':' && (index + 1 == bytes.len() || matches!(bytes[index + 1], b' ' | b'\t')) {
            let key = line[..index].trim_end();
            if key.is_empty() {
                return None;
            }
            return Some((key.to_owned(), index + 1));
        }
        if byte == b'#' && index > 0 && matches!(bytes[index - 1], b' ' | b'\t') {
            return None;
        }
    }
    None
}

fn quoted_key(line: &str, quote: char) -> Option<(String, usize)> {
    let body = &line[1..];
    if quote == '\'' {
        let mut key = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|&(_, next)| next) == Some('\'') {
                    key.push('\'');
                    chars.next();
                } else {
                    return Some((key, 1 + index + 1));
                }
            } else {
                key.push(c);
            }
        }
        None
    } else {
        let mut escaped = false;
        for (index, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                let literal = &line[..1 + index + 1];
                let key: String = serde_json::from_str(literal).ok()?;
                return Some((key, literal.len()));
            }
        }
        None
    }
}

/// Replaces, adds or (with `None`) removes the top-level entry `key`.
pub(super) fn set_key(raw: &str, key: &str, value: Option<&Value>) -> Result<String, KeyEditError> {
    if !raw.trim().is_empty() && entries(raw).is_empty() && !only_comments(raw) {
        return Err(KeyEditError::NotPlainYaml);
    }
    let found = entries(raw).into_iter().find(|entry| entry.key == key);
    let mut out = String::with_capacity(raw.len() + 64);
    match (found, value) {
        (Some(entry), Some(value)) => {
            let style = Style {
                flow: entry.inline_value_start == Some('['),
                quote: entry.inline_value_start.filter(|c| matches!(c, '\'' | '"')),
                indent: entry
                    .child_indent
                    .clone()
                    .unwrap_or_else(|| "  ".to_owned()),
            };
            let mut emitted = String::new();
            emit_entry(&mut emitted, key, value, &style);
            let old_text = &raw[entry.span.clone()];
            let merged = keep_unchanged_lines(old_text, &emitted);
            out.push_str(&raw[..entry.span.start]);
            out.push_str(&merged);
            out.push_str(&raw[entry.span.end..]);
        }
        (Some(entry), None) => {
            out.push_str(&raw[..entry.span.start]);
            out.push_str(&raw[entry.span.end..]);
        }
        (None, Some(value)) => {
            out.push_str(raw);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            emit_entry(&mut out, key, value, &Style::default());
        }
        (None, None) => out.push_str(raw),
    }
    Ok(out)
}

/// Where a line of the new entry says exactly what a line of the old one said, at the same
/// indentation, the old line is kept, so that quoting and trailing comments of the parts
/// that did not change survive. Falls back to `emitted` if the result reads differently.
fn keep_unchanged_lines(old: &str, emitted: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let old_meanings: Vec<Option<Value>> =
        old_lines.iter().map(|line| line_meaning(line)).collect();
    let mut next_old = 0;
    let mut merged = String::with_capacity(emitted.len());
    for line in emitted.split_inclusive('\n') {
        let meaning = line_meaning(line);
        let found = meaning.as_ref().and_then(|meaning| {
            (next_old..old_lines.len()).find(|&index| {
                old_meanings[index].as_ref() == Some(meaning)
                    && indent_of(old_lines[index]) == indent_of(line)
            })
        });
        match found {
            Some(index) => {
                merged.push_str(old_lines[index].trim_end_matches('\n'));
                merged.push('\n');
                next_old = index + 1;
            }
            None => merged.push_str(line),
        }
    }
    let reads_the_same = match (parse(&merged, 1), parse(emitted, 1)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if reads_the_same {
        merged
    } else {
        emitted.to_owned()
    }
}

fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// What a single line means on its own, when it is a complete `key: scalar`, `- scalar` or
/// `- key: scalar` line; `None` for anything whose meaning depends on other lines.
fn line_meaning(line: &str) -> Option<Value> {
    let text = line.trim();
    let value_part = text.trim_start_matches("- ").trim_end();
    if value_part.ends_with(':')
        || ["|", ">", "|-", ">-", "|+", ">+"].iter().any(|indicator| {
            value_part.ends_with(&format!(": {indicator}")) || value_part == *indicator
        })
        || text.starts_with('#')
        || text.is_empty()
    {
        return None;
    }
    let value: Value = serde_saphyr::from_str(text).ok()?;
    let leaf_is_scalar = match &value {
        Value::Array(items) => {
            items.len() == 1
                && items.iter().all(|item| match item {
                    Value::Object(map) => map.len() == 1 && map.values().all(is_scalar),
                    other => is_scalar(other),
                })
        }
        Value::Object(map) => map.len() == 1 && map.values().all(is_scalar),
        _ => false,
    };
    leaf_is_scalar.then_some(value)
}

fn only_comments(raw: &str) -> bool {
    raw.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// How the entry being replaced was written, so its replacement looks the same.
struct Style {
    /// The old value was a flow sequence (`[a, b]`).
    flow: bool,
    /// The old value was a quoted scalar with this quote character.
    quote: Option<char>,
    /// Indentation of the old value's nested lines.
    indent: String,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            flow: false,
            quote: None,
            indent: "  ".to_owned(),
        }
    }
}

fn emit_entry(out: &mut String, key: &str, value: &Value, style: &Style) {
    out.push_str(&scalar_text(key, None));
    out.push(':');
    match value {
        Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Object(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Array(items) if style.flow && items.iter().all(is_scalar) => {
            out.push_str(" [");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                push_scalar(out, item, None);
            }
            out.push_str("]\n");
        }
        Value::Array(_) | Value::Object(_) => {
            out.push('\n');
            emit_block(out, value, &style.indent, &style.indent);
        }
        scalar => {
            out.push(' ');
            push_scalar(out, scalar, style.quote);
            out.push('\n');
        }
    }
}

/// Writes a sequence or mapping in block style, each line starting with `indent`.
fn emit_block(out: &mut String, value: &Value, indent: &str, step: &str) {
    // Nested collections are indented by at least two spaces, whatever the outer step.
    let step = if step.len() < 2 { "  " } else { step };
    match value {
        Value::Array(items) => {
            for item in items {
                out.push_str(indent);
                out.push('-');
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key goes on the dash line; the rest align under it.
                        let inner = format!("{indent}  ");
                        let mut first = true;
                        for (key, value) in map {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                out.push_str(&inner);
                            }
                            emit_map_entry(out, key, value, &inner, step);
                        }
                    }
                    Value::Array(inner_items) if !inner_items.is_empty() => {
                        out.push('\n');
                        emit_block(out, item, &format!("{indent}{step}"), step);
                    }
                    other => {
                        out.push(' ');
                        push_collection_or_scalar(out, other);
                        out.push('\n');
                    }
                }
            }
        }
        Value::Object(map) => {
            for (key, value) in map {
                out.push_str(indent);
                emit_map_entry(out, key, value, indent, step);
            }
        }
        scalar => {
            out.push_str(indent);
            push_scalar(out, scalar, None);
            out.push('\n');
        }
    }
}

fn emit_map_entry(out: &mut String, key: &str, value: &Value, indent: &str, step: &str) {
    out.push_str(&scalar_text(key, None));
    out.push(':');
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            emit_block(out, value, &format!("{indent}{step}"), step);
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            emit_block(out, value, &format!("{indent}{step}"), step);
        }
        other => {
            out.push(' ');
            push_collection_or_scalar(out, other);
            out.push('\n');
        }
    }
}

fn push_collection_or_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        scalar => push_scalar(out, scalar, None),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn push_scalar(out: &mut String, value: &Value, quote: Option<char>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => out.push_str(&scalar_text(text, quote)),
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// A string as a YAML scalar: plain when that reads back as the same string, otherwise
/// quoted. `quote` asks for the quote style the old value used.
fn scalar_text(text: &str, quote: Option<char>) -> String {
    let single_ok = !text.chars().any(|c| c.is_control());
    match quote {
        Some('\'') if single_ok => return format!("'{}'", text.replace('\'', "''")),
        Some('"') => return double_quoted(text),
        _ => {}
    }
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// A JSON string literal is a valid YAML double-quoted scalar. The line and paragraph
/// separators are escaped, since YAML 1.1 readers treat them as line breaks.
pub(super) fn double_quoted(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace('\u{85}', "\\u0085")
}

/// Whether `text` can be written as a plain scalar and read back as the same string, in
/// both YAML 1.1 (Jekyll) and YAML 1.2 readers.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || text.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    const SPECIAL: [&str; 13] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", ".nan", "<<",
    ];
    if SPECIAL.contains(&lower.as_str()) {
        return false;
    }
    if first.is_ascii_digit() || first == '+' || first == '.' {
        // Dates read as dates by YAML 1.1 readers, which is what the author means.
        return is_date_like(text);
    }
    true
}

fn is_date_like(text: &str) -> bool {
    text.parse::<jiff::civil::Date>().is_ok() || text.parse::<jiff::Timestamp>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reparse(raw: &str) -> Value {
        parse(raw, 2).expect("valid YAML")
    }

    #[test]
    fn replaces_one_entry_and_keeps_the_rest() {
        let raw = "# A comment\ntitle: 'Old'   # trailing\ntags: [a, b]\nextra:\n  nested: 1\n";
        let out = set_key(raw, "title", Some(&Value::String("New 'one'".into()))).unwrap();
        assert_eq!(
            out,
            "# A comment\ntitle: 'New ''one'''\ntags: [a, b]\nextra:\n  nested: 1\n"
        );
        let out = set_key(raw, "tags", Some(&serde_json::json!(["x", "y: z"]))).unwrap();
        assert!(out.contains("tags: [x, \"y: z\"]\n"), "{out}");
        assert_eq!(reparse(&out)["tags"], serde_json::json!(["x", "y: z"]));
        let raw = "author:\n  name: 'Ada'  # full name\n  role: \"Editor\"\ntags:\n  - 'one'\n  - \"two\"\n";
        let out = set_key(
            raw,
            "author",
            Some(&serde_json::json!({"name": "Ada", "role": "Chief"})),
        )
        .unwrap();
        assert_eq!(out, raw.replace("\"Editor\"", "Chief"));
        let out = set_key(
            raw,
            "tags",
            Some(&serde_json::json!(["one", "two", "three"])),
        )
        .unwrap();
        assert!(
            out.ends_with("tags:\n  - 'one'\n  - \"two\"\n  - three\n"),
            "{out}"
        );
    }

    #[test]
    fn adds_and_removes_entries() {
        let raw = "title: A\nsummary: >\n  folded\n  text\n\n# about tags\ntags:\n- a\n";
        let out = set_key(raw, "summary", None).unwrap();
        assert_eq!(out, "title: A\n\n# about tags\ntags:\n- a\n");
        let out = set_key(raw, "draft", Some(&Value::Bool(true))).unwrap();
        assert!(out.ends_with("tags:\n- a\ndraft: true\n"), "{out}");
        let out = set_key(raw, "tags", Some(&serde_json::json!(["a", "b"]))).unwrap();
        // The list keeps its zero indentation.
        assert!(out.ends_with("# about tags\ntags:\n- a\n- b\n"), "{out}");
    }

    #[test]
    fn writes_nested_maps_and_lists_that_read_back() {
        let value = serde_json::json!([
            {"label": "Docs", "url": "https://example.org/docs"},
            {"label": "Yes", "url": "no"}
        ]);
        let out = set_key("title: A\n", "links", Some(&value)).unwrap();
        assert_eq!(reparse(&out)["links"], value);
        let author = serde_json::json!({"name": "Ada", "role": "Editor: copy", "url": ""});
        let out = set_key(&out, "author", Some(&author)).unwrap();
        assert_eq!(reparse(&out)["author"], author);
    }

    #[test]
    fn quotes_what_would_change_type() {
        for text in [
            "true", "No", "12", "1.5", "- item", "a: b", "x #y", "", " pad", "null",
        ] {
            let out = set_key("", "k", Some(&Value::String(text.into()))).unwrap();
            assert_eq!(reparse(&out)["k"], Value::String(text.into()), "{out}");
        }
        assert_eq!(scalar_text("2026-03-14", None), "2026-03-14");
        assert_eq!(scalar_text("Hello world", None), "Hello world");
    }

    #[test]
    fn scalars_as_written() {
        let raw = "title: Yes\nlang: no\nauthor:\n  name: N\n  url: \"yes\"\nversion: 1.50\n\
                   tags: [on, Off, 2024, 0x1F, 'y']\ndraft: no\nempty:\nwhen: 2026-03-14\n";
        let typed = reparse(raw);
        assert_eq!(
            typed["lang"],
            Value::Bool(false),
            "the typed map reads YAML 1.1"
        );
        let written = parse_as_written(raw).expect("parses");
        assert_eq!(written["title"], "Yes");
        assert_eq!(written["lang"], "no");
        assert_eq!(written["author"]["name"], "N");
        assert_eq!(written["author"]["url"], "yes");
        assert_eq!(written["version"], "1.50");
        assert_eq!(
            written["tags"],
            serde_json::json!(["on", "Off", "2024", "0x1F", "y"])
        );
        assert_eq!(written["draft"], "no");
        assert_eq!(written["empty"], Value::Null);
        assert_eq!(written["when"], "2026-03-14");
        let keys: Vec<&String> = written.as_object().expect("map").keys().collect();
        let typed_keys: Vec<&String> = typed.as_object().expect("map").keys().collect();
        assert_eq!(keys, typed_keys);
    }

    #[test]
    fn scalars_as_written_through_anchors_and_comments() {
        let raw = "a: &flag yes # a comment\nb: *flag\nc: !!str no\n";
        let written = parse_as_written(raw).expect("parses");
        assert_eq!(written["a"], "yes");
        assert_eq!(written["b"], "yes");
        assert_eq!(written["c"], "no");
        assert_eq!(parse_as_written("title: [unclosed\n"), None);
        assert_eq!(parse_as_written("\n"), None);
    }

    #[test]
    fn errors_carry_file_lines() {
        let error = parse("title: A\ntags: [a\nb: c\n", 2).unwrap_err();
        assert!(error.line.is_some_and(|line| line >= 3), "{error:?}");
    }
}
