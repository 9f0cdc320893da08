//! Work that must not block the window: analysing and searching long posts, and native
//! file dialogs.
//! Each runs on its own thread and hands its result back through a channel; the window
//! picks results up at the start of a frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::time::{Duration, Instant};

use postwright_core::analysis::Analysis;
use postwright_core::spelling::SpellCache;

use super::marks::{self, EditorMarks, MarkColours};
use super::spelling::{CheckedSpelling, SpellingJob};
use crate::ui::preview::PreviewMarks;

/// Bodies shorter than this are analysed at once, on the interface thread; longer ones on
/// the worker, with the newest version winning.
pub const ANALYSE_INLINE_BYTES: usize = 24 * 1024;

/// Everything an analysis needs, owned, so it can run on another thread.
pub struct AnalysisJob {
    /// The revision of the post this describes.
    pub revision: u64,
    /// The body.
    pub body: Arc<str>,
    /// The metadata, for the audit's front-matter and readiness checks.
    pub metadata: postwright_core::metadata::Metadata,
    /// What is wrong with the front matter, if anything.
    pub front_matter_error: Option<String>,
    /// The post's file, to check relative links and images against.
    pub post_path: Option<PathBuf>,
    /// Domains linked when the post was last saved.
    pub saved_domains: Option<std::collections::BTreeSet<String>>,
    /// The spelling check to make with the analysis, when checking is on and a dictionary
    /// is ready.
    pub spelling: Option<SpellingJob>,
    /// Counts the changes to how the post is checked (the dictionary, the words accepted,
    /// checking turned on or off) as of this job.
    pub checks: u64,
    /// The colours of the marks.
    pub colours: MarkColours,
}

impl AnalysisJob {
    /// Runs the analysis, checks the spelling (with `cache`, which keeps what earlier
    /// checks found, block by block), groups the report for the Links panel and builds the
    /// marks; relative links are checked against the post's folder through `storage`.
    pub fn run(&self, cache: &mut SpellCache) -> Analysed {
        let mut analysis = self.analyse();
        let groups = postwright_core::audit::group_by_domain(&analysis.report);
        let spelling = match (&self.spelling, analysis.prose.take()) {
            (Some(job), Some(prose)) => Some(job.check(cache, &self.body, &prose, &self.metadata)),
            _ => None,
        };
        let editor_marks = EditorMarks {
            findings: marks::finding_marks(&analysis.report, &self.colours),
            spelling: spelling.as_ref().map_or_else(Default::default, |checked| {
                marks::spelling_marks(&checked.body, &checked.dictionary, &self.colours)
            }),
        };
        let preview_marks =
            marks::preview_marks(&analysis.report, &analysis.preview, &self.colours);
        Analysed {
            analysis,
            groups,
            marks: editor_marks,
            preview_marks,
            spelling,
            checks: self.checks,
            colours: Some(self.colours),
        }
    }

    fn analyse(&self) -> Analysis {
        let options = postwright_core::audit::AuditOptions {
            saved_domains: self.saved_domains.as_ref(),
            local_files: Some(postwright_io::files::post_files(self.post_path.as_deref())),
        };
        let analyse = if self.spelling.is_some() {
            Analysis::with_prose
        } else {
            Analysis::of
        };
        analyse(
            &self.body,
            &self.metadata,
            self.front_matter_error.as_deref(),
            &options,
        )
    }
}

/// An analysis and what is made from it (the Links panel's grouping of its report, the
/// spelling check, the marks), all made off the interface thread for long posts.
#[derive(Default)]
pub struct Analysed {
    /// The analysis.
    pub analysis: Analysis,
    /// Its report's links by domain.
    pub groups: Vec<postwright_core::audit::DomainGroup>,
    /// The editor's marks: findings and misspelt words.
    pub marks: EditorMarks,
    /// The findings as the preview shows them.
    pub preview_marks: PreviewMarks,
    /// What the spelling check found, when spelling was checked.
    pub spelling: Option<CheckedSpelling>,
    /// [`AnalysisJob::checks`] of the job.
    pub checks: u64,
    /// The colours the marks were made in.
    pub colours: Option<MarkColours>,
}

