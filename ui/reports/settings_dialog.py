"""File → Thiết lập: the report header and signature fields (stored per database, undoable),
the working office (the database's home province or district) and the user's name (kept per
installation: ntm_desktop/store/who.py); and the one-time question for that name."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import i18n, text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.reports import vn
from ntm_desktop.setup import prepare
from ntm_desktop.store import audit, who
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
        self.issuer_name = QLineEdit(current.issuer_name)
        self.issuer_name.setPlaceholderText(current.body_name())
        self.issuer_name.setToolTip(t("set.issuer_name_tip"))
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
        self.low_rule = QComboBox()
        for rule in report_settings.LOW_RULES:
            self.low_rule.addItem(t(f"set.low_rule.{rule}"), rule)
        self.low_rule.setCurrentIndex(max(0, self.low_rule.findData(current.low_rule)))
        self.low_margin = QDoubleSpinBox()
        self.low_margin.setRange(0, 100)
        self.low_margin.setDecimals(1)
        self.low_margin.setSuffix(t("set.margin_suffix"))
        self.low_margin.setValue(current.low_margin)
        self.low_margin.setToolTip(t("set.low_margin_tip"))
        self.low_rule.currentIndexChanged.connect(self._show_rule)
        self.extra = current.extra
        self.office = QComboBox()
        self.office.setToolTip(t("set.office_tip"))
        self._fill_offices()
        self.user_name = QLineEdit(who.stored_name() or "")
        self.user_name.setPlaceholderText(who.login_name())
        self.user_name.setToolTip(t("set.user_name_tip"))

        groups = []
        for title, rows in (
            ("set.group.document", (("set.parent_body", self.parent_body), ("set.issuer", self.issuer),
                                    ("set.issuer_name", self.issuer_name), ("set.place", self.place),
                                    ("set.number", self.number), ("set.symbol", self.symbol),
                                    ("set.signer", self.signer), ("set.signer_name", self.signer_name),
                                    ("set.recipients", self.recipients))),
            ("set.group.lagging", (("set.low_rule", self.low_rule), ("set.low_margin", self.low_margin),
                                   ("set.low_share", self.low_share))),
            ("set.group.user", (("set.office", self.office), ("set.user_name", self.user_name))),
        ):
            group = QGroupBox(t(title))
            form = QFormLayout(group)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for key, widget in rows:
                form.addRow(t(key), widget)
            groups.append(group)
        self.groups = groups
        self._show_rule()
        intro = QLabel(t("set.intro"))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(t("set.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("set.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for group in groups:
            layout.addWidget(group)
        layout.addWidget(buttons)
        self.resize(600, 680)
        self.parent_body.setFocus()

    def _fill_offices(self) -> None:
        """The provinces and the districts of the database that are in force (an ended district's
        People's Committee issues nothing now), the current office chosen."""
        chosen = report_settings.office_unit(self.store)  # an ended home district: the province in force
        self.office.addItem("", None)
        provinces = [u for u in units.all_of_level(self.store, "province") if u.valid_to is None]
        districts = [u for u in units.all_of_level(self.store, "district") if u.valid_to is None]
        for unit in [*provinces, *sorted(districts, key=lambda u: text.sort_key(u.name))]:
            label = vn_phrase(unit)
            self.office.addItem(label, unit.nkey)
        index = self.office.findData(chosen.nkey) if chosen else 0
        self.office.setCurrentIndex(max(0, index))
        self.office_before = self.office.currentData()

    def _show_rule(self) -> None:
        """The margin goes with the province's share, the threshold with a fixed share."""
        rule = self.low_rule.currentData()
        self.low_margin.setEnabled(rule == "province")
        self.low_share.setEnabled(rule == "share")

    @staticmethod
    def _lines(lines: tuple[str, ...], rows: int) -> QPlainTextEdit:
        edit = QPlainTextEdit("\n".join(lines))
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * (rows + 1) + 10)
        return edit

    def edited(self) -> set[str]:
        """The fields the user typed in: kept even when equal to the office's default."""
        lines = {"issuer": self.issuer, "signer": self.signer, "recipients": self.recipients}
        texts = {"parent_body": self.parent_body, "issuer_name": self.issuer_name, "place": self.place,
                 "number": self.number, "symbol": self.symbol, "signer_name": self.signer_name}
        return ({name for name, edit in lines.items() if edit.document().isModified()}
                | {name for name, line in texts.items() if line.isModified()})

    def value(self) -> report_settings.ReportSettings:
        return report_settings.ReportSettings(
            parent_body=self.parent_body.text(),
            issuer=tuple(self.issuer.toPlainText().splitlines()),
            issuer_name=self.issuer_name.text(),
            place=self.place.text(),
            number=self.number.text(),
            symbol=self.symbol.text(),
            signer=tuple(self.signer.toPlainText().splitlines()),
            signer_name=self.signer_name.text(),
            recipients=tuple(self.recipients.toPlainText().splitlines()),
            low_share=self.low_share.value(),
            low_rule=self.low_rule.currentData(),
            low_margin=self.low_margin.value(),
            extra=self.extra,
        )

    def accept(self) -> None:
        name = self.user_name.text()
        try:
            report_settings.clean(self.value())  # every field checked before anything is written
            if text.clean(name):
                who.clean_name(name)
            chosen = self.value()
            office = self.office.currentData()
            unit = units.by_nkey(self.store, office) if office and office != self.office_before else None
            batch = audit.new_batch("entered", "report settings")
            with self.store.transaction():  # office and settings: one transaction, one undoable batch
                if unit is not None:
                    before = report_settings.defaults(self.store)
                    prepare.change_office(self.store, unit.code or unit.name, batch)
                    chosen = report_settings.rebase(chosen, before, report_settings.defaults(self.store))
                report_settings.save(self.store, chosen, batch, explicit=self.edited())
            self.batch = batch if batch.count else None
            if text.clean(name) and text.clean(name) != who.stored_name():
                self.store.user = who.save_name(name)  # this session's changes carry it from now on
        except (NtmError, OSError) as error:
            QMessageBox.warning(self, t("set.title"), str(error))
            return
        super().accept()


def vn_phrase(unit: units.Unit) -> str:
    """``tỉnh Kon Tum``, ``huyện Đăk Hà``, ``thành phố Kon Tum`` for the office list."""
    return vn.unit_phrase(unit.kind, unit.name)


def ask_user_name(window: Any) -> QInputDialog | None:
    """The one-time question for the user's name (issue 20 part 8), window-modal and not blocking:
    None when a name is already kept on this installation or given by $NTM_USER_NAME (which is
    how tests and scripts skip it). The answer is kept for this installation and used as the
    change log's «who» from then on; an empty answer or Cancel asks again at the next start."""
    if who.stored_name():
        return None
    dialog = QInputDialog(window)
    dialog.setWindowTitle(t("who.title"))
    dialog.setLabelText(t("who.ask"))
    dialog.setTextValue("")
    dialog.setOkButtonText(t("set.save"))
    dialog.setCancelButtonText(t("set.cancel"))

    def answered(name: str) -> None:
        if not text.clean(name):
            return
        try:
            chosen = who.save_name(name)
        except (NtmError, OSError) as error:
            QMessageBox.warning(window, t("who.title"), str(error))
            return
        store = getattr(window, "store", None)
        if store is not None:
            store.user = chosen

    dialog.textValueSelected.connect(answered)
    dialog.open()
    return dialog


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
