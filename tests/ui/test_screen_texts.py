"""Issue 20 parts 3 and 4: no raw catalog key and no standard button of the other language on
any tab or dialog, in Vietnamese and in English (every tab switched, every menu entry triggered,
the dialogs that need a file opened on real files); and every dialog of the walk fits a 1366×768
laptop with its whole title."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from ntm_desktop import i18n, units
from ntm_desktop.setup import demo
from ntm_desktop.setup.prepare import save_home
from tests.ui.screen_texts import texts, wrong
from ui.dialogs import FirstRunDialog, HistoryDialog
from ui.main_window import MainWindow


class Recorder:
    """Stands in for Qt's static dialogs (file, input, message boxes): records what they
    would show, answers as if the user cancelled."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str]] = []
        for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, self._file)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: self._file(*a, **k)[0])
        for name in ("getItem", "getInt", "getText", "getDouble"):
            monkeypatch.setattr(QInputDialog, name, self._input)
        for name in ("information", "warning", "critical", "about"):
            monkeypatch.setattr(QMessageBox, name, self._message)
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _record(self, what: str, args: tuple, kwargs: dict) -> None:
        for value in [*args[1:], *kwargs.values()]:
            if isinstance(value, str):
                self.shown.append((what, value))
            elif isinstance(value, list):
                self.shown += [(what, item) for item in value if isinstance(item, str)]

    def _file(self, *args, **kwargs):
        self._record("file dialog", args[:3], kwargs)  # parent, caption, directory (not the filter)
        return "", ""

    def _input(self, *args, **kwargs):
        self._record("input dialog", args, kwargs)
        return None, False

    def _message(self, *args, **kwargs):
        self._record("message box", args, kwargs)
        return QMessageBox.StandardButton.Ok

    def _question(self, *args, **kwargs):
        self._record("message box", args, kwargs)
        return QMessageBox.StandardButton.No


# (dialog, width, height, title width): every dialog of the walk, for the check that it fits a
# 1366×768 laptop (728 pixels below a task bar and a title bar) and shows its whole title
SIZES: list[tuple[str, int, int, int]] = []
LAPTOP = (1366, 728)


def _size(dialog: QWidget) -> tuple[str, int, int, int]:
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    return type(dialog).__name__, dialog.width(), dialog.height(), title


class ModalCloser:
    """While open: every 20 ms, the modal dialog shown (one run with exec()) has its texts read,
    then is cancelled."""

    def __init__(self, seen: list[tuple[str, str]]) -> None:
        self.seen = seen
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._close)

    def _close(self) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            self.seen += texts(modal)
            SIZES.append(_size(modal))
            modal.reject()

    def __enter__(self) -> ModalCloser:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("texts") / "demo.sqlite3"
    store = demo.create(path)
    save_home(store, "province:62", "district:615")
    store.close()
    return path


@pytest.fixture(params=["vi", "en"])
def window(request, qtbot, tmp_path, monkeypatch, demo_db):
    import shutil

    from ntm_desktop.store.database import open_store

    i18n.set_language(request.param)
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db, db)
    store = open_store(db)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for widget in QApplication.topLevelWidgets():
        if widget is not win and widget.isVisible():
            widget.close()
    store.close()


def _others(win: QWidget) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w is not win and w.isVisible() and w.isWindow()]


def _close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()


def _menu_actions(win: MainWindow):
    for menu_action in win.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions():
            if action.menu() is not None or action.isSeparator():
                continue
            yield action


def _twinning_dialogs(window: MainWindow, qtbot) -> list[tuple[str, str]]:
    view = window.show_tab("ui.twinning.view")
    view.table.selectRow(0)
    found = texts(view)
    for open_dialog in (view.open_assign, view.open_reassign, view.open_end, view.open_agency):
        dialog = open_dialog()
        assert dialog is not None
        qtbot.wait(10)
        found += texts(dialog)
        SIZES.append(_size(dialog))
        _close(dialog)
    return found


def _package_preview(window: MainWindow, qtbot, tmp_path) -> list[tuple[str, str]]:
    """The import preview of a package from another installation (the sync screens' texts)."""
    from ntm_desktop.sync.package import export
    from tests.sync.test_support import make_store, set_value
    from ui.sync import actions as sync_actions

    laptop = make_store(tmp_path / "laptop.sqlite3", "Laptop 2")
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "80")
    (tmp_path / "usb").mkdir()
    package = export.export_package(laptop, tmp_path / "usb").path
    laptop.close()
    dialog = sync_actions.import_package(window, str(package))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    found = texts(dialog)
    SIZES.append(_size(dialog))
    _close(dialog)
    return found


def _small_dialogs(window: MainWindow) -> list[tuple[str, str]]:
    nkey = window.store.query("SELECT nkey FROM changes WHERE entity = 'criterion_result' LIMIT 1")[0]["nkey"]
    found = texts(HistoryDialog(window.store, nkey, "Đăk Mar", None, window))
    first = FirstRunDialog(window.store, window)
    found += texts(first)
    first.close()
    return found


SKIPPED = {"act.quit", "act.new_db", "act.open_db"}


