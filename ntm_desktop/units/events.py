"""A unit's history (renamed from, merged into …): the one writer of ``unit_events``.

An event may also change the unit itself (an old name becomes an alias, a merge or
dissolution closes its ``valid_to``); that change is written through
:func:`~ntm_desktop.units.state.store_state` and logged as a change of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids, text
from ntm_desktop.store import audit, bulk
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.units.records import Unit, by_nkey
from ntm_desktop.units.state import snapshot, store_state

EVENT_KINDS = ("renamed_from", "merged_into", "split_from", "reclassified", "moved", "dissolved",
               "merged", "split", "renamed", "created", "ended")
# CONTRACT §5's kinds, whose events have units on both sides: a row is one (from, to) pair,
# ``unit`` the unit before and ``other`` the unit after (ntm_desktop/units/eras.py groups them)
PAIR_KINDS = ("merged", "split", "moved", "renamed", "created", "ended")


@dataclass(frozen=True)
class UnitEvent:
    kind: str
    unit: str  # name of the unit the event belongs to
    other: str | None  # the other unit (merged into X, split from Y)
    old_name: str | None
    on_date: str | None
    decision: str | None
    note: str | None


def record_event(
    store: Store,
    unit: Unit,
    kind: str,
    *,
    other: Unit | None = None,
    old_name: str | None = None,
    on_date: str | None = None,
    decision: str | None = None,
    note: str | None = None,
) -> None:
    """Record a change in a unit's history (renamed from, merged into …), with the
    decision that made it. Old results stay attached to the unit's own record; merging
    never moves them, so a report on a past year still finds them where they were."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown unit event {kind!r}")
    event_uuid = ids.new_uuid()
    state = {
        "unit": unit.nkey,
        "kind": kind,
        "other": other.nkey if other else None,
        "old_name": text.clean(old_name) or None,
        "on_date": on_date,
        "decision": text.clean(decision) or None,
        "note": text.clean(note) or None,
    }
    batch = audit.new_batch("entered", f"{unit.name}: {kind}")
    with store.transaction():
        store.db.execute(
            "INSERT INTO unit_events (uuid, unit_id, kind, other_unit_id, old_name, on_date, decision, note)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [event_uuid, unit.id, kind, other.id if other else None, state["old_name"], on_date,
             state["decision"], state["note"]],
        )
        audit.record(store, batch, entity="unit_event", entity_uuid=event_uuid,
                     nkey=f"unit_event|{unit.nkey}|{event_uuid}", old=None, new=state)
        # what the event changes on the unit itself is a change of the unit: stamped and
        # logged, so that it travels in packages and goes back with undo
        before = snapshot(store, unit.id)
        after = dict(before)
        if kind == "renamed_from" and state["old_name"] and text.match_key(state["old_name"]) not in {
                text.match_key(a) for a in before["aliases"]}:
            after["aliases"] = [*before["aliases"], state["old_name"]]
        if kind in ("merged_into", "dissolved") and on_date:
            after["valid_to"] = on_date
        if after != before:
            hlc = store.next_hlc()
            store_state(store, after, hlc=hlc, at=clock.now_iso(), unit_id=unit.id)
            audit.record(store, batch, entity="unit", entity_uuid=unit.uuid, nkey=unit.nkey, old=before,
                         new=snapshot(store, unit.id), hlc=hlc)


def add_event(store: Store, batch: audit.Batch, kind: str, unit: Unit, other: Unit | None, *,
              on_date: str, decision: str | None, old_name: str | None = None) -> None:
    """Record one (from, to) row of an event of CONTRACT §5's kinds in ``batch``, logged like
    :func:`record_event`'s, without touching the units (the caller writes them): a user's
    change of units (:mod:`ntm_desktop.units.changes`). Call inside a transaction."""
    event_uuid = ids.new_uuid()
    state = {"unit": unit.nkey, "kind": kind, "other": other.nkey if other else None,
             "old_name": text.clean(old_name) or None, "on_date": on_date,
             "decision": text.clean(decision) or None, "note": None}
    store.db.execute(
        "INSERT INTO unit_events (uuid, unit_id, kind, other_unit_id, old_name, on_date, decision)"
        " VALUES (?,?,?,?,?,?,?)",
        [event_uuid, unit.id, kind, other.id if other else None, state["old_name"], on_date, state["decision"]])
    audit.record(store, batch, entity="unit_event", entity_uuid=event_uuid,
                 nkey=f"unit_event|{unit.nkey}|{event_uuid}", old=None, new=state)


