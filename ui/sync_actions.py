"""File-menu actions of USB sync packages: each is function(window)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def export_package(window: QWidget) -> None: ...


def import_package(window: QWidget) -> None: ...


def show_conflicts(window: QWidget) -> None: ...


def show_peers(window: QWidget) -> None: ...
