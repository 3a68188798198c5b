//! Query claims (spec §6): the incidents in scope, each one's figure, the
//! fold that gives the claim's value and range, and the verdict of that
//! range against the comparison, or, for `include`, one sub-claim
//! `> 0` per group. A resolved query is a `Plan`, so that provenance can
//! judge other sets of incidents (one source's, one date reading's) by
//! exactly the same rules.

use super::aggregate::{Fold, Item, Tally, tally};
use super::bulk;
use super::candidates::candidates;
use super::figure::{Measure, Reading, figure};
use super::names::{self, Key};
use super::scope::{Listed, Scope};
use super::sources::Sources;
use super::tri::Tri;
use super::truth::{Interval, TruthSet, comparison_set, op_set};
use super::{Context, EvalError, GroupOutcome, Outcome, Positions, SourceReports, Verdict};
use crate::ast::{Aggregate, Comparison, Op, Query, Spanned};
use crate::dataset::{Bulk, Dataset, IncidentRef, ReportRef, Sym};
use crate::date::Window;

/// `query comparison`.
pub fn compare(
    query: &Query,
    comparison: &Comparison,
    window: Window,
    ctx: &Context,
) -> Result<Outcome, EvalError> {
    Plan::compare(query, comparison, window, ctx)?.evaluate()
}

/// `query include "a", "b"`: each group is the sub-claim `query of g > 0`;
/// the claim fails if any group fails, else is disputed if any is.
pub fn include(
    query: &Query,
    groups: &[Spanned<String>],
    window: Window,
    ctx: &Context,
) -> Result<Outcome, EvalError> {
    Plan::include(query, groups, window, ctx)?.evaluate()
}

pub(super) fn range(t: &Tally) -> Interval {
    Interval::closed(t.low, t.high)
}

/// What a query claim asserts of the incidents in scope.
#[derive(Debug, Clone)]
enum Test {
    /// The fold, of one group with `of`, lies in the set.
    Compare { group: Option<Key>, set: TruthSet },
    /// `include`: each group, as written and as its key, is above zero.
    Include { groups: Vec<(String, Key)> },
}

/// An incident that is in or maybe in scope. Small, since a claim over
/// a year of a global dataset has a hundred thousand of them.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// Its position in the dataset.
    position: u32,
    pub membership: Tri,
    pub at_best: bool,
}

impl Member {
    #[cfg(test)]
    pub(super) fn new(position: u32, membership: Tri, at_best: bool) -> Member {
        Member {
            position,
            membership,
            at_best,
        }
    }

    /// Its position in the dataset.
    pub fn index(&self) -> usize {
        self.position as usize
    }
}

/// The positions of the members in or maybe in scope, as `membership`
/// says, in order.
pub(super) fn positions(members: &[Member], membership: Tri) -> impl Iterator<Item = usize> + '_ {
    members
        .iter()
        .filter(move |m| m.membership == membership)
        .map(Member::index)
}

/// A query resolved against the dataset: its fold, its scope and what it
/// asserts, ready to judge any set of incidents.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    dataset: &'a Dataset,
    aggregate: &'a Spanned<Aggregate>,
    /// The aggregate as written (`max deaths`), for messages.
    written: String,
    fold: Fold,
    /// The measure folded; `None` when counting incidents.
    measure: Option<Measure<'a>>,
    window: Window,
    pub scope: Scope<'a>,
    test: Test,
}

/// What a set of incidents gives: the fold, the verdict it earns,
/// `include`'s groups, and how many reports of each source were on offer.
#[derive(Debug, Clone)]
pub struct Judged {
    pub verdict: Verdict,
    pub tally: Tally,
    pub groups: Vec<GroupOutcome>,
    /// How many reports of each source (by index) were on offer.
    pub(super) reports: Vec<usize>,
}

