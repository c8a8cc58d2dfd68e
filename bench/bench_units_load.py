"""Benchmark: loading units from the national lists (``ntm init --province``, issue 16).

* ``units.load_provinces`` in process on a fresh database: one province of the list before
  the reform (Kon Tum, 62: its tree, the new units its communes went into, the events), one
  of both eras (Gia Lai), and the whole country (``--province all``: 14,149 units, 11,592
  event rows, each logged);
* the same call again on the loaded database (idempotent: reads, compares, writes nothing);
* ``ntm init --units none --province all`` as a subprocess (wall time: interpreter, migration,
  criteria sets, the load), alternated with its baseline ``ntm init --units none`` (the same
  command without the load) on a fresh file each; the load average is recorded before and after.

Targets (issue 16): one province well under 1 s, the whole country ≤ 10 s.

    .venv/bin/python bench/bench_units_load.py [--samples 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, machine, median, summary, verdict, write_result  # noqa: E402

from ntm_desktop import units  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402

TARGETS = {"Kon Tum": 1.0, "Gia Lai": 1.0, "all": 10.0}


def _load(folder: Path, name: str) -> tuple[float, float]:
    store = open_store(folder / f"{name}.sqlite3")
    try:
        chosen = units.find_provinces(name)
        started = time.perf_counter()
        units.load_provinces(store, chosen)
        first = time.perf_counter() - started
        started = time.perf_counter()
        units.load_provinces(store, chosen)
        return first, time.perf_counter() - started
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    load_before = os.getloadavg()
    for name, target in TARGETS.items():
        loads, agains = [], []
        for _ in range(args.samples):
            with tempfile.TemporaryDirectory() as tmp:
                first, again = _load(Path(tmp), name)
            loads.append(first)
            agains.append(again)
        results[name] = {"load": summary(loads), "again": summary(agains), "target_s": target,
                         "verdict": verdict(max(loads), target)}
        print(f"{name}: load median {median(loads):.3f} s ({min(loads):.3f}-{max(loads):.3f}),"
              f" again {median(agains):.3f} s "
              f"(target {target} s: {results[name]['verdict']})")
    walls, bare_walls = [], []
    for _ in range(args.samples):  # alternated: baseline, then the command
        for extra, out in (([], bare_walls), (["--province", "all"], walls)):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(Path(tmp) / "ntm.sqlite3"), "init",
                                "--units", "none", *extra], check=True, capture_output=True, cwd=ROOT)
                out.append(time.perf_counter() - started)
    load_after = os.getloadavg()
    results["ntm init --province all"] = {"wall": summary(walls), "baseline_init_units_none": summary(bare_walls),
                                          "target_s": 10.0, "verdict": verdict(max(walls), 10.0)}
    print(f"ntm init --units none --province all: median {median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f});"
          f" baseline ntm init --units none {median(bare_walls):.2f} s ({min(bare_walls):.2f}-{max(bare_walls):.2f})")
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    write_result("units_load", {"machine": machine(), "results": results, "samples": args.samples,
                                "load_average": {"before": load_before, "after": load_after},
                                "passed": all(r["verdict"] == "PASS" for r in results.values())})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
