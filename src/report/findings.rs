//! What every report says about one evaluated claim, as text that each
//! format lays out its own way: the window, what the claim claims against
//! what was found, each group of an `include`, the incidents and reports it
//! rests on, for a disputed claim who supports and who contradicts it, and
//! the claim rewritten with the value found. The human report, the
//! Markdown comment and the JUnit and GitHub reports all read it, so they
//! never disagree on a word.

use super::layout::listed;
use super::{counted, number, period, ranged, rewrite, unit_suffix, window, with_range};
use crate::ast::{Claim, Comparison};
use crate::check::{CheckedClaim, CheckedFile};
use crate::dataset::Dataset;
use crate::eval::{self, ClaimReading, Context, Outcome, Provenance, Verdict};
use std::fmt::Write;

/// One evaluated claim, as every report words it.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The window in absolute dates, where the claim has one.
    pub window: Option<String>,
    /// The comparison as the claim wrote it, for a claim that did not pass
    /// and has one (an `include` claim has none).
    pub claimed: Option<String>,
    /// The value with its range, in the claim's unit: `14 (low 12, high 18)`.
    pub found: String,
    /// `include`: each group, in the order written.
    pub groups: Vec<GroupFinding>,
    /// "5 incidents (2 maybe); 7 reports: AFP 5, Khovar 2", as units that a
    /// line never breaks inside (a source and its count are one).
    pub from: Vec<String>,
    /// A disputed claim: what supports it, contradicts it or leaves it
    /// undecided, each side cut short as lists are; sides with nothing on
    /// them are left out.
    pub sides: Vec<(Side, Vec<String>)>,
    /// The claim text rewritten so that it passes with the value found.
    pub rewritten: Option<String>,
}

impl Findings {
    /// The findings in one line, for a message that has room for no more:
    /// `claimed = 16, found 14 (low 12, high 18)`, and each group that did
    /// not pass.
    pub fn headline(&self) -> String {
        let mut line = match &self.claimed {
            Some(claimed) => format!("claimed {claimed}, found {}", self.found),
            None => format!("found {}", self.found),
        };
        for g in self.groups.iter().filter(|g| g.verdict != Verdict::Pass) {
            let _ = write!(
                line,
                "; \"{}\" {}: {}",
                g.group,
                g.verdict.as_str(),
                g.found
            );
        }
        line
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupFinding {
    /// The group as the claim wrote it.
    pub group: String,
    pub verdict: Verdict,
    /// Its value with its range.
    pub found: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Supports,
    Contradicts,
    Undecided,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Supports => "supports",
            Side::Contradicts => "contradicts",
            Side::Undecided => "undecided",
        }
    }
}

/// The findings of a claim that could be evaluated; `None` for an error.
pub fn findings(file: &CheckedFile, claim: &CheckedClaim) -> Option<Findings> {
    let o = claim.result.as_ref().ok()?;
    let ast = claim.entry.claim.as_ref().ok()?;
    let ctx = file.context()?;
    let ds = ctx.dataset;
    let passed = o.verdict == Verdict::Pass;
    let comparison = comparison(ast);
    let sides = match o.verdict {
        Verdict::Disputed => eval::provenance(ast, &ctx, o)
            .map(|p| split(&p, o, ds))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Some(Findings {
        window: o
            .window
            .filter(|w| w.from.is_some() || w.to.is_some())
            .map(|w| window(&w)),
        claimed: comparison
            .filter(|_| !passed)
            .map(|c| written(file, claim, c)),
        found: found(o),
        groups: o
            .groups
            .iter()
            .map(|g| GroupFinding {
                group: g.group.clone(),
                verdict: g.verdict,
                found: ranged(g.value, g.low, g.high, ""),
            })
            .collect(),
        from: from(o, ds),
        sides,
        rewritten: comparison
            .filter(|_| !passed)
            .and_then(|c| rewritten(file, claim, c, o, &ctx)),
    })
}

fn comparison(ast: &Claim) -> Option<&Comparison> {
    match ast {
        Claim::Compare { comparison, .. } | Claim::Fact { comparison, .. } => Some(comparison),
        Claim::Include { .. } => None,
    }
}

/// The comparison as the claim wrote it, else the whole claim.
fn written(file: &CheckedFile, claim: &CheckedClaim, c: &Comparison) -> String {
    let text = &claim.entry.text;
    file.line(claim.entry.line)
        .and_then(|line| rewrite::written(line, text, c.span))
        .unwrap_or_else(|| text.clone())
}

fn rewritten(
    file: &CheckedFile,
    claim: &CheckedClaim,
    c: &Comparison,
    o: &Outcome,
    ctx: &Context,
) -> Option<String> {
    let entry = &claim.entry;
    let line = file.line(entry.line)?;
    rewrite::rewrite(line, &entry.text, c, o, ctx.tolerance)
}

/// `14 (low 12, high 18)`, in the claim's unit.
fn found(o: &Outcome) -> String {
    ranged(o.value, o.low, o.high, &unit_suffix(o.unit))
}

/// "5 incidents (2 maybe); 7 reports: AFP 5, Khovar 2": how many incidents
/// counted, and how many reports of each source were on offer.
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
fn split(p: &Provenance, o: &Outcome, ds: &Dataset) -> Vec<(Side, Vec<String>)> {
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
            let what = format!("{} ({dated}) read {side} the window", inc.id());
            items.push(read(reading.as_ref(), what));
        }
    }
    let sides = [
        (Side::Supports, Some(Verdict::Pass)),
        (Side::Contradicts, Some(Verdict::Fail)),
        (Side::Undecided, None),
    ];
    sides
        .into_iter()
        .map(|(side, verdict)| {
            let on_side = items
                .iter()
                .filter(|(v, _)| match verdict {
                    Some(wanted) => *v == Some(wanted),
                    None => !matches!(v, Some(Verdict::Pass | Verdict::Fail)),
                })
                .map(|(_, item)| item.clone())
                .collect();
            (side, listed(on_side))
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
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
    fn a_headline_puts_claimed_against_found_and_every_group_that_did_not_pass() {
        let group = |group: &str, verdict| GroupFinding {
            group: group.into(),
            verdict,
            found: "0 (low 0, high 2)".into(),
        };
        let mut f = Findings {
            window: None,
            claimed: Some("= 16".into()),
            found: "14 (low 12, high 18)".into(),
            groups: Vec::new(),
            from: Vec::new(),
            sides: Vec::new(),
            rewritten: None,
        };
        assert_eq!(f.headline(), "claimed = 16, found 14 (low 12, high 18)");
        f.claimed = None;
        f.groups = vec![group("a", Verdict::Pass), group("b", Verdict::Disputed)];
        assert_eq!(
            f.headline(),
            "found 14 (low 12, high 18); \"b\" disputed: 0 (low 0, high 2)"
        );
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
