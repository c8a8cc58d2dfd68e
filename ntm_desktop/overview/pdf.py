"""The overview as shown, as a PDF that prints and reads in black and white: landscape A4 in
the report fonts (text kept as text, the fonts embedded), rows in 9 pt type, as many pages as
the communes need with the header row repeated on each, every status cell marked (Đ/K or
✓/✗ as the caller's ``Headings`` read) as well as coloured, the legend, the scope, the date
and page on every page, and the demo database's «DEMO» mark as the reports carry it.

The window prints the same file (the PDF → printer path of the reports), so the printed pages
are these pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ntm_desktop import files
from ntm_desktop.overview.export import COLOURS, DIFFERS, Headings, mark
from ntm_desktop.overview.grid import Grid, Row
from ntm_desktop.overview.views import total_text, totals

SIZE = 9.0  # the rows' type (the reviewer's floor: about 9 pt)
ROW = 12.5  # a row's height, points


def write_pdf(view: Grid, rows: Sequence[Row], headings: Headings, out: Path, *,
              day: dt.date | None = None, demo: bool = False) -> Path:
    """The grid on landscape A4 pages: the title, the scope and the legend, then one row per
    commune shown (in the order shown) and the totals row ("57/85") at the foot."""
    # reportlab ~135 ms with the fonts module (-X importtime, Dec 2026): only when exporting
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from ntm_desktop.reports import fonts, layout, vn  # reportlab's pdfbase, part of the ~135 ms above

    fonts.register()
    page = landscape(A4)
    side, top, bottom = 12 * mm, 14 * mm, 16 * mm
    stamp = vn.date_short(day or dt.date.today())
    n = len(view.criteria)
    header = [headings.district, headings.commune] + [str(x) for x in view.numbers] + [headings.met]
    data: list[list[str]] = [header]
    for row in rows:
        data.append([row.district or "", row.name] + [mark(headings, x) for x in row.statuses] + [str(row.met)])
    data.append(["", headings.total] + [total_text(x, len(rows)) for x in totals(view, rows).values()] + [""])
    usable = page[0] - 2 * side
    names = 0.34 * usable if n > 12 else 0.4 * usable
    met = fonts.width(headings.met, fonts.SERIF_BOLD, SIZE) + 5  # "Số TC đạt" on one line
    cell = (usable - names - met) / n
    table = LongTable(data, colWidths=[names * 0.42, names * 0.58] + [cell] * n + [met], repeatRows=1,
                      rowHeights=ROW)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.SERIF, SIZE),
        # the marks' font: DejaVu Sans has ✓ ✗ (Liberation Serif lacks them) as well as Đ K
        ("FONT", (2, 1), (1 + n, -2), fonts.MARKS, SIZE - 0.5),
        ("FONT", (0, 0), (-1, 0), fonts.SERIF_BOLD, SIZE),
        ("FONT", (0, -1), (-1, -1), fonts.SERIF_BOLD, SIZE - 0.5 if n > 12 else SIZE),
        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#606060")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (2, 0), (-1, -1), 0.5),
        ("RIGHTPADDING", (2, 0), (-1, -1), 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for r, row in enumerate(rows, start=1):
        for i, letter in enumerate(row.statuses):
            colour = DIFFERS if view.criteria[i].number in row.differs else COLOURS[letter]
            style.append(("BACKGROUND", (2 + i, r), (2 + i, r), colors.HexColor("#" + colour)))
    table.setStyle(TableStyle(style))
    flow: list[Any] = [Paragraph(vn.markup(headings.title), ParagraphStyle(
        "title", fontName=fonts.SERIF_BOLD, fontSize=13, leading=16, spaceAfter=2))]
    plain = ParagraphStyle("line", fontName=fonts.SERIF, fontSize=10, leading=12.5, spaceAfter=2)
    if headings.scope:  # (the legend: at the foot of every page)
        flow.append(Paragraph(vn.markup(headings.scope), plain))
    flow[-1].style = ParagraphStyle("last", parent=flow[-1].style, spaceAfter=6)
    flow.append(table)

    def decorate(canvas: Any, doc: Any) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(fonts.SERIF, 9)
        # every page says what it is, when it was made and where it stands (a loose page still reads)
        canvas.drawString(side, height - 8 * mm, vn.nfc(headings.title))
        canvas.drawRightString(width - side, height - 8 * mm, f"{stamp} · {doc.page}")
        if headings.legend:
            canvas.drawString(side, 5 * mm, vn.nfc(headings.legend))
        if demo:
            layout.draw_demo(canvas, width, height)
        canvas.restoreState()

    def write(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=page, leftMargin=side, rightMargin=side, topMargin=top,
                                bottomMargin=bottom, title=vn.nfc(headings.title), author="NTM Desktop",
                                creator="NTM Desktop",
                                # the canvas would otherwise start in Helvetica, listed (unembedded)
                                initialFontName=fonts.SERIF)
        doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)

    return files.atomic_write(out, write)
