"""PDF rendering of the report figures (reportlab), in the administrative layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ntm_desktop.reports import charts, fonts, layout, sentences, vn
from ntm_desktop.reports.figures import BAND_LABELS, STATUS_LABELS
from ntm_desktop.reports.layout import CHECK, para
from ntm_desktop.reports.settings import ReportSettings

Story = list[Flowable]
RULE_NOTE = (
    "Cách tính: tiêu chí được tính là đạt theo kết quả công nhận chính thức nếu đã ghi; nếu chưa ghi"
    " thì theo kết quả tính từ các chỉ tiêu. Mỗi tiêu chí lấy kết quả của kỳ muộn nhất trong năm có kết quả."
)
_AMBER = colors.HexColor("#fbe3b5")  # official differs from computed
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _front(settings: ReportSettings, date: dt.date, subtitle: str) -> Story:
    width = layout.frame_width()
    return [layout.header_block(settings, date, width), *layout.title_block("BÁO CÁO", subtitle, width)]


def _annex_head(title: str, subtitle: str, settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    number = settings.number or "\u00a0" * 10
    symbol = f"/{settings.symbol}" if settings.symbol else ""
    ref = f"(Kèm theo Báo cáo số {number}{symbol} ngày {vn.date_short(date)})"
    return [para(title, st["title"]), para(subtitle, st["subtitle"]), para(ref, _centered_note()), Spacer(1, 4 * mm)]


def _centered_note() -> Any:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("annex_ref", parent=layout.styles()["note"], alignment=TA_CENTER, spaceAfter=2)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _set_sentence(figures: dict[str, Any]) -> str:
    cs = figures["criteria_set"]
    return f"{cs['name']} (ban hành kèm theo {cs['decision']})"


# -- commune -----------------------------------------------------------------------------


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


def _marked(text: str, style: Any) -> Any:
    """A Paragraph where the marks (⚠ ✓) come from the marks font."""
    from reportlab.platypus import Paragraph

    escaped = vn.markup(text)
    for mark in ("⚠", CHECK):
        escaped = escaped.replace(mark, f'<font name="{fonts.MARKS}">{mark}</font>')
    return Paragraph(escaped, style)


def _with_unit(text: str | None, unit: str | None) -> str:
    if not text:
        return ""
    if unit and unit != "%" and text[-1:].isdigit():
        return f"{text} {unit}"
    if unit == "%" and text[-1:].isdigit():
        return f"{text}%"
    return text


def commune_table(figures: dict[str, Any]) -> Flowable:
    st = layout.styles()
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
            _marked(_criterion_note(row), st["small"]),
        ])
        for ind in row["indicators"]:
            rows.append([
                layout.fit_text(ind["code"], widths[0], st["cell"]),
                para(ind["name"], st["cell"]),
                para(_with_unit(ind["threshold"], ind["unit"]) or "Chưa có ngưỡng", st["cell_center"]),
                para(_with_unit(ind["value"], ind["unit"]) or "–", st["cell_center"]),
                para(STATUS_LABELS[ind["status"]], st["cell"]),
                para(ind["note"] or "", st["small"]),
            ])
    return layout.grid_table(rows, widths, extra=extra)


def commune_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    place = f"{figures['commune']['phrase']}, {figures['district']['phrase']}" if figures["district"] else figures["commune"]["phrase"]
    where = vn.keep(figures["commune"]["phrase"]) + (f", {vn.keep(figures['district']['phrase'])}" if figures["district"] else "")
    subtitle = f"Kết quả đánh giá mức độ đạt các tiêu chí nông thôn mới năm {figures['year']} của {where}"
    story = _front(settings, date, subtitle)
    if not figures["has_data"]:
        story.append(para(
            f"{vn.sentence_case(place)} chưa có số liệu đánh giá các tiêu chí nông thôn mới năm {figures['year']}"
            f" theo {_set_sentence(figures)}. Vì vậy báo cáo này không có kết quả để tổng hợp; đề nghị"
            " nhập số liệu của xã trước khi lập báo cáo.", st["body"]))
        story.append(layout.signature_block(settings, layout.frame_width()))
        return story
    period = "" if figures["period"] == str(figures["year"]) else f" (số liệu {_lower_first(vn.period_label(figures['period']))})"
    story.append(para(f"Căn cứ {_set_sentence(figures)}, kết quả đánh giá năm {figures['year']}{period} như sau:", st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    story.append(para(sentences.commune_result_line(figures), st["body"]))
    unmet = sentences.unmet_line(figures)
    if unmet:
        story.append(para(unmet, st["body"]))
    if figures["disagreements"]:
        story.append(_marked(
            f"Có {vn.count2(figures['disagreements'])} tiêu chí có kết quả công nhận chính thức khác kết quả tính"
            " từ các chỉ tiêu (đánh dấu ⚠ trong bảng).", st["body"]))
    story.append(para("II. KẾT QUẢ CHI TIẾT THEO TỪNG TIÊU CHÍ", st["heading"]))
    story.append(commune_table(figures))
    story.append(layout.signature_block(settings, layout.frame_width(), [
        para("«Chính thức»: tiêu chí có kết quả công nhận chính thức do huyện ghi nhận. " + RULE_NOTE, st["note"])]))
    return story


# -- district and province ---------------------------------------------------------


def _criteria_section(figures: dict[str, Any], scope_kind: str) -> Story:
    st = layout.styles()
    data = figures["summary"]
    total = data["communes"]
    previous = figures["previous"]
    story: Story = []
    if figures["all_met"]:
        story.append(para(sentences.all_met_line(figures["criteria"], figures["all_met"], total), st["body"]))
    for crit in figures["criteria"]:
        n = crit["number"]
        if n in figures["all_met"]:
            continue
        line = sentences.criterion_line(n, crit["name"], data["per_criterion"][str(n)], total)
        if previous is not None and previous["same_set"]:
            line += sentences.change_phrase(previous["delta_per_criterion"][str(n)], previous["year"])
        line += "."
        if scope_kind == "district":
            lagging = sentences.lagging_line(figures["lagging"][str(n)])
        else:
            lagging = sentences.low_line(figures["low_shares"][str(n)])
        if lagging:
            line += " " + lagging
        story.append(para(line, st["body"]))
    return story


def _charts(figures: dict[str, Any], number: int) -> Story:
    st = layout.styles()
    width = layout.frame_width()
    data = figures["summary"]
    return [
        KeepTogether([
            para(f"Biểu đồ {number}. Số xã đạt chuẩn theo từng tiêu chí năm {figures['year']}", st["caption"]),
            charts.criteria_bars(figures["criteria"], data["per_criterion"], data["communes"], width),
        ]),
        KeepTogether([
            para(f"Biểu đồ {number + 1}. Số xã theo số tiêu chí đạt năm {figures['year']}", st["caption"]),
            charts.bands_bars(data["bands"], width),
        ]),
    ]


def _comparison_section(figures: dict[str, Any], table_no: int) -> Story:
    st = layout.styles()
    previous = figures["previous"]
    year = figures["year"]
    if previous is None:
        return [para(f"Năm {year - 1} chưa có số liệu đánh giá trong cơ sở dữ liệu nên chưa so sánh được.", st["body"])]
    data = figures["summary"]
    story: Story = []
    if not previous["same_set"]:
        story.append(para(
            f"Lưu ý: năm {previous['year']} đánh giá theo bộ tiêu chí {previous['criteria_set']}, năm {year} theo"
            f" bộ tiêu chí {data['criteria_set']}; các tiêu chí được so sánh theo số thứ tự.", st["body"]))
    width = layout.frame_width()
    widths = [12 * mm, width - 12 * mm - 3 * 26 * mm, 26 * mm, 26 * mm, 26 * mm]
    rows: list[list[Any]] = [["TT", "Nội dung", f"Năm {previous['year']}", f"Năm {year}", "Tăng (+), giảm (-)"]]
    for crit in figures["criteria"]:
        key = str(crit["number"])
        before, now = previous["per_criterion"].get(key, 0), data["per_criterion"][key]
        rows.append([key, layout.fit_text(f"Số xã đạt tiêu chí số {key} về {crit['name']}", widths[1], st["cell"]),
                     str(before), str(now), vn.signed(now - before)])
    full_now = data["full_19"] if isinstance(data["full_19"], int) else len(data["full_19"])
    rows.append(["", "Số xã đạt chuẩn 19/19 tiêu chí", str(previous["full_19"]), str(full_now), vn.signed(previous["delta_full_19"])])
    rows.append(["", "Bình quân số tiêu chí đạt/xã", vn.number(previous["average"], 1), vn.number(data["average"], 1),
                 vn.signed(previous["delta_average"], 1)])
    last = len(rows) - 2
    story.append(para(f"Bảng {table_no}. So sánh với năm {previous['year']}", st["caption"]))
    story.append(layout.grid_table(rows, widths, align_center_from=2,
                                   extra=[("ALIGN", (0, 1), (0, -1), "CENTER"),
                                          ("FONTNAME", (0, last), (-1, -1), fonts.SERIF_BOLD)]))
    return story


def _matrix(rows: list[dict[str, Any]], criteria: list[dict[str, Any]], by_district: bool) -> Flowable:
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
                               *[""] * len(numbers), "–", layout.fit_text("Chưa có số liệu", widths[-1], st["small"])])
    totals = ["", "Tổng số xã đạt", *[str(sum(1 for r in rows if n in r["met"])) for n in numbers], "", ""]
    table_rows.append(totals)
    extra.append(("FONTNAME", (0, len(table_rows) - 1), (-1, len(table_rows) - 1), fonts.SERIF_BOLD))
    for r in mark_rows:
        extra.append(("FONTNAME", (2, r), (1 + len(numbers), r), fonts.MARKS))
    return layout.grid_table(table_rows, widths, header_rows=2, font_size=9.5, extra=extra)


def _district_counts_matrix(figures: dict[str, Any]) -> Flowable:
    """Districts × criteria: how many communes meet each criterion."""
    width = layout.frame_width("landscape")
    numbers = [c["number"] for c in figures["criteria"]]
    fixed = [10 * mm, 38 * mm, 13 * mm, 15 * mm, 17 * mm]
    cell_w = (width - sum(fixed)) / len(numbers)
    widths = [fixed[0], fixed[1], fixed[2], *[cell_w] * len(numbers), fixed[3], fixed[4]]
    head1 = ["TT", "Đơn vị", "Số xã", "Số xã đạt từng tiêu chí", *[""] * (len(numbers) - 1), "Số xã đạt 19/19", "Bình quân tiêu chí/xã"]
    head2 = ["", "", "", *[str(n) for n in numbers], "", ""]
    st = layout.styles()
    last = len(widths) - 1
    rows: list[list[Any]] = [[para(h, st["small_head"]) if h else "" for h in head1], head2]
    for i, d in enumerate(figures["districts"], start=1):
        if d["has_data"]:
            rows.append([str(i), layout.fit_text(d["name"], widths[1], st["small"]), str(d["communes"]),
                         *[str(d["per_criterion"][str(n)]) for n in numbers], str(d["full_19"]), vn.number(d["average"], 1)])
        else:
            rows.append([str(i), layout.fit_text(d["name"], widths[1], st["small"]), str(d["communes"]),
                         "Chưa có số liệu", *[""] * (len(numbers) - 1), "–", "–"])
    data = figures["summary"]
    full = data["full_19"] if isinstance(data["full_19"], int) else len(data["full_19"])
    rows.append(["", "Toàn tỉnh", str(data["communes"]), *[str(data["per_criterion"][str(n)]) for n in numbers],
                 str(full), vn.number(data["average"], 1)])
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


def _districts_table(figures: dict[str, Any]) -> Flowable:
    st = layout.styles()
    width = layout.frame_width()
    widths = [10 * mm, 0, 13 * mm, *[15 * mm] * 5, 17 * mm]
    widths[1] = width - sum(widths)
    head = ["TT", "Đơn vị", "Số xã", "19/19", "15-18", "10-14", "5-9", "Dưới 5", "Bình quân"]
    rows: list[list[Any]] = [["", "", "", "Số xã theo số tiêu chí đạt", "", "", "", "", ""], head]
    for i, d in enumerate(figures["districts"], start=1):
        b = d["bands"]
        name = d["name"] + ("" if d["has_data"] else " (chưa có số liệu)")
        rows.append([str(i), layout.fit_text(name, widths[1], st["cell"]), str(d["communes"]),
                     *[str(b[k]) for k in BAND_LABELS], vn.number(d["average"], 1)])
    data = figures["summary"]
    rows.append(["", "Toàn tỉnh", str(data["communes"]), *[str(data["bands"][k]) for k in BAND_LABELS],
                 vn.number(data["average"], 1)])
    extra = [
        ("SPAN", (3, 0), (7, 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (2, 1)),
        ("SPAN", (8, 0), (8, 1)), ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (2, 2), (-1, -1), "CENTER"),
        ("FONTNAME", (0, len(rows) - 1), (-1, -1), fonts.SERIF_BOLD),
    ]
    rows[0][0], rows[0][1], rows[0][2], rows[0][8] = "TT", "Đơn vị", "Số xã", "Bình quân tiêu chí/xã"
    rows[0] = [para(c, st["cell_head"]) if c else "" for c in rows[0]]
    return layout.grid_table(rows, widths, header_rows=2, extra=extra)


def _intro(figures: dict[str, Any], phrase: str) -> str:
    data = figures["summary"]
    return (
        f"Năm {figures['year']}, {phrase} có {vn.count2(data['communes'])} xã thực hiện Chương trình mục tiêu"
        f" quốc gia xây dựng nông thôn mới, đánh giá theo {_set_sentence(figures)}. Kết quả cụ thể như sau:"
    )


def _no_data_story(figures: dict[str, Any], phrase: str) -> Story:
    st = layout.styles()
    communes = figures["summary"]["communes"]
    if communes == 0:
        text = f"Năm {figures['year']}, {phrase} không có xã nào thuộc phạm vi báo cáo trong cơ sở dữ liệu."
    else:
        text = (
            f"Năm {figures['year']}, {phrase} có {vn.count2(communes)} xã nhưng chưa có số liệu đánh giá tiêu chí"
            " nông thôn mới của xã nào. Vì vậy báo cáo này không có kết quả để tổng hợp; đề nghị nhập số liệu"
            " trước khi lập báo cáo."
        )
    return [para(text, st["body"])]


def district_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    subtitle = f"Kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới năm {figures['year']} {vn.keep('trên địa bàn')} {vn.keep(phrase)}"
    story = _front(settings, date, subtitle)
    if not figures["has_data"]:
        return story + _no_data_story(figures, phrase) + [layout.signature_block(settings, layout.frame_width())]
    data = figures["summary"]
    story.append(para(_intro(figures, phrase), st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    full_names = [r["commune"] for r in data["full_19"]]
    story.append(para(sentences.bands_sentence("toàn huyện", data, full_names, figures["previous"]), st["body"]))
    missing = sentences.no_data_sentence(figures["no_data_communes"], figures["year"], data["communes"])
    if missing:
        story.append(para(missing, st["body"]))
    story.append(para("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", st["heading"]))
    story += _criteria_section(figures, "district")
    story += _charts(figures, 1)
    story.append(para(f"III. SO SÁNH VỚI NĂM {figures['year'] - 1}", st["heading"]))
    story += _comparison_section(figures, 1)
    story.append(layout.signature_block(settings, layout.frame_width(), [para(RULE_NOTE, st["note"])]))
    story += layout.landscape_section(
        [*_annex_head("Phụ lục", f"KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NÔNG THÔN MỚI CỦA TỪNG XÃ NĂM {figures['year']}"
                      f" – {vn.upper(phrase)}", settings, date),
         _matrix(figures["communes"], figures["criteria"], by_district=False)],
    )
    return story


def province_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    subtitle = f"Kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới năm {figures['year']} {vn.keep('trên địa bàn')} {vn.keep(phrase)}"
    story = _front(settings, date, subtitle)
    if not figures["has_data"]:
        return story + _no_data_story(figures, phrase) + [layout.signature_block(settings, layout.frame_width())]
    data = figures["summary"]
    story.append(para(_intro(figures, phrase), st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    full_names = [f"{r['commune']} ({r['district']})" for r in data["full_19"]]
    named = full_names if len(full_names) <= 12 else None
    story.append(para(sentences.bands_sentence("toàn tỉnh", data, named, figures["previous"]), st["body"]))
    if named is None and full_names:
        story.append(para("Danh sách các xã đạt chuẩn 19/19 tiêu chí: xem Phụ lục 2.", st["body"]))
    missing = sentences.no_data_sentence(figures["no_data_communes"], figures["year"], data["communes"])
    if missing:
        story.append(para(missing, st["body"]))
    story.append(para(f"Bảng 1. Kết quả theo đơn vị cấp huyện năm {figures['year']}", st["caption"]))
    story.append(_districts_table(figures))
    story.append(para("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", st["heading"]))
    story.append(para(
        f"(Địa phương có số xã đạt chuẩn thấp: tỷ lệ xã đạt dưới {vn.number(figures['low_share'])}% số xã của địa phương.)",
        st["note"]))
    story += _criteria_section(figures, "province")
    story += _charts(figures, 1)
    story.append(para(f"III. SO SÁNH VỚI NĂM {figures['year'] - 1}", st["heading"]))
    story += _comparison_section(figures, 2)
    story.append(layout.signature_block(settings, layout.frame_width(), [para(RULE_NOTE, st["note"])]))
    story += layout.landscape_section(
        [*_annex_head("Phụ lục 1", f"SỐ XÃ ĐẠT TỪNG TIÊU CHÍ THEO ĐƠN VỊ CẤP HUYỆN NĂM {figures['year']}", settings, date),
         _district_counts_matrix(figures),
         PageBreak(),
         *_annex_head("Phụ lục 2", f"KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ CỦA TỪNG XÃ NĂM {figures['year']}", settings, date),
         _matrix(figures["communes"], figures["criteria"], by_district=True)],
    )
    if figures["annex"]:
        story += annex_pages(figures["annex"], settings, date, "Phụ lục 3")
    return story


# -- annex: one page per commune ---------------------------------------------------------


def annex_pages(annex: list[dict[str, Any]], settings: ReportSettings, date: dt.date, label: str) -> Story:
    st = layout.styles()
    width = layout.frame_width()
    widths = [11 * mm, 0, 21 * mm, 22 * mm, 21 * mm, 30 * mm]
    widths[1] = width - sum(widths)
    story: Story = [PageBreak()]
    for i, figures in enumerate(annex, start=1):
        if i > 1:
            story.append(PageBreak())
        story += [layout.line(f"{label}.{i}", st["title"], width),
                  layout.line(f"PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM {figures['year']} – {vn.keep(vn.upper(figures['commune']['phrase']))}, "
                              f"{vn.keep(vn.upper(figures['district']['phrase']))}", st["subtitle"], width),
                  Spacer(1, 3 * mm),
                  layout.line(sentences.commune_result_line(figures), st["plain"], width)]
        rows: list[list[Any]] = [["TT", "Tiêu chí", "Kết quả tính", "Chính thức", "Đánh giá", "Ghi chú"]]
        for row in figures["rows"]:
            official = "–" if row["official"] is None else ("Đạt" if row["official"] else "Chưa đạt")
            note = "; ".join(p for p in (f"theo kỳ {vn.period_label(row['from_period'])}" if row["from_period"] else "",
                                          row["note"] or "") if p)
            rows.append([
                str(row["number"]), layout.fit_text(row["name"], widths[1], st["cell"]),
                STATUS_LABELS[row["computed"]] if row["computed"] != "unknown" else "–", official,
                STATUS_LABELS[row["status"]], layout.fit_text(note, widths[5], st["small"]) if note else "",
            ])
        met_rows = [r for r, row in enumerate(figures["rows"], start=1) if row["met"]]
        extra = [("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (4, -1), "CENTER")]
        extra += [("FONTNAME", (4, r), (4, r), fonts.SERIF_BOLD) for r in met_rows]
        extra += [("BACKGROUND", (2, r), (3, r), _AMBER) for r, row in enumerate(figures["rows"], start=1)
                  if row["disagreement"]]
        story.append(layout.grid_table(rows, widths, extra=extra))
        if any(row["disagreement"] for row in figures["rows"]):
            story.append(layout.line("Ô tô màu: kết quả công nhận chính thức khác kết quả tính từ các chỉ tiêu.",
                                     st["note"], width))
    return story


# -- entry point ------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[dict[str, Any], ReportSettings, dt.date], Story]] = {
    "commune": commune_story,
    "district": district_story,
    "province": province_story,
}


def title_of(figures: dict[str, Any]) -> str:
    scope = figures.get("scope") or figures.get("commune") or {}
    return f"Báo cáo NTM năm {figures['year']} – {scope.get('phrase', '')}"


def write_pdf(
    figures: dict[str, Any],
    settings: ReportSettings,
    date: dt.date,
    out: Path,
    *,
    demo: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    story: Story | None = None,
) -> int:
    """Render ``figures`` to the PDF file ``out`` (a path the caller makes atomic). Returns
    the number of pages."""
    if story is None:
        story = BUILDERS[figures["kind"]](figures, settings, date)
    doc = layout.ReportDoc(str(out), title=title_of(figures), demo=demo, progress=progress, cancelled=cancelled)
    doc.build(story)
    return doc.page
