"""Benchmark 8: importing a sync package of 10,000 communes × 5 years.

* Source: the grid database of ``datagen.py`` (10,000 communes, 2019–2023: 1.58 M
  indicator values and 0.95 M criterion results), copied, with a change log added as
  the program's service functions would have written it (one insertion row per record,
  as values entered by hand or from templates are logged, with a version-7 uuid made with
  the record), so that the package carries records *and* history
  like a real district database's package does.
* ``sync.export.export_package(full=True)`` writes the package (timed, for information).
* The import (timed): ``sync.merge.import_package`` into a fresh database holding only
  the bundled criteria sets, as a province receiving a district for the first time:
  checks (zip, manifest, SHA-256 of every member, signature), the automatic backup,
  classification, writing values, units and history, recomputing the computed
  statuses, in one transaction.
* Baseline, same run, same folder: plain ``sqlite3`` ``executemany`` of the package's own
  rows (every CSV member, as read from the zip) into bare tables (no key, no index, no
  constraint), in one transaction, with plain sqlite3's defaults (rollback journal,
  ``synchronous=FULL``: the import of a package this large runs with a rollback journal
  too, ``Store.large_transaction``). The same in WAL mode is printed for information.

Rows = every row the package holds (records, tombstones and history rows). Target: the
import reaches at least 30 % of the baseline's rows per second.

Also measured (information): the dry run, importing the same package again, and the
import as the window runs it (another connection open, so it stays in WAL mode).

    .venv/bin/python bench/bench_sync.py                       # 10,000 communes
    .venv/bin/python bench/bench_sync.py --communes 1000 --districts 10   # a quick run
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
from _common import OUT, code_state, machine, run_measured, write_result  # noqa: E402

IMPORT_CHILD = r"""
import json, resource, sys, time
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
store = open_store(sys.argv[1])
started = time.perf_counter()
report = merge.import_package(store, sys.argv[2])
elapsed = time.perf_counter() - started
store.close()
own, helper = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"import_s": elapsed, "totals": report.totals.as_json(),
                  "cpu_s": own.ru_utime + own.ru_stime, "helper_cpu_s": helper.ru_utime + helper.ru_stime}))
"""

TARGET = 0.30
BARE_CACHE_KIB = 2000  # sqlite3's default page cache (cache_size = -2000), which the baseline keeps
RSS_TARGET_MIB = 300  # issue 22: peak RSS of a 5-million-row import
CHANGE_LOG_VERSION = 2  # 2: version-7 change uuids
WORK = OUT / "sync"


def _clean(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _add_change_log(path: Path) -> int:
    """One change-log row per record, as the service functions would have logged them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA cache_size = -400000")
    inst = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()[0]
    rng = random.Random(datagen.DEFAULT_SEED)
    conn.execute("BEGIN")
    sql = ("INSERT INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old, new,"
           " source, label) VALUES (?,?,?,?,?,?,?,?,?,'insert',NULL,?,'imported','bench')")
    total = 0
    for entity, prefix, query in (
        ("indicator_value", "iv",
         "SELECT v.uuid, v.updated_at, v.updated_by, v.hlc, u.nkey, v.period, s.code, i.code, v.value, v.note"
         " FROM indicator_values v JOIN units u ON u.id = v.commune_id JOIN indicators i ON i.id = v.indicator_id"
         " JOIN criteria_sets s ON s.id = i.set_id"),
        ("criterion_result", "cr",
         "SELECT r.uuid, r.updated_at, r.updated_by, r.hlc, u.nkey, r.period, s.code, c.number, r.official, r.note"
         " FROM criterion_results r JOIN units u ON u.id = r.commune_id JOIN criteria c ON c.id = r.criterion_id"
         " JOIN criteria_sets s ON s.id = c.set_id WHERE r.official IS NOT NULL"),
    ):
        key = "value" if prefix == "iv" else "official"
        batch: list[tuple] = []
        for uuid, at, by, hlc, commune, period, code, item, value, note in conn.execute(query).fetchall():
            new = json.dumps({key: value, "note": note, "source": "imported"}, ensure_ascii=False, sort_keys=True)
            batch.append((datagen.uuid7(rng, hlc), f"bench-{prefix}-{period}", at, by, inst, hlc, entity, uuid,
                          f"{prefix}|{commune}|{period}|{code}|{item}", new))
            if len(batch) >= 200_000:
                conn.executemany(sql, batch)
                total += len(batch)
                batch = []
        conn.executemany(sql, batch)
        total += len(batch)
    conn.execute("COMMIT")
    conn.close()
    return total


