"""At start the window paints first and checks the database for damage just after
(store.database.damage), in a thread with its own connection (issue 22); a damaged database is
refused as it was at opening, exit 3."""

from __future__ import annotations

import random
import sqlite3
import threading

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from ntm_desktop import i18n, units  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui import app as appmod  # noqa: E402


def _database(path):
    store = open_store(path)
    appmod.prepare(store)
    appmod.save_home(store, "province:62", "district:612")
    with store.transaction():  # history pages at the end of the file, which opening does not read
        for n in range(3000):
            units.audit.record(store, units.audit.new_batch(), entity="unit", entity_uuid=f"filler-{n}",
                               nkey=f"filler|{n}", old=None, new={"note": "x" * 200})
    store.close()
    return path


def _damage(path):
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    start = (pages * 9 // 10) * page
    data[start:] = random.Random(7).randbytes(len(data) - start)
    path.write_bytes(bytes(data))


@pytest.fixture
def controller(tmp_path, qtbot, monkeypatch):
    shown: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: shown.append(a[2])))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctl = appmod.Controller(QApplication.instance(), settings)
    monkeypatch.setattr(ctl.app, "exit", lambda code=0: exits.append(code))
    yield ctl, shown, exits
    for thread in ctl.daily_threads:
        thread.join()
    ctl.close()


def test_a_sound_database_opens_at_once_and_is_checked_after_the_paint(controller, tmp_path, qtbot):
    ctl, shown, exits = controller
    db = _database(tmp_path / "ok.sqlite3")
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    assert ctl.window.isVisible() and ctl.daily_threads == []  # nothing checked or copied yet
    qtbot.waitUntil(lambda: ctl.daily_threads != [], timeout=5000)  # checked: the daily backup starts
    assert shown == [] and exits == [] and ctl.store is not None


def test_a_damaged_database_is_refused_just_after_the_first_paint(controller, tmp_path, qtbot):
    ctl, shown, exits = controller
    db = _database(tmp_path / "bad.sqlite3")
    _damage(db)
    with pytest.raises(Exception):  # noqa: B017 - the check open_store makes by default
        open_store(db).close()
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(lambda: exits != [], timeout=5000)
    assert exits == [3] and len(shown) == 1 and "bad.sqlite3" in shown[0]
    assert ctl.store is None and ctl.daily_threads == []  # no backup of a damaged file


def test_opening_another_database_checks_before_leaving_the_current_one(controller, tmp_path, qtbot):
    ctl, shown, exits = controller
    good = _database(tmp_path / "good.sqlite3")
    assert ctl.open(good)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(lambda: ctl.daily_threads != [], timeout=5000)
    bad = _database(tmp_path / "other.sqlite3")
    _damage(bad)
    assert not ctl.open(bad)
    assert len(shown) == 1 and "other.sqlite3" in shown[0]
    assert ctl.store is not None and str(ctl.store.path) == str(good) and exits == []


def test_damage_met_while_preparing_is_refused_not_a_crash(controller, tmp_path, qtbot):
    ctl, shown, exits = controller
    db = _database(tmp_path / "deep.sqlite3")
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    start = 80 * page  # past what opening reads, into what preparing reads (criteria sets, units)
    data[start:] = random.Random(5).randbytes(len(data) - start)
    db.write_bytes(bytes(data))
    assert not ctl.open(db)
    assert len(shown) == 1 and "deep.sqlite3" in shown[0] and ctl.store is None


