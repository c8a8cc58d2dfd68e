"""Workbooks that print (issue 21 part 5): every sheet on A4, in the orientation its width needs,
fitted to the page width, with its table's header rows repeated on every page, in Liberation
Serif (Times New Roman's metric twin, the PDFs' font) at 12 pt or more, and amounts shown
``1.847,561`` with no trailing separator (``#,##0.###`` showed «1.847,» for a whole number)."""

from __future__ import annotations

import textwrap
from copy import copy

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"  # Liberation Serif has its metrics; Excel and LibreOffice both have one of them
SIZE = 12
HEADINGS = ("TT", "STT", "Tiêu chí số")
# sheets laid out as a document (letterhead, several short tables, signature): no header repeated
# (the criteria table's header stood over the band table on the second page)
DOCUMENT_SHEETS = ("Tổng hợp",)
HEADER_SEARCH = 40  # rows searched for a table's header (a letterhead and titles stand above it)
AMOUNT = "#,##0.0##"  # 1847.561 → «1.847,561», 2.5 → «2,5»: never a separator with no digit after it
WHOLE = "#,##0"
BILLIONS = "#,##0.000"  # tỷ đồng with three decimals (CONTRACT §8): 920,7 → «920,700», 2 → «2,000»
MILLIONS = WHOLE  # triệu đồng: whole numbers (920700 → «920.700»)
# Prose in a wrapped cell: Excel and LibreOffice do not grow a row whose height was never set
# when it is printed (LibreOffice's PDF overlapped and clipped the lines), so the height is set
# from the text. 146 column units held about 120 letters of 12 pt Times New Roman.
LETTERS_PER_UNIT = 0.8
LINE_POINTS = 16.5  # one line of 12-13 pt text with its leading
# Printable width in Excel's column units (about 1.85 mm each at Calibri 11, the default width's
# font) between margins of 0.6": A4 portrait 179,5 mm, landscape 266,5 mm. A sheet whose columns
# add up to more than the portrait width (with 10% to spare) prints landscape, so that fitting
# to the page's width shrinks it least.
PORTRAIT_UNITS = 97
DEFAULT_WIDTH = 8.43


def sheet_width(ws: Worksheet) -> float:
    """The sum of the widths of the sheet's used columns, in Excel's column units."""
    return columns_width(ws, 1, ws.max_column)


def _header_row(ws: Worksheet) -> int | None:
    """The first row whose first cell reads TT, STT or «Tiêu chí số» (a table's header), within the
    first HEADER_SEARCH rows."""
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH), max_col=1):
        value = row[0].value
        if isinstance(value, str) and value.strip() in HEADINGS:
            return row[0].row
    return None


def prepare_sheet(ws: Worksheet) -> None:
    """A4, landscape when wide, fitted to one page wide (as many pages down as needed), the header
    rows repeated, the body font at least 12 pt, and no number format ending in a separator."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = sheet_width(ws) > PORTRAIT_UNITS * 1.1
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    header = _header_row(ws) if ws.title not in DOCUMENT_SHEETS else None
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
            if cell.number_format.endswith(".###"):  # «1.847,» for a whole number: per value instead
                whole = isinstance(cell.value, int) or (isinstance(cell.value, float) and cell.value.is_integer())
                cell.number_format = WHOLE if whole else AMOUNT


def columns_width(ws: Worksheet, first: int, last: int) -> float:
    """The width of columns ``first``..``last`` in Excel's column units."""
    total = 0.0
    for index in range(first, last + 1):
        dim = ws.column_dimensions.get(get_column_letter(index))
        total += dim.width if dim is not None and dim.width else DEFAULT_WIDTH
    return total


def prose_height(text: str, units: float) -> float:
    """The row height (points) that shows ``text`` wrapped in a cell ``units`` wide, every line."""
    per_line = max(8, int(units * LETTERS_PER_UNIT))
    lines = sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))
    return LINE_POINTS * lines + 3


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
