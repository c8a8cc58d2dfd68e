"""Small dialogs: first run (province, district, demo) and the history of a value."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import national
from ui.province_chooser import ProvinceChooser
from ui.table_model import TableModel, table_view
from ui.worker import Task

DEFAULT_PROVINCE = "62"  # Kon Tum, the built-in 2020 list: the choice offered first


def focus_first_field(dialog: QWidget) -> QWidget | None:
    """Put the keyboard on the dialog's first input field in tab order (never on a button, so
    that Enter does not save before anything was typed); returns it, or None if there is none."""
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog:
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if (takes_tab and widget.isVisibleTo(dialog) and widget.isEnabled()
                and not isinstance(widget, QAbstractButton) and widget.window() is dialog):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return widget
        widget = widget.nextInFocusChain()
    return None


SAVE_FOLDER_KEY = "files/save_folder"  # QSettings: the folder a file was last saved to


def documents_folder() -> Path:
    """The user's Documents folder (the home folder where there is none: a save dialog given a
    folder that does not exist opens in the program's working folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def suggested_path(name: str, settings: QSettings | None) -> str:
    """``name`` in the folder a file was last saved to (remembered in ``settings``, the program's
    QSettings), else in Documents: a save dialog never opens in the program's working folder."""
    last = settings.value(SAVE_FOLDER_KEY) if settings is not None else None
    folder = Path(str(last)) if last else None
    return str((folder if folder is not None and folder.is_dir() else documents_folder()) / name)


def remember_folder(path: str | Path, settings: QSettings | None) -> None:
    """Remember the folder of a file the person chose to save, for the next :func:`suggested_path`."""
    if settings is not None:
        settings.setValue(SAVE_FOLDER_KEY, str(Path(path).parent))


def local_time(iso: str) -> str:
    """ISO UTC → ``dd/mm/yyyy HH:MM`` in local time."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M")


class FirstRunDialog(QDialog):
    """Asks for the province (any of either era, searchable) and the district where the province
    has districts; offers the demo dataset. Accepting loads the province chosen with the core's
    loader (:func:`ntm_desktop.units.load_provinces`), off the main thread, with a progress
    dialog when it takes more than 0.3 s (one province took 0.03-0.15 s here, December 2026;
    a district laptop may be slower); a province the database already holds is not loaded again."""

    DEMO = 2
    PROGRESS_AFTER_MS = 300

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("first.title"))
        self.store = store
        self.loaded: national.Loaded | None = None
        self._task: Task | None = None
        intro = QLabel(t("first.intro"))
        intro.setWordWrap(True)
        self.province = ProvinceChooser()
        self.district = QComboBox()
        self.district.setObjectName("districtChoice")
        self.province.changed.connect(self._fill_districts)
        self.province.activated.connect(self.accept)
        held = [p.nkey for p in units.all_of_level(store, "province")]
        if not any(self.province.select(nkey) for nkey in held):
            self.province.select(national.nkey(national.BEFORE, DEFAULT_PROVINCE))
        form = QFormLayout()
        form.addRow(t("first.province"), self.province)
        form.addRow(t("first.district"), self.district)
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(t("first.start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setDefault(True)
        self.demo_button = QPushButton(t("first.demo"))
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(lambda: self.done(self.DEMO))
        self.buttons.accepted.connect(self.accept)
        note = QLabel(t("first.demo_note"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        layout.addSpacing(12)
        layout.addWidget(self.demo_button)
        layout.addWidget(note)
        self.resize(520, 520)
        self.province.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.province.setFocus()  # the search field first: typing finds the province
        self.province.list.scrollTo(self.province.list.currentIndex(), QListView.ScrollHint.PositionAtCenter)

    def _fill_districts(self) -> None:
        """The districts of a province of the list before 1 July 2025 (the database's spelling
        where it holds them: Kon Tum's own "Đăk Glei", else the GSO's); none after."""
        chosen = self.province.current()
        self.district.clear()
        if chosen is None or chosen.era == national.AFTER:
            self.district.addItem(t("first.no_districts") if chosen else "", None)
            self.district.setEnabled(False)
            return
        self.district.setEnabled(True)
        self.district.addItem(t("first.all"), None)
        data = national.lists()
        found = []
        for code in data.children[chosen.era].get(chosen.code, []):
            key = national.nkey(chosen.era, code)
            held = units.by_nkey(self.store, key)
            found.append((held.name if held else data.units[chosen.era][code]["name"], key))
        for name, key in sorted(found, key=lambda item: text.sort_key(item[0])):
            self.district.addItem(name, key)

    def remember(self, district: str) -> None:
        """Choose the district remembered from an earlier start, and its province."""
        code = district.partition(":")[2]
        unit = national.lists().units[national.BEFORE].get(code)
        if unit and unit["parent"]:
            self.province.select(national.nkey(national.BEFORE, unit["parent"]))
        if self.district.findData(district) >= 0:
            self.district.setCurrentIndex(self.district.findData(district))

    def choice(self) -> tuple[str | None, str | None]:
        return self.province.currentData(), self.district.currentData()

    def accept(self) -> None:
        chosen = self.province.current()
        if self._task is not None:
            return  # loading already
        if chosen is None:
            self.province.setFocus()
            return
        if units.by_nkey(self.store, chosen.nkey) is not None:
            super().accept()
            return
        picked = [(chosen.era, chosen.code)]
        task = Task(self, t("first.loading", name=chosen.label()),
                    lambda _progress, _cancelled: units.load_provinces(self.store, picked))
        task.dialog.setCancelButton(None)  # one transaction: nothing to stop half-way
        task.dialog.setMinimumDuration(self.PROGRESS_AFTER_MS)
        task.dialog.setValue(0)  # starts Qt's timer: shown after PROGRESS_AFTER_MS, never before
        task.done.connect(self._loaded)
        task.error.connect(self._failed)
        self._task = task
        self._enable(False)
        task.start()

    def _enable(self, on: bool) -> None:
        for widget in (self.province, self.district, self.buttons, self.demo_button):
            widget.setEnabled(on)
        if on:
            self._fill_districts()

    def _loaded(self, result: object) -> None:
        self._task = None
        self.loaded = result if isinstance(result, national.Loaded) else None
        self._enable(True)
        super().accept()

    def _failed(self, error: object) -> None:
        self._task = None
        self._enable(True)
        QMessageBox.warning(self, t("first.load_failed"), str(error))
        if not isinstance(error, NtmError | sqlite3.Error):
            raise error  # type: ignore[misc]


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
