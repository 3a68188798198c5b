//! What lets a claim look at the few incidents it can be about rather
//! than at every incident: the longest incident period, so that a window
//! is a run of the date-sorted store; for each field, the incidents
//! holding each text (a posting list, in date order), and the blocks of
//! the long lists; for each source, the incidents it reported; for each
//! measure, what evaluation reads of every incident, its blocks
//! (`blocks`), the incidents whose figure reaches each of a ladder of
//! thresholds (`thresholds`), and those whose figure certainly passes a
//! claim's threshold (`sure`); the imprecise incidents.
//! Each is built the first time a claim needs it, so a
//! field no claim filters on costs nothing, and claims evaluated in
//! parallel share them.

use super::blocks::{Blocks, LONG};
use super::column::Cell;
use super::intern::Sym;
use super::intersection::Intersections;
use super::kept::KeptList;
use super::store::{ColumnId, IncidentRef, IncidentRow, Store, Text};
use super::sure::SureLists;
use super::thresholds::Thresholds;
use crate::date::Window;
use hashbrown::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    /// The longest incident period, in days from its start to its end.
    longest: i64,
    /// Per column, its texts' posting lists, once a claim has asked.
    fields: Vec<OnceLock<Postings>>,
    /// Per source, the incidents it reported, once a claim has asked.
    sources: OnceLock<Vec<Vec<u32>>>,
    /// Per measure, three numbers for every incident, once a claim has
    /// asked (see `Store::per_incident`). Ordered maps of the few
    /// measures, so that two stores of the same data print alike.
    memos: BTreeMap<Sym, OnceLock<Vec<[f64; 3]>>>,
    /// Per measure, and for counting incidents (`None`), its blocks, once
    /// a claim has asked (see `Store::blocks`).
    pub(super) blocks: BTreeMap<Option<Sym>, OnceLock<Blocks>>,
    /// Per measure, its posting lists by high, once a claim has asked
    /// (see `Store::thresholds`).
    pub(super) thresholds: BTreeMap<Sym, OnceLock<Thresholds>>,
    /// Per measure, the incidents whose low passes each of a few
    /// thresholds, once a claim has asked (see `Store::sure`).
    pub(super) sure: BTreeMap<Sym, SureLists>,
    /// The positions of the incidents dated by more than a day.
    pub(super) imprecise: Vec<u32>,
    /// The intersections of posting lists that claims asked for (see
    /// `Store::intersection`).
    pub(super) intersections: Intersections,
}

/// The incidents that hold each text of one field, as a text or as an
/// item of a list, by the text's fold key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Postings {
    keys: HashMap<u64, Entry>,
    /// Positions, each key's run in date order; shared with the outcomes
    /// that list a key's incidents by its entries.
    positions: Arc<[u32]>,
    /// Every spelling of each key (texts equal but for case).
    spellings: Vec<Sym>,
    /// For each key held by at least `LONG` incidents, per measure (and
    /// for counting, `None`), the blocks over its list, once a claim has
    /// asked (see `Store::blocks_holding`). Made with the postings, so
    /// that claims evaluated in parallel find them without a lock.
    blocks: HashMap<u64, BTreeMap<Option<Sym>, OnceLock<Blocks>>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    positions: (u32, u32),
    spellings: (u32, u32),
}

impl Index {
    pub fn new(store: &Store) -> Index {
        let longest = store
            .iter()
            .map(|i| (i.date().end - i.date().start).num_days())
            .max()
            .unwrap_or(0);
        // The few measures of millions of figures, gathered one by one:
        // collecting every figure's first would hold them all at once.
        let mut measures = BTreeSet::new();
        for figure in &store.figures {
            measures.insert(figure.measure);
        }
        Index {
            longest,
            fields: (0..store.columns.len()).map(|_| OnceLock::new()).collect(),
            sources: OnceLock::new(),
            memos: measures.iter().map(|&m| (m, OnceLock::new())).collect(),
            blocks: measures
                .iter()
                .map(|&m| Some(m))
                .chain([None])
                .map(|measure| (measure, OnceLock::new()))
                .collect(),
            thresholds: measures.iter().map(|&m| (m, OnceLock::new())).collect(),
            sure: measures
                .iter()
                .map(|&m| (m, SureLists::default()))
                .collect(),
            imprecise: store
                .iter()
                .filter(|i| i.date().start != i.date().end)
                .map(|i| i.position() as u32)
                .collect(),
            intersections: Intersections::default(),
        }
    }
}

