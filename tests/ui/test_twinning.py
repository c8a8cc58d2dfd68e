"""The Kết nghĩa tab, driven as a user would: dialogs, filters, the commune card,
contribution entry with running totals, refusals that write nothing, undo and redo."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ntm_desktop import twinning as tw  # noqa: E402
from ntm_desktop import units  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.app import prepare, save_home  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.twinning.view import COLUMNS  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "ui.sqlite3")
    prepare(store)
    save_home(store, "province:62", "district:615")  # Đăk Hà
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()


def dump(store):
    return list(store.db.conn.iterdump())


def cells(view, column):
    model = view.table.model()
    return [model.index(row, COLUMNS.index(column)).data() for row in range(model.rowCount())]


def test_new_twinning_through_the_dialog_with_undo_and_redo(window, qtbot):
    view = window.show_tab("ui.twinning.view")
    assert view.district.currentText() == "Đăk Hà" and view.table.model().rowCount() == 0
    dialog = view.open_assign()
    assert dialog.isVisible() and dialog.place.district.currentText() == "Đăk Hà"
    dialog.agency.setEditText("Sở Tài chính")
    assert dialog.level.isEnabled()  # a new agency: its level and kind can be chosen
    dialog.place.commune.setCurrentIndex(dialog.place.commune.findText("Đăk Long  ·ĐBKK"))
    dialog.start.set_day(date(2019, 1, 1))
    dialog.decision.number.setText("12/QĐ-UBND")
    dialog.accept()
    assert not dialog.isVisible()
    assert cells(view, "agency") == ["Sở Tài chính"] and cells(view, "from") == ["01/01/2019"]
    assert cells(view, "decision") == ["12/QĐ-UBND"] and cells(view, "state") == ["Đang kết nghĩa"]
    assert "Xã Đăk Long" in view.card.text() and "Sở Tài chính" in view.card.text()
    assert tw.list_assignments(window.store)[0].district == "Đăk Hà"
    window.undo_action.trigger()
    assert view.table.model().rowCount() == 0 and tw.list_agencies(window.store) == []
    window.redo_action.trigger()
    assert cells(view, "agency") == ["Sở Tài chính"]


def test_reassign_between_same_name_communes_and_as_of(window, qtbot):
    store = window.store
    long_ha = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    tw.assign_by_name(store, "Sở Tài chính", long_ha, "2019-01-01")
    view = window.show_tab("ui.twinning.view")
    view.as_of.set_day(date(2021, 1, 1))
    assert cells(view, "district") == ["Đăk Hà"]
    dialog = view.open_reassign()
    dialog.place.select(units.resolve_district(store, "Đăk Glei").id, None)
    dak_long = units.resolve_commune(store, "Đăk Long", "Đăk Glei").id
    dialog.place.commune.setCurrentIndex(dialog.place.commune.findData(dak_long))
    dialog.on.set_day(date(2021, 6, 15))
    dialog.decision.number.setText("512/QĐ-UBND")
    dialog.accept()
    assert not dialog.isVisible()
    # the new twinning lies outside the Đăk Hà filter: the view widens it to show it
    assert view.district.currentIndex() == 0
    assert view.selected().district == "Đăk Glei" and view.selected().decision == "512/QĐ-UBND"
    view.as_of_check.setChecked(True)
    view.as_of.set_day(date(2021, 6, 14))
    assert list(zip(cells(view, "district"), cells(view, "commune"), strict=True)) == [("Đăk Hà", "Đăk Long")]
    card = view.card.text()
    assert "Đăk Hà" in card and "Sở Tài chính" in card
    view.as_of.set_day(date(2021, 6, 15))
    assert cells(view, "district") == ["Đăk Glei"]
    view.as_of.set_day(date(2022, 1, 1))
    assert cells(view, "district") == ["Đăk Glei"]
    view.as_of_check.setChecked(False)  # the whole history, and the old commune's card
    assert sorted(cells(view, "to")) == ["", "15/06/2021"]
    view.select_uuid([a for a in view.assignments if a.district == "Đăk Hà"][0].uuid)
    past = view.card.text().split("Trước đây")[1]
    assert "Sở Tài chính" in past and "15/06/2021" in past
    window.undo_action.trigger()  # one step undoes the end and the new start
    assert [(a.district, a.end) for a in tw.list_assignments(store)] == [("Đăk Hà", None)]


def test_refused_end_keeps_the_dialog_open_and_writes_nothing(window):
    store = window.store
    tw.assign_by_name(store, "Sở Y tế", units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), "2020-03-01")
    view = window.show_tab("ui.twinning.view")
    before = dump(store)
    dialog = view.open_end()
    dialog.on.set_day(date(2020, 2, 1))
    dialog.accept()
    assert dialog.isVisible() and "phải sau ngày bắt đầu 01/03/2020" in dialog.error.text()
    assert dump(store) == before
    dialog.on.set_day(date(2021, 1, 1))
    dialog.accept()
    assert not dialog.isVisible()
    # no longer active on the day shown: the view shows the whole history to keep it in sight
    assert not view.as_of_check.isChecked() and view.selected().end == date(2021, 1, 1)
    assert cells(view, "to") == ["01/01/2021"] and cells(view, "state") == ["Đã kết thúc"]
    assert not view.reassign_button.isEnabled() and not view.end_button.isEnabled()


def test_near_duplicate_agency_is_created_with_a_warning(window):
    store = window.store
    tw.create_agency(store, "Sở Tài chính")
    view = window.show_tab("ui.twinning.view")
    assert not view.notice.isVisibleTo(view)
    dialog = view.open_assign()
    dialog.agency.setEditText("Sở Tài chín")
    assert dialog.level.isEnabled()  # not a known agency: a new one
    dialog.accept()
    assert not dialog.isVisible() and len(tw.list_agencies(store)) == 2
    assert view.notice.isVisibleTo(view) and "Sở Tài chính" in view.notice.text()
    window.undo_action.trigger()
    assert [a.name for a in tw.list_agencies(store)] == ["Sở Tài chính"]


def test_contribution_entry_with_running_totals(window, qtbot):
    store = window.store
    tw.assign_by_name(store, "Bộ Chỉ huy Quân sự tỉnh", units.resolve_commune(store, "Đăk Ui", "Đăk Hà"), "2020-01-01")
    view = window.show_tab("ui.twinning.view")
    assert view.selected() is not None and view.c_add.isEnabled()
    view.c_date.set_day(date(2021, 3, 1))
    view.c_kind.setCurrentIndex(view.c_kind.findData("houses"))
    assert view.c_quantity.placeholderText() == "Số lượng (căn)"
    view.c_quantity.setText("2")
    view.c_amount.setText("100.000.000")
    qtbot.keyClick(view.c_amount, Qt.Key.Key_Return)  # Enter records the row
    assert view.contrib_table.model().rowCount() == 1
    assert view.contrib_table.model().index(0, 4).data() == "100.000.000"
    view.c_kind.setCurrentIndex(view.c_kind.findData("money_social"))
    assert not view.c_quantity.isEnabled()
    view.c_amount.setText("5.000.000")
    assert view.add_contribution()
    view.c_kind.setCurrentIndex(view.c_kind.findData("staff_trips"))
    view.c_quantity.setText("3")
    view.c_date.set_day(date(2020, 11, 2))
    assert view.add_contribution()
    totals = view.totals.text()
    year_line, all_line = totals.split("<br>")
    assert "Cộng năm 2020" in year_line and "Cán bộ xuống xã 3 lượt" in year_line
    assert "tổng giá trị 0 đồng" in year_line
    assert "Nhà tình nghĩa, nhà Đại đoàn kết 2 căn" in all_line
    assert "Kinh phí an sinh xã hội 5.000.000 đồng" in all_line
    assert "tổng giá trị 105.000.000 đồng" in all_line
    # a refused entry is shown in red under the row and writes nothing
    before = dump(store)
    view.c_kind.setCurrentIndex(view.c_kind.findData("gifts"))
    view.c_quantity.setText("mười")
    assert not view.add_contribution()
    assert view.c_error.isVisibleTo(view) and "mười" in view.c_error.text()
    assert dump(store) == before
    window.undo_action.trigger()  # the staff trip goes
    assert view.contrib_table.model().rowCount() == 2
    assert "Cán bộ" not in view.totals.text()
    view.contrib_table.selectRow(0)
    assert view.delete_contribution()
    assert view.contrib_table.model().rowCount() == 1
    window.undo_action.trigger()
    assert view.contrib_table.model().rowCount() == 2


def test_filters_agency_search_without_accents_and_district(window, qtbot):
    store = window.store
    tw.assign_by_name(store, "Sở Tài chính", units.resolve_commune(store, "Đăk Long", "Đăk Hà"), "2019-01-01")
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    tw.assign_by_name(store, "Ngân hàng Chính sách xã hội", ha_mon, "2019-01-01")
    tw.assign_by_name(store, "Sở Y tế", units.resolve_commune(store, "Đăk Long", "Đăk Glei"), "2019-01-01")
    view = window.show_tab("ui.twinning.view")
    assert sorted(cells(view, "agency")) == ["Ngân hàng Chính sách xã hội", "Sở Tài chính"]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F: the search box
    assert view.agency_filter.hasFocus()
    qtbot.keyClicks(view.agency_filter, "so tai")
    assert cells(view, "agency") == ["Sở Tài chính"]
    view.agency_filter.clear()
    view.district.setCurrentIndex(0)
    assert view.table.model().rowCount() == 3 and "3 kết nghĩa" in view.count.text()
    view.district.setCurrentIndex(view.district.findText("Đăk Glei"))
    assert cells(view, "agency") == ["Sở Y tế"]
    view.as_of.set_day(date(2018, 12, 31))
    assert view.table.model().rowCount() == 0 and not view.c_add.isEnabled()


def test_delete_asks_and_can_be_undone(window, monkeypatch):
    store = window.store
    made = tw.assign_by_name(store, "Sở Y tế", units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), "2019-01-01")
    tw.add_contribution(store, made.assignment, "2020-05-05", "medical", quantity="80")
    view = window.show_tab("ui.twinning.view")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert not view.delete_selected() and view.table.model().rowCount() == 1
    assert "1 đóng góp" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert view.delete_selected()
    assert view.table.model().rowCount() == 0 and tw.list_contributions(store) == []
    window.undo_action.trigger()
    assert view.table.model().rowCount() == 1 and len(tw.list_contributions(store)) == 1


def test_agency_dialog_add_and_edit(window):
    store = window.store
    view = window.show_tab("ui.twinning.view")
    dialog = view.open_agency()
    dialog.name.setText("Phòng Tài chính - Kế hoạch")
    dialog.level.setCurrentIndex(dialog.level.findData("district"))
    assert dialog.district.isEnabled() and dialog.district.currentText() == "Đăk Hà"
    dialog.contact.setText("Nguyễn Thị Hoa")
    dialog.accept()
    agency = tw.resolve_agency(store, "phong tai chinh - ke hoach")
    assert (agency.level, agency.owner, agency.contact) == ("district", "Đăk Hà", "Nguyễn Thị Hoa")
    tw.assign(store, agency, units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), date(2020, 1, 1))
    window.refresh()
    dialog = view.open_agency(edit=True)
    assert dialog.name.text() == "Phòng Tài chính - Kế hoạch" and not dialog.level.isEnabled()
    dialog.phone.setText("0260 3820 123")
    dialog.accept()
    assert tw.get_agency(store, agency.uuid).phone == "0260 3820 123"
    window.undo_action.trigger()
    assert tw.get_agency(store, agency.uuid).phone is None


def test_village_twinning_from_the_dialog(window):
    view = window.show_tab("ui.twinning.view")
    dialog = view.open_assign()
    dialog.agency.setEditText("Phòng Văn hóa và Thông tin")
    dialog.place.commune.setCurrentIndex(dialog.place.commune.findText("Hà Mòn"))
    dialog.place.village.setText("Thôn 4")
    assert dialog.level.currentData() == "district"  # a village is twinned with a district agency
    dialog.start.set_day(date(2019, 2, 1))
    dialog.accept()
    assert not dialog.isVisible()
    assert cells(view, "village") == ["Thôn 4"] and cells(view, "level") == ["Cấp huyện"]
    assert "Thôn 4" in view.contrib_title.text() and "Phòng Văn hóa và Thông tin" in view.card.text()
    agency = tw.resolve_agency(window.store, "phong van hoa va thong tin")
    assert (agency.level, agency.owner) == ("district", "Đăk Hà")


def test_ctrl_h_on_the_twinning_tab_shows_the_selected_twinnings_history(window, monkeypatch):
    from ui import dialogs  # the history dialog, loaded by the window when first used

    store = window.store
    commune = units.resolve_commune(store, "Đăk Long", "Đăk Hà")
    made = tw.assign_by_name(store, "Sở Tài chính", commune, "2019-01-01", decision=tw.Decision("12/QĐ-UBND"))
    assert made is not None
    tw.end_assignment(store, tw.find_open(store, tw.resolve_agency(store, "Sở Tài chính"), commune), "2021-06-15")
    view = window.show_tab("ui.twinning.view")
    view.as_of_check.setChecked(False)
    view.refresh()
    assert view.table.model().rowCount() == 1
    view.table.selectRow(0)
    shown = {}

    def capture(dialog):
        model = dialog.table.model()
        shown["rows"] = [model.index(r, 2).data() for r in range(model.rowCount())]
        return 0

    monkeypatch.setattr(dialogs.HistoryDialog, "exec", capture)
    window.show_history()
    assert shown["rows"] == [  # newest first: the end, then the start
        "01/01/2019 – …, 12/QĐ-UBND → 01/01/2019 – 15/06/2021, 12/QĐ-UBND",
        "∅ → 01/01/2019 – …, 12/QĐ-UBND",
    ]
