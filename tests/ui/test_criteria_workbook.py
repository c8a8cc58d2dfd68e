"""Tiêu chí → Nhập / Xuất bộ tiêu chí (ui/criteria/workbook_dialog.py) on the Kon Tum window:
the preview of a generated appendix workbook (table, qualitative cells, differences), Nhập
loading the set, a refusal shown in the dialog with nothing written, and the export."""

import openpyxl
from PySide6.QtWidgets import QDialog, QMessageBox

from ntm_desktop import criteria
from tests.criteria.workbook import books
from ui.criteria import workbook_dialog


def _rows(dialog):
    model = dialog.model
    return [[model.cell(r, c).text for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_import_preview_then_import(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    path = books.build(tmp_path / "Phu luc nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    dialog = workbook_dialog.import_set(window, path)
    qtbot.addWidget(dialog)
    assert dialog.code.text() == "PHU-LUC-NHOM"
    dialog.from_date.setText("2026-01-01")
    assert dialog.load()
    rows = _rows(dialog)
    assert [dialog.model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
            for c in range(7)] == ["TT", "Tên tiêu chí", "Mã", "Nội dung tiêu chí", "Xã nhóm 1", "Xã nhóm 2",
                                   "Xã nhóm 3"]
    assert rows[0][:2] == ["I", "QUY HOẠCH"]
    assert ["2", "Giao thông", "2.1", "Tỷ lệ km đường xã được cứng hóa", "≥ 100%", "≥ 90%", "≥ 75%"] in rows
    assert dialog.model.cell(1, 6).background is not None  # F7 kept as text
    assert dialog.qualitative.count() == 2 and "F12" in dialog.qualitative.item(1).text()
    assert "PHU-LUC-NHOM" in dialog.differences_label.text()  # a new set
    assert "3 tiêu chí, 5 chỉ tiêu" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.changed
    cs = criteria.get_set(window.store, "PHU-LUC-NHOM")
    assert (cs.columns, cs.from_date, len(cs.criteria)) == ("group", "2026-01-01", 3)

    # again, with a threshold changed: the loaded set's name and dates come back, the difference is listed
    changed = books.group_rows()
    changed[3][3][0][1][1] = "≥ 80%"
    books.build(path, books.GROUP_COLUMNS, changed, super_header="Chỉ tiêu theo nhóm xã")
    again = workbook_dialog.import_set(window, path)
    qtbot.addWidget(again)
    assert again.from_date.text() == "2026-01-01" and again.name.text() == cs.name
    assert [again.differences.item(i).text() for i in range(again.differences.count())] == [
        "~ đổi ngưỡng 2.1 cột 2: ≥ 90% → ≥ 80%"]
    again.reject()
    assert criteria.get_set(window.store, "PHU-LUC-NHOM").indicator("2.1")[1].thresholds[1].value == 90


def test_a_refused_workbook_is_shown_and_nothing_written(window, qtbot, tmp_path):
    path = books.build(tmp_path / "sai.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    wb = openpyxl.load_workbook(path)
    wb.active.cell(10, 3, "2.1. Lặp")
    wb.save(path)
    before = criteria.codes(window.store)
    dialog = workbook_dialog.import_set(window, path)
    qtbot.addWidget(dialog)
    dialog.from_date.setText("2026-01-01")
    assert not dialog.load()
    assert "sai.xlsx" in dialog.summary.text() and "C10" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert criteria.codes(window.store) == before


def test_export_writes_the_appendix(window, tmp_path):
    out = workbook_dialog.export_set(window, "QG-2016-2020", tmp_path / "qg.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(5, 1).value == "TT" and ws.cell(6, 5).value == "TDMNPB"
    assert "QG-2016-2020" in window.statusBar().currentMessage()


def test_preview_titles_in_english(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from ntm_desktop import i18n

    path = books.build(tmp_path / "Phu luc nhom.xlsx", books.GROUP_COLUMNS, books.group_rows(),
                       super_header="Chỉ tiêu theo nhóm xã")
    i18n.set_language("en")
    try:
        dialog = workbook_dialog.import_set(window, path)
        qtbot.addWidget(dialog)
        titles = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dialog.model.columnCount())]
    finally:
        i18n.set_language("vi")
    assert titles[:4] == ["No.", "Criterion", "Code", "Content"]
    assert titles[4:] == ["Commune group 1", "Commune group 2", "Commune group 3"]
