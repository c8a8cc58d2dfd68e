"""The overview as shown, to Excel (coloured cells, a totals row), written atomically
(``files.atomic_write``); the PDF (and so the printed pages) is :mod:`.pdf`, from the same
``Headings``.

The caller gives the words (``Headings``: the window's catalog, Vietnamese first); the
figures come from the grid and the rows shown, in the order shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ntm_desktop import files
from ntm_desktop.overview.grid import MET, NOT_MET, Grid, Row
from ntm_desktop.overview.views import total_text, totals

# the scorecard's colours (ui/scorecard/model.py): met, not met, no data, official ≠ computed
COLOURS = {MET: "D7F0D2", NOT_MET: "F8D7D3", "-": "EEEEEE"}
DIFFERS = "FDE7B0"


@dataclass(frozen=True)
class Headings:
    title: str  # "Tổng quan năm 2020 — QĐ 1980 (19 tiêu chí)"
    district: str
    commune: str
    met: str
    band: str
    total: str
    marks: tuple[str, str, str] = ("Đ", "K", "")  # met, not met, no data, as the cells read
    scope: str = ""  # the filters applied, one line ("" when every commune is shown)
    legend: str = ""  # what the marks and colours mean, one line (the PDF's pages)


def mark(headings: Headings, letter: str) -> str:
    return {MET: headings.marks[0], NOT_MET: headings.marks[1]}.get(letter, headings.marks[2])


def _band_text(view: Grid, row: Row) -> str:
    band = view.shape.band_of(row.met)
    return band.text() if band else ""


def write_xlsx(view: Grid, rows: Sequence[Row], headings: Headings, out: Path) -> Path:
    """One sheet: a title, a header row, one row per commune shown, the totals ("57/85")."""
    # ~145 ms (-X importtime, Dec 2026): only when exporting (the window never loads it at start)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = str(view.year)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in COLOURS.items()}
    differs = PatternFill("solid", fgColor=DIFFERS)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center")
    sheet.append([headings.title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = [headings.district, headings.commune] + [str(n) for n in view.numbers] + [headings.met, headings.band]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = bold
        cell.alignment = centre
    first = 3
    for r, row in enumerate(rows, start=first):
        sheet.cell(r, 1, row.district or "")
        sheet.cell(r, 2, row.name)
        for i, letter in enumerate(row.statuses):
            cell = sheet.cell(r, 3 + i, mark(headings, letter))
            cell.fill = differs if view.criteria[i].number in row.differs else fills[letter]
            cell.alignment = centre
        sheet.cell(r, 3 + len(view.criteria), row.met).alignment = centre
        sheet.cell(r, 4 + len(view.criteria), _band_text(view, row))
    last = first + len(rows)
    sheet.cell(last, 2, headings.total).font = bold
    for i, n in enumerate(totals(view, rows).values()):
        cell = sheet.cell(last, 3 + i, total_text(n, len(rows)))
        cell.font = bold
        cell.alignment = centre
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 22
    for i in range(len(view.criteria)):
        sheet.column_dimensions[get_column_letter(3 + i)].width = 7
    sheet.column_dimensions[get_column_letter(4 + len(view.criteria))].width = 28
    sheet.freeze_panes = "C3"
    return files.atomic_write(out, lambda tmp: book.save(tmp))
