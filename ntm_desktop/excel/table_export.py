"""Export of the criteria table in the legacy layout (CONTRACT §2), for a year and scope.

The file imports back unchanged with :mod:`ntm_desktop.excel.table_import`: one row a commune,
TC1..TC19, a count column, and a total row holding plain numbers (not formulas, so any
reader can cross-check it). Text that Excel could take for a formula is written as text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ntm_desktop import criteria, files, text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.store.database import Store
from ntm_desktop.summary import communes_in_scope, met_by_commune

FORMULA_STARTS = ("=", "+", "-", "@")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


class ExportCancelled(NtmError):
    """The person cancelled the export; nothing was written."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("import.cancelled")


def safe_text(cell: Any, value: str) -> None:
    """Put ``value`` in ``cell`` as text, never as a formula."""
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.style = "Normal"
        cell.quotePrefix = True


def export_table(
    store: Store, year: int, out: Path, district: str | None = None, set_code: str | None = None, *,
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the criteria table of ``year`` (one district or all) to ``out`` atomically.

    ``progress(done, total)`` is told the communes written (and once more when the file is
    saved); a ``cancelled()`` that turns true stops the export before anything is written
    (:class:`ExportCancelled`)."""
    cs = criteria.get_set(store, set_code or criteria.set_for_year(store, year))
    numbers = [c.number for c in cs.criteria]
    dist = units.resolve_district(store, district) if district else None
    communes = communes_in_scope(store, year, dist.id if dist else None)
    communes.sort(key=lambda c: (text.sort_key(c["district"]), text.sort_key(c["name"])))
    met = met_by_commune(store, year, cs.id)
    notes = {
        r["commune_id"]: r["notes"]
        for r in store.query(
            "SELECT r.commune_id, group_concat('TC' || c.number || ': ' || r.note, '; ') AS notes"
            " FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
            " WHERE r.year = ? AND r.period = ? AND c.set_id = ? AND r.note IS NOT NULL GROUP BY r.commune_id",
            [year, str(year), cs.id],
        )
    }
    wb = Workbook()
    ws = wb.active
    ws.title = f"TH {year}"
    scope = f" — {dist.name}" if dist else ""
    ws.append([f"KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NÔNG THÔN MỚI NĂM {year}{scope}"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(numbers) + 5)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"({cs.name}; {cs.decision})"])
    header = ["STT", "Huyện", "Tên xã", *[f"TC{n}" for n in numbers], "Tổng số tiêu chí đạt", "Ghi chú"]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.border = _BORDER
    steps = len(communes) + 1
    for index, commune in enumerate(communes, start=1):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None and index % 50 == 1:
            progress(index - 1, steps)
        got = met.get(commune["id"], set())
        row = ws.max_row + 1
        ws.cell(row, 1, index)
        safe_text(ws.cell(row, 2), commune["district"])
        safe_text(ws.cell(row, 3), commune["name"])
        for offset, number in enumerate(numbers):
            ws.cell(row, 4 + offset, "x" if number in got else None)
        ws.cell(row, 4 + len(numbers), len(got & set(numbers)))
        if notes.get(commune["id"]):
            safe_text(ws.cell(row, 5 + len(numbers)), notes[commune["id"]])
        for cell in ws[row]:
            cell.border = _BORDER
    total = ws.max_row + 1
    ws.cell(total, 3, "Tổng cộng").font = Font(bold=True)
    for offset, number in enumerate(numbers):
        ws.cell(total, 4 + offset, sum(1 for c in communes if number in met.get(c["id"], set())))
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 20
    ws.column_dimensions[ws.cell(3, 5 + len(numbers)).column_letter].width = 30
    for offset in range(len(numbers)):
        ws.column_dimensions[ws.cell(3, 4 + offset).column_letter].width = 5.5
    ws.freeze_panes = "D4"
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    written = files.atomic_write(out, wb.save)
    if progress is not None:
        progress(steps, steps)
    return written
