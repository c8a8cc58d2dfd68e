"""Every text a window or dialog shows (titles, labels, buttons, group titles, tabs, headers,
combo items, placeholders, tool tips, menu entries), and the two ways a text can be wrong: a
raw catalog key, or a standard button in the other language (issue 20 part 3)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from ntm_desktop import i18n

RAW_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Qt's standard buttons as Qt writes them (the English source), and as the program's catalog
# writes them in Vietnamese (ui/catalog/window.py, qt.*)
ENGLISH_BUTTONS = {"OK", "Cancel", "Close", "Save", "Save All", "Yes", "No", "Yes to All", "No to All", "Apply",
                   "Reset", "Restore Defaults", "Open", "Discard", "Help", "Abort", "Retry", "Ignore", "Choose",
                   "Show Details...", "Hide Details..."}
QT_KEYS = [key for key in i18n.MESSAGES if key.startswith("qt.")]


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def vietnamese_buttons() -> set[str]:
    from ui import catalog

    return {plain(vi) for key, (vi, en) in catalog.MESSAGES.items() if key.startswith("qt.") and vi != en}


def _action_texts(actions: list[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        if action.text():
            yield f"{where}/action", action.text()
        if action.toolTip() and action.toolTip() != plain(action.text()):
            yield f"{where}/action tip", action.toolTip()
        menu = action.menu()
        if menu is not None:
            yield from _action_texts(menu.actions(), f"{where}/{plain(action.text())}")


def _view_texts(view: QAbstractItemView, where: str) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    root = QModelIndex()
    rows = model.rowCount(root)
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model's columnCount is private in PySide6: one column
        columns = 1
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = columns if orientation == Qt.Orientation.Horizontal else rows
        for section in range(min(count, 40)):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{where}/header", value
    for row in range(min(rows, 30)):
        for column in range(min(columns, 20)):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    yield f"{where}/cell", value


def texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text ``top`` and its children show."""
    found: list[tuple[str, str]] = []
    for widget in [top, *top.findChildren(QWidget)]:
        where = f"{type(top).__name__}>{type(widget).__name__}:{widget.objectName()}"
        if widget.isWindow() and widget.windowTitle():
            found.append((f"{where}/title", widget.windowTitle()))
        if widget.toolTip():
            found.append((f"{where}/tip", widget.toolTip()))
        if isinstance(widget, QLabel):
            found.append((where, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((where, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((where, widget.title()))
        elif isinstance(widget, QTabWidget):
            found += [(f"{where}/tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [(f"{where}/item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView):
            found += list(_view_texts(widget, where))
        if isinstance(widget, QLineEdit) and widget.placeholderText():
            found.append((f"{where}/placeholder", widget.placeholderText()))
        found += list(_action_texts(widget.actions(), where))
    return [(where, text) for where, text in found if text]


def wrong(found: list[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    """The raw keys, and the standard buttons of the other language, among ``found``."""
    other = ENGLISH_BUTTONS if language == "vi" else vietnamese_buttons()
    bad = []
    for where, text in found:
        if RAW_KEY.match(text.strip()) or plain(text) in other:
            bad.append((where, text))
    return bad
