//! The syntax tree of a claim file: what an editor wrote, before any dataset
//! or calendar is consulted. The parser builds it, the date and evaluation
//! layers read it, and every name keeps its span so that later errors
//! ("unknown measure", "did you mean …") can point back at the claim file.

use chrono::{NaiveDate, Weekday};

/// A place in one line of a claim file: 1-based line and column, counted in
/// characters, and the length of the marked text in characters (at least 1
/// when rendered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

/// A node together with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

/// A whole claim file. Lines that do not parse are kept as entries whose
/// `claim` is an error, so one bad line never hides the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimFile {
    pub directives: Directives,
    pub entries: Vec<Entry>,
    /// Errors that belong to no claim: bad or repeated directives, a
    /// directive after the first claim, a quote that no claim follows.
    pub errors: Vec<crate::parse::ParseError>,
}

/// The `@` directives of a file; each at most once, before the first claim.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Directives {
    pub as_of: Option<Spanned<NaiveDate>>,
    /// `@data PATH`, as written (relative to the claim file).
    pub data: Option<Spanned<String>>,
    /// `@tolerance N%`: the default tolerance of `about`, in percent.
    pub tolerance: Option<Spanned<f64>>,
}

/// One claim line of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// 1-based line number in the claim file.
    pub line: usize,
    /// The claim as written: the line without its label, its comment and
    /// surrounding blanks.
    pub text: String,
    pub label: Option<Spanned<String>>,
    /// The `>` lines before the claim, joined with one space.
    pub quote: Option<String>,
    pub claim: Result<Claim, crate::parse::ParseError>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// `query comparison`
    Compare {
        query: Query,
        comparison: Comparison,
    },
    /// `query include "a", "b" and "c"`
    Include {
        query: Query,
        groups: Vec<Spanned<String>>,
    },
    /// `fact NAME [according to S, …] comparison`
    Fact {
        name: Spanned<String>,
        sources: Vec<Spanned<String>>,
        comparison: Comparison,
    },
}

/// What to aggregate and over which incidents.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub aggregate: Spanned<Aggregate>,
    /// At most one window, or one lower bound (`since`/`after`) with one
    /// upper bound (`until`/`before`); the parser enforces this.
    pub time: Vec<Spanned<TimeQualifier>>,
    /// `in "Khatlon"`: matches any of the dataset's place fields.
    pub place: Option<Spanned<String>>,
    /// `of "Chinese national"`: one group of the measure's breakdown.
    pub group: Option<Spanned<String>>,
    /// Every `where`, joined with `and`.
    pub condition: Option<Condition>,
    /// `according to` / `per`; empty means every source.
    pub sources: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Aggregate {
    Incidents,
    DeadlyIncidents,
    /// A measure name: the sum of its figures.
    Sum(Spanned<String>),
    Max(Spanned<String>),
    Min(Spanned<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimeQualifier {
    Since(DateForm),
    After(DateForm),
    Until(DateForm),
    Before(DateForm),
    Between(DateForm, DateForm),
    In(DateForm),
    On(DateForm),
}

/// A date form of spec §4, before it is resolved against the as-of date.
#[derive(Debug, Clone, PartialEq)]
pub enum DateForm {
    /// `2025-11-26`, `26 November 2025`, `November 26, 2025`, `Nov 26 2025`
    Day(NaiveDate),
    /// `2025-11`, `November 2025`, `Nov 2025`
    Month {
        year: i32,
        month: u32,
    },
    /// `2025`
    Year(i32),
    /// `early November 2025`, `mid-Nov`, `late November`
    PartOfMonth {
        part: MonthPart,
        month: u32,
        year: Option<i32>,
    },
    /// `November`: the latest November that starts on or before the as-of date.
    MonthNoYear(u32),
    /// `26 November`: the latest such day on or before the as-of date.
    DayNoYear {
        month: u32,
        day: u32,
    },
    /// `Sunday`: the latest such weekday on or before the as-of date.
    Weekday(Weekday),
    Today,
    Yesterday,
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    /// `last N days`, `the last N days`
    LastDays(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPart {
    /// days 1–10
    Early,
    /// days 11–20
    Mid,
    /// day 21 to the end of the month
    Late,
}

/// A `where` condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Or(Vec<Condition>),
    And(Vec<Condition>),
    Not(Box<Condition>),
    /// `field op value`; the field may also be a measure (`deaths >= 3`).
    Compare {
        field: Spanned<String>,
        op: Op,
        value: Spanned<Value>,
    },
    /// `field in ("a", "b")`
    InList {
        field: Spanned<String>,
        values: Vec<Spanned<Value>>,
    },
    /// `field contains "x"`
    Contains {
        field: Spanned<String>,
        value: Spanned<String>,
    },
}

/// A literal on the right of a `where` comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
}

/// A comparison operator; the word forms map onto these
/// (`exactly` → `Eq`, `at least` → `Ge`, `at most` → `Le`,
/// `more than` → `Gt`, `fewer than`/`less than` → `Lt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    /// The operator as a claim writes it in symbols.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// The comparison that ends a claim; it defines the set of values that make
/// the claim true (spec §6.4).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub kind: ComparisonKind,
    /// A unit (facts only; the parser rejects one elsewhere). `25%` and the
    /// share words (`a quarter`) carry `Percent`.
    pub unit: Option<Spanned<Unit>>,
    /// The whole comparison, from its operator to its end.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ComparisonKind {
    Op {
        op: Op,
        number: Number,
        tolerance: Option<Tolerance>,
    },
    /// `about`, `~`, `roughly`, `around`; without a tolerance the file's
    /// `@tolerance` (default 5%) applies.
    About {
        number: Number,
        tolerance: Option<Tolerance>,
    },
    /// `between A and B`, inclusive.
    Between { low: Number, high: Number },
}

/// A number as written. Share words (`a quarter`) and `25%` are percentages:
/// `value` is then in percent (25), and the comparison's unit is `Percent`.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Where the number is written, so that a report can rewrite it.
    pub span: Span,
}

/// `± N`, `+/- N`, `within N`, each optionally with `%`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    pub value: f64,
    pub percent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Km,
    M,
    Mi,
    Percent,
}

impl Unit {
    /// The unit as a claim or a dataset writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Km => "km",
            Unit::M => "m",
            Unit::Mi => "mi",
            Unit::Percent => "%",
        }
    }

    /// Reads a unit as the dataset or a claim writes it (case-insensitive).
    pub fn from_symbol(s: &str) -> Option<Unit> {
        match s.to_ascii_lowercase().as_str() {
            "km" => Some(Unit::Km),
            "m" => Some(Unit::M),
            "mi" => Some(Unit::Mi),
            "%" => Some(Unit::Percent),
            _ => None,
        }
    }
}
