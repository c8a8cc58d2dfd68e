"""Reading recognitions: a commune's own, those of the communes it was formed from (the
2025 merger keeps them: CONTRACT §5, DOMAIN "History stays"), and the CLI's list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import text, units
from ntm_desktop.recognition import records
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

_PLACE_SQL = ("SELECT u.id, u.name AS commune, u.code, u.kind AS unit_kind, p.name AS parent, p.level AS parent_level,"
              " g.name AS grandparent FROM units u LEFT JOIN units p ON p.id = u.parent_id"
              " LEFT JOIN units g ON g.id = p.parent_id WHERE u.id IN ({marks})")


def in_force(state: dict[str, Any], on: str) -> bool:
    """Recognised on the day ``on``: decided on or before it and not revoked by then (a
    revocation takes effect on its own day)."""
    return state["decided_on"] <= on and (not state.get("revoked_on") or state["revoked_on"] > on)


@dataclass(frozen=True)
class Former:
    """A commune ``unit`` was formed from, with its recognitions (oldest first)."""

    unit: Unit
    recognitions: list[dict[str, Any]]


def of_unit(store: Store, unit: Unit) -> list[dict[str, Any]]:
    """``unit``'s recognitions, revoked ones included, oldest decision first (states, with ``unit_id``)."""
    return records.states(store, [unit.id])


def of_formers(store: Store, unit: Unit) -> list[Former]:
    """Each commune ``unit`` was formed from (:func:`ntm_desktop.units.origins`) with its
    recognitions, in Vietnamese name order; only those holding any."""
    found = units.origins(store, unit)
    held = records.states(store, [u.id for u in found])
    out = []
    for former in found:
        mine = [s for s in held if s["unit_id"] == former.id]
        if mine:
            out.append(Former(former, mine))
    return out


def _places(store: Store, unit_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not unit_ids:
        return {}
    rows = store.query(_PLACE_SQL.format(marks=", ".join("?" for _ in unit_ids)), unit_ids)
    out = {}
    for r in rows:
        district = r["parent"] if r["parent_level"] == "district" else None
        province = r["grandparent"] if district else r["parent"] if r["parent_level"] == "province" else None
        out[r["id"]] = {"province": province, "district": district, "commune": r["commune"], "code": r["code"]}
    return out


def row(state: dict[str, Any], place: dict[str, Any], on: str, former: bool) -> dict[str, Any]:
    """One recognition as ``ntm recognition list --json`` gives it."""
    return {**place, "kind": state["kind"], "year": state["year"], "decision": state["decision"],
            "date": state["decided_on"], "issuer": state["issuer"], "revoked_decision": state["revoked_decision"],
            "revoked_on": state["revoked_on"], "note": state["note"], "in_force": in_force(state, on),
            "former": former}


def listing(store: Store, on: str, unit: Unit | None = None, as_of: bool = False) -> list[dict[str, Any]]:
    """CONTRACT §1 shape of ``ntm recognition list``: every recognition (``unit`` given: its own,
    then those of the communes it was formed from, marked ``former``), with ``in_force`` on the
    day ``on``; ``as_of``: only those in force that day."""
    if unit is None:
        ids = [r["unit_id"] for r in store.query("SELECT DISTINCT unit_id FROM recognitions WHERE deleted = 0")]
        states = [(s, False) for s in records.states(store, ids)]
    else:
        states = [(s, False) for s in of_unit(store, unit)]
        states += [(s, True) for f in of_formers(store, unit) for s in f.recognitions]
    places = _places(store, sorted({s["unit_id"] for s, _ in states}))
    rows = [row(s, places[s["unit_id"]], on, former) for s, former in states]
    if as_of:
        rows = [r for r in rows if r["in_force"]]
    if unit is None:
        rows.sort(key=lambda r: (text.sort_key(r["province"] or ""), text.sort_key(r["district"] or ""),
                                 text.sort_key(r["commune"]), r["code"] or "", r["date"], r["kind"]))
    return rows


def counts(store: Store, unit_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    """Per kind, among the units ``unit_ids``: ``in_force`` on 31/12 of ``year``, ``new`` (decided
    during the year) and ``revoked`` (during the year). Kinds none of them ever held are left out:
    what a district or province report would count."""
    end, start = f"{year}-12-31", f"{year}-01-01"
    out: dict[str, dict[str, int]] = {}
    for state in records.states(store, unit_ids):
        found = out.setdefault(state["kind"], {"in_force": 0, "new": 0, "revoked": 0})
        found["in_force"] += in_force(state, end)
        found["new"] += start <= state["decided_on"] <= end
        found["revoked"] += bool(state["revoked_on"]) and start <= state["revoked_on"] <= end
    return {kind: out[kind] for kind in ("ntm", "nang-cao", "kieu-mau", "hien-dai") if kind in out}
