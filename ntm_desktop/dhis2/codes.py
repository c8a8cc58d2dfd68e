"""DHIS2 identifiers for the program's units, criteria, indicators and periods (docs/dhis2.md).

DHIS2 matches what it imports by code when asked to (``idScheme=CODE``); a code holds at
most 50 characters. Org units carry the GSO code, and ``-T{year}`` once the unit has ended,
because the GSO reuses codes (the new xã Ia Chim keeps the 23326 of the old one: CONTRACT §5).
Periods are DHIS2's own period identifiers in JSON and CSV (``2020``, ``2020S1``, ``2020Q1``,
``202001``) and ISO 8601 intervals in ADX (``2020-01-01/P1Y``).
"""

from __future__ import annotations

import hashlib
import re

from ntm_desktop.periods import Period

MAX_CODE = 50  # DHIS2: code, and shortName, at most 50 characters
_SPACE = re.compile(r"\s+")
_UID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_UID_LETTERS = _UID_ALPHABET[:52]

# kind → (DHIS2 periodType, DHIS2 period id, ADX duration)
PERIOD_TYPES = {"Y": "Yearly", "H": "SixMonthly", "Q": "Quarterly", "M": "Monthly"}
_ADX_DURATION = {"Y": "P1Y", "H": "P6M", "Q": "P3M", "M": "P1M"}


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def fit(code: str, limit: int = MAX_CODE) -> str:
    """A code as DHIS2 takes it: whitespace runs become ``-`` (ADX reads codes as ``xs:token``),
    and one longer than ``limit`` keeps its start and a hash of the whole (``~`` and 8 hex digits)."""
    code = _SPACE.sub("-", code.strip())
    if len(code) <= limit:
        return code
    return f"{code[: limit - 9]}~{_digest(code, 8)}"


def _set_part(set_code: str, tail: str) -> str:
    """The set's code, shortened if need be so that ``{set}_{tail}`` fits in 50 characters:
    the criterion or indicator stays readable at the end."""
    return fit(set_code, MAX_CODE - len(tail) - 1)


def criterion_code(set_code: str, number: int) -> str:
    """``QG-2016-2020_TC01``: criterion 1 of the set, true when met."""
    tail = f"TC{number:02d}"
    return f"{_set_part(set_code, tail)}_{tail}"


def indicator_code(set_code: str, indicator: str) -> str:
    """``QG-2016-2020_CT15.1``: the value of indicator 15.1 of the set."""
    tail = fit(f"CT{indicator}", MAX_CODE - 20)  # leaves the set at least 19 characters
    return f"{_set_part(set_code, tail)}_{tail}"


def data_set_code(set_code: str, period: Period) -> str:
    """``NTM_QG-2016-2020_Yearly``: one DHIS2 data set per criteria set and period type."""
    kind = PERIOD_TYPES[period.kind]
    return f"NTM_{_set_part(set_code, 'NTM_' + kind)}_{kind}"


def org_unit_code(code: str | None, valid_to: str | None, uuid: str) -> str:
    """The GSO code (``23326``), with the end year of a unit that has ended (``23326-T2025``);
    a unit without a GSO code (one a user added) is named by its UUID, which travels with it."""
    base = fit(code) if code else f"NTM-{uuid}"
    return f"{base}-T{valid_to[:4]}" if valid_to else base


def period_id(period: Period) -> str:
    """DHIS2's period identifier: ``2020``, ``2020S1``, ``2020Q3``, ``202007``."""
    if period.kind == "Y":
        return str(period.year)
    if period.kind == "M":
        return f"{period.year}{period.n:02d}"
    return f"{period.year}{'S' if period.kind == 'H' else 'Q'}{period.n}"


def adx_period(period: Period) -> str:
    """The ISO 8601 interval ADX uses: its first day and its length (``2020-07-01/P3M``)."""
    first_month = {"Y": 1, "H": 6 * (period.n - 1) + 1, "Q": 3 * (period.n - 1) + 1, "M": period.n}[period.kind]
    return f"{period.year}-{first_month:02d}-01/{_ADX_DURATION[period.kind]}"


def uid(kind: str, code: str) -> str:
    """A DHIS2 UID (11 characters, a letter first) derived from the object's kind and code, so
    that importing the metadata again updates the same objects instead of adding new ones."""
    number = int.from_bytes(hashlib.sha256(f"ntm|{kind}|{code}".encode()).digest(), "big")
    chars = [_UID_LETTERS[number % 52]]
    number //= 52
    for _ in range(10):
        chars.append(_UID_ALPHABET[number % 62])
        number //= 62
    return "".join(chars)
