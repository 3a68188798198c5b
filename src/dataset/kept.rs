//! A list of positions that the store keeps (a field's posting list, the
//! incidents that certainly pass a threshold), shared with the outcomes
//! that list their incidents by entries of it. Such a claim's incidents
//! are most of one list's entries inside a window: as a run of entries,
//! they cost a few numbers however scattered the positions are, and a
//! report can write them from the list's own laid-out ids in one piece.

use std::ops::Range;
use std::sync::Arc;

/// Entries `span` of a list the store holds; entry `i` of this list is
/// `all[span.start + i]`. Cloning it costs a reference count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeptList {
    all: Arc<[u32]>,
    span: Range<usize>,
}

impl KeptList {
    /// Entries `span` of `all`; none where `span` lies outside it.
    pub(super) fn part(all: &Arc<[u32]>, span: Range<usize>) -> KeptList {
        let span = if all.get(span.clone()).is_some() {
            span
        } else {
            0..0
        };
        KeptList {
            all: Arc::clone(all),
            span,
        }
    }

    /// The positions, entry by entry.
    pub fn positions(&self) -> &[u32] {
        self.all.get(self.span.clone()).unwrap_or_default()
    }

    /// Whether `other` is this very list, not merely one equal to it:
    /// what is laid out for one is laid out for the other.
    pub fn is(&self, other: &KeptList) -> bool {
        Arc::ptr_eq(&self.all, &other.all) && self.span == other.span
    }
}

/// The whole of a list.
impl From<Vec<u32>> for KeptList {
    fn from(all: Vec<u32>) -> KeptList {
        let span = 0..all.len();
        KeptList {
            all: all.into(),
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_its_entries_and_only_the_same_part_is_it() {
        let all: Arc<[u32]> = Arc::from(vec![2, 5, 9, 11]);
        let part = KeptList::part(&all, 1..3);
        assert_eq!(part.positions(), [5, 9]);
        assert!(part.is(&KeptList::part(&all, 1..3)));
        assert!(!part.is(&KeptList::part(&all, 1..4)));
        // Equal entries of another list are not this list.
        let copy = KeptList::part(&Arc::from(vec![2, 5, 9, 11]), 1..3);
        assert_eq!(copy, part);
        assert!(!part.is(&copy));
        assert_eq!(KeptList::from(vec![2, 5, 9]).positions(), [2, 5, 9]);
    }

    #[test]
    fn a_part_beyond_the_list_is_empty() {
        let all: Arc<[u32]> = Arc::from(vec![2, 5]);
        assert_eq!(KeptList::part(&all, 1..3).positions(), [] as [u32; 0]);
    }
}
