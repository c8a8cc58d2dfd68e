"""Legacy Vietnamese 8-bit text (TCVN3 / VNI) in Excel cells: detection and conversion.

Old district workbooks were typed with 8-bit Vietnamese fonts. When such a file is read
as Unicode (openpyxl), every legacy byte shows up as the Windows-1252 character for that
byte, so ``Đăk Hà`` reads ``§¨k Hµ`` (TCVN3) or ``Ñaêk Haø`` (VNI). This module

* recognises such garbled cell strings (:func:`detect`, :func:`detect_column`),
* turns them back into proper NFC Unicode (:func:`to_unicode`, :func:`convert_cells`),
* and, for tests and fixtures, writes Unicode out in the legacy form (:func:`encode_legacy`).

How detection works, and where it stops working, is described in
``docs/legacy-encodings.md``. Standard library only; no Qt.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, Literal, cast

Encoding = Literal["unicode", "tcvn3", "vni", "unknown"]

UNICODE: Final = "unicode"
TCVN3: Final = "tcvn3"
VNI: Final = "vni"
UNKNOWN: Final = "unknown"
LEGACY_ENCODINGS: Final = (TCVN3, VNI)

# -- the Vietnamese alphabet --------------------------------------------------------

# Tone marks as combining characters, in the column order used by the tables below:
# no tone, huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_MARKS: Final = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
# The twelve vowels without tone (a vowel's quality mark is part of the letter).
_VOWELS: Final = "aăâeêioôơuưy"
_CONSONANTS: Final = "bcdđfghjklmnpqrstvwxz"
_DIACRITIC_VOWELS: Final = "ăâêôơư"


def _with_tone(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


def vietnamese_letters() -> list[str]:
    """All letters of the Vietnamese alphabet that carry a vowel or a đ: 72 vowel forms
    (12 vowels x 6 tones) in lower and upper case, plus đ and Đ (146 letters; 134 of
    them are outside ASCII)."""
    lower = [_with_tone(vowel, tone) for vowel in _VOWELS for tone in range(6)] + ["đ"]
    return lower + [letter.upper() for letter in lower]


# Lowercase letter -> (letter without tone, tone index 0-5), for every Vietnamese letter
# and every ASCII letter (consonants have tone 0).
_LETTER_INFO: Final[dict[str, tuple[str, int]]] = {
    **{c: (c, 0) for c in "abcdefghijklmnopqrstuvwxyz"},
    "đ": ("đ", 0),
    **{_with_tone(v, t): (v, t) for v in _VOWELS for t in range(6)},
}

# -- Windows-1252 view of a byte --------------------------------------------------------


def _byte_char(byte: int) -> str:
    """The character a legacy byte becomes when the cell is read as Windows-1252 text
    (bytes cp1252 leaves undefined come through as U+0081, U+008D, ...)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# Everything a legacy cell string can contain. A string with any other character
# (ă, đ, ơ, ư, ố, combining marks, ...) cannot be legacy text and is Unicode for sure.
_CP1252_REPERTOIRE: Final = frozenset(_byte_char(b) for b in range(256))
# Bytes 0x80-0x9F: typographic punctuation (… – — ‘ ’ “ ” • € ™ ...) and a few
# letters (Š Œ Ž ƒ ...). Neither legacy encoding assigns Vietnamese letters here.
_CP1252_HIGH_CONTROLS: Final = frozenset(_byte_char(b) for b in range(0x80, 0xA0))
# Latin-1 symbols (0xA0-0xBF) plus × and ÷.
_LATIN1_SYMBOLS: Final = frozenset(chr(b) for b in range(0xA0, 0xC0)) | {"×", "÷"}
# Vietnamese letters that exist in Latin-1 itself (à á â ã è é ê ì í ò ó ô õ ù ú ý and
# their capitals): proper Unicode Vietnamese can consist only of these and ASCII.
_LATIN1_VIETNAMESE: Final = frozenset(
    letter for letter in vietnamese_letters() if 127 < ord(letter) < 256
)


