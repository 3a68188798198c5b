//! Posting lists by how high a measure's figure can go, so that a claim
//! with a measure condition (`where deaths >= 3`, `deadly incidents`)
//! reads only the incidents whose figure can reach its threshold rather
//! than every incident its window reaches. For each rung of a ladder of
//! thresholds, the incidents whose high reaches it, in date order: lists
//! in date order, not one ordering by high, because a window cuts such a
//! list into one slice (`candidates::within`).
//!
//! The ladder is `> 0`, then `≥` 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, …
//! (2^k and 3·2^(k−1)), up to the first threshold above every high. A
//! test `≥ a` takes the highest rung at or below a, and reads the
//! incidents between the two for nothing. Counts are small whole numbers
//! and the thresholds claims write are mostly below ten, so each of 1 to
//! 4 has a rung of its own; above, each rung is at most half again the
//! one before, so a rung stands for thresholds up to 1.5 times its own,
//! and a heavy-tailed measure has few incidents in such a gap. `> 0` is
//! a rung of its own, for `deadly` and for thresholds below 1.
//!
//! A rung is kept only where it holds at most three quarters of the
//! incidents of the last rung kept below it (`> 0` always is): so the
//! lists together hold at most four times the incidents with a high
//! above 0, whatever the figures, and a rung that would hardly narrow a
//! claim (`≥ 1` over whole numbers, which is `> 0`) costs nothing. A test
//! takes the highest kept rung at or below its threshold.
//!
//! The store only sorts what it is given: an incident's high comes from a
//! function of evaluation's, so the rules of the claim language stay
//! there. Each measure's lists are built once per dataset, the first time
//! a claim asks, and kept, like the store's other memos (`index`).

use super::intern::Sym;
use super::store::{IncidentRef, Store};

/// One measure's lists, as the store keeps them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Thresholds {
    /// The rungs kept, from the lowest, each with the positions of the
    /// incidents whose high reaches it.
    rungs: Vec<(Rung, Vec<u32>)>,
}

/// A threshold a high reaches by exceeding it, or also by equalling it
/// where `inclusive`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rung {
    pub(super) threshold: f64,
    pub(super) inclusive: bool,
}

/// The lowest rung, which every positive high reaches.
pub(super) const ABOVE_ZERO: Rung = Rung {
    threshold: 0.0,
    inclusive: false,
};

impl Rung {
    pub(super) fn reached_by(self, high: f64) -> bool {
        high > self.threshold || (self.inclusive && high == self.threshold)
    }

    /// Whether every value from `least` on (above it, unless `inclusive`)
    /// reaches the rung.
    pub(super) fn below(self, least: f64, inclusive: bool) -> bool {
        least > self.threshold || (least == self.threshold && (self.inclusive || !inclusive))
    }
}

/// The thresholds above `> 0`, from 1 up: 1, 2, 3, 4, 6, 8, 12, …, each
/// exact in an `f64`.
fn ladder() -> impl Iterator<Item = f64> {
    (0..1024)
        .flat_map(|k| {
            let power = 2f64.powi(k);
            [power, 1.5 * power]
        })
        .filter(|&t| t != 1.5 && t.is_finite())
}

