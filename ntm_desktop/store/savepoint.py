"""A savepoint of a connection, rolled back on any exception: the one shape of nested
transactions in the store (``Db.atomic`` inside a transaction, the bulk writers that drop and
make again triggers or indexes: ``masks.marked_by_writer``, ``criterion_results.indexes_built_after``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def savepoint(conn: sqlite3.Connection, name: str) -> Iterator[None]:
    """Run the block in savepoint ``name`` (a transaction of its own when none is open: DDL in it is
    undone with it). Any exception, ``KeyboardInterrupt`` included, rolls the block back; otherwise
    it is released into the enclosing transaction (committed when there is none)."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # else SQLite rolled the whole transaction back already (disk full …)
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")
