"""Bulk work: inserts as multi-row ``VALUES`` statements, and the cyclic garbage
collector paused while millions of short-lived rows go through.

``executemany`` resets, binds and steps its statement once per row; for the hundreds of
thousands of rows a table import or a sync package writes, that per-row overhead costs
more than SQLite's own b-tree work. One ``INSERT … VALUES (…), (…), …`` statement per few
hundred rows does the same writes in about 60 % of the time (bench/bench_import_table.py,
docs/benchmarks.md). The statement text for a full chunk is built once and SQLite's
statement cache keeps it prepared.

Python's cyclic collector runs every 700 new container objects (lists, tuples, records)
and, as survivors pile up, walks every live object again; a package import creates
tens of millions of such objects, none of them in a reference cycle, so the collector
found nothing and cost a quarter of the import's time (bench/bench_sync.py: 83 → 64 s).
:func:`gc_paused` turns it off for the length of such work; reference counting still
frees everything as it goes. The window's worker threads pause it the same way
(:func:`pause_gc`, one shared count): run in a worker, the collector could finalise Qt
widgets of the main thread.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from ntm_desktop import ids
from ntm_desktop.store.database import Store

ROWS_PER_STATEMENT = 500
_pause_lock = threading.Lock()
_pauses = 0  # pauses running (threads may overlap; the window's workers pause too)
_was_enabled = False


def pause_gc() -> None:
    """Turn the cyclic collector off until the matching :func:`resume_gc` (counted, so
    overlapping pauses in several threads share one state)."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1


def resume_gc() -> None:
    """End one pause; the collector is back on after the last, if it was on before the first."""
    global _pauses
    with _pause_lock:
        _pauses = max(0, _pauses - 1)
        if _pauses == 0 and _was_enabled:
            gc.enable()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (:func:`pause_gc`)."""
    pause_gc()
    try:
        yield
    finally:
        resume_gc()


@contextmanager
def references_unchecked(conn: sqlite3.Connection) -> Iterator[bool]:
    """Run the block (a transaction of its own, begun and ended inside it) with SQLite's
    foreign-key enforcement off, and turn it on again after, whatever happened; yields whether
    it turned it off. The block's writer must check its references itself: SQLite's checks cost
    two index probes a row (190,000 statuses of a table import, a unit and a criterion each:
    681 → 590 ms, load 1.9, 6 rounds). ``PRAGMA foreign_keys`` is a no-op inside a transaction
    (https://sqlite.org/foreignkeys.html): called inside one, nothing changes (yields False)."""
    if conn.in_transaction or not conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        yield False
        return
    left_open = False
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        yield True
        left_open = conn.in_transaction
    finally:
        _checked_again(conn)
    if left_open:
        raise RuntimeError("references_unchecked: the block left its transaction open (rolled back)")


def _checked_again(conn: sqlite3.Connection) -> None:
    """Foreign keys enforced again, a transaction left open rolled back first (the pragma would be
    a no-op in it), even when that rollback fails (its error raised after)."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _rows_per_statement(conn: sqlite3.Connection, width: int) -> int:
    """Rows per statement within the connection's limit on bound parameters."""
    try:
        limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python < 3.11: SQLite's oldest default
        limit = 999
    return max(1, min(ROWS_PER_STATEMENT, limit // max(1, width)))


def insert_rows(
    conn: sqlite3.Connection, head: str, rows: Sequence[Sequence[Any]], tail: str = "", row_sql: str | None = None
) -> int:
    """Run ``head VALUES (?,…),(?,…)… tail`` over ``rows`` (all of one width).

    ``head`` is ``INSERT [OR …] INTO table (columns)``, ``tail`` an optional
    ``ON CONFLICT …`` clause, ``row_sql`` the text of one row when it is more than one
    ``?`` per column (``(?, NULLIF(?, ''), …)``). Returns the number of rows passed."""
    if not rows:
        return 0
    width = len(rows[0])
    per = _rows_per_statement(conn, width)
    one = row_sql or "(" + ",".join("?" * width) + ")"

    def statement(n: int) -> str:
        return f"{head} VALUES {','.join([one] * n)} {tail}"

    full = statement(per)
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        conn.execute(full if len(part) == per else statement(len(part)), list(chain.from_iterable(part)))
    return len(rows)


def upsert_rows(store: Store, table: str, head: str, tail: str, rows: list[tuple[Any, ...]]) -> None:
    """Bulk upsert (:func:`insert_rows`) of rows whose first column is the record's uuid,
    inside a savepoint; a uuid already used by another local record (a copied database)
    gets a fresh uuid instead of failing the import."""
    try:
        with store.db.atomic():
            insert_rows(store.db.conn, head, rows, tail)
    except sqlite3.IntegrityError:
        taken = set()
        for start in range(0, len(rows), 500):
            part = [r[0] for r in rows[start : start + 500]]
            taken |= {r[0] for r in store.db.conn.execute(
                f"SELECT uuid FROM {table} WHERE uuid IN ({','.join('?' * len(part))})", part)}
        fresh = iter(ids.new_uuids(len(taken)))
        insert_rows(store.db.conn, head, [(next(fresh), *r[1:]) if r[0] in taken else r for r in rows], tail)
