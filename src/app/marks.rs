//! The marks the app draws over the post: the link audit's findings under their text and
//! misspelt words in the editor, and the findings beside the preview's blocks and under
//! its links.
//!
//! They are built with each analysis (on the worker thread for long posts), never per
//! frame, and the editor's are moved along with every change the body takes until the next
//! analysis arrives ([`EditorMarks::map_through`]), so they stay on their words meanwhile.

use std::ops::Range;
use std::sync::Arc;

use egui::Color32;

use crate::ui::editor::{Mark, MarkLayer, MarkStyle};
use crate::ui::mark_menu::misspelling_note;
use crate::ui::preview::{PreviewMark, PreviewMarks};
use crate::ui::theme::Palette;
use postwright_core::audit::{LinkKind, Report, Severity, Usage};
use postwright_core::edit::Change;
use postwright_core::preview::{BlockContent, PreviewModel};
use postwright_core::spelling::Misspelling;

/// The colours marks are drawn in, taken from the theme when the analysis is asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkColours {
    /// Errors.
    pub error: Color32,
    /// Warnings.
    pub warning: Color32,
    /// Infos, drawn dotted.
    pub info: Color32,
    /// Misspelt words.
    pub misspelling: Color32,
}

impl MarkColours {
    /// The colours of `palette`.
    pub fn of(palette: &Palette) -> Self {
        Self {
            error: palette.error,
            warning: palette.warning,
            info: palette.accent.gamma_multiply(0.8),
            misspelling: palette.misspelling,
        }
    }

    /// The colour of a finding of `severity`.
    pub fn severity(&self, severity: Severity) -> Color32 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The editor's marks: the findings and the misspelt words, one layer each (the find bar's
/// matches keep a layer of their own beside them).
#[derive(Clone, Debug, Default)]
pub struct EditorMarks {
    /// The link audit's and the readiness checks' findings that have a place in the body.
    pub findings: MarkLayer,
    /// Misspelt words (empty while spelling is not checked).
    pub spelling: MarkLayer,
}

impl EditorMarks {
    /// The layers, bottom first, for [`crate::ui::editor::editor_ui`]: a misspelt word
    /// inside a finding's text is the one hovered.
    pub fn layers(&self) -> [&MarkLayer; 2] {
        [&self.findings, &self.spelling]
    }

    /// Moves every mark along with `changes` made to the body, in order.
    pub fn map_through(&mut self, changes: &[Change]) {
        self.findings.map_through(changes);
        self.spelling.map_through(changes);
    }

