//! A fast path for the query claims whose scope is a date window, alone
//! (`deaths since November 2024 >= 26`), with one posting list: a place
//! (`incidents in 2021 in "Khatlon" >= 30`) or one text equality
//! (`deaths in 2023 where region = "GBAO" >= 5`), with several of these
//! at once (`deaths in 2024 in "Khatlon" where type = "Riots" >= 3`), or
//! with a measure's floor (`deadly incidents in May 2025 = 333`, `max
//! deaths in 2024 where deaths >= 3 = 8`); no `according to`, no `of`,
//! not `include`. Over a global dataset such a claim has thousands to
//! hundreds of thousands of incidents in scope, and reading each one's
//! figure and reports is what a check spends its time on. Here most of
//! them are folded a block at a time from per-block aggregates
//! (`dataset::blocks`) over the store, a posting list, the intersection
//! of several (`Store::intersection`), or the list of the incidents that
//! certainly pass the floor, and only the incidents whose scope is in
//! doubt are read one by one, by the general path's own code.
//!
//! Why the list holds exactly the incidents that the place or the
//! equality lets in (`Scope::listed`, spec §6.1: both are in or out, never
//! maybe):
//!
//! - `field = "x"` holds of an incident (`field::compare`) where the field
//!   is a text that `Folded::is` "x", or a list with an item that is; a
//!   number, a boolean or an absent field never equals a text. `in "X"`
//!   holds (`Scope::in_place`) where any place field holds such a text or
//!   item. `Folded::is` a text means: the text's fold key is X's, and its
//!   lowercase form is X's.
//! - `Store::holding(column, key)` lists, once each and in date order,
//!   the incidents whose field holds a text, or a list item, with that
//!   fold key; numbers and booleans are never in it. Every such text is
//!   one of the key's spellings (`Store::spellings`).
//! - So where `Folded::is` holds of every spelling of X's key in the
//!   column, the column's list is exactly the incidents the equality lets
//!   in: each has a text with the key, which is X case aside; each
//!   incident with such a text has the key. Otherwise (texts merely
//!   sharing the key) the general path evaluates the claim.
//! - For a place, where only one of the place fields holds a text with
//!   the key at all, an incident in any other place field's list is in
//!   none, so that one field's list is exactly the incidents in the
//!   place. Where several hold it, the general path evaluates the claim.
//! - A place and equalities joined by `and` (`Listed::Intersection`):
//!   each is in or out, never maybe, and Kleene's `and` of such values is
//!   in exactly where every one is. So the incidents in are those that
//!   every one of the lists holds, each list being exact as above: the
//!   lists' intersection, once each and in date order.
//!
//! What a floor gives (`Listed::Floor`: a `where`, with `deadly`'s
//! `deaths > 0`, made of tests `> t` or `>= t` of one measure, and of
//! nothing else but, joined by `and`, a place and text equalities). Its
//! sequence is the list of the sure incidents (`Store::sure`): those
//! whose low, over the own figure and every report (spec §6.2, the same
//! numbers `condition` reads without `according to`), passes the
//! tightest of the tests; with a place or equalities, the part of it
//! that their lists hold (`Store::floored`), and the rung list below is
//! cut the same way.
//!
//! - With a place or equalities, each of them is in or out, never maybe,
//!   and exactly where its list holds the incident (above); Kleene's
//!   `and` is out where one part is out, and otherwise takes the measure
//!   tests' value. So an incident outside any of the lists is out, and
//!   one inside all of them is in, maybe or out, and matches at its best,
//!   as it would be with the measure tests alone: what follows holds of
//!   the lists' part of each list.
//!
//! - A test `> t` or `>= t` passes every value beyond one it passes
//!   (`TruthSet::ray`). So an incident's range `[low, high]` lies wholly
//!   in the test's set exactly where its low passes, and then the test is
//!   in (`condition::measured`); its best, not below its low, passes too,
//!   so it matches at its best. An `and` of such tests is in, and matches
//!   at its best, where each is and does, and each passes what the
//!   tightest passes. So a sure incident is in by its condition and
//!   matches at its best, and its scope is its date's, as for a window
//!   alone (below): a precise sure incident starting inside the window is
//!   in for certain and at its best, and goes to the blocks; one starting
//!   before is out.
//! - Every incident in or maybe in scope has a high that reaches the
//!   tightest floor: the `and` is out where that test is, and the test is
//!   out where the range lies below its floor. Those incidents are all in
//!   the rung list of that floor (`candidates::high_enough`) within the
//!   window's reach (`candidates`' proof); a sure incident is there too,
//!   its high not below its low. So the incidents read one by one are
//!   those of the rung list within the reach that are not sure, or are
//!   sure and imprecise (`one_by_one`): with the blocks', every incident
//!   that can be in or maybe, each once. Those not sure may be precise.
//! - The incidents read one by one are not all of the sequence: sums,
//!   maxima and minima are taken only where every figure the measure
//!   offers over the whole store is whole (the store's blocks' `whole`,
//!   below), which holds of every incident read.
//!
//! Why the outcome is then exactly the general path's
//! (`Plan::evaluate_each`), with "the sequence" the whole store for a
//! window alone, and the list otherwise; an incident outside the list is
//! out of scope, or for a floor read one by one:
//!
//! - An incident of the sequence is in scope as its date is, and matches
//!   at its best when its middle day is inside the window (spec §6.1,
//!   §6.3). A precise incident, dated by one day, is therefore in for
//!   certain and at its best when that day is inside the window, and out
//!   otherwise. The precise incidents in are exactly the precise ones
//!   among the sequence's positions that start inside the window
//!   (`Store::starting`); those go to the blocks.
//! - Every imprecise incident of the sequence that can meet the window is
//!   among the window's reach (`Store::reaching`): those go through
//!   `Plan::members` and are read as the general path reads them.
//! - What each incident offers — its figure and the reports on offer by
//!   source — is `Plan::offered`, the general path's `offer_of`, for the
//!   blocks and for the incidents read one by one alike; the blocks only
//!   add it up.
//! - The fold (`aggregate::tally`) takes the blocks' part as a count, a
//!   sum, a greatest and a least of in-scope incidents at their best.
//!   Counts add whole numbers. Sums, maxima and minima are taken here
//!   only when every figure the measure offers, over the sequence, is a
//!   whole number not below +0 and all of them add up to less than 2^53
//!   (`whole`): then every partial sum is exact, so adding in another
//!   order gives the same number to the last bit, and no −0 can make a
//!   greatest or a least depend on the order. Otherwise the general path
//!   evaluates the claim.
//! - The incidents in for certain are listed in position order, merging
//!   the precise run with the incidents read one by one found in (none
//!   lies inside a run: those of the sequence are imprecise, and a list's
//!   runs are one position each); those maybe in scope are all read one
//!   by one, in the members' order, which is the positions'.
//!
//! A list shorter than a few blocks has none, and a claim whose window
//! holds less than a few blocks of its list does not build them
//! (`Store::blocks_holding`, `Store::blocks_kept`): folding those
//! incidents one by one costs as much, and the general path does that.
//! So does a claim whose floor has no list kept (`dataset::sure`).

