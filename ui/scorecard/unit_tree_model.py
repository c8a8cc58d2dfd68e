"""The unit tree's data, read lazily (issue 22): the provinces in force first, a unit's children
only when the user opens it (or the filter, the tests or a selection need them).

A national database holds 14,149 units in 2025; building every item before the first paint took
0.45 s there (QStandardItem per unit, a Vietnamese sort key per name). Now the first paint reads
the units' ids and levels in one query (the ``shape``: what has children, and the set of units
shown, which :meth:`UnitTree.set_year` compares) and builds the provinces, the office's own
province and district: the same few hundred items whatever the size of the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QStandardItem, QStandardItemModel

from ntm_desktop import units
from ntm_desktop.store.database import Store
from ntm_desktop.units.names import IN_FORCE

TREE_LEVELS = ("province", "district", "commune")
_LEVELS_SQL = "u.level IN ('province', 'district', 'commune')"


class Shape:
    """What the tree knows before building items: a signature of the units in force during the
    year (count and sums of their ids: what :meth:`UnitTree.set_year` compares, so that the
    tree is rebuilt only when they change) and the levels of the children of the units built so
    far (which show an arrow, which are provinces with districts), filled level by level. A plain
    class: no dataclass generated before the first paint (0.3-0.4 ms of CPU, issue 22)."""

    __slots__ = ("signature", "child_levels")

    def __init__(self, signature: tuple[int, ...] | None) -> None:
        self.signature = signature
        self.child_levels: dict[int, set[str]] = {}


class UnitSource:
    """Read-only queries over ``units`` for the tree, restricted to the units in force during
    ``year`` as :func:`units.in_force_during` is (the same ``IN_FORCE`` condition). Each query
    reads only the units asked for: the cost of a first paint does not grow with the database."""

    def __init__(self, store: Store, year: int | None) -> None:
        self.store = store
        self.year = year

    def _where(self) -> tuple[str, list[str]]:
        if self.year is None:
            return _LEVELS_SQL, []
        return f"{_LEVELS_SQL} AND {IN_FORCE}", [f"{self.year}-12-31", f"{self.year}-01-01"]

    def shape(self) -> Shape:
        where, params = self._where()
        row = self.store.db.conn.execute(
            f"SELECT count(*), total(u.id), total((u.id * u.id) % 1000003) FROM units u WHERE {where}",
            params).fetchone()
        return Shape((int(row[0]), int(row[1]), int(row[2])))

    def child_levels(self, parent_ids: list[int]) -> dict[int, set[str]]:
        """The levels of the units in force under each of ``parent_ids`` (those with none left out)."""
        where, params = self._where()
        out: dict[int, set[str]] = {}
        for start in range(0, len(parent_ids), 500):  # SQLite's limit of bound parameters
            chunk = parent_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for parent, level in self.store.db.conn.execute(
                    f"SELECT DISTINCT u.parent_id, u.level FROM units u WHERE u.parent_id IN ({marks}) AND {where}",
                    [*chunk, *params]):
                out.setdefault(parent, set()).add(level)
        return out

    def roots(self) -> list[units.Unit]:
        """The provinces shown: in force, their parent (if any) not."""
        where, params = self._where()
        found = [units.Unit.from_row(r) for r in self.store.query(
            f"SELECT u.* FROM units u WHERE u.level = 'province' AND {where}", params)]
        shown = {u.id for u in found}
        parents = [u.parent_id for u in found if u.parent_id is not None and u.parent_id not in shown]
        if parents:  # a province under another unit (none in the program's lists): shown only when that is not
            marks = ", ".join("?" for _ in parents)
            hidden = {r[0] for r in self.store.db.conn.execute(
                f"SELECT u.id FROM units u WHERE u.id IN ({marks}) AND {where}", [*parents, *params])}
            found = [u for u in found if u.parent_id not in hidden]
        return [u for u in found if u.parent_id not in shown]

    def ancestors(self, unit_id: int) -> list[int]:
        """The ids of the unit's ancestors, the topmost first (none for a unit that does not exist)."""
        rows = self.store.db.conn.execute(
            "WITH RECURSIVE up(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM units WHERE id = ?"
            " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id"
            " WHERE up.depth < 10) SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC", [unit_id]).fetchall()
        return [row[0] for row in rows]

    def children(self, parent_id: int) -> list[units.Unit]:
        where, params = self._where()
        return [units.Unit.from_row(r) for r in self.store.query(
            f"SELECT u.* FROM units u WHERE u.parent_id = ? AND {where}", [parent_id, *params])]

    def aliases(self, parent_id: int) -> dict[int, list[str]]:
        """The aliases of the units under ``parent_id``, by unit id (the filter matches them)."""
        out: dict[int, list[str]] = {}
        for unit_id, alias in self.store.db.conn.execute(
                "SELECT a.unit_id, a.alias FROM unit_aliases a JOIN units u ON u.id = a.unit_id"
                " WHERE u.parent_id = ?", [parent_id]):
            out.setdefault(unit_id, []).append(alias)
        return out

    def all_by_parent(self) -> tuple[dict[int | None, list[units.Unit]], dict[int, list[str]]]:
        """Every unit shown by parent id, and every alias: for filling the whole tree at once."""
        by_parent: dict[int | None, list[units.Unit]] = {}
        for unit in units.in_force_during(self.store, self.year):
            by_parent.setdefault(unit.parent_id, []).append(unit)
        return by_parent, units.aliases_by_unit(self.store)


class LazyUnitModel(QStandardItemModel):
    """A QStandardItemModel whose items listed in ``pending`` (unit id → item) get their
    children from ``fill(item)`` on first demand: a view opening the item calls
    :meth:`fetchMore` (through the filter proxy), and the item shows an arrow meanwhile."""

    def __init__(self, unit_role: int, fill: Callable[[QStandardItem], None]) -> None:
        super().__init__()
        self.unit_role = unit_role
        self.pending: dict[int, QStandardItem] = {}
        self._fill = fill

    def _pending_item(self, parent: QModelIndex | QPersistentModelIndex) -> QStandardItem | None:
        if not parent.isValid():
            return None
        index = parent if isinstance(parent, QModelIndex) else self.index(parent.row(), 0, parent.parent())
        item = self.itemFromIndex(index)
        return item if item is not None and self.pending.get(item.data(self.unit_role)) is item else None

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return self._pending_item(parent) is not None or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 - Qt override
        return self._pending_item(parent) is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802 - Qt override
        item = self._pending_item(parent)
        if item is not None:
            self._fill(item)
