//! A failed or disputed claim rewritten with the value found, so that an
//! editor sees the sentence the data supports. The rule:
//!
//! 1. Keep the editor's wording and replace only the number: `= n`,
//!    `exactly n` and `about n` take the value found, `at least n` (`>=`)
//!    the low, `at most n` (`<=`) the high, `between a and b` the low and
//!    the high — where the claim then passes.
//! 2. Otherwise, and always for `more than`, `fewer than` and `!=`, replace
//!    the whole comparison with what is true of the values found: `= v`
//!    when low and high agree, else `between low and high` (`at least low`
//!    or `at most high` when one end is unbounded).
//!
//! Numbers are written as reports write them, with at most two decimals;
//! a low is rounded down and a high up, so the rewritten claim passes.
//! A tolerance the editor wrote stays in step 1 and goes in step 2; a unit
//! stays, and step 2 writes the claim's unit.

use super::{number, unit_suffix};
use crate::ast::{Comparison, ComparisonKind, Number, Op, Span, Spanned, Unit};
use crate::eval::{Outcome, Verdict, verdict_of};

/// The claim `text`, found in its `line` as written, with its comparison
/// rewritten to pass against `found`; `None` when it passes already or
/// no rewrite passes.
pub fn rewrite(
    line: &str,
    text: &str,
    comparison: &Comparison,
    found: &Outcome,
    tolerance: f64,
) -> Option<String> {
    let passes = |c: &Comparison| {
        verdict_of(c, found.unit, tolerance, found.low, found.high) == Verdict::Pass
    };
    if passes(comparison) {
        return None;
    }
    let start = start(line, text)?;
    if let Some((edits, _)) = keep_wording(comparison, found).filter(|(_, c)| passes(c)) {
        return apply(text, start, edits);
    }
    let (replacement, candidate) = replace(comparison, found)?;
    if !passes(&candidate) {
        return None;
    }
    apply(text, start, vec![(comparison.span, replacement)])
}

/// The part of `text` (found in its `line`) that `span` marks: how the
/// claim wrote its comparison.
pub fn written(line: &str, text: &str, span: Span) -> Option<String> {
    let from = span.col.checked_sub(start(line, text)?)?;
    let part: String = text.chars().skip(from).take(span.len).collect();
    (part.chars().count() == span.len).then_some(part)
}

/// The column at which `text` starts in `line`: spans count from the
/// line's start, the claim text from after its label.
fn start(line: &str, text: &str) -> Option<usize> {
    line.find(text)
        .and_then(|at| line.get(..at))
        .map(|before| before.chars().count() + 1)
}

type Edit = (Span, String);

/// Step 1: the comparison with its number(s) replaced, and the edits that
/// write them; `None` for the operators that cannot keep their wording.
fn keep_wording(c: &Comparison, found: &Outcome) -> Option<(Vec<Edit>, Comparison)> {
    let mut candidate = c.clone();
    let unit = c.unit.as_ref();
    let edits = match &mut candidate.kind {
        ComparisonKind::Op { op, number, .. } => {
            let value = match op {
                Op::Eq => nearest(found.value),
                Op::Ge => down(found.low?),
                Op::Le => up(found.high?),
                Op::Gt | Op::Lt | Op::Ne => return None,
            };
            vec![renumber(number, value, unit)]
        }
        ComparisonKind::About { number, .. } => vec![renumber(number, nearest(found.value), unit)],
        ComparisonKind::Between { low, high } => {
            let (least, most) = (down(found.low?), up(found.high?));
            // `between 20 and 10` means the same range, its ends swapped.
            let (first, second) = if low.value <= high.value {
                (least, most)
            } else {
                (most, least)
            };
            vec![renumber(low, first, unit), renumber(high, second, unit)]
        }
    };
    Some((edits, candidate))
}

/// Sets the number to `value` and gives the edit that writes it. Share
/// words (`a quarter`) are their own unit, so their number takes a `%`.
fn renumber(n: &mut Number, value: f64, unit: Option<&Spanned<Unit>>) -> Edit {
    n.value = value;
    let share = unit.is_some_and(|u| u.span == n.span);
    let text = if share {
        format!("{}%", number(value))
    } else {
        number(value)
    };
    (n.span, text)
}

