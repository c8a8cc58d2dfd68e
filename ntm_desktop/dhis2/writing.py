"""The data file and the metadata file written together: both or neither (CONTRACT §1: exit 3
means nothing was written).

Every file is first written in full to a temporary file beside its destination (the
``.NAME.PID.part`` of :func:`ntm_desktop.files.atomic_write`, which :func:`ntm_desktop.files.sweep`
removes when a killed run left one); only when all are written are they renamed into place. A
failure before the renames leaves no file and removes the folders it made; a rename that fails
after another succeeded removes the file already renamed.
"""

from __future__ import annotations

import os
from pathlib import Path

from ntm_desktop import files


class WriteFailed(Exception):
    """Writing ``path`` failed with ``error``; nothing was left under any of the names."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.error = error


def _make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; those made, outermost first."""
    missing: list[Path] = []
    here = folder
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    folder.mkdir(parents=True, exist_ok=True)
    return missing[::-1]


def _write_temporary(path: Path, content: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with tmp.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_all(contents: list[tuple[Path, bytes]]) -> None:
    """Write each ``(path, content)``, all or none; WriteFailed names the file that failed."""
    made: list[Path] = []
    temporary: list[Path] = []
    renamed: list[Path] = []
    current = contents[0][0] if contents else Path()
    try:
        for current, content in contents:
            made += _make_folder(current.parent)
            files.sweep(current.parent)
            temporary.append(_write_temporary(current, content))
        for tmp, (current, _content) in zip(temporary, contents, strict=True):
            tmp.replace(current)
            renamed.append(current)
        for folder in dict.fromkeys(path.parent for path in renamed):
            files.fsync_folder(folder)
    except BaseException as error:
        for leftover in [*temporary, *renamed]:
            leftover.unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:  # holds something another program put there meanwhile: left alone
                pass
        if isinstance(error, OSError):
            raise WriteFailed(current, error) from error
        raise
