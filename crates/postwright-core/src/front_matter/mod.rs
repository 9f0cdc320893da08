//! Front matter: finding it at the top of a post, parsing it, and rewriting single keys.
//!
//! A post may open with YAML between `---` lines, TOML between `+++` lines, or a bare JSON
//! object (Hugo's `{ … }` form). Parsing turns any of them into one ordered map of
//! [`serde_json::Value`]s, so the rest of the program sees a single shape. Editing never
//! re-serialises the whole block: [`FrontMatter::set_keys`] replaces only the entries whose
//! value changed, in the file's own format, so comments, quoting and the order of every
//! other key survive byte for byte.

mod json;
mod toml_text;
mod yaml;

use std::fmt;

use serde_json::{Map, Value};

/// The ordered key/value map that every front-matter format is parsed into.
pub type FieldMap = Map<String, Value>;

/// The syntax of a post's front matter.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// YAML between `---` lines (Jekyll, Hugo, Eleventy, Astro); the default for new posts.
    #[default]
    Yaml,
    /// TOML between `+++` lines (Hugo, Zola).
    Toml,
    /// A bare JSON object at the top of the file (Hugo).
    Json,
}

impl Format {
    /// The name shown to authors.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }

    /// The opening and closing lines (without line ending) of a front-matter block, if the
    /// format is fenced by delimiter lines.
    fn fence(self) -> Option<&'static str> {
        match self {
            Format::Yaml => Some("---"),
            Format::Toml => Some("+++"),
            Format::Json => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a post's front matter, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    /// The syntax the front matter was read as.
    pub format: Format,
    /// 1-based line in the post file, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What is wrong, in words an author understands.
    pub message: String,
}

impl FrontMatterError {
    fn new(format: Format, message: impl Into<String>) -> Self {
        Self {
            format,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} front matter", self.format)?;
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, ", line {line}, column {column}")?,
            (Some(line), None) => write!(f, ", line {line}")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FrontMatterError {}

/// Why one key could not be rewritten in the front matter's own syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyEditError {
    /// YAML that is not a plain list of `key: value` lines.
    NotPlainYaml,
    /// TOML that does not parse; holds the parser's message.
    UnreadableToml(String),
    /// JSON that is not a single object.
    NotOneJsonObject,
}

impl fmt::Display for KeyEditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyEditError::NotPlainYaml => f.write_str(
                "this YAML front matter is not a plain list of `key: value` lines, so \
                 Postwright cannot change one key without rewriting the rest",
            ),
            KeyEditError::UnreadableToml(message) => f.write_str(message),
            KeyEditError::NotOneJsonObject => {
                f.write_str("the JSON front matter is not a single object")
            }
        }
    }
}

/// A front-matter block found at the top of a post: its exact text and what it says.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    format: Format,
    /// The opening line, with its line ending (`"---\n"`); empty for JSON.
    open: String,
    /// The text between the delimiters, verbatim (for JSON, the object itself).
    raw: String,
    /// The closing line with its line ending (`"---\n"`), or for JSON whatever follows the
    /// closing brace on its line.
    close: String,
    /// 1-based line of the file on which `raw` starts.
    first_line: usize,
    /// The parsed map, or why it could not be parsed.
    parsed: Result<FieldMap, FrontMatterError>,
    /// For YAML, the parsed map with booleans and numbers as the text they were written
    /// with (see [`FrontMatter::fields_as_written`]).
    as_written: Option<FieldMap>,
}

/// The result of looking for front matter at the top of a post.
#[derive(Debug)]
pub struct Split<'a> {
    /// The front matter, when the post has one.
    pub front_matter: Option<FrontMatter>,
    /// The Markdown body: everything after the front matter.
    pub body: &'a str,
    /// A block that looks like front matter but could not be delimited (for example a
    /// `---` with no closing line). The whole text is then the body.
    pub unterminated: Option<FrontMatterError>,
}

