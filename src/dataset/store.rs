//! The incidents of a dataset, held column by column and table by table
//! rather than as one object each, so that a million incidents fit in a
//! few hundred megabytes and a claim reads them in order, from memory laid
//! out in that order.
//!
//! Incidents are sorted by date (start, then end, then input order), so
//! that the incidents a window can reach are one run of positions; every
//! table that belongs to incidents (their figures, breakdowns and
//! reports) is laid out in the same order. Texts are interned symbols
//! (`intern`), fields are columns (`column`). Evaluation and reports read
//! through small copyable views (`IncidentRef`, `ReportRef`, `FigureRef`,
//! `FieldRef`); `builder` is the only writer, and `index` finds the
//! incidents a claim can be about.

use super::Estimate;
use super::column::{Cell, Column};
use super::index::Index;
use super::intern::{Interner, Sym, Texts};
use crate::date::Period;
use chrono::NaiveDate;
use std::cmp::Ordering;

/// A run of rows of one table, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rows {
    pub start: u32,
    pub end: u32,
}

impl Rows {
    pub(super) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One incident: its days, its own figures and its reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IncidentRow {
    pub date: Period,
    pub figures: Rows,
    pub reports: Rows,
}

/// A figure for one measure. Its breakdown is the run of `groups` from
/// `groups_start` to the next figure's (or the table's end). An absent
/// best, low or high is NaN: figures are finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureRow {
    pub measure: Sym,
    pub groups_start: u32,
    pub best: f64,
    pub low: f64,
    pub high: f64,
}

/// One group's share of a figure, under the group's name as written, and
/// its lowercase key, by which groups are one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupRow {
    pub group: Sym,
    pub key: Sym,
    pub best: f64,
    pub low: f64,
    pub high: f64,
}

/// One source's account of an incident. ACLED and UCDP reports carry
/// their row's figure: their `figures` are the incident's own rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportRow {
    pub source: u32,
    pub published: Option<NaiveDate>,
    pub url: Option<Sym>,
    pub quote: Option<Sym>,
    pub figures: Rows,
}

/// A field by its column in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColumnId(pub(super) u32);

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Store {
    pub(super) strings: Interner,
    /// Each incident's id, in the store's order.
    pub(super) ids: Texts,
    pub(super) incidents: Vec<IncidentRow>,
    pub(super) columns: Vec<Column>,
    /// Lists, each a run of `items`.
    pub(super) lists: Vec<Rows>,
    pub(super) items: Vec<Sym>,
    pub(super) figures: Vec<FigureRow>,
    pub(super) groups: Vec<GroupRow>,
    pub(super) reports: Vec<ReportRow>,
    pub(super) index: Index,
}

impl Store {
    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    /// The incident at `position` in date order.
    pub fn get(&self, position: usize) -> Option<IncidentRef<'_>> {
        let row = self.incidents.get(position)?;
        Some(IncidentRef {
            store: self,
            position,
            row,
        })
    }

    /// Every incident, in date order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = IncidentRef<'_>> + Clone {
        self.incidents
            .iter()
            .enumerate()
            .map(move |(position, row)| IncidentRef {
                store: self,
                position,
                row,
            })
    }

    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    pub(super) fn text(&self, sym: Sym) -> Text<'_> {
        Text {
            sym,
            strings: &self.strings,
        }
    }

    pub(super) fn column(&self, column: ColumnId) -> Option<&Column> {
        self.columns.get(column.0 as usize)
    }

    fn figure(&self, index: usize) -> Option<FigureRef<'_>> {
        let row = self.figures.get(index)?;
        let end = self
            .figures
            .get(index + 1)
            .map_or(self.groups.len(), |next| next.groups_start as usize);
        let groups = self
            .groups
            .get(row.groups_start as usize..end)
            .unwrap_or_default();
        Some(FigureRef {
            store: self,
            row,
            groups,
        })
    }

    fn figures_in(&self, rows: Rows) -> impl Iterator<Item = FigureRef<'_>> + Clone {
        rows.range().filter_map(|i| self.figure(i))
    }

    /// The figure for `measure` among `rows`.
    fn figure_among(&self, rows: Rows, measure: Sym) -> Option<FigureRef<'_>> {
        let at = self
            .figures
            .get(rows.range())?
            .iter()
            .position(|f| f.measure == measure)?;
        self.figure(rows.start as usize + at)
    }
}

/// One incident, as evaluation and reports read it.
#[derive(Debug, Clone, Copy)]
pub struct IncidentRef<'a> {
    store: &'a Store,
    position: usize,
    row: &'a IncidentRow,
}

