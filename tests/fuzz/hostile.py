"""Named hostile files, one per kind of damage the fuzzer found breaking a reader (issue 19),
built from the seeds so that they follow the formats as they change (test_corpus.py builds
and replays them; files the fuzzer saved are replayed from tests/fuzz/corpus/ beside them).

Each builder takes the harness (seed bytes, the package maker's signer) and returns the
mutated bytes; ``HOSTILE`` maps a name to (reader, builder).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.fuzz import mutate


def _first(harness, reader: str) -> bytes:  # noqa: ANN001 - a Harness
    return harness.seed_bytes[reader][0]


def _edit_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> list[tuple[zipfile.ZipInfo, bytes]]:
    return [(info, change(content) if info.filename == name else content) for info, content in mutate.members(data)]


def _signed(harness, name: str, change: Callable[[bytes], bytes]) -> bytes:  # noqa: ANN001
    out, _ = mutate.resign(_edit_member(_first(harness, "package"), name, change), harness.sign)
    return out


def _signed_manifest(harness, change: Callable[[dict], object]) -> bytes:  # noqa: ANN001
    """The seed package's manifest changed by ``change`` (which edits it in place, or returns
    the bytes to use), signed again by its maker."""
    from ntm_desktop.sync.package import format as fmt

    items = mutate.members(_first(harness, "package"))
    content = {info.filename: data for info, data in items}
    manifest = json.loads(content[fmt.MANIFEST])
    replaced = change(manifest)
    raw = replaced if isinstance(replaced, bytes) else fmt.manifest_bytes(manifest)
    content[fmt.MANIFEST] = raw
    content[fmt.SIGNATURE] = harness.sign(raw).encode("ascii")
    return mutate.rezip([(info, content[info.filename]) for info, _d in items])


def _zip_header(data: bytes, field_offset: int, value: int, width: str = "<H", central: bool = True) -> bytes:
    buf = bytearray(data)
    for spot in [m.start() for m in re.finditer(rb"PK\x01\x02" if central else rb"PK\x03\x04", data)]:
        struct.pack_into(width, buf, spot + field_offset, value)
    return bytes(buf)


def _flip_compressed(data: bytes) -> bytes:
    """A byte in the middle of the largest member's deflate data flipped (CRC stays wrong-free
    only by luck: zlib or the CRC check refuses it)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = max(archive.infolist(), key=lambda i: i.compress_size)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    at = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    buf = bytearray(data)
    buf[at] ^= 0x55
    return bytes(buf)


def _xlsx_sheet(data: bytes, change: Callable[[str], str], member: str = "xl/worksheets/sheet1.xml") -> bytes:
    return mutate.rezip(_edit_member(data, member, lambda b: change(b.decode("utf-8")).encode("utf-8")))


def _byte(data: bytes, at: int, value: int) -> bytes:
    return data[:at] + bytes([value]) + data[at + 1:]


