"""Đơn vị → Công nhận đạt chuẩn… (issue 17 part 6): the commune shown in the scorecard, its
recognitions (đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại) and those of the communes it was
formed from; add one, or revoke the one selected, each by a decision of a day.

The dialog writes nothing itself: it calls :mod:`ntm_desktop.recognition`, which checks
everything before it writes; a refusal (an ``NtmError``) is shown in the dialog and nothing
changes. Each write is one step on the window's undo stack (Ctrl+Z after the dialog closes,
or its own Hoàn tác button), and the scorecard's panel follows."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import recognition, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.table_model import Cell, TableModel, table_view
from ui.twinning.dialogs import DateField
from ui.undo import BatchCommand

HEADERS = ("rcd.col.commune", "rcd.col.kind", "rcd.col.year", "rcd.col.decision", "rcd.col.date",
           "rcd.col.issuer", "rcd.col.revoked")
_GREY = "#6b6b6b"  # a former commune's rows
_STRUCK = "#a33"  # a revoked recognition


class RecognitionDialog(QDialog):
    """The recognitions of ``commune``; ``add_recognition`` and ``revoke_selected`` call the
    core and hand each write's batch to ``pushed(batch, label)`` (the window's undo stack)."""

    def __init__(self, store: Store, commune: units.Unit, parent: QWidget | None = None,
                 pushed: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.commune = commune
        self.pushed = pushed
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(t("rcd.title", name=commune.name))
        self.heading = QLabel(t("rcd.heading", kind=(commune.kind or "xã").capitalize(), name=commune.name))
        self.heading.setStyleSheet("font-weight: bold;")
        self.model = TableModel(HEADERS)
        self.table = table_view(self.model, "recognitionTable", rows=True, single=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(150)
        self.empty = QLabel(t("recog.none"))

        self.kind = QComboBox()
        for kind in recognition.KINDS:
            self.kind.addItem(recognition.label(kind), kind)
        self.year = QSpinBox()
        self.year.setRange(2010, 2100)
        self.year.setValue(date.today().year)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(t("rcd.decision_tip"))
        self.date = DateField(date.today())
        self.date.dateChanged.connect(lambda _d: self.year.setValue(self.date.day().year))
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText(t("rcd.issuer_tip"))
        self.add_button = QPushButton(t("rcd.add"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_recognition)
        adding = QGroupBox(t("rcd.add_box"))
        form = QFormLayout(adding)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(t("rcd.kind"), self.kind)
        line = QHBoxLayout()
        line.addWidget(self.date)
        line.addWidget(QLabel(t("rcd.year")))
        line.addWidget(self.year)
        line.addStretch(1)
        form.addRow(t("rcd.date"), line)
        form.addRow(t("rcd.decision"), self.decision)
        form.addRow(t("rcd.issuer"), self.issuer)
        form.addRow("", self.add_button)

        self.revoke_decision = QLineEdit()
        self.revoke_decision.setPlaceholderText(t("rcd.decision_tip"))
        self.revoke_date = DateField(date.today())
        self.revoke_button = QPushButton(t("rcd.revoke"))
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.clicked.connect(self.revoke_selected)
        revoking = QGroupBox(t("rcd.revoke_box"))
        rform = QFormLayout(revoking)
        rform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rform.addRow(t("rcd.date"), self.revoke_date)
        rform.addRow(t("rcd.decision"), self.revoke_decision)
        rform.addRow("", self.revoke_button)

        self.error = QLabel()
        self.error.setObjectName("recognitionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        self.saved_note.setStyleSheet("color: #1d5c2e;")
        self.buttons = QDialogButtonBox()
        close = QPushButton(t("rcd.close"))
        close.setAutoDefault(False)
        self.buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)

        forms = QHBoxLayout()
        forms.addWidget(adding, 3)
        forms.addWidget(revoking, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(forms)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_note)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.reload()
        self.resize(960, 520)
        self.kind.setFocus()

    # -- the list -------------------------------------------------------------------
    def reload(self) -> None:
        """The commune's recognitions, then its former communes' (greyed), oldest first."""
        own = [(s, self.commune, False) for s in recognition.of_unit(self.store, self.commune)]
        formers = [(s, f.unit, True) for f in recognition.of_formers(self.store, self.commune)
                   for s in f.recognitions]
        self.rows = []
        cells = []
        for state, unit, former in own + formers:
            self.rows.append({**state, "former": former})
            colour = _STRUCK if state["revoked_on"] else _GREY if former else None
            name = f"{unit.name} ({t('recog.former')})" if former else unit.name
            revoked = ""
            if state["revoked_on"]:
                revoked = f"{state['revoked_decision'] or ''}, {recognition.dmy(state['revoked_on'])}"
            cells.append([Cell(name, foreground=_GREY if former else None, user=state["uuid"]),
                          Cell(recognition.short(state["kind"]), tooltip=recognition.label(state["kind"]),
                               foreground=colour),
                          state["year"], state["decision"], recognition.dmy(state["decided_on"]),
                          state["issuer"] or "", Cell(revoked, foreground=_STRUCK if revoked else None)])
        self.model.set_rows(cells, reset=True)
        self.empty.setVisible(not self.rows)
        self._selected()

    def shown(self) -> list[str]:
        """The rows as text (tests): ``Đăk Cấm | NTM | 2020 | 123/QĐ-UBND | 30/12/2020 | … | …``."""
        return [" | ".join(self.model.cell(r, c).text for c in range(len(HEADERS))) for r in range(len(self.rows))]

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def selected(self) -> dict[str, Any] | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.rows[chosen[0].row()] if chosen else None

    def _selected(self) -> None:
        state = self.selected()
        self.revoke_button.setEnabled(state is not None and not state["revoked_on"])

    # -- writing ------------------------------------------------------------------
    def _wrote(self, done: recognition.Done, label: str) -> None:
        self.error.hide()
        self.saved_note.setText(t("rcd.done", what=label))
        if self.pushed is not None:
            self.pushed(done.batch, label)
        self.reload()

    def _refused(self, error: NtmError) -> None:
        self.saved_note.clear()
        self.error.setText(str(error))
        self.error.show()

    def add_recognition(self) -> bool:
        kind = str(self.kind.currentData())
        try:
            done = recognition.add(self.store, self.commune, kind, decision=self.decision.text(),
                                   decided_on=self.date.day(), year=self.year.value(), issuer=self.issuer.text())
        except NtmError as error:
            self._refused(error)
            return False
        self._wrote(done, t("rcd.added", name=self.commune.name, kind=recognition.short(kind),
                            decision=done.state["decision"]))
        self.decision.clear()
        return True

    def revoke_selected(self) -> bool:
        state = self.selected()
        if state is None:
            self._refused(_Refused(t("rcd.pick")))
            return False
        unit = units.by_nkey(self.store, state["unit"])
        assert unit is not None
        try:
            done = recognition.revoke(self.store, unit, state["kind"], decision=self.revoke_decision.text(),
                                      revoked_on=self.revoke_date.day(), of=state["decision"])
        except NtmError as error:
            self._refused(error)
            return False
        self._wrote(done, t("rcd.revoked", name=unit.name, kind=recognition.short(state["kind"]),
                            decision=done.state["revoked_decision"]))
        self.revoke_decision.clear()
        return True


class _Refused(NtmError):
    """A choice the dialog itself refuses (no row selected): shown like the core's refusals."""

    def __init__(self, message: str) -> None:
        super().__init__("rcd.pick")
        self._text = message

    @property
    def message(self) -> str:
        return self._text


def recognitions(window: Any) -> RecognitionDialog | None:
    """Đơn vị → Công nhận đạt chuẩn…: the dialog for the commune the scorecard shows (a word in
    the status bar when none is shown). Each write goes on the window's undo stack; undo and
    redo reload the window, the scorecard's panel and the dialog while it is open."""
    commune = window.scorecard.commune
    if commune is None:
        window.statusBar().showMessage(t("rcd.no_commune"), 8000)
        return None
    dialog = RecognitionDialog(window.store, commune, window)

    def refresh() -> None:
        window.refresh()
        window.scorecard.origins.show_for(window.scorecard.commune)
        if dialog.isVisible():
            dialog.reload()

    def pushed(batch: Any, label: str) -> None:
        window.undo_stack.push(BatchCommand(window.store, batch, label, refresh))
        window.scorecard.origins.show_for(window.scorecard.commune)
        window.statusBar().showMessage(label, 10000)

    dialog.pushed = pushed
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.open()
    return dialog
