//! The online link check: asking each web address of the post for its status on a thread
//! of its own, only when the author asks, and merging what it found into the audit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use super::PostwrightApp;
use crate::ui::links_panel::{LinksPanelState, OnlineProgress};
use postwright_core::audit;
use postwright_io::online;

/// An online check of the post's addresses, running on its own thread.
pub(super) struct OnlineCheck {
    cancel: Arc<AtomicBool>,
    progress: Receiver<(usize, usize)>,
    result: Receiver<Vec<online::UrlCheck>>,
    done: usize,
    total: usize,
}

impl OnlineCheck {
    /// Asks the check to stop.
    pub(super) fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

impl PostwrightApp {
    /// How far the online check has come, for the Links panel.
    pub(super) fn online_progress(&self) -> OnlineProgress {
        match &self.derived.online {
            Some(check) => OnlineProgress {
                running: true,
                done: check.done,
                total: check.total,
                finished: false,
            },
            None => OnlineProgress {
                finished: !self.derived.online_results.is_empty(),
                ..OnlineProgress::default()
            },
        }
    }

    pub(super) fn start_online_check(&mut self, ctx: &egui::Context) {
        let urls = online::urls_to_check(&self.derived.analysis.report);
        if urls.is_empty() {
            self.notify_warning("This post has no web addresses to check.".to_owned());
            return;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let (progress_sender, progress) = mpsc::channel();
        let (result_sender, result) = mpsc::channel();
        let total = urls.len();
        let thread_cancel = Arc::clone(&cancel);
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("online-check".to_owned())
            .spawn(move || {
                let options = online::OnlineOptions::default();
                let checks = online::check_urls(&urls, &options, &thread_cancel, &mut |step| {
                    let _ = progress_sender.send((step.done, step.total));
                    repaint.request_repaint();
                });
                let _ = result_sender.send(checks);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.derived.online = Some(OnlineCheck {
                    cancel,
                    progress,
                    result,
                    done: 0,
                    total,
                })
            }
            Err(error) => self.notify_error(format!("The online check could not start: {error}")),
        }
    }

    /// Asks the running check, if any, to stop.
    pub(super) fn cancel_online_check(&self) {
        if let Some(check) = &self.derived.online {
            check.cancel();
        }
    }

    /// Picks up the online check's progress and results.
    pub(super) fn poll_online_check(&mut self) {
        let Some(check) = &mut self.derived.online else {
            return;
        };
        while let Ok((done, total)) = check.progress.try_recv() {
            check.done = done;
            check.total = total;
        }
        if let Ok(results) = check.result.try_recv() {
            let cancelled = check.cancel.load(Ordering::SeqCst);
            self.derived.online = None;
            if !cancelled {
                self.derived.online_results = results;
                self.merge_online_results();
            }
        }
    }

    /// Adds the online check's findings to the current audit (they are keyed by address,
    /// so they survive re-analysis).
    pub(super) fn merge_online_results(&mut self) {
        let derived = &mut self.derived;
        if derived.online_results.is_empty() {
            return;
        }
        let findings = online::findings(&derived.analysis.report, &derived.online_results);
        derived.analysis.report.add_findings(findings);
        derived.groups = audit::group_by_domain(&derived.analysis.report);
        self.panels.links = LinksPanelState::default();
    }
}
