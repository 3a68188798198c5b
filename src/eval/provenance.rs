//! Provenance (spec §6.4): for a claim already evaluated, who and what it
//! rests on — the claim as each source alone gives it, each imprecise date
//! read inside and outside the window, and every incident in or maybe in
//! scope with why, its figure and its reports. It re-judges the claim with
//! the evaluator's own plan, so it is extra work that reports ask for only
//! where they show it (a disputed claim, `explain`); `evaluate` never
//! computes it.

use super::figure::Reading;
use super::query::{Member, Plan};
use super::tri::Tri;
use super::{GroupOutcome, Outcome, Verdict};
use crate::ast::{Op, Unit};
use crate::date::Period;

#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The claim as if `according to` named each of the outcome's sources
    /// alone (within the claim's own `according to`), in dataset order.
    pub sources: Vec<SourceReading>,
    /// Each incident whose imprecise date straddles the window, read
    /// inside and outside it.
    pub dates: Vec<DateReading>,
    /// Every incident in or maybe in scope, in date order.
    pub incidents: Vec<IncidentDetail>,
    /// The measure (lowercased) whose figures the incidents show, and the
    /// group (a lowercased key of `Names::groups`) with `of`; `None` when
    /// the claim counts incidents.
    pub measure: Option<String>,
    pub group: Option<String>,
    /// For a fact claim: its value and the reports on offer.
    pub fact: Option<FactDetail>,
}

/// A claim's value, range and verdict under one reading.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimReading {
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Pass: this reading supports the claim; fail: it contradicts it;
    /// disputed: it is itself split.
    pub verdict: Verdict,
    /// `include`: each group under this reading.
    pub groups: Vec<GroupOutcome>,
}

