//! Aggregates over blocks of consecutive incidents, so that a claim whose
//! scope is a date window, alone or with one posting list, can fold the
//! incidents of a year a block at a time rather than one by one. A window
//! is a run of the date-sorted store, and the precise incidents (dated to
//! one day) that start inside it are that run less the imprecise ones:
//! such a run is a few partial blocks at its ends and whole blocks
//! between. A posting list (`index`) is in date order too, so the same
//! holds of the part of it that starts inside the window: blocks are
//! built over a sequence of positions, the whole store's or one list's.
//!
//! The store only adds up what it is given: what an incident offers (its
//! figure's low, best and high, and the sources of the reports on offer)
//! comes from a function of evaluation's, so the rules of the claim
//! language stay there. Each measure's blocks (and the blocks of counting
//! incidents, with no measure), over the store and over each long posting
//! list, are built once per dataset, the first time a claim asks, and
//! kept, like the store's other memos (`index`).

use super::index::{entries_within, held, within};
use super::intern::Sym;
use super::kept::KeptList;
use super::store::{ColumnId, IncidentRef, Store};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// How many consecutive positions a block holds: enough that a year of a
/// global dataset is a few hundred blocks, few enough that the partial
/// blocks at a run's ends cost little.
pub const BLOCK: usize = 256;

/// How many incidents a posting list holds at least for blocks to be
/// built over it, and a claim's run of it at least for them to be built
/// or used: below a few blocks, the partial blocks at a run's ends are
/// most of it, and folding it one by one costs as much as that; and a
/// list's blocks, which read the whole list once, are built only for a
/// claim that would read a good part of it anyway.
pub const LONG: usize = 4 * BLOCK;

/// The positions that blocks are built over, in date order: block `k`
/// holds entries `k * BLOCK` up to `(k + 1) * BLOCK`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sequence<'a> {
    /// Every position of a store of this many incidents: entry `i` is
    /// position `i`.
    Store(usize),
    /// A posting list: entry `i` is its `i`th position.
    List(&'a [u32]),
}

impl<'a> Sequence<'a> {
    fn len(self) -> usize {
        match self {
            Sequence::Store(len) => len,
            Sequence::List(list) => list.len(),
        }
    }

    /// The entries whose positions lie in `run`.
    pub fn entries(self, run: &Range<usize>) -> Range<usize> {
        match self {
            Sequence::Store(len) => {
                let end = run.end.min(len);
                run.start.min(end)..end
            }
            Sequence::List(list) => entries_within(list, run),
        }
    }

    /// The positions of a run of entries, in order.
    pub fn positions(self, entries: Range<usize>) -> impl Iterator<Item = usize> + 'a {
        entries.filter_map(move |entry| self.position(entry))
    }

    /// The positions of a run of entries as runs of positions: one for
    /// the store, one per entry for a list.
    pub fn runs(self, entries: Range<usize>) -> impl Iterator<Item = Range<usize>> + 'a {
        let (whole, listed) = match self {
            Sequence::Store(len) => (Some(entries.start.min(len)..entries.end.min(len)), None),
            Sequence::List(_) => (None, Some(self.positions(entries).map(|p| p..p + 1))),
        };
        whole.into_iter().chain(listed.into_iter().flatten())
    }

    /// The positions of the imprecise incidents among those of the
    /// sequence that lie in `run`, in order.
    pub fn imprecise(self, store: &'a Store, run: &Range<usize>) -> Cow<'a, [u32]> {
        let imprecise = within(store.imprecise(), run);
        match self {
            Sequence::Store(_) => Cow::Borrowed(imprecise),
            Sequence::List(list) => {
                // One walk along the shorter, leaping along the longer.
                let listed = within(list, run);
                let (short, long) = if listed.len() <= imprecise.len() {
                    (listed, imprecise)
                } else {
                    (imprecise, listed)
                };
                Cow::Owned(held(short, &[long]))
            }
        }
    }

    fn position(self, entry: usize) -> Option<usize> {
        match self {
            Sequence::Store(len) => (entry < len).then_some(entry),
            Sequence::List(list) => list.get(entry).map(|&p| p as usize),
        }
    }
}

