"""The window's longest freeze just after it appears (issue 22: the damage check at open).

The program runs its damage check (``store.database.damage``: ``PRAGMA quick_check`` on files
up to 64 MiB) shortly after the first paint (``ui.app``; since issue 22 in a thread with its own
connection). A child process starts the window the way ``main.py`` does (``ui.app.main``) and,
from the first paint, a 5 ms QTimer records the gaps between its ticks for ``--watch`` seconds,
or until the check has ended if it runs longer: the longest gap is the longest time the window
could not answer. Databases: a grid of 1,000 communes × 5 years (about 64 MB: just under the
limit, the file the issue names) and Kon Tum (6 MB, the baseline), alternated.

``damage`` skips a file unchanged since it last passed (``store/checked.py``'s mark in the data
folder): every start here first removes the marks, so that the check runs as it does on the first
start after a change, the case the target is about. Each child also reports when the check ran
(from the first paint) and how long it took, so that a figure without the check shows as such.

Target: no freeze over 100 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_freeze.py [--samples 3] [--watch 1.5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TARGET_MS = 100.0


def child(db: str, watch_s: float) -> None:
    sys.path.insert(0, str(BENCH.parent))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    import ui.app as app_module
    from ntm_desktop.store import database

    real_window, real_damage = app_module.MainWindow, database.damage
    gaps: list[float] = []
    check: dict[str, float] = {}

    def damage(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the check as the program calls it, timed
        check.setdefault("start", time.perf_counter())
        try:
            return real_damage(*args, **kwargs)
        finally:
            check.setdefault("end", time.perf_counter())

    def main_window(store, **options):  # noqa: ANN001, ANN003, ANN202 - ui.app passes menus_later
        window = real_window(store, **options)

        class Probe(QObject):
            started = False

            def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
                if not self.started and event.type() == QEvent.Type.Paint and obj is window:
                    self.started = True
                    start_watch()
                return False

        window._freeze_probe = Probe(window)
        window.installEventFilter(window._freeze_probe)
        return window

    def start_watch() -> None:
        painted = time.perf_counter()
        last = [painted]
        end = painted + watch_s
        timer = QTimer()
        timer.setInterval(5)

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
            checking = "start" in check and "end" not in check and now < painted + 30
            if now >= end and not checking:
                out = {"max_gap_ms": max(gaps) * 1000, "ticks": len(gaps),
                       "check_from_paint_ms": (check["start"] - painted) * 1000 if "start" in check else None,
                       "check_ms": (check["end"] - check["start"]) * 1000 if "end" in check else None}
                sys.stdout.write(json.dumps(out) + "\n")
                sys.stdout.flush()
                os._exit(0)

        timer.timeout.connect(tick)
        timer.start()
        app_module._freeze_timer = timer  # kept alive

    app_module.MainWindow = main_window
    database.damage = damage
    QApplication(sys.argv[:1])
    app_module.main(["--db", db])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--watch", type=float, default=1.5)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], float(args.child[1]))
        raise SystemExit("child ended without measuring")
    sys.path.insert(0, str(BENCH))
    import datagen
    from _common import code_state, load_average, machine, write_result

    env = datagen.bench_env()  # compiled modules kept: the warm-up round writes the .pyc of changed ones
    env["XDG_CONFIG_HOME"] = str(datagen.OUT / "config")
    dbs = {"64 MB (1,000 communes × 5 y)": datagen.ensure_grid(1_000, 10),
           "Kon Tum (baseline)": datagen.ensure_kontum()}
    gaps: dict[str, list[float]] = {k: [] for k in dbs}
    checks: dict[str, list[float | None]] = {k: [] for k in dbs}
    marks = Path(env["NTM_DATA_DIR"]) / "checked"  # store/checked.py's marks of files that passed
    before = load_average()
    for round_ in range(args.samples + 1):  # round 0 warms the file cache and is dropped
        for name, db in dbs.items():
            shutil.rmtree(marks, ignore_errors=True)  # the check runs, as after a change to the file
            proc = subprocess.run([sys.executable, __file__, "--child", str(db), str(args.watch)], env=env,
                                  capture_output=True, text=True, timeout=300)
            lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
            if not lines:
                raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
            if round_:
                result = json.loads(lines[-1])
                gaps[name].append(result["max_gap_ms"])
                checks[name].append(result.get("check_ms"))
    big = max(gaps[next(iter(dbs))])
    report = {"benchmark": "freeze", "machine": machine(), "code": code_state(),
              "load_average": {"before": before, "after": load_average()},
              "databases": {k: {"file": v.name, "bytes": v.stat().st_size} for k, v in dbs.items()},
              "max_gap_ms": gaps, "check_ms": checks, "figure_ms": big,
              "median_ms": statistics.median(gaps[next(iter(dbs))]),
              "baseline_ms": max(gaps["Kon Tum (baseline)"]), "target_ms": TARGET_MS, "passed": big <= TARGET_MS}
    print(f"longest freeze in the {args.watch:.1f} s after the first paint (max over {args.samples} starts):")
    for name, xs in gaps.items():
        ran = ", ".join("not run" if c is None else f"{c:.0f}" for c in checks[name])
        print(f"  {name}: {max(xs):.0f} ms (each start: {', '.join(f'{x:.0f}' for x in xs)}; the check took: {ran} ms)")
    print(f"  target ≤ {TARGET_MS:.0f} ms → {'PASS' if report['passed'] else 'FAIL'}")
    write_result("freeze", report)
    return report


if __name__ == "__main__":
    main()
