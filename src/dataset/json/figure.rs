//! Figures (spec §5.1): for each measure a best value, an optional low and
//! high, and an optional breakdown by group. Counts are never negative; an
//! inconsistent range (`low > best`, `best > high`) is kept as the source
//! gave it, with a warning, since evaluation reads every value on offer.

use super::by_name::ByName;
use super::node::Json;
use super::path::Path;
use super::problems::Problems;
use super::read::{number, object, record, reject_unknown};
use crate::dataset::{Estimate, Figure};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

const FIGURE_KEYS: [&str; 4] = ["best", "low", "high", "by"];
const ESTIMATE_KEYS: [&str; 3] = ["best", "low", "high"];

/// A `figures` object: lowercased measure name → figure, in the order of
/// the names.
pub fn figures<'a>(
    node: &Json<'a>,
    path: &Path,
    problems: &mut Problems,
) -> Vec<(Cow<'a, str>, Figure)> {
    let mut figures = ByName::new();
    let what = "an object of figures (measure name → figure)";
    for (measure, value) in object(node, path, what, problems).unwrap_or_default() {
        let at = path.key(measure);
        let figure = figure(value, &at, problems);
        figures.insert(measure.clone(), figure, &at, problems);
    }
    figures.into_sorted()
}

fn figure(node: &Json, path: &Path, problems: &mut Problems) -> Option<Figure> {
    let members = match node {
        Json::Num(_) => {
            return amount(node, path, problems).map(|best| Figure {
                best: Some(best),
                ..Figure::default()
            });
        }
        Json::Obj(members) => members,
        other => {
            let kind = other.kind();
            problems.error(
                path,
                format!(
                    "expected a number or an object with `best`, `low`, `high`, `by`; found {kind}"
                ),
            );
            return None;
        }
    };
    let [best, low, high, by] = record(
        members,
        path,
        &FIGURE_KEYS,
        problems,
        reject_unknown("a figure", &FIGURE_KEYS),
    );
    let nothing_given = best.is_none()
        && low.is_none()
        && high.is_none()
        && by.is_none_or(|by| matches!(by, Json::Obj(groups) if groups.is_empty()));
    if nothing_given {
        problems.error(
            path,
            "a figure needs at least one of `best`, `low`, `high`, `by`",
        );
        return None;
    }
    let own = estimate_of([best, low, high], path, problems);
    let by = by
        .map(|by| groups(by, &path.key("by"), problems))
        .unwrap_or_default();
    let group_bests = by.iter().map(|(_, e)| e.best);
    let best = match own.best {
        Some(best) => {
            let assigned: f64 = group_bests.flatten().sum();
            if assigned > best {
                problems.warn(
                    &path.key("by"),
                    format!("the groups add up to {assigned}, above best {best}; kept as given"),
                );
            }
            Some(best)
        }
        // The sum only where every group gives a best: a partial sum would
        // pass for a total it is not.
        None if !by.is_empty() => group_bests.sum(),
        None => None,
    };
    Some(Figure {
        best,
        low: own.low,
        high: own.high,
        by,
    })
}

/// A `by` object: group → estimate, in input order. Groups whose names are
/// equal case-insensitively add up (spec §8) under the first spelling.
fn groups(node: &Json, path: &Path, problems: &mut Problems) -> Vec<(String, Estimate)> {
    let what = "an object of groups (group name → number or {best, low, high})";
    let Some(members) = object(node, path, what, problems) else {
        return Vec::new();
    };
    let mut groups: Vec<(String, Estimate)> = Vec::new();
    let mut written = HashSet::new();
    let mut position = HashMap::new();
    for (name, value) in members {
        let at = path.key(name);
        if !written.insert(name.as_ref()) {
            problems.error(&at, "this group is given more than once");
            continue;
        }
        let Some(estimate) = estimate(value, &at, problems) else {
            continue;
        };
        match position.get(&name.to_lowercase()) {
            Some(&i) => {
                if let Some((_, sum)) = groups.get_mut(i) {
                    *sum = merge(*sum, estimate);
                }
            }
            None => {
                position.insert(name.to_lowercase(), groups.len());
                groups.push((name.as_ref().to_owned(), estimate));
            }
        }
    }
    groups
}

/// One group's figure: a number or `{best, low, high}`.
fn estimate(node: &Json, path: &Path, problems: &mut Problems) -> Option<Estimate> {
    match node {
        Json::Num(_) => amount(node, path, problems).map(|best| Estimate {
            best: Some(best),
            ..Estimate::default()
        }),
        Json::Obj(members) if members.is_empty() => {
            problems.error(
                path,
                "a group's figure needs at least one of `best`, `low`, `high`",
            );
            None
        }
        Json::Obj(members) => {
            let slots = record(
                members,
                path,
                &ESTIMATE_KEYS,
                problems,
                reject_unknown("a group's figure", &ESTIMATE_KEYS),
            );
            Some(estimate_of(slots, path, problems))
        }
        other => {
            let kind = other.kind();
            problems.error(
                path,
                format!("expected a number or an object with `best`, `low`, `high`; found {kind}"),
            );
            None
        }
    }
}

