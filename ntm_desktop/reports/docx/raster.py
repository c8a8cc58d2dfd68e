"""The report charts (reportlab drawings, :mod:`..charts`) as PNG images for the Word file.

reportlab 4+ rasterises through ``rlPyCairo`` or ``_rl_renderPM``, neither of which is
installed (and each would be one more native dependency to ship on Windows); Pillow is,
because reportlab itself requires it. So this small renderer walks the same drawing with
reportlab's own :class:`~reportlab.graphics.renderbase.Renderer` (its state tracker keeps the
transforms and colours) and paints what the bar charts use, rectangles, lines, polygons and
strings, with Pillow in the report's own fonts. The chart in the .docx is therefore the
PDF's chart, drawn from the same figures by the same code.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, getStateDelta
from reportlab.graphics.shapes import Drawing

from ntm_desktop.reports import fonts

DPI = 200  # sharp on paper (the PDF's vector chart prints at the printer's resolution) and ~100 KB a chart
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@functools.cache
def _font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    filename = fonts.FILES.get(name, fonts.FILES[fonts.SERIF])
    return ImageFont.truetype(str(fonts.font_dir() / filename), size_px)


def _rgb(color: Any) -> tuple[int, int, int, int] | None:
    if color is None:
        return None
    alpha = getattr(color, "alpha", 1) or 0
    return (round(color.red * 255), round(color.green * 255), round(color.blue * 255), round(alpha * 255))


class _Canvas:
    """What Renderer.draw expects of a canvas; the painting goes through ImageDraw."""

    def saveState(self) -> None:  # noqa: N802 - reportlab's name
        pass

    def restoreState(self) -> None:  # noqa: N802 - reportlab's name
        pass


class _PillowRenderer(Renderer):
    """Draws a reportlab Drawing onto a Pillow image (y up in the drawing, down in the image)."""

    def __init__(self, image: Image.Image, scale: float) -> None:
        self.scale = scale
        self.height = image.height
        self.paint = ImageDraw.Draw(image, "RGBA")

    # -- state ----------------------------------------------------------------------------
    def initState(self, x: float, y: float) -> None:  # noqa: N802 - reportlab's name
        deltas = self._tracker._combined[-1]
        deltas["transform"] = deltas["ctm"] = (1, 0, 0, 1, x, y)
        self._tracker.push(deltas)

    def applyStateChanges(self, delta: Any, new_state: Any) -> None:  # noqa: N802 - reportlab's name
        pass

    def pop(self) -> None:
        self._tracker.pop()

    def drawNode(self, node: Any) -> None:  # noqa: N802 - reportlab's name
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def _state(self, key: str) -> Any:
        return self._tracker.getState().get(key)

    def _point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._tracker.getCTM()
        return (a * x + c * y + e) * self.scale, self.height - (b * x + d * y + f) * self.scale

    def _width(self) -> int:
        a, b, _c, _d, _e, _f = self._tracker.getCTM()
        return max(1, round((self._state("strokeWidth") or 0) * self.scale * (a * a + b * b) ** 0.5))

    # -- shapes ----------------------------------------------------------------------------
    def _polygon(self, points: list[tuple[float, float]], closed: bool) -> None:
        fill = _rgb(self._state("fillColor")) if closed else None
        stroke = _rgb(self._state("strokeColor"))
        if (self._state("strokeWidth") or 0) <= 0:
            stroke = None
        xy = [self._point(x, y) for x, y in points]
        if fill is not None:
            self.paint.polygon(xy, fill=fill)
        if stroke is not None:
            self.paint.line([*xy, xy[0]] if closed else xy, fill=stroke, width=self._width())

    def drawRect(self, rect: Any) -> None:  # noqa: N802 - reportlab's name
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        self._polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], closed=True)

    def drawLine(self, line: Any) -> None:  # noqa: N802 - reportlab's name
        self._polygon([(line.x1, line.y1), (line.x2, line.y2)], closed=False)

    def drawPolyLine(self, polyline: Any) -> None:  # noqa: N802 - reportlab's name
        p = polyline.points
        self._polygon([(p[i], p[i + 1]) for i in range(0, len(p), 2)], closed=False)

    def drawPolygon(self, polygon: Any) -> None:  # noqa: N802 - reportlab's name
        p = polygon.points
        self._polygon([(p[i], p[i + 1]) for i in range(0, len(p), 2)], closed=True)

    def drawCircle(self, circle: Any) -> None:  # noqa: N802 - reportlab's name
        self._ellipse(circle.cx, circle.cy, circle.r, circle.r)

    def drawEllipse(self, ellipse: Any) -> None:  # noqa: N802 - reportlab's name
        self._ellipse(ellipse.cx, ellipse.cy, ellipse.rx, ellipse.ry)

    def _ellipse(self, cx: float, cy: float, rx: float, ry: float) -> None:
        (x0, y0), (x1, y1) = self._point(cx - rx, cy + ry), self._point(cx + rx, cy - ry)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        self.paint.ellipse(box, fill=_rgb(self._state("fillColor")), outline=_rgb(self._state("strokeColor")),
                           width=self._width())

    def drawString(self, string: Any) -> None:  # noqa: N802 - reportlab's name
        color = _rgb(self._state("fillColor"))
        if color is None or not string.text:
            return
        a, b, _c, _d, _e, _f = self._tracker.getCTM()
        size = max(1, round(self._state("fontSize") * self.scale * (a * a + b * b) ** 0.5))
        font = _font(self._state("fontName"), size)
        anchor = _ANCHORS.get(getattr(string, "textAnchor", "start"), "ls")
        self.paint.text(self._point(string.x, string.y), string.text, fill=color, font=font, anchor=anchor)


def png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as a PNG on white, ``dpi`` pixels an inch at the drawing's size in points."""
    scale = dpi / 72
    image = Image.new("RGB", (round(drawing.width * scale), round(drawing.height * scale)), "white")
    _PillowRenderer(image, scale).draw(drawing, _Canvas(), 0, 0, showBoundary=False)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
