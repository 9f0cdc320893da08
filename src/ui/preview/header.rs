//! The page around the body: the header a reader sees first (draft mark, title, byline,
//! date, tags, summary, cover image) and the related links after the post.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::text_selection::LabelSelectionState;
use egui::{
    CornerRadius, FontId, Galley, Id, Pos2, Rect, Sense, Stroke, Ui, WidgetInfo, accesskit::Role,
    pos2, vec2,
};

use super::layout::{LinkSpan, inline_job};
use super::render::{Place, Renderer};
use super::theme::Theme;
use postwright_core::metadata::PostDate;
use postwright_core::preview::{Inline, Link, LinkTarget, Run, Style, classify_link};

/// The header's height before it was ever laid out.
pub(super) fn estimate_header(theme: &Theme) -> f32 {
    theme.em * 16.0
}

/// The footer's height before it was ever laid out.
pub(super) fn estimate_footer(theme: &Theme) -> f32 {
    theme.em * 4.0
}

impl Renderer<'_> {
    /// The header; returns its height.
    pub(super) fn header(&mut self, ui: &mut Ui, place: Option<Place>) -> f32 {
        let theme = self.theme.clone();
        let metadata = self.metadata;
        let width = self.column;
        let em = theme.em;
        let id = self.base_id.with("header");
        let at = |y: f32| place.map(|place| pos2(place.left, place.top + y));
        let mut y = em * 2.5;
        let mut anything = false;

        if metadata.draft {
            let galley = ui.ctx().fonts_mut(|fonts| {
                fonts.layout_no_wrap(
                    "DRAFT".to_owned(),
                    FontId::new(em * 0.72, theme.body_family.clone()),
                    theme.warning,
                )
            });
            let padding = vec2(em * 0.55, em * 0.22);
            let size = galley.size() + 2.0 * padding;
            if let Some(pos) = at(y) {
                let rect = Rect::from_min_size(pos, size);
                ui.painter().rect_stroke(
                    rect,
                    CornerRadius::same(4),
                    Stroke::new(1.0, theme.warning),
                    egui::StrokeKind::Inside,
                );
                let response = ui.interact(rect, id.with("draft"), Sense::hover());
                response.widget_info(|| WidgetInfo::labeled(Role::Label, true, "Draft"));
                ui.painter().galley(pos + padding, galley, theme.warning);
            }
            y += size.y + em * 0.9;
            anything = true;
        }

        let title = metadata.title.trim();
        if !title.is_empty() {
            let mut format = theme.heading_format(1);
            format.font_id.size = em * 2.3;
            format.line_height = Some((em * 2.3 * 1.22).round());
            let galley = layout(ui, theme.plain_job(title, format, width));
            if let Some(pos) = at(y) {
                selectable_text(ui, id.with("title"), pos, &galley, Role::Heading, &theme);
                ui.ctx()
                    .accesskit_node_builder(id.with("title"), |node| node.set_level(1));
            }
            y += galley.size().y + em * 0.85;
            anything = true;
        }

        let (byline, byline_links) = byline_job(metadata, &theme, width);
        if let Some(job) = byline {
            let author_link = Link {
                url: metadata.author.url.trim().to_owned(),
                title: String::new(),
            };
            let galley = layout(ui, job);
            if let Some(pos) = at(y) {
                selectable_text(ui, id.with("byline"), pos, &galley, Role::Label, &theme);
                self.link_widgets(
                    ui,
                    id.with("byline"),
                    pos,
                    &galley,
                    &byline_links,
                    std::slice::from_ref(&author_link),
                    &[],
                );
            }
            y += galley.size().y + em * 1.0;
            anything = true;
        }

        if !metadata.tags.is_empty() {
            let height = self.tags(ui, id.with("tags"), at(y), width);
            y += height + em * 1.4;
            anything = true;
        }

        let summary = metadata.summary.trim();
        if !summary.is_empty() {
            let mut format = theme.body_format(theme.quote_text);
            format.font_id.size = em * 1.18;
            format.line_height = Some((em * 1.18 * 1.55).round());
            let galley = layout(ui, theme.plain_job(summary, format, width));
            if let Some(pos) = at(y) {
                selectable_text(ui, id.with("summary"), pos, &galley, Role::Label, &theme);
            }
            y += galley.size().y + em * 1.6;
            anything = true;
        }

        let cover = metadata.cover_image.trim();
        if !cover.is_empty() {
            let outcome = self.image(
                ui,
                id.with("cover"),
                at(y),
                width,
                cover,
                metadata.cover_alt.trim(),
                None,
            );
            y += outcome.height + em * 1.6;
            anything = true;
        }

        if anything {
            y += em * 0.4;
            if let Some(pos) = at(y) {
                ui.painter()
                    .hline(pos.x..=pos.x + width, pos.y, Stroke::new(1.0, theme.border));
            }
            y += em * 2.2;
        }
        y
    }

    /// Tags as chips, wrapping onto more lines as needed; returns their height.
    fn tags(&mut self, ui: &mut Ui, id: Id, place: Option<Pos2>, width: f32) -> f32 {
        let theme = &self.theme;
        let padding = vec2(theme.em * 0.6, theme.em * 0.22);
        let spacing = theme.em * 0.45;
        let font = FontId::new(theme.em * 0.8, theme.body_family.clone());
        let mut x = 0.0;
        let mut y = 0.0;
        let mut row_height: f32 = 0.0;
        for (index, tag) in self.metadata.tags.iter().enumerate() {
            let galley = ui.ctx().fonts_mut(|fonts| {
                fonts.layout_no_wrap(tag.clone(), font.clone(), theme.chip_text)
            });
            let size = galley.size() + 2.0 * padding;
            if x > 0.0 && x + size.x > width {
                x = 0.0;
                y += row_height + spacing;
                row_height = 0.0;
            }
            if let Some(pos) = place {
                let rect = Rect::from_min_size(pos + vec2(x, y), size);
                ui.painter()
                    .rect_filled(rect, CornerRadius::same(255), theme.chip_background);
                let response = ui.interact(rect, id.with(index), Sense::hover());
                response
                    .widget_info(|| WidgetInfo::labeled(Role::Label, true, format!("Tag: {tag}")));
                ui.painter()
                    .galley(rect.min + padding, galley, theme.chip_text);
            }
            x += size.x + spacing;
            row_height = row_height.max(size.y);
        }
        y + row_height
    }

    /// The related links after the post; returns the footer's height.
    pub(super) fn footer(&mut self, ui: &mut Ui, place: Option<Place>) -> f32 {
        let theme = self.theme.clone();
        let em = theme.em;
        let links = &self.metadata.links;
        let bottom = em * 4.0;
        let shown: Vec<_> = links
            .iter()
            .filter(|link| !(link.url.trim().is_empty() && link.label.trim().is_empty()))
            .collect();
        if shown.is_empty() {
            return bottom;
        }
        let width = self.column;
        let id = self.base_id.with("footer");
        let at = |y: f32| place.map(|place| pos2(place.left, place.top + y));
        let mut y = em * 3.0;
        if let Some(pos) = at(y) {
            ui.painter()
                .hline(pos.x..=pos.x + width, pos.y, Stroke::new(1.0, theme.border));
        }
        y += em * 1.6;
        let heading = layout(
            ui,
            theme.plain_job("Related links", theme.heading_format(3), width),
        );
        if let Some(pos) = at(y) {
            selectable_text(ui, id.with("heading"), pos, &heading, Role::Heading, &theme);
            ui.ctx()
                .accesskit_node_builder(id.with("heading"), |node| node.set_level(2));
        }
        y += heading.size().y + em * 0.7;
        let indent = em * 1.5;
        for (index, link) in shown.into_iter().enumerate() {
            let text = if link.label.trim().is_empty() {
                link.url.trim()
            } else {
                link.label.trim()
            };
            let inline = Inline {
                text: text.to_owned(),
                runs: vec![Run {
                    end: text.len(),
                    style: Style::default(),
                    link: Some(0),
                }],
                links: vec![Link {
                    url: link.url.trim().to_owned(),
                    title: String::new(),
                }],
            };
            let (job, spans) = inline_job(
                &inline,
                &theme.body_format(theme.text),
                &theme,
                width - indent,
            );
            let galley = layout(ui, job);
            if let Some(pos) = at(y) {
                let row = galley.rows.first().map_or(em, |row| row.size.y);
                ui.painter().text(
                    pos2(pos.x + em * 0.2, pos.y + row / 2.0),
                    egui::Align2::LEFT_CENTER,
                    "→",
                    // The code face has arrows; the default body face does not.
                    FontId::new(em * 0.9, theme.code_family.clone()),
                    theme.muted,
                );
                let text_pos = pos + vec2(indent, 0.0);
                ui.painter()
                    .galley(text_pos, Arc::clone(&galley), theme.text);
                self.link_widgets(
                    ui,
                    id.with(("link", index)),
                    text_pos,
                    &galley,
                    &spans,
                    &inline.links,
                    &[],
                );
            }
            y += galley.size().y + em * 0.35;
        }
        y + bottom
    }
}

