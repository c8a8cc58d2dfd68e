"""One read-only Qt table model for the window's tables of plain values.

A table is rows of cells (and optionally a label per row, for the vertical header); a cell
is a plain value (shown as ``str(value)``, ``None`` as "") or a :class:`Cell` carrying what
a few tables add: a tooltip, a text or background colour, bold, right alignment, and a value
for ``USER_ROLE`` (the record's id or uuid). Column headers are catalog keys, translated when
Qt asks for them, or :class:`Text` shown as it is (criterion numbers). The views over it are
plain ``QTableView``s (:func:`table_view` sets the options every table shares).

It replaces the hand-filled ``QTableWidget``s, whose one ``QTableWidgetItem`` per cell cost
an allocation and a Python wrapper per cell and scattered the same styling code over seven
files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ntm_desktop import text
from ntm_desktop.i18n import t

Index = QModelIndex | QPersistentModelIndex
USER_ROLE = Qt.ItemDataRole.UserRole + 1  # the value a cell carries for the code (an id, a uuid)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Colour = QColor | Qt.GlobalColor | str


class Text(str):
    """A column header shown as it is, not a catalog key."""


@dataclass(frozen=True)
class Cell:
    """A value with what the table shows beside its text."""

    value: Any
    tooltip: str | None = None
    foreground: Colour | None = None
    background: Colour | None = None
    bold: bool = False
    align_right: bool = False
    user: Any = None  # returned for USER_ROLE

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value)


def _brush(colour: Colour) -> QBrush:
    return QBrush(QColor(colour) if isinstance(colour, str) else colour)


class TableModel(QAbstractTableModel):
    """Rows of plain values or :class:`Cell`s under headers given as catalog keys."""

    def __init__(self, header_keys: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header_keys = tuple(header_keys)
        self._rows: list[list[Cell]] = []
        self._row_labels: list[str] | None = None

    # -- filling ------------------------------------------------------------------------
    def set_headers(self, header_keys: Sequence[str]) -> None:
        """New columns (a table of 10 criteria after one of 19): the rows are cleared."""
        self.beginResetModel()
        self.header_keys = tuple(header_keys)
        self._rows = []
        self.endResetModel()

    def set_rows(
        self, rows: Sequence[Sequence[Any]], *, reset: bool = False, row_labels: Sequence[str] | None = None
    ) -> None:
        """Replace every row; a value that is not a Cell becomes a plain one. ``row_labels``
        name the rows in the vertical header (else it numbers them from 1).

        As QTableWidget.setRowCount did, rows are added or removed at the end and the rest
        changed in place, so that a selection of rows still there stays; ``reset`` clears it."""
        new = [[value if isinstance(value, Cell) else Cell(value) for value in row] for row in rows]
        old_count = len(self._rows)
        self._row_labels = list(row_labels) if row_labels is not None else None
        if reset:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        if len(new) < old_count:
            self.beginRemoveRows(QModelIndex(), len(new), old_count - 1)
            self._rows = new
            self.endRemoveRows()
        elif len(new) > old_count:
            self.beginInsertRows(QModelIndex(), old_count, len(new) - 1)
            self._rows = new
            self.endInsertRows()
        else:
            self._rows = new
        kept = min(old_count, len(new))
        if kept and self.header_keys:
            self.dataChanged.emit(self.index(0, 0), self.index(kept - 1, len(self.header_keys) - 1))

    def cell(self, row: int, column: int) -> Cell:
        return self._rows[row][column]

    def user_value(self, row: int, column: int = 0) -> Any:
        return self._rows[row][column].user

    # -- Qt's side ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.header_keys)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled

    def headerData(  # noqa: N802 - Qt's signature
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.header_keys):
                key = self.header_keys[section]
                return str(key) if isinstance(key, Text) else t(key)
            if orientation == Qt.Orientation.Vertical and self._row_labels is not None:
                return self._row_labels[section] if 0 <= section < len(self._row_labels) else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() >= len(row):
            return None
        cell = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip
        if role == Qt.ItemDataRole.ForegroundRole and cell.foreground is not None:
            return _brush(cell.foreground)
        if role == Qt.ItemDataRole.BackgroundRole and cell.background is not None:
            return _brush(cell.background)
        if role == Qt.ItemDataRole.FontRole and cell.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.align_right:
            return int(RIGHT.value)
        if role == USER_ROLE:
            return cell.user
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's text in Vietnamese alphabetical order (stable); row labels
        move with their rows."""
        self.layoutAboutToBeChanged.emit()
        labels = self._row_labels if self._row_labels is not None else [None] * len(self._rows)
        pairs = sorted(
            zip(self._rows, labels, strict=True),
            key=lambda pair: text.sort_key(pair[0][column].text) if column < len(pair[0]) else (),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [row for row, _label in pairs]
        if self._row_labels is not None:
            self._row_labels = [str(label) for _row, label in pairs]
        self.layoutChanged.emit()


def table_view(
    model: TableModel,
    name: str,
    parent: QWidget | None = None,
    *,
    rows: bool = False,
    single: bool = False,
    row_numbers: bool = False,
) -> QTableView:
    """A read-only QTableView over ``model``: ``rows`` selects whole rows, ``single`` one at
    a time, ``row_numbers`` keeps the vertical header."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    model.setParent(view)
    view.verticalHeader().setVisible(row_numbers)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return view
