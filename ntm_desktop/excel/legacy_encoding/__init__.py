"""Legacy Vietnamese 8-bit text (TCVN3 / VNI) in Excel cells: detection and conversion.

Old district workbooks were typed with 8-bit Vietnamese fonts. When such a file is read
as Unicode (openpyxl), every legacy byte shows up as the Windows-1252 character for that
byte, so ``Đăk Hà`` reads ``§¨k Hµ`` (TCVN3) or ``Ñaêk Haø`` (VNI). This package

* recognises such garbled cell strings (:func:`detect`, :func:`detect_column`,
  :func:`detect_counted`),
* turns them back into proper NFC Unicode (:func:`to_unicode`, :func:`convert_cells`),
* and, for tests and fixtures, writes Unicode out in the legacy form (:func:`encode_legacy`).

Its modules, in dependency order: ``alphabet`` (letters, tones, the cp1252 view of a
byte), ``tables`` (the TCVN3 and VNI code tables), ``decoding`` (applying a table),
``syllables`` (is this Vietnamese as written?), ``detection`` and ``conversion``. Callers
import from the package, which re-exports the public API below.

How detection works, and where it stops working, is described in
``docs/legacy-encodings.md``. Standard library only; no Qt.
"""

from ntm_desktop.excel.legacy_encoding.alphabet import vietnamese_letters
from ntm_desktop.excel.legacy_encoding.conversion import convert_cells, to_unicode
from ntm_desktop.excel.legacy_encoding.decoding import decode_legacy, encode_legacy
from ntm_desktop.excel.legacy_encoding.detection import detect, detect_column, detect_counted
from ntm_desktop.excel.legacy_encoding.tables import (
    LEGACY_ENCODINGS,
    TCVN3,
    UNICODE,
    UNKNOWN,
    VNI,
    Encoding,
)

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
    "detect_counted",
    "encode_legacy",
    "to_unicode",
    "vietnamese_letters",
]
