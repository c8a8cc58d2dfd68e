"""A large package import takes shortcuts (issue 22): the statuses' communes marked for the
summary's masks by the writer instead of a trigger per row (``store.masks.marked_by_writer``)
and the secondary indexes of ``criterion_results`` built once at the end
(``criterion_results.indexes_built_after``). The database they leave must be the one the
plain path leaves: every row of every table, the schema, the planner's statistics, the
summary's marks and masks, and ``ntm summary``'s output. Generated data on real files: one
prepared database copied twice, the same package imported into each copy, once each way.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ntm_desktop import clock, criteria, ids, periods, units
from ntm_desktop.assessments import criterion_results
from ntm_desktop.store import backup, masks
from ntm_desktop.store.database import dumps, open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.entities import assessments as assessments_entity
from ntm_desktop.sync.entities.criterion_results import CriterionResults
from ntm_desktop.sync.package import export
from tests.cli.test_cli import ntm
from tests.sync.test_kill import ROOT
from tests.sync.test_refusals import refused, resign
from tests.sync.test_support import (
    bulk_change,
    bulk_values,
    insert_changes,
    make_store,
    set_official,
    set_value,
    whole,
)

YEARS = ("2019", "2020")
NOW = "2026-12-06T12:00:00Z"


def bulk_officials(store, period_codes=YEARS, seed=7) -> int:
    """Official statuses of every commune and criterion, written as a bulk import would (rows and
    change-log rows in one transaction, stamps and uuids from the program), with notes here and
    there and no official status (a note alone) now and then."""
    rng = random.Random(seed)
    rows, changes = [], []
    with store.transaction():
        for code in period_codes:
            period = periods.parse(code)
            cs = criteria.get_set(store, criteria.set_for_year(store, period.year))
            for commune in units.all_of_level(store, "commune"):
                for crit in cs.criteria:
                    official = rng.choice((0, 1, 1, None))
                    note = rng.choice((None, None, "chờ thẩm định")) if official is not None else "ghi chú"
                    rows.append((commune, period, cs, crit, official, note))
        stamps = store.stamps(len(rows))
        fresh = ids.new_uuids(len(rows))
        now = clock.now_iso()
        written = []
        for i, (commune, period, cs, crit, official, note) in enumerate(rows):
            written.append((fresh[i], commune.id, period.code, period.year, period.ordinal, crit.id, official, note,
                            "imported", now, store.user, stamps[i]))
            changes.append(bulk_change(store, fresh[i], stamps[i], now, "criterion_result",
                                       f"cr|{commune.nkey}|{period.code}|{cs.code}|{crit.number}",
                                       dumps({"note": note, "official": official, "source": "imported"})))
        store.db.conn.executemany(
            "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official, note,"
            " source, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", written)
        insert_changes(store, changes)
    return len(written)


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A district's full package: values and statuses of Kon Tum's 85 communes, two years."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Huyện")
    bulk_values(source, YEARS)
    statuses = bulk_officials(source)
    path = export.export_package(source, tmp_path / "usb", full=True).path
    yield path, statuses, source
    source.close()


def _prepared(tmp_path, analyzed: bool):
    """The receiving database, closed: a few records of its own (so some communes are compared
    record by record, and a status is marked there), masks folded, statistics by ANALYZE or none."""
    path = tmp_path / "prepared.sqlite3"
    store = make_store(path, "Tỉnh")
    set_value(store, "Đăk Hà", "Hà Mòn", "2.1", "5")
    set_official(store, "Đăk Hà", "Hà Mòn", 2, True, note="của tỉnh")
    set_official(store, "Kon Rẫy", "Đăk Ruồng", 5, False, period="2019")
    if analyzed:
        store.db.conn.execute("ANALYZE")
    store.close()
    if not analyzed:
        conn = sqlite3.connect(path)
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        conn.commit()
        conn.close()
    return path


def _import(tmp_path, prepared, package, name: str, shortcuts: bool):
    """``package`` imported into a copy of ``prepared``, with the shortcuts or without (the
    clock held still: both imports stamp the same instant); the marks before the close."""
    path = tmp_path / f"{name}.sqlite3"
    shutil.copy(prepared, path)
    used = []
    original, original_rebuild = masks.marked_by_writer, criterion_results.indexes_built_after

    def spy(conn, marks):
        used.append("marks")
        return original(conn, marks)

    def rebuilt(conn, incoming):
        with original_rebuild(conn, incoming) as did:
            if did:
                used.append("indexes")
            yield did

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(masks, "marked_by_writer", spy)
        patch.setattr(criterion_results, "indexes_built_after", contextlib.contextmanager(rebuilt))
        patch.setattr(clock, "now_iso", lambda: NOW)
        patch.setattr(criterion_results, "MARKED_FROM", 1 if shortcuts else 10**9)
        patch.setattr(criterion_results, "REBUILD_FROM", 1 if shortcuts else 10**9)
        store = open_store(path)
        report = merge.import_package(store, package)
        dirty = sorted(store.db.conn.execute("SELECT year, commune_id FROM summary_dirty"))
        store.close()  # folds the marks into the masks, statistics by PRAGMA optimize
    return path, report, dirty, used


def _schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


@pytest.mark.parametrize("analyzed", [True, False])
def test_the_shortcuts_leave_what_the_plain_import_leaves(tmp_path, package, analyzed):
    path, statuses, _source = package
    prepared = _prepared(tmp_path, analyzed)
    before = _schema(prepared)
    plain, plain_report, plain_dirty, plain_used = _import(tmp_path, prepared, path, "plain", False)
    fast, fast_report, fast_dirty, fast_used = _import(tmp_path, prepared, path, "fast", True)
    assert plain_used == [] and set(fast_used) == {"marks", "indexes"}  # each path taken as meant
    assert fast_report.totals.as_json() == plain_report.totals.as_json()
    assert fast_report.totals.new >= statuses
    # the same marks before the close folded them (the statuses of 85 communes × 2 years)
    assert fast_dirty == plain_dirty
    assert len({commune for _year, commune in fast_dirty}) == 85
    # the indexes and triggers made again as they were (the close's PRAGMA optimize may add sqlite_stat1)
    assert _schema(fast) == _schema(plain)
    assert set(before) <= set(_schema(fast))
    fast_content, plain_content = whole(fast), whole(plain)
    assert fast_content.keys() == plain_content.keys()
    for table in plain_content:
        assert fast_content[table] == plain_content[table], table
    assert len(fast_content["summary_masks"]) >= 85 * len(YEARS)
    if analyzed:  # the dropped indexes' statistics put back (then PRAGMA optimize, the same on both)
        indexes = {ast.literal_eval(row)[1] for row in fast_content["sqlite_stat1"]}
        assert indexes >= set(criterion_results.SECONDARY_INDEXES)
    for year in YEARS:
        outputs = [ntm(db, "summary", "--year", year, "--json") for db in (plain, fast)]
        assert outputs[0].returncode == 0, outputs[0].stderr
        assert outputs[0].stdout == outputs[1].stdout
        assert json.loads(outputs[0].stdout)


def _shortcuts(monkeypatch, chunk_rows: int = 500) -> None:
    monkeypatch.setattr(criterion_results, "MARKED_FROM", 1)
    monkeypatch.setattr(criterion_results, "REBUILD_FROM", 1)
    monkeypatch.setattr(assessments_entity, "CHUNK_ROWS", chunk_rows)  # many chunks written before the bad row


def _bad_last_status(name: str, data: bytes) -> bytes:
    if name != CriterionResults.member:
        return data
    lines = data.rstrip(b"\n").split(b"\n")
    cells = lines[-1].split(b",")
    cells[11] = b"7"  # official: 0, 1 or empty
    return b"\n".join([*lines[:-1], b",".join(cells)]) + b"\n"


def test_a_refusal_after_the_shortcuts_leaves_the_database_as_it_was(tmp_path, package, monkeypatch):
    """The last status is bad: refused after thousands of statuses were written with the triggers
    and indexes dropped; schema, rows and statistics as before (one transaction)."""
    path, _statuses, source = package
    prepared = _prepared(tmp_path, analyzed=True)
    bad = resign(source, path, tmp_path / "bad.ntmpkg", change=_bad_last_status)
    _shortcuts(monkeypatch)
    schema = _schema(prepared)
    store = open_store(prepared)
    try:
        refusal = refused(store, bad, "pkg.bad_content")
        assert refusal.params["member"] == CriterionResults.member
    finally:
        store.close()
    assert _schema(prepared) == schema
    _triggers_mark(prepared)


def _triggers_mark(path) -> None:
    """The marking triggers are there and work: a status written marks its commune."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")}
        assert names >= {*masks.RESULT_TRIGGERS, *criterion_results.SECONDARY_INDEXES}
        conn.execute("BEGIN")
        conn.execute("DELETE FROM summary_dirty")
        row = conn.execute("SELECT year, commune_id FROM criterion_results LIMIT 1").fetchone()
        conn.execute("UPDATE criterion_results SET official = 1 - coalesce(official, 0)"
                     " WHERE year = ? AND commune_id = ?", row)
        assert conn.execute("SELECT year, commune_id FROM summary_dirty").fetchall() == [row]
        conn.execute("ROLLBACK")
    finally:
        conn.close()


