"""Conflicts kept from imports, reviewed side by side: keep the current value or choose the other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.sync.merge import conflicts as core
from ui.dialogs import local_time
from ui.table_model import Cell, TableModel, table_view


class _Side(QGroupBox):
    """One of the two values: what it is, who changed it, on which installation, when."""

    def __init__(self, title: str, button: str) -> None:
        super().__init__(title)
        self.value = QLabel("—")
        self.value.setObjectName("conflictValue")
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setStyleSheet("font-size: 15pt; font-weight: bold; padding: 6px;")
        self.by = QLabel()
        self.installation = QLabel()
        self.installation.setWordWrap(True)
        self.at = QLabel()
        self.button = QPushButton(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.by)
        layout.addWidget(self.installation)
        layout.addWidget(self.at)
        layout.addStretch(1)
        layout.addWidget(self.button)

    def show_side(self, side: core.Side | None) -> None:
        if side is None:
            self.value.setText("—")
            for label in (self.by, self.installation, self.at):
                label.setText("")
            return
        self.value.setText(side.value or "—")
        self.by.setText(t("sconf.by", user=side.by or "?"))
        self.installation.setText(t("sconf.on", installation=side.installation_name))
        self.at.setText(t("sconf.at", when=local_time(side.at) if side.at else "?"))


class ConflictsPanel(QWidget):
    """The list of conflicts and, for the one selected, both values side by side."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.store = window.store
        self.items: list[core.Conflict] = []
        self.show_resolved = QCheckBox(t("sconf.show_resolved"))
        self.show_resolved.toggled.connect(self.reload)
        self.count = QLabel()
        self.count.setObjectName("conflictCount")
        top = QHBoxLayout()
        top.addWidget(self.show_resolved)
        top.addStretch(1)
        top.addWidget(self.count)
        self.model = TableModel([f"sconf.col_{c}" for c in ("id", "what", "state", "detected")])
        self.table = table_view(self.model, "conflictTable", rows=True, single=True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.what = QLabel(t("sconf.pick"))
        self.what.setObjectName("conflictWhat")
        self.what.setWordWrap(True)
        self.what.setStyleSheet("font-weight: bold;")
        self.state = QLabel()
        self.state.setStyleSheet("color: #555;")
        self.current = _Side(t("sconf.current"), t("sconf.keep"))
        self.other = _Side(t("sconf.other"), t("sconf.choose"))
        self.current.setStyleSheet("QGroupBox { background: #eef7ee; }")
        self.other.setStyleSheet("QGroupBox { background: #fff4e5; }")
        self.current.button.clicked.connect(lambda: self.resolve("current"))
        self.other.button.clicked.connect(lambda: self.resolve("other"))
        sides = QHBoxLayout()
        sides.addWidget(self.current)
        sides.addWidget(self.other)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.what)
        detail_layout.addWidget(self.state)
        detail_layout.addLayout(sides, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([520, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.reload()

    def reload(self) -> None:
        everything = core.list_conflicts(self.store)
        self.items = [c for c in everything if c.open or self.show_resolved.isChecked()]
        open_count = sum(1 for c in everything if c.open)
        self.count.setText(t("sconf.count", open=open_count, all=len(everything)))
        rows = []
        for conflict in self.items:
            state = t("conf.open") if conflict.open else t(f"conf.res.{conflict.resolution}")
            cells = (str(conflict.id), conflict.what, state, local_time(conflict.detected_at))
            rows.append([
                Cell(value, tooltip=value, user=conflict.id,
                     foreground=Qt.GlobalColor.darkRed if conflict.open and column == 2 else None)
                for column, value in enumerate(cells)
            ])
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        if self.items:
            self.table.selectRow(0)
        else:
            self.what.setText(t("sconf.none") if not everything else t("sconf.pick"))
            self._show(None)

    def selected(self) -> core.Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selected(self) -> None:
        self._show(self.selected())

    def _show(self, conflict: core.Conflict | None) -> None:
        self.current.show_side(conflict.current if conflict else None)
        self.other.show_side(conflict.other if conflict else None)
        can_act = conflict is not None and conflict.open
        self.current.button.setEnabled(can_act)
        self.other.button.setEnabled(can_act)
        if conflict is None:
            self.state.setText("")
            return
        self.what.setText(f"#{conflict.id} · {conflict.what}")
        self.state.setText("" if conflict.open else t(
            "sconf.resolved", how=t(f"conf.res.{conflict.resolution}"),
            when=local_time(conflict.resolved_at or "")))

    def resolve(self, keep: str) -> core.Conflict | None:
        conflict = self.selected()
        if conflict is None:
            return None
        try:
            resolved, _batch = core.resolve(self.store, conflict.id, keep)
        except NtmError as error:
            QMessageBox.warning(self, t("sconf.title"), str(error))
            return None
        message = "conf.resolved_kept" if keep == "current" else "conf.resolved_other"
        self.window_.statusBar().showMessage(t(message, id=conflict.id), 8000)
        self.window_.refresh()
        self.reload()
        return resolved
