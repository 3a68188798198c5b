#!/usr/bin/env python3
"""claimcheck against DuckDB on the benchmark workload, side by side.

Generates the workload with ../shared/bench/gen.py (or reuses it), runs
the DuckDB baseline (../shared/bench/duck.py: load the ACLED CSV, one SQL
query per claim) and `claimcheck check` on the ACLED CSV and on the native
JSON, each under /usr/bin/time -v, and prints:

- each run's wall time and peak memory (RSS), and its memory against the
  size of the file it read;
- how much each claimcheck run read from the disk rather than from the
  page cache: on a machine that reclaims idle page cache, a run can find
  its input gone from memory and wait on the disk;
- claimcheck's time as a fraction of DuckDB's total (load and queries, as
  duck.py reports them);
- whether every claim's value equals DuckDB's;
- how the time grows with the claims: the same incidents with ten times
  the claims (gen.py's same seed gives the same incidents, and the first
  claims of the longer list are the shorter list's).

Reports, DuckDB's values and the larger workload go to OUT (default: the
workload's directory). The growth runs write their reports to /dev/null:
ten times the claims list ten times the incidents.

Each run starts with the disk settled: the reports of an earlier run are
removed first, and every timed run is preceded by sync(2). Otherwise a
run pays for the one before it: the kernel writes out (and, on a disk
mounted with `discard`, trims) gigabytes of an earlier report while the
next run reads and writes, which made the same binary's runs differ by
seconds.

usage: compare.py [DIR] [--out OUT] [--incidents N] [--claims M] [--binary PATH]
       (default: target/bench-1m, 1,000,000 incidents, 2,000 claims,
       target/release/claimcheck; `cargo build --release` first)
"""
import argparse
import json
import os
import re
import subprocess
import sys

from compare_values import compare

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")


def generate(out, incidents, claims):
    if os.path.exists(os.path.join(out, "bench-sql.json")):
        return
    print(f"generating {incidents} incidents and {claims} claims into {out} ...", file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(SHARED, "gen.py"), "--incidents", str(incidents),
                    "--claims", str(claims), "--out", out], check=True)


def timed(command, stdout):
    """Runs `command` under /usr/bin/time -v, once what earlier runs wrote is
    on disk: (seconds, peak RSS in bytes, stderr)."""
    os.sync()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, stdout=stdout,
                            stderr=subprocess.PIPE, text=True)
    err = result.stderr
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) * 1024
    return seconds, rss, err


def from_disk(err):
    """The bytes a run read from the disk rather than from the page cache,
    from /usr/bin/time -v's stderr: a run whose input was not in memory
    waits on the disk, and says so here."""
    return int(re.search(r"File system inputs: (\d+)", err).group(1)) * 512


def report_path(out, claims):
    return os.path.join(out, f"report-{claims}.json")


def claimcheck(binary, claims, report):
    with open(report, "w") as out:
        return timed([binary, "check", claims, "--format", "json"], out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=os.path.join(ROOT, "target", "bench-1m"))
    ap.add_argument("--incidents", type=int, default=1_000_000)
    ap.add_argument("--claims", type=int, default=2_000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "claimcheck"))
    ap.add_argument("--out")
    a = ap.parse_args()
    d = a.dir
    out = a.out or d
    os.makedirs(out, exist_ok=True)
    generate(d, a.incidents, a.claims)
    mb = lambda n: n / 2**20
    csv_size = os.path.getsize(os.path.join(d, "bench-acled.csv"))
    json_size = os.path.getsize(os.path.join(d, "bench.json"))

    for claims in ("bench-acled.claims", "bench.claims"):
        if os.path.exists(report_path(out, claims)):
            os.remove(report_path(out, claims))
    values = os.path.join(out, "duck-values.json")
    duck_s, duck_rss, err = timed([sys.executable, os.path.join(SHARED, "duck.py"), d, "--values", values],
                                  subprocess.DEVNULL)
    phases = re.search(r"load_s (\S+) query_s (\S+) total_s (\S+)", err)
    # DuckDB's own time, load and queries: Python's start is not DuckDB's.
    duck_total = float(phases.group(3))
    duck = json.load(open(values))

    runs = []
    for name, claims, size in [("ACLED CSV", "bench-acled.claims", csv_size),
                               ("native JSON", "bench.claims", json_size)]:
        report = report_path(out, claims)
        seconds, rss, err = claimcheck(a.binary, os.path.join(d, claims), report)
        equal, different = compare(json.load(open(report)), duck)
        runs.append((name, seconds, rss, size, equal, different, from_disk(err)))

    print(f"workload: {a.incidents:,} incidents, {a.claims:,} claims ({len(duck):,} with SQL); "
          f"CSV {mb(csv_size):.0f} MB, JSON {mb(json_size):.0f} MB")
    print(f"DuckDB      {duck_total:7.2f} s  (load {phases.group(1)} s, queries {phases.group(2)} s; "
          f"{duck_s:.2f} s with Python)  peak {mb(duck_rss):6.0f} MB")
    for name, seconds, rss, size, equal, different, disk in runs:
        print(f"claimcheck  {seconds:7.2f} s  {name:12} = {seconds / duck_total:.3f} of DuckDB's time; "
              f"peak {mb(rss):6.0f} MB = {rss / size:.2f} x the file; "
              f"values equal {equal}, different {len(different)}; {mb(disk):.0f} MB read from disk")
        for label, expected, found in different[:10]:
            print(f"    {label}: duckdb {expected} claimcheck {found}")

    more = os.path.join(out, f"{os.path.basename(d.rstrip('/'))}-{10 * a.claims}-claims")
    generate(more, a.incidents, 10 * a.claims)
    few, _, few_err = timed([a.binary, "check", os.path.join(d, "bench-acled.claims"), "--format", "json"],
                            subprocess.DEVNULL)
    many, _, many_err = timed([a.binary, "check", os.path.join(more, "bench-acled.claims"), "--format", "json"],
                              subprocess.DEVNULL)
    print(f"growth      {10 * a.claims:,} claims {many:.2f} s against {a.claims:,} claims {few:.2f} s "
          f"(ACLED CSV, report to /dev/null): {many / few:.2f} x; "
          f"{mb(from_disk(many_err)):.0f} and {mb(from_disk(few_err)):.0f} MB read from disk")
    ok = all(not r[5] for r in runs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
