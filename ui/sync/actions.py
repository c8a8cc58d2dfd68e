"""File-menu actions of USB sync packages: each is function(window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from ntm_desktop.i18n import t
from ntm_desktop.sync.package import places


def export_package(window: Any) -> Any:
    """Xuất gói dữ liệu: the export dialog (a USB stick found, or a folder)."""
    from ui.sync.export_dialog import ExportDialog

    dialog = ExportDialog(window)
    dialog.open()
    return dialog


def import_package(window: Any, path: str | Path | None = None) -> Any:
    """Nhập gói dữ liệu: pick a package (on a stick if one is in), preview it, import it."""
    from ui.sync import peers as sync_peers  # noqa: F401  (registers the file filter's text)
    from ui.sync.import_dialog import ImportDialog

    if path is None:
        drives = places.removable_drives()
        start = str(drives[0]) if drives else ""
        path, _ = QFileDialog.getOpenFileName(window, t("simp.title"), start, t("speer.filter"))
        if not path:
            return None
    dialog = ImportDialog(window, Path(path))
    dialog.load()
    dialog.open()
    return dialog


def show_conflicts(window: Any) -> Any:
    """The sync tab, on its conflicts page."""
    view = window.show_tab("ui.sync.view")
    view.refresh()
    view.show_page("conflicts")
    return view


def show_peers(window: Any) -> Any:
    """The known installations, trust and revoke."""
    from ui.sync.peers import PeersDialog

    dialog = PeersDialog(window)
    dialog.finished.connect(lambda _code: _refresh_view(window))
    dialog.open()
    return dialog


def _refresh_view(window: Any) -> None:
    view = window.views.get("ui.sync.view")
    if view is not None:
        view.refresh()
