//! The claim-file parser (nom 8): turns the text of a `*.claims` file into
//! the syntax tree of `ast`, line by line, so that one bad line becomes one
//! error entry and never stops the others. The grammar is spec §2–§3.

use crate::ast::{Claim, ClaimFile, Span, Spanned};
use std::fmt;

/// A claim-file error: where it is and what would have been valid there.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub span: Span,
    /// What is wrong, phrased as what was expected ("expected a comparison
    /// such as `= 16` or `at least 5`").
    pub message: String,
    /// A suggestion ("did you mean `since`?"), where one is close.
    pub help: Option<String>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.span.line, self.span.col, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole claim file.
pub fn parse_file(_src: &str) -> ClaimFile {
    todo!("claim file parser")
}

/// Parses a single claim, as `explain` receives it: an optional label and
/// the claim, on line 1.
pub fn parse_claim(_src: &str) -> Result<(Option<Spanned<String>>, Claim), ParseError> {
    todo!("single claim parser")
}
