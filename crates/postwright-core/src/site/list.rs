//! The post list as data: one row per post, sorted and filtered by text, tag and status.
//!
//! Built for 10,000 posts: each row's lower-case title and search text are worked out once
//! when it arrives, so sorting and filtering compare prepared strings, and the window
//! draws only the rows in view from [`PostList::view`].

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::PostEntry;
use crate::audit::{Rule, Severity};
use crate::metadata::PostDate;

/// What the post list shows of one post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostRow {
    /// The post's path in the site; it names the row.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its date as written.
    pub date: String,
    /// The date for sorting, when it is one.
    pub date_key: Option<jiff::civil::DateTime>,
    /// A draft, or published.
    pub draft: bool,
    /// Its tags.
    pub tags: Vec<String>,
    /// Words a reader reads.
    pub words: usize,
    /// The most serious finding, if any.
    pub worst: Option<WorstFinding>,
    /// Why the post could not be read, if it could not.
    pub error: Option<String>,
}

/// The most serious finding of a post, for its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorstFinding {
    /// Its rule.
    pub rule: Rule,
    /// Its severity.
    pub severity: Severity,
    /// Its message.
    pub message: String,
    /// How many findings the post has of that severity.
    pub count: usize,
}

impl PostRow {
    /// The row of an audited post.
    pub fn of(entry: &PostEntry) -> Self {
        let findings = &entry.report.findings;
        let worst = findings
            .iter()
            .map(|finding| finding.severity)
            .max()
            .and_then(|severity| {
                let first = findings
                    .iter()
                    .find(|finding| finding.severity == severity)?;
                Some(WorstFinding {
                    rule: first.rule,
                    severity,
                    message: first.message.clone(),
                    count: findings
                        .iter()
                        .filter(|finding| finding.severity == severity)
                        .count(),
                })
            });
        Self {
            path: entry.path.clone(),
            title: entry.title.clone(),
            date: entry.date.clone(),
            date_key: PostDate::parse(&entry.date).ok().map(|date| match date {
                PostDate::Day(day) => day.to_datetime(jiff::civil::Time::midnight()),
                PostDate::Local(local) => local,
                PostDate::Instant(timestamp, offset) => offset.to_datetime(timestamp),
            }),
            draft: entry.draft,
            tags: entry.tags.clone(),
            words: entry.statistics.words,
            worst,
            error: entry.error.clone(),
        }
    }

    /// How serious the row's worst problem is, for sorting: an unreadable post counts as
    /// an error.
    pub fn severity(&self) -> Option<Severity> {
        if self.error.is_some() {
            return Some(Severity::Error);
        }
        self.worst.as_ref().map(|worst| worst.severity)
    }
}

/// What the list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Title, A to Z (case ignored).
    Title,
    /// Date, oldest first; undated posts first.
    #[default]
    Date,
    /// Drafts first, then published.
    Status,
    /// Fewest words first.
    Words,
    /// Cleanest first, errors last.
    Worst,
    /// Path in the site.
    Path,
}

/// Which posts by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    /// Every post.
    #[default]
    All,
    /// Drafts only.
    Drafts,
    /// Published posts only.
    Published,
}

/// Which posts the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostFilter {
    /// Words the title, path or tags contain (case ignored); empty for every post.
    pub text: String,
    /// A tag the post has (case ignored).
    pub tag: Option<String>,
    /// Drafts, published posts, or both.
    pub status: StatusFilter,
}

/// Prepared once per row: what sorting and filtering compare.
#[derive(Clone, Debug)]
struct RowKeys {
    title: String,
    search: String,
    tags: Vec<String>,
}

impl RowKeys {
    fn of(row: &PostRow) -> Self {
        let title = row.title.to_lowercase();
        let tags: Vec<String> = row.tags.iter().map(|tag| tag.to_lowercase()).collect();
        let search = format!("{title}\n{}\n{}", row.path.to_lowercase(), tags.join("\n"));
        Self {
            title,
            search,
            tags,
        }
    }
}

/// The post list: rows, the order and filter chosen, and the rows to show.
#[derive(Clone, Debug, Default)]
pub struct PostList {
    rows: Vec<PostRow>,
    keys: Vec<RowKeys>,
    /// Each row's index by its path.
    by_path: HashMap<String, usize>,
    view: Vec<usize>,
    sort: SortKey,
    descending: bool,
    filter: PostFilter,
}

