"""The mark that a database passed its damage check (store/checked.py, issues 19 and 22): an
unchanged file, shut down cleanly, is not read whole again; any write, an unclean shutdown,
a missing or torn mark, another file on the same path or a newer program's checks make the
next open check again, and damage found there is refused (db.corrupt, exit 3)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from ntm_desktop.store import checked, database
from ntm_desktop.store.database import open_store
from tests.store.test_damage_checks import _refused, _sql
from tests.sync.test_support import make_store

HOUR_NS = 3600 * 10**9


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def db(tmp_path, data) -> Path:
    path = tmp_path / "ntm.sqlite3"
    make_store(path, "Kon Tum").close()
    return path


def _age(path: Path, ns: int = HOUR_NS) -> None:
    """Make the file look left alone for ``ns`` (its last write an hour ago)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns - ns, stat.st_mtime_ns - ns))


def _checks_run(path: Path, *, thorough: bool = False) -> tuple[str | None, list[str]]:
    """database.damage's answer on ``path`` and the page checks it ran (quick or integrity)."""
    conn = sqlite3.connect(path, isolation_level=None)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        problem = database.damage(conn, path, thorough=thorough)
    finally:
        conn.close()
    return problem, [s for s in statements if s.startswith(("PRAGMA quick_check", "PRAGMA integrity_check"))]


def _damage_units(path: Path) -> None:
    """A reference table whose text is not UTF-8: page checks pass, the value check does not."""
    _sql(path, "UPDATE units SET name = CAST(X'48C328' AS TEXT) WHERE id = (SELECT min(id) FROM units)")


def test_an_unchanged_file_is_checked_once(db, data):
    _age(db)
    assert _checks_run(db) == (None, ["PRAGMA quick_check(3)"])
    assert len(list((data / checked.FOLDER).glob("*.mark"))) == 1
    assert _checks_run(db) == (None, [])  # marked: nothing read
    before = db.stat()
    open_store(db, create=False).close()  # a read-only open leaves the file (and so its mark) as it was
    assert db.stat().st_mtime_ns == before.st_mtime_ns
    assert _checks_run(db) == (None, [])


def test_a_file_just_written_is_not_marked(db, data):
    """Its time may not tell a later write in the same tick apart (a racy mark)."""
    assert time.time_ns() - db.stat().st_mtime_ns < checked.RACY_S * 1e9
    for _ in range(2):
        assert _checks_run(db) == (None, ["PRAGMA quick_check(3)"])
    assert not (data / checked.FOLDER).exists() or not list((data / checked.FOLDER).iterdir())


def test_a_write_after_the_mark_is_checked_and_refused(db):
    _age(db)
    open_store(db, create=False).close()
    assert _checks_run(db)[1] == []
    _damage_units(db)
    assert "units" in _refused(db).message


@pytest.mark.skipif(os.name != "posix", reason="POSIX change time; Windows' st_ctime is the creation time")
def test_a_write_with_its_times_set_back_is_still_seen(db):
    """A tool that writes and puts the modification time back: the change time moved."""
    _age(db)
    open_store(db, create=False).close()
    marked = db.stat()
    time.sleep(0.02)  # past the kernel's clock tick, so the change time differs
    _damage_units(db)
    os.utime(db, ns=(marked.st_atime_ns, marked.st_mtime_ns))
    assert db.stat().st_mtime_ns == marked.st_mtime_ns and db.stat().st_size == marked.st_size
    assert "units" in _refused(db).message


def test_an_unclean_shutdown_is_checked_thoroughly_despite_the_mark(db):
    _age(db)
    open_store(db, create=False).close()
    Path(f"{db}-wal").write_bytes(b"\0" * 64)  # a log with content beside the file
    assert database.unclean(db)
    assert checked.fingerprint(db, "x") is None
    assert _checks_run(db) == (None, ["PRAGMA quick_check(3)"])
    assert _checks_run(db, thorough=True) == (None, ["PRAGMA integrity_check(3)"])


def test_another_file_copied_onto_the_path_with_its_times_is_checked(db, tmp_path):
    other = tmp_path / "other.sqlite3"
    shutil.copy(db, other)
    _damage_units(other)
    _age(db)
    open_store(db, create=False).close()
    assert _checks_run(db)[1] == []
    shutil.copy2(other, db)  # same size; the copy's times are the other file's
    assert "units" in _refused(db).message


def test_a_torn_or_foreign_mark_is_not_trusted(db, data, monkeypatch):
    _age(db)
    open_store(db, create=False).close()
    (mark,) = (data / checked.FOLDER).glob("*.mark")
    text = mark.read_text(encoding="utf-8")
    mark.write_text(text[: len(text) // 2], encoding="utf-8")
    assert _checks_run(db)[1] == ["PRAGMA quick_check(3)"]  # and marked again
    assert _checks_run(db)[1] == []
    monkeypatch.setattr(database, "CHECKS", database.CHECKS + 1)  # a program that looks for more
    assert _checks_run(db)[1] == ["PRAGMA quick_check(3)"]


def test_damage_found_removes_the_mark(db, data):
    _age(db)
    open_store(db, create=False).close()
    _damage_units(db)
    _age(db)  # left alone since: still not the marked state
    _refused(db)
    assert not list((data / checked.FOLDER).glob("*.mark"))


def test_a_data_folder_that_cannot_be_written_means_checking_every_time(db, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("NTM_DATA_DIR", str(blocker))
    _age(db)
    for _ in range(2):
        assert _checks_run(db) == (None, ["PRAGMA quick_check(3)"])
    open_store(db, create=False).close()


def test_the_store_tells_whether_it_was_opened_after_an_unclean_shutdown(db):
    """The window opens without the check (check=False) and makes it after its first paint; the
    store remembers what lay beside the file at opening, so that check can be the thorough one."""
    _age(db)
    store = open_store(db, create=False, check=False)
    assert store.opened_unclean is False
    store.close()
    Path(f"{db}-wal").write_bytes(b"\0" * 64)  # a log with content beside the file
    store = open_store(db, create=False, check=False)
    try:
        assert store.opened_unclean is True
    finally:
        store.close()


def test_a_reference_to_a_missing_row_is_damage(db):
    """A flipped bit in a reference table's key (an indicator's set id: the long fuzz run's seed
    81) passes SQLite's page checks; the check at opening finds the missing row and refuses the
    file untouched, instead of a command failing later on a lookup."""
    _sql(db, "UPDATE indicators SET set_id = -126 WHERE rowid = (SELECT min(rowid) FROM indicators)")
    refused = _refused(db)  # and the file is as it was (_refused compares its digest)
    assert "indicators" in refused.message and "criteria_sets" in refused.message
