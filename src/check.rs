//! A `check` run: finds the claim files, loads each file's dataset once,
//! evaluates every claim, and hands everything the reports need — the
//! outcome or error of each claim and every diagnostic — to a `Sink`, in
//! order, as soon as it is found, without printing anything itself.
//! Claims are evaluated in parallel, a few at a time, and each is made
//! into what the sink takes (a report's text) on the same threads; so a
//! report of a million incidents is written claim by claim, never held
//! whole. `run` keeps it all instead, in a `Run`.

use crate::ast::{Entry, Span};
use crate::dataset::export::{self, Layout};
use crate::dataset::{self, Dataset};
use crate::diagnostic::{Diagnostic, Severity};
use crate::drift::Drift;
use crate::eval::{self, Outcome, Verdict};
use crate::pipeline::Pipeline;
use crate::progress::Progress;
use crate::{draft, exit, parse};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The default tolerance of `about`, in percent (spec §2).
pub const DEFAULT_TOLERANCE: f64 = 5.0;

/// What the command line may override in every file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--data`: the dataset for every file, instead of each file's `@data`.
    pub data: Option<String>,
    /// `--as-of`: the reference date, instead of each file's `@as-of`.
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Default)]
pub struct Run {
    pub files: Vec<CheckedFile>,
    /// Every problem found, in the order met: unreadable files, dataset
    /// problems, directive errors, and each claim that could not be checked.
    pub diagnostics: Vec<Diagnostic>,
    /// What changed since a baseline report, when one was given.
    pub drift: Option<Drift>,
}

#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The file as the user named it, with `/` separators (`<claim>` for
    /// the claim `explain` was given).
    pub path: String,
    /// The file's text, so that reports can rewrite a claim where its
    /// numbers are written.
    pub source: String,
    /// Where each line of `source` starts, so that finding a claim's line
    /// costs the same on line 200,000 as on line 2.
    line_starts: Vec<usize>,
    /// The dataset as the report names it, if one was given.
    pub data_path: Option<String>,
    pub dataset: Option<Arc<Dataset>>,
    pub as_of: Option<NaiveDate>,
    /// The default tolerance of `about`, in percent.
    pub tolerance: f64,
    pub claims: Vec<CheckedClaim>,
}

impl CheckedFile {
    /// What the file's claims were evaluated against; `None` without a
    /// dataset.
    pub fn context(&self) -> Option<eval::Context<'_>> {
        self.dataset.as_deref().map(|dataset| eval::Context {
            dataset,
            as_of: self.as_of,
            tolerance: self.tolerance,
        })
    }

    /// Line `n` (1-based) of the file, as written (without its line end).
    pub fn line(&self, n: usize) -> Option<&str> {
        let start = *self.line_starts.get(n.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(n)
            .map_or(self.source.len(), |next| next - 1);
        let line = self.source.get(start..end)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        Some(line.trim_start_matches('\u{feff}'))
    }
}

/// The path that diagnostics and reports give the claim `explain` checks.
pub const CLAIM_PATH: &str = "<claim>";

#[derive(Debug, Clone)]
pub struct CheckedClaim {
    pub entry: Entry,
    pub result: Result<Outcome, ClaimError>,
}

/// Why a claim could not be checked. Parse, date and evaluation errors all
/// end here, with the place in the claim file where they have one.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimError {
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl CheckedClaim {
    pub fn verdict(&self) -> Verdict {
        self.result.as_ref().map_or(Verdict::Error, |o| o.verdict)
    }
}

/// Counts of verdicts: the report's summary line and the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    pub disputed: usize,
    pub error: usize,
}

