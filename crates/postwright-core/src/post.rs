//! The post: its text split into front matter and Markdown body, its metadata, and how to
//! write it back byte for byte.
//!
//! In memory a post always uses LF line endings and has no byte-order mark; [`TextLayout`]
//! remembers what the file had, and [`Post::to_text`] puts it back. Opening and saving a
//! post with no edit therefore gives the same bytes, and editing one part (metadata or
//! body) leaves the other part's bytes alone.

use crate::front_matter::{self, Format, FrontMatter, FrontMatterError};
use crate::metadata::Metadata;

/// The line ending a file uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`, the default for new posts.
    #[default]
    Lf,
    /// `\r\n` on every line.
    CrLf,
}

/// How the file's text was laid out, restored on save.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextLayout {
    /// The file began with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The line ending, when the file used one consistently. Files that mix both are kept
    /// as they are (their `\r` characters stay in the text).
    pub line_ending: LineEnding,
}

const BOM: char = '\u{feff}';

/// A blog post: front matter (if any), body, and the layout of the file it came from.
#[derive(Clone, Debug, Default)]
pub struct Post {
    layout: TextLayout,
    front_matter: Option<FrontMatter>,
    /// A block at the top that looked like front matter but was never closed.
    unterminated: Option<FrontMatterError>,
    body: String,
    metadata: Metadata,
    /// The format a front-matter block is created in when a post without one gains
    /// metadata.
    new_front_matter_format: Format,
    /// Names the front matter's content: see [`Post::front_matter_revision`].
    front_matter_revision: u64,
}

/// Hands out front-matter revisions, unique across every post of the process.
static FRONT_MATTER_REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Post {
    /// Reads a post from the text of its file.
    pub fn parse(text: &str) -> Self {
        let (bom, text) = match text.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let crlf = text.contains("\r\n") && !has_lone_lf(text);
        let normalised;
        let text = if crlf {
            normalised = text.replace("\r\n", "\n");
            normalised.as_str()
        } else {
            text
        };
        let split = front_matter::split(text);
        let mut post = Self {
            layout: TextLayout {
                bom,
                line_ending: if crlf {
                    LineEnding::CrLf
                } else {
                    LineEnding::Lf
                },
            },
            front_matter: split.front_matter,
            unterminated: split.unterminated,
            body: split.body.to_owned(),
            metadata: Metadata::default(),
            new_front_matter_format: Format::default(),
            front_matter_revision: 0,
        };
        post.refresh_metadata();
        post
    }

    /// A new, empty post whose front matter, once the author sets metadata, uses `format`.
    pub fn new(format: Format) -> Self {
        Self {
            new_front_matter_format: format,
            ..Self::default()
        }
    }

    /// Chooses the format of the front matter created when a post without one gains
    /// metadata. Posts that have front matter keep theirs.
    pub fn set_new_front_matter_format(&mut self, format: Format) {
        self.new_front_matter_format = format;
    }

    /// The full text of the file, with the original byte-order mark and line endings.
    pub fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.body.len() + 512);
        if self.layout.bom {
            text.push(BOM);
        }
        if let Some(front_matter) = &self.front_matter {
            front_matter.write_to(&mut text);
        }
        text.push_str(&self.body);
        match self.layout.line_ending {
            LineEnding::Lf => text,
            LineEnding::CrLf => text.replace('\n', "\r\n"),
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The Markdown body, for the editor to change in place.
    pub fn body_mut(&mut self) -> &mut String {
        &mut self.body
    }

    /// Replaces the body.
    pub fn set_body(&mut self, body: String) {
        self.body = body;
    }

    /// The file layout (byte-order mark, line endings).
    pub fn layout(&self) -> TextLayout {
        self.layout
    }

    /// The front-matter block, if the post has one.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// The metadata the form shows. Empty when the post has no front matter or it cannot
    /// be parsed.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// What is wrong with the front matter, if anything.
    pub fn front_matter_error(&self) -> Option<&FrontMatterError> {
        self.unterminated
            .as_ref()
            .or_else(|| self.front_matter.as_ref().and_then(FrontMatter::error))
    }

    /// Whether metadata can be edited through the form: only while the front matter
    /// parses, since otherwise there is no map to change safely.
    pub fn metadata_editable(&self) -> bool {
        self.front_matter_error().is_none()
    }

    /// Applies the form's metadata, rewriting only the keys whose values changed. A post
    /// with no front matter gains one (see [`Post::set_new_front_matter_format`]).
    pub fn set_metadata(&mut self, edited: &Metadata) -> Result<(), FrontMatterError> {
        if *edited == self.metadata {
            return Ok(());
        }
        if let Some(error) = self.front_matter_error() {
            return Err(error.clone());
        }
        let changes = match self.front_matter.as_ref().map(FrontMatter::fields) {
            Some(Ok(fields)) => self.metadata.changes_to(edited, fields),
            Some(Err(error)) => return Err(error.clone()),
            None => self
                .metadata
                .changes_to(edited, &front_matter::FieldMap::new()),
        };
        self.set_front_matter_keys(&changes)
    }

    /// Sets, replaces or removes (`None`) top-level front-matter keys the form does not
    /// show (such as the `wordpress` key a publish writes), in the file's own syntax and
    /// touching no other key. A post with no front matter gains one.
    pub fn set_front_matter_keys(
        &mut self,
        changes: &[(String, Option<serde_json::Value>)],
    ) -> Result<(), FrontMatterError> {
        if let Some(error) = self.front_matter_error() {
            return Err(error.clone());
        }
        if changes.is_empty() {
            return Ok(());
        }
        // Work on a copy, so that a refused change leaves the post exactly as it was.
        let mut front_matter = match &self.front_matter {
            Some(front_matter) => front_matter.clone(),
            None => FrontMatter::empty(self.new_front_matter_format),
        };
        front_matter.set_keys(changes)?;
        self.front_matter = Some(front_matter);
        self.refresh_metadata();
        Ok(())
    }

    /// Replaces the raw front-matter text (the author editing it by hand) and parses it
    /// again. A post without front matter gains a block.
    pub fn set_front_matter_raw(&mut self, raw: String) {
        let format = self.new_front_matter_format;
        let front_matter = self
            .front_matter
            .get_or_insert_with(|| FrontMatter::empty(format));
        front_matter.set_raw(raw);
        self.refresh_metadata();
    }

    /// A number that changes whenever the front matter does, and is never shared by two
    /// different front matters (a clone shares its original's): what was derived from
    /// the front matter at one revision holds for as long as the revision is the same.
    pub fn front_matter_revision(&self) -> u64 {
        self.front_matter_revision
    }

    fn refresh_metadata(&mut self) {
        self.front_matter_revision =
            FRONT_MATTER_REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.metadata = match &self.front_matter {
            Some(front_matter) => match front_matter.fields() {
                Ok(fields) => Metadata::read(fields, front_matter.fields_as_written()),
                Err(_) => Metadata::default(),
            },
            None => Metadata::default(),
        };
    }

    /// The 1-based file line on which the body starts.
    pub fn body_first_line(&self) -> usize {
        1 + self
            .front_matter
            .as_ref()
            .map_or(0, FrontMatter::line_count)
    }
}

fn has_lone_lf(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(index, &byte)| byte == b'\n' && (index == 0 || bytes[index - 1] != b'\r'))
}