def test_every_tab_and_dialog_speaks_one_language(window, qtbot, monkeypatch, tmp_path):
    language = i18n.language()
    recorder = Recorder(monkeypatch)
    seen: list[tuple[str, str]] = []
    commune = units.resolve_commune(window.store, "Đăk Mar", "Đăk Hà")
    window.tree.select_commune(commune.id)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        seen += texts(window)
    skipped = {i18n.t(key) for key in SKIPPED}
    for action in list(_menu_actions(window)):
        if action.text() in skipped or not action.isEnabled():
            continue
        window.tabs.setCurrentIndex(0)
        with ModalCloser(seen):  # a dialog run with exec(): read, then cancelled
            action.trigger()
        qtbot.wait(30)
        for widget in _others(window):
            seen += texts(widget)
            SIZES.append(_size(widget))
            _close(widget)
    # the dialogs that need a file: on files the program writes itself
    task = window.export_table(str(tmp_path / "table.xlsx"))
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    table = tmp_path / "table.xlsx"
    window.scorecard.year.setValue(2020)
    dialog = window.import_table(str(table))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    seen += texts(dialog)
    _close(dialog)
    template = window.export_template(str(tmp_path / "template.xlsx"))
    assert template is not None
    dialog = window.import_template(str(template))
    qtbot.wait(50)
    seen += texts(dialog)
    _close(dialog)
    seen += _package_preview(window, qtbot, tmp_path)
    seen += _twinning_dialogs(window, qtbot)
    seen += _small_dialogs(window)
    seen += recorder.shown
    kinds = {where.split(">")[0].split("/")[0] for where, _text in seen}
    assert {"ImportTableDialog", "TemplateImportDialog", "SetEditorDialog", "PeriodDialog", "AssignDialog",
            "HistoryDialog", "FirstRunDialog", "ExportTableDialog", "ImportDialog", "file dialog",
            "input dialog"} <= kinds
    bad = wrong(seen, language)
    assert bad == []
    assert len(SIZES) >= 15
    # the title bar holds the title and three buttons (about 100 pixels)
    too_big = [size for size in SIZES if size[1] > LAPTOP[0] or size[2] > LAPTOP[1] or size[1] < size[3] + 100]
    assert too_big == []
    SIZES.clear()


def test_the_check_sees_raw_keys_and_foreign_buttons(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout

    box = QDialog()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    layout.addWidget(QLabel(i18n.t("imp.no_such_key")))  # t() gives a missing key back raw
    layout.addWidget(QLabel(i18n.t("imp.title")))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    layout.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Hủy", "Lưu"]  # Qt's buttons in Vietnamese
    assert [text for _where, text in wrong(texts(box), "vi")] == ["imp.no_such_key"]
    assert wrong([("x", "&Cancel"), ("y", "Close")], "vi") == [("x", "&Cancel"), ("y", "Close")]
    assert wrong([("x", "Hủy"), ("y", "Đóng")], "en") == [("x", "Hủy"), ("y", "Đóng")]
    i18n.set_language("en")
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(english)
    assert [b.text() for b in english.buttons()] == ["Close"]


def test_the_translator_leaves_qt_texts_it_does_not_know(qapp):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QPageSize

    assert QCoreApplication.translate("QFileDialog", "Sidebar") == "Sidebar"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    a4 = QPageSize(QPageSize.PageSizeId.A4)  # its name goes through the translators
    assert a4.isValid() and a4.name() == "A4"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_print_and_file_dialogs_speak_the_program_language(qtbot, language):
    """Issue 20 parts 1 and 2: every text of Qt's print dialog (its hidden Options tab too) and of
    its own file dialog that the catalog knows is shown in the program's language."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui.qt_texts import QT_TEXTS

    i18n.set_language(language)
    printer = QPrinter()
    shown = []
    print_dialog = QPrintDialog(printer)
    qtbot.addWidget(print_dialog)
    print_dialog.show()
    qtbot.waitExposed(print_dialog)
    shown += texts(print_dialog)
    file_dialog = QFileDialog(None, "x")
    file_dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(file_dialog)
    file_dialog.show()
    qtbot.waitExposed(file_dialog)
    shown += texts(file_dialog)
    words = {text for _where, text in shown}
    untranslated = sorted(text for text in words if text in QT_TEXTS and i18n.t(QT_TEXTS[text]) != text)
    assert untranslated == []
    expected = ["qt.printer", "qt.printer_name", "qt.properties", "qt.location", "qt.type_", "qt.output_file",
                "qt.more_options", "qt.print", "qt.copies", "qt.options", "qt.print_range", "qt.print_all",
                "qt.pages_from", "qt.pages_to", "qt.page_set", "qt.output_settings", "qt.collate", "qt.reverse",
                "qt.look_in_key", "qt.file_types_key", "qt.back", "qt.forward", "qt.parent_dir", "qt.new_folder",
                "qt.list_view", "qt.detail_view"]
    assert [key for key in expected if i18n.t(key) not in words] == []
    headers = [file_dialog.findChild(QWidget, "treeView").model().headerData(i, Qt.Orientation.Horizontal)
               for i in range(4)]
    assert headers == [i18n.t(key) for key in ("qt.name", "qt.size", "qt.type", "qt.modified")]
    if language == "vi":
        assert {"Máy in", "Tù&y chọn >>", "&Thư mục:", "&Loại tệp:"} <= words
        assert not {"Printer", "Print range", "Files of &type:", "&Look in:"} & words


def _mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys of the visible buttons and labels in ``widget``."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    keys = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QAbstractButton | QLabel) and child.isVisible():
            found = re.search(r"&([^&\s])", child.text().replace("&&", ""))
            if found:
                keys.append(found.group(1).lower())
    return keys


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", ["district", "province", "commune", "twinning"])
def test_the_report_tab_has_one_control_per_mnemonic(qtbot, tmp_path, monkeypatch, demo_db, language, kind):
    """Issue 21 part 8: on the Báo cáo tab no two visible buttons or labels share an Alt+letter."""
    import shutil

    from ntm_desktop.store.database import open_store

    i18n.set_language(language)
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db, db)
    store = open_store(db)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    view = win.show_tab("ui.reports.view")
    view.kind.setCurrentIndex(view.kind.findData(kind))
    keys = _mnemonics(view)
    assert len(keys) >= 8
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []
    store.close()
