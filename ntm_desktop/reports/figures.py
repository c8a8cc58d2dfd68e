"""The figures of each report, computed once; the PDF and the Excel file render them.

District and province figures are built on :func:`ntm_desktop.summary.summary` (its
output is carried unchanged under ``"summary"``), so a report can never disagree with
``ntm summary --json``. The extra figures (matrix, lagging communes, low shares, the
previous year) are computed with the same counting rule (``summary.latest_statuses``).
All figures are plain JSON-ready dicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ntm_desktop import assessments, criteria, funding, periods, targets, text, units
from ntm_desktop.criteria import CriteriaSet
from ntm_desktop.criteria.shape import Shape, shape_of
from ntm_desktop.errors import InputRejected, NtmError
from ntm_desktop.periods import Period, parse
from ntm_desktop.reports import origins, vn
from ntm_desktop.reports.lagging import low_rule_of, low_shares
from ntm_desktop.store.database import Store
from ntm_desktop.summary import communes_in_scope, full_count, latest_statuses, summary
from ntm_desktop.units import Unit

STATUS_LABELS = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "unknown": "Chưa xác định",
    "no_threshold": "Chưa có ngưỡng",
    "no_value": "Chưa nhập",
    "not_evaluated": "Không đánh giá",
}
Progress = Callable[[int, int], None]

# The latest period of the year holding a status, per criterion of one commune (the same
# rule and the same bare-column idiom as summary._LATEST_SQL).
_COMMUNE_RULE_SQL = """
SELECT c.number, r.period, COALESCE(r.official, r.computed) AS eff, max(r.pend)
FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id
WHERE r.commune_id = ? AND r.year = ? AND c.set_id = ? AND COALESCE(r.official, r.computed) IS NOT NULL
GROUP BY r.criterion_id
"""
_LATEST_PERIOD_SQL = """
SELECT period, max(pend) FROM (
  SELECT r.period, r.pend FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id
  WHERE r.commune_id = ? AND r.year = ? AND c.set_id = ?
  UNION ALL
  SELECT v.period, v.pend FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
  WHERE v.commune_id = ? AND v.year = ? AND i.set_id = ?
)
"""


def _set_info(cs: CriteriaSet) -> dict[str, Any]:
    return {"code": cs.code, "name": cs.name, "decision": cs.decision}


def band_labels(shape: dict[str, Any]) -> dict[str, str]:
    """The bands of a figures' ``shape`` (``Shape.as_json``), highest first: key -> Vietnamese label."""
    return {b["key"]: b["label"] for b in shape["bands"]}


def _band_fields(shape: Shape, met: int, has_data: bool = True) -> dict[str, Any]:
    """A commune's band and its label (None where the set has no band for its count)."""
    band = shape.band_of(met) if has_data else None
    return {"band": band.key if band else None, "band_label": band.label if band else None,
            "complete": has_data and met == shape.count}


def _criteria_list(cs: CriteriaSet) -> list[dict[str, Any]]:
    return [
        {"number": c.number, "name": c.name, "group": c.group_name, "group_code": c.group_code}
        for c in cs.criteria
    ]


def _unit_info(unit: Unit) -> dict[str, Any]:
    return {"name": unit.name, "kind": unit.kind, "phrase": vn.unit_phrase(unit.kind, unit.name), "nkey": unit.nkey}


def province_unit(store: Store) -> Unit | None:
    provinces = units.all_of_level(store, "province")
    return provinces[0] if len(provinces) == 1 else None


def province_of(store: Store, communes: list[dict[str, Any]]) -> Unit | None:
    """The one province holding ``communes`` (their parent, or their district's), if they have one:
    a database of both eras holds several provinces (Kon Tum, and Quảng Ngãi since 2025)."""
    if not communes:
        return None
    rows = store.query(
        "SELECT DISTINCT CASE WHEN p.level = 'province' THEN p.id ELSE g.id END AS province FROM units c"
        " LEFT JOIN units p ON p.id = c.parent_id LEFT JOIN units g ON g.id = p.parent_id"
        " WHERE c.id IN (SELECT value FROM json_each(?))", [json.dumps([c["id"] for c in communes])])
    found = {r["province"] for r in rows}
    return units.get(store, found.pop()) if len(found) == 1 and None not in found else None


