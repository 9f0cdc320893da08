//! Find and replace: the find bar's search, its matches marked in the editor, going from
//! match to match, and replacing.
//!
//! The search follows the bar and the text. When the query, its options or the body
//! change, the body is searched again: at once when it is short, on the search worker when
//! it is long (the newest request wins; a stale search stops at its next match), so typing
//! in the find field never waits for a long post. Until new matches arrive, the marks shown
//! move along with each edit. Results count only for the revision of the post they were
//! searched in, and replacing uses only results of the current revision (searching again
//! at once if need be), so a replacement never lands on text that moved. Replacing goes
//! through `apply_edit`: Replace All is one undo step.

use std::ops::Range;

use egui::Ui;

use super::PostwrightApp;
use super::jobs::{SearchJob, SearchWorker};
use crate::ui::editor::{Mark, MarkLayer, MarkStyle};
use crate::ui::find_bar::{self, FindAction, FindBarState, FindBarView, FindStatus};
use crate::ui::menu::Action;
use crate::ui::theme::{self, FindColours, Palette};
use postwright_core::edit::find::{self, FindError, Finder, MAX_MATCHES, Query};
use postwright_core::edit::{Assoc, Change, Edit, Selection, keys, map_pos};

/// Bodies up to this length are searched at once, in the frame that asks; longer ones on
/// the search worker. A key typed in the find field of a 50 KB post costs a frame no more
/// than one of a 5 MB post whose search runs on the worker (benches/app, "Find").
pub(super) const SEARCH_INLINE_BYTES: usize = 64 * 1024;

/// The longest selection that is put in the find field when the bar opens.
const MAX_SEED_BYTES: usize = 500;

/// What a search found: the compiled query and its matches, or why the pattern cannot be
/// searched for; `Ok(None)` when there is nothing to look for.
pub(super) type SearchOutcome = Result<Option<Found>, FindError>;

/// The matches of one search.
pub(super) struct Found {
    /// The query, compiled: replacing asks it what each match becomes.
    finder: Finder,
    /// The matches, as marks for the editor.
    matches: MarkLayer,
    /// Whether the search stopped at [`MAX_MATCHES`].
    capped: bool,
}

/// Searches `body` (only `within`, if given) for `query` and marks each match in `style`;
/// `None` when `keep_going` stopped the search.
pub(super) fn search(
    body: &str,
    query: &Query,
    within: Option<Range<usize>>,
    style: MarkStyle,
    keep_going: &mut dyn FnMut() -> bool,
) -> Option<SearchOutcome> {
    let finder = match Finder::new(query) {
        Ok(Some(finder)) => finder,
        Ok(None) => return Some(Ok(None)),
        Err(error) => return Some(Err(error)),
    };
    let ranges = finder.find(body, within.unwrap_or(0..body.len()), keep_going)?;
    let capped = ranges.len() >= MAX_MATCHES;
    let marks = ranges
        .into_iter()
        .map(|range| Mark {
            range,
            style,
            note: None,
        })
        .collect();
    Some(Ok(Some(Found {
        finder,
        matches: MarkLayer::new(marks, true),
        capped,
    })))
}

/// The find bar's marks in the editor, in the order they are drawn: the text searched "in
/// selection", every match (ticked on the scroll bar), and the current match over it.
#[derive(Default)]
pub(super) struct FindMarks {
    scope: MarkLayer,
    matches: MarkLayer,
    current: MarkLayer,
}

impl FindMarks {
    /// The layers to draw, bottom first.
    pub(super) fn layers(&self) -> [&MarkLayer; 3] {
        [&self.scope, &self.matches, &self.current]
    }

    /// Moves every mark along with `changes`.
    fn text_changed(&mut self, changes: &[Change]) {
        for layer in [&mut self.scope, &mut self.matches, &mut self.current] {
            layer.map_through(changes);
        }
    }

    /// Marks `range` as the current match (or none).
    fn set_current(&mut self, range: Option<Range<usize>>, colours: FindColours) {
        let shown = self.current.marks().first().map(|mark| &mark.range);
        if shown != range.as_ref() {
            self.current = single(range, colours.current_fill);
        }
    }

