//! How large a number claimcheck reads, from a claim or a dataset. Figures
//! are summed and converted, and tolerances widen claimed numbers; a bound
//! far beyond any real count keeps every such result finite and exact, so
//! a report never shows `inf` or a sum that lost its last digits.

/// Numbers have at most 15 digits before the decimal point, as a cell of a
/// CSV export does: every whole number below this is exact as a float, and
/// sums of millions of them stay finite.
pub const MAX_NUMBER: f64 = 1e15;

/// Whether `x` is within the bound, whatever its sign.
pub fn within(x: f64) -> bool {
    x.abs() < MAX_NUMBER
}

/// The help given with a number beyond the bound.
pub const HELP: &str = "numbers have at most 15 digits before the decimal point";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_digits_are_within_and_sixteen_are_not() {
        assert!(within(999_999_999_999_999.0));
        assert!(within(-999_999_999_999_999.0));
        assert!(!within(1e15));
        assert!(!within(f64::INFINITY));
        assert!(!within(f64::NAN));
    }
}
