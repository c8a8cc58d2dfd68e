"""File → Khôi phục in the window: the automatic backups are listed with what they hold;
a damaged file is refused; a restore backs up the current database, then reopens."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ntm_desktop import units  # noqa: E402
from ntm_desktop.assessments import set_official  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from ntm_desktop.store import backup
from ui.backup import restore_dialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def window(store, qtbot):
    win = MainWindow(store)
    qtbot.addWidget(win)
    return win


def _official_count(store):
    return store.query("SELECT count(*) AS n FROM criterion_results WHERE official IS NOT NULL")[0]["n"]


def test_restore_dialog_lists_shows_and_restores(window, qtbot, monkeypatch):
    store = window.store
    set_official(store, units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), Period(2020, "Y"), 2, True)
    daily = backup.auto_backup(store, "daily")
    set_official(store, units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), Period(2020, "Y"), 3, True)
    assert _official_count(store) == 2

    dialog = restore_dialog.restore(window)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.list.topLevelItemCount() == 1
    row = dialog.list.topLevelItem(0)
    assert row.text(1) == "hằng ngày" and row.text(0).startswith(datetime.now().strftime("%d/%m/%Y"))
    assert not dialog.restore_button.isEnabled()
    dialog.list.setCurrentItem(row)
    assert dialog.info is not None and dialog.info.path == daily
    shown = dialog.details.text()
    assert "85 xã" in shown and "1 kết quả tiêu chí chính thức" in shown
    assert dialog.restore_button.isEnabled()

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    with qtbot.waitSignal(window.open_requested, timeout=10000) as reopened:
        task = dialog.confirm()
        assert task is not None
    assert reopened.args == [str(store.path)]
    assert "bản hiện tại sẽ được sao lưu trước" in asked[0].lower()
    assert _official_count(store) == 1  # the window's own connection sees the restored file
    before = dialog.result_.before
    assert before is not None and "before-restore" in before.name and str(before) in told[0]
    assert [b.reason for b in backup.list_backups(store.path)] == ["before-restore", "daily"]


def test_restore_dialog_refuses_a_damaged_file(window, qtbot, tmp_path):
    store = window.store
    good = backup.backup_to(store, tmp_path / "copy.sqlite3")
    bad = tmp_path / "hong.sqlite3"
    shutil.copyfile(good, bad)
    data = bytearray(bad.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096 * 2):
        data[offset + 20 : offset + 600] = b"\xff" * 580
    bad.write_bytes(bytes(data))

    dialog = restore_dialog.restore(window)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 1 and not dialog.list.topLevelItem(0).flags()  # "none yet"
    dialog.choose_file(str(bad))
    assert dialog.info is None and not dialog.restore_button.isEnabled()
    assert "bị hỏng" in dialog.details.text() and "hong.sqlite3" in dialog.details.text()
    assert dialog.confirm() is None
    dialog.choose_file(str(good))
    assert dialog.info is not None and dialog.restore_button.isEnabled()
    assert dialog.list.topLevelItem(0).text(1) == "tệp đã chọn"
