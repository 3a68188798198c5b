//! The limits of issue 7, each as large as it says, generated at test
//! time: 200,000 nested parentheses, a 2 MB claim line, a claim file of
//! 200,000 lines, a 10 MB dataset string, invalid UTF-8, a NUL byte, a
//! byte-order mark and CRLF line ends — and directories whose symbolic
//! links loop. Each gives a located error or works, within `TIMEOUT` and
//! 2 GiB (`support::run_bounded`).

use crate::support::{Run, Scratch, run_bounded};
use serde_json::Value;
use std::time::Duration;

const FIXTURE: &str = "sources/fixture.json";

/// Runs the binary, bounded, and checks that it answered: an exit code of
/// its own (0, 1 or 2), never a panic (101) or a signal.
fn answered(args: &[&str]) -> (Run, Duration) {
    let (run, took) = run_bounded(args);
    assert!(
        matches!(run.code, 0..=2),
        "{args:?} exited {}:\n{}",
        run.code,
        run.stderr
    );
    (run, took)
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stderr))
}

/// `check FILE --data fixture --format json`, with the file written first.
fn check(scratch: &Scratch, name: &str, text: impl AsRef<[u8]>) -> (Run, Duration) {
    let file = scratch.write(name, text);
    answered(&["check", &file, "--data", FIXTURE, "--format", "json"])
}

#[test]
fn two_hundred_thousand_nested_parentheses_are_a_located_error() {
    let scratch = Scratch::new("limits-nesting");
    let depth = 200_000;
    for (open, name) in [("(", "parens"), ("not (", "negated")] {
        let condition = format!("{}a = 1{}", open.repeat(depth), ")".repeat(depth));
        let text = format!("@as-of 2026-01-12\ndeaths where {condition} = 1\n");
        let (run, _) = check(&scratch, &format!("{name}.claims"), text);
        assert_eq!(run.code, 2);
        // The 65th parenthesis is one too many.
        let col = "deaths where ".len() + 65 * open.len();
        assert!(
            run.stderr.contains(&format!("{name}.claims:2:{col}\n")),
            "{name}: {}",
            &run.stderr[..run.stderr.len().min(400)]
        );
        assert!(run.stderr.contains("conditions nest too deeply"));
    }
}

#[test]
fn a_two_megabyte_claim_line_is_checked() {
    let scratch = Scratch::new("limits-line");
    let place = "x".repeat(2 << 20);
    let text = format!("@as-of 2026-01-12\ndeaths in \"{place}\" = 16\nderths {place}\n");
    let (run, _) = check(&scratch, "long.claims", text);
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert_eq!(report["claims"][0]["verdict"], "fail");
    assert_eq!(report["claims"][0]["value"], 0);
    assert_eq!(report["claims"][1]["verdict"], "error");
    assert!(
        run.stderr.contains("long.claims:3:8\n"),
        "{}",
        &run.stderr[..200]
    );
}

#[test]
fn a_claim_file_of_two_hundred_thousand_lines_is_checked() {
    // A claim every 100 lines between quotes, comments and blank lines, the
    // last claim on line 200,000: each claim's line is found directly, so
    // reports and diagnostics cost the same at its end as at its start.
    let scratch = Scratch::new("limits-lines");
    let mut text = String::from("@as-of 2026-01-12\n");
    for line in 2..=200_000 {
        text.push_str(match line % 200 {
            0 => "deaths since November = 16\n",
            100 => "deaths sinse November = 16\n",
            n if n % 3 == 0 => "> a quote from the article\n",
            n if n % 3 == 1 => "# a note\n",
            _ => "\n",
        });
    }
    let file = scratch.write("lines.claims", &text);
    let (run, took) = answered(&["check", &file, "--data", FIXTURE]);
    assert_eq!(run.code, 2);
    // Reading the file from its start for each claim took over a minute.
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert!(run.stderr.contains("lines.claims:199900:8\n"));
    assert!(
        run.stdout
            .ends_with("2000 claims: 0 passed, 1000 failed, 0 disputed, 1000 errors\n")
    );
    let (run, _) = answered(&["check", &file, "--data", FIXTURE, "--format", "json"]);
    let report = json(&run);
    assert_eq!(report["summary"]["fail"], 1000);
    assert_eq!(report["summary"]["error"], 1000);
    let last = &report["claims"][1999];
    assert_eq!(
        (last["line"].as_u64(), last["verdict"].as_str()),
        (Some(200_000), Some("fail"))
    );
}

