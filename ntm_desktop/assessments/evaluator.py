"""The computed criterion status after an import, for many communes at once, and which threshold
column assesses a commune.

Same rules as :func:`ntm_desktop.assessments.recompute` (the engine's functions, the commune's
column, the year of the period), read and written in bulk: a package of 10,000 communes
recomputes millions of statuses, one query per 500 communes.

The column (issue 17 part 3; :func:`pick_column`): a set keyed by commune groups assesses a
commune by its group in force on the period's last day (none: only the common ``*`` thresholds
apply, the others are "chưa có ngưỡng"); a set keyed by regions by its dated region that day where
one is recorded, else by the undated ``units.region`` inherited from its parents. Then the QĐ 318
rule, data of the set (``difficult_column``): an especially difficult (``dbkk``) or safe-zone
(``safe_zone``) commune is assessed in that column. QĐ 318 limits the rule to such communes *of
poor and just-out-of-poverty districts*; the program holds no list of poor districts, so the rule
follows the commune's flags alone: a commune of a district that was not poor should not carry
the flag for this purpose (docs/cli.md, ``ntm units classify``).
"""

from __future__ import annotations

import calendar
import datetime
import json
from collections.abc import Callable
from itertools import groupby
from operator import itemgetter
from typing import Any

from ntm_desktop import criteria, engine, periods
from ntm_desktop.assessments import criterion_results
from ntm_desktop.criteria import CriteriaSet
from ntm_desktop.store.database import Store
from ntm_desktop.units import classes
from ntm_desktop.units.records import Unit
from ntm_desktop.units.tree import region_of

_COMMUNE_PERIOD = itemgetter(0, 1)  # of a row of Evaluator.values' query
_INDICATOR_NUM = itemgetter(2, 3)


def set_columns(cs: CriteriaSet) -> str:
    """How a set's threshold columns are keyed: "group" or "region". Read from the set
    (``columns``); a set model without it is keyed by groups when its thresholds are."""
    found = getattr(cs, "columns", None)
    if found:
        return str(found)
    keyed = {th.region for crit in cs.criteria for ind in crit.indicators for th in ind.thresholds}
    return "group" if keyed & set(classes.GROUPS) else "region"


def difficult_column(cs: CriteriaSet) -> str | None:
    """The column of especially difficult and safe-zone communes (QĐ 318), data of the set."""
    found = getattr(cs, "difficult_column", None)
    return str(found) if found else None


def last_day(period: periods.Period) -> str:
    """The period's last day, ISO: the day whose facts assess it."""
    end = period.end_month
    return datetime.date(period.year, end, calendar.monthrange(period.year, end)[1]).isoformat()


def pick_column(
    columns: str, difficult: str | None, day: str, *, inherited: str | None,
    groups: classes.Timeline | None, regions: classes.Timeline | None, flagged: bool,
) -> tuple[str | None, str]:
    """(the column assessing a commune, why): why is ``group``, ``region`` (a dated fact),
    ``inherited`` (units.region), ``difficult`` (QĐ 318) or ``none``."""
    if columns == "group":
        column = classes.value_on(groups, day)
        why = "group" if column else "none"
    else:
        column = classes.value_on(regions, day)
        why = "region"
        if column is None:
            column, why = inherited, "inherited" if inherited else "none"
    if difficult and flagged:
        return difficult, "difficult"
    return column, why


