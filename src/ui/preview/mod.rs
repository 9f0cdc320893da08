//! The live preview: the post as a reader will see it, drawn natively from a
//! [`PreviewModel`] and the post's [`Metadata`].
//!
//! [`preview_ui`] shows it in a scroll area and returns what the reader asked for (open a
//! link, reveal a block's source). It lays out only the blocks in view: block heights live
//! in a prefix-sum index (a [`FenwickTree`]), with estimates for blocks never laid out that are
//! replaced by measurements as blocks come into view, and prepared layout jobs are cached
//! by block hash so an edit re-lays only the blocks it changed. An idle frame does no work
//! that grows with the post and requests no repaint.

mod header;
mod images;
mod layout;
mod marks;
mod render;
mod theme;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;

use egui::{FontFamily, ScrollArea, Ui};

pub use images::{AssetLoader, IMAGE_URI_SCHEME, install_image_loaders};
pub(crate) use layout::spans_rects;
pub use marks::{PreviewMark, PreviewMarks};

use layout::{Prepared, estimate_height, gap_before, indent};
use render::Renderer;
use theme::Theme;

use postwright_core::fenwick::FenwickTree;
use postwright_core::metadata::Metadata;
use postwright_core::preview::PreviewModel;

/// Widest the text column grows, in ems: about 70 characters of body text.
const READING_WIDTH_EM: f32 = 38.0;

/// Prepared blocks kept beyond this many are dropped, least recently shown first.
const PREPARED_CACHE_SIZE: usize = 2048;

/// What the reader asked for in the preview. The app applies it after the frame.
#[must_use = "the app must apply what the reader asked for"]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewAction {
    /// Open this `http:`, `https:` or `mailto:` URL in the system browser. No other
    /// scheme is ever returned here.
    OpenLink(String),
    /// Show this byte range of the body in the editor (the reader double-clicked a block).
    RevealSource(Range<usize>),
}

/// The typefaces of the preview. egui's built-in families by default; the app can
/// register a reading font under a name and use `FontFamily::Name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PreviewFonts {
    /// Body text.
    pub body: FontFamily,
    /// Headings and the title.
    pub heading: FontFamily,
    /// Code, inline and in blocks.
    pub code: FontFamily,
    /// A bold face for strong text and headings, if one is installed; without it strong
    /// text is set in a stronger colour.
    pub bold: Option<FontFamily>,
}

impl Default for PreviewFonts {
    fn default() -> Self {
        Self {
            body: FontFamily::Proportional,
            heading: FontFamily::Proportional,
            code: FontFamily::Monospace,
            bold: None,
        }
    }
}

/// How the preview is shown. The app keeps one and passes it every frame.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewSettings {
    /// The folder of the post file, against which relative image paths resolve. `None`
    /// for a post never saved.
    pub base_folder: Option<PathBuf>,
    /// Whether images at `http(s)://` addresses may be fetched. Off by default: opening
    /// a post never touches the network unless the author allows it.
    pub remote_images: bool,
    /// Text size relative to the default (1.0 = 16 points of body text).
    pub text_scale: f32,
    /// Typefaces.
    pub fonts: PreviewFonts,
}

impl Default for PreviewSettings {
    fn default() -> Self {
        Self {
            base_folder: None,
            remote_images: false,
            text_scale: 1.0,
            fonts: PreviewFonts::default(),
        }
    }
}

/// Where the preview should scroll on the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScrollRequest {
    /// To the block showing this byte offset of the body.
    Source(usize),
    /// To the top of this slot (0 is the header, then blocks, then the footer).
    Slot(usize),
}

/// What was at the top of the view: a slot, the hash of its block (`None` for the
/// header and footer), and how far into it the view started.
#[derive(Clone, Copy, Debug)]
struct TopAnchor {
    slot: usize,
    hash: Option<u64>,
    within: f32,
}

/// A prepared block and the frame it was last shown in.
#[derive(Debug)]
struct CachedBlock {
    prepared: Prepared,
    last_used: u64,
}

