//! Painting one frame: the background, fenced code bands, the selection, highlights, the
//! text, underlines, the blinking caret, and the scroll bar's thumb and ticks.

use std::ops::Range;
use std::sync::Arc;

use egui::text::CharIndex;
use egui::{Color32, CornerRadius, Pos2, Rect, Shape, Stroke, Ui, pos2, vec2};

use super::EditorStyle;
use super::marks::{MarkLayer, MarkStyle};
use super::scroll::thumb;
use super::state::EditorState;
use super::view::{Composing, SCROLLBAR_WIDTH, TOP_PADDING, View, VisibleLine, ccursor};

/// The caret stops blinking (and the editor stops asking for repaints) after this many
/// seconds without input.
const BLINK_SECONDS: f64 = 10.0;

#[expect(clippy::too_many_arguments)]
pub(super) fn paint(
    ui: &Ui,
    state: &EditorState,
    view: &View,
    text: &str,
    style: &EditorStyle,
    has_focus: bool,
    composing: Option<&Composing>,
    marks: &[&MarkLayer],
    now: f64,
) {
    let m = view.m;
    let painter = ui.painter_at(m.rect);
    painter.rect_filled(m.rect, 0.0, style.background);
    let selection = state.selection();
    let selection_fill = if has_focus {
        ui.visuals().selection.bg_fill
    } else {
        ui.visuals().selection.bg_fill.gamma_multiply(0.6)
    };
    for visible in &view.visible {
        let line = visible.line;
        // Fenced code sits on a band the width of the column.
        let (inside, opens, closes) = view.doc.code_block(line);
        if inside {
            let band = Rect::from_min_max(
                pos2(m.text_left - 10.0, visible.top),
                pos2(
                    m.text_left + m.wrap_width + 10.0,
                    visible.top + visible.height(),
                ),
            );
            let radius = |round: bool| if round { 6 } else { 0 };
            painter.rect_filled(
                band,
                CornerRadius {
                    nw: radius(opens),
                    ne: radius(opens),
                    sw: radius(closes),
                    se: radius(closes),
                },
                style.colours.code_background,
            );
        }
        // The selection, with a sliver past the end of each line whose `\n` it takes.
        let range = view.doc.lines.line_range(line);
        let is_composing = composing.is_some_and(|c| c.line == line);
        if !selection.is_empty()
            && !is_composing
            && selection.start <= range.end
            && selection.end >= range.start
        {
            let takes_newline = selection.end > range.end && line + 1 < view.doc.lines.line_count();
            for rect in row_rects(view, visible, text, selection.clone(), takes_newline) {
                painter.rect_filled(rect, 2.0, selection_fill);
            }
        }
        if !is_composing {
            paint_marks(&painter, view, visible, text, marks, Layer::Behind);
        }
        painter.galley(
            pos2(m.text_left, visible.top),
            Arc::clone(&visible.galley),
            style.colours.text,
        );
        if !is_composing {
            paint_marks(&painter, view, visible, text, marks, Layer::Over);
        }
    }
    if has_focus && ui.input(|i| i.focused) {
        paint_caret(ui, &painter, state, view, text, composing, now);
    }
    // The scroll bar: a thin thumb, wider when the pointer is near.
    let content = view.content_height();
    if content > f64::from(view.viewport_height()) + 1.0 {
        let track = Rect::from_min_max(
            pos2(m.rect.right() - SCROLLBAR_WIDTH, m.rect.top()),
            m.rect.right_bottom(),
        );
        let (top, height) = thumb(view.view_top(), content, track);
        let near = ui
            .input(|i| i.pointer.hover_pos())
            .is_some_and(|pos| track.expand(4.0).contains(pos))
            || state.scrollbar_grab.is_some();
        let width = if near { 8.0 } else { 4.0 };
        let thumb = Rect::from_min_max(
            pos2(track.right() - width - 2.0, top + 2.0),
            pos2(track.right() - 2.0, top + height - 2.0),
        );
        let colour = style
            .colours
            .marker
            .gamma_multiply(if near { 0.9 } else { 0.5 });
        for layer in marks.iter().filter(|layer| layer.on_scroll_bar()) {
            paint_ticks(&painter, state, view, layer, track);
        }
        painter.rect_filled(thumb, width / 2.0, colour);
    }
}

/// Whether marks are painted behind the text (highlights) or over it (underlines).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layer {
    Behind,
    Over,
}

