"""A legacy criteria table as read: its layout (the header row of criteria 1..19, the
commune, district and count columns), its marks, the cells converted from TCVN3/VNI, and
the preview that :func:`ntm_desktop.excel.table_import.read_table` returns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

from ntm_desktop import i18n, text, units
from ntm_desktop.excel import legacy_encoding as legacy_text

MET = {"x", "đ", "đạt", "1", "✓", "v", "√"}
NOT_MET = {"", "-", "0", "cđ", "chưa đạt", "không đạt", "–", "—"}
_CRITERION = re.compile(r"^(?:tc|tiêu chí|tieu chi)?\s*(?:số|so)?\s*0*(\d{1,2})$")


def col_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Problem:
    key: str
    params: dict[str, Any]

    @property
    def message(self) -> str:
        """The problem in words; a text taken from the file is quoted at most 80 characters long
        (a hostile cell may hold thousands: the refusal stays short)."""
        return i18n.t(self.key, **{k: _short(v) for k, v in self.params.items()})


def _short(value: Any, limit: int = 80) -> Any:
    if not isinstance(value, str) or len(value) <= limit:
        return value
    return value[:limit] + "…"


@dataclass(frozen=True)
class Conversion:
    """A cell whose legacy-encoded text (TCVN3, VNI) was converted to Unicode."""

    cell: str
    encoding: str
    before: str
    after: str


def _convert_legacy_columns(rows: list[tuple[Any, ...]], header: int) -> list[Conversion]:
    """Convert TCVN3/VNI text to Unicode in place: data rows by their column's encoding,
    title and header cells only when they are clearly legacy on their own (a Unicode
    heading above a legacy column must stay as it is)."""
    if not rows:
        return []
    done: list[Conversion] = []

    def put(i: int, column: int, encoding: str, after: str) -> None:
        before = rows[i][column]
        if after != before:
            row = list(rows[i])
            row[column] = after
            rows[i] = tuple(row)
            done.append(Conversion(f"{col_letter(column)}{i + 1}", encoding, before, after))

    for i in range(0, min(header + 1, len(rows))):
        for column, value in enumerate(rows[i]):
            if isinstance(value, str) and not value.isascii():
                encoding = legacy_text.detect(value)
                if encoding in legacy_text.LEGACY_ENCODINGS:
                    put(i, column, encoding, legacy_text.to_unicode(value, encoding))
    # the data rows column by column; a column none of whose distinct values is non-ASCII text
    # (the marks, the numbers) is passed over without a look at each of its 10,000 cells, and so
    # is a column of Unicode text: its distinct texts vote with their counts (issue 22: the data
    # rows of the 10,000-commune bench table in 9 instead of 23 ms)
    for column, values in enumerate(zip_longest(*rows[header + 1 :])):
        try:
            if not any(isinstance(v, str) and not v.isascii() for v in set(values)):
                continue
            counts: Counter[Any] = Counter(values)
        except TypeError:  # a value that cannot be hashed (the texts can)
            counts = Counter(v for v in values if isinstance(v, str))
        texts: dict[str | None, int] = {v: n for v, n in counts.items() if isinstance(v, str) and not v.isascii()}
        encoding = legacy_text.detect_counted(texts)
        if encoding not in legacy_text.LEGACY_ENCODINGS:
            continue
        cells = [(i, v) for i, v in enumerate(values, start=header + 1) if isinstance(v, str) and not v.isascii()]
        converted = legacy_text.convert_cells([v for _, v in cells], encoding)
        for (i, _before), (_, after) in zip(cells, converted, strict=True):
            put(i, column, encoding, after)
    return done


def _conversion_summary(conversions: list[Conversion]) -> list[tuple[str, str, int]]:
    counts: dict[tuple[str, str], int] = {}
    for c in conversions:
        key = (c.cell.rstrip("0123456789"), c.encoding)
        counts[key] = counts.get(key, 0) + 1
    return [(column, encoding, n) for (column, encoding), n in counts.items()]


@dataclass
class TableRow:
    row: int  # Excel row number
    district: str
    commune: str
    marks: dict[int, bool]
    unit: units.Unit | None = None
    suggestions: list[str] = field(default_factory=list)
    count: int | None = None
    code: str | None = None  # the GSO code column, where the table has one


@dataclass
class TablePreview:
    path: Path
    sheet: str
    header_row: int
    criteria_columns: dict[int, str]  # number → column letter
    commune_column: str
    district_column: str | None
    count_column: str | None
    rows: list[TableRow] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    totals_skipped: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    code_column: str | None = None
    day: str | None = None  # rows without a district: matched among the units in force that day
    set_code: str | None = None  # the criteria set the table's columns were read against

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.unit is not None)

    @property
    def unknown(self) -> list[TableRow]:
        return [r for r in self.rows if r.unit is None]

    def as_json(self) -> dict[str, Any]:
        extra = {"code_column": self.code_column} if self.code_column else {}
        return {
            "file": str(self.path),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "commune_column": self.commune_column,
            "district_column": self.district_column,
            "criteria_columns": {str(k): v for k, v in self.criteria_columns.items()},
            "rows": len(self.rows),
            "matched": self.matched,
            "unknown": [
                {"row": r.row, "district": r.district, "commune": r.commune, "suggestions": r.suggestions}
                for r in self.unknown
            ],
            "totals_skipped": self.totals_skipped,
            "converted": [
                {"cell": c.cell, "encoding": c.encoding, "before": c.before, "after": c.after}
                for c in self.conversions
            ],
            "errors": [p.message for p in self.errors],
            "warnings": [p.message for p in self.warnings],
            **extra,
        }


def parse_mark(value: Any) -> bool | None:
    """True met, False not met, None not understood."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return True if value == 1 else False if value == 0 else None
    return _text_mark(value if isinstance(value, str) else str(value))


