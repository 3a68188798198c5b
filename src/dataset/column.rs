//! One field of every incident, as a column: a four-byte cell per incident,
//! in the store's order. A cell is absent, a boolean, a text (its symbol),
//! a small whole number kept in the cell itself, a number kept in the
//! column's own table, or a list (its index in the store's list table).
//! A row of ACLED's thirty-odd columns so costs about four bytes a column,
//! and eight more for each number that is not a small whole one. Once the
//! store is laid out, a column of few distinct cells (a country, a type)
//! keeps them once and each incident's as a one- or two-byte code.

use super::intern::Sym;
use hashbrown::HashMap;

/// The kind of a cell, in its top three bits; the rest is its payload.
const KIND_SHIFT: u32 = 29;
const PAYLOAD: u32 = (1 << KIND_SHIFT) - 1;
const SPECIAL: u32 = 0;
const TEXT: u32 = 1;
const WHOLE: u32 = 2;
const NUMBER: u32 = 3;
const LIST: u32 = 4;
const ABSENT: u32 = 0;
const FALSE: u32 = 1;
const TRUE: u32 = 2;

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Absent,
    Bool(bool),
    Str(Sym),
    Num(f64),
    /// An index into the store's list table.
    List(u32),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    cells: Cells,
    numbers: Vec<f64>,
}

/// A column's raw cells: each one, or the distinct ones and a code per
/// incident.
#[derive(Debug, Clone, PartialEq)]
enum Cells {
    Each(Vec<u32>),
    Byte { distinct: Vec<u32>, codes: Vec<u8> },
    Short { distinct: Vec<u32>, codes: Vec<u16> },
}

impl Default for Cells {
    fn default() -> Cells {
        Cells::Each(Vec::new())
    }
}

impl Cells {
    fn get(&self, position: usize) -> u32 {
        let coded =
            |distinct: &[u32], code: Option<usize>| code.and_then(|c| distinct.get(c)).copied();
        let raw = match self {
            Cells::Each(cells) => cells.get(position).copied(),
            Cells::Byte { distinct, codes } => {
                coded(distinct, codes.get(position).map(|&c| c as usize))
            }
            Cells::Short { distinct, codes } => {
                coded(distinct, codes.get(position).map(|&c| c as usize))
            }
        };
        raw.unwrap_or(ABSENT)
    }

    fn len(&self) -> usize {
        match self {
            Cells::Each(cells) => cells.len(),
            Cells::Byte { codes, .. } => codes.len(),
            Cells::Short { codes, .. } => codes.len(),
        }
    }

    /// Changes the cells, as `Each`: a column is built with `Each`.
    fn change<R>(&mut self, change: impl FnOnce(&mut Vec<u32>) -> R) -> R {
        let mut all = match std::mem::take(self) {
            Cells::Each(all) => all,
            coded => (0..coded.len()).map(|p| coded.get(p)).collect(),
        };
        let changed = change(&mut all);
        *self = Cells::Each(all);
        changed
    }

    /// The cells, coded where few are distinct.
    fn compact(all: Vec<u32>) -> Cells {
        let mut codes: HashMap<u32, u16> = HashMap::new();
        let mut distinct = Vec::new();
        for &raw in &all {
            if codes.len() > usize::from(u16::MAX) {
                return Cells::Each(all);
            }
            codes.entry(raw).or_insert_with(|| {
                distinct.push(raw);
                (distinct.len() - 1) as u16
            });
        }
        let code = |raw: &u32| codes.get(raw).copied().unwrap_or(0);
        if distinct.len() <= 256 {
            let codes = all.iter().map(|r| code(r) as u8).collect();
            Cells::Byte { distinct, codes }
        } else {
            let codes = all.iter().map(code).collect();
            Cells::Short { distinct, codes }
        }
    }
}

impl Column {
    /// The cell of the incident at `position`; absent beyond the column's end.
    pub fn get(&self, position: usize) -> Cell {
        let raw = self.cells.get(position);
        let payload = raw & PAYLOAD;
        match raw >> KIND_SHIFT {
            TEXT => Sym::from_index(payload as usize).map_or(Cell::Absent, Cell::Str),
            WHOLE => Cell::Num(f64::from(payload)),
            NUMBER => self
                .numbers
                .get(payload as usize)
                .map_or(Cell::Absent, |&n| Cell::Num(n)),
            LIST => Cell::List(payload),
            _ => match payload {
                FALSE => Cell::Bool(false),
                TRUE => Cell::Bool(true),
                _ => Cell::Absent,
            },
        }
    }

    /// Sets the cell at `position`, the cells before it absent where not
    /// set. `None` when the payload does not fit a cell (a table beyond
    /// `MAX_SYMBOLS` entries); the cell is then left as it was.
    pub fn set(&mut self, position: usize, cell: Cell) -> Option<()> {
        let raw = self.encode(cell)?;
        self.cells.change(|cells| {
            if cells.len() <= position {
                cells.resize(position + 1, ABSENT);
            }
            let slot = cells.get_mut(position)?;
            *slot = raw;
            Some(())
        })
    }

    /// Whether any incident has this field.
    pub fn is_used(&self) -> bool {
        (0..self.cells.len()).any(|p| self.cells.get(p) != ABSENT)
    }

