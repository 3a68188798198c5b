//! The incidents a query must look at: a superset of those in or maybe
//! in its scope, found from the dataset's index rather than by reading
//! every incident, so that a claim costs in proportion to the incidents
//! it can be about. Which incidents are in, out or maybe is still decided
//! by `scope`, incident by incident, exactly as it would be over all.
//!
//! Why the candidates hold every incident in or maybe in scope: an
//! incident is in or maybe only if each of these holds (spec §6.1, and
//! Kleene's `and`, whose value is out as soon as one part is out):
//!
//! - its date is not out: its period meets the window, so it starts no
//!   later than the window's end and no earlier than the window's start
//!   less the longest period of the dataset (`Store::reaching`);
//! - with `in "X"`, a place field's text, or an item of its list, equals X
//!   case aside, and so has X's fold key (`Store::holding`);
//! - with `according to`, a listed source reported it
//!   (`Store::reported_by`);
//! - every part of the top-level `and` of `where` (and `deadly`'s test) is
//!   not out; for a field test, out means it does not hold, and
//!   `field = "x"` holds only where the field's text (or a list item)
//!   equals x case aside; `field in ("x", "y")` only where it equals one
//!   of them; `field contains "x"` only where the text, lowercased, holds
//!   x, or a list item equals it — and an item equal to x holds x;
//! - for a measure test (`where deaths >= 3`, `deadly`'s `deaths > 0`),
//!   out means that the incident has no figure, or that its range
//!   `[low, high]` misses the test's truth set (`condition::measured`). A
//!   set with a least end a (`>`, `>=`, `=`; `TruthSet::floor`) is missed
//!   by every range whose high is below a (or is a, for `> a`), so an
//!   incident in or maybe has a high from a on (above a, for `> a`). That
//!   high is over the values on offer: under `according to` only the
//!   listed sources' reports, fewer than the incident's own figure and
//!   every report, so it is at most the high over all of them
//!   (`Measure::high`). So the incidents whose high over all of them
//!   reaches a threshold that every value from a on (above a) reaches —
//!   `≥ t` for t ≤ a, or `> 0` for a > 0 or `> 0` itself — include it
//!   (`Store::thresholds`). `!=`, `<` and `<=` bound nothing from below.
//!   The test reads the whole measure even where the claim folds one
//!   group of it with `of`.
//!
//! So the incidents meeting the window, and any of these conditions,
//! include all those in or maybe in scope; the candidates are those of the
//! condition that leaves the fewest, less those that another condition's
//! lists do not hold (where those lists are short enough to walk).

use super::condition::Cond;
use super::field::{FieldTest, Literal};
use super::figure::Measure;
use super::scope::Scope;
use super::truth::Bound;
use crate::ast::Op;
use crate::dataset::{ColumnId, Dataset, Store, held, within};
use std::borrow::Cow;
use std::ops::Range;

/// Positions in the store, in date order.
#[derive(Debug, Clone, PartialEq)]
pub enum Candidates<'a> {
    /// Every incident that meets the window.
    Reaching(Range<usize>),
    /// Those of them that one necessary condition leaves.
    Listed(Cow<'a, [u32]>),
}

impl Candidates<'_> {
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        let (range, listed) = match self {
            Candidates::Reaching(range) => (range.clone(), &[][..]),
            Candidates::Listed(listed) => (0..0, listed.as_ref()),
        };
        range.chain(listed.iter().map(|&p| p as usize))
    }
}

