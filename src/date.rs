//! The calendar of spec §4: resolves the date forms a claim writes
//! (`November`, `late November 2025`, `Sunday`, `last 30 days`) into whole
//! days against the as-of date, and builds a claim's window from its time
//! qualifiers. chrono does the calendar arithmetic.

use crate::ast::{DateForm, Span, Spanned, TimeQualifier};
use chrono::NaiveDate;
use std::fmt;

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The days a claim speaks of, both ends included; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A date form that cannot be resolved, or a window that cannot hold.
#[derive(Debug, Clone, PartialEq)]
pub struct DateError {
    pub span: Span,
    pub message: String,
    /// The remedy, e.g. how to give an as-of date.
    pub help: Option<String>,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// Resolves one date form to its period.
pub fn resolve(
    _form: &DateForm,
    _as_of: Option<NaiveDate>,
    _span: Span,
) -> Result<Period, DateError> {
    todo!("date forms")
}

/// Builds a claim's window from its time qualifiers (none: unbounded, but
/// capped at the as-of date).
pub fn window(
    _time: &[Spanned<TimeQualifier>],
    _as_of: Option<NaiveDate>,
) -> Result<Window, DateError> {
    todo!("windows")
}

impl Period {
    /// The middle day `start + floor((end − start) / 2)`: how an imprecise
    /// date is read at its best (spec §6.3).
    pub fn middle(&self) -> NaiveDate {
        todo!("middle day")
    }
}

/// Reads a dataset date: `YYYY-MM-DD` (that day), `YYYY-MM` (that month) or
/// `YYYY` (that year). `None` for anything else, or an impossible date.
pub fn parse_iso(_s: &str) -> Option<Period> {
    todo!("dataset dates")
}
