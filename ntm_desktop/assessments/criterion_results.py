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

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.periods import Period
from ntm_desktop.store import bulk
from ntm_desktop.store.database import Store

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
# criterion id, official, note, hlc, set_version): 7 parameters a row instead of 13
# (bench/bench_import_table.py: the statements about 15 % faster)
_IMPORT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
    " note, source, updated_at, updated_by, hlc, set_version) VALUES "
)
_IMPORT_SHARED = 6
_IMPORT_WIDTH = 7
_IMPORT_ROW = "(?{0},?{1},?1,?2,?3,?{2},?{3},?{4},?4,?5,?6,?{5},?{6})"
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
    ``imported``: ``new`` rows of (uuid, commune id, criterion id, official, note, hlc, set
    version) inserted in multi-row statements, and ``stored`` rows of (official, hlc, set
    version, uuid) written over (their note and computed status stay). Plain statements, no
    upsert: the caller read what is stored in the same transaction. Returns the rows written."""
    shared = [period.code, period.year, period.ordinal, "imported", at, user]
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # 999 on old SQLite builds
    per = max(1, min(bulk.ROWS_PER_STATEMENT, (limit - _IMPORT_SHARED) // _IMPORT_WIDTH))
    for start in range(0, len(new), per):
        part = new[start : start + per]
        conn.execute(_import_statement(len(part)), [*shared, *chain.from_iterable(part)])
    conn.executemany(_IMPORT_UPDATE, [(official, at, user, hlc, version, uuid)
                                      for official, hlc, version, uuid in stored])
    return len(new) + len(stored)


def upsert_many(store: Store, rows: list[tuple[Any, ...]]) -> None:
    """A package's statuses with their computed status and their set's current version
    (rows as :data:`UPSERT_HEAD` lists them: the caller reads the versions once,
    :func:`set_versions`, instead of a copy of every row here); a uuid held by another
    local record gets a fresh one."""
    bulk.upsert_rows(store, "criterion_results", UPSERT_HEAD, UPSERT_TAIL, rows)


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
