//! Posting lists of the incidents whose figure certainly passes a
//! threshold, so that a claim with a measure condition (`deadly
//! incidents in 2024`, `deaths in 2023 where deaths >= 5`) can fold most
//! of its incidents a block at a time (`blocks`) rather than read each
//! one. An incident whose low, over every value on offer, passes a test
//! `> t` or `>= t` passes it whatever the sources say; the list of those
//! incidents, in date order, is a sequence that blocks are built over, as
//! over a posting list.
//!
//! A list is kept per measure and threshold, but thresholds that no
//! incident's low tells apart share one: the list of `≥ t` is the list
//! of `≥ l`, where l is the least low that passes the test, so `> 0` and
//! `≥ 1` over whole numbers are one list, and so are `≥ 2.5` and `≥ 3`
//! where no low lies between. At most `KEPT` lists are kept per measure;
//! a claim whose threshold finds no room has none, and is evaluated one
//! incident at a time. Only tests that every value from some positive one
//! on passes have lists (`> 0`, `≥ 0.5`, not `≥ 0`): so each list holds
//! only incidents with a low above 0, no more than the `> 0` rung of the
//! measure's `thresholds` (4 bytes an incident, and about as much again
//! for its blocks of each measure folded), and the lists take at most
//! `KEPT` times that. Claims write few distinct thresholds, mostly small
//! whole numbers, whose lists shrink fast as the threshold grows: the
//! ACLED benchmark's 1 to 9 and `deadly` are nine lists, the longest
//! two fifths of the incidents and most under a tenth.
//!
//! The store only sorts what it is given: an incident's low comes from a
//! function of evaluation's, so the rules of the claim language stay
//! there. The lists are built the first time a claim asks, and kept, like
//! the store's other memos (`index`); claims evaluated in parallel find a
//! list, or a free place for it, without a lock.

use super::blocks::Blocked;
use super::intern::Sym;
use super::store::{IncidentRef, Store};
use super::thresholds::{ABOVE_ZERO, Rung};
use std::sync::OnceLock;

/// How many lists one measure keeps at most.
pub(super) const KEPT: usize = 16;

/// One measure's lists, as the store keeps them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SureLists {
    /// The distinct lows above 0, in increasing order, once a claim has
    /// asked.
    lows: OnceLock<Vec<f64>>,
    /// The lists, each in the first place free when it was asked for.
    kept: [OnceLock<Sure>; KEPT],
}

/// The incidents whose low is at least `least`, and the blocks over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Sure {
    least: f64,
    list: Blocked,
}

impl Sure {
    /// The positions of the incidents whose low passes the test, in
    /// order.
    pub fn list(&self) -> &[u32] {
        self.list.list()
    }

    /// The list, with its blocks.
    pub fn blocked(&self) -> &Blocked {
        &self.list
    }

    fn build(store: &Store, least: f64, low: &impl Fn(IncidentRef) -> Option<f64>) -> Sure {
        let list: Vec<u32> = store
            .iter()
            .filter(|&inc| low(inc).is_some_and(|l| l >= least))
            .map(|inc| inc.position() as u32)
            .collect();
        Sure {
            least,
            list: Blocked::new(store, list),
        }
    }
}

