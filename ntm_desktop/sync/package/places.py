"""Where packages go: file names safe on FAT32 sticks, and the removable drives present.

Names carry the installation's name (without accents), the local date and time as
digits, and the kind: ``ntm_phong-nn-dak-ha-laptop-2_20261123-1405_thay-doi.ntmpkg``.
No time zone, no user name, no character FAT32 refuses.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime
from pathlib import Path

from ntm_desktop import text
from ntm_desktop.errors import UsageError
from ntm_desktop.sync.package import format as fmt

_FAT32_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 200




def default_name(installation_name: str, full: bool, package_id: str, when: datetime | None = None) -> str:
    """``ntm_<installation>_<local date-time>_<kind>_<id>.ntmpkg`` (the id part keeps two
    packages made in the same second apart)."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    kind = "day-du" if full else "thay-doi"
    return f"ntm_{text.slug(installation_name) or 'ntm'}_{stamp}_{kind}_{package_id[:6]}{fmt.EXTENSION}"


def check_name(name: str) -> None:
    """UsageError when a file name would not be accepted on a FAT32 stick."""
    problem = None
    if not name or len(name) > MAX_NAME:
        problem = f"dài quá {MAX_NAME} ký tự / longer than {MAX_NAME} characters"
    elif _FAT32_BAD.search(name):
        problem = 'có ký tự < > : " / \\ | ? * / holds < > : " / \\ | ? *'
    elif name.endswith((" ", ".")):
        problem = "kết thúc bằng dấu cách hoặc dấu chấm / ends with a space or a dot"
    elif name.split(".")[0].upper() in _RESERVED:
        problem = "tên dành riêng của Windows / a reserved Windows name"
    if problem:
        raise UsageError("pkgexp.bad_name", name=name, detail=problem)


def target(out: Path, installation_name: str, full: bool, package_id: str) -> Path:
    """The file to write: ``out`` itself, or a default name inside ``out`` if it is a folder."""
    out = Path(out)
    if out.is_dir():
        out = out / default_name(installation_name, full, package_id)
    check_name(out.name)
    return out


def removable_drives() -> list[Path]:
    """Mounted removable drives, where the platform lets us tell (else an empty list)."""
    if sys.platform.startswith("win"):
        return _windows_drives()
    roots: list[Path] = []
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    candidates = [Path("/media") / user, Path("/run/media") / user, Path("/media"), Path("/Volumes")]
    mounts = _mount_points()
    for base in candidates:
        try:
            children = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for child in children:
            if child == Path("/Volumes/Macintosh HD") or child in roots:
                continue
            if base == Path("/media") and user and child.name == user:
                continue
            if mounts and str(child) not in mounts and base != Path("/Volumes"):
                continue
            if os.access(child, os.W_OK):
                roots.append(child)
    return roots


def _mount_points() -> set[str]:
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    return {line.split()[1].replace("\\040", " ") for line in lines if len(line.split()) > 1}


def _windows_drives() -> list[Path]:
    import ctypes
    import string

    drives = []
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    for index, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << index):
            root = f"{letter}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 2:  # DRIVE_REMOVABLE
                drives.append(Path(root))
    return drives
