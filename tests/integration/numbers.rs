//! Numbers and data that cannot be right (issue 7): huge numbers, `1e999`,
//! impossible dates, negative figures, NaN and Infinity, duplicate ids and
//! truncated input, in claims, native datasets and CSV exports. Each is an
//! error at its place, never an overflow, a panic or a figure silently
//! wrong; the largest figures allowed still add up exactly.

use crate::support::{Scratch, run};
use serde_json::Value;

/// A native dataset of two incidents, the second written as `part` says:
/// its date and figures, or its id, stand in for those below.
fn dataset(part: &str) -> String {
    let mut second = String::from(r#""id": "i2", "date": "2025-11-03", "figures": {"deaths": 1}"#);
    for key in ["\"id\"", "\"date\"", "\"figures\""] {
        if part.starts_with(key)
            && let Some(at) = second.find(key)
        {
            let end = second[at..].find(", \"").map_or(second.len(), |e| at + e);
            second.replace_range(at..end, part);
        }
    }
    format!(
        r#"{{"name": "n", "sources": [{{"id": "a", "name": "A"}}],
"incidents": [
{{"id": "i1", "date": "2025-11-02", "figures": {{"deaths": 2}}, "reports": [{{"source": "a"}}]}},
{{{second}, "reports": [{{"source": "a"}}]}}
]}}"#
    )
}

#[test]
fn a_dataset_number_or_date_that_cannot_be_right_is_located() {
    let scratch = Scratch::new("numbers-json");
    let cases = [
        (
            r#""figures": {"deaths": 1e999}"#,
            "4:62",
            "number out of range",
        ),
        (
            r#""figures": {"deaths": 1e300}"#,
            "4:58",
            "1e300 is too large",
        ),
        (
            r#""figures": {"deaths": {"best": 1, "by": {"g": 1e15}}}"#,
            "4:82",
            "1e15 is too large",
        ),
        (
            r#""figures": {"deaths": -3}"#,
            "4:58",
            "expected a number ≥ 0, found -3",
        ),
        (r#""figures": {"deaths": NaN}"#, "4:58", "malformed JSON"),
        (
            r#""figures": {"deaths": Infinity}"#,
            "4:58",
            "malformed JSON",
        ),
        (r#""date": "2025-02-30""#, "4:22", "found `2025-02-30`"),
        (
            r#""date": {"from": "2025-11-09", "to": "2025-11-03"}"#,
            "4:22",
            "before it starts",
        ),
        (r#""id": "i1""#, "4:8", "`i1` is already the id"),
    ];
    for (part, place, message) in cases {
        let data = scratch.write("bad.json", dataset(part));
        let r = run(&["validate", &data]);
        assert_eq!(r.code, 2, "{part}");
        assert!(
            r.stdout.contains(&format!("bad.json:{place}")),
            "{part}:\n{}",
            r.stdout
        );
        assert!(r.stdout.contains(message), "{part}:\n{}", r.stdout);
    }
    let whole = dataset(r#""date": "2025-11-03""#);
    let cut = scratch.write("cut.json", &whole[..whole.len() - 20]);
    let r = run(&["validate", &cut]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("cut.json:4:"), "{}", r.stdout);
}

#[test]
fn an_export_cell_that_cannot_be_right_is_located() {
    let scratch = Scratch::new("numbers-csv");
    let cases = [
        ("A2,2025-11-03,1e999", "`1e999` is not a number"),
        ("A2,2025-11-03,9999999999999999", "is not a number"),
        ("A2,2025-11-03,-3", "`-3` is negative"),
        ("A2,2025-11-03,NaN", "`NaN` is not a number"),
        ("A2,2025-11-03,inf", "`inf` is not a number"),
        ("A2,2025-02-30,1", "event_date"),
        ("A1,2025-11-03,1", "A1"),
        ("A2,2025-11-03", "fields"),
    ];
    for (row, message) in cases {
        let export = format!("event_id_cnty,event_date,fatalities\nA1,2025-11-02,2\n{row}\n");
        let data = scratch.write("bad.csv", export);
        let r = run(&["validate", &data]);
        assert_eq!(r.code, 2, "{row}");
        assert!(r.stdout.contains("bad.csv:3"), "{row}:\n{}", r.stdout);
        assert!(r.stdout.contains(message), "{row}:\n{}", r.stdout);
    }
}

#[test]
fn a_claimed_number_or_date_that_cannot_be_right_is_located() {
    let scratch = Scratch::new("numbers-claims");
    let sixteen_digits = "1".repeat(16);
    let lines = [
        ("deaths = 1e999".to_string(), 10, "`1e999` is not a number"),
        (
            format!("deaths = {sixteen_digits}"),
            10,
            "this number is too large",
        ),
        (
            "deaths = about 999,999,999,999,999,999".to_string(),
            16,
            "this number is too large",
        ),
        (
            "deaths in 2025-02-30 = 1".to_string(),
            11,
            "February 2025 has 28 days",
        ),
        ("deaths = -3".to_string(), 10, "expected a number"),
        ("deaths = NaN".to_string(), 10, "expected a number"),
        ("deaths = Infinity".to_string(), 10, "expected a number"),
        (
            "deaths in the last 4294967296 days = 1".to_string(),
            20,
            "whole number",
        ),
    ];
    for (line, col, message) in lines {
        let file = scratch.write("bad.claims", format!("@as-of 2026-01-12\n{line}\n"));
        let r = run(&["check", &file, "--data", "sources/fixture.json"]);
        assert_eq!(r.code, 2, "{line}");
        assert!(
            r.stderr.contains(&format!("bad.claims:2:{col}\n")),
            "{line}:\n{}",
            r.stderr
        );
        assert!(r.stderr.contains(message), "{line}:\n{}", r.stderr);
    }
}

#[test]
fn the_largest_figures_add_up_exactly() {
    let scratch = Scratch::new("numbers-sum");
    let most = "999999999999999";
    let text = dataset(&format!(r#""figures": {{"deaths": {most}}}"#))
        .replace(r#""deaths": 2}"#, &format!(r#""deaths": {most}}}"#));
    let data = scratch.write("most.json", text);
    let file = scratch.write(
        "most.claims",
        "@as-of 2026-01-12\ndeaths > 999,999,999,999,999\nmax deaths = 999,999,999,999,999\n",
    );
    let r = run(&["check", &file, "--data", &data, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).expect("a JSON report");
    assert_eq!(report["claims"][0]["value"], 1_999_999_999_999_998_u64);
    assert_eq!(report["claims"][0]["verdict"], "pass");
    assert_eq!(report["claims"][1]["verdict"], "pass");
}
