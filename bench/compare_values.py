#!/usr/bin/env python3
"""Compares claimcheck's claim values with DuckDB's, label by label.

The benchmark workload (`gen.py`) gives every claim a SQL query that
computes its value over the ACLED-layout CSV; `duck.py --values` writes
those values. This reads claimcheck's JSON report of the same claims and
prints how many values are equal and how many differ, listing each
difference. Exit status 1 when any value differs or is missing.

usage: compare_values.py REPORT.json DUCK_VALUES.json
"""
import json
import sys


def compare(report, duck):
    """(number equal, [(label, DuckDB's value, claimcheck's)] that differ)."""
    ours = {c["label"]: c for c in report["claims"] if c["label"] is not None}
    equal, different = 0, []
    for label, expected in sorted(duck.items()):
        claim = ours.get(label)
        if claim is None:
            different.append((label, expected, "missing from the report"))
            continue
        found = claim["value"]
        # SQL's max() over no row is NULL; claimcheck makes that an error.
        if expected is None and claim["verdict"] == "error":
            equal += 1
        elif found is not None and expected is not None and abs(found - expected) < 1e-9:
            equal += 1
        else:
            different.append((label, expected, found if found is not None else claim["message"]))
    return equal, different


def main():
    report_path, duck_path = sys.argv[1], sys.argv[2]
    equal, different = compare(json.load(open(report_path)), json.load(open(duck_path)))
    print(f"equal {equal} different {len(different)}")
    for label, expected, found in different:
        print(f"  {label}: duckdb {expected} claimcheck {found}")
    sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
