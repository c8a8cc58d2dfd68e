"""The two legacy code tables, TCVN3 and VNI, as cp1252 characters <-> Unicode letters.

Built once at import from the byte grids below (74 TCVN3 letters, 146 VNI spellings), so
that the grids stay readable against their sources and the lookups are plain dicts.
"""

from __future__ import annotations

import unicodedata
from typing import Final, Literal

from ntm_desktop.excel.legacy_encoding.alphabet import (
    CP1252_HIGH_CONTROLS,
    LATIN1_SYMBOLS,
    VOWELS,
    byte_char,
    with_tone,
)

Encoding = Literal["unicode", "tcvn3", "vni", "unknown"]

UNICODE: Final = "unicode"
TCVN3: Final = "tcvn3"
VNI: Final = "vni"
UNKNOWN: Final = "unknown"
LEGACY_ENCODINGS: Final = (TCVN3, VNI)


def _parse_hex(code: str) -> int | None:
    """A grid cell: a byte in hex, or None for "--" (the letter is plain ASCII)."""
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
                table[byte_char(byte)] = with_tone(vowel, tone)
    pairs = _TCVN3_OTHER_LETTERS.split()
    for letter, code in zip(pairs[::2], pairs[1::2], strict=True):
        table[byte_char(int(code, 16))] = letter
    return table


# cp1252 character of a TCVN3 byte -> Unicode letter (67 lowercase + 7 capitals).
TCVN3_DECODE: Final = _build_tcvn3()
TCVN3_ENCODE: Final = {letter: char for char, letter in TCVN3_DECODE.items()}
# Unassigned VN3 bytes that are symbols (¯ ° ± ² ³ ´ º ¿), cp1252 punctuation and the
# no-break space pass through unchanged. The unassigned letters (À-Å Í Ù Ú Û à ð ÿ)
# do not: they never occur in TCVN3 text, so finding one rules TCVN3 out.
TCVN3_NEUTRAL: Final = (CP1252_HIGH_CONTROLS | LATIN1_SYMBOLS) - set(TCVN3_DECODE)

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
    for vowel in VOWELS:
        for tone in range(6):
            letter = with_tone(vowel, tone)
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
        tail = "" if byte is None else byte_char(byte)
        table[letter] = base + tail
        upper_base = base.upper() if base.isascii() else chr(ord(base) - _VNI_CASE_OFFSET)
        upper_tail = "" if byte is None else byte_char(byte - _VNI_CASE_OFFSET)
        table[letter.upper()] = upper_base + upper_tail
    return table


# Unicode letter -> VNI spelling (as cp1252 characters), for the 146 letters.
VNI_ENCODE: Final = _build_vni_encode()
VNI_DECODE_SINGLE: Final = {
    spelled: letter
    for letter, spelled in VNI_ENCODE.items()
    if len(spelled) == 1 and not spelled.isascii()
}


def _build_vni_decode_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for letter, spelled in VNI_ENCODE.items():
        if len(spelled) == 2:
            base, mark = spelled[0], spelled[1]
            pairs[spelled] = letter
            # Tolerate a modifier in the other case than its base ("Aù", "aÙ"): the base
            # letter decides the case of the result.
            pairs.setdefault(base + mark.swapcase(), letter)
    return pairs


# Two-character VNI spelling (base letter + modifier) -> Unicode letter.
VNI_DECODE_PAIRS: Final = _build_vni_decode_pairs()
_VNI_MODIFIERS: Final = frozenset(pair[1] for pair in VNI_DECODE_PAIRS)
_VNI_TABLE_CHARS: Final = _VNI_MODIFIERS | set(VNI_DECODE_SINGLE)
# VNI assigns nothing in 0x80-0xBF, so all of that is punctuation or symbols.
VNI_NEUTRAL: Final = (CP1252_HIGH_CONTROLS | LATIN1_SYMBOLS) - _VNI_TABLE_CHARS

# Every character either table gives a meaning to.
LEGACY_CHARS: Final = frozenset(TCVN3_DECODE) | _VNI_TABLE_CHARS
