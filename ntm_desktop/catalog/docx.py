"""Texts of docx: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