impl Store {
    /// The positions of every incident whose period can meet the window:
    /// those that start no later than its end, and no earlier than its
    /// start less the longest period (an incident that starts earlier ends
    /// before the window does).
    pub fn reaching(&self, window: &Window) -> Range<usize> {
        let start = |i: &IncidentRow| i.date.start;
        let from = window.from.map_or(0, |from| {
            let earliest = from
                .checked_sub_signed(
                    chrono::TimeDelta::try_days(self.index.longest)
                        .unwrap_or(chrono::TimeDelta::MAX),
                )
                .unwrap_or(chrono::NaiveDate::MIN);
            self.incidents.partition_point(|i| start(i) < earliest)
        });
        let to = window.to.map_or(self.incidents.len(), |to| {
            self.incidents.partition_point(|i| start(i) <= to)
        });
        from..to.max(from)
    }

    /// The positions of every incident that starts inside the window: the
    /// end of `reaching`'s run.
    pub fn starting(&self, window: &Window) -> Range<usize> {
        let reaching = self.reaching(window);
        let from = window.from.map_or(reaching.start, |from| {
            let run = self.incidents.get(reaching.clone()).unwrap_or_default();
            reaching.start + run.partition_point(|i| i.date.start < from)
        });
        from..reaching.end
    }

    /// The incidents whose field `column` holds a text with fold key
    /// `key` (or a list with such an item), in date order. Texts merely
    /// sharing the key are there too, rarely: a caller checks each.
    pub fn holding(&self, column: ColumnId, key: u64) -> &[u32] {
        let Some(postings) = self.postings(column) else {
            return &[];
        };
        postings
            .keys
            .get(&key)
            .and_then(|e| postings.positions.get(span(e.positions)))
            .unwrap_or_default()
    }

    /// The list `holding` gives, to be shared with the outcomes that list
    /// its entries.
    pub fn holding_kept(&self, column: ColumnId, key: u64) -> KeptList {
        let Some(postings) = self.postings(column) else {
            return KeptList::default();
        };
        let span = postings.keys.get(&key).map_or(0..0, |e| span(e.positions));
        KeptList::part(&postings.positions, span)
    }

