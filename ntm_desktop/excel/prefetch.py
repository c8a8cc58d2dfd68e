"""Work started in a thread of its own while the caller does something else (issue 22: the table
import reads its file while the database opens; the damage check's SQLite and the file's zlib and
python-calamine release the interpreter's lock for much of their time).

:class:`Prefetch` runs ``work(stop)`` in a (non-daemon) thread at once. :meth:`Prefetch.result`
waits for it and gives its value (once), or raises its exception in the caller's thread (the worker's
traceback kept); :meth:`Prefetch.close` (and leaving its ``with`` block) asks the work to stop
(``stop`` is set: the work looks at it between its steps and raises :class:`Stopped`) and waits
for the thread, so that none is left running when the caller fails, is interrupted (Ctrl-C) or
never needs the value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


class Stopped(Exception):
    """The work was asked to stop before it ended (its value is not wanted)."""


class Prefetch(Generic[T]):
    def __init__(self, work: Callable[[threading.Event], T], name: str = "ntm-prefetch") -> None:
        self._work = work
        self._stop = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work(self._stop)
        except BaseException as exc:  # noqa: BLE001 - kept for result(), raised in the caller's thread
            self._error = exc

    def result(self) -> T:
        """The work's value once it has ended, given once (not held after: a table's rows are
        megabytes); its exception raised here if it raised one."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        value, self._value = self._value, None
        return value  # type: ignore[return-value]  # set by _run when no error was

    def close(self) -> None:
        """Ask the work to stop and wait for its thread (the value, if any, is dropped)."""
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> Prefetch[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
