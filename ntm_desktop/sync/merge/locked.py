"""Values stamped after a lock in force here: kept as conflicts, not applied (CONTRACT §9).

Locks travel like any record and are applied before the values (``period_state`` comes
before them in :data:`ntm_desktop.history.KINDS`), so a lock and the values of the same
package meet here. An incoming value or status of a commune and period a lock covers is
compared with the lock's stamp (``period_states.state_hlc``, the clock of values): stamped
before the lock it was made before the period closed and is accepted as any record; stamped
after it, and about to be stored, it is kept as a conflict for review (the local version, or
the lock itself where there is none, stays in force) and the rest of the package imports.
Resolving the conflict for the incoming value writes it through the service functions, which
refuse while the period stays locked: unlock it with a reason first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ntm_desktop import periods
from ntm_desktop.cycle.locks import Lock, locked_communes
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.assessments import split_nkey
from ntm_desktop.sync.entities.base import Entity, Item
from ntm_desktop.sync.merge import decisions
from ntm_desktop.sync.merge.decisions import APPLIES, LOSE, NEW, TOMB, Counts, Plan
from ntm_desktop.sync.merge.report import ImportReport

VALUE_ENTITIES = ("indicator_value", "criterion_result")

_UNDER_LOCKS = """
WITH RECURSIVE down(id) AS (
    SELECT unit_id FROM period_states WHERE state = 'locked'
    UNION SELECT u.id FROM units u JOIN down ON u.parent_id = down.id
)
SELECT u.nkey FROM units u JOIN down ON down.id = u.id
"""


def communes_under_locks(store: Store, entity: Entity) -> set[str]:
    """The unit nkeys under any lock in force (any period), for a value entity: their incoming
    records are compared one by one (never written as a fresh chunk)."""
    if entity.name not in VALUE_ENTITIES:
        return set()
    return {r[0] for r in store.db.execute(_UNDER_LOCKS)}


def stamped_after(store: Store, entity: Entity, chunk: Iterable[Item]) -> dict[str, Lock]:
    """The incoming versions of ``chunk`` stamped after a lock that covers their commune and
    period here: nkey → that lock (the earliest covering one)."""
    if entity.name not in VALUE_ENTITIES:
        return {}
    by_period: dict[str, list[tuple[Item, str]]] = {}
    for item in chunk:
        commune, period, _set, _item = split_nkey(item.nkey)
        by_period.setdefault(period, []).append((item, commune))
    if not by_period or not store.db.execute("SELECT 1 FROM period_states WHERE state = 'locked'").fetchone():
        return {}
    out: dict[str, Lock] = {}
    for code, items in by_period.items():
        wanted = json.dumps(sorted({commune for _, commune in items}))
        ids = dict(store.db.execute("SELECT nkey, id FROM units WHERE nkey IN (SELECT value FROM json_each(?))",
                                    [wanted]).fetchall())
        locks = locked_communes(store, periods.parse(code), ids.values())
        for item, commune in items:
            lock = locks.get(ids.get(commune, -1))
            if lock is not None and versions.newer(item.hlc, lock.hlc):
                out[item.nkey] = lock
    return out


def hold(store: Store, report: ImportReport, counts: Counts, entity: Entity, inc: Item, loc: Item | None,
         lock: Lock, plan: Plan) -> None:
    """Plan one incoming version stamped after ``lock``: what would be stored becomes a conflict
    (the incoming version loses to the local one, or to the lock where nothing is held here);
    anything else (the same, older or already seen version) is planned as usual."""
    decision = decisions.decide(store, entity, inc, loc) if loc is not None else (TOMB if inc.deleted else NEW)
    if decision not in APPLIES:
        decisions.plan(store, report, counts, entity, decision, inc, loc, plan)
        return
    kept = loc if loc is not None else Item(inc.nkey, lock.hlc, versions.DELETED_KEY, None, at=lock.at,
                                            by=lock.by, deleted=True, commune=inc.commune)
    decisions.plan(store, report, counts, entity, LOSE, inc, kept, plan)
