"""What the communes a new commune was formed from had reached (CONTRACT §5, issue 16 part 5).

Results stay on the unit that was assessed: a new commune's report shows its own results,
and beside them, for each former commune (:func:`ntm_desktop.units.origins`), the criteria
it met in its last assessed year (counted as ``ntm summary`` counts them: the latest period
of the year holding a status, official over computed) and those officially recognised
(công nhận chính thức) there. Plain JSON-ready dicts, as the other figures.

Recognitions (đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại; issue 17 part 6) are kept on the
unit recognised too: each former commune carries its own (``recognitions``), the sentence
introducing the former communes names them, and :func:`recognitions` /
:func:`recognition_sentence` give a commune's own for the report's general part.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ntm_desktop import criteria, recognition, units
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
            "recognitions": recognitions(store, unit),
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
    recognised = [f"xã {f['name']} {recognition_items(f['recognitions'])}" for f in figures["origins"]
                  if f.get("recognitions")]
    held = f" Trước sắp xếp, {'; '.join(recognised)}." if recognised else ""
    return (f"{name} được thành lập{when} trên cơ sở sắp xếp các xã {formers}{decision}.{held} Kết quả đánh giá"
            " của các xã cũ được giữ nguyên cho từng xã; năm đánh giá gần nhất của mỗi xã như sau:")


def recognitions(store: Store, unit: Unit) -> list[dict[str, Any]]:
    """``unit``'s recognitions, oldest first: ``{kind, label, year, decision, date, issuer,
    revoked_decision, revoked_on}`` (dates ISO)."""
    return [{"kind": s["kind"], "label": recognition.label(s["kind"]), "year": s["year"], "decision": s["decision"],
             "date": s["decided_on"], "issuer": s["issuer"], "revoked_decision": s["revoked_decision"],
             "revoked_on": s["revoked_on"]} for s in recognition.of_unit(store, unit)]


def recognition_phrase(item: dict[str, Any]) -> str:
    """``đạt chuẩn nông thôn mới năm 2020 (Quyết định số 123/QĐ-UBND ngày 30/12/2020 của UBND tỉnh
    Kon Tum; đã thu hồi theo Quyết định số 9/QĐ-UBND ngày 01/01/2025)``."""
    kind = {"ntm": "đạt chuẩn nông thôn mới", "nang-cao": "đạt chuẩn nông thôn mới nâng cao",
            "kieu-mau": "đạt chuẩn nông thôn mới kiểu mẫu", "hien-dai": "đạt chuẩn nông thôn mới hiện đại"}
    issuer = f" của {item['issuer']}" if item.get("issuer") else ""
    by = f"Quyết định số {item['decision']} ngày {vn.date_short(dt.date.fromisoformat(item['date']))}{issuer}"
    if item.get("revoked_on"):
        revoked = f"Quyết định số {item['revoked_decision']}" if item.get("revoked_decision") else "quyết định"
        by += f"; đã thu hồi theo {revoked} ngày {vn.date_short(dt.date.fromisoformat(item['revoked_on']))}"
    return f"{kind[item['kind']]} năm {item['year']} ({by})"


def recognition_items(items: list[dict[str, Any]]) -> str:
    """``được công nhận đạt chuẩn nông thôn mới năm 2020 (…) và …``; empty for none."""
    if not items:
        return ""
    return "được công nhận " + vn.join([recognition_phrase(i) for i in items])


def recognition_sentence(figures: dict[str, Any]) -> str | None:
    """``Xã Đăk Cấm đã được công nhận đạt chuẩn nông thôn mới năm 2020 (…).`` for the
    commune's own ``recognitions`` in ``figures``; None when it holds none."""
    items = figures.get("recognitions") or []
    if not items:
        return None
    return f"{vn.sentence_case(figures['commune']['phrase'])} đã {recognition_items(items)}."


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
