//! The widget: [`editor_ui`] runs one frame of the editor in order (take the view, handle
//! the input, scroll to the caret, lay out what is in view, paint, tell the platform) and
//! returns the frame's [`EditorOutput`].

use egui::{Color32, EventFilter, Sense, Ui};

use super::accessibility::accessibility;
use super::input::{Editing, ime_output};
use super::layout::{LayoutKey, colours_hash};
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

/// Shows the editor for `text`.
pub fn editor_ui(
    ui: &mut Ui,
    state: &mut EditorState,
    text: &mut String,
    style: &EditorStyle,
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

    paint(
        ui,
        state,
        &view,
        text,
        style,
        has_focus,
        composing.as_ref(),
        now,
    );
    accessibility(ui, &response, id, text);
    if has_focus {
        ime_output(ui, state, &view, text, composing.as_ref());
    }
    state.view = Some(view);
    EditorOutput {
        changes,
        selection_before,
        selection_after: state.selection(),
        has_focus,
        context_offset: state.context_offset,
        response: Some(response),
    }
}
