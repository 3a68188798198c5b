//! CSV exports of the two most used conflict event datasets, ACLED and UCDP
//! GED (spec §8), read as they are downloaded, with no conversion step.
//! The layout is told by the header (or named: `acled:FILE`, `ucdp:FILE`),
//! and each row becomes one incident.
//!
//! The file is read one record at a time and never held whole: ACLED's
//! global export is over a gigabyte. A malformed row is reported with its
//! line and column and left out; the other rows still load, so unlike a
//! native dataset, an export with errors still has a dataset.

mod ahead;
pub(super) mod columns;
pub(super) mod registry;
pub(super) mod table;

use super::{Builder, Dataset, DatasetError, Figure, Loaded, Refused, TOO_LARGE, acled, ucdp};
use crate::date::{Period, parse_iso};
use chrono::NaiveDate;
use columns::{Cells, Columns, Reading, Shape};
use csv::{ErrorKind, ReaderBuilder, StringRecord};
use registry::Registry;
use std::io::Read;
use table::{Header, Row, problem};

/// The place fields of every export: the same as a native dataset's, so
/// that `in "Khatlon"` reads the same against any of them.
const PLACE_FIELDS: [&str; 3] = ["country", "region", "place"];

/// How much of the file is read at a time. The CSV reader buffers its
/// input itself, so the file is handed to it unwrapped.
const BUFFER: usize = 1 << 16;

/// The layouts of export that claimcheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Acled,
    Ucdp,
}

impl Layout {
    const ALL: [Layout; 2] = [Layout::Acled, Layout::Ucdp];

    /// The name people know the dataset by.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Acled => "ACLED",
            Layout::Ucdp => "UCDP GED",
        }
    }

    /// The prefix that names the layout in `--data` and `@data`.
    pub fn prefix(self) -> &'static str {
        match self {
            Layout::Acled => "acled:",
            Layout::Ucdp => "ucdp:",
        }
    }

    /// The columns by which a header is recognised.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Layout::Acled => acled::SIGNATURE,
            Layout::Ucdp => ucdp::SIGNATURE,
        }
    }

    /// The columns without which no row can be read.
    fn required(self) -> impl Iterator<Item = &'static str> {
        let id = self.id_column();
        std::iter::once(id).chain(self.signature().iter().copied().filter(move |c| *c != id))
    }

    /// The column that holds each incident's id.
    fn id_column(self) -> &'static str {
        match self {
            Layout::Acled => acled::ID,
            Layout::Ucdp => ucdp::ID,
        }
    }

    fn shape(self) -> Shape {
        match self {
            Layout::Acled => acled::SHAPE,
            Layout::Ucdp => ucdp::SHAPE,
        }
    }

    /// What a row says of its incident; `None` where the row has an error.
    fn read(self, row: &mut Row) -> Option<Incident> {
        match self {
            Layout::Acled => acled::read(row),
            Layout::Ucdp => ucdp::read(row),
        }
    }

    /// The rest of the incident `builder` has open, after its fields and
    /// figure: its reports (and UCDP's `type`).
    fn fill(self, row: &Row, builder: &mut Builder, registry: &mut Registry) {
        match self {
            Layout::Acled => acled::fill(row, builder, registry),
            Layout::Ucdp => ucdp::fill(row, builder, registry),
        }
    }
}

/// What a layout reads from a row, checked, before it becomes an incident
/// under the id in its id column.
pub struct Incident {
    pub date: Period,
    pub deaths: Option<Figure>,
}

/// Splits a dataset name into the layout it names, if any, and the file:
/// `acled:data/2025.csv` → ACLED, `data/2025.csv`. The prefix is read
/// case-insensitively.
pub fn named(data: &str) -> (Option<Layout>, &str) {
    for layout in Layout::ALL {
        let prefix = layout.prefix();
        if let Some(head) = data.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            return (Some(layout), &data[prefix.len()..]);
        }
    }
    (None, data)
}

/// A day written `YYYY-MM-DD`, as both exports write dates today.
pub(super) fn iso_day(text: &str) -> Option<NaiveDate> {
    parse_iso(text)
        .filter(|p| p.start == p.end)
        .map(|p| p.start)
}

