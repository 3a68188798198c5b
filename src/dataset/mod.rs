//! The source-tagged incident dataset of spec §5, in memory: incidents with
//! their fields, figures and the reports of every outlet that described
//! them, the sources, and the reference facts. Loaders (`json`, and
//! `export` with its layouts `acled` and `ucdp`) fill a `Builder`;
//! evaluation only reads the `Store` it makes.
//!
//! Field and measure names are stored lowercased, because claims name them
//! case-insensitively; group names keep the dataset's spelling for reports
//! and are matched case-insensitively.

mod acled;
mod blocks;
mod builder;
mod column;
pub mod export;
mod index;
mod intern;
mod intersection;
pub mod json;
mod kept;
mod relay;
mod store;
mod sure;
#[cfg(test)]
pub mod testing;
mod thresholds;
mod ucdp;

pub use blocks::{Aggregates, BLOCK, Blocked, Bulk, Extent, LONG, Offered, Sequence};
pub use builder::{Account, Builder, Refused};
pub use index::{held, within};
pub use intern::{Interner, MAX_SYMBOLS, Sym};
pub use intersection::Floored;
pub use kept::KeptList;
pub use store::{ColumnId, FieldRef, FigureRef, IncidentRef, List, ReportRef, Share, Store, Text};
pub use sure::Sure;
pub use thresholds::Thresholds;

use crate::ast::Unit;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt;

/// The error of a dataset beyond what the store can hold.
pub const TOO_LARGE: &str = "the dataset is too large: claimcheck holds at most 536,870,912 \
     distinct texts, four gigabytes of them, and as many rows of figures and reports";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    pub name: String,
    pub description: Option<String>,
    /// Lowercased; `in "…"` matches any of them. Default: country, region, place.
    pub place_fields: Vec<String>,
    pub sources: Vec<Source>,
    /// In date order: see `store`.
    pub incidents: Store,
    pub facts: Vec<Fact>,
    /// The names claims may use, for lookups and "did you mean".
    pub names: Names,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names {
    /// Lowercased measure names (`deaths`, `injuries`), with their symbols.
    pub measures: BTreeMap<String, Sym>,
    /// Lowercased field names, with their columns.
    pub fields: BTreeMap<String, ColumnId>,
    /// Group names of every breakdown, by lowercased key.
    pub groups: BTreeMap<String, Group>,
}

/// A group of the breakdowns.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The first spelling seen.
    pub spelling: String,
    /// The symbol of the lowercased key, as each group's share has it.
    pub key: Sym,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub url: Option<String>,
}

/// A figure for one measure, as a loader gives it to the `Builder`: a
/// best value, an optional low/high and an optional breakdown by group. A
/// loader fills in `best` as the sum of the breakdown where the input
/// gives only `by`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub best: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Group name (as the dataset spells it) → its figure. Empty: no breakdown.
    pub by: Vec<(String, Estimate)>,
}

/// One group's share of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    pub best: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A named reference figure that is not a sum of incidents.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: String,
    pub value: f64,
    pub unit: Option<Unit>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub reports: Vec<FactReport>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactReport {
    /// Index into `Dataset::sources`.
    pub source: usize,
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub quote: Option<String>,
}

/// One problem found while loading a dataset: where (a JSON path, or a CSV
/// line and column) and what is wrong. Warnings (`low > best`) keep the
/// data as given; errors make the dataset unusable for `check`.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetError {
    /// JSON path such as `incidents[3].reports[0].source`.
    pub path: Option<String>,
    /// 1-based line of the input, where known.
    pub line: Option<usize>,
    /// 1-based column of the input, where known.
    pub column: Option<usize>,
    /// The CSV column's name, for CSV inputs.
    pub field: Option<String>,
    pub message: String,
    pub warning: bool,
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.warning { "warning" } else { "error" })?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " in column {field}")?;
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " (line {l}, column {c})")?,
            (Some(l), None) => write!(f, " (line {l})")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DatasetError {}

/// What a loader produced: the dataset where it is usable, and every
/// problem found, errors and warnings alike, in input order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    pub dataset: Option<Dataset>,
    pub problems: Vec<DatasetError>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }
}

impl Dataset {
    /// Finds a source by id or by name, case-insensitively.
    pub fn source_index(&self, name: &str) -> Option<usize> {
        let wanted = name.to_lowercase();
        self.sources
            .iter()
            .position(|s| s.id.to_lowercase() == wanted)
            .or_else(|| {
                self.sources
                    .iter()
                    .position(|s| s.name.to_lowercase() == wanted)
            })
    }

    /// Finds a fact by id, case-insensitively.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        let wanted = id.to_lowercase();
        self.facts.iter().find(|f| f.id.to_lowercase() == wanted)
    }
}