def _source(communes: int, districts: int) -> tuple[Path, int]:
    grid = datagen.ensure_grid(communes, districts)
    source = WORK / f"source-log{CHANGE_LOG_VERSION}-{grid.name}"
    marker = source.with_suffix(".json")
    if source.exists() and marker.exists():
        return source, json.loads(marker.read_text())["history"]
    WORK.mkdir(parents=True, exist_ok=True)
    _clean(source)
    shutil.copy(grid, source)
    started = time.perf_counter()
    history = _add_change_log(source)
    print(f"  change log added to the source: {history} rows ({time.perf_counter() - started:.1f}s)", flush=True)
    marker.write_text(json.dumps({"history": history}))
    # sources made from an older grid of the same size (another digest): never read again, 2 GB each
    key = grid.stem.rsplit("-", 1)[0]
    for old in WORK.glob(f"source-log*-{key}-*.sqlite3"):
        if old != source:
            _clean(old)
            old.with_suffix(".json").unlink(missing_ok=True)
    return source, history


def _target(name: str) -> Path:
    from ntm_desktop import criteria
    from ntm_desktop.store.database import open_store

    path = WORK / name
    _clean(path)
    shutil.rmtree(WORK / "backups", ignore_errors=True)
    store = open_store(path)
    criteria.load_bundled(store)
    store.close()
    return path