impl Store {
    /// The incidents whose low for `measure` is above `least` (or equals
    /// it, where `inclusive`), built the first time anyone asks, and kept.
    /// `low` gives an incident's least value on offer (`None`: it has no
    /// figure); every caller must give the same. `None` where the test
    /// passes a value of 0 or below (or `least` is NaN), where no low
    /// passes it, for a measure no figure has, and where the measure's
    /// lists are all taken by other thresholds.
    pub fn sure(
        &self,
        measure: Sym,
        least: f64,
        inclusive: bool,
        low: impl Fn(IncidentRef) -> Option<f64>,
    ) -> Option<&Sure> {
        if !ABOVE_ZERO.below(least, inclusive) {
            return None;
        }
        let lists = self.index.sure.get(&measure)?;
        let lows = lists.lows.get_or_init(|| {
            let mut lows: Vec<f64> = self.iter().filter_map(&low).filter(|&l| l > 0.0).collect();
            lows.sort_unstable_by(f64::total_cmp);
            lows.dedup();
            lows
        });
        // The test passes every low from the first it passes on, and no
        // low of 0 or below: the list is that of the least low passing it.
        let test = Rung {
            threshold: least,
            inclusive,
        };
        let least = *lows.get(lows.partition_point(|&l| !test.reached_by(l)))?;
        lists
            .kept
            .iter()
            .map(|place| place.get_or_init(|| Sure::build(self, least, &low)))
            .find(|sure| sure.least == least)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::daily;
    use crate::dataset::{BLOCK, Sequence};

    /// `n` incidents, one a day, each with a `deaths` figure whose low
    /// `low` gives for its position.
    fn store(n: usize) -> Store {
        daily(n, |_| true)
    }

    /// Lows 0, 0.5, 1, …, 4.5 by position, and none for every eleventh.
    fn low(inc: IncidentRef) -> Option<f64> {
        let p = inc.position();
        (p % 11 != 10).then_some((p % 10) as f64 / 2.0)
    }

    fn deaths(store: &Store) -> Sym {
        store.strings().lookup("deaths").unwrap()
    }

    /// The positions the test passes, one by one.
    fn passing(store: &Store, least: f64, inclusive: bool) -> Vec<u32> {
        let test = Rung {
            threshold: least,
            inclusive,
        };
        let passes = |inc: &IncidentRef| low(*inc).is_some_and(|l| test.reached_by(l));
        let incidents = store.iter().filter(passes);
        incidents.map(|inc| inc.position() as u32).collect()
    }

    #[test]
    fn a_list_holds_the_incidents_whose_low_passes_the_test() {
        let store = store(300);
        let deaths = deaths(&store);
        let thresholds = [0.0, 0.25, 0.5, 1.0, 2.2, 2.5, 4.0, 4.5];
        for least in thresholds {
            for inclusive in [true, false] {
                let sure = store.sure(deaths, least, inclusive, low);
                if least == 0.0 && inclusive {
                    assert!(sure.is_none());
                    continue;
                }
                let expected = passing(&store, least, inclusive);
                if expected.is_empty() {
                    assert!(sure.is_none(), "{least} {inclusive}");
                    continue;
                }
                let sure = sure.unwrap();
                assert_eq!(sure.list(), expected, "{least} {inclusive}");
                assert!(sure.list().is_sorted_by(|a, b| a < b));
            }
        }
        // `> 4.5` passes no low.
        assert_eq!(passing(&store, 4.5, false), [] as [u32; 0]);
    }

    #[test]
    fn thresholds_no_low_tells_apart_share_a_list() {
        let store = store(100);
        let deaths = deaths(&store);
        let list = |least, inclusive| {
            let sure = store.sure(deaths, least, inclusive, low).unwrap();
            std::ptr::from_ref(sure)
        };
        // Lows go in halves: `> 0`, `>= 0.2` and `>= 0.5` are one list,
        // `> 0.5` and `>= 1` another.
        assert_eq!(list(0.0, false), list(0.2, true));
        assert_eq!(list(0.0, false), list(0.5, true));
        assert_eq!(list(0.5, false), list(1.0, true));
        assert_ne!(list(0.5, true), list(1.0, true));
        let kept = store.index.sure.get(&deaths).unwrap();
        assert_eq!(kept.kept.iter().filter(|p| p.get().is_some()).count(), 2);
    }

    #[test]
    fn tests_passing_zero_or_nan_have_no_list() {
        let store = store(30);
        let deaths = deaths(&store);
        assert!(store.sure(deaths, 0.0, true, low).is_none());
        assert!(store.sure(deaths, -1.0, false, low).is_none());
        assert!(store.sure(deaths, f64::NAN, false, low).is_none());
        let unknown = Sym::from_index(store.strings().len()).unwrap();
        assert!(store.sure(unknown, 1.0, true, low).is_none());
    }

    #[test]
    fn a_measure_keeps_a_bounded_number_of_lists() {
        // Lows 1 to 40: each whole threshold is a list of its own.
        let store = store(40);
        let deaths = deaths(&store);
        let low = |inc: IncidentRef| Some(inc.position() as f64 + 1.0);
        let kept: Vec<usize> = (1..=40)
            .filter_map(|t| store.sure(deaths, t as f64, true, low))
            .map(|sure| sure.list().len())
            .collect();
        assert_eq!(kept, (25..=40).rev().collect::<Vec<usize>>());
        // Thresholds already kept are still found.
        assert_eq!(
            store.sure(deaths, 3.0, true, low).map(|s| s.list().len()),
            Some(38)
        );
    }

    #[test]
    fn blocks_over_a_list_fold_as_its_incidents() {
        let store = store(10 * BLOCK);
        let sure = store.sure(deaths(&store), 2.0, true, low).unwrap();
        let offered = |inc: IncidentRef, seen: &mut dyn FnMut(usize)| {
            seen(0);
            low(inc).map(|l| [l, l, l])
        };
        let all = 0..store.len();
        let aggregates = store
            .blocks_kept(None, sure.blocked(), &all, offered)
            .unwrap();
        assert_eq!(aggregates.sequence(), Sequence::List(sure.list()));
        let mut reports = vec![0; 1];
        let bulk = aggregates.over(0..sure.list().len(), &mut reports);
        assert_eq!(bulk.incidents, sure.list().len());
        assert_eq!(reports, [sure.list().len()]);
        // Lows 2 to 4.5 in halves, six in ten of the incidents with a
        // figure: more than a claim needs for blocks.
        assert!(sure.list().len() > 5 * BLOCK);
        assert!(
            store
                .blocks_kept(None, sure.blocked(), &(0..100), offered)
                .is_none()
        );
    }
}
