"""The unit tree (province → district → commune, or province → commune from 1 July 2025) with an
accent-insensitive filter box."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from ntm_desktop import text, units
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store

UNIT_ID = Qt.ItemDataRole.UserRole + 1
SEARCH = Qt.ItemDataRole.UserRole + 2
LEVEL = Qt.ItemDataRole.UserRole + 3
NKEY = Qt.ItemDataRole.UserRole + 4


class _AccentFilter(QSortFilterProxyModel):
    """Shows communes whose name or alias matches every typed word, accents ignored."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)  # typing a district's name shows all its communes

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
        self._shown: tuple[int, ...] | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(t("tree.filter"))
        self.filter.setClearButtonEnabled(True)
        self.model = QStandardItemModel()
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
        self.year = year
        found = self._units()
        if found[1] != self._shown:
            self.reload(found)

    def _units(self) -> tuple[list[units.Unit], tuple[int, ...]]:
        """The units in force at some time in the year (every unit without a year)."""
        found = units.in_force_during(self.store, self.year)
        return found, tuple(sorted(u.id for u in found))

    def reload(self, units_in_force: tuple[list[units.Unit], tuple[int, ...]] | None = None) -> None:
        self.model.removeRows(0, self.model.rowCount())
        found, self._shown = units_in_force or self._units()
        aliases = units.aliases_by_unit(self.store)
        by_parent: dict[int | None, list[units.Unit]] = {}
        ids = {u.id for u in found}
        for unit in found:
            by_parent.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
        provinces = [u for u in by_parent.get(None, []) if u.level == "province"]
        provinces.sort(key=lambda u: (u.nkey != self.home_province, text.sort_key(u.name), u.nkey))
        names = [p.name for p in provinces]
        root = self.model.invisibleRootItem()
        for province in provinces:
            label = province.name
            if names.count(province.name) > 1:  # 2025: Quảng Ngãi before and after 1 July
                label += " (" + t("first.era_after" if "@" in province.nkey else "first.era_before") + ")"
            item = self._item(label, province, province.name)
            districts = [u for u in by_parent.get(province.id, []) if u.level == "district"]
            # the working district first, then the others in alphabetical order
            districts.sort(key=lambda d: (d.nkey != self.home_district, text.sort_key(d.name)))
            for district in districts:
                row = self._item(district.name, district, district.name)
                item.appendRow(row)
                for commune in self._communes(by_parent.get(district.id, [])):
                    row.appendRow(self._commune(commune, district, aliases))
            for commune in self._communes(by_parent.get(province.id, [])):
                item.appendRow(self._commune(commune, province, aliases))
            root.appendRow(item)  # built whole first: one insertion for the view and the filter
        count = self.proxy.rowCount()
        for row in range(count):
            province_index = self.proxy.index(row, 0)
            # open: the only province, the office's own, and a few with districts (2020: Kon Tum
            # and old Quảng Ngãi); closed: a long list of communes among others (2025's new
            # province), and the provinces of a whole country's database
            first = self.proxy.index(0, 0, province_index)
            if (count == 1 or province_index.data(NKEY) == self.home_province
                    or (count <= 3 and first.data(LEVEL) != "commune")):
                self.view.expand(province_index)
            for child in range(self.proxy.rowCount(province_index)):
                index = self.proxy.index(child, 0, province_index)
                if index.data(LEVEL) == "district" and index.data(NKEY) == self.home_district:
                    self.view.expand(index)

    @staticmethod
    def _communes(found: list[units.Unit]) -> list[units.Unit]:
        return sorted((u for u in found if u.level == "commune"), key=lambda u: text.sort_key(u.name))

    @staticmethod
    def _item(label: str, unit: units.Unit, search: str) -> QStandardItem:
        item = QStandardItem(label)
        item.setEditable(False)
        item.setData(unit.id, UNIT_ID)
        item.setData(unit.level, LEVEL)
        item.setData(unit.nkey, NKEY)
        item.setData(text.fold(search), SEARCH)
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
        """Select the commune with this id (used by tests and on start)."""
        for index in self._commune_indexes():
            if index.data(UNIT_ID) == unit_id:
                parent = index.parent()
                while parent.isValid():
                    self.view.expand(parent)
                    parent = parent.parent()
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False

    def visible_communes(self) -> list[str]:
        """Names of the communes the filter lets through, each with its parent's (tests, status bar)."""
        return [f"{index.data()} ({index.parent().data()})" for index in self._commune_indexes()]

    def levels(self) -> list[list[str]]:
        """The levels under each province shown, in order: ``["district", "commune"]`` or ``["commune"]``."""
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
