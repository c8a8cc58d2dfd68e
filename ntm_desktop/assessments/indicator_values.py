"""The ``indicator_values`` table: the one module that writes it.

Two kinds of callers: the service functions (one value at a time, with its change-log
row, :mod:`ntm_desktop.assessments`) and the package import, which writes hundreds of
thousands of values per package. The bulk functions take rows as plain tuples and write
them as multi-row statements (:func:`ntm_desktop.store.bulk.insert_rows`: about 60 % of
the time of ``executemany``, docs/benchmarks.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ntm_desktop import clock, values
from ntm_desktop.periods import Period
from ntm_desktop.store import bulk
from ntm_desktop.store.database import Store

# a package's values: (uuid, commune id, period, year, pend, indicator id, value, num, note,
# source, updated_at, updated_by, hlc)
UPSERT_HEAD = (
    "INSERT INTO indicator_values (uuid, commune_id, period, year, pend,"
    " indicator_id, value, num, note, source, updated_at, updated_by, hlc)"
)
UPSERT_TAIL = (
    "ON CONFLICT(commune_id, period, indicator_id) DO UPDATE SET value = excluded.value,"
    " num = excluded.num, note = excluded.note, source = excluded.source,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc"
)


def write(
    store: Store, row_uuid: str, commune_id: int, period: Period, indicator_id: int,
    parsed: values.Parsed, note: str | None, source: str, hlc: str,
) -> None:
    """Insert or replace one value (a person entered it, or undo/redo restores it)."""
    store.db.execute(
        "INSERT INTO indicator_values (uuid, commune_id, period, year, pend, indicator_id, value, num,"
        " note, source, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(commune_id, period, indicator_id) DO UPDATE SET value = excluded.value,"
        " num = excluded.num, note = excluded.note, source = excluded.source,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc",
        [row_uuid, commune_id, period.code, period.year, period.ordinal, indicator_id, parsed.text,
         parsed.number, note, source, clock.now_iso(), store.user, hlc],
    )


def delete(store: Store, row_id: int) -> None:
    """Remove one value (cleared by a person, or undo of its entry)."""
    store.db.execute("DELETE FROM indicator_values WHERE id = ?", [row_id])


def upsert_many(store: Store, rows: list[tuple[Any, ...]]) -> None:
    """A package's values (rows as :data:`UPSERT_HEAD` lists them), inserted or replacing
    the local ones; a uuid held by another local record gets a fresh one
    (:func:`ntm_desktop.store.bulk.upsert_rows`)."""
    bulk.upsert_rows(store, "indicator_values", UPSERT_HEAD, UPSERT_TAIL, rows)


def delete_many(conn: sqlite3.Connection, keys: Sequence[tuple[int, str, int]]) -> None:
    """Remove values by (commune id, period, indicator id): a package's deletions."""
    conn.executemany("DELETE FROM indicator_values WHERE commune_id = ? AND period = ? AND indicator_id = ?", keys)


def restamp_many(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """New stamps, same contents: (hlc, updated_at, updated_by, commune id, period, indicator id)."""
    conn.executemany(
        "UPDATE indicator_values SET hlc = ?, updated_at = ?, updated_by = ? WHERE commune_id = ?"
        " AND period = ? AND indicator_id = ?", rows)
