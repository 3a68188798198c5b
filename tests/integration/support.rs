//! What every integration test needs: running the built binary from the
//! repository root, listing claim files, and reading the `# expect:`
//! comments that hand-worked claim files carry above each claim (format in
//! `claims/fixtures/README.md`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root: claim files' `@data` paths and the reports'
/// `file` fields are relative to it.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `claimcheck ARGS…` from the repository root, so that paths in
/// arguments and reports are relative to it.
pub fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

/// How long a bounded run may take before the test calls it hung: far
/// beyond what any test input needs, even in a debug build on a busy
/// machine, and far below what a quadratic or endless loop takes.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The address space a bounded run may take on Unix, in KiB (2 GiB).
const MEMORY_KIB: u32 = 2 << 20;

/// `run`, bounded: the run is killed and the test fails after `TIMEOUT`,
/// and on Unix it runs under a 2 GiB limit of address space, so that a
/// runaway allocation ends it with a signal (code -1) instead of taking
/// the machine's memory. Also gives how long the run took.
pub fn run_bounded(args: &[&str]) -> (Run, Duration) {
    let bin = env!("CARGO_BIN_EXE_claimcheck");
    let mut command = if cfg!(unix) {
        let mut sh = Command::new("sh");
        let limited = format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\"");
        sh.arg("-c").arg(limited).arg(bin);
        sh
    } else {
        Command::new(bin)
    };
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .expect("the claimcheck binary can be started");
    // Both pipes are drained as the run goes, so a long report never
    // blocks it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().expect("the run can be waited for") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claimcheck {args:?} hung: killed after {TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    (run, elapsed)
}

/// `run`, with environment variables set for the run alone; `NO_COLOR`
/// and `GITHUB_STEP_SUMMARY` are unset unless `env` sets them, whatever the
/// test runner's, so that a test run in GitHub Actions writes nothing into
/// its own job summary.
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("the claimcheck binary can be started");
    Run {
        // A run killed by a signal has no code; -1 matches no expected one.
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every claim file the report formats are tried on: the fixtures, the
/// error fixtures, the bundled example and both hostile claim files.
pub fn report_inputs() -> Vec<String> {
    let mut files = claim_files("claims/fixtures");
    files.extend(claim_files("tests/errors"));
    files.extend(
        [
            "claims/tajik-afghan-border.claims",
            "tests/data/hostile.claims",
            "tests/data/hostile-forged.claims",
        ]
        .map(String::from),
    );
    files
}

/// The `*.claims` files directly in `dir` (relative to the repository
/// root), as relative paths with `/`, sorted.
pub fn claim_files(dir: &str) -> Vec<String> {
    let entries =
        std::fs::read_dir(root().join(dir)).unwrap_or_else(|e| panic!("cannot list {dir}: {e}"));
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".claims"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// Writes `text` to a claim file of its own in the system's temporary
/// directory, named after `name` and this process so that tests running
/// at once never share one, and returns its path.
pub fn temp_claims(name: &str, text: &str) -> String {
    temp_file(&format!("{name}.claims"), text)
}

/// `temp_claims` for any file: `file_name` ends with its extension.
pub fn temp_file(file_name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("claimcheck-{}-{file_name}", std::process::id()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

/// A fresh, empty directory of this test run in the system's temporary
/// directory, named after `name` and this process so that tests running at
/// once never share one; removed when dropped. It derefs to its `Path`.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("claimcheck-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Scratch(dir)
    }

    /// Writes a file (any bytes) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("the scratch file can be written");
        path.to_string_lossy().into_owned()
    }

    pub fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads a file relative to the repository root.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// One claim line of a claim file with what is expected of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// 1-based line number.
    pub line: usize,
    pub label: Option<String>,
    /// The claim without its label, comment and surrounding blanks.
    pub text: String,
    /// The `>` lines above it, joined with one space.
    pub quote: Option<String>,
    pub expected: Expected,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Outcome(Outcome),
    /// The claim is an error whose message (or help) contains this.
    Error(String),
}

/// An evaluated claim's expected result; `None` numbers are JSON `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub verdict: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// `from..to` as written, an empty side for an unbounded end; `None`
    /// when the expectation does not state the window.
    pub window: Option<(Option<String>, Option<String>)>,
    /// `include`: each group as the claim writes it, with its verdict.
    pub groups: Vec<(String, String)>,
}