# the import with every shortcut taken, stopped for good while the triggers are dropped (the
# indexes too) and many statuses were written, so that the test kills it there
KILL_DRIVER = r"""
import sys, time
from ntm_desktop.assessments import criterion_results
from ntm_desktop.store import bulk
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.entities import assessments
criterion_results.MARKED_FROM = criterion_results.REBUILD_FROM = 1
assessments.CHUNK_ROWS = 500
merge.LARGE_IMPORT_ROWS = int(sys.argv[3])  # 0: a rollback journal, as a large import
original = bulk.upsert_rows
calls = []
def stopping(store, table, *args):
    original(store, table, *args)
    calls.append(table)
    if calls.count("criterion_results") == 3:
        left = store.db.conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'summary_result_%'"
                                     " OR name LIKE 'criterion_results_year%'").fetchone()[0]
        print(f"DROPPED {left}", flush=True)
        time.sleep(60)
bulk.upsert_rows = stopping
store = open_store(sys.argv[1])
merge.import_package(store, sys.argv[2])
print("DONE", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_killed_while_the_triggers_and_indexes_are_dropped(tmp_path, package, journal):
    path, _statuses, _source = package
    target = _prepared(tmp_path, analyzed=True)
    before, schema = whole(target), _schema(target)
    threshold = "0" if journal == "rollback" else str(10**9)
    child = subprocess.Popen([sys.executable, "-c", KILL_DRIVER, str(target), str(path), threshold], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "NTM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    # killed with the 3 triggers and 2 indexes dropped, 1,500 statuses written
    assert line == "DROPPED 0", child.stderr.read() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL
    assert Path(str(target) + "-journal").exists() == (journal == "rollback")
    assert backup.integrity(target) == "ok"  # rolls the hot journal back (or ignores the WAL's frames)
    assert whole(target) == before
    assert _schema(target) == schema
    _triggers_mark(target)


@pytest.fixture
def analyzed_file(tmp_path, monkeypatch):
    """A prepared database with planner statistics, its schema, and rebuilding from one status."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    path = _prepared(tmp_path, analyzed=True)
    monkeypatch.setattr(criterion_results, "REBUILD_FROM", 1)
    return path, _schema(path)


