//! Property tests (issue 7), over generated claims and datasets:
//!
//! - a claim written in canonical form (`Display`) parses back to the same
//!   claim, and `claimcheck fmt` leaves it as it is;
//! - `low ≤ value ≤ high`, and the verdict is the interval rule's for that
//!   range (pass when every value in it makes the claim true, fail when
//!   none does);
//! - an incident outside the window changes nothing;
//! - `according to` every source never widens the range beyond the
//!   unrestricted one.
//!
//! Claims are generated as syntax trees and written with the canonical
//! printer; datasets as native JSON. Both go through the public entry
//! points: `parse::parse_claim`, and `check::run` on files.

use crate::support::Scratch;
use chrono::{NaiveDate, Weekday};
use claimcheck::ast::{
    Aggregate, Claim, Comparison, ComparisonKind, Condition, DateForm, MonthPart, Number, Op,
    Query, Span, Spanned, TimeQualifier, Tolerance, Unit, Value,
};
use claimcheck::canonical;
use claimcheck::check::{self, Options};
use claimcheck::eval::{Outcome, Verdict};
use claimcheck::parse::parse_claim;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

fn spanned<T>(node: T) -> Spanned<T> {
    Spanned {
        node,
        span: Span::default(),
    }
}

fn number(value: f64) -> Number {
    Number {
        value,
        span: Span::default(),
    }
}

// ---------------------------------------------------------------------
// Claims of every shape, with any names.

/// Any name that a quoted string can hold: no `"`, no control character.
fn any_name() -> impl Strategy<Value = Spanned<String>> {
    "[^\"\\p{Cc}]{1,8}".prop_map(spanned)
}

/// Numbers as claims write them: small counts, and large ones with cents.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..30).prop_map(f64::from),
        (0u64..1_000_000_000_000, 0u32..100)
            .prop_map(|(whole, cents)| { whole as f64 + f64::from(cents) / 100.0 }),
    ]
}

fn any_op() -> impl Strategy<Value = Op> {
    select(vec![Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge])
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i32..=9999, 1u32..=12, 1u32..=31).prop_filter_map("a day of the calendar", |(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// The date forms a time keyword takes: `on` no bare year, and only `in`
/// the last N days.
fn any_date(year: bool, last_days: bool) -> BoxedStrategy<DateForm> {
    let part = select(vec![MonthPart::Early, MonthPart::Mid, MonthPart::Late]);
    let weekday = select(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]);
    let mut forms = vec![
        any_day().prop_map(DateForm::Day).boxed(),
        (0i32..=9999, 1u32..=12)
            .prop_map(|(year, month)| DateForm::Month { year, month })
            .boxed(),
        (part, 1u32..=12, proptest::option::of(0i32..=9999))
            .prop_map(|(part, month, year)| DateForm::PartOfMonth { part, month, year })
            .boxed(),
        (1u32..=12).prop_map(DateForm::MonthNoYear).boxed(),
        (1u32..=12, 1u32..=31)
            .prop_filter("a day some year has", |&(m, d)| {
                NaiveDate::from_ymd_opt(2000, m, d).is_some()
            })
            .prop_map(|(month, day)| DateForm::DayNoYear { month, day })
            .boxed(),
        weekday.prop_map(DateForm::Weekday).boxed(),
        select(vec![
            DateForm::Today,
            DateForm::Yesterday,
            DateForm::ThisMonth,
            DateForm::LastMonth,
            DateForm::ThisYear,
            DateForm::LastYear,
        ])
        .boxed(),
    ];
    if year {
        forms.push((0i32..=9999).prop_map(DateForm::Year).boxed());
    }
    if last_days {
        forms.push((1u32..100_000).prop_map(DateForm::LastDays).boxed());
    }
    proptest::strategy::Union::new(forms).boxed()
}

/// One window, or a lower bound with an upper one, or none.
fn any_time() -> impl Strategy<Value = Vec<Spanned<TimeQualifier>>> {
    let lower = any_date(true, false).prop_flat_map(|d| {
        select(vec![
            TimeQualifier::Since(d.clone()),
            TimeQualifier::After(d),
        ])
    });
    let upper = any_date(true, false).prop_flat_map(|d| {
        select(vec![
            TimeQualifier::Until(d.clone()),
            TimeQualifier::Before(d),
        ])
    });
    let single = prop_oneof![
        lower.clone(),
        upper.clone(),
        (any_date(true, false), any_date(true, false))
            .prop_map(|(a, b)| TimeQualifier::Between(a, b)),
        any_date(true, true).prop_map(TimeQualifier::In),
        any_date(false, false).prop_map(TimeQualifier::On),
    ];
    prop_oneof![
        Just(Vec::new()),
        single.prop_map(|t| vec![t]),
        (lower, upper, any::<bool>()).prop_map(|(l, u, swap)| if swap {
            vec![u, l]
        } else {
            vec![l, u]
        }),
    ]
    .prop_map(|times| times.into_iter().map(spanned).collect())
}

fn any_value() -> impl Strategy<Value = Spanned<Value>> {
    prop_oneof![
        any_name().prop_map(|s| Value::Str(s.node)),
        any_number().prop_map(Value::Num),
        any::<bool>().prop_map(Value::Bool),
    ]
    .prop_map(spanned)
}

fn any_condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        (any_name(), any_op(), any_value()).prop_map(|(field, op, value)| Condition::Compare {
            field,
            op,
            value
        }),
        (any_name(), proptest::collection::vec(any_value(), 1..4))
            .prop_map(|(field, values)| Condition::InList { field, values }),
        (any_name(), any_name()).prop_map(|(field, value)| Condition::Contains { field, value }),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Condition::Or),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Condition::And),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

