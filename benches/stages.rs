//! The stages of a `check`, timed apart on a small generated workload:
//! parsing a claim file, loading the native JSON dataset, loading the
//! ACLED CSV export, and evaluating every claim against a loaded dataset.
//! The workload (20,000 incidents, 400 claims) is made once by
//! `../shared/bench/gen.py` into `target/bench-workload/`; without Python
//! or the generator there is nothing to time, and the benchmarks say so.
//! `bench/compare.py` runs the whole of `check` against DuckDB at scale.

use claimcheck::ast::Entry;
use claimcheck::dataset::{Dataset, export, json};
use claimcheck::eval::{self, Context};
use claimcheck::parse;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const INCIDENTS: &str = "20000";
const CLAIMS: &str = "400";

fn main() {
    divan::main();
}

/// The workload's directory, generated on first use; `None` when it
/// cannot be.
fn workload() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("target/bench-workload");
        if dir.join("bench.claims").exists() {
            return Some(dir);
        }
        let generator = root.join("../shared/bench/gen.py");
        let made = Command::new("python3")
            .arg(&generator)
            .args(["--incidents", INCIDENTS, "--claims", CLAIMS, "--out"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            eprintln!("no workload: `python3 {}` failed", generator.display());
        }
        made.then_some(dir)
    })
    .as_deref()
}

fn read(name: &str) -> Option<String> {
    std::fs::read_to_string(workload()?.join(name)).ok()
}

fn claims() -> Vec<Entry> {
    read("bench.claims").map_or_else(Vec::new, |text| parse::parse_file(&text).entries)
}

fn native() -> Option<Dataset> {
    read("bench.json").and_then(|text| json::load(&text).dataset)
}

#[divan::bench]
fn parse_claims(bencher: divan::Bencher) {
    let text = read("bench.claims").unwrap_or_default();
    bencher.bench(|| parse::parse_file(divan::black_box(&text)));
}

#[divan::bench(sample_count = 10)]
fn load_json(bencher: divan::Bencher) {
    let text = read("bench.json").unwrap_or_default();
    bencher.bench(|| json::load(divan::black_box(&text)));
}

#[divan::bench(sample_count = 10)]
fn load_acled_csv(bencher: divan::Bencher) {
    let text = read("bench-acled.csv").unwrap_or_default();
    bencher.bench(|| export::load(divan::black_box(text.as_bytes()), None, "bench-acled"));
}

/// Every claim of the workload, one after another, against a dataset
/// whose indexes the first round builds.
#[divan::bench(sample_count = 10)]
fn evaluate(bencher: divan::Bencher) {
    let (Some(dataset), entries) = (native(), claims()) else {
        return;
    };
    let ctx = Context {
        dataset: &dataset,
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        tolerance: 5.0,
    };
    bencher.bench(|| {
        entries
            .iter()
            .filter_map(|e| e.claim.as_ref().ok())
            .map(|claim| eval::evaluate(claim, &ctx).is_ok())
            .filter(|&ok| ok)
            .count()
    });
}
