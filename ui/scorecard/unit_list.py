"""The list of commune-level units in force on a day that the unit dialogs choose from (Thay đổi
đơn vị hành chính, Nhóm xã, vùng): «name · code (parent)» rows, an accent-free filter, and the
units chosen kept across a reload when they are still in force."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from ntm_desktop import text, units
from ntm_desktop.store.database import Store


def units_on(store: Store, on: str) -> list[units.Unit]:
    """The commune-level units in force on the day ``on``, sorted by their parent's name and theirs."""
    parents = {u.id: u.name for u in units.in_force_during(store, int(on[:4])) if u.level != "commune"}
    return sorted(units.in_force_on(store, on),
                  key=lambda u: (text.sort_key(parents.get(u.parent_id or 0, "")), text.sort_key(u.name)))


class UnitList(QListWidget):
    """Units in force on a day, each row holding its :class:`units.Unit`."""

    def fill(self, store: Store, on: str) -> None:
        """The units in force on ``on``, keeping chosen those chosen before that still are; no
        selection signal while filling."""
        chosen = {u.id for u in self.chosen()}
        self.blockSignals(True)
        self.clear()
        parents = {u.id: u.name for u in units.in_force_during(store, int(on[:4])) if u.level != "commune"}
        for unit in units_on(store, on):
            where = parents.get(unit.parent_id or 0, "")
            code = f" · {unit.code}" if unit.code else ""
            item = QListWidgetItem(f"{unit.name}{code} ({where})" if where else f"{unit.name}{code}")
            item.setData(Qt.ItemDataRole.UserRole, unit)
            self.addItem(item)
            item.setSelected(unit.id in chosen)
        self.blockSignals(False)

    def filter(self, query: str) -> None:
        """Hide the rows not matching ``query`` (accents and case ignored)."""
        for row in range(self.count()):
            self.setRowHidden(row, not text.matches_filter(self.item(row).text(), query))

    def shown(self) -> list[str]:
        return [self.item(r).text() for r in range(self.count()) if not self.isRowHidden(r)]

    def units(self) -> list[units.Unit]:
        """Every unit listed, in order."""
        return [self.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.count())]

    def chosen(self) -> list[units.Unit]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.selectedItems()]

    def choose(self, *unit_ids: int) -> None:
        """Select the units ``unit_ids`` and show the first."""
        for row in range(self.count()):
            item = self.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole).id in unit_ids)
        if self.selectedItems():
            self.scrollToItem(self.selectedItems()[0], QAbstractItemView.ScrollHint.PositionAtCenter)
