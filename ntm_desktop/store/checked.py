"""Remembering that a database passed its damage check, so that an unchanged file is not
read whole again at every command (issues 19 part 2 and 22: checks sized by measured cost).

Measured (December 2026, this project's 2-core machine, quiet): opening Kon Tum's 5.9 MB
database for ``ntm summary`` took 35 ms, of which ``PRAGMA quick_check`` 20 ms, building the
expected schema 10 ms (once per process) and reading the reference tables 1.3 ms; the whole
summary process 133 ms against a bare interpreter's 25 ms. A 64 MB file takes 0.2 s
(quick_check) or 0.5 s (integrity_check). Skipping that when the file is unchanged costs a
``stat``, the 100 bytes of SQLite's header and one small file read: well under a millisecond.

**The mark.** When :func:`database.damage` finds nothing, it writes a small text file in the
data folder (``checked/<CRC-32 of the path>.mark``) holding the file's fingerprint then: its
path, size, modification and change times (nanoseconds), device and inode, SQLite's 100-byte
header (the change counter, page count, schema cookie and version change with writes), and
the program's check generation (what ``damage`` looks for, the schema version). The next
check of the same path skips the work when the fingerprint is the same and nothing lies
beside the file. The mark is the fingerprint's sorted fields as Python writes them
(``repr``), compared as text: no JSON to import or parse at every command (issue 22, 1.8 ms).

**Never skipped:** after an unclean shutdown or while another connection has uncommitted
or uncheckpointed work (a ``-wal`` or ``-journal`` with content: :func:`unclean`; the open
then runs ``integrity_check``), when the mark is missing, unreadable or differs in any
field, and for a program whose checks or schema changed since the mark.

**Racy marks** (git's "racily clean" index entries): file times have a granularity (FAT
2 s, the kernel's clock tick on ext4, a few ms) and two writes within one tick leave the same
modification time. A mark is therefore only written for a file whose modification time is
at least ``RACY_S`` older than now: any later write gets a later time, and differs. A file
just written (by an import, or a test that damages it) is checked at each open until it has
been left alone that long; the first command after that marks it.

**What can slip past, and why that is acceptable.** Damage that changes none of those
fields: the medium decaying under an unchanged file (a bad sector, a flipped bit on a
stick), a tool that writes the file and then sets its times back (on Windows, where
``st_ctime`` is the creation time; on POSIX the change time moves anyway), a copy that
keeps the times onto the same path of the same volume and inode, or a network server whose
clock is far behind stamping two writes within one tick around our check. SQLite still finds
damaged pages when a command reads them, and the program refuses the file then (db.corrupt,
exit 3: ``cli.main``, ``ui.app``), as it always did for files over the 64 MiB bound; and
quick_check never saw a flipped bit inside a value anyway. Against that, every command on a
province database pays 30 ms less (a quarter of the CLI's start).

The mark is a cache: losing it costs one check, a mark that cannot be parsed is not
trusted, and a data folder that cannot be written (read-only media) means checking every
time, as before.
"""

from __future__ import annotations

import os
import time
from binascii import crc32  # built in: zlib's CRC-32, without loading zlib (0.6 ms)
from pathlib import Path

from ntm_desktop import files, paths

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

RACY_S = 3.0  # FAT's 2 s time granularity, and a margin
FOLDER = "checked"


def unclean(path: Path) -> bool:
    """Whether the last program to write ``path`` may have stopped without closing it: a
    write-ahead log or a rollback journal with content beside it (a clean close of the
    last connection folds the log in and empties it)."""
    for side in ("-wal", "-journal"):
        try:
            if Path(f"{path}{side}").stat().st_size > 0:
                return True
        except OSError:
            continue
    return False


def fingerprint(path: Path, generation: str) -> dict[str, Any] | None:
    """What identifies the file's present state (see the module's docstring), or None when
    no mark may be trusted for it now (:func:`unclean`, or it cannot be read)."""
    if unclean(path):
        return None
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            head = handle.read(100)
    except OSError:
        return None
    return {"path": os.path.abspath(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns, "dev": stat.st_dev, "ino": stat.st_ino, "header": head.hex(),
            "generation": generation}


def _mark_file(seen: dict[str, Any]) -> Path:
    where = str(seen["path"])
    return paths.data_dir() / FOLDER / f"{crc32(where.encode('utf-8', 'surrogatepass')):08x}.mark"


def _text(seen: dict[str, Any]) -> str:
    """The mark's text: the fingerprint's fields (text and integers) sorted, as ``repr`` writes them."""
    return repr(sorted(seen.items())) + "\n"


def passed(seen: dict[str, Any]) -> bool:
    """Whether the file was marked as checked in exactly the state ``seen``."""
    try:
        with open(_mark_file(seen), encoding="utf-8") as handle:
            mark = handle.read()
    except (OSError, ValueError):  # none, unreadable or not UTF-8: check
        return False
    return mark == _text(seen)  # a torn or foreign mark differs


def remember(seen: dict[str, Any]) -> bool:
    """Mark the file as checked in the state ``seen``, unless its last write is too recent
    for its time to tell a later one apart (``RACY_S``); whether a mark was written."""
    if time.time_ns() - int(seen["mtime_ns"]) < RACY_S * 1e9:
        return False
    text = _text(seen)
    try:
        files.atomic_write(_mark_file(seen), lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError:  # a read-only data folder: checked every time, as before
        return False
    return True


def forget(seen: dict[str, Any]) -> None:
    """Remove the file's mark (its check found damage)."""
    try:
        _mark_file(seen).unlink(missing_ok=True)
    except OSError:
        pass
