"""The computed criterion status after an import, for many communes at once.

Same rules as :func:`ntm_desktop.assessments.recompute` (the engine's functions, the
commune's inherited region, the year of the period), read and written in bulk: a package
of 10,000 communes recomputes millions of statuses, one query per 500 communes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ntm_desktop import criteria, engine, periods
from ntm_desktop.assessments import criterion_results
from ntm_desktop.store.database import Store


def _regions(store: Store) -> dict[int, str | None]:
    rows = {r[0]: (r[1], r[2]) for r in store.db.conn.execute("SELECT id, parent_id, region FROM units")}
    out: dict[int, str | None] = {}

    def region(unit_id: int) -> str | None:
        if unit_id in out:
            return out[unit_id]
        seen = []
        current: int | None = unit_id
        found = None
        while current is not None and current in rows and current not in out:
            seen.append(current)
            parent, own = rows[current]
            if own:
                found = own
                break
            current = parent
        else:
            if current in out:
                found = out[current]
        for unit in seen:
            out[unit] = found
        return found

    for unit_id in rows:
        region(unit_id)
    return out


class Evaluator:
    """The engine's status of a criterion for a commune and period, with the lookups
    (criteria, inherited regions, thresholds picked per region and year) built once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.crits: dict[int, criteria.Criterion] = {}
        for (code,) in store.db.conn.execute("SELECT code FROM criteria_sets"):
            for crit in criteria.get_set(store, code).criteria:
                self.crits[crit.id] = crit
        self.regions = _regions(store)
        self.periods: dict[str, periods.Period] = {}
        self.picked: dict[tuple[int, str | None, int], engine.Threshold | None] = {}

    def period(self, code: str) -> periods.Period:
        found = self.periods.get(code)
        if found is None:
            found = self.periods[code] = periods.parse(code)
        return found

    def values(self, commune_ids: list[int]) -> dict[tuple[int, str], dict[int, float | None]]:
        """Stored indicator numbers of these communes, by (commune, period)."""
        nums: dict[tuple[int, str], dict[int, float | None]] = {}
        for commune_id, period, ind_id, num in self.store.db.conn.execute(
            "SELECT commune_id, period, indicator_id, num FROM indicator_values"
            " WHERE commune_id IN (SELECT value FROM json_each(?))", [json.dumps(commune_ids)]
        ):
            nums.setdefault((commune_id, period), {})[ind_id] = num
        return nums

    def status(self, commune_id: int, period_code: str, crit_id: int, entered: dict[int, float | None]) -> int | None:
        """1, 0 or None (undetermined), as assessments.recompute stores it."""
        crit = self.crits.get(crit_id)
        if crit is None:
            return None
        region = self.regions.get(commune_id)
        year = self.period(period_code).year
        statuses = []
        picked = self.picked
        for ind in crit.indicators:
            key = (ind.id, region, year)
            if key not in picked:
                picked[key] = engine.pick_threshold(ind.thresholds, region, year)
            statuses.append(engine.evaluate_indicator(ind.type, entered.get(ind.id), picked[key]))
        computed = engine.evaluate_criterion(statuses).as_bool()
        return None if computed is None else int(computed)


def recompute(
    store: Store, groups: set[tuple[int, str, int]], progress: Callable[[int, int], None] | None = None,
    evaluator: Evaluator | None = None,
) -> int:
    """Store the computed status of each (commune id, period, criterion id); returns how many changed."""
    if not groups:
        return 0
    ev = evaluator or Evaluator(store)
    by_commune: dict[int, set[tuple[str, int]]] = {}
    for commune_id, period, crit_id in groups:
        by_commune.setdefault(commune_id, set()).add((period, crit_id))
    updates: list[tuple[Any, ...]] = []
    inserts: list[list[Any]] = []
    communes = sorted(by_commune)
    for start in range(0, len(communes), 500):
        part = communes[start : start + 500]
        nums = ev.values(part)
        rows: dict[tuple[int, str, int], tuple[int, int | None]] = {
            (r[1], r[2], r[3]): (r[0], r[4])
            for r in store.db.conn.execute(
                "SELECT id, commune_id, period, criterion_id, computed FROM criterion_results"
                " WHERE commune_id IN (SELECT value FROM json_each(?))", [json.dumps(part)])
        }
        for commune_id in part:
            for period_code, crit_id in by_commune[commune_id]:
                value = ev.status(commune_id, period_code, crit_id, nums.get((commune_id, period_code), {}))
                row = rows.get((commune_id, period_code, crit_id))
                if row is None:
                    if value is not None:
                        when = ev.period(period_code)
                        inserts.append([commune_id, period_code, when.year, when.ordinal, crit_id, value])
                elif row[1] != value:
                    updates.append((value, row[0]))
        if progress:
            progress(min(start + 500, len(communes)), len(communes))
    criterion_results.set_computed_many(store.db.conn, updates)
    criterion_results.insert_computed_many(store, inserts)
    return len(updates) + len(inserts)


def groups_of_sets(store: Store, codes: set[str]) -> set[tuple[int, str, int]]:
    """Every (commune, period, criterion) holding values of the given sets."""
    if not codes:
        return set()
    return {
        (r[0], r[1], r[2])
        for r in store.db.conn.execute(
            "SELECT DISTINCT v.commune_id, v.period, i.criterion_id FROM indicator_values v"
            " JOIN indicators i ON i.id = v.indicator_id JOIN criteria_sets s ON s.id = i.set_id"
            " WHERE s.code IN (SELECT value FROM json_each(?))", [json.dumps(sorted(codes))])
    }


def recompute_sets(store: Store, codes: set[str]) -> int:
    store.cache.clear()
    return recompute(store, groups_of_sets(store, codes))
