"""The criteria engine: a pure function from values and thresholds to statuses.

No database, no I/O: :func:`evaluate_indicator` and :func:`evaluate_criterion` take
plain values, so tests and every caller see the same rules.

Rules
- An indicator with no value is ``no_value``; with no threshold for the commune's
  region and year it is ``no_threshold`` ("chưa có ngưỡng"); a text indicator is
  ``not_evaluated``; a qualitative threshold (a text such as "Đạt chuẩn theo quy định", no
  operator) is assessed by a person, so a value against it is ``unknown``, never met by guess.
- A criterion is ``not_met`` as soon as one indicator is not met, ``met`` when every
  evaluated indicator is met and none is missing a value or a threshold, and
  ``unknown`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

EPSILON = 1e-9


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NO_THRESHOLD = "no_threshold"
    NO_VALUE = "no_value"
    NOT_EVALUATED = "not_evaluated"

    def as_bool(self) -> bool | None:
        return True if self is Status.MET else False if self is Status.NOT_MET else None


SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


@dataclass(frozen=True)
class Threshold:
    region: str  # the column: a region code, a commune group ("1", "2", "3") or "*" for all
    op: str | None  # ">=", "<=", ">", "<" or "=="; None for a qualitative threshold
    value: float | None  # None for a qualitative threshold
    year_from: int | None = None
    year_to: int | None = None
    text: str | None = None  # as written ("Đạt chuẩn", "Có"); the whole threshold when op is None
    unit: str | None = None  # as written, e.g. "%"

    @property
    def qualitative(self) -> bool:
        return self.op is None or self.value is None

    def applies(self, region: str | None, year: int) -> bool:
        if self.region not in ("*", region):
            return False
        if self.year_from is not None and year < self.year_from:
            return False
        return not (self.year_to is not None and year > self.year_to)

    def describe(self, value_type: str) -> str:
        if self.op is None or self.value is None:
            return self.text or ""
        if value_type == "bool":
            return self.text or ("Đạt" if self.value else "Không")
        number = f"{self.value:g}".replace(".", ",")
        return f"{SIGNS[self.op]}{number}"


def pick_threshold(thresholds: Iterable[Threshold], region: str | None, year: int) -> Threshold | None:
    """The threshold for a region and year; a region's own beats the national ("*") one,
    and a year-bounded one beats an open one."""
    best: Threshold | None = None
    best_rank = (-1, -1)
    for threshold in thresholds:
        if not threshold.applies(region, year):
            continue
        rank = (
            1 if threshold.region != "*" else 0,
            1 if threshold.year_from is not None or threshold.year_to is not None else 0,
        )
        if rank > best_rank:
            best, best_rank = threshold, rank
    return best


def compare(op: str, value: float, limit: float) -> bool:
    if op == ">=":
        return value >= limit - EPSILON
    if op == "<=":
        return value <= limit + EPSILON
    if op == ">":
        return value > limit + EPSILON
    if op == "<":
        return value < limit - EPSILON
    if op == "==":
        return abs(value - limit) <= EPSILON
    raise ValueError(f"unknown operator {op!r}")


def evaluate_indicator(value_type: str, value: float | None, threshold: Threshold | None) -> Status:
    """Status of one indicator. ``value`` is the number (1/0 for yes/no), or None if not entered."""
    if value_type == "text":
        return Status.NOT_EVALUATED
    if value is None:
        return Status.NO_VALUE
    if threshold is None:
        return Status.NO_THRESHOLD
    if threshold.op is None or threshold.value is None:
        return Status.UNKNOWN
    return Status.MET if compare(threshold.op, value, threshold.value) else Status.NOT_MET


def evaluate_criterion(statuses: Sequence[Status]) -> Status:
    """Status of a criterion from its indicators' statuses."""
    evaluated = [s for s in statuses if s is not Status.NOT_EVALUATED]
    if any(s is Status.NOT_MET for s in evaluated):
        return Status.NOT_MET
    if evaluated and all(s is Status.MET for s in evaluated):
        return Status.MET
    return Status.UNKNOWN