impl<'a> IncidentRef<'a> {
    /// Where the incident stands in the store's (date) order.
    pub fn position(self) -> usize {
        self.position
    }

    pub fn id(self) -> &'a str {
        self.store.ids.get(self.position)
    }

    /// A day, or for an imprecise date (a month, a year, a range) its period.
    pub fn date(self) -> Period {
        self.row.date
    }

    pub fn field(self, column: ColumnId) -> Option<FieldRef<'a>> {
        let store = self.store;
        let strings = &store.strings;
        match store.column(column)?.get(self.position) {
            Cell::Absent => None,
            Cell::Bool(b) => Some(FieldRef::Bool(b)),
            Cell::Num(n) => Some(FieldRef::Num(n)),
            Cell::Str(sym) => Some(FieldRef::Str(Text { sym, strings })),
            Cell::List(index) => {
                let rows = store.lists.get(index as usize).copied()?;
                let items = store.items.get(rows.range()).unwrap_or_default();
                Some(FieldRef::List(List { items, strings }))
            }
        }
    }

    /// The incident's own figure for a measure.
    pub fn figure(self, measure: Sym) -> Option<FigureRef<'a>> {
        self.store.figure_among(self.row.figures, measure)
    }

    /// The incident's own figures, by measure name.
    pub fn figures(self) -> impl Iterator<Item = FigureRef<'a>> + Clone {
        self.store.figures_in(self.row.figures)
    }

    /// Its reports, in the order the dataset lists them.
    pub fn reports(self) -> impl ExactSizeIterator<Item = ReportRef<'a>> + Clone {
        let store = self.store;
        let rows = store
            .reports
            .get(self.row.reports.range())
            .unwrap_or_default();
        rows.iter()
            .enumerate()
            .map(move |(index, row)| ReportRef { store, index, row })
    }

    /// Its `index`th report.
    pub fn report(self, index: usize) -> Option<ReportRef<'a>> {
        self.reports().nth(index)
    }
}

/// One report of an incident.
#[derive(Debug, Clone, Copy)]
pub struct ReportRef<'a> {
    store: &'a Store,
    index: usize,
    row: &'a ReportRow,
}

impl<'a> ReportRef<'a> {
    /// Its place among its incident's reports.
    pub fn index(self) -> usize {
        self.index
    }

    /// Index into `Dataset::sources`.
    pub fn source(self) -> usize {
        self.row.source as usize
    }

    pub fn published(self) -> Option<NaiveDate> {
        self.row.published
    }

    pub fn url(self) -> Option<&'a str> {
        self.row.url.map(|s| self.store.strings.get(s))
    }

    pub fn quote(self) -> Option<&'a str> {
        self.row.quote.map(|s| self.store.strings.get(s))
    }

    /// The figure this report gave for a measure.
    pub fn figure(self, measure: Sym) -> Option<FigureRef<'a>> {
        self.store.figure_among(self.row.figures, measure)
    }

    /// Every figure it gave, by measure name.
    pub fn figures(self) -> impl Iterator<Item = FigureRef<'a>> + Clone {
        self.store.figures_in(self.row.figures)
    }
}

/// A figure: a best value, an optional low and high, and an optional
/// breakdown by group.
#[derive(Debug, Clone, Copy)]
pub struct FigureRef<'a> {
    store: &'a Store,
    row: &'a FigureRow,
    groups: &'a [GroupRow],
}

impl<'a> FigureRef<'a> {
    /// The measure's name, lowercased.
    pub fn measure(self) -> &'a str {
        self.store.strings.get(self.row.measure)
    }

    pub fn estimate(self) -> Estimate {
        estimate(self.row.best, self.row.low, self.row.high)
    }

    pub fn has_breakdown(self) -> bool {
        !self.groups.is_empty()
    }

    /// The breakdown, in the order given.
    pub fn by(self) -> impl Iterator<Item = Share<'a>> + Clone {
        let strings = &self.store.strings;
        self.groups.iter().map(move |g| Share {
            group: Text {
                sym: g.group,
                strings,
            },
            key: g.key,
            estimate: estimate(g.best, g.low, g.high),
        })
    }
}

/// One group's share of a figure.
#[derive(Debug, Clone, Copy)]
pub struct Share<'a> {
    /// The group's name as the dataset spells it.
    pub group: Text<'a>,
    /// The symbol of the name's lowercase form.
    pub key: Sym,
    pub estimate: Estimate,
}

fn estimate(best: f64, low: f64, high: f64) -> Estimate {
    let given = |x: f64| (!x.is_nan()).then_some(x);
    Estimate {
        best: given(best),
        low: given(low),
        high: given(high),
    }
}