def _sqlite(data: bytes, sql: list[str]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        path.write_bytes(data)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            for statement in sql:
                conn.execute(statement)
        finally:
            conn.close()
        return path.read_bytes()


def _cell(data: bytes, column: str, value: str) -> bytes:
    """The first data row's cell of ``column`` set to ``value`` (a CSV member)."""
    lines = data.decode("utf-8").split("\n")
    at = lines[0].split(",").index(column)
    cells = lines[1].split(",")
    cells[at] = value
    lines[1] = ",".join(cells)
    return "\n".join(lines).encode("utf-8")


def _twinning_bad_date(harness) -> bytes:  # noqa: ANN001
    """A signed package whose twinning starts on 30 February (the issue's example)."""
    members = mutate.members(_first(harness, "package"))
    twin = next(d for i, d in members if i.filename == "records/twinnings.csv").decode("utf-8").split("\n")[0]
    columns = twin.split(",")
    row = ["" for _ in columns]
    values = {"nkey": "twinning:x", "hlc": "1796536293017-00000-c9e2dac4-8ca4-4af7-8466-fd555b7603eb",
              "logged": "1", "uuid": "01a249e8-5699-7fc4-b44b-fc93dbff1acb", "at": "2026-12-06T05:51:33Z",
              "date_from": "2026-02-30"}
    for i, name in enumerate(columns):
        row[i] = values.get(name, "")
    return _signed(harness, "records/twinnings.csv", lambda b: b.rstrip(b"\n") + b"\n" + ",".join(row).encode() + b"\n")


HOSTILE: dict[str, tuple[str, Callable[..., bytes]]] = {
    # packages
    "package-deflate-damaged": ("package", lambda h: _flip_compressed(_first(h, "package"))),
    "package-encrypted-member": ("package", lambda h: _zip_header(_first(h, "package"), 8, 1)),
    "package-zip-version-99": ("package", lambda h: _zip_header(_first(h, "package"), 6, 99)),
    "package-method-lzma": ("package", lambda h: _zip_header(_first(h, "package"), 10, 14)),
    "package-bad-crc": ("package", lambda h: _zip_header(_first(h, "package"), 16, 0xDEADBEEF, "<I")),
    "package-manifest-deep": ("package", lambda h: _signed_manifest(
        h, lambda m: json.dumps({**m, "scope": "@"}).replace('"@"', "[" * 100_000 + "]" * 100_000).encode())),
    "package-manifest-infinity": ("package", lambda h: _signed_manifest(
        h, lambda m: json.dumps({**m, "schema": 1e999}).encode())),
    "package-manifest-rows-text": ("package", lambda h: _signed_manifest(
        h, lambda m: m["members"]["records/units.csv"].update(rows="many"))),
    "package-manifest-rows-null": ("package", lambda h: _signed_manifest(
        h, lambda m: m["members"]["history/changes.csv"].update(rows=None))),
    "package-manifest-bad-created": ("package", lambda h: _signed_manifest(
        h, lambda m: m.update(created_at="2026-13-45T99:00:00Z"))),
    "package-manifest-scope-deep": ("package", lambda h: _signed_manifest(
        h, lambda m: m.update(scope={"a": json.loads("[" * 12 + "]" * 12)}))),
    "package-csv-header-not-utf8": ("package", lambda h: _signed(
        h, "records/units.csv", lambda b: b"\xff\xfe" + b)),
    "package-csv-row-not-utf8": ("package", lambda h: _signed(
        h, "history/changes.csv", lambda b: b[:200] + b"\xc3\x28" + b[200:])),
    "package-csv-bad-stamp": ("package", lambda h: _signed(
        h, "records/units.csv", lambda b: re.sub(rb"\n([^,\n]*),\d{13}-", rb"\n\1,99999999999999-", b, count=1))),
    "package-twinning-bad-date": ("package", _twinning_bad_date),
    "package-seen-not-stamps": ("package", lambda h: _signed(
        h, "records/units.csv", lambda b: _cell(b, "seen", "x y"))),
    "package-key-of-5000-characters": ("package", lambda h: _signed(
        h, "records/units.csv", lambda b: _cell(b, "nkey", "commune:" + "9" * 5000))),
    # workbooks (criteria, template)
    "criteria-deflate-damaged": ("criteria", lambda h: _flip_compressed(_first(h, "criteria"))),
    "criteria-zip-version-99": ("criteria", lambda h: _zip_header(_first(h, "criteria"), 6, 99)),
    "criteria-encrypted-member": ("criteria", lambda h: _zip_header(_first(h, "criteria"), 8, 1)),
    "template-row-past-excel": ("template", lambda h: _xlsx_sheet(
        _first(h, "template"), lambda x: re.sub(r'<c r="([A-Z]+)\d+"', r'<c r="\g<1>1048577"', x, count=1))),
    "template-merge-million-cells": ("template", lambda h: _xlsx_sheet(
        _first(h, "template"), lambda x: x.replace("</sheetData>", '</sheetData><mergeCells count="1">'
                                                   '<mergeCell ref="A1:XFD9999"/></mergeCells>', 1))),
    "template-row-one-million": ("template", lambda h: _xlsx_sheet(
        _first(h, "template"), lambda x: x.replace("</sheetData>", '<row r="1000000"><c r="A1000000" t="inlineStr">'
                                                   "<is><t>2.1</t></is></c></row></sheetData>", 1),
        "xl/worksheets/sheet2.xml")),
    "template-commune-row-past-excel": ("template", lambda h: _xlsx_sheet(
        _first(h, "template"), lambda x: re.sub(r'<c r="E(\d+)"', r'<c r="E1048577"', x, count=1),
        "xl/worksheets/sheet2.xml")),
    # backups and databases
    "backup-table-renamed": ("backup", lambda h: _sqlite(
        _first(h, "backup"), ["PRAGMA legacy_alter_table = ON", 'ALTER TABLE "responsibilities" RENAME TO "x"'])),
    "backup-json-damaged": ("backup", lambda h: _sqlite(
        _first(h, "backup"), ["UPDATE criteria_sets SET bands = '[{\"label\": ' WHERE bands IS NOT NULL"])),
    "backup-bad-clock": ("backup", lambda h: _sqlite(
        _first(h, "backup"), ["UPDATE meta SET value = 'NaN' WHERE key = 'hlc_last'"])),
    "backup-not-utf8": ("backup", lambda h: _sqlite(
        _first(h, "backup"), ["UPDATE units SET name = CAST(X'41FF' AS TEXT) WHERE rowid = 3"])),
    "database-write-version-108": ("database", lambda h: _byte(_first(h, "database"), 18, 108)),
    "backup-page-size-3000": ("backup", lambda h: _byte(_first(h, "backup"), 16, 0x0B)),
    "database-migrations-renamed": ("database", lambda h: _sqlite(
        _first(h, "database"), ["ALTER TABLE _sqlite_migrations RENAME TO m"])),
    "database-column-dropped": ("database", lambda h: _sqlite(
        _first(h, "database"), ["ALTER TABLE unit_aliases DROP COLUMN alias"])),
}
