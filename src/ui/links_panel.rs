//! The Links panel: every link of the post grouped by domain, with what the audit found
//! and one-click fixes.
//!
//! The panel draws only the rows in view, so a post with thousands of links costs no more
//! per frame than one with ten. Its rows are rebuilt only when the audit or the expanded
//! groups change.

use std::collections::BTreeSet;
use std::ops::Range;

use egui::{RichText, Ui};

use crate::ui::text::truncated;
use crate::ui::theme::Palette;
use postwright_core::audit::{DomainGroup, Fix, Location, Report, Severity, link_fixes};

/// What the author asked for in the panel.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum LinksAction {
    /// Select this body range in the editor and show it in the preview.
    Reveal(Range<usize>),
    /// Open the metadata panel (the finding is about the front matter).
    ShowMetadata,
    /// Apply a fix.
    Fix(Fix),
    /// Ask for a new address for the link with this index.
    EditUrl(usize),
    /// Start the online check.
    CheckOnline,
    /// Stop the online check.
    CancelOnline,
}

/// How far the online check has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OnlineProgress {
    /// Whether it is running.
    pub running: bool,
    /// Addresses checked.
    pub done: usize,
    /// Addresses to check.
    pub total: usize,
    /// Whether results of a finished check are shown.
    pub finished: bool,
}

/// One row of the panel.
#[derive(Clone, Debug, PartialEq)]
enum Row {
    Readiness,
    Group(usize),
    Link { group: usize, entry: usize },
    Finding(usize),
}

/// The panel's state between frames.
#[derive(Debug, Default)]
pub struct LinksPanelState {
    /// Groups the author opened or closed, by name, against their default.
    toggled: BTreeSet<String>,
    rows: Vec<Row>,
    rows_for: Option<(u64, usize)>,
    toggle_generation: usize,
    /// The finding shown as selected (an index into the report's findings).
    selected: Option<usize>,
    /// Scroll the selected finding into view on the next frame.
    scroll_to_selected: bool,
}

impl LinksPanelState {
    fn rebuild(&mut self, report: &Report, groups: &[DomainGroup], revision: u64) {
        if self.rows_for == Some((revision, self.toggle_generation)) {
            return;
        }
        self.rows.clear();
        let post_findings: Vec<usize> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| finding.link.is_none())
            .map(|(index, _)| index)
            .collect();
        if !post_findings.is_empty() {
            self.rows.push(Row::Readiness);
            if self.is_open(READINESS, true) {
                for index in post_findings {
                    self.push_finding(index);
                }
            }
        }
        for (group_index, group) in groups.iter().enumerate() {
            self.rows.push(Row::Group(group_index));
            if !self.is_open(&group.name, open_by_default(group, report)) {
                continue;
            }
            for (entry_index, entry) in group.links.iter().enumerate() {
                self.rows.push(Row::Link {
                    group: group_index,
                    entry: entry_index,
                });
                for &finding in &entry.findings {
                    self.push_finding(finding);
                }
            }
        }
        self.rows_for = Some((revision, self.toggle_generation));
    }

    /// Selects finding number `index` of `report` and brings it into view on the next
    /// frame, opening its group if it is closed.
    pub fn select_finding(&mut self, index: usize, report: &Report, groups: &[DomainGroup]) {
        self.selected = Some(index);
        self.scroll_to_selected = true;
        let group = groups.iter().find(|group| {
            group
                .links
                .iter()
                .any(|entry| entry.findings.contains(&index))
        });
        let (name, default) = match group {
            Some(group) => (group.name.as_str(), open_by_default(group, report)),
            None => (READINESS, true),
        };
        if !self.is_open(name, default) {
            self.toggle(name);
        }
    }

    /// The finding shown as selected, if any.
    pub fn selected_finding(&self) -> Option<usize> {
        self.selected
    }

    fn push_finding(&mut self, index: usize) {
        self.rows.push(Row::Finding(index));
    }

    fn is_open(&self, name: &str, open_by_default: bool) -> bool {
        open_by_default != self.toggled.contains(name)
    }

    fn toggle(&mut self, name: &str) {
        if !self.toggled.remove(name) {
            self.toggled.insert(name.to_owned());
        }
        self.toggle_generation += 1;
    }
}

