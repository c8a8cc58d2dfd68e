"""Whole-database copies with SQLite's backup API, checked before they are trusted.

Automatic backups (before a migration, before an import, daily on the first start of the
day, before a restore) go to ``backups/`` beside the database, named with the local time,
the installation and the reason, in characters every file system takes (FAT on USB
sticks included)::

    ntm_20251123-085212_phong-nn-dak-ha-1a2b3c4d_before-import.sqlite3

They are rotated: the newest ten are kept, plus the newest one of every month. Files
whose names the program did not make are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ntm_desktop import files, i18n, paths, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store

KEEP_RECENT = 10
SUFFIX = ".sqlite3"
_NAME = re.compile(
    r"^(?P<stem>[a-z0-9-]+)_(?P<date>\d{8})-(?P<time>\d{6})_(?P<installation>[a-z0-9-]*)"
    r"_(?P<reason>[a-z0-9-]+)\.sqlite3$"
)



@dataclass(frozen=True)
class BackupFile:
    """An automatic backup found in a backups folder."""

    path: Path
    taken: datetime  # local time, from the name
    installation: str
    reason: str

    @property
    def month(self) -> str:
        return self.taken.strftime("%Y-%m")




def _ro_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def integrity(path: Path, pragma: str = "integrity_check") -> str:
    """``ok`` or SQLite's first complaint about the file (``pragma``: ``integrity_check``, or
    ``quick_check``, which leaves out comparing each index with its table)."""
    if pragma not in ("integrity_check", "quick_check"):
        raise ValueError(pragma)
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            return conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def copy_pages(source: sqlite3.Connection, path: Path, *, synced: bool = True) -> None:
    """The database of ``source`` written page for page into a new file at ``path`` (SQLite's
    backup API), left in rollback-journal mode: one file, no -wal beside it. ``synced=False``:
    SQLite does not flush the copy to disk (``synchronous = OFF``) for a caller that flushes the
    file itself before it relies on it (:func:`_copy`: fsync, then rename), one flush instead of
    three (the 13 MB units database of bench/bench_import_table.py: 33.8 → 28.7 ms on this
    machine's virtual disk, load 1.0-1.5, 9 rounds; a laptop's disk flushes slower)."""
    dest = sqlite3.connect(path)
    try:
        if not synced:
            dest.execute("PRAGMA synchronous = OFF")
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _copy(source: sqlite3.Connection, target: Path, check: str = "integrity_check") -> Path:
    """Copy a database with SQLite's backup API into ``target`` atomically (temporary file,
    integrity check, fsync, rename); nothing is left under the final name on failure.

    The automatic backups (before an import, a migration, daily) check with ``quick_check``:
    the whole ``integrity_check`` compares every index with its table, which grows faster
    than the file (about 1 s of a 1.8 s backup of a 105 MB database, ~10 s extrapolated to a
    national one, before every import: issue 22). The copy is page for page, so what
    quick_check leaves out is damage the source already had; a restore checks the backup
    whole (``store/restore.py``) before it replaces anything."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    files.sweep(target.parent)  # what a killed backup left (.NAME.PID.part, as files.atomic_write)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        copy_pages(source, tmp, synced=False)  # flushed below, before the rename
        result = integrity(tmp, check)
        if result != "ok":
            raise InputRejected("backup.failed_check", path=target, detail=result)
        files.fsync_file(tmp)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    files.fsync_folder(target.parent)
    return target


def backup_to(store: Store, target: Path) -> Path:
    """Copy the open database to ``target`` atomically (temporary file, fsync, rename)."""
    return _copy(store.db.conn, Path(target))


def _open_source(db_path: Path) -> sqlite3.Connection:
    if not Path(db_path).is_file():
        raise InputRejected("backup.source_missing", path=db_path)
    return sqlite3.connect(Path(db_path), timeout=10)


def backup_file(db_path: Path, target: Path) -> Path:
    """Copy the database file at ``db_path`` (with its own connection, e.g. in a worker
    thread while the window keeps its own) to ``target``."""
    source = _open_source(db_path)
    try:
        return _copy(source, target)
    finally:
        source.close()


def installation_of(conn: sqlite3.Connection) -> tuple[str, str]:
    """(installation id, installation name) of a database; empty when it has none yet."""
    try:
        rows = dict(
            conn.execute(
                "SELECT key, value FROM meta WHERE key IN ('installation_id', 'installation_name')"
            ).fetchall()
        )
    except sqlite3.Error:
        return "", ""
    return rows.get("installation_id") or "", rows.get("installation_name") or ""