def test_a_database_locked_by_another_program_is_reported_as_locked_not_as_damage(controller, tmp_path, qtbot):
    ctl, shown, exits = controller
    db = _database(tmp_path / "held.sqlite3")
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    conn = ctl.store.db.conn
    # a rollback journal, as where WAL cannot work (a network folder): there a writer's lock
    # stops readers; the window's wait shortened from 10 s so that the check meets the lock
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # the write lock, held while the check runs
    try:
        qtbot.waitUntil(lambda: exits != [], timeout=5000)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert exits == [3] and len(shown) == 1 and "held.sqlite3" in shown[0]
    assert shown[0] == i18n.t("db.locked", path=db)
    assert ctl.store is None and ctl.daily_threads == []


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_the_check_runs_in_its_own_thread_with_its_own_connection(controller, tmp_path, qtbot, monkeypatch):
    """Issue 22: the window's thread never runs the check (a 64 MB file froze it 0.29 s)."""
    ctl, shown, exits = controller
    real = appmod.database.damage
    seen = []

    def damage(conn, path, **how):
        seen.append((threading.current_thread(), conn))
        return real(conn, path, **how)

    monkeypatch.setattr(appmod.database, "damage", damage)
    db = _database(tmp_path / "ok.sqlite3")
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(lambda: ctl.daily_threads != [], timeout=5000)
    (thread, conn), = seen
    assert thread is not threading.main_thread() and conn is not ctl.store.db.conn
    with pytest.raises(sqlite3.ProgrammingError):  # closed by its thread when the check ended
        conn.execute("SELECT 1")
    assert shown == [] and exits == [] and ctl.check is None


def test_closing_while_the_check_runs_interrupts_it(controller, tmp_path, qtbot, monkeypatch):
    ctl, shown, exits = controller
    started = threading.Event()

    def endless(conn, path, **how):  # a read that only an interrupt ends, as a long quick_check
        started.set()
        return conn.execute(ENDLESS).fetchone()

    monkeypatch.setattr(appmod.database, "damage", endless)
    db = _database(tmp_path / "ok.sqlite3")
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(started.is_set, timeout=5000)
    check = ctl.check
    ctl.window.close()
    ctl.close()  # as the program's end does (aboutToQuit)
    assert check is not None and not check.thread.is_alive() and ctl.check is None
    qtbot.wait(50)  # the cancelled check's result, queued to this thread, is dropped
    assert shown == [] and exits == [] and ctl.store is None and ctl.daily_threads == []


def test_a_check_of_a_database_left_meanwhile_is_dropped(controller, tmp_path, qtbot, monkeypatch):
    """Another database opened while the first one's check runs (checked at opening, as ever):
    the first check is cancelled, and its verdict never refuses the database now shown."""
    ctl, shown, exits = controller
    release, started = threading.Event(), threading.Event()
    real = appmod.database.damage

    def damage(conn, path, **how):
        if path.name != "first.sqlite3":  # the second database's check at opening is the real one
            return real(conn, path, **how)
        started.set()
        release.wait(5)
        return "damaged (a verdict that comes too late)"

    monkeypatch.setattr(appmod.database, "damage", damage)
    first = _database(tmp_path / "first.sqlite3")
    assert ctl.open(first)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(started.is_set, timeout=5000)
    check = ctl.check
    second = _database(tmp_path / "second.sqlite3")
    release.set()
    assert ctl.open(second)
    qtbot.addWidget(ctl.window)
    assert check is not None and check.cancelled
    check.thread.join(5)
    qtbot.wait(50)
    assert shown == [] and exits == [] and str(ctl.store.path) == str(second)


@pytest.mark.parametrize("crashed", [False, True])
def test_after_an_unclean_shutdown_the_check_reads_the_whole_file(controller, tmp_path, qtbot, monkeypatch, crashed):
    """A log with content left beside the file (a writer killed before its checkpoint) makes the
    check after the first paint the thorough one (integrity_check), as open_store's would be."""
    from pathlib import Path

    from ntm_desktop.store import database

    ctl, shown, exits = controller
    db = _database(tmp_path / "crashed.sqlite3")
    if crashed:
        writer = sqlite3.connect(db)
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO meta (key, value) VALUES ('crash', 'x')")
        writer.commit()
        wal = Path(f"{db}-wal")
        left = wal.read_bytes()
        writer.close()  # checkpoints and removes its log: put the log back as a crash leaves it
        wal.write_bytes(left)
        assert database.unclean(db)
    calls: list[bool] = []
    real = database.check
    monkeypatch.setattr(database, "check", lambda conn, path, *, thorough=False: calls.append(thorough)
                        or real(conn, path, thorough=thorough))
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    qtbot.waitUntil(lambda: ctl.daily_threads != [], timeout=5000)  # checked, sound: the daily backup starts
    assert calls == [crashed] and shown == [] and exits == []
