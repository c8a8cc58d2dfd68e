"""Importing a 10,000-row legacy criteria table vs. openpyxl's read-only read of the same file.

Target (issue 22; issue 3 had openpyxl as the floor): ``ntm import-table`` of a 10,000-row
table (read, check, match, write 190,000 statuses with their change log), whole process, takes
at most 1.5 × a bare ``python-calamine`` read of the same file, whole process; alternated.
``--in-process`` adds the old in-process figures against openpyxl's read-only read.

    .venv/bin/python bench/bench_import_table.py [--communes 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TARGET_RATIO = 1.5

import openpyxl  # noqa: E402

from ntm_desktop import criteria, units  # noqa: E402
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store  # noqa: E402

OUT = ROOT / "bench" / "out"


def make_database(path: Path, districts: int, per_district: int) -> None:
    """Units only: one province, ``districts`` × ``per_district`` communes (names made up)."""
    store = open_store(path)
    criteria.load_bundled(store)
    batch = audit.new_batch("reference", "bench units")
    with store.transaction():
        province = units.upsert_unit(store, batch, level="province", name="Tỉnh Thử", parent=None, code="99",
                                     region="TN")
        for d in range(districts):
            district = units.upsert_unit(store, batch, level="district", name=f"Huyện Thử {d + 1}", parent=province,
                                         code=f"9{d:03d}")
            for c in range(per_district):
                units.upsert_unit(store, batch, level="commune", name=f"Xã Đăk Thử {d + 1}-{c + 1}", parent=district,
                                  code=f"8{d:03d}{c:03d}")
    store.close()


def make_table(path: Path, districts: int, per_district: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("TH")
    ws.append(["KẾT QUẢ RÀ SOÁT BỘ TIÊU CHÍ"])
    ws.append([])
    ws.append(["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in range(1, 20)], "Tổng số tiêu chí đạt", "Ghi chú"])
    n = 0
    for d in range(districts):
        for c in range(per_district):
            n += 1
            marks = ["x" if rng.random() < 0.7 else None for _ in range(19)]
            ws.append([n, f"Huyện Thử {d + 1}", f"Đăk Thử {d + 1}-{c + 1}", *marks, sum(1 for m in marks if m), None])
    wb.save(path)


def with_dimension(src: Path, dst: Path) -> None:
    """The same table as Excel saves it: a <dimension> element at the top of the sheet.
    openpyxl's write-only mode leaves it out, and a read-only load then parses the whole
    sheet once just to size it, which slows the baseline (not the import) by ~0.6 s."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                rows = data.count(b"<row ")
                data = data.replace(b"<sheetViews>", f'<dimension ref="A1:W{rows}"/><sheetViews>'.encode(), 1)
            zout.writestr(item, data)


def read_only_baseline(path: Path) -> float:
    started = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    return time.perf_counter() - started


def import_once(db_template: Path, table: Path, work: Path) -> tuple[float, float, float]:
    db = work / "import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(db_template, db)
    store = open_store(db)
    started = time.perf_counter()
    preview = legacy_table.read_table(store, table, 2020)
    read = time.perf_counter() - started
    result = legacy_table.apply(store, preview, 2020)
    total = time.perf_counter() - started
    assert result.imported == len(preview.rows), result
    started = time.perf_counter()
    again = legacy_table.apply(store, legacy_table.read_table(store, table, 2020), 2020)
    repeat = time.perf_counter() - started
    assert again.unchanged == len(preview.rows)
    store.close()
    return read, total, repeat


CALAMINE_READ = (
    "import sys, python_calamine\n"
    "wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "rows = wb.get_sheet_by_index(0).to_python()\n"
    "assert len(rows) > 1\n"
)


