"""Issue 20 part 5: File → Xuất biểu asks the year and the scope in one dialog first, then writes
the file in a worker (the window keeps answering) with a progress dialog that can cancel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from ntm_desktop import assessments, units
from ntm_desktop.periods import Period
from ui.excel.export_dialog import ExportTableDialog, export_job


def _enter(store):
    commune = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    assessments.set_official(store, commune, Period(2020, "Y"), 1, True)
    return commune


def test_dialog_asks_year_and_scope_then_exports_in_a_worker(window, qtbot, tmp_path, monkeypatch):
    _enter(window.store)
    window.scorecard.year.setValue(2021)
    out = tmp_path / "bieu.xlsx"
    asked = {}

    def save_name(parent, caption, suggested, *rest):
        asked["suggested"] = suggested
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportTableDialog)
        assert dialog.focusWidget() is dialog.year  # the first field, not the OK button
        assert dialog.year.value() == 2021
        assert dialog.scope.currentText() == "Đăk Hà"  # the home district to begin with
        dialog.year.setValue(2020)
        dialog.scope.setCurrentIndex(dialog.scope.findData("Đăk Hà"))
        dialog.accept()

    QTimer.singleShot(50, answer)
    task = window.export_table()
    assert task is not None
    assert Path(asked["suggested"]).name == "bieu-tieu-chi-2020-dak-ha.xlsx"
    assert Path(asked["suggested"]).is_absolute()  # in a folder, not the working folder
    with qtbot.waitSignal(task.done, timeout=20_000) as done:
        pass
    assert done.args == [out]
    sheet = openpyxl.load_workbook(out).active
    assert "2020" in sheet["A1"].value and "Đăk Hà" in sheet["A1"].value
    rows = {sheet.cell(r, 3).value: sheet.cell(r, 4).value for r in range(4, sheet.max_row)}
    assert rows["Đăk Mar"] == "x"
    assert {sheet.cell(r, 2).value for r in range(4, sheet.max_row)} == {"Đăk Hà"}


def test_scope_lists_the_districts_of_the_year(window):
    dialog = ExportTableDialog(window.store, 2020, "Sa Thầy", window)
    scopes = [dialog.scope.itemData(i) for i in range(dialog.scope.count())]
    assert scopes[0] is None and len(scopes) == 11  # the province, then Kon Tum's ten districts of 2020
    assert dialog.choice() == (2020, "Sa Thầy")
    assert dialog.suggested_name() == "bieu-tieu-chi-2020-sa-thay.xlsx"
    dialog.year.setValue(2019)  # refilled, the choice kept
    assert dialog.choice() == (2019, "Sa Thầy")


def test_a_cancelled_export_leaves_no_file(window, tmp_path):
    out = tmp_path / "cancelled.xlsx"
    job = export_job(window.store.path, 2020, out, None)
    calls = []
    assert job(lambda done, total: calls.append((done, total)), lambda: True) is None
    assert not out.exists()
    assert calls  # it told the dialog it had started
    assert job(lambda done, total: None, lambda: False) == out
    assert out.exists()


def test_a_refused_export_is_shown_not_raised(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    task = window.export_table(str(tmp_path / "x.xlsx"), district="Nowhere")
    with qtbot.waitSignal(task.error, timeout=20_000):
        pass
    assert shown and "Nowhere" in shown[0]