    /// Every number of the column, with its position, for a column that
    /// must become text.
    pub fn numbers(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        (0..self.cells.len()).filter_map(|p| match self.get(p) {
            Cell::Num(n) => Some((p, n)),
            _ => None,
        })
    }

    /// The column with its cells in a new order (cell `i` is the old cell
    /// `order[i]`), coded where few are distinct.
    pub fn reordered(self, order: &[u32]) -> Column {
        let all = order
            .iter()
            .map(|&old| self.cells.get(old as usize))
            .collect();
        Column {
            cells: Cells::compact(all),
            numbers: self.numbers,
        }
    }

    /// Forgets the cells from `len` on.
    pub fn truncate(&mut self, len: usize) {
        self.cells.change(|cells| cells.truncate(len));
    }

    fn encode(&mut self, cell: Cell) -> Option<u32> {
        let (kind, payload) = match cell {
            Cell::Absent => (SPECIAL, ABSENT),
            Cell::Bool(false) => (SPECIAL, FALSE),
            Cell::Bool(true) => (SPECIAL, TRUE),
            Cell::Str(sym) => (TEXT, fits(sym.index())?),
            Cell::Num(n) => match whole(n) {
                Some(w) => (WHOLE, w),
                // A column often repeats its last number (a timestamp).
                None if self
                    .numbers
                    .last()
                    .is_some_and(|l| l.to_bits() == n.to_bits()) =>
                {
                    (NUMBER, fits(self.numbers.len() - 1)?)
                }
                None => {
                    let index = fits(self.numbers.len())?;
                    self.numbers.push(n);
                    (NUMBER, index)
                }
            },
            Cell::List(index) => (LIST, fits(index as usize)?),
        };
        Some(kind << KIND_SHIFT | payload)
    }
}

/// A number that a cell holds as it is: whole, not negative, below 2^29,
/// and not −0 (which must read back as itself).
fn whole(n: f64) -> Option<u32> {
    let w = n as u32;
    (w <= PAYLOAD && f64::from(w).to_bits() == n.to_bits()).then_some(w)
}

fn fits(index: usize) -> Option<u32> {
    u32::try_from(index).ok().filter(|&i| i <= PAYLOAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_cell_reads_back() {
        let sym = Sym::from_index(7).unwrap();
        let cells = [
            Cell::Absent,
            Cell::Bool(false),
            Cell::Bool(true),
            Cell::Str(sym),
            Cell::Num(0.0),
            Cell::Num(2025.0),
            Cell::Num(-0.0),
            Cell::Num(-3.0),
            Cell::Num(38.25),
            Cell::Num(1_735_689_600.0),
            Cell::List(3),
        ];
        let mut column = Column::default();
        for (i, cell) in cells.iter().enumerate() {
            assert_eq!(column.set(i, *cell), Some(()));
        }
        for (i, cell) in cells.iter().enumerate() {
            let got = column.get(i);
            match (got, cell) {
                (Cell::Num(a), Cell::Num(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{b}"),
                _ => assert_eq!(got, *cell),
            }
        }
        // Small whole numbers stay in their cells.
        assert_eq!(column.numbers.len(), 4);
        assert_eq!(column.get(99), Cell::Absent);
    }

    #[test]
    fn setting_past_the_end_leaves_the_cells_between_absent() {
        let mut column = Column::default();
        column.set(3, Cell::Bool(true));
        assert_eq!(column.get(0), Cell::Absent);
        assert_eq!(column.get(3), Cell::Bool(true));
        assert!(column.is_used());
        assert!(!Column::default().is_used());
    }

    #[test]
    fn reordering_moves_cells_and_keeps_numbers() {
        let mut column = Column::default();
        column.set(0, Cell::Num(1.5));
        column.set(1, Cell::Num(2.0));
        let reordered = column.reordered(&[1, 0, 5]);
        assert_eq!(reordered.get(0), Cell::Num(2.0));
        assert_eq!(reordered.get(1), Cell::Num(1.5));
        assert_eq!(reordered.get(2), Cell::Absent);
        let numbers: Vec<_> = reordered.numbers().collect();
        assert_eq!(numbers, [(0, 2.0), (1, 1.5)]);
    }

    #[test]
    fn few_distinct_cells_are_coded_and_read_the_same() {
        for distinct in [3, 300, 70_000] {
            let mut column = Column::default();
            let n = 100_000;
            for i in 0..n {
                column.set(i, Cell::Num((i % distinct) as f64));
            }
            let order: Vec<u32> = (0..n as u32).rev().collect();
            let coded = column.reordered(&order);
            let kind = match &coded.cells {
                Cells::Each(_) => "each",
                Cells::Byte { .. } => "byte",
                Cells::Short { .. } => "short",
            };
            assert_eq!(
                kind,
                match distinct {
                    3 => "byte",
                    300 => "short",
                    _ => "each",
                }
            );
            let wrong = (0..n)
                .filter(|&i| coded.get(n - 1 - i) != Cell::Num((i % distinct) as f64))
                .count();
            assert_eq!(wrong, 0, "{distinct}");
        }
    }

    #[test]
    fn a_payload_beyond_a_cell_is_refused() {
        let mut column = Column::default();
        assert_eq!(column.set(0, Cell::List(1 << 29)), None);
        assert_eq!(column.get(0), Cell::Absent);
    }
}
