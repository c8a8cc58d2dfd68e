"""The bulk writer of a legacy table (excel/table_writing.py) against an oracle built from the
database as it was: every status it writes, every one it leaves, and every change-log group
row byte for byte as ``dumps`` of the states (sync exports those rows, undo reads them), on a
generated table over communes in every state a table can meet (nothing stored, entered
statuses with notes of any text, a note without a status, computed-only rows, all equal)."""

from __future__ import annotations

import json
import random
import re
import sqlite3

import pytest

from ntm_desktop import criteria, history, units
from ntm_desktop.assessments import criterion_results
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.excel import table_writing
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import dumps
from tests.excel.test_table_import import HEADER, write_table

YEAR = 2020
NOTES = ['đã "kiểm tra" lại', "dòng 1\ndòng 2\ttab \\ gạch", "🙂 ghi chú", "x" * 300, "\u0001 điều khiển"]


def _communes(store):
    day = f"{YEAR}-12-31"
    found = [(u, units.get(store, u.parent_id).name) for u in units.in_force_on(store, day, "commune")]
    return sorted(found, key=lambda pair: pair[0].id)


def _statuses(store, cs):
    """(commune id, criterion number) → the whole stored row, for the year."""
    return {(r["commune_id"], r["number"]): dict(r) for r in store.query(
        "SELECT r.*, c.number FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
        " WHERE r.period = ? AND c.set_id = ?", [str(YEAR), cs.id])}


def _prepare(store, rng, communes, cs):
    """Stored states before the import, commune by commune: the kind of each, and the marks of
    the table (a commune equal to the table gets the same marks it holds)."""
    from ntm_desktop import assessments

    period = Period(YEAR, "Y")
    table: dict[int, dict[int, bool]] = {}
    numbers = [c.number for c in cs.criteria]
    for index, (unit, _district) in enumerate(communes):
        marks = {n: rng.random() < 0.6 for n in numbers}
        kind = index % 5
        if kind == 1:  # entered statuses, some with notes, some equal to the table
            for n in rng.sample(numbers, 7):
                met = marks[n] if rng.random() < 0.4 else not marks[n]
                note = rng.choice(NOTES) if rng.random() < 0.5 else None
                assessments.set_official(store, unit, period, n, met, note=note)
        elif kind == 2:  # a note without a status, and computed-only rows
            assessments.set_official(store, unit, period, numbers[0], None, note=rng.choice(NOTES))
            with store.transaction():
                for crit in cs.criteria[5:9]:
                    if criterion_results.row(store, unit.id, period.code, crit.id) is None:
                        criterion_results.insert_computed(store, unit.id, period, crit.id, rng.randint(0, 1))
        elif kind == 3:  # every status equal to the table's
            for n in numbers:
                assessments.set_official(store, unit, period, n, marks[n], source="imported")
        table[unit.id] = marks
    return table


def _expected(before, unit, cs, marks):
    """The oracle: (statuses after, the group row's op/old/new, or None when nothing changes)."""
    after, old_items, new_items = {}, {}, {}
    for number, met in marks.items():
        row = before.get((unit.id, number))
        if row is not None and row["official"] is not None and row["official"] == int(met):
            after[number] = row
            continue
        note = row["note"] if row else None
        after[number] = {**(row or {}), "official": int(met), "note": note, "source": "imported"}
        if row is not None and (row["official"] is not None or row["note"] is not None):
            old_items[str(number)] = {"official": row["official"], "note": row["note"], "source": row["source"]}
        new_items[str(number)] = {"official": int(met), "note": note, "source": "imported"}
    if not new_items:
        return after, None
    group = ("update" if old_items else "insert", dumps(old_items) if old_items else None, dumps(new_items))
    return after, group


