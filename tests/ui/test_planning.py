"""Issue 18 in the window: Kế hoạch → Mục tiêu theo Nghị quyết… and Nguồn vốn…. Targets typed and
pasted from Excel into the grid are saved through the core as one undo step (Ctrl+Z restores
the records); a refused cell is shown and changes nothing; the funding grid adds up, and the
counterpart check says where the figures fall short."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from ntm_desktop import funding, targets, units  # noqa: E402
from ui.planning.funding_dialog import ROWS  # noqa: E402
from ui.planning.funding_dialog import funding as open_funding  # noqa: E402
from ui.planning.targets_dialog import targets as open_targets  # noqa: E402


def held(store):
    return [tuple(r) for r in store.query("SELECT uuid, nkey, unit_id, kind, year, criterion, communes, decision,"
                                          " deleted FROM targets ORDER BY nkey")]


def test_targets_typed_and_pasted_are_one_undo_step(qtbot, window):
    dialog = open_targets(window)
    qtbot.waitExposed(dialog)
    dialog.first.setValue(2016)
    dialog.last.setValue(2020)
    assert dialog.years == [2016, 2017, 2018, 2019, 2020] and len(dialog.numbers) == 19
    header = dialog.table.grid.horizontalHeaderItem(4).text()
    assert header == f"2020\n({targets.communes_count(window.store, 2020)} xã)"
    dialog.table.setCurrentIndex(dialog.table.grid.index(1, 3))  # criterion 2, 2019
    QGuiApplication.clipboard().setText("30\t35\r\n10\t12\r\n")
    qtbot.keyClick(dialog.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.shown()[1][3:] == ["30", "35"] and dialog.shown()[2][3:] == ["10", "12"]
    dialog.decision.setText("05-NQ/TU")
    assert dialog.save()
    assert {(r["criterion"], r["year"]): r["communes"] for r in targets.listing(window.store)} == {
        (2, 2019): 30, (2, 2020): 35, (3, 2019): 10, (3, 2020): 12}
    assert window.undo_stack.count() == 1
    saved = held(window.store)
    dialog.table.setCurrentIndex(dialog.table.grid.index(1, 4))
    dialog.table.selectionModel().select(dialog.table.grid.index(1, 4),
                                         dialog.table.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.save()
    assert (2, 2020) not in {(r["criterion"], r["year"]) for r in targets.listing(window.store)}
    window.undo_stack.undo()
    assert held(window.store) == saved and dialog.shown()[1][4] == "35"
    window.undo_stack.undo()
    assert targets.listing(window.store) == []
    window.undo_stack.redo()
    assert held(window.store) == saved


def test_a_refused_target_is_shown_and_changes_nothing(qtbot, window):
    dialog = open_targets(window)
    dialog.first.setValue(2020)
    dialog.last.setValue(2020)
    dak_ha = dialog.scope.findText("Đăk Hà")
    dialog.scope.setCurrentIndex(dak_ha)
    before = held(window.store)
    dialog.table.set_value(1, 0, "99")
    assert not dialog.save()
    assert dialog.error.isVisible() and "99" in dialog.error.text() and "Đăk Hà" in dialog.error.text()
    dialog.table.set_value(1, 0, "mười")
    assert not dialog.save() and "mười" in dialog.error.text()
    assert held(window.store) == before and window.undo_stack.count() == 0


def test_funding_rows_totals_and_the_counterpart_check(qtbot, window):
    dialog = open_funding(window)
    qtbot.waitExposed(dialog)
    dialog.year.setValue(2018)
    assert dialog.unit.currentData() is None
    central, province_local = ROWS.index(("central", None)), ROWS.index(("local", "province"))
    dialog.table.set_value(central, 1, "920.700")
    dialog.table.set_value(province_local, 1, "207906")
    dialog.table.set_value(central, 0, "1.000.000")
    assert dialog.save()
    figures = funding.summary(window.store, 2018, 2018)
    assert (figures["total"], figures["plan"]["total"]) == (920700 + 207906, 1000000)
    assert dialog.shown()[-1] == ["1.000.000", "1.128.606"]
    assert "còn thiếu 712,794 tỷ đồng" in dialog.check.text() and dialog.check.isVisible()
    assert window.undo_stack.count() == 1
    before = funding.entries(window.store, 2018, 2018)
    dialog.table.set_value(central, 1, "-3")
    assert not dialog.save() and "-3" in dialog.error.text()
    assert funding.entries(window.store, 2018, 2018) == before
    dialog.table.set_value(central, 1, "")  # an emptied cell takes the figure away
    assert dialog.save()
    assert funding.summary(window.store, 2018, 2018)["by_source"]["central"] == 0
    window.undo_stack.undo()
    assert funding.summary(window.store, 2018, 2018)["by_source"]["central"] == 920700
    dialog.choose("Hà Mòn")
    assert dialog.chosen() == units.resolve_commune(window.store, "Hà Mòn", "Đăk Hà")
    assert dialog.shown()[-1] == ["0", "0"]
