"""Submitting, locking and unlocking a period for a unit; the states as lists for people.

``open → submitted → locked`` (→ unlocked with a reason: back to ``open``, and locked again).
Each action is one logged batch through :func:`ntm_desktop.cycle.records.save`, checked
before anything is written. A lock is refused nothing for unsent changes: whether a change
made here has reached the office above cannot be known (a package written is not a package
delivered; a package for one peer or district says nothing of another), so :func:`unsent`
counts the changes of the locked communes and periods made here after the newest package
sent from here, and the command and the window show it as a warning (docs/cycle.md).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids, periods, text
from ntm_desktop.cycle import records
from ntm_desktop.cycle.locks import Lock, describe, lock_over, locked_communes
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit
from ntm_desktop.units import tree as units_tree

ACTIONS = {"submit": "submitted", "lock": "locked", "unlock": "open"}


@dataclass(frozen=True)
class Done:
    """What one action did: the state in force, its batch (None: nothing changed; else to undo), and
    the changes made here to what the lock covers that no package sent from here holds."""

    unit: Unit
    period: Period
    state: dict[str, Any] | None
    batch: audit.Batch | None
    unsent: int = 0


def last_day(period: Period) -> str:
    return f"{period.year}-{period.end_month:02d}-{calendar.monthrange(period.year, period.end_month)[1]:02d}"


def roots(store: Store, period: Period) -> list[Unit]:
    """The provinces a lock without a unit applies to: the top units in force on the period's
    last day (every top unit when none is)."""
    rows = store.query("SELECT * FROM units WHERE parent_id IS NULL ORDER BY id")
    day = last_day(period)
    current = [r for r in rows if (r["valid_from"] or "") <= day and (r["valid_to"] is None or r["valid_to"] >= day)]
    return [Unit.from_row(r) for r in (current or rows)]


def tree(store: Store, period: Period) -> list[tuple[Unit, int]]:
    """The units a person locks, as the window lists them: each province in force at the
    period's end (:func:`roots`), its districts and their communes (or, without districts, its
    communes), with their depth; units that ended before or began after that day left out."""
    day = last_day(period)

    def in_force(u: Unit) -> bool:
        return (u.valid_from or "") <= day and (u.valid_to is None or u.valid_to >= day)

    out: list[tuple[Unit, int]] = []

    def walk(unit: Unit, depth: int) -> None:
        out.append((unit, depth))
        if unit.level == "commune":
            return
        for child in units_tree.children(store, unit.id):
            if child.level in ("district", "commune") and in_force(child):
                walk(child, depth + 1)

    for root in roots(store, period):
        walk(root, 0)
    return out


def act(store: Store, unit: Unit, period: Period, action: str, *, reason: str | None = None,
        batch: audit.Batch | None = None) -> Done:
    """``submit``, ``lock`` or ``unlock`` (which needs a reason) the period for the unit."""
    if action not in ACTIONS:
        raise InputRejected("cycle.bad_action", action=action)
    reason = text.clean(reason or "") or None
    nkey = records.nkey_of(unit.nkey, period.code)
    with store.transaction():
        old = records.state_of(store, nkey=nkey)
        current = old["state"] if old else "open"
        if action == "unlock":
            if reason is None:
                raise InputRejected("cycle.reason_needed", name=unit.name, period=period.label())
            if current != "locked":
                above = lock_over(store, unit.id, period)
                if above is not None:
                    raise InputRejected("cycle.locked_above", [describe(above)], name=unit.name,
                                        period=period.label())
                raise InputRejected("cycle.not_locked", name=unit.name, period=period.label())
        elif action == "submit":
            above = lock_over(store, unit.id, period)
            if above is not None:
                raise InputRejected("cycle.locked", [describe(above)], name=unit.name, period=period.label(),
                                    by=above.by or "?", at=records.when(above.at))
        wanted = ACTIONS[action]
        if wanted == current and action != "unlock":
            return Done(unit, period, old, None)
        batch = batch or audit.new_batch("entered", f"{unit.name} {period.code} {action}")
        state = {"uuid": old["uuid"] if old else ids.new_uuid(), "nkey": nkey, "unit": unit.nkey,
                 "period": period.code, "state": wanted, "reason": reason, "state_by": store.user,
                 "state_at": clock.now_iso(), "state_hlc": None}
        new = records.save(store, batch, state)
    return Done(unit, period, new, batch, unsent(store, unit, period) if action == "lock" else 0)


_SPAN = {"Y": 12, "H": 6, "Q": 3, "M": 1}


def inside(period: Period) -> list[str]:
    """The codes of ``period`` and of every period inside it (a year: its 19 periods)."""
    start = period.end_month - _SPAN[period.kind] + 1
    return [p.code for p in periods.of_year(period.year)
            if p.end_month - _SPAN[p.kind] + 1 >= start and p.end_month <= period.end_month]


_UNDER = """
WITH RECURSIVE down(id) AS (
    SELECT ? UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id
)
SELECT u.nkey FROM units u JOIN down ON down.id = u.id
"""


def unsent(store: Store, unit: Unit, period: Period) -> int:
    """Changes of values and statuses made here to the communes under ``unit`` for ``period``
    (and the periods inside it) after the newest package sent from here to any peer (all of
    them when none was sent): what the lock may hold back from the office above."""
    mark = store.db.execute("SELECT coalesce(max(change_id), 0) FROM sync_watermarks").fetchone()[0]
    under = {r[0] for r in store.db.execute(_UNDER, [unit.id])}
    codes = set(inside(period))
    count = 0
    for (nkey,) in store.db.execute(
        "SELECT nkey FROM changes WHERE id > ? AND installation = ? AND entity IN"
        " ('indicator_value', 'criterion_result')", [mark, store.installation_id]
    ):
        _, rest = nkey.split("|", 1)
        commune, code, _set, _item = rest.rsplit("|", 3)
        if code in codes and commune in under:
            count += 1
    return count


def listing(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """``ntm period list``: every stored state (of ``year``), ``{year, period, unit, state, by,
    at, reason}`` with the unit's ``code``, ``level`` and ``parent``, by period then unit."""
    rows = store.query(
        "SELECT p.*, u.name, u.code, u.level, pu.name AS parent FROM period_states p"
        " JOIN units u ON u.id = p.unit_id LEFT JOIN units pu ON pu.id = u.parent_id"
        + (" WHERE substr(p.period, 1, 4) = ?" if year is not None else ""), [str(year)] if year is not None else [])
    out = [{"year": int(r["period"][:4]), "period": r["period"], "unit": r["name"], "code": r["code"],
            "level": r["level"], "parent": r["parent"], "state": r["state"], "by": r["state_by"],
            "at": r["state_at"], "reason": r["reason"]} for r in rows]
    return sorted(out, key=lambda r: (periods.parse(r["period"]), text.sort_key(r["parent"] or ""),
                                      text.sort_key(r["unit"])))