use super::aggregate::{Fold, tally};
use super::candidates::high_enough;
use super::query::{Judged, Member, Plan, positions, range};
use super::scope::Listed;
use super::tri::Tri;
use super::{EvalError, Outcome, Positions};
use crate::dataset::{Floored, IncidentRef, KeptList, LONG, Sequence, within};
use std::borrow::Cow;
use std::ops::Range;

/// The plan's outcome from the store's blocks; `None` where the claim's
/// scope is more than a window and one posting list, its list is too
/// short for blocks, or its fold might depend on the order of adding, and
/// the general path must evaluate it.
pub fn evaluate(plan: &Plan) -> Option<Result<Outcome, EvalError>> {
    let (set, listed) = plan.listed()?;
    let fold = plan.fold();
    let ds = plan.dataset();
    let store = &ds.incidents;
    let offered = |inc: IncidentRef<'_>, seen: &mut dyn FnMut(usize)| plan.offered(inc, seen);
    let measure = plan.measure_sym();
    let window = plan.window();
    let starting = store.starting(window);
    let reach = store.reaching(window);
    // An intersection is kept apart from the store, for as long as the
    // claim folds it.
    let both = match &listed {
        Listed::Intersection(texts) => Some(store.intersection(texts)?),
        _ => None,
    };
    // A floor's sure incidents, with their blocks, and its candidates:
    // those that can be in or maybe; with texts, the parts of both that
    // the texts' lists hold, made and kept as intersections are.
    let floored = match &listed {
        Listed::Floor {
            measure: tested,
            floor,
            texts,
        } => {
            let (sym, at, closed) = (tested.sym(), floor.value, floor.closed);
            let low = |inc: IncidentRef<'_>| tested.low(inc);
            let sure = store.sure(sym, at, closed, low)?.blocked();
            let reaching = high_enough(tested, *floor, store)?;
            let cut = match texts[..] {
                [] => None,
                _ => Some((
                    store.floored(Floored::sure(sym, at, closed), sure.list(), texts, LONG)?,
                    store.floored(Floored::reaching(sym, at, closed), reaching, texts, 0)?,
                )),
            };
            Some((sure, reaching, cut))
        }
        _ => None,
    };
    let (aggregates, reaching, kept) = match listed {
        Listed::All => (store.blocks(measure, offered)?, None, None),
        Listed::Holding { column, key } => (
            store.blocks_holding(measure, column, key, &starting, offered)?,
            None,
            Some(store.holding_kept(column, key)),
        ),
        Listed::Intersection(_) => {
            let both = both.as_deref()?;
            (
                store.blocks_kept(measure, both, &starting, offered)?,
                None,
                Some(both.kept().clone()),
            )
        }
        Listed::Floor { .. } => {
            let (sure, reaching, cut) = floored.as_ref()?;
            let (sure, reaching) = match cut {
                Some((sure, reaching)) => (sure.as_ref(), reaching.list()),
                None => (*sure, *reaching),
            };
            (
                store.blocks_kept(measure, sure, &starting, offered)?,
                Some(within(reaching, &reach)),
                Some(sure.kept().clone()),
            )
        }
    };
    if fold != Fold::Count {
        // Incidents off the sequence are read too: then every number the
        // store offers must be whole.
        let whole = match reaching {
            None => aggregates.whole(),
            Some(_) => store.blocks(measure, offered).is_some_and(|b| b.whole()),
        };
        if !whole {
            return None;
        }
    }
    let sequence = aggregates.sequence();
    let starting = sequence.entries(&starting);
    let imprecise = sequence.imprecise(store, &reach);
    let read = match (reaching, sequence) {
        (Some(reaching), Sequence::List(sure)) => {
            Cow::Owned(one_by_one(reaching, within(sure, &reach), &imprecise))
        }
        _ => Cow::Borrowed(imprecise.as_ref()),
    };
    let members = plan.members(read.iter().map(|&p| p as usize));
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
    let kept =
        kept.filter(|k| matches!(sequence, Sequence::List(l) if std::ptr::eq(l, k.positions())));
    let incidents = in_order(sequence, kept, starting, &imprecise, &members);
    let maybe = positions(&members, Tri::Maybe).collect();
    Some(Ok(plan.outcome(judged, incidents, maybe)))
}