def _cpu_of_children() -> float:
    """User + system CPU seconds of the children waited for so far (GNU time waits for its own)."""
    import resource  # POSIX only, as in _common.run_measured

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(db_template: Path, table: Path, samples: int) -> dict:
    """``ntm import-table`` (a fresh copy of the units database each time) against a bare
    ``python-calamine`` read of the same file, whole processes, alternated; wall time (the
    target's) and CPU time (steadier on a crowded machine)."""
    from _common import load_average, run_measured, summary

    env = dict(os.environ, NTM_DATA_DIR=str(OUT / "data"))
    db = OUT / "import-cli.sqlite3"
    ntm = [sys.executable, "-m", "ntm_desktop", "--db", str(db), "import-table", str(table), "--year", "2020"]
    times: dict[str, list[float]] = {"calamine": [], "ntm": []}
    cpu: dict[str, list[float]] = {"calamine": [], "ntm": []}
    rss: dict[str, float] = {}
    before = load_average()
    for round_ in range(samples + 1):  # round 0 warms the file cache and is dropped
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copy(db_template, db)
        for name, cmd in (("calamine", [sys.executable, "-c", CALAMINE_READ, str(table)]), ("ntm", ntm)):
            spent = _cpu_of_children()
            wall, peak, _out = run_measured(cmd, env)
            if round_:
                times[name].append(wall)
                cpu[name].append(_cpu_of_children() - spent)
                rss[name] = max(rss.get(name, 0.0), peak)
    base, ours = statistics.median(times["calamine"]), statistics.median(times["ntm"])
    return {"calamine_s": summary(times["calamine"]), "ntm_s": summary(times["ntm"]), "peak_rss_mib": rss,
            "round_ratios": [a / b for a, b in zip(times["ntm"], times["calamine"], strict=True)],
            "cpu_s": {name: summary(values) for name, values in cpu.items()},
            "cpu_ratio": statistics.median(cpu["ntm"]) / statistics.median(cpu["calamine"]),
            "figure_s": ours, "baseline_s": base, "ratio": ours / base, "target_ratio": TARGET_RATIO,
            "passed": ours / base <= TARGET_RATIO, "load_average": {"before": before, "after": load_average()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--in-process", action="store_true", help="also the in-process figures against openpyxl")
    args = parser.parse_args()
    per_district = 100
    districts = max(1, args.communes // per_district)
    OUT.mkdir(parents=True, exist_ok=True)
    # named by a digest of the migrations (bench/datagen.py's): a units database kept from an
    # earlier schema would be migrated, after an automatic backup, in every timed ``ntm`` run
    from datagen import _inputs_digest, _prune

    key = f"import-units-{districts}x{per_district}"
    db_template = OUT / f"{key}-{_inputs_digest(key)}.sqlite3"
    table = OUT / f"import-table-{districts}x{per_district}.xlsx"
    if not db_template.exists():
        print(f"generating {districts * per_district} communes …", flush=True)
        make_database(db_template, districts, per_district)
        _prune(db_template, print)
    if not table.exists():
        make_table(table, districts, per_district)
    excel_like = OUT / f"import-table-{districts}x{per_district}-dimension.xlsx"
    if not excel_like.exists():
        with_dimension(table, excel_like)
    print(f"rows: {districts * per_district} communes × 19 criteria")
    from _common import code_state, machine, write_result

    report = {"benchmark": "import_table", "machine": machine(), "code": code_state(), "rows": districts * per_district,
              **whole_process(db_template, excel_like, args.runs)}
    print(f"  python-calamine read, whole process (baseline): {report['baseline_s']:.3f} s")
    print(f"  ntm import-table, whole process: {report['figure_s']:.3f} s; ratio {report['ratio']:.2f}"
          f" (target ≤ {TARGET_RATIO}: {'PASS' if report['passed'] else 'FAIL'});"
          f" peak RSS {report['peak_rss_mib']['ntm']:.0f} MiB")
    print(f"  CPU (user + system), median: ntm {report['cpu_s']['ntm']['median']:.3f} s,"
          f" calamine {report['cpu_s']['calamine']['median']:.3f} s; ratio {report['cpu_ratio']:.2f}")
    write_result("import_table", report)
    if not args.in_process:
        return
    for label, path in (("written by openpyxl (no <dimension>)", table),
                        ("as Excel saves it (<dimension>)", excel_like)):
        baseline = [read_only_baseline(path) for _ in range(args.runs)]
        runs = [import_once(db_template, path, OUT) for _ in range(args.runs)]
        base = statistics.median(baseline)
        total = statistics.median(r[1] for r in runs)
        print(f"\n{label}")
        print(f"  openpyxl read-only read: {base:.3f} s")
        print(f"  ntm import, of which reading+checking: {statistics.median(r[0] for r in runs):.3f} s")
        print(f"  ntm import, total (first import, all new): {total:.3f} s")
        print(f"  ntm import again (all unchanged): {statistics.median(r[2] for r in runs):.3f} s")


if __name__ == "__main__":
    main()
