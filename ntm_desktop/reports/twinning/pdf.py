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
from ntm_desktop.reports.twinning import sentences as words


def _cell_value(value: float, money: bool) -> str:
    if not value:
        return "–"
    return words.million(value) if money else vn.number(value)


def _assignments_table(figures: dict[str, Any]) -> Flowable:
    st = layout.styles()
    width = layout.frame_width()
    widths = [10 * mm, 0, 18 * mm, 42 * mm, 20 * mm, 30 * mm]
    widths[1] = width - sum(widths)
    rows: list[list[Any]] = [["TT", "Cơ quan, đơn vị", "Cấp", "Xã (thôn) kết nghĩa", "Từ ngày", "Quyết định"]]
    for i, a in enumerate(figures["assignments"], start=1):
        rows.append([str(i), layout.para(a["agency"], st["cell"]), LEVELS.get(a["level"], a["level"]),
                     layout.para(f"{place(a['commune'], a['village'], a.get('commune_kind'))} ({a['district']})",
                                 st["cell"]),
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
    if not figures["has_data"]:  # the closing paragraph stays with the signature (never a page of it alone)
        story.append(signature_block(settings, layout.frame_width(),
                                     [layout.para(words.no_data_sentence(figures), st["body"])]))
        return story
    story.append(layout.para("I. TÌNH HÌNH KẾT NGHĨA", st["heading"]))
    story.append(layout.para(words.situation_sentence(figures), st["body"]))
    if figures["assignments"]:
        story.append(_assignments_table(figures))
    story.append(layout.para(f"II. PHÂN CÔNG LẠI, PHÂN CÔNG MỚI TRONG NĂM {figures['year']}", st["heading"]))
    story.append(layout.para(words.changes_sentence(figures), st["body"]))
    story += [layout.para(f"- {words.change_line(c)}", st["body"]) for c in figures["changes"]]
    if figures["changes"]:
        story.append(_changes_table(figures))
    story.append(layout.para("III. KẾT QUẢ GIÚP ĐỠ CỦA CÁC CƠ QUAN, ĐƠN VỊ KẾT NGHĨA", st["heading"]))
    for level in LEVELS:
        line = words.contributions_sentence(figures, level)
        if line:
            story.append(layout.para(line, st["body"]))
    # the last body paragraphs (the lines of tables 1a-1c) and the closing note go with «Nơi nhận»
    # and the signature: the signed page always holds some of the report's body
    closing = [layout.para(words.table_line(table), st["body"]) for table in figures["tables"]]
    story.append(signature_block(settings, layout.frame_width(),
                                 [*closing, layout.para(words.NO_DATA_NOTE, st["note"])]))
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