def _prepared_table(store, tmp_path):
    """The set of the year, its communes, the marks of the table (:func:`_prepare`) and the table."""
    rng = random.Random(2026)
    cs = criteria.get_set(store, criteria.set_for_year(store, YEAR))
    communes = _communes(store)
    assert len(communes) > 50
    table = _prepare(store, rng, communes, cs)
    rows = [HEADER]
    for index, (unit, district) in enumerate(communes, start=1):
        marks = table[unit.id]
        cells = ["x" if marks[n] else None for n in range(1, 20)]
        rows.append([index, district, unit.name, *cells, sum(marks.values())])
    return cs, communes, table, write_table(tmp_path / "bang.xlsx", rows)


@pytest.mark.parametrize("journal", ["wal", "rollback", "wal-other-connection-open"])
def test_bulk_writer_matches_the_oracle_and_undoes_exactly(store, db_path, tmp_path, monkeypatch, journal):
    """``rollback``: the write of a large table, through a rollback journal (LARGE_WRITE lowered to
    this table's size); with another connection open it stays in the write-ahead log."""
    monkeypatch.setattr(table_writing, "LARGE_WRITE", 10**9 if journal == "wal" else 1)
    other = sqlite3.connect(db_path) if journal == "wal-other-connection-open" else None
    if other is not None:
        other.execute("SELECT count(*) FROM units").fetchone()
    cs, communes, table, path = _prepared_table(store, tmp_path)
    before = _statuses(store, cs)
    log_before = store.query("SELECT max(id) AS n FROM changes")[0]["n"]

    preview = legacy_table.read_table(store, path, YEAR)
    assert preview.matched == len(communes) and not preview.errors
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    result = legacy_table.apply(store, preview, YEAR)
    store.db.conn.set_trace_callback(None)
    switched = "PRAGMA journal_mode = DELETE" in statements and "PRAGMA journal_mode = WAL" in statements
    assert switched == (journal == "rollback")
    cached = f"PRAGMA cache_size = {-table_writing.WRITE_CACHE_KIB}" in statements
    assert cached == (journal == "wal-other-connection-open")  # a large write that stays in the log
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default, back

    after = _statuses(store, cs)
    groups = {g["entity_uuid"]: g for g in store.query("SELECT * FROM changes WHERE id > ?", [log_before])}
    counts = {"imported": 0, "updated": 0, "unchanged": 0}
    versions = criterion_results.set_versions(store.db.conn)
    for unit, _district in communes:
        expected, group = _expected(before, unit, cs, table[unit.id])
        for number, want in expected.items():
            got = after[(unit.id, number)]
            old = before.get((unit.id, number))
            if old is not None:
                assert got["uuid"] == old["uuid"] and got["computed"] == old["computed"]
            if want is old:  # unchanged: not written at all
                assert got == old
                continue
            assert (got["official"], got["note"], got["source"]) == (want["official"], want["note"], "imported")
            assert got["updated_by"] == store.user and got["set_version"] == versions[got["criterion_id"]]
            assert (got["year"], got["pend"]) == (YEAR, Period(YEAR, "Y").ordinal)
        if group is None:
            assert unit.uuid not in groups
            counts["unchanged"] += 1
            continue
        logged = groups.pop(unit.uuid)
        assert (logged["op"], logged["old"], logged["new"]) == group
        assert logged["nkey"] == f"cr|{unit.nkey}|{YEAR}|{cs.code}|{audit.GROUP_ITEM}"
        assert (logged["batch"], logged["source"], logged["entity"]) == (result.batch, "imported", "criterion_result")
        written = {after[(unit.id, int(n))]["hlc"] for n in json.loads(logged["new"])}
        assert written == {logged["hlc"]}  # one stamp: the group row's and its statuses'
        had = any(before.get((unit.id, n)) is not None and before[(unit.id, n)]["official"] is not None
                  for n in table[unit.id])
        counts["updated" if had else "imported"] += 1
    assert groups == {}  # nothing else logged
    assert (result.imported, result.updated, result.unchanged) == (counts["imported"], counts["updated"],
                                                                    counts["unchanged"])
    assert all(counts.values())  # every kind of row met

    history.revert_batch(store, result.batch)
    undone = _statuses(store, cs)
    keep = ("official", "note", "source", "uuid", "computed")
    assert {k: tuple(r[c] for c in keep) for k, r in undone.items() if r["official"] is not None or r["note"]} == \
        {k: tuple(r[c] for c in keep) for k, r in before.items() if r["official"] is not None or r["note"]}
    if other is not None:
        other.close()


