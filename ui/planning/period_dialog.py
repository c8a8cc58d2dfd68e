"""Kế hoạch → Kỳ báo cáo, khóa số liệu… (issue 18 part 3, CONTRACT §9): the province, its districts
and communes with the state of the chosen period (open, submitted, locked; who and when, the
reason of an unlock), and buttons to submit, lock and unlock (with a reason) the selected unit.

The dialog writes nothing itself: it calls :mod:`ntm_desktop.cycle.service`, which checks
everything before it writes; a refusal is shown in the dialog and nothing changes. Each write is
one step on the window's undo stack, and the list follows undo and redo."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import periods as period_codes
from ntm_desktop.cycle import records, service
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ui.table_model import Cell, TableModel, table_view
from ui.undo import wire_to_undo

HEADERS = ("pcd.col.unit", "pcd.col.state", "pcd.col.by", "pcd.col.at", "pcd.col.reason")
_COLOURS = {"submitted": "#1d5c2e", "locked": "#b3261e"}
_INDENT = "      "


class PeriodDialog(QDialog):
    """The states of one period for every unit; ``act(action, reason)`` calls the core for the
    selected unit and hands the batch to ``pushed(batch, label)`` (the window's undo stack)."""

    def __init__(self, store: Store, parent: QWidget | None = None, pushed: Any = None,
                 year: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.pushed = pushed
        self.rows: list[dict[str, Any]] = []
        self.setWindowTitle(t("pcd.title"))
        self.year = QSpinBox()
        self.year.setRange(period_codes.MIN_YEAR, period_codes.MAX_YEAR)
        self.year.setValue(year or date.today().year)
        self.period = QComboBox()
        self.period.setMinimumContentsLength(22)
        self._fill_periods()
        self.year.valueChanged.connect(lambda _v: (self._fill_periods(), self.reload()))
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        hint = QLabel(t("pcd.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")

        self.model = TableModel(HEADERS)
        self.table = table_view(self.model, "periodTable", rows=True, single=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(260)
        self.table.setWordWrap(False)  # one line a unit; a long reason is in its tooltip
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(t("pcd.reason_tip"))
        self.buttons_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for action in ("submit", "lock", "unlock"):
            button = QPushButton(t(f"pcd.{action}"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=action: self._clicked(a))
            self.action_buttons[action] = button
        self.error = QLabel()
        self.error.setObjectName("periodError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        self.saved_note.setStyleSheet("color: #1d5c2e;")
        box = QDialogButtonBox()
        close = QPushButton(t("pcd.close"))
        close.setAutoDefault(False)
        box.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(t("pcd.year")))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel(t("pcd.period")))
        top.addWidget(self.period)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(t("pcd.reason")))
        actions.addWidget(self.reason, 1)
        for button in self.action_buttons.values():
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_note)
        layout.addWidget(box)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.reload()
        self.resize(980, 600)

    def _fill_periods(self) -> None:
        current = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for p in period_codes.of_year(self.year.value()):
            self.period.addItem(p.label(), p.code)
        self.period.setCurrentIndex(max(current, 0))
        self.period.blockSignals(False)

    def chosen_period(self) -> period_codes.Period:
        return period_codes.parse(str(self.period.currentData()))

    def set_period(self, code: str) -> None:
        period = period_codes.parse(code)
        self.year.setValue(period.year)
        self.period.setCurrentIndex(self.period.findData(period.code))

    # -- the list -------------------------------------------------------------------
    def reload(self) -> None:
        """Every unit of the province(s) in force at the period's end, with its state."""
        period = self.chosen_period()
        keep = self.selected()
        tree = service.tree(self.store, period)
        view = service.overview(self.store, period, [u for u, _ in tree])
        self.rows, cells = [], []
        for (unit, depth), entry in zip(tree, view, strict=True):
            self.rows.append(entry)
            lock = entry["lock"]
            state = t(f"cycle.state.{entry['state']}")
            if lock is not None:
                state = t("pcd.covered", unit=lock.unit, period=period_codes.parse(lock.period).label())
            colour = _COLOURS.get(entry["state"])
            bold = depth < 2 and unit.level != "commune"
            name = f"{_INDENT * depth}{unit.name}"
            cells.append([Cell(name, tooltip=unit.kind, bold=bold), Cell(state, foreground=colour),
                          entry["by"] or "", records.when(entry["at"]),
                          Cell(entry["reason"] or "", tooltip=entry["reason"])])
        self.model.set_rows(cells, reset=True)
        if keep is not None:
            for index, entry in enumerate(self.rows):
                if entry["unit"].id == keep["unit"].id:
                    self.table.selectRow(index)
        self._selected()

    def shown(self) -> list[str]:
        """The rows as text (tests): ``Đăk Hà | Đã khóa | root | 06/12/2026 04:20 | ``."""
        return [" | ".join(self.model.cell(r, c).text.strip() for c in range(len(HEADERS)))
                for r in range(len(self.rows))]

    def select_unit(self, name: str) -> None:
        index = next(i for i, e in enumerate(self.rows) if e["unit"].name == name)
        self.table.selectRow(index)

    def selected(self) -> dict[str, Any] | None:
        chosen = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[chosen[0].row()] if chosen and chosen[0].row() < len(self.rows) else None

    def _selected(self) -> None:
        entry = self.selected()
        own_locked = entry is not None and entry["state"] == "locked" and entry["lock"] is None
        self.action_buttons["submit"].setEnabled(entry is not None and entry["state"] != "locked")
        self.action_buttons["lock"].setEnabled(entry is not None and not own_locked)
        self.action_buttons["unlock"].setEnabled(own_locked)

    # -- writing ------------------------------------------------------------------
    def _clicked(self, action: str) -> None:
        reason = self.reason.text()
        entry = self.selected()
        if action == "unlock" and not reason.strip() and entry is not None:
            period = self.chosen_period()
            reason, ok = QInputDialog.getText(self, t("pcd.ask_title"),
                                              t("pcd.ask", period=period.label(), name=entry["unit"].name))
            if not ok:
                return
        self.act(action, reason)

    def act(self, action: str, reason: str | None = None) -> bool:
        """Submit, lock or unlock the period for the selected unit; False when refused (shown)."""
        entry = self.selected()
        if entry is None:
            self._refused(t("pcd.pick"))
            return False
        unit, period = entry["unit"], self.chosen_period()
        try:
            done = service.act(self.store, unit, period, action, reason=reason)
        except NtmError as error:
            self._refused(str(error))
            return False
        self.error.hide()
        if done.batch is None:
            state = t(f"cycle.state.{done.state['state'] if done.state else 'open'}")
            self.saved_note.setText(t("pcd.unchanged", period=period.label(), name=unit.name, state=state))
            return True
        label = t(f"pcd.done.{action}", period=period.label(), name=unit.name)
        note = label + (" — " + t("cycle.unsent", n=done.unsent) if done.unsent else "")
        self.saved_note.setText(note)
        self.reason.clear()
        if self.pushed is not None:
            self.pushed(done.batch, label)
        self.reload()
        return True

    def _refused(self, message: str) -> None:
        self.saved_note.clear()
        self.error.setText(message)
        self.error.show()


def periods_dialog(window: Any) -> PeriodDialog:
    """The dialog on the window's database; its writes go on the window's undo stack, and undo
    and redo reload the window and the dialog while it is open."""
    dialog = PeriodDialog(window.store, window)
    wire_to_undo(window, dialog)
    return dialog


def periods(window: Any) -> PeriodDialog:
    """Kế hoạch → Kỳ báo cáo, khóa số liệu…: open the dialog (non-modal: the window stays usable)."""
    dialog = periods_dialog(window)
    dialog.open()
    return dialog
