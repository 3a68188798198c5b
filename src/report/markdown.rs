//! A report as a pull-request comment (and a GitHub job summary): a table
//! of the files checked, what changed since the baseline, then a section
//! per claim that needs an editor — failed, disputed or in error — with its
//! quote, claimed against found as a diff, and who it rests on; the
//! passing claims folded away in `<details>`.
//!
//! Every string that comes from a claim file or a dataset is escaped for
//! where it lands — inline text, a table cell, a code span, a fenced block
//! — so that no name or quote can open a link, close a table, end the
//! `<details>` or start a block of its own.

use super::findings::{Findings, findings};
use super::{claim_name, drift_headline, drift_state, problems, summary_line};
use crate::check::{CheckedClaim, CheckedFile, Run, Summary};
use crate::drift::Drift;
use crate::eval::Verdict;
use std::fmt::Write;

pub fn render(run: &Run) -> String {
    let mut out = String::from("## claimcheck\n\n");
    let _ = writeln!(out, "**{}**\n", inline(&summary_line(&run.summary())));
    files_table(&mut out, run);
    if let Some(drift) = &run.drift {
        drift_section(&mut out, drift);
    }
    for file in &run.files {
        for claim in file.claims.iter().filter(|c| c.verdict() != Verdict::Pass) {
            claim_section(&mut out, file, claim);
        }
    }
    let problems: Vec<String> = problems(run).map(|d| d.to_string()).collect();
    if !problems.is_empty() {
        out.push_str("### Problems\n\n");
        out.push_str(&fenced("text", &problems.join("\n")));
        out.push('\n');
    }
    passing(&mut out, run);
    out
}

/// One row per file: what it was checked against and its counts.
fn files_table(out: &mut String, run: &Run) {
    if run.files.is_empty() {
        return;
    }
    out.push_str("| file | data | as of | claims | passed | failed | disputed | errors |\n");
    out.push_str("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for file in &run.files {
        let s = Summary::of(file.claims.iter());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            inline(&file.path),
            inline(file.data_path.as_deref().unwrap_or("–")),
            file.as_of.map_or("–".to_string(), |d| d.to_string()),
            s.total,
            s.pass,
            s.fail,
            s.disputed,
            s.error,
        );
    }
    out.push('\n');
}

fn drift_section(out: &mut String, drift: &Drift) {
    let _ = writeln!(out, "### {}\n", inline(&drift_headline(drift)));
    if drift.changes.is_empty() {
        return;
    }
    out.push_str("| change | claim | file | line | was | now |\n");
    out.push_str("| --- | --- | --- | ---: | --- | --- |\n");
    for c in &drift.changes {
        let name = c.label.as_deref().unwrap_or(&c.claim);
        let _ = writeln!(
            out,
            "| **{}** | {} | {} | {} | {} | {} |",
            c.direction().as_str(),
            inline(name),
            inline(&c.file),
            c.line,
            inline(&drift_state(&c.was)),
            inline(&drift_state(&c.now)),
        );
    }
    out.push('\n');
}

/// A claim that needs an editor: where it is, its quote and text, and what
/// was found.
fn claim_section(out: &mut String, file: &CheckedFile, claim: &CheckedClaim) {
    let entry = &claim.entry;
    let place = format!("{}, line {}", inline(&file.path), entry.line);
    let verdict = claim.verdict().as_str().to_uppercase();
    let _ = match &entry.label {
        Some(label) => writeln!(out, "### {verdict}: {} ({place})\n", inline(&label.node)),
        None => writeln!(out, "### {verdict}: {place}\n"),
    };
    if let Some(quote) = &entry.quote {
        let _ = writeln!(out, "> {}\n", block_start(&inline(quote)));
    }
    let _ = writeln!(out, "{}\n", code(&entry.text));
    match (&claim.result, findings(file, claim)) {
        (_, Some(f)) => found(out, &f, &entry.text),
        (Err(e), None) => {
            let _ = writeln!(out, "{}\n", block_start(&inline(&e.to_string())));
        }
        (Ok(_), None) => {}
    }
}

