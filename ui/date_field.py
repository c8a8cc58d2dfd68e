"""A date typed as dd/mm/yyyy, or picked from a calendar, that keeps exactly what was typed.

Qt's QDateEdit edits a date section by section and, typed into quickly, keeps the old day
(01/03/2022 typed over 05/12/2026 became 05/03/2022: issue 20 part 2). This field is a line
edit with a dd/mm/yyyy mask: what is typed is read whole, ``1/3/2022`` as well as
``01/03/2022``; a text that is not a date (31/02/2022) turns the field red and leaves the last
good date in place, and leaving the field puts that date back, so that what is shown is always
what will be saved. The calendar button picks a day with the mouse; Up and Down step a day.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from ntm_desktop.i18n import language, t

DATE_FORMAT = "dd/MM/yyyy"
_BAD = "QLineEdit { border: 1px solid #b3261e; background: #fdecea; }"


def parse_day(text: str) -> QDate | None:
    """``01/03/2022``, ``1/3/2022`` or ``1_/3_/2022`` (the mask's blanks) as a valid QDate, else None."""
    parts = [p.replace("_", "").strip() for p in text.split("/")]
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    value = QDate(int(parts[2]), int(parts[1]), int(parts[0]))
    return value if value.isValid() else None



def calendar_locale() -> QLocale:
    """Vietnamese (tháng Một, Thứ Hai…) or English month and day names, as the program speaks."""
    if language() == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)

class _Edit(QLineEdit):
    """The text part: Up and Down step the date a day (as QDateEdit's arrows did)."""

    def __init__(self, owner: DateField) -> None:
        super().__init__()
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        self.owner.setDate(self.owner.date().addDays(step))


class DateField(QWidget):
    """A date typed or picked as dd/mm/yyyy (the API of the QDateEdit it replaces: ``date()``,
    ``setDate()``, ``dateChanged``, ``setMinimumDate()``, plus ``day()`` and ``set_day()``)."""

    dateChanged = Signal(QDate)  # noqa: N815 - Qt's name, which the dialogs connect to

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum = QDate(1990, 1, 1)
        self._date = QDate()
        self.edit = _Edit(self)
        self.edit.setInputMask("00/00/0000;_")
        self.edit.setObjectName("dateText")
        self.edit.setMinimumWidth(96)
        self.edit.setToolTip(t("date.tip"))
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(t("date.calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        # month and day names in the program's language (the system's locale may be English)
        self.calendar.setLocale(calendar_locale())
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self._date))
        self.calendar.clicked.connect(lambda value: (self.setDate(value), menu.close()))
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.set_day(day or date.today())

    # -- the QDateEdit API the dialogs use -------------------------------------------
    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, value: QDate) -> None:  # noqa: N802 - QDateEdit's name
        if not value.isValid():
            return
        if value < self._minimum:
            value = QDate(self._minimum)
        self.edit.setText(value.toString(DATE_FORMAT))
        self.edit.setStyleSheet("")
        self._store(value)

    def setMinimumDate(self, value: QDate) -> None:  # noqa: N802 - QDateEdit's name
        self._minimum = QDate(value)
        self.calendar.setMinimumDate(value)
        if self._date.isValid() and self._date < value:
            self.setDate(value)

    def text(self) -> str:
        return self.edit.text()

    # -- the program's own --------------------------------------------------------------
    def day(self) -> date:
        return date(self._date.year(), self._date.month(), self._date.day())

    def set_day(self, day: date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))

    def is_valid_text(self) -> bool:
        """Whether the text shown is the date held (not a half-typed or impossible one)."""
        value = parse_day(self.edit.text())
        return value is not None and value == self._date

    def _store(self, value: QDate) -> None:
        if value != self._date:
            self._date = QDate(value)
            self.dateChanged.emit(QDate(value))

    def _typed(self, text: str) -> None:
        value = parse_day(text)
        if value is None or value < self._minimum:
            self.edit.setStyleSheet(_BAD if "_" not in text else "")  # red once every digit is there
            return
        self.edit.setStyleSheet("")
        self._store(value)

    def _finished(self) -> None:
        """Leaving the field: the date held, written in full (``1/3/2022`` becomes ``01/03/2022``;
        an impossible or unfinished text gives way to the last good date)."""
        self.setDate(self._date)