    /// How many marks there are, to tell whether dropping them is worth a thread.
    pub fn len(&self) -> usize {
        self.findings.marks().len() + self.spelling.marks().len()
    }
}

/// The index of the mark at `offset`, or of one ending there (the caret just after a
/// word, as F7 and F8 leave it).
pub fn mark_at(layer: &MarkLayer, offset: usize) -> Option<usize> {
    layer
        .at(offset)
        .or_else(|| offset.checked_sub(1).and_then(|before| layer.at(before)))
}

/// The mark to go to from `selection`: the first starting after it (or at it, when nothing
/// is selected), or the last starting before it, going round from the end to the start.
pub fn next_mark(
    layer: &MarkLayer,
    selection: Range<usize>,
    forward: bool,
) -> Option<Range<usize>> {
    let marks = layer.marks();
    if marks.is_empty() {
        return None;
    }
    let from = selection.start;
    let index = if forward {
        let after = if selection.is_empty() {
            marks.partition_point(|mark| mark.range.start < from)
        } else {
            marks.partition_point(|mark| mark.range.start <= from)
        };
        if after == marks.len() { 0 } else { after }
    } else {
        match marks.partition_point(|mark| mark.range.start < from) {
            0 => marks.len() - 1,
            before => before - 1,
        }
    };
    Some(marks[index].range.clone())
}

/// Each finding with a place in the body as a mark under its text: wavy in the severity's
/// colour for errors and warnings, dotted for infos, the message as its note. Findings
/// about the same text share one mark, drawn in the worst one's style, their messages one
/// per line.
pub fn finding_marks(report: &Report, colours: &MarkColours) -> MarkLayer {
    let mut placed: Vec<(Range<usize>, Severity, &str)> = report
        .findings
        .iter()
        .filter_map(|finding| {
            let range = finding.location.range()?;
            Some((range, finding.severity, finding.message.as_str()))
        })
        .collect();
    placed
        .sort_by_key(|(range, severity, _)| (range.start, range.end, std::cmp::Reverse(*severity)));
    let mut marks: Vec<Mark> = Vec::with_capacity(placed.len());
    let mut note = String::new();
    let mut index = 0;
    while index < placed.len() {
        let (range, worst, first) = &placed[index];
        note.clear();
        note.push_str(first);
        let mut next = index + 1;
        while next < placed.len() && placed[next].0 == *range {
            note.push('\n');
            note.push_str(placed[next].2);
            next += 1;
        }
        let colour = colours.severity(*worst);
        let style = match worst {
            Severity::Error | Severity::Warning => MarkStyle::Wavy(colour),
            Severity::Info => MarkStyle::Dotted(colour),
        };
        marks.push(Mark {
            range: range.clone(),
            style,
            note: Some(Arc::from(note.as_str())),
        });
        index = next;
    }
    MarkLayer::new(marks, true)
}

/// Each misspelt word as a wavy underline.
pub fn spelling_marks(
    misspellings: &[Misspelling],
    dictionary: &str,
    colours: &MarkColours,
) -> MarkLayer {
    let marks = misspellings
        .iter()
        .map(|misspelling| Mark {
            range: misspelling.range.clone(),
            style: MarkStyle::Wavy(colours.misspelling),
            note: Some(Arc::from(misspelling_note(&misspelling.word, dictionary))),
        })
        .collect();
    // Not on the scroll bar: a long post's hundreds of words would hide the findings'
    // ticks (F7 goes from one to the next instead).
    MarkLayer::new(marks, false)
}

/// The findings as the preview shows them: each beside the block holding its text, and
/// under the link it is about when the preview shows that link.
pub fn preview_marks(report: &Report, model: &PreviewModel, colours: &MarkColours) -> PreviewMarks {
    let blocks = model.blocks();
    // The body's links the preview shows as links, by where they start.
    let mut shown: Vec<(usize, usize)> = report
        .links
        .iter()
        .enumerate()
        .filter(|(_, link)| {
            link.usage == Usage::Link
                && matches!(
                    link.kind,
                    LinkKind::Inline | LinkKind::Reference | LinkKind::Autolink
                )
        })
        .filter_map(|(index, link)| Some((link.range()?.start, index)))
        .collect();
    shown.sort_unstable();
    let mut marks = Vec::new();
    for finding in &report.findings {
        let Some(range) = finding.location.range() else {
            continue;
        };
        let Some(block) = model.block_at_source(range.start) else {
            continue;
        };
        let link = finding
            .link
            .and_then(|link| preview_link(report, &shown, &blocks[block], link));
        marks.push(PreviewMark {
            block,
            link,
            severity: finding.severity.name(),
            colour: colours.severity(finding.severity),
            note: Arc::from(finding.message.as_str()),
        });
    }
    PreviewMarks::new(marks)
}

/// Which of a block's preview links (an index into its inline's links) shows the audit's
/// link number `link`: the block's links the preview shows are paired in order with the
/// preview's by address.
fn preview_link(
    report: &Report,
    shown: &[(usize, usize)],
    block: &postwright_core::preview::Block,
    link: usize,
) -> Option<usize> {
    let inline = match &block.content {
        BlockContent::Paragraph(inline) | BlockContent::Heading { text: inline, .. } => inline,
        _ => return None,
    };
    let first = shown.partition_point(|(start, _)| *start < block.range.start);
    let mut next = 0;
    for &(start, index) in &shown[first..] {
        if start >= block.range.end {
            break;
        }
        let url = &report.links[index].url;
        let found = inline.links[next..]
            .iter()
            .position(|preview| preview.url == *url)
            .map(|position| next + position);
        if index == link {
            return found;
        }
        if let Some(found) = found {
            next = found + 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use postwright_core::analysis::Analysis;
    use postwright_core::audit::AuditOptions;
    use postwright_core::metadata::Metadata;

    fn colours() -> MarkColours {
        MarkColours::of(&crate::ui::theme::palette(egui::Theme::Light))
    }

    fn analysis(body: &str) -> Analysis {
        Analysis::of(body, &Metadata::default(), None, &AuditOptions::default())
    }

    #[test]
    fn findings_about_the_same_text_share_a_mark_in_the_worst_style() {
        let body =
            "See [the docs](javascript:alert(1)) and [a shop](http://pills.example/viagra).\n";
        let analysis = analysis(body);
        let layer = finding_marks(&analysis.report, &colours());
        let placed: Vec<&str> = layer
            .marks()
            .iter()
            .map(|mark| &body[mark.range.clone()])
            .collect();
        assert_eq!(
            placed,
            [
                "[the docs](javascript:alert(1))",
                "[a shop](http://pills.example/viagra)"
            ]
        );
        let shop = &layer.marks()[1];
        let note = shop.note.as_deref().unwrap_or_default();
        assert!(note.lines().count() >= 2, "{note}");
        assert_eq!(shop.style, MarkStyle::Wavy(colours().warning));
        assert_eq!(layer.marks()[0].style, MarkStyle::Wavy(colours().error));
        assert!(
            analysis
                .report
                .findings
                .iter()
                .all(|finding| finding.location.range().is_none()
                    || layer.marks().iter().any(|mark| mark
                        .note
                        .as_deref()
                        .is_some_and(|note| note.lines().any(|line| line == finding.message)))),
            "every finding in the body is in a note"
        );
    }

    #[test]
    fn going_to_the_next_and_previous_mark_goes_round() {
        let mark = |range: Range<usize>| Mark {
            range,
            style: MarkStyle::Wavy(Color32::RED),
            note: None,
        };
        let layer = MarkLayer::new(vec![mark(10..13), mark(20..25), mark(40..41)], true);
        assert_eq!(next_mark(&layer, 0..0, true), Some(10..13));
        assert_eq!(
            next_mark(&layer, 10..10, true),
            Some(10..13),
            "a mark at the caret"
        );
        assert_eq!(
            next_mark(&layer, 10..13, true),
            Some(20..25),
            "from the one selected"
        );
        assert_eq!(
            next_mark(&layer, 40..41, true),
            Some(10..13),
            "round to the first"
        );
        assert_eq!(next_mark(&layer, 20..25, false), Some(10..13));
        assert_eq!(
            next_mark(&layer, 10..13, false),
            Some(40..41),
            "round to the last"
        );
        assert_eq!(next_mark(&MarkLayer::default(), 0..0, true), None);
    }

    #[test]
    fn the_preview_marks_the_link_a_finding_is_about() {
        let body = "# Notes\n\nFirst [a](https://a.example/) then [b](https://b.example/) \
                    and [c](http://pills.example/cheap-viagra) and https://bare.example/x.\n";
        let analysis = analysis(body);
        let marks = preview_marks(&analysis.report, &analysis.preview, &colours());
        let paragraph = analysis
            .preview
            .block_at_source(body.find("First").unwrap_or_default())
            .unwrap_or_default();
        let in_paragraph = marks.for_block(paragraph);
        assert!(!in_paragraph.is_empty());
        // The spam link is the third link of the paragraph.
        assert!(
            in_paragraph
                .iter()
                .any(|mark| mark.link == Some(2) && mark.severity == "warning"),
            "{in_paragraph:?}"
        );
        // The bare address is not a link in the preview: beside the block only.
        assert!(
            in_paragraph
                .iter()
                .any(|mark| mark.link.is_none() && mark.note.contains("bare")),
            "{in_paragraph:?}"
        );
        assert!(marks.for_block(0).is_empty(), "the heading has none");
    }
}
