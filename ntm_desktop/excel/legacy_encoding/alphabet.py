"""The Vietnamese alphabet, and how a legacy byte reads when a cell is opened as Unicode.

The code tables (:mod:`.tables`), the syllable check (:mod:`.syllables`) and detection
all speak in these terms: 12 vowels x 6 tones plus đ, and the 256 characters Windows-1252
turns a byte into.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# -- the Vietnamese alphabet --------------------------------------------------------

# Tone marks as combining characters, in the column order used by the tables below:
# no tone, huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_MARKS: Final = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
# The twelve vowels without tone (a vowel's quality mark is part of the letter).
VOWELS: Final = "aăâeêioôơuưy"
CONSONANTS: Final = "bcdđfghjklmnpqrstvwxz"
DIACRITIC_VOWELS: Final = "ăâêôơư"


def with_tone(vowel: str, tone: int) -> str:
    """``vowel`` with tone mark ``tone`` (0-5, columns of the tables), as one NFC letter."""
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


def vietnamese_letters() -> list[str]:
    """All letters of the Vietnamese alphabet that carry a vowel or a đ: 72 vowel forms
    (12 vowels x 6 tones) in lower and upper case, plus đ and Đ (146 letters; 134 of
    them are outside ASCII)."""
    lower = [with_tone(vowel, tone) for vowel in VOWELS for tone in range(6)] + ["đ"]
    return lower + [letter.upper() for letter in lower]


# Lowercase letter -> (letter without tone, tone index 0-5), for every Vietnamese letter
# and every ASCII letter (consonants have tone 0).
LETTER_INFO: Final[dict[str, tuple[str, int]]] = {
    **{c: (c, 0) for c in "abcdefghijklmnopqrstuvwxyz"},
    "đ": ("đ", 0),
    **{with_tone(v, t): (v, t) for v in VOWELS for t in range(6)},
}

# -- Windows-1252 view of a byte --------------------------------------------------------


def byte_char(byte: int) -> str:
    """The character a legacy byte becomes when the cell is read as Windows-1252 text
    (bytes cp1252 leaves undefined come through as U+0081, U+008D, ...)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# Everything a legacy cell string can contain. A string with any other character
# (ă, đ, ơ, ư, ố, combining marks, ...) cannot be legacy text and is Unicode for sure.
CP1252_REPERTOIRE: Final = frozenset(byte_char(b) for b in range(256))
# Bytes 0x80-0x9F: typographic punctuation (… – — ‘ ’ “ ” • € ™ ...) and a few
# letters (Š Œ Ž ƒ ...). Neither legacy encoding assigns Vietnamese letters here.
CP1252_HIGH_CONTROLS: Final = frozenset(byte_char(b) for b in range(0x80, 0xA0))
# Latin-1 symbols (0xA0-0xBF) plus × and ÷.
LATIN1_SYMBOLS: Final = frozenset(chr(b) for b in range(0xA0, 0xC0)) | {"×", "÷"}
# Vietnamese letters that exist in Latin-1 itself (à á â ã è é ê ì í ò ó ô õ ù ú ý and
# their capitals): proper Unicode Vietnamese can consist only of these and ASCII.
LATIN1_VIETNAMESE: Final = frozenset(
    letter for letter in vietnamese_letters() if 127 < ord(letter) < 256
)
