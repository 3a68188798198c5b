//! Evaluation (spec §6): decides, for one claim against one dataset, which
//! incidents are in, out or maybe in scope, what each contributes at its
//! low, best and high, the claim's value with its low–high range, and the
//! verdict that range earns.

mod aggregate;
mod bulk;
mod candidates;
mod condition;
mod fact;
mod field;
mod figure;
mod names;
mod positions;
mod provenance;
mod query;
mod scope;
mod sources;
#[cfg(test)]
mod testing;
mod tri;
mod truth;

use crate::ast::{Claim, Comparison, Query, Span, Unit};
use crate::dataset::Dataset;
use crate::date::{self, DateError, Window};
use chrono::NaiveDate;
use query::Plan;
use std::fmt;
use truth::{Interval, comparison_set};

pub use figure::Reading;
pub use positions::{Piece, Positions};
pub use provenance::{
    ClaimReading, DateReading, FactDetail, FactReading, IncidentDetail, Provenance, Reason,
    SourceReading,
};
pub use tri::Tri;

/// What a claim is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub as_of: Option<NaiveDate>,
    /// The default tolerance of `about`, in percent (`@tolerance`, default 5).
    pub tolerance: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Pass,
    Fail,
    Disputed,
    Error,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Disputed => "disputed",
            Verdict::Error => "error",
        }
    }
}

/// The result of a claim that could be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Pass, fail or disputed; never `Error` (that is `Err(EvalError)`).
    pub verdict: Verdict,
    pub value: f64,
    /// `None`: unbounded (only `min` over no certain incident has that).
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The unit of value/low/high: the claim's for a fact, else none.
    pub unit: Option<Unit>,
    /// The resolved window; `None` for facts.
    pub window: Option<Window>,
    /// Positions in `Dataset::incidents` of the incidents in for certain,
    /// in its (date) order.
    pub incidents: Positions,
    /// Positions of the incidents that are maybe in scope.
    pub maybe: Positions,
    /// The sources whose reports were on offer for the incidents in or
    /// maybe in scope (or the fact), in dataset order.
    pub sources: Vec<SourceReports>,
    /// Incidents in or maybe in scope that had no figure for the measure.
    pub without_figure: usize,
    /// `include`: one sub-claim per listed group, in the order written.
    pub groups: Vec<GroupOutcome>,
}

/// A source whose reports were on offer, and how many of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceReports {
    /// Index into `Dataset::sources`.
    pub source: usize,
    pub reports: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The group as the claim wrote it.
    pub group: String,
    pub verdict: Verdict,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A claim that cannot be evaluated: an unknown name, `max` over no
/// incident, a unit mismatch, an unresolvable date.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    /// The place in the claim file, where the error has one.
    pub span: Option<Span>,
    pub message: String,
    /// "did you mean …", or the remedy.
    pub help: Option<String>,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

impl From<DateError> for EvalError {
    fn from(e: DateError) -> EvalError {
        EvalError {
            span: Some(e.span),
            message: e.message,
            help: e.help,
        }
    }
}

/// Evaluates one claim.
pub fn evaluate(claim: &Claim, ctx: &Context) -> Result<Outcome, EvalError> {
    match claim {
        Claim::Compare { query, comparison } => {
            query::compare(query, comparison, window(query, ctx)?, ctx)
        }
        Claim::Include { query, groups } => query::include(query, groups, window(query, ctx)?, ctx),
        Claim::Fact {
            name,
            sources,
            comparison,
        } => fact::evaluate(name, sources, comparison, ctx),
    }
}

/// Who and what an evaluated claim rests on (spec §6.4): the claim as each
/// of its sources alone gives it, each imprecise date read inside and
/// outside the window, and every incident in or maybe in scope. `outcome`
/// is what `evaluate` gave for this claim and context. This re-judges the
/// claim once per source and per straddling date, so reports call it only
/// where they show it.
pub fn provenance(
    claim: &Claim,
    ctx: &Context,
    outcome: &Outcome,
) -> Result<Provenance, EvalError> {
    match claim {
        Claim::Compare { query, comparison } => Ok(provenance::of_query(
            &Plan::compare(query, comparison, window(query, ctx)?, ctx)?,
            outcome,
        )),
        Claim::Include { query, groups } => Ok(provenance::of_query(
            &Plan::include(query, groups, window(query, ctx)?, ctx)?,
            outcome,
        )),
        Claim::Fact {
            name,
            sources,
            comparison,
        } => fact::provenance(name, sources, comparison, ctx, outcome),
    }
}

