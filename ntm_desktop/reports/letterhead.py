"""The letterhead of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
header block, the title, the signature and an annex's heading.

Every PDF report opens with :func:`front_page` and closes each part with
:func:`signature_block`; annexes open with :func:`annex_heading`, which refers back to the
report's number and date. The page itself (sizes, margins, styles) is :mod:`.layout`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ntm_desktop.reports import fonts, layout, vn
from ntm_desktop.reports.layout import MOTTO, NATIONAL, Rule, para, styles
from ntm_desktop.reports.settings import ReportSettings

# -- header, title, signature --------------------------------------------------------


def _rule_under(lines: Sequence[str], font: str, size: float, fraction: float) -> Rule:
    longest = max((fonts.width(vn.nfc(line), font, size) for line in lines), default=60 * mm)
    return Rule(max(longest * fraction, 18 * mm))


def header_block(settings: ReportSettings, date: dt.date, width: float) -> Table:
    """The two-column header: issuing body | national title, then number | place and date."""
    st = styles()
    left_w = width * 0.42
    right_w = width - left_w
    left: list[Flowable] = []
    if settings.parent_body:
        left.append(para(settings.parent_body, st["issuer_parent"]))
    issuer = [vn.upper(line) for line in settings.issuer] or [""]
    left += [para(line, st["issuer"]) for line in issuer]
    left.append(_rule_under(issuer[-1:], fonts.SERIF_BOLD, 12.5, 0.5))
    right: list[Flowable] = [para(NATIONAL, st["national"]), para(MOTTO, st["motto"])]
    right.append(Rule(fonts.width(MOTTO, fonts.SERIF_BOLD, 13)))
    place = f"{settings.place}, {vn.date_long(date)}" if settings.place else vn.sentence_case(vn.date_long(date))
    table = Table(
        [[left, right], [para(settings.number_line(), st["number"]), para(place, st["dateline"])]],
        colWidths=[left_w, right_w],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),  # else the cells set Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ]
        )
    )
    return table


def title_block(title: str, subtitle: str, width: float) -> list[Flowable]:
    st = styles()
    return [
        Spacer(1, 9 * mm),
        para(title, st["title"]),
        para(subtitle, st["subtitle"]),
        Rule(min(width * 0.3, 55 * mm), space_before=3, space_after=2),
        Spacer(1, 5 * mm),
    ]


def signature_block(settings: ReportSettings, width: float, lead: Sequence[Flowable] = ()) -> Flowable:
    """"Nơi nhận:" and its list on the left; the signer on the right, kept on one page together
    with ``lead`` (the last paragraph), so that the signature never stands alone on a page."""
    st = styles()
    left: list[Flowable] = [para("Nơi nhận:", st["recipients_head"])]
    left += [para(line, st["recipients"]) for line in settings.recipient_lines()]
    right: list[Flowable] = [para(vn.upper(line), st["signer"]) for line in settings.signer]
    right.append(Spacer(1, 24 * mm))
    right.append(para(settings.signer_name, st["signer"]))
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),  # else the cells set Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([*lead, Spacer(1, 6 * mm), table])


# -- tables -------------------------------------------------------------------------


# -- the front of a report, the head of an annex ---------------------------------------


def front_page(settings: ReportSettings, date: dt.date, subtitle: str) -> list[Flowable]:
    """The header block and the title "BÁO CÁO" with the report's subtitle."""
    width = layout.frame_width()
    return [header_block(settings, date, width), *title_block("BÁO CÁO", subtitle, width)]


def annex_heading(title: str, subtitle: str, settings: ReportSettings, date: dt.date) -> list[Flowable]:
    """An annex's title and subtitle, and the line tying it to the report: its number, date and
    issuing body (Nghị định 30/2020, Phụ lục I: «Kèm theo … của …»)."""
    st = styles()
    return [para(title, st["title"]), para(subtitle, st["subtitle"]), para(annex_reference(settings, date),
                                                                            _centered_note()), Spacer(1, 4 * mm)]


def annex_reference(settings: ReportSettings, date: dt.date, document: str = "Báo cáo") -> str:
    """``(Kèm theo Báo cáo số 45/BC-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân huyện Đăk Hà)``: the
    number left blank for the clerk when none is set."""
    number = settings.number or "\u00a0" * 10
    symbol = f"/{settings.symbol}" if settings.symbol else ""
    body = settings.body_name()
    of = f" của {body}" if body else ""
    return f"(Kèm theo {document} số {number}{symbol} {vn.date_long(date)}{of})"


def _centered_note() -> ParagraphStyle:
    return ParagraphStyle("annex_ref", parent=styles()["note"], alignment=TA_CENTER, spaceAfter=2)
