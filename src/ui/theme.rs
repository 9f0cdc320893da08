//! Fonts, colours and spacing of the window, in one place.
//!
//! Inter for the interface and the preview, JetBrains Mono for the editor and code, both
//! bundled so the window looks the same everywhere. Bold and italic faces are registered
//! as named font families ([`bold`], [`italic`], …) for the preview and the editor.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, Theme};

use postwright_core::md_syntax::Kind;

const INTER_REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
const INTER_ITALIC: &[u8] = include_bytes!("../../assets/fonts/Inter-Italic.otf");
const INTER_SEMIBOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBold.otf");
const INTER_SEMIBOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/Inter-SemiBoldItalic.otf");
const MONO_REGULAR: &[u8] = include_bytes!("../../assets/fonts/JetBrainsMono-Regular.ttf");
const MONO_BOLD: &[u8] = include_bytes!("../../assets/fonts/JetBrainsMono-Bold.ttf");
const MONO_ITALIC: &[u8] = include_bytes!("../../assets/fonts/JetBrainsMono-Italic.ttf");

/// The proportional bold face.
pub fn bold() -> FontFamily {
    FontFamily::Name("bold".into())
}

/// The proportional italic face.
pub fn italic() -> FontFamily {
    FontFamily::Name("italic".into())
}

/// The proportional bold italic face.
pub fn bold_italic() -> FontFamily {
    FontFamily::Name("bold-italic".into())
}

/// The monospace bold face.
pub fn mono_bold() -> FontFamily {
    FontFamily::Name("mono-bold".into())
}

/// The monospace italic face.
pub fn mono_italic() -> FontFamily {
    FontFamily::Name("mono-italic".into())
}

/// Registers the bundled fonts and the named families.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let faces: [(&str, &'static [u8]); 7] = [
        ("inter", INTER_REGULAR),
        ("inter-italic", INTER_ITALIC),
        ("inter-semibold", INTER_SEMIBOLD),
        ("inter-semibold-italic", INTER_SEMIBOLD_ITALIC),
        ("mono", MONO_REGULAR),
        ("mono-bold", MONO_BOLD),
        ("mono-italic", MONO_ITALIC),
    ];
    for (name, bytes) in faces {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    }
    // The default fonts stay as fallbacks, for symbols and emoji.
    let proportional_fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let monospace_fallbacks = fonts
        .families
        .get(&FontFamily::Monospace)
        .cloned()
        .unwrap_or_default();
    let with = |first: &str, fallbacks: &[String]| {
        std::iter::once(first.to_owned())
            .chain(fallbacks.iter().cloned())
            .collect::<Vec<_>>()
    };
    fonts.families.insert(
        FontFamily::Proportional,
        with("inter", &proportional_fallbacks),
    );
    fonts
        .families
        .insert(FontFamily::Monospace, with("mono", &monospace_fallbacks));
    fonts
        .families
        .insert(bold(), with("inter-semibold", &proportional_fallbacks));
    fonts
        .families
        .insert(italic(), with("inter-italic", &proportional_fallbacks));
    fonts.families.insert(
        bold_italic(),
        with("inter-semibold-italic", &proportional_fallbacks),
    );
    fonts
        .families
        .insert(mono_bold(), with("mono-bold", &monospace_fallbacks));
    fonts
        .families
        .insert(mono_italic(), with("mono-italic", &monospace_fallbacks));
    ctx.set_fonts(fonts);
}

/// The colours of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Menu bar, side panels, status bar.
    pub chrome: Color32,
    /// The editor's background.
    pub editor: Color32,
    /// The preview's background.
    pub page: Color32,
    /// Ordinary text.
    pub text: Color32,
    /// Secondary text: labels, the status bar, hints.
    pub muted: Color32,
    /// Links, focus, selection.
    pub accent: Color32,
    /// Warnings.
    pub warning: Color32,
    /// Errors.
    pub error: Color32,
    /// The wavy underline of a misspelt word.
    pub misspelling: Color32,
    /// Success ("Saved").
    pub success: Color32,
    /// Thin separators.
    pub line: Color32,
}

/// The ring around a row or tab painted by hand that has the keyboard focus.
pub fn focus_ring(painter: &egui::Painter, rect: egui::Rect, palette: &Palette) {
    painter.rect_stroke(
        rect.shrink(1.0),
        4.0,
        egui::Stroke::new(1.0, palette.accent),
        egui::StrokeKind::Inside,
    );
}

