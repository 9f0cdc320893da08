//! Findings the app asks the preview to show: a small badge in the severity's colour beside
//! the block holding the finding's text, and the link it is about underlined in that colour,
//! each with the message on hover and for assistive technology.
//!
//! The app builds [`PreviewMarks`] with each analysis and hands them over with
//! [`super::PreviewState::set_marks`]; a frame looks up the marks of the blocks it draws by
//! binary search.

use std::sync::Arc;

use egui::{Align2, Color32, FontId, Id, Pos2, Rect, Sense, Ui, WidgetInfo, accesskit::Role};

use super::theme::Theme;

/// One finding, as the preview shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewMark {
    /// The block holding the finding's text (an index into the model's blocks).
    pub block: usize,
    /// The link of that block's text the finding is about (an index into its inline's
    /// links), when the preview shows it as a link.
    pub link: Option<usize>,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The severity's colour.
    pub colour: Color32,
    /// The finding's message.
    pub note: Arc<str>,
}

impl PreviewMark {
    /// The severity and the message, as hovering and assistive technology give them.
    fn described(&self) -> String {
        let mut chars = self.severity.chars();
        let severity = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        format!("{severity}: {}", self.note)
    }
}

/// The marks of one analysis, by block.
#[derive(Clone, Debug, Default)]
pub struct PreviewMarks {
    marks: Vec<PreviewMark>,
}

impl PreviewMarks {
    /// The marks, in any order.
    pub fn new(mut marks: Vec<PreviewMark>) -> Self {
        marks.sort_by_key(|mark| mark.block);
        Self { marks }
    }

    /// The marks of block `block`.
    pub fn for_block(&self, block: usize) -> &[PreviewMark] {
        let start = self.marks.partition_point(|mark| mark.block < block);
        let end = self.marks.partition_point(|mark| mark.block <= block);
        &self.marks[start..end]
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

/// The worst colour among `marks`: errors before warnings before infos.
fn worst(marks: &[PreviewMark]) -> Option<Color32> {
    let rank = |severity: &str| match severity {
        "error" => 2,
        "warning" => 1,
        _ => 0,
    };
    marks
        .iter()
        .max_by_key(|mark| rank(mark.severity))
        .map(|mark| mark.colour)
}

/// The badge beside a block with findings: a dot with `!` in the worst severity's colour,
/// centred at `centre`, naming every finding for assistive technology and on hover.
pub(super) fn badge_ui(ui: &mut Ui, id: Id, centre: Pos2, marks: &[PreviewMark], theme: &Theme) {
    let Some(colour) = worst(marks) else {
        return;
    };
    let radius = (theme.em * 0.36).max(5.0);
    let rect = Rect::from_center_size(centre, egui::vec2(radius, radius) * 2.0);
    let response = ui.interact(rect.expand(2.0), id.with("finding-badge"), Sense::hover());
    let described: Vec<String> = marks.iter().map(PreviewMark::described).collect();
    let label = described.join("\n");
    response.widget_info(|| WidgetInfo::labeled(Role::Note, true, &label));
    let painter = ui.painter();
    let fill = if response.hovered() {
        colour
    } else {
        colour.gamma_multiply(0.85)
    };
    painter.circle_filled(centre, radius, fill);
    painter.text(
        centre + egui::vec2(0.0, 0.5),
        Align2::CENTER_CENTER,
        "!",
        FontId::new(radius * 1.5, theme.body_family.clone()),
        theme.page,
    );
    response.on_hover_ui(|ui| {
        ui.set_max_width(theme.em * 24.0);
        for text in &described {
            ui.label(text);
        }
    });
}

/// The mark of link number `link` of a block's text, if a finding is about it.
pub(super) fn link_mark(marks: &[PreviewMark], link: usize) -> Option<&PreviewMark> {
    marks.iter().find(|mark| mark.link == Some(link))
}

/// What hovering a marked link says besides where it goes: its findings.
pub(super) fn link_note(marks: &[PreviewMark], link: usize) -> Option<String> {
    let notes: Vec<String> = marks
        .iter()
        .filter(|mark| mark.link == Some(link))
        .map(PreviewMark::described)
        .collect();
    (!notes.is_empty()).then(|| notes.join("\n"))
}
