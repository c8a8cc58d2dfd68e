"""Dates of twinning data and the decisions that carry them.

Twinnings start and end by decision (quyết định: a number, a date and a signer), and
every date is typed by hand, as ISO ``YYYY-MM-DD`` or as ``dd/mm/yyyy`` the way Vietnamese
offices write it. States store ISO text (:func:`iso`); the window and the reports show
``dd/mm/yyyy`` (:func:`show_date`). Like the kinds, these read no other twinning module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: str | date) -> date:
    """A date from ISO ``YYYY-MM-DD`` (or ``dd/mm/yyyy``); InputRejected otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text.clean(value)
    try:
        if _ISO.match(raw):
            return date.fromisoformat(raw)
        match = _DMY.match(raw)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise InputRejected("twin.bad_date", value=value)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def show_date(day: date | None) -> str:
    """``dd/mm/yyyy`` as the window and the reports show dates; empty for None."""
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass(frozen=True)
class Decision:
    """A decision (quyết định): its number, date and signer; any part may be missing."""

    number: str | None = None
    on: date | None = None
    signer: str | None = None

    @classmethod
    def of(cls, number: str | None = None, on: str | date | None = None,
           signer: str | None = None) -> Decision | None:
        """A cleaned decision, or None when nothing is given."""
        decision = cls(text.clean(number) or None, parse_date(on) if on else None,
                       text.clean(signer) or None)
        return decision if decision != cls() else None

    def describe(self) -> str:
        head = self.number or ""
        if self.on:
            head = t("twin.decision_on", number=head, date=show_date(self.on)).strip()
        if self.signer:
            head = f"{head} ({self.signer})".strip()
        return head
