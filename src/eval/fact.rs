//! Fact claims (spec §3, §5.3): a named reference figure, weighed across
//! the fact's own value and its reports like an incident's figure, then
//! converted to the claim's unit (1 mi = 1.609344 km, 1 km = 1000 m; `%`
//! only with `%`) and compared.

use super::figure::{Offer, Origin, combine};
use super::names;
use super::provenance::{ClaimReading, FactDetail, FactReading, Provenance, SourceReading};
use super::sources::Sources;
use super::{Context, EvalError, Outcome, Positions, SourceReports, verdict_of};
use crate::ast::{Comparison, Spanned, Unit};
use crate::dataset::{Fact, FactReport};
use std::collections::BTreeMap;

/// `fact NAME [according to S, …] comparison`.
pub fn evaluate(
    name: &Spanned<String>,
    source_names: &[Spanned<String>],
    comparison: &Comparison,
    ctx: &Context,
) -> Result<Outcome, EvalError> {
    let ds = ctx.dataset;
    let fact = names::fact(name, ds)?;
    let sources = Sources::resolve(source_names, ds)?;
    weigh(fact, &sources, name, comparison, ctx)?.ok_or_else(|| no_report(fact, source_names, name))
}

/// The fact's provenance: the claim as each reporting source alone gives
/// it, and every report on offer in its own unit and in the claim's.
pub fn provenance(
    name: &Spanned<String>,
    source_names: &[Spanned<String>],
    comparison: &Comparison,
    ctx: &Context,
    outcome: &Outcome,
) -> Result<Provenance, EvalError> {
    let ds = ctx.dataset;
    let fact = names::fact(name, ds)?;
    let sources = Sources::resolve(source_names, ds)?;
    let by_source = outcome
        .sources
        .iter()
        .map(|s| SourceReading {
            source: s.source,
            reading: weigh(fact, &Sources::only(s.source), name, comparison, ctx)
                .ok()
                .flatten()
                .map(|o| ClaimReading::of(&o)),
        })
        .collect();
    let to_claim = |value, unit| convert(value, unit, outcome.unit).unwrap_or(value);
    let reports = fact
        .reports
        .iter()
        .enumerate()
        .filter(|(_, r)| sources.allows(r.source))
        .map(|(report, r)| {
            let (value, unit) = given(fact, r);
            let converted = to_claim(value, unit);
            FactReading {
                report,
                value,
                unit,
                converted,
                verdict: verdict_of(
                    comparison,
                    outcome.unit,
                    ctx.tolerance,
                    Some(converted),
                    Some(converted),
                ),
            }
        })
        .collect();
    let own = combine(std::iter::once(own_offer(fact)))
        .filter(|_| !sources.restricted())
        .map(|r| {
            let (value, low, high) = (
                to_claim(r.best, fact.unit),
                to_claim(r.low, fact.unit),
                to_claim(r.high, fact.unit),
            );
            ClaimReading {
                value,
                low: Some(low),
                high: Some(high),
                verdict: verdict_of(
                    comparison,
                    outcome.unit,
                    ctx.tolerance,
                    Some(low),
                    Some(high),
                ),
                groups: Vec::new(),
            }
        });
    Ok(Provenance {
        sources: by_source,
        dates: Vec::new(),
        incidents: Vec::new(),
        measure: None,
        group: None,
        fact: Some(FactDetail {
            fact: ds
                .facts
                .iter()
                .position(|f| std::ptr::eq(f, fact))
                .unwrap_or_default(),
            value: to_claim(fact.value, fact.unit),
            own,
            reports,
        }),
    })
}

/// The fact's own value, low and high.
fn own_offer(fact: &Fact) -> Offer {
    Offer {
        best: Some(fact.value),
        low: fact.low,
        high: fact.high,
        origin: Origin::Own,
    }
}