/// Drops `value` on a thread of its own when it is large (a long post's analysis holds
/// hundreds of thousands of allocations), so that the frame replacing it does not pay.
pub fn drop_in_background<T: Send + 'static>(value: T, large: bool) {
    if large {
        let spawned = std::thread::Builder::new()
            .name("drop".to_owned())
            .spawn(move || drop(value));
        if let Err(error) = spawned {
            log_thread_error(&error);
        }
    }
}

/// Analyses bodies on a background thread; only the newest request is worked on.
pub struct AnalysisWorker {
    jobs: Sender<AnalysisJob>,
    results: Receiver<(u64, Analysed)>,
    /// The newest revision sent and not yet answered.
    pending: Option<u64>,
}

impl AnalysisWorker {
    /// Starts the worker thread; it asks `ctx` to repaint when a result is ready.
    pub fn start(ctx: &egui::Context) -> Self {
        // What earlier checks found, so that an edit re-checks only its paragraphs.
        let mut spell_cache = SpellCache::default();
        let (jobs, results) = spawn_newest_first(
            "analysis",
            Some(postwright_core::analysis::WORKER_STACK_BYTES),
            ctx,
            move |job: AnalysisJob| Some((job.revision, job.run(&mut spell_cache))),
        );
        Self {
            jobs,
            results,
            pending: None,
        }
    }

    /// Asks for a post to be analysed.
    pub fn request(&mut self, job: AnalysisJob) {
        let revision = job.revision;
        if self.jobs.send(job).is_ok() {
            self.pending = Some(revision);
        }
    }

    /// The newest finished analysis, if one arrived.
    pub fn poll(&mut self) -> Option<(u64, Analysed)> {
        let mut newest = None;
        while let Ok(result) = self.results.try_recv() {
            newest = Some(result);
        }
        if let Some((revision, _)) = &newest
            && self.pending == Some(*revision)
        {
            self.pending = None;
        }
        newest
    }

    /// Whether an analysis is still being worked on.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// A search for the find bar, owned, so it can run on another thread.
pub struct SearchJob {
    /// Which request this is; a newer one makes it stale.
    pub id: u64,
    /// The body as it was when the search was asked for.
    pub body: Arc<str>,
    /// What to look for.
    pub query: postwright_core::edit::find::Query,
    /// The bytes to search ("in selection"), or the whole body.
    pub within: Option<std::ops::Range<usize>>,
    /// How the matches are marked in the editor.
    pub style: crate::ui::editor::MarkStyle,
}

/// Searches long bodies for the find bar on a background thread. Only the newest request
/// is worked on: a search under way stops at its next match once a newer one is asked for.
pub struct SearchWorker {
    jobs: Sender<SearchJob>,
    results: Receiver<(u64, super::find::SearchOutcome)>,
    /// The id of the newest request, which a search asks about as it goes.
    newest: Arc<AtomicU64>,
}

impl SearchWorker {
    /// Starts the worker thread; it asks `ctx` to repaint when a result is ready.
    pub fn start(ctx: &egui::Context) -> Self {
        let newest = Arc::new(AtomicU64::new(0));
        let asked = Arc::clone(&newest);
        let (jobs, results) = spawn_newest_first("search", None, ctx, move |job: SearchJob| {
            let mut keep_going = || asked.load(Ordering::Relaxed) == job.id;
            let outcome = super::find::search(
                &job.body,
                &job.query,
                job.within.clone(),
                job.style,
                &mut keep_going,
            );
            outcome.map(|outcome| (job.id, outcome))
        });
        Self {
            jobs,
            results,
            newest,
        }
    }

    /// Asks for a search; any search asked for before it is abandoned.
    pub fn request(&self, job: SearchJob) {
        self.newest.store(job.id, Ordering::Relaxed);
        let _ = self.jobs.send(job);
    }

