//! What is derived from the post: its analysis (statistics, preview model, link audit),
//! made at once for short posts and on a worker thread for long ones with the newest
//! revision winning, the Links panel's grouping of the audit, and the online check's
//! results merged into it.

use super::PostwrightApp;
use super::jobs::{self, ANALYSE_INLINE_BYTES, Analysed, AnalysisJob, AnalysisWorker};
use super::marks::{EditorMarks, MarkColours};
use super::online::OnlineCheck;
use crate::ui::preview::PreviewMarks;
use crate::ui::theme;
use postwright_core::analysis::Analysis;
use postwright_core::audit::DomainGroup;
use postwright_core::spelling::SpellCache;
use postwright_io::online::UrlCheck;

/// The analysis shown, and how it is kept up to date.
#[derive(Default)]
pub(super) struct Derived {
    /// The latest analysis of the body.
    pub(super) analysis: Analysis,
    /// The revision of the post it describes.
    pub(super) revision: Option<u64>,
    /// Analyses long posts; started with the window.
    pub(super) worker: Option<AnalysisWorker>,
    /// The audit's links by domain, for the Links panel.
    pub(super) groups: Vec<DomainGroup>,
    /// The online check running, if any.
    pub(super) online: Option<OnlineCheck>,
    /// The last online check's results, kept across re-analyses (they are keyed by
    /// address).
    pub(super) online_results: Vec<UrlCheck>,
    /// The findings and misspelt words drawn in the editor, moved along with each change
    /// of the body until the next analysis brings new ones.
    pub(super) marks: EditorMarks,
    /// How the post was checked for the analysis shown (see [`AnalysisJob::checks`]).
    pub(super) checks: Option<u64>,
    /// The colours the marks shown were made in.
    pub(super) marks_colours: Option<MarkColours>,
    /// The colours of the theme in use, for the next analysis's marks.
    pub(super) colours: Option<MarkColours>,
    /// What spelling checks of short posts (made here, not on the worker) found, block by
    /// block.
    pub(super) spell_cache: SpellCache,
}

impl Derived {
    /// Whether the worker is still analysing an earlier revision.
    fn worker_busy(&self) -> bool {
        self.worker.as_ref().is_some_and(AnalysisWorker::is_busy)
    }
}

impl PostwrightApp {
    /// The body or the metadata changed: analyse again, unless the worker is still busy
    /// with an earlier revision (the newest is asked for once it is done).
    pub(super) fn body_changed(&mut self) {
        if !self.derived.worker_busy() {
            self.request_analysis();
        }
    }

    /// Starts the worker, takes what it finished, and asks for the revision it lags (or
    /// for the same revision again when the post is to be checked differently: another
    /// dictionary, a word accepted, another theme's colours).
    pub(super) fn keep_analysis_current(&mut self, ctx: &egui::Context) {
        if self.derived.worker.is_none() {
            self.derived.worker = Some(AnalysisWorker::start(ctx));
        }
        self.derived.colours = Some(MarkColours::of(&theme::palette(ctx.theme())));
        if let Some((revision, analysis)) =
            self.derived.worker.as_mut().and_then(AnalysisWorker::poll)
        {
            self.take_worker_analysis(revision, analysis);
        }
        let lags = self.derived.revision != Some(self.doc.revision())
            || self.derived.checks != Some(self.spelling.generation())
            || self.derived.marks_colours != self.derived.colours;
        if lags && !self.derived.worker_busy() {
            self.request_analysis();
        }
    }

    pub(super) fn request_analysis(&mut self) {
        let body = self.doc.shared_body();
        let post = self.doc.post();
        let job = AnalysisJob {
            revision: self.doc.revision(),
            body,
            metadata: post.metadata().clone(),
            front_matter_error: post.front_matter_error().map(ToString::to_string),
            post_path: self.doc.path().map(Into::into),
            saved_domains: self.doc.saved_domains().cloned(),
            spelling: self.spelling.job(self.settings.check_spelling),
            checks: self.spelling.generation(),
            colours: self
                .derived
                .colours
                .unwrap_or_else(|| MarkColours::of(&theme::palette(egui::Theme::Light))),
        };
        if job.body.len() <= ANALYSE_INLINE_BYTES {
            let analysis = job.run(&mut self.derived.spell_cache);
            self.analysis_arrived(job.revision, analysis);
        } else if let Some(worker) = &mut self.derived.worker {
            worker.request(job);
        }
    }

    /// Takes an analysis the worker finished, unless the body has changed since (or another
    /// post has been opened: revisions are never reused).
    pub(super) fn take_worker_analysis(&mut self, revision: u64, analysed: Analysed) {
        if revision == self.doc.revision() {
            self.analysis_arrived(revision, analysed);
        }
    }

    /// Takes a finished analysis; the first one of a freshly opened or saved post also
    /// records which domains it links to, for the "new since last save" rule.
    fn analysis_arrived(&mut self, revision: u64, analysed: Analysed) {
        let Analysed {
            analysis,
            groups,
            marks,
            preview_marks,
            spelling,
            checks,
            colours,
        } = analysed;
        self.doc.analysed(revision, || analysis.report.domains());
        self.retire_analysis(analysis);
        self.derived.revision = Some(revision);
        self.derived.groups = groups;
        self.show_marks(marks, preview_marks);
        self.derived.checks = Some(checks);
        self.derived.marks_colours = colours;
        self.spelling_arrived(spelling, checks);
        self.merge_online_results();
    }

    /// Shows `marks` in the editor and `preview_marks` in the preview from now on; many
    /// old marks are freed in the background.
    fn show_marks(&mut self, marks: EditorMarks, preview_marks: PreviewMarks) {
        let previous = std::mem::replace(&mut self.derived.marks, marks);
        let large = previous.len() > 500;
        jobs::drop_in_background(previous, large);
        self.panels.preview.set_marks(preview_marks);
    }

    /// Shows `analysis` from now on; a long post's previous one is freed in the background.
    pub(super) fn retire_analysis(&mut self, analysis: Analysis) {
        let previous = std::mem::replace(&mut self.derived.analysis, analysis);
        let large = previous.preview.blocks().len() > 2_000;
        jobs::drop_in_background(previous, large);
    }

    /// Forgets everything derived from the previous post: a new one is open.
    pub(super) fn forget_derived(&mut self) {
        self.derived.groups.clear();
        self.derived.online_results.clear();
        if let Some(check) = self.derived.online.take() {
            check.cancel();
        }
        self.derived.revision = None;
        self.retire_analysis(Analysis::default());
        self.show_marks(EditorMarks::default(), PreviewMarks::default());
        self.spelling.fields = None;
        self.request_analysis();
    }
}
