//! `claimcheck explain`, for people: the claim's block as `check` shows it,
//! then the drill-down — every incident in or maybe in scope, each in a
//! few lines (why it is maybe, the figure used, each report on offer with
//! its source, date, figure, quote and link), or for a fact its value in
//! the claim's unit and every report. Nothing is cut short: this is where
//! an editor goes to see everything a verdict rests on.

use super::findings::findings;
use super::human::{INDENT, Paint, claim_block, setting};
use super::layout::{line, wrap_text};
use super::{counted, group_name, number, period, places, unit_suffix, with_range};
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::dataset::{Dataset, FigureRef, IncidentRef, ReportRef};
use crate::diagnostic::printable;
use crate::eval::{self, FactDetail, IncidentDetail, Outcome, Provenance, Reason, Tri};
use chrono::NaiveDate;
use std::fmt::Write;

pub fn render(run: &Run, paint: Paint) -> String {
    let mut out = String::new();
    for file in &run.files {
        header(&mut out, file);
        for claim in &file.claims {
            let name = claim
                .entry
                .label
                .as_ref()
                .map_or("the claim", |l| l.node.as_str());
            claim_block(&mut out, claim, findings(file, claim).as_ref(), name, paint);
            if let Some((o, p, ds)) = explained(file, claim) {
                match &p.fact {
                    Some(detail) => fact(&mut out, detail, o, ds),
                    None => incidents(&mut out, &p, ds),
                }
            }
        }
    }
    out
}

/// What the claim is checked against: `explain` always names a dataset.
fn header(out: &mut String, file: &CheckedFile) {
    wrap_text(out, &setting(file), "", "  ");
    out.push('\n');
}

/// The claim's outcome and provenance, where it could be evaluated.
pub fn explained<'a>(
    file: &'a CheckedFile,
    claim: &'a CheckedClaim,
) -> Option<(&'a Outcome, Provenance, &'a Dataset)> {
    let outcome = claim.result.as_ref().ok()?;
    let ast = claim.entry.claim.as_ref().ok()?;
    let ctx = file.context()?;
    let provenance = eval::provenance(ast, &ctx, outcome).ok()?;
    Some((outcome, provenance, ctx.dataset))
}

fn incidents(out: &mut String, p: &Provenance, ds: &Dataset) {
    let maybe = p
        .incidents
        .iter()
        .filter(|d| d.membership == Tri::Maybe)
        .count();
    let n = p.incidents.len();
    let _ = write!(out, "  {} in scope", counted(n, "incident"));
    if maybe > 0 {
        let _ = write!(out, " ({maybe} maybe)");
    }
    out.push_str(if n == 0 { "\n\n" } else { ":\n\n" });
    let measure = p.measure.as_deref();
    let shown = match (measure, &p.group) {
        (Some(m), Some(g)) => Some(format!("{m} of {}", group_name(ds, g))),
        (m, _) => m.map(str::to_string),
    };
    for detail in &p.incidents {
        if let Some(inc) = ds.incidents.get(detail.incident) {
            incident(out, detail, inc, shown.as_deref(), measure, ds);
        }
    }
}

/// One incident: what it is, why it is maybe, its figure, its reports.
fn incident(
    out: &mut String,
    detail: &IncidentDetail,
    inc: IncidentRef,
    shown: Option<&str>,
    measure: Option<&str>,
    ds: &Dataset,
) {
    let status = if detail.membership == Tri::In {
        "in"
    } else {
        "maybe"
    };
    let head = format!("{} · {}", inc.id(), period(inc.date()));
    let rest = format!("{INDENT}  ");
    wrap_text(out, &head, &format!("  {status:<9}"), &rest);
    let place: Vec<String> = places(inc, ds).into_iter().map(|(_, v)| v).collect();
    if !place.is_empty() {
        wrap_text(out, &place.join(" / "), INDENT, &rest);
    }
    for reason in &detail.reasons {
        wrap_text(out, &why(reason), &format!("{INDENT}maybe: "), &rest);
    }
    if let Some(shown) = shown {
        let figure = detail.figure.map_or(": no figure".to_string(), |f| {
            format!(" {}", with_range(f.best, Some(f.low), Some(f.high), ""))
        });
        line(out, INDENT, &format!("{shown}{figure}"));
    }
    if let Some(own) = measure
        .filter(|_| detail.own)
        .and_then(|m| inc.figures().find(|f| f.measure() == m))
    {
        let _ = writeln!(
            out,
            "{INDENT}- the dataset's own figure: {}",
            printable(&figure_text(own))
        );
    }
    for report in detail.reports.iter().filter_map(|&r| inc.report(r)) {
        report_lines(out, report, measure, ds);
    }
    out.push('\n');
}

