"""Issues 20 and 21, the UI review: save dialogs open in a folder (the last used, else Documents),
report file names in Vietnamese, the settings dialog's one name and its sections, numbers in the
language's own way, progress dialogs with a title, the DHIS2 dialog's files and the File menu."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QLocale, QSettings  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QGroupBox, QMenu  # noqa: E402

from ntm_desktop import i18n  # noqa: E402
from ui.app import apply_language  # noqa: E402
from ui.dialogs import documents_folder, remember_folder, suggested_path  # noqa: E402


@pytest.fixture
def language():
    """Switches the language (and Qt's default locale) for a test, and back to Vietnamese after it."""
    before = QLocale()
    yield apply_language
    i18n.set_language("vi")
    QLocale.setDefault(before)


def test_save_dialogs_suggest_the_last_folder_else_documents(tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert Path(suggested_path("a.xlsx", settings)) == documents_folder() / "a.xlsx"
    assert Path(suggested_path("a.xlsx", None)) == documents_folder() / "a.xlsx"
    remember_folder(tmp_path / "out" / "b.pdf", settings)
    assert Path(suggested_path("a.xlsx", settings)) == documents_folder() / "a.xlsx"  # a folder that is gone
    (tmp_path / "out").mkdir()
    assert Path(suggested_path("a.xlsx", settings)) == tmp_path / "out" / "a.xlsx"
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.sync()
    assert Path(suggested_path("c.docx", again)) == tmp_path / "out" / "c.docx"  # kept in the program's settings


def test_the_criteria_export_and_a_report_remember_the_folder(window, tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QDialog

    from ui.excel.export_dialog import ExportTableDialog

    window.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    asked = []
    chosen = tmp_path / "kept" / "bieu.xlsx"
    chosen.parent.mkdir()

    def ask(*args, **kwargs):
        asked.append(args[2])
        return (str(chosen), "Excel") if len(asked) == 1 else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(ExportTableDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    task = window.export_table()
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert Path(asked[0]).parent == documents_folder() and Path(asked[0]).name.startswith("bieu-tieu-chi-")
    assert chosen.exists()
    view = window.show_tab("ui.reports.view")
    assert view.save("pdf") is None  # the second question is cancelled
    assert Path(asked[1]).parent == chosen.parent and Path(asked[1]).suffix == ".pdf"


@pytest.mark.parametrize(("kind", "district", "commune", "stem"), [
    ("district", "Huyện Đăk Hà", None, "bao-cao-huyen-2020-dak-ha"),
    ("province", None, None, "bao-cao-tinh-2020-tinh"),
    ("commune", "Huyện Đăk Hà", "Xã Hà Mòn", "bao-cao-xa-2020-ha-mon"),
    ("twinning", None, None, "bao-cao-ket-nghia-2020-tinh"),
])
def test_report_file_names_are_vietnamese(kind, district, commune, stem):
    from ui.reports.view import Choice

    assert Choice(kind, 2020, district, commune, dt.date(2020, 12, 31), False).file_stem() == stem


def test_the_settings_dialog_has_one_name_sections_and_the_language_numbers(window, qtbot, language):
    from ui.reports.settings_dialog import SettingsDialog

    for code, title, margin in (("vi", "Thiết lập", "0,0 điểm"), ("en", "Settings", "0.0 points")):
        language(code)
        dialog = SettingsDialog(window.store, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() == title
        assert [group.title() for group in dialog.findChildren(QGroupBox)] == [
            i18n.t(f"set.group.{name}") for name in ("document", "lagging", "user")]
        dialog.low_margin.setValue(0)
        assert dialog.low_margin.text() == margin
        assert ("," if code == "vi" else ".") in dialog.low_share.text()
        tip = dialog.number.placeholderText()
        assert dialog.number.fontMetrics().horizontalAdvance(tip) < dialog.number.width() - 8  # not cut off
        dialog.reject()


def test_overview_figures_follow_the_language(language):
    from ui.overview.model import figure

    language("vi")
    assert figure(12.9) == "12,9" and figure(1847.56) == "1.847,6"
    language("en")
    assert figure(12.9) == "12.9"


def test_a_progress_dialog_has_the_work_as_title(window):
    from ui.worker import Task

    task = Task(window, "Đang in…", lambda progress, cancelled: None)
    assert task.dialog.windowTitle() == "Đang in"
    task.deleteLater()


def test_the_dhis2_metadata_file_follows_the_data_file(window, qtbot, tmp_path):
    from ui.reports.dhis2_dialog import Dhis2Dialog

    dialog = Dhis2Dialog(window.store, window, year=2020)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.year.width() < dialog.width() / 3  # four digits, not a box across the dialog
    assert "idScheme" not in i18n.t("dhis2ui.hint") and "idScheme=CODE" in i18n.t("dhis2ui.hint_tip")
    name = Path(dialog.metadata.text()).name
    dialog.file.setFocus()
    dialog.file.selectAll()
    qtbot.keyClicks(dialog.file, str(tmp_path / "usb" / "data.json"))
    assert Path(dialog.metadata.text()) == tmp_path / "usb" / name
    dialog.metadata.setText(str(tmp_path / "mine.json"))
    dialog.metadata.setModified(True)
    qtbot.keyClicks(dialog.file, "x")
    assert Path(dialog.metadata.text()) == tmp_path / "mine.json"  # a path the person typed stays


def test_the_file_menu_separates_dhis2_and_settings(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    actions = file_menu.actions()
    texts = [a.text() for a in actions]
    for key in ("act.export_dhis2", "act.settings"):
        where = texts.index(i18n.t(key))
        assert actions[where - 1].isSeparator()
