//! The outline: the post's headings indented by level, the one holding the caret marked,
//! and headings whose level is out of step (a level skipped, a second H1) flagged with the
//! audit's own finding. A click, or Enter on the row the keyboard is on, goes to the
//! heading; the arrow keys, Page Up and Down, Home and End move between rows.
//!
//! The headings are the analysis's outline (`postwright_core::stats`), so the panel follows
//! edits without reading the post. Only the rows in view are drawn, each painted directly
//! with one interaction, and the heading holding the caret is found by binary search, so a
//! post with thousands of headings costs no more per frame than one with ten.

use egui::{Key, Modifiers, RichText, Sense, TextStyle, Ui, pos2, vec2};

use crate::ui::text::truncated;
use crate::ui::theme::{self, Palette};
use postwright_core::audit::{Report, Rule};
use postwright_core::stats::Heading;

/// What the author asked for in the outline.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineAction {
    /// Go to the heading with this index in the outline.
    Go(usize),
}

/// The outline's state between frames.
#[derive(Debug, Default)]
pub struct OutlineState {
    /// The row the keyboard is on.
    cursor: Option<usize>,
    /// Give the cursor's row the keyboard focus when it is next drawn.
    focus_pending: bool,
    /// Bring this row into view.
    reveal: Option<usize>,
    /// Whether a row had the keyboard focus last frame.
    focused: bool,
    /// The heading that held the caret last frame.
    current: Option<usize>,
    /// The headings the audit has something to say about: their start and the finding's
    /// index, sorted by start.
    marks: Vec<(usize, usize)>,
    /// The smallest level in the outline, which is drawn without indent.
    top_level: u8,
    /// The analysis `marks` and `top_level` were taken from.
    marks_for: Option<u64>,
    /// The scroll offset and the height of the view, as of the last frame.
    scroll_offset: f32,
    view_height: f32,
}

impl OutlineState {
    /// Puts the keyboard on the row of heading `index` (the first row when `None`) and
    /// brings it into view, from the next frame.
    pub fn focus(&mut self, index: Option<usize>) {
        let row = index.unwrap_or(0);
        self.cursor = Some(row);
        self.focus_pending = true;
        self.reveal = Some(row);
    }

    /// Takes the audit's findings about headings, once per analysis.
    fn take_marks(&mut self, view: &OutlineView<'_>) {
        if self.marks_for == Some(view.revision) {
            return;
        }
        self.marks = view
            .report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| {
                matches!(finding.rule, Rule::SkippedHeadingLevel | Rule::H1InBody)
            })
            .filter_map(|(index, finding)| Some((finding.location.range()?.start, index)))
            .collect();
        self.marks.sort_unstable();
        self.top_level = view
            .headings
            .iter()
            .map(|heading| heading.level)
            .min()
            .unwrap_or(1);
        self.marks_for = Some(view.revision);
    }

    /// The audit's message about the heading starting at `start`, if it has one.
    fn mark<'r>(&self, report: &'r Report, start: usize) -> Option<&'r str> {
        let at = self.marks.partition_point(|(mark, _)| *mark < start);
        let (mark, finding) = self.marks.get(at)?;
        (*mark == start).then(|| report.findings[*finding].message.as_str())
    }
}

/// What the outline shows.
pub struct OutlineView<'a> {
    /// The headings, from the analysis.
    pub headings: &'a [Heading],
    /// The audit of the same analysis, for headings whose level is out of step.
    pub report: &'a Report,
    /// Identifies the analysis.
    pub revision: u64,
    /// The caret's byte offset in the body.
    pub caret: usize,
    /// Colours.
    pub palette: Palette,
}

/// The heading whose section holds `offset`: the last one starting at or before it.
pub fn heading_at(headings: &[Heading], offset: usize) -> Option<usize> {
    headings
        .partition_point(|heading| heading.range.start <= offset)
        .checked_sub(1)
}

const ROW_HEIGHT: f32 = 24.0;
/// Indent per level below the outline's top level, in points.
const INDENT: f32 = 14.0;

