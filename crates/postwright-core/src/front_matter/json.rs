//! JSON front matter (Hugo's bare `{ … }` object): finding its end, parsing it with
//! `serde_json`, and rewriting single members in place.

use std::ops::Range;

use serde_json::Value;

use super::{Format, FrontMatterError, KeyEditError};

/// The byte offset just past the `}` that closes the object opening `text`, if any.
pub(super) fn object_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'{') {
        return None;
    }
    skip_value(bytes, 0).filter(|&end| bytes[end - 1] == b'}')
}

/// Parses JSON front matter. `first_line` is the file line the object starts on.
pub(super) fn parse(raw: &str, first_line: usize) -> Result<Value, FrontMatterError> {
    serde_json::from_str::<Value>(raw).map_err(|error| {
        let text = error.to_string();
        let message = match text.find(" at line ") {
            Some(index) => text[..index].to_owned(),
            None => text,
        };
        let mut result = FrontMatterError::new(Format::Json, message);
        if error.line() > 0 {
            result = result.at(first_line + error.line() - 1, error.column().max(1));
        }
        result
    })
}

/// One member of the top-level object, as byte ranges of the text.
struct Member {
    key: String,
    /// From the opening quote of the key.
    key_start: usize,
    value: Range<usize>,
}

fn members(raw: &str) -> Option<Vec<Member>> {
    let bytes = raw.as_bytes();
    let mut position = skip_whitespace(bytes, 0);
    if bytes.get(position) != Some(&b'{') {
        return None;
    }
    position += 1;
    let mut result = Vec::new();
    loop {
        position = skip_whitespace(bytes, position);
        match bytes.get(position)? {
            b'}' => return Some(result),
            b',' => {
                position += 1;
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let key_start = position;
        let key_end = skip_value(bytes, position)?;
        let key: String = serde_json::from_str(&raw[key_start..key_end]).ok()?;
        position = skip_whitespace(bytes, key_end);
        if bytes.get(position) != Some(&b':') {
            return None;
        }
        let value_start = skip_whitespace(bytes, position + 1);
        let value_end = skip_value(bytes, value_start)?;
        result.push(Member {
            key,
            key_start,
            value: value_start..value_end,
        });
        position = value_end;
    }
}

fn skip_whitespace(bytes: &[u8], mut position: usize) -> usize {
    while position < bytes.len() && bytes[position].is_ascii_whitespace() {
        position += 1;
    }
    position
}

/// The end of the JSON value starting at `start`: a string, a bracketed value (matched
/// while skipping strings), or a literal running up to the next delimiter.
fn skip_value(bytes: &[u8], start: usize) -> Option<usize> {
    let mut position = start;
    match *bytes.get(position)? {
        b'"' => {
            position += 1;
            while position < bytes.len() {
                match bytes[position] {
                    b'\\' => position += 2,
                    b'"' => return Some(position + 1),
                    _ => position += 1,
                }
            }
            None
        }
        b'{' | b'[' => {
            let mut depth = 0usize;
            while position < bytes.len() {
                match bytes[position] {
                    b'"' => {
                        position = skip_value(bytes, position)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(position + 1);
                        }
                    }
                    _ => {}
                }
                position += 1;
            }
            None
        }
        _ => {
            while position < bytes.len()
                && !matches!(bytes[position], b',' | b'}' | b']')
                && !bytes[position].is_ascii_whitespace()
            {
                position += 1;
            }
            (position > start).then_some(position)
        }
    }
}

/// Indentation of the line holding byte `position`.
fn line_indent(raw: &str, position: usize) -> &str {
    let line_start = raw[..position].rfind('\n').map_or(0, |i| i + 1);
    let line = &raw[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Replaces, adds or (with `None`) removes the top-level member `key`.
pub(super) fn set_key(raw: &str, key: &str, value: Option<&Value>) -> Result<String, KeyEditError> {
    let members = members(raw).ok_or(KeyEditError::NotOneJsonObject)?;
    let index = members.iter().position(|member| member.key == key);
    let mut out = String::with_capacity(raw.len() + 64);
    match (index, value) {
        (Some(index), Some(value)) => {
            let member = &members[index];
            let old = &raw[member.value.clone()];
            let text = if old.contains('\n') {
                let indent = line_indent(raw, member.key_start);
                pretty(value, unit_indent(raw, &members), indent)
            } else {
                single_line(value)
            };
            out.push_str(&raw[..member.value.start]);
            out.push_str(&text);
            out.push_str(&raw[member.value.end..]);
        }
        (Some(index), None) => {
            let member = &members[index];
            let removed = if let Some(next) = members.get(index + 1) {
                member.key_start..next.key_start
            } else if index > 0 {
                members[index - 1].value.end..member.value.end
            } else {
                let close = raw.rfind('}').ok_or(KeyEditError::NotOneJsonObject)?;
                let open = raw.find('{').ok_or(KeyEditError::NotOneJsonObject)?;
                open + 1..close
            };
            out.push_str(&raw[..removed.start]);
            if members.len() == 1 {
                out.push('\n');
            }
            out.push_str(&raw[removed.end..]);
        }
        (None, Some(value)) => {
            let key_text = escape_separators(&Value::String(key.to_owned()).to_string());
            if let Some(last) = members.last() {
                let indent = line_indent(raw, last.key_start);
                let on_own_line = raw[..last.key_start]
                    .trim_end_matches([' ', '\t'])
                    .ends_with('\n');
                let value_text = if on_own_line {
                    pretty(value, unit_indent(raw, &members), indent)
                } else {
                    single_line(value)
                };
                out.push_str(&raw[..last.value.end]);
                if on_own_line {
                    out.push_str(",\n");
                    out.push_str(indent);
                } else {
                    out.push_str(", ");
                }
                out.push_str(&key_text);
                out.push_str(": ");
                out.push_str(&value_text);
                out.push_str(&raw[last.value.end..]);
            } else {
                let open = raw.find('{').ok_or(KeyEditError::NotOneJsonObject)?;
                let close = raw.rfind('}').ok_or(KeyEditError::NotOneJsonObject)?;
                out.push_str(&raw[..=open]);
                out.push_str("\n  ");
                out.push_str(&key_text);
                out.push_str(": ");
                out.push_str(&pretty(value, "  ", "  "));
                out.push('\n');
                out.push_str(&raw[close..]);
            }
        }
        (None, None) => out.push_str(raw),
    }
    Ok(out)
}

/// The indentation step the file uses: that of its first member on its own line.
fn unit_indent<'a>(raw: &'a str, members: &[Member]) -> &'a str {
    members
        .iter()
        .map(|member| line_indent(raw, member.key_start))
        .find(|indent| !indent.is_empty())
        .unwrap_or("  ")
}

/// A value on one line, with a space after each comma and colon.
fn single_line(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (index, (key, item)) in map.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push_str(": ");
                    write(item, out);
                }
                out.push('}');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    escape_separators(&out)
}

