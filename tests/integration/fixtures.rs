//! The hand-worked fixtures: runs `claimcheck check FILE --format json` on
//! every claim file of `claims/fixtures` and `tests/errors` and compares
//! each claim of the report with the `# expect:` comment above it in the
//! file (verdict, value, low, high, window, groups, error message, and the
//! label, quote and text it was written with), then the summary counts and
//! the exit code. Every mismatch of a file is reported, not just the first.

use crate::support::{self, Claim, Expected, Outcome};
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[test]
fn fixture_claim_files_match_their_expectations() {
    check_dir("claims/fixtures");
}

#[test]
fn error_claim_files_match_their_expectations() {
    check_dir("tests/errors");
}

#[test]
fn strict_turns_a_disputed_claim_into_exit_1() {
    let file = "claims/fixtures/quotes.claims";
    let claims =
        support::expectations(&support::read(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let verdicts: Vec<&str> = claims.iter().map(|c| c.expected.verdict()).collect();
    assert!(
        verdicts.contains(&"disputed") && !verdicts.iter().any(|v| ["fail", "error"].contains(v)),
        "{file} must hold a disputed claim and no failed or error claim, has {verdicts:?}"
    );
    let lenient = support::run(&["check", file, "--format", "json"]);
    assert_eq!(
        lenient.code, 0,
        "without --strict; stderr:\n{}",
        lenient.stderr
    );
    let strict = support::run(&["check", file, "--format", "json", "--strict"]);
    assert_eq!(strict.code, 1, "with --strict; stderr:\n{}", strict.stderr);
}

/// Checks every claim file of `dir` and fails once with all mismatches.
fn check_dir(dir: &str) {
    let files = support::claim_files(dir);
    assert!(!files.is_empty(), "no claim files in {dir}");
    let mismatches: Vec<String> = files.iter().flat_map(|file| check_file(file)).collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every way the report of one claim file differs from its expectations,
/// each as `file:line: field: expected …, got …`.
fn check_file(file: &str) -> Vec<String> {
    let claims = match support::expectations(&support::read(file)) {
        Ok(claims) => claims,
        Err(e) => return vec![format!("{file}: bad expectations: {e}")],
    };
    let run = support::run(&["check", file, "--format", "json"]);
    let report: Value = match serde_json::from_str(&run.stdout) {
        Ok(report) => report,
        Err(e) => {
            return vec![format!(
                "{file}: stdout is not a JSON report ({e}); exit code {}; stderr:\n{}",
                run.code, run.stderr
            )];
        }
    };
    let mut out = Vec::new();
    let mut mismatch = |line: Option<usize>, field: &str, want: String, got: String| {
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        out.push(format!("{file}{at}: {field}: expected {want}, got {got}"));
    };
    if report["version"] != 1 {
        mismatch(None, "version", "1".into(), report["version"].to_string());
    }
    let mut by_line: BTreeMap<u64, &Value> = BTreeMap::new();
    for got in report["claims"].as_array().into_iter().flatten() {
        match got["line"].as_u64() {
            Some(line) if by_line.insert(line, got).is_none() => {}
            _ => mismatch(None, "claims", "one claim per line".into(), got.to_string()),
        }
    }
    for claim in &claims {
        match by_line.remove(&(claim.line as u64)) {
            Some(got) => compare_claim(file, claim, got, &mut mismatch),
            None => mismatch(
                Some(claim.line),
                "claim",
                claim.text.clone(),
                "nothing".into(),
            ),
        }
    }
    for (line, got) in by_line {
        mismatch(
            Some(line as usize),
            "claim",
            "no claim on this line".into(),
            got.to_string(),
        );
    }
    for (field, want) in summary(&claims) {
        if report["summary"][field].as_u64() != Some(want) {
            let got = report["summary"][field].to_string();
            mismatch(None, &format!("summary.{field}"), want.to_string(), got);
        }
    }
    let code = exit_code(&claims);
    if run.code != code {
        mismatch(None, "exit code", code.to_string(), run.code.to_string());
    }
    out
}

type Mismatch<'a> = dyn FnMut(Option<usize>, &str, String, String) + 'a;

fn compare_claim(file: &str, claim: &Claim, got: &Value, mismatch: &mut Mismatch) {
    let mut field = |name: &str, ok: bool, want: String| {
        if !ok {
            mismatch(Some(claim.line), name, want, got[name].to_string());
        }
    };
    let file_name = file.rsplit('/').next().unwrap_or(file);
    let reported_file = got["file"].as_str().unwrap_or_default();
    field(
        "file",
        reported_file.ends_with(file_name),
        format!("a path ending in {file_name}"),
    );
    field(
        "verdict",
        got["verdict"] == claim.expected.verdict(),
        claim.expected.verdict().to_string(),
    );
    field(
        "quote",
        got["quote"] == json!(claim.quote),
        json!(claim.quote).to_string(),
    );
    match &claim.expected {
        Expected::Error(substring) => {
            // The help ("did you mean …") may be part of the message or beside it.
            let said = format!("{} {}", text(&got["message"]), text(&got["help"])).to_lowercase();
            field(
                "message",
                said.contains(&substring.to_lowercase()),
                format!("a message containing {substring:?}"),
            );
            for name in ["value", "low", "high"] {
                field(name, got[name].is_null(), "null".into());
            }
        }
        Expected::Outcome(want) => {
            field(
                "label",
                got["label"] == json!(claim.label),
                json!(claim.label).to_string(),
            );
            field(
                "claim",
                got["claim"] == claim.text.as_str(),
                json!(claim.text).to_string(),
            );
            compare_outcome(want, got, &mut field);
        }
    }
}

fn compare_outcome(want: &Outcome, got: &Value, field: &mut dyn FnMut(&str, bool, String)) {
    for (name, number) in [
        ("value", want.value),
        ("low", want.low),
        ("high", want.high),
    ] {
        field(name, same_number(number, &got[name]), show(number));
    }
    if let Some((from, to)) = &want.window {
        let ok = got["window"]["from"] == json!(from) && got["window"]["to"] == json!(to);
        field("window", ok, json!({"from": from, "to": to}).to_string());
    }
    let groups: Vec<(String, String)> = got["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| (text(&g["group"]), text(&g["verdict"])))
        .collect();
    field(
        "groups",
        groups == want.groups,
        format!("{:?}", want.groups),
    );
}

/// Equal within 1e-9 relative; `None` is JSON `null` (an unbounded bound).
fn same_number(want: Option<f64>, got: &Value) -> bool {
    match (want, got.as_f64()) {
        (None, _) => got.is_null(),
        (Some(w), Some(g)) => (w - g).abs() <= 1e-9 * w.abs().max(g.abs()).max(1.0),
        (Some(_), None) => false,
    }
}

fn show(number: Option<f64>) -> String {
    number.map_or("null".into(), |n| n.to_string())
}

/// A JSON string's text; anything else as empty.
fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The summary the report should end with.
fn summary(claims: &[Claim]) -> [(&'static str, u64); 5] {
    let count = |verdict: &str| {
        claims
            .iter()
            .filter(|c| c.expected.verdict() == verdict)
            .count() as u64
    };
    [
        ("total", claims.len() as u64),
        ("pass", count("pass")),
        ("fail", count("fail")),
        ("disputed", count("disputed")),
        ("error", count("error")),
    ]
}

/// Spec §7: 2 if any claim is an error, else 1 if any failed, else 0.
fn exit_code(claims: &[Claim]) -> i32 {
    let any = |verdict: &str| claims.iter().any(|c| c.expected.verdict() == verdict);
    if any("error") {
        2
    } else if any("fail") {
        1
    } else {
        0
    }
}
