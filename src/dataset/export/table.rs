//! The rows of an export as its header names them: a cell is read by its
//! column's name, and every problem found in a row is recorded with the
//! row's line and the column's name, so that `validate` can point at the
//! cell (spec §8).

use crate::dataset::DatasetError;
use csv::StringRecord;
use hashbrown::HashMap;

/// The header: column names, trimmed and lowercased (claims name fields
/// case-insensitively), and where each is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    names: Vec<String>,
    positions: HashMap<String, usize>,
}

impl Header {
    /// Reads a header record. A name written twice keeps its first column;
    /// the later ones are reported in `duplicates`.
    pub fn new(record: &StringRecord) -> Header {
        let names: Vec<String> = record.iter().map(|n| n.trim().to_lowercase()).collect();
        let mut positions = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            positions.entry(name.clone()).or_insert(i);
        }
        Header { names, positions }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn name(&self, column: usize) -> Option<&str> {
        self.names.get(column).map(String::as_str)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    /// The cell of a column in `record`, trimmed; `None` where the column
    /// is missing or the cell is empty, which both mean "not given".
    pub fn cell<'r>(&self, record: &'r StringRecord, column: &str) -> Option<&'r str> {
        self.position(column)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    pub fn has(&self, name: &str) -> bool {
        self.positions.contains_key(name)
    }

    /// The columns, by position, that repeat an earlier column's name.
    pub fn duplicates(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.names.len()).filter(|&i| self.position(&self.names[i]) != Some(i))
    }
}

/// A problem at a line, in a column where one is to blame.
pub fn problem(line: usize, column: Option<&str>, message: String, warning: bool) -> DatasetError {
    DatasetError {
        path: None,
        line: Some(line),
        column: None,
        field: column.map(str::to_owned),
        message,
        warning,
    }
}

/// One record of an export, read through its header, collecting the
/// problems found in it.
pub struct Row<'a> {
    header: &'a Header,
    record: &'a StringRecord,
    pub line: usize,
    problems: &'a mut Vec<DatasetError>,
    failed: bool,
}

impl<'a> Row<'a> {
    pub fn new(
        header: &'a Header,
        record: &'a StringRecord,
        line: usize,
        problems: &'a mut Vec<DatasetError>,
    ) -> Row<'a> {
        Row {
            header,
            record,
            line,
            problems,
            failed: false,
        }
    }

    /// The cell of a column (`Header::cell`).
    pub fn cell(&self, column: &str) -> Option<&'a str> {
        self.header.cell(self.record, column)
    }

    /// A cell that must be given: its absence is an error.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let cell = self.cell(column);
        if cell.is_none() {
            self.error(column, format!("`{column}` is empty"));
        }
        cell
    }

    /// A count (`fatalities`, `best`): a number ≥ 0, or nothing where the
    /// cell is empty. Anything else is an error.
    pub fn count(&mut self, column: &str) -> Option<f64> {
        let cell = self.cell(column)?;
        match number(cell) {
            Some(n) if n >= 0.0 => Some(n),
            Some(_) => {
                self.error(column, format!("`{cell}` is negative; a count is ≥ 0"));
                None
            }
            None => {
                self.error(column, format!("`{cell}` is not a number"));
                None
            }
        }
    }

    pub fn error(&mut self, column: &str, message: String) {
        self.failed = true;
        self.problems
            .push(problem(self.line, Some(column), message, false));
    }

    pub fn warn(&mut self, column: &str, message: String) {
        self.problems
            .push(problem(self.line, Some(column), message, true));
    }

    /// Whether an error was found: such a row is not loaded.
    pub fn failed(&self) -> bool {
        self.failed
    }
}

/// Reads a cell as a number: an optional `-`, digits, and optionally `.`
/// and more digits, at most 15 digits in all so that the number is what
/// was written. Anything else (`1,350`, `1e3`, `inf`, a code such as
/// `004A`) is text.
pub fn number(text: &str) -> Option<f64> {
    // Read as bytes: every cell of every row comes through here.
    let bytes = text.as_bytes();
    let unsigned = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let mut parts = unsigned.splitn(2, |&b| b == b'.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or(b"0");
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if all_digits(whole) && all_digits(fraction) && whole.len() + fraction.len() <= 15 {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Header {
        Header::new(&StringRecord::from(names.to_vec()))
    }

    #[test]
    fn the_header_is_trimmed_and_lowercased_and_keeps_first_columns() {
        let h = header(&[" Event_ID_Cnty", "notes", "NOTES"]);
        assert_eq!(h.position("event_id_cnty"), Some(0));
        assert_eq!(h.position("notes"), Some(1));
        assert_eq!(h.duplicates().collect::<Vec<_>>(), [2]);
        assert_eq!(h.name(2), Some("notes"));
        assert!(!h.has("Event_ID_Cnty"));
    }

    #[test]
    fn cells_are_trimmed_and_empty_ones_are_not_given() {
        let h = header(&["a", "b", "c"]);
        let record = StringRecord::from(vec![" x ", "  ", ""]);
        let mut problems = Vec::new();
        let mut row = Row::new(&h, &record, 7, &mut problems);
        assert_eq!(row.cell("a"), Some("x"));
        assert_eq!(row.cell("b"), None);
        assert_eq!(row.cell("missing"), None);
        assert_eq!(row.required("c"), None);
        assert!(row.failed());
        assert_eq!(
            problems,
            [problem(7, Some("c"), "`c` is empty".into(), false)]
        );
    }

    #[test]
    fn counts_are_numbers_at_least_zero() {
        let h = header(&["n", "neg", "text", "blank"]);
        let record = StringRecord::from(vec!["12", "-1", "a dozen", ""]);
        let mut problems = Vec::new();
        let mut row = Row::new(&h, &record, 3, &mut problems);
        assert_eq!(row.count("n"), Some(12.0));
        assert!(!row.failed());
        assert_eq!(row.count("blank"), None);
        assert!(!row.failed());
        assert_eq!(row.count("neg"), None);
        assert_eq!(row.count("text"), None);
        assert!(row.failed());
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "error in column neg (line 3): `-1` is negative; a count is ≥ 0",
                "error in column text (line 3): `a dozen` is not a number",
            ]
        );
    }

    #[test]
    fn a_warning_does_not_fail_the_row() {
        let h = header(&["a"]);
        let record = StringRecord::from(vec!["1"]);
        let mut problems = Vec::new();
        let mut row = Row::new(&h, &record, 2, &mut problems);
        row.warn("a", "odd".into());
        assert!(!row.failed());
        assert!(problems[0].warning);
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(number("0"), Some(0.0));
        assert_eq!(number("38.5000"), Some(38.5));
        assert_eq!(number("-69.25"), Some(-69.25));
        assert_eq!(number("1735689600"), Some(1_735_689_600.0));
        for text in [
            "", "-", ".5", "5.", "1,350", "1e3", "inf", "NaN", "+3", "004A", "1.2.3",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
        assert_eq!(number("1234567890123456"), None);
    }
}
