"""File → Khôi phục: restore from a backup (function(window))."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def restore(window: QWidget) -> None: ...
