//! The error type the parsers hand each other through nom: where parsing
//! stopped and what would have been valid there. Alternatives keep the
//! error that got furthest into the line, so a message points at the real
//! problem (`Novembr` in `since 26 Novembr`) rather than at the start of the
//! last alternative tried; the innermost expectation that names the problem
//! wins over the general ones around it.

use super::ParseError;
use super::lexeme::{Line, blanks, token_at};
use crate::suggest::closest;
use nom::error::{ErrorKind, ParseError as NomParseError};
use std::borrow::Cow;

/// What a parser returns: the rest of the line and its node, or a failure.
pub type Res<'a, T> = nom::IResult<&'a str, T, Failure<'a>>;

/// What a rule expects, told to the user when the rule cannot start.
#[derive(Debug)]
pub struct Expected {
    /// The message, phrased as what was expected ("expected a date such as …").
    pub message: &'static str,
    /// A general hint for when no known word is close to what was written.
    pub help: Option<&'static str>,
    /// The words that could have been meant here, for "did you mean …".
    pub vocabulary: &'static [&'static str],
}

/// Why a parser stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure<'a> {
    /// The offending text when `exact`, else the rest of the line from the
    /// place parsing stopped (whose first token is then marked).
    at: &'a str,
    exact: bool,
    message: Option<Cow<'static, str>>,
    help: Option<Cow<'static, str>>,
    vocabulary: &'static [&'static str],
}

impl<'a> Failure<'a> {
    /// Parsing stopped at the start of `rest` (after its blanks, so that
    /// two failures at one token compare equal).
    pub fn at(rest: &'a str) -> Self {
        Failure {
            at: blanks(rest),
            exact: false,
            message: None,
            help: None,
            vocabulary: &[],
        }
    }

    /// `text`, a slice of the line, is at fault as a whole.
    pub fn on(text: &'a str) -> Self {
        Failure {
            at: text,
            exact: true,
            message: None,
            help: None,
            vocabulary: &[],
        }
    }

    pub fn message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// As a nom failure: no other alternative is tried.
    pub fn cut(self) -> nom::Err<Self> {
        nom::Err::Failure(self)
    }

    /// Fails the parse with this failure, trying no other alternative.
    pub fn commit<T>(self) -> Res<'a, T> {
        Err(self.cut())
    }

    /// As a nom error: the enclosing alternative may try another branch.
    pub fn backtrack<T>(self) -> Res<'a, T> {
        Err(nom::Err::Error(self))
    }

    /// Fills in what was expected, unless an inner rule already said.
    fn expecting(mut self, expected: &'static Expected) -> Self {
        if self.message.is_none() {
            self.message = Some(Cow::Borrowed(expected.message));
            self.vocabulary = expected.vocabulary;
            if self.help.is_none() {
                self.help = expected.help.map(Cow::Borrowed);
            }
        }
        self
    }

    /// How far into the line the failure lies, and how much it says: the
    /// better of two failures is the further one, then the one that explains.
    fn rank(&self) -> (usize, bool, bool) {
        (
            self.at.as_ptr() as usize,
            self.message.is_some(),
            self.help.is_some(),
        )
    }

    /// The user-facing error, located on `line`.
    pub fn into_error(self, line: &Line<'a>) -> ParseError {
        let marked = if self.exact {
            self.at
        } else {
            token_at(self.at)
        };
        let suggestion = suggestion(marked, self.vocabulary);
        ParseError {
            span: line.span(marked),
            message: self
                .message
                .map_or_else(|| format!("unexpected `{marked}`"), Cow::into_owned),
            help: suggestion.or(self.help.map(Cow::into_owned)),
        }
    }
}

