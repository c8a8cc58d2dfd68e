"""The Kết nghĩa tab: twinnings filtered by date, district and agency; the commune card
(ui/twinning/card.py); reassign and end dialogs (ui/twinning/dialogs.py); contribution
entry with running totals (ui/twinning/contributions.py). Every write goes through
ntm_desktop.twinning and is pushed on the window's undo stack, here."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import twinning as tw
from ntm_desktop import units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ui.table_model import Cell, TableModel, table_view
from ui.twinning.card import CommuneCardBox
from ui.twinning.contributions import ContributionPanel
from ui.twinning.dialogs import AgencyDialog, AssignDialog, DateField, EndDialog, ReassignDialog
from ui.undo import BatchCommand

COLUMNS = ("agency", "level", "district", "commune", "village", "from", "to", "decision", "state")


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
        self.model = TableModel([f"twui.col_{c}" for c in COLUMNS])
        self.table = table_view(self.model, "twinningTable", rows=True, single=True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()  # sized once per reload (ResizeToContents
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # is quadratic)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.card_box = CommuneCardBox(self.store)
        self.card = self.card_box.label
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.card_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([900, 330])

        # -- contributions: the panel's widgets, as the tab's keys and tests reach them -------------------
        self.contributions = ContributionPanel(self.store)
        panel = self.contributions
        self.contrib_title, self.contrib_table, self.totals = panel.contrib_title, panel.contrib_table, panel.totals
        self.c_date, self.c_kind, self.c_quantity = panel.c_date, panel.c_kind, panel.c_quantity
        self.c_amount, self.c_source, self.c_note = panel.c_amount, panel.c_source, panel.c_note
        self.c_add, self.c_delete, self.c_error = panel.c_add, panel.c_delete, panel.c_error

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.contributions)
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
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_reassign())
        self.new_button.clicked.connect(self.open_assign)
        self.reassign_button.clicked.connect(self.open_reassign)
        self.end_button.clicked.connect(self.open_end)
        self.delete_button.clicked.connect(self.delete_selected)
        panel.add_requested.connect(self.add_contribution)
        panel.delete_requested.connect(self.delete_contribution)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.agency_filter.setFocus(), self.agency_filter.selectAll()))
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
        on = self.as_of_day() or date.today()
        rows = []
        for a in found:
            state = ("active" if a.active_on(on) else "future" if a.start > on else "ended")
            cells = [a.agency, t(f"twin.level.{a.agency_level}"), a.district, a.commune, a.village or "",
                     tw.show_date(a.start), tw.show_date(a.end), a.decision or "", t(f"twui.state_{state}")]
            decision = a.start_decision()
            tips = {0: f"{a.agency} — {a.place}", COLUMNS.index("decision"): decision.describe() if decision else None}
            colour = Qt.GlobalColor.darkGray if state == "ended" else None
            rows.append([Cell(value, tooltip=tips.get(column), foreground=colour, user=a.uuid if column == 0 else None)
                         for column, value in enumerate(cells)])
        self.model.set_rows(rows, reset=True)
        for column in range(1, len(COLUMNS)):
            self.table.resizeColumnToContents(column)
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
        self.card_box.show_twinning(current, self.as_of_day() or date.today())
        self.contributions.show_twinning(current)

    # -- contributions ---------------------------------------------------------------------------------------
    def add_contribution(self) -> bool:
        """Record the entry row as a contribution of the selected twinning (undoable)."""
        if self.selected() is None:
            return False
        result = self.contributions.add()
        if result is None:
            return False
        self._pushed(result.batch, result.warnings)
        self.contributions.focus_entry()
        return True

    def delete_contribution(self) -> bool:
        batch = self.contributions.delete()
        if batch is None:
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
