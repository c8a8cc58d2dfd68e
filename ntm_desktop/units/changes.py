"""Units a user changes (issue 16 part 6, CONTRACT §5): rename, merge, split and end units, and
date a unit's creation, each with the day it takes effect and the decision that made it.

Each change is one logged batch (undone by ``history.revert_batch``) written through the owners:
:func:`~ntm_desktop.units.state.write_state` for the units, :func:`~ntm_desktop.units.events.add_event`
for their history, as (from, to) rows of the contract's kinds (``merged``, ``split``, ``renamed``,
``created``, ``ended``). A change takes effect on its day ``on``: the units it ends have
``valid_to`` the day before, the units it makes ``valid_from`` that day.

Everything is checked before anything is written (CONTRACT §1, exit 3, nothing changed): a unit
already ended (merged twice, split after a merge), a day before a unit's start or after its end,
a unit named twice, a new unit's code or name held by a unit in force that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units.events import add_event
from ntm_desktop.units.names import IN_FORCE
from ntm_desktop.units.records import Unit, by_nkey, get
from ntm_desktop.units.state import snapshot, write_state


@dataclass(frozen=True)
class Change:
    """What a change did: its batch (for undo) and the units it made or renamed."""

    batch: audit.Batch
    units: list[Unit]


def day_before(on: str) -> str:
    return (datetime.date.fromisoformat(on) - datetime.timedelta(days=1)).isoformat()


def _span(store: Store, unit: Unit) -> tuple[str | None, str | None]:
    row = store.query("SELECT valid_from, valid_to FROM units WHERE id = ?", [unit.id])[0]
    return row["valid_from"], row["valid_to"]


def _check_ends(store: Store, unit: Unit, on: str) -> None:
    """``unit`` may end on the day before ``on``: it has not ended and started before ``on``."""
    start, end = _span(store, unit)
    if end is not None:
        raise InputRejected("unit.already_ended", name=unit.name, code=unit.code or "", ended=end)
    if start is not None and on <= start:
        raise InputRejected("unit.before_start", name=unit.name, date=on, start=start)


def _check_distinct(chosen: list[Unit]) -> None:
    seen: set[int] = set()
    for unit in chosen:
        if unit.id in seen:
            raise InputRejected("unit.named_twice", name=unit.name)
        seen.add(unit.id)


def _check_free(store: Store, name: str, code: str | None, parent_id: int | None, on: str,
                leaving: list[Unit]) -> None:
    """No unit in force on ``on`` (other than the ones ``leaving`` that day) holds ``code``, or
    ``name`` under the same parent: a commune is in one place at a time."""
    gone = [u.id for u in leaving] or [0]
    marks = ", ".join("?" for _ in gone)
    if code:
        held = store.query(f"SELECT u.name FROM units u WHERE u.level = 'commune' AND u.code = ? AND {IN_FORCE}"
                           f" AND u.id NOT IN ({marks})", [code, on, on, *gone])
        if held:
            raise InputRejected("unit.code_in_force", code=code, name=held[0]["name"], date=on)
    held = store.query(f"SELECT u.name FROM units u WHERE u.level = 'commune' AND u.name_key = ?"
                       f" AND u.parent_id IS ? AND {IN_FORCE} AND u.id NOT IN ({marks})",
                       [text.match_key(name), parent_id, on, on, *gone])
    if held:
        raise InputRejected("unit.name_taken", name=held[0]["name"], date=on)


def _new_state(store: Store, name: str, code: str | None, like: Unit, on: str, kind: str | None,
               parent: Unit | None = None) -> dict[str, Any]:
    """The state of a new commune-level unit from ``on``, under ``parent`` (default: ``like``'s
    parent), of ``like``'s kind and region unless ``kind`` says otherwise."""
    if parent is None:
        parent = get(store, like.parent_id) if like.parent_id else None
    base = f"commune:{code}" if code else f"{parent.nkey + '/' if parent else ''}commune:{text.match_key(name)}"
    nkey = base if by_nkey(store, base) is None else f"{base}@{on}"
    if by_nkey(store, nkey) is not None:
        raise InputRejected("unit.name_taken", name=name, date=on)
    return {"uuid": None, "nkey": nkey, "level": "commune", "kind": kind or like.kind, "name": name, "code": code,
            "parent": parent.nkey if parent else None, "region": like.region, "dbkk": 0, "area_class": None,
            "border": 0, "safe_zone": 0, "valid_from": on, "valid_to": None, "demo": 0, "aliases": []}