/// "did you mean …" for a misspelt word, but not for a word that is itself
/// known (it is then out of place, not misspelt) nor for a long run of text.
fn suggestion(word: &str, vocabulary: &[&'static str]) -> Option<String> {
    const LONGEST: usize = 32;
    if word.len() > LONGEST || !word.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    closest(word, vocabulary.iter().copied())
        .filter(|known| !known.eq_ignore_ascii_case(word))
        .map(|known| format!("did you mean `{known}`?"))
}

impl<'a> NomParseError<&'a str> for Failure<'a> {
    fn from_error_kind(input: &'a str, _: ErrorKind) -> Self {
        Failure::at(input)
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// The user-facing error of a parse that failed on `line`.
pub fn report<'a>(e: nom::Err<Failure<'a>>, line: &Line<'a>) -> ParseError {
    match e {
        nom::Err::Error(failure) | nom::Err::Failure(failure) => failure.into_error(line),
        // The parsers are all `complete`: none asks for more input, but
        // should one, the line ended too soon.
        nom::Err::Incomplete(_) => Failure::at(line.end())
            .message("unexpected end of the line")
            .into_error(line),
    }
}

/// Runs `parser`, saying what was expected if it fails without saying so.
pub fn expect<'a, O>(
    expected: &'static Expected,
    mut parser: impl nom::Parser<&'a str, Output = O, Error = Failure<'a>>,
) -> impl FnMut(&'a str) -> Res<'a, O> {
    move |i| {
        parser
            .parse(i)
            .map_err(|e| e.map(|failure| failure.expecting(expected)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    const DATE: Expected = Expected {
        message: "expected a date",
        help: Some("dates look like `2025-11-26`"),
        vocabulary: &["November", "December"],
    };

    fn fails(rest: &str) -> Res<'_, ()> {
        Failure::at(rest).backtrack()
    }

    #[test]
    fn the_further_failure_wins() {
        let line = "since 26 Novembr";
        let near = Failure::at(&line[6..]);
        let far = Failure::at(&line[9..]);
        assert_eq!(near.clone().or(far.clone()).at, "Novembr");
        assert_eq!(far.or(near).at, "Novembr");
    }

    #[test]
    fn at_the_same_place_the_failure_that_explains_wins() {
        let rest = "Novembr";
        let plain = Failure::at(rest);
        let told = Failure::at(rest).message("expected a month");
        assert!(plain.or(told).message.is_some());
    }

    #[test]
    fn an_expectation_fills_in_a_silent_failure_with_a_suggestion() {
        let text = "since Novembr";
        let line = Line::new(3, text);
        let nom::Err::Error(failure) = expect(&DATE, fails)(&text[6..]).unwrap_err() else {
            panic!("expected a backtracking error");
        };
        let error = failure.into_error(&line);
        assert_eq!(error.message, "expected a date");
        assert_eq!(error.help.as_deref(), Some("did you mean `November`?"));
        assert_eq!(
            error.span,
            Span {
                line: 3,
                col: 7,
                len: 7
            }
        );
    }

    #[test]
    fn an_expectation_keeps_an_inner_message_and_gives_its_help_otherwise() {
        let text = "since 12";
        let told = expect(&DATE, |i| Failure::at(i).message("inner").backtrack::<()>())(text);
        let nom::Err::Error(failure) = told.unwrap_err() else {
            panic!("expected a backtracking error");
        };
        assert_eq!(failure.message.as_deref(), Some("inner"));
        let silent = expect(&DATE, fails)(text).unwrap_err();
        let nom::Err::Error(failure) = silent else {
            panic!("expected a backtracking error");
        };
        let error = failure.into_error(&Line::new(1, text));
        assert_eq!(error.help.as_deref(), Some("dates look like `2025-11-26`"));
    }

    #[test]
    fn a_known_word_out_of_place_is_not_suggested_to_itself() {
        assert_eq!(suggestion("november", &["November"]), None);
        assert_eq!(suggestion("12", &["November"]), None);
    }

    #[test]
    fn an_unexplained_failure_still_names_the_text() {
        let text = "deaths ???";
        let error = Failure::at(&text[7..]).into_error(&Line::new(1, text));
        assert_eq!(error.message, "unexpected `?`");
        assert_eq!(error.span.col, 8);
    }
}
