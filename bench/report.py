#!/usr/bin/env python3
"""Prints bench/run.sh's table: medians per tool and N, the ratios, and peak memory.

    report.py RESULTS_DIR N...
"""
import os
import statistics
import sys

ROWS = [
    ("spotplay", "spotplay"),
    ("ansible-False", "Ansible"),
    ("ansible-True", "Ansible, pipelining"),
    ("pyinfra", "pyinfra"),
    ("floor-default", "floor, default kex"),
    ("floor-curve25519", "floor, curve25519"),
]


def load(path):
    if not os.path.exists(path):
        return None
    rows = [line.split() for line in open(path) if line.strip()]
    return [float(r[0]) for r in rows], [float(r[1]) for r in rows]


def med(values):
    return statistics.median(values) if values else None


def fmt(v, width=7, digits=2):
    return f"{v:{width}.{digits}f}" if v is not None else " " * (width - 1) + "-"


def main():
    results, sizes = sys.argv[1], sys.argv[2:]
    print()
    print("Medians of %s runs each; seconds, wall clock; peak memory = PSS summed over the tool's processes."
          % ", ".join(sorted({str(len(load(os.path.join(results, f"n{n}", "spotplay-first"))[0])) for n in sizes})))
    print()
    print(f"{'N':>4}  {'tool':<22} {'first':>7} {'no-op':>7} {'peak MB':>8}  first runs (s)")
    summary = []
    for n in sizes:
        d = os.path.join(results, f"n{n}")
        med_first = {}
        med_noop = {}
        for key, label in ROWS:
            first = load(os.path.join(d, f"{key}-first" if not key.startswith("floor") else key))
            noop = load(os.path.join(d, f"{key}-noop"))
            if first is None:
                continue
            med_first[key] = med(first[0])
            med_noop[key] = med(noop[0]) if noop else None
            peak = max(first[1] + (noop[1] if noop else []))
            runs = " ".join(f"{t:.2f}" for t in first[0])
            print(f"{n:>4}  {label:<22} {fmt(med_first[key])} {fmt(med_noop[key])} {peak:8.0f}  {runs}")
        summary.append((n, med_first, med_noop))
        print()
    print("Ratios (lower is better for spotplay):")
    for n, first, noop in summary:
        parts = []
        for key, label in (("pyinfra", "pyinfra"), ("ansible-True", "Ansible+pipelining"), ("ansible-False", "Ansible")):
            if key in first:
                parts.append(f"spotplay/{label}: first {first['spotplay'] / first[key]:.3f}, "
                             f"no-op {noop['spotplay'] / noop[key]:.3f}")
        for key, label in (("floor-curve25519", "floor curve25519"), ("floor-default", "floor default kex")):
            if key in first:
                parts.append(f"spotplay/{label}: first {first['spotplay'] / first[key]:.2f}")
        print(f"  N={n}: " + "; ".join(parts))


if __name__ == "__main__":
    main()