impl ClaimReading {
    pub fn of(o: &Outcome) -> ClaimReading {
        ClaimReading {
            value: o.value,
            low: o.low,
            high: o.high,
            verdict: o.verdict,
            groups: o.groups.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceReading {
    /// Index into `Dataset::sources`.
    pub source: usize,
    /// `None`: the source alone gives no value (`max` over none of its
    /// incidents, or a fact it does not report).
    pub reading: Option<ClaimReading>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateReading {
    /// Index into `Dataset::incidents`.
    pub incident: usize,
    pub period: Period,
    /// The claim with the incident's date read inside the window, and
    /// outside it; `None` where that reading leaves no value at all.
    pub inside: Option<ClaimReading>,
    pub outside: Option<ClaimReading>,
}

/// One incident in or maybe in scope, as `explain` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    /// Index into `Dataset::incidents`.
    pub incident: usize,
    /// In or maybe; never out.
    pub membership: Tri,
    /// Why it is maybe; empty when it is in.
    pub reasons: Vec<Reason>,
    /// Its figure as the claim reads it; `None` when the claim counts
    /// incidents or the incident has no figure.
    pub figure: Option<Reading>,
    /// Whether the incident's own figure for the measure was on offer
    /// (never under `according to`).
    pub own: bool,
    /// Indexes into the incident's `reports` that were on offer.
    pub reports: Vec<usize>,
}

/// Why an incident is maybe in scope.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Its imprecise date straddles the window.
    Date(Period),
    /// Its figure for `measure` ranges over `low`–`high`, which the test
    /// `measure op value` (a `where`, or `deadly`'s `deaths > 0`) neither
    /// wholly passes nor wholly fails.
    Figure {
        measure: String,
        op: Op,
        value: f64,
        low: f64,
        high: f64,
    },
}

/// A fact claim's detail: the fact's own value and every report on offer.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDetail {
    /// Index into `Dataset::facts`.
    pub fact: usize,
    /// The fact's own value in the claim's unit.
    pub value: f64,
    /// The claim against the fact's own value, low and high alone; `None`
    /// under `according to`, which takes them off offer.
    pub own: Option<ClaimReading>,
    pub reports: Vec<FactReading>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactReading {
    /// Index into the fact's `reports`.
    pub report: usize,
    /// The value as the report gives it (the fact's, if it gives none),
    /// in its unit.
    pub value: f64,
    pub unit: Option<Unit>,
    /// The value in the claim's unit.
    pub converted: f64,
    /// The claim against this report's value alone.
    pub verdict: Verdict,
}

/// A query claim's provenance, from its plan and its outcome.
pub fn of_query(plan: &Plan, outcome: &Outcome) -> Provenance {
    let mut indexes: Vec<usize> = outcome
        .incidents
        .iter()
        .chain(outcome.maybe.iter())
        .collect();
    indexes.sort_unstable();
    let members = plan.members(indexes);
    Provenance {
        sources: by_source(plan, outcome),
        dates: by_date(plan, &members),
        incidents: members.iter().filter_map(|m| detail(plan, m)).collect(),
        measure: plan.measure().map(|k| k.name.clone()),
        group: plan.group().map(|k| k.name.clone()),
        fact: None,
    }
}

/// Each source alone. Under `according to`, an incident that the source
/// did not report is out, so each source is judged over its own incidents.
fn by_source(plan: &Plan, outcome: &Outcome) -> Vec<SourceReading> {
    outcome
        .sources
        .iter()
        .map(|s| {
            let alone = plan.narrowed(s.source);
            let reported = plan.dataset().incidents.reported_by(s.source);
            let members = alone.members(reported.iter().map(|&p| p as usize));
            SourceReading {
                source: s.source,
                reading: reading(&alone, &members),
            }
        })
        .collect()
}

/// Each member whose date straddles the window, read inside it (its date
/// in, the rest of its scope as it is) and outside it (out).
fn by_date(plan: &Plan, members: &[Member]) -> Vec<DateReading> {
    members
        .iter()
        .enumerate()
        .filter_map(|(at, m)| Some((at, m, plan.incident(m)?)))
        .filter(|(_, _, incident)| plan.scope.date(*incident) == Tri::Maybe)
        .map(|(at, m, incident)| {
            let mut inside = members.to_vec();
            if let Some(read) = inside.get_mut(at) {
                read.membership = plan.scope.membership_dated(incident, Tri::In);
                read.at_best = plan.scope.at_best_dated(incident, true);
            }
            let mut outside = members.to_vec();
            outside.remove(at);
            DateReading {
                incident: m.index(),
                period: incident.date(),
                inside: reading(plan, &inside),
                outside: reading(plan, &outside),
            }
        })
        .collect()
}

fn reading(plan: &Plan, members: &[Member]) -> Option<ClaimReading> {
    let judged = plan.judge(members).ok()?;
    Some(ClaimReading {
        value: judged.tally.value,
        low: judged.tally.low,
        high: judged.tally.high,
        verdict: judged.verdict,
        groups: judged.groups,
    })
}

fn detail(plan: &Plan, m: &Member) -> Option<IncidentDetail> {
    let incident = plan.incident(m)?;
    let (figure, reports) = plan.offer(incident);
    Some(IncidentDetail {
        incident: m.index(),
        membership: m.membership,
        reasons: if m.membership == Tri::Maybe {
            plan.scope.undecided(incident)
        } else {
            Vec::new()
        },
        figure,
        own: !plan.scope.sources.restricted()
            && plan
                .measure()
                .is_some_and(|measure| incident.figure(measure.sym).is_some()),
        reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::testing::{dataset, day, days};
    use crate::eval::{Context, evaluate, provenance};
    use crate::parse::parse_claim;
    use Verdict::{Disputed, Fail, Pass};

    /// The claim's outcome and provenance against the test dataset, as of
    /// 12 January 2026.
    fn explain(claim: &str) -> (Outcome, Provenance) {
        let ds = dataset();
        let ctx = Context {
            dataset: &ds,
            as_of: Some(day(2026, 1, 12)),
            tolerance: 5.0,
        };
        let (_, claim) = parse_claim(claim).unwrap();
        let outcome = evaluate(&claim, &ctx).unwrap();
        let provenance = provenance(&claim, &ctx, &outcome).unwrap();
        (outcome, provenance)
    }

    fn read(value: f64, low: f64, high: f64, verdict: Verdict) -> Option<ClaimReading> {
        Some(ClaimReading {
            value,
            low: Some(low),
            high: Some(high),
            verdict,
            groups: Vec::new(),
        })
    }

    // Since November: the clash (AFP 4–6 best 5, Khovar 4, own 4), the
    // shelling (AFP 3), the raid (no figure) and the Afghan incident (AFP
    // 0) are in; the Sughd range (UN 1–3, best 2) is maybe by its date,
    // 25 October to 5 November, whose middle day lies before November.
    const SINCE_NOVEMBER: &str = "deaths since November between 7 and 9";

    #[test]
    fn each_source_alone_supports_or_contradicts() {
        let (o, p) = explain(SINCE_NOVEMBER);
        // All sources: 4 + 3 + 0 at best, low 4 + 3 + 0, high 6 + 3 + 0 + 3.
        assert_eq!((o.value, o.low, o.high), (7.0, Some(7.0), Some(12.0)));
        assert_eq!(o.verdict, Disputed);
        let by_source: Vec<_> = p
            .sources
            .iter()
            .map(|s| (s.source, s.reading.clone()))
            .collect();
        assert_eq!(
            by_source,
            [
                // AFP: 5 + 3 + 0, low 4 + 3 + 0, high 6 + 3 + 0.
                (0, read(8.0, 7.0, 9.0, Pass)),
                // Khovar: the clash's 4; the raid has no figure.
                (1, read(4.0, 4.0, 4.0, Fail)),
                // The UN: the Sughd range only, maybe, not at its best.
                (2, read(0.0, 0.0, 3.0, Fail)),
            ]
        );
    }

    #[test]
    fn a_straddling_date_is_read_inside_and_outside_the_window() {
        let (_, p) = explain(SINCE_NOVEMBER);
        assert_eq!(
            p.dates,
            [DateReading {
                incident: 0,
                period: days(day(2025, 10, 25), day(2025, 11, 5)),
                // Inside: 7 + 2, low 7 + 1, high 12.
                inside: read(9.0, 8.0, 12.0, Disputed),
                // Outside: 7, low 7, high 6 + 3 + 0.
                outside: read(7.0, 7.0, 9.0, Pass),
            }]
        );
    }

    #[test]
    fn every_incident_in_scope_with_its_figure_and_reports() {
        let (_, p) = explain(SINCE_NOVEMBER);
        let shown: Vec<_> = p
            .incidents
            .iter()
            .map(|d| (d.incident, d.membership, d.figure, d.reports.clone()))
            .collect();
        let own: Vec<bool> = p.incidents.iter().map(|d| d.own).collect();
        assert_eq!(own, [false, true, true, true, false]);
        assert_eq!(p.measure.as_deref(), Some("deaths"));
        assert_eq!(p.group, None);
        let figure = |low, best, high| Some(Reading { low, best, high });
        assert_eq!(
            shown,
            [
                (0, Tri::Maybe, figure(1.0, 2.0, 3.0), vec![0]),
                (1, Tri::In, figure(4.0, 4.0, 6.0), vec![0, 1]),
                (2, Tri::In, figure(0.0, 0.0, 0.0), vec![0]),
                (3, Tri::In, figure(3.0, 3.0, 3.0), vec![0]),
                (4, Tri::In, None, vec![]),
            ]
        );
        let sughd = p.incidents.iter().find(|d| d.incident == 0).unwrap();
        assert_eq!(
            sughd.reasons,
            [Reason::Date(days(day(2025, 10, 25), day(2025, 11, 5)))]
        );
        assert!(p.incidents[1].reasons.is_empty());
        assert_eq!(p.fact, None);
    }

    #[test]
    fn a_figure_that_straddles_a_where_threshold_is_a_reason() {
        // deaths: the clash 4–6, the shelling 3, the Sughd range 1–3.
        let (o, p) = explain("incidents since November where deaths >= 3 = 2");
        assert_eq!((o.value, o.low, o.high), (2.0, Some(2.0), Some(3.0)));
        let sughd = p.incidents.iter().find(|d| d.incident == 0).unwrap();
        assert_eq!(
            sughd.reasons,
            [
                Reason::Date(days(day(2025, 10, 25), day(2025, 11, 5))),
                Reason::Figure {
                    measure: "deaths".to_string(),
                    op: Op::Ge,
                    value: 3.0,
                    low: 1.0,
                    high: 3.0,
                },
            ]
        );
        // A count has no figure; every report is on offer.
        assert_eq!(p.measure, None);
        let clash = &p.incidents[1];
        assert!(!clash.own);
        assert_eq!(clash.figure, None);
        assert_eq!(clash.reports, [0, 1]);
        // Inside the window the Sughd range is still maybe by its figure.
        assert_eq!(
            p.dates.first().and_then(|d| d.inside.clone()),
            read(2.0, 2.0, 3.0, Disputed)
        );
    }

    #[test]
    fn a_source_that_leaves_max_without_a_value_has_no_reading() {
        let (_, p) = explain("max deaths since November = 4");
        let by_source: Vec<_> = p
            .sources
            .iter()
            .map(|s| (s.source, s.reading.clone()))
            .collect();
        assert_eq!(
            by_source,
            [
                // AFP: max(5, 3, 0), low max(4, 3, 0), high max(6, 3, 0).
                (0, read(5.0, 4.0, 6.0, Disputed)),
                (1, read(4.0, 4.0, 4.0, Pass)),
                // The UN's only incident does not match at its best.
                (2, None),
            ]
        );
    }

    #[test]
    fn a_fact_lists_each_source_and_report_in_the_claims_unit() {
        // Own 1350 km, AFP 1344 km, Khovar without a value, UN 840 mi.
        let (o, p) = explain("fact border_length = 1350 km");
        assert_eq!(o.verdict, Disputed);
        let by_source: Vec<_> = p
            .sources
            .iter()
            .map(|s| (s.source, s.reading.clone()))
            .collect();
        assert_eq!(
            by_source,
            [
                (0, read(1344.0, 1344.0, 1344.0, Fail)),
                (1, read(1350.0, 1350.0, 1350.0, Pass)),
                (
                    2,
                    read(840.0 * 1.609344, 840.0 * 1.609344, 840.0 * 1.609344, Fail)
                ),
            ]
        );
        // The fact's own 1350 km alone supports it.
        let own = p.fact.as_ref().and_then(|f| f.own.clone());
        assert_eq!(own, read(1350.0, 1350.0, 1350.0, Pass));
        let (_, p) = explain("fact border_length = about 840 mi");
        let fact = p.fact.unwrap();
        assert_eq!(fact.fact, 0);
        assert_eq!(fact.value, 1350.0 / 1.609344);
        let reports: Vec<_> = fact
            .reports
            .iter()
            .map(|r| (r.report, r.value, r.unit, r.converted, r.verdict))
            .collect();
        // About 840 mi is 798 to 882 mi: every report supports it alone.
        assert_eq!(
            reports,
            [
                (0, 1344.0, Some(Unit::Km), 1344.0 / 1.609344, Pass),
                (1, 1350.0, Some(Unit::Km), 1350.0 / 1.609344, Pass),
                (2, 840.0, Some(Unit::Mi), 840.0, Pass),
            ]
        );
        let (_, p) = explain("fact border_length = 1344 km");
        let fact = p.fact.unwrap();
        let verdicts: Vec<_> = fact.reports.iter().map(|r| r.verdict).collect();
        assert_eq!(verdicts, [Pass, Fail, Fail]);
        assert_eq!(fact.own, read(1350.0, 1350.0, 1350.0, Fail));
        let (_, p) = explain("fact border_length according to afp = 1344 km");
        assert_eq!(p.fact.unwrap().own, None);
    }

    #[test]
    fn according_to_narrows_each_source_reading_to_the_listed_ones() {
        let (o, p) = explain("deaths since November according to AFP = 8");
        assert_eq!(o.sources.len(), 1);
        assert_eq!(p.sources.len(), 1);
        assert_eq!(p.sources[0].reading, read(8.0, 7.0, 9.0, Disputed));
        // The Sughd range is out: AFP did not report it.
        assert!(p.dates.is_empty());
        // Under `according to`, the own figures are off offer.
        assert!(p.incidents.iter().all(|d| !d.own));
    }

    #[test]
    fn an_include_reading_has_each_group() {
        let (_, p) = explain("deaths since November include \"militant\" and \"Civilians\"");
        // Khovar's report of the clash has no breakdown: each group is 0–4.
        let khovar = p.sources.iter().find(|s| s.source == 1).unwrap();
        let groups: Vec<_> = khovar
            .reading
            .as_ref()
            .unwrap()
            .groups
            .iter()
            .map(|g| (g.value, g.low, g.high, g.verdict))
            .collect();
        assert_eq!(groups, [(0.0, Some(0.0), Some(4.0), Disputed); 2]);
    }
}