class MarkCache(dict[Any, "bool | None"]):
    """A cell's value → :func:`parse_mark` of it, worked out once per distinct value (a table
    repeats a few marks 190,000 times). Values equal as keys mean the same mark (``1``,
    ``1.0`` and ``True`` are all met). ``unknown`` tells whether a value not understood was met
    yet: until one is, no row's marks need a look for one."""

    unknown = False

    def __missing__(self, value: Any) -> bool | None:
        parsed = self[value] = parse_mark(value)
        if parsed is None:
            self.unknown = True
        return parsed

    def of(self, values: tuple[Any, ...]) -> list[bool | None]:
        """The marks of a row's cells."""
        try:
            return list(map(self.__getitem__, values))
        except TypeError:  # a value that cannot be a key
            parsed = [parse_mark(v) for v in values]
            if None in parsed:
                self.unknown = True
            return parsed


@lru_cache(maxsize=4096)
def _text_mark(value: str) -> bool | None:
    key = text.clean(value).casefold()
    if key in MET:
        return True
    if key in NOT_MET:
        return False
    return None


def _criterion_number(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    match = _CRITERION.match(text.clean(str(value)).casefold())
    return int(match.group(1)) if match else None


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, int, int] | None:
    """(row index, first column, length) of the longest run of criteria numbers 1, 2, 3 … (at
    least 5) in the first row holding one: the table's criteria (19 before 2026, 10 after)."""
    for r, row in enumerate(rows):
        numbers = [_criterion_number(v) for v in row]
        best: tuple[int, int] | None = None
        for start, number in enumerate(numbers):
            if number != 1:
                continue
            length = 1
            while start + length < len(numbers) and numbers[start + length] == length + 1:
                length += 1
            if length >= 5 and (best is None or length > best[1]):
                best = (start, length)
        if best is not None:
            return r, best[0], best[1]
    return None


def _heading(value: Any) -> str:
    return text.fold(text.clean(str(value))) if value is not None else ""


CODE_HEADINGS = ("ma", "ma xa", "ma so", "ma dvhc", "ma don vi", "ma hanh chinh", "ma gso")


def find_code_column(rows: list[tuple[Any, ...]], header: int) -> int | None:
    """A column of GSO codes (``Mã xã``, ``Mã ĐVHC``, ``Mã``), from the header row or the one above."""
    for row in [rows[header]] + ([rows[header - 1]] if header > 0 else []):
        for c, value in enumerate(row):
            head = _heading(value)
            if head in CODE_HEADINGS or head.startswith(("ma xa ", "ma dvhc ", "ma don vi ")):
                return c
    return None


def code_text(value: Any) -> str | None:
    """A code cell as text: ``23326`` whether typed as a number or as text (``23326.0`` too)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return text.clean(str(value)) or None


def _find_columns(rows: list[tuple[Any, ...]], header: int) -> tuple[int | None, int | None, int | None]:
    """Commune, district and count columns, from the header row or the one above it."""
    commune = district = count = None
    candidates = [rows[header]] + ([rows[header - 1]] if header > 0 else [])
    for row in candidates:
        for c, value in enumerate(row):
            head = _heading(value)
            if not head:
                continue
            if commune is None and (head in ("xa", "ten xa", "ten don vi", "don vi", "xa, thi tran")
                                    or head.startswith("ten xa")):
                commune = c
            elif district is None and head.startswith("huyen"):
                district = c
            elif count is None and ("so tieu chi" in head or "tong tieu chi" in head):
                count = c
    return commune, district, count