/// Loads an export from `input`, of the layout named or else the one its
/// header shows. `name` becomes the dataset's name.
pub fn load(input: impl Read + Send, named: Option<Layout>, name: &str) -> Loaded {
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(input);
    let header = match reader.headers() {
        Ok(record) => Header::new(record),
        Err(error) => return unusable(read_error(&error, &Header::default()).1),
    };
    let layout = match choose(named, &header) {
        Ok(layout) => layout,
        Err(message) => return unusable(problem(1, None, message, false)),
    };
    let mut problems: Vec<DatasetError> = header
        .duplicates()
        .filter_map(|i| header.name(i))
        .map(|name| {
            let message = format!("the column `{name}` appears twice; the first one is read");
            problem(1, Some(name), message, true)
        })
        .collect();
    let mut builder = Builder::with_interned_ids();
    let mut columns = Columns::new(&header, layout.shape(), &mut builder);
    let mut registry = Registry::default();
    // The line each incident was read from, in input order.
    let mut lines = Vec::new();
    // The line of the last record read, where the store fills up.
    let mut last_line = 1;
    let reading = columns.reading();
    let prepare = |record: &StringRecord, read: &mut Prepared| {
        read.prepare(record, layout, &header, &reading);
    };
    ahead::for_each(reader, prepare, |read| {
        let (record, read) = match read {
            Ok(read) => read,
            Err(error) => {
                let (go_on, problem) = read_error(&error, &header);
                problems.push(problem);
                return go_on;
            }
        };
        let line = line_of(record);
        last_line = line;
        problems.append(&mut read.problems);
        let Some(incident) = read.incident.take() else {
            return true;
        };
        let id = header.cell(record, layout.id_column()).unwrap_or_default();
        match builder.incident(id, incident.date) {
            Ok(()) => lines.push(line),
            // Export ids are case-sensitive codes, compared as written.
            Err(Refused::Taken(first)) => {
                let message = format!(
                    "the id `{id}` is already used on line {}; the row is left out",
                    lines.get(first).copied().unwrap_or(0)
                );
                problems.push(problem(line, Some(layout.id_column()), message, false));
                return true;
            }
            Err(Refused::Full) => return false,
        }
        columns.fill(record, &read.cells, &mut builder);
        if let Some(deaths) = &incident.deaths {
            builder.figure("deaths", deaths);
        }
        let row = Row::new(&header, record, line, &mut problems);
        layout.fill(&row, &mut builder, &mut registry);
        true
    });
    columns.settle(&mut builder);
    if builder.is_full() {
        let message = TOO_LARGE.to_string();
        problems.push(problem(last_line, None, message, false));
    }
    let (incidents, names) = builder.finish();
    let dataset = Dataset {
        name: name.to_owned(),
        description: Some(format!("{} export", layout.name())),
        place_fields: PLACE_FIELDS.map(String::from).to_vec(),
        sources: registry.into_sources(),
        incidents,
        facts: Vec::new(),
        names,
    };
    Loaded {
        dataset: Some(dataset),
        problems,
    }
}

/// What the reading thread makes of a record (`ahead`), so that the
/// loading thread only stores it: its cells, and the date and figure of
/// its incident where the row reads as one, with the problems found on
/// the way, in order.
#[derive(Default)]
struct Prepared {
    cells: Cells,
    incident: Option<Incident>,
    problems: Vec<DatasetError>,
}

impl Prepared {
    fn prepare(
        &mut self,
        record: &StringRecord,
        layout: Layout,
        header: &Header,
        reading: &Reading,
    ) {
        self.incident = None;
        self.problems.clear();
        reading.read(record, &mut self.cells);
        let line = line_of(record);
        if record.len() != header.len() {
            self.problems
                .push(width_problem(line, record.len(), header));
            return;
        }
        let mut row = Row::new(header, record, line, &mut self.problems);
        self.incident = layout.read(&mut row);
    }
}

/// The layout named, if its columns are there, or else the one whose
/// columns the header has.
fn choose(named: Option<Layout>, header: &Header) -> Result<Layout, String> {
    if header.len() == 0 {
        return Err(
            "the file is empty: expected an ACLED or UCDP GED export with its header".into(),
        );
    }
    let layout = match named {
        Some(layout) => layout,
        None => Layout::ALL
            .into_iter()
            .find(|l| l.signature().iter().all(|c| header.has(c)))
            .ok_or_else(|| {
                let looked_for: Vec<String> = Layout::ALL
                    .iter()
                    .map(|l| format!("{} ({})", l.name(), l.signature().join(", ")))
                    .collect();
                format!(
                    "the header is neither an ACLED nor a UCDP GED export's: looked for the columns of {}",
                    looked_for.join(" or ")
                )
            })?,
    };
    let missing: Vec<&str> = layout.required().filter(|c| !header.has(c)).collect();
    if missing.is_empty() {
        Ok(layout)
    } else {
        Err(format!(
            "{} exports need the columns {}; the header lacks {}",
            layout.name(),
            layout.required().collect::<Vec<_>>().join(", "),
            missing.join(", ")
        ))
    }
}

/// A loader result with no dataset: the file cannot be read as an export.
fn unusable(problem: DatasetError) -> Loaded {
    Loaded {
        dataset: None,
        problems: vec![problem],
    }
}

