"""«Chép từ kỳ trước» on the scorecard (issue 18 part 3, issue 20 part 6): a quarter filled from the
quarter before for review, one step that Ctrl+Z takes back; nothing to copy is said, not a crash."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ntm_desktop import assessments, units  # noqa: E402
from ntm_desktop.periods import Period  # noqa: E402
from tests.ui.test_window import _open  # noqa: E402


def _shown(window):
    card = window.scorecard.model.card
    return {i.indicator.code: i.value for r in card.rows for i in r.indicators if i.value is not None}


def test_copy_the_quarter_before_then_undo(qtbot, window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    store = window.store
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_indicator_value(store, commune, Period(2020, "Q", 1), "3.1", "82,5")
    assessments.set_official(store, commune, Period(2020, "Q", 1), 7, True)
    _open(window, qtbot, commune)
    window.scorecard.set_period(Period(2020, "Q", 2))
    assert _shown(window) == {}
    assert window.scorecard.copy_button.isVisible() and window.scorecard.copy_button.text() == "Chép từ kỳ trước"
    window.scorecard.copy_button.click()
    assert _shown(window) == {"3.1": "82.5"} and window.undo_stack.count() == 1
    official = {r.criterion.number: r.official for r in window.scorecard.model.card.rows if r.official is not None}
    assert official == {7: True}
    window.undo_action.trigger()
    assert _shown(window) == {} and window.undo_stack.index() == 0
    window.scorecard.set_period(Period(2020, "Q", 4))  # Q3 holds nothing: said, nothing written
    window.scorecard.copy_button.click()
    assert said and "chưa có số liệu" in said[-1] and window.undo_stack.count() == 1
