//! The command line (clap): `check`, `explain`, `fmt` and `validate`. It
//! turns arguments into calls on the library, writes reports to stdout and
//! diagnostics to stderr, and returns the exit code that `exit` decided.

use crate::check::{self, CheckedClaim, CheckedFile, Options, Run, Sink};
use crate::diagnostic::Diagnostic;
use crate::report::{self, counted, style::Paint};
use crate::{drift, exit, reformat};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufWriter, IsTerminal, Write};

const EXAMPLES: &str = "\
Examples:
  claimcheck check claims/
  claimcheck check article.claims --data sources/tally.json --as-of 2026-01-12
  claimcheck check claims/ --format json --strict > report.json
  claimcheck check claims/ --baseline report.json
  claimcheck explain 'deaths since November = 16' --data sources/fixture.json --as-of 2026-01-12
  claimcheck check article.claims --data acled:exports/acled-2025.csv
  claimcheck fmt --check claims/
  claimcheck validate sources/tajik-afghan-border.json

Exit codes: 0 every claim passed (disputed allowed unless --strict),
            1 a claim failed (or was disputed, with --strict, or got worse
              since --baseline; or fmt --check would change a file),
            2 something could not be checked, or the command line was wrong.";

#[derive(Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Checks the numbers in news copy against a source-tagged incident dataset",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check claim files and drafts, and report a verdict per claim
    #[command(after_help = EXAMPLES)]
    Check {
        /// Claim files, Markdown drafts with `claims` blocks, or directories
        /// searched for both (default: .)
        paths: Vec<String>,
        /// The dataset, instead of each file's `@data`: native JSON, or an
        /// ACLED or UCDP GED CSV export (`acled:FILE`, `ucdp:FILE`)
        #[arg(long, value_name = "DATASET")]
        data: Option<String>,
        /// The reference date YYYY-MM-DD, instead of each file's `@as-of`
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        as_of: Option<NaiveDate>,
        /// human for people; json for programs; junit for test reports;
        /// github for workflow annotations (and the job summary); markdown
        /// for a pull-request comment
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat disputed claims as failures (exit 1)
        #[arg(long)]
        strict: bool,
        /// Colour the human report
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// A saved `--format json` report: show every claim that changed
        /// since, and exit 1 if a verdict got worse
        #[arg(long, value_name = "OLD.json")]
        baseline: Option<String>,
    },
    /// Check one claim and show every incident and report it rests on
    #[command(after_help = EXAMPLES)]
    Explain {
        /// The claim, as a claim file would write it (a label is allowed)
        claim: String,
        /// The dataset
        #[arg(long, value_name = "DATASET")]
        data: String,
        /// The reference date YYYY-MM-DD
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        /// Treat a disputed claim as a failure (exit 1)
        #[arg(long)]
        strict: bool,
        /// Colour the human report
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Lay out claim files and drafts' claims blocks the canonical way
    Fmt {
        /// Claim files, drafts, or directories searched for both (default: .)
        paths: Vec<String>,
        /// Change nothing: show the diff and exit 1 if a file would change
        #[arg(long)]
        check: bool,
    },
    /// Check a dataset and list every problem it has
    Validate {
        /// A native JSON dataset, or an ACLED or UCDP GED CSV export
        /// (`acled:FILE`, `ucdp:FILE` to name the layout)
        dataset: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Junit,
    Github,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-01-12"))
}

/// Runs the command line and returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { exit::USAGE } else { 0 };
        }
    };
    match cli.command {
        Command::Check {
            paths,
            data,
            as_of,
            format,
            strict,
            color,
            baseline,
        } => {
            let paths = or_here(paths);
            let options = Options { data, as_of };
            // A report of the claims alone is written as they are checked;
            // one that opens with counts or drift needs the whole run.
            let (summary, errors) = match (format, &baseline) {
                (Format::Human, None) => {
                    let paint = paint(color);
                    let out = BufWriter::new(std::io::stdout().lock());
                    let mut sink = Diagnosed(report::human::Writer::new(out));
                    let render =
                        |f: &CheckedFile, c: &CheckedClaim| report::human::block(f, c, paint);
                    check::stream(&paths, &options, &render, &mut sink);
                    let (_, summary, errors) = sink.0.finish();
                    (summary, errors)
                }
                (Format::Json, None) => {
                    // The writer gathers what it writes itself.
                    let out = std::io::stdout().lock();
                    let mut sink = Diagnosed(report::json::Writer::new(out, None));
                    check::stream(&paths, &options, &report::json::record, &mut sink);
                    let (_, summary, errors) = sink.0.finish();
                    (summary, errors)
                }
                _ => {
                    let mut run = check::run(&paths, &options);
                    if let Some(baseline) = &baseline {
                        drift::compare_with(&mut run, baseline);
                    }
                    print_diagnostics(&run);
                    let text = match format {
                        Format::Human => report::human::render(&run, paint(color)),
                        Format::Json => report::json::render(&run),
                        Format::Junit => report::junit::render(&run, strict),
                        Format::Github => {
                            job_summary(&run);
                            report::github::render(&run, strict)
                        }
                        Format::Markdown => report::markdown::render(&run),
                    };
                    write_stdout(&text);
                    return run.exit_code(strict);
                }
            };
            exit::code(summary.outcome(errors), strict)
        }
        Command::Explain {
            claim,
            data,
            as_of,
            format,
            strict,
            color,
        } => {
            let options = Options {
                data: Some(data),
                as_of,
            };
            let run = check::explain(&claim, &options);
            print_diagnostics(&run);
            let text = match format {
                ExplainFormat::Human => report::explain::render(&run, paint(color)),
                ExplainFormat::Json => report::json::explain(&run),
            };
            write_stdout(&text);
            run.exit_code(strict)
        }
        Command::Fmt { paths, check } => {
            let done = reformat::run(&or_here(paths), check);
            let mut err = std::io::stderr().lock();
            for d in &done.diagnostics {
                let _ = writeln!(err, "{d}");
            }
            write_stdout(&done.report());
            done.exit_code()
        }
        Command::Validate { dataset } => {
            let (loaded, problems) = check::load_dataset(&dataset);
            let mut text: String = problems.iter().map(|d| format!("{d}\n")).collect();
            let errors = problems.iter().filter(|d| d.is_error()).count();
            let warnings = problems.len() - errors;
            text.push_str(&match &loaded {
                Some(ds) if errors == 0 => format!(
                    "{dataset}: valid — {}, {}, {}; {}\n",
                    counted(ds.incidents.len(), "incident"),
                    counted(ds.sources.len(), "source"),
                    counted(ds.facts.len(), "fact"),
                    counted(warnings, "warning")
                ),
                // An export keeps the rows that load; say what `check` would use.
                Some(ds) => format!(
                    "{dataset}: {}, {}; the other rows hold {}, {}\n",
                    counted(errors, "error"),
                    counted(warnings, "warning"),
                    counted(ds.incidents.len(), "incident"),
                    counted(ds.sources.len(), "source")
                ),
                None => format!(
                    "{dataset}: {}, {}\n",
                    counted(errors, "error"),
                    counted(warnings, "warning")
                ),
            });
            write_stdout(&text);
            exit::code(
                exit::Outcome {
                    unchecked: errors > 0,
                    ..exit::Outcome::default()
                },
                false,
            )
        }
    }
}

