//! One pass over the body feeds everything derived from it: statistics and the outline,
//! the preview model, the link audit and, when spelling is checked, the prose.
//!
//! The window runs [`Analysis::of`] (or [`Analysis::with_prose`]) once per edit (of the
//! body or the metadata), off the interface thread for long posts; nothing here runs per
//! frame.

use crate::audit::{self, AuditOptions, LinkCollector, PostFacts, Report};
use crate::markdown;
use crate::metadata::Metadata;
use crate::preview::{PreviewBuilder, PreviewModel};
use crate::spelling::{Prose, ProseCollector};
use crate::stats::{Statistics, StatsCollector};

/// The stack of the window's analysis worker thread: the Rust default for spawned threads,
/// set explicitly so that no environment variable changes it and the tests that feed
/// deeply nested posts through the pipeline run on the same stack.
pub const WORKER_STACK_BYTES: usize = 2 * 1024 * 1024;

/// What one parse of the body yields.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Words, characters, reading time and the outline.
    pub stats: Statistics,
    /// The blocks the preview shows.
    pub preview: PreviewModel,
    /// Every link and what the audit found.
    pub report: Report,
    /// The prose to check for spelling, when asked for ([`Analysis::with_prose`]).
    pub prose: Option<Prose>,
}

impl Analysis {
    /// Analyses a post in a single parse of its body. `metadata` and the front-matter
    /// error feed the audit's front-matter and readiness checks.
    pub fn of(
        body: &str,
        metadata: &Metadata,
        front_matter_error: Option<&str>,
        options: &AuditOptions<'_>,
    ) -> Self {
        Self::run(body, metadata, front_matter_error, options, false)
    }

    /// [`Analysis::of`], gathering the body's prose for the spelling check in the same
    /// parse ([`crate::spelling::SpellCache::check`] takes it from there).
    pub fn with_prose(
        body: &str,
        metadata: &Metadata,
        front_matter_error: Option<&str>,
        options: &AuditOptions<'_>,
    ) -> Self {
        Self::run(body, metadata, front_matter_error, options, true)
    }

    fn run(
        body: &str,
        metadata: &Metadata,
        front_matter_error: Option<&str>,
        options: &AuditOptions<'_>,
        gather_prose: bool,
    ) -> Self {
        let mut stats = StatsCollector::default();
        let mut preview = PreviewBuilder::default();
        let mut links = LinkCollector::new(body);
        let mut prose = gather_prose.then(|| ProseCollector::new(body));
        for (event, range) in markdown::parser(body).into_offset_iter() {
            stats.event(&event, &range);
            preview.event(&event, &range);
            links.event(&event, &range);
            if let Some(prose) = &mut prose {
                prose.event(&event, &range);
            }
        }
        let stats = stats.finish();
        let facts = PostFacts {
            body,
            metadata,
            outline: &stats.outline,
            front_matter_error,
        };
        let report = audit::audit(links.finish(), &facts, options);
        Self {
            stats,
            preview: preview.finish(),
            report,
            prose: prose.map(ProseCollector::finish),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_feeds_every_consumer() {
        let body =
            "# Title\n\nSee [the docs](https://example.org/docs) and https://example.org/bare.\n";
        let metadata = Metadata {
            title: "Title".into(),
            ..Metadata::default()
        };
        let analysis = Analysis::of(body, &metadata, None, &AuditOptions::default());
        assert_eq!(analysis.stats.outline.len(), 1);
        assert!(!analysis.preview.is_empty());
        assert_eq!(analysis.report.links.len(), 2);
        assert!(
            analysis
                .report
                .findings
                .iter()
                .any(|finding| finding.rule.id() == "bare-url")
        );
        assert_eq!(analysis.prose, None, "prose only when asked for");
        let with_prose = Analysis::with_prose(body, &metadata, None, &AuditOptions::default());
        assert_eq!(with_prose.prose, Some(Prose::of_body(body)));
        assert_eq!(with_prose.stats, analysis.stats);
    }
}