    /// Marks `range` as the text searched "in selection" (or none).
    fn set_scope(&mut self, range: Option<Range<usize>>, colours: FindColours) {
        self.scope = single(range, colours.scope_fill);
    }

    /// Gives the marks `colours` (the theme changed), unless they have them already.
    fn restyle(&mut self, colours: FindColours) {
        let recolour = |layer: &MarkLayer, fill| {
            let wanted = MarkStyle::Highlight(fill);
            if layer
                .marks()
                .first()
                .is_none_or(|mark| mark.style == wanted)
            {
                return None;
            }
            let marks = layer
                .marks()
                .iter()
                .map(|mark| Mark {
                    style: wanted,
                    ..mark.clone()
                })
                .collect();
            Some(MarkLayer::new(marks, layer.on_scroll_bar()))
        };
        if let Some(layer) = recolour(&self.matches, colours.match_fill) {
            self.matches = layer;
        }
        if let Some(layer) = recolour(&self.current, colours.current_fill) {
            self.current = layer;
        }
        if let Some(layer) = recolour(&self.scope, colours.scope_fill) {
            self.scope = layer;
        }
    }

    /// The index of the match that is exactly `selection`, if one is.
    fn index_of(&self, selection: &Range<usize>) -> Option<usize> {
        self.matches
            .at(selection.start)
            .filter(|&index| self.matches.marks()[index].range == *selection)
    }

    /// The matches' ranges, in order.
    fn ranges(&self) -> Vec<Range<usize>> {
        self.matches
            .marks()
            .iter()
            .map(|mark| mark.range.clone())
            .collect()
    }
}

/// A layer of one highlight, or of none.
fn single(range: Option<Range<usize>>, fill: egui::Color32) -> MarkLayer {
    let marks = range.into_iter().map(|range| Mark {
        range,
        style: MarkStyle::Highlight(fill),
        note: None,
    });
    MarkLayer::new(marks.collect(), false)
}

/// What a search is for: the query, the bytes searched, and the post's revision.
#[derive(Clone, Debug, PartialEq)]
struct SearchKey {
    query: Query,
    within: Option<Range<usize>>,
    revision: u64,
}

impl SearchKey {
    /// Whether this is the search for `query` in `within` of `revision` (without building
    /// a key, which would copy the pattern every frame).
    fn is_for(&self, query: &Query, within: &Option<Range<usize>>, revision: u64) -> bool {
        self.revision == revision && self.within == *within && self.query == *query
    }
}

/// The search whose matches are shown.
struct Shown {
    key: SearchKey,
    /// The compiled query, when there was something to look for.
    finder: Option<Finder>,
    /// Why the pattern cannot be searched for.
    error: Option<String>,
    /// Whether the search stopped at its limit.
    capped: bool,
}

/// Find and replace between frames: the bar, the marks, and the searches.
#[derive(Default)]
pub(super) struct FindSession {
    /// The find bar's fields and options.
    pub(super) bar: FindBarState,
    /// The marks drawn in the editor.
    pub(super) marks: FindMarks,
    /// The search whose matches are shown.
    shown: Option<Shown>,
    /// The search asked of the worker and not answered yet, by request id.
    pending: Option<(u64, SearchKey)>,
    /// Searches long posts; started when first needed.
    worker: Option<SearchWorker>,
    /// Where the selection was when the query last changed: the first match at or after it
    /// is selected when the new matches arrive.
    origin: usize,
    /// The bytes searched "in selection", moved along with edits.
    scope: Option<Range<usize>>,
    /// Counts requests, to tell the newest answer from older ones.
    requests: u64,
}

impl FindSession {
    /// The body changed by `changes` (typed, undone, replaced): the marks move with it
    /// until the next search shows where the matches are now.
    pub(super) fn text_changed(&mut self, changes: &[Change]) {
        if !self.bar.open || changes.is_empty() {
            return;
        }
        self.marks.text_changed(changes);
        self.origin = map_pos(changes, self.origin, Assoc::Before);
        if let Some(scope) = &mut self.scope {
            let start = map_pos(changes, scope.start, Assoc::After);
            let end = map_pos(changes, scope.end, Assoc::Before);
            *scope = start..end.max(start);
        }
    }

