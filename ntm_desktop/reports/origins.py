"""What the communes a new commune was formed from had reached (CONTRACT §5, issue 16 part 5).

Results stay on the unit that was assessed: a new commune's report shows its own results,
and beside them, for each former commune (:func:`ntm_desktop.units.origins`), the criteria
it met in its last assessed year (counted as ``ntm summary`` counts them: the latest period
of the year holding a status, official over computed) and those officially recognised
(công nhận chính thức) there. Plain JSON-ready dicts, as the other figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm_desktop import criteria, units
from ntm_desktop.errors import NtmError
from ntm_desktop.reports import vn
from ntm_desktop.store.database import Store
from ntm_desktop.summary import last_assessed_years
from ntm_desktop.units import Unit

# the rule of summary._LATEST_SQL for one commune, keeping the official status apart
_LATEST_SQL = """
SELECT c.number, r.official, COALESCE(r.official, r.computed) AS eff, max(r.pend)
FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id
WHERE r.commune_id = ? AND r.year = ? AND c.set_id = ? AND COALESCE(r.official, r.computed) IS NOT NULL
GROUP BY r.criterion_id
"""


def parent_phrase(store: Store, unit: Unit) -> dict[str, Any] | None:
    """The unit's parent (its district before 1 July 2025, its province after) as report info."""
    if not unit.parent_id:
        return None
    parent = units.get(store, unit.parent_id)
    return {"name": parent.name, "kind": parent.kind, "level": parent.level,
            "phrase": vn.unit_phrase(parent.kind, parent.name), "nkey": parent.nkey}


def reform(store: Store, commune: Unit) -> dict[str, Any] | None:
    """The event that formed ``commune`` (``{date, kind, decision}``), from the unit history."""
    if not commune.code:
        return None
    for event in units.history(store, commune.code):
        if event["kind"] in ("merged", "split", "moved") and any(u["code"] == commune.code for u in event["to"]):
            return {"date": event["date"], "kind": event["kind"], "decision": event["decision"]}
    return None


def former_communes(store: Store, commune: Unit) -> list[dict[str, Any]]:
    """Each former commune of ``commune`` with what it had reached, in Vietnamese order; empty
    for a commune formed from no other. ``year`` is None for a former commune without results."""
    found = units.origins(store, commune)
    if not found:
        return []
    last = last_assessed_years(store, [u.id for u in found])
    sets: dict[int, criteria.CriteriaSet | None] = {}
    out = []
    for unit in found:
        parent = parent_phrase(store, unit)
        row: dict[str, Any] = {
            "name": unit.name, "code": unit.code, "kind": unit.kind, "phrase": vn.unit_phrase(unit.kind, unit.name),
            "district": parent["name"] if parent and parent["level"] == "district" else None,
            "district_phrase": parent["phrase"] if parent and parent["level"] == "district" else None,
            "year": None, "criteria_set": None, "met": [], "recognised": [], "total": None,
        }
        year = last.get(unit.id)
        if year is not None and year not in sets:
            try:
                sets[year] = criteria.get_set(store, criteria.set_for_year(store, year))
            except NtmError:  # no criteria set for that year
                sets[year] = None
        cs = sets.get(year) if year is not None else None
        if cs is not None:
            rows = store.db.conn.execute(_LATEST_SQL, [unit.id, year, cs.id]).fetchall()
            row.update({
                "year": year, "criteria_set": cs.code, "total": len(cs.criteria),
                "met": sorted(number for number, _official, effective, _pend in rows if effective == 1),
                "recognised": sorted(number for number, official, _eff, _pend in rows if official == 1),
            })
        out.append(row)
    return out


def formed_sentence(figures: dict[str, Any]) -> str:
    """``Xã Ia Chim được thành lập ngày 01/07/2025 trên cơ sở sắp xếp các xã Đăk Năng, Đoàn Kết và
    Ia Chim (Nghị quyết số 1677/NQ-UBTVQH15).`` (the report keeps the results on each unit)."""
    name = vn.sentence_case(figures["commune"]["phrase"])
    formers = vn.join([f["name"] for f in figures["origins"]])
    event = figures.get("formed") or {}
    when = f" ngày {vn.date_short(dt.date.fromisoformat(event['date']))}" if event.get("date") else ""
    decision = f" (Nghị quyết số {event['decision']})" if event.get("decision") else ""
    return (f"{name} được thành lập{when} trên cơ sở sắp xếp các xã {formers}{decision}. Kết quả đánh giá"
            " của các xã cũ được giữ nguyên cho từng xã; năm đánh giá gần nhất của mỗi xã như sau:")


def former_cells(former: dict[str, Any]) -> tuple[str, str, str, str]:
    """(name with district, year, criteria met N/M, recognised) as the PDF and the workbook show them."""
    name = former["name"] + (f" ({former['district']})" if former["district"] else "")
    if former["year"] is None:
        return name, "Chưa có số liệu", "–", "–"
    met = f"{len(former['met'])}/{former['total']}"
    return name, str(former["year"]), met, numbers_text(former["recognised"]) or "–"


def numbers_text(numbers: list[int]) -> str:
    """Criterion numbers with runs joined: ``[1, 2, 3, 5, 7, 8]`` → ``1–3, 5, 7–8``."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
