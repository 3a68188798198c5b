//! A sweep over hostile input (issue 7): a few hundred claim files, drafts
//! and datasets made by mutating the repository's own — cut short, spliced
//! with brackets, quotes, NUL bytes, byte-order marks, line separators,
//! huge and impossible numbers and dates, invalid UTF-8 — each run through
//! `check` in every format, `validate`, `explain` or `fmt --check`,
//! bounded. Every run must answer with its own exit code (0, 1 or 2): no
//! panic (101), no signal, no hang. Each report must read as its format
//! says — JSON parses, JUnit is XML, every GitHub line is a workflow
//! command about the claim file, Markdown adds no link, HTML or emphasis
//! of its own — and output for people must carry no control character and
//! no line a CI runner would obey. The inputs come from a fixed seed, so a
//! failure is the same on every machine.

use crate::support::{Scratch, read, run_bounded};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::thread;

/// How many runs the sweep makes, and from which seed; a longer sweep is
/// `CLAIMCHECK_SWEEP=RUNS[:SEED] cargo test hostile`.
const RUNS: usize = 300;
const SEED: u64 = 0x5eed_c1a1_7c4e_c4ed;

fn sweep() -> (usize, u64) {
    let asked = std::env::var("CLAIMCHECK_SWEEP").unwrap_or_default();
    let (runs, seed) = asked.split_once(':').unwrap_or((&asked, ""));
    (runs.parse().unwrap_or(RUNS), seed.parse().unwrap_or(SEED))
}

/// xorshift64*: a small generator whose sequence a seed fixes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What hostile input is made of, spliced into well-formed input.
const SPLICES: &[&[u8]] = &[
    b"(",
    b")",
    b"((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
    b"\"",
    b"#",
    b":",
    b"> ",
    b"@as-of ",
    b"@tolerance 1e999%",
    b"\0",
    b"\r",
    b"\n",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"\xff\xfe",
    b"\xc3",
    b"\x1b[2J",
    b"\xc2\xb1 ",
    b"%",
    b"1e999",
    b"999999999999999999999999999999",
    b"999999999999999",
    b"0.0000000000000000000000001",
    b"-1",
    b"NaN",
    b"Infinity",
    b" between 9999-12-31 and 0000-01-01 ",
    b" since 0000-01-01 ",
    b"2025-02-30",
    b" in the last 4294967295 days ",
    b" not (",
    b" where ",
    b" according to ",
    b" include ",
    b"\xe2\x80\x9c",
    b"::error::x",
    b",",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\\u0000",
    b"\\ud800",
    b"\"best\": 1e308",
];

/// `input` changed one to three times: cut short, spliced, a part dropped
/// or repeated.
fn mutated(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 => out.truncate(at),
            1 | 2 => {
                let splice = rng.pick(SPLICES);
                out.splice(at..at, splice.iter().copied());
            }
            3 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            _ => {
                let end = (at + rng.below(256)).min(out.len());
                let part = out[at..end].to_vec();
                for _ in 0..rng.below(50) {
                    out.splice(at..at, part.iter().copied());
                }
            }
        }
    }
    out
}

/// A claim file of the repository and the dataset it names (its `@data`,
/// read from `sources/`), the pairs the sweep starts from.
struct Seed {
    claims: String,
    extension: String,
    data: String,
}

fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for dir in ["claims", "claims/fixtures", "tests/errors"] {
        for file in crate::support::claim_files(dir) {
            let claims = read(&file);
            let named = claims
                .lines()
                .find_map(|l| l.strip_prefix("@data"))
                .and_then(|path| path.trim().rsplit('/').next())
                .unwrap_or("fixture.json")
                .to_string();
            let extension = named.rsplit('.').next().unwrap_or("json").to_string();
            let data = read(&format!("sources/{named}"));
            seeds.push(Seed {
                claims,
                extension,
                data,
            });
        }
    }
    for name in ["hostile", "hostile-forged"] {
        seeds.push(Seed {
            claims: read(&format!("tests/data/{name}.claims")),
            extension: "json".into(),
            data: read(&format!("tests/data/{name}.json")),
        });
    }
    seeds
}

