//! The side dock's tabs: one for each side panel open, the one in front marked, each with
//! a button that closes it. The panels themselves draw below the tabs.

use egui::{Sense, TextStyle, Ui, pos2, vec2};

use crate::ui::theme::{self, Palette};
use postwright_io::settings::SidePanel;

/// Every side panel, in the order of their tabs.
pub const SIDE_PANELS: [SidePanel; 2] = [SidePanel::Outline, SidePanel::Links];

/// What the author asked for in the tabs.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockAction {
    /// Bring this panel to the front.
    Show(SidePanel),
    /// Close this panel.
    Close(SidePanel),
}

/// A side panel's name, as its tab says.
pub fn panel_name(panel: SidePanel) -> &'static str {
    match panel {
        SidePanel::Outline => "Outline",
        SidePanel::Links => "Links",
    }
}

const TAB_HEIGHT: f32 = 28.0;

/// Draws a tab for each of `open`, `front` marked as the one shown.
pub fn dock_tabs_ui(
    ui: &mut Ui,
    open: &[SidePanel],
    front: SidePanel,
    palette: &Palette,
) -> Option<DockAction> {
    let mut action = None;
    let strip = ui
        .horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            for &panel in open {
                if let Some(chosen) = tab_ui(ui, panel, panel == front, palette) {
                    action = Some(chosen);
                }
            }
        })
        .response;
    let line_y = strip.rect.bottom() + 0.5;
    ui.painter().hline(
        ui.max_rect().x_range(),
        line_y,
        egui::Stroke::new(1.0, palette.line),
    );
    ui.add_space(6.0);
    action
}

/// One tab: its name, and a × that closes it.
fn tab_ui(ui: &mut Ui, panel: SidePanel, front: bool, palette: &Palette) -> Option<DockAction> {
    let name = panel_name(panel);
    let visuals = ui.visuals().clone();
    let colour = if front {
        visuals.strong_text_color()
    } else {
        palette.muted
    };
    let galley = ui.painter().layout_no_wrap(
        name.to_owned(),
        TextStyle::Button.resolve(ui.style()),
        colour,
    );
    let close_size = 16.0;
    let size = vec2(galley.size().x + 14.0 + close_size + 6.0, TAB_HEIGHT);
    let (rect, tab) = ui.allocate_exact_size(size, Sense::click());
    tab.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Tab, true, name));
    ui.ctx()
        .accesskit_node_builder(tab.id, |node| node.set_selected(front));
    let close_rect = egui::Rect::from_center_size(
        pos2(rect.right() - 6.0 - close_size / 2.0, rect.center().y),
        vec2(close_size, close_size),
    );
    let close = ui.interact(close_rect, tab.id.with("close"), Sense::click());
    close.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Close {name}"))
    });
    let close = close.on_hover_text(format!("Close {name}"));
    let painter = ui.painter_at(rect);
    if tab.hovered() && !front {
        painter.rect_filled(
            rect.shrink2(vec2(0.0, 2.0)),
            4.0,
            visuals.widgets.hovered.weak_bg_fill,
        );
    }
    if front {
        painter.rect_filled(
            egui::Rect::from_min_max(
                pos2(rect.left() + 4.0, rect.bottom() - 2.0),
                pos2(rect.right() - 4.0, rect.bottom()),
            ),
            1.0,
            palette.accent,
        );
    }
    if tab.has_focus() {
        theme::focus_ring(&painter, rect, palette);
    }
    painter.galley(
        pos2(rect.left() + 8.0, rect.center().y - galley.size().y / 2.0),
        galley,
        colour,
    );
    if close.hovered() {
        painter.rect_filled(close_rect, 3.0, visuals.widgets.hovered.bg_fill);
    }
    let cross = close_rect.shrink(4.5);
    let stroke = egui::Stroke::new(
        1.3,
        if close.hovered() {
            visuals.strong_text_color()
        } else {
            palette.muted
        },
    );
    painter.line_segment([cross.left_top(), cross.right_bottom()], stroke);
    painter.line_segment([cross.right_top(), cross.left_bottom()], stroke);
    if close.clicked() {
        Some(DockAction::Close(panel))
    } else if tab.clicked() {
        Some(DockAction::Show(panel))
    } else {
        None
    }
}
