//! Exit codes never lie (issue 7): whatever could not be read — a claim
//! file, a dataset, a directive, a claim — is never counted as passed, and
//! makes `check` exit 2 even when other claims failed, `--strict` or not.

use crate::support::{Run, Scratch, run};
use serde_json::Value;

const FIXTURE: &str = "sources/fixture.json";

/// A claim that fails against the fixture dataset, and one that passes.
const FAILS: &str = "deaths since November = 1000\n";
const PASSES: &str = "incidents >= 1\n";

fn summary(run: &Run) -> Value {
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stderr));
    report["summary"].clone()
}

/// `check ARGS… --format json`, with and without `--strict`: both must
/// exit `code`.
fn check(args: &[&str], code: i32) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let normal = run(&all);
    assert_eq!(normal.code, code, "{all:?}:\n{}", normal.stderr);
    all.push("--strict");
    let strict = run(&all);
    assert_eq!(strict.code, code, "{all:?}:\n{}", strict.stderr);
    summary(&normal)
}

#[test]
fn an_unreadable_claim_file_wins_over_failed_claims() {
    let scratch = Scratch::new("exit-unreadable");
    let failing = scratch.write("fail.claims", format!("@as-of 2026-01-12\n{FAILS}"));
    let latin1 = scratch.write(
        "latin1.claims",
        b"@as-of 2026-01-12\n# caf\xe9\nincidents >= 1\n",
    );
    let missing = format!("{}/missing.claims", scratch.path());
    for other in [&latin1, &missing] {
        let s = check(&[&failing, other, "--data", FIXTURE], 2);
        assert_eq!((s["fail"].as_u64(), s["pass"].as_u64()), (Some(1), Some(0)));
    }
}

#[test]
fn a_claim_that_could_not_be_checked_wins_over_failed_claims() {
    let scratch = Scratch::new("exit-claim");
    for bad in [
        "derths = 3\n",
        "deaths in 2027 = 3\n",
        "max deaths where region = \"Nowhere\" = 1\n",
        "fact border_length = 3 %\n",
    ] {
        let text = format!("@as-of 2026-01-12\n{FAILS}{PASSES}{bad}");
        let file = scratch.write("mixed.claims", text);
        let s = check(&[&file, "--data", FIXTURE], 2);
        assert_eq!(
            (s["fail"].as_u64(), s["pass"].as_u64(), s["error"].as_u64()),
            (Some(1), Some(1), Some(1)),
            "{bad}"
        );
    }
}

#[test]
fn claims_over_a_dataset_that_could_not_be_used_are_errors_never_passes() {
    let scratch = Scratch::new("exit-dataset");
    let fixture = std::fs::read_to_string(FIXTURE).expect("the fixture dataset");
    let truncated = scratch.write("truncated.json", &fixture[..fixture.len() / 2]);
    let duplicate = scratch.write(
        "duplicate.json",
        fixture.replacen(
            "\"id\": \"kv-checkpoint-raid\"",
            "\"id\": \"kv-ferry-ambush\"",
            1,
        ),
    );
    let missing = format!("{}/missing.json", scratch.path());
    let unsupported = scratch.write("data.txt", &fixture);
    let claims = scratch.write("a.claims", format!("@as-of 2026-01-12\n{PASSES}{FAILS}"));
    for data in [&truncated, &duplicate, &missing, &unsupported] {
        let s = check(&[&claims, "--data", data], 2);
        assert_eq!(
            (s["pass"].as_u64(), s["error"].as_u64()),
            (Some(0), Some(2)),
            "{data}"
        );
    }
}

#[test]
fn a_file_level_error_wins_though_every_claim_passed() {
    let scratch = Scratch::new("exit-file");
    for head in [
        "@as-of 2026-13-01\n",
        "@tolerance 5\n",
        "@as-of 2026-01-12\n@as-of 2026-01-13\n",
        "> a quote no claim follows\n\n@as-of 2026-01-12\n",
    ] {
        let file = scratch.write("head.claims", format!("{head}{PASSES}"));
        let s = check(&[&file, "--data", FIXTURE], 2);
        assert_eq!(
            (s["pass"].as_u64(), s["total"].as_u64()),
            (Some(1), Some(1)),
            "{head}"
        );
    }
}

#[test]
fn nothing_to_check_is_not_a_pass() {
    let scratch = Scratch::new("exit-nothing");
    let nothing = "no claim file or draft with claims in this directory";
    let commands: [&[&str]; 3] = [&["check"], &["fmt", "--check"], &["fmt"]];
    let refused = |why: &str| {
        for command in commands {
            let r = run(&[command, &[scratch.path().as_str()]].concat());
            assert_eq!(r.code, 2, "{command:?} {why}");
            assert!(
                r.stderr.contains(nothing),
                "{command:?} {why}: {}",
                r.stderr
            );
        }
    };
    refused("in an empty directory");
    // Markdown files without a `claims` block hold nothing to check either.
    scratch.write("notes.md", "# Notes\n\n```text\nno claims\n```\n");
    refused("beside Markdown without claims");
    // An empty claim file was read: it has no claim to fail.
    let empty = scratch.write("empty.claims", "# nothing yet\n");
    let s = check(&[&empty, "--data", FIXTURE], 0);
    assert_eq!(s["total"], 0);
}

#[test]
fn explain_and_validate_exit_2_on_what_they_cannot_read() {
    let scratch = Scratch::new("exit-explain");
    let truncated = scratch.write("t.json", "{\"name\": \"t\", \"sources\": [");
    let r = run(&["validate", &truncated]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("t.json:1:"), "{}", r.stdout);
    for (claim, data) in [("deaths = ", FIXTURE), ("deaths = 3", truncated.as_str())] {
        let args = ["explain", claim, "--data", data, "--as-of", "2026-01-12"];
        assert_eq!(run(&args).code, 2, "{claim} {data}");
    }
}
