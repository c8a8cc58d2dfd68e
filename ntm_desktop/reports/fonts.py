"""The fonts of every PDF report, shipped in resources/fonts/ (never the system's).

Liberation Serif has the metrics of Times New Roman (what Nghị định 30/2020 asks for) and
every Vietnamese letter, under the SIL Open Font License; DejaVu Sans supplies the marks
(✓ ⚠) that Liberation Serif lacks. reportlab embeds a subset of each TrueType font used.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from ntm_desktop import paths

SERIF = "NTMSerif"
SERIF_BOLD = "NTMSerif-Bold"
SERIF_ITALIC = "NTMSerif-Italic"
SERIF_BOLD_ITALIC = "NTMSerif-BoldItalic"
MARKS = "NTMMarks"
FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
    MARKS: "DejaVuSans.ttf",
}
_registered = False


def font_dir() -> Path:
    return paths.resources_dir() / "fonts"


def register() -> None:
    """Register the report fonts with reportlab once per process."""
    global _registered
    if _registered:
        return
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    _registered = True


@functools.lru_cache(maxsize=8192)
def width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points (cached: the tables measure the same texts again and again)."""
    return stringWidth(text, font, size)
