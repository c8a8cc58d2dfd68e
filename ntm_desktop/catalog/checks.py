"""Texts of checks: key → (Vietnamese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}
