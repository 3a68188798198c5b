//! Query claims (spec §6): the incidents in scope, each one's figure, the
//! fold that gives the claim's value and range, and the verdict of that
//! range against the comparison, or, for `include`, one sub-claim
//! `> 0` per group.

use super::aggregate::{Fold, Item, Tally, tally};
use super::figure::figure;
use super::names;
use super::scope::Scope;
use super::tri::Tri;
use super::truth::{Interval, comparison_set, op_set};
use super::{Context, EvalError, GroupOutcome, Outcome, Verdict};
use crate::ast::{Aggregate, Comparison, Op, Query, Spanned};
use crate::dataset::{Dataset, Incident};
use crate::date::Window;
use std::collections::BTreeSet;

/// `query comparison`.
pub fn compare(
    query: &Query,
    comparison: &Comparison,
    window: Window,
    ctx: &Context,
) -> Result<Outcome, EvalError> {
    if let Some(unit) = &comparison.unit {
        return Err(EvalError {
            span: Some(unit.span),
            message: format!(
                "`{}` is a unit, and only facts have units",
                unit.node.symbol()
            ),
            help: Some("write the number without a unit".to_string()),
        });
    }
    let plan = Plan::resolve(query, window, ctx)?;
    let group = query.group.as_ref().map(|g| plan.group(g)).transpose()?;
    let counted = plan.count(group.as_deref())?;
    let verdict = comparison_set(comparison, false, ctx.tolerance).verdict(&range(&counted.tally));
    Ok(plan.outcome(verdict, counted, Vec::new()))
}

/// `query include "a", "b"`: each group is the sub-claim `query of g > 0`;
/// the claim fails if any group fails, else is disputed if any is.
pub fn include(
    query: &Query,
    groups: &[Spanned<String>],
    window: Window,
    ctx: &Context,
) -> Result<Outcome, EvalError> {
    if let Some(group) = &query.group {
        return Err(EvalError {
            span: Some(group.span),
            message: "`of` and `include` cannot be combined".to_string(),
            help: Some("list every group after `include`".to_string()),
        });
    }
    let plan = Plan::resolve(query, window, ctx)?;
    let positive = op_set(Op::Gt, 0.0, 0.0);
    let outcomes = groups
        .iter()
        .map(|g| {
            let key = plan.group(g)?;
            let t = plan.count(Some(&key))?.tally;
            Ok(GroupOutcome {
                group: g.node.clone(),
                verdict: positive.verdict(&range(&t)),
                value: t.value,
                low: t.low,
                high: t.high,
            })
        })
        .collect::<Result<Vec<_>, EvalError>>()?;
    let verdict = [Verdict::Fail, Verdict::Disputed]
        .into_iter()
        .find(|v| outcomes.iter().any(|g| g.verdict == *v))
        .unwrap_or(Verdict::Pass);
    let own = plan.count(None)?;
    Ok(plan.outcome(verdict, own, outcomes))
}

fn range(t: &Tally) -> Interval {
    Interval::closed(t.low, t.high)
}

/// An incident that is in or maybe in scope.
struct Member<'a> {
    index: usize,
    incident: &'a Incident,
    membership: Tri,
    at_best: bool,
}

/// A query resolved against the dataset, with its incidents in scope.
struct Plan<'a> {
    dataset: &'a Dataset,
    aggregate: &'a Spanned<Aggregate>,
    /// The aggregate as written (`max deaths`), for messages.
    written: String,
    fold: Fold,
    /// The measure folded; `None` when counting incidents.
    measure: Option<String>,
    window: Window,
    scope: Scope<'a>,
    members: Vec<Member<'a>>,
}

/// A fold with the sources whose reports were on offer.
struct Counted {
    tally: Tally,
    sources: BTreeSet<usize>,
}

impl<'a> Plan<'a> {
    fn resolve(query: &'a Query, window: Window, ctx: &Context<'a>) -> Result<Plan<'a>, EvalError> {
        let ds = ctx.dataset;
        let (fold, measure, written) = match &query.aggregate.node {
            Aggregate::Incidents => (Fold::Count, None, "incidents".to_string()),
            Aggregate::DeadlyIncidents => (Fold::Count, None, "deadly incidents".to_string()),
            Aggregate::Sum(m) => (Fold::Sum, Some(names::measure(m, ds)?), m.node.clone()),
            Aggregate::Max(m) => (
                Fold::Max,
                Some(names::measure(m, ds)?),
                format!("max {}", m.node),
            ),
            Aggregate::Min(m) => (
                Fold::Min,
                Some(names::measure(m, ds)?),
                format!("min {}", m.node),
            ),
        };
        let scope = Scope::resolve(query, window, ds)?;
        let members = ds
            .incidents
            .iter()
            .enumerate()
            .filter_map(|(index, incident)| {
                let membership = scope.membership(incident);
                (membership != Tri::Out).then(|| Member {
                    index,
                    incident,
                    membership,
                    at_best: scope.at_best(incident),
                })
            })
            .collect();
        Ok(Plan {
            dataset: ds,
            aggregate: &query.aggregate,
            written,
            fold,
            measure,
            window,
            scope,
            members,
        })
    }

    /// A group of the folded measure, as its lowercased key.
    fn group(&self, group: &Spanned<String>) -> Result<String, EvalError> {
        if self.measure.is_none() {
            return Err(EvalError {
                span: Some(group.span),
                message: format!(
                    "`{}` is a group of a measure, and this claim counts incidents",
                    group.node
                ),
                help: Some(
                    "filter incidents with `where`, or name a measure such as `deaths`".to_string(),
                ),
            });
        }
        names::group(group, self.dataset)
    }

    /// Folds the incidents in scope, for the whole measure or one group.
    fn count(&self, group: Option<&str>) -> Result<Counted, EvalError> {
        let mut sources = BTreeSet::new();
        let items: Vec<Item> =
            self.members
                .iter()
                .map(|m| {
                    let reading = match &self.measure {
                        None => {
                            let reporting = m.incident.reports.iter().map(|r| r.source);
                            sources.extend(reporting.filter(|s| self.scope.sources.allows(*s)));
                            None
                        }
                        Some(measure) => figure(m.incident, measure, group, &self.scope.sources)
                            .map(|f| {
                                sources.extend(f.sources);
                                f.reading
                            }),
                    };
                    Item {
                        membership: m.membership,
                        at_best: m.at_best,
                        reading,
                    }
                })
                .collect();
        let tally = tally(self.fold, &items).ok_or_else(|| self.no_match())?;
        Ok(Counted { tally, sources })
    }

    fn no_match(&self) -> EvalError {
        EvalError {
            span: Some(self.aggregate.span),
            message: format!(
                "`{}` matches no incident in scope with a figure",
                self.written
            ),
            help: Some(
                "widen the window or the conditions: `max` and `min` need at least one incident"
                    .to_string(),
            ),
        }
    }

    fn outcome(&self, verdict: Verdict, counted: Counted, groups: Vec<GroupOutcome>) -> Outcome {
        let with = |membership| {
            self.members
                .iter()
                .filter(|m| m.membership == membership)
                .map(|m| m.index)
                .collect()
        };
        Outcome {
            verdict,
            value: counted.tally.value,
            low: counted.tally.low,
            high: counted.tally.high,
            unit: None,
            window: Some(self.window),
            incidents: with(Tri::In),
            maybe: with(Tri::Maybe),
            sources: counted.sources.into_iter().collect(),
            without_figure: counted.tally.without_figure,
            groups,
        }
    }
}
