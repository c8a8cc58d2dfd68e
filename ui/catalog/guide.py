"""Texts of the in-program user guide (F1): key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
