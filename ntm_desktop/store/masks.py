"""Each commune's criteria met, one integer per year and criteria set, kept in the database
(issue 22; migration 0013): the one writer of ``summary_masks``, ``summary_built`` and
``summary_dirty`` (with that migration's triggers).

A mask has bit ``n`` set where criterion number ``n`` is met by the counting rule (docs/rules.md:
each criterion's latest period of the year holding a status; official, else computed); a
commune with any status of the set that year has a mask, even 0. Computed on demand
(:data:`MASKS_SQL`), that is a GROUP BY over every status of the year: about 0.1-0.13 s of a
10,000-commune national summary, whatever else is made faster.

How it stays right with no write at read time (a summary may run from a read-only stick, and
a read-only run leaves the file as it was):

* Triggers on ``criterion_results`` mark the (year, commune) of every row inserted, deleted
  or updated in a column the rule reads, in ``summary_dirty``; triggers on ``criteria`` drop
  a set whose criteria were added, removed, renumbered or moved from ``summary_built`` and
  mark its years whole (commune 0). Every writer (manual entry, table and package import, undo, restore,
  recompute, unit changes) goes through SQL, so none can leave a mask stale unmarked.
* :func:`read` takes the stored masks of a built (year, set), and computes the marked
  communes' masks from ``criterion_results`` (an index range per commune); an unbuilt
  (year, set) is computed whole, as before.
* :func:`fold`, at the close of a session that wrote (``Store.close``), recomputes the
  marked communes (or builds a whole year and set) and clears the marks, in one short
  transaction (one GROUP BY per commune, :data:`ONE_PERIOD_SQL`, where those statuses are all of
  the year's own period); it gives up at once when another connection holds the write lock. Skipped
  (a killed program), the marks stay and the next write session's close folds them.

Cost of the triggers (migration 0013 gives the measure; bench/bench_import_table.py and
bench/bench_sync.py A/B in docs/benchmarks.md): one primary-key lookup in ``summary_dirty`` per
status written, and one insert per commune and year; :func:`fold` at the close of a session
that wrote. A bulk writer that knows the (year, commune) of every row it writes may stand in
for the three triggers on ``criterion_results`` (:func:`marked_by_writer`: a package's
million statuses, issue 22).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ntm_desktop.store.savepoint import savepoint

# Latest period holding a status, per commune and criterion of the set: SQLite returns the
# other (bare) columns from the row where max(pend) is found. The outer query folds each
# commune's criteria into one integer, bit ``number`` set where the criterion is met, so
# 10,000 rows come back to Python instead of one per commune and criterion (issue 22: the
# row-per-criterion version took 0.24 s of a 0.3 s national summary). ``{communes}``: an
# extra condition on r.commune_id (the marked communes), or nothing.
MASKS_SQL = """
SELECT commune_id, sum(CASE WHEN eff = 1 THEN 1 << number ELSE 0 END) AS mask
FROM (SELECT r.commune_id, k.number, COALESCE(r.official, r.computed) AS eff, max(r.pend)
      FROM criterion_results r JOIN criteria k ON k.id = r.criterion_id
      WHERE r.year = ?1 AND r.pend <= ?2 AND k.set_id = ?3 AND COALESCE(r.official, r.computed) IS NOT NULL{communes}
      GROUP BY r.commune_id, r.criterion_id)