/// Draws the outline.
pub fn outline_ui(
    ui: &mut Ui,
    state: &mut OutlineState,
    view: &OutlineView<'_>,
) -> Option<OutlineAction> {
    let palette = view.palette;
    let count = view.headings.len();
    state.take_marks(view);
    let heading_word = if count == 1 { "heading" } else { "headings" };
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{count} {heading_word}")).strong());
        let marked = state.marks.len();
        if marked > 0 {
            let noun = if marked == 1 { "level" } else { "levels" };
            ui.label(RichText::new(format!("{marked} {noun} to check")).color(palette.warning));
        }
    });
    ui.separator();
    if count == 0 {
        ui.label(
            RichText::new("No headings yet. Lines that start with # become headings here.")
                .color(palette.muted),
        );
        return None;
    }

    let mut action = keyboard(ui, state, count);
    let current = heading_at(view.headings, view.caret);
    if current != state.current {
        state.current = current;
        if !state.focused {
            state.reveal = current;
        }
    }
    let step = ROW_HEIGHT + ui.spacing().item_spacing.y;
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("outline-scroll")
        .auto_shrink([false, false]);
    if state.view_height > 0.0
        && let Some(row) = state.reveal.take()
    {
        let top = row as f32 * step;
        let bottom = top + ROW_HEIGHT;
        if top < state.scroll_offset {
            scroll = scroll.vertical_scroll_offset(top);
        } else if bottom > state.scroll_offset + state.view_height {
            scroll = scroll.vertical_scroll_offset(bottom - state.view_height);
        }
    }
    let base = ui.scope_id().with("outline-row");
    let mut focused = None;
    let output = scroll.show_rows(ui, ROW_HEIGHT, count, |ui, rows| {
        for index in rows {
            let id = base.with(index);
            let row = Row {
                heading: &view.headings[index],
                current: current == Some(index),
                mark: state.mark(view.report, view.headings[index].range.start),
                indent: f32::from(view.headings[index].level.saturating_sub(state.top_level))
                    * INDENT,
            };
            let response = row.ui(ui, id, &palette);
            if state.focus_pending && state.cursor == Some(index) {
                response.request_focus();
                state.focus_pending = false;
            }
            if response.has_focus() {
                focused = Some(index);
                // The arrow keys move between rows rather than to other widgets.
                ui.memory_mut(|memory| {
                    memory.set_focus_lock_filter(
                        id,
                        egui::EventFilter {
                            vertical_arrows: true,
                            ..Default::default()
                        },
                    );
                });
            }
            if response.clicked() {
                action = Some(OutlineAction::Go(index));
                state.cursor = Some(index);
            }
        }
    });
    state.scroll_offset = output.state.clamped_offset().y;
    state.view_height = output.inner_rect.height();
    state.focused = focused.is_some();
    if let Some(index) = focused {
        state.cursor = Some(index);
    }
    action
}

/// The keys of the row the keyboard is on: moving between rows, and Enter to go.
fn keyboard(ui: &Ui, state: &mut OutlineState, count: usize) -> Option<OutlineAction> {
    if !state.focused {
        return None;
    }
    let row = state.cursor?.min(count - 1);
    let page = ((state.view_height / ROW_HEIGHT).floor() as usize).max(2) - 1;
    let (up, down, page_up, page_down, home, end, enter) = ui.input_mut(|input| {
        let mut key = |key| input.count_and_consume_key(Modifiers::NONE, key);
        (
            key(Key::ArrowUp),
            key(Key::ArrowDown),
            key(Key::PageUp),
            key(Key::PageDown),
            key(Key::Home) > 0,
            key(Key::End) > 0,
            key(Key::Enter) > 0,
        )
    });
    let mut target = (row + down + page_down * page).saturating_sub(up + page_up * page);
    if home {
        target = 0;
    }
    if end {
        target = count - 1;
    }
    let target = target.min(count - 1);
    if target != row {
        state.cursor = Some(target);
        state.focus_pending = true;
        state.reveal = Some(target);
    }
    enter.then_some(OutlineAction::Go(target))
}

/// One heading's row.
struct Row<'a> {
    heading: &'a Heading,
    /// Whether its section holds the caret.
    current: bool,
    /// What the audit says about its level, if anything.
    mark: Option<&'a str>,
    /// How far its text is indented, in points.
    indent: f32,
}

