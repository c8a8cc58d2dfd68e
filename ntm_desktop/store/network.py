"""Whether a database lies in a network folder (issue 19 part 5).

SQLite's write-ahead log needs shared memory between the processes that use a file, which
network file systems do not give: two machines using one database in WAL mode over a
share can corrupt it (https://sqlite.org/wal.html, "WAL does not work over a network
filesystem"). A database in a network folder is therefore opened in rollback-journal mode
(``journal_mode = DELETE``), which is slower but safe with the share's own locking, and
the program says so (``db.network_mode``).

Detection: on Windows a UNC path (``\\\\server\\share``) or a drive Windows reports as
remote (GetDriveTypeW = DRIVE_REMOTE); on Linux the file system type of the mount that
holds the folder (/proc/self/mounts). Elsewhere nothing is detected.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "ncpfs", "davfs", "fuse.sshfs", "fuse.davfs2",
    "fuse.gvfsd-fuse", "fuse.rclone", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre",
})
DRIVE_REMOTE = 4


def _unescape(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011 …"""
    return field.encode("latin-1").decode("unicode_escape") if "\\" in field else field


def mount_type(folder: Path, mounts: str) -> str | None:
    """The file system type of the mount (lines of /proc/mounts) that holds ``folder``."""
    best, kind = -1, None
    text = str(folder)
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, kind = len(point), parts[2]
    return kind


def is_network_folder(folder: Path) -> bool:
    """Whether ``folder`` is on a network share (see the module docstring)."""
    try:
        folder = Path(folder).resolve()
    except OSError:
        return False
    if sys.platform == "win32":
        text = str(folder)
        if text.startswith("\\\\"):
            return True
        drive = os.path.splitdrive(text)[0]
        if not drive:
            return False
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")) == DRIVE_REMOTE  # type: ignore[attr-defined]
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return mount_type(folder, mounts) in NETWORK_TYPES