impl Summary {
    /// The counts of some claims: a run's, or one file's.
    pub fn of<'a>(claims: impl Iterator<Item = &'a CheckedClaim>) -> Summary {
        let mut s = Summary::default();
        for claim in claims {
            s.add(claim.verdict());
        }
        s
    }

    pub fn add(&mut self, verdict: Verdict) {
        self.total += 1;
        match verdict {
            Verdict::Pass => self.pass += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::Disputed => self.disputed += 1,
            Verdict::Error => self.error += 1,
        }
    }

    /// What a run with these verdicts comes to, for `exit::code`;
    /// `errors`: whether a diagnostic was an error (a file or dataset
    /// could not be checked).
    pub fn outcome(&self, errors: bool) -> exit::Outcome {
        exit::Outcome {
            failed: self.fail > 0,
            disputed: self.disputed > 0,
            unchecked: self.error > 0 || errors,
            ..exit::Outcome::default()
        }
    }
}

/// Where a run's results go, in order, as soon as they are found.
pub trait Sink<T> {
    /// A file whose claims follow; its `claims` are empty.
    fn file(&mut self, file: &CheckedFile);
    /// One claim of the last file, as the run's `render` made it, in the
    /// order of the file.
    fn claim(&mut self, claim: T);
    /// A problem: a file that cannot be read, a dataset's problem, a
    /// directive error, a claim that could not be checked.
    fn diagnostic(&mut self, diagnostic: Diagnostic);
}

/// A run kept whole: every file with its claims, every diagnostic.
impl Sink<CheckedClaim> for Run {
    fn file(&mut self, file: &CheckedFile) {
        self.files.push(file.clone());
    }