fn severity_colour(severity: Option<Severity>, palette: &Palette) -> egui::Color32 {
    match severity {
        Some(Severity::Error) => palette.error,
        Some(Severity::Warning) => palette.warning,
        Some(Severity::Info) => palette.accent,
        None => palette.success,
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

const ROW_HEIGHT: f32 = 24.0;

/// The name the readiness group is kept under among the groups opened or closed.
const READINESS: &str = "\u{0}readiness";

/// What the panel shows.
pub struct LinksView<'a> {
    /// The audit.
    pub report: &'a Report,
    /// Its links grouped by domain.
    pub groups: &'a [DomainGroup],
    /// Identifies the analysis the report came from.
    pub revision: u64,
    /// The body now, for computing fixes.
    pub body: &'a str,
    /// Whether the report describes the body as it is now (fixes are offered only then).
    pub current: bool,
    /// The online check.
    pub online: OnlineProgress,
    /// Colours.
    pub palette: Palette,
}

/// Draws the panel.
pub fn links_panel_ui(
    ui: &mut Ui,
    state: &mut LinksPanelState,
    view: &LinksView<'_>,
) -> Option<LinksAction> {
    let (report, groups, online, palette) = (view.report, view.groups, view.online, view.palette);
    let mut action = None;
    // The dock's tab names the panel; the first line says how many links there are.
    ui.label(RichText::new(plural(report.links.len(), "link", "links")).strong());
    let counts = report.counts();
    let summary = if counts.errors + counts.warnings + counts.infos == 0 {
        RichText::new("Nothing to report").color(palette.success)
    } else {
        let text = format!(
            "{} · {} · {}",
            plural(counts.errors, "error", "errors"),
            plural(counts.warnings, "warning", "warnings"),
            plural(counts.infos, "note", "notes")
        );
        RichText::new(text).color(severity_colour(report.worst(), &palette))
    };
    ui.label(summary);
    ui.horizontal(|ui| {
        if online.running {
            let fraction = if online.total == 0 {
                0.0
            } else {
                online.done as f32 / online.total as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width((ui.available_width() - 80.0).max(60.0))
                    .text(format!("Checked {} of {}", online.done, online.total)),
            );
            if ui.button("Cancel").clicked() {
                action = Some(LinksAction::CancelOnline);
            }
        } else {
            let label = if online.finished {
                "Check again online"
            } else {
                "Check links online"
            };
            let button = ui.button(label).on_hover_text(
                "Asks each site whether its page still answers. Nothing is sent until you click.",
            );
            if button.clicked() {
                action = Some(LinksAction::CheckOnline);
            }
        }
    });
    ui.separator();
    state.rebuild(report, groups, view.revision);
    let rows = std::mem::take(&mut state.rows);
    let mut toggle = None;
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("links-scroll")
        .auto_shrink([false, false]);
    if std::mem::take(&mut state.scroll_to_selected)
        && let Some(selected) = state.selected
        && let Some(row) = rows.iter().position(|row| *row == Row::Finding(selected))
    {
        // A few rows above it stay in view, for its link.
        let step = ROW_HEIGHT + ui.spacing().item_spacing.y;
        scroll = scroll.vertical_scroll_offset(row.saturating_sub(2) as f32 * step);
    }
    scroll.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, visible| {
        for (index, row) in rows
            .iter()
            .enumerate()
            .skip(visible.start)
            .take(visible.len())
        {
            let id = ui.scope_id().with(("links-row", index));
            if let Some(chosen) = row_ui(ui, id, row, state, view, &mut toggle) {
                action = Some(chosen);
            }
        }
    });
    state.rows = rows;
    if let Some(name) = toggle {
        state.toggle(&name);
    }
    action
}