/// Splits front matter from the body. `text` has LF line endings and no byte-order mark.
///
/// The body is always a suffix of `text`; the front matter, when present, is the prefix,
/// kept verbatim so that writing it back gives the same bytes.
pub fn split(text: &str) -> Split<'_> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first_line = text[..first_line_end].trim_end_matches('\n');
    for format in [Format::Yaml, Format::Toml] {
        let Some(fence) = format.fence() else {
            continue;
        };
        if first_line.trim_end() != fence {
            continue;
        }
        let mut line_start = first_line_end;
        while line_start < text.len() {
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i + 1);
            if text[line_start..line_end].trim_end() == fence {
                let raw = &text[first_line_end..line_start];
                let front_matter = FrontMatter::from_parts(
                    format,
                    text[..first_line_end].to_owned(),
                    raw.to_owned(),
                    text[line_start..line_end].to_owned(),
                    2,
                );
                return Split {
                    front_matter: Some(front_matter),
                    body: &text[line_end..],
                    unterminated: None,
                };
            }
            line_start = line_end;
        }
        let message = format!(
            "the front matter that starts on line 1 has no closing `{fence}` line, so the whole \
             file is shown as the body; add a `{fence}` line after the last key"
        );
        return Split {
            front_matter: None,
            body: text,
            unterminated: Some(FrontMatterError::new(format, message).at(1, 1)),
        };
    }
    if text.starts_with('{') {
        return match json::object_end(text) {
            Some(end) => {
                let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                let trailing = &text[end..line_end];
                if trailing.trim().is_empty() {
                    let front_matter = FrontMatter::from_parts(
                        Format::Json,
                        String::new(),
                        text[..end].to_owned(),
                        trailing.to_owned(),
                        1,
                    );
                    Split {
                        front_matter: Some(front_matter),
                        body: &text[line_end..],
                        unterminated: None,
                    }
                } else {
                    // `{` opens a line of ordinary text: no front matter at all.
                    Split {
                        front_matter: None,
                        body: text,
                        unterminated: None,
                    }
                }
            }
            None => Split {
                front_matter: None,
                body: text,
                unterminated: Some(
                    FrontMatterError::new(
                        Format::Json,
                        "the JSON front matter that starts on line 1 is never closed, so the \
                         whole file is shown as the body; add the closing `}`",
                    )
                    .at(1, 1),
                ),
            },
        };
    }
    Split {
        front_matter: None,
        body: text,
        unterminated: None,
    }
}

impl FrontMatter {
    fn from_parts(
        format: Format,
        open: String,
        raw: String,
        close: String,
        first_line: usize,
    ) -> Self {
        let parsed = parse(format, &raw, first_line);
        let as_written = parse_as_written(format, &raw, &parsed);
        Self {
            format,
            open,
            raw,
            close,
            first_line,
            parsed,
            as_written,
        }
    }

    /// A new, empty front-matter block in `format`, as written for a post that had none.
    pub fn empty(format: Format) -> Self {
        let (open, raw, close) = match format {
            Format::Yaml => ("---\n", "", "---\n"),
            Format::Toml => ("+++\n", "", "+++\n"),
            Format::Json => ("", "{\n}", "\n"),
        };
        Self::from_parts(
            format,
            open.to_owned(),
            raw.to_owned(),
            close.to_owned(),
            if format == Format::Json { 1 } else { 2 },
        )
    }

    /// The syntax of this block.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The text between the delimiters, exactly as in the file.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed keys and values, or what is wrong with the block.
    pub fn fields(&self) -> Result<&FieldMap, &FrontMatterError> {
        self.parsed.as_ref()
    }

    /// The parsed map with each scalar as the author wrote it: YAML reads `lang: no` as
    /// `false` and `title: 1.50` as `1.5` in [`FrontMatter::fields`], and as `"no"` and
    /// `"1.50"` here. For the fields that hold text. `None` for TOML and JSON, whose
    /// values are typed as written, and while the block has an error.
    pub fn fields_as_written(&self) -> Option<&FieldMap> {
        self.as_written.as_ref()
    }

    /// The error, if the block could not be parsed.
    pub fn error(&self) -> Option<&FrontMatterError> {
        self.parsed.as_ref().err()
    }

