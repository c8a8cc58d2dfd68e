"""The standard sentences of NTM reports, built from the figures (DOMAIN.md forms of words).

Counts of communes in running text take two digits below ten (``09 xã``) as the province's
reports write them; shares are always the exact ``N/M``.
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import funding, targets
from ntm_desktop.criteria.shape import make_shape
from ntm_desktop.reports import vn


def criterion_line(number: int, name: str, met: int, total: int, target: dict[str, Any] | None = None) -> str:
    """``Tiêu chí số 2 về Giao thông: có 57/85 xã đạt chuẩn``, and with the summary's target of the
    criterion `` (đạt 163% so với mục tiêu 35 xã của Nghị quyết)`` (DOMAIN.md, CONTRACT §8)."""
    line = f"Tiêu chí số {number} về {vn.nfc(name)}: có {vn.ratio(met, total)} xã đạt chuẩn"
    share = targets.phrase(target) if target else ""
    return f"{line} {share}" if share else line


def all_met_line(criteria: list[dict[str, Any]], numbers: list[int], total: int) -> str:
    """``Có 85/85 xã đã hoàn thành các tiêu chí: Số 1 về Quy hoạch; số 3 về Thủy lợi.``"""
    names = {c["number"]: c["name"] for c in criteria}
    parts = [f"{'Số' if i == 0 else 'số'} {n} về {vn.nfc(names[n])}" for i, n in enumerate(numbers)]
    return f"Có {vn.ratio(total, total)} xã đã hoàn thành các tiêu chí: " + "; ".join(parts) + "."


def _count_phrase(count: int, words: str, previous_counted: bool) -> str:
    return ("" if previous_counted else "có ") + f"{vn.count2(count)} xã {words}"


def _band_parts(bands: dict[str, int], shape: dict[str, Any]) -> list[str]:
    """``có 09 xã đạt từ 15 đến 18 tiêu chí, 46 xã đạt từ 10-14 tiêu chí, …, không còn xã đạt dưới
    5 tiêu chí``: the set's bands below its full one (the first range written out, as the
    province's reports do)."""
    parts: list[str] = []
    previous_counted = False
    others = [b for b in shape["bands"] if b["key"] != shape["full"]]
    for i, band in enumerate(b for b in others if b["min"] > 0):
        if band["min"] == band["max"]:
            words = f"đạt {band['min']} tiêu chí"
        elif i == 0:
            words = f"đạt từ {band['min']} đến {band['max']} tiêu chí"
        else:
            words = f"đạt từ {band['min']}-{band['max']} tiêu chí"
        if bands[band["key"]]:
            parts.append(_count_phrase(bands[band["key"]], words, previous_counted))
            previous_counted = True
        else:
            parts.append(f"không có xã {words}")
            previous_counted = False
    for band in (b for b in others if b["min"] == 0):
        words = f"đạt dưới {band['max'] + 1} tiêu chí"
        if bands[band["key"]]:
            parts.append(_count_phrase(bands[band["key"]], words, previous_counted))
        else:
            parts.append(f"không còn xã {words}")
    return parts


def _count_parts(by_count: dict[str, int], total: int) -> list[str]:
    """``có 03 xã đạt 9 tiêu chí, 01 xã đạt 7 tiêu chí, 05 xã chưa đạt tiêu chí nào``: a set whose
    data defines no bands below its full one is told by the number of criteria met."""
    parts: list[str] = []
    for met in range(total - 1, -1, -1):
        count = by_count.get(str(met), 0)
        if count:
            parts.append(_count_phrase(count, f"đạt {met} tiêu chí" if met else "chưa đạt tiêu chí nào", bool(parts)))
    return parts


