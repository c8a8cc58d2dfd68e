"""The criteria-set model: a set, its criteria, their indicators and thresholds.

Plain frozen records with no database access, so that the engine, reports and the window
can hold a set without a connection; :mod:`.sets` builds them from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ntm_desktop import text
from ntm_desktop.engine import Threshold
from ntm_desktop.errors import InputRejected


@dataclass(frozen=True)
class Indicator:
    id: int
    code: str
    name: str
    name_en: str | None
    type: str
    unit: str | None
    certainty: str | None
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True)
class Criterion:
    id: int
    number: int
    name: str
    name_en: str | None
    group_code: str
    group_name: str
    group_name_en: str | None
    indicators: tuple[Indicator, ...]
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaSet:
    id: int
    code: str
    name: str
    name_en: str | None
    level: str
    tier: str
    valid_from: int
    valid_to: int
    requires: str | None
    decision: str | None
    criteria: tuple[Criterion, ...] = field(default=())

    def criterion(self, number: int) -> Criterion:
        for crit in self.criteria:
            if crit.number == number:
                return crit
        raise InputRejected("criteria.unknown_criterion", set=self.code, number=number)

    def indicator(self, code: str) -> tuple[Criterion, Indicator]:
        wanted = text.clean(code)
        for crit in self.criteria:
            for ind in crit.indicators:
                if ind.code == wanted:
                    return crit, ind
        raise InputRejected("criteria.unknown_indicator", set=self.code, code=code)


def as_json(cs: CriteriaSet) -> dict[str, Any]:
    """CONTRACT §1 ``criteria list --json`` shape for one set."""
    return {
        "code": cs.code,
        "name": cs.name,
        "valid_from": cs.valid_from,
        "valid_to": cs.valid_to,
        "level": cs.level,
        "tier": cs.tier,
        "requires": cs.requires,
        "decision": cs.decision,
        "criteria": [
            {
                "number": c.number,
                "name": c.name,
                "group": c.group_name,
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "type": i.type,
                        "unit": i.unit,
                        "threshold": [
                            {
                                "region": t.region,
                                "op": t.op,
                                "value": bool(t.value) if i.type == "bool" else t.value,
                                "year_from": t.year_from,
                                "year_to": t.year_to,
                            }
                            for t in i.thresholds
                        ]
                        or None,
                    }
                    for i in c.indicators
                ],
            }
            for c in cs.criteria
        ],
    }