impl Thresholds {
    fn build(store: &Store, high: &impl Fn(IncidentRef) -> Option<f64>) -> Thresholds {
        let highs = || {
            store
                .iter()
                .filter_map(|inc| Some((inc.position() as u32, high(inc)?)))
        };
        let top = highs().fold(0.0, |top: f64, (_, h)| top.max(h));
        let mut rungs = vec![ABOVE_ZERO];
        for threshold in ladder() {
            rungs.push(Rung {
                threshold,
                inclusive: true,
            });
            if threshold > top {
                break;
            }
        }
        // How many highs reach each rung: counted by the highest rung
        // each reaches, then added up from the top down.
        let reached = |h: f64| rungs.partition_point(|r| r.reached_by(h));
        let mut highest = vec![0usize; rungs.len() + 1];
        for (_, h) in highs() {
            if let Some(n) = highest.get_mut(reached(h)) {
                *n += 1;
            }
        }
        let mut reaching: Vec<usize> = (highest.iter().skip(1).rev())
            .scan(0, |above, n| {
                *above += n;
                Some(*above)
            })
            .collect();
        reaching.reverse();
        // The rungs kept, by their place on the ladder, with their counts.
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (i, &n) in reaching.iter().enumerate() {
            if kept
                .last()
                .is_none_or(|&(_, last)| n < last && 4 * n <= 3 * last)
            {
                kept.push((i, n));
            }
        }
        let mut lists: Vec<Vec<u32>> = kept.iter().map(|&(_, n)| Vec::with_capacity(n)).collect();
        for (position, h) in highs() {
            let reached = reached(h);
            let reached_kept = lists
                .iter_mut()
                .zip(&kept)
                .take_while(|(_, (i, _))| *i < reached);
            for (list, _) in reached_kept {
                list.push(position);
            }
        }
        Thresholds {
            rungs: kept
                .iter()
                .zip(lists)
                .filter_map(|(&(i, _), list)| Some((*rungs.get(i)?, list)))
                .collect(),
        }
    }

    /// The incidents, in date order, whose high can lie from `least` on
    /// (above it, unless `inclusive`): those reaching the highest rung
    /// that every such value reaches. `None` where no rung is below them
    /// all: `least` below 0, or 0 included, or NaN.
    pub fn at_least(&self, least: f64, inclusive: bool) -> Option<&[u32]> {
        let below = self
            .rungs
            .partition_point(|(rung, _)| rung.below(least, inclusive));
        let (_, list) = self.rungs.get(below.checked_sub(1)?)?;
        Some(list)
    }
}

