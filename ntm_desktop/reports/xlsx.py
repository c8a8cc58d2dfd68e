"""Excel rendering of the report figures (openpyxl): the same numbers as the PDF, as
numbers (not text) so that the district office can compute with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ntm_desktop import i18n
from ntm_desktop.excel.table_export import safe_text
from ntm_desktop.funding import sources as funding_sources
from ntm_desktop.reports import origins, print_setup, sentences, vn
from ntm_desktop.reports.charts import band_categories
from ntm_desktop.reports.figures import STATUS_LABELS, band_labels
from ntm_desktop.reports.settings import ReportSettings
from ntm_desktop.summary import full_count

_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(ws: Worksheet, row: int, col: int, value: Any, bold: bool = False) -> Any:
    cell = ws.cell(row, col)
    if isinstance(value, str):
        safe_text(cell, vn.nfc(value))
    else:
        cell.value = value
    if bold:
        cell.font = BOLD
    return cell


def put_title(ws: Worksheet, lines: list[str], width: int, demo: bool, start: int = 1) -> int:
    """Title lines merged across ``width`` columns from row ``start``; returns the next free row."""
    if demo:
        lines = ["DỮ LIỆU MẪU (DEMO) — số liệu không có thật, chỉ để dùng thử", *lines]
    for i, line in enumerate(lines, start=start):
        cell = _put(ws, i, 1, line, bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if demo and i == start:
            cell.font = Font(bold=True, color="B3261E")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=max(width, 1))
    return start + len(lines) + 1


def _merged_line(ws: Worksheet, row: int, first: int, last: int, value: str, font: Font) -> None:
    cell = _put(ws, row, first, value)
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _split(width: int, left: int | None) -> int:
    """The last column of the left block (issuer, «Nơi nhận») of a sheet ``width`` columns wide."""
    return left if left is not None else max(1, min(width - 1, round(width * 0.4)))


def put_letterhead(
    ws: Worksheet, settings: ReportSettings, date: dt.date, width: int, left: int | None = None, start: int = 1
) -> int:
    """The document's header as the PDF prints it (Nghị định 30/2020): the issuing body on the
    left, the national title and motto on the right, then the number and the place and date.
    Returns the next free row."""
    split = _split(width, left)
    issuer = [vn.upper(line) for line in settings.issuer] or [""]
    lefts = [(settings.parent_body, Font(name=print_setup.FONT, size=12))] if settings.parent_body else []
    lefts += [(line, Font(name=print_setup.FONT, size=12, bold=True)) for line in issuer]
    rights = [(vn.NATIONAL, Font(name=print_setup.FONT, size=12, bold=True)),
              (vn.MOTTO, Font(name=print_setup.FONT, size=13, bold=True, underline="single"))]
    rows = max(len(lefts), len(rights))
    for offset in range(rows):
        if offset < len(lefts):
            _merged_line(ws, start + offset, 1, split, *lefts[offset])
        if offset < len(rights):
            _merged_line(ws, start + offset, split + 1, width, *rights[offset])
    row = start + rows
    _merged_line(ws, row, 1, split, settings.number_line(), Font(name=print_setup.FONT, size=13))
    place = f"{settings.place}, {vn.date_long(date)}" if settings.place else vn.sentence_case(vn.date_long(date))
    _merged_line(ws, row, split + 1, width, place, Font(name=print_setup.FONT, size=13, italic=True))
    return row + 2


def put_signature(ws: Worksheet, settings: ReportSettings, top: int, width: int, left: int | None = None) -> int:
    """«Nơi nhận» and its list on the left, the signer's title, a space to sign and the signer's
    name on the right, from row ``top``. Returns the next free row."""
    split = _split(width, left)
    lefts = [("Nơi nhận:", Font(name=print_setup.FONT, size=12, bold=True, italic=True))]
    lefts += [(line, Font(name=print_setup.FONT, size=11)) for line in settings.recipient_lines()]
    rights = [(vn.upper(line), Font(name=print_setup.FONT, size=13, bold=True)) for line in settings.signer]
    rights += [("", Font(name=print_setup.FONT, size=13))] * 4
    rights.append((settings.signer_name, Font(name=print_setup.FONT, size=13, bold=True)))
    for offset in range(max(len(lefts), len(rights))):
        if offset < len(lefts):
            _merged_line(ws, top + offset, 1, split, *lefts[offset])
            ws.cell(top + offset, 1).alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if offset < len(rights) and rights[offset][0]:
            _merged_line(ws, top + offset, split + 1, width, *rights[offset])
    return top + max(len(lefts), len(rights)) + 1


def put_table(ws: Worksheet, top: int, header: list[str], rows: list[list[Any]], bold_last: bool = False) -> int:
    """A bordered table with a shaded header row; returns the next free row."""
    for c, text in enumerate(header, start=1):
        cell = _put(ws, top, c, text, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = CENTER
        cell.border = BORDER
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            cell = _put(ws, r, c, value, bold=bold_last and r == top + len(rows))
            cell.border = BORDER
            if isinstance(value, float):
                cell.number_format = "0.0"
    return top + len(rows) + 2


def put_prose(ws: Worksheet, top: int, lines: list[str], last: int = 1) -> int:
    """Sentences one per row from row ``top``, each across columns 1..``last`` (merged), wrapped,
    with the row's height set from its length and the columns' width (set them first): a row
    whose height was never set printed its lines overlapped and clipped. Returns the next row."""
    units = print_setup.columns_width(ws, 1, last)
    for offset, line in enumerate(lines):
        cell = _put(ws, top + offset, 1, line)
        cell.alignment = WRAP
        if last > 1:
            ws.merge_cells(start_row=top + offset, start_column=1, end_row=top + offset, end_column=last)
        ws.row_dimensions[top + offset].height = print_setup.prose_height(vn.nfc(line), units)
    return top + len(lines)


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _full_words(figures: dict[str, Any]) -> str:
    """``19/19``, ``10/10``: every criterion of the set."""
    return f"{figures['shape']['count']}/{figures['shape']['count']}"


# -- sheets shared by the district and province workbooks ---------------------------------


def _overview(
    ws: Worksheet, figures: dict[str, Any], title: str, demo: bool, start: int = 1
) -> tuple[int, list[Any]]:
    """The summary sheet's tables from row ``start``; returns the next free row and the charts
    (placed after the signature: :func:`_put_charts`)."""
    data = figures["summary"]
    previous = figures["previous"]
    # under a letterhead (start > 1) the demo mark is already above it
    top = put_title(ws, [title, f"({figures['criteria_set']['name']}; {figures['criteria_set']['decision']})"], 7,
                    demo and start == 1, start)
    overview = [
        ["Năm", figures["year"]],
        ["Bộ tiêu chí", data["criteria_set"]],
        ["Số xã", data["communes"]],
        ["Số xã chưa có số liệu", data["no_data"]],
        [f"Số xã đạt chuẩn {_full_words(figures)} tiêu chí", full_count(data)],
        ["Bình quân tiêu chí/xã", float(data["average"])],
    ]
    top = put_table(ws, top, ["Chỉ số", "Giá trị"], overview)
    header = ["TT", "Tiêu chí", "Số xã đạt", "Tổng số xã", "Tỷ lệ (%)"]
    if previous is not None:
        header += [vn.sentence_case(vn.previous_when(previous)), "Tăng (+), giảm (-)"]
    rows = []
    for crit in figures["criteria"]:
        key = str(crit["number"])
        met = data["per_criterion"][key]
        row: list[Any] = [crit["number"], crit["name"], met, data["communes"],
                          round(vn.share(met, data["communes"]), 1)]
        if previous is not None:
            row += [previous["per_criterion"].get(key, 0), previous["delta_per_criterion"][key]]
        rows.append(row)
    chart_top = top
    top = put_table(ws, top, header, rows)
    band_rows = [[label, count] for label, count in band_categories(data, figures["shape"])]
    band_top = top
    top = put_table(ws, top, ["Nhóm xã theo số tiêu chí đạt", "Số xã"], band_rows)
    set_widths(ws, [30, 44, 12, 12, 12, 12, 16])
    chart = BarChart()
    chart.title = "Số xã đạt chuẩn theo từng tiêu chí"
    chart.y_axis.title = "Số xã"
    chart.x_axis.title = "Tiêu chí số"
    chart.add_data(Reference(ws, min_col=3, min_row=chart_top, max_row=chart_top + len(rows)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=chart_top + 1, max_row=chart_top + len(rows)))
    chart.legend = None
    chart.width, chart.height = 22, 9
    bands = BarChart()
    bands.type = "bar"
    bands.title = "Số xã theo số tiêu chí đạt"
    bands.add_data(Reference(ws, min_col=2, min_row=band_top, max_row=band_top + len(band_rows)), titles_from_data=True)
    bands.set_categories(Reference(ws, min_col=1, min_row=band_top + 1, max_row=band_top + len(band_rows)))
    bands.legend = None
    bands.width, bands.height = 22, 7
    # the last table starts a page, so that «Nơi nhận» and the signature never stand alone on one
    ws.row_breaks.append(Break(id=band_top - 1))
    return top, [chart, bands]


def _put_charts(ws: Worksheet, charts: list[Any], top: int) -> None:
    """The charts on a page of their own after the signature, within the printed columns: beside the
    tables, fitting the page's width shrank the whole summary to about 40%; between the tables and
    the signature, the signer's name fell on a page of its own. 9 cm is about 18 rows of 15 points."""
    ws.row_breaks.append(Break(id=top - 1))
    for chart in charts:
        ws.add_chart(chart, f"A{top}")
        top += round(chart.height * 2) + 2


