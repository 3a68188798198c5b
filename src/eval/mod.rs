//! Evaluation (spec §6): decides, for one claim against one dataset, which
//! incidents are in, out or maybe in scope, what each contributes at its
//! low, best and high, the claim's value with its low–high range, and the
//! verdict that range earns.

mod aggregate;
mod condition;
mod fact;
mod field;
mod figure;
mod names;
mod query;
mod scope;
mod sources;
#[cfg(test)]
mod testing;
mod tri;
mod truth;

use crate::ast::{Claim, Query, Span, Unit};
use crate::dataset::Dataset;
use crate::date::{self, DateError, Window};
use chrono::NaiveDate;
use std::fmt;

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
    /// Indexes into `Dataset::incidents` that are in for certain, in dataset order.
    pub incidents: Vec<usize>,
    /// Indexes of the incidents that are maybe in scope.
    pub maybe: Vec<usize>,
    /// Indexes into `Dataset::sources` whose reports were on offer for the
    /// incidents in or maybe in scope (or the fact), sorted.
    pub sources: Vec<usize>,
    /// Incidents in or maybe in scope that had no figure for the measure.
    pub without_figure: usize,
    /// `include`: one sub-claim per listed group, in the order written.
    pub groups: Vec<GroupOutcome>,
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

/// The query's window, capped at the as-of date: the one place a claim's
/// time qualifiers meet the calendar.
fn window(query: &Query, ctx: &Context) -> Result<Window, EvalError> {
    Ok(date::window(&query.time, ctx.as_of)?)
}
