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


def get(store: Store, unit_id: int) -> Unit:
    return Unit.from_row(store.query("SELECT * FROM units WHERE id = ?", [unit_id])[0])


def by_nkey(store: Store, nkey: str) -> Unit | None:
    rows = store.query("SELECT * FROM units WHERE nkey = ?", [nkey])
    return Unit.from_row(rows[0]) if rows else None
