//! The claim-file parser (nom 8): turns the text of a `*.claims` file into
//! the syntax tree of `ast`, line by line, so that one bad line becomes one
//! error entry and never stops the others. The grammar is spec §2–§3; this
//! module reads the file's structure (lines, comments, directives, quotes,
//! labels), the submodules the claim language.

mod claim;
mod comparison;
mod condition;
mod date;
mod directive;
mod failure;
mod label;
mod lexeme;
mod number;
mod print;
mod qualifier;
mod query;

use crate::ast::{Claim, ClaimFile, Entry, Span, Spanned};
pub use date::{month_title, weekday_title};
use failure::Failure;
use lexeme::Line;
pub use lexeme::{RESERVED, find_unquoted};
use std::collections::HashMap;
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

/// Parses a whole claim file:
///
/// ```text
/// file      = line { "\n" line }
/// line      = [ directive | quote | claim_line ] [ "#" comment ]
/// quote     = ">" text
/// claim_line = [ label ":" ] claim
/// ```
///
/// A `\r` before a newline and a byte-order mark at the start are ignored.
/// `#` starts a comment outside double-quoted strings on every line, quote
/// lines included (a `#` in a quote is kept inside double quotes).
///
/// Any claim line, even one that does not parse, is "the first claim" for
/// the placement of directives. A repeated label is reported instead of the
/// claim's own error, since it comes first on the line.
pub fn parse_file(src: &str) -> ClaimFile {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    parse_lines(src.split('\n').enumerate().map(|(i, line)| (i + 1, line)))
}

/// `parse_file` over lines that another file holds, each with its own line
/// number there (the lines of a draft's `claims` blocks), so that every
/// span and entry points at the line where it is written.
pub fn parse_lines<'a>(lines: impl IntoIterator<Item = (usize, &'a str)>) -> ClaimFile {
    let mut file = ClaimFile::default();
    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut quote: Option<Quote> = None;
    let mut first_claim: Option<usize> = None;
    for (number, raw) in lines {
        let line = Line::new(number, code(raw));
        let body = line.text().trim_start();
        if body.starts_with('@') {
            file.errors.extend(quote.take().map(|q| q.unclaimed()));
            let set = directive::directive(&line, body, first_claim, &mut file.directives);
            file.errors.extend(set.err());
        } else if let Some(words) = body.strip_prefix('>') {
            quote
                .get_or_insert_with(|| Quote::new(&line, body))
                .add(words);
        } else if !body.is_empty() {
            first_claim.get_or_insert(line.number());
            let mut entry = entry(&line);
            entry.quote = quote.take().and_then(Quote::text);
            if let Some(label) = &entry.label {
                if let Some(first) = labels.get(&label.node) {
                    entry.claim = Err(ParseError {
                        span: label.span,
                        message: format!("label `{}` is already used on line {first}", label.node),
                        help: Some("labels are unique within a file".to_string()),
                    });
                } else {
                    labels.insert(label.node.clone(), line.number());
                }
            }
            file.entries.push(entry);
        }
    }
    file.errors.extend(quote.map(Quote::unclaimed));
    file
}

/// Parses a single claim, as `explain` receives it: an optional label and
/// the claim, on line 1. A comment is allowed, as in a file; a line break
/// is not, since it would hide the rest from the reader.
pub fn parse_claim(src: &str) -> Result<(Option<Spanned<String>>, Claim), ParseError> {
    let entry = parse_entry(src);
    entry.claim.map(|claim| (entry.label, claim))
}

/// `parse_claim`, as the entry that a claim file would hold for the claim
/// on its line 1 (without a quote), so that a single claim is checked and
/// reported like any other.
pub fn parse_entry(src: &str) -> Entry {
    let src = src.trim_end_matches(['\r', '\n']);
    if let Some(at) = src.find('\n') {
        let line = Line::new(1, src);
        return Entry {
            line: 1,
            text: src.trim().to_string(),
            label: None,
            quote: None,
            claim: Err(Failure::on(src.get(at..=at).unwrap_or(src))
                .message("a claim is one line")
                .into_error(&line)),
        };
    }
    entry(&Line::new(1, code(src)))
}

/// The part of a raw line the parsers read: no `\r`, no comment, no
/// trailing blanks (so the end of a claim is where its last word ends).
fn code(raw: &str) -> &str {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let end = find_unquoted(raw, '#').unwrap_or(raw.len());
    raw.get(..end).unwrap_or(raw).trim_end()
}

/// One claim line as an entry (its quote is the file's business). With a
/// malformed label, the entry has no label, its text is the claim after the
/// `:`, and its error is the label's.
fn entry(line: &Line<'_>) -> Entry {
    let labelled = label::label(line);
    let text = labelled.claim.trim().to_string();
    let (label, claim) = match labelled.label {
        Ok(label) => (label, parsed_claim(line, labelled.claim)),
        Err(error) => (None, Err(error)),
    };
    Entry {
        line: line.number(),
        text,
        label,
        quote: None,
        claim,
    }
}

