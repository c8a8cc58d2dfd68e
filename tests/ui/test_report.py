"""The Báo cáo tab and the report settings dialog, driven as a person would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from ntm_desktop import summary  # noqa: E402
from ntm_desktop.reports import settings as report_settings  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.app import prepare  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def window(qtbot, report_db, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(report_db)
    prepare(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()


@pytest.fixture
def view(window):
    return window.show_tab("ui.reports.view")


def _wait(qtbot, view):
    qtbot.waitUntil(lambda: view.task is None, timeout=60_000)


def test_preview_shows_the_pages(qtbot, view):
    assert view.isVisible()
    view.set_choice("district", 2019, "Đăk Hà")
    assert view.choice().district == "Đăk Hà" and view.choice().commune is None
    assert not view.commune.isEnabled()
    assert view.preview() is not None
    assert not view.preview_button.isEnabled()  # one report at a time
    _wait(qtbot, view)
    assert view.last_result.pages >= 3
    assert view.document.pageCount() == view.last_result.pages
    assert str(view.last_result.pages) in view.status.text()
    view.year.setValue(2018)
    assert "Xem trước" in view.status.text()  # the preview is now out of date


def test_commune_choice_lists_the_district_communes(view, window):
    view.set_choice("commune", 2019, "Đăk Glei", "Xốp")
    assert view.commune.isEnabled()
    names = [view.commune.itemText(i) for i in range(view.commune.count())]
    assert "Xốp" in names and "Hà Mòn" not in names
    assert view.choice().commune == "Xốp"
    view.set_choice("province", 2019)
    assert not view.district.isEnabled() and view.choice().district is None


def test_save_pdf_then_open_the_folder(qtbot, view, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "ui.reports.view.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    view.set_choice("commune", 2019, "Đăk Hà", "Đăk La")
    target = tmp_path / "out" / "xa.pdf"
    view.save("pdf", str(target))
    _wait(qtbot, view)
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")
    assert view.saved_box is not None and view.saved_box.isVisible()
    open_button = next(b for b in view.saved_box.buttons() if "thư mục" in b.text())
    open_button.click()
    assert opened == [str(target.parent)]
    assert "xa.pdf" in view.window_.statusBar().currentMessage()


def test_save_xlsx_asks_where_and_carries_the_summary(qtbot, view, window, tmp_path, monkeypatch):
    target = tmp_path / "huyen.xlsx"
    asked = []

    def ask(*args, **kwargs):
        asked.append(args[2])
        return str(target), "Excel"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    view.set_choice("district", 2019, "Đăk Glei")
    view.save("xlsx")
    _wait(qtbot, view)
    assert [Path(name).name for name in asked] == ["bao-cao-huyen-2019-dak-glei.xlsx"]
    assert Path(asked[0]).is_absolute()  # in a folder, never the program's working folder
    ws = openpyxl.load_workbook(target)["Tổng hợp"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "TT")
    per = {str(r[0]): r[2] for r in rows[start + 1:start + 20]}
    assert per == summary.summary(window.store, 2019, "Đăk Glei")["per_criterion"]
    view.saved_box.close()


def test_a_refused_report_explains_itself(qtbot, view, tmp_path):
    view.set_choice("district", 1995, "Đăk Hà")  # no criteria set covers 1995
    view.save("pdf", str(tmp_path / "x.pdf"))
    _wait(qtbot, view)
    assert "1995" in view.status.text()
    assert not (tmp_path / "x.pdf").exists()
    assert view.preview_button.isEnabled()


def test_cancel_writes_nothing(qtbot, view, tmp_path):
    view.set_choice("province", 2019)
    view.annex.setChecked(True)
    task = view.save("pdf", str(tmp_path / "tinh.pdf"))
    task.cancel_flag.set()
    _wait(qtbot, view)
    assert view.status.text() == "Đã hủy."
    assert not list(tmp_path.glob("tinh.pdf*"))


def test_twinning_report_for_the_province_or_a_district(qtbot, view):
    view.set_choice("twinning", 2019)
    assert view.choice().district is None and view.district.isEnabled()
    view.preview()
    _wait(qtbot, view)
    assert view.last_result.figures["kind"] == "twinning" and view.document.pageCount() >= 1
    view.set_choice("twinning", 2019, "Đăk Hà")
    assert view.choice().district == "Đăk Hà"
    view.set_choice("district", 2019)
    assert view.choice().district is not None  # a district report never runs on the whole province


def test_settings_dialog_saves_and_undoes(qtbot, window):
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("Thiết"))
    action.trigger()
    from ui.reports.settings_dialog import SettingsDialog

    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.issuer.setPlainText("ỦY BAN NHÂN DÂN\nHUYỆN ĐĂK HÀ")
    dialog.signer_name.setText("Nguyễn Văn A")
    dialog.low_share.setValue(35)
    dialog.accept()
    saved = report_settings.load(window.store)
    assert saved.issuer == ("ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ") and saved.signer_name == "Nguyễn Văn A"
    assert saved.low_share == 35
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    assert report_settings.load(window.store) == report_settings.defaults(window.store)


def test_settings_dialog_refuses_bad_input_and_stays_open(qtbot, window, monkeypatch, db_state):
    from PySide6.QtWidgets import QMessageBox

    from ui.reports.settings_dialog import edit_settings

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    before = db_state(window.store)
    dialog = edit_settings(window)
    dialog.signer_name.setText("x" * 300)
    dialog.accept()
    assert warned and dialog.isVisible()
    assert db_state(window.store) == before
    dialog.reject()


def test_a_quarter_report_from_the_window(qtbot, view, tmp_path):
    """Issue 18 part 3 in the Báo cáo tab: the Kỳ list holds the year, its halves, quarters and months;
    a district's quarter report says so and is compared with the quarter before; twinning is yearly."""
    from ntm_desktop import assessments, units
    from ntm_desktop.periods import Period

    store = view.store
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_official(store, ha_mon, Period(2019, "Q", 1), 7, False)
    assessments.set_official(store, ha_mon, Period(2019, "Q", 2), 7, True)
    view.set_choice("district", 2019, "Đăk Hà")
    labels = [view.period.itemText(i) for i in range(view.period.count())]
    assert labels[0] == "Năm 2019" and "Quý II/2019" in labels and len(labels) == 19
    view.period.setCurrentIndex(labels.index("Quý II/2019"))
    assert view.choice().period == "2019-Q2" and view.choice().file_stem().startswith("bao-cao-huyen-2019-Q2")
    target = tmp_path / "q2.pdf"
    view.save("pdf", str(target))
    _wait(qtbot, view)
    words = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert "xã nông thôn mới quý II/2019 trên địa bàn huyện Đăk Hà" in words
    assert "(tăng 1 xã so với quý I/2019)" in words
    view.set_choice("twinning", 2019)
    assert not view.period.isVisible() and view.choice().period is None
