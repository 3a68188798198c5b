//! The exit code, decided here and nowhere else, because CI jobs gate on
//! it (spec §7): 0 every claim passed (disputed allowed unless `--strict`),
//! 1 at least one failed (or was disputed, with `--strict`, or got worse
//! since the baseline, or with `fmt --check` a file is not laid out), 2
//! something could not be checked or the command line was wrong.

/// What a run found, as far as the exit code cares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub failed: bool,
    pub disputed: bool,
    /// A claim, file or dataset could not be checked.
    pub unchecked: bool,
    /// A claim's verdict got worse since the baseline report.
    pub worse: bool,
    /// `fmt --check`: a file is not in its canonical layout.
    pub unformatted: bool,
}

pub const USAGE: u8 = 2;

/// The exit code of a run. Anything unchecked wins over failures, so a CI
/// job never reads "only failures" when part of the input was not read.
pub fn code(outcome: Outcome, strict: bool) -> u8 {
    if outcome.unchecked {
        2
    } else if outcome.failed || outcome.worse || outcome.unformatted || (strict && outcome.disputed)
    {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_passed_is_zero_and_disputed_only_fails_when_strict() {
        let disputed = Outcome {
            disputed: true,
            ..Outcome::default()
        };
        assert_eq!(code(Outcome::default(), false), 0);
        assert_eq!(code(disputed, false), 0);
        assert_eq!(code(disputed, true), 1);
    }

    #[test]
    fn a_claim_that_got_worse_fails_even_when_only_disputed() {
        let worse = Outcome {
            disputed: true,
            worse: true,
            ..Outcome::default()
        };
        assert_eq!(code(worse, false), 1);
        let unchecked = Outcome {
            unchecked: true,
            ..worse
        };
        assert_eq!(code(unchecked, false), 2);
    }

    #[test]
    fn unchecked_wins_over_failed() {
        let both = Outcome {
            failed: true,
            unchecked: true,
            ..Outcome::default()
        };
        assert_eq!(code(both, false), 2);
        let failed = Outcome {
            failed: true,
            ..Outcome::default()
        };
        assert_eq!(code(failed, false), 1);
    }
}
