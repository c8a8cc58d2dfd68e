"""Vietnamese text handling: NFC at the door, match keys, accent folding, sorting.

Every name that enters the program goes through :func:`clean`. Names are compared
through :func:`match_key` (accents kept, case and administrative prefix ignored) or,
for search, :func:`fold` (accents dropped: ``dak ha`` finds ``Đăk Hà``).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import compress, islice
from operator import eq

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable

# Administrative prefixes ignored when matching names (CONTRACT §1).
_PREFIXES = (
    "thành phố ",
    "tp. ",
    "tp.",
    "tp ",
    "huyện ",
    "thị xã ",
    "thị trấn ",
    "xã ",
    "phường ",
    "tỉnh ",
)
# The same prefixes typed without accents; only ignored in text typed without accents,
# since "Xa Nghĩa" (a spelling of Sa Nghĩa) is a name, not "Xã Nghĩa".
_PLAIN_PREFIXES = (
    "thanh pho ",
    "huyen ",
    "thi xa ",
    "thi tran ",
    "xa ",
    "phuong ",
    "tinh ",
)
# Tone marks (dấu thanh), as combining characters after NFD.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
# Vietnamese alphabet order; letters with quality marks are letters of their own.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def clean(text: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed to single spaces; curly apostrophes kept as '."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.split())  # as re.sub(r"\s+", " ", text).strip(), 2.5x faster (tests/test_text_sort.py)


def strip_prefix(text: str) -> str:
    """Drop a leading administrative prefix such as ``Xã `` or ``Huyện ``."""
    low = text.casefold()
    prefixes = _PREFIXES + _PLAIN_PREFIXES if low.isascii() else _PREFIXES
    if not low.startswith(prefixes):  # most names: one call, not one a prefix (a table import calls it twice a row)
        return text
    for prefix in prefixes:
        if low.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :].strip()
    return text


def match_key(text: str | None) -> str:
    """Key for exact matching: NFC, trimmed, case-folded, prefix ignored, accents kept."""
    return strip_prefix(clean(text)).casefold()


def fold(text: str | None) -> str:
    """Accent-insensitive key for search: ``Đăk Hà`` → ``dak ha``."""
    decomposed = unicodedata.normalize("NFD", clean(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("’", "'")


def slug(text: str | None, limit: int = 40) -> str:
    """ASCII letters, digits and dashes only, for file names safe on FAT32, NTFS and every
    Unix: "Phòng NN Đăk Hà – laptop 2" → ``phong-nn-dak-ha-laptop-2`` ("" when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-")


def search_key(text: str | None) -> str:
    """Accent-insensitive key with the administrative prefix removed."""
    return fold(strip_prefix(clean(text)))


def matches_filter(name: str, query: str) -> bool:
    """True when every word of ``query`` occurs (accent-insensitively) in ``name``."""
    hay = fold(name)
    return all(word in hay for word in fold(query).split())


def _letter_key(ch: str) -> tuple[int, int]:
    """(alphabet rank, tone) for one NFC character."""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter = base
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u0306":
            letter = "ă"
        elif mark == "\u0302":
            letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u031b":
            letter = {"o": "ơ", "u": "ư"}.get(base, base)
    if letter in _RANK:
        return (_RANK[letter] + 1000, tone)
    return (ord(letter), tone)


class _PerCharacter(dict[int, str]):
    """One half of :func:`_letter_key` per character, as a character (its number's code point),
    worked out on a character's first sight and read by ``str.translate``: no Python frame per
    character once seen (issue 22: a national summary sorting 1,716 names called ``_letter_key``
    16,000 times, 42 ms, for about 100 distinct characters; tuples built through
    ``map(table.__getitem__, value)`` then took 8 ms, ``translate`` about a third of that). At
    most ``LIMIT`` characters are kept: a hostile file's names cannot make it grow without bound. A
    character's key fills both halves' tables at once (one ``_letter_key`` a character, not two: 0.2 ms
    of a national summary's first sort)."""

    LIMIT = 4096

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, code: int) -> str:
        key = _letter_key(chr(code))
        for table in _HALVES:
            if len(table) < table.LIMIT:
                table[code] = chr(key[table.part])
        return chr(key[self.part])