# -- one commune ------------------------------------------------------------------


def _rule_statuses(store: Store, commune_id: int, year: int, set_id: int) -> dict[int, tuple[bool, str]]:
    rows = store.db.conn.execute(_COMMUNE_RULE_SQL, [commune_id, year, set_id]).fetchall()
    return {number: (effective == 1, period) for number, period, effective, _pend in rows}


def latest_period(store: Store, commune_id: int, year: int, set_id: int) -> Period | None:
    """The latest period of the year holding any status or value for the commune."""
    row = store.db.conn.execute(
        _LATEST_PERIOD_SQL, [commune_id, year, set_id, commune_id, year, set_id]
    ).fetchone()
    return parse(row[0]) if row and row[0] else None


def commune_figures(
    store: Store, year: int, commune: Unit, period: Period | None = None, cs: CriteriaSet | None = None
) -> dict[str, Any]:
    """The scorecard of one commune.

    Without ``period`` (a yearly report) each criterion's status follows the counting rule
    of ``ntm summary`` (the latest period of the year holding a status), and the indicators
    are those of the commune's latest period with data; with ``period``, that period alone.
    """
    cs = cs or criteria.get_set(store, criteria.set_for_year(store, year))
    parent = units.get(store, commune.parent_id) if commune.parent_id else None
    district = parent if parent is None or parent.level != "province" else None  # none after 1 July 2025
    rule = _rule_statuses(store, commune.id, year, cs.id) if period is None else {}
    shown = period or latest_period(store, commune.id, year, cs.id) or Period(year, "Y")
    card = assessments.scorecard(store, commune, shown, cs.code)
    rows = []
    for crow in card.rows:
        number = crow.criterion.number
        from_period = None
        if period is None:
            effective, from_period = rule.get(number, (None, None))
            if from_period == shown.code:
                from_period = None
        else:
            effective = crow.effective
        rows.append(
            {
                "number": number,
                "name": crow.criterion.name,
                "group": crow.criterion.group_name,
                "computed": crow.computed.value,
                "official": crow.official,
                "met": effective is True,
                "status": "met" if effective is True else "not_met" if effective is False else "unknown",
                "from_period": from_period,
                "note": crow.note,
                "disagreement": crow.disagreement,
                "indicators": [
                    {
                        "code": irow.indicator.code,
                        "name": irow.indicator.name,
                        "unit": irow.indicator.unit,
                        "type": irow.indicator.type,
                        "threshold": irow.threshold.describe(irow.indicator.type) if irow.threshold else None,
                        "value": irow.display if irow.value is not None else None,
                        "status": irow.status.value,
                        "note": irow.note,
                    }
                    for irow in crow.indicators
                ],
            }
        )
    met = sum(1 for r in rows if r["met"])
    has_data = bool(rule) or card.has_data
    shape = shape_of(cs)
    extra: dict[str, Any] = {}
    if parent is not None and district is None:
        extra["province"] = _unit_info(parent)
    extra["recognitions"] = origins.recognitions(store, commune)  # issue 17 part 6: its own, with revocations
    formers = origins.former_communes(store, commune)
    if formers:  # CONTRACT §5: beside its own results, those of the communes it was formed from
        extra["origins"] = formers
        extra["formed"] = origins.reform(store, commune)
    return {
        "kind": "commune",
        "year": year,
        "period": shown.code,
        "period_label": vn.period_label(shown.code) if period is not None else f"Năm {year}",
        "criteria_set": _set_info(cs),
        "commune": _unit_info(commune),
        "district": _unit_info(district) if district else None,
        "has_data": has_data,
        "met": met if has_data else None,
        "total": len(rows),
        "shape": shape.as_json(),
        **_band_fields(shape, met, has_data),
        "disagreements": sum(1 for r in rows if r["disagreement"]),
        "rows": rows,
        **extra,
    }


# -- a district or the province -------------------------------------------------


