//! Markdown syntax highlighting for the editor, line by line.
//!
//! The editor colours the source as the author types: headings, emphasis, code spans and
//! fences, links and their URLs, list and quote markers, raw HTML. A line's colours depend
//! only on its text and on whether it starts inside a fenced code block
//! ([`LineState`]), so the editor re-reads only the lines an edit touched (and any lines
//! whose fence state the edit flipped) with [`highlight_line`].

use std::ops::Range;

/// What a stretch of Markdown source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Kind {
    /// Ordinary text.
    Text,
    /// Heading text (its level is the line's [`LineHighlight::heading`]).
    Heading,
    /// Markup characters: `#`, `*`, `_`, `~~`, backticks, brackets, `>`, escapes.
    Marker,
    /// `*emphasis*`.
    Emphasis,
    /// `**strong**`.
    Strong,
    /// `***both***`.
    StrongEmphasis,
    /// `~~struck~~`.
    Strikethrough,
    /// `` `code` `` and code block content.
    Code,
    /// The language of a fenced block.
    FenceInfo,
    /// Link text and image alt text.
    LinkText,
    /// Link and image destinations, autolinks and bare URLs.
    Url,
    /// List bullets and numbers, task boxes.
    ListMarker,
    /// Quoted text.
    Quote,
    /// Raw HTML.
    Html,
    /// Thematic breaks and table delimiter rows.
    Rule,
}

/// The state a line starts in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LineState {
    /// Ordinary Markdown.
    #[default]
    Normal,
    /// Inside a fenced code block opened by `len` characters `marker`.
    Fence {
        /// `` ` `` or `~`.
        marker: u8,
        /// Length of the opening run.
        len: u8,
    },
}

/// The colours of one line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineHighlight {
    /// Stretches of the line (byte ranges within it) and what they are; they cover the line
    /// in order, without gaps.
    pub spans: Vec<(Range<usize>, Kind)>,
    /// Heading level, when the line is an ATX heading.
    pub heading: Option<u8>,
    /// The state the next line starts in.
    pub end_state: LineState,
}

