"""The rotating log file in the data folder, and telling known problems from bugs.

Unexpected errors are written to ``logs/ntm.log`` in the data folder (five older files
are kept). The file is opened for each record and closed again, so that no handle stays
open on a USB stick that may be pulled out, and rotation works on Windows.

A few failures are not bugs but problems of the machine that a person can fix: the
database is locked by another program, the file or the stick is read-only, the disk is
full, or the USB stick was pulled out. :func:`known_problem` tells them apart.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

from ntm_desktop import i18n, paths
from ntm_desktop.errors import NtmError
from ntm_desktop.store import sqlite_errors

_configured: Path | None = None

# Windows error codes (OSError.winerror) of the known problems
_WIN_NOT_READY = {21, 55, 1167}  # device not ready, no longer available, not connected
_WIN_DISK_FULL = {39, 112}
_WIN_LOCKED = {32, 33}  # sharing violation, lock violation
_WIN_READ_ONLY = {5, 19}  # access denied, write protected

KNOWN_PROBLEMS = ("usb_removed", "locked", "read_only", "disk_full")

MAX_BYTES = 1_000_000  # the log file's size before it is rotated
BACKUPS = 5  # older files kept
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _rotating(path: Path) -> logging.Handler:
    """A rotating file handler that closes the file after every record."""
    # logging.handlers (with socket and pickle) only with the first record: 6-9 ms of the window's
    # start with -X importtime (issue 22, December 2026), and most starts log nothing
    from logging.handlers import RotatingFileHandler

    class ClosingHandler(RotatingFileHandler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                super().emit(record)
            finally:
                self.close_stream()

        def close_stream(self) -> None:
            if self.stream is not None:
                try:
                    self.stream.close()
                except OSError:
                    pass
                self.stream = None

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
            # the data folder is gone (stick pulled) or full: never let logging raise or spam
            self.close_stream()

    return ClosingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)


class _LogFile(logging.Handler):
    """The log file: the rotating handler (:func:`_rotating`) is made when the first record comes,
    in the same place and with the same format as if it had been made at :func:`setup`."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            self.file = _rotating(self.path)
            self.file.setFormatter(self.formatter)
        self.file.emit(record)  # under this handler's lock (logging.Handler.handle)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def setup() -> Path:
    """Send the ``ntm`` loggers to the rotating log file; returns its path."""
    global _configured
    path = paths.log_path()
    if _configured == path:
        return path
    logger = logging.getLogger("ntm")
    logger.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _LogFile(path)
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    logger.addHandler(handler)
    _configured = path
    return path


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _gone(path: Path | None) -> bool:
    """The database's folder (or the file) has disappeared."""
    if path is None:
        return False
    try:
        return not Path(path).parent.is_dir() or not Path(path).exists()
    except OSError:
        return True


def known_problem(exc: BaseException, db_path: Path | None = None) -> str | None:
    """Which known problem ``exc`` is (one of KNOWN_PROBLEMS), or None for a bug."""
    chain = _chain(exc)
    io_error = any(isinstance(e, OSError | sqlite3.Error) for e in chain) or any(
        isinstance(e, NtmError) and e.key in ("db.cannot_open", "db.locked") for e in chain
    )
    if io_error and _gone(db_path):
        return "usb_removed"
    for e in chain:
        if isinstance(e, NtmError) and e.key == "db.locked":
            return "locked"
        failed = sqlite_errors.kind(e)
        if failed is sqlite_errors.Kind.LOCKED:
            return "locked"
        if failed is sqlite_errors.Kind.FULL:
            return "disk_full"
        if failed is sqlite_errors.Kind.READONLY:
            return "read_only"
        if failed is sqlite_errors.Kind.IO and _gone(db_path):
            return "usb_removed"
        if isinstance(e, OSError):
            winerror = getattr(e, "winerror", None)
            if e.errno == errno.ENOSPC or winerror in _WIN_DISK_FULL:
                return "disk_full"
            if e.errno == errno.EROFS or winerror in _WIN_READ_ONLY or isinstance(e, PermissionError):
                return "read_only"
            if winerror in _WIN_LOCKED:
                return "locked"
            if e.errno in (errno.ENODEV, errno.ENXIO) or winerror in _WIN_NOT_READY:
                return "usb_removed"
    return None


def problem_message(kind: str | None, db_path: Path | None = None) -> str:
    """The short message for a known problem (``None``: a bug)."""
    folder = Path(db_path).parent if db_path is not None else paths.data_dir()
    return i18n.t(f"problem.{kind or 'bug'}", folder=folder)
