"""Known installations (peers): this installation's identity, trust, revoke, known-only mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.sync.package import reader
from ntm_desktop.sync.trust import identity, peers
from ui.dialogs import local_time
from ui.table_model import Cell, TableModel, table_view


class PeersPanel(QWidget):
    """This installation and the installations it knows; trust and revoke."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.me = QLabel()
        self.me.setObjectName("syncIdentity")
        self.me.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.me.setWordWrap(True)
        rename = QPushButton(t("speer.rename"))
        rename.clicked.connect(self.rename)
        head = QHBoxLayout()
        head.addWidget(self.me, 1)
        head.addWidget(rename)
        self.known_only = QCheckBox(t("speer.known_only"))
        self.known_only.setObjectName("knownOnly")
        self.known_only.setChecked(peers.known_only(store))
        self.known_only.toggled.connect(self._mode)
        self.model = TableModel([f"speer.col_{c}" for c in ("name", "id", "fp", "status", "how", "last")])
        self.table = table_view(self.model, "peerTable", rows=True, single=True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(t("speer.none"))
        self.empty.setStyleSheet("color: #555;")
        trust = QPushButton(t("speer.trust_file"))
        trust.clicked.connect(lambda: self.trust_from_package())
        self.revoke_button = QPushButton(t("speer.revoke"))
        self.revoke_button.clicked.connect(self.revoke)
        self.retrust_button = QPushButton(t("speer.retrust"))
        self.retrust_button.clicked.connect(self.retrust)
        buttons = QHBoxLayout()
        buttons.addWidget(trust)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.retrust_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.known_only)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.items: list[peers.Peer] = []
        self.reload()

    def reload(self) -> None:
        key = identity.public_key(self.store)
        self.me.setText(t("speer.me", name=identity.name(self.store), installation=self.store.installation_id,
                          fingerprint=identity.fingerprint(key) if key else "—"))
        self.items = peers.list_peers(self.store)
        rows = []
        for peer in self.items:
            colour = Qt.GlobalColor.darkRed if peer.status == "revoked" else None
            cells = (peer.name, peer.installation[:8], peer.fingerprint, t(f"peer.status.{peer.status}"),
                     t(f"peer.how.{peer.how}"), local_time(peer.last_seen) if peer.last_seen else "—")
            rows.append([Cell(value, foreground=colour) for value in cells])
        self.model.set_rows(rows)
        for column in (1, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)
        self.empty.setVisible(not self.items)

    def selected(self) -> peers.Peer | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _mode(self, checked: bool) -> None:
        peers.set_known_only(self.store, checked)

    def rename(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, t("speer.rename"), t("speer.rename_prompt"),
                                            text=identity.name(self.store))
            if not ok:
                return
        try:
            identity.rename(self.store, name)
        except NtmError as error:
            QMessageBox.warning(self, t("speer.title"), str(error))
        self.reload()

    def trust_from_package(self, path: str | None = None) -> peers.Peer | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, t("speer.trust_file"), "", t("speer.filter"))
            if not path:
                return None
        try:
            with reader.open_package(Path(path)) as package:
                origin = package.origin
            fingerprint = identity.fingerprint(origin["public_key"])
            answer = QMessageBox.question(self, t("speer.title"),
                                          t("speer.confirm_trust", name=origin["name"], fingerprint=fingerprint))
            if answer != QMessageBox.StandardButton.Yes:
                return None
            peer = peers.trust(self.store, origin["installation"], origin["name"], origin["public_key"], replace=True)
        except NtmError as error:
            QMessageBox.warning(self, t("speer.title"), str(error))
            return None
        self.reload()
        return peer

    def revoke(self) -> None:
        peer = self.selected()
        if peer is None:
            return
        if QMessageBox.question(self, t("speer.title"), t("speer.confirm_revoke", name=peer.name)) \
                != QMessageBox.StandardButton.Yes:
            return
        peers.revoke(self.store, peer.installation)
        self.reload()

    def retrust(self) -> None:
        peer = self.selected()
        if peer is None:
            return
        peers.trust(self.store, peer.installation, peer.name, peer.public_key)
        self.reload()


class PeersDialog(QDialog):
    """File → Các máy đã biết."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle(t("speer.title"))
        self.panel = PeersPanel(window.store, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("speer.close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.resize(820, 420)