    /// Every spelling of the texts of field `column` with fold key `key`:
    /// the texts equal but for case that `holding` finds, and any merely
    /// sharing the key.
    pub fn spellings(&self, column: ColumnId, key: u64) -> impl Iterator<Item = Text<'_>> {
        let spellings = self.postings(column).and_then(|postings| {
            let entry = postings.keys.get(&key)?;
            postings.spellings.get(span(entry.spellings))
        });
        spellings
            .unwrap_or_default()
            .iter()
            .map(|&sym| self.text(sym))
    }

    /// The incidents `holding` finds, and where their blocks of `measure`
    /// are kept, for a list long enough to have blocks.
    pub(super) fn long_list(
        &self,
        column: ColumnId,
        key: u64,
        measure: Option<Sym>,
    ) -> Option<(&[u32], &OnceLock<Blocks>)> {
        let once = self.postings(column)?.blocks.get(&key)?.get(&measure)?;
        Some((self.holding(column, key), once))
    }

    /// The posting lists of every text of field `column` some spelling of
    /// which `wanted` accepts.
    pub fn holding_any(
        &self,
        column: ColumnId,
        mut wanted: impl FnMut(&str) -> bool,
    ) -> Vec<&[u32]> {
        let Some(postings) = self.postings(column) else {
            return Vec::new();
        };
        postings
            .keys
            .values()
            .filter(|e| {
                let spellings = postings
                    .spellings
                    .get(span(e.spellings))
                    .unwrap_or_default();
                spellings.iter().any(|&s| wanted(self.strings.get(s)))
            })
            .filter_map(|e| postings.positions.get(span(e.positions)))
            .collect()
    }

    /// The incidents with a report by `source`, in date order.
    pub fn reported_by(&self, source: usize) -> &[u32] {
        let by_source = self.index.sources.get_or_init(|| {
            let mut by_source: Vec<Vec<u32>> = Vec::new();
            for (position, incident) in self.incidents.iter().enumerate() {
                let reports = self
                    .reports
                    .get(incident.reports.range())
                    .unwrap_or_default();
                for report in reports {
                    let source = report.source as usize;
                    if by_source.len() <= source {
                        by_source.resize_with(source + 1, Vec::new);
                    }
                    let list = &mut by_source[source];
                    if list.last() != Some(&(position as u32)) {
                        list.push(position as u32);
                    }
                }
            }
            by_source
        });
        by_source.get(source).map_or(&[], Vec::as_slice)
    }

    /// Three numbers per incident for a measure, worked out by `compute`
    /// for every incident the first time anyone asks, and kept: what
    /// evaluation reads of every incident for every claim (its figure
    /// with every account on offer) is weighed once per dataset. Every
    /// caller must compute the same thing; NaN stands for none. `None`
    /// for a measure no figure has.
    pub fn per_incident(
        &self,
        measure: Sym,
        compute: impl Fn(IncidentRef) -> [f64; 3],
    ) -> Option<&[[f64; 3]]> {
        let once = self.index.memos.get(&measure)?;
        Some(once.get_or_init(|| self.iter().map(compute).collect()))
    }

    fn postings(&self, column: ColumnId) -> Option<&Postings> {
        let once = self.index.fields.get(column.0 as usize)?;
        Some(once.get_or_init(|| self.build_postings(column)))
    }

    fn build_postings(&self, column: ColumnId) -> Postings {
        let Some(cells) = self.column(column) else {
            return Postings::default();
        };
        // (key, position, spelling) for every text and list item.
        let mut found: Vec<(u64, u32, Sym)> = Vec::new();
        let mut add = |sym: Sym, position: usize| {
            if let Some(key) = self.strings.folded(sym) {
                found.push((key, position as u32, sym));
            }
        };
        for position in 0..self.incidents.len() {
            match cells.get(position) {
                Cell::Str(sym) => add(sym, position),
                Cell::List(index) => {
                    let rows = self.lists.get(index as usize).copied().unwrap_or_default();
                    for &item in self.items.get(rows.range()).unwrap_or_default() {
                        add(item, position);
                    }
                }
                Cell::Absent | Cell::Bool(_) | Cell::Num(_) => {}
            }
        }
        found.sort_unstable();
        let mut postings = Postings::default();
        let mut positions = Vec::new();
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            let key = run.first().map_or(0, |f| f.0);
            let start = positions.len() as u32;
            let first_spelling = postings.spellings.len() as u32;
            for &(_, position, spelling) in run {
                if positions.last() != Some(&position) || positions.len() as u32 == start {
                    positions.push(position);
                }
                let spellings = postings.spellings.get(first_spelling as usize..);
                if !spellings.is_some_and(|s| s.contains(&spelling)) {
                    postings.spellings.push(spelling);
                }
            }
            let entry = Entry {
                positions: (start, positions.len() as u32),
                spellings: (first_spelling, postings.spellings.len() as u32),
            };
            if span(entry.positions).len() >= LONG {
                let measures = self.index.blocks.keys();
                let blocks = measures.map(|&m| (m, OnceLock::new())).collect();
                postings.blocks.insert(key, blocks);
            }
            postings.keys.insert(key, entry);
        }
        postings.positions = positions.into();
        postings
    }
}

/// A run of a table, as an entry keeps it.
fn span((start, end): (u32, u32)) -> Range<usize> {
    start as usize..end as usize
}

/// The entries of a date-ordered list of positions that lie in `run`.
pub(super) fn entries_within(list: &[u32], run: &Range<usize>) -> Range<usize> {
    let start = list.partition_point(|&p| (p as usize) < run.start);
    let end = list.partition_point(|&p| (p as usize) < run.end);
    start..end.max(start)
}

