"""The idle WAL checkpoint: after writes, fold the write-ahead log into the database file, so
that a .sqlite3 file copied or carried alone (on a USB stick, without its ``-wal``) holds
everything saved; and notice a database file that has gone (a pulled stick: on some systems
writes would otherwise seem to succeed).

The window calls :func:`checkpoint` from a timer every few seconds (``INTERVAL_MS``); the
decision lives here, without Qt, so that it is tested on real files.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ntm_desktop.store.database import Store

log = logging.getLogger("ntm.store")
INTERVAL_MS = 5000  # idle WAL checkpoint: the .sqlite3 file alone holds everything saved


class Outcome(enum.Enum):
    BUSY = "busy"  # a transaction is open: try again at the next tick
    GONE = "gone"  # the database file is no longer there
    UNCHANGED = "unchanged"  # nothing written since the last checkpoint
    DONE = "done"  # the WAL was folded into the database file
    SKIPPED = "skipped"  # SQLite refused (busy, or the stick is gone): the next action will tell


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    changes: int  # the connection's change count now checkpointed: pass it back next time


def changes(store: Store) -> int:
    """The connection's count of rows written since it opened (SQLite's total_changes)."""
    return store.db.conn.total_changes


def checkpoint(store: Store, last: int) -> Result:
    """Given the change count at the last checkpoint, checkpoint if anything was written since.

    A file that has gone is reported (``GONE``) and left alone; a checkpoint SQLite refuses
    is logged and not retried until the next write."""
    if store.db.conn.in_transaction:
        return Result(Outcome.BUSY, last)
    if store.path is not None and not Path(store.path).exists():
        return Result(Outcome.GONE, last)
    now = changes(store)
    if now == last:
        return Result(Outcome.UNCHANGED, last)
    try:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        log.info("checkpoint skipped: %s", exc)
        return Result(Outcome.SKIPPED, now)
    return Result(Outcome.DONE, now)
