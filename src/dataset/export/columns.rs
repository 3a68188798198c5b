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
use crate::dataset::{Field, Incident};
use csv::StringRecord;
use std::collections::BTreeMap;

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
    /// The fields it fills: its own name (or new name), then its alias.
    names: Vec<String>,
    list: bool,
    seen: Seen,
    /// The current row's kind, until the row is accepted.
    pending: Seen,
}

/// The fields of every column of an export, and the kinds each has held.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    columns: Vec<Column>,
}

impl Columns {
    /// The plan for a header. A column that repeats an earlier name is left
    /// out: the header reports it.
    pub fn new(header: &Header, shape: Shape) -> Columns {
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
                let alias = shape
                    .aliases
                    .iter()
                    .filter(|(column, _)| *column == name)
                    .map(|(_, alias)| alias.to_string());
                Some(Column {
                    position,
                    names: std::iter::once(own.to_string()).chain(alias).collect(),
                    list: shape.lists.contains(&name),
                    seen: Seen::default(),
                    pending: Seen::default(),
                })
            })
            .collect();
        Columns { columns }
    }

    /// The fields of one record. The kinds of its cells count towards
    /// their columns' only once the row is `accept`ed.
    pub fn fields(&mut self, record: &StringRecord) -> BTreeMap<String, Field> {
        let mut fields = BTreeMap::new();
        for column in &mut self.columns {
            column.pending = Seen::default();
            let Some(cell) = record
                .get(column.position)
                .map(str::trim)
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            let field = if column.list {
                let items = list(cell);
                if items.is_empty() {
                    continue;
                }
                Field::List(items)
            } else if let Some(n) = number(cell) {
                column.pending.number = true;
                Field::Num(n)
            } else {
                column.pending.text = true;
                Field::Str(cell.to_owned())
            };
            if let Some((last, others)) = column.names.split_last() {
                for name in others {
                    fields.insert(name.clone(), field.clone());
                }
                fields.insert(last.clone(), field);
            }
        }
        fields
    }

    /// Counts the kinds of the last record's cells: its row was loaded.
    pub fn accept(&mut self) {
        for column in &mut self.columns {
            column.seen.number |= column.pending.number;
            column.seen.text |= column.pending.text;
        }
    }

    /// Makes every column one type: in a column that has held text as well
    /// as numbers, the numbers become text, written the shortest way that
    /// reads back as the same number (`38.50` → `38.5`).
    pub fn settle(&self, incidents: &mut [Incident]) {
        let mixed: Vec<&String> = self
            .columns
            .iter()
            .filter(|c| c.seen.number && c.seen.text)
            .flat_map(|c| &c.names)
            .collect();
        if mixed.is_empty() {
            return;
        }
        for incident in incidents {
            for name in &mixed {
                if let Some(field) = incident.fields.get_mut(name.as_str())
                    && let Field::Num(n) = *field
                {
                    *field = Field::Str(n.to_string());
                }
            }
        }
    }
}

/// A `;`-separated list, each item trimmed, empty items left out.
pub fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Period;
    use chrono::NaiveDate;

    const SHAPE: Shape = Shape {
        renamed: &[("region", "world_region")],
        aliases: &[("admin1", "region"), ("location", "place")],
        lists: &["source"],
    };

    fn columns(names: &[&str]) -> Columns {
        Columns::new(&Header::new(&StringRecord::from(names.to_vec())), SHAPE)
    }

    fn record(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    fn text(s: &str) -> Field {
        Field::Str(s.to_string())
    }

    fn incident(fields: BTreeMap<String, Field>) -> Incident {
        let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        Incident {
            id: "x".into(),
            date: Period {
                start: day,
                end: day,
            },
            fields,
            figures: BTreeMap::new(),
            reports: Vec::new(),
        }
    }

    #[test]
    fn every_column_is_a_field_with_the_common_names_added() {
        let mut c = columns(&["Region", "admin1", "location", "notes"]);
        let fields = c.fields(&record(&["Central Asia", "Khatlon", "Panj", "a, b; c"]));
        let expected = BTreeMap::from([
            ("world_region".to_string(), text("Central Asia")),
            ("admin1".to_string(), text("Khatlon")),
            ("region".to_string(), text("Khatlon")),
            ("location".to_string(), text("Panj")),
            ("place".to_string(), text("Panj")),
            ("notes".to_string(), text("a, b; c")),
        ]);
        assert_eq!(fields, expected);
    }

    #[test]
    fn numbers_are_numeric_fields_and_empty_cells_absent() {
        let mut c = columns(&["geo_precision", "latitude", "admin2"]);
        let fields = c.fields(&record(&["2", "-38.25", "  "]));
        assert_eq!(fields.get("geo_precision"), Some(&Field::Num(2.0)));
        assert_eq!(fields.get("latitude"), Some(&Field::Num(-38.25)));
        assert!(!fields.contains_key("admin2"));
    }

    #[test]
    fn list_columns_split_on_semicolons() {
        let mut c = columns(&["source"]);
        let fields = c.fields(&record(&[" AFP;  Reuters ;; "]));
        assert_eq!(
            fields.get("source"),
            Some(&Field::List(vec!["AFP".into(), "Reuters".into()]))
        );
        assert!(c.fields(&record(&[" ; "])).is_empty());
        // A number in a list column stays an item of the list.
        assert_eq!(
            c.fields(&record(&["12"])).get("source"),
            Some(&Field::List(vec!["12".into()]))
        );
    }

    #[test]
    fn a_column_with_text_and_numbers_is_text() {
        let mut c = columns(&["admin1", "geo_precision"]);
        let mut loaded = Vec::new();
        for cells in [["38.50", "1"], ["Khatlon", "2"]] {
            loaded.push(incident(c.fields(&record(&cells))));
            c.accept();
        }
        c.settle(&mut loaded);
        assert_eq!(loaded[0].fields.get("admin1"), Some(&text("38.5")));
        assert_eq!(loaded[0].fields.get("region"), Some(&text("38.5")));
        assert_eq!(loaded[1].fields.get("admin1"), Some(&text("Khatlon")));
        assert_eq!(
            loaded[0].fields.get("geo_precision"),
            Some(&Field::Num(1.0))
        );
    }

    #[test]
    fn a_row_that_was_not_loaded_does_not_change_a_column_type() {
        let mut c = columns(&["geo_precision"]);
        let mut loaded = vec![incident(c.fields(&record(&["1"])))];
        c.accept();
        let _rejected = c.fields(&record(&["bad"]));
        c.settle(&mut loaded);
        assert_eq!(
            loaded[0].fields.get("geo_precision"),
            Some(&Field::Num(1.0))
        );
    }

    #[test]
    fn a_repeated_column_name_keeps_the_first_column() {
        let mut c = columns(&["notes", "NOTES"]);
        let fields = c.fields(&record(&["first", "second"]));
        assert_eq!(fields.get("notes"), Some(&text("first")));
    }
}
