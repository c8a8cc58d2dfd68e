"""File → Thiết lập: the report header and signature fields, stored per database."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import i18n
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.store.database import Store
from ui.undo import BatchCommand


class SettingsDialog(QDialog):
    """The report settings form; saving goes through ntm_desktop.reports.settings (undoable)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.batch: Any = None
        self.setWindowTitle(t("set.title"))
        current = report_settings.load(store)
        self.parent_body = QLineEdit(current.parent_body)
        self.issuer = self._lines(current.issuer, 2)
        self.place = QLineEdit(current.place)
        self.number = QLineEdit(current.number)
        self.number.setPlaceholderText(t("set.number_tip"))
        self.symbol = QLineEdit(current.symbol)
        self.signer = self._lines(current.signer, 3)
        self.signer_name = QLineEdit(current.signer_name)
        self.recipients = self._lines(current.recipients, 4)
        self.low_share = QDoubleSpinBox()
        self.low_share.setRange(0, 100)
        self.low_share.setDecimals(1)
        self.low_share.setSuffix(" %")
        self.low_share.setValue(current.low_share)
        self.low_share.setToolTip(t("set.low_share_tip"))
        self.extra = current.extra

        form = QFormLayout()
        for key, widget in (("set.parent_body", self.parent_body), ("set.issuer", self.issuer),
                            ("set.place", self.place), ("set.number", self.number), ("set.symbol", self.symbol),
                            ("set.signer", self.signer), ("set.signer_name", self.signer_name),
                            ("set.recipients", self.recipients), ("set.low_share", self.low_share)):
            form.addRow(t(key), widget)
        intro = QLabel(t("set.intro"))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 560)

    @staticmethod
    def _lines(lines: tuple[str, ...], rows: int) -> QPlainTextEdit:
        edit = QPlainTextEdit("\n".join(lines))
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * (rows + 1) + 10)
        return edit

    def value(self) -> report_settings.ReportSettings:
        return report_settings.ReportSettings(
            parent_body=self.parent_body.text(),
            issuer=tuple(self.issuer.toPlainText().splitlines()),
            place=self.place.text(),
            number=self.number.text(),
            symbol=self.symbol.text(),
            signer=tuple(self.signer.toPlainText().splitlines()),
            signer_name=self.signer_name.text(),
            recipients=tuple(self.recipients.toPlainText().splitlines()),
            low_share=self.low_share.value(),
            extra=self.extra,
        )

    def accept(self) -> None:
        try:
            self.batch = report_settings.save(self.store, self.value())
        except NtmError as error:
            QMessageBox.warning(self, t("set.title"), str(error))
            return
        super().accept()


def edit_settings(window: Any) -> SettingsDialog:
    """Open the settings dialog (window-modal, not blocking); a save can be undone."""
    dialog = SettingsDialog(window.store, window)

    def saved() -> None:
        if dialog.batch is None:
            return
        label = t("set.title")
        window.undo_stack.push(BatchCommand(window.store, dialog.batch, label, window.refresh))
        window.statusBar().showMessage(i18n.t("report.settings_saved"), 8000)

    dialog.accepted.connect(saved)
    dialog.open()
    return dialog
