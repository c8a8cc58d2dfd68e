"""Issue 18 part 3 in the window: Kế hoạch → Kỳ báo cáo, khóa số liệu… lists the province, its
districts and communes with the state of the chosen period; submit, lock and unlock (with a
reason) go through the core, each one step on the undo stack; a commune under a district's lock
shows it; the scorecard refuses an edit of a locked period with a message naming who and when."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ntm_desktop import units  # noqa: E402
from ntm_desktop.cycle import locks  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from tests.ui.test_window import _cell, _open  # noqa: E402
from ui.planning.period_dialog import periods  # noqa: E402


def _dialog(qtbot, window, period="2020"):
    dialog = periods(window)
    qtbot.waitExposed(dialog)
    dialog.set_period(period)
    return dialog


def _row(dialog, name):
    return next(line for line in dialog.shown() if line.split(" | ")[0] == name)


def test_lock_a_district_then_unlock_with_a_reason_each_undone(qtbot, window):
    store = window.store
    dialog = _dialog(qtbot, window)
    assert dialog.shown()[0].startswith("Kon Tum | Đang mở")
    assert len(dialog.shown()) == 96  # the province, 10 districts, 85 communes
    dialog.select_unit("Đăk Hà")
    assert not dialog.action_buttons["unlock"].isEnabled()
    assert dialog.act("lock")
    assert _row(dialog, "Đăk Hà").startswith(f"Đăk Hà | Đã khóa | {store.user} | ")
    assert _row(dialog, "Hà Mòn").startswith(f"Hà Mòn | Đã khóa (theo Đăk Hà, Năm 2020) | {store.user} | ")
    assert _row(dialog, "Đăk Cấm").startswith("Đăk Cấm | Đang mở")
    assert dialog.action_buttons["unlock"].isEnabled() and window.undo_stack.count() == 1
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assert locks.lock_over(store, ha_mon.id, Period(2020, "Q", 2)) is not None

    dialog.select_unit("Hà Mòn")  # a commune under the district's lock: unlock it at the district
    assert not dialog.action_buttons["unlock"].isEnabled() and not dialog.act("submit")
    assert dialog.error.isVisible() and "bị khóa bởi" in dialog.error.text()
    dialog.select_unit("Đăk Hà")
    assert not dialog.act("unlock", "  ")  # a reason is needed: refused, nothing written
    assert "lý do" in dialog.error.text() and window.undo_stack.count() == 1
    assert dialog.act("unlock", "Bổ sung số liệu xã Hà Mòn")
    assert _row(dialog, "Đăk Hà").endswith(" | Bổ sung số liệu xã Hà Mòn")
    assert _row(dialog, "Hà Mòn").startswith("Hà Mòn | Đang mở")
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()  # the unlock undone: locked again, and the list follows
    assert _row(dialog, "Hà Mòn").startswith("Hà Mòn | Đã khóa (theo Đăk Hà")
    window.undo_stack.undo()  # the lock undone
    assert _row(dialog, "Đăk Hà").startswith("Đăk Hà | Đang mở")
    assert locks.lock_over(store, ha_mon.id, Period(2020, "Y")) is None
    dialog.set_period("2020-Q3")
    assert dialog.period.currentText() == "Quý III/2020"


def test_the_scorecard_says_who_locked_the_period(qtbot, window, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog = _dialog(qtbot, window)
    dialog.select_unit("Đăk Hà")
    assert dialog.act("lock")
    dialog.close()
    store = window.store
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    _open(window, qtbot, commune)
    before = store.query("SELECT count(*) AS n FROM changes")[0]["n"]
    assert not window.scorecard.model.setData(_cell(window, "indicator", "1.1", "value"), "có")
    assert len(warnings) == 1 and f"đã bị khóa bởi {store.user} lúc" in warnings[0]
    assert "Khóa trên: Đăk Hà, Năm 2020" in warnings[0]
    assert store.query("SELECT count(*) AS n FROM changes")[0]["n"] == before


def test_undo_of_an_edit_in_a_period_locked_since_is_refused_not_a_crash(qtbot, window, monkeypatch):
    """Ctrl+Z of an edit made before the district locked the year: the core refuses; the window says
    so, the value stays, and the step leaves the stack instead of pretending it was undone."""
    from ntm_desktop.cycle import service

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    store = window.store
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    _open(window, qtbot, commune)
    assert window.scorecard.model.setData(_cell(window, "indicator", "1.1", "value"), "có")
    assert window.undo_stack.count() == 1
    service.act(store, units.resolve_district(store, "Đăk Hà"), Period(2020, "Y"), "lock")
    values = store.query("SELECT value FROM indicator_values")
    window.undo_action.trigger()
    assert len(warnings) == 1 and "đã bị khóa" in warnings[0]
    assert store.query("SELECT value FROM indicator_values") == values
    assert window.undo_stack.count() == 0
