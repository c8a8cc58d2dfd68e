"""File → Nhập biểu in the window: preview, choosing matches, importing in a worker, undo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QComboBox, QMessageBox  # noqa: E402

from ntm_desktop import summary, units  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.app import prepare  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of shared/samples


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "w.sqlite3")
    prepare(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.scorecard.year.setValue(2019)
    yield win
    store.close()


def _misspelled(tmp_path):
    wb = openpyxl.load_workbook(SAMPLES / "legacy-table-2019.xlsx")
    ws = wb.active
    ws["C6"] = "Đăk Lonng"  # Đăk Long of Đăk Hà, misspelled
    ws["C23"] = "Ngoc Lin"  # Ngọc Linh of Đăk Glei
    path = tmp_path / "misspelled.xlsx"
    wb.save(path)
    return path


def test_import_with_chosen_matches_then_undo(window, qtbot, tmp_path, monkeypatch):
    infos = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    before = summary.summary(window.store, 2019)
    dialog = window.import_table(str(_misspelled(tmp_path)))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview.matched == 19
    assert [r.row for r in dialog.preview.unknown] == [6, 23]
    marks = dialog.marks.model()
    assert marks.rowCount() == 21 and marks.index(2, 1).data() == "? Đăk Lonng"
    choices = [dialog.unknown.indexWidget(dialog.unknown.model().index(i, 2)) for i in range(2)]
    assert all(isinstance(c, QComboBox) for c in choices)
    assert choices[0].currentText() == "Đăk Long (Đăk Hà)"
    assert choices[1].currentText() == "Ngọc Linh (Đăk Glei)"
    assert dialog.run_button.isEnabled()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    qtbot.waitUntil(lambda: bool(infos), timeout=5_000)
    assert "mới 21" in infos[0]
    after = summary.summary(window.store, 2019)
    assert after["per_criterion"]["1"] == 21
    long_ha = units.resolve_commune(window.store, "Đăk Long", "Đăk Hà")
    assert window.store.query(
        "SELECT sum(official) AS n FROM criterion_results WHERE commune_id = ?", [long_ha.id]
    )[0]["n"] == 12
    assert len(units.all_of_level(window.store, "commune")) == 85  # matched, not created
    window.undo_action.trigger()  # Ctrl+Z undoes the whole import
    assert summary.summary(window.store, 2019) == before


def test_preview_blocks_import_of_bad_mark(window, qtbot):
    dialog = window.import_table(str(SAMPLES / "legacy-table-2019-bad-mark.xlsx"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert not dialog.run_button.isEnabled()
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("H9" in text for text in texts)
    dialog.reject()


def test_unreadable_file_is_reported_in_dialog(window, qtbot, tmp_path):
    bad = tmp_path / "bang.xlsx"
    bad.write_text("STT;Xã\n1;Hà Mòn\n", encoding="utf-8")
    dialog = window.import_table(str(bad))
    qtbot.waitUntil(lambda: "không phải" in dialog.info.text(), timeout=10_000)
    assert not dialog.run_button.isEnabled()
    dialog.reject()


def test_export_from_window(window, qtbot, tmp_path):
    task = window.export_table(str(tmp_path / "x.xlsx"), district="Sa Thầy")
    with qtbot.waitSignal(task.done, timeout=20_000) as done:
        pass
    out = done.args[0]
    assert out == tmp_path / "x.xlsx"
    assert "x.xlsx" in window.statusBar().currentMessage()
    ws = openpyxl.load_workbook(out).active
    assert {ws.cell(r, 2).value for r in range(4, ws.max_row)} == {"Sa Thầy"}
    assert ws.max_row == 3 + 10 + 1


def test_every_text_the_window_uses_is_in_the_catalog(window):
    """Keys are registered where they are used, not only in the CLI (a missing key shows raw)."""
    import importlib
    import re

    from ntm_desktop import i18n
    from ui import main_window

    ui_dir = Path(main_window.__file__).parent
    modules = sorted(ui_dir.rglob("*.py"))
    for module in modules:  # every module imports; none registers texts of its own
        importlib.import_module(".".join(module.relative_to(ui_dir.parent).with_suffix("").parts))
    sources = "".join(p.read_text(encoding="utf-8") for p in modules)
    keys = set(re.findall(r'\bt\("([a-z_]+\.[a-z_0-9.]+)"', sources))
    assert len(keys) > 40
    missing = sorted(k for k in keys if k not in i18n.MESSAGES)
    assert missing == []


def test_the_preview_says_what_it_overwrites_and_asks_before_changing_hand_entries(window, qtbot, monkeypatch):
    """Issue 20 part 7: the table would turn a hand-entered status the other way: the preview says so,
    and the import asks; «No» writes nothing."""
    from ntm_desktop import assessments
    from ntm_desktop.periods import Period

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    first = window.import_table(str(SAMPLES / "legacy-table-2019.xlsx"))
    qtbot.waitUntil(lambda: first.preview is not None, timeout=10_000)
    first.run_import(synchronous=True)
    row = first.preview.rows[0]
    store = window.store
    assessments.set_official(store, row.unit, Period(2019, "Y"), 1, not row.marks[1])
    dialog = window.import_table(str(SAMPLES / "legacy-table-2019.xlsx"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("thay đổi 1 kết quả công nhận đã có" in line for line in shown)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    before = store.query("SELECT official, source FROM criterion_results WHERE commune_id = ? AND year = 2019"
                         " AND criterion_id IN (SELECT id FROM criteria WHERE number = 1)", [row.unit.id])
    dialog.run_import(synchronous=True)
    assert asked and "1 kết quả công nhận do người nhập tay" in asked[0]
    assert store.query("SELECT official, source FROM criterion_results WHERE commune_id = ? AND year = 2019"
                       " AND criterion_id IN (SELECT id FROM criteria WHERE number = 1)", [row.unit.id]) == before