    /// Another post is open: its matches are searched afresh, and "in selection" ends.
    pub(super) fn forget_matches(&mut self) {
        self.stop_searching();
        self.scope = None;
        self.bar.in_selection = false;
        self.marks = FindMarks::default();
        self.origin = 0;
    }

    /// Drops the results and any search under way.
    fn stop_searching(&mut self) {
        self.shown = None;
        self.cancel_pending();
    }

    /// Abandons the search under way, if any: a newer one is made at once.
    fn cancel_pending(&mut self) {
        if self.pending.take().is_some()
            && let Some(worker) = &self.worker
        {
            worker.cancel();
        }
    }

    /// Whether the matches shown are those of the bar's query in the body of `revision`.
    fn is_current(&self, revision: u64) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|shown| shown.key.is_for(&self.bar.query, &self.scope, revision))
    }

    /// What the bar says of the matches.
    fn status(&self, current: Option<usize>) -> FindStatus {
        let Some(shown) = &self.shown else {
            return FindStatus::Idle;
        };
        if shown.finder.is_none() {
            return FindStatus::Idle;
        }
        match self.marks.matches.marks().len() {
            0 => FindStatus::NoResults,
            total => FindStatus::Results {
                current,
                total,
                capped: shown.capped,
            },
        }
    }
}

impl PostwrightApp {
    /// Whether the find bar's matches are still being searched for (a long post).
    pub fn search_pending(&self) -> bool {
        self.panels.find.bar.open && !self.panels.find.is_current(self.doc.revision())
    }

    /// The matches the find bar highlights in the editor, in order (none while it is
    /// closed).
    pub fn find_matches(&self) -> Vec<Range<usize>> {
        self.panels.find.marks.ranges()
    }

    /// The find bar over the editor, when it is open, and the search behind it.
    pub(super) fn find_bar_host_ui(
        &mut self,
        ui: &mut Ui,
        palette: Palette,
        actions: &mut Vec<Action>,
    ) {
        if !self.panels.find.bar.open {
            return;
        }
        let colours = theme::find_colours(ui.ctx().theme());
        self.panels.find.marks.restyle(colours);
        self.keep_search_current(ui.ctx());
        let find = &mut self.panels.find;
        let selection = self.panels.editor.selection();
        let current = find.marks.index_of(&selection);
        let current_range = current.map(|_| selection);
        find.marks.set_current(current_range, colours);
        let error = find.shown.as_ref().and_then(|shown| shown.error.clone());
        let view = FindBarView {
            status: find.status(current),
            error: error.as_deref(),
            palette,
        };
        if let Some(action) = find_bar::find_bar_ui(ui, &mut find.bar, &view) {
            actions.push(Action::Find(action));
        }
    }

    /// Takes the worker's answer, and searches again when the query or the body changed.
    fn keep_search_current(&mut self, ctx: &egui::Context) {
        let revision = self.doc.revision();
        let find = &mut self.panels.find;
        if let Some((id, outcome)) = find.worker.as_ref().and_then(SearchWorker::poll)
            && let Some((_, key)) = find.pending.take_if(|(pending, _)| *pending == id)
        {
            // A search of an older revision shows where matches were, not where they are.
            if key.revision == revision {
                self.take_search(key, outcome, true);
            }
        }
        self.search_if_stale(ctx);
    }

    /// Searches for the bar's query in the current text, unless that is shown or asked
    /// for already (run after the find field and the editor took this frame's keys, so
    /// that what was typed in either is searched for in the same frame).
    pub(super) fn search_if_stale(&mut self, ctx: &egui::Context) {
        if !self.panels.find.bar.open {
            return;
        }
        let revision = self.doc.revision();
        let find = &self.panels.find;
        let asked = find
            .pending
            .as_ref()
            .is_some_and(|(_, key)| key.is_for(&find.bar.query, &find.scope, revision));
        if !asked && !find.is_current(revision) {
            self.request_search(ctx);
        }
    }