def store_event(store: Store, uuid: str, state: dict[str, Any], unit_ids: dict[str, int]) -> None:
    """Write an event's state (as sync carries it: ``unit`` and ``other`` as unit nkeys,
    found in ``unit_ids``) as the event ``uuid``, inserted or overwritten. Sync's door;
    no change-log row (the caller writes it) and no change of the unit itself."""
    store.db.execute(
        "INSERT INTO unit_events (uuid, unit_id, kind, other_unit_id, old_name, on_date, decision, note)"
        " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(uuid) DO UPDATE SET unit_id = excluded.unit_id,"
        " kind = excluded.kind, other_unit_id = excluded.other_unit_id, old_name = excluded.old_name,"
        " on_date = excluded.on_date, decision = excluded.decision, note = excluded.note",
        [uuid, unit_ids[state["unit"]], state["kind"],
         unit_ids.get(state["other"]) if state.get("other") else None,
         state.get("old_name"), state.get("on_date"), state.get("decision"), state.get("note")])


def events_of(store: Store, unit: Unit) -> list[UnitEvent]:
    """The unit's history, oldest first, including events naming it as the other unit."""
    rows = store.query(
        "SELECT e.*, u.name AS unit_name, o.name AS other_name FROM unit_events e"
        " JOIN units u ON u.id = e.unit_id LEFT JOIN units o ON o.id = e.other_unit_id"
        " WHERE e.unit_id = ? OR e.other_unit_id = ? ORDER BY e.on_date, e.id",
        [unit.id, unit.id],
    )
    return [
        UnitEvent(r["kind"], r["unit_name"], r["other_name"], r["old_name"], r["on_date"],
                  r["decision"], r["note"])
        for r in rows
    ]


def _restore_event(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Undo of a history entry removes it; redo records it again."""
    if state is None:
        store.db.execute("DELETE FROM unit_events WHERE uuid = ?", [entity_uuid])
        return
    unit = by_nkey(store, state["unit"])
    other = by_nkey(store, state["other"]) if state["other"] else None
    if unit is not None:
        record_event(store, unit, state["kind"], other=other, old_name=state["old_name"],
                     on_date=state["on_date"], decision=state["decision"], note=state["note"])



# (kind, unit nkey, other nkey, date, decision): one row of an event with lists on both sides
Pair = tuple[str, str, str, str, str | None]


def record_pairs(store: Store, batch: audit.Batch, pairs: list[Pair], unit_ids: dict[str, int]) -> int:
    """Record many (from, to) rows of events (the reform of 1 July 2025) in multi-row
    statements, each logged as one change like :func:`record_event`'s; a row already held
    (same kind, units and date) is skipped, so loading the lists again adds nothing. The
    units themselves are not changed: the loader writes their validity. ``unit_ids`` maps
    the nkeys to ids. Call inside a transaction; returns the number of rows added."""
    held = set(store.db.conn.execute(
        "SELECT kind, unit_id, other_unit_id, on_date FROM unit_events WHERE kind IN"
        f" ({', '.join('?' for _ in PAIR_KINDS)})", PAIR_KINDS))
    new = []
    for kind, unit, other, on_date, decision in pairs:
        key = (kind, unit_ids[unit], unit_ids[other], on_date)
        if key not in held:
            held.add(key)
            new.append((kind, unit, other, on_date, decision))
    if not new:
        return 0
    uuids = ids.new_uuids(len(new))
    stamps = store.stamps(len(new))
    at = clock.now_iso()
    rows, log = [], []
    for (kind, unit, other, on_date, decision), uuid, hlc in zip(new, uuids, stamps, strict=True):
        rows.append((uuid, unit_ids[unit], kind, unit_ids[other], on_date, decision))
        state = {"unit": unit, "kind": kind, "other": other, "old_name": None, "on_date": on_date,
                 "decision": decision, "note": None}
        log.append((ids.new_uuid(), batch.id, at, store.user, store.installation_id, hlc, "unit_event", uuid,
                    f"unit_event|{unit}|{uuid}", "insert", None, dumps(state), batch.source, batch.label))
    bulk.insert_rows(store.db.conn, "INSERT INTO unit_events (uuid, unit_id, kind, other_unit_id, on_date, decision)",
                     rows)
    audit.record_many(store.db.conn, log)
    batch.count += len(log)
    return len(new)
