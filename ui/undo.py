"""Undo/redo of core writes: each command wraps one change-log batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# QtCore.Qt, and dialogs the first paint does not show, named where used: ui/scorecard/roles.py
from PySide6 import QtCore, QtWidgets
from PySide6.QtGui import QUndoCommand

from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store


class BatchCommand(QUndoCommand):
    """A write already done through the core; undo/redo revert its batch through the core."""

    def __init__(self, store: Store, batch: audit.Batch, label: str, refresh: Callable[[], None]) -> None:
        super().__init__(label)
        self.store = store
        self.batch = batch
        self.refresh = refresh
        self._first = True

    def redo(self) -> None:
        if self._first:  # the write itself happened before the push
            self._first = False
            return
        self._apply(redo=True)

    def undo(self) -> None:
        self._apply(redo=False)

    def _apply(self, *, redo: bool) -> None:
        """Revert through the core; a refusal (a period locked since the edit) is said, changes
        nothing, and makes this step obsolete so that the stack does not pretend it was undone."""
        try:
            _revert(self.store, self.batch.id, redo=redo)
        except NtmError as error:
            self.setObsolete(True)
            QtWidgets.QMessageBox.warning(None, t("crash.title_known"), str(error))
            return
        self.refresh()


def _revert(store: Store, batch_id: str, *, redo: bool = False) -> None:
    # imported on the first undo, not at start-up: ntm_desktop.history imports every domain
    # package, sync's entities and reports (30 ms measured after the window's own imports)
    from ntm_desktop import history

    history.revert_batch(store, batch_id, redo=redo)


def wire_to_undo(window: Any, dialog: Any) -> Any:
    """Give ``dialog`` (with ``pushed`` and ``reload``) the window's undo stack: each save is
    pushed as a BatchCommand whose undo and redo refresh the window and reload the dialog while
    it is open; the dialog is kept (not deleted on close). Returns the dialog."""

    def refresh() -> None:
        window.refresh()
        if dialog.isVisible():
            dialog.reload()

    def pushed(batch: Any, label: str) -> None:
        window.undo_stack.push(BatchCommand(window.store, batch, label, refresh))
        window.statusBar().showMessage(label, 10000)

    dialog.pushed = pushed
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return dialog
