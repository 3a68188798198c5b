//! Every column of an export becomes an incident field under its own name
//! (spec §8), so that users who know ACLED or UCDP write `where admin1 =
//! "Khatlon"`; the common names `region`, `place` and `type` are added, and
//! the export's own `region` (a world region) is renamed `world_region`.
//!
//! A cell that reads as a number is a numeric field (`where geo_precision
//! <= 2`), unless its column also holds text: a column is one type, so its
//! numbers are then text too. `;`-list columns are lists, so that
//! `contains` matches a whole element. An empty cell is an absent field.

use super::table::{Header, number};
use crate::dataset::{Builder, ColumnId};
use csv::StringRecord;
use std::ops::Range;

/// How a layout maps its columns to fields. Names are lowercase.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Columns kept under another name: `(column, field)`.
    pub renamed: &'static [(&'static str, &'static str)],
    /// Columns also given a common name: `(column, alias)`.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Columns that hold `;`-separated lists.
    pub lists: &'static [&'static str],
}

/// What kinds of value a column has held in the rows loaded so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Seen {
    number: bool,
    text: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Column {
    /// Its position in a record.
    position: usize,
    /// The field it fills, under its own (or new) name and its alias.
    field: ColumnId,
    list: bool,
    seen: Seen,
}

/// The fields of every column of an export, and the kinds each has held.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    columns: Vec<Column>,
}

impl Columns {
    /// The plan for a header, its fields made in `builder`. A column that
    /// repeats an earlier name is left out: the header reports it.
    pub fn new(header: &Header, shape: Shape, builder: &mut Builder) -> Columns {
        let columns = (0..header.len())
            .filter_map(|position| {
                let name = header.name(position)?;
                if header.position(name) != Some(position) {
                    return None;
                }
                let own = shape
                    .renamed
                    .iter()
                    .find(|(column, _)| *column == name)
                    .map_or(name, |(_, field)| field);
                let field = builder.column(own)?;
                for (_, alias) in shape.aliases.iter().filter(|(column, _)| *column == name) {
                    builder.alias(alias, field);
                }
                Some(Column {
                    position,
                    field,
                    list: shape.lists.contains(&name),
                    seen: Seen::default(),
                })
            })
            .collect();
        Columns { columns }
    }

    /// What reading a record's cells takes, for the thread that reads the
    /// records.
    pub fn reading(&self) -> Reading {
        Reading {
            columns: self.columns.iter().map(|c| (c.position, c.list)).collect(),
        }
    }

    /// Stores the cells of a row that loads, as `Reading::read` found them
    /// in its record, as the fields of the incident `builder` has open, and
    /// counts the kinds of their values.
    pub fn fill(&mut self, record: &StringRecord, cells: &Cells, builder: &mut Builder) {
        for (column, cell) in self.columns.iter_mut().zip(&cells.cells) {
            let raw = record.get(column.position).unwrap_or_default();
            match cell {
                Cell::Empty => {}
                Cell::Number(n) => {
                    column.seen.number = true;
                    builder.number(column.field, *n);
                }
                Cell::Text(range) => {
                    column.seen.text = true;
                    builder.text(column.field, raw.get(range.clone()).unwrap_or_default());
                }
                Cell::List(items) => {
                    let items = cells.items.get(items.clone()).unwrap_or_default();
                    builder.list(
                        column.field,
                        items.iter().filter_map(|r| raw.get(r.clone())),
                    );
                }
            }
        }
    }

    /// Makes every column one type: in a column that has held text as well
    /// as numbers, the numbers become text, written the shortest way that
    /// reads back as the same number (`38.50` → `38.5`).
    pub fn settle(&self, builder: &mut Builder) {
        for column in &self.columns {
            if column.seen.number && column.seen.text {
                builder.numbers_as_text(column.field);
            }
        }
    }
}

/// A `;`-separated list, each item trimmed, empty items left out.
pub fn list(cell: &str) -> impl Iterator<Item = &str> + Clone {
    list_items(cell).filter_map(|item| cell.get(item))
}

/// The items of a `;`-separated list, as `list` gives them, by where they
/// lie in the cell.
fn list_items(cell: &str) -> impl Iterator<Item = Range<usize>> + Clone {
    cell.split(';')
        .scan(0, |start, item| {
            let (at, text) = (*start, trimmed(item));
            *start += item.len() + 1;
            Some(at + text.start..at + text.end)
        })
        .filter(|item| !item.is_empty())
}

/// Where a text lies in `cell` once trimmed.
fn trimmed(cell: &str) -> Range<usize> {
    let start = cell.len() - cell.trim_start().len();
    start..cell.trim_end().len().max(start)
}

/// Which cells of a record are read, and how: what the thread that reads
/// the records needs of `Columns` to read their cells.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Each column's position in a record, and whether it holds lists.
    columns: Vec<(usize, bool)>,
}

/// A record's cells as `Columns::fill` stores them: trimmed, numbers told
/// from text, lists split. They are read on the thread that reads the
/// records, which the loading thread would otherwise wait for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cells {
    /// One per column, in `Columns`' order.
    cells: Vec<Cell>,
    /// The items of every list cell, by where they lie in the cell.
    items: Vec<Range<usize>>,
}