/// Highlights one line (without its line ending) that starts in `state`.
pub fn highlight_line(line: &str, state: LineState) -> LineHighlight {
    let mut paint = Painter::new(line);
    let mut heading = None;
    let mut end_state = LineState::Normal;
    let bytes = line.as_bytes();
    let indent = line.len() - line.trim_start_matches(' ').len();
    let trimmed = &line[indent..];

    if let LineState::Fence { marker, len } = state {
        let run = trimmed.bytes().take_while(|&b| b == marker).count();
        if indent <= 3 && run >= usize::from(len) && trimmed[run..].trim().is_empty() {
            paint.set(0..line.len(), Kind::Marker);
        } else {
            paint.set(0..line.len(), Kind::Code);
            end_state = state;
        }
        return paint.finish(heading, end_state);
    }

    if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
        let marker = trimmed.as_bytes()[0];
        let run = trimmed.bytes().take_while(|&b| b == marker).count();
        let info = &trimmed[run..];
        if !(marker == b'`' && info.contains('`')) {
            paint.set(0..indent + run, Kind::Marker);
            paint.set(indent + run..line.len(), Kind::FenceInfo);
            let len = u8::try_from(run).unwrap_or(u8::MAX);
            return paint.finish(heading, LineState::Fence { marker, len });
        }
    }

    if indent <= 3 && is_thematic_break(trimmed) {
        paint.set(0..line.len(), Kind::Rule);
        return paint.finish(heading, end_state);
    }

    // Block quote markers, possibly nested: `> > text`.
    let mut position = indent;
    let mut quoted = false;
    while position < bytes.len() && bytes[position] == b'>' {
        quoted = true;
        paint.set(position..position + 1, Kind::Marker);
        position += 1;
        while position < bytes.len() && bytes[position] == b' ' {
            position += 1;
        }
    }
    if quoted {
        paint.set(position..line.len(), Kind::Quote);
    }
    let content_start = position;
    let content = &line[content_start..];

    // ATX headings.
    let hashes = content.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && (content.len() == hashes || content.as_bytes()[hashes] == b' ')
    {
        heading = Some(u8::try_from(hashes).unwrap_or(6));
        paint.set(content_start..line.len(), Kind::Heading);
        paint.set(content_start..content_start + hashes, Kind::Marker);
        // A closing run of `#` and a `{#id}` attribute are markup too.
        let text_end = content.trim_end().trim_end_matches('#').trim_end().len();
        if content_start + text_end < line.len() {
            paint.set(content_start + text_end..line.len(), Kind::Marker);
        }
        if let Some(attribute) = content[..text_end].rfind(" {")
            && content[..text_end].ends_with('}')
        {
            paint.set(
                content_start + attribute + 1..content_start + text_end,
                Kind::Marker,
            );
        }
        inline(
            &mut paint,
            line,
            content_start + hashes..content_start + text_end,
            true,
        );
        return paint.finish(heading, end_state);
    }

    // Setext underlines.
    if !content.is_empty() && content.trim_end().bytes().all(|b| b == b'=') {
        paint.set(0..line.len(), Kind::Marker);
        return paint.finish(heading, end_state);
    }

    // Table delimiter rows: | --- | :---: |
    if content.contains('-')
        && content.contains('|')
        && content
            .trim()
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
    {
        paint.set(0..line.len(), Kind::Rule);
        return paint.finish(heading, end_state);
    }

    // List markers and task boxes.
    let mut inline_start = content_start;
    let list_indent = content.len() - content.trim_start_matches(' ').len();
    let item = &content[list_indent..];
    let marker_len = list_marker_len(item);
    if marker_len > 0 {
        let start = content_start + list_indent;
        paint.set(start..start + marker_len, Kind::ListMarker);
        inline_start = start + marker_len;
        let after = &line[inline_start..];
        let after_trimmed = after.trim_start_matches(' ');
        let spaces = after.len() - after_trimmed.len();
        for task in ["[ ]", "[x]", "[X]"] {
            if after_trimmed.starts_with(task) {
                let task_start = inline_start + spaces;
                paint.set(task_start..task_start + 3, Kind::ListMarker);
                inline_start = task_start + 3;
            }
        }
    }

    // Link reference and footnote definitions: [label]: destination
    let rest = &line[inline_start..];
    if rest.starts_with('[')
        && let Some(close) = rest.find("]:")
    {
        let label_end = inline_start + close + 2;
        paint.set(inline_start..label_end, Kind::Marker);
        paint.set(inline_start + 1..inline_start + close, Kind::LinkText);
        if !rest[1..].starts_with('^') {
            paint.set(label_end..line.len(), Kind::Url);
            return paint.finish(heading, end_state);
        }
        inline_start = label_end;
    }

    // A line that starts with an HTML tag is most likely raw HTML.
    if rest.starts_with('<')
        && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        && !is_autolink_start(rest)
    {
        paint.set(inline_start..line.len(), Kind::Html);
        return paint.finish(heading, end_state);
    }

    inline(&mut paint, line, inline_start..line.len(), false);
    paint.finish(heading, end_state)
}

/// The state the line after `line` starts in: the same as
/// `highlight_line(line, state).end_state`, without highlighting the line. Cheap enough to
/// run over every line of a long text to learn where fenced code blocks are.
pub fn line_end_state(line: &str, state: LineState) -> LineState {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let trimmed = &line[indent..];
    if let LineState::Fence { marker, len } = state {
        let run = trimmed.bytes().take_while(|&b| b == marker).count();
        if indent <= 3 && run >= usize::from(len) && trimmed[run..].trim().is_empty() {
            return LineState::Normal;
        }
        return state;
    }
    if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
        let marker = trimmed.as_bytes()[0];
        let run = trimmed.bytes().take_while(|&b| b == marker).count();
        if !(marker == b'`' && trimmed[run..].contains('`')) {
            let len = u8::try_from(run).unwrap_or(u8::MAX);
            return LineState::Fence { marker, len };
        }
    }
    LineState::Normal
}

fn is_thematic_break(text: &str) -> bool {
    let text = text.trim_end();
    let Some(first) = text.bytes().next() else {
        return false;
    };
    matches!(first, b'-' | b'*' | b'_')
        && text.bytes().filter(|&b| b == first).count() >= 3
        && text.bytes().all(|b| b == first || b == b' ' || b == b'\t')
}

