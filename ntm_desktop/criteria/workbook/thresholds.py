"""Threshold cells of a decision's appendix, read as the engine's comparisons (CONTRACT §7).

``≥ 90%``, ``>=90%``, ``100%`` (read as ≥ 100%), ``≤ 5,5%``, ``≥ 41``, ``Tối thiểu 85%``,
``Đạt``, ``Có``, ``Không``, ``Đạt chuẩn``: a comparison; comma is the decimal mark. Any other
text is kept as a qualitative threshold that a person assesses; an empty cell or a dash is
no threshold. :func:`write` gives the text the exporter writes, which :func:`parse` reads back
to the same threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ntm_desktop import text

_SIGNS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", ">": ">", "<": "<", "=": "=="}
_WORDS = {
    "toi thieu": ">=", "tu": ">=", "it nhat": ">=", "tren": ">", "toi da": "<=", "khong qua": "<=",
    "khong vuot qua": "<=", "duoi": "<",
}
_COMPARISON = re.compile(
    r"^(?P<sign>≥|>=|=>|≤|<=|=<|>|<|=)?\s*(?P<number>\d+(?:[.,]\d+)?)\s*(?P<percent>%)?"
    r"\s*(?P<tail>tro len|tro xuong)?$"
)
_YES = {"dat": "Đạt", "co": "Có", "dat chuan": "Đạt chuẩn", "dat yeu cau": "Đạt yêu cầu"}
_NO = {"khong": "Không", "khong co": "Không có"}
_NOTHING = {"", "-", "–", "—", "_"}


@dataclass(frozen=True)
class Parsed:
    """One cell as read: ``kind`` is "bool", "percent", "number", "text" (qualitative) or
    "none" (no threshold)."""

    kind: str
    op: str | None = None
    value: float | bool | None = None
    text: str | None = None
    unit: str | None = None

    def threshold(self, column: str, source: str) -> dict[str, Any]:
        """The document's threshold (docs/criteria-format.md)."""
        out: dict[str, Any] = {"region": column}
        if self.op is not None:
            out["op"], out["value"] = self.op, self.value
        if self.text is not None:
            out["text"] = self.text
        if self.unit is not None:
            out["unit"] = self.unit
        out.update(certainty="V", source=source)
        return out


def _number(raw: str) -> float | int:
    value = float(raw.replace(",", "."))
    return int(value) if value.is_integer() else value


def parse(value: Any, number_format: str | None = None) -> Parsed:
    """Read one cell's value (``number_format`` tells a percent-formatted number)."""
    if value is None:
        return Parsed("none")
    if isinstance(value, bool):
        return Parsed("bool", "==", value, "Có" if value else "Không")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            return Parsed("text", text=str(value))
        if number_format and "%" in number_format:
            return Parsed("percent", ">=", _number(f"{value * 100:.10g}"), unit="%")
        return Parsed("number", ">=", _number(f"{value:.10g}"))
    written = text.clean(str(value))
    if written in _NOTHING:
        return Parsed("none")
    key = text.fold(written).rstrip(".")
    if key in _YES:
        return Parsed("bool", "==", True, written)
    if key in _NO:
        return Parsed("bool", "==", False, written)
    op = None
    for word in sorted(_WORDS, key=len, reverse=True):
        if key.startswith(word + " ") and key[len(word) + 1 :][:1].isdigit():
            op, key = _WORDS[word], key[len(word) + 1 :]
            break
    found = _COMPARISON.match(key.replace(" %", "%"))
    if found is None or (op is not None and found["sign"]):
        return Parsed("text", text=written)
    if found["sign"]:
        op = _SIGNS[found["sign"]]
    elif op is None:
        op = "<=" if found["tail"] == "tro xuong" else ">="  # "100%", "41", "41 trở lên": at least
    number = _number(found["number"])
    if found["percent"]:
        return Parsed("percent", op, number, unit="%")
    return Parsed("number", op, number)


_WRITE_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


def write(op: str | None, value: float | bool | None, threshold_text: str | None, value_type: str,
          unit: str | None = None) -> str:
    """The cell text for a stored threshold, read back by :func:`parse` to the same one."""
    if op is None or value is None:
        return threshold_text or ""
    if value_type == "bool" or isinstance(value, bool):
        yes = bool(value)
        written = threshold_text if threshold_text and parse(threshold_text) == Parsed(
            "bool", "==", yes, text.clean(threshold_text)) else None
        return written or ("Đạt" if yes else "Không")
    number = float(value)
    shown = (f"{int(number)}" if number.is_integer() else f"{number:.10g}").replace(".", ",")
    percent = "%" if value_type == "percent" or unit == "%" else ""
    return f"{_WRITE_SIGNS[op]} {shown}{percent}"