/// The candidates to read one by one: those off the `sequence`, and its
/// `imprecise` ones. All three are in order, and the candidates hold
/// every position of the sequence that is not left out for certain.
fn one_by_one(candidates: &[u32], sequence: &[u32], imprecise: &[u32]) -> Vec<u32> {
    let mut listed = sequence.iter().peekable();
    let mut skipped = imprecise.iter().peekable();
    let mut read = candidates.to_vec();
    read.retain(|p| {
        while listed.next_if(|&q| q < p).is_some() {}
        while skipped.next_if(|&q| q < p).is_some() {}
        listed.peek() != Some(&p) || skipped.peek() == Some(&p)
    });
    read
}

/// The positions in scope for certain, in order: those of the sequence's
/// `entries` except the `imprecise` ones, and the members that are in,
/// none of which lies inside a run but at an imprecise position. The
/// precise incidents are kept as runs between imprecise ones, so a window
/// of the store is listed in as many steps as it has imprecise incidents,
/// and so is a window of a `kept` list, the sequence's own, as runs of
/// its entries.
fn in_order(
    sequence: Sequence,
    kept: Option<KeptList>,
    entries: Range<usize>,
    imprecise: &[u32],
    members: &[Member],
) -> Positions {
    let mut found = positions(members, Tri::In).peekable();
    // The entry each imprecise incident has, or would have, in the
    // sequence: the entries before it.
    let entry_of = |p: u32| sequence.entries(&(0..p as usize)).end;
    let mut skipped = imprecise.iter().map(|&p| entry_of(p)).peekable();
    let mut incidents = Positions::default();
    let mut start = entries.start;
    while start < entries.end {
        while skipped.next_if(|&e| e < start).is_some() {}
        let gap = skipped.peek().copied().filter(|&e| e < entries.end);
        let end = gap.unwrap_or(entries.end);
        if let Some(first) = sequence.positions(start..start + 1).next() {
            while let Some(member) = found.next_if(|&m| m < first) {
                incidents.push(member);
            }
        }
        match &kept {
            Some(list) => incidents.extend_entries(list, start..end),
            None => sequence
                .runs(start..end)
                .for_each(|run| incidents.extend_run(run)),
        }
        start = end + 1;
    }
    incidents.extend(found);
    incidents
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Aggregate, Claim, Condition, Op, Query, Spanned, Value};
    use crate::dataset::{BLOCK, Dataset};
    use crate::date::Window;
    use crate::eval::Context;
    use crate::eval::Piece;
    use crate::eval::testing::{Dice, FIRST, day, generated, named, op, query};
    use crate::parse::parse_claim;
    use chrono::NaiveDate;

    fn aggregates() -> [Aggregate; 4] {
        [
            Aggregate::Incidents,
            Aggregate::Sum(named("deaths")),
            Aggregate::Max(named("deaths")),
            Aggregate::Min(named("deaths")),
        ]
    }

    /// A window from and to the days so many after the data's first day
    /// (before it, where negative).
    fn days_in(from: Option<i64>, to: Option<i64>) -> Window {
        let first = day(FIRST.0, FIRST.1, FIRST.2);
        let at = |days: i64| first.checked_add_signed(chrono::TimeDelta::days(days));
        Window {
            from: from.and_then(at),
            to: to.and_then(at),
        }
    }

    /// Windows from whole years to single days, open at either end or
    /// both, meeting the data's start and end, and beyond it.
    fn windows(dice: &mut Dice) -> Vec<Window> {
        let fixed = [
            (None, None),
            (Some(365), None),
            (None, Some(200)),
            (Some(800), Some(900)),
            (Some(-30), Some(5)),
        ];
        let random = (0..40).map(|_| {
            let from = dice.below(760) as i64;
            let length = [0, 1, 6, 30, 90, 365][dice.below(6) as usize];
            (Some(from), Some(from + length))
        });
        let all = fixed.into_iter().chain(random);
        all.map(|(from, to)| days_in(from, to)).collect()
    }

    /// Windows of well over a year, open at either end or not: each holds
    /// more than `LONG` incidents of a list of a third of `24 * BLOCK`.
    fn long_windows(dice: &mut Dice) -> Vec<Window> {
        let fixed = [(None, None), (Some(100), None), (None, Some(600))];
        let random = (0..12).map(|_| {
            let from = dice.below(200) as i64;
            (Some(from), Some(from + 450 + dice.below(200) as i64))
        });
        let all = fixed.into_iter().chain(random);
        all.map(|(from, to)| days_in(from, to)).collect()
    }

    type Evaluated = Result<Outcome, EvalError>;

    /// For every fold and window that `windows` gives, the fast path's
    /// outcome and the general path's, for the query that `scoped` makes
    /// of each fold; `None` for the fast path where it declined.
    fn both(
        ds: &Dataset,
        seed: u64,
        scoped: impl Fn(Aggregate) -> Query,
        windows: fn(&mut Dice) -> Vec<Window>,
    ) -> Vec<(String, Option<Evaluated>, Evaluated)> {
        let ctx = Context {
            dataset: ds,
            as_of: None,
            tolerance: 5.0,
        };
        let mut dice = Dice(seed);
        let mut found = Vec::new();
        for aggregate in aggregates() {
            let q = scoped(aggregate);
            for window in windows(&mut dice) {
                let comparison = op(Op::Ge, dice.below(200) as f64);
                let plan = Plan::compare(&q, &comparison, window, &ctx).unwrap();
                let name = format!("{:?} {window:?}", q.aggregate.node);
                found.push((name, evaluate(&plan), plan.evaluate_each()));
            }
        }
        found
    }

    /// Whether `listed` holds its incidents as runs of a list's entries:
    /// broken by the imprecise ones, which the generated data has many
    /// of, and fewer than half as many runs as incidents, where a list's
    /// scattered positions would be nearly a run each.
    fn listed_by_entries(listed: &Positions) -> bool {
        let pieces = listed.pieces().count();
        listed.is_empty() || (listed.list().is_some() && 2 * pieces < listed.len())
    }

    /// The query a test makes of each fold.
    type Scoped = Box<dyn Fn(Aggregate) -> Query>;

    /// `aggregate in "place"`.
    fn in_place(place: &'static str) -> Scoped {
        Box::new(move |aggregate| Query {
            place: Some(named(place)),
            ..query(aggregate)
        })
    }

    /// `aggregate where field op value`.
    fn field(field: &'static str, op: Op, value: Value) -> Scoped {
        Box::new(move |aggregate| Query {
            condition: Some(Condition::Compare {
                field: named(field),
                op,
                value: Spanned {
                    node: value.clone(),
                    span: Default::default(),
                },
            }),
            ..query(aggregate)
        })
    }

    fn text(text: &str) -> Value {
        Value::Str(text.to_string())
    }

    #[test]
    fn the_fast_path_gives_the_general_paths_outcome() {
        for seed in [7, 1_000_003, 0x5eed] {
            let ds = generated(seed, 5 * BLOCK + 40, false);
            assert!(ds.incidents.imprecise().len() > BLOCK / 2);
            let mut errors = 0;
            for (name, fast, general) in both(&ds, seed, query, windows) {
                assert_eq!(fast.as_ref(), Some(&general), "{name}");
                errors += usize::from(general.is_err());
            }
            // Some windows hold no incident with a figure: max and min
            // are errors there, on both paths.
            assert!(errors > 0, "{seed}");
        }
    }

    #[test]
    fn a_place_or_a_text_equality_gives_the_general_paths_outcome() {
        let ds = generated(7, 24 * BLOCK, false);
        let scopes: [(&str, Scoped); 5] = [
            ("in alpha", in_place("alpha")),
            ("in North", in_place("North")),
            ("region", field("region", Op::Eq, text("SOUTH"))),
            ("actors", field("actors", Op::Eq, text("militia"))),
            ("kind", field("kind", Op::Eq, text("RAID"))),
        ];
        for (scope, scoped) in scopes {
            let (mut taken, mut maybe) = (0, 0);
            for (name, fast, general) in both(&ds, 7, scoped, long_windows) {
                assert_eq!(fast.as_ref(), Some(&general), "{scope} {name}");
                if let Some(Ok(fast)) = &fast {
                    assert!(listed_by_entries(&fast.incidents), "{scope} {name}");
                }
                taken += 1;
                maybe += usize::from(general.is_ok_and(|o| !o.maybe.is_empty()));
            }
            assert_eq!(taken, 4 * 15, "{scope}");
            // Windows that imprecise incidents straddle.
            assert!(maybe > 0, "{scope}");
        }
    }

    #[test]
    fn a_short_run_of_a_list_takes_the_general_path() {
        // Alpha's list holds about 1,400 incidents over two years: a
        // window of a year or less holds less than `LONG` of them.
        let ds = generated(19, 16 * BLOCK, false);
        let mut found = [0; 2];
        for (name, fast, general) in both(&ds, 19, in_place("alpha"), windows) {
            match fast {
                Some(fast) => assert_eq!(fast, general, "{name}"),
                None => assert!(!name.contains("from: None, to: None"), "{name}"),
            }
            found[usize::from(general.is_ok_and(|o| o.incidents.len() > 400))] += 1;
        }
        // Windows of few incidents and windows of many.
        assert!(found[0] > 0 && found[1] > 0);
    }

    #[test]
    fn a_place_in_several_fields_or_a_short_list_takes_the_general_path() {
        let ds = generated(13, 24 * BLOCK, false);
        // "Beta" is a country and, rarely, a region; "p7" a place of few
        // incidents; `kind = 7` and `!=` are not text equalities.
        for scoped in [
            in_place("beta"),
            in_place("p7"),
            field("place", Op::Eq, text("p7")),
            field("kind", Op::Eq, Value::Num(7.0)),
            field("region", Op::Ne, text("North")),
        ] {
            let mut found = 0;
            for (name, fast, general) in both(&ds, 13, scoped, long_windows) {
                assert_eq!(fast, None, "{name}");
                found += general.map_or(0, |o| o.incidents.len());
            }
            assert!(found > 0);
        }
    }

    #[test]
    fn a_list_without_halves_sums_where_the_store_cannot() {
        // Gamma's figures go in halves: sums over Alpha's list are whole,
        // over Gamma's and the whole store's not.
        let ds = generated(17, 24 * BLOCK, true);
        let found = |scoped: Scoped| {
            let mut taken = [0; 2];
            for (name, fast, general) in both(&ds, 17, scoped, long_windows) {
                if let Some(fast) = fast {
                    assert_eq!(fast, general, "{name}");
                    taken[usize::from(name.starts_with("Incidents"))] += 1;
                }
            }
            taken
        };
        // Sums, maxima and minima, and counts, that the fast path took.
        assert_eq!(found(in_place("Alpha")), [3 * 15, 15]);
        let gamma = field("country", Op::Eq, text("gamma"));
        assert_eq!(found(gamma), [0, 15]);
        assert_eq!(found(Box::new(query)), [0, 15]);
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
        for (name, fast, general) in both(&ds, 3, query, windows) {
            if name.starts_with("Incidents") {
                assert_eq!(fast, Some(general), "{name}");
            } else {
                assert_eq!(fast, None, "{name}");
            }
        }
    }

    #[test]
    fn deadly_according_to_or_a_place_nowhere_take_the_general_path() {
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
        // Too few incidents are deadly for certain to gain from blocks.
        assert!(!fast(&query(Aggregate::DeadlyIncidents)));
        let mut according = query(Aggregate::Incidents);
        according.sources = vec![named("a")];
        assert!(!fast(&according));
        let mut place = query(Aggregate::Incidents);
        place.place = Some(named("x"));
        assert!(!fast(&place));
    }

    /// Each claim's fast outcome and general one, as of the end of 2025;
    /// `None` where the fast path declined.
    fn claimed(ds: &Dataset, claims: &[String]) -> Vec<Option<(Evaluated, Evaluated)>> {
        let ctx = Context {
            dataset: ds,
            as_of: Some(day(2025, 12, 31)),
            tolerance: 5.0,
        };
        let parsed: Vec<Claim> = claims
            .iter()
            .map(|text| parse_claim(text).unwrap().1)
            .collect();
        parsed
            .iter()
            .map(|claim| {
                let Claim::Compare { query, comparison } = claim else {
                    panic!("{claim:?} compares");
                };
                let window = crate::date::window(&query.time, ctx.as_of).unwrap();
                let plan = Plan::compare(query, comparison, window, &ctx).unwrap();
                evaluate(&plan).map(|fast| (fast, plan.evaluate_each()))
            })
            .collect()
    }

    /// Claims of every fold over long windows with the measure tests of
    /// `conditions`, `where` alone or with `deadly`, against numbers that
    /// pass, fail or leave them disputed.
    fn floor_claims(conditions: &[&str], according: &str) -> Vec<String> {
        let folds = [
            "incidents",
            "deadly incidents",
            "deaths",
            "max deaths",
            "min deaths",
            "max injuries",
        ];
        let windows = [
            "",
            " since 2024-03-10",
            " between 2024-02-01 and 2025-10-15",
            " in 2024",
            " before 2025-09-01",
        ];
        let mut claims = Vec::new();
        for fold in folds {
            for window in windows {
                for condition in conditions {
                    let number = [">= 3", "between 900 and 1200"][claims.len() % 2];
                    claims.push(format!("{fold}{window}{condition}{according} {number}"));
                }
            }
        }
        claims
    }

    /// Floors whole and not, at rungs of the thresholds' ladder and
    /// between, `>` and `>=`, and two of them at once.
    const FLOORS: [&str; 13] = [
        "",
        " where injuries >= 2",
        " where deaths > 0",
        " where deaths >= 1",
        " where deaths >= 3",
        " where deaths > 3",
        " where deaths >= 5",
        " where deaths > 4.5",
        " where deaths >= 0.5",
        " where deaths >= 7",
        " where deaths >= 11",
        " where deaths >= 2 and deaths > 5",
        " where deaths > 1 and deaths >= 1.5",
    ];

    #[test]
    fn a_measure_floor_gives_the_general_paths_outcome() {
        for seed in [7, 0x5eed] {
            let ds = generated(seed, 24 * BLOCK, false);
            let claims = floor_claims(&FLOORS, "");
            let (mut taken, mut maybe) = (0, 0);
            for (claim, both) in claims.iter().zip(claimed(&ds, &claims)) {
                if let Some((fast, general)) = both {
                    assert_eq!(fast, general, "{seed} {claim}");
                    let floor = claim.contains(" where deaths") || claim.starts_with("deadly");
                    if let (true, Ok(fast)) = (floor, &fast) {
                        assert!(listed_by_entries(&fast.incidents), "{seed} {claim}");
                    }
                    taken += 1;
                    maybe += usize::from(general.is_ok_and(|o| !o.maybe.is_empty()));
                } else {
                    // Few lows pass 11: too few sure incidents for
                    // blocks; `deadly` and injuries test two measures.
                    let deadly_injuries = claim.starts_with("deadly") && claim.contains("injuries");
                    assert!(claim.contains(">= 11") || deadly_injuries, "{claim}");
                }
            }
            // Every other claim is folded, and in each, disagreeing
            // reports or imprecise dates leave incidents maybe.
            let declined = claims.len() / 13 + claims.len() / 13 / 6;
            assert_eq!(taken, claims.len() - declined, "{seed}");
            assert_eq!(maybe, taken, "{seed}");
        }
    }

    /// How many of the claims of every fold and window with `scope` the
    /// fast path took, each with the general path's outcome and its
    /// incidents listed by entries.
    fn taken_alike(ds: &Dataset, scope: &str) -> usize {
        let claims = floor_claims(&[scope], "");
        let mut taken = 0;
        for (claim, both) in claims.iter().zip(claimed(ds, &claims)) {
            if let Some((fast, general)) = both {
                assert_eq!(fast, general, "{claim}");
                if let Ok(fast) = &fast {
                    assert!(listed_by_entries(&fast.incidents), "{claim}");
                }
                taken += 1;
            }
        }
        taken
    }

    #[test]
    fn several_text_equalities_give_the_general_paths_outcome() {
        let ds = generated(7, 48 * BLOCK, false);
        let scopes = [
            " in \"Alpha\" where region = \"north\"",
            " where country = \"alpha\" and region = \"NORTH\"",
            " where actors = \"militia\" and country = \"Beta\"",
            " where region = \"South\" and (region = \"south\" and country = \"gamma\")",
            // One list, twice: no intersection.
            " where region = \"South\" and region = \"South\"",
        ];
        for scope in scopes {
            let taken = taken_alike(&ds, scope);
            // Every fold but `deadly`'s, which adds a measure's test, over
            // the windows long enough.
            assert!(taken >= 20, "{scope}: {taken}");
        }
        // Equalities no incident meets together: too few for blocks.
        let none = floor_claims(&[" where region = \"North\" and region = \"South\""], "");
        assert!(claimed(&ds, &none).iter().all(Option::is_none));
    }

    #[test]
    fn halves_and_according_to_leave_a_floor_to_the_general_path() {
        let ds = generated(17, 24 * BLOCK, true);
        let claims = floor_claims(&FLOORS[1..], "");
        let mut counted = 0;
        for (claim, both) in claims.iter().zip(claimed(&ds, &claims)) {
            if !claim.contains("incidents") {
                assert!(both.is_none(), "{claim}");
            } else if let Some((fast, general)) = both {
                assert_eq!(fast, general, "{claim}");
                counted += 1;
            }
        }
        // Counts of most floors: not `>= 11`, nor `deadly` with injuries,
        // nor floors that pass few incidents of a year.
        assert!(counted >= 100, "{counted}");
        let ds = generated(7, 24 * BLOCK, false);
        let claims = floor_claims(&FLOORS[1..5], " according to a, b");
        let taken = claimed(&ds, &claims).into_iter().flatten().count();
        assert_eq!(taken, 0);
    }

    #[test]
    fn other_conditions_leave_a_floor_to_the_general_path() {
        let ds = generated(7, 24 * BLOCK, false);
        let others = [
            " where deaths >= 0",
            " where deaths = 3",
            " where deaths <= 3",
            " where deaths in (3, 4)",
            " where deaths >= 3 or deaths = 0",
            " where not deaths < 3",
            " where deaths >= 3 and injuries >= 1",
            " in \"Alpha\" where deaths >= 3 or region = \"North\"",
        ];
        let claims = floor_claims(&others, "");
        for (claim, both) in claims.iter().zip(claimed(&ds, &claims)) {
            // `deadly`'s `> 0` is the tighter of it and `>= 0`.
            let deadly_alone = claim.starts_with("deadly") && claim.contains(">= 0");
            assert!(both.is_none() || deadly_alone, "{claim}");
        }
    }

    #[test]
    fn a_floor_with_a_place_or_text_equalities_gives_the_general_paths_outcome() {
        let ds = generated(0x5eed, 48 * BLOCK, false);
        let scopes = [
            " where deaths >= 3 and region = \"North\"",
            " in \"Alpha\" where deaths > 0",
            " in \"alpha\" where region = \"south\" and deaths >= 1",
            " where (country = \"Gamma\" and deaths >= 2) and deaths > 1.5",
        ];
        for scope in scopes {
            let taken = taken_alike(&ds, scope);
            // Most claims, the windows with too few sure incidents in
            // the place for blocks aside.
            assert!(taken >= 20, "{scope}: {taken}");
        }
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
        let store = Sequence::Store(10);
        assert_eq!(
            in_order(store, None, 3..8, &[1, 4, 5, 9], &members),
            [1, 3, 5, 6, 7, 9]
        );
        assert_eq!(in_order(store, None, 3..3, &[1], &members[..1]), [1]);
        // A posting list's entries 0, 2, 5 and 7, of which 5 is imprecise;
        // listed as its positions, or as runs of its entries.
        let kept = KeptList::from(vec![0, 2, 5, 7]);
        let list = Sequence::List(kept.positions());
        for kept in [None, Some(kept.clone())] {
            let in_order = |imprecise: &[u32], members: &[Member]| {
                let listed = in_order(list, kept.clone(), 0..4, imprecise, members);
                assert_eq!(listed.list().is_some(), kept.is_some());
                listed
            };
            assert_eq!(in_order(&[5], &[member(5, Tri::In)]), [0, 2, 5, 7]);
            assert_eq!(in_order(&[5], &[member(5, Tri::Maybe)]), [0, 2, 7]);
            // Off the list, 3 and 6 are read one by one, precise or not.
            let read = [member(3, Tri::In), member(5, Tri::In), member(6, Tri::In)];
            assert_eq!(in_order(&[5], &read), [0, 2, 3, 5, 6, 7]);
        }
        let runs = in_order(list, Some(kept.clone()), 1..4, &[5], &[member(6, Tri::In)]);
        assert_eq!(
            runs.pieces().collect::<Vec<_>>(),
            [
                Piece::Entries(1..2),
                Piece::Positions(6..7),
                Piece::Entries(3..4)
            ]
        );
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
