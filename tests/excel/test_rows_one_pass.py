"""Issue 22: the file's checks and the XML screen in one pass over the zip (each member
decompressed once), with the refusals in the order of the two passes they replace; the read
started ahead of the database's opening (``rows.prefetched``) gives what ``read_values`` gives."""

import threading
import zipfile

import openpyxl
import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import rows as reader
from ntm_desktop.excel.prefetch import Stopped
from ntm_desktop.excel.rows import read_values

DOCTYPE = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'


def _table(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TH"
    ws.append(["STT", "Huyện", "Tên xã", "TC1", "TC2"])
    for i in range(50):
        ws.append([i + 1, "Huyện Đăk Hà", f"Xã Đăk {i}", "x" if i % 2 else None, i * 0.5])
    wb.save(path)
    return path


def _rewrite(src, dst, changes, stored=()):
    """``dst``: ``src`` with the members named in ``changes`` changed; those in ``stored`` left
    uncompressed (their bytes can then be damaged in the file)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in changes:
                data = changes[item.filename](data)
            zout.writestr(item.filename, data, zipfile.ZIP_STORED if item.filename in stored else zipfile.ZIP_DEFLATED)
    return dst


def _with_doctype(data):
    return data.replace(b"?>", b"?>" + DOCTYPE, 1) if data.startswith(b"<?xml") else DOCTYPE + data


def _utf16(data):
    return data.decode("utf-8").replace("UTF-8", "UTF-16").replace("utf-8", "UTF-16").encode("utf-16")


def _refusal(path):
    with pytest.raises(InputRejected) as caught:
        read_values(path, None)
    return caught.value.key


def test_each_member_is_decompressed_once(tmp_path, monkeypatch):
    path = _table(tmp_path / "t.xlsx")
    opened = []
    real_open = zipfile.ZipFile.open

    def counted(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counted)
    assert reader._screen_parts(path)  # plain UTF-8 parts: calamine reads it
    names = zipfile.ZipFile(path).namelist()
    assert sorted(opened) == sorted(names) and len(names) > 5


def test_a_damaged_member_is_refused_before_a_declaration_in_another(tmp_path):
    """As when the zip's checks ran whole before the screen: a bad CRC (truncated) and a row past
    Excel's grid (bomb) come before a DTD found in an earlier part (hostile)."""
    src = _table(tmp_path / "t.xlsx")
    sheet = "xl/worksheets/sheet1.xml"
    crc = _rewrite(src, tmp_path / "crc.xlsx", {"xl/workbook.xml": _with_doctype}, stored={sheet})
    blob = crc.read_bytes()
    at = blob.index(b'<c r="B8"') + 7  # in the stored sheet: a changed byte fails its CRC
    crc.write_bytes(blob[:at] + b"9" + blob[at + 1:])
    assert _refusal(crc) == "xlsx.truncated"
    far = _rewrite(src, tmp_path / "far.xlsx",
                   {"xl/styles.xml": _with_doctype, sheet: lambda d: d.replace(b'r="A51"', b'r="A2000000"', 1)})
    assert zipfile.ZipFile(far).namelist().index("xl/styles.xml") > zipfile.ZipFile(far).namelist().index(sheet)
    assert _refusal(far) == "xlsx.bomb"
    docprops = _rewrite(src, tmp_path / "doc.xlsx", {"docProps/core.xml": _with_doctype})
    assert _refusal(docprops) == "xlsx.hostile"  # alone, the declaration is refused


def test_a_declaration_is_refused_before_or_after_a_part_in_another_encoding(tmp_path):
    """A part in another encoding sends the file to the expat reader, but the screen goes on: a
    declaration in a later part is refused (it was once left to the reader, and openpyxl's lxml
    read a DTD in xl/styles.xml without a word), as one in the wide part itself is."""
    src = _table(tmp_path / "t.xlsx")
    names = zipfile.ZipFile(src).namelist()
    first, later = "docProps/core.xml", "xl/styles.xml"
    assert names.index(first) < names.index(later)
    before = _rewrite(src, tmp_path / "before.xlsx", {first: _with_doctype, later: _utf16})
    after = _rewrite(src, tmp_path / "after.xlsx", {first: _utf16, later: _with_doctype})
    wide = _rewrite(src, tmp_path / "wide.xlsx", {first: lambda data: _utf16(_with_doctype(data))})
    for path in (before, after, wide):
        with pytest.raises(InputRejected) as caught:
            reader._screen_parts(path)
        assert caught.value.key == "xlsx.hostile", path.name
        assert _refusal(path) == "xlsx.hostile"
    clean = _rewrite(src, tmp_path / "clean.xlsx", {first: _utf16})
    assert reader._screen_parts(clean) is False  # the expat reader's
    assert read_values(clean, None) == read_values(src, None)


def test_a_stopped_screen_raises_stopped(tmp_path):
    path = _table(tmp_path / "t.xlsx")
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        reader._screen_parts(path, stop)


def _prefetch_threads():
    return [t for t in threading.enumerate() if t.name == "ntm-prefetch"]


def test_a_read_ahead_gives_what_read_values_gives(tmp_path):
    fast = _table(tmp_path / "t.xlsx")
    slow = _rewrite(fast, tmp_path / "utf16.xlsx", {"xl/worksheets/sheet1.xml": _utf16})
    assert reader._screen_parts(fast) and not reader._screen_parts(slow)
    for path in (fast, slow):
        for sheet in (None, "TH"):
            expected = read_values(path, sheet)
            with reader.prefetched(path, sheet):
                assert reader._PREFETCHED  # the read started ahead, taken by the next call
                assert read_values(path, sheet) == expected
                assert not reader._PREFETCHED
            assert expected[0] == "TH" and len(expected[1]) == 51
    assert not _prefetch_threads()


def test_a_read_aheads_refusal_comes_when_the_rows_are_asked_for(tmp_path):
    hostile = _rewrite(_table(tmp_path / "t.xlsx"), tmp_path / "h.xlsx", {"xl/styles.xml": _with_doctype})
    missing = tmp_path / "nowhere.xlsx"
    for path, key in ((hostile, "xlsx.hostile"), (missing, "xlsx.missing"), (hostile, "xlsx.hostile")):
        with reader.prefetched(path, None):
            with pytest.raises(InputRejected) as caught:
                read_values(path, None)
            assert caught.value.key == key
    with reader.prefetched(missing, None):
        pass  # nobody asked: the refusal is dropped with the thread
    assert not reader._PREFETCHED and not _prefetch_threads()


def test_another_file_or_sheet_is_read_as_usual(tmp_path):
    one, two = _table(tmp_path / "one.xlsx"), _table(tmp_path / "two.xlsx")
    with reader.prefetched(one, None):
        assert read_values(two, None) == read_values(one, "TH")  # not the read ahead: that one is kept
        assert list(reader._PREFETCHED) == [(one, None)]
    assert not reader._PREFETCHED and not _prefetch_threads()
