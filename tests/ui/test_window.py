"""The window, driven as a user would: pick a commune, type values, watch statuses, undo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from ntm_desktop import assessments, periods, units  # noqa: E402
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.app import prepare  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.scorecard.model import COL  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _commune(store, district, name):
    return units.resolve_commune(store, name, district)


def _open(win, qtbot, commune, year=2020):
    win.scorecard.year.setValue(year)
    assert win.tree.select_commune(commune.id)
    qtbot.waitUntil(lambda: win.scorecard.commune is not None and win.scorecard.commune.id == commune.id)


def _find(win, kind, key):
    """Model index (column 0) of a criterion number or indicator code."""
    model = win.scorecard.model
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for c in range(model.rowCount(group)):
            crit = model.index(c, 0, group)
            node = model.node(crit)
            if kind == "criterion" and node.payload.criterion.number == key:
                return crit
            for i in range(model.rowCount(crit)):
                ind = model.index(i, 0, crit)
                if kind == "indicator" and model.node(ind).payload.indicator.code == key:
                    return ind
    raise AssertionError(f"{kind} {key} not shown")


def _cell(win, kind, key, column):
    index = _find(win, kind, key)
    return index.siblingAtColumn(COL[column])


def test_filter_ignores_accents(window):
    window.tree.filter.setText("dak long")
    shown = window.tree.visible_communes()
    assert sorted(shown) == ["Xã Đăk Long  ·ĐBKK (Đăk Glei)", "Xã Đăk Long  ·ĐBKK (Đăk Hà)"]
    window.tree.filter.setText("ngoc tu")  # alias spelling of Ngọk Tụ
    assert [s.split(" (")[0] for s in window.tree.visible_communes()] == ["Xã Ngọk Tụ  ·ĐBKK"]
    window.tree.filter.setText("")
    assert len(window.tree.visible_communes()) == 85


def test_enter_values_status_changes_and_undo(window, qtbot):
    store = window.store
    commune = _commune(store, "Đăk Hà", "Hà Mòn")
    _open(window, qtbot, commune)
    view = window.scorecard
    assert view.count.text() == "chưa nhập"  # an empty period, not a green "0/19"
    assert "#777777" in view.count.styleSheet() and view.band.text() == "Chưa có số liệu cho kỳ này."
    model = view.model
    assert model.setData(_cell(window, "indicator", "1.1", "value"), "có")
    assert _cell(window, "criterion", 1, "computed").data() == "Chưa xác định"
    assert model.setData(_cell(window, "indicator", "1.2", "value"), "có")
    assert _cell(window, "criterion", 1, "computed").data() == "Đạt"
    assert view.count.text() == "1/19 tiêu chí" and "#1d5c2e" in view.count.styleSheet()
    # saved at once, without any Save button: a second connection sees it
    other = open_store(store.path)
    card = assessments.scorecard(other, commune, periods.parse("2020"))
    assert card.rows[0].computed.value == "met"
    other.close()
    # Ctrl+Z undoes the last value, Ctrl+Shift+Z / redo brings it back
    window.undo_action.trigger()
    assert _cell(window, "criterion", 1, "computed").data() == "Chưa xác định"
    assert view.count.text() == "0/19 tiêu chí"
    window.redo_action.trigger()
    assert _cell(window, "criterion", 1, "computed").data() == "Đạt"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _cell(window, "indicator", "1.1", "value").data() == ""
    assert store.query("SELECT count(*) AS n FROM indicator_values")[0]["n"] == 0


def test_threshold_failure_and_official_disagreement(window, qtbot):
    commune = _commune(window.store, "Đăk Hà", "Hà Mòn")
    _open(window, qtbot, commune)
    model = window.scorecard.model
    assert model.setData(_cell(window, "indicator", "10", "value"), "38,5")  # below ≥41 for Tây Nguyên in 2020
    assert _cell(window, "indicator", "10", "threshold").data() == "≥41"
    assert _cell(window, "indicator", "10", "computed").data() == "Chưa đạt"
    assert _cell(window, "criterion", 10, "computed").data() == "Chưa đạt"
    assert model.setData(_cell(window, "criterion", 10, "official"), True)
    assert "⚠" in _cell(window, "criterion", 10, "official").data()
    assert "1 tiêu chí" in window.scorecard.flags.text()
    assert window.scorecard.count.text() == "1/19 tiêu chí"  # the official status counts
    assert model.setData(_cell(window, "criterion", 10, "note"), "Theo QĐ công nhận")
    row = window.store.query("SELECT official, note FROM criterion_results WHERE official IS NOT NULL")[0]
    assert (row["official"], row["note"]) == (1, "Theo QĐ công nhận")


def test_bad_value_refused_and_nothing_written(window, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    commune = _commune(window.store, "Đăk Hà", "Hà Mòn")
    _open(window, qtbot, commune)
    before = window.store.query("SELECT count(*) AS n FROM changes")[0]["n"]
    model = window.scorecard.model
    assert not model.setData(_cell(window, "indicator", "15.1", "value"), "120")
    assert not model.setData(_cell(window, "indicator", "10", "value"), "mười")
    assert not model.setData(_cell(window, "indicator", "1.1", "value"), "có lẽ")
    assert len(warnings) == 3 and "100" in warnings[0]
    assert window.store.query("SELECT count(*) AS n FROM changes")[0]["n"] == before
    assert window.store.query("SELECT count(*) AS n FROM indicator_values")[0]["n"] == 0


def test_keyboard_entry(window, qtbot):
    commune = _commune(window.store, "Đăk Hà", "Đăk Long")
    _open(window, qtbot, commune)
    tree = window.scorecard.tree
    index = _cell(window, "indicator", "15.1", "value")
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not tree
    editor.selectAll()
    # Vietnamese-safe typing: one key event per character (see DESIGN.md)
    for ch in "86,5":
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
        QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(window, "indicator", "15.1", "value").data() == "86,5")
    assert _cell(window, "indicator", "15.1", "computed").data() == "Đạt"  # ≥85 nationally


def test_history_lists_who_when_old_new(window, qtbot, monkeypatch):
    commune = _commune(window.store, "Đăk Hà", "Hà Mòn")
    _open(window, qtbot, commune)
    model = window.scorecard.model
    model.setData(_cell(window, "indicator", "10", "value"), "40")
    model.setData(_cell(window, "indicator", "10", "value"), "42")
    window.scorecard.tree.setCurrentIndex(_cell(window, "indicator", "10", "value"))
    shown = []
    from ui import dialogs  # the history dialog, loaded by the window when first used

    class Capture(dialogs.HistoryDialog):
        def exec(self):
            model = self.table.model()
            shown.append([[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())])
            return 0

    monkeypatch.setattr(dialogs, "HistoryDialog", Capture)
    window.show_history()
    rows = shown[0]
    assert [r[2] for r in rows] == ["40 → 42", "∅ → 40"]
    assert all(r[1] == window.store.user for r in rows)
    found = _find(window, "indicator", "10")
    assert audit.history(window.store, found.internalId() and model.node(found).payload.nkey)[0].new["value"] == "42"


def test_about_names_versions_and_path(window):
    text = window.about_text()
    from ntm_desktop.store.database import SCHEMA_VERSION

    assert f"Phiên bản lược đồ cơ sở dữ liệu: {SCHEMA_VERSION}" in text and SCHEMA_VERSION >= 2
    assert str(window.store.path) in text


def test_first_run_dialog_and_demo(qtbot, tmp_path, monkeypatch):
    from ui.dialogs import FirstRunDialog

    store = open_store(tmp_path / "first.sqlite3")
    prepare(store)
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.province.currentText() == "Kon Tum"
    names = [dialog.district.itemText(i) for i in range(dialog.district.count())]
    assert "Đăk Hà" in names and len(names) == 11
    dialog.district.setCurrentIndex(names.index("Sa Thầy"))
    assert dialog.choice() == ("province:62", "district:616")
    store.close()


def test_demo_window_is_marked(qtbot, tmp_path):
    from ntm_desktop.setup import demo

    store = demo.create(tmp_path / "demo.sqlite3")
    win = MainWindow(store)
    qtbot.addWidget(win)
    assert win.windowTitle().startswith("[DEMO]")
    banner = win.findChild(type(win.scorecard.title), "demoBanner")
    assert banner is not None and "DEMO" in banner.text()
    store.close()


def test_smoke_test_cli_writes_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "NTM_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke-test", "--db", str(tmp_path / "s.sqlite3"),
         "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_smoke_test_refuses_a_non_database(tmp_path):
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("Tên xã,Huyện\nHà Mòn,Đăk Hà\n", encoding="utf-8")
    before = bad.read_bytes()
    env = {"QT_QPA_PLATFORM": "offscreen", "NTM_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke-test", "--db", str(bad)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 3
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
    assert bad.read_bytes() == before


def test_set_override_from_window_and_cli(window, qtbot, tmp_path):
    commune = _commune(window.store, "Đăk Hà", "Hà Mòn")
    _open(window, qtbot, commune, year=2021)
    view = window.scorecard
    assert view.model.card.criteria_set.code == "QG-2021-2025"
    view.set_choice.setCurrentIndex(view.set_choice.findData("QG-2016-2020"))
    view.set_choice.activated.emit(view.set_choice.currentIndex())
    assert view.model.card.criteria_set.code == "QG-2016-2020"
    assert window.store.query("SELECT set_code FROM year_sets WHERE year = 2021")[0]["set_code"] == "QG-2016-2020"
    # the CLI sees the same override and can put it back to automatic
    run = [sys.executable, "-m", "ntm_desktop", "--db", str(window.store.path), "criteria", "use", "--year", "2021"]
    done = subprocess.run([*run, "--auto"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "QG-2021-2025" in done.stdout
    view.reload()
    assert view.model.card.criteria_set.code == "QG-2021-2025" and view.set_choice.currentIndex() == 0


def test_manual_backup_is_named_and_placed_like_the_automatic_ones(window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ntm_desktop.store import backup

    offered = {}

    def accept(_parent, _caption, suggested, _filter):
        offered["path"] = suggested
        return suggested, _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", accept)
    window.backup_database()
    made = backup.list_backups(Path(window.store.path))
    assert [b.reason for b in made] == ["manual"] and str(made[0].path) == offered["path"]
    assert backup.integrity(made[0].path) == "ok"


def test_no_cyclic_collection_while_background_work_runs(qtbot, window):
    """The collector, run in a worker, could finalise Qt widgets and crash the process."""
    import gc
    import threading

    from ui.worker import Task

    seen = {}
    release = threading.Event()

    def job(_progress, _cancelled):
        seen["enabled_in_job"] = gc.isenabled()
        release.wait(5)
        return 1

    task = Task(window, "…", job)
    task.start()
    qtbot.waitUntil(lambda: "enabled_in_job" in seen, timeout=5000)
    assert not gc.isenabled() and seen["enabled_in_job"] is False
    release.set()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert gc.isenabled()
