"""Workbooks that print (issue 21 part 5): every sheet on A4, in the orientation its width needs,
fitted to the page width, with its table's header rows repeated on every page, in Liberation
Serif (Times New Roman's metric twin, the PDFs' font) at 12 pt or more, and amounts with three
decimals and no trailing separator (``#,##0.###`` showed «1.847,»)."""

from __future__ import annotations

from copy import copy

from openpyxl import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"  # Liberation Serif has its metrics; Excel and LibreOffice both have one of them
SIZE = 12
WIDE = 8  # columns beyond which a sheet prints landscape
HEADINGS = ("TT", "STT")


def _header_row(ws: Worksheet) -> int | None:
    """The first row whose first cell reads TT or STT (a table's header), within the first 15 rows."""
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 15), max_col=1):
        value = row[0].value
        if isinstance(value, str) and value.strip() in HEADINGS:
            return row[0].row
    return None


def prepare_sheet(ws: Worksheet) -> None:
    """A4, landscape when wide, fitted to one page wide (as many pages down as needed), the header
    rows repeated, the body font at least 12 pt, and no number format ending in a separator."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if ws.max_column > WIDE else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    header = _header_row(ws)
    if header is not None:
        last = header + 1 if _is_header(ws, header + 1) else header  # a two-row header (merged groups)
        ws.print_title_rows = f"{header}:{last}"
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            font = copy(cell.font)
            font.name = FONT
            font.sz = max(SIZE, font.sz or SIZE)
            cell.font = font
            if cell.number_format.endswith(".###"):
                cell.number_format = cell.number_format[: -len(".###")] + ".000"


def _is_header(ws: Worksheet, row: int) -> bool:
    """Whether ``row`` continues a header: its first cell empty and some other cell a text label."""
    first = ws.cell(row, 1).value
    if first not in (None, ""):
        return False
    return any(isinstance(c.value, str) and c.value.strip() for c in ws[row][1:])


def prepare(wb: Workbook) -> Workbook:
    """Every sheet of ``wb`` ready to print."""
    for ws in wb.worksheets:
        prepare_sheet(ws)
    return wb
