//! Reports of a run, `check`'s and `explain`'s. Every format reads the
//! same `check::Run`; this module holds what they share: how numbers,
//! ranges, windows and places are written.

pub mod diff;
pub mod explain;
pub mod findings;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod layout;
pub mod markdown;
pub mod rewrite;
pub mod style;

use crate::ast::{Entry, Unit};
use crate::check::{Run, Summary};
use crate::dataset::{Dataset, FieldRef, IncidentRef};
use crate::date::{Period, Window};
use crate::diagnostic::Diagnostic;
use crate::drift::{Change, Drift, State};
use std::collections::BTreeSet;

/// A number for people: at most two decimals (`838.85`), and thousands
/// separators from five digits on (`24,500`), so that a four-digit figure
/// reads the same whether it is a count or a year (`1350`, `1992`).
pub fn number(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// `N claims: P passed, F failed, D disputed, E errors`, whatever the
/// counts, so that scripts can match it in every format.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{} claims: {} passed, {} failed, {} disputed, {} errors",
        s.total, s.pass, s.fail, s.disputed, s.error
    )
}

/// "2 claims changed since old.json: 1 worse": the drift at a glance.
pub fn drift_headline(d: &Drift) -> String {
    let mut line = format!(
        "{} changed since {}",
        counted(d.changes.len(), "claim"),
        d.baseline
    );
    if !d.changes.is_empty() {
        line.push_str(&format!(": {} worse", d.worse()));
    }
    line
}

/// "worse since old.json: was pass 16, now fail 14": a claim that got
/// worse, in one line.
pub fn got_worse(d: &Drift, c: &Change) -> String {
    format!(
        "worse since {}: was {}, now {}",
        d.baseline,
        drift_state(&c.was),
        drift_state(&c.now)
    )
}

/// A claim's verdict and value in one report of a drift:
/// `pass 16`, `fail 14 (low 12, high 18)`, or the verdict alone without a value.
pub fn drift_state(s: &State) -> String {
    let unit = unit_suffix(s.unit.as_deref().and_then(Unit::from_symbol));
    match s.value {
        Some(value) => format!(
            "{} {}",
            s.verdict.as_str(),
            with_range(value, s.low, s.high, &unit)
        ),
        None => s.verdict.as_str().to_string(),
    }
}

/// A claim as a list names it: its label, else its line.
pub fn claim_name(entry: &Entry) -> String {
    match &entry.label {
        Some(label) => label.node.clone(),
        None => format!("line {}", entry.line),
    }
}

/// The problems of a run that belong to no claim — a file that cannot be
/// read, a dataset's problems, a directive or a quote that is wrong, a
/// baseline that is not a report — since a claim's own error is reported
/// with the claim.
pub fn problems(run: &Run) -> impl Iterator<Item = &Diagnostic> {
    let own: BTreeSet<(&str, usize)> = run
        .claims()
        .filter(|(_, c)| c.result.is_err())
        .map(|(f, c)| (f.path.as_str(), c.entry.line))
        .collect();
    run.diagnostics.iter().filter(move |d| {
        d.span
            .is_none_or(|s| !own.contains(&(d.path.as_str(), s.line)))
    })
}

/// `1 report`, `99,305 incidents`: a count with its noun.
pub fn counted(n: usize, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", number(n as f64))
}

/// A group as the dataset first spells it, from its lowercased key.
pub fn group_name<'a>(ds: &'a Dataset, key: &'a str) -> &'a str {
    ds.names
        .groups
        .get(key)
        .map_or(key, |g| g.spelling.as_str())
}

/// A bound for people: unbounded is `∞`.
pub fn bound(x: Option<f64>) -> String {
    x.map_or_else(|| "∞".to_string(), number)
}

/// A unit as written after a number: `%` close up, others after a space.
pub fn unit_suffix(unit: Option<Unit>) -> String {
    match unit {
        None => String::new(),
        Some(Unit::Percent) => "%".to_string(),
        Some(other) => format!(" {}", other.symbol()),
    }
}

/// A value with its range, `14 (low 12, high 18)`; `unit` follows each
/// number.
pub fn ranged(value: f64, low: Option<f64>, high: Option<f64>, unit: &str) -> String {
    format!(
        "{}{unit} (low {}{unit}, high {}{unit})",
        number(value),
        bound(low),
        bound(high)
    )
}

/// `ranged`, or the value alone where low and high are the value: the
/// short form that lists use.
pub fn with_range(value: f64, low: Option<f64>, high: Option<f64>, unit: &str) -> String {
    if low == Some(value) && high == Some(value) {
        format!("{}{unit}", number(value))
    } else {
        ranged(value, low, high, unit)
    }
}

/// The incident's place fields that it has, in the dataset's order, each
/// with its value as text.
pub fn places<'a>(inc: IncidentRef, ds: &'a Dataset) -> Vec<(&'a str, String)> {
    ds.place_fields
        .iter()
        .filter_map(|name| {
            let value = match inc.field(*ds.names.fields.get(name)?)? {
                FieldRef::Str(s) => s.as_str().to_string(),
                FieldRef::List(items) => items
                    .iter()
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                FieldRef::Num(n) => number(n),
                FieldRef::Bool(_) => return None,
            };
            Some((name.as_str(), value))
        })
        .collect()
}

/// An incident's days, as a window is written.
pub fn period(p: Period) -> String {
    window(&Window {
        from: Some(p.start),
        to: Some(p.end),
    })
}

/// A window in absolute dates, open ends written as `…`.
pub fn window(w: &Window) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
    if w.from.is_some() && w.from == w.to {
        return day(w.from);
    }
    format!("{} – {}", day(w.from), day(w.to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn numbers_read_like_copy() {
        assert_eq!(number(16.0), "16");
        assert_eq!(number(1350.0), "1350");
        assert_eq!(number(1992.0), "1992");
        assert_eq!(number(24_500.0), "24,500");
        assert_eq!(number(2_400_000.0), "2,400,000");
        assert_eq!(number(838.850_630_3), "838.85");
        assert_eq!(number(33.333_333), "33.33");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-12_000.5), "-12,000.5");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn counts_read_like_copy() {
        assert_eq!(counted(1, "report"), "1 report");
        assert_eq!(counted(0, "incident"), "0 incidents");
        assert_eq!(counted(99_305, "incident"), "99,305 incidents");
    }

    #[test]
    fn a_value_shows_its_range_unless_all_readings_agree() {
        assert_eq!(with_range(16.0, Some(16.0), Some(16.0), ""), "16");
        assert_eq!(
            with_range(14.0, Some(12.0), None, " km"),
            "14 km (low 12 km, high ∞ km)"
        );
        assert_eq!(unit_suffix(Some(Unit::Percent)), "%");
        assert_eq!(unit_suffix(Some(Unit::Mi)), " mi");
        assert_eq!(unit_suffix(None), "");
    }

    #[test]
    fn windows_show_absolute_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let w = Window {
            from: d("2025-11-01"),
            to: d("2026-01-12"),
        };
        assert_eq!(window(&w), "2025-11-01 – 2026-01-12");
        let open = Window {
            from: None,
            to: d("2026-01-12"),
        };
        assert_eq!(window(&open), "… – 2026-01-12");
        let day = Window {
            from: d("2026-01-11"),
            to: d("2026-01-11"),
        };
        assert_eq!(window(&day), "2026-01-11");
    }
}