/// Draws one row. Rows are painted directly, with one interaction for the row and one for
/// its menu button, rather than built from nested layouts and labels: a screenful of them
/// then costs a fraction of what the same widgets would.
fn row_ui(
    ui: &mut Ui,
    id: egui::Id,
    row: &Row,
    state: &LinksPanelState,
    view: &LinksView<'_>,
    toggle: &mut Option<String>,
) -> Option<LinksAction> {
    let (report, groups, palette) = (view.report, view.groups, &view.palette);
    match row {
        Row::Readiness => {
            let key = READINESS;
            let open = state.is_open(key, true);
            if header_ui(ui, open, "Publish readiness", None, None, palette).clicked() {
                *toggle = Some(key.to_owned());
            }
            None
        }
        Row::Group(index) => {
            let group = &groups[*index];
            let open = state.is_open(&group.name, open_by_default(group, report));
            let count = Some(group.links.len());
            if header_ui(ui, open, &group.name, count, group.worst, palette).clicked() {
                *toggle = Some(group.name.clone());
            }
            None
        }
        Row::Link { group, entry } => {
            let entry = &groups[*group].links[*entry];
            let link = &report.links[entry.link];
            let text = if link.text.trim().is_empty() {
                link.url.as_str()
            } else {
                link.text.trim()
            };
            let where_ = match &link.location {
                Location::Body { line, .. } => format!("line {line}"),
                Location::FrontMatter { field } => field.clone(),
                Location::Post => String::new(),
            };
            let drawn = RowPainter::new(ui, id, 14.0, text).draw(
                ui,
                Some(severity_colour(entry.worst, palette)),
                None,
                text,
                &where_,
                Some(("…", true)),
                palette,
            );
            let response = drawn.row.on_hover_ui(|ui| {
                ui.label(&link.url);
            });
            let mut action = None;
            if response.clicked() {
                action = Some(match link.range() {
                    Some(range) => LinksAction::Reveal(range),
                    None => LinksAction::ShowMetadata,
                });
            }
            if let Some(menu) = drawn.menu {
                let menu = menu.on_hover_text("Actions for this link");
                egui::Popup::menu(&menu).show(|ui| {
                    if let Some(range) = link.range() {
                        if ui.button("Select in editor").clicked() {
                            action = Some(LinksAction::Reveal(range));
                            ui.close();
                        }
                        if link.url_range.is_some() && ui.button("Edit URL…").clicked() {
                            action = Some(LinksAction::EditUrl(entry.link));
                            ui.close();
                        }
                    }
                    if view.current {
                        for fix in link_fixes(view.body, link) {
                            if ui.button(&fix.label).clicked() {
                                action = Some(LinksAction::Fix(fix));
                                ui.close();
                            }
                        }
                    }
                    if link.range().is_none() && ui.button("Show in Post details").clicked() {
                        action = Some(LinksAction::ShowMetadata);
                        ui.close();
                    }
                });
            }
            action
        }
        Row::Finding(index) => {
            let finding = &report.findings[*index];
            let indent = if finding.link.is_some() { 30.0 } else { 14.0 };
            let has_fixes = finding.fixes.iter().any(|fix| !fix.edits.is_empty());
            let severity = Some((
                finding.severity.name(),
                severity_colour(Some(finding.severity), palette),
            ));
            let drawn = RowPainter::new(ui, id, indent, &finding.message)
                .selected(ui, state.selected == Some(*index))
                .draw(
                    ui,
                    None,
                    severity,
                    &finding.message,
                    "",
                    has_fixes.then_some(("Fix", view.current)),
                    palette,
                );
            let response = drawn.row.on_hover_ui(|ui| {
                ui.set_max_width(360.0);
                ui.label(format!(
                    "{}\n\nRule: {}",
                    finding.message,
                    finding.rule.id()
                ));
            });
            let mut action = None;
            if response.clicked() {
                action = Some(match finding.location.range() {
                    Some(range) => LinksAction::Reveal(range),
                    None => LinksAction::ShowMetadata,
                });
            }
            if let Some(menu) = drawn.menu {
                egui::Popup::menu(&menu).show(|ui| {
                    for fix in finding.fixes.iter().filter(|fix| !fix.edits.is_empty()) {
                        if ui.button(&fix.label).clicked() {
                            action = Some(LinksAction::Fix(fix.clone()));
                            ui.close();
                        }
                    }
                });
            }
            action
        }
    }
}

/// A row's parts once drawn.
struct DrawnRow {
    /// The row itself: clicking it shows the link or finding.
    row: egui::Response,
    /// Its menu button, if it has one.
    menu: Option<egui::Response>,
}

/// Paints one row of the panel: an optional dot or severity word, a text cut to fit, a
/// muted note at the right, and an optional menu button.
struct RowPainter {
    rect: egui::Rect,
    response: egui::Response,
    indent: f32,
    id: egui::Id,
    selected: bool,
}

