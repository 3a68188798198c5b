//! What the loaders' tests compare a loaded incident with: its fields and
//! figures as plain values, found by the incident's id, since the store
//! keeps incidents in date order rather than in the order of the input.

use super::{Dataset, Estimate, FieldRef, Figure, FigureRef, IncidentRef};
use std::collections::BTreeMap;

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
