//! The command line as CI and editors meet it: `validate`, exit codes on
//! every path, the `--as-of` and `--data` overrides, directory discovery,
//! unreadable input and byte-identical output.

use crate::support::run;
use serde_json::Value;

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn validate_accepts_a_good_dataset() {
    let r = run(&["validate", "sources/fixture.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("sources/fixture.json: valid — 19 incidents, 5 sources, 4 facts")
    );
}

#[test]
fn validate_lists_every_problem_with_its_path_and_place() {
    let r = run(&["validate", "tests/data/invalid-dataset.json"]);
    assert_eq!(r.code, 2);
    for expected in [
        "warning: low 6 is above best 5",
        "invalid-dataset.json:9:29 (incidents[0].reports[0].source)",
        "undeclared source `wier`; did you mean `wire`?",
        "(incidents[1].id)",
        "found `2025-02-30`",
        "invalid-dataset.json:11:59 (incidents[1].reports[0].figures.deaths)",
        "tests/data/invalid-dataset.json: 4 errors, 1 warning",
    ] {
        assert!(
            r.stdout.contains(expected),
            "missing {expected:?} in\n{}",
            r.stdout
        );
    }
}

#[test]
fn check_refuses_an_invalid_dataset_and_counts_its_claims_as_errors() {
    let r = run(&[
        "check",
        "tests/data/uses-invalid.claims",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 2);
    let report = json(&r.stdout);
    assert_eq!(report["summary"]["error"], 2);
    assert_eq!(report["summary"]["pass"], 0);
    assert!(r.stderr.contains("undeclared source `wier`"));
}

#[test]
fn a_missing_claim_file_exits_2() {
    let r = run(&["check", "claims/no-such.claims"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("claims/no-such.claims"));
    assert!(r.stderr.contains("no such file or directory"));
}

#[test]
fn invalid_utf8_is_located_and_exits_2() {
    let r = run(&["check", "tests/data/latin1.claims"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("tests/data/latin1.claims:3:6"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not valid UTF-8"));
}

#[test]
fn relative_dates_need_an_as_of_date_which_the_command_line_can_give() {
    let without = run(&["check", "tests/data/relative.claims", "--format", "json"]);
    assert_eq!(without.code, 2);
    assert!(without.stderr.contains("--as-of YYYY-MM-DD"));

    let with = run(&[
        "check",
        "tests/data/relative.claims",
        "--as-of",
        "2026-01-12",
        "--format",
        "json",
    ]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let window = &json(&with.stdout)["claims"][0]["window"];
    assert_eq!(window["from"], "2025-11-01");
    assert_eq!(window["to"], "2026-01-12");
}

#[test]
fn as_of_on_the_command_line_overrides_the_file() {
    // quotes.claims says @as-of 2026-01-12; a month earlier moves the window.
    let r = run(&[
        "check",
        "claims/fixtures/quotes.claims",
        "--as-of",
        "2025-12-12",
        "--format",
        "json",
    ]);
    let report = json(&r.stdout);
    let windows: Vec<&Value> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["window"]["to"])
        .filter(|to| !to.is_null())
        .collect();
    assert!(!windows.is_empty());
    assert!(windows.iter().all(|to| *to == "2025-12-12"), "{windows:?}");
}

#[test]
fn data_on_the_command_line_overrides_the_file() {
    let r = run(&[
        "check",
        "tests/data/relative.claims",
        "--as-of",
        "2026-01-12",
        "--data",
        "tests/data/invalid-dataset.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("data tests/data/invalid-dataset.json"));
}

#[test]
fn a_directory_means_every_claim_file_below_it_in_sorted_order() {
    let r = run(&["check", "claims", "--format", "json"]);
    let report = json(&r.stdout);
    let mut files: Vec<&str> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    files.dedup();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert!(files.contains(&"claims/tajik-afghan-border.claims"));
    assert!(files.contains(&"claims/fixtures/groups.claims"));
}

#[test]
fn reports_are_byte_identical_from_run_to_run() {
    for format in ["human", "json"] {
        let a = run(&["check", "claims", "--format", format]);
        let b = run(&["check", "claims", "--format", format]);
        assert_eq!(a.stdout, b.stdout);
        assert_eq!(a.code, b.code);
    }
}

#[test]
fn machine_output_holds_only_the_report() {
    let r = run(&["check", "tests/errors/names.claims", "--format", "json"]);
    assert_eq!(r.code, 2);
    json(&r.stdout);
    assert!(r.stderr.contains("error: unknown measure `deahts`"));
}

#[test]
fn the_summary_line_ends_the_human_report() {
    let r = run(&["check", "claims/tajik-afghan-border.claims"]);
    assert_eq!(
        r.stdout.lines().last(),
        Some("12 claims: 8 passed, 0 failed, 4 disputed, 0 errors")
    );
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains('\x1b'), "no colour when piped");
}

#[test]
fn colour_can_be_forced() {
    let r = run(&[
        "check",
        "claims/tajik-afghan-border.claims",
        "--color",
        "always",
    ]);
    assert!(r.stdout.contains("\x1b["));
}

#[test]
fn a_wrong_command_line_exits_2_and_help_exits_0() {
    assert_eq!(run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(run(&["check", "--as-of", "12/01/2026"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    let help = run(&["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Examples:"));
}
