"""Benchmark 3: the summary figures for a year on 10,000 communes.

* ``summary.summary(store, 2023)`` in process (store already open; a fresh store per
  sample so the criteria-set cache starts empty, as in one CLI run).
* ``ntm --db FILE summary --year 2023 --json`` as a subprocess: wall time including
  interpreter start, imports, opening the database and printing the JSON.
* baselines: ``python -c "import sqlite3"`` as a subprocess, and one plain SQL
  ``GROUP BY`` count over ``criterion_results`` for the year (in process).
* before measuring, the summary's kept masks are folded (store/masks.py) as the program's first
  ``Store.close()`` after writing would fold them (datagen writes with plain SQL); the damage
  check at open is skipped for a file unchanged since it passed (store/checked.py), as for a
  user's second command: round 0, dropped, makes that mark.
* where the CLI's time goes: a child process timing its imports, ``open_store``,
  ``summary`` and the JSON output; and the cost of each statement ``open_store`` runs.

Targets (issue 22): ``ntm summary --json`` on 10,000 communes × 5 years ≤ 0.3 s and ≤ 2.5 ×
``python -c "import sqlite3"``; on a province (Kon Tum, 85 communes) ≤ 2 × the same. The three
whole processes alternate (A/B), each's peak RSS measured with ``os.wait4``.

    .venv/bin/python bench/bench_summary.py [--samples 7]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import (  # noqa: E402
    ROOT,
    code_state,
    load_average,
    machine,
    median,
    run_measured,
    summary,
    write_result,
)

TARGET_S = 0.3  # issue 22: national summary, whole process
NATIONAL_RATIO = 2.5  # … and ≤ 2.5 × python -c "import sqlite3"
PROVINCE_RATIO = 2.0  # a province's summary ≤ 2 × python -c "import sqlite3"
YEAR = 2023
GROUP_BY_SQL = (
    "SELECT criterion_id, sum(COALESCE(official, computed) = 1) AS met, count(*) AS n"
    " FROM criterion_results WHERE year = ? GROUP BY criterion_id"
)

# run in a child: where the CLI's time goes (same steps as ntm_desktop.cli.cmd_summary)
_BREAKDOWN = r"""
import time, sys, json
t0 = time.perf_counter()
from ntm_desktop import cli
from ntm_desktop.store.database import open_store
from ntm_desktop.summary import summary
t1 = time.perf_counter()
store = open_store(sys.argv[1], create=False)
t2 = time.perf_counter()
data = summary(store, int(sys.argv[2]))
t3 = time.perf_counter()
from ntm_desktop.cli import jsonout
text = jsonout.dumps(data)  # as the CLI writes it
t4 = time.perf_counter()
store.close()
t5 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "open_store": t2 - t1, "summary": t3 - t2,
                  "json": t4 - t3, "close": t5 - t4}))
