"""The store: open_database(), the database (database), the change log (audit, bulk),
backup, restore, the WAL checkpoint and SQLite's errors (sqlite_errors).

Open the program's database with :func:`open_database`: it is ``database.open_store`` with
the automatic backup as its ``before_migrate``, so that a database holding data is copied,
checked, before a migration touches it. ``open_store`` itself knows nothing of backups
(backup imports database: the callback keeps that from being a cycle).

Importing any module of store/ runs this file: backup loads with database, and with it
shutil (which loads bz2, lzma, zlib). The window imported them already; the CLI now pays
about 3 to 4 ms (python -X importtime, December 2026, medians of 15: the added modules'
own time 3.2 ms; ``import ntm_desktop.cli`` 52.6 -> 56.6 ms). Whole processes, 40 runs
alternated with warm bytecode: ``ntm --version`` 99.5 -> 101.7 ms, ``ntm summary``
101.8 -> 101.5 ms, within the runs' spread (about 10 ms between quartiles). The
function-level import that saved those milliseconds hid the storage <-> backup cycle.
"""

from __future__ import annotations

from pathlib import Path

from ntm_desktop.store import backup
from ntm_desktop.store.database import Store, open_store


def open_database(path: Path | str, *, create: bool = True, migrate: bool = True, check: bool = True) -> Store:
    """Open (create, migrate) the database at ``path`` as :func:`database.open_store` does,
    with a checked automatic backup (``before-schema-2-to-3``) before any migration of a
    database that already holds data; a backup that fails leaves the database unmigrated."""
    return open_store(path, create=create, migrate=migrate, check=check, before_migrate=backup.auto_backup)
