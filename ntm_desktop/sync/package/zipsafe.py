"""Checks of a package zip before anything in it is read (the style of xlsx_safety).

Refused: a missing or empty file, anything that is not a zip, a damaged or truncated
zip, absolute or ``..`` member paths, backslashes or odd characters in names, links,
encrypted or oddly compressed members, duplicate names, too many members, members or a
total beyond the size bounds, and compression ratios only a bomb has.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

from ntm_desktop.errors import InputRejected

MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 3_500_000_000  # FAT32 holds files below 4 GiB; nothing legitimate is larger
MAX_TOTAL_BYTES = 12_000_000_000
MAX_RATIO = 250  # CSV of real data compresses 5-20 times; deflate bombs reach ~1000
RATIO_FLOOR = 1_000_000  # ratios matter only for members above 1 MB
_NAME = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
_HEADS = {b"PK\x03\x04", b"PK\x05\x06"}
MAX_EXTRACT_VERSION = 63  # zipfile refuses (NotImplementedError) members that need a later version
# what reading a damaged member can raise: a bad CRC, broken deflate data (zlib.error), a
# truncated file, an encrypted member (RuntimeError), a method or version zipfile lacks
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)


def _unsafe(path: Path, detail: str) -> InputRejected:
    return InputRejected("pkg.unsafe", path=path, detail=detail)


def check_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"đường dẫn tuyệt đối / absolute path «{name}»"
    if "\\" in name:
        return f"dấu \\ trong tên / backslash in «{name}»"
    parts = name.rstrip("/").split("/")
    if any(part in ("..", ".") for part in parts):
        return f"đường dẫn «..» / «..» in «{name}»"
    if not _NAME.match(name.rstrip("/")):
        return f"tên phần không hợp lệ / invalid member name «{name[:80]}»"
    return None


def open_checked(path: Path) -> zipfile.ZipFile:
    """The package opened as a zip, after every structural check; refusals name the file."""
    path = Path(path)
    if not path.exists() or path.is_dir():
        raise InputRejected("pkg.missing", path=path)
    size = path.stat().st_size
    if size == 0:
        raise InputRejected("pkg.empty", path=path)
    with path.open("rb") as handle:
        head = handle.read(4)
    if head not in _HEADS:
        printable = all(32 <= b < 127 or b in (9, 10, 13) for b in head)
        detail = "tệp văn bản / a text file" if printable else "không phải tệp zip / not a zip file"
        raise InputRejected("pkg.not_package", path=path, detail=detail)
    try:
        archive = zipfile.ZipFile(path)
    except READ_ERRORS as exc:
        raise InputRejected("pkg.damaged", path=path, detail=short(exc)) from None
    try:
        _check_members(path, archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputRejected("pkg.too_big", path=path, detail=f"{len(members)} phần / members")
    seen: set[str] = set()
    total = 0
    for info in members:
        problem = check_name(info.filename)
        if problem:
            raise _unsafe(path, problem)
        if info.filename in seen:
            raise _unsafe(path, f"tên lặp / duplicate member «{info.filename}»")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if mode and stat.S_ISLNK(mode):
            raise _unsafe(path, f"liên kết / link «{info.filename}»")
        if info.flag_bits & 0x1:
            raise _unsafe(path, f"mã hóa / encrypted «{info.filename}»")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unsafe(path, f"kiểu nén lạ / unusual compression «{info.filename}»")
        if info.extract_version > MAX_EXTRACT_VERSION:
            raise _unsafe(path, f"phiên bản zip lạ / unusual zip version «{info.filename}»")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputRejected("pkg.too_big", path=path, detail=f"{info.filename}: {info.file_size} bytes")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputRejected("pkg.too_big", path=path,
                                detail=f"{info.filename}: {info.file_size}/{info.compress_size}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputRejected("pkg.too_big", path=path, detail=f"{total} bytes")


def short(exc: BaseException, limit: int = 200) -> str:
    """An exception in one short line for a refusal's detail (never kilobytes of a file's bytes)."""
    text = " ".join((str(exc) or type(exc).__name__).split())
    return text if len(text) <= limit else text[:limit] + "…"


def read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A small member's bytes, never more than ``limit`` (whatever its header claims)."""
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{name} larger than {limit} bytes")
    return data


class Hashing(io.RawIOBase):
    """A member's bytes as read, hashed (SHA-256), and at most ``limit`` of them (more
    raises ValueError): read through it, a member is checked against its manifest entry
    with the one pass that reads it (:meth:`matches`)."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        self.left -= len(data)
        if self.left < 0:
            raise ValueError("member longer than the manifest says")
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)

    def matches(self, sha256: str) -> bool:
        """Whether the bytes read so far are the whole member the manifest lists (its size
        and SHA-256)."""
        return self.left == 0 and self.digest.hexdigest() == sha256
