"""The ``"plausibility"`` key of a criteria-set document (docs/checks.md), checked where the document
is validated (:mod:`ntm_desktop.criteria.documents`) and read by :mod:`ntm_desktop.checks.rules`.
A leaf: nothing of the program imported, so validation needs no part of the checks."""

from __future__ import annotations

import math
from typing import Any

KINDS = ("range", "max_change", "ratio", "sum")
TYPES = ("percent", "number")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def problems(raw: Any) -> list[str]:
    """What is wrong with a document's ``"plausibility"`` value (empty when it is fine): the
    checks the criteria format's validation should make (docs/checks.md)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return ["'plausibility' must be a list of rules"]
    out: list[str] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            out.append(f"plausibility rule {n}: must be an object")
            continue
        kind = item.get("rule")
        if kind not in KINDS:
            out.append(f"plausibility rule {n}: 'rule' must be one of {KINDS}")
            continue
        if item.get("type") is not None and item["type"] not in TYPES:
            out.append(f"plausibility rule {n}: 'type' must be one of {TYPES}")
        if kind == "sum":
            parts = item.get("parts")
            if not isinstance(parts, list) or len(parts) < 2 or not all(isinstance(p, str) for p in parts):
                out.append(f"plausibility rule {n}: 'parts' must list two or more indicator codes")
            if not isinstance(item.get("total"), str):
                out.append(f"plausibility rule {n}: 'total' must be an indicator code")
            if "tolerance" in item and (_number(item["tolerance"]) is None or item["tolerance"] < 0):
                out.append(f"plausibility rule {n}: 'tolerance' must be a number of 0 or more")
            continue
        if not isinstance(item.get("indicator", "*"), str):
            out.append(f"plausibility rule {n}: 'indicator' must be an indicator code or \"*\"")
        if item.get("off") is True:
            continue
        needed = {"range": ("min", "max"), "max_change": ("points",), "ratio": ("factor",)}[kind]
        given = [k for k in needed if item.get(k) is not None]
        if not given or any(_number(item[k]) is None for k in given):
            out.append(f"plausibility rule {n}: '{kind}' needs a number in {' or '.join(needed)}")
        elif kind == "range" and len(given) == 2 and item["min"] > item["max"]:
            out.append(f"plausibility rule {n}: 'min' is above 'max'")
        elif kind in ("max_change", "ratio") and item[given[0]] <= (1 if kind == "ratio" else 0):
            out.append(f"plausibility rule {n}: '{given[0]}' must be above {1 if kind == 'ratio' else 0}")
    return out