def _make(store: Store, batch: audit.Batch, state: dict[str, Any]) -> Unit:
    """A new unit, logged in two steps: made ended before it began (never in force), then opened.
    Undo never deletes a unit; it puts this one back in its first state, in force on no day."""
    unit_id = write_state(store, batch, {**state, "valid_to": day_before(state["valid_from"])})
    write_state(store, batch, {**snapshot(store, unit_id), "valid_to": None}, unit_id)
    return get(store, unit_id)


def _close(store: Store, batch: audit.Batch, unit: Unit, on: str) -> None:
    write_state(store, batch, {**snapshot(store, unit.id), "valid_to": day_before(on)}, unit.id)


def _named(name: str) -> str:
    cleaned = text.clean(name)
    if not cleaned:
        raise InputRejected("unit.no_name")
    return cleaned


def rename(store: Store, unit: Unit, name: str, *, on: str, decision: str | None) -> Change:
    """``unit`` is called ``name`` from ``on``; the old name stays as an alias and in its history."""
    name = _named(name)
    start, end = _span(store, unit)
    if start is not None and on < start:
        raise InputRejected("unit.before_start", name=unit.name, date=on, start=start)
    if end is not None and on > end:
        raise InputRejected("unit.already_ended", name=unit.name, code=unit.code or "", ended=end)
    if text.match_key(name) == text.match_key(unit.name):
        raise InputRejected("unit.same_name", name=unit.name)
    _check_free(store, name, None, unit.parent_id, on, [unit])
    batch = audit.new_batch("entered", f"{unit.name} → {name}")
    with store.transaction():
        state = snapshot(store, unit.id)
        aliases = [a for a in state["aliases"] if text.match_key(a) != text.match_key(name)]
        if text.match_key(unit.name) not in {text.match_key(a) for a in aliases}:
            aliases.append(unit.name)
        write_state(store, batch, {**state, "name": name, "aliases": aliases}, unit.id)
        renamed = get(store, unit.id)
        add_event(store, batch, "renamed", renamed, renamed, on_date=on, decision=decision, old_name=unit.name)
    return Change(batch, [renamed])


def merge(store: Store, sources: list[Unit], *, on: str, decision: str | None, into: Unit | None = None,
          name: str | None = None, code: str | None = None, kind: str | None = None) -> Change:
    """``sources`` end the day before ``on`` and go into ``into`` (a unit in force that day), or
    into a new unit ``name`` (``code``, ``kind``: the first source's parent and kind by default)."""
    if into is None and len(sources) < 2:
        raise InputRejected("unit.merge_needs_two")
    _check_distinct([*sources, *([into] if into else [])])
    for unit in sources:
        _check_ends(store, unit, on)
    code = text.clean(code) or None
    if into is not None:
        start, end = _span(store, into)
        if (start is not None and start > on) or (end is not None and end < on):
            raise InputRejected("unit.not_in_force", name=into.name, date=on)
    else:
        name = _named(name or "")
        _check_free(store, name, code, sources[0].parent_id, on, sources)
        new_state = _new_state(store, name, code, sources[0], on, kind)
    batch = audit.new_batch("entered", f"{', '.join(u.name for u in sources)} → {into.name if into else name}")
    with store.transaction():
        target = into if into is not None else _make(store, batch, new_state)
        for unit in sources:
            _close(store, batch, unit, on)
            add_event(store, batch, "merged", unit, target, on_date=on, decision=decision)
    return Change(batch, [target])


