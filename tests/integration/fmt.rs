//! `claimcheck fmt`: the canonical layout is idempotent on every claim file
//! of the repository and keeps what each claim means; `fmt` rewrites only
//! the files that change, atomically, and never touches an unchanged one;
//! `--check` changes nothing, shows a diff and exits 1; a file that does
//! not parse is left as it is (exit 2).

use crate::support::{Scratch, claim_files, read, run};
use claimcheck::{canonical, parse};
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Every claim file and draft of the repository whose claims parse.
fn parseable() -> Vec<String> {
    let mut files = claim_files("claims");
    files.extend(claim_files("claims/fixtures"));
    files.extend(claim_files("tests/errors"));
    files.push("claims/drafts/tajik-afghan-border.md".into());
    files
}

#[test]
fn the_layout_is_idempotent_and_keeps_every_claim() {
    let mut laid_out = 0;
    for file in parseable() {
        let text = read(&file);
        let draft = file.ends_with(".md");
        let layout = |t: &str| {
            if draft {
                canonical::format_draft(t)
            } else {
                canonical::format_file(t)
            }
        };
        let Ok(once) = layout(&text) else {
            // Only the error fixtures may fail to parse.
            assert!(file.starts_with("tests/errors/"), "{file} has no layout");
            continue;
        };
        laid_out += 1;
        assert_eq!(
            layout(&once).as_deref(),
            Ok(once.as_str()),
            "{file}: fmt(fmt(x)) != fmt(x)"
        );
        if !draft {
            let (before, after) = (parse::parse_file(&text), parse::parse_file(&once));
            let texts = |f: &claimcheck::ast::ClaimFile| -> Vec<String> {
                f.entries
                    .iter()
                    .map(|e| e.text.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect()
            };
            assert_eq!(before.entries.len(), after.entries.len(), "{file}");
            // Every claim keeps its words; only blanks and keyword case move.
            for (b, a) in texts(&before).iter().zip(texts(&after)) {
                assert_eq!(
                    b.to_lowercase().replace(' ', ""),
                    a.to_lowercase().replace(' ', ""),
                    "{file}"
                );
            }
        }
    }
    assert!(laid_out >= 12, "only {laid_out} files laid out");
}

/// A directory with one claim file already in its layout and one that is
/// not, both dated an hour ago.
fn workspace(name: &str) -> (Scratch, String, String) {
    let dir = Scratch::new(name);
    let tidy = dir.join("tidy.claims");
    let messy = dir.join("messy.claims");
    fs::write(
        &tidy,
        "@as-of 2026-01-12\n\ntally: deaths since November = 16  # note\n",
    )
    .expect("a tidy file");
    fs::write(
        &messy,
        "@AS-OF 2026-01-12\n\n\n\ntally:deaths Since November=16   # note\n",
    )
    .expect("a messy file");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for path in [&tidy, &messy] {
        let file = fs::File::options().write(true).open(path).expect("open");
        file.set_modified(hour_ago)
            .expect("set the modification time");
    }
    let show = |p: &Path| p.to_string_lossy().into_owned();
    (dir, show(&tidy), show(&messy))
}

#[cfg(unix)]
fn inode(path: &str) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).expect("metadata").ino()
}

fn modified(path: &str) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("a modification time")
}

#[test]
fn fmt_rewrites_only_what_changes_and_never_touches_an_unchanged_file() {
    let (dir, tidy, messy) = workspace("fmt-write");
    let (tidy_time, messy_time) = (modified(&tidy), modified(&messy));
    #[cfg(unix)]
    let (tidy_inode, messy_inode) = (inode(&tidy), inode(&messy));

    let r = run(&["fmt", &dir.to_string_lossy()]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("reformatted {messy}\n1 file reformatted, 1 left unchanged\n")
    );
    assert_eq!(
        fs::read_to_string(&messy).expect("the messy file"),
        "@as-of 2026-01-12\n\ntally: deaths since November = 16  # note\n"
    );
    assert_eq!(modified(&tidy), tidy_time, "the unchanged file was written");
    assert_ne!(modified(&messy), messy_time);
    #[cfg(unix)]
    {
        assert_eq!(inode(&tidy), tidy_inode, "the unchanged file was replaced");
        // Written by a rename over it, not in place.
        assert_ne!(inode(&messy), messy_inode);
    }
    let names: Vec<String> = fs::read_dir(&dir)
        .expect("the directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");

    // A second run finds nothing to do, and touches nothing.
    let messy_time = modified(&messy);
    let again = run(&["fmt", &dir.to_string_lossy()]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "0 files reformatted, 2 left unchanged\n");
    assert_eq!(modified(&messy), messy_time);
}

#[test]
fn check_changes_nothing_shows_the_diff_and_exits_1() {
    let (dir, tidy, messy) = workspace("fmt-check");
    let before = fs::read(&messy).expect("the messy file");
    let time = modified(&messy);
    let r = run(&["fmt", "--check", &dir.to_string_lossy()]);
    assert_eq!(r.code, 1, "stderr:\n{}", r.stderr);
    let expected = format!(
        "--- {messy}\n+++ {messy} (formatted)\n@@ -1,5 +1,3 @@\n\
         -@AS-OF 2026-01-12\n+@as-of 2026-01-12\n \n-\n-\n\
         -tally:deaths Since November=16   # note\n+tally: deaths since November = 16  # note\n\
         1 file would be reformatted, 1 left unchanged\n"
    );
    assert_eq!(r.stdout, expected);
    assert_eq!(fs::read(&messy).expect("the messy file"), before);
    assert_eq!(modified(&messy), time);
    let tidy_only = run(&["fmt", "--check", &tidy]);
    assert_eq!(tidy_only.code, 0);
    assert_eq!(
        tidy_only.stdout,
        "0 files would be reformatted, 1 left unchanged\n"
    );
}

#[test]
fn a_file_that_does_not_parse_is_left_alone_with_its_errors() {
    let dir = Scratch::new("fmt-broken");
    let broken = dir.join("broken.claims").to_string_lossy().into_owned();
    let text = "deaths  Sinse November = 16\n\n\n";
    fs::write(&broken, text).expect("a broken file");
    let r = run(&["fmt", &broken]);
    assert_eq!(r.code, 2);
    assert_eq!(fs::read_to_string(&broken).expect("the file"), text);
    assert!(
        r.stderr.contains(&format!("--> {broken}:1:9")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `since`?"), "{}", r.stderr);
}

#[test]
fn in_a_draft_only_the_claims_blocks_change() {
    let dir = Scratch::new("fmt-draft");
    let path = dir.join("draft.md").to_string_lossy().into_owned();
    let draft =
        "# Title  \n\nProse,   as  written.\n\n```claims\n@AS-OF 2026-01-12\n\n\ndeaths=16\n```\n";
    fs::write(&path, draft).expect("a draft");
    let r = run(&["fmt", &path]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(
        fs::read_to_string(&path).expect("the draft"),
        "# Title  \n\nProse,   as  written.\n\n```claims\n@as-of 2026-01-12\n\ndeaths = 16\n```\n"
    );
}
