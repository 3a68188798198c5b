//! `--format junit` as its consumers read it: an XML parser takes every
//! report, its counts match the run's summary (with and without
//! `--strict`), each claim is a case named by its label or line, and no
//! dataset string breaks the document.

use crate::support::{report_inputs, run};
use roxmltree::{Document, Node};
use serde_json::Value;

/// The summary counts of the JSON report of the same run.
fn summary(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let r = run(&all);
    let report: Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", r.stdout));
    report["summary"].clone()
}

fn count(node: Node, attribute: &str) -> u64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> has no count {attribute}", node.tag_name().name()))
}

fn elements<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// Parses the JUnit report of `check ARGS…` and checks that its counts
/// agree with the run's summary and with its own cases.
fn check_counts(args: &[&str], strict: bool) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    if strict {
        all.push("--strict");
    }
    let s = summary(&all);
    all.extend(["--format", "junit"]);
    let r = run(&all);
    let doc = Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not XML ({e}):\n{}", r.stdout));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let disputed = if strict {
        s["disputed"].as_u64()
    } else {
        Some(0)
    };
    let failures = s["fail"].as_u64().zip(disputed).map(|(f, d)| f + d);
    assert_eq!(Some(count(root, "tests")), s["total"].as_u64(), "{args:?}");
    assert_eq!(Some(count(root, "failures")), failures, "{args:?}");
    assert_eq!(Some(count(root, "errors")), s["error"].as_u64(), "{args:?}");
    let (mut tests, mut failed, mut errors) = (0, 0, 0);
    for suite in elements(root, "testsuite") {
        let cases: Vec<Node> = elements(suite, "testcase").collect();
        let failed_here = cases
            .iter()
            .filter(|c| elements(**c, "failure").count() == 1)
            .count();
        let errors_here = cases
            .iter()
            .filter(|c| elements(**c, "error").count() == 1)
            .count();
        assert_eq!(count(suite, "tests"), cases.len() as u64);
        assert_eq!(count(suite, "failures"), failed_here as u64);
        assert_eq!(count(suite, "errors"), errors_here as u64);
        for case in &cases {
            assert_eq!(case.attribute("classname"), suite.attribute("name"));
        }
        tests += cases.len();
        failed += failed_here;
        errors += errors_here;
    }
    assert_eq!(
        (tests as u64, failed as u64, errors as u64),
        (
            count(root, "tests"),
            count(root, "failures"),
            count(root, "errors")
        )
    );
}

#[test]
fn every_report_parses_and_its_counts_match_the_summary() {
    let files = report_inputs();
    for file in &files {
        for strict in [false, true] {
            check_counts(&[file], strict);
        }
    }
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    check_counts(&all, false);
}

#[test]
fn each_claim_is_a_case_named_by_its_label_or_line_with_its_numbers() {
    let r = run(&[
        "check",
        "claims/fixtures/quotes.claims",
        "--format",
        "junit",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = Document::parse(&r.stdout).expect("XML");
    let cases: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
    assert_eq!(
        names,
        ["bg-toll", "wire_count2", "tally", "line 25", "border"]
    );
    let tally = cases[2];
    assert_eq!(tally.attribute("line"), Some("20"));
    assert_eq!(
        tally.attribute("file"),
        Some("claims/fixtures/quotes.claims")
    );
    let property = |name: &str| {
        tally
            .descendants()
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
    };
    assert_eq!(property("verdict"), Some("disputed"));
    assert_eq!(property("value"), Some("49"));
    assert_eq!(property("low"), Some("40"));
    assert_eq!(property("high"), Some("69"));
    assert_eq!(property("sources"), Some("vna, wire, ledger, obs, panel"));
    // Disputed without --strict: a passing case whose output says so.
    assert_eq!(elements(tally, "failure").count(), 0);
    let out = elements(tally, "system-out").next().and_then(|n| n.text());
    assert!(
        out.is_some_and(|t| t.starts_with("  DISPUTED tally (line 20)")),
        "{out:?}"
    );

    let strict = run(&[
        "check",
        "claims/fixtures/quotes.claims",
        "--format",
        "junit",
        "--strict",
    ]);
    assert_eq!(strict.code, 1);
    let doc = Document::parse(&strict.stdout).expect("XML");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure with --strict");
    assert_eq!(failure.attribute("type"), Some("disputed"));
    assert_eq!(
        failure.attribute("message"),
        Some("claimed = 49, found 49 (low 40, high 69)")
    );
}

#[test]
fn hostile_dataset_strings_stay_text() {
    let r = run(&["check", "tests/data/hostile.claims", "--format", "junit"]);
    assert_eq!(r.code, 2, "an unknown measure is an error");
    let doc = Document::parse(&r.stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{}", r.stdout));
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    // Every string arrives whole, its markup as text, the bell replaced.
    assert!(
        text.contains("Pipe | <b>bold</b> & \"quotes\" 'single' `tick` ```fence"),
        "{text}"
    );
    assert!(text.contains("]]> \u{fffd}bell"), "{text}");
    assert!(!text.contains('\u{7}'));
    let quote = doc
        .descendants()
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some("quote"))
        .and_then(|n| n.attribute("value"));
    assert_eq!(
        quote,
        Some(
            "A quote with | pipes, `ticks`, <details> and </details>, **stars**, & \"quotes\" ]]> <!-- -->"
        )
    );
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .and_then(|n| n.attribute("message"));
    assert_eq!(
        error,
        Some("unknown measure `deahts` (did you mean `deaths`?)")
    );
}

/// The elements a JUnit report is made of: any other would come from a
/// string that escaped.
const ELEMENTS: [&str; 9] = [
    "testsuites",
    "testsuite",
    "properties",
    "property",
    "testcase",
    "failure",
    "error",
    "system-out",
    "system-err",
];

#[test]
fn forged_lines_and_markup_stay_text() {
    let r = run(&[
        "check",
        "tests/data/hostile-forged.claims",
        "--format",
        "junit",
    ]);
    assert_eq!(r.code, 2, "a claim that does not parse is an error");
    // XML 1.0 cannot carry these even escaped.
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    assert!(!r.stdout.contains(forbidden), "{}", r.stdout);
    let doc = Document::parse(&r.stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{}", r.stdout));
    let stray: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .filter(|name| !ELEMENTS.contains(name))
        .collect();
    assert_eq!(stray, Vec::<&str>::new());
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    for shown in [
        "<script>alert(1)</script>",
        "Wire \"Desk\" <b>&amp;</b>",
        "Bell\u{fffd} Esc\u{fffd}[31mred\u{fffd}[0m Nul\u{fffd} Del\u{fffd}",
    ] {
        assert!(text.contains(shown), "{shown} not in\n{text}");
    }
    let claim = doc
        .descendants()
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some("claim"))
        .and_then(|n| n.attribute("value"));
    assert_eq!(
        claim,
        Some("deaths in \"Kessel <&> ::set-output name=x::\" since November = 6")
    );
}

#[test]
fn problems_that_belong_to_no_claim_are_kept() {
    let r = run(&[
        "check",
        "tests/data/uses-invalid.claims",
        "claims/no-such.claims",
        "--format",
        "junit",
    ]);
    assert_eq!(r.code, 2);
    let doc = Document::parse(&r.stdout).expect("XML");
    let errs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("system-err"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].contains("undeclared source `wier`"), "{}", errs[0]);
    assert!(errs[1].contains("claims/no-such.claims"), "{}", errs[1]);
}
