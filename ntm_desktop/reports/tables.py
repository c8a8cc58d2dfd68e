"""The ruled tables of the PDF reports: a commune's criteria and indicators, the comparison
with the year before, the communes × criteria matrix and the district tables.

Each function turns a part of the figures (:mod:`.figures`) into one
:func:`layout.grid_table <ntm_desktop.reports.layout.grid_table>`; the sentences around
them are :mod:`.pdf`'s. Cell texts are the Vietnamese of the administrative document.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ntm_desktop.reports import fonts, layout, origins, vn
from ntm_desktop.reports.figures import STATUS_LABELS
from ntm_desktop.reports.layout import CHECK, marked, para
from ntm_desktop.summary import full_count

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


# -- commune ---------------------------------------------------------------------------


def _status_text(row: dict[str, Any]) -> str:
    return STATUS_LABELS[row["status"]]


def _criterion_note(row: dict[str, Any]) -> str:
    parts = []
    if row["official"] is not None:
        parts.append("Chính thức")
    if row["disagreement"]:
        parts.append(f"⚠ khác kết quả tính ({STATUS_LABELS[row['computed']].lower()})")
    if row.get("from_period"):
        parts.append(f"theo kỳ {vn.period_label(row['from_period'])}")
    if row["note"]:
        parts.append(row["note"])
    return "; ".join(parts)


def _with_unit(text: str | None, unit: str | None) -> str:
    if not text:
        return ""
    if unit and unit != "%" and text[-1:].isdigit():
        return f"{text} {unit}"
    if unit == "%" and text[-1:].isdigit():
        return f"{text}%"
    return text


def no_thresholds(figures: dict[str, Any]) -> bool:
    """Whether no indicator of the commune's set has a threshold (2026-2030 until a province loads
    Phụ lục I): the report says it once instead of in every row (issue 21 part 7)."""
    return not any(ind["threshold"] for row in figures["rows"] for ind in row["indicators"])


def commune_table(figures: dict[str, Any]) -> Flowable:
    """One commune's criteria (grouped, numbered I, II, ...) with their indicators below each."""
    st = layout.styles()
    bare = no_thresholds(figures)
    width = layout.frame_width()
    widths = [12 * mm, 61 * mm, 22 * mm, 22 * mm, 20 * mm]
    widths.append(width - sum(widths))
    head = ["TT", "Tiêu chí / chỉ tiêu", "Chỉ tiêu đạt chuẩn", "Kết quả thực hiện", "Đánh giá", "Ghi chú"]
    rows: list[list[Any]] = [[para(h, st["cell_head"]) for h in head]]
    extra: list[tuple[Any, ...]] = []
    group = None
    group_index = 0
    for row in figures["rows"]:
        if row["group"] != group:
            group = row["group"]
            group_index += 1
            rows.append([para(f"{ROMAN[group_index - 1]}. {vn.upper(group)}", st["cell_bold"]), "", "", "", "", ""])
            r = len(rows) - 1
            extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), layout.HEAD_FILL)]
        rows.append([
            para(str(row["number"]), st["cell_bold"]),
            para(f"Tiêu chí số {row['number']}: {row['name']}", st["cell_bold"]),
            "", "",
            para(_status_text(row), st["cell_bold"]),
            marked(_criterion_note(row), st["small"]),
        ])
        for ind in row["indicators"]:
            rows.append([
                layout.fit_text(ind["code"], widths[0], st["cell"]),
                para(ind["name"], st["cell"]),
                para(_with_unit(ind["threshold"], ind["unit"]) or ("–" if bare else "Chưa có ngưỡng"),
                     st["cell_center"]),
                para(_with_unit(ind["value"], ind["unit"]) or "–", st["cell_center"]),
                para("–" if bare and ind["status"] == "no_threshold" else STATUS_LABELS[ind["status"]], st["cell"]),
                para(ind["note"] or "", st["small"]),
            ])
    return layout.grid_table(rows, widths, extra=extra)


# -- district and province ---------------------------------------------------------------