def _parse_hex(code: str) -> int | None:
    return None if code == "--" else int(code, 16)


# -- TCVN3 ----------------------------------------------------------------------------

# TCVN3 = TCVN 5712:1993 VN3 ("ABC" encoding; fonts .VnTime, .VnArial, ...).
# Sources, checked byte for byte: GNU libiconv lib/tcvn.h (TCVN 5712; its lowercase
# letters and the seven capitals sit on these bytes), lamdao/xvnkb tcvn.h, and the TCVN3
# column of the "Bảng đối chiếu encoding các bộ chữ hiện hành với Unicode" chart. The
# repertoire (67 lowercase letters, 7 capitals, no-break space) is the one the Wikipedia
# article "VSCII" gives for VN3. Rows: vowel; columns: no tone, huyền, hỏi, ngã, sắc,
# nặng. "--" = the ASCII letter itself.
_TCVN3_VOWEL_GRID: Final = """
a  --  B5 B6 B7 B8 B9
ă  A8  BB BC BD BE C6
â  A9  C7 C8 C9 CA CB
e  --  CC CE CF D0 D1
ê  AA  D2 D3 D4 D5 D6
i  --  D7 D8 DC DD DE
o  --  DF E1 E2 E3 E4
ô  AB  E5 E6 E7 E8 E9
ơ  AC  EA EB EC ED EE
u  --  EF F1 F2 F3 F4
ư  AD  F5 F6 F7 F8 F9
y  --  FA FB FC FD FE
"""
# The other letters of VN3 (same sources). VN3 has capitals only for the seven letters
# without tone; capitals with a tone mark are typed in the all-capital "H" fonts
# (.VnTimeH, .VnArialH, ...), which draw the lowercase bytes above as capitals.
# Byte 0xA0 is the no-break space, identical in Windows-1252, so it needs no entry.
_TCVN3_OTHER_LETTERS: Final = "đ AE  Ă A1  Â A2  Ê A3  Ô A4  Ơ A5  Ư A6  Đ A7"


def _build_tcvn3() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _TCVN3_VOWEL_GRID.strip().splitlines():
        vowel, *codes = row.split()
        for tone, code in enumerate(codes):
            byte = _parse_hex(code)
            if byte is not None:
                table[_byte_char(byte)] = _with_tone(vowel, tone)
    pairs = _TCVN3_OTHER_LETTERS.split()
    for letter, code in zip(pairs[::2], pairs[1::2], strict=True):
        table[_byte_char(int(code, 16))] = letter
    return table


# cp1252 character of a TCVN3 byte -> Unicode letter (67 lowercase + 7 capitals).
_TCVN3_DECODE: Final = _build_tcvn3()
_TCVN3_ENCODE: Final = {letter: char for char, letter in _TCVN3_DECODE.items()}
# Unassigned VN3 bytes that are symbols (¯ ° ± ² ³ ´ º ¿), cp1252 punctuation and the
# no-break space pass through unchanged. The unassigned letters (À-Å Í Ù Ú Û à ð ÿ)
# do not: they never occur in TCVN3 text, so finding one rules TCVN3 out.
_TCVN3_NEUTRAL: Final = (_CP1252_HIGH_CONTROLS | _LATIN1_SYMBOLS) - set(_TCVN3_DECODE)

# -- VNI ------------------------------------------------------------------------------

# VNI Windows (fonts VNI-Times, VNI-Helve, ...). A vowel is its ASCII base letter
# followed by one modifier byte. Sources, checked against each other: the VNI column of
# the "Bảng đối chiếu encoding các bộ chữ hiện hành với Unicode" chart, lamdao/xvnkb
# vni.h and duydev/vietnamese-conversion src/charsets.ts (all 134 letters agree).
# Modifier bytes for lowercase letters; a capital takes the byte 0x20 lower
# (ù F9 -> Ù D9). Columns: no tone, huyền, hỏi, ngã, sắc, nặng.
_VNI_MODIFIER_GRID: Final = """
tone        --  F8 FB F5 F9 EF
circumflex  E2  E0 E5 E3 E1 E4
breve       EA  E8 FA FC E9 EB
"""
# Letters written as one byte (lowercase; capital = byte - 0x20): ơ and ư are bases of
# their own that still take a tone modifier, i and ỵ have all their forms precomposed.
_VNI_SINGLE_BYTES: Final = "ơ F4  ư F6  đ F1  ì EC  ỉ E6  ĩ F3  í ED  ị F2  ỵ EE"
_VNI_CASE_OFFSET: Final = 0x20


