//! `claimcheck explain`: one claim against a dataset, with every incident
//! in or maybe in scope and every report behind it, for people and as
//! JSON; its diagnostics at `<claim>`; and its exit codes, which are
//! `check`'s for the one claim.

use crate::support;
use serde_json::Value;

const EXAMPLE: &str = "sources/tajik-afghan-border.json";
const FIXTURE: &str = "sources/fixture.json";

/// `explain CLAIM --data DATA --as-of 2026-01-12 ARGS…`
fn explain(claim: &str, data: &str, args: &[&str]) -> support::Run {
    let mut all = vec!["explain", claim, "--data", data, "--as-of", "2026-01-12"];
    all.extend_from_slice(args);
    support::run(&all)
}

fn json(run: &support::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {}; stdout:\n{}\nstderr:\n{}",
            run.code, run.stdout, run.stderr
        )
    })
}

#[test]
fn the_example_lists_the_incident_its_report_and_why_it_is_maybe() {
    let run = explain("deaths in \"Khatlon\" on Sunday = 4", EXAMPLE, &[]);
    assert_eq!(run.code, 0, "disputed passes without --strict");
    let out = &run.stdout;
    assert!(out.contains("  DISPUTED the claim\n"), "{out}");
    assert!(out.contains("1 incident in scope (1 maybe):"), "{out}");
    assert!(
        out.contains(
            "  maybe    khatlon-militants-neutralized · 2025-11-01 – 2026-01-11\n           Tajikistan / Khatlon\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("maybe: its date, 2025-11-01 – 2026-01-11, straddles the window"),
        "{out}"
    );
    assert!(
        out.contains("- Khovar, 2026-01-11: 4, by terrorist 4"),
        "{out}"
    );
    assert!(out.contains("> four terrorists were neutralized"), "{out}");
    let strict = explain(
        "deaths in \"Khatlon\" on Sunday = 4",
        EXAMPLE,
        &["--strict"],
    );
    assert_eq!(strict.code, 1);
}

#[test]
fn fixture_incidents_show_figures_reports_links_and_quotes() {
    let run = explain("dunmore: deaths in \"Dunmore Crossing\" = 9", FIXTURE, &[]);
    let out = &run.stdout;
    assert!(out.contains("  DISPUTED dunmore\n"), "{out}");
    assert!(out.contains("2 incidents in scope:"), "{out}");
    for line in [
        "  in       kv-ferry-ambush · 2025-11-03",
        "           Varnia / Kessel Valley / Ferry Ward / Dunmore Crossing",
        "           deaths 5 (low 4, high 7)",
        "           - the dataset's own figure: 5, by border guard 3, militant 2",
        "           - Varnia News Agency, 2025-11-03: 4",
        "             https://vna.example/1103",
        "           - Continental Wire, 2025-11-04: 6 (low 5, high 7)",
        "             > between five and seven people were killed",
        "  in       kv-sunday-clash · 2026-01-11",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "no line `{line}` in:\n{out}"
        );
    }
}

#[test]
fn a_fact_shows_its_value_converted_and_every_report() {
    let run = explain("fact border_length = about 840 mi", EXAMPLE, &[]);
    assert_eq!(run.code, 0);
    let out = &run.stdout;
    assert!(
        out.contains("fact border_length: 1350 km = 838.85 mi; 2 reports on offer"),
        "{out}"
    );
    assert!(
        out.contains("- the article, undated: 1350 km = 838.85 mi"),
        "{out}"
    );
    assert!(out.contains("- the article, undated: 840 mi\n"), "{out}");
    assert!(out.contains("> stretching roughly 840 miles (1,350 kilometers)"));
}