def split(store: Store, unit: Unit, parts: list[tuple[str, str | None]], *, on: str, decision: str | None,
          kind: str | None = None) -> Change:
    """``unit`` ends the day before ``on``, divided among new units ``parts`` ((name, code) each)."""
    if len(parts) < 2:
        raise InputRejected("unit.split_needs_two")
    _check_ends(store, unit, on)
    cleaned = [(_named(n), text.clean(c) or None) for n, c in parts]
    keys = [text.match_key(n) for n, _ in cleaned]
    codes = [c for _, c in cleaned if c]
    for i, (part, part_code) in enumerate(cleaned):
        if keys.index(text.match_key(part)) != i or (part_code and codes.count(part_code) > 1):
            raise InputRejected("unit.named_twice", name=part)
        _check_free(store, part, part_code, unit.parent_id, on, [unit])
    batch = audit.new_batch("entered", f"{unit.name} → {', '.join(n for n, _ in cleaned)}")
    made = []
    with store.transaction():
        _close(store, batch, unit, on)
        for part, part_code in cleaned:
            new = _make(store, batch, _new_state(store, part, part_code, unit, on, kind))
            add_event(store, batch, "split", unit, new, on_date=on, decision=decision)
            made.append(new)
    return Change(batch, made)


def end(store: Store, unit: Unit, *, on: str, decision: str | None) -> Change:
    """``unit`` is dissolved: its last day is the day before ``on``."""
    _check_ends(store, unit, on)
    batch = audit.new_batch("entered", f"{unit.name}: ended")
    with store.transaction():
        _close(store, batch, unit, on)
        add_event(store, batch, "ended", unit, None, on_date=on, decision=decision)
    return Change(batch, [get(store, unit.id)])


def add_unit(store: Store, parent: Unit, name: str, *, on: str, decision: str | None, code: str | None = None,
             kind: str = "xã") -> Change:
    """A new commune-level unit ``name`` under ``parent`` (a district, or a province from 1 July
    2025) in force from ``on`` by ``decision``: one batch, the unit and its ``created`` event. A
    leading "Xã " is the kind, not the name (as in :func:`~ntm_desktop.units.communes.add_commune`)."""
    name = _named(text.strip_prefix(text.clean(name)))
    code = text.clean(code or "") or None
    if parent.level not in ("district", "province"):
        raise InputRejected("unit.parent_level", name=parent.name)
    start, end = _span(store, parent)
    if (start is not None and start > on) or (end is not None and end < on):
        raise InputRejected("unit.not_in_force", name=parent.name, date=on)
    _check_free(store, name, code, parent.id, on, [])
    state = _new_state(store, name, code, parent, on, kind, parent=parent)
    batch = audit.new_batch("entered", f"{name}: created")
    with store.transaction():
        unit = _make(store, batch, state)
        add_event(store, batch, "created", unit, unit, on_date=on, decision=decision)
    return Change(batch, [unit])


def created(store: Store, unit: Unit, *, on: str, decision: str | None) -> Change:
    """``unit`` (just added) exists from ``on``, by ``decision``: its start and a ``created`` event."""
    start, end = _span(store, unit)
    if end is not None and end < on:
        raise InputRejected("unit.before_start", name=unit.name, date=end, start=on)
    batch = audit.new_batch("entered", f"{unit.name}: created")
    with store.transaction():
        if start != on:
            write_state(store, batch, {**snapshot(store, unit.id), "valid_from": on}, unit.id)
        add_event(store, batch, "created", unit, unit, on_date=on, decision=decision)
    return Change(batch, [get(store, unit.id)])


def in_programme(store: Store, unit: Unit) -> bool:
    """Whether ``unit`` is in the commune programme: its setting, else whether it is a xã."""
    row = store.query("SELECT programme FROM units WHERE id = ?", [unit.id])[0]
    return bool(row["programme"]) if row["programme"] is not None else unit.kind == "xã"


def set_programme(store: Store, unit: Unit, included: bool) -> Change:
    """Put ``unit`` in the commune programme or take it out (a logged change of the unit); the
    summary counts the communes in it (CONTRACT §5)."""
    if unit.level != "commune":
        raise InputRejected("unit.programme_kind", name=unit.name, level=unit.level)
    batch = audit.new_batch("entered", f"{unit.name}: programme {'in' if included else 'out'}")
    with store.transaction():
        state = snapshot(store, unit.id)
        if state["programme"] != int(included):
            write_state(store, batch, {**state, "programme": int(included)}, unit.id)
    return Change(batch, [get(store, unit.id)])
