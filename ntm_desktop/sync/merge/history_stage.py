"""The history member of a large package, read and checked by a helper process.

A large import spends about half its time on the history member (millions of change-log
rows: parsing, checks, inserts). The machines this runs on have two cores, so while the
import writes the records, a helper process reads the history member, checks every row
as :func:`.log_copy.read` does, and writes the rows into a scratch SQLite file,
sorted as the change log's (nkey, hlc) index; the import then copies them into
``changes`` with one ``INSERT … SELECT`` (no Python object per row on the import's side;
:func:`ntm_desktop.store.audit.add_staged_history`, the change log's writer, runs it).
Measured on a 10,000-commune package: about −10 s of 49 (docs/benchmarks.md §8).
Packages are written in that order (:mod:`ntm_desktop.sync.package.export`), so the helper
only checks the order as it reads, and sorts only a member that is not in it (an older
program's package): with one core kept busy by another process, the helper shares the
import's core, and its sort (a third of its time at 5 M rows) delayed the import's end.
The scratch file takes about the member's unpacked size in the temporary folder (twice
that while it sorts).

The helper opens the package by its path, so it hashes the member it reads and the
import refuses the package if the member is not the one the manifest lists (the file on
a USB stick could change after the first check). It stops when the import's process is
gone, and its scratch folder goes with it: :meth:`Stager.close` on every path out of the
import, and the helper itself when it finds its parent dead.

Nothing here may import Qt: the helper starts a fresh interpreter ("spawn") that imports
this module only.
"""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import multiprocessing.connection
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.store import bulk
from ntm_desktop.sync.package import fields, zipsafe

TABLE = "staged"
OPS = frozenset(("insert", "update", "delete"))
BATCH_ROWS = 20_000
ROW_PROBLEM = "số cột, ô trống hoặc op / columns, empty cells or op"


def row_ok(row: list[str], width: int) -> bool:
    """A change-log row of a package: its width, no empty uuid, batch, at, installation,
    hlc, entity_uuid, nkey or source, and a known op."""
    return len(row) == width and "" not in (row[0], row[1], row[2], row[4], row[5], row[7], row[8], row[12]) \
        and row[9] in OPS


