//! The human report as editors and CI logs see it: a failed claim's
//! claimed-against-found pair and rewritten line with exit code 1, colour
//! only when asked for, 80 columns, and the same bytes on every run.

use crate::support::{self, temp_claims};

const ANSI: &str = "\x1b[";

/// A claim file against the fixture data whose one claim fails: deaths
/// since November are 49 (low 40, high 69).
fn failing() -> String {
    temp_claims(
        "failing",
        "@as-of 2026-01-12\n\n> a total of 100 deaths\ntally: deaths since November = 100  # the draft's figure\n",
    )
}

/// `check FILE --data sources/fixture.json ARGS…`
fn check_failing(args: &[&str]) -> support::Run {
    let file = failing();
    let mut all = vec!["check", file.as_str(), "--data", "sources/fixture.json"];
    all.extend_from_slice(args);
    support::run(&all)
}

#[test]
fn a_failed_claim_shows_claimed_against_found_and_the_rewritten_line() {
    let run = check_failing(&[]);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().map(str::trim).collect();
    let at = |line: &str| lines.iter().position(|l| *l == line);
    let claimed = at("- claimed  = 100").expect("a claimed line");
    assert_eq!(
        lines.get(claimed + 1),
        Some(&"+ found    49 (low 40, high 69)")
    );
    let old = at("- deaths since November = 100").expect("the claim as written");
    assert_eq!(
        lines.get(old + 1),
        Some(&"+ deaths since November between 40 and 69")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("FAIL     tally (line 4)"))
    );
    assert!(lines.contains(&"> a total of 100 deaths"));
    assert_eq!(
        run.stdout.lines().last(),
        Some("1 claims: 0 passed, 1 failed, 0 disputed, 0 errors")
    );
}

#[test]
fn colour_only_when_asked_for() {
    let always = check_failing(&["--color", "always"]);
    assert!(always.stdout.contains(ANSI), "--color always has no colour");
    // The changed number is highlighted in the rewritten line.
    assert!(always.stdout.contains("\x1b[1;4;31m100\x1b[0m"));
    let never = check_failing(&["--color", "never"]);
    assert!(!never.stdout.contains(ANSI));
    // Piped (as here), auto means no colour.
    let auto = check_failing(&[]);
    assert!(!auto.stdout.contains(ANSI));
    assert_eq!(auto.stdout, never.stdout);
    // `always` is a request; NO_COLOR only turns `auto` off.
    let file = failing();
    let asked = support::run_with(
        &[
            "check",
            &file,
            "--data",
            "sources/fixture.json",
            "--color",
            "always",
        ],
        &[("NO_COLOR", "1")],
    );
    assert!(asked.stdout.contains(ANSI));
}

#[test]
fn the_example_reads_at_80_columns() {
    let run = support::run(&["check", "claims/"]);
    let long: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.chars().count() > 80)
        .collect();
    assert!(
        long.is_empty(),
        "lines over 80 columns:\n{}",
        long.join("\n")
    );
}

#[test]
fn a_disputed_claim_names_what_supports_and_contradicts_it() {
    let run = support::run(&["check", "claims/tajik-afghan-border.claims"]);
    let block = claim_block(&run.stdout, "DISPUTED border-km");
    // The dataset's own 1,350 km and the article's agree; the article's
    // 840 mi (1351.85 km) does not.
    let lines: Vec<&str> = block.lines().map(str::trim).collect();
    let supports = lines
        .iter()
        .position(|l| *l == "supports     the dataset's own figure: 1350 km")
        .unwrap_or_else(|| panic!("{block}"));
    assert_eq!(lines.get(supports + 1), Some(&"the article: 1350 km"));
    assert_eq!(
        lines.get(supports + 2),
        Some(&"contradicts  the article (840 mi): 1351.85 km")
    );
    let block = claim_block(&run.stdout, "DISPUTED khatlon-sunday");
    assert!(
        block.contains("supports     khatlon-militants-neutralized (2025-11-01 – 2026-01-11)"),
        "{block}"
    );
    assert!(block.contains("from    1 incident (1 maybe); 1 report: Khovar 1"));
}

#[test]
fn reports_are_the_same_bytes_on_every_run() {
    for format in ["human", "json"] {
        let first = support::run(&["check", "claims/", "--format", format]);
        let second = support::run(&["check", "claims/", "--format", format]);
        assert!(!first.stdout.is_empty());
        assert_eq!(first.stdout, second.stdout, "check --format {format}");
        assert_eq!(first.stderr, second.stderr);
    }
    let explain = [
        "explain",
        "deaths since November = 49",
        "--data",
        "sources/fixture.json",
        "--as-of",
        "2026-01-12",
    ];
    assert_eq!(support::run(&explain).stdout, support::run(&explain).stdout);
}

/// The lines of the claim block that starts with `head`, up to the blank
/// line that ends it.
fn claim_block(report: &str, head: &str) -> String {
    let start = report
        .find(head)
        .unwrap_or_else(|| panic!("no `{head}` in:\n{report}"));
    let rest = &report[start..];
    rest.split("\n\n").next().unwrap_or(rest).to_string()
}

#[test]
fn diagnostics_read_top_to_bottom_and_good_claims_are_still_checked() {
    let file = temp_claims(
        "diagnostics",
        "@as-of 2026-01-12\n@tolerance 5\ndeahts = 1\nincidents in \"Lowmoor\" = 3\n> a quote that no claim follows\n",
    );
    let run = support::run(&["check", &file, "--data", "sources/fixture.json"]);
    assert_eq!(run.code, 2);
    let places: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(|l| l.rsplit_once(".claims:").map_or(l, |(_, at)| at))
        .collect();
    assert_eq!(places, ["2:12", "3:1", "5:1"], "{}", run.stderr);
    assert!(run.stderr.contains("= help: did you mean `deaths`?"));
    assert!(run.stdout.contains("PASS     line 4"), "{}", run.stdout);
}

#[test]
fn the_readme_shows_real_output() {
    let readme = support::read("README.md");
    let blocks: Vec<&str> = readme.split("```").skip(1).step_by(2).collect();
    let report = support::run(&["check", "claims/tajik-afghan-border.claims"]).stdout;
    let excerpt = blocks
        .iter()
        .find(|b| b.starts_with("\nclaims/tajik-afghan-border.claims\n"))
        .expect("the README quotes the example's report");
    let explained = support::run(&[
        "explain",
        "deaths in \"Khatlon\" on Sunday = 4",
        "--data",
        "sources/tajik-afghan-border.json",
        "--as-of",
        "2026-01-12",
    ])
    .stdout;
    let drill_down = blocks
        .iter()
        .find(|b| b.starts_with("\n  1 incident in scope"))
        .expect("the README quotes explain");
    for (quoted, real) in [(excerpt, &report), (drill_down, &explained)] {
        for part in quoted
            .trim_matches('\n')
            .split("\n\n")
            .filter(|p| *p != "  …")
        {
            assert!(real.contains(part), "not in the real output:\n{part}");
        }
    }
}