    fn claim(&mut self, claim: CheckedClaim) {
        if let Some(file) = self.files.last_mut() {
            file.claims.push(claim);
        }
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

impl Run {
    pub fn claims(&self) -> impl Iterator<Item = (&CheckedFile, &CheckedClaim)> {
        self.files
            .iter()
            .flat_map(|f| f.claims.iter().map(move |c| (f, c)))
    }

    pub fn summary(&self) -> Summary {
        Summary::of(self.claims().map(|(_, c)| c))
    }

    pub fn exit_code(&self, strict: bool) -> u8 {
        let errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let outcome = exit::Outcome {
            worse: self.drift.as_ref().is_some_and(|d| d.worse() > 0),
            ..self.summary().outcome(errors)
        };
        exit::code(outcome, strict)
    }
}

/// Checks every claim file and draft named by `paths` (a directory: every
/// `*.claims` and `*.md` below it, in sorted order), and keeps it all.
pub fn run(paths: &[String], options: &Options) -> Run {
    let mut run = Run::default();
    stream(paths, options, &|_, claim| claim.clone(), &mut run);
    run
}

/// How a run makes each claim into what its sink takes; called on any
/// thread, for several claims at once.
pub type Render<'r, T> = dyn Fn(&CheckedFile, &CheckedClaim) -> T + Sync + 'r;

/// Checks every claim file named by `paths`, handing each file, each
/// claim (made by `render`) and each diagnostic to `sink` in order.
pub fn stream<T: Send>(
    paths: &[String],
    options: &Options,
    render: &Render<T>,
    sink: &mut impl Sink<T>,
) {
    let mut datasets = Datasets::default();
    for path in paths {
        let problems = walk(path, |file, named| {
            check_file(file, named, options, &mut datasets, render, sink)
        });
        problems.into_iter().for_each(|d| sink.diagnostic(d));
    }
}

/// Hands every claim file and draft that `path` names to `visit`, with
/// whether the user named it (rather than a directory holding it); `visit`
/// says whether the file held claims. Returns the walk's own problems: a
/// path that is not there, and a directory in which nothing held claims,
/// an error as one without files is, since a CI job pointed at the wrong
/// place must not pass.
pub fn walk(path: &str, mut visit: impl FnMut(&str, bool) -> bool) -> Vec<Diagnostic> {
    let named = !Path::new(path).is_dir();
    let files = match claim_files(path) {
        Ok(files) => files,
        Err(d) => return vec![*d],
    };
    let mut held = false;
    for file in files {
        held |= visit(&file, named);
    }
    if !held && !named {
        return vec![no_claims(path)];
    }
    Vec::new()
}

/// A directory below which nothing holds claims.
fn no_claims(path: &str) -> Diagnostic {
    Diagnostic::error(path, "no claim file or draft with claims in this directory").with_help(Some(
        "give a claim file, or a directory of `*.claims` files or drafts with a `claims` block"
            .into(),
    ))
}

/// The claim files and drafts a path names, with `/`-separated display
/// names: the path itself, or every `*.claims` and Markdown file below a
/// directory, sorted; a directory without any is an error. Whether a
/// draft holds claims is known once it is read.
pub fn claim_files(path: &str) -> Result<Vec<String>, Box<Diagnostic>> {
    let p = Path::new(path);
    if !p.is_dir() {
        return if p.exists() {
            Ok(vec![path.to_string()])
        } else {
            Err(Box::new(
                Diagnostic::error(path, "no such file or directory").with_help(Some(
                    "give a claim file, a draft, or a directory of `*.claims` and `*.md` files"
                        .into(),
                )),
            ))
        };
    }
    let mut found = Vec::new();
    let mut pending = vec![p.to_path_buf()];
    // A directory reached again through a symbolic link is read once, so
    // links that loop (`sub/up -> ..`) end the walk instead of repeating it.
    let mut read = HashSet::new();
    while let Some(dir) = pending.pop() {
        if std::fs::canonicalize(&dir).is_ok_and(|real| !read.insert(real)) {
            continue;
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            Box::new(Diagnostic::error(
                display(&dir),
                format!("cannot read the directory: {e}"),
            ))
        })?;
        for entry in entries.flatten() {
            let child = entry.path();
            if child.is_dir() {
                pending.push(child);
            } else if child.extension().is_some_and(|e| e == "claims") || draft::is_draft(&child) {
                found.push(display(&child));
            }
        }
    }
    if found.is_empty() {
        return Err(Box::new(no_claims(path)));
    }
    found.sort();
    // A file reached by two paths is checked once, under the first.
    let mut kept = HashSet::new();
    found.retain(|f| std::fs::canonicalize(f).map_or(true, |real| kept.insert(real)));
    Ok(found)
}

/// Checks one claim file or draft; `named` says the user named it rather
/// than a directory that holds it. Says whether the file holds claims to
/// check: a claim file does, even one that cannot be read; a draft only
/// with a `claims` block.
fn check_file<T: Send>(
    path: &str,
    named: bool,
    options: &Options,
    datasets: &mut Datasets,
    render: &Render<T>,
    sink: &mut impl Sink<T>,
) -> bool {
    let mut unread = Vec::new();
    let text = read_claims(path, named, &mut unread);
    unread.into_iter().for_each(|d| sink.diagnostic(d));
    let Some(text) = text else {
        return !draft::is_draft(path);
    };
    let parsed = if draft::is_draft(path) {
        parse::parse_lines(draft::claim_lines(&text))
    } else {
        parse::parse_file(&text)
    };
    let setting = Setting {
        as_of: options
            .as_of
            .or_else(|| parsed.directives.as_of.as_ref().map(|d| d.node)),
        tolerance: parsed
            .directives
            .tolerance
            .as_ref()
            .map_or(DEFAULT_TOLERANCE, |t| t.node),
        data_path: match (&options.data, &parsed.directives.data) {
            (Some(data), _) => Some(data.clone()),
            (None, Some(data)) => Some(relative_to(path, &data.node)),
            (None, None) => None,
        },
    };
    let input = Input {
        path,
        source: text,
        errors: &parsed.errors,
    };
    check_entries(input, parsed.entries, setting, datasets, render, sink);
    true
}

/// `explain`: one claim, as the command line gives it, checked against
/// `--data` like a claim on line 1 of a file named `<claim>`.
pub fn explain(claim: &str, options: &Options) -> Run {
    let mut run = Run::default();
    let setting = Setting {
        as_of: options.as_of,
        tolerance: DEFAULT_TOLERANCE,
        data_path: options.data.clone(),
    };
    let input = Input {
        path: CLAIM_PATH,
        source: claim.to_string(),
        errors: &[],
    };
    let entry = parse::parse_entry(claim);
    check_entries(
        input,
        vec![entry],
        setting,
        &mut Datasets::default(),
        &|_, claim| claim.clone(),
        &mut run,
    );
    run
}

/// A claim file as read: its text, and the errors of its structure
/// (directives, quotes) that belong to no claim.
struct Input<'a> {
    path: &'a str,
    source: String,
    errors: &'a [parse::ParseError],
}

