"""Review findings 9, 10 and 17 on the report workbooks: the funding sheet's number formats and
sources, and the prose of the «Báo cáo» sheet printed whole (LibreOffice's PDF of it read back)."""

from __future__ import annotations

import math
import shutil
import subprocess

import openpyxl
import pytest
from openpyxl import Workbook

from ntm_desktop import i18n
from ntm_desktop.reports import fonts, print_setup, xlsx
from tests.reports.test_cli import report
from tests.reports.test_data import flat


def _funding_figures():
    year = {"from": 2020, "to": 2020, "total": 922_700.0, "by_source": {"central": 920_700.0, "local": 2_000.0}}
    phase = {"from": 2016, "to": 2020, "total": 1_847_561.0,
             "by_source": {"central": 1_800_000.0, "local": 47_000.0, "people": 561.0}}
    return {"funding": {"year": year, "phase": phase}}


def test_funding_sheet_shows_billions_with_three_decimals_and_every_source(tmp_path):
    wb = Workbook()
    ws = wb.active
    xlsx._funding_sheet(ws, _funding_figures(), demo=False)
    print_setup.prepare(wb)
    wb.save(tmp_path / "v.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "v.xlsx").active
    rows = [r for r in ws.iter_rows() if isinstance(r[2].value, (int, float))]
    labels = [r[1].value for r in rows]
    # the source present only in the phase is listed; names are the catalog's, in Vietnamese
    assert labels == [i18n.MESSAGES[f"fund.source.{s}"][0] for s in ("central", "local", "people")] + ["Tổng cộng"]
    central = rows[0]
    assert [c.value for c in central[2:4]] == [920_700, 920.7]
    assert central[2].number_format == "#,##0" and central[3].number_format == "#,##0.000"  # CONTRACT §8
    assert all(r[3].number_format == r[5].number_format == "#,##0.000" for r in rows)
    assert all(r[2].number_format == r[4].number_format == "#,##0" for r in rows)
    assert rows[1][4].value == 47_000 and rows[2][2].value == 0  # «people»: nothing in the year


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_report_sheet_prints_every_line(report_db, tmp_path):
    """Finding 10: wrapped prose rows had no height; LibreOffice printed them overlapped and clipped."""
    out = tmp_path / "huyen.xlsx"
    report(report_db, out, "district", 2019, "--district", "Đăk Hà", "--format", "xlsx", "--date", "2026-11-15")
    wb = openpyxl.load_workbook(out)
    ws = wb["Báo cáo"]
    lines = [(r[0].row, r[0].value) for r in ws.iter_rows(min_row=3) if isinstance(r[0].value, str)]
    assert len(lines) >= 5
    fonts.register()
    width_pt = (ws.column_dimensions["A"].width * 7 + 5) * 0.75  # Excel's column units → pixels → points
    for row, line in lines:
        needed = math.ceil(fonts.width(line, fonts.SERIF, 12) / (width_pt - 6))  # lines at 12 pt, measured
        assert ws.row_dimensions[row].height >= needed * 12 * 1.15, (row, line)
    for name in wb.sheetnames:  # the one sheet to print
        if name != "Báo cáo":
            del wb[name]
    wb.save(tmp_path / "bao-cao.xlsx")
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "bao-cao.xlsx")], check=True, capture_output=True,
                   timeout=180)
    printed = flat(subprocess.run(["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout)
    for _row, line in lines:  # every sentence whole and in order: nothing clipped, no lines mixed
        assert flat(line) in printed, line
