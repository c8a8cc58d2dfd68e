"""The twinning report (kết nghĩa): assignments as of a date, the reassignments of the year,
and the contributions in the shape of the review's tables 1a, 1b and 1c.

Built on the twinning capability (:mod:`ntm_desktop.twinning`): ``assignments_as_of``,
``reassignments_between``, ``contribution_totals``, ``TABLES`` and ``CONTRIBUTION_KINDS``.
The whole province groups the tables by agency (the review's form); one district groups
them by commune of that district (what each commune received). Texts are the Vietnamese
of the administrative document, whatever the window's language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from ntm_desktop import i18n, units
from ntm_desktop.reports import fonts, layout, vn
from ntm_desktop.reports.figures import province_unit
from ntm_desktop.reports.settings import ReportSettings
from ntm_desktop.store.database import Store

LEVELS = {"province": "Cấp tỉnh", "district": "Cấp huyện"}
CHANGES = {"reassigned": "Phân công lại", "new": "Phân công mới", "ended": "Kết thúc kết nghĩa"}


def _vi(key: str, **params: object) -> str:
    """The Vietnamese text of a catalog key (the report is Vietnamese whatever the UI language)."""
    return i18n.MESSAGES[key][0].format(**params)  # a missing key is a bug: fail, never print it


def _place(commune: str | None, village: str | None) -> str:
    if not commune:
        return ""
    return f"{village}, xã {commune}" if village else commune


def _decision(number: str | None, on: dt.date | None) -> str:
    if not number and not on:
        return ""
    return " ".join(p for p in (number or "", f"ngày {vn.date_short(on)}" if on else "") if p)


def twinning_figures(
    store: Store, year: int, district: str | None = None, on: dt.date | None = None
) -> dict[str, Any]:
    """The twinning report's figures for a year (and one district, or the province)."""
    from ntm_desktop import twinning as tw

    dist = units.resolve_district(store, district) if district else None
    on = on or dt.date(year, 12, 31)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    active = tw.assignments_as_of(store, on, dist.name if dist else None)
    changes = tw.reassignments_between(store, start, end, include_ended=True)
    if dist is not None:
        changes = [c for c in changes
                   if dist.name in ((c.before.district if c.before else None), (c.after.district if c.after else None))]
    by = "commune" if dist else "agency"
    totals = tw.contribution_totals(store, year, by=by)
    if dist is not None:
        totals = [r for r in totals if r.district == dist.name]
    kinds = {k.code: k for k in tw.CONTRIBUTION_KINDS}
    tables = []
    for spec in tw.TABLES:
        rows = [r for r in totals if r.table == spec.code]
        tables.append({
            "code": spec.code,
            "title": _vi(f"twin.table_{spec.code}"),
            "level": spec.level,
            "by": by,
            "kinds": [{"code": c, "label": kinds[c].vi, "unit": kinds[c].unit_vi, "money": kinds[c].money}
                      for c in spec.kinds],
            "rows": [r.as_json() | {"agency_kind_label": _vi(f"twin.kind.{r.agency_kind}") if r.agency_kind else None}
                     for r in rows],
            "total": tw.sum_rows(rows),
        })
    scope_unit = dist or province_unit(store)
    scope = ({"name": scope_unit.name, "kind": scope_unit.kind, "phrase": vn.unit_phrase(scope_unit.kind, scope_unit.name)}
             if scope_unit else {"name": "", "kind": "tỉnh", "phrase": "toàn tỉnh"})
    assignments = [
        {"agency": a.agency, "level": a.agency_level, "district": a.district, "commune": a.commune,
         "village": a.village, "from": a.start.isoformat(), "decision": _decision(a.decision, a.decision_date)}
        for a in active
    ]
    change_rows = [
        {"kind": c.kind, "on": c.on.isoformat(), "agency": c.agency, "level": c.agency_level,
         "from": _place(c.before.commune, c.before.village) if c.before else "",
         "from_district": c.before.district if c.before else None,
         "to": _place(c.after.commune, c.after.village) if c.after else "",
         "to_district": c.after.district if c.after else None,
         "decision": (_decision(c.after.decision, c.after.decision_date) if c.after
                      else _decision(c.before.end_decision, c.before.end_decision_date) if c.before else "")}
        for c in changes
    ]
    has_data = bool(assignments or change_rows or any(t["total"]["entries"] for t in tables))
    return {
        "kind": "twinning",
        "year": year,
        "as_of": on.isoformat(),
        "scope": scope,
        "district": dist.name if dist else None,
        "has_data": has_data,
        "assignments": assignments,
        "agencies": len({a["agency"] for a in assignments}),
        "communes": len({(a["district"], a["commune"]) for a in assignments if not a["village"]}),
        "villages": len({(a["district"], a["commune"], a["village"]) for a in assignments if a["village"]}),
        "changes": change_rows,
        "counts": {k: sum(1 for c in change_rows if c["kind"] == k) for k in CHANGES},
        "tables": tables,
    }