/// The byline and date as one job: the author's name (a link when the author has a web
/// address), role and organisation, then the date and the date of the last update.
fn byline_job(
    metadata: &postwright_core::metadata::Metadata,
    theme: &Theme,
    width: f32,
) -> (Option<LayoutJob>, Vec<LinkSpan>) {
    let author = &metadata.author;
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let mut format = theme.body_format(theme.muted);
    format.font_id.size = theme.em * 0.95;
    format.line_height = Some((theme.em * 0.95 * 1.5).round());
    let mut links = Vec::new();
    let name = author.name.trim();
    if !name.is_empty() {
        let mut name_format = format.clone();
        name_format.color = theme.strong;
        if matches!(classify_link(author.url.trim()), LinkTarget::External(_)) {
            name_format.color = theme.link;
            links.push(LinkSpan {
                link: 0,
                chars: 0..name.chars().count(),
                text: name.to_owned(),
                underline: true,
            });
        }
        job.append(name, 0.0, name_format);
    }
    let details: Vec<&str> = [author.role.trim(), author.organisation.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    if !details.is_empty() {
        let separator = if job.text.is_empty() { "" } else { " · " };
        job.append(
            &format!("{separator}{}", details.join(", ")),
            0.0,
            format.clone(),
        );
    }
    let mut dates = Vec::new();
    let date = metadata.date.trim();
    if !date.is_empty() {
        dates.push(match PostDate::parse(date) {
            Ok(parsed) => parsed.human(),
            Err(_) => format!("{date} (not a date Postwright understands)"),
        });
    }
    let updated = metadata.updated.trim();
    if !updated.is_empty() {
        let shown = PostDate::parse(updated).map_or_else(|_| updated.to_owned(), |d| d.human());
        dates.push(format!("updated {shown}"));
    }
    if !dates.is_empty() {
        let separator = if job.text.is_empty() { "" } else { "\n" };
        job.append(&format!("{separator}{}", dates.join(" · ")), 0.0, format);
    }
    if job.text.is_empty() {
        return (None, links);
    }
    (Some(job), links)
}

fn layout(ui: &Ui, job: LayoutJob) -> Arc<Galley> {
    ui.ctx().fonts_mut(|fonts| fonts.layout_job(job))
}

/// Text that can be selected and read by a screen reader.
fn selectable_text(
    ui: &mut Ui,
    id: Id,
    pos: Pos2,
    galley: &Arc<Galley>,
    role: Role,
    theme: &Theme,
) {
    let rect = Rect::from_min_size(pos, galley.size());
    let selectable = ui.style().interaction.selectable_labels;
    let sense = if selectable {
        Sense::click_and_drag()
    } else {
        Sense::hover()
    };
    let response = ui.interact(rect, id, sense);
    response.widget_info(|| WidgetInfo::labeled(role, true, galley.text()));
    if selectable {
        LabelSelectionState::label_text_selection(
            ui,
            &response,
            pos,
            Arc::clone(galley),
            theme.text,
            Stroke::NONE,
        );
    } else {
        ui.painter().galley(pos, Arc::clone(galley), theme.text);
    }
}
