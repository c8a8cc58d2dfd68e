"""Issue 16 in the window: the first-run dialog offers every province of both eras, the unit
tree follows the scorecard's year (no district level from 1 July 2025), and a new commune's
scorecard shows what its former communes had reached."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from ntm_desktop import assessments, units  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from ntm_desktop.setup.prepare import prepare, save_home  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui import app as appmod  # noqa: E402
from ui.dialogs import FirstRunDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def fresh(tmp_path):
    """A new database as the first run sees it: criteria sets, no units yet."""
    store = open_store(tmp_path / "fresh.sqlite3")
    prepare(store, "never")
    yield store
    store.close()


@pytest.fixture
def quang_ngai(tmp_path):
    """Quảng Ngãi from 1 July 2025, with the old units that went into it (old Quảng Ngãi, Kon Tum)."""
    store = open_store(tmp_path / "qn.sqlite3")
    prepare(store, "never")
    units.load_provinces(store, [("after", "51")])
    save_home(store, "province:51@2025-07-01", None)
    yield store
    store.close()


def _window(qtbot, store, year):
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.scorecard.year.setValue(year)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_dialog_finds_quang_ngai_without_accents_and_loads_it(qtbot, fresh):
    dialog = FirstRunDialog(fresh)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.province.currentText() == "Kon Tum" and dialog.choice() == ("province:62", None)
    assert dialog.focusWidget() is dialog.province.search  # typing starts at once
    assert len(dialog.province.shown()) == 63 + 34
    qtbot.keyClicks(dialog.province.search, "quang ngai")  # ASCII only: see DESIGN.md
    assert dialog.province.shown() == ["Quảng Ngãi (từ 01/7/2025)", "Quảng Ngãi (trước 01/7/2025)"]
    assert dialog.choice() == ("province:51@2025-07-01", None)
    assert not dialog.district.isEnabled() and "01/7/2025" in dialog.district.currentText()
    qtbot.keyClick(dialog.province.search, Qt.Key.Key_Down)  # the old province has districts
    assert dialog.province.currentData() == "province:51"
    assert dialog.district.isEnabled() and dialog.district.count() == 1 + 13
    qtbot.keyClick(dialog.province.search, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.province.search, Qt.Key.Key_Return)  # Enter accepts
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert dialog.loaded is not None and dialog.loaded.communes > 300
    rows = units.in_force(fresh, "2026-06-30")
    assert {r["province"] for r in rows} == {"Quảng Ngãi"} and {r["district"] for r in rows} == {None}
    assert len(rows) == 96


def test_dialog_default_kon_tum_loads_the_built_in_list_with_the_reform(qtbot, fresh, tmp_path):
    dialog = FirstRunDialog(fresh)
    qtbot.addWidget(dialog)
    names = [dialog.district.itemText(i) for i in range(dialog.district.count())]
    assert len(names) == 11 and "Sa Thầy" in names
    dialog.remember("district:529")  # a district remembered from an earlier start: Sơn Hà, Quảng Ngãi
    assert dialog.choice() == ("province:51", "district:529") and dialog.district.currentText() == "Sơn Hà"
    dialog.province.select("province:62")
    dialog.district.setCurrentIndex(names.index("Sa Thầy"))
    assert dialog.choice() == ("province:62", "district:616")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    communes = [r for r in units.in_force(fresh, "2020-12-31") if r["kind"] == "xã"]
    assert len(communes) == 85 and len({r["district"] for r in communes}) == 10
    plain = open_store(tmp_path / "plain.sqlite3")  # ``--units kontum``, as before issue 16
    units.load_reference(plain)
    for name, district in (("Hà Mòn", "Đăk Hà"), ("Đăk Long", "Đăk Glei"), ("Ngọk Tụ", "Đăk Tô")):
        assert units.resolve_commune(fresh, name, district).nkey == units.resolve_commune(plain, name, district).nkey
    plain.close()


def test_first_run_loads_only_the_province_chosen(qtbot, tmp_path, monkeypatch):
    """No Kon Tum list loaded behind a user who chooses another province."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))

    def choose(dialog):
        dialog.province.search.setText("tuyen quang")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
        return dialog.result()

    monkeypatch.setattr(FirstRunDialog, "exec", choose)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctl = appmod.Controller(QApplication.instance(), settings)
    assert ctl.open(tmp_path / "tq.sqlite3")
    qtbot.addWidget(ctl.window)
    store = ctl.store
    assert store.meta("home_province") == "province:08@2025-07-01"
    assert units.by_nkey(store, "province:62") is None
    ctl.window.scorecard.year.setValue(2026)
    assert ctl.window.tree.levels() == [["commune"]]
    ctl.close()


