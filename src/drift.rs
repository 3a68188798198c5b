//! Drift: what changed since a saved JSON report. After publication the
//! claims stay as written but the dataset keeps growing, and the case that
//! matters most is an update that makes a published claim false. `check
//! --baseline OLD.json` matches each claim of the run with its record in
//! the old report and keeps every claim whose verdict, value, low or high
//! changed; a verdict that got worse fails the run.
//!
//! Claims are matched by file and label, or by file and line when they
//! have no label, so a label is what keeps a claim matched while the lines
//! above it are edited. A claim that only one side has is not drift: it
//! was added to or taken from the file, which its own review shows.

use crate::ast::Span;
use crate::check::{CheckedClaim, CheckedFile, Run};
use crate::diagnostic::Diagnostic;
use crate::eval::Verdict;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Every claim of a run that changed since the baseline, in the order of
/// the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The baseline report as the user named it.
    pub baseline: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub file: String,
    /// The claim's line now.
    pub line: usize,
    pub label: Option<String>,
    /// The claim as it is written now.
    pub claim: String,
    pub was: State,
    pub now: State,
}

/// A claim's verdict and numbers in one report; numbers are `None` when
/// unbounded or when the claim could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub verdict: Verdict,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
}

/// Which way a claim moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Its verdict got worse: pass → disputed, fail or error; disputed →
    /// fail or error; fail → error.
    Worse,
    Better,
    /// Same verdict, other numbers.
    Changed,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Worse => "worse",
            Direction::Better => "better",
            Direction::Changed => "changed",
        }
    }
}

impl Change {
    pub fn direction(&self) -> Direction {
        match rank(self.now.verdict).cmp(&rank(self.was.verdict)) {
            std::cmp::Ordering::Greater => Direction::Worse,
            std::cmp::Ordering::Less => Direction::Better,
            std::cmp::Ordering::Equal => Direction::Changed,
        }
    }
}

impl Drift {
    /// How many claims got worse.
    pub fn worse(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.direction() == Direction::Worse)
            .count()
    }

    /// The change of one claim of the run, if it changed.
    pub fn of(&self, file: &str, line: usize) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.file == file && c.line == line)
    }

    /// The change of one claim of the run, if it got worse.
    pub fn worse_of(&self, file: &str, line: usize) -> Option<&Change> {
        self.of(file, line)
            .filter(|c| c.direction() == Direction::Worse)
    }
}

/// How bad a verdict is: an error is worse than a failure, since nothing
/// at all could be said of the claim.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Pass => 0,
        Verdict::Disputed => 1,
        Verdict::Fail => 2,
        Verdict::Error => 3,
    }
}

/// Compares the run with the report saved at `path`, and records the
/// drift in the run; a baseline that cannot be read, or is not a
/// claimcheck JSON report, is an error of the run instead.
pub fn compare_with(run: &mut Run, path: &str) {
    match load(path) {
        Ok(baseline) => run.drift = Some(compare(&baseline, run, path)),
        Err(d) => run.diagnostics.push(*d),
    }
}

/// The records of a baseline report, by the key that matches a claim.
type Baseline = BTreeMap<Key, State>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Label(String, String),
    Line(String, usize),
}

impl Key {
    fn of(file: &str, label: Option<&str>, line: usize) -> Key {
        match label {
            Some(label) => Key::Label(file.to_string(), label.to_string()),
            None => Key::Line(file.to_string(), line),
        }
    }
}

/// What a baseline needs of a JSON report; everything else in it (and
/// whatever later versions add) is ignored.
#[derive(Deserialize)]
struct Report {
    version: u32,
    claims: Vec<Record>,
}

#[derive(Deserialize)]
struct Record {
    file: String,
    line: usize,
    label: Option<String>,
    verdict: String,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    #[serde(default)]
    unit: Option<String>,
}

const SAVE_ONE: &str = "save one with `claimcheck check … --format json > FILE`";

