"""Reporting periods: a year, a half-year, a quarter or a month.

Codes: ``2024`` (year), ``2024-H1``, ``2024-Q3``, ``2024-M07``. Periods sort by
their last month; where several end together (``2024-M12``, ``2024-Q4``,
``2024-H2``, ``2024``) the coarser, more official one counts as later.
"""

from __future__ import annotations

import re
from collections import deque
from functools import total_ordering
from itertools import repeat
from operator import attrgetter, call

from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$")
_RANK = {"M": 1, "Q": 2, "H": 3, "Y": 4}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR, MAX_YEAR = 1990, 2100


class Record:
    """A frozen record with the semantics of ``@dataclass(frozen=True)``: equal when of the same
    class with equal fields, hashable, a dataclass's repr, no assignment; fields in
    ``__slots__``, set once by ``_init``. For the value types every command builds (a period, a
    criteria set's shape): issue 22, the ``dataclasses`` import (6-7 ms) and each class's creation
    (``exec`` of its generated methods, about 1 ms) were a tenth of ``ntm summary``'s start."""

    __slots__: tuple[str, ...] = ()
    _values: Callable[[Any], tuple[Any, ...]]  # the fields' values, by the class's attrgetter
    _setters: tuple[Callable[[Any, Any], None], ...]  # each field's slot setter, in ``__slots__`` order

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = cls.__slots__
        # one C call for every field: a unit's hash and equality in 0.4-0.6 instead of 1.1-2.4 µs
        # with a generator of getattr calls (the dataclass's: 0.2-0.3 µs)
        cls._values = attrgetter(*names) if len(names) > 1 else (lambda record: tuple(
            getattr(record, name) for name in names))
        # the slots' own setters (their member descriptors' ``__set__``): ``_init`` sets every field
        # without a Python frame a field (issue 22: a unit record made in 1.3 instead of 2.2 µs, a
        # period in 0.7 instead of 0.9; a table import of 10,000 rows makes 10,000 units)
        cls._setters = tuple(getattr(cls, name).__set__ for name in names)

    def _fields(self) -> tuple[Any, ...]:
        return self._values(self)

    def _init(self, *values: Any) -> None:
        if len(values) != len(self._setters):
            raise ValueError(f"{type(self).__qualname__} has {len(self._setters)} fields, given {len(values)}")
        deque(map(call, self._setters, repeat(self), values), 0)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__slots__) + ")"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), self._fields()


@total_ordering
class Period(Record):
    __slots__ = ("year", "kind", "n")
    year: int
    kind: str  # "Y", "H", "Q" or "M"
    n: int  # half, quarter or month number; 0 for a year

    def __init__(self, year: int, kind: str, n: int = 0) -> None:
        self._init(year, kind, n)

    @property
    def code(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        width = 2 if self.kind == "M" else 1
        return f"{self.year}-{self.kind}{self.n:0{width}d}"

    @property
    def end_month(self) -> int:
        return {"Y": 12, "H": 6 * self.n, "Q": 3 * self.n, "M": self.n}[self.kind]

    @property
    def ordinal(self) -> int:
        """Sortable number: later periods are larger; a year ends after its December."""
        return (self.year * 100 + self.end_month) * 10 + _RANK[self.kind]

    def __lt__(self, other: object) -> bool:
        """Periods compare by :attr:`ordinal` (2024-M12 < 2024-Q4 < 2024-H2 < 2024)."""
        if not isinstance(other, Period):
            return NotImplemented
        return self.ordinal < other.ordinal

    def label(self) -> str:
        if self.kind == "Y":
            return t("period.Y", year=self.year)
        if self.kind == "H":
            return t(f"period.H{self.n}", year=self.year)
        if self.kind == "Q":
            return t("period.Q", roman=_ROMAN[self.n], n=self.n, year=self.year)
        return t("period.M", n=self.n, year=self.year)

    def __str__(self) -> str:
        return self.code


def parse(value: str | int) -> Period:
    """Parse a period code; raise InputRejected for anything else."""
    text = str(value).strip().upper()
    match = _PATTERN.match(text)
    if not match:
        raise InputRejected("period.bad", value=value)
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputRejected("period.bad", value=value)
    part = match.group(2)
    if part is None:
        return Period(year, "Y")
    return Period(year, part[0], int(part[1:]))


def parse_year(value: str | int) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise InputRejected("year.bad", value=value) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputRejected("year.bad", value=value)
    return year


def previous(period: Period) -> Period:
    """The period just before, of the same kind: the year before a year, the quarter before a
    quarter (2020-Q1 → 2019-Q4), the half before a half, the month before a month."""
    if period.kind == "Y":
        return Period(period.year - 1, "Y")
    last = {"H": 2, "Q": 4, "M": 12}[period.kind]
    if period.n == 1:
        return Period(period.year - 1, period.kind, last)
    return Period(period.year, period.kind, period.n - 1)


def of_year(year: int) -> list[Period]:
    """Every period of a year, in the order a picker shows them."""
    periods = [Period(year, "Y"), Period(year, "H", 1), Period(year, "H", 2)]
    periods += [Period(year, "Q", q) for q in range(1, 5)]
    periods += [Period(year, "M", m) for m in range(1, 13)]
    return periods