def bands_sentence(
    scope: str, data: dict[str, Any], full_names: list[str] | None = None,
    previous: dict[str, Any] | None = None, shape: dict[str, Any] | None = None,
) -> str:
    """``Toàn tỉnh có 28 xã đạt chuẩn 19/19 tiêu chí; có 09 xã đạt từ 15 đến 18 tiêu chí, 46 xã
    đạt từ 10-14 tiêu chí, 02 xã đạt từ 5-9 tiêu chí, không còn xã đạt dưới 5 tiêu chí. Bình
    quân đạt 14,8 tiêu chí/xã, tăng 5,8 tiêu chí so với năm 2015.`` (``scope``: ``toàn huyện``,
    ``toàn tỉnh``), in the bands of the set (``shape``: the figures' ``shape``; a 10-criterion
    set says ``10/10``)."""
    if shape is None:  # figures without their shape: the set's size, else the full band's key
        count = data.get("criteria_count") or max(int(k) for k in data["bands"] if k.isdigit())
        shape = make_shape(count).as_json()
    bands = data["bands"]
    full = f"{shape['count']}/{shape['count']}"
    scope = vn.sentence_case(scope)
    if bands[shape["full"]]:
        first = f"{scope} có {vn.count2(bands[shape['full']])} xã đạt chuẩn {full} tiêu chí"
        if full_names:
            first += f" ({vn.join(full_names)})"
    else:
        first = f"{scope} chưa có xã đạt chuẩn {full} tiêu chí"
    parts = _band_parts(bands, shape)
    if len(shape["bands"]) == 1 and "by_count" in data:
        parts = _count_parts(data["by_count"], shape["count"])
    text = f"{first}; {', '.join(parts)}." if parts else f"{first}."
    average = f" Bình quân đạt {vn.number(data['average'], 1)} tiêu chí/xã"
    if previous is not None and previous.get("comparable", True):
        delta = previous["delta_average"]
        if delta:
            average += f", {vn.change_words(delta, 'tiêu chí', 1)} so với {vn.previous_when(previous)}"
        else:
            average += f", bằng {vn.previous_when(previous)}"
    return text + average + "."


def no_data_sentence(names: list[str], when: str, total: int) -> str:
    """Communes without any status that year: named, and counted as meeting nothing."""
    if not names:
        return ""
    return (
        f"Có {vn.ratio(len(names), total)} xã chưa có số liệu đánh giá {when} ({vn.join(names)});"
        " các xã này được tính là chưa đạt tiêu chí nào."
    )


def change_phrase(delta: int, then: str) -> str:
    """`` (tăng 3 xã so với năm 2018)`` (``then``: «năm 2018», «quý I/2020») or empty when unchanged."""
    if not delta:
        return ""
    return f" ({vn.change_words(delta, 'xã')} so với {then})"


def locality(row: dict[str, Any]) -> str:
    """A lagging locality as the province's reports name it: a district bare (``Sa Thầy``), the
    city with its kind (``thành phố Kon Tum``), so that it is not taken for the province."""
    kind = vn.nfc(row.get("kind") or "huyện").lower()
    return vn.unit_phrase(kind, row["district"]) if kind in vn.URBAN else vn.bare_name(row["district"])


def low_line(low: list[dict[str, Any]]) -> str:
    """``Các địa phương có số xã đạt chuẩn thấp là: Sa Thầy (đạt 4/10 xã), … và Ia H'Drai (đạt 0/3 xã).``
    (the city, if low, last: ``… và thành phố Kon Tum (đạt 6/11 xã).``)"""
    if not low:
        return ""
    parts = [f"{locality(r)} (đạt {_of_assessed(r)})" for r in low]
    return "Các địa phương có số xã đạt chuẩn thấp là: " + vn.join(parts) + "."


def _of_assessed(row: dict[str, Any]) -> str:
    """``4/10 xã``; ``2/4 xã có số liệu`` where some of the locality's communes have no data (its
    share is over those with data: lagging.low_shares)."""
    assessed = row.get("assessed", row["communes"])
    if assessed == row["communes"]:
        return f"{vn.ratio(row['met'], row['communes'])} xã"
    return f"{vn.ratio(row['met'], assessed)} xã có số liệu"


def low_rule_note(figures: dict[str, Any]) -> str:
    """What «số xã đạt chuẩn thấp» means in this report, from its rule (``figures["low_rule"]``):
    ``(Địa phương có số xã đạt chuẩn thấp: tỷ lệ xã đạt chuẩn của địa phương thấp hơn tỷ lệ chung
    của toàn tỉnh.)``, or the fixed share of older settings."""
    rule = figures.get("low_rule") or {"rule": "share", "share": figures.get("low_share", 50.0), "margin": 0}
    data = figures.get("summary") or {}
    over = "; tỷ lệ tính trên số xã có số liệu đánh giá" if data.get("no_data") else ""
    if rule["rule"] == "share":
        return ("(Địa phương có số xã đạt chuẩn thấp: tỷ lệ xã đạt dưới"
                f" {vn.number(rule['share'])}% số xã của địa phương{over}.)")
    margin = f" quá {vn.number(rule['margin'])} điểm phần trăm" if rule.get("margin") else ""
    return ("(Địa phương có số xã đạt chuẩn thấp: tỷ lệ xã đạt chuẩn của địa phương thấp hơn tỷ lệ chung"
            f" của toàn tỉnh{margin}{over}.)")


