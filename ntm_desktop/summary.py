"""The figures every report is built from (CONTRACT §3).

Counting rule (docs/rules.md): for each commune and criterion, the latest period of the
year that holds a status counts; its official status where one is recorded, otherwise
the status computed from the indicators. A commune with no status for a criterion does
not meet it.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from itertools import chain, compress, islice, repeat
from operator import add, itemgetter, mul, ne, sub

from ntm_desktop import criteria, targets, text, units
from ntm_desktop.criteria import sets as criteria_sets
from ntm_desktop.criteria.shape import Shape, make_shape
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store import masks as stored_masks
from ntm_desktop.store.database import Store

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterable
    from typing import Any

    from ntm_desktop.units import Unit

    # a group of communes' columns (:meth:`_Counter.columns`), a stretch's counts (:meth:`_Counter.stretches`)
    _Columns = tuple[list[bytes], bytes, bytes]
    _Stretch = tuple[int, tuple[int, ...], tuple[int, ...], int, int]


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


_TOP = "SELECT max(number) FROM criteria WHERE set_id = ?"  # the set's highest criterion number


def _check_bits(top: int | None) -> None:
    """Refuse a set whose highest criterion number ``top`` has no bit in a mask."""
    if top is not None and top > stored_masks.MAX_BIT:
        raise ValueError(f"criterion number {top} does not fit the summary's bit masks")


def met_masks(store: Store, year: int, set_id: int, upto: Period | None = None) -> dict[int, int]:
    """{commune id: mask of the criteria met} for the communes with any status of the set that
    year (bit ``n`` set: criterion number ``n`` met), by the counting rule; with ``upto`` the
    latest status up to that period (a quarter's report counts what was known at its end)."""
    conn = store.db.conn
    _check_bits(conn.execute(_TOP, [set_id]).fetchone()[0])
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


# masks as signed 64-bit integers (SQLite's), lowest byte first (MAX_BIT 62 fits): in a group's bytes,
# every ``_STRIDE``-th byte from the ``n // 8``-th holds bit ``n % 8`` of criterion ``n``'s
_STRIDE = array("q").itemsize
_SWAP = sys.byteorder == "big"
# _BIT[i]: a byte → 1 where its bit i is set, else 0 (bytes.translate tables: 2**i zeros, 2**i ones, …)
_BIT = tuple((bytes(1 << i) + b"\1" * (1 << i)) * (128 >> i) for i in range(8))
_NO_MASK = 1 << 63  # a commune without a mask: no SQLite integer (a wanted bit is at most MAX_BIT)


class _Counter:
    """Counts for communes in the set's shape, from their masks (:func:`met_masks`).

    Issue 22: no Python step per commune and criterion, nor per commune and district. The masks are
    one byte string (an ``array`` of 64-bit words); each criterion's column (a byte a commune, 1
    where it meets the criterion) is cut from it by a slice and ``bytes.translate``; how many
    criteria each commune meets is a byte, its band's index another. A district is a stretch of
    those columns, counted by ``bytes.count`` over the stretch, called through ``map`` for every
    district at once: C loops throughout (national: the figures and the 101 districts' 3 ms, 7 ms a
    district at a time)."""

    def __init__(self, numbers: list[int], shape: Shape) -> None:
        self.numbers = numbers
        self.keys = [str(n) for n in numbers]
        self.every = len(numbers)
        self.wanted = sum(1 << n for n in numbers)
        self.band_keys = list(dict.fromkeys(shape.keys))
        index = {key: i for i, key in enumerate(self.band_keys)}
        # bytes.translate tables, by how many criteria a commune meets: its band's index (255: none),
        # and 1 for every criterion
        bands = (shape.band_key(count) for count in range(len(numbers) + 1))
        self.band_of = bytes(255 if key is None else index[key] for key in bands).ljust(256, b"\xff")
        self.full_of = bytes(count == self.every for count in range(256))
        self.shape = shape

    def masks_of(self, ids: Iterable[int], masks: dict[int, int]) -> tuple[list[int], int]:
        """The wanted bits of each commune's mask (0: no data), in the order of ``ids``; and how
        many communes have no mask (no status of the set that year)."""
        got = list(map(masks.get, ids, repeat(_NO_MASK)))
        return list(map(self.wanted.__and__, got)), got.count(_NO_MASK)

    def columns(self, got: list[int] | array[int]) -> _Columns:
        """(each criterion's column, how many criteria each commune meets, each one's band's index),
        byte strings in the order of ``got`` (:meth:`masks_of`, or any masks as signed 64-bit words:
        only the wanted bits are read). A commune without data meets nothing."""
        words = got if isinstance(got, array) else array("q", got)
        if _SWAP:
            words.byteswap()
        joined = words.tobytes()
        bits = [joined[n >> 3::_STRIDE].translate(_BIT[n & 7]) for n in self.numbers]
        # each commune's count is the sum of its bytes of the columns: the columns read as numbers
        # and added (a byte a commune, at most MAX_BIT in any: no carry), not a bit count a commune
        counts = sum(map(int.from_bytes, bits)).to_bytes(len(words))  # big-endian both ways: bytes in place
        return bits, counts, counts.translate(self.band_of)

    def figures(self, columns: _Columns) -> dict[str, Any]:
        """The figures of all the communes of ``columns``, ``full`` a count. The bands, the average
        and the full count from the communes by count met (a count of each of 20 byte values, not
        of 5 bands' and a sum over 10,000 bytes)."""
        bits, counts, _bands = columns
        by_count = list(map(counts.count, range(self.every + 1)))
        banded = [0] * len(self.band_keys)
        for met, many in enumerate(by_count):
            if self.band_of[met] != 255:
                banded[self.band_of[met]] += many
        return {
            "communes": len(counts),
            # a column's ones are the bits of its bytes read as one number: bytes.count(1) over a
            # column of 10,000 mixed bytes took 32 µs (the CPU's branch guessing), this 4 µs
            "per_criterion": dict(zip(self.keys, map(int.bit_count, map(int.from_bytes, bits)), strict=True)),
            "bands": dict(zip(self.band_keys, banded, strict=True)),
            "average": _round1(sum(map(mul, by_count, range(self.every + 1))), len(counts)) if counts else 0.0,
            "full": by_count[self.every],
            "by_count": dict(zip(map(str, range(self.every + 1)), by_count, strict=True)),
        }

    def stretches(self, columns: _Columns, bounds: list[int]) -> list[_Stretch]:
        """The counts of each stretch ``bounds[i]:bounds[i + 1]`` of ``columns``: (communes, each
        criterion's, each band's, criteria met all together, communes meeting every criterion)."""
        bits, counts, bands = columns
        starts, ends = bounds[:-1], bounds[1:]
        cuts = list(map(slice, starts, ends))
        per: Iterable[tuple[int, ...]]
        if len(counts) >= 64 * len(cuts):  # long stretches: their ones as the bits of their bytes (as in
            # :meth:`figures`; the national 100 districts' 19 criteria: 0.4 instead of 0.8 ms)
            per = zip(*[map(int.bit_count, map(int.from_bytes, map(column.__getitem__, cuts))) for column in bits],
                      strict=True)
        else:  # short ones (the country's 634 districts of 12 communes): one count a stretch is less work
            per = zip(*[map(column.count, repeat(1), starts, ends) for column in bits], strict=True)
        if not bits:  # a set without criteria (zip of nothing would give nothing)
            per = repeat((), len(starts))
        banded = zip(*[map(bands.count, repeat(i), starts, ends) for i in range(len(self.band_keys))], strict=True)
        met = map(sum, map(counts.__getitem__, cuts))
        full = map(counts.count, repeat(self.every), starts, ends)
        return list(zip(map(sub, ends, starts), per, banded, met, full, strict=True))

    def district(self, parts: list[_Stretch]) -> dict[str, Any]:
        """A district's figures in the summary (CONTRACT §3) from its stretches' counts (one, unless
        districts share a name: their communes count together, as they always have)."""
        if len(parts) == 1:
            communes, per, bands, met, full = parts[0]
        else:
            communes, met, full = sum(p[0] for p in parts), sum(p[3] for p in parts), sum(p[4] for p in parts)
            per = tuple(map(sum, zip(*(p[1] for p in parts), strict=True)))
            bands = tuple(map(sum, zip(*(p[2] for p in parts), strict=True)))
        return {
            "communes": communes,
            **({"full_19": full} if self.shape.classic else {}),
            "full": full,
            "per_criterion": dict(zip(self.keys, per, strict=True)),
            "bands": dict(zip(self.band_keys, bands, strict=True)),
            "average": _round1(met, communes),
        }


class _Scope:
    """The communes in scope, each parent's (district's) together: ``ids`` in that order, ``bounds``
    of each parent's stretch of them (its start, …, the end), ``parents`` of the stretches, in the
    order each parent's first commune comes in the query's order; ``scan``: what sorts positions
    of ``ids`` into the query's order (None: ``ids`` are in it). From the whole database
    (:func:`_whole`), ids and parents are SQLite's text of them and ``text`` is the ids in the
    query's order, joined by commas (None otherwise)."""

    __slots__ = ("ids", "bounds", "parents", "scan", "text")

    def __init__(self, ids: list[Any], bounds: list[int], parents: list[Any], scan: list[int] | None) -> None:
        self.ids, self.bounds, self.parents, self.scan = ids, bounds, parents, scan
        self.text: str | None = None


def _grouped(ids: list[Any], parents: list[Any]) -> _Scope:
    """The communes ``ids`` in the query's order, of ``parents``: each parent's brought together where
    they are apart (units written after their district's others), in the order of each parent's first."""
    starts = [0, *compress(range(1, len(parents)), map(ne, islice(parents, 1, None), parents))] if ids else []
    firsts = list(map(parents.__getitem__, starts))
    if len(starts) == len(set(firsts)):  # no parent has two stretches: each one's communes come together
        return _Scope(ids, [*starts, len(ids)], firsts, None)
    rank = {parent: place for place, parent in enumerate(dict.fromkeys(parents))}
    order = sorted(range(len(parents)), key=list(map(rank.__getitem__, parents)).__getitem__)
    grouped = _grouped(list(map(ids.__getitem__, order)), list(map(parents.__getitem__, order)))
    grouped.scan = order
    return grouped


def _rows(rows: list[tuple[int, int | None]]) -> _Scope:
    """The communes of a query's rows (id, parent's id)."""
    return _grouped(list(map(itemgetter(0), rows)), list(map(itemgetter(1), rows)))


def _whole(conn: sqlite3.Connection, year: int, as_of: str | None) -> _Scope:
    """The whole database's communes in scope: their ids and their parents' as two texts (issue 22:
    no row a commune, nor SQLite's sort of a GROUP BY), brought together by parent in Python. A
    table scan reads them in rowid order: the ids' own order, and the kept masks' (:func:`_in_scope`).
    A parent that is no integer (a damaged file) is written as a comma, so that the communes are read
    a row a commune instead, each parent as it is (as before: none is a district's)."""
    parent = "CASE typeof(c.parent_id) WHEN 'integer' THEN c.parent_id WHEN 'null' THEN '' ELSE ',' END"
    sql, params = _scope_query(year, None, None, as_of, f"group_concat(c.id), group_concat({parent})",
                               "units c NOT INDEXED")
    text, parents = conn.execute(sql, params).fetchone()
    ids = text.split(",") if text else []
    split = parents.split(",") if parents is not None else []
    if len(split) != len(ids):
        return _rows(conn.execute(*_scope_query(year, None, None, as_of, "c.id, c.parent_id")).fetchall())
    scope = _grouped(ids, split)
    scope.text = text or ""
    return scope


# the set's highest criterion number, and the kept masks of a (year, set) as two texts in commune
# order where they are the year's whole answer (built, no commune marked; store/masks.py): one
# statement, one snapshot of the three tables. The texts only where no id or mask is text or a blob
# (a damaged file; those sort after every number, an id last in the key's order): int() would read
# " 1" or "01" of a text
_NUMBERS = ("typeof(max(mask)) = 'integer' AND (SELECT typeof(commune_id) FROM summary_masks"
            " WHERE year = ?1 AND set_id = ?2 ORDER BY commune_id DESC LIMIT 1) = 'integer'")
_KEPT = ("SELECT (SELECT max(number) FROM criteria WHERE set_id = ?2),"
         " EXISTS (SELECT 1 FROM summary_built WHERE year = ?1 AND set_id = ?2)"
         " AND NOT EXISTS (SELECT 1 FROM summary_dirty WHERE year = ?1),"
         f" iif({_NUMBERS}, group_concat(commune_id), NULL), iif({_NUMBERS}, group_concat(mask), NULL)"
         " FROM summary_masks WHERE year = ?1 AND set_id = ?2")


def _in_scope(store: Store, scope: _Scope, year: int, set_id: int, period: Period | None,
              counter: _Counter) -> tuple[list[int] | array[int], int]:
    """:meth:`_Counter.masks_of` for the communes of ``scope``. The whole database's, for a whole
    year whose masks are kept and every one of them a commune in scope in the same order (the
    usual case): the masks' text alone is read as numbers (issue 22: no row a commune, no dict)."""
    if scope.text is None:
        return counter.masks_of(scope.ids, met_masks(store, year, set_id, period))
    if period is not None:
        return counter.masks_of(map(int, scope.ids), met_masks(store, year, set_id, period))
    top, usable, ids, masks = store.db.conn.execute(_KEPT, [year, set_id]).fetchone()
    _check_bits(top)
    got = _integers(masks) if usable and ids == scope.text and masks is not None else None
    if got is not None and len(got) == len(scope.ids):  # the scope's communes, each with a mask, in its order
        return got if scope.scan is None else array("q", map(got.__getitem__, scope.scan)), 0
    return counter.masks_of(map(int, scope.ids), met_masks(store, year, set_id, period))


def _integers(text: str) -> array[int] | None:
    """The integers of ``text``, SQLite's ``group_concat`` of integers, as signed 64-bit words; None where
    one does not read as an integer (a real number)."""
    try:
        return array("q", map(int, text.split(",")))
    except (ValueError, OverflowError):
        return None


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
    if dist is None and unit is None:
        scope = _whole(store.db.conn, year, as_of)
    else:  # tuples, not dicts (issue 22): id and parent's id; the district's names apart (a join costs 3 ms)
        scope = _rows(store.db.conn.execute(*_scope_query(
            year, dist.id if dist else None, unit.id if unit else None, as_of, "c.id, c.parent_id")).fetchall())
    districts: dict[Any, str] = dict(store.db.conn.execute("SELECT id, name FROM units WHERE level = 'district'"))
    if scope.text is not None:  # parents as SQLite writes an integer
        districts = {str(key): name for key, name in districts.items()}
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
    ids = scope.ids
    got, no_data = _in_scope(store, scope, year, cs.id, period, counter)
    columns = counter.columns(got)
    figures = counter.figures(columns)
    by_district: dict[str, list[_Stretch]] = {}
    for parent, part in zip(scope.parents, counter.stretches(columns, scope.bounds), strict=True):
        name = districts.get(parent)
        if name is not None:  # a province without districts has no district rows
            by_district.setdefault(name, []).append(part)
    full = list(compress(range(len(ids)), columns[1].translate(counter.full_of)))
    if scope.scan is not None:  # the query's order: ties of the sort below keep it
        full.sort(key=scope.scan.__getitem__)
    # names and codes only of the communes the full list shows, in its order (issue 22: every
    # commune's name read as text cost 5 of the 10 ms the national query took; ids looked up in
    # the array's order, none returned: 1.7 instead of 2.1 ms of CPU for 1,716 communes)
    shown = store.db.conn.execute(
        "SELECT u.name, u.code FROM json_each(?) j LEFT JOIN units u ON u.id = j.value ORDER BY j.key",
        ["[" + ",".join(map(str, map(ids.__getitem__, full))) + "]"]).fetchall()  # (name, code)
    parent_at = list(chain.from_iterable(map(repeat, scope.parents, map(sub, scope.bounds[1:], scope.bounds))))
    homes = list(map(districts.get, map(parent_at.__getitem__, full)))
    district_place = text.places([*by_district, *homes])
    commune_place = text.places(map(itemgetter(0), shown))
    # one int a row, its district's place then its commune's: a C sort with no Python frame per row
    place = list(map(add, map(mul, map(district_place.__getitem__, homes), repeat(len(commune_place))),
                     map(commune_place.__getitem__, map(itemgetter(0), shown))))
    figures["full"] = [{"district": homes[i], "commune": shown[i][0], "code": shown[i][1]}
                       for i in sorted(range(len(place)), key=place.__getitem__)]
    result.update(figures)
    if shape.classic:  # CONTRACT §3: the old name stays for the 19-criterion sets
        result["full_19"] = figures["full"]
    result["no_data"] = no_data
    result["by_district"] = {name: counter.district(by_district[name])
                             for name in sorted(by_district, key=district_place.__getitem__)}
    # CONTRACT §8: {criterion: {communes (the target), met, percent}} for the targets of the year
    result["targets"] = targets.shares(store, year, dist.id if dist else None, figures["per_criterion"])
    result["rule"] = "official-else-computed, latest period of the year"
    return result


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
