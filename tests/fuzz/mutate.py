"""Structure-aware mutations of the files the program reads (issue 19 part 7).

Random bytes alone rarely get past a zip's CRC or a package's signature, so most
mutations work inside the structure: a member of a zip is decompressed, edited as XML,
CSV or JSON (hostile cell references, numbers, dates, types, nesting, encodings) and
compressed again; the zip's own headers are edited (encrypted flag, compression method,
version, CRC, the central directory); a package's manifest is re-signed with its maker's
key so that what comes after the signature is reached; a database has its pages, text,
tables, columns and migration list damaged. Each mutator takes the valid seed's bytes and
a :class:`~tests.fuzz.draw.Draw` and returns the mutated bytes and a short label of what
it did (kept with a crash in the corpus).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.draw import Draw

# texts that have broken readers somewhere: references past Excel's grid, numbers past
# float, dates that do not exist, other encodings, controls, formulas, very long text
HOSTILE_TEXT = [
    "", " ", "\x00", "\ufeff", "\u202e", "A1048577", "XFD99999999", "ZZZZ1", "A0", "A-1", "1A", "$A$1",
    "1e999", "-1e999", "NaN", "nan", "inf", "-inf", "1e-999", "9" * 400, "-0", "0x10", "1_000", "١٢٣",
    "2020-13-45", "0000-00-00", "9999-12-31T99:99:99", "2026-02-30", "-2026-01-01", "20260101", "1/1/2020",
    "=1+1", "=SUM(A1:A1048577)", "#REF!", "x" * 5000, "Đạt", "Không", "có", "../../x", "TC1", "2.1",
]
HOSTILE_BYTES = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\xef\xbb\xbf", b"\x00\x00", b"\xf4\x90\x80\x80"]
HOSTILE_JSON: list[object] = [
    None, True, False, 0, -1, 1.5, 2**64, -(2**63) - 1, 10**400, 1e308, float("inf"), float("-inf"), float("nan"),
    "", "x" * 2000, [], {}, [None], {"": None}, "2026-02-30", "not a date", "2026-01-01T00:00:00Z", "0" * 64,
    "../../etc/passwd", {"sha256": "0" * 64, "size": -1}, {"sha256": "0" * 64, "size": 2**70},
]
CELL_REFS = ["A1048577", "XFD99999999", "A0", "XFE1", "AAAA1", "A4294967297", "a1", "1", "", "A-5", "B2:C3", "A1A"]
XML_NUMBERS = ["1e999", "-1e999", "NaN", "INF", "99999999999999999999999", "", "abc", "1.2.3", "-0", "2958466", "-1"]
CELL_TYPES = ["s", "n", "b", "d", "e", "str", "inlineStr", "x"]
SQLITE_PAGE = 4096


# -- zips ------------------------------------------------------------------------------
def members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def rezip(items: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for info, content in items:
            fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            fresh.compress_type = info.compress_type
            fresh.external_attr = info.external_attr
            archive.writestr(fresh, content)
    return out.getvalue()


def _bytes_edit(draw: Draw, content: bytes) -> tuple[bytes, str]:
    if not content:
        return draw.choice(HOSTILE_BYTES), "fill"
    at = draw.int(0, len(content) - 1)
    kind = draw.choice(("flip", "insert", "delete", "hostile", "truncate", "repeat"))
    if kind == "flip":
        return content[:at] + bytes([content[at] ^ (1 << draw.int(0, 7))]) + content[at + 1:], f"flip@{at}"
    if kind == "insert":
        return content[:at] + draw.bytes(1, 16) + content[at:], f"insert@{at}"
    if kind == "delete":
        return content[:at] + content[at + draw.int(1, 64):], f"delete@{at}"
    if kind == "hostile":
        return content[:at] + draw.choice(HOSTILE_BYTES) + content[at:], f"badutf8@{at}"
    if kind == "truncate":
        return content[:at], f"truncate@{at}"
    return content[:at] + content[at:at + 200] * draw.int(2, 50) + content[at:], f"repeat@{at}"


def _xml_edit(draw: Draw, text: str) -> tuple[str, str]:
    kind = draw.choice(("ref", "number", "type", "string", "dimension", "merge", "nest", "dtd", "attr", "row"))
    if kind == "ref" and ' r="' in text:
        spots = [m.start(1) for m in re.finditer(r' r="([^"]*)"', text)]
        at = draw.choice(spots)
        end = text.index('"', at)
        return text[:at] + draw.choice(CELL_REFS) + text[end:], f"xml-ref@{at}"
    if kind == "row" and "<row " in text:
        spots = [m.start(1) for m in re.finditer(r'<row r="(\d+)"', text)]
        if spots:
            at = draw.choice(spots)
            end = text.index('"', at)
            return text[:at] + draw.choice(["0", "1048577", "99999999999", "-3", "x", "2"]) + text[end:], "xml-row"
    if kind == "number" and "<v>" in text:
        spots = [m.start(1) for m in re.finditer(r"<v>([^<]*)</v>", text)]
        at = draw.choice(spots)
        end = text.index("<", at)
        return text[:at] + draw.choice(XML_NUMBERS) + text[end:], f"xml-number@{at}"
    if kind == "type" and "<c " in text:
        spots = [m.end() for m in re.finditer(r"<c ", text)]
        at = draw.choice(spots)
        return text[:at] + f't="{draw.choice(CELL_TYPES)}" ' + text[at:], f"xml-type@{at}"
    if kind == "string" and "<t" in text:
        spots = [m.start(1) for m in re.finditer(r"<t(?: [^>]*)?>([^<]*)</t>", text)]
        if spots:
            at = draw.choice(spots)
            end = text.index("<", at)
            value = draw.choice(HOSTILE_TEXT).replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "&#0;")
            return text[:at] + value + text[end:], f"xml-string@{at}"
    if kind == "dimension" and "<dimension" in text:
        return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{draw.choice(CELL_REFS)}"', text, count=1), "dim"
    if kind == "merge":
        ref = f"{draw.choice(['A1', 'B2', 'A5'])}:{draw.choice(['XFD1048576', 'C9', 'A1', 'Z99999', 'A0'])}"
        if "<mergeCells" in text:
            return text.replace("<mergeCell ", f'<mergeCell ref="{ref}"/><mergeCell ', 1), "merge-add"
        if "</sheetData>" in text:
            return text.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/>'
                                                '</mergeCells>', 1), "merge-new"
    if kind == "nest":
        at = text.find(">", text.find("?>") + 2) + 1 if "?>" in text else text.find(">") + 1
        depth = draw.choice([50, 1000, 20000])
        return text[:at] + "<x>" * depth + "</x>" * depth + text[at:], f"nest{depth}"
    if kind == "dtd":
        dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        at = text.find("?>") + 2 if "?>" in text else 0
        return text[:at] + dtd + text[at:], "dtd"
    if kind == "attr" and "<" in text:
        spots = [m.start() for m in re.finditer(r'="[^"]*"', text)]
        if spots:
            at = draw.choice(spots) + 2
            end = text.index('"', at)
            return text[:at] + draw.choice(HOSTILE_TEXT + CELL_REFS).replace('"', "").replace("&", "")[:200] \
                + text[end:], f"attr@{at}"
    return _xml_edit(draw, text) if draw.int(0, 3) else (text, "xml-none")


def _csv_edit(draw: Draw, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    row = draw.int(0, max(len(lines) - 1, 0))
    cells = lines[row].split(",")
    kind = draw.choice(("cell", "cell", "cell", "drop", "add", "quote", "lines", "header"))
    if kind == "cell":
        col = draw.int(0, len(cells) - 1)
        cells[col] = draw.choice(HOSTILE_TEXT + [json.dumps(v) for v in HOSTILE_JSON[:12]]).replace(",", ";")
    elif kind == "drop" and len(cells) > 1:
        del cells[draw.int(0, len(cells) - 1)]
    elif kind == "add":
        cells.insert(draw.int(0, len(cells)), draw.choice(HOSTILE_TEXT).replace(",", ";"))
    elif kind == "quote":
        cells[draw.int(0, len(cells) - 1)] = '"unterminated'
    elif kind == "lines":
        lines.insert(row, lines[row])
    elif kind == "header" and lines:
        row = 0
        cells = list(reversed(cells))
    lines[row] = ",".join(cells)
    return "\n".join(lines), f"csv-{kind}@{row}"


def _walk_json(draw: Draw, value: object, depth: int = 0) -> tuple[object, str]:
    if isinstance(value, dict) and value and (depth == 0 or draw.int(0, 2)):
        key = draw.choice(sorted(value))
        inner, where = _walk_json(draw, value[key], depth + 1)
        copy = dict(value)
        if draw.int(0, 9) == 0:
            del copy[key]
            return copy, f"del {key}"
        copy[key] = inner
        return copy, f"{key}.{where}"
    if isinstance(value, list) and value and draw.int(0, 2):
        at = draw.int(0, len(value) - 1)
        inner, where = _walk_json(draw, value[at], depth + 1)
        return value[:at] + [inner] + value[at + 1:], f"[{at}].{where}"
    kind = draw.int(0, 6)
    if kind == 0:
        depth = draw.choice([100, 5000, 100_000])
        return json.loads("[" * min(depth, 900) + "]" * min(depth, 900)) if depth < 900 else _Deep(depth), "deep"
    return draw.choice(HOSTILE_JSON), "value"


class _Deep:
    """A JSON nesting too deep for json.dumps: written out by hand."""

    def __init__(self, depth: int) -> None:
        self.depth = depth


def _dump_json(value: object) -> str:
    text = json.dumps(value, default=lambda o: f"@@DEEP{o.depth}@@", ensure_ascii=False, indent=1)
    return re.sub(r'"@@DEEP(\d+)@@"', lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)


def _json_edit(draw: Draw, text: str) -> tuple[str, str]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # an earlier edit of the same member made it so
        return text, "json-unreadable"
    changed, where = _walk_json(draw, value)
    return _dump_json(changed), f"json {where}"


def edit_member(draw: Draw, name: str, content: bytes) -> tuple[bytes, str]:
    """One structural edit of a member's content, by the kind of member."""
    if draw.int(0, 4) == 0:
        return _bytes_edit(draw, content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return _bytes_edit(draw, content)
    if name.endswith((".xml", ".rels", ".vml")):
        edited, label = _xml_edit(draw, text)
    elif name.endswith(".csv"):
        edited, label = _csv_edit(draw, text)
    elif name.endswith(".json"):
        edited, label = _json_edit(draw, text)
    else:
        return _bytes_edit(draw, content)
    return edited.encode("utf-8", "surrogatepass"), label


def zip_members(draw: Draw, data: bytes, prefer: Callable[[str], bool] = lambda _n: True) -> tuple[bytes, str]:
    """Edit 1-3 members inside the zip and compress again (CRCs right: the edits reach the parser)."""
    items = members(data)
    labels = []
    for _ in range(draw.int(1, 3)):
        chosen = [i for i, (info, _c) in enumerate(items) if prefer(info.filename)] or list(range(len(items)))
        at = draw.choice(chosen)
        info, content = items[at]
        edited, label = edit_member(draw, info.filename, content)
        items[at] = (info, edited)
        labels.append(f"{info.filename}:{label}")
    kind = draw.int(0, 9)
    if kind == 0 and items:  # a member dropped
        gone = draw.int(0, len(items) - 1)
        labels.append(f"drop {items[gone][0].filename}")
        del items[gone]
    elif kind == 1 and items:  # a member doubled
        labels.append(f"dup {items[0][0].filename}")
        items.append(items[draw.int(0, len(items) - 1)])
    return rezip(items), "; ".join(labels)


def _local_headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x03\x04", data)]


def _central_headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def zip_headers(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """Damage the zip's own structure: flags, methods, versions, CRCs, sizes, the directory."""
    buf = bytearray(data)
    local, central = _local_headers(data), _central_headers(data)
    kind = draw.choice(("encrypt", "method", "version", "crc", "size", "flip-data", "eocd", "truncate", "junk",
                        "name", "central"))
    if kind == "encrypt" and local:
        for spot, off in ((draw.choice(local), 6), (draw.choice(central) if central else None, 8)):
            if spot is not None:
                buf[spot + off] |= 0x1
        return bytes(buf), "encrypted flag"
    if kind == "method" and central:
        method = draw.choice([1, 6, 9, 12, 14, 19, 93, 95, 98, 99, 0xFFFF])
        spot = draw.choice(central)
        struct.pack_into("<H", buf, spot + 10, method)
        for loc in local:
            if data[loc + 30: loc + 30 + 20] and draw.int(0, 1):
                struct.pack_into("<H", buf, loc + 8, method)
        return bytes(buf), f"method {method}"
    if kind == "version" and central:
        spot = draw.choice(central)
        struct.pack_into("<H", buf, spot + 6, draw.choice([63, 99, 0xFFFF, 0]))
        struct.pack_into("<H", buf, spot + 4, draw.choice([63, 0xFFFF, 0x0A3F]))
        return bytes(buf), "version"
    if kind == "crc" and central:
        spot = draw.choice(central)
        struct.pack_into("<I", buf, spot + 16, draw.int(0, 2**32 - 1))
        return bytes(buf), "crc"
    if kind == "size" and central:
        spot = draw.choice(central)
        field = draw.choice([20, 24])
        struct.pack_into("<I", buf, spot + field, draw.choice([0, 1, 2**31, 2**32 - 1, draw.int(0, 10**6)]))
        return bytes(buf), f"size field {field}"
    if kind == "flip-data" and local:
        spot = draw.choice(local)
        name_len, extra_len = struct.unpack_from("<HH", data, spot + 26)
        start = spot + 30 + name_len + extra_len
        size = struct.unpack_from("<I", data, spot + 18)[0] or 16
        at = start + draw.int(0, max(size - 1, 0))
        if at < len(buf):
            buf[at] ^= 1 << draw.int(0, 7)
        return bytes(buf), f"compressed byte {at}"
    if kind == "eocd":
        spot = data.rfind(b"PK\x05\x06")
        if spot >= 0:
            field = draw.choice([8, 10, 12, 16, 20])
            width = "<H" if field in (8, 10, 20) else "<I"
            struct.pack_into(width, buf, spot + field, draw.int(0, 0xFFFF))
        return bytes(buf), "end of directory"
    if kind == "truncate":
        return data[:draw.int(0, len(data) - 1)], "truncated"
    if kind == "junk":
        return data + draw.bytes(1, 4000), "junk after"
    if kind == "name" and central:
        spot = draw.choice(central)
        name_len = struct.unpack_from("<H", data, spot + 28)[0]
        if name_len:
            at = spot + 46 + draw.int(0, name_len - 1)
            buf[at] = draw.choice([0x2F, 0x5C, 0x2E, 0x00, 0xFF, 0x3A])
        return bytes(buf), "member name"
    if kind == "central" and central:
        at = draw.choice(central) + draw.int(0, 45)
        buf[at] ^= 1 << draw.int(0, 7)
        return bytes(buf), f"central byte {at}"
    return raw_bytes(draw, data)


def raw_bytes(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """A few bytes flipped anywhere."""
    buf = bytearray(data)
    spots = []
    for _ in range(draw.int(1, 8)):
        at = draw.int(0, len(buf) - 1)
        buf[at] = draw.int(0, 255)
        spots.append(at)
    return bytes(buf), f"bytes {spots}"


def zip_file(draw: Draw, data: bytes, prefer: Callable[[str], bool] = lambda _n: True) -> tuple[bytes, str]:
    """A zip-based file (.xlsx, or a package without re-signing), mutated one way."""
    kind = draw.int(0, 9)
    if kind <= 5:
        return zip_members(draw, data, prefer)
    if kind <= 8:
        return zip_headers(draw, data)
    return raw_bytes(draw, data)


# -- packages ------------------------------------------------------------------------------
Signer = Callable[[bytes], str]


def resign(items: list[tuple[zipfile.ZipInfo, bytes]], sign: Signer, manifest_edit: bool = False,
           draw: Draw | None = None) -> tuple[bytes, str]:
    """Members as edited, the manifest's hashes and sizes made right and signed again with the
    maker's key: a package its maker could have written (what comes after the signature)."""
    from ntm_desktop.sync.package import format as fmt

    content = {info.filename: data for info, data in items}
    manifest = json.loads(content[fmt.MANIFEST])
    for name, entry in manifest.get("members", {}).items():
        if name in content and isinstance(entry, dict):
            entry["sha256"] = hashlib.sha256(content[name]).hexdigest()
            entry["size"] = len(content[name])
    label = ""
    raw = fmt.manifest_bytes(manifest)
    if manifest_edit and draw is not None:
        edited, label = _json_edit(draw, raw.decode("utf-8"))
        raw = edited.encode("utf-8")
    content[fmt.MANIFEST] = raw
    content[fmt.SIGNATURE] = sign(raw).encode("ascii")
    return rezip([(info, content[info.filename]) for info, _d in items]), label


def package(draw: Draw, data: bytes, sign: Signer) -> tuple[bytes, str]:
    """A package: mostly members or manifest edited and signed again; else the zip itself damaged."""
    from ntm_desktop.sync.package import format as fmt

    kind = draw.int(0, 9)
    if kind <= 3:  # CSV members edited, signed again
        items = members(data)
        csvs = [i for i, (info, _c) in enumerate(items) if info.filename.endswith(".csv")]
        labels = []
        for _ in range(draw.int(1, 3)):
            at = draw.choice(csvs)
            info, content = items[at]
            edited, label = edit_member(draw, info.filename, content)
            items[at] = (info, edited)
            labels.append(f"{info.filename}:{label}")
        out, _ = resign(items, sign, False, draw)
        return out, "signed " + "; ".join(labels)
    if kind <= 6:  # the manifest's fields edited, signed again
        out, label = resign(members(data), sign, True, draw)
        return out, f"signed manifest {label}"
    if kind == 7:  # members edited, not signed again (hash or signature refused)
        return zip_members(draw, data, lambda n: n != fmt.SIGNATURE)
    return zip_headers(draw, data) if kind == 8 else raw_bytes(draw, data)


# -- SQLite files ------------------------------------------------------------------------
def _with_sqlite(data: bytes, change: Callable[[sqlite3.Connection, Draw], str], draw: Draw) -> tuple[bytes, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        path.write_bytes(data)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            label = change(conn, draw)
        except sqlite3.Error as exc:
            label = f"sql failed: {exc}"
        finally:
            conn.close()
        return path.read_bytes(), label


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _bad_text(conn: sqlite3.Connection, draw: Draw) -> str:
    """Text that does not decode as UTF-8, written into one row (a failing stick's bit)."""
    for _ in range(20):
        table = draw.choice(_tables(conn))
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if "TEXT" in (r[2] or "").upper()]
        if cols and conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
            col = draw.choice(cols)
            bad = draw.choice(HOSTILE_BYTES).hex()
            conn.execute("PRAGMA ignore_check_constraints = ON")
            conn.execute(f'UPDATE "{table}" SET "{col}" = CAST(X\'41{bad}\' AS TEXT) WHERE rowid = '
                         f'(SELECT rowid FROM "{table}" ORDER BY random() LIMIT 1)')
            return f"bad utf-8 in {table}.{col}"
    return "no text"


def _drop(conn: sqlite3.Connection, draw: Draw) -> str:
    table = draw.choice(_tables(conn))
    if draw.int(0, 1):
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        col = draw.choice(cols)
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "{col}"')
            return f"drop column {table}.{col}"
        except sqlite3.OperationalError:
            conn.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{col}" TO "{col}_x"')
            return f"rename column {table}.{col}"
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA legacy_alter_table = ON")
    conn.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_gone"')
    return f"rename table {table}"


def _schema(conn: sqlite3.Connection, draw: Draw) -> str:
    kind = draw.int(0, 3)
    if kind == 0:
        value = draw.choice([0, 1, 99, -1, 2**31 - 1])
        conn.execute(f"PRAGMA user_version = {value}")
        return f"user_version {value}"
    if kind == 1:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('ntm_desktop', '9999_from_the_future', '2030-01-01')")
        return "foreign migration"
    if kind == 2:
        conn.execute("DELETE FROM meta WHERE key = ?", [draw.choice(["installation_id", "installation_name",
                                                                      "hlc_last", "created_at"])])
        return "meta key gone"
    conn.execute("UPDATE meta SET value = ? WHERE key = ?",
                 [draw.choice(HOSTILE_TEXT), draw.choice(["installation_id", "hlc_last", "created_at", "demo"])])
    return "meta value"


def _page_damage(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """Bytes of one page changed (a flipped bit on the medium), or a page zeroed."""
    pages = max(len(data) // SQLITE_PAGE, 1)
    page = draw.int(1 if pages > 1 else 0, pages - 1)
    buf = bytearray(data)
    start = page * SQLITE_PAGE
    if draw.int(0, 4) == 0:
        buf[start:start + SQLITE_PAGE] = bytes(min(SQLITE_PAGE, len(buf) - start))
        return bytes(buf), f"page {page + 1} zeroed"
    spots = []
    for _ in range(draw.int(1, 3)):
        at = start + draw.int(0, SQLITE_PAGE - 1)
        if at < len(buf):
            buf[at] ^= 1 << draw.int(0, 7)
            spots.append(at)
    return bytes(buf), f"page {page + 1} bits {spots}"


def _index_damage(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """A bit flipped inside an index's pages: the kind of damage ``quick_check`` does not see."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        path.write_bytes(data)
        conn = sqlite3.connect(path)
        try:
            roots = conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND rootpage > 1"
                                 ).fetchall()
        finally:
            conn.close()
    if not roots:
        return _page_damage(draw, data)
    name, root = draw.choice(roots)
    buf = bytearray(data)
    start = (root - 1) * SQLITE_PAGE
    at = start + draw.int(100 if root == 1 else 8, SQLITE_PAGE - 1)
    if at < len(buf):
        buf[at] ^= 1 << draw.int(0, 7)
    return bytes(buf), f"index {name} byte {at}"


def database(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """A database file (or a backup) damaged one way."""
    kind = draw.int(0, 9)
    if kind <= 2:
        return _page_damage(draw, data)
    if kind == 3:
        return _index_damage(draw, data)
    if kind == 4:
        return _with_sqlite(data, _bad_text, draw)
    if kind == 5:
        return _with_sqlite(data, _drop, draw)
    if kind == 6:
        return _with_sqlite(data, _schema, draw)
    if kind == 7:
        cut = draw.choice([0, 50, 100, SQLITE_PAGE, len(data) // 2, len(data) - 1])
        return data[:cut], f"truncated at {cut}"
    if kind == 8:  # the header: page size, counts, encodings, versions
        buf = bytearray(data)
        at = draw.int(16, 99)
        buf[at] = draw.int(0, 255)
        return bytes(buf), f"header byte {at}"
    return raw_bytes(draw, data)