impl Store {
    /// The posting lists of `measure` by high, built the first time
    /// anyone asks, and kept. `high` gives an incident's greatest value on
    /// offer (`None`: it has no figure); every caller must give the same.
    /// `None` for a measure no figure has.
    pub fn thresholds(
        &self,
        measure: Sym,
        high: impl Fn(IncidentRef) -> Option<f64>,
    ) -> Option<&Thresholds> {
        let once = self.index.thresholds.get(&measure)?;
        Some(once.get_or_init(|| Thresholds::build(self, &high)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::daily;

    /// `n` incidents, one a day, the first with a `deaths` figure so that
    /// the store knows the measure.
    fn store(n: usize) -> Store {
        daily(n, |i| i == 0)
    }

    fn deaths(store: &Store) -> Sym {
        store.strings().lookup("deaths").unwrap()
    }

    /// The highs of eleven incidents, by position.
    const HIGHS: [Option<f64>; 11] = [
        None,
        Some(0.0),
        Some(0.5),
        Some(1.0),
        Some(2.0),
        Some(2.5),
        Some(3.0),
        Some(5.0),
        Some(7.0),
        Some(12.0),
        Some(100.0),
    ];

    fn high(inc: IncidentRef) -> Option<f64> {
        HIGHS.get(inc.position()).copied().flatten()
    }

    #[test]
    fn a_test_takes_the_highest_rung_kept_below_it() {
        let store = store(HIGHS.len());
        let thresholds = store.thresholds(deaths(&store), high).unwrap();
        let at_least =
            |least, inclusive| thresholds.at_least(least, inclusive).map(<[u32]>::to_vec);
        // Nine highs are above 0; ≥ 1 holds eight and ≥ 2 seven, too
        // many to keep; ≥ 3 holds five.
        let positive: Vec<u32> = (2..11).collect();
        assert_eq!(at_least(0.0, false), Some(positive.clone()));
        assert_eq!(at_least(2.0, true), Some(positive.clone()));
        assert_eq!(at_least(2.5, true), Some(positive));
        assert_eq!(at_least(3.0, true), Some(vec![6, 7, 8, 9, 10]));
        // ≥ 4 holds four of the five, so `> 3` takes ≥ 3 too.
        assert_eq!(at_least(3.0, false), Some(vec![6, 7, 8, 9, 10]));
        assert_eq!(at_least(7.0, true), Some(vec![8, 9, 10]));
        // Above 100, the first threshold above every high holds none.
        assert_eq!(at_least(100.0, true), Some(vec![10]));
        assert_eq!(at_least(1e6, true), Some(vec![]));
    }

    #[test]
    fn no_rung_is_below_zero_included() {
        let store = store(HIGHS.len());
        let thresholds = store.thresholds(deaths(&store), high).unwrap();
        assert_eq!(thresholds.at_least(0.0, true), None);
        assert_eq!(thresholds.at_least(-1.0, false), None);
        assert_eq!(thresholds.at_least(f64::NAN, true), None);
    }

    #[test]
    fn every_high_from_a_threshold_on_is_listed() {
        // Highs from 0 to 40 in steps of a quarter, and one huge one.
        let n = 200;
        let store = store(n);
        let high = |inc: IncidentRef| match inc.position() {
            7 => Some(1e300),
            p => Some((p % 161) as f64 / 4.0),
        };
        let thresholds = store.thresholds(deaths(&store), high).unwrap();
        for least in (0..170).map(|q| q as f64 / 4.0).chain([1e300, 2e300]) {
            for inclusive in [true, false] {
                let Some(listed) = thresholds.at_least(least, inclusive) else {
                    assert_eq!((least, inclusive), (0.0, true));
                    continue;
                };
                assert!(listed.is_sorted_by(|a, b| a < b), "{least}");
                let reaching = store.iter().filter(|&i| {
                    let h = high(i).unwrap_or_default();
                    h > least || (inclusive && h == least)
                });
                for inc in reaching {
                    assert!(listed.contains(&(inc.position() as u32)), "{least}");
                }
            }
        }
        // The lists hold at most four times the highs above 0.
        let held: usize = thresholds.rungs.iter().map(|(_, list)| list.len()).sum();
        assert!(held <= 4 * (n - 2), "{held}");
        // Each rung kept holds at most three quarters of the one below;
        // the last, the first threshold above 1e300, holds none.
        let kept: Vec<(f64, usize)> = (thresholds.rungs.iter())
            .map(|(r, list)| (r.threshold, list.len()))
            .collect();
        let thresholds: Vec<f64> = kept.iter().map(|&(t, _)| t).collect();
        assert_eq!(
            thresholds.get(..6),
            Some(&[0.0, 8.0, 16.0, 24.0, 32.0, 48.0][..])
        );
        assert!(kept.windows(2).all(|w| 4 * w[1].1 <= 3 * w[0].1));
        assert!(
            kept.last()
                .is_some_and(|&(t, n)| t > 1e300 && t < 2e300 && n == 0)
        );
    }

    #[test]
    fn highs_all_alike_are_one_list() {
        let store = store(50);
        let thresholds = store.thresholds(deaths(&store), |_| Some(1e300)).unwrap();
        let held: usize = thresholds.rungs.iter().map(|(_, list)| list.len()).sum();
        assert_eq!(held, 50);
        assert_eq!(thresholds.at_least(1e300, true).map(<[u32]>::len), Some(50));
    }

    #[test]
    fn lists_are_kept_per_measure() {
        let store = store(HIGHS.len());
        let first = store.thresholds(deaths(&store), high).unwrap().clone();
        // Once built, the lists stay what the first caller gave.
        let kept = store.thresholds(deaths(&store), |_| None).unwrap();
        assert_eq!(kept, &first);
        assert!(kept.at_least(0.0, false).is_some_and(|l| !l.is_empty()));
        let unknown = Sym::from_index(store.strings().len()).unwrap();
        assert!(store.thresholds(unknown, high).is_none());
    }
}
