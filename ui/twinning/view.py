"""The Kết nghĩa tab: twinnings filtered by date, district and agency; a card per commune;
reassign and end dialogs; contribution entry with running totals. Every write goes
through ntm_desktop.twinning and is pushed on the window's undo stack."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import twinning as tw
from ntm_desktop import units, values
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ui.twinning.dialogs import AgencyDialog, AssignDialog, DateField, EndDialog, ReassignDialog
from ui.undo import BatchCommand

COLUMNS = ("agency", "level", "district", "commune", "village", "from", "to", "decision", "state")
CONTRIB_COLUMNS = ("date", "kind", "quantity", "unit", "amount", "source", "note")
UUID = Qt.ItemDataRole.UserRole + 1


def _money(amount: int | float | None) -> str:
    return values.format_number(amount or 0)


def _item(value: str, uuid: str | None = None, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(value)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if uuid is not None:
        item.setData(UUID, uuid)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class TwinningView(QWidget):
    """The Kết nghĩa tab (built by the main window as ``TwinningView(window)``)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.store
        self.assignments: list[tw.Assignment] = []
        self.open_dialog: Any = None  # the dialog shown last (tests drive it)

        # -- filters -------------------------------------------------------------------------
        self.as_of_check = QCheckBox(t("twui.as_of"))
        self.as_of_check.setChecked(True)
        self.as_of_check.setToolTip(t("twui.as_of_tip"))
        self.as_of = DateField(date.today())
        self.district = QComboBox()
        self.district.addItem(t("twui.all_districts"), None)
        for district in units.all_of_level(self.store, "district"):
            self.district.addItem(district.name, district.nkey)
        home = self.store.meta("home_district")
        self.district.setCurrentIndex(max(0, self.district.findData(home)) if home else 0)
        self.agency_filter = QLineEdit()
        self.agency_filter.setPlaceholderText(t("twui.find_agency"))
        self.agency_filter.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setStyleSheet("color: #555;")
        filters = QHBoxLayout()
        filters.addWidget(self.as_of_check)
        filters.addWidget(self.as_of)
        filters.addSpacing(12)
        district_label = QLabel(t("twui.district"))
        filters.addWidget(district_label)
        filters.addWidget(self.district)
        filters.addSpacing(12)
        filters.addWidget(self.agency_filter, 1)
        filters.addWidget(self.count)

        # -- actions -------------------------------------------------------------------------------
        self.new_button = QPushButton(t("twui.btn_new"))
        self.reassign_button = QPushButton(t("twui.btn_reassign"))
        self.end_button = QPushButton(t("twui.btn_end"))
        self.delete_button = QPushButton(t("twui.btn_delete"))
        self.agencies_button = QToolButton()
        self.agencies_button.setText(t("twui.btn_agencies"))
        self.agencies_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.agencies_button)
        menu.addAction(t("twui.agency_add"), self.open_agency)
        menu.addAction(t("twui.agency_edit"), lambda: self.open_agency(edit=True))
        self.agencies_button.setMenu(menu)
        actions = QHBoxLayout()
        for button in (self.new_button, self.reassign_button, self.end_button, self.delete_button):
            actions.addWidget(button)
        actions.addWidget(self.agencies_button)
        actions.addStretch(1)
        self.notice = QLabel("")
        self.notice.setObjectName("twinningNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff4d6; color: #6b4a00; padding: 4px; border: 1px solid #e0c070;")
        self.notice.hide()

        # -- assignments table and commune card --------------------------------------------------------
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("twinningTable")
        self.table.setHorizontalHeaderLabels([t(f"twui.col_{c}") for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()  # sized once per reload (ResizeToContents
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # is quadratic)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.card = QLabel(t("twui.card_pick"))
        self.card.setObjectName("communeCard")
        self.card.setWordWrap(True)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.card)
        card_box = QGroupBox(t("twui.card_title"))
        card_layout = QVBoxLayout(card_box)
        card_layout.addWidget(scroll)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(card_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([900, 330])

        # -- contributions --------------------------------------------------------------------------------
        self.contrib_title = QLabel(t("twui.contrib_pick"))
        self.contrib_title.setStyleSheet("font-weight: bold;")
        self.contrib_table = QTableWidget(0, len(CONTRIB_COLUMNS))
        self.contrib_table.setObjectName("contributionTable")
        self.contrib_table.setHorizontalHeaderLabels([t(f"twui.col_{c}") for c in CONTRIB_COLUMNS])
        self.contrib_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contrib_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contrib_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contrib_table.verticalHeader().hide()
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
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.contrib_title)
        bottom_layout.addWidget(self.contrib_table, 1)
        bottom_layout.addLayout(entry)
        bottom_layout.addWidget(self.c_error)
        bottom_layout.addWidget(self.totals)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

        # -- signals and keys -------------------------------------------------------------------------
        self.as_of_check.toggled.connect(self._filters_changed)
        self.as_of.dateChanged.connect(self._filters_changed)
        self.as_of.dateChanged.connect(self.c_date.setDate)  # entries default to the day viewed
        self.district.currentIndexChanged.connect(self._filters_changed)
        self.agency_filter.textChanged.connect(self._filters_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_reassign())
        self.new_button.clicked.connect(self.open_assign)
        self.reassign_button.clicked.connect(self.open_reassign)
        self.end_button.clicked.connect(self.open_end)
        self.delete_button.clicked.connect(self.delete_selected)
        self.c_kind.currentIndexChanged.connect(self._kind_changed)
        self.c_date.dateChanged.connect(lambda _d: self._show_totals(self.selected()))
        self.c_add.clicked.connect(self.add_contribution)
        self.c_delete.clicked.connect(self.delete_contribution)
        for field in (self.c_quantity, self.c_amount, self.c_source, self.c_note):
            field.returnPressed.connect(self.add_contribution)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.agency_filter.setFocus(), self.agency_filter.selectAll()))
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.contrib_table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.delete_contribution)
        self._kind_changed()
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------------
    def as_of_day(self) -> date | None:
        return self.as_of.day() if self.as_of_check.isChecked() else None

    def _filters_changed(self) -> None:
        self.as_of.setEnabled(self.as_of_check.isChecked())
        self.refresh()

    def refresh(self) -> None:
        """Reload the twinnings with the current filters, keeping the selected one."""
        keep = self.selected()
        district = self.district.currentData()
        try:
            found = tw.list_assignments(
                self.store, as_of=self.as_of_day(),
                district=units.by_nkey(self.store, district) if district else None,
                agency=self.agency_filter.text() or None,
            )
        except NtmError as error:
            self._notify([str(error)])
            found = []
        self.assignments = found
        self.table.setUpdatesEnabled(False)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.setRowCount(len(found))
        on = self.as_of_day() or date.today()
        for row, a in enumerate(found):
            state = ("active" if a.active_on(on) else "future" if a.start > on else "ended")
            cells = [a.agency, t(f"twin.level.{a.agency_level}"), a.district, a.commune, a.village or "",
                     tw.show_date(a.start), tw.show_date(a.end), a.decision or "", t(f"twui.state_{state}")]
            for column, value in enumerate(cells):
                item = _item(value, a.uuid if column == 0 else None)
                if column == 0:
                    item.setToolTip(f"{a.agency} — {a.place}")
                if state == "ended":
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
            decision = a.start_decision()
            if decision:
                self.table.item(row, COLUMNS.index("decision")).setToolTip(decision.describe())
        for column in range(1, len(COLUMNS)):
            self.table.resizeColumnToContents(column)
        self.table.blockSignals(False)
        self.table.setUpdatesEnabled(True)
        self.count.setText(t("twui.count", n=len(found), agencies=len({a.agency_uuid for a in found}),
                             communes=len({a.commune_id for a in found})))
        if keep is not None and self.select_uuid(keep.uuid):
            return
        self.table.clearSelection()
        if found:
            self.table.selectRow(0)
        self._selection_changed()  # the row index may be unchanged while its twinning changed

    def selected(self) -> tw.Assignment | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.assignments):
            return None
        return self.assignments[rows[0].row()]

    def current_nkey(self) -> tuple[str, str, None] | None:
        """(natural key, label, value type) of the selected twinning, for a history view."""
        current = self.selected()
        return (current.nkey, f"{current.agency} – {current.place}", None) if current else None

    def select_uuid(self, twinning_uuid: str) -> bool:
        for row, a in enumerate(self.assignments):
            if a.uuid == twinning_uuid:
                self.table.selectRow(row)
                self._selection_changed()
                return True
        return False

    def _selection_changed(self) -> None:
        current = self.selected()
        for button in (self.reassign_button, self.end_button):
            button.setEnabled(current is not None and current.end is None)
        self.delete_button.setEnabled(current is not None)
        for widget in (self.c_add, self.c_delete, self.c_date, self.c_kind, self.c_quantity,
                       self.c_amount, self.c_source, self.c_note):
            widget.setEnabled(current is not None)
        self._show_card(current)
        self._show_contributions(current)

    # -- the commune card ----------------------------------------------------------------------------------
    def _show_card(self, current: tw.Assignment | None) -> None:
        if current is None:
            self.card.setText(t("twui.card_pick"))
            return
        on = self.as_of_day() or date.today()
        card = tw.commune_card(self.store, units.get(self.store, current.commune_id), on)

        def line(a: tw.Assignment, span: str) -> str:
            where = f" — {a.village}" if a.village else ""
            decision = f"<br><span style='color:#555'>{t('twui.decision_short', d=a.decision)}</span>" if a.decision else ""
            bold = "<b>{}</b>" if a.uuid == current.uuid else "{}"
            return f"<li>{bold.format(a.agency)}{where}<br>{span}{decision}</li>"

        def block(title: str, items: list[str]) -> str:
            body = "".join(items) or f"<li><i>{t('twui.card_none')}</i></li>"
            return f"<p style='margin-bottom:0'><b>{title}</b></p><ul style='margin-top:2px'>{body}</ul>"

        html = [f"<h3 style='margin-bottom:2px'>Xã {card.commune.name}</h3>"
                f"<div style='color:#555'>{card.district}{' · ĐBKK' if card.commune.dbkk else ''}</div>"]
        html.append(block(t("twui.card_current", day=tw.show_date(on)),
                          [line(a, t("twui.since", day=tw.show_date(a.start))) for a in card.current]))
        html.append(block(t("twui.card_past"),
                          [line(a, f"{tw.show_date(a.start)} – {tw.show_date(a.end)}") for a in card.past]))
        if card.upcoming:
            html.append(block(t("twui.card_upcoming"),
                              [line(a, t("twui.since", day=tw.show_date(a.start))) for a in card.upcoming]))
        self.card.setText("".join(html))

    # -- contributions ---------------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = tw.KIND_BY_CODE[self.c_kind.currentData()]
        self.c_quantity.setEnabled(not kind.money and self.selected() is not None)
        self.c_quantity.setPlaceholderText("—" if kind.money else t("twui.quantity_ph", unit=kind.unit()))
        if kind.money:
            self.c_quantity.clear()

    def _show_contributions(self, current: tw.Assignment | None) -> None:
        self.c_error.hide()
        if current is None:
            self.contrib_title.setText(t("twui.contrib_pick"))
            self.contrib_table.setRowCount(0)
            self.totals.setText("")
            return
        self._kind_changed()
        self.contrib_title.setText(t("twui.contrib_title", what=f"{current.agency} – {current.place}"))
        rows = tw.list_contributions(self.store, twinning=current, assignments=[current])
        self.contrib_table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            c, kind = entry.contribution, entry.contribution.kind_info()
            cells = [
                (tw.show_date(c.on), False), (kind.label(), False),
                ("" if c.quantity is None else values.format_number(c.quantity), True),
                ("đồng" if kind.money else kind.unit(), False),
                ("" if c.amount is None else _money(c.amount), True),
                (c.source or "", False), (c.note or "", False),
            ]
            for column, (value, right) in enumerate(cells):
                self.contrib_table.setItem(row, column, _item(value, c.uuid if column == 0 else None, right))
        self.contrib_table.resizeColumnsToContents()
        self._show_totals(current)

    def _show_totals(self, current: tw.Assignment | None) -> None:
        """Running totals of the selected twinning: the entry date's year, and to date."""
        if current is None:
            self.totals.setText("")
            return
        year = self.c_date.day().year
        self.totals.setText(
            f"<b>{t('twui.totals_year', year=year)}:</b> {self._totals_text(tw.running_totals(self.store, current, year))}"
            f"<br><b>{t('twui.totals_all')}:</b> {self._totals_text(tw.running_totals(self.store, current))}"
        )

    @staticmethod
    def _totals_text(sums: dict[str, tuple[float, int]]) -> str:
        if not sums:
            return t("twui.totals_none")
        parts, value = [], 0
        for kind in tw.CONTRIBUTION_KINDS:
            if kind.code not in sums:
                continue
            quantity, amount = sums[kind.code]
            value += amount
            figure = f"{_money(amount)} đồng" if kind.money else f"{values.format_number(quantity)} {kind.unit()}"
            parts.append(f"{kind.label()} {figure}")
        return " · ".join(parts) + f" — {t('twui.totals_value', value=_money(value))}"

    def add_contribution(self) -> bool:
        """Record the entry row as a contribution of the selected twinning (undoable)."""
        current = self.selected()
        if current is None:
            return False
        try:
            result = tw.add_contribution(
                self.store, current, self.c_date.day(), self.c_kind.currentData(),
                quantity=self.c_quantity.text() or None, amount=self.c_amount.text() or None,
                source=self.c_source.text(), note=self.c_note.text(),
            )
        except NtmError as error:
            self.c_error.setText(str(error))
            self.c_error.show()
            return False
        for field in (self.c_quantity, self.c_amount, self.c_note):
            field.clear()
        self._pushed(result.batch, result.warnings)
        (self.c_quantity if self.c_quantity.isEnabled() else self.c_amount).setFocus()
        return True

    def delete_contribution(self) -> bool:
        rows = self.contrib_table.selectionModel().selectedRows()
        if not rows:
            return False
        item = self.contrib_table.item(rows[0].row(), 0)
        try:
            batch = tw.delete_contribution(self.store, item.data(UUID))
        except NtmError as error:
            self.c_error.setText(str(error))
            self.c_error.show()
            return False
        self._pushed(batch, [])
        return True

    # -- writes through dialogs ---------------------------------------------------------------------------
    def _pushed(self, batch: audit.Batch | None, warnings: list[str]) -> None:
        """Put a done write on the undo stack, reload, and show its warnings."""
        if batch is not None and batch.count:
            label = batch.label or ""
            self.window_.undo_stack.push(BatchCommand(self.store, batch, label, self.window_.refresh))
            self.window_.statusBar().showMessage(t("twui.saved", what=label), 8000)
            self.window_.refresh()
        self._notify(warnings)

    def _notify(self, warnings: list[str]) -> None:
        if warnings:
            self.notice.setText(f"<b>{t('twui.note_title')}:</b> " + "<br>".join(warnings))
            self.notice.show()
        else:
            self.notice.hide()

    def _after_dialog(self, dialog: Any) -> None:
        result = dialog.result_
        if result is None:
            if dialog.batch is not None:
                self._pushed(dialog.batch, [])
            return
        self._pushed(result.batch, result.warnings)
        if result.assignment is not None:
            self.reveal(result.assignment.uuid)

    def reveal(self, twinning_uuid: str) -> bool:
        """Select a twinning, widening the filters (district, then date) if they hide it."""
        if self.select_uuid(twinning_uuid):
            return True
        self.agency_filter.clear()
        self.district.setCurrentIndex(0)
        if not self.select_uuid(twinning_uuid) and self.as_of_check.isChecked():
            self.as_of_check.setChecked(False)
        return self.select_uuid(twinning_uuid)

    def _open(self, dialog: Any) -> Any:
        dialog.finished.connect(lambda code: code and self._after_dialog(dialog))
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _need_selection(self) -> tw.Assignment | None:
        current = self.selected()
        if current is None:
            self.window_.statusBar().showMessage(t("twui.pick_row"), 6000)
        return current

    def open_assign(self) -> AssignDialog:
        district = self.district.currentData() or self.store.meta("home_district")
        return self._open(AssignDialog(self.store, self, district, self.as_of_day() or date.today()))

    def open_reassign(self) -> ReassignDialog | None:
        current = self._need_selection()
        if current is None or current.end is not None:
            return None
        return self._open(ReassignDialog(self.store, current, self, self.as_of_day() or date.today()))

    def open_end(self) -> EndDialog | None:
        current = self._need_selection()
        if current is None or current.end is not None:
            return None
        return self._open(EndDialog(self.store, current, self, self.as_of_day() or date.today()))

    def open_agency(self, edit: bool = False) -> AgencyDialog | None:
        agency = None
        if edit:
            current = self._need_selection()
            if current is None:
                return None
            agency = tw.get_agency(self.store, current.agency_uuid)
        district = self.district.currentData() or self.store.meta("home_district")
        return self._open(AgencyDialog(self.store, agency, self, district))

    def delete_selected(self) -> bool:
        current = self._need_selection()
        if current is None:
            return False
        n = len(tw.list_contributions(self.store, twinning=current, assignments=[current]))
        answer = QMessageBox.question(
            self, t("twui.btn_delete").replace("&", ""),
            t("twui.confirm_delete", what=f"{current.agency} – {current.place}", n=n),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._pushed(tw.delete_assignment(self.store, current), [])
        return True
