"""The overview grid's table model: one row per commune shown, a column per criterion.

Nothing is built per cell: ``data`` answers from the core's rows (a status letter per
criterion) for the cells Qt paints, colours by role. Sorting and filtering are the core's
(:mod:`ntm_desktop.overview.views`); the model only holds the rows shown. The totals row
("57/85") is a second one-row model over the same columns (:class:`TotalsModel`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ntm_desktop import overview, values
from ntm_desktop.i18n import language, t
from ntm_desktop.overview import Grid, Row

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the commune's unit id
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # the criterion number of a criterion column (None elsewhere)
FIXED = ("commune", "district", "met", "band")  # the columns before the criteria
FIRST = len(FIXED)
CENTRE = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# the scorecard's colours (ui/scorecard/model.py) and the exports' (ntm_desktop/overview/export.py)
BRUSHES = {overview.MET: QBrush(QColor("#d7f0d2")), overview.NOT_MET: QBrush(QColor("#f8d7d3")),
           overview.NO_DATA: QBrush(QColor("#eeeeee"))}
DIFFERS = QBrush(QColor("#fde7b0"))
FULL = QBrush(QColor("#b9e4b0"))
EMPTY_TEXT = QBrush(QColor("#777777"))  # "chưa nhập": a commune with nothing entered


def figure(value: float, decimals: int = 1) -> str:
    """A figure as the current language writes it: ``12,9`` in Vietnamese (the reports' helper), ``12.9``."""
    return values.format_number(value, decimals) if language() == "vi" else f"{value:,.{decimals}f}"


class GridModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.grid: Grid | None = None
        self.rows: list[Row] = []
        self.sort_key: str | int = "district"
        self.descending = False
        self._marks: dict[str, str] = {}
        self._tips: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def show(self, grid: Grid | None, rows: list[Row]) -> None:
        """Show ``rows`` of ``grid`` (already filtered), sorted by the current key."""
        self.beginResetModel()
        self.grid = grid
        self._marks = {overview.MET: t("ov.mark.met"), overview.NOT_MET: t("ov.mark.not_met"), overview.NO_DATA: ""}
        self._tips = {overview.MET: t("ov.cell.met"), overview.NOT_MET: t("ov.cell.not_met"),
                      overview.NO_DATA: t("ov.cell.no_data")}
        if grid is not None and isinstance(self.sort_key, int) and self.sort_key not in grid.numbers:
            self.sort_key, self.descending = "district", False  # a criterion the new set lacks
        self.rows = overview.sort_rows(grid, rows, self.sort_key, self.descending) if grid is not None else []
        self.endResetModel()

    def key_of(self, column: int) -> str | int:
        if column < FIRST:
            return {"commune": "commune", "district": "district", "met": "met", "band": "met"}[FIXED[column]]
        assert self.grid is not None
        return self.grid.numbers[column - FIRST]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.grid is None or column < 0:
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_key = self.key_of(column)
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.rows = overview.sort_rows(self.grid, self.rows, self.sort_key, self.descending)
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.grid is None:
            return 0
        return FIRST + len(self.grid.criteria)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's signature
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.grid is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIRST:
                return t(f"ov.col.{FIXED[section]}")
            return str(self.grid.criteria[section - FIRST].number)
        if role == Qt.ItemDataRole.ToolTipRole and section >= FIRST:
            head = self.grid.criteria[section - FIRST]
            name = head.name_en if language() == "en" and head.name_en else head.name
            return f"{head.number}. {name}"
        return None

    def criterion_of(self, column: int) -> int | None:
        if self.grid is None or column < FIRST:
            return None
        return self.grid.numbers[column - FIRST]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.id
        if column >= FIRST:
            letter = row.statuses[column - FIRST]
            number = self.grid.criteria[column - FIRST].number
            if role == Qt.ItemDataRole.DisplayRole:
                return self._marks[letter]
            if role == Qt.ItemDataRole.BackgroundRole:
                return DIFFERS if number in row.differs else BRUSHES[letter]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return CENTRE
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = f"{row.name} · TC {number}: {self._tips[letter]}"
                return tip + ("\n" + t("ov.cell.differs") if number in row.differs else "")
            if role == NUMBER_ROLE:
                return number
            return None
        name = FIXED[column]
        empty = set(row.statuses) <= {overview.NO_DATA}  # nothing entered: not a commune meeting 0
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "commune":
                return row.name
            if name == "district":
                return row.district or ""
            if name == "met":
                return t("ov.not_entered") if empty else row.met
            return "" if empty else row.band or ""
        if role == Qt.ItemDataRole.ForegroundRole and name == "met" and empty:
            return EMPTY_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole and name in ("met", "band"):
            return CENTRE
        if role == Qt.ItemDataRole.BackgroundRole and name == "met" and row.met == self.grid.shape.count:
            return FULL
        if role == Qt.ItemDataRole.FontRole and name == "met":
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and name in ("met", "band"):
            if empty:
                return t("ov.cell.no_data")
            band = self.grid.shape.band_of(row.met)
            return band.text() if band else None
        return None


class TotalsModel(QAbstractTableModel):
    """One row under the grid: per criterion the communes shown meeting it, "57/85"."""

    def __init__(self) -> None:
        super().__init__()
        self.grid: Grid | None = None
        self.counts: dict[int, int] = {}
        self.shown = 0
        self.targets: dict[int, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        # the totals of the criteria ("58/85" on two lines) a point smaller: the 19 narrow columns
        # then fit beside the charts at 1366×768
        self.number_font = QFont(self._bold)
        self.number_font.setPointSizeF(max(self._bold.pointSizeF() - 1, 6))

    def show(self, grid: Grid | None, rows: list[Row], targets: dict[int, int] | None = None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.counts = overview.totals(grid, rows) if grid is not None else {}
        self.shown = len(rows)
        self.targets = targets or {}
        self.endResetModel()

    def text(self, number: int) -> str:
        """``57/85``."""
        return overview.total_text(self.counts[number], self.shown)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.grid is None else 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.grid is None:
            return 0
        return FIRST + len(self.grid.criteria)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column < FIRST else self.number_font
        if column < FIRST:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return t("ov.total")
            return None
        number = self.grid.numbers[column - FIRST]
        if role == Qt.ItemDataRole.DisplayRole:  # "57/85" on two lines: the columns are narrow
            return self.text(number).replace("/", "\n/", 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = t("ov.total_tip", n=number, met=self.counts[number], communes=self.shown)
            if number in self.targets:
                tip += "\n" + t("ov.target_tip", target=self.targets[number])
            return tip
        if role == Qt.ItemDataRole.BackgroundRole and number in self.targets:
            return BRUSHES[overview.MET] if self.counts[number] >= self.targets[number] else DIFFERS
        return None