    /// Searches for the bar's query: at once for a short post (or an empty pattern), on
    /// the worker for a long one.
    fn request_search(&mut self, ctx: &egui::Context) {
        let colours = theme::find_colours(ctx.theme());
        let style = MarkStyle::Highlight(colours.match_fill);
        let revision = self.doc.revision();
        let selection_start = self.panels.editor.selection().start;
        let find = &mut self.panels.find;
        let key = SearchKey {
            query: find.bar.query.clone(),
            within: find.scope.clone(),
            revision,
        };
        let new_query = find
            .shown
            .as_ref()
            .is_none_or(|shown| shown.key.query != key.query || shown.key.within != key.within);
        if new_query {
            find.origin = selection_start;
        }
        let body = self.doc.post().body();
        if body.len() <= SEARCH_INLINE_BYTES || key.query.pattern.is_empty() {
            find.cancel_pending();
            let outcome = search(body, &key.query, key.within.clone(), style, &mut || true);
            if let Some(outcome) = outcome {
                self.take_search(key, outcome, true);
            }
            return;
        }
        // A new query, typed a key at a time, reads the same copy of the body again.
        let body = self.doc.shared_body();
        let find = &mut self.panels.find;
        find.requests += 1;
        let id = find.requests;
        let worker = find.worker.get_or_insert_with(|| SearchWorker::start(ctx));
        worker.request(SearchJob {
            id,
            body,
            query: key.query.clone(),
            within: key.within.clone(),
            style,
        });
        find.pending = Some((id, key));
    }

    /// Shows what a search found; for a new query, the first match at or after where the
    /// search began is selected (when `select_first`).
    fn take_search(&mut self, key: SearchKey, outcome: SearchOutcome, select_first: bool) {
        let find = &mut self.panels.find;
        let new_query = find
            .shown
            .as_ref()
            .is_none_or(|shown| shown.key.query != key.query || shown.key.within != key.within);
        let (finder, error, capped, matches) = match outcome {
            Ok(Some(found)) => (Some(found.finder), None, found.capped, found.matches),
            Ok(None) => (None, None, false, MarkLayer::default()),
            Err(error) => (None, Some(error.to_string()), false, MarkLayer::default()),
        };
        find.marks.matches = matches;
        find.shown = Some(Shown {
            key,
            finder,
            error,
            capped,
        });
        if select_first && new_query {
            let ranges = find.marks.ranges();
            if let Some(index) = find::next_match(&ranges, find.origin) {
                self.panels.editor.set_selection(ranges[index].clone());
            }
        }
        if let Some(ctx) = &self.window.ctx {
            ctx.request_repaint();
        }
    }

    /// Makes sure the matches shown are the current query's in the current text, searching
    /// at once if they are not (a command such as Replace All must not wait for the
    /// worker, nor act on matches of an older text).
    fn ensure_current_matches(&mut self) {
        let revision = self.doc.revision();
        if self.panels.find.is_current(revision) {
            return;
        }
        let Some(ctx) = self.window.ctx.clone() else {
            return;
        };
        let find = &mut self.panels.find;
        find.cancel_pending();
        let style = MarkStyle::Highlight(theme::find_colours(ctx.theme()).match_fill);
        let key = SearchKey {
            query: find.bar.query.clone(),
            within: find.scope.clone(),
            revision,
        };
        let body = self.doc.post().body();
        if let Some(outcome) = search(body, &key.query, key.within.clone(), style, &mut || true) {
            self.take_search(key, outcome, false);
        }
    }

    /// Applies what the find bar or the Edit menu asked for.
    pub(super) fn apply_find(&mut self, action: FindAction, ctx: &egui::Context) {
        let time = ctx.input(|input| input.time);
        let open = self.panels.find.bar.open;
        match action {
            FindAction::Open { replace } => self.open_find_bar(replace, ctx),
            FindAction::Next | FindAction::Previous if !open => self.open_find_bar(false, ctx),
            FindAction::Next => self.go_to_match(true),
            FindAction::Previous => self.go_to_match(false),
            FindAction::ReplaceOne if open => self.replace_one(ctx, time),
            FindAction::ReplaceAll if open => self.replace_all(ctx, time),
            FindAction::ReplaceOne | FindAction::ReplaceAll => {}
            FindAction::Close => {
                let find = &mut self.panels.find;
                find.bar.open = false;
                find.forget_matches();
                self.panels.editor.request_focus();
            }
            FindAction::ToggleMatchCase => {
                let query = &mut self.panels.find.bar.query;
                query.match_case = !query.match_case;
            }
            FindAction::ToggleWholeWord => {
                let query = &mut self.panels.find.bar.query;
                query.whole_word = !query.whole_word;
            }
            FindAction::ToggleRegex => {
                let query = &mut self.panels.find.bar.query;
                query.regex = !query.regex;
            }
            FindAction::ToggleInSelection => self.toggle_in_selection(ctx),
        }
        ctx.request_repaint();
    }

