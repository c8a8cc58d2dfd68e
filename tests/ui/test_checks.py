"""Issue 18 part 4 in the window: Kế hoạch → Kiểm tra số liệu bất thường… lists the warnings of a
period and a double-click opens the commune's scorecard at the indicator; the scorecard shows a
warning beside a value just entered (99% where last year was 10%) and beside stored ones."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from ntm_desktop import units  # noqa: E402
from ntm_desktop.assessments import set_indicator_value  # noqa: E402
from ntm_desktop.periods import Period, parse  # noqa: E402
from tests.ui.test_window import _cell, _open  # noqa: E402
from ui.planning.checks_dialog import checks  # noqa: E402
from ui.scorecard.model import WARNING  # noqa: E402


def _ha_mon(store):
    return units.resolve_commune(store, "Hà Mòn", "Đăk Hà")


def test_the_list_shows_the_warnings_and_a_double_click_opens_the_cell(qtbot, window):
    store = window.store
    ha_mon = _ha_mon(store)
    dak_mar = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    set_indicator_value(store, ha_mon, Period(2019, "Y"), "17.1", "10")
    set_indicator_value(store, ha_mon, Period(2020, "Y"), "17.1", "99")
    set_indicator_value(store, dak_mar, parse("2019-Q4"), "2.1", "90")
    set_indicator_value(store, dak_mar, parse("2020-Q1"), "2.1", "20")
    dialog = checks(window)
    qtbot.waitExposed(dialog)
    dialog.set_period(None, 2020)
    assert dialog.period.currentText() == "Mọi kỳ trong năm"
    shown = dialog.shown()
    assert len(shown) == 2 and dialog.count.text() == "2 cảnh báo"
    assert shown[0].startswith("Đăk Mar (Đăk Hà) | Quý I/2020 | 2.1 | 20% | 90% | ")  # Vietnamese order: Đ < H
    assert shown[1].startswith("Hà Mòn (Đăk Hà) | Năm 2020 | 17.1 | 99% | 10% | Hà Mòn (Đăk Hà): chỉ tiêu 17.1 tăng")
    dialog.set_period("2020-Q1")
    assert [line.split(" | ")[0] for line in dialog.shown()] == ["Đăk Mar (Đăk Hà)"]
    dialog.set_period("2020")

    rect = dialog.table.visualRect(dialog.model.index(0, 2))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    scorecard = window.scorecard
    assert scorecard.commune.id == ha_mon.id and scorecard.current_period() == Period(2020, "Y")
    current = scorecard.tree.currentIndex()
    assert scorecard.model.node(current).payload.indicator.code == "17.1"
    assert current.data(Qt.ItemDataRole.BackgroundRole).color() == WARNING  # shown when the card opened
    assert "tăng từ 10% (Năm 2019) lên 99% (Năm 2020)" in current.data(Qt.ItemDataRole.ToolTipRole)

    dialog.set_period("2021")
    assert dialog.shown() == [] and dialog.count.text() == "Không có cảnh báo nào trong kỳ này."


def test_the_scorecard_warns_beside_a_value_entered(qtbot, window):
    store = window.store
    ha_mon = _ha_mon(store)
    set_indicator_value(store, ha_mon, Period(2019, "Y"), "17.1", "10")
    _open(window, qtbot, ha_mon, 2020)
    cell = _cell(window, "indicator", "17.1", "value")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None and not window.scorecard.model.warnings
    assert window.scorecard.model.setData(cell, "99")  # a warning, not a refusal: the value is saved
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "99"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == WARNING
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("⚠ Hà Mòn (Đăk Hà): chỉ tiêu 17.1 tăng từ 10% (Năm 2019) lên 99% (Năm 2020)")
    assert _cell(window, "indicator", "17.2", "value").data(Qt.ItemDataRole.BackgroundRole) is None

    window.undo_stack.undo()  # the value gone: its warning too
    cell = _cell(window, "indicator", "17.1", "value")
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "" and cell.data(Qt.ItemDataRole.BackgroundRole) is None
    window.undo_stack.redo()
    assert _cell(window, "indicator", "17.1", "value").data(Qt.ItemDataRole.BackgroundRole).color() == WARNING
    assert window.scorecard.model.setData(_cell(window, "indicator", "17.1", "value"), "40")  # plausible
    cell = _cell(window, "indicator", "17.1", "value")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "⚠" not in (cell.data(Qt.ItemDataRole.ToolTipRole) or "")
