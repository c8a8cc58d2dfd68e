"""Completing a name as it is typed, ignoring case and accents: ``so tai`` offers «Sở Tài chính»
(issue 20 part 6: the agency field completes from the known agencies)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter

from ntm_desktop import text

FOLDED = Qt.ItemDataRole.UserRole + 1  # the name without accents, lower case: what typing is matched against


class FoldingCompleter(QCompleter):
    """Offers every name containing the typed text, compared by :func:`ntm_desktop.text.fold`
    (no case, no accents, đ = d); the name is inserted as written."""

    def __init__(self, names: list[str], parent: QObject | None = None) -> None:
        model = QStandardItemModel(parent)
        for name in names:
            item = QStandardItem(name)
            item.setData(text.fold(name), FOLDED)
            model.appendRow(item)
        super().__init__(model, parent)
        self.setCompletionRole(FOLDED)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override: typed text folded
        return [text.fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt override
        return str(index.data(Qt.ItemDataRole.DisplayRole))

    def offered(self, typed: str) -> list[str]:
        """The names offered for ``typed`` (what the popup lists)."""
        self.setCompletionPrefix(typed)
        model = self.completionModel()
        return [str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)) for row in range(model.rowCount())]
