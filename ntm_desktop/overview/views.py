"""What the overview shows of a grid: filters, sorting, totals, bands, the criteria that lag,
progress over the years and communes behind their targets. Pure functions over
:class:`~ntm_desktop.overview.grid.Grid` rows, except :func:`progress` and :func:`behind`,
which read the database in a few set-based queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ntm_desktop import criteria, summary
from ntm_desktop.criteria.shape import shape_of
from ntm_desktop.overview.grid import MET, NO_DATA, NOT_MET, Grid, Row, years_with_data
from ntm_desktop.store.database import Store

# sort keys besides a criterion number
SORT_KEYS = ("district", "commune", "met")


@dataclass(frozen=True)
class Filters:
    district_id: int | None = None
    band: str | None = None  # a band key of the grid's shape
    failing: int | None = None  # a criterion number the commune does not meet (not met or no data)
    short: bool = False  # one or two criteria short of the full standard
    behind: frozenset[int] | None = None  # when set: only these communes (behind their targets)


def filter_rows(view: Grid, filters: Filters) -> list[Row]:
    """The rows of ``view`` passing every filter, in the grid's order."""
    at = view.position(filters.failing) if filters.failing is not None else None
    full = view.shape.count
    out = []
    for row in view.rows:
        if filters.district_id is not None and row.district_id != filters.district_id:
            continue
        if filters.band is not None and row.band != filters.band:
            continue
        if at is not None and row.statuses[at] == MET:
            continue
        if filters.short and not full - 2 <= row.met <= full - 1:
            continue
        if filters.behind is not None and row.id not in filters.behind:
            continue
        out.append(row)
    return out


_STATUS_ORDER = {MET: 0, NOT_MET: 1, NO_DATA: 2}


def sort_rows(view: Grid, rows: Iterable[Row], key: str | int, descending: bool = False) -> list[Row]:
    """Rows sorted by ``district`` (then commune), ``commune``, ``met`` (then district and
    commune) or a criterion number (met first, then not met, then no data); stable."""
    rank = view.rank
    by_name = sorted(rows, key=lambda r: rank[r.id])
    if key == "district":
        return by_name[::-1] if descending else by_name
    if key == "commune":
        names = view.name_rank
        return sorted(by_name, key=lambda r: names[r.id], reverse=descending)
    if key == "met":
        return sorted(by_name, key=lambda r: r.met, reverse=descending)
    at = view.position(int(key))
    return sorted(by_name, key=lambda r: _STATUS_ORDER[r.statuses[at]], reverse=descending)


def totals(view: Grid, rows: Sequence[Row]) -> dict[int, int]:
    """Criterion number → communes of ``rows`` meeting it."""
    # one string of every row's letters, counted a column at a time by slicing (C speed:
    # 10,000 communes × 19 in ~3 ms, against ~30 ms for a Python loop over the letters)
    width = len(view.criteria)
    joined = "".join(r.statuses for r in rows)
    return {c.number: joined[i::width].count(MET) for i, c in enumerate(view.criteria)}


def total_text(met: int, communes: int) -> str:
    """``57/85``."""
    return f"{met}/{communes}"


def band_counts(view: Grid, rows: Sequence[Row]) -> dict[str, int]:
    """Band key → communes of ``rows`` in it, every band of the shape (highest first)."""
    out = {key: 0 for key in view.shape.keys}
    for row in rows:
        if row.band is not None:
            out[row.band] += 1
    return out


def average(rows: Sequence[Row]) -> float:
    """Criteria met per commune, one decimal as the summary rounds it."""
    if not rows:
        return 0.0
    value = Decimal(sum(r.met for r in rows)) / Decimal(len(rows))
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def lagging(view: Grid, rows: Sequence[Row], count: int = 5) -> list[tuple[int, str, int]]:
    """The ``count`` criteria the fewest communes of ``rows`` meet: (number, name, met),
    lowest first, ties by number."""
    met = totals(view, rows)
    names = {c.number: c.name for c in view.criteria}
    ordered = sorted(met.items(), key=lambda item: (item[1], item[0]))
    return [(number, names[number], n) for number, n in ordered[:count]]


@dataclass(frozen=True)
class YearPoint:
    year: int
    set_code: str
    criteria_count: int
    communes: int
    full: int  # communes meeting every criterion of the year's set
    average: float


# Criteria met per commune in a year, by the counting rule (the latest period holding a status,
# official else computed), summed by SQLite: one pass a year over the covering index of 0002.
_MET_SQL = """
SELECT commune_id, sum(eff = 1) FROM (
  SELECT commune_id, criterion_id, COALESCE(official, computed) AS eff, max(pend)
  FROM criterion_results
  WHERE year = ? AND COALESCE(official, computed) IS NOT NULL
    AND criterion_id IN (SELECT id FROM criteria WHERE set_id = ?)
  GROUP BY commune_id, criterion_id)
GROUP BY commune_id
"""


def progress(store: Store, district_id: int | None = None) -> list[YearPoint]:
    """For each year holding results: communes at the full standard and the average of
    criteria met, by the set in force that year (the summary's figures, one SQL pass a year)."""
    return [year_point(store, year, district_id) for year in years_with_data(store)]


def year_point(store: Store, year: int, district_id: int | None = None) -> YearPoint:
    """One year of :func:`progress` (the window reads the years one at a time, between events)."""
    cs = criteria.get_set(store, criteria.set_for_year(store, year))
    met = dict(store.db.conn.execute(_MET_SQL, [year, cs.id]).fetchall())
    communes = summary.communes_in_scope(store, year, district_id)
    counts = [int(met.get(c["id"], 0)) for c in communes]
    total = Decimal(sum(counts))
    mean = float((total / Decimal(len(counts))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) if counts else 0.0
    shape = shape_of(cs)
    return YearPoint(year, cs.code, shape.count, len(communes), sum(1 for n in counts if n == shape.count), mean)


def behind(store: Store, view: Grid) -> frozenset[int] | None:
    """Communes behind their own targets in the grid's year: a target year for the standard
    (``ntm``) reached without meeting every criterion, or a criterion's target year reached
    without meeting it. None when no commune of the grid has such a target (the filter is
    then not offered)."""
    rows = store.query(
        "SELECT unit_id, kind, criterion, year FROM targets WHERE deleted = 0 AND kind IN ('ntm', 'criterion')"
        " AND unit_id IS NOT NULL")
    if not rows:
        return None
    by_id = {r.id: r for r in view.rows}
    numbers = view.numbers
    late: set[int] = set()
    any_target = False
    for target in rows:
        row = by_id.get(target["unit_id"])
        if row is None:
            continue
        any_target = True
        if target["year"] > view.year:
            continue
        if target["kind"] == "ntm" and row.met < view.shape.count:
            late.add(row.id)
        elif target["kind"] == "criterion" and target["criterion"] in numbers:
            if row.statuses[numbers.index(target["criterion"])] != MET:
                late.add(row.id)
    return frozenset(late) if any_target else None
