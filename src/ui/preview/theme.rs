//! How the preview looks: the reading palette for dark and light, type sizes, and the
//! text formats that turn the model's styles into egui's.

use std::hash::{DefaultHasher, Hash, Hasher};

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontFamily, FontId, Stroke};

use super::PreviewSettings;
use postwright_core::highlight::TokenKind;
use postwright_core::preview::Style;

/// Body text size at a text scale of 1, in points.
const BODY_SIZE: f32 = 16.0;

/// Colours and type for one frame. Cheap to build, so it is built every frame from the
/// current visuals and settings; [`Theme::key`] changes whenever anything that affects
/// layout or colour does.
#[derive(Clone, Debug)]
pub(super) struct Theme {
    pub dark: bool,
    /// Text scale times the base sizes: one "em" in points.
    pub em: f32,
    pub body_family: FontFamily,
    pub heading_family: FontFamily,
    pub code_family: FontFamily,
    pub bold_family: Option<FontFamily>,
    pub page: Color32,
    pub text: Color32,
    pub strong: Color32,
    pub heading: Color32,
    pub muted: Color32,
    pub quote_text: Color32,
    pub link: Color32,
    pub code_background: Color32,
    pub code_text: Color32,
    pub inline_code_background: Color32,
    pub border: Color32,
    pub quote_bar: Color32,
    pub table_header_background: Color32,
    pub chip_background: Color32,
    pub chip_text: Color32,
    pub warning: Color32,
    syntax: Syntax,
    /// Hash of everything above plus the pixel density.
    pub key: u64,
}

#[derive(Clone, Copy, Debug, Hash)]
struct Syntax {
    keyword: Color32,
    type_name: Color32,
    string: Color32,
    number: Color32,
    comment: Color32,
    function: Color32,
    attribute: Color32,
    tag: Color32,
    inserted: Color32,
    deleted: Color32,
}

const LIGHT_SYNTAX: Syntax = Syntax {
    keyword: Color32::from_rgb(0xcf, 0x22, 0x2e),
    type_name: Color32::from_rgb(0x95, 0x38, 0x00),
    string: Color32::from_rgb(0x0a, 0x30, 0x69),
    number: Color32::from_rgb(0x05, 0x50, 0xae),
    comment: Color32::from_rgb(0x6e, 0x77, 0x81),
    function: Color32::from_rgb(0x82, 0x50, 0xdf),
    attribute: Color32::from_rgb(0x11, 0x63, 0x29),
    tag: Color32::from_rgb(0x11, 0x63, 0x29),
    inserted: Color32::from_rgb(0x11, 0x63, 0x29),
    deleted: Color32::from_rgb(0x82, 0x07, 0x1e),
};

const DARK_SYNTAX: Syntax = Syntax {
    keyword: Color32::from_rgb(0xff, 0x7b, 0x72),
    type_name: Color32::from_rgb(0xff, 0xa6, 0x57),
    string: Color32::from_rgb(0xa5, 0xd6, 0xff),
    number: Color32::from_rgb(0x79, 0xc0, 0xff),
    comment: Color32::from_rgb(0x8b, 0x94, 0x9e),
    function: Color32::from_rgb(0xd2, 0xa8, 0xff),
    attribute: Color32::from_rgb(0x7e, 0xe7, 0x87),
    tag: Color32::from_rgb(0x7e, 0xe7, 0x87),
    inserted: Color32::from_rgb(0x7e, 0xe7, 0x87),
    deleted: Color32::from_rgb(0xff, 0xa1, 0x98),
};

impl Theme {
    /// The theme for the current visuals (dark or light) and settings.
    pub fn new(ctx: &egui::Context, dark: bool, settings: &PreviewSettings) -> Self {
        let em = BODY_SIZE * settings.text_scale.clamp(0.5, 4.0);
        let fonts = &settings.fonts;
        let rgb = Color32::from_rgb;
        let mut theme = if dark {
            Theme {
                dark,
                em,
                body_family: fonts.body.clone(),
                heading_family: fonts.heading.clone(),
                code_family: fonts.code.clone(),
                bold_family: fonts.bold.clone(),
                page: rgb(0x1c, 0x1d, 0x20),
                text: rgb(0xd4, 0xd7, 0xdc),
                strong: rgb(0xf4, 0xf5, 0xf7),
                heading: rgb(0xf4, 0xf5, 0xf7),
                muted: rgb(0x9a, 0xa1, 0xab),
                quote_text: rgb(0xb4, 0xba, 0xc2),
                link: rgb(0x6c, 0xb6, 0xff),
                code_background: rgb(0x14, 0x15, 0x18),
                code_text: rgb(0xd6, 0xda, 0xe0),
                inline_code_background: rgb(0x2e, 0x31, 0x37),
                border: rgb(0x3a, 0x3e, 0x45),
                quote_bar: rgb(0x4a, 0x50, 0x59),
                table_header_background: rgb(0x24, 0x26, 0x2b),
                chip_background: rgb(0x1f, 0x33, 0x4d),
                chip_text: rgb(0xa8, 0xd1, 0xff),
                warning: rgb(0xe3, 0xb3, 0x41),
                syntax: DARK_SYNTAX,
                key: 0,
            }
        } else {
            Theme {
                dark,
                em,
                body_family: fonts.body.clone(),
                heading_family: fonts.heading.clone(),
                code_family: fonts.code.clone(),
                bold_family: fonts.bold.clone(),
                page: Color32::WHITE,
                text: rgb(0x24, 0x29, 0x2f),
                strong: rgb(0x0b, 0x0d, 0x10),
                heading: rgb(0x0b, 0x0d, 0x10),
                muted: rgb(0x59, 0x63, 0x6e),
                quote_text: rgb(0x45, 0x4d, 0x57),
                link: rgb(0x09, 0x69, 0xda),
                code_background: rgb(0xf4, 0xf6, 0xf8),
                code_text: rgb(0x1f, 0x23, 0x28),
                inline_code_background: rgb(0xea, 0xed, 0xf0),
                border: rgb(0xd0, 0xd7, 0xde),
                quote_bar: rgb(0xc4, 0xcc, 0xd4),
                table_header_background: rgb(0xf4, 0xf6, 0xf8),
                chip_background: rgb(0xdd, 0xf4, 0xff),
                chip_text: rgb(0x0a, 0x4f, 0xa6),
                warning: rgb(0x9a, 0x67, 0x00),
                syntax: LIGHT_SYNTAX,
                key: 0,
            }
        };
        let mut hasher = DefaultHasher::new();
        dark.hash(&mut hasher);
        em.to_bits().hash(&mut hasher);
        ctx.pixels_per_point().to_bits().hash(&mut hasher);
        theme.body_family.hash(&mut hasher);
        theme.heading_family.hash(&mut hasher);
        theme.code_family.hash(&mut hasher);
        theme.bold_family.hash(&mut hasher);
        theme.page.hash(&mut hasher);
        theme.text.hash(&mut hasher);
        theme.syntax.hash(&mut hasher);
        theme.key = hasher.finish();
        theme
    }

