//! From model blocks to egui layout jobs: text with its link spans, highlighted code,
//! tables with their column widths; plus the vertical rhythm (gaps, indents) and the
//! height estimates used for blocks that were never laid out.
//!
//! A [`Prepared`] block is cached by the block's hash, so an unchanged block is never
//! prepared twice for the same width and theme. Galleys themselves come from egui's own
//! cache every frame, which stays valid when egui rebuilds its font atlas.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Galley, Pos2, Rect};

use super::theme::Theme;
use postwright_core::highlight::{TokenKind, highlight};
use postwright_core::preview::{
    Alignment, Block, BlockContent, Container, Inline, Nesting, Spacing, Table,
};

/// A link inside a laid-out text: which link, which characters, and its text.
#[derive(Clone, Debug)]
pub(super) struct LinkSpan {
    /// Index into the inline's links.
    pub link: usize,
    /// Character range in the galley.
    pub chars: Range<usize>,
    /// The link text, for its accessible name.
    pub text: String,
    /// Drawn with an underline (footnote numbers and back arrows are not).
    pub underline: bool,
}

/// A block made ready for layout at one width and theme.
#[derive(Clone, Debug)]
pub(super) enum Prepared {
    /// A paragraph or heading.
    Text {
        job: Arc<LayoutJob>,
        links: Vec<LinkSpan>,
    },
    /// A code or raw HTML block, with its label.
    Code {
        job: Arc<LayoutJob>,
        label: Option<String>,
    },
    /// A table (shared: the prepared form is cloned out of the cache every frame).
    Table(Arc<PreparedTable>),
    /// Rules, images and the footnotes heading need nothing prepared.
    Plain,
}

/// The columns of a table the preview lays out; wider tables show their first columns and
/// a note saying how many the page has.
///
/// pulldown-cmark fills short rows with empty cells up to the header's width (up to 2^18
/// cells a table), so 3.5 KB of text (a header of 500 cells over 500 one-cell rows) makes a
/// table of 250,000 cells; laying them all out took a fifth of a second a frame. No one can
/// read more than a few dozen columns in the preview's width anyway.
pub(super) const MAX_TABLE_COLUMNS: usize = 64;

/// A table's cells and column widths.
#[derive(Clone, Debug)]
pub(super) struct PreparedTable {
    pub rows: Vec<Vec<PreparedCell>>,
    /// The height of each row, padding included, its cells wrapped at their column's
    /// width: measured once here, so a frame lays out only the rows in view.
    pub row_heights: Vec<f32>,
    pub header_rows: usize,
    pub column_widths: Vec<f32>,
    /// Below a table with more than [`MAX_TABLE_COLUMNS`] columns: how many are not shown.
    pub note: Option<Arc<LayoutJob>>,
}

/// One table cell.
#[derive(Clone, Debug)]
pub(super) struct PreparedCell {
    pub job: Arc<LayoutJob>,
    pub links: Vec<LinkSpan>,
    pub align: Align,
}

/// Where a block's content goes, horizontally, given its nesting.
#[derive(Clone, Copy, Debug)]
pub(super) struct Indent {
    /// Offset of the content from the column's left edge.
    pub content: f32,
}

/// Space a container level takes before the content, in ems.
pub(super) fn level_width(container: Container) -> f32 {
    match container {
        Container::Quote => 1.3,
        Container::ListItem | Container::Footnote => 1.75,
    }
}

/// The indent of a block.
pub(super) fn indent(nesting: &Nesting, theme: &Theme) -> Indent {
    let content = nesting
        .levels
        .iter()
        .map(|level| level_width(level.container) * theme.em)
        .sum();
    Indent { content }
}

/// Padding inside a code block.
pub(super) fn code_padding(theme: &Theme) -> egui::Vec2 {
    egui::vec2(theme.em * 1.0, theme.em * 0.9)
}

/// Padding inside a table cell.
pub(super) fn cell_padding(theme: &Theme) -> egui::Vec2 {
    egui::vec2(theme.em * 0.75, theme.em * 0.45)
}