def _matrix(ws: Worksheet, figures: dict[str, Any], title: str, demo: bool) -> None:
    """Communes × criteria; without the district column in a year without districts."""
    numbers = [c["number"] for c in figures["criteria"]]
    grouped = figures.get("grouped", True)
    district = ["Huyện"] if grouped else []
    top = put_title(ws, [title], len(numbers) + 4 + len(district), demo)
    header = ["STT", *district, "Tên xã", *[f"TC{n}" for n in numbers], "Tổng số tiêu chí đạt", "Ghi chú"]
    rows = []
    for i, row in enumerate(figures["communes"], start=1):
        got = set(row["met"])
        marks = ["x" if n in got else None for n in numbers]
        rows.append([i, *([row["district"]] if grouped else []), row["commune"], *marks, row["count"],
                     None if row["has_data"] else "Chưa có số liệu"])
    data = figures["summary"]
    rows.append([None, *([None] if grouped else []), "Tổng cộng", *[data["per_criterion"][str(n)] for n in numbers],
                 None, None])
    put_table(ws, top, header, rows, bold_last=True)
    set_widths(ws, [6, *([18] if grouped else []), 20, *[5.5] * len(numbers), 12, 18])
    ws.freeze_panes = ws.cell(top + 1, 3 + len(district))


