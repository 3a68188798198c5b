//! Which incidents a query speaks of (spec §6.1): each incident is in, out
//! or maybe in scope by its date against the window, its place, its
//! `where` condition and its sources; and, for the claim's value (§6.3),
//! whether it matches with every condition read at its best.

use super::EvalError;
use super::condition::Cond;
use super::field::{FieldTest, Folded, Literal};
use super::figure::Measure;
use super::names;
use super::provenance::Reason;
use super::sources::Sources;
use super::tri::Tri;
use super::truth::{Bound, higher};
use crate::ast::{Aggregate, Op, Query};
use crate::dataset::{ColumnId, Dataset, FieldRef, IncidentRef, Store};
use crate::date::{Period, Window};
use chrono::NaiveDate;

/// A query's scope, its names resolved against one dataset.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    window: Window,
    /// `in "…"`: the place, and the place fields the dataset has.
    place: Option<(Folded, Vec<ColumnId>)>,
    condition: Option<Cond<'a>>,
    pub sources: Sources,
}

/// The incidents a scope can hold, its window aside, where the index
/// says exactly which (`Scope::listed`), or, for a measure's floor, which
/// for certain.
#[derive(Debug, Clone)]
pub enum Listed<'s> {
    /// Any incident: the scope is its window alone.
    All,
    /// Those whose field `column` holds a text with fold key `key`:
    /// `Store::holding(column, key)`.
    Holding { column: ColumnId, key: u64 },
    /// Those that hold every one of several such texts, each once and in
    /// order: `Store::intersection`.
    Intersection(Vec<(ColumnId, u64)>),
    /// Those whose figure for `measure` lies in `floor`'s ray (`> t`,
    /// `>= t`): in for certain where its low does, maybe where only its
    /// high does.
    ///
    /// With `texts` (a place and text equalities, exact as for
    /// `Intersection`), only those that hold every one of them too.
    Floor {
        measure: &'s Measure<'s>,
        floor: Bound,
        texts: Vec<(ColumnId, u64)>,
    },
}

impl<'a> Scope<'a> {
    /// `deadly incidents` adds the condition `deaths > 0`.
    pub fn resolve(query: &Query, window: Window, ds: &'a Dataset) -> Result<Scope<'a>, EvalError> {
        let sources = Sources::resolve(&query.sources, ds)?;
        let written = query
            .condition
            .as_ref()
            .map(|c| Cond::resolve(c, ds))
            .transpose()?;
        let deadly = match query.aggregate.node {
            Aggregate::DeadlyIncidents => Some(Cond::measure(
                Measure::new(names::deaths(query.aggregate.span, ds)?, ds),
                Op::Gt,
                0.0,
            )),
            _ => None,
        };
        let condition = match (deadly, written) {
            (Some(deadly), Some(written)) => Some(Cond::All(vec![deadly, written])),
            (deadly, written) => deadly.or(written),
        };
        let place_fields = ds
            .place_fields
            .iter()
            .filter_map(|name| ds.names.fields.get(name).copied())
            .collect();
        Ok(Scope {
            window,
            place: query
                .place
                .as_ref()
                .map(|p| (Folded::new(&p.node, ds.incidents.strings()), place_fields)),
            condition,
            sources,
        })
    }

    pub fn window(&self) -> &Window {
        &self.window
    }

    /// `in "…"`: the place, and the place fields the dataset has.
    pub fn place(&self) -> Option<&(Folded, Vec<ColumnId>)> {
        self.place.as_ref()
    }

    /// `where`, with `deadly`'s test.
    pub fn condition(&self) -> Option<&Cond<'a>> {
        self.condition.as_ref()
    }