/// Step 2: the comparison that is true of the values found, as text in the
/// claim's unit and as the comparison it reads as.
fn replace(c: &Comparison, found: &Outcome) -> Option<(String, Comparison)> {
    let unit = unit_suffix(found.unit);
    let at = |value| Number {
        value,
        span: c.span,
    };
    let op = |op, value| ComparisonKind::Op {
        op,
        number: at(value),
        tolerance: None,
    };
    let (text, kind) = match (found.low, found.high) {
        (Some(low), Some(high)) if low == high && nearest(low) == low => {
            (format!("= {}{unit}", number(low)), op(Op::Eq, low))
        }
        (Some(low), Some(high)) => {
            let (low, high) = (down(low), up(high));
            (
                format!("between {} and {}{unit}", number(low), number(high)),
                ComparisonKind::Between {
                    low: at(low),
                    high: at(high),
                },
            )
        }
        (Some(low), None) => (
            format!("at least {}{unit}", number(down(low))),
            op(Op::Ge, down(low)),
        ),
        (None, Some(high)) => (
            format!("at most {}{unit}", number(up(high))),
            op(Op::Le, up(high)),
        ),
        (None, None) => return None,
    };
    let candidate = Comparison {
        kind,
        unit: c.unit.clone(),
        span: c.span,
    };
    Some((text, candidate))
}

/// Replaces the spans of `text` (which starts at column `start`).
fn apply(text: &str, start: usize, mut edits: Vec<Edit>) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.col));
    for (span, with) in edits {
        let from = span.col.checked_sub(start)?;
        let to = from.checked_add(span.len)?;
        if to > chars.len() {
            return None;
        }
        chars.splice(from..to, with.chars());
    }
    Some(chars.into_iter().collect())
}

/// Hundredths, as `report::number` writes them. A value within a hair of
/// a hundredth is that hundredth, so that float noise does not move it.
fn hundredths(x: f64, round: fn(f64) -> f64) -> f64 {
    let scaled = x * 100.0;
    let nearest = scaled.round();
    if (scaled - nearest).abs() < 1e-6 {
        nearest / 100.0
    } else {
        round(scaled) / 100.0
    }
}

fn nearest(x: f64) -> f64 {
    hundredths(x, f64::round)
}

fn down(x: f64) -> f64 {
    hundredths(x, f64::floor)
}

