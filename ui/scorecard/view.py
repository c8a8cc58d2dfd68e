"""The scorecard editor: pick year and period, enter values, record official statuses."""

from __future__ import annotations

import time
from typing import Any

# QtCore.Qt, and dialogs the first paint does not show, named where used: ui/scorecard/roles.py
from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import assessments, criteria, periods, summary, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store
from ui.scorecard import roles
from ui.scorecard.model import COL, Node, ScorecardModel
from ui.scorecard.origins import OriginsLabel
from ui.undo import BatchCommand

Index = QModelIndex | QPersistentModelIndex


class ValueDelegate(QStyledItemDelegate):
    """Combo boxes for yes/no values and official statuses; line edits for the rest."""

    def __init__(self, model: ScorecardModel) -> None:
        super().__init__()
        self.model = model

    def _choices(self, index: Index) -> list[tuple[str, Any]] | None:
        node = self.model.node(index)
        if node is None:
            return None
        if node.kind == "criterion" and index.column() == COL["official"]:
            return [(t("official.none"), None), (t("status.met"), True), (t("status.not_met"), False)]
        if node.kind == "indicator" and index.column() == COL["value"] and node.payload.indicator.type == "bool":
            return [("", ""), (t("value.yes"), "có"), (t("value.no"), "không")]
        return None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        choices = self._choices(index)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for label, value in choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            node = self.model.node(index)
            assert node is not None
            if node.kind == "criterion":
                current: Any = node.payload.official
            else:
                current = {"1": "có", "0": "không"}.get(node.payload.value or "", "")
            position = editor.findData(current)
            editor.setCurrentIndex(max(position, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), roles.EDIT)
            return
        super().setModelData(editor, model, index)


COUNT_STYLE = "font-size: 15pt; font-weight: bold; color: #1d5c2e;"
EMPTY_COUNT_STYLE = "font-size: 15pt; font-weight: bold; color: #777777;"


