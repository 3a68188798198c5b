//! Three-valued membership (spec §6.1): an incident is in, out or maybe in
//! scope, because an imprecise date or a disputed figure can leave it
//! undecided. Conditions combine these values by Kleene's logic.

/// In, maybe or out of scope; ordered `Out < Maybe < In` so that `and` is
/// the least and `or` the greatest of its operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tri {
    Out,
    Maybe,
    In,
}

impl Tri {
    /// A test that cannot be undecided: in when it holds, else out.
    pub fn from_bool(holds: bool) -> Tri {
        if holds { Tri::In } else { Tri::Out }
    }

    pub fn and(self, other: Tri) -> Tri {
        self.min(other)
    }

    pub fn or(self, other: Tri) -> Tri {
        self.max(other)
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    /// Swaps in and out; maybe stays maybe.
    fn not(self) -> Tri {
        match self {
            Tri::In => Tri::Out,
            Tri::Maybe => Tri::Maybe,
            Tri::Out => Tri::In,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, In, Maybe, Out};

    const ALL: [Tri; 3] = [Out, Maybe, In];

    #[test]
    fn and_is_the_kleene_table() {
        let table = [[Out, Out, Out], [Out, Maybe, Maybe], [Out, Maybe, In]];
        for (i, a) in ALL.iter().enumerate() {
            for (j, b) in ALL.iter().enumerate() {
                assert_eq!(a.and(*b), table[i][j], "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn or_is_the_kleene_table() {
        let table = [[Out, Maybe, In], [Maybe, Maybe, In], [In, In, In]];
        for (i, a) in ALL.iter().enumerate() {
            for (j, b) in ALL.iter().enumerate() {
                assert_eq!(a.or(*b), table[i][j], "{a:?} or {b:?}");
            }
        }
    }

    #[test]
    fn not_swaps_in_and_out() {
        assert_eq!(!In, Out);
        assert_eq!(!Out, In);
        assert_eq!(!Maybe, Maybe);
    }

    #[test]
    fn a_decided_test_is_in_or_out() {
        assert_eq!(Tri::from_bool(true), In);
        assert_eq!(Tri::from_bool(false), Out);
    }
}