/// The part of a date-ordered list of positions that lies in `run`.
pub fn within<'a>(list: &'a [u32], run: &Range<usize>) -> &'a [u32] {
    list.get(entries_within(list, run)).unwrap_or_default()
}

/// The positions of `listed` that one of `lists` holds, in order: one walk
/// along each list, all being in date order, that leaps over the parts
/// of a longer list that lie between two positions of `listed` (`seek`),
/// so that `listed` a few thousand long costs about as much against a
/// list of a hundred thousand as against one of a few thousand.
pub fn held(listed: &[u32], lists: &[&[u32]]) -> Vec<u32> {
    let mut at = vec![0; lists.len()];
    listed
        .iter()
        .copied()
        .filter(|&p| {
            lists
                .iter()
                .zip(at.iter_mut())
                .fold(false, |found, (list, i)| {
                    *i = seek(list, *i, p);
                    found | (list.get(*i) == Some(&p))
                })
        })
        .collect()
}

/// The first entry of `list`, in order, from `from` on that is not below
/// `p`: found by steps that double until one passes it, then by halving
/// the last step, in about twice the logarithm of the distance.
fn seek(list: &[u32], from: usize, p: u32) -> usize {
    let rest = list.get(from..).unwrap_or_default();
    let mut step = 1;
    while rest.get(step).is_some_and(|&q| q < p) {
        step *= 2;
    }
    // Entry `step / 2` is below `p` where a step was taken.
    let passed = step / 2;
    let last = rest
        .get(passed..rest.len().min(step + 1))
        .unwrap_or_default();
    from + passed + last.partition_point(|&q| q < p)
}

