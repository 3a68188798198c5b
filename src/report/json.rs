//! The machine report (spec §7): one JSON document with `version: 1`, a
//! record per claim and the summary. Field names and meanings are a
//! contract with CI jobs and kept snapshots, so they only ever grow.

use crate::check::{CheckedClaim, CheckedFile, Run, Summary};
use crate::dataset::Dataset;
use crate::diagnostic::{Diagnostic, Severity};
use crate::eval::{GroupOutcome, Outcome};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    claims: Vec<Claim<'a>>,
    summary: Totals,
    diagnostics: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct Claim<'a> {
    file: &'a str,
    line: usize,
    label: Option<&'a str>,
    claim: &'a str,
    quote: Option<&'a str>,
    verdict: &'static str,
    value: Option<Num>,
    low: Option<Num>,
    high: Option<Num>,
    unit: Option<&'static str>,
    window: Option<Window>,
    incidents: Vec<&'a str>,
    maybe: Vec<&'a str>,
    sources: Vec<&'a str>,
    without_figure: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Group<'a>>,
    message: Option<String>,
}

#[derive(Serialize)]
struct Group<'a> {
    group: &'a str,
    verdict: &'static str,
    value: Num,
    low: Option<Num>,
    high: Option<Num>,
}

#[derive(Serialize)]
struct Window {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct Totals {
    total: usize,
    pass: usize,
    fail: usize,
    disputed: usize,
    error: usize,
}

#[derive(Serialize)]
struct Problem<'a> {
    severity: &'static str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    context: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
}

/// A figure as JSON: whole numbers without a fractional part, so `16`
/// reads as `16`, not `16.0`.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if self.0.fract() == 0.0 && self.0.abs() < EXACT {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

pub fn render(run: &Run) -> String {
    let claims = run.claims().map(|(f, c)| claim(f, c)).collect();
    let Summary {
        total,
        pass,
        fail,
        disputed,
        error,
    } = run.summary();
    let doc = Document {
        version: 1,
        claims,
        summary: Totals {
            total,
            pass,
            fail,
            disputed,
            error,
        },
        diagnostics: run.diagnostics.iter().map(problem).collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn claim<'a>(file: &'a CheckedFile, c: &'a CheckedClaim) -> Claim<'a> {
    let entry = &c.entry;
    let mut out = Claim {
        file: &file.path,
        line: entry.line,
        label: entry.label.as_ref().map(|l| l.node.as_str()),
        claim: &entry.text,
        quote: entry.quote.as_deref(),
        verdict: c.verdict().as_str(),
        value: None,
        low: None,
        high: None,
        unit: None,
        window: None,
        incidents: Vec::new(),
        maybe: Vec::new(),
        sources: Vec::new(),
        without_figure: 0,
        groups: Vec::new(),
        message: None,
    };
    match (&c.result, &file.dataset) {
        (Ok(o), Some(ds)) => fill(&mut out, o, ds),
        (Err(e), _) => out.message = Some(e.to_string()),
        (Ok(_), None) => {}
    }
    out
}

fn fill<'a>(out: &mut Claim<'a>, o: &'a Outcome, ds: &'a Dataset) {
    out.value = Some(Num(o.value));
    out.low = o.low.map(Num);
    out.high = o.high.map(Num);
    out.unit = o.unit.map(|u| u.symbol());
    out.window = o
        .window
        .filter(|w| w.from.is_some() || w.to.is_some())
        .map(|w| Window {
            from: w.from.map(|d| d.to_string()),
            to: w.to.map(|d| d.to_string()),
        });
    let ids = |idx: &'a [usize]| -> Vec<&'a str> {
        idx.iter()
            .filter_map(|&i| ds.incidents.get(i).map(|inc| inc.id.as_str()))
            .collect()
    };
    out.incidents = ids(&o.incidents);
    out.maybe = ids(&o.maybe);
    out.sources = o
        .sources
        .iter()
        .filter_map(|s| ds.sources.get(s.source).map(|s| s.id.as_str()))
        .collect();
    out.without_figure = o.without_figure;
    out.groups = o.groups.iter().map(group).collect();
}

fn group(g: &GroupOutcome) -> Group<'_> {
    Group {
        group: &g.group,
        verdict: g.verdict.as_str(),
        value: Num(g.value),
        low: g.low.map(Num),
        high: g.high.map(Num),
    }
}

fn problem(d: &Diagnostic) -> Problem<'_> {
    Problem {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        file: &d.path,
        line: d.span.map(|s| s.line),
        column: d.span.filter(|s| s.len > 0).map(|s| s.col),
        context: d.context.as_deref(),
        message: &d.message,
        help: d.help.as_deref(),
    }
}
