"""Charts of the district and province reports (reportlab graphics, embedded fonts only)."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from ntm_desktop.reports import fonts, vn

BAR = colors.HexColor("#2f5f8a")
BAND_BAR = colors.HexColor("#3d7a4a")


def _nice_top(total: int) -> tuple[int, int]:
    """An axis maximum at or above ``total`` and a step that gives at most ~8 ticks."""
    total = max(total, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if total / step <= 8:
            return -(-total // step) * step, step
    step = 10 ** len(str(total))
    return -(-total // step) * step, step


def criteria_bars(criteria: list[dict[str, Any]], per_criterion: dict[str, int], total: int, width: float) -> Drawing:
    """Communes meeting each criterion, one bar a criterion, the count above each bar."""
    fonts.register()
    height = 62 * mm
    drawing = Drawing(width, height, initialFontName=fonts.SERIF)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = width - 18 * mm, height - 20 * mm
    chart.data = [[per_criterion[str(c["number"])] for c in criteria]]
    chart.categoryAxis.categoryNames = [str(c["number"]) for c in criteria]
    top, step = _nice_top(total)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda v: vn.number(v)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = fonts.SERIF
        axis.labels.fontSize = 9
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#cccccc")
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.SERIF
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 5
    chart.barSpacing = 2
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 2 * mm, "Tiêu chí số", fontName=fonts.SERIF_ITALIC,
                       fontSize=9, textAnchor="middle"))
    drawing.add(String(2 * mm, chart.y + chart.height + 4 * mm, f"Số xã đạt (trên tổng số {total} xã)",
                       fontName=fonts.SERIF_ITALIC, fontSize=9, textAnchor="start"))
    return drawing


def band_categories(data: dict[str, Any], shape: dict[str, Any]) -> list[tuple[str, int]]:
    """(label, communes) highest first: the set's bands, or where its data defines none below the
    full band, the communes by number of criteria met (``Đạt 10/10 tiêu chí``, ``Đạt 9 tiêu chí`` …)."""
    if len(shape["bands"]) > 1 or "by_count" not in data:
        return [(b["label"], data["bands"][b["key"]]) for b in shape["bands"]]
    count = shape["count"]
    return [(shape["bands"][0]["label"] if met == count else f"Đạt {met} tiêu chí", data["by_count"][str(met)])
            for met in range(count, -1, -1)]


def bands_bars(data: dict[str, Any], shape: dict[str, Any], width: float) -> Drawing:
    """Communes by how many criteria they meet, one bar a band of the set (or a count met)."""
    fonts.register()
    order = band_categories(data, shape)
    height = max(42 * mm, (5.5 * len(order) + 10) * mm)
    drawing = Drawing(width, height, initialFontName=fonts.SERIF)
    chart = HorizontalBarChart()
    chart.x, chart.y = 52 * mm, 6 * mm
    chart.width, chart.height = width - 62 * mm, height - 10 * mm
    chart.data = [[count for _label, count in reversed(order)]]
    chart.categoryAxis.categoryNames = [label for label, _count in reversed(order)]
    top, step = _nice_top(max((count for _label, count in order), default=1))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda v: vn.number(v)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = fonts.SERIF
        axis.labels.fontSize = 9.5
    chart.bars[0].fillColor = BAND_BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.SERIF
    chart.barLabels.fontSize = 9
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing
