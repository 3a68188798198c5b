//! `check --baseline`: a dataset update after publication, seen as the
//! claims whose verdict or value changed, first in the report, and exit 1
//! when a verdict got worse.

use crate::support::{Run, run, temp_claims, temp_file};
use serde_json::Value;

/// A dataset of one or two incidents: `deaths` is the first one's figure.
fn dataset(name: &str, deaths: u32, second: bool) -> String {
    let second = if second {
        r#", {"id": "b", "date": "2026-01-05", "country": "Varnia", "figures": {"deaths": 1},
             "reports": [{"source": "afp", "figures": {"deaths": 1}}]}"#
    } else {
        ""
    };
    let text = format!(
        r#"{{"name": "t", "sources": [{{"id": "afp", "name": "AFP"}}],
            "incidents": [{{"id": "a", "date": "2026-01-01", "country": "Varnia",
              "figures": {{"deaths": {deaths}}},
              "reports": [{{"source": "afp", "figures": {{"deaths": {deaths}}}}}]}}{second}]}}"#
    );
    temp_file(&format!("{name}.json"), &text)
}

const CLAIMS: &str = "@as-of 2026-01-12\n\
    tally: deaths = 4\n\
    deaths >= 1\n\
    incidents = 1\n";

/// The JSON report of the claims against `data`, saved as a baseline.
fn baseline(name: &str, claims: &str, data: &str) -> String {
    let r = run(&["check", claims, "--data", data, "--format", "json"]);
    temp_file(&format!("{name}.json"), &r.stdout)
}

/// `check CLAIMS --data DATA --baseline OLD --format FORMAT`.
fn against(claims: &str, data: &str, old: &str, format: &str) -> Run {
    run(&[
        "check",
        claims,
        "--data",
        data,
        "--baseline",
        old,
        "--format",
        format,
    ])
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn a_dataset_update_that_makes_a_claim_false_exits_1_and_comes_first() {
    let claims = temp_claims("drift-worse", CLAIMS);
    let old = baseline(
        "drift-worse-old",
        &claims,
        &dataset("drift-worse-v1", 4, false),
    );
    let new = dataset("drift-worse-v2", 5, true);

    let r = against(&claims, &new, &old, "human");
    assert_eq!(r.code, 1, "stderr:\n{}", r.stderr);
    let expected_head =
        format!("3 claims changed since {old}: 2 worse\n\n  WORSE    {claims}: tally (line 2)\n");
    assert!(
        r.stdout.starts_with(&expected_head),
        "the drift comes first:\n{}",
        r.stdout
    );
    for pair in [
        "- was  pass 4\n           + now  fail 6\n",
        "- was  pass 4\n           + now  pass 6\n",
        "- was  pass 1\n           + now  fail 2\n",
    ] {
        assert!(r.stdout.contains(pair), "missing {pair:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.contains("CHANGED  "), "{}", r.stdout);

    let r = against(&claims, &new, &old, "json");
    let report = json(&r.stdout);
    let drift = report["drift"].as_array().expect("a drift array");
    let changes: Vec<(&str, u64, &str, &str)> = drift
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap_or_default(),
                c["line"].as_u64().unwrap_or_default(),
                c["was"]["verdict"].as_str().unwrap_or_default(),
                c["now"]["verdict"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("worse", 2, "pass", "fail"),
            ("changed", 3, "pass", "pass"),
            ("worse", 4, "pass", "fail")
        ]
    );
    assert_eq!(drift[0]["label"], "tally");
    assert_eq!(
        (
            drift[1]["was"]["value"].as_f64(),
            drift[1]["now"]["value"].as_f64()
        ),
        (Some(4.0), Some(6.0))
    );
}

#[test]
fn an_unchanged_run_says_so_and_a_better_one_passes() {
    let claims = temp_claims("drift-same", CLAIMS);
    let v1 = dataset("drift-same-v1", 4, false);
    let old = baseline("drift-same-old", &claims, &v1);
    let same = against(&claims, &v1, &old, "human");
    assert_eq!(same.code, 0, "stderr:\n{}", same.stderr);
    assert!(
        same.stdout
            .starts_with(&format!("0 claims changed since {old}\n\n"))
    );
    let json_same = against(&claims, &v1, &old, "json");
    assert_eq!(json(&json_same.stdout)["drift"], Value::Array(Vec::new()));

    // A baseline in which the tally failed: now it passes again.
    let failing = baseline(
        "drift-same-failing",
        &claims,
        &dataset("drift-same-v0", 3, false),
    );
    let better = against(&claims, &v1, &failing, "human");
    assert_eq!(better.code, 0, "{}", better.stdout);
    assert!(better.stdout.contains("BETTER   "), "{}", better.stdout);
    assert!(better.stdout.contains(": 0 worse"), "{}", better.stdout);
}

#[test]
fn claims_without_a_label_are_matched_by_line_and_with_one_by_label() {
    let data = dataset("drift-match-v1", 4, false);
    let before = temp_claims("drift-match-before", CLAIMS);
    let old = baseline("drift-match-old", &before, &data);
    // The same file with two lines added on top: the labelled claim still
    // matches, the others now sit on other lines and match nothing.
    let moved = format!("# a note\n# another\n{CLAIMS}");
    std::fs::write(&before, moved).expect("the claim file can be rewritten");
    let r = against(&before, &data, &old, "json");
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(json(&r.stdout)["drift"], Value::Array(Vec::new()));
    let worse = dataset("drift-match-v2", 5, false);
    let r = against(&before, &worse, &old, "json");
    let report = json(&r.stdout);
    let drift = report["drift"].as_array().expect("a drift array");
    assert_eq!(drift.len(), 1, "{drift:?}");
    assert_eq!(
        (drift[0]["label"].as_str(), drift[0]["line"].as_u64()),
        (Some("tally"), Some(4))
    );
}

#[test]
fn a_baseline_that_is_not_a_report_exits_2_with_a_clear_error() {
    let claims = temp_claims("drift-bad", CLAIMS);
    let data = dataset("drift-bad-v1", 4, false);
    let missing = against(&claims, &data, "no/such.json", "human");
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read the baseline report"),
        "{}",
        missing.stderr
    );
    let not_json = against(&claims, &data, &claims, "human");
    assert_eq!(not_json.code, 2);
    assert!(
        not_json
            .stderr
            .contains("the baseline is not a claimcheck JSON report"),
        "{}",
        not_json.stderr
    );
    assert!(
        not_json.stderr.contains(&format!("{claims}:1:1")),
        "{}",
        not_json.stderr
    );
    // The report itself is still written.
    assert!(
        not_json.stdout.contains("PASS     tally"),
        "{}",
        not_json.stdout
    );
}

/// The first dataset with a second source that gives 6 for incident `a`:
/// a tally of 4 is then disputed.
fn disputed(name: &str) -> String {
    let text = r#"{"name": "t",
        "sources": [{"id": "afp", "name": "AFP"}, {"id": "wire", "name": "Wire"}],
        "incidents": [{"id": "a", "date": "2026-01-01", "country": "Varnia",
          "reports": [{"source": "afp", "figures": {"deaths": 4}},
                      {"source": "wire", "figures": {"deaths": 6}}]}]}"#;
    temp_file(&format!("{name}.json"), text)
}

