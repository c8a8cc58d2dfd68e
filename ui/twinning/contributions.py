"""The Kết nghĩa tab's lower half: the contributions of the selected twinning, the entry row
(date, kind, quantity, amount, source, note) and the running totals.

The panel reads and checks; the tab writes (it owns the undo stack): ``add_requested`` and
``delete_requested`` ask it to, and it calls :meth:`ContributionPanel.add` and
:meth:`ContributionPanel.delete`."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import twinning as tw
from ntm_desktop import values
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ui.table_model import Cell, TableModel, table_view
from ui.twinning.dialogs import DateField

CONTRIB_COLUMNS = ("date", "kind", "quantity", "unit", "amount", "source", "note")


def money(amount: int | float | None) -> str:
    return values.format_number(amount or 0)


def totals_text(sums: dict[str, tuple[float, int]]) -> str:
    """One line of running totals: each kind's quantity or amount, then the value in all."""
    if not sums:
        return t("twui.totals_none")
    parts, value = [], 0
    for kind in tw.CONTRIBUTION_KINDS:
        if kind.code not in sums:
            continue
        quantity, amount = sums[kind.code]
        value += amount
        figure = f"{money(amount)} đồng" if kind.money else f"{values.format_number(quantity)} {kind.unit()}"
        parts.append(f"{kind.label()} {figure}")
    return " · ".join(parts) + f" — {t('twui.totals_value', value=money(value))}"


