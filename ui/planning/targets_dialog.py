"""Kế hoạch → Mục tiêu theo Nghị quyết… (issue 18 part 1): a grid of the criteria of a set by the
years of a period, each cell how many communes of the scope (the province or a district) should
meet the criterion by that year ("mục tiêu 35 xã"). Cells are typed or pasted from Excel
(Ctrl+V from the current cell; Delete clears), and Lưu writes the changes through
:mod:`ntm_desktop.targets`, which checks everything before it writes: a refusal is shown in the
dialog and changes nothing. Each save is one step on the window's undo stack.

:class:`PasteGrid` is the editable grid with Excel's paste, also used by the funding dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import criteria, summary, text, units
from ntm_desktop import targets as plans
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.undo import wire_to_undo


class PasteGrid(QTableView):
    """An editable grid (a QStandardItemModel) that takes a block pasted from Excel (tab-separated
    lines) at the current cell, and clears the selected cells with Delete. Read-only cells
    (items not editable) are left as they are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QStandardItemModel(self)
        self.setModel(self.grid)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)

    def value(self, row: int, column: int) -> str:
        item = self.grid.item(row, column)
        return item.text() if item is not None else ""

    def set_value(self, row: int, column: int, value: str, editable: bool = True) -> None:
        item = QStandardItem(value)
        item.setEditable(editable)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not editable:  # a computed cell (a total): bold, grey
            item.setForeground(Qt.GlobalColor.darkGray)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.grid.setItem(row, column, item)

    def _editable(self, row: int, column: int) -> bool:
        item = self.grid.item(row, column)
        return item is None or item.isEditable()

    def paste(self, clipboard: str) -> int:
        """Put a tab-separated block at the current cell (Excel's copy); returns the cells set."""
        start = self.currentIndex()
        top, left = (start.row(), start.column()) if start.isValid() else (0, 0)
        lines = clipboard.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        count = 0
        for i, line in enumerate(lines):
            for j, value in enumerate(line.split("\t")):
                row, column = top + i, left + j
                if row < self.grid.rowCount() and column < self.grid.columnCount() and self._editable(row, column):
                    self.set_value(row, column, text.clean(value))
                    count += 1
        return count

    def clear_selected(self) -> None:
        for index in self.selectedIndexes():
            if self._editable(index.row(), index.column()):
                self.set_value(index.row(), index.column(), "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selected()
            return
        super().keyPressEvent(event)


def _districts(store: Store, year: int) -> list[tuple[str, int]]:
    rows = store.query("SELECT id, name FROM units WHERE level = 'district' AND (valid_from IS NULL OR valid_from <= ?)"
                       " AND (valid_to IS NULL OR valid_to >= ?)", [f"{year}-12-31", f"{year}-01-01"])
    return sorted(((r["name"], r["id"]) for r in rows), key=lambda p: text.sort_key(p[0]))


class TargetsDialog(QDialog):
    """The targets of a scope for the years of one criteria set; ``save`` hands its batch to
    ``pushed(batch, label)`` (the window's undo stack)."""

    def __init__(self, store: Store, parent: QWidget | None = None, pushed: Any = None,
                 year: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.pushed = pushed
        self.setWindowTitle(t("tgd.title"))
        year = year or summary.latest_year(store) or dt.date.today().year
        cs = criteria.get_set(store, criteria.set_for_year(store, year))
        self.scope = QComboBox()
        self.first = QSpinBox()
        self.last = QSpinBox()
        for spin in (self.first, self.last):
            spin.setRange(2000, 2100)
        self.first.setValue(cs.valid_from)
        self.last.setValue(cs.valid_to)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(t("tgd.decision_tip"))
        self.table = PasteGrid()
        self.table.setObjectName("targetsGrid")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("targetsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.saved_note = QLabel()
        self.saved_note.setStyleSheet("color: #1d5c2e;")
        self.save_button = QPushButton(t("tgd.save"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        close = QPushButton(t("tgd.close"))
        close.setAutoDefault(False)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(t("tgd.scope")))
        controls.addWidget(self.scope, 1)
        controls.addWidget(QLabel(t("tgd.years")))
        controls.addWidget(self.first)
        controls.addWidget(QLabel(t("tgd.to")))
        controls.addWidget(self.last)
        controls.addWidget(QLabel(t("tgd.decision")))
        controls.addWidget(self.decision, 1)
        layout = QVBoxLayout(self)
        heading = QLabel(t("tgd.heading"))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(t("tgd.paste_tip")))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_note)
        layout.addWidget(buttons)
        self._fill_scopes()
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.first.valueChanged.connect(lambda _v: self._years_changed())
        self.last.valueChanged.connect(lambda _v: self.reload())
        self.reload()
        self.resize(1000, 640)

    # -- the grid --------------------------------------------------------------------
    def _fill_scopes(self) -> None:
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(t("tgd.province"), None)
        for name, unit_id in _districts(self.store, self.first.value()):
            self.scope.addItem(name, unit_id)
        index = self.scope.findData(chosen)
        self.scope.setCurrentIndex(max(index, 0))
        self.scope.blockSignals(False)

    def _years_changed(self) -> None:
        if self.last.value() < self.first.value():
            self.last.blockSignals(True)
            self.last.setValue(self.first.value())
            self.last.blockSignals(False)
        self._fill_scopes()
        self.reload()

    def reload(self) -> None:
        """The criteria of the first year's set by the years of the range that use it, with the
        targets held."""
        self.error.hide()
        code = criteria.set_for_year(self.store, self.first.value())
        cs = criteria.get_set(self.store, code)
        self.numbers = [c.number for c in cs.criteria]
        self.years = []
        skipped = []
        for year in range(self.first.value(), min(self.last.value(), self.first.value() + 15) + 1):
            other = criteria.set_for_year(self.store, year)
            (self.years if other == code else skipped).append((year, other))
        self.years = [y for y, _c in self.years]
        self.note.setText(" ".join(t("tgd.other_set", year=y, set=c) for y, c in skipped[:1]))
        scope_id = self.scope.currentData()
        self.held: dict[tuple[int, int], int] = {}
        decisions = set()
        for year in self.years:
            for number, state in plans.counts(self.store, year, scope_id).items():
                self.held[(number, year)] = int(state["communes"])
                if state["decision"]:
                    decisions.add(state["decision"])
        if len(decisions) == 1 and not self.decision.text():
            self.decision.setText(decisions.pop())
        grid = self.table.grid
        grid.clear()
        grid.setRowCount(len(self.numbers))
        grid.setColumnCount(len(self.years))
        grid.setHorizontalHeaderLabels([t("tgd.year_col", year=y, n=plans.communes_count(self.store, y, scope_id))
                                        for y in self.years])
        grid.setVerticalHeaderLabels([f"{c.number}. {c.name}" for c in cs.criteria])
        for r, number in enumerate(self.numbers):
            for c, year in enumerate(self.years):
                held = self.held.get((number, year))
                self.table.set_value(r, c, "" if held is None else str(held))

    def shown(self) -> list[list[str]]:
        """The grid as text (tests), a row per criterion."""
        return [[self.table.value(r, c) for c in range(len(self.years))] for r in range(len(self.numbers))]

    # -- saving ------------------------------------------------------------------------
    def changes(self) -> list[plans.Count]:
        """The cells that differ from the targets held, as the core's counts (None: removed)."""
        scope_id = self.scope.currentData()
        scope = units.get(self.store, scope_id) if scope_id is not None else None
        out = []
        decision = text.clean(self.decision.text()) or None
        for r, number in enumerate(self.numbers):
            for c, year in enumerate(self.years):
                raw = text.clean(self.table.value(r, c))
                value: int | None = None
                if raw:
                    if not raw.isdigit():
                        raise _Refused(t("tgd.bad_cell", criterion=number, year=year, value=raw))
                    value = int(raw)
                if value != self.held.get((number, year)):
                    out.append(plans.Count(year, number, value, scope, decision))
        return out

    def save(self) -> bool:
        try:
            done = plans.set_counts(self.store, self.changes(), label=t("tgd.undo"))
        except NtmError as error:
            self.saved_note.clear()
            self.error.setText(str(error))
            self.error.show()
            return False
        self.error.hide()
        if done.batch is None:
            self.saved_note.setText(t("tgd.nothing"))
            return True
        self.saved_note.setText(t("tgd.saved", n=done.written))
        if self.pushed is not None:
            self.pushed(done.batch, t("tgd.undo"))
        self.reload()
        return True


class _Refused(NtmError):
    """A cell the dialog itself refuses (not a number): shown like the core's refusals."""

    def __init__(self, message: str) -> None:
        super().__init__("tgd.bad_cell")
        self._text = message

    @property
    def message(self) -> str:
        return self._text


def targets(window: Any) -> TargetsDialog:
    """Kế hoạch → Mục tiêu theo Nghị quyết…: the dialog; each save goes on the window's undo stack,
    and undo and redo reload the dialog while it is open."""
    dialog = TargetsDialog(window.store, window)
    wire_to_undo(window, dialog)
    dialog.open()
    return dialog