/// What a run writes on stdout, and so how its output is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Output {
    Human,
    Json,
    Junit,
    Github,
    Markdown,
    /// `fmt --check`: a diff for people.
    Fmt,
}

impl Output {
    /// The `--format` that asks for it, if any.
    fn format(self) -> Option<&'static str> {
        match self {
            Output::Json => Some("json"),
            Output::Junit => Some("junit"),
            Output::Github => Some("github"),
            Output::Markdown => Some("markdown"),
            Output::Human | Output::Fmt => None,
        }
    }
}

/// One run's arguments, and its inputs to show should it fail.
struct Case {
    args: Vec<String>,
    output: Output,
    /// The claim file or draft, as its path is written in reports.
    claims: String,
    inputs: String,
    files: Vec<String>,
}

/// A claim file as the `claims` block of a Markdown draft.
fn as_draft(claims: &[u8]) -> Vec<u8> {
    let mut draft = b"# A draft\n\nProse, as written.\n\n```claims\n".to_vec();
    draft.extend_from_slice(claims);
    draft.extend_from_slice(b"\n```\n\nMore prose.\n");
    draft
}

/// A case from a seed: its claim file (one in four as a draft), its
/// dataset or both mutated, run through `check` in any format,
/// `validate`, `explain` (a claim line of the file) or `fmt --check`.
fn case(rng: &mut Rng, scratch: &Scratch, n: usize, seeds: &[Seed]) -> Case {
    let seed = rng.pick(seeds);
    let (claims_mutated, data_mutated) = match rng.below(3) {
        0 => (true, false),
        1 => (false, true),
        _ => (true, true),
    };
    let dataset = if data_mutated {
        mutated(rng, seed.data.as_bytes())
    } else {
        seed.data.as_bytes().to_vec()
    };
    let claim_file = if claims_mutated {
        mutated(rng, seed.claims.as_bytes())
    } else {
        seed.claims.as_bytes().to_vec()
    };
    let data_path = scratch.write(&format!("{n}.{}", seed.extension), &dataset);
    let claims_path = if rng.below(4) == 0 {
        scratch.write(&format!("{n}.md"), as_draft(&claim_file))
    } else {
        scratch.write(&format!("{n}.claims"), &claim_file)
    };
    let files = vec![data_path.clone(), claims_path.clone()];
    let formats = [
        Output::Human,
        Output::Json,
        Output::Junit,
        Output::Github,
        Output::Markdown,
    ];
    let (mut args, mut output): (Vec<String>, Output) = match rng.below(8) {
        0 => (vec!["validate".into(), data_path], Output::Human),
        1 => (
            vec!["fmt".into(), "--check".into(), claims_path.clone()],
            Output::Fmt,
        ),
        2 => {
            // A claim line as `explain` takes it (an argument holds no NUL).
            let text = String::from_utf8_lossy(&claim_file).replace('\0', "");
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with(['#', '@', '>']) && !l.trim().is_empty())
                .collect();
            let line = lines
                .get(rng.below(lines.len()))
                .copied()
                .unwrap_or("deaths = 1");
            let args = vec!["explain".into(), line.into(), "--data".into(), data_path];
            (args, *rng.pick(&formats[..2]))
        }
        _ => {
            let args = vec![
                "check".into(),
                claims_path.clone(),
                "--data".into(),
                data_path,
            ];
            (args, *rng.pick(&formats))
        }
    };
    if matches!(args[0].as_str(), "check" | "explain") {
        if rng.below(2) == 0 {
            let day = rng.pick(&["2026-01-12", "0001-01-01", "9999-12-31", "2024-02-29"]);
            args.extend(["--as-of".into(), day.to_string()]);
        }
        if rng.below(4) == 0 {
            args.push("--strict".into());
        }
        if let Some(format) = output.format() {
            args.extend(["--format".into(), format.into()]);
        }
    } else if args[0] == "validate" {
        output = Output::Human;
    }
    let shown = |bytes: &[u8]| String::from_utf8_lossy(&bytes[..bytes.len().min(600)]).into_owned();
    let inputs = format!(
        "claims:\n{}\ndataset:\n{}",
        shown(&claim_file),
        shown(&dataset)
    );
    Case {
        args,
        output,
        claims: claims_path,
        inputs,
        files,
    }
}