/// A value pretty-printed with `unit` per level, its nested lines starting at `base`.
fn pretty(value: &Value, unit: &str, base: &str) -> String {
    let mut buffer = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffer, formatter);
    if serde::Serialize::serialize(value, &mut serializer).is_err() {
        return single_line(value);
    }
    let text = String::from_utf8(buffer).unwrap_or_default();
    escape_separators(&text.replace('\n', &format!("\n{base}")))
}

/// Escapes U+2028, U+2029 and U+0085, which `serde_json` writes raw but YAML 1.1 readers
/// (Jekyll's) fold into line breaks.
fn escape_separators(json: &str) -> String {
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace('\u{85}', "\\u0085")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RAW: &str = "{\n  \"title\": \"Old\",\n  \"tags\": [\"a\", \"b\"],\n  \"extra\": {\n    \"x\": 1\n  }\n}";

    #[test]
    fn finds_the_end_of_the_object() {
        assert_eq!(object_end("{\"a\": \"}\"}\nbody"), Some(10));
        assert_eq!(object_end("{\"a\": [1, 2"), None);
    }

    #[test]
    fn replaces_in_place() {
        let out = set_key(RAW, "title", Some(&json!("New \u{2028}"))).unwrap();
        assert_eq!(out, RAW.replace("\"Old\"", "\"New \\u2028\""));
        let out = set_key(RAW, "tags", Some(&json!(["x"]))).unwrap();
        assert!(out.contains("\"tags\": [\"x\"],\n"), "{out}");
        let out = set_key(RAW, "extra", Some(&json!({"x": 2, "y": [1]}))).unwrap();
        assert!(
            out.contains("\"extra\": {\n    \"x\": 2,\n    \"y\": [\n      1\n    ]\n  }\n}"),
            "{out}"
        );
    }

    #[test]
    fn adds_and_removes() {
        let out = set_key(RAW, "draft", Some(&json!(true))).unwrap();
        assert!(out.ends_with("  },\n  \"draft\": true\n}"), "{out}");
        let out = set_key(RAW, "title", None).unwrap();
        assert!(out.starts_with("{\n  \"tags\""), "{out}");
        let out = set_key(RAW, "extra", None).unwrap();
        assert!(out.ends_with("\"b\"]\n}"), "{out}");
        assert!(parse(&out, 1).is_ok());
        let out = set_key("{}", "title", Some(&json!("T"))).unwrap();
        assert_eq!(parse(&out, 1).unwrap(), json!({"title": "T"}));
    }
}