fn list_marker_len(item: &str) -> usize {
    let bytes = item.as_bytes();
    match bytes.first() {
        Some(b'-' | b'*' | b'+') if bytes.get(1).is_none_or(|&b| b == b' ') => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')')
                    if digits <= 9 && bytes.get(digits + 1).is_none_or(|&b| b == b' ') =>
                {
                    digits + 1
                }
                _ => 0,
            }
        }
        _ => 0,
    }
}

fn is_autolink_start(text: &str) -> bool {
    let inner = &text[1..];
    let end = inner.find('>').unwrap_or(inner.len());
    let candidate = &inner[..end];
    (candidate.contains("://") || candidate.contains('@')) && !candidate.contains(' ')
}

/// Paints the inline syntax of `line[range]`: code spans first (nothing inside them is
/// markup), then links, autolinks, bare URLs, HTML tags, emphasis and escapes.
fn inline(paint: &mut Painter, line: &str, range: Range<usize>, in_heading: bool) {
    let bytes = line.as_bytes();
    let mut protected = Protected::default();
    let brackets = Matches::of(bytes, range.clone(), b'[', b']');
    let parens = Matches::of(bytes, range.clone(), b'(', b')');
    let backticks = BacktickRuns::of(bytes, range.clone());
    let mut position = range.start;
    // Code spans.
    while position < range.end {
        match bytes[position] {
            b'\\' => position += 2,
            b'`' => {
                let run = bytes[position..range.end]
                    .iter()
                    .take_while(|&&b| b == b'`')
                    .count();
                let after = position + run;
                let close = backticks.closing(position, run);
                match close {
                    Some(close) => {
                        paint.set(position..after, Kind::Marker);
                        paint.set(after..close, Kind::Code);
                        paint.set(close..close + run, Kind::Marker);
                        protected.add(position..close + run);
                        position = close + run;
                    }
                    None => position = after,
                }
            }
            _ => position += 1,
        }
    }
    let free = |index: usize, protected: &Protected| !protected.contains(index);

    // Links and images: [text](url), ![alt](src), [text][ref], footnote references [^1].
    let mut position = range.start;
    while position < range.end {
        if bytes[position] == b'\\' {
            position += 2;
            continue;
        }
        if bytes[position] == b'[' && free(position, &protected) {
            let image = position > range.start && bytes[position - 1] == b'!';
            if let Some(close) = brackets.closing(position) {
                let open = if image { position - 1 } else { position };
                let after = close + 1;
                if after < range.end && bytes[after] == b'(' {
                    if let Some(end) = parens
                        .closing(after)
                        .filter(|&end| destination_fits(bytes, after, end))
                    {
                        paint.set(open..position + 1, Kind::Marker);
                        paint.set(position + 1..close, Kind::LinkText);
                        paint.set(close..after + 1, Kind::Marker);
                        paint.set(after + 1..end, Kind::Url);
                        paint.set(end..end + 1, Kind::Marker);
                        protected.add(after..end + 1);
                        position += 1;
                        continue;
                    }
                } else if after < range.end && bytes[after] == b'[' {
                    if let Some(end) = brackets.closing(after) {
                        paint.set(open..position + 1, Kind::Marker);
                        paint.set(position + 1..close, Kind::LinkText);
                        paint.set(close..end + 1, Kind::Marker);
                        position += 1;
                        continue;
                    }
                } else if bytes.get(position + 1) == Some(&b'^') {
                    paint.set(position..close + 1, Kind::Marker);
                    position = close + 1;
                    continue;
                }
            }
        }
        position += 1;
    }

    // Autolinks, bare URLs and inline HTML tags.
    let mut position = range.start;
    while position < range.end {
        if let Some(end) = protected.end_of(position) {
            // Skip the claimed stretch whole, to a character boundary.
            position = end;
            while position < range.end && !line.is_char_boundary(position) {
                position += 1;
            }
            continue;
        }
        let rest = &line[position..range.end];
        if rest.starts_with('<') {
            if let Some(end) = rest.find('>') {
                let inner = &rest[1..end];
                if is_autolink_start(rest) {
                    paint.set(position..position + 1, Kind::Marker);
                    paint.set(position + 1..position + end, Kind::Url);
                    paint.set(position + end..position + end + 1, Kind::Marker);
                    protected.add(position..position + end + 1);
                    position += end + 1;
                    continue;
                }
                if inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
                    paint.set(position..position + end + 1, Kind::Html);
                    protected.add(position..position + end + 1);
                    position += end + 1;
                    continue;
                }
            }
        } else if (rest.starts_with("https://")
            || rest.starts_with("http://")
            || rest.starts_with("www."))
            && (position == 0 || !bytes[position - 1].is_ascii_alphanumeric())
            && paint.kind_at(position) != Kind::Url
        {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
                .unwrap_or(rest.len());
            let len = rest[..len]
                .trim_end_matches(['.', ',', ':', ';', '!', '?', ')', '"', '\''])
                .len();
            paint.set(position..position + len, Kind::Url);
            protected.add(position..position + len);
            position += len.max(1);
            continue;
        }
        position += rest.chars().next().map_or(1, char::len_utf8);
    }

    // Emphasis, strong and strikethrough, paired within the line.
    for (delimiter, kind) in [
        ("~~", Kind::Strikethrough),
        ("***", Kind::StrongEmphasis),
        ("___", Kind::StrongEmphasis),
        ("**", Kind::Strong),
        ("__", Kind::Strong),
        ("*", Kind::Emphasis),
        ("_", Kind::Emphasis),
    ] {
        let mut search = range.start;
        while let Some(open) = find_delimiter(line, search, range.end, delimiter, &protected, true)
        {
            let inner_start = open + delimiter.len();
            let Some(close) = find_delimiter(
                line,
                inner_start + 1,
                range.end,
                delimiter,
                &protected,
                false,
            ) else {
                break;
            };
            let keep = |index: usize, paint: &Painter| {
                let existing = paint.kind_at(index);
                !matches!(existing, Kind::Url | Kind::Code | Kind::Html)
            };
            if keep(open, paint) {
                for index in inner_start..close {
                    if keep(index, paint) && !(in_heading && paint.kind_at(index) == Kind::Marker) {
                        let current = paint.kind_at(index);
                        let combined = match (current, kind) {
                            (Kind::Strong, Kind::Emphasis) | (Kind::Emphasis, Kind::Strong) => {
                                Kind::StrongEmphasis
                            }
                            (Kind::Marker | Kind::LinkText, _) => current,
                            _ => kind,
                        };
                        paint.set(index..index + 1, combined);
                    }
                }
                paint.set(open..inner_start, Kind::Marker);
                paint.set(close..close + delimiter.len(), Kind::Marker);
                protected.add(open..inner_start);
                protected.add(close..close + delimiter.len());
            }
            search = close + delimiter.len();
        }
    }

    // Backslash escapes.
    let mut position = range.start;
    while position + 1 < range.end {
        if bytes[position] == b'\\'
            && bytes[position + 1].is_ascii_punctuation()
            && free(position, &protected)
        {
            paint.set(position..position + 1, Kind::Marker);
            position += 2;
        } else {
            position += 1;
        }
    }
}