def backup_name(
    db_path: Path, reason: str, installation_id: str = "", installation_name: str = "",
    when: datetime | None = None,
) -> str:
    """The file name of an automatic backup: database, local time, installation, reason."""
    when = when or datetime.now()
    name = re.sub(r"^ntm desktop\s*[-–]\s*", "", text.clean(installation_name), flags=re.IGNORECASE)
    installation = "-".join(part for part in (text.slug(name, 24), text.slug(installation_id, 8)) if part)
    return (
        f"{text.slug(Path(db_path).stem) or 'ntm'}_{when.strftime('%Y%m%d-%H%M%S')}_{installation}"
        f"_{text.slug(reason) or 'auto'}{SUFFIX}"
    )


def parse_name(name: str) -> tuple[str, datetime, str, str] | None:
    """(database stem, local time, installation, reason) of an automatic backup's name."""
    found = _NAME.match(name)
    if not found:
        return None
    try:
        taken = datetime.strptime(found["date"] + found["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return found["stem"], taken, found["installation"], found["reason"]


def _unique(target: Path) -> Path:
    """Two backups in the same second for the same reason: number the second one."""
    if not target.exists():
        return target
    stem = target.name[: -len(SUFFIX)]
    for number in range(2, 1000):
        candidate = target.with_name(f"{stem}-{number}{SUFFIX}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(target)


def auto_target(db_path: Path, reason: str, conn: sqlite3.Connection | None = None) -> Path:
    """Where the next automatic backup of ``db_path`` for ``reason`` goes."""
    installation = installation_of(conn) if conn is not None else ("", "")
    return _unique(paths.backups_dir(db_path) / backup_name(db_path, reason, *installation))


def auto_backup(store: Store, reason: str) -> Path | None:
    """An automatic backup (before an import, a migration, daily) into the backups folder
    beside the database, then rotation; None for an in-memory database."""
    if store.path is None:
        return None
    target = _copy(store.db.conn, auto_target(Path(store.path), reason, store.db.conn), "quick_check")
    rotate(Path(store.path))
    return target


def auto_backup_file(db_path: Path, reason: str, protect: tuple[Path, ...] = ()) -> Path:
    """:func:`auto_backup` for a database given by its path (own connection); rotation
    spares ``protect`` (the backup about to be restored)."""
    source = _open_source(db_path)
    try:
        target = _copy(source, auto_target(db_path, reason, source), "quick_check")
    finally:
        source.close()
    rotate(db_path, protect=protect)
    return target


def keep_damaged(db_path: Path, protect: tuple[Path, ...] = ()) -> Path:
    """Keep a copy of a database SQLite cannot read (with its -wal file) beside the
    automatic backups, byte for byte, before it is replaced."""
    target = auto_target(db_path, "damaged")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db_path, target)
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}-wal")
    rotate(db_path, protect=protect)
    return target


def list_backups(db_path: Path) -> list[BackupFile]:
    """The automatic backups of the database at ``db_path``, newest first."""
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return []
    stem = text.slug(Path(db_path).stem) or "ntm"
    found = []
    for file in folder.iterdir():
        parsed = parse_name(file.name)
        if parsed and parsed[0] == stem and file.is_file():
            found.append(BackupFile(file, parsed[1], parsed[2], parsed[3]))
    return sorted(found, key=lambda b: (b.taken, _mtime(b.path), b.path.name), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def rotate(db_path: Path, keep: int = KEEP_RECENT, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep`` and the newest of each
    month, except those in ``protect``; returns the deleted files."""
    backups = list_backups(db_path)
    spared = {Path(p).resolve() for p in protect}
    kept = {b.path for b in backups[:keep]} | {b.path for b in backups if b.path.resolve() in spared}
    months: set[str] = set()
    for b in backups:  # newest first: the first seen of a month is its newest
        if b.month not in months:
            months.add(b.month)
            kept.add(b.path)
    removed = []
    for b in backups:
        if b.path in kept:
            continue
        for extra in (b.path, Path(f"{b.path}-wal"), Path(f"{b.path}-journal")):
            try:
                extra.unlink(missing_ok=True)
            except OSError:  # in use, read-only stick: try again next time
                continue
        removed.append(b.path)
    return removed


def daily_backup(db_path: Path, today: date | None = None) -> Path | None:
    """The daily backup, made on the first start of the day; None when today's exists."""
    today = today or date.today()
    if any(base_reason(b.reason) == "daily" and b.taken.date() == today for b in list_backups(db_path)):
        return None
    return auto_backup_file(db_path, "daily")


def base_reason(reason: str) -> str:
    """The reason without the number of a second backup made in the same second."""
    return re.sub(r"-\d+$", "", reason)


def reason_label(reason: str) -> str:
    """A backup's reason as a person reads it."""
    base = base_reason(reason)
    if base.startswith("before-schema"):
        base = "before-schema"
    elif base.startswith(("import", "before-import")):  # importers name it either way
        base = "before-import"
    key = f"backup.reason.{base}"
    return i18n.t(key) if key in i18n.MESSAGES else reason
