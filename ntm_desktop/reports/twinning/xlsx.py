"""The twinning report as an Excel workbook: the summary sheet as the document (letterhead, the
report's sentences, the assignments, the signature), the reassignments and one sheet per
contribution table, with amounts in đồng as numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ntm_desktop.reports import print_setup, vn
from ntm_desktop.reports.settings import ReportSettings
from ntm_desktop.reports.twinning import CHANGES, LEVELS, place
from ntm_desktop.reports.twinning import sentences as words
from ntm_desktop.reports.xlsx import put_letterhead, put_prose, put_signature, put_table, put_title, set_widths


def _sentences(ws: Worksheet, figures: dict[str, Any], top: int) -> int:
    """The report's sentences (the PDF's), one merged row each with its height set
    (:func:`..xlsx.put_prose`); returns the next free row."""
    lines = [words.no_data_sentence(figures)] if not figures["has_data"] else [
        words.situation_sentence(figures), words.changes_sentence(figures),
        *[f"- {words.change_line(c)}" for c in figures["changes"]],
        *[line for line in (words.contributions_sentence(figures, level) for level in LEVELS) if line]]
    return put_prose(ws, top, lines, 7) + 1


def write_xlsx(
    figures: dict[str, Any], settings: ReportSettings, date: dt.date, out: Path, *, demo: bool = False
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết nghĩa"
    phrase = figures["scope"]["phrase"]
    as_of = vn.date_short(dt.date.fromisoformat(figures["as_of"]))
    # the summary sheet is the document: letterhead, the report's sentences, the table, the signature
    start = put_title(ws, [], 7, demo) - 1 if demo else 1
    start = put_letterhead(ws, settings, date, 7, left=2, start=start)
    top = put_title(ws, [f"KẾT NGHĨA XÂY DỰNG NÔNG THÔN MỚI NĂM {figures['year']} – {vn.upper(phrase)}",
                         f"(các kết nghĩa đang hiệu lực ngày {as_of})"], 7, False, start)
    set_widths(ws, [6, 40, 12, 18, 28, 12, 30])  # before the sentences: their rows' heights follow the width
    top = _sentences(ws, figures, top)
    rows = [[i, a["agency"], LEVELS.get(a["level"], a["level"]), a["district"],
             place(a["commune"], a["village"], a.get("commune_kind")), dt.date.fromisoformat(a["from"]), a["decision"]]
            for i, a in enumerate(figures["assignments"], start=1)]
    end = put_table(ws, top, ["TT", "Cơ quan, đơn vị", "Cấp", "Huyện", "Xã (thôn)", "Từ ngày", "Quyết định"], rows)
    for row in ws.iter_rows(min_row=top + 1, max_row=end - 2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    put_signature(ws, settings, end, 7, left=2)
    ch = wb.create_sheet("Phân công lại")
    top = put_title(ch, [f"PHÂN CÔNG LẠI, PHÂN CÔNG MỚI NĂM {figures['year']}"], 8, demo)
    rows = [[i, dt.date.fromisoformat(c["on"]), c["agency"], CHANGES[c["kind"]], c["from"], c["from_district"], c["to"],
             c["to_district"]] for i, c in enumerate(figures["changes"], start=1)]
    put_table(ch, top, ["TT", "Ngày", "Cơ quan, đơn vị", "Nội dung", "Từ xã (thôn)", "Huyện", "Sang xã (thôn)",
                        "Huyện"], rows)
    for row in ch.iter_rows(min_row=top + 1, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    set_widths(ch, [6, 12, 40, 18, 24, 16, 24, 16])
    for table in figures["tables"]:
        sheet = wb.create_sheet(f"Biểu {table['code']}")
        kinds = table["kinds"]
        top = put_title(sheet, [vn.upper(table["title"]) + f" NĂM {figures['year']}"], len(kinds) + 5, demo)
        head = ["TT", "Xã" if table["by"] == "commune" else "Cơ quan, đơn vị", "Huyện", "Nơi kết nghĩa / cơ quan",
                *[f"{k['label']} ({k['unit']})" for k in kinds], "Tổng giá trị (đồng)", "Số lượt đóng góp"]
        rows = [[i, r["name"], r["district"], "; ".join(r["places"]), *[r["columns"].get(k["code"], 0) for k in kinds],
                 r["value"], r["entries"]] for i, r in enumerate(table["rows"], start=1)]
        total = table["total"]
        rows.append([None, "Tổng cộng", None, None, *[total["columns"].get(k["code"], 0) for k in kinds],
                     total["value"], total["entries"]])
        put_table(sheet, top, head, rows, bold_last=True)
        for row in sheet.iter_rows(min_row=top + 1, min_col=5, max_col=5 + len(kinds)):
            for cell in row:
                cell.number_format = "#,##0.###"
        set_widths(sheet, [6, 36, 16, 36, *[14] * len(kinds), 18, 12])
    print_setup.prepare(wb)
    wb.properties.title = vn.nfc(f"Báo cáo kết nghĩa năm {figures['year']}")
    wb.properties.creator = "NTM Desktop"
    wb.save(out)
