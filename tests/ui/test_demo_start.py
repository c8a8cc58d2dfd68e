"""The first-run dialog's «Dùng thử» (demo) makes the same dataset as ``ntm demo``, and, as
``ntm demo --province``, loads the home province chosen (issue 20 part 7)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ntm_desktop import units
from ntm_desktop.setup import demo
from ui import app as appmod
from ui.dialogs import FirstRunDialog


def test_demo_from_the_first_run_dialog_starts_on_the_province_chosen(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))

    def choose_demo(dialog):
        dialog.province.search.setText("gia lai")
        return FirstRunDialog.DEMO

    monkeypatch.setattr(FirstRunDialog, "exec", choose_demo)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctl = appmod.Controller(QApplication.instance(), settings)
    assert ctl.open(tmp_path / "real.sqlite3")
    qtbot.addWidget(ctl.window)
    store = ctl.store
    assert demo.is_demo(store) and demo.holds_data(store)
    assert str(store.path).endswith("ntm-demo.sqlite3")
    home = store.meta("home_province")
    assert home is not None and units.by_nkey(store, home) is not None  # loaded, not a dangling key
    assert ctl.window.windowTitle().startswith("[DEMO]")
    ctl.close()
