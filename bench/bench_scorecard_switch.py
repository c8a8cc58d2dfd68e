"""Benchmark 2: switching the scorecard between communes.

Databases (bench/datagen.py, cached in bench/out/): 10,000 communes × 5 years
(2019-2023, yearly periods, official statuses for all 19 criteria and a value for every
indicator of the set in force) and, as the baseline, Kon Tum's 85 communes with the same
data density.

(a) core: ``assessments.scorecard(store, commune, Period(year, 'Y'))`` for random
    communes (the Unit already fetched).
(b) window: ``ScorecardView.show_commune(unit_id)`` in a real, shown ScorecardView
    (offscreen), then events processed until the criteria tree has repainted; the clock
    runs from the call to the end of that paint. ``last_switch_ms`` (the view's own
    figure, without the paint) is reported beside it, and the process's CPU time for the
    switch and its paint (``cpu_ms``): on a crowded machine the wall clock mostly measures the
    wait for a core, the CPU time what the switch itself costs.
(c) information: the same switch made as a user makes it, by moving the current row of the
    unit tree in a MainWindow (signal → show_commune → paint).

The view opens on the latest year holding data (2023, set QG-2021-2025, 20 indicators);
2020 (QG-2016-2020, 49 indicators, the larger tree) is measured too.
Target: p95 ≤ 50 ms per switch (window, 10,000 communes × 5 years), measured again while
another process keeps one core busy (issue 22: the target holds on a loaded machine).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_scorecard_switch.py [--switches 200]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import (  # noqa: E402
    BusyCore,
    code_state,
    load_average,
    machine,
    none_ballast,
    singleton_refs,
    summary,
    write_result,
)

TARGET_MS = 50.0
WARMUP = 20


def _commune_ids(store) -> list[int]:  # noqa: ANN001
    return [r["id"] for r in store.query("SELECT id FROM units WHERE level = 'commune' ORDER BY id")]


def _picks(ids: list[int], count: int, seed: int) -> list[int]:
    """``count`` random communes, never the same twice in a row (a real switch each time)."""
    rng = random.Random(seed)
    out: list[int] = []
    while len(out) < count:
        pick = rng.choice(ids)
        if not out or pick != out[-1]:
            out.append(pick)
    return out


def bench_core(db: Path, year: int, samples: int, seed: int) -> dict:
    from ntm_desktop import assessments, units
    from ntm_desktop.periods import Period
    from ntm_desktop.store.database import open_store

    store = open_store(db, create=False)
    ids = _commune_ids(store)
    period = Period(year, "Y")
    times = []
    for i, unit_id in enumerate(_picks(ids, WARMUP + samples, seed)):
        commune = units.get(store, unit_id)
        started = time.perf_counter()
        card = assessments.scorecard(store, commune, period)
        elapsed = time.perf_counter() - started
        assert card.has_data
        if i >= WARMUP:
            times.append(elapsed * 1000)
    store.close()
    return summary(times)


class _PaintCounter:
    """Counts Paint events reaching a widget."""

    def __init__(self, widget) -> None:  # noqa: ANN001
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def _wait_paint(app, counter: _PaintCounter, before: int, limit_s: float = 2.0) -> None:  # noqa: ANN001
    deadline = time.perf_counter() + limit_s
    app.processEvents()
    while counter.count == before:
        if time.perf_counter() > deadline:
            raise RuntimeError("no repaint after a switch")
        app.processEvents()


def bench_view(app, db: Path, year: int | None, switches: int, seed: int) -> dict:  # noqa: ANN001
    from PySide6.QtGui import QUndoStack

    from ntm_desktop.store.database import open_store
    from ui.scorecard.view import ScorecardView

    store = open_store(db, create=False)
    ids = _commune_ids(store)
    stack = QUndoStack()
    view = ScorecardView(store, stack)
    if year is not None:
        view.year.setValue(year)
    view.resize(1100, 720)
    view.show()
    for _ in range(5):
        app.processEvents()
    counter = _PaintCounter(view.tree.viewport())
    totals, own, cpu, leak = [], [], [], []
    for i, unit_id in enumerate(_picks(ids, WARMUP + switches, seed)):
        before, refs = counter.count, singleton_refs()
        cpu_started, started = time.process_time(), time.perf_counter()
        view.show_commune(unit_id)
        _wait_paint(app, counter, before)
        elapsed = time.perf_counter() - started
        if i >= WARMUP:
            totals.append(elapsed * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            own.append(view.last_switch_ms)
            leak.append([b - a for b, a in zip(refs, singleton_refs(), strict=True)])
    result = {
        "year": view.year.value(),
        "set": view.model.card.criteria_set.code if view.model.card else None,
        "switch_and_paint_ms": summary(totals),
        "last_switch_ms": summary(own),
        "cpu_ms": summary(cpu),
        "refs_lost_per_switch": {
            name: summary([float(x[k]) for x in leak]) for k, name in enumerate(("None", "True", "False"))
        },
    }
    view.close()
    view.deleteLater()
    app.processEvents()
    store.close()
    return result


def bench_tree_click(app, db: Path, switches: int, seed: int) -> dict:  # noqa: ANN001
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex

    from ntm_desktop.store.database import open_store
    from ui.main_window import MainWindow
    from ui.scorecard.unit_tree import UNIT_ID

    store = open_store(db, create=False)
    built = time.perf_counter()
    window = MainWindow(store)
    built = time.perf_counter() - built
    window.show()
    for _ in range(5):
        app.processEvents()
    # every commune's row, at any depth (province → district → commune, or province → commune);
    # the lazy tree (issue 22) is filled whole first, outside the clock
    window.tree.visible_communes()
    where = {index.data(UNIT_ID): QPersistentModelIndex(index) for index in window.tree._commune_indexes()}
    counter = _PaintCounter(window.scorecard.tree.viewport())
    totals = []
    for i, unit_id in enumerate(_picks(sorted(where), WARMUP + switches, seed)):
        index = QModelIndex(where[unit_id])
        before = counter.count
        started = time.perf_counter()
        window.tree.view.setCurrentIndex(index)
        _wait_paint(app, counter, before)
        if i >= WARMUP:
            totals.append((time.perf_counter() - started) * 1000)
    window.close()
    window.deleteLater()
    app.processEvents()
    store.close()
    return {"window_build_s": built, "click_switch_and_paint_ms": summary(totals)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="scorecard switch: core and window")
    parser.add_argument("--switches", type=int, default=200)
    parser.add_argument("--core-samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    big, small = datagen.ensure_grid(), datagen.ensure_kontum()
    os.environ["NTM_DATA_DIR"] = str(datagen.OUT / "data")
    # PySide6 6.12.0 on CPython 3.11 aborts after a few hundred switches; see _common
    refs_at_start = singleton_refs()
    ballast = none_ballast()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    dbs = {"10k": big, "kontum": small}
    report: dict = {
        "benchmark": "scorecard_switch", "machine": machine(), "code": code_state(),
        "databases": {k: {"file": v.name, **datagen.info(v)} for k, v in dbs.items()},
        "refs_at_start": dict(zip(("None", "True", "False"), refs_at_start, strict=True)),
        "none_workaround": ballast,
        "core": {}, "view": {}, "tree_click": {},
    }
    for name, db in dbs.items():
        for year in (2023, 2020):
            report["core"][f"{name}-{year}"] = bench_core(db, year, args.core_samples, args.seed)
            report["view"][f"{name}-{year}"] = bench_view(app, db, year, args.switches, args.seed)
        report["tree_click"][name] = bench_tree_click(app, db, args.switches, args.seed)
    # issue 22: the target holds with the machine loaded by another process (one core kept busy)
    report["load_average"] = load_average()
    with BusyCore():
        report["view"]["10k-2023-loaded"] = bench_view(app, big, 2023, args.switches, args.seed)
    report["load_average_loaded"] = load_average()

    fig = report["view"]["10k-2023-loaded"]["switch_and_paint_ms"]
    base = report["view"]["kontum-2023"]["switch_and_paint_ms"]
    report.update(
        figure_ms=fig["p95"], figure_median_ms=fig["median"], baseline_ms=base["p95"],
        baseline_median_ms=base["median"], target_ms=TARGET_MS,
        ratio_vs_target=fig["p95"] / TARGET_MS, passed=fig["p95"] <= TARGET_MS,
    )

    def line(label: str, s: dict) -> str:
        return f"  {label:44s} median {s['median']:6.2f} ms   p95 {s['p95']:6.2f} ms   (n={s['n']})"

    print("scorecard switch (offscreen), random communes:")
    for key in ("10k-2023", "kontum-2023", "10k-2020", "kontum-2020", "10k-2023-loaded"):
        db, year = key.split("-")[:2]
        label = "10,000 communes" if db == "10k" else "Kon Tum 85 (baseline)"
        if key.endswith("loaded"):
            label += ", another process keeping a core busy"
            print(line(f"window {year}, {label}", report["view"][key]["switch_and_paint_ms"]))
            print(line("  of which CPU time of this process", report["view"][key]["cpu_ms"]))
            continue
        print(line(f"window {year}, {label}", report["view"][key]["switch_and_paint_ms"]))
        print(line("  of which show_commune (last_switch_ms)", report["view"][key]["last_switch_ms"]))
        print(line("  CPU time of this process (switch + paint)", report["view"][key]["cpu_ms"]))
        print(line(f"core scorecard() {year}, {label}", report["core"][key]))
    for name in dbs:
        tc = report["tree_click"][name]
        print(line(f"(info) tree click in MainWindow, {name}", tc["click_switch_and_paint_ms"])
              + f"   window built in {tc['window_build_s'] * 1000:.0f} ms")
    lost = report["view"]["kontum-2023"]["refs_lost_per_switch"]
    none_lost = lost["None"]["median"]
    print(f"  (stability) references lost per switch: None {none_lost:.0f}, True {lost['True']['median']:.0f},"
          f" False {lost['False']['median']:.0f}; None had {refs_at_start[0]} at start → without the"
          f" work-around the process aborts after ≈{refs_at_start[0] / max(none_lost, 1):.0f} switches")
    print(f"  p95 {fig['p95']:.1f} ms vs target ≤ {TARGET_MS:.0f} ms → {fig['p95'] / TARGET_MS:.2f} of target"
          f" → {'PASS' if report['passed'] else 'FAIL'}   (baseline p95 {base['p95']:.1f} ms,"
          f" {fig['p95'] / base['p95']:.2f} × baseline)")
    write_result("scorecard_switch", report)
    return report


if __name__ == "__main__":
    main()
    # skip interpreter finalisation: with PySide6 6.12.0 on 3.11 it can abort while
    # tearing down Qt wrappers, after the results are written
    sys.stdout.flush()
    os._exit(0)
