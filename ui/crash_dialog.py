"""Unexpected errors in the window: written to the log file, then told to the person.

:class:`CrashReporter` installs ``sys.excepthook``, ``threading.excepthook`` and Qt's
message handler. An exception is logged with its traceback, then a short Vietnamese
message is shown (:class:`CrashDialog`) with the log's path and a "copy details" button.
Known problems of the machine (a locked or read-only database, a full disk, a USB stick
pulled out) get their own message saying what to do; anything else is a bug.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

# QtCore.Qt, QtWidgets.QStyle and QDialogButtonBox where the dialog uses them: the reporter is installed
# before the first paint, which they would cost 20-30 ms of enums (ui/scorecard/roles.py)
from PySide6 import QtCore, QtWidgets
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import __version__, i18n, logs, paths

log = logging.getLogger("ntm.window")

# Qt warnings that tell nothing about the program: the offscreen platform (tests, benchmarks, a
# server) says at every start that it cannot pass a window's size hints on, which the window does
# not need; logged, it wrote a line at each start and opened the log file before the first paint
# (issue 22: about 10 ms of CPU, logging.handlers included)
QT_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


def details_text(exc: BaseException, kind: str | None, db_path: Path | None) -> str:
    """What «copy details» copies: the program, the machine, the database, the traceback."""
    import platform  # when a crash is told, not at every start: 2.3 ms of CPU (issue 22, December 2026)

    lines = [
        f"NTM Desktop {__version__} — {datetime.now().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        f"frozen: {paths.is_frozen()}, portable: {paths.is_portable()}",
        f"data: {paths.data_dir()}",
        f"database: {db_path}",
        f"problem: {kind or 'bug'}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """A short message, the log file's path, «copy details», and for a pulled USB stick
    «open again»."""

    def __init__(
        self,
        exc: BaseException,
        db_path: Path | None,
        log_file: Path | None,
        parent: QWidget | None = None,
        reopen: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = logs.known_problem(exc, db_path)
        self.db_path = db_path
        self.details = details_text(exc, self.kind, db_path)
        self._reopen = reopen
        self.setWindowTitle(i18n.t("crash.title_known" if self.kind else "crash.title_bug"))
        self.setObjectName("crashDialog")
        icon = QLabel()
        pixmaps = QtWidgets.QStyle.StandardPixmap
        standard = pixmaps.SP_MessageBoxWarning if self.kind else pixmaps.SP_MessageBoxCritical
        icon.setPixmap(self.style().standardIcon(standard).pixmap(40, 40))
        self.message = QLabel(logs.problem_message(self.kind, db_path))
        self.message.setWordWrap(True)
        self.message.setObjectName("crashMessage")
        written = log_file is not None and log_file.exists()
        self.log_label = QLabel(i18n.t("crash.log", path=log_file) if written else i18n.t("crash.no_log"))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setStyleSheet("color: #555;")
        self.status = QLabel("")
        self.status.setStyleSheet("color: #1b5e20;")
        buttons = QtWidgets.QDialogButtonBox()
        close = buttons.addButton(i18n.t("crash.close"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(i18n.t("crash.copy"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.reopen_button: QPushButton | None = None
        if self.kind == "usb_removed" and reopen is not None:
            self.reopen_button = QPushButton(i18n.t("crash.reopen"))
            self.reopen_button.clicked.connect(self.reopen)
            buttons.addButton(self.reopen_button, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log_label)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(520, 220)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.status.setText(i18n.t("crash.copied"))

    def reopen(self) -> None:
        if self.db_path is not None and not self.db_path.exists():
            self.status.setText(i18n.t("crash.still_missing", path=self.db_path.parent))
            return
        self.accept()
        if self._reopen is not None:
            self._reopen()


class CrashReporter(QObject):
    """Logs every unexpected error and shows one dialog at a time.

    ``context()`` gives the database in use and the window to put the dialog on;
    ``reopen()`` opens the database again (after a USB stick was put back)."""

    reported = Signal(object)

    def __init__(
        self,
        context: Callable[[], tuple[Path | None, QWidget | None]],
        reopen: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.reopen = reopen
        self.dialog: CrashDialog | None = None
        self._previous: tuple[object, object, object] | None = None
        self.reported.connect(self.show)  # queued when emitted from another thread

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook, qInstallMessageHandler(self.qt_message))
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is None:
            return
        sys.excepthook, threading.excepthook, handler = self._previous  # type: ignore[assignment]
        qInstallMessageHandler(handler)  # type: ignore[arg-type]
        self._previous = None

    def excepthook(
        self, etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        self.report(value)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value)

    def report(self, exc: BaseException) -> None:
        """Log ``exc`` with its traceback, then show the dialog (on the main thread)."""
        logs.setup()
        db_path, _window = self.context()
        kind = logs.known_problem(exc, db_path)
        log.error("unexpected error (%s), database %s", kind or "bug", db_path, exc_info=exc)
        self.reported.emit(exc)

    def show(self, exc: BaseException) -> CrashDialog | None:
        if self.dialog is not None and self.dialog.isVisible():
            return None  # one at a time: the rest are in the log
        if QApplication.instance() is None:
            return None
        db_path, window = self.context()
        log_file = paths.log_path()
        self.dialog = CrashDialog(exc, db_path, log_file, window, self.reopen)
        self.dialog.open()
        return self.dialog

    @staticmethod
    def qt_message(mode: QtMsgType, _context: object, message: str) -> None:
        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or message in QT_NOISE:
            return
        level = logging.CRITICAL if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) else logging.WARNING
        logging.getLogger("ntm.qt").log(level, "%s", message)