    /// Abandons the search under way, if any: its result is no longer wanted.
    pub fn cancel(&self) {
        self.newest.store(u64::MAX, Ordering::Relaxed);
    }

    /// The newest finished search, if one arrived, with its request's id.
    pub fn poll(&self) -> Option<(u64, super::find::SearchOutcome)> {
        let mut newest = None;
        while let Ok(result) = self.results.try_recv() {
            newest = Some(result);
        }
        newest
    }
}

/// Starts a thread named `name` that works on the newest of the jobs sent to it (any that
/// waited behind it are skipped) and sends back what `work` makes of it, if anything,
/// asking `ctx` to repaint.
fn spawn_newest_first<Job: Send + 'static, Done: Send + 'static>(
    name: &str,
    stack_size: Option<usize>,
    ctx: &egui::Context,
    mut work: impl FnMut(Job) -> Option<Done> + Send + 'static,
) -> (Sender<Job>, Receiver<Done>) {
    let (jobs, job_receiver) = mpsc::channel::<Job>();
    let (result_sender, results) = mpsc::channel();
    let ctx = ctx.clone();
    let mut builder = std::thread::Builder::new().name(name.to_owned());
    if let Some(bytes) = stack_size {
        builder = builder.stack_size(bytes);
    }
    let spawned = builder.spawn(move || {
        while let Ok(mut job) = job_receiver.recv() {
            // Skip to the newest request.
            while let Ok(newer) = job_receiver.try_recv() {
                job = newer;
            }
            let Some(done) = work(job) else {
                continue;
            };
            if result_sender.send(done).is_err() {
                break;
            }
            ctx.request_repaint();
        }
    });
    if let Err(error) = spawned {
        log_thread_error(&error);
    }
    (jobs, results)
}

/// Says on standard error that a background thread could not be started.
pub(super) fn log_thread_error(error: &std::io::Error) {
    eprintln!("postwright: could not start a background thread: {error}");
}

/// What a native file dialog was opened for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    /// Choosing a post to open.
    Open,
    /// Choosing where to save the post.
    SaveAs,
    /// Choosing where to export the page.
    Export,
}

/// A native file dialog running on its own thread.
pub struct PendingDialog {
    /// Why it was opened.
    pub purpose: DialogPurpose,
    receiver: Receiver<Option<PathBuf>>,
    started: Instant,
}

/// How the dialog ended.
pub enum DialogOutcome {
    /// The author chose a file.
    Chosen(PathBuf),
    /// The author cancelled.
    Cancelled,
    /// No dialog could be shown (it answered at once, faster than anyone can click).
    Unavailable,
}

/// A dialog that answers faster than this never appeared.
const INSTANT_ANSWER: Duration = Duration::from_millis(400);

impl PendingDialog {
    /// Runs `dialog` on a new thread.
    pub fn spawn(
        purpose: DialogPurpose,
        ctx: &egui::Context,
        dialog: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) -> Option<Self> {
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let _ = sender.send(dialog());
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => Some(Self {
                purpose,
                receiver,
                started: Instant::now(),
            }),
            Err(error) => {
                log_thread_error(&error);
                None
            }
        }
    }

    /// The dialog's outcome, once it closed.
    pub fn poll(&self) -> Option<DialogOutcome> {
        match self.receiver.try_recv() {
            Ok(Some(path)) => Some(DialogOutcome::Chosen(path)),
            Ok(None) if self.started.elapsed() < INSTANT_ANSWER => Some(DialogOutcome::Unavailable),
            Ok(None) => Some(DialogOutcome::Cancelled),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DialogOutcome::Unavailable),
        }
    }
}

/// What the journal thread is asked to do.
enum JournalCommand {
    Write(postwright_io::journal::JournalRecord),
    Clear,
    Close(Sender<()>),
}

/// Writes recovery copies on a background thread, so a long post never stalls typing.
pub struct JournalWriter {
    commands: Sender<JournalCommand>,
    errors: Receiver<postwright_io::files::StorageError>,
}