def _text_sheet(ws: Worksheet, lines: list[str], demo: bool) -> None:
    top = put_title(ws, ["Nội dung báo cáo"], 1, demo)
    # prose: one portrait page wide at full size; at 95 units LibreOffice printed the column wider
    # than the page (both edges cut off: it does not shrink it to fit), at 85 it fits
    ws.column_dimensions["A"].width = 85
    put_prose(ws, top, [line for line in lines if line])


def _criteria_lines(figures: dict[str, Any], scope_kind: str) -> list[str]:
    data = figures["summary"]
    lines = []
    if figures["all_met"]:
        lines.append(sentences.all_met_line(figures["criteria"], figures["all_met"], data["communes"]))
    for crit in figures["criteria"]:
        n = crit["number"]
        if n in figures["all_met"]:
            continue
        line = sentences.criterion_line(n, crit["name"], data["per_criterion"][str(n)], data["communes"],
                                        data.get("targets", {}).get(str(n))) + "."
        extra = (sentences.lagging_line(figures["lagging"][str(n)]) if scope_kind == "district"
                 else sentences.low_line(figures["low_shares"][str(n)]))
        lines.append(f"{line} {extra}".strip())
    lines += [x for x in (sentences.short_of_target_line(figures), sentences.behind_target_line(figures)) if x]
    return lines


# -- workbooks ------------------------------------------------------------------------------