/// Stretches of a line already claimed (code spans, link destinations, autolinks, HTML,
/// delimiters), kept sorted and merged so that asking about a byte is a binary search: a
/// line of thirty thousand links costs no more per byte than a line of three.
#[derive(Default)]
struct Protected {
    ranges: Vec<Range<usize>>,
}

impl Protected {
    fn contains(&self, index: usize) -> bool {
        self.end_of(index).is_some()
    }

    /// Where the claimed stretch holding `index` ends, if one does.
    fn end_of(&self, index: usize) -> Option<usize> {
        let after = self.ranges.partition_point(|range| range.start <= index);
        let range = self.ranges.get(after.checked_sub(1)?)?;
        (range.end > index).then_some(range.end)
    }

    fn add(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        // The first range that could touch `range`, and the first one past it.
        let first = self
            .ranges
            .partition_point(|existing| existing.end < range.start);
        let last = self
            .ranges
            .partition_point(|existing| existing.start <= range.end);
        let mut merged = range;
        if first < last {
            merged.start = merged.start.min(self.ranges[first].start);
            merged.end = merged.end.max(self.ranges[last - 1].end);
        }
        self.ranges.splice(first..last, [merged]);
    }
}

/// Where each opening bracket (or parenthesis) of a line closes, found in one pass with a
/// stack, so that looking it up costs nothing however many stay unclosed.
struct Matches {
    start: usize,
    /// For each byte of the range, the index of its closing partner, if it opens a pair.
    closing: Vec<Option<usize>>,
}

