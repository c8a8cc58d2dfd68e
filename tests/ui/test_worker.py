"""ui/worker.py's start-up helpers (issue 22): work run once after a window's first paint, a job in a
thread of its own with the collector paused, and a read-only database read that the window's
thread can interrupt."""

from __future__ import annotations

import gc
import sqlite3
import threading

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from ui import worker  # noqa: E402

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def test_first_paint_runs_its_work_once_after_the_first_paint(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    events: list[str] = []

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    paints = Paints(label)
    label.installEventFilter(paints)
    worker.FirstPaint(label, lambda: events.append("work"))
    label.show()
    assert "work" not in events  # never before the paint (a zero timer set at show() would be)
    qtbot.waitUntil(lambda: "work" in events, timeout=5000)
    assert events.index("work") > events.index("paint")
    label.update()
    label.repaint()
    qtbot.wait(50)
    assert events.count("work") == 1


def test_first_paint_does_the_work_anyway_when_the_window_does_not_paint(qtbot, monkeypatch):
    monkeypatch.setattr(worker, "LATEST_FIRST_PAINT_MS", 30)
    label = QLabel("never shown")
    qtbot.addWidget(label)
    done = []
    worker.FirstPaint(label, lambda: done.append(True))
    qtbot.waitUntil(lambda: done == [True], timeout=5000)


def test_background_hands_over_the_result_or_the_exception_and_resumes_the_collector(qtbot):
    job = worker.Background()
    results: list[object] = []
    job.finished.connect(results.append)
    enabled = gc.isenabled()
    seen = []

    def work() -> int:
        seen.append((threading.current_thread() is not threading.main_thread(), gc.isenabled()))
        return 42

    job.start(work, "test-background").join(5)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert seen == [(True, False)] and gc.isenabled() == enabled  # paused while it ran, then as before

    def fail() -> None:
        raise ValueError("no")

    job.start(fail, "test-background").join(5)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert isinstance(results[1], ValueError) and gc.isenabled() == enabled


def test_read_job_reads_through_its_own_read_only_connection(qtbot, tmp_path):
    db = tmp_path / "ü ở#?.sqlite3"  # characters a file URI must escape
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (7)")
    conn.commit()
    job = worker.ReadJob()
    results: list[object] = []
    job.finished.connect(results.append)

    def read(own: sqlite3.Connection) -> object:
        try:
            own.execute("INSERT INTO t VALUES (8)")
        except sqlite3.OperationalError as exc:  # read-only
            refused = str(exc)
        return own.execute("SELECT x FROM t").fetchall(), own is not conn, refused

    job.read(db, read, busy_ms=100, name="test-read").join(5)
    qtbot.waitUntil(lambda: results != [], timeout=5000)
    rows, other, refused = results[0]
    assert rows == [(7,)] and other and "readonly" in refused.replace(" ", "")
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    conn.close()


def test_a_cancelled_read_job_ends_at_once_with_cancelled(qtbot, tmp_path):
    db = tmp_path / "big.sqlite3"
    sqlite3.connect(db).close()
    job = worker.ReadJob()
    results: list[object] = []
    job.finished.connect(results.append)
    started = threading.Event()

    def endless(own: sqlite3.Connection) -> object:
        started.set()
        return own.execute(ENDLESS).fetchone()

    job.read(db, endless, busy_ms=100, name="test-endless")
    assert started.wait(5)
    job.cancel(wait_s=5)
    assert job.cancelled and not job.thread.is_alive()
    qtbot.waitUntil(lambda: results != [], timeout=5000)
    assert isinstance(results[0], worker.Cancelled)
    early = worker.ReadJob()  # cancelled before its thread opened the file: it never reads
    early.cancel()
    calls = []
    early.finished.connect(results.append)
    early.read(db, calls.append, busy_ms=100, name="test-early").join(5)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert calls == [] and isinstance(results[1], worker.Cancelled)
