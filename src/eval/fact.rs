//! Fact claims (spec §3, §5.3): a named reference figure, weighed across
//! the fact's own value and its reports like an incident's figure, then
//! converted to the claim's unit (1 mi = 1.609344 km, 1 km = 1000 m; `%`
//! only with `%`) and compared.

use super::figure::{Offer, Origin, combine};
use super::names;
use super::sources::Sources;
use super::truth::{Interval, comparison_set};
use super::{Context, EvalError, Outcome};
use crate::ast::{Comparison, Spanned, Unit};
use crate::dataset::Fact;
use std::collections::BTreeSet;

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
    let mut offers = Vec::new();
    if !sources.restricted() {
        offers.push(Offer {
            best: Some(fact.value),
            low: fact.low,
            high: fact.high,
            origin: Origin::Own,
        });
    }
    let mut reporting = BTreeSet::new();
    for report in fact.reports.iter().filter(|r| sources.allows(r.source)) {
        // A report without a value repeats the fact's; one without a unit
        // gives the fact's unit.
        let value = match report.value {
            None => fact.value,
            Some(value) => {
                let unit = report.unit.or(fact.unit);
                convert(value, unit, fact.unit).ok_or_else(|| EvalError {
                    span: Some(name.span),
                    message: format!(
                        "a report of `{}` gives {}, which cannot be converted to {}",
                        fact.id,
                        in_unit(unit),
                        in_unit(fact.unit)
                    ),
                    help: Some("correct the report's unit in the dataset".to_string()),
                })?
            }
        };
        offers.push(Offer {
            best: Some(value),
            low: None,
            high: None,
            origin: Origin::Report(report.published),
        });
        reporting.insert(report.source);
    }
    let reading = combine(&offers).ok_or_else(|| no_report(fact, source_names, name))?;
    let unit = comparison.unit.as_ref().map_or(fact.unit, |u| Some(u.node));
    let to_claim =
        |value| convert(value, fact.unit, unit).ok_or_else(|| mismatch(fact, comparison));
    let (value, low, high) = (
        to_claim(reading.best)?,
        to_claim(reading.low)?,
        to_claim(reading.high)?,
    );
    let set = comparison_set(comparison, unit == Some(Unit::Percent), ctx.tolerance);
    Ok(Outcome {
        verdict: set.verdict(&Interval::closed(Some(low), Some(high))),
        value,
        low: Some(low),
        high: Some(high),
        unit,
        window: None,
        incidents: Vec::new(),
        maybe: Vec::new(),
        sources: reporting.into_iter().collect(),
        without_figure: 0,
        groups: Vec::new(),
    })
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
    let claimed = comparison.unit.as_ref().map(|u| u.node);
    let help = match fact.unit {
        None => "write the number without a unit".to_string(),
        Some(Unit::Percent) => "write the number in %".to_string(),
        Some(_) => "write the number in km, m or mi".to_string(),
    };
    EvalError {
        span: comparison.unit.as_ref().map(|u| u.span),
        message: format!(
            "`{}` is given in {} and cannot be compared in {}",
            fact.id,
            in_unit(fact.unit),
            in_unit(claimed)
        ),
        help: Some(help),
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
