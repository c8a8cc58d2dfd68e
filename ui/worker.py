"""Running long core work off the main thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ntm_desktop.i18n import t
from ntm_desktop.store.bulk import pause_gc, resume_gc

# Python's cyclic garbage collector runs in whichever thread happens to allocate. Run in
# a worker, it may finalise Qt widgets left by the main thread (a closed dialog, an old
# window) and crash the process. While background work runs the collector is paused
# (ntm_desktop.store.bulk keeps the one count the core's bulk work shares); plain reference
# counting still frees everything not in a cycle, and the collector resumes when the
# last pause ends.


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
        self.dialog = QProgressDialog(label, t("qt.cancel"), 0, 0, parent)
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
