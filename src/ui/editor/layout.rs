//! Laying out one line of Markdown source: its highlighting as text formats, and a cache of
//! laid-out lines keyed by their content, so a line keeps its layout when edits elsewhere
//! move it, and identical lines share one.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontFamily, FontId, Galley, Stroke};

use super::EditorStyle;
use crate::ui::theme::{self, SyntaxColours};
use postwright_core::md_syntax::{Kind, LineState, highlight_line};

/// Every kind of source, in the order of [`Kind`]'s discriminants.
const KINDS: [Kind; 15] = [
    Kind::Text,
    Kind::Heading,
    Kind::Marker,
    Kind::Emphasis,
    Kind::Strong,
    Kind::StrongEmphasis,
    Kind::Strikethrough,
    Kind::Code,
    Kind::FenceInfo,
    Kind::LinkText,
    Kind::Url,
    Kind::ListMarker,
    Kind::Quote,
    Kind::Html,
    Kind::Rule,
];

/// The text format of each kind of source.
pub struct Formats {
    by_kind: [TextFormat; 15],
    /// Heading text: bold.
    heading: TextFormat,
    /// Code inside a fenced block: the block has its own background.
    block_code: TextFormat,
    /// Text being composed with an input method.
    preedit_underline: Stroke,
}

impl Formats {
    /// The formats for `style` with rows `line_height` points tall.
    pub fn new(style: &EditorStyle, line_height: f32) -> Self {
        let base = TextFormat {
            font_id: FontId::new(style.font_size, FontFamily::Monospace),
            color: style.colours.text,
            line_height: Some(line_height),
            ..TextFormat::default()
        };
        let with = |kind: Kind| {
            let mut format = base.clone();
            format.color = style.colours.colour(kind);
            match kind {
                Kind::Strong | Kind::StrongEmphasis | Kind::Heading => {
                    format.font_id.family = theme::mono_bold();
                }
                Kind::Emphasis | Kind::Quote => format.font_id.family = theme::mono_italic(),
                Kind::Strikethrough => {
                    format.strikethrough = Stroke::new(1.0, style.colours.marker);
                }
                Kind::Code => {
                    format.background = style.colours.code_background;
                    format.expand_bg = 0.0;
                }
                _ => {}
            }
            format
        };
        let mut block_code = with(Kind::Code);
        block_code.background = Color32::TRANSPARENT;
        Self {
            by_kind: KINDS.map(with),
            heading: with(Kind::Heading),
            block_code,
            preedit_underline: Stroke::new(1.5, style.colours.text),
        }
    }

    fn get(&self, kind: Kind, in_block: bool) -> &TextFormat {
        match kind {
            Kind::Heading => &self.heading,
            Kind::Code if in_block => &self.block_code,
            _ => &self.by_kind[kind as usize],
        }
    }
}

/// The layout job for one line (no line ending) that starts in `state`, wrapped at
/// `wrap_width`. `underline` marks text being composed with an input method.
pub fn line_job(
    line: &str,
    state: LineState,
    formats: &Formats,
    wrap_width: f32,
    underline: Option<Range<usize>>,
) -> LayoutJob {
    let highlight = highlight_line(line, state);
    let in_block = state != LineState::Normal;
    let mut job = LayoutJob {
        text: line.to_owned(),
        ..LayoutJob::default()
    };
    job.wrap.max_width = wrap_width;
    job.keep_trailing_whitespace = true;
    let mut push = |range: Range<usize>, format: &TextFormat| {
        let mut cuts = vec![range.start, range.end];
        if let Some(underline) = &underline {
            for cut in [underline.start, underline.end] {
                if range.start < cut && cut < range.end {
                    cuts.push(cut);
                }
            }
        }
        cuts.sort_unstable();
        for pair in cuts.windows(2) {
            let mut format = format.clone();
            if underline
                .as_ref()
                .is_some_and(|u| u.start <= pair[0] && pair[1] <= u.end && pair[0] < pair[1])
            {
                format.underline = formats.preedit_underline;
            }
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(pair[0])..ByteIndex(pair[1]),
                format,
            });
        }
    };
    if line.is_empty() {
        push(0..0, formats.get(Kind::Text, in_block));
    }
    for (range, kind) in highlight.spans {
        push(range, formats.get(kind, in_block));
    }
    job
}

/// What a cached layout depends on besides the line itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutKey {
    /// Wrap width in points.
    pub wrap_width: f32,
    /// Font size in points.
    pub font_size: f32,
    /// The colours, hashed.
    pub colours: u64,
    /// Physical pixels per point.
    pub pixels_per_point: f32,
}

