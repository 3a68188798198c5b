//! A fast path for the query claims whose scope is a date window alone
//! (`deaths since November 2024 >= 26`, `incidents in 2021 >= 300`): no
//! place, no `where`, not `deadly`, no `according to`, no `of`, not
//! `include`. Over a global dataset such a claim has hundreds of
//! thousands of incidents in scope, and reading each one's figure and
//! reports is what a check spends its time on. Here most of them are
//! folded a block at a time from the store's per-block aggregates
//! (`dataset::blocks`), and only the few incidents whose scope is in
//! doubt are read one by one, by the general path's own code.
//!
//! Why the outcome is exactly the general path's (`Plan::evaluate_each`):
//!
//! - With the window alone in scope, an incident's membership is its
//!   date's, and it matches at its best when its middle day is inside the
//!   window (spec §6.1, §6.3). A precise incident, dated by one day, is
//!   therefore in for certain and at its best when that day is inside the
//!   window, and out otherwise. The precise incidents in are exactly the
//!   precise ones among those that start inside the window
//!   (`Store::starting`); those go to the blocks.
//! - Every imprecise incident that can meet the window is among the
//!   window's reach (`Store::reaching`): those go through `Plan::members`
//!   and are read as the general path reads them.
//! - What each incident offers — its figure and the reports on offer by
//!   source — is `Plan::offered`, the general path's `offer_of`, for the
//!   blocks and for the incidents read one by one alike; the blocks only
//!   add it up.
//! - The fold (`aggregate::tally`) takes the blocks' part as a count, a
//!   sum, a greatest and a least of in-scope incidents at their best.
//!   Counts add whole numbers. Sums, maxima and minima are taken here
//!   only when every figure the measure offers is a whole number not
//!   below +0 and all of them add up to less than 2^53 (`whole`): then
//!   every partial sum is exact, so adding in another order gives the
//!   same number to the last bit, and no −0 can make a greatest or a
//!   least depend on the order. Otherwise the general path evaluates the
//!   claim.
//! - The incidents in for certain are listed in position order, merging
//!   the precise run with the imprecise incidents found in; those maybe
//!   in scope are all imprecise, in the members' order.

use super::aggregate::{Fold, tally};
use super::candidates::within;
use super::query::{Judged, Member, Plan, positions, range};
use super::tri::Tri;
use super::{EvalError, Outcome, Positions};
use crate::dataset::IncidentRef;
use std::ops::Range;

/// The plan's outcome from the store's blocks; `None` where the claim's
/// scope is more than a window, or its fold might depend on the order of
/// adding, and the general path must evaluate it.
pub fn evaluate(plan: &Plan) -> Option<Result<Outcome, EvalError>> {
    let set = plan.window_only()?;
    let fold = plan.fold();
    let ds = plan.dataset();
    let store = &ds.incidents;
    let offered = |inc: IncidentRef<'_>, seen: &mut dyn FnMut(usize)| plan.offered(inc, seen);
    let aggregates = store.blocks(plan.measure_sym(), offered)?;
    if fold != Fold::Count && !aggregates.whole() {
        return None;
    }
    let window = plan.window();
    let starting = store.starting(window);
    let imprecise = within(store.imprecise(), &store.reaching(window));
    let members = plan.members(imprecise.iter().map(|&p| p as usize));
    let mut reports = vec![0; ds.sources.len()];
    let bulk = aggregates.over(starting.clone(), &mut reports);
    let items = plan.items(&members, None, &mut reports);
    let Some(tally) = tally(fold, &bulk, items) else {
        return Some(Err(plan.no_match()));
    };
    let judged = Judged {
        verdict: set.verdict(&range(&tally)),
        tally,
        groups: Vec::new(),
        reports,
    };
    let incidents = in_order(starting, imprecise, &members);
    let maybe = positions(&members, Tri::Maybe).collect();
    Some(Ok(plan.outcome(judged, incidents, maybe)))
}