def _build_vni_encode() -> dict[str, str]:
    modifiers: dict[str, list[int | None]] = {}
    for row in _VNI_MODIFIER_GRID.strip().splitlines():
        name, *codes = row.split()
        modifiers[name] = [_parse_hex(code) for code in codes]
    pairs = _VNI_SINGLE_BYTES.split()
    single = {letter: int(code, 16) for letter, code in zip(pairs[::2], pairs[1::2], strict=True)}

    lower: dict[str, tuple[str, int | None]] = {}
    for vowel in _VOWELS:
        for tone in range(6):
            letter = _with_tone(vowel, tone)
            if letter in single:
                lower[letter] = ("", single[letter])
            elif vowel == "i":
                lower[letter] = ("i", None)
            elif vowel in "ơư":
                lower[letter] = (chr(single[vowel]), modifiers["tone"][tone])
            elif vowel in "âêô":
                base = unicodedata.normalize("NFD", vowel)[0]
                lower[letter] = (base, modifiers["circumflex"][tone])
            elif vowel == "ă":
                lower[letter] = ("a", modifiers["breve"][tone])
            else:
                lower[letter] = (vowel, modifiers["tone"][tone])
    lower["đ"] = ("", single["đ"])

    table: dict[str, str] = {}
    for letter, (base, byte) in lower.items():
        tail = "" if byte is None else _byte_char(byte)
        table[letter] = base + tail
        upper_base = base.upper() if base.isascii() else chr(ord(base) - _VNI_CASE_OFFSET)
        upper_tail = "" if byte is None else _byte_char(byte - _VNI_CASE_OFFSET)
        table[letter.upper()] = upper_base + upper_tail
    return table


# Unicode letter -> VNI spelling (as cp1252 characters), for the 146 letters.
_VNI_ENCODE: Final = _build_vni_encode()
_VNI_DECODE_SINGLE: Final = {
    spelled: letter
    for letter, spelled in _VNI_ENCODE.items()
    if len(spelled) == 1 and not spelled.isascii()
}
_VNI_DECODE_PAIRS: Final[dict[str, str]] = {}
for _letter, _spelled in _VNI_ENCODE.items():
    if len(_spelled) == 2:
        _base, _mark = _spelled
        _VNI_DECODE_PAIRS[_spelled] = _letter
        # Tolerate a modifier in the other case than its base ("Aù", "aÙ"): the base
        # letter decides the case of the result.
        _VNI_DECODE_PAIRS.setdefault(_base + _mark.swapcase(), _letter)
del _letter, _spelled, _base, _mark
_VNI_MODIFIERS: Final = frozenset(pair[1] for pair in _VNI_DECODE_PAIRS)
_VNI_TABLE_CHARS: Final = _VNI_MODIFIERS | set(_VNI_DECODE_SINGLE)
# VNI assigns nothing in 0x80-0xBF, so all of that is punctuation or symbols.
_VNI_NEUTRAL: Final = (_CP1252_HIGH_CONTROLS | _LATIN1_SYMBOLS) - _VNI_TABLE_CHARS

# Every character either table gives a meaning to.
_LEGACY_CHARS: Final = frozenset(_TCVN3_DECODE) | _VNI_TABLE_CHARS

# -- decoding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Decoded:
    text: str
    from_table: tuple[bool, ...]  # per output character: produced by the legacy table
    leftover: int  # input characters the encoding cannot explain


