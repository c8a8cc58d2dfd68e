"""Unexpected errors: logged to the rotating file, shown with a short message; known
problems (locked, read-only, disk full, USB stick pulled out) told apart from bugs."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QtMsgType  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ntm_desktop import logs, paths, units  # noqa: E402
from ntm_desktop.errors import InputRejected  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.crash_dialog import CrashDialog, CrashReporter  # noqa: E402


def _raised(exc):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return caught


def test_known_problems_told_apart_from_bugs(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    db.write_bytes(b"")
    assert logs.known_problem(sqlite3.OperationalError("database is locked"), db) == "locked"
    assert logs.known_problem(InputRejected("db.locked", path=db), db) == "locked"
    assert logs.known_problem(sqlite3.OperationalError("database or disk is full"), db) == "disk_full"
    assert logs.known_problem(OSError(errno.ENOSPC, "No space left on device"), db) == "disk_full"
    assert logs.known_problem(sqlite3.OperationalError("attempt to write a readonly database"), db) == "read_only"
    assert logs.known_problem(OSError(errno.EROFS, "Read-only file system"), db) == "read_only"
    assert logs.known_problem(PermissionError(errno.EACCES, "Permission denied"), db) == "read_only"
    assert logs.known_problem(ZeroDivisionError("division by zero"), db) is None
    assert logs.known_problem(KeyError("x"), db) is None
    # the same I/O error once the stick is gone
    gone = tmp_path / "stick" / "data" / "ntm.sqlite3"
    assert logs.known_problem(sqlite3.OperationalError("disk I/O error"), gone) == "usb_removed"
    assert logs.known_problem(sqlite3.OperationalError("unable to open database file"), gone) == "usb_removed"
    # a wrapped cause counts
    wrapped = _raised(RuntimeError("saving failed"))
    wrapped.__cause__ = OSError(errno.ENOSPC, "full")
    assert logs.known_problem(wrapped, db) == "disk_full"
    # messages, Vietnamese first
    assert "USB" in logs.problem_message("usb_removed", gone)
    assert "đầy" in logs.problem_message("disk_full", db)
    assert "không mong muốn" in logs.problem_message(None, db)


def test_log_file_rotates_and_is_not_kept_open(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "log_path", lambda: tmp_path / "data" / "logs" / "ntm.log")
    monkeypatch.setattr(logs, "_configured", None)
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)  # read when the first record makes the file's handler
    path = logs.setup()
    logger = logging.getLogger("ntm.test")
    for i in range(60):
        logger.error("record %d %s", i, "x" * 60)
    assert path.exists() and (path.parent / "ntm.log.1").exists()
    assert len(list(path.parent.glob("ntm.log*"))) <= 6  # the file and five older ones
    assert "record 59" in path.read_text(encoding="utf-8")
    if sys.platform.startswith("linux"):
        held = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if _link(fd)]
        assert not [h for h in held if h.startswith(str(path.parent))]
    # the folder disappears (stick pulled): logging neither raises nor prints
    shutil.rmtree(tmp_path / "data")
    logger.error("after the stick was pulled")
    monkeypatch.setattr(logs, "_configured", None)


def _link(fd):
    try:
        os.readlink(f"/proc/self/fd/{fd}")
        return True
    except OSError:
        return False


@pytest.fixture
def reporter(tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(paths, "log_path", lambda: tmp_path / "logs" / "ntm.log")
    monkeypatch.setattr(logs, "_configured", None)
    state = {"db": tmp_path / "ntm.sqlite3", "window": None, "reopened": 0}
    rep = CrashReporter(
        lambda: (state["db"], state["window"]), lambda: state.__setitem__("reopened", state["reopened"] + 1)
    )
    rep.install()
    yield rep, state
    rep.uninstall()
    if rep.dialog is not None:
        rep.dialog.close()
    monkeypatch.setattr(logs, "_configured", None)


def test_unexpected_error_is_logged_and_shown(reporter, qtbot, tmp_path):
    rep, state = reporter
    state["db"].write_bytes(b"")
    try:
        {}["missing key"]
    except KeyError:
        sys.excepthook(*sys.exc_info())  # as PySide6 does for an exception in a slot
    dialog = rep.dialog
    assert isinstance(dialog, CrashDialog) and dialog.isVisible()
    assert dialog.kind is None
    assert "không mong muốn" in dialog.message.text()
    log_file = tmp_path / "logs" / "ntm.log"
    assert str(log_file) in dialog.log_label.text()
    logged = log_file.read_text(encoding="utf-8")
    assert "KeyError: 'missing key'" in logged and "Traceback" in logged
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "KeyError" in copied and "NTM Desktop" in copied and str(state["db"]) in copied
    assert dialog.reopen_button is None
    # a second error while the dialog is open is logged, not stacked
    sys.excepthook(ValueError, ValueError("second"), None)
    assert rep.dialog is dialog
    assert "ValueError: second" in log_file.read_text(encoding="utf-8")


def test_error_in_a_worker_thread_reaches_the_window(reporter, qtbot, tmp_path):
    import threading

    rep, state = reporter
    state["db"].write_bytes(b"")
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: rep.dialog is not None and rep.dialog.isVisible(), timeout=3000)
    assert "ZeroDivisionError" in rep.dialog.details


def test_pulled_usb_stick_is_a_known_problem(reporter, qtbot, tmp_path):
    """The database's folder disappears while it is open: the message says USB, and
    «open again» waits until the stick is back."""
    rep, state = reporter
    stick = tmp_path / "stick" / "data"
    store = open_store(stick / "ntm.sqlite3")
    units.load_reference(store)
    state["db"] = stick / "ntm.sqlite3"
    store.close()
    saved = stick.parent.with_name("saved")
    shutil.copytree(stick.parent, saved)
    shutil.rmtree(stick.parent)
    with pytest.raises(InputRejected) as caught:  # what the next action meets
        open_store(stick / "ntm.sqlite3", create=False)
    rep.report(caught.value)
    dialog = rep.dialog
    assert dialog.kind == "usb_removed"
    assert "USB" in dialog.message.text() and "Traceback" not in dialog.message.text()
    dialog.reopen_button.click()
    assert state["reopened"] == 0 and "USB" in dialog.status.text() and dialog.isVisible()
    shutil.copytree(saved, stick.parent)  # plugged back in
    dialog.reopen_button.click()
    assert state["reopened"] == 1 and not dialog.isVisible()


def test_disk_full_message(reporter, qtbot, tmp_path):
    rep, state = reporter
    state["db"].write_bytes(b"")
    rep.report(_raised(sqlite3.OperationalError("database or disk is full")))
    assert rep.dialog.kind == "disk_full" and "đầy" in rep.dialog.message.text()
    assert rep.dialog.windowTitle() == "Không thực hiện được"


def test_qt_warnings_go_to_the_log(reporter, tmp_path):
    logs.setup()
    CrashReporter.qt_message(QtMsgType.QtWarningMsg, None, "QPainter::begin: bad")
    CrashReporter.qt_message(QtMsgType.QtDebugMsg, None, "debug chatter")
    # the offscreen platform's word at every start, not a problem of the program (crash_dialog.QT_NOISE)
    CrashReporter.qt_message(QtMsgType.QtWarningMsg, None, "This plugin does not support propagateSizeHints()")
    logged = (tmp_path / "logs" / "ntm.log").read_text(encoding="utf-8")
    assert "WARNING ntm.qt: QPainter::begin: bad" in logged and "debug chatter" not in logged
    assert "propagateSizeHints" not in logged


@pytest.fixture
def controller(tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from ui import app as appmod

    stick = tmp_path / "stick" / "data"
    db = stick / "ntm.sqlite3"
    st = open_store(db)
    appmod.prepare(st)
    appmod.save_home(st, "province:62", "district:612")
    st.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctl = appmod.Controller(QApplication.instance(), settings)
    assert ctl.open(db)
    qtbot.addWidget(ctl.window)
    yield ctl, db
    ctl.close()


def test_wal_folded_into_the_database_file_after_writes(controller):
    """A .sqlite3 file copied (or carried) alone holds everything saved."""
    ctl, db = controller
    for thread in ctl.daily_threads:
        thread.join()
    from ntm_desktop.assessments import set_official
    from ntm_desktop.periods import Period

    set_official(ctl.store, units.resolve_commune(ctl.store, "Hà Mòn", "Đăk Hà"), Period(2020, "Y"), 2, True)
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0
    ctl.checkpoint()
    assert wal.stat().st_size == 0
    copy = db.with_name("alone.sqlite3")
    shutil.copyfile(db, copy)  # without its -wal
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM criterion_results WHERE official = 1").fetchone()[0] == 1
    finally:
        conn.close()


def test_vanished_database_is_reported_as_usb_removed(controller, qtbot, tmp_path, monkeypatch):
    ctl, db = controller
    for thread in ctl.daily_threads:
        thread.join()
    monkeypatch.setattr(paths, "log_path", lambda: tmp_path / "logs" / "ntm.log")
    monkeypatch.setattr(logs, "_configured", None)
    rep = CrashReporter(lambda: (db, ctl.window), ctl.reopen)
    ctl.reporter = rep
    saved = tmp_path / "saved"
    shutil.copytree(db.parent.parent, saved)
    ctl.checkpoint()
    assert rep.dialog is None  # all there: nothing to say
    shutil.rmtree(db.parent.parent)  # the stick is pulled out
    ctl.checkpoint()
    dialog = rep.dialog
    assert dialog is not None and dialog.kind == "usb_removed" and dialog.isVisible()
    assert "USB" in dialog.message.text()
    dialog.close()
    ctl.checkpoint()
    assert rep.dialog is dialog  # told once, not every 5 seconds
    shutil.copytree(saved, db.parent.parent)  # plugged back in
    old_window = ctl.window
    dialog.reopen()
    assert ctl.window is not old_window and Path(ctl.store.path) == db
    qtbot.addWidget(ctl.window)
    assert ctl.store.query("SELECT count(*) AS n FROM units WHERE level = 'commune'")[0]["n"] == 85
    monkeypatch.setattr(logs, "_configured", None)