def column_of(store: Store, commune: Unit, cs: CriteriaSet, period: periods.Period) -> tuple[str | None, str]:
    """:func:`pick_column` for one commune (three small queries)."""
    lines = classes.timelines(store, [commune.id])
    flags = store.query("SELECT dbkk, safe_zone FROM units WHERE id = ?", [commune.id])[0]
    return pick_column(set_columns(cs), difficult_column(cs), last_day(period), inherited=region_of(store, commune),
                       groups=lines.get((commune.id, "group")), regions=lines.get((commune.id, "region")),
                       flagged=bool(flags["dbkk"] or flags["safe_zone"]))


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
    (criteria, inherited regions, dated groups and regions, flags, thresholds picked per
    column and year) built once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.crits: dict[int, criteria.Criterion] = {}
        self.sets: dict[int, tuple[str, str | None]] = {}  # criterion id → (columns, difficult column)
        for (code,) in store.db.conn.execute("SELECT code FROM criteria_sets"):
            cs = criteria.get_set(store, code)
            keyed = (set_columns(cs), difficult_column(cs))
            for crit in cs.criteria:
                self.crits[crit.id] = crit
                self.sets[crit.id] = keyed
        self.regions = _regions(store)
        self.flagged = {r[0] for r in store.db.conn.execute("SELECT id FROM units WHERE dbkk = 1 OR safe_zone = 1")}
        self.timelines = classes.timelines(store)  # every dated group and region, one query
        self.periods: dict[str, periods.Period] = {}
        self.columns: dict[tuple[int, tuple[str, str | None], str], str | None] = {}
        self.picked: dict[tuple[int, str | None, int], engine.Threshold | None] = {}

    def column(self, commune_id: int, keyed: tuple[str, str | None], period_code: str) -> str | None:
        """The commune's column for a set keyed ``keyed`` in a period (:func:`pick_column`), memoised."""
        key = (commune_id, keyed, period_code)
        if key not in self.columns:
            self.columns[key] = pick_column(
                keyed[0], keyed[1], last_day(self.period(period_code)), inherited=self.regions.get(commune_id),
                groups=self.timelines.get((commune_id, "group")), regions=self.timelines.get((commune_id, "region")),
                flagged=commune_id in self.flagged)[0]
        return self.columns[key]

    def period(self, code: str) -> periods.Period:
        found = self.periods.get(code)
        if found is None:
            found = self.periods[code] = periods.parse(code)
        return found

    def values(self, commune_ids: list[int]) -> dict[tuple[int, str], dict[int, float | None]]:
        """Stored indicator numbers of these communes, by (commune, period): rows in the order of
        the table's (commune, period, indicator) key (no sort), each (commune, period)'s folded
        into a dict by ``groupby`` and ``dict`` instead of a Python step a row (a 5 M-row package
        reads 1.6 M of them; 2,520 communes: 0.37 → 0.35 s, the rest is SQLite's reading)."""
        rows = self.store.db.conn.execute(
            "SELECT commune_id, period, indicator_id, num FROM indicator_values"
            " WHERE commune_id IN (SELECT value FROM json_each(?)) ORDER BY commune_id, period",
            [json.dumps(commune_ids)])
        return {key: dict(map(_INDICATOR_NUM, group)) for key, group in groupby(rows, _COMMUNE_PERIOD)}

    def status(self, commune_id: int, period_code: str, crit_id: int, entered: dict[int, float | None]) -> int | None:
        """1, 0 or None (undetermined), as assessments.recompute stores it."""
        crit = self.crits.get(crit_id)
        if crit is None:
            return None
        region = self.column(commune_id, self.sets[crit_id], period_code)
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
    restamps: list[int] = []  # same status, now assessed by a newer version of the set
    current = criterion_results.set_versions(store.db.conn)
    communes = sorted(by_commune)
    for start in range(0, len(communes), 500):
        part = communes[start : start + 500]
        nums = ev.values(part)
        rows: dict[tuple[int, str, int], tuple[int, int | None, bool, int | None]] = {
            (r[1], r[2], r[3]): (r[0], r[4], r[5] is None, r[6])
            for r in store.db.conn.execute(
                "SELECT id, commune_id, period, criterion_id, computed, official, set_version FROM criterion_results"
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
                elif row[2] and row[3] != current.get(crit_id):
                    restamps.append(row[0])
        if progress:
            progress(min(start + 500, len(communes)), len(communes))
    criterion_results.set_computed_many(store.db.conn, updates)
    criterion_results.insert_computed_many(store, inserts)
    criterion_results.restamp_versions(store.db.conn, restamps)
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


def groups_of_communes(store: Store, commune_ids: set[int]) -> set[tuple[int, str, int]]:
    """Every (commune, period, criterion) holding values of these communes."""
    if not commune_ids:
        return set()
    return {
        (r[0], r[1], r[2])
        for r in store.db.conn.execute(
            "SELECT DISTINCT v.commune_id, v.period, i.criterion_id FROM indicator_values v"
            " JOIN indicators i ON i.id = v.indicator_id"
            " WHERE v.commune_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(commune_ids))])
    }


def recompute_communes(store: Store, commune_ids: set[int]) -> int:
    """Recompute every stored status of these communes (their group or region changed)."""
    return recompute(store, groups_of_communes(store, commune_ids))