impl Expected {
    /// The verdict the report should give.
    pub fn verdict(&self) -> &str {
        match self {
            Expected::Outcome(o) => &o.verdict,
            Expected::Error(_) => "error",
        }
    }
}

const EXPECT: &str = "# expect:";

/// Reads every claim of a claim file with the expectation written above it.
/// Every claim must have one and every expectation must have a claim; the
/// error names the line that breaks this.
pub fn expectations(src: &str) -> Result<Vec<Claim>, String> {
    let mut claims = Vec::new();
    let mut pending: Option<(usize, Expected)> = None;
    let mut quote: Vec<&str> = Vec::new();
    for (index, raw) in src.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if let Some(rest) = trimmed.strip_prefix(EXPECT) {
            if let Some((earlier, _)) = pending {
                return Err(format!("line {earlier}: expectation without a claim"));
            }
            let expected = parse_expectation(rest).map_err(|e| format!("line {line}: {e}"))?;
            pending = Some((line, expected));
        } else if let Some(text) = trimmed.strip_prefix('>') {
            quote.push(text.trim());
        } else if !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('@')) {
            let (_, expected) = pending
                .take()
                .ok_or_else(|| format!("line {line}: claim without an `# expect:` comment"))?;
            let (label, text) = split_label(strip_comment(trimmed));
            claims.push(Claim {
                line,
                label: label.map(str::to_string),
                text: text.to_string(),
                quote: (!quote.is_empty()).then(|| quote.join(" ")),
                expected,
            });
            quote.clear();
        }
    }
    match pending {
        Some((line, _)) => Err(format!("line {line}: expectation without a claim")),
        None => Ok(claims),
    }
}

/// The line up to a `#` that is not inside a double-quoted string.
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return line[..at].trim_end(),
            _ => {}
        }
    }
    line
}

/// Splits `name: claim` into the label and the claim; a label is lowercase
/// letters, digits, `-` and `_`, starting with a letter.
fn split_label(line: &str) -> (Option<&str>, &str) {
    let is_label = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    match line.split_once(':') {
        Some((name, rest)) if is_label(name) => (Some(name), rest.trim()),
        _ => (None, line),
    }
}

/// Parses what follows `# expect:`: `error "SUBSTRING"`, or
/// `VERDICT value=V low=L high=H [window=F..T] [groups=g:v,…]`.
fn parse_expectation(rest: &str) -> Result<Expected, String> {
    let rest = rest.trim();
    if let Some(quoted) = rest.strip_prefix("error") {
        let substring = quoted
            .trim()
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("expected error \"SUBSTRING\", got `{rest}`"))?;
        return Ok(Expected::Error(substring.to_string()));
    }
    // `groups=` runs to the end of the line: group names may hold spaces.
    let (head, groups) = match rest.split_once("groups=") {
        Some((head, groups)) => (head, parse_groups(groups)?),
        None => (rest, Vec::new()),
    };
    let mut words = head.split_whitespace();
    let verdict = words.next().unwrap_or_default();
    if !["pass", "fail", "disputed"].contains(&verdict) {
        return Err(format!("unknown verdict `{verdict}`"));
    }
    let (mut value, mut low, mut high, mut window) = (None, None, None, None);
    for word in words {
        let (key, val) = word
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, got `{word}`"))?;
        match key {
            "value" => value = Some(parse_number(val)?),
            "low" => low = Some(parse_number(val)?),
            "high" => high = Some(parse_number(val)?),
            "window" => window = Some(parse_window(val)?),
            _ => return Err(format!("unknown key `{key}`")),
        }
    }
    let required = |n: Option<Option<f64>>, key: &str| n.ok_or_else(|| format!("missing {key}="));
    Ok(Expected::Outcome(Outcome {
        verdict: verdict.to_string(),
        value: required(value, "value")?,
        low: required(low, "low")?,
        high: required(high, "high")?,
        window,
        groups,
    }))
}

