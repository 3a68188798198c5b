//! The incidents a claim lists (in for certain, or maybe), as runs of
//! consecutive positions in the date-ordered store. A claim over a year
//! of a global dataset lists a year's incidents, which are one run of the
//! store less the few imprecise ones: kept as runs, such a list costs a
//! few numbers however many incidents it holds, and a report can write a
//! run's ids in one piece.

use std::ops::Range;

/// Positions in the store, in the order they were added, as runs.
/// Positions are `u32`, as everywhere in the store's index: a store holds
/// fewer than 2^32 incidents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    /// The runs before the last, packed: a claim's list waits in memory
    /// until its report is written, and a list of scattered incidents (a
    /// place's, those past a threshold) is mostly runs of one. Each run is
    /// two LEB128 numbers: how far its start lies from the end of the run
    /// before (zigzag-signed, as a list of incidents maybe in need not be
    /// in order), and its length less one; two or three bytes for a
    /// scattered position rather than eight.
    packed: Vec<u8>,
    /// Where the last packed run ends.
    packed_end: u32,
    /// The last run, `(start, end)`, open for the next position to extend.
    last: Option<(u32, u32)>,
    len: usize,
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
        let (Ok(start), Ok(end)) = (u32::try_from(run.start), u32::try_from(run.end)) else {
            return;
        };
        if start >= end {
            return;
        }
        self.len += (end - start) as usize;
        match &mut self.last {
            Some((_, last)) if *last == start => *last = end,
            last => {
                // The run before is closed: packed.
                if let Some((closed, closed_end)) = last.replace((start, end)) {
                    let gap = i64::from(closed) - i64::from(self.packed_end);
                    write_leb128(&mut self.packed, ((gap << 1) ^ (gap >> 63)) as u64);
                    write_leb128(&mut self.packed, u64::from(closed_end - closed - 1));
                    self.packed_end = closed_end;
                }
            }
        }
    }

    /// Adds one position, after those already listed.
    pub fn push(&mut self, position: usize) {
        self.extend_run(position..position + 1);
    }

    /// The runs, in order.
    pub fn runs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut bytes = self.packed.as_slice();
        let mut end: i64 = 0;
        let packed = std::iter::from_fn(move || {
            let zigzag = read_leb128(&mut bytes)?;
            let length = read_leb128(&mut bytes)? + 1;
            let start = end + ((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64));
            end = start + length as i64;
            Some(start as usize..end as usize)
        });
        let last = self.last.map(|(start, end)| start as usize..end as usize);
        packed.chain(last)
    }

    /// Every position, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs().flatten()
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
}
