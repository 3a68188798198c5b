//! The claim's value and its range (spec §6.3): counts, sums, maxima and
//! minima over the incidents in scope. The value takes every incident that
//! matches at its best reading, at its best figure; the low takes only the
//! certain ones at their low, the high every certain or possible one at its
//! high, so the range holds every reading the sources allow.

use super::figure::Reading;
use super::tri::Tri;
use crate::dataset::{Bulk, Extent};

/// How a query folds its incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    Count,
    Sum,
    Max,
    Min,
}

/// One incident as the fold sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub membership: Tri,
    /// Whether it matches at the best reading.
    pub at_best: bool,
    /// Its figure for the measure; `None` when it has none (or when the
    /// fold only counts).
    pub reading: Option<Reading>,
}

/// A fold's value and range; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Incidents in or maybe in scope without a figure for the measure.
    pub without_figure: usize,
}

/// Folds `bulk`, incidents in scope for certain and matching at their
/// best reading, and the items, in one pass and in their order; `None`
/// when `max` or `min` has no incident that matches at its best reading
/// with a figure, and so no value at all. `bulk` is added first: callers
/// give one only where the order of adding cannot change the result
/// (whole numbers, see `eval::bulk`).
pub fn tally(fold: Fold, bulk: &Bulk, items: impl IntoIterator<Item = Item>) -> Option<Tally> {
    let (low, best, high) = (Part::Low, Part::Best, Part::High);
    let mut value = Running::new(fold, matches_at_best, best);
    // With `min`, the low comes from every possible incident and the high
    // from the certain ones; otherwise the other way round.
    let (mut lowest, mut highest) = match fold {
        Fold::Min => (
            Running::new(fold, possible, low),
            Running::new(fold, certain, high),
        ),
        _ => (
            Running::new(fold, certain, low),
            Running::new(fold, possible, high),
        ),
    };
    for running in [&mut value, &mut lowest, &mut highest] {
        running.add_bulk(bulk);
    }
    let mut missing = bulk.incidents.saturating_sub(bulk.figured);
    for item in items {
        missing += usize::from(possible(&item) && item.reading.is_none());
        value.add(&item);
        lowest.add(&item);
        highest.add(&item);
    }
    let (value, low, high, without_figure) = match fold {
        Fold::Count => (
            value.or_zero(),
            Some(lowest.or_zero()),
            Some(highest.or_zero()),
            0,
        ),
        Fold::Sum => (
            value.or_zero(),
            Some(lowest.or_zero()),
            Some(highest.or_zero()),
            missing,
        ),
        // With no certain incident the deadliest may have had none.
        Fold::Max => (value.acc?, Some(lowest.or_zero()), highest.acc, missing),
        // With no certain incident nothing bounds the least from above.
        Fold::Min => (value.acc?, lowest.acc, highest.acc, missing),
    };
    Some(Tally {
        value,
        low,
        high,
        without_figure,
    })
}

/// One of a reading's values: its low, best or high.
#[derive(Debug, Clone, Copy)]
enum Part {
    Low,
    Best,
    High,
}

impl Part {
    fn of(self, reading: &Reading) -> f64 {
        match self {
            Part::Low => reading.low,
            Part::Best => reading.best,
            Part::High => reading.high,
        }
    }

    fn of_bulk(self, bulk: &Bulk) -> &Extent {
        match self {
            Part::Low => &bulk.low,
            Part::Best => &bulk.best,
            Part::High => &bulk.high,
        }
    }
}

/// One result of a fold, built item by item: over the items `keep`
/// selects, one part of their figures (a count counts the items), added
/// up, or the greatest or least of them.
struct Running {
    fold: Fold,
    keep: fn(&Item) -> bool,
    part: Part,
    /// `None` until an item counts.
    acc: Option<f64>,
}

impl Running {
    fn new(fold: Fold, keep: fn(&Item) -> bool, part: Part) -> Running {
        Running {
            fold,
            keep,
            part,
            acc: None,
        }
    }

    fn add(&mut self, item: &Item) {
        if !(self.keep)(item) {
            return;
        }
        let v = match (self.fold, &item.reading) {
            (Fold::Count, _) => 1.0,
            (_, Some(reading)) => self.part.of(reading),
            (_, None) => return,
        };
        self.merge(v);
    }