def commune_workbook(figures: dict[str, Any], settings: ReportSettings, date: dt.date, demo: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phiếu đánh giá"
    parent = figures["district"] or figures.get("province")  # a commune after 1 July 2025: its province
    place = figures["commune"]["phrase"] + (f", {parent['phrase']}" if parent else "")
    title = f"KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ NÔNG THÔN MỚI NĂM {figures['year']} – {vn.upper(place)}"
    period = vn.period_label(figures["period"])
    start = put_title(ws, [], 7, demo) - 1 if demo else 1  # the demo mark above the letterhead
    start = put_letterhead(ws, settings, date, 7, left=2, start=start)
    top = put_title(ws, [title, f"({figures['criteria_set']['name']}; kỳ số liệu: {period})"], 7, False, start)
    set_widths(ws, [8, 60, 14, 16, 16, 16, 40])
    if figures.get("origins"):
        _origins_sheet(wb.create_sheet("Xã trước sắp xếp"), figures, demo)
    if not figures["has_data"]:
        _put(ws, top, 1, f"{vn.sentence_case(place)} chưa có số liệu đánh giá năm {figures['year']}.", bold=True)
        recognised = origins.recognition_sentence(figures)
        if recognised:
            _put(ws, top + 1, 1, recognised)
        put_signature(ws, settings, top + 3, 7, left=2)
        return wb
    _put(ws, top, 1, "Số tiêu chí đạt", bold=True)
    _put(ws, top, 2, figures["met"])
    _put(ws, top + 1, 1, "Tổng số tiêu chí", bold=True)
    _put(ws, top + 1, 2, figures["total"])
    _put(ws, top + 2, 1, "Nhóm", bold=True)
    _put(ws, top + 2, 2, figures["band_label"] or "–")
    recognised = origins.recognition_sentence(figures)
    if recognised:
        _put(ws, top + 3, 1, "Công nhận", bold=True)
        _put(ws, top + 3, 2, recognised)
    rows: list[list[Any]] = []
    for row in figures["rows"]:
        official = None if row["official"] is None else ("Đạt" if row["official"] else "Chưa đạt")
        rows.append([row["number"], f"Tiêu chí số {row['number']}: {row['name']}", None, None, None,
                     STATUS_LABELS[row["status"]], "; ".join(p for p in (
                         f"Chính thức: {official}" if official else "",
                         f"Kết quả tính: {STATUS_LABELS[row['computed']]}",
                         f"theo kỳ {vn.period_label(row['from_period'])}" if row.get("from_period") else "",
                         row["note"] or "") if p)])
        for ind in row["indicators"]:
            rows.append([ind["code"], ind["name"], ind["unit"], ind["threshold"] or "Chưa có ngưỡng",
                         ind["value"], STATUS_LABELS[ind["status"]], ind["note"]])
    header = ["TT", "Tiêu chí / chỉ tiêu", "Đơn vị", "Chỉ tiêu đạt chuẩn", "Kết quả thực hiện", "Đánh giá", "Ghi chú"]
    start = top + 4
    end = put_table(ws, start, header, rows)
    put_signature(ws, settings, end, 7, left=2)
    for r, row in enumerate(rows, start=start + 1):
        if isinstance(row[0], int):
            for c in range(1, 8):
                ws.cell(r, c).font = BOLD
        ws.cell(r, 2).alignment = WRAP
        ws.cell(r, 7).alignment = WRAP
    ws.freeze_panes = ws.cell(start + 1, 3)
    return wb


def _origins_sheet(ws: Worksheet, figures: dict[str, Any], demo: bool) -> None:
    """The former communes of a new commune and what they had reached (CONTRACT §5)."""
    top = put_title(ws, ["KẾT QUẢ CỦA CÁC XÃ TRƯỚC SẮP XẾP"], 7, demo)
    cell = _put(ws, top, 1, origins.formed_sentence(figures))
    cell.alignment = WRAP
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=7)
    ws.row_dimensions[top].height = 45
    rows = [[i, f["name"], f["code"], f["district"], f["year"], len(f["met"]) if f["year"] else None, f["total"],
             origins.numbers_text(f["met"]) or None, origins.numbers_text(f["recognised"]) or None]
            for i, f in enumerate(figures["origins"], start=1)]
    put_table(ws, top + 2, ["TT", "Xã trước sắp xếp", "Mã", "Huyện", "Năm đánh giá gần nhất", "Số tiêu chí đạt",
                            "Tổng số tiêu chí", "Các tiêu chí đạt (số)", "Tiêu chí được công nhận chính thức (số)"],
              rows)
    set_widths(ws, [6, 22, 10, 18, 14, 12, 12, 36, 36])


