//! Verdicts (spec §6.4): a comparison defines the set of values that make a
//! claim true, and the claim's `[low, high]` range passes when it lies
//! wholly inside that set, fails when it misses it entirely, and is
//! disputed otherwise. The same test decides a `where deaths > 0`
//! condition on one incident's range (spec §6.1).
//!
//! Ends are compared exactly: counts are integers, and `> 5` against
//! `[5, 7]` must be disputed while `>= 5` passes.

use super::Verdict;
use crate::ast::{Comparison, ComparisonKind, Op, Tolerance};

/// One end of an interval; `closed` when the end value itself belongs to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub closed: bool,
}

/// A set of reals between two ends; `None` is unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: Option<Bound>,
    pub high: Option<Bound>,
}

impl Interval {
    /// `[low, high]`, with `None` for an unbounded end: how a claim's or an
    /// incident's range is written.
    pub fn closed(low: Option<f64>, high: Option<f64>) -> Interval {
        let end = |value| Bound {
            value,
            closed: true,
        };
        Interval {
            low: low.map(end),
            high: high.map(end),
        }
    }

    fn is_empty(&self) -> bool {
        match (self.low, self.high) {
            (Some(l), Some(h)) => {
                l.value > h.value || (l.value == h.value && !(l.closed && h.closed))
            }
            _ => false,
        }
    }

    fn intersect(&self, other: &Interval) -> Interval {
        Interval {
            low: tighter(self.low, other.low, |a, b| a > b),
            high: tighter(self.high, other.high, |a, b| a < b),
        }
    }

    /// Whether the value belongs to it.
    fn holds(&self, value: f64) -> bool {
        let end = |bound: Option<Bound>, inward: fn(f64, f64) -> bool| {
            bound.is_none_or(|b| inward(value, b.value) || (value == b.value && b.closed))
        };
        end(self.low, |v, b| v > b) && end(self.high, |v, b| v < b)
    }

    /// Whether every value of `inner` belongs to `self`.
    fn includes(&self, inner: &Interval) -> bool {
        inner.is_empty()
            || (admits(self.low, inner.low, |i, o| i > o)
                && admits(self.high, inner.high, |i, o| i < o))
    }
}

/// The more restrictive of two ends on the same side: `beyond(a, b)` says
/// that value `a` lies further inward than `b`; at equal values the open
/// end is the tighter one.
fn tighter(a: Option<Bound>, b: Option<Bound>, beyond: fn(f64, f64) -> bool) -> Option<Bound> {
    match (a, b) {
        (None, end) | (end, None) => end,
        (Some(a), Some(b)) => {
            if beyond(a.value, b.value) || (a.value == b.value && !a.closed) {
                Some(a)
            } else {
                Some(b)
            }
        }
    }
}

/// The higher of two least ends: the one that fewer values pass.
pub fn higher(a: Bound, b: Bound) -> Bound {
    tighter(Some(a), Some(b), |a, b| a > b).unwrap_or(a)
}

/// Whether the `inner` end lies within the `outer` end on the same side;
/// `inward(i, o)` says that value `i` lies strictly inside of `o`.
fn admits(outer: Option<Bound>, inner: Option<Bound>, inward: fn(f64, f64) -> bool) -> bool {
    match (outer, inner) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => {
            inward(i.value, o.value) || (i.value == o.value && (o.closed || !i.closed))
        }
    }
}

/// The values that make a comparison true: an interval, or everything but
/// an interval (`!=`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TruthSet {
    Inside(Interval),
    Outside(Interval),
}

impl TruthSet {
    /// Whether the value makes the claim true: its two ends compared
    /// directly, since every incident of a measure test comes here.
    pub fn contains(&self, value: f64) -> bool {
        match self {
            TruthSet::Inside(set) => set.holds(value),
            TruthSet::Outside(set) => !set.holds(value),
        }
    }

    /// Its least end, where no value below it is true: `!=`, `<` and
    /// `<=` have none.
    pub fn floor(&self) -> Option<Bound> {
        match self {
            TruthSet::Inside(set) => set.low,
            TruthSet::Outside(_) => None,
        }
    }

