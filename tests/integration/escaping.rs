//! Hostile strings from a dataset — quotes, markup, line breaks, control
//! characters, GitHub workflow commands — in the reports for people and
//! in JSON: JSON carries them exactly, and output for people shows each on
//! its own line, with no control character and no line a CI runner would
//! obey.
//!
//! `tests/data/hostile-forged.json` holds the strings that would forge a
//! line, `tests/data/hostile.json` the markup that would break a report's
//! structure. The JUnit, GitHub and Markdown reports of both are tested
//! where each format is (`junit.rs`, `github.rs`, `markdown.rs`).

use crate::support::run;
use serde_json::Value;

const CLAIMS: &str = "tests/data/hostile-forged.claims";
const DATA: &str = "tests/data/hostile-forged.json";

/// A forged report line that a line break in an incident's id would make.
const FORGED_ID: &str = "x\n  PASS     forged (line 1)\n";

/// What a line of output for people must never hold: a control character
/// (a line break inside it, an escape sequence), or, after blanks, the
/// `::` that starts a workflow command in a CI log.
fn unsafe_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            line.trim_start().starts_with("::")
                || line
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        })
        .map(|line| format!("{line:?}"))
        .collect()
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn the_json_report_carries_hostile_strings_exactly() {
    let r = run(&["check", CLAIMS, "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let report = json(&r.stdout);
    let claims = report["claims"].as_array().expect("claims");
    let first = &claims[0];
    assert_eq!(
        first["claim"],
        "deaths in \"Kessel <&> ::set-output name=x::\" since November = 6"
    );
    assert_eq!(
        first["quote"],
        "an article's \"quote\" with <markup> & ::error:: in it"
    );
    assert_eq!(first["incidents"][0], FORGED_ID);
    let sources: Vec<&str> = claims[2]["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(sources, ["wire", "pipe|desk"]);
    let help = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find_map(|d| d["help"].as_str().filter(|h| h.contains("militant")));
    assert_eq!(help, Some("did you mean `militant \"red\"\n`?"));
}

#[test]
fn explain_json_carries_quotes_and_links_exactly() {
    let r = run(&[
        "explain",
        "deaths = 7",
        "--data",
        DATA,
        "--as-of",
        "2026-01-12",
        "--format",
        "json",
    ]);
    let report = json(&r.stdout);
    // Incidents come in date order: the one dated from October first.
    let first = &report["incidents"][1];
    assert_eq!(first["id"], FORGED_ID);
    assert_eq!(
        first["place"][2]["value"],
        "line\u{2028}separator and\rcarriage return"
    );
    let wire = &first["reports"][0];
    assert_eq!(
        wire["quote"],
        "he said \"4\" <b>dead</b> & more\n> a forged quote line\r\n::error::quote"
    );
    assert_eq!(wire["url"], "https://x.test/?a=1&b=<2>\"");
    assert_eq!(
        report["incidents"][0]["reports"][0]["quote"],
        "\u{0}\u{1}\u{1b}]0;title\u{7}\u{9b}"
    );
}

#[test]
fn output_for_people_never_obeys_a_hostile_string() {
    let explain = |claim: &'static str| {
        let args = ["explain", claim, "--data", DATA, "--as-of", "2026-01-12"];
        run(&args)
    };
    let runs = [
        run(&["check", CLAIMS]),
        run(&["check", "tests/data/hostile.claims"]),
        run(&["check", CLAIMS, "--color", "always"]),
        explain("deaths = 7"),
        explain("fact \"border::length<&>\" = 840 mi"),
        explain("deaths of \"<b>guard</b> & co\" = 3"),
    ];
    for r in &runs {
        // The report's own colours are the only escape sequences.
        let stdout = r
            .stdout
            .split("\u{1b}[")
            .enumerate()
            .map(|(i, part)| match i {
                0 => part,
                _ => part.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';'),
            })
            .map(|part| part.strip_prefix('m').unwrap_or(part))
            .collect::<String>();
        assert_eq!(unsafe_lines(&stdout), Vec::<String>::new(), "{}", r.stdout);
        assert_eq!(
            unsafe_lines(&r.stderr),
            Vec::<String>::new(),
            "{}",
            r.stderr
        );
        assert!(!r.stdout.lines().any(|l| l.starts_with("  PASS     forged")));
    }
    // The strings are shown, not dropped.
    assert!(runs[3].stdout.contains("forged (line 1)"));
    assert!(runs[3].stdout.contains("\u{fffd}]0;title\u{fffd}"));
    assert!(
        runs[0]
            .stdout
            .contains("Pipe | Desk `code` *bold* [link](http://x)")
    );
    assert!(
        runs[0]
            .stderr
            .contains("did you mean `militant \"red\"\u{fffd}`?")
    );
}

#[test]
fn the_json_report_carries_markup_exactly() {
    let r = run(&["check", "tests/data/hostile.claims", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let report = json(&r.stdout);
    let first = &report["claims"][0];
    assert_eq!(first["claim"], "deaths in \"x|y <details> `z`\" = 3");
    assert_eq!(
        first["quote"],
        "A quote with | pipes, `ticks`, <details> and </details>, **stars**, & \"quotes\" ]]> <!-- -->"
    );
    let r = run(&[
        "explain",
        "deaths of \"a|b </details>\" = 9",
        "--data",
        "tests/data/hostile.json",
        "--format",
        "json",
    ]);
    let report = json(&r.stdout);
    assert_eq!(report["group"], "a|b </details>");
    assert_eq!(
        report["incidents"][0]["place"][0]["value"],
        "x|y <details> `z`"
    );
}