/// A query; `measure` picks an aggregate that sums, maxes or mins one (the
/// only ones with groups).
fn any_query(measure: bool) -> impl Strategy<Value = Query> {
    let aggregate = if measure {
        prop_oneof![
            any_name().prop_map(Aggregate::Sum),
            any_name().prop_map(Aggregate::Max),
            any_name().prop_map(Aggregate::Min),
        ]
        .boxed()
    } else {
        select(vec![Aggregate::Incidents, Aggregate::DeadlyIncidents]).boxed()
    };
    let group = if measure {
        proptest::option::of(any_name()).boxed()
    } else {
        Just(None).boxed()
    };
    (
        aggregate,
        any_time(),
        proptest::option::of(any_name()),
        group,
        proptest::option::of(any_condition()),
        proptest::collection::vec(any_name(), 0..3),
    )
        .prop_map(
            |(aggregate, time, place, group, condition, sources)| Query {
                aggregate: spanned(aggregate),
                time,
                place,
                group,
                condition,
                sources,
            },
        )
}

fn any_comparison(units: bool) -> impl Strategy<Value = Comparison> {
    let tolerance = || {
        proptest::option::of(
            (any_number(), any::<bool>()).prop_map(|(value, percent)| Tolerance { value, percent }),
        )
    };
    let kind = prop_oneof![
        (any_op(), any_number(), tolerance()).prop_map(|(op, n, tolerance)| {
            ComparisonKind::Op {
                op,
                number: number(n),
                tolerance,
            }
        }),
        (any_number(), tolerance()).prop_map(|(n, tolerance)| ComparisonKind::About {
            number: number(n),
            tolerance,
        }),
        (any_number(), any_number()).prop_map(|(low, high)| ComparisonKind::Between {
            low: number(low),
            high: number(high),
        }),
    ];
    let unit = if units {
        proptest::option::of(select(vec![Unit::Km, Unit::M, Unit::Mi, Unit::Percent])).boxed()
    } else {
        Just(None).boxed()
    };
    (kind, unit).prop_map(|(kind, unit)| Comparison {
        kind,
        unit: unit.map(spanned),
        span: Span::default(),
    })
}

fn any_claim() -> impl Strategy<Value = Claim> {
    let query = prop_oneof![any_query(false), any_query(true)];
    prop_oneof![
        (query, any_comparison(false))
            .prop_map(|(query, comparison)| Claim::Compare { query, comparison }),
        (any_query(true), proptest::collection::vec(any_name(), 1..4))
            .prop_map(|(query, groups)| Claim::Include { query, groups }),
        (
            any_name(),
            proptest::collection::vec(any_name(), 0..3),
            any_comparison(true)
        )
            .prop_map(|(name, sources, comparison)| Claim::Fact {
                name,
                sources,
                comparison,
            }),
    ]
}

