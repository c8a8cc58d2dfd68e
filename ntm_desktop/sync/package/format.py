"""The package format: names, the manifest, and reading/writing CSV members in the zip.

A package (``.ntmpkg``) is a zip a person can open with ordinary tools:
``manifest.json`` (what, who, when, a SHA-256 of every member), ``manifest.sig`` (the
origin's Ed25519 signature of manifest.json's bytes), ``README.txt`` and UTF-8 CSV
members under ``records/`` and ``history/``. docs/package-format.md describes it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

FORMAT = "ntm-package"
FORMAT_VERSION = 1
EXTENSION = ".ntmpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
README = "README.txt"
TOMBSTONES = "records/tombstones.csv"
TOMBSTONE_COLUMNS = ("entity", "nkey", "hlc", "seen", "base", "at", "by")
HISTORY = "history/changes.csv"
HISTORY_COLUMNS = ("uuid", "batch", "at", "user", "installation", "hlc", "entity", "entity_uuid", "nkey",
                   "op", "old", "new", "source", "label")
KINDS = ("full", "changes")
COMPRESS_LEVEL = 3  # members of millions of rows: fast deflate; CSV still shrinks 5-10 times

README_TEXT = """Gói dữ liệu NTM Desktop / NTM Desktop data package
=====================================================

Tệp này là một tệp zip. manifest.json cho biết gói do máy nào tạo, lúc nào, phạm vi
nào, và mã SHA-256 của từng phần; manifest.sig là chữ ký Ed25519 của máy tạo gói.
Các bảng dữ liệu là tệp CSV (UTF-8) trong thư mục records/ và history/, mở được bằng
trình soạn thảo văn bản hoặc bảng tính. Không sửa các tệp này: gói đã sửa sẽ bị từ chối.
Mô tả đầy đủ: docs/package-format.md của chương trình.

This file is a zip. manifest.json says which installation made the package, when, for
what scope, and the SHA-256 of every member; manifest.sig is the maker's Ed25519
signature. The data are UTF-8 CSV files under records/ and history/, readable with a
text editor or a spreadsheet. Do not edit them: an edited package is refused.
Full description: docs/package-format.md of the program.
"""


class _Sink:
    """A text sink for csv.writer: UTF-8 into a zip member, hashed and counted on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0
        self.parts: list[str] = []
        self.pending = 0

    def write(self, chunk: str) -> int:
        self.parts.append(chunk)
        self.pending += len(chunk)
        if self.pending > 1 << 18:
            self.flush()
        return len(chunk)

    def flush(self) -> None:
        if not self.parts:
            return
        data = "".join(self.parts).encode("utf-8")
        self.parts, self.pending = [], 0
        self.sha.update(data)
        self.size += len(data)
        self.raw.write(data)


class MemberWriter:
    """Writes one CSV member (header first); ``close()`` returns its manifest entry."""

    def __init__(self, archive: zipfile.ZipFile, name: str, columns: tuple[str, ...], entity: str | None) -> None:
        self.name = name
        self.entity = entity
        info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        # the level's attribute is private up to Python 3.12, public from 3.13
        setattr(info, "compress_level" if hasattr(zipfile.ZipInfo, "compress_level") else "_compresslevel",
                COMPRESS_LEVEL)
        self.raw = archive.open(info, "w", force_zip64=True)
        self.sink = _Sink(self.raw)
        self.writer = csv.writer(self.sink, lineterminator="\n")
        self.writer.writerow(columns)
        self.rows = 0

    def write(self, row: list[Any] | tuple[Any, ...]) -> None:
        self.writer.writerow(row)
        self.rows += 1

    def write_many(self, rows: list[list[Any]]) -> None:
        self.writer.writerows(rows)
        self.rows += len(rows)

    def __enter__(self) -> MemberWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        """On an error (a damaged row read from the database, a full stick) the member is
        closed as it is, so that the zip can close and the error that happened is the one
        told (zipfile refuses to close with a member still open, and that would hide it)."""
        if kind is not None:
            try:
                self.raw.close()
            except (OSError, ValueError, zipfile.BadZipFile):
                pass

    def close(self) -> dict[str, Any]:
        self.sink.flush()
        self.raw.close()
        entry: dict[str, Any] = {"sha256": self.sink.sha.hexdigest(), "size": self.sink.size, "rows": self.rows}
        if self.entity:
            entry["entity"] = self.entity
        return entry


def write_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> dict[str, Any]:
    archive.writestr(name, data)
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def read_rows(archive: zipfile.ZipFile, name: str,
              through: Callable[[IO[bytes]], IO[bytes]] | None = None) -> Iterator[list[str]]:
    """The data rows of a CSV member (its header checked by the caller through ``header``);
    ``through`` wraps the member's byte stream (a check of what is read)."""
    with archive.open(name) as raw:
        stream = io.TextIOWrapper(raw if through is None else through(raw), encoding="utf-8", newline="")
        reader = csv.reader(stream)
        next(reader, None)
        yield from reader


def header(archive: zipfile.ZipFile, name: str) -> list[str]:
    with archive.open(name) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return next(csv.reader(stream), [])


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def none_if_empty(value: str) -> str | None:
    return value if value != "" else None


def cell(value: Any) -> Any:
    """How a value is written in a CSV cell: None as empty."""
    return "" if value is None else value
