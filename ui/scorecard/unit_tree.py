"""The district → commune tree with an accent-insensitive filter box."""

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
    """Emits ``commune_selected(unit_id)`` when the user picks a commune."""

    commune_selected = Signal(int)

    def __init__(self, store: Store, home_district: str | None = None) -> None:
        super().__init__()
        self.store = store
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.filter.textChanged.connect(self._on_filter)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.home_district = home_district
        self.reload()

    def reload(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        root = self.model.invisibleRootItem()
        for province in units.all_of_level(self.store, "province"):
            districts = units.children(self.store, province.id, "district")
            # the working district first, then the others in alphabetical order
            districts.sort(key=lambda d: (d.nkey != self.home_district, text.sort_key(d.name)))
            for district in districts:
                item = QStandardItem(district.name)
                item.setEditable(False)
                item.setData(district.id, UNIT_ID)
                item.setData("district", LEVEL)
                item.setData(text.fold(district.name), SEARCH)
                for commune in units.children(self.store, district.id, "commune"):
                    names = [commune.name, *units.aliases_of(self.store, commune.id)]
                    label = f"Xã {commune.name}"
                    if commune.dbkk:
                        label += "  ·ĐBKK"
                    child = QStandardItem(label)
                    child.setEditable(False)
                    child.setData(commune.id, UNIT_ID)
                    child.setData("commune", LEVEL)
                    child.setData(" | ".join(text.fold(n) for n in names), SEARCH)
                    code = f" (mã {commune.code})" if commune.code else ""
                    child.setToolTip(f"{commune.name} — {district.name}{code}")
                    item.appendRow(child)
                root.appendRow(item)
        if self.home_district:
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                district = units.get(self.store, index.data(UNIT_ID))
                if district.nkey == self.home_district:
                    self.view.expand(index)

    def _on_filter(self, query: str) -> None:
        self.proxy.set_query(query)
        if query.strip():
            self.view.expandAll()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.data(LEVEL) == "commune":
            self.commune_selected.emit(int(current.data(UNIT_ID)))

    def select_commune(self, unit_id: int) -> bool:
        """Select the commune with this id (used by tests and on start)."""
        for row in range(self.proxy.rowCount()):
            parent = self.proxy.index(row, 0)
            for child_row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(child_row, 0, parent)
                if index.data(UNIT_ID) == unit_id:
                    self.view.expand(parent)
                    self.view.setCurrentIndex(index)
                    return True
        return False

    def visible_communes(self) -> list[str]:
        """Names of the communes the filter lets through (for tests and the status bar)."""
        names = []
        for row in range(self.proxy.rowCount()):
            parent = self.proxy.index(row, 0)
            for child_row in range(self.proxy.rowCount(parent)):
                names.append(f"{self.proxy.index(child_row, 0, parent).data()} ({parent.data()})")
        return names
