"""Dialogs of the Kết nghĩa tab: new twinning, reassignment, end, agency.

Each dialog does its write through the core when the user confirms; a refused input is
shown in the dialog (red), which stays open, and nothing is written. After a write the
dialog holds ``result`` (or ``batch``) for the view to push on the undo stack.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import text, units
from ntm_desktop import twinning as tw
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ui.date_field import DATE_FORMAT, DateField
from ui.dialogs import focus_first_field
from ui.twinning.completer import FoldingCompleter

__all__ = ["DATE_FORMAT", "AgencyDialog", "AssignDialog", "DateField", "EndDialog", "OptionalDate", "ReassignDialog"]


class OptionalDate(QWidget):
    """A check box enabling a date field (for dates that may be missing)."""

    def __init__(self, label: str, day: date | None = None) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.field = DateField(day)
        self.field.setEnabled(False)
        self.check.toggled.connect(self.field.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.field, 1)

    def day(self) -> date | None:
        return self.field.day() if self.check.isChecked() else None

    def set_day(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.field.set_day(day)


class DecisionFields:
    """Number, date and signer of a decision, added to a form."""

    def __init__(self, form: QFormLayout) -> None:
        self.number = QLineEdit()
        self.number.setPlaceholderText("123/QĐ-UBND")
        self.on = OptionalDate("", None)
        self.signer = QLineEdit()
        form.addRow(t("twui.decision"), self.number)
        form.addRow(t("twui.decision_date"), self.on)
        form.addRow(t("twui.signer"), self.signer)

    def decision(self) -> tw.Decision | None:
        return tw.Decision.of(self.number.text(), self.on.day(), self.signer.text())


class PlacePicker:
    """District and commune combos (communes follow the district) and a village box."""

    def __init__(self, store: Store, form: QFormLayout, district_nkey: str | None = None,
                 with_village: bool = True) -> None:
        self.store = store
        self.district = QComboBox()
        self.commune = QComboBox()
        for district in units.all_of_level(store, "district"):
            self.district.addItem(district.name, district.id)
        index = max(0, self.district.findData(self._id_of(district_nkey)))
        self.district.setCurrentIndex(index)
        self.district.currentIndexChanged.connect(self._fill_communes)
        self._fill_communes()
        form.addRow(t("twui.district"), self.district)
        form.addRow(t("twui.commune"), self.commune)
        self.village = QLineEdit()
        self.village.setPlaceholderText(t("twui.village_hint"))
        if with_village:
            form.addRow(t("twui.village"), self.village)

    def _id_of(self, nkey: str | None) -> int | None:
        unit = units.by_nkey(self.store, nkey) if nkey else None
        return unit.id if unit else None

    def _fill_communes(self) -> None:
        self.commune.clear()
        district_id = self.district.currentData()
        if district_id is None:
            return
        for commune in units.children(self.store, district_id, "commune"):
            label = f"{commune.name}  ·ĐBKK" if commune.dbkk else commune.name
            self.commune.addItem(label, commune.id)

    def select(self, district_id: int | None, commune_id: int | None) -> None:
        if district_id is not None:
            self.district.setCurrentIndex(max(0, self.district.findData(district_id)))
        if commune_id is not None:
            self.commune.setCurrentIndex(max(0, self.commune.findData(commune_id)))

    def commune_unit(self) -> units.Unit | None:
        unit_id = self.commune.currentData()
        return units.get(self.store, unit_id) if unit_id is not None else None


class _WriteDialog(QDialog):
    """A form with an error line and Save/Cancel; Save calls ``write`` (a core call)."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = QLabel("")
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(t("twui.save"), QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        self.buttons.addButton(t("twui.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self.result_: tw.Result | None = None
        self.batch: audit.Batch | None = None
        self.last_error: NtmError | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        focus_first_field(self)  # the first field, not Save

    def write(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.write()
        except NtmError as error:
            self.last_error = error
            self.error.setText(str(error))
            self.error.show()
            self.refused(error)
            return
        super().accept()

    def refused(self, error: NtmError) -> None:
        """Called after a refused write (the dialog stays open)."""


class AssignDialog(_WriteDialog):
    """A new twinning: agency (existing or new), commune or village, from date, decision."""

    def __init__(self, store: Store, parent: QWidget | None = None, district_nkey: str | None = None,
                 on: date | None = None) -> None:
        super().__init__(t("twui.new_title"), parent)
        self.store = store
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for agency in tw.list_agencies(store):
            suffix = f" ({agency.owner})" if agency.level == "district" else ""
            self.agency.addItem(f"{agency.name}{suffix}", agency.uuid)
        self.agency.setCurrentIndex(-1)
        self.agency.lineEdit().setPlaceholderText(t("twui.agency_hint"))
        # completes as one types, ignoring case and accents ("so tai" offers «Sở Tài chính»)
        self.agency.setCompleter(FoldingCompleter([self.agency.itemText(i) for i in range(self.agency.count())],
                                                  self))
        self.level = QComboBox()
        for level in tw.AGENCY_LEVELS:
            self.level.addItem(t(f"twin.level.{level}"), level)
        self.kind = QComboBox()
        self.kind.addItem(t("twui.kind_auto"), None)
        for kind in tw.AGENCY_KINDS:
            self.kind.addItem(kind.label(), kind.code)
        self.form.addRow(t("twui.agency"), self.agency)
        new_row = QHBoxLayout()
        new_row.addWidget(QLabel(t("twui.level")))
        new_row.addWidget(self.level)
        new_row.addWidget(QLabel(t("twui.kind")))
        new_row.addWidget(self.kind, 1)
        self.new_label = QLabel(t("twui.new_agency"))
        self.form.addRow(self.new_label, new_row)
        self.place = PlacePicker(store, self.form, district_nkey)
        self.start = DateField(on)
        self.form.addRow(t("twui.from"), self.start)
        self.end = OptionalDate("", None)
        self.form.addRow(t("twui.to"), self.end)
        self.decision = DecisionFields(self.form)
        self.note = QLineEdit()
        self.form.addRow(t("twui.note"), self.note)
        self.agency.currentTextChanged.connect(self._agency_changed)
        self.place.village.textChanged.connect(self._agency_changed)
        self._agency_changed()
        self.resize(560, 0)

    def agency_name(self) -> str:
        """The typed name, without the ``(district)`` shown after a district agency."""
        index = self.agency.findText(self.agency.currentText())
        if index >= 0 and self.agency.itemData(index):
            return tw.get_agency(self.store, self.agency.itemData(index)).name
        return text.clean(self.agency.currentText())

    def _existing(self) -> tw.Agency | None:
        index = self.agency.findText(self.agency.currentText())
        if index >= 0 and self.agency.itemData(index):
            return tw.get_agency(self.store, self.agency.itemData(index))
        name = text.clean(self.agency.currentText())
        if not name:
            return None
        try:
            return tw.resolve_agency(self.store, name, unit=self.place.commune_unit())
        except NtmError:
            return None

    def _agency_changed(self) -> None:
        existing = self._existing()
        is_new = existing is None and bool(text.clean(self.agency.currentText()))
        for widget in (self.new_label, self.level, self.kind):
            widget.setEnabled(is_new)
        if is_new:
            village = bool(text.clean(self.place.village.text()))
            self.level.setCurrentIndex(self.level.findData("district" if village else "province"))

    def write(self) -> None:
        commune = self.place.commune_unit()
        if commune is None:
            return
        existing = self._existing()
        self.result_ = tw.assign_by_name(
            self.store, existing.name if existing else self.agency_name(), commune, self.start.day(),
            village=self.place.village.text() or None,
            level=existing.level if existing else self.level.currentData(),
            kind=None if existing else self.kind.currentData(),
            end=self.end.day(),
            decision=self.decision.decision(), note=self.note.text(),
        )


class ReassignDialog(_WriteDialog):
    """Move the agency of one twinning to another commune (village), by one decision."""

    def __init__(self, store: Store, assignment: tw.Assignment, parent: QWidget | None = None,
                 on: date | None = None) -> None:
        super().__init__(t("twui.reassign_title"), parent)
        self.store = store
        self.assignment = assignment
        current = QLabel(f"<b>{assignment.agency}</b> – {assignment.place}"
                         f" ({t('twui.from').lower()} {tw.show_date(assignment.start)})")
        current.setWordWrap(True)
        self.form.addRow(t("twui.current"), current)
        self.form.addRow(QLabel(f"<b>{t('twui.move_to')}</b>"))
        self.place = PlacePicker(store, self.form, None)
        self.place.select(assignment.district_id, None)  # most moves stay within the district
        self.on = DateField(on)
        self.form.addRow(t("twui.on"), self.on)
        self.decision = DecisionFields(self.form)
        self.note = QLineEdit()
        self.form.addRow(t("twui.note"), self.note)
        hint = QLabel(t("twui.reassign_note"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.layout_.insertWidget(0, hint)
        self.resize(560, 0)

    def write(self) -> None:
        commune = self.place.commune_unit()
        if commune is None:
            return
        village = text.clean(self.place.village.text())
        target = tw.resolve_village(self.store, commune, village) if village else commune
        self.result_ = tw.reassign(self.store, self.assignment, target, self.on.day(),
                                   decision=self.decision.decision(), note=self.note.text())


class EndDialog(_WriteDialog):
    """End one twinning on a day, by a decision."""

    def __init__(self, store: Store, assignment: tw.Assignment, parent: QWidget | None = None,
                 on: date | None = None) -> None:
        super().__init__(t("twui.end_title"), parent)
        self.store = store
        self.assignment = assignment
        current = QLabel(f"<b>{assignment.agency}</b> – {assignment.place}"
                         f" ({t('twui.from').lower()} {tw.show_date(assignment.start)})")
        current.setWordWrap(True)
        self.form.addRow(t("twui.current"), current)
        self.on = DateField(on)
        self.form.addRow(t("twui.end_on"), self.on)
        self.decision = DecisionFields(self.form)
        hint = QLabel(t("twui.end_note"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.layout_.insertWidget(0, hint)
        self.resize(520, 0)

    def write(self) -> None:
        self.result_ = tw.end_assignment(self.store, self.assignment, self.on.day(),
                                         decision=self.decision.decision())


class AgencyDialog(_WriteDialog):
    """Add an agency, or edit one (name, kind, contact person, phone, note)."""

    def __init__(self, store: Store, agency: tw.Agency | None = None, parent: QWidget | None = None,
                 district_nkey: str | None = None) -> None:
        super().__init__(t("twui.agency_title"), parent)
        self.store = store
        self.agency = agency
        self.name = QLineEdit(agency.name if agency else "")
        self.level = QComboBox()
        for level in tw.AGENCY_LEVELS:
            self.level.addItem(t(f"twin.level.{level}"), level)
        self.district = QComboBox()
        for district in units.all_of_level(store, "district"):
            self.district.addItem(district.name, district.id)
        home = units.by_nkey(store, district_nkey) if district_nkey else None
        if home is not None:
            self.district.setCurrentIndex(max(0, self.district.findData(home.id)))
        self.kind = QComboBox()
        self.kind.addItem(t("twui.kind_auto"), None)
        for kind in tw.AGENCY_KINDS:
            self.kind.addItem(kind.label(), kind.code)
        self.contact = QLineEdit(agency.contact or "" if agency else "")
        self.phone = QLineEdit(agency.phone or "" if agency else "")
        self.note = QLineEdit(agency.note or "" if agency else "")
        self.form.addRow(t("twui.name"), self.name)
        self.form.addRow(t("twui.level"), self.level)
        self.form.addRow(t("twui.district"), self.district)
        self.form.addRow(t("twui.kind"), self.kind)
        self.form.addRow(t("twui.contact"), self.contact)
        self.form.addRow(t("twui.phone"), self.phone)
        self.form.addRow(t("twui.note"), self.note)
        if agency is not None:
            self.level.setCurrentIndex(self.level.findData(agency.level))
            self.kind.setCurrentIndex(self.kind.findData(agency.kind))
            self.district.setCurrentIndex(max(0, self.district.findData(agency.owner_id)))
            self.level.setEnabled(False)
            self.district.setEnabled(False)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        self.resize(480, 0)

    def _level_changed(self) -> None:
        self.district.setEnabled(self.agency is None and self.level.currentData() == "district")

    def write(self) -> None:
        if self.agency is None:
            level = self.level.currentData()
            owner = units.get(self.store, self.district.currentData()) if level == "district" else None
            self.agency, self.batch = tw.create_agency(
                self.store, self.name.text(), level=level, kind=self.kind.currentData(), owner=owner,
                contact=self.contact.text(), phone=self.phone.text(), note=self.note.text(),
            )
            return
        self.batch = tw.update_agency(
            self.store, self.agency, name=self.name.text(), kind=self.kind.currentData() or self.agency.kind,
            contact=self.contact.text(), phone=self.phone.text(), note=self.note.text(),
        )
