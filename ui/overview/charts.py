"""Small bar charts beside the overview grid, painted with QPainter.

QtCharts would add its import at the tab's first show (PySide6.QtCharts: 16 ms with
-X importtime, December 2026) and a scene of chart items for two charts of a handful of bars;
a painted bar is a rectangle and a text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ntm_desktop.i18n import t


@dataclass(frozen=True)
class Bar:
    label: str  # left of the bar: "15-18", "2020"
    value: int  # the bar's length
    text: str  # right of the bar: "6", "12/85 · BQ 13.4/19"
    colour: str = "#5b8c5a"


class BarChart(QWidget):
    """A title above horizontal bars, each with its label and text; bars scale to the largest."""

    ROW = 20
    TOP = 22

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(220)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.setToolTip("\n".join(f"{b.label}: {b.text}" for b in bars))
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(260, self.TOP + self.ROW * max(1, len(self.bars)) + 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        width = self.width()
        painter.drawText(QRectF(0, 0, width, self.TOP - 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title)
        font.setBold(False)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        if not self.bars:
            painter.setPen(QColor("#777"))
            painter.drawText(QRectF(0, self.TOP, width, self.ROW), Qt.AlignmentFlag.AlignLeft, t("ov.chart.empty"))
            painter.end()
            return
        label_w = max(metrics.horizontalAdvance(b.label) for b in self.bars) + 8
        text_w = max(metrics.horizontalAdvance(b.text) for b in self.bars) + 8
        room = max(10.0, width - label_w - text_w - 4)
        largest = max(1, max(b.value for b in self.bars))
        for i, bar in enumerate(self.bars):
            y = self.TOP + i * self.ROW
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(0, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, bar.label)
            length = room * bar.value / largest
            painter.fillRect(QRectF(label_w, y + 3, max(1.0 if bar.value else 0.0, length), self.ROW - 6),
                             QColor(bar.colour))
            painter.drawText(QRectF(label_w + length + 4, y, text_w, self.ROW), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, bar.text)
        painter.end()
