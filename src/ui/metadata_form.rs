//! The metadata form: title, byline, dates, summary, tags, slug, canonical URL, cover
//! image, draft, language, related links, the keys the form does not know, and the
//! front-matter source itself.
//!
//! The form edits a copy of the post's [`Metadata`]; when the copy differs it returns
//! [`FormAction::Changed`] and the app writes it into the post. Every field has a visible
//! label that names it for assistive technology.

use egui::{Color32, RichText, Ui};
use serde_json::Value;

use crate::ui::editor::wavy_underline;
use crate::ui::mark_menu::misspelling_note;
use crate::ui::preview::spans_rects;
use crate::ui::theme::Palette;
use postwright_core::front_matter::Format;
use postwright_core::metadata::{
    self, Metadata, PostDate, RelatedLink, SUMMARY_MAX_CHARS, SUMMARY_MIN_CHARS,
};
use postwright_core::spelling::Misspelling;

/// What the author did in the form.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum FormAction {
    /// The metadata changed; write it into the post.
    Changed(Box<Metadata>),
    /// The front-matter source was edited by hand.
    SourceChanged(String),
}

/// The form's state between frames.
#[derive(Debug, Default)]
pub struct MetadataFormState {
    /// What the form shows and edits.
    draft: Metadata,
    /// The metadata the draft last matched: taken from the post, or sent to it.
    synced: Option<Metadata>,
    /// The post's metadata as the form last saw it: when it took the draft from the post,
    /// or once the post had taken the draft in ([`MetadataFormState::applied`]). Only a
    /// difference from this is a change by other means.
    post_metadata: Option<Metadata>,
    new_tag: String,
    new_category: String,
    /// The slug is still the one the title gives, so it follows title edits.
    slug_follows_title: bool,
    /// The front-matter source being edited, when that section is open.
    source: String,
    synced_source: Option<String>,
    /// Where the sections sit, so that those out of view need not be drawn.
    layout: SectionLayout,
}

/// The sections' heights as last drawn. A section scrolled out of view is skipped (its
/// height is only reserved), unless the form holds the keyboard focus (Tab must find every
/// field) or assistive technology is reading the window.
#[derive(Debug, Default)]
struct SectionLayout {
    /// Height of each section, cursor to cursor, as last drawn.
    heights: Vec<(&'static str, f32)>,
    /// What the heights hold for: the form's width and text size, and the draft's
    /// generation.
    key: Option<(u32, u32, u64)>,
    /// Bumped whenever the draft is replaced from outside the form.
    generation: u64,
    /// The part of the form in view this frame (top and bottom), and where the form
    /// begins, in the same coordinates.
    view: (f32, f32),
    origin: f32,
    /// Draw every section this frame.
    draw_everything: bool,
    /// A widget of the form had the keyboard focus at the end of the last frame.
    focus_inside: bool,
}

impl SectionLayout {
    /// How far beyond the view sections are still drawn, in points (a section scrolled
    /// into view is drawn in that same frame, so none is needed).
    const MARGIN: f32 = 0.0;

    fn begin(&mut self, ui: &Ui, viewport: egui::Rect, accessible: bool) {
        let text_size = egui::TextStyle::Body.resolve(ui.style()).size;
        let key = (
            ui.available_width().round().to_bits(),
            (text_size * ui.ctx().pixels_per_point()).to_bits(),
            self.generation,
        );
        if self.key != Some(key) {
            self.heights.clear();
            self.key = Some(key);
        }
        self.view = (viewport.top(), viewport.bottom());
        self.origin = ui.max_rect().top();
        self.draw_everything = accessible || self.focus_inside;
    }

    /// Draws one section with `add`, or only reserves its height when it is out of view.
    fn show(&mut self, ui: &mut Ui, title: &'static str, add: impl FnOnce(&mut Ui)) {
        let top = ui.cursor().top() - self.origin;
        let known = self
            .heights
            .iter()
            .find(|(name, _)| *name == title)
            .map(|(_, height)| *height);
        if let Some(height) = known
            && !self.draw_everything
            && (top + height < self.view.0 - Self::MARGIN || top > self.view.1 + Self::MARGIN)
        {
            ui.add_space(height);
            return;
        }
        let before = ui.cursor().top();
        add(ui);
        let height = ui.cursor().top() - before;
        match self.heights.iter_mut().find(|(name, _)| *name == title) {
            Some(entry) => entry.1 = height,
            None => self.heights.push((title, height)),
        }
    }
}

impl MetadataFormState {
    /// Brings the form in line with the post when the post changed by other means (a file
    /// opened, the source edited, undo).
    pub fn sync(&mut self, metadata: &Metadata, source: &str) {
        if self.post_metadata.as_ref() != Some(metadata) {
            self.layout.generation += 1;
            self.draft = metadata.clone();
            self.synced = Some(metadata.clone());
            self.post_metadata = Some(metadata.clone());
            self.slug_follows_title =
                metadata.slug.is_empty() || metadata.slug == metadata::slugify(&metadata.title);
        }
        if self.synced_source.as_deref() != Some(source) {
            self.source = source.to_owned();
            self.synced_source = Some(source.to_owned());
        }
    }

