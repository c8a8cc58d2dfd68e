"""The twinning report as PDF: the state of the twinning, the year's reassignments, and the
contribution tables 1a, 1b and 1c as landscape annexes, under the common letterhead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from ntm_desktop.reports import fonts, layout, vn
from ntm_desktop.reports import pdf as report_pdf
from ntm_desktop.reports.letterhead import annex_heading, front_page, signature_block
from ntm_desktop.reports.settings import ReportSettings
from ntm_desktop.reports.twinning import CHANGES, LEVELS, place


def _million(amount: float) -> str:
    """đồng → triệu đồng, up to three decimals (``15.000.000`` → ``15``; ``1.250.000`` → ``1,25``)."""
    return vn.number(round(amount / 1_000_000, 3))


def _cell_value(value: float, money: bool) -> str:
    if not value:
        return "–"
    return _million(value) if money else vn.number(value)


def _assignments_table(figures: dict[str, Any]) -> Flowable:
    st = layout.styles()
    width = layout.frame_width()
    widths = [10 * mm, 0, 18 * mm, 42 * mm, 20 * mm, 30 * mm]
    widths[1] = width - sum(widths)
    rows: list[list[Any]] = [["TT", "Cơ quan, đơn vị", "Cấp", "Xã (thôn) kết nghĩa", "Từ ngày", "Quyết định"]]
    for i, a in enumerate(figures["assignments"], start=1):
        rows.append([str(i), layout.para(a["agency"], st["cell"]), LEVELS.get(a["level"], a["level"]),
                     layout.para(f"{place(a['commune'], a['village'])} ({a['district']})", st["cell"]),
                     vn.date_short(dt.date.fromisoformat(a["from"])), layout.para(a["decision"], st["small"])])
    return layout.grid_table(rows, widths, extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                                  ("ALIGN", (4, 1), (4, -1), "CENTER")])


def _changes_table(figures: dict[str, Any]) -> Flowable:
    st = layout.styles()
    width = layout.frame_width()
    widths = [10 * mm, 20 * mm, 0, 26 * mm, 33 * mm, 33 * mm]
    widths[2] = width - sum(widths)
    rows: list[list[Any]] = [["TT", "Ngày", "Cơ quan, đơn vị", "Nội dung", "Từ xã (thôn)", "Sang xã (thôn)"]]
    for i, c in enumerate(figures["changes"], start=1):
        rows.append([str(i), vn.date_short(dt.date.fromisoformat(c["on"])), layout.para(c["agency"], st["cell"]),
                     layout.para(CHANGES[c["kind"]], st["cell"]),
                     layout.para(f"{c['from']} ({c['from_district']})" if c["from"] else "–", st["cell"]),
                     layout.para(f"{c['to']} ({c['to_district']})" if c["to"] else "–", st["cell"])])
    return layout.grid_table(rows, widths, extra=[("ALIGN", (0, 1), (1, -1), "CENTER")])


def _totals_table(table: dict[str, Any]) -> Flowable:
    st = layout.styles()
    width = layout.frame_width("landscape")
    kinds = table["kinds"]
    name_head = "Xã" if table["by"] == "commune" else "Cơ quan, đơn vị"
    places_head = "Cơ quan kết nghĩa" if table["by"] == "commune" else "Xã (thôn) kết nghĩa"
    fixed = [9 * mm, 46 * mm, 44 * mm, 22 * mm] if len(kinds) <= 6 else [9 * mm, 40 * mm, 34 * mm, 20 * mm]
    col = (width - sum(fixed)) / max(len(kinds), 1)
    widths = [fixed[0], fixed[1], fixed[2], *[col] * len(kinds), fixed[3]]
    head = ["TT", name_head, places_head,
            *[f"{k['label']} ({'triệu đồng' if k['money'] else k['unit']})" for k in kinds],
            "Tổng giá trị (triệu đồng)"]
    rows: list[list[Any]] = [[layout.para(h, st["small_head"]) for h in head]]
    for i, r in enumerate(table["rows"], start=1):
        rows.append([str(i), layout.para(r["name"], st["small"]),
                     layout.para(vn.join(r["places"], "và"), st["small"]),
                     *[_cell_value(r["columns"].get(k["code"], 0), k["money"]) for k in kinds],
                     _cell_value(r["value"], True)])
    total = table["total"]
    rows.append(["", "Tổng cộng", "", *[_cell_value(total["columns"].get(k["code"], 0), k["money"]) for k in kinds],
                 _cell_value(total["value"], True)])
    last = len(rows) - 1
    return layout.grid_table(rows, widths, font_size=9.5, extra=[
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
        ("FONTNAME", (0, last), (-1, last), fonts.SERIF_BOLD), ("SPAN", (1, last), (2, last)),
    ])


def twinning_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> list[Flowable]:
    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    subtitle = (f"Kết quả thực hiện công tác kết nghĩa xây dựng nông thôn mới năm {figures['year']} "
                f"{vn.keep('trên địa bàn')} {vn.keep(phrase)}")
    story = front_page(settings, date, subtitle)
    as_of = vn.date_short(dt.date.fromisoformat(figures["as_of"]))
    if not figures["has_data"]:
        story.append(layout.para(
            f"Năm {figures['year']}, {phrase} chưa có số liệu về kết nghĩa (chưa ghi kết nghĩa, phân công hoặc"
            " đóng góp nào trong cơ sở dữ liệu). Vì vậy báo cáo này không có kết quả để tổng hợp.", st["body"]))
        story.append(signature_block(settings, layout.frame_width()))
        return story
    story.append(layout.para("I. TÌNH HÌNH KẾT NGHĨA", st["heading"]))
    villages = f" và {vn.count2(figures['villages'])} thôn" if figures["villages"] else ""
    if figures["assignments"]:
        story.append(layout.para(
            f"Đến ngày {as_of}, {phrase} có {vn.count2(figures['agencies'])} cơ quan, đơn vị kết nghĩa với"
            f" {vn.count2(figures['communes'])} xã{villages}, cụ thể như sau:", st["body"]))
        story.append(_assignments_table(figures))
    else:
        story.append(layout.para(f"Đến ngày {as_of}, {phrase} không còn kết nghĩa nào đang hiệu lực.", st["body"]))
    story.append(layout.para(f"II. PHÂN CÔNG LẠI, PHÂN CÔNG MỚI TRONG NĂM {figures['year']}", st["heading"]))
    counts = figures["counts"]
    if figures["changes"]:
        story.append(layout.para(
            f"Trong năm {figures['year']}, có {vn.count2(counts['reassigned'])} cơ quan, đơn vị được phân công lại,"
            f" {vn.count2(counts['new'])} cơ quan, đơn vị được phân công mới và {vn.count2(counts['ended'])} kết nghĩa"
            " kết thúc không có phân công thay thế.", st["body"]))
        story.append(_changes_table(figures))
    else:
        story.append(layout.para(f"Trong năm {figures['year']} không có thay đổi về phân công kết nghĩa.", st["body"]))
    story.append(layout.para("III. KẾT QUẢ GIÚP ĐỠ CỦA CÁC CƠ QUAN, ĐƠN VỊ KẾT NGHĨA", st["heading"]))
    for table in figures["tables"]:
        total = table["total"]
        receivers = "xã" if table["by"] == "commune" else "cơ quan, đơn vị"
        text = (f"{table['title']}: {vn.count2(len(table['rows']))} {receivers},"
                f" {total['entries']} lượt đóng góp, tổng giá trị {_million(total['value'])} triệu đồng"
                " (chi tiết tại phụ lục).")
        story.append(layout.para(text, st["body"]))
    story.append(layout.para("Số tiền ghi bằng triệu đồng; số lượng theo đơn vị ghi ở đầu cột; «–»: không có.",
                             st["note"]))
    story.append(signature_block(settings, layout.frame_width()))
    annex: list[Flowable] = []
    for i, table in enumerate(figures["tables"]):
        if i:
            annex.append(PageBreak())
        heading = vn.upper(table["title"].split(": ", 1)[-1]) + f" NĂM {figures['year']}"
        annex += annex_heading(f"Biểu {table['code']}", heading, settings, date)
        annex.append(_totals_table(table))
    story += layout.landscape_section(annex)
    return story


def write_pdf(figures: dict[str, Any], settings: ReportSettings, date: dt.date, out: Path, *, demo: bool = False,
              progress: Any = None, cancelled: Any = None) -> int:
    return report_pdf.write_pdf(figures, settings, date, out, demo=demo, progress=progress, cancelled=cancelled,
                 story=twinning_story(figures, settings, date))
