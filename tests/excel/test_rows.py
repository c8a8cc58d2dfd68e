"""The fast worksheet reader gives exactly what openpyxl's read-only iterator gives."""

import datetime as dt
import html
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.rows import read_values


def _openpyxl_rows(path, sheet=None):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return _trim(rows)


def _trim(rows):
    """openpyxl pads rows to the sheet's width and may add trailing empty rows."""
    out = [tuple(_rstrip(r)) for r in rows]
    while out and not out[-1]:
        out.pop()
    return out


def _rstrip(row):
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return row


def _every_kind(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws["A1"] = "Xã Đăk Long"  # shared string
    ws["C1"] = 19  # int, with B1 missing
    ws["D1"] = 14.75
    ws["E1"] = True
    ws["F1"] = False
    ws["A3"] = dt.datetime(2019, 12, 31, 0, 0)  # row 2 missing; a date-styled number
    ws["B3"] = dt.date(2020, 1, 15)
    ws["C3"] = "=SUM(C1:D1)"  # a formula without a cached value: None in data-only mode
    ws["D3"] = CellRichText(["Tiêu chí ", TextBlock(InlineFont(b=True), "số 2")])
    ws["E3"] = "  x  "
    ws["AB5"] = "far column"
    ws["A7"] = 1e-7
    ws["B7"] = -3
    ws["C7"] = "Ngọk Réo"
    other = wb.create_sheet("Khác")
    other["B2"] = "second sheet"
    wb.save(path)


def test_same_values_as_openpyxl_on_every_kind_of_cell(tmp_path):
    path = tmp_path / "kinds.xlsx"
    _every_kind(path)
    title, rows = read_values(path, None)
    assert title == "Tổng hợp"
    assert _trim(rows) == _openpyxl_rows(path)
    assert rows[0][2] == 19 and isinstance(rows[0][2], int) and rows[0][1] is None
    assert rows[1] == () and isinstance(rows[2][0], dt.datetime)
    assert rows[2][3] == "Tiêu chí số 2" and rows[4][27] == "far column"
    title, rows = read_values(path, "Khác")
    assert title == "Khác" and _trim(rows) == _openpyxl_rows(path, "Khác")


def test_write_only_inline_strings_match(tmp_path):
    path = tmp_path / "inline.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("TH")
    ws.append(["STT", "Tên xã", *[f"TC{n}" for n in range(1, 20)]])
    for i in range(50):
        ws.append([i + 1, f"Xã {i}", *["x" if (i + n) % 3 else None for n in range(19)]])
    wb.save(path)
    assert _trim(read_values(path, None)[1]) == _openpyxl_rows(path)


def _rewrite_sheet(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(item, data)


def test_phonetic_runs_are_left_out_like_openpyxl(tmp_path):
    src, dst = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "placeholder"
    wb.save(src)
    inline = ('<c r="B1" t="inlineStr"><is><r><t>Đăk </t></r><r><t>Hà</t></r>'
              '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>').encode()
    _rewrite_sheet(src, dst, lambda d: d.replace(b"</c></row>", b"</c>" + inline + b"</row>", 1)
                   .replace(b'ref="A1:A1"', b'ref="A1:B1"'))
    rows = read_values(dst, None)[1]
    from ntm_desktop.excel import rows as reader

    assert not reader._screen_parts(dst)  # "Đăk " without xml:space="preserve": calamine would trim it
    assert rows[0][1] == "Đăk Hà"
    assert _trim(rows) == _openpyxl_rows(dst)


def test_unknown_sheet_is_refused_naming_the_sheets(tmp_path):
    path = tmp_path / "kinds.xlsx"
    _every_kind(path)
    with pytest.raises(InputRejected) as caught:
        read_values(path, "Không có")
    assert "Tổng hợp" in str(caught.value) and "Khác" in str(caught.value)


def test_entity_declarations_in_the_sheet_are_refused(tmp_path):
    src, dst = tmp_path / "a.xlsx", tmp_path / "bomb.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(src)
    doctype = b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    _rewrite_sheet(src, dst, lambda d: d.replace(b"?>", b"?>" + doctype, 1) if d.startswith(b"<?xml") else doctype + d)
    with pytest.raises(InputRejected) as caught:
        read_values(dst, None)
    assert caught.value.key == "xlsx.hostile"


def test_broken_sheet_xml_is_refused_not_a_traceback(tmp_path):
    src, dst = tmp_path / "a.xlsx", tmp_path / "broken.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(src)
    _rewrite_sheet(src, dst, lambda d: d[: len(d) // 2])
    with pytest.raises(InputRejected) as caught:
        read_values(dst, None)
    assert caught.value.key == "xlsx.not_xlsx" and "broken.xlsx" in str(caught.value)


# -- issue 22: python-calamine reads what passes the screen; the expat reader the rest ------------


def _rewrite(src, dst, name, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, change(data) if item.filename == name else data)


def test_calamine_and_expat_readers_agree(tmp_path):
    from ntm_desktop.excel import rows as reader

    kinds, inline = tmp_path / "kinds.xlsx", tmp_path / "inline.xlsx"
    _every_kind(kinds)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("TH")
    for i in range(300):
        ws.append([i + 1, f"Xã {i}", *["x" if (i + n) % 3 else None for n in range(19)], i * 0.5, -i])
    wb.save(inline)
    assert reader._screen_parts(inline) and reader._screen_parts(kinds)  # plain UTF-8 parts: the fast reader
    for path, sheets in ((kinds, (None, "Khác")), (inline, (None,))):
        for sheet in sheets:
            fast, slow = reader._read_calamine(path, sheet), reader._read_expat(path, sheet)
            assert fast[0] == slow[0] and _trim(fast[1]) == _trim(slow[1]) == _openpyxl_rows(path, sheet)
            assert [type(v) for r in fast[1] for v in r] == [type(v) for r in _trim(slow[1]) for v in _rstrip(r)]


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                  "[Content_Types].xml"])
def test_entity_declarations_in_any_part_are_refused(tmp_path, part):
    src, dst = tmp_path / "a.xlsx", tmp_path / "hostile.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Xã Đăk Long"
    wb.save(src)
    assert part in zipfile.ZipFile(src).namelist()
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    _rewrite(src, dst, part, lambda d: d.replace(b"?>", b"?>" + doctype, 1) if d.startswith(b"<?xml") else doctype + d)
    with pytest.raises(InputRejected) as caught:
        read_values(dst, None)
    assert caught.value.key == "xlsx.hostile"


def test_cut_off_or_other_encodings_go_to_the_expat_reader(tmp_path):
    from ntm_desktop.excel import rows as reader

    src = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(src)
    cut, utf16 = tmp_path / "cut.xlsx", tmp_path / "utf16.xlsx"
    _rewrite(src, cut, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) - 20])
    assert not reader._screen_parts(cut)  # calamine would read what is left without a word
    sheet = zipfile.ZipFile(src).read("xl/worksheets/sheet1.xml")
    _rewrite(src, utf16, "xl/worksheets/sheet1.xml",
             lambda d: d.decode("utf-8").replace("UTF-8", "UTF-16").replace("utf-8", "UTF-16").encode("utf-16"))
    assert sheet and not reader._screen_parts(utf16)
    assert read_values(utf16, None)[1] == [("x",)]


