"""A searchable list of every province of both eras (the first-run dialog).

97 entries: the 63 provinces before 1 July 2025 and the 34 after, sorted by name, the newer
era first where a name has both (Quảng Ngãi); each shows its era. Typing filters them
accent-insensitively ("quang ngai" finds Quảng Ngãi); Up and Down move in the list from the
search field, so that the keyboard never has to leave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QVBoxLayout, QWidget

from ntm_desktop import text, units
from ntm_desktop.i18n import t
from ntm_desktop.units import national

ENTRY = Qt.ItemDataRole.UserRole + 1
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


@dataclass(frozen=True)
class Province:
    """One entry: a province of one era, with the natural key it has once loaded."""

    era: str
    code: str
    name: str

    @property
    def nkey(self) -> str:
        return national.nkey(self.era, self.code)

    def label(self) -> str:
        return f"{self.name} ({t('first.era_' + self.era)})"


def entries() -> list[Province]:
    found = [Province(p["era"], p["code"], p["name"]) for p in units.provinces()]
    return sorted(found, key=lambda p: (text.sort_key(p.name), p.era != national.AFTER))


class _Filter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self.words = text.fold(query).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802 - Qt override
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        folded = text.fold(self.sourceModel().index(source_row, 0, source_parent).data())
        return all(word in folded for word in self.words)


class ProvinceChooser(QWidget):
    """A search field above the list; ``current()`` is the chosen province."""

    changed = Signal()
    activated = Signal()  # a double click on an entry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("provinceSearch")
        self.search.setPlaceholderText(t("first.find_province"))
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel()
        for entry in entries():
            item = QStandardItem(entry.label())
            item.setEditable(False)
            item.setData(entry, ENTRY)
            item.setToolTip(t("first.code", code=entry.code))
            self.model.appendRow(item)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setObjectName("provinceList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.setFocusProxy(self.search)
        self.search.textChanged.connect(self._on_search)
        self.search.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(lambda *_: self.changed.emit())
        self.list.doubleClicked.connect(lambda _index: self.activated.emit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _MOVE_KEYS:
                QApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
                return True
        return super().eventFilter(watched, event)

    def _on_search(self, query: str) -> None:
        chosen = self.current()
        self.proxy.set_query(query)
        if chosen is None or not self.select(chosen.nkey):  # the first match, for Enter
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.changed.emit()

    def select(self, nkey: str) -> bool:
        """Choose the province with this natural key among those shown."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ENTRY).nkey == nkey:
                self.list.setCurrentIndex(index)
                self.list.scrollTo(index, QListView.ScrollHint.PositionAtCenter)
                return True
        return False

    def current(self) -> Province | None:
        index = self.list.currentIndex()
        return index.data(ENTRY) if index.isValid() else None

    def currentText(self) -> str:  # noqa: N802 - as QComboBox names it
        """The chosen province's name (without its era)."""
        chosen = self.current()
        return chosen.name if chosen else ""

    def currentData(self) -> str | None:  # noqa: N802 - as QComboBox names it
        """The chosen province's natural key (``province:62``, ``province:51@2025-07-01``)."""
        chosen = self.current()
        return chosen.nkey if chosen else None

    def shown(self) -> list[str]:
        """The labels the search lets through (tests)."""
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]