    /// Which incidents the scope can hold, its window aside, where that
    /// is every incident, exactly one posting list, or exactly those that
    /// several lists all hold: no `according to`, and either nothing else,
    /// or only a place that one field holds and a `where` that is text
    /// equalities (`field = "x"`) joined by `and`, either or both; or, for
    /// a `where` (with `deadly`'s test) made only of tests of one measure
    /// that pass every value from some least one on, the tightest of
    /// those. `None` otherwise. Why a list is exactly the incidents that
    /// the place or an equality lets in, why their intersection is
    /// exactly those that all of them let in, and what the floor gives:
    /// `eval::bulk`.
    pub fn listed(&self, store: &Store) -> Option<Listed<'_>> {
        if self.sources.restricted() {
            return None;
        }
        let mut texts: Vec<(ColumnId, &Folded)> = Vec::new();
        if let Some((place, fields)) = &self.place {
            let mut holding = fields
                .iter()
                .copied()
                .filter(|&column| !store.holding(column, place.key).is_empty());
            let column = holding.next()?;
            if holding.any(|other| other != column) {
                return None;
            }
            texts.push((column, place));
        }
        let mut tests = Vec::new();
        if let Some(condition) = &self.condition {
            parts(condition, &mut texts, &mut tests)?;
        }
        let exact = texts.iter().all(|&(column, text)| {
            store
                .spellings(column, text.key)
                .all(|spelling| text.is(spelling))
        });
        if !exact {
            return None;
        }
        let mut keys: Vec<(ColumnId, u64)> = texts.iter().map(|&(c, t)| (c, t.key)).collect();
        keys.sort_unstable();
        keys.dedup();
        if !tests.is_empty() {
            let (measure, floor) = floor(&tests)?;
            return Some(Listed::Floor {
                measure,
                floor,
                texts: keys,
            });
        }
        Some(match keys[..] {
            [] => Listed::All,
            [(column, key)] => Listed::Holding { column, key },
            _ => Listed::Intersection(keys),
        })
    }

    /// In, maybe or out, and whether the incident matches at its best
    /// reading (an imprecise date read as its middle day), read together.
    /// Inlined, with `read_dated`, into the loop over a claim's
    /// candidates, which runs for every incident a window reaches.
    #[inline]
    pub fn read(&self, inc: IncidentRef) -> (Tri, bool) {
        let date = self.date(inc);
        if date == Tri::Out {
            // Its middle day is outside the window too.
            return (Tri::Out, false);
        }
        self.read_dated(inc, date, day_inside(inc.date().middle(), &self.window))
    }

    /// Where the incident's date alone places it against the window.
    pub fn date(&self, inc: IncidentRef) -> Tri {
        dated(inc.date(), &self.window)
    }

    /// The membership with the date's part given instead of read, so that
    /// provenance can read an imprecise date inside or outside the window.
    pub fn membership_dated(&self, inc: IncidentRef, date: Tri) -> Tri {
        self.read_dated(inc, date, false).0
    }

    /// Whether the incident matches at its best reading, with whether its
    /// date is inside the window given.
    pub fn at_best_dated(&self, inc: IncidentRef, inside: bool) -> bool {
        self.read_dated(inc, Tri::In, inside).1
    }

    /// The membership and the match at best, with where the date places
    /// the incident and whether its middle day is inside the window given.
    #[inline]
    fn read_dated(&self, inc: IncidentRef, date: Tri, inside: bool) -> (Tri, bool) {
        if !(self.in_place(inc) && self.reported(inc)) {
            return (Tri::Out, false);
        }
        let (condition, best) = self
            .condition
            .as_ref()
            .map_or((Tri::In, true), |c| c.read(inc, &self.sources));
        (date.and(condition), inside && best)
    }

    /// Why the incident is maybe in scope: its date straddles the window,
    /// or its figures leave a measure test undecided.
    pub fn undecided(&self, inc: IncidentRef) -> Vec<Reason> {
        let mut reasons = Vec::new();
        if self.date(inc) == Tri::Maybe {
            reasons.push(Reason::Date(inc.date()));
        }
        if let Some(c) = &self.condition {
            c.undecided(inc, &self.sources, &mut reasons);
        }
        reasons
    }

    /// A place matches a place field's text, or an item of its list,
    /// case aside.
    fn in_place(&self, inc: IncidentRef) -> bool {
        self.place.as_ref().is_none_or(|(place, fields)| {
            fields
                .iter()
                .filter_map(|&column| inc.field(column))
                .any(|field| match field {
                    FieldRef::Str(text) => place.is(text),
                    FieldRef::List(items) => items.iter().any(|i| place.is(i)),
                    FieldRef::Num(_) | FieldRef::Bool(_) => false,
                })
        })
    }

    /// Under `according to`, an incident no listed source reported is out.
    fn reported(&self, inc: IncidentRef) -> bool {
        !self.sources.restricted() || inc.reports().any(|r| self.sources.allows(r.source()))
    }
}

