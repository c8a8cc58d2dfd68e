"""The unit record: what a row of ``units`` holds, and reading one back by id or natural key.

The bottom layer of the package: every other module of ``units`` builds on these names and
nothing here imports them back. A unit list of another era (the national lists before and
after the 2025 reorganisation) adds its own module above this one, not fields here.
"""

from __future__ import annotations

from ntm_desktop.periods import Record
from ntm_desktop.store.database import Store

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

LEVELS = ("province", "district", "commune", "village")
DEFAULT_KIND = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}
UNIT_FIELDS = (
    "uuid nkey level kind name code region dbkk area_class border safe_zone valid_from valid_to demo"
).split()


def columns(table: str = "") -> str:
    """A unit record's columns in its fields' order, for a SELECT whose rows (plain tuples) make
    units by :meth:`Unit.from_values` (``table``: the units table's alias)."""
    return ", ".join(f"{table}.{name}" if table else name for name in Unit.__slots__)


class Unit(Record):
    """A unit as stored: a frozen record with a dataclass's semantics (``periods.Record``: a
    command that resolves one unit, ``ntm summary --district``, spared ``dataclasses`` and
    ``inspect``, 6 ms, issue 22)."""

    __slots__ = ("id", "uuid", "nkey", "level", "kind", "name", "code", "parent_id", "region", "dbkk", "area_class",
                 "border", "demo", "valid_from", "valid_to")
    id: int
    uuid: str
    nkey: str
    level: str
    kind: str
    name: str
    code: str | None
    parent_id: int | None
    region: str | None
    dbkk: bool
    area_class: str | None
    border: bool
    demo: bool
    valid_from: str | None  # the unit exists from that day (None: always, as far as known)
    valid_to: str | None  # … until that day (the old units: 2025-06-30)

    def __init__(self, id: int, uuid: str, nkey: str, level: str, kind: str, name: str, code: str | None,
                 parent_id: int | None, region: str | None, dbkk: bool, area_class: str | None, border: bool,
                 demo: bool, valid_from: str | None = None, valid_to: str | None = None) -> None:
        self._init(id, uuid, nkey, level, kind, name, code, parent_id, region, dbkk, area_class, border, demo,
                   valid_from, valid_to)

    @classmethod
    def from_row(cls, row: Any) -> Unit:
        return cls(
            row["id"],
            row["uuid"],
            row["nkey"],
            row["level"],
            row["kind"],
            row["name"],
            row["code"],
            row["parent_id"],
            row["region"],
            bool(row["dbkk"]),
            row["area_class"],
            bool(row["border"]),
            bool(row["demo"]),
            row["valid_from"],
            row["valid_to"],
        )

    @classmethod
    def from_values(cls, values: Any) -> Unit:
        """A unit from a row of ``SELECT {columns()}`` (a tuple, or a longer row whose first values
        those are), equal to what :meth:`from_row` makes of the whole row. Each field set by its
        slot's own setter, written out: 0.9 µs a unit, where from_row takes 2.8 (3.7 before
        ``Record._init`` used the setters); a table import of 10,000 communes makes 10,000 of
        them (issue 22)."""
        unit = object.__new__(cls)
        v, s = values, cls._setters
        s[0](unit, v[0])  # id
        s[1](unit, v[1])
        s[2](unit, v[2])
        s[3](unit, v[3])
        s[4](unit, v[4])
        s[5](unit, v[5])
        s[6](unit, v[6])
        s[7](unit, v[7])
        s[8](unit, v[8])
        s[9](unit, bool(v[9]))  # dbkk
        s[10](unit, v[10])
        s[11](unit, bool(v[11]))  # border
        s[12](unit, bool(v[12]))  # demo
        s[13](unit, v[13])
        s[14](unit, v[14])  # valid_to
        return unit


def get(store: Store, unit_id: int) -> Unit:
    return Unit.from_row(store.query("SELECT * FROM units WHERE id = ?", [unit_id])[0])


def by_nkey(store: Store, nkey: str) -> Unit | None:
    rows = store.query("SELECT * FROM units WHERE nkey = ?", [nkey])
    return Unit.from_row(rows[0]) if rows else None