/// What one incident offers: its figure as `[low, best, high]` (`None`:
/// no figure), after handing the source of each report on offer to the
/// second argument.
pub trait Offered: Fn(IncidentRef, &mut dyn FnMut(usize)) -> Option<[f64; 3]> {}

impl<F: Fn(IncidentRef, &mut dyn FnMut(usize)) -> Option<[f64; 3]>> Offered for F {}

/// What a run of precise incidents gives, added up.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bulk {
    pub incidents: usize,
    /// Those of them with a figure.
    pub figured: usize,
    /// Over the figures, their lows, bests and highs.
    pub low: Extent,
    pub best: Extent,
    pub high: Extent,
}

/// The sum, the greatest and the least of some numbers; `None` of none.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Extent {
    pub sum: f64,
    pub max: Option<f64>,
    pub min: Option<f64>,
}

impl Extent {
    fn add(&mut self, v: f64) {
        self.merge(&Extent {
            sum: v,
            max: Some(v),
            min: Some(v),
        });
    }

    fn merge(&mut self, other: &Extent) {
        self.sum += other.sum;
        self.max = either(self.max, other.max, f64::max);
        self.min = either(self.min, other.min, f64::min);
    }
}

fn either(a: Option<f64>, b: Option<f64>, pick: fn(f64, f64) -> f64) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

impl Bulk {
    fn add(&mut self, figure: Option<[f64; 3]>) {
        self.incidents += 1;
        if let Some([low, best, high]) = figure {
            self.figured += 1;
            self.low.add(low);
            self.best.add(best);
            self.high.add(high);
        }
    }

    fn merge(&mut self, other: &Bulk) {
        self.incidents += other.incidents;
        self.figured += other.figured;
        self.low.merge(&other.low);
        self.best.merge(&other.best);
        self.high.merge(&other.high);
    }
}

/// One measure's blocks, as the store keeps them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Blocks {
    /// Each block's precise incidents added up.
    blocks: Level,
    /// The same for each group of `GROUP` consecutive blocks (the whole
    /// groups only). A block of a dataset of a few hundred sources holds
    /// a count for nearly every source, and so does a group: a run over
    /// years, thousands of blocks, adds the counts of a few hundred
    /// groups instead.
    groups: Level,
    /// Whether every number offered, by any incident, is a whole number
    /// not below +0, and all of them add up to less than 2^53.
    whole: bool,
    /// Whether a report on offer named a source beyond `Count`'s: then
    /// the blocks are not used.
    wide: bool,
}

/// Runs of consecutive entries, each added up.
#[derive(Debug, Clone, PartialEq, Default)]
struct Level {
    /// Per run, its precise incidents added up.
    bulks: Vec<Bulk>,
    /// Per run, a run of `reports`: where each run's starts (and, last,
    /// where the runs end).
    starts: Vec<usize>,
    /// The reports on offer by source, as counts (`Count`) for the
    /// sources a run's precise incidents have: a dataset may name
    /// thousands of sources, most of them in few blocks, so no run holds
    /// a count for every source.
    reports: Vec<Count>,
}

/// How many blocks a group holds.
const GROUP: usize = 16;

/// Beyond this, whole numbers are no longer all exact in an `f64`.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Some reports of one source, the source in the upper 24 bits and how
/// many in the lower 8, so that a block of a dataset of a few hundred
/// sources, each in some of its 256 incidents, takes a kilobyte, not two:
/// blocks are kept for every long posting list. A source with more
/// reports in a block has several counts there.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Count(u32);

impl Count {
    const MOST: u32 = 0xff;

    /// Whether a count can name the source.
    fn fits(source: usize) -> bool {
        source < 1 << 24
    }

    /// As many of `reports` as one count holds; `None` for a source that
    /// does not fit.
    fn new(source: usize, reports: u32) -> Option<Count> {
        let source = u32::try_from(source)
            .ok()
            .filter(|&s| Count::fits(s as usize))?;
        Some(Count(source << 8 | reports.min(Count::MOST)))
    }

