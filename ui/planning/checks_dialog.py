"""Placeholder until the dialog lands: the menu entry is wired in ui/main_window.py."""

from __future__ import annotations

from typing import Any


def checks(window: Any) -> None:
    """Open the list of plausibility warnings (not built yet)."""
