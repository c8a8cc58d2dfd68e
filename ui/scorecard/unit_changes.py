"""Units → Thay đổi đơn vị hành chính (issue 16 part 6): rename, merge, split or end units, and put a
commune in the programme or take it out, each on a day and by a decision, through the core's
service functions (:mod:`ntm_desktop.units.changes`). The dialog writes nothing itself: Save calls
the core, which checks everything before it writes; a refusal (an ``NtmError``) is shown in the
dialog and nothing changes. The window pushes the change's batch on its undo stack."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.scorecard.unit_list import UnitList
from ui.twinning.dialogs import DateField

KINDS = ("rename", "merge", "split", "end", "add", "programme")
UNIT_KINDS = ("xã", "phường", "thị trấn", "đặc khu")


class UnitChangesDialog(QDialog):
    """Choose the change, the unit(s), the new name/code, the day and the decision; Save applies it.

    After ``exec()`` returns Accepted, ``change`` holds the core's :class:`units.Change` (its batch
    for undo) and ``label`` what it did."""

    def __init__(self, store: Store, parent: QWidget | None = None, on: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.change: units.Change | None = None
        self.label = ""
        self.setWindowTitle(t("uch.title"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(t(f"uch.kind.{kind}"), kind)
        self.date = DateField(on or date.today())
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("uch.search"))
        self.search.setClearButtonEnabled(True)
        self.list = UnitList()
        self.list.setObjectName("unitChangeList")
        self.list.setToolTip(t("uch.units_tip"))
        self.list.setMinimumHeight(180)
        self.into = QComboBox()  # merge: into a new unit, or into one in force
        self.into.setObjectName("unitChangeInto")
        self.parent_box = QComboBox()  # add: the district (until 30/06/2025) or province it belongs to
        self.parent_box.setObjectName("unitChangeParent")
        self.unit_kind = QComboBox()
        for unit_kind in UNIT_KINDS:
            self.unit_kind.addItem(unit_kind, unit_kind)
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.code.setMaximumWidth(120)
        self.parts = QPlainTextEdit()
        self.parts.setPlaceholderText(t("uch.parts_tip"))
        self.parts.setToolTip(t("uch.parts_tip"))
        self.parts.setTabChangesFocus(True)
        self.parts.setFixedHeight(72)
        self.included = QCheckBox(t("uch.included"))
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(t("uch.decision_tip"))
        self.error = QLabel()
        self.error.setObjectName("unitChangeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(t("uch.kind"), self.kind)
        self.form.addRow(t("uch.date"), self.date)
        self.form.addRow(t("uch.units"), self.search)
        self.form.addRow("", self.list)
        self.form.addRow(t("uch.into"), self.into)
        self.form.addRow(t("uch.parent"), self.parent_box)
        self.form.addRow(t("uch.unit_kind"), self.unit_kind)
        self.form.addRow(t("uch.name"), self.name)
        self.form.addRow(t("uch.code"), self.code)
        self.form.addRow(t("uch.parts"), self.parts)
        self.form.addRow("", self.included)
        self.form.addRow(t("uch.decision"), self.decision)

        self.buttons = QDialogButtonBox()
        self.save = QPushButton(t("uch.save"))
        self.save.setAutoDefault(False)  # Enter in a field saves (the box's default), focus never starts here
        cancel = QPushButton(t("uch.cancel"))
        cancel.setAutoDefault(False)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.dateChanged.connect(lambda _d: self.reload())
        self.search.textChanged.connect(self.list.filter)
        self.list.itemSelectionChanged.connect(self._selected)
        self.into.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.reload()
        self._kind_changed()
        self.resize(600, 560)
        self.kind.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.kind.setFocus()  # the first field, never Save

    # -- the form ---------------------------------------------------------------
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def on(self) -> str:
        return self.date.day().isoformat()

    def reload(self) -> None:
        """The units in force on the day chosen, keeping those chosen that still are."""
        self.list.fill(self.store, self.on())
        self.list.filter(self.search.text())
        self._selected()
        self._fill_choices()

    def _fill_choices(self) -> None:
        """The units a merge may go into and the parents a new unit may have, on the day chosen."""
        on = self.on()
        into = self.into.currentData()
        self.into.blockSignals(True)
        self.into.clear()
        self.into.addItem(t("uch.into_new"), None)
        for row, unit in enumerate(self.list.units()):
            self.into.addItem(self.list.item(row).text(), unit)
            if into is not None and unit.id == into.id:
                self.into.setCurrentIndex(self.into.count() - 1)
        self.into.blockSignals(False)
        parent = self.parent_box.currentData()
        self.parent_box.clear()
        parents = units.in_force_on(self.store, on, "district") + units.in_force_on(self.store, on, "province")
        for unit in sorted(parents, key=lambda u: text.sort_key(u.name)):
            self.parent_box.addItem(f"{unit.kind} {unit.name}", unit)
            if parent is not None and unit.id == parent.id:
                self.parent_box.setCurrentIndex(self.parent_box.count() - 1)

    def shown(self) -> list[str]:
        return self.list.shown()

    def chosen(self) -> list[units.Unit]:
        return self.list.chosen()

    def choose(self, *unit_ids: int) -> None:
        """Select the units ``unit_ids`` in the list (tests; the tree's commune)."""
        self.list.choose(*unit_ids)

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        multi = QAbstractItemView.SelectionMode.ExtendedSelection
        self.list.setSelectionMode(multi if kind == "merge" else QAbstractItemView.SelectionMode.SingleSelection)
        into_new = self.into.currentData() is None
        for widget, shown in ((self.name, kind in ("rename", "add") or (kind == "merge" and into_new)),
                              (self.code, kind == "add" or (kind == "merge" and into_new)),
                              (self.into, kind == "merge"), (self.parent_box, kind == "add"),
                              (self.unit_kind, kind == "add"), (self.search, kind != "add"), (self.list, kind != "add"),
                              (self.parts, kind == "split"), (self.included, kind == "programme"),
                              (self.decision, kind != "programme"), (self.date, kind != "programme")):
            self.form.setRowVisible(widget, shown)
        self.error.hide()

    def _selected(self) -> None:
        chosen = self.chosen()
        if self.current_kind() == "programme" and len(chosen) == 1:
            self.included.setChecked(units.in_programme(self.store, chosen[0]))

    # -- saving -------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        try:
            self.change, self.label = self._apply()
        except NtmError as error:
            self.show_error(str(error))
            return
        super().accept()

    def _one(self) -> units.Unit:
        chosen = self.chosen()
        if len(chosen) != 1:
            raise _Refused(t("uch.pick_one") if chosen else t("uch.pick_unit"))
        return chosen[0]

    def _apply(self) -> tuple[units.Change, str]:
        kind, on = self.current_kind(), self.on()
        decision = text.clean(self.decision.text()) or None
        if kind == "rename":
            unit = self._one()
            change = units.rename(self.store, unit, self.name.text(), on=on, decision=decision)
        elif kind == "merge":
            if not self.chosen():
                raise _Refused(t("uch.pick_unit"))
            into = self.into.currentData()
            if into is not None:
                change = units.merge(self.store, self.chosen(), on=on, decision=decision, into=into)
            else:
                change = units.merge(self.store, self.chosen(), on=on, decision=decision, name=self.name.text(),
                                     code=self.code.text())
        elif kind == "add":
            parent = self.parent_box.currentData()
            if parent is None:
                raise _Refused(t("uch.pick_unit"))
            change = units.add_unit(self.store, parent, self.name.text(), on=on, decision=decision,
                                    code=self.code.text(), kind=str(self.unit_kind.currentData()))
        elif kind == "split":
            unit = self._one()
            parts = []
            for line in self.parts.toPlainText().splitlines():
                if line.strip():
                    name, _, code = line.partition(",")
                    parts.append((name.strip(), code.strip() or None))
            change = units.split(self.store, unit, parts, on=on, decision=decision)
        elif kind == "end":
            change = units.end_unit(self.store, self._one(), on=on, decision=decision)
        else:
            change = units.set_programme(self.store, self._one(), self.included.isChecked())
        return change, f"{t('uch.kind.' + kind)}: {change.batch.label}"


class _Refused(NtmError):
    """A choice the dialog itself refuses (no unit chosen): shown like the core's refusals."""

    def __init__(self, message: str) -> None:
        super().__init__("uch.pick_unit")
        self._text = message

    @property
    def message(self) -> str:
        return self._text
