"""SQLite's errors, classified once, by their error code.

What the program does about a failed SQLite call depends on what failed: another program
holds the file (say so and let the person close it), the file is damaged or not a
database (refuse it, untouched), the disk is full or read-only, or the USB stick went away.
Matching the words of the message did that in five places, with five slightly different
word lists; the error code (``sqlite3.Error.sqlite_errorcode``, Python 3.11+) says it
once. Extended codes carry the primary code in their low 8 bits
(https://sqlite.org/rescode.html): ``SQLITE_IOERR_SHORT_READ`` (522) is an I/O error (10).

An error made in Python rather than by SQLite (by a library, or a test) has no code: its
code is then recovered from SQLite's fixed message for that code (``sqlite3_errstr``).
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

from ntm_desktop.errors import InputRejected

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any


class Kind(StrEnum):
    LOCKED = "locked"  # another connection holds the lock: SQLITE_BUSY (5), SQLITE_LOCKED (6)
    READONLY = "readonly"  # SQLITE_READONLY (8), SQLITE_PERM (3)
    IO = "io"  # SQLITE_IOERR (10): the device failed or went away
    CORRUPT = "corrupt"  # SQLITE_CORRUPT (11)
    FULL = "full"  # SQLITE_FULL (13): the disk, or max_page_count
    CANNOT_OPEN = "cannot_open"  # SQLITE_CANTOPEN (14): no such folder, no permission
    NOT_A_DATABASE = "not_a_database"  # SQLITE_NOTADB (26)
    OTHER = "other"  # a constraint, a syntax error, a misuse: a bug, not the machine


_BY_CODE = {
    3: Kind.READONLY,
    5: Kind.LOCKED,
    6: Kind.LOCKED,
    8: Kind.READONLY,
    10: Kind.IO,
    11: Kind.CORRUPT,
    13: Kind.FULL,
    14: Kind.CANNOT_OPEN,
    26: Kind.NOT_A_DATABASE,
}

# sqlite3_errstr() of the codes above (sqlite3.c, sqlite3ErrStr), for errors without a code
_BY_MESSAGE = {
    "access permission denied": 3,
    "database is locked": 5,
    "database table is locked": 6,
    "attempt to write a readonly database": 8,
    "disk i/o error": 10,
    "database disk image is malformed": 11,
    "database or disk is full": 13,
    "unable to open database file": 14,
    "file is not a database": 26,
    # not SQLite's but Python's, reading text stored with bytes that are not UTF-8 (a
    # flipped bit in a value): the file is damaged as surely as a page is (issue 19)
    "could not decode to utf-8": 11,
}

DAMAGED = frozenset({Kind.CORRUPT, Kind.NOT_A_DATABASE})


def code(exc: BaseException) -> int | None:
    """SQLite's primary result code for ``exc`` (None: not an SQLite error, or unknown)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    number = getattr(exc, "sqlite_errorcode", None)
    if isinstance(number, int) and number:
        return number & 0xFF
    message = str(exc).casefold().strip()
    for text, primary in _BY_MESSAGE.items():
        if message.startswith(text):
            return primary
    return None


def kind(exc: BaseException) -> Kind | None:
    """What failed, for an SQLite error (None for any other exception)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    return _BY_CODE.get(code(exc) or 0, Kind.OTHER)


def is_locked(exc: BaseException) -> bool:
    return kind(exc) is Kind.LOCKED


def refusal(exc: sqlite3.Error, path: Path | str, key: str) -> InputRejected:
    """The refusal for ``exc`` met on the database at ``path``: ``db.locked`` when another
    program holds it, else ``key`` with SQLite's own words as the detail."""
    if is_locked(exc):
        return InputRejected("db.locked", path=path)
    return InputRejected(key, path=path, detail=detail(exc))


def detail(exc: BaseException, limit: int = 200) -> str:
    """SQLite's words for a refusal, on one short line (Python's decoding error quotes the
    whole damaged value: never kilobytes of it in a message)."""
    words = " ".join(str(exc).split())
    return words if len(words) <= limit else words[:limit] + "…"


class StoredDamage(sqlite3.DatabaseError, ValueError):
    """Damage inside a value the database holds, on a page SQLite reads without complaint: a
    JSON state that does not parse, a version stamp that is not one (a flipped bit in a large
    table that the check at opening does not read whole). A DatabaseError, so that every
    command refuses it as damage (``db.corrupt``, exit 3) and the window as well; and a
    ValueError, so that the readers of packages, which check the same stamps with
    ``versions.parse``, still refuse a bad one as a bad row of the package."""


def stored_json(value: str | bytes | None) -> Any:
    """A JSON value the database holds (None for none), or StoredDamage when it does not parse."""
    if value is None or value == "":
        return None
    import json  # 1.8 ms that a command reading no stored JSON (``ntm summary``) spares (issue 22)

    try:
        return json.loads(value)
    except (ValueError, TypeError) as exc:  # JSONDecodeError, bytes that are not UTF-8
        raise StoredDamage(f"a stored JSON value does not parse ({' '.join(str(exc).split())[:80]})") from None