    fn source(self) -> usize {
        (self.0 >> 8) as usize
    }

    fn reports(self) -> usize {
        (self.0 & Count::MOST) as usize
    }
}

impl Blocks {
    fn build(store: &Store, sequence: Sequence, offered: &impl Offered) -> Blocks {
        let mut blocks = Blocks {
            whole: true,
            ..Blocks::default()
        };
        let mut counts = Counts::default();
        let mut total = 0.0;
        for start in (0..sequence.len()).step_by(BLOCK) {
            let mut bulk = Bulk::default();
            let entries = start..(start + BLOCK).min(sequence.len());
            for inc in sequence.positions(entries).filter_map(|p| store.get(p)) {
                let precise = is_precise(inc);
                let figure = offered(inc, &mut |source| {
                    if !precise {
                        return;
                    }
                    if !Count::fits(source) {
                        blocks.wide = true;
                        return;
                    }
                    counts.add(source, 1);
                });
                if let Some(numbers) = figure {
                    blocks.whole &= numbers
                        .iter()
                        .all(|v| v.fract() == 0.0 && v.is_sign_positive());
                    total += numbers.iter().sum::<f64>();
                }
                if precise {
                    bulk.add(figure);
                }
            }
            blocks.blocks.push(bulk, &mut counts);
        }
        for first in (0..blocks.blocks.bulks.len() / GROUP).map(|g| g * GROUP) {
            let mut bulk = Bulk::default();
            for block in first..first + GROUP {
                bulk.merge(blocks.blocks.bulks.get(block).unwrap_or(&Bulk::default()));
                for count in blocks.blocks.reports(block) {
                    counts.add(count.source(), count.reports() as u32);
                }
            }
            blocks.groups.push(bulk, &mut counts);
        }
        blocks.whole &= total < EXACT;
        blocks
    }
}

/// One run's counts by source, and the sources it has counted; grown as
/// sources come, so that building a short list's blocks does not read
/// every report of the store first.
#[derive(Default)]
struct Counts {
    by_source: Vec<u32>,
    seen: Vec<usize>,
}

impl Counts {
    fn add(&mut self, source: usize, reports: u32) {
        if self.by_source.len() <= source {
            self.by_source.resize(source + 1, 0);
        }
        if let Some(n) = self.by_source.get_mut(source) {
            if *n == 0 {
                self.seen.push(source);
            }
            *n = n.saturating_add(reports);
        }
    }
}

impl Level {
    /// Adds a run, with the counts of its reports, which it takes.
    fn push(&mut self, bulk: Bulk, counts: &mut Counts) {
        self.starts.push(self.reports.len());
        for source in counts.seen.drain(..) {
            let mut left = counts.by_source.get_mut(source).map_or(0, std::mem::take);
            while let Some(count) = Count::new(source, left).filter(|_| left > 0) {
                self.reports.push(count);
                left -= count.reports() as u32;
            }
        }
        self.bulks.push(bulk);
    }

    /// Run `run` added up, with its reports on offer added to `reports`
    /// by source; `None` beyond the runs.
    fn add(&self, run: usize, reports: &mut [usize]) -> Option<&Bulk> {
        let bulk = self.bulks.get(run)?;
        for count in self.reports(run) {
            if let Some(total) = reports.get_mut(count.source()) {
                *total += count.reports();
            }
        }
        Some(bulk)
    }

    /// The reports on offer by source of one run.
    fn reports(&self, run: usize) -> &[Count] {
        let Some(&start) = self.starts.get(run) else {
            return &[];
        };
        let end = self.starts.get(run + 1).copied();
        let end = end.unwrap_or(self.reports.len());
        self.reports.get(start..end).unwrap_or_default()
    }
}

/// A list the store keeps apart from its postings (the incidents
/// certainly past a threshold, `sure`; an intersection of lists,
/// `intersection`), with the blocks over it once a claim has asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocked {
    list: KeptList,
    /// Per measure, and for counting incidents (`None`), the blocks over
    /// the list.
    blocks: BTreeMap<Option<Sym>, OnceLock<Blocks>>,
}