fn load(path: &str) -> Result<Baseline, Box<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(
            Diagnostic::error(path, format!("cannot read the baseline report: {e}"))
                .with_help(Some(SAVE_ONE.into())),
        )
    })?;
    let not_a_report = |message: String| {
        Box::new(
            Diagnostic::error(
                path,
                format!("the baseline is not a claimcheck JSON report: {message}"),
            )
            .with_help(Some(SAVE_ONE.into())),
        )
    };
    let report: Report = serde_json::from_str(&text).map_err(|e| {
        let d = not_a_report(e.to_string());
        let span = Span {
            line: e.line(),
            col: e.column().max(1),
            len: 1,
        };
        Box::new(d.at(span, &text))
    })?;
    if report.version != 1 {
        return Err(not_a_report(format!(
            "version {} is not one this claimcheck reads (1)",
            report.version
        )));
    }
    let mut baseline = Baseline::new();
    for r in report.claims {
        let verdict = verdict(&r.verdict).ok_or_else(|| {
            not_a_report(format!(
                "`{}` (line {} of {}) is not a verdict",
                r.verdict, r.line, r.file
            ))
        })?;
        let state = State {
            verdict,
            value: r.value,
            low: r.low,
            high: r.high,
            unit: r.unit,
        };
        baseline
            .entry(Key::of(&r.file, r.label.as_deref(), r.line))
            .or_insert(state);
    }
    Ok(baseline)
}

fn verdict(word: &str) -> Option<Verdict> {
    [
        Verdict::Pass,
        Verdict::Fail,
        Verdict::Disputed,
        Verdict::Error,
    ]
    .into_iter()
    .find(|v| v.as_str() == word)
}

fn compare(baseline: &Baseline, run: &Run, path: &str) -> Drift {
    let changes = run
        .claims()
        .filter_map(|(file, claim)| {
            let entry = &claim.entry;
            let label = entry.label.as_ref().map(|l| l.node.clone());
            let was = baseline.get(&Key::of(&file.path, label.as_deref(), entry.line))?;
            let now = state(file, claim);
            (*was != now).then(|| Change {
                file: file.path.clone(),
                line: entry.line,
                label,
                claim: entry.text.clone(),
                was: was.clone(),
                now,
            })
        })
        .collect();
    Drift {
        baseline: path.to_string(),
        changes,
    }
}

/// A claim of the run as its JSON record gives it.
fn state(file: &CheckedFile, claim: &CheckedClaim) -> State {
    match (&claim.result, &file.dataset) {
        (Ok(o), Some(_)) => State {
            verdict: o.verdict,
            value: Some(o.value),
            low: o.low,
            high: o.high,
            unit: o.unit.map(|u| u.symbol().to_string()),
        },
        _ => State {
            verdict: claim.verdict(),
            value: None,
            low: None,
            high: None,
            unit: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(verdict: Verdict, value: f64) -> State {
        State {
            verdict,
            value: Some(value),
            low: Some(value),
            high: Some(value),
            unit: None,
        }
    }

    fn change(was: Verdict, now: Verdict) -> Change {
        Change {
            file: "a.claims".into(),
            line: 1,
            label: None,
            claim: "deaths = 1".into(),
            was: state(was, 1.0),
            now: state(now, 2.0),
        }
    }

    #[test]
    fn a_verdict_gets_worse_from_pass_to_disputed_to_fail_to_error() {
        use Verdict::*;
        for (was, now) in [
            (Pass, Disputed),
            (Pass, Fail),
            (Pass, Error),
            (Disputed, Fail),
            (Disputed, Error),
            (Fail, Error),
        ] {
            assert_eq!(change(was, now).direction(), Direction::Worse);
            assert_eq!(change(now, was).direction(), Direction::Better);
        }
        assert_eq!(change(Fail, Fail).direction(), Direction::Changed);
    }

    #[test]
    fn an_unreadable_or_foreign_baseline_is_an_error_that_says_so() {
        let missing = load("no/such/baseline.json").unwrap_err();
        assert!(
            missing
                .message
                .starts_with("cannot read the baseline report")
        );
        let dir = std::env::temp_dir();
        let foreign = dir.join(format!("claimcheck-{}-foreign.json", std::process::id()));
        std::fs::write(&foreign, "{\"claims\": 3}\n").unwrap();
        let d = load(&foreign.to_string_lossy()).unwrap_err();
        assert!(
            d.message
                .starts_with("the baseline is not a claimcheck JSON report"),
            "{}",
            d.message
        );
        assert_eq!(d.span.map(|s| s.line), Some(1));
        std::fs::write(&foreign, "{\"version\": 2, \"claims\": []}").unwrap();
        let d = load(&foreign.to_string_lossy()).unwrap_err();
        assert!(d.message.contains("version 2"), "{}", d.message);
        let _ = std::fs::remove_file(&foreign);
    }

    #[test]
    fn records_are_keyed_by_label_else_line() {
        assert_eq!(
            Key::of("a.claims", Some("tally"), 3),
            Key::of("a.claims", Some("tally"), 9)
        );
        assert_ne!(Key::of("a.claims", None, 3), Key::of("a.claims", None, 9));
        assert_ne!(
            Key::of("a.claims", Some("tally"), 3),
            Key::of("b.claims", Some("tally"), 3)
        );
    }
}