@pytest.mark.parametrize("marked_from", [1, 10**9])
def test_summary_marks_are_those_the_triggers_leave(store, tmp_path, monkeypatch, marked_from):
    """From ``MARKED_FROM`` statuses (1: this table's, 10**9: never) the import marks the summary's
    communes itself, its status triggers dropped for the write: the same (year, commune) marks
    the triggers leave (every commune with a change-log row), the triggers back as they were,
    and the kept masks equal to the GROUP BY after the import and after its undo."""
    from ntm_desktop.store import masks
    from tests.store.test_masks import _kept

    monkeypatch.setattr(criterion_results, "MARKED_FROM", marked_from)
    cs, _communes_, _table, path = _prepared_table(store, tmp_path)
    conn = store.db.conn
    masks.fold(conn)  # the prepared statuses' marks folded: only the import's are left
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    preview = legacy_table.read_table(store, path, YEAR)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    result = legacy_table.apply(store, preview, YEAR)
    conn.set_trace_callback(None)
    assert any(s.startswith("DROP TRIGGER") for s in statements) == (marked_from == 1)
    logged = store.query("SELECT u.id FROM changes c JOIN units u ON u.uuid = c.entity_uuid WHERE c.batch = ?",
                         [result.batch])
    assert result.imported and result.updated and len(logged) > 50
    marked = set(conn.execute("SELECT year, commune_id FROM summary_dirty").fetchall())
    assert marked == {(YEAR, row["id"]) for row in logged}
    assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
    _kept(store)
    history.revert_batch(store, result.batch)
    _kept(store)


_KEPT_RESULT = ("commune_id", "period", "year", "pend", "criterion_id", "official", "note", "source", "computed",
                "updated_by", "set_version")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _written(conn):
    """What an import leaves, less its fresh uuids and clock stamps: statuses in id order, the
    change log's rows (an undo's name the statuses' uuids), ``sqlite_stat1``, the schema and the
    summary's marks."""
    return {
        "statuses": conn.execute(f"SELECT id, {', '.join(_KEPT_RESULT)} FROM criterion_results ORDER BY id").fetchall(),
        "changes": [tuple(_UUID.sub("uuid", v) if isinstance(v, str) else v for v in row) for row in conn.execute(
            "SELECT entity, entity_uuid, nkey, op, old, new, source FROM changes ORDER BY id")],
        "stat1": sorted(conn.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall(), key=repr),
        "schema": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr),
        "marked": sorted(conn.execute("SELECT year, commune_id FROM summary_dirty").fetchall()),
    }


