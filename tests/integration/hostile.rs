//! A sweep over hostile input (issue 7): a few hundred claim files and
//! datasets made by mutating the repository's own — cut short, spliced
//! with brackets, quotes, NUL bytes, byte-order marks, line separators,
//! huge and impossible numbers and dates, invalid UTF-8 — each run through
//! `check`, `validate` or `explain`, bounded. Every run must answer with
//! its own exit code (0, 1 or 2): no panic (101), no signal, no hang; a
//! JSON report must parse, and output for people must carry no control
//! character and no line a CI runner would obey. The inputs come from a
//! fixed seed, so a failure is the same on every machine.

use crate::support::{Scratch, read, run_bounded};
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
    let hostile = read("tests/data/hostile.json");
    seeds.push(Seed {
        claims: read("tests/data/hostile.claims"),
        extension: "json".into(),
        data: hostile,
    });
    seeds
}

/// One run's arguments, and its inputs to show should it fail.
struct Case {
    args: Vec<String>,
    json: bool,
    inputs: String,
    files: Vec<String>,
}

/// A case from a seed: its claim file, its dataset or both mutated, run
/// through `check`, `validate` or `explain` (a claim line of the file).
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
    let claims_path = scratch.write(&format!("{n}.claims"), &claim_file);
    let files = vec![data_path.clone(), claims_path.clone()];
    let json = rng.below(2) == 0;
    let mut args: Vec<String> = match rng.below(6) {
        0 => vec!["validate".into(), data_path],
        1 => {
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
            vec!["explain".into(), line.into(), "--data".into(), data_path]
        }
        _ => vec!["check".into(), claims_path, "--data".into(), data_path],
    };
    if args[0] != "validate" {
        if rng.below(2) == 0 {
            let day = rng.pick(&["2026-01-12", "0001-01-01", "9999-12-31", "2024-02-29"]);
            args.extend(["--as-of".into(), day.to_string()]);
        }
        if rng.below(4) == 0 {
            args.push("--strict".into());
        }
        if json {
            args.extend(["--format".into(), "json".into()]);
        }
    }
    let shown = |bytes: &[u8]| String::from_utf8_lossy(&bytes[..bytes.len().min(600)]).into_owned();
    let inputs = format!(
        "claims:\n{}\ndataset:\n{}",
        shown(&claim_file),
        shown(&dataset)
    );
    Case {
        json: json && args[0] != "validate",
        args,
        inputs,
        files,
    }
}

/// What is wrong with a run's answer, if anything.
fn fault(case: &Case, code: i32, stdout: &str, stderr: &str) -> Option<String> {
    if !matches!(code, 0..=2) {
        return Some(format!("exit {code}\n{stderr}"));
    }
    if case.json && serde_json::from_str::<serde_json::Value>(stdout).is_err() {
        return Some("the JSON report does not parse".into());
    }
    let people = if case.json {
        stderr.to_string()
    } else {
        format!("{stdout}{stderr}")
    };
    people
        .lines()
        .find(|l| l.trim_start().starts_with("::") || l.chars().any(char::is_control))
        .map(|l| format!("output for people obeys the input: {l:?}"))
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
    let work = || {
        while let Some(case) = made.lock().ok().and_then(|mut made| {
            let (rng, n) = &mut *made;
            *n += 1;
            (*n <= runs).then(|| case(rng, &scratch, *n, &seeds))
        }) {
            let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
            let (run, _) = run_bounded(&args);
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
    assert!(
        faults.is_empty(),
        "{} of {runs} runs failed (seed {seed}):\n\n{}",
        faults.len(),
        faults.join("\n\n")
    );
}
