//! How the window's width is shared between the side dock, the editor, the preview and
//! Post details, and the edges the author drags to change it.
//!
//! The editor and the preview together keep at least [`BODY_SHARE`] of the window, and the
//! editor never gets narrower than a readable column ([`editor_min`]): when the window is
//! too narrow for the widths the author chose, the side panels give way first, down to their
//! narrowest, and the preview keeps its share of what is left. Widths are whole points.

use egui::{CursorIcon, Id, LayerId, Order, Rangef, Sense, Ui, accesskit, pos2, vec2};

/// The narrowest the side dock gets while there is room, in points.
pub const DOCK_MIN: f32 = 180.0;
/// The widest the side dock can be dragged, in points.
pub const DOCK_MAX: f32 = 520.0;
/// The side dock's width until the author drags its edge, in points.
pub const DOCK_DEFAULT: f32 = 290.0;
/// The narrowest Post details gets while there is room, in points.
pub const DETAILS_MIN: f32 = 230.0;
/// The widest Post details can be dragged, in points.
pub const DETAILS_MAX: f32 = 520.0;
/// Post details' width until the author drags its edge, in points.
pub const DETAILS_DEFAULT: f32 = 330.0;
/// The least share of the window's width the editor and the preview keep together.
pub const BODY_SHARE: f32 = 0.4;
/// The preview's share of the editor and preview until the author drags the edge between.
pub const PREVIEW_SHARE_DEFAULT: f32 = 0.5;

/// The editor's narrowest readable width at a text size: 24 em, about 36 columns of its
/// monospace text between its margins.
pub fn editor_min(text_size: f32) -> f32 {
    (text_size * 24.0).round()
}

/// The preview's narrowest width at a text size: 16 em, about 30 characters of its text.
pub fn preview_min(text_size: f32) -> f32 {
    (text_size * 16.0).round()
}

/// What the author asked for: the window's width and the widths of the panels shown
/// (`None` for a panel that is hidden).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wanted {
    /// The width to share, in points.
    pub window: f32,
    /// The editor's text size, which sets its narrowest readable width.
    pub text_size: f32,
    /// The side dock's width, when it is open.
    pub dock: Option<f32>,
    /// Post details' width, when it is open.
    pub details: Option<f32>,
    /// The preview's share of the editor and preview, when the preview is shown.
    pub preview_share: Option<f32>,
}

/// The widths each part gets this frame, left to right: dock, editor, preview, details.
/// A hidden part has width 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Columns {
    /// The side dock.
    pub dock: f32,
    /// The editor.
    pub editor: f32,
    /// The preview.
    pub preview: f32,
    /// Post details.
    pub details: f32,
    /// The least the editor and the preview keep together.
    body_min: f32,
    /// The editor's narrowest readable width.
    editor_min: f32,
    /// The preview's narrowest width.
    preview_min: f32,
}

impl Columns {
    /// Shares the window's width as the author asked, as far as the rules allow.
    pub fn share(wanted: &Wanted) -> Self {
        let window = wanted.window.max(0.0);
        let editor_min = editor_min(wanted.text_size).min(window);
        let preview_min = if wanted.preview_share.is_some() {
            preview_min(wanted.text_size)
        } else {
            0.0
        };
        let dock_min = if wanted.dock.is_some() { DOCK_MIN } else { 0.0 };
        let details_min = if wanted.details.is_some() {
            DETAILS_MIN
        } else {
            0.0
        };
        let body_min = (BODY_SHARE * window).max(editor_min + preview_min);
        let mut columns = Self {
            body_min,
            editor_min,
            preview_min,
            ..Self::default()
        };
        let others_min = preview_min + dock_min + details_min;
        if window < editor_min + others_min {
            // Too narrow for every part at its narrowest: the editor keeps its column and
            // the others share the rest by their narrowest widths.
            let scale = if others_min > 0.0 {
                (window - editor_min) / others_min
            } else {
                0.0
            };
            columns.dock = (dock_min * scale).floor();
            columns.details = (details_min * scale).floor();
            columns.preview = (preview_min * scale).floor();
        } else {
            let dock = wanted.dock.map_or(0.0, |w| w.clamp(DOCK_MIN, DOCK_MAX));
            let details = wanted
                .details
                .map_or(0.0, |w| w.clamp(DETAILS_MIN, DETAILS_MAX));
            let room = (window - body_min).max(0.0);
            let (dock, details) = fit(dock, dock_min, details, details_min, room);
            columns.dock = dock.round();
            columns.details = details.round();
            let body = window - columns.dock - columns.details;
            if let Some(share) = wanted.preview_share {
                let largest = (body - editor_min).max(0.0);
                columns.preview = (body * share.clamp(0.0, 1.0))
                    .clamp(preview_min.min(largest), largest)
                    .round();
            }
        }
        columns.editor = window - columns.dock - columns.details - columns.preview;
        columns
    }

