"""Benchmark: the Tổng quan tab (issue 20) at province and national scale.

Databases (bench/datagen.py, cached in bench/out/): Kon Tum's 85 communes (province scale)
and 10,000 communes (national scale), years 2019-2023, every commune with all 19 statuses a
year. The tab opens on 2023 (the latest year holding data), as in the window.

Measured, each in a shown MainWindow (offscreen), the clock stopping at the end of the grid's
repaint:

* **first open**: ``window.show_tab("ui.overview.view")`` on a fresh window (building the
  tab: the grid's one pass over the year, the charts, the progress over the years);
  baseline, alternated with it, round by round: ``summary.summary(store, 2023)``, the figures
  every report is built from (the same kind of pass, no window);
* **filter**: choosing a band, then "all bands" again (each a filter, the totals, charts and
  a repaint); **sort**: a header click on a criterion column, then on the met column.
  Baseline for both, alternated with them: a bare repaint of the same grid
  (``viewport().repaint()``, the cost Qt pays whatever the model).

Medians of the rounds after one warm-up round; min-max; the load average (1 min) read before
and after. Targets: first open ≤ 1 s at province scale (issue 20); a filter or a sort ≤ 100 ms
(median) at 10,000 communes ("stays responsive"), the slowest sample printed beside it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_overview.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import code_state, machine, median, none_ballast, write_result  # noqa: E402

YEAR = 2023
OPEN_TARGET_S = 1.0
RESPONSIVE_MS = 100.0


def _load() -> float:
    return os.getloadavg()[0]


class _Paints:
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

    def wait(self, app, before: int, limit_s: float = 5.0) -> None:  # noqa: ANN001
        deadline = time.perf_counter() + limit_s
        app.processEvents()
        while self.count == before:
            if time.perf_counter() > deadline:
                raise RuntimeError("no repaint")
            app.processEvents()


def _timed(app, paints: _Paints, action) -> float:  # noqa: ANN001
    before = paints.count
    started = time.perf_counter()
    action()
    paints.wait(app, before)
    return (time.perf_counter() - started) * 1000


def _round(app, store) -> dict[str, list[float]]:  # noqa: ANN001
    """One round on a fresh window: baseline, first open, then filters and sorts each after a bare repaint."""
    from PySide6.QtCore import Qt

    from ntm_desktop import overview, summary
    from ui.main_window import MainWindow
    from ui.overview.model import FIRST

    out: dict[str, list[float]] = {k: [] for k in ("summary", "open", "settled", "core_grid", "filter", "sort",
                                                    "repaint", "rows")}
    started = time.perf_counter()
    summary.summary(store, YEAR)
    out["summary"].append((time.perf_counter() - started) * 1000)
    window = MainWindow(store)
    window.resize(1366, 740)
    window.show()
    for _ in range(5):
        app.processEvents()
    started = time.perf_counter()
    view = window.show_tab("ui.overview.view")
    paints = _Paints(view.table.viewport())
    paints.wait(app, 0)
    out["open"].append((time.perf_counter() - started) * 1000)
    while not view.progress_done:  # the progress chart, read after the first paint a year at a time
        app.processEvents()
    out["settled"].append((time.perf_counter() - started) * 1000)
    out["rows"].append(float(view.model.rowCount()))
    started = time.perf_counter()
    overview.grid(store, YEAR)
    out["core_grid"].append((time.perf_counter() - started) * 1000)
    band = view.band.findData(view.grid.shape.keys[1])
    for index in (band, 0):  # a band, then every band again
        out["repaint"].append(_timed(app, paints, view.table.viewport().repaint))
        out["filter"].append(_timed(app, paints, lambda i=index: view.band.setCurrentIndex(i)))
    for column, order in ((FIRST + 4, Qt.SortOrder.AscendingOrder), (2, Qt.SortOrder.DescendingOrder)):
        out["repaint"].append(_timed(app, paints, view.table.viewport().repaint))
        out["sort"].append(_timed(app, paints, lambda c=column, o=order: view.table.sortByColumn(c, o)))
    window.close()
    window.deleteLater()
    app.processEvents()
    return out


def bench_db(app, db: Path, rounds: int) -> dict:  # noqa: ANN001
    from ntm_desktop.store.database import open_store

    store = open_store(db, create=False)
    runs: dict[str, list[float]] = {}
    for i in range(rounds + 1):
        measured = _round(app, store)
        if i == 0:  # the warm-up round is dropped
            continue
        for key, values in measured.items():
            runs.setdefault(key, []).extend(values)
    store.close()
    rows = int(runs.pop("rows")[0])
    out: dict = {k: {"median": median(v), "min": min(v), "max": max(v), "n": len(v)} for k, v in runs.items()}
    out["rows"] = rows
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="overview tab: first open, filter, sort")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    dbs = {"kontum": datagen.ensure_kontum(), "10k": datagen.ensure_grid()}
    os.environ["NTM_DATA_DIR"] = str(datagen.OUT / "data")
    ballast = none_ballast()

    from PySide6.QtWidgets import QApplication

    from ui import catalog

    app = QApplication.instance() or QApplication([])
    catalog.install()
    report: dict = {"benchmark": "overview", "machine": machine(), "code": code_state(), "none_workaround": ballast,
                    "databases": {k: {"file": v.name, **datagen.info(v)} for k, v in dbs.items()}, "results": {}}
    for name, db in dbs.items():
        before = _load()
        result = bench_db(app, db, args.rounds)
        result["load"] = [before, _load()]
        report["results"][name] = result

    def cell(s: dict) -> str:
        return f"{s['median']:7.1f} ms ({s['min']:.1f}-{s['max']:.1f})"

    print(f"overview tab, year {YEAR}, medians of {args.rounds} rounds (min-max); load average before → after")
    for name, r in report["results"].items():
        label = "Kon Tum, 85 communes" if name == "kontum" else "10,000 communes"
        print(f"{label} ({r['rows']} rows), load {r['load'][0]:.2f} → {r['load'][1]:.2f}")
        print(f"  first open            {cell(r['open'])}   summary() {cell(r['summary'])}"
              f"   ratio {r['open']['median'] / r['summary']['median']:.2f}")
        print(f"    until the progress chart too {cell(r['settled'])};"
              f" the core grid alone {cell(r['core_grid'])}")
        for key in ("filter", "sort"):
            print(f"  {key:20s}  {cell(r[key])}   bare repaint {cell(r['repaint'])}"
                  f"   ratio {r[key]['median'] / r['repaint']['median']:.1f}")
    kt, big = report["results"]["kontum"], report["results"]["10k"]
    report["verdicts"] = {
        "open_province_s": kt["open"]["median"] / 1000, "open_target_s": OPEN_TARGET_S,
        "open_passed": kt["open"]["median"] / 1000 <= OPEN_TARGET_S,
        "responsive_10k_ms": max(big["filter"]["median"], big["sort"]["median"]),
        "slowest_10k_ms": max(big["filter"]["max"], big["sort"]["max"]), "responsive_target_ms": RESPONSIVE_MS,
        "responsive_passed": max(big["filter"]["median"], big["sort"]["median"]) <= RESPONSIVE_MS,
    }
    v = report["verdicts"]
    print(f"first open, province: {v['open_province_s']:.3f} s vs ≤ {OPEN_TARGET_S:.0f} s →"
          f" {'PASS' if v['open_passed'] else 'FAIL'}; filter or sort at 10,000 (the larger median):"
          f" {v['responsive_10k_ms']:.0f} ms vs ≤ {RESPONSIVE_MS:.0f} ms →"
          f" {'PASS' if v['responsive_passed'] else 'FAIL'} (slowest sample {v['slowest_10k_ms']:.0f} ms)")
    write_result("overview", report)
    return report


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown at exit, as the other Qt benchmarks do