fn parsed_claim<'a>(line: &Line<'a>, i: &'a str) -> Result<Claim, ParseError> {
    if i.trim().is_empty() {
        return Err(Failure::at(i)
            .message("expected a claim such as `deaths since November = 16`")
            .into_error(line));
    }
    claim::claim(line, i)
        .map(|(_, claim)| claim)
        .map_err(|e| failure::report(e, line))
}

/// `>` lines waiting for the claim they quote.
struct Quote {
    /// The first `>` line, marked whole when no claim follows the quote.
    span: Span,
    parts: Vec<String>,
}

impl Quote {
    fn new(line: &Line<'_>, body: &str) -> Self {
        Quote {
            span: line.span(body),
            parts: Vec::new(),
        }
    }

    fn add(&mut self, words: &str) {
        let words = words.trim();
        if !words.is_empty() {
            self.parts.push(words.to_string());
        }
    }

    /// The quote, its lines joined with one space; `None` if all were empty.
    fn text(self) -> Option<String> {
        (!self.parts.is_empty()).then(|| self.parts.join(" "))
    }

    fn unclaimed(self) -> ParseError {
        ParseError {
            span: self.span,
            message: "expected a claim after this quote".to_string(),
            help: Some(
                "a `>` line quotes the article for the claim on the line after it".to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Aggregate, ComparisonKind, Unit};
    use chrono::NaiveDate;

    const SPEC_EXAMPLE: &str = "\
# Tajik–Afghan border article, checked before publication
@as-of 2026-01-12
@data ../sources/tajik-afghan-border.json

> An AFP tally, based on official figures, reports a total of 16 deaths
afp-tally: deaths since November according to AFP = 16

> at least five deadly incidents
deadly incidents since November >= 5

fact border_length = about 840 mi
";

    fn messages(file: &ClaimFile) -> Vec<(usize, usize, &str)> {
        file.errors
            .iter()
            .map(|e| (e.span.line, e.span.col, e.message.as_str()))
            .collect()
    }

    #[test]
    fn the_example_file_of_the_spec() {
        let file = parse_file(SPEC_EXAMPLE);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let as_of = file.directives.as_of.as_ref().map(|d| d.node);
        assert_eq!(as_of, NaiveDate::from_ymd_opt(2026, 1, 12));
        let data = file.directives.data.as_ref().map(|d| d.node.as_str());
        assert_eq!(data, Some("../sources/tajik-afghan-border.json"));
        assert_eq!(file.directives.tolerance, None);

        let lines: Vec<usize> = file.entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [6, 9, 11]);
        let [tally, deadly, fact] = &file.entries[..] else {
            panic!("three entries expected");
        };
        assert_eq!(
            tally.label.as_ref().map(|l| l.node.as_str()),
            Some("afp-tally")
        );
        assert_eq!(tally.text, "deaths since November according to AFP = 16");
        assert_eq!(
            tally.quote.as_deref(),
            Some("An AFP tally, based on official figures, reports a total of 16 deaths")
        );
        assert!(
            matches!(&tally.claim, Ok(Claim::Compare { query, .. }) if query.sources.len() == 1)
        );

        assert_eq!(deadly.label, None);
        assert_eq!(
            deadly.quote.as_deref(),
            Some("at least five deadly incidents")
        );
        assert!(matches!(
            &deadly.claim,
            Ok(Claim::Compare { query, .. }) if query.aggregate.node == Aggregate::DeadlyIncidents
        ));

        assert_eq!(fact.quote, None);
        let Ok(Claim::Fact { comparison, .. }) = &fact.claim else {
            panic!("{:?}", fact.claim);
        };
        assert!(matches!(comparison.kind, ComparisonKind::About { .. }));
        assert_eq!(comparison.unit.as_ref().map(|u| u.node), Some(Unit::Mi));
    }

    #[test]
    fn quote_lines_join_and_may_be_separated_from_their_claim() {
        let file =
            parse_file(">  first part \n>\n> second part\n\n# a note\ndeaths = 1\ndeaths = 2\n");
        assert!(file.errors.is_empty());
        assert_eq!(
            file.entries[0].quote.as_deref(),
            Some("first part second part")
        );
        assert_eq!(file.entries[1].quote, None);
    }

    #[test]
    fn a_quote_that_no_claim_follows_is_an_error() {
        let file = parse_file("> dangling\n@as-of 2026-01-12\n> at the end\n");
        assert_eq!(
            messages(&file),
            [
                (1, 1, "expected a claim after this quote"),
                (3, 1, "expected a claim after this quote")
            ]
        );
        assert_eq!(file.errors[0].span.len, 10);
        assert!(file.directives.as_of.is_some());
    }

    #[test]
    fn comments_end_lines_but_not_strings() {
        let file = parse_file("deaths in \"Area #1\" = 3 # checked\n  # only a comment\n");
        assert_eq!(file.entries.len(), 1);
        let entry = &file.entries[0];
        assert_eq!(entry.text, "deaths in \"Area #1\" = 3");
        let Ok(Claim::Compare { query, .. }) = &entry.claim else {
            panic!("{:?}", entry.claim);
        };
        assert_eq!(
            query.place.as_ref().map(|p| p.node.as_str()),
            Some("Area #1")
        );
    }

    #[test]
    fn directives_come_first_and_once() {
        let file = parse_file(
            "@tolerance 5%\n@tolerance 10%\n@asof 2026-01-12\ndeaths = 1\n@data x.json\n",
        );
        assert_eq!(
            messages(&file),
            [
                (2, 1, "`@tolerance` is already given on line 1"),
                (3, 1, "unknown directive `@asof`"),
                (5, 1, "`@data` comes after the first claim (line 4)")
            ]
        );
        assert_eq!(
            file.errors[1].help.as_deref(),
            Some("did you mean `@as-of`?")
        );
        assert_eq!(
            file.directives.tolerance.as_ref().map(|t| t.node),
            Some(5.0)
        );
        assert_eq!(file.directives.data, None);
    }

    #[test]
    fn a_bad_claim_line_is_a_first_claim_too() {
        let file = parse_file("deaths ?\n@as-of 2026-01-12\n");
        assert!(file.entries[0].claim.is_err());
        assert_eq!(
            messages(&file)[0].2,
            "`@as-of` comes after the first claim (line 1)"
        );
    }

    #[test]
    fn duplicate_labels() {
        let file = parse_file("a: deaths = 1\nb: deaths = 2\n\na: deaths = 3 # again\n");
        assert!(file.entries[0].claim.is_ok());
        let second = &file.entries[2];
        assert_eq!(second.label.as_ref().map(|l| l.node.as_str()), Some("a"));
        assert_eq!(second.text, "deaths = 3");
        let error = second.claim.as_ref().unwrap_err();
        assert_eq!(error.message, "label `a` is already used on line 1");
        assert_eq!(
            error.span,
            Span {
                line: 4,
                col: 1,
                len: 1
            }
        );
    }

    #[test]
    fn bad_labels_and_empty_claims() {
        let file = parse_file("Afp tally: deaths = 16\nempty:\n");
        let bad = &file.entries[0];
        assert_eq!(
            (bad.label.as_ref(), bad.text.as_str()),
            (None, "deaths = 16")
        );
        assert!(
            bad.claim
                .as_ref()
                .unwrap_err()
                .message
                .contains("is not a label")
        );
        let empty = file.entries[1].claim.as_ref().unwrap_err();
        assert_eq!((empty.span.line, empty.span.col), (2, 7));
    }

    #[test]
    fn one_bad_line_does_not_stop_the_others() {
        let file = parse_file("deaths sinse November = 16\ndeaths since November = 16\n");
        assert_eq!(file.entries.len(), 2);
        let error = file.entries[0].claim.as_ref().unwrap_err();
        assert_eq!((error.span.line, error.span.col, error.span.len), (1, 8, 5));
        assert!(file.entries[1].claim.is_ok());
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let file = parse_file("\u{feff}@as-of 2026-01-12\r\ndeaths ?\r\n");
        assert!(file.errors.is_empty());
        let error = file.entries[0].claim.as_ref().unwrap_err();
        assert_eq!((error.span.line, error.span.col), (2, 8));
        assert_eq!(file.entries[0].text, "deaths ?");
    }

    #[test]
    fn columns_count_characters() {
        let file = parse_file("deaths in \"Душанбе\" = 3 ±\n");
        let error = file.entries[0].claim.as_ref().unwrap_err();
        assert_eq!((error.span.col, error.span.len), (26, 1));
        assert!(error.message.starts_with("expected a number"));
    }

    #[test]
    fn lines_of_another_file_keep_their_numbers() {
        let file = parse_lines([
            (6, "@as-of 2026-01-12"),
            (9, "> q"),
            (10, "t: deaths sinse = 1"),
        ]);
        assert!(file.directives.as_of.is_some());
        let entry = &file.entries[0];
        assert_eq!((entry.line, entry.quote.as_deref()), (10, Some("q")));
        let error = entry.claim.as_ref().unwrap_err();
        assert_eq!((error.span.line, error.span.col), (10, 11));
    }

    #[test]
    fn a_single_claim() {
        let (label, claim) = parse_claim("tally: deaths = 16 # note\n").unwrap();
        assert_eq!(label.map(|l| l.node), Some("tally".to_string()));
        assert!(matches!(claim, Claim::Compare { .. }));
        let error = parse_claim("deaths\n= 16").unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.span.col),
            ("a claim is one line", 7)
        );
        let error = parse_claim("  ").unwrap_err();
        assert!(error.message.starts_with("expected a claim"));
        assert_eq!(
            parse_claim("Bad label: deaths = 1").unwrap_err().span.len,
            9
        );
    }

    #[test]
    fn a_single_claim_as_an_entry() {
        let entry = parse_entry("tally:  deaths = 16  # note");
        assert_eq!((entry.line, entry.text.as_str()), (1, "deaths = 16"));
        assert_eq!(entry.label.map(|l| l.node), Some("tally".to_string()));
        assert!(entry.claim.is_ok() && entry.quote.is_none());
        let entry = parse_entry("deaths\n= 16");
        assert_eq!(entry.text, "deaths\n= 16");
        assert!(entry.claim.is_err());
    }
}
