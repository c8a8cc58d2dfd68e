"""The charts as PNG (ntm_desktop/reports/docx/raster.py): the PDF's drawing, painted with Pillow."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.units import mm

from ntm_desktop.reports import charts
from ntm_desktop.reports.docx import raster


def _rgb(color):
    return tuple(round(c * 255) for c in (color.red, color.green, color.blue))


def test_bars_are_as_tall_as_their_counts():
    criteria = [{"number": n, "name": f"Tiêu chí {n}"} for n in (1, 2, 3)]
    drawing = charts.criteria_bars(criteria, {"1": 10, "2": 5, "3": 0}, 10, 160 * mm)
    image = Image.open(io.BytesIO(raster.png(drawing, dpi=100))).convert("RGB")
    assert image.size == (round(160 * mm * 100 / 72), round(62 * mm * 100 / 72))
    assert round(image.info["dpi"][0]) == 100  # so Word sizes it right when an officer resets its size
    bar = _rgb(charts.BAR)
    heights = []
    for column in range(image.width):
        run = sum(1 for row in range(image.height) if image.getpixel((column, row)) == bar)
        if run:
            heights.append(run)
    tallest = max(heights)
    # two bars: 10 and 5 communes, the second half as tall as the first (the third draws nothing)
    assert any(abs(h - tallest / 2) <= 2 for h in heights)
    assert min(heights) >= tallest / 2 - 2
    # the axis labels are drawn in black text: dark pixels outside the bars
    assert any(sum(image.getpixel((x, y))) < 150 for x in range(0, image.width, 3) for y in range(image.height - 40,
                                                                                             image.height))