    /// Records the post's metadata once it took in the form's [`FormAction::Changed`].
    /// The post reads its values back normalised (a title without the space just typed
    /// after it); that is not a change by other means, so the draft stays as typed.
    pub fn applied(&mut self, metadata: &Metadata) {
        self.post_metadata = Some(metadata.clone());
    }

    /// Forgets everything: a different post was opened.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// What the form needs to know about the post besides its metadata.
pub struct FormContext<'a> {
    /// The front matter's format, if the post has any.
    pub format: Option<Format>,
    /// What is wrong with the front matter, if anything; the fields are read-only then.
    pub error: Option<String>,
    /// Keys the form does not know, with their values.
    pub other_keys: Vec<(&'a str, &'a Value)>,
    /// Colours.
    pub palette: Palette,
    /// Today's date, for the Today buttons.
    pub today: String,
    /// Assistive technology is reading the window: every field is drawn, in view or not.
    pub accessible: bool,
    /// The misspelt words of the title and summary, as the last check found them.
    pub spelling: FieldSpelling<'a>,
}

/// A field's text as the spelling check saw it, and its misspelt words (ranges in that
/// text). The words are underlined while the field shows that same text.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckedField<'a> {
    /// The text checked.
    pub text: &'a str,
    /// Its misspelt words.
    pub misspelt: &'a [Misspelling],
}

/// The title's and summary's misspelt words.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldSpelling<'a> {
    /// The title's, when it was checked.
    pub title: Option<CheckedField<'a>>,
    /// The summary's, when it was checked.
    pub summary: Option<CheckedField<'a>>,
    /// The dictionary's name, for the notes.
    pub dictionary: &'a str,
}

/// Draws the form; returns what changed.
pub fn metadata_form_ui(
    ui: &mut Ui,
    state: &mut MetadataFormState,
    context: &FormContext<'_>,
) -> Option<FormAction> {
    let palette = context.palette;
    let mut action = None;
    let output = egui::ScrollArea::vertical()
        .id_salt("metadata-scroll")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            state.layout.begin(ui, viewport, context.accessible);
            ui.add_space(4.0);
            if let Some(error) = &context.error {
                egui::Frame::new()
                    .fill(palette.error.gamma_multiply(0.12))
                    .stroke(egui::Stroke::new(1.0, palette.error.gamma_multiply(0.6)))
                    .corner_radius(6)
                    .inner_margin(8)
                    .show(ui, |ui| {
                        ui.label(RichText::new("The front matter cannot be read").strong().color(palette.error));
                        ui.label(error);
                        ui.label(RichText::new("Fix it in the source below; the fields unlock once it reads correctly.").small().color(palette.muted));
                    });
                ui.add_space(6.0);
            }
            ui.add_enabled_ui(context.error.is_none(), |ui| {
                fields_ui(ui, state, context);
            });
            if let Some(source) = source_ui(ui, state, context) {
                action = Some(FormAction::SourceChanged(source));
            }
            ui.add_space(12.0);
        });
    let form = output.inner_rect;
    state.layout.focus_inside = ui
        .ctx()
        .memory(|memory| memory.focused())
        .is_some_and(|id| {
            ui.ctx()
                .read_response(id)
                .is_some_and(|response| form.intersects(response.rect))
        });
    if action.is_none() && context.error.is_none() && state.synced.as_ref() != Some(&state.draft) {
        state.synced = Some(state.draft.clone());
        action = Some(FormAction::Changed(Box::new(state.draft.clone())));
    }
    action
}

fn section(
    ui: &mut Ui,
    layout: &mut SectionLayout,
    title: &'static str,
    add: impl FnOnce(&mut Ui),
) {
    layout.show(ui, title, |ui| {
        egui::CollapsingHeader::new(RichText::new(title).strong())
            .id_salt(title)
            .default_open(true)
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing.y = 4.0;
                add(ui);
                ui.add_space(4.0);
            });
    });
}

