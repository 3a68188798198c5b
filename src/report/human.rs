//! The report an editor reads: per claim the verdict, where it is, the
//! claim and its quote, the window in absolute dates, the value found with
//! its low–high range and the incidents and reports it rests on. A failed
//! or disputed claim also shows what it claims against what was found and
//! the claim rewritten with the value found; a disputed one, which sources
//! and which date readings support it and which contradict it. A summary
//! line comes last.

use super::diff;
use super::findings::{Findings, findings};
use super::layout::{wrap, wrap_text};
use super::style::Style;
use super::{drift_headline, drift_state, summary_line};
use crate::check::{CheckedClaim, CheckedFile, Run, Sink, Summary};
use crate::diagnostic::{Diagnostic, printable};
use crate::drift::{Direction, Drift};
use crate::eval::Verdict;
use std::fmt::Write as _;
use std::io::Write;

pub use super::style::Paint;

/// Where a claim's lines start: after the two-space margin and the verdict.
pub const INDENT: &str = "           ";

pub fn render(run: &Run, paint: Paint) -> String {
    let mut out = String::new();
    if let Some(drift) = &run.drift {
        drift_section(&mut out, drift, paint);
    }
    let mut writer = Writer::new(out.into_bytes());
    for file in &run.files {
        writer.file(file);
        for claim in &file.claims {
            writer.claim(block(file, claim, paint));
        }
    }
    String::from_utf8(writer.finish().0).unwrap_or_default()
}

/// One claim's block, and its verdict for the summary line.
pub struct Block {
    verdict: Verdict,
    text: String,
}

/// Makes a claim's block; any thread may, for several claims at once.
pub fn block(file: &CheckedFile, claim: &CheckedClaim, paint: Paint) -> Block {
    let entry = &claim.entry;
    let label = entry.label.as_ref().map(|l| l.node.as_str());
    let found = findings(file, claim);
    let mut text = String::new();
    claim_block(
        &mut text,
        claim,
        found.as_ref(),
        &name(label, entry.line),
        paint,
    );
    Block {
        verdict: claim.verdict(),
        text,
    }
}

/// The report, written block by block: each file's header, its claims,
/// and the summary line last. Writing stops quietly at the first error
/// (a closed pipe); diagnostics go to stderr, not here.
pub struct Writer<W: Write> {
    out: W,
    summary: Summary,
    errors: bool,
    failed: bool,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Writer<W> {
        Writer {
            out,
            summary: Summary::default(),
            errors: false,
            failed: false,
        }
    }

    /// Writes the summary line; gives back the output, and the run's
    /// verdicts and whether a diagnostic was an error, for the exit code.
    pub fn finish(mut self) -> (W, Summary, bool) {
        self.write(&format!("{}\n", summary_line(&self.summary)));
        let _ = self.out.flush();
        (self.out, self.summary, self.errors)
    }

    fn write(&mut self, text: &str) {
        if !self.failed {
            self.failed = self.out.write_all(text.as_bytes()).is_err();
        }
    }
}

impl<W: Write> Sink<Block> for Writer<W> {
    fn file(&mut self, file: &CheckedFile) {
        let mut header = String::new();
        file_header(&mut header, file);
        self.write(&header);
    }

    fn claim(&mut self, block: Block) {
        self.write(&block.text);
        self.summary.add(block.verdict);
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.errors |= diagnostic.is_error();
    }
}

/// What changed since the baseline, first, since it is what a re-run after
/// a dataset update is for: each changed claim with where it is, its text,
/// and what it was against what it is now.
fn drift_section(out: &mut String, drift: &Drift, paint: Paint) {
    wrap_text(out, &drift_headline(drift), "", "  ");
    out.push('\n');
    for change in &drift.changes {
        let (word, style) = match change.direction() {
            Direction::Worse => ("WORSE", Style::Verdict(Verdict::Fail)),
            Direction::Better => ("BETTER", Style::Verdict(Verdict::Pass)),
            Direction::Changed => ("CHANGED", Style::Verdict(Verdict::Disputed)),
        };
        let name = name(change.label.as_deref(), change.line);
        // The tag is one word, padded to the verdicts' column, so that
        // colour never counts toward the width.
        let tag = format!("{word:<8}");
        let place = format!("{}: {name}", change.file);
        let mut words = vec![(tag.as_str(), style)];
        words.extend(place.split_whitespace().map(|w| (w, Style::Plain)));
        wrap(out, &words, "  ", INDENT, paint);
        wrap_text(out, &change.claim, INDENT, &format!("{INDENT}  "));
        let (was, now) = (drift_state(&change.was), drift_state(&change.now));
        diff::pair(out, INDENT, ["was", "now"], [&was, &now], paint);
        out.push('\n');
    }
}

