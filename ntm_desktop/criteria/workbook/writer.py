"""Writing a loaded set in the layout of the decisions' appendices (CONTRACT §7): title rows,
the header (a merged super-header over the region or group columns), group rows, criterion
rows with their number and name merged down over their indicators, one threshold column per
column of the set. :mod:`.reader` reads it back to the same criteria, indicators and
thresholds; what the layout has no place for (bands, rules, thresholds by year) stays out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ntm_desktop import files
from ntm_desktop.criteria.model import CriteriaSet
from ntm_desktop.criteria.workbook import labels
from ntm_desktop.criteria.workbook.differences import shown

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_ROMANS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMANS:
        while number >= value:
            out, number = out + letters, number - value
    return out


def write_workbook(cs: CriteriaSet, out: Path | str) -> Path:
    """Write ``cs`` to ``out`` (.xlsx, replaced atomically); returns the path."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    columns = cs.column_keys() or ("*",)
    last = 3 + len(columns)
    for row, (value, bold) in enumerate(((f"PHỤ LỤC — {cs.code}", True), (cs.name, True),
                                         (cs.decision or "", False)), start=1):
        ws.cell(row, 1, value).font = Font(bold=bold, italic=not bold)
        ws.cell(row, 1).alignment = _CENTRE
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    head = 5
    split = any(c != "*" for c in columns)
    titles = ["TT", "Tên tiêu chí", "Nội dung tiêu chí"]
    for col, title in enumerate(titles, start=1):
        ws.cell(head, col, title)
    for offset, column in enumerate(columns):
        col = 4 + offset
        if column == "*" or not split:
            ws.cell(head, col, labels.column_title(column))
        else:
            ws.cell(head + 1, col, labels.column_title(column))
    if split:
        regional = [4 + i for i, c in enumerate(columns) if c != "*"]
        ws.cell(head, regional[0], labels.group_header(cs.columns))
        ws.merge_cells(start_row=head, start_column=regional[0], end_row=head, end_column=regional[-1])
        for col in [1, 2, 3, *(4 + i for i, c in enumerate(columns) if c == "*")]:
            ws.merge_cells(start_row=head, start_column=col, end_row=head + 1, end_column=col)
    header_rows = (head, head + 1) if split else (head,)
    for row in header_rows:
        for col in range(1, last + 1):
            ws.cell(row, col).font = Font(bold=True)
            ws.cell(row, col).alignment = _CENTRE
            ws.cell(row, col).border = _BOX
    row = header_rows[-1] + 1
    group = None
    for crit in cs.criteria:
        if crit.group_code != group:
            group = crit.group_code
            index = len({c.group_code for c in cs.criteria[: cs.criteria.index(crit) + 1]})
            tt = group if labels.roman(group) else roman(index)
            ws.cell(row, 1, tt).font = Font(bold=True)
            ws.cell(row, 2, crit.group_name).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
            for col in range(1, last + 1):
                ws.cell(row, col).border = _BOX
            row += 1
        first = row
        ws.cell(row, 1, crit.number).alignment = _CENTRE
        ws.cell(row, 2, crit.name).alignment = _WRAP
        for ind in crit.indicators or ():
            ws.cell(row, 3, f"{ind.code}. {ind.name}").alignment = _WRAP
            for offset, column in enumerate(columns):
                cell = ws.cell(row, 4 + offset, shown(cs, ind, column) or None)
                cell.alignment = _CENTRE
            for col in range(1, last + 1):
                ws.cell(row, col).border = _BOX
            row += 1
        if row - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
            ws.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    widths = {"A": 6, "B": 24, "C": 60}
    for col in range(4, last + 1):
        widths[get_column_letter(col)] = 13
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"D{header_rows[-1] + 1}"
    return files.atomic_write(out, wb.save)