fn estimate_of(
    [best, low, high]: [Option<&Json>; 3],
    path: &Path,
    problems: &mut Problems,
) -> Estimate {
    let mut read =
        |slot: Option<&Json>, key| slot.and_then(|n| amount(n, &path.key(key), problems));
    let estimate = Estimate {
        best: read(best, "best"),
        low: read(low, "low"),
        high: read(high, "high"),
    };
    check_range(
        estimate.low,
        ("best", estimate.best),
        estimate.high,
        path,
        problems,
    );
    estimate
}

/// Two groups' estimates added up. A bound that only one of them gives is
/// completed with the other's best (the value it is read at); where that
/// is missing too, the sum has no such bound.
fn merge(a: Estimate, b: Estimate) -> Estimate {
    let add = |x: Option<f64>, x_best, y: Option<f64>, y_best| {
        if x.is_none() && y.is_none() {
            return None;
        }
        Some(x.or(x_best)? + y.or(y_best)?)
    };
    Estimate {
        best: add(a.best, a.best, b.best, b.best),
        low: add(a.low, a.best, b.low, b.best),
        high: add(a.high, a.best, b.high, b.best),
    }
}

/// A count: a number that is not negative.
fn amount(node: &Json, path: &Path, problems: &mut Problems) -> Option<f64> {
    let n = number(node, path, problems)?;
    if n < 0.0 {
        problems.error(path, format!("expected a number ≥ 0, found {n}"));
        return None;
    }
    Some(n)
}