    /// Opens the bar with the selection, or the word at the caret, in the find field.
    fn open_find_bar(&mut self, replace: bool, ctx: &egui::Context) {
        let seed = self.find_seed(ctx);
        let find = &mut self.panels.find;
        let seed = seed.map(|seed| {
            if find.bar.query.regex {
                find::escape(&seed)
            } else {
                seed
            }
        });
        find.bar.show(replace, seed);
    }

    /// What the find field starts with: the selected text (on one line), else the word at
    /// the caret; nothing when the bar has the focus already or the selection is the match
    /// the bar selected (which would turn a pattern into the text it matched).
    fn find_seed(&self, ctx: &egui::Context) -> Option<String> {
        let find = &self.panels.find;
        if find.bar.open && find.bar.focused_field(ctx).is_some() {
            return None;
        }
        let body = self.doc.post().body();
        let selection = self.panels.editor.selection();
        if !selection.is_empty() {
            if find.bar.open && find.marks.index_of(&selection).is_some() {
                return None;
            }
            let text = body.get(selection)?;
            let fits = !text.contains('\n') && text.len() <= MAX_SEED_BYTES;
            return fits.then(|| text.to_owned());
        }
        let caret = body.floor_char_boundary(self.panels.editor.cursor());
        let word = &body[keys::word_at(body, caret)];
        word.chars()
            .next()
            .is_some_and(keys::is_word_char)
            .then(|| word.to_owned())
    }

    /// Selects the next (or previous) match, wrapping around the post.
    fn go_to_match(&mut self, next: bool) {
        self.ensure_current_matches();
        let ranges = self.panels.find.marks.ranges();
        let selection = self.panels.editor.selection();
        let index = if next {
            find::next_match(&ranges, selection.end)
        } else {
            find::previous_match(&ranges, selection.start)
        };
        if let Some(index) = index {
            self.panels.editor.set_selection(ranges[index].clone());
        }
    }

    /// Replaces the selected match and selects the next; when the selection is not a
    /// match, only selects the next one (so the author sees what will be replaced).
    fn replace_one(&mut self, ctx: &egui::Context, time: f64) {
        self.ensure_current_matches();
        let selection = self.panels.editor.selection();
        let find = &self.panels.find;
        let body = self.doc.post().body();
        let new_text = find.marks.index_of(&selection).and_then(|_| {
            let finder = find.shown.as_ref()?.finder.as_ref()?;
            finder.replacement_for(body, &selection, &find.bar.replacement)
        });
        let Some(new_text) = new_text else {
            self.go_to_match(true);
            return;
        };
        let end = selection.start + new_text.len();
        let change = Change::replace(body, selection, new_text);
        self.apply_find_edit(Edit::new(change, Selection::caret(end)), ctx, time);
        // The marks moved with the edit; the replaced text is passed over.
        let ranges = self.panels.find.marks.ranges();
        if let Some(index) = find::next_match(&ranges, end) {
            self.panels.editor.set_selection(ranges[index].clone());
        }
    }

    /// Replaces every match as one undo step.
    fn replace_all(&mut self, ctx: &egui::Context, time: f64) {
        self.ensure_current_matches();
        let find = &self.panels.find;
        let Some(finder) = find.shown.as_ref().and_then(|shown| shown.finder.as_ref()) else {
            return;
        };
        let body = self.doc.post().body();
        let replacements = finder.replace_all(body, &find.marks.ranges(), &find.bar.replacement);
        if replacements.is_empty() {
            return;
        }
        // Last first, so that each change's offset still counts in the text the others
        // left (as an `Edit`'s changes are made one after another).
        let changes: Vec<Change> = replacements
            .into_iter()
            .rev()
            .map(|(range, new_text)| Change::replace(body, range, new_text))
            .collect();
        let caret = map_pos(
            &changes,
            self.panels.editor.selection().start,
            Assoc::Before,
        );
        let edit = Edit {
            changes,
            selection: Selection::caret(caret),
        };
        self.apply_find_edit(edit, ctx, time);
    }