def _baseline(package: Path) -> tuple[int, dict[str, float]]:
    """Rows per second of plain executemany of the package's own rows (every CSV member)
    into bare tables (no key, no index, no constraint), in one transaction: with plain
    sqlite3's defaults (rollback journal, ``synchronous=FULL``), which is the baseline, and
    in WAL mode (information). The rows are read from the package before the clock starts;
    ``read_s`` (information) is that reading, which the import's time includes."""
    import csv
    import io
    import zipfile

    members = []
    gc.disable()  # millions of lists kept: the collector would walk them all again and again (as the import pauses it)
    started = time.perf_counter()
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                with archive.open(name) as raw:
                    rows = list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
                if len(rows) > 1:
                    members.append((len(rows[0]), rows[1:]))
    read_s = time.perf_counter() - started
    gc.enable()
    total = sum(len(rows) for _w, rows in members)
    rates = {"read_s": read_s}
    for journal in ("delete", "wal"):
        path = WORK / "bare.sqlite3"
        _clean(path)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA journal_mode = {journal}")
        conn.execute("PRAGMA synchronous = FULL")
        rates["page_size"] = conn.execute("PRAGMA page_size").fetchone()[0]
        for index, (width, _rows) in enumerate(members):
            conn.execute(f"CREATE TABLE bare{index} ({', '.join(f'c{i}' for i in range(width))})")
        started = time.perf_counter()
        conn.execute("BEGIN")
        for index, (width, rows) in enumerate(members):
            conn.executemany(f"INSERT INTO bare{index} VALUES ({', '.join('?' * width)})", rows)
        conn.execute("COMMIT")
        rates[journal] = total / (time.perf_counter() - started)
        conn.close()
        _clean(path)
    return total, rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--import-only", action="store_true",
                        help="skip the dry run and the second import (while working on the import)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NTM_DATA_DIR", str(OUT / "data"))

    from ntm_desktop.store.database import open_store
    from ntm_desktop.sync import merge
    from ntm_desktop.sync.package import export

    source, _history = _source(args.communes, args.districts)
    package_dir = WORK / "packages"
    shutil.rmtree(package_dir, ignore_errors=True)
    package_dir.mkdir(parents=True)

    store = open_store(source)
    started = time.perf_counter()
    result = export.export_package(store, package_dir, full=True)
    export_s = time.perf_counter() - started
    store.close()
    rows = result.records + result.tombstones + result.history
    print(f"export: {rows:,} rows ({result.records:,} records, {result.history:,} history), "
          f"{result.size / 1e6:.0f} MB in {export_s:.1f}s", flush=True)

    target = _target("target.sqlite3")
    store = open_store(target)
    started = time.perf_counter()
    dry = merge.import_package(store, result.path, dry_run=True) if not args.import_only else None
    dry_s = time.perf_counter() - started
    store.close()
    # the import in a process of its own (issue 22: its own peak RSS, GNU time's %M), timed inside it
    _wall, import_rss, out = run_measured([sys.executable, "-c", IMPORT_CHILD, str(target), str(result.path)],
                                          dict(os.environ))
    child = json.loads(out.strip().splitlines()[-1])
    import_s, totals = child["import_s"], child["totals"]
    cpu_s, helper_cpu_s = child["cpu_s"], child["helper_cpu_s"]
    assert totals["new"] == result.records - result.counts.get("criteria_set", 0), totals
    assert dry is None or dry.totals.as_json() == totals
    store = open_store(target)
    page_size = store.db.conn.execute("PRAGMA page_size").fetchone()[0]
    counts = {t: store.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("indicator_values", "criterion_results", "changes", "units")}
    # the same package again, forgetting that it was received (else the ledger answers at once)
    started = time.perf_counter()
    reimport_s = None
    if not args.import_only:
        store.db.conn.execute("DELETE FROM sync_packages WHERE direction = 'received'")
        report2 = merge.import_package(store, result.path)
        reimport_s = time.perf_counter() - started
        assert report2.totals.new == 0 and report2.totals.updated == 0, report2.totals
    store.close()

    # as the window imports: in a worker, while the window's own connection stays open, so
    # the database cannot leave WAL for the import (Store.large_transaction)
    window_s = None
    if not args.import_only:
        _clean(target)
        window_target = _target("target-window.sqlite3")
        other = sqlite3.connect(window_target)
        other.execute("SELECT count(*) FROM meta").fetchone()
        store = open_store(window_target)
        started = time.perf_counter()
        merge.import_package(store, result.path)
        window_s = time.perf_counter() - started
        store.close()
        other.close()
        _clean(window_target)

    bare_rows, bare_rates = _baseline(result.path)
    bare = bare_rates["delete"]
    assert bare_rows == rows, (bare_rows, rows)
    rate = rows / import_s
    ratio = rate / bare
    verdict = "PASS" if ratio >= TARGET and import_rss <= RSS_TARGET_MIB else "FAIL"
    print(f"import: {rows:,} rows in {import_s:.1f}s = {rate:,.0f} rows/s "
          + ("" if args.import_only else f"(dry run {dry_s:.1f}s; again {reimport_s:.1f}s;"
                                           f" with another connection open, in WAL: {window_s:.1f}s)"))
    print(f"  the import's process: {cpu_s:.1f}s of processor time (the history helper: {helper_cpu_s:.1f}s),"
          f" peak RSS {import_rss:.0f} MiB (target ≤ {RSS_TARGET_MIB})")
    print(f"bare executemany: {bare:,.0f} rows/s (in WAL mode: {bare_rates['wal']:,.0f} rows/s; reading the package's"
          f" rows into memory before it, not timed: {bare_rates['read_s']:.1f}s)")
    print(f"  settings: both a rollback journal, synchronous=FULL, page size {bare_rates['page_size']}"
          f" (the import's file: {page_size}); page cache: bare {BARE_CACHE_KIB} KiB (sqlite3's default),"
          f" import {merge.IMPORT_CACHE_KIB} KiB")
    print(f"ratio {ratio:.2f} (target ≥ {TARGET:.2f}): {verdict}")
    write_result("sync", {
        "machine": machine(), "code": code_state(), "communes": args.communes,
        "package": {"rows": rows, "records": result.counts, "history": result.history, "bytes": result.size},
        "export_s": export_s, "dry_run_s": dry_s, "import_s": import_s, "reimport_s": reimport_s,
        # the window's import stays in WAL mode: against the WAL baseline
        "window_import_s": window_s, "window_ratio": (rows / window_s / bare_rates["wal"]) if window_s else None,
        "import_rows_per_s": rate, "bare_rows_per_s": bare, "bare_wal_rows_per_s": bare_rates["wal"],
        "bare_read_s": bare_rates["read_s"],
        "page_size": {"bare": bare_rates["page_size"], "import": page_size},
        "ratio": ratio, "target": TARGET,
        "verdict": verdict, "target_counts": counts, "import_only": args.import_only,
        # the import process's own peak; the benchmark's (source, export, baseline) beside it
        "peak_rss_mib": import_rss, "bench_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_cpu_s": cpu_s, "helper_cpu_s": helper_cpu_s,
        "rss_target_mib": RSS_TARGET_MIB, "load_average": [round(x, 2) for x in os.getloadavg()],
    })
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