impl<'a> Plan<'a> {
    pub fn compare(
        query: &'a Query,
        comparison: &Comparison,
        window: Window,
        ctx: &Context<'a>,
    ) -> Result<Plan<'a>, EvalError> {
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
        Plan::resolve(query, window, ctx, |measure| {
            let group = query
                .group
                .as_ref()
                .map(|g| group_key(measure, g, ctx.dataset))
                .transpose()?;
            let set = comparison_set(comparison, false, ctx.tolerance);
            Ok(Test::Compare { group, set })
        })
    }

    pub fn include(
        query: &'a Query,
        groups: &[Spanned<String>],
        window: Window,
        ctx: &Context<'a>,
    ) -> Result<Plan<'a>, EvalError> {
        if let Some(group) = &query.group {
            return Err(EvalError {
                span: Some(group.span),
                message: "`of` and `include` cannot be combined".to_string(),
                help: Some("list every group after `include`".to_string()),
            });
        }
        Plan::resolve(query, window, ctx, |measure| {
            let groups = groups
                .iter()
                .map(|g| Ok((g.node.clone(), group_key(measure, g, ctx.dataset)?)))
                .collect::<Result<Vec<_>, EvalError>>()?;
            Ok(Test::Include { groups })
        })
    }

    /// Resolves the aggregate, then the scope, then (from the measure)
    /// what the claim tests, so that errors come in the order written.
    fn resolve(
        query: &'a Query,
        window: Window,
        ctx: &Context<'a>,
        test: impl FnOnce(Option<&Key>) -> Result<Test, EvalError>,
    ) -> Result<Plan<'a>, EvalError> {
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
        let test = test(measure.as_ref())?;
        let measure = measure.map(|key| Measure::new(key, ds));
        Ok(Plan {
            dataset: ds,
            aggregate: &query.aggregate,
            written,
            fold,
            measure,
            window,
            scope,
            test,
        })
    }

    /// Evaluates the claim over the whole dataset.
    pub fn evaluate(&self) -> Result<Outcome, EvalError> {
        bulk::evaluate(self).unwrap_or_else(|| self.evaluate_each())
    }

    /// `evaluate`, reading every candidate one by one.
    pub(super) fn evaluate_each(&self) -> Result<Outcome, EvalError> {
        self.evaluate_over(candidates(&self.scope, self.dataset).positions())
    }

    /// The outcome from reading these incidents one by one, in order:
    /// they must include every incident in or maybe in scope.
    pub(super) fn evaluate_over(
        &self,
        read: impl Iterator<Item = usize>,
    ) -> Result<Outcome, EvalError> {
        let members = self.members(read);
        let judged = self.judge(&members)?;
        let incidents = positions(&members, Tri::In).collect();
        let maybe = positions(&members, Tri::Maybe).collect();
        Ok(self.outcome(judged, incidents, maybe))
    }

    /// What the claim tests, and which incidents its scope can hold, its
    /// window aside, where those are every incident, one posting list, or
    /// those a measure's floor lets in (`Scope::listed`), and it compares
    /// the whole fold: no `of`, no `include`.
    pub(super) fn listed(&self) -> Option<(&TruthSet, Listed<'_>)> {
        match &self.test {
            Test::Compare { group: None, set } => {
                Some((set, self.scope.listed(&self.dataset.incidents)?))
            }
            Test::Compare { .. } | Test::Include { .. } => None,
        }
    }

    pub(super) fn fold(&self) -> Fold {
        self.fold
    }

    pub(super) fn window(&self) -> &Window {
        &self.window
    }

    /// The symbol of the measure folded; `None` when counting incidents.
    pub(super) fn measure_sym(&self) -> Option<Sym> {
        self.measure.as_ref().map(Measure::sym)
    }

    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The incidents among `indexes` that are in or maybe in scope.
    pub fn members(&self, indexes: impl IntoIterator<Item = usize>) -> Vec<Member> {
        let indexes = indexes.into_iter();
        // Room for every candidate: most are members, and a claim over a
        // year has a hundred thousand, too many to grow into.
        let mut members = Vec::with_capacity(indexes.size_hint().1.unwrap_or(0));
        members.extend(indexes.filter_map(|index| {
            let incident = self.dataset.incidents.get(index)?;
            let (membership, at_best) = self.scope.read(incident);
            if membership == Tri::Out {
                return None;
            }
            Some(Member {
                position: u32::try_from(index).ok()?,
                membership,
                at_best,
            })
        }));
        members
    }

    /// A member's incident.
    pub fn incident(&self, member: &Member) -> Option<IncidentRef<'a>> {
        self.dataset.incidents.get(member.index())
    }

    /// The plan as if `according to` named `source` alone.
    pub fn narrowed(&self, source: usize) -> Plan<'a> {
        let mut plan = self.clone();
        plan.scope.sources = Sources::only(source);
        plan
    }

    /// The verdict, value and range that these incidents give.
    pub fn judge(&self, members: &[Member]) -> Result<Judged, EvalError> {
        match &self.test {
            Test::Compare { group, set } => {
                let (tally, reports) = self.count(members, group.as_ref())?;
                Ok(Judged {
                    verdict: set.verdict(&range(&tally)),
                    tally,
                    groups: Vec::new(),
                    reports,
                })
            }
            Test::Include { groups } => {
                let positive = op_set(Op::Gt, 0.0, 0.0);
                let outcomes = groups
                    .iter()
                    .map(|(written, key)| {
                        let (t, _) = self.count(members, Some(key))?;
                        Ok(GroupOutcome {
                            group: written.clone(),
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
                let (tally, reports) = self.count(members, None)?;
                Ok(Judged {
                    verdict,
                    tally,
                    groups: outcomes,
                    reports,
                })
            }
        }
    }

    /// The incident's figure for the whole measure as the claim reads it,
    /// as `[low, best, high]`, handing the source of each report on offer
    /// to `seen`: what the store's blocks add up.
    pub(super) fn offered(
        &self,
        inc: IncidentRef,
        seen: &mut dyn FnMut(usize),
    ) -> Option<[f64; 3]> {
        self.offer_of(inc, None, |r| seen(r.source()))
            .map(|r| [r.low, r.best, r.high])
    }

    /// The incident's figure as the claim reads it (`None` when the claim
    /// counts incidents, or the incident has none), and the indexes of its
    /// reports that were on offer.
    pub fn offer(&self, inc: IncidentRef) -> (Option<Reading>, Vec<usize>) {
        let mut reports = Vec::new();
        let reading = self.offer_of(inc, self.group(), |r| reports.push(r.index()));
        (reading, reports)
    }

    /// The measure folded (lowercased); `None` when counting incidents.
    pub fn measure(&self) -> Option<&Key> {
        self.measure.as_ref().map(|m| &m.key)
    }

    /// The group of `of`; `include`'s groups are each their own claim.
    pub fn group(&self) -> Option<&Key> {
        match &self.test {
            Test::Compare { group, .. } => group.as_ref(),
            Test::Include { .. } => None,
        }
    }

    /// `offer`, for the whole measure or one group of it, handing each
    /// report on offer to `offered`. A count has no figure, and every
    /// report of a listed source is on offer.
    fn offer_of<'d>(
        &self,
        inc: IncidentRef<'d>,
        group: Option<&Key>,
        offered: impl FnMut(ReportRef<'d>),
    ) -> Option<Reading> {
        let sources = &self.scope.sources;
        match &self.measure {
            None => {
                inc.reports()
                    .filter(|r| sources.allows(r.source()))
                    .for_each(offered);
                None
            }
            Some(measure) => {
                let figured = figure(inc, measure, group.map(|g| g.sym), sources)?;
                figured.reports(inc, measure, sources).for_each(offered);
                Some(figured.reading)
            }
        }
    }

    /// Folds the incidents, for the whole measure or one group, counting
    /// the reports of each source on offer.
    fn count(
        &self,
        members: &[Member],
        group: Option<&Key>,
    ) -> Result<(Tally, Vec<usize>), EvalError> {
        let mut reports = vec![0; self.dataset.sources.len()];
        let items = self.items(members, group, &mut reports);
        let tally = tally(self.fold, &Bulk::default(), items).ok_or_else(|| self.no_match())?;
        Ok((tally, reports))
    }

    /// The members as the fold sees them, for the whole measure or one
    /// group, adding the reports on offer to `reports` by source.
    pub(super) fn items<'m>(
        &'m self,
        members: &'m [Member],
        group: Option<&'m Key>,
        reports: &'m mut [usize],
    ) -> impl Iterator<Item = Item> + 'm {
        members.iter().map(move |m| Item {
            membership: m.membership,
            at_best: m.at_best,
            reading: self.incident(m).and_then(|incident| {
                self.offer_of(incident, group, |r| {
                    if let Some(n) = reports.get_mut(r.source()) {
                        *n += 1;
                    }
                })
            }),
        })
    }

    pub(super) fn no_match(&self) -> EvalError {
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

    /// The outcome of what the incidents gave: those in for certain and
    /// those maybe in scope, by position, in order.
    pub(super) fn outcome(
        &self,
        judged: Judged,
        incidents: Positions,
        maybe: Positions,
    ) -> Outcome {
        Outcome {
            verdict: judged.verdict,
            value: judged.tally.value,
            low: judged.tally.low,
            high: judged.tally.high,
            unit: None,
            window: Some(self.window),
            incidents,
            maybe,
            sources: judged
                .reports
                .into_iter()
                .enumerate()
                .filter(|&(_, reports)| reports > 0)
                .map(|(source, reports)| SourceReports { source, reports })
                .collect(),
            without_figure: judged.tally.without_figure,
            groups: judged.groups,
        }
    }
}

/// A group of the folded measure.
fn group_key(
    measure: Option<&Key>,
    group: &Spanned<String>,
    ds: &Dataset,
) -> Result<Key, EvalError> {
    if measure.is_none() {
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
    names::group(group, ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Condition, Unit, Value};
    use crate::eval::testing::{
        about, between, dataset, day, in_unit, named, op, query, reporting,
    };
    use Verdict::{Disputed, Fail, Pass};
    use chrono::NaiveDate;

    fn deaths() -> Query {
        query(Aggregate::Sum(named("deaths")))
    }

    fn since(from: NaiveDate) -> Window {
        Window {
            from: Some(from),
            to: Some(day(2026, 1, 12)),
        }
    }

    /// Since November, as of 12 January 2026.
    fn since_november() -> Window {
        since(day(2025, 11, 1))
    }

    fn run(query: &Query, comparison: Comparison, window: Window) -> Result<Outcome, EvalError> {
        run_with(query, comparison, window, 5.0)
    }

    fn run_with(
        query: &Query,
        comparison: Comparison,
        window: Window,
        tolerance: f64,
    ) -> Result<Outcome, EvalError> {
        let ds = dataset();
        let ctx = Context {
            dataset: &ds,
            as_of: Some(day(2026, 1, 12)),
            tolerance,
        };
        compare(query, &comparison, window, &ctx)
    }

    fn range(o: &Outcome) -> (f64, Option<f64>, Option<f64>) {
        (o.value, o.low, o.high)
    }

    // Since November: the clash (4–6, best 4), the shelling (3), the raid
    // (no deaths figure) and the Afghan incident (0) are in; the Sughd
    // range (1–3, best 2) straddles 1 November and its middle day, 30
    // October, lies before it.

    #[test]
    fn a_sum_adds_best_certain_low_and_possible_high() {
        let o = run(&deaths(), op(Op::Eq, 16.0), since_november()).unwrap();
        // value 4 + 3 + 0; low 4 + 3 + 0; high 6 + 3 + 0 + 3.
        assert_eq!(range(&o), (7.0, Some(7.0), Some(12.0)));
        assert_eq!(o.verdict, Fail);
        // The Sughd range, the clash, the Afghan incident, the shelling and
        // the raid, in date order.
        assert_eq!(o.incidents, [1, 2, 3, 4]);
        assert_eq!(o.maybe, [0]);
        // AFP's reports on the clash, the shelling and the Afghan incident,
        // Khovar's on the clash, the UN's on the Sughd range.
        assert_eq!(reporting(&o), [(0, 3), (1, 1), (2, 1)]);
        assert_eq!(o.without_figure, 1);
        assert_eq!(o.window, Some(since_november()));
        assert_eq!(o.unit, None);
    }

    #[test]
    fn the_verdict_depends_on_the_whole_range() {
        assert_eq!(
            run(&deaths(), op(Op::Eq, 7.0), since_november())
                .unwrap()
                .verdict,
            Disputed
        );
        assert_eq!(
            run(&deaths(), between(7.0, 12.0), since_november())
                .unwrap()
                .verdict,
            Pass
        );
        assert_eq!(
            run(&deaths(), op(Op::Ge, 7.0), since_november())
                .unwrap()
                .verdict,
            Pass
        );
        assert_eq!(
            run(&deaths(), op(Op::Gt, 12.0), since_november())
                .unwrap()
                .verdict,
            Fail
        );
    }

    #[test]
    fn about_uses_the_context_tolerance() {
        // 5% of 8 is [7.6, 8.4]; 50% is [4, 12].
        assert_eq!(
            run_with(&deaths(), about(8.0), since_november(), 5.0)
                .unwrap()
                .verdict,
            Disputed
        );
        assert_eq!(
            run_with(&deaths(), about(8.0), since_november(), 50.0)
                .unwrap()
                .verdict,
            Pass
        );
    }

    #[test]
    fn incidents_are_counted_with_all_their_reports() {
        let o = run(
            &query(Aggregate::Incidents),
            op(Op::Ge, 4.0),
            since_november(),
        )
        .unwrap();
        assert_eq!(range(&o), (4.0, Some(4.0), Some(5.0)));
        assert_eq!(o.verdict, Pass);
        // Every report counts, the raid's without figures too.
        assert_eq!(reporting(&o), [(0, 3), (1, 2), (2, 1)]);
        assert_eq!(o.without_figure, 0);
    }

    #[test]
    fn deadly_incidents_have_deaths_above_zero() {
        let o = run(
            &query(Aggregate::DeadlyIncidents),
            op(Op::Ge, 5.0),
            since_november(),
        )
        .unwrap();
        // The clash and the shelling for certain, the Sughd range maybe.
        assert_eq!(range(&o), (2.0, Some(2.0), Some(3.0)));
        assert_eq!(o.incidents, [1, 3]);
        assert_eq!(o.maybe, [0]);
        assert_eq!(o.verdict, Fail);
    }

    #[test]
    fn where_and_place_narrow_the_scope() {
        let mut q = query(Aggregate::Incidents);
        q.condition = Some(Condition::Compare {
            field: named("type"),
            op: Op::Eq,
            value: Spanned {
                node: Value::Str("Armed Clash".to_string()),
                span: Default::default(),
            },
        });
        let o = run(&q, op(Op::Eq, 3.0), since_november()).unwrap();
        assert_eq!(range(&o), (3.0, Some(3.0), Some(4.0)));
        q.place = Some(named("khatlon"));
        let o = run(&q, op(Op::Eq, 2.0), since_november()).unwrap();
        assert_eq!((range(&o), o.verdict), ((2.0, Some(2.0), Some(2.0)), Pass));
    }

    #[test]
    fn max_and_min() {
        let max = run(
            &query(Aggregate::Max(named("deaths"))),
            op(Op::Eq, 4.0),
            since_november(),
        )
        .unwrap();
        // value max(4, 3, 0); low max(4, 3, 0); high max(6, 3, 0, 3).
        assert_eq!(range(&max), (4.0, Some(4.0), Some(6.0)));
        assert_eq!(max.verdict, Disputed);
        let min = run(
            &query(Aggregate::Min(named("deaths"))),
            op(Op::Eq, 0.0),
            since_november(),
        )
        .unwrap();
        // value min(4, 3, 0); low min(4, 3, 1, 0); high min(6, 3, 0).
        assert_eq!(
            (range(&min), min.verdict),
            ((0.0, Some(0.0), Some(0.0)), Pass)
        );
    }

    #[test]
    fn max_and_min_over_only_maybe_incidents() {
        // December straddles the 10th; its middle day, the 16th, is inside.
        let gbao = |aggregate| {
            let mut q = query(aggregate);
            q.place = Some(named("GBAO"));
            q
        };
        let min = run(
            &gbao(Aggregate::Min(named("deaths"))),
            op(Op::Ge, 3.0),
            since(day(2025, 12, 10)),
        )
        .unwrap();
        assert_eq!((range(&min), min.verdict), ((3.0, Some(3.0), None), Pass));
        let max = run(
            &gbao(Aggregate::Max(named("deaths"))),
            op(Op::Eq, 3.0),
            since(day(2025, 12, 10)),
        )
        .unwrap();
        assert_eq!(
            (range(&max), max.verdict),
            ((3.0, Some(0.0), Some(3.0)), Disputed)
        );
    }

    #[test]
    fn max_over_no_match_is_an_error() {
        let mut q = query(Aggregate::Max(named("deaths")));
        q.place = Some(named("Sughd"));
        let err = run(&q, op(Op::Eq, 2.0), since_november()).unwrap_err();
        assert_eq!(
            err.message,
            "`max deaths` matches no incident in scope with a figure"
        );
        // Since the raid, no incident has a deaths figure at all.
        let q = query(Aggregate::Min(named("deaths")));
        let err = run(&q, op(Op::Eq, 2.0), since(day(2026, 1, 1))).unwrap_err();
        assert_eq!(
            err.message,
            "`min deaths` matches no incident in scope with a figure"
        );
    }

    #[test]
    fn according_to_keeps_only_the_listed_sources() {
        let mut q = deaths();
        q.sources = vec![named("AFP")];
        let o = run(&q, op(Op::Eq, 8.0), since_november()).unwrap();
        // AFP's 4–6 (best 5), 3 and 0; the raid and the Sughd range are out.
        assert_eq!(range(&o), (8.0, Some(7.0), Some(9.0)));
        assert_eq!(o.incidents, [1, 2, 3]);
        assert!(o.maybe.is_empty());
        assert_eq!(reporting(&o), [(0, 3)]);
        assert_eq!(o.verdict, Disputed);
    }

    #[test]
    fn a_group_reads_the_breakdowns() {
        let mut q = deaths();
        q.group = Some(named("civilians"));
        let o = run(&q, op(Op::Eq, 2.0), since_november()).unwrap();
        // The clash's breakdown adds up without civilians: 0; the shelling
        // names 2; the Sughd range has no breakdown: 0 to 3; the Afghan
        // incident none: 0 to 0.
        assert_eq!(range(&o), (2.0, Some(2.0), Some(5.0)));
        // Only the UN's and AFP's reports, on incidents without any
        // breakdown, are on offer; the own breakdowns have no source.
        assert_eq!(reporting(&o), [(0, 1), (2, 1)]);
        assert_eq!(o.verdict, Disputed);
    }

    #[test]
    fn include_checks_every_group() {
        let groups = [named("Civilians"), named("militant"), named("border guard")];
        let ds = dataset();
        let ctx = Context {
            dataset: &ds,
            as_of: None,
            tolerance: 5.0,
        };
        let o = include(&deaths(), &groups, since_november(), &ctx).unwrap();
        let found: Vec<_> = o
            .groups
            .iter()
            .map(|g| (g.group.as_str(), g.value, g.low, g.high, g.verdict))
            .collect();
        assert_eq!(
            found,
            [
                ("Civilians", 2.0, Some(2.0), Some(5.0), Pass),
                ("militant", 4.0, Some(4.0), Some(7.0), Pass),
                ("border guard", 1.0, Some(1.0), Some(4.0), Pass),
            ]
        );
        assert_eq!(o.verdict, Pass);
        assert_eq!(range(&o), (7.0, Some(7.0), Some(12.0)));
        // 20–30 November: the clash and the Afghan incident only.
        let late = Window {
            from: Some(day(2025, 11, 20)),
            to: Some(day(2025, 11, 30)),
        };
        let o = include(&deaths(), &groups, late, &ctx).unwrap();
        let verdicts: Vec<_> = o.groups.iter().map(|g| g.verdict).collect();
        assert_eq!(
            (verdicts.as_slice(), o.verdict),
            (&[Fail, Pass, Fail][..], Fail)
        );
        // Until 10 November: the Sughd range only, which has no breakdown.
        let early = Window {
            from: Some(day(2025, 10, 1)),
            to: Some(day(2025, 11, 10)),
        };
        let o = include(&deaths(), &groups[..2], early, &ctx).unwrap();
        assert_eq!(o.verdict, Disputed);
    }

    #[test]
    fn include_needs_a_measure_and_known_groups() {
        let ds = dataset();
        let ctx = Context {
            dataset: &ds,
            as_of: None,
            tolerance: 5.0,
        };
        let err = include(
            &query(Aggregate::Incidents),
            &[named("Civilians")],
            since_november(),
            &ctx,
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "`Civilians` is a group of a measure, and this claim counts incidents"
        );
        let err = include(&deaths(), &[named("civilian")], since_november(), &ctx).unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `Civilians`?"));
        let mut q = deaths();
        q.group = Some(named("militant"));
        let err = include(&q, &[named("Civilians")], since_november(), &ctx).unwrap_err();
        assert_eq!(err.message, "`of` and `include` cannot be combined");
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let err = run(
            &query(Aggregate::Sum(named("deahts"))),
            op(Op::Eq, 1.0),
            since_november(),
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown measure `deahts`");
        assert_eq!(err.help.as_deref(), Some("did you mean `deaths`?"));
        let mut q = query(Aggregate::Incidents);
        q.group = Some(named("militant"));
        let err = run(&q, op(Op::Eq, 1.0), since_november()).unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("filter incidents with `where`, or name a measure such as `deaths`")
        );
    }

    #[test]
    fn a_unit_on_a_query_is_an_error() {
        let err = run(
            &deaths(),
            in_unit(op(Op::Eq, 7.0), Unit::Km),
            since_november(),
        )
        .unwrap_err();
        assert_eq!(err.message, "`km` is a unit, and only facts have units");
        assert_eq!(err.span.map(|s| s.col), Some(30));
    }
}
