//! Located messages for people: every error or warning, whichever layer
//! found it, is rendered the way rustc and `just` render theirs — the
//! message, `path:line:col`, the source line, a caret under the place, and
//! a help line ("did you mean …") — so an editor can go straight to it.

use crate::ast::Span;
use crate::dataset::DatasetError;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file as the user named it (never made absolute).
    pub path: String,
    /// Where in the file; `None` for problems of the whole file.
    pub span: Option<Span>,
    /// The text of the spanned line, shown under the location.
    pub source_line: Option<String>,
    /// A second label on the location line, such as a JSON path.
    pub context: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: path.into(),
            span: None,
            source_line: None,
            context: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the diagnostic at `span` of `source`, quoting its line.
    pub fn at(self, span: Span, source: &str) -> Diagnostic {
        let line = source.lines().nth(span.line.saturating_sub(1));
        self.on_line(span, line)
    }

    /// Places the diagnostic at `span` of a line already found, quoting
    /// it; a caller placing many diagnostics in one long file finds each
    /// line without reading the file from its start.
    pub fn on_line(mut self, span: Span, line: Option<&str>) -> Diagnostic {
        self.source_line = line.map(|l| l.trim_start_matches('\u{feff}').to_string());
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// A dataset problem, placed at its line and column where the loader
    /// knew them, and labelled with its JSON path or CSV column.
    pub fn from_dataset(path: &str, text: &str, problem: &DatasetError) -> Diagnostic {
        let mut d = Diagnostic::error(path, problem.message.clone());
        if problem.warning {
            d.severity = Severity::Warning;
        }
        d.context = match (&problem.path, &problem.field) {
            (Some(json_path), _) => Some(json_path.clone()),
            (None, Some(column)) => Some(format!("column `{column}`")),
            (None, None) => None,
        };
        match (problem.line, problem.column) {
            (Some(line), Some(col)) => d.at(Span { line, col, len: 1 }, text),
            (Some(line), None) => {
                d.span = Some(Span {
                    line,
                    col: 1,
                    len: 0,
                });
                d
            }
            _ => d,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", printable(&self.message))?;
        let gutter = self.span.map_or(0, |s| s.line.to_string().len()).max(1);
        let pad = " ".repeat(gutter);
        write!(f, "{pad}--> {}", printable(&self.path))?;
        if let Some(span) = self.span {
            write!(f, ":{}", span.line)?;
            // A place known only by its line (a CSV row) has no column.
            if span.len > 0 || self.source_line.is_some() {
                write!(f, ":{}", span.col)?;
            }
        }
        if let Some(context) = &self.context {
            write!(f, " ({})", printable(context))?;
        }
        writeln!(f)?;
        if let (Some(span), Some(line)) = (self.span, &self.source_line) {
            let shown = printable(line);
            let before = span.col.saturating_sub(1);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{:>gutter$} | {shown}", span.line)?;
            writeln!(
                f,
                "{pad} | {}{}",
                " ".repeat(before),
                "^".repeat(span.len.max(1))
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// Text from a claim file or a dataset as output for people may show it:
/// each control character (a line break, a tab, an escape) and each
/// Unicode line or paragraph separator becomes one `�`. So no input can
/// start a line of its own — a forged verdict, or a `::error::` workflow
/// command in a CI log — send a terminal escape sequence, or shift the
/// caret under a source line; and every character still takes one column.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unprintable = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.contains(unprintable) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if unprintable(c) { '\u{fffd}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_caret_and_help() {
        let src = "@as-of 2026-01-12\ndeaths sinse November = 16\n";
        let d = Diagnostic::error("claims/a.claims", "expected a qualifier or a comparison")
            .at(
                Span {
                    line: 2,
                    col: 8,
                    len: 5,
                },
                src,
            )
            .with_help(Some("did you mean `since`?".into()));
        let expected = [
            "error: expected a qualifier or a comparison",
            " --> claims/a.claims:2:8",
            "  |",
            "2 | deaths sinse November = 16",
            "  |        ^^^^^",
            "  = help: did you mean `since`?",
            "",
        ];
        assert_eq!(d.to_string(), expected.join("\n"));
    }

    #[test]
    fn a_whole_file_problem_has_no_source_line() {
        let d = Diagnostic::error("x.json", "cannot read the file");
        assert_eq!(d.to_string(), "error: cannot read the file\n --> x.json\n");
    }

    #[test]
    fn a_csv_problem_shows_its_line_and_column_name() {
        let problem = DatasetError {
            path: None,
            line: Some(12),
            column: None,
            field: Some("fatalities".into()),
            message: "`two` is not a number".into(),
            warning: false,
        };
        let d = Diagnostic::from_dataset("sources/a.csv", "", &problem);
        assert_eq!(
            d.to_string(),
            "error: `two` is not a number\n  --> sources/a.csv:12 (column `fatalities`)\n"
        );
    }

    #[test]
    fn control_characters_do_not_break_the_caret_line() {
        let d = Diagnostic::error("a", "bad").at(
            Span {
                line: 1,
                col: 3,
                len: 1,
            },
            "a\tb",
        );
        assert!(d.to_string().contains("1 | a\u{fffd}b\n  |   ^\n"));
    }

    #[test]
    fn text_from_the_input_never_starts_a_line_or_an_escape() {
        let d = Diagnostic::error("a\n::error::x.claims", "undeclared source `w\n::error::x`")
            .with_help(Some("did you mean `\u{1b}[31mred`?".into()));
        let text = d.to_string();
        assert_eq!(
            text,
            [
                "error: undeclared source `w\u{fffd}::error::x`",
                " --> a\u{fffd}::error::x.claims",
                "  = help: did you mean `\u{fffd}[31mred`?",
                "",
            ]
            .join("\n")
        );
        assert_eq!(printable("line\u{2028}break"), "line\u{fffd}break");
    }
}
