"""Commune groups and regions as dated facts (issue 17 part 3): the one writer of ``unit_classes``.

A commune's *group* (``1``, ``2``, ``3``: the 2026-2030 sets, QĐ 51/2025) or *region*
(``TDMNPB`` … ``DBSCL``: the 2016-2025 sets) holds from a day (``valid_from``) to its last day
(``valid_to``, inclusive like ``units.valid_to``; None while open). Recording a fact from a day
ends the fact of the same kind in force that day on the day before, and the new fact ends the day
before the next later one starts; a fact starting the same day is replaced. Which fact a criteria
set reads (and the QĐ 318 rule) is the assessments' business
(:func:`ntm_desktop.assessments.evaluator.pick_column`): this module only keeps the facts.

Every write goes through :func:`save`, which writes a fact's whole state, stamps it and logs it
(entity ``unit_class``); undo/redo's :func:`restore` and sync's :class:`SyncRows` write through
here too. An undone fact stays as a tombstone (``deleted = 1``) so that a package carries the
undo. States name the unit by natural key, as sync's table entity reads the table::

    {"uuid", "nkey", "unit", "kind", "value", "valid_from", "valid_to", "decision", "note", "deleted"}

Recording a fact changes no status by itself: the callers recompute the commune's statuses
(:func:`ntm_desktop.assessments.classify`, its restorer, and sync's entity).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units.records import Unit, by_nkey

ENTITY = "unit_class"
KINDS = ("group", "region")
GROUPS = ("1", "2", "3")
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
FIELDS = ("unit", "kind", "value", "valid_from", "valid_to", "decision", "note", "deleted")
# (valid_from, valid_to, value) of one unit and kind, oldest first
Timeline = list[tuple[str, str | None, str]]

_SELECT = ("SELECT c.*, u.nkey AS unit, u.name AS unit_name FROM unit_classes c"
           " JOIN units u ON u.id = c.unit_id")


@dataclass(frozen=True)
class Fact:
    """One dated group or region of a unit."""

    uuid: str
    nkey: str
    unit_id: int
    unit: str  # the unit's nkey
    kind: str  # "group" | "region"
    value: str
    valid_from: str
    valid_to: str | None
    decision: str | None
    note: str | None

    def holds_on(self, day: str) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def class_nkey(unit_nkey: str, kind: str, valid_from: str) -> str:
    return f"{ENTITY}|{unit_nkey}|{kind}|{valid_from}"


def normal_value(kind: str, value: str | int | None) -> str:
    """The stored form of a group or region (``"ĐBSH"``, ``"dbsh"`` → ``"DBSH"``; ``2`` → ``"2"``),
    or InputRejected naming the allowed ones."""
    if kind not in KINDS:
        raise InputRejected("class.bad_kind", kind=kind)
    raw = text.fold(str(value if value is not None else "")).replace(" ", "").upper()
    allowed = GROUPS if kind == "group" else REGIONS
    if raw not in allowed:
        raise InputRejected(f"class.bad_{kind}", value=value, allowed=", ".join(allowed))
    return raw


def _day(value: str) -> str:
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputRejected("class.bad_date", value=value) from None


def day_before(day: str) -> str:
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()


# -- reading ---------------------------------------------------------------------------------


def _fact(row: Any) -> Fact:
    return Fact(row["uuid"], row["nkey"], row["unit_id"], row["unit"], row["kind"], row["value"],
                row["valid_from"], row["valid_to"], row["decision"], row["note"])


def facts_of(store: Store, unit: Unit, kind: str | None = None) -> list[Fact]:
    """The unit's facts (tombstones left out), by kind then oldest first."""
    sql = f"{_SELECT} WHERE c.unit_id = ? AND c.deleted = 0" + (" AND c.kind = ?" if kind else "")
    rows = store.query(sql + " ORDER BY c.kind, c.valid_from", [unit.id, *([kind] if kind else [])])
    return [_fact(r) for r in rows]


def all_facts(store: Store, unit_ids: Iterable[int] | None = None) -> list[Fact]:
    """Every fact (of these units), tombstones left out, in one query."""
    if unit_ids is None:
        rows = store.query(f"{_SELECT} WHERE c.deleted = 0 ORDER BY c.unit_id, c.kind, c.valid_from")
    else:
        rows = store.query(f"{_SELECT} WHERE c.deleted = 0 AND c.unit_id IN (SELECT value FROM json_each(?))"
                           " ORDER BY c.unit_id, c.kind, c.valid_from", [json.dumps(sorted(set(unit_ids)))])
    return [_fact(r) for r in rows]


