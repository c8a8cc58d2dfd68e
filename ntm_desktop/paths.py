"""Where things are: the program's own files (from source or frozen) and the user's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding db/, resources/ and main.py (PyInstaller's bundle when frozen)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def program_dir() -> Path:
    """The folder of the executable (frozen) or of main.py (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return app_root()


def db_dir() -> Path:
    return app_root() / "db"


def migrations_dir() -> Path:
    return db_dir() / "migrations"


def criteria_dir() -> Path:
    return db_dir() / "criteria"


def reference_dir() -> Path:
    return db_dir() / "reference"


def resources_dir() -> Path:
    return app_root() / "resources"


def is_portable() -> bool:
    return (program_dir() / "portable.ini").exists()


def data_dir() -> Path:
    """The user's data folder: $NTM_DATA_DIR, else ``data/`` beside the program in portable
    mode, else the per-user folder (platformdirs)."""
    override = os.environ.get("NTM_DATA_DIR")
    if override:
        return Path(override)
    if is_portable():
        return program_dir() / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir("NTM Desktop", appauthor=False))


def default_db_path() -> Path:
    """--db, else $NTM_DB, else portable data/, else the per-user data folder (CONTRACT §1)."""
    env = os.environ.get("NTM_DB")
    if env:
        return Path(env)
    return data_dir() / "ntm.sqlite3"


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def log_path() -> Path:
    return data_dir() / "logs" / "ntm.log"
