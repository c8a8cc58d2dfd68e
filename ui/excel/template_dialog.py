"""File → Nhập phiếu thu thập: preview a filled commune template, then import it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop.errors import NtmError
from ntm_desktop.excel import templates
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ui.table_model import TableModel, table_view


class TemplateImportDialog(QDialog):
    def __init__(self, store: Store, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("tplw.title"))
        self.store = store
        self.path = Path(path)
        self.preview: templates.TemplatePreview | None = None
        self.batch: audit.Batch | None = None
        self.info = QLabel()
        self.info.setWordWrap(True)
        columns = ("commune", "values", "new", "updated", "unchanged")
        self.model = TableModel([f"tplw.col_{c}" for c in columns])
        self.table = table_view(self.model, "templateSheets", row_numbers=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.errors = QListWidget()
        self.errors.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton(t("imp.run"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("imp.file", path=self.path)))
        layout.addWidget(self.info)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 480)
        self.load()

    def load(self) -> None:
        try:
            preview = templates.read_template(self.store, self.path)
        except NtmError as error:
            self.info.setText(str(error))
            self.run_button.setEnabled(False)
            return
        self.preview = preview
        self.info.setText(
            t("tplw.identity", period=preview.period.label(), set=preview.set_code, n=len(preview.sheets))
        )
        self.model.set_rows([
            (sheet.commune.name, len(sheet.entries), sheet.new, sheet.updated, sheet.unchanged)
            for sheet in preview.sheets
        ])
        self.table.resizeColumnsToContents()
        if preview.errors:
            self.errors.addItem(t("tplw.errors"))
            for error in preview.errors:
                self.errors.addItem("  ✗ " + error)
        self.errors.setVisible(bool(preview.errors))
        self.run_button.setEnabled(not preview.errors)

    def run_import(self) -> None:
        assert self.preview is not None
        try:
            self.batch = templates.apply_template(self.store, self.preview)
        except NtmError as error:
            QMessageBox.warning(self, t("tplw.title"), str(error))
            return
        self.message = t("tplw.done", n=self.batch.count)
        self.accept()