/// The verdict that a range of values earns against a comparison written
/// in `unit` (a `%` comparison takes its tolerance in points); `tolerance`
/// is the default of `about`, in percent.
pub fn verdict_of(
    comparison: &Comparison,
    unit: Option<Unit>,
    tolerance: f64,
    low: Option<f64>,
    high: Option<f64>,
) -> Verdict {
    comparison_set(comparison, unit == Some(Unit::Percent), tolerance)
        .verdict(&Interval::closed(low, high))
}

/// The query's window, capped at the as-of date: the one place a claim's
/// time qualifiers meet the calendar.
fn window(query: &Query, ctx: &Context) -> Result<Window, EvalError> {
    Ok(date::window(&query.time, ctx.as_of)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Aggregate, DateForm, Spanned, TimeQualifier};
    use crate::eval::testing::{dataset, day, named, op};

    /// `deaths` with the time qualifiers, written at column 8.
    fn deaths(time: Vec<TimeQualifier>) -> Query {
        Query {
            aggregate: Spanned {
                node: Aggregate::Sum(named("deaths")),
                span: Span::default(),
            },
            time: time
                .into_iter()
                .map(|node| Spanned {
                    node,
                    span: Span {
                        line: 1,
                        col: 8,
                        len: 14,
                    },
                })
                .collect(),
            place: None,
            group: None,
            condition: None,
            sources: Vec::new(),
        }
    }

    /// `deaths … = 16`
    fn claim(time: Vec<TimeQualifier>) -> Claim {
        Claim::Compare {
            query: deaths(time),
            comparison: op(crate::ast::Op::Eq, 16.0),
        }
    }

    fn run(claim: &Claim, as_of: Option<NaiveDate>) -> Result<Outcome, EvalError> {
        let ds = dataset();
        let ctx = Context {
            dataset: &ds,
            as_of,
            tolerance: 5.0,
        };
        evaluate(claim, &ctx)
    }

    #[test]
    fn the_window_comes_from_the_time_qualifiers() {
        let since_november = claim(vec![TimeQualifier::Since(DateForm::MonthNoYear(11))]);
        let o = run(&since_november, Some(day(2026, 1, 12))).unwrap();
        let window = Window {
            from: Some(day(2025, 11, 1)),
            to: Some(day(2026, 1, 12)),
        };
        assert_eq!(o.window, Some(window));
        assert_eq!(
            (o.value, o.low, o.high, o.verdict),
            (7.0, Some(7.0), Some(12.0), Verdict::Fail)
        );
    }

    #[test]
    fn without_a_time_qualifier_the_window_ends_at_the_as_of_date() {
        // Up to 30 November: the Sughd range (2), the clash (4) and the
        // Afghan incident (0).
        let o = run(&claim(Vec::new()), Some(day(2025, 11, 30))).unwrap();
        assert_eq!(
            o.window,
            Some(Window {
                from: None,
                to: Some(day(2025, 11, 30))
            })
        );
        assert_eq!((o.value, o.low, o.high), (6.0, Some(5.0), Some(9.0)));
        let o = run(&claim(Vec::new()), None).unwrap();
        assert_eq!(
            o.window,
            Some(Window {
                from: None,
                to: None
            })
        );
        assert_eq!(o.value, 9.0);
    }

    #[test]
    fn a_date_error_becomes_an_evaluation_error_at_its_place() {
        let err = run(&claim(vec![TimeQualifier::In(DateForm::LastMonth)]), None).unwrap_err();
        assert_eq!(
            err.span,
            Some(Span {
                line: 1,
                col: 8,
                len: 14
            })
        );
        assert!(err.help.is_some());
    }

    #[test]
    fn a_fact_has_no_window() {
        let fact = Claim::Fact {
            name: named("share"),
            sources: Vec::new(),
            comparison: op(crate::ast::Op::Eq, 25.0),
        };
        let o = run(&fact, Some(day(2026, 1, 12))).unwrap();
        assert_eq!(o.window, None);
        assert_eq!(o.verdict, Verdict::Disputed);
    }

    #[test]
    fn include_is_evaluated_per_group() {
        let include = Claim::Include {
            query: deaths(Vec::new()),
            groups: vec![named("militant")],
        };
        // The clash's own breakdown names 4 militants; the Sughd range,
        // without a breakdown, may add up to 3.
        let o = run(&include, Some(day(2026, 1, 12))).unwrap();
        let militant = o
            .groups
            .first()
            .map(|g| (g.value, g.low, g.high, g.verdict));
        assert_eq!(militant, Some((4.0, Some(4.0), Some(7.0), Verdict::Pass)));
        assert_eq!((o.value, o.verdict), (9.0, Verdict::Pass));
    }
}
