"""The window's one table model: texts, headers from the catalog, what a cell carries, and
the selection kept across a reload as QTableWidget.setRowCount kept it."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from ntm_desktop import i18n  # noqa: E402
from ui.table_model import RIGHT, USER_ROLE, Cell, TableModel, Text, table_view  # noqa: E402


def rows_of(model):
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_values_cells_and_headers(qtbot):
    model = TableModel(["history.when", Text("19")])
    view = table_view(model, "someTable", rows=True, single=True)
    qtbot.addWidget(view)
    model.set_rows([(None, 7), (Cell("Đăk Hà", tooltip="tip", foreground=Qt.GlobalColor.darkRed,
                                     background="#fde7b0", bold=True, align_right=True, user="uuid-1"), "x")])
    assert rows_of(model) == [["", "7"], ["Đăk Hà", "x"]]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Thời điểm"
    i18n.set_language("en")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"  # translated when asked
    assert model.headerData(1, Qt.Orientation.Horizontal) == "19"
    cell = model.index(1, 0)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "tip"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(Qt.GlobalColor.darkRed)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#fde7b0")
    assert cell.data(Qt.ItemDataRole.FontRole).bold()
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT.value)
    assert cell.data(USER_ROLE) == "uuid-1" and model.user_value(1) == "uuid-1"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert not model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert view.objectName() == "someTable" and not view.verticalHeader().isVisible()


def test_reload_keeps_the_rows_still_there_selected_unless_reset(qtbot):
    model = TableModel(["history.when"])
    view = table_view(model, "t", rows=True, single=True)
    qtbot.addWidget(view)
    model.set_rows([("a",), ("b",), ("c",)])
    view.selectRow(1)
    model.set_rows([("a",), ("B",)])  # one row fewer, the selected one changed in place
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    assert rows_of(model) == [["a"], ["B"]]
    model.set_rows([("a",), ("B",), ("c",), ("d",)])
    assert [i.row() for i in view.selectionModel().selectedRows()] == [1]
    model.set_rows([("a",)], reset=True)
    assert view.selectionModel().selectedRows() == []


def test_row_labels_and_sorting(qtbot):
    model = TableModel(["history.who"])
    model.set_rows([("Ê",), ("Đ",), ("A",)], row_labels=["6", "23", "7"])
    assert model.headerData(1, Qt.Orientation.Vertical) == "23"
    model.sort(0)
    assert rows_of(model) == [["A"], ["Đ"], ["Ê"]]  # Vietnamese order: Đ after D, Ê after E
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["7", "23", "6"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert rows_of(model) == [["Ê"], ["Đ"], ["A"]]
    plain = TableModel(["history.who"])
    plain.set_rows([("x",)])
    assert plain.headerData(0, Qt.Orientation.Vertical) == 1  # numbered from 1 when not named
