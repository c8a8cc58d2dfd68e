"""Tiêu chí → Sửa, công bố bộ tiêu chí… (issue 17 part 2; docs/criteria-format.md "Versions").

Choose a set (its version and whether it is published are shown), edit its criteria and
indicators in a table: the name of a criterion or an indicator, an indicator's value type and
unit, and one threshold cell per column of the set, typed as text (``≥ 90%``, ``≤ 5,5%``,
``Đạt``) and read by the workbook's parser; a cell the parser cannot read as a comparison stays a
qualitative threshold, shown in italics. Every edit goes through the pure functions of
:mod:`ntm_desktop.criteria.editing`, which validate the document: a refusal is shown in the
dialog, naming the indicator, and the edit is not kept. Ctrl+Z undoes the last edit before
saving. «Lưu thành phiên bản mới» loads the document as a new version (a draft); «Công bố»
publishes the current version, which packages then carry to the offices.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import criteria
from ntm_desktop.criteria import editing, set_versions
from ntm_desktop.criteria.documents import TYPES, column_keys
from ntm_desktop.criteria.workbook.labels import shown_column
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store

ERROR = "#b00020"
GROUP_ROW = "#eef2f7"
FIXED = 4  # code, name, type, unit; the threshold columns follow


class SetEditorDialog(QDialog):
    """The set chooser, the criteria table, the sources and versions, Lưu / Công bố / Đóng."""

    def __init__(self, store: Store, code: str | None = None, parent: QWidget | None = None,
                 on_saved: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("ceui.title"))
        self.store = store
        self.on_saved = on_saved
        self.doc: dict[str, Any] = {}
        self.saved: dict[str, Any] = {}
        self.undo: list[dict[str, Any]] = []
        self.rows: list[tuple[str, Any]] = []  # ("crit", number) or ("ind", code), per table row
        self.columns: tuple[str, ...] = ()
        self._filling = False
        self._pending = False  # a render asked for from inside a cell's own signal
        self.chooser = QComboBox()
        self.chooser.setObjectName("criteriaEditorSet")
        self.state = QLabel()
        self.state.setObjectName("criteriaEditorState")
        top = QHBoxLayout()
        top.addWidget(QLabel(t("ceui.set")))
        top.addWidget(self.chooser, 1)
        top.addWidget(self.state, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("criteriaEditorMessage")
        self.table = QTableWidget()
        self.table.setObjectName("criteriaEditorTable")
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._edited)
        self.add_button = QPushButton(t("ceui.add"))
        self.remove_button = QPushButton(t("ceui.remove"))
        self.up_button = QPushButton(t("ceui.up"))
        self.down_button = QPushButton(t("ceui.down"))
        self.undo_button = QPushButton(t("ceui.undo"))
        self.add_button.clicked.connect(self._add_indicator)
        self.remove_button.clicked.connect(self._remove_indicator)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.undo_button.clicked.connect(self.undo_last)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_last)
        tools = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button, self.undo_button):
            tools.addWidget(button)
        tools.addStretch(1)
        self.sources = QListWidget()
        self.sources.setObjectName("criteriaEditorSources")
        self.sources.setWordWrap(True)
        add_source = QPushButton(t("ceui.add_source"))
        add_source.clicked.connect(self._add_source)
        self.versions = QListWidget()
        self.versions.setObjectName("criteriaEditorVersions")
        self.versions.setWordWrap(True)
        lists = QWidget()
        lists_layout = QHBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        source_head = QHBoxLayout()
        source_head.addWidget(QLabel(t("ceui.sources")), 1)
        source_head.addWidget(add_source)
        left.addLayout(source_head)
        left.addWidget(self.sources)
        right = QVBoxLayout()
        right.addWidget(QLabel(t("ceui.versions")))
        right.addWidget(self.versions)
        lists_layout.addLayout(left, 3)
        lists_layout.addLayout(right, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lists)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("ceui.note_tip"))
        self.save_button = QPushButton(t("ceui.save"))
        self.publish_button = QPushButton(t("ceui.publish"))
        close = QPushButton(t("ceui.close"))
        self.save_button.clicked.connect(self.save)
        self.publish_button.clicked.connect(self.publish)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(t("ceui.note")))
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.publish_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self._fill_chooser(code)
        self.chooser.currentIndexChanged.connect(lambda _i: self.choose(self.chooser.currentData()))
        self.choose(self.chooser.currentData())

    # -- the set --------------------------------------------------------------------------

    def _fill_chooser(self, code: str | None) -> None:
        states = set_versions.states(self.store)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for known in criteria.codes(self.store):
            number, published = states.get(known, (1, True))
            label = t("ceui.set_item", code=known, version=number,
                      state=t("ceui.published") if published else t("ceui.draft"))
            self.chooser.addItem(label, known)
        at = self.chooser.findData(code) if code else self.chooser.count() - 1
        self.chooser.setCurrentIndex(max(at, 0))
        self.chooser.blockSignals(False)

    def choose(self, code: str | None) -> None:
        """Show the set ``code`` as stored (edits not saved are dropped)."""
        if not code:
            return
        self.doc = editing.document(self.store, code)
        self.saved = self.doc
        self.undo = []
        self.columns = column_keys(self.doc.get("columns") or "region")
        self._show_state()
        self.render()
        self.message.setText("")

    def _show_state(self) -> None:
        code = self.doc["code"]
        found = criteria.versions(self.store, code)
        current = [v for v in found if v.current]
        if current:
            v = current[0]
            self.state.setText(t("ceui.state", version=v.version, state=t("ceui.published") if v.published
                                 else t("ceui.draft")))
        self.versions.clear()
        self.versions.addItems([v.line().strip() for v in reversed(found)])
        self._buttons()

    def _buttons(self) -> None:
        current = [v for v in criteria.versions(self.store, self.doc["code"]) if v.current]
        dirty = self.doc != self.saved
        self.save_button.setEnabled(dirty)
        self.publish_button.setEnabled(not dirty and bool(current) and not current[0].published)
        self.undo_button.setEnabled(bool(self.undo))

    # -- the table ------------------------------------------------------------------------

    def render(self) -> None:
        """Fill the table from the document being edited."""
        self._pending = False
        self._filling = True
        table = self.table
        table.clear()
        table.setColumnCount(FIXED + len(self.columns))
        # header items made here, not by setHorizontalHeaderLabels: an item Qt made and deletes at
        # the next clear() leaves any Python wrapper of it dangling, and a later item at the
        # same address then crashed shiboken (SIGSEGV in BindingManager::releaseWrapper)
        titles = [t("ceui.col_code"), t("ceui.col_name"), t("ceui.col_type"), t("ceui.col_unit"),
                  *(shown_column(c)[0] for c in self.columns)]
        for index, title in enumerate(titles):
            header_item = QTableWidgetItem(title)
            tooltip = shown_column(self.columns[index - FIXED])[1] if index >= FIXED else ""
            if tooltip:
                header_item.setToolTip(tooltip)
            table.setHorizontalHeaderItem(index, header_item)
        self.rows = []
        for crit in self.doc["criteria"]:
            self.rows.append(("crit", crit["number"]))
            for ind in crit["indicators"]:
                self.rows.append(("ind", ind["code"]))
        table.setRowCount(len(self.rows))
        by_code = {i["code"]: i for c in self.doc["criteria"] for i in c["indicators"]}
        names = {c["number"]: c["name"] for c in self.doc["criteria"]}
        for row, (kind, key) in enumerate(self.rows):
            if kind == "crit":
                if table.cellWidget(row, 2) is not None:  # the document's shape changed
                    table.removeCellWidget(row, 2)
                self._put(row, 0, str(key), editable=False, bold=True, background=GROUP_ROW)
                self._put(row, 1, names[key], bold=True, background=GROUP_ROW)
                for column in range(2, table.columnCount()):
                    self._put(row, column, "", editable=False, background=GROUP_ROW)
                continue
            ind = by_code[key]
            self._put(row, 0, key, editable=False)
            self._put(row, 1, ind["name"])
            self._type_box(row, key).setCurrentIndex(TYPES.index(ind["type"]))
            self._put(row, 3, ind.get("unit") or "")
            for offset, column in enumerate(self.columns):
                cell = editing.column_cell(self.doc, key, column)
                qualitative = any(th["region"] == column and th.get("op") is None and th.get("year_from") is None
                                  and th.get("year_to") is None for th in ind.get("thresholds") or [])
                bounded = any(th["region"] == column and (th.get("year_from") or th.get("year_to"))
                              for th in ind.get("thresholds") or [])
                item = self._put(row, FIXED + offset, cell, italic=qualitative)
                tips = [t("ceui.qualitative_tip")] if qualitative else []
                if bounded:
                    tips.append(t("ceui.bounded_tip"))
                item.setToolTip("\n".join(tips) or t("ceui.cell_tip"))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((46, 0, 96, 70)):
            if width:
                table.setColumnWidth(column, width)
        for offset, column in enumerate(self.columns):
            table.setColumnWidth(FIXED + offset, 92 if column == "*" else 78)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        self.sources.clear()
        self.sources.addItems([f"{s.get('id')} — {s.get('title')}" for s in self.doc.get("sources") or []])
        self._filling = False
        self._buttons()

    def _put(self, row: int, column: int, value: str, *, editable: bool = True, bold: bool = False,
             italic: bool = False, background: str | None = None) -> QTableWidgetItem:
        item = QTableWidgetItem(value)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if bold or italic:
            font = QFont(item.font())
            font.setBold(bold)
            font.setItalic(italic)
            item.setFont(font)
        if background:
            item.setBackground(QBrush(QColor(background)))
        self.table.setItem(row, column, item)
        return item

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        kind, key = self.rows[item.row()]
        typed = item.text()
        column = item.column()
        # the table is rebuilt after this signal returns: the item (and its editor) must outlive it
        if kind == "crit" and column == 1:
            self.apply(lambda doc: editing.rename_criterion(doc, key, typed), now=False)
        elif kind == "ind" and column == 1:
            self.apply(lambda doc: editing.set_indicator(doc, key, name=typed), now=False)
        elif kind == "ind" and column == 3:
            self.apply(lambda doc: editing.set_indicator(doc, key, unit=typed, clear_unit=not typed.strip()), now=False)
        elif kind == "ind" and column >= FIXED:
            self.apply(lambda doc: editing.set_threshold(doc, key, self.columns[column - FIXED], typed), now=False)

    def set_cell(self, code: str, column: str, typed: str) -> None:
        """Type ``typed`` into the threshold cell of indicator ``code`` and column ``column``."""
        row = self.rows.index(("ind", code))
        item = self.table.item(row, FIXED + self.columns.index(column))
        item.setText(typed)  # itemChanged applies it
        self.render()

    def _type_box(self, row: int, code: str) -> QComboBox:
        """The value-type list of an indicator's row, kept from one rendering to the next: a
        list replaced on every edit was deleted later by Qt, and that deletion crashed in
        shiboken's wrapper release now and then (SIGSEGV in BindingManager::releaseWrapper from
        a DeferredDelete, about 1 run in 4 of tests/ui/test_criteria_editor.py)."""
        combo = self.table.cellWidget(row, 2)
        if not isinstance(combo, QComboBox):
            combo = QComboBox()
            combo.addItems([t(f"ceui.type.{name}") for name in TYPES])
            combo.currentIndexChanged.connect(self._type_chosen)
            self.table.setCellWidget(row, 2, combo)
        combo.setProperty("indicator", code)
        return combo

    def _type_chosen(self, index: int) -> None:
        combo = self.sender()
        if isinstance(combo, QComboBox) and 0 <= index < len(TYPES):
            self._set_type(str(combo.property("indicator")), TYPES[index])

    def _set_type(self, code: str, value_type: str) -> None:
        if not self._filling:
            self.apply(lambda doc: editing.set_indicator(doc, code, value_type=value_type), now=False)

    def apply(self, change: Callable[[dict[str, Any]], dict[str, Any]], *, now: bool = True) -> bool:
        """Apply one edit to the document; a refusal is shown and the table shows the document again.
        ``now=False`` (from a cell's own signal) rebuilds the table once control is back in the loop."""
        try:
            edited = change(self.doc)
        except NtmError as error:
            self.message.setStyleSheet(f"color: {ERROR}")
            self.message.setText(t("ceui.refused", error=str(error)))
            self._show_document(now)
            return False
        if edited != self.doc:
            self.undo.append(self.doc)
            self.doc = edited
        self.message.setStyleSheet("")
        self.message.setText(t("ceui.unsaved") if self.doc != self.saved else "")
        self._show_document(now)
        return True

    def _show_document(self, now: bool) -> None:
        if now:
            self.render()
        elif not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._render_pending)  # dropped if the dialog is gone by then

    def _render_pending(self) -> None:
        if self._pending:
            self.render()

    def undo_last(self) -> None:
        if not self.undo:
            return
        self.doc = self.undo.pop()
        self.message.setStyleSheet("")
        self.message.setText(t("ceui.unsaved") if self.doc != self.saved else "")
        self.render()

    def _selected(self) -> tuple[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _add_indicator(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.message.setText(t("ceui.choose_row"))
            return
        number = chosen[1] if chosen[0] == "crit" else next(
            c["number"] for c in self.doc["criteria"] if any(i["code"] == chosen[1] for i in c["indicators"]))
        crit = next(c for c in self.doc["criteria"] if c["number"] == number)
        taken = {i["code"] for c in self.doc["criteria"] for i in c["indicators"]}
        default = next(f"{number}.{k}" for k in range(1, 100) if f"{number}.{k}" not in taken)
        code, ok = QInputDialog.getText(self, t("ceui.add"), t("ceui.new_code", number=number), text=default)
        if not ok:
            return
        name, ok = QInputDialog.getText(self, t("ceui.add"), t("ceui.new_name", code=code))
        if ok:
            self.apply(lambda doc: editing.add_indicator(doc, crit["number"], code, name, "bool"))

    def _remove_indicator(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen[0] != "ind":
            self.message.setText(t("ceui.choose_row"))
            return
        self.apply(lambda doc: editing.remove_indicator(doc, chosen[1]))

    def _move(self, offset: int) -> None:
        chosen = self._selected()
        if chosen is None or chosen[0] != "ind":
            self.message.setText(t("ceui.choose_row"))
            return
        if self.apply(lambda doc: editing.move_indicator(doc, chosen[1], offset)):
            self.table.setCurrentCell(self.rows.index(chosen), 1)

    def _add_source(self) -> None:
        title, ok = QInputDialog.getText(self, t("ceui.add_source"), t("ceui.source_title"))
        if ok and title.strip():
            self.apply(lambda doc: editing.add_source(doc, title)[0])

    # -- saving and publishing ----------------------------------------------------------------

    def save(self) -> int | None:
        """Load the edited document as a new version; returns its number (None: nothing to save)."""
        try:
            number = editing.save_edited(self.store, self.doc, source_note=self.note.text() or None)
        except NtmError as error:
            self.message.setStyleSheet(f"color: {ERROR}")
            self.message.setText(t("ceui.refused", error=str(error)))
            return None
        code = self.doc["code"]
        self._fill_chooser(code)
        self.choose(code)
        self.note.clear()
        if number is not None:
            self.message.setText(t("ceui.saved", code=code, version=number))
            if self.on_saved:
                self.on_saved()
        return number

    def publish(self) -> int | None:
        code = self.doc["code"]
        try:
            number = criteria.publish(self.store, code)
        except NtmError as error:
            self.message.setStyleSheet(f"color: {ERROR}")
            self.message.setText(str(error))
            return None
        self._fill_chooser(code)
        self.choose(code)
        self.message.setText(t("cv.published", code=code, version=number))
        return number

    def reject(self) -> None:
        if self.isVisible() and self.doc != self.saved and QMessageBox.question(
                self, t("ceui.title"), t("ceui.discard")) != QMessageBox.StandardButton.Yes:
            return
        super().reject()


def edit_sets(window: Any, code: str | None = None) -> SetEditorDialog:
    """The menu entry: the set editor over the window's database; the window refreshes after a save."""
    dialog = SetEditorDialog(window.store, code, window, on_saved=window.refresh)
    screen = window.screen().availableGeometry() if window.screen() else None
    dialog.resize(min(1320, screen.width() - 40) if screen else 1320, min(700, screen.height() - 60) if screen else 700)
    dialog.open()
    return dialog
