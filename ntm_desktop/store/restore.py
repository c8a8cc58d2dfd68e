"""Restoring a database from a backup (``ntm restore``, File → Khôi phục).

First :func:`inspect` tells what a backup holds (when it was taken, by which
installation, how many units, values, results and changes) and refuses, with nothing
written, a file that is not a sound backup of an NTM database: not SQLite, damaged,
another program's database, or made by a newer version of the program. Then
:func:`restore_into` backs up the current database (or keeps a byte copy of it when
SQLite cannot read it), and copies the backup over it with SQLite's backup API, which
works while the window still holds its own connection and is all-or-nothing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ntm_desktop import files, i18n
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup, schema, sqlite_errors
from ntm_desktop.store import database as storage
from ntm_desktop.store.sqlite_errors import Kind

# (key, table it needs, query): the figures shown before a restore
COUNTS: tuple[tuple[str, str, str], ...] = (
    ("districts", "units", "SELECT count(*) FROM units WHERE level = 'district'"),
    ("communes", "units", "SELECT count(*) FROM units WHERE level = 'commune'"),
    ("criteria_sets", "criteria_sets", "SELECT count(*) FROM criteria_sets"),
    ("indicator_values", "indicator_values", "SELECT count(*) FROM indicator_values"),
    ("official_results", "criterion_results", "SELECT count(*) FROM criterion_results WHERE official IS NOT NULL"),
    ("changes", "changes", "SELECT count(*) FROM changes"),
)



@dataclass
class BackupInfo:
    """What a backup holds."""

    path: Path
    taken: str  # local time, ISO (from an automatic backup's name, else the file's time)
    reason: str | None
    schema: int
    installation_id: str
    installation_name: str
    last_change: str | None  # UTC, ISO, of the newest change-log row
    years: tuple[int, int] | None
    counts: dict[str, int]
    tables: dict[str, int]  # rows in every table: what a round trip must keep
    size: int

    @property
    def records(self) -> int:
        return sum(self.tables.values())

    def count_lines(self) -> list[str]:
        """``85 xã``, … in the current language."""
        lines = [f"{self.counts[key]} {i18n.t('restore.count.' + key)}" for key, _t, _q in COUNTS if key in self.counts]
        lines.append(f"{self.records} {i18n.t('restore.count.records')}")
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "taken": self.taken,
            "reason": self.reason,
            "schema": self.schema,
            "installation": {"id": self.installation_id, "name": self.installation_name},
            "last_change": self.last_change,
            "years": list(self.years) if self.years else None,
            "counts": self.counts,
            "tables": self.tables,
            "size": self.size,
        }


@dataclass
class RestoreResult:
    info: BackupInfo
    db_path: Path
    before: Path | None  # the copy of the database as it was before the restore
    replaced_file: bool = False  # True when the old file could not be opened and was replaced
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "restored": str(self.db_path),
            "from": self.info.as_json(),
            "before_restore_backup": str(self.before) if self.before else None,
        }


def _open_ro(path: Path) -> sqlite3.Connection:
    """Open a file read-only without leaving files beside it: a WAL-mode file with no
    -wal file is opened immutable (nothing to replay, no -shm to create)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    with Path(path).open("rb") as handle:
        header = handle.read(20)
    if len(header) >= 20 and header[18] == 2 and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def _figures(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, int]]:
    tables = _tables(conn)
    rows = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
    counts = {key: conn.execute(sql).fetchone()[0] for key, table, sql in COUNTS if table in tables}
    return counts, rows


def _read_everything(conn: sqlite3.Connection, path: Path) -> None:
    """Beyond the page checks of ``integrity_check``: every row of every table read, so that text
    that no longer decodes (a flipped bit inside a value) refuses the backup, and the foreign
    keys hold. Raises InputRejected naming the table."""
    for name in _tables(conn):
        try:
            for _row in conn.execute(f'SELECT * FROM "{name}"'):
                pass
        except (sqlite3.OperationalError, UnicodeDecodeError) as exc:
            raise InputRejected("restore.corrupt", path=path, detail=f"{name}: {' '.join(str(exc).split())[:120]}") \
                from None
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        raise InputRejected("restore.corrupt", path=path, detail=f"{broken[0]}: khóa ngoại / foreign key")