    /// Its least end, where every value beyond it is true (`>`, `>=`):
    /// then a range lies wholly inside the set exactly where its low does.
    pub fn ray(&self) -> Option<Bound> {
        match self {
            TruthSet::Inside(Interval { low, high: None }) => *low,
            TruthSet::Inside(_) | TruthSet::Outside(_) => None,
        }
    }

    /// Pass when every value of `range` is true, fail when none is.
    pub fn verdict(&self, range: &Interval) -> Verdict {
        let (all, none) = match self {
            TruthSet::Inside(set) => (set.includes(range), set.intersect(range).is_empty()),
            TruthSet::Outside(set) => (set.intersect(range).is_empty(), set.includes(range)),
        };
        if all {
            Verdict::Pass
        } else if none {
            Verdict::Fail
        } else {
            Verdict::Disputed
        }
    }
}

/// The set `op n` makes true, widened by the absolute tolerance `t`:
/// `= n ± t` is `[n − t, n + t]`, `>= n ± t` is `[n − t, ∞)`, and so on.
pub fn op_set(op: Op, n: f64, t: f64) -> TruthSet {
    let end = |value, closed| Some(Bound { value, closed });
    let around = Interval {
        low: end(n - t, true),
        high: end(n + t, true),
    };
    match op {
        Op::Eq => TruthSet::Inside(around),
        Op::Ne => TruthSet::Outside(around),
        Op::Ge | Op::Gt => TruthSet::Inside(Interval {
            low: end(n - t, op == Op::Ge),
            high: None,
        }),
        Op::Le | Op::Lt => TruthSet::Inside(Interval {
            low: None,
            high: end(n + t, op == Op::Le),
        }),
    }
}

/// The set a claim's comparison makes true. `percent` says the comparison
/// is in percent, where a tolerance is always in percentage points;
/// `default_tolerance` (in percent) is what `about` uses without its own.
pub fn comparison_set(cmp: &Comparison, percent: bool, default_tolerance: f64) -> TruthSet {
    match &cmp.kind {
        ComparisonKind::Op {
            op,
            number,
            tolerance,
        } => {
            let t = tolerance.map_or(0.0, |tol| spread(number.value, tol, percent));
            op_set(*op, number.value, t)
        }
        ComparisonKind::About { number, tolerance } => {
            let tol = tolerance.unwrap_or(Tolerance {
                value: default_tolerance,
                percent: true,
            });
            op_set(Op::Eq, number.value, spread(number.value, tol, percent))
        }
        // Written in either order, `between` means the values from the
        // smaller number to the larger: an editor who writes "between 20
        // and 10" means the same range.
        ComparisonKind::Between { low, high } => TruthSet::Inside(Interval::closed(
            Some(low.value.min(high.value)),
            Some(low.value.max(high.value)),
        )),
    }
}