/// The 1-based line a record starts on, counting the header.
fn line_of(record: &StringRecord) -> usize {
    record
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(0)
}

/// A row with more or fewer cells than the header has columns. A short
/// row names the first column it lacks.
fn width_problem(line: usize, cells: usize, header: &Header) -> DatasetError {
    let first_missing = header.name(cells);
    let missing = first_missing.map_or(String::new(), |c| format!(": `{c}` and after are missing"));
    let message = format!(
        "the row has {cells} fields, the header {}{missing}; the row is left out",
        header.len()
    );
    problem(line, first_missing, message, false)
}

/// A problem the CSV reader met, and whether reading can go on after it
/// (a cell that is not UTF-8 spoils only its row).
fn read_error(error: &csv::Error, header: &Header) -> (bool, DatasetError) {
    let line = |pos: Option<&csv::Position>| {
        pos.and_then(|p| usize::try_from(p.line()).ok())
            .unwrap_or(1)
    };
    match error.kind() {
        ErrorKind::Utf8 { pos, err } => {
            let message = "the cell is not valid UTF-8; save the export as UTF-8".to_string();
            (
                true,
                problem(line(pos.as_ref()), header.name(err.field()), message, false),
            )
        }
        ErrorKind::Io(e) => (
            false,
            problem(
                line(error.position()),
                None,
                format!("cannot read the file: {e}"),
                false,
            ),
        ),
        _ => (
            false,
            problem(line(error.position()), None, error.to_string(), false),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::{Field, field, incident};

    /// Every problem as `validate` prints it.
    fn shown(loaded: &Loaded) -> Vec<String> {
        loaded.problems.iter().map(ToString::to_string).collect()
    }

    fn ids(loaded: &Loaded) -> Vec<&str> {
        loaded
            .dataset
            .iter()
            .flat_map(|d| d.incidents.iter())
            .map(|i| i.id())
            .collect()
    }

    const ACLED_HEAD: &str =
        "event_id_cnty,event_date,time_precision,country,admin1,location,source,fatalities\n";

    #[test]
    fn an_iso_day_is_one_day_only() {
        assert_eq!(iso_day("2025-11-03"), NaiveDate::from_ymd_opt(2025, 11, 3));
        assert_eq!(iso_day("2025-11"), None);
        assert_eq!(iso_day("2025"), None);
        assert_eq!(iso_day("2025-11-31"), None);
    }

    #[test]
    fn the_layout_is_named_by_a_prefix() {
        assert_eq!(named("acled:a.csv"), (Some(Layout::Acled), "a.csv"));
        assert_eq!(named("UCDP:../g.csv"), (Some(Layout::Ucdp), "../g.csv"));
        assert_eq!(named("a.csv"), (None, "a.csv"));
        assert_eq!(named("acl"), (None, "acl"));
        assert_eq!(named("C:\\data\\a.csv"), (None, "C:\\data\\a.csv"));
    }

    #[test]
    fn the_layout_is_told_by_the_header() {
        let acled = load(ACLED_HEAD.as_bytes(), None, "a");
        assert_eq!(acled.problems, []);
        assert_eq!(
            acled.dataset.and_then(|d| d.description),
            Some("ACLED export".into())
        );
        let ucdp = "id,side_a,date_start,date_end,best\n";
        let ucdp = load(ucdp.as_bytes(), None, "u");
        assert_eq!(
            ucdp.dataset.and_then(|d| d.description),
            Some("UCDP GED export".into())
        );
    }

    #[test]
    fn a_header_of_neither_layout_names_the_columns_looked_for() {
        let loaded = load("id,date,deaths\n1,2025-01-01,3\n".as_bytes(), None, "x");
        assert_eq!(loaded.dataset, None);
        assert_eq!(
            shown(&loaded),
            [
                "error (line 1): the header is neither an ACLED nor a UCDP GED export's: looked for the columns of ACLED (event_id_cnty, event_date, fatalities) or UCDP GED (date_start, date_end, best, side_a)"
            ]
        );
        let empty = load("".as_bytes(), None, "x");
        assert!(shown(&empty)[0].contains("the file is empty"));
    }

    #[test]
    fn a_named_layout_needs_its_columns() {
        let loaded = load(ACLED_HEAD.as_bytes(), Some(Layout::Ucdp), "x");
        assert_eq!(loaded.dataset, None);
        assert_eq!(
            shown(&loaded),
            [
                "error (line 1): UCDP GED exports need the columns id, date_start, date_end, best, side_a; the header lacks id, date_start, date_end, best, side_a"
            ]
        );
        let no_id = load("side_a,date_start,date_end,best\n".as_bytes(), None, "x");
        assert!(shown(&no_id)[0].ends_with("the header lacks id"));
    }

    #[test]
    fn a_row_left_out_does_not_change_a_column_type() {
        let text = format!(
            "{ACLED_HEAD}\
             A1,2025-11-03,1,Varnia,38.50,Selm,AFP,2\n\
             A2,2025-13-03,1,Varnia,North,Selm,AFP,2\n"
        );
        let loaded = load(text.as_bytes(), None, "x");
        assert_eq!(ids(&loaded), ["A1"]);
        let dataset = loaded.dataset.unwrap_or_default();
        assert_eq!(
            field(&dataset, incident(&dataset, "A1"), "admin1"),
            Some(Field::Num(38.5))
        );
    }

    #[test]
    fn a_bom_crlf_and_quoted_commas_and_newlines_load() {
        let text = "\u{feff}event_id_cnty,event_date,country,notes,fatalities\r\n\
                    TJK1,2025-11-03,Tajikistan,\"Clash, at night;\r\nsecond line\",2\r\n\
                    TJK2,2025-11-04,Tajikistan,plain,1\r\n";
        let loaded = load(text.as_bytes(), None, "x");
        assert_eq!(loaded.problems, []);
        let dataset = loaded.dataset.unwrap_or_default();
        assert_eq!(dataset.incidents.len(), 2);
        assert_eq!(
            field(&dataset, incident(&dataset, "TJK1"), "notes"),
            Some(Field::Str("Clash, at night;\r\nsecond line".into()))
        );
        assert!(dataset.names.fields.contains_key("event_id_cnty"));
    }

    #[test]
    fn malformed_rows_are_reported_at_their_line_and_column_and_the_rest_load() {
        let text = format!(
            "{ACLED_HEAD}\
             A1,2025-11-03,1,Varnia,North,\"Selm\nMarket\",AFP,2\n\
             A2,2025-11-31,1,Varnia,North,Selm,AFP,2\n\
             A3,2025-11-05,1,Varnia,North,Selm,AFP,two\n\
             A4,2025-11-06,1,Varnia\n\
             A1,2025-11-07,1,Varnia,North,Selm,AFP,1\n\
             A5,2025-11-08,1,Varnia,North,Selm,AFP,1,extra\n\
             A6,2025-11-09,1,Varnia,North,Selm,AFP,0\n"
        );
        let loaded = load(text.as_bytes(), None, "x");
        assert_eq!(
            shown(&loaded),
            [
                "error in column event_date (line 4): `2025-11-31` is not a date: expected YYYY-MM-DD, `dd Month YYYY` or dd/mm/yyyy",
                "error in column fatalities (line 5): `two` is not a number",
                "error in column admin1 (line 6): the row has 4 fields, the header 8: `admin1` and after are missing; the row is left out",
                "error in column event_id_cnty (line 7): the id `A1` is already used on line 2; the row is left out",
                "error (line 8): the row has 9 fields, the header 8; the row is left out",
            ]
        );
        assert_eq!(ids(&loaded), ["A1", "A6"]);
    }

    #[test]
    fn a_cell_that_is_not_utf8_spoils_only_its_row() {
        let mut bytes = ACLED_HEAD.as_bytes().to_vec();
        bytes.extend_from_slice(b"A1,2025-11-03,1,Varnia,N\xff,Selm,AFP,2\n");
        bytes.extend_from_slice(b"A2,2025-11-04,1,Varnia,North,Selm,AFP,2\n");
        let loaded = load(bytes.as_slice(), None, "x");
        assert_eq!(
            shown(&loaded),
            [
                "error in column admin1 (line 2): the cell is not valid UTF-8; save the export as UTF-8"
            ]
        );
        assert_eq!(ids(&loaded), ["A2"]);
    }

    #[test]
    fn a_repeated_column_is_a_warning() {
        let text = format!("{},notes,NOTES\n", ACLED_HEAD.trim_end());
        let loaded = load(text.as_bytes(), None, "x");
        assert_eq!(
            shown(&loaded),
            [
                "warning in column notes (line 1): the column `notes` appears twice; the first one is read"
            ]
        );
    }

    #[test]
    fn sources_are_registered_only_from_rows_that_load() {
        let text = format!(
            "{ACLED_HEAD}\
             A1,2025-11-03,1,Varnia,North,Selm,Wire,x\n\
             A2,2025-11-04,1,Varnia,North,Selm,AFP; afp,1\n"
        );
        let loaded = load(text.as_bytes(), None, "x");
        let dataset = loaded.dataset.unwrap_or_default();
        let sources: Vec<&str> = dataset.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(sources, ["AFP"]);
        assert_eq!(dataset.place_fields, ["country", "region", "place"]);
    }
}
