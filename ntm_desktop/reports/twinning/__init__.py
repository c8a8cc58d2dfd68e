"""The twinning report (kết nghĩa): assignments as of a date, the reassignments of the year,
and the contributions in the shape of the review's tables 1a, 1b and 1c.

Built on the twinning capability (:mod:`ntm_desktop.twinning`): ``assignments_as_of``,
``reassignments_between``, ``contribution_totals``, ``TABLES`` and ``CONTRIBUTION_KINDS``.
The whole province groups the tables by agency (the review's form); one district groups
them by commune of that district (what each commune received). Texts are the Vietnamese
of the administrative document, whatever the window's language.

Here the figures; the renderers are :mod:`.pdf` and :mod:`.xlsx` in this package, imported
only when a file of their format is written (reportlab and openpyxl, see
:func:`ntm_desktop.reports.render`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm_desktop import i18n, units
from ntm_desktop import twinning as tw
from ntm_desktop.reports import vn
from ntm_desktop.reports.figures import province_unit
from ntm_desktop.store.database import Store

LEVELS = {"province": "Cấp tỉnh", "district": "Cấp huyện"}
CHANGES = {"reassigned": "Phân công lại", "new": "Phân công mới", "ended": "Kết thúc kết nghĩa"}


def _vi(key: str, **params: object) -> str:
    """The Vietnamese text of a catalog key (the report is Vietnamese whatever the UI language)."""
    return i18n.MESSAGES[key][0].format(**params)  # a missing key is a bug: fail, never print it


def place(commune: str | None, village: str | None, kind: str | None = None) -> str:
    """``Thôn 3, xã Hà Mòn`` (``Tổ 2, phường Trần Hưng Đạo``: the commune's own ``kind``) for a
    village, the commune alone otherwise ("" without one)."""
    if not commune:
        return ""
    return f"{village}, {vn.unit_phrase(kind or 'xã', commune)}" if village else commune


def _decision(number: str | None, on: dt.date | None) -> str:
    if not number and not on:
        return ""
    return " ".join(p for p in (number or "", f"ngày {vn.date_short(on)}" if on else "") if p)


def twinning_figures(
    store: Store, year: int, district: str | None = None, on: dt.date | None = None
) -> dict[str, Any]:
    """The twinning report's figures for a year (and one district, or the province)."""
    dist = units.resolve_district(store, district) if district else None
    on = on or dt.date(year, 12, 31)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    active = tw.assignments_as_of(store, on, dist.name if dist else None)
    changes = tw.reassignments_between(store, start, end, include_ended=True)
    if dist is not None:
        changes = [c for c in changes
                   if dist.name in ((c.before.district if c.before else None),
                                    (c.after.district if c.after else None))]
    by = "commune" if dist else "agency"
    totals = tw.contribution_totals(store, year, by=by)
    if dist is not None:
        totals = [r for r in totals if r.district == dist.name]
    kinds = {k.code: k for k in tw.CONTRIBUTION_KINDS}
    tables: list[dict[str, Any]] = []
    for spec in tw.TABLES:
        rows = [r for r in totals if r.table == spec.code]
        tables.append({
            "code": spec.code,
            "title": _vi(f"twin.table_{spec.code}"),
            "level": spec.level,
            "by": by,
            "kinds": [{"code": c, "label": kinds[c].vi, "unit": kinds[c].unit_vi, "money": kinds[c].money}
                      for c in spec.kinds],
            "rows": [r.as_json()
                     | {"agency_kind_label": _vi(f"twin.kind.{r.agency_kind}") if r.agency_kind else None}
                     for r in rows],
            "total": tw.sum_rows(rows),
        })
    kinds_of: dict[int, str] = {}

    def kind(commune_id: int) -> str:
        """The commune's kind (xã, phường, thị trấn, đặc khu), looked up once."""
        if commune_id not in kinds_of:
            unit = units.get(store, commune_id)
            kinds_of[commune_id] = unit.kind if unit is not None and unit.kind else "xã"
        return kinds_of[commune_id]

    scope_unit = dist or province_unit(store)
    scope = ({"name": scope_unit.name, "kind": scope_unit.kind,
              "phrase": vn.unit_phrase(scope_unit.kind, scope_unit.name), "nkey": scope_unit.nkey}
             if scope_unit else {"name": "", "kind": "tỉnh", "phrase": "toàn tỉnh", "nkey": ""})
    assignments = [
        {"agency": a.agency, "level": a.agency_level, "district": a.district, "commune": a.commune,
         "commune_kind": kind(a.commune_id), "village": a.village, "from": a.start.isoformat(),
         "decision": _decision(a.decision, a.decision_date)}
        for a in active
    ]
    change_rows = [
        {"kind": c.kind, "on": c.on.isoformat(), "agency": c.agency, "level": c.agency_level,
         "from": place(c.before.commune, c.before.village, kind(c.before.commune_id)) if c.before else "",
         "from_kind": kind(c.before.commune_id) if c.before else None,
         "from_district": c.before.district if c.before else None,
         "to": place(c.after.commune, c.after.village, kind(c.after.commune_id)) if c.after else "",
         "to_kind": kind(c.after.commune_id) if c.after else None,
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
        # province and district agencies counted apart (issue 21 part 4)
        "agencies_by_level": {level: len({a["agency"] for a in assignments if a["level"] == level})
                              for level in LEVELS},
        "communes": len({(a["district"], a["commune"]) for a in assignments if not a["village"]}),
        "villages": len({(a["district"], a["commune"], a["village"])
                         for a in assignments if a["village"]}),
        "changes": change_rows,
        "counts": {k: sum(1 for c in change_rows if c["kind"] == k) for k in CHANGES},
        "tables": tables,
    }