/// The rectangles on screen, one per row, of `bytes` of the visible line, with a sliver
/// for its line break when `takes_newline`.
fn row_rects(
    view: &View,
    visible: &VisibleLine,
    text: &str,
    bytes: Range<usize>,
    takes_newline: bool,
) -> Vec<Rect> {
    let m = view.m;
    let range = view.doc.lines.line_range(visible.line);
    let start = bytes.start.clamp(range.start, range.end);
    let end = bytes.end.clamp(start, range.end);
    let first_char = text[range.start..start].chars().count();
    let last_char = first_char + text[start..end].chars().count();
    let newline_width = m.char_width * 0.6;
    let mut rects = Vec::new();
    let mut row_start = 0;
    let rows = visible.galley.rows.len();
    for (index, row) in visible.galley.rows.iter().enumerate() {
        let row_end = row_start + row.glyphs.len();
        let last_row = index + 1 == rows;
        let from = first_char.max(row_start);
        let to = last_char.min(row_end);
        let covers = from < to || (last_row && takes_newline && from <= to);
        if covers && (from < row_end || last_row) {
            let left = row.pos.x + row.x_offset(CharIndex(from - row_start));
            let mut right = if to < row_end {
                row.pos.x + row.x_offset(CharIndex(to - row_start))
            } else {
                row.pos.x + row.size.x
            };
            if last_row && takes_newline {
                right += newline_width;
            }
            rects.push(Rect::from_min_max(
                pos2(m.text_left + left, visible.top + row.min_y()),
                pos2(m.text_left + right, visible.top + row.max_y()),
            ));
        }
        row_start = row_end;
    }
    rects
}

/// Where on screen the first row of `bytes` of a visible line is.
pub(super) fn mark_rect(
    view: &View,
    visible: &VisibleLine,
    text: &str,
    bytes: Range<usize>,
) -> Option<Rect> {
    row_rects(view, visible, text, bytes, false)
        .into_iter()
        .next()
}

/// Paints the marks of every layer on one visible line: highlights behind the text, or
/// underlines over it.
fn paint_marks(
    painter: &egui::Painter,
    view: &View,
    visible: &VisibleLine,
    text: &str,
    marks: &[&MarkLayer],
    layer: Layer,
) {
    let range = view.doc.lines.line_range(visible.line);
    // A mark on an empty line still shows, as a sliver.
    let bytes = range.start..range.end.max(range.start + 1);
    for marks in marks {
        for index in marks.touching(bytes.clone()) {
            let mark = &marks.marks()[index];
            if mark.range.end <= range.start || mark.range.start > range.end {
                continue;
            }
            let behind = matches!(mark.style, MarkStyle::Highlight(_));
            if behind != (layer == Layer::Behind) {
                continue;
            }
            for rect in row_rects(view, visible, text, mark.range.clone(), false) {
                match mark.style {
                    MarkStyle::Highlight(colour) => {
                        painter.rect_filled(rect, 2.0, colour);
                    }
                    MarkStyle::Wavy(colour) => wavy_underline(painter, rect, colour),
                    MarkStyle::Dotted(colour) => {
                        let y = rect.bottom() - 1.5;
                        painter.extend(Shape::dotted_line(
                            &[pos2(rect.left(), y), pos2(rect.right(), y)],
                            colour,
                            3.0,
                            0.8,
                        ));
                    }
                }
            }
        }
    }
}

/// A wavy line along the bottom of `rect`, as spelling checkers draw.
pub(crate) fn wavy_underline(painter: &egui::Painter, rect: Rect, colour: Color32) {
    // A period of 6 points, 2.6 high: a calm wave at any text size, never a fuzz.
    const STEP: f32 = 3.0;
    const AMPLITUDE: f32 = 1.3;
    let base = rect.bottom() - 1.5;
    let steps = ((rect.width() / STEP).ceil() as usize).max(1);
    let points: Vec<Pos2> = (0..=steps)
        .map(|step| {
            let x = (rect.left() + step as f32 * STEP).min(rect.right());
            let y = if step % 2 == 0 {
                base - AMPLITUDE
            } else {
                base + AMPLITUDE
            };
            pos2(x, y)
        })
        .collect();
    painter.add(Shape::line(points, Stroke::new(1.2, colour)));
}

