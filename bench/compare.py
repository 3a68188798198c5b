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

Every measurement is taken REPEAT times (default 3) and the median is
what the ratios use; each time taken is printed too. A machine that
shares its memory and caches with others can run one program at half
its usual speed for tens of seconds: one slow run then decides a single
measurement, not a median. The growth runs go in pairs, the fewer
claims and then the more, one pair after the other, and the ratio is
the median of the pairs' ratios: a pair's two runs meet about the same
machine.

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
                  [--repeat REPEAT]
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


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def times(values):
    return ", ".join(f"{v:.2f}" for v in values)


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
    ap.add_argument("--repeat", type=int, default=3)
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
    duck_totals, duck_rss = [], 0
    for _ in range(a.repeat):
        duck_s, rss, err = timed([sys.executable, os.path.join(SHARED, "duck.py"), d, "--values", values],
                                 subprocess.DEVNULL)
        phases = re.search(r"load_s (\S+) query_s (\S+) total_s (\S+)", err)
        # DuckDB's own time, load and queries: Python's start is not DuckDB's.
        duck_totals.append(float(phases.group(3)))
        duck_rss = max(duck_rss, rss)
        print(f"DuckDB run: {duck_totals[-1]:.2f} s (load {phases.group(1)} s, queries {phases.group(2)} s; "
              f"{duck_s:.2f} s with Python)", file=sys.stderr)
    duck_total = median(duck_totals)
    duck = json.load(open(values))

    formats = [("ACLED CSV", "bench-acled.claims", csv_size), ("native JSON", "bench.claims", json_size)]
    seconds = {claims: [] for _, claims, _ in formats}
    peaks = {claims: 0 for _, claims, _ in formats}
    disk = {claims: 0 for _, claims, _ in formats}
    for _ in range(a.repeat):
        for _, claims, _ in formats:
            taken, rss, err = claimcheck(a.binary, os.path.join(d, claims), report_path(out, claims))
            seconds[claims].append(taken)
            peaks[claims] = max(peaks[claims], rss)
            disk[claims] = max(disk[claims], from_disk(err))

    print(f"workload: {a.incidents:,} incidents, {a.claims:,} claims ({len(duck):,} with SQL); "
          f"CSV {mb(csv_size):.0f} MB, JSON {mb(json_size):.0f} MB; medians of {a.repeat} runs")
    print(f"DuckDB      {duck_total:7.2f} s  (load and queries; runs {times(duck_totals)})  "
          f"peak {mb(duck_rss):6.0f} MB")
    ok = True
    for name, claims, size in formats:
        # The last run's report: every run writes the same one.
        equal, different = compare(json.load(open(report_path(out, claims))), duck)
        ok &= not different
        taken = median(seconds[claims])
        print(f"claimcheck  {taken:7.2f} s  {name:12} = {taken / duck_total:.3f} of DuckDB's time "
              f"(runs {times(seconds[claims])}); peak {mb(peaks[claims]):6.0f} MB = "
              f"{peaks[claims] / size:.2f} x the file; values equal {equal}, different {len(different)}; "
              f"at most {mb(disk[claims]):.0f} MB read from disk")
        for label, expected, found in different[:10]:
            print(f"    {label}: duckdb {expected} claimcheck {found}")

    more = os.path.join(out, f"{os.path.basename(d.rstrip('/'))}-{10 * a.claims}-claims")
    generate(more, a.incidents, 10 * a.claims)
    pairs = []
    for _ in range(a.repeat):
        few, _, _ = timed([a.binary, "check", os.path.join(d, "bench-acled.claims"), "--format", "json"],
                          subprocess.DEVNULL)
        many, _, _ = timed([a.binary, "check", os.path.join(more, "bench-acled.claims"), "--format", "json"],
                           subprocess.DEVNULL)
        pairs.append((many, few))
    ratios = [many / few for many, few in pairs]
    print(f"growth      {10 * a.claims:,} claims against {a.claims:,} (ACLED CSV, report to /dev/null): "
          f"{median(ratios):.2f} x, the median of "
          + ", ".join(f"{many:.2f} / {few:.2f} = {many / few:.2f}" for many, few in pairs))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
