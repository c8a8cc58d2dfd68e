"""Parsing what a person types into an indicator value, and showing it back.

Numbers follow Vietnamese usage: ``,`` is the decimal mark and ``.`` groups thousands
(``1.847,561``). A lone ``.`` is read as a decimal point unless it groups thousands
exactly (``41.5`` → 41,5 but ``1.500`` → 1500).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t

MAX_TEXT = 2000
_TRUE = {"có", "co", "yes", "y", "x", "đạt", "dat", "đ", "d", "1", "true", "v", "✓"}
_FALSE = {"không", "khong", "no", "n", "0", "false", "chưa đạt", "chua dat", "không đạt", "-", "cđ"}
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")  # "0.500" is a decimal, not 500
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


@dataclass(frozen=True)
class Parsed:
    text: str  # canonical stored text
    number: float | None  # what the engine compares (1/0 for yes/no)


def parse_number(raw: str) -> float:
    value = text.clean(raw).replace(" ", "").rstrip("%")
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", ".")
    elif _THOUSANDS.match(value):
        value = value.replace(".", "")
    if not _NUMBER.match(value):
        raise InputRejected("value.not_number", value=raw)
    number = float(value)
    if not math.isfinite(number):
        raise InputRejected("value.not_number", value=raw)
    return number


def canonical_number(number: float) -> str:
    """Stored form: plain decimal with a dot, no trailing zeros (``85.5``, ``41``)."""
    return f"{number:.6f}".rstrip("0").rstrip(".") if number != int(number) else str(int(number))


def parse(value_type: str, raw: str | bool | float | int) -> Parsed:
    """Validate and normalise an entry; InputRejected (nothing written) when it is invalid."""
    if value_type == "bool":
        if isinstance(raw, bool):
            flag = raw
        else:
            key = text.clean(str(raw)).casefold()
            if key in _TRUE:
                flag = True
            elif key in _FALSE:
                flag = False
            else:
                raise InputRejected("value.not_bool", value=raw)
        return Parsed("1" if flag else "0", 1.0 if flag else 0.0)
    if value_type in ("percent", "number"):
        number = float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else parse_number(str(raw))
        if not math.isfinite(number):
            raise InputRejected("value.not_number", value=raw)
        if value_type == "percent" and not 0 <= number <= 100:
            raise InputRejected("value.percent_range", value=format_number(number))
        if number < 0:
            raise InputRejected("value.negative", value=format_number(number))
        return Parsed(canonical_number(number), number)
    cleaned = text.clean(str(raw))
    if len(cleaned) > MAX_TEXT:
        raise InputRejected("value.too_long", max=MAX_TEXT)
    return Parsed(cleaned, None)


def format_number(number: float, decimals: int | None = None) -> str:
    """1847.561 → ``1.847,561`` (Vietnamese grouping and decimal mark)."""
    if decimals is None:
        plain = canonical_number(number)
        whole, _, frac = plain.partition(".")
    else:
        whole, _, frac = f"{number:.{decimals}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{frac}" if frac else out


def display(value_type: str, stored: str | None) -> str:
    """How a stored value is shown in the window and in reports."""
    if stored is None:
        return ""
    if value_type == "bool":
        return t("value.yes") if stored == "1" else t("value.no")
    if value_type in ("percent", "number"):
        return format_number(float(stored))
    return stored
