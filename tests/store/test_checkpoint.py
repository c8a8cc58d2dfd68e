"""The idle WAL checkpoint on a real file: folded after writes, nothing done without them,
a database file that has gone reported, an open transaction left alone."""

from __future__ import annotations

import shutil
import sqlite3

from ntm_desktop.store import checkpoint as wal
from ntm_desktop.store.database import open_store


def wal_size(db):
    wal_file = db.with_name(db.name + "-wal")
    return wal_file.stat().st_size if wal_file.exists() else 0


def test_writes_are_folded_into_the_database_file(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    store = open_store(db)
    try:
        last = wal.checkpoint(store, -1).changes  # start from a clean file
        with store.transaction():
            store.set_meta("home_district", "Đăk Hà")
        assert wal_size(db) > 0
        result = wal.checkpoint(store, last)
        assert result.outcome is wal.Outcome.DONE and result.changes == wal.changes(store)
        assert wal_size(db) == 0
        copy = tmp_path / "alone.sqlite3"
        shutil.copyfile(db, copy)  # without its -wal
        conn = sqlite3.connect(copy)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'home_district'").fetchone()
        finally:
            conn.close()
        assert row[0] == "Đăk Hà"
        again = wal.checkpoint(store, result.changes)
        assert again.outcome is wal.Outcome.UNCHANGED and again.changes == result.changes
    finally:
        store.close()


def test_open_transaction_is_left_alone(tmp_path):
    store = open_store(tmp_path / "ntm.sqlite3")
    try:
        with store.transaction():
            store.set_meta("home_district", "x")
            result = wal.checkpoint(store, 0)
            assert result == wal.Result(wal.Outcome.BUSY, 0)
    finally:
        store.close()


def test_a_database_file_gone_is_reported_and_left_alone(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    db = folder / "ntm.sqlite3"
    store = open_store(db)
    try:
        with store.transaction():
            store.set_meta("home_district", "x")
        shutil.rmtree(folder)  # the stick is pulled out
        result = wal.checkpoint(store, 0)
        assert result == wal.Result(wal.Outcome.GONE, 0)
    finally:
        try:
            store.close()
        except sqlite3.Error:
            pass
