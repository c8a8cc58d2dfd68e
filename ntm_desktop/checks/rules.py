"""Plausibility rules as data: the defaults every set gets, and the rules a set's document
carries under its optional key ``"plausibility"`` (docs/checks.md).

A rule is one of four kinds:

- ``range``: the value lies within ``min`` and ``max`` (either may be absent);
- ``max_change``: the value moves at most ``points`` from the previous period of the same kind;
- ``ratio``: the value is at most ``factor`` times, and at least 1/``factor`` of, the previous
  value (when that is above 0);
- ``sum``: the values of ``parts`` add up to the value of ``total`` (within ``tolerance``).

A rule names an ``indicator`` code, or ``"*"`` (every indicator, narrowed by ``"type"``:
``percent`` or ``number``). For one indicator and kind the most specific rule counts: the set's
rule for that code, else the set's ``"*"`` rule, else the default; ``"off": true`` switches a
kind off. Sum rules add up; each is checked on its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ntm_desktop.criteria.plausibility import KINDS, TYPES, _number, problems
from ntm_desktop.store.database import Store

__all__ = ["KINDS", "TYPES", "Rule", "parse", "problems"]

DEFAULT_TOLERANCE = 0.5


@dataclass(frozen=True)
class Rule:
    kind: str
    indicator: str = "*"  # an indicator code, or "*" for every indicator of ``type``
    type: str | None = None  # "percent" or "number" (a "*" rule), None for any
    low: float | None = None  # range
    high: float | None = None  # range
    points: float | None = None  # max_change
    factor: float | None = None  # ratio
    parts: tuple[str, ...] = ()  # sum
    total: str | None = None  # sum
    tolerance: float = DEFAULT_TOLERANCE  # sum
    off: bool = False
    source: str = "default"  # "default" or "set"


# The built-in rules: a percentage outside 0-100 or moving more than 50 points from the previous
# period of the same kind; a number below 0, or more than three times (or under a third of) the
# previous value.
DEFAULTS: tuple[Rule, ...] = (
    Rule("range", type="percent", low=0, high=100),
    Rule("max_change", type="percent", points=50),
    Rule("range", type="number", low=0),
    Rule("ratio", type="number", factor=3),
)


def parse(raw: Any) -> list[Rule]:
    """A document's rules; a list with problems gives none (a set loaded before its validation
    knew the key must not break the checks)."""
    if raw is None or problems(raw):
        return []
    rules = []
    for item in raw:
        if item["rule"] == "sum":
            rules.append(Rule("sum", indicator=item["total"], parts=tuple(item["parts"]), total=item["total"],
                              tolerance=float(item.get("tolerance", DEFAULT_TOLERANCE)), source="set"))
            continue
        rules.append(Rule(item["rule"], indicator=item.get("indicator", "*"), type=item.get("type"),
                          low=_number(item.get("min")), high=_number(item.get("max")),
                          points=_number(item.get("points")), factor=_number(item.get("factor")),
                          off=item.get("off") is True, source="set"))
    return rules


def of_set(store: Store, set_id: int) -> list[Rule]:
    """The rules a stored set's document carries (not the defaults)."""
    rows = store.query("SELECT content FROM criteria_sets WHERE id = ?", [set_id])
    if not rows:
        return []
    return parse(json.loads(rows[0]["content"]).get("plausibility"))


def applicable(set_rules: list[Rule], code: str, value_type: str) -> list[Rule]:
    """The range, max_change and ratio rules that count for one indicator (sum rules aside)."""
    out = []
    for kind in KINDS[:3]:
        chosen = None
        for candidates in (
            [r for r in set_rules if r.kind == kind and r.indicator == code],
            [r for r in set_rules if r.kind == kind and r.indicator == "*" and r.type in (None, value_type)],
            [r for r in DEFAULTS if r.kind == kind and r.type == value_type],
        ):
            if candidates:
                chosen = candidates[-1]
                break
        if chosen is not None and not chosen.off:
            out.append(chosen)
    return out


def sums(set_rules: list[Rule]) -> list[Rule]:
    return [r for r in set_rules if r.kind == "sum"]


def broken(rule: Rule, value: float, previous: float | None) -> str | None:
    """Which side of ``rule`` the value breaks ("low", "high", "up", "down"), or None."""
    if rule.kind == "range":
        if rule.low is not None and value < rule.low:
            return "low"
        if rule.high is not None and value > rule.high:
            return "high"
        return None
    if previous is None:
        return None
    if rule.kind == "max_change" and rule.points is not None and abs(value - previous) > rule.points + 1e-9:
        return "up" if value > previous else "down"
    if rule.kind == "ratio" and rule.factor is not None and previous > 0:
        if value > previous * rule.factor + 1e-9:
            return "up"
        if value < previous / rule.factor - 1e-9:
            return "down"
    return None
