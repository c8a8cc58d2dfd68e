"""Issue 17 part 3 in the window: Đơn vị → Nhóm xã, vùng records a commune's group or region from a
day through the core, shows the communes' dated facts, is one step on the undo stack (Ctrl+Z), and
shows a refusal in the dialog with nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QDialog  # noqa: E402

from ntm_desktop import units  # noqa: E402
from ntm_desktop.units import classes  # noqa: E402
from tests.conftest import WRITE_TABLES  # noqa: E402
from ui.scorecard import classify_dialog  # noqa: E402

TABLES = (*WRITE_TABLES, "unit_classes")


def _commune(store, name):
    return units.resolve_commune(store, name, "Đăk Hà")


def _open(qtbot, window, day=date(2026, 1, 1)):
    dialog = classify_dialog.classify(window)
    qtbot.waitExposed(dialog)
    dialog.date.set_day(day)
    return dialog


def test_the_menu_opens_it_on_the_commune_shown(qtbot, window):
    ha_mon = _commune(window.store, "Hà Mòn")
    window.tree.select_commune(ha_mon.id)
    action = next(a for m in window.menuBar().actions() if m.text() == "Đơn &vị" for a in m.menu().actions()
                  if a.text() == "&Nhóm xã, vùng…")
    action.trigger()
    dialog = window.findChild(classify_dialog.ClassifyDialog)
    qtbot.waitExposed(dialog)
    assert [u.id for u in dialog.chosen()] == [ha_mon.id]
    assert dialog.focusWidget() is dialog.kind
    assert dialog.current_kind() == "group"  # today's set (2026-2030) is keyed by commune groups
    assert dialog.kind_in_force(2020) == "region"
    assert [dialog.value.itemText(i) for i in range(dialog.value.count())] == ["Xã nhóm 1", "Xã nhóm 2", "Xã nhóm 3"]
    dialog.set_choice("region", "TN")
    assert dialog.value.currentText() == "Tây Nguyên"
    assert "QĐ 318" in dialog.hint.text()
    dialog.search.setText("ngok wang")  # accents optional
    assert dialog.shown() == ["Ngọk Wang · 23515 (Đăk Hà)"]
    dialog.reject()


def test_two_communes_in_one_step_and_ctrl_z_takes_it_back(qtbot, window):
    store = window.store
    ha_mon, dak_la = _commune(store, "Hà Mòn"), _commune(store, "Đăk La")
    dialog = _open(qtbot, window)
    dialog.choose(ha_mon.id, dak_la.id)
    dialog.set_choice("group", "3")
    dialog.decision.setText("QĐ 15/QĐ-UBND")  # setText: keyClicks aborts on Vietnamese letters
    dialog.save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    held = classes.in_force(store, [ha_mon.id, dak_la.id], "group", "2026-06-30")
    assert held == {ha_mon.id: "3", dak_la.id: "3"}
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Đăk La, Hà Mòn: Xã nhóm 3 từ 01/01/2026"  # in the list's order
    # the facts show in the dialog next time
    again = _open(qtbot, window)
    again.choose(ha_mon.id)
    assert again.fact_rows() == [["Hà Mòn", "Xã nhóm 3", "01/01/2026", "…", "QĐ 15/QĐ-UBND"]]
    again.reject()
    window.undo_stack.undo()
    assert classes.in_force(store, [ha_mon.id, dak_la.id], "group", "2026-06-30") == {}
    window.undo_stack.redo()
    assert classes.in_force(store, [ha_mon.id, dak_la.id], "group", "2026-06-30") == held


def test_a_refusal_is_shown_and_changes_nothing(qtbot, window, db_state):
    store = window.store
    dialog = _open(qtbot, window)
    before = db_state(store, TABLES)
    dialog.save.click()  # no commune chosen
    assert dialog.isVisible() and dialog.error.text() == "Hãy chọn một đơn vị trong danh sách."
    assert db_state(store, TABLES) == before
    ha_mon = _commune(store, "Hà Mòn")
    dialog.choose(ha_mon.id)
    dialog.set_choice("group", "2")
    with store.transaction():  # test only: the commune ends before the day chosen
        store.db.execute("UPDATE units SET valid_to = '2025-06-30' WHERE id = ?", [ha_mon.id])
    before = db_state(store, TABLES)
    dialog.save.click()
    assert dialog.isVisible() and "đã kết thúc ngày 2025-06-30" in dialog.error.text()
    assert db_state(store, TABLES) == before
    assert window.undo_stack.count() == 0
    dialog.reject()