def comparison_table(figures: dict[str, Any]) -> Flowable:
    """Communes meeting each criterion, every criterion (19/19, 10/10) and the average, this year
    against the last (``figures["previous"]`` must be there, with a set of the same size)."""
    st = layout.styles()
    previous = figures["previous"]
    data = figures["summary"]
    width = layout.frame_width()
    widths = [12 * mm, width - 12 * mm - 3 * 26 * mm, 26 * mm, 26 * mm, 26 * mm]
    rows: list[list[Any]] = [["TT", "Nội dung", vn.sentence_case(vn.previous_when(previous)),
                              vn.sentence_case(vn.when(figures)), "Tăng (+), giảm (-)"]]
    for crit in figures["criteria"]:
        key = str(crit["number"])
        before, now = previous["per_criterion"].get(key, 0), data["per_criterion"][key]
        rows.append([key, layout.fit_text(f"Số xã đạt tiêu chí số {key} về {crit['name']}", widths[1], st["cell"]),
                     str(before), str(now), vn.signed(now - before)])
    n = figures["shape"]["count"]
    rows.append(["", f"Số xã đạt chuẩn {n}/{n} tiêu chí", str(previous["full"]), str(full_count(data)),
                 vn.signed(previous["delta_full"])])
    rows.append(["", "Bình quân số tiêu chí đạt/xã", vn.number(previous["average"], 1), vn.number(data["average"], 1),
                 vn.signed(previous["delta_average"], 1)])
    last = len(rows) - 2
    return layout.grid_table(rows, widths, align_center_from=2,
                             extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                    ("FONTNAME", (0, last), (-1, -1), fonts.SERIF_BOLD)])


def communes_matrix(rows: list[dict[str, Any]], criteria: list[dict[str, Any]], by_district: bool) -> Flowable:
    """Communes × criteria, ✓ where met; a district heading row before each district's communes."""
    st = layout.styles()
    width = layout.frame_width("landscape")
    numbers = [c["number"] for c in criteria]
    fixed = [10 * mm, 44 * mm, 15 * mm, 24 * mm]
    cell_w = (width - sum(fixed)) / len(numbers)
    widths = [fixed[0], fixed[1], *[cell_w] * len(numbers), fixed[2], fixed[3]]
    head1 = ["TT", "Tên xã", "Tiêu chí đạt chuẩn", *[""] * (len(numbers) - 1), "Số tiêu chí đạt", "Ghi chú"]
    head2 = ["", "", *[str(n) for n in numbers], "", ""]
    last_col = len(widths) - 1
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (2, 0), (1 + len(numbers), 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (last_col - 1, 0), (last_col - 1, 1)), ("SPAN", (last_col, 0), (last_col, 1)),
        ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (2, 2), (last_col - 1, -1), "CENTER"),
    ]
    table_rows: list[list[Any]] = [[para(h, st["small_head"]) if h else "" for h in head1], head2]
    district = None
    index = 0
    mark_rows: list[int] = []
    for row in rows:
        if by_district and row["district"] != district:
            district = row["district"]
            table_rows.append([district, *[""] * (len(widths) - 1)])
            r = len(table_rows) - 1
            extra += [("SPAN", (0, r), (-1, r)), ("FONTNAME", (0, r), (-1, r), fonts.SERIF_BOLD),
                      ("ALIGN", (0, r), (-1, r), "LEFT"), ("LEFTPADDING", (0, r), (-1, r), 6),
                      ("BACKGROUND", (0, r), (-1, r), layout.HEAD_FILL)]
        index += 1
        got = set(row["met"])
        if row["has_data"]:
            marks = [CHECK if n in got else "" for n in numbers]
            table_rows.append([str(index), layout.fit_text(row["commune"], widths[1], st["small"]), *marks,
                               str(row["count"]), ""])
            mark_rows.append(len(table_rows) - 1)
        else:
            table_rows.append([str(index), layout.fit_text(row["commune"], widths[1], st["small"]),
                               *[""] * len(numbers), "–",
                               layout.fit_text("Chưa có số liệu", widths[-1], st["small"])])
    totals = ["", "Tổng số xã đạt", *[str(sum(1 for r in rows if n in r["met"])) for n in numbers], "", ""]
    table_rows.append(totals)
    extra.append(("FONTNAME", (0, len(table_rows) - 1), (-1, len(table_rows) - 1), fonts.SERIF_BOLD))
    for r in mark_rows:
        extra.append(("FONTNAME", (2, r), (1 + len(numbers), r), fonts.MARKS))
    return layout.grid_table(table_rows, widths, header_rows=2, font_size=9.5, extra=extra)