def lagging_line(names: list[str]) -> str:
    """``Các xã chưa đạt: A, B và C.``"""
    if not names:
        return ""
    return "Các xã chưa đạt: " + vn.join(names) + "."


def commune_result_line(figures: dict[str, Any]) -> str:
    """``Xã Hà Mòn đạt 15/19 tiêu chí (nhóm đạt từ 15 đến 18 tiêu chí).``; ``…đạt 10/10 tiêu chí,
    đạt chuẩn nông thôn mới về số tiêu chí.`` for a commune meeting every criterion of its set."""
    name = vn.sentence_case(figures["commune"]["phrase"])
    ratio = vn.ratio(figures["met"], figures["total"])
    if figures.get("complete"):
        return f"{name} đạt {ratio} tiêu chí, đạt chuẩn nông thôn mới về số tiêu chí."
    if figures.get("band_label"):
        return f"{name} đạt {ratio} tiêu chí (nhóm {figures['band_label'].lower()})."
    return f"{name} đạt {ratio} tiêu chí."


def unmet_line(figures: dict[str, Any]) -> str:
    """``Các tiêu chí chưa đạt: số 2 về Giao thông; số 5 về Trường học.``"""
    rows = [r for r in figures["rows"] if not r["met"]]
    if not rows:
        return ""
    return "Các tiêu chí chưa đạt: " + "; ".join(f"số {r['number']} về {vn.nfc(r['name'])}" for r in rows) + "."


def funding_lines(figures: dict[str, Any]) -> list[str]:
    """The province report's money (DOMAIN.md's form): «Năm 2020, tổng nguồn vốn … tỷ đồng, trong
    đó: …», the phase to date, and the counterpart against its rule where it falls short."""
    money = figures.get("funding")
    if not money:
        return []
    year = money["year"]
    lines = [f"Năm {year['from']}, {funding.sentence(year)}."]
    phase = money.get("phase")
    if phase:
        lines.append(f"Lũy kế giai đoạn {phase['from']}-{phase['to']}: {funding.sentence(phase)}.")
    check = funding.counterpart((phase or year)["counterpart"], vi=True)
    if check:
        lines.append(check)
    return lines


def short_of_target_line(figures: dict[str, Any]) -> str:
    """``Các tiêu chí chưa đạt mục tiêu của Nghị quyết: số 2 về Giao thông (30/35 xã, đạt 86%); …``
    from the summary's targets (issue 18 part 1); empty when every target is reached or none is set."""
    aims = figures["summary"].get("targets") or {}
    names = {str(c["number"]): c["name"] for c in figures["criteria"]}
    short = [f"số {n} về {vn.nfc(names.get(n, ''))} ({aim['met']}/{aim['communes']} xã, đạt"
             f" {vn.number(aim['percent'], 0)}%)" for n, aim in sorted(aims.items(), key=lambda kv: int(kv[0]))
             if aim.get("percent") is not None and aim["met"] < aim["communes"]]
    return f"Các tiêu chí chưa đạt mục tiêu của Nghị quyết: {'; '.join(short)}." if short else ""


def behind_target_line(figures: dict[str, Any]) -> str:
    """``Các xã chậm so với mục tiêu: Hà Mòn (mục tiêu đạt chuẩn năm 2020, mới đạt 15/19 tiêu chí); …``."""
    rows = figures.get("behind_target") or []
    parts = []
    for row in rows:
        where = f"{row['commune']}, {row['district']}" if row["district"] else row["commune"]
        if row["kind"] == "ntm":
            parts.append(f"{where} (mục tiêu đạt chuẩn năm {row['year']},"
                         f" mới đạt {row['met']}/{row['total']} tiêu chí)")
        else:
            parts.append(f"{where} (mục tiêu đạt tiêu chí số {row['criterion']} năm {row['year']})")
    return f"Các xã chậm so với mục tiêu: {'; '.join(parts)}." if parts else ""
