//! Heights of the preview's slots (header, blocks, footer) with their running sums, so
//! that finding the slot at a scroll position and moving one slot's height both cost
//! O(log n), never a walk over the whole post.

/// A Fenwick tree of slot heights. Sums are kept in `f64` so that thousands of updates
/// do not drift.
#[derive(Clone, Debug, Default)]
pub(super) struct HeightIndex {
    heights: Vec<f32>,
    /// `tree[i - 1]` holds the sum of the heights in `(i - lowbit(i), i]`, one-based.
    tree: Vec<f64>,
}

impl HeightIndex {
    /// An index of these heights, built in O(n).
    pub fn new(heights: Vec<f32>) -> Self {
        let mut tree: Vec<f64> = heights.iter().map(|&height| f64::from(height)).collect();
        for i in 1..=tree.len() {
            let parent = i + lowbit(i);
            if parent <= tree.len() {
                tree[parent - 1] += tree[i - 1];
            }
        }
        Self { heights, tree }
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.heights.len()
    }

    /// The height of slot `index`.
    pub fn height(&self, index: usize) -> f32 {
        self.heights.get(index).copied().unwrap_or(0.0)
    }

    /// Changes the height of slot `index`.
    pub fn set(&mut self, index: usize, height: f32) {
        let Some(old) = self.heights.get_mut(index) else {
            return;
        };
        let delta = f64::from(height) - f64::from(*old);
        *old = height;
        let mut i = index + 1;
        while i <= self.tree.len() {
            self.tree[i - 1] += delta;
            i += lowbit(i);
        }
    }

    /// The sum of the heights of the slots before `index`: where slot `index` starts.
    pub fn top(&self, index: usize) -> f32 {
        let mut i = index.min(self.tree.len());
        let mut sum = 0.0;
        while i > 0 {
            sum += self.tree[i - 1];
            i -= lowbit(i);
        }
        sum as f32
    }

    /// The height of all slots.
    pub fn total(&self) -> f32 {
        self.top(self.len())
    }

    /// The slot that covers position `y`: the last slot that starts at or before it (the
    /// last slot for positions past the end, the first for negative ones).
    pub fn slot_at(&self, y: f32) -> usize {
        if self.tree.is_empty() {
            return 0;
        }
        let y = f64::from(y);
        // Binary lifting: the largest prefix whose sum stays at or below `y`.
        let mut position = 0;
        let mut remaining = y;
        let mut step = self.tree.len().next_power_of_two();
        while step > 0 {
            let next = position + step;
            if next <= self.tree.len() && self.tree[next - 1] <= remaining {
                position = next;
                remaining -= self.tree[next - 1];
            }
            step /= 2;
        }
        // `position` slots end at or before `y`, so slot `position` covers it. Zero-height
        // slots at the boundary are skipped by the `<=` above.
        position.min(self.tree.len() - 1)
    }
}

fn lowbit(i: usize) -> usize {
    i & i.wrapping_neg()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_lookups_match_a_plain_walk() {
        let heights: Vec<f32> = (0..37).map(|i| ((i * 7) % 11) as f32 * 3.5).collect();
        let mut index = HeightIndex::new(heights.clone());
        let mut plain = heights;
        for (i, height) in [(3, 100.0), (0, 0.0), (36, 12.25), (20, 0.0)] {
            index.set(i, height);
            plain[i] = height;
        }
        let mut top = 0.0;
        for (i, &height) in plain.iter().enumerate() {
            assert!((index.top(i) - top).abs() < 1e-3, "top of {i}");
            if height > 0.0 {
                assert_eq!(index.slot_at(top), i, "start of {i}");
                assert_eq!(index.slot_at(top + height * 0.5), i, "middle of {i}");
            }
            top += height;
        }
        assert!((index.total() - top).abs() < 1e-3);
        assert_eq!(index.slot_at(-5.0), 0);
        assert_eq!(index.slot_at(top + 1000.0), plain.len() - 1);
        assert_eq!(HeightIndex::new(Vec::new()).slot_at(10.0), 0);
    }
}
