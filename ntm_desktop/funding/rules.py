"""The counterpart rule as dated data (``db/reference/counterpart-rules.json``, its source
cited in the file): how much local budget money a province's policy asks against the central
budget's, and how it is split among the province, district and commune budgets.

A rule applies to the years it covers in a database holding its province (matched by name, as
units are). The check never refuses figures: it says where they fall short (DOMAIN.md: the
published Kon Tum 2016-2020 figures do not meet the 1:1 rule).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

from ntm_desktop import paths, text
from ntm_desktop.store.database import Store

FILE = "counterpart-rules.json"


@cache
def rules() -> tuple[dict[str, Any], ...]:
    """The rules of the reference file, as written."""
    data = json.loads((paths.reference_dir() / FILE).read_text(encoding="utf-8"))
    return tuple(data["rules"])


def rule_for(store: Store, year_from: int, year_to: int) -> dict[str, Any] | None:
    """The rule covering every year of ``year_from``..``year_to`` for a province this database
    holds (a rule without a province applies anywhere), or None."""
    held = {text.match_key(r["name"]) for r in store.query("SELECT name FROM units WHERE level = 'province'")}
    for rule in rules():
        if rule.get("province") and text.match_key(rule["province"]) not in held:
            continue
        if int(rule["from"][:4]) <= year_from and year_to <= int(rule["to"][:4]):
            return rule
    return None


def check(rule: dict[str, Any] | None, central: Decimal, by_level: dict[str, Decimal]) -> dict[str, Any]:
    """The counterpart against the rule: what it asks in all and per level, what is missing
    (``shortfall``, zero where met) and whether every part is met. Amounts in million đồng."""
    local = sum(by_level.values(), Decimal(0))
    if rule is None:
        return {"rule": None, "met": None}
    ratio = Decimal(str(rule["ratio"]))
    required = central * ratio
    out: dict[str, Any] = {
        "rule": {"province": rule.get("province"), "from": rule["from"], "to": rule["to"], "ratio": rule["ratio"],
                 "split": dict(rule["split"]), "source": rule.get("source")},
        "required": required,
        "shortfall": max(required - local, Decimal(0)),
        "by_level_required": {},
        "by_level_shortfall": {},
    }
    met = local >= required
    for level, share in rule["split"].items():
        need = required * Decimal(str(share))
        have = by_level.get(level, Decimal(0))
        out["by_level_required"][level] = need
        out["by_level_shortfall"][level] = max(need - have, Decimal(0))
        met = met and have >= need
    out["met"] = met
    return out
