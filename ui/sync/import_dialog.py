"""Nhập gói dữ liệu: check the package and show what it would change (a dry run) per
commune, then import it in one transaction after a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.sync import merge
from ui.dialogs import local_time
from ui.table_model import Cell, TableModel, table_view
from ui.worker import Task

COLUMNS = ("district", "commune", "new", "updated", "deleted", "unchanged", "conflicts")


def _job(db_path: Path, path: Path, dry_run: bool) -> Any:
    def job(progress: Any, cancelled: Any) -> merge.ImportReport:
        store = open_database(db_path, create=False)
        try:
            return merge.import_package(store, path, dry_run=dry_run, progress=progress, cancelled=cancelled)
        finally:
            store.close()

    return job


def _scope_text(scope: dict[str, Any]) -> str:
    if scope.get("district"):
        return scope["district"].get("name", "")
    if scope.get("communes"):
        return ", ".join(c.get("name", "") for c in scope["communes"])
    return t("simp.scope_all")


def _cell(value: object, *, bold: bool = False, color: str | None = None) -> Cell:
    return Cell(str(value), bold=bold, background=color, align_right=isinstance(value, int))


class ImportDialog(QDialog):
    """Preview (dry run) → Nhập → result. ``report`` holds the result of the import."""

    conflicts_requested = Signal()  # "see the conflicts?" answered yes: whoever opened the dialog shows them

    def __init__(self, window: Any, path: Path) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.store
        self.path = Path(path)
        self.preview: merge.ImportReport | None = None
        self.report: merge.ImportReport | None = None
        self.error: str | None = None
        self.setWindowTitle(t("simp.title"))
        self.file = QLabel(t("simp.file", path=self.path))
        self.file.setWordWrap(True)
        self.origin = QLabel(t("simp.checking"))
        self.origin.setObjectName("importOrigin")
        self.origin.setWordWrap(True)
        self.made = QLabel()
        self.made.setStyleSheet("color: #555;")
        self.totals = QLabel()
        self.totals.setObjectName("importTotals")
        self.totals.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("importProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e; font-weight: bold; font-size: 11pt; padding: 8px;"
                                   " background: #fdecea; border: 1px solid #e0a9a3;")
        self.problem.hide()
        self.communes_model = TableModel([f"simp.col_{c}" for c in COLUMNS])
        self.communes = table_view(self.communes_model, "importCommunes")
        self.communes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.conflict_note = QLabel(t("simp.conflict_note"))
        self.conflict_note.setWordWrap(True)
        self.conflict_note.setStyleSheet("color: #8a5a00;")
        self.conflicts_model = TableModel(["simp.col_what", "simp.col_kept", "simp.col_other"])
        self.conflicts = table_view(self.conflicts_model, "importConflicts")
        self.conflicts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        conflict_box = QWidget()
        conflict_layout = QVBoxLayout(conflict_box)
        conflict_layout.setContentsMargins(0, 0, 0, 0)
        conflict_layout.addWidget(self.conflict_note)
        conflict_layout.addWidget(self.conflicts)
        self.conflict_box = conflict_box
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.communes)
        split.addWidget(conflict_box)
        split.setSizes([320, 160])
        self.split = split
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("simp.cancel"))
        self.run_button = self.buttons.addButton(t("simp.run"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setEnabled(False)
        self.buttons.accepted.connect(lambda: self.run_import())
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.file, self.origin, self.made, self.totals, self.problem):
            layout.addWidget(widget)
        layout.addWidget(split, 100)
        layout.addStretch(1)  # takes the room when a refused package hides the tables
        layout.addWidget(self.buttons)
        self.resize(860, 640)

    # -- the dry run ---------------------------------------------------------------------
    def _db(self) -> Path:
        assert self.store.path is not None
        return Path(self.store.path)

    def load(self) -> None:
        task = Task(self, t("simp.checking"), _job(self._db(), self.path, True))
        task.done.connect(self.show_preview)
        task.error.connect(self._refused)
        self._task = task
        task.start()

    def load_now(self) -> None:
        """The dry run on the caller's thread (tests, small packages)."""
        try:
            self.show_preview(merge.import_package(self.store, self.path, dry_run=True))
        except NtmError as error:
            self._refused(error)

    def _refused(self, error: object) -> None:
        self.error = str(error)
        self.origin.setText(t("simp.refused"))
        self.problem.setText(self.error)
        self.problem.show()
        self.split.hide()
        self.made.hide()
        self.totals.hide()
        self.run_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("simp.close"))
        self.resize(680, 240)
        if not isinstance(error, NtmError):
            raise error  # type: ignore[misc]

    def show_preview(self, report: merge.ImportReport) -> None:
        self.preview = report
        trust = t("simp.first_use") if report.trust == "first_use" else t("simp.known")
        self.origin.setText(t("simp.origin", name=report.origin["name"], fingerprint=report.origin["fingerprint"],
                              trust=trust))
        self.made.setText(t("simp.made", when=local_time(report.created_at), kind=t(f"kind.{report.kind}"),
                            scope=_scope_text(report.scope)))
        if report.already:
            self.totals.setText(report.message())
            self.run_button.setEnabled(False)
        else:
            self.totals.setText(t("simp.preview", **report.totals.as_json()))
            self.run_button.setEnabled(True)
        rows = report.commune_rows()
        cells = []
        for row in rows:
            line = []
            for key in COLUMNS:
                value = row[key]
                color = None
                if key == "conflicts" and value:
                    color = "#fde2c8"
                elif key in ("new", "updated") and value:
                    color = "#dcefdc"
                line.append(_cell(value, bold=bool(color), color=color))
            cells.append(line)
        self.communes_model.set_rows(cells)
        for column in range(2, len(COLUMNS)):
            self.communes.resizeColumnToContents(column)
        self.communes.resizeColumnToContents(0)
        self.conflicts_model.set_rows([
            (_cell(conflict["what"]), _cell(conflict["kept"].get("value", "")),
             _cell(conflict["other"].get("value", ""), color="#fff4e5"))
            for conflict in report.conflicts
        ])
        self.conflict_box.setVisible(bool(report.conflicts))

    # -- the import ----------------------------------------------------------------------
    def run_import(self, synchronous: bool = False) -> merge.ImportReport | None:
        self.run_button.setEnabled(False)
        if synchronous:
            try:
                self._done(merge.import_package(self.store, self.path))
            except NtmError as error:
                self._refused(error)
            return self.report
        task = Task(self, t("simp.importing"), _job(self._db(), self.path, False))
        task.done.connect(self._done)
        task.error.connect(self._refused)
        self._task = task
        task.start()
        return None

    def _done(self, report: merge.ImportReport) -> None:
        self.report = report
        self.window_.store.cache.clear()
        self.window_.refresh()
        message = report.message()
        self.window_.statusBar().showMessage(message, 15000)
        text = t("simp.result", message=message, backup=report.backup or "—")
        if report.totals.conflicts:
            answer = QMessageBox.question(self, t("simp.title"), f"{text}\n\n{t('simp.see_conflicts')}")
            self.accept()
            if answer == QMessageBox.StandardButton.Yes:
                self.conflicts_requested.emit()
            return
        QMessageBox.information(self, t("simp.title"), text)
        self.accept()