    /// Adds a bulk part, which every result keeps: its incidents are in
    /// scope for certain and match at their best.
    fn add_bulk(&mut self, bulk: &Bulk) {
        let extent = self.part.of_bulk(bulk);
        let v = match self.fold {
            Fold::Count => (bulk.incidents > 0).then_some(bulk.incidents as f64),
            Fold::Sum => (bulk.figured > 0).then_some(extent.sum),
            Fold::Max => extent.max,
            Fold::Min => extent.min,
        };
        if let Some(v) = v {
            self.merge(v);
        }
    }

    /// Takes in one number: an item's, or a bulk part's count, sum,
    /// greatest or least.
    fn merge(&mut self, v: f64) {
        self.acc = Some(match (self.acc, self.fold) {
            // A sum starts from +0: `Iterator::sum` of no `f64` is −0,
            // which reports would print as `-0`.
            (None, Fold::Count | Fold::Sum) => 0.0 + v,
            (None, Fold::Max | Fold::Min) => v,
            (Some(acc), Fold::Count | Fold::Sum) => acc + v,
            (Some(acc), Fold::Max) => acc.max(v),
            (Some(acc), Fold::Min) => acc.min(v),
        });
    }

    /// The result, where no item counted: zero.
    fn or_zero(&self) -> f64 {
        self.acc.unwrap_or(0.0)
    }
}

fn certain(item: &Item) -> bool {
    item.membership == Tri::In
}

fn possible(item: &Item) -> bool {
    item.membership != Tri::Out
}

