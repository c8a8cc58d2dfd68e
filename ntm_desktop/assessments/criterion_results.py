"""The ``criterion_results`` table: the one module that writes it.

A row holds a criterion's official status and note (entered, imported from a legacy
table, or from a package) and its computed status (derived from the indicator values,
never logged). Four paths write it, each through a function here:

- the service functions, one row at a time (:mod:`ntm_desktop.assessments`);
- the legacy table import (:func:`import_officials`: thousands of communes × 19 criteria);
- the package import (:func:`upsert_many`, :func:`clear_many`, :func:`restamp_many`);
- the bulk recompute after an import (:func:`set_computed_many`, :func:`insert_computed_many`).

The bulk functions keep the statements and batching the fast paths were measured with
(multi-row ``VALUES`` through :func:`ntm_desktop.store.bulk.insert_rows`, docs/benchmarks.md).

``set_version`` (docs/criteria-format.md "Versions"): every path fills it with the current
version of the criterion's set. An official status keeps the version it was recorded under; a
computed status sets it only on a row without an official status (the computed status itself is
always the current set's: it is recomputed when a set changes).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.periods import Period
from ntm_desktop.store import bulk, masks
from ntm_desktop.store.database import Store
from ntm_desktop.store.savepoint import savepoint

# a package's statuses: (uuid, commune id, period, year, pend, criterion id, official, note,
# source, computed, updated_at, updated_by, hlc, set_version: :func:`set_versions`)
UPSERT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year,"
    " pend, criterion_id, official, note, source, computed, updated_at, updated_by, hlc, set_version)"
)
UPSERT_TAIL = (
    "ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
    " note = excluded.note, source = excluded.source, computed = excluded.computed,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc,"
    " set_version = excluded.set_version"
)
# a legacy table's new statuses. What all rows share is bound once per statement (?1 period,
# ?2 year, ?3 pend, ?4 source, ?5 updated_at, ?6 updated_by), then each row's (uuid, commune id,
# criterion id, official, hlc, set_version): 6 parameters a row instead of 13, no note (a new
# status from a table has none) (bench/bench_import_table.py: the statements about 15 % faster)
_IMPORT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
    " note, source, updated_at, updated_by, hlc, set_version) VALUES "
)
_IMPORT_SHARED = 6
_IMPORT_WIDTH = 6
_IMPORT_ROW = "(?{0},?{1},?1,?2,?3,?{2},?{3},NULL,?4,?5,?6,?{4},?{5})"
# a legacy table's status over a stored row: the note and the computed status stay
_IMPORT_UPDATE = (
    "UPDATE criterion_results SET official = ?, source = 'imported', updated_at = ?, updated_by = ?, hlc = ?,"
    " set_version = ? WHERE uuid = ?"
)


@lru_cache(maxsize=4)
def _import_statement(rows: int) -> str:
    """The insert of ``rows`` statuses, parameters numbered as :data:`_IMPORT_ROW` says."""
    first = _IMPORT_SHARED + 1
    return _IMPORT_HEAD + ",".join(_IMPORT_ROW.format(*range(k, k + _IMPORT_WIDTH))
                                   for k in range(first, first + _IMPORT_WIDTH * rows, _IMPORT_WIDTH))


# the current version of a criterion's set, as an SQL expression over a criterion id parameter
_VERSION_OF = "(SELECT s.version FROM criteria c JOIN criteria_sets s ON s.id = c.set_id WHERE c.id = ?)"


def set_versions(conn: sqlite3.Connection) -> dict[int, int]:
    """Criterion id → the current version of its set (one query)."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT c.id, s.version FROM criteria c JOIN criteria_sets s ON s.id = c.set_id")}


def row(store: Store, commune_id: int, period: str, criterion_id: int) -> Any:
    """The stored row of one criterion, or None."""
    rows = store.query(
        "SELECT * FROM criterion_results WHERE commune_id = ? AND period = ? AND criterion_id = ?",
        [commune_id, period, criterion_id],
    )
    return rows[0] if rows else None


# -- one row (service functions, undo/redo) -----------------------------------------------


def write_official(
    store: Store, row_uuid: str, commune_id: int, period: Period, criterion_id: int,
    official: int | None, note: str | None, source: str, hlc: str,
) -> None:
    """Insert or replace one official status and note (the computed status stays)."""
    store.db.execute(
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
        f" note, source, updated_at, updated_by, hlc, set_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,{_VERSION_OF})"
        " ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
        " note = excluded.note, source = excluded.source, updated_at = excluded.updated_at,"
        " updated_by = excluded.updated_by, hlc = excluded.hlc, set_version = excluded.set_version",
        [row_uuid, commune_id, period.code, period.year, period.ordinal, criterion_id, official,
         note, source, clock.now_iso(), store.user, hlc, criterion_id],
    )