# -- PDF --------------------------------------------------------------------------------------------


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
                     layout.para(f"{_place(a['commune'], a['village'])} ({a['district']})", st["cell"]),
                     vn.date_short(dt.date.fromisoformat(a["from"])), layout.para(a["decision"], st["small"])])
    return layout.grid_table(rows, widths, extra=[("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (4, 1), (4, -1), "CENTER")])


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
        rows.append([str(i), layout.para(r["name"], st["small"]), layout.para(vn.join(r["places"], "và"), st["small"]),
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
    from ntm_desktop.reports.pdf import (  # the shared front page and annex heading
        _annex_head,
        _front,
    )

    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    subtitle = (f"Kết quả thực hiện công tác kết nghĩa xây dựng nông thôn mới năm {figures['year']} "
                f"{vn.keep('trên địa bàn')} {vn.keep(phrase)}")
    story = _front(settings, date, subtitle)
    as_of = vn.date_short(dt.date.fromisoformat(figures["as_of"]))
    if not figures["has_data"]:
        story.append(layout.para(
            f"Năm {figures['year']}, {phrase} chưa có số liệu về kết nghĩa (chưa ghi kết nghĩa, phân công hoặc"
            " đóng góp nào trong cơ sở dữ liệu). Vì vậy báo cáo này không có kết quả để tổng hợp.", st["body"]))
        story.append(layout.signature_block(settings, layout.frame_width()))
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
        text = (f"{table['title']}: {vn.count2(len(table['rows']))} {'xã' if table['by'] == 'commune' else 'cơ quan, đơn vị'},"
                f" {total['entries']} lượt đóng góp, tổng giá trị {_million(total['value'])} triệu đồng (chi tiết tại phụ lục).")
        story.append(layout.para(text, st["body"]))
    story.append(layout.para("Số tiền ghi bằng triệu đồng; số lượng theo đơn vị ghi ở đầu cột; «–»: không có.", st["note"]))
    story.append(layout.signature_block(settings, layout.frame_width()))
    annex: list[Flowable] = []
    for i, table in enumerate(figures["tables"]):
        if i:
            annex.append(PageBreak())
        annex += _annex_head(f"Biểu {table['code']}", vn.upper(table["title"].split(": ", 1)[-1]) + f" NĂM {figures['year']}",
                             settings, date)
        annex.append(_totals_table(table))
    story += layout.landscape_section(annex)
    return story


def write_pdf(figures: dict[str, Any], settings: ReportSettings, date: dt.date, out: Path, *, demo: bool = False,
              progress: Any = None, cancelled: Any = None) -> int:
    from ntm_desktop.reports.pdf import write_pdf as write

    return write(figures, settings, date, out, demo=demo, progress=progress, cancelled=cancelled,
                 story=twinning_story(figures, settings, date))


# -- Excel -----------------------------------------------------------------------------------------


def write_xlsx(figures: dict[str, Any], settings: ReportSettings, date: dt.date, out: Path, *, demo: bool = False) -> None:
    from openpyxl import Workbook

    from ntm_desktop.reports.xlsx import _table, _title, _widths

    wb = Workbook()
    ws = wb.active
    ws.title = "Kết nghĩa"
    phrase = figures["scope"]["phrase"]
    top = _title(ws, [f"KẾT NGHĨA XÂY DỰNG NÔNG THÔN MỚI NĂM {figures['year']} – {vn.upper(phrase)}",
                      f"(các kết nghĩa đang hiệu lực ngày {vn.date_short(dt.date.fromisoformat(figures['as_of']))})"], 7, demo)
    rows = [[i, a["agency"], LEVELS.get(a["level"], a["level"]), a["district"], _place(a["commune"], a["village"]),
             dt.date.fromisoformat(a["from"]), a["decision"]] for i, a in enumerate(figures["assignments"], start=1)]
    _table(ws, top, ["TT", "Cơ quan, đơn vị", "Cấp", "Huyện", "Xã (thôn)", "Từ ngày", "Quyết định"], rows)
    for row in ws.iter_rows(min_row=top + 1, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    _widths(ws, [6, 40, 12, 18, 28, 12, 30])
    ch = wb.create_sheet("Phân công lại")
    top = _title(ch, [f"PHÂN CÔNG LẠI, PHÂN CÔNG MỚI NĂM {figures['year']}"], 8, demo)
    rows = [[i, dt.date.fromisoformat(c["on"]), c["agency"], CHANGES[c["kind"]], c["from"], c["from_district"], c["to"],
             c["to_district"]] for i, c in enumerate(figures["changes"], start=1)]
    _table(ch, top, ["TT", "Ngày", "Cơ quan, đơn vị", "Nội dung", "Từ xã (thôn)", "Huyện", "Sang xã (thôn)", "Huyện"], rows)
    for row in ch.iter_rows(min_row=top + 1, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "dd/mm/yyyy"
    _widths(ch, [6, 12, 40, 18, 24, 16, 24, 16])
    for table in figures["tables"]:
        sheet = wb.create_sheet(f"Biểu {table['code']}")
        kinds = table["kinds"]
        top = _title(sheet, [vn.upper(table["title"]) + f" NĂM {figures['year']}"], len(kinds) + 5, demo)
        head = ["TT", "Xã" if table["by"] == "commune" else "Cơ quan, đơn vị", "Huyện", "Nơi kết nghĩa / cơ quan",
                *[f"{k['label']} ({k['unit']})" for k in kinds], "Tổng giá trị (đồng)", "Số lượt đóng góp"]
        rows = [[i, r["name"], r["district"], "; ".join(r["places"]), *[r["columns"].get(k["code"], 0) for k in kinds],
                 r["value"], r["entries"]] for i, r in enumerate(table["rows"], start=1)]
        total = table["total"]
        rows.append([None, "Tổng cộng", None, None, *[total["columns"].get(k["code"], 0) for k in kinds],
                     total["value"], total["entries"]])
        _table(sheet, top, head, rows, bold_last=True)
        for row in sheet.iter_rows(min_row=top + 1, min_col=5, max_col=5 + len(kinds)):
            for cell in row:
                cell.number_format = "#,##0.###"
        _widths(sheet, [6, 36, 16, 36, *[14] * len(kinds), 18, 12])
    wb.properties.title = vn.nfc(f"Báo cáo kết nghĩa năm {figures['year']}")
    wb.properties.creator = "NTM Desktop"
    wb.save(out)