/// A label above a one-line text field, the field named by the label.
fn text_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> egui::Response {
    let label = field_label(ui, label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

fn field_label(ui: &mut Ui, text: &str) -> egui::Response {
    ui.add_space(2.0);
    ui.label(
        RichText::new(text)
            .size(12.0)
            .color(ui.visuals().weak_text_color()),
    )
}

/// A wavy underline under each misspelt word of a field that shows the text `checked`
/// saw, each a mark named for assistive technology with its note on hover.
fn misspelt_ui(
    ui: &mut Ui,
    shown: &egui::text_edit::TextEditOutput,
    text: &str,
    checked: Option<CheckedField<'_>>,
    spelling: &FieldSpelling<'_>,
    palette: Palette,
) {
    let Some(checked) = checked.filter(|checked| checked.text == text) else {
        return;
    };
    if checked.misspelt.is_empty() {
        return;
    }
    let chars = |offset: usize| {
        text.get(..offset)
            .map_or(0, |before| before.chars().count())
    };
    let spans: Vec<std::ops::Range<usize>> = checked
        .misspelt
        .iter()
        .map(|miss| chars(miss.range.start)..chars(miss.range.end))
        .collect();
    let painter = ui.painter_at(shown.text_clip_rect);
    let id = shown.response.response.id;
    for (index, (segments, miss)) in spans_rects(&shown.galley, shown.galley_pos, &spans)
        .into_iter()
        .zip(checked.misspelt)
        .enumerate()
    {
        for segment in &segments {
            wavy_underline(&painter, segment.rect, palette.misspelling);
        }
        let Some(first) = segments.first() else {
            continue;
        };
        let note = misspelling_note(&miss.word, spelling.dictionary);
        let rect = first.rect.intersect(shown.text_clip_rect);
        if rect.is_positive() {
            let mark = ui.interact(rect, id.with(("misspelt", index)), egui::Sense::hover());
            mark.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Mark, true, &note));
            mark.on_hover_text(note);
        }
    }
}

fn problem(ui: &mut Ui, message: &str, colour: Color32) {
    ui.label(RichText::new(message).size(12.0).color(colour));
}

