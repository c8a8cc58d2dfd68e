"""Window tests: the window's texts are in the catalog for every test, as when it starts (Qt's
own texts too); and
the main window on a Kon Tum database (the home district Đăk Hà), which a test module may
replace with a ``window`` fixture of its own."""

import pytest

from ntm_desktop.store.database import open_store
from ui import catalog
from ui.app import prepare, save_home
from ui.main_window import MainWindow
from ui.qt_texts import install_translator


@pytest.fixture(autouse=True)
def _window_texts(qapp):
    catalog.install()
    install_translator(qapp)  # Qt's standard buttons in the program's language, as main() does


@pytest.fixture
def home_db(tmp_path):
    """A Kon Tum database, closed, its home district Đăk Hà, as a start of the program finds it."""
    db = tmp_path / "office.sqlite3"
    st = open_store(db)
    prepare(st)
    save_home(st, "province:62", "district:612")
    st.close()
    return db


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "ui.sqlite3")
    prepare(store)
    save_home(store, "province:62", "district:615")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()