class ContributionPanel(QWidget):
    """Contributions of one twinning (``current``), with the entry row below them."""

    add_requested = Signal()  # Thêm, or Enter in a field of the entry row
    delete_requested = Signal()  # Xoá đóng góp, or the Delete key in the table

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.current: tw.Assignment | None = None
        self.contrib_title = QLabel(t("twui.contrib_pick"))
        self.contrib_title.setStyleSheet("font-weight: bold;")
        self.model = TableModel([f"twui.col_{c}" for c in CONTRIB_COLUMNS])
        self.contrib_table = table_view(self.model, "contributionTable", rows=True, single=True)
        self.contrib_table.verticalHeader().setDefaultSectionSize(24)
        self.contrib_table.setWordWrap(False)
        self.contrib_table.horizontalHeader().setStretchLastSection(True)
        self.c_date = DateField(date.today())
        self.c_kind = QComboBox()
        for kind in tw.CONTRIBUTION_KINDS:
            self.c_kind.addItem(kind.label(), kind.code)
        self.c_quantity = QLineEdit()
        self.c_amount = QLineEdit()
        self.c_amount.setPlaceholderText(t("twui.amount_ph"))
        self.c_source = QLineEdit()
        self.c_source.setPlaceholderText(t("twui.source_ph"))
        self.c_note = QLineEdit()
        self.c_note.setPlaceholderText(t("twui.note_ph"))
        self.c_add = QPushButton(t("twui.add"))
        self.c_delete = QPushButton(t("twui.delete_contrib"))
        entry = QHBoxLayout()
        entry.addWidget(self.c_date)
        entry.addWidget(self.c_kind, 2)
        entry.addWidget(self.c_quantity, 1)
        entry.addWidget(self.c_amount, 2)
        entry.addWidget(self.c_source, 1)
        entry.addWidget(self.c_note, 2)
        entry.addWidget(self.c_add)
        entry.addWidget(self.c_delete)
        self.c_error = QLabel("")
        self.c_error.setObjectName("contributionError")
        self.c_error.setWordWrap(True)
        self.c_error.setStyleSheet("color: #b3261e;")
        self.c_error.hide()
        self.totals = QLabel("")
        self.totals.setObjectName("runningTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.contrib_title)
        layout.addWidget(self.contrib_table, 1)
        layout.addLayout(entry)
        layout.addWidget(self.c_error)
        layout.addWidget(self.totals)

        self.c_kind.currentIndexChanged.connect(self.kind_changed)
        self.c_date.dateChanged.connect(lambda _d: self.show_totals())
        self.c_add.clicked.connect(self.add_requested)
        self.c_delete.clicked.connect(self.delete_requested)
        for field in (self.c_quantity, self.c_amount, self.c_source, self.c_note):
            field.returnPressed.connect(self.add_requested)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.contrib_table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.delete_requested)
        self.kind_changed()

    def kind_changed(self) -> None:
        kind = tw.KIND_BY_CODE[self.c_kind.currentData()]
        self.c_quantity.setEnabled(not kind.money and self.current is not None)
        self.c_quantity.setPlaceholderText("—" if kind.money else t("twui.quantity_ph", unit=kind.unit()))
        if kind.money:
            self.c_quantity.clear()

    def show_twinning(self, current: tw.Assignment | None) -> None:
        """Show the contributions of ``current`` (None: nothing selected, entry disabled)."""
        self.current = current
        for widget in (self.c_add, self.c_delete, self.c_date, self.c_kind, self.c_quantity,
                       self.c_amount, self.c_source, self.c_note):
            widget.setEnabled(current is not None)
        self.c_error.hide()
        if current is None:
            self.contrib_title.setText(t("twui.contrib_pick"))
            self.model.set_rows([])
            self.totals.setText("")
            return
        self.kind_changed()
        self.contrib_title.setText(t("twui.contrib_title", what=f"{current.agency} – {current.place}"))
        rows = []
        for entry in tw.list_contributions(self.store, twinning=current, assignments=[current]):
            c, kind = entry.contribution, entry.contribution.kind_info()
            rows.append([
                Cell(tw.show_date(c.on), user=c.uuid), kind.label(),
                Cell("" if c.quantity is None else values.format_number(c.quantity), align_right=True),
                "đồng" if kind.money else kind.unit(),
                Cell("" if c.amount is None else money(c.amount), align_right=True),
                c.source or "", c.note or "",
            ])
        self.model.set_rows(rows)
        self.contrib_table.resizeColumnsToContents()
        self.show_totals()

    def show_totals(self) -> None:
        """Running totals of the twinning shown: the entry date's year, and to date."""
        current = self.current
        if current is None:
            self.totals.setText("")
            return
        year = self.c_date.day().year
        self.totals.setText(
            f"<b>{t('twui.totals_year', year=year)}:</b> {totals_text(tw.running_totals(self.store, current, year))}"
            f"<br><b>{t('twui.totals_all')}:</b> {totals_text(tw.running_totals(self.store, current))}"
        )

    def _refused(self, error: NtmError) -> None:
        self.c_error.setText(str(error))
        self.c_error.show()

    def add(self) -> tw.ContribResult | None:
        """Record the entry row as a contribution of the twinning shown (None: refused, the
        reason shown under the row)."""
        if self.current is None:
            return None
        try:
            result = tw.add_contribution(
                self.store, self.current, self.c_date.day(), self.c_kind.currentData(),
                quantity=self.c_quantity.text() or None, amount=self.c_amount.text() or None,
                source=self.c_source.text(), note=self.c_note.text(),
            )
        except NtmError as error:
            self._refused(error)
            return None
        for field in (self.c_quantity, self.c_amount, self.c_note):
            field.clear()
        return result

    def focus_entry(self) -> None:
        """Back to the first field of the entry row, for the next contribution."""
        (self.c_quantity if self.c_quantity.isEnabled() else self.c_amount).setFocus()

    def delete(self) -> audit.Batch | None:
        """Delete the contribution selected: its batch, or None when none is selected or the
        deletion was refused (the reason shown under the entry row)."""
        rows = self.contrib_table.selectionModel().selectedRows()
        if not rows:
            return None
        try:
            return tw.delete_contribution(self.store, self.model.user_value(rows[0].row(), 0))
        except NtmError as error:
            self._refused(error)
            return None