/// The candidates of a query's scope.
pub fn candidates<'a>(scope: &Scope<'_>, ds: &'a Dataset) -> Candidates<'a> {
    let store = &ds.incidents;
    let reaching = store.reaching(scope.window());
    let mut conditions: Vec<Vec<&[u32]>> = Vec::new();
    if let Some((place, columns)) = scope.place() {
        conditions.push(
            columns
                .iter()
                .map(|&c| store.holding(c, place.key))
                .collect(),
        );
    }
    if let Some(listed) = scope.sources.listed() {
        conditions.push(listed.iter().map(|&s| store.reported_by(s)).collect());
    }
    if let Some(condition) = scope.condition() {
        necessary(condition, store, &mut conditions);
    }
    let mut counted: Vec<(usize, Vec<&[u32]>)> = conditions
        .into_iter()
        .map(|lists| {
            let within: Vec<&[u32]> = lists.iter().map(|l| within(l, &reaching)).collect();
            let count: usize = within.iter().map(|l| l.len()).sum();
            (count, within)
        })
        .collect();
    counted.sort_by_key(|(count, _)| *count);
    let mut counted = counted.into_iter();
    let Some((count, fewest)) = counted.next().filter(|(count, _)| *count < reaching.len()) else {
        return Candidates::Reaching(reaching);
    };
    let mut listed = union(fewest);
    // Each other condition narrows them further where its lists are short
    // enough: walking a list costs a nanosecond a position, reading a
    // candidate that is then left out a hundred (it is far in memory).
    for (more, lists) in counted {
        if listed.is_empty() || more > NARROWING * count {
            break;
        }
        listed = Cow::Owned(held(&listed, &lists));
    }
    Candidates::Listed(listed)
}

/// How many times longer than the candidates the lists of another
/// condition may be and still be walked to narrow them.
const NARROWING: usize = 64;

/// The posting lists of each part of the top-level `and` that the index
/// can answer: any of an entry's lists is enough for a part to hold.
fn necessary<'a>(condition: &Cond<'_>, store: &'a Store, out: &mut Vec<Vec<&'a [u32]>>) {
    match condition {
        Cond::All(all) => {
            for c in all {
                necessary(c, store, out);
            }
        }
        Cond::Field { column, test } => {
            if let Some(lists) = holding(*column, test, store) {
                out.push(lists);
            }
        }
        Cond::Measure { measure, set, .. } => {
            if let Some(list) = set.floor().and_then(|f| high_enough(measure, f, store)) {
                out.push(vec![list]);
            }
        }
        Cond::Any(_) | Cond::Not(_) => {}
    }
}

/// Where a measure test can be in or maybe, if the index can say: the
/// incidents whose high can reach `floor`, the least end of its truth
/// set.
pub(super) fn high_enough<'a>(
    measure: &Measure,
    floor: Bound,
    store: &'a Store,
) -> Option<&'a [u32]> {
    store
        .thresholds(measure.sym(), |inc| measure.high(inc))?
        .at_least(floor.value, floor.closed)
}

/// Where a field test can hold, if the index can say.
fn holding<'a>(column: ColumnId, test: &FieldTest, store: &'a Store) -> Option<Vec<&'a [u32]>> {
    let text = |value: &Literal| match value {
        Literal::Text(text) => Some(store.holding(column, text.key)),
        Literal::Num(_) | Literal::Bool(_) => None,
    };
    match test {
        FieldTest::Compare(Op::Eq, value) => Some(vec![text(value)?]),
        FieldTest::Compare(..) => None,
        FieldTest::Among(values) => values.iter().map(text).collect(),
        FieldTest::Contains(needle) => Some(store.holding_any(column, |spelling| {
            spelling.to_lowercase().contains(&needle.lowercase)
        })),
    }
}