/// The measure and the tightest floor of tests of one measure that pass
/// every value beyond a least one (their `and` passes a value where each
/// does).
fn floor<'c, 'a>(tests: &[&'c Cond<'a>]) -> Option<(&'c Measure<'a>, Bound)> {
    let each = tests.iter().map(|test| match test {
        Cond::Measure { measure, set, .. } => Some((measure, set.ray()?)),
        _ => None,
    });
    each.reduce(|a, b| {
        let ((measure, a), (other, b)) = (a?, b?);
        (measure.sym() == other.sym()).then(|| (measure, higher(a, b)))
    })?
}

/// Sorts the parts of `condition`, alone or joined by `and`, into text
/// equalities (`field = "x"`) and measure tests; `None` where one is
/// anything else.
fn parts<'c, 'a>(
    condition: &'c Cond<'a>,
    texts: &mut Vec<(ColumnId, &'c Folded)>,
    tests: &mut Vec<&'c Cond<'a>>,
) -> Option<()> {
    match condition {
        Cond::Field {
            column,
            test: FieldTest::Compare(Op::Eq, Literal::Text(text)),
        } => texts.push((*column, text)),
        Cond::Measure { .. } => tests.push(condition),
        Cond::All(all) => {
            for c in all {
                parts(c, texts, tests)?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// In if the whole period lies inside the window, out if none of it does.
fn dated(period: Period, window: &Window) -> Tri {
    if day_inside(period.start, window) && day_inside(period.end, window) {
        Tri::In
    } else if window.from.is_some_and(|from| period.end < from)
        || window.to.is_some_and(|to| period.start > to)
    {
        Tri::Out
    } else {
        Tri::Maybe
    }
}

fn day_inside(day: NaiveDate, window: &Window) -> bool {
    window.from.is_none_or(|from| day >= from) && window.to.is_none_or(|to| day <= to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Condition, Spanned, Value};
    use crate::eval::testing::{dataset, day, days, named, query};

    fn window(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Window {
        Window { from, to }
    }

    fn november() -> Window {
        window(Some(day(2025, 11, 1)), Some(day(2025, 11, 30)))
    }

    #[test]
    fn a_day_is_in_or_out() {
        assert_eq!(
            dated(days(day(2025, 11, 1), day(2025, 11, 1)), &november()),
            Tri::In
        );
        assert_eq!(
            dated(days(day(2025, 11, 30), day(2025, 11, 30)), &november()),
            Tri::In
        );
        assert_eq!(
            dated(days(day(2025, 10, 31), day(2025, 10, 31)), &november()),
            Tri::Out
        );
        assert_eq!(
            dated(days(day(2025, 12, 1), day(2025, 12, 1)), &november()),
            Tri::Out
        );
    }

    #[test]
    fn a_period_inside_is_in_and_one_straddling_is_maybe() {
        // The month of November 2025 against windows of various reach.
        let month = days(day(2025, 11, 1), day(2025, 11, 30));
        assert_eq!(dated(month, &november()), Tri::In);
        assert_eq!(
            dated(month, &window(Some(day(2025, 11, 15)), None)),
            Tri::Maybe
        );
        assert_eq!(
            dated(month, &window(None, Some(day(2025, 11, 15)))),
            Tri::Maybe
        );
        assert_eq!(
            dated(month, &window(Some(day(2025, 12, 1)), None)),
            Tri::Out
        );
        assert_eq!(
            dated(month, &window(None, Some(day(2025, 10, 31)))),
            Tri::Out
        );
        assert_eq!(dated(month, &window(None, None)), Tri::In);
    }

    #[test]
    fn a_range_that_touches_the_window_is_maybe() {
        let range = days(day(2025, 10, 25), day(2025, 11, 5));
        assert_eq!(dated(range, &november()), Tri::Maybe);
        assert_eq!(
            dated(range, &window(Some(day(2025, 11, 5)), None)),
            Tri::Maybe
        );
        assert_eq!(
            dated(range, &window(Some(day(2025, 11, 6)), None)),
            Tri::Out
        );
        assert_eq!(
            dated(
                range,
                &window(Some(day(2025, 10, 25)), Some(day(2025, 11, 5)))
            ),
            Tri::In
        );
    }

    fn memberships(query: &Query, window: Window) -> Vec<Tri> {
        let ds = dataset();
        let scope = Scope::resolve(query, window, &ds).unwrap();
        ds.incidents.iter().map(|inc| scope.read(inc).0).collect()
    }

    use Tri::{In, Maybe, Out};

    #[test]
    fn a_place_matches_any_place_field_case_insensitively() {
        let mut q = query(Aggregate::Incidents);
        q.place = Some(named("KHATLON"));
        assert_eq!(memberships(&q, window(None, None)), [Out, In, Out, Out, In]);
        q.place = Some(named("afghanistan"));
        assert_eq!(
            memberships(&q, window(None, None)),
            [Out, Out, In, Out, Out]
        );
    }

    #[test]
    fn according_to_leaves_out_incidents_no_listed_source_reported() {
        let mut q = query(Aggregate::Incidents);
        q.sources = vec![named("Khovar")];
        assert_eq!(memberships(&q, window(None, None)), [Out, In, Out, Out, In]);
    }

    #[test]
    fn deadly_adds_deaths_above_zero() {
        // deaths: [1, 3], [4, 6], [0, 0], [3, 3], none; the Sughd range
        // straddles November.
        let q = query(Aggregate::DeadlyIncidents);
        assert_eq!(
            memberships(&q, window(Some(day(2025, 11, 1)), None)),
            [Maybe, In, Out, In, Out]
        );
    }

    #[test]
    fn deadly_and_where_both_hold() {
        let mut q = query(Aggregate::DeadlyIncidents);
        q.condition = Some(Condition::Compare {
            field: named("region"),
            op: Op::Ne,
            value: Spanned {
                node: Value::Str("gbao".to_string()),
                span: Default::default(),
            },
        });
        assert_eq!(memberships(&q, window(None, None)), [In, In, Out, Out, Out]);
    }

    #[test]
    fn every_part_of_the_scope_must_hold() {
        let ds = dataset();
        let mut q = query(Aggregate::Incidents);
        q.place = Some(named("Khatlon"));
        let scope = Scope::resolve(&q, november(), &ds).unwrap();
        // The Khatlon clash is in November; the raid is in January.
        let (clash, raid) = (ds.incidents.get(1).unwrap(), ds.incidents.get(4).unwrap());
        assert_eq!(scope.read(clash).0, In);
        assert_eq!(scope.read(raid).0, Out);
        assert!(scope.read(clash).1);
        assert!(!scope.read(raid).1);
    }

    #[test]
    fn at_best_reads_an_imprecise_date_as_its_middle_day() {
        let ds = dataset();
        let q = query(Aggregate::Incidents);
        // October 25 to November 5: the middle day is October 30.
        let sughd = ds.incidents.get(0).unwrap();
        let scope = Scope::resolve(&q, november(), &ds).unwrap();
        assert_eq!(scope.read(sughd).0, Maybe);
        assert!(!scope.read(sughd).1);
        let scope = Scope::resolve(&q, window(Some(day(2025, 10, 30)), None), &ds).unwrap();
        assert!(scope.read(sughd).1);
    }

    #[test]
    fn deadly_without_deaths_is_an_error() {
        let mut ds = dataset();
        ds.names.measures.remove("deaths");
        let err = Scope::resolve(&query(Aggregate::DeadlyIncidents), november(), &ds).unwrap_err();
        assert_eq!(
            err.message,
            "`deadly incidents` needs a `deaths` measure, and the dataset has none"
        );
    }

    #[test]
    fn an_unknown_source_is_an_error() {
        let mut q = query(Aggregate::Incidents);
        q.sources = vec![named("Reuter")];
        let err = Scope::resolve(&q, november(), &dataset()).unwrap_err();
        assert_eq!(err.message, "unknown source `Reuter`");
    }
}
