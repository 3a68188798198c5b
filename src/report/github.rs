//! GitHub Actions workflow commands: an `::error` for each claim that
//! failed or could not be checked, a `::warning` for each disputed one (an
//! `::error` with `--strict`, or when it got worse since the baseline), and
//! one for each problem that belongs to no claim — so that a pull request
//! shows them on the lines of the claim files. The summary line ends the
//! output, as it ends the human report; the job summary is the Markdown
//! report (`cli` writes it where `GITHUB_STEP_SUMMARY` says).
//!
//! The syntax is GitHub's `::LEVEL file=F,line=L,col=C,endColumn=E,
//! title=T::MESSAGE`. As GitHub's own toolkit does, `%`, `\r` and `\n` are
//! percent-encoded in the message, and `:` and `,` too in property values,
//! so a dataset string cannot end the command or add a property.

use super::findings::findings;
use super::{claim_name, got_worse, problems, summary_line};
use crate::ast::{Claim, Span};
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::diagnostic::Severity;
use crate::eval::Verdict;
use std::fmt::Write;

pub fn render(run: &Run, strict: bool) -> String {
    let mut out = String::new();
    for d in problems(run) {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        Annotation {
            level,
            file: &d.path,
            line: d.span.map(|s| s.line),
            span: d.span,
            title: "claimcheck".to_string(),
            message,
        }
        .write(&mut out);
    }
    for (file, claim) in run.claims() {
        if let Some(a) = annotation(run, file, claim, strict) {
            a.write(&mut out);
        }
    }
    out.push_str(&summary_line(&run.summary()));
    out.push('\n');
    out
}

/// One workflow command.
struct Annotation<'a> {
    level: &'static str,
    file: &'a str,
    line: Option<usize>,
    /// The columns to mark on `line`; the whole line without one.
    span: Option<Span>,
    title: String,
    message: String,
}

impl Annotation<'_> {
    /// `::LEVEL file=…,line=…,col=…,endColumn=…,title=…::MESSAGE`, the
    /// end column inclusive.
    fn write(&self, out: &mut String) {
        let mut props = vec![("file", self.file.to_string())];
        if let Some(line) = self.line {
            props.push(("line", line.to_string()));
            if let Some(s) = self.span.filter(|s| s.len > 0 && s.line == line) {
                props.push(("col", s.col.to_string()));
                props.push(("endColumn", (s.col + s.len - 1).to_string()));
            }
        }
        props.push(("title", self.title.clone()));
        let props: Vec<String> = props
            .iter()
            .map(|(k, v)| format!("{k}={}", property(v)))
            .collect();
        let _ = writeln!(
            out,
            "::{} {}::{}",
            self.level,
            props.join(","),
            data(&self.message)
        );
    }
}

/// The annotation of one claim; none for a claim that passed and did not
/// get worse. It marks the comparison, or the error's place.
fn annotation<'a>(
    run: &Run,
    file: &'a CheckedFile,
    claim: &CheckedClaim,
    strict: bool,
) -> Option<Annotation<'a>> {
    let entry = &claim.entry;
    let verdict = claim.verdict();
    let worse = run
        .drift
        .as_ref()
        .and_then(|d| Some((d, d.worse_of(&file.path, entry.line)?)));
    let level = match (verdict, worse) {
        (Verdict::Fail | Verdict::Error, _) | (_, Some(_)) => "error",
        (Verdict::Disputed, None) if strict => "error",
        (Verdict::Disputed, None) => "warning",
        (Verdict::Pass, None) => return None,
    };
    let name = claim_name(entry);
    let title = match worse {
        Some(_) => format!("WORSE {name}"),
        None => format!("{} {name}", verdict.as_str().to_uppercase()),
    };
    let mut lines = vec![entry.text.clone()];
    if let Some((d, c)) = worse {
        lines.push(got_worse(d, c));
    }
    match (&claim.result, findings(file, claim)) {
        (Err(e), _) => lines.push(e.to_string()),
        (Ok(_), Some(f)) => {
            lines.push(f.headline());
            for (side, items) in &f.sides {
                lines.extend(items.iter().map(|i| format!("{} {i}", side.as_str())));
            }
            if let Some(new) = &f.rewritten {
                lines.push(format!("rewritten: {new}"));
            }
        }
        (Ok(_), None) => {}
    }
    let span = match (&claim.result, &entry.claim) {
        (Err(e), _) => e.span,
        (Ok(_), Ok(Claim::Compare { comparison, .. } | Claim::Fact { comparison, .. })) => {
            Some(comparison.span)
        }
        _ => None,
    };
    Some(Annotation {
        level,
        file: &file.path,
        line: Some(entry.line),
        span,
        title,
        message: lines.join("\n"),
    })
}

/// A message: GitHub's `escapeData`; other control characters, which
/// would reach the log as they are, become U+FFFD.
fn data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A property value: GitHub's `escapeProperty`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_githubs_toolkit_does() {
        assert_eq!(data("50% of\r\nit: a, b"), "50%25 of%0D%0Ait: a, b");
        assert_eq!(data("\u{1b}[31mred"), "\u{fffd}[31mred");
        assert_eq!(property("50% of\nit: a, b"), "50%25 of%0Ait%3A a%2C b");
    }

    #[test]
    fn an_annotation_marks_its_columns_or_its_whole_line() {
        let mut a = Annotation {
            level: "error",
            file: "a,b.claims",
            line: Some(3),
            span: Some(Span {
                line: 3,
                col: 5,
                len: 2,
            }),
            title: "FAIL tally".into(),
            message: "bad: %".into(),
        };
        let mut out = String::new();
        a.write(&mut out);
        assert_eq!(
            out,
            "::error file=a%2Cb.claims,line=3,col=5,endColumn=6,title=FAIL tally::bad: %25\n"
        );
        a.span = None;
        a.line = None;
        out.clear();
        a.write(&mut out);
        assert_eq!(
            out,
            "::error file=a%2Cb.claims,title=FAIL tally::bad: %25\n"
        );
    }
}
