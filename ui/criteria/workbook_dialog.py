"""Tiêu chí → Nhập bộ tiêu chí từ Excel… / Xuất bộ tiêu chí ra Excel… (issue 17, CONTRACT §7).

Import: choose the appendix workbook, say the set's code, name, dates and source, see what was
read (criteria, indicators and thresholds as the appendix shows them, the cells kept as text a
person assesses, the differences from the set loaded with that code), then Nhập or Hủy. The
dialog reads through the core (:mod:`ntm_desktop.criteria.workbook`), which writes nothing
until Nhập; a refusal is shown in the dialog, naming the file, sheet and cell. Loading a set is
logged but not undone (a set is reloaded instead), so nothing goes on the undo stack.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import criteria, text
from ntm_desktop.criteria import workbook
from ntm_desktop.criteria.workbook.differences import shown
from ntm_desktop.criteria.workbook.labels import shown_column
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.table_model import Cell, TableModel, Text, table_view

QUALITATIVE = "#fff3c4"
ERROR = "#b00020"


def code_from_file(path: Path) -> str:
    """A set code from a file name: ``Phu luc QĐ 51.xlsx`` → ``PHU-LUC-QD-51``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text.fold(path.stem)).strip("-").upper()[:40] or "BO-TIEU-CHI"


class ImportSetDialog(QDialog):
    """The import's fields, its preview and Nhập / Hủy. After ``exec()`` returns Accepted,
    ``preview`` is what was loaded and ``changed`` whether the database changed."""

    def __init__(self, store: Store, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("cwbui.import_title"))
        self.store = store
        self.path = Path(path)
        self.preview: workbook.WorkbookPreview | None = None
        self.changed = False
        self.file = QLabel(str(self.path))
        self.file.setWordWrap(True)
        choose = QPushButton(t("cwbui.choose"))
        choose.clicked.connect(self._choose)
        self.code = QLineEdit(code_from_file(self.path))
        self.name = QLineEdit()
        self.from_date = QLineEdit()
        self.from_date.setToolTip(t("cwbui.date_tip"))
        self.to_date = QLineEdit()
        self.to_date.setToolTip(t("cwbui.to_tip"))
        self.to_date.setPlaceholderText(t("cwbui.to_tip"))
        self.source = QLineEdit()
        self.source.setPlaceholderText(t("cwbui.source_tip"))
        self._defaults()
        read_again = QPushButton(t("cwbui.preview"))
        read_again.clicked.connect(self.load)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(t("cwbui.file"), file_row)
        form.addRow(t("cwbui.code"), self.code)
        form.addRow(t("cwbui.name"), self.name)
        dates = QHBoxLayout()
        dates.addWidget(self.from_date)
        dates.addWidget(QLabel(t("cwbui.to")))
        dates.addWidget(self.to_date, 1)
        form.addRow(t("cwbui.from"), dates)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(read_again)
        form.addRow(t("cwbui.source"), source_row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("criteriaWorkbookSummary")
        self.model = TableModel([])
        self.table = table_view(self.model, "criteriaWorkbookTable", self)
        self.table.setWordWrap(True)
        # rows fit their wrapped content once the content column has its stretched width
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.qualitative_label = QLabel()
        self.qualitative = QListWidget()
        self.qualitative.setObjectName("criteriaWorkbookQualitative")
        self.qualitative.setWordWrap(True)
        self.differences_label = QLabel()
        self.differences_label.setWordWrap(True)
        self.differences = QListWidget()
        self.differences.setObjectName("criteriaWorkbookDifferences")
        self.differences.setWordWrap(True)
        lists = QWidget()
        lists_layout = QHBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((self.qualitative_label, self.qualitative), (self.differences_label, self.differences)):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(widget)
            lists_layout.addLayout(column, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(t("cwbui.import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(t("cwbui.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.resize(1300, 680)

    def _defaults(self) -> None:
        """The loaded set of that code gives the name and dates; otherwise the file's name."""
        code = text.clean(self.code.text())
        if code in criteria.codes(self.store):
            cs = criteria.get_set(self.store, code)
            self.name.setText(cs.name)
            self.from_date.setText(cs.from_date)
            self.to_date.setText(cs.to_date)
        else:
            self.name.setText(self.name.text() or self.path.stem)
            self.from_date.setText(self.from_date.text() or f"{date.today().year}-01-01")

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("cwbui.import_title"), str(self.path.parent),
                                              t("cwbui.filter"))
        if path:
            self.path = Path(path)
            self.file.setText(path)
            self.code.setText(code_from_file(self.path))
            self._defaults()
            self.load()

    def load(self) -> bool:
        """Read the workbook with the fields as they are; shows the preview or the refusal."""
        self.preview = None
        try:
            self.preview = workbook.preview_import(
                self.store, self.path, code=self.code.text(), name=self.name.text(),
                from_date=self.from_date.text(), to_date=self.to_date.text() or None,
                source=self.source.text() or None)
        except NtmError as error:
            self._show_error(error)
            return False
        self._show(self.preview)
        return True

    def _show_error(self, error: NtmError) -> None:
        self.summary.setText(f"{t('cwbui.error')}\n{error}")
        self.summary.setStyleSheet(f"color: {ERROR}")
        self.model.set_headers([])
        self.qualitative.clear()
        self.differences.clear()
        self.qualitative_label.setText("")
        self.differences_label.setText("")
        self.import_button.setEnabled(False)

    def _show(self, preview: workbook.WorkbookPreview) -> None:
        cs = preview.set
        self.summary.setStyleSheet("")
        self.summary.setText(preview.summary_lines()[0])
        columns = cs.column_keys()
        self.model.set_headers([Text(t("cwbui.col_tt")), Text(t("cwbui.col_criterion")), Text(t("cwbui.col_code")),
                                Text(t("cwbui.col_content")), *(Text(shown_column(c)[0]) for c in columns)])
        rows: list[list[Any]] = []
        group = None
        for crit in cs.criteria:
            if crit.group_code != group:
                group = crit.group_code
                rows.append([Cell(group, bold=True), Cell(crit.group_name, bold=True), "", "", *("" for _ in columns)])
            for index, ind in enumerate(crit.indicators):
                cells: list[Any] = [crit.number if index == 0 else "", crit.name if index == 0 else "", ind.code,
                                    Cell(ind.name, tooltip=ind.name)]
                for column in columns:
                    value = shown(cs, ind, column)
                    cell = preview.cells.get((ind.code, column))
                    person = any(th.qualitative for th in ind.thresholds if th.region == column)
                    tip = f"{preview.sheet}!{cell}" if cell else None
                    if person:
                        tip = f"{tip} — {t('cwbui.qualitative_tip')}" if tip else t("cwbui.qualitative_tip")
                    cells.append(Cell(value, tooltip=tip, background=QUALITATIVE if person else None))
                rows.append(cells)
        self.model.set_rows(rows, reset=True)
        self.table.clearSpans()
        for row, cells in enumerate(rows):
            if isinstance(cells[0], Cell) and cells[0].bold:  # a group row: its name across the row
                self.table.setSpan(row, 1, 1, 3 + len(columns))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((40, 140, 48)):
            self.table.setColumnWidth(column, width)
        for column, key in enumerate(columns, start=4):
            self.table.setColumnWidth(column, 112 if key == "*" else 84)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the content takes what is left
        self.table.resizeRowsToContents()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # again once laid out at its width
        self.qualitative.clear()
        self.qualitative.addItems([t("cwb.qualitative_line", **q).strip() for q in preview.qualitative])
        self.qualitative_label.setText(t("cwbui.qualitative", n=len(preview.qualitative)) if preview.qualitative
                                       else t("cwbui.no_qualitative"))
        self.differences.clear()
        self.differences.addItems([workbook.change_line(d).strip() for d in preview.differences])
        if not preview.replaces:
            self.differences_label.setText(t("cwbui.new_set", code=cs.code))
        elif preview.differences:
            self.differences_label.setText(t("cwbui.differences", code=cs.code, n=len(preview.differences)))
        else:
            self.differences_label.setText(t("cwbui.no_differences", code=cs.code))
        self.import_button.setEnabled(True)

    def accept(self) -> None:
        """Read again with the fields as they are now, then load: nothing is written unread."""
        if not self.load() or self.preview is None:
            return
        try:
            self.changed = workbook.apply(self.store, self.preview)
        except NtmError as error:
            self._show_error(error)
            return
        super().accept()


def import_set(window: Any, path: str | Path | None = None) -> ImportSetDialog | None:
    """The menu entry: choose a workbook, preview it, import it; the window then refreshes."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(window, t("cwbui.import_title"), "", t("cwbui.filter"))
        if not chosen:
            return None
        path = chosen
    dialog = ImportSetDialog(window.store, Path(path), window)
    dialog.finished.connect(lambda _code: _after_import(window, dialog))
    dialog.load()
    dialog.open()
    return dialog


def _after_import(window: Any, dialog: ImportSetDialog) -> None:
    if dialog.result() != QDialog.DialogCode.Accepted or dialog.preview is None:
        return
    cs = dialog.preview.set
    if dialog.changed:
        window.refresh()
        message = t("cwbui.imported", code=cs.code, criteria=len(cs.criteria),
                    indicators=dialog.preview.indicator_count)
    else:
        message = t("cwbui.unchanged", code=cs.code)
    QMessageBox.information(window, t("cwbui.import_title"), message)


def export_set(window: Any, code: str | None = None, path: str | Path | None = None) -> Path | None:
    """The menu entry: choose a loaded set and a file; write the appendix workbook."""
    store: Store = window.store
    if code is None:
        codes = criteria.codes(store)
        code, ok = QInputDialog.getItem(window, t("cwbui.export_title"), t("cwbui.choose_set"), codes,
                                        max(len(codes) - 1, 0), False)
        if not ok or not code:
            return None
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(window, t("cwbui.export_title"), f"{code}.xlsx", t("cwbui.filter"))
        if not chosen:
            return None
        path = chosen
    try:
        out = workbook.export_set(store, code, Path(path))
    except (NtmError, OSError) as error:
        QMessageBox.warning(window, t("cwbui.export_title"), str(error))
        return None
    window.statusBar().showMessage(t("cwbui.exported", code=code, path=out), 8000)
    return out