def stage(package: str, member: str, sha256: str, size: int, columns: tuple[str, ...], known: list[str],
          target: str, alive: Callable[[], bool] = lambda: True) -> dict[str, Any]:
    """Read, check and stage the member into ``target``'s table ``staged`` (rows of
    entities not in ``known`` are left out, as the import does). Returns ``{"rows": n}``
    or ``{"error": …, "row": …, "detail": …}``: ``bad`` (a row), ``damaged`` or
    ``tampered`` (the package), ``gone`` (the import's process), ``local`` (the scratch
    file or the helper itself failed: the import reads the member on its own instead)."""
    width = len(columns)
    wanted = frozenset(known)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: deleted after the import
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute(f"CREATE TABLE raw ({', '.join(columns)})")
        conn.execute("BEGIN")
        staged = 0
        with zipfile.ZipFile(package) as archive, archive.open(member) as raw:
            hashing = zipsafe.Hashing(raw, size)
            reader = csv.reader(io.TextIOWrapper(io.BufferedReader(hashing), encoding="utf-8", newline=""))
            header = next(reader, [])
            if tuple(header) != tuple(columns):
                return {"error": "bad", "row": 1, "detail": f"tiêu đề / header {','.join(header)[:120]}"}
            checker = fields.Checker(Path(package), member, header)  # as the import's own reading checks
            first = 2
            last: tuple[str, str] | None = ("", "")  # the last (nkey, hlc) read; None: out of order
            while batch := list(islice(reader, BATCH_ROWS)):
                if not (all(row_ok(row, width) for row in batch) and checker.fine(batch)):
                    return _first_bad(batch, first, width, checker)
                if not alive():
                    return {"error": "gone"}
                kept = [row for row in batch if row[6] in wanted]
                if last is not None and kept:
                    last = in_order(kept, last)
                staged += bulk.insert_rows(conn, "INSERT INTO raw", kept)
                first += len(batch)
            while hashing.read(1 << 20):  # whatever the CSV reader left unread still counts
                pass
        if not hashing.matches(sha256):
            return {"error": "tampered"}
        if not alive():
            return {"error": "gone"}
        # in the order of the change log's (nkey, hlc) index: the import's copy then adds
        # to that index at its end instead of sweeping through it (8.7 → 6.4 s measured)
        if last is not None:  # read in that order: nothing to sort
            conn.execute(f"ALTER TABLE raw RENAME TO {TABLE}")
        else:
            conn.execute(f"CREATE TABLE {TABLE} AS SELECT * FROM raw ORDER BY nkey, hlc")
            conn.execute("DROP TABLE raw")
        conn.execute("COMMIT")
        return {"rows": staged}
    except sqlite3.Error as exc:  # the scratch file (a full temporary folder …), not the package
        return {"error": "local", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        return {"error": "damaged", "detail": f"{member}: {exc}"[:300]}
    finally:
        conn.close()


def in_order(rows: list[list[str]], last: tuple[str, str]) -> tuple[str, str] | None:
    """The last (nkey, hlc) of ``rows`` when they follow ``last`` in the change log's
    (nkey, hlc) order (text order, as SQLite compares them), else None."""
    keys = [(row[8], row[5]) for row in rows]
    if keys[0] < last or keys != sorted(keys):
        return None
    return keys[-1]


def _first_bad(rows: list[list[str]], first: int, width: int, checker: fields.Checker) -> dict[str, Any]:
    """The first bad row of a batch (``first``: its first row's number), as ``stage`` reports it."""
    for number, row in enumerate(rows, start=first):
        if not row_ok(row, width):
            return {"error": "bad", "row": number, "detail": ROW_PROBLEM}
        try:
            checker.row(number, row)
        except InputRejected as refused:
            return {"error": "bad", "row": number, "detail": str(refused.params.get("detail", refused.key))}
    return {"error": "local", "detail": "a batch found bad holds no bad row"}  # the checks disagree: a bug here


def _child(package: str, member: str, sha256: str, size: int, columns: tuple[str, ...], known: list[str],
           target: str, send: Any) -> None:
    """The helper process: stage, then send the outcome (or remove the scratch folder
    when the import's process is gone)."""
    with bulk.gc_paused():
        parent = multiprocessing.parent_process()
        try:
            outcome = stage(package, member, sha256, size, columns, known, target,
                            alive=parent.is_alive if parent is not None else (lambda: True))
        except Exception as exc:  # never leave the import waiting
            outcome = {"error": "local", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    if outcome.get("error") != "gone":
        try:
            send.send(outcome)
        except OSError:  # the import's process is gone (a broken pipe)
            pass
        finally:
            send.close()
        # the import stops this process when it is done (Stager.close); if the import's
        # process dies instead, nobody else will remove the scratch folder
        if parent is not None:
            multiprocessing.connection.wait([parent.sentinel])
    shutil.rmtree(Path(target).parent, ignore_errors=True)


class Stager:
    """The helper process for one import, and its scratch folder."""

    def __init__(self, package: str, member: str, entry: dict[str, Any], columns: tuple[str, ...],
                 known: list[str]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ntm-stage-"))
        self.path = self.folder / "history.sqlite3"
        context = multiprocessing.get_context("spawn")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child, name="ntm-history-stage", daemon=True,
            args=(package, member, entry["sha256"], int(entry["size"]), columns, known, str(self.path), send))
        self.process.start()
        send.close()
        self.attached: sqlite3.Connection | None = None
        self.holding: sqlite3.Connection | None = None

    def outcome(self, cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Wait for the helper's outcome (the import's cancel button still works)."""
        while not self.receive.poll(0.1):
            if cancelled is not None and cancelled():
                return {"error": "cancelled"}
            if not self.process.is_alive() and not self.receive.poll(0):
                return {"error": "local", "detail": f"helper exit {self.process.exitcode}"}
        try:
            return self.receive.recv()
        except EOFError:
            return {"error": "local", "detail": f"helper exit {self.process.exitcode}"}

    def hold(self, conn: sqlite3.Connection, nkeys: Iterable[str]) -> None:
        """Remember records this database held before the import (a temporary table on
        the import's connection): only their history rows need the version check."""
        if not self.holding:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_held (nkey TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute("DELETE FROM temp.sync_held")
            self.holding = conn
        conn.executemany("INSERT OR IGNORE INTO temp.sync_held VALUES (?)", ((nkey,) for nkey in nkeys))

    def attach(self, conn: sqlite3.Connection) -> tuple[str, str | None]:
        """Attach the scratch file to the import's connection, until :meth:`close`. Returns
        the staged rows' table and the table of records this database held (None: none
        held), for :func:`ntm_desktop.store.audit.add_staged_history` to copy them: rows of
        records not held as they are, the others unless the log holds that version."""
        conn.execute("ATTACH DATABASE ? AS stage", [str(self.path)])
        self.attached = conn
        return f"stage.{TABLE}", None if self.holding is None else "temp.sync_held"

    def close(self) -> None:
        """Detach (after the import's transaction ended), stop the helper, remove the folder."""
        for conn, sql in ((self.attached, "DETACH DATABASE stage"),
                          (self.holding, "DROP TABLE IF EXISTS temp.sync_held")):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(sql)
        self.attached = self.holding = None
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)
        self.receive.close()
        shutil.rmtree(self.folder, ignore_errors=True)
