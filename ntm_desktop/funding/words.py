"""Funding in words, as the province writes it: billions with three decimals in the Vietnamese
style (``1.847,561 tỷ đồng``), the sources in the order of its reports, and the counterpart's
shortfall. Amounts arrive in million đồng. Reports are Vietnamese documents: ``vi=True`` gives
the Vietnamese text whatever the language of the program (the window and ``ntm`` follow it)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ntm_desktop import i18n, values

ORDER = ("central", "local", "carried", "integrated", "credit", "enterprise", "people")


def _say(key: str, vi: bool, **params: object) -> str:
    return i18n.MESSAGES[key][0].format(**params) if vi else i18n.t(key, **params)


def billions(million: float | Decimal | int, vi: bool = True) -> str:
    """920700 (million đồng) → ``920,700 tỷ đồng``; 1847561 → ``1.847,561 tỷ đồng`` (three
    decimals, rounded half up)."""
    value = (Decimal(str(million)) / 1000).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return _say("fund.billions", vi, amount=values.format_number(float(value), 3))


def sentence(figures: dict[str, Any], vi: bool = True) -> str:
    """``tổng nguồn vốn 1.847,561 tỷ đồng, trong đó: vốn ngân sách nhà nước trực tiếp 1.135,110 tỷ
    đồng (ngân sách trung ương 920,700 tỷ đồng, …); vốn lồng ghép …`` from a figure of
    :func:`ntm_desktop.funding.summary` (``total`` and ``by_source``, million đồng). Sources
    with no money are left out."""
    by = figures["by_source"]
    direct = [s for s in ("central", "local", "carried") if by.get(s)]
    parts = []
    if direct:
        inner = ", ".join(f"{_say(f'fund.words.{s}', vi)} {billions(by[s], vi)}" for s in direct)
        state = sum((Decimal(str(by[s])) for s in direct), Decimal(0))
        parts.append(f"{_say('fund.words.state', vi)} {billions(state, vi)} ({inner})")
    for s in ("integrated", "credit", "enterprise", "people"):
        if by.get(s):
            parts.append(f"{_say(f'fund.words.{s}', vi)} {billions(by[s], vi)}")
    head = _say("fund.words.total", vi, amount=billions(figures["total"], vi))
    return f"{head}, {_say('fund.words.of_which', vi)}: " + "; ".join(parts) if parts else head


def counterpart(check: dict[str, Any], vi: bool = False) -> str:
    """The counterpart against its rule in words: met, or what falls short (in all and per level);
    empty when no rule applies."""
    if check.get("rule") is None:
        return ""
    rule = check["rule"]
    ratio = values.format_number(float(rule["ratio"]))
    if check["met"]:
        return _say("fund.check.met", vi, ratio=ratio)
    lines = [_say("fund.check.short", vi, local=billions(check["local"], vi), ratio=ratio,
                  central=billions(check["central"], vi), required=billions(check["required"], vi),
                  missing=billions(check["shortfall"], vi))]
    for level, missing in check["by_level_shortfall"].items():
        if missing:
            lines.append(_say("fund.check.level", vi, level=_say(f"fund.level.{level}", vi),
                              have=billions(check["by_level"].get(level, 0), vi),
                              required=billions(check["by_level_required"][level], vi),
                              share=values.format_number(float(rule["split"][level]))))
    return " ".join(lines)
