//! The pointer: clicks (double for a word, triple for a line), Shift+click, drags that
//! select and scroll past the edges, the wheel, middle-click paste, the right click that
//! opens the context menu, and the scroll bar.

use egui::{CursorIcon, Event, Rect, Sense, Ui, pos2};

use super::input::Editing;
use super::scroll::thumb;
use super::state::DragSelect;
use super::view::SCROLLBAR_WIDTH;
use postwright_core::edit::keys;

/// Clicks closer together than this (seconds) count as a double or triple click.
const MULTI_CLICK_SECONDS: f64 = 0.4;

impl Editing<'_> {
    /// Clicks, drags, the wheel, the scroll bar.
    pub(super) fn pointer(&mut self, ui: &Ui, response: &egui::Response, id: egui::Id) {
        let m = self.view.m;
        // Lay out what is in view before hit-testing, in case typing changed it.
        self.view.layout_visible(self.ctx, self.text, None);
        let scrollbar = self.scrollbar(ui, id);
        let (pointer, pressed, down, modifiers, dt) = ui.input(|i| {
            (
                i.pointer.interact_pos(),
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.modifiers,
                i.stable_dt,
            )
        });
        if response.hovered() && !scrollbar {
            ui.set_cursor_icon(CursorIcon::Text);
            let wheel = ui.input(|i| i.smooth_scroll_delta.y);
            if wheel != 0.0 {
                self.view.scroll_by(self.ctx, self.text, -wheel);
                ui.input_mut(|i| i.smooth_scroll_delta.y = 0.0);
                self.view.layout_visible(self.ctx, self.text, None);
            }
        }
        // Middle-click pastes the primary selection where it is clicked.
        let middle = ui.input(|i| {
            i.events.iter().find_map(|event| match event {
                Event::MiddleClickPaste { pos, text } => Some((*pos, text.clone())),
                _ => None,
            })
        });
        if let Some((pos, pasted)) = middle
            && m.rect.contains(pos)
            && let Some((offset, _)) = self.view.hit(self.text, pos)
        {
            response.request_focus();
            self.move_to(offset, false);
            self.insert(&pasted.replace("\r\n", "\n"));
            self.view.layout_visible(self.ctx, self.text, None);
        }
        // A right click puts the caret under the pointer, unless it lands in the selection,
        // before the context menu opens there.
        if response.secondary_clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some((offset, upstream)) = self.view.hit(self.text, pos)
        {
            response.request_focus();
            let selection = self.selection();
            if !(selection.start..=selection.end).contains(&offset) || selection.is_empty() {
                self.state.preedit = None;
                self.move_to(offset, false);
                self.state.upstream = upstream;
                self.state.preferred_x = None;
            }
        }
        let Some(pos) = pointer else {
            return;
        };
        if pressed && response.hovered() && !scrollbar {
            response.request_focus();
            let clicks = &mut self.state.clicks;
            clicks.count =
                if self.now - clicks.time < MULTI_CLICK_SECONDS && clicks.pos.distance(pos) < 6.0 {
                    clicks.count % 3 + 1
                } else {
                    1
                };
            clicks.time = self.now;
            clicks.pos = pos;
            let count = clicks.count;
            self.state.preedit = None;
            if let Some((offset, upstream)) = self.view.hit(self.text, pos) {
                let origin = match count {
                    2 => keys::word_at(self.text, offset),
                    3 => keys::line_at(self.text, offset),
                    _ => offset..offset,
                };
                if modifiers.shift {
                    let anchor = self.state.anchor;
                    self.state.drag = Some(DragSelect {
                        granularity: 1,
                        origin: anchor..anchor,
                    });
                    self.state.cursor = offset;
                } else {
                    self.state.anchor = origin.start;
                    self.state.cursor = origin.end;
                    self.state.drag = Some(DragSelect {
                        granularity: count,
                        origin,
                    });
                }
                self.state.upstream = upstream && count == 1;
                self.state.preferred_x = None;
                self.state.last_interaction = self.now;
                self.state.line_column.set(None);
            }
            return;
        }
        if !down {
            self.state.drag = None;
            return;
        }
        let Some(drag) = self.state.drag.clone() else {
            return;
        };
        // Past the top or bottom edge, the view scrolls, faster the farther out.
        let beyond = if pos.y < m.rect.top() {
            pos.y - m.rect.top()
        } else if pos.y > m.rect.bottom() {
            pos.y - m.rect.bottom()
        } else {
            0.0
        };
        if beyond != 0.0 {
            let speed = beyond.clamp(-300.0, 300.0) * 12.0;
            self.view
                .scroll_by(self.ctx, self.text, speed * dt.min(0.1));
            self.view.layout_visible(self.ctx, self.text, None);
            ui.ctx().request_repaint();
        }
        let Some((offset, upstream)) = self.view.hit(self.text, pos) else {
            return;
        };
        let unit = match drag.granularity {
            2 => keys::word_at(self.text, offset),
            3 => keys::line_at(self.text, offset),
            _ => offset..offset,
        };
        let (anchor, cursor) = if unit.start < drag.origin.start {
            (drag.origin.end, unit.start)
        } else {
            (drag.origin.start, unit.end.max(drag.origin.end))
        };
        if (anchor, cursor) != (self.state.anchor, self.state.cursor) {
            self.state.anchor = anchor;
            self.state.cursor = cursor;
            self.state.upstream = upstream && drag.granularity == 1;
            self.state.last_interaction = self.now;
            self.state.line_column.set(None);
        }
    }

    /// The scroll bar's interaction. Returns whether the pointer is on it.
    fn scrollbar(&mut self, ui: &Ui, id: egui::Id) -> bool {
        let m = self.view.m;
        let content = self.view.content_height();
        let height = f64::from(self.view.viewport_height());
        if content <= height + 1.0 {
            self.state.scrollbar_grab = None;
            return false;
        }
        let track = Rect::from_min_max(
            pos2(m.rect.right() - SCROLLBAR_WIDTH, m.rect.top()),
            m.rect.right_bottom(),
        );
        let bar = ui.interact(track, id.with("scrollbar"), Sense::click_and_drag());
        let (thumb_top, thumb_height) = thumb(self.view.view_top(), content, track);
        if let Some(pos) = bar.interact_pointer_pos() {
            let grab = *self.state.scrollbar_grab.get_or_insert_with(|| {
                if (thumb_top..thumb_top + thumb_height).contains(&pos.y) {
                    pos.y - thumb_top
                } else {
                    thumb_height / 2.0
                }
            });
            let fraction = f64::from(pos.y - grab - track.top())
                / f64::from((track.height() - thumb_height).max(1.0));
            let target = fraction.clamp(0.0, 1.0) * (content - height);
            self.view.jump_to(target);
            self.view.normalise(self.ctx, self.text);
            self.view.layout_visible(self.ctx, self.text, None);
        } else {
            self.state.scrollbar_grab = None;
        }
        bar.hovered() || bar.dragged()
    }
}