impl Matches {
    fn of(bytes: &[u8], range: Range<usize>, open: u8, close: u8) -> Self {
        let mut closing = vec![None; range.len()];
        let mut stack = Vec::new();
        let mut index = range.start;
        while index < range.end {
            match bytes[index] {
                b'\\' => index += 1,
                byte if byte == open => stack.push(index),
                byte if byte == close => {
                    if let Some(opened) = stack.pop() {
                        closing[opened - range.start] = Some(index);
                    }
                }
                _ => {}
            }
            index += 1;
        }
        Self {
            start: range.start,
            closing,
        }
    }

    fn closing(&self, open: usize) -> Option<usize> {
        self.closing
            .get(open.checked_sub(self.start)?)
            .copied()
            .flatten()
    }
}

/// A link destination between the parentheses at `open` and `close` holds no space,
/// unless that space starts a title (`(url "title")`).
fn destination_fits(bytes: &[u8], open: usize, close: usize) -> bool {
    let inside = &bytes[open + 1..close];
    let Some(space) = inside.iter().position(|&b| b == b' ') else {
        return true;
    };
    inside[..space].contains(&b'"') || matches!(inside.get(space + 1), Some(b'"' | b'\''))
}

/// The backtick runs of a line, each with the next run of the same length after it (its
/// closing partner), found in one pass from the end.
struct BacktickRuns {
    /// (start, length, start of the next run of the same length).
    runs: Vec<(usize, usize, Option<usize>)>,
}

impl BacktickRuns {
    fn of(bytes: &[u8], range: Range<usize>) -> Self {
        let mut runs = Vec::new();
        let mut index = range.start;
        while index < range.end {
            match bytes[index] {
                b'\\' => index += 2,
                b'`' => {
                    let len = bytes[index..range.end]
                        .iter()
                        .take_while(|&&b| b == b'`')
                        .count();
                    runs.push((index, len, None));
                    index += len;
                }
                _ => index += 1,
            }
        }
        let mut next_of_length = std::collections::HashMap::new();
        for run in runs.iter_mut().rev() {
            run.2 = next_of_length.insert(run.1, run.0);
        }
        Self { runs }
    }

    /// Where the run of `len` backticks at `start` closes.
    fn closing(&self, start: usize, len: usize) -> Option<usize> {
        let found = self.runs.binary_search_by_key(&start, |run| run.0).ok()?;
        let (_, run_len, next) = self.runs[found];
        if run_len == len { next } else { None }
    }
}

/// Finds an emphasis delimiter that can open (`opening`) or close a span: not part of a
/// longer run of the same character, not inside protected text, and flanking correctly.
fn find_delimiter(
    line: &str,
    from: usize,
    end: usize,
    delimiter: &str,
    protected: &Protected,
    opening: bool,
) -> Option<usize> {
    let bytes = line.as_bytes();
    let character = delimiter.as_bytes()[0];
    let mut index = from;
    while index + delimiter.len() <= end {
        if bytes[index] == b'\\' {
            index += 2;
            continue;
        }
        if bytes[index] != character {
            index += 1;
            continue;
        }
        let run = bytes[index..end]
            .iter()
            .take_while(|&&b| b == character)
            .count();
        let usable = run == delimiter.len() && !protected.contains(index);
        if usable {
            let before = if index == 0 { b' ' } else { bytes[index - 1] };
            let after = bytes.get(index + run).copied().unwrap_or(b' ');
            let flanking = if opening {
                !(after.is_ascii_whitespace()
                    || character == b'_' && before.is_ascii_alphanumeric())
            } else {
                !(before.is_ascii_whitespace()
                    || character == b'_' && after.is_ascii_alphanumeric())
            };
            if flanking {
                return Some(index);
            }
        }
        index += run;
    }
    None
}

