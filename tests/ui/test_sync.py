"""The sync screens driven as a user would: export to a stick, preview and import a
package, review a conflict side by side, trust and revoke installations."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ntm_desktop.store.database import open_store  # noqa: E402
from ntm_desktop.sync import merge  # noqa: E402
from ntm_desktop.sync.merge import conflicts
from ntm_desktop.sync.package import export, places
from ntm_desktop.sync.trust import ledger, peers
from tests.sync.test_support import make_store, set_value, value_of, whole  # noqa: E402
from ui.app import prepare, save_home  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.sync import actions as sync_actions  # noqa: E402


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answer at once (Yes to questions) and say what they showed."""
    shown = []

    def info(*args, **kwargs):
        shown.append(args[2] if len(args) > 2 else "")
        return QMessageBox.StandardButton.Ok

    def question(*args, **kwargs):
        shown.append(args[2] if len(args) > 2 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "information", staticmethod(info))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(info))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return shown


@pytest.fixture
def setup(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(places, "removable_drives", lambda: [])
    laptop = make_store(tmp_path / "laptop.sqlite3", "Phòng NN Đăk Hà – laptop 2")
    store = open_store(tmp_path / "office.sqlite3")
    prepare(store)
    save_home(store, "province:62", "district:615")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    (tmp_path / "usb").mkdir()
    yield window, laptop, tmp_path / "usb"
    laptop.close()
    store.close()


def test_import_preview_then_import(setup, qtbot, quiet):
    window, laptop, usb = setup
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "80")
    set_value(laptop, "Đăk Hà", "Đăk Mar", "2.1", "65")
    package = export.export_package(laptop, usb).path
    dialog = sync_actions.import_package(window, str(package))  # the worker runs the dry run
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.run_button.isEnabled()
    assert "mới 2" in dialog.totals.text()
    assert "máy mới" in dialog.origin.text()
    communes = [dialog.communes.model().index(r, 1).data() for r in range(dialog.communes.model().rowCount())]
    assert communes[:2] == ["Đăk Mar", "Hà Mòn"]
    assert value_of(window.store, "Đăk Hà", "Hà Mòn", "2.1") is None  # the preview wrote nothing
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert value_of(window.store, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    assert any("Bản sao lưu trước khi nhập" in m for m in quiet)
    view = window.show_tab("ui.sync.view")
    assert view.packages.table.model().rowCount() == 1 and view.packages.table.model().index(0, 1).data() == "nhận"


def test_refused_package_leaves_everything(setup, qtbot, quiet, tmp_path):
    window, laptop, usb = setup
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "80")
    package = export.export_package(laptop, usb).path
    broken = tmp_path / "broken.ntmpkg"
    broken.write_bytes(package.read_bytes()[:700])
    before = whole(window.store)
    dialog = sync_actions.import_package(window, broken)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10000)
    assert not dialog.run_button.isEnabled()
    assert "cắt cụt" in dialog.problem.text() and dialog.problem.isVisible()
    assert whole(window.store) == before


def test_conflict_side_by_side_choose_the_other(setup, qtbot, quiet):
    window, laptop, usb = setup
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "70")
    time.sleep(0.005)
    set_value(window.store, "Đăk Hà", "Hà Mòn", "2.1", "60", note="đoàn kiểm tra")
    report = merge.import_package(window.store, export.export_package(laptop, usb).path)
    assert report.totals.conflicts == 1
    view = sync_actions.show_conflicts(window)
    assert view.pages.currentWidget() is view.conflicts
    assert view.pages.tabText(0) == "Xung đột (1)"
    panel = view.conflicts
    assert panel.table.model().rowCount() == 1
    assert panel.current.value.text() == "60 (đoàn kiểm tra)" and panel.other.value.text() == "70"
    assert "laptop 2" in panel.other.installation.text()
    panel.other.button.click()
    assert value_of(window.store, "Đăk Hà", "Hà Mòn", "2.1") == "70"
    assert conflicts.open_count(window.store) == 0
    assert view.pages.tabText(0) == "Xung đột (1)" or panel.table.model().rowCount() == 0
    panel.show_resolved.setChecked(True)
    assert panel.table.model().rowCount() == 1 and not panel.current.button.isEnabled()