/// What a file's claims are checked with.
struct Setting {
    as_of: Option<NaiveDate>,
    tolerance: f64,
    data_path: Option<String>,
}

/// Evaluates the entries of one file against its dataset, recording each
/// claim that could not be checked as a diagnostic at its place. The
/// file's diagnostics follow its dataset's, in the order of their lines,
/// so an editor reads them top to bottom.
fn check_entries<T: Send>(
    input: Input,
    entries: Vec<Entry>,
    setting: Setting,
    datasets: &mut Datasets,
    render: &Render<T>,
    sink: &mut impl Sink<T>,
) {
    let Input {
        path,
        source,
        errors,
    } = input;
    let dataset = setting
        .data_path
        .as_deref()
        .and_then(|p| datasets.get(p, sink));
    let file = CheckedFile {
        path: path.to_string(),
        line_starts: line_starts(&source),
        source,
        data_path: setting.data_path,
        dataset,
        as_of: setting.as_of,
        tolerance: setting.tolerance,
        claims: Vec::new(),
    };
    let mut located_here: Vec<Diagnostic> = errors
        .iter()
        .map(|e| located(&file, e.span, &e.message, e.help.clone()))
        .collect();
    sink.file(&file);
    let mut progress = Progress::new("checking claims", Some(entries.len() as u64), false);
    let check = |entry: Entry| {
        let claim = check_claim(entry, &file);
        let located = claim.result.as_ref().err().map(|e| {
            let entry = &claim.entry;
            let span = e.span.unwrap_or(Span {
                line: entry.line,
                col: 1,
                len: entry.text.chars().count().max(1),
            });
            located(&file, span, &e.message, e.help.clone())
        });
        (claim, located)
    };
    let listed = |(claim, _): &(CheckedClaim, _)| {
        claim
            .result
            .as_ref()
            .map_or(0, |o| o.incidents.len() + o.maybe.len())
    };
    let report =
        |(claim, located): (CheckedClaim, Option<Diagnostic>)| (render(&file, &claim), located);
    pipeline().run(entries, &check, listed, &report, |(rendered, located)| {
        sink.claim(rendered);
        located_here.extend(located);
        progress.advance(1);
    });
    drop(progress);
    located_here.sort_by_key(|d| d.span.map(|s| s.line));
    for d in located_here {
        sink.diagnostic(d);
    }
}

/// One claim of a file, evaluated.
fn check_claim(entry: Entry, file: &CheckedFile) -> CheckedClaim {
    let result = match (&entry.claim, file.context(), &file.data_path) {
        (Err(e), _, _) => Err(ClaimError {
            span: Some(e.span),
            message: e.message.clone(),
            help: e.help.clone(),
        }),
        (Ok(_), _, None) => Err(ClaimError {
            span: None,
            message: "no dataset to check the claim against".into(),
            help: Some("add `@data PATH` to the claim file or pass `--data PATH`".into()),
        }),
        (Ok(_), None, Some(data)) => Err(ClaimError {
            span: None,
            message: format!("the dataset `{data}` could not be loaded"),
            help: Some(format!("`claimcheck validate {data}` lists its problems")),
        }),
        (Ok(claim), Some(ctx), _) => eval::evaluate(claim, &ctx).map_err(|e| ClaimError {
            span: e.span,
            message: e.message,
            help: e.help,
        }),
    };
    CheckedClaim { entry, result }
}

