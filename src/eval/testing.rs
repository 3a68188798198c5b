//! Builders for the small datasets and names the evaluation tests use, so
//! that each test states only what it is about. The shared `dataset()`
//! is a miniature of the Tajik–Afghan border data; its numbers are worked
//! out by hand in the tests that read it.

use super::Outcome;
use crate::ast::{Comparison, ComparisonKind, Number, Op, Span, Spanned, Unit};
use crate::dataset::{
    Dataset, Estimate, Fact, FactReport, Field, Figure, Incident, Report, Source,
};
use crate::date::Period;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A name as a claim writes it, at line 1, column 1.
pub fn named(name: &str) -> Spanned<String> {
    Spanned {
        node: name.to_string(),
        span: Span {
            line: 1,
            col: 1,
            len: name.chars().count(),
        },
    }
}

/// A comparison `op n`, without a unit or tolerance.
pub fn op(op: Op, n: f64) -> Comparison {
    comparison(ComparisonKind::Op {
        op,
        number: number(n),
        tolerance: None,
    })
}

/// `about n`, with the default tolerance.
pub fn about(n: f64) -> Comparison {
    comparison(ComparisonKind::About {
        number: number(n),
        tolerance: None,
    })
}

pub fn between(low: f64, high: f64) -> Comparison {
    comparison(ComparisonKind::Between {
        low: number(low),
        high: number(high),
    })
}

/// The comparison with a unit, written at column 30.
pub fn in_unit(comparison: Comparison, unit: Unit) -> Comparison {
    Comparison {
        unit: Some(Spanned {
            node: unit,
            span: Span {
                line: 1,
                col: 30,
                len: unit.symbol().len(),
            },
        }),
        ..comparison
    }
}

fn comparison(kind: ComparisonKind) -> Comparison {
    Comparison {
        kind,
        unit: None,
        span: Span::default(),
    }
}

fn number(value: f64) -> Number {
    Number {
        value,
        span: Span::default(),
    }
}

/// The outcome's sources with how many of their reports were on offer.
pub fn reporting(o: &Outcome) -> Vec<(usize, usize)> {
    o.sources.iter().map(|s| (s.source, s.reports)).collect()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a test date is valid")
}

pub fn days(start: NaiveDate, end: NaiveDate) -> Period {
    Period { start, end }
}

pub fn exact(best: f64) -> Figure {
    ranged(Some(best), None, None)
}

pub fn ranged(best: Option<f64>, low: Option<f64>, high: Option<f64>) -> Figure {
    Figure {
        best,
        low,
        high,
        by: Vec::new(),
    }
}

/// A figure given only by its breakdown; as the loader does, its best is
/// the sum of the groups' bests.
pub fn by(groups: &[(&str, Estimate)]) -> Figure {
    Figure {
        best: Some(groups.iter().filter_map(|(_, e)| e.best).sum()),
        low: None,
        high: None,
        by: groups
            .iter()
            .map(|(name, e)| (name.to_string(), *e))
            .collect(),
    }
}

pub fn group(best: f64) -> Estimate {
    Estimate {
        best: Some(best),
        low: None,
        high: None,
    }
}

/// A report by source `source` giving `deaths`, if any.
pub fn report(source: usize, published: Option<NaiveDate>, deaths: Option<Figure>) -> Report {
    Report {
        source,
        published,
        url: None,
        quote: None,
        figures: deaths
            .into_iter()
            .map(|f| ("deaths".to_string(), f))
            .collect(),
    }
}

/// An incident on 26 November 2025 without fields, with its own `deaths`.
pub fn incident(deaths: Option<Figure>, reports: Vec<Report>) -> Incident {
    Incident {
        id: "test".to_string(),
        date: days(day(2025, 11, 26), day(2025, 11, 26)),
        fields: BTreeMap::new(),
        figures: deaths
            .into_iter()
            .map(|f| ("deaths".to_string(), f))
            .collect(),
        reports,
    }
}

pub fn text(s: &str) -> Field {
    Field::Str(s.to_string())
}

fn fields(pairs: Vec<(&str, Field)>) -> BTreeMap<String, Field> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn source(id: &str, name: &str) -> Source {
    Source {
        id: id.to_string(),
        name: name.to_string(),
        kind: None,
        url: None,
    }
}

fn fact_report(
    source: usize,
    value: Option<f64>,
    unit: Option<Unit>,
    published: Option<NaiveDate>,
) -> FactReport {
    FactReport {
        source,
        value,
        unit,
        published,
        url: None,
        quote: None,
    }
}