/// The space above block `index`, which depends on the block before it.
pub(super) fn gap_before(blocks: &[Block], index: usize, theme: &Theme) -> f32 {
    let Some(block) = blocks.get(index) else {
        return 0.0;
    };
    if index == 0 {
        return 0.0;
    }
    let previous = &blocks[index - 1];
    let em = theme.em;
    match (&block.content, &previous.content) {
        (BlockContent::FootnotesHeading, _) => em * 2.5,
        (BlockContent::Heading { level, .. }, _) => match level {
            1 => em * 2.4,
            2 => em * 2.1,
            3 => em * 1.7,
            _ => em * 1.4,
        },
        (_, BlockContent::Heading { .. }) => em * 0.7,
        (_, BlockContent::FootnotesHeading) => em * 0.8,
        _ if block.spacing == Spacing::Tight => em * 0.3,
        _ if !block.nesting.levels.is_empty()
            && block
                .nesting
                .levels
                .iter()
                .all(|l| l.container == Container::Footnote) =>
        {
            em * 0.6
        }
        _ => em * 1.05,
    }
}

/// The text format a block's own text starts from.
pub(super) fn base_format(block: &Block, theme: &Theme) -> TextFormat {
    let in_footnote = block
        .nesting
        .levels
        .first()
        .is_some_and(|level| level.container == Container::Footnote);
    match &block.content {
        BlockContent::Heading { level, .. } => theme.heading_format(*level),
        _ if in_footnote => {
            let mut format = theme.body_format(theme.muted);
            format.font_id.size = theme.em * 0.875;
            format.line_height = Some((theme.em * 0.875 * 1.55).round());
            format
        }
        _ if block.nesting.in_quote() => {
            let mut format = theme.body_format(theme.quote_text);
            format.italics = false;
            format
        }
        _ => theme.body_format(theme.text),
    }
}

/// Prepares `block` for a content width of `width`. `fonts` lays out table cells to find
/// their natural widths.
pub(super) fn prepare(
    block: &Block,
    width: f32,
    theme: &Theme,
    layout: &mut dyn FnMut(LayoutJob) -> Arc<Galley>,
) -> Prepared {
    match &block.content {
        BlockContent::Paragraph(inline) | BlockContent::Heading { text: inline, .. } => {
            let (job, links) = inline_job(inline, &base_format(block, theme), theme, width);
            Prepared::Text {
                job: Arc::new(job),
                links,
            }
        }
        BlockContent::Code { language, code } => Prepared::Code {
            job: Arc::new(code_job(
                language.as_deref(),
                code,
                theme,
                width - 2.0 * code_padding(theme).x,
            )),
            label: language.clone(),
        },
        BlockContent::Html(html) => {
            let mut job = theme.plain_job(
                if html.is_empty() { " " } else { html },
                theme.code_format(theme.muted),
                width - 2.0 * code_padding(theme).x,
            );
            job.wrap.break_anywhere = false;
            Prepared::Code {
                job: Arc::new(job),
                label: Some("raw HTML, shown as written".to_owned()),
            }
        }
        BlockContent::Table(table) => {
            Prepared::Table(Arc::new(prepare_table(table, block, width, theme, layout)))
        }
        BlockContent::Rule | BlockContent::Image(_) | BlockContent::FootnotesHeading => {
            Prepared::Plain
        }
    }
}

/// A layout job for styled text, with the character ranges of its links.
pub(super) fn inline_job(
    inline: &Inline,
    base: &TextFormat,
    theme: &Theme,
    width: f32,
) -> (LayoutJob, Vec<LinkSpan>) {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let mut links: Vec<LinkSpan> = Vec::new();
    let mut chars = 0;
    for (range, run) in inline.spans() {
        let text = &inline.text[range];
        job.append(
            text,
            0.0,
            theme.run_format(base, run.style, run.link.is_some()),
        );
        let count = text.chars().count();
        if let Some(link) = run.link {
            match links.last_mut() {
                Some(last) if last.link == link && last.chars.end == chars => {
                    last.chars.end += count;
                    last.text.push_str(text);
                }
                _ => links.push(LinkSpan {
                    link,
                    chars: chars..chars + count,
                    text: text.to_owned(),
                    underline: !(run.style.footnote_reference || run.style.back_reference),
                }),
            }
        }
        chars += count;
    }
    if job.text.is_empty() {
        // An empty list item still takes a line, for its marker.
        job.append(" ", 0.0, base.clone());
    }
    (job, links)
}