/// The positions in scope for certain, in order: those in `starting`
/// except the `imprecise` ones, and the members that are in. The precise
/// incidents are the runs between imprecise ones, so the listing costs
/// as many steps as there are imprecise incidents, not positions.
fn in_order(starting: Range<usize>, imprecise: &[u32], members: &[Member]) -> Positions {
    let mut found = positions(members, Tri::In).peekable();
    let mut incidents = Positions::default();
    let mut start = starting.start;
    let skipped = imprecise.iter().map(|&p| p as usize);
    // No member lies inside a run: the members are imprecise.
    for gap in skipped
        .filter(|p| starting.contains(p))
        .chain([starting.end])
    {
        while let Some(member) = found.next_if(|&m| m < start) {
            incidents.push(member);
        }
        incidents.extend_run(start..gap);
        while let Some(member) = found.next_if(|&m| m <= gap) {
            incidents.push(member);
        }
        start = gap + 1;
    }
    incidents.extend(found);
    incidents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Aggregate, Op, Query};
    use crate::dataset::{BLOCK, Dataset};
    use crate::date::Window;
    use crate::eval::Context;
    use crate::eval::testing::{Dice, FIRST, day, generated, named, op, query};
    use chrono::{Days, NaiveDate};

    fn aggregates() -> [Aggregate; 4] {
        [
            Aggregate::Incidents,
            Aggregate::Sum(named("deaths")),
            Aggregate::Max(named("deaths")),
            Aggregate::Min(named("deaths")),
        ]
    }

    /// Windows from whole years to single days, open at either end or
    /// both, meeting the data's start and end, and beyond it.
    fn windows(dice: &mut Dice) -> Vec<Window> {
        let first = day(FIRST.0, FIRST.1, FIRST.2);
        let at = |days: u64| Some(first + Days::new(days));
        let mut windows = vec![
            Window {
                from: None,
                to: None,
            },
            Window {
                from: at(365),
                to: None,
            },
            Window {
                from: None,
                to: at(200),
            },
            Window {
                from: at(800),
                to: at(900),
            },
            Window {
                from: Some(first - Days::new(30)),
                to: at(5),
            },
        ];
        for _ in 0..40 {
            let from = dice.below(760);
            let length = [0, 1, 6, 30, 90, 365][dice.below(6) as usize];
            windows.push(Window {
                from: at(from),
                to: at(from + length),
            });
        }
        windows
    }

    type Evaluated = Result<Outcome, EvalError>;

    /// For every fold and window, the fast path's outcome and the general
    /// path's; `None` for the fast path where it declined.
    fn both(ds: &Dataset, seed: u64) -> Vec<(String, Option<Evaluated>, Evaluated)> {
        let ctx = Context {
            dataset: ds,
            as_of: None,
            tolerance: 5.0,
        };
        let mut dice = Dice(seed);
        let mut found = Vec::new();
        for aggregate in aggregates() {
            let q = query(aggregate);
            for window in windows(&mut dice) {
                let comparison = op(Op::Ge, dice.below(200) as f64);
                let plan = Plan::compare(&q, &comparison, window, &ctx).unwrap();
                let name = format!("{:?} {window:?}", q.aggregate.node);
                found.push((name, evaluate(&plan), plan.evaluate_each()));
            }
        }
        found
    }

    #[test]
    fn the_fast_path_gives_the_general_paths_outcome() {
        for seed in [7, 1_000_003, 0x5eed] {
            let ds = generated(seed, 5 * BLOCK + 40, false);
            assert!(ds.incidents.imprecise().len() > BLOCK / 2);
            let mut errors = 0;
            for (name, fast, general) in both(&ds, seed) {
                assert_eq!(fast.as_ref(), Some(&general), "{name}");
                errors += usize::from(general.is_err());
            }
            // Some windows hold no incident with a figure: max and min
            // are errors there, on both paths.
            assert!(errors > 0, "{seed}");
        }
    }

    #[test]
    fn the_outcomes_hold_incidents_of_every_kind() {
        // A year's window: its lists hold precise and imprecise incidents
        // in, imprecise ones maybe, and sources with their reports.
        let ds = generated(11, 5 * BLOCK, false);
        let ctx = Context {
            dataset: &ds,
            as_of: None,
            tolerance: 5.0,
        };
        let q = query(Aggregate::Sum(named("deaths")));
        let year = Window {
            from: Some(day(2024, 3, 1)),
            to: Some(day(2025, 2, 28)),
        };
        let plan = Plan::compare(&q, &op(Op::Ge, 1.0), year, &ctx).unwrap();
        let fast = evaluate(&plan).unwrap().unwrap();
        let imprecise = ds.incidents.imprecise();
        let is_imprecise = |p: usize| imprecise.contains(&(p as u32));
        assert!(fast.incidents.len() > 2 * BLOCK);
        assert!(fast.incidents.iter().any(is_imprecise));
        assert!(!fast.maybe.is_empty() && fast.maybe.iter().all(is_imprecise));
        assert!(fast.without_figure > 0);
        assert_eq!(fast.sources.len(), 4);
        assert!(fast.incidents.iter().is_sorted());
        assert_eq!(Ok(fast), plan.evaluate_each());
    }

    #[test]
    fn halves_leave_sums_and_extremes_to_the_general_path() {
        let ds = generated(3, 3 * BLOCK, true);
        for (name, fast, general) in both(&ds, 3) {
            if name.starts_with("Incidents") {
                assert_eq!(fast, Some(general), "{name}");
            } else {
                assert_eq!(fast, None, "{name}");
            }
        }
    }

    #[test]
    fn only_a_window_alone_takes_the_fast_path() {
        let ds = generated(5, 2 * BLOCK, false);
        let ctx = Context {
            dataset: &ds,
            as_of: None,
            tolerance: 5.0,
        };
        let window = Window {
            from: Some(day(2024, 6, 1)),
            to: None,
        };
        let fast = |q: &Query| {
            let plan = Plan::compare(q, &op(Op::Ge, 1.0), window, &ctx).unwrap();
            evaluate(&plan).is_some()
        };
        assert!(fast(&query(Aggregate::Incidents)));
        assert!(!fast(&query(Aggregate::DeadlyIncidents)));
        let mut according = query(Aggregate::Incidents);
        according.sources = vec![named("a")];
        assert!(!fast(&according));
        let mut place = query(Aggregate::Incidents);
        place.place = Some(named("x"));
        assert!(!fast(&place));
    }

    #[test]
    fn in_order_merges_the_precise_run_with_the_members_in() {
        let member = |position: u32, membership| Member::new(position, membership, true);
        let members = [
            member(1, Tri::In),
            member(4, Tri::Maybe),
            member(5, Tri::In),
            member(9, Tri::In),
        ];
        // 1, 4, 5 and 9 are imprecise; 3..8 start inside the window.
        assert_eq!(in_order(3..8, &[1, 4, 5, 9], &members), [1, 3, 5, 6, 7, 9]);
        assert_eq!(in_order(3..3, &[1], &members[..1]), [1]);
    }

    #[test]
    fn an_empty_window_is_zero_or_an_error() {
        let ds = generated(9, BLOCK, false);
        let ctx = Context {
            dataset: &ds,
            as_of: None,
            tolerance: 5.0,
        };
        let before: Option<NaiveDate> = Some(day(2020, 1, 1));
        let window = Window {
            from: before,
            to: before,
        };
        let sum = query(Aggregate::Sum(named("deaths")));
        let plan = Plan::compare(&sum, &op(Op::Eq, 0.0), window, &ctx).unwrap();
        let o = evaluate(&plan).unwrap().unwrap();
        assert_eq!((o.value, o.incidents.len(), o.sources.len()), (0.0, 0, 0));
        let max = query(Aggregate::Max(named("deaths")));
        let plan = Plan::compare(&max, &op(Op::Eq, 0.0), window, &ctx).unwrap();
        assert!(evaluate(&plan).unwrap().is_err());
    }
}
