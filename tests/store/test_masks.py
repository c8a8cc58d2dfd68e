"""The summary's kept masks (store/masks.py, migration 0013) give exactly what the GROUP BY over
``criterion_results`` gives, after every kind of write: generated statuses over many periods
and sets, manual entry, a table import and its undo, a package import, a restore, criteria
renumbered, a unit merge, deletes, a program killed before it folded; and reading them never
writes."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from ntm_desktop import assessments, criteria, history, summary, units
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.periods import Period
from ntm_desktop.store import backup, masks, restore
from ntm_desktop.store.database import open_store
from tests.reports.test_data import SAMPLE
from tests.sync.test_support import make_store, send, set_official, set_value


def _pairs(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    found = conn.execute("SELECT DISTINCT r.year, k.set_id FROM criterion_results r"
                         " JOIN criteria k ON k.id = r.criterion_id").fetchall()
    return set(found) | set(conn.execute("SELECT year, set_id FROM summary_built").fetchall())


def _same(conn: sqlite3.Connection) -> int:
    """Kept masks == GROUP BY for every (year, set); how many pairs were compared."""
    pairs = _pairs(conn)
    for year, set_id in pairs:
        last = Period(year, "Y").ordinal
        assert masks.read(conn, year, set_id, last) == masks.computed(conn, year, set_id, last), (year, set_id)
    return len(pairs)


def _kept(store) -> None:
    """The same before folding (marked communes computed) and after (all stored, none marked)."""
    conn = store.db.conn
    assert _same(conn) > 0
    masks.fold(conn)
    assert conn.execute("SELECT count(*) FROM summary_dirty").fetchone()[0] == 0
    for year, set_id in _pairs(conn):
        stored = dict(conn.execute("SELECT commune_id, mask FROM summary_masks WHERE year = ? AND set_id = ?",
                                   [year, set_id]).fetchall())
        assert stored == masks.computed(conn, year, set_id, Period(year, "Y").ordinal), (year, set_id)
    assert _same(conn) > 0


def _marked(store) -> int:
    return store.db.conn.execute("SELECT count(*) FROM summary_dirty").fetchone()[0]


def test_generated_statuses_over_periods_and_sets(store):
    """Random official and computed statuses (NULL, 0, 1) in years, half-years, quarters and
    months of two years and two sets, then random updates and deletes."""
    rng = random.Random(22)
    conn = store.db.conn
    communes = [u.id for u in units.all_of_level(store, "commune")]
    sets = {year: criteria.get_set(store, criteria.set_for_year(store, year)) for year in (2020, 2022)}
    other = criteria.get_set(store, "QG-2016-2020" if sets[2022].code != "QG-2016-2020" else "QG-2021-2025")
    rows, seen = [], set()
    for year, cs in sets.items():
        choices = [Period(year, "Y"), Period(year, "H", 2), Period(year, "Q", 1), Period(year, "Q", 3),
                   Period(year, "M", 12), Period(year, "M", 5)]
        for _ in range(3000):
            commune, period = rng.choice(communes), rng.choice(choices)
            crit = rng.choice(cs.criteria if rng.random() < 0.9 else other.criteria)
            if (commune, period.code, crit.id) in seen:
                continue
            seen.add((commune, period.code, crit.id))
            rows.append((f"u{len(rows)}", commune, period.code, year, period.ordinal, crit.id,
                         rng.choice((None, 0, 1)), rng.choice((None, 0, 1))))
    with store.transaction():
        conn.executemany("INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
                         " source, computed, updated_at, hlc) VALUES (?,?,?,?,?,?,?,'imported',?,'x','x')", rows)
    assert _marked(store) > 0
    _kept(store)
    with store.transaction():
        for uuid, *_rest in rng.sample(rows, 800):
            conn.execute("UPDATE criterion_results SET official = ?, computed = ? WHERE uuid = ?",
                         [rng.choice((None, 0, 1)), rng.choice((None, 0, 1)), uuid])
        for uuid, *_rest in rng.sample(rows, 400):
            conn.execute("DELETE FROM criterion_results WHERE uuid = ?", [uuid])
        conn.execute("UPDATE criterion_results SET note = 'only a note' WHERE rowid % 7 = 0")
    _kept(store)


def test_manual_entry_recompute_and_undo(report_store):
    conn = report_store.db.conn
    assert conn.execute("SELECT count(*) FROM summary_built").fetchone()[0] > 0  # folded when it was built
    assert _marked(report_store) == 0
    set_official(report_store, "Đăk Hà", "Hà Mòn", 3, False, period="2019")
    set_official(report_store, "Đăk Hà", "Hà Mòn", 4, True, period="2019-Q3")
    change = set_value(report_store, "Đăk Hà", "Ngọk Réo", "1.1", "Đạt", period="2019")
    assert _marked(report_store) > 0
    _kept(report_store)
    history.revert_batch(report_store, change.id)
    _kept(report_store)


def test_table_import_and_its_undo(store):
    result = legacy_table.apply(store, legacy_table.read_table(store, SAMPLE, 2019), 2019)
    _kept(store)
    history.revert_batch(store, result.batch)
    _kept(store)
    assert summary.met_masks(store, 2019, criteria.get_set(store, criteria.set_for_year(store, 2019)).id) == {}


def test_package_import(report_store, tmp_path):
    source = make_store(tmp_path / "source.sqlite3", "Đăk Glei")
    try:
        for number in (1, 2, 5):
            set_official(source, "Đăk Glei", "Đăk Pék", number, True, period="2019")
        set_official(source, "Đăk Hà", "Hà Mòn", 7, True, period="2019-Q4")
        send(source, report_store, tmp_path / "out")
    finally:
        source.close()
    _kept(report_store)


def test_criteria_renumbered_moved_and_set_reloaded(report_store):
    conn = report_store.db.conn
    cs = criteria.get_set(report_store, criteria.set_for_year(report_store, 2019))
    first, second = cs.criteria[0], cs.criteria[1]
    with report_store.transaction():
        conn.execute("UPDATE criteria SET number = 40 WHERE id = ?", [first.id])
        conn.execute("UPDATE criteria SET number = ? WHERE id = ?", [first.number, second.id])
        conn.execute("UPDATE criteria SET number = ? WHERE id = ?", [second.number, first.id])
    assert conn.execute("SELECT count(*) FROM summary_built WHERE set_id = ?", [cs.id]).fetchone()[0] == 0
    _kept(report_store)
    criteria.load_bundled(report_store)
    _kept(report_store)


def test_unit_merge_and_deletes(report_store):
    store = report_store
    sources = [units.resolve_commune(store, name, "Đăk Hà") for name in ("Hà Mòn", "Ngọk Réo")]
    units.merge(store, sources, on="2020-01-01", decision=None, name="Hà Mòn Mới")
    _kept(store)
    with store.transaction():
        store.db.conn.execute("DELETE FROM criterion_results WHERE commune_id = ?", [sources[0].id])
    _kept(store)


def test_restore_brings_the_masks_of_its_backup(report_db, tmp_path):
    store = open_store(report_db)
    set_official(store, "Đăk Hà", "Hà Mòn", 4, True, period="2019")
    saved = backup.backup_to(store, tmp_path / "saved.sqlite3")  # holds marks not folded yet
    set_official(store, "Đăk Hà", "Hà Mòn", 3, False, period="2019")
    path = Path(report_db)
    store.close()
    restore.restore_into(path, saved)
    again = open_store(path)
    try:
        _kept(again)
    finally:
        again.close()


def test_a_program_killed_before_folding_leaves_marks_the_summary_reads(report_db):
    store = open_store(report_db)
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_official(store, commune, Period(2019, "Y"), 5, False)
    store.db.conn.close()  # no Store.close: nothing folded
    again = open_store(report_db)
    try:
        assert _marked(again) > 0
        assert _same(again.db.conn) > 0
    finally:
        again.close()  # a session that wrote nothing folds nothing
    again = open_store(report_db)
    try:
        assert _marked(again) > 0
    finally:
        again.close()


def test_folding_gives_way_to_another_writer(report_store, report_db):
    set_official(report_store, "Đăk Hà", "Hà Mòn", 3, False, period="2019")
    other = sqlite3.connect(report_db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        assert masks.fold(report_store.db.conn) == 0
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _marked(report_store) > 0
    assert masks.fold(report_store.db.conn) > 0


def test_a_summary_reads_marks_without_writing(report_db):
    store = open_store(report_db)
    set_official(store, "Đăk Hà", "Hà Mòn", 3, False, period="2019")
    store.db.conn.close()  # marks left in the file
    digest = hashlib.sha256(report_db.read_bytes()).hexdigest()
    done = subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(report_db), "summary", "--year", "2019",
                           "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"communes"' in done.stdout
    assert hashlib.sha256(report_db.read_bytes()).hexdigest() == digest
