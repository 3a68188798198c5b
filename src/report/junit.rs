//! JUnit XML, the test report that GitLab, Jenkins and the GitHub
//! test-report actions render: one `testsuite` per claim file, one
//! `testcase` per claim, so that a merge request shows which claims of a
//! draft fail the way it shows failing tests.
//!
//! A failed claim is a `<failure>`, a claim that could not be checked an
//! `<error>`; a disputed claim is a `<failure>` only with `--strict`, and
//! otherwise passes with its block saying DISPUTED. A claim whose verdict
//! got worse since the baseline is a `<failure>` too, as it fails the run.
//! Each case carries the claim's verdict and numbers as properties and
//! its report block as text: in the `<failure>` or `<error>` element,
//! which is what the consumers show for a failed case, else in
//! `<system-out>`. The counts on `testsuites` and `testsuite` add up to the
//! run's summary. The problems of a file that belong to no claim (its
//! dataset's, a bad directive) go to its suite's `<system-err>`; those of
//! no file (a path that does not exist) to a last suite without cases.

use super::findings::findings;
use super::human::{self, Paint};
use super::{claim_name, drift_state, got_worse, problems, window};
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::diagnostic::Diagnostic;
use crate::drift::{Change, Drift};
use crate::eval::Verdict;
use std::fmt::Write;

/// The suite of the problems that no claim file of the run holds.
const RUN_SUITE: &str = "claimcheck";

pub fn render(run: &Run, strict: bool) -> String {
    let suites: Vec<Suite> = run
        .files
        .iter()
        .map(|file| suite(run, file, strict))
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = Counts::sum(suites.iter().map(|s| s.counts));
    let _ = writeln!(
        out,
        "<testsuites name=\"{RUN_SUITE}\"{}>",
        total.attributes()
    );
    for s in &suites {
        out.push_str(&s.xml);
    }
    let stray: Vec<&Diagnostic> = problems(run)
        .filter(|d| !run.files.iter().any(|f| belongs(d, f)))
        .collect();
    if !stray.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{RUN_SUITE}\"{}>",
            Counts::default().attributes()
        );
        system_err(&mut out, &stray);
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// How many cases, failures and errors a suite (or the run) has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Counts {
    fn sum(all: impl Iterator<Item = Counts>) -> Counts {
        all.fold(Counts::default(), |a, b| Counts {
            tests: a.tests + b.tests,
            failures: a.failures + b.failures,
            errors: a.errors + b.errors,
        })
    }

    /// claimcheck keeps no clock (its reports are the same bytes on every
    /// run), so every time is 0; consumers that read `time` find one.
    fn attributes(self) -> String {
        format!(
            " tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\"",
            self.tests, self.failures, self.errors
        )
    }
}

struct Suite {
    counts: Counts,
    xml: String,
}

fn suite(run: &Run, file: &CheckedFile, strict: bool) -> Suite {
    let mut cases = String::new();
    let mut counts = Counts::default();
    for claim in &file.claims {
        let outcome = case(&mut cases, file, claim, strict, run.drift.as_ref());
        counts.tests += 1;
        match outcome {
            Kind::Passed => {}
            Kind::Failure => counts.failures += 1,
            Kind::Error => counts.errors += 1,
        }
    }
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{}\"{}>",
        attr(&file.path),
        counts.attributes()
    );
    let mut setting = Vec::new();
    if let Some(data) = &file.data_path {
        setting.push(("data", data.clone()));
    }
    if let Some(as_of) = file.as_of {
        setting.push(("as-of", as_of.to_string()));
    }
    properties(&mut xml, "    ", &setting);
    xml.push_str(&cases);
    let own: Vec<&Diagnostic> = problems(run).filter(|d| belongs(d, file)).collect();
    system_err(&mut xml, &own);
    xml.push_str("  </testsuite>\n");
    Suite { counts, xml }
}

/// A problem belongs to the suite of its claim file, or of each file that
/// reads its dataset.
fn belongs(d: &Diagnostic, file: &CheckedFile) -> bool {
    d.path == file.path || file.data_path.as_deref() == Some(d.path.as_str())
}

enum Kind {
    Passed,
    Failure,
    Error,
}