impl JournalWriter {
    /// Starts the thread that owns `journal`.
    pub fn start(journal: postwright_io::journal::Journal, ctx: &egui::Context) -> Option<Self> {
        let (commands, command_receiver) = mpsc::channel::<JournalCommand>();
        let (error_sender, errors) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("journal".to_owned())
            .spawn(move || {
                let mut journal = Some(journal);
                while let Ok(mut command) = command_receiver.recv() {
                    // Only the newest copy matters, but a close is never skipped.
                    while !matches!(command, JournalCommand::Close(_)) {
                        match command_receiver.try_recv() {
                            Ok(newer) => command = newer,
                            Err(_) => break,
                        }
                    }
                    let result = match (command, journal.as_ref()) {
                        (JournalCommand::Write(record), Some(open)) => open.write(&record),
                        (JournalCommand::Clear, Some(open)) => open.clear(),
                        (JournalCommand::Close(done), _) => {
                            let result = journal.take().map_or(Ok(()), |open| open.close());
                            let _ = done.send(());
                            result
                        }
                        (_, None) => Ok(()),
                    };
                    if let Err(error) = result {
                        let _ = error_sender.send(error);
                        ctx.request_repaint();
                    }
                }
            });
        match spawned {
            Ok(_) => Some(Self { commands, errors }),
            Err(error) => {
                log_thread_error(&error);
                None
            }
        }
    }

    /// Replaces the recovery copy.
    pub fn write(&self, record: postwright_io::journal::JournalRecord) {
        let _ = self.commands.send(JournalCommand::Write(record));
    }

    /// Removes the recovery copy (the post is saved).
    pub fn clear(&self) {
        let _ = self.commands.send(JournalCommand::Clear);
    }

    /// Removes the copy and the lock, waiting briefly for the thread to finish: the window
    /// is closing cleanly.
    pub fn close(&self) {
        let (done, wait) = mpsc::channel();
        if self.commands.send(JournalCommand::Close(done)).is_ok() {
            let _ = wait.recv_timeout(Duration::from_secs(2));
        }
    }

    /// An error from writing a copy, if one happened.
    pub fn error(&self) -> Option<postwright_io::files::StorageError> {
        self.errors.try_recv().ok()
    }
}

/// Files larger than this are read on a background thread, so the window keeps drawing.
pub const LOAD_INLINE_BYTES: u64 = 1024 * 1024;

/// A post being read on a background thread.
pub struct PendingLoad {
    /// The file being read.
    pub path: PathBuf,
    receiver: Receiver<Result<super::OpenPost, postwright_io::files::StorageError>>,
    /// Warnings from loading, handed over with the post.
    warnings: Receiver<Vec<String>>,
}

impl PendingLoad {
    /// Reads and parses `path` on a new thread.
    pub fn spawn(
        path: &std::path::Path,
        format: postwright_core::front_matter::Format,
        ctx: &egui::Context,
    ) -> Option<Self> {
        let (sender, receiver) = mpsc::channel();
        let (warning_sender, warnings) = mpsc::channel();
        let owned = path.to_owned();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("load".to_owned())
            .spawn(move || {
                let result = postwright_io::files::load(&owned).map(|loaded| {
                    let _ = warning_sender.send(loaded.warnings.clone());
                    super::OpenPost::from_file(&owned, &loaded, format)
                });
                let _ = sender.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => Some(Self {
                path: path.to_owned(),
                receiver,
                warnings,
            }),
            Err(error) => {
                log_thread_error(&error);
                None
            }
        }
    }

    /// The post (and load warnings) once read.
    pub fn poll(
        &self,
    ) -> Option<(
        Result<super::OpenPost, postwright_io::files::StorageError>,
        Vec<String>,
    )> {
        match self.receiver.try_recv() {
            Ok(result) => Some((result, self.warnings.try_recv().unwrap_or_default())),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some((
                Err(postwright_io::files::StorageError::Io {
                    path: self.path.clone(),
                    action: "read",
                    source: std::io::Error::other("the reading thread stopped"),
                }),
                Vec::new(),
            )),
        }
    }
}
