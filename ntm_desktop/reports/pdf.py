"""PDF rendering of the report figures (reportlab), in the administrative layout.

The story of each report kind: the letterhead (:mod:`.letterhead`), the sentences
(:mod:`.sentences`) and tables (:mod:`.tables`) of the body, the charts, the annexes on
landscape pages, and the per-commune annex pages; then :func:`write_pdf` renders it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ntm_desktop import periods
from ntm_desktop.reports import charts, fonts, layout, origins, sentences, tables, vn
from ntm_desktop.reports.figures import STATUS_LABELS
from ntm_desktop.reports.layout import marked, para
from ntm_desktop.reports.letterhead import annex_heading, front_page, signature_block
from ntm_desktop.reports.settings import ReportSettings

Story = list[Flowable]
RULE_NOTE = (
    "Cách tính: tiêu chí được tính là đạt theo kết quả công nhận chính thức nếu đã ghi; nếu chưa ghi"
    " thì theo kết quả tính từ các chỉ tiêu. Mỗi tiêu chí lấy kết quả của kỳ muộn nhất trong năm có kết quả."
)
_AMBER = colors.HexColor("#fbe3b5")  # official differs from computed


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _set_sentence(figures: dict[str, Any]) -> str:
    cs = figures["criteria_set"]
    return f"{cs['name']} (ban hành kèm theo {cs['decision']})"


# -- commune -----------------------------------------------------------------------------


def _origins_section(figures: dict[str, Any], number: str = "") -> Story:
    """A new commune's former communes and what they had reached (CONTRACT §5); empty otherwise.
    Heading, sentence and the few rows stay on one page (never a heading alone at a page's foot)."""
    if not figures.get("origins"):
        return []
    st = layout.styles()
    return [KeepTogether([para(f"{number}KẾT QUẢ CỦA CÁC XÃ TRƯỚC SẮP XẾP", st["heading"]),
                          para(origins.formed_sentence(figures), st["body"]),
                          tables.origins_table(figures["origins"])])]


def commune_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    commune = figures["commune"]["phrase"]
    district = figures["district"] or figures.get("province")  # a commune after 1 July 2025: its province
    place = f"{commune}, {district['phrase']}" if district else commune
    where = vn.keep(commune) + (f", {vn.keep(district['phrase'])}" if district else "")
    subtitle = f"Kết quả đánh giá mức độ đạt các tiêu chí nông thôn mới năm {figures['year']} của {where}"
    story = front_page(settings, date, subtitle)
    if not figures["has_data"]:
        story.append(para(
            f"{vn.sentence_case(place)} chưa có số liệu đánh giá các tiêu chí nông thôn mới năm {figures['year']}"
            f" theo {_set_sentence(figures)}. Vì vậy báo cáo này không có kết quả để tổng hợp; đề nghị"
            " nhập số liệu của xã trước khi lập báo cáo.", st["body"]))
        recognised = origins.recognition_sentence(figures)
        if recognised:
            story.append(para(recognised, st["body"]))
        story += _origins_section(figures)
        story.append(signature_block(settings, layout.frame_width()))
        return story
    period = ""
    if figures["period"] != str(figures["year"]):
        period = f" (số liệu {_lower_first(vn.period_label(figures['period']))})"
    story.append(para(
        f"Căn cứ {_set_sentence(figures)}, kết quả đánh giá năm {figures['year']}{period} như sau:", st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    story.append(para(sentences.commune_result_line(figures), st["body"]))
    recognised = origins.recognition_sentence(figures)
    if recognised:
        story.append(para(recognised, st["body"]))
    unmet = sentences.unmet_line(figures)
    if unmet:
        story.append(para(unmet, st["body"]))
    if figures["disagreements"]:
        story.append(marked(
            f"Có {vn.count2(figures['disagreements'])} tiêu chí có kết quả công nhận chính thức khác kết quả tính"
            " từ các chỉ tiêu (đánh dấu ⚠ trong bảng).", st["body"]))
    story.append(para("II. KẾT QUẢ CHI TIẾT THEO TỪNG TIÊU CHÍ", st["heading"]))
    if tables.no_thresholds(figures):
        story.append(para(
            f"Bộ tiêu chí {figures['criteria_set']['code']} chưa có ngưỡng cho chỉ tiêu nào (phụ lục của quyết định"
            " chưa được nạp vào chương trình): các chỉ tiêu chưa đánh giá được theo ngưỡng; kết quả từng tiêu chí"
            " theo kết quả công nhận chính thức.", st["body"]))
    story.append(tables.commune_table(figures))
    story += _origins_section(figures, "III. ")
    story.append(signature_block(settings, layout.frame_width(), [
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
        line = sentences.criterion_line(n, crit["name"], data["per_criterion"][str(n)], total,
                                        data.get("targets", {}).get(str(n)))
        if previous is not None and previous["same_set"]:
            line += sentences.change_phrase(previous["delta_per_criterion"][str(n)], vn.previous_when(previous))
        line += "."
        if scope_kind == "district":
            lagging = sentences.lagging_line(figures["lagging"][str(n)])
        else:
            lagging = sentences.low_line(figures["low_shares"][str(n)])
        if lagging:
            line += " " + lagging
        story.append(para(line, st["body"]))
    for line in (sentences.short_of_target_line(figures), sentences.behind_target_line(figures)):
        if line:
            story.append(para(line, st["body"]))
    return story


def _charts(figures: dict[str, Any], number: int) -> Story:
    st = layout.styles()
    width = layout.frame_width()
    data = figures["summary"]
    return [
        KeepTogether([
            para(f"Biểu đồ {number}. Số xã đạt chuẩn theo từng tiêu chí {vn.when(figures)}", st["caption"]),
            charts.criteria_bars(figures["criteria"], data["per_criterion"], data["communes"], width),
        ]),
        KeepTogether([
            para(f"Biểu đồ {number + 1}. Số xã theo số tiêu chí đạt {vn.when(figures)}", st["caption"]),
            charts.bands_bars(data, figures["shape"], width),
        ]),
    ]


def _comparison_section(figures: dict[str, Any], table_no: int) -> Story:
    st = layout.styles()
    previous = figures["previous"]
    year = figures["year"]
    if previous is None:
        before = "năm " + str(year - 1)
        if figures.get("period"):
            shown = vn.period_label(periods.previous(periods.parse(figures["period"])).code)
            before = shown[0].lower() + shown[1:]
        return [para(f"{vn.sentence_case(before)} chưa có số liệu đánh giá trong cơ sở dữ liệu nên chưa so sánh được.",
                     st["body"])]
    then, now_when = vn.previous_when(previous), vn.when(figures)
    data = figures["summary"]
    story: Story = []
    if not previous.get("comparable", True):
        before, now = previous["criteria_count"], data["criteria_count"]
        return [para(
            f"{vn.sentence_case(then)} đánh giá theo bộ tiêu chí {previous['criteria_set']} ({before} tiêu chí),"
            f" {now_when} theo bộ tiêu chí {data['criteria_set']} ({now} tiêu chí); hai bộ tiêu chí khác nhau về số"
            " tiêu chí nên không so sánh theo từng tiêu chí và số tiêu chí bình quân.", st["body"])]
    if not previous["same_set"]:
        story.append(para(
            f"Lưu ý: {then} đánh giá theo bộ tiêu chí {previous['criteria_set']}, {now_when} theo"
            f" bộ tiêu chí {data['criteria_set']}; các tiêu chí được so sánh theo số thứ tự.", st["body"]))
    story.append(para(f"Bảng {table_no}. So sánh với {then}", st["caption"]))
    story.append(tables.comparison_table(figures))
    return story


def _intro(figures: dict[str, Any], phrase: str) -> str:
    data = figures["summary"]
    return (
        f"{vn.sentence_case(vn.when(figures))}, {phrase} có {vn.count2(data['communes'])} xã thực hiện"
        f" Chương trình mục tiêu quốc gia xây dựng nông thôn mới, đánh giá theo {_set_sentence(figures)}."
        " Kết quả cụ thể như sau:"
    )


def _no_data_story(figures: dict[str, Any], phrase: str) -> Story:
    st = layout.styles()
    communes = figures["summary"]["communes"]
    if communes == 0:
        text = (f"{vn.sentence_case(vn.when(figures))}, {phrase} không có xã nào thuộc phạm vi báo cáo"
                " trong cơ sở dữ liệu.")
    else:
        text = (
            f"{vn.sentence_case(vn.when(figures))}, {phrase} có {vn.count2(communes)} xã nhưng chưa có số liệu"
            " đánh giá tiêu chí nông thôn mới của xã nào. Vì vậy báo cáo này không có kết quả để tổng hợp;"
            " đề nghị nhập số liệu trước khi lập báo cáo."
        )
    return [para(text, st["body"])]


def _scope_subtitle(figures: dict[str, Any], phrase: str) -> str:
    return (f"Kết quả thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới {vn.when(figures)}"
            f" {vn.keep('trên địa bàn')} {vn.keep(phrase)}")


def district_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    story = front_page(settings, date, _scope_subtitle(figures, phrase))
    if not figures["has_data"]:
        return story + _no_data_story(figures, phrase) + [signature_block(settings, layout.frame_width())]
    data = figures["summary"]
    story.append(para(_intro(figures, phrase), st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    full_names = [r["commune"] for r in data["full"]]
    story.append(para(sentences.bands_sentence("toàn huyện", data, full_names, figures["previous"], figures["shape"]),
                      st["body"]))
    missing = sentences.no_data_sentence(figures["no_data_communes"], vn.when(figures), data["communes"])
    if missing:
        story.append(para(missing, st["body"]))
    story.append(para("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", st["heading"]))
    story += _criteria_section(figures, "district")
    story += _charts(figures, 1)
    story.append(para(f"III. SO SÁNH VỚI {vn.upper(figures['before_when'])}", st["heading"]))
    story += _comparison_section(figures, 1)
    story.append(_signed(story, settings))
    annex_title = (f"KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NÔNG THÔN MỚI CỦA TỪNG XÃ NĂM {figures['year']}"
                   f" – {vn.upper(phrase)}")
    story += layout.landscape_section(
        [*annex_heading("Phụ lục", annex_title, settings, date),
         tables.communes_matrix(figures["communes"], figures["criteria"], by_district=False)],
    )
    return story


def province_story(figures: dict[str, Any], settings: ReportSettings, date: dt.date) -> Story:
    st = layout.styles()
    phrase = figures["scope"]["phrase"]
    year = figures["year"]
    story = front_page(settings, date, _scope_subtitle(figures, phrase))
    if not figures["has_data"]:
        return story + _no_data_story(figures, phrase) + [signature_block(settings, layout.frame_width())]
    data = figures["summary"]
    story.append(para(_intro(figures, phrase), st["body"]))
    story.append(para("I. KẾT QUẢ CHUNG", st["heading"]))
    grouped = figures.get("grouped", True)  # False: a year without districts (after 1 July 2025)
    matrix_annex = annex_label(2 if grouped else 1)
    full_names = [f"{r['commune']} ({r['district']})" if r["district"] else r["commune"] for r in data["full"]]
    named = full_names if len(full_names) <= 12 else None
    story.append(para(sentences.bands_sentence("toàn tỉnh", data, named, figures["previous"], figures["shape"]),
                      st["body"]))
    if named is None and full_names:
        count = figures["shape"]["count"]
        story.append(para(f"Danh sách các xã đạt chuẩn {count}/{count} tiêu chí: xem {matrix_annex}.", st["body"]))
    missing = sentences.no_data_sentence(figures["no_data_communes"], vn.when(figures), data["communes"])
    if missing:
        story.append(para(missing, st["body"]))
    if grouped:
        story.append(para(f"Bảng 1. Kết quả theo đơn vị cấp huyện {vn.when(figures)}", st["caption"]))
        story.append(tables.districts_table(figures))
    story.append(para("II. KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ", st["heading"]))
    if grouped:
        story.append(para(sentences.low_rule_note(figures), st["note"]))
    story += _criteria_section(figures, "province")
    story += _charts(figures, 1)
    story.append(para(f"III. SO SÁNH VỚI {vn.upper(figures['before_when'])}", st["heading"]))
    story += _comparison_section(figures, 2 if grouped else 1)
    if figures.get("funding"):
        story.append(para("IV. NGUỒN VỐN THỰC HIỆN", st["heading"]))
        story += [para(line, st["body"]) for line in sentences.funding_lines(figures)]
    story.append(_signed(story, settings))
    district_annex: Story = [
        *annex_heading(annex_label(1), f"SỐ XÃ ĐẠT TỪNG TIÊU CHÍ THEO ĐƠN VỊ CẤP HUYỆN NĂM {year}", settings, date),
        tables.district_counts_matrix(figures), PageBreak()] if grouped else []
    story += layout.landscape_section(
        [*district_annex,
         *annex_heading(matrix_annex, f"KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ CỦA TỪNG XÃ NĂM {year}", settings, date),
         tables.communes_matrix(figures["communes"], figures["criteria"], by_district=grouped)],
    )
    if figures["annex"]:
        story += annex_pages(figures["annex"], settings, date, annex_label(3 if grouped else 2))
    return story


def _signed(story: Story, settings: ReportSettings) -> Flowable:
    """The signature with the rule's note and the story's last block before them (taken off the
    story), kept together: the signed page never holds only «Nơi nhận» and the signature. The
    heading and caption that lead into that block (keep-with-next styles) come along with it."""
    last = [story.pop()] if story else []
    while story and story[-1].getKeepWithNext():
        last.insert(0, story.pop())
    return signature_block(settings, layout.frame_width(), [*last, para(RULE_NOTE, layout.styles()["note"])])


def annex_label(number: int) -> str:
    """``Phụ lục I``, ``Phụ lục II`` …: annexes numbered in Roman numerals (Nghị định 30/2020)."""
    return f"Phụ lục {vn.roman(number)}"


# -- annex: one page per commune ---------------------------------------------------------


def annex_pages(annex: list[dict[str, Any]], settings: ReportSettings, date: dt.date, label: str) -> Story:
    """One page per commune: its result line and its criteria, computed beside official."""
    st = layout.styles()
    width = layout.frame_width()
    widths = [11 * mm, 0, 21 * mm, 22 * mm, 21 * mm, 30 * mm]
    widths[1] = width - sum(widths)
    story: Story = [PageBreak()]
    for i, figures in enumerate(annex, start=1):
        if i > 1:
            story.append(PageBreak())
        where = vn.keep(vn.upper(figures["commune"]["phrase"]))
        if figures["district"] is not None:  # none after 1 July 2025
            where += f", {vn.keep(vn.upper(figures['district']['phrase']))}"
        story += [layout.line(f"{label}.{i}", st["title"], width),
                  layout.line(f"PHIẾU ĐÁNH GIÁ CÁC TIÊU CHÍ NĂM {figures['year']} – {where}", st["subtitle"], width),
                  Spacer(1, 3 * mm),
                  layout.line(sentences.commune_result_line(figures), st["plain"], width)]
        rows: list[list[Any]] = [["TT", "Tiêu chí", "Kết quả tính", "Chính thức", "Đánh giá", "Ghi chú"]]
        for row in figures["rows"]:
            official = "–" if row["official"] is None else ("Đạt" if row["official"] else "Chưa đạt")
            from_period = f"theo kỳ {vn.period_label(row['from_period'])}" if row["from_period"] else ""
            note = "; ".join(p for p in (from_period, row["note"] or "") if p)
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
    return f"Báo cáo NTM {vn.when(figures)} – {scope.get('phrase', '')}"


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