/// A field's value.
#[derive(Debug, Clone, Copy)]
pub enum FieldRef<'a> {
    Str(Text<'a>),
    Num(f64),
    Bool(bool),
    List(List<'a>),
}

/// An interned text, readable as written and comparable case aside.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    sym: Sym,
    strings: &'a Interner,
}

impl<'a> Text<'a> {
    pub fn as_str(self) -> &'a str {
        self.strings.get(self.sym)
    }

    /// Its fold key (see `intern`); every text of a field is folded when
    /// stored.
    pub fn folded(self) -> Option<u64> {
        self.strings.folded(self.sym)
    }

    /// Whether its lowercase form is `lowercase`.
    pub fn eq_lowercase(self, lowercase: &str) -> bool {
        let text = self.as_str();
        if text.is_ascii() {
            text.len() == lowercase.len()
                && text
                    .bytes()
                    .zip(lowercase.bytes())
                    .all(|(t, l)| t.to_ascii_lowercase() == l)
        } else {
            text.to_lowercase() == lowercase
        }
    }

    /// Its lowercase form, ordered against `lowercase`.
    pub fn cmp_lowercase(self, lowercase: &str) -> Ordering {
        let text = self.as_str();
        if text.is_ascii() {
            let lowered = text.bytes().map(|b| b.to_ascii_lowercase());
            lowered.cmp(lowercase.bytes())
        } else {
            text.to_lowercase().as_str().cmp(lowercase)
        }
    }

    pub fn to_lowercase(self) -> String {
        self.as_str().to_lowercase()
    }
}

/// A list of texts.
#[derive(Debug, Clone, Copy)]
pub struct List<'a> {
    items: &'a [Sym],
    strings: &'a Interner,
}

impl<'a> List<'a> {
    pub fn iter(self) -> impl ExactSizeIterator<Item = Text<'a>> + Clone {
        let strings = self.strings;
        self.items.iter().map(move |&sym| Text { sym, strings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Account, Builder, Figure};

    fn store() -> Store {
        let mut b = Builder::default();
        let day = NaiveDate::from_ymd_opt(2025, 11, 3).unwrap_or_default();
        let _ = b.incident(
            "a",
            Period {
                start: day,
                end: day,
            },
        );
        if let Some(actors) = b.column("actors") {
            b.list(actors, ["Ridge Militia", "police"]);
        }
        b.figure(
            "deaths",
            &Figure {
                low: Some(2.0),
                high: Some(4.0),
                ..Figure::default()
            },
        );
        b.report(Account {
            source: 3,
            published: Some(day),
            url: Some("https://example.org/1"),
            quote: Some("four killed"),
        });
        b.finish().0
    }

    #[test]
    fn views_read_an_incident_its_fields_figures_and_reports() {
        let store = store();
        assert_eq!(store.len(), 1);
        assert!(store.get(1).is_none());
        let inc = store.get(0).unwrap();
        assert_eq!((inc.position(), inc.id()), (0, "a"));
        let deaths = inc.figures().next().unwrap();
        assert_eq!(deaths.measure(), "deaths");
        assert_eq!(
            deaths.estimate(),
            Estimate {
                best: None,
                low: Some(2.0),
                high: Some(4.0)
            }
        );
        assert!(!deaths.has_breakdown());
        let report = inc.report(0).unwrap();
        assert_eq!(report.index(), 0);
        assert_eq!(report.source(), 3);
        assert_eq!(report.url(), Some("https://example.org/1"));
        assert_eq!(report.quote(), Some("four killed"));
        assert_eq!(report.figures().count(), 0);
        assert!(inc.report(1).is_none());
    }

    #[test]
    fn a_list_reads_its_items_and_their_folds() {
        let store = store();
        let inc = store.get(0).unwrap();
        let Some(FieldRef::List(list)) = inc.field(ColumnId(0)) else {
            panic!("no list")
        };
        let items: Vec<(&str, bool)> = list
            .iter()
            .map(|t| (t.as_str(), t.eq_lowercase(&t.to_lowercase())))
            .collect();
        assert_eq!(items, [("Ridge Militia", true), ("police", true)]);
        let militia = list.iter().next().unwrap();
        assert_eq!(militia.folded(), Some(store.strings().key("RIDGE militia")));
        assert!(!militia.eq_lowercase("ridge militias"));
        assert_eq!(militia.cmp_lowercase("ridge"), Ordering::Greater);
        assert_eq!(militia.cmp_lowercase("ridge militia"), Ordering::Equal);
        assert!(inc.field(ColumnId(1)).is_none());
    }
}
