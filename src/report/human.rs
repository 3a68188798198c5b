//! The report an editor reads: per claim the verdict, where it is, the
//! claim and its quote, the window in absolute dates, the value found with
//! its low–high range and the incidents and sources it rests on; a summary
//! line last.

use crate::ast::Unit;
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::dataset::Dataset;
use crate::eval::{Outcome, Verdict};
use crate::report::{bound, number, window};
use std::fmt::Write;

/// ANSI colour, on only when asked for (a terminal, or `--color always`),
/// so piped and snapshotted reports stay plain.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    fn verdict(self, v: Verdict) -> String {
        let (text, code) = match v {
            Verdict::Pass => ("PASS", "32"),
            Verdict::Fail => ("FAIL", "31"),
            Verdict::Disputed => ("DISPUTED", "33"),
            Verdict::Error => ("ERROR", "35"),
        };
        let padded = format!("{text:<9}");
        if self.enabled {
            format!("\x1b[1;{code}m{padded}\x1b[0m")
        } else {
            padded
        }
    }
}

const INDENT: &str = "           ";

pub fn render(run: &Run, paint: Paint) -> String {
    let mut out = String::new();
    for file in &run.files {
        file_header(&mut out, file);
        for claim in &file.claims {
            claim_block(&mut out, file, claim, paint);
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

fn file_header(out: &mut String, file: &CheckedFile) {
    let _ = write!(out, "{}", file.path);
    if let Some(data) = &file.data_path {
        let _ = write!(out, " — data {data}");
    }
    if let Some(as_of) = file.as_of {
        let _ = write!(out, ", as of {as_of}");
    }
    out.push_str("\n\n");
}

fn claim_block(out: &mut String, file: &CheckedFile, claim: &CheckedClaim, paint: Paint) {
    let entry = &claim.entry;
    let name = match &entry.label {
        Some(label) => format!("{} (line {})", label.node, entry.line),
        None => format!("line {}", entry.line),
    };
    let _ = writeln!(out, "  {}{name}", paint.verdict(claim.verdict()));
    let _ = writeln!(out, "{INDENT}{}", entry.text);
    if let Some(quote) = &entry.quote {
        let _ = writeln!(out, "{INDENT}> {quote}");
    }
    match (&claim.result, &file.dataset) {
        (Ok(o), Some(ds)) => outcome_lines(out, o, ds),
        (Err(e), _) => {
            let _ = writeln!(out, "{INDENT}{e}");
        }
        (Ok(_), None) => {}
    }
    out.push('\n');
}

fn outcome_lines(out: &mut String, o: &Outcome, ds: &Dataset) {
    if let Some(w) = o.window.filter(|w| w.from.is_some() || w.to.is_some()) {
        let _ = writeln!(out, "{INDENT}window  {}", window(&w));
    }
    let unit = o.unit.map_or(String::new(), |u| match u {
        Unit::Percent => "%".into(),
        other => format!(" {}", other.symbol()),
    });
    let _ = writeln!(
        out,
        "{INDENT}found   {}{unit} (low {}{unit}, high {}{unit})",
        number(o.value),
        bound(o.low),
        bound(o.high)
    );
    for g in &o.groups {
        let _ = writeln!(
            out,
            "{INDENT}  {:<9}{} {} (low {}, high {})",
            g.verdict.as_str(),
            g.group,
            number(g.value),
            bound(g.low),
            bound(g.high)
        );
    }
    if o.window.is_some() {
        let _ = writeln!(out, "{INDENT}from    {}", provenance(o, ds));
    } else if !o.sources.is_empty() {
        let _ = writeln!(out, "{INDENT}from    {}", source_names(o, ds));
    }
}

/// "5 incidents (2 maybe); sources: AFP (5), Khovar (2)": how many
/// incidents counted and how many of them each source reported.
fn provenance(o: &Outcome, ds: &Dataset) -> String {
    let mut text = format!(
        "{} incident{}",
        o.incidents.len() + o.maybe.len(),
        plural(o.incidents.len() + o.maybe.len())
    );
    if !o.maybe.is_empty() {
        let _ = write!(text, " ({} maybe)", o.maybe.len());
    }
    if o.without_figure > 0 {
        let _ = write!(text, ", {} without a figure", o.without_figure);
    }
    if !o.sources.is_empty() {
        let counts: Vec<String> = o
            .sources
            .iter()
            .filter_map(|s| {
                let s = s.source;
                let source = ds.sources.get(s)?;
                let n = o
                    .incidents
                    .iter()
                    .chain(&o.maybe)
                    .filter_map(|&i| ds.incidents.get(i))
                    .filter(|inc| inc.reports.iter().any(|r| r.source == s))
                    .count();
                Some(format!("{} ({n})", source.name))
            })
            .collect();
        let _ = write!(text, "; sources: {}", counts.join(", "));
    }
    text
}

fn source_names(o: &Outcome, ds: &Dataset) -> String {
    let names: Vec<&str> = o
        .sources
        .iter()
        .filter_map(|s| ds.sources.get(s.source).map(|s| s.name.as_str()))
        .collect();
    format!("sources: {}", names.join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
