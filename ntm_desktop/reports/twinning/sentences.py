"""The sentences of the twinning report, from its figures (:func:`..twinning_figures`), for
every renderer (PDF here, the Word report of ``reports/docx``): plain Vietnamese strings.

As the province writes them (issue 21 part 4): counts below ten on two digits («02 xã»), no
sentence part for what did not happen («0 kết nghĩa kết thúc» is left out), one sentence per
reassignment («Sở X thôi kết nghĩa với xã A để kết nghĩa với xã B»), the year's contributions
added up per kind (cán bộ, ngày công, nhà, suất, lượt người), and province and district
agencies counted apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm_desktop import text
from ntm_desktop.reports import vn
from ntm_desktop.twinning.kinds import CONTRIBUTION_KINDS, ContributionKind

LEVEL_WORDS = {"province": "cấp tỉnh", "district": "cấp huyện"}


def _phrase(kind: ContributionKind) -> str:
    """How a contribution kind reads in a sentence, from its label and unit
    (:data:`ntm_desktop.twinning.CONTRIBUTION_KINDS`): ``{n} lượt cán bộ xuống xã``, ``{n} ngày
    công lao động`` (the unit not repeated when the label starts with it), money in triệu đồng."""
    label = kind.vi[:1].lower() + kind.vi[1:]
    unit = "triệu đồng" if kind.money else kind.unit_vi
    if text.fold(label).startswith(text.fold(unit) + " "):
        return "{n} " + label
    return f"{{n}} {unit} {label}"


# how each contribution kind reads in a sentence: {n} the quantity (or the amount in triệu đồng)
KIND_PHRASES = {kind.code: _phrase(kind) for kind in CONTRIBUTION_KINDS}


def count(value: float) -> str:
    """A count as the province writes it: ``02``, ``46``, ``2,5`` (a part of a day)."""
    if float(value).is_integer():
        return vn.count2(int(value))
    return vn.number(value)


def million(amount: float) -> str:
    """đồng → triệu đồng, up to three decimals (``15.000.000`` → ``15``; ``1.250.000`` → ``1,25``)."""
    return vn.number(round(amount / 1_000_000, 3))


def _agencies(by_level: dict[str, int]) -> str:
    """``05 cơ quan, đơn vị cấp tỉnh và 02 cơ quan, đơn vị cấp huyện`` (a level without any left out)."""
    parts = [f"{count(n)} cơ quan, đơn vị {LEVEL_WORDS.get(level, level)}" for level, n in by_level.items() if n]
    return vn.join(parts)


def situation_sentence(figures: dict[str, Any]) -> str:
    """``Đến ngày 31/12/2020, toàn tỉnh có 05 cơ quan, đơn vị cấp tỉnh và 02 cơ quan, đơn vị cấp huyện
    kết nghĩa với 04 xã và 01 thôn, cụ thể như sau:``; or that none is in force."""
    as_of = vn.date_short(dt.date.fromisoformat(figures["as_of"]))
    phrase = figures["scope"]["phrase"]
    if not figures["assignments"]:
        return f"Đến ngày {as_of}, {phrase} không còn kết nghĩa nào đang hiệu lực."
    places = [f"{count(figures['communes'])} xã" if figures["communes"] else "",
              f"{count(figures['villages'])} thôn" if figures["villages"] else ""]
    by_level = figures.get("agencies_by_level") or {"province": figures["agencies"]}
    return (f"Đến ngày {as_of}, {phrase} có {_agencies(by_level)} kết nghĩa với"
            f" {vn.join([p for p in places if p])}, cụ thể như sau:")


def changes_sentence(figures: dict[str, Any]) -> str:
    """``Trong năm 2020, có 02 cơ quan, đơn vị được phân công lại và 01 cơ quan, đơn vị được phân công
    mới.`` (``… và 01 kết nghĩa kết thúc không có phân công thay thế`` only when there is one)."""
    year = figures["year"]
    counts = figures["counts"]
    if not figures["changes"]:
        return f"Trong năm {year} không có thay đổi về phân công kết nghĩa."
    parts = []
    if counts.get("reassigned"):
        parts.append(f"{count(counts['reassigned'])} cơ quan, đơn vị được phân công lại")
    if counts.get("new"):
        parts.append(f"{count(counts['new'])} cơ quan, đơn vị được phân công mới")
    if counts.get("ended"):
        parts.append(f"{count(counts['ended'])} kết nghĩa kết thúc không có phân công thay thế")
    return f"Trong năm {year}, có {vn.join(parts)}."


def _where(place: str, district: str | None, show_district: bool, kind: str | None = None) -> str:
    """``xã Hà Mòn``, ``phường Trần Hưng Đạo`` (the commune's ``kind``), ``Thôn 1, xã Hà Mòn`` (a
    village: its commune already named), with ``(huyện Đăk Hà)`` when asked."""
    where = place if ", " in place else vn.unit_phrase(kind or "xã", place)
    return f"{where} ({vn.unit_phrase('huyện', district)})" if show_district and district else where


def change_line(change: dict[str, Any]) -> str:
    """One change of the year as a sentence: ``Sở Tài chính thôi kết nghĩa với xã Hà Mòn để kết nghĩa
    với xã Ngọk Wang (huyện Đăk Hà) (Quyết định số 12/QĐ-UBND ngày 02/03/2020).``"""
    agency = vn.nfc(change["agency"])
    same = change.get("from_district") == change.get("to_district")
    decision = f" (Quyết định số {change['decision']})" if change.get("decision") else ""
    if change["kind"] == "reassigned":
        before = _where(change["from"], change.get("from_district"), not same, change.get("from_kind"))
        after = _where(change["to"], change.get("to_district"), True, change.get("to_kind"))
        return f"{agency} thôi kết nghĩa với {before} để kết nghĩa với {after}{decision}."
    if change["kind"] == "new":
        after = _where(change["to"], change.get("to_district"), True, change.get("to_kind"))
        return f"{agency} được phân công kết nghĩa với {after}{decision}."
    before = _where(change["from"], change.get("from_district"), True, change.get("from_kind"))
    return f"{agency} thôi kết nghĩa với {before}{decision}."


def kind_totals(figures: dict[str, Any], level: str | None = None) -> dict[str, float]:
    """The year's contributions added up per kind (quantities; money in đồng) over the tables of
    ``level`` (``province``: 1a and 1b; ``district``: 1c; None: all), in the kinds' order."""
    out: dict[str, float] = {}
    for table in figures["tables"]:
        if level is not None and table["level"] != level:
            continue
        for kind in table["kinds"]:
            value = table["total"]["columns"].get(kind["code"], 0) or 0
            out[kind["code"]] = out.get(kind["code"], 0) + value
    return out