fn matches_at_best(item: &Item) -> bool {
    item.at_best
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tri::{In, Maybe, Out};

    fn item(membership: Tri, at_best: bool, reading: Option<(f64, f64, f64)>) -> Item {
        Item {
            membership,
            at_best,
            reading: reading.map(|(low, best, high)| Reading { low, best, high }),
        }
    }

    fn tally_of(fold: Fold, items: &[Item]) -> (f64, Option<f64>, Option<f64>) {
        let t = tally(fold, &Bulk::default(), items.iter().copied()).unwrap();
        (t.value, t.low, t.high)
    }

    /// In [4, 4, 6]; in [3, 3, 3]; in without a figure; maybe [1, 2, 3]
    /// but not at best; maybe [5, 7, 9] and at best; out [100, 100, 100].
    fn items() -> Vec<Item> {
        vec![
            item(In, true, Some((4.0, 4.0, 6.0))),
            item(In, true, Some((3.0, 3.0, 3.0))),
            item(In, true, None),
            item(Maybe, false, Some((1.0, 2.0, 3.0))),
            item(Maybe, true, Some((5.0, 7.0, 9.0))),
            item(Out, false, Some((100.0, 100.0, 100.0))),
        ]
    }

    #[test]
    fn count_counts_at_best_certain_and_possible() {
        let counted: Vec<Item> = items()
            .into_iter()
            .map(|i| Item { reading: None, ..i })
            .collect();
        let t = tally(Fold::Count, &Bulk::default(), counted).unwrap();
        assert_eq!((t.value, t.low, t.high), (4.0, Some(3.0), Some(5.0)));
        assert_eq!(t.without_figure, 0);
    }

    #[test]
    fn sum_adds_bests_certain_lows_and_possible_highs() {
        // value 4 + 3 + 7; low 4 + 3; high 6 + 3 + 3 + 9.
        let t = tally(Fold::Sum, &Bulk::default(), items()).unwrap();
        assert_eq!((t.value, t.low, t.high), (14.0, Some(7.0), Some(21.0)));
        assert_eq!(t.without_figure, 1);
    }

    #[test]
    fn an_empty_sum_is_zero() {
        assert_eq!(tally_of(Fold::Sum, &[]), (0.0, Some(0.0), Some(0.0)));
        assert_eq!(tally_of(Fold::Count, &[]), (0.0, Some(0.0), Some(0.0)));
        // −0 equals 0 above, but would be printed as `-0`.
        let t = tally(Fold::Sum, &Bulk::default(), Vec::new()).unwrap();
        assert!(t.value.is_sign_positive() && t.low.is_some_and(f64::is_sign_positive));
    }

    #[test]
    fn max_takes_the_greatest_certain_low_and_possible_high() {
        // value max(4, 3, 7); low max(4, 3); high max(6, 3, 3, 9).
        assert_eq!(tally_of(Fold::Max, &items()), (7.0, Some(4.0), Some(9.0)));
    }

    #[test]
    fn max_with_nothing_certain_has_a_low_of_zero() {
        let only_maybe = [
            item(Maybe, true, Some((5.0, 7.0, 9.0))),
            item(Maybe, false, Some((1.0, 2.0, 12.0))),
        ];
        assert_eq!(
            tally_of(Fold::Max, &only_maybe),
            (7.0, Some(0.0), Some(12.0))
        );
    }

    #[test]
    fn min_takes_the_least_possible_low_and_certain_high() {
        // value min(4, 3, 7); low min(4, 3, 1, 5); high min(6, 3).
        assert_eq!(tally_of(Fold::Min, &items()), (3.0, Some(1.0), Some(3.0)));
    }

    #[test]
    fn min_with_nothing_certain_is_unbounded_above() {
        let only_maybe = [item(Maybe, true, Some((5.0, 7.0, 9.0)))];
        assert_eq!(tally_of(Fold::Min, &only_maybe), (7.0, Some(5.0), None));
    }

    /// The bulk part of in-scope incidents at their best with these
    /// figures, or none.
    fn bulk(readings: &[Option<(f64, f64, f64)>]) -> Bulk {
        let mut bulk = Bulk {
            incidents: readings.len(),
            ..Bulk::default()
        };
        for &(low, best, high) in readings.iter().flatten() {
            bulk.figured += 1;
            for (extent, v) in [
                (&mut bulk.low, low),
                (&mut bulk.best, best),
                (&mut bulk.high, high),
            ] {
                extent.sum += v;
                extent.max = Some(extent.max.map_or(v, |m| m.max(v)));
                extent.min = Some(extent.min.map_or(v, |m| m.min(v)));
            }
        }
        bulk
    }

    #[test]
    fn a_bulk_part_folds_as_its_incidents_in_and_at_best() {
        let readings = [
            Some((2.0, 3.0, 5.0)),
            None,
            Some((0.0, 1.0, 1.0)),
            Some((6.0, 6.0, 8.0)),
        ];
        let one_by_one: Vec<Item> = readings
            .iter()
            .map(|r| item(In, true, *r))
            .chain(items())
            .collect();
        for fold in [Fold::Count, Fold::Sum, Fold::Max, Fold::Min] {
            let counted = |items: Vec<Item>| {
                items
                    .into_iter()
                    .map(|i| Item {
                        reading: i.reading.filter(|_| fold != Fold::Count),
                        ..i
                    })
                    .collect::<Vec<_>>()
            };
            let together = tally(fold, &bulk(&readings), counted(items()));
            let apart = tally(fold, &Bulk::default(), counted(one_by_one.clone()));
            assert_eq!(together, apart, "{fold:?}");
        }
        // value 3 + 1 + 6 + 14; without a figure: one in the bulk, one item.
        let t = tally(Fold::Sum, &bulk(&readings), items()).unwrap();
        assert_eq!((t.value, t.without_figure), (24.0, 2));
    }

    #[test]
    fn a_bulk_part_alone_gives_max_and_min_a_value() {
        let only = bulk(&[Some((1.0, 2.0, 3.0)), None]);
        assert_eq!(
            tally(Fold::Min, &only, Vec::new()).map(|t| (t.value, t.low, t.high)),
            Some((2.0, Some(1.0), Some(3.0)))
        );
        // Without a figure there is no greatest.
        assert_eq!(tally(Fold::Max, &bulk(&[None, None]), Vec::new()), None);
        let t = tally(Fold::Count, &bulk(&[None, None]), Vec::new()).unwrap();
        assert_eq!(
            (t.value, t.low, t.high, t.without_figure),
            (2.0, Some(2.0), Some(2.0), 0)
        );
    }

    #[test]
    fn max_and_min_over_no_match_have_no_value() {
        let none_at_best = [
            item(Maybe, false, Some((1.0, 2.0, 3.0))),
            item(In, true, None),
        ];
        assert_eq!(tally(Fold::Max, &Bulk::default(), none_at_best), None);
        assert_eq!(tally(Fold::Min, &Bulk::default(), none_at_best), None);
        assert_eq!(tally(Fold::Max, &Bulk::default(), Vec::new()), None);
    }
}
