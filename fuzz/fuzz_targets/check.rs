//! A whole `check` run on any claim file, against the bundled fixture
//! dataset or, when the input holds a NUL byte, against the dataset
//! written before it. Beyond not panicking, every verdict must hold up:
//! `low ≤ value ≤ high`, the verdict the interval rule gives for that
//! range, exit code 2 whenever a claim could not be checked, and reports
//! that render (the JSON one parsing back with the same summary, the ones
//! for people carrying no control character or workflow command, the CI
//! formats keeping to what their readers take).

#![no_main]

use claimcheck::ast::Claim;
use claimcheck::check::{self, Options};
use claimcheck::eval::{Verdict, verdict_of};
use claimcheck::report::{self, human::Paint};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../sources/fixture.json");

/// A directory of this process's own, written afresh for every input.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("claimcheck-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        dir
    })
}

/// Output for people holds no control character but its line ends, and
/// no line that a CI runner would read as a workflow command.
fn obeys_nothing(text: &str) {
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line:?}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let (dataset, claims) = match data.iter().position(|&b| b == 0) {
        Some(at) => {
            let path = dir.join("data.json");
            std::fs::write(&path, &data[..at]).expect("the dataset is written");
            (path.to_string_lossy().into_owned(), &data[at + 1..])
        }
        None => (FIXTURE.to_string(), data),
    };
    let claims_path = dir.join("fuzz.claims");
    std::fs::write(&claims_path, claims).expect("the claims are written");
    let options = Options {
        data: Some(dataset),
        as_of: None,
    };
    let run = check::run(&[claims_path.to_string_lossy().into_owned()], &options);

    for (file, claim) in run.claims() {
        let Ok(outcome) = &claim.result else {
            continue;
        };
        assert_ne!(outcome.verdict, Verdict::Error);
        assert!(outcome.value.is_finite(), "value {}", outcome.value);
        if let Some(low) = outcome.low {
            assert!(low <= outcome.value, "low {low} > value {}", outcome.value);
        }
        if let Some(high) = outcome.high {
            assert!(
                outcome.value <= high,
                "value {} > high {high}",
                outcome.value
            );
        }
        let comparison = match &claim.entry.claim {
            Ok(Claim::Compare { comparison, .. } | Claim::Fact { comparison, .. }) => comparison,
            _ => continue,
        };
        let rule = verdict_of(
            comparison,
            outcome.unit,
            file.tolerance,
            outcome.low,
            outcome.high,
        );
        assert_eq!(outcome.verdict, rule, "{}", claim.entry.text);
    }

    let summary = run.summary();
    if summary.error > 0 {
        assert_eq!(run.exit_code(false), 2);
    }
    let _ = report::human::render(&run, Paint { enabled: true });
    let plain = report::human::render(&run, Paint { enabled: false });
    obeys_nothing(&plain);
    for d in &run.diagnostics {
        obeys_nothing(&d.to_string());
    }
    let json: serde_json::Value =
        serde_json::from_str(&report::json::render(&run)).expect("the JSON report parses");
    assert_eq!(json["summary"]["total"], summary.total);
    assert_eq!(json["summary"]["error"], summary.error);

    // The CI formats: XML without a character XML 1.0 cannot carry, every
    // GitHub line but the summary one workflow command, Markdown without
    // a control character.
    let junit = report::junit::render(&run, false);
    let unfit = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    assert!(!junit.contains(unfit), "{junit:?}");
    let github = report::github::render(&run, true);
    let mut lines: Vec<&str> = github.split('\n').collect();
    assert_eq!(
        lines.pop(),
        Some(""),
        "the GitHub report ends its last line"
    );
    lines.pop();
    for line in lines {
        let command = [
            "::error ",
            "::warning ",
            "::notice ",
            "::error::",
            "::warning::",
        ];
        assert!(command.iter().any(|c| line.starts_with(c)), "{line:?}");
        assert!(!line.contains('\r'), "{line:?}");
    }
    let markdown = report::markdown::render(&run);
    assert!(
        !markdown.contains(|c: char| c.is_control() && c != '\n'),
        "{markdown:?}"
    );

    // The first claim, explained, renders both ways.
    if let Some((_, first)) = run.claims().next() {
        let options = Options {
            data: options.data.clone(),
            as_of: run.files.first().and_then(|f| f.as_of),
        };
        let explained = check::explain(&first.entry.text, &options);
        obeys_nothing(&report::explain::render(
            &explained,
            Paint { enabled: false },
        ));
        let _: serde_json::Value = serde_json::from_str(&report::json::explain(&explained))
            .expect("the explain report parses");
    }
});
