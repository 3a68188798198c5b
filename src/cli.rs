//! The command line (clap): `check`, `explain` and `validate`. It turns arguments into
//! calls on the library, writes reports to stdout and diagnostics to
//! stderr, and returns the exit code that `exit` decided.

use crate::check::{self, CheckedClaim, CheckedFile, Options, Run, Sink};
use crate::diagnostic::Diagnostic;
use crate::exit;
use crate::report::{self, counted, style::Paint};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufWriter, IsTerminal, Write};

const EXAMPLES: &str = "\
Examples:
  claimcheck check claims/
  claimcheck check article.claims --data sources/tally.json --as-of 2026-01-12
  claimcheck check claims/ --format json --strict > report.json
  claimcheck explain 'deaths since November = 16' --data sources/fixture.json --as-of 2026-01-12
  claimcheck check article.claims --data acled:exports/acled-2025.csv
  claimcheck validate sources/tajik-afghan-border.json

Exit codes: 0 every claim passed (disputed allowed unless --strict),
            1 a claim failed (or was disputed, with --strict),
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
    /// Check claim files and report a verdict per claim
    #[command(after_help = EXAMPLES)]
    Check {
        /// Claim files, or directories searched for `*.claims` (default: .)
        paths: Vec<String>,
        /// The dataset, instead of each file's `@data`: native JSON, or an
        /// ACLED or UCDP GED CSV export (`acled:FILE`, `ucdp:FILE`)
        #[arg(long, value_name = "DATASET")]
        data: Option<String>,
        /// The reference date YYYY-MM-DD, instead of each file's `@as-of`
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat disputed claims as failures (exit 1)
        #[arg(long)]
        strict: bool,
        /// Colour the human report
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
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
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat a disputed claim as a failure (exit 1)
        #[arg(long)]
        strict: bool,
        /// Colour the human report
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
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
        } => {
            let paths = if paths.is_empty() {
                vec![".".to_string()]
            } else {
                paths
            };
            let options = Options { data, as_of };
            let out = BufWriter::new(std::io::stdout().lock());
            let (summary, errors) = match format {
                Format::Human => {
                    let paint = paint(color);
                    let mut sink = Diagnosed(report::human::Writer::new(out));
                    let render =
                        |f: &CheckedFile, c: &CheckedClaim| report::human::block(f, c, paint);
                    check::stream(&paths, &options, &render, &mut sink);
                    let (_, summary, errors) = sink.0.finish();
                    (summary, errors)
                }
                Format::Json => {
                    let mut sink = Diagnosed(report::json::Writer::new(out));
                    check::stream(&paths, &options, &report::json::record, &mut sink);
                    let (_, summary, errors) = sink.0.finish();
                    (summary, errors)
                }
            };
            summary.exit_code(errors, strict)
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
                Format::Human => report::explain::render(&run, paint(color)),
                Format::Json => report::json::explain(&run),
            };
            write_stdout(&text);
            run.exit_code(strict)
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