def _decode_tcvn3(text: str) -> _Decoded:
    out: list[str] = []
    flags: list[bool] = []
    leftover = 0
    for char in text:
        letter = _TCVN3_DECODE.get(char)
        if letter is not None:
            out.append(letter)
            flags.append(True)
            continue
        if not (char.isascii() or char in _TCVN3_NEUTRAL):
            leftover += 1
        out.append(char)
        flags.append(False)
    return _Decoded("".join(out), tuple(flags), leftover)


def _decode_vni(text: str) -> _Decoded:
    out: list[str] = []
    flags: list[bool] = []
    leftover = 0
    i = 0
    while i < len(text):
        letter = _VNI_DECODE_PAIRS.get(text[i : i + 2])
        if letter is not None:
            out.append(letter)
            flags.append(True)
            i += 2
            continue
        char = text[i]
        letter = _VNI_DECODE_SINGLE.get(char)
        if letter is not None:
            out.append(letter)
            flags.append(True)
        else:
            if not (char.isascii() or char in _VNI_NEUTRAL):
                leftover += 1  # includes a modifier with no vowel in front of it
            out.append(char)
            flags.append(False)
        i += 1
    return _Decoded("".join(out), tuple(flags), leftover)


_DECODERS: Final[dict[str, Callable[[str], _Decoded]]] = {TCVN3: _decode_tcvn3, VNI: _decode_vni}


def _check_encoding(encoding: str) -> str:
    name = encoding.strip().lower()
    if name not in _DECODERS and name != UNICODE:
        raise ValueError(f"unknown encoding {encoding!r}; expected 'tcvn3', 'vni' or 'unicode'")
    return name


