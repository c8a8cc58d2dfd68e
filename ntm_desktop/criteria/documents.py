"""Criteria-set documents: the JSON files of db/criteria/, read and validated.

The format is documented in docs/criteria-format.md. Validation names the first problem
only, with the file's path, since a province officer fixes one thing at a time in an
editor. Other sources of sets (criteria workbooks) should produce the same document and
pass it through :func:`validate` before :func:`~ntm_desktop.criteria.tables.load_document`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ntm_desktop import paths
from ntm_desktop.errors import InputRejected

REGIONS = {
    "*": ("Toàn quốc", "Whole country"),
    "TDMNPB": ("Trung du miền núi phía Bắc", "Northern midlands and mountains"),
    "DBSH": ("Đồng bằng sông Hồng", "Red River Delta"),
    "BTB": ("Bắc Trung Bộ", "North Central Coast"),
    "DHNTB": ("Duyên hải Nam Trung Bộ", "South Central Coast"),
    "TN": ("Tây Nguyên", "Central Highlands"),
    "DNB": ("Đông Nam Bộ", "Southeast"),
    "DBSCL": ("Đồng bằng sông Cửu Long", "Mekong Delta"),
}
TYPES = ("bool", "percent", "number", "text")
TIERS = ("basic", "nang_cao", "kieu_mau")
SET_LEVELS = ("commune", "village")
OPS = (">=", "<=", "==")


def _fail(path: Path, detail: str) -> InputRejected:
    return InputRejected("criteria.bad_file", path=path, detail=detail)


def validate(data: Any, path: Path) -> None:
    """Raise InputRejected naming the first problem of a criteria-set document."""
    if not isinstance(data, dict) or data.get("format") != 1:
        raise _fail(path, "format must be 1")
    for key in ("code", "name", "decision"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, f"'{key}' must be a non-empty string")
    if data.get("level") not in SET_LEVELS:
        raise _fail(path, f"'level' must be one of {SET_LEVELS}")
    if data.get("tier") not in TIERS:
        raise _fail(path, f"'tier' must be one of {TIERS}")
    for key in ("valid_from", "valid_to"):
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            raise _fail(path, f"'{key}' must be an integer year")
    if data["valid_from"] > data["valid_to"]:
        raise _fail(path, "valid_from is after valid_to")
    if data.get("requires") is not None and not isinstance(data["requires"], str):
        raise _fail(path, "'requires' must be a set code or null")
    source_ids = {s.get("id") for s in data.get("sources") or [] if isinstance(s, dict)}
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise _fail(path, "'groups' must be a non-empty list")
    group_codes = {g.get("code") for g in groups if isinstance(g, dict)}
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise _fail(path, "'criteria' must be a non-empty list")
    numbers: set[int] = set()
    codes: set[str] = set()
    for crit in criteria:
        number = crit.get("number") if isinstance(crit, dict) else None
        if not isinstance(number, int) or number in numbers:
            raise _fail(path, f"criterion number {number!r} missing or repeated")
        numbers.add(number)
        if crit.get("group") not in group_codes:
            raise _fail(path, f"criterion {number}: unknown group {crit.get('group')!r}")
        if not isinstance(crit.get("name"), str):
            raise _fail(path, f"criterion {number}: no name")
        indicators = crit.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            raise _fail(path, f"criterion {number}: no indicators")
        for ind in indicators:
            _validate_indicator(ind, number, codes, source_ids, path)
    grouped = [n for g in groups for n in g.get("criteria", [])]
    if sorted(grouped) != sorted(numbers):
        raise _fail(path, "groups must list every criterion exactly once")


def _validate_indicator(
    ind: Any, number: int, codes: set[str], source_ids: set[Any], path: Path
) -> None:
    code = ind.get("code") if isinstance(ind, dict) else None
    if not isinstance(code, str) or code in codes:
        raise _fail(path, f"criterion {number}: indicator code {code!r} missing or repeated")
    codes.add(code)
    if ind.get("type") not in TYPES:
        raise _fail(path, f"indicator {code}: type must be one of {TYPES}")
    if not isinstance(ind.get("name"), str):
        raise _fail(path, f"indicator {code}: no name")
    for th in ind.get("thresholds") or []:
        if not isinstance(th, dict):
            raise _fail(path, f"indicator {code}: threshold is not an object")
        if th.get("region") not in REGIONS:
            raise _fail(path, f"indicator {code}: unknown region {th.get('region')!r}")
        if th.get("op") not in OPS:
            raise _fail(path, f"indicator {code}: unknown operator {th.get('op')!r}")
        value = th.get("value")
        if not isinstance(value, (int, float)):
            raise _fail(path, f"indicator {code}: threshold value must be a number or true/false")
        if ind["type"] == "percent" and not isinstance(value, bool) and not 0 <= value <= 100:
            raise _fail(path, f"indicator {code}: percent threshold out of 0..100")
        if th.get("certainty") != "V" or th.get("source") not in source_ids:
            raise _fail(path, f"indicator {code}: every threshold needs certainty 'V' and a known source")


def read_file(path: Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(path, str(exc)) from None
    validate(data, Path(path))
    return data


def bundled_files() -> list[Path]:
    return sorted(paths.criteria_dir().glob("*.json"))
