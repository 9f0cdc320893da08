//! The window's panels: small `*_ui` functions that draw one part of the window and
//! return what the author asked for, for the app to apply after the frame.

pub mod preview;