def test_tree_2026_has_no_district_level_2020_has(qtbot, quang_ngai):
    win = _window(qtbot, quang_ngai, 2026)
    tree = win.tree
    assert tree.levels() == [["commune"]]
    assert len(tree.visible_communes()) == 96
    tree.filter.setText("ia chim")
    assert tree.visible_communes() == ["Xã Ia Chim (Quảng Ngãi)"]
    tree.filter.setText("")
    win.scorecard.year.setValue(2020)  # the tree follows the scorecard's year
    assert tree.levels() == [["district", "commune"], ["district", "commune"]]
    assert len(tree.visible_communes()) == 272
    tree.filter.setText("dak long")
    assert sorted(tree.visible_communes()) == ["Xã Đăk Long  ·ĐBKK (Đăk Glei)", "Xã Đăk Long  ·ĐBKK (Đăk Hà)"]
    tree.filter.setText("")
    win.scorecard.year.setValue(2025)  # both trees: the old provinces until 30 June, the new one after
    labels = [tree.proxy.index(r, 0).data() for r in range(tree.proxy.rowCount())]
    assert labels == ["Quảng Ngãi (từ 01/7/2025)", "Kon Tum", "Quảng Ngãi (trước 01/7/2025)"]


def test_new_commune_shows_its_former_communes(qtbot, quang_ngai):
    store = quang_ngai
    new = units.resolve_code(store, "23326", "2026-12-31")
    old = units.resolve_code(store, "23326", "2024-12-31")
    for number in range(1, 20):
        assessments.set_official(store, old, Period(2024, "Y"), number, True)
    assessments.set_official(store, old, Period(2023, "Y"), 1, True)
    win = _window(qtbot, store, 2026)
    assert win.tree.select_commune(new.id)
    qtbot.waitUntil(lambda: win.scorecard.commune is not None and win.scorecard.commune.id == new.id)
    label = win.scorecard.origins
    assert label.isVisible()
    assert label.plain() == [  # in Vietnamese order: đ after d, before i
        "Xã Đăk Năng (cũ): chưa có kết quả",
        "Xã Đoàn Kết (cũ): chưa có kết quả",
        "Xã Ia Chim (cũ): 19/19 tiêu chí năm 2024",
    ]
    assert "1677/NQ-UBTVQH15" in label.text() and "01/7/2025" in label.text()
    assert not win.scorecard.era_note.isVisible()
    win.scorecard.year.setValue(2020)  # the new commune did not exist yet: said, not hidden
    assert win.scorecard.era_note.isVisible()
    assert win.scorecard.era_note.text() == "Đơn vị này không tồn tại trong năm 2020"
    label.linkActivated.emit(f"{old.id}:2024")  # a click opens the former commune in its year
    qtbot.waitUntil(lambda: win.scorecard.commune is not None and win.scorecard.commune.id == old.id)
    assert win.scorecard.year.value() == 2024 and win.scorecard.count.text() == "19/19 tiêu chí"
    assert not label.isVisible()  # the old commune was formed from none


def test_origin_texts_in_english(qtbot, quang_ngai):
    from ntm_desktop import i18n

    i18n.set_language("en")
    try:
        new = units.resolve_code(quang_ngai, "23326", "2026-12-31")
        win = _window(qtbot, quang_ngai, 2026)
        win.scorecard.show_commune(new.id)
        assert win.scorecard.origins.plain()[0] == "Xã Đăk Năng (former): no results"
        assert win.scorecard.origins.text().startswith("<b>Formed on 01/7/2025")
    finally:
        i18n.set_language("vi")


