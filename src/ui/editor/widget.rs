//! The widget: [`editor_ui`] runs one frame of the editor in order (take the view, handle
//! the input, scroll to the caret, lay out what is in view, paint, tell the platform) and
//! returns the frame's [`EditorOutput`].

use egui::accesskit::Role;
use egui::{Color32, EventFilter, Sense, Ui};

use super::accessibility::accessibility;
use super::context_menu::open_menu;
use super::input::{Editing, ime_output};
use super::layout::{LayoutKey, colours_hash};
use super::marks::MarkLayer;
use super::output::EditorOutput;
use super::paint::paint;
use super::scroll::scroll_to_caret;
use super::state::EditorState;
use super::view::{View, columns, frame_metrics};
use crate::ui::theme::SyntaxColours;

/// How the editor looks.
#[derive(Clone, Debug)]
pub struct EditorStyle {
    /// Font size in points.
    pub font_size: f32,
    /// Colours of the Markdown syntax.
    pub colours: SyntaxColours,
    /// Background of the editing area.
    pub background: Color32,
    /// The widest the text column may grow, in points; the column is centred.
    pub max_text_width: f32,
}

/// Shows the editor for `text`, with `marks` drawn over it (later layers on top).
pub fn editor_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    text: &mut String,
    style: &EditorStyle,
    marks: &[&MarkLayer],
) -> EditorOutput {
    let ctx = ui.ctx().clone();
    let id = ui.make_persistent_id("markdown-editor");
    let rect = ui.available_rect_before_wrap();
    ui.advance_cursor_after_rect(rect);
    let response = ui.interact(rect, id, Sense::click_and_drag());

    let metrics = frame_metrics(ui, rect, style);
    let mut view = match state.view.take() {
        Some(view) if view.doc.agrees_with(text, &[state.cursor, state.anchor]) => view,
        // A text the editor has not seen, or one changed behind its back.
        _ => View::new(text, metrics),
    };
    view.doc.refresh(text);
    view.m = metrics;
    view.doc.set_columns(columns(&metrics));
    let key = LayoutKey {
        wrap_width: metrics.wrap_width,
        font_size: style.font_size,
        colours: colours_hash(&style.colours),
        pixels_per_point: ctx.pixels_per_point(),
    };
    if view.cache.begin_frame(&ctx, key, style, metrics.row_height) {
        view.revision += 1;
    }
    // Keep the selection on character boundaries of this text.
    state.anchor = text.floor_char_boundary(state.anchor);
    state.cursor = text.floor_char_boundary(state.cursor);
    let selection_before = state.selection();
    let now = ui.input(|i| i.time);
    let mut changes = Vec::new();

    if state.wants_focus {
        response.request_focus();
        state.wants_focus = false;
        state.last_interaction = now;
    }
    let has_focus = response.has_focus();
    let composing = {
        let mut editing = Editing {
            state: &mut *state,
            view: &mut view,
            text: &mut *text,
            changes: &mut changes,
            ctx: &ctx,
            now,
        };
        editing.accesskit_requests(id);
        if has_focus {
            // Tab and the arrows stay with the editor from the frame after it gains focus.
            if !ui.memory(|memory| memory.had_focus_last_frame(id)) {
                ui.ctx().request_repaint();
            }
            ui.memory_mut(|memory| {
                memory.set_focus_lock_filter(
                    id,
                    EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                    },
                );
            });
            let events = ui.input(|i| i.events.clone());
            for event in events {
                editing.event(event);
            }
        }
        editing.pointer(ui, &response, id);
        editing.composing()
    };
    scroll_to_caret(state, &mut view, &ctx, text);
    view.layout_visible(&ctx, text, composing.as_ref());
    open_menu(state, &response, &view, text);

    paint(
        ui,
        state,
        &view,
        text,
        style,
        has_focus,
        composing.as_ref(),
        marks,
        now,
    );
    accessibility(ui, &response, id, text);
    let hovered_mark = hovered_mark(ui, &response, &view, text, marks);
    if let Some((layer, index)) = hovered_mark
        && let Some(note) = &marks[layer].marks()[index].note
    {
        response.clone().on_hover_text_at_pointer(note.as_ref());
    }
    marks_for_assistive_technology(ui, id, &view, text, marks);
    if has_focus {
        ime_output(ui, state, &view, text, composing.as_ref());
    }
    state.view = Some(view);
    EditorOutput {
        changes,
        selection_before,
        selection_after: state.selection(),
        has_focus,
        hovered_mark,
    }
}

/// The mark under the pointer: of the marks there, one in the topmost layer.
fn hovered_mark(
    ui: &Ui,
    response: &egui::Response,
    view: &View,
    text: &str,
    marks: &[&MarkLayer],
) -> Option<(usize, usize)> {
    if marks.iter().all(|layer| layer.is_empty()) || !response.hovered() {
        return None;
    }
    let pointer = ui.input(|i| i.pointer.hover_pos())?;
    let (offset, _) = view.hit(text, pointer)?;
    marks
        .iter()
        .enumerate()
        .rev()
        .find_map(|(layer, marks)| marks.at(offset).map(|index| (layer, index)))
}

/// Each mark in view that has a note is a node of its own under the editor's, with the
/// note as its name, so that assistive technology (and the window's tests) can find it.
fn marks_for_assistive_technology(
    ui: &Ui,
    id: egui::Id,
    view: &View,
    text: &str,
    marks: &[&MarkLayer],
) {
    if !ui.ctx().has_accesskit_node(id) {
        return;
    }
    let (Some(first), Some(last)) = (view.visible.first(), view.visible.last()) else {
        return;
    };
    let in_view =
        view.doc.lines.line_start(first.line)..view.doc.lines.line_range(last.line).end + 1;
    for (layer_index, layer) in marks.iter().enumerate() {
        for index in layer.touching(in_view.clone()) {
            let mark = &layer.marks()[index];
            let Some(note) = &mark.note else {
                continue;
            };
            let Some(visible) = view.visible.iter().find(|visible| {
                view.doc
                    .lines
                    .line_range(visible.line)
                    .contains(&mark.range.start)
            }) else {
                continue;
            };
            let Some(rect) = super::paint::mark_rect(view, visible, text, mark.range.clone())
            else {
                continue;
            };
            let mark_id = id.with(("mark", layer_index, mark.range.start, mark.range.end));
            let response = ui.interact(rect, mark_id, Sense::hover());
            let label = note.to_string();
            response.widget_info(|| egui::WidgetInfo::labeled(Role::Mark, true, &label));
        }
    }
}
