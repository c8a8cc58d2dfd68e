"""Growth (issue 22, part 3): the summary, the window's first paint and the scorecard switch at
100, 1,000, 10,000 and 50,000 communes.

Grid databases of bench/datagen.py with one year (2023) of data, so that the 50,000-commune file
stays small enough to generate in a minute; about 100 communes a district (the office's district,
opened at the start, holds as many at every size). Each figure is the median of ``--samples``
fresh processes, the sizes alternated within each round:

* ``ntm summary --year 2023 --json``, whole process;
* the main window's first paint from process start (bench_first_paint.py's probe);
* the p95 of ``--switches`` scorecard switches with the repaint (bench_scorecard_switch.py's
  ``bench_view``), in one process per size.

Expected: first paint flat (the lazy unit tree builds the same items at every size), the others
growing at most linearly with the number of communes.

    .venv/bin/python bench/bench_growth.py [--samples 3] [--switches 60] [--sizes 100,1000,10000,50000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import code_state, load_average, machine, run_measured, write_result  # noqa: E402

YEAR = 2023
SIZES = (100, 1_000, 10_000, 50_000)
FLAT = 1.25  # first paint at the largest size ≤ 1.25 × at the smallest: "flat", with the run's noise


def _db(communes: int) -> Path:
    return datagen.ensure_grid(communes, max(1, communes // 100), (YEAR,))


def _switch_child(db: str, switches: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from _common import none_ballast

    none_ballast()
    import bench_scorecard_switch
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    result = bench_scorecard_switch.bench_view(app, Path(db), YEAR, switches, 7)
    sys.stdout.write(json.dumps(result["switch_and_paint_ms"]) + "\n")
    sys.stdout.flush()
    os._exit(0)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--switches", type=int, default=60)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--switch-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.switch_child:
        _switch_child(args.switch_child[0], int(args.switch_child[1]))
    import bench_first_paint

    sizes = [int(x) for x in args.sizes.split(",")]
    dbs = {n: _db(n) for n in sizes}
    env = datagen.bench_env()
    env["XDG_CONFIG_HOME"] = str(datagen.OUT / "config")
    summary_s: dict[int, list[float]] = {n: [] for n in sizes}
    paint_s: dict[int, list[float]] = {n: [] for n in sizes}
    before = load_average()
    for round_ in range(args.samples + 1):  # round 0 warms the file cache and is dropped
        for n in sizes:
            cmd = [sys.executable, "-m", "ntm_desktop", "--db", str(dbs[n]), "summary", "--year", str(YEAR), "--json"]
            wall, _peak, _out = run_measured(cmd, env)
            paint = bench_first_paint._run("main", dbs[n], env, ballast=True)["first_paint"]
            if round_:
                summary_s[n].append(wall)
                paint_s[n].append(paint)
    switch_p95: dict[int, float] = {}
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--switch-child", str(dbs[n]), str(args.switches)],
                              env=env, capture_output=True, text=True, timeout=600)
        lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
        if not lines:
            raise RuntimeError(f"switch child failed ({proc.returncode}): {proc.stderr[-2000:]}")
        switch_p95[n] = json.loads(lines[-1])["p95"]
    after = load_average()
    figures = {n: {"summary_s": statistics.median(summary_s[n]), "first_paint_s": statistics.median(paint_s[n]),
                   "switch_p95_ms": switch_p95[n]} for n in sizes}
    small, large = sizes[0], sizes[-1]
    size_factor = large / small

    def growth(key: str) -> float:
        return figures[large][key] / figures[small][key]

    verdicts = {"first_paint_flat": growth("first_paint_s") <= FLAT,
                "summary_at_most_linear": growth("summary_s") <= size_factor,
                "switch_at_most_linear": growth("switch_p95_ms") <= size_factor}
    report = {"benchmark": "growth", "machine": machine(), "code": code_state(), "year": YEAR,
              "load_average": {"before": before, "after": after}, "figures": {str(n): f for n, f in figures.items()},
              "growth": {k: growth(k) for k in ("summary_s", "first_paint_s", "switch_p95_ms")},
              "size_factor": size_factor, "verdicts": verdicts, "passed": all(verdicts.values())}
    print(f"growth, one year of data, medians of {args.samples}; load average {before[0]} before, {after[0]} after")
    print(f"  {'communes':>9}  {'summary':>9}  {'first paint':>11}  {'switch p95':>10}")
    for n in sizes:
        f = figures[n]
        print(f"  {n:>9,}  {f['summary_s'] * 1000:>6.0f} ms  {f['first_paint_s'] * 1000:>8.0f} ms"
              f"  {f['switch_p95_ms']:>7.1f} ms")
    print(f"  {large:,} / {small:,} communes ({size_factor:.0f}×): summary {growth('summary_s'):.2f}×, first paint"
          f" {growth('first_paint_s'):.2f}× (flat: ≤ {FLAT}×), switch {growth('switch_p95_ms'):.2f}× → "
          + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in verdicts.items()))
    write_result("growth", report)
    return report


if __name__ == "__main__":
    main()