impl RowPainter {
    /// Takes the row's space; `label` names it for assistive technology.
    fn new(ui: &mut Ui, id: egui::Id, indent: f32, label: &str) -> Self {
        let size = egui::vec2(ui.available_width(), ROW_HEIGHT);
        let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), label));
        Self {
            rect,
            response,
            indent,
            id,
            selected: false,
        }
    }

    /// Shows the row as selected, to the eye and to assistive technology.
    fn selected(mut self, ui: &Ui, selected: bool) -> Self {
        self.selected = selected;
        if selected {
            ui.ctx()
                .accesskit_node_builder(self.response.id, |node| node.set_selected(true));
        }
        self
    }

    #[allow(clippy::too_many_arguments)]
    fn draw(
        self,
        ui: &mut Ui,
        dot: Option<egui::Color32>,
        tag: Option<(&str, egui::Color32)>,
        text: &str,
        note: &str,
        menu: Option<(&str, bool)>,
        palette: &Palette,
    ) -> DrawnRow {
        let Self {
            rect,
            response,
            indent,
            id,
            selected,
        } = self;
        let visuals = ui.visuals().clone();
        let painter = ui.painter_at(rect);
        if selected {
            painter.rect_filled(rect, 4.0, visuals.selection.bg_fill);
        } else if response.hovered() || response.has_focus() {
            painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let centre_y = rect.center().y;
        let mut left = rect.left() + indent;
        let mut right = rect.right() - 2.0;
        let mut menu_response = None;
        if let Some((label, enabled)) = menu {
            let width = if label.chars().count() > 1 {
                34.0
            } else {
                24.0
            };
            let button = egui::Rect::from_min_max(
                egui::pos2(right - width, rect.top() + 2.0),
                egui::pos2(right, rect.bottom() - 2.0),
            );
            let sense = if enabled {
                egui::Sense::click()
            } else {
                egui::Sense::hover()
            };
            let button_response = ui.interact(button, id.with("menu"), sense);
            button_response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, label));
            let style = if enabled {
                visuals.widgets.style(&button_response)
            } else {
                &visuals.widgets.noninteractive
            };
            painter.rect(
                button,
                style.corner_radius,
                style.weak_bg_fill,
                style.bg_stroke,
                egui::StrokeKind::Inside,
            );
            let galley = painter.layout_no_wrap(
                label.to_owned(),
                egui::TextStyle::Button.resolve(ui.style()),
                style.text_color(),
            );
            painter.galley(
                button.center() - galley.size() / 2.0,
                galley,
                style.text_color(),
            );
            right = button.left() - 6.0;
            menu_response = Some(button_response);
        }
        if !note.is_empty() {
            let galley = painter.layout_no_wrap(
                note.to_owned(),
                egui::TextStyle::Small.resolve(ui.style()),
                palette.muted,
            );
            let width = galley.size().x.min((right - left) * 0.45);
            painter.galley(
                egui::pos2(right - width, centre_y - galley.size().y / 2.0),
                galley,
                palette.muted,
            );
            right -= width + 8.0;
        }
        if let Some(colour) = dot {
            painter.circle_filled(egui::pos2(left + 4.0, centre_y), 4.0, colour);
            left += 14.0;
        }
        if let Some((word, colour)) = tag {
            let galley = painter.layout_no_wrap(
                word.to_owned(),
                egui::TextStyle::Small.resolve(ui.style()),
                colour,
            );
            let width = galley.size().x;
            painter.galley(
                egui::pos2(left, centre_y - galley.size().y / 2.0),
                galley,
                colour,
            );
            left += width + 6.0;
        }
        let galley = truncated(
            ui,
            text,
            egui::TextStyle::Body,
            visuals.text_color(),
            right - left,
        );
        painter.galley(
            egui::pos2(left, centre_y - galley.size().y / 2.0),
            galley,
            visuals.text_color(),
        );
        DrawnRow {
            row: response,
            menu: menu_response,
        }
    }
}

/// Posts with this many links or fewer show every group open; longer ones open only the
/// groups with findings.
const OPEN_ALL_UP_TO: usize = 60;

fn open_by_default(group: &DomainGroup, report: &Report) -> bool {
    group.worst.is_some() || report.links.len() <= OPEN_ALL_UP_TO
}

/// A group's header: a triangle, its name, how many links, its worst severity. Clicking
/// it opens or closes the group.
fn header_ui(
    ui: &mut Ui,
    open: bool,
    name: &str,
    count: Option<usize>,
    worst: Option<Severity>,
    palette: &Palette,
) -> egui::Response {
    let size = egui::vec2(ui.available_width(), ROW_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::DisclosureTriangle, true, name));
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    if response.hovered() || response.has_focus() {
        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let colour = visuals.text_color();
    let centre = egui::pos2(rect.left() + 6.0, rect.center().y);
    let points = if open {
        vec![
            centre + egui::vec2(-4.5, -2.5),
            centre + egui::vec2(4.5, -2.5),
            centre + egui::vec2(0.0, 3.5),
        ]
    } else {
        vec![
            centre + egui::vec2(-2.5, -4.5),
            centre + egui::vec2(3.5, 0.0),
            centre + egui::vec2(-2.5, 4.5),
        ]
    };
    painter.add(egui::Shape::convex_polygon(
        points,
        colour,
        egui::Stroke::NONE,
    ));
    let mut right = rect.right() - 4.0;
    if worst.is_some() {
        painter.circle_filled(
            egui::pos2(right - 4.0, rect.center().y),
            4.0,
            severity_colour(worst, palette),
        );
        right -= 16.0;
    }
    let left = rect.left() + 20.0;
    let name_galley = truncated(
        ui,
        name,
        egui::TextStyle::Body,
        visuals.strong_text_color(),
        right - left - 28.0,
    );
    let name_width = name_galley.size().x;
    painter.galley(
        egui::pos2(left, rect.center().y - name_galley.size().y / 2.0),
        name_galley,
        colour,
    );
    if let Some(count) = count {
        let galley = painter.layout_no_wrap(
            count.to_string(),
            egui::TextStyle::Body.resolve(ui.style()),
            palette.muted,
        );
        painter.galley(
            egui::pos2(
                left + name_width + 8.0,
                rect.center().y - galley.size().y / 2.0,
            ),
            galley,
            palette.muted,
        );
    }
    response
}
