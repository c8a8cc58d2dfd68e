"""The SQLite error classifier, on errors provoked on real files (no made-up messages)."""

from __future__ import annotations

import os
import sqlite3

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.store import sqlite_errors
from ntm_desktop.store.sqlite_errors import Kind


def _raised(action) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def _database(path, rows=2000):
    """A real database over many pages (about 140 kB), closed."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    conn.executemany("INSERT INTO t (text) VALUES (?)", [(f"row {i} " + "x" * 50,) for i in range(rows)])
    conn.commit()
    conn.close()
    return path


def test_locked_by_a_second_connection(tmp_path):
    path = _database(tmp_path / "held.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        error = _raised(lambda: other.execute("SELECT count(*) FROM t").fetchone())
    finally:
        other.close()
        holder.close()
    assert error.sqlite_errorname == "SQLITE_BUSY"
    assert sqlite_errors.kind(error) is Kind.LOCKED and sqlite_errors.is_locked(error)
    refusal = sqlite_errors.refusal(error, path, "db.corrupt")
    assert isinstance(refusal, InputRejected) and refusal.key == "db.locked"


def test_a_file_of_garbage_is_not_a_database(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(os.urandom(8192))
    conn = sqlite3.connect(path)
    try:
        error = _raised(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    finally:
        conn.close()
    assert sqlite_errors.kind(error) is Kind.NOT_A_DATABASE
    assert Kind.NOT_A_DATABASE in sqlite_errors.DAMAGED
    refusal = sqlite_errors.refusal(error, path, "db.corrupt")
    assert refusal.key == "db.corrupt" and refusal.params["detail"] == str(error)


def test_a_truncated_database_is_corrupt(tmp_path):
    path = _database(tmp_path / "cut.sqlite3")
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    conn = sqlite3.connect(path)
    try:
        error = _raised(lambda: conn.execute("SELECT count(*), max(text) FROM t").fetchone())
    finally:
        conn.close()
    assert sqlite_errors.kind(error) is Kind.CORRUPT


def test_a_full_database(tmp_path):
    path = _database(tmp_path / "full.sqlite3", rows=10)
    conn = sqlite3.connect(path)
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        error = _raised(lambda: conn.execute("INSERT INTO t (text) VALUES (?)", ["y" * 100_000]))
    finally:
        conn.close()
    assert sqlite_errors.kind(error) is Kind.FULL


def test_a_read_only_database(tmp_path):
    path = _database(tmp_path / "ro.sqlite3", rows=10)
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        error = _raised(lambda: conn.execute("DELETE FROM t"))
    finally:
        conn.close()
    assert sqlite_errors.kind(error) is Kind.READONLY


def test_a_missing_folder_cannot_be_opened(tmp_path):
    error = _raised(lambda: sqlite3.connect(tmp_path / "no such folder" / "x.sqlite3"))
    assert sqlite_errors.kind(error) is Kind.CANNOT_OPEN


def test_a_bug_is_other_and_not_sqlite_is_none(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    try:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1)")
        error = _raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))
    finally:
        conn.close()
    assert isinstance(error, sqlite3.IntegrityError) and sqlite_errors.kind(error) is Kind.OTHER
    assert sqlite_errors.kind(OSError("disk")) is None and sqlite_errors.code(ValueError()) is None


def test_extended_codes_and_errors_made_in_python():
    """An extended code counts by its low 8 bits; an error made without a code (by a
    library or a test) by SQLite's fixed message for that code."""
    short_read = sqlite3.OperationalError("disk I/O error")
    short_read.sqlite_errorcode = 522  # SQLITE_IOERR_SHORT_READ
    assert sqlite_errors.code(short_read) == 10 and sqlite_errors.kind(short_read) is Kind.IO
    assert sqlite_errors.kind(sqlite3.OperationalError("database is locked")) is Kind.LOCKED
    assert sqlite_errors.kind(sqlite3.OperationalError("Database or disk is full")) is Kind.FULL
    assert sqlite_errors.kind(sqlite3.OperationalError("no such table: t")) is Kind.OTHER