/// A tolerance as an absolute amount around `n`: `± t%` is relative to
/// `n`, except on a percentage, where it is `t` points.
fn spread(n: f64, tol: Tolerance, percent: bool) -> f64 {
    let t = if tol.percent && !percent {
        n.abs() * tol.value / 100.0
    } else {
        tol.value
    };
    t.abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Number, Span};
    use Verdict::{Disputed, Fail, Pass};

    fn range(low: f64, high: Option<f64>) -> Interval {
        Interval::closed(Some(low), high)
    }

    fn number(value: f64) -> Number {
        Number {
            value,
            span: Span::default(),
        }
    }

    fn cmp(kind: ComparisonKind) -> Comparison {
        Comparison {
            kind,
            unit: None,
            span: Span::default(),
        }
    }

    fn op(op: Op, n: f64, tolerance: Option<Tolerance>) -> Comparison {
        cmp(ComparisonKind::Op {
            op,
            number: number(n),
            tolerance,
        })
    }

    fn about(n: f64, tolerance: Option<Tolerance>) -> Comparison {
        cmp(ComparisonKind::About {
            number: number(n),
            tolerance,
        })
    }

    fn verdicts(set: TruthSet, ranges: &[(f64, Option<f64>)]) -> Vec<Verdict> {
        ranges
            .iter()
            .map(|(l, h)| set.verdict(&range(*l, *h)))
            .collect()
    }

    #[test]
    fn equal_is_one_value() {
        let set = op_set(Op::Eq, 16.0, 0.0);
        assert!(set.contains(16.0));
        assert!(!set.contains(15.0));
        let found = verdicts(
            set,
            &[
                (16.0, Some(16.0)),
                (15.0, Some(17.0)),
                (17.0, Some(20.0)),
                (16.0, None),
            ],
        );
        assert_eq!(found, [Pass, Disputed, Fail, Disputed]);
    }

    #[test]
    fn not_equal_is_all_but_one_value() {
        let set = op_set(Op::Ne, 3.0, 0.0);
        assert!(!set.contains(3.0));
        assert!(set.contains(2.0));
        let found = verdicts(
            set,
            &[
                (3.0, Some(3.0)),
                (2.0, Some(4.0)),
                (4.0, Some(9.0)),
                (0.0, Some(2.0)),
            ],
        );
        assert_eq!(found, [Fail, Disputed, Pass, Pass]);
    }

    #[test]
    fn greater_than_excludes_its_number() {
        let set = op_set(Op::Gt, 5.0, 0.0);
        assert!(!set.contains(5.0));
        let found = verdicts(
            set,
            &[
                (5.0, Some(7.0)),
                (5.0, Some(5.0)),
                (6.0, Some(7.0)),
                (6.0, None),
            ],
        );
        assert_eq!(found, [Disputed, Fail, Pass, Pass]);
    }

    #[test]
    fn at_least_includes_its_number() {
        let set = op_set(Op::Ge, 5.0, 0.0);
        assert!(set.contains(5.0));
        let found = verdicts(
            set,
            &[
                (5.0, Some(7.0)),
                (4.0, Some(5.0)),
                (0.0, Some(4.0)),
                (5.0, None),
            ],
        );
        assert_eq!(found, [Pass, Disputed, Fail, Pass]);
    }

    #[test]
    fn less_than_excludes_its_number() {
        let set = op_set(Op::Lt, 5.0, 0.0);
        assert!(!set.contains(5.0));
        let found = verdicts(
            set,
            &[
                (3.0, Some(5.0)),
                (5.0, Some(5.0)),
                (0.0, Some(4.0)),
                (0.0, None),
            ],
        );
        assert_eq!(found, [Disputed, Fail, Pass, Disputed]);
    }

    #[test]
    fn at_most_includes_its_number() {
        let set = op_set(Op::Le, 5.0, 0.0);
        assert!(set.contains(5.0));
        let found = verdicts(
            set,
            &[
                (3.0, Some(5.0)),
                (5.0, Some(6.0)),
                (6.0, Some(6.0)),
                (6.0, None),
            ],
        );
        assert_eq!(found, [Pass, Disputed, Fail, Fail]);
    }

    #[test]
    fn tolerance_widens_every_op() {
        // ± 2 around 10: [8, 12].
        assert!(op_set(Op::Eq, 10.0, 2.0).contains(8.0));
        assert!(op_set(Op::Eq, 10.0, 2.0).contains(12.0));
        assert!(!op_set(Op::Eq, 10.0, 2.0).contains(12.5));
        assert!(!op_set(Op::Ne, 10.0, 2.0).contains(12.0));
        assert!(op_set(Op::Ne, 10.0, 2.0).contains(12.5));
        assert!(op_set(Op::Ge, 10.0, 2.0).contains(8.0));
        assert!(!op_set(Op::Gt, 10.0, 2.0).contains(8.0));
        assert!(op_set(Op::Gt, 10.0, 2.0).contains(8.5));
        assert!(op_set(Op::Le, 10.0, 2.0).contains(12.0));
        assert!(!op_set(Op::Lt, 10.0, 2.0).contains(12.0));
        assert!(op_set(Op::Lt, 10.0, 2.0).contains(11.5));
    }

    #[test]
    fn about_uses_the_default_relative_tolerance() {
        // 5% of 1,350 is 67.5: [1282.5, 1417.5].
        let set = comparison_set(&about(1350.0, None), false, 5.0);
        assert_eq!(set, op_set(Op::Eq, 1350.0, 67.5));
        assert_eq!(set.verdict(&range(1282.5, Some(1417.5))), Pass);
        assert_eq!(set.verdict(&range(1282.0, Some(1300.0))), Disputed);
        assert_eq!(set.verdict(&range(1418.0, Some(1500.0))), Fail);
    }

    #[test]
    fn about_takes_its_own_tolerance() {
        let absolute = Tolerance {
            value: 10.0,
            percent: false,
        };
        let relative = Tolerance {
            value: 10.0,
            percent: true,
        };
        assert_eq!(
            comparison_set(&about(840.0, Some(absolute)), false, 5.0),
            op_set(Op::Eq, 840.0, 10.0)
        );
        assert_eq!(
            comparison_set(&about(840.0, Some(relative)), false, 5.0),
            op_set(Op::Eq, 840.0, 84.0)
        );
    }

    #[test]
    fn a_percentage_takes_its_tolerance_in_points() {
        // about 25% with the default 5%: ±5 points, [20, 30], not ±1.25.
        assert_eq!(
            comparison_set(&about(25.0, None), true, 5.0),
            op_set(Op::Eq, 25.0, 5.0)
        );
        let points = Tolerance {
            value: 2.0,
            percent: true,
        };
        assert_eq!(
            comparison_set(&op(Op::Eq, 25.0, Some(points)), true, 5.0),
            op_set(Op::Eq, 25.0, 2.0)
        );
    }

    #[test]
    fn an_op_without_tolerance_is_exact() {
        assert_eq!(
            comparison_set(&op(Op::Ge, 5.0, None), false, 5.0),
            op_set(Op::Ge, 5.0, 0.0)
        );
        let within = Tolerance {
            value: 1.0,
            percent: false,
        };
        assert_eq!(
            comparison_set(&op(Op::Lt, 5.0, Some(within)), false, 5.0),
            op_set(Op::Lt, 5.0, 1.0)
        );
    }

    #[test]
    fn between_is_inclusive_in_either_order() {
        let kind = |a, b| ComparisonKind::Between {
            low: number(a),
            high: number(b),
        };
        let set = comparison_set(&cmp(kind(10.0, 20.0)), false, 5.0);
        assert_eq!(set, comparison_set(&cmp(kind(20.0, 10.0)), false, 5.0));
        let found = verdicts(
            set,
            &[
                (10.0, Some(20.0)),
                (20.0, Some(25.0)),
                (21.0, Some(25.0)),
                (0.0, None),
            ],
        );
        assert_eq!(found, [Pass, Disputed, Fail, Disputed]);
    }

    #[test]
    fn a_value_is_contained_when_its_one_value_range_passes() {
        let ops = [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge];
        for op in ops {
            for t in [0.0, 1.5] {
                let set = op_set(op, 3.0, t);
                for v in [0.0, 1.5, 2.5, 3.0, 3.5, 4.5, 6.0] {
                    let point = Interval::closed(Some(v), Some(v));
                    let passes = set.verdict(&point) == Pass;
                    assert_eq!(set.contains(v), passes, "{op:?} 3 ± {t} at {v}");
                    assert_ne!(set.verdict(&point), Disputed);
                }
            }
        }
    }

    #[test]
    fn only_a_set_bounded_below_has_a_floor() {
        let floor = |op| op_set(op, 3.0, 0.0).floor().map(|b| (b.value, b.closed));
        assert_eq!(floor(Op::Ge), Some((3.0, true)));
        assert_eq!(floor(Op::Gt), Some((3.0, false)));
        assert_eq!(floor(Op::Eq), Some((3.0, true)));
        for op in [Op::Le, Op::Lt, Op::Ne] {
            assert_eq!(floor(op), None, "{op:?}");
        }
        let between = comparison_set(
            &cmp(ComparisonKind::Between {
                low: number(9.0),
                high: number(2.0),
            }),
            false,
            5.0,
        );
        assert_eq!(between.floor().map(|b| b.value), Some(2.0));
    }

    #[test]
    fn an_unbounded_range_is_never_wholly_below() {
        assert_eq!(
            op_set(Op::Le, 5.0, 0.0).verdict(&Interval::closed(Some(0.0), None)),
            Disputed
        );
        assert_eq!(
            op_set(Op::Ge, 0.0, 0.0).verdict(&Interval::closed(Some(0.0), None)),
            Pass
        );
        assert_eq!(
            op_set(Op::Ne, 3.0, 0.0).verdict(&Interval::closed(Some(4.0), None)),
            Pass
        );
    }
}