/// A highlighted code block.
fn code_job(language: Option<&str>, code: &str, theme: &Theme, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width.max(theme.em * 4.0);
    let plain = theme.code_format(theme.code_text);
    let tokens = language.map_or_else(Vec::new, |language| highlight(language, code));
    let mut position = 0;
    for token in tokens {
        if token.range.start < position || token.range.end > code.len() {
            continue;
        }
        if token.range.start > position {
            job.append(&code[position..token.range.start], 0.0, plain.clone());
        }
        let mut format = theme.code_format(theme.token_color(token.kind));
        if token.kind == TokenKind::Comment {
            format.italics = true;
        }
        job.append(&code[token.range.clone()], 0.0, format);
        position = token.range.end;
    }
    if position < code.len() {
        job.append(&code[position..], 0.0, plain.clone());
    }
    if job.text.is_empty() {
        job.append(" ", 0.0, plain);
    }
    job
}

fn prepare_table(
    table: &Table,
    block: &Block,
    width: f32,
    theme: &Theme,
    layout: &mut dyn FnMut(LayoutJob) -> Arc<Galley>,
) -> PreparedTable {
    let all_columns = table.columns().max(1);
    let columns = all_columns.min(MAX_TABLE_COLUMNS);
    let padding = cell_padding(theme);
    let mut body = base_format(block, theme);
    body.font_id.size = theme.em * 0.9375;
    body.line_height = Some((theme.em * 0.9375 * 1.45).round());
    let mut header = body.clone();
    header.color = theme.strong;
    if let Some(bold) = &theme.bold_family {
        header.font_id.family = bold.clone();
    }
    // Natural widths: each cell on one line.
    let mut natural = vec![theme.em * 2.0; columns];
    let mut jobs: Vec<Vec<(LayoutJob, Vec<LinkSpan>, Align)>> =
        Vec::with_capacity(table.rows.len());
    for (row_index, row) in table.rows.iter().enumerate() {
        let format = if row_index < table.header_rows {
            &header
        } else {
            &body
        };
        let mut cells = Vec::with_capacity(columns);
        for (column, natural_width) in natural.iter_mut().enumerate() {
            let empty = Inline::default();
            let inline = row.get(column).unwrap_or(&empty);
            let (job, links) = inline_job(inline, format, theme, f32::INFINITY);
            let galley = layout(job.clone());
            *natural_width = natural_width.max(galley.size().x + 2.0 * padding.x);
            let align = match table.alignments.get(column).copied().unwrap_or_default() {
                Alignment::Center => Align::Center,
                Alignment::Right => Align::RIGHT,
                Alignment::Left | Alignment::None => Align::LEFT,
            };
            cells.push((job, links, align));
        }
        jobs.push(cells);
    }
    let column_widths = fit_columns(&natural, width);
    let mut row_heights = Vec::with_capacity(jobs.len());
    let rows = jobs
        .into_iter()
        .map(|cells| {
            let mut row_height: f32 = 0.0;
            let row = cells
                .into_iter()
                .enumerate()
                .map(|(column, (mut job, links, align))| {
                    job.wrap.max_width = (column_widths[column] - 2.0 * padding.x).max(1.0);
                    job.halign = align;
                    row_height = row_height.max(layout(job.clone()).size().y);
                    PreparedCell {
                        job: Arc::new(job),
                        links,
                        align,
                    }
                })
                .collect();
            row_heights.push(row_height + 2.0 * padding.y);
            row
        })
        .collect();
    let note = (all_columns > columns).then(|| {
        let mut format = body.clone();
        format.color = theme.muted;
        format.font_id.size = theme.em * 0.8125;
        format.line_height = None;
        let hidden = all_columns - columns;
        let text = format!(
            "The preview shows the first {columns} of {all_columns} columns; {hidden} more \
             are on the exported page."
        );
        Arc::new(theme.plain_job(&text, format, width))
    });
    PreparedTable {
        rows,
        row_heights,
        header_rows: table.header_rows,
        column_widths,
        note,
    }
}

/// Column widths that fit `width`: natural widths when they fit, otherwise each column
/// keeps up to a fair share and the rest is shared in proportion to what is missing.
pub(super) fn fit_columns(natural: &[f32], width: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= width || natural.is_empty() {
        return natural.to_vec();
    }
    let fair = width / natural.len() as f32;
    let mut widths: Vec<f32> = natural.iter().map(|&n| n.min(fair)).collect();
    let left = width - widths.iter().sum::<f32>();
    let wanting: f32 = natural.iter().zip(&widths).map(|(n, w)| n - w).sum();
    if left > 0.0 && wanting > 0.0 {
        for (w, n) in widths.iter_mut().zip(natural) {
            *w += (n - *w) / wanting * left;
        }
    }
    widths
}

