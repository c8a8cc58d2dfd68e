"""Placeholder tab: this capability is being built (see its issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ReportView(QWidget):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window_ = window
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("…"))