#[test]
fn the_json_document_holds_the_claim_and_its_provenance() {
    let run = explain(
        "deaths since November according to vna, wire = 32",
        FIXTURE,
        &["--format", "json"],
    );
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let doc = json(&run);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["claim"]["file"], "<claim>");
    assert_eq!(doc["claim"]["verdict"], "disputed");
    assert_eq!(
        (
            &doc["claim"]["value"],
            &doc["claim"]["low"],
            &doc["claim"]["high"]
        ),
        (&Value::from(32), &Value::from(29), &Value::from(33))
    );
    assert_eq!(doc["measure"], "deaths");
    let by_source: Vec<(&str, &str, i64)> = doc["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let reading = &s["reading"];
            (
                s["source"].as_str().unwrap(),
                reading["verdict"].as_str().unwrap(),
                reading["value"].as_i64().unwrap(),
            )
        })
        .collect();
    // VNA alone says 16 since November; the wire 23 (22–24).
    assert_eq!(by_source, [("vna", "fail", 16), ("wire", "fail", 23)]);
    let incidents = doc["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 9);
    // In date order: by the day each starts, then the day it ends.
    let dates: Vec<(&str, &str)> = incidents
        .iter()
        .map(|i| (i["from"].as_str().unwrap(), i["to"].as_str().unwrap()))
        .collect();
    assert!(dates.is_sorted(), "{dates:?}");
    let ferry = incidents
        .iter()
        .find(|i| i["id"] == "kv-ferry-ambush")
        .unwrap();
    assert_eq!(ferry["membership"], "in");
    assert_eq!(
        ferry["place"][0],
        serde_json::json!({"field": "country", "value": "Varnia"})
    );
    let urls: Vec<&Value> = ferry["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["url"])
        .collect();
    assert_eq!(
        urls,
        [&Value::from("https://vna.example/1103"), &Value::Null]
    );
    assert_eq!(
        ferry["reports"][1]["figures"][0],
        serde_json::json!({"measure": "deaths", "low": 5, "best": 6, "high": 7})
    );
}

#[test]
fn the_json_of_a_fact_converts_each_report() {
    let run = explain(
        "fact border_length = 1,350 km",
        EXAMPLE,
        &["--format", "json"],
    );
    let doc = json(&run);
    let reports = doc["fact"]["reports"].as_array().unwrap();
    let shown: Vec<(&Value, &Value, &Value)> = reports
        .iter()
        .map(|r| (&r["unit"], &r["converted"], &r["verdict"]))
        .collect();
    assert_eq!(
        shown,
        [
            (&Value::from("km"), &Value::from(1350), &Value::from("pass")),
            (
                &Value::from("mi"),
                &Value::from(1351.84896),
                &Value::from("fail")
            ),
        ]
    );
    assert_eq!(doc["fact"]["own"]["verdict"], "pass");
}

#[test]
fn exit_codes_are_checks_for_the_one_claim() {
    assert_eq!(
        explain("deaths since November = 49 ± 20", FIXTURE, &[]).code,
        0
    );
    assert_eq!(explain("deaths since November = 100", FIXTURE, &[]).code, 1);
    assert_eq!(explain("deaths since November = 49", FIXTURE, &[]).code, 0);
    assert_eq!(explain("deaths = 1", "sources/none.json", &[]).code, 2);
    let no_data = support::run(&["explain", "deaths = 1"]);
    assert_eq!(no_data.code, 2);
    assert!(no_data.stderr.contains("--data"));
}

#[test]
fn errors_are_diagnostics_at_the_claim() {
    let run = explain("deahts since November = 49", FIXTURE, &[]);
    assert_eq!(run.code, 2);
    let expected = [
        "error: unknown measure `deahts`",
        " --> <claim>:1:1",
        "  |",
        "1 | deahts since November = 49",
        "  | ^^^^^^",
        "  = help: did you mean `deaths`?",
    ];
    assert!(
        run.stderr.starts_with(&expected.join("\n")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("ERROR    the claim"));
    let run = explain("deaths sinse November = 49", FIXTURE, &["--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(" --> <claim>:1:8\n"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `since`?"));
    let doc = json(&run);
    assert_eq!(doc["claim"]["verdict"], "error");
    assert_eq!(doc["incidents"], serde_json::json!([]));
}