def decode_legacy(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Map a legacy cell string to Unicode with the given table, unconditionally.

    Characters the table does not know pass through. ``uppercase=True`` is for TCVN3
    text typed in an all-capital "H" font (.VnTimeH ...): those fonts draw the lowercase
    codes as capitals, so the result is upper-cased. Returns NFC.
    """
    name = _check_encoding(encoding)
    result = unicodedata.normalize("NFC", text)
    if name != UNICODE:
        result = _DECODERS[name](result).text
    return result.upper() if uppercase else result


def encode_legacy(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Write Unicode text the way a legacy cell reads when opened as Unicode.

    The inverse of :func:`decode_legacy`, used by the tests and for making fixtures.
    TCVN3 has no capitals with tone marks: they raise ``ValueError`` unless
    ``uppercase=True``, which writes them with the lowercase codes, as typed in an
    all-capital "H" font (decode such text with ``uppercase=True``).
    """
    name = _check_encoding(encoding)
    if name == UNICODE:
        return unicodedata.normalize("NFC", text)
    table = _TCVN3_ENCODE if name == TCVN3 else _VNI_ENCODE
    neutral = _TCVN3_NEUTRAL if name == TCVN3 else _VNI_NEUTRAL
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii() or char in neutral:  # ASCII, no-break space, – … “ ” ...
            out.append(char)
            continue
        code = table.get(char)
        if code is None and uppercase and name == TCVN3:
            code = table.get(char.lower())
        if code is None:
            raise ValueError(f"{char!r} cannot be written in {name}")
        out.append(code)
    return "".join(out)


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


def _is_plausible_word(word: str) -> bool:
    """Could ``word`` (letters only) be one Vietnamese syllable or an abbreviation?

    Checks: only Vietnamese letters, an onset of at most three consonants (ngh, and
    minority clusters such as Kr, Pl, Hr), one vowel group from the lists above, a final
    consonant the group allows, at most one tone mark and that mark on a vowel that can
    carry it. Consonant-only words pass when written in capitals (HĐND, ĐVT).
    """
    infos = [_LETTER_INFO.get(char.lower()) for char in word]
    if any(info is None for info in infos):
        return False
    bases = "".join(info[0] for info in infos if info)
    tones = [info[1] for info in infos if info]
    toned = [i for i, tone in enumerate(tones) if tone]
    if len(toned) > 1:
        return False
    vowel_at = [i for i, base in enumerate(bases) if base in _VOWELS]
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
    marked = [i for i, base in enumerate(nucleus) if base in _DIACRITIC_VOWELS]
    if marked:
        return position in marked
    if nucleus == "oo":
        return position == 1 and tones[toned[0]] in _OO_TONES and final in _OO_FINALS
    if len(nucleus) == 2:
        return nucleus in _FREE_TONE_PAIRS or position == (1 if final else 0)
    return nucleus in _TONE_ON_MIDDLE and position == 1


def _words(text: str, keep: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
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


def _has_odd_case(word: str) -> bool:
    """A capital right after a small letter, one of the two accented ("tÊt", "XèP")."""
    return any(
        char.isupper() and previous.islower() and not (previous + char).isascii()
        for previous, char in zip(word, word[1:], strict=False)
    )


def _reads_as_unicode_vietnamese(text: str) -> bool:
    """Is this Latin-1-only string plausible as it stands?

    Words are runs of letters and legacy-table characters. A word fails if it holds a
    character that is not a Vietnamese letter (``Hµ``, ``§¨k``, ``Haø``), a capital
    after a small letter where one of the two is accented (``tÊt``, ``XèP``), or is not
    a Vietnamese syllable (``caâu``). Single characters are not judged.
    """
    for start, end in _words(text, lambda c: c.isalpha() or c in _LEGACY_CHARS):
        word = text[start:end]
        if len(word) < 2 or word.isascii():
            continue
        if any(not c.isascii() and c not in _LATIN1_VIETNAMESE for c in word):
            return False
        if _has_odd_case(word) or not _is_plausible_word(word):
            return False
    return True


def _looks_like_capital_font(decoded: str) -> bool:
    """TCVN3 typed in an all-capital "H" font: no small ASCII letter anywhere, some
    word with a capital ASCII letter after its first letter, and small letters that
    can only come from lowercase TCVN3 codes (``PHßNG`` -> ``PHòNG``, meant ``PHÒNG``).
    """
    if any(c.isascii() and c.islower() for c in decoded):
        return False
    if not any(c.islower() for c in decoded):
        return False
    for start, end in _words(decoded, str.isalpha):
        if any(c.isascii() and c.isupper() for c in decoded[start + 1 : end]):
            return True
    return False


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
    decoded = _DECODERS[encoding](text)
    if decoded.leftover:
        return None
    out = decoded.text
    for i, (char, mapped) in enumerate(zip(out, decoded.from_table, strict=True)):
        # A symbol the other table reads as a letter, glued to letters ("§iÖn" read as
        # VNI): this table cannot be the right one.
        if not mapped and char in _LEGACY_CHARS and not char.isascii():
            if any(c.isalpha() for c in out[max(i - 1, 0) : i] + out[i + 1 : i + 2]):
                return None
    # Text typed in a TCVN3 capital font is judged as the capitals it shows.
    shown = out.upper() if encoding == TCVN3 and _looks_like_capital_font(out) else out
    evidence = 0
    for start, end in _words(shown, str.isalpha):
        word = shown[start:end]
        if word.isascii():
            continue
        if _has_odd_case(word) or not _is_plausible_word(word):
            return None
        if end - start >= 2:
            evidence += sum(decoded.from_table[start:end])
    if not evidence:
        return None
    likelihood = sum(
        _TONE_LOG_WEIGHTS[_LETTER_INFO[char.lower()][1]]
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


def _judge(text: str) -> _Verdict:
    text = unicodedata.normalize("NFC", text)
    if text.isascii() or any(char not in _CP1252_REPERTOIRE for char in text):
        return _Verdict(UNICODE)
    readings = [r for r in (_read_as(text, name) for name in LEGACY_ENCODINGS) if r]
    if _reads_as_unicode_vietnamese(text):
        return _Verdict(UNICODE, ambiguous=bool(readings))
    if readings:
        best = max(readings, key=lambda r: r.likelihood)
        return _Verdict(best.encoding, ambiguous=len(readings) > 1)
    # Neither reading works. Vietnamese letters, and symbols standing apart or used as
    # units (café, 3 × 4, 10 µg/m³): ordinary Unicode. Foreign letters (ü, ç) or
    # legacy symbols inside words: unknown.
    for i, char in enumerate(text):
        if char.isascii() or char in _LATIN1_VIETNAMESE or char in _UNIT_SYMBOLS:
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
    return _judge(text).encoding


def detect_column(cells: Iterable[str | None]) -> Encoding:
    """Decide the encoding of a whole column by majority of its non-ASCII cells.

    Each non-ASCII cell votes with :func:`detect`. Cells that cannot tell on their own
    (they read fine both as Unicode and as legacy text, or with both tables) only vote
    when no other cell does. Ties and columns without votes are ``"unicode"``.
    """
    votes: Counter[str] = Counter()
    weak_votes: Counter[str] = Counter()
    for cell in cells:
        if not cell or cell.isascii():
            continue
        verdict = _judge(cell)
        (weak_votes if verdict.ambiguous else votes)[verdict.encoding] += 1
    ranked = (votes or weak_votes).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return UNICODE
    return cast(Encoding, ranked[0][0])


def to_unicode(text: str, encoding: str | None = None, *, uppercase: bool | None = None) -> str:
    """Convert one cell string to NFC Unicode.

    ``encoding=None`` detects it (:func:`detect`); text that is already Unicode, or of
    unknown origin, comes back unchanged (only NFC-normalised). With ``"tcvn3"`` or
    ``"vni"`` the table is applied, except to strings that cannot be legacy text at all
    (they hold characters outside Windows-1252, such as ``ă`` or ``ố``).

    ``uppercase`` matters for TCVN3 only: True for text typed in an all-capital "H"
    font, False never to upper-case, None (default) to upper-case when the text looks
    like it: no small ASCII letter and a capital ASCII letter inside a word, as in
    ``PHßNG`` -> ``PHÒNG`` (``Hµ`` stays ``Hà``).
    """
    text = unicodedata.normalize("NFC", text)
    name = detect(text) if encoding is None else _check_encoding(encoding)
    if name not in _DECODERS or any(char not in _CP1252_REPERTOIRE for char in text):
        return text
    decoded = _DECODERS[name](text).text
    if name == TCVN3:
        if uppercase is None:
            uppercase = _looks_like_capital_font(decoded)
        if uppercase:
            decoded = decoded.upper()
    return unicodedata.normalize("NFC", decoded)


def convert_cells(
    cells: Iterable[str | None], encoding: str | None = None, *, uppercase: bool | None = None
) -> list[tuple[str, str]]:
    """(before, after) pairs for a conversion preview of one column.

    With ``encoding=None`` each cell that is clearly legacy text is converted with its
    own detected encoding, and cells that cannot tell on their own follow the column's
    encoding (:func:`detect_column`). With an explicit encoding every cell that can be
    legacy text is converted with it. ``None`` cells appear as ``""``.
    """
    values = ["" if cell is None else str(cell) for cell in cells]
    pairs: list[tuple[str, str]] = []
    if encoding is not None:
        name = _check_encoding(encoding)
        return [(value, to_unicode(value, name, uppercase=uppercase)) for value in values]
    column = detect_column(values)
    for value in values:
        verdict = _judge(value)
        if verdict.ambiguous and column in _DECODERS:
            after = to_unicode(value, column, uppercase=uppercase)
        elif verdict.encoding in _DECODERS:
            after = to_unicode(value, verdict.encoding, uppercase=uppercase)
        else:
            after = unicodedata.normalize("NFC", value)
        pairs.append((value, after))
    return pairs


__all__ = [
    "LEGACY_ENCODINGS",
    "TCVN3",
    "UNICODE",
    "UNKNOWN",
    "VNI",
    "Encoding",
    "convert_cells",
    "decode_legacy",
    "detect",
    "detect_column",
    "encode_legacy",
    "to_unicode",
    "vietnamese_letters",
]