impl PostList {
    /// A list of `rows`, newest first.
    pub fn new(rows: Vec<PostRow>) -> Self {
        let mut list = Self {
            rows: Vec::new(),
            keys: Vec::new(),
            by_path: HashMap::new(),
            view: Vec::new(),
            sort: SortKey::Date,
            descending: true,
            filter: PostFilter::default(),
        };
        list.upsert_all(rows);
        list
    }

    /// Every row, in no particular order.
    pub fn rows(&self) -> &[PostRow] {
        &self.rows
    }

    /// The rows shown, in order, as indices into [`PostList::rows`]: draw
    /// `view()[first..last]` for the rows in view.
    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// The `position`th row shown.
    pub fn shown(&self, position: usize) -> Option<&PostRow> {
        self.view.get(position).map(|&index| &self.rows[index])
    }

    /// Where the row of `path` is among the rows shown.
    pub fn position(&self, path: &str) -> Option<usize> {
        self.view
            .iter()
            .position(|&index| self.rows[index].path == path)
    }

    /// The order: by `key`, descending or not.
    pub fn sort_by(&mut self, key: SortKey, descending: bool) {
        self.sort = key;
        self.descending = descending;
        self.update_view();
    }

    /// The order chosen: key and whether descending.
    pub fn sorting(&self) -> (SortKey, bool) {
        (self.sort, self.descending)
    }

    /// Shows only the rows `filter` lets through.
    pub fn set_filter(&mut self, filter: PostFilter) {
        self.filter = filter;
        self.update_view();
    }

    /// The filter in force.
    pub fn filter(&self) -> &PostFilter {
        &self.filter
    }

    /// Adds a row, or replaces the one with the same path.
    pub fn upsert(&mut self, row: PostRow) {
        self.upsert_all(vec![row]);
    }

    /// Adds rows or replaces those with the same paths, and orders the list once: for the
    /// rows a background scan hands over each frame.
    pub fn upsert_all(&mut self, rows: Vec<PostRow>) {
        for row in rows {
            let keys = RowKeys::of(&row);
            match self.by_path.get(&row.path) {
                Some(&index) => {
                    self.rows[index] = row;
                    self.keys[index] = keys;
                }
                None => {
                    self.by_path.insert(row.path.clone(), self.rows.len());
                    self.rows.push(row);
                    self.keys.push(keys);
                }
            }
        }
        self.update_view();
    }

    /// Replaces every row at once (after the site-wide findings changed).
    pub fn replace_all(&mut self, rows: Vec<PostRow>) {
        self.rows.clear();
        self.keys.clear();
        self.by_path.clear();
        self.upsert_all(rows);
    }

    /// Removes the row of `path`; whether there was one.
    pub fn remove(&mut self, path: &str) -> bool {
        let Some(index) = self.by_path.remove(path) else {
            return false;
        };
        self.rows.swap_remove(index);
        self.keys.swap_remove(index);
        if let Some(moved) = self.rows.get(index) {
            self.by_path.insert(moved.path.clone(), index);
        }
        self.update_view();
        true
    }

    /// The row of `path`.
    pub fn row(&self, path: &str) -> Option<&PostRow> {
        self.by_path.get(path).map(|&index| &self.rows[index])
    }

    /// Every tag with how many posts have it, by name (case ignored), for the tag filter.
    pub fn tags(&self) -> Vec<(String, usize)> {
        let mut tags: BTreeMap<&str, (String, usize)> = BTreeMap::new();
        for (row, keys) in self.rows.iter().zip(&self.keys) {
            for (tag, lower) in row.tags.iter().zip(&keys.tags) {
                tags.entry(lower).or_insert_with(|| (tag.clone(), 0)).1 += 1;
            }
        }
        tags.into_values().collect()
    }

    fn shows(&self, index: usize) -> bool {
        let row = &self.rows[index];
        let keys = &self.keys[index];
        let status = match self.filter.status {
            StatusFilter::All => true,
            StatusFilter::Drafts => row.draft,
            StatusFilter::Published => !row.draft,
        };
        status
            && self
                .filter
                .tag
                .as_ref()
                .is_none_or(|tag| keys.tags.contains(&tag.to_lowercase()))
            && self
                .filter
                .text
                .to_lowercase()
                .split_whitespace()
                .all(|word| keys.search.contains(word))
    }

