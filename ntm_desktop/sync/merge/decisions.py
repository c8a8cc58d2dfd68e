"""Per record: which of the incoming and the local version wins, and what that asks of
the import (store, remove, restamp, log, keep a conflict). The table of outcomes is in
:mod:`ntm_desktop.sync.merge`; every choice depends on the two versions only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ntm_desktop import i18n
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Entity, Item
from ntm_desktop.sync.merge.report import ImportReport

NEW, SAME, EQUAL, APPLY, STALE, WIN, LOSE, TOMB = "new", "same", "equal", "apply", "stale", "win", "lose", "tomb"
APPLIES = (NEW, APPLY, WIN)
MAX_LISTED_CONFLICTS = 200
Counts = Counter[tuple[str | None, str]]  # (commune nkey, tally name) → records


@dataclass
class Plan:
    """What one chunk of one entity asks the import to write."""

    writes: list[tuple[Item, Item | None]] = field(default_factory=list)
    removes: list[tuple[Item, Item]] = field(default_factory=list)
    restamps: list[tuple[Item, Item]] = field(default_factory=list)
    logs: list[tuple[Item, Item | None]] = field(default_factory=list)  # versions to log if not logged
    conflicts: list[tuple[Item, Item]] = field(default_factory=list)  # (loser, winner)
    applied: list[Item] = field(default_factory=list)


def decide(store: Store, entity: Entity, inc: Item, loc: Item | None) -> str:
    """The outcome for an incoming version against the local one (or none)."""
    if loc is None:
        return TOMB if inc.deleted else NEW
    if inc.hlc == loc.hlc:
        return SAME
    if inc.key == loc.key:
        return EQUAL
    if versions.covers(loc.hlc, inc.hlc, inc.seen) or (
        inc.base and not loc.deleted and versions.short(loc.key) in inc.base
    ):
        return APPLY
    history = versions.ancestry(store, entity.name, entity.state_key, [inc.nkey]).get(inc.nkey)
    if history is not None and (
        versions.covers(inc.hlc, loc.hlc, history.vector.values())
        or (not inc.deleted and versions.short(inc.key) in history.bases)
    ):
        return STALE
    return WIN if versions.newer(inc.hlc, loc.hlc) else LOSE


def plan(store: Store, report: ImportReport, counts: Counts, entity: Entity, decision: str, inc: Item,
         loc: Item | None, plan: Plan) -> None:
    """Add what ``decision`` asks to ``plan``; count it, and list a conflict in the report."""

    def count(_entity: str, commune: str | None, name: str) -> None:
        counts[(commune, name)] += 1

    live_loc = loc if loc is not None and not loc.deleted else None
    if decision in (SAME, STALE):
        count(entity.name, inc.commune, "unchanged")
    elif decision == EQUAL:
        count(entity.name, inc.commune, "unchanged")
        assert loc is not None
        if versions.newer(inc.hlc, loc.hlc):
            if live_loc is not None:
                plan.restamps.append((inc, live_loc))
            else:
                plan.logs.append((inc, None))
    elif decision == TOMB:
        count(entity.name, inc.commune, "unchanged")
        plan.logs.append((inc, None))
    elif decision in (NEW, APPLY, WIN):
        if inc.deleted:
            if live_loc is not None:
                plan.removes.append((inc, live_loc))
            name = "deleted"
        else:
            plan.writes.append((inc, live_loc))
            name = "new" if decision == NEW else "updated"
        if not inc.logged:
            plan.logs.append((inc, live_loc))
        plan.applied.append(inc)
        if decision == WIN:
            assert loc is not None
            plan.conflicts.append((loc, inc))
            name = "conflicts"
        count(entity.name, inc.commune, name)
    else:  # LOSE
        assert loc is not None
        plan.conflicts.append((inc, loc))
        count(entity.name, inc.commune, "conflicts")
    if decision in (WIN, LOSE) and len(report.conflicts) < MAX_LISTED_CONFLICTS:
        report.conflicts.append(conflict_json(store, entity, inc, loc, decision))


def conflict_json(store: Store, entity: Entity, inc: Item, loc: Item | None, decision: str) -> dict[str, Any]:
    """A conflict as the report lists it: what, the version kept and the other one."""

    def side(item: Item | None) -> dict[str, Any]:
        if item is None:
            return {}
        state = entity.state(item)
        return {"value": entity.show(store, item.nkey, state) if state is not None else i18n.t("conf.deleted"),
                "state": state, "by": item.by, "at": item.at,
                "installation": versions.installation_of(item.hlc), "hlc": item.hlc}

    winner, loser = (inc, loc) if decision == WIN else (loc, inc)
    return {"entity": entity.name, "nkey": inc.nkey, "what": entity.describe(store, inc.nkey),
            "kept": side(winner), "other": side(loser)}
