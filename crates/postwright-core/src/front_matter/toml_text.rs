//! TOML front matter: parsing with `toml`, and rewriting single keys with `toml_edit`, which
//! keeps comments, spacing and the order of everything it is not asked to change.

use serde_json::{Map, Number, Value};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::{Format, FrontMatterError, KeyEditError};
use crate::edit::lines::LineIndex;

/// Parses TOML front matter into a value; date-times become their TOML text.
pub(super) fn parse(raw: &str, first_line: usize) -> Result<Value, FrontMatterError> {
    match toml::from_str::<toml::Table>(raw) {
        Ok(table) => Ok(table_to_json(&table)),
        Err(error) => {
            let message = error.message().trim().trim_end_matches('.').to_owned();
            let mut result = FrontMatterError::new(Format::Toml, message);
            if let Some(span) = error.span() {
                let (line, column) = LineIndex::new(raw).line_and_column(raw, span.start);
                result = result.at(first_line + line - 1, column);
            }
            Err(result)
        }
    }
}

fn table_to_json(table: &toml::Table) -> Value {
    Value::Object(
        table
            .iter()
            .map(|(key, value)| (key.clone(), to_json(value)))
            .collect(),
    )
}

fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::Number((*number).into()),
        toml::Value::Float(number) => Number::from_f64(*number)
            .map_or_else(|| Value::String(number.to_string()), Value::Number),
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => table_to_json(table),
    }
}

/// Replaces, adds or (with `None`) removes the top-level key `key`.
pub(super) fn set_key(raw: &str, key: &str, value: Option<&Value>) -> Result<String, KeyEditError> {
    let mut document: DocumentMut = raw.parse().map_err(|error: toml_edit::TomlError| {
        KeyEditError::UnreadableToml(error.message().to_owned())
    })?;
    let root = document.as_table_mut();
    match value {
        None => {
            root.remove(key);
        }
        Some(value) => {
            let new_key = !root.contains_key(key);
            let date_hint = new_key && is_date_key(key);
            match root.get_mut(key) {
                Some(existing) => update_item(existing, value),
                None => {
                    root.insert(key, new_item(value, date_hint));
                }
            }
        }
    }
    let mut text = document.to_string();
    if raw.ends_with('\n') && !text.ends_with('\n') && !text.is_empty() {
        text.push('\n');
    }
    Ok(text)
}

fn is_date_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.ends_with("date") || matches!(lower.as_str(), "updated" | "lastmod")
}

/// Changes an item in place, keeping its kind (table, array of tables, inline value) and
/// the comments and spacing around it.
fn update_item(item: &mut Item, value: &Value) {
    match (&mut *item, value) {
        (Item::Table(table), Value::Object(map)) => update_table(table, map),
        (Item::ArrayOfTables(array), Value::Array(items)) if items.iter().all(Value::is_object) => {
            let mut tables = ArrayOfTables::new();
            for (index, entry) in items.iter().enumerate() {
                let Value::Object(map) = entry else { continue };
                let mut table = array.get(index).cloned().unwrap_or_default();
                update_table(&mut table, map);
                tables.push(table);
            }
            *array = tables;
        }
        (Item::Value(old), _) => {
            let date_hint = old.is_datetime();
            let decor = old.decor().clone();
            let Item::Value(mut replacement) = new_inline(value, date_hint) else {
                *item = new_item(value, date_hint);
                return;
            };
            *replacement.decor_mut() = decor;
            *old = replacement;
        }
        _ => *item = new_item(value, false),
    }
}

fn update_table(table: &mut Table, map: &Map<String, Value>) {
    let stale: Vec<String> = table
        .iter()
        .map(|(key, _)| key.to_owned())
        .filter(|key| !map.contains_key(key))
        .collect();
    for key in stale {
        table.remove(&key);
    }
    for (key, value) in map {
        if value.is_null() {
            table.remove(key);
            continue;
        }
        match table.get_mut(key) {
            Some(existing) => update_item(existing, value),
            None => {
                table.insert(key, new_item(value, false));
            }
        }
    }
}

/// A new item: maps become `[tables]`, lists of maps `[[arrays of tables]]`, the rest
/// inline values.
fn new_item(value: &Value, date_hint: bool) -> Item {
    match value {
        Value::Object(map) => {
            let mut table = Table::new();
            for (key, value) in map {
                if !value.is_null() {
                    table.insert(key, new_item(value, false));
                }
            }
            Item::Table(table)
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut array = ArrayOfTables::new();
            for entry in items {
                if let Item::Table(table) = new_item(entry, false) {
                    array.push(table);
                }
            }
            Item::ArrayOfTables(array)
        }
        other => new_inline(other, date_hint),
    }
}

fn new_inline(value: &Value, date_hint: bool) -> Item {
    match to_toml_value(value, date_hint) {
        Some(value) => Item::Value(value),
        None => Item::None,
    }
}

fn to_toml_value(value: &Value, date_hint: bool) -> Option<toml_edit::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(flag) => (*flag).into(),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => integer.into(),
            None => number.as_f64()?.into(),
        },
        Value::String(text) => {
            if date_hint
                && let Ok(datetime) = text.parse::<toml_edit::Datetime>()
                && datetime.to_string() == *text
            {
                datetime.into()
            } else if text.contains(['\n', '\r']) {
                one_line_string(text).unwrap_or_else(|| text.as_str().into())
            } else {
                text.as_str().into()
            }
        }
        Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                if let Some(value) = to_toml_value(item, false) {
                    array.push(value);
                }
            }
            array.into()
        }
        Value::Object(map) => {
            let mut table = toml_edit::InlineTable::new();
            for (key, item) in map {
                if let Some(value) = to_toml_value(item, false) {
                    table.insert(key, value);
                }
            }
            table.into()
        }
    })
}

/// `text` as a one-line basic string, line breaks escaped. toml_edit writes strings with
/// line breaks as multi-line `"""` strings, and a line of one that reads `+++` would end
/// the front matter when the file is read again.
fn one_line_string(text: &str) -> Option<toml_edit::Value> {
    let mut quoted = String::with_capacity(text.len() + 8);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            // The other characters TOML forbids raw in a basic string.
            '\u{0}'..='\u{1f}' | '\u{7f}' => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    // Parsed, the value keeps this spelling when the document is written.
    quoted.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_datetimes_and_tables() {
        let raw = "# Post\ntitle = \"Old\" # the title\ndate = 2026-05-02T08:00:00Z\n\n[author]\nname = \"Ada\"\nrole = \"Editor\"\n";
        let out = set_key(raw, "title", Some(&Value::String("New".into()))).unwrap();
        assert_eq!(out, raw.replace("\"Old\"", "\"New\""));
        let out = set_key(
            raw,
            "date",
            Some(&Value::String("2026-06-01T10:00:00Z".into())),
        )
        .unwrap();
        assert!(out.contains("date = 2026-06-01T10:00:00Z\n"), "{out}");
        let author = serde_json::json!({"name": "Ada", "role": "Lead editor"});
        let out = set_key(raw, "author", Some(&author)).unwrap();
        assert!(
            out.ends_with("[author]\nname = \"Ada\"\nrole = \"Lead editor\"\n"),
            "{out}"
        );
        assert_eq!(parse(&out, 2).unwrap()["author"], author);
    }

    #[test]
    fn error_names_the_file_line() {
        let error = parse("title = \"A\"\ntags = [\n", 2).unwrap_err();
        assert_eq!(error.format, Format::Toml);
        assert!(error.line.is_some_and(|line| line >= 3), "{error:?}");
    }
}
