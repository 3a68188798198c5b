//! Builders for the small datasets and names the evaluation tests use, so
//! that each test states only what it is about. The shared `dataset()`
//! is a miniature of the Tajik–Afghan border data; its numbers are worked
//! out by hand in the tests that read it.

use super::Outcome;
use crate::ast::{Aggregate, Comparison, ComparisonKind, Number, Op, Query, Span, Spanned, Unit};
use crate::dataset::{Account, Builder, Dataset, Estimate, Fact, FactReport, Figure, Source};
use crate::date::Period;
use chrono::{Days, NaiveDate};

/// A query of `aggregate` with nothing else: no window, place, group,
/// condition or sources.
pub fn query(aggregate: Aggregate) -> Query {
    Query {
        aggregate: Spanned {
            node: aggregate,
            span: Default::default(),
        },
        time: Vec::new(),
        place: None,
        group: None,
        condition: None,
        sources: Vec::new(),
    }
}

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

/// A report: by source `source`, published on a day, giving `deaths`.
pub struct Said {
    source: usize,
    published: Option<NaiveDate>,
    deaths: Option<Figure>,
}

pub fn report(source: usize, published: Option<NaiveDate>, deaths: Option<Figure>) -> Said {
    Said {
        source,
        published,
        deaths,
    }
}

/// Adds the reports to the incident `builder` has open.
fn reports(builder: &mut Builder, reports: Vec<Said>) {
    for said in reports {
        builder.report(Account {
            source: said.source,
            published: said.published,
            url: None,
            quote: None,
        });
        if let Some(deaths) = &said.deaths {
            builder.figure("deaths", deaths);
        }
    }
}

/// A dataset of one incident on 26 November 2025 without fields, with
/// its own `deaths`, and the sources of `dataset()`.
pub fn incident(deaths: Option<Figure>, said: Vec<Said>) -> Dataset {
    let mut builder = Builder::default();
    let _ = builder.incident("test", days(day(2025, 11, 26), day(2025, 11, 26)));
    if let Some(deaths) = &deaths {
        builder.figure("deaths", deaths);
    }
    reports(&mut builder, said);
    let (incidents, names) = builder.finish();
    Dataset {
        incidents,
        names,
        ..dataset()
    }
}

/// A field's value.
enum Value<'a> {
    Text(&'a str),
    Flag(bool),
    Texts(&'a [&'a str]),
}

