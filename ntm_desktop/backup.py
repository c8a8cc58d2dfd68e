"""Whole-database copies with SQLite's backup API, checked before they are trusted."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from . import i18n
from .errors import InputRejected
from .storage import Store

i18n.register(
    {
        "backup.failed_check": (
            "Bản sao lưu {path} không vượt qua kiểm tra toàn vẹn: {detail}",
            "The backup {path} failed its integrity check: {detail}",
        ),
        "backup.done": ("Đã sao lưu vào {path}.", "Backed up to {path}."),
    }
)


def integrity(path: Path) -> str:
    """``ok`` or SQLite's first complaint about the file."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def backup_to(store: Store, target: Path) -> Path:
    """Copy the open database to ``target`` atomically (temporary file, fsync, rename)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    dest = sqlite3.connect(tmp)
    try:
        store.db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    result = integrity(tmp)
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise InputRejected("backup.failed_check", path=target, detail=result)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(target)
    return target


def auto_backup(store: Store, reason: str) -> Path | None:
    """An automatic backup (before an import, a migration, daily) into the backups folder
    beside the database; None for an in-memory database. Rotation: issue 7."""
    if store.path is None:
        return None
    from . import clock, paths

    stamp = clock.now_iso().replace(":", "").replace("-", "")[:15]
    name = f"{Path(store.path).stem}-{stamp}-{reason}.sqlite3"
    return backup_to(store, paths.backups_dir(Path(store.path)) / name)
