"""Every commune × every criterion of the set in force for a year and period (issue 20).

The communes are the summary's (``summary.communes_in_scope``) and the counting rule is the
summary's (docs/rules.md): per commune and criterion the latest period of the year holding a
status, its official status where recorded, else the computed one. A chosen period narrows
that to the periods ending no later than it (the situation as of that period). The statuses
are read in one pass over the year's results (the covering index of migration 0002), never
one query per commune.

A row's statuses are a string, one letter per criterion of the set in the set's order:
``M`` met, ``N`` not met, ``-`` no status; ``differs`` holds the criterion numbers whose
official status differs from the computed one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ntm_desktop import criteria, periods, summary, text
from ntm_desktop.criteria.shape import Shape, shape_of
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store

MET, NOT_MET, NO_DATA = "M", "N", "-"

# The Vietnamese sort key of a name, remembered: it costs ~25 µs a name (10,000 communes:
# ~0.25 s), and the same names come back with every year, period and refresh.
name_key = functools.lru_cache(maxsize=65536)(text.sort_key)

# Bare columns: SQLite returns official and computed from the row holding max(pend).
_CELLS_SQL = """
SELECT commune_id, criterion_id, official, computed, max(pend)
FROM criterion_results
WHERE year = ? AND pend <= ? AND COALESCE(official, computed) IS NOT NULL
GROUP BY commune_id, criterion_id
"""


@dataclass(frozen=True)
class CriterionHead:
    number: int
    name: str
    name_en: str | None


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    code: str | None
    district: str | None
    district_id: int | None
    statuses: str  # one letter per criterion, in the set's order
    differs: frozenset[int]  # criterion numbers where official and computed disagree
    met: int
    band: str | None  # the band key of ``met`` in the set's shape (None: no band holds it)

    def status(self, position: int) -> str:
        return self.statuses[position]


@dataclass(frozen=True)
class Grid:
    year: int
    period: Period | None  # None: the latest period of the year (the summary's rule)
    set_code: str
    set_name: str
    shape: Shape
    criteria: tuple[CriterionHead, ...]
    rows: tuple[Row, ...]

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(c.number for c in self.criteria)

    def position(self, number: int) -> int:
        return self.numbers.index(number)

    @functools.cached_property
    def rank(self) -> dict[int, int]:
        """Row id → position in the grid's order (district, then commune): sorting by it is
        sorting by name without the names' keys."""
        return {r.id: i for i, r in enumerate(self.rows)}

    @functools.cached_property
    def name_rank(self) -> dict[int, int]:
        """Row id → position by commune name alone."""
        ordered = sorted(self.rows, key=lambda r: (name_key(r.name), name_key(r.district or "")))
        return {r.id: i for i, r in enumerate(ordered)}

    @functools.cached_property
    def districts(self) -> list[tuple[int, str]]:
        """(id, name) of the districts holding communes in the grid, by name; empty for a year
        without districts (after 1 July 2025)."""
        seen = {r.district_id: r.district for r in self.rows if r.district_id is not None and r.district}
        return sorted(((i, n) for i, n in seen.items() if n is not None), key=lambda p: name_key(p[1]))


def grid(store: Store, year: int, period: Period | None = None, district_id: int | None = None,
         set_code: str | None = None) -> Grid:
    """The overview of ``year`` (as of ``period`` when given, a period of that year) for the
    province or one district."""
    code = set_code or criteria.set_for_year(store, year)
    cs = criteria.get_set(store, code)
    shape = shape_of(cs)
    heads = tuple(CriterionHead(c.number, c.name, c.name_en) for c in cs.criteria)
    position = {c.id: i for i, c in enumerate(cs.criteria)}
    number_of = {c.id: c.number for c in cs.criteria}
    communes = summary.communes_in_scope(store, year, district_id)
    wanted = {c["id"] for c in communes}
    cells: dict[int, list[str]] = {}
    differs: dict[int, set[int]] = {}
    blank = [NO_DATA] * len(heads)
    limit = (period or Period(year, "Y")).ordinal
    for commune_id, criterion_id, official, computed, _pend in store.db.conn.execute(_CELLS_SQL, [year, limit]):
        at = position.get(criterion_id)
        if at is None or commune_id not in wanted:  # another set's result, or a commune out of scope
            continue
        letters = cells.get(commune_id)
        if letters is None:
            letters = cells[commune_id] = list(blank)
        effective = official if official is not None else computed
        letters[at] = MET if effective == 1 else NOT_MET
        if official is not None and computed is not None and official != computed:
            differs.setdefault(commune_id, set()).add(number_of[criterion_id])
    empty = NO_DATA * len(heads)
    rows = []
    for c in communes:
        letters = cells.get(c["id"])
        statuses = "".join(letters) if letters is not None else empty
        met = statuses.count(MET)
        rows.append(Row(c["id"], c["name"], c["code"], c["district"], c["district_id"], statuses,
                        frozenset(differs.get(c["id"], ())), met, shape.band_key(met)))
    rows.sort(key=lambda r: (name_key(r.district or ""), name_key(r.name)))
    return Grid(year, period, cs.code, cs.name, shape, heads, tuple(rows))


def cell_period(store: Store, view: Grid, commune_id: int, number: int) -> Period:
    """The period whose status a cell shows (the scorecard to open on a click); the grid's
    period (or the year) where the cell has none."""
    limit = (view.period or Period(view.year, "Y")).ordinal
    found = store.query(
        "SELECT r.period FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
        " JOIN criteria_sets s ON s.id = c.set_id WHERE r.commune_id = ? AND r.year = ? AND r.pend <= ?"
        " AND s.code = ? AND c.number = ? AND COALESCE(r.official, r.computed) IS NOT NULL"
        " ORDER BY r.pend DESC LIMIT 1",
        [commune_id, view.year, limit, view.set_code, number],
    )
    if found:
        return periods.parse(found[0]["period"])
    return view.period or Period(view.year, "Y")


def years_with_data(store: Store) -> list[int]:
    """The years holding any criterion result, oldest first."""
    return [int(r[0]) for r in store.db.conn.execute("SELECT DISTINCT year FROM criterion_results ORDER BY year")]


def as_json(view: Grid, rows: list[Row] | tuple[Row, ...] | None = None) -> dict[str, Any]:
    """The grid (or the rows shown) as plain data, for tests and tools."""
    shown = view.rows if rows is None else rows
    return {
        "year": view.year,
        "period": view.period.code if view.period else None,
        "criteria_set": view.set_code,
        "criteria_count": view.shape.count,
        "criteria": [c.number for c in view.criteria],
        "rows": [{"id": r.id, "commune": r.name, "district": r.district, "statuses": r.statuses,
                  "differs": sorted(r.differs), "met": r.met, "band": r.band} for r in shown],
    }