fn why(reason: &Reason) -> String {
    match reason {
        Reason::Date(days) => format!("its date, {}, straddles the window", period(*days)),
        Reason::Figure {
            measure,
            op,
            value,
            low,
            high,
        } => format!(
            "its {measure}, {} to {}, straddles `{measure} {} {}`",
            number(*low),
            number(*high),
            op.symbol(),
            number(*value)
        ),
    }
}

/// One report of an incident, with its figure for the measure (every
/// figure it gives, when the claim counts incidents).
fn report_lines(out: &mut String, report: ReportRef, measure: Option<&str>, ds: &Dataset) {
    let figures: Vec<String> = match measure {
        Some(m) => report
            .figures()
            .filter(|f| f.measure() == m)
            .map(figure_text)
            .collect(),
        None => report
            .figures()
            .map(|f| format!("{} {}", f.measure(), figure_text(f)))
            .collect(),
    };
    let figures = if figures.is_empty() {
        "no figure".to_string()
    } else {
        figures.join("; ")
    };
    let account = Account {
        source: report.source(),
        published: report.published(),
        quote: report.quote(),
        url: report.url(),
    };
    account.lines(out, &figures, ds);
}

/// What every report says of itself: who, when, what words, where.
struct Account<'a> {
    source: usize,
    published: Option<NaiveDate>,
    quote: Option<&'a str>,
    url: Option<&'a str>,
}

impl Account<'_> {
    /// `- AFP, 2025-11-27: 5 (low 4, high 6)`, its quote and its link.
    fn lines(&self, out: &mut String, value: &str, ds: &Dataset) {
        let source = ds.sources.get(self.source).map_or("?", |s| s.name.as_str());
        let published = self
            .published
            .map_or("undated".to_string(), |d| d.to_string());
        let deeper = format!("{INDENT}    ");
        wrap_text(
            out,
            &format!("{source}, {published}: {value}"),
            &format!("{INDENT}- "),
            &deeper,
        );
        if let Some(quote) = self.quote {
            wrap_text(out, quote, &format!("{INDENT}  > "), &deeper);
        }
        if let Some(url) = self.url {
            line(out, &format!("{INDENT}  "), url);
        }
    }
}

/// A figure as a report gives it: `5 (low 4, high 6), by militant 4`.
fn figure_text(f: FigureRef) -> String {
    let e = f.estimate();
    let mut text = e.best.map_or("–".to_string(), number);
    if e.low.is_some() || e.high.is_some() {
        let end = |x: Option<f64>| x.map_or("–".to_string(), number);
        let _ = write!(text, " (low {}, high {})", end(e.low), end(e.high));
    }
    if f.has_breakdown() {
        let groups: Vec<String> = f
            .by()
            .map(|share| {
                let best = share.estimate.best.map_or("–".to_string(), number);
                format!("{} {best}", share.group.as_str())
            })
            .collect();
        let _ = write!(text, ", by {}", groups.join(", "));
    }
    text
}

/// A fact: its own value, then every report on offer, each in its own
/// unit and, where that differs, in the claim's (`1350 km = 838.85 mi`).
fn fact(out: &mut String, detail: &FactDetail, o: &Outcome, ds: &Dataset) {
    let Some(fact) = ds.facts.get(detail.fact) else {
        return;
    };
    let shown = |value: f64, unit, converted: f64| {
        let given = format!("{}{}", number(value), unit_suffix(unit));
        if unit == o.unit {
            given
        } else {
            format!("{given} = {}{}", number(converted), unit_suffix(o.unit))
        }
    };
    let mut head = format!(
        "fact {}: {}",
        fact.id,
        shown(fact.value, fact.unit, detail.value)
    );
    if fact.low.is_some() || fact.high.is_some() {
        let end = |x: Option<f64>| x.map_or("–".to_string(), number);
        let unit = unit_suffix(fact.unit);
        let _ = write!(
            head,
            " (low {}{unit}, high {}{unit})",
            end(fact.low),
            end(fact.high)
        );
    }
    let _ = write!(
        head,
        "; {} on offer",
        counted(detail.reports.len(), "report")
    );
    wrap_text(out, &head, "  ", INDENT);
    for r in &detail.reports {
        let Some(report) = fact.reports.get(r.report) else {
            continue;
        };
        let account = Account {
            source: report.source,
            published: report.published,
            quote: report.quote.as_deref(),
            url: report.url.as_deref(),
        };
        account.lines(out, &shown(r.value, r.unit, r.converted), ds);
    }
    out.push('\n');
}