def _previous(
    store: Store, year: int, district: str | None, period: Period | None = None
) -> dict[str, Any] | None:
    """The summary of the period before (last year's, or with ``period`` the quarter, half or
    month before it) in the same scope, or None when there is nothing to compare."""
    before = periods.previous(period) if period is not None else Period(year - 1, "Y")
    try:
        data = summary(store, before.year, district, period=before if before.kind != "Y" else None)
    except NtmError:  # no criteria set for that year
        return None
    if data["communes"] == 0 or data["no_data"] == data["communes"]:
        return None
    return data


def _comparison(current: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    if previous is None:
        return None
    per = {
        n: current["per_criterion"][n] - previous["per_criterion"].get(n, 0) for n in current["per_criterion"]
    }
    full_now, full_then = full_count(current), full_count(previous)
    count = previous.get("criteria_count", len(previous["per_criterion"]))
    label = f"năm {previous['year']}"
    if previous.get("period"):
        shown = vn.period_label(previous["period"])
        label = shown[0].lower() + shown[1:]  # "quý IV/2019", "6 tháng đầu năm 2020"
    result = {
        "year": previous["year"],
        "label": label,  # what the sentences compare with: "năm 2019", "quý IV/2019"
        "criteria_set": previous["criteria_set"],
        "criteria_count": count,
        "same_set": previous["criteria_set"] == current["criteria_set"],
        # sets of different sizes (19 in 2025, 10 in 2026): no comparison by criterion or average
        "comparable": count == current.get("criteria_count", len(current["per_criterion"])),
        "communes": previous["communes"],
        "per_criterion": previous["per_criterion"],
        "average": previous["average"],
        "full": full_then,
        "bands": previous["bands"],
        "delta_per_criterion": per,
        "delta_average": round(current["average"] - previous["average"], 1),
        "delta_full": full_now - full_then,
    }
    if "full_19" in current and "full_19" in previous:  # the old names, for the 19-criterion sets
        result.update({"full_19": full_then, "delta_full_19": full_now - full_then})
    return result


def _commune_rows(
    communes: list[dict[str, Any]], met: dict[int, set[int]], with_data: set[int], numbers: list[int], shape: Shape
) -> list[dict[str, Any]]:
    wanted = set(numbers)
    rows = []
    for commune in sorted(communes, key=lambda c: (text.sort_key(c["district"]), text.sort_key(c["name"]))):
        got = sorted(met.get(commune["id"], set()) & wanted)
        rows.append(
            {
                "commune": commune["name"],
                "district": commune["district"],
                "met": got,
                "count": len(got),
                "band": shape.band_key(len(got)),
                "has_data": commune["id"] in with_data,
            }
        )
    return rows


def _lagging(rows: list[dict[str, Any]], numbers: list[int]) -> dict[str, list[str]]:
    """Per criterion, the communes with data that do not meet it."""
    return {
        str(n): [r["commune"] for r in rows if r["has_data"] and n not in r["met"]] for n in numbers
    }


def _all_met(data: dict[str, Any]) -> list[int]:
    total = data["communes"]
    return [int(n) for n, count in data["per_criterion"].items() if total and count == total]


def district_figures(store: Store, year: int, district: str, period: Period | None = None) -> dict[str, Any]:
    """Everything the district summary shows, for one district and year (or a period of it, as
    known at its end, compared with the period before)."""
    dist = units.resolve_district(store, district)
    ended = store.query("SELECT valid_to FROM units WHERE id = ?", [dist.id])[0]["valid_to"]
    if ended is not None and ended < f"{year}-01-01":  # CONTRACT §1: no districts after 1 July 2025
        raise InputRejected("report.no_districts", district=dist.name, year=year, ended=ended)
    data = summary(store, year, dist.name, period=period)
    cs = criteria.get_set(store, data["criteria_set"])
    numbers = [c.number for c in cs.criteria]
    communes = communes_in_scope(store, year, dist.id)
    met, with_data = latest_statuses(store, year, cs.id, period)
    rows = _commune_rows(communes, met, with_data, numbers, shape_of(cs))
    province = units.get(store, dist.parent_id) if dist.parent_id else None
    return {
        "kind": "district",
        "year": year,
        "criteria_set": _set_info(cs),
        "criteria": _criteria_list(cs),
        "shape": shape_of(cs).as_json(),
        "scope": _unit_info(dist),
        "province": _unit_info(province) if province else None,
        "summary": data,
        "has_data": data["no_data"] < data["communes"],
        "communes": rows,
        "no_data_communes": [r["commune"] for r in rows if not r["has_data"]],
        "lagging": _lagging(rows, numbers),
        "all_met": _all_met(data),
        "previous": _comparison(data, _previous(store, year, dist.name, period)),
        "before_when": _before_when(year, period),
        "behind_target": targets.behind(store, year, met, communes, numbers),
        **_period_info(period),
    }


def _district_kinds(store: Store, communes: list[dict[str, Any]]) -> dict[str, str]:
    """The kind (huyện, thành phố, thị xã) of each district holding ``communes``, by name."""
    ids = sorted({c["district_id"] for c in communes if c.get("district_id")})
    rows = store.query("SELECT name, kind FROM units WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
    return {r["name"]: r["kind"] for r in rows}


def _before_when(year: int, period: Period | None) -> str:
    """What the comparison section is with: «năm 2019», «quý I/2020» (whether or not it has data)."""
    if period is None or period.kind == "Y":
        return f"năm {year - 1}"
    shown = vn.period_label(periods.previous(period).code)
    return shown[0].lower() + shown[1:]


def _funding(store: Store, year: int, cs: CriteriaSet) -> dict[str, Any] | None:
    """The year's funding by source and the phase's to date (from the set's first year), as
    ``funding.summary`` gives them; None when no money is recorded for the year."""
    this_year = funding.summary(store, year, year)
    if not this_year.get("total"):
        return None
    phase = funding.summary(store, cs.valid_from, year) if cs.valid_from < year else None
    return {"year": this_year, "phase": phase}


def _period_info(period: Period | None) -> dict[str, Any]:
    """``period``, its label and ``when`` (the words the sentences use: «quý II/2020») for a report
    of a half-year, quarter or month; nothing for a year (the sentences then say «năm 2020»)."""
    if period is None or period.kind == "Y":
        return {}
    label = vn.period_label(period.code)
    return {"period": period.code, "period_label": label, "when": label[0].lower() + label[1:]}


def province_figures(
    store: Store, year: int, low_share: float | None = None, annex: bool = False, progress: Progress | None = None,
    period: Period | None = None, low_rule: str | None = None, low_margin: float | None = None,
) -> dict[str, Any]:
    """Everything the province summary shows: the figures by district, the lagging localities
    (``low_shares``, under the settings' rule unless one is given: :func:`low_rule_of`), and with
    ``annex`` a one-page scorecard per commune; with ``period``, as known at its end."""
    rule = low_rule_of(store, low_share, low_rule, low_margin)
    data = summary(store, year, period=period)
    cs = criteria.get_set(store, data["criteria_set"])
    numbers = [c.number for c in cs.criteria]
    communes = communes_in_scope(store, year)
    met, with_data = latest_statuses(store, year, cs.id, period)
    rows = _commune_rows(communes, met, with_data, numbers, shape_of(cs))
    no_data_by_district: dict[str, int] = {}
    for row in rows:
        no_data_by_district[row["district"]] = no_data_by_district.get(row["district"], 0) + (not row["has_data"])
    grouped = any(row["district"] is not None for row in rows)
    kinds = _district_kinds(store, communes)
    districts = [
        {"name": name, **figures, "no_data": no_data_by_district.get(name, 0),
         "has_data": no_data_by_district.get(name, 0) < figures["communes"],
         "kind": kinds.get(name, "huyện"), "phrase": vn.unit_phrase(kinds.get(name, "huyện"), name)}
        for name, figures in data["by_district"].items()
    ]
    province = province_unit(store) or province_of(store, communes)
    result: dict[str, Any] = {
        "kind": "province",
        "year": year,
        "criteria_set": _set_info(cs),
        "criteria": _criteria_list(cs),
        "shape": shape_of(cs).as_json(),
        "scope": _unit_info(province) if province else {"name": "", "kind": "tỉnh", "phrase": "toàn tỉnh", "nkey": ""},
        "summary": data,
        "has_data": data["no_data"] < data["communes"],
        "districts": districts,
        "communes": rows,
        "no_data_communes": [f"{r['commune']} ({r['district']})" if r["district"] else r["commune"]
                             for r in rows if not r["has_data"]],
        "low_share": rule["share"],
        "low_rule": rule,
        "low_shares": low_shares(districts, numbers, rule, data),
        "all_met": _all_met(data),
        "previous": _comparison(data, _previous(store, year, None, period)),
        "before_when": _before_when(year, period),
        "behind_target": targets.behind(store, year, met, communes, numbers),
        "funding": _funding(store, year, cs) if period is None or period.kind == "Y" else None,
        "annex": [],
        **_period_info(period),
    }
    if not grouped:  # a year without districts (after 1 July 2025): communes are listed directly
        result["grouped"] = False
    if annex:
        result["annex"] = annex_figures(store, year, cs, progress)
    return result


_ANNEX_SQL = """
SELECT r.commune_id, c.number, r.period, r.official, r.computed, r.note, max(r.pend)
FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id
WHERE r.year = ? AND c.set_id = ? AND COALESCE(r.official, r.computed) IS NOT NULL
GROUP BY r.commune_id, r.criterion_id
"""


def annex_figures(store: Store, year: int, cs: CriteriaSet, progress: Progress | None = None) -> list[dict[str, Any]]:
    """A compact scorecard (criteria, not indicators) per commune with data, in order: for each
    criterion the result that counts (the latest period of the year holding a status), its
    official and computed statuses in that period, and its note. One pass over the year."""
    chosen = communes_in_scope(store, year)
    chosen.sort(key=lambda c: (text.sort_key(c["district"]), text.sort_key(c["name"])))
    kinds = {row[0]: row[1]
             for row in store.db.conn.execute("SELECT id, kind FROM units WHERE level IN ('district', 'commune')")}
    found: dict[int, dict[int, tuple[Any, ...]]] = {}
    for commune_id, number, period, official, computed, note, _pend in store.db.conn.execute(_ANNEX_SQL, [year, cs.id]):
        found.setdefault(commune_id, {})[number] = (period, official, computed, note)
    out = []
    shape = shape_of(cs)
    for index, commune in enumerate(chosen):
        results = found.get(commune["id"])
        if results:
            rows = []
            for crit in cs.criteria:
                period, official, computed, note = results.get(crit.number, (None, None, None, None))
                effective = official if official is not None else computed
                computed_status = "unknown" if computed is None else ("met" if computed else "not_met")
                rows.append({
                    "number": crit.number, "name": crit.name, "group": crit.group_name,
                    "official": None if official is None else bool(official), "computed": computed_status,
                    "met": effective == 1,
                    "status": "unknown" if effective is None else ("met" if effective else "not_met"),
                    "from_period": period if period and period != str(year) else None, "note": note,
                    "disagreement": official is not None and computed is not None and official != computed,
                })
            met = sum(1 for r in rows if r["met"])
            commune_kind = kinds.get(commune["id"], "xã")
            district_kind = kinds.get(commune["district_id"], "huyện")
            district = None if commune["district"] is None else {
                "name": commune["district"], "kind": district_kind,
                "phrase": vn.unit_phrase(district_kind, commune["district"]), "nkey": ""}
            out.append({
                "kind": "commune_annex", "year": year, "has_data": True, "met": met, "total": len(rows),
                **_band_fields(shape, met), "rows": rows,
                "commune": {"name": commune["name"], "kind": commune_kind,
                            "phrase": vn.unit_phrase(commune_kind, commune["name"]), "nkey": commune["nkey"]},
                "district": district,
            })
        if progress and index % 10 == 9:
            progress(index + 1, len(chosen))
    if progress:
        progress(len(chosen), len(chosen))
    return out
