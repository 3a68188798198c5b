//! `--format github` as GitHub reads it: every line but the summary is a
//! workflow command in GitHub's documented syntax, one per claim that
//! failed, was disputed or could not be checked and per problem of no
//! claim; dataset strings cannot end a command or add a property; and the
//! job summary is the Markdown report, appended where
//! `GITHUB_STEP_SUMMARY` says.

use crate::support::{report_inputs, run, run_with, temp_file};
use serde_json::Value;
use std::collections::BTreeMap;

/// One workflow command, decoded.
#[derive(Debug)]
pub struct Command {
    pub level: String,
    pub properties: BTreeMap<String, String>,
    pub message: String,
}

/// Parses `::LEVEL [KEY=VALUE{,KEY=VALUE}]::MESSAGE` as GitHub documents
/// it, refusing anything that the grammar does not allow: an unknown
/// level or key, a property without a value, a non-numeric line or
/// column, a raw line break, and any `%` that is not one of the escapes
/// (in properties also a raw `:` or `,`).
pub fn parse(line: &str) -> Result<Command, String> {
    let rest = line.strip_prefix("::").ok_or("no leading ::")?;
    let (head, message) = rest.split_once("::").ok_or("no :: before the message")?;
    let (level, props) = head.split_once(' ').unwrap_or((head, ""));
    if !["error", "warning", "notice"].contains(&level) {
        return Err(format!("unknown level {level:?}"));
    }
    let mut properties = BTreeMap::new();
    for prop in props.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = prop.split_once('=').ok_or(format!("{prop:?} has no ="))?;
        if !["file", "line", "endLine", "col", "endColumn", "title"].contains(&key) {
            return Err(format!("unknown property {key:?}"));
        }
        let value = unescape(value, &["%25", "%0D", "%0A", "%3A", "%2C"], ":,")?;
        if ["line", "endLine", "col", "endColumn"].contains(&key) && value.parse::<u32>().is_err() {
            return Err(format!("{key}={value:?} is not a number"));
        }
        properties.insert(key.to_string(), value);
    }
    let message = unescape(message, &["%25", "%0D", "%0A"], "")?;
    Ok(Command {
        level: level.to_string(),
        properties,
        message,
    })
}

fn unescape(s: &str, escapes: &[&str], forbidden: &str) -> Result<String, String> {
    if s.contains(['\r', '\n']) || s.contains(|c| forbidden.contains(c)) {
        return Err(format!("{s:?} holds a character it must escape"));
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or_default();
        if !escapes.contains(&escape) {
            return Err(format!("{escape:?} in {s:?} is not an escape"));
        }
        let decoded = match escape {
            "%25" => '%',
            "%0D" => '\r',
            "%0A" => '\n',
            "%3A" => ':',
            _ => ',',
        };
        out.push(decoded);
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The commands of `check ARGS… --format github`, each line checked
/// against the grammar; the last line is the summary.
fn commands(args: &[&str]) -> (Vec<Command>, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "github"]);
    let r = run(&all);
    let mut lines: Vec<&str> = r.stdout.lines().collect();
    let summary = lines.pop().unwrap_or_default().to_string();
    let parsed = lines
        .iter()
        .map(|l| parse(l).unwrap_or_else(|e| panic!("{args:?}: {e}: {l}")))
        .collect();
    (parsed, summary)
}

fn report(args: &[&str]) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&run(&all).stdout).expect("a JSON report")
}

