//! The incidents a claim lists (in for certain, or maybe), as runs of
//! consecutive positions in the date-ordered store, or of consecutive
//! entries of a list the store keeps (`KeptList`). A claim over a year
//! of a global dataset lists a year's incidents, which are one run of the
//! store less the few imprecise ones; one over a place, or over the
//! incidents certainly past a threshold, lists a run of that list's
//! entries. Kept as runs, such a list costs a few numbers however many
//! incidents it holds, and a report can write a run's ids in one piece.

use crate::dataset::KeptList;
use std::fmt;
use std::ops::Range;

/// Positions in the store, in the order they were added, as runs of
/// positions and of entries of one kept list. Positions are `u32`, as
/// everywhere in the store's index: a store holds fewer than 2^32
/// incidents.
#[derive(Clone, Default)]
pub struct Positions {
    /// The runs before the last, packed: a claim's list waits in memory
    /// until its report is written, and a list of scattered incidents (a
    /// place's, those past a threshold) is mostly runs of one where it is
    /// not a run of a list's entries. Each run is two LEB128 numbers: how
    /// far its start lies from the end of the run of its kind before
    /// (zigzag-signed, as a list of incidents maybe in need not be in
    /// order), and its length less one, doubled, plus one for entries;
    /// two or three bytes for a scattered position rather than eight.
    packed: Vec<u8>,
    /// Where the last packed run of positions, and of entries, ends.
    packed_end: [u32; 2],
    /// The last run, open for the next one to extend.
    last: Option<Run>,
    len: usize,
    /// The list whose entries the runs of entries are.
    list: Option<KeptList>,
}

/// A run of positions, or of entries of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    entries: bool,
    start: u32,
    end: u32,
}

/// A run of what `Positions` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Consecutive positions in the store.
    Positions(Range<usize>),
    /// Consecutive entries of the list (`Positions::list`).
    Entries(Range<usize>),
}

impl Positions {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds the positions of `run`, after those already listed.
    pub fn extend_run(&mut self, run: Range<usize>) {
        self.add(false, run);
    }

    /// Adds the positions of entries `run` of `list`, after those already
    /// listed: as a run of entries where `list` is the one list these
    /// positions hold entries of (the first given), else one by one.
    pub fn extend_entries(&mut self, list: &KeptList, run: Range<usize>) {
        match &self.list {
            None => self.list = Some(list.clone()),
            Some(kept) if kept.is(list) => {}
            Some(_) => {
                let positions = list.positions().get(run).unwrap_or_default();
                self.extend(positions.iter().map(|&p| p as usize));
                return;
            }
        }
        let end = run.end.min(list.positions().len());
        self.add(true, run.start.min(end)..end);
    }

    fn add(&mut self, entries: bool, run: Range<usize>) {
        let (Ok(start), Ok(end)) = (u32::try_from(run.start), u32::try_from(run.end)) else {
            return;
        };
        if start >= end {
            return;
        }
        self.len += (end - start) as usize;
        match &mut self.last {
            Some(last) if last.entries == entries && last.end == start => last.end = end,
            last => {
                // The run before is closed: packed.
                if let Some(closed) = last.replace(Run {
                    entries,
                    start,
                    end,
                }) {
                    let kind = usize::from(closed.entries);
                    let gap = i64::from(closed.start) - i64::from(self.packed_end[kind]);
                    write_leb128(&mut self.packed, ((gap << 1) ^ (gap >> 63)) as u64);
                    let length = u64::from(closed.end - closed.start - 1);
                    write_leb128(&mut self.packed, length << 1 | u64::from(closed.entries));
                    self.packed_end[kind] = closed.end;
                }
            }
        }
    }

    /// Adds one position, after those already listed.
    pub fn push(&mut self, position: usize) {
        self.extend_run(position..position + 1);
    }

    /// The list whose entries some runs are.
    pub fn list(&self) -> Option<&KeptList> {
        self.list.as_ref()
    }

    /// The runs, in order.
    pub fn pieces(&self) -> impl Iterator<Item = Piece> + '_ {
        let mut bytes = self.packed.as_slice();
        let mut end: [i64; 2] = [0, 0];
        let packed = std::iter::from_fn(move || {
            let zigzag = read_leb128(&mut bytes)?;
            let length = read_leb128(&mut bytes)?;
            let entries = length & 1 == 1;
            let end = &mut end[usize::from(entries)];
            let start = *end + ((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64));
            *end = start + (length >> 1) as i64 + 1;
            Some(piece(entries, start as usize..*end as usize))
        });
        let last = self
            .last
            .map(|run| piece(run.entries, run.start as usize..run.end as usize));
        packed.chain(last)
    }

    /// The positions as runs, in order: a run of entries gives one for
    /// each entry.
    pub fn runs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let entries = self.list.as_ref().map(KeptList::positions);
        self.pieces().flat_map(move |piece| {
            let (whole, listed) = match piece {
                Piece::Positions(run) => (Some(run), None),
                Piece::Entries(run) => {
                    let listed = entries.and_then(|e| e.get(run)).unwrap_or_default();
                    (
                        None,
                        Some(listed.iter().map(|&p| p as usize..p as usize + 1)),
                    )
                }
            };
            whole.into_iter().chain(listed.into_iter().flatten())
        })
    }

    /// Every position, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs().flatten()
    }
}

