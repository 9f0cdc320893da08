//! One pass over the body feeds everything derived from it: statistics and the outline
//! now, and every other collector (preview, link audit) rides the same pass.
//!
//! The window runs [`Analysis::of`] once per edit, off the interface thread for long posts;
//! nothing here runs per frame.

use crate::markdown;
use crate::stats::{Statistics, StatsCollector};

/// What one parse of the body yields.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Words, characters, reading time and the outline.
    pub stats: Statistics,
}

impl Analysis {
    /// Analyses a Markdown body in a single parse.
    pub fn of(body: &str) -> Self {
        let mut stats = StatsCollector::default();
        for (event, range) in markdown::parser(body).into_offset_iter() {
            stats.event(&event, &range);
        }
        Self {
            stats: stats.finish(),
        }
    }
}
