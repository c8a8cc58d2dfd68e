"""The Đồng bộ (USB) tab: export and import buttons, conflicts side by side, the history
of packages sent and received per installation, and the installations known."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop.i18n import t
from ntm_desktop.sync.merge import conflicts
from ntm_desktop.sync.trust import identity, ledger, peers
from ui.dialogs import local_time
from ui.sync import actions as sync_actions
from ui.sync.conflicts import ConflictsPanel
from ui.sync.peers import PeersPanel
from ui.table_model import TableModel, table_view

PACKAGE_COLUMNS = ("when", "direction", "peer", "kind", "scope", "file", "summary")


def _scope(scope: dict[str, Any]) -> str:
    if scope.get("district"):
        return scope["district"].get("name", "")
    if scope.get("communes"):
        return ", ".join(c.get("name", "") for c in scope["communes"])
    return t("scope.all")


def _summary(record: ledger.PackageRecord) -> str:
    if record.direction == "received":
        result = record.result or {}
        return t("syncv.received", **{k: result.get(k, 0) for k in ("new", "updated", "deleted", "conflicts")})
    counts = dict(record.counts)
    history = counts.pop("history", 0)
    return t("syncv.sent", records=sum(int(v) for v in counts.values()), history=history)


class PackagesPanel(QWidget):
    """Packages sent and received, for every installation or one."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self.peer = QComboBox()
        self.peer.setObjectName("packagePeer")
        self.peer.currentIndexChanged.connect(self._fill)
        top = QHBoxLayout()
        top.addWidget(QLabel(t("syncv.peer_filter")))
        top.addWidget(self.peer)
        top.addStretch(1)
        self.model = TableModel([f"syncv.col_{c}" for c in PACKAGE_COLUMNS])
        self.table = table_view(self.model, "packageTable", rows=True)
        self.table.setWordWrap(False)
        last = len(PACKAGE_COLUMNS) - 1
        self.table.horizontalHeader().setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(t("syncv.none"))
        self.empty.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.records: list[ledger.PackageRecord] = []
        self.reload()

    def reload(self) -> None:
        current = self.peer.currentData()
        self.peer.blockSignals(True)
        self.peer.clear()
        self.peer.addItem(t("syncv.all_peers"), None)
        for peer in peers.list_peers(self.store):
            self.peer.addItem(peer.name, peer.installation)
        index = self.peer.findData(current) if current else 0
        self.peer.setCurrentIndex(max(0, index))
        self.peer.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        self.records = ledger.history(self.store, self.peer.currentData())
        self.model.set_rows([
            (local_time(record.processed_at), t(f"dir.{record.direction}"),
             record.peer_name or t("syncv.anyone"), t(f"kind.{record.kind}"), _scope(record.scope),
             record.file_name or "", _summary(record))
            for record in self.records
        ])
        for column in range(len(PACKAGE_COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        self.empty.setVisible(not self.records)


class SyncView(QWidget):
    """The sync tab (built by the main window as ``SyncView(window)``)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.store
        intro = QLabel(t("syncv.intro"))
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        self.me = QLabel()
        self.me.setObjectName("syncMe")
        export_button = QPushButton(t("syncv.export"))
        export_button.setObjectName("syncExport")
        import_button = QPushButton(t("syncv.import"))
        import_button.setObjectName("syncImport")
        for button in (export_button, import_button):
            button.setMinimumHeight(34)
            button.setStyleSheet("font-weight: bold; padding: 4px 14px;")
        export_button.clicked.connect(self._export)
        import_button.clicked.connect(self._import)
        actions = QHBoxLayout()
        actions.addWidget(export_button)
        actions.addWidget(import_button)
        actions.addStretch(1)
        actions.addWidget(self.me)
        self.conflicts = ConflictsPanel(window)
        self.packages = PackagesPanel(self.store)
        self.peers = PeersPanel(self.store, self)
        self.pages = QTabWidget()
        self.pages.setObjectName("syncPages")
        self.pages.addTab(self.conflicts, "")
        self.pages.addTab(self.packages, t("syncv.tab_packages"))
        self.pages.addTab(self.peers, t("syncv.tab_peers"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 1)
        self.refresh(reload_conflicts=False)

    def _export(self) -> None:
        sync_actions.export_package(self.window_)

    def _import(self) -> None:
        sync_actions.import_package(self.window_)

    def refresh(self, reload_conflicts: bool = True) -> None:
        key = identity.public_key(self.store)
        self.me.setText(t("syncv.me", name=identity.name(self.store),
                          fingerprint=identity.fingerprint(key) if key else "—"))
        if reload_conflicts:
            self.conflicts.reload()
        self.pages.setTabText(0, t("syncv.tab_conflicts", n=conflicts.open_count(self.store)))
        self.packages.reload()
        self.peers.reload()

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget({"conflicts": self.conflicts, "packages": self.packages,
                                     "peers": self.peers}[name])