GROUP BY commune_id
"""
_WHOLE = MASKS_SQL.format(communes="")
_OF_MARKED = "\n        AND r.commune_id IN (SELECT commune_id FROM summary_dirty WHERE year = ?1)"
_MARKED = MASKS_SQL.format(communes=_OF_MARKED)
_STORE = "INSERT INTO summary_masks (year, set_id, commune_id, mask) SELECT ?1, ?3, * FROM ({})"
# The same masks where every status of the year (of the marked communes: ``{communes}``) is of the
# year's own period (pend = the year's ordinal: a table import's): a (commune, criterion) then holds
# one row of the year (the table's UNIQUE (commune, period, criterion)), its latest, so one GROUP BY
# per commune gives what MASKS_SQL's two give. 190,000 statuses of one year, the whole year built:
# 105 → 40 ms, and 11 ms for :data:`_OTHER_PERIOD`'s check (load 1.9, 7 rounds); the table import's
# fold (bench/bench_import_table.py) 110 → 53 ms; the five years of the national database built
# again, 566 → 255 ms (load 1.5, 5 alternated rounds)
ONE_PERIOD_SQL = """
SELECT r.commune_id, sum(CASE WHEN COALESCE(r.official, r.computed) = 1 THEN 1 << k.number ELSE 0 END) AS mask
FROM criterion_results r JOIN criteria k ON k.id = r.criterion_id
WHERE r.year = ?1 AND r.pend <= ?2 AND k.set_id = ?3 AND COALESCE(r.official, r.computed) IS NOT NULL{communes}
GROUP BY r.commune_id
"""
_ONE_WHOLE = ONE_PERIOD_SQL.format(communes="")
_ONE_MARKED = ONE_PERIOD_SQL.format(communes=_OF_MARKED)
# whether a status of the year (of a marked commune) is of another period than the year's: the
# (year, commune, …) index read up to the first, no table row (the whole year: 11 ms at 190,000)
_OTHER_PERIOD = {
    True: "SELECT 1 FROM criterion_results WHERE year = ?1 AND pend != ?2 LIMIT 1",
    False: ("SELECT 1 FROM summary_dirty d CROSS JOIN criterion_results r WHERE d.year = ?1 AND r.year = ?1"
            " AND r.commune_id = d.commune_id AND r.pend != ?2 LIMIT 1"),
}
MAX_BIT = 62  # SQLite integers are 64-bit signed: criterion numbers up to 62 fit in a mask
# migration 0013's triggers marking the (year, commune) of every status inserted, deleted or updated
RESULT_TRIGGERS = ("summary_result_inserted", "summary_result_deleted", "summary_result_updated")
_TRIGGERS_SQL = f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN {RESULT_TRIGGERS!r}"
_MARK = "INSERT OR IGNORE INTO summary_dirty (year, commune_id) VALUES (?, ?)"


@contextmanager
def marked_by_writer(conn: sqlite3.Connection, marks: Iterable[tuple[int, int]]) -> Iterator[None]:
    """Run the block, a bulk write of ``criterion_results`` that touches only rows of the
    (year, commune id) pairs ``marks``, with the table's three marking triggers dropped, and
    mark those pairs in one statement instead: the same marks the triggers would leave (each
    row the write inserts or updates marks its own year and commune), without a trigger
    program per row (a 5 M-row package writes 950,000 statuses; docs/benchmarks.md).

    All in a savepoint of the caller's transaction: the triggers are created again from their
    own stored text before it is released, and any error rolls the savepoint back, the dropped
    triggers with it (DDL is transactional in SQLite), so a refused or killed import leaves the
    schema as it was."""
    triggers = conn.execute(_TRIGGERS_SQL).fetchall()
    with savepoint(conn, "masks_marked_by_writer"):
        for name, _sql in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        yield
        conn.executemany(_MARK, marks)
        for _name, sql in triggers:
            conn.execute(sql)


def computed(conn: sqlite3.Connection, year: int, set_id: int, last: int) -> dict[int, int]:
    """{commune id: mask} from ``criterion_results``, statuses of periods ending up to ``last``
    (a period's ordinal)."""
    return dict(conn.execute(_WHOLE, [year, last, set_id]))


def read(conn: sqlite3.Connection, year: int, set_id: int, last: int) -> dict[int, int]:
    """{commune id: mask} for the whole year (``last``: the year's ordinal), from the stored
    masks where the (year, set) is built and the marked communes computed; by commune id. One
    read transaction: another process folding in between would otherwise pair old masks with
    cleared marks."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        return _read(conn, year, set_id, last)
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def _read(conn: sqlite3.Connection, year: int, set_id: int, last: int) -> dict[int, int]:
    if conn.execute("SELECT 1 FROM summary_built WHERE year = ? AND set_id = ?", [year, set_id]).fetchone() is None:
        return computed(conn, year, set_id, last)
    # the cursor read row by row, not through a list (0.4 ms of 3.8 for 10,000 communes, issue 22)
    masks = dict(conn.execute("SELECT commune_id, mask FROM summary_masks WHERE year = ? AND set_id = ?",
                              [year, set_id]))
    marked = [row[0] for row in conn.execute("SELECT commune_id FROM summary_dirty WHERE year = ?", [year])]
    if not marked:
        return masks
    for commune in marked:
        masks.pop(commune, None)
    masks.update(conn.execute(_MARKED, [year, last, set_id]).fetchall())
    return dict(sorted(masks.items()))


def fold(conn: sqlite3.Connection, year_end: dict[int, int] | None = None) -> int:
    """Fold the marked communes into the stored masks of each set of their year (building a
    (year, set) that is not built whole) and clear the marks, in one transaction; the years
    folded. Gives up at once (0) when another connection holds the write lock. ``year_end``:
    {year: the year's ordinal}, for tests; by default ``periods.Period(year, 'Y').ordinal``."""
    years = [row[0] for row in conn.execute("SELECT DISTINCT year FROM summary_dirty")]
    if not years:
        return 0
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # another writer: the marks stay for the next close
        return 0
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    try:
        for year in years:
            _fold_year(conn, year, _year_end(year) if year_end is None else year_end[year])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return len(years)


def _year_end(year: int) -> int:
    from ntm_desktop.periods import Period  # 0.9 ms with its dataclass, only when a write session closes

    return Period(year, "Y").ordinal


# the sets with a status in the year: one probe of the (year, criterion) index per criterion, not
# a join of every status of the year (190,000: 7.5 ms → 0.02)
_SETS_OF_YEAR = ("SELECT DISTINCT k.set_id FROM criteria k"
                 " WHERE EXISTS (SELECT 1 FROM criterion_results r WHERE r.year = ?1 AND r.criterion_id = k.id)")
# whether a marked commune holds a status of a set in the year: the marked communes in their order (CROSS JOIN
# keeps it), each one's statuses by the (year, commune) index, up to the first of the set
_MARKED_HOLD = ("SELECT 1 FROM summary_dirty d CROSS JOIN criterion_results r CROSS JOIN criteria k"
                " WHERE d.year = ?1 AND r.year = ?1 AND r.commune_id = d.commune_id AND k.id = r.criterion_id"
                " AND k.set_id = ?2 LIMIT 1")


def _sets(conn: sqlite3.Connection, year: int, whole: bool, built: set[int]) -> set[int]:
    """The sets to fold: those built, and those with a status in the year (``whole``) or with a
    status of a marked commune. The sets with a status in the year asked first, then for each set
    not built whether a marked commune holds one of its statuses (it stops at the first): after a
    table import that marked 10,000 communes, 0.1 ms instead of a join of the year's 190,000
    statuses with the marks (25 ms); at worst (no marked commune holds one) the marked communes'
    statuses are read once a set, as that join read them."""
    with_rows = {row[0] for row in conn.execute(_SETS_OF_YEAR, [year])}
    if whole:
        return built | with_rows
    return built | {s for s in with_rows - built if conn.execute(_MARKED_HOLD, [year, s]).fetchone()}


def _fold_year(conn: sqlite3.Connection, year: int, last: int) -> None:
    whole = conn.execute("SELECT 1 FROM summary_dirty WHERE year = ? AND commune_id = 0", [year]).fetchone()
    built = {row[0] for row in conn.execute("SELECT set_id FROM summary_built WHERE year = ?", [year])}
    sets = _sets(conn, year, whole is not None, built)
    one_period: dict[bool, bool] = {}  # whole year or marked communes → all of the year's period (asked once)
    for set_id in sorted(sets):
        top = conn.execute("SELECT max(number) FROM criteria WHERE set_id = ?", [set_id]).fetchone()[0]
        if top is not None and top > MAX_BIT:  # cannot be a mask: computed (and refused) on demand
            conn.execute("DELETE FROM summary_masks WHERE year = ? AND set_id = ?", [year, set_id])
            conn.execute("DELETE FROM summary_built WHERE year = ? AND set_id = ?", [year, set_id])
            continue
        year_whole = set_id not in built
        if year_whole not in one_period:
            one_period[year_whole] = not conn.execute(_OTHER_PERIOD[year_whole], [year, last]).fetchone()
        if not year_whole:
            conn.execute("DELETE FROM summary_masks WHERE year = ?1 AND set_id = ?2 AND commune_id IN"
                         " (SELECT commune_id FROM summary_dirty WHERE year = ?1)", [year, set_id])
            conn.execute(_STORE.format(_ONE_MARKED if one_period[False] else _MARKED), [year, last, set_id])
        else:
            conn.execute("DELETE FROM summary_masks WHERE year = ? AND set_id = ?", [year, set_id])
            conn.execute(_STORE.format(_ONE_WHOLE if one_period[True] else _WHOLE), [year, last, set_id])
            conn.execute("INSERT INTO summary_built (year, set_id) VALUES (?, ?)", [year, set_id])
    conn.execute("DELETE FROM summary_dirty WHERE year = ?", [year])
