"""Issue 20 part 2: a date field keeps exactly what was typed (Qt's QDateEdit kept the old day)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QDate, Qt  # noqa: E402

from ui.catalog import install  # noqa: E402
from ui.date_field import DateField, parse_day  # noqa: E402


@pytest.fixture(autouse=True)
def _texts():
    install()


def _typed(qtbot, start, keys):
    field = DateField(start)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.edit.setFocus()
    field.edit.selectAll()
    seen = []
    field.dateChanged.connect(seen.append)
    qtbot.keyClicks(field.edit, keys)
    return field, seen


@pytest.mark.parametrize("start", [date(2026, 12, 6), date(2026, 2, 5), date(2025, 1, 31)])
@pytest.mark.parametrize("keys", ["01/03/2022", "01032022", "1/3/2022"])
def test_what_is_typed_is_what_is_stored(qtbot, start, keys):
    field, seen = _typed(qtbot, start, keys)
    assert field.day() == date(2022, 3, 1) and field.is_valid_text()
    assert seen and seen[-1] == QDate(2022, 3, 1)
    field.edit.editingFinished.emit()
    assert field.text() == "01/03/2022"


def test_an_impossible_date_turns_red_and_gives_way_on_leaving(qtbot):
    field, _seen = _typed(qtbot, date(2026, 12, 6), "31/02/2022")
    assert field.day() == date(2026, 12, 6) and not field.is_valid_text()
    assert "b3261e" in field.edit.styleSheet()
    field.edit.editingFinished.emit()
    assert field.text() == "06/12/2026" and field.edit.styleSheet() == ""


def test_arrows_step_a_day_and_the_calendar_picks_one(qtbot):
    field, seen = _typed(qtbot, date(2026, 12, 31), "")
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.day() == date(2027, 1, 1)
    field.calendar.clicked.emit(QDate(2024, 2, 29))
    assert field.day() == date(2024, 2, 29) and field.text() == "29/02/2024" and len(seen) == 2
    field.setMinimumDate(QDate(2025, 1, 1))
    assert field.day() == date(2025, 1, 1)


def test_parse_day():
    assert parse_day("1_/3_/2022") == QDate(2022, 3, 1)
    assert parse_day("29/02/2023") is None and parse_day("__/__/____") is None and parse_day("1/3/22") is None


def test_the_calendar_speaks_the_program_language(qtbot):
    from ntm_desktop import i18n
    from ui.date_field import DateField

    field = DateField()
    qtbot.addWidget(field)
    vietnamese = field.calendar.locale()
    assert vietnamese.language() == vietnamese.Language.Vietnamese
    assert "1" in vietnamese.monthName(1).lower() or "một" in vietnamese.monthName(1).lower()
    i18n.set_language("en")
    english = DateField()
    qtbot.addWidget(english)
    assert english.calendar.locale().monthName(1) == "January"