def timelines(store: Store, unit_ids: Iterable[int] | None = None) -> dict[tuple[int, str], Timeline]:
    """(unit id, kind) → its facts as (valid_from, valid_to, value), oldest first: what the bulk
    evaluator reads, in one query for every unit."""
    out: dict[tuple[int, str], Timeline] = {}
    for fact in all_facts(store, unit_ids):
        out.setdefault((fact.unit_id, fact.kind), []).append((fact.valid_from, fact.valid_to, fact.value))
    return out


def value_on(timeline: Timeline | None, day: str) -> str | None:
    """The value in force on ``day``: the latest fact started by then and not ended before it
    (two installations' facts merged by sync may overlap: the later start wins)."""
    found = None
    for start, end, value in timeline or ():
        if start > day:
            break
        if end is None or day <= end:
            found = value
    return found


def in_force(store: Store, unit_ids: Iterable[int], kind: str, day: str) -> dict[int, str]:
    """unit id → its group or region in force on ``day`` (units without one are left out)."""
    out = {}
    for (unit_id, fact_kind), timeline in timelines(store, unit_ids).items():
        value = value_on(timeline, day) if fact_kind == kind else None
        if value is not None:
            out[unit_id] = value
    return out


def state_of(store: Store, *, uuid: str | None = None, nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one fact (tombstones included), by uuid or natural key."""
    column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
    rows = store.query(f"{_SELECT} WHERE c.{column} = ?", [value])
    if not rows:
        return None
    return {"uuid": rows[0]["uuid"], "nkey": rows[0]["nkey"], **{f: rows[0][f] for f in FIELDS}}


# -- the one writer --------------------------------------------------------------------------


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None) -> dict[str, Any]:
    """Write one fact's whole state and log it (nothing logged when nothing changed). Call inside
    a transaction. The row is found by the state's uuid, else by its natural key (the same fact
    made on another installation, or a tombstone brought back); otherwise inserted."""
    old = state_of(store, uuid=state.get("uuid")) if state.get("uuid") else None
    old = old or state_of(store, nkey=state["nkey"])
    unit = by_nkey(store, state["unit"])
    if unit is None:
        raise InputRejected("unit.unknown_commune", name=state["unit"], where="")
    values = {"unit_id": unit.id, "kind": state["kind"], "value": state["value"], "valid_from": state["valid_from"],
              "valid_to": state.get("valid_to"), "decision": state.get("decision"), "note": state.get("note"),
              "deleted": int(bool(state.get("deleted"))), "updated_by": store.user}
    if old is not None and all(old[f] == (state.get(f) if f != "deleted" else values["deleted"]) for f in FIELDS):
        return old
    hlc = hlc or store.next_hlc()
    values["updated_at"] = clock.now_iso()
    values["hlc"] = hlc
    if old is not None:
        assign = ", ".join(f"{k} = ?" for k in values)
        store.db.execute(f"UPDATE unit_classes SET {assign} WHERE uuid = ?", [*values.values(), old["uuid"]])
        row_uuid = old["uuid"]
    else:
        row_uuid = state.get("uuid") or ids.new_uuid()
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO unit_classes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row_uuid, state["nkey"], *values.values()])
    new = state_of(store, uuid=row_uuid)
    assert new is not None
    audit.record(store, batch, entity=ENTITY, entity_uuid=row_uuid, nkey=new["nkey"], old=old, new=new, hlc=hlc)
    return new


def classify(store: Store, batch: audit.Batch, unit: Unit, kind: str, value: str | int, valid_from: str, *,
             decision: str | None = None, note: str | None = None) -> bool:
    """Record that ``unit`` (a commune-level unit) has the group or region ``value`` from the day
    ``valid_from``, logged in ``batch``; returns whether anything changed (the same value in
    force that day, started earlier, changes nothing). The fact in force that day ends the day
    before; the new one ends the day before the next later fact. Everything is checked before
    anything is written: InputRejected, nothing changed. Call inside a transaction."""
    value = normal_value(kind, value)
    day = _day(valid_from)
    if unit.level != "commune":
        raise InputRejected("class.not_commune", name=unit.name)
    span = store.query("SELECT valid_from, valid_to FROM units WHERE id = ?", [unit.id])[0]
    if span["valid_to"] is not None and day > span["valid_to"]:
        raise InputRejected("class.unit_ended", name=unit.name, date=day, ended=span["valid_to"])
    if span["valid_from"] is not None and day < span["valid_from"]:
        raise InputRejected("class.before_start", name=unit.name, date=day, start=span["valid_from"])
    decision = text.clean(decision) or None
    note = text.clean(note) or None
    facts = facts_of(store, unit, kind)
    same_day = next((f for f in facts if f.valid_from == day), None)
    current = next((f for f in reversed(facts) if f.valid_from < day and f.holds_on(day)), None)
    if same_day is None and current is not None and current.value == value:
        return False
    later = next((f for f in facts if f.valid_from > day), None)
    end = same_day.valid_to if same_day is not None else (day_before(later.valid_from) if later else None)
    changed = False
    if current is not None:
        changed |= _saved(store, batch, {**_state(current), "valid_to": day_before(day)})
    nkey = class_nkey(unit.nkey, kind, day)
    tomb = state_of(store, nkey=nkey)
    changed |= _saved(store, batch, {"uuid": tomb["uuid"] if tomb else None, "nkey": nkey, "unit": unit.nkey,
                                     "kind": kind, "value": value, "valid_from": day, "valid_to": end,
                                     "decision": decision, "note": note, "deleted": 0})
    return changed


def _state(fact: Fact) -> dict[str, Any]:
    return {"uuid": fact.uuid, "nkey": fact.nkey, "unit": fact.unit, "kind": fact.kind, "value": fact.value,
            "valid_from": fact.valid_from, "valid_to": fact.valid_to, "decision": fact.decision, "note": fact.note,
            "deleted": 0}


def _saved(store: Store, batch: audit.Batch, state: dict[str, Any]) -> bool:
    before = batch.count
    save(store, batch, state)
    return batch.count > before


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> int | None:
    """Undo/redo (and a conflict resolved): bring a fact to ``state``; None leaves a tombstone.
    Returns the unit's id (whose statuses the caller recomputes), or None if nothing is held."""
    if state is None:
        current = state_of(store, uuid=entity_uuid) or state_of(store, nkey=nkey)
        if current is None:
            return None
        if not current["deleted"]:
            save(store, batch, {**current, "deleted": 1})
    else:
        save(store, batch, {"uuid": entity_uuid, "nkey": nkey, **state})
    found = state_of(store, nkey=nkey) or state_of(store, uuid=entity_uuid)
    unit = by_nkey(store, found["unit"]) if found else None
    return unit.id if unit else None