    /// The editor and the preview together.
    pub fn body(&self) -> f32 {
        self.editor + self.preview
    }

    /// The dock's width if its edge is dragged to `width`: within its limits, and never
    /// taking what the editor and the preview keep.
    pub fn drag_dock(&self, width: f32) -> f32 {
        let largest = (self.dock + self.body() - self.body_min).clamp(DOCK_MIN, DOCK_MAX);
        width.clamp(DOCK_MIN, largest).round()
    }

    /// Post details' width if its edge is dragged to `width`, as for the dock.
    pub fn drag_details(&self, width: f32) -> f32 {
        let largest = (self.details + self.body() - self.body_min).clamp(DETAILS_MIN, DETAILS_MAX);
        width.clamp(DETAILS_MIN, largest).round()
    }

    /// The preview's share if the edge between the editor and the preview is dragged so that
    /// the preview is `width` wide: the editor keeps its readable width, the preview its
    /// narrowest.
    pub fn drag_preview(&self, width: f32) -> f32 {
        let body = self.body();
        if body <= 0.0 {
            return PREVIEW_SHARE_DEFAULT;
        }
        let largest = (body - self.editor_min).max(0.0);
        let width = width.clamp(self.preview_min.min(largest), largest);
        ((width / body) * 1000.0).round() / 1000.0
    }
}

/// Shrinks two widths to fit `room`, each keeping its floor while it can: what they have
/// above their floors shrinks in proportion. Below the floors, the floors shrink instead.
fn fit(a: f32, a_min: f32, b: f32, b_min: f32, room: f32) -> (f32, f32) {
    if a + b <= room {
        return (a, b);
    }
    let floors = a_min + b_min;
    if room <= floors {
        let scale = if floors > 0.0 { room / floors } else { 0.0 };
        return (a_min * scale, b_min * scale);
    }
    let slack = (a - a_min) + (b - b_min);
    let keep = (room - floors) / slack;
    (a_min + (a - a_min) * keep, b_min + (b - b_min) * keep)
}

/// Points a splitter moves for one step of the keyboard or assistive technology.
const SPLITTER_STEP: f32 = 16.0;

/// An edge between two columns that the author drags: at `x`, over `y`, named `label` for
/// assistive technology. Returns where the edge should go: the pointer's x while dragged,
/// or one step left or right for the arrow keys (when focused) and AccessKit's increment
/// and decrement. `grows_right` says which way "increment" moves the edge: towards the
/// side whose panel gets wider.
///
/// Call it after the panels on both sides, so that it sits on top of them.
pub fn splitter_ui(
    ui: &Ui,
    id: Id,
    x: f32,
    y: Rangef,
    label: &str,
    grows_right: bool,
) -> Option<f32> {
    let grab = 4.0;
    let rect = egui::Rect::from_x_y_ranges(Rangef::new(x - grab, x + grab), y);
    let response = ui.interact(rect, id, Sense::drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Splitter, true, label));
    let dragged = response.dragged();
    let focused = response.has_focus();
    if response.hovered() || dragged {
        ui.set_cursor_icon(CursorIcon::ResizeHorizontal);
    }
    if response.hovered() || dragged || focused {
        let stroke = if dragged || focused {
            ui.visuals().widgets.active.fg_stroke
        } else {
            ui.visuals().widgets.hovered.fg_stroke
        };
        ui.ctx()
            .layer_painter(LayerId::new(Order::Middle, id))
            .vline(x, y, stroke);
    }
    if focused {
        // The arrow keys move the edge rather than the keyboard focus.
        ui.memory_mut(|memory| {
            memory.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            );
        });
    }
    if dragged && let Some(pointer) = response.interact_pointer_pos() {
        return Some(pointer.x);
    }
    let direction = if grows_right { 1.0 } else { -1.0 };
    let steps = ui.input_mut(|input| {
        let mut steps = input.num_accesskit_action_requests(id, accesskit::Action::Increment)
            as f32
            - input.num_accesskit_action_requests(id, accesskit::Action::Decrement) as f32;
        if focused {
            steps += input.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight)
                as f32
                * direction;
            steps -= input.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft)
                as f32
                * direction;
        }
        steps
    });
    ui.ctx().accesskit_node_builder(id, |node| {
        node.add_action(accesskit::Action::Increment);
        node.add_action(accesskit::Action::Decrement);
    });
    (steps != 0.0).then_some(x + steps * SPLITTER_STEP * direction)
}

