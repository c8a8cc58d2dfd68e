"""A DTD or an entity declared in any XML part of a workbook is refused by every reader of
workbooks, in UTF-8 or in UTF-16/32: ``safety.check_zip`` looks for one in every part it reads
(openpyxl's lxml reads the parts other than the worksheets without refusing one)."""

import zipfile

import openpyxl
import pytest

from ntm_desktop.criteria.workbook.opening import read_grid
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import safety
from ntm_desktop.excel.rows import read_values
from ntm_desktop.targets.sheets import sheet_names

DOCTYPE = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
PARTS = ("xl/styles.xml", "xl/workbook.xml", "docProps/core.xml", "_rels/.rels", "xl/worksheets/sheet1.xml")
ENCODINGS = ("utf-8", "utf-16", "utf-16-be", "utf-32")


def _workbook(path):
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Tên xã", "TC1"])
    wb.active.append([1, "Xã Đăk Hà", "x"])
    wb.save(path)
    return path


def _declared(data: bytes, encoding: str, doctype: str = DOCTYPE) -> bytes:
    text = data.decode("utf-8")
    body = text[text.index("?>") + 2:] if text.startswith("<?xml") else text
    name = {"utf-16-be": "UTF-16", "utf-32": "UTF-32"}.get(encoding, encoding.upper())
    out = f'<?xml version="1.0" encoding="{name}"?>{doctype}{body}'
    return out.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + out.encode("utf-16-be")


def _rewrite(src, dst, part, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, change(data) if item.filename == part else data)
    return dst


READERS = {
    "check_zip": safety.check_zip,
    "open_workbook": lambda p: safety.open_workbook(p, read_only=False),
    "criteria workbook": read_grid,
    "targets sheets": sheet_names,
    "legacy table": lambda p: read_values(p, None),
}


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_declaration_in_any_part_is_refused_by_every_reader(tmp_path, part, encoding):
    src = _workbook(tmp_path / "t.xlsx")
    assert part in zipfile.ZipFile(src).namelist()
    hostile = _rewrite(src, tmp_path / "h.xlsx", part, lambda data: _declared(data, encoding))
    before = hostile.read_bytes()
    for name, reader in READERS.items():
        with pytest.raises(InputRejected) as caught:
            reader(hostile)
        assert caught.value.key == "xlsx.hostile", name
    assert hostile.read_bytes() == before


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_part_in_another_encoding_without_a_declaration_is_read(tmp_path, encoding):
    src = _workbook(tmp_path / "t.xlsx")
    clean = _rewrite(src, tmp_path / "c.xlsx", "docProps/core.xml", lambda data: _declared(data, encoding, ""))
    safety.check_zip(clean)
    assert sheet_names(clean) == ["Sheet"]
    assert read_values(clean, None) == read_values(src, None)


def test_a_damaged_member_is_refused_before_a_declaration(tmp_path):
    src = _workbook(tmp_path / "t.xlsx")
    hostile = _rewrite(src, tmp_path / "h.xlsx", "xl/styles.xml", lambda data: _declared(data, "utf-8"))
    data = bytearray(hostile.read_bytes())
    with zipfile.ZipFile(hostile) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # inside the sheet's deflated bytes
    damaged = tmp_path / "d.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(InputRejected) as caught:
        safety.check_zip(damaged)
    assert caught.value.key == "xlsx.truncated"
