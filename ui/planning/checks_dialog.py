"""Kế hoạch → Kiểm tra số liệu bất thường… (issue 18 part 4): the plausibility warnings of a
period (or of every period of a year), as ``ntm check`` gives them (docs/checks.md): commune,
period, indicator, value, previous value and the warning. Double-clicking a row opens the
commune's scorecard on that period with the indicator's value selected. Nothing here writes."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import checks as plausibility
from ntm_desktop import periods, summary
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store
from ui.scorecard.model import COL
from ui.table_model import Cell, TableModel, table_view

HEADERS = ("chkd.col.commune", "chkd.col.period", "chkd.col.indicator", "chkd.col.value", "chkd.col.previous",
           "chkd.col.message")
_ORANGE = "#ffe3c2"


class ChecksDialog(QDialog):
    """The warnings of the chosen year and period; ``opened(warning)`` is called on a double-click."""

    def __init__(self, store: Store, parent: QWidget | None = None, year: int | None = None,
                 opened: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.opened = opened
        self.found: list[plausibility.CheckWarning] = []
        self.setWindowTitle(t("chkd.title"))
        self.year = QSpinBox()
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(year or summary.latest_year(store) or time.localtime().tm_year)
        self.period = QComboBox()
        self.period.setMinimumContentsLength(18)
        self._fill_periods()
        self.year.valueChanged.connect(self._year_changed)
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        hint = QLabel(t("chkd.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.count = QLabel()
        self.count.setObjectName("checksCount")
        self.count.setStyleSheet("font-weight: bold;")

        self.model = TableModel(HEADERS)
        self.table = table_view(self.model, "checksTable", rows=True, single=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # one line a warning; the whole message is its tooltip
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setMinimumHeight(280)
        self.table.doubleClicked.connect(self._double_clicked)

        again = QPushButton(t("chkd.refresh"))
        again.setAutoDefault(False)
        again.clicked.connect(self.reload)
        box = QDialogButtonBox()
        close = QPushButton(t("chkd.close"))
        close.setAutoDefault(False)
        box.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(t("chkd.year")))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel(t("chkd.period")))
        top.addWidget(self.period)
        top.addSpacing(12)
        top.addWidget(again)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        self.reload()
        self.resize(1100, 560)

    def _year_changed(self, _year: int) -> None:
        self._fill_periods()
        self.reload()

    def _fill_periods(self) -> None:
        current = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(t("chkd.all_periods"), None)
        for p in periods.of_year(self.year.value()):
            self.period.addItem(p.label(), p.code)
        self.period.setCurrentIndex(max(current, 0))
        self.period.blockSignals(False)

    def chosen_period(self) -> Period | None:
        code = self.period.currentData()
        return periods.parse(code) if code else None

    def set_period(self, code: str | None, year: int | None = None) -> None:
        """Show a period (``None``: every period of ``year``)."""
        period = periods.parse(code) if code else None
        self.year.setValue(period.year if period else year or self.year.value())
        self.period.setCurrentIndex(max(0, self.period.findData(period.code)) if period else 0)

    def reload(self) -> None:
        self.found = plausibility.findings(self.store, self.year.value(), self.chosen_period())
        rows = []
        for w in self.found:
            message = w.message
            rows.append([Cell(w.place, user=w.commune_id), periods.parse(w.period).label(), w.indicator,
                         Cell(w.show(w.value), background=_ORANGE, align_right=True),
                         Cell(w.show(w.previous), align_right=True), Cell(message, tooltip=message)])
        self.model.set_rows(rows, reset=True)
        self.count.setText(t("chkd.count", n=len(self.found)) if self.found else t("chkd.none"))

    def shown(self) -> list[str]:
        """The rows as text (tests): ``Hà Mòn (Đăk Hà) | Năm 2020 | 17.1 | 99% | 10% | …``."""
        return [" | ".join(self.model.cell(r, c).text for c in range(len(HEADERS))) for r in range(len(self.found))]

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.found) and self.opened is not None:
            self.opened(self.found[index.row()])


def open_in_scorecard(window: Any, warning: plausibility.CheckWarning) -> bool:
    """Show the warning's commune on its period in the scorecard, the indicator's value selected."""
    period = periods.parse(warning.period)
    window.open_commune(warning.commune_id, period.year)
    scorecard = window.scorecard
    if scorecard.current_period() != period:
        scorecard.set_period(period)
        scorecard.reload()
    window.tabs.setCurrentIndex(0)
    model = scorecard.model
    for g, root in enumerate(model.roots):
        for c, crit in enumerate(root.children):
            for i, node in enumerate(crit.children):
                if node.payload.indicator.code == warning.indicator:
                    index = model.index(i, COL["value"], model.index(c, 0, model.index(g, 0)))
                    scorecard.tree.setCurrentIndex(index)
                    scorecard.tree.scrollTo(index)
                    return True
    return False


def checks_dialog(window: Any) -> ChecksDialog:
    """The dialog on the window's database, on the scorecard's year; a double-click opens the cell."""
    dialog = ChecksDialog(window.store, window, year=window.scorecard.year.value())
    dialog.opened = lambda warning: open_in_scorecard(window, warning)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return dialog


def checks(window: Any) -> ChecksDialog:
    """Kế hoạch → Kiểm tra số liệu bất thường…: open the dialog (non-modal: the window stays usable)."""
    dialog = checks_dialog(window)
    dialog.open()
    return dialog
