"""Applying one legacy table to a string, in either direction, without judging it.

:func:`decode_legacy` and :func:`encode_legacy` are the unconditional conversions; the
decoders also report which output characters came from the table and how many input
characters the table cannot explain, which is what detection weighs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from ntm_desktop.excel.legacy_encoding.tables import (
    TCVN3,
    TCVN3_DECODE,
    TCVN3_ENCODE,
    TCVN3_NEUTRAL,
    UNICODE,
    VNI,
    VNI_DECODE_PAIRS,
    VNI_DECODE_SINGLE,
    VNI_ENCODE,
    VNI_NEUTRAL,
)

# -- decoding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    text: str
    from_table: tuple[bool, ...]  # per output character: produced by the legacy table
    leftover: int  # input characters the encoding cannot explain


def _decode_tcvn3(text: str) -> Decoded:
    out: list[str] = []
    flags: list[bool] = []
    leftover = 0
    for char in text:
        letter = TCVN3_DECODE.get(char)
        if letter is not None:
            out.append(letter)
            flags.append(True)
            continue
        if not (char.isascii() or char in TCVN3_NEUTRAL):
            leftover += 1
        out.append(char)
        flags.append(False)
    return Decoded("".join(out), tuple(flags), leftover)


def _decode_vni(text: str) -> Decoded:
    out: list[str] = []
    flags: list[bool] = []
    leftover = 0
    i = 0
    while i < len(text):
        letter = VNI_DECODE_PAIRS.get(text[i : i + 2])
        if letter is not None:
            out.append(letter)
            flags.append(True)
            i += 2
            continue
        char = text[i]
        letter = VNI_DECODE_SINGLE.get(char)
        if letter is not None:
            out.append(letter)
            flags.append(True)
        else:
            if not (char.isascii() or char in VNI_NEUTRAL):
                leftover += 1  # includes a modifier with no vowel in front of it
            out.append(char)
            flags.append(False)
        i += 1
    return Decoded("".join(out), tuple(flags), leftover)


DECODERS: Final[dict[str, Callable[[str], Decoded]]] = {TCVN3: _decode_tcvn3, VNI: _decode_vni}


def check_encoding(encoding: str) -> str:
    name = encoding.strip().lower()
    if name not in DECODERS and name != UNICODE:
        raise ValueError(f"unknown encoding {encoding!r}; expected 'tcvn3', 'vni' or 'unicode'")
    return name


def decode_legacy(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Map a legacy cell string to Unicode with the given table, unconditionally.

    Characters the table does not know pass through. ``uppercase=True`` is for TCVN3
    text typed in an all-capital "H" font (.VnTimeH ...): those fonts draw the lowercase
    codes as capitals, so the result is upper-cased. Returns NFC.
    """
    name = check_encoding(encoding)
    result = unicodedata.normalize("NFC", text)
    if name != UNICODE:
        result = DECODERS[name](result).text
    return result.upper() if uppercase else result


def encode_legacy(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Write Unicode text the way a legacy cell reads when opened as Unicode.

    The inverse of :func:`decode_legacy`, used by the tests and for making fixtures.
    TCVN3 has no capitals with tone marks: they raise ``ValueError`` unless
    ``uppercase=True``, which writes them with the lowercase codes, as typed in an
    all-capital "H" font (decode such text with ``uppercase=True``).
    """
    name = check_encoding(encoding)
    if name == UNICODE:
        return unicodedata.normalize("NFC", text)
    table = TCVN3_ENCODE if name == TCVN3 else VNI_ENCODE
    neutral = TCVN3_NEUTRAL if name == TCVN3 else VNI_NEUTRAL
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