/// What a report gives: its own value, or (without one) the fact's; in
/// its own unit, or (without one) the fact's.
fn given(fact: &Fact, report: &FactReport) -> (f64, Option<Unit>) {
    match report.value {
        None => (fact.value, fact.unit),
        Some(value) => (value, report.unit.or(fact.unit)),
    }
}

/// The fact weighed across the offers that `sources` allow, in the claim's
/// unit; `None` when no report of theirs gives the fact.
fn weigh(
    fact: &Fact,
    sources: &Sources,
    name: &Spanned<String>,
    comparison: &Comparison,
    ctx: &Context,
) -> Result<Option<Outcome>, EvalError> {
    let mut offers = Vec::new();
    if !sources.restricted() {
        offers.push(own_offer(fact));
    }
    let mut reporting: BTreeMap<usize, usize> = BTreeMap::new();
    for report in fact.reports.iter().filter(|r| sources.allows(r.source)) {
        let (value, unit) = given(fact, report);
        let value = convert(value, unit, fact.unit).ok_or_else(|| EvalError {
            span: Some(name.span),
            message: format!(
                "a report of `{}` gives {}, which cannot be converted to {}",
                fact.id,
                in_unit(unit),
                in_unit(fact.unit)
            ),
            help: Some("correct the report's unit in the dataset".to_string()),
        })?;
        offers.push(Offer {
            best: Some(value),
            low: None,
            high: None,
            origin: Origin::Report(report.published),
        });
        *reporting.entry(report.source).or_insert(0) += 1;
    }
    let Some(reading) = combine(offers.iter().copied()) else {
        return Ok(None);
    };
    let unit = comparison.unit.as_ref().map_or(fact.unit, |u| Some(u.node));
    let to_claim =
        |value| convert(value, fact.unit, unit).ok_or_else(|| mismatch(fact, comparison));
    let (value, low, high) = (
        to_claim(reading.best)?,
        to_claim(reading.low)?,
        to_claim(reading.high)?,
    );
    Ok(Some(Outcome {
        verdict: verdict_of(comparison, unit, ctx.tolerance, Some(low), Some(high)),
        value,
        low: Some(low),
        high: Some(high),
        unit,
        window: None,
        incidents: Positions::default(),
        maybe: Positions::default(),
        sources: reporting
            .into_iter()
            .map(|(source, reports)| SourceReports { source, reports })
            .collect(),
        without_figure: 0,
        groups: Vec::new(),
    }))
}

/// `value` in unit `from` expressed in unit `to`; `None` when the two
/// cannot be converted (`%` and a length, or a unit and none).
fn convert(value: f64, from: Option<Unit>, to: Option<Unit>) -> Option<f64> {
    if from == to {
        return Some(value);
    }
    Some(value * kilometres(from?)? / kilometres(to?)?)
}

/// A length unit in kilometres; `None` for `%`.
fn kilometres(unit: Unit) -> Option<f64> {
    match unit {
        Unit::Km => Some(1.0),
        Unit::M => Some(0.001),
        Unit::Mi => Some(1.609344),
        Unit::Percent => None,
    }
}

/// "km", or "no unit".
fn in_unit(unit: Option<Unit>) -> String {
    unit.map_or("no unit".to_string(), |u| u.symbol().to_string())
}

/// The claim's unit cannot be converted to the fact's.
fn mismatch(fact: &Fact, comparison: &Comparison) -> EvalError {
    let claimed = in_unit(comparison.unit.as_ref().map(|u| u.node));
    let (message, help) = match fact.unit {
        None => (
            format!(
                "`{}` has no unit and cannot be compared in {claimed}",
                fact.id
            ),
            "write the number without a unit",
        ),
        Some(Unit::Percent) => (
            format!("`{}` is in % and cannot be compared in {claimed}", fact.id),
            "write the number in %",
        ),
        Some(unit) => (
            format!(
                "`{}` is in {} and cannot be compared in {claimed}",
                fact.id,
                unit.symbol()
            ),
            "write the number in km, m or mi",
        ),
    };
    EvalError {
        span: comparison.unit.as_ref().map(|u| u.span),
        message,
        help: Some(help.to_string()),
    }
}