/// The preview's scroll position and caches. Keep one per open post (or reset it when
/// another post opens); it is cheap to create.
#[derive(Debug, Default)]
pub struct PreviewState {
    scroll_offset: f32,
    scroll_request: Option<ScrollRequest>,
    /// Distance to add to the scroll offset on the next frame, so that content in view
    /// stays put when a block above it gets its measured height.
    pending_shift: f32,
    first_visible_source: Option<usize>,
    /// The top of the view as of the last frame, to find it again after an edit.
    top_anchor: Option<TopAnchor>,
    /// Where the view must start so that the anchored block stays in place.
    anchored_offset: Option<f32>,
    /// The model the height index was built for.
    model_fingerprint: Option<u64>,
    /// Width and theme the caches below were built for.
    layout_key: u64,
    /// Heights of the slots (header, one per block, footer), summed in `f64` so that
    /// thousands of updates do not drift.
    heights: FenwickTree<f64>,
    /// Content heights (gap excluded) by block hash: measured once a block was laid out,
    /// estimated (once) before that.
    content_heights: HashMap<u64, f32, ahash::RandomState>,
    prepared: HashMap<u64, CachedBlock, ahash::RandomState>,
    /// Measured height of the header and footer, which depend on the metadata only.
    measured_header: Option<f32>,
    measured_footer: Option<f32>,
    frame: u64,
    /// The findings shown beside blocks and under links.
    marks: PreviewMarks,
}

impl PreviewState {
    /// Shows `marks` from the next frame on: they describe the model the preview is given
    /// from then on (hand them over with the analysis that made it).
    pub fn set_marks(&mut self, marks: PreviewMarks) {
        self.marks = marks;
    }

    /// Scrolls the preview, on the next frame, so that the block showing `byte_offset` of
    /// the body is at the top; offsets in the first block scroll to the top of the page,
    /// header included.
    pub fn scroll_to_source(&mut self, byte_offset: usize) {
        self.scroll_request = Some(ScrollRequest::Source(byte_offset));
    }

    /// The body offset where the block at the top of the view starts, as of the last
    /// frame; 0 while the header is at the top. `None` before the first frame or for an
    /// empty body.
    pub fn first_visible_source(&self) -> Option<usize> {
        self.first_visible_source
    }

    /// The scroll offset of the last frame, in points from the top.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// Rebuilds the height index for a new model: measured heights where the block's hash
    /// was seen before, estimates elsewhere. O(blocks), once per edit, never per frame.
    fn reindex(&mut self, model: &PreviewModel, theme: &Theme, column: f32) {
        let blocks = model.blocks();
        if self.content_heights.len() > 2 * blocks.len() + 1024 {
            let current: HashSet<u64, ahash::RandomState> =
                blocks.iter().map(|block| block.hash).collect();
            self.content_heights
                .retain(|hash, _| current.contains(hash));
        }
        let mut heights: Vec<f32> = Vec::with_capacity(blocks.len() + 2);
        heights.push(
            self.measured_header
                .unwrap_or_else(|| header::estimate_header(theme)),
        );
        for (index, block) in blocks.iter().enumerate() {
            let content = *self.content_heights.entry(block.hash).or_insert_with(|| {
                let width = (column - indent(&block.nesting, theme).content).max(theme.em);
                estimate_height(block, width, theme)
            });
            heights.push(gap_before(blocks, index, theme) + content);
        }
        heights.push(
            self.measured_footer
                .unwrap_or_else(|| header::estimate_footer(theme)),
        );
        self.heights = FenwickTree::new(heights.into_iter().map(f64::from).collect());
        self.model_fingerprint = Some(model.fingerprint());
        if let Some(anchor) = self.top_anchor.take() {
            let slot = anchor_slot(model, anchor);
            self.anchored_offset = Some(self.slot_top(slot) + anchor.within);
        }
    }

    /// Forgets everything that depends on the width or the theme.
    fn reset_layout(&mut self, layout_key: u64) {
        self.layout_key = layout_key;
        self.content_heights.clear();
        self.prepared.clear();
        self.measured_header = None;
        self.measured_footer = None;
        self.model_fingerprint = None;
    }

    /// Drops prepared blocks not shown for a while once the cache is full.
    fn trim_prepared(&mut self) {
        if self.prepared.len() <= PREPARED_CACHE_SIZE {
            return;
        }
        let frame = self.frame;
        self.prepared
            .retain(|_, cached| cached.last_used + 600 > frame);
        if self.prepared.len() > PREPARED_CACHE_SIZE {
            self.prepared.retain(|_, cached| cached.last_used == frame);
        }
    }