def overview(store: Store, period: Period, units: list[Unit]) -> list[dict[str, Any]]:
    """The state of ``period`` for each of ``units``, as the window lists it: its own stored
    state, or ``locked`` with ``lock`` naming the lock above it that covers it."""
    own = {r["unit_id"]: r for r in records.states(store, [period.code])}
    covering: dict[int, Lock] = locked_communes(store, period, [u.id for u in units])
    out = []
    for unit in units:
        row = own.get(unit.id)
        lock = covering.get(unit.id)
        state = row["state"] if row else "open"
        entry = {"unit": unit, "state": state, "by": row["state_by"] if row else None,
                 "at": row["state_at"] if row else None, "reason": row["reason"] if row else None, "lock": None}
        if state != "locked" and lock is not None:
            entry.update(state="locked", by=lock.by, at=lock.at, lock=lock)
        out.append(entry)
    return out


def as_json(done: Done) -> dict[str, Any]:
    """An action's outcome as ``--json`` prints it (the state in force, changed or not)."""
    state = done.state or {}
    return {"year": done.period.year, "period": done.period.code, "unit": done.unit.name, "code": done.unit.code,
            "level": done.unit.level, "state": state.get("state", "open"), "by": state.get("state_by"),
            "at": state.get("state_at"), "reason": state.get("reason"), "changed": done.batch is not None,
            "unsent": done.unsent}