/// The claim without the places it was written, so that a claim parsed
/// from any text compares with one built in memory.
fn erased(claim: &Claim) -> Claim {
    fn name(n: &Spanned<String>) -> Spanned<String> {
        spanned(n.node.clone())
    }
    fn names(list: &[Spanned<String>]) -> Vec<Spanned<String>> {
        list.iter().map(name).collect()
    }
    fn condition(c: &Condition) -> Condition {
        match c {
            Condition::Or(parts) => Condition::Or(parts.iter().map(condition).collect()),
            Condition::And(parts) => Condition::And(parts.iter().map(condition).collect()),
            Condition::Not(inner) => Condition::Not(Box::new(condition(inner))),
            Condition::Compare { field, op, value } => Condition::Compare {
                field: name(field),
                op: *op,
                value: spanned(value.node.clone()),
            },
            Condition::InList { field, values } => Condition::InList {
                field: name(field),
                values: values.iter().map(|v| spanned(v.node.clone())).collect(),
            },
            Condition::Contains { field, value } => Condition::Contains {
                field: name(field),
                value: name(value),
            },
        }
    }
    fn query(q: &Query) -> Query {
        let aggregate = match &q.aggregate.node {
            Aggregate::Sum(m) => Aggregate::Sum(name(m)),
            Aggregate::Max(m) => Aggregate::Max(name(m)),
            Aggregate::Min(m) => Aggregate::Min(name(m)),
            other => other.clone(),
        };
        Query {
            aggregate: spanned(aggregate),
            time: q.time.iter().map(|t| spanned(t.node.clone())).collect(),
            place: q.place.as_ref().map(name),
            group: q.group.as_ref().map(name),
            condition: q.condition.as_ref().map(condition),
            sources: names(&q.sources),
        }
    }
    fn comparison(c: &Comparison) -> Comparison {
        let kind = match &c.kind {
            ComparisonKind::Op {
                op,
                number: n,
                tolerance,
            } => ComparisonKind::Op {
                op: *op,
                number: number(n.value),
                tolerance: *tolerance,
            },
            ComparisonKind::About {
                number: n,
                tolerance,
            } => ComparisonKind::About {
                number: number(n.value),
                tolerance: *tolerance,
            },
            ComparisonKind::Between { low, high } => ComparisonKind::Between {
                low: number(low.value),
                high: number(high.value),
            },
        };
        Comparison {
            kind,
            unit: c.unit.as_ref().map(|u| spanned(u.node)),
            span: Span::default(),
        }
    }
    match claim {
        Claim::Compare {
            query: q,
            comparison: c,
        } => Claim::Compare {
            query: query(q),
            comparison: comparison(c),
        },
        Claim::Include { query: q, groups } => Claim::Include {
            query: query(q),
            groups: names(groups),
        },
        Claim::Fact {
            name: n,
            sources,
            comparison: c,
        } => Claim::Fact {
            name: name(n),
            sources: names(sources),
            comparison: comparison(c),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_claim_in_canonical_form_parses_back_to_itself(claim in any_claim()) {
        let text = claim.to_string();
        let parsed = parse_claim(&text).map_err(|e| {
            TestCaseError::fail(format!("{text}\n{}: {}", e.span.col, e.message))
        })?;
        prop_assert_eq!(parsed.0, None);
        prop_assert_eq!(erased(&parsed.1), claim, "{}", text);
        prop_assert_eq!(parsed.1.to_string(), text);
    }

    /// The printer and `claimcheck fmt` agree: a printed claim is already
    /// in the canonical layout, so `fmt` leaves it as it is.
    #[test]
    fn a_printed_claim_is_already_in_fmts_layout(claim in any_claim()) {
        let file = format!("{claim}\n");
        let laid = canonical::format_file(&file).map_err(|errors| {
            TestCaseError::fail(format!("{file}{errors:?}"))
        })?;
        prop_assert_eq!(laid, file);
    }
}

// ---------------------------------------------------------------------
// Datasets and the claims an editor would check against them.

const AS_OF: &str = "2026-01-12";
const SOURCES: [&str; 3] = ["a", "b", "c"];
const REGIONS: [&str; 3] = ["North", "South", "East"];

/// A figure as a dataset gives one: a number, or a range and breakdown.
fn figure() -> impl Strategy<Value = serde_json::Value> {
    let count = || {
        prop_oneof![
            (0u32..12).prop_map(f64::from),
            (0u32..24).prop_map(|h| f64::from(h) / 2.0)
        ]
    };
    let maybe = || proptest::option::of(count());
    prop_oneof![
        count().prop_map(|n| json!(n)),
        (
            maybe(),
            maybe(),
            maybe(),
            proptest::option::of((count(), count()))
        )
            .prop_filter("a figure gives a number", |(b, l, h, by)| {
                b.is_some() || l.is_some() || h.is_some() || by.is_some()
            })
            .prop_map(|(best, low, high, by)| {
                let mut figure = serde_json::Map::new();
                for (key, value) in [("best", best), ("low", low), ("high", high)] {
                    if let Some(v) = value {
                        figure.insert(key.into(), json!(v));
                    }
                }
                if let Some((militant, civilian)) = by {
                    figure.insert(
                        "by".into(),
                        json!({"militant": militant, "civilian": civilian}),
                    );
                }
                serde_json::Value::Object(figure)
            }),
    ]
}

/// A date in or near the as-of date's months: a day, a month or a range.
fn dataset_date() -> impl Strategy<Value = serde_json::Value> {
    let start = NaiveDate::from_ymd_opt(2025, 8, 1).expect("a day");
    let day = move |offset: u32| start + chrono::Days::new(u64::from(offset));
    prop_oneof![
        (0u32..200).prop_map(move |d| json!(day(d).to_string())),
        (8u32..=12).prop_map(|m| json!(format!("2025-{m:02}"))),
        (0u32..200, 0u32..40).prop_map(move |(d, len)| {
            json!({"from": day(d).to_string(), "to": day(d + len).to_string()})
        }),
    ]
}

/// A report; with `figures`, it always gives a `deaths` figure.
fn report(figures: bool) -> impl Strategy<Value = serde_json::Value> {
    let figure = if figures {
        figure().prop_map(Some).boxed()
    } else {
        proptest::option::of(figure()).boxed()
    };
    (
        select(SOURCES.to_vec()),
        proptest::option::of(0u32..150),
        figure,
    )
        .prop_map(|(source, published, figure)| {
            let mut report = json!({"source": source});
            if let Some(days) = published {
                let day = NaiveDate::from_ymd_opt(2025, 8, 1).expect("a day")
                    + chrono::Days::new(u64::from(days));
                report["published"] = json!(day.to_string());
            }
            if let Some(figure) = figure {
                report["figures"] = json!({"deaths": figure});
            }
            report
        })
}

/// A native dataset of up to eight incidents; with `report_figures`, every
/// report gives a `deaths` figure.
fn dataset(report_figures: bool) -> impl Strategy<Value = serde_json::Value> {
    let incident = (
        dataset_date(),
        select(REGIONS.to_vec()),
        select(vec!["clash", "raid"]),
        proptest::option::of(figure()),
        proptest::collection::vec(report(report_figures), 1..4),
    );
    proptest::collection::vec(incident, 1..8).prop_map(|incidents| {
        let incidents: Vec<serde_json::Value> = incidents
            .into_iter()
            .enumerate()
            .map(|(i, (date, region, kind, own, reports))| {
                let mut incident = json!({
                    "id": format!("i{i}"), "date": date, "region": region, "type": kind,
                    "reports": reports,
                });
                if let Some(own) = own {
                    incident["figures"] = json!({"deaths": own});
                }
                incident
            })
            .collect();
        let sources: Vec<serde_json::Value> = SOURCES
            .iter()
            .map(|id| json!({"id": id, "name": id.to_uppercase()}))
            .collect();
        json!({"name": "generated", "sources": sources, "incidents": incidents})
    })
}

fn named(name: &str) -> Spanned<String> {
    spanned(name.to_string())
}

/// Windows in the dataset's months, written as an editor would.
fn window() -> impl Strategy<Value = Vec<Spanned<TimeQualifier>>> {
    let date = prop_oneof![
        (0u32..200).prop_map(|d| {
            DateForm::Day(
                NaiveDate::from_ymd_opt(2025, 8, 1).expect("a day")
                    + chrono::Days::new(u64::from(d)),
            )
        }),
        (8u32..=12).prop_map(DateForm::MonthNoYear),
        (
            select(vec![MonthPart::Early, MonthPart::Mid, MonthPart::Late]),
            8u32..=12
        )
            .prop_map(|(part, month)| DateForm::PartOfMonth {
                part,
                month,
                year: Some(2025)
            }),
        select(vec![
            DateForm::ThisMonth,
            DateForm::LastMonth,
            DateForm::Year(2025)
        ]),
        (1u32..120).prop_map(DateForm::LastDays),
    ];
    let last_days = |d: &DateForm| matches!(d, DateForm::LastDays(_));
    let time = prop_oneof![
        date.clone()
            .prop_filter("not after since", move |d| !last_days(d))
            .prop_map(TimeQualifier::Since),
        date.clone()
            .prop_filter("not after until", move |d| !last_days(d))
            .prop_map(TimeQualifier::Until),
        date.clone().prop_map(TimeQualifier::In),
        (date.clone(), date)
            .prop_filter("no last days in between", move |(a, b)| {
                !last_days(a) && !last_days(b)
            })
            .prop_map(|(a, b)| TimeQualifier::Between(a, b)),
    ];
    proptest::option::of(time).prop_map(|t| t.into_iter().map(spanned).collect())
}

/// Conditions on the generated fields and on `deaths`.
fn condition() -> impl Strategy<Value = Condition> {
    let leaf = prop_oneof![
        (select(REGIONS.to_vec()), any::<bool>()).prop_map(|(region, equal)| Condition::Compare {
            field: named("region"),
            op: if equal { Op::Eq } else { Op::Ne },
            value: spanned(Value::Str(region.to_string())),
        }),
        (any_op(), 0u32..10).prop_map(|(op, n)| Condition::Compare {
            field: named("deaths"),
            op,
            value: spanned(Value::Num(f64::from(n))),
        }),
        Just(Condition::InList {
            field: named("type"),
            values: vec![spanned(Value::Str("raid".into()))],
        }),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..3).prop_map(Condition::Or),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

/// A claim about the generated data, without `according to`.
fn data_query() -> impl Strategy<Value = Query> {
    let aggregate = select(vec![
        Aggregate::Incidents,
        Aggregate::DeadlyIncidents,
        Aggregate::Sum(named("deaths")),
        Aggregate::Max(named("deaths")),
        Aggregate::Min(named("deaths")),
    ]);
    (
        aggregate,
        window(),
        proptest::option::of(select(REGIONS.to_vec())),
        proptest::option::of(condition()),
    )
        .prop_map(|(aggregate, time, place, condition)| Query {
            aggregate: spanned(aggregate),
            time,
            place: place.map(named),
            group: None,
            condition,
            sources: Vec::new(),
        })
}

fn data_comparison() -> impl Strategy<Value = Comparison> {
    let n = || (0u32..40).prop_map(|n| number(f64::from(n) / 2.0));
    let kind = prop_oneof![
        (any_op(), n()).prop_map(|(op, number)| ComparisonKind::Op {
            op,
            number,
            tolerance: None
        }),
        (n(), n()).prop_map(|(low, high)| ComparisonKind::Between { low, high }),
        n().prop_map(|number| ComparisonKind::About {
            number,
            tolerance: None
        }),
    ];
    kind.prop_map(|kind| Comparison {
        kind,
        unit: None,
        span: Span::default(),
    })
}

fn data_claim() -> impl Strategy<Value = Claim> {
    prop_oneof![
        4 => (data_query(), data_comparison())
            .prop_map(|(query, comparison)| Claim::Compare { query, comparison }),
        1 => (data_query(), select(vec!["militant", "civilian"])).prop_filter_map(
            "include sums a measure",
            |(query, group)| {
                matches!(query.aggregate.node, Aggregate::Sum(_))
                    .then(|| Claim::Include { query, groups: vec![named(group)] })
            },
        ),
    ]
}

/// Checks `claims` against `dataset` as of `AS_OF`, through the files a
/// user would write; each claim's result, in order.
fn checked(
    scratch: &Scratch,
    dataset: &serde_json::Value,
    claims: &[Claim],
) -> Vec<(Claim, Result<Outcome, String>)> {
    let data = scratch.write("data.json", dataset.to_string());
    let text: String = claims.iter().map(|c| format!("{c}\n")).collect();
    let file = scratch.write("generated.claims", text);
    let options = Options {
        data: Some(data),
        as_of: NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").ok(),
    };
    let run = check::run(&[file], &options);
    assert!(
        run.diagnostics.iter().all(|d| d.span.is_some()),
        "the dataset or file itself had problems: {:?}",
        run.diagnostics
    );
    run.claims()
        .zip(claims)
        .map(|((_, c), claim)| (claim.clone(), c.result.clone().map_err(|e| e.message)))
        .collect()
}

/// A range with its unbounded ends (`None`) as infinities.
fn range(low: Option<f64>, high: Option<f64>) -> (f64, f64) {
    (
        low.unwrap_or(f64::NEG_INFINITY),
        high.unwrap_or(f64::INFINITY),
    )
}

/// The interval rule of spec §6.4, written out for each comparison: pass
/// when every value in `[low, high]` makes the claim true, fail when none
/// does. `None` where the rule is left to the evaluator (a tolerance whose
/// bounds fall between representable numbers).
fn interval_rule(comparison: &Comparison, low: f64, high: f64) -> Option<Verdict> {
    let judge = |pass: bool, fail: bool| {
        if pass {
            Verdict::Pass
        } else if fail {
            Verdict::Fail
        } else {
            Verdict::Disputed
        }
    };
    Some(match &comparison.kind {
        ComparisonKind::Op { op, number, .. } => {
            let n = number.value;
            match op {
                Op::Eq => judge(low == n && high == n, n < low || n > high),
                Op::Ne => judge(n < low || n > high, low == n && high == n),
                Op::Lt => judge(high < n, low >= n),
                Op::Le => judge(high <= n, low > n),
                Op::Gt => judge(low > n, high <= n),
                Op::Ge => judge(low >= n, high < n),
            }
        }
        ComparisonKind::Between { low: a, high: b } => {
            let (a, b) = (a.value.min(b.value), a.value.max(b.value));
            judge(a <= low && high <= b, high < a || low > b)
        }
        ComparisonKind::About { .. } => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn values_lie_in_their_range_and_verdicts_follow_the_interval_rule(
        dataset in dataset(false),
        claims in proptest::collection::vec(data_claim(), 1..6),
    ) {
        let scratch = Scratch::new("properties-range");
        for (claim, result) in checked(&scratch, &dataset, &claims) {
            let Ok(o) = result else { continue };
            let (low, high) = range(o.low, o.high);
            prop_assert!(
                low <= o.value && o.value <= high,
                "{}: {} not in [{}, {}]", claim, o.value, low, high
            );
            if let Claim::Compare { comparison, .. } = &claim
                && let Some(rule) = interval_rule(comparison, low, high)
            {
                prop_assert_eq!(o.verdict, rule, "{} over [{}, {}]", claim, low, high);
            }
            for g in &o.groups {
                let (low, high) = range(g.low, g.high);
                prop_assert!(low <= g.value && g.value <= high, "{}: {}", claim, g.group);
            }
        }
    }

    #[test]
    fn an_incident_outside_the_window_changes_nothing(
        dataset in dataset(false),
        claims in proptest::collection::vec(data_claim(), 1..6),
        after in 1u64..400,
    ) {
        let scratch = Scratch::new("properties-outside");
        let before = checked(&scratch, &dataset, &claims);
        for (claim, result) in before {
            let Ok(outcome) = &result else { continue };
            let Some(end) = outcome.window.and_then(|w| w.to) else { continue };
            // The first incident again, with its names, figures and
            // reports, on a day after the window.
            let mut more = dataset.clone();
            let mut extra = more["incidents"][0].clone();
            extra["id"] = json!("outside");
            extra["date"] = json!((end + chrono::Days::new(after)).to_string());
            if let Some(incidents) = more["incidents"].as_array_mut() {
                incidents.push(extra);
            }
            let again = checked(&scratch, &more, std::slice::from_ref(&claim));
            prop_assert_eq!(&again[0].1, &result, "{}", claim);
        }
    }

    #[test]
    fn according_to_every_source_never_widens_the_range(
        dataset in dataset(true),
        queries in proptest::collection::vec((data_query(), data_comparison()), 1..6),
    ) {
        let scratch = Scratch::new("properties-according");
        let all: Vec<Spanned<String>> = SOURCES.iter().map(|s| named(s)).collect();
        let claims: Vec<Claim> = queries
            .into_iter()
            .flat_map(|(query, comparison)| {
                let mut restricted = query.clone();
                restricted.sources = all.clone();
                [
                    Claim::Compare { query, comparison: comparison.clone() },
                    Claim::Compare { query: restricted, comparison },
                ]
            })
            .collect();
        let results = checked(&scratch, &dataset, &claims);
        for pair in results.chunks(2) {
            let [(claim, Ok(open)), (_, Ok(restricted))] = pair else { continue };
            let (low, high) = range(open.low, open.high);
            let (low_r, high_r) = range(restricted.low, restricted.high);
            prop_assert!(
                low <= low_r && high_r <= high,
                "{}: [{}, {}] according to every source, [{}, {}] without",
                claim, low_r, high_r, low, high
            );
        }
    }
}