/// Warns where `low ≤ middle ≤ high` does not hold (or `low ≤ high`, when
/// there is no middle value); the values stay as given.
pub fn check_range(
    low: Option<f64>,
    (middle_name, middle): (&str, Option<f64>),
    high: Option<f64>,
    path: &Path,
    problems: &mut Problems,
) {
    let mut above = |(a_name, a): (&str, Option<f64>), (b_name, b): (&str, Option<f64>)| {
        if let (Some(a), Some(b)) = (a, b)
            && a > b
        {
            problems.warn(
                path,
                format!("{a_name} {a} is above {b_name} {b}; kept as given"),
            );
        }
    };
    if middle.is_some() {
        above(("low", low), (middle_name, middle));
        above((middle_name, middle), ("high", high));
    } else {
        above(("low", low), ("high", high));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Reads `figures` as the value of a document's `figures` key, so that
    /// problems are placed, and ordered, as in a whole dataset.
    fn read(figures_json: &str) -> (BTreeMap<String, Figure>, Vec<String>) {
        let text = format!(r#"{{"figures": {figures_json}}}"#);
        let Ok(Json::Obj(document)) = serde_json::from_str(&text) else {
            panic!("not an object: {text}")
        };
        let mut problems = Problems::new(&text);
        let figures = figures(&document[0].1, &Path::Root.key("figures"), &mut problems)
            .into_iter()
            .map(|(name, figure)| (name.into_owned(), figure))
            .collect();
        let messages = problems
            .finish()
            .into_iter()
            .map(|e| {
                let kind = if e.warning { "warning" } else { "error" };
                format!("{kind} {}: {}", e.path.unwrap_or_default(), e.message)
            })
            .collect();
        (figures, messages)
    }

    fn est(best: Option<f64>, low: Option<f64>, high: Option<f64>) -> Estimate {
        Estimate { best, low, high }
    }

    #[test]
    fn a_number_is_a_best_value() {
        let (figures, problems) = read(r#"{"Deaths": 4}"#);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            figures,
            BTreeMap::from([(
                "deaths".to_owned(),
                Figure {
                    best: Some(4.0),
                    ..Figure::default()
                }
            )])
        );
    }

    #[test]
    fn an_object_gives_best_low_high_and_groups() {
        let (figures, problems) = read(
            r#"{"deaths": {"best": 5, "low": 4, "high": 9,
                "by": {"militant": 4, "Border guard": {"best": 1, "high": 2}}}}"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            figures.get("deaths"),
            Some(&Figure {
                best: Some(5.0),
                low: Some(4.0),
                high: Some(9.0),
                by: vec![
                    ("militant".to_owned(), est(Some(4.0), None, None)),
                    ("Border guard".to_owned(), est(Some(1.0), None, Some(2.0))),
                ],
            })
        );
    }

    #[test]
    fn best_defaults_to_the_sum_of_the_groups() {
        let (figures, problems) =
            read(r#"{"deaths": {"by": {"a": 3, "b": {"best": 2, "low": 1}}}}"#);
        assert_eq!(problems, Vec::<String>::new());
        let deaths = figures.get("deaths").unwrap();
        assert_eq!(
            (deaths.best, deaths.low, deaths.high),
            (Some(5.0), None, None)
        );
    }

    #[test]
    fn no_best_where_a_group_lacks_one() {
        let (figures, problems) = read(r#"{"deaths": {"by": {"a": 3, "b": {"low": 1}}}}"#);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(figures.get("deaths").unwrap().best, None);
    }

    #[test]
    fn groups_equal_but_for_case_add_up() {
        let (figures, problems) = read(
            r#"{"deaths": {"by": {"Civilians": {"best": 2, "high": 5}, "army": 1, "civilians": 3}}}"#,
        );
        assert_eq!(problems, Vec::<String>::new());
        let deaths = figures.get("deaths").unwrap();
        assert_eq!(
            deaths.by,
            vec![
                ("Civilians".to_owned(), est(Some(5.0), None, Some(8.0))),
                ("army".to_owned(), est(Some(1.0), None, None)),
            ]
        );
        assert_eq!(deaths.best, Some(6.0));
    }

    #[test]
    fn merging_completes_a_bound_with_the_best() {
        assert_eq!(
            merge(est(Some(2.0), Some(1.0), None), est(Some(3.0), None, None)),
            est(Some(5.0), Some(4.0), None)
        );
        assert_eq!(
            merge(est(None, Some(1.0), None), est(None, None, Some(3.0))),
            est(None, None, None)
        );
    }

    #[test]
    fn inconsistent_ranges_are_warnings_kept_as_given() {
        let (figures, problems) = read(
            r#"{"deaths": {"best": 4, "low": 5, "high": 3, "by": {"a": {"best": 9, "high": 2}}},
                "injuries": {"low": 7, "high": 2}}"#,
        );
        assert_eq!(
            problems,
            [
                "warning figures.deaths: low 5 is above best 4; kept as given",
                "warning figures.deaths: best 4 is above high 3; kept as given",
                "warning figures.deaths.by: the groups add up to 9, above best 4; kept as given",
                "warning figures.deaths.by.a: best 9 is above high 2; kept as given",
                "warning figures.injuries: low 7 is above high 2; kept as given",
            ]
        );
        let deaths = figures.get("deaths").unwrap();
        assert_eq!(
            (deaths.best, deaths.low, deaths.high),
            (Some(4.0), Some(5.0), Some(3.0))
        );
    }

    #[test]
    fn bad_figures_are_errors() {
        let (figures, problems) = read(
            r#"{"deaths": -1, "injuries": "4", "missing": {}, "arrests": {"best": 1, "bset": 2},
                "displaced": {"best": -2, "by": {"a": "x", "b": -1, "c": {}, "d": {"worst": 1}}},
                "Deaths": 3, "kidnapped": null}"#,
        );
        assert_eq!(
            problems,
            [
                "error figures.deaths: expected a number ≥ 0, found -1",
                "error figures.injuries: expected a number or an object with `best`, `low`, `high`, `by`; found a string",
                "error figures.missing: a figure needs at least one of `best`, `low`, `high`, `by`",
                "error figures.arrests.bset: unknown key `bset`; did you mean `best`? (a figure has `best`, `low`, `high`, `by`)",
                "error figures.displaced.best: expected a number ≥ 0, found -2",
                "error figures.displaced.by.a: expected a number or an object with `best`, `low`, `high`; found a string",
                "error figures.displaced.by.b: expected a number ≥ 0, found -1",
                "error figures.displaced.by.c: a group's figure needs at least one of `best`, `low`, `high`",
                "error figures.displaced.by.d.worst: unknown key `worst`; a group's figure has `best`, `low`, `high`",
                "error figures.Deaths: `Deaths` repeats an earlier name (names are case-insensitive)",
                "error figures.kidnapped: expected a number or an object with `best`, `low`, `high`, `by`; found null",
            ]
        );
        assert!(!figures.contains_key("injuries"));
    }

    #[test]
    fn a_group_written_twice_is_an_error() {
        let (_, problems) = read(r#"{"deaths": {"by": {"a": 1, "a": 2}}}"#);
        assert_eq!(
            problems,
            ["error figures.deaths.by.a: this group is given more than once"]
        );
    }

    #[test]
    fn figures_must_be_an_object() {
        let (figures, problems) = read("[1]");
        assert!(figures.is_empty());
        assert_eq!(
            problems,
            [
                "error figures: expected an object of figures (measure name → figure), found an array"
            ]
        );
    }
}
