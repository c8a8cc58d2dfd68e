"""Small dialogs: first run (province, district, demo) and the history of a value."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import units, values
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store


def local_time(iso: str) -> str:
    """ISO UTC → ``dd/mm/yyyy HH:MM`` in local time."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M")


class FirstRunDialog(QDialog):
    """Asks for the province and district; offers the demo dataset."""

    DEMO = 2

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("first.title"))
        self.store = store
        intro = QLabel(t("first.intro"))
        intro.setWordWrap(True)
        self.province = QComboBox()
        self.district = QComboBox()
        for province in units.all_of_level(store, "province"):
            self.province.addItem(province.name, province.nkey)
        self.province.currentIndexChanged.connect(self._fill_districts)
        self._fill_districts()
        form = QFormLayout()
        form.addRow(t("first.province"), self.province)
        form.addRow(t("first.district"), self.district)
        buttons = QDialogButtonBox()
        start = buttons.addButton(t("first.start"), QDialogButtonBox.ButtonRole.AcceptRole)
        start.setDefault(True)
        self.demo_button = QPushButton(t("first.demo"))
        self.demo_button.setObjectName("demoButton")
        self.demo_button.clicked.connect(lambda: self.done(self.DEMO))
        buttons.accepted.connect(self.accept)
        note = QLabel(t("first.demo_note"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.demo_button)
        layout.addWidget(note)
        self.resize(460, 260)

    def _fill_districts(self) -> None:
        self.district.clear()
        self.district.addItem(t("first.all"), None)
        province = units.by_nkey(self.store, self.province.currentData() or "")
        if province:
            for district in units.children(self.store, province.id, "district"):
                self.district.addItem(district.name, district.nkey)

    def choice(self) -> tuple[str | None, str | None]:
        return self.province.currentData(), self.district.currentData()


def _dmy(iso: str | None) -> str:
    """2024-06-15 → 15/06/2024 (the window shows dates day first)."""
    if not iso:
        return ""
    year, month, day = str(iso)[:10].split("-")
    return f"{day}/{month}/{year}"


def _describe(state: dict | None, value_type: str | None) -> str:
    if state is None:
        return "∅"
    if "value" in state:
        text = values.display(value_type or "text", state["value"])
    elif "official" in state:
        text = {1: t("status.met"), 0: t("status.not_met"), None: "—"}[state["official"]]
    elif "date_from" in state:  # a twinning: its dates and decision
        text = f"{_dmy(state['date_from'])} – {_dmy(state.get('date_to')) or '…'}"
        if state.get("decision"):
            text = f"{text}, {state['decision']}"
        if state.get("deleted"):
            text = f"{text} ✗"
    else:
        text = state.get("name", "")
    if state.get("note"):
        text = f"{text} ({state['note']})"
    return str(text)


class HistoryDialog(QDialog):
    """Who changed a value, when, and old → new."""

    def __init__(
        self, store: Store, nkey: str, label: str, value_type: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("history.title", what=label))
        entries = audit.history(store, nkey)
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(
            [t("history.when"), t("history.who"), t("history.change"), t("history.how")]
        )
        for row, entry in enumerate(entries):
            cells = [
                local_time(entry.at),
                entry.user or "",
                f"{_describe(entry.old, value_type)} → {_describe(entry.new, value_type)}",
                t(f"source.{entry.source}"),
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        if not entries:
            layout.addWidget(QLabel(t("history.none")))
        layout.addWidget(self.table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(640, 320)
