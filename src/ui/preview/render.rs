//! Drawing the preview's slots: the header, each block with its quote bars and list
//! markers, and the footer. Every slot can be measured without painting, so the view can
//! keep what the reader is looking at in place when a block above it changes height.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::text_selection::LabelSelectionState;
use egui::{
    Align2, Color32, CornerRadius, CursorIcon, FontId, Galley, Id, Pos2, Rect, Sense, Stroke, Ui,
    Vec2, WidgetInfo, accesskit::Role, pos2, vec2,
};

use super::images::{ImageState, image_source, image_state};
use super::layout::{
    LinkSpan, Prepared, PreparedTable, cell_padding, code_padding, gap_before, indent, level_width,
    prepare, spans_rects,
};
use super::marks::{PreviewMark, badge_ui, link_mark, link_note};
use super::theme::Theme;
use super::{CachedBlock, PreviewAction, PreviewSettings, PreviewState, ScrollRequest};
use postwright_core::metadata::Metadata;
use postwright_core::preview::{
    Block, BlockContent, Container, Image, Link, LinkTarget, Marker, PreviewModel, classify_link,
};

/// Everything one frame of the preview needs.
pub(super) struct Renderer<'a> {
    pub model: &'a PreviewModel,
    pub metadata: &'a Metadata,
    pub settings: &'a PreviewSettings,
    pub state: &'a mut PreviewState,
    pub theme: Theme,
    /// Width of the text column.
    pub column: f32,
    pub base_id: Id,
    pub action: Option<PreviewAction>,
}

/// Where a slot is painted: the column's left edge and the slot's top.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    pub left: f32,
    pub top: f32,
}