/// The palette for `theme`.
pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Dark => Palette {
            chrome: Color32::from_rgb(0x1d, 0x1f, 0x23),
            editor: Color32::from_rgb(0x18, 0x1a, 0x1d),
            page: Color32::from_rgb(0x21, 0x23, 0x27),
            text: Color32::from_rgb(0xdc, 0xde, 0xe2),
            muted: Color32::from_rgb(0x93, 0x98, 0xa1),
            accent: Color32::from_rgb(0x7a, 0xa2, 0xf7),
            warning: Color32::from_rgb(0xe5, 0xb5, 0x67),
            error: Color32::from_rgb(0xf0, 0x7a, 0x78),
            misspelling: Color32::from_rgb(0xf2, 0x6d, 0x6d),
            success: Color32::from_rgb(0x8c, 0xc5, 0x8a),
            line: Color32::from_rgb(0x33, 0x36, 0x3c),
        },
        Theme::Light => Palette {
            chrome: Color32::from_rgb(0xf3, 0xf2, 0xef),
            editor: Color32::from_rgb(0xfb, 0xfa, 0xf8),
            page: Color32::from_rgb(0xff, 0xff, 0xff),
            text: Color32::from_rgb(0x24, 0x27, 0x2c),
            muted: Color32::from_rgb(0x6b, 0x70, 0x78),
            accent: Color32::from_rgb(0x2f, 0x5b, 0xd3),
            warning: Color32::from_rgb(0xa8, 0x65, 0x00),
            error: Color32::from_rgb(0xc0, 0x35, 0x2f),
            misspelling: Color32::from_rgb(0xe0, 0x3e, 0x3e),
            success: Color32::from_rgb(0x2f, 0x7d, 0x32),
            line: Color32::from_rgb(0xdd, 0xdb, 0xd6),
        },
    }
}

