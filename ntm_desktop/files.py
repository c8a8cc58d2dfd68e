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


def atomic_write(out: Path | str, write: Callable[[Path], object]) -> Path:
    """Let ``write`` fill a temporary file beside ``out``, fsync it, then rename it into place.

    On any error the temporary file is removed and ``out`` is left as it was."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
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
