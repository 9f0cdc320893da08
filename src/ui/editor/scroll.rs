//! Scrolling: the scroll position as a line and an offset into it (so refining the
//! estimated heights never moves what is on screen), moving by points, jumping by the row
//! sums, bringing the caret into view (or to the top), and where the scroll bar's thumb sits.

use egui::Rect;

use super::state::EditorState;
use super::view::{TOP_PADDING, View, ccursor};

/// Where the view is: the top line and how far into it (points) the view's top edge is.
/// On the first line the offset can be negative, down to the top padding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ScrollPosition {
    pub(super) line: usize,
    pub(super) offset: f32,
}

impl View {
    pub(super) fn viewport_height(&self) -> f32 {
        self.m.rect.height()
    }

    /// The view's top edge in document coordinates (0 is the top of the padding).
    pub(super) fn view_top(&self) -> f64 {
        f64::from(TOP_PADDING)
            + self.doc.rows.prefix(self.scroll.line) as f64 * f64::from(self.m.row_height)
            + f64::from(self.scroll.offset)
    }

    /// Height of everything that can be scrolled through: the text, the top padding, and
    /// half a view below the last line.
    pub(super) fn content_height(&self) -> f64 {
        f64::from(TOP_PADDING)
            + self.doc.rows.total() as f64 * f64::from(self.m.row_height)
            + f64::from(self.viewport_height() * 0.5)
    }

    /// Moves the view down by `delta` points (up when negative), measuring the lines it
    /// passes. Long jumps go by the estimated heights instead.
    pub(super) fn scroll_by(&mut self, ctx: &egui::Context, text: &str, delta: f32) {
        if delta.abs() > 4.0 * self.viewport_height() {
            self.jump_to(self.view_top() + f64::from(delta));
            return;
        }
        self.scroll.offset += delta;
        self.normalise(ctx, text);
    }

    /// Keeps the scroll offset within the top line, moving to neighbouring lines.
    pub(super) fn normalise(&mut self, ctx: &egui::Context, text: &str) {
        let count = self.doc.lines.line_count();
        self.scroll.line = self.scroll.line.min(count - 1);
        loop {
            if self.scroll.offset < 0.0 && self.scroll.line > 0 {
                self.scroll.line -= 1;
                self.scroll.offset += self.line_height(ctx, text, self.scroll.line);
                continue;
            }
            let height = self.line_height(ctx, text, self.scroll.line);
            if self.scroll.offset >= height && self.scroll.line + 1 < count {
                self.scroll.offset -= height;
                self.scroll.line += 1;
                continue;
            }
            break;
        }
        if self.scroll.line == 0 {
            self.scroll.offset = self.scroll.offset.max(-TOP_PADDING);
        }
    }

    /// Puts the view's top edge at `y` in document coordinates, by the row tree.
    pub(super) fn jump_to(&mut self, y: f64) {
        let max = (self.content_height() - f64::from(self.viewport_height())).max(0.0);
        let y = y.clamp(0.0, max) - f64::from(TOP_PADDING);
        if y < 0.0 {
            self.scroll = ScrollPosition {
                line: 0,
                offset: y as f32,
            };
            return;
        }
        let row_height = f64::from(self.m.row_height);
        let line = self.doc.rows.index_at((y / row_height) as u64);
        let line_top = self.doc.rows.prefix(line) as f64 * row_height;
        self.scroll = ScrollPosition {
            line,
            offset: (y - line_top) as f32,
        };
    }

    /// How far below the view's top edge `line` starts, walking at most `limit` points;
    /// `None` when it is farther.
    fn distance_to(
        &mut self,
        ctx: &egui::Context,
        text: &str,
        line: usize,
        limit: f32,
    ) -> Option<f32> {
        let mut distance = -self.scroll.offset;
        if line >= self.scroll.line {
            for between in self.scroll.line..line {
                distance += self.line_height(ctx, text, between);
                if distance > limit {
                    return None;
                }
            }
        } else {
            for between in (line..self.scroll.line).rev() {
                distance -= self.line_height(ctx, text, between);
                if distance < -limit {
                    return None;
                }
            }
        }
        Some(distance)
    }

    /// Scrolls as little as needed to show rows `y0..y1` of `line` (points from the line's
    /// top) with a margin; a far-away target is put a third of the way down the view.
    fn reveal(&mut self, ctx: &egui::Context, text: &str, line: usize, y0: f32, y1: f32) {
        let height = self.viewport_height();
        let margin = (2.0 * self.m.row_height).min(height / 4.0);
        match self.distance_to(ctx, text, line, 3.0 * height) {
            Some(distance) => {
                let (top, bottom) = (distance + y0, distance + y1);
                if top < margin {
                    self.scroll_by(ctx, text, top - margin);
                } else if bottom > height - margin {
                    self.scroll_by(ctx, text, bottom - (height - margin));
                }
            }
            None => {
                self.scroll = ScrollPosition { line, offset: y0 };
                self.scroll_by(ctx, text, -height / 3.0);
            }
        }
    }
}

/// Brings the caret into view when it moved or the app selected something.
pub(super) fn scroll_to_caret(
    state: &mut EditorState,
    view: &mut View,
    ctx: &egui::Context,
    text: &str,
) {
    if std::mem::take(&mut state.follow_caret) {
        let (line, chars, galley) = view.locate(ctx, text, state.cursor);
        let caret = galley.pos_from_cursor(ccursor(chars, state.upstream));
        if std::mem::take(&mut state.caret_to_top) {
            view.scroll = ScrollPosition {
                line,
                offset: caret.min.y,
            };
            view.normalise(ctx, text);
        } else {
            view.reveal(ctx, text, line, caret.min.y, caret.max.y);
        }
    }
}

/// The scroll bar thumb's top and height.
pub(super) fn thumb(view_top: f64, content: f64, track: Rect) -> (f32, f32) {
    let track_height = f64::from(track.height());
    let height = (track_height * track_height / content)
        .max(28.0)
        .min(track_height);
    let top = view_top / (content - track_height).max(1.0) * (track_height - height);
    (track.top() + top as f32, height as f32)
}
