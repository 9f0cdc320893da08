//! Text laid out for rows painted directly (the Links panel, the outline): one line, cut
//! with an ellipsis to fit.

use std::sync::Arc;

use egui::{Color32, Galley, TextStyle, Ui};

/// `text` on one line in `style`, cut with an ellipsis to fit `width`.
pub fn truncated(
    ui: &Ui,
    text: &str,
    style: TextStyle,
    colour: Color32,
    width: f32,
) -> Arc<Galley> {
    let mut job = egui::text::LayoutJob::single_section(
        text.to_owned(),
        egui::TextFormat::simple(style.resolve(ui.style()), colour),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width.max(0.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.painter().layout_job(job)
}
