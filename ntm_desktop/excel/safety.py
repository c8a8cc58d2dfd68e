"""Opening Excel files that may be broken or hostile, with errors a person can act on.

openpyxl reads through defusedxml when it is installed (it is a dependency), which
refuses XML bombs and external entities. Before openpyxl sees a file we check that it
is a zip holding a workbook, with bounded member count and uncompressed size.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, Protocol

from ntm_desktop.errors import InputRejected

MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 1_000_000_000  # 1 GB of XML is far beyond any real district table
MAX_RATIO = 200  # compression ratio beyond which a member is treated as a bomb
MAX_DETAIL = 200  # characters of an error's own words in a refusal (never kilobytes of the file)
# what a damaged zip raises while read: a bad CRC or truncation (BadZipFile, EOFError),
# broken deflate data (zlib.error), an encrypted member (RuntimeError), a compression
# method or zip version zipfile lacks (NotImplementedError), odd header values (ValueError)
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


class MemberWatch(Protocol):
    """What :func:`check_zip` shows the members' bytes to as it reads each one whole, so that a
    screen of the parts needs no second decompression (rows._Screen: whether calamine may read
    the file)."""

    def begin(self, member: zipfile.ZipInfo) -> bool:
        """Whether to be given this member's bytes."""

    def chunk(self, data: bytes) -> None:
        """The member's next bytes (up to 1 MiB)."""

    def end(self) -> None:
        """The member read whole, its CRC checked."""


def check_zip(path: Path, watch: MemberWatch | None = None) -> None:
    """Refuse anything that is not a sane .xlsx zip, before openpyxl parses it; ``watch`` sees
    every member's bytes in the same pass."""
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
            for member in members:
                if member.flag_bits & 0x1:
                    raise InputRejected("xlsx.not_xlsx", path=path,
                                        detail=f"mã hóa / encrypted: {member.filename[:80]}")
            declared = False
            for member in members:
                declared = _read_member(path, archive, member, watch) or declared
    except ZIP_ERRORS:
        raise InputRejected("xlsx.truncated", path=path) from None
    if declared:  # after the whole pass: a damaged or oversized member is refused first
        raise InputRejected("xlsx.hostile", path=path, detail="DTD or entity declaration")


EXCEL_ROWS = 1_048_576  # Excel's grid: rows 1..1048576, columns A..XFD
# a cell or row reference of seven digits or more (the only ones that can be past the grid);
# the literal start lets the regex engine skip from one 'r="' to the next
_BIG_REF = re.compile(rb'r="\$?[A-Z]{0,3}\$?(\d{7,})')


# what no part of a workbook holds, and defusedxml refuses: a DTD (with it, entity declarations)
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# the same in a part written in UTF-16 or UTF-32, either byte order: searched in the four
_WIDE_DECLARATION = re.compile(b"|".join(
    re.escape(word.encode(codec)) for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
))
XML_PARTS = (".xml", ".rels", ".vml")


def wide(head: bytes) -> bool:
    """Whether a part starting with ``head`` is written in UTF-16 or UTF-32 (a byte order mark,
    or a NUL byte in its first 64: ASCII's bytes for its markup are not there)."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]


def _read_member(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, watch: MemberWatch | None) -> bool:
    """Read a member whole, as ``testzip`` does (a bad CRC raises at its end); in a worksheet,
    refuse a row number past Excel's grid, which openpyxl and the readers would otherwise
    try to reach row by row (a hang, then the memory filled). ``watch`` is shown its bytes.
    Whether the member, an XML part, declares a DTD or an entity (in any encoding: openpyxl's
    lxml reads the workbook's other parts without refusing one, so every reader of workbooks
    refuses it here)."""
    sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
    shown = watch if watch is not None and watch.begin(member) else None
    search = _DECLARATION if member.filename.lower().endswith(XML_PARTS) else None
    declared = False
    tail = last = b""
    with archive.open(member) as handle:
        while chunk := handle.read(1 << 20):
            if shown is not None:
                shown.chunk(chunk)
            if search is not None and not declared:
                if not last and wide(chunk):
                    search = _WIDE_DECLARATION
                window = last + chunk
                # `in` first: 20× a regex; "!" first: one byte search, rare in a UTF-8 part
                declared = (b"!" in window and b"<!" in window or search is _WIDE_DECLARATION) and bool(
                    search.search(window))
                last = window[-64:]
            if sheet:
                for found in _BIG_REF.finditer(tail + chunk):
                    if len(found[1]) > 7 or int(found[1]) > EXCEL_ROWS:
                        raise InputRejected("xlsx.bomb", path=path,
                                            detail=f"{member.filename}: dòng / row {found[1][:20].decode()}")
                tail = chunk[-24:]
    if shown is not None:
        shown.end()
    return declared


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _column_number(letters: bytes) -> int:
    out = 0
    for ch in letters:
        out = out * 26 + ch - 64
    return out


def check_full_load(path: Path, *, max_bytes: int, max_merged_cells: int, key: str = "xlsx.bomb") -> None:
    """Refuse (``key``) a workbook too large to load whole (``read_only=False``): more than
    ``max_bytes`` unpacked, or merged ranges covering more than ``max_merged_cells`` cells
    (openpyxl makes an object for every cell a range covers: one range of a million cells
    would fill the memory). Call after :func:`check_zip`."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > max_bytes:
                raise InputRejected(key, path=path, detail=f"{total} bytes")
            for member in members:
                if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                    continue
                covered, tail = 0, b""
                with archive.open(member) as handle:
                    while chunk := handle.read(1 << 20):
                        data, last_end = tail + chunk, 0
                        for found in _MERGE.finditer(data):
                            rows = abs(int(found[4]) - int(found[2])) + 1
                            cols = abs(_column_number(found[3]) - _column_number(found[1])) + 1
                            covered += rows * cols
                            last_end = found.end()
                        if covered > max_merged_cells:
                            raise InputRejected(key, path=path, detail=f"{covered} merged cells")
                        tail = data[max(last_end, len(data) - 120):]
    except ZIP_ERRORS:
        raise InputRejected("xlsx.truncated", path=path) from None


def open_workbook(path: Path, *, read_only: bool = True, data_only: bool = True, max_bytes: int | None = None,
                  max_merged_cells: int | None = None) -> Any:
    """openpyxl workbook, or InputRejected naming the file; never a traceback. A workbook
    loaded whole (``read_only=False``) may be bounded first (:func:`check_full_load`)."""
    path = Path(path)
    check_zip(path)
    if max_bytes is not None and max_merged_cells is not None:
        check_full_load(path, max_bytes=max_bytes, max_merged_cells=max_merged_cells)
    import openpyxl  # 130-150 ms of CPU at import: only where a workbook is opened (rows.py reads without)

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
    words = " ".join(str(exc).split())
    if len(words) > MAX_DETAIL:
        words = words[:MAX_DETAIL] + "…"
    return InputRejected("xlsx.not_xlsx", path=path, detail=f"{type(exc).__name__}: {words}")


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
