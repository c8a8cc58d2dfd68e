"""Issue 16 part 6 in the window: Đơn vị → Thay đổi đơn vị hành chính renames, merges, splits or
ends units through the core; the change is one step on the undo stack, a refusal is shown in the
dialog and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from ntm_desktop import i18n, units  # noqa: E402
from ui.scorecard.unit_changes import KINDS  # noqa: E402

DAY = date(2024, 1, 1)


def _dialog(qtbot, win, kind):
    dialog = win.unit_changes()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentIndex(KINDS.index(kind))
    dialog.date.set_day(DAY)
    return dialog


def _commune(store, name):
    return units.resolve_commune(store, name, "Đăk Hà")


def test_menu_opens_the_dialog_with_program_texts(qtbot, window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "Đơn &vị" in titles
    dialog = window.unit_changes()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.kind  # the first field, never Save
    assert [b.text() for b in dialog.buttons.buttons()] == ["Lưu", "Hủy"]
    assert not dialog.save.hasFocus()
    dialog.date.set_day(DAY)
    dialog.search.setText("ha mon")  # accents optional
    assert dialog.shown() == ["Hà Mòn · 23521 (Đăk Hà)"]
    dialog.reject()


def test_merge_through_the_dialog_shows_in_history_and_ctrl_z_takes_it_back(qtbot, window):
    store = window.store
    ha_mon, dak_la = _commune(store, "Hà Mòn"), _commune(store, "Đăk La")
    dialog = _dialog(qtbot, window, "merge")
    dialog.choose(ha_mon.id, dak_la.id)
    assert {u.id for u in dialog.chosen()} == {ha_mon.id, dak_la.id}
    dialog.name.setText("Hà Mòn Mới")  # setText: keyClicks aborts on Vietnamese letters (DESIGN.md)
    dialog.decision.setText("Nghị quyết 1/NQ-UBTVQH15")
    dialog.save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    merged = [e for e in units.history(store) if e["kind"] == "merged" and e["date"] == DAY.isoformat()]
    assert len(merged) == 1
    assert {u["name"] for u in merged[0]["from"]} == {"Hà Mòn", "Đăk La"}
    assert [u["name"] for u in merged[0]["to"]] == ["Hà Mòn Mới"]
    assert merged[0]["decision"] == "Nghị quyết 1/NQ-UBTVQH15"
    assert window.undo_stack.count() == 1
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    window.undo_action.trigger()
    assert not [e for e in units.history(store) if e["kind"] == "merged" and e["date"] == DAY.isoformat()]
    names = {r["commune"] for r in units.in_force(store, DAY.isoformat())}
    assert {"Hà Mòn", "Đăk La"} <= names and "Hà Mòn Mới" not in names


def test_a_refused_change_shows_the_message_and_changes_nothing(qtbot, window):
    store = window.store
    before = units.history(store)
    dialog = _dialog(qtbot, window, "merge")
    dialog.choose(_commune(store, "Hà Mòn").id)  # one unit and no target: the core refuses
    dialog.name.setText("Mới")
    dialog.save.click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisible() and dialog.error.text() == i18n.t("unit.merge_needs_two")
    assert units.history(store) == before and window.undo_stack.count() == 0
    dialog.kind.setCurrentIndex(KINDS.index("rename"))  # the same name: refused too
    dialog.name.setText("Hà Mòn")
    dialog.save.click()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert units.history(store) == before and window.undo_stack.count() == 0


def test_rename_and_programme(qtbot, window):
    store = window.store
    ha_mon = _commune(store, "Hà Mòn")
    dialog = _dialog(qtbot, window, "rename")
    dialog.choose(ha_mon.id)
    dialog.name.setText("Hà Mòn Xanh")
    dialog.save.click()
    assert units.get(store, ha_mon.id).name == "Hà Mòn Xanh"
    dialog = _dialog(qtbot, window, "programme")
    dialog.choose(ha_mon.id)
    assert dialog.included.isChecked()  # a xã is in the programme by default
    dialog.included.setChecked(False)
    dialog.save.click()
    assert not units.in_programme(store, units.get(store, ha_mon.id))
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert units.get(store, ha_mon.id).name == "Hà Mòn"


def test_merge_into_a_unit_already_in_force(qtbot, window):
    """One commune merged into a neighbour that stays: no new unit, the neighbour takes it in."""
    store = window.store
    ha_mon, dak_la = _commune(store, "Hà Mòn"), _commune(store, "Đăk La")
    dialog = _dialog(qtbot, window, "merge")
    dialog.choose(dak_la.id)
    into = next(i for i in range(dialog.into.count()) if (u := dialog.into.itemData(i)) and u.id == ha_mon.id)
    dialog.into.setCurrentIndex(into)
    assert not dialog.form.isRowVisible(dialog.name) and dialog.form.isRowVisible(dialog.into)
    dialog.decision.setText("NQ 2/2024")
    dialog.save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (event,) = [e for e in units.history(store) if e["kind"] == "merged" and e["date"] == DAY.isoformat()]
    assert [u["name"] for u in event["from"]] == ["Đăk La"] and [u["name"] for u in event["to"]] == ["Hà Mòn"]
    names = {r["commune"] for r in units.in_force(store, DAY.isoformat())}
    assert "Hà Mòn" in names and "Đăk La" not in names
    window.undo_action.trigger()
    assert "Đăk La" in {r["commune"] for r in units.in_force(store, DAY.isoformat())}


def test_add_a_dated_unit_under_a_district_then_undo(qtbot, window):
    store = window.store
    before = {r["commune"] for r in units.in_force(store, DAY.isoformat())}
    dialog = _dialog(qtbot, window, "add")
    assert not dialog.form.isRowVisible(dialog.list) and dialog.form.isRowVisible(dialog.parent_box)
    parent = next(i for i in range(dialog.parent_box.count()) if dialog.parent_box.itemData(i).name == "Đăk Hà")
    dialog.parent_box.setCurrentIndex(parent)
    dialog.unit_kind.setCurrentText("thị trấn")
    dialog.name.setText("Đăk Hà Mới")
    dialog.code.setText("99010")
    dialog.decision.setText("NQ 3/2024")
    dialog.save.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    added = units.resolve_code(store, "99010", DAY.isoformat())
    assert (added.name, added.kind, added.valid_from) == ("Đăk Hà Mới", "thị trấn", DAY.isoformat())
    assert units.get(store, added.parent_id).name == "Đăk Hà"
    (event,) = [e for e in units.history(store) if e["kind"] == "created"]
    assert (event["date"], event["decision"]) == (DAY.isoformat(), "NQ 3/2024")
    assert {r["commune"] for r in units.in_force(store, "2023-12-31")} == before  # not before its day
    window.undo_action.trigger()
    assert {r["commune"] for r in units.in_force(store, DAY.isoformat())} == before
    assert not [e for e in units.history(store) if e["kind"] == "created"]
    again = _dialog(qtbot, window, "add")  # a name held in the district that day is refused
    again.parent_box.setCurrentIndex(parent)
    again.name.setText("Hà Mòn")
    again.save.click()
    assert again.error.isVisible() and "Hà Mòn" in again.error.text()
    assert {r["commune"] for r in units.in_force(store, DAY.isoformat())} == before