def test_the_indexes_are_rebuilt_only_for_a_load_large_against_the_table(analyzed_file):
    path, schema = analyzed_file
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        top = conn.execute("SELECT max(id) FROM criterion_results").fetchone()[0]
        assert top >= 2
        stats = sorted(conn.execute("SELECT * FROM sqlite_stat1"))
        for incoming, expected in ((2 * top - 1, False), (2 * top, True)):
            conn.execute("BEGIN")
            with criterion_results.indexes_built_after(conn, incoming) as rebuilt:
                assert rebuilt == expected
                held = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
                assert held.isdisjoint(criterion_results.SECONDARY_INDEXES) == expected
            assert sorted(conn.execute("SELECT * FROM sqlite_stat1")) == stats
            conn.execute("COMMIT")
    finally:
        conn.close()
    assert _schema(path) == schema


def test_an_error_outside_a_transaction_leaves_the_indexes(analyzed_file):
    """Called with no transaction open (an autocommit connection), an error in the block rolls
    the drop back with the block's own savepoint: the table keeps its indexes and statistics."""
    path, schema = analyzed_file
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        stats = sorted(conn.execute("SELECT * FROM sqlite_stat1"))
        assert not conn.in_transaction
        with pytest.raises(KeyboardInterrupt), criterion_results.indexes_built_after(conn, 10**9) as rebuilt:
            assert rebuilt and conn.in_transaction
            raise KeyboardInterrupt
        assert not conn.in_transaction
        assert sorted(conn.execute("SELECT * FROM sqlite_stat1")) == stats
    finally:
        conn.close()
    assert _schema(path) == schema


def test_a_uuid_held_here_under_another_key_gets_a_fresh_one_on_both_paths(tmp_path, package):
    """A copied database: a status here holds the uuid of another commune's incoming status. The
    bulk insert fails inside the writer's marking (its savepoint), is retried with a fresh uuid
    for that row, and the marks and everything else are the plain path's."""
    path, _statuses, _source = package
    prepared = _prepared(tmp_path, analyzed=True)
    with zipfile.ZipFile(path) as archive:
        member = archive.read(CriterionResults.member).decode("utf-8").splitlines()
    header = member[0].split(",")
    incoming = {line.split(",")[header.index("uuid")] for line in member[1:]}
    victim = member[-1].split(",")[header.index("uuid")]  # the last status of the last commune
    conn = sqlite3.connect(prepared)
    with conn:
        conn.execute("UPDATE criterion_results SET uuid = ? WHERE period = '2019'", [victim])
        held = {r[0] for r in conn.execute("SELECT uuid FROM criterion_results")}
    conn.close()
    results = []
    for name, shortcuts in (("plain", False), ("fast", True)):
        db, _report, dirty, _used = _import(tmp_path, prepared, path, name, shortcuts)
        conn = sqlite3.connect(db)
        with conn:
            fresh = [r[0] for r in conn.execute("SELECT uuid FROM criterion_results")
                     if r[0] not in incoming | held]
            assert len(fresh) == 1  # the incoming status under the victim's uuid
            conn.execute("UPDATE criterion_results SET uuid = 'fresh' WHERE uuid = ?", fresh)
        conn.close()
        results.append((dirty, whole(db), _schema(db)))
        _triggers_mark(db)
    assert results[0][0] == results[1][0] and results[0][2] == results[1][2]
    plain, fast = results[0][1], results[1][1]
    # The one difference: the planner's statistics that the close's PRAGMA optimize gathers. A
    # savepoint rolled back (the failed insert) after DDL in the same transaction makes SQLite
    # reload the schema, which forgets which tables this connection's queries used statistics
    # of; optimize then analyses fewer tables (the next session's close does them).
    assert set(fast.pop("sqlite_stat1")) <= set(plain.pop("sqlite_stat1"))
    for table in plain:
        assert fast[table] == plain[table], table
