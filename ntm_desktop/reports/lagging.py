"""Which localities the province report names as lagging ("Các địa phương có số xã đạt chuẩn thấp
là: …"): the rule of the settings (below the province's own share, or a fixed share), applied to
the shares over the communes with data (docs/reports.md, "Lagging localities")."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ntm_desktop import text
from ntm_desktop.reports import settings as report_settings
from ntm_desktop.reports import vn
from ntm_desktop.store.database import Store


def low_rule_of(
    store: Store, low_share: float | None = None, rule: str | None = None, margin: float | None = None
) -> dict[str, Any]:
    """Which localities the province report names as lagging: the settings' rule (``ntm settings
    set low_rule``), or the one a caller asks for. ``low_share`` alone, when it differs from the
    settings' share, asks for the fixed-share rule at that share (the callers before the rule
    became a setting passed it so)."""
    chosen = report_settings.load(store)
    if rule is None and low_share is not None and float(low_share) != chosen.low_share:
        rule = "share"
    return {"rule": rule or chosen.low_rule,
            "share": float(low_share if low_share is not None else chosen.low_share),
            "margin": float(margin if margin is not None else chosen.low_margin)}


def is_low(met: int, assessed: int, rule: dict[str, Any], province_met: int, province_assessed: int) -> bool:
    """Whether a locality meeting ``met`` of its ``assessed`` communes (with data) is low under ``rule``:
    below the fixed share, or the province's own share less the margin (exact: 4/10 is not below 40%)."""
    if not assessed or not province_assessed:  # no data here or anywhere: nothing to compare
        return False
    if rule["rule"] == "share":
        return Fraction(met, assessed) * 100 < Fraction(str(rule["share"]))
    line = Fraction(province_met, province_assessed) - Fraction(str(rule["margin"])) / 100
    return Fraction(met, assessed) < line


def low_shares(
    districts: list[dict[str, Any]], numbers: list[int], rule: dict[str, Any], data: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Per criterion, the localities (districts, and the city apart) the province report names as
    lagging under ``rule``: the districts highest share first (the order of the province's
    reports), then a city or town (``thành phố``, ``thị xã``), which the report names apart. Shares
    are over the communes with data (``assessed``), the province's too (docs/reports.md)."""
    province_assessed = data["communes"] - data["no_data"]
    out: dict[str, list[dict[str, Any]]] = {}
    for n in numbers:
        low = [
            {"district": d["name"], "kind": d.get("kind", "huyện"), "phrase": d.get("phrase", d["name"]),
             "met": d["per_criterion"][str(n)], "communes": d["communes"], "assessed": d["communes"] - d["no_data"]}
            for d in districts
            if d["communes"] and d["has_data"]
            and is_low(d["per_criterion"][str(n)], d["communes"] - d["no_data"], rule,
                        data["per_criterion"][str(n)], province_assessed)
        ]
        low.sort(key=lambda r: (r["kind"] in vn.URBAN, -r["met"] / r["assessed"], text.sort_key(r["district"])))
        out[str(n)] = low
    return out
