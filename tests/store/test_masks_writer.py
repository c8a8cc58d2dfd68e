"""A bulk writer standing in for the marking triggers (store/masks.py ``marked_by_writer``): the
marks it leaves are the triggers' marks, the triggers come back as they were, and an error
inside rolls its part back (the dropped triggers too) while the caller's transaction goes on."""

from __future__ import annotations

import random
import sqlite3

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.periods import Period
from ntm_desktop.store import masks

INSERT = ("INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official, source,"
          " computed, updated_at, hlc) VALUES (?,?,?,?,?,?,?,'imported',?,'x','x')"
          " ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official")


def _rows(store, seed: int, count: int) -> list[tuple]:
    rng = random.Random(seed)
    communes = [u.id for u in units.all_of_level(store, "commune")]
    out, seen = [], set()
    for year in (2020, 2022):
        cs = criteria.get_set(store, criteria.set_for_year(store, year))
        for _ in range(count):
            commune, period = rng.choice(communes), rng.choice((Period(year, "Y"), Period(year, "Q", 2)))
            crit = rng.choice(cs.criteria)
            if (commune, period.code, crit.id) not in seen:
                seen.add((commune, period.code, crit.id))
                out.append((f"s{seed}-{len(out)}", commune, period.code, year, period.ordinal, crit.id,
                            rng.choice((None, 0, 1)), rng.choice((None, 0, 1))))
    return out


def _triggers(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def _marks(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute("SELECT year, commune_id FROM summary_dirty"))


def test_the_writer_leaves_the_marks_the_triggers_leave(store):
    """Inserts, then upserts over some of them and new ones: marked by the triggers in one
    transaction, by the writer in another, from the same start."""
    conn = store.db.conn
    first, second = _rows(store, 1, 300), _rows(store, 2, 300)
    triggers = _triggers(conn)
    assert {name for name, _sql in triggers} >= set(masks.RESULT_TRIGGERS)
    found = []
    for by_writer in (False, True):
        conn.execute("BEGIN IMMEDIATE")
        for rows in (first, second[:150] + first[::3]):
            if by_writer:
                with masks.marked_by_writer(conn, {(r[3], r[1]) for r in rows}):
                    assert not {name for name, _sql in _triggers(conn)} & set(masks.RESULT_TRIGGERS)
                    conn.executemany(INSERT, rows)
            else:
                conn.executemany(INSERT, rows)
        found.append((_marks(conn), sorted(conn.execute("SELECT * FROM criterion_results"))))
        assert _triggers(conn) == triggers
        conn.execute("ROLLBACK")
    assert found[0] == found[1]
    assert len(found[0][0]) > 100


def test_an_error_inside_rolls_back_the_writers_part_only(store):
    conn = store.db.conn
    rows = _rows(store, 3, 100)
    triggers = _triggers(conn)
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(INSERT, rows[:10])  # the caller's own earlier writes, marked by the triggers
    before = (_marks(conn), conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0])
    with pytest.raises(sqlite3.IntegrityError):
        with masks.marked_by_writer(conn, {(r[3], r[1]) for r in rows}):
            conn.executemany(INSERT, rows[10:])
            taken = (rows[0][0], rows[-1][1], "2019", 2019, Period(2019, "Y").ordinal, rows[-1][5], 1, 1)
            conn.execute(INSERT, taken)  # a new status under a uuid taken: refused
    assert conn.in_transaction
    assert _triggers(conn) == triggers
    assert (_marks(conn), conn.execute("SELECT count(*) FROM criterion_results").fetchone()[0]) == before
    conn.execute("COMMIT")
    assert _triggers(conn) == triggers
