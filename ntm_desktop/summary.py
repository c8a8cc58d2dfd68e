"""The figures every report is built from (CONTRACT §3).

Counting rule (docs/rules.md): for each commune and criterion, the latest period of the
year that holds a status counts; its official status where one is recorded, otherwise
the status computed from the indicators. A commune with no status for a criterion does
not meet it.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ntm_desktop import criteria, targets, text, units
from ntm_desktop.criteria import sets as criteria_sets
from ntm_desktop.criteria.shape import Shape, make_shape
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store import masks as stored_masks
from ntm_desktop.store.database import Store

if TYPE_CHECKING:
    from ntm_desktop.units import Unit


def _round1(numerator: int, denominator: int) -> float:
    """``numerator / denominator`` rounded half up to one decimal, in integers (what
    ``Decimal.quantize(Decimal("0.1"), ROUND_HALF_UP)`` gives, without loading decimal): the
    float of ``tenths / 10`` is the double nearest that decimal, as ``float(Decimal(...))`` is."""
    return (20 * numerator + denominator) // (2 * denominator) / 10


_COLUMNS = "c.id, c.name, c.nkey, c.code, d.id AS district_id, d.name AS district"


def _scope_query(year: int, district_id: int | None, unit_id: int | None, on: str | None,
                 columns: str = _COLUMNS, table: str = "units c") -> tuple[str, list[Any]]:
    """The SQL of :func:`communes_in_scope` and its parameters (``columns`` of ``c``, the commune,
    and ``d``, its district, joined only where named; ``table``: the communes' table as the FROM
    clause names it)."""
    joined = "d." in columns or district_id is not None or unit_id is not None
    sql = (
        f"SELECT {columns} FROM {table}"
        + (" LEFT JOIN units d ON d.id = c.parent_id AND d.level = 'district'" if joined else "")
        + " WHERE c.level = 'commune'"
        " AND coalesce(c.programme, c.kind = 'xã') = 1 AND (c.valid_from IS NULL OR c.valid_from <= ?2)"
        " AND (c.valid_to IS NULL OR c.valid_to >= ?2 OR (c.valid_to >= ?1"
        "  AND EXISTS (SELECT 1 FROM criterion_results r WHERE r.commune_id = c.id AND r.year = ?3)"
        "  AND NOT EXISTS (SELECT 1 FROM unit_events e JOIN criterion_results s ON s.commune_id = e.other_unit_id"
        "   AND s.year = ?3 WHERE e.unit_id = c.id)))"
    )
    params: list[Any] = [f"{year}-01-01", on or f"{year}-12-31", year]
    if district_id is not None:
        sql += " AND d.id = ?"
        params.append(district_id)
    if unit_id is not None:  # the commune itself, its district or province, or its district's province
        sql += " AND ? IN (c.id, c.parent_id, d.parent_id)"
        params.append(unit_id)
    return sql, params


def communes_in_scope(store: Store, year: int, district_id: int | None = None, *, unit_id: int | None = None,
                      on: str | None = None) -> list[dict[str, Any]]:
    """Communes in the program that year: id, name, nkey, code, district (name), district_id.

    CONTRACT §5: the units in the commune programme (kind ``xã`` unless a user put a ward or town
    in or took a xã out: ``units.programme``, migration 0006)
    in force on the year's last day, plus any that ended during the year and holds results
    for it while none of its successors (``unit_events``) does (2025's results entered on the
    old communes count). A commune without a district (after 1 July 2025) has ``district``
    and ``district_id`` None. ``unit_id`` scopes to any unit (a province of either era, a
    district, a commune); ``on`` takes the units in force that day instead of the year's last."""
    return [dict(r) for r in store.query(*_scope_query(year, district_id, unit_id, on))]


def met_masks(store: Store, year: int, set_id: int, upto: Period | None = None) -> dict[int, int]:
    """{commune id: mask of the criteria met} for the communes with any status of the set that
    year (bit ``n`` set: criterion number ``n`` met), by the counting rule; with ``upto`` the
    latest status up to that period (a quarter's report counts what was known at its end)."""
    conn = store.db.conn
    top = conn.execute("SELECT max(number) FROM criteria WHERE set_id = ?", [set_id]).fetchone()[0]
    if top is not None and top > stored_masks.MAX_BIT:
        raise ValueError(f"criterion number {top} does not fit the summary's bit masks")
    if upto is not None:
        return stored_masks.computed(conn, year, set_id, upto.ordinal)
    return stored_masks.read(conn, year, set_id, Period(year, "Y").ordinal)  # kept masks (migration 0013)


def numbers_in(mask: int) -> set[int]:
    """The criterion numbers whose bits are set in ``mask``."""
    return {n for n in range(mask.bit_length()) if mask >> n & 1}