/// Sources: 0 `afp` (AFP), 1 `khovar` (Khovar), 2 `un` (UN Panel).
///
/// | # | id | date | region | type | deaths (low/best/high) |
/// |---|---|---|---|---|---|
/// | 0 | khatlon-clash | 2025-11-26 | Khatlon | armed clash | 4/4/6, by militant 4; Khovar 4, AFP 4–6 (5) |
/// | 1 | gbao-shelling | December 2025 | GBAO | shelling | 3, by Civilians 2, border guard 1; AFP 3 |
/// | 2 | khatlon-raid | 2026-01-11 | Khatlon | armed clash | none (Khovar report without figures) |
/// | 3 | sughd-border | 2025-10-25..11-05 | Sughd | armed clash | UN (undated) 1–3 (2) |
/// | 4 | afghan-side | 2025-11-30 | Badakhshan | armed clash | 0; AFP 0 |
///
/// Facts: `border_length` 1350 km (AFP 1344 km, Khovar without a value,
/// UN 840 mi); `share` 25 % (UN 27 %).
pub fn dataset() -> Dataset {
    let tajikistan = || ("country", text("Tajikistan"));
    let clash = || ("type", text("armed clash"));
    let incidents = vec![
        Incident {
            id: "khatlon-clash".to_string(),
            date: days(day(2025, 11, 26), day(2025, 11, 26)),
            fields: fields(vec![
                tajikistan(),
                ("region", text("Khatlon")),
                clash(),
                (
                    "actors",
                    Field::List(vec![
                        "Tajik security forces".to_string(),
                        "Jamaat Ansarullah".to_string(),
                    ]),
                ),
            ]),
            figures: [("deaths".to_string(), by(&[("militant", group(4.0))]))].into(),
            reports: vec![
                report(1, Some(day(2025, 11, 26)), Some(exact(4.0))),
                report(
                    0,
                    Some(day(2025, 11, 27)),
                    Some(ranged(Some(5.0), Some(4.0), Some(6.0))),
                ),
            ],
        },
        Incident {
            id: "gbao-shelling".to_string(),
            date: days(day(2025, 12, 1), day(2025, 12, 31)),
            fields: fields(vec![
                tajikistan(),
                ("region", text("GBAO")),
                ("type", text("shelling")),
            ]),
            figures: [
                (
                    "deaths".to_string(),
                    by(&[("Civilians", group(2.0)), ("border guard", group(1.0))]),
                ),
                ("injuries".to_string(), exact(2.0)),
            ]
            .into(),
            reports: vec![report(0, Some(day(2025, 12, 5)), Some(exact(3.0)))],
        },
        Incident {
            id: "khatlon-raid".to_string(),
            date: days(day(2026, 1, 11), day(2026, 1, 11)),
            fields: fields(vec![
                tajikistan(),
                ("region", text("Khatlon")),
                clash(),
                ("confirmed", Field::Bool(true)),
            ]),
            figures: [("injuries".to_string(), exact(1.0))].into(),
            reports: vec![report(1, Some(day(2026, 1, 11)), None)],
        },
        Incident {
            id: "sughd-border".to_string(),
            date: days(day(2025, 10, 25), day(2025, 11, 5)),
            fields: fields(vec![tajikistan(), ("region", text("Sughd")), clash()]),
            figures: BTreeMap::new(),
            reports: vec![report(
                2,
                None,
                Some(ranged(Some(2.0), Some(1.0), Some(3.0))),
            )],
        },
        Incident {
            id: "afghan-side".to_string(),
            date: days(day(2025, 11, 30), day(2025, 11, 30)),
            fields: fields(vec![
                ("country", text("Afghanistan")),
                ("region", text("Badakhshan")),
                clash(),
            ]),
            figures: [("deaths".to_string(), exact(0.0))].into(),
            reports: vec![report(0, Some(day(2025, 12, 1)), Some(exact(0.0)))],
        },
    ];
    let facts = vec![
        Fact {
            id: "border_length".to_string(),
            value: 1350.0,
            unit: Some(Unit::Km),
            low: None,
            high: None,
            reports: vec![
                fact_report(0, Some(1344.0), Some(Unit::Km), Some(day(2025, 3, 1))),
                fact_report(1, None, None, None),
                fact_report(2, Some(840.0), Some(Unit::Mi), Some(day(2024, 6, 1))),
            ],
        },
        Fact {
            id: "share".to_string(),
            value: 25.0,
            unit: Some(Unit::Percent),
            low: None,
            high: None,
            reports: vec![fact_report(2, Some(27.0), None, Some(day(2025, 1, 1)))],
        },
    ];
    let mut ds = Dataset {
        name: "test".to_string(),
        description: None,
        place_fields: vec![
            "country".to_string(),
            "region".to_string(),
            "place".to_string(),
        ],
        sources: vec![
            source("afp", "AFP"),
            source("khovar", "Khovar"),
            source("un", "UN Panel"),
        ],
        incidents,
        facts,
        names: Default::default(),
    };
    ds.index_names();
    ds
}
