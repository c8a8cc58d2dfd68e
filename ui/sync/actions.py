"""File-menu actions of USB sync packages: each is function(window).

The dialogs never import this module: the import dialog asks for the conflicts page with
its ``conflicts_requested`` signal, which :func:`import_package` routes to
:func:`show_conflicts` (no import cycle between the sync dialogs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from ntm_desktop.i18n import t
from ntm_desktop.sync.package import places
from ui.sync.export_dialog import ExportDialog
from ui.sync.import_dialog import ImportDialog
from ui.sync.peers import PeersDialog


def export_package(window: Any) -> Any:
    """Xuất gói dữ liệu: the export dialog (a USB stick found, or a folder)."""
    dialog = ExportDialog(window)
    dialog.open()
    return dialog


def import_package(window: Any, path: str | Path | None = None) -> Any:
    """Nhập gói dữ liệu: pick a package (on a stick if one is in), preview it, import it."""
    if path is None:
        drives = places.removable_drives()
        start = str(drives[0]) if drives else ""
        path, _ = QFileDialog.getOpenFileName(window, t("simp.title"), start, t("speer.filter"))
        if not path:
            return None
    dialog = ImportDialog(window, Path(path))
    dialog.conflicts_requested.connect(lambda: show_conflicts(window))
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
    dialog = PeersDialog(window)
    dialog.finished.connect(lambda _code: _refresh_view(window))
    dialog.open()
    return dialog


def _refresh_view(window: Any) -> None:
    view = window.views.get("ui.sync.view")
    if view is not None:
        view.refresh()
