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
    /// `(start, end)`: the positions `start..end`.
    runs: Vec<(u32, u32)>,
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
        match self.runs.last_mut() {
            Some((_, last)) if *last == start => *last = end,
            _ => self.runs.push((start, end)),
        }
    }

    /// Adds one position, after those already listed.
    pub fn push(&mut self, position: usize) {
        self.extend_run(position..position + 1);
    }

    /// The runs, in order.
    pub fn runs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.runs
            .iter()
            .map(|&(start, end)| start as usize..end as usize)
    }

    /// Every position, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs().flatten()
    }
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
