"""Texts of recognition: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