def _summary_start(figures: dict[str, Any], settings: ReportSettings, date: dt.date, demo: bool) -> Workbook:
    """The workbook of a district or province summary with its summary sheet under the letterhead
    and over the signature (issue 21 part 5), or only the sentence saying there is no data."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    phrase = figures["scope"]["phrase"]
    title = f"KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NĂM {figures['year']} – {vn.upper(phrase)}"
    start = put_title(ws, [], 7, demo) - 1 if demo else 1  # the demo mark above everything
    start = put_letterhead(ws, settings, date, 7, left=2, start=start)
    charts: list[Any] = []
    if not figures["has_data"]:
        top = put_title(ws, [title], 7, False, start)
        _put(ws, top, 1, f"{vn.sentence_case(phrase)} chưa có số liệu đánh giá năm {figures['year']}.", bold=True)
        end = top + 2
    else:
        end, charts = _overview(ws, figures, title, demo, start)
    end = put_signature(ws, settings, end, 7, left=2)
    if charts:
        _put_charts(ws, charts, end + 1)
    return wb


def district_workbook(figures: dict[str, Any], settings: ReportSettings, date: dt.date, demo: bool) -> Workbook:
    wb = _summary_start(figures, settings, date, demo)
    if not figures["has_data"]:
        return wb
    phrase = figures["scope"]["phrase"]
    _matrix(wb.create_sheet("Ma trận xã"), figures, f"KẾT QUẢ TỪNG XÃ NĂM {figures['year']} – {vn.upper(phrase)}", demo)
    lag = wb.create_sheet("Xã chưa đạt")
    top = put_title(lag, ["CÁC XÃ CHƯA ĐẠT THEO TỪNG TIÊU CHÍ"], 4, demo)
    lagging = figures["lagging"]
    rows = [[c["number"], c["name"], len(lagging[str(c["number"])]), vn.join(lagging[str(c["number"])])]
            for c in figures["criteria"]]
    put_table(lag, top, ["TT", "Tiêu chí", "Số xã chưa đạt", "Các xã chưa đạt"], rows)
    set_widths(lag, [6, 44, 14, 90])
    data = figures["summary"]
    lines = [sentences.bands_sentence("toàn huyện", data, [r["commune"] for r in data["full"]], figures["previous"],
                                      figures["shape"]),
             sentences.no_data_sentence(figures["no_data_communes"], vn.when(figures), data["communes"]),
             *_criteria_lines(figures, "district")]
    _text_sheet(wb.create_sheet("Báo cáo"), lines, demo)
    return wb


def province_workbook(figures: dict[str, Any], settings: ReportSettings, date: dt.date, demo: bool) -> Workbook:
    wb = _summary_start(figures, settings, date, demo)
    if not figures["has_data"]:
        return wb
    phrase = figures["scope"]["phrase"]
    numbers = [c["number"] for c in figures["criteria"]]
    grouped = figures.get("grouped", True)  # False: a year without districts (after 1 July 2025)
    if grouped:
        _by_district_sheet(wb.create_sheet("Theo huyện"), figures, demo)
    _matrix(wb.create_sheet("Ma trận xã"), figures, f"KẾT QUẢ TỪNG XÃ NĂM {figures['year']} – {vn.upper(phrase)}", demo)
    data = figures["summary"]
    count = figures["shape"]["count"]
    full = wb.create_sheet(f"Xã đạt {count}-{count}")
    top = put_title(full, [f"CÁC XÃ ĐẠT CHUẨN {count}/{count} TIÊU CHÍ"], 3 if grouped else 2, demo)
    if grouped:
        put_table(full, top, ["TT", "Huyện", "Xã"],
                  [[i, r["district"], r["commune"]] for i, r in enumerate(data["full"], 1)])
        set_widths(full, [6, 24, 24])
    else:
        put_table(full, top, ["TT", "Xã"], [[i, r["commune"]] for i, r in enumerate(data["full"], 1)])
        set_widths(full, [6, 24])
    if grouped:
        low = wb.create_sheet("Địa phương thấp")
        top = put_title(low, ["ĐỊA PHƯƠNG CÓ SỐ XÃ ĐẠT CHUẨN THẤP THEO TỪNG TIÊU CHÍ",
                              sentences.low_rule_note(figures)], 7, demo)
        assessed = data["communes"] - data["no_data"]  # shares over the communes with data (the rule's)
        low_rows = [[n, sentences.locality(r), r["met"], r["communes"], r.get("assessed", r["communes"]),
                     round(vn.share(r["met"], r.get("assessed", r["communes"])), 1),
                     round(vn.share(data["per_criterion"][str(n)], assessed), 1)]
                    for n in numbers for r in figures["low_shares"][str(n)]]
        put_table(low, top, ["Tiêu chí số", "Đơn vị", "Số xã đạt", "Số xã", "Số xã có số liệu", "Tỷ lệ (%)",
                             "Tỷ lệ toàn tỉnh (%)"], low_rows)
        set_widths(low, [12, 24, 12, 10, 12, 12, 14])
    if figures.get("funding"):
        _funding_sheet(wb.create_sheet("Nguồn vốn"), figures, demo)
    lines = [sentences.bands_sentence("toàn tỉnh", data, None, figures["previous"], figures["shape"]),
             sentences.no_data_sentence(figures["no_data_communes"], vn.when(figures), data["communes"]),
             *_criteria_lines(figures, "province"), *sentences.funding_lines(figures)]
    _text_sheet(wb.create_sheet("Báo cáo"), lines, demo)
    return wb


def _by_district_sheet(by: Worksheet, figures: dict[str, Any], demo: bool) -> None:
    numbers = [c["number"] for c in figures["criteria"]]
    top = put_title(by, [f"KẾT QUẢ THEO ĐƠN VỊ CẤP HUYỆN NĂM {figures['year']}"], len(numbers) + 10, demo)
    labels = band_labels(figures["shape"])
    header = ["TT", "Đơn vị", "Số xã", "Số xã chưa có số liệu", *[f"TC{n}" for n in numbers],
              f"Số xã đạt {_full_words(figures)}", *labels.values(), "Bình quân tiêu chí/xã"]
    rows = []
    for i, d in enumerate(figures["districts"], start=1):
        rows.append([i, d["name"], d["communes"], d["no_data"], *[d["per_criterion"][str(n)] for n in numbers],
                     full_count(d), *[d["bands"][b] for b in labels], float(d["average"])])
    data = figures["summary"]
    rows.append([None, "Toàn tỉnh", data["communes"], data["no_data"],
                 *[data["per_criterion"][str(n)] for n in numbers],
                 full_count(data), *[data["bands"][b] for b in labels], float(data["average"])])
    put_table(by, top, header, rows, bold_last=True)
    set_widths(by, [6, 22, 8, 12, *[5.5] * len(numbers), 10, *[12] * len(labels), 12])
    by.freeze_panes = by.cell(top + 1, 3)


def _funding_sheet(ws: Worksheet, figures: dict[str, Any], demo: bool) -> None:
    """The year's (and the phase's) funding by source, every source of either span, in triệu đồng
    (whole: ``920.700``) and tỷ đồng (three decimals, CONTRACT §8: ``920,700``) as numbers; the
    separators are the viewer's locale's (a Vietnamese Windows shows ``1.847,561``)."""
    money = figures["funding"]
    spans = [money["year"], *([money["phase"]] if money.get("phase") else [])]
    top = put_title(ws, ["NGUỒN VỐN THỰC HIỆN CHƯƠNG TRÌNH"], 2 + 2 * len(spans), demo)
    header = ["TT", "Nguồn vốn"]
    for span in spans:
        when = f"năm {span['from']}" if span["from"] == span["to"] else f"{span['from']}-{span['to']}"
        header += [f"Triệu đồng ({when})", f"Tỷ đồng ({when})"]
    present = {source for span in spans for source in span["by_source"]}
    order = [*[s for s in funding_sources.SOURCES if s in present], *sorted(present - set(funding_sources.SOURCES))]
    rows: list[list[Any]] = []
    for i, source in enumerate(order, start=1):
        row: list[Any] = [i, source_label(source)]
        for span in spans:
            amount = float(span["by_source"].get(source) or 0)
            row += [amount, amount / 1000]
        rows.append(row)
    total: list[Any] = ["", "Tổng cộng"]
    for span in spans:
        total += [float(span["total"] or 0), float(span["total"] or 0) / 1000]
    rows.append(total)
    put_table(ws, top, header, rows, bold_last=True)
    for row in ws.iter_rows(min_row=top + 1, max_row=top + len(rows), min_col=3, max_col=len(header)):
        for cell in row:
            millions = (cell.column - 3) % 2 == 0
            cell.number_format = print_setup.MILLIONS if millions else print_setup.BILLIONS
    set_widths(ws, [6, 34, *[18] * (len(header) - 2)])


def source_label(source: str) -> str:
    """A funding source's Vietnamese name from the catalog (the report is Vietnamese whatever the UI's)."""
    return i18n.MESSAGES.get(f"fund.source.{source}", (source,))[0]


BUILDERS = {"commune": commune_workbook, "district": district_workbook, "province": province_workbook}


def write_xlsx(
    figures: dict[str, Any], settings: ReportSettings, date: dt.date, out: Path, *, demo: bool = False
) -> None:
    """Render ``figures`` to the workbook file ``out`` (a path the caller makes atomic)."""
    wb = print_setup.prepare(BUILDERS[figures["kind"]](figures, settings, date, demo))
    wb.properties.title = vn.nfc(f"Báo cáo NTM năm {figures['year']}")
    wb.properties.creator = "NTM Desktop"
    wb.save(out)