fn up(x: f64) -> f64 {
    hundredths(x, f64::ceil)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Claim;
    use crate::parse::parse_entry;

    fn found(value: f64, low: Option<f64>, high: Option<f64>, unit: Option<Unit>) -> Outcome {
        Outcome {
            verdict: Verdict::Fail,
            value,
            low,
            high,
            unit,
            window: None,
            incidents: Default::default(),
            maybe: Default::default(),
            sources: Vec::new(),
            without_figure: 0,
            groups: Vec::new(),
        }
    }

    /// The claim line rewritten against `value (low–high)`, without a unit.
    fn rewritten(line: &str, value: f64, low: f64, high: f64) -> Option<String> {
        rewritten_in(line, &found(value, Some(low), Some(high), None))
    }

    fn rewritten_in(line: &str, found: &Outcome) -> Option<String> {
        let entry = parse_entry(line);
        let comparison = match entry.claim.unwrap() {
            Claim::Compare { comparison, .. } | Claim::Fact { comparison, .. } => comparison,
            Claim::Include { .. } => panic!("no comparison"),
        };
        rewrite(line, &entry.text, &comparison, found, 5.0)
    }

    #[test]
    fn an_equal_number_takes_the_value_found() {
        assert_eq!(
            rewritten("deaths since November = 16", 14.0, 14.0, 14.0).as_deref(),
            Some("deaths since November = 14")
        );
        assert_eq!(
            rewritten("deaths exactly sixteen", 14.0, 14.0, 14.0).as_deref(),
            Some("deaths exactly 14")
        );
        // A tolerance the editor wrote stays.
        assert_eq!(
            rewritten("deaths = 16 ± 2", 12.0, 12.0, 12.0).as_deref(),
            Some("deaths = 12 ± 2")
        );
    }

    #[test]
    fn a_range_found_is_written_as_between() {
        assert_eq!(
            rewritten("deaths since November = 16", 14.0, 12.0, 18.0).as_deref(),
            Some("deaths since November between 12 and 18")
        );
    }

    #[test]
    fn at_least_and_at_most_take_the_low_and_the_high() {
        assert_eq!(
            rewritten("deadly incidents at least five", 3.0, 3.0, 3.0).as_deref(),
            Some("deadly incidents at least 3")
        );
        assert_eq!(
            rewritten("deaths <= 5", 7.0, 6.0, 9.0).as_deref(),
            Some("deaths <= 9")
        );
    }

    #[test]
    fn more_than_fewer_than_and_not_equal_say_what_is_true() {
        assert_eq!(
            rewritten("deaths more than 12", 10.0, 8.0, 11.0).as_deref(),
            Some("deaths between 8 and 11")
        );
        assert_eq!(
            rewritten("deaths fewer than 3", 3.0, 3.0, 6.0).as_deref(),
            Some("deaths between 3 and 6")
        );
        assert_eq!(
            rewritten("incidents != 3", 3.0, 3.0, 3.0).as_deref(),
            Some("incidents = 3")
        );
    }

    #[test]
    fn between_keeps_its_words_and_order() {
        assert_eq!(
            rewritten("deaths between 10 and 20", 25.0, 22.0, 27.0).as_deref(),
            Some("deaths between 22 and 27")
        );
        assert_eq!(
            rewritten("deaths between 20 and 10", 25.0, 22.0, 27.0).as_deref(),
            Some("deaths between 27 and 22")
        );
    }

    #[test]
    fn the_label_and_comment_stay_out_of_the_text() {
        assert_eq!(
            rewritten("tally:   deaths fewer than 3   # checked", 3.0, 3.0, 6.0).as_deref(),
            Some("deaths between 3 and 6")
        );
    }

    #[test]
    fn about_keeps_its_word_where_the_tolerance_covers_the_range() {
        let mi = found(838.85, Some(835.12), Some(845.06), Some(Unit::Mi));
        assert_eq!(
            rewritten_in("fact border_length = about 900 mi", &mi).as_deref(),
            Some("fact border_length = about 838.85 mi")
        );
        // 5% of 100 does not reach 80–120.
        assert_eq!(
            rewritten("deaths about 150", 100.0, 80.0, 120.0).as_deref(),
            Some("deaths between 80 and 120")
        );
    }

    #[test]
    fn units_and_shares_are_kept() {
        let share = found(30.0, Some(28.0), Some(32.0), Some(Unit::Percent));
        assert_eq!(
            rewritten_in("fact share = about a quarter", &share).as_deref(),
            Some("fact share = about 30%")
        );
        assert_eq!(
            rewritten_in("fact share > 40%", &share).as_deref(),
            Some("fact share between 28 and 32%")
        );
        let km = found(1350.0, Some(1350.0), Some(1_351.848_96), Some(Unit::Km));
        assert_eq!(
            rewritten_in("fact border_length = 1,350 km", &km).as_deref(),
            Some("fact border_length between 1350 and 1351.85 km")
        );
    }

    #[test]
    fn ends_round_outward_so_the_rewrite_passes() {
        assert_eq!(
            rewritten("deaths = 1", 14.0, 12.345, 18.001).as_deref(),
            Some("deaths between 12.34 and 18.01")
        );
        // One value that two decimals cannot write exactly.
        let third = 1.0 / 3.0;
        assert_eq!(
            rewritten("fact share = 1", third, third, third).as_deref(),
            Some("fact share between 0.33 and 0.34")
        );
    }

    #[test]
    fn an_unbounded_end_is_left_open() {
        let open = found(3.0, Some(2.0), None, None);
        assert_eq!(
            rewritten_in("min deaths = 3", &open).as_deref(),
            Some("min deaths at least 2")
        );
    }

    #[test]
    fn a_passing_claim_is_not_rewritten() {
        assert_eq!(rewritten("deaths = 16", 16.0, 16.0, 16.0), None);
    }

    #[test]
    fn the_comparison_as_written() {
        let line = "afp:  deaths since November = about 16 ± 2  # x";
        let entry = parse_entry(line);
        let Ok(Claim::Compare { comparison, .. }) = entry.claim else {
            panic!("a comparison")
        };
        assert_eq!(
            written(line, &entry.text, comparison.span).as_deref(),
            Some("= about 16 ± 2")
        );
    }
}