/// No listed source reported the fact.
fn no_report(fact: &Fact, source_names: &[Spanned<String>], name: &Spanned<String>) -> EvalError {
    let listed: Vec<&str> = source_names.iter().map(|s| s.node.as_str()).collect();
    EvalError {
        span: Some(source_names.first().map_or(name.span, |s| s.span)),
        message: format!("no report from {} gives `{}`", listed.join(", "), fact.id),
        help: Some(format!(
            "drop `according to` to use the dataset's own value of `{}`",
            fact.id
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Op;
    use crate::dataset::Dataset;
    use crate::eval::Verdict::{self, Disputed, Pass};
    use crate::eval::testing::{about, between, dataset, in_unit, named, op, reporting};

    const MI: f64 = 1.609344;

    fn check(
        ds: &Dataset,
        fact: &str,
        sources: &[&str],
        comparison: Comparison,
    ) -> Result<Outcome, EvalError> {
        let ctx = Context {
            dataset: ds,
            as_of: None,
            tolerance: 5.0,
        };
        let sources: Vec<_> = sources.iter().map(|s| named(s)).collect();
        evaluate(&named(fact), &sources, &comparison, &ctx)
    }

    fn verdict(fact: &str, sources: &[&str], comparison: Comparison) -> Verdict {
        check(&dataset(), fact, sources, comparison)
            .unwrap()
            .verdict
    }

    #[test]
    fn every_report_is_on_offer_in_the_facts_unit() {
        // 1350 (own), 1344 km (AFP), 1350 (Khovar, no value), 840 mi (UN).
        let o = check(&dataset(), "border_length", &[], about(1350.0)).unwrap();
        assert_eq!(
            (o.value, o.low, o.high),
            (1350.0, Some(1344.0), Some(840.0 * MI))
        );
        assert_eq!(o.unit, Some(Unit::Km));
        assert_eq!(reporting(&o), [(0, 1), (1, 1), (2, 1)]);
        assert_eq!(o.window, None);
        // about 1,350 is [1282.5, 1417.5].
        assert_eq!(o.verdict, Pass);
        assert_eq!(verdict("border_length", &[], op(Op::Eq, 1350.0)), Disputed);
    }

    #[test]
    fn according_to_takes_the_latest_listed_report() {
        let o = check(
            &dataset(),
            "border_length",
            &["afp"],
            in_unit(op(Op::Eq, 1344.0), Unit::Km),
        )
        .unwrap();
        assert_eq!(
            (o.value, o.low, o.high, o.verdict),
            (1344.0, Some(1344.0), Some(1344.0), Pass)
        );
        assert_eq!(reporting(&o), [(0, 1)]);
        // AFP (March 2025) is more recent than the UN (June 2024).
        let o = check(&dataset(), "border_length", &["un", "afp"], about(1344.0)).unwrap();
        assert_eq!(
            (o.value, o.low, o.high),
            (1344.0, Some(1344.0), Some(840.0 * MI))
        );
        assert_eq!(reporting(&o), [(0, 1), (2, 1)]);
    }

    #[test]
    fn a_report_without_a_value_gives_the_facts() {
        let o = check(&dataset(), "border_length", &["Khovar"], op(Op::Eq, 1350.0)).unwrap();
        assert_eq!((o.value, o.verdict), (1350.0, Pass));
    }

    #[test]
    fn miles_convert_both_ways() {
        let o = check(
            &dataset(),
            "border_length",
            &[],
            in_unit(about(840.0), Unit::Mi),
        )
        .unwrap();
        assert_eq!(o.unit, Some(Unit::Mi));
        assert_eq!((o.value, o.low), (1350.0 / MI, Some(1344.0 / MI)));
        assert!((o.high.unwrap() - 840.0).abs() < 1e-9);
        // 835.1… to 840 lies within 840 ± 5% = [798, 882].
        assert_eq!(o.verdict, Pass);
        assert_eq!(
            verdict("border_length", &["un"], in_unit(about(840.0), Unit::Mi)),
            Pass
        );
    }

    #[test]
    fn metres_convert() {
        let o = check(
            &dataset(),
            "border_length",
            &["afp"],
            in_unit(op(Op::Eq, 1_344_000.0), Unit::M),
        )
        .unwrap();
        assert_eq!((o.value, o.verdict), (1_344_000.0, Pass));
        let all = in_unit(between(1_344_000.0, 1_352_000.0), Unit::M);
        assert_eq!(verdict("border_length", &[], all), Pass);
    }

    #[test]
    fn a_percentage_takes_its_tolerance_in_points() {
        // 25 % (own) and 27 % (UN): about 25% is 20 to 30 points.
        let o = check(
            &dataset(),
            "share",
            &[],
            in_unit(about(25.0), Unit::Percent),
        )
        .unwrap();
        assert_eq!(
            (o.value, o.low, o.high, o.verdict),
            (25.0, Some(25.0), Some(27.0), Pass)
        );
        assert_eq!(o.unit, Some(Unit::Percent));
        // Without a unit the claim is in the fact's %, points included.
        // about 30 is [25, 35] in points; relative, it would be [28.5, 31.5].
        assert_eq!(verdict("share", &[], about(30.0)), Pass);
        assert_eq!(verdict("share", &[], op(Op::Eq, 25.0)), Disputed);
    }

    #[test]
    fn a_unit_that_does_not_convert_is_an_error() {
        let err = check(
            &dataset(),
            "border_length",
            &[],
            in_unit(op(Op::Eq, 25.0), Unit::Percent),
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "`border_length` is in km and cannot be compared in %"
        );
        assert_eq!(err.span.map(|s| s.col), Some(30));
        let err = check(
            &dataset(),
            "share",
            &[],
            in_unit(op(Op::Eq, 25.0), Unit::Km),
        )
        .unwrap_err();
        assert_eq!(err.message, "`share` is in % and cannot be compared in km");
    }

    #[test]
    fn a_unit_against_a_fact_without_one_is_an_error() {
        let mut ds = dataset();
        if let Some(fact) = ds.facts.get_mut(1) {
            fact.unit = None;
        }
        let err = check(&ds, "share", &[], in_unit(op(Op::Eq, 25.0), Unit::Km)).unwrap_err();
        assert_eq!(
            err.message,
            "`share` has no unit and cannot be compared in km"
        );
        assert_eq!(err.help.as_deref(), Some("write the number without a unit"));
        let o = check(&ds, "share", &[], op(Op::Eq, 25.0)).unwrap();
        assert_eq!(o.unit, None);
    }

    #[test]
    fn a_report_in_a_unit_that_does_not_convert_is_an_error() {
        let mut ds = dataset();
        if let Some(report) = ds.facts.get_mut(1).and_then(|f| f.reports.get_mut(0)) {
            report.unit = Some(Unit::Km);
        }
        let err = check(&ds, "share", &[], op(Op::Eq, 25.0)).unwrap_err();
        assert_eq!(
            err.message,
            "a report of `share` gives km, which cannot be converted to %"
        );
    }

    #[test]
    fn no_report_from_the_listed_sources_is_an_error() {
        let err = check(&dataset(), "share", &["Khovar"], op(Op::Eq, 25.0)).unwrap_err();
        assert_eq!(err.message, "no report from Khovar gives `share`");
    }

    #[test]
    fn an_unknown_fact_suggests_the_closest() {
        let err = check(&dataset(), "border_lenght", &[], op(Op::Eq, 25.0)).unwrap_err();
        assert_eq!(err.message, "unknown fact `border_lenght`");
        assert_eq!(err.help.as_deref(), Some("did you mean `border_length`?"));
    }
}