struct Entry {
    galley: Arc<Galley>,
    state: LineState,
    last_used: u64,
}

/// Laid-out lines by content. Lines seen in a recent frame stay; the least recently used
/// go once the cache holds more than [`LineCache::BUDGET_BYTES`] of text.
#[derive(Default)]
pub struct LineCache {
    entries: HashMap<u64, Entry>,
    bytes: usize,
    frame: u64,
    key: Option<LayoutKey>,
    formats: Option<Formats>,
    /// A tiny layout that egui caches for us: when egui hands back a different one, it
    /// dropped its caches (the font atlas was rebuilt), and ours point into the old atlas.
    canary: Option<Arc<Galley>>,
}

impl LineCache {
    /// How much text (bytes) the cache keeps laid out: a few dozen screens. A laid-out
    /// character costs about 200 bytes, so this bounds the cache near 25 MB however long
    /// the text.
    pub const BUDGET_BYTES: usize = 128 * 1024;

    /// Starts a frame: drops everything when the layout key changed or egui rebuilt its
    /// font atlas. Returns whether the cache was cleared.
    pub fn begin_frame(
        &mut self,
        ctx: &egui::Context,
        key: LayoutKey,
        style: &EditorStyle,
        line_height: f32,
    ) -> bool {
        self.frame += 1;
        let canary = ctx.fonts_mut(|fonts| {
            fonts.layout_no_wrap(
                "M".to_owned(),
                FontId::new(7.0, FontFamily::Monospace),
                Color32::WHITE,
            )
        });
        let atlas_rebuilt = self
            .canary
            .as_ref()
            .is_some_and(|old| !Arc::ptr_eq(old, &canary));
        self.canary = Some(canary);
        if self.key == Some(key) && !atlas_rebuilt && self.formats.is_some() {
            return false;
        }
        self.entries.clear();
        self.bytes = 0;
        self.key = Some(key);
        self.formats = Some(Formats::new(style, line_height));
        true
    }

    /// The layout of `line` starting in `state`.
    pub fn galley(&mut self, ctx: &egui::Context, line: &str, state: LineState) -> Arc<Galley> {
        let hash = {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            line.hash(&mut hasher);
            state.hash(&mut hasher);
            hasher.finish()
        };
        if let Some(entry) = self.entries.get_mut(&hash)
            && entry.state == state
            && entry.galley.job.text == line
        {
            entry.last_used = self.frame;
            return Arc::clone(&entry.galley);
        }
        let galley = self.layout(ctx, line, state, None);
        self.bytes += line.len() + 16;
        if let Some(old) = self.entries.insert(
            hash,
            Entry {
                galley: Arc::clone(&galley),
                state,
                last_used: self.frame,
            },
        ) {
            self.bytes -= old.galley.job.text.len() + 16;
        }
        if self.bytes > Self::BUDGET_BYTES {
            self.evict();
        }
        galley
    }

    /// Lays out a line without caching it (the line being composed with an input method).
    pub fn layout(
        &self,
        ctx: &egui::Context,
        line: &str,
        state: LineState,
        underline: Option<Range<usize>>,
    ) -> Arc<Galley> {
        let (Some(formats), Some(key)) = (&self.formats, &self.key) else {
            return ctx.fonts_mut(|fonts| fonts.layout_job(LayoutJob::default()));
        };
        let job = line_job(line, state, formats, key.wrap_width, underline);
        ctx.fonts_mut(|fonts| fonts.layout_job(job))
    }

    /// Drops the least recently used lines, down to three quarters of the budget; lines
    /// used this frame stay.
    fn evict(&mut self) {
        let mut by_age: Vec<(u64, u64, usize)> = self
            .entries
            .iter()
            .filter(|(_, entry)| entry.last_used != self.frame)
            .map(|(&hash, entry)| (entry.last_used, hash, entry.galley.job.text.len() + 16))
            .collect();
        by_age.sort_unstable();
        for (_, hash, bytes) in by_age {
            if self.bytes <= Self::BUDGET_BYTES * 3 / 4 {
                break;
            }
            self.entries.remove(&hash);
            self.bytes -= bytes;
        }
    }
}

pub(super) fn colours_hash(colours: &SyntaxColours) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for colour in [
        colours.text,
        colours.heading,
        colours.marker,
        colours.emphasis,
        colours.code,
        colours.code_background,
        colours.link_text,
        colours.url,
        colours.list,
        colours.quote,
        colours.html,
    ] {
        colour.hash(&mut hasher);
    }
    hasher.finish()
}