#[test]
fn a_ten_megabyte_dataset_string_is_read_and_shown() {
    let scratch = Scratch::new("limits-string");
    let quote = "word ".repeat(2 << 20);
    let dataset = format!(
        r#"{{"name": "big", "sources": [{{"id": "a", "name": "A"}}],
        "incidents": [{{"id": "i", "date": "2025-11-02", "figures": {{"deaths": 3}},
        "reports": [{{"source": "a", "quote": "{quote}", "figures": {{"deaths": 3}}}}]}}]}}"#
    );
    let data = scratch.write("big.json", dataset);
    let (run, _) = answered(&["validate", &data]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // `explain` shows the quote whole, wrapped at 80 columns.
    let (run, _) = answered(&[
        "explain",
        "deaths = 3",
        "--data",
        &data,
        "--as-of",
        "2026-01-12",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() > quote.len());
    assert!(run.stdout.lines().all(|l| l.len() <= 80));
}

#[test]
fn invalid_utf8_in_a_dataset_is_located() {
    let scratch = Scratch::new("limits-utf8");
    let data = scratch.write(
        "latin1.json",
        b"{\"name\": \"caf\xe9\",\n \"sources\": [], \"incidents\": []}\n",
    );
    let (run, _) = answered(&["validate", &data]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("latin1.json:1:14"), "{}", run.stdout);
    assert!(run.stdout.contains("not valid UTF-8"));
    let csv = scratch.write(
        "latin1.csv",
        b"event_id_cnty,event_date,admin1,fatalities\nA1,2025-11-02,caf\xe9,1\nA2,2025-11-03,ok,2\n",
    );
    let claims = scratch.write("latin1.claims", "@as-of 2026-01-12\ndeaths = 2\n");
    let (run, _) = answered(&["check", &claims, "--data", &csv, "--format", "json"]);
    assert_eq!(run.code, 2, "the row left out makes the run incomplete");
    assert_eq!(json(&run)["claims"][0]["verdict"], "pass");
    assert!(
        run.stderr.contains("latin1.csv:2 (column `admin1`)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_nul_byte_is_located_or_read_as_text() {
    let scratch = Scratch::new("limits-nul");
    let (run, _) = check(&scratch, "nul.claims", "@as-of 2026-01-12\ndeaths\0 = 1\n");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nul.claims:2:7\n"), "{}", run.stderr);
    assert!(run.stderr.contains("deaths\u{fffd} = 1"));
    let data = scratch.write(
        "nul.json",
        "{\"name\": \"a\0b\", \"sources\": [], \"incidents\": []}",
    );
    let (run, _) = answered(&["validate", &data]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("nul.json:1:"), "{}", run.stdout);
    let escaped = scratch.write(
        "escaped.json",
        r#"{"name": "a\u0000b", "sources": [], "incidents": []}"#,
    );
    assert_eq!(answered(&["validate", &escaped]).0.code, 0);
}

#[test]
fn byte_order_marks_and_crlf_line_ends_are_read_past() {
    let scratch = Scratch::new("limits-bom");
    let fixture = std::fs::read_to_string(FIXTURE).expect("the fixture dataset");
    let data = scratch.write(
        "bom.json",
        format!("\u{feff}{}", fixture.replace('\n', "\r\n")),
    );
    let text = "\u{feff}@as-of 2026-01-12\r\ntally: deaths since November = 16\r\nderths = 1\r\n";
    let claims = scratch.write("bom.claims", text);
    let (run, _) = answered(&["check", &claims, "--data", &data]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bom.claims:3:1\n"), "{}", run.stderr);
    assert!(!run.stdout.contains('\r') && !run.stdout.contains('\u{feff}'));
    assert!(
        run.stdout.contains("- deaths since November = 16\n"),
        "{}",
        run.stdout
    );
    let (plain, _) = answered(&["check", &claims, "--data", FIXTURE]);
    assert_eq!(run.stdout.replace(&data, FIXTURE), plain.stdout);
}

#[cfg(unix)]
#[test]
fn symbolic_links_that_loop_end_the_walk_of_a_directory() {
    use std::os::unix::fs::symlink;
    let scratch = Scratch::new("limits-links");
    scratch.write("a.claims", "@as-of 2026-01-12\nincidents >= 1\n");
    let sub = format!("{}/sub", scratch.path());
    std::fs::create_dir_all(&sub).expect("a subdirectory");
    // Two links up make every path through them a new one: followed
    // blindly, the walk doubles at each level until paths are too long.
    for link in ["up", "again"] {
        symlink("..", format!("{sub}/{link}")).expect("a symbolic link");
    }
    let (run, _) = answered(&[
        "check",
        &scratch.path(),
        "--data",
        FIXTURE,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["summary"]["total"], 1, "each file once");
    let file = report["claims"][0]["file"].as_str().unwrap_or_default();
    assert!(file.ends_with("limits-links/a.claims"), "{file}");
}