def latest_statuses(
    store: Store, year: int, set_id: int, upto: Period | None = None
) -> tuple[dict[int, set[int]], set[int]]:
    """(criteria met per commune, communes with any status) for a year and set, one pass: each
    criterion's latest status of the year, or with ``upto`` the latest up to that period (a
    quarter's report counts what was known at the end of the quarter)."""
    masks = met_masks(store, year, set_id, upto)
    met: dict[int, set[int]] = defaultdict(set, {cid: numbers_in(mask) for cid, mask in masks.items() if mask})
    return met, set(masks)


def met_by_commune(store: Store, year: int, set_id: int) -> dict[int, set[int]]:
    return latest_statuses(store, year, set_id)[0]


# masks as unsigned 64-bit integers, lowest byte first (MAX_BIT 62 fits): in a group's bytes,
# every ``_STRIDE``-th byte from the ``n // 8``-th holds bit ``n % 8`` of criterion ``n``'s
_STRIDE = array("Q").itemsize
_SWAP = sys.byteorder == "big"
# _BIT[i]: a byte → 1 where its bit i is set, else 0 (bytes.translate tables: 2**i zeros, 2**i ones, …)
_BIT = tuple((bytes(1 << i) + b"\1" * (1 << i)) * (128 >> i) for i in range(8))


class _Counter:
    """Counts for a group of communes in the set's shape, from their masks (:func:`met_masks`).

    Issue 22: no Python frame per commune and criterion. A group's masks are one byte string (an
    ``array`` of 64-bit words); criterion ``n``'s count is how many of every word's ``n // 8``-th
    bytes have bit ``n % 8`` set (a slice, ``bytes.translate`` and ``bytes.count``: C loops)."""

    def __init__(self, numbers: list[int], shape: Shape) -> None:
        self.numbers = numbers
        self.wanted = sum(1 << n for n in numbers)
        # a commune's band and by_count key by how many it meets, worked out once per count
        self.band = [shape.band_key(count) for count in range(len(numbers) + 1)]
        self.shape = shape

    def masks_of(self, ids: list[int], masks: dict[int, int]) -> list[int]:
        """The wanted bits of each commune's mask (0: no data), in the order of ``ids``."""
        return list(map(self.wanted.__and__, map(masks.get, ids, repeat(0))))

    def figures(self, got: list[int]) -> tuple[dict[str, Any], list[int]]:
        """The group's figures from its communes' masks (:meth:`masks_of`), ``full`` a count; and
        how many criteria each commune meets. A commune without data meets nothing."""
        words = array("Q", got)
        if _SWAP:
            words.byteswap()
        joined = words.tobytes()
        per = {str(n): joined[n >> 3::_STRIDE].translate(_BIT[n & 7]).count(1) for n in self.numbers}
        counts = list(map(int.bit_count, got))  # map: no Python frame per commune
        by_count = {str(n): 0 for n in range(self.shape.count + 1)}
        bands = {key: 0 for key in self.shape.keys}
        for count, many in sorted(Counter(counts).items()):
            by_count[str(count)] += many
        for count, many in enumerate(by_count.values()):
            key = self.band[count] if count < len(self.band) else None
            if key is not None:
                bands[key] += many
        average = _round1(sum(counts), len(got)) if got else 0.0
        figures = {
            "communes": len(got),
            "per_criterion": per,
            "bands": bands,
            "average": average,
            "full": counts.count(len(self.numbers)),
            "by_count": by_count,
        }
        return figures, counts


def full_count(data: dict[str, Any]) -> int:
    """The number of communes meeting every criterion in a summary (or a district of it)."""
    full = data["full"] if "full" in data else data["full_19"]
    return full if isinstance(full, int) else len(full)