/// How a file's claims are evaluated: up to thirty-two per core ahead of
/// the report being written (a claim's outcome lists its incidents as
/// runs, so it is small until its report is made), and reports made for
/// at most six million listed incidents that are not yet written (a
/// report holds its listed positions, a few bytes each, until it is
/// written), so that what is in flight stays small beside the dataset.
fn pipeline() -> Pipeline {
    Pipeline {
        window: 32 * rayon::current_num_threads(),
        budget: 6_000_000,
    }
}

/// Where each line of `source` starts: its first byte, and the byte after
/// each line feed.
fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

fn located(file: &CheckedFile, span: Span, message: &str, help: Option<String>) -> Diagnostic {
    Diagnostic::error(&file.path, message)
        .on_line(span, file.line(span.line))
        .with_help(help)
}

/// Each dataset is loaded once per run, however many files name it, and
/// its problems are reported once.
#[derive(Default)]
struct Datasets {
    loaded: BTreeMap<String, Option<Arc<Dataset>>>,
}

/// How many of a dataset's problems a `check` run shows; `validate` shows
/// them all. A large export with one systematic fault would otherwise
/// bury the report under a million lines.
const SHOWN_PROBLEMS: usize = 20;

impl Datasets {
    fn get<T>(&mut self, path: &str, sink: &mut impl Sink<T>) -> Option<Arc<Dataset>> {
        if let Some(ds) = self.loaded.get(path) {
            return ds.clone();
        }
        let (dataset, problems) = load_dataset(path);
        let errors = problems.iter().filter(|d| d.is_error()).count();
        let hidden = problems.len().saturating_sub(SHOWN_PROBLEMS);
        for d in problems.into_iter().take(SHOWN_PROBLEMS) {
            sink.diagnostic(d);
        }
        let file = export::named(path).1;
        let summary = match &dataset {
            // An export keeps the rows that load; the run still fails.
            Some(ds) if errors > 0 => Some(Diagnostic::error(
                file,
                format!(
                    "the dataset has errors ({errors}): its malformed rows were left out, \
                     and the claims were checked against the rows that loaded ({})",
                    ds.incidents.len()
                ),
            )),
            _ if hidden > 0 => {
                let mut d = Diagnostic::error(file, "more problems of the dataset are not shown");
                d.severity = Severity::Warning;
                Some(d)
            }
            _ => None,
        };
        if let Some(summary) = summary {
            let more = if hidden > 0 {
                format!("{hidden} more problems are not shown; ")
            } else {
                String::new()
            };
            sink.diagnostic(summary.with_help(Some(format!(
                "{more}`claimcheck validate {path}` lists every problem"
            ))));
        }
        let dataset = dataset.map(Arc::new);
        self.loaded.insert(path.to_string(), dataset.clone());
        dataset
    }
}

/// Loads a dataset and renders its problems. A native dataset is `None`
/// when it has errors (warnings keep it); an ACLED or UCDP export keeps
/// the rows that load, and is `None` only when it cannot be read as one.
pub fn load_dataset(data: &str) -> (Option<Dataset>, Vec<Diagnostic>) {
    let (layout, path) = export::named(data);
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if layout.is_some() || extension.as_deref() == Some("csv") {
        return load_export(path, layout);
    }
    let text = match read_text(path) {
        Ok(text) => text,
        Err(d) => return (None, vec![*d]),
    };
    let checked = match extension.as_deref() {
        Some("json") => dataset::json::check(&text),
        _ => {
            let d = Diagnostic::error(path, "unsupported dataset format").with_help(Some(
                "give a native JSON dataset (`*.json`, spec §5), or an ACLED or UCDP GED \
                 export (`*.csv`, or named `acled:FILE` or `ucdp:FILE`)"
                    .into(),
            ));
            return (None, vec![d]);
        }
    };
    let diagnostics = checked
        .problems
        .iter()
        .map(|p| Diagnostic::from_dataset(path, &text, p))
        .collect();
    // The text is as large as the dataset: let it go before the incidents
    // are laid out.
    drop(text);
    let loaded = checked.finish();
    let dataset = if loaded.has_errors() {
        None
    } else {
        loaded.dataset
    };
    (dataset, diagnostics)
}

