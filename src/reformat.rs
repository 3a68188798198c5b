//! `claimcheck fmt`: puts claim files and the `claims` blocks of drafts in
//! their canonical layout (`canonical`). It writes only the files whose
//! layout changes, each atomically — a temporary file in the same
//! directory, then a rename — so that an editor or a CI job never sees a
//! half-written claim file, and an unchanged file keeps its bytes, inode
//! and modification time. With `--check` it changes nothing and gives, per
//! file that would change, the change as a `-`/`+` diff.

use crate::check::{read_claims, walk};
use crate::diagnostic::{Diagnostic, printable};
use crate::report::counted;
use crate::report::layout::line;
use crate::{canonical, draft, exit};
use similar::TextDiff;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// What a `fmt` run did, or with `--check` would do.
#[derive(Debug, Default)]
pub struct Formatted {
    /// The files whose layout changed (or would change), in order.
    pub changed: Vec<String>,
    /// How many files were in their canonical layout already.
    pub unchanged: usize,
    /// With `--check`: the unified diff of every file that would change.
    pub diff: String,
    /// Files that could not be read, parsed or written.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether this was `--check`.
    pub check: bool,
}

impl Formatted {
    /// What `fmt` prints: with `--check` the diff, else each file it
    /// rewrote; then the summary.
    pub fn report(&self) -> String {
        let mut out = self.diff.clone();
        if !self.check {
            for path in &self.changed {
                let _ = writeln!(out, "reformatted {}", printable(path));
            }
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    /// The report's last line: `2 files reformatted, 5 left unchanged`.
    pub fn summary(&self) -> String {
        let done = if self.check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        format!(
            "{} {done}, {} left unchanged",
            counted(self.changed.len(), "file"),
            self.unchanged
        )
    }

    pub fn exit_code(&self) -> u8 {
        exit::code(
            exit::Outcome {
                unchecked: self.diagnostics.iter().any(Diagnostic::is_error),
                unformatted: self.check && !self.changed.is_empty(),
                ..exit::Outcome::default()
            },
            false,
        )
    }
}

/// Lays out every claim file and draft named by `paths` (a directory:
/// every `*.claims` and `*.md` below it); with `check`, writes nothing.
pub fn run(paths: &[String], check: bool) -> Formatted {
    let mut done = Formatted {
        check,
        ..Formatted::default()
    };
    for path in paths {
        let problems = walk(path, |file, named| one(file, named, &mut done));
        done.diagnostics.extend(problems);
    }
    done
}

/// Lays out one claim file or draft; `named` says the user named it
/// rather than a directory that holds it. Says whether it holds claims,
/// as `check` counts them: a claim file does, even one that cannot be
/// read; a draft only with a `claims` block.
fn one(path: &str, named: bool, done: &mut Formatted) -> bool {
    let Some(text) = read_claims(path, named, &mut done.diagnostics) else {
        return !draft::is_draft(path);
    };
    lay_out(path, &text, done);
    true
}

/// Lays out the text of a claim file or draft: written back, or its diff
/// kept with `--check`, when the layout changes it.
fn lay_out(path: &str, text: &str, done: &mut Formatted) {
    let laid = if draft::is_draft(path) {
        canonical::format_draft(text)
    } else {
        canonical::format_file(text)
    };
    let laid = match laid {
        Ok(laid) => laid,
        Err(errors) => {
            done.diagnostics.extend(errors.into_iter().map(|e| {
                Diagnostic::error(path, e.message)
                    .at(e.span, text)
                    .with_help(e.help)
            }));
            return;
        }
    };
    if laid == text {
        done.unchanged += 1;
        return;
    }
    if done.check {
        unified(&mut done.diff, path, text, &laid);
    } else if let Err(e) = write_atomically(Path::new(path), &laid) {
        done.diagnostics.push(Diagnostic::error(
            path,
            format!("cannot write the formatted file: {e}"),
        ));
        return;
    }
    done.changed.push(path.to_string());
}

/// The unified diff of a file and its layout, for people: each line shown
/// without its line end and made printable, so that no control character
/// of a claim file or draft drives the terminal and no line of a draft's
/// prose reads as a workflow command in a CI log.
fn unified(out: &mut String, path: &str, old: &str, new: &str) {
    let path = printable(path);
    let _ = writeln!(out, "--- {path}\n+++ {path} (formatted)");
    let diff = TextDiff::from_lines(old, new);
    for hunk in diff.unified_diff().iter_hunks() {
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            let text = change.value();
            let text = text.strip_suffix('\n').unwrap_or(text);
            let text = text.strip_suffix('\r').unwrap_or(text);
            line(out, &change.tag().to_string(), text);
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
}

/// Replaces the file at `path` by `text` in one step: a temporary file
/// beside it (on the same file system, so the rename is atomic) with the
/// original's permissions, synced, then renamed over it. On any error the
/// temporary file is removed and the original is untouched.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".claimcheck-fmt-")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_keeps_the_permissions_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.claims");
        std::fs::write(&path, "deaths=1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, "deaths = 1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "deaths = 1\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.claims"]);
    }

    #[test]
    fn the_diff_shows_input_without_obeying_it() {
        let mut out = String::new();
        let old = "::add-mask::x\r\ndeaths=1\x1b[2J\r\nincidents\r= 1";
        let new = "::add-mask::x\r\ndeaths = 1\x1b[2J\r\nincidents = 1\r\n";
        unified(&mut out, "a\n.md", old, new);
        assert_eq!(
            out,
            [
                "--- a\u{fffd}.md",
                "+++ a\u{fffd}.md (formatted)",
                "@@ -1,4 +1,3 @@",
                " \u{fffd}:add-mask::x",
                "-deaths=1\u{fffd}[2J",
                // A lone carriage return ends a line, as a terminal would
                // take it, but is not written.
                "-incidents",
                "-= 1",
                "\\ No newline at end of file",
                "+deaths = 1\u{fffd}[2J",
                "+incidents = 1",
                "",
            ]
            .join("\n")
        );
    }

    #[test]
    fn summaries_count_files() {
        let mut f = Formatted {
            changed: vec!["a.claims".into()],
            unchanged: 2,
            ..Formatted::default()
        };
        assert_eq!(f.summary(), "1 file reformatted, 2 left unchanged");
        f.check = true;
        assert_eq!(f.summary(), "1 file would be reformatted, 2 left unchanged");
        assert_eq!(f.exit_code(), 1);
        f.check = false;
        assert_eq!(f.exit_code(), 0);
    }
}