/// One cell, by where its text lies in the record's field.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Number(f64),
    Text(Range<usize>),
    /// A run of `Cells::items`; never empty.
    List(Range<usize>),
}

impl Reading {
    /// Reads `record`'s cells into `cells`, whose room earlier records
    /// made.
    pub fn read(&self, record: &StringRecord, cells: &mut Cells) {
        cells.cells.clear();
        cells.items.clear();
        for &(position, list) in &self.columns {
            let raw = record.get(position).unwrap_or_default();
            let range = trimmed(raw);
            let text = raw.get(range.clone()).unwrap_or_default();
            let cell = if text.is_empty() {
                Cell::Empty
            } else if list {
                let first = cells.items.len();
                cells.items.extend(list_items(raw));
                match first..cells.items.len() {
                    items if items.is_empty() => Cell::Empty,
                    items => Cell::List(items),
                }
            } else if let Some(n) = number(text) {
                Cell::Number(n)
            } else {
                Cell::Text(range)
            };
            cells.cells.push(cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::{Field, fields};
    use crate::dataset::{Dataset, Store};
    use crate::date::Period;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;

    const SHAPE: Shape = Shape {
        renamed: &[("region", "world_region")],
        aliases: &[("admin1", "region"), ("location", "place")],
        lists: &["source"],
    };

    fn record(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    fn text(s: &str) -> Field {
        Field::Str(s.to_string())
    }

    /// The rows as incidents of one day, in input order, each filled from
    /// its cells; the columns settled at the end.
    fn load(names: &[&str], rows: &[&[&str]]) -> Dataset {
        let mut builder = Builder::default();
        let header = Header::new(&StringRecord::from(names.to_vec()));
        let mut columns = Columns::new(&header, SHAPE, &mut builder);
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        for (i, cells) in rows.iter().enumerate() {
            let _ = builder.incident(
                &i.to_string(),
                Period {
                    start: day,
                    end: day,
                },
            );
            let record = record(cells);
            let mut read = Cells::default();
            columns.reading().read(&record, &mut read);
            columns.fill(&record, &read, &mut builder);
        }
        columns.settle(&mut builder);
        let (incidents, names) = builder.finish();
        Dataset {
            incidents,
            names,
            ..Dataset::default()
        }
    }

    fn row(ds: &Dataset, i: usize) -> BTreeMap<String, Field> {
        let store: &Store = &ds.incidents;
        store.get(i).map(|inc| fields(ds, inc)).unwrap_or_default()
    }

    #[test]
    fn every_column_is_a_field_with_the_common_names_added() {
        let ds = load(
            &["Region", "admin1", "location", "notes"],
            &[&["Central Asia", "Khatlon", "Panj", "a, b; c"]],
        );
        let expected = BTreeMap::from([
            ("world_region".to_string(), text("Central Asia")),
            ("admin1".to_string(), text("Khatlon")),
            ("region".to_string(), text("Khatlon")),
            ("location".to_string(), text("Panj")),
            ("place".to_string(), text("Panj")),
            ("notes".to_string(), text("a, b; c")),
        ]);
        assert_eq!(row(&ds, 0), expected);
    }

    #[test]
    fn numbers_are_numeric_fields_and_empty_cells_absent() {
        let ds = load(
            &["geo_precision", "latitude", "admin2"],
            &[&["2", "-38.25", "  "]],
        );
        let fields = row(&ds, 0);
        assert_eq!(fields.get("geo_precision"), Some(&Field::Num(2.0)));
        assert_eq!(fields.get("latitude"), Some(&Field::Num(-38.25)));
        assert!(!fields.contains_key("admin2"));
        assert!(!ds.names.fields.contains_key("admin2"));
    }

    #[test]
    fn list_columns_split_on_semicolons() {
        let ds = load(&["source"], &[&[" AFP;  Reuters ;; "], &[" ; "], &["12"]]);
        assert_eq!(
            row(&ds, 0).get("source"),
            Some(&Field::List(vec!["AFP".into(), "Reuters".into()]))
        );
        assert!(row(&ds, 1).is_empty());
        // A number in a list column stays an item of the list.
        assert_eq!(
            row(&ds, 2).get("source"),
            Some(&Field::List(vec!["12".into()]))
        );
    }

    #[test]
    fn a_column_with_text_and_numbers_is_text() {
        let ds = load(
            &["admin1", "geo_precision"],
            &[&["38.50", "1"], &["Khatlon", "2"]],
        );
        assert_eq!(row(&ds, 0).get("admin1"), Some(&text("38.5")));
        assert_eq!(row(&ds, 0).get("region"), Some(&text("38.5")));
        assert_eq!(row(&ds, 1).get("admin1"), Some(&text("Khatlon")));
        assert_eq!(row(&ds, 0).get("geo_precision"), Some(&Field::Num(1.0)));
    }

    #[test]
    fn a_repeated_column_name_keeps_the_first_column() {
        let ds = load(&["notes", "NOTES"], &[&["first", "second"]]);
        assert_eq!(row(&ds, 0).get("notes"), Some(&text("first")));
    }
}
