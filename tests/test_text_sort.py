"""Issue 22: ``text.sort_key`` reads each character's (rank, tone) from a table filled on first
sight, as strings of those numbers; its keys are exactly those worked out character by character
with ``_letter_key`` (the previous implementation, kept below), and sort the same, on every
Vietnamese letter and tone, both cases, NFC and NFD, and on every name of the reference unit
lists."""

from __future__ import annotations

import json
import random
import unicodedata

from ntm_desktop import paths, text

TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
LETTERS = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()


def _previous(value: str | None) -> tuple:
    """``sort_key`` before the table: ``_letter_key`` called twice per character."""
    clean = text.clean(value)
    return (tuple(text._letter_key(ch)[0] for ch in clean), tuple(text._letter_key(ch)[1] for ch in clean), clean)


def _numbers(key: tuple) -> tuple:
    """A key of :func:`text.sort_key` as the previous tuples of numbers (its strings' code points)."""
    return (tuple(map(ord, key[0])), tuple(map(ord, key[1])), key[2])


def _strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_every_letter_and_tone_in_both_cases_and_forms():
    samples = []
    for letter in LETTERS:
        for tone in TONES:
            nfc = unicodedata.normalize("NFC", letter + tone)
            samples += [nfc, nfc.upper(), unicodedata.normalize("NFD", nfc), unicodedata.normalize("NFD", nfc.upper())]
    samples += ["", None, "  Đăk  Hà ", "x\u00a0y", "Ia H’Drai", "Ngọc Hồi 2", "Σ", "日本", "a\u0306\u0301", "ﬁ", "ß"]
    for value in samples:
        assert _numbers(text.sort_key(value)) == _previous(value), value
    rng = random.Random(7)
    shuffled = [s for s in samples if s]
    rng.shuffle(shuffled)
    assert sorted(shuffled, key=text.sort_key) == sorted(shuffled, key=_previous)


def test_every_name_of_the_reference_unit_lists():
    names = set()
    for path in sorted(paths.reference_dir().glob("*.json")):
        names.update(_strings(json.loads(path.read_text(encoding="utf-8"))))
    assert len(names) > 10_000  # both eras of the whole country
    for name in names:
        assert _numbers(text.sort_key(name)) == _previous(name), name
    assert sorted(names, key=text.sort_key) == sorted(names, key=_previous)


def test_the_table_keeps_at_most_its_limit_and_still_answers_beyond_it():
    many = "".join(chr(cp) for cp in range(0x4E00, 0x4E00 + text._PerCharacter.LIMIT + 500))
    assert _numbers(text.sort_key(many)) == _previous(many)
    assert len(text._LETTERS) <= text._PerCharacter.LIMIT and len(text._TONE_OF) <= text._PerCharacter.LIMIT


def test_clean_collapses_whitespace_as_the_regular_expression_did():
    """``clean`` joins ``str.split()``'s words (issue 22): the same as collapsing ``\\s+`` runs to
    one space and stripping, for every code point that either counts as whitespace."""
    import re
    import sys

    spaces = re.compile(r"\s+")
    odd = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() or spaces.fullmatch(chr(c))]
    assert "\u00a0" in odd and "\u3000" in odd and "\x1c" in odd
    rng = random.Random(22)
    for ch in odd:
        for raw in (f"a{ch}b", f"{ch}Xã{ch}{ch}Đăk {ch}", ch, f"{ch}{ch}"):
            expected = unicodedata.normalize("NFC", spaces.sub(" ", raw.replace("\u00a0", " ")).strip())
            assert text.clean(raw) == expected, repr(raw)
    for _ in range(500):
        raw = "".join(rng.choice(odd + list("aă Đx\t")) for _ in range(rng.randint(0, 12)))
        assert text.clean(raw) == spaces.sub(" ", unicodedata.normalize("NFC", raw).replace("\u00a0", " ")).strip()


def _same_order(place: dict, names: list) -> None:
    """``place`` orders ``names`` as :func:`text.sort_key` does: a lower place for a lower key, one
    place for one key."""
    assert set(place) == set(names)
    by_key = sorted(set(names), key=text.sort_key)
    for a, b in zip(by_key, by_key[1:], strict=False):
        assert (place[a] < place[b]) if text.sort_key(a) < text.sort_key(b) else (place[a] == place[b]), (a, b)


def test_places_of_the_reference_names_are_in_the_order_of_their_keys():
    """Issue 22: ``places`` sorts clean names by their letters all at once, and names of the same
    letters by their tones and text; every name of both eras, with ``None`` and ``""``."""
    names = [None, ""]
    for path in sorted(paths.reference_dir().glob("*.json")):
        names += [s for s in _strings(json.loads(path.read_text(encoding="utf-8"))) if text.clean(s) == s]
    assert len(names) > 10_000
    _same_order(text.places(names), names)


def test_places_of_names_of_one_letters_and_of_names_it_must_take_one_by_one():
    rng = random.Random(22)
    syllables = ["Hoa", "Hòa", "Hoà", "Hóa", "Họa", "hoa", "HOA", "An", "Ân", "Ăn", "Đa", "Da", "Bình", "Binh", "Bính"]
    clean = [" ".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(400)]
    assert len({n.casefold() for n in clean}) < len(set(clean))  # names of one letters, in several tones and cases
    _same_order(text.places(clean), clean)
    for odd in ("  Hòa  Bình ", "Ho\u0300a", "x\u00a0y", "Ia H\u2019Drai", "a\0b", " ", "\0", "Hòa\tBình"):
        names = [*clean, odd, None]  # one name clean() would change, or a NUL: the slower way, the same order
        place = text.places(names)
        _same_order(place, names)
        assert "" not in place and place[None] == min(place.values())