fn fields_ui(ui: &mut Ui, state: &mut MetadataFormState, context: &FormContext<'_>) {
    let palette = context.palette;
    let MetadataFormState {
        draft,
        new_tag,
        new_category,
        slug_follows_title,
        layout,
        ..
    } = state;
    let spelling = &context.spelling;
    section(ui, layout, "Post", |ui| {
        let label = field_label(ui, "Title");
        let shown = egui::TextEdit::singleline(&mut draft.title)
            .hint_text("The headline readers see")
            .desired_width(f32::INFINITY)
            .show(ui);
        let title = shown.response.response.clone().labelled_by(label.id);
        misspelt_ui(ui, &shown, &draft.title, spelling.title, spelling, palette);
        if title.changed() && *slug_follows_title {
            draft.slug = metadata::slugify(&draft.title);
        }
        let slug = text_field(ui, "Slug", &mut draft.slug, "url-friendly-name");
        if slug.changed() {
            *slug_follows_title = draft.slug.is_empty();
        }
        if !*slug_follows_title && !draft.title.is_empty() {
            let derived = metadata::slugify(&draft.title);
            if derived != draft.slug
                && ui
                    .small_button("Derive from title")
                    .on_hover_text(format!("Set the slug to “{derived}”"))
                    .clicked()
            {
                draft.slug = derived;
                *slug_follows_title = true;
            }
        }
        let label = field_label(ui, "Summary");
        let shown = egui::TextEdit::multiline(&mut draft.summary)
            .hint_text("One or two sentences for listings and search results")
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .show(ui);
        shown.response.response.clone().labelled_by(label.id);
        misspelt_ui(
            ui,
            &shown,
            &draft.summary,
            spelling.summary,
            spelling,
            palette,
        );
        let count = draft.summary.chars().count();
        let (message, colour) = if count == 0 {
            (
                format!("{SUMMARY_MIN_CHARS}–{SUMMARY_MAX_CHARS} characters recommended"),
                palette.muted,
            )
        } else if count < SUMMARY_MIN_CHARS {
            (
                format!(
                    "{count} characters: a little short (aim for {SUMMARY_MIN_CHARS}–{SUMMARY_MAX_CHARS})"
                ),
                palette.warning,
            )
        } else if count > SUMMARY_MAX_CHARS {
            (
                format!("{count} characters: search results cut it at about {SUMMARY_MAX_CHARS}"),
                palette.warning,
            )
        } else {
            (format!("{count} characters"), palette.success)
        };
        problem(ui, &message, colour);
        date_field(ui, "Date", &mut draft.date, &context.today, palette);
        date_field(ui, "Updated", &mut draft.updated, &context.today, palette);
        text_field(ui, "Language", &mut draft.language, "en");
        if !draft.language.is_empty()
            && let Err(message) = metadata::validate_language(draft.language.trim())
        {
            problem(ui, &message.to_string(), palette.warning);
        }
        ui.add_space(2.0);
        ui.checkbox(&mut draft.draft, "Draft (not ready to publish)");
    });
    section(ui, layout, "Author", |ui| {
        text_field(ui, "Name", &mut draft.author.name, "Who wrote it");
        text_field(
            ui,
            "Role",
            &mut draft.author.role,
            "Job title, e.g. Staff engineer",
        );
        text_field(
            ui,
            "Organisation",
            &mut draft.author.organisation,
            "Company or publication",
        );
        url_field(ui, "Author page", &mut draft.author.url, palette);
    });
    section(ui, layout, "Tags", |ui| {
        chips_ui(ui, "Tags", &mut draft.tags, new_tag, "Add a tag", palette);
        ui.add_space(4.0);
        chips_ui(
            ui,
            "Categories",
            &mut draft.categories,
            new_category,
            "Add a category",
            palette,
        );
    });
    section(ui, layout, "Cover image", |ui| {
        text_field(
            ui,
            "Image",
            &mut draft.cover_image,
            "images/cover.png or https://…",
        );
        text_field(ui, "Alt text", &mut draft.cover_alt, "What the image shows");
        if !draft.cover_image.trim().is_empty() && draft.cover_alt.trim().is_empty() {
            problem(
                ui,
                "Describe the image for readers who cannot see it.",
                palette.warning,
            );
        }
    });
    section(ui, layout, "Publishing", |ui| {
        url_field(ui, "Canonical URL", &mut draft.canonical_url, palette);
    });
    section(ui, layout, "Related links", |ui| {
        links_ui(ui, &mut draft.links, palette);
    });
    if !context.other_keys.is_empty() {
        section(ui, layout, "Other keys", |ui| {
            ui.label(
                RichText::new("Kept as they are. Edit them in the source below.")
                    .size(12.0)
                    .color(palette.muted),
            );
            // Keys in a column of fixed width, values truncated to the rest. (A `Grid`
            // measures its columns from the previous frame, and a truncated label takes
            // whatever width it is given, so the two never settle and the window would
            // repaint forever.)
            let key_width = (ui.available_width() * 0.4).round();
            for (key, value) in &context.other_keys {
                ui.horizontal(|ui| {
                    ui.allocate_ui_with_layout(
                        egui::vec2(key_width, ui.spacing().interact_size.y),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.set_min_width(key_width);
                            ui.add(egui::Label::new(RichText::new(*key).monospace()).truncate());
                        },
                    );
                    let text = match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    ui.add(
                        egui::Label::new(RichText::new(&text).monospace().color(palette.muted))
                            .truncate(),
                    )
                    .on_hover_text(text);
                });
            }
        });
    }
}

fn date_field(ui: &mut Ui, label: &str, value: &mut String, today: &str, palette: Palette) {
    let label_response = field_label(ui, label);
    ui.horizontal(|ui| {
        // The button's own width at the current text size: were the row planned narrower
        // than what it draws, the panel would widen by the difference every frame.
        let button_text = egui::WidgetText::from("Today").into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Button,
        );
        let button_width = (button_text.size().x + 2.0 * ui.spacing().button_padding.x)
            .max(56.0)
            .ceil();
        let width = (ui.available_width() - button_width - ui.spacing().item_spacing.x).max(80.0);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text("YYYY-MM-DD")
                .desired_width(width),
        )
        .labelled_by(label_response.id);
        if ui
            .add_sized(
                [button_width, ui.spacing().interact_size.y],
                egui::Button::new("Today"),
            )
            .on_hover_text(format!("Set the {} to {today}", label.to_lowercase()))
            .clicked()
        {
            *value = today.to_owned();
        }
    });
    if !value.trim().is_empty() {
        match PostDate::parse(value) {
            Ok(date) => problem(ui, &date.human(), palette.muted),
            Err(message) => problem(ui, &message.to_string(), palette.error),
        }
    }
}

fn url_field(ui: &mut Ui, label: &str, value: &mut String, palette: Palette) {
    text_field(ui, label, value, "https://…");
    if !value.trim().is_empty()
        && let Err(message) = metadata::validate_web_url(value)
    {
        problem(ui, &message.to_string(), palette.error);
    }
}