"""

# run in a child: the statements open_store runs, each timed on a fresh connection
_OPEN_STEPS = r"""
import sqlite3, sys, time, json
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
out = {}
for sql in ("PRAGMA user_version", "SELECT count(*) FROM sqlite_master", "PRAGMA quick_check(3)",
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"):
    t = time.perf_counter()
    conn.execute(sql).fetchall()
    out[sql] = time.perf_counter() - t
print(json.dumps(out))
"""


def _ntm() -> list[str]:
    exe = Path(sys.executable).with_name("ntm")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ntm_desktop"]


def _child_json(code: str, args: list[str], env: dict, samples: int) -> dict[str, float]:
    runs = []
    for _ in range(samples):
        proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                              text=True, timeout=300, cwd=ROOT)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {k: median([r[k] for r in runs]) for k in runs[0]}


def bench_in_process(db: Path, samples: int) -> dict:
    from ntm_desktop.store.database import open_store
    from ntm_desktop.summary import summary as build_summary

    opens, firsts, warms, sqls = [], [], [], []
    result = None
    for _ in range(samples + 1):
        started = time.perf_counter()
        store = open_store(db, create=False)
        opened = time.perf_counter()
        result = build_summary(store, YEAR)
        done = time.perf_counter()
        build_summary(store, YEAR)
        warm = time.perf_counter()
        store.db.conn.execute(GROUP_BY_SQL, [YEAR]).fetchall()
        sql = time.perf_counter()
        store.close()
        opens.append(opened - started)
        firsts.append(done - opened)
        warms.append(warm - done)
        sqls.append(sql - warm)
    # drop the first round (cold file cache)
    return {
        "open_store_s": summary(opens[1:]),
        "summary_first_s": summary(firsts[1:]),
        "summary_again_s": summary(warms[1:]),
        "group_by_sql_s": summary(sqls[1:]),
        "communes": result["communes"] if result else None,
    }


def fold_masks(db: Path) -> float:
    """Fold the summary's masks (store/masks.py) as the program's first ``Store.close()`` after
    writing does: datagen writes its rows with plain SQL, which the triggers only mark. The
    seconds it took (0 when the file was folded already)."""
    import sqlite3

    from ntm_desktop.store import checked, masks

    conn = sqlite3.connect(db, isolation_level=None, timeout=10)
    try:
        started = time.perf_counter()
        folded = masks.fold(conn)
        took = time.perf_counter() - started
    finally:
        conn.close()
    if folded:  # a file written this instant is checked at each open until RACY_S have passed (store/checked.py)
        time.sleep(checked.RACY_S)
    return took


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="ntm summary on 10,000 communes")
    parser.add_argument("--samples", type=int, default=7)
    args = parser.parse_args(argv)

    big, small = datagen.ensure_grid(), datagen.ensure_kontum()
    env = datagen.bench_env()
    report: dict = {
        "benchmark": "summary", "year": YEAR, "machine": machine(), "code": code_state(),
        "databases": {k: {"file": v.name, **datagen.info(v)} for k, v in (("10k", big), ("kontum", small))},
    }
    report["fold_masks_s"] = {"10k": fold_masks(big), "kontum": fold_masks(small)}
    report["in_process"] = {"10k": bench_in_process(big, args.samples),
                            "kontum": bench_in_process(small, args.samples)}

    # whole processes, A/B alternated: bare python, the national summary, the province summary
    commands = {
        "bare": [sys.executable, "-c", "import sqlite3"],
        "10k": _ntm() + ["--db", str(big), "summary", "--year", str(YEAR), "--json"],
        "kontum": _ntm() + ["--db", str(small), "summary", "--year", str(YEAR), "--json"],
    }
    walls: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, float] = {}
    load_before = load_average()
    for round_ in range(args.samples + 1):  # round 0 warms the file cache and is dropped
        for name, cmd in commands.items():
            wall, peak, out = run_measured(cmd, env)
            if name == "10k":
                assert json.loads(out)["communes"] == 10_000
            if round_:
                walls[name].append(wall)
                rss[name] = max(rss.get(name, 0.0), peak)
    report["load_average"] = {"before": load_before, "after": load_average()}
    report["cli_s"] = {"10k": summary(walls["10k"]), "kontum": summary(walls["kontum"])}
    report["python_import_sqlite3_s"] = summary(walls["bare"])
    report["peak_rss_mib"] = rss
    report["round_ratios"] = {name: [w / b for w, b in zip(walls[name], walls["bare"], strict=True)]
                              for name in ("10k", "kontum")}
    report["cli_breakdown_s"] = {
        "10k": _child_json(_BREAKDOWN, [str(big), str(YEAR)], env, 3),
        "kontum": _child_json(_BREAKDOWN, [str(small), str(YEAR)], env, 3),
    }
    report["open_store_statements_s"] = {
        "10k": _child_json(_OPEN_STEPS, [str(big)], env, 3),
        "kontum": _child_json(_OPEN_STEPS, [str(small)], env, 3),
    }
    fig = report["cli_s"]["10k"]["median"]
    bare = report["python_import_sqlite3_s"]["median"]
    province = report["cli_s"]["kontum"]["median"]
    report.update(
        figure_s=fig, baseline_python_s=bare,
        baseline_sql_s=report["in_process"]["10k"]["group_by_sql_s"]["median"],
        target_s=TARGET_S, ratio_vs_target=fig / TARGET_S,
        national_ratio=fig / bare, national_target_ratio=NATIONAL_RATIO,
        province_s=province, province_ratio=province / bare, province_target_ratio=PROVINCE_RATIO,
        passed=fig <= TARGET_S and fig / bare <= NATIONAL_RATIO,
        passed_province=province / bare <= PROVINCE_RATIO,
    )

    ip = report["in_process"]["10k"]
    print(f"summary for {YEAR} (median of {args.samples}):")
    print(f"  ntm summary --json, 10,000 communes (wall):   {fig * 1000:7.0f} ms")
    print(f"  ntm summary --json, Kon Tum 85 (wall):        {report['cli_s']['kontum']['median'] * 1000:7.0f} ms")
    print(f"  python -c 'import sqlite3' (baseline):        {report['baseline_python_s'] * 1000:7.0f} ms")
    print(f"  summary.summary() in process, 10,000:         {ip['summary_first_s']['median'] * 1000:7.0f} ms"
          f"   (again on the same store: {ip['summary_again_s']['median'] * 1000:.0f} ms)")
    print(f"  plain SQL GROUP BY for the year (baseline):   {report['baseline_sql_s'] * 1000:7.0f} ms")
    print(f"  masks folded before measuring (datagen's rows, as a first close would): "
          f"{report['fold_masks_s']['10k']:.2f} s (Kon Tum {report['fold_masks_s']['kontum']:.2f} s)")
    print(f"  open_store(), 10,000 communes:                {ip['open_store_s']['median'] * 1000:7.0f} ms"
          f"   (Kon Tum: {report['in_process']['kontum']['open_store_s']['median'] * 1000:.0f} ms)")
    for name in ("10k", "kontum"):
        steps = report["cli_breakdown_s"][name]
        print(f"  CLI steps, {name:6s}: " + "  ".join(f"{k} {v * 1000:.0f} ms" for k, v in steps.items()))
    for name in ("10k", "kontum"):
        steps = report["open_store_statements_s"][name]
        slow = {k: v for k, v in steps.items() if v >= 0.001}
        print(f"  open_store statements ≥1 ms, {name:6s}: "
              + ("  ".join(f"{k} {v * 1000:.0f} ms" for k, v in slow.items()) or "none"))
    print(f"  national: {fig:.3f} s vs ≤ {TARGET_S} s and {fig / report['baseline_python_s']:.2f} × bare python"
          f" vs ≤ {NATIONAL_RATIO} × → {'PASS' if report['passed'] else 'FAIL'}")
    print(f"  province: {report['province_ratio']:.2f} × bare python vs ≤ {PROVINCE_RATIO} ×"
          f" → {'PASS' if report['passed_province'] else 'FAIL'}; peak RSS (MiB): "
          + ", ".join(f"{k} {v:.0f}" for k, v in report["peak_rss_mib"].items()))
    write_result("summary", report)
    return report


if __name__ == "__main__":
    main()
