"""Telling how a cell, or a whole column, was typed: Unicode, TCVN3, VNI or unknown.

A cell is judged by trying both tables (:mod:`.decoding`) and checking each reading, and
the text as it stands, against Vietnamese syllables (:mod:`.syllables`).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, cast

from ntm_desktop.excel.legacy_encoding.alphabet import (
    CP1252_REPERTOIRE,
    LATIN1_VIETNAMESE,
    LETTER_INFO,
)
from ntm_desktop.excel.legacy_encoding.decoding import DECODERS
from ntm_desktop.excel.legacy_encoding.syllables import (
    has_odd_case,
    is_plausible_word,
    looks_like_capital_font,
    reads_as_unicode_vietnamese,
    words,
)
from ntm_desktop.excel.legacy_encoding.tables import (
    LEGACY_CHARS,
    LEGACY_ENCODINGS,
    TCVN3,
    UNICODE,
    UNKNOWN,
    Encoding,
)

# Hand-set, rough weights for how often each tone occurs (no tone, huyền, hỏi, ngã, sắc,
# nặng). Used only to choose between two clean readings of one short cell: VNI "Chö"
# is "Chư" (VNI) or "Chử" (TCVN3); the toneless reading is the likelier one.
_TONE_WEIGHTS: Final = (0.40, 0.17, 0.08, 0.06, 0.17, 0.12)
_TONE_LOG_WEIGHTS: Final = tuple(math.log(weight) for weight in _TONE_WEIGHTS)


@dataclass(frozen=True)
class _Reading:
    encoding: Encoding
    likelihood: float  # sum of log tone weights of the decoded letters


def _read_as(text: str, encoding: Encoding) -> _Reading | None:
    """Decode with one table; None unless the result is clean, plausible Vietnamese
    with at least one decoded letter inside a word of two letters or more (a lone
    ``×`` or ``©`` is not evidence)."""
    decoded = DECODERS[encoding](text)
    if decoded.leftover:
        return None
    out = decoded.text
    for i, (char, mapped) in enumerate(zip(out, decoded.from_table, strict=True)):
        # A symbol the other table reads as a letter, glued to letters ("§iÖn" read as
        # VNI): this table cannot be the right one.
        if not mapped and char in LEGACY_CHARS and not char.isascii():
            if any(c.isalpha() for c in out[max(i - 1, 0) : i] + out[i + 1 : i + 2]):
                return None
    # Text typed in a TCVN3 capital font is judged as the capitals it shows.
    shown = out.upper() if encoding == TCVN3 and looks_like_capital_font(out) else out
    evidence = 0
    for start, end in words(shown, str.isalpha):
        word = shown[start:end]
        if word.isascii():
            continue
        if has_odd_case(word) or not is_plausible_word(word):
            return None
        if end - start >= 2:
            evidence += sum(decoded.from_table[start:end])
    if not evidence:
        return None
    likelihood = sum(
        _TONE_LOG_WEIGHTS[LETTER_INFO[char.lower()][1]]
        for char, mapped in zip(out, decoded.from_table, strict=True)
        if mapped
    )
    return _Reading(encoding, likelihood)


@dataclass(frozen=True)
class _Verdict:
    encoding: Encoding
    # True when the cell alone cannot tell: it reads fine as Unicode and also decodes
    # cleanly as legacy text ("Hoà" is also VNI for "Hồ"), or it decodes cleanly with
    # both tables ("Chö": VNI "Chư", TCVN3 "Chử").
    ambiguous: bool = False


# Symbols that ordinary Unicode text glues to letters (10 µg/m³, 25°C).
_UNIT_SYMBOLS: Final = frozenset("µ°²³")


# the verdict on text no legacy table can have written (frozen: one for all of them)
_SURELY_UNICODE: Final = _Verdict(UNICODE)


def judge(text: str) -> _Verdict:
    text = unicodedata.normalize("NFC", text)
    # a character no 8-bit font can type (ă, ơ, ư, ạ …): proper Unicode. ``issuperset`` walks the
    # text in C: a table's 10,000 Unicode names judged in 2 instead of 10 ms (issue 22)
    if text.isascii() or not CP1252_REPERTOIRE.issuperset(text):
        return _SURELY_UNICODE
    readings = [r for r in (_read_as(text, name) for name in LEGACY_ENCODINGS) if r]
    if reads_as_unicode_vietnamese(text):
        return _Verdict(UNICODE, ambiguous=bool(readings))
    if readings:
        best = max(readings, key=lambda r: r.likelihood)
        return _Verdict(best.encoding, ambiguous=len(readings) > 1)
    # Neither reading works. Vietnamese letters, and symbols standing apart or used as
    # units (café, 3 × 4, 10 µg/m³): ordinary Unicode. Foreign letters (ü, ç) or
    # legacy symbols inside words: unknown.
    for i, char in enumerate(text):
        if char.isascii() or char in LATIN1_VIETNAMESE or char in _UNIT_SYMBOLS:
            continue
        if char.isalpha():
            return _Verdict(UNKNOWN)
        neighbours = text[max(i - 1, 0) : i] + text[i + 1 : i + 2]
        if any(c.isalpha() for c in neighbours):
            return _Verdict(UNKNOWN)
    return _Verdict(UNICODE)


# -- public API ---------------------------------------------------------------------------


def detect(text: str) -> Encoding:
    """Tell how one cell string was typed: ``"unicode"``, ``"tcvn3"``, ``"vni"`` or
    ``"unknown"``.

    ASCII and proper Unicode Vietnamese are ``"unicode"``. A string is only called
    legacy when it cannot be read as Vietnamese as it stands and decoding it gives
    clean, plausible Vietnamese. Short strings that read well both ways stay
    ``"unicode"``; :func:`detect_column` settles those from their neighbours.
    """
    return judge(text).encoding


def detect_column(cells: Iterable[str | None]) -> Encoding:
    """Decide the encoding of a whole column by majority of its non-ASCII cells.

    Each non-ASCII cell votes with :func:`detect`. Cells that cannot tell on their own
    (they read fine both as Unicode and as legacy text, or with both tables) only vote
    when no other cell does. Ties and columns without votes are ``"unicode"``.
    """
    # each distinct text judged once, voting as many times as it occurs (a district's name
    # repeats on every row of its communes)
    return detect_counted(Counter(cells))


def detect_counted(counts: Mapping[str | None, int]) -> Encoding:
    """:func:`detect_column` of a column given as its distinct cells and how often each occurs."""
    votes: Counter[str] = Counter()
    weak_votes: Counter[str] = Counter()
    surely_unicode = 0  # votes of the texts no legacy table can have written (most, in a Unicode table)
    for cell, times in counts.items():
        if not cell or cell.isascii():
            continue
        if not CP1252_REPERTOIRE.issuperset(unicodedata.normalize("NFC", cell)):  # judge()'s first test, inline
            surely_unicode += times
            continue
        verdict = judge(cell)
        (weak_votes if verdict.ambiguous else votes)[verdict.encoding] += times
    if surely_unicode:  # a vote as judge() gives it (which is counted first changes no outcome: a tie is Unicode)
        votes[UNICODE] += surely_unicode
    ranked = (votes or weak_votes).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return UNICODE
    return cast(Encoding, ranked[0][0])