    /// Body text size.
    pub fn body_size(&self) -> f32 {
        self.em
    }

    /// Distance between lines of body text.
    pub fn body_line(&self) -> f32 {
        (self.em * 1.65).round()
    }

    /// Code size.
    pub fn code_size(&self) -> f32 {
        self.em * 0.875
    }

    /// Distance between lines of code.
    pub fn code_line(&self) -> f32 {
        (self.code_size() * 1.5).round()
    }

    /// Heading size for level 1 to 6.
    pub fn heading_size(&self, level: u8) -> f32 {
        let factor = match level {
            1 => 2.0,
            2 => 1.55,
            3 => 1.3,
            4 => 1.12,
            5 => 1.0,
            _ => 0.94,
        };
        self.em * factor
    }

    /// The format of body text in colour `color`.
    pub fn body_format(&self, color: Color32) -> TextFormat {
        TextFormat {
            font_id: FontId::new(self.body_size(), self.body_family.clone()),
            line_height: Some(self.body_line()),
            color,
            ..TextFormat::default()
        }
    }

    /// The format of a heading's text.
    pub fn heading_format(&self, level: u8) -> TextFormat {
        let size = self.heading_size(level);
        let family = self
            .bold_family
            .clone()
            .unwrap_or_else(|| self.heading_family.clone());
        let color = if level >= 6 { self.muted } else { self.heading };
        TextFormat {
            font_id: FontId::new(size, family),
            line_height: Some((size * 1.3).round()),
            color,
            ..TextFormat::default()
        }
    }

    /// The format of code in a code block.
    pub fn code_format(&self, color: Color32) -> TextFormat {
        TextFormat {
            font_id: FontId::new(self.code_size(), self.code_family.clone()),
            line_height: Some(self.code_line()),
            color,
            ..TextFormat::default()
        }
    }

    /// `base` changed by an inline style; `linked` runs take the link colour.
    pub fn run_format(&self, base: &TextFormat, style: Style, linked: bool) -> TextFormat {
        let mut format = base.clone();
        if style.code || style.html {
            format.font_id = FontId::new(base.font_id.size * 0.875, self.code_family.clone());
            format.background = self.inline_code_background;
            // A line box of its own, centred in the row: with the paragraph's line height
            // the background would fill the whole row.
            format.line_height = Some((format.font_id.size * 1.35).round());
            format.valign = Align::Center;
            format.expand_bg = 1.0;
            format.color = if style.html {
                self.muted
            } else {
                self.code_text
            };
        }
        if style.strong {
            if let Some(bold) = &self.bold_family
                && !(style.code || style.html)
            {
                format.font_id.family = bold.clone();
            }
            if !(style.code || style.html) && base.color == self.text {
                format.color = self.strong;
            }
        }
        if style.emphasis || style.image_alt {
            format.italics = true;
        }
        if style.image_alt {
            format.color = self.muted;
        }
        if style.footnote_reference {
            format.font_id.size = base.font_id.size * 0.72;
            format.line_height = None;
            format.valign = Align::TOP;
        }
        if style.back_reference {
            // The arrow is in the code face: the default body face has no arrows.
            format.font_id.family = self.code_family.clone();
        }
        if linked {
            // Links are underlined where they are drawn, closer to the text than the
            // row's bottom, where egui would put the line.
            format.color = self.link;
        }
        if style.strikethrough {
            format.strikethrough = Stroke::new((self.em / 14.0).max(1.0), format.color);
        }
        format
    }

    /// The colour of a highlighted token.
    pub fn token_color(&self, kind: TokenKind) -> Color32 {
        let syntax = &self.syntax;
        match kind {
            TokenKind::Keyword => syntax.keyword,
            TokenKind::Type => syntax.type_name,
            TokenKind::String => syntax.string,
            TokenKind::Number | TokenKind::Literal => syntax.number,
            TokenKind::Comment => syntax.comment,
            TokenKind::Function => syntax.function,
            TokenKind::Attribute => syntax.attribute,
            TokenKind::Tag => syntax.tag,
            TokenKind::Inserted => syntax.inserted,
            TokenKind::Deleted => syntax.deleted,
        }
    }

    /// A job of plain text in one format, wrapped at `width`.
    pub fn plain_job(&self, text: &str, format: TextFormat, width: f32) -> LayoutJob {
        let mut job = LayoutJob::single_section(text.to_owned(), format);
        job.wrap.max_width = width;
        job
    }
}
