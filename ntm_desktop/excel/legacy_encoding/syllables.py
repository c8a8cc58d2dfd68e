"""Could a string be Vietnamese as it is written? Words, syllables and tone placement.

Detection rests on this: a cell is only called legacy text when it does not read as
Vietnamese as it stands and its decoded form does (``docs/legacy-encodings.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from ntm_desktop.excel.legacy_encoding.alphabet import (
    DIACRITIC_VOWELS,
    LATIN1_VIETNAMESE,
    LETTER_INFO,
    VOWELS,
)
from ntm_desktop.excel.legacy_encoding.tables import LEGACY_CHARS

# -- plausibility of Vietnamese words ------------------------------------------------------

# Vowel groups (without tone) a Vietnamese syllable can have, plus "oo" (xoong, Kroong)
# which minority place names use a lot. Groups ending in a glide (ai, ao, uôi, ...)
# close the syllable: no final consonant may follow them.
_NUCLEI_WITH_FINAL: Final = frozenset(
    "a ă â e ê i o ô ơ u ư y iê yê uô ươ oa oă oe uâ uê uy uyê oo".split()
)
_NUCLEI_OPEN: Final = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu "
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu".split()
)
_NUCLEI: Final = _NUCLEI_WITH_FINAL | _NUCLEI_OPEN
# Final consonants: the standard ones, plus k l r s h found in minority place names
# (Đăk, Ia Dal, Ya Xiêr, ...).
_FINALS: Final = frozenset(["", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t", "l", "r", "s", "h"])
# Two plain vowels where the tone may sit on either (hóa/hoá, thúy/thuý).
_FREE_TONE_PAIRS: Final = frozenset(["oa", "oe", "uy"])
_TONE_ON_MIDDLE: Final = frozenset(["oai", "oay", "oao", "oeo", "uya", "uyu"])
# "oo" takes a tone only in loans such as moóc, soóc, goòng: on the second o, before
# c or ng, never hỏi or ngã.
_OO_TONES: Final = frozenset([1, 4, 5])
_OO_FINALS: Final = frozenset(["c", "ng"])


def is_plausible_word(word: str) -> bool:
    """Could ``word`` (letters only) be one Vietnamese syllable or an abbreviation?

    Checks: only Vietnamese letters, an onset of at most three consonants (ngh, and
    minority clusters such as Kr, Pl, Hr), one vowel group from the lists above, a final
    consonant the group allows, at most one tone mark and that mark on a vowel that can
    carry it. Consonant-only words pass when written in capitals (HĐND, ĐVT).
    """
    infos = [LETTER_INFO.get(char.lower()) for char in word]
    if any(info is None for info in infos):
        return False
    bases = "".join(info[0] for info in infos if info)
    tones = [info[1] for info in infos if info]
    toned = [i for i, tone in enumerate(tones) if tone]
    if len(toned) > 1:
        return False
    vowel_at = [i for i, base in enumerate(bases) if base in VOWELS]
    if not vowel_at:
        return word.isupper()  # an abbreviation such as HĐND
    first, last = vowel_at[0], vowel_at[-1]
    if last - first + 1 != len(vowel_at):
        return False  # two vowel groups: not one syllable
    initial, final = bases[:first], bases[last + 1 :]
    if len(initial) > 3 or "đ" in initial[1:] or final not in _FINALS:
        return False
    start = first
    # "qu" and "gi" spell consonants: the u / i belongs to the onset.
    if last > first and (
        (initial.endswith("q") and bases[first] == "u") or (initial == "g" and bases[first] == "i")
    ):
        start = first + 1
    nucleus = bases[start : last + 1]
    if nucleus not in (_NUCLEI_WITH_FINAL if final else _NUCLEI):
        return False
    if not toned or toned[0] < start:
        return True  # no tone, or a sloppy "qúa" / "gìa": still Vietnamese
    position = toned[0] - start
    if len(nucleus) == 1:
        return True
    marked = [i for i, base in enumerate(nucleus) if base in DIACRITIC_VOWELS]
    if marked:
        return position in marked
    if nucleus == "oo":
        return position == 1 and tones[toned[0]] in _OO_TONES and final in _OO_FINALS
    if len(nucleus) == 2:
        return nucleus in _FREE_TONE_PAIRS or position == (1 if final else 0)
    return nucleus in _TONE_ON_MIDDLE and position == 1


def words(text: str, keep: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """(start, end) of every maximal run of characters for which ``keep`` is true, also
    split where an ASCII capital starts a new word inside a run ("IaTơi" -> "Ia",
    "Tơi"; "PHòNG" stays whole)."""
    start = -1
    for i, char in enumerate(text):
        if not keep(char):
            if start >= 0:
                yield start, i
                start = -1
            continue
        if start < 0:
            start = i
        elif (
            char.isascii()
            and char.isupper()
            and text[i - 1].islower()
            and i + 1 < len(text)
            and text[i + 1].islower()
        ):
            yield start, i
            start = i
    if start >= 0:
        yield start, len(text)


def has_odd_case(word: str) -> bool:
    """A capital right after a small letter, one of the two accented ("tÊt", "XèP")."""
    return any(
        char.isupper() and previous.islower() and not (previous + char).isascii()
        for previous, char in zip(word, word[1:], strict=False)
    )


def reads_as_unicode_vietnamese(text: str) -> bool:
    """Is this Latin-1-only string plausible as it stands?

    Words are runs of letters and legacy-table characters. A word fails if it holds a
    character that is not a Vietnamese letter (``Hµ``, ``§¨k``, ``Haø``), a capital
    after a small letter where one of the two is accented (``tÊt``, ``XèP``), or is not
    a Vietnamese syllable (``caâu``). Single characters are not judged.
    """
    for start, end in words(text, lambda c: c.isalpha() or c in LEGACY_CHARS):
        word = text[start:end]
        if len(word) < 2 or word.isascii():
            continue
        if any(not c.isascii() and c not in LATIN1_VIETNAMESE for c in word):
            return False
        if has_odd_case(word) or not is_plausible_word(word):
            return False
    return True


def looks_like_capital_font(decoded: str) -> bool:
    """TCVN3 typed in an all-capital "H" font: no small ASCII letter anywhere, some
    word with a capital ASCII letter after its first letter, and small letters that
    can only come from lowercase TCVN3 codes (``PHßNG`` -> ``PHòNG``, meant ``PHÒNG``).
    """
    if any(c.isascii() and c.islower() for c in decoded):
        return False
    if not any(c.islower() for c in decoded):
        return False
    for start, end in words(decoded, str.isalpha):
        if any(c.isascii() and c.isupper() for c in decoded[start + 1 : end]):
            return True
    return False