/// Applies spacing, text sizes and colours to both themes.
pub fn install_style(ctx: &egui::Context) {
    for theme in [Theme::Dark, Theme::Light] {
        let colours = palette(theme);
        ctx.style_mut_of(theme, |style| {
            use egui::{FontId, TextStyle};
            style.text_styles = [
                (TextStyle::Heading, FontId::new(19.0, bold())),
                (TextStyle::Body, FontId::new(14.0, FontFamily::Proportional)),
                (
                    TextStyle::Button,
                    FontId::new(14.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Small,
                    FontId::new(12.0, FontFamily::Proportional),
                ),
                (
                    TextStyle::Monospace,
                    FontId::new(13.5, FontFamily::Monospace),
                ),
            ]
            .into();
            style.spacing.item_spacing = egui::vec2(8.0, 6.0);
            style.spacing.button_padding = egui::vec2(8.0, 3.0);
            style.spacing.interact_size.y = 24.0;
            style.spacing.menu_margin = egui::Margin::same(6);
            style.spacing.window_margin = egui::Margin::same(16);
            let visuals = &mut style.visuals;
            visuals.panel_fill = colours.chrome;
            visuals.window_fill = colours.chrome;
            visuals.extreme_bg_color = colours.editor;
            visuals.hyperlink_color = colours.accent;
            visuals.selection.bg_fill = colours.accent.gamma_multiply(0.35);
            visuals.selection.stroke.color = colours.accent;
            visuals.widgets.noninteractive.bg_stroke.color = colours.line;
            visuals.warn_fg_color = colours.warning;
            visuals.error_fg_color = colours.error;
            visuals.override_text_color = None;
            visuals.widgets.noninteractive.fg_stroke.color = colours.text;
            visuals.window_corner_radius = egui::CornerRadius::same(8);
            visuals.menu_corner_radius = egui::CornerRadius::same(6);
        });
    }
}

/// The colour and face of each kind of Markdown source in the editor.
#[derive(Clone, Copy, Debug)]
pub struct SyntaxColours {
    /// Plain text.
    pub text: Color32,
    /// Headings.
    pub heading: Color32,
    /// Markup characters.
    pub marker: Color32,
    /// Emphasis and strong.
    pub emphasis: Color32,
    /// Code spans and blocks.
    pub code: Color32,
    /// Background behind code.
    pub code_background: Color32,
    /// Link text.
    pub link_text: Color32,
    /// URLs.
    pub url: Color32,
    /// List markers.
    pub list: Color32,
    /// Quoted text.
    pub quote: Color32,
    /// Raw HTML.
    pub html: Color32,
}

/// Editor colours for `theme`.
pub fn syntax_colours(theme: Theme) -> SyntaxColours {
    match theme {
        Theme::Dark => SyntaxColours {
            text: Color32::from_rgb(0xd8, 0xdb, 0xe0),
            heading: Color32::from_rgb(0xf2, 0xf3, 0xf5),
            marker: Color32::from_rgb(0x6c, 0x72, 0x7d),
            emphasis: Color32::from_rgb(0xe6, 0xe8, 0xec),
            code: Color32::from_rgb(0xe0, 0xa8, 0x7c),
            code_background: Color32::from_rgb(0x22, 0x25, 0x2a),
            link_text: Color32::from_rgb(0x8f, 0xb4, 0xf8),
            url: Color32::from_rgb(0x6f, 0x9a, 0xc9),
            list: Color32::from_rgb(0xc5, 0x92, 0xe8),
            quote: Color32::from_rgb(0xa3, 0xb0, 0xa0),
            html: Color32::from_rgb(0x86, 0xc1, 0xb9),
        },
        Theme::Light => SyntaxColours {
            text: Color32::from_rgb(0x2a, 0x2d, 0x33),
            heading: Color32::from_rgb(0x10, 0x12, 0x16),
            marker: Color32::from_rgb(0x9a, 0x9e, 0xa6),
            emphasis: Color32::from_rgb(0x1c, 0x1e, 0x22),
            code: Color32::from_rgb(0xa3, 0x4a, 0x12),
            code_background: Color32::from_rgb(0xf0, 0xee, 0xea),
            link_text: Color32::from_rgb(0x2f, 0x5b, 0xd3),
            url: Color32::from_rgb(0x4a, 0x6f, 0x9c),
            list: Color32::from_rgb(0x8a, 0x3f, 0xb8),
            quote: Color32::from_rgb(0x4f, 0x6b, 0x4c),
            html: Color32::from_rgb(0x1f, 0x7a, 0x70),
        },
    }
}

impl SyntaxColours {
    /// The colour of a kind of source.
    pub fn colour(&self, kind: Kind) -> Color32 {
        match kind {
            Kind::Text => self.text,
            Kind::Heading => self.heading,
            Kind::Marker | Kind::Rule => self.marker,
            Kind::Emphasis | Kind::Strong | Kind::StrongEmphasis => self.emphasis,
            Kind::Strikethrough => self.marker,
            Kind::Code => self.code,
            Kind::FenceInfo => self.list,
            Kind::LinkText => self.link_text,
            Kind::Url => self.url,
            Kind::ListMarker => self.list,
            Kind::Quote => self.quote,
            Kind::Html => self.html,
        }
    }
}

/// The find bar's marks in the editor: every match, the current one, and the text searched
/// "in selection".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FindColours {
    /// Behind every match (and its tick on the scroll bar).
    pub match_fill: Color32,
    /// Behind the current match: stronger, so it stands out among the others.
    pub current_fill: Color32,
    /// Behind the text searched when the search is limited to a selection.
    pub scope_fill: Color32,
}

/// The find bar's colours for `theme`.
pub fn find_colours(theme: Theme) -> FindColours {
    match theme {
        Theme::Dark => FindColours {
            match_fill: Color32::from_rgba_unmultiplied(0xd9, 0xa4, 0x41, 0x50),
            current_fill: Color32::from_rgba_unmultiplied(0xf0, 0x8c, 0x2e, 0xb0),
            scope_fill: Color32::from_rgba_unmultiplied(0x7a, 0xa2, 0xf7, 0x1c),
        },
        Theme::Light => FindColours {
            match_fill: Color32::from_rgba_unmultiplied(0xf5, 0xc2, 0x3d, 0x70),
            current_fill: Color32::from_rgba_unmultiplied(0xf2, 0x8c, 0x1c, 0xb8),
            scope_fill: Color32::from_rgba_unmultiplied(0x2f, 0x5b, 0xd3, 0x14),
        },
    }
}
