"""Checks of the fields a package carries, before anything of it is written (issue 19 part 1).

The signature proves who made a package, not that what it carries is sound: a program with
a bug, or an edited one, can sign a twinning whose date is ``2026-02-30`` or a stamp that
is not a stamp, and once stored such a value breaks every later command that reads it.
Two kinds of check, both refusing the package (``pkg.bad_content`` / ``pkg.bad_manifest``,
exit 3) with the member, row and column named:

- :func:`check_manifest`: the manifest's fields, their JSON types and shapes (bounded
  depth and size, finite numbers, dates that parse);
- :class:`Checker` (:func:`row_checker`): per CSV member, the columns whose kind the name
  tells (clock stamps, dates, moments, years, periods), whatever entity they belong to.

A package of millions of rows is checked a chunk at a time, column by column
(:meth:`Checker.fine`): each column's distinct values once (values repeat: the same date on
thousands of rows; a value found good is remembered), the unique ones (uuids, stamps) in
one pass each (their lengths; one regular expression over the column joined). That pass only
says whether every row of the chunk is good; where one is not, the rows are checked one
by one (:meth:`Checker.row`), which names the first bad row and column as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.store.schema import STAMP
from ntm_desktop.sync.package import format as fmt

MAX_DEPTH = 8  # the manifest's deepest legitimate nesting is 3 (scope → communes → list)
MAX_FIELD_CHARS = 1_000_000  # of one manifest field, as JSON
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:\d{2})?")
YEAR = re.compile(r"\d{4}")
PERIOD = re.compile(r"\d{4}(-(H[12]|Q[1-4]|M(0[1-9]|1[0-2])))?", re.IGNORECASE)
DATE_COLUMNS = frozenset({
    "date_from", "date_to", "decision_date", "end_decision_date", "on_date", "decided_on", "revoked_on",
    "valid_from", "valid_to",
})
MOMENT_COLUMNS = frozenset({"at", "state_at", "created_at"})
STAMP_COLUMNS = frozenset({"hlc", "state_hlc"})
MIN_YEAR, MAX_YEAR = 1900, 2200
# identifiers (natural keys, codes, uuids) are tens of characters; a longer one is no key,
# and it would fill a refusal's message with kilobytes (names and notes are not bounded)
KEY_COLUMNS = frozenset({"nkey", "uuid", "commune", "unit", "set", "indicator", "criterion", "entity",
                         "entity_uuid", "batch", "installation", "parent", "code", "twinning", "agency"})
MAX_KEY = 300


def _day(text: str) -> bool:
    if not DAY.fullmatch(text):
        return False
    try:
        return MIN_YEAR <= date.fromisoformat(text).year <= MAX_YEAR
    except ValueError:
        return False


def _moment(text: str) -> bool:
    if not MOMENT.fullmatch(text):
        return False
    try:
        return MIN_YEAR <= datetime.fromisoformat(text.replace("Z", "+00:00")).year <= MAX_YEAR
    except ValueError:
        return False


def _year(text: str) -> bool:
    return bool(YEAR.fullmatch(text)) and MIN_YEAR <= int(text) <= MAX_YEAR


def _stamp(text: str) -> bool:
    return STAMP.fullmatch(text) is not None


def _key(text: str) -> bool:
    return len(text) <= MAX_KEY


def _stamps(text: str) -> bool:
    """``seen``: the stamps a version has seen besides its own, separated by spaces."""
    return all(STAMP.fullmatch(part) is not None for part in text.split(" "))


def _period(text: str) -> bool:
    return bool(PERIOD.fullmatch(text)) and MIN_YEAR <= int(text[:4]) <= MAX_YEAR


_KINDS: dict[str, tuple[Callable[[str], bool], str]] = {
    **{c: (_day, "ngày / date") for c in DATE_COLUMNS},
    **{c: (_moment, "thời điểm / time") for c in MOMENT_COLUMNS},
    **{c: (_stamp, "dấu thời gian / stamp") for c in STAMP_COLUMNS},
    **{c: (_key, "khóa / key") for c in KEY_COLUMNS},
    "seen": (_stamps, "dấu thời gian / stamps"),
    "year": (_year, "năm / year"),
    "period": (_period, "kỳ / period"),
}


def _every(valid: Callable[[str], bool]) -> Callable[[Collection[str]], bool]:
    def every(values: Collection[str]) -> bool:
        return all(map(valid, values))

    return every


# every value a stamp: the column joined by a character no stamp holds, one match over it
_STAMP_RUN = re.compile(rf"(?:{STAMP.pattern}\n)*{STAMP.pattern}")
_STAMPS_RUN = re.compile(rf"(?:{STAMP.pattern} )*{STAMP.pattern}")


def _all_stamps(values: Collection[str]) -> bool:
    """Whether every one of ``values`` (at least one) is a stamp (:data:`STAMP`)."""
    joined = "\n".join(values)
    return joined.count("\n") == len(values) - 1 and _STAMP_RUN.fullmatch(joined) is not None


def _all_stamp_lists(values: Collection[str]) -> bool:
    """``seen`` values joined by the space that separates their stamps: a run of stamps
    exactly when each value is (no value is empty; a stamp holds no space)."""
    return _STAMPS_RUN.fullmatch(" ".join(values)) is not None


def _column_check(index: int, valid: Callable[[str], bool]) -> Callable[[list[list[str]]], bool]:
    """Whether column ``index`` of every row passes ``valid`` (empty cells pass): keys by
    their longest value, stamps all at once, the other kinds (few distinct values, slower
    checks) each distinct value once, the good ones remembered."""
    value_of = itemgetter(index)
    if valid is _key:
        return lambda rows: max(map(len, map(value_of, rows))) <= MAX_KEY
    if valid in (_stamp, _stamps):
        all_good = _all_stamps if valid is _stamp else _all_stamp_lists

        def stamps(rows: list[list[str]]) -> bool:
            values = list(filter(None, map(value_of, rows)))
            return not values or all_good(values)

        return stamps
    remembered: set[str] = set()
    every = _every(valid)

    def distinct(rows: list[list[str]]) -> bool:
        values = set(map(value_of, rows))
        values.discard("")
        values -= remembered
        if values and not every(values):
            return False
        if len(remembered) < GOOD_PER_COLUMN:
            remembered.update(values)
        return True

    return distinct


GOOD_PER_COLUMN = 20_000  # good values remembered per column (dates, moments, periods …)
# rows a column pass goes over at a time: they stay in the processor's cache from one
# column to the next (158,000 value rows: 0.11 s in parts of 5,000, 0.21 s in parts of 50,000)
FINE_ROWS = 4096


class Checker:
    """The checks of one member's data rows (row numbers as in the file, header = 1): the
    width of the header, and the columns of a known kind."""

    def __init__(self, path: Path, member: str, header: list[str]) -> None:
        self.path = path
        self.member = member
        self.width = len(header)
        self.checks = [(index, name, *_KINDS[name]) for index, name in enumerate(header) if name in _KINDS]
        self.good: set[tuple[int, str]] = set()  # (column, value) found good: a value good as a key is no stamp
        self.columns = [_column_check(index, valid) for index, _name, valid, _what in self.checks]

    def row(self, number: int, row: list[str]) -> None:
        """Refuse (``pkg.bad_content``, naming the row and column) a bad row."""
        if len(row) != self.width:
            raise InputRejected("pkg.bad_content", path=self.path, member=self.member, row=number,
                                detail=f"{len(row)} cột, cần {self.width} / {len(row)} columns, {self.width} expected")
        good = self.good
        for index, name, valid, what in self.checks:
            value = row[index]
            if value == "" or (index, value) in good:
                continue
            if not valid(value):
                raise InputRejected("pkg.bad_content", path=self.path, member=self.member, row=number,
                                    detail=f"{name}: {what} «{value[:40]}»")
            if len(good) < 100_000:
                good.add((index, value))

    def fine(self, rows: list[list[str]]) -> bool:
        """Whether every row passes :meth:`row` (False: some row may not; check them one by one)."""
        for start in range(0, len(rows), FINE_ROWS):
            part = rows[start : start + FINE_ROWS]
            if len(set(map(len, part))) != 1 or len(part[0]) != self.width:
                return False
            if not all(column(part) for column in self.columns):
                return False
        return True

    def chunk(self, first: int, rows: list[list[str]]) -> None:
        """Refuse a chunk of rows (``first``: the number of its first row) holding a bad one,
        naming the first bad row as :meth:`row` does."""
        if not self.fine(rows):
            for number, row in enumerate(rows, start=first):
                self.row(number, row)


def row_checker(path: Path, member: str, header: list[str]) -> Callable[[int, list[str]], None]:
    """A check of one data row of ``member`` (:meth:`Checker.row`)."""
    return Checker(path, member, header).row


# -- the manifest -------------------------------------------------------------------------
def _plain(value: Any, depth: int = 0) -> bool:
    """JSON a later reader can take back: bounded nesting, finite numbers, string keys."""
    if depth > MAX_DEPTH:
        return False
    if value is None or isinstance(value, (bool, str)):
        return True
    if isinstance(value, int):
        return abs(value) < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


def check_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Refuse (``pkg.bad_manifest``, naming the field) a manifest any field of which is not
    of the type and shape the program writes."""

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise InputRejected("pkg.bad_manifest", path=path, detail=what)

    package_id = manifest.get("package_id")
    need(isinstance(package_id, str) and 8 <= len(package_id) <= 64 and re.fullmatch(r"[A-Za-z0-9._-]+", package_id)
         is not None, "package_id")
    need(isinstance(manifest.get("created_at"), str) and _moment(manifest["created_at"]), "created_at")
    need(manifest.get("kind") in fmt.KINDS, "kind")
    origin = manifest.get("origin")
    need(isinstance(origin, dict), "origin")
    assert isinstance(origin, dict)  # need() raised otherwise
    for key in ("installation", "name", "public_key"):
        need(isinstance(origin.get(key), str) and origin[key] != "" and len(origin[key]) <= 500, f"origin.{key}")
    need(origin.get("fingerprint") is None or isinstance(origin["fingerprint"], str), "origin.fingerprint")
    need(isinstance(manifest.get("scope"), dict), "scope")
    need(isinstance(manifest.get("demo", False), bool), "demo")
    for key in ("program",):
        need(manifest.get(key) is None or isinstance(manifest[key], str), key)
    need(manifest.get("schema") is None or _count(manifest["schema"]), "schema")
    for key in ("to", "since", "acks", "counts", "scope"):
        need(manifest.get(key) is None or isinstance(manifest[key], dict), key)
        need(_plain(manifest.get(key)) and len(repr(manifest.get(key))) <= MAX_FIELD_CHARS, key)
    counts = manifest.get("counts") or {}
    need(all(_count(v) for v in counts.values()), "counts")
    members = manifest.get("members")
    need(isinstance(members, dict) and bool(members), "members")
    assert isinstance(members, dict)  # need() raised otherwise
    for name, entry in members.items():
        need(isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
             and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None, f"{name[:60]}.sha256")
        need(_count(entry.get("size")), f"{name[:60]}.size")
        # absent, or of their type: the import adds up "rows" with int() (null is no count)
        need("rows" not in entry or _count(entry["rows"]), f"{name[:60]}.rows")
        need("entity" not in entry or (isinstance(entry["entity"], str) and len(entry["entity"]) <= 64),
             f"{name[:60]}.entity")
