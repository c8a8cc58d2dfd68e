"""Importing a 10,000-row legacy criteria table vs. a bare python-calamine read of the same file.

Target (issue 22; issue 3 had openpyxl as the floor): ``ntm import-table`` of a 10,000-row
table (read, check, match, write 190,000 statuses with their change log), whole process, takes
at most 1.5 × a bare ``python-calamine`` read of the same file, whole process; alternated.

Each round also runs the same import in a process of its own that times its stages (the real
command, ``cli.main``, with the program's functions wrapped by timers: :func:`stages_child`),
then writes the same rows into bare tables; from those, the floor: what no design can skip
while keeping the program's safety, as a ratio to the calamine read (bench/README.md).
``--in-process`` adds the old in-process figures against openpyxl's read-only read.

    .venv/bin/python bench/bench_import_table.py [--communes 10000] [--runs 3]
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # the stage child's clock starts here (its interpreter's start is before)

import argparse  # noqa: E402 - the lean start above: ntm imports these too
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TARGET_RATIO = 1.5

OUT = ROOT / "bench" / "out"


def make_database(path: Path, districts: int, per_district: int) -> None:
    """Units only: one province, ``districts`` × ``per_district`` communes (names made up)."""
    from ntm_desktop import criteria, units
    from ntm_desktop.store import audit
    from ntm_desktop.store.database import open_store

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
    import random

    import openpyxl

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
    import openpyxl

    started = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    return time.perf_counter() - started


def fresh_copy(template: Path, db: Path) -> None:
    """``db`` made a copy of ``template``, with no journal or log of an earlier run beside it."""
    import shutil

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(template, db)


def import_once(db_template: Path, table: Path, work: Path) -> tuple[float, float, float]:
    from ntm_desktop.excel import table_import as legacy_table
    from ntm_desktop.store.database import open_store

    db = work / "import.sqlite3"
    fresh_copy(db_template, db)
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

# -- the stages of one import ---------------------------------------------------------------

# (stage, what it holds, whether the floor keeps it), in the order of a run. The floor keeps
# what no design can skip while keeping the program's safety (CONTRACT, DESIGN §8): the file's
# checks (zip limits, the XML screen), the damage check at open, the same checks and matching
# of the table, the automatic backup before a bulk write, and writing the rows (the floor counts
# that as a bare write of the same rows into tables without indexes, triggers or constraints,
# committed with the same journal and synchronous setting).
STAGES = (
    ("start", "interpreter start and exit (the whole process's wall time less the command's)", False),
    ("imports", "importing the command line and the importer (ntm_desktop.cli, excel.table_import)", False),
    ("command", "parser, language, the command's own lines", False),
    ("open", "opening the database (migrations looked for, pragmas), less the damage check", False),
    ("damage_check", "the damage check at open (quick_check: a copied file has no mark)", True),
    ("file_checks", "zip limits and the XML screen in one pass (rows._screen_parts)", True),
    ("read", "python-calamine's read, rows made as openpyxl gives them", False),
    ("wait", "waiting for the file's read started ahead (prefetch.Prefetch.result)", False),
    ("parse_match", "layout, marks, names, matching to units, checks, what it overwrites", True),
    ("stored", "reading what the database holds for the table's communes (twice: preview, write)", False),
    ("backup", "the automatic backup before the write (copy, quick_check of the copy)", True),
    ("rows", "the rows to write: uuids, clock stamps, change-log texts", False),
    ("statuses", "inserting the statuses (criterion_results: 5 indexes, one built after a large write, foreign"
     " keys, checks)", False),
    ("change_log", "inserting the change-log rows (changes: 4 indexes)", False),
    ("commit", "COMMIT (rollback journal, synchronous = FULL)", False),
    ("apply_other", "the write's own lines: locks, differences, journal mode, the summary's marks", False),
    ("masks_fold", "Store.close: the summary's masks of the changed communes (store/masks.py)", False),
    ("close", "Store.close: PRAGMA optimize (ANALYZE of the grown tables), closing", False),
)


def stages_child(db: str, table: str, out: str) -> None:
    """``ntm --db DB import-table TABLE --year 2020`` run by ``cli.main`` in this process, with the
    program's own functions wrapped by timers (each stage's time excludes the stages it calls),
    then the same rows written into bare tables. Writes ``{stages, in_process_s, bare_write_s, …}``
    as JSON to ``out``. Started as a fresh process: the clock starts at :data:`_STARTED`.

    Each thread has its own timers: the stages of the file's read started ahead (``_read_ahead``,
    in a thread of its own) are timed in that thread (``worker``: their times), and the kept
    stages of the main thread that ran while it did are measured (``overlapped_s``): see
    :func:`decomposition`."""
    import threading

    clock = time.perf_counter
    from ntm_desktop import cli
    from ntm_desktop.assessments import criterion_results
    from ntm_desktop.cli import tables
    from ntm_desktop.excel import prefetch, rows, table_import, table_writing
    from ntm_desktop.store import audit, backup, database, masks

    spent: dict[str, float] = {name: 0.0 for name, _what, _kept in STAGES}
    spent["imports"] = clock() - _STARTED
    worker: dict[str, float] = {}  # the stages charged in other threads than the main one
    segments: list[tuple[str, float, float]] = []  # the main thread's time, each stretch charged to one stage
    running: list[str] = []  # the main thread's stages, innermost last
    since = [0.0]  # when the main thread's last stretch began
    spans: list[tuple[float, float]] = []  # the reads ahead: (began, ended)
    kept_names = {name for name, _what, kept in STAGES if kept}
    local = threading.local()  # .nested: time spent in timed calls under the one running, per thread
    lock = threading.Lock()
    main_thread = threading.main_thread()
    captured: dict[str, Any] = {}

    def stretch(now: float) -> None:
        """The main thread's time since the last call or return charged to the stage running."""
        if running:
            segments.append((running[-1], since[0], now))
        since[0] = now

    def charged(stage: str, call: Any) -> Any:
        nested = local.__dict__.setdefault("nested", [0.0])
        main = threading.current_thread() is main_thread
        began = clock()
        if main:
            stretch(began)
            running.append(stage)
        nested.append(0.0)
        try:
            return call()
        finally:
            ended = clock()
            total = ended - began
            own = total - nested.pop()
            nested[-1] += total
            if main:
                stretch(ended)
                running.pop()
            with lock:
                spent[stage] += own
                if not main:
                    worker[stage] = worker.get(stage, 0.0) + own

    def timed(owner: Any, name: str, stage: str, keep: str | None = None) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return charged(stage, lambda: original(*args, **kwargs))
            finally:
                if keep:
                    captured[keep] = args

        setattr(owner, name, wrapper)

    def timed_block(owner: Any, name: str, stage: str) -> None:
        """A context manager's entry and exit charged to ``stage`` (its block to whatever runs in it)."""
        original = getattr(owner, name)

        @contextmanager
        def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            manager = original(*args, **kwargs)
            value = charged(stage, manager.__enter__)
            try:
                yield value
            except BaseException:
                raised = sys.exc_info()
                if not charged(stage, lambda: manager.__exit__(*raised)):
                    raise
            else:
                charged(stage, lambda: manager.__exit__(None, None, None))

        setattr(owner, name, wrapper)

    timed(tables, "cmd_import_table", "command")
    timed(tables, "open_db", "open")
    timed(database, "damage", "damage_check")
    timed(rows, "_screen_parts", "file_checks")
    timed(rows, "_read_calamine", "read")
    timed(prefetch.Prefetch, "result", "wait")
    read_ahead = rows._read_ahead

    def spanned(*args: Any) -> Any:
        began = clock()
        try:
            return read_ahead(*args)
        finally:
            spans.append((began, clock()))

    rows._read_ahead = spanned
    for name in ("read_table", "check", "overwrites"):
        timed(table_import, name, "parse_match")
    timed(table_writing, "_stored", "stored")
    timed(table_import, "apply", "apply_other")
    timed(backup, "auto_backup", "backup")
    timed(table_writing, "_rows_to_write", "rows")
    captured["originals"] = criterion_results.import_officials, audit.record_many
    timed(criterion_results, "import_officials", "statuses", keep="statuses")
    timed_block(criterion_results, "indexes_built_after", "statuses")  # an index dropped, built after the write
    timed(audit, "record_many", "change_log", keep="changes")
    timed(masks, "fold", "masks_fold")
    timed(database.Store, "close", "close")
    transaction = database.Store.transaction

    @contextmanager
    def committed(self: Any) -> Iterator[Any]:
        with transaction(self) as store:
            yield store
            began = clock()
        took = clock() - began  # the transaction's exit: COMMIT
        spent["commit"] += took
        local.nested[-1] += took

    database.Store.transaction = committed  # type: ignore[method-assign]
    began = clock()
    code = cli.main(["--db", db, "import-table", table, "--year", "2020"])
    assert code == 0, code
    spent["command"] += clock() - began - local.nested.pop()
    in_process = clock() - _STARTED
    began = clock()
    # the main thread's time in kept stages while a read ahead ran
    overlapped = sum(max(0.0, min(ended, end) - max(start, start_ahead))
                     for stage, start, ended in segments if stage in kept_names for start_ahead, end in spans)
    report = {"stages": spent, "worker": worker, "overlapped_s": overlapped, "in_process_s": in_process,
              "bare_write_s": bare_write(Path(db), captured)}
    # the process's wall time less the import's and the bare write's (with its rows' making):
    # the interpreter's start and exit
    captured.clear()  # freed here, not at the exit: the real command holds none of it then
    report["child_s"] = in_process + clock() - began
    Path(out).write_text(json.dumps(report))