#[test]
fn a_claim_that_is_now_only_disputed_fails_the_run_in_every_format() {
    let claims = temp_claims("drift-formats", "@as-of 2026-01-12\ntally: deaths = 4\n");
    let old = baseline(
        "drift-formats-old",
        &claims,
        &dataset("drift-formats-v1", 4, false),
    );
    let new = disputed("drift-formats-v2");
    let check = |format: &str| {
        let r = against(&claims, &new, &old, format);
        assert_eq!(r.code, 1, "{format}: stderr:\n{}", r.stderr);
        r.stdout
    };
    let human = check("human");
    assert!(human.contains("  WORSE    "), "{human}");
    assert!(
        human.contains("- was  pass 4\n           + now  disputed 4 (low 4, high 6)"),
        "{human}"
    );

    let junit = check("junit");
    let doc = roxmltree::Document::parse(&junit).expect("XML");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure for the claim that got worse");
    assert_eq!(failure.attribute("type"), Some("worse"));
    assert!(
        failure.attribute("message").is_some_and(
            |m| m.starts_with(&format!("worse since {old}: was pass 4, now disputed 4"))
        ),
        "{junit}"
    );
    assert_eq!(doc.root_element().attribute("failures"), Some("1"));

    let github = check("github");
    let first = github.lines().next().unwrap_or_default();
    assert!(first.starts_with("::error "), "{github}");
    assert!(first.contains(",title=WORSE tally::"), "{github}");

    let markdown = check("markdown");
    assert!(
        markdown.contains(&format!("### 1 claim changed since {old}: 1 worse\n")),
        "{markdown}"
    );
    assert!(markdown.contains("| **worse** | tally |"), "{markdown}");
}