/// `tally (line 34)`, or `line 34` for a claim without a label.
pub fn name(label: Option<&str>, line: usize) -> String {
    match label {
        Some(label) => format!("{label} (line {line})"),
        None => format!("line {line}"),
    }
}

/// The file, then what it is checked against, so that neither line runs
/// past 80 columns however long the paths.
fn file_header(out: &mut String, file: &CheckedFile) {
    wrap_text(out, &file.path, "", "  ");
    let setting = setting(file);
    if !setting.is_empty() {
        wrap_text(out, &setting, "  ", "    ");
    }
    out.push('\n');
}

/// "data sources/x.json, as of 2026-01-12": what a file's claims are
/// checked against.
pub fn setting(file: &CheckedFile) -> String {
    let mut parts = Vec::new();
    if let Some(data) = &file.data_path {
        parts.push(format!("data {data}"));
    }
    if let Some(as_of) = file.as_of {
        parts.push(format!("as of {as_of}"));
    }
    parts.join(", ")
}

/// One claim's block, ending with a blank line: `found` is its findings
/// where it was evaluated, `name` says which claim it is.
pub fn claim_block(
    out: &mut String,
    claim: &CheckedClaim,
    found: Option<&Findings>,
    name: &str,
    paint: Paint,
) {
    let entry = &claim.entry;
    let _ = writeln!(out, "  {}{name}", paint.verdict(claim.verdict()));
    wrap_text(out, &entry.text, INDENT, &format!("{INDENT}  "));
    if let Some(quote) = &entry.quote {
        wrap_text(out, quote, &format!("{INDENT}> "), &format!("{INDENT}  "));
    }
    match (&claim.result, found) {
        (_, Some(f)) => outcome_lines(out, f, &entry.text, paint),
        (Err(e), None) => wrap_text(out, &e.to_string(), INDENT, INDENT),
        (Ok(_), None) => {}
    }
    out.push('\n');
}

/// An evaluated claim's findings, laid out for a terminal.
fn outcome_lines(out: &mut String, f: &Findings, text: &str, paint: Paint) {
    if let Some(w) = &f.window {
        let _ = writeln!(out, "{INDENT}window  {w}");
    }
    match &f.claimed {
        Some(claimed) => diff::claimed(out, INDENT, claimed, &f.found, paint),
        None => {
            let _ = writeln!(out, "{INDENT}found   {}", f.found);
        }
    }
    // Each group once: a passing one as a line, any other as what the
    // claim expects of it against what was found, with its verdict.
    for g in &f.groups {
        if g.verdict == Verdict::Pass {
            let group = printable(&g.group);
            let _ = writeln!(out, "{INDENT}  pass     {group} {}", g.found);
        } else {
            let claimed = format!("\"{}\" > 0", g.group);
            let value = format!("{}: {}", g.found, g.verdict.as_str());
            diff::claimed(out, INDENT, &claimed, &value, paint);
        }
    }
    let units: Vec<(&str, Style)> = f.from.iter().map(|u| (u.as_str(), Style::Plain)).collect();
    wrap(
        out,
        &units,
        &format!("{INDENT}from    "),
        &format!("{INDENT}        "),
        Paint { enabled: false },
    );
    for (side, items) in &f.sides {
        for (i, item) in items.iter().enumerate() {
            let label = if i == 0 { side.as_str() } else { "" };
            wrap_text(
                out,
                item,
                &format!("{INDENT}{label:<13}"),
                &format!("{INDENT}{:15}", ""),
            );
        }
    }
    if let Some(new) = &f.rewritten {
        let _ = writeln!(out, "{INDENT}rewritten with the value found:");
        diff::lines(out, INDENT, text, new, paint);
    }
}
