"""Đơn vị → Nhóm xã, vùng (issue 17 part 3): a commune's group (1, 2, 3: the 2026-2030 sets) or
region (the 2016-2025 sets) from a day, by a decision, for one commune or several at once, through
the core (:func:`ntm_desktop.assessments.classify`, which recomputes the communes' statuses). The
dialog writes nothing itself: a refusal is shown in it and nothing changes. Below the form, the
dated facts of the communes chosen. The window pushes the batch on its undo stack (Ctrl+Z)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import assessments, criteria, units
from ntm_desktop.assessments import evaluator
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import classes
from ui.scorecard.unit_list import UnitList
from ui.table_model import TableModel, table_view
from ui.twinning.dialogs import DateField
from ui.undo import BatchCommand

KINDS = ("group", "region")
HEADERS = [f"cls.col.{c}" for c in ("commune", "what", "from", "to", "decision")]


def _dmy(iso: str | None) -> str:
    return "/".join(reversed(iso.split("-"))) if iso else ""


def value_text(kind: str, value: str) -> str:
    if kind == "group":
        return t("class.column.group", value=value)
    return t("class.column.region", name=t(f"class.region.{value}"))


class ClassifyDialog(QDialog):
    """Choose the communes, group or region, its value, the first day and the decision; Save records
    it. After ``exec()`` returns Accepted, ``batch`` holds the core's batch (None if nothing
    changed) and ``label`` what it did."""

    def __init__(self, store: Store, parent: QWidget | None = None, on: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.batch: audit.Batch | None = None
        self.label = ""
        self.setWindowTitle(t("cls.title"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(t(f"class.kind.{kind}"), kind)
        self.value = QComboBox()
        self.value.setObjectName("classValue")
        self.date = DateField(on or date.today())
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(t("cls.decision_tip"))
        self.note = QLineEdit()
        self.hint = QLabel()
        self.hint.setObjectName("classHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("uch.search"))
        self.search.setClearButtonEnabled(True)
        self.list = UnitList()
        self.list.setObjectName("classCommunes")
        self.list.setToolTip(t("cls.communes_tip"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(130)
        self.model = TableModel(HEADERS)
        self.facts = table_view(self.model, "classFacts", rows=True)
        self.facts.setMinimumHeight(110)
        header = self.facts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.error = QLabel()
        self.error.setObjectName("classError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        what = QHBoxLayout()
        what.addWidget(self.kind)
        what.addWidget(self.value, 1)
        form.addRow(t("cls.what"), what)
        form.addRow(t("cls.from"), self.date)
        form.addRow(t("uch.decision"), self.decision)
        form.addRow(t("cls.note"), self.note)
        form.addRow("", self.hint)
        form.addRow(t("cls.communes"), self.search)
        self.buttons = QDialogButtonBox()
        self.save = QPushButton(t("uch.save"))
        self.save.setAutoDefault(False)
        cancel = QPushButton(t("uch.cancel"))
        cancel.setAutoDefault(False)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 3)
        layout.addWidget(QLabel(t("cls.facts")))
        layout.addWidget(self.facts, 2)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.dateChanged.connect(lambda _d: self.reload())
        self.search.textChanged.connect(self.list.filter)
        self.list.itemSelectionChanged.connect(self.show_facts)
        self.kind.setCurrentIndex(KINDS.index(self.kind_in_force(self.date.day().year)))
        self._kind_changed()
        self.reload()
        self.resize(720, 620)

    def kind_in_force(self, year: int) -> str:
        """What the set in force in ``year`` reads: "group" (2026-2030) or "region" (earlier)."""
        try:
            return evaluator.set_columns(criteria.get_set(self.store, criteria.set_for_year(self.store, year)))
        except NtmError:  # no set loaded
            return "group"

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.kind.setFocus()  # the first field, never Save

    # -- the form ---------------------------------------------------------------
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def current_value(self) -> str:
        return str(self.value.currentData())

    def set_choice(self, kind: str, value: str) -> None:
        """Choose group or region and its value (tests; a commune's current one)."""
        self.kind.setCurrentIndex(KINDS.index(kind))
        self.value.setCurrentIndex(self.value.findData(value))

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.value.clear()
        for value in classes.GROUPS if kind == "group" else classes.REGIONS:
            shown = value_text(kind, value) if kind == "group" else t(f"class.region.{value}")  # "Vùng" beside it
            self.value.addItem(shown, value)
        self.hint.setText(t(f"cls.hint.{kind}"))
        self.error.hide()

    def on(self) -> str:
        return self.date.day().isoformat()

    def reload(self) -> None:
        """The communes in force on the day chosen, keeping those chosen that still are."""
        self.list.fill(self.store, self.on())
        self.list.filter(self.search.text())
        self.show_facts()

    def shown(self) -> list[str]:
        return self.list.shown()

    def chosen(self) -> list[units.Unit]:
        return self.list.chosen()

    def choose(self, *unit_ids: int) -> None:
        """Select the communes ``unit_ids`` (the scorecard's commune; tests)."""
        self.list.choose(*unit_ids)

    def show_facts(self) -> None:
        """The dated groups and regions of the communes chosen, in the table under the list."""
        chosen = {u.id: u.name for u in self.chosen()}
        rows = [[chosen[f.unit_id], value_text(f.kind, f.value), _dmy(f.valid_from), _dmy(f.valid_to) or "…",
                 f.decision or ""] for f in classes.all_facts(self.store, chosen) if f.unit_id in chosen]
        self.model.set_rows(rows)

    def fact_rows(self) -> list[list[str]]:
        return [[self.model.cell(r, c).text for c in range(len(HEADERS))] for r in range(self.model.rowCount())]

    # -- saving -------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.show_error(t("uch.pick_unit"))
            return
        kind, value, on = self.current_kind(), self.current_value(), self.on()
        try:
            self.batch = assessments.classify(self.store, chosen, kind, value, on, decision=self.decision.text(),
                                              note=self.note.text())
        except NtmError as error:
            self.show_error(str(error))
            return
        names = ", ".join(u.name for u in chosen)
        self.label = t("cls.label", names=names, what=value_text(kind, value), date=_dmy(on))
        super().accept()


def classify(window: Any) -> ClassifyDialog:
    """Đơn vị → Nhóm xã, vùng…: the commune shown chosen to begin with; one undoable step."""
    dialog = ClassifyDialog(window.store, window)
    commune = window.scorecard.commune
    if commune is not None:
        dialog.choose(commune.id)
    dialog.accepted.connect(lambda: classified(window, dialog))
    dialog.open()
    return dialog


def classified(window: Any, dialog: ClassifyDialog) -> None:
    """A classification saved: on the undo stack (Ctrl+Z reverts its batch), the scorecard reloaded."""
    if dialog.batch is None:
        window.statusBar().showMessage(t("cls.unchanged"), 10000)
        return
    window.undo_stack.push(BatchCommand(window.store, dialog.batch, dialog.label, window.refresh))
    window.refresh()
    window.statusBar().showMessage(t("uch.done", what=dialog.label), 10000)
