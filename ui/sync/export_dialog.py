"""Xuất gói dữ liệu: where (a USB stick found, or a folder), for whom, what; then write and check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ntm_desktop import units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.sync.package import export, places
from ntm_desktop.sync.package import scope as scope_mod
from ntm_desktop.sync.trust import ledger, peers
from ui.dialogs import local_time
from ui.worker import Task


def _job(db_path: Path, folder: Path, options: dict[str, Any]) -> Any:
    def job(progress: Any, cancelled: Any) -> export.ExportResult:
        store = open_database(db_path, create=False)
        try:
            return export.export_package(store, folder, progress=progress, cancelled=cancelled, **options)
        finally:
            store.close()

    return job


class ExportDialog(QDialog):
    """Choose the stick (or a folder), the peer and the scope; write the package in a worker."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.store
        self.result_: export.ExportResult | None = None
        self.error: str | None = None
        self.setWindowTitle(t("sexp.title"))
        self.drives = QListWidget()
        self.drives.setObjectName("driveList")
        self.drives.setMaximumHeight(90)
        self.no_drive = QLabel(t("sexp.no_drive"))
        self.no_drive.setWordWrap(True)
        self.no_drive.setStyleSheet("color: #6b4a00;")
        self.folder = QLineEdit()
        self.folder.setObjectName("exportFolder")
        self.folder.setReadOnly(True)
        rescan = QPushButton(t("sexp.rescan"))
        rescan.clicked.connect(self.find_drives)
        choose = QPushButton(t("sexp.folder"))
        choose.clicked.connect(self.choose_folder)
        self.drives.currentItemChanged.connect(self._drive_chosen)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(rescan)
        folder_row.addWidget(choose)
        where = QVBoxLayout()
        self.drives_label = QLabel(t("sexp.drives"))
        where.addWidget(self.drives_label)
        where.addWidget(self.drives)
        where.addWidget(self.no_drive)
        where.addLayout(folder_row)

        self.peer = QComboBox()
        self.peer.setObjectName("exportPeer")
        self.peer.addItem(t("sexp.anyone"), None)
        for peer in peers.list_peers(self.store):
            if peer.status == "trusted":
                self.peer.addItem(peer.name, peer.installation)
        self.full = QCheckBox(t("sexp.full"))
        self.since = QLabel()
        self.since.setStyleSheet("color: #555;")
        self.scope_all = QRadioButton(t("sexp.scope_all"))
        self.scope_district = QRadioButton(t("sexp.scope_district"))
        self.scope_communes = QRadioButton(t("sexp.scope_communes"))
        group = QButtonGroup(self)
        for button in (self.scope_all, self.scope_district, self.scope_communes):
            group.addButton(button)
        self.district = QComboBox()
        for unit in units.all_of_level(self.store, "district"):
            self.district.addItem(unit.name, unit.id)
        home = units.by_nkey(self.store, self.store.meta("home_district") or "")
        if home is not None:
            self.district.setCurrentIndex(max(0, self.district.findData(home.id)))
        self.communes = QListWidget()
        self.communes.setObjectName("exportCommunes")
        self.communes.setMaximumHeight(140)
        self.scope_all.setChecked(True)
        for widget in (self.scope_all, self.scope_district, self.scope_communes):
            widget.toggled.connect(self._scope_changed)
        self.district.currentIndexChanged.connect(self._fill_communes)
        self.peer.currentIndexChanged.connect(self._explain)
        self.full.toggled.connect(self._explain)
        scope_row = QHBoxLayout()
        for widget in (self.scope_all, self.scope_district, self.scope_communes):
            scope_row.addWidget(widget)
        scope_row.addStretch(1)
        form = QFormLayout()
        form.addRow(t("sexp.for"), self.peer)
        form.addRow("", self.full)
        form.addRow("", self.since)
        form.addRow(t("sexp.scope"), scope_row)
        form.addRow("", self.district)
        form.addRow("", self.communes)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("simp.close"))
        self.run_button = self.buttons.addButton(t("sexp.run"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(lambda: self.run_export())
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(t("sexp.where"))
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addLayout(where)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._fill_communes()
        self._scope_changed()
        self.find_drives()
        self._explain()
        self.resize(640, 480)

    # -- choices -----------------------------------------------------------------------
    def find_drives(self) -> list[Path]:
        found = places.removable_drives()
        self.drives.clear()
        for drive in found:
            item = QListWidgetItem(f"💾 {drive}")
            item.setData(Qt.ItemDataRole.UserRole, str(drive))
            self.drives.addItem(item)
        self.drives.setVisible(bool(found))
        self.drives_label.setVisible(bool(found))
        self.no_drive.setVisible(not found)
        if found:
            self.drives.setCurrentRow(0)
        return found

    def _drive_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.folder.setText(item.data(Qt.ItemDataRole.UserRole))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, t("sexp.folder"), self.folder.text() or str(Path.home()))
        if folder:
            self.folder.setText(folder)

    def _fill_communes(self) -> None:
        self.communes.clear()
        district_id = self.district.currentData()
        if district_id is None:
            return
        for unit in units.children(self.store, district_id, "commune"):
            item = QListWidgetItem(unit.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.communes.addItem(item)

    def _scope_changed(self) -> None:
        self.district.setEnabled(not self.scope_all.isChecked())
        self.communes.setVisible(self.scope_communes.isChecked())
        self._explain()

    def options(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {"full": self.full.isChecked(), "peer": self.peer.currentData()}
        if not self.scope_all.isChecked():
            chosen["district"] = self.district.currentText()
        if self.scope_communes.isChecked():
            chosen["communes"] = [self.communes.item(i).text() for i in range(self.communes.count())
                                  if self.communes.item(i).checkState() == Qt.CheckState.Checked]
        return chosen

    def _explain(self) -> None:
        """Say whether the package will carry everything or the changes since the last one."""
        if self.full.isChecked():
            self.since.setText("")
            return
        try:
            chosen = self.options()
            scope = scope_mod.build(self.store, chosen.get("district"), chosen.get("communes") or ())
            mark = ledger.watermark(self.store, chosen["peer"] or "", scope.key)
        except NtmError:
            mark = None
        if mark is None:
            self.since.setText(t("sexp.first"))
            return
        sent = [p for p in ledger.history(self.store) if p.package_id == mark[1] and p.direction == "sent"]
        self.since.setText(t("sexp.since", when=local_time(sent[0].processed_at) if sent else "?"))

    # -- writing -----------------------------------------------------------------------
    def run_export(self, synchronous: bool = False) -> export.ExportResult | None:
        folder = self.folder.text()
        if not folder:
            self.status.setText(t("sexp.pick_folder"))
            return None
        chosen = self.options()
        if self.scope_communes.isChecked() and not chosen["communes"]:
            self.status.setText(t("sexp.pick_communes"))
            return None
        assert self.store.path is not None
        job = _job(Path(self.store.path), Path(folder), chosen)
        self.run_button.setEnabled(False)
        if synchronous:
            try:
                self._done(job(lambda _d, _t: None, lambda: False))
            except NtmError as error:
                self._failed(error)
            return self.result_
        task = Task(self, t("sexp.working"), job)
        task.done.connect(self._done)
        task.error.connect(self._failed)
        self._task = task
        task.start()
        return None

    def _done(self, result: export.ExportResult) -> None:
        self.result_ = result
        self.status.setText(result.message())
        self.window_.statusBar().showMessage(result.message(), 15000)
        view = self.window_.views.get("ui.sync.view")
        if view is not None:
            view.refresh()
        QMessageBox.information(self, t("sexp.title"), result.message())
        self.accept()

    def _failed(self, error: object) -> None:
        self.run_button.setEnabled(True)
        self.error = str(error)
        self.status.setText(f"<span style='color:#b3261e'>{self.error}</span>")
        if not isinstance(error, NtmError):
            raise error  # type: ignore[misc]
        QMessageBox.warning(self, t("sexp.failed"), self.error)
