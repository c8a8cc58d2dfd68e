"""The overview's exports: the rows shown, in the order shown, to Excel (coloured cells, the
totals row "N/M") and to landscape A4 PDF with the embedded report fonts (read back with
openpyxl, pdftotext and pdffonts)."""

from __future__ import annotations

import re
import subprocess

import openpyxl

from ntm_desktop import overview
from ntm_desktop.overview.export import COLOURS, DIFFERS, Headings, write_pdf, write_xlsx
from tests.overview.conftest import first_commune
from tests.reports.test_data import pdf_fonts, pdf_text

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


def test_pdf_page(kt, tmp_path):
    view = overview.grid(kt, 2019)
    rows = view.rows
    out = write_pdf(view, rows, HEADINGS, tmp_path / "tong-quan-2019.pdf")
    words = pdf_text(out)
    assert HEADINGS.title in words
    met = overview.totals(view, rows)
    for number in view.numbers:
        assert f"{met[number]}/{len(rows)}" in words
    for row in rows[:5]:
        assert row.name in words
    fonts = pdf_fonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    assert any("NTMSerif" in f["name"] or "Liberation" in f["name"] for f in fonts)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages: +1\n", info) and "841.89 x 595.276" in info  # 85 communes: one landscape page


def test_pdf_ten_criteria_one_page(kt, tmp_path):
    view = overview.grid(kt, 2026)
    out = write_pdf(view, view.rows, HEADINGS, tmp_path / "tong-quan-2026.pdf")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages: +1\n", info)
    words = pdf_text(out)
    met = overview.totals(view, view.rows)
    assert f"{met[1]}/{len(view.rows)}" in words and f"{met[10]}/{len(view.rows)}" in words