fn piece(entries: bool, run: Range<usize>) -> Piece {
    if entries {
        Piece::Entries(run)
    } else {
        Piece::Positions(run)
    }
}

/// Positions are equal when they list the same incidents in the same
/// order, however they hold them.
impl PartialEq for Positions {
    fn eq(&self, other: &Positions) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Positions {}

impl fmt::Debug for Positions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

fn write_leb128(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number at the front of `bytes`, which it leaves after it.
fn read_leb128(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        n |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            *bytes = bytes.get(i + 1..).unwrap_or_default();
            return Some(n);
        }
    }
    None
}

impl FromIterator<usize> for Positions {
    fn from_iter<I: IntoIterator<Item = usize>>(positions: I) -> Positions {
        let mut listed = Positions::default();
        listed.extend(positions);
        listed
    }
}

impl Extend<usize> for Positions {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, positions: I) {
        for position in positions {
            self.push(position);
        }
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Positions {
    fn eq(&self, other: &[usize; N]) -> bool {
        self.len == N && self.iter().eq(other.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_positions_make_one_run() {
        let listed: Positions = [3, 4, 5, 9, 10, 2].into_iter().collect();
        assert_eq!(listed.runs().collect::<Vec<_>>(), [3..6, 9..11, 2..3]);
        assert_eq!(listed.len(), 6);
        assert_eq!(listed, [3, 4, 5, 9, 10, 2]);
        assert_ne!(listed, [3, 4, 5, 9, 10]);
    }

    #[test]
    fn scattered_positions_far_apart_and_out_of_order_come_back() {
        let far = [5, 3_000_000_000, 7, 4_294_967_294, 0, 1, 2, 200];
        let listed: Positions = far.into_iter().collect();
        assert_eq!(listed, far);
        assert_eq!(
            listed.runs().collect::<Vec<_>>(),
            [
                5..6,
                3_000_000_000..3_000_000_001,
                7..8,
                4_294_967_294..4_294_967_295,
                0..3,
                200..201
            ]
        );
        // A position one past the next costs two bytes.
        let scattered: Positions = (0..1000).map(|i| 2 * i).collect();
        assert!(scattered.packed.len() <= 2 * 1000);
        assert_eq!(scattered.iter().nth(999), Some(1998));
    }

    #[test]
    fn a_run_joins_the_run_it_follows() {
        let mut listed = Positions::default();
        listed.extend_run(0..4);
        listed.extend_run(4..4);
        listed.extend_run(4..6);
        listed.push(8);
        assert_eq!(listed.runs().collect::<Vec<_>>(), [0..6, 8..9]);
        assert_eq!(listed.len(), 7);
        assert!(!listed.is_empty());
        assert!(Positions::default().is_empty());
    }

    #[test]
    fn entries_of_the_list_are_runs_of_entries_among_runs_of_positions() {
        let list = KeptList::from(vec![10, 20, 30, 40, 50, 60]);
        let mut listed = Positions::default();
        listed.push(5);
        listed.extend_entries(&list, 0..2);
        listed.push(25);
        listed.extend_entries(&list, 2..3);
        listed.extend_entries(&list, 3..5);
        listed.extend_run(55..57);
        listed.extend_entries(&list, 5..9);
        assert_eq!(
            listed.pieces().collect::<Vec<_>>(),
            [
                Piece::Positions(5..6),
                Piece::Entries(0..2),
                Piece::Positions(25..26),
                Piece::Entries(2..5),
                Piece::Positions(55..57),
                Piece::Entries(5..6),
            ]
        );
        assert_eq!(listed, [5, 10, 20, 25, 30, 40, 50, 55, 56, 60]);
        assert_eq!(listed.len(), 10);
        assert!(listed.list().is_some_and(|l| l.is(&list)));
        // Held otherwise, the same positions are equal.
        let plain: Positions = listed.iter().collect();
        assert_eq!(plain, listed);
        assert!(plain.list().is_none());
    }

    #[test]
    fn entries_of_another_list_are_held_as_positions() {
        let first = KeptList::from(vec![1, 3]);
        let other = KeptList::from(vec![1, 3]);
        let mut listed = Positions::default();
        listed.extend_entries(&first, 0..2);
        listed.extend_entries(&other, 1..2);
        assert_eq!(
            listed.pieces().collect::<Vec<_>>(),
            [Piece::Entries(0..2), Piece::Positions(3..4)]
        );
        assert_eq!(listed, [1, 3, 3]);
    }

    #[test]
    fn far_entries_out_of_order_come_back() {
        let list = KeptList::from((0..3_000).map(|i| 7 * i).collect::<Vec<u32>>());
        let mut listed = Positions::default();
        for entry in [2_999, 0, 1_500, 1_501, 4] {
            listed.extend_entries(&list, entry..entry + 1);
            listed.push(3 * entry);
        }
        let entries: Vec<Piece> = listed
            .pieces()
            .filter(|p| matches!(p, Piece::Entries(_)))
            .collect();
        assert_eq!(
            entries,
            [
                Piece::Entries(2_999..3_000),
                Piece::Entries(0..1),
                Piece::Entries(1_500..1_501),
                Piece::Entries(1_501..1_502),
                Piece::Entries(4..5)
            ]
        );
        assert_eq!(
            listed,
            [20_993, 8_997, 0, 0, 10_500, 4_500, 10_507, 4_503, 28, 12]
        );
    }
}