def test_index_built_after_a_large_write_leaves_what_the_plain_write_leaves(store, db_path, tmp_path, monkeypatch):
    """A table's write large against what the table holds builds the (year, criterion) index once
    after it (``criterion_results.REBUILD_FROM`` lowered to 1 here): the same statuses, change
    log, statistics and schema as the same import with the index filled row by row, on copies
    of one database (a few entered statuses, analyzed), and the same after its undo; only that
    index is dropped, and it is back, used by the planner."""
    from ntm_desktop import assessments
    from ntm_desktop.store.database import open_store

    cs = criteria.get_set(store, criteria.set_for_year(store, YEAR))
    communes = _communes(store)
    for unit, _district in communes[:3]:
        for number in (1, 5, 17):
            assessments.set_official(store, unit, Period(YEAR, "Y"), number, number != 5, note="đã nhập")
    store.db.execute("ANALYZE")
    rng = random.Random(7)
    rows = [HEADER] + [[i, d, u.name, *["x" if rng.random() < 0.6 else None for _ in range(19)], 0]
                       for i, (u, d) in enumerate(communes, start=1)]
    path = write_table(tmp_path / "bang.xlsx", [rows[0], *[[*r[:-1], sum(c == "x" for c in r[3:-1])]
                                                              for r in rows[1:]]])
    left = {}
    for name, rebuild_from in (("filled", 10**9), ("built", 1)):
        copy = tmp_path / f"{name}.sqlite3"
        with sqlite3.connect(copy) as target:
            store.db.conn.backup(target)
        target.close()
        monkeypatch.setattr(criterion_results, "REBUILD_FROM", rebuild_from)
        st = open_store(copy)
        statements: list[str] = []
        st.db.conn.set_trace_callback(statements.append)
        result = legacy_table.apply(st, legacy_table.read_table(st, path, YEAR), YEAR)
        st.db.conn.set_trace_callback(None)
        dropped = [s for s in statements if s.startswith("DROP INDEX")]
        assert dropped == (["DROP INDEX criterion_results_year"] if name == "built" else [])
        assert result.imported == len(communes) - 3 and result.updated == 3
        imported = _written(st.db.conn)
        plan = " ".join(str(r[-1]) for r in st.db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM criterion_results WHERE year = ? AND criterion_id = ?",
            [YEAR, cs.criteria[0].id]))
        assert "criterion_results_year" in plan
        history.revert_batch(st, result.batch)
        left[name] = (imported, _written(st.db.conn))
        st.close()
    for step in (0, 1):
        for key in left["built"][step]:
            assert left["built"][step][key] == left["filled"][step][key], (step, key)
    assert len(left["built"][0]["statuses"]) == 19 * len(communes)
    assert any(idx == "criterion_results_year" for _tbl, idx, _stat in left["built"][0]["stat1"])


def test_only_secondary_indexes_are_built_after(store):
    """A name that is not one of the table's secondary indexes (a constraint's, another table's) is
    refused before anything is dropped."""
    conn = store.db.conn
    schema = conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    for names in (("sqlite_autoindex_criterion_results_1",), ("criterion_results_year", "units_parent")):
        with pytest.raises(ValueError), criterion_results.indexes_built_after(conn, 10**9, names):
            pass
    assert conn.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == schema


@pytest.mark.parametrize("failing", ["statuses", "change_log"])
def test_an_error_in_the_write_leaves_the_index_and_nothing_written(store, tmp_path, monkeypatch, failing):
    """The write fails after its statuses are in, inside the block that dropped the index
    (``statuses``) or after it was built again (``change_log``): the import rolls back whole,
    the index back with its statistics, nothing written."""
    communes = _communes(store)
    rows = [HEADER] + [[i, d, u.name, *["x"] * 19, 19] for i, (u, d) in enumerate(communes, start=1)]
    path = write_table(tmp_path / "bang.xlsx", rows)
    store.db.execute("ANALYZE")
    monkeypatch.setattr(criterion_results, "REBUILD_FROM", 1)
    before = {"schema": sorted(store.db.conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()),
              "stat1": sorted(store.db.conn.execute("SELECT * FROM sqlite_stat1").fetchall()),
              "statuses": store.db.conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0]}
    statements: list[str] = []

    written = criterion_results.import_officials

    def refused_statuses(*args):
        written(*args)
        raise sqlite3.IntegrityError("refused")

    def refused_log(_conn, _rows):
        raise sqlite3.IntegrityError("refused")

    if failing == "statuses":
        monkeypatch.setattr(criterion_results, "import_officials", refused_statuses)
    else:
        monkeypatch.setattr(audit, "record_many", refused_log)
    preview = legacy_table.read_table(store, path, YEAR)
    store.db.conn.set_trace_callback(statements.append)
    with pytest.raises(sqlite3.IntegrityError):
        legacy_table.apply(store, preview, YEAR)
    store.db.conn.set_trace_callback(None)
    assert "DROP INDEX criterion_results_year" in statements  # the index was dropped for the write
    after = {"schema": sorted(store.db.conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()),
             "stat1": sorted(store.db.conn.execute("SELECT * FROM sqlite_stat1").fetchall()),
             "statuses": store.db.conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0]}
    assert after == before
