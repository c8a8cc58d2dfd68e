"""Writing files so that a pulled USB stick or a crash never leaves half a file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


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
    (``.NAME.PID.part`` of a process no longer running); returns those removed."""
    removed: list[Path] = []
    try:
        found = list(folder.glob(".*.part"))
    except OSError:
        return removed
    for stale in found:
        pid = stale.name[: -len(".part")].rsplit(".", 1)[-1]
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
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(out)
        fsync_folder(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