fn found(out: &mut String, f: &Findings, text: &str) {
    if let Some(w) = &f.window {
        let _ = writeln!(out, "Window: {}\n", inline(w));
    }
    let mut diff = Vec::new();
    if let Some(claimed) = &f.claimed {
        diff.push(format!("- claimed  {claimed}"));
        diff.push(format!("+ found    {}", f.found));
    }
    for g in f.groups.iter().filter(|g| g.verdict != Verdict::Pass) {
        diff.push(format!("- claimed  \"{}\" > 0", g.group));
        diff.push(format!("+ found    {}: {}", g.found, g.verdict.as_str()));
    }
    if diff.is_empty() {
        let _ = writeln!(out, "Found: {}\n", inline(&f.found));
    } else {
        out.push_str(&fenced("diff", &diff.join("\n")));
        out.push('\n');
    }
    let mut items = Vec::new();
    for g in f.groups.iter().filter(|g| g.verdict == Verdict::Pass) {
        items.push(format!(
            "**pass** {} {}",
            inline(&g.group),
            inline(&g.found)
        ));
    }
    if !f.from.is_empty() {
        items.push(format!("**from** {}", inline(&f.from.join(" "))));
    }
    for (side, on_side) in &f.sides {
        for item in on_side {
            items.push(format!("**{}** {}", side.as_str(), inline(item)));
        }
    }
    for item in &items {
        let _ = writeln!(out, "- {item}");
    }
    if !items.is_empty() {
        out.push('\n');
    }
    if let Some(new) = &f.rewritten {
        out.push_str("Rewritten with the value found:\n\n");
        out.push_str(&fenced("diff", &format!("- {text}\n+ {new}")));
        out.push('\n');
    }
}

/// The passing claims, folded: a reviewer opens them only to see that
/// they were checked.
fn passing(out: &mut String, run: &Run) {
    let passed: Vec<(&CheckedFile, &CheckedClaim)> = run
        .claims()
        .filter(|(_, c)| c.verdict() == Verdict::Pass)
        .collect();
    if passed.is_empty() {
        return;
    }
    let noun = if passed.len() == 1 { "claim" } else { "claims" };
    let _ = writeln!(
        out,
        "<details>\n<summary>{} passing {noun}</summary>\n",
        passed.len()
    );
    out.push_str("| claim | text | file | line | found |\n");
    out.push_str("| --- | --- | --- | ---: | --- |\n");
    for (file, claim) in passed {
        let entry = &claim.entry;
        let value = findings(file, claim).map(|f| f.found).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            inline(&claim_name(entry)),
            inline(&entry.text),
            inline(&file.path),
            entry.line,
            inline(&value),
        );
    }
    out.push_str("\n</details>\n");
}

/// Text that stays text wherever it is inlined, table cells included:
/// every character with a meaning in CommonMark or GitHub's Markdown is
/// escaped, and line breaks and control characters, which would end a
/// paragraph, a table row or a list item, become blanks or U+FFFD.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Inline text that starts a line of its own (a quote, a message): a
/// leading `-`, `+`, `=` or `1.` would make it a list or a heading.
fn block_start(escaped: &str) -> String {
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let after_digits = escaped.get(digits..).unwrap_or_default();
    if escaped.starts_with(['-', '+', '=']) {
        format!("\\{escaped}")
    } else if digits > 0 && after_digits.starts_with(['.', ')']) {
        format!(
            "{}\\{after_digits}",
            escaped.get(..digits).unwrap_or_default()
        )
    } else {
        escaped.to_string()
    }
}

/// A code span that no backtick inside can end: its fence is longer than
/// any run of backticks it holds.
fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block that no line inside can close.
fn fenced(info: &str, content: &str) -> String {
    let content: String = content
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let fence = "`".repeat((longest_run(&content, '`') + 1).max(3));
    format!("{fence}{info}\n{content}\n{fence}\n")
}

fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_escapes_what_markdown_would_read() {
        assert_eq!(
            inline("a|b <i>x</i> `c` *d* [e](f) & $g$ #h"),
            "a\\|b \\<i\\>x\\</i\\> \\`c\\` \\*d\\* \\[e\\](f) \\& \\$g\\$ \\#h"
        );
        assert_eq!(inline("two\nlines\u{7}"), "two lines\u{fffd}");
        assert_eq!(inline("1,350 km (low 1344)"), "1,350 km (low 1344)");
    }

    #[test]
    fn a_line_never_starts_a_list_or_heading() {
        assert_eq!(block_start("- not a list"), "\\- not a list");
        assert_eq!(block_start("12. not a list"), "12\\. not a list");
        assert_eq!(block_start("12 deaths"), "12 deaths");
    }

    #[test]
    fn code_spans_and_fences_outlast_the_backticks_inside() {
        assert_eq!(code("deaths = 16"), "`deaths = 16`");
        assert_eq!(code("in \"a`b\""), "``in \"a`b\"``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(fenced("diff", "- a\n+ b"), "```diff\n- a\n+ b\n```\n");
        assert_eq!(fenced("", "````"), "`````\n````\n`````\n");
    }
}
