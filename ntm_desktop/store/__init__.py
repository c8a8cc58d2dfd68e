"""The store: open_database(), the database (database), the change log (audit, bulk),
backup, restore, the WAL checkpoint and SQLite's errors (sqlite_errors).

Open the program's database with :func:`open_database`: it is ``database.open_store`` with
the automatic backup as its ``before_migrate``, so that a database holding data is copied,
checked, before a migration touches it. ``open_store`` itself knows nothing of backups
(backup imports database: the callback keeps that from being a cycle).

backup (with shutil, which loads bz2, lzma, zlib) loads only when a migration is due: a
command on a database of the current schema never needs it, and it was 3.3 ms of every
``ntm`` start (python -X importtime, December 2026, minimum of 9 runs: backup 1.1 ms of its
own, shutil 2.2 ms; issue 22). There is no cycle to hide: backup imports database, and
database knows nothing of backup (the ``before_migrate`` callback).
"""

from __future__ import annotations

from pathlib import Path

from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store, open_store


def open_database(path: Path | str, *, create: bool = True, migrate: bool = True, check: bool = True) -> Store:
    """Open (create, migrate) the database at ``path`` as :func:`database.open_store` does,
    with a checked automatic backup (``before-schema-2-to-3``) before any migration of a
    database that already holds data; a backup that fails leaves the database unmigrated."""
    return open_store(path, create=create, migrate=migrate, check=check, before_migrate=_backup_first)


def _backup_first(store: Store, label: str) -> object:
    """The automatic backup before a migration (backup.auto_backup, whose copy passes
    integrity_check), then the database's contents checked as a backup to restore is
    (restore.check_contents: the schema, JSON, clock stamps, every row read): a database holding
    damage is refused before the migration writes to it, untouched (exit 3), rather than
    migrated and refused later by the command that meets the damage (a fuzzer find). Once per
    upgrade; on a 638 MB national database the copy and its check take most of the time."""
    from ntm_desktop.store import backup, restore  # 3.3 ms of every start otherwise (the module's docstring)

    made = backup.auto_backup(store, label)
    try:
        restore.check_contents(store.db.conn, Path(store.path or ":memory:"))
    except InputRejected as error:
        raise InputRejected("db.corrupt", path=store.path, detail=error.params.get("detail") or error.key) from None
    return made
