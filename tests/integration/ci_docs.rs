//! The CI jobs in `docs/ci/` and the README's "Use in CI" section: every
//! claimcheck command they run is one that claimcheck accepts, and passes
//! on a repository whose claims pass.

use crate::support::{read, run, temp_file};

/// The claimcheck commands of a text: from `claimcheck check` or
/// `claimcheck fmt` to a redirection, a `||`, a comment or the line's end;
/// comment lines are prose.
fn commands(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let at = line
                .find("claimcheck check ")
                .or_else(|| line.find("claimcheck fmt "))?;
            let command = &line[at..];
            let end = ["#", ">", "||", "`"]
                .iter()
                .filter_map(|stop| command.find(stop))
                .min()
                .unwrap_or(command.len());
            Some(command[..end].trim().to_string())
        })
        .collect()
}

#[test]
fn every_documented_command_runs() {
    // A repository whose claims all pass: the example draft, and the report
    // saved from it as the baseline.
    let claims = "claims/drafts/";
    let saved = run(&["check", claims, "--format", "json"]);
    let baseline = temp_file("ci-docs-baseline.json", &saved.stdout);
    let mut checked = 0;
    for doc in [
        "docs/ci/github-actions.yml",
        "docs/ci/gitlab-ci.yml",
        "README.md",
    ] {
        let text = read(doc);
        // The README's usage synopsis is no command; its CI section is.
        let text = match text.split_once("## Use in CI") {
            Some((_, section)) => section.split("\n## ").next().unwrap_or_default(),
            None => &text,
        };
        let found = commands(text);
        assert!(!found.is_empty(), "{doc} runs no claimcheck command");
        for command in found {
            let args: Vec<String> = command
                .split_whitespace()
                .skip(1)
                .map(|a| match a {
                    "$CLAIMS" | "claims/" => claims.to_string(),
                    "$BASELINE" | "published.json" => baseline.clone(),
                    "claims/published.json" => baseline.clone(),
                    other => other.to_string(),
                })
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run(&args);
            assert_eq!(
                r.code, 0,
                "{doc}: `{command}` exits {}:\n{}",
                r.code, r.stderr
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} commands found");
}
