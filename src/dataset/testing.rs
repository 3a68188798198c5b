//! What the loaders' tests compare a loaded incident with: its fields and
//! figures as plain values, found by the incident's id, since the store
//! keeps incidents in date order rather than in the order of the input;
//! and a plain store for the index's tests.

use super::{Builder, Dataset, Estimate, FieldRef, Figure, FigureRef, IncidentRef, Store};
use crate::date::Period;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// `n` incidents `i0`, `i1`, …, one a day from 1 January 2025; those that
/// `figured` picks by number have a `deaths` figure with no value, so that
/// the store knows the measure.
pub fn daily(n: usize, figured: impl Fn(usize) -> bool) -> Store {
    let mut b = Builder::default();
    each_day(&mut b, n, |b, i| {
        if figured(i) {
            b.figure("deaths", &Figure::default());
        }
    });
    b.finish().0
}

/// Adds `n` incidents `i0`, `i1`, …, one a day from 1 January 2025, each
/// with what `each` adds to incident `i`.
pub fn each_day(b: &mut Builder, n: usize, mut each: impl FnMut(&mut Builder, usize)) {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    for i in 0..n {
        let day = first + Days::new(i as u64);
        let _ = b.incident(
            &format!("i{i}"),
            Period {
                start: day,
                end: day,
            },
        );
        each(b, i);
    }
}

/// A field's value as a test writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Str(String),
    Num(f64),
    Bool(bool),
    List(Vec<String>),
}

impl From<FieldRef<'_>> for Field {
    fn from(field: FieldRef) -> Field {
        match field {
            FieldRef::Str(s) => Field::Str(s.as_str().to_string()),
            FieldRef::Num(n) => Field::Num(n),
            FieldRef::Bool(b) => Field::Bool(b),
            FieldRef::List(items) => Field::List(items.iter().map(|i| i.as_str().into()).collect()),
        }
    }
}

/// The incident with this id.
pub fn incident<'a>(ds: &'a Dataset, id: &str) -> IncidentRef<'a> {
    ds.incidents
        .iter()
        .find(|i| i.id() == id)
        .unwrap_or_else(|| panic!("no incident `{id}`"))
}

/// Every field the incident has, by name (aliases included).
pub fn fields(ds: &Dataset, inc: IncidentRef) -> BTreeMap<String, Field> {
    ds.names
        .fields
        .iter()
        .filter_map(|(name, &column)| Some((name.clone(), inc.field(column)?.into())))
        .collect()
}

/// One field of the incident.
pub fn field(ds: &Dataset, inc: IncidentRef, name: &str) -> Option<Field> {
    fields(ds, inc).remove(name)
}

/// Figures by measure name, as a loader was given them.
pub fn figures<'a>(figures: impl Iterator<Item = FigureRef<'a>>) -> BTreeMap<String, Figure> {
    figures
        .map(|f| {
            let Estimate { best, low, high } = f.estimate();
            let by = f
                .by()
                .map(|share| (share.group.as_str().to_string(), share.estimate))
                .collect();
            let figure = Figure {
                best,
                low,
                high,
                by,
            };
            (f.measure().to_string(), figure)
        })
        .collect()
}