#[cfg(test)]
mod tests {
    use super::{held, seek};
    use crate::dataset::{Account, Builder, ColumnId, Store};
    use crate::date::{Period, Window};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, d).unwrap_or_default()
    }

    /// Incidents on 1, 3, 5 and 7 November (the one on the 3rd lasts to
    /// the 20th), in region a, A, b and none, with actors [x, a] on the
    /// 5th; reported by sources 0, 1, 0 and 0 and 1.
    fn store() -> (Store, ColumnId, ColumnId) {
        let mut b = Builder::default();
        let region = b.column("region").unwrap();
        let actors = b.column("actors").unwrap();
        // id, first and last day, region, the sources of its reports.
        type Row<'a> = (&'a str, u32, u32, Option<&'a str>, &'a [usize]);
        let incidents: [Row; 4] = [
            ("w", 1, 1, Some("a"), &[0]),
            ("x", 3, 20, Some("A"), &[1]),
            ("y", 5, 5, Some("b"), &[0]),
            ("z", 7, 7, None, &[0, 1]),
        ];
        for (id, start, end, place, sources) in incidents {
            let _ = b.incident(
                id,
                Period {
                    start: day(start),
                    end: day(end),
                },
            );
            if let Some(place) = place {
                b.text(region, place);
            }
            if id == "y" {
                b.list(actors, ["x", "a"]);
            }
            for &source in sources {
                b.report(Account {
                    source,
                    published: None,
                    url: None,
                    quote: None,
                });
            }
        }
        (b.finish().0, region, actors)
    }

    #[test]
    fn seek_finds_the_first_entry_not_below() {
        let list: Vec<u32> = (0..100).map(|i| 3 * i).collect();
        for from in [0, 1, 7, 50, 99, 100] {
            for p in 0..310 {
                let expected = from + list[from..].iter().take_while(|&&q| q < p).count();
                assert_eq!(seek(&list, from, p), expected, "from {from}, p {p}");
            }
        }
        assert_eq!(seek(&[], 0, 5), 0);
        assert_eq!(seek(&[5], 3, 5), 3);
    }

    #[test]
    fn held_keeps_what_any_list_holds() {
        assert_eq!(held(&[1, 3, 5, 7, 9], &[&[0, 3, 8, 9], &[5, 6]]), [3, 5, 9]);
        assert_eq!(held(&[1, 3], &[]), Vec::<u32>::new());
        assert_eq!(held(&[], &[&[1]]), Vec::<u32>::new());
        // With one list: the positions in both.
        assert_eq!(held(&[1, 3, 5, 7, 9], &[&[2, 3, 4, 9, 10]]), [3, 9]);
        assert_eq!(held(&[4], &[&[]]), Vec::<u32>::new());
        // A short list against long ones, and a long one against short.
        let sevens: Vec<u32> = (0..10_000).filter(|p| p % 7 == 0).collect();
        let threes: Vec<u32> = (0..10_000).filter(|p| p % 3 == 0).collect();
        let few: Vec<u32> = (0..10_000).filter(|p| p % 1000 == 21).collect();
        let expected: Vec<u32> = (0..10_000).filter(|p| p % 21 == 0).collect();
        assert_eq!(held(&sevens, &[&threes]), expected);
        assert_eq!(held(&threes, &[&sevens]), expected);
        let either: Vec<u32> = few
            .iter()
            .copied()
            .filter(|p| p % 7 == 0 || p % 3 == 0)
            .collect();
        assert_eq!(held(&few, &[&sevens, &threes]), either);
        let both: Vec<u32> = few.iter().copied().filter(|p| p % 7 == 0).collect();
        assert_eq!(held(&sevens, &[&few]), both);
        assert_eq!(both, [21, 7021]);
    }

    /// The window between two days of the test month, open where `None`.
    fn window(from: Option<u32>, to: Option<u32>) -> Window {
        Window {
            from: from.map(day),
            to: to.map(day),
        }
    }

    #[test]
    fn a_window_reaches_back_by_the_longest_period() {
        let (store, _, _) = store();
        // The longest period is the 3rd–20th's, 17 days: a window from
        // the 19th reaches back to incidents starting on the 2nd.
        assert_eq!(store.reaching(&window(Some(19), Some(25))), 1..4);
        assert_eq!(store.reaching(&window(Some(21), None)), 2..4);
        assert_eq!(store.reaching(&window(None, Some(4))), 0..2);
        assert_eq!(store.reaching(&window(None, None)), 0..4);
    }

    #[test]
    fn the_incidents_starting_in_a_window_end_its_reach() {
        let (store, _, _) = store();
        assert_eq!(store.starting(&window(Some(19), Some(25))), 4..4);
        assert_eq!(store.starting(&window(Some(4), None)), 2..4);
        assert_eq!(store.starting(&window(Some(3), Some(5))), 1..3);
        assert_eq!(store.starting(&window(None, Some(4))), 0..2);
        // The one from the 3rd to the 20th is the one imprecise.
        assert_eq!(store.imprecise(), [1]);
    }

    #[test]
    fn a_text_is_found_whatever_its_case_and_in_lists() {
        let (store, region, actors) = store();
        let key = |text| store.strings().key(text);
        assert_eq!(store.holding(region, key("a")), [0, 1]);
        assert_eq!(store.holding(region, key("B")), [2]);
        assert_eq!(store.holding(region, key("c")), [] as [u32; 0]);
        assert_eq!(store.holding(actors, key("A")), [2]);
        let spellings = |column, text| -> Vec<&str> {
            store
                .spellings(column, key(text))
                .map(|t| t.as_str())
                .collect()
        };
        assert_eq!(spellings(region, "a"), ["a", "A"]);
        assert_eq!(spellings(actors, "a"), ["a"]);
        assert!(spellings(region, "c").is_empty());
        let holding_x: Vec<&[u32]> = store.holding_any(region, |s| s.contains('A'));
        assert_eq!(holding_x, [&[0u32, 1][..]]);
    }

    #[test]
    fn each_source_has_the_incidents_it_reported() {
        let (store, _, _) = store();
        assert_eq!(store.reported_by(0), [0, 2, 3]);
        assert_eq!(store.reported_by(1), [1, 3]);
        assert_eq!(store.reported_by(7), [] as [u32; 0]);
    }
}
