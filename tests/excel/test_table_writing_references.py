"""A large table write runs with SQLite's foreign-key enforcement off (excel/table_writing.py,
store/bulk.py ``references_unchecked``) and checks its statuses' communes and criteria itself
(assessments/criterion_results.py): the same database as the write with enforcement on, the
same refusal of a commune gone between the preview and the write, and enforcement on again
after every ending (written, refused, failed)."""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext

import pytest

from ntm_desktop import history
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.excel import table_writing
from ntm_desktop.store import audit, bulk
from ntm_desktop.store.database import open_store
from tests.excel.test_table_import import HEADER, write_table
from tests.excel.test_table_writing import YEAR, _communes, _written


def _enforced(store) -> bool:
    return store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _table(store, tmp_path, extra=()):
    rows = [HEADER] + [[i, d, u.name, *["x" if (i + n) % 3 else None for n in range(19)], 0]
                       for i, (u, d) in enumerate(_communes(store), start=1)]
    return write_table(tmp_path / "bang.xlsx", [*rows, *extra])


def _traced(store, call):
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        return call(), statements
    finally:
        store.db.conn.set_trace_callback(None)


def test_unchecked_write_leaves_what_the_checked_write_leaves(store, tmp_path, monkeypatch):
    monkeypatch.setattr(table_writing, "LARGE_WRITE", 1)
    path = _table(store, tmp_path)
    store.db.execute("ANALYZE")
    left = {}
    for name in ("checked", "unchecked"):
        copy = tmp_path / f"{name}.sqlite3"
        with sqlite3.connect(copy) as target:
            store.db.conn.backup(target)
        target.close()
        with monkeypatch.context() as patch:
            if name == "checked":
                patch.setattr(bulk, "references_unchecked", lambda _conn: nullcontext(False))
            st = open_store(copy)
            preview = legacy_table.read_table(st, path, YEAR)
            result, statements = _traced(st, lambda st=st, preview=preview: legacy_table.apply(st, preview, YEAR))
        assert ("PRAGMA foreign_keys = OFF" in statements) == (name == "unchecked")
        assert _enforced(st)
        assert st.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        imported = _written(st.db.conn)
        history.revert_batch(st, result.batch)
        left[name] = (imported, _written(st.db.conn))
        st.close()
    assert left["unchecked"] == left["checked"]
    assert len(left["unchecked"][0]["statuses"]) == 19 * len(_communes(store))


@pytest.mark.parametrize("gone", ["commune", "criterion"])
def test_a_reference_gone_before_the_write_is_refused_as_sqlite_refuses_it(store, db_path, tmp_path, monkeypatch,
                                                                          gone):
    """A commune deleted by another connection after the preview, or a criterion id no set holds:
    SQLite's own foreign-key error, nothing written, enforcement on again."""
    monkeypatch.setattr(table_writing, "LARGE_WRITE", 1)
    preview = legacy_table.read_table(store, _table(store, tmp_path), YEAR)
    before = store.db.conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0]
    if gone == "commune":
        other = sqlite3.connect(db_path)
        other.execute("DELETE FROM units WHERE id = ?", [preview.rows[-1].unit.id])
        other.commit()
        other.close()
    else:
        real = table_writing._rows_to_write

        def wrong_criterion(*args):
            new, stored, changes = real(*args)
            new[2][-1] = 10**6
            return new, stored, changes

        monkeypatch.setattr(table_writing, "_rows_to_write", wrong_criterion)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
        legacy_table.apply(store, preview, YEAR)
    assert _enforced(store)
    assert store.db.conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0] == before


def test_enforcement_back_on_after_a_failed_write(store, tmp_path, monkeypatch):
    monkeypatch.setattr(table_writing, "LARGE_WRITE", 1)

    def refused_log(_conn, _rows):
        assert not _enforced(store)  # off during the write
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(audit, "record_many", refused_log)
    preview = legacy_table.read_table(store, _table(store, tmp_path), YEAR)
    with pytest.raises(sqlite3.OperationalError):
        legacy_table.apply(store, preview, YEAR)
    assert _enforced(store)
    assert store.db.conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0] == 0


def test_a_write_that_creates_units_keeps_enforcement(store, tmp_path, monkeypatch):
    monkeypatch.setattr(table_writing, "LARGE_WRITE", 1)
    district = _communes(store)[0][1]
    path = _table(store, tmp_path, [[999, district, "Xã Mới Lập", *["x"] * 19, 19]])
    preview = legacy_table.read_table(store, path, YEAR)
    assert preview.unknown
    result, statements = _traced(store, lambda: legacy_table.apply(store, preview, YEAR, add_units=True))
    assert result.created_units and "PRAGMA foreign_keys = OFF" not in statements
    assert _enforced(store)


def test_references_unchecked_in_a_transaction_or_left_open(store):
    conn = store.db.conn
    with store.transaction(), bulk.references_unchecked(conn) as off:
        assert off is False and _enforced(store)
    with pytest.raises(RuntimeError), bulk.references_unchecked(conn) as off:
        assert off is True and not _enforced(store)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO meta (key, value) VALUES ('left', 'open')")
    assert _enforced(store) and not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'left'").fetchone()[0] == 0
