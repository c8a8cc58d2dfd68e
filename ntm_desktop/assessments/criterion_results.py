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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.periods import Period
from ntm_desktop.store import bulk
from ntm_desktop.store.database import Store

# a package's statuses: (uuid, commune id, period, year, pend, criterion id, official, note,
# source, computed, updated_at, updated_by, hlc)
UPSERT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year,"
    " pend, criterion_id, official, note, source, computed, updated_at, updated_by, hlc)"
)
UPSERT_TAIL = (
    "ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
    " note = excluded.note, source = excluded.source, computed = excluded.computed,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc"
)
# a legacy table's statuses: (uuid, commune id, period, year, pend, criterion id, official,
# note, source, updated_at, updated_by, hlc); the note and the computed status stay
_IMPORT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
    " note, source, updated_at, updated_by, hlc)"
)
_IMPORT_TAIL = (
    "ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
    " source = excluded.source, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by, hlc = excluded.hlc"
)


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
        " note, source, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
        " note = excluded.note, source = excluded.source, updated_at = excluded.updated_at,"
        " updated_by = excluded.updated_by, hlc = excluded.hlc",
        [row_uuid, commune_id, period.code, period.year, period.ordinal, criterion_id, official,
         note, source, clock.now_iso(), store.user, hlc],
    )


def insert_computed(store: Store, commune_id: int, period: Period, criterion_id: int, computed: int) -> None:
    """A row holding only a computed status (no official one yet)."""
    store.db.execute(
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, source,"
        " computed, updated_at, hlc) VALUES (?,?,?,?,?,?,'computed',?,?,?)",
        [ids.new_uuid(), commune_id, period.code, period.year, period.ordinal, criterion_id,
         computed, clock.now_iso(), store.next_hlc()],
    )


def set_computed(store: Store, row_id: int, computed: int | None) -> None:
    store.db.execute("UPDATE criterion_results SET computed = ? WHERE id = ?", [computed, row_id])


# -- many rows (table import, package import, recompute) ----------------------------------


def import_officials(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> int:
    """A legacy table's statuses (rows as :data:`_IMPORT_HEAD` lists them), in multi-row
    statements; a stored note and computed status stay. Returns the rows written."""
    return bulk.insert_rows(conn, _IMPORT_HEAD, rows, _IMPORT_TAIL)


def upsert_many(store: Store, rows: list[tuple[Any, ...]]) -> None:
    """A package's statuses with their computed status (rows as :data:`UPSERT_HEAD` lists
    them); a uuid held by another local record gets a fresh one."""
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
    """Computed statuses of stored rows: (computed, row id)."""
    conn.executemany("UPDATE criterion_results SET computed = ? WHERE id = ?", updates)


def insert_computed_many(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Rows holding only a computed status: (commune id, period, year, pend, criterion id,
    computed), with fresh uuids and stamps."""
    if not rows:
        return
    now = clock.now_iso()
    stamps = store.stamps(len(rows))
    fresh = ids.new_uuids(len(rows))
    store.db.conn.executemany(
        "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, source, computed,"
        " updated_at, hlc) VALUES (?,?,?,?,?,?,'computed',?,?,?)",
        [(fresh[i], *row, now, stamps[i]) for i, row in enumerate(rows)])