/// A rectangle `width` wide starting at `left`, over `y`.
pub fn column_rect(left: f32, width: f32, y: Rangef) -> egui::Rect {
    egui::Rect::from_min_size(pos2(left, y.min), vec2(width, y.span()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(window: f32) -> Wanted {
        Wanted {
            window,
            text_size: 15.0,
            dock: Some(DOCK_DEFAULT),
            details: Some(DETAILS_DEFAULT),
            preview_share: Some(PREVIEW_SHARE_DEFAULT),
        }
    }

    fn assert_adds_up(columns: &Columns, window: f32) {
        let total = columns.dock + columns.editor + columns.preview + columns.details;
        assert!((total - window).abs() < 0.01, "{columns:?} in {window}");
    }

    #[test]
    fn a_wide_window_gives_every_panel_its_width_and_splits_the_rest() {
        let columns = Columns::share(&wanted(1400.0));
        assert_eq!(columns.dock, DOCK_DEFAULT);
        assert_eq!(columns.details, DETAILS_DEFAULT);
        assert_eq!(columns.preview, 390.0);
        assert_eq!(columns.editor, 390.0);
        assert_adds_up(&columns, 1400.0);
    }

    #[test]
    fn wide_side_panels_give_way_so_the_body_keeps_its_share() {
        let mut wanted = wanted(1400.0);
        wanted.dock = Some(DOCK_MAX);
        wanted.details = Some(DETAILS_MAX);
        let columns = Columns::share(&wanted);
        assert!(columns.body() >= BODY_SHARE * 1400.0, "{columns:?}");
        assert!(columns.editor >= editor_min(15.0), "{columns:?}");
        // Both gave way in proportion to what they had above their narrowest.
        assert!(columns.dock < DOCK_MAX && columns.details < DETAILS_MAX);
        let dock_kept = (columns.dock - DOCK_MIN) / (DOCK_MAX - DOCK_MIN);
        let details_kept = (columns.details - DETAILS_MIN) / (DETAILS_MAX - DETAILS_MIN);
        assert!((dock_kept - details_kept).abs() < 0.01, "{columns:?}");
        assert_adds_up(&columns, 1400.0);
    }

    #[test]
    fn at_1024_points_with_everything_open_the_editor_stays_readable() {
        let columns = Columns::share(&wanted(1024.0));
        assert!(columns.editor >= editor_min(15.0), "{columns:?}");
        assert!(columns.preview >= preview_min(15.0), "{columns:?}");
        assert!(columns.dock >= DOCK_MIN && columns.details >= DETAILS_MIN);
        assert!(columns.body() >= BODY_SHARE * 1024.0);
        assert_adds_up(&columns, 1024.0);
    }

    #[test]
    fn a_window_too_narrow_for_everything_keeps_the_editor_whole() {
        for window in [720.0, 900.0] {
            let columns = Columns::share(&wanted(window));
            let readable = editor_min(15.0);
            assert!(
                columns.editor >= readable && columns.editor < readable + 4.0,
                "{columns:?}"
            );
            assert!(columns.preview > 0.0 && columns.dock > 0.0 && columns.details > 0.0);
            assert_adds_up(&columns, window);
        }
        let tiny = Columns::share(&wanted(200.0));
        assert_eq!(tiny.editor, 200.0);
        assert_adds_up(&tiny, 200.0);
    }

    #[test]
    fn the_split_follows_the_share_but_never_squeezes_the_editor() {
        let mut wanted = wanted(1400.0);
        wanted.preview_share = Some(0.95);
        let columns = Columns::share(&wanted);
        assert_eq!(columns.editor, editor_min(15.0));
        wanted.preview_share = Some(0.05);
        let columns = Columns::share(&wanted);
        assert_eq!(columns.preview, preview_min(15.0));
        // Hidden panels leave their width to the editor.
        let alone = Columns::share(&Wanted {
            dock: None,
            details: None,
            preview_share: None,
            ..wanted
        });
        assert_eq!(alone.editor, 1400.0);
    }

    #[test]
    fn dragging_stays_within_what_the_others_keep() {
        let columns = Columns::share(&wanted(1400.0));
        assert_eq!(columns.drag_dock(100.0), DOCK_MIN);
        let widest = columns.drag_dock(2000.0);
        assert!(widest <= DOCK_MAX);
        // Dragged that wide, the body still keeps its place.
        let dragged = Columns::share(&Wanted {
            dock: Some(widest),
            ..wanted(1400.0)
        });
        assert_eq!(dragged.dock, widest);
        assert_eq!(dragged.details, DETAILS_DEFAULT);
        assert!(dragged.editor >= editor_min(15.0));
        let share = columns.drag_preview(10_000.0);
        let split = Columns::share(&Wanted {
            preview_share: Some(share),
            ..wanted(1400.0)
        });
        assert!((split.editor - editor_min(15.0)).abs() <= 1.0, "{split:?}");
        assert_eq!(columns.drag_details(300.0), 300.0);
    }
}
