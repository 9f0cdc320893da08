//! Marks the app asks the editor to draw over the text: find matches as highlights, the
//! link audit's findings and misspelt words as underlines, each with an optional note
//! shown on hover and read out by assistive technology.
//!
//! The app keeps a [`MarkLayer`] per kind of mark, built when its source changes (a new
//! search, a new analysis), never per frame, and moves it along with the text's changes
//! ([`MarkLayer::map_through`]) so that marks stay on their words while a long post is
//! analysed again. The editor draws only the marks on the lines in view: a layer answers
//! "which marks touch these bytes" by binary search.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use egui::Color32;
use postwright_core::edit::{Assoc, Change, map_pos};

/// How a mark looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkStyle {
    /// A band behind the text, like a selection (a find match).
    Highlight(Color32),
    /// A wavy line under the text (an error, a warning, a misspelt word).
    Wavy(Color32),
    /// A dotted line under the text (something worth knowing).
    Dotted(Color32),
}

/// One mark: bytes of the text, how they look, and what they mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The bytes marked, in the current text.
    pub range: Range<usize>,
    /// How the mark looks.
    pub style: MarkStyle,
    /// Shown on hover and read out by assistive technology; `None` for marks that need no
    /// words (find matches: the find bar says what they are).
    pub note: Option<Arc<str>>,
}

/// Marks of one kind, ordered by where they start.
#[derive(Clone, Debug, Default)]
pub struct MarkLayer {
    marks: Vec<Mark>,
    /// For each mark, the furthest end of it and the marks before it, so that marks
    /// reaching into a line from before it are found by binary search too.
    reach: Vec<usize>,
    /// Whether the scroll bar shows where the marks are.
    on_scroll_bar: bool,
    /// Names this layer's marks as they are now: no two layers, and no two versions of
    /// one, share a generation, so what is computed from the marks (the scroll bar's
    /// ticks) can be kept by it.
    generation: u64,
}

/// The generation the next layer or change of marks gets.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

impl MarkLayer {
    /// A layer of `marks` (in any order); `on_scroll_bar` puts a tick for them on the
    /// scroll bar.
    pub fn new(mut marks: Vec<Mark>, on_scroll_bar: bool) -> Self {
        marks.retain(|mark| mark.range.start < mark.range.end);
        marks.sort_by_key(|mark| (mark.range.start, mark.range.end));
        let mut layer = Self {
            marks,
            reach: Vec::new(),
            on_scroll_bar,
            generation: 0,
        };
        layer.index();
        layer
    }

    /// The marks, ordered by where they start.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// Whether there are no marks.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Whether the scroll bar shows where the marks are.
    pub fn on_scroll_bar(&self) -> bool {
        self.on_scroll_bar
    }

    /// Changes with every change to the marks, and differs between layers.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The indices of the marks that share at least one byte with `bytes`, in order.
    pub fn touching(&self, bytes: Range<usize>) -> Range<usize> {
        // Marks starting before `bytes` that reach into it start at or after the first
        // mark whose reach passes `bytes.start`; those starting inside come after them.
        let first = self.reach.partition_point(|&reach| reach <= bytes.start);
        let end = self
            .marks
            .partition_point(|mark| mark.range.start < bytes.end);
        first..end.max(first)
    }

    /// The index of the mark holding byte `offset`; of several, the shortest.
    pub fn at(&self, offset: usize) -> Option<usize> {
        self.touching(offset..offset + 1)
            .filter(|&index| self.marks[index].range.contains(&offset))
            .min_by_key(|&index| self.marks[index].range.len())
    }

    /// Moves the marks along with `changes` made to the text, in order. A mark whose
    /// text was deleted goes; typing at either edge of a mark does not grow it.
    pub fn map_through(&mut self, changes: &[Change]) {
        if changes.is_empty() || self.marks.is_empty() {
            return;
        }
        for mark in &mut self.marks {
            let start = map_pos(changes, mark.range.start, Assoc::After);
            let end = map_pos(changes, mark.range.end, Assoc::Before);
            mark.range = start..end.max(start);
        }
        self.marks.retain(|mark| mark.range.start < mark.range.end);
        self.marks
            .sort_by_key(|mark| (mark.range.start, mark.range.end));
        self.index();
    }

    fn index(&mut self) {
        self.reach.clear();
        let mut reach = 0;
        for mark in &self.marks {
            reach = reach.max(mark.range.end);
            self.reach.push(reach);
        }
        self.generation = NEXT_GENERATION.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(range: Range<usize>) -> Mark {
        Mark {
            range,
            style: MarkStyle::Wavy(Color32::RED),
            note: None,
        }
    }

    fn ranges(layer: &MarkLayer, indices: Range<usize>) -> Vec<Range<usize>> {
        layer.marks()[indices]
            .iter()
            .map(|mark| mark.range.clone())
            .collect()
    }

    #[test]
    fn marks_touching_a_line_include_those_reaching_into_it() {
        let layer = MarkLayer::new(
            vec![mark(30..35), mark(0..25), mark(12..14), mark(40..41)],
            false,
        );
        let touching = |bytes: Range<usize>| {
            let indices = layer.touching(bytes.clone());
            ranges(&layer, indices)
                .into_iter()
                .filter(|range| range.start < bytes.end && range.end > bytes.start)
                .collect::<Vec<_>>()
        };
        assert_eq!(touching(20..32), [0..25, 30..35]);
        assert_eq!(touching(35..40), Vec::<Range<usize>>::new());
        assert_eq!(touching(13..13 + 1), [0..25, 12..14]);
        assert_eq!(touching(40..100), vec![40..41]);
    }

    #[test]
    fn the_shortest_mark_under_an_offset_wins() {
        let layer = MarkLayer::new(vec![mark(0..25), mark(12..14)], false);
        assert_eq!(layer.marks()[layer.at(13).unwrap()].range, 12..14);
        assert_eq!(layer.marks()[layer.at(20).unwrap()].range, 0..25);
        assert_eq!(layer.at(25), None);
    }

    #[test]
    fn marks_follow_the_text_and_do_not_grow_at_their_edges() {
        let text = "one teh two";
        let mut layer = MarkLayer::new(vec![mark(4..7)], false);
        let before = layer.generation();
        // Typing before the word, then right after it.
        layer.map_through(&[Change::replace(text, 0..0, "so ")]);
        assert_eq!(layer.marks()[0].range, 7..10);
        layer.map_through(&[Change::replace("so one teh two", 10..10, "n")]);
        assert_eq!(layer.marks()[0].range, 7..10);
        assert_ne!(layer.generation(), before);
        // Deleting the word takes its mark.
        layer.map_through(&[Change::replace("so one tehn two", 7..11, "")]);
        assert!(layer.is_empty());
    }

    #[test]
    fn layers_of_other_marks_never_share_a_generation() {
        // The scroll bar keeps its ticks by generation: a new search's layer must not be
        // taken for the last one's.
        let first = MarkLayer::new(vec![mark(0..1)], true);
        let second = MarkLayer::new(vec![mark(5..6)], true);
        assert_ne!(first.generation(), second.generation());
    }

    #[test]
    fn empty_marks_are_dropped() {
        let layer = MarkLayer::new(vec![mark(3..3), mark(1..2)], true);
        assert_eq!(layer.marks().len(), 1);
        assert!(layer.on_scroll_bar());
    }
}
