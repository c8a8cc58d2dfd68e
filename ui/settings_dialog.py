"""File → Thiết lập: report header fields and other settings (function(window))."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def edit_settings(window: QWidget) -> None: ...
