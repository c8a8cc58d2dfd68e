"""Run the four benchmarks, each in its own process, and print one table.

    .venv/bin/python bench/run_all.py [--quick] [--strict]

``--quick`` takes fewer samples (a smoke run, not figures to quote); ``--strict`` exits
with status 1 when a target is missed. Each benchmark also writes its full figures to
``bench/out/result-<name>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import BENCH, OUT, machine  # noqa: E402

# run order: the scorecard benchmark generates (or finds) the databases the others reuse
BENCHES = (
    ("scorecard_switch", "bench_scorecard_switch.py", ["--switches", "40", "--core-samples", "200"]),
    ("summary", "bench_summary.py", ["--samples", "3"]),
    ("first_paint", "bench_first_paint.py", ["--samples", "3"]),
    ("units_load", "bench_units_load.py", ["--samples", "1"]),
)
TABLE_ORDER = ("first_paint", "scorecard_switch", "summary", "units_load")


def _rows(name: str, r: dict) -> list[tuple[str, str, str, str, str, str]]:
    """The benchmark's row, and the first-paint benchmark's rows on the national database."""
    rows = [_row(name, r)]
    for mode, n in (r.get("national") or {}).items() if name == "first_paint" else ():
        shown = n.get("shown") or {}
        rows.append((f"1n. first paint, whole country ({mode}, opens on {shown.get('year')})",
                     f"{n['figure_s'] * 1000:.0f} ms", f"bare window {r['baseline_s'] * 1000:.0f} ms",
                     f"≤ {n['target_ratio']:.0f}× bare (issue 22)",
                     f"{n['ratio']:.2f}× bare = {n['ratio'] / n['target_ratio']:.2f} of target",
                     "PASS" if n["passed"] else "FAIL"))
    return rows


def _passed(r: dict) -> bool:
    return r["passed"] and r.get("passed_national", True)


def _row(name: str, r: dict) -> tuple[str, str, str, str, str, str]:
    verdict = "PASS" if r["passed"] else "FAIL"
    if name == "first_paint":
        return ("1. first paint, main window (Kon Tum)", f"{r['figure_s'] * 1000:.0f} ms",
                f"bare window {r['baseline_s'] * 1000:.0f} ms", f"≤ {r['target_ratio']:.0f}× bare",
                f"{r['ratio']:.2f}× bare = {r['ratio_vs_target']:.2f} of target", verdict)
    if name == "scorecard_switch":
        return ("2. scorecard switch, 10,000 communes × 5 y",
                f"p95 {r['figure_ms']:.1f} ms (median {r['figure_median_ms']:.1f})",
                f"Kon Tum 85: p95 {r['baseline_ms']:.1f} ms", f"≤ {r['target_ms']:.0f} ms",
                f"{r['ratio_vs_target']:.2f} of target", verdict)
    if name == "units_load":
        country, init = r["results"]["all"], r["results"]["ntm init --province all"]
        province = max(r["results"]["Kon Tum"]["load"]["max"], r["results"]["Gia Lai"]["load"]["max"])
        return ("4. units of the whole country, both eras (issue 16)",
                f"load {country['load']['median']:.2f} s; ntm init {init['wall']['median']:.2f} s wall",
                f"ntm init --units none {init['baseline_init_units_none']['median']:.2f} s",
                f"≤ {country['target_s']:.0f} s; a province ≤ 1 s",
                f"{init['wall']['max'] / init['target_s']:.2f} of target; a province ≤ {province:.2f} s", verdict)
    return ("3. ntm summary --json, 10,000 communes", f"{r['figure_s'] * 1000:.0f} ms",
            f"python+sqlite3 {r['baseline_python_s'] * 1000:.0f} ms; GROUP BY {r['baseline_sql_s'] * 1000:.0f} ms",
            f"≤ {r['target_s'] * 1000:.0f} ms", f"{r['ratio_vs_target']:.2f} of target", verdict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    env = datagen.bench_env()
    results: dict[str, dict] = {}
    for name, script, quick_args in BENCHES:
        started = time.perf_counter()
        print(f"== {script}", flush=True)
        cmd = [sys.executable, str(BENCH / script), *(quick_args if args.quick else [])]
        proc = subprocess.run(cmd, env=env)
        if proc.returncode != 0:
            print(f"{script} failed with exit status {proc.returncode}", file=sys.stderr)
            return 2
        results[name] = json.loads((OUT / f"result-{name}.json").read_text())
        print(f"   ({time.perf_counter() - started:.0f} s)\n", flush=True)

    m = machine()
    print(f"machine: {m['nproc']} × {m['cpu']}; Python {m['python']}, Qt {m.get('qt')}"
          f" (PySide6 {m.get('pyside6')}), SQLite {m['sqlite']}")
    header = ("benchmark", "figure", "baseline (same run)", "target", "ratio", "result")
    rows = [header] + [row for name in TABLE_ORDER for row in _rows(name, results[name])]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[k]) for k, cell in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failed = [name for name in TABLE_ORDER if not _passed(results[name])]
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
