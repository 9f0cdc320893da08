//! The editor's right-click menu: the editor opens it (on a secondary click, or at the
//! caret when the app asks) and remembers the byte offset it was opened on; the app draws
//! its entries with [`context_menu_ui`] after [`super::editor_ui`], in the same frame.

use egui::containers::menu::menu_style;
use egui::{Align, Id, LayerId, Layout, Popup, PopupAnchor, PopupKind, Pos2, SetOpenCommand, Ui};

use super::paint::caret_rect;
use super::state::EditorState;
use super::view::View;

/// Where the menu is open.
#[derive(Clone, Copy, Debug)]
pub(super) struct ContextMenuAt {
    /// The byte offset it was opened on.
    offset: usize,
    /// Where on screen it opened.
    pos: Pos2,
    /// It was opened this frame (and must be told to open).
    opening: bool,
}

impl ContextMenuAt {
    /// The byte offset the menu was opened on.
    pub(super) fn offset(self) -> usize {
        self.offset
    }
}

/// The menu's popup and the layer of the editor it belongs to.
#[derive(Clone, Copy, Debug)]
pub(super) struct MenuPlace {
    id: Id,
    layer: LayerId,
}

/// Opens the menu on a secondary click (at the text under the pointer) or, when the app
/// asked, at the caret. Runs after the lines in view are laid out.
pub(super) fn open_menu(
    state: &mut EditorState,
    response: &egui::Response,
    view: &View,
    text: &str,
) {
    state.menu_place = Some(MenuPlace {
        id: response.id.with("context-menu"),
        layer: response.layer_id,
    });
    let at_caret = std::mem::take(&mut state.menu_at_caret);
    if response.secondary_clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some((offset, _)) = view.hit(text, pos)
    {
        state.menu = Some(ContextMenuAt {
            offset,
            pos,
            opening: true,
        });
    } else if at_caret && let Some(caret) = caret_rect(state, view, text, None) {
        state.menu = Some(ContextMenuAt {
            offset: state.cursor,
            pos: caret.left_bottom(),
            opening: true,
        });
    }
}

/// Draws the editor's right-click menu while it is open: `add_contents` adds the entries
/// for the byte offset the menu was opened on (the text under the pointer, or the caret)
/// and what it returns is handed back. Call it after [`super::editor_ui`] every frame;
/// the menu closes on a click, on Escape, or when a frame does not draw it.
pub fn context_menu_ui<R>(
    ui: &Ui,
    state: &mut EditorState,
    add_contents: impl FnOnce(&mut Ui, usize) -> R,
) -> Option<R> {
    let (Some(at), Some(place)) = (state.menu.as_mut(), state.menu_place) else {
        return None;
    };
    let open = std::mem::take(&mut at.opening).then_some(SetOpenCommand::Bool(true));
    let offset = at.offset;
    let shown = Popup::new(
        place.id,
        ui.ctx().clone(),
        PopupAnchor::Position(at.pos),
        place.layer,
    )
    .kind(PopupKind::Menu)
    .layout(Layout::top_down_justified(Align::Min))
    .style(menu_style)
    .gap(0.0)
    .open_memory(open)
    .show(|ui| add_contents(ui, offset));
    if !Popup::is_id_open(ui.ctx(), place.id) {
        state.menu = None;
    }
    shown.map(|shown| shown.inner)
}