_LETTERS, _TONE_OF = _HALVES = (_PerCharacter(0), _PerCharacter(1))


def sort_key(text: str | None) -> tuple[str, str, str]:
    """Sort key following the Vietnamese alphabet (a ă â b c d đ e ê …), then tones: each
    character's alphabet rank, then each one's tone, as strings of those numbers' code points
    (strings compare as the tuples of numbers would), then the cleaned text."""
    value = clean(text)
    return (value.translate(_LETTERS), value.translate(_TONE_OF), value)


def places(names: Iterable[str | None]) -> dict[str | None, int]:
    """Each name's place in the order of :func:`sort_key` (0 first; names of one key share a place;
    None sorts as ""): sorting by places is sorting by keys, with each name's key worked out and
    compared once.

    Issue 22 (a national summary sorts 1,716 full communes by 918 names): names as they are kept,
    clean already (:func:`clean` at the door), have their letters translated all at once, joined by
    NUL, and are sorted by those strings; only names of the same letters (40 of the 918) are then
    put in the order of their tones and text: 0.9 instead of 1.6 ms. A name :func:`clean` would
    change, or holding a NUL, sends the whole lot the slower way, a key a name."""
    distinct = set(names)
    none, empty = None in distinct, "" in distinct
    if none:  # placed as ""
        distinct.discard(None)
        distinct.add("")
    values = [name or "" for name in distinct]  # no None left: typed as text
    joined = "\0".join(values)
    letters = joined.translate(_LETTERS).split("\0")
    if (len(letters) != len(values) or joined.count("\0") != len(values) - 1 or clean(joined) != joined
            or "\0 " in joined or " \0" in joined):
        return _places_one_by_one(values, none, empty)
    # NFC is decided within the stretches between NULs (a NUL composes with nothing), and clean()
    # keeping the whole text means no name holds a space run, another space or a space at an end
    ranked = sorted(range(len(letters)), key=letters.__getitem__)
    in_order = list(map(letters.__getitem__, ranked))
    tied = list(compress(range(1, len(in_order)), map(eq, islice(in_order, 1, None), in_order)))
    spans: list[list[int]] = []  # the first and last place of each run of names of the same letters
    for at in tied:
        if spans and spans[-1][1] == at - 1:
            spans[-1][1] = at
        else:
            spans.append([at - 1, at])
    for first, last in spans:  # by the rest of the key: tones, then text
        ranked[first:last + 1] = sorted(ranked[first:last + 1], key=lambda i: sort_key(values[i])[1:])
    place: dict[str | None, int] = dict(zip(map(values.__getitem__, ranked), range(len(ranked)), strict=True))
    return _with_none(place, none, empty)


def _places_one_by_one(values: list[str], none: bool, empty: bool) -> dict[str | None, int]:
    """:func:`places` through :func:`sort_key`, a name at a time."""
    keyed = {name: sort_key(name) for name in values}
    place = {key: index for index, key in enumerate(sorted(set(keyed.values())))}
    return _with_none({name: place[key] for name, key in keyed.items()}, none, empty)


def _with_none(place: dict[str | None, int], none: bool, empty: bool) -> dict[str | None, int]:
    """``place`` with None (where it was among the names) at the place of "", and "" only where it was."""
    if none:
        place[None] = place[""] if empty else place.pop("")
    return place


def similarity(a: str, b: str) -> float:
    """Similarity ratio of two names, accent-insensitive (0..1)."""
    # here, not at the top: difflib with heapq, 1.4 ms of imports (python -X importtime, December
    # 2026) that every command pays through the store (store/who.py) and few use
    from difflib import SequenceMatcher

    return SequenceMatcher(None, search_key(a), search_key(b)).ratio()


def closest(name: str, candidates: list[str], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """The candidates most like ``name``, best first (accent-insensitive)."""
    scored = sorted(
        ((similarity(name, c), c) for c in candidates), key=lambda item: -item[0]
    )
    seen: list[str] = []
    for score, cand in scored:
        if score >= cutoff and cand not in seen:
            seen.append(cand)
        if len(seen) >= limit:
            break
    return seen
