"""Opening Excel files that may be broken or hostile, with errors a person can act on.

openpyxl reads through defusedxml when it is installed (it is a dependency), which
refuses XML bombs and external entities. Before openpyxl sees a file we check that it
is a zip holding a workbook, with bounded member count and uncompressed size.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from ntm_desktop.errors import InputRejected

MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 1_000_000_000  # 1 GB of XML is far beyond any real district table
MAX_RATIO = 200  # compression ratio beyond which a member is treated as a bomb


def check_zip(path: Path) -> None:
    """Refuse anything that is not a sane .xlsx zip, before openpyxl parses it."""
    if not path.exists():
        raise InputRejected("xlsx.missing", path=path)
    if path.stat().st_size == 0:
        raise InputRejected("xlsx.empty", path=path)
    with path.open("rb") as handle:
        head = handle.read(4)
    if head != b"PK\x03\x04":
        kind = "CSV/văn bản" if all(32 <= b < 127 or b in (9, 10, 13) for b in head) else "không phải zip"
        raise InputRejected("xlsx.not_xlsx", path=path, detail=kind)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputRejected("xlsx.bomb", path=path, detail=f"{len(members)} members")
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / member.compress_size if member.compress_size else 0
                if ratio > MAX_RATIO and member.file_size > 10_000_000:
                    raise InputRejected("xlsx.bomb", path=path, detail=member.filename)
            if total > MAX_UNCOMPRESSED:
                raise InputRejected("xlsx.bomb", path=path, detail=f"{total} bytes")
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise InputRejected("xlsx.not_xlsx", path=path, detail="no xl/workbook.xml")
            bad = archive.testzip()
            if bad is not None:
                raise InputRejected("xlsx.truncated", path=path)
    except zipfile.BadZipFile:
        raise InputRejected("xlsx.truncated", path=path) from None
    except (EOFError, OSError):
        raise InputRejected("xlsx.truncated", path=path) from None


def open_workbook(path: Path, *, read_only: bool = True, data_only: bool = True) -> Any:
    """openpyxl workbook, or InputRejected naming the file; never a traceback."""
    path = Path(path)
    check_zip(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only)
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on bad input
        raise refusal(path, exc) from None


def refusal(path: Path, exc: BaseException) -> InputRejected:
    """The refusal to give for an exception met while reading ``path``."""
    hostile = _hostile_cause(exc)
    if hostile:
        return InputRejected("xlsx.hostile", path=path, detail=hostile)
    return InputRejected("xlsx.not_xlsx", path=path, detail=f"{type(exc).__name__}: {exc}")


def _hostile_cause(exc: BaseException | None) -> str | None:
    """The name of a defusedxml refusal anywhere in the exception's chain."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return type(exc).__name__
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def pick_sheet(workbook: Any, path: Path, sheet: str | None) -> Any:
    if sheet is None:
        return workbook.worksheets[0]
    if sheet not in workbook.sheetnames:
        raise InputRejected("xlsx.no_sheet", path=path, sheet=sheet, sheets=", ".join(workbook.sheetnames))
    return workbook[sheet]
