"""The unit tree (province → district → commune, or province → commune from 1 July 2025) with an
accent-insensitive filter box; filled lazily (:mod:`ui.scorecard.unit_tree_model`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from ntm_desktop import text, units
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.scorecard.roles import USER
from ui.scorecard.unit_tree_model import LazyUnitModel, Shape, UnitSource

UNIT_ID = USER + 1  # plain ints, not Qt.ItemDataRole: ui/scorecard/roles.py
SEARCH = USER + 2
LEVEL = USER + 3
NKEY = USER + 4


class _AccentFilter(QSortFilterProxyModel):
    """Shows communes whose name or alias matches every typed word, accents ignored."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)  # typing a district's name shows all its communes

    def has_query(self) -> bool:
        return bool(self._words)

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._words = text.fold(query).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802 - Qt override
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        names = (index.data(SEARCH) or "").split(" | ")
        return any(all(word in name for word in self._words) for name in names)


class UnitTree(QWidget):
    """Emits ``commune_selected(unit_id)`` when the user picks a commune.

    Shows the units in force at some time in ``year`` (the scorecard's, :meth:`set_year`):
    province → district → commune for a year before 1 July 2025, province → commune for a
    year after it (no district level), both trees in 2025. Units without dates (a list
    loaded without the reform, ``--units kontum``) show in every year."""

    commune_selected = Signal(int)

    def __init__(self, store: Store, home_district: str | None = None, year: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.year = year
        self._shape = Shape(None)
        self._items: dict[int, QStandardItem] = {}  # every item built, by unit id
        self._units: dict[int, units.Unit] = {}  # and its unit
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(t("tree.filter"))
        self.filter.setToolTip(t("tree.filter_tip"))
        self.filter.setClearButtonEnabled(True)
        self.model = LazyUnitModel(UNIT_ID, self._fill)
        self.model.setHorizontalHeaderLabels([t("tree.header")])
        self.proxy = _AccentFilter()
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setIndentation(14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.filter.textChanged.connect(self._on_filter)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.home_district = home_district
        self.home_province = store.meta("home_province")
        self.reload()

    def set_year(self, year: int) -> None:
        """Follow the scorecard's year: rebuilt only when the units in force change."""
        if year == self.year:
            return
        if self._shape.signature is None:  # worked out when first needed: not before the first paint
            self._shape.signature = UnitSource(self.store, self.year).shape().signature
        self.year = year
        shape = UnitSource(self.store, year).shape()
        if shape.signature != self._shape.signature:
            self.reload(shape)

    def reload(self, shape: Shape | None = None) -> None:
        """Build the provinces in force (their children wait until opened, :mod:`unit_tree_model`);
        open the only province, the office's own and its district, and a few with districts."""
        source = UnitSource(self.store, self.year)
        self._shape = shape or Shape(None)
        self.model.removeRows(0, self.model.rowCount())
        self.model.pending.clear()
        self._items.clear()
        self._units.clear()
        provinces = source.roots()
        self._shape.child_levels.update(source.child_levels([p.id for p in provinces]))
        provinces.sort(key=lambda u: (u.nkey != self.home_province, text.sort_key(u.name), u.nkey))
        names = [p.name for p in provinces]
        items = []
        for province in provinces:
            label = province.name
            if names.count(province.name) > 1:  # 2025: Quảng Ngãi before and after 1 July
                label += " (" + t("first.era_after" if "@" in province.nkey else "first.era_before") + ")"
            items.append(self._item(label, province, province.name))
        self.model.invisibleRootItem().appendRows(items)  # one insertion for the view and the filter
        if self.proxy.has_query():
            self._fill_all()
        count = len(provinces)
        for province, item in zip(provinces, items, strict=True):
            # open: the only province, the office's own, and a few with districts (2020: Kon Tum
            # and old Quảng Ngãi); closed: a long list of communes among others (2025's new
            # province), and the provinces of a whole country's database
            levels = self._shape.child_levels.get(province.id, set())
            if (count == 1 or province.nkey == self.home_province
                    or (count <= 3 and (not levels or "district" in levels))):
                self._open(item)
        home = units.by_nkey(self.store, self.home_district) if self.home_district else None
        if home is not None and home.level == "district":
            self._open_path(home.id)  # nothing when it is not in force that year

    def _open(self, item: QStandardItem) -> None:
        self._fill(item)
        index = self.proxy.mapFromSource(self.model.indexFromItem(item))
        if index.isValid():
            self.view.expand(index)

    def _reach(self, unit_id: int) -> QStandardItem | None:
        """The unit's item, filling its ancestors first; None when it is not in the tree."""
        if unit_id not in self._items:
            for ancestor in UnitSource(self.store, self.year).ancestors(unit_id):
                if ancestor in self.model.pending:
                    self._fill(self.model.pending[ancestor])
        return self._items.get(unit_id)

    def _open_path(self, unit_id: int) -> None:
        """Fill and open the unit's item and every ancestor's."""
        item = self._reach(unit_id)
        if item is None:
            return
        self._open(item)
        parent = item.parent()
        while parent is not None:
            self.view.expand(self.proxy.mapFromSource(self.model.indexFromItem(parent)))
            parent = parent.parent()

    def _fill(self, item: QStandardItem,
              filling: tuple[dict[int | None, list[units.Unit]], dict[int, list[str]]] | None = None) -> None:
        """Build the children of a pending item: districts (the office's first), then communes;
        ``filling``: every unit by parent and every alias, when the whole tree is being filled."""
        unit_id = item.data(UNIT_ID)
        if self.model.pending.pop(unit_id, None) is None:
            return
        source = UnitSource(self.store, self.year)
        found = source.children(unit_id) if filling is None else filling[0].get(unit_id, [])
        aliases = source.aliases(unit_id) if filling is None else filling[1]
        parent = self._units[unit_id]
        rows: list[QStandardItem] = []
        if item.data(LEVEL) == "province":
            districts = [u for u in found if u.level == "district"]
            if filling is None:  # which of them have communes that year: they show an arrow
                self._shape.child_levels.update(source.child_levels([d.id for d in districts]))
            # the working district first, then the others in alphabetical order
            districts.sort(key=lambda d: (d.nkey != self.home_district, text.sort_key(d.name)))
            rows += [self._item(d.name, d, d.name) for d in districts]
        rows += [self._commune(c, parent, aliases) for c in self._communes(found)]
        if rows:
            item.appendRows(rows)

    def _fill_all(self) -> None:
        """Every item's children (the filter looks at every commune)."""
        if not self.model.pending:
            return
        by_parent, aliases = UnitSource(self.store, self.year).all_by_parent()
        for parent, found in by_parent.items():
            if parent is not None:
                self._shape.child_levels[parent] = {u.level for u in found}
        while self.model.pending:
            _unit_id, item = next(iter(self.model.pending.items()))
            self._fill(item, (by_parent, aliases))

    @staticmethod
    def _communes(found: list[units.Unit]) -> list[units.Unit]:
        return sorted((u for u in found if u.level == "commune"), key=lambda u: text.sort_key(u.name))

    def _item(self, label: str, unit: units.Unit, search: str) -> QStandardItem:
        item = QStandardItem(label)
        item.setEditable(False)
        item.setData(unit.id, UNIT_ID)
        item.setData(unit.level, LEVEL)
        item.setData(unit.nkey, NKEY)
        item.setData(text.fold(search), SEARCH)
        self._items[unit.id] = item
        self._units[unit.id] = unit
        if self._shape.child_levels.get(unit.id):
            self.model.pending[unit.id] = item
        return item

    def _commune(self, commune: units.Unit, parent: units.Unit, aliases: dict[int, list[str]]) -> QStandardItem:
        names = [commune.name, *aliases.get(commune.id, [])]
        label = f"{(commune.kind or 'xã').capitalize()} {commune.name}"
        if commune.dbkk:
            label += "  ·ĐBKK"
        search = " | ".join([*(text.fold(n) for n in names), *([commune.code] if commune.code else [])])
        child = self._item(label, commune, "")
        child.setData(search, SEARCH)
        code = f" ({t('tree.code', code=commune.code)})" if commune.code else ""
        child.setToolTip(f"{commune.name} — {parent.name}{code}")
        return child

    def _on_filter(self, query: str) -> None:
        if query.strip():
            self._fill_all()
        self.proxy.set_query(query)
        if query.strip():
            self.view.expandAll()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.data(LEVEL) == "commune":
            self.commune_selected.emit(int(current.data(UNIT_ID)))

    def _commune_indexes(self, parent: QModelIndex | None = None) -> list[QModelIndex]:
        """The communes the filter lets through, at any depth, in the order shown."""
        parent = parent or QModelIndex()
        out = []
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            out += [index] if index.data(LEVEL) == "commune" else self._commune_indexes(index)
        return out

    def select_commune(self, unit_id: int) -> bool:
        """Select the commune with this id, if the tree shows it (the year's, through the filter)."""
        item = self._reach(unit_id)
        if item is None or item.data(LEVEL) != "commune":
            return False
        index = self.proxy.mapFromSource(self.model.indexFromItem(item))
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def visible_communes(self) -> list[str]:
        """Names of the communes the filter lets through, each with its parent's (tests, status bar)."""
        self._fill_all()
        return [f"{index.data()} ({index.parent().data()})" for index in self._commune_indexes()]

    def levels(self) -> list[list[str]]:
        """The levels under each province shown, in order: ``["district", "commune"]`` or ``["commune"]``."""
        self._fill_all()
        out = []
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            found: list[str] = []
            stack = [index]
            while stack:
                parent = stack.pop()
                for child in range(self.proxy.rowCount(parent)):
                    sub = self.proxy.index(child, 0, parent)
                    if sub.data(LEVEL) not in found:
                        found.append(sub.data(LEVEL))
                    stack.append(sub)
            out.append(found)
        return out
