//! The report an editor reads: per claim the verdict, where it is, the
//! claim and its quote, the window in absolute dates, the value found with
//! its low–high range and the incidents and reports it rests on. A failed
//! or disputed claim also shows what it claims against what was found and
//! the claim rewritten with the value found; a disputed one, which sources
//! and which date readings support it and which contradict it. A summary
//! line comes last.

use super::layout::{listed, wrap, wrap_text};
use super::style::Style;
use super::{counted, diff, number, period, ranged, rewrite, unit_suffix, window, with_range};
use crate::ast::{Claim, Comparison};
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::dataset::Dataset;
use crate::diagnostic::printable;
use crate::eval::{self, ClaimReading, Context, Outcome, Provenance, Verdict};
use std::fmt::Write;

pub use super::style::Paint;

/// Where a claim's lines start: after the two-space margin and the verdict.
pub const INDENT: &str = "           ";

pub fn render(run: &Run, paint: Paint) -> String {
    let mut out = String::new();
    for file in &run.files {
        file_header(&mut out, file);
        for claim in &file.claims {
            let entry = &claim.entry;
            let name = match &entry.label {
                Some(label) => format!("{} (line {})", label.node, entry.line),
                None => format!("line {}", entry.line),
            };
            claim_block(&mut out, file, claim, &name, paint);
        }
    }
    let s = run.summary();
    let _ = writeln!(
        out,
        "{} claims: {} passed, {} failed, {} disputed, {} errors",
        s.total, s.pass, s.fail, s.disputed, s.error
    );
    out
}

/// The file, then what it is checked against, so that neither line runs
/// past 80 columns however long the paths.
fn file_header(out: &mut String, file: &CheckedFile) {
    wrap_text(out, &file.path, "", "  ");
    let setting = setting(file);
    if !setting.is_empty() {
        wrap_text(out, &setting, "  ", "    ");
    }
    out.push('\n');
}

/// "data sources/x.json, as of 2026-01-12": what a file's claims are
/// checked against.
pub fn setting(file: &CheckedFile) -> String {
    let mut parts = Vec::new();
    if let Some(data) = &file.data_path {
        parts.push(format!("data {data}"));
    }
    if let Some(as_of) = file.as_of {
        parts.push(format!("as of {as_of}"));
    }
    parts.join(", ")
}

/// One claim's block, ending with a blank line; `name` says which claim.
pub fn claim_block(
    out: &mut String,
    file: &CheckedFile,
    claim: &CheckedClaim,
    name: &str,
    paint: Paint,
) {
    let entry = &claim.entry;
    let _ = writeln!(out, "  {}{name}", paint.verdict(claim.verdict()));
    wrap_text(out, &entry.text, INDENT, &format!("{INDENT}  "));
    if let Some(quote) = &entry.quote {
        wrap_text(out, quote, &format!("{INDENT}> "), &format!("{INDENT}  "));
    }
    match (&claim.result, &entry.claim, file.context()) {
        (Ok(o), Ok(ast), Some(ctx)) => {
            let shown = Shown {
                file,
                claim,
                ast,
                outcome: o,
                ctx,
            };
            shown.outcome_lines(out, paint);
        }
        (Err(e), _, _) => wrap_text(out, &e.to_string(), INDENT, INDENT),
        _ => {}
    }
    out.push('\n');
}

/// An evaluated claim, with everything its lines are made from.
struct Shown<'a> {
    file: &'a CheckedFile,
    claim: &'a CheckedClaim,
    ast: &'a Claim,
    outcome: &'a Outcome,
    ctx: Context<'a>,
}