impl Row<'_> {
    /// Paints the row: a bar and a tint when it holds the caret, the text indented by
    /// level and cut to fit, a warning mark when its level is out of step, the level at
    /// the right.
    fn ui(&self, ui: &mut Ui, id: egui::Id, palette: &Palette) -> egui::Response {
        let size = vec2(ui.available_width(), ROW_HEIGHT);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        let response = ui.interact(rect, id, Sense::click());
        let heading = self.heading;
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &heading.text));
        ui.ctx().accesskit_node_builder(id, |node| {
            if self.current {
                node.set_aria_current(egui::accesskit::AriaCurrent::Location);
            }
            let level = format!("Heading level {}", heading.level);
            node.set_description(match self.mark {
                Some(message) => format!("{level}. {message}"),
                None => level,
            });
        });
        let visuals = ui.visuals();
        let painter = ui.painter_at(rect);
        if self.current {
            painter.rect_filled(rect, 4.0, palette.accent.gamma_multiply(0.14));
            painter.rect_filled(
                egui::Rect::from_min_size(rect.left_top() + vec2(0.0, 4.0), vec2(3.0, 16.0)),
                1.5,
                palette.accent,
            );
        } else if response.hovered() {
            painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
        }
        if response.has_focus() {
            theme::focus_ring(&painter, rect, palette);
        }
        let centre_y = rect.center().y;
        let mut right = rect.right() - 6.0;
        let level = painter.layout_no_wrap(
            format!("H{}", heading.level),
            TextStyle::Small.resolve(ui.style()),
            palette.muted,
        );
        painter.galley(
            pos2(right - level.size().x, centre_y - level.size().y / 2.0),
            level.clone(),
            palette.muted,
        );
        right -= level.size().x + 8.0;
        if self.mark.is_some() {
            warning_mark(&painter, pos2(right - 6.0, centre_y), palette);
            right -= 18.0;
        }
        let left = rect.left() + 10.0 + self.indent;
        let colour = if self.current {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let galley = truncated(ui, &heading.text, TextStyle::Body, colour, right - left);
        let cut = galley.size().x >= right - left - 1.0;
        painter.galley(pos2(left, centre_y - galley.size().y / 2.0), galley, colour);
        match self.mark {
            Some(message) => response.on_hover_ui(|ui| {
                ui.set_max_width(360.0);
                ui.label(message);
            }),
            None if cut => response.on_hover_ui(|ui| {
                ui.set_max_width(360.0);
                ui.label(&heading.text);
            }),
            None => response,
        }
    }
}

/// A small warning triangle with an exclamation mark, centred on `centre`.
fn warning_mark(painter: &egui::Painter, centre: egui::Pos2, palette: &Palette) {
    let points = vec![
        centre + vec2(0.0, -6.5),
        centre + vec2(6.5, 5.0),
        centre + vec2(-6.5, 5.0),
    ];
    painter.add(egui::Shape::convex_polygon(
        points,
        palette.warning,
        egui::Stroke::NONE,
    ));
    let ink = egui::Stroke::new(1.6, palette.chrome);
    painter.line_segment([centre + vec2(0.0, -2.5), centre + vec2(0.0, 1.0)], ink);
    painter.circle_filled(centre + vec2(0.0, 3.2), 0.9, palette.chrome);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(starts: &[usize]) -> Vec<Heading> {
        starts
            .iter()
            .map(|&start| Heading {
                level: 2,
                text: format!("at {start}"),
                id: format!("at-{start}"),
                range: start..start + 5,
            })
            .collect()
    }

    #[test]
    fn the_heading_holding_an_offset_is_the_last_that_starts_before_it() {
        let outline = headings(&[10, 40, 90]);
        assert_eq!(heading_at(&outline, 0), None, "before the first heading");
        assert_eq!(heading_at(&outline, 10), Some(0));
        assert_eq!(heading_at(&outline, 39), Some(0));
        assert_eq!(heading_at(&outline, 40), Some(1));
        assert_eq!(heading_at(&outline, 5_000), Some(2));
        assert_eq!(heading_at(&[], 5), None);
    }
}