# -- sync's doors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncRows:
    """The rows of ``unit_classes`` as a package writes them (the ``rows`` of its
    :class:`~ntm_desktop.sync.entities.tables.TableEntity`): column values with the sender's
    stamp, no change-log row (the import adds the package's history)."""

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE unit_classes SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        if not uuid or store.db.execute("SELECT 1 FROM unit_classes WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuid()
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO unit_classes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        store.db.conn.executemany("DELETE FROM unit_classes WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        store.db.conn.executemany("UPDATE unit_classes SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


def sync_rows() -> SyncRows:
    return SyncRows()


def unit_ids_of(store: Store, nkeys: Iterable[str]) -> set[int]:
    """The units the facts ``nkeys`` belong to (sync recomputes their statuses)."""
    return {r[0] for r in store.db.conn.execute(
        "SELECT unit_id FROM unit_classes WHERE nkey IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set(nkeys)))])}


def show(state: dict[str, Any], _value_type: str | None = None) -> str:
    """A fact's state as the history dialog shows it: "Xã nhóm 2 · 01/01/2026 → …"."""
    kind, value = state.get("kind"), state.get("value")
    if kind == "group":
        what = t("class.column.group", value=value)
    else:
        what = t("class.column.region", name=t(f"class.region.{value}") if value in REGIONS else value)
    span = f"{_dmy(state.get('valid_from'))} → {_dmy(state.get('valid_to')) or '…'}"
    parts = [what, span, state.get("decision") or ""]
    return " · ".join(p for p in parts if p) + (" ✗" if state.get("deleted") else "")


def _dmy(iso: str | None) -> str:
    return "/".join(reversed(iso.split("-"))) if iso else ""