/// Reads an export row by row from the file; its text is never held
/// whole, so its problems are placed by line and column name only.
fn load_export(path: &str, layout: Option<Layout>) -> (Option<Dataset>, Vec<Diagnostic>) {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            let d = Diagnostic::error(path, format!("cannot read the file: {e}"));
            return (None, vec![d]);
        }
    };
    let name = Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
    let size = file.metadata().map(|m| m.len()).ok();
    let mut progress = Progress::new("reading the dataset", size, true);
    let loaded = export::load(progress.reading(file), layout, &name);
    drop(progress);
    let diagnostics = loaded
        .problems
        .iter()
        .map(|p| Diagnostic::from_dataset(path, "", p))
        .collect();
    (loaded.dataset, diagnostics)
}

/// The text of a claim file, or of a draft that holds claims; `None`, with
/// the reason in `diagnostics`, when there is none to check. A Markdown
/// file that a directory holds is a draft only if it can be read and has a
/// `claims` block: any other is passed over in silence. One named on the
/// command line without claims is worth a warning.
pub fn read_claims(path: &str, named: bool, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let read = read_text(path);
    if !draft::is_draft(path) {
        return read.map_err(|d| diagnostics.push(*d)).ok();
    }
    match read {
        Ok(text) if !draft::blocks(&text).is_empty() => Some(text),
        Ok(_) if named => {
            diagnostics.push(Diagnostic::warning(
                path,
                "this draft has no claims: put them in a fenced block marked `claims`",
            ));
            None
        }
        Err(d) if named => {
            diagnostics.push(*d);
            None
        }
        _ => None,
    }
}

/// Reads a UTF-8 text file; invalid UTF-8 is an error at its first bad byte.
fn read_text(path: &str) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Diagnostic::error(
            path,
            format!("cannot read the file: {e}"),
        ))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid);
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Box::new(
            Diagnostic::error(path, "the file is not valid UTF-8")
                .at(Span { line, col, len: 1 }, &text)
                .with_help(Some("save the file as UTF-8".into())),
        )
    })
}

/// `@data` is relative to the claim file; the result is tidied lexically
/// (`claims/../sources/x.json` → `sources/x.json`) so reports name it the
/// way a reader would. A layout prefix (`acled:`) stays in front.
fn relative_to(claim_file: &str, data: &str) -> String {
    let (layout, file) = export::named(data);
    let base = Path::new(claim_file).parent().unwrap_or(Path::new(""));
    let resolved = display(&normalize(&base.join(file)));
    format!("{}{resolved}", layout.map_or("", Layout::prefix))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// A path with `/` separators, so reports read the same on every machine.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_as_written_without_their_ends() {
        let source = "\u{feff}@as-of 2026-01-12\r\n\ndeaths = 1\r\nlast";
        let file = CheckedFile {
            path: "a.claims".into(),
            source: source.into(),
            line_starts: line_starts(source),
            data_path: None,
            dataset: None,
            as_of: None,
            tolerance: DEFAULT_TOLERANCE,
            claims: Vec::new(),
        };
        let lines: Vec<_> = (0..=5).map(|n| file.line(n)).collect();
        assert_eq!(
            lines,
            [
                None,
                Some("@as-of 2026-01-12"),
                Some(""),
                Some("deaths = 1"),
                Some("last"),
                None
            ]
        );
    }

    #[test]
    fn data_paths_are_relative_to_the_claim_file_and_tidied() {
        assert_eq!(
            relative_to("claims/fixtures/a.claims", "../../sources/x.json"),
            "sources/x.json"
        );
        assert_eq!(relative_to("a.claims", "x.json"), "x.json");
        assert_eq!(relative_to("../a/b.claims", "../x.json"), "../x.json");
        assert_eq!(
            relative_to("claims/a.claims", "ACLED:../sources/x.csv"),
            "acled:sources/x.csv"
        );
    }
}