/// Ticks on the scroll bar's track where a layer's marks are, one per pixel row at most.
fn paint_ticks(
    painter: &egui::Painter,
    state: &EditorState,
    view: &View,
    layer: &MarkLayer,
    track: Rect,
) {
    let key = TicksKey {
        generation: layer.generation(),
        rows: view.doc.rows.total(),
        lines: view.doc.lines.line_count(),
        height: track.height().round() as i32,
    };
    let mut cache = state.ticks.borrow_mut();
    let ticks = match cache.iter().position(|(cached, _)| *cached == key) {
        Some(index) => &cache[index].1,
        None => {
            let content = view.content_height().max(1.0);
            let row_height = f64::from(view.m.row_height);
            let mut rows: Vec<u16> = Vec::new();
            let mut last_line = usize::MAX;
            for mark in layer.marks() {
                let line = view.doc.lines.line_of(mark.range.start);
                if line == last_line {
                    continue;
                }
                last_line = line;
                let y = (f64::from(TOP_PADDING) + view.doc.rows.prefix(line) as f64 * row_height)
                    / content;
                let row = (y * f64::from(track.height())).clamp(0.0, f64::from(u16::MAX)) as u16;
                if rows.last() != Some(&row) {
                    rows.push(row);
                }
            }
            cache.retain(|(cached, _)| cached.generation != key.generation);
            cache.push((key, rows));
            if cache.len() > 4 {
                cache.remove(0);
            }
            &cache[cache.len() - 1].1
        }
    };
    // The marks' colour without its transparency: a translucent highlight would make a
    // tick too faint to see (`to_opaque` alone keeps the premultiplied, darkened colour).
    let [red, green, blue, _] = layer
        .marks()
        .first()
        .map_or(Color32::GRAY, |mark| match mark.style {
            MarkStyle::Highlight(colour) | MarkStyle::Wavy(colour) | MarkStyle::Dotted(colour) => {
                colour
            }
        })
        .to_srgba_unmultiplied();
    let colour = Color32::from_rgb(red, green, blue);
    // Ticks that touch are painted as one band: a post with marks on most lines costs a few
    // rectangles, not one per pixel row (benches/app, idle frame).
    let mut rows = ticks.iter().copied().peekable();
    while let Some(first) = rows.next() {
        let mut last = first;
        while let Some(&next) = rows.peek() {
            if next > last.saturating_add(2) {
                break;
            }
            last = next;
            rows.next();
        }
        let top = track.top() + f32::from(first);
        let bottom = track.top() + f32::from(last);
        painter.rect_filled(
            Rect::from_min_max(
                pos2(track.left() + 1.0, top - 1.0),
                pos2(track.right() - 1.0, bottom + 1.0),
            ),
            0.0,
            colour,
        );
    }
}

/// What a layer's scroll-bar ticks were computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TicksKey {
    generation: u64,
    rows: u64,
    lines: usize,
    height: i32,
}

/// The caret's rectangle on screen, if its line is in view.
pub(super) fn caret_rect(
    state: &EditorState,
    view: &View,
    text: &str,
    composing: Option<&Composing>,
) -> Option<Rect> {
    let m = view.m;
    let line = view.doc.lines.line_of(state.cursor);
    let visible = view.visible.iter().find(|v| v.line == line)?;
    let cursor = match (composing, &state.preedit) {
        (Some(composing), Some(preedit)) if composing.line == line => {
            let within = preedit
                .active
                .as_ref()
                .map_or(composing.chars.len(), |active| active.end);
            ccursor(composing.chars.start + within, false)
        }
        _ => {
            let start = view.doc.lines.line_start(line);
            let chars = text[start..state.cursor].chars().count();
            ccursor(chars, state.upstream)
        }
    };
    let at = visible.galley.pos_from_cursor(cursor);
    let caret_height = (m.font_size * 1.35).min(m.row_height);
    let middle = visible.top + (at.min.y + at.max.y) / 2.0;
    Some(Rect::from_min_max(
        pos2(m.text_left + at.min.x, middle - caret_height / 2.0),
        pos2(m.text_left + at.min.x, middle + caret_height / 2.0),
    ))
}

fn paint_caret(
    ui: &Ui,
    painter: &egui::Painter,
    state: &EditorState,
    view: &View,
    text: &str,
    composing: Option<&Composing>,
    now: f64,
) {
    let Some(rect) = caret_rect(state, view, text, composing) else {
        return;
    };
    let cursor_style = &ui.visuals().text_cursor;
    let since = now - state.last_interaction;
    let shown = if cursor_style.blink && since < BLINK_SECONDS {
        let on = f64::from(cursor_style.on_duration);
        let period = on + f64::from(cursor_style.off_duration);
        let phase = since % period;
        let (shown, wake) = if phase < on {
            (true, on - phase)
        } else {
            (false, period - phase)
        };
        ui.ctx()
            .request_repaint_after_secs(wake.min(BLINK_SECONDS - since).max(0.01) as f32);
        shown
    } else {
        true
    };
    if shown {
        let width = cursor_style.stroke.width.max(1.5);
        painter.rect_filled(
            Rect::from_center_size(rect.center(), vec2(width, rect.height())),
            width / 2.0,
            cursor_style.stroke.color,
        );
    }
}