def insert_computed(store: Store, commune_id: int, period: Period, criterion_id: int, computed: int) -> None:
    """A row holding only a computed status (no official one yet)."""
    store.db.execute(
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, source,"
        f" computed, updated_at, hlc, set_version) VALUES (?,?,?,?,?,?,'computed',?,?,?,{_VERSION_OF})",
        [ids.new_uuid(), commune_id, period.code, period.year, period.ordinal, criterion_id,
         computed, clock.now_iso(), store.next_hlc(), criterion_id],
    )


# a computed status stamps the row's version only where no official status stands
_SET_COMPUTED = (
    "UPDATE criterion_results SET computed = ?, set_version = CASE WHEN official IS NULL THEN"
    " (SELECT s.version FROM criteria c JOIN criteria_sets s ON s.id = c.set_id"
    " WHERE c.id = criterion_results.criterion_id) ELSE set_version END WHERE id = ?"
)


def set_computed(store: Store, row_id: int, computed: int | None) -> None:
    store.db.execute(_SET_COMPUTED, [computed, row_id])


# -- many rows (table import, package import, recompute) ----------------------------------


def import_officials(conn: sqlite3.Connection, period: Period, at: str, user: str | None,
                     new: Sequence[Sequence[Any]], stored: Sequence[Sequence[Any]] = ()) -> int:
    """A legacy table's statuses of ``period``, written ``at`` by ``user`` with source
    ``imported``: ``new`` statuses, given as six columns of equal length (uuids, commune ids,
    criterion ids, officials, hlcs, set versions; no note), inserted in multi-row statements, and
    ``stored`` rows of (official, hlc, set version, uuid) written over (their note and computed
    status stay). Plain statements, no upsert: the caller read what is stored in the same
    transaction. Returns the rows written. The statements' parameters are the columns laid into
    one list by slice assignment, not a tuple per row flattened (190,000 statuses into the bench's
    database, the summary's trigger on: 0.87 → 0.82 s, bench/bench_import_table.py)."""
    if new and len(new) != _IMPORT_WIDTH:
        raise ValueError(f"{len(new)} columns of new statuses, not {_IMPORT_WIDTH}")
    count = len(new[0]) if new else 0
    if count and not conn.execute("PRAGMA foreign_keys").fetchone()[0]:  # bulk.references_unchecked
        _check_references(conn, new[1], new[2])
    values: list[Any] = [None] * (_IMPORT_WIDTH * count)
    for place, column in enumerate(new):
        values[place::_IMPORT_WIDTH] = column  # a column of another length raises ValueError here
    shared = [period.code, period.year, period.ordinal, "imported", at, user]
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # 999 on old SQLite builds
    per = max(1, min(bulk.ROWS_PER_STATEMENT, (limit - _IMPORT_SHARED) // _IMPORT_WIDTH))
    for start in range(0, count, per):
        rows = min(per, count - start)
        conn.execute(_import_statement(rows), shared + values[start * _IMPORT_WIDTH : (start + rows) * _IMPORT_WIDTH])
    conn.executemany(_IMPORT_UPDATE, [(official, at, user, hlc, version, uuid)
                                      for official, hlc, version, uuid in stored])
    return count + len(stored)


def _check_references(conn: sqlite3.Connection, commune_ids: Sequence[int], criterion_ids: Sequence[int]) -> None:
    """What SQLite's foreign keys would refuse, where the connection does not enforce them (the
    table import writes with enforcement off, :func:`ntm_desktop.store.bulk.references_unchecked`):
    each distinct commune and criterion id looked up once, not two probes per status; raises
    SQLite's own error. Inside the writer's transaction: nothing can delete a unit in between."""
    for table, wanted in (("units", set(commune_ids)), ("criteria", set(criterion_ids))):
        found = conn.execute(f"SELECT count(*) FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                             [json.dumps(list(wanted))]).fetchone()[0]
        if found != len(wanted):
            raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")


# statuses from which a bulk writer (upsert_many, the table import's excel.table_writing) marks the
# summary's communes itself (the triggers dropped and made again: a few statements, worth it over a
# chunk or a table, not over a hand-made package's handful)
MARKED_FROM = 1_000


def upsert_many(store: Store, rows: list[tuple[Any, ...]]) -> None:
    """A package's statuses with their computed status and their set's current version
    (rows as :data:`UPSERT_HEAD` lists them: the caller reads the versions once,
    :func:`set_versions`, instead of a copy of every row here); a uuid held by another
    local record gets a fresh one. From :data:`MARKED_FROM` rows, the rows' communes are marked
    for the summary's masks in one statement instead of a trigger per row
    (:func:`ntm_desktop.store.masks.marked_by_writer`: every row upserted marks its year and commune)."""
    if len(rows) < MARKED_FROM:
        bulk.upsert_rows(store, "criterion_results", UPSERT_HEAD, UPSERT_TAIL, rows)
        return
    with masks.marked_by_writer(store.db.conn, {(r[3], r[1]) for r in rows}):
        bulk.upsert_rows(store, "criterion_results", UPSERT_HEAD, UPSERT_TAIL, rows)


# the table's indexes that no constraint needs (migrations 0001 and 0002): a bulk load may build
# them once at its end (:func:`indexes_built_after`) instead of adding to them row by row
SECONDARY_INDEXES = ("criterion_results_year", "criterion_results_year_commune")
# incoming rows from which they are built after (measured at 95,000 statuses, 1,000 communes: -0.12 s of
# CPU, docs/benchmarks.md seventh session; 5.07 M rows: -0.9 s net)
REBUILD_FROM = 50_000
_INDEXES_SQL = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN {SECONDARY_INDEXES!r}"


@contextmanager
def indexes_built_after(
    conn: sqlite3.Connection, incoming: int, names: tuple[str, ...] = SECONDARY_INDEXES
) -> Iterator[bool]:
    """Run the block (a package import, inside its transaction) with the secondary indexes
    dropped when ``incoming`` statuses are many (:data:`REBUILD_FROM`) and at least twice as
    many as the table holds (by its largest id: no count of a million rows; a package received
    again writes next to nothing and would pay a rebuild of the whole table), then create them
    again from their own stored text: one sort instead of a b-tree insert per row. Yields
    whether it did. ``names``: which of :data:`SECONDARY_INDEXES` (by default both; the table
    import builds one, excel/table_writing.py). ``DROP INDEX`` deletes the index's
    ``sqlite_stat1`` row: it is put back as it was (the planner's statistics stay the ones
    ``ANALYZE`` left, as without the drop) and the planner re-reads them. On an error the
    block's savepoint rolls back, the dropped indexes with it (DDL is transactional in SQLite;
    a killed import's journal restores them too)."""
    if not set(names) <= set(SECONDARY_INDEXES):
        raise ValueError(f"not a secondary index of criterion_results: {names!r}")
    top = conn.execute("SELECT max(id) FROM criterion_results").fetchone()[0] or 0
    if incoming < REBUILD_FROM or incoming < 2 * top:
        yield False
        return
    indexes = [(name, sql) for name, sql in conn.execute(_INDEXES_SQL) if name in names]
    stats: list[Any] = []
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").fetchone():
        stats = conn.execute(f"SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN ({','.join('?' * len(names))})",
                             names).fetchall()
    # a savepoint of its own: called outside a transaction, a DROP INDEX would commit at once and an
    # error in the block would leave the table without its indexes
    with savepoint(conn, "criterion_results_indexes"):
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX {name}")
        yield True
        for _name, sql in indexes:
            conn.execute(sql)
        if stats:
            conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", stats)
            # the planner re-reads sqlite_stat1 (no statistics computed); sqlite_schema's name needs 3.33
            conn.execute("ANALYZE sqlite_master")


def clear_many(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """A package's deletions: official status and note cleared, the row (and its computed
    status) kept. Rows: (hlc, updated_at, updated_by, commune id, period, criterion id)."""
    conn.executemany(
        "UPDATE criterion_results SET official = NULL, note = NULL, hlc = ?, updated_at = ?, updated_by = ?"
        " WHERE commune_id = ? AND period = ? AND criterion_id = ?", rows)


def restamp_many(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """New stamps, same contents: (hlc, updated_at, updated_by, commune id, period, criterion id)."""
    conn.executemany(
        "UPDATE criterion_results SET hlc = ?, updated_at = ?, updated_by = ? WHERE commune_id = ?"
        " AND period = ? AND criterion_id = ?", rows)


def set_computed_many(conn: sqlite3.Connection, updates: Sequence[tuple[Any, ...]]) -> None:
    """Computed statuses of stored rows: (computed, row id); a row without an official status
    takes the current version of its set."""
    conn.executemany(_SET_COMPUTED, updates)


def restamp_versions(conn: sqlite3.Connection, row_ids: Sequence[int]) -> None:
    """Rows re-assessed with the current version of their set whose computed status stayed the same:
    a row without an official status takes that version."""
    conn.executemany(
        "UPDATE criterion_results SET set_version = (SELECT s.version FROM criteria c JOIN criteria_sets s"
        " ON s.id = c.set_id WHERE c.id = criterion_results.criterion_id) WHERE id = ? AND official IS NULL",
        [(i,) for i in row_ids])


def insert_computed_many(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Rows holding only a computed status: (commune id, period, year, pend, criterion id,
    computed), with fresh uuids and stamps."""
    if not rows:
        return
    now = clock.now_iso()
    stamps = store.stamps(len(rows))
    fresh = ids.new_uuids(len(rows))
    found = set_versions(store.db.conn)
    store.db.conn.executemany(
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, source, computed,"
        " updated_at, hlc, set_version) VALUES (?,?,?,?,?,?,'computed',?,?,?,?)",
        [(fresh[i], *row, now, stamps[i], found.get(row[4])) for i, row in enumerate(rows)])
