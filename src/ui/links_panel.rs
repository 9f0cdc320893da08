//! The Links panel: every link of the post grouped by domain, with what the audit found
//! and one-click fixes.
//!
//! The panel draws only the rows in view, so a post with thousands of links costs no more
//! per frame than one with ten. Its rows are rebuilt only when the audit or the expanded
//! groups change.

use std::collections::BTreeSet;
use std::ops::Range;

use egui::{RichText, Ui};

use crate::audit::{DomainGroup, Fix, Location, Report, Severity, link_fixes};
use crate::ui::theme::Palette;

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
            if self.is_open("\u{0}readiness", true) {
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
    ui.horizontal(|ui| {
        ui.label(RichText::new("Links").heading());
        ui.label(RichText::new(report.links.len().to_string()).color(palette.muted));
    });
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
    egui::ScrollArea::vertical()
        .id_salt("links-scroll")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, visible| {
            for row in &rows[visible] {
                ui.allocate_ui(egui::vec2(ui.available_width(), ROW_HEIGHT), |ui| {
                    ui.set_min_height(ROW_HEIGHT);
                    if let Some(chosen) = row_ui(ui, row, state, view, &mut toggle) {
                        action = Some(chosen);
                    }
                });
            }
        });
    state.rows = rows;
    if let Some(name) = toggle {
        state.toggle(&name);
    }
    action
}

fn row_ui(
    ui: &mut Ui,
    row: &Row,
    state: &LinksPanelState,
    view: &LinksView<'_>,
    toggle: &mut Option<String>,
) -> Option<LinksAction> {
    let (report, groups, palette) = (view.report, view.groups, &view.palette);
    match row {
        Row::Readiness => {
            let open = state.is_open("\u{0}readiness", true);
            if header_ui(ui, open, "Publish readiness", None, None, palette) {
                *toggle = Some("\u{0}readiness".to_owned());
            }
            None
        }
        Row::Group(index) => {
            let group = &groups[*index];
            let open = state.is_open(&group.name, open_by_default(group, report));
            if header_ui(
                ui,
                open,
                &group.name,
                Some(group.links.len()),
                group.worst,
                palette,
            ) {
                *toggle = Some(group.name.clone());
            }
            None
        }
        Row::Link { group, entry } => {
            let entry = &groups[*group].links[*entry];
            let link = &report.links[entry.link];
            let mut action = None;
            ui.horizontal(|ui| {
                ui.add_space(14.0);
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
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.menu_button("…", |ui| {
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
                    })
                    .response
                    .on_hover_text("Actions for this link");
                    ui.label(RichText::new(where_).small().color(palette.muted));
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let dot = RichText::new("●").color(severity_colour(entry.worst, palette));
                        ui.label(dot);
                        let response = ui
                            .add(
                                egui::Label::new(text)
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            )
                            .on_hover_text(&link.url);
                        if response.clicked() {
                            action = Some(match link.range() {
                                Some(range) => LinksAction::Reveal(range),
                                None => LinksAction::ShowMetadata,
                            });
                        }
                    });
                });
            });
            action
        }
        Row::Finding(index) => {
            let finding = &report.findings[*index];
            let mut action = None;
            ui.horizontal(|ui| {
                ui.add_space(if finding.link.is_some() { 30.0 } else { 14.0 });
                let fixes: Vec<&Fix> = finding
                    .fixes
                    .iter()
                    .filter(|fix| !fix.edits.is_empty())
                    .collect();
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if !fixes.is_empty() {
                        ui.add_enabled_ui(view.current, |ui| {
                            ui.menu_button("Fix", |ui| {
                                for fix in &fixes {
                                    if ui.button(&fix.label).clicked() {
                                        action = Some(LinksAction::Fix((*fix).clone()));
                                        ui.close();
                                    }
                                }
                            });
                        });
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let colour = severity_colour(Some(finding.severity), palette);
                        ui.label(RichText::new(finding.severity.name()).small().color(colour));
                        let response = ui
                            .add(
                                egui::Label::new(&finding.message)
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            )
                            .on_hover_text(format!(
                                "{}\n\nRule: {}",
                                finding.message,
                                finding.rule.id()
                            ));
                        if response.clicked() {
                            action = Some(match finding.location.range() {
                                Some(range) => LinksAction::Reveal(range),
                                None => LinksAction::ShowMetadata,
                            });
                        }
                    });
                });
            });
            action
        }
    }
}

/// Posts with this many links or fewer show every group open; longer ones open only the
/// groups with findings.
const OPEN_ALL_UP_TO: usize = 60;

fn open_by_default(group: &DomainGroup, report: &Report) -> bool {
    group.worst.is_some() || report.links.len() <= OPEN_ALL_UP_TO
}

/// A group's header: a triangle, its name, how many links, its worst severity. Returns
/// whether it was clicked.
fn header_ui(
    ui: &mut Ui,
    open: bool,
    name: &str,
    count: Option<usize>,
    worst: Option<Severity>,
    palette: &Palette,
) -> bool {
    let mut clicked = false;
    ui.horizontal(|ui| {
        let (rect, response) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::click());
        let colour = ui.visuals().text_color();
        let centre = rect.center();
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
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            colour,
            egui::Stroke::NONE,
        ));
        let label = ui.add(
            egui::Label::new(RichText::new(name).strong())
                .truncate()
                .sense(egui::Sense::click()),
        );
        if let Some(count) = count {
            ui.label(RichText::new(count.to_string()).color(palette.muted));
        }
        if worst.is_some() {
            ui.label(RichText::new("●").color(severity_colour(worst, palette)));
        }
        clicked = response.clicked() || label.clicked();
    });
    clicked
}
