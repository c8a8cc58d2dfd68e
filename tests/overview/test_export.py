"""The overview's Excel export: the rows shown, in the order shown, coloured cells and the
totals row "N/M" (read back with openpyxl; the PDF: test_pdf.py)."""

from __future__ import annotations

import openpyxl

from ntm_desktop import overview
from ntm_desktop.overview.export import COLOURS, DIFFERS, Headings, write_xlsx
from tests.overview.conftest import first_commune

HEADINGS = Headings("Tổng quan năm 2019 — Bộ tiêu chí 2016-2020", "Huyện", "Xã", "Số TC đạt", "Nhóm", "Tổng")


def shown(kt):
    view = overview.grid(kt, 2019)
    rows = overview.sort_rows(view, overview.filter_rows(view, overview.Filters(band="<5")), "met", descending=True)
    return view, rows


def test_excel_holds_what_is_shown(kt, tmp_path):
    view, rows = shown(kt)
    rows = [first_commune_row(view, kt)] + rows[:30]
    out = write_xlsx(view, rows, HEADINGS, tmp_path / "tong-quan-2019.xlsx")
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == HEADINGS.title
    header = [c.value for c in sheet[2]]
    assert header[:2] == ["Huyện", "Xã"] and header[2:21] == [str(n) for n in view.numbers]
    assert header[21:] == ["Số TC đạt", "Nhóm"]
    for r, row in enumerate(rows, start=3):
        assert sheet.cell(r, 2).value == row.name
        assert sheet.cell(r, 22).value == row.met
        for i, letter in enumerate(row.statuses):
            colour = DIFFERS if view.criteria[i].number in row.differs else COLOURS[letter]
            assert sheet.cell(r, 3 + i).fill.fgColor.rgb.endswith(colour)
            assert (sheet.cell(r, 3 + i).value or "") == {"M": "Đ", "N": "K", "-": ""}[letter]
    foot = 3 + len(rows)
    assert sheet.cell(foot, 2).value == "Tổng"
    met = overview.totals(view, rows)
    assert [sheet.cell(foot, 3 + i).value for i in range(19)] == [f"{met[n]}/{len(rows)}" for n in view.numbers]
    assert sheet.cell(3, 3).fill.fgColor.rgb.endswith(DIFFERS)  # criterion 1 of the first commune differs
    assert not (tmp_path / "tong-quan-2019.xlsx.part").exists()


def first_commune_row(view, kt):
    return next(r for r in view.rows if r.id == first_commune(kt).id)
