"""Issue 17 part 6 in the window: Đơn vị → Công nhận đạt chuẩn… lists the commune's recognitions
and its former communes', adds one and revokes one through the core; each is one step on the
undo stack (Ctrl+Z restores the record exactly), a refusal is shown in the dialog and changes
nothing, and the scorecard's panel shows the recognitions."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtGui import QKeySequence  # noqa: E402

from ntm_desktop import recognition, units  # noqa: E402
from ntm_desktop.setup.prepare import prepare, save_home  # noqa: E402
from ntm_desktop.store.database import open_store  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.scorecard.recognition_dialog import recognitions  # noqa: E402

NKEY_ROW = ("SELECT uuid, nkey, unit_id, kind, year, decision, decided_on, issuer, revoked_decision, revoked_on,"
            " note, deleted FROM recognitions ORDER BY nkey")


def rows(store):
    return [tuple(r) for r in store.query(NKEY_ROW)]


def _open(qtbot, window, name="Hà Mòn"):
    unit = units.resolve_commune(window.store, name, "Đăk Hà")
    window.scorecard.show_commune(unit.id)
    dialog = recognitions(window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog, unit


def test_no_commune_shown_says_so(qtbot, window):
    assert window.scorecard.commune is None
    assert recognitions(window) is None
    assert window.statusBar().currentMessage() == "Hãy chọn một xã trong cây đơn vị trước."


def test_add_then_revoke_each_undone_with_ctrl_z(qtbot, window):
    store = window.store
    dialog, unit = _open(qtbot, window)
    assert dialog.shown() == [] and dialog.empty.isVisible()
    assert dialog.focusWidget() is dialog.kind
    dialog.kind.setCurrentIndex(recognition.KINDS.index("ntm"))
    dialog.date.set_day(date(2020, 12, 30))
    dialog.decision.setText("123/QĐ-UBND")  # setText: keyClicks aborts on Vietnamese letters
    dialog.issuer.setText("UBND tỉnh Kon Tum")
    dialog.add_button.click()
    assert dialog.shown() == ["Hà Mòn | NTM | 2020 | 123/QĐ-UBND | 30/12/2020 | UBND tỉnh Kon Tum | "]
    assert window.undo_stack.count() == 1
    panel = window.scorecard.origins
    assert panel.isVisible() and panel.plain_own() == ["NTM 2020 (123/QĐ-UBND, 30/12/2020)"]
    assert "Công nhận:" in panel.text()
    added = rows(store)

    dialog.decision.setText("123/qđ-ubnd")  # the same decision again: refused in the dialog
    dialog.add_button.click()
    assert dialog.error.isVisible() and "đã được ghi" in dialog.error.text()
    assert rows(store) == added and window.undo_stack.count() == 1

    dialog.select(0)
    assert dialog.revoke_button.isEnabled()
    dialog.revoke_date.set_day(date(2019, 1, 1))
    dialog.revoke_decision.setText("9/QĐ-UBND")
    dialog.revoke_button.click()  # before the recognition: refused
    assert "trước ngày công nhận" in dialog.error.text() and rows(store) == added
    dialog.revoke_date.set_day(date(2023, 2, 1))
    dialog.revoke_button.click()
    assert dialog.shown() == [
        "Hà Mòn | NTM | 2020 | 123/QĐ-UBND | 30/12/2020 | UBND tỉnh Kon Tum | 9/QĐ-UBND, 01/02/2023"]
    assert "<s>" in panel.text()  # struck through once revoked
    assert window.undo_stack.count() == 2
    dialog.reject()

    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    window.undo_action.trigger()  # the revocation goes: the record exactly as it was
    assert rows(store) == added
    assert panel.plain_own() == ["NTM 2020 (123/QĐ-UBND, 30/12/2020)"] and "<s>" not in panel.text()
    window.undo_action.trigger()  # the recognition goes (a tombstone, so the deletion travels)
    assert recognition.of_unit(store, unit) == [] and not panel.isVisible()
    window.redo_action.trigger()
    assert rows(store) == added and panel.isVisible()


@pytest.fixture
def eras_window(qtbot, tmp_path, monkeypatch):
    """The window on Kon Tum of both eras, in 2026: the new xã Ia Chim (23326) is formed from Ia Chim,
    Đăk Năng and Đoàn Kết; Đăk Năng was recognised in 2021 and 2024."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "eras.sqlite3")
    prepare(store, "never")
    units.load_provinces(store, units.find_provinces("Kon Tum"))
    save_home(store, "province:51@2025-07-01", None)
    dak_nang = units.resolve_code(store, "23327", "2020-12-31")
    recognition.add(store, dak_nang, "ntm", decision="45/QĐ-UBND", decided_on="2021-03-01", year=2020)
    recognition.add(store, dak_nang, "nang-cao", decision="46/QĐ-UBND", decided_on="2024-03-01")
    recognition.revoke(store, dak_nang, "nang-cao", decision="9/QĐ-UBND", revoked_on="2025-01-01")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.scorecard.year.setValue(2026)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()


def test_a_new_commune_shows_its_former_communes_recognitions(qtbot, eras_window):
    win = eras_window
    new = units.resolve_code(win.store, "23326", "2026-12-31")
    win.scorecard.show_commune(new.id)
    panel = win.scorecard.origins
    assert panel.isVisible() and panel.plain_own() == []
    assert panel.plain()[0] == ("Xã Đăk Năng (cũ): chưa có kết quả; công nhận NTM 2020 (45/QĐ-UBND, 01/03/2021),"
                                " NTM nâng cao 2024 (46/QĐ-UBND, 01/03/2024; thu hồi 9/QĐ-UBND, 01/01/2025)")
    assert panel.plain()[1] == "Xã Đoàn Kết (cũ): chưa có kết quả"
    dialog = recognitions(win)
    qtbot.waitExposed(dialog)
    assert [line.split(" | ")[:3] for line in dialog.shown()] == [
        ["Đăk Năng (xã cũ)", "NTM", "2020"], ["Đăk Năng (xã cũ)", "NTM nâng cao", "2024"]]
    dialog.select(1)
    assert not dialog.revoke_button.isEnabled()  # already revoked
    dialog.date.set_day(date(2026, 5, 20))
    assert dialog.year.value() == 2026
    dialog.decision.setText("300/QĐ-UBND")
    dialog.add_button.click()
    assert dialog.shown()[0].startswith("Ia Chim | NTM | 2026 | 300/QĐ-UBND | 20/05/2026")
    assert panel.plain_own() == ["NTM 2026 (300/QĐ-UBND, 20/05/2026)"]
    win.undo_stack.undo()  # undo while the dialog is open: it follows
    assert [line.split(" | ")[0] for line in dialog.shown()] == ["Đăk Năng (xã cũ)", "Đăk Năng (xã cũ)"]
    dialog.reject()
