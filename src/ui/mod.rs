//! The window's widgets: small `*_ui` functions that draw one part of the window and
//! return what the author asked for. The app (`crate::app`) owns the state and applies
//! those requests at the end of the frame.

pub mod columns;
pub mod context_menu;
pub mod dialogs;
pub mod dock;
pub mod editor;
pub mod find_bar;
pub mod links_panel;
pub mod mark_menu;
pub mod menu;
pub mod metadata_form;
pub mod outline;
pub mod preview;
pub mod status_bar;
pub mod text;
pub mod theme;
