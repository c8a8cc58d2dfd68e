"""Writing files so that a pulled USB stick or a crash never leaves half a file."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

# what a failed write says about the medium: full (or a file over FAT32's 4 GiB), or gone
# (a stick pulled out mid-write: I/O errors, the device or folder no longer there)
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_GONE = frozenset({errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE, errno.ENOTDIR})


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows flushes with the file)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (POSIX; elsewhere assumed, and Windows refuses to delete a
    file another process holds open, which protects a write in progress the same way)."""
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files that a killed or crashed write left in ``folder``
    (``.NAME.PID.part`` of a process no longer running, and the ``-journal`` SQLite keeps
    beside one being written); returns those removed."""
    removed: list[Path] = []
    try:
        found = list(folder.glob(".*.part*"))
    except OSError:
        return removed
    for stale in found:
        stem, _, side = stale.name.rpartition(".part")
        if side not in ("", "-journal", "-wal", "-shm"):  # SQLite's files beside a database being copied
            continue
        pid = stem.rsplit(".", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        try:
            stale.unlink()
            removed.append(stale)
        except OSError:  # held open (Windows) or the stick is read-only: left for another time
            pass
    return removed


def atomic_write(out: Path | str, write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file beside ``out``, fsync it, then rename it into place.

    On any error the temporary file is removed and ``out`` is left as it was. The temporary
    file is hidden and carries the process id (``.NAME.PID.part``): one a killed run left
    behind is removed by the next write into the same folder (:func:`sweep`)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sweep(out.parent)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        write(tmp)
        fsync_file(tmp)
        tmp.replace(out)
        fsync_folder(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def fsync_file(path: Path) -> None:
    """Flush ``path``'s data to the disk. Through a handle open for writing: Windows refuses to
    flush one open for reading only (``os.fsync`` raises EBADF there)."""
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def write_problem(exc: OSError) -> str:
    """``full``, ``gone`` or ``other``: what a failed write on a stick most likely means,
    for a message that says what to do (another stick, or put it back and try again)."""
    if exc.errno in _FULL:
        return "full"
    if exc.errno in _GONE:
        return "gone"
    return "other"
