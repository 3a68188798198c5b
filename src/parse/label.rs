//! Labels: `afp-tally:` before a claim names it in reports and in CI logs,
//! so it must be a stable, unambiguous word. A label-looking prefix that
//! breaks the rule is an error that says what a label may contain.

use super::ParseError;
use super::failure::Failure;
use super::lexeme::{Line, find_unquoted};
use crate::ast::Spanned;

/// A claim line split at its label.
pub struct Labelled<'a> {
    pub label: Result<Option<Spanned<String>>, ParseError>,
    /// The claim after the label (the whole line if there is none).
    pub claim: &'a str,
}

/// `label = lowercase { lowercase | digit | "-" | "_" } ":"`, at the start
/// of a claim line. The claim language has no other `:` outside quoted
/// strings, so everything before the first one is meant as a label.
pub fn label<'a>(line: &Line<'a>) -> Labelled<'a> {
    let text = line.text();
    let Some(colon) = find_unquoted(text, ':') else {
        return Labelled {
            label: Ok(None),
            claim: text,
        };
    };
    let claim = text.get(colon + 1..).unwrap_or("");
    let written = text.get(..colon).unwrap_or("").trim();
    let label = if written.is_empty() {
        Err(Failure::on(text.get(colon..=colon).unwrap_or(text))
            .message("expected a label before `:`")
            .help("a label names the claim, as in `afp-tally: deaths = 16`")
            .into_error(line))
    } else if is_label(written) {
        Ok(Some(line.spanned(written, written.to_string())))
    } else {
        let failure = Failure::on(written).message(format!(
            "`{written}` is not a label: a label has only lowercase letters, digits, `-` and `_`, and starts with a letter"
        ));
        let failure = match suggested(written) {
            Some(better) => failure.help(format!("write it as `{better}:`")),
            None => failure,
        };
        Err(failure.into_error(line))
    };
    Labelled { label, claim }
}

fn is_label(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The label most likely meant: lowercase, blanks as `-`, other characters dropped.
fn suggested(written: &str) -> Option<String> {
    let words: Vec<String> = written
        .split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let label = words.join("-");
    is_label(&label).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    #[test]
    fn a_label_before_the_claim() {
        let line = Line::new(5, "afp-tally_2 : deaths = 16");
        let labelled = label(&line);
        let found = labelled.label.unwrap().unwrap();
        assert_eq!(found.node, "afp-tally_2");
        assert_eq!(
            found.span,
            Span {
                line: 5,
                col: 1,
                len: 11
            }
        );
        assert_eq!(labelled.claim, " deaths = 16");
    }

    #[test]
    fn no_label_and_colons_inside_strings() {
        let line = Line::new(1, "deaths in \"Area: North\" = 3");
        let labelled = label(&line);
        assert_eq!(labelled.label, Ok(None));
        assert_eq!(labelled.claim, line.text());
    }

    #[test]
    fn a_bad_label_says_what_a_label_may_contain() {
        let line = Line::new(2, "  Afp tally: deaths = 16");
        let error = label(&line).label.unwrap_err();
        assert_eq!((error.span.col, error.span.len), (3, 9));
        assert!(error.message.starts_with("`Afp tally` is not a label"));
        assert!(
            error
                .message
                .contains("lowercase letters, digits, `-` and `_`")
        );
        assert_eq!(error.help.as_deref(), Some("write it as `afp-tally:`"));
        let error = label(&Line::new(1, "2nd: deaths = 1")).label.unwrap_err();
        assert_eq!(error.help, None);
    }

    #[test]
    fn an_empty_label() {
        let error = label(&Line::new(1, " : deaths = 1")).label.unwrap_err();
        assert_eq!(
            (error.span.col, error.message.as_str()),
            (2, "expected a label before `:`")
        );
    }
}
