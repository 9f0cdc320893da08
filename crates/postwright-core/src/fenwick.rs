//! Values in a row with their running sums, kept in a Fenwick tree (a binary indexed tree):
//! changing one value, summing the values before an index, and finding the value that
//! covers a running total all cost O(log n), never a walk over every value.
//!
//! The editor keeps the rows of each line in one (which line is at a scroll position, how
//! far down a line starts), and the preview the heights of its blocks.

use std::ops::{Add, Sub};

/// What a [`FenwickTree`] can hold: numbers that add up, never below zero (`u64` rows,
/// `f64` heights).
pub trait Weight: Copy + Default + PartialOrd + Add<Output = Self> + Sub<Output = Self> {}

impl<T: Copy + Default + PartialOrd + Add<Output = T> + Sub<Output = T>> Weight for T {}

/// Values with their running sums.
#[derive(Clone, Debug, Default)]
pub struct FenwickTree<T> {
    values: Vec<T>,
    /// `sums[i - 1]` holds the sum of the values in `(i - lowbit(i), i]`, one-based.
    sums: Vec<T>,
}

impl<T: Weight> FenwickTree<T> {
    /// A tree over `values`, built in O(n).
    pub fn new(values: Vec<T>) -> Self {
        let mut sums = values.clone();
        for i in 1..=sums.len() {
            let parent = i + lowbit(i);
            if parent <= sums.len() {
                let child = sums[i - 1];
                sums[parent - 1] = sums[parent - 1] + child;
            }
        }
        Self { values, sums }
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value at `index` (zero past the end).
    pub fn get(&self, index: usize) -> T {
        self.values.get(index).copied().unwrap_or_default()
    }

    /// Changes the value at `index` (nothing past the end).
    pub fn set(&mut self, index: usize, value: T) {
        let Some(old) = self.values.get_mut(index) else {
            return;
        };
        let previous = *old;
        *old = value;
        // Whole differences only, so that unsigned values never go below zero.
        let (grow, difference) = if value >= previous {
            (true, value - previous)
        } else {
            (false, previous - value)
        };
        let mut i = index + 1;
        while i <= self.sums.len() {
            let sum = self.sums[i - 1];
            self.sums[i - 1] = if grow {
                sum + difference
            } else {
                sum - difference
            };
            i += lowbit(i);
        }
    }

    /// The sum of the first `count` values: where value `count` starts.
    pub fn prefix(&self, count: usize) -> T {
        let mut i = count.min(self.sums.len());
        let mut sum = T::default();
        while i > 0 {
            sum = sum + self.sums[i - 1];
            i -= lowbit(i);
        }
        sum
    }

    /// The sum of all values.
    pub fn total(&self) -> T {
        self.prefix(self.len())
    }

    /// The index whose value covers running total `target`: the last one that starts at or
    /// before it, so values of zero are stepped over. Totals past the end give the last
    /// index, negative ones the first; an empty tree gives 0.
    pub fn index_at(&self, target: T) -> usize {
        if self.sums.is_empty() {
            return 0;
        }
        // Binary lifting: the most values whose sum stays at or below `target`.
        let mut count = 0;
        let mut remaining = target;
        let mut step = self.sums.len().next_power_of_two();
        while step > 0 {
            let next = count + step;
            if next <= self.sums.len() && self.sums[next - 1] <= remaining {
                count = next;
                remaining = remaining - self.sums[next - 1];
            }
            step /= 2;
        }
        count.min(self.sums.len() - 1)
    }

    /// Replaces `removed` values from `first` on with `values`: O(log n) each when as many
    /// come as go, else a rebuild in O(n).
    pub fn splice(&mut self, first: usize, removed: usize, values: impl IntoIterator<Item = T>) {
        let values: Vec<T> = values.into_iter().collect();
        let first = first.min(self.values.len());
        let end = (first + removed).min(self.values.len());
        if values.len() == end - first {
            for (index, value) in values.into_iter().enumerate() {
                self.set(first + index, value);
            }
            return;
        }
        let mut all = std::mem::take(&mut self.values);
        all.splice(first..end, values);
        *self = Self::new(all);
    }
}

/// The lowest set bit of `i`: how many values node `i` sums.
fn lowbit(i: usize) -> usize {
    i & i.wrapping_neg()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_prefix(values: &[u64], count: usize) -> u64 {
        values[..count].iter().sum()
    }

    #[test]
    fn sums_and_lookups_match_a_plain_walk() {
        let mut values: Vec<u64> = (0..37u64).map(|i| i % 4 + (i % 3) * 2).collect();
        let mut tree = FenwickTree::new(values.clone());
        for count in 0..=values.len() {
            assert_eq!(tree.prefix(count), plain_prefix(&values, count));
        }
        for (index, value) in [(5, 9), (0, 0), (36, 12), (20, 0), (21, 3)] {
            tree.set(index, value);
            values[index] = value;
            assert_eq!(tree.get(index), value);
        }
        assert_eq!(tree.total(), plain_prefix(&values, values.len()));
        for target in 0..tree.total() {
            let index = tree.index_at(target);
            let start = plain_prefix(&values, index);
            assert!(values[index] > 0, "{target} lands on a value of zero");
            assert!(
                start <= target && target < start + values[index],
                "{target}"
            );
        }
        assert_eq!(tree.index_at(tree.total() + 10), values.len() - 1);
        assert_eq!(FenwickTree::<u64>::new(Vec::new()).index_at(10), 0);
        assert_eq!(tree.get(99), 0, "nothing past the end");
        tree.set(99, 4);
        assert_eq!(tree.total(), plain_prefix(&values, values.len()));
    }

    #[test]
    fn splicing_keeps_the_sums() {
        let mut values: Vec<u64> = (1..=20).collect();
        let mut tree = FenwickTree::new(values.clone());
        for (first, removed, new) in [
            (3, 2, vec![1, 1, 1, 1]),
            (0, 1, vec![7]),
            (10, 5, vec![]),
            (12, 0, vec![2, 0, 2]),
            (14, 99, vec![5]),
        ] {
            tree.splice(first, removed, new.clone());
            let end = (first + removed).min(values.len());
            values.splice(first..end, new);
            assert_eq!(tree.len(), values.len());
            for count in 0..=values.len() {
                assert_eq!(tree.prefix(count), plain_prefix(&values, count), "{count}");
            }
        }
    }

    #[test]
    fn heights_in_floating_point() {
        let heights: Vec<f64> = (0..37).map(|i| f64::from((i * 7) % 11) * 3.5).collect();
        let mut tree = FenwickTree::new(heights.clone());
        let mut plain = heights;
        for (index, height) in [(3, 100.0), (0, 0.0), (36, 12.25), (20, 0.0)] {
            tree.set(index, height);
            plain[index] = height;
        }
        let mut top = 0.0;
        for (index, &height) in plain.iter().enumerate() {
            assert!((tree.prefix(index) - top).abs() < 1e-9, "top of {index}");
            if height > 0.0 {
                assert_eq!(tree.index_at(top), index, "start of {index}");
                assert_eq!(
                    tree.index_at(top + height * 0.5),
                    index,
                    "middle of {index}"
                );
            }
            top += height;
        }
        assert_eq!(tree.index_at(-5.0), 0);
        assert_eq!(tree.index_at(top + 1000.0), plain.len() - 1);
    }
}
