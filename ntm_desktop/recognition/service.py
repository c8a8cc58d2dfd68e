"""Recognising a commune and revoking a recognition: one logged batch each, everything
checked before anything is written (a refusal raises InputRejected and changes nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ntm_desktop import ids, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.recognition import records
from ntm_desktop.recognition.kinds import KINDS, dmy, label
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit

FIRST_YEAR = 2010  # the programme began with QĐ 800/QĐ-TTg of 2010


@dataclass(frozen=True)
class Done:
    """What a write did: its batch (for undo) and the record's state after it."""

    batch: audit.Batch
    state: dict[str, Any]


def _day(value: str | dt.date, what: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputRejected("recog.bad_date", value=value, what=what) from None


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputRejected("recog.unknown_kind", kind=kind, kinds=", ".join(KINDS))
    return kind


def _commune(store: Store, unit: Unit, on: str) -> None:
    """A recognition belongs to a commune-level unit that existed on the decision's day."""
    if unit.level != "commune":
        raise InputRejected("recog.not_commune", name=unit.name)
    row = store.query("SELECT valid_from, valid_to FROM units WHERE id = ?", [unit.id])[0]
    if (row["valid_from"] and on < row["valid_from"]) or (row["valid_to"] and on > row["valid_to"]):
        raise InputRejected("recog.unit_absent", name=unit.name, date=dmy(on),
                            span=f"{dmy(row['valid_from']) or '…'} – {dmy(row['valid_to']) or '…'}")


def add(store: Store, unit: Unit, kind: str, *, decision: str, decided_on: str | dt.date, year: int | None = None,
        issuer: str | None = None, note: str | None = None) -> Done:
    """Record that ``unit`` was recognised as ``kind`` (a key of :data:`KINDS`) by ``decision``
    of the day ``decided_on``, for the year ``year`` (default: the decision's year). Refused:
    an unknown kind, no decision, a bad date or year, a unit that is not a commune or did not
    exist that day, and the same recognition twice (same commune, kind and decision)."""
    kind = _kind(kind)
    decision = text.clean(decision)
    if not decision:
        raise InputRejected("recog.no_decision")
    on = _day(decided_on, "--date")
    year = int(on[:4]) if year is None else int(year)
    if not FIRST_YEAR <= year <= int(on[:4]):
        raise InputRejected("recog.bad_year", year=year, date=dmy(on), first=FIRST_YEAR)
    _commune(store, unit, on)
    nkey = records.nkey_of(unit.nkey, kind, decision)
    held = records.state_of(store, nkey=nkey)
    if held is not None and not held["deleted"]:
        raise InputRejected("recog.duplicate", name=unit.name, kind=label(kind), decision=held["decision"],
                            date=dmy(held["decided_on"]))
    state = {"uuid": held["uuid"] if held else ids.new_uuid(), "nkey": nkey, "unit": unit.nkey, "kind": kind,
             "year": year, "decision": decision, "decided_on": on, "issuer": text.clean(issuer) or None,
             "revoked_decision": None, "revoked_on": None, "note": text.clean(note) or None, "deleted": 0}
    batch = audit.new_batch("entered", f"{unit.name}: {label(kind)} ({decision})")
    with store.transaction():
        saved = records.save(store, batch, state)
    return Done(batch, saved)


def in_force_of_kind(store: Store, unit: Unit, kind: str) -> list[dict[str, Any]]:
    """The recognitions of ``kind`` of ``unit`` not revoked, oldest first."""
    return [s for s in records.states(store, [unit.id]) if s["kind"] == kind and not s["revoked_on"]]


def revoke(store: Store, unit: Unit, kind: str, *, decision: str, revoked_on: str | dt.date,
           of: str | None = None, note: str | None = None) -> Done:
    """Revoke (thu hồi) ``unit``'s recognition of ``kind`` by ``decision`` of the day
    ``revoked_on``: the one recognised by the decision ``of``, else the latest one not revoked
    decided on or before that day. Refused: no such recognition in force, a revocation dated
    before the recognition, no decision, a bad date."""
    kind = _kind(kind)
    decision = text.clean(decision)
    if not decision:
        raise InputRejected("recog.no_decision")
    on = _day(revoked_on, "--date")
    held = in_force_of_kind(store, unit, kind)
    if of:
        held = [s for s in held if records.decision_key(s["decision"]) == records.decision_key(of)]
    if not held:
        raise InputRejected("recog.none_in_force", name=unit.name, kind=label(kind),
                            decision=f" ({text.clean(of)})" if of else "")
    before = [s for s in held if s["decided_on"] <= on]
    if not before:
        first = held[0]
        raise InputRejected("recog.revoke_before", date=dmy(on), decided=dmy(first["decided_on"]),
                            decision=first["decision"])
    target = before[-1]
    state = {k: v for k, v in target.items() if k != "unit_id"}
    state.update(revoked_decision=decision, revoked_on=on)
    if note:
        state["note"] = text.clean(note)
    batch = audit.new_batch("entered", f"{unit.name}: {label(kind)} ✗ ({decision})")
    with store.transaction():
        saved = records.save(store, batch, state)
    return Done(batch, saved)