def kind_phrase(code: str, value: float, money: bool) -> str:
    return KIND_PHRASES.get(code, "{n} " + code).format(n=million(value) if money else count(value))


def contributions_sentence(figures: dict[str, Any], level: str) -> str:
    """``Các cơ quan, đơn vị cấp tỉnh đã đóng góp: 120 lượt cán bộ xuống xã, 35 ngày công lao động,
    02 căn nhà tình nghĩa, nhà Đại đoàn kết …; tổng giá trị 150 triệu đồng.`` (kinds with nothing
    left out), or empty when that level gave nothing."""
    money = {k["code"] for t in figures["tables"] for k in t["kinds"] if k["money"]}
    totals = {code: value for code, value in kind_totals(figures, level).items() if value}
    value = sum(t["total"]["value"] for t in figures["tables"] if t["level"] == level)
    if not totals and not value:
        return ""
    parts = [kind_phrase(code, amount, code in money) for code, amount in totals.items()]
    # the total, unless it is only one money kind's amount, written just before
    alone = [amount for code, amount in totals.items() if code in money] == [value]
    worth = f"; tổng giá trị {million(value)} triệu đồng" if value and not alone else ""
    return f"Các cơ quan, đơn vị {LEVEL_WORDS.get(level, level)} đã đóng góp: {', '.join(parts)}{worth}."


def table_line(table: dict[str, Any]) -> str:
    """``Biểu 1a. …: 05 cơ quan, đơn vị, 12 lượt đóng góp, tổng giá trị 15 triệu đồng (chi tiết tại phụ lục).``:
    only the agencies (communes) that gave (received) something counted, no «tổng giá trị» of nothing."""
    total = table["total"]
    receivers = "xã" if table["by"] == "commune" else "cơ quan, đơn vị"
    gave = sum(1 for row in table["rows"] if row.get("entries") or row.get("value"))
    if not gave and not total["entries"]:
        return f"{table['title']}: không có đóng góp."
    worth = f", tổng giá trị {million(total['value'])} triệu đồng" if total["value"] else ""
    return (f"{table['title']}: {count(gave)} {receivers}, {count(total['entries'])} lượt đóng góp{worth}"
            " (chi tiết tại phụ lục).")


NO_DATA_NOTE = "Số tiền ghi bằng triệu đồng; số lượng theo đơn vị ghi ở đầu cột; «–»: không có."


def no_data_sentence(figures: dict[str, Any]) -> str:
    return (f"Năm {figures['year']}, {figures['scope']['phrase']} chưa có số liệu về kết nghĩa (chưa ghi kết nghĩa,"
            " phân công hoặc đóng góp nào trong cơ sở dữ liệu). Vì vậy báo cáo này không có kết quả để tổng hợp.")