def district_counts_matrix(figures: dict[str, Any]) -> Flowable:
    """Districts × criteria: how many communes meet each criterion."""
    width = layout.frame_width("landscape")
    numbers = [c["number"] for c in figures["criteria"]]
    fixed = [10 * mm, 38 * mm, 13 * mm, 15 * mm, 17 * mm]
    cell_w = (width - sum(fixed)) / len(numbers)
    widths = [fixed[0], fixed[1], fixed[2], *[cell_w] * len(numbers), fixed[3], fixed[4]]
    count = figures["shape"]["count"]
    head1 = ["TT", "Đơn vị", "Số xã", "Số xã đạt từng tiêu chí", *[""] * (len(numbers) - 1),
             f"Số xã đạt {count}/{count}", "Bình quân tiêu chí/xã"]
    head2 = ["", "", "", *[str(n) for n in numbers], "", ""]
    st = layout.styles()
    last = len(widths) - 1
    rows: list[list[Any]] = [[para(h, st["small_head"]) if h else "" for h in head1], head2]
    for i, d in enumerate(figures["districts"], start=1):
        if d["has_data"]:
            rows.append([str(i), layout.fit_text(d["name"], widths[1], st["small"]), str(d["communes"]),
                         *[str(d["per_criterion"][str(n)]) for n in numbers], str(full_count(d)),
                         vn.number(d["average"], 1)])
        else:
            rows.append([str(i), layout.fit_text(d["name"], widths[1], st["small"]), str(d["communes"]),
                         "Chưa có số liệu", *[""] * (len(numbers) - 1), "–", "–"])
    data = figures["summary"]
    rows.append(["", "Toàn tỉnh", str(data["communes"]), *[str(data["per_criterion"][str(n)]) for n in numbers],
                 str(full_count(data)), vn.number(data["average"], 1)])
    extra: list[tuple[Any, ...]] = [
        ("SPAN", (3, 0), (2 + len(numbers), 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (2, 1)), ("SPAN", (last - 1, 0), (last - 1, 1)), ("SPAN", (last, 0), (last, 1)),
        ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (2, 2), (-1, -1), "CENTER"),
        ("FONTNAME", (0, len(rows) - 1), (-1, -1), fonts.SERIF_BOLD),
    ]
    for r, d in enumerate(figures["districts"], start=2):
        if not d["has_data"]:
            extra.append(("SPAN", (3, r), (2 + len(numbers), r)))
    return layout.grid_table(rows, widths, header_rows=2, font_size=9.5, extra=extra)


def band_heading(band: dict[str, Any], count: int) -> str:
    """A band's column heading: ``19/19``, ``15-18``, ``Dưới 5``."""
    if band["min"] == band["max"] == count:
        return f"{count}/{count}"
    if band["min"] == 0:
        return f"Dưới {band['max'] + 1}"
    return band["key"]


def districts_table(figures: dict[str, Any]) -> Flowable:
    """Districts × bands: how many communes meet 19/19, 15-18, ... criteria (the set's bands), and
    the average."""
    st = layout.styles()
    width = layout.frame_width()
    shape = figures["shape"]
    keys = [b["key"] for b in shape["bands"]]
    nb = len(keys)
    widths = [10 * mm, 0, 13 * mm, *[15 * mm] * nb, 17 * mm]
    widths[1] = width - sum(widths)
    head = ["TT", "Đơn vị", "Số xã", *[band_heading(b, shape["count"]) for b in shape["bands"]], "Bình quân"]
    rows: list[list[Any]] = [["", "", "", "Số xã theo số tiêu chí đạt", *[""] * nb], head]
    for i, d in enumerate(figures["districts"], start=1):
        b = d["bands"]
        name = d["name"] + ("" if d["has_data"] else " (chưa có số liệu)")
        rows.append([str(i), layout.fit_text(name, widths[1], st["cell"]), str(d["communes"]),
                     *[str(b[k]) for k in keys], vn.number(d["average"], 1)])
    data = figures["summary"]
    rows.append(["", "Toàn tỉnh", str(data["communes"]), *[str(data["bands"][k]) for k in keys],
                 vn.number(data["average"], 1)])
    last = 3 + nb
    extra = [
        ("SPAN", (3, 0), (2 + nb, 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)),
        ("SPAN", (last, 0), (last, 1)), ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (2, 2), (-1, -1), "CENTER"),
        ("FONTNAME", (0, len(rows) - 1), (-1, -1), fonts.SERIF_BOLD),
    ]
    rows[0][0], rows[0][1], rows[0][2], rows[0][last] = "TT", "Đơn vị", "Số xã", "Bình quân tiêu chí/xã"
    rows[0] = [para(c, st["cell_head"]) if c else "" for c in rows[0]]
    return layout.grid_table(rows, widths, header_rows=2, extra=extra)


def origins_table(formers: list[dict[str, Any]]) -> Flowable:
    """A new commune's former communes: their last assessed year, the criteria met then and those
    officially recognised (công nhận chính thức), by criterion number."""
    st = layout.styles()
    width = layout.frame_width()
    widths = [10 * mm, 0, 24 * mm, 24 * mm, 48 * mm]
    widths[1] = width - sum(widths)
    head = ["TT", "Xã trước sắp xếp (huyện)", "Năm đánh giá gần nhất", "Số tiêu chí đạt",
            "Tiêu chí được công nhận chính thức (số)"]
    rows: list[list[Any]] = [[para(h, st["cell_head"]) for h in head]]
    for i, former in enumerate(formers, start=1):
        name, year, met, recognised = origins.former_cells(former)
        rows.append([str(i), para(name, st["cell"]), para(year, st["cell_center"]), met,
                     para(recognised, st["cell_center"])])
    return layout.grid_table(rows, widths, align_center_from=2, extra=[("ALIGN", (0, 1), (0, -1), "CENTER")])