impl Blocked {
    pub(super) fn new(store: &Store, list: impl Into<KeptList>) -> Blocked {
        let measures = store.index.blocks.keys();
        Blocked {
            list: list.into(),
            blocks: measures.map(|&m| (m, OnceLock::new())).collect(),
        }
    }

    /// The positions, in order.
    pub fn list(&self) -> &[u32] {
        self.list.positions()
    }

    /// The list, to be shared with the outcomes that list its entries.
    pub fn kept(&self) -> &KeptList {
        &self.list
    }
}

/// A measure's blocks over a sequence, with the function that built
/// them, ready to fold runs of entries.
pub struct Aggregates<'a, F> {
    store: &'a Store,
    sequence: Sequence<'a>,
    blocks: &'a Blocks,
    offered: F,
}

impl<'a, F: Offered> Aggregates<'a, F> {
    /// Whether every number offered is a whole number not below +0 and
    /// all of them add up to less than 2^53, so that any sum of some of
    /// them is exact whatever order they are added in (and no −0 makes
    /// the greatest or the least depend on the order either).
    pub fn whole(&self) -> bool {
        self.blocks.whole
    }

    /// The positions the blocks are over.
    pub fn sequence(&self) -> Sequence<'a> {
        self.sequence
    }

    /// The precise incidents among a run of the sequence's entries added
    /// up, with the reports on offer added to `reports` by source: whole
    /// blocks from the blocks, the rest one by one.
    pub fn over(&self, entries: Range<usize>, reports: &mut [usize]) -> Bulk {
        let mut bulk = Bulk::default();
        let mut entry = entries.start;
        // Whole groups, else whole blocks, else one by one.
        let levels = [
            (&self.blocks.groups, GROUP * BLOCK),
            (&self.blocks.blocks, BLOCK),
        ];
        'entries: while entry < entries.end {
            for (level, size) in levels {
                let whole = entry.is_multiple_of(size) && entry + size <= entries.end;
                if let Some(b) = whole.then(|| level.add(entry / size, reports)).flatten() {
                    bulk.merge(b);
                    entry += size;
                    continue 'entries;
                }
            }
            let inc = self
                .sequence
                .position(entry)
                .and_then(|p| self.store.get(p));
            if let Some(inc) = inc.filter(|&i| is_precise(i)) {
                bulk.add((self.offered)(inc, &mut |source| {
                    if let Some(n) = reports.get_mut(source) {
                        *n += 1;
                    }
                }));
            }
            entry += 1;
        }
        bulk
    }
}

fn is_precise(inc: IncidentRef) -> bool {
    let date = inc.date();
    date.start == date.end
}

impl Store {
    /// The positions of the imprecise incidents (dated by a period longer
    /// than a day), in order.
    pub fn imprecise(&self) -> &[u32] {
        &self.index.imprecise
    }

