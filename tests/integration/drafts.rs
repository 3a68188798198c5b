//! Claims inside Markdown drafts: the fenced `claims` blocks of a draft are
//! checked like a claim file, every report points at the draft's own
//! lines, `@data` is relative to the draft, and a directory's drafts are
//! found beside its claim files.

use crate::support::{Scratch, read, run};
use serde_json::Value;

const EXAMPLE: &str = "claims/drafts/tajik-afghan-border.md";

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn the_example_draft_reports_its_own_line_numbers() {
    let r = run(&["check", EXAMPLE, "--format", "json"]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let report = json(&r.stdout);
    let draft = read(EXAMPLE);
    let lines: Vec<&str> = draft.lines().collect();
    let claims = report["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 3);
    for claim in claims {
        assert_eq!(claim["file"], EXAMPLE);
        let line = claim["line"].as_u64().expect("a line") as usize;
        let text = claim["claim"].as_str().expect("a claim");
        assert!(
            lines.get(line - 1).is_some_and(|l| l.ends_with(text)),
            "line {line} of the draft is not `{text}`"
        );
    }
    assert_eq!(claims[0]["quote"], "four terrorists were neutralized");
    // `@data` is relative to the draft.
    let human = run(&["check", EXAMPLE]);
    assert!(
        human.stdout.starts_with(&format!(
            "{EXAMPLE}\n  data sources/tajik-afghan-border.json, as of 2026-01-12\n"
        )),
        "{}",
        human.stdout
    );
}

/// A draft with one block that has an error, between prose.
const DRAFT: &str = "# A draft\n\
\n\
Prose that mentions ```claims``` inline.\n\
\n\
```claims\n\
@as-of 2026-01-12\n\
@data ../data.json\n\
\n\
> Twelve died.\n\
tally: deaths sinse November = 12\n\
incidents = 1\n\
```\n\
\n\
````markdown\n\
```claims\n\
not checked: this is an example inside another block\n\
```\n\
````\n";

const DATA: &str = r#"{"name": "t", "sources": [{"id": "afp", "name": "AFP"}],
  "incidents": [{"id": "a", "date": "2026-01-01", "country": "Varnia",
    "figures": {"deaths": 12}, "reports": [{"source": "afp"}]}]}"#;

#[test]
fn errors_and_annotations_point_at_the_drafts_lines() {
    let dir = Scratch::new("drafts-errors");
    std::fs::create_dir_all(dir.join("drafts")).expect("a drafts directory");
    std::fs::write(dir.join("data.json"), DATA).expect("the dataset");
    let draft = dir.join("drafts/article.md");
    std::fs::write(&draft, DRAFT).expect("the draft");
    let path = draft.to_string_lossy().into_owned();

    let r = run(&["check", &path]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!("--> {path}:10:15\n")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("10 | tally: deaths sinse November = 12"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("PASS     line 11"), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("2 claims: 1 passed, 0 failed, 0 disputed, 1 errors\n")
    );

    let github = run(&["check", &path, "--format", "github"]);
    let first = github.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!(
            "::error file={},line=10,col=15,",
            path.replace(':', "%3A")
        )),
        "{first}"
    );
}

#[test]
fn a_directory_holds_drafts_with_claims_beside_claim_files() {
    let dir = Scratch::new("drafts-dir");
    std::fs::write(dir.join("data.json"), DATA).expect("the dataset");
    std::fs::write(
        dir.join("a.claims"),
        "@as-of 2026-01-12\n@data data.json\nincidents = 1\n",
    )
    .expect("a claim file");
    std::fs::write(
        dir.join("b.md"),
        "```claims\n@as-of 2026-01-12\n@data data.json\ndeaths = 12\n```\n",
    )
    .expect("a draft");
    std::fs::write(
        dir.join("notes.md"),
        "# Notes\n\n```text\nno claims here\n```\n",
    )
    .expect("a draft without claims");
    let d = dir.to_string_lossy().into_owned();
    let r = run(&["check", &d, "--format", "json"]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(
        r.stderr, "",
        "a draft without claims in a directory is no news"
    );
    let report = json(&r.stdout);
    let files: Vec<&str> = report["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["file"].as_str())
        .collect();
    assert_eq!(files, [format!("{d}/a.claims"), format!("{d}/b.md")]);

    // Named on the command line, a draft without claims is worth a warning.
    let notes = dir.join("notes.md").to_string_lossy().into_owned();
    let r = run(&["check", &notes]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("warning: this draft has no claims"),
        "{}",
        r.stderr
    );
}
