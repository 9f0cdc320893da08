//! Fetching every post and page of a blog, a few pages of the listing at a time, for the
//! blog's audit.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;

use super::client::{Client, ListQuery};
use super::error::WordPressError;
use postwright_core::wordpress::{RemoteKind, RemotePost};

/// Progress of [`fetch_everything`], reported after each page of the listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchProgress {
    /// Posts and pages fetched so far.
    pub fetched: usize,
    /// Posts and pages in all (known after the first page of each kind).
    pub total: usize,
}

/// Posts per page of the listing that [`fetch_everything`] asks for (at most 100).
pub const PER_PAGE: u32 = 50;
/// Pages of the listing asked for at once.
const CONCURRENT_PAGES: u32 = 3;

/// Every post and page of every status but the trash, drafts and scheduled posts
/// included, with their raw content (terms and featured images not looked up), in pages
/// of `per_page` ([`PER_PAGE`] unless testing the paging). Pages of the listing are asked
/// a few at a time; `progress` hears of each on this thread, and setting `cancel` stops
/// before the next request.
pub fn fetch_everything(
    client: &Client,
    per_page: u32,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(FetchProgress),
) -> Result<Vec<RemotePost>, WordPressError> {
    let mut everything = Vec::new();
    let mut total = 0usize;
    for kind in [RemoteKind::Post, RemoteKind::Page] {
        if cancel.load(Ordering::Relaxed) {
            return Err(WordPressError::Cancelled);
        }
        let query = |page: u32| ListQuery {
            kind,
            page,
            per_page,
            by_id: true,
            ..ListQuery::default()
        };
        let first = client.list(&query(1))?;
        total += first.total as usize;
        everything.extend(first.posts);
        progress(FetchProgress {
            fetched: everything.len(),
            total,
        });
        let pages = first.total_pages;
        if pages < 2 {
            continue;
        }
        let next = AtomicU32::new(2);
        let mut results: Vec<(u32, Vec<RemotePost>)> = Vec::new();
        let mut failure = None;
        let (sender, receiver) = mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..CONCURRENT_PAGES.min(pages - 1) {
                let sender = sender.clone();
                let next = &next;
                let query = &query;
                scope.spawn(move || {
                    loop {
                        let page = next.fetch_add(1, Ordering::Relaxed);
                        if page > pages {
                            break;
                        }
                        let result = if cancel.load(Ordering::Relaxed) {
                            Err(WordPressError::Cancelled)
                        } else {
                            client.list(&query(page))
                        };
                        let stop = result.is_err();
                        if sender.send((page, result)).is_err() || stop {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            for (page, result) in receiver {
                match result {
                    Ok(listing) => {
                        results.push((page, listing.posts));
                        let fetched = everything.len()
                            + results.iter().map(|(_, posts)| posts.len()).sum::<usize>();
                        progress(FetchProgress { fetched, total });
                    }
                    Err(error) => {
                        // The others stop at their next request.
                        cancel_others(&next, pages);
                        failure.get_or_insert(error);
                    }
                }
            }
        });
        if let Some(error) = failure {
            return Err(error);
        }
        results.sort_by_key(|(page, _)| *page);
        everything.extend(results.into_iter().flat_map(|(_, posts)| posts));
    }
    // A post published while the listing is read shifts the pages after it: each post
    // once.
    let mut seen = std::collections::HashSet::new();
    everything.retain(|post| seen.insert((post.page, post.id)));
    Ok(everything)
}

fn cancel_others(next: &AtomicU32, pages: u32) {
    next.store(pages + 1, Ordering::Relaxed);
}
