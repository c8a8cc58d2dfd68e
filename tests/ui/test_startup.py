"""Starting the window: which database, settings file, a .ntmpkg given on the command line
(a double-click in Explorer) opening the import preview, and the portable mark."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from ntm_desktop import paths  # noqa: E402
from ntm_desktop.store import backup
from ntm_desktop.store.database import open_store  # noqa: E402
from ui import app as appmod  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.sync import actions as sync_actions  # noqa: E402


@pytest.fixture
def own_windows(qapp):
    """main() leaves its window behind: close it here, so that its later destruction (the
    last visible window) cannot end another test's event loop."""
    before = set(qapp.topLevelWidgets())
    qapp.setQuitOnLastWindowClosed(False)
    yield
    for widget in set(qapp.topLevelWidgets()) - before:
        widget.close()
        widget.deleteLater()
    qapp.processEvents()
    qapp.setQuitOnLastWindowClosed(True)


def test_settings_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    settings = appmod.make_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert Path(settings.fileName()) == tmp_path / "data" / "settings.ini"


def test_start_db_prefers_env_then_last_then_default(tmp_path, monkeypatch, home_db):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv("NTM_DB", raising=False)
    assert appmod.start_db(settings) == paths.default_db_path()
    settings.setValue("last_db", paths.to_setting(home_db))
    assert appmod.start_db(settings) == home_db
    settings.setValue("last_db", str(tmp_path / "deleted.sqlite3"))
    assert appmod.start_db(settings) == paths.default_db_path()
    monkeypatch.setenv("NTM_DB", str(tmp_path / "env.sqlite3"))
    assert appmod.start_db(settings) == tmp_path / "env.sqlite3"


def test_package_argument_opens_the_import_preview(qtbot, tmp_path, monkeypatch, home_db, own_windows):
    package = tmp_path / "tu huyen Dak Ha.ntmpkg"
    package.write_bytes(b"PK")
    calls = []

    def fake_import(window, path=None):
        calls.append((window, path))
        # after the damage check made once the window shows, which starts the daily backup
        QTimer.singleShot(appmod.CHECK_AFTER_PAINT_MS + 200, QApplication.instance().quit)

    monkeypatch.setattr(sync_actions, "import_package", fake_import)
    code = appmod.main([str(package), "--db", str(home_db)])
    assert code == 0
    assert len(calls) == 1
    window, path = calls[0]
    assert isinstance(window, MainWindow) and path == str(package)
    assert Path(window.store.path) == home_db
    # the daily backup of the first start of the day was made, in the background
    assert [b.reason for b in backup.list_backups(home_db)] == ["daily"]


def test_database_argument_opens_it(qtbot, tmp_path, monkeypatch, home_db, own_windows):
    seen = []

    def quit_soon(self, store):
        original(self, store)
        seen.append(self.window.windowTitle())
        QTimer.singleShot(0, QApplication.instance().quit)

    original = appmod.Controller._show
    monkeypatch.setattr(appmod.Controller, "_show", quit_soon)
    assert appmod.main([str(home_db)]) == 0
    assert seen and str(home_db) in seen[0]


def test_portable_mark_in_title_and_status_bar(store, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    (tmp_path / "portable.ini").write_text("", encoding="utf-8")
    window = MainWindow(store)
    qtbot.addWidget(window)
    appmod.mark_portable(window)
    assert window.windowTitle().startswith("[Bản di động]")
    mark = window.findChild(QLabel, "portableMark")
    assert mark is not None and "USB" in mark.text()
    plain = MainWindow(store)
    qtbot.addWidget(plain)
    (tmp_path / "portable.ini").unlink()
    appmod.mark_portable(plain)
    assert "[Bản di động]" not in plain.windowTitle() and plain.findChild(QLabel, "portableMark") is None


def test_a_database_in_a_network_folder_says_so_in_the_status_bar(store, qtbot):
    window = MainWindow(store)
    qtbot.addWidget(window)
    appmod.mark_network(window, store)
    assert window.findChild(QLabel, "networkMark") is None  # a local file: nothing to say
    store.network = True  # as open_store sets it for a network share (store/network.py)
    shared = MainWindow(store)
    qtbot.addWidget(shared)
    appmod.mark_network(shared, store)
    mark = shared.findChild(QLabel, "networkMark")
    assert mark is not None and "mạng" in mark.text() and str(store.path) in mark.toolTip()


def test_the_first_window_of_a_start_asks_the_users_name_once(qtbot, tmp_path, monkeypatch, home_db, own_windows):
    """Issue 20 part 8: without a kept name (or $NTM_USER_NAME) the window asks for the name the
    history shows, once it has painted (issue 22: the question's module loads after the first
    paint); a window replaced before painting leaves the question to the next, and a later window
    of the same start (another language) does not ask again."""
    from PySide6.QtWidgets import QInputDialog

    from ui.reports import settings_dialog
    from ui.worker import FirstPaint

    monkeypatch.delenv("NTM_USER_NAME", raising=False)
    questions = []
    ask = settings_dialog.ask_user_name
    controllers: list = []
    windows: list = []

    def counted(window):
        dialog = ask(window)
        questions.append((type(dialog).__name__, dialog is not None and dialog.isVisible(), windows.index(window)))
        if len(windows) == 2:  # then a third window, which must not ask again
            QTimer.singleShot(0, lambda: controllers[0]._show(open_store(home_db)))
        return dialog

    monkeypatch.setattr(settings_dialog, "ask_user_name", counted)  # imported by ui.app after the first paint

    def look(self, store):
        original(self, store)
        controllers[:] = [self]
        windows.append(self.window)
        if len(windows) == 1:  # replaced before its first paint (a zero timer fires before it)
            QTimer.singleShot(0, lambda: self._show(open_store(home_db)))
        elif len(windows) == 3:  # quit once the third window has painted and done what follows its paint
            FirstPaint(self.window, lambda: QTimer.singleShot(0, QApplication.instance().quit))

    original = appmod.Controller._show
    monkeypatch.setattr(appmod.Controller, "_show", look)
    safety = QTimer()  # a safety net: the assertions below then fail
    safety.setSingleShot(True)
    safety.timeout.connect(QApplication.instance().quit)
    safety.start(20000)
    try:
        assert appmod.main([str(home_db)]) == 0
    finally:
        safety.stop()
    assert len(windows) == 3
    assert questions == [(QInputDialog.__name__, True, 1)]  # asked once a start, shown, on the painted window