#[test]
fn every_line_is_a_command_and_each_claim_that_did_not_pass_has_one() {
    let mut files = report_inputs();
    files.push("tests/data/uses-invalid.claims".into());
    for file in &files {
        for strict in [false, true] {
            let mut args = vec![file.as_str()];
            if strict {
                args.push("--strict");
            }
            let (commands, summary) = commands(&args);
            let json = report(&args);
            let s = &json["summary"];
            let expected = format!(
                "{} claims: {} passed, {} failed, {} disputed, {} errors",
                s["total"], s["pass"], s["fail"], s["disputed"], s["error"]
            );
            assert_eq!(summary, expected, "{args:?}");
            let problems = |severity: &str| {
                let claim_lines: Vec<(&Value, &Value)> = json["claims"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|c| c["verdict"] == "error")
                    .map(|c| (&c["file"], &c["line"]))
                    .collect();
                json["diagnostics"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|d| d["severity"] == severity)
                    .filter(|d| !claim_lines.contains(&(&d["file"], &d["line"])))
                    .count() as u64
            };
            let n = |key: &str| s[key].as_u64().unwrap_or_default();
            let disputed_errors = if strict { n("disputed") } else { 0 };
            let count = |level: &str| commands.iter().filter(|c| c.level == level).count() as u64;
            assert_eq!(
                count("error"),
                n("fail") + n("error") + disputed_errors + problems("error"),
                "{args:?}"
            );
            assert_eq!(
                count("warning"),
                n("disputed") - disputed_errors + problems("warning"),
                "{args:?}"
            );
        }
    }
}

#[test]
fn a_claim_is_annotated_at_its_comparison_with_what_was_found() {
    let (commands, _) = commands(&["claims/fixtures/quotes.claims"]);
    let tally = commands
        .iter()
        .find(|c| c.properties.get("title").map(String::as_str) == Some("DISPUTED tally"))
        .expect("the disputed tally");
    assert_eq!(tally.level, "warning");
    let props: Vec<(&str, &str)> = tally
        .properties
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        props,
        [
            ("col", "30"),
            ("endColumn", "33"),
            ("file", "claims/fixtures/quotes.claims"),
            ("line", "20"),
            ("title", "DISPUTED tally"),
        ]
    );
    let lines: Vec<&str> = tally.message.lines().collect();
    assert_eq!(lines[0], "deaths since November = 49");
    assert_eq!(lines[1], "claimed = 49, found 49 (low 40, high 69)");
    assert_eq!(
        lines.last(),
        Some(&"rewritten: deaths since November between 40 and 69")
    );
}

#[test]
fn hostile_strings_arrive_whole_inside_one_command() {
    let (commands, _) = commands(&["tests/data/hostile.claims"]);
    let tally = commands
        .iter()
        .find(|c| c.properties.get("title").map(String::as_str) == Some("DISPUTED tally"))
        .expect("the disputed tally");
    assert!(
        tally.message.contains(
            "contradicts Line\nbreak %0A %25, colon: comma, ]]> \u{fffd}bell \r::error::: 5"
        ),
        "{:?}",
        tally.message
    );
}

#[test]
fn forged_commands_stay_inside_the_message_they_are_part_of() {
    let file = "tests/data/hostile-forged.claims";
    let (commands, _) = commands(&[file]);
    // Every command is about the claim file: none that a dataset string
    // forged (`::error file=x.claims,…`, `::set-output`).
    for c in &commands {
        assert_eq!(
            c.properties.get("file").map(String::as_str),
            Some(file),
            "{c:?}"
        );
    }
    let line_14 = commands
        .iter()
        .find(|c| c.properties.get("line").map(String::as_str) == Some("14"))
        .expect("the disputed claim of line 14");
    assert!(
        line_14.message.contains(
            "contradicts Wire \"Desk\" <b>&amp;</b>\n::error file=x.claims,line=1::injected: 4"
        ),
        "{:?}",
        line_14.message
    );
    assert!(line_14.message.contains("Bell\u{fffd} Esc\u{fffd}[31mred"));
}

#[test]
fn the_job_summary_is_the_markdown_report_appended() {
    let summary = temp_file("step-summary.md", "## an earlier step\n\n");
    let file = "claims/fixtures/quotes.claims";
    let r = run_with(
        &["check", file, "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let markdown = run(&["check", file, "--format", "markdown"]).stdout;
    let written = std::fs::read_to_string(&summary).expect("the summary file");
    assert_eq!(written, format!("## an earlier step\n\n{markdown}"));
    assert!(
        !r.stdout.contains("## claimcheck"),
        "stdout holds only commands"
    );

    // Without the variable nothing is written, and a summary that cannot be
    // written is a warning that does not change the exit code.
    let unwritable = run_with(
        &["check", file, "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", "no/such/dir/summary.md")],
    );
    assert_eq!(unwritable.code, 0);
    assert!(
        unwritable
            .stderr
            .contains("warning: cannot write the job summary")
    );
}