/// A guess at a block's content height (without the gap) before it was ever laid out:
/// bytes times an average advance, wrapped at `width`. It runs for every block never laid
/// out on every edit, so it looks at lengths, not characters.
pub(super) fn estimate_height(block: &Block, width: f32, theme: &Theme) -> f32 {
    let em = theme.em;
    let lines = |text: &str, char_width: f32| -> f32 {
        let per_line = (width / char_width).max(8.0);
        let breaks = text.bytes().filter(|&byte| byte == b'\n').count() as f32;
        (text.len() as f32 / per_line).ceil().max(1.0) + breaks
    };
    match &block.content {
        BlockContent::Paragraph(inline) => lines(&inline.text, em * 0.5) * theme.body_line(),
        BlockContent::Heading { level, text, .. } => {
            let size = theme.heading_size(*level);
            lines(&text.text, size * 0.52) * (size * 1.3).round()
        }
        BlockContent::Code { code, .. } => {
            lines(code, theme.code_size() * 0.6) * theme.code_line() + 2.0 * code_padding(theme).y
        }
        BlockContent::Html(html) => {
            lines(html, theme.code_size() * 0.6) * theme.code_line() + 2.0 * code_padding(theme).y
        }
        BlockContent::Table(table) => {
            table.rows.len() as f32 * (theme.em * 1.4 + 2.0 * cell_padding(theme).y)
        }
        BlockContent::Image(_) => width * 0.55 + em * 2.0,
        BlockContent::Rule => em * 1.5,
        BlockContent::FootnotesHeading => em * 1.5,
    }
}

/// Where some characters of a galley are on one row: their rectangle and where an
/// underline goes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment {
    /// The characters' rectangle on screen.
    pub rect: Rect,
    /// Where an underline goes.
    pub underline_y: f32,
}

/// The segments of each of `spans` (character ranges of `galley`, in order and apart),
/// one per row, in a single walk over the rows: a paragraph of thousands of links costs
/// rows plus links, not rows times links.
pub(crate) fn spans_rects<'a>(
    galley: &Galley,
    origin: Pos2,
    spans: impl IntoIterator<Item = &'a Range<usize>>,
) -> Vec<Vec<Segment>> {
    let rows = &galley.rows;
    let mut result = Vec::new();
    // The first row that may hold the next span, and the character it starts at.
    let (mut first_row, mut first_row_start) = (0, 0);
    for chars in spans {
        while first_row < rows.len() {
            let row_end = first_row_start + rows[first_row].glyphs.len();
            if row_end > chars.start {
                break;
            }
            first_row_start = row_end + usize::from(rows[first_row].ends_with_newline);
            first_row += 1;
        }
        let mut segments = Vec::new();
        let mut row_start = first_row_start;
        for row in &rows[first_row..] {
            if row_start >= chars.end {
                break;
            }
            let row_end = row_start + row.glyphs.len();
            if let Some(segment) = row_segment(row, row_start, row_end, chars, origin) {
                segments.push(segment);
            }
            row_start = row_end + usize::from(row.ends_with_newline);
        }
        result.push(segments);
    }
    result
}

/// The part of `row` (characters `row_start..row_end`) that covers `chars`.
fn row_segment(
    row: &egui::epaint::text::PlacedRow,
    row_start: usize,
    row_end: usize,
    chars: &Range<usize>,
    origin: Pos2,
) -> Option<Segment> {
    let low = chars.start.max(row_start);
    let high = chars.end.min(row_end);
    if low >= high {
        return None;
    }
    let x0 = row.x_offset(egui::text::CharIndex(low - row_start));
    let x1 = row.x_offset(egui::text::CharIndex(high - row_start));
    let rect = Rect::from_min_max(
        Pos2::new(row.pos.x + x0, row.pos.y),
        Pos2::new(row.pos.x + x1, row.pos.y + row.size.y),
    );
    let glyph = &row.glyphs[low - row_start];
    let descent = glyph.font_height - glyph.font_ascent;
    Some(Segment {
        rect: rect.translate(origin.to_vec2()),
        underline_y: origin.y + row.pos.y + glyph.pos.y + descent * 0.4,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width() {
        assert_eq!(fit_columns(&[100.0, 50.0], 400.0), vec![100.0, 50.0]);
        let widths = fit_columns(&[600.0, 50.0, 300.0], 400.0);
        assert!(
            (widths.iter().sum::<f32>() - 400.0).abs() < 0.01,
            "{widths:?}"
        );
        assert_eq!(widths[1], 50.0);
        assert!(widths[0] > widths[2]);
    }
}
