"""Units of both eras, read: the units in force on a day and the history of CONTRACT §1/§5.

``unit_events`` holds one row per (unit before, unit after) pair (migration 0005); the
history groups them back into events with lists on both sides: the rows of a ``merged``
event share their kind, date, decision and unit after, those of a ``split`` their unit
before, a ``moved`` event is one row. Rows of the older kinds (``merged_into``,
``renamed_from`` …, one unit and perhaps another) are shown one event each, under the
contract's names (``merged``, ``renamed`` …).
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import text
from ntm_desktop.store.database import Store
from ntm_desktop.units.names import IN_FORCE
from ntm_desktop.units.records import Unit

# the older kinds under CONTRACT §1's names
_CONTRACT_KIND = {"merged_into": "merged", "split_from": "split", "renamed_from": "renamed",
                  "dissolved": "ended", "reclassified": "moved"}


def in_force(store: Store, on: str, district: Unit | None = None) -> list[dict[str, Any]]:
    """CONTRACT §1 ``units list --as-of``: ``{province, district, commune, code, kind}`` for the
    commune-level units in force on the day ``on`` (only ``district``'s, if given); ``district``
    is None for a commune with none (after 1 July 2025). Sorted by province, district and commune."""
    sql = ("SELECT u.name AS commune, u.code, u.kind, p.name AS parent, p.level AS parent_level,"
           " g.name AS grandparent FROM units u LEFT JOIN units p ON p.id = u.parent_id"
           f" LEFT JOIN units g ON g.id = p.parent_id WHERE u.level = 'commune' AND {IN_FORCE}")
    params: list[Any] = [on, on]
    if district is not None:
        sql += " AND u.parent_id = ?"
        params.append(district.id)
    rows = store.query(sql, params)
    out = []
    for r in rows:
        district = r["parent"] if r["parent_level"] == "district" else None
        province = r["grandparent"] if district else r["parent"] if r["parent_level"] == "province" else None
        out.append({"province": province, "district": district, "commune": r["commune"], "code": r["code"],
                    "kind": r["kind"]})
    return sorted(out, key=lambda r: (text.sort_key(r["province"] or ""), text.sort_key(r["district"] or ""),
                                      text.sort_key(r["commune"]), r["code"] or ""))


def history(store: Store, code: str | None = None) -> list[dict[str, Any]]:
    """CONTRACT §1 ``units history``: ``{date, kind, from: [{code, name}], to: [{code, name}],
    decision}``, oldest first; with ``code``, the events naming that code in ``from`` or ``to``."""
    rows = store.query(
        "SELECT e.id, e.kind, e.on_date, e.decision, e.unit_id, e.other_unit_id, e.old_name,"
        " u.code AS u_code, u.name AS u_name, o.code AS o_code, o.name AS o_name FROM unit_events e"
        " JOIN units u ON u.id = e.unit_id LEFT JOIN units o ON o.id = e.other_unit_id ORDER BY e.id")
    events: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        kind = _CONTRACT_KIND.get(r["kind"], r["kind"])
        if r["kind"] == "merged":
            key: tuple[Any, ...] = (kind, r["on_date"], r["decision"], "to", r["other_unit_id"])
        elif r["kind"] == "split":
            key = (kind, r["on_date"], r["decision"], "from", r["unit_id"])
        else:
            key = ("row", r["id"])
        event = events.setdefault(key, {"date": r["on_date"], "kind": kind, "from": [], "to": [],
                                        "decision": r["decision"]})
        renamed = r["kind"] in ("renamed_from", "renamed") and r["old_name"]
        before = {"code": r["u_code"], "name": r["old_name"] if renamed else r["u_name"]}
        if r["kind"] == "created":  # a unit a user added from a day: nothing before it
            event["to"].append({"code": r["u_code"], "name": r["u_name"]})
            continue
        if renamed:  # the unit itself, once under its old name
            event["from"].append(before)
            event["to"].append({"code": r["u_code"], "name": r["u_name"]})
            continue
        if before not in event["from"]:
            event["from"].append(before)
        if r["other_unit_id"] is not None:
            after = {"code": r["o_code"], "name": r["o_name"]}
            if after not in event["to"]:
                event["to"].append(after)
    out = list(events.values())
    for event in out:
        event["from"].sort(key=lambda u: (u["code"] or "", text.sort_key(u["name"])))
        event["to"].sort(key=lambda u: (u["code"] or "", text.sort_key(u["name"])))
    if code is not None:
        wanted = text.clean(code)
        out = [e for e in out if any(u["code"] == wanted for u in (*e["from"], *e["to"]))]
    return sorted(out, key=lambda e: (e["date"] or "", e["kind"], [u["code"] or "" for u in e["to"]],
                                      [u["code"] or "" for u in e["from"]]))


def origins(store: Store, unit: Unit) -> list[Unit]:
    """The units ``unit`` was formed from (the ``from`` side of its events), sorted by name: what
    a new commune's scorecard shows beside its own results (CONTRACT §5)."""
    rows = store.query("SELECT DISTINCT u.* FROM unit_events e JOIN units u ON u.id = e.unit_id"
                       " WHERE e.other_unit_id = ? AND e.kind IN ('merged', 'split', 'moved')", [unit.id])
    return sorted((Unit.from_row(r) for r in rows), key=lambda u: (text.sort_key(u.name), u.code or ""))