impl Shown<'_> {
    fn outcome_lines(&self, out: &mut String, paint: Paint) {
        let o = self.outcome;
        let ds = self.ctx.dataset;
        if let Some(w) = o.window.filter(|w| w.from.is_some() || w.to.is_some()) {
            let _ = writeln!(out, "{INDENT}window  {}", window(&w));
        }
        let passed = o.verdict == Verdict::Pass;
        match (passed, self.comparison()) {
            (false, Some(c)) => {
                let claimed = self.written(c);
                diff::claimed(out, INDENT, &claimed, &found(o), paint);
            }
            _ => {
                let _ = writeln!(out, "{INDENT}found   {}", found(o));
            }
        }
        // Each group once: a passing one as a line, any other as what the
        // claim expects of it against what was found, with its verdict.
        for g in &o.groups {
            if g.verdict == Verdict::Pass {
                let value = ranged(g.value, g.low, g.high, "");
                let group = printable(&g.group);
                let _ = writeln!(out, "{INDENT}  pass     {group} {value}");
            } else {
                let claimed = format!("\"{}\" > 0", g.group);
                let value = ranged(g.value, g.low, g.high, "");
                let value = format!("{value}: {}", g.verdict.as_str());
                diff::claimed(out, INDENT, &claimed, &value, paint);
            }
        }
        let units = from(o, ds);
        let units: Vec<(&str, Style)> = units.iter().map(|u| (u.as_str(), Style::Plain)).collect();
        wrap(
            out,
            &units,
            &format!("{INDENT}from    "),
            &format!("{INDENT}        "),
            Paint { enabled: false },
        );
        if o.verdict == Verdict::Disputed
            && let Ok(p) = eval::provenance(self.ast, &self.ctx, o)
        {
            split(out, &p, o, ds);
        }
        if !passed {
            self.rewritten(out, paint);
        }
    }

    fn comparison(&self) -> Option<&Comparison> {
        match self.ast {
            Claim::Compare { comparison, .. } | Claim::Fact { comparison, .. } => Some(comparison),
            Claim::Include { .. } => None,
        }
    }

    /// The comparison as the claim wrote it, else the whole claim.
    fn written(&self, c: &Comparison) -> String {
        let text = &self.claim.entry.text;
        self.file
            .line(self.claim.entry.line)
            .and_then(|line| rewrite::written(line, text, c.span))
            .unwrap_or_else(|| text.clone())
    }

    fn rewritten(&self, out: &mut String, paint: Paint) {
        let entry = &self.claim.entry;
        let new = self.comparison().and_then(|c| {
            let line = self.file.line(entry.line)?;
            rewrite::rewrite(line, &entry.text, c, self.outcome, self.ctx.tolerance)
        });
        if let Some(new) = new {
            let _ = writeln!(out, "{INDENT}rewritten with the value found:");
            diff::lines(out, INDENT, &entry.text, &new, paint);
        }
    }
}

/// `14 (low 12, high 18)`, in the claim's unit.
fn found(o: &Outcome) -> String {
    ranged(o.value, o.low, o.high, &unit_suffix(o.unit))
}

/// "5 incidents (2 maybe); 7 reports: AFP 5, Khovar 2": how many incidents
/// counted, and how many reports of each source were on offer. Each
/// source with its count is one unit, so a line never breaks inside it.
fn from(o: &Outcome, ds: &Dataset) -> Vec<String> {
    let mut text = String::new();
    if o.window.is_some() {
        text = counted(o.incidents.len() + o.maybe.len(), "incident");
        if !o.maybe.is_empty() {
            let _ = write!(text, " ({} maybe)", o.maybe.len());
        }
        if o.without_figure > 0 {
            let _ = write!(text, ", {} without a figure", o.without_figure);
        }
    }
    let total: usize = o.sources.iter().map(|s| s.reports).sum();
    if total > 0 {
        if !text.is_empty() {
            text.push_str("; ");
        }
        let _ = write!(text, "{}:", counted(total, "report"));
    }
    let mut units: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let names: Vec<String> = o
        .sources
        .iter()
        .filter_map(|s| Some(format!("{} {}", ds.sources.get(s.source)?.name, s.reports)))
        .collect();
    let names = listed(names);
    let last = names.len().saturating_sub(1);
    units.extend(
        names
            .into_iter()
            .enumerate()
            .map(|(i, name)| if i < last { format!("{name},") } else { name }),
    );
    units
}