def bare_write(db: Path, captured: dict[str, Any]) -> float:
    """The import's own statuses and change-log rows written by its own statements
    (``import_officials``, ``record_many``: the fastest of the ways tried, shared values bound once)
    into tables of ``db``'s columns without indexes, triggers or constraints, in one transaction
    with a rollback journal and ``synchronous = FULL`` (the import's settings), committed: seconds."""
    import sqlite3

    import_officials, record_many = captured["originals"]
    _conn, *statuses = captured["statuses"]
    _conn, changes = captured["changes"]
    path = db.with_name("bare-write.sqlite3")
    for suffix in ("", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    source = sqlite3.connect(db)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    # the tables declare no foreign key: with enforcement on nothing is checked, and
    # import_officials leaves out the checks it makes where enforcement is off
    conn.execute("PRAGMA foreign_keys = ON")
    for table in ("criterion_results", "changes"):  # the columns alone, the rowid as the table's
        columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, {', '.join(c for c in columns if c != 'id')})")
    source.close()
    started = time.perf_counter()
    conn.execute("BEGIN")
    import_officials(conn, *statuses)
    record_many(conn, changes)
    conn.execute("COMMIT")
    took = time.perf_counter() - started
    conn.close()
    path.unlink()
    return took


def _cpu_of_children() -> float:
    """User + system CPU seconds of the children waited for so far (GNU time waits for its own)."""
    import resource  # POSIX only, as in _common.run_measured

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(db_template: Path, table: Path, samples: int) -> dict[str, Any]:
    """``ntm import-table`` (a fresh copy of the units database each time) against a bare
    ``python-calamine`` read of the same file, whole processes, alternated; wall time (the
    target's) and CPU time (steadier on a crowded machine). Each round also runs the import once
    more with its stages timed (:func:`stages_child`)."""
    import statistics

    from _common import load_average, run_measured, summary

    env = dict(os.environ, NTM_DATA_DIR=str(OUT / "data"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an edited module recompiled at every start is no figure
    db = OUT / "import-cli.sqlite3"
    ntm = [sys.executable, "-m", "ntm_desktop", "--db", str(db), "import-table", str(table), "--year", "2020"]
    stages_out = OUT / "import-table-stages.json"
    child = [sys.executable, str(Path(__file__).resolve()), "--stages-child", str(db), str(table), str(stages_out)]
    commands = (("calamine", [sys.executable, "-c", CALAMINE_READ, str(table)]), ("ntm", ntm), ("stages", child))
    times: dict[str, list[float]] = {name: [] for name, _cmd in commands}
    cpu: dict[str, list[float]] = {name: [] for name, _cmd in commands}
    rss: dict[str, float] = {}
    runs: list[dict[str, Any]] = []
    before = load_average()
    for round_ in range(samples + 1):  # round 0 warms the file cache and is dropped
        for name, cmd in commands:
            fresh_copy(db_template, db)
            spent = _cpu_of_children()
            wall, peak, _out = run_measured(cmd, env)
            if round_:
                times[name].append(wall)
                cpu[name].append(_cpu_of_children() - spent)
                rss[name] = max(rss.get(name, 0.0), peak)
                if name == "stages":
                    run = json.loads(stages_out.read_text())
                    run["stages"]["start"] = wall - run["child_s"]
                    runs.append(run)
    base, ours = statistics.median(times["calamine"]), statistics.median(times["ntm"])
    return {"calamine_s": summary(times["calamine"]), "ntm_s": summary(times["ntm"]), "peak_rss_mib": rss,
            "round_ratios": [a / b for a, b in zip(times["ntm"], times["calamine"], strict=True)],
            "cpu_s": {name: summary(values) for name, values in cpu.items()},
            "cpu_ratio": statistics.median(cpu["ntm"]) / statistics.median(cpu["calamine"]),
            "figure_s": ours, "baseline_s": base, "ratio": ours / base, "target_ratio": TARGET_RATIO,
            "passed": ours / base <= TARGET_RATIO, "load_average": {"before": before, "after": load_average()},
            **decomposition(runs, times["stages"], base)}


def decomposition(runs: list[dict[str, Any]], walls: list[float], calamine_s: float) -> dict[str, Any]:
    """Each stage's median over the rounds, the main thread's stages' sum against the timed run's
    whole process (the stages of the worker thread, ``worker``, ran beside them), and the floor:
    the calamine read plus the stages the floor keeps plus the bare write, less the kept work that
    ran at the same time as other work, which counts once (the longer path). While the file is
    read ahead, the main thread's kept stages (the damage check) run beside the worker's path
    (the file's checks, kept, and the read, in the baseline): that window counts as the longer of
    the two, so ``min(main's kept time in it, the worker's path)`` is taken off (``overlap_s``)."""
    import statistics

    from _common import summary

    stages = {name: {"what": what, "floor": kept, "worker": any(name in r.get("worker", {}) for r in runs),
                     **summary([r["stages"][name] for r in runs])}
              for name, what, kept in STAGES}
    bare = statistics.median(r["bare_write_s"] for r in runs)
    kept = {name: stages[name]["median"] for name, _what, floor in STAGES if floor}
    overlap = statistics.median(min(r.get("overlapped_s", 0.0), sum(r.get("worker", {}).values())) for r in runs)
    floor = calamine_s + sum(kept.values()) + bare - overlap
    return {"stages": stages, "stages_sum_s": sum(s["median"] for s in stages.values() if not s["worker"]),
            "stages_run_s": summary(walls), "bare_write_s": summary([r["bare_write_s"] for r in runs]),
            "floor": {"s": floor, "ratio": floor / calamine_s, "calamine_s": calamine_s, "bare_write_s": bare,
                      "stages": kept, "overlap_s": overlap}}


def print_decomposition(report: dict[str, Any]) -> None:
    print(f"  stages of the import (medians of {report['stages_run_s']['n']} timed runs; the timed run's whole"
          f" process with its bare write {report['stages_run_s']['median']:.3f} s, the main thread's stages' medians"
          f" add up to {report['stages_sum_s']:.3f} s; 'worker': in the thread reading the file ahead, beside them):")
    for name, stage in report["stages"].items():
        mark = ("floor " if stage["floor"] else "") + ("worker" if stage["worker"] else "")
        print(f"    {name:13s} {stage['median'] * 1000:7.1f} ms ({stage['min'] * 1000:.0f}-{stage['max'] * 1000:.0f})"
              f" {mark:12s}  {stage['what']}")
    floor = report["floor"]
    print(f"  the same rows into bare tables (no index, trigger or constraint), committed:"
          f" {floor['bare_write_s'] * 1000:.0f} ms")
    print(f"  the floor: calamine read {floor['calamine_s'] * 1000:.0f} ms + "
          + " + ".join(f"{name} {v * 1000:.0f}" for name, v in floor["stages"].items())
          + f" + bare write {floor['bare_write_s'] * 1000:.0f} ms"
          + f" - overlapped kept work counted once {floor['overlap_s'] * 1000:.0f} ms = {floor['s']:.3f} s,"
          f" {floor['ratio']:.2f}× the calamine read (target {TARGET_RATIO}×)")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--stages-child":
        stages_child(*sys.argv[2:])
        return
    import statistics

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
    print_decomposition(report)
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
