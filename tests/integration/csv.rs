//! ACLED and UCDP GED exports end to end (spec §8): one claim file checks
//! the same against native, ACLED and UCDP data; an export with malformed
//! rows is checked against its other rows and the run exits 2; `validate`
//! places CSV problems by line and column name; a header of neither layout
//! is refused with the columns looked for.

use crate::support::{self, Scratch};
use serde_json::Value;

/// Written for native data (`@data ../../sources/twin.json`), checked
/// against every twin with `--data`.
const TWIN: &str = "claims/fixtures/twin.claims";

/// What must agree between the reports of the same claim on twin datasets.
const SAME: [&str; 9] = [
    "line",
    "verdict",
    "value",
    "low",
    "high",
    "window",
    "incidents",
    "maybe",
    "sources",
];

fn json_report(args: &[&str]) -> (Value, support::Run) {
    let run = support::run(args);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: no JSON report ({e}); stderr:\n{}", run.stderr));
    (report, run)
}

fn claims(report: &Value) -> Vec<Value> {
    report["claims"].as_array().cloned().unwrap_or_default()
}

#[test]
fn one_claim_file_checks_the_same_against_native_acled_and_ucdp_data() {
    let (native, native_run) = json_report(&["check", TWIN, "--format", "json"]);
    let native_claims = claims(&native);
    let verdicts: Vec<&str> = native_claims
        .iter()
        .filter_map(|c| c["verdict"].as_str())
        .collect();
    for verdict in ["pass", "fail", "disputed"] {
        assert!(
            verdicts.contains(&verdict),
            "{TWIN} needs a {verdict} claim"
        );
    }
    for data in [
        "sources/twin-acled.csv",
        "acled:sources/twin-acled.csv",
        "sources/twin-ucdp.csv",
        "ucdp:sources/twin-ucdp.csv",
    ] {
        let (other, run) = json_report(&["check", TWIN, "--data", data, "--format", "json"]);
        assert_eq!(run.code, native_run.code, "{data}: exit code");
        assert_eq!(run.stderr, "", "{data}: no diagnostics");
        let other_claims = claims(&other);
        assert_eq!(other_claims.len(), native_claims.len(), "{data}");
        for (want, got) in native_claims.iter().zip(&other_claims) {
            for key in SAME {
                assert_eq!(
                    got[key], want[key],
                    "{data}, line {}: {key} differs from the native dataset's",
                    want["line"]
                );
            }
        }
        assert_eq!(other["summary"], native["summary"], "{data}");
    }
}

#[test]
fn an_export_with_malformed_rows_is_checked_against_the_rest_and_exits_2() {
    let scratch = Scratch::new("malformed");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/sources/acled-malformed.csv");
    let claims_file = scratch.write(
        "ok.claims",
        format!("@as-of 2026-01-12\n@data {data}\ndeaths since November = 6\n"),
    );
    let (report, run) = json_report(&["check", &claims_file, "--format", "json"]);
    assert_eq!(report["summary"]["pass"], 1, "the good rows are checked");
    assert_eq!(
        run.code, 2,
        "the dataset had errors; stderr:\n{}",
        run.stderr
    );
    for expected in [
        "acled-malformed.csv:3 (column `event_date`)",
        "acled-malformed.csv:4 (column `fatalities`)",
        "acled-malformed.csv:5 (column `actor1`)",
        "acled-malformed.csv:7 (column `event_id_cnty`)",
        "acled-malformed.csv:8 (column `time_precision`)",
        "error: the dataset has errors (5): its malformed rows were left out, and the claims were checked against the rows that loaded (3)",
    ] {
        assert!(
            run.stderr.contains(expected),
            "stderr lacks {expected:?}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn validate_lists_csv_problems_by_line_and_column() {
    let run = support::run(&["validate", "sources/acled-malformed.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "error: the row has 7 fields, the header 31: `actor1` and after are missing; the row is left out\n \
             --> sources/acled-malformed.csv:5 (column `actor1`)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with(
        "sources/acled-malformed.csv: 5 errors, 0 warnings; the other rows hold 3 incidents, 2 sources\n"
    ));

    let run = support::run(&["validate", "ucdp:sources/ucdp.csv"]);
    assert_eq!(run.code, 0, "a warning is not an error: {}", run.stdout);
    assert!(run.stdout.contains(
        "warning: low 3 is above best 2; kept as given\n --> sources/ucdp.csv:6 (column `low`)\n"
    ));
    assert!(
        run.stdout
            .ends_with("sources/ucdp.csv: valid — 6 incidents, 5 sources, 0 facts; 1 warning\n")
    );
}

#[test]
fn a_header_of_neither_layout_names_the_columns_looked_for() {
    let scratch = Scratch::new("header");
    let path = scratch.write("events.csv", "id,date,deaths\n1,2025-11-03,2\n");
    let run = support::run(&["validate", &path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "looked for the columns of ACLED (event_id_cnty, event_date, fatalities) \
             or UCDP GED (date_start, date_end, best, side_a)"
        ),
        "{}",
        run.stdout
    );

    let run = support::run(&["validate", "acled:sources/ucdp.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains(
        "ACLED exports need the columns event_id_cnty, event_date, fatalities; \
         the header lacks event_id_cnty, event_date, fatalities"
    ));
}

#[test]
fn a_named_layout_in_data_is_relative_to_the_claim_file() {
    let scratch = Scratch::new("named");
    scratch.write(
        "export.txt",
        "event_id_cnty,event_date,country,fatalities\nA1,2025-11-03,Varnia,4\n",
    );
    let claims_file = scratch.write(
        "a.claims",
        "@as-of 2026-01-12\n@data ACLED:export.txt\ndeaths in \"Varnia\" = 4\n",
    );
    let (report, run) = json_report(&["check", &claims_file, "--format", "json"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_eq!(report["claims"][0]["verdict"], "pass");
}

#[test]
fn check_shows_the_first_twenty_problems_of_a_dataset() {
    let scratch = Scratch::new("many");
    let mut export = String::from("event_id_cnty,event_date,fatalities\n");
    for i in 0..25 {
        export.push_str(&format!("A{i},2025-11-03,many\n"));
    }
    export.push_str("B1,2025-11-04,2\n");
    let data = scratch.write("many.csv", &export);
    let claims_file = scratch.write(
        "a.claims",
        format!("@as-of 2026-01-12\n@data {data}\ndeaths = 2\n"),
    );
    let run = support::run(&["check", &claims_file]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.matches("is not a number").count(), 20);
    assert!(run.stderr.contains(
        "the dataset has errors (25): its malformed rows were left out, and the claims were checked against the rows that loaded (1)"
    ), "{}", run.stderr);
    assert!(run.stderr.contains("5 more problems are not shown"));

    let run = support::run(&["validate", &data]);
    assert_eq!(run.stdout.matches("is not a number").count(), 25);
}
