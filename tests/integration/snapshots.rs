//! Snapshots of what people and CI read: for every claim file under
//! `claims/` and every draft under `claims/drafts/`, its human report (no
//! colour) and its JSON, JUnit, GitHub and Markdown reports; for every
//! error fixture under `tests/errors/`, the diagnostics it renders. They
//! live in the top-level `snapshots/`, and a changed report shows up as a
//! reviewable diff.

use claimcheck::check::{self, Options};
use claimcheck::report::{github, human, json, junit, markdown};
use std::path::Path;

/// The path as the user would type it from the repository root, so the
/// reports hold no absolute path.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .expect("the repository root exists");
    path.strip_prefix(&root)
        .expect("fixtures lie inside the repository")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every report of the run of one claim file or draft.
fn snapshot_reports(path: &Path) {
    let run = check::run(&[relative(path)], &Options::default());
    insta::assert_snapshot!(
        "human",
        human::render(&run, human::Paint { enabled: false })
    );
    insta::assert_snapshot!("json", json::render(&run));
    insta::assert_snapshot!("junit", junit::render(&run, false));
    insta::assert_snapshot!("github", github::render(&run, false));
    insta::assert_snapshot!("markdown", markdown::render(&run));
}

#[test]
fn reports_of_every_claim_file() {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        // One glob, so that snapshots are named from the same common prefix.
        insta::glob!("../../claims", "{**/*.claims,drafts/*.md}", snapshot_reports);
    });
}

#[test]
fn diagnostics_of_every_error_fixture() {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../errors", "*.claims", |path| {
            let run = check::run(&[relative(path)], &Options::default());
            let rendered: String = run.diagnostics.iter().map(|d| format!("{d}\n")).collect();
            insta::assert_snapshot!("diagnostics", rendered);
        });
    });
}
