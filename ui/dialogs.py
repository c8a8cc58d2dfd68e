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
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import units
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ui.table_model import TableModel, table_view


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


def _describe(entity: str, state: dict | None, value_type: str | None) -> str:
    """A state as the history shows it: its kind says how (ntm_desktop.history.KINDS)."""
    # imported when the dialog opens, not at start-up: ntm_desktop.history imports every
    # domain package, sync's entities and reports (30 ms measured after the window's own imports)
    from ntm_desktop import history

    return history.show(entity, state, value_type)


class HistoryDialog(QDialog):
    """Who changed a value, when, and old → new."""

    def __init__(
        self, store: Store, nkey: str, label: str, value_type: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("history.title", what=label))
        entries = audit.history(store, nkey)
        self.model = TableModel(["history.when", "history.who", "history.change", "history.how"])
        self.table = table_view(self.model, "historyTable", self, row_numbers=True)
        self.model.set_rows([
            (
                local_time(entry.at),
                entry.user or "",
                f"{_describe(entry.entity, entry.old, value_type)} → {_describe(entry.entity, entry.new, value_type)}",
                t(f"source.{entry.source}"),
            )
            for entry in entries
        ])
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