/// A disputed claim: which sources alone (for a fact, which reports) and
/// which date readings support it, which contradict it, and which leave it
/// undecided, each with its value.
fn split(out: &mut String, p: &Provenance, o: &Outcome, ds: &Dataset) {
    let unit = unit_suffix(o.unit);
    let read = |reading: Option<&ClaimReading>, what: String| {
        let value = reading.map_or("no value".to_string(), |r| reading_text(r, &unit));
        (reading.map(|r| r.verdict), format!("{what}: {value}"))
    };
    let mut items = Vec::new();
    match &p.fact {
        Some(detail) => {
            if let Some(own) = &detail.own {
                items.push(read(Some(own), "the dataset's own figure".to_string()));
            }
            let reports = ds.facts.get(detail.fact).map_or(&[][..], |f| &f.reports);
            for r in &detail.reports {
                let Some(source) = reports
                    .get(r.report)
                    .and_then(|fr| ds.sources.get(fr.source))
                else {
                    continue;
                };
                let given = if r.unit == o.unit {
                    String::new()
                } else {
                    format!(" ({}{})", number(r.value), unit_suffix(r.unit))
                };
                let value = format!("{}{unit}", number(r.converted));
                items.push((Some(r.verdict), format!("{}{given}: {value}", source.name)));
            }
        }
        None => {
            for s in &p.sources {
                if let Some(source) = ds.sources.get(s.source) {
                    items.push(read(s.reading.as_ref(), source.name.clone()));
                }
            }
        }
    }
    // A date that reads the same inside and outside the window is not
    // what splits the claim.
    for d in p.dates.iter().filter(|d| d.inside != d.outside) {
        let Some(inc) = ds.incidents.get(d.incident) else {
            continue;
        };
        let dated = period(d.period);
        for (reading, side) in [(&d.inside, "inside"), (&d.outside, "outside")] {
            let what = format!("{} ({dated}) read {side} the window", inc.id);
            items.push(read(reading.as_ref(), what));
        }
    }
    let sides = [
        ("supports", Some(Verdict::Pass)),
        ("contradicts", Some(Verdict::Fail)),
        ("undecided", None),
    ];
    for (side, verdict) in sides {
        let on_side = items
            .iter()
            .filter(|(v, _)| match verdict {
                Some(wanted) => *v == Some(wanted),
                None => !matches!(v, Some(Verdict::Pass | Verdict::Fail)),
            })
            .map(|(_, item)| item.clone())
            .collect();
        for (i, item) in listed(on_side).iter().enumerate() {
            let label = if i == 0 { side } else { "" };
            wrap_text(
                out,
                item,
                &format!("{INDENT}{label:<13}"),
                &format!("{INDENT}{:15}", ""),
            );
        }
    }
}

/// A reading's value and range, or for `include` each group's.
fn reading_text(r: &ClaimReading, unit: &str) -> String {
    if r.groups.is_empty() {
        return with_range(r.value, r.low, r.high, unit);
    }
    let groups: Vec<String> = r
        .groups
        .iter()
        .map(|g| format!("{} {}", g.group, with_range(g.value, g.low, g.high, "")))
        .collect();
    groups.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Source;
    use crate::date::Window;
    use crate::eval::SourceReports;

    fn dataset(names: &[&str]) -> Dataset {
        let sources = names
            .iter()
            .map(|name| Source {
                id: name.to_lowercase(),
                name: name.to_string(),
                kind: None,
                url: None,
            })
            .collect();
        Dataset {
            sources,
            ..Dataset::default()
        }
    }

    fn outcome(incidents: usize, maybe: usize, reports: &[usize]) -> Outcome {
        Outcome {
            verdict: Verdict::Pass,
            value: 0.0,
            low: Some(0.0),
            high: Some(0.0),
            unit: None,
            window: Some(Window {
                from: None,
                to: None,
            }),
            incidents: (0..incidents).collect(),
            maybe: (incidents..incidents + maybe).collect(),
            sources: reports
                .iter()
                .enumerate()
                .map(|(source, &reports)| SourceReports { source, reports })
                .collect(),
            without_figure: 1,
            groups: Vec::new(),
        }
    }

    #[test]
    fn from_counts_incidents_and_each_sources_reports() {
        let ds = dataset(&["AFP", "Varnia News Agency"]);
        let units = from(&outcome(3, 1, &[2, 1]), &ds);
        assert_eq!(
            units.join(" "),
            "4 incidents (1 maybe), 1 without a figure; 3 reports: AFP 2, Varnia News Agency 1"
        );
        // A source and its count are one unit, never broken across lines.
        assert_eq!(
            units.last().map(String::as_str),
            Some("Varnia News Agency 1")
        );
    }

    #[test]
    fn from_cuts_a_long_list_of_sources_short() {
        let names = ["A", "B", "C", "D", "E", "F", "G"];
        let units = from(&outcome(1, 0, &[1; 7]), &dataset(&names));
        assert_eq!(
            units.join(" "),
            "1 incident, 1 without a figure; 7 reports: A 1, B 1, C 1, D 1, E 1, … and 2 more"
        );
    }
}