/// Lines that output for people must never hold: a control character (a
/// line break inside a string, an escape sequence), or, after blanks, the
/// `::` that starts a workflow command in a CI log.
fn obeys_the_input(text: &str) -> Option<String> {
    text.lines()
        .find(|l| l.trim_start().starts_with("::") || l.chars().any(char::is_control))
        .map(|l| format!("output for people obeys the input: {l:?}"))
}

/// What is wrong with a run's stdout for its format, if anything.
fn misread(case: &Case, stdout: &str) -> Option<String> {
    match case.output {
        Output::Human | Output::Fmt => obeys_the_input(stdout),
        Output::Json => serde_json::from_str::<serde_json::Value>(stdout)
            .err()
            .map(|e| format!("the JSON report does not parse: {e}")),
        Output::Junit => roxmltree::Document::parse(stdout)
            .err()
            .map(|e| format!("the JUnit report is not XML: {e}")),
        Output::Github => {
            // Every line but the summary is a command about the claim
            // file, or about no file.
            let mut lines: Vec<&str> = stdout.lines().collect();
            lines.pop();
            lines
                .iter()
                .find_map(|line| match crate::github::parse(line) {
                    Err(e) => Some(format!("not a workflow command ({e}): {line:?}")),
                    Ok(c) => c
                        .properties
                        .get("file")
                        .filter(|f| **f != case.claims && !case.files.contains(f))
                        .map(|f| format!("a command about {f:?}: {line:?}")),
                })
        }
        Output::Markdown => {
            let (_, stray) = crate::markdown::blocks(stdout);
            (!stray.is_empty()).then(|| format!("Markdown the report never writes: {stray:?}"))
        }
    }
}

/// What is wrong with a run's answer, if anything.
fn fault(case: &Case, code: i32, stdout: &str, stderr: &str) -> Option<String> {
    if !matches!(code, 0..=2) {
        return Some(format!("exit {code}\n{stderr}"));
    }
    misread(case, stdout).or_else(|| obeys_the_input(stderr))
}

#[test]
fn hostile_input_never_crashes_hangs_or_breaks_the_output() {
    let scratch = Scratch::new("hostile");
    let seeds = seeds();
    let (runs, seed) = sweep();
    // Cases are made one at a time under the lock, so case n is the same
    // whichever thread runs it, and a long sweep keeps few files.
    let made = Mutex::new((Rng(seed), 0));
    let faults = Mutex::new(Vec::new());
    // How many runs each kind of output and each exit code had.
    let seen = Mutex::new(BTreeMap::new());
    let work = || {
        while let Some(case) = made.lock().ok().and_then(|mut made| {
            let (rng, n) = &mut *made;
            *n += 1;
            (*n <= runs).then(|| case(rng, &scratch, *n, &seeds))
        }) {
            let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
            let (run, _) = run_bounded(&args);
            if let Ok(mut seen) = seen.lock() {
                *seen.entry((case.output, run.code)).or_insert(0) += 1;
            }
            match fault(&case, run.code, &run.stdout, &run.stderr) {
                Some(why) => {
                    let report = format!("{args:?}: {why}\n{}", case.inputs);
                    faults.lock().map(|mut f| f.push(report)).ok();
                }
                None => case.files.iter().for_each(|f| {
                    let _ = std::fs::remove_file(f);
                }),
            }
        }
    };
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(work);
        }
    });
    let faults = faults.into_inner().unwrap_or_default();
    let seen = seen.into_inner().unwrap_or_default();
    eprintln!("hostile sweep, seed {seed}: (output, exit code) → runs: {seen:?}");
    // Every kind of output was read, and a sweep that only ever exits 2
    // would test the refusals alone.
    let outputs: std::collections::BTreeSet<Output> = seen.keys().map(|(o, _)| *o).collect();
    assert!(runs < 100 || outputs.len() == 6, "{seen:?}");
    assert!(
        runs < 100 || seen.keys().any(|(_, code)| *code != 2),
        "{seen:?}"
    );
    assert!(
        faults.is_empty(),
        "{} of {runs} runs failed (seed {seed}):\n\n{}",
        faults.len(),
        faults.join("\n\n")
    );
}