def test_export_to_a_stick(setup, qtbot, quiet, monkeypatch, tmp_path):
    window, laptop, _usb = setup
    stick = tmp_path / "media" / "USB16GB"
    stick.mkdir(parents=True)
    monkeypatch.setattr(places, "removable_drives", lambda: [stick])
    set_value(window.store, "Đăk Hà", "Hà Mòn", "2.1", "80")
    dialog = sync_actions.export_package(window)
    assert dialog.folder.text() == str(stick) and dialog.drives.count() == 1
    assert "toàn bộ" in dialog.since.text()
    dialog.scope_district.setChecked(True)
    dialog.run_export()
    qtbot.waitUntil(lambda: dialog.result_ is not None or dialog.error is not None, timeout=15000)
    assert dialog.error is None, dialog.error
    written = list(stick.glob("*.ntmpkg"))
    assert len(written) == 1 and not list(stick.glob("*.part"))
    assert any("Có thể rút USB an toàn" in m for m in quiet)
    assert dialog.result_.counts["indicator_value"] == 1
    assert [p.direction for p in ledger.history(window.store)] == ["sent"]
    # the laptop reads it
    assert merge.import_package(laptop, written[0]).totals.new == 1
    # the next export for the same scope carries only changes
    again = sync_actions.export_package(window)
    again.scope_district.setChecked(True)
    assert "kể từ gói gửi" in again.since.text()
    again.reject()


def test_export_needs_a_place_and_communes(setup, quiet):
    window, _laptop, _usb = setup
    dialog = sync_actions.export_package(window)
    assert dialog.no_drive.isVisible() and dialog.folder.text() == ""
    assert dialog.run_export() is None and "chọn USB" in dialog.status.text()
    dialog.folder.setText(str(Path.home()))
    dialog.scope_communes.setChecked(True)
    assert dialog.run_export() is None and "ít nhất một xã" in dialog.status.text()
    dialog.reject()


def test_peers_dialog_trust_and_revoke(setup, qtbot, quiet):
    window, laptop, usb = setup
    package = export.export_package(laptop, usb).path
    dialog = sync_actions.show_peers(window)
    panel = dialog.panel
    assert panel.table.model().rowCount() == 0 and panel.empty.isVisible()
    peer = panel.trust_from_package(str(package))
    assert peer is not None and peer.how == "manual"
    assert panel.table.model().rowCount() == 1
    assert panel.table.model().index(0, 0).data() == "Phòng NN Đăk Hà – laptop 2"
    panel.known_only.setChecked(True)
    assert peers.known_only(window.store)
    panel.table.selectRow(0)
    panel.revoke()
    assert peers.get(window.store, laptop.installation_id).status == "revoked"
    panel.table.selectRow(0)
    panel.retrust()
    assert peers.get(window.store, laptop.installation_id).status == "trusted"
    panel.rename("Văn phòng điều phối NTM Đăk Hà")
    assert "Văn phòng điều phối" in panel.me.text()
    dialog.reject()


def test_sync_tab_in_english(setup, english):
    window, _laptop, _usb = setup
    view = window.show_tab("ui.sync.view")
    view.refresh()
    assert view.pages.tabText(0) == "Conflicts (0)"
    assert view.pages.tabText(2) == "Known installations"


def test_a_large_import_from_the_window(setup, qtbot, quiet, monkeypatch, tmp_path):
    """As a large package goes in from the window: in the worker, with the history read by
    a helper process, the database kept in WAL (the window's own connection is open)."""
    import tempfile

    from ntm_desktop.sync.merge import history_stage

    window, laptop, usb = setup
    set_value(laptop, "Đăk Hà", "Hà Mòn", "2.1", "80")
    package = export.export_package(laptop, usb).path
    monkeypatch.setattr(merge, "STAGE_HISTORY_ROWS", 1)
    monkeypatch.setattr(merge, "LARGE_IMPORT_ROWS", 1)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    started = []
    original = history_stage.Stager.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self.folder)

    monkeypatch.setattr(history_stage.Stager, "__init__", spy)
    dialog = sync_actions.import_package(window, str(package))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert value_of(window.store, "Đăk Hà", "Hà Mòn", "2.1") == "80"
    assert dialog.report.history > 0 and len(started) == 1
    assert not started[0].exists() and list(scratch.iterdir()) == []
    assert window.store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
