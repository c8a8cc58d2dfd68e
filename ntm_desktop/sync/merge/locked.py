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

The other order ends the same (:func:`settle`): a lock stored by an import sends the values it
covers stamped after it back to their last version before it, each newer one kept as a conflict.
:mod:`.records` calls :func:`communes_under_locks` (which communes' records are compared one by
one), :func:`stamped_after` and :func:`hold` per chunk of values, :func:`settle` after the locks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ntm_desktop import periods
from ntm_desktop.cycle.locks import Lock, locked_communes
from ntm_desktop.cycle.service import inside
from ntm_desktop.history import travelling_entity
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.assessments import split_nkey
from ntm_desktop.sync.entities.base import Context, Entity, Item
from ntm_desktop.sync.merge import conflicts, decisions
from ntm_desktop.sync.merge.decisions import APPLIES, LOSE, NEW, TOMB, Counts, Plan
from ntm_desktop.sync.merge.report import ImportReport

VALUE_ENTITIES = ("indicator_value", "criterion_result")
_COLUMN = {"indicator_value": "value", "criterion_result": "official"}  # the content beside the note

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
    if entity.name not in VALUE_ENTITIES or \
            not store.db.execute("SELECT 1 FROM period_states WHERE state = 'locked'").fetchone():
        return {}
    by_period: dict[str, list[tuple[Item, str]]] = {}
    for item in chunk:
        commune, period, _set, _item = split_nkey(item.nkey)
        by_period.setdefault(period, []).append((item, commune))
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


# -- a lock arriving after values stamped after it ---------------------------------------------
#
# The same outcome whatever the order of arrival: values (from an earlier package, or entered
# here before the lock reached this office) stamped after a lock the import has just stored go
# back to their last version stamped before the lock (none: removed), and the newer version is
# kept as a conflict, as if the lock had arrived first.

_AFTER = {
    "indicator_value": (
        "SELECT 'iv|' || u.nkey || '|' || x.period || '|' || s.code || '|' || i.code, u.nkey, x.hlc"
        " FROM indicator_values x JOIN units u ON u.id = x.commune_id JOIN indicators i ON i.id = x.indicator_id"
        " JOIN criteria_sets s ON s.id = i.set_id"),
    "criterion_result": (
        "SELECT 'cr|' || u.nkey || '|' || x.period || '|' || s.code || '|' || c.number, u.nkey, x.hlc"
        " FROM criterion_results x JOIN units u ON u.id = x.commune_id JOIN criteria c ON c.id = x.criterion_id"
        " JOIN criteria_sets s ON s.id = c.set_id"),
}
_WHERE = (" WHERE x.commune_id IN (WITH RECURSIVE down(id) AS (SELECT ? UNION SELECT v.id FROM units v"
          " JOIN down ON v.parent_id = down.id) SELECT id FROM down)"
          " AND x.period IN (SELECT value FROM json_each(?)) AND x.hlc > ?")


def _prior(store: Store, nkey: str, before: str) -> tuple[dict[str, Any] | None, str, str | None, str | None] | None:
    """The record's last logged state stamped at or before ``before`` (group rows included):
    (state, hlc, at, user), or None when the log holds none."""
    group = audit.group_key(nkey) or nkey
    item = nkey.rsplit("|", 1)[1]
    for hlc, at, user, new, row_nkey in store.db.execute(
        "SELECT hlc, at, user, new, nkey FROM changes WHERE nkey IN (?, ?) ORDER BY hlc DESC, id DESC",
        [nkey, group],
    ):
        if versions.newer(hlc, before):
            continue
        state = json.loads(new) if new else None
        if row_nkey != nkey:  # a group row: this record's part, if it holds it
            if state is None or item not in state:
                continue
            state = state[item]
        return state, hlc, at, user
    return None


def settle(store: Store, ctx: Context, report: ImportReport, applied: list[Item], package_id: str,
           now: str) -> dict[str, Counts]:
    """After the import stored period states: for each lock among them, the values and statuses
    of what it covers stamped after it go back to their version before it (or are removed),
    each newer version kept as a conflict. Returns the conflicts per entity and commune."""
    tallies: dict[str, Counts] = {}
    for lock in applied:
        if lock.deleted or lock.data.get("state") != "locked" or not lock.data.get("state_hlc"):
            continue
        unit = store.db.execute("SELECT id FROM units WHERE nkey = ?", [lock.data["unit"]]).fetchone()
        if unit is None:
            continue
        stamp = lock.data["state_hlc"]
        codes = inside(periods.parse(lock.data["period"]))
        for name, sql in _AFTER.items():
            entity = travelling_entity(name)
            assert entity is not None
            found = [(n, c) for n, c, h in store.db.execute(sql + _WHERE, [unit[0], json.dumps(codes), stamp])
                     if versions.newer(h, stamp)]
            if not found:
                continue
            counts = tallies.setdefault(name, Counts())
            probes = [Item(n, stamp, "", None, commune=c) for n, c in found]
            current = entity.local(probes, ctx)
            pairs = []
            for nkey, commune in found:
                now_item = current.get(nkey)
                if now_item is None:
                    continue
                commune_, period, set_code, item = split_nkey(nkey)
                parsed = periods.parse(period)
                ctx.cache.setdefault("periods", {})[period] = (parsed.year, parsed.ordinal)
                prior = _prior(store, nkey, stamp)
                if prior is not None and prior[0] is not None:
                    state: dict[str, Any] = prior[0]
                    _, hlc, at, user = prior
                    raw = state.get(_COLUMN[name])
                    data = (commune_, period, set_code, item, None if raw is None else str(raw), state.get("note"),
                            state.get("source") or "entered")
                    kept = Item(nkey, hlc, entity.state_key(state), data, uuid=now_item.uuid, at=at, by=user,
                                commune=commune)
                    entity.write([(kept, now_item)], ctx)
                else:
                    kept = Item(nkey, stamp, versions.DELETED_KEY, None, at=lock.data.get("state_at"),
                                by=lock.data.get("state_by"), deleted=True, commune=commune)
                    entity.remove([(kept, now_item)], ctx)
                pairs.append((now_item, kept))
                counts[(commune, "conflicts")] += 1
                if len(report.conflicts) < decisions.MAX_LISTED_CONFLICTS:
                    report.conflicts.append(decisions.conflict_json(store, entity, now_item, kept, LOSE))
            conflicts.keep(store, entity, pairs, package_id, now)
    return tallies