/// Paints kinds onto the bytes of a line; later paint wins.
struct Painter {
    kinds: Vec<Kind>,
}

impl Painter {
    fn new(line: &str) -> Self {
        Self {
            kinds: vec![Kind::Text; line.len()],
        }
    }

    fn set(&mut self, range: Range<usize>, kind: Kind) {
        let end = range.end.min(self.kinds.len());
        if range.start < end {
            self.kinds[range.start..end].fill(kind);
        }
    }

    fn kind_at(&self, index: usize) -> Kind {
        self.kinds.get(index).copied().unwrap_or(Kind::Text)
    }

    fn finish(self, heading: Option<u8>, end_state: LineState) -> LineHighlight {
        let mut spans: Vec<(Range<usize>, Kind)> = Vec::new();
        for (index, &kind) in self.kinds.iter().enumerate() {
            match spans.last_mut() {
                Some((range, last)) if *last == kind => range.end = index + 1,
                _ => spans.push((index..index + 1, kind)),
            }
        }
        LineHighlight {
            spans,
            heading,
            end_state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(String, Kind)> {
        highlight_line(line, LineState::Normal)
            .spans
            .into_iter()
            .map(|(range, kind)| (line[range].to_owned(), kind))
            .collect()
    }

    fn has(line: &str, text: &str, kind: Kind) -> bool {
        kinds(line).contains(&(text.to_owned(), kind))
    }

    #[test]
    fn headings_and_blocks() {
        let line = highlight_line("## Title {#t}", LineState::Normal);
        assert_eq!(line.heading, Some(2));
        assert!(has("## Title {#t}", "##", Kind::Marker));
        assert!(has("## Title {#t}", " Title ", Kind::Heading));
        assert!(has("> quoted *it*", ">", Kind::Marker));
        assert!(has("> quoted *it*", "it", Kind::Emphasis));
        assert!(has("- [x] done", "-", Kind::ListMarker));
        assert!(has("- [x] done", "[x]", Kind::ListMarker));
        assert!(has("12. item", "12.", Kind::ListMarker));
        assert!(has("---", "---", Kind::Rule));
        assert!(has("| :-- | --: |", "| :-- | --: |", Kind::Rule));
        assert!(has("<div class=\"x\">", "<div class=\"x\">", Kind::Html));
    }

    #[test]
    fn inline_syntax() {
        let line = "A **strong** and *em* and `co*de*` with [text](https://x.org/a_b_c) ~~gone~~";
        assert!(has(line, "strong", Kind::Strong));
        assert!(has(line, "em", Kind::Emphasis));
        assert!(has(line, "co*de*", Kind::Code));
        assert!(has(line, "text", Kind::LinkText));
        assert!(has(line, "https://x.org/a_b_c", Kind::Url));
        assert!(has(line, "gone", Kind::Strikethrough));
        assert!(has(
            "see https://example.org/x. Then",
            "https://example.org/x",
            Kind::Url
        ));
        assert!(has(
            "<https://example.org>",
            "https://example.org",
            Kind::Url
        ));
        assert!(has("![alt](img.png)", "alt", Kind::LinkText));
        assert!(has("snake_case_word", "snake_case_word", Kind::Text));
        assert!(has(
            "[docs]: https://example.org",
            " https://example.org",
            Kind::Url
        ));
        assert!(has("\\*not em\\*", "\\", Kind::Marker));
    }

    #[test]
    fn fences_carry_state() {
        let open = highlight_line("```rust", LineState::Normal);
        assert_eq!(
            open.end_state,
            LineState::Fence {
                marker: b'`',
                len: 3
            }
        );
        let inside = highlight_line("# not a heading", open.end_state);
        assert_eq!(inside.spans, vec![(0..15, Kind::Code)]);
        let close = highlight_line("```", inside.end_state);
        assert_eq!(close.end_state, LineState::Normal);
        assert_eq!(
            highlight_line("``", open.end_state).end_state,
            open.end_state
        );
    }

    #[test]
    fn end_state_agrees_with_highlighting() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../sample_posts/kitchen-sink.md"
        ))
        .unwrap();
        let tricky = [
            "```",
            "````",
            "~~~ rust",
            "```js `x`",
            "   ```",
            "    ```",
            "``",
            "```  ",
            "~~~~~",
            "",
        ];
        let states = [
            LineState::Normal,
            LineState::Fence {
                marker: b'`',
                len: 3,
            },
            LineState::Fence {
                marker: b'`',
                len: 4,
            },
            LineState::Fence {
                marker: b'~',
                len: 3,
            },
        ];
        for line in text.lines().chain(tricky) {
            for state in states {
                assert_eq!(
                    line_end_state(line, state),
                    highlight_line(line, state).end_state,
                    "{line:?} in {state:?}"
                );
            }
        }
    }

    #[test]
    fn spans_cover_each_line() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../sample_posts/kitchen-sink.md"
        ))
        .unwrap();
        for line in text.lines() {
            let highlight = highlight_line(line, LineState::Normal);
            let mut end = 0;
            for (range, _) in &highlight.spans {
                assert_eq!(range.start, end, "{line:?}");
                end = range.end;
            }
            assert_eq!(end, line.len(), "{line:?}");
        }
    }
}