    /// The scroll offset this frame must start from, if it must jump.
    fn take_scroll_target(&mut self, model: &PreviewModel) -> Option<f32> {
        let shift = std::mem::take(&mut self.pending_shift);
        let anchored = self.anchored_offset.take();
        let request = self.scroll_request.take();
        let slot = match request {
            Some(ScrollRequest::Slot(slot)) => slot,
            // The first block is the top of the page: scrolling to it shows the header.
            Some(ScrollRequest::Source(offset)) => match model.block_at_source(offset) {
                Some(index) if index > 0 => index + 1,
                _ => 0,
            },
            None if anchored.is_some() => return anchored,
            None if shift != 0.0 => return Some(self.scroll_offset + shift),
            None => return None,
        };
        Some(self.slot_top(slot.min(self.heights.len().saturating_sub(1))))
    }

    /// Where slot `slot` starts, in points from the top.
    fn slot_top(&self, slot: usize) -> f32 {
        self.heights.prefix(slot) as f32
    }

    /// The height of slot `slot`.
    fn slot_height(&self, slot: usize) -> f32 {
        self.heights.get(slot) as f32
    }

    /// The slot at `y` points from the top.
    fn slot_at(&self, y: f32) -> usize {
        self.heights.index_at(f64::from(y))
    }

    /// Gives slot `slot` its measured height.
    fn set_slot_height(&mut self, slot: usize, height: f32) {
        self.heights.set(slot, f64::from(height));
    }
}

/// Where the block that was at the top of the view is in a new model: the same hash
/// nearest its old place, else the same place.
fn anchor_slot(model: &PreviewModel, anchor: TopAnchor) -> usize {
    let blocks = model.blocks();
    let Some(hash) = anchor.hash else {
        return if anchor.slot == 0 {
            0
        } else {
            blocks.len() + 1
        };
    };
    let old_index = anchor.slot.saturating_sub(1);
    const SEARCH: usize = 512;
    for distance in 0..SEARCH {
        for index in [
            old_index.checked_add(distance),
            old_index.checked_sub(distance),
        ]
        .into_iter()
        .flatten()
        {
            if blocks.get(index).is_some_and(|block| block.hash == hash) {
                return index + 1;
            }
        }
    }
    anchor.slot.min(blocks.len() + 1)
}

/// Shows the preview of a post: its metadata as the page header, the body, and the related
/// links, in a vertical scroll area filling the space given.
///
/// `model` comes from [`postwright_core::preview::PreviewBuilder`] during the app's single parse of
/// the body and should be rebuilt only when the text changes. Returns at most one action.
#[must_use = "the app must apply what the reader asked for"]
pub fn preview_ui(
    ui: &mut Ui,
    model: &PreviewModel,
    metadata: &Metadata,
    state: &mut PreviewState,
    settings: &PreviewSettings,
) -> Option<PreviewAction> {
    install_image_loaders(ui.ctx());
    state.frame += 1;
    let theme = Theme::new(ui.ctx(), ui.visuals().dark_mode, settings);
    let area = ui.available_rect_before_wrap();
    ui.painter().rect_filled(area, 0.0, theme.page);
    let margin = (theme.em * 1.5).min(area.width() * 0.06);
    let column = (area.width() - 2.0 * margin)
        .min(READING_WIDTH_EM * theme.em)
        .max(theme.em * 8.0)
        .round();
    let mut hasher = DefaultHasher::new();
    theme.key.hash(&mut hasher);
    column.to_bits().hash(&mut hasher);
    let layout_key = hasher.finish();
    if layout_key != state.layout_key {
        state.reset_layout(layout_key);
    }
    if state.model_fingerprint != Some(model.fingerprint())
        || state.heights.len() != model.blocks().len() + 2
    {
        state.reindex(model, &theme, column);
    }
    let base_id = ui.scope_id().with("postwright-preview");
    let mut scroll_area = ScrollArea::vertical()
        .id_salt("postwright-preview-scroll")
        .auto_shrink(false);
    if let Some(offset) = state.take_scroll_target(model) {
        scroll_area = scroll_area.vertical_scroll_offset(offset.max(0.0));
    }
    let mut renderer = Renderer {
        model,
        metadata,
        settings,
        state,
        theme,
        column,
        base_id,
        action: None,
    };
    let output = scroll_area.show_viewport(ui, |ui, viewport| renderer.show(ui, viewport));
    let action = renderer.action.take();
    state.scroll_offset = output.state.clamped_offset().y;
    state.trim_prepared();
    action
}