    fn compare(&self, a: usize, b: usize) -> Ordering {
        let (row_a, row_b) = (&self.rows[a], &self.rows[b]);
        let order = match self.sort {
            SortKey::Title => self.keys[a].title.cmp(&self.keys[b].title),
            SortKey::Date => row_a.date_key.cmp(&row_b.date_key),
            SortKey::Status => row_b.draft.cmp(&row_a.draft),
            SortKey::Words => row_a.words.cmp(&row_b.words),
            SortKey::Worst => row_a.severity().cmp(&row_b.severity()),
            SortKey::Path => Ordering::Equal,
        };
        let order = if self.descending {
            order.reverse()
        } else {
            order
        };
        order.then_with(|| row_a.path.cmp(&row_b.path))
    }

    fn update_view(&mut self) {
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&index| self.shows(index))
            .collect();
        view.sort_by(|&a, &b| self.compare(a, b));
        self.view = view;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        path: &str,
        title: &str,
        date: &str,
        draft: bool,
        tags: &[&str],
        words: usize,
    ) -> PostRow {
        PostRow {
            path: path.to_owned(),
            title: title.to_owned(),
            date: date.to_owned(),
            date_key: PostDate::parse(date)
                .ok()
                .map(|date| date.day().to_datetime(jiff::civil::Time::midnight())),
            draft,
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            words,
            worst: None,
            error: None,
        }
    }

    fn shown(list: &PostList) -> Vec<&str> {
        list.view()
            .iter()
            .map(|&index| list.rows()[index].path.as_str())
            .collect()
    }

    fn list() -> PostList {
        PostList::new(vec![
            row(
                "a.md",
                "Harbour walk",
                "2026-01-02",
                false,
                &["Walks", "sea"],
                300,
            ),
            row("b.md", "apple tart", "2026-03-14", true, &["baking"], 900),
            row("c.md", "Tide tables", "2025-12-01", false, &["sea"], 120),
        ])
    }

    #[test]
    fn sorts_newest_first_then_by_any_column() {
        let mut list = list();
        assert_eq!(shown(&list), ["b.md", "a.md", "c.md"]);
        list.sort_by(SortKey::Title, false);
        assert_eq!(shown(&list), ["b.md", "a.md", "c.md"], "case ignored");
        list.sort_by(SortKey::Words, true);
        assert_eq!(shown(&list), ["b.md", "a.md", "c.md"]);
        list.sort_by(SortKey::Words, false);
        assert_eq!(shown(&list), ["c.md", "a.md", "b.md"]);
        list.sort_by(SortKey::Status, false);
        assert_eq!(shown(&list), ["b.md", "a.md", "c.md"], "drafts first");
    }

    #[test]
    fn filters_by_text_tag_and_status() {
        let mut list = list();
        list.set_filter(PostFilter {
            text: "A".to_owned(),
            ..PostFilter::default()
        });
        assert_eq!(shown(&list), ["b.md", "a.md", "c.md"]);
        list.set_filter(PostFilter {
            text: "ta BLE".to_owned(),
            ..PostFilter::default()
        });
        assert_eq!(shown(&list), ["c.md"]);
        list.set_filter(PostFilter {
            tag: Some("SEA".to_owned()),
            status: StatusFilter::Published,
            ..PostFilter::default()
        });
        assert_eq!(shown(&list), ["a.md", "c.md"]);
        list.set_filter(PostFilter {
            status: StatusFilter::Drafts,
            ..PostFilter::default()
        });
        assert_eq!(shown(&list), ["b.md"]);
        assert_eq!(list.position("b.md"), Some(0));
        assert_eq!(list.position("a.md"), None);
        assert_eq!(
            list.tags(),
            [
                ("baking".to_owned(), 1),
                ("sea".to_owned(), 2),
                ("Walks".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn rows_come_and_go() {
        let mut list = list();
        list.upsert(row("d.md", "New", "2026-04-01", false, &[], 10));
        assert_eq!(shown(&list)[0], "d.md");
        list.upsert(row("d.md", "New", "2020-04-01", false, &[], 10));
        assert_eq!(shown(&list).last(), Some(&"d.md"));
        assert!(list.remove("a.md"));
        assert!(!list.remove("a.md"));
        assert_eq!(shown(&list), ["b.md", "c.md", "d.md"]);
        assert_eq!(
            list.row("d.md").map(|row| row.date.as_str()),
            Some("2020-04-01")
        );
        list.upsert_all(vec![
            row("e.md", "E", "2027-01-01", false, &[], 1),
            row("b.md", "B again", "2019-01-01", false, &[], 1),
        ]);
        assert_eq!(shown(&list), ["e.md", "c.md", "d.md", "b.md"]);
        assert_eq!(
            list.row("b.md").map(|row| row.title.as_str()),
            Some("B again")
        );
    }
}
