"""Running long core work off the main thread, with progress and cancel; start-up work after
the window's first paint, in the background."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# QtCore.Qt, and dialogs the first paint does not show, named where used: ui/scorecard/roles.py
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ntm_desktop.i18n import t
from ntm_desktop.store.bulk import pause_gc, resume_gc

# Python's cyclic garbage collector runs in whichever thread happens to allocate. Run in
# a worker, it may finalise Qt widgets left by the main thread (a closed dialog, an old
# window) and crash the process. While background work runs the collector is paused
# (ntm_desktop.store.bulk keeps the one count the core's bulk work shares); plain reference
# counting still frees everything not in a cycle, and the collector resumes when the
# last pause ends.


log = logging.getLogger("ntm.window")
LATEST_FIRST_PAINT_MS = 2000  # a window not painted by then (a minimised start) does its deferred work all the same

# The job gets (progress(done, total), cancelled()) and returns a result.
Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Runner(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, cancel_flag: threading.Event) -> None:
        super().__init__()
        self.job = job
        self.cancel_flag = cancel_flag

    def run(self) -> None:
        try:
            result = self.job(lambda done, total: self.progressed.emit(done, total), self.cancel_flag.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread to report
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class Task(QObject):
    """Runs ``job`` in a QThread; shows a progress dialog after a short delay."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, label: str, job: Job) -> None:
        super().__init__(parent)
        self.cancel_flag = threading.Event()
        self.thread = QThread()
        self.runner = _Runner(job, self.cancel_flag)
        self.runner.moveToThread(self.thread)
        self.thread.started.connect(self.runner.run)
        self.dialog = QtWidgets.QProgressDialog(label, t("qt.cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(label.rstrip("…. "))  # else the bare application name
        self.dialog.setMinimumDuration(400)
        self.dialog.canceled.connect(self.cancel_flag.set)
        self.runner.progressed.connect(self._progress)
        self.runner.finished.connect(self._finish)
        self.runner.failed.connect(self._fail)

    def start(self) -> None:
        pause_gc()
        self.thread.start()

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        resume_gc()
        self.dialog.reset()
        self.dialog.close()

    def _finish(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

    def _fail(self, exc: object) -> None:
        self._stop()
        self.error.emit(exc)


class Background(QObject):
    """One function run in a Python thread of its own, for start-up work the window must not wait
    for and nobody needs to watch (the daily backup, the damage check): no dialog, no progress.
    ``finished`` hands its result, or the exception it raised, to the main thread (a queued
    signal); the collector is paused while it runs, as for :class:`Task`."""

    finished = Signal(object)

    def start(self, job: Callable[[], object], name: str, *, daemon: bool = False) -> threading.Thread:
        """Run ``job`` in a thread called ``name``; a ``daemon`` thread never keeps the program
        from ending (a read waiting on another program's lock), a plain one is joined (a backup)."""

        def run() -> None:
            try:
                try:
                    result = job()
                except Exception as exc:  # noqa: BLE001 - handed to the main thread, which reports it
                    if not isinstance(exc, Cancelled):
                        log.warning("%s failed", name, exc_info=exc)
                    result = exc
                self.finished.emit(result)
            except RuntimeError:  # the receiver is gone: the program is ending
                pass
            finally:
                resume_gc()

        thread = threading.Thread(target=run, name=name, daemon=daemon)
        pause_gc()  # no cyclic collection in this thread: it could finalise Qt widgets
        thread.start()
        return thread


class Cancelled(Exception):
    """The background read was cancelled before or while it ran."""


class ReadJob(Background):
    """Background reading of a database file through a read-only connection of its own, opened,
    used and closed in the job's thread (a SQLite connection must not cross threads).
    :meth:`cancel` stops it from the main thread with ``sqlite3_interrupt``, the one call SQLite
    allows from another thread: the read ends with :class:`Cancelled` within milliseconds. A
    wait for another program's lock is not interrupted (SQLite's busy handler sleeps on): it
    ends after ``busy_ms``."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()  # the connection is never interrupted while it is closed
        self._conn: sqlite3.Connection | None = None
        self._cancelled = threading.Event()
        self.thread: threading.Thread | None = None

    def read(self, path: Path, read: Callable[[sqlite3.Connection], object], *, busy_ms: int,
             name: str) -> threading.Thread:
        def job() -> object:
            conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True,
                                   timeout=busy_ms / 1000, isolation_level=None)
            with self._lock:
                if self._cancelled.is_set():
                    conn.close()
                    raise Cancelled
                self._conn = conn
            try:
                return read(conn)
            except sqlite3.OperationalError:
                if self._cancelled.is_set():  # "interrupted"
                    raise Cancelled from None
                raise
            finally:
                with self._lock:
                    self._conn = None
                    conn.close()

        self.thread = self.start(job, name, daemon=True)
        return self.thread

    def cancel(self, wait_s: float = 2.0) -> None:
        """Interrupt the read and wait up to ``wait_s`` for its thread to end. An interrupt only
        stops the statement running at that moment (between two statements it is lost), so it is
        repeated every 10 ms until the thread has ended."""
        self._cancelled.set()
        deadline = time.monotonic() + wait_s
        while self.thread is not None and self.thread.is_alive():
            with self._lock:
                if self._conn is not None:
                    self._conn.interrupt()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.thread.join(timeout=min(0.01, remaining))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class FirstPaint(QObject):
    """Runs ``then`` once, on the turn of the event loop after the window's first paint, or
    ``LATEST_FIRST_PAINT_MS`` after it was shown if it has not painted by then: the work the
    first paint need not wait for (a zero timer set at show() fires before the paint)."""

    def __init__(self, window: QObject, then: Callable[[], object]) -> None:
        super().__init__(window)
        self.window, self.then, self.done = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(LATEST_FIRST_PAINT_MS, self, self.run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self.done and obj is self.window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self.run)
        return False

    def run(self) -> None:
        if not self.done:
            self.done = True
            self.window.removeEventFilter(self)
            self.then()
