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

REGION_ORDER = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")


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
    # the optional document keys (docs/criteria-format.md), with the defaults of older files
    kind: str = "xa"  # "xa", "nang-cao", "kieu-mau", "hien-dai" or "thon"
    from_date: str = ""  # ISO; "{valid_from}-01-01" when the document gives none
    to_date: str = ""  # ISO; "{valid_to}-12-31" when the document gives none
    columns: str = "region"  # threshold columns keyed by "region" or commune "group"
    difficult_column: str | None = None  # QĐ 318: the column that assesses especially difficult communes
    bands: tuple[dict[str, Any], ...] = ()  # {"min", "max", "label", "label_en"}; empty when none
    version: int = 1  # the set's current version (criteria_set_versions; docs/criteria-format.md "Versions")

    def __post_init__(self) -> None:
        if not self.from_date:
            object.__setattr__(self, "from_date", f"{self.valid_from:04d}-01-01")
        if not self.to_date:
            object.__setattr__(self, "to_date", f"{self.valid_to:04d}-12-31")

    def column_keys(self) -> tuple[str, ...]:
        """The threshold columns the set uses, in the order of the decision's appendix
        ("*" first, then the regions or groups that hold at least one threshold)."""
        used = {t.region for c in self.criteria for i in c.indicators for t in i.thresholds}
        order = ["*", *(("1", "2", "3") if self.columns == "group" else REGION_ORDER)]
        return tuple(k for k in order if k in used)

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


def _threshold_value(value_type: str, th: Threshold) -> Any:
    if th.value is None:
        return None
    if value_type == "bool":
        return bool(th.value)
    return int(th.value) if float(th.value).is_integer() else th.value


def _column_entry(value_type: str, th: Threshold) -> dict[str, Any]:
    """CONTRACT §1: ``{op, value, unit, text}``; no ``op`` for a qualitative threshold or a
    yes/no one (its text says it: "Đạt", "Không"); ``=`` for ``==``."""
    entry: dict[str, Any] = {}
    if th.op is not None and value_type != "bool":
        entry["op"] = "=" if th.op == "==" else th.op
    entry["value"] = _threshold_value(value_type, th)
    entry["unit"] = th.unit if th.unit is not None else ("%" if value_type == "percent" else None)
    entry["text"] = th.text if th.text is not None or value_type != "bool" else th.describe(value_type)
    return entry


def thresholds_by_column(cs: CriteriaSet, ind: Indicator) -> dict[str, dict[str, Any]]:
    """An indicator's thresholds keyed by column (CONTRACT §1 ``thresholds``): the open-ended
    threshold of a column, else its latest year's; year-bounded ones add ``by_year``."""
    out: dict[str, dict[str, Any]] = {}
    for column in dict.fromkeys(t.region for t in ind.thresholds):
        mine = [t for t in ind.thresholds if t.region == column]
        open_ended = [t for t in mine if t.year_from is None and t.year_to is None]
        bounded = sorted((t for t in mine if t not in open_ended), key=lambda t: t.year_to or cs.valid_to)
        main = open_ended[0] if open_ended else bounded[-1]
        entry = _column_entry(ind.type, main)
        if bounded:
            by_year: dict[str, Any] = {}
            for th in bounded:
                first = th.year_from if th.year_from is not None else cs.valid_from
                last = th.year_to if th.year_to is not None else cs.valid_to
                for year in range(first, last + 1):
                    by_year[str(year)] = _threshold_value(ind.type, th) if th.value is not None else th.text
            entry["by_year"] = by_year
        out[column] = entry
    return out


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
        "kind": cs.kind,
        "from_date": cs.from_date,
        "to_date": cs.to_date,
        "columns": cs.columns,
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
                                "value": bool(t.value) if i.type == "bool" and t.value is not None else t.value,
                                "year_from": t.year_from,
                                "year_to": t.year_to,
                                **({"text": t.text} if t.text is not None else {}),
                            }
                            for t in i.thresholds
                        ]
                        or None,
                        "thresholds": thresholds_by_column(cs, i),
                    }
                    for i in c.indicators
                ],
            }
            for c in cs.criteria
        ],
    }
