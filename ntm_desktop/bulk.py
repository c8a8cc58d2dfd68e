"""Bulk inserts as multi-row ``VALUES`` statements.

``executemany`` resets, binds and steps its statement once per row; for the hundreds of
thousands of rows a table import or a sync package writes, that per-row overhead costs
more than SQLite's own b-tree work. One ``INSERT … VALUES (…), (…), …`` statement per few
hundred rows does the same writes in about 60 % of the time (bench/bench_import_table.py,
docs/benchmarks.md). The statement text for a full chunk is built once and SQLite's
statement cache keeps it prepared.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from itertools import chain
from typing import Any

ROWS_PER_STATEMENT = 500


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