def check_contents(conn: sqlite3.Connection, path: Path) -> None:
    """What a sound file of this program holds, past SQLite's page checks: the schema, the
    stored JSON and clock stamps, and every row readable (:func:`_read_everything`); raises
    InputRejected (restore.corrupt) naming the first problem."""
    unusable = schema.problem(conn) or schema.bad_json(conn) or schema.bad_stamps(conn)
    if unusable:
        raise InputRejected("restore.corrupt", path=path, detail=unusable)
    _read_everything(conn, path)


def inspect(path: Path | str) -> BackupInfo:
    """What the backup at ``path`` holds; InputRejected (nothing written) when it is not a
    sound backup of an NTM database this program can use."""
    path = Path(path)
    if not path.is_file():
        raise InputRejected("restore.missing", path=path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(100)
    if head[: len(storage.SQLITE_HEADER)] != storage.SQLITE_HEADER:
        raise InputRejected("restore.not_backup", path=path)
    damaged = storage.header_damage(head)
    if damaged:
        raise InputRejected("restore.corrupt", path=path, detail=damaged)
    try:
        conn = _open_ro(path)
    except sqlite3.Error as exc:
        raise InputRejected("restore.corrupt", path=path, detail=sqlite_errors.detail(exc)) from None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise InputRejected("restore.corrupt", path=path, detail=" ".join(" ".join(problems).split()))
        tables = set(_tables(conn))
        if not {"_sqlite_migrations", "meta", "units"} <= tables:
            raise InputRejected("restore.not_backup", path=path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        known = storage._known_names()
        unknown = [name for name in storage._applied_names(conn) if name not in known]
        if version > storage.SCHEMA_VERSION or unknown:
            raise InputRejected(
                "restore.too_new", path=path, found=version, supported=storage.SCHEMA_VERSION
            )
        check_contents(conn, path)
        installation_id, installation_name = backup.installation_of(conn)
        counts, rows = _figures(conn)
        last_change = conn.execute("SELECT max(at) FROM changes").fetchone()[0] if "changes" in tables else None
        years = None
        if "criterion_results" in tables:
            low, high = conn.execute("SELECT min(year), max(year) FROM criterion_results").fetchone()
            years = (low, high) if low is not None else None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise InputRejected("restore.corrupt", path=path, detail=sqlite_errors.detail(exc)) from None
    finally:
        conn.close()
    parsed = backup.parse_name(path.name)
    if parsed:
        taken, reason = parsed[1], parsed[3]
    else:
        taken, reason = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0), None
    return BackupInfo(
        path=path, taken=taken.isoformat(), reason=reason, schema=version,
        installation_id=installation_id, installation_name=installation_name,
        last_change=last_change, years=years, counts=counts, tables=rows, size=size,
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def save_current(db_path: Path, protect: tuple[Path, ...] = ()) -> tuple[Path | None, bool]:
    """Back up the database about to be replaced: (the copy, whether SQLite could read it).
    A file SQLite cannot read is kept byte for byte instead. Rotation spares ``protect``."""
    if not db_path.exists():
        return None, True
    try:
        return backup.auto_backup_file(db_path, "before-restore", protect), True
    except sqlite3.OperationalError as exc:
        failed = sqlite_errors.kind(exc)
        if failed is Kind.LOCKED:
            raise InputRejected("db.locked", path=db_path) from None
        if failed in (Kind.IO, Kind.FULL):  # the machine's problem, not the file's: told as such
            raise
        return backup.keep_damaged(db_path, protect), False
    except (sqlite3.DatabaseError, InputRejected):
        return backup.keep_damaged(db_path, protect), False


def _copy_into(source: sqlite3.Connection, db_path: Path) -> None:
    """Replace the content of the database at ``db_path`` with SQLite's backup API (one
    transaction: on failure the old content stays)."""
    dest = sqlite3.connect(db_path, timeout=10, isolation_level=None)
    try:
        mode = dest.execute("PRAGMA journal_mode").fetchone()[0]
        found = source.execute("PRAGMA page_size").fetchone()[0]
        current = dest.execute("PRAGMA page_size").fetchone()[0]
        if mode == "wal" and found != current:
            # SQLite cannot change the page size of a WAL database: leave WAL first
            # (the next open_store turns it back on); refused while others hold it open
            if dest.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                raise InputRejected("restore.page_size", found=found, current=current)
        source.backup(dest)
    finally:
        dest.close()


def _replace_file(source: sqlite3.Connection, db_path: Path) -> None:
    """Write the backup as a new file in place of one SQLite cannot open (kept aside first)."""
    for side in ("-wal", "-shm", "-journal"):  # never let an old journal replay onto the new file
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    backup._copy(source, db_path)


def _scratch_copy(backup_path: Path, scratch: Path) -> None:
    """The backup copied to ``scratch``, beside the database, hidden and named for this
    process (a killed restore leaves it to :func:`files.sweep`): the very bytes that are
    checked and restored."""
    files.sweep(scratch.parent)
    source = _open_ro(backup_path)
    try:
        backup.copy_pages(source, scratch)
    finally:
        source.close()


def _check_scratch(scratch: Path, info: BackupInfo) -> None:
    """Everything :func:`inspect` checked, again on the writable copy about to be restored:
    ``integrity_check`` (pages, indexes against their tables, NOT NULL and CHECK
    constraints), every row of every table read (text decodes), foreign keys, the schema
    and JSON the program knows, and the same rows as the backup. Refuses, naming the backup."""
    conn = sqlite3.connect(scratch)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise InputRejected("restore.corrupt", path=info.path, detail=" ".join(" ".join(problems).split())[:300])
        unusable = schema.problem(conn) or schema.wrong_types(conn) or schema.bad_json(conn)
        if unusable:
            raise InputRejected("restore.corrupt", path=info.path, detail=unusable)
        _read_everything(conn, info.path)
        if _figures(conn)[1] != info.tables:
            raise InputRejected("restore.corrupt", path=info.path, detail="số bản ghi khác / record counts differ")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise InputRejected("restore.corrupt", path=info.path, detail=sqlite_errors.detail(exc)) from None
    finally:
        conn.close()


def restore_into(
    db_path: Path | str, backup_path: Path | str, progress: Callable[[str], None] | None = None
) -> RestoreResult:
    """Replace the database at ``db_path`` by the backup at ``backup_path``. The backup is
    inspected first, then copied beside the database and checked again there (refused:
    the database untouched); then the current database is backed up and replaced by the
    checked copy, and the result checked against the backup: if that fails, the previous
    database is put back."""
    db_path, backup_path = Path(db_path), Path(backup_path)
    if _same_file(db_path, backup_path):
        raise InputRejected("restore.same_file", path=backup_path)
    info = inspect(backup_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = db_path.parent / f".{db_path.name}.restore.{os.getpid()}.part"
    try:
        try:
            _scratch_copy(backup_path, scratch)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # the schema's text damaged too
            raise InputRejected("restore.corrupt", path=backup_path, detail=sqlite_errors.detail(exc)) from None
        _check_scratch(scratch, info)
        if progress:
            progress("before")
        before, readable = save_current(db_path, protect=(backup_path,))
        if progress:
            progress("restore")
        replaced = _replace(scratch, db_path, readable)
    finally:
        for side in ("", "-journal", "-wal", "-shm"):
            Path(f"{scratch}{side}").unlink(missing_ok=True)
    result, counts, rows = _verify(db_path)
    if result != "ok" or rows != info.tables:
        detail = result if result != "ok" else "số bản ghi khác / record counts differ"
        if before is not None and readable:  # put the previous database back: a failed restore hurts nothing
            previous = _open_ro(before)
            try:
                _copy_into(previous, db_path)
            finally:
                previous.close()
            raise InputRejected("restore.verify_failed_back", path=db_path, detail=detail, before=before)
        raise InputRejected("restore.verify_failed", path=db_path, detail=detail, before=before)
    return RestoreResult(info, db_path, before, replaced, counts)


def _replace(scratch: Path, db_path: Path, readable: bool) -> bool:
    """The database's content replaced by the checked copy's: with SQLite's backup API (one
    transaction; the window's own connection stays valid), or as a new file in place of
    one SQLite cannot open (True)."""
    source = _open_ro(scratch)
    try:
        if not readable or not db_path.exists():
            _replace_file(source, db_path)
            return True
        try:
            _copy_into(source, db_path)
        except sqlite3.OperationalError as exc:
            if sqlite_errors.is_locked(exc):
                raise InputRejected("db.locked", path=db_path) from None
            raise
        return False
    finally:
        source.close()


def _verify(db_path: Path) -> tuple[str, dict[str, int], dict[str, int]]:
    """(integrity_check's first line, the figures, rows per table) of the database just restored."""
    check = sqlite3.connect(db_path, timeout=10)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
        counts, rows = _figures(check)
    finally:
        check.close()
    return result, counts, rows
