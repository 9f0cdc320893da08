//! Export benchmark (filled in below).
fn main() {}