fn fields(builder: &mut Builder, fields: &[(&str, Value)]) {
    for (name, value) in fields {
        let Some(column) = builder.column(name) else {
            continue;
        };
        match value {
            Value::Text(t) => builder.text(column, t),
            Value::Flag(b) => builder.boolean(column, *b),
            Value::Texts(items) => builder.list(column, items.iter().copied()),
        }
    }
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
/// | 0 | sughd-border | 2025-10-25..11-05 | Sughd | armed clash | UN (undated) 1–3 (2) |
/// | 1 | khatlon-clash | 2025-11-26 | Khatlon | armed clash | 4/4/6, by militant 4; Khovar 4, AFP 4–6 (5) |
/// | 2 | afghan-side | 2025-11-30 | Badakhshan | armed clash | 0; AFP 0 |
/// | 3 | gbao-shelling | December 2025 | GBAO | shelling | 3, by Civilians 2, border guard 1; AFP 3 |
/// | 4 | khatlon-raid | 2026-01-11 | Khatlon | armed clash | none (Khovar report without figures) |
///
/// The incidents are given in another order; the store keeps them in
/// date order, as numbered here. Facts: `border_length` 1350 km (AFP
/// 1344 km, Khovar without a value, UN 840 mi); `share` 25 % (UN 27 %).
pub fn dataset() -> Dataset {
    use Value::{Flag, Text, Texts};
    let tajikistan = ("country", Text("Tajikistan"));
    let clash = ("type", Text("armed clash"));
    let mut b = Builder::default();

    let _ = b.incident("khatlon-clash", days(day(2025, 11, 26), day(2025, 11, 26)));
    let actors = ["Tajik security forces", "Jamaat Ansarullah"];
    fields(
        &mut b,
        &[
            tajikistan,
            ("region", Text("Khatlon")),
            clash,
            ("actors", Texts(&actors)),
        ],
    );
    b.figure("deaths", &by(&[("militant", group(4.0))]));
    reports(
        &mut b,
        vec![
            report(1, Some(day(2025, 11, 26)), Some(exact(4.0))),
            report(
                0,
                Some(day(2025, 11, 27)),
                Some(ranged(Some(5.0), Some(4.0), Some(6.0))),
            ),
        ],
    );

    let _ = b.incident("gbao-shelling", days(day(2025, 12, 1), day(2025, 12, 31)));
    fields(
        &mut b,
        &[
            ("country", Text("Tajikistan")),
            ("region", Text("GBAO")),
            ("type", Text("shelling")),
        ],
    );
    b.figure(
        "deaths",
        &by(&[("Civilians", group(2.0)), ("border guard", group(1.0))]),
    );
    b.figure("injuries", &exact(2.0));
    reports(
        &mut b,
        vec![report(0, Some(day(2025, 12, 5)), Some(exact(3.0)))],
    );

    let _ = b.incident("khatlon-raid", days(day(2026, 1, 11), day(2026, 1, 11)));
    fields(
        &mut b,
        &[
            ("country", Text("Tajikistan")),
            ("region", Text("Khatlon")),
            ("type", Text("armed clash")),
            ("confirmed", Flag(true)),
        ],
    );
    b.figure("injuries", &exact(1.0));
    reports(&mut b, vec![report(1, Some(day(2026, 1, 11)), None)]);

    let _ = b.incident("sughd-border", days(day(2025, 10, 25), day(2025, 11, 5)));
    fields(
        &mut b,
        &[
            ("country", Text("Tajikistan")),
            ("region", Text("Sughd")),
            ("type", Text("armed clash")),
        ],
    );
    reports(
        &mut b,
        vec![report(
            2,
            None,
            Some(ranged(Some(2.0), Some(1.0), Some(3.0))),
        )],
    );

    let _ = b.incident("afghan-side", days(day(2025, 11, 30), day(2025, 11, 30)));
    fields(
        &mut b,
        &[
            ("country", Text("Afghanistan")),
            ("region", Text("Badakhshan")),
            ("type", Text("armed clash")),
        ],
    );
    b.figure("deaths", &exact(0.0));
    reports(
        &mut b,
        vec![report(0, Some(day(2025, 12, 1)), Some(exact(0.0)))],
    );

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
    let (incidents, names) = b.finish();
    Dataset {
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
        names,
    }
}

/// A small deterministic generator (xorshift), so that the datasets
/// are the same on every run.
pub struct Dice(pub u64);

impl Dice {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// A figure: a best, sometimes a low and a high around it, or
    /// only a low and a high; halves where `halves`.
    fn figure(&mut self, halves: bool) -> Figure {
        let step = if halves { 0.5 } else { 1.0 };
        let best = self.below(20) as f64 * step;
        let spread = self.below(4) as f64;
        match self.below(4) {
            0 => Figure {
                low: Some((best - spread).max(0.0)),
                high: Some(best + spread),
                ..Figure::default()
            },
            1 => Figure {
                best: Some(best),
                low: Some((best - spread).max(0.0)),
                high: Some(best + spread),
                ..Figure::default()
            },
            _ => Figure {
                best: Some(best),
                ..Figure::default()
            },
        }
    }
}

/// The first day of the generated datasets.
pub const FIRST: (i32, u32, u32) = (2024, 1, 1);

/// `n` incidents over about two years, one in six dated by a period
/// of up to two months; one in four without an own deaths figure;
/// one to three reports each by four sources, dated or not, most
/// giving their own figure (disagreeing with the own one), some none.
/// A third each are in country "Alpha" (spelt three ways), "Beta" and
/// "Gamma"; region "North", "South", or for one in fifty "Beta";
/// place one of forty; actors some of "Militia", "army" and "police";
/// kind "raid" or "Raid", the number 7, true or nothing; two in three
/// an own `injuries` figure, drawn apart so that the rest stays as it
/// was without it. With `halves`, Gamma's figures go in halves.
pub fn generated(seed: u64, n: usize, halves: bool) -> Dataset {
    let mut dice = Dice(seed);
    let mut injuries = Dice(seed ^ 0x1f83_d9ab);
    let first = day(FIRST.0, FIRST.1, FIRST.2);
    let mut b = Builder::default();
    let [country, region, place, actors, kind] =
        ["country", "region", "place", "actors", "kind"].map(|name| b.column(name).unwrap());
    for i in 0..n {
        let start = first + Days::new(dice.below(730));
        let end = if dice.one_in(6) {
            start + Days::new(1 + dice.below(60))
        } else {
            start
        };
        let _ = b.incident(&format!("g{i}"), Period { start, end });
        let home = [
            "Alpha", "ALPHA", "alpha", "Beta", "Beta", "Beta", "Gamma", "Gamma", "Gamma",
        ][dice.below(9) as usize];
        b.text(country, home);
        let area = if dice.one_in(50) {
            "Beta"
        } else {
            ["North", "South"][dice.below(2) as usize]
        };
        b.text(region, area);
        b.text(place, &format!("p{}", dice.below(40)));
        let all = ["Militia", "army", "police"];
        let some = all.into_iter().filter(|_| dice.one_in(2));
        b.list(actors, some);
        match dice.below(6) {
            0 | 1 => b.text(kind, "raid"),
            2 => b.text(kind, "Raid"),
            3 => b.number(kind, 7.0),
            4 => b.boolean(kind, true),
            _ => {}
        }
        let halves = halves && home == "Gamma";
        if !dice.one_in(4) {
            let own = dice.figure(halves);
            b.figure("deaths", &own);
        }
        if !injuries.one_in(3) {
            let own = injuries.figure(halves);
            b.figure("injuries", &own);
        }
        for _ in 0..1 + dice.below(3) {
            let published = (!dice.one_in(3)).then(|| start + Days::new(dice.below(10)));
            b.report(Account {
                source: dice.below(4) as usize,
                published,
                url: None,
                quote: None,
            });
            if !dice.one_in(4) {
                let said = dice.figure(halves);
                b.figure("deaths", &said);
            }
        }
    }
    let (incidents, names) = b.finish();
    let source = |id: &str| Source {
        id: id.to_string(),
        name: id.to_string(),
        kind: None,
        url: None,
    };
    Dataset {
        incidents,
        names,
        sources: ["a", "b", "c", "d"].map(source).to_vec(),
        ..dataset()
    }
}