def test_a_slow_load_shows_its_progress(qtbot, fresh, monkeypatch):
    real = units.load_provinces

    def slow(store, chosen):
        time.sleep(0.8)  # a slow laptop: past the 0.3 s after which progress shows
        return real(store, chosen)

    monkeypatch.setattr(units, "load_provinces", slow)
    dialog = FirstRunDialog(fresh)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert not dialog.start.isEnabled()  # once: a second Enter does not start a second load
    qtbot.waitUntil(lambda: dialog._task is not None and dialog._task.dialog.isVisible(), timeout=3000)
    assert "Kon Tum (trước 01/7/2025)" in dialog._task.dialog.labelText()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert units.by_nkey(fresh, "province:62") is not None


def test_import_dialog_reads_a_2026_table_of_ten_criteria_without_districts(qtbot, quang_ngai, tmp_path, monkeypatch):
    """Nhập biểu for 2026: the set's 10 criteria as columns, a misspelled commune offered the
    closest communes in force (no "Xã ()" for a row without a district), and the import goes in."""
    import openpyxl
    from PySide6.QtWidgets import QComboBox, QMessageBox

    infos = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tên xã", *[f"TC{n}" for n in range(1, 11)]])
    ws.append([1, "Ia Chim", "x", "x", *[None] * 8])
    ws.append([2, "Sa Thayy", *["x"] * 10])
    path = tmp_path / "2026.xlsx"
    wb.save(path)
    win = _window(qtbot, quang_ngai, 2026)
    dialog = win.import_table(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    model = dialog.marks.model()
    assert model.columnCount() == 12 and model.headerData(11, Qt.Orientation.Horizontal) == "10"
    assert [r.row for r in dialog.preview.unknown] == [3]
    unknown = dialog.unknown.model()
    assert unknown.index(0, 1).data() == "Sa Thayy"
    combo = dialog.unknown.indexWidget(unknown.index(0, 2))
    assert isinstance(combo, QComboBox) and combo.currentText().startswith("Sa Thầy")
    dialog.run_import(synchronous=True)
    sa_thay = units.resolve_commune(quang_ngai, "Sa Thầy", None, on="2026-12-31")
    met = quang_ngai.query("SELECT count(*) AS n FROM criterion_results WHERE commune_id = ? AND year = 2026"
                           " AND official = 1", [sa_thay.id])[0]["n"]
    assert met == 10 and infos  # the window said what was imported


def test_the_report_tab_offers_the_units_of_the_chosen_year(qtbot, quang_ngai):
    """Báo cáo: the districts of the chosen year (Kon Tum's and old Quảng Ngãi's in 2024, none in
    2026), and from 2026 the province's new communes, chosen alone and named by their code; a
    commune report of 2026 is made from the window."""
    win = _window(qtbot, quang_ngai, 2026)
    view = win.show_tab("ui.reports.view")
    view.set_choice("commune", 2024)
    old = [view.district.itemText(i) for i in range(1, view.district.count())]
    assert "Đăk Hà" in old and len(old) > 10 and view.district.isEnabled()
    view.set_choice("commune", 2026)
    assert view.district.count() == 1 and not view.district.isEnabled()
    province = units.by_nkey(quang_ngai, "province:51@2025-07-01")
    new = {u.name: u for u in units.in_force_on(quang_ngai, "2026-12-31", "commune") if u.parent_id == province.id}
    offered = [view.commune.itemText(i) for i in range(view.commune.count())]
    assert sorted(offered) == sorted(new) and len(offered) > 50
    view.commune.setCurrentIndex(offered.index("Đăk Hà"))
    choice = view.choice()
    assert choice.district is None and choice.commune == "Đăk Hà" and choice.code == new["Đăk Hà"].code
    assert view.preview() is not None
    qtbot.waitUntil(lambda: view.task is None, timeout=60_000)
    assert view.last_result is not None and view.last_result.pages >= 1