/// No path means the current directory.
fn or_here(paths: Vec<String>) -> Vec<String> {
    if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths
    }
}

fn paint(color: Color) -> Paint {
    let enabled = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => report::style::auto(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
        ),
    };
    Paint { enabled }
}

/// In a GitHub Actions job, the Markdown report goes to the job summary:
/// appended, as every step writes its own part of it. A summary that
/// cannot be written is worth a warning, not a failed check.
fn job_summary(run: &Run) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(report::markdown::render(run).as_bytes()));
    if let Err(e) = written {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot write the job summary to {}: {e}",
            path.to_string_lossy()
        );
    }
}

/// A report that also prints each diagnostic on stderr, as it is found.
struct Diagnosed<S>(S);

impl<T, S: Sink<T>> Sink<T> for Diagnosed<S> {
    fn file(&mut self, file: &CheckedFile) {
        self.0.file(file);
    }

    fn claim(&mut self, claim: T) {
        self.0.claim(claim);
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        let _ = writeln!(std::io::stderr().lock(), "{diagnostic}");
        self.0.diagnostic(diagnostic);
    }
}

fn print_diagnostics(run: &Run) {
    let mut err = std::io::stderr().lock();
    for d in &run.diagnostics {
        let _ = writeln!(err, "{d}");
    }
}

/// A closed pipe (`claimcheck … | head`) is not an error worth a panic.
fn write_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