def summary(
    store: Store, year: int, district: str | None = None, set_code: str | None = None, period: Period | None = None,
    *, unit: Unit | None = None, as_of: str | None = None,
) -> dict[str, Any]:
    """CONTRACT §3 figures for the whole database (the province) or one district; with ``period``
    (a half-year, quarter or month of ``year``) as known at its end. ``unit`` scopes to any unit
    (an old district, a province of either era; ``--unit``), ``as_of`` counts the communes in
    force that day (``--as-of``) instead of the year's last."""
    code = set_code or criteria.set_for_year(store, year)
    cs = criteria_sets.outline(store, code)  # no indicators, thresholds nor model objects (issue 22)
    numbers = list(cs.numbers)
    dist = units.resolve_district(store, district) if district else None
    if dist is not None:
        ended = store.query("SELECT valid_to FROM units WHERE id = ?", [dist.id])[0]["valid_to"]
        if ended is not None and ended < f"{year}-01-01":  # CONTRACT §1: no districts that year
            raise InputRejected("summary.no_districts", district=dist.name, year=year, ended=ended)
    # tuples, not dicts (issue 22): id and parent's id; the district's names apart (a
    # join costs 3 ms for 10,000 communes). The whole database's communes are read in rowid order,
    # not through the name index: 12 instead of 17 ms. Communes of one name in one district (the
    # only ties of the sorted ``full``) come in rowid order either way, as their ``name_key`` is one.
    whole = dist is None and unit is None
    communes = store.db.conn.execute(*_scope_query(
        year, dist.id if dist else None, unit.id if unit else None, as_of, "c.id, c.parent_id",
        "units c NOT INDEXED" if whole else "units c")).fetchall()
    districts: dict[int, str] = dict(store.db.conn.execute("SELECT id, name FROM units WHERE level = 'district'"))
    masks = met_masks(store, year, cs.id, period)
    shape = make_shape(len(numbers), cs.bands)
    counter = _Counter(numbers, shape)
    result: dict[str, Any] = {"year": year, "criteria_set": cs.code, "criteria_count": shape.count}
    if period is not None and period.kind != "Y":
        result["period"] = period.code
    if dist:
        result["district"] = dist.name
    if unit is not None:
        result["unit"] = {"name": unit.name, "code": unit.code, "level": unit.level}
        if unit.level == "district":
            result["district"] = unit.name
    if as_of is not None:
        result["as_of"] = as_of
    ids = [c[0] for c in communes]
    got = counter.masks_of(ids, masks)
    figures, counts = counter.figures(got)
    by_parent: dict[int, list[int]] = defaultdict(list)
    for commune, mask in zip(communes, got, strict=True):
        by_parent[commune[1]].append(mask)
    by_district: dict[str, list[int]] = defaultdict(list)
    for parent, parts in by_parent.items():
        if parent in districts:  # a province without districts has no district rows
            by_district[districts[parent]] += parts
    every = len(numbers)
    full = [c for c, count in zip(communes, counts, strict=True) if count == every]
    # names and codes only of the communes the full list shows (issue 22: every commune's name
    # read as text cost 5 of the 10 ms the national query took)
    named = {row[0]: row[1:] for row in store.db.conn.execute(
        "SELECT id, name, code FROM units WHERE id IN (SELECT value FROM json_each(?))",
        ["[" + ",".join(str(c[0]) for c in full) + "]"])}
    rows = [(named[c[0]], districts.get(c[1])) for c in full]
    district_place = _places([*by_district, *(district for _, district in rows)])
    commune_place = _places(c[0] for c, _ in rows)
    rows.sort(key=lambda row: (district_place[row[1]], commune_place[row[0][0]]))
    figures["full"] = [{"district": district, "commune": c[0], "code": c[1]} for c, district in rows]
    result.update(figures)
    if shape.classic:  # CONTRACT §3: the old name stays for the 19-criterion sets
        result["full_19"] = figures["full"]
    result["no_data"] = len(ids) - sum(map(masks.__contains__, ids))
    result["by_district"] = {}
    for name in sorted(by_district, key=district_place.__getitem__):
        part = counter.figures(by_district[name])[0]
        result["by_district"][name] = {
            "communes": part["communes"],
            **({"full_19": part["full"]} if shape.classic else {}),
            "full": part["full"],
            "per_criterion": part["per_criterion"],
            "bands": part["bands"],
            "average": part["average"],
        }
    # CONTRACT §8: {criterion: {communes (the target), met, percent}} for the targets of the year
    result["targets"] = targets.shares(store, year, dist.id if dist else None, figures["per_criterion"])
    result["rule"] = "official-else-computed, latest period of the year"
    return result


def _places(names: Iterable[str | None]) -> dict[str | None, int]:
    """Each name's place in the Vietnamese order (:func:`text.sort_key`), names of one key in one
    place: sorting by places is sorting by keys, with a key worked out and compared once a name
    (issue 22: 1,716 full communes compared by their keys' tuples took 7 ms)."""
    keyed = {name: text.sort_key(name) for name in set(names)}
    place = {key: index for index, key in enumerate(sorted(set(keyed.values())))}
    return {name: place[key] for name, key in keyed.items()}


def latest_year(store: Store) -> int | None:
    """The latest year holding any assessment (None in an empty database): the scorecard and
    the reports open on it, where the work is."""
    row = store.query("SELECT max(year) AS y FROM criterion_results")
    return int(row[0]["y"]) if row and row[0]["y"] else None


def last_assessed_years(store: Store, commune_ids: list[int]) -> dict[int, int]:
    """Each commune's last year holding any criterion result (communes with none are left
    out): a new commune shows what its former communes had reached then."""
    if not commune_ids:
        return {}
    marks = ", ".join("?" for _ in commune_ids)
    rows = store.query(f"SELECT commune_id, max(year) AS y FROM criterion_results WHERE commune_id IN ({marks})"
                       " GROUP BY commune_id", list(commune_ids))
    return {r["commune_id"]: int(r["y"]) for r in rows}
