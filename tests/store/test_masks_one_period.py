"""A fold over statuses all of the year's own period (a table import's) takes one GROUP BY per
commune (store/masks.py ``ONE_PERIOD_SQL``) and stores exactly what the general GROUP BY
(``masks.computed``) gives; statuses of other periods in the year (of the marked communes, for a
built year) keep the general fold. Generated statuses: NULL, 0 and 1 official and computed,
communes holding only NULL statuses, two sets in one year."""

from __future__ import annotations

import random

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.periods import Period
from ntm_desktop.store import masks

YEAR = 2020
LAST = Period(YEAR, "Y").ordinal


def _folded(conn) -> list[str]:
    """Fold, and the mask statements it ran (which query built the masks)."""
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    try:
        assert masks.fold(conn, {YEAR: LAST}) == 1
    finally:
        conn.set_trace_callback(None)
    return [sql for sql in ran if sql.startswith("INSERT INTO summary_masks")]


def _stored_equal_general(conn) -> int:
    sets = {row[0] for row in conn.execute("SELECT set_id FROM summary_built WHERE year = ?", [YEAR])}
    assert sets
    for set_id in sets:
        stored = dict(conn.execute("SELECT commune_id, mask FROM summary_masks WHERE year = ? AND set_id = ?",
                                   [YEAR, set_id]))
        assert stored == masks.computed(conn, YEAR, set_id, LAST), set_id
    return len(sets)


def _insert(conn, rows) -> None:
    conn.executemany("INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
                     " source, computed, updated_at, hlc) VALUES (?,?,?,?,?,?,?,'imported',?,'x','x')", rows)


def _generated(store, rng, communes, period: Period, start: int) -> list[tuple]:
    first = criteria.get_set(store, criteria.set_for_year(store, YEAR))
    second = criteria.get_set(store, "QG-2021-2025" if first.code != "QG-2021-2025" else "QG-2016-2020")
    rows = []
    for index, commune in enumerate(communes):
        nulls_only = index % 9 == 4
        for crit in rng.sample(first.criteria, rng.randint(1, len(first.criteria))) + \
                rng.sample(second.criteria, 2 if index % 5 == 0 else 0):
            official, computed = (None, None) if nulls_only else (rng.choice((None, 0, 1)), rng.choice((None, 0, 1)))
            rows.append((f"g{start + len(rows)}", commune, period.code, YEAR, period.ordinal, crit.id, official,
                         computed))
    return rows


@pytest.mark.parametrize("other_period", [False, True])
def test_fold_of_one_period_equals_the_general(store, other_period):
    rng = random.Random(41 + other_period)
    conn = store.db.conn
    communes = [u.id for u in units.all_of_level(store, "commune")]
    rows = _generated(store, rng, communes[:60], Period(YEAR, "Y"), 0)
    if other_period:  # a quarter's statuses beside the year's: the latest period decides
        rows += _generated(store, rng, communes[50:70], Period(YEAR, "Q", 2), len(rows))
    with store.transaction():
        _insert(conn, rows)
    ran = _folded(conn)  # the whole year built
    assert ran and all(("GROUP BY r.commune_id, r.criterion_id" in sql) == other_period for sql in ran)
    assert _stored_equal_general(conn) == 2

    # a built year: the marked communes folded, one period among them or not
    changed = rng.sample([r for r in rows if r[2] == str(YEAR)], 80)
    with store.transaction():
        for row in changed:
            conn.execute("UPDATE criterion_results SET official = ?, computed = ? WHERE uuid = ?",
                         [rng.choice((None, 0, 1)), rng.choice((None, 0, 1)), row[0]])
        conn.execute("DELETE FROM criterion_results WHERE uuid = ?", [changed[0][0]])
    marked = {row[0] for row in conn.execute("SELECT commune_id FROM summary_dirty WHERE year = ?", [YEAR])}
    mixed = bool(marked & set(communes[50:70])) and other_period
    ran = _folded(conn)
    assert ran and all(("GROUP BY r.commune_id, r.criterion_id" in sql) == mixed for sql in ran)
    assert _stored_equal_general(conn) == 2


def test_marked_communes_of_one_period_in_a_year_of_many(store):
    """Other communes hold quarters; the marked ones only the year's statuses: the narrow fold for
    them, the same masks as the general one."""
    rng = random.Random(5)
    conn = store.db.conn
    communes = [u.id for u in units.all_of_level(store, "commune")]
    rows = _generated(store, rng, communes[:40], Period(YEAR, "Y"), 0)
    rows += _generated(store, rng, communes[:10], Period(YEAR, "Q", 3), len(rows))
    with store.transaction():
        _insert(conn, rows)
    assert all("GROUP BY r.commune_id, r.criterion_id" in sql for sql in _folded(conn))
    with store.transaction():
        for row in rows:
            if row[1] in communes[20:40]:
                conn.execute("UPDATE criterion_results SET official = ? WHERE uuid = ?", [rng.choice((0, 1)), row[0]])
    ran = _folded(conn)
    assert ran and not any("GROUP BY r.commune_id, r.criterion_id" in sql for sql in ran)
    assert _stored_equal_general(conn) == 2
