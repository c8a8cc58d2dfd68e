"""Turning legacy cell strings into NFC Unicode, one cell or a column preview at a time.

Detection decides the table when none is given (:mod:`.detection`); the tables themselves
are applied by :mod:`.decoding`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ntm_desktop.excel.legacy_encoding.alphabet import CP1252_REPERTOIRE
from ntm_desktop.excel.legacy_encoding.decoding import DECODERS, check_encoding
from ntm_desktop.excel.legacy_encoding.detection import detect, detect_column, judge
from ntm_desktop.excel.legacy_encoding.syllables import looks_like_capital_font
from ntm_desktop.excel.legacy_encoding.tables import TCVN3


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
    name = detect(text) if encoding is None else check_encoding(encoding)
    if name not in DECODERS or any(char not in CP1252_REPERTOIRE for char in text):
        return text
    decoded = DECODERS[name](text).text
    if name == TCVN3:
        if uppercase is None:
            uppercase = looks_like_capital_font(decoded)
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
        name = check_encoding(encoding)
        return [(value, to_unicode(value, name, uppercase=uppercase)) for value in values]
    column = detect_column(values)
    for value in values:
        verdict = judge(value)
        if verdict.ambiguous and column in DECODERS:
            after = to_unicode(value, column, uppercase=uppercase)
        elif verdict.encoding in DECODERS:
            after = to_unicode(value, verdict.encoding, uppercase=uppercase)
        else:
            after = unicodedata.normalize("NFC", value)
        pairs.append((value, after))
    return pairs