    /// Applies a replacement as one undo step; the keyboard focus stays in the bar if it
    /// was there.
    fn apply_find_edit(&mut self, edit: Edit, ctx: &egui::Context, time: f64) {
        let bar_focused = self.panels.find.bar.focused_field(ctx).is_some();
        self.apply_edit(edit, time);
        if bar_focused {
            self.panels.editor.cancel_focus_request();
        }
    }

    /// Limits the search to the selection (the caret's line when nothing is selected), or
    /// searches the whole post again.
    fn toggle_in_selection(&mut self, ctx: &egui::Context) {
        let colours = theme::find_colours(ctx.theme());
        let selection = self.panels.editor.selection();
        let body = self.doc.post().body();
        let find = &mut self.panels.find;
        find.bar.in_selection = !find.bar.in_selection;
        find.scope = if find.bar.in_selection {
            Some(if selection.is_empty() {
                keys::line_bounds(body, body.floor_char_boundary(selection.start))
            } else {
                selection
            })
        } else {
            None
        };
        find.marks.set_scope(find.scope.clone(), colours);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pattern: &str) -> Query {
        Query {
            pattern: pattern.to_owned(),
            ..Query::default()
        }
    }

    const STYLE: MarkStyle = MarkStyle::Highlight(egui::Color32::YELLOW);

    #[test]
    fn a_search_marks_each_match_with_a_tick_on_the_scroll_bar() {
        let outcome = search("a fox, a Fox", &query("fox"), None, STYLE, &mut || true);
        let Some(Ok(Some(found))) = outcome else {
            panic!("found nothing");
        };
        let ranges: Vec<_> = found
            .matches
            .marks()
            .iter()
            .map(|m| m.range.clone())
            .collect();
        assert_eq!(ranges, [2..5, 9..12]);
        assert!(found.matches.on_scroll_bar());
        assert!(!found.capped);
        assert!(matches!(
            search("text", &query(""), None, STYLE, &mut || true),
            Some(Ok(None))
        ));
        let invalid = Query {
            regex: true,
            ..query("(")
        };
        assert!(matches!(
            search("text", &invalid, None, STYLE, &mut || true),
            Some(Err(FindError::InvalidPattern(_)))
        ));
    }

    #[test]
    fn a_stopped_search_gives_nothing_and_a_huge_one_says_it_stopped_at_the_limit() {
        let text = "x".repeat(MAX_MATCHES + 1);
        assert!(search(&text, &query("x"), None, STYLE, &mut || false).is_none());
        let Some(Ok(Some(found))) = search(&text, &query("x"), None, STYLE, &mut || true) else {
            panic!("found nothing");
        };
        assert!(found.capped);
        assert_eq!(found.matches.marks().len(), MAX_MATCHES);
    }

    #[test]
    fn marks_keep_to_their_words_and_take_the_theme_colours() {
        let light = theme::find_colours(egui::Theme::Light);
        let dark = theme::find_colours(egui::Theme::Dark);
        let mut marks = FindMarks {
            matches: single(Some(4..7), light.match_fill),
            ..FindMarks::default()
        };
        marks.set_current(Some(4..7), light);
        marks.text_changed(&[Change::replace("the fox", 0..0, "so ")]);
        assert_eq!(marks.ranges(), vec![7..10]);
        assert_eq!(marks.index_of(&(7..10)), Some(0));
        assert_eq!(marks.index_of(&(7..9)), None);
        marks.restyle(dark);
        let styles: Vec<_> = marks
            .layers()
            .iter()
            .flat_map(|layer| layer.marks().iter().map(|mark| mark.style))
            .collect();
        assert_eq!(
            styles,
            [
                MarkStyle::Highlight(dark.match_fill),
                MarkStyle::Highlight(dark.current_fill)
            ]
        );
    }
}