/// Tags (or categories) as removable chips, and a field to add more (Enter or a comma).
fn chips_ui(
    ui: &mut Ui,
    label: &str,
    items: &mut Vec<String>,
    new_item: &mut String,
    hint: &str,
    palette: Palette,
) {
    let noun = if label == "Categories" {
        "category"
    } else {
        "tag"
    };
    let label_response = field_label(ui, label);
    let mut remove = None;
    if !items.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
            for (index, item) in items.iter().enumerate() {
                let chip = egui::Button::new(RichText::new(format!("{item}  ×")).size(12.5))
                    .fill(palette.accent.gamma_multiply(0.14))
                    .stroke(egui::Stroke::new(1.0, palette.accent.gamma_multiply(0.35)))
                    .corner_radius(10);
                if ui
                    .add(chip)
                    .on_hover_text(format!("Remove “{item}”"))
                    .accessible_name(format!("Remove {noun} {item}"))
                    .clicked()
                {
                    remove = Some(index);
                }
            }
        });
    }
    if let Some(index) = remove {
        items.remove(index);
    }
    let response = ui
        .add(
            egui::TextEdit::singleline(new_item)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_response.id);
    let submitted = response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if new_item.contains(',') || submitted {
        for part in new_item.split(',') {
            let part = part.trim();
            if !part.is_empty()
                && !items
                    .iter()
                    .any(|existing| existing.eq_ignore_ascii_case(part))
            {
                items.push(part.to_owned());
            }
        }
        new_item.clear();
        if submitted {
            response.request_focus();
        }
    }
}

/// Related links as rows of label and URL that can be added, removed and reordered.
fn links_ui(ui: &mut Ui, links: &mut Vec<RelatedLink>, palette: Palette) {
    let mut remove = None;
    let mut swap = None;
    let count = links.len();
    for (index, link) in links.iter_mut().enumerate() {
        egui::Frame::new()
            .stroke(egui::Stroke::new(1.0, palette.line))
            .corner_radius(6)
            .inner_margin(6)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!("Link {}", index + 1))
                            .size(12.0)
                            .color(palette.muted),
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text("Remove this link")
                            .accessible_name(format!("Remove link {}", index + 1))
                            .clicked()
                        {
                            remove = Some(index);
                        }
                        if ui
                            .add_enabled(index + 1 < count, egui::Button::new("↓").small())
                            .on_hover_text("Move down")
                            .accessible_name(format!("Move link {} down", index + 1))
                            .clicked()
                        {
                            swap = Some((index, index + 1));
                        }
                        if ui
                            .add_enabled(index > 0, egui::Button::new("↑").small())
                            .on_hover_text("Move up")
                            .accessible_name(format!("Move link {} up", index + 1))
                            .clicked()
                        {
                            swap = Some((index - 1, index));
                        }
                    });
                });
                text_field(
                    ui,
                    &format!("Label {}", index + 1),
                    &mut link.label,
                    "What readers see",
                );
                text_field(
                    ui,
                    &format!("URL {}", index + 1),
                    &mut link.url,
                    "https://…",
                );
                if !link.url.trim().is_empty()
                    && let Err(message) = metadata::validate_web_url(&link.url)
                {
                    problem(ui, &message.to_string(), palette.error);
                }
            });
        ui.add_space(2.0);
    }
    if let Some(index) = remove {
        links.remove(index);
    }
    if let Some((a, b)) = swap {
        links.swap(a, b);
    }
    if ui.button("Add link").clicked() {
        links.push(RelatedLink::default());
    }
}

/// The raw front matter, editable; open by default when it cannot be read.
fn source_ui(
    ui: &mut Ui,
    state: &mut MetadataFormState,
    context: &FormContext<'_>,
) -> Option<String> {
    let title = match context.format {
        Some(format) => format!("Front matter source ({format})"),
        None => "Front matter source".to_owned(),
    };
    let mut changed = None;
    let id = ui.make_persistent_id("front-matter-source");
    let mut header =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false);
    if context.error.is_some() {
        header.set_open(true);
    }
    header
        .show_header(ui, |ui| {
            ui.label(RichText::new(title).strong());
        })
        .body(|ui| {
            let response = ui.add(
                egui::TextEdit::multiline(&mut state.source)
                    .code_editor()
                    .desired_rows(8)
                    .desired_width(f32::INFINITY),
            );
            let response = response.accessible_name("Front matter source");
            if response.changed() {
                state.synced_source = Some(state.source.clone());
                changed = Some(state.source.clone());
            }
        });
    changed
}