/// The positions in any of the lists, in order, each once.
fn union(lists: Vec<&[u32]>) -> Cow<'_, [u32]> {
    match lists.as_slice() {
        [] => Cow::Borrowed(&[]),
        [one] => Cow::Borrowed(one),
        _ => {
            let mut all: Vec<u32> = lists.concat();
            all.sort_unstable();
            all.dedup();
            Cow::Owned(all)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Claim;
    use crate::dataset::BLOCK;
    use crate::eval::Context;
    use crate::eval::query::Plan;
    use crate::eval::testing::{dataset, day, generated};
    use crate::eval::tri::Tri;
    use crate::parse::parse_claim;

    /// The candidates of a claim's query against the test dataset, as of
    /// 12 January 2026, and the incidents in or maybe in its scope.
    fn found(claim: &str) -> (Vec<usize>, Vec<usize>) {
        let ds = dataset();
        let (_, claim) = parse_claim(claim).unwrap();
        let query = match &claim {
            Claim::Compare { query, .. } | Claim::Include { query, .. } => query,
            Claim::Fact { .. } => panic!("not a query"),
        };
        let window = crate::date::window(&query.time, Some(day(2026, 1, 12))).unwrap();
        let scope = Scope::resolve(query, window, &ds).unwrap();
        let candidates = candidates(&scope, &ds).positions().collect();
        let in_scope = ds
            .incidents
            .iter()
            .filter(|i| scope.read(*i).0 != Tri::Out)
            .map(|i| i.position())
            .collect();
        (candidates, in_scope)
    }

    // Positions in date order: 0 the Sughd range, 1 the Khatlon clash,
    // 2 the Afghan incident, 3 the GBAO shelling, 4 the Khatlon raid.

    #[test]
    fn a_window_is_the_run_of_incidents_that_can_meet_it() {
        // The Sughd range starts in October but reaches into November.
        assert_eq!(
            found("incidents since November = 5"),
            (vec![0, 1, 2, 3, 4], vec![0, 1, 2, 3, 4])
        );
        // The longest period, GBAO's December, reaches back 30 days: the
        // Sughd range ends long before.
        assert_eq!(
            found("incidents in December 2025 = 1"),
            (vec![1, 2, 3], vec![3])
        );
        assert_eq!(found("incidents in 2026 = 1").1, [4]);
    }

    #[test]
    fn a_place_takes_its_posting_list_whatever_the_case() {
        assert_eq!(
            found("incidents in \"KHATLON\" = 2"),
            (vec![1, 4], vec![1, 4])
        );
        assert_eq!(found("incidents in \"Dushanbe\" = 0"), (vec![], vec![]));
    }

    #[test]
    fn a_source_takes_the_incidents_it_reported() {
        assert_eq!(found("incidents according to UN = 1"), (vec![0], vec![0]));
        let (candidates, in_scope) = found("incidents per UN, Khovar = 3");
        assert_eq!((candidates, in_scope), (vec![0, 1, 4], vec![0, 1, 4]));
    }

    #[test]
    fn field_tests_of_the_top_level_and_narrow_the_candidates() {
        let shelling = "deaths where type = \"Shelling\" and deaths > 0 = 3";
        assert_eq!(found(shelling), (vec![3], vec![3]));
        let among = "deadly incidents where region in (\"gbao\", \"SUGHD\") = 2";
        assert_eq!(found(among), (vec![0, 3], vec![0, 3]));
        let contains = "incidents where actors contains \"jamaat ansarullah\" = 1";
        assert_eq!(found(contains), (vec![1], vec![1]));
        let text = "incidents where type contains \"CLASH\" = 4";
        assert_eq!(found(text), (vec![0, 1, 2, 4], vec![0, 1, 2, 4]));
    }

    #[test]
    fn tests_that_are_not_necessary_leave_the_window() {
        // Neither side of `or`, nor `not`, nor `!=`, must hold.
        let all = vec![0, 1, 2, 3, 4];
        for claim in [
            "incidents where region = \"GBAO\" or type = \"raid\" = 1",
            "incidents where not region = \"GBAO\" = 4",
            "incidents where region != \"GBAO\" = 4",
            "incidents where deaths < 3 = 2",
            "incidents where deaths != 3 = 2",
            "incidents where not deaths < 3 = 2",
            "incidents where deaths >= 3 or region = \"GBAO\" = 2",
            "incidents where deaths in (3, 6) = 2",
            "incidents where deaths >= 0 = 4",
        ] {
            let (candidates, in_scope) = found(claim);
            assert_eq!(candidates, all, "{claim}");
            assert!(in_scope.iter().all(|p| candidates.contains(p)), "{claim}");
        }
    }

    #[test]
    fn every_condition_narrows_the_candidates() {
        // Armed clashes: 0, 1, 2 and 4; in Tajikistan: 0, 1, 3 and 4.
        let both = "incidents where type = \"armed clash\" and country = \"Tajikistan\" = 3";
        assert_eq!(found(both), (vec![0, 1, 4], vec![0, 1, 4]));
        let place = "incidents in \"Tajikistan\" where type in (\"shelling\", \"raid\") = 1";
        assert_eq!(found(place), (vec![3], vec![3]));
    }

    #[test]
    fn measure_tests_take_the_incidents_whose_high_can_reach_them() {
        // deaths by position: 1–3, 4–6, 0, 3, none. Three highs are above
        // 0, one from 4 on, none from 8 on: the rungs kept.
        let deadly = "deadly incidents = 3";
        assert_eq!(found(deadly), (vec![0, 1, 3], vec![0, 1, 3]));
        let at_least = "incidents where deaths >= 3 = 2";
        assert_eq!(found(at_least), (vec![0, 1, 3], vec![0, 1, 3]));
        let above = "incidents where deaths > 4.5 and type = \"armed clash\" = 1";
        assert_eq!(found(above), (vec![1], vec![1]));
        let equal = "max deaths where deaths = 6 = 6";
        assert_eq!(found(equal), (vec![1], vec![1]));
        assert_eq!(found("incidents where deaths > 10 = 0"), (vec![], vec![]));
        // Khovar alone says 4 for the clash: the high over every report
        // still lists it.
        let khovar = "incidents where deaths >= 4 according to Khovar = 1";
        assert_eq!(found(khovar), (vec![1], vec![1]));
    }

    /// Measure tests of every kind, with a bound below and without,
    /// alone and with other parts.
    const MEASURED: [&str; 16] = [
        "",
        " where deaths >= 3",
        " where deaths > 0",
        " where deaths > 2.5",
        " where deaths >= 0.5",
        " where deaths = 4",
        " where deaths = 7.5",
        " where deaths = 0",
        " where deaths >= 0",
        " where deaths < 4",
        " where deaths != 2",
        " where deaths in (3, 8)",
        " where not deaths < 3",
        " where deaths >= 12 or region = \"north\"",
        " where deaths >= 6 and region = \"south\"",
        " where deaths > 1 and deaths <= 9 and deaths > 20",
    ];

    #[test]
    fn measure_tests_leave_every_incident_in_or_maybe_and_the_outcome() {
        let windows = [
            "",
            " in March 2024",
            " between 2024-05-03 and 2024-05-20",
            " since June 2025",
        ];
        let folds = ["incidents", "deadly incidents", "deaths", "max deaths"];
        let sources = ["", " according to a", " per b, c"];
        for (seed, halves) in [(7, false), (0x5eed, true), (1_000_003, false), (41, true)] {
            let ds = generated(seed, 2 * BLOCK, halves);
            let ctx = Context {
                dataset: &ds,
                as_of: Some(day(2026, 1, 1)),
                tolerance: 5.0,
            };
            let (mut narrowed, mut maybe) = (0, 0);
            for fold in folds {
                for window in windows {
                    for condition in MEASURED {
                        for according in sources {
                            let text = format!("{fold}{window}{condition}{according} >= 3");
                            let (_, claim) = parse_claim(&text).unwrap();
                            let Claim::Compare { query, comparison } = &claim else {
                                panic!("{text} compares");
                            };
                            let window = crate::date::window(&query.time, ctx.as_of).unwrap();
                            let plan = Plan::compare(query, comparison, window, &ctx).unwrap();
                            let candidates: Vec<usize> =
                                candidates(&plan.scope, &ds).positions().collect();
                            for inc in ds.incidents.iter() {
                                let in_scope = plan.scope.read(inc).0 != Tri::Out;
                                let listed = candidates.binary_search(&inc.position()).is_ok();
                                assert!(listed || !in_scope, "{text}: {}", inc.position());
                            }
                            let outcome = plan.evaluate_each();
                            let over_all = plan.evaluate_over(0..ds.incidents.len());
                            assert_eq!(outcome, over_all, "{text}");
                            let reaching = ds.incidents.reaching(&window).len();
                            narrowed += usize::from(candidates.len() < reaching);
                            maybe += outcome.map_or(0, |o| o.maybe.len());
                        }
                    }
                }
            }
            // Most claims here are narrowed, and reports disagree enough
            // to leave incidents maybe.
            assert!(narrowed > 500, "{seed}: {narrowed}");
            assert!(maybe > 10_000, "{seed}: {maybe}");
        }
    }

    #[test]
    fn the_fewest_candidates_win() {
        // Tajikistan holds four incidents; Sughd one.
        let (candidates, _) = found("incidents in \"Tajikistan\" where region = \"Sughd\" = 1");
        assert_eq!(candidates, [0]);
        let (candidates, _) = found("incidents in \"Sughd\" where country = \"Tajikistan\" = 1");
        assert_eq!(candidates, [0]);
    }
}
