"""Criteria-set documents: the JSON files of db/criteria/, read and validated.

The format is documented in docs/criteria-format.md. Validation names the first problem
only, with the file's path, since a province officer fixes one thing at a time in an
editor. Other sources of sets (criteria workbooks) should produce the same document and
pass it through :func:`validate` before :func:`~ntm_desktop.criteria.tables.load_document`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ntm_desktop import paths
from ntm_desktop.criteria import plausibility
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
GROUPS = {
    "1": ("Xã nhóm 1", "Commune group 1"),
    "2": ("Xã nhóm 2", "Commune group 2"),
    "3": ("Xã nhóm 3", "Commune group 3"),
}
TYPES = ("bool", "percent", "number", "text")
TIERS = ("basic", "nang_cao", "kieu_mau", "hien_dai")
SET_LEVELS = ("commune", "village")
KINDS = ("xa", "nang-cao", "kieu-mau", "hien-dai", "thon")
COLUMN_KINDS = ("region", "group")
OPS = (">=", "<=", ">", "<", "==")
_TIER_KINDS = {"basic": "xa", "nang_cao": "nang-cao", "kieu_mau": "kieu-mau", "hien_dai": "hien-dai"}


def column_keys(columns: str) -> tuple[str, ...]:
    """The threshold column keys a set keyed by ``columns`` ("region" or "group") may use."""
    return ("*", *(GROUPS if columns == "group" else (r for r in REGIONS if r != "*")))


def derived(data: dict[str, Any]) -> dict[str, Any]:
    """The optional set keys with their defaults: kind, from_date, to_date, columns,
    difficult_column (from ``rules``) and bands."""
    tier = str(data.get("tier"))
    kind = data.get("kind") or ("thon" if data.get("level") == "village" else _TIER_KINDS.get(tier, "xa"))
    rules: dict[str, Any] = data["rules"] if isinstance(data.get("rules"), dict) else {}
    bands: list[Any] = data["bands"] if isinstance(data.get("bands"), list) else []
    return {
        "kind": kind,
        "from_date": data.get("from_date") or f"{data['valid_from']:04d}-01-01",
        "to_date": data.get("to_date") or f"{data['valid_to']:04d}-12-31",
        "columns": data.get("columns") or "region",
        "difficult_column": rules.get("difficult_column"),
        "bands": [dict(b) for b in bands if isinstance(b, dict)],
    }


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
    keys = _validate_set_keys(data, path)
    if data.get("imported_from") is not None and not isinstance(data["imported_from"], dict):
        raise _fail(path, "'imported_from' must be an object")
    version = data.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        raise _fail(path, "'version' must be a positive integer")
    published = data.get("published")
    if published is not None and (not isinstance(published, dict) or not isinstance(published.get("at"), str)):
        raise _fail(path, "'published' must be an object with 'at'")
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
            _validate_indicator(ind, number, codes, source_ids, keys, path)
    wrong = plausibility.problems(data.get("plausibility"))
    if wrong:  # the set's own plausibility rules (docs/checks.md): refused like any other mistake
        raise _fail(path, wrong[0])
    grouped = [n for g in groups for n in g.get("criteria", [])]
    if sorted(grouped) != sorted(numbers):
        raise _fail(path, "groups must list every criterion exactly once")


def _iso_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _validate_set_keys(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """Check the optional keys of docs/criteria-format.md; the threshold column keys allowed."""
    if data.get("kind") is not None and data["kind"] not in KINDS:
        raise _fail(path, f"'kind' must be one of {KINDS}")
    for key in ("from_date", "to_date"):
        if data.get(key) is not None and not _iso_date(data[key]):
            raise _fail(path, f"'{key}' must be an ISO date (YYYY-MM-DD)")
    dates = derived(data)
    if dates["from_date"] > dates["to_date"]:
        raise _fail(path, "from_date is after to_date")
    columns = data.get("columns") or "region"
    if columns not in COLUMN_KINDS:
        raise _fail(path, f"'columns' must be one of {COLUMN_KINDS}")
    keys = column_keys(columns)
    rules = data.get("rules")
    if rules is not None:
        if not isinstance(rules, dict) or set(rules) - {"difficult_column"}:
            raise _fail(path, "'rules' may only hold 'difficult_column'")
        if rules.get("difficult_column") is not None and rules["difficult_column"] not in keys[1:]:
            raise _fail(path, f"'rules.difficult_column' must be one of {keys[1:]}")
    bands = data.get("bands")
    if bands is not None:
        if not isinstance(bands, list):
            raise _fail(path, "'bands' must be a list")
        for band in bands:
            if (
                not isinstance(band, dict)
                or not all(isinstance(band.get(k), int) and not isinstance(band.get(k), bool) for k in ("min", "max"))
                or not all(isinstance(band.get(k), str) for k in ("label", "label_en"))
                or band["min"] > band["max"]
            ):
                raise _fail(path, "every band needs integer 'min' <= 'max' and string 'label', 'label_en'")
    return keys


def _validate_indicator(
    ind: Any, number: int, codes: set[str], source_ids: set[Any], keys: tuple[str, ...], path: Path
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
        _validate_threshold(th, code, ind["type"], source_ids, keys, path)


def _validate_threshold(
    th: dict[str, Any], code: str, value_type: str, source_ids: set[Any], keys: tuple[str, ...], path: Path
) -> None:
    if th.get("region") not in keys:
        raise _fail(path, f"indicator {code}: unknown threshold column {th.get('region')!r} (one of {keys})")
    for key in ("text", "unit", "note"):
        if th.get(key) is not None and not isinstance(th[key], str):
            raise _fail(path, f"indicator {code}: threshold '{key}' must be a string")
    if th.get("op") is None:
        # qualitative: a person assesses it against its text
        if th.get("value") is not None or not (th.get("text") or "").strip():
            raise _fail(path, f"indicator {code}: a threshold without 'op' needs a 'text' and no 'value'")
    else:
        if th["op"] not in OPS:
            raise _fail(path, f"indicator {code}: unknown operator {th.get('op')!r}")
        value = th.get("value")
        if not isinstance(value, (int, float)) or value != value:
            raise _fail(path, f"indicator {code}: threshold value must be a number or true/false")
        if isinstance(value, bool) and th["op"] != "==":
            raise _fail(path, f"indicator {code}: a true/false threshold takes '=='")
        if value_type == "percent" and not isinstance(value, bool) and not 0 <= value <= 100:
            raise _fail(path, f"indicator {code}: percent threshold out of 0..100")
    for key in ("year_from", "year_to"):
        if th.get(key) is not None and (not isinstance(th[key], int) or isinstance(th[key], bool)):
            raise _fail(path, f"indicator {code}: threshold '{key}' must be an integer year or null")
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