fn parse_number(s: &str) -> Result<Option<f64>, String> {
    if s == "null" {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| format!("`{s}` is not a number or null"))
}

fn parse_window(s: &str) -> Result<(Option<String>, Option<String>), String> {
    let (from, to) = s
        .split_once("..")
        .ok_or_else(|| format!("window `{s}` is not FROM..TO"))?;
    let side = |d: &str| (!d.is_empty()).then(|| d.to_string());
    Ok((side(from), side(to)))
}

fn parse_groups(s: &str) -> Result<Vec<(String, String)>, String> {
    s.trim()
        .split(',')
        .map(|pair| {
            pair.rsplit_once(':')
                .map(|(group, verdict)| (group.trim().to_string(), verdict.trim().to_string()))
                .ok_or_else(|| format!("group `{pair}` is not NAME:VERDICT"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_outcome_with_its_quote_label_and_window() {
        let src = "@as-of 2026-01-12\n\
                   > first half\n\
                   >   second half\n\
                   # expect: disputed value=49 low=40 high=null window=2025-11-01..\n\
                   # working\n\
                   tally: deaths in \"Post #14\" since November = 49  # note\n";
        let claims = expectations(src).unwrap();
        assert_eq!(claims.len(), 1);
        let claim = &claims[0];
        assert_eq!(claim.line, 6);
        assert_eq!(claim.label.as_deref(), Some("tally"));
        assert_eq!(claim.text, "deaths in \"Post #14\" since November = 49");
        assert_eq!(claim.quote.as_deref(), Some("first half second half"));
        let Expected::Outcome(o) = &claim.expected else {
            panic!("expected an outcome, got {:?}", claim.expected);
        };
        assert_eq!(o.verdict, "disputed");
        assert_eq!((o.value, o.low, o.high), (Some(49.0), Some(40.0), None));
        assert_eq!(o.window, Some((Some("2025-11-01".to_string()), None)));
    }

    #[test]
    fn reads_groups_with_spaces_and_errors() {
        let src = "# expect: fail value=3 low=3 high=4 groups=militant:pass,border guard:fail\n\
                   deaths include \"militant\" and \"border guard\"\n\
                   # expect: error \"did you mean\"\n\
                   deahts = 3\n";
        let claims = expectations(src).unwrap();
        let Expected::Outcome(o) = &claims[0].expected else {
            panic!("expected an outcome, got {:?}", claims[0].expected);
        };
        assert_eq!(
            o.groups,
            vec![
                ("militant".to_string(), "pass".to_string()),
                ("border guard".to_string(), "fail".to_string())
            ]
        );
        assert_eq!(claims[0].quote, None);
        assert_eq!(
            claims[1].expected,
            Expected::Error("did you mean".to_string())
        );
        assert_eq!(claims[1].expected.verdict(), "error");
    }

    #[test]
    fn refuses_unpaired_and_malformed_expectations() {
        assert!(expectations("deaths = 3\n").unwrap_err().contains("line 1"));
        assert!(
            expectations("# expect: pass value=1 low=1 high=1\n")
                .unwrap_err()
                .contains("without a claim")
        );
        assert!(
            expectations("# expect: pass value=1 low=1\ndeaths = 1\n")
                .unwrap_err()
                .contains("missing high=")
        );
        assert!(
            expectations("# expect: maybe value=1 low=1 high=1\ndeaths = 1\n")
                .unwrap_err()
                .contains("unknown verdict")
        );
    }

    #[test]
    fn a_colon_inside_a_claim_is_not_a_label() {
        assert_eq!(
            split_label("deaths in \"A:B\" = 1"),
            (None, "deaths in \"A:B\" = 1")
        );
        assert_eq!(
            split_label("Tally: deaths = 1"),
            (None, "Tally: deaths = 1")
        );
        assert_eq!(
            split_label("a-1_b: deaths = 1"),
            (Some("a-1_b"), "deaths = 1")
        );
    }
}