/// Writes one claim's `testcase` and says how it counts.
fn case(
    out: &mut String,
    file: &CheckedFile,
    claim: &CheckedClaim,
    strict: bool,
    drift: Option<&Drift>,
) -> Kind {
    let entry = &claim.entry;
    let verdict = claim.verdict();
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\" time=\"0\">",
        attr(&claim_name(entry)),
        entry.line,
        path = attr(&file.path),
    );
    let change = drift.and_then(|d| d.of(&file.path, entry.line));
    properties(out, "      ", &claim_properties(file, claim, change));

    let found = findings(file, claim);
    let mut block = String::new();
    let name = human::name(entry.label.as_ref().map(|l| l.node.as_str()), entry.line);
    human::claim_block(
        &mut block,
        claim,
        found.as_ref(),
        &name,
        Paint { enabled: false },
    );
    let block = text(block.trim_end());
    let worse = drift.and_then(|d| Some((d, d.worse_of(&file.path, entry.line)?)));
    let kind = match (verdict, worse) {
        (Verdict::Error, _) => Kind::Error,
        (Verdict::Fail, _) | (_, Some(_)) => Kind::Failure,
        (Verdict::Disputed, None) if strict => Kind::Failure,
        _ => Kind::Passed,
    };
    let mut message = match (&claim.result, &found) {
        (Err(e), _) => e.to_string(),
        (Ok(_), Some(f)) => f.headline(),
        (Ok(_), None) => String::new(),
    };
    if let Some((d, c)) = worse {
        message = format!("{}; {message}", got_worse(d, c));
    }
    let kind_attr = if worse.is_some() {
        "worse"
    } else {
        verdict.as_str()
    };
    let message = attr(&message);
    let _ = match kind {
        Kind::Passed => writeln!(out, "      <system-out>{block}</system-out>"),
        Kind::Failure => writeln!(
            out,
            "      <failure message=\"{message}\" type=\"{kind_attr}\">{block}</failure>"
        ),
        Kind::Error => writeln!(
            out,
            "      <error message=\"{message}\" type=\"{kind_attr}\">{block}</error>"
        ),
    };
    out.push_str("    </testcase>\n");
    kind
}

/// A case's properties: the claim, its verdict and numbers as the JSON
/// report has them, and with a baseline how it changed.
fn claim_properties(
    file: &CheckedFile,
    claim: &CheckedClaim,
    change: Option<&Change>,
) -> Vec<(&'static str, String)> {
    let entry = &claim.entry;
    let mut props = vec![
        ("verdict", claim.verdict().as_str().to_string()),
        ("claim", entry.text.clone()),
    ];
    if let Some(quote) = &entry.quote {
        props.push(("quote", quote.clone()));
    }
    if let (Ok(o), Some(ds)) = (&claim.result, &file.dataset) {
        let bound = |b: Option<f64>| b.map_or_else(|| "unbounded".to_string(), |x| x.to_string());
        props.push(("value", o.value.to_string()));
        props.push(("low", bound(o.low)));
        props.push(("high", bound(o.high)));
        if let Some(unit) = o.unit {
            props.push(("unit", unit.symbol().to_string()));
        }
        if let Some(w) = o.window.filter(|w| w.from.is_some() || w.to.is_some()) {
            props.push(("window", window(&w)));
        }
        let sources: Vec<&str> = o
            .sources
            .iter()
            .filter_map(|s| Some(ds.sources.get(s.source)?.id.as_str()))
            .collect();
        props.push(("sources", sources.join(", ")));
    }
    if let Some(c) = change {
        props.push(("change", c.direction().as_str().to_string()));
        props.push(("was", drift_state(&c.was)));
    }
    props
}

fn properties(out: &mut String, indent: &str, props: &[(&str, String)]) {
    if props.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}<properties>");
    for (name, value) in props {
        let _ = writeln!(
            out,
            "{indent}  <property name=\"{}\" value=\"{}\"/>",
            attr(name),
            attr(value)
        );
    }
    let _ = writeln!(out, "{indent}</properties>");
}

fn system_err(out: &mut String, problems: &[&Diagnostic]) {
    if problems.is_empty() {
        return;
    }
    let rendered: String = problems.iter().map(|d| format!("{d}\n")).collect();
    let _ = writeln!(out, "    <system-err>{}</system-err>", text(&rendered));
}

/// Character data: the markup characters escaped, and the characters XML
/// 1.0 forbids (control characters other than tab and line breaks, and
/// U+FFFE/U+FFFF) replaced, so that no dataset string breaks the document.
fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: `text`, with tabs and line breaks as references so
/// that they survive attribute-value normalisation.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if attribute => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '\t' | '\n' => out.push(c),
            // A bare carriage return would be read as a line break.
            '\r' => out.push_str("&#13;"),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_forbidden_characters_replaced() {
        assert_eq!(
            text("a < b & \"c\" > 'd'"),
            "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;"
        );
        assert_eq!(
            text("bell\u{7}\u{0}nul\u{ffff}"),
            "bell\u{fffd}\u{fffd}nul\u{fffd}"
        );
        assert_eq!(text("two\nlines\r"), "two\nlines&#13;");
        assert_eq!(attr("two\nlines\tand\r"), "two&#10;lines&#9;and&#13;");
        // C1 controls are allowed in XML 1.0 but are no text anyone wrote.
        assert_eq!(text("\u{85}"), "\u{fffd}");
    }

    #[test]
    fn counts_add_up() {
        let a = Counts {
            tests: 3,
            failures: 1,
            errors: 0,
        };
        let b = Counts {
            tests: 2,
            failures: 0,
            errors: 2,
        };
        assert_eq!(
            Counts::sum([a, b].into_iter()),
            Counts {
                tests: 5,
                failures: 1,
                errors: 2
            }
        );
        assert_eq!(
            a.attributes(),
            " tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0\""
        );
    }
}
