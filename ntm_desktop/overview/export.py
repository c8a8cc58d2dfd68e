"""The overview as shown, to Excel (coloured cells, a totals row) and to a PDF page (landscape
A4, the report fonts). Both written atomically (``files.atomic_write``).

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


def _mark(headings: Headings, letter: str) -> str:
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
            cell = sheet.cell(r, 3 + i, _mark(headings, letter))
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


def write_pdf(view: Grid, rows: Sequence[Row], headings: Headings, out: Path) -> Path:
    """The grid as a table on one landscape A4 page (up to about 90 communes: the rows shrink to
    fit, down to 5 pt type; beyond, the table flows on with its header row repeated), with the
    totals row at the foot."""
    # reportlab ~135 ms with the fonts module (-X importtime, Dec 2026): only when exporting
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from ntm_desktop.reports import fonts  # reportlab's pdfbase, part of the ~135 ms above

    fonts.register()
    page = landscape(A4)
    margin = 6 * mm
    title_height = 19.0
    # rows as high as one page allows (12: the frame's padding): a province's 85-odd communes fit,
    # 5-8 pt type; more rows flow on
    row_height = min(10.5, max(6.0, (page[1] - 2 * margin - 12 - title_height - 2) / (len(rows) + 2)))
    size = min(8.0, row_height - 1.0)
    header = [headings.district, headings.commune] + [str(n) for n in view.numbers] + [headings.met]
    data: list[list[str]] = [header]
    for row in rows:
        data.append([row.district or "", row.name] + [_mark(headings, x) for x in row.statuses] + [str(row.met)])
    data.append(["", headings.total] + [total_text(n, len(rows)) for n in totals(view, rows).values()] + [""])
    usable = page[0] - 2 * margin
    names = 0.36 * usable if len(view.criteria) > 12 else 0.4 * usable
    cell = (usable - names) / (len(view.criteria) + 1)
    table = LongTable(data, colWidths=[names * 0.45, names * 0.55] + [cell] * (len(view.criteria) + 1),
                      repeatRows=1, rowHeights=row_height)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.SERIF, size),
        ("FONT", (0, 0), (-1, 0), fonts.SERIF_BOLD, size),
        ("FONT", (0, -1), (-1, -1), fonts.SERIF_BOLD, size),
        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for r, row in enumerate(rows, start=1):
        for i, letter in enumerate(row.statuses):
            colour = DIFFERS if view.criteria[i].number in row.differs else COLOURS[letter]
            style.append(("BACKGROUND", (2 + i, r), (2 + i, r), colors.HexColor("#" + colour)))
    table.setStyle(TableStyle(style))
    title = Paragraph(headings.title, ParagraphStyle("title", fontName=fonts.SERIF_BOLD, fontSize=12, leading=14,
                                                     spaceAfter=title_height - 14))

    def write(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                                bottomMargin=margin, title=headings.title, author="NTM Desktop",
                                # the canvas would otherwise start in Helvetica, listed (unembedded)
                                initialFontName=fonts.SERIF)
        doc.build([title, table])

    return files.atomic_write(out, write)