#[cfg(test)]
mod long_line_tests {
    use super::*;

    fn kinds_of(line: &str, needle: &str) -> Vec<Kind> {
        let at = line.find(needle).expect("needle in line");
        highlight_line(line, LineState::Normal)
            .spans
            .iter()
            .filter(|(range, _)| range.start <= at && at < range.end)
            .map(|(_, kind)| *kind)
            .collect()
    }

    /// One line of thirty thousand links (pasted link lists, minified exports): each one's
    /// address is coloured, and the line is read in time proportional to its length.
    #[test]
    fn a_line_of_many_links_is_read_once() {
        let line: String = (0..30_000)
            .map(|index| format!("[{index}](https://example.org/{index}) "))
            .collect();
        assert_eq!(kinds_of(&line, "example.org/29999"), [Kind::Url]);
        assert_eq!(kinds_of(&line, "example.org/0)"), [Kind::Url]);
    }

    /// Openers that never close cost one pass each kind, not one pass each opener.
    #[test]
    fn unclosed_openers_on_a_long_line_finish() {
        for line in [
            "[a".repeat(65_000),
            "a]".repeat(65_000),
            "_a".repeat(65_000),
            "*a ".repeat(65_000),
            "[a](b".repeat(50_000),
            "`a``b".repeat(30_000),
            "<a".repeat(50_000),
        ] {
            let highlight = highlight_line(&line, LineState::Normal);
            let covered: usize = highlight.spans.iter().map(|(range, _)| range.len()).sum();
            assert_eq!(covered, line.len());
        }
    }

    /// Found by the pipeline fuzzer: a link destination holding a character of several
    /// bytes was stepped through a byte at a time and sliced inside the character.
    #[test]
    fn multibyte_characters_inside_claimed_stretches() {
        for line in [
            "[data html](data:text/html\u{31d}ase64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)",
            "`[`11_\u{e8}\0\0\u{7}\0\0\0\0\u{10}\0`\0\0\0\0\0\0\0\0\u{e8}\0\0[[`",
        ] {
            let highlight = highlight_line(line, LineState::Normal);
            let covered: usize = highlight.spans.iter().map(|(range, _)| range.len()).sum();
            assert_eq!(covered, line.len());
        }
    }

    #[test]
    fn code_spans_pair_runs_of_the_same_length() {
        let line = "a `` b ` c `` d `e`";
        assert_eq!(kinds_of(line, "b"), [Kind::Code]);
        assert_eq!(kinds_of(line, "e"), [Kind::Code]);
        assert_eq!(kinds_of(line, "d"), [Kind::Text]);
    }

    #[test]
    fn a_destination_with_a_space_is_not_a_link_unless_a_title_follows() {
        assert_eq!(kinds_of("[a](b c)", "b"), [Kind::Text]);
        assert_eq!(kinds_of("[a](b \"t\")", "b"), [Kind::Url]);
    }
}