@pytest.mark.parametrize("cell", ["\tĐăk Hà", "Đăk Hà\t", "\nĐăk Hà", "Đăk Hà\n", "\rĐăk Hà", "Đăk Hà\r",
                                  " Đăk Hà", "Đăk Hà ", "Đăk\tHà\nlong", "Đăk Hà", "&#32;Đăk Hà", "Đăk Hà&#x9;",
                                  "Đăk &#10; Hà"])
@pytest.mark.parametrize("declaration_end", [b"", b"\r\n"])
def test_text_calamine_would_trim_goes_to_the_expat_reader(tmp_path, cell, declaration_end):
    """White space at either end of a text (any of space, tab, line feed, return, written as it is
    or as a character reference) sends the file to the expat reader; inside a text, or after the
    XML declaration as Excel writes it, it does not."""
    from ntm_desktop.excel import rows as reader

    src, dst = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("TH")
    ws.append(["STT", "Tên xã"])
    ws.append([1, "placeholder"])
    wb.save(src)
    text = cell.replace("\r", "&#13;").encode()  # a raw return would be read back as a line feed
    value = html.unescape(cell)

    def change(data):
        data = data.replace(b"<t>placeholder</t>", b"<t>" + text + b"</t>")
        return data.replace(b"?>", b"?>" + declaration_end, 1) if data.startswith(b"<?xml") else data

    _rewrite(src, dst, "xl/worksheets/sheet1.xml", change)
    trimmed = value != value.strip(" \t\n\r")
    assert reader._screen_parts(dst) is not trimmed
    assert read_values(dst, None)[1][1] == (1, value) == _openpyxl_rows(dst)[1]


def test_rows_a_column_at_a_time_equal_rows_one_at_a_time():
    """``rows._rows`` (columns, the grid calamine gives) against ``rows._row`` on each row: the same
    values of the same types, on generated grids of every kind of value calamine returns (empty
    cells as "", whole and fractional numbers, huge ones, booleans, dates, times, durations, NaN),
    columns left empty at the end, rows ending in empty cells, and rows of unequal widths."""
    import math
    import random

    from ntm_desktop.excel import rows

    kinds = ["", "", "x", "0", "#DIV/0!", 1.0, 2.5, -3.0, 0.0, -0.0, 1e16, 123456789012345.0, math.inf,
             math.nan, True, False, dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4), dt.time(1, 2),
             dt.timedelta(days=1, seconds=3)]
    rng = random.Random(22)
    for _trial in range(3000):
        width, height = rng.randint(0, 7), rng.randint(0, 7)
        grid = [[rng.choice(kinds) for _ in range(width)] for _ in range(height)]
        if grid and width and rng.random() < 0.3:  # an empty column at the end
            for values in grid:
                values[-1] = ""
        if grid and rng.random() < 0.1:  # one row of another width: one row at a time
            grid[rng.randrange(height)] = [rng.choice(kinds) for _ in range(rng.randint(0, 9))]
        want = [rows._row(values) for values in grid]
        got = rows._rows(grid)
        assert repr(got) == repr(want), grid  # repr: NaN compares unequal to itself
        assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in want]