    /// The whole block as it appears in the file: delimiters, text, and the line break
    /// after it.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(&self.open);
        out.push_str(&self.raw);
        out.push_str(&self.close);
    }

    /// The number of lines the whole block occupies in the file.
    pub fn line_count(&self) -> usize {
        let newlines = |s: &str| s.bytes().filter(|&b| b == b'\n').count();
        newlines(&self.open) + newlines(&self.raw) + newlines(&self.close)
    }

    /// Replaces the text between the delimiters (for example after the author fixed a
    /// syntax error by hand) and parses it again.
    pub fn set_raw(&mut self, raw: String) {
        self.parsed = parse(self.format, &raw, self.first_line);
        self.as_written = parse_as_written(self.format, &raw, &self.parsed);
        self.raw = raw;
    }

    /// Sets, replaces or removes (`None`) top-level keys, rewriting only their entries.
    ///
    /// Keys already present keep their position; new keys go at the end. The result is
    /// parsed again and must equal the old map with exactly these changes applied;
    /// otherwise nothing changes and an error says so. Refused while the block has a
    /// syntax error, since there is no map to edit safely.
    pub fn set_keys(
        &mut self,
        changes: &[(String, Option<Value>)],
    ) -> Result<(), FrontMatterError> {
        let current = match &self.parsed {
            Ok(map) => map,
            Err(error) => return Err(error.clone()),
        };
        if changes.is_empty() {
            return Ok(());
        }
        let mut raw = self.raw.clone();
        for (key, value) in changes {
            raw = match self.format {
                Format::Yaml => yaml::set_key(&raw, key, value.as_ref()),
                Format::Toml => toml_text::set_key(&raw, key, value.as_ref()),
                Format::Json => json::set_key(&raw, key, value.as_ref()),
            }
            .map_err(|error| FrontMatterError::new(self.format, error.to_string()))?;
        }
        let reparsed = parse(self.format, &raw, self.first_line)?;
        let mut expected = current.clone();
        for (key, value) in changes {
            match value {
                Some(value) => {
                    expected.insert(key.clone(), value.clone());
                }
                None => {
                    expected.shift_remove(key);
                }
            }
        }
        // The block must still end at its own closing line when the file is read again: a
        // value with a line of its own reading `+++` or `---` would end it early.
        let written = format!("{}{raw}{}", self.open, self.close);
        if split(&written).front_matter.map(|block| block.raw) != Some(raw.clone()) {
            return Err(FrontMatterError::new(
                self.format,
                "the change would put a line into the front matter that ends it early, so \
                 the front matter was left as it was; remove the line break from the value",
            ));
        }
        if !same_fields(&reparsed, &expected, self.format) {
            return Err(FrontMatterError::new(
                self.format,
                "the change could not be written without altering other keys, so the front \
                 matter was left as it was; edit it in the front-matter source instead",
            ));
        }
        self.parsed = Ok(reparsed);
        self.as_written = parse_as_written(self.format, &raw, &self.parsed);
        self.raw = raw;
        Ok(())
    }
}

/// Compares two maps as the format would read them back. TOML has no null, and its
/// date-times come back as strings, so both sides are normalised the same way.
fn same_fields(actual: &FieldMap, expected: &FieldMap, format: Format) -> bool {
    if format != Format::Toml {
        return actual == expected;
    }
    fn strip_nulls(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip_nulls(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip_nulls).collect()),
            other => other.clone(),
        }
    }
    strip_nulls(&Value::Object(actual.clone())) == strip_nulls(&Value::Object(expected.clone()))
}

/// Parses the text of a front-matter block into a map. `first_line` is the 1-based line of
/// the file on which `raw` starts, so that errors point into the file the author sees.
pub fn parse(format: Format, raw: &str, first_line: usize) -> Result<FieldMap, FrontMatterError> {
    let value = match format {
        Format::Yaml => yaml::parse(raw, first_line)?,
        Format::Toml => toml_text::parse(raw, first_line)?,
        Format::Json => json::parse(raw, first_line)?,
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(FieldMap::new()),
        other => Err(FrontMatterError::new(
            format,
            format!(
                "front matter must be a set of `key: value` pairs, but this one is {}",
                describe(&other)
            ),
        )
        .at(first_line, 1)),
    }
}

/// The map of [`FrontMatter::fields_as_written`]: for a YAML block that parsed, its
/// scalars as written.
fn parse_as_written(
    format: Format,
    raw: &str,
    parsed: &Result<FieldMap, FrontMatterError>,
) -> Option<FieldMap> {
    if format != Format::Yaml || parsed.is_err() {
        return None;
    }
    match yaml::parse_as_written(raw)? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a single true/false value",
        Value::Number(_) => "a single number",
        Value::String(_) => "a single piece of text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_each_format_and_keeps_the_bytes() {
        let cases = [
            ("---\ntitle: A\n---\nBody\n", Some(Format::Yaml), "Body\n"),
            (
                "+++\ntitle = 'A'\n+++\n\nBody",
                Some(Format::Toml),
                "\nBody",
            ),
            (
                "{\n  \"title\": \"A\"\n}\n\nBody\n",
                Some(Format::Json),
                "\nBody\n",
            ),
            ("# Just a post\n", None, "# Just a post\n"),
            (
                "{not json at all} and text\n",
                None,
                "{not json at all} and text\n",
            ),
        ];
        for (text, format, body) in cases {
            let split = split(text);
            assert_eq!(
                split.front_matter.as_ref().map(|f| f.format()),
                format,
                "{text:?}"
            );
            assert_eq!(split.body, body, "{text:?}");
            let mut rebuilt = String::new();
            if let Some(front_matter) = &split.front_matter {
                front_matter.write_to(&mut rebuilt);
            }
            rebuilt.push_str(split.body);
            assert_eq!(rebuilt, text);
        }
    }

    #[test]
    fn unterminated_yaml_keeps_everything_as_body() {
        let text = "---\ntitle: A\nno end here\n";
        let split = split(text);
        assert!(split.front_matter.is_none());
        assert_eq!(split.body, text);
        let error = split.unterminated.expect("an error");
        assert!(error.message.contains("no closing `---`"), "{error}");
    }
}
