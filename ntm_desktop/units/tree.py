"""Walking the unit tree: children, whole levels, ancestors, inherited region, the commune list.

Read-only queries over ``units`` and ``unit_aliases``; lists come sorted in Vietnamese
order (:func:`ntm_desktop.text.sort_key`: đ after d), as every screen and report shows them.
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import text
from ntm_desktop.store.database import Store
from ntm_desktop.units.names import IN_FORCE
from ntm_desktop.units.records import Unit, get


def children(store: Store, parent_id: int | None, level: str | None = None) -> list[Unit]:
    sql = "SELECT * FROM units WHERE parent_id IS ?" + (" AND level = ?" if level else "")
    params: list[Any] = [parent_id] + ([level] if level else [])
    units = [Unit.from_row(r) for r in store.query(sql, params)]
    return sorted(units, key=lambda u: text.sort_key(u.name))


def all_of_level(store: Store, level: str) -> list[Unit]:
    units = [Unit.from_row(r) for r in store.query("SELECT * FROM units WHERE level = ?", [level])]
    return sorted(units, key=lambda u: text.sort_key(u.name))


def aliases_of(store: Store, unit_id: int) -> list[str]:
    return [
        r["alias"] for r in store.query("SELECT alias FROM unit_aliases WHERE unit_id = ?", [unit_id])
    ]


def region_of(store: Store, unit: Unit) -> str | None:
    """The unit's region, inherited from its ancestors when not set on it."""
    current: Unit | None = unit
    while current is not None:
        if current.region:
            return current.region
        current = get(store, current.parent_id) if current.parent_id else None
    return None


def ancestor(store: Store, unit: Unit, level: str) -> Unit | None:
    current: Unit | None = unit
    while current is not None and current.level != level:
        current = get(store, current.parent_id) if current.parent_id else None
    return current


def list_communes(store: Store, district: Unit | None = None) -> list[dict[str, Any]]:
    """CONTRACT §1 ``units list --json``: ``{district, commune, code}`` for every commune."""
    sql = (
        "SELECT c.name AS commune, c.code AS code, d.name AS district FROM units c"
        " JOIN units d ON d.id = c.parent_id WHERE c.level = 'commune'"
    )
    params: list[Any] = []
    if district:
        sql += " AND d.id = ?"
        params.append(district.id)
    rows = store.query(sql, params)
    out = [{"district": r["district"], "commune": r["commune"], "code": r["code"]} for r in rows]
    return sorted(out, key=lambda r: (text.sort_key(r["district"]), text.sort_key(r["commune"])))


def in_force_on(store: Store, on: str, level: str = "commune") -> list[Unit]:
    """The units of ``level`` in force on the day ``on`` (valid from on or before it, to on or after)."""
    return [Unit.from_row(r) for r in store.query(f"SELECT u.* FROM units u WHERE u.level = ? AND {IN_FORCE}",
                                                  [level, on, on])]


def in_force_during(store: Store, year: int | None, level: str | None = None) -> list[Unit]:
    """Provinces, districts and communes (or those of ``level``) in force on some day of
    ``year`` (valid from on or before 31/12, to on or after 1/1), in one query; every unit when
    ``year`` is None. A year of the reform (2025) holds both trees: the old units until 30/6,
    the new from 1/7."""
    sql = "SELECT u.* FROM units u WHERE u.level IN ('province', 'district', 'commune')"
    params: list[str] = []
    if level is not None:
        sql += " AND u.level = ?"
        params.append(level)
    if year is not None:
        sql += " AND " + IN_FORCE
        params += [f"{year}-12-31", f"{year}-01-01"]
    return [Unit.from_row(r) for r in store.query(sql, params)]


def existed_in(store: Store, unit_id: int, year: int) -> bool:
    """Whether the unit was in force on some day of ``year`` (a commune formed in 2025 did
    not exist in 2020: its former communes did)."""
    return bool(store.query(f"SELECT 1 FROM units u WHERE u.id = ? AND {IN_FORCE}",
                            [unit_id, f"{year}-12-31", f"{year}-01-01"]))


def aliases_by_unit(store: Store) -> dict[int, list[str]]:
    """Every alias, by unit id, in one query (the tree's search matches them)."""
    out: dict[int, list[str]] = {}
    for row in store.query("SELECT unit_id, alias FROM unit_aliases"):
        out.setdefault(row["unit_id"], []).append(row["alias"])
    return out
