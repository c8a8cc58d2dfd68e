"""Header labels of a decision's appendix: which column is TT, the criterion's name, its
content, and which threshold column a label names (CONTRACT §7).

Labels are compared accent-insensitively (``text.fold``), so ``ĐBSH``, ``DBSH`` and
``Đồng bằng sông Hồng`` are one region; ``Xã nhóm 1``, ``Nhóm 1`` and ``Nhóm I`` one group.
"""

from __future__ import annotations

import re

from ntm_desktop import i18n, text
from ntm_desktop.criteria.documents import GROUPS, REGIONS

TT_LABELS = {"tt", "stt", "so tt"}
NAME_LABELS = {"ten tieu chi", "tieu chi", "ten chi tieu"}
CONTENT_LABELS = {"noi dung tieu chi", "noi dung", "chi tieu", "noi dung chi tieu", "chi tieu tieu chi"}
COMMON_LABELS = {"chi tieu chung", "chi tieu", "muc dat", "muc dat chuan", "chung", "ca nuoc", "chi tieu ca nuoc",
                 "chung ca nuoc", "chi tieu chung ca nuoc", "muc chi tieu", "yeu cau"}
REGION_LABELS = {
    "trung du mien nui phia bac": "TDMNPB", "tdmnpb": "TDMNPB", "mien nui phia bac": "TDMNPB",
    "dong bang song hong": "DBSH", "dbsh": "DBSH",
    "bac trung bo": "BTB", "btb": "BTB",
    "duyen hai nam trung bo": "DHNTB", "dhntb": "DHNTB", "nam trung bo": "DHNTB",
    "tay nguyen": "TN", "tn": "TN",
    "dong nam bo": "DNB", "dnb": "DNB",
    "dong bang song cuu long": "DBSCL", "dbscl": "DBSCL",
}
# the names the exporter writes (the decisions' own spelling)
REGION_NAMES = {
    "TDMNPB": "TDMNPB", "DBSH": "ĐBSH", "BTB": "BTB", "DHNTB": "DHNTB", "TN": "TN", "DNB": "ĐNB", "DBSCL": "ĐBSCL",
}
_ROMAN = {"i": "1", "ii": "2", "iii": "3"}
_GROUP = re.compile(r"^(?:xa\s+)?nhom\s+(?:xa\s+)?(\d+|i{1,3})$")
_ROMAN_NUMBER = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})\.?$")


def key(value: object) -> str:
    """The accent-insensitive form a label is compared by: punctuation dropped, spaces single."""
    folded = text.fold(str(value)) if value is not None else ""
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", folded).split())


def column_key(value: object) -> tuple[str, str] | None:
    """("group", "1"), ("region", "TN"), ("common", "*") or None for a label naming no
    threshold column."""
    label = key(value)
    for prefix in ("vung ", "xa vung ", "chi tieu vung ", "chi tieu "):
        if label.startswith(prefix) and label[len(prefix):] in REGION_LABELS:
            label = label[len(prefix):]
    if label in REGION_LABELS:
        return "region", REGION_LABELS[label]
    found = _GROUP.match(label)
    if found:
        number = _ROMAN.get(found[1], found[1])
        return ("group", number) if number in ("1", "2", "3") else None
    if label in COMMON_LABELS:
        return "common", "*"
    return None


def roman(value: object) -> bool:
    """True for a group row's TT: I, II, … (not an empty string)."""
    return isinstance(value, str) and bool(_ROMAN_NUMBER.match(text.clean(value))) and bool(text.clean(value))


def number(value: object) -> int | None:
    """A criterion row's TT: 1, 1.0, "1", "1." (None otherwise)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 < value < 10_000 else None
    if isinstance(value, str):
        cleaned = text.clean(value).rstrip(".")
        return int(cleaned) if cleaned.isdigit() and len(cleaned) <= 4 else None
    return None


def shown_column(column: str) -> tuple[str, str]:
    """A threshold column's title and tooltip as the window shows them, in the current
    language; the workbook keeps the decision's own spelling (:func:`column_title`)."""
    if column == "*":
        title = i18n.t("class.column.common")
    elif column in GROUPS:
        title = i18n.t("class.column.group", value=column)
    else:
        title = REGION_NAMES.get(column, column)
    pair = GROUPS.get(column) or REGIONS.get(column)
    tooltip = "" if pair is None else pair[0] if i18n.language() == "vi" else pair[1]
    return title, tooltip


def group_header(columns: str) -> str:
    return "Chỉ tiêu theo nhóm xã" if columns == "group" else "Chỉ tiêu theo vùng"


def column_title(column: str) -> str:
    """The header the exporter writes for a threshold column."""
    if column == "*":
        return "Chỉ tiêu chung"
    if column in ("1", "2", "3"):
        return f"Xã nhóm {column}"
    return REGION_NAMES.get(column, column)