impl Renderer<'_> {
    /// Shows the slots that intersect `viewport` (in content coordinates).
    pub fn show(&mut self, ui: &mut Ui, viewport: Rect) {
        let content_rect = ui.max_rect();
        let origin = content_rect.min;
        let left = origin.x + ((content_rect.width() - self.column) / 2.0).max(0.0);
        let slots = self.state.heights.len();
        if slots == 0 {
            return;
        }
        let first = self.state.slot_at(viewport.min.y);
        let first_top = self.state.slot_top(first);
        // Measure the slot at the top first: if it grows or shrinks while it starts above
        // the view, everything is drawn shifted so that what is in view stays put.
        let old = self.state.slot_height(first);
        let measured = self.slot(ui, first, None);
        let mut shift = 0.0;
        if (measured - old).abs() > 0.25 {
            self.state.set_slot_height(first, measured);
            if first_top < viewport.min.y - 0.5 {
                shift = measured - old;
            }
        }
        let mut slot = first;
        let mut top = first_top - shift;
        while slot < slots && top < viewport.max.y {
            let place = Place {
                left,
                top: origin.y + top,
            };
            let height = self.slot(ui, slot, Some(place));
            if (height - self.state.slot_height(slot)).abs() > 0.25 {
                self.state.set_slot_height(slot, height);
            }
            top += height;
            slot += 1;
        }
        self.state.pending_shift += shift;
        // A sliver of the slot above, left by rounding, does not count as in view.
        let first_seen = self.state.slot_at(viewport.min.y + shift + 1.0);
        self.state.first_visible_source = self.source_of_slot(first_seen);
        let blocks = self.model.blocks();
        self.state.top_anchor = Some(super::TopAnchor {
            slot: first,
            hash: first
                .checked_sub(1)
                .and_then(|index| blocks.get(index))
                .map(|block| block.hash),
            within: viewport.min.y + shift - first_top,
        });
        ui.set_min_height(self.state.heights.total() as f32);
        ui.set_min_width(content_rect.width());
    }

    fn source_of_slot(&self, slot: usize) -> Option<usize> {
        let blocks = self.model.blocks();
        if blocks.is_empty() {
            return None;
        }
        if slot == 0 {
            return Some(0);
        }
        let index = (slot - 1).min(blocks.len() - 1);
        Some(blocks[index].range.start)
    }

    /// Measures slot `slot`, and paints it when `place` is given. Returns its height.
    fn slot(&mut self, ui: &mut Ui, slot: usize, place: Option<Place>) -> f32 {
        let blocks = self.model.blocks().len();
        if slot == 0 {
            let height = self.header(ui, place);
            self.state.measured_header = Some(height);
            height
        } else if slot <= blocks {
            self.block(ui, slot - 1, place)
        } else {
            let height = self.footer(ui, place);
            self.state.measured_footer = Some(height);
            height
        }
    }

    /// The prepared form of a block, from the cache or made now.
    fn prepared(&mut self, ui: &Ui, block: &Block, width: f32) -> Prepared {
        let frame = self.state.frame;
        if let Some(cached) = self.state.prepared.get_mut(&block.hash) {
            cached.last_used = frame;
            return cached.prepared.clone();
        }
        let ctx = ui.ctx().clone();
        let mut layout = |job: LayoutJob| ctx.fonts_mut(|fonts| fonts.layout_job(job));
        let prepared = prepare(block, width, &self.theme, &mut layout);
        self.state.prepared.insert(
            block.hash,
            CachedBlock {
                prepared: prepared.clone(),
                last_used: frame,
            },
        );
        prepared
    }

    fn block(&mut self, ui: &mut Ui, index: usize, place: Option<Place>) -> f32 {
        let model = self.model;
        let blocks = model.blocks();
        let block = &blocks[index];
        let theme = self.theme.clone();
        let gap = gap_before(blocks, index, &theme);
        let indent = indent(&block.nesting, &theme).content;
        let width = (self.column - indent).max(theme.em * 4.0);
        let prepared = self.prepared(ui, block, width);
        let id = self.base_id.with(("block", index));
        let content_place = place.map(|place| Pos2::new(place.left + indent, place.top + gap));
        let (height, first_line) = match (&block.content, &prepared) {
            (BlockContent::Paragraph(inline), Prepared::Text { job, links })
            | (BlockContent::Heading { text: inline, .. }, Prepared::Text { job, links }) => {
                let galley = layout(ui, job);
                let first_line = galley
                    .rows
                    .first()
                    .map_or(theme.body_line(), |row| row.size.y);
                if let Some(pos) = content_place {
                    let level = match &block.content {
                        BlockContent::Heading { level, .. } => Some(*level),
                        _ => None,
                    };
                    self.text_widget(ui, id, pos, &galley, level, block);
                    let marks = self.state.marks.for_block(index).to_vec();
                    self.link_widgets(ui, id, pos, &galley, links, &inline.links, &marks);
                }
                (galley.size().y, first_line)
            }
            (_, Prepared::Code { job, label }) => {
                let height = self.code_block(ui, id, content_place, width, job, label, block);
                (
                    height,
                    code_padding(&theme).y * 2.0 + theme.code_line() - theme.em,
                )
            }
            (BlockContent::Table(_), Prepared::Table(table)) => {
                let height = self.table(ui, id, content_place, table, block);
                (height, theme.em * 1.6)
            }
            (BlockContent::Image(image), _) => {
                let height = self.image_block(ui, id, content_place, width, image, block);
                (height, theme.body_line())
            }
            (BlockContent::Rule, _) => {
                let height = theme.em * 1.5;
                if let Some(pos) = content_place {
                    let y = pos.y + height / 2.0;
                    ui.painter()
                        .hline(pos.x..=pos.x + width, y, Stroke::new(1.0, theme.border));
                }
                (height, height)
            }
            (BlockContent::FootnotesHeading, _) => {
                let height = self.footnotes_heading(ui, id, content_place, width);
                (height, height)
            }
            _ => (0.0, 0.0),
        };
        self.state.content_heights.insert(block.hash, height);
        if let Some(place) = place {
            self.decorations(ui, index, place, gap, height, first_line);
            let marks = self.state.marks.for_block(index);
            if !marks.is_empty() {
                // In the page's margin, left of the column, level with the first line.
                let margin = (place.left - ui.clip_rect().left()).max(0.0);
                let centre = pos2(
                    place.left - (theme.em * 0.8).min(margin / 2.0),
                    place.top + gap + first_line / 2.0,
                );
                let marks = marks.to_vec();
                badge_ui(ui, id, centre, &marks, &theme);
            }
        }
        gap + height
    }

    /// A paragraph or heading: an accessible, selectable text widget. Double-clicking it
    /// asks to reveal its source.
    fn text_widget(
        &mut self,
        ui: &mut Ui,
        id: Id,
        pos: Pos2,
        galley: &Arc<Galley>,
        heading_level: Option<u8>,
        block: &Block,
    ) {
        let rect = Rect::from_min_size(pos, galley.size());
        let selectable = ui.style().interaction.selectable_labels;
        let sense = if selectable {
            Sense::click_and_drag()
        } else {
            Sense::click()
        };
        let response = ui.interact(rect, id, sense);
        let role = if heading_level.is_some() {
            Role::Heading
        } else {
            Role::Label
        };
        response.widget_info(|| WidgetInfo::labeled(role, true, galley.text()));
        if let Some(level) = heading_level {
            ui.ctx()
                .accesskit_node_builder(response.id, |node| node.set_level(usize::from(level)));
        }
        if ui.is_rect_visible(rect) {
            if selectable {
                LabelSelectionState::label_text_selection(
                    ui,
                    &response,
                    pos,
                    Arc::clone(galley),
                    self.theme.text,
                    Stroke::NONE,
                );
            } else {
                ui.painter()
                    .galley(pos, Arc::clone(galley), self.theme.text);
            }
        }
        if response.double_clicked() {
            self.reveal(block);
        }
    }

    fn reveal(&mut self, block: &Block) {
        if self.action.is_none() {
            self.action = Some(PreviewAction::RevealSource(block.range.clone()));
        }
    }

    /// One clickable, accessible widget per link, over the link's text in `galley`; a link
    /// a finding in `marks` is about is underlined in the finding's colour and says what it
    /// is on hover and to assistive technology.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn link_widgets(
        &mut self,
        ui: &mut Ui,
        id: Id,
        pos: Pos2,
        galley: &Galley,
        spans: &[LinkSpan],
        links: &[Link],
        marks: &[PreviewMark],
    ) {
        let clip = ui.clip_rect();
        let all_segments = spans_rects(galley, pos, spans.iter().map(|span| &span.chars));
        for ((span_index, span), segments) in spans.iter().enumerate().zip(all_segments) {
            let Some(link) = links.get(span.link) else {
                continue;
            };
            // Links scrolled out of sight in a long paragraph need no widget this frame.
            if !segments.iter().any(|segment| clip.intersects(segment.rect)) {
                continue;
            }
            let mut any_clicked = false;
            let mut any_hovered = false;
            let mut responses = Vec::with_capacity(segments.len());
            for (index, segment) in segments.iter().enumerate() {
                let response = ui.interact(
                    segment.rect,
                    id.with(("link", span_index, index)),
                    Sense::click(),
                );
                if index == 0 {
                    let label = span.text.trim().to_owned();
                    response.widget_info(|| WidgetInfo::labeled(Role::Link, true, &label));
                    if let Some(note) = link_note(marks, span.link) {
                        ui.ctx().accesskit_node_builder(response.id, |node| {
                            node.set_description(note);
                        });
                    }
                }
                any_clicked |= response.clicked();
                any_hovered |= response.hovered();
                responses.push(response);
            }
            let marked = link_mark(marks, span.link);
            let (width, color) = match marked {
                Some(mark) => (if any_hovered { 2.0 } else { 1.5 }, mark.colour),
                None if any_hovered => (1.5, self.theme.link),
                None => (1.0, self.theme.link.gamma_multiply(0.45)),
            };
            if span.underline || any_hovered || marked.is_some() {
                for segment in &segments {
                    ui.painter().hline(
                        segment.rect.x_range(),
                        segment.underline_y,
                        Stroke::new(width, color),
                    );
                }
            }
            if any_hovered {
                let target = classify_link(&link.url);
                let mut hover = self.hover_text(&target, link);
                if let Some(note) = link_note(marks, span.link) {
                    hover = format!("{note}\n\n{hover}");
                }
                let cursor = match target {
                    LinkTarget::External(_) | LinkTarget::Anchor(_) => CursorIcon::PointingHand,
                    _ => CursorIcon::NotAllowed,
                };
                for response in responses {
                    if response.hovered() {
                        response
                            .on_hover_cursor(cursor)
                            .on_hover_text(hover.clone());
                    }
                }
            }
            if any_clicked {
                self.follow(&link.url);
            }
        }
    }

    /// What hovering a link says: its target, and why it does not open if it does not.
    fn hover_text(&self, target: &LinkTarget, link: &Link) -> String {
        let mut text = match target {
            LinkTarget::Anchor(anchor) if self.model.anchor(anchor).is_none() => {
                format!("#{anchor} — there is no heading or footnote with this id in the post")
            }
            other => other.hover_text(&link.url),
        };
        if !link.title.is_empty() && !link.url.starts_with('#') {
            text = format!("{}\n{text}", link.title);
        }
        text
    }

    /// Acts on a click on a link: web and mail links become an action for the app,
    /// in-page links scroll the preview, anything else does nothing.
    pub(super) fn follow(&mut self, url: &str) {
        match classify_link(url) {
            LinkTarget::External(url) => self.action = Some(PreviewAction::OpenLink(url)),
            LinkTarget::Anchor(anchor) => {
                if let Some(index) = self.model.anchor(&anchor) {
                    self.state.scroll_request = Some(ScrollRequest::Slot(index + 1));
                }
            }
            LinkTarget::Relative(_) | LinkTarget::Refused(_) => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code_block(
        &mut self,
        ui: &mut Ui,
        id: Id,
        place: Option<Pos2>,
        width: f32,
        job: &Arc<LayoutJob>,
        label: &Option<String>,
        block: &Block,
    ) -> f32 {
        let theme = &self.theme;
        let padding = code_padding(theme);
        let galley = layout(ui, job);
        let height = galley.size().y + 2.0 * padding.y;
        let Some(pos) = place else {
            return height;
        };
        let rect = Rect::from_min_size(pos, vec2(width, height));
        let painter = ui.painter();
        painter.rect_filled(rect, CornerRadius::same(6), theme.code_background);
        if matches!(block.content, BlockContent::Html(_)) {
            painter.rect_stroke(
                rect,
                CornerRadius::same(6),
                Stroke::new(1.0, theme.border),
                egui::StrokeKind::Inside,
            );
        }
        if let Some(label) = label {
            painter.text(
                rect.right_top() + vec2(-padding.x * 0.6, padding.y * 0.12),
                Align2::RIGHT_TOP,
                label,
                FontId::new(theme.em * 0.68, theme.body_family.clone()),
                theme.muted,
            );
        }
        let text_pos = pos + padding;
        let response = ui.interact(
            Rect::from_min_size(text_pos, galley.size()),
            id,
            Sense::click_and_drag(),
        );
        response.widget_info(|| WidgetInfo::labeled(Role::Code, true, galley.text()));
        if ui.style().interaction.selectable_labels {
            LabelSelectionState::label_text_selection(
                ui,
                &response,
                text_pos,
                Arc::clone(&galley),
                theme.code_text,
                Stroke::NONE,
            );
        } else {
            ui.painter()
                .galley(text_pos, Arc::clone(&galley), theme.code_text);
        }
        if response.double_clicked() {
            self.reveal(block);
        }
        height
    }

    /// A table. Only the rows that cross the visible part of the window are laid out,
    /// given widgets and painted: the rows' heights were measured when it was prepared.
    fn table(
        &mut self,
        ui: &mut Ui,
        id: Id,
        place: Option<Pos2>,
        table: &PreparedTable,
        block: &Block,
    ) -> f32 {
        let padding = cell_padding(&self.theme);
        let table_height: f32 = table.row_heights.iter().sum::<f32>() + 1.0;
        let note_gap = self.theme.em * 0.4;
        let note = table.note.as_ref().map(|job| layout(ui, job));
        let height = table_height + note.as_ref().map_or(0.0, |note| note_gap + note.size().y);
        let Some(pos) = place else {
            return height;
        };
        let theme = self.theme.clone();
        let width: f32 = table.column_widths.iter().sum();
        let outer = Rect::from_min_size(pos, vec2(width, table_height));
        let visible = ui.clip_rect().y_range();
        let radius = CornerRadius::same(4);
        let mut y = pos.y;
        for (row_index, (cells, &row_height)) in
            table.rows.iter().zip(&table.row_heights).enumerate()
        {
            let row_top = y;
            y += row_height;
            if row_top > visible.max || y < visible.min {
                continue;
            }
            let row_rect = Rect::from_min_size(pos2(pos.x, row_top), vec2(width, row_height));
            if row_index < table.header_rows {
                let corner = CornerRadius {
                    nw: 4,
                    ne: 4,
                    sw: 0,
                    se: 0,
                };
                ui.painter()
                    .rect_filled(row_rect, corner, theme.table_header_background);
            }
            if row_index > 0 {
                let stroke = if row_index == table.header_rows {
                    Stroke::new(1.5, theme.border)
                } else {
                    Stroke::new(1.0, theme.border.gamma_multiply(0.7))
                };
                ui.painter().hline(outer.x_range(), row_top, stroke);
            }
            let mut x = pos.x;
            for (column, cell) in cells.iter().enumerate() {
                let column_width = table.column_widths.get(column).copied().unwrap_or(0.0);
                let galley = layout(ui, &cell.job);
                let anchor_x = match cell.align {
                    egui::Align::Center => x + column_width / 2.0,
                    egui::Align::Max => x + column_width - padding.x,
                    egui::Align::Min => x + padding.x,
                };
                let text_pos = pos2(anchor_x, row_top + padding.y);
                let cell_id = id.with(("cell", row_index, column));
                let cell_rect = galley.rect.translate(text_pos.to_vec2());
                let response = ui.interact(cell_rect, cell_id, Sense::click());
                response.widget_info(|| WidgetInfo::labeled(Role::Label, true, galley.text()));
                ui.painter()
                    .galley(text_pos, Arc::clone(&galley), theme.text);
                if response.double_clicked() {
                    self.reveal(block);
                }
                if let BlockContent::Table(source) = &block.content
                    && let Some(inline) = source.rows.get(row_index).and_then(|r| r.get(column))
                {
                    self.link_widgets(
                        ui,
                        cell_id,
                        text_pos,
                        &galley,
                        &cell.links,
                        &inline.links,
                        &[],
                    );
                }
                x += column_width;
            }
        }
        let mut x = pos.x;
        for column_width in table
            .column_widths
            .iter()
            .take(table.column_widths.len().saturating_sub(1))
        {
            x += column_width;
            ui.painter().vline(
                x,
                outer.y_range(),
                Stroke::new(1.0, theme.border.gamma_multiply(0.5)),
            );
        }
        ui.painter().rect_stroke(
            outer,
            radius,
            Stroke::new(1.0, theme.border),
            egui::StrokeKind::Inside,
        );
        if let Some(note) = note {
            let note_pos = pos2(pos.x, outer.max.y + note_gap);
            let response = ui.interact(
                note.rect.translate(note_pos.to_vec2()),
                id.with("table-note"),
                Sense::hover(),
            );
            response.widget_info(|| WidgetInfo::labeled(Role::Label, true, note.text()));
            ui.painter().galley(note_pos, note, theme.muted);
        }
        height
    }

    fn image_block(
        &mut self,
        ui: &mut Ui,
        id: Id,
        place: Option<Pos2>,
        width: f32,
        image: &Image,
        block: &Block,
    ) -> f32 {
        let caption = if image.title.trim().is_empty() {
            image.alt.trim()
        } else {
            image.title.trim()
        };
        let response = self.image(
            ui,
            id,
            place,
            width,
            &image.url,
            &image.alt,
            image.link.as_ref(),
        );
        let mut height = response.height;
        if !caption.is_empty() {
            let mut format = self.theme.body_format(self.theme.muted);
            format.font_id.size = self.theme.em * 0.85;
            format.line_height = Some((self.theme.em * 0.85 * 1.45).round());
            let mut job = self.theme.plain_job(caption, format, width);
            job.halign = egui::Align::Center;
            let galley = ui.ctx().fonts_mut(|fonts| fonts.layout_job(job));
            let gap = self.theme.em * 0.6;
            if let Some(pos) = place {
                let caption_pos = pos2(pos.x + width / 2.0, pos.y + height + gap);
                let rect = galley.rect.translate(caption_pos.to_vec2());
                let caption_response = ui.interact(rect, id.with("caption"), Sense::hover());
                caption_response
                    .widget_info(|| WidgetInfo::labeled(Role::Caption, true, galley.text()));
                ui.painter()
                    .galley(caption_pos, Arc::clone(&galley), self.theme.muted);
            }
            height += gap + galley.size().y;
        }
        if response.double_clicked {
            self.reveal(block);
        }
        height
    }

    /// An image scaled to fit `width`, or a placeholder saying why it is not shown.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn image(
        &mut self,
        ui: &mut Ui,
        id: Id,
        place: Option<Pos2>,
        width: f32,
        url: &str,
        alt: &str,
        link: Option<&Link>,
    ) -> ImageOutcome {
        let source = image_source(url, self.settings.base_folder.as_deref());
        let state = image_state(ui.ctx(), &source, self.settings);
        let theme = self.theme.clone();
        if let ImageState::Ready(texture) = &state {
            let natural = texture.size;
            let shown_width = natural.x.min(width).max(1.0);
            let shown = vec2(shown_width, natural.y * shown_width / natural.x.max(1.0));
            let mut outcome = ImageOutcome {
                height: shown.y,
                double_clicked: false,
            };
            if let Some(pos) = place {
                let rect = Rect::from_min_size(pos2(pos.x + (width - shown.x) / 2.0, pos.y), shown);
                egui::Image::from_texture(*texture)
                    .corner_radius(CornerRadius::same(4))
                    .paint_at(ui, rect);
                let sense = Sense::click();
                let response = ui.interact(rect, id.with("image"), sense);
                let label = if alt.trim().is_empty() { url } else { alt };
                response.widget_info(|| WidgetInfo::labeled(Role::Image, true, label));
                outcome.double_clicked = response.double_clicked();
                if let Some(link) = link {
                    if response.clicked() {
                        self.follow(&link.url);
                    }
                    let hover = self.hover_text(&classify_link(&link.url), link);
                    response
                        .on_hover_cursor(CursorIcon::PointingHand)
                        .on_hover_text(hover);
                } else if !alt.trim().is_empty() {
                    response.on_hover_text(alt);
                }
            }
            return outcome;
        }
        let (title, detail) = match &state {
            ImageState::NotFetched => (
                format!("Remote image not loaded: {url}"),
                "Remote images are off, so the preview does not fetch them. Turn them on \
                 in the settings to load them."
                    .to_owned(),
            ),
            ImageState::Loading => (format!("Loading {url}…"), String::new()),
            ImageState::Failed(reason) => (format!("Image not shown: {url}"), reason.clone()),
            ImageState::Ready(_) => (String::new(), String::new()),
        };
        let padding = vec2(theme.em, theme.em * 0.8);
        let inner = width - 2.0 * padding.x;
        let mut job = LayoutJob::default();
        job.wrap.max_width = inner;
        let mut title_format = theme.body_format(theme.text);
        title_format.font_id.size = theme.em * 0.9;
        title_format.line_height = Some((theme.em * 0.9 * 1.4).round());
        job.append(&title, 0.0, title_format.clone());
        if !detail.is_empty() {
            let mut detail_format = title_format.clone();
            detail_format.color = if matches!(state, ImageState::Failed(_)) {
                theme.warning
            } else {
                theme.muted
            };
            detail_format.font_id.size = theme.em * 0.8;
            job.append(&format!("\n{detail}"), 0.0, detail_format);
        }
        let galley = ui.ctx().fonts_mut(|fonts| fonts.layout_job(job));
        let height = (galley.size().y + 2.0 * padding.y).max(theme.em * 4.0);
        let mut outcome = ImageOutcome {
            height,
            double_clicked: false,
        };
        if let Some(pos) = place {
            let rect = Rect::from_min_size(pos, vec2(width, height));
            ui.painter()
                .rect_filled(rect, CornerRadius::same(6), theme.code_background);
            ui.painter().rect_stroke(
                rect,
                CornerRadius::same(6),
                Stroke::new(1.0, theme.border),
                egui::StrokeKind::Inside,
            );
            let text_pos = pos2(pos.x + padding.x, rect.center().y - galley.size().y / 2.0);
            let response = ui.interact(rect, id.with("image"), Sense::click());
            let label = format!("{title}. {alt}");
            response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
            ui.painter().galley(text_pos, galley, theme.text);
            outcome.double_clicked = response.double_clicked();
            if !alt.trim().is_empty() {
                response.on_hover_text(alt);
            }
        }
        outcome
    }

    fn footnotes_heading(&mut self, ui: &mut Ui, id: Id, place: Option<Pos2>, width: f32) -> f32 {
        let theme = &self.theme;
        let height = theme.em * 1.5;
        if let Some(pos) = place {
            ui.painter().hline(
                pos.x..=pos.x + (width * 0.25).min(theme.em * 10.0),
                pos.y,
                Stroke::new(1.0, theme.border),
            );
            let galley = ui.ctx().fonts_mut(|fonts| {
                fonts.layout_no_wrap(
                    "Footnotes".to_owned(),
                    FontId::new(theme.em * 0.8, theme.body_family.clone()),
                    theme.muted,
                )
            });
            let text_pos = pos2(pos.x, pos.y + theme.em * 0.55);
            let response = ui.interact(
                Rect::from_min_size(text_pos, galley.size()),
                id,
                Sense::hover(),
            );
            response.widget_info(|| WidgetInfo::labeled(Role::Heading, true, "Footnotes"));
            ui.painter().galley(text_pos, galley, theme.muted);
        }
        height
    }

    /// Quote bars and list markers beside a block.
    fn decorations(
        &mut self,
        ui: &mut Ui,
        index: usize,
        place: Place,
        gap: f32,
        height: f32,
        first_line: f32,
    ) {
        let blocks = self.model.blocks();
        let block = &blocks[index];
        if block.nesting.levels.is_empty() {
            return;
        }
        let theme = self.theme.clone();
        let previous = index.checked_sub(1).map(|i| &blocks[i]);
        let content_top = place.top + gap;
        let bottom = content_top + height;
        let line_center = content_top + first_line / 2.0;
        let mut x = place.left;
        for (depth, level) in block.nesting.levels.iter().enumerate() {
            let level_width = level_width(level.container) * theme.em;
            match level.container {
                Container::Quote => {
                    let continues = previous.is_some_and(|previous| {
                        previous.nesting.levels.get(..=depth).is_some_and(|levels| {
                            levels
                                .iter()
                                .zip(&block.nesting.levels)
                                .all(|(a, b)| a.container == b.container)
                        })
                    });
                    let top = if continues { place.top } else { content_top };
                    let bar = Rect::from_min_max(
                        pos2(x + theme.em * 0.1, top),
                        pos2(x + theme.em * 0.1 + (theme.em * 0.2).max(2.0), bottom),
                    );
                    ui.painter()
                        .rect_filled(bar, CornerRadius::same(1), theme.quote_bar);
                }
                Container::ListItem | Container::Footnote => {
                    if let Some(marker) = level.marker {
                        let right = x + level_width - theme.em * 0.5;
                        self.marker(ui, index, depth, marker, right, line_center);
                    }
                }
            }
            x += level_width;
        }
    }

    fn marker(
        &mut self,
        ui: &mut Ui,
        index: usize,
        depth: usize,
        marker: Marker,
        right: f32,
        center_y: f32,
    ) {
        let theme = self.theme.clone();
        let painter = ui.painter();
        match marker {
            Marker::Bullet(bullet_depth) => {
                let center = pos2(right - theme.em * 0.2, center_y);
                let radius = theme.em * 0.15;
                match bullet_depth % 3 {
                    0 => {
                        painter.circle_filled(center, radius, theme.text);
                    }
                    1 => {
                        painter.circle_stroke(center, radius, Stroke::new(1.2, theme.text));
                    }
                    _ => {
                        painter.rect_filled(
                            Rect::from_center_size(center, Vec2::splat(radius * 1.8)),
                            CornerRadius::ZERO,
                            theme.text,
                        );
                    }
                }
            }
            Marker::Number(number) => {
                painter.text(
                    pos2(right, center_y),
                    Align2::RIGHT_CENTER,
                    format!("{number}."),
                    FontId::new(theme.body_size(), theme.body_family.clone()),
                    theme.muted,
                );
            }
            Marker::Footnote(number) => {
                painter.text(
                    pos2(right, center_y),
                    Align2::RIGHT_CENTER,
                    format!("{number}."),
                    FontId::new(theme.em * 0.875, theme.body_family.clone()),
                    theme.muted,
                );
            }
            Marker::Task(checked) => {
                let side = theme.em * 0.95;
                let rect = Rect::from_center_size(
                    pos2(right - side / 2.0 + theme.em * 0.15, center_y),
                    Vec2::splat(side),
                );
                let radius = CornerRadius::same(3);
                if checked {
                    painter.rect_filled(rect, radius, theme.link);
                    let check_color = if theme.dark {
                        Color32::from_rgb(0x10, 0x14, 0x1a)
                    } else {
                        Color32::WHITE
                    };
                    let points = [
                        rect.lerp_inside(vec2(0.22, 0.52)),
                        rect.lerp_inside(vec2(0.43, 0.72)),
                        rect.lerp_inside(vec2(0.78, 0.3)),
                    ];
                    painter.line(points.to_vec(), Stroke::new(side * 0.14, check_color));
                } else {
                    painter.rect_stroke(
                        rect,
                        radius,
                        Stroke::new(1.3, theme.muted),
                        egui::StrokeKind::Inside,
                    );
                }
                let label = match &self.model.blocks()[index].content {
                    BlockContent::Paragraph(inline) => inline.text.clone(),
                    _ => "task".to_owned(),
                };
                let response = ui.interact(
                    rect,
                    self.base_id.with(("task", index, depth)),
                    Sense::hover(),
                );
                response
                    .widget_info(|| WidgetInfo::selected(Role::CheckBox, false, checked, &label));
                response.on_hover_text(if checked {
                    "Done (a task list item; change it in the text)"
                } else {
                    "Not done (a task list item; change it in the text)"
                });
            }
        }
    }
}

/// What drawing an image gave.
pub(super) struct ImageOutcome {
    pub height: f32,
    pub double_clicked: bool,
}

/// The galley of a prepared job, from egui's layout cache.
pub(super) fn layout(ui: &Ui, job: &Arc<LayoutJob>) -> Arc<Galley> {
    ui.ctx()
        .fonts_mut(|fonts| fonts.layout_job(LayoutJob::clone(job)))
}