    /// The blocks of `measure` (`None`: counting incidents) over the
    /// whole store, built with `offered` the first time anyone asks, and
    /// kept. Every caller must offer the same thing. `None` for a measure
    /// no figure has, and where a source is beyond a block's (`Count`).
    pub fn blocks<F: Offered>(
        &self,
        measure: Option<Sym>,
        offered: F,
    ) -> Option<Aggregates<'_, F>> {
        let once = self.index.blocks.get(&measure)?;
        self.aggregates(Sequence::Store(self.len()), once, offered)
    }

    /// The blocks of `measure` over the incidents whose field `column`
    /// holds a text with fold key `key` (`holding`), built and kept as
    /// `blocks` are, for a claim that folds those of them among `run`.
    /// `None` as for `blocks`, and where the list, or its part in `run`,
    /// is too short to gain from blocks (`LONG`).
    pub fn blocks_holding<F: Offered>(
        &self,
        measure: Option<Sym>,
        column: ColumnId,
        key: u64,
        run: &Range<usize>,
        offered: F,
    ) -> Option<Aggregates<'_, F>> {
        let (list, once) = self.long_list(column, key, measure)?;
        self.blocks_over(list, once, run, offered)
    }

    /// The blocks of `measure` (`None`: counting incidents) over a kept
    /// list, built and kept as `blocks` are, for a claim that folds those
    /// of its incidents among `run`. `None` as for `blocks_holding`.
    pub fn blocks_kept<'a, F: Offered>(
        &'a self,
        measure: Option<Sym>,
        kept: &'a Blocked,
        run: &Range<usize>,
        offered: F,
    ) -> Option<Aggregates<'a, F>> {
        let once = kept.blocks.get(&measure)?;
        self.blocks_over(kept.list(), once, run, offered)
    }

    /// The blocks kept in `once` over a date-ordered `list`, built as
    /// `blocks` are; `None` as for `blocks_holding`.
    pub(super) fn blocks_over<'a, F: Offered>(
        &'a self,
        list: &'a [u32],
        once: &'a OnceLock<Blocks>,
        run: &Range<usize>,
        offered: F,
    ) -> Option<Aggregates<'a, F>> {
        let sequence = Sequence::List(list);
        if sequence.entries(run).len() < LONG {
            return None;
        }
        self.aggregates(sequence, once, offered)
    }

    fn aggregates<'a, F: Offered>(
        &'a self,
        sequence: Sequence<'a>,
        once: &'a OnceLock<Blocks>,
        offered: F,
    ) -> Option<Aggregates<'a, F>> {
        let blocks = once.get_or_init(|| Blocks::build(self, sequence, &offered));
        (!blocks.wide).then_some(Aggregates {
            store: self,
            sequence,
            blocks,
            offered,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Account, Builder, Figure};
    use crate::date::Period;
    use chrono::NaiveDate;

    /// `n` incidents, one a day from 1 January 2025; every seventh lasts
    /// a week. Incident `i` has deaths `i % 5` except every third, which
    /// has none, and reports by sources `i % 3` and `i % 4 + 3`.
    fn store(n: usize) -> Store {
        with_region(n).0
    }

    /// `store(n)` and its field `region`: "b" where `i % 3` is 1, else
    /// "a", or "A" for odd `i`.
    fn with_region(n: usize) -> (Store, ColumnId) {
        let mut b = Builder::default();
        let region = b.column("region").unwrap();
        let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        for i in 0..n {
            let start = first + chrono::Days::new(i as u64);
            let end = if i % 7 == 6 {
                start + chrono::Days::new(6)
            } else {
                start
            };
            let _ = b.incident(&format!("i{i}"), Period { start, end });
            b.text(region, ["a", "A", "b"][if i % 3 == 1 { 2 } else { i % 2 }]);
            if i % 3 != 0 {
                let deaths = Figure {
                    best: Some((i % 5) as f64),
                    ..Figure::default()
                };
                b.figure("deaths", &deaths);
            }
            for source in [i % 3, i % 4 + 3] {
                b.report(Account {
                    source,
                    published: None,
                    url: None,
                    quote: None,
                });
            }
        }
        (b.finish().0, region)
    }

    /// Offers the own deaths figure, as best with low one less and high
    /// one more, and every report.
    fn offered(inc: IncidentRef, seen: &mut dyn FnMut(usize)) -> Option<[f64; 3]> {
        inc.reports().for_each(|r| seen(r.source()));
        let best = inc.figures().next()?.estimate().best?;
        Some([best - 1.0, best, best + 1.0])
    }

    /// The positions added up one incident at a time, with their reports.
    fn one_by_one(store: &Store, positions: impl IntoIterator<Item = usize>) -> (Bulk, Vec<usize>) {
        let mut bulk = Bulk::default();
        let mut reports = vec![0; 7];
        let incidents = positions.into_iter().filter_map(|p| store.get(p));
        for inc in incidents.filter(|&i| is_precise(i)) {
            bulk.add(offered(inc, &mut |s| reports[s] += 1));
        }
        (bulk, reports)
    }

    fn folded(store: &Store, measure: Option<Sym>, run: Range<usize>) -> (Bulk, Vec<usize>) {
        let mut reports = vec![0; 7];
        let aggregates = store.blocks(measure, offered).unwrap();
        (aggregates.over(run, &mut reports), reports)
    }

    #[test]
    fn a_run_folds_as_its_incidents_one_by_one() {
        let store = store(5 * BLOCK + 17);
        for run in [
            0..store.len(),
            BLOCK..3 * BLOCK,
            BLOCK + 1..3 * BLOCK - 1,
            5..BLOCK - 5,
            2 * BLOCK - 3..2 * BLOCK + 3,
            3 * BLOCK..store.len(),
            4 * BLOCK + 100..store.len(),
        ] {
            let found = folded(&store, None, run.clone());
            assert_eq!(found, one_by_one(&store, run.clone()), "{run:?}");
            assert!(found.0.incidents > 0, "{run:?}");
        }
    }

    #[test]
    fn a_run_over_groups_of_blocks_folds_as_its_incidents_one_by_one() {
        let span = GROUP * BLOCK;
        let store = store(2 * span + 3 * BLOCK + 17);
        let blocks = Blocks::build(&store, Sequence::Store(store.len()), &offered);
        assert_eq!(blocks.groups.bulks.len(), 2);
        // A group's reports are its blocks' added up, a count of at most
        // 255 at a time.
        let group: usize = blocks.groups.reports(1).iter().map(|c| c.reports()).sum();
        let each = (GROUP..2 * GROUP).map(|b| blocks.blocks.reports(b));
        assert_eq!(group, each.flatten().map(|c| c.reports()).sum::<usize>());
        assert!(blocks.groups.reports(1).len() > 7);
        for run in [
            0..store.len(),
            span..2 * span,
            span - 1..2 * span,
            span..2 * span - 1,
            BLOCK..2 * span + BLOCK,
            5..2 * span + 7,
            2 * span..store.len(),
        ] {
            let found = folded(&store, None, run.clone());
            assert_eq!(found, one_by_one(&store, run.clone()), "{run:?}");
        }
    }

    #[test]
    fn a_run_of_a_list_folds_as_its_incidents_one_by_one() {
        let (store, region) = with_region(8 * BLOCK + 5);
        let key = store.strings().key("a");
        let list = store.holding(region, key);
        // Two thirds of the incidents: more than five blocks.
        assert_eq!(list.len(), 1_369);
        let deaths = store.strings().lookup("deaths");
        for measure in [None, deaths] {
            let all = 0..store.len();
            let aggregates = store
                .blocks_holding(measure, region, key, &all, offered)
                .unwrap();
            assert_eq!(aggregates.sequence(), Sequence::List(list));
            for entries in [
                0..list.len(),
                BLOCK..3 * BLOCK,
                BLOCK + 1..3 * BLOCK - 1,
                5..BLOCK - 5,
                2 * BLOCK - 3..2 * BLOCK + 3,
                4 * BLOCK + 100..list.len(),
            ] {
                let mut reports = vec![0; 7];
                let found = aggregates.over(entries.clone(), &mut reports);
                let positions = list[entries.clone()].iter().map(|&p| p as usize);
                let expected = one_by_one(&store, positions);
                assert_eq!((found, reports), expected, "{entries:?}");
                assert!(found.incidents > 0, "{entries:?}");
            }
        }
        // The blocks over the whole store stay the store's.
        let all = folded(&store, None, 0..store.len());
        assert_eq!(all, one_by_one(&store, 0..store.len()));
    }

    #[test]
    fn a_short_list_or_a_short_run_of_one_has_no_blocks() {
        let (store, region) = with_region(8 * BLOCK + 5);
        let has = |measure, key, run: Range<usize>| {
            store
                .blocks_holding(measure, region, key, &run, offered)
                .is_some()
        };
        let all = 0..store.len();
        let b = store.strings().key("b");
        assert_eq!(store.holding(region, b).len(), 684);
        assert!(!has(None, b, all.clone()));
        let nowhere = store.strings().key("c");
        assert!(!has(None, nowhere, all.clone()));
        let deaths = store.strings().lookup("deaths");
        let a = store.strings().key("a");
        assert!(has(deaths, a, all.clone()));
        let not_a_measure = store.strings().lookup("region");
        assert!(not_a_measure.is_some());
        assert!(!has(not_a_measure, a, all));
        // Positions 0 to 1,535 hold 1,024 of "a"'s incidents; to 1,534,
        // one less.
        assert!(has(None, a, 0..1536));
        assert!(!has(None, a, 0..1535));
    }

    #[test]
    fn a_list_finds_its_entries_and_imprecise_incidents_in_a_run() {
        let (store, region) = with_region(3 * BLOCK);
        let list = store.holding(region, store.strings().key("A"));
        let sequence = Sequence::List(list);
        // 0, 2, 3, 5, 6, 8, … hold "a" or "A".
        assert_eq!(&list[..5], [0, 2, 3, 5, 6]);
        assert_eq!(sequence.entries(&(1..6)), 1..4);
        assert_eq!(sequence.positions(1..4).collect::<Vec<_>>(), [2, 3, 5]);
        assert_eq!(sequence.runs(1..4).collect::<Vec<_>>(), [2..3, 3..4, 5..6]);
        assert_eq!(sequence.entries(&(7..8)), 5..5);
        // Of the imprecise 6, 13, 20 and 27, 13 is in "b".
        assert_eq!(sequence.imprecise(&store, &(0..28)).as_ref(), [6, 20, 27]);
        let everything = Sequence::Store(store.len());
        assert_eq!(everything.imprecise(&store, &(0..14)).as_ref(), [6, 13]);
        assert_eq!(everything.entries(&(700..900)), 700..768);
        assert!(everything.runs(700..900).eq(std::iter::once(700..768)));
        assert_eq!(everything.entries(&(900..1000)), 768..768);
    }

    #[test]
    fn counts_sums_and_extremes_leave_out_imprecise_incidents() {
        let store = store(2 * BLOCK);
        let (bulk, reports) = folded(&store, None, 0..14);
        // Of 0–13, 6 and 13 last a week; 0, 3, 9 and 12 have no deaths;
        // 1, 2, 4, 5, 7, 8, 10 and 11 have 1, 2, 4, 0, 2, 3, 0 and 1.
        assert_eq!((bulk.incidents, bulk.figured), (12, 8));
        assert_eq!(
            bulk.best,
            Extent {
                sum: 13.0,
                max: Some(4.0),
                min: Some(0.0)
            }
        );
        assert_eq!((bulk.low.sum, bulk.high.sum), (5.0, 21.0));
        assert_eq!((bulk.low.min, bulk.high.max), (Some(-1.0), Some(5.0)));
        // Sources i % 3 and i % 4 + 3 of the twelve precise incidents.
        assert_eq!(reports, [4, 4, 4, 4, 3, 2, 3]);
    }

    #[test]
    fn an_empty_run_adds_nothing() {
        let store = store(2 * BLOCK);
        assert_eq!(
            folded(&store, None, BLOCK..BLOCK),
            (Bulk::default(), vec![0; 7])
        );
        assert_eq!(folded(&store, None, 0..0).0.best.max, None);
    }

    #[test]
    fn a_block_of_imprecise_incidents_adds_nothing() {
        let mut b = Builder::default();
        let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        for i in 0..BLOCK + 1 {
            let start = first + chrono::Days::new(i as u64);
            let end = start + chrono::Days::new(u64::from(i < BLOCK));
            let _ = b.incident(&format!("i{i}"), Period { start, end });
            b.figure("deaths", &Figure::default());
        }
        let store = b.finish().0;
        assert_eq!(store.imprecise().len(), BLOCK);
        let (bulk, _) = folded(&store, None, 0..BLOCK + 1);
        assert_eq!((bulk.incidents, bulk.figured), (1, 0));
        assert_eq!(bulk.low, Extent::default());
    }

    #[test]
    fn a_block_keeps_counts_only_for_the_sources_it_has() {
        let store = reported(1, |i| if i == BLOCK + 3 { 50_000 } else { i % 2 });
        let blocks = Blocks::build(&store, Sequence::Store(store.len()), &offered);
        // Sources 0 and 1 in both blocks, 50,000 in the second only.
        assert_eq!(blocks.blocks.reports.len(), 5);
        assert_eq!(
            blocks
                .blocks
                .reports(1)
                .iter()
                .map(|c| c.reports())
                .sum::<usize>(),
            BLOCK
        );
        let mut reports = vec![0; 50_001];
        let _ = store
            .blocks(None, offered)
            .unwrap()
            .over(0..2 * BLOCK, &mut reports);
        assert_eq!(
            (reports[0], reports[1], reports[50_000]),
            (BLOCK, BLOCK - 1, 1)
        );
    }

    /// `2 * BLOCK` incidents, one a day, each with `reports` reports by
    /// the source `source` gives for its number.
    fn reported(reports: usize, source: impl Fn(usize) -> usize) -> Store {
        let mut b = Builder::default();
        crate::dataset::testing::each_day(&mut b, 2 * BLOCK, |b, i| {
            for _ in 0..reports {
                b.report(Account {
                    source: source(i),
                    published: None,
                    url: None,
                    quote: None,
                });
            }
        });
        b.finish().0
    }

    #[test]
    fn a_source_with_many_reports_in_a_block_has_several_counts() {
        let store = reported(3, |_| 2);
        let blocks = Blocks::build(&store, Sequence::Store(store.len()), &offered);
        // 768 reports a block: 255, 255, 255 and 3.
        let counts: Vec<usize> = blocks
            .blocks
            .reports(0)
            .iter()
            .map(|c| c.reports())
            .collect();
        assert_eq!(counts, [255, 255, 255, 3]);
        let mut reports = vec![0; 3];
        let aggregates = store.blocks(None, offered).unwrap();
        let _ = aggregates.over(0..2 * BLOCK, &mut reports);
        assert_eq!(reports, [0, 0, 6 * BLOCK]);
    }

    #[test]
    fn a_source_beyond_a_count_leaves_the_blocks_unused() {
        assert!(
            reported(1, |_| (1 << 24) - 1)
                .blocks(None, offered)
                .is_some()
        );
        assert!(reported(1, |_| 1 << 24).blocks(None, offered).is_none());
    }

    #[test]
    fn whole_says_whether_every_sum_is_exact() {
        let store = store(BLOCK);
        type Offer = fn(IncidentRef, &mut dyn FnMut(usize)) -> Option<[f64; 3]>;
        let blocks =
            |offer: Offer| Blocks::build(&store, Sequence::Store(store.len()), &offer).whole;
        // The test's offers go down to −1.
        assert!(!blocks(offered));
        assert!(blocks(|_, _| Some([0.0, 1.0, 2.0])));
        assert!(blocks(|_, _| None));
        assert!(!blocks(|_, _| Some([0.5, 1.0, 2.0])));
        assert!(!blocks(|_, _| Some([-0.0, 0.0, 0.0])));
        assert!(!blocks(|_, _| Some([0.0, 0.0, EXACT / 128.0])));
    }

    #[test]
    fn blocks_are_kept_per_measure() {
        let store = store(BLOCK);
        let deaths = store.strings().lookup("deaths");
        assert!(deaths.is_some());
        let (with_deaths, _) = folded(&store, deaths, 0..BLOCK);
        // Once built, the blocks stay what the first caller offered.
        let mut reports = vec![0; 7];
        let kept = store.blocks(deaths, |_, _| None).unwrap();
        assert_eq!(
            kept.over(0..BLOCK, &mut reports).figured,
            with_deaths.figured
        );
        assert!(with_deaths.figured > 0);
        assert!(
            store
                .blocks(store.strings().lookup("region"), offered)
                .is_none()
        );
    }
}