class ScorecardView(QWidget):
    """Header (commune, period, set, count and band) above the criteria tree."""

    changed = Signal()  # after any saved change (the main window refreshes counts)
    message = Signal(str)  # status-bar messages

    def __init__(self, store: Store, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.store = store
        self.undo_stack = undo_stack
        self.commune: units.Unit | None = None
        self.last_switch_ms = 0.0

        self.title = QLabel(t("score.pick"))
        self.title.setObjectName("scorecardTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.count = QLabel("")
        self.count.setObjectName("scorecardCount")
        self.count.setStyleSheet(COUNT_STYLE)
        self.band = QLabel("")
        self.flags = QLabel("")
        self.flags.setStyleSheet("color: #a05a00;")
        self.set_label = QLabel("")
        self.set_label.setWordWrap(True)
        self.origins = OriginsLabel(store)  # a new commune's former communes and their results
        self.era_note = QLabel("")  # a unit shown in a year it did not exist in
        self.era_note.setObjectName("eraNote")
        self.era_note.setWordWrap(True)
        self.era_note.setStyleSheet("color: #a05a00; font-weight: bold;")
        self.era_note.hide()
        self.year = QSpinBox()
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(summary.latest_year(store) or time.localtime().tm_year)  # where the work is
        self.period = QComboBox()
        self._fill_periods()
        self.copy_button = QPushButton(t("score.copy_previous"))
        self.copy_button.setObjectName("copyPrevious")
        self.copy_button.setToolTip(t("score.copy_previous_tip"))
        self.copy_button.setAutoDefault(False)
        self.set_choice = QComboBox()
        self.set_choice.setObjectName("setChoice")
        self.set_choice.setToolTip(t("score.set_choice_tip"))

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        picker = QHBoxLayout()
        picker.addWidget(QLabel(t("score.year")))
        picker.addWidget(self.year)
        picker.addWidget(QLabel(t("score.period")))
        picker.addWidget(self.period)
        picker.addWidget(self.copy_button)
        picker.addWidget(QLabel(t("score.set")))
        picker.addWidget(self.set_choice)
        picker.addSpacing(16)
        picker.addWidget(self.band)
        picker.addStretch(1)
        picker.addWidget(self.flags)

        self.model = ScorecardModel()
        self.model.store = store  # the plausibility warnings beside the cells (ntm_desktop/checks)
        self.model.on_edit = self._on_edit
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(ValueDelegate(self.model))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL["content"], QHeaderView.ResizeMode.Stretch)
        for name, width in (("code", 96), ("unit", 80), ("threshold", 104),
                            ("value", 80), ("computed", 104), ("official", 96), ("note", 150)):
            header.resizeSection(COL[name], width)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(picker)
        layout.addWidget(self.set_label)
        layout.addWidget(self.era_note)
        layout.addWidget(self.origins)
        layout.addWidget(self.tree, 1)
        self.year.valueChanged.connect(self.reload)
        self.period.currentIndexChanged.connect(self.reload)
        self.copy_button.clicked.connect(self.copy_previous)
        self.set_choice.activated.connect(self._on_set_chosen)
        self._fill_sets()

    def _fill_periods(self) -> None:
        current = self.current_period() if self.period.count() else None
        self.period.blockSignals(True)
        self.period.clear()
        for period in periods.of_year(self.year.value()):
            self.period.addItem(period.label().replace(str(period.year), "").strip(" /") or period.label(), period)
        if current is not None:
            self._select_period(current)
        self.period.blockSignals(False)

    def _select_period(self, period: Period) -> None:
        """Select the period of the same kind and number (the year is the year box's)."""
        for index in range(self.period.count()):
            shown = self.period.itemData(index)
            if (shown.kind, shown.n) == (period.kind, period.n):
                self.period.setCurrentIndex(index)
                return
        self.period.setCurrentIndex(0)

    # -- navigation ----------------------------------------------------------------
    def current_period(self) -> Period:
        shown = self.period.currentData()
        if shown is None:
            return Period(self.year.value(), "Y")
        return Period(self.year.value(), shown.kind, shown.n)

    def set_period(self, period: Period) -> None:
        self.year.blockSignals(True)
        self.year.setValue(period.year)
        self.year.blockSignals(False)
        self.period.blockSignals(True)
        self._select_period(period)
        self.period.blockSignals(False)

    def show_commune(self, unit_id: int) -> None:
        started = time.perf_counter()
        self.commune = units.get(self.store, unit_id)
        self.reload()
        self.last_switch_ms = (time.perf_counter() - started) * 1000

    def _fill_sets(self) -> None:
        """(Tự động) plus every loaded commune-level set; shows the year's override if any. Left as
        it is when it already shows that (every switch asks: filled again, the box repaints)."""
        choice = self.set_choice
        codes = criteria.codes(self.store)
        override = criteria.overridden_set(self.store, self.year.value())
        shown = [choice.itemData(i) for i in range(1, choice.count())]
        if choice.count() and shown == codes and choice.currentData() == (override if override in codes else None):
            return
        choice.blockSignals(True)
        choice.clear()
        choice.addItem(t("score.set_auto"), None)
        for code in codes:
            choice.addItem(code, code)
        choice.setCurrentIndex(max(0, choice.findData(override)) if override else 0)
        choice.blockSignals(False)

    def _on_set_chosen(self, _index: int) -> None:
        """Record the override for the year shown (every commune, every period of it)."""
        try:
            criteria.override_year(self.store, self.year.value(), self.set_choice.currentData())
        except NtmError as error:
            QtWidgets.QMessageBox.warning(self, t("err.title"), str(error))
        self.reload()
        self.changed.emit()

    def reload(self) -> None:
        self._fill_sets()
        if self.commune is None:
            self.model.set_scorecard(None)
            return
        self.origins.show_for(self.commune)  # recognitions and former communes, once per reload (an import may add)
        period = self.current_period()
        try:
            card = assessments.scorecard(self.store, self.commune, period)
        except NtmError as error:
            self.model.set_scorecard(None)
            self.set_label.setText(str(error))
            return
        shown = self.model.card
        switched = shown is None or shown.commune.id != card.commune.id or shown.period != period
        if switched:
            self._switch_to(card)
        else:
            self.model.set_scorecard(card)
        parent = units.get(self.store, self.commune.parent_id).name if self.commune.parent_id else ""
        kind = (self.commune.kind or "xã").capitalize()
        self.title.setText(f"{kind} {self.commune.name} — {parent}")
        self.count.setText(self.model.count_label())
        style = COUNT_STYLE if card.has_data else EMPTY_COUNT_STYLE  # grey, not a green "0/19"
        if self.count.styleSheet() != style:  # a style sheet set again polishes the label again
            self.count.setStyleSheet(style)
        self.band.setText(self.model.band_label() if card.has_data else t("score.no_data"))
        cs = card.criteria_set
        set_text = f"{t('score.set')}: {cs.name} ({cs.decision})"
        if period.year > cs.valid_to:
            set_text = t("score.set").join(["", ": "]) + t("score.set_extended", name=cs.name, year=period.year)
        set_text += "   · " + card.column_text  # the group or region it is assessed by, and why
        self.set_label.setText(set_text)
        self._keep_height(self.set_label)
        self.flags.setText(t("score.disagree", n=card.disagreements) if card.disagreements else "")
        absent = not self._in_force(period.year)
        self.era_note.setText(t("score.not_in_force", year=period.year) if absent else "")
        self.era_note.setVisible(absent)

    @staticmethod
    def _keep_height(label: QLabel) -> None:
        """A wrapped label keeps the tallest height it has needed at its width: switching between
        communes whose text takes one line or two (their regions' names) does not move the tree,
        which would then be laid out and repainted whole (issue 22)."""
        width = label.width()
        if width > 0 and label.heightForWidth(width) > label.minimumHeight():
            label.setMinimumHeight(label.heightForWidth(width))

    def _switch_to(self, card: assessments.Scorecard) -> None:
        """Another commune or period: the tree as a reset leaves it (no selection, nothing
        current, every row expanded), without a reset where the rows stay (the model updates the
        cells a switch changes, issue 22). An open editor belongs to the old rows: a reset closes it."""
        editing = self.tree.state() == QAbstractItemView.State.EditingState
        if self.model.set_scorecard(card, rebuild=editing):
            self.tree.expandAll()
            return
        self.tree.selectionModel().clear()
        if not self._all_expanded():
            self.tree.expandAll()

    def _all_expanded(self) -> bool:
        model, tree = self.model, self.tree
        for g, root in enumerate(model.roots):
            group = model.index(g, 0)
            if not tree.isExpanded(group):
                return False
            for c, node in enumerate(root.children):
                if node.children and not tree.isExpanded(model.index(c, 0, group)):
                    return False
        return True

    def select_criterion(self, number: int) -> bool:
        """Select and show criterion ``number`` in the tree (the overview opens a cell here)."""
        model = self.model
        for g, root in enumerate(model.roots):
            for c, node in enumerate(root.children):
                if node.kind == "criterion" and node.payload.criterion.number == number:
                    index = model.index(c, 0, model.index(g, 0))
                    self.tree.setCurrentIndex(index)
                    self.tree.scrollTo(index)
                    return True
        return False

    def _in_force(self, year: int) -> bool:
        """Whether the commune shown existed at some time in ``year`` (a new commune in 2020
        did not: its former communes did)."""
        assert self.commune is not None
        return units.existed_in(self.store, self.commune.id, year)

    # -- editing ----------------------------------------------------------------
    def _on_edit(self, node: Node, column: int, value: Any) -> bool:
        assert self.commune is not None
        period = self.current_period()
        code = self.model.card.criteria_set.code if self.model.card else None
        commune = self.commune
        try:
            if node.kind == "indicator":
                ind = node.payload.indicator
                if column == COL["value"]:
                    if str(value) == node.payload.display:
                        return False
                    batch = assessments.set_indicator_value(
                        self.store, commune, period, ind.code, value, set_code=code
                    )
                    label = f"{commune.name} {period.code} {ind.code} = {value}"
                else:
                    if node.payload.value is None:
                        return False
                    batch = assessments.set_indicator_value(
                        self.store, commune, period, ind.code, node.payload.value,
                        note=str(value), set_code=code,
                    )
                    label = f"{commune.name} {period.code} {ind.code}: {t('col.note')}"
            else:
                crit = node.payload.criterion
                if column == COL["official"]:
                    batch = assessments.set_official(self.store, commune, period, crit.number, value, set_code=code)
                    label = f"{commune.name} {period.code} TC{crit.number}"
                else:
                    batch = assessments.set_official(
                        self.store, commune, period, crit.number, node.payload.official,
                        note=str(value), set_code=code,
                    )
                    label = f"{commune.name} {period.code} TC{crit.number}: {t('col.note')}"
        except NtmError as error:
            self.message.emit(error.message)
            QtWidgets.QMessageBox.warning(self, t("err.title"), str(error))
            return False
        if batch is None:
            return False
        self._push(batch, label, commune.id, period)
        return True

    def copy_previous(self) -> bool:
        """«Chép từ kỳ trước»: fill the period shown from the period before, where it holds nothing,
        for the officer to review; one step on the undo stack; a refusal is said, nothing changes."""
        if self.commune is None:
            return False
        period = self.current_period()
        code = self.model.card.criteria_set.code if self.model.card else None
        # the copy's module when first used, or with ui.app.WARM_UP after the first paint: 1.15 ms of CPU
        # before it otherwise (medians of 9 fresh processes, issue 22, December 2026)
        from ntm_desktop.assessments import copying

        try:
            done = copying.copy_previous(self.store, self.commune, period, code)
        except NtmError as error:
            self.message.emit(error.message)
            QtWidgets.QMessageBox.information(self, t("err.title"), str(error))
            return False
        said = t("copy.done", source=done.source.code, values=done.values, statuses=done.statuses)
        if done.batch is None:
            self.message.emit(said)
            return False
        self._push(done.batch, said, self.commune.id, period)
        return True

    def _push(self, batch: Any, label: str, unit_id: int, period: Period) -> None:
        """One written batch on the undo stack (its undo shows the commune and period again)."""

        def refresh(unit_id: int = unit_id, period: Period = period) -> None:
            if self.commune is None or self.commune.id != unit_id or self.current_period() != period:
                self.set_period(period)
                self.show_commune(unit_id)
            else:
                self.reload()
            self.changed.emit()

        self.undo_stack.push(BatchCommand(self.store, batch, label, refresh))
        self.reload()
        self.message.emit(t("saved") + " " + label)
        self.changed.emit()

    def current_nkey(self) -> tuple[str, str, str | None] | None:
        """(natural key, label, value type) of the selected row, for its history."""
        node = self.model.node(self.tree.currentIndex())
        if node is None or node.kind == "group":
            return None
        if node.kind == "criterion":
            crit = node.payload.criterion
            return node.payload.nkey, f"TC {crit.number} {crit.name}", None
        ind = node.payload.indicator
        return node.payload.nkey, f"{ind.code} {ind.name}", ind.type

    def criteria_set_code(self) -> str | None:
        try:
            return criteria.set_for_year(self.store, self.year.value())
        except NtmError:
            return None
